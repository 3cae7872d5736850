/* The embedding API (vm/zvm.h): two VMs in one process share nothing. */
#include <criterion/criterion.h>
#include <stdio.h>
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

/* ---- Host primitives ----------------------------------------------------------- */

static zvm_handle host_sum6(zvm_vm *vm, int nargs, const zvm_handle *args, void *data) {
  cr_assert_eq(nargs, 6);
  intptr_t s = 0;
  for (int i = 0; i < nargs; i++) s = s * 10 + zvm_to_int(vm, args[i]); /* order matters */
  return zvm_of_int(vm, s + *(int *)data);
}

static zvm_handle host_label(zvm_vm *vm, int nargs, const zvm_handle *args, void *data) {
  (void)data;
  cr_assert_eq(nargs, 2);
  /* Allocates (a collection may run, under ZVM_GC_STRESS at each one). */
  char buf[64];
  size_t n;
  const char *s = zvm_to_string(vm, args[0], &n);
  int len = snprintf(buf, sizeof buf, "%.*s#%ld", (int)n, s, (long)zvm_to_int(vm, args[1]));
  return zvm_of_string(vm, buf, (size_t)len);
}

static zvm_handle host_apply(zvm_vm *vm, int nargs, const zvm_handle *args, void *data) {
  (void)data;
  cr_assert_eq(nargs, 2);
  zvm_handle r;
  if (zvm_call(vm, args[0], 1, &args[1], &r) != ZVM_OK) return 0;
  return r;
}

static zvm_handle host_fail(zvm_vm *vm, int nargs, const zvm_handle *args, void *data) {
  (void)nargs;
  (void)data;
  if (zvm_to_int(vm, args[0]) == 1) zvm_fail(vm, "host says no");
  return 0;
}

/* A module calling them: its value is the block (apply (fun v -> v + 1)
 * 41, label "x" 7, sum6 1 2 3 4 5 6) (C_CALL2, C_CALL2, C_CALLN 6); or,
 * with [fail_with] >= 0, host_fail fail_with (C_CALL1). */
static uint8_t *host_user(size_t *len, int fail_with) {
  TB *b = tb_new("User");
  if (fail_with >= 0) {
    tb_int(b, false, fail_with);
    tb_ccall(b, "host_fail", 1);
    tb_result(b);
    return tb_finish(b, len);
  }
  int init = tb_label(b), succ = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  tb_place(b, succ);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, 1);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  /* accu = 1, sp[0..4] = 2..6 */
  tb_int(b, false, 6);
  for (int i = 5; i >= 1; i--) tb_int(b, true, i);
  tb_ccall(b, "host_sum6", 6);
  tb_op(b, OP_PUSH);
  tb_int(b, false, 7);
  tb_op(b, OP_PUSH);
  tb_lit_string(b, OP_GETGLOBAL, "x");
  tb_ccall(b, "host_label", 2);
  tb_op(b, OP_PUSH);
  tb_int(b, false, 41);
  tb_op(b, OP_PUSH);
  tb_closure(b, OP_CLOSURE, 0, succ);
  tb_ccall(b, "host_apply", 2);
  tb_op2(b, OP_MAKEBLOCK, 3, 0);
  tb_result(b);
  return tb_finish(b, len);
}

Test(embed, host_primitives) {
  zvm_vm *vm = zvm_new(), *other = zvm_new();
  cr_assert(vm && other);
  int bias = 1000000;
  cr_assert(zvm_register_primitive(vm, "host_sum6", 6, host_sum6, &bias));
  cr_assert(zvm_register_primitive(vm, "host_label", 2, host_label, NULL));
  cr_assert(zvm_register_primitive(vm, "host_apply", 2, host_apply, NULL));
  cr_assert(zvm_register_primitive(vm, "host_fail", 1, host_fail, NULL));
  /* Names are unique, the runtime's included; arities are 1..64. */
  cr_assert_not(zvm_register_primitive(vm, "host_sum6", 6, host_sum6, NULL));
  cr_assert_not(zvm_register_primitive(vm, "caml_add_float", 2, host_sum6, NULL));
  cr_assert_not(zvm_register_primitive(vm, "host_zero", 0, host_sum6, NULL));
  cr_assert_not(zvm_register_primitive(vm, "host_many", ZVM_MAX_HOST_ARITY + 1, host_sum6, NULL));

  size_t len;
  uint8_t *bytes = host_user(&len, -1);
  zvm_handle m;
  cr_assert_eq(zvm_load_buffer(vm, "user.zbc", bytes, len, ZVM_COLLECTABLE, &m), ZVM_OK, "%s",
               zvm_last_error(vm));
  zvm_handle app = zvm_field(vm, m, 0), label = zvm_field(vm, m, 1), sum = zvm_field(vm, m, 2);
  cr_assert_eq(zvm_to_int(vm, sum), 1000000 + 123456);
  size_t n;
  const char *s = zvm_to_string(vm, label, &n);
  cr_assert_eq(n, 3);
  cr_assert(memcmp(s, "x#7", 3) == 0);
  cr_assert_eq(zvm_to_int(vm, app), 42);
  zvm_stats st;
  zvm_get_stats(vm, &st);
  cr_assert_eq(st.handles_live, 4, "the primitives' handles were released");

  /* Another VM has no such primitives. */
  cr_assert_eq(zvm_load_buffer(other, "user.zbc", bytes, len, ZVM_COLLECTABLE, &m), ZVM_ERROR);
  cr_assert(strstr(zvm_last_error(other), "unknown primitive host_sum6") != NULL, "%s",
            zvm_last_error(other));
  free(bytes);

  /* Failing: Failure with the host's message, or a default one. */
  bytes = host_user(&len, 1);
  cr_assert_eq(zvm_load_buffer(vm, "fail.zbc", bytes, len, ZVM_COLLECTABLE, &m), ZVM_EXCEPTION);
  cr_assert_str_eq(zvm_last_error(vm), "Failure(\"host says no\")");
  free(bytes);
  bytes = host_user(&len, 0);
  cr_assert_eq(zvm_load_buffer(vm, "fail.zbc", bytes, len, ZVM_COLLECTABLE, &m), ZVM_EXCEPTION);
  cr_assert_str_eq(zvm_last_error(vm), "Failure(\"host_fail: the host primitive failed\")");
  free(bytes);
  zvm_free(vm);
  zvm_free(other);
}
