/* Obj, Lazy and recursive values (vm/prim_obj.c). The recursive value
 * tests replay the calls ocamlc emits for `let rec` (ocamlc -dinstr):
 * caml_alloc_dummy, evaluate with the dummy, caml_update_dummy. */
#include "test_prims_call.h"

PRIMS_SUITE(prims_obj);

static opcode_t dummy_code[4];

Test(prims_obj, let_rec_cyclic_list) {
  /* let rec x = 1 :: x */
  value x = pin(ok(call("caml_alloc_dummy", 1, Val_int(2))));
  value cell = pin(cons(Val_int(1), x));
  cr_assert_eq(ok(call("caml_update_dummy", 2, x, cell)), Val_unit);
  cr_assert_eq(Tag_val(x), 0);
  cr_assert_eq(Field(x, 0), Val_int(1));
  cr_assert_eq(Field(x, 1), x, "the list is its own tail");
  gc_collect(vm);
  cr_assert_eq(Field(Field(Field(x, 1), 1), 0), Val_int(1));
  /* Structural equality terminates on it only by physical equality in
   * compare; hashing is bounded. */
  cr_assert_eq(call("caml_compare", 2, x, x), Val_int(0));
  ok(call("caml_hash", 4, Val_int(10), Val_int(100), Val_int(0), x));
}

Test(prims_obj, let_rec_other_tags) {
  /* let rec v = Some (lazy v) style: the dummy takes the result's tag. */
  value d = pin(ok(call("caml_alloc_dummy", 1, Val_int(1))));
  value lz = pin(block(Lazy_tag, 1, d));
  ok(call("caml_update_dummy", 2, d, lz));
  cr_assert_eq(Tag_val(d), Lazy_tag);
  cr_assert_eq(Field(d, 0), d);
  /* A float record or array: raw doubles are copied. */
  value fd = pin(ok(call("caml_alloc_dummy_float", 1, Val_int(2))));
  value fa = pin(block(Double_array_tag, 2, 0, 0));
  Store_double_flat_field(fa, 0, 1.5);
  Store_double_flat_field(fa, 1, -2.0);
  ok(call("caml_update_dummy", 2, fd, fa));
  cr_assert_eq(Tag_val(fd), Double_array_tag);
  cr_assert_eq(Double_flat_field(fd, 1), -2.0);
  gc_collect(vm);
  cr_assert_eq(Double_flat_field(fd, 0), 1.5);
  /* Mismatched sizes are refused rather than overflowing the dummy. */
  value small = pin(ok(call("caml_alloc_dummy", 1, Val_int(1))));
  assert_invalid_arg(call("caml_update_dummy", 2, small, pin(cons(Val_int(1), Val_int(2)))),
                     "caml_update_dummy");
}

Test(prims_obj, let_rec_functions) {
  /* A closure built later replaces a dummy of the same size. */
  value d = pin(ok(call("caml_alloc_dummy_function", 2, Val_int(3), Val_int(1))));
  value clos = pin(block(Closure_tag, 3, Val_code(&dummy_code[0]), Make_closinfo(0, 2), d));
  ok(call("caml_update_dummy", 2, d, clos));
  cr_assert_eq(Tag_val(d), Closure_tag);
  cr_assert_eq(Field(d, 2), d);
  cr_assert_eq(Closinfo_val(d), Make_closinfo(0, 2));
  gc_collect(vm);
  cr_assert_eq(Field(d, 2), d);
}

Test(prims_obj, let_rec_infix) {
  /* The second function of a recursive set: an infix pointer 3 words into
   * a 5-word closure block. */
  value d = ok(call("caml_alloc_dummy_infix", 2, Val_int(5), Val_int(3)));
  cr_assert_eq(Tag_val(d), Infix_tag);
  cr_assert_eq(Infix_offset_val(d), 3 * sizeof(value));
  value dblock = d - (value)(3 * sizeof(value));
  pin(dblock);
  cr_assert_eq(Tag_val(dblock), Closure_tag);
  gc_collect(vm); /* the dummy's fields are not scanned: closinfo says so */
  value clos = pin(caml_try_alloc(vm, 5, Closure_tag));
  Field(clos, 0) = Val_code(&dummy_code[0]);
  Field(clos, 1) = Make_closinfo(0, 5);
  Field(clos, 2) = (value)Make_header(3, Infix_tag, Caml_white);
  Field(clos, 3) = Val_code(&dummy_code[1]);
  Field(clos, 4) = Make_closinfo(0, 2);
  value g = (value)&Field(clos, 3);
  ok(call("caml_update_dummy", 2, d, g));
  cr_assert_eq(Field(dblock, 0), Val_code(&dummy_code[0]));
  cr_assert_eq(Field(dblock, 3), Val_code(&dummy_code[1]));
  cr_assert_eq(Tag_val(d), Infix_tag);
  gc_collect(vm);
  cr_assert_eq(Field(dblock, 4), Make_closinfo(0, 2));
  /* Offset 0: the plain block. */
  value d0 = ok(call("caml_alloc_dummy_infix", 2, Val_int(2), Val_int(0)));
  cr_assert_eq(Tag_val(d0), Closure_tag);
  assert_invalid_arg(call("caml_alloc_dummy_infix", 2, Val_int(2), Val_int(2)),
                     "caml_alloc_dummy_infix");
}

Test(prims_obj, new_block) {
  value b = ok(call("caml_obj_block", 2, Val_int(3), Val_int(2)));
  cr_assert_eq(Tag_val(b), 3);
  cr_assert_eq(Wosize_val(b), 2);
  cr_assert_eq(Field(b, 1), Val_unit);
  value s = ok(call("caml_obj_block", 2, Val_int(String_tag), Val_int(2)));
  cr_assert_eq(caml_string_length(s), 0, "as OCaml: a valid, empty string");
  value c = ok(call("caml_obj_block", 2, Val_int(Closure_tag), Val_int(3)));
  cr_assert_eq(Closinfo_val(c), Make_closinfo(0, 2));
  value f = ok(call("caml_obj_block", 2, Val_int(Double_array_tag), Val_int(2)));
  cr_assert_eq(Double_flat_field(f, 1), 0.0);
  cr_assert_eq(call("caml_obj_block", 2, Val_int(0), Val_int(0)), Atom(vm, 0));
  assert_invalid_arg(call("caml_obj_block", 2, Val_int(Custom_tag), Val_int(2)), "Obj.new_block");
  assert_invalid_arg(call("caml_obj_block", 2, Val_int(Closure_tag), Val_int(1)), "Obj.new_block");
  assert_invalid_arg(call("caml_obj_block", 2, Val_int(String_tag), Val_int(0)), "Obj.new_block");
  assert_invalid_arg(call("caml_obj_block", 2, Val_int(Infix_tag), Val_int(2)), "Obj.new_block");
  assert_invalid_arg(call("caml_obj_block", 2, Val_int(256), Val_int(1)), "Obj.new_block");
  assert_exn_const(call("caml_obj_block", 2, Val_int(0), Val_int(-1)), EXN_OUT_OF_MEMORY);
  gc_collect(vm);
}

Test(prims_obj, dup_and_with_tag) {
  value s = pin(str("hello"));
  value sd = ok(call("caml_obj_dup", 1, s));
  cr_assert_neq(sd, s);
  cr_assert(string_is(sd, "hello", 5));
  value r = pin(block(0, 2, s, Val_int(4)));
  value rd = pin(ok(call("caml_obj_dup", 1, r)));
  cr_assert_neq(rd, r);
  cr_assert_eq(Field(rd, 0), s);
  cr_assert_eq(Field(rd, 1), Val_int(4));
  value wt = ok(call("caml_obj_with_tag", 2, Val_int(5), r));
  cr_assert_eq(Tag_val(wt), 5);
  cr_assert_eq(Field(wt, 0), s);
  cr_assert_eq(call("caml_obj_dup", 1, Atom(vm, 3)), Atom(vm, 3));
  value boxed = pin(i64(42));
  value bd = ok(call("caml_obj_dup", 1, boxed));
  cr_assert_neq(bd, boxed);
  cr_assert_eq(Int64_val(bd), 42);
  cr_assert_eq(call("caml_compare", 2, bd, boxed), Val_int(0));
  assert_invalid_arg(call("caml_obj_with_tag", 2, Val_int(String_tag), r), "Obj.with_tag");
  /* A channel is not copied (its finalizer would run twice). */
  value ch = pin(ok(call("caml_ml_open_descriptor_out", 1, Val_int(1))));
  cr_assert_eq(call("caml_obj_dup", 1, ch), ch);
}

Test(prims_obj, set_tag) {
  value b = pin(block(0, 1, Val_int(1)));
  ok(call("caml_obj_set_tag", 2, b, Val_int(7)));
  cr_assert_eq(Tag_val(b), 7);
  cr_assert_eq(Field(b, 0), Val_int(1));
  assert_invalid_arg(call("caml_obj_set_tag", 2, b, Val_int(Double_tag)), "Obj.set_tag");
  assert_invalid_arg(call("caml_obj_set_tag", 2, b, Val_int(Custom_tag)), "Obj.set_tag");
  assert_invalid_arg(call("caml_obj_set_tag", 2, Atom(vm, 0), Val_int(3)), "Obj.set_tag");
  cr_assert_eq(Tag_val(Atom(vm, 0)), 0);
}

Test(prims_obj, lazy_forward) {
  value v = pin(str("forced"));
  value fw = ok(call("caml_lazy_make_forward", 1, v));
  cr_assert_eq(Tag_val(fw), Forward_tag);
  cr_assert_eq(Field(fw, 0), v);
  value blk = pin(block(Lazy_tag, 1, Val_unit));
  ok(call("caml_obj_make_forward", 2, blk, v));
  cr_assert_eq(Tag_val(blk), Forward_tag);
  cr_assert_eq(Field(blk, 0), v);
  cr_assert_eq(call("caml_obj_tag", 1, blk), Val_int(Forward_tag));
  cr_assert_eq(call("caml_obj_tag", 1, Val_int(3)), Val_int(1000));
  gc_collect(vm);
  cr_assert(string_is(Field(blk, 0), "forced", 6));
}

Test(prims_obj, object_ids_count_from_zero) {
  cr_assert_eq(call("caml_fresh_oo_id", 1, Val_unit), Val_int(0));
  cr_assert_eq(call("caml_fresh_oo_id", 1, Val_unit), Val_int(1));
  value o = pin(block(Object_tag, 2, Val_unit, Val_unit));
  cr_assert_eq(call("caml_set_oo_id", 1, o), o);
  cr_assert_eq(Field(o, 1), Val_int(2));
  cr_assert_eq(call("caml_fresh_oo_id", 1, Val_unit), Val_int(3));
}
