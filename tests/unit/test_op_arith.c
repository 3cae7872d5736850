/* The interpreter, instruction by instruction: integer constants,
 * arithmetic, comparisons and compare-and-branch, with OCaml's 63-bit
 * wrap-around semantics. Expected values are written out, not computed
 * by a model of the implementation. */
#include <criterion/criterion.h>

#include "../../vm/fail.h"
#include "../../vm/vm.h"
#include "harness.h"

static Vm *vm;
static void setup(void) { vm = tb_vm_new(); }
static void teardown(void) { vm_free(vm); }
TestSuite(op_arith, .init = setup, .fini = teardown);

#define MAX ((int64_t)4611686018427387903)  /* max_int = 2^62 - 1 */
#define MIN (-(int64_t)4611686018427387903 - 1) /* min_int = -2^62 */

static value end_module(TB *b) {
  if (b->depth > 0) tb_pop(b, b->depth);
  tb_result(b);
  return tb_run_ok(vm, b);
}

/* a OP b, as ocamlc computes `a op b`: b pushed, a in accu. */
static TB *binop_program(int32_t op, int64_t a, int64_t b) {
  TB *t = tb_new("Test");
  tb_int(t, false, b);
  tb_push(t);
  tb_int(t, false, a);
  tb_op(t, op);
  t->depth--;
  return t;
}
static value binop(int32_t op, int64_t a, int64_t b) { return end_module(binop_program(op, a, b)); }

typedef struct {
  int64_t a, b, r;
} Case;

static void check_binop(const char *name, int32_t op, const Case *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    value v = binop(op, cases[i].a, cases[i].b);
    cr_assert_eq(v, Val_long(cases[i].r), "%s %lld %lld = %lld, got %lld", name,
                 (long long)cases[i].a, (long long)cases[i].b, (long long)cases[i].r,
                 (long long)Long_val(v));
  }
}
#define CHECK_BINOP(op, ...)                                          \
  do {                                                                \
    static const Case cases_[] = {__VA_ARGS__};                       \
    check_binop(#op, OP_##op, cases_, sizeof cases_ / sizeof *cases_); \
  } while (0)

/* ---- Constants --------------------------------------------------------------------- */

Test(op_arith, constants) {
  TB *b = tb_new("Test");
  tb_op(b, OP_CONST0);
  tb_op(b, OP_PUSHCONST1);
  tb_op(b, OP_PUSHCONST2);
  tb_op(b, OP_PUSHCONST3);
  tb_op1(b, OP_PUSHCONSTINT, -1);
  tb_op1(b, OP_PUSHCONSTINT, INT32_MAX);
  tb_op1(b, OP_PUSHCONSTINT, INT32_MIN);
  tb_op(b, OP_PUSHCONST0);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_CONST1);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_CONST2);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_CONST3);
  tb_op(b, OP_PUSH);
  tb_op1(b, OP_CONSTINT, 1000000);
  tb_op2(b, OP_MAKEBLOCK, 12, 0);
  tb_result(b);
  value v = tb_run_ok(vm, b);
  static const int64_t expect[12] = {1000000, 3, 2, 1, 0, INT32_MIN, INT32_MAX, -1, 3, 2, 1, 0};
  for (int i = 0; i < 12; i++)
    cr_assert_eq(Field(v, i), Val_long(expect[i]), "field %d: %ld", i, (long)Long_val(Field(v, i)));
}

/* ---- Arithmetic ---------------------------------------------------------------------- */

Test(op_arith, negint) {
  static const int64_t in[] = {5, -5, 0, MAX, MIN, 1};
  static const int64_t out[] = {-5, 5, 0, MIN + 1, MIN, -1};
  for (int i = 0; i < 6; i++) {
    TB *b = tb_new("Test");
    tb_int(b, false, in[i]);
    tb_op(b, OP_NEGINT);
    cr_assert_eq(end_module(b), Val_long(out[i]), "- %lld", (long long)in[i]);
  }
}

Test(op_arith, addint) {
  CHECK_BINOP(ADDINT, {3, 4, 7}, {-5, 2, -3}, {0, 0, 0}, {MAX, 1, MIN}, {MIN, -1, MAX},
              {MAX, MAX, -2}, {MIN, MIN, 0}, {(int64_t)1 << 40, (int64_t)1 << 40, (int64_t)1 << 41});
}

Test(op_arith, subint) {
  CHECK_BINOP(SUBINT, {3, 10, -7}, {10, 3, 7}, {-3, -3, 0}, {MIN, 1, MAX}, {MAX, -1, MIN},
              {0, MIN, MIN});
}

Test(op_arith, mulint) {
  CHECK_BINOP(MULINT, {6, 7, 42}, {-3, 5, -15}, {-4, -4, 16}, {0, MAX, 0}, {MAX, 2, -2},
              {MIN, -1, MIN}, {(int64_t)1 << 31, (int64_t)1 << 31, MIN},
              {123456789, 1000, 123456789000}, {MAX, MAX, 1});
}

/* C's truncating division, as OCaml: the quotient rounds toward zero and
 * the remainder has the sign of the dividend; min_int / -1 wraps to
 * min_int and min_int mod -1 is 0. */
Test(op_arith, divint) {
  CHECK_BINOP(DIVINT, {7, 2, 3}, {-7, 2, -3}, {7, -2, -3}, {-7, -2, 3}, {0, 5, 0}, {1, MAX, 0},
              {MIN, -1, MIN}, {MIN, 1, MIN}, {MAX, -1, -MAX}, {MIN, 2, MIN / 2}, {-1, 2, 0});
}

Test(op_arith, modint) {
  CHECK_BINOP(MODINT, {7, 2, 1}, {-7, 2, -1}, {7, -2, 1}, {-7, -2, -1}, {MIN, -1, 0},
              {MAX, 10, 3}, {MIN, 10, -4}, {5, 7, 5}, {-5, 7, -5});
}

/* x / 0 and x mod 0 raise Division_by_zero, catchable; uncaught it
 * reaches the host. */
Test(op_arith, division_by_zero) {
  static const int32_t ops[] = {OP_DIVINT, OP_MODINT};
  static const int64_t dividends[] = {5, 0, MIN};
  for (int o = 0; o < 2; o++)
    for (int d = 0; d < 3; d++) {
      TB *b = binop_program(ops[o], dividends[d], 0);
      tb_result(b);
      cr_assert_eq(tb_run_raises(vm, b), caml_predef_exn(vm, EXN_DIVISION_BY_ZERO));
      /* try a / 0 with e -> e, with things on the stack */
      b = tb_new("Test");
      int handler = tb_label(b), end = tb_label(b);
      tb_op1(b, OP_CONSTINT, 12);
      int sentinel = tb_push(b);
      tb_jump(b, OP_PUSHTRAP, handler);
      b->depth += 4;
      tb_op(b, OP_CONST0);
      tb_push(b);
      tb_int(b, false, dividends[d]);
      tb_op(b, ops[o]);
      b->depth--;
      tb_op(b, OP_POPTRAP);
      b->depth -= 4;
      tb_jump(b, OP_BRANCH, end);
      tb_place(b, handler);
      tb_place(b, end);
      int r = tb_push(b);
      tb_block_of(b, 0, 2, (const int[]){r, sentinel});
      value v = end_module(b);
      cr_assert_eq(Field(v, 0), caml_predef_exn(vm, EXN_DIVISION_BY_ZERO));
      cr_assert_eq(Field(v, 1), Val_int(12));
    }
}

Test(op_arith, andint) {
  CHECK_BINOP(ANDINT, {-1, 5, 5}, {12, 10, 8}, {MIN, -1, MIN}, {-8, 7, 0}, {MAX, MIN, 0});
}

Test(op_arith, orint) {
  CHECK_BINOP(ORINT, {12, 3, 15}, {-8, 7, -1}, {MIN, MAX, -1}, {0, 0, 0}, {8, 1, 9});
}

Test(op_arith, xorint) {
  CHECK_BINOP(XORINT, {-1, 5, -6}, {12, 10, 6}, {MAX, -1, MIN}, {7, 7, 0}, {MIN, MAX, -1});
}

Test(op_arith, lslint) {
  CHECK_BINOP(LSLINT, {1, 10, 1024}, {1, 62, MIN}, {-1, 1, -2}, {3, 61, -((int64_t)1 << 61)},
              {5, 0, 5}, {MAX, 1, -2}, {-3, 4, -48});
}

Test(op_arith, lsrint) {
  CHECK_BINOP(LSRINT, {-1, 1, MAX}, {1024, 3, 128}, {-1, 62, 1}, {MIN, 62, 1}, {5, 0, 5},
              {-2, 1, MAX}, {MIN, 1, (int64_t)1 << 61});
}

Test(op_arith, asrint) {
  CHECK_BINOP(ASRINT, {-16, 2, -4}, {-1, 10, -1}, {100, 3, 12}, {MIN, 62, -1}, {MAX, 61, 1},
              {-7, 1, -4}, {5, 0, 5});
}

/* ---- Comparisons --------------------------------------------------------------------- */

/* EQ NEQ LTINT LEINT GTINT GEINT: signed; accu on the left, the popped
 * value on the right; the result is an OCaml bool. */
Test(op_arith, comparisons) {
  static const struct {
    int64_t a, b;
    int eq, lt; /* a == b, a < b */
  } cases[] = {{1, 2, 0, 1}, {2, 1, 0, 0}, {2, 2, 1, 0},   {-1, 1, 0, 1},
               {1, -1, 0, 0}, {MIN, MAX, 0, 1}, {MAX, MIN, 0, 0}, {MIN, MIN, 1, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    int64_t a = cases[i].a, b = cases[i].b;
    int eq = cases[i].eq, lt = cases[i].lt, gt = !eq && !lt;
    cr_assert_eq(binop(OP_EQ, a, b), Val_bool(eq), "%lld = %lld", (long long)a, (long long)b);
    cr_assert_eq(binop(OP_NEQ, a, b), Val_bool(!eq));
    cr_assert_eq(binop(OP_LTINT, a, b), Val_bool(lt), "%lld < %lld", (long long)a, (long long)b);
    cr_assert_eq(binop(OP_LEINT, a, b), Val_bool(lt || eq));
    cr_assert_eq(binop(OP_GTINT, a, b), Val_bool(gt), "%lld > %lld", (long long)a, (long long)b);
    cr_assert_eq(binop(OP_GEINT, a, b), Val_bool(gt || eq));
  }
}

/* EQ and NEQ are physical equality on blocks. */
Test(op_arith, physical_equality) {
  TB *b = tb_new("Test");
  tb_op1(b, OP_CONSTINT, 1);
  tb_op1(b, OP_MAKEBLOCK1, 0);
  int x = tb_push(b);
  tb_op1(b, OP_CONSTINT, 1);
  tb_op1(b, OP_MAKEBLOCK1, 0);
  int y = tb_push(b);
  tb_acc(b, x);
  tb_push(b);
  tb_op(b, OP_EQ);
  b->depth--;
  int same = tb_push(b);
  tb_acc(b, y);
  tb_push(b);
  tb_acc(b, x);
  tb_op(b, OP_EQ);
  b->depth--;
  int equal_contents = tb_push(b);
  tb_acc(b, y);
  tb_push(b);
  tb_acc(b, x);
  tb_op(b, OP_NEQ);
  b->depth--;
  int neq = tb_push(b);
  tb_block_of(b, 0, 3, (const int[]){same, equal_contents, neq});
  value v = end_module(b);
  cr_assert_eq(Field(v, 0), Val_true);
  cr_assert_eq(Field(v, 1), Val_false, "equal contents, different blocks");
  cr_assert_eq(Field(v, 2), Val_true);
}

/* ULTINT / UGEINT compare as unsigned: negative numbers are above every
 * non-negative one (ocamlc's `isout`). */
Test(op_arith, unsigned_comparisons) {
  static const struct {
    int64_t a, b;
    int ult;
  } cases[] = {{5, -1, 1}, {-1, 5, 0}, {3, 5, 1}, {5, 3, 0}, {5, 5, 0}, {-2, -1, 1},
               {-1, -2, 0}, {MIN, MAX, 0}, {MAX, MIN, 1}, {0, MIN, 1}, {-1, -1, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    cr_assert_eq(binop(OP_ULTINT, cases[i].a, cases[i].b), Val_bool(cases[i].ult),
                 "%lld <u %lld", (long long)cases[i].a, (long long)cases[i].b);
    cr_assert_eq(binop(OP_UGEINT, cases[i].a, cases[i].b), Val_bool(!cases[i].ult),
                 "%lld >=u %lld", (long long)cases[i].a, (long long)cases[i].b);
  }
}

Test(op_arith, offsetint) {
  static const struct {
    int64_t a;
    int32_t k;
    int64_t r;
  } cases[] = {{10, 5, 15},           {10, -15, -5},        {MAX, 1, MIN},
               {MIN, -1, MAX},        {0, INT32_MAX, INT32_MAX}, {0, INT32_MIN, INT32_MIN},
               {-1, 1, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    TB *b = tb_new("Test");
    tb_int(b, false, cases[i].a);
    tb_op1(b, OP_OFFSETINT, cases[i].k);
    cr_assert_eq(end_module(b), Val_long(cases[i].r), "%lld + %d", (long long)cases[i].a,
                 cases[i].k);
  }
}

/* ---- Compare and branch ---------------------------------------------------------------------- */

/* B<op> k, L on accu: 1 if taken. The immediate k is the LEFT operand:
 * BLTINT k jumps when k < accu. */
static value branch_taken(int32_t op, int32_t k, int64_t accu) {
  TB *b = tb_new("Test");
  int taken = tb_label(b), end = tb_label(b);
  tb_int(b, false, accu);
  tb_cmp_branch(b, op, k, taken);
  tb_op(b, OP_CONST0);
  tb_jump(b, OP_BRANCH, end);
  tb_place(b, taken);
  tb_op(b, OP_CONST1);
  tb_place(b, end);
  return end_module(b);
}

Test(op_arith, compare_and_branch) {
  static const struct {
    int32_t op;
    const char *name;
    int32_t k;
    int64_t accu;
    int taken;
  } cases[] = {
      {OP_BEQ, "BEQ", 3, 3, 1},        {OP_BEQ, "BEQ", 3, 4, 0},
      {OP_BEQ, "BEQ", -1, -1, 1},      {OP_BEQ, "BEQ", 0, MIN, 0},
      {OP_BNEQ, "BNEQ", 3, 4, 1},      {OP_BNEQ, "BNEQ", 3, 3, 0},
      {OP_BNEQ, "BNEQ", 0, MAX, 1},
      {OP_BLTINT, "BLTINT", 3, 5, 1},  {OP_BLTINT, "BLTINT", 3, 1, 0},
      {OP_BLTINT, "BLTINT", 3, 3, 0},  {OP_BLTINT, "BLTINT", -5, -4, 1},
      {OP_BLTINT, "BLTINT", 0, MIN, 0}, {OP_BLTINT, "BLTINT", 0, MAX, 1},
      {OP_BLEINT, "BLEINT", 3, 3, 1},  {OP_BLEINT, "BLEINT", 3, 5, 1},
      {OP_BLEINT, "BLEINT", 3, 2, 0},  {OP_BLEINT, "BLEINT", INT32_MIN, MIN, 0},
      {OP_BGTINT, "BGTINT", 3, 1, 1},  {OP_BGTINT, "BGTINT", 3, 5, 0},
      {OP_BGTINT, "BGTINT", 3, 3, 0},  {OP_BGTINT, "BGTINT", -1, MIN, 1},
      {OP_BGEINT, "BGEINT", 3, 3, 1},  {OP_BGEINT, "BGEINT", 3, 1, 1},
      {OP_BGEINT, "BGEINT", 3, 4, 0},  {OP_BGEINT, "BGEINT", INT32_MAX, MAX, 0},
      /* unsigned: negative accus are huge */
      {OP_BULTINT, "BULTINT", 3, -1, 1}, {OP_BULTINT, "BULTINT", 3, 2, 0},
      {OP_BULTINT, "BULTINT", 3, 3, 0},  {OP_BULTINT, "BULTINT", 3, 4, 1},
      {OP_BULTINT, "BULTINT", 3, MIN, 1}, {OP_BULTINT, "BULTINT", -1, 5, 0},
      {OP_BULTINT, "BULTINT", -1, -1, 0}, {OP_BULTINT, "BULTINT", -2, -1, 1},
      {OP_BUGEINT, "BUGEINT", 3, -1, 0}, {OP_BUGEINT, "BUGEINT", 3, 2, 1},
      {OP_BUGEINT, "BUGEINT", 3, 3, 1},  {OP_BUGEINT, "BUGEINT", 3, 4, 0},
      {OP_BUGEINT, "BUGEINT", -1, 5, 1}, {OP_BUGEINT, "BUGEINT", -1, -1, 1},
      {OP_BUGEINT, "BUGEINT", 0, MIN, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    cr_assert_eq(branch_taken(cases[i].op, cases[i].k, cases[i].accu), Val_int(cases[i].taken),
                 "%s %d on %lld: expected %s", cases[i].name, cases[i].k, (long long)cases[i].accu,
                 cases[i].taken ? "taken" : "not taken");
}

/* The shape ocamlc emits for `if n < 2 then ... else ...`:
 * ACC0; BLEINT 2, L (2 <= n: the else branch). */
Test(op_arith, compare_and_branch_ocamlc_shape) {
  static const int64_t ns[] = {-3, 0, 1, 2, 3, 100};
  for (size_t i = 0; i < sizeof ns / sizeof *ns; i++)
    cr_assert_eq(branch_taken(OP_BLEINT, 2, ns[i]), Val_bool(!(ns[i] < 2)), "n = %lld",
                 (long long)ns[i]);
}
