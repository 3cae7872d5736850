/* Strings and bytes: length, creation, checked access, blits, fills, and
 * the unaligned 16/32/64-bit little-endian accessors, as OCaml 4.13's
 * runtime/str.c. Comparisons are in prim_compare.c.
 *
 * Checked accessors raise Invalid_argument "index out of bounds", as
 * OCaml's. The blit and fill primitives are unchecked in OCaml (Bytes and
 * String check before calling them); zvm checks them too, raising the same
 * exception, so that a wrong call cannot write outside a string.
 */
#include <string.h>

#include "alloc.h"
#include "fail.h"
#include "vm.h"

value caml_ml_string_length(Vm *vm, value s) {
  (void)vm;
  return Val_long(caml_string_length(s));
}

value caml_ml_bytes_length(Vm *vm, value s) { return caml_ml_string_length(vm, s); }

/* The largest length whose string fits in Max_wosize words, NUL/padding
 * byte included. */
#define MAX_STRING_LENGTH (Max_wosize * sizeof(value) - 1)

/* Bytes.create: contents unspecified (zvm's are zero). A negative length
 * is huge as an unsigned size, hence also "Bytes.create". */
value caml_create_bytes(Vm *vm, value len) {
  mlsize_t size = (mlsize_t)Long_val(len);
  if (size > MAX_STRING_LENGTH) caml_invalid_argument(vm, "Bytes.create");
  value s = caml_alloc_string(vm, size);
  memset(Bytes_val(s), 0, size);
  return s;
}

/* The old String.create, kept by OCaml 4.13 for -unsafe-string code. */
value caml_create_string(Vm *vm, value len) {
  mlsize_t size = (mlsize_t)Long_val(len);
  if (size > MAX_STRING_LENGTH) caml_invalid_argument(vm, "String.create");
  value s = caml_alloc_string(vm, size);
  memset(Bytes_val(s), 0, size);
  return s;
}

/* Under -safe-string, strings and bytes share their representation. */
value caml_bytes_of_string(Vm *vm, value s) {
  (void)vm;
  return s;
}

value caml_string_of_bytes(Vm *vm, value s) {
  (void)vm;
  return s;
}

/* ---- Single characters --------------------------------------------------- */

/* [idx, idx + width) must lie inside [s]. */
static void check_index(Vm *vm, value s, intnat idx, mlsize_t width) {
  if (idx < 0 || (uintnat)idx + width > caml_string_length(s)) caml_array_bound_error(vm);
}

value caml_string_get(Vm *vm, value s, value index) {
  intnat idx = Long_val(index);
  check_index(vm, s, idx, 1);
  return Val_int(Byte_u(s, idx));
}

value caml_bytes_get(Vm *vm, value s, value index) { return caml_string_get(vm, s, index); }

value caml_bytes_set(Vm *vm, value s, value index, value newval) {
  intnat idx = Long_val(index);
  check_index(vm, s, idx, 1);
  Byte_u(s, idx) = (unsigned char)Long_val(newval);
  return Val_unit;
}

value caml_string_set(Vm *vm, value s, value index, value newval) {
  return caml_bytes_set(vm, s, index, newval);
}

/* ---- 16, 32 and 64-bit little-endian access ------------------------------ */

static uint64_t load_le(value s, intnat idx, int width) {
  uint64_t res = 0;
  for (int i = width - 1; i >= 0; i--) res = (res << 8) | Byte_u(s, idx + i);
  return res;
}

static void store_le(value s, intnat idx, int width, uint64_t v) {
  for (int i = 0; i < width; i++) {
    Byte_u(s, idx + i) = (unsigned char)v;
    v >>= 8;
  }
}

value caml_string_get16(Vm *vm, value s, value index) {
  intnat idx = Long_val(index);
  check_index(vm, s, idx, 2);
  return Val_int((int)load_le(s, idx, 2));
}

value caml_string_get32(Vm *vm, value s, value index) {
  intnat idx = Long_val(index);
  check_index(vm, s, idx, 4);
  return caml_copy_int32(vm, (int32_t)(uint32_t)load_le(s, idx, 4));
}

value caml_string_get64(Vm *vm, value s, value index) {
  intnat idx = Long_val(index);
  check_index(vm, s, idx, 8);
  return caml_copy_int64(vm, (int64_t)load_le(s, idx, 8));
}

value caml_bytes_get16(Vm *vm, value s, value index) { return caml_string_get16(vm, s, index); }
value caml_bytes_get32(Vm *vm, value s, value index) { return caml_string_get32(vm, s, index); }
value caml_bytes_get64(Vm *vm, value s, value index) { return caml_string_get64(vm, s, index); }

value caml_bytes_set16(Vm *vm, value s, value index, value newval) {
  intnat idx = Long_val(index);
  check_index(vm, s, idx, 2);
  store_le(s, idx, 2, (uint64_t)Long_val(newval));
  return Val_unit;
}

value caml_bytes_set32(Vm *vm, value s, value index, value newval) {
  intnat idx = Long_val(index);
  check_index(vm, s, idx, 4);
  store_le(s, idx, 4, (uint32_t)Int32_val(newval));
  return Val_unit;
}

value caml_bytes_set64(Vm *vm, value s, value index, value newval) {
  intnat idx = Long_val(index);
  check_index(vm, s, idx, 8);
  store_le(s, idx, 8, (uint64_t)Int64_val(newval));
  return Val_unit;
}

/* Byte-swap the low 16 bits of an int (Bytes.get_uint16_be and friends). */
value caml_bswap16(Vm *vm, value v) {
  (void)vm;
  uintnat x = (uintnat)Long_val(v);
  return Val_long(((x & 0x00FF) << 8) | ((x & 0xFF00) >> 8));
}

/* ---- Blits and fills --------------------------------------------------- */

/* [len] bytes from [ofs] lie inside [s]; len <= 0 is a no-op in OCaml. */
static bool check_range(Vm *vm, value s, intnat ofs, intnat len) {
  if (len <= 0) return false;
  if (ofs < 0 || (uintnat)ofs > caml_string_length(s) ||
      (uintnat)len > caml_string_length(s) - (uintnat)ofs)
    caml_array_bound_error(vm);
  return true;
}

/* memmove: the source and destination may be the same bytes. */
value caml_blit_bytes(Vm *vm, value s1, value ofs1, value s2, value ofs2, value n) {
  intnat o1 = Long_val(ofs1), o2 = Long_val(ofs2), len = Long_val(n);
  if (!check_range(vm, s1, o1, len) || !check_range(vm, s2, o2, len)) return Val_unit;
  memmove(Bytes_val(s2) + o2, Bytes_val(s1) + o1, (size_t)len);
  return Val_unit;
}

value caml_blit_string(Vm *vm, value s1, value ofs1, value s2, value ofs2, value n) {
  return caml_blit_bytes(vm, s1, ofs1, s2, ofs2, n);
}

value caml_fill_bytes(Vm *vm, value s, value offset, value len, value init) {
  intnat ofs = Long_val(offset), n = Long_val(len);
  if (!check_range(vm, s, ofs, n)) return Val_unit;
  memset(Bytes_val(s) + ofs, (unsigned char)Long_val(init), (size_t)n);
  return Val_unit;
}

value caml_fill_string(Vm *vm, value s, value offset, value len, value init) {
  return caml_fill_bytes(vm, s, offset, len, init);
}
