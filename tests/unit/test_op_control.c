/* The interpreter, instruction by instruction: branches, SWITCH, traps and
 * exceptions, no-op instructions, C calls, and the loader's checks of
 * primitive calls. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../vm/fail.h"
#include "../../vm/prims.h"
#include "../../vm/vm.h"
#include "harness.h"

static Vm *vm;
static void setup(void) { vm = tb_vm_new(); }
static void teardown(void) { vm_free(vm); }
TestSuite(op_control, .init = setup, .fini = teardown);

#define ARGS(...) ((const int64_t[]){__VA_ARGS__})
#define POS(...) ((const int[]){__VA_ARGS__})
#define NPOS(...) ((int)(sizeof((const int[]){__VA_ARGS__}) / sizeof(int)))
#define BLOCK_OF(b, tag, ...) tb_block_of((b), (tag), NPOS(__VA_ARGS__), POS(__VA_ARGS__))

static value end_module(TB *b) {
  if (b->depth > 0) tb_pop(b, b->depth);
  tb_result(b);
  return tb_run_ok(vm, b);
}

static value exn(int i) { return caml_predef_exn(vm, i); }

/* accu = Failure msg */
static void make_failure(TB *b, const char *msg) {
  tb_lit_string(b, OP_GETGLOBAL, msg);
  tb_push(b);
  tb_global(b, OP_GETGLOBAL, "Failure", 0);
  tb_op1(b, OP_MAKEBLOCK2, 0);
  b->depth--;
}

/* ---- Branches -------------------------------------------------------------------- */

/* BRANCH forward and backward: sum = 5 + 4 + 3 + 2 + 1 with a loop. */
Test(op_control, branch_loop) {
  TB *b = tb_new("Test");
  int loop = tb_label(b), end = tb_label(b), skip = tb_label(b);
  tb_op(b, OP_CONST0);
  tb_push(b); /* sum: sp[1] in the loop */
  tb_op1(b, OP_CONSTINT, 5);
  tb_push(b); /* i: sp[0] */
  tb_place(b, loop);
  tb_op(b, OP_ACC0);
  tb_jump(b, OP_BRANCHIFNOT, end);
  tb_op(b, OP_ACC0);
  tb_op(b, OP_PUSHACC2);
  tb_op(b, OP_ADDINT);
  tb_op1(b, OP_ASSIGN, 1);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, -1);
  tb_op1(b, OP_ASSIGN, 0);
  tb_jump(b, OP_BRANCH, loop);
  tb_place(b, end);
  tb_op(b, OP_ACC1);
  tb_jump(b, OP_BRANCH, skip);
  tb_op1(b, OP_CONSTINT, 999); /* skipped */
  tb_place(b, skip);
  cr_assert_eq(end_module(b), Val_int(15));
}

/* [op] L on [v]: 1 if the branch is taken, else 0. */
static value cond_taken(int32_t op, void (*load)(TB *b)) {
  TB *b = tb_new("Test");
  int taken = tb_label(b), end = tb_label(b);
  load(b);
  tb_jump(b, op, taken);
  tb_op(b, OP_CONST0);
  tb_jump(b, OP_BRANCH, end);
  tb_place(b, taken);
  tb_op(b, OP_CONST1);
  tb_place(b, end);
  return end_module(b);
}
static void load_false(TB *b) { tb_op(b, OP_CONST0); }
static void load_true(TB *b) { tb_op(b, OP_CONST1); }
static void load_five(TB *b) { tb_op1(b, OP_CONSTINT, 5); }
static void load_minus_one(TB *b) { tb_op1(b, OP_CONSTINT, -1); }
static void load_block(TB *b) { tb_lit_string(b, OP_GETGLOBAL, "x"); }

/* BRANCHIF jumps on anything but false (0), BRANCHIFNOT on false only. */
Test(op_control, branchif_branchifnot) {
  void (*loads[])(TB *) = {load_false, load_true, load_five, load_minus_one, load_block};
  for (int i = 0; i < 5; i++) {
    cr_assert_eq(cond_taken(OP_BRANCHIF, loads[i]), Val_int(i != 0), "BRANCHIF case %d", i);
    cr_assert_eq(cond_taken(OP_BRANCHIFNOT, loads[i]), Val_int(i == 0), "BRANCHIFNOT case %d", i);
  }
}

Test(op_control, boolnot) {
  TB *b = tb_new("Test");
  tb_op(b, OP_CONST1);
  tb_op(b, OP_BOOLNOT);
  int f = tb_push(b);
  tb_op(b, OP_CONST0);
  tb_op(b, OP_BOOLNOT);
  int t = tb_push(b);
  tb_op(b, OP_BOOLNOT);
  int f2 = tb_push(b);
  BLOCK_OF(b, 0, f, t, f2);
  value v = end_module(b);
  cr_assert_eq(Field(v, 0), Val_false);
  cr_assert_eq(Field(v, 1), Val_true);
  cr_assert_eq(Field(v, 2), Val_false);
}

/* ---- SWITCH --------------------------------------------------------------------- */

/* function A -> 100 | B -> 101 | C -> 102 | D x -> 200 + x | E _ -> 201
 *          | F _ -> 202
 * (3 constant and 3 block constructors), as ocamlc compiles a match:
 * ACC0; SWITCH; cases ending in RETURN 1. */
static int switch_fun(TB *b) {
  int f = tb_function(b, 1);
  int c[3], k[3];
  for (int i = 0; i < 3; i++) c[i] = tb_label(b), k[i] = tb_label(b);
  tb_op(b, OP_ACC0);
  tb_switch(b, 3, c, 3, k);
  /* Cases laid out in an order different from the table's. */
  tb_place(b, k[1]);
  tb_op1(b, OP_CONSTINT, 201);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, c[2]);
  tb_op1(b, OP_CONSTINT, 102);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, k[0]);
  tb_op(b, OP_ACC0);
  tb_op(b, OP_GETFIELD0);
  tb_op1(b, OP_OFFSETINT, 200);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, c[0]);
  tb_op1(b, OP_CONSTINT, 100);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, k[2]);
  tb_op1(b, OP_CONSTINT, 202);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, c[1]);
  tb_op1(b, OP_CONSTINT, 101);
  tb_op1(b, OP_RETURN, 1);
  return f;
}

/* accu = (the closure at fpos) applied to a block [tag: x] */
static void apply_to_block(TB *b, int fpos, int tag, int32_t x) {
  tb_op1(b, OP_CONSTINT, x);
  tb_op1(b, OP_MAKEBLOCK1, tag);
  tb_push(b);
  tb_acc(b, fpos + 0);
  tb_op(b, OP_APPLY1);
  b->depth--;
}

Test(op_control, switch_mixed) {
  TB *b = tb_new("Test");
  int init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int sw = switch_fun(b);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, sw);
  int S = tb_push(b);
  int r[6];
  for (int i = 0; i < 3; i++) {
    tb_apply_const(b, S, 1, ARGS(i));
    r[i] = tb_push(b);
  }
  for (int t = 0; t < 3; t++) {
    apply_to_block(b, S, t, 40 + t);
    r[3 + t] = tb_push(b);
  }
  tb_block_of(b, 0, 6, r);
  value v = end_module(b);
  cr_assert_eq(Field(v, 0), Val_int(100));
  cr_assert_eq(Field(v, 1), Val_int(101));
  cr_assert_eq(Field(v, 2), Val_int(102));
  cr_assert_eq(Field(v, 3), Val_int(240));
  cr_assert_eq(Field(v, 4), Val_int(201));
  cr_assert_eq(Field(v, 5), Val_int(202));
}

/* A case outside the table (never produced by ocamlc, which guards the
 * index) raises Invalid_argument, which a trap catches. */
Test(op_control, switch_out_of_range) {
  struct {
    bool block;
    int32_t x;
  } cases[] = {{false, 3}, {false, -1}, {false, 1000000}, {true, 3}, {true, 7}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    TB *b = tb_new("Test");
    int init = tb_label(b), handler = tb_label(b), end = tb_label(b);
    tb_jump(b, OP_BRANCH, init);
    int sw = switch_fun(b);
    tb_place(b, init);
    tb_closure(b, OP_CLOSURE, 0, sw);
    int S = tb_push(b);
    tb_jump(b, OP_PUSHTRAP, handler);
    b->depth += 4;
    if (cases[i].block) apply_to_block(b, S, cases[i].x, 0);
    else tb_apply_const(b, S, 1, ARGS(cases[i].x));
    tb_op(b, OP_POPTRAP);
    b->depth -= 4;
    tb_jump(b, OP_BRANCH, end);
    tb_place(b, handler); /* accu = the exception */
    tb_place(b, end);
    value v = end_module(b);
    cr_assert_eq(Tag_val(v), 0u, "case %zu", i);
    cr_assert_eq(Field(v, 0), exn(EXN_INVALID_ARGUMENT), "case %zu", i);
    cr_assert_eq(Tag_val(Field(v, 1)), String_tag);
    cr_assert_neq(strstr(String_val(Field(v, 1)), "SWITCH"), NULL, "%s", String_val(Field(v, 1)));
  }
  /* Uncaught, it reaches the top. */
  TB *b = tb_new("Test");
  int init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int sw = switch_fun(b);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, sw);
  int S = tb_push(b);
  tb_apply_const(b, S, 1, ARGS(5));
  tb_pop(b, b->depth);
  tb_result(b);
  value e = tb_run_raises(vm, b);
  cr_assert_eq(Field(e, 0), exn(EXN_INVALID_ARGUMENT));
}

/* ---- Traps and exceptions ------------------------------------------------------------ */

/* try 5 with _ -> 99: the handler does not run, POPTRAP restores trapsp. */
Test(op_control, trap_normal_exit) {
  TB *b = tb_new("Test");
  int handler = tb_label(b), end = tb_label(b);
  tb_op1(b, OP_CONSTINT, 3);
  int x = tb_push(b);
  tb_jump(b, OP_PUSHTRAP, handler);
  b->depth += 4;
  tb_op1(b, OP_CONSTINT, 8);
  tb_push(b);
  tb_acc(b, x); /* reads across the trap frame */
  tb_op(b, OP_ADDINT);
  b->depth--;
  tb_op(b, OP_POPTRAP);
  b->depth -= 4;
  tb_jump(b, OP_BRANCH, end);
  tb_place(b, handler);
  tb_op1(b, OP_CONSTINT, 99);
  tb_place(b, end);
  int r = tb_push(b);
  BLOCK_OF(b, 0, r, x);
  value v = end_module(b);
  cr_assert_eq(Field(v, 0), Val_int(11));
  cr_assert_eq(Field(v, 1), Val_int(3));
}

/* try raise (Failure "boom") with e -> e: the handler gets the exception in
 * accu with the stack cut back to the trap's depth. */
Test(op_control, trap_catches_raise) {
  for (int k = 0; k < 3; k++) {
    static const int32_t raise_ops[] = {OP_RAISE, OP_RERAISE, OP_RAISE_NOTRACE};
    TB *b = tb_new("Test");
    int handler = tb_label(b), end = tb_label(b);
    tb_op1(b, OP_CONSTINT, 77);
    int sentinel = tb_push(b);
    tb_jump(b, OP_PUSHTRAP, handler);
    b->depth += 4;
    tb_op1(b, OP_CONSTINT, 1);
    tb_push(b);
    tb_push(b); /* junk the raise discards */
    make_failure(b, "boom");
    tb_op(b, raise_ops[k]);
    b->depth -= 6;
    tb_place(b, handler);
    int e = tb_push(b);
    tb_place(b, end);
    BLOCK_OF(b, 0, e, sentinel);
    value v = end_module(b);
    value ex = Field(v, 0);
    cr_assert_eq(Field(ex, 0), exn(EXN_FAILURE));
    cr_assert_str_eq(String_val(Field(ex, 1)), "boom");
    cr_assert_eq(Field(v, 1), Val_int(77), "the stack under the trap is intact");
  }
}

/* An exception raised two calls deep unwinds to the caller's trap. */
Test(op_control, raise_across_calls) {
  TB *b = tb_new("Test");
  int init = tb_label(b), handler = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int g = tb_function(b, 2); /* g a b = raise_notrace Not_found */
  tb_global(b, OP_GETGLOBAL, "Not_found", 0);
  tb_op(b, OP_RAISE_NOTRACE);
  int f = tb_function(b, 1); /* f x = 1 + g x x */
  tb_op(b, OP_ACC0);
  tb_op(b, OP_PUSHACC1);
  tb_op(b, OP_PUSHENVACC2);
  tb_op(b, OP_APPLY2);
  tb_op(b, OP_PUSHCONST1);
  tb_op(b, OP_ADDINT);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_op1(b, OP_CONSTINT, 55);
  int sentinel = tb_push(b);
  tb_closure(b, OP_CLOSURE, 0, g);
  tb_closure(b, OP_CLOSURE, 1, f);
  int F = tb_push(b);
  tb_jump(b, OP_PUSHTRAP, handler);
  b->depth += 4;
  tb_apply_const(b, F, 1, ARGS(3));
  tb_op(b, OP_POPTRAP);
  tb_op1(b, OP_CONSTINT, 1000);
  b->depth -= 4;
  tb_place(b, handler);
  int e = tb_push(b);
  BLOCK_OF(b, 0, e, sentinel);
  value v = end_module(b);
  cr_assert_eq(Field(v, 0), exn(EXN_NOT_FOUND));
  cr_assert_eq(Field(v, 1), Val_int(55));
}

/* The trap frame restores env and extra_args:
 *   let f a = try g a with _ -> (fun y -> a*10 + y + k*100)   (k free in f)
 * called as `f 1 2`. g's APPLY1 sets extra_args to 0 and env to g; the
 * handler must see f's env (to read k) and f's extra_args (1), so that
 * RETURN applies the closure to the pending 2. */
Test(op_control, trap_restores_env_and_extra_args) {
  TB *b = tb_new("Test");
  int init = tb_label(b), handler = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int g = tb_function(b, 1);
  tb_global(b, OP_GETGLOBAL, "Not_found", 0);
  tb_op(b, OP_RAISE);
  int adder = tb_function(b, 1); /* y -> a*10 + y + k*100, [a; k] free */
  tb_op(b, OP_ENVACC2);
  tb_op1(b, OP_PUSHCONSTINT, 10);
  tb_op(b, OP_MULINT);
  tb_op(b, OP_PUSHACC1);
  tb_op(b, OP_ADDINT);
  tb_op(b, OP_PUSHENVACC3);
  tb_op1(b, OP_PUSHCONSTINT, 100);
  tb_op(b, OP_MULINT);
  tb_op(b, OP_ADDINT);
  tb_op1(b, OP_RETURN, 1);
  int f = tb_function(b, 1); /* env [g; k] */
  tb_jump(b, OP_PUSHTRAP, handler);
  tb_op(b, OP_ACC4);
  tb_op(b, OP_PUSHENVACC2);
  tb_op(b, OP_APPLY1);
  tb_op(b, OP_POPTRAP);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, handler);
  tb_op(b, OP_ENVACC3);
  tb_op(b, OP_PUSHACC1);
  tb_closure(b, OP_CLOSURE, 2, adder);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_op1(b, OP_CONSTINT, 7);
  tb_push(b);
  tb_closure(b, OP_CLOSURE, 0, g);
  tb_closure(b, OP_CLOSURE, 2, f);
  b->depth--;
  int F = tb_push(b);
  tb_apply_const(b, F, 2, ARGS(1, 2));
  cr_assert_eq(end_module(b), Val_int(712));
}

/* try (try raise X with Not_found -> 1 | e -> reraise e)
 * with End_of_file -> 2 | e -> reraise e */
static TbRun nested_traps(void (*raise)(TB *b), int32_t raise_op) {
  TB *b = tb_new("Test");
  int outer = tb_label(b), inner = tb_label(b), re1 = tb_label(b), re2 = tb_label(b),
      end = tb_label(b);
  tb_jump(b, OP_PUSHTRAP, outer);
  tb_jump(b, OP_PUSHTRAP, inner);
  raise(b);
  tb_op(b, raise_op);
  tb_place(b, inner); /* depth 4 */
  tb_op(b, OP_PUSH);
  tb_op(b, OP_ACC0);
  tb_global(b, OP_PUSHGETGLOBAL, "Not_found", 0);
  tb_op(b, OP_EQ);
  tb_jump(b, OP_BRANCHIFNOT, re1);
  tb_op(b, OP_CONST1);
  tb_op1(b, OP_POP, 1);
  tb_op(b, OP_POPTRAP);
  tb_jump(b, OP_BRANCH, end);
  tb_place(b, re1);
  tb_op(b, OP_ACC0);
  tb_op(b, OP_RERAISE);
  tb_place(b, outer); /* depth 0 */
  tb_op(b, OP_PUSH);
  tb_op(b, OP_ACC0);
  tb_global(b, OP_PUSHGETGLOBAL, "End_of_file", 0);
  tb_op(b, OP_EQ);
  tb_jump(b, OP_BRANCHIFNOT, re2);
  tb_op(b, OP_CONST2);
  tb_op1(b, OP_POP, 1);
  tb_jump(b, OP_BRANCH, end);
  tb_place(b, re2);
  tb_op(b, OP_ACC0);
  tb_op(b, OP_RERAISE);
  tb_place(b, end);
  tb_result(b);
  TbRun r = tb_run(vm, b, LOAD_PINNED);
  tb_assert_idle(vm);
  return r;
}
static void raise_not_found(TB *b) { tb_global(b, OP_GETGLOBAL, "Not_found", 0); }
static void raise_eof(TB *b) { tb_global(b, OP_GETGLOBAL, "End_of_file", 0); }
static void raise_failure(TB *b) { make_failure(b, "deep"); }

Test(op_control, nested_traps_with_reraise) {
  static const int32_t ops[] = {OP_RAISE, OP_RAISE_NOTRACE, OP_RERAISE};
  for (int k = 0; k < 3; k++) {
    TbRun r = nested_traps(raise_not_found, ops[k]);
    cr_assert_eq(r.status, LOAD_OK, "%s", r.error);
    cr_assert_eq(r.value, Val_int(1), "caught by the inner handler");
    r = nested_traps(raise_eof, ops[k]);
    cr_assert_eq(r.status, LOAD_OK, "%s", r.error);
    cr_assert_eq(r.value, Val_int(2), "re-raised to the outer handler");
    r = nested_traps(raise_failure, ops[k]);
    cr_assert_eq(r.status, LOAD_RAISED, "re-raised out of both");
    cr_assert_eq(Field(r.value, 0), exn(EXN_FAILURE));
    cr_assert_str_eq(String_val(Field(r.value, 1)), "deep");
  }
}

/* RAISE, RERAISE, RAISE_NOTRACE with no trap reach the host as an
 * exception result (LOAD_RAISED), also after a trap was pushed and popped
 * and from inside nested calls. */
Test(op_control, raise_to_top) {
  static const int32_t ops[] = {OP_RAISE, OP_RERAISE, OP_RAISE_NOTRACE};
  for (int k = 0; k < 3; k++) {
    TB *b = tb_new("Test");
    int h = tb_label(b);
    tb_jump(b, OP_PUSHTRAP, h);
    tb_op(b, OP_POPTRAP);
    tb_place(b, h);
    tb_global(b, OP_GETGLOBAL, "End_of_file", 0);
    tb_op(b, ops[k]);
    cr_assert_eq(tb_run_raises(vm, b), exn(EXN_END_OF_FILE));
  }
  /* Three calls deep, with frames and locals on the stack. */
  TB *b = tb_new("Test");
  int init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int r = tb_function(b, 1);
  make_failure(b, "deep");
  tb_op(b, OP_RAISE);
  int q = tb_function(b, 2);
  tb_op(b, OP_ACC1);
  tb_op(b, OP_PUSHENVACC2);
  tb_op(b, OP_APPLY1);
  tb_op1(b, OP_RETURN, 2);
  tb_place(b, init);
  tb_op(b, OP_PUSHCONST1);
  tb_op(b, OP_PUSHCONST2);
  tb_closure(b, OP_CLOSURE, 0, r);
  tb_closure(b, OP_CLOSURE, 1, q);
  b->depth = 2;
  int Q = tb_push(b);
  tb_apply_const(b, Q, 4, ARGS(1, 2, 3, 4));
  tb_pop(b, b->depth);
  tb_result(b);
  value e = tb_run_raises(vm, b);
  cr_assert_eq(Field(e, 0), exn(EXN_FAILURE));
  cr_assert_str_eq(String_val(Field(e, 1)), "deep");
}

/* let rec f n = if n = 0 then raise Not_found else 1 + f (n-1) in
 * try f 50000 with Not_found -> 7: the stack grows (and moves) while the
 * trap is installed; the handler still runs with the right stack. */
Test(op_control, raise_after_stack_growth) {
  TB *b = tb_new("Test");
  int init = tb_label(b), rec = tb_label(b), handler = tb_label(b), end = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int f = tb_function(b, 1);
  tb_op(b, OP_ACC0);
  tb_cmp_branch(b, OP_BNEQ, 0, rec);
  tb_global(b, OP_GETGLOBAL, "Not_found", 0);
  tb_op(b, OP_RAISE);
  tb_place(b, rec);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, -1);
  tb_op(b, OP_PUSHOFFSETCLOSURE0);
  tb_op(b, OP_APPLY1);
  tb_op1(b, OP_OFFSETINT, 1);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_op1(b, OP_CONSTINT, 31);
  int sentinel = tb_push(b);
  tb_closurerec(b, OP_CLOSUREREC, 0, 1, &f);
  int F = b->depth++;
  size_t stack_before = (size_t)(vm->stack_high - vm->stack_low);
  tb_jump(b, OP_PUSHTRAP, handler);
  b->depth += 4;
  tb_apply_const(b, F, 1, ARGS(50000));
  tb_op(b, OP_POPTRAP);
  b->depth -= 4;
  tb_jump(b, OP_BRANCH, end);
  tb_place(b, handler); /* accu = the exception */
  tb_place(b, end);
  int e = tb_push(b);
  BLOCK_OF(b, 0, e, sentinel);
  value v = end_module(b);
  cr_assert_gt((size_t)(vm->stack_high - vm->stack_low), stack_before, "the stack grew");
  cr_assert_eq(Field(v, 0), exn(EXN_NOT_FOUND));
  cr_assert_eq(Field(v, 1), Val_int(31));
}

/* ---- No-ops ---------------------------------------------------------------------------- */

/* CHECK_SIGNALS (zvm has no signals), EVENT and BREAK (debugger only) do
 * nothing: accu and the stack are unchanged. */
Test(op_control, nops) {
  TB *b = tb_new("Test");
  tb_op1(b, OP_CONSTINT, 10);
  int x = tb_push(b);
  tb_op1(b, OP_CONSTINT, 7);
  tb_op(b, OP_EVENT);
  tb_op(b, OP_BREAK);
  int a1 = tb_push(b);
  tb_op1(b, OP_CONSTINT, 8);
  tb_op(b, OP_CHECK_SIGNALS);
  int a2 = tb_push(b);
  BLOCK_OF(b, 0, x, a1, a2);
  value v = end_module(b);
  cr_assert_eq(Field(v, 0), Val_int(10));
  cr_assert_eq(Field(v, 1), Val_int(7));
  cr_assert_eq(Field(v, 2), Val_int(8));
}

/* ---- C calls ------------------------------------------------------------------------------- */

/* C_CALL1: caml_obj_tag of values of every kind, caml_fresh_oo_id. */
Test(op_control, c_call1) {
  TB *b = tb_new("Test");
  int init = tb_label(b), rec = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int fn[2] = {tb_label(b), rec};
  tb_place(b, fn[0]);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, rec);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_closurerec(b, OP_CLOSUREREC, 0, 2, fn);
  int F0 = b->depth, F1 = b->depth + 1;
  b->depth += 2;
  int r[9];
  int k = 0;
  tb_op1(b, OP_CONSTINT, 3);
  tb_ccall(b, "caml_obj_tag", 1);
  r[k++] = tb_push(b);
  tb_lit_string(b, OP_GETGLOBAL, "s");
  tb_ccall(b, "caml_obj_tag", 1);
  r[k++] = tb_push(b);
  tb_lit_float(b, OP_GETGLOBAL, 2.0);
  tb_ccall(b, "caml_obj_tag", 1);
  r[k++] = tb_push(b);
  tb_acc(b, F0);
  tb_ccall(b, "caml_obj_tag", 1);
  r[k++] = tb_push(b);
  tb_acc(b, F1);
  tb_ccall(b, "caml_obj_tag", 1);
  r[k++] = tb_push(b);
  tb_op(b, OP_CONST0);
  tb_op1(b, OP_MAKEBLOCK1, 5);
  tb_ccall(b, "caml_obj_tag", 1);
  r[k++] = tb_push(b);
  tb_op1(b, OP_ATOM, 9);
  tb_ccall(b, "caml_obj_tag", 1);
  r[k++] = tb_push(b);
  tb_op(b, OP_CONST0);
  tb_ccall(b, "caml_fresh_oo_id", 1);
  r[k++] = tb_push(b);
  tb_op(b, OP_CONST0);
  tb_ccall(b, "caml_fresh_oo_id", 1);
  r[k++] = tb_push(b);
  tb_block_of(b, 0, k, r);
  intnat oo = vm->oo_id;
  value v = end_module(b);
  cr_assert_eq(Field(v, 0), Val_int(1000), "int_tag");
  cr_assert_eq(Field(v, 1), Val_int(String_tag));
  cr_assert_eq(Field(v, 2), Val_int(Double_tag));
  cr_assert_eq(Field(v, 3), Val_int(Closure_tag));
  cr_assert_eq(Field(v, 4), Val_int(Infix_tag));
  cr_assert_eq(Field(v, 5), Val_int(5));
  cr_assert_eq(Field(v, 6), Val_int(9));
  cr_assert_eq(Field(v, 7), Val_long(oo), "as OCaml: the current id, then the counter moves");
  cr_assert_eq(Field(v, 8), Val_long(oo + 1));
  cr_assert_eq(vm->oo_id, oo + 2);
}

/* C_CALL2: caml_register_named_value name v (accu = name, sp[0] = v). */
Test(op_control, c_call2) {
  TB *b = tb_new("Test");
  tb_op1(b, OP_CONSTINT, 17);
  tb_op1(b, OP_MAKEBLOCK1, 0);
  int blk = tb_push(b);
  tb_push(b);
  tb_lit_string(b, OP_GETGLOBAL, "zvm.test");
  tb_ccall(b, "caml_register_named_value", 2);
  b->depth--;
  int u = tb_push(b);
  BLOCK_OF(b, 0, blk, u);
  value v = end_module(b);
  cr_assert_eq(Field(v, 1), Val_unit);
  NamedValue *nv = vm->named_values;
  while (nv != NULL && strcmp(nv->name, "zvm.test") != 0) nv = nv->next;
  cr_assert_not_null(nv, "the name is registered");
  cr_assert_eq(nv->val, Field(v, 0));
  cr_assert_eq(Field(nv->val, 0), Val_int(17));
}

/* C_CALL3: caml_array_sub a ofs len; C_CALL4: caml_fill_bytes s ofs len c;
 * C_CALL5: caml_blit_bytes src srcofs dst dstofs len. The arguments come
 * from accu then the stack, in order. */
Test(op_control, c_call3_4_5) {
  TB *b = tb_new("Test");
  /* a = [|10; 11; 12; 13; 14|] */
  for (int i = 4; i >= 0; i--) tb_int(b, i != 4, 10 + i);
  tb_op2(b, OP_MAKEBLOCK, 5, 0);
  int A = tb_push(b);
  /* Array.sub a 1 3 */
  tb_op(b, OP_CONST3);
  tb_push(b);
  tb_op(b, OP_CONST1);
  tb_push(b);
  tb_acc(b, A);
  tb_ccall(b, "caml_array_sub", 3);
  b->depth -= 2;
  int sub = tb_push(b);
  /* s = Bytes.create 8; Bytes.fill s 2 4 'x' */
  tb_op1(b, OP_CONSTINT, 8);
  tb_ccall(b, "caml_create_bytes", 1);
  int S = tb_push(b);
  tb_op1(b, OP_CONSTINT, 'x');
  tb_push(b);
  tb_op1(b, OP_CONSTINT, 4);
  tb_push(b);
  tb_op(b, OP_CONST2);
  tb_push(b);
  tb_acc(b, S);
  tb_ccall(b, "caml_fill_bytes", 4);
  b->depth -= 3;
  int u4 = tb_push(b);
  /* Bytes.blit "HELLO" 1 s 0 3 */
  tb_op(b, OP_CONST3);
  tb_push(b);
  tb_op(b, OP_CONST0);
  tb_push(b);
  tb_acc(b, S);
  tb_push(b);
  tb_op(b, OP_CONST1);
  tb_push(b);
  tb_lit_string(b, OP_GETGLOBAL, "HELLO");
  tb_ccall(b, "caml_blit_bytes", 5);
  b->depth -= 4;
  int u5 = tb_push(b);
  BLOCK_OF(b, 0, sub, S, u4, u5);
  value v = end_module(b);
  value s = Field(v, 0);
  cr_assert_eq(Wosize_val(s), 3u);
  for (int i = 0; i < 3; i++) cr_assert_eq(Field(s, i), Val_int(11 + i));
  cr_assert_eq(caml_string_length(Field(v, 1)), 8u);
  cr_assert_eq(memcmp(String_val(Field(v, 1)), "ELLxxx\0\0", 9), 0);
  cr_assert_eq(Field(v, 2), Val_unit);
  cr_assert_eq(Field(v, 3), Val_unit);
}

/* caml_gc_full_major collects, and the program's values survive it. */
Test(op_control, c_call_gc) {
  TB *b = tb_new("Test");
  tb_lit_string(b, OP_GETGLOBAL, "kept");
  tb_op1(b, OP_MAKEBLOCK1, 0);
  int k = tb_push(b);
  tb_op(b, OP_CONST0);
  tb_ccall(b, "caml_gc_full_major", 1);
  int u = tb_push(b);
  BLOCK_OF(b, 0, k, u);
  uint64_t before = vm->heap.stats.collections;
  value v = end_module(b);
  if (vm->heap.stress) cr_assert_gt(vm->heap.stats.collections, before);
  else cr_assert_eq(vm->heap.stats.collections, before + 1);
  cr_assert_eq(Field(v, 1), Val_unit);
  cr_assert_str_eq(String_val(Field(Field(v, 0), 0)), "kept");
}

/* A primitive that raises (caml_ensure_stack_capacity beyond the limit
 * raises Stack_overflow): the exception reaches a trap in the caller with
 * the C call's frame gone; a reasonable request succeeds and grows the
 * stack. */
Test(op_control, c_call_raises) {
  TB *b = tb_new("Test");
  int handler = tb_label(b), end = tb_label(b);
  tb_op1(b, OP_CONSTINT, 200000);
  tb_ccall(b, "caml_ensure_stack_capacity", 1);
  int u = tb_push(b);
  tb_jump(b, OP_PUSHTRAP, handler);
  b->depth += 4;
  tb_op1(b, OP_CONSTINT, 1 << 30);
  tb_ccall(b, "caml_ensure_stack_capacity", 1);
  tb_op(b, OP_POPTRAP);
  b->depth -= 4;
  tb_jump(b, OP_BRANCH, end);
  tb_place(b, handler);
  tb_place(b, end);
  int e = tb_push(b);
  BLOCK_OF(b, 0, u, e);
  value v = end_module(b);
  cr_assert_eq(Field(v, 0), Val_unit);
  cr_assert_geq((size_t)(vm->stack_high - vm->stack_low), (size_t)200000);
  cr_assert_eq(Field(v, 1), exn(EXN_STACK_OVERFLOW));
}

/* caml_sys_exit unwinds every activation, whatever traps are installed. */
Test(op_control, c_call_sys_exit) {
  TB *b = tb_new("Test");
  int handler = tb_label(b);
  tb_jump(b, OP_PUSHTRAP, handler);
  tb_op1(b, OP_CONSTINT, 3);
  tb_ccall(b, "caml_sys_exit", 1);
  tb_op(b, OP_POPTRAP);
  tb_place(b, handler);
  tb_op1(b, OP_CONSTINT, 99); /* the handler must not run */
  tb_result(b);
  TbRun r = tb_run(vm, b, LOAD_PINNED);
  cr_assert_eq(r.status, LOAD_RAISED);
  cr_assert(vm->exiting);
  cr_assert_eq(vm->exit_code, 3);
  cr_assert_eq(vm->sp, vm->stack_high);
  cr_assert_eq(vm->callback_depth, 0);
}

/* After caml_sys_exit unwinds an activation that had a trap installed,
 * vm->trapsp must not point into the dropped stack: a host that goes on
 * (zvm_load_* does not refuse to run after an exit) would otherwise have
 * its next uncaught exception jump to the stale handler. DISABLED: the
 * exit path of interp() (vm/interp.c, `if (vm->exiting)` after setjmp)
 * leaves vm->trapsp as it was (see the report). */
Test(op_control, sys_exit_drops_trap_frames) {
  TB *b = tb_new("Test");
  int handler = tb_label(b);
  tb_jump(b, OP_PUSHTRAP, handler);
  tb_op1(b, OP_CONSTINT, 3);
  tb_ccall(b, "caml_sys_exit", 1);
  tb_op(b, OP_POPTRAP);
  tb_place(b, handler);
  tb_result(b);
  TbRun r = tb_run(vm, b, LOAD_PINNED);
  cr_assert_eq(r.status, LOAD_RAISED);
  cr_assert_eq(vm->trapsp, vm->stack_high, "no trap frame is left installed");
  vm->exiting = false;
  b = tb_new("Test");
  tb_global(b, OP_GETGLOBAL, "Not_found", 0);
  tb_op(b, OP_RAISE);
  cr_assert_eq(tb_run_raises(vm, b), exn(EXN_NOT_FOUND));
}

/* The loader checks every C call against the primitive's arity and refuses
 * unknown primitives, naming them. */
static TbRun load_ccall(const char *prim, int nargs) {
  TB *b = tb_new("Test");
  for (int i = 1; i < nargs; i++) tb_op(b, OP_PUSHCONST0);
  tb_op(b, OP_CONST0);
  tb_ccall(b, prim, nargs);
  tb_result(b);
  return tb_run(vm, b, LOAD_PINNED);
}

Test(op_control, c_call_arity_checked_at_load) {
  TbRun r = load_ccall("caml_obj_tag", 2);
  cr_assert_eq(r.status, LOAD_FAILED);
  cr_assert_neq(strstr(r.error, "caml_obj_tag"), NULL, "%s", r.error);
  cr_assert_neq(strstr(r.error, "takes 1 argument but is called with 2"), NULL, "%s", r.error);
  r = load_ccall("caml_register_named_value", 1);
  cr_assert_eq(r.status, LOAD_FAILED);
  cr_assert_neq(strstr(r.error, "caml_register_named_value takes 2 arguments but is called with 1"),
                NULL, "%s", r.error);
  r = load_ccall("caml_blit_bytes", 6); /* C_CALLN 6 */
  cr_assert_eq(r.status, LOAD_FAILED);
  cr_assert_neq(strstr(r.error, "caml_blit_bytes takes 5 arguments but is called with 6"), NULL,
                "%s", r.error);
  tb_assert_idle(vm);
}

Test(op_control, unknown_primitive_refused_at_load) {
  TbRun r = load_ccall("caml_no_such_primitive", 1);
  cr_assert_eq(r.status, LOAD_FAILED);
  cr_assert_neq(strstr(r.error, "unknown primitive caml_no_such_primitive"), NULL, "%s", r.error);
  r = load_ccall("caml_no_such_primitive_n", 7);
  cr_assert_eq(r.status, LOAD_FAILED);
  cr_assert_neq(strstr(r.error, "unknown primitive caml_no_such_primitive_n"), NULL, "%s", r.error);
}

/* C_CALLN n passes (value *args, int n): a primitive of 5 arguments or
 * fewer has another C signature, so C_CALLN must not reach it even when n
 * equals its arity (loader/link.c, link_prim, refuses it). */
Test(op_control, c_calln_of_fixed_arity_primitive_refused) {
  TB *b = tb_new("Test");
  tb_op(b, OP_CONST0);
  uint32_t sym = zbc_symbol(b->u, "caml_obj_tag");
  tb_op1(b, OP_C_CALLN, 1);
  zbc_add_reloc(b->u, tb_pc(b), ZBC_RELOC_PRIM, sym);
  tb_op(b, 0);
  tb_result(b);
  TbRun r = tb_run(vm, b, LOAD_PINNED);
  cr_assert_eq(r.status, LOAD_FAILED, "C_CALLN 1 caml_obj_tag must be refused");
}
