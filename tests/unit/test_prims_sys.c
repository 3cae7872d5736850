/* Sys primitives (vm/prim_sys.c): argv, environment, configuration, the
 * file system, Sys_error messages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../vm/io.h"
#include "test_prims_call.h"

PRIMS_SUITE(prims_sys);

Test(prims_sys, argv_default_and_set) {
  /* No host argv: [| "" |], the same array every time. */
  value a = ok(call("caml_sys_argv", 1, Val_unit));
  cr_assert_eq(Wosize_val(a), 1);
  cr_assert(string_is(Field(a, 0), "", 0));
  cr_assert_eq(call("caml_sys_argv", 1, Val_unit), a);
  assert_str(call("caml_sys_executable_name", 1, Val_unit), "");

  value argv = pin(block(0, 2, pin(str("prog.zbc")), pin(str("arg"))));
  vm->argv = argv;
  cr_assert_eq(call("caml_sys_argv", 1, Val_unit), argv);
  assert_str(call("caml_sys_executable_name", 1, Val_unit), "prog.zbc");
  value pair = ok(call("caml_sys_get_argv", 1, Val_unit));
  cr_assert(string_is(Field(pair, 0), "prog.zbc", 8));
  cr_assert_eq(Field(pair, 1), argv);
  value other = pin(block(0, 1, pin(str("x"))));
  ok(call("caml_sys_modify_argv", 1, other));
  cr_assert_eq(call("caml_sys_argv", 1, Val_unit), other);
}

Test(prims_sys, getenv) {
  setenv("ZVM_TEST_VAR", "value 1", 1);
  assert_str(call("caml_sys_getenv", 1, pin(str("ZVM_TEST_VAR"))), "value 1");
  assert_str(call("caml_sys_unsafe_getenv", 1, pin(str("ZVM_TEST_VAR"))), "value 1");
  assert_exn_const(call("caml_sys_getenv", 1, pin(str("ZVM_NO_SUCH_VAR_XYZ"))), EXN_NOT_FOUND);
  assert_exn_const(call("caml_sys_getenv", 1, pin(str_n("ZVM_TEST_VAR\0", 13))), EXN_NOT_FOUND);
}

Test(prims_sys, configuration) {
  value c = ok(call("caml_sys_get_config", 1, Val_unit));
  cr_assert(string_is(Field(c, 0), "Unix", 4));
  cr_assert_eq(Field(c, 1), Val_int(64));
  cr_assert_eq(Field(c, 2), Val_false);
  cr_assert_eq(call("caml_sys_const_big_endian", 1, Val_unit), Val_false);
  cr_assert_eq(call("caml_sys_const_word_size", 1, Val_unit), Val_int(64));
  cr_assert_eq(call("caml_sys_const_int_size", 1, Val_unit), Val_int(63));
  /* Sys.max_array_length, as ocamlrun prints it */
  cr_assert_eq(call("caml_sys_const_max_wosize", 1, Val_unit), Val_long(18014398509481983));
  cr_assert_eq(call("caml_sys_const_ostype_unix", 1, Val_unit), Val_true);
  cr_assert_eq(call("caml_sys_const_ostype_win32", 1, Val_unit), Val_false);
  cr_assert_eq(call("caml_sys_const_ostype_cygwin", 1, Val_unit), Val_false);
  cr_assert_eq(call("caml_sys_const_backend_type", 1, Val_unit), Val_int(1)); /* Bytecode */
  cr_assert_eq(call("caml_sys_const_naked_pointers_checked", 1, Val_unit), Val_false);
  assert_str(call("caml_runtime_variant", 1, Val_unit), "");
}

Test(prims_sys, time_and_seed) {
  value t = ok(call("caml_sys_time", 1, Val_unit));
  cr_assert_eq(Tag_val(t), Double_tag);
  cr_assert_geq(Double_val(t), 0.0);
  value t2 = ok(call("caml_sys_time_include_children", 1, Val_true));
  cr_assert_geq(Double_val(t2), 0.0);
  value seed = ok(call("caml_sys_random_seed", 1, Val_unit));
  cr_assert_eq(Wosize_val(seed), 12, "12 bytes of /dev/urandom");
  for (int i = 0; i < 12; i++) cr_assert(Is_long(Field(seed, i)) && Long_val(Field(seed, i)) < 256);
}

Test(prims_sys, collector_requests) {
  value keep = pin(str("survives"));
  ok(call("caml_gc_minor", 1, Val_unit));
  ok(call("caml_gc_major", 1, Val_unit));
  ok(call("caml_gc_full_major", 1, Val_unit));
  ok(call("caml_gc_compaction", 1, Val_unit));
  cr_assert(string_is(keep, "survives", 8));
}

Test(prims_sys, file_system) {
  char dir[] = "/tmp/zvm_sys_XXXXXX";
  cr_assert_not_null(mkdtemp(dir));
  value vdir = pin(str(dir));
  cr_assert_eq(call("caml_sys_is_directory", 1, vdir), Val_true);
  char sub[64], file[64], file2[64], msg[160];
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(file, sizeof file, "%s/f", dir);
  snprintf(file2, sizeof file2, "%s/g", dir);
  value vsub = pin(str(sub)), vfile = pin(str(file)), vfile2 = pin(str(file2));
  ok(call("caml_sys_mkdir", 2, vsub, Val_int(0755)));
  snprintf(msg, sizeof msg, "%s: File exists", sub);
  assert_sys_error(call("caml_sys_mkdir", 2, vsub, Val_int(0755)), msg);
  FILE *f = fopen(file, "w");
  fclose(f);
  cr_assert_eq(call("caml_sys_is_directory", 1, vfile), Val_false);
  value names = ok(call("caml_sys_read_directory", 1, vdir));
  cr_assert_eq(Wosize_val(names), 2, "no . or ..");
  ok(call("caml_sys_rename", 2, vfile, vfile2));
  assert_sys_error(call("caml_sys_rename", 2, vfile, vfile2), "No such file or directory");
  snprintf(msg, sizeof msg, "%s: No such file or directory", file);
  assert_sys_error(call("caml_sys_is_directory", 1, vfile), msg);
  assert_sys_error(call("caml_sys_read_directory", 1, vfile), msg);
  snprintf(msg, sizeof msg, "%s: Directory not empty", dir);
  assert_sys_error(call("caml_sys_rmdir", 1, vdir), msg);
  ok(call("caml_sys_rmdir", 1, vsub));
  ok(call("caml_sys_remove", 1, vfile2));
  char cwd[4096];
  cr_assert_not_null(getcwd(cwd, sizeof cwd));
  ok(call("caml_sys_chdir", 1, vdir));
  value here = ok(call("caml_sys_getcwd", 1, Val_unit));
  cr_assert(string_is(here, dir, strlen(dir)));
  cr_assert_eq(chdir(cwd), 0);
  ok(call("caml_sys_rmdir", 1, vdir));
  snprintf(msg, sizeof msg, "%s: No such file or directory", dir);
  assert_sys_error(call("caml_sys_chdir", 1, vdir), msg);
  assert_sys_error(call("caml_sys_rmdir", 1, vdir), msg);
}

Test(prims_sys, command) {
  cr_assert_eq(call("caml_sys_system_command", 1, pin(str("exit 3"))), Val_int(3));
  cr_assert_eq(call("caml_sys_system_command", 1, pin(str("true"))), Val_int(0));
  cr_assert_eq(call("caml_sys_system_command", 1, pin(str("kill -9 $$"))), Val_int(255));
  value r = call("caml_sys_system_command", 1, pin(str_n("a\0b", 3)));
  cr_assert(Is_exception_result(r));
  cr_assert_eq(Field(Extract_exception(r), 0), caml_predef_exn(vm, EXN_SYS_ERROR));
  cr_assert(string_is(Field(Extract_exception(r), 1), "a\0b: Invalid argument", 21));
}

/* caml_sys_error as a primitive would call it. */
static value raise_enoent(Vm *v, void *arg) {
  (void)arg;
  errno = ENOENT;
  caml_sys_error(v, NO_ARG);
}

static value raise_eagain(Vm *v, void *arg) {
  errno = EAGAIN;
  caml_sys_io_error(v, *(value *)arg);
}

Test(prims_sys, sys_error_messages) {
  assert_sys_error(vm_protect(vm, raise_enoent, NULL), "No such file or directory");
  value name = pin(str("x"));
  assert_exn_const(vm_protect(vm, raise_eagain, &name), EXN_SYS_BLOCKED_IO);
}
