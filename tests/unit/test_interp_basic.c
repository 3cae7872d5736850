/* The interpreter, through the test builder: a first few programs. */
#include <criterion/criterion.h>

#include "../../vm/fail.h"
#include "../../vm/vm.h"
#include "harness.h"

static Vm *vm;
static void setup(void) { vm = vm_new(); }
static void teardown(void) { vm_free(vm); }
TestSuite(interp_basic, .init = setup, .fini = teardown);

#define ASSERT_OK(r) cr_assert_eq((r).status, LOAD_OK, "load failed: %s", (r).error)

Test(interp_basic, constant) {
  TB *b = tb_new("Test");
  tb_op1(b, OP_CONSTINT, 42);
  tb_result(b);
  TbRun r = tb_run(vm, b, 0);
  ASSERT_OK(r);
  cr_assert_eq(r.value, Val_int(42));
}

/* let rec fib n = if n < 2 then n else fib (n-1) + fib (n-2) in fib 25 */
Test(interp_basic, fib) {
  TB *b = tb_new("Test");
  int init = tb_label(b), fib = tb_label(b), rec = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  tb_place(b, fib);
  tb_op(b, OP_ACC0);
  tb_cmp_branch(b, OP_BLEINT, 2, rec); /* 2 <= n: recurse */
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, rec);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, -2);
  tb_op(b, OP_PUSHOFFSETCLOSURE0);
  tb_op(b, OP_APPLY1);
  tb_op(b, OP_PUSHACC1);
  tb_op1(b, OP_OFFSETINT, -1);
  tb_op(b, OP_PUSHOFFSETCLOSURE0);
  tb_op(b, OP_APPLY1);
  tb_op(b, OP_ADDINT);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_closurerec(b, OP_CLOSUREREC, 0, 1, &fib);
  tb_op1(b, OP_CONSTINT, 25);
  tb_op(b, OP_PUSHACC1);
  tb_op(b, OP_APPLY1);
  tb_op1(b, OP_POP, 1);
  tb_result(b);
  TbRun r = tb_run(vm, b, 0);
  ASSERT_OK(r);
  cr_assert_eq(r.value, Val_int(75025));
}

Test(interp_basic, uncaught_exception) {
  TB *b = tb_new("Test");
  tb_lit_string(b, OP_GETGLOBAL, "boom");
  tb_op(b, OP_PUSH);
  tb_global(b, OP_GETGLOBAL, "Failure", 0);
  tb_op1(b, OP_MAKEBLOCK2, 0);
  tb_op(b, OP_RAISE);
  TbRun r = tb_run(vm, b, 0);
  cr_assert_eq(r.status, LOAD_RAISED);
  char *msg = caml_format_exception(vm, r.value);
  cr_assert_str_eq(msg, "Failure(\"boom\")");
  free(msg);
}

Test(interp_basic, division_by_zero) {
  TB *b = tb_new("Test");
  tb_op(b, OP_CONST0);
  tb_op(b, OP_PUSHCONST1);
  tb_op(b, OP_DIVINT);
  tb_result(b);
  TbRun r = tb_run(vm, b, 0);
  cr_assert_eq(r.status, LOAD_RAISED);
  cr_assert_eq(r.value, caml_predef_exn(vm, EXN_DIVISION_BY_ZERO));
}
