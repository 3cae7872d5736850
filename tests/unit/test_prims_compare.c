/* Polymorphic and specialised comparison (vm/prim_compare.c). Expected
 * results were obtained from OCaml 4.13 (ocamlrun). */
#include <math.h>
#include <stdlib.h>

#include "test_prims_call.h"

PRIMS_SUITE(prims_compare);

static intnat cmp(value a, value b) { return Long_val(ok(call("caml_compare", 2, a, b))); }
static bool eq(value a, value b) { return Bool_val(ok(call("caml_equal", 2, a, b))); }

/* A closure [code; closinfo] (the code pointer is never followed). */
static opcode_t dummy_code[4];
static value closure(int which) {
  return block(Closure_tag, 2, Val_code(&dummy_code[which]), Make_closinfo(0, 2));
}

Test(prims_compare, immediates) {
  cr_assert_eq(cmp(Val_int(1), Val_int(2)), -1);
  cr_assert_eq(cmp(Val_int(2), Val_int(1)), 1);
  cr_assert_eq(cmp(Val_int(-5), Val_int(-5)), 0);
  cr_assert_eq(cmp(Val_long(Min_long), Val_long(Max_long)), -1);
  /* Constant constructors are below blocks. */
  value b = pin(block(0, 1, Val_int(1)));
  cr_assert_eq(cmp(Val_int(0), b), -1);
  cr_assert_eq(cmp(b, Val_int(0)), 1);
  cr_assert_eq(cmp(Val_int(1000), b), -1);
}

Test(prims_compare, strings) {
  value abc = pin(str("abc")), abd = pin(str("abd")), ab = pin(str("ab"));
  value e1 = pin(str("")), e2 = pin(str(""));
  cr_assert_eq(cmp(abc, abd), -1);
  cr_assert_eq(cmp(ab, abc), -1);
  cr_assert_eq(cmp(abc, ab), 1);
  cr_assert_eq(cmp(e1, e2), 0);
  /* Bytes compare unsigned, and NULs are ordinary bytes. */
  value hi = pin(str("\xff")), lo = pin(str_n("\0", 1));
  cr_assert_eq(cmp(hi, lo), 1);
  cr_assert_eq(cmp(lo, e1), 1);
  cr_assert(eq(pin(str("same")), pin(str("same"))));
}

Test(prims_compare, blocks_by_tag_size_fields) {
  /* type v = A | B of int | C of int * int | D of float */
  value b1 = pin(block(0, 1, Val_int(1))), b2 = pin(block(0, 1, Val_int(2)));
  value b3 = pin(block(0, 1, Val_int(3)));
  value c12 = pin(block(1, 2, Val_int(1), Val_int(2)));
  value d = pin(block(2, 1, pin(dbl(1.0))));
  cr_assert_eq(cmp(b1, c12), -1); /* tag 0 < tag 1 */
  cr_assert_eq(cmp(c12, d), -1);
  cr_assert_eq(cmp(b3, b2), 1);
  /* Same tag, different sizes: the shorter is smaller. */
  value short_ = pin(block(0, 1, Val_int(9))), long_ = pin(block(0, 2, Val_int(0), Val_int(0)));
  cr_assert(cmp(short_, long_) < 0);
}

Test(prims_compare, lists) {
  value l123 = pin(cons(Val_int(1), pin(cons(Val_int(2), pin(cons(Val_int(3), Val_emptylist))))));
  value l124 = pin(cons(Val_int(1), pin(cons(Val_int(2), pin(cons(Val_int(4), Val_emptylist))))));
  value l12 = pin(cons(Val_int(1), pin(cons(Val_int(2), Val_emptylist))));
  cr_assert_eq(cmp(l123, l124), -1);
  cr_assert_eq(cmp(l12, l123), -1);
  cr_assert_eq(cmp(l123, l123), 0);
  cr_assert(eq(l123, l123));
  cr_assert_eq(ok(call("caml_notequal", 2, l123, l124)), Val_true);
}

Test(prims_compare, floats_total_and_ieee) {
  value n1 = pin(dbl(NAN)), n2 = pin(dbl(NAN)), one = pin(dbl(1.0));
  value zero = pin(dbl(0.0)), mzero = pin(dbl(-0.0));
  cr_assert_eq(cmp(n1, n2), 0);
  cr_assert_eq(cmp(n1, one), -1);
  cr_assert_eq(cmp(one, n1), 1);
  cr_assert_eq(cmp(zero, mzero), 0);
  cr_assert_eq(call("caml_equal", 2, n1, n2), Val_false);
  cr_assert_eq(call("caml_equal", 2, n1, n1), Val_false, "= is IEEE even for one box");
  cr_assert_eq(call("caml_notequal", 2, n1, n2), Val_true);
  cr_assert_eq(call("caml_lessthan", 2, n1, one), Val_false);
  cr_assert_eq(call("caml_lessthan", 2, one, n1), Val_false);
  cr_assert_eq(call("caml_greaterequal", 2, n1, n2), Val_false);
  cr_assert_eq(call("caml_greaterthan", 2, n1, one), Val_false);
  cr_assert_eq(call("caml_lessequal", 2, n1, n2), Val_false);
  cr_assert_eq(call("caml_lessequal", 2, zero, one), Val_true);
  cr_assert_eq(call("caml_greaterthan", 2, one, zero), Val_true);
  /* (1, nan) = (1, nan) is false, <> true */
  value p1 = pin(block(0, 2, Val_int(1), n1)), p2 = pin(block(0, 2, Val_int(1), n2));
  cr_assert_eq(call("caml_equal", 2, p1, p2), Val_false);
  cr_assert_eq(call("caml_notequal", 2, p1, p2), Val_true);
  cr_assert_eq(cmp(p1, p2), 0);
}

Test(prims_compare, float_arrays) {
  value a12 = pin(block(Double_array_tag, 2, 0, 0)), a13 = pin(block(Double_array_tag, 2, 0, 0));
  Store_double_flat_field(a12, 0, 1.0);
  Store_double_flat_field(a12, 1, 2.0);
  Store_double_flat_field(a13, 0, 1.0);
  Store_double_flat_field(a13, 1, 3.0);
  value a1 = pin(block(Double_array_tag, 1, 0)), an = pin(block(Double_array_tag, 1, 0));
  value an2 = pin(block(Double_array_tag, 1, 0));
  Store_double_flat_field(a1, 0, 1.0);
  Store_double_flat_field(an, 0, NAN);
  Store_double_flat_field(an2, 0, NAN);
  cr_assert_eq(cmp(a12, a13), -1);
  cr_assert_eq(cmp(a1, a12), -1);
  cr_assert_eq(cmp(an, a1), -1);
  cr_assert_eq(cmp(an, an2), 0);
  cr_assert_eq(call("caml_equal", 2, an, an2), Val_false);
}

Test(prims_compare, custom_blocks) {
  cr_assert_eq(cmp(pin(i32(1)), pin(i32(2))), -1);
  cr_assert_eq(cmp(pin(i64(5)), pin(i64(-5))), 1);
  cr_assert_eq(cmp(pin(inat(3)), pin(inat(3))), 0);
  cr_assert(eq(pin(i64(INT64_MIN)), pin(i64(INT64_MIN))));
  /* Different custom types order by identifier: "_j" > "_i". */
  cr_assert_eq(cmp(pin(i64(1)), pin(i32(1))), 1);
  cr_assert_eq(cmp(pin(i32(1)), pin(i64(1))), -1);
  /* An integer is below a custom block. */
  cr_assert_eq(cmp(Val_int(5), pin(i32(1))), -1);
}

Test(prims_compare, functional_values) {
  value f = pin(closure(0)), g = pin(closure(1));
  /* compare (1, f) (2, g) = -1: the difference is found first. */
  value p1 = pin(block(0, 2, Val_int(1), f)), p2 = pin(block(0, 2, Val_int(2), g));
  cr_assert_eq(cmp(p1, p2), -1);
  value q1 = pin(block(0, 2, f, Val_int(1))), q2 = pin(block(0, 2, g, Val_int(2)));
  assert_invalid_arg(call("caml_compare", 2, q1, q2), "compare: functional value");
  /* compare f f = 0 (physical equality), but f = f raises. */
  cr_assert_eq(cmp(f, f), 0);
  assert_invalid_arg(call("caml_equal", 2, f, f), "compare: functional value");
  assert_invalid_arg(call("caml_lessthan", 2, f, g), "compare: functional value");
}

Test(prims_compare, infix_pointers) {
  /* let rec f x = ... and g x = ...: one block, g an infix pointer. */
  value clos = pin(caml_try_alloc(vm, 5, Closure_tag));
  Field(clos, 0) = Val_code(&dummy_code[0]);
  Field(clos, 1) = Make_closinfo(0, 5);
  Field(clos, 2) = (value)Make_header(3, Infix_tag, Caml_white);
  Field(clos, 3) = Val_code(&dummy_code[1]);
  Field(clos, 4) = Make_closinfo(0, 2);
  value g = (value)&Field(clos, 3);
  assert_invalid_arg(call("caml_equal", 2, clos, g), "compare: functional value");
  assert_invalid_arg(call("caml_equal", 2, g, g), "compare: functional value");
  cr_assert_eq(cmp(g, g), 0);
  /* Against a non-function, the tags decide (Closure_tag 247 > 0). */
  value b = pin(block(0, 1, Val_int(0)));
  cr_assert_eq(cmp(g, b), 1);
}

Test(prims_compare, abstract_values) {
  value a1 = pin(block(Abstract_tag, 1, 0)), a2 = pin(block(Abstract_tag, 1, 0));
  assert_invalid_arg(call("caml_compare", 2, a1, a2), "compare: abstract value");
  cr_assert_eq(cmp(a1, a1), 0);
}

Test(prims_compare, objects_by_id) {
  value o1 = pin(block(Object_tag, 2, Val_int(0), Val_int(10)));
  value o2 = pin(block(Object_tag, 2, Val_int(0), Val_int(11)));
  cr_assert_eq(cmp(o1, o2), -1);
  cr_assert_eq(cmp(o2, o1), 1);
  cr_assert(eq(o1, o1));
  /* Exception constructors are Object_tag blocks too. */
  cr_assert_eq(cmp(caml_predef_exn(vm, EXN_FAILURE), caml_predef_exn(vm, EXN_NOT_FOUND)), 1);
}

Test(prims_compare, forward_blocks) {
  value fw = pin(block(Forward_tag, 1, Val_int(7)));
  cr_assert_eq(cmp(fw, Val_int(7)), 0);
  cr_assert_eq(cmp(Val_int(7), fw), 0);
  cr_assert_eq(cmp(fw, Val_int(8)), -1);
  value s = pin(str("a")), fws = pin(block(Forward_tag, 1, s));
  cr_assert_eq(cmp(fws, pin(str("b"))), -1);
  cr_assert_eq(cmp(pin(str("a")), fws), 0);
  value fw2 = pin(block(Forward_tag, 1, Val_int(9)));
  cr_assert_eq(cmp(fw, fw2), -1);
}

/* Cons cells outside the heap (comparison never allocates, so the
 * collector never sees them): n cells, 3 words each. */
static value *fake_list(size_t n, value *list) {
  value *w = malloc(3 * n * sizeof(value));
  cr_assert_not_null(w);
  for (size_t i = 0; i < n; i++) {
    w[3 * i] = (value)Make_header(2, 0, Caml_white);
    w[3 * i + 1] = Val_long((intnat)i);
    w[3 * i + 2] = i + 1 < n ? (value)&w[3 * (i + 1) + 1] : Val_emptylist;
  }
  *list = (value)&w[1];
  return w;
}

Test(prims_compare, ten_million_element_lists) {
  /* = does not stop at physical equality: it walks all 10M cells. */
  value l;
  value *w = fake_list(10 * 1000 * 1000, &l);
  cr_assert_eq(call("caml_equal", 2, l, l), Val_true);
  free(w);
  value l1, l2;
  value *w1 = fake_list(2 * 1000 * 1000, &l1), *w2 = fake_list(2 * 1000 * 1000, &l2);
  cr_assert_eq(call("caml_compare", 2, l1, l2), Val_int(0));
  w2[3 * 1999999 + 1] = Val_long(-1); /* the last element differs */
  cr_assert_eq(call("caml_compare", 2, l1, l2), Val_int(1));
  free(w1);
  free(w2);
}

/* type t = N of t * int | L, nested through the first field: one work
 * stack entry per level. OCaml 4.13 compares 524287 levels and raises
 * Out_of_memory from 524288. */
static value *fake_left_nested(size_t depth, value *v) {
  value *w = malloc(3 * depth * sizeof(value));
  cr_assert_not_null(w);
  value inner = Val_int(0); /* L */
  for (size_t i = 0; i < depth; i++) {
    w[3 * i] = (value)Make_header(2, 0, Caml_white);
    w[3 * i + 1] = inner;
    w[3 * i + 2] = Val_long((intnat)i);
    inner = (value)&w[3 * i + 1];
  }
  *v = inner;
  return w;
}

Test(prims_compare, deep_nesting_limit) {
  value a, b;
  value *wa = fake_left_nested(524287, &a), *wb = fake_left_nested(524287, &b);
  cr_assert_eq(call("caml_compare", 2, a, b), Val_int(0));
  cr_assert_eq(call("caml_equal", 2, a, b), Val_true);
  free(wa);
  free(wb);
  wa = fake_left_nested(524288, &a);
  wb = fake_left_nested(524288, &b);
  assert_exn_const(call("caml_compare", 2, a, b), EXN_OUT_OF_MEMORY);
  assert_exn_const(call("caml_equal", 2, a, b), EXN_OUT_OF_MEMORY);
  free(wa);
  free(wb);
}

Test(prims_compare, int_compare) {
  cr_assert_eq(call("caml_int_compare", 2, Val_int(3), Val_int(4)), Val_int(-1));
  cr_assert_eq(call("caml_int_compare", 2, Val_long(Max_long), Val_long(Min_long)), Val_int(1));
  cr_assert_eq(call("caml_int_compare", 2, Val_int(0), Val_int(0)), Val_int(0));
}

Test(prims_compare, string_primitives) {
  value abc = pin(str("abc")), abd = pin(str("abd")), ab = pin(str("ab"));
  value abc2 = pin(str("abc"));
  cr_assert_eq(call("caml_string_equal", 2, abc, abc2), Val_true);
  cr_assert_eq(call("caml_string_equal", 2, abc, ab), Val_false);
  cr_assert_eq(call("caml_string_notequal", 2, abc, abd), Val_true);
  cr_assert_eq(call("caml_string_compare", 2, abc, abd), Val_int(-1));
  cr_assert_eq(call("caml_string_compare", 2, abc, ab), Val_int(1));
  cr_assert_eq(call("caml_string_compare", 2, abc, abc2), Val_int(0));
  cr_assert_eq(call("caml_string_lessthan", 2, ab, abc), Val_true);
  cr_assert_eq(call("caml_string_lessequal", 2, abc, abc2), Val_true);
  cr_assert_eq(call("caml_string_greaterthan", 2, abc, abd), Val_false);
  cr_assert_eq(call("caml_string_greaterequal", 2, abd, abc), Val_true);
  cr_assert_eq(call("caml_bytes_equal", 2, abc, abc2), Val_true);
  cr_assert_eq(call("caml_bytes_notequal", 2, abc, abc2), Val_false);
  cr_assert_eq(call("caml_bytes_compare", 2, abd, abc), Val_int(1));
  cr_assert_eq(call("caml_bytes_lessthan", 2, abc, abd), Val_true);
  cr_assert_eq(call("caml_bytes_lessequal", 2, abd, abc), Val_false);
  cr_assert_eq(call("caml_bytes_greaterthan", 2, abd, abc), Val_true);
  cr_assert_eq(call("caml_bytes_greaterequal", 2, ab, abc), Val_false);
  /* Lengths 7 and 8 differ in padding but not in words. */
  cr_assert_eq(call("caml_string_equal", 2, pin(str("abcdefg")), pin(str("abcdefgh"))), Val_false);
  cr_assert_eq(call("caml_string_equal", 2, pin(str_n("a\0", 2)), pin(str("a"))), Val_false);
}
