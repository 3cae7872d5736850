/* The interpreter, instruction by instruction: stack and environment
 * access (ACC*, PUSH*, POP, ASSIGN, ENVACC*, PUSHENVACC*).
 *
 * Every program is built with the test builder (harness.h), loaded through
 * the real loader and verifier, and run; its result is asserted exactly. */
#include <criterion/criterion.h>

#include "../../vm/vm.h"
#include "harness.h"

static Vm *vm;
static void setup(void) { vm = tb_vm_new(); }
static void teardown(void) { vm_free(vm); }
TestSuite(op_stack, .init = setup, .fini = teardown);

/* Push 100, 101, ..., 100+n-1: afterwards sp[i] = 100+n-1-i. */
static void push_values(TB *b, int n) {
  for (int i = 0; i < n; i++) {
    tb_op1(b, OP_CONSTINT, 100 + i);
    tb_op(b, OP_PUSH);
  }
}

/* ACC0..ACC7 and ACC n read sp[i] and nothing else. */
Test(op_stack, acc) {
  for (int i = 0; i < 12; i++) {
    TB *b = tb_new("Test");
    push_values(b, 12); /* sp[i] = 111 - i */
    tb_op1(b, OP_CONSTINT, -1);
    if (i < 8) tb_op(b, OP_ACC0 + i);
    else tb_op1(b, OP_ACC, i);
    tb_op1(b, OP_POP, 12);
    tb_result(b);
    cr_assert_eq(tb_run_ok(vm, b), Val_int(111 - i), "ACC %d", i);
  }
}

/* ACC of a function argument: the arguments sit above the locals. */
Test(op_stack, acc_reaches_arguments) {
  TB *b = tb_new("Test");
  int init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  /* fun a b c -> (push 3 locals) [c; b; a; local] */
  int f = tb_function(b, 3);
  tb_op1(b, OP_CONSTINT, 7);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_PUSH);    /* depth 3: a = sp[3], b = sp[4], c = sp[5] */
  tb_op(b, OP_ACC3);    /* a */
  tb_op(b, OP_PUSHACC5); /* push a; b = sp[5] */
  tb_op(b, OP_PUSHACC);  /* push b; c = sp[7] */
  tb_op(b, 7);
  tb_op1(b, OP_MAKEBLOCK3, 0); /* [c; b; a] */
  tb_op1(b, OP_RETURN, 6);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, f);
  tb_op(b, OP_PUSH);
  tb_op1(b, OP_CONSTINT, 30);
  tb_op1(b, OP_PUSHCONSTINT, 20);
  tb_op1(b, OP_PUSHCONSTINT, 10);
  tb_op(b, OP_PUSH); /* args 10 20 30 */
  tb_op(b, OP_ACC3);
  tb_op(b, OP_APPLY3);
  tb_op1(b, OP_POP, 1);
  tb_result(b);
  value v = tb_run_ok(vm, b);
  cr_assert_eq(Wosize_val(v), 3u);
  cr_assert_eq(Field(v, 0), Val_int(30));
  cr_assert_eq(Field(v, 1), Val_int(20));
  cr_assert_eq(Field(v, 2), Val_int(10));
}

/* PUSH pushes accu and leaves it in accu. */
Test(op_stack, push) {
  TB *b = tb_new("Test");
  tb_op1(b, OP_CONSTINT, 5);
  tb_op(b, OP_PUSH);
  tb_op1(b, OP_CONSTINT, 6);
  tb_op(b, OP_PUSH);
  /* accu is still 6; sp[0] = 6, sp[1] = 5 */
  tb_op1(b, OP_MAKEBLOCK3, 0); /* [6; 6; 5] */
  tb_result(b);
  value v = tb_run_ok(vm, b);
  cr_assert_eq(Field(v, 0), Val_int(6));
  cr_assert_eq(Field(v, 1), Val_int(6));
  cr_assert_eq(Field(v, 2), Val_int(5));
}

/* PUSHACCi pushes accu, then reads sp[i] counted after the push. */
Test(op_stack, pushacc) {
  for (int i = 0; i < 12; i++) {
    TB *b = tb_new("Test");
    push_values(b, 11); /* sp[i] = 110 - i */
    tb_op1(b, OP_CONSTINT, 77);
    if (i < 8) tb_op(b, OP_PUSHACC0 + i);
    else tb_op1(b, OP_PUSHACC, i);
    tb_op1(b, OP_MAKEBLOCK2, 0); /* [read; pushed] */
    tb_op1(b, OP_POP, 11);
    tb_result(b);
    value v = tb_run_ok(vm, b);
    value expect = i == 0 ? Val_int(77) : Val_int(110 - (i - 1));
    cr_assert_eq(Field(v, 0), expect, "PUSHACC %d read %ld", i, (long)Long_val(Field(v, 0)));
    cr_assert_eq(Field(v, 1), Val_int(77), "PUSHACC %d pushed accu", i);
  }
}

/* POP n drops n words and keeps accu. */
Test(op_stack, pop) {
  TB *b = tb_new("Test");
  push_values(b, 10); /* sp[0] = 109 */
  tb_op1(b, OP_CONSTINT, 42);
  tb_op1(b, OP_POP, 3);
  tb_op(b, OP_PUSH);  /* [42; 106; ...] */
  tb_op(b, OP_ACC1);  /* 106 */
  tb_op1(b, OP_MAKEBLOCK2, 0); /* [106; 42] */
  tb_op1(b, OP_POP, 0);
  tb_op1(b, OP_POP, 7);
  tb_result(b);
  value v = tb_run_ok(vm, b);
  cr_assert_eq(Field(v, 0), Val_int(106));
  cr_assert_eq(Field(v, 1), Val_int(42));
}

/* ASSIGN n: sp[n] = accu, accu = (); the other slots are untouched. */
Test(op_stack, assign) {
  TB *b = tb_new("Test");
  push_values(b, 6); /* sp[0..5] = 105..100 */
  tb_op1(b, OP_CONSTINT, 55);
  tb_op1(b, OP_ASSIGN, 3);
  tb_op(b, OP_PUSH);     /* the result of ASSIGN: [(); 105; 104; 103; 55; 101; 100] */
  tb_op(b, OP_ACC3);     /* old sp[2] = 103 */
  tb_op(b, OP_PUSHACC5); /* push; old sp[3], assigned */
  tb_op(b, OP_PUSHACC7); /* push; old sp[4] = 101 */
  tb_op1(b, OP_PUSHACC, 4); /* push; old sp[0] = 105 */
  tb_op1(b, OP_MAKEBLOCK, 5);
  tb_op(b, 0); /* [105; 101; 55; 103; ()] */
  tb_op1(b, OP_POP, 6);
  tb_result(b);
  value v = tb_run_ok(vm, b);
  cr_assert_eq(Field(v, 0), Val_int(105));
  cr_assert_eq(Field(v, 1), Val_int(101));
  cr_assert_eq(Field(v, 2), Val_int(55));
  cr_assert_eq(Field(v, 3), Val_int(103));
  cr_assert_eq(Field(v, 4), Val_unit, "ASSIGN leaves () in accu");
}

/* A module making closure [code; info; 10; 11; 12; 13; 14] of the function
 * emitted by [body] (arity 1) and applying it to 0. */
static TB *closure_program(void (*body)(TB *b)) {
  TB *b = tb_new("Test");
  int init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int f = tb_function(b, 1);
  body(b);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_op1(b, OP_CONSTINT, 14);
  tb_op1(b, OP_PUSHCONSTINT, 13);
  tb_op1(b, OP_PUSHCONSTINT, 12);
  tb_op1(b, OP_PUSHCONSTINT, 11);
  tb_op1(b, OP_PUSHCONSTINT, 10);
  tb_closure(b, OP_CLOSURE, 5, f); /* free vars: accu, then sp[0..3] */
  tb_op(b, OP_PUSHCONST0);
  tb_op(b, OP_PUSHACC1);
  tb_op(b, OP_APPLY1);
  tb_op1(b, OP_POP, 1);
  tb_result(b);
  return b;
}

static void envacc_body(TB *b) {
  tb_op1(b, OP_ENVACC, 6);
  tb_op(b, OP_PUSH);
  tb_op1(b, OP_ENVACC, 5);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_ENVACC4);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_ENVACC3);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_ENVACC2);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_ENVACC1); /* the closure info word */
  tb_op2(b, OP_MAKEBLOCK, 6, 0);
}

/* ENVACC1..4 and ENVACC n read the fields of the current closure. */
Test(op_stack, envacc) {
  value v = tb_run_ok(vm, closure_program(envacc_body));
  cr_assert_eq(Wosize_val(v), 6u);
  cr_assert_eq(Field(v, 0), Make_closinfo(0, 2), "field 1 of a closure is its info");
  cr_assert_eq(Field(v, 0), Val_int(2), "closinfo(0, 2) reads as the integer 2");
  for (int i = 1; i < 6; i++) cr_assert_eq(Field(v, i), Val_int(9 + i), "free variable %d", i - 1);
}

static void pushenvacc_body(TB *b) {
  tb_op1(b, OP_ENVACC, 6);  /* 14 */
  tb_op(b, OP_PUSHENVACC4); /* 12 */
  tb_op(b, OP_PUSHENVACC3); /* 11 */
  tb_op(b, OP_PUSHENVACC2); /* 10 */
  tb_op(b, OP_PUSHENVACC1); /* info */
  tb_op1(b, OP_PUSHENVACC, 5); /* 13 */
  tb_op2(b, OP_MAKEBLOCK, 6, 0);
}

/* PUSHENVACC1..4 (PUSHENVACC4 is never emitted by ocamlc) and PUSHENVACC n
 * push accu, then read the environment. */
Test(op_stack, pushenvacc) {
  value v = tb_run_ok(vm, closure_program(pushenvacc_body));
  cr_assert_eq(Wosize_val(v), 6u);
  cr_assert_eq(Field(v, 0), Val_int(13));
  cr_assert_eq(Field(v, 1), Make_closinfo(0, 2));
  cr_assert_eq(Field(v, 2), Val_int(10));
  cr_assert_eq(Field(v, 3), Val_int(11));
  cr_assert_eq(Field(v, 4), Val_int(12));
  cr_assert_eq(Field(v, 5), Val_int(14));
}

/* The initialisation code runs in a closure [code; info; segment]. */
Test(op_stack, init_env) {
  TB *b = tb_new("Test");
  tb_op(b, OP_ENVACC2);
  tb_op(b, OP_PUSHENVACC1);
  tb_op1(b, OP_MAKEBLOCK2, 0);
  tb_result(b);
  value v = tb_run_ok(vm, b);
  cr_assert_eq(Field(v, 0), Make_closinfo(0, 2));
  value seg = Field(v, 1);
  cr_assert(Is_block(seg));
  cr_assert_eq(Tag_val(seg), Custom_tag);
  cr_assert_str_eq(Custom_ops_val(seg)->identifier, "_zvm_segment");
}
