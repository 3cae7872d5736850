/* Arrays, as OCaml 4.13's runtime/array.c (with flat float arrays).
 *
 * An array of floats is a Double_array_tag block holding the doubles
 * themselves; any other array is a tag-0 block of values. Polymorphic code
 * does not know which it has, so the generic primitives (caml_array_get,
 * caml_make_vect...) look at the tag or, when creating, at the initial
 * element: an array is flat exactly when OCaml makes it flat. The empty
 * array is always the tag-0 atom.
 *
 * The unsafe_ variants and the blit/fill/sub primitives are unchecked in
 * OCaml (Array checks before calling them); zvm checks them anyway and
 * raises Invalid_argument "index out of bounds", so that a wrong call
 * cannot touch memory outside the array.
 */
#include <string.h>

#include "alloc.h"
#include "fail.h"
#include "vm.h"

static bool is_flat(value a) { return Tag_val(a) == Double_array_tag; }

/* Elements, whatever the kind (Double_wosize is 1). */
static mlsize_t array_length(value a) { return Wosize_val(a); }

static bool is_boxed_float(value v) { return Is_block(v) && Tag_val(v) == Double_tag; }

static void check_index(Vm *vm, value a, intnat idx) {
  if (idx < 0 || (uintnat)idx >= array_length(a)) caml_array_bound_error(vm);
}

/* [len] elements from [ofs] lie inside [a]. */
static void check_range(Vm *vm, value a, intnat ofs, intnat len) {
  if (ofs < 0 || len < 0 || (uintnat)ofs > array_length(a) ||
      (uintnat)len > array_length(a) - (uintnat)ofs)
    caml_array_bound_error(vm);
}

/* ---- Element access ------------------------------------------------------ */

value caml_floatarray_get(Vm *vm, value a, value index) {
  intnat idx = Long_val(index);
  check_index(vm, a, idx);
  return caml_copy_double(vm, Double_flat_field(a, idx));
}

value caml_floatarray_set(Vm *vm, value a, value index, value newval) {
  intnat idx = Long_val(index);
  check_index(vm, a, idx);
  Store_double_flat_field(a, idx, Double_val(newval));
  return Val_unit;
}

/* For arrays known not to be flat (the compiler emits these for arrays of
 * addresses). */
value caml_array_get_addr(Vm *vm, value a, value index) {
  intnat idx = Long_val(index);
  check_index(vm, a, idx);
  return Field(a, idx);
}

value caml_array_set_addr(Vm *vm, value a, value index, value newval) {
  intnat idx = Long_val(index);
  check_index(vm, a, idx);
  Field(a, idx) = newval;
  return Val_unit;
}

value caml_array_get(Vm *vm, value a, value index) {
  if (is_flat(a)) return caml_floatarray_get(vm, a, index);
  return caml_array_get_addr(vm, a, index);
}

value caml_array_set(Vm *vm, value a, value index, value newval) {
  if (is_flat(a)) return caml_floatarray_set(vm, a, index, newval);
  return caml_array_set_addr(vm, a, index, newval);
}

value caml_floatarray_unsafe_get(Vm *vm, value a, value index) {
  return caml_floatarray_get(vm, a, index);
}

value caml_floatarray_unsafe_set(Vm *vm, value a, value index, value newval) {
  return caml_floatarray_set(vm, a, index, newval);
}

value caml_array_unsafe_get(Vm *vm, value a, value index) { return caml_array_get(vm, a, index); }

value caml_array_unsafe_set(Vm *vm, value a, value index, value newval) {
  return caml_array_set(vm, a, index, newval);
}

/* ---- Creation ------------------------------------------------------------ */

/* Array.make: flat when [init] is a boxed float. A negative length is
 * huge as an unsigned size, hence "Array.make" too. */
value caml_make_vect(Vm *vm, value len, value init) {
  mlsize_t size = (mlsize_t)Long_val(len);
  if (size == 0) return Atom(vm, 0);
  if (size > Max_wosize) caml_invalid_argument(vm, "Array.make");
  if (is_boxed_float(init)) {
    double d = Double_val(init);
    value res = caml_alloc(vm, size, Double_array_tag);
    for (mlsize_t i = 0; i < size; i++) Store_double_flat_field(res, i, d);
    return res;
  }
  value res = caml_alloc(vm, size, 0); /* init is an argument: rooted */
  for (mlsize_t i = 0; i < size; i++) Field(res, i) = init;
  return res;
}

/* Float.Array.create / Array.create_float: contents unspecified (zero). */
value caml_floatarray_create(Vm *vm, value len) {
  mlsize_t size = (mlsize_t)Long_val(len);
  if (size == 0) return Atom(vm, 0);
  if (size > Max_wosize) caml_invalid_argument(vm, "Float.Array.create");
  return caml_alloc(vm, size, Double_array_tag);
}

value caml_make_float_vect(Vm *vm, value len) { return caml_floatarray_create(vm, len); }

/* [| e1; ...; en |] in polymorphic code: the compiler builds a tag-0
 * block, and this flattens it if its first element is a float. */
value caml_make_array(Vm *vm, value init) {
  mlsize_t size = Wosize_val(init);
  if (size == 0 || !is_boxed_float(Field(init, 0))) return init;
  value res = caml_alloc(vm, size, Double_array_tag);
  for (mlsize_t i = 0; i < size; i++) Store_double_flat_field(res, i, Double_val(Field(init, i)));
  return res;
}

/* ---- Sub, append, concat ------------------------------------------------- */

/* The concatenation of pieces arrays[i][offsets[i], offsets[i] +
 * lengths[i]). The result is flat if any piece is (empty pieces may be
 * the tag-0 atom). The arrays must be reachable by the caller's roots. */
static value gather(Vm *vm, int n, const value arrays[], const mlsize_t offsets[],
                    const mlsize_t lengths[]) {
  mlsize_t size = 0;
  bool flat = false;
  for (int i = 0; i < n; i++) {
    if (lengths[i] > Max_wosize - size) caml_invalid_argument(vm, "Array.concat");
    size += lengths[i];
    if (is_flat(arrays[i])) flat = true;
  }
  if (size == 0) return Atom(vm, 0);
  value res = caml_alloc(vm, size, flat ? Double_array_tag : 0);
  mlsize_t pos = 0;
  for (int i = 0; i < n; i++) {
    memcpy(&Field(res, pos), &Field(arrays[i], offsets[i]), lengths[i] * sizeof(value));
    pos += lengths[i];
  }
  return res;
}

value caml_array_sub(Vm *vm, value a, value ofs, value len) {
  intnat o = Long_val(ofs), l = Long_val(len);
  check_range(vm, a, o, l);
  mlsize_t offset = (mlsize_t)o, length = (mlsize_t)l;
  return gather(vm, 1, &a, &offset, &length);
}

value caml_array_append(Vm *vm, value a1, value a2) {
  value arrays[2] = {a1, a2};
  mlsize_t offsets[2] = {0, 0};
  mlsize_t lengths[2] = {array_length(a1), array_length(a2)};
  return gather(vm, 2, arrays, offsets, lengths);
}

/* Array.concat of a list of arrays. The list (an argument, hence rooted)
 * keeps every piece alive while the result is allocated. */
value caml_array_concat(Vm *vm, value list) {
  mlsize_t size = 0;
  bool flat = false;
  for (value l = list; l != Val_emptylist; l = Field(l, 1)) {
    value a = Field(l, 0);
    if (array_length(a) > Max_wosize - size) caml_invalid_argument(vm, "Array.concat");
    size += array_length(a);
    if (is_flat(a)) flat = true;
  }
  if (size == 0) return Atom(vm, 0);
  value res = caml_alloc(vm, size, flat ? Double_array_tag : 0);
  mlsize_t pos = 0;
  for (value l = list; l != Val_emptylist; l = Field(l, 1)) {
    value a = Field(l, 0);
    memcpy(&Field(res, pos), &Field(a, 0), array_length(a) * sizeof(value));
    pos += array_length(a);
  }
  return res;
}

/* ---- Blit and fill ----------------------------------------------------------- */

/* memmove handles overlap within one array; flat and boxed arrays both
 * copy word by word. */
value caml_array_blit(Vm *vm, value a1, value ofs1, value a2, value ofs2, value n) {
  intnat o1 = Long_val(ofs1), o2 = Long_val(ofs2), len = Long_val(n);
  if (len <= 0) return Val_unit;
  check_range(vm, a1, o1, len);
  check_range(vm, a2, o2, len);
  memmove(&Field(a2, o2), &Field(a1, o1), (size_t)len * sizeof(value));
  return Val_unit;
}

value caml_floatarray_blit(Vm *vm, value a1, value ofs1, value a2, value ofs2, value n) {
  return caml_array_blit(vm, a1, ofs1, a2, ofs2, n);
}

value caml_array_fill(Vm *vm, value a, value ofs, value len, value val) {
  intnat o = Long_val(ofs), n = Long_val(len);
  if (n <= 0) return Val_unit;
  check_range(vm, a, o, n);
  if (is_flat(a)) {
    double d = Double_val(val);
    for (intnat i = 0; i < n; i++) Store_double_flat_field(a, (mlsize_t)(o + i), d);
  } else {
    for (intnat i = 0; i < n; i++) Field(a, o + i) = val;
  }
  return Val_unit;
}
