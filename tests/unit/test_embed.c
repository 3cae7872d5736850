/* The embedding API (vm/zvm.h): two VMs in one process share nothing. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "../../vm/zvm.h"
#include <string.h>

#include "harness.h"

/* Module Plug = struct let succ x = x + k end, with k a literal, compiled
 * as ocamlc would: branch to the init code, the function, then the init
 * code building the module block. */
static uint8_t *plugin(size_t *len, int32_t k) {
  TB *b = tb_new("Plug");
  int init = tb_label(b), f = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  tb_place(b, f);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, k);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, f);
  tb_op1(b, OP_MAKEBLOCK1, 0);
  tb_result(b);
  return tb_finish(b, len);
}

Test(embed, two_vms_share_nothing) {
  zvm_vm *a = zvm_new(), *b = zvm_new();
  cr_assert(a && b);
  size_t la, lb;
  uint8_t *pa = plugin(&la, 1), *pb = plugin(&lb, 100);
  zvm_handle ma, mb;
  cr_assert_eq(zvm_load_buffer(a, "a.zbc", pa, la, ZVM_COLLECTABLE | ZVM_PUBLIC, &ma), ZVM_OK, "%s", zvm_last_error(a));
  cr_assert_eq(zvm_load_buffer(b, "b.zbc", pb, lb, ZVM_COLLECTABLE | ZVM_PUBLIC, &mb), ZVM_OK, "%s", zvm_last_error(b));
  /* The same module name is registered in both VMs independently. */
  zvm_handle dup;
  cr_assert_eq(zvm_load_buffer(a, "a.zbc", pa, la, ZVM_PUBLIC, &dup), ZVM_ERROR);
  cr_assert(strstr(zvm_last_error(a), "already loaded") != NULL, "%s", zvm_last_error(a));
  free(pa);
  free(pb);

  zvm_handle fa = zvm_field(a, ma, 0), fb = zvm_field(b, mb, 0);
  zvm_handle xa = zvm_of_int(a, 41), xb = zvm_of_int(b, 41), ra, rb;
  cr_assert_eq(zvm_call(a, fa, 1, &xa, &ra), ZVM_OK);
  cr_assert_eq(zvm_call(b, fb, 1, &xb, &rb), ZVM_OK);
  cr_assert_eq(zvm_to_int(a, ra), 42);
  cr_assert_eq(zvm_to_int(b, rb), 141);

  zvm_stats s;
  zvm_get_stats(a, &s);
  cr_assert_eq(s.segments_live, 1);
  cr_assert_eq(s.modules_registered, 1);

  /* While the closure's handle is held, the code stays. */
  zvm_release(a, ma);
  zvm_gc(a);
  zvm_get_stats(a, &s);
  cr_assert_eq(s.segments_live, 1, "the closure keeps its segment");
  cr_assert_eq(zvm_call(a, fa, 1, &xa, &ra), ZVM_OK);
  cr_assert_eq(zvm_to_int(a, ra), 42);

  /* Drop it: the segment, its slots and its registry entry go. */
  zvm_release(a, fa);
  zvm_gc(a);
  zvm_get_stats(a, &s);
  cr_assert_eq(s.segments_live, 0);
  cr_assert_eq(s.segments_freed, 1);
  cr_assert_eq(s.modules_registered, 0);
  cr_assert_eq(s.global_slots_live, 12, "only the predefined exceptions remain");

  /* VM b is untouched by all this. */
  zvm_get_stats(b, &s);
  cr_assert_eq(s.segments_live, 1);
  cr_assert_eq(zvm_call(b, fb, 1, &xb, &rb), ZVM_OK);
  cr_assert_eq(zvm_to_int(b, rb), 141);
  zvm_free(a);
  zvm_free(b);
}

Test(embed, errors_are_reported) {
  zvm_vm *vm = zvm_new();
  zvm_handle m;
  cr_assert_eq(zvm_load_buffer(vm, "junk.zbc", "junk", 4, ZVM_PUBLIC, &m), ZVM_ERROR);
  cr_assert_str_eq(zvm_last_error(vm), "junk.zbc: byte 0: bad magic number: not a .zbc file");
  zvm_handle x = zvm_of_int(vm, 1), r;
  cr_assert_eq(zvm_call(vm, x, 1, &x, &r), ZVM_ERROR, "an int is not a closure");
  cr_assert_eq(zvm_call(vm, 999, 1, &x, &r), ZVM_ERROR, "no such handle");
  zvm_free(vm);
}

/* A module whose initialisation raises Failure "boom", or exits. */
static uint8_t *failing(size_t *len, bool exit_instead) {
  TB *b = tb_new("Bad");
  if (exit_instead) {
    tb_op1(b, OP_CONSTINT, 7);
    tb_ccall(b, "caml_sys_exit", 1);
  } else {
    tb_lit_string(b, OP_GETGLOBAL, "boom");
    tb_op(b, OP_PUSH);
    tb_global(b, OP_GETGLOBAL, "Failure", 0);
    tb_op1(b, OP_MAKEBLOCK2, 0);
    tb_op(b, OP_RAISE);
  }
  return tb_finish(b, len);
}

Test(embed, exceptions_and_exit) {
  zvm_vm *vm = zvm_new();
  size_t len;
  uint8_t *bad = failing(&len, false);
  zvm_handle m;
  cr_assert_eq(zvm_load_buffer(vm, "bad.zbc", bad, len, ZVM_PINNED, &m), ZVM_EXCEPTION);
  cr_assert_str_eq(zvm_last_error(vm), "Failure(\"boom\")");
  free(bad);
  bad = failing(&len, true);
  cr_assert_eq(zvm_load_buffer(vm, "bad.zbc", bad, len, ZVM_PINNED, &m), ZVM_EXIT);
  cr_assert_eq(zvm_exit_code(vm), 7);
  free(bad);
  zvm_free(vm);
}

Test(embed, values) {
  zvm_vm *vm = zvm_new();
  zvm_handle s = zvm_of_string(vm, "a\0b", 3), f = zvm_of_float(vm, 2.5), i = zvm_of_int(vm, -3);
  size_t len;
  const char *p = zvm_to_string(vm, s, &len);
  cr_assert_eq(len, 3);
  cr_assert(memcmp(p, "a\0b", 3) == 0);
  cr_assert_eq(zvm_to_float(vm, f), 2.5);
  cr_assert(zvm_is_int(vm, i));
  cr_assert(!zvm_is_int(vm, s));
  cr_assert_eq(zvm_to_int(vm, i), -3);
  cr_assert_eq(zvm_size(vm, s), 1);
  cr_assert_eq(zvm_size(vm, i), 0);
  cr_assert_null(zvm_to_string(vm, i, &len), "an int is not a string");
  cr_assert_eq(zvm_field(vm, s, 0), 0, "strings have no value fields");
  zvm_handle d = zvm_dup(vm, f);
  zvm_release(vm, f);
  zvm_gc(vm);
  cr_assert_eq(zvm_to_float(vm, d), 2.5, "the duplicate keeps the float alive");
  zvm_release(vm, f); /* twice: ignored */
  zvm_stats st;
  zvm_get_stats(vm, &st);
  cr_assert_eq(st.handles_live, 3);
  /* Released handles are reused. */
  zvm_handle again = zvm_of_int(vm, 1);
  cr_assert_eq(again, f);
  cr_assert_eq(zvm_load_file(vm, "/nonexistent/x.zbc", ZVM_PINNED, &again), ZVM_ERROR);
  cr_assert(strstr(zvm_last_error(vm), "cannot open") != NULL);
  zvm_free(vm);
}
