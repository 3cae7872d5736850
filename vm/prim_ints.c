/* Boxed integers: the Int32, Int64 and Nativeint operations, which
 * bytecode performs by C calls on custom blocks (vm/alloc.c), as OCaml
 * 4.13's runtime/ints.c. Formatting and parsing are in prim_format.c.
 *
 * Arithmetic wraps around: it is done on unsigned types, where C defines
 * overflow. Division by zero raises Division_by_zero, and min_int / -1 is
 * min_int (its remainder 0), as for OCaml's int. Shift counts outside
 * [0, width) are unspecified in OCaml; zvm masks them as the x86-64
 * instructions ocamlrun runs on do (1l lsl 33 = 2l). Out-of-range float
 * conversions likewise give x86-64's "integer indefinite", the minimum
 * integer, as ocamlrun does there.
 */
#include <string.h>

#include "alloc.h"
#include "fail.h"
#include "vm.h"

/* ---- Shared helpers ------------------------------------------------------------ */

static int64_t float_to_int64(double d) {
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return INT64_MIN;
  return (int64_t)d;
}

static int32_t float_to_int32(double d) {
  if (!(d > -2147483649.0 && d < 2147483648.0)) return INT32_MIN;
  return (int32_t)d;
}

static uint64_t bswap64(uint64_t x) {
  x = ((x & 0x00FF00FF00FF00FFull) << 8) | ((x >> 8) & 0x00FF00FF00FF00FFull);
  x = ((x & 0x0000FFFF0000FFFFull) << 16) | ((x >> 16) & 0x0000FFFF0000FFFFull);
  return (x << 32) | (x >> 32);
}

static uint32_t bswap32(uint32_t x) {
  x = ((x & 0x00FF00FFu) << 8) | ((x >> 8) & 0x00FF00FFu);
  return (x << 16) | (x >> 16);
}

/* Arithmetic right shift, defined for negative numbers too. */
static uint64_t asr64(uint64_t x, unsigned n) {
  return (x >> n) | ((x >> 63) && n ? ~(~(uint64_t)0 >> n) : 0);
}

/* ---- Int32 ------------------------------------------------------------------ */

#define I32(v) ((uint32_t)Int32_val(v))
#define BOX32(vm, u) caml_copy_int32((vm), (int32_t)(uint32_t)(u))

value caml_int32_neg(Vm *vm, value v) { return BOX32(vm, 0u - I32(v)); }
value caml_int32_add(Vm *vm, value v1, value v2) { return BOX32(vm, I32(v1) + I32(v2)); }
value caml_int32_sub(Vm *vm, value v1, value v2) { return BOX32(vm, I32(v1) - I32(v2)); }
value caml_int32_mul(Vm *vm, value v1, value v2) { return BOX32(vm, I32(v1) * I32(v2)); }
value caml_int32_and(Vm *vm, value v1, value v2) { return BOX32(vm, I32(v1) & I32(v2)); }
value caml_int32_or(Vm *vm, value v1, value v2) { return BOX32(vm, I32(v1) | I32(v2)); }
value caml_int32_xor(Vm *vm, value v1, value v2) { return BOX32(vm, I32(v1) ^ I32(v2)); }

value caml_int32_div(Vm *vm, value v1, value v2) {
  int32_t dividend = Int32_val(v1), divisor = Int32_val(v2);
  if (divisor == 0) caml_raise_zero_divide(vm);
  if (dividend == INT32_MIN && divisor == -1) return v1;
  return caml_copy_int32(vm, dividend / divisor);
}

value caml_int32_mod(Vm *vm, value v1, value v2) {
  int32_t dividend = Int32_val(v1), divisor = Int32_val(v2);
  if (divisor == 0) caml_raise_zero_divide(vm);
  if (dividend == INT32_MIN && divisor == -1) return caml_copy_int32(vm, 0);
  return caml_copy_int32(vm, dividend % divisor);
}

value caml_int32_shift_left(Vm *vm, value v1, value v2) {
  return BOX32(vm, I32(v1) << (Long_val(v2) & 31));
}

value caml_int32_shift_right(Vm *vm, value v1, value v2) {
  unsigned n = (unsigned)(Long_val(v2) & 31);
  uint32_t x = I32(v1);
  return BOX32(vm, (x >> n) | ((x >> 31) && n ? ~(~0u >> n) : 0));
}

value caml_int32_shift_right_unsigned(Vm *vm, value v1, value v2) {
  return BOX32(vm, I32(v1) >> (Long_val(v2) & 31));
}

value caml_int32_bswap(Vm *vm, value v) { return BOX32(vm, bswap32(I32(v))); }

value caml_int32_of_int(Vm *vm, value v) { return BOX32(vm, (uintnat)Long_val(v)); }

value caml_int32_to_int(Vm *vm, value v) {
  (void)vm;
  return Val_long(Int32_val(v));
}

value caml_int32_of_float(Vm *vm, value v) {
  return caml_copy_int32(vm, float_to_int32(Double_val(v)));
}

value caml_int32_to_float(Vm *vm, value v) { return caml_copy_double(vm, (double)Int32_val(v)); }

value caml_int32_compare(Vm *vm, value v1, value v2) {
  (void)vm;
  int32_t x = Int32_val(v1), y = Int32_val(v2);
  return Val_int((x > y) - (x < y));
}

/* The IEEE single-precision bits of a float (rounded to single first). */
value caml_int32_bits_of_float(Vm *vm, value v) {
  float f = (float)Double_val(v);
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  return BOX32(vm, bits);
}

value caml_int32_float_of_bits(Vm *vm, value v) {
  uint32_t bits = I32(v);
  float f;
  memcpy(&f, &bits, sizeof f);
  return caml_copy_double(vm, (double)f);
}

/* ---- Int64 ---------------------------------------------------------------------- */

#define I64(v) ((uint64_t)Int64_val(v))
#define BOX64(vm, u) caml_copy_int64((vm), (int64_t)(uint64_t)(u))

value caml_int64_neg(Vm *vm, value v) { return BOX64(vm, 0u - I64(v)); }
value caml_int64_add(Vm *vm, value v1, value v2) { return BOX64(vm, I64(v1) + I64(v2)); }
value caml_int64_sub(Vm *vm, value v1, value v2) { return BOX64(vm, I64(v1) - I64(v2)); }
value caml_int64_mul(Vm *vm, value v1, value v2) { return BOX64(vm, I64(v1) * I64(v2)); }
value caml_int64_and(Vm *vm, value v1, value v2) { return BOX64(vm, I64(v1) & I64(v2)); }
value caml_int64_or(Vm *vm, value v1, value v2) { return BOX64(vm, I64(v1) | I64(v2)); }
value caml_int64_xor(Vm *vm, value v1, value v2) { return BOX64(vm, I64(v1) ^ I64(v2)); }

value caml_int64_div(Vm *vm, value v1, value v2) {
  int64_t dividend = Int64_val(v1), divisor = Int64_val(v2);
  if (divisor == 0) caml_raise_zero_divide(vm);
  if (dividend == INT64_MIN && divisor == -1) return v1;
  return caml_copy_int64(vm, dividend / divisor);
}

value caml_int64_mod(Vm *vm, value v1, value v2) {
  int64_t dividend = Int64_val(v1), divisor = Int64_val(v2);
  if (divisor == 0) caml_raise_zero_divide(vm);
  if (dividend == INT64_MIN && divisor == -1) return caml_copy_int64(vm, 0);
  return caml_copy_int64(vm, dividend % divisor);
}

value caml_int64_shift_left(Vm *vm, value v1, value v2) {
  return BOX64(vm, I64(v1) << (Long_val(v2) & 63));
}

value caml_int64_shift_right(Vm *vm, value v1, value v2) {
  return BOX64(vm, asr64(I64(v1), (unsigned)(Long_val(v2) & 63)));
}

value caml_int64_shift_right_unsigned(Vm *vm, value v1, value v2) {
  return BOX64(vm, I64(v1) >> (Long_val(v2) & 63));
}

value caml_int64_bswap(Vm *vm, value v) { return BOX64(vm, bswap64(I64(v))); }

value caml_int64_of_int(Vm *vm, value v) { return caml_copy_int64(vm, Long_val(v)); }

/* The low 63 bits, as OCaml's Val_long. */
value caml_int64_to_int(Vm *vm, value v) {
  (void)vm;
  return Val_long(Int64_val(v));
}

value caml_int64_of_float(Vm *vm, value v) {
  return caml_copy_int64(vm, float_to_int64(Double_val(v)));
}

value caml_int64_to_float(Vm *vm, value v) { return caml_copy_double(vm, (double)Int64_val(v)); }

value caml_int64_compare(Vm *vm, value v1, value v2) {
  (void)vm;
  int64_t x = Int64_val(v1), y = Int64_val(v2);
  return Val_int((x > y) - (x < y));
}

value caml_int64_of_int32(Vm *vm, value v) { return caml_copy_int64(vm, Int32_val(v)); }
value caml_int64_to_int32(Vm *vm, value v) { return BOX32(vm, I64(v)); }
value caml_int64_of_nativeint(Vm *vm, value v) { return caml_copy_int64(vm, Nativeint_val(v)); }
value caml_int64_to_nativeint(Vm *vm, value v) { return caml_copy_nativeint(vm, Int64_val(v)); }

value caml_int64_bits_of_float(Vm *vm, value v) {
  double d = Double_val(v);
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  return BOX64(vm, bits);
}

value caml_int64_float_of_bits(Vm *vm, value v) {
  uint64_t bits = I64(v);
  double d;
  memcpy(&d, &bits, sizeof d);
  return caml_copy_double(vm, d);
}

/* ---- Nativeint (64 bits: as Int64, in its own boxes) ------------------------- */

#define INAT(v) ((uint64_t)Nativeint_val(v))
#define BOXN(vm, u) caml_copy_nativeint((vm), (intnat)(uint64_t)(u))

value caml_nativeint_neg(Vm *vm, value v) { return BOXN(vm, 0u - INAT(v)); }
value caml_nativeint_add(Vm *vm, value v1, value v2) { return BOXN(vm, INAT(v1) + INAT(v2)); }
value caml_nativeint_sub(Vm *vm, value v1, value v2) { return BOXN(vm, INAT(v1) - INAT(v2)); }
value caml_nativeint_mul(Vm *vm, value v1, value v2) { return BOXN(vm, INAT(v1) * INAT(v2)); }
value caml_nativeint_and(Vm *vm, value v1, value v2) { return BOXN(vm, INAT(v1) & INAT(v2)); }
value caml_nativeint_or(Vm *vm, value v1, value v2) { return BOXN(vm, INAT(v1) | INAT(v2)); }
value caml_nativeint_xor(Vm *vm, value v1, value v2) { return BOXN(vm, INAT(v1) ^ INAT(v2)); }

value caml_nativeint_div(Vm *vm, value v1, value v2) {
  intnat dividend = Nativeint_val(v1), divisor = Nativeint_val(v2);
  if (divisor == 0) caml_raise_zero_divide(vm);
  if (dividend == INTPTR_MIN && divisor == -1) return v1;
  return caml_copy_nativeint(vm, dividend / divisor);
}

value caml_nativeint_mod(Vm *vm, value v1, value v2) {
  intnat dividend = Nativeint_val(v1), divisor = Nativeint_val(v2);
  if (divisor == 0) caml_raise_zero_divide(vm);
  if (dividend == INTPTR_MIN && divisor == -1) return caml_copy_nativeint(vm, 0);
  return caml_copy_nativeint(vm, dividend % divisor);
}

value caml_nativeint_shift_left(Vm *vm, value v1, value v2) {
  return BOXN(vm, INAT(v1) << (Long_val(v2) & 63));
}

value caml_nativeint_shift_right(Vm *vm, value v1, value v2) {
  return BOXN(vm, asr64(INAT(v1), (unsigned)(Long_val(v2) & 63)));
}

value caml_nativeint_shift_right_unsigned(Vm *vm, value v1, value v2) {
  return BOXN(vm, INAT(v1) >> (Long_val(v2) & 63));
}

value caml_nativeint_bswap(Vm *vm, value v) { return BOXN(vm, bswap64(INAT(v))); }

value caml_nativeint_of_int(Vm *vm, value v) { return caml_copy_nativeint(vm, Long_val(v)); }

value caml_nativeint_to_int(Vm *vm, value v) {
  (void)vm;
  return Val_long(Nativeint_val(v));
}

value caml_nativeint_of_float(Vm *vm, value v) {
  return caml_copy_nativeint(vm, float_to_int64(Double_val(v)));
}

value caml_nativeint_to_float(Vm *vm, value v) {
  return caml_copy_double(vm, (double)Nativeint_val(v));
}

value caml_nativeint_compare(Vm *vm, value v1, value v2) {
  (void)vm;
  intnat x = Nativeint_val(v1), y = Nativeint_val(v2);
  return Val_int((x > y) - (x < y));
}

value caml_nativeint_of_int32(Vm *vm, value v) { return caml_copy_nativeint(vm, Int32_val(v)); }
value caml_nativeint_to_int32(Vm *vm, value v) { return BOX32(vm, INAT(v)); }
