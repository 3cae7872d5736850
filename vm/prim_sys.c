/* Primitives about the running system: exit, named values, object ids, the
 * stack, the collector, Sys (argv, environment, time, configuration, the
 * file system beyond channels), and the Sys_error reporting they share with
 * the channel primitives. As OCaml 4.13's runtime/sys.c unless noted. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../gc/gc.h"
#include "alloc.h"
#include "fail.h"
#include "io.h"
#include "vm.h"

/* ---- Sys_error ------------------------------------------------------------ */

/* "[arg]: <strerror>" or "<strerror>". The whole of [arg] is used, NUL
 * bytes included, as OCaml does (open_in "a\000b" reports "a\000b: ..."). */
_Noreturn void caml_sys_error(Vm *vm, value arg) {
  char err[256];
  /* Copy the message first: the allocation below may run finalizers. */
  snprintf(err, sizeof err, "%s", strerror(errno));
  size_t err_len = strlen(err);
  value msg;
  if (arg == NO_ARG) {
    msg = caml_alloc_initialized_string(vm, err_len, err);
  } else {
    ROOTS_BEGIN(vm);
    ROOT(vm, arg);
    mlsize_t arg_len = caml_string_length(arg);
    msg = caml_alloc_string(vm, arg_len + 2 + err_len);
    ROOTS_END(vm);
    memcpy(Bytes_val(msg), String_val(arg), arg_len);
    memcpy(Bytes_val(msg) + arg_len, ": ", 2);
    memcpy(Bytes_val(msg) + arg_len + 2, err, err_len);
  }
  caml_raise_sys_error(vm, msg);
}

_Noreturn void caml_sys_io_error(Vm *vm, value arg) {
  if (errno == EAGAIN || errno == EWOULDBLOCK)
    caml_raise_constant(vm, caml_predef_exn(vm, EXN_SYS_BLOCKED_IO));
  caml_sys_error(vm, arg);
}

/* ---- Exit, named values, object ids ----------------------------------------- */

/* caml_sys_exit: like ocamlrun, exit without flushing OCaml channels. zvm
 * unwinds every interpreter activation back to the host first (so an
 * embedding host survives), and the CLI then exits with the status. */
value caml_sys_exit(Vm *vm, value code) {
  vm->exiting = true;
  vm->exit_code = Int_val(code);
  caml_raise(vm, Val_unit);
}

/* Object and extension-constructor ids count from 0, as OCaml's. */
value caml_fresh_oo_id(Vm *vm, value unit) {
  (void)unit;
  return Val_long(vm->oo_id++);
}

/* Give a fresh object (CamlinternalOO) its id, in field 1. */
value caml_set_oo_id(Vm *vm, value obj) {
  Field(obj, 1) = Val_long(vm->oo_id++);
  return obj;
}

value caml_register_named_value(Vm *vm, value name, value val) {
  mlsize_t len = caml_string_length(name);
  for (NamedValue *nv = vm->named_values; nv != NULL; nv = nv->next)
    if (strlen(nv->name) == len && memcmp(nv->name, String_val(name), len) == 0) {
      nv->val = val;
      return Val_unit;
    }
  NamedValue *nv = malloc(sizeof(NamedValue) + len + 1);
  if (nv == NULL) caml_raise_out_of_memory(vm);
  memcpy(nv->name, String_val(name), len);
  nv->name[len] = 0;
  nv->val = val;
  nv->next = vm->named_values;
  vm->named_values = nv;
  return Val_unit;
}

value caml_obj_tag(Vm *vm, value v) {
  (void)vm;
  if (Is_long(v)) return Val_int(1000); /* int_tag */
  /* OCaml answers 1001 (out_of_heap_tag) for pointers outside the heap and
   * 1002 (unaligned_tag) for unaligned ones; zvm values are never either. */
  return Val_int(Tag_val(v));
}

/* ---- The collector ---------------------------------------------------------- */

/* zvm's collector is not generational nor incremental: every request is a
 * full collection. */
value caml_gc_full_major(Vm *vm, value unit) {
  (void)unit;
  gc_collect(vm);
  return Val_unit;
}
value caml_gc_minor(Vm *vm, value unit) { return caml_gc_full_major(vm, unit); }
value caml_gc_major(Vm *vm, value unit) { return caml_gc_full_major(vm, unit); }
value caml_gc_compaction(Vm *vm, value unit) { return caml_gc_full_major(vm, unit); }

value caml_ensure_stack_capacity(Vm *vm, value required) {
  intnat n = Long_val(required);
  if (n < 0 || !vm_ensure_stack(vm, (size_t)n)) caml_raise_stack_overflow(vm);
  return Val_unit;
}

/* ---- Sys.argv, the executable ------------------------------------------------ */

/* The program's name: what the host set, else Sys.argv.(0) (the program
 * file, as ocamlrun reports for `ocamlrun prog`). */
static value executable_name(Vm *vm) {
  if (vm->exe_name != NULL) return caml_copy_string(vm, vm->exe_name);
  if (Is_block(vm->argv) && Wosize_val(vm->argv) > 0) {
    value s = Field(vm->argv, 0);
    return caml_alloc_initialized_string(vm, caml_string_length(s), String_val(s));
  }
  return caml_copy_string(vm, "");
}

/* Sys.argv is one array, shared by every use (programs may assign its
 * elements). A host that set none gets [| executable name |]. */
value caml_sys_argv(Vm *vm, value unit) {
  (void)unit;
  if (vm->argv == Val_unit) {
    value name = executable_name(vm);
    ROOTS_BEGIN(vm);
    ROOT(vm, name);
    value arr = caml_alloc(vm, 1, 0);
    ROOTS_END(vm);
    Field(arr, 0) = name;
    vm->argv = arr;
  }
  return vm->argv;
}

/* (executable name, argv) */
value caml_sys_get_argv(Vm *vm, value unit) {
  caml_sys_argv(vm, unit); /* sets vm->argv (a root) if the host did not */
  value name = executable_name(vm);
  ROOTS_BEGIN(vm);
  ROOT(vm, name);
  value res = caml_alloc(vm, 2, 0);
  ROOTS_END(vm);
  Field(res, 0) = name;
  Field(res, 1) = vm->argv;
  return res;
}

value caml_sys_modify_argv(Vm *vm, value new_argv) {
  vm->argv = new_argv;
  return Val_unit;
}

value caml_sys_executable_name(Vm *vm, value unit) {
  (void)unit;
  return executable_name(vm);
}

/* ---- Environment, time, randomness ---------------------------------------- */

static bool is_c_safe(value s) { return strlen(String_val(s)) == caml_string_length(s); }

value caml_sys_getenv(Vm *vm, value var) {
  if (!is_c_safe(var)) caml_raise_not_found(vm);
  const char *res = getenv(String_val(var));
  if (res == NULL) caml_raise_not_found(vm);
  return caml_copy_string(vm, res);
}

value caml_sys_unsafe_getenv(Vm *vm, value var) { return caml_sys_getenv(vm, var); }

/* Processor time used, user plus system, in seconds. */
static double rusage_seconds(int who) {
  struct rusage ru;
  if (getrusage(who, &ru) != 0) return 0.;
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

value caml_sys_time(Vm *vm, value unit) {
  (void)unit;
  return caml_copy_double(vm, rusage_seconds(RUSAGE_SELF));
}

value caml_sys_time_include_children(Vm *vm, value include_children) {
  double t = rusage_seconds(RUSAGE_SELF);
  if (Bool_val(include_children)) t += rusage_seconds(RUSAGE_CHILDREN);
  return caml_copy_double(vm, t);
}

/* Random.self_init's seed: 12 bytes of /dev/urandom, one int each; if that
 * fails, the time and process ids, as OCaml does. */
value caml_sys_random_seed(Vm *vm, value unit) {
  (void)unit;
  intnat data[16];
  int n = 0;
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd != -1) {
    unsigned char buffer[12];
    ssize_t nread = read(fd, buffer, sizeof buffer);
    close(fd);
    while (nread > 0) data[n++] = buffer[--nread];
  }
  if (n < 12) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    data[n++] = (intnat)(ts.tv_nsec / 1000);
    data[n++] = (intnat)ts.tv_sec;
    data[n++] = getpid();
    data[n++] = getppid();
  }
  value res = caml_alloc(vm, (mlsize_t)n, 0);
  for (int i = 0; i < n; i++) Field(res, i) = Val_long(data[i]);
  return res;
}

/* ---- Configuration ------------------------------------------------------------ */

/* (os_type, word_size, big_endian) */
value caml_sys_get_config(Vm *vm, value unit) {
  (void)unit;
  value os = caml_copy_string(vm, "Unix");
  ROOTS_BEGIN(vm);
  ROOT(vm, os);
  value res = caml_alloc(vm, 3, 0);
  ROOTS_END(vm);
  Field(res, 0) = os;
  Field(res, 1) = Val_long(64);
  Field(res, 2) = Val_false;
  return res;
}

/* The %big_endian, %word_size... externals of Sys compile to these. */
value caml_sys_const_big_endian(Vm *vm, value unit) { (void)vm, (void)unit; return Val_false; }
value caml_sys_const_word_size(Vm *vm, value unit) { (void)vm, (void)unit; return Val_int(64); }
value caml_sys_const_int_size(Vm *vm, value unit) { (void)vm, (void)unit; return Val_int(63); }
value caml_sys_const_max_wosize(Vm *vm, value unit) {
  (void)vm, (void)unit;
  return Val_long(Max_wosize);
}
value caml_sys_const_ostype_unix(Vm *vm, value unit) { (void)vm, (void)unit; return Val_true; }
value caml_sys_const_ostype_win32(Vm *vm, value unit) { (void)vm, (void)unit; return Val_false; }
value caml_sys_const_ostype_cygwin(Vm *vm, value unit) { (void)vm, (void)unit; return Val_false; }
/* Sys.backend_type: Native | Bytecode | Other of string. */
value caml_sys_const_backend_type(Vm *vm, value unit) { (void)vm, (void)unit; return Val_int(1); }
value caml_sys_const_naked_pointers_checked(Vm *vm, value unit) {
  (void)vm, (void)unit;
  return Val_false;
}

/* Sys.runtime_variant: "" for the standard ocamlrun. */
value caml_runtime_variant(Vm *vm, value unit) {
  (void)unit;
  return caml_copy_string(vm, "");
}

/* ---- The file system (channels and open/remove are in prim_io.c) ---------- */

static void check_path(Vm *vm, value path) {
  if (!is_c_safe(path)) {
    errno = ENOENT;
    caml_sys_error(vm, path);
  }
}

value caml_sys_is_directory(Vm *vm, value name) {
  struct stat st;
  check_path(vm, name);
  if (stat(String_val(name), &st) == -1) caml_sys_error(vm, name);
  return Val_bool(S_ISDIR(st.st_mode));
}

/* OCaml reports a failed rename without the file names. */
value caml_sys_rename(Vm *vm, value oldname, value newname) {
  check_path(vm, oldname);
  check_path(vm, newname);
  if (rename(String_val(oldname), String_val(newname)) != 0) caml_sys_error(vm, NO_ARG);
  return Val_unit;
}

value caml_sys_chdir(Vm *vm, value dirname) {
  check_path(vm, dirname);
  if (chdir(String_val(dirname)) != 0) caml_sys_error(vm, dirname);
  return Val_unit;
}

value caml_sys_mkdir(Vm *vm, value path, value perm) {
  check_path(vm, path);
  if (mkdir(String_val(path), (mode_t)Int_val(perm)) == -1) caml_sys_error(vm, path);
  return Val_unit;
}

value caml_sys_rmdir(Vm *vm, value path) {
  check_path(vm, path);
  if (rmdir(String_val(path)) == -1) caml_sys_error(vm, path);
  return Val_unit;
}

value caml_sys_getcwd(Vm *vm, value unit) {
  (void)unit;
  char buf[4096];
  if (getcwd(buf, sizeof buf) == NULL) caml_sys_error(vm, NO_ARG);
  return caml_copy_string(vm, buf);
}

/* The names in a directory except "." and "..", in readdir order. They
 * are gathered in C memory first and the OCaml array is built with
 * non-raising allocations, so that nothing leaks if memory runs out. */
value caml_sys_read_directory(Vm *vm, value path) {
  check_path(vm, path);
  DIR *d = opendir(String_val(path));
  if (d == NULL) caml_sys_error(vm, path);
  char **names = NULL;
  size_t n = 0, cap = 0;
  bool ok = true;
  struct dirent *e;
  errno = 0;
  while (ok && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n == cap) {
      size_t ncap = cap ? 2 * cap : 16;
      char **nn = realloc(names, ncap * sizeof *nn);
      if (nn == NULL) {
        ok = false;
        break;
      }
      names = nn;
      cap = ncap;
    }
    names[n] = strdup(e->d_name);
    if (names[n] == NULL) ok = false;
    else n++;
  }
  int read_errno = errno;
  closedir(d);
  value res = 0;
  if (ok && read_errno == 0) res = caml_try_alloc(vm, (mlsize_t)n, 0);
  if (res != 0) {
    ROOTS_BEGIN(vm);
    ROOT(vm, res);
    for (size_t i = 0; i < n; i++) {
      value s = caml_try_copy_string(vm, names[i]);
      if (s == 0) {
        ok = false;
        break;
      }
      Field(res, i) = s;
    }
    ROOTS_END(vm);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  if (ok && read_errno != 0) {
    errno = read_errno;
    caml_sys_error(vm, path);
  }
  if (!ok || res == 0) caml_raise_out_of_memory(vm);
  return res;
}

/* Sys.command: the exit status, or 255 if the command did not exit. */
value caml_sys_system_command(Vm *vm, value command) {
  if (!is_c_safe(command)) {
    errno = EINVAL;
    caml_sys_error(vm, command);
  }
  int status = system(String_val(command));
  if (status == -1) caml_sys_error(vm, command);
  return Val_int(WIFEXITED(status) ? WEXITSTATUS(status) : 255);
}
