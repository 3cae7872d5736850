/* Obj, Lazy and recursive values, as OCaml 4.13's runtime/obj.c and
 * alloc.c. (caml_obj_tag and the object ids are in prim_sys.c.)
 *
 * Recursive definitions. `let rec x = 1 :: x` cannot build the cons cell
 * before x exists, so the compiler first allocates a dummy block of the
 * right size (caml_alloc_dummy...), evaluates the definition with x bound
 * to it, and then copies the result's tag and fields into the dummy
 * (caml_update_dummy). Closures and infix pointers get dummies of their
 * own shape, so that pointers into them stay valid.
 *
 * These primitives can build any block OCaml code asks for. zvm refuses
 * (Invalid_argument) the few blocks that would break its collector's
 * invariants (gc/gc.h) and that OCaml would accept only to crash later:
 * tags above 255, Infix_tag and Custom_tag blocks made from scratch, tag
 * changes that turn raw data into scanned fields, and updates whose sizes
 * do not match.
 */
#include <string.h>

#include "alloc.h"
#include "fail.h"
#include "vm.h"

/* ---- Blocks --------------------------------------------------------------------- */

/* Obj.new_block tag size: fields () for scanned tags, zero bytes for raw
 * ones; a closure gets a valid closinfo, a string a valid length. */
value caml_obj_block(Vm *vm, value vtag, value vsize) {
  intnat tag = Long_val(vtag);
  mlsize_t size = (mlsize_t)Long_val(vsize);
  if (tag < 0 || tag > 255 || tag == Infix_tag || tag == Custom_tag)
    caml_invalid_argument(vm, "Obj.new_block");
  if (size > Max_wosize) caml_raise_out_of_memory(vm);
  if (tag == Closure_tag && size < 2) caml_invalid_argument(vm, "Obj.new_block");
  if (tag == String_tag && size == 0) caml_invalid_argument(vm, "Obj.new_block");
  value res = caml_alloc(vm, size, (tag_t)tag);
  if (tag == Closure_tag) Closinfo_val(res) = Make_closinfo(0, 2);
  if (tag == String_tag) Byte(res, Bosize_val(res) - 1) = (char)(Bosize_val(res) - 1);
  return res;
}

/* A copy of [arg] with tag [tag]. Blocks of size 0 are atoms. */
static value with_tag(Vm *vm, tag_t tag, value arg) {
  mlsize_t size = Wosize_val(arg);
  if (size == 0) return Atom(vm, tag);
  value res = caml_alloc(vm, size, tag); /* arg is rooted by the caller */
  memcpy((void *)res, (const void *)arg, size * sizeof(value));
  return res;
}

/* True if a block of tag [from] may be reinterpreted with tag [to]: both
 * scanned or both raw, and neither a custom block nor a closure (whose
 * layouts the collector relies on). */
static bool compatible_tags(tag_t from, tag_t to) {
  if (from == Custom_tag || to == Custom_tag || from == Infix_tag || to == Infix_tag)
    return false;
  if ((from == Closure_tag) != (to == Closure_tag)) return false;
  return (from < No_scan_tag) == (to < No_scan_tag);
}

value caml_obj_with_tag(Vm *vm, value new_tag, value arg) {
  intnat tag = Long_val(new_tag);
  if (tag < 0 || tag > 255 || !compatible_tags(Tag_val(arg), (tag_t)tag))
    caml_invalid_argument(vm, "Obj.with_tag");
  return with_tag(vm, (tag_t)tag, arg);
}

/* Obj.dup, also the compiler's copy of records and arrays. A custom block
 * with a finalizer (a channel) owns a resource that a byte copy would
 * free twice: it is returned itself, which is indistinguishable except by
 * physical equality. */
value caml_obj_dup(Vm *vm, value arg) {
  tag_t tag = Tag_val(arg);
  if (tag == Infix_tag) caml_invalid_argument(vm, "Obj.dup");
  if (tag == Custom_tag && Custom_ops_val(arg)->finalize != NULL) return arg;
  return with_tag(vm, tag, arg);
}

value caml_obj_set_tag(Vm *vm, value arg, value new_tag) {
  intnat tag = Long_val(new_tag);
  if (tag < 0 || tag > 255 || Wosize_val(arg) == 0 || !compatible_tags(Tag_val(arg), (tag_t)tag))
    caml_invalid_argument(vm, "Obj.set_tag");
  Hd_val(arg) = (Hd_val(arg) & ~(header_t)0xFF) | (header_t)tag;
  return Val_unit;
}

/* ---- Lazy ---------------------------------------------------------------------- */

/* Turn a forced lazy block into a forwarding pointer to its value. */
value caml_obj_make_forward(Vm *vm, value blk, value fwd) {
  if (Wosize_val(blk) == 0 || Tag_val(blk) >= No_scan_tag || Tag_val(blk) == Closure_tag ||
      Tag_val(blk) == Infix_tag)
    caml_invalid_argument(vm, "Obj.make_forward");
  Field(blk, 0) = fwd;
  Hd_val(blk) = (Hd_val(blk) & ~(header_t)0xFF) | Forward_tag;
  return Val_unit;
}

/* Lazy.from_val on a value that could be mistaken for a lazy block. */
value caml_lazy_make_forward(Vm *vm, value v) {
  value res = caml_alloc(vm, 1, Forward_tag); /* v is an argument: rooted */
  Field(res, 0) = v;
  return res;
}

/* ---- Recursive values ---------------------------------------------------------- */

value caml_alloc_dummy(Vm *vm, value size) { return caml_alloc(vm, (mlsize_t)Long_val(size), 0); }

/* The arity is for js_of_ocaml; bytecode ignores it. */
value caml_alloc_dummy_function(Vm *vm, value size, value arity) {
  (void)arity;
  return caml_alloc_dummy(vm, size);
}

/* Float arrays and float records: filled in by caml_update_dummy. */
value caml_alloc_dummy_float(Vm *vm, value size) { return caml_alloc_dummy(vm, size); }

/* A dummy closure of [size] words for a function that is not the first of
 * its recursive set: the result is an infix pointer [offset] words into
 * it. Its closinfo starts the environment at the end, so the collector
 * scans none of its words until the update fills them in. */
value caml_alloc_dummy_infix(Vm *vm, value vsize, value voffset) {
  mlsize_t size = (mlsize_t)Long_val(vsize), offset = (mlsize_t)Long_val(voffset);
  if (size < 2 || size > Max_wosize || offset >= size)
    caml_invalid_argument(vm, "caml_alloc_dummy_infix");
  value v = caml_alloc(vm, size, Closure_tag);
  Closinfo_val(v) = Make_closinfo(0, size);
  if (offset > 0) {
    v += (value)(offset * sizeof(value));
    Hd_val(v) = Make_header(offset, Infix_tag, Caml_white);
  }
  return v;
}

/* Copy [newval] into [dummy]: tag and fields, or raw doubles for a float
 * array, or a whole closure block when both are infix pointers. Nothing
 * is allocated, so the collector cannot see a half-copied block. */
value caml_update_dummy(Vm *vm, value dummy, value newval) {
  tag_t tag = Tag_val(newval);
  if (tag == Double_array_tag) {
    mlsize_t size = Wosize_val(newval);
    if (Tag_val(dummy) == Infix_tag || size != Wosize_val(dummy))
      caml_invalid_argument(vm, "caml_update_dummy");
    if (size == 0) return Val_unit;
    Hd_val(dummy) = (Hd_val(dummy) & ~(header_t)0xFF) | Double_array_tag;
    memcpy((void *)dummy, (const void *)newval, size * sizeof(value));
  } else if (tag == Infix_tag) {
    if (Tag_val(dummy) != Infix_tag || Infix_offset_val(dummy) != Infix_offset_val(newval))
      caml_invalid_argument(vm, "caml_update_dummy");
    value clos = newval - (value)Infix_offset_val(newval);
    dummy -= (value)Infix_offset_val(dummy);
    mlsize_t size = Wosize_val(clos);
    if (size != Wosize_val(dummy)) caml_invalid_argument(vm, "caml_update_dummy");
    memcpy((void *)dummy, (const void *)clos, size * sizeof(value));
  } else {
    mlsize_t size = Wosize_val(newval);
    if (tag == Custom_tag || Tag_val(dummy) == Infix_tag || size != Wosize_val(dummy))
      caml_invalid_argument(vm, "caml_update_dummy");
    if (size == 0) return Val_unit; /* an atom: leave the shared header alone */
    Hd_val(dummy) = (Hd_val(dummy) & ~(header_t)0xFF) | tag;
    memcpy((void *)dummy, (const void *)newval, size * sizeof(value));
  }
  return Val_unit;
}
