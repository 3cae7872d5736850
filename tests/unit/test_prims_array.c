/* Arrays (vm/prim_array.c): flat float arrays exactly when OCaml makes
 * them, bounds errors, and the bulk operations. */
#include "test_prims_call.h"

PRIMS_SUITE(prims_array);

static value float_array(int n, const double *d) {
  value a = caml_try_alloc(vm, (mlsize_t)n, Double_array_tag);
  cr_assert_neq(a, 0);
  for (int i = 0; i < n; i++) Store_double_flat_field(a, (mlsize_t)i, d[i]);
  return a;
}

Test(prims_array, make_vect) {
  value a = ok(call("caml_make_vect", 2, Val_int(3), Val_int(7)));
  cr_assert_eq(Tag_val(a), 0);
  cr_assert_eq(Wosize_val(a), 3);
  cr_assert_eq(Field(a, 2), Val_int(7));
  value f = pin(dbl(2.5));
  value fa = ok(call("caml_make_vect", 2, Val_int(4), f));
  cr_assert_eq(Tag_val(fa), Double_array_tag, "Array.make n 2.5 is flat");
  cr_assert_eq(Wosize_val(fa), 4);
  cr_assert_eq(Double_flat_field(fa, 3), 2.5);
  /* The empty array is the tag-0 atom, floats or not. */
  value e = ok(call("caml_make_vect", 2, Val_int(0), f));
  cr_assert_eq(e, Atom(vm, 0));
  /* A block that is not a float makes a boxed array sharing it. */
  value s = pin(str("x"));
  value sa = ok(call("caml_make_vect", 2, Val_int(2), s));
  cr_assert_eq(Tag_val(sa), 0);
  cr_assert_eq(Field(sa, 1), s);
  assert_invalid_arg(call("caml_make_vect", 2, Val_int(-1), Val_int(0)), "Array.make");
  assert_invalid_arg(call("caml_make_vect", 2, Val_int(-1), f), "Array.make");
  assert_invalid_arg(call("caml_make_vect", 2, Val_long(Max_long), Val_int(0)), "Array.make");
}

Test(prims_array, float_vect_create) {
  value a = ok(call("caml_make_float_vect", 1, Val_int(3)));
  cr_assert_eq(Tag_val(a), Double_array_tag);
  cr_assert_eq(Wosize_val(a), 3);
  cr_assert_eq(call("caml_floatarray_create", 1, Val_int(0)), Atom(vm, 0));
  assert_invalid_arg(call("caml_make_float_vect", 1, Val_int(-1)), "Float.Array.create");
  assert_invalid_arg(call("caml_floatarray_create", 1, Val_int(-5)), "Float.Array.create");
}

Test(prims_array, make_array_flattens_floats) {
  value f1 = pin(dbl(1.0)), f2 = pin(dbl(-3.5));
  value boxed = pin(block(0, 2, f1, f2));
  value flat = ok(call("caml_make_array", 1, boxed));
  cr_assert_eq(Tag_val(flat), Double_array_tag);
  cr_assert_eq(Double_flat_field(flat, 0), 1.0);
  cr_assert_eq(Double_flat_field(flat, 1), -3.5);
  value ints = pin(block(0, 2, Val_int(1), Val_int(2)));
  cr_assert_eq(call("caml_make_array", 1, ints), ints, "not floats: unchanged");
  cr_assert_eq(call("caml_make_array", 1, Atom(vm, 0)), Atom(vm, 0));
}

Test(prims_array, get_and_set) {
  value a = pin(block(0, 3, Val_int(10), Val_int(20), Val_int(30)));
  cr_assert_eq(call("caml_array_get", 2, a, Val_int(1)), Val_int(20));
  cr_assert_eq(call("caml_array_get_addr", 2, a, Val_int(2)), Val_int(30));
  cr_assert_eq(call("caml_array_unsafe_get", 2, a, Val_int(0)), Val_int(10));
  assert_invalid_arg(call("caml_array_get", 2, a, Val_int(3)), "index out of bounds");
  assert_invalid_arg(call("caml_array_get", 2, a, Val_int(-1)), "index out of bounds");
  ok(call("caml_array_set", 3, a, Val_int(0), Val_int(5)));
  ok(call("caml_array_set_addr", 3, a, Val_int(1), Val_int(6)));
  ok(call("caml_array_unsafe_set", 3, a, Val_int(2), Val_int(7)));
  cr_assert_eq(Field(a, 0), Val_int(5));
  cr_assert_eq(Field(a, 1), Val_int(6));
  cr_assert_eq(Field(a, 2), Val_int(7));
  assert_invalid_arg(call("caml_array_set", 3, a, Val_int(3), Val_int(0)), "index out of bounds");
  assert_invalid_arg(call("caml_array_get", 2, Atom(vm, 0), Val_int(0)), "index out of bounds");
}

Test(prims_array, float_get_and_set) {
  double d[] = {1.5, 2.5};
  value fa = pin(float_array(2, d));
  value r = ok(call("caml_array_get", 2, fa, Val_int(1)));
  cr_assert_eq(Tag_val(r), Double_tag, "a fresh box");
  cr_assert_eq(Double_val(r), 2.5);
  cr_assert_eq(Double_val(ok(call("caml_floatarray_get", 2, fa, Val_int(0)))), 1.5);
  cr_assert_eq(Double_val(ok(call("caml_floatarray_unsafe_get", 2, fa, Val_int(0)))), 1.5);
  cr_assert_eq(Double_val(ok(call("caml_array_unsafe_get", 2, fa, Val_int(1)))), 2.5);
  ok(call("caml_array_set", 3, fa, Val_int(0), pin(dbl(-1.0))));
  ok(call("caml_floatarray_set", 3, fa, Val_int(1), pin(dbl(9.0))));
  cr_assert_eq(Double_flat_field(fa, 0), -1.0);
  cr_assert_eq(Double_flat_field(fa, 1), 9.0);
  ok(call("caml_floatarray_unsafe_set", 3, fa, Val_int(1), pin(dbl(8.0))));
  ok(call("caml_array_unsafe_set", 3, fa, Val_int(0), pin(dbl(7.0))));
  cr_assert_eq(Double_flat_field(fa, 0), 7.0);
  cr_assert_eq(Double_flat_field(fa, 1), 8.0);
  assert_invalid_arg(call("caml_floatarray_get", 2, fa, Val_int(2)), "index out of bounds");
  assert_invalid_arg(call("caml_floatarray_set", 3, fa, Val_int(-1), pin(dbl(0.))),
                     "index out of bounds");
}

Test(prims_array, sub_append_concat) {
  value a = pin(block(0, 4, Val_int(1), Val_int(2), Val_int(3), Val_int(4)));
  value s = ok(call("caml_array_sub", 3, a, Val_int(1), Val_int(2)));
  cr_assert_eq(Wosize_val(s), 2);
  cr_assert_eq(Field(s, 0), Val_int(2));
  cr_assert_eq(Field(s, 1), Val_int(3));
  cr_assert_eq(call("caml_array_sub", 3, a, Val_int(4), Val_int(0)), Atom(vm, 0));
  assert_invalid_arg(call("caml_array_sub", 3, a, Val_int(3), Val_int(2)), "index out of bounds");

  value b = pin(block(0, 1, Val_int(5)));
  value ab = ok(call("caml_array_append", 2, a, b));
  cr_assert_eq(Wosize_val(ab), 5);
  cr_assert_eq(Field(ab, 4), Val_int(5));
  cr_assert_eq(call("caml_array_append", 2, Atom(vm, 0), Atom(vm, 0)), Atom(vm, 0));

  double d1[] = {1.0, 2.0}, d2[] = {3.0};
  value f1 = pin(float_array(2, d1)), f2 = pin(float_array(1, d2));
  value ff = ok(call("caml_array_append", 2, f1, f2));
  cr_assert_eq(Tag_val(ff), Double_array_tag);
  cr_assert_eq(Double_flat_field(ff, 2), 3.0);
  /* An empty (atom) piece does not stop the result from being flat. */
  value fe = ok(call("caml_array_append", 2, Atom(vm, 0), f2));
  cr_assert_eq(Tag_val(fe), Double_array_tag);
  value fsub = ok(call("caml_array_sub", 3, f1, Val_int(1), Val_int(1)));
  cr_assert_eq(Tag_val(fsub), Double_array_tag);
  cr_assert_eq(Double_flat_field(fsub, 0), 2.0);

  value l = pin(cons(a, pin(cons(Atom(vm, 0), pin(cons(b, Val_emptylist))))));
  value c = ok(call("caml_array_concat", 1, l));
  cr_assert_eq(Wosize_val(c), 5);
  cr_assert_eq(Field(c, 0), Val_int(1));
  cr_assert_eq(Field(c, 4), Val_int(5));
  cr_assert_eq(call("caml_array_concat", 1, Val_emptylist), Atom(vm, 0));
  value lf = pin(cons(f1, pin(cons(f2, Val_emptylist))));
  value cf = ok(call("caml_array_concat", 1, lf));
  cr_assert_eq(Tag_val(cf), Double_array_tag);
  cr_assert_eq(Wosize_val(cf), 3);
  cr_assert_eq(Double_flat_field(cf, 1), 2.0);
}

Test(prims_array, blit_and_fill) {
  value a = pin(block(0, 5, Val_int(0), Val_int(1), Val_int(2), Val_int(3), Val_int(4)));
  ok(call("caml_array_blit", 5, a, Val_int(0), a, Val_int(1), Val_int(4)));
  for (int i = 0; i < 5; i++) cr_assert_eq(Field(a, i), Val_int(i == 0 ? 0 : i - 1));
  ok(call("caml_array_blit", 5, a, Val_int(1), a, Val_int(0), Val_int(4)));
  for (int i = 0; i < 4; i++) cr_assert_eq(Field(a, i), Val_int(i));
  assert_invalid_arg(call("caml_array_blit", 5, a, Val_int(3), a, Val_int(0), Val_int(3)),
                     "index out of bounds");
  ok(call("caml_array_blit", 5, a, Val_int(9), a, Val_int(9), Val_int(0)));
  ok(call("caml_array_fill", 4, a, Val_int(1), Val_int(2), Val_int(42)));
  cr_assert_eq(Field(a, 0), Val_int(0));
  cr_assert_eq(Field(a, 1), Val_int(42));
  cr_assert_eq(Field(a, 2), Val_int(42));
  cr_assert_eq(Field(a, 3), Val_int(3));
  assert_invalid_arg(call("caml_array_fill", 4, a, Val_int(4), Val_int(2), Val_int(0)),
                     "index out of bounds");

  double d[] = {1, 2, 3};
  value fa = pin(float_array(3, d)), fb = pin(float_array(3, d));
  ok(call("caml_array_fill", 4, fa, Val_int(0), Val_int(2), pin(dbl(0.5))));
  cr_assert_eq(Double_flat_field(fa, 1), 0.5);
  cr_assert_eq(Double_flat_field(fa, 2), 3.0);
  ok(call("caml_floatarray_blit", 5, fa, Val_int(0), fb, Val_int(1), Val_int(2)));
  cr_assert_eq(Double_flat_field(fb, 0), 1.0);
  cr_assert_eq(Double_flat_field(fb, 1), 0.5);
  cr_assert_eq(Double_flat_field(fb, 2), 0.5);
  ok(call("caml_array_blit", 5, fb, Val_int(2), fa, Val_int(2), Val_int(1)));
  cr_assert_eq(Double_flat_field(fa, 2), 0.5);
}

Test(prims_array, big_arrays_survive_collections) {
  /* Large blocks go through the large-object allocator. */
  value big = ok(call("caml_make_vect", 2, Val_int(100000), pin(str("s"))));
  pin(big);
  value f = pin(dbl(1.25));
  value fbig = pin(ok(call("caml_make_vect", 2, Val_int(70000), f)));
  value both = ok(call("caml_array_append", 2, fbig, fbig));
  cr_assert_eq(Wosize_val(both), 140000);
  cr_assert_eq(Double_flat_field(both, 139999), 1.25);
  cr_assert(string_is(Field(big, 99999), "s", 1));
}
