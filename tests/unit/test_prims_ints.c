/* Boxed integer primitives (vm/prim_ints.c). Expected values from OCaml
 * 4.13 on x86-64. */
#include <math.h>

#include "test_prims_call.h"

PRIMS_SUITE(prims_ints);

static int32_t r32(value r) {
  r = ok(r);
  cr_assert_eq(Tag_val(r), Custom_tag);
  cr_assert_str_eq(Custom_ops_val(r)->identifier, "_i");
  return Int32_val(r);
}
static int64_t r64(value r) {
  r = ok(r);
  cr_assert_str_eq(Custom_ops_val(r)->identifier, "_j");
  return Int64_val(r);
}
static intnat rnat(value r) {
  r = ok(r);
  cr_assert_str_eq(Custom_ops_val(r)->identifier, "_n");
  return Nativeint_val(r);
}

#define C32(name, a, b) r32(call(name, 2, pin(i32(a)), pin(i32(b))))
#define C64(name, a, b) r64(call(name, 2, pin(i64(a)), pin(i64(b))))
#define CNAT(name, a, b) rnat(call(name, 2, pin(inat(a)), pin(inat(b))))

Test(prims_ints, int32_arithmetic_wraps) {
  cr_assert_eq(C32("caml_int32_add", INT32_MAX, 1), INT32_MIN);
  cr_assert_eq(C32("caml_int32_sub", INT32_MIN, 1), INT32_MAX);
  cr_assert_eq(C32("caml_int32_mul", 65536, 65536), 0);
  cr_assert_eq(r32(call("caml_int32_neg", 1, pin(i32(INT32_MIN)))), INT32_MIN);
  cr_assert_eq(C32("caml_int32_and", 0xf0, 0xff), 0xf0);
  cr_assert_eq(C32("caml_int32_or", 0xf0, 0x0f), 0xff);
  cr_assert_eq(C32("caml_int32_xor", 0xf0, 0xff), 15);
}

Test(prims_ints, int32_division) {
  cr_assert_eq(C32("caml_int32_div", -7, 2), -3);
  cr_assert_eq(C32("caml_int32_mod", -7, 2), -1);
  cr_assert_eq(C32("caml_int32_div", INT32_MIN, -1), INT32_MIN);
  cr_assert_eq(C32("caml_int32_mod", INT32_MIN, -1), 0);
  assert_exn_const(call("caml_int32_div", 2, pin(i32(1)), pin(i32(0))), EXN_DIVISION_BY_ZERO);
  assert_exn_const(call("caml_int32_mod", 2, pin(i32(1)), pin(i32(0))), EXN_DIVISION_BY_ZERO);
}

Test(prims_ints, int32_shifts) {
  cr_assert_eq(r32(call("caml_int32_shift_left", 2, pin(i32(1)), Val_int(31))), INT32_MIN);
  cr_assert_eq(r32(call("caml_int32_shift_right", 2, pin(i32(-8)), Val_int(1))), -4);
  cr_assert_eq(r32(call("caml_int32_shift_right_unsigned", 2, pin(i32(-8)), Val_int(1))),
               2147483644);
  /* Counts are masked to 5 bits, as on x86-64. */
  cr_assert_eq(r32(call("caml_int32_shift_left", 2, pin(i32(1)), Val_int(33))), 2);
  cr_assert_eq(r32(call("caml_int32_shift_right", 2, pin(i32(-8)), Val_int(33))), -4);
  cr_assert_eq(r32(call("caml_int32_shift_right", 2, pin(i32(-8)), Val_int(0))), -8);
}

Test(prims_ints, int32_conversions) {
  cr_assert_eq(r32(call("caml_int32_of_int", 1, Val_long(0x100000005))), 5);
  cr_assert_eq(call("caml_int32_to_int", 1, pin(i32(-5))), Val_int(-5));
  cr_assert_eq(r32(call("caml_int32_of_float", 1, pin(dbl(3.9)))), 3);
  cr_assert_eq(r32(call("caml_int32_of_float", 1, pin(dbl(-2147483648.9)))), INT32_MIN);
  cr_assert_eq(r32(call("caml_int32_of_float", 1, pin(dbl(1e10)))), INT32_MIN);
  cr_assert_eq(r32(call("caml_int32_of_float", 1, pin(dbl(NAN)))), INT32_MIN);
  cr_assert_eq(Double_val(ok(call("caml_int32_to_float", 1, pin(i32(-7))))), -7.0);
  cr_assert_eq(r32(call("caml_int32_bits_of_float", 1, pin(dbl(1.5)))), 1069547520);
  cr_assert_eq(Double_val(ok(call("caml_int32_float_of_bits", 1, pin(i32(0x40490fdb))))),
               0x1.921fb6p+1);
  cr_assert_eq(r32(call("caml_int32_bswap", 1, pin(i32(0x01020304)))), 0x04030201);
  cr_assert_eq(call("caml_int32_compare", 2, pin(i32(1)), pin(i32(2))), Val_int(-1));
  cr_assert_eq(call("caml_int32_compare", 2, pin(i32(2)), pin(i32(2))), Val_int(0));
}

Test(prims_ints, int64_arithmetic) {
  cr_assert_eq(C64("caml_int64_add", INT64_MAX, 1), INT64_MIN);
  cr_assert_eq(C64("caml_int64_sub", 0, INT64_MIN), INT64_MIN);
  cr_assert_eq(C64("caml_int64_mul", INT64_MAX, 2), -2);
  cr_assert_eq(r64(call("caml_int64_neg", 1, pin(i64(5)))), -5);
  cr_assert_eq(C64("caml_int64_div", INT64_MIN, -1), INT64_MIN);
  cr_assert_eq(C64("caml_int64_mod", INT64_MIN, -1), 0);
  cr_assert_eq(C64("caml_int64_div", -7, 2), -3);
  cr_assert_eq(C64("caml_int64_mod", -7, 2), -1);
  assert_exn_const(call("caml_int64_div", 2, pin(i64(1)), pin(i64(0))), EXN_DIVISION_BY_ZERO);
  assert_exn_const(call("caml_int64_mod", 2, pin(i64(1)), pin(i64(0))), EXN_DIVISION_BY_ZERO);
  cr_assert_eq(C64("caml_int64_and", 0xff0, 0x0ff), 0xf0);
  cr_assert_eq(C64("caml_int64_or", 0xf00, 0x0f), 0xf0f);
  cr_assert_eq(C64("caml_int64_xor", 1, 3), 2);
}

Test(prims_ints, int64_shifts_and_bits) {
  cr_assert_eq(r64(call("caml_int64_shift_right", 2, pin(i64(INT64_MIN)), Val_int(63))), -1);
  cr_assert_eq(r64(call("caml_int64_shift_right_unsigned", 2, pin(i64(INT64_MIN)), Val_int(63))),
               1);
  cr_assert_eq(r64(call("caml_int64_shift_left", 2, pin(i64(1)), Val_int(64))), 1);
  cr_assert_eq(r64(call("caml_int64_shift_left", 2, pin(i64(3)), Val_int(62))),
               (int64_t)0xC000000000000000ull);
  cr_assert_eq(r64(call("caml_int64_bits_of_float", 1, pin(dbl(-0.0)))), INT64_MIN);
  cr_assert_eq(r64(call("caml_int64_bits_of_float", 1, pin(dbl(1.0)))), 4607182418800017408LL);
  cr_assert_eq(Double_val(ok(call("caml_int64_float_of_bits", 1, pin(i64(4607182418800017408LL))))),
               1.0);
  cr_assert_eq(r64(call("caml_int64_bswap", 1, pin(i64(0x0102030405060708LL)))),
               0x0807060504030201LL);
}

Test(prims_ints, int64_conversions) {
  cr_assert_eq(call("caml_int64_to_int", 1, pin(i64(INT64_MAX))), Val_int(-1));
  cr_assert_eq(r64(call("caml_int64_of_int", 1, Val_long(Min_long))), Min_long);
  cr_assert_eq(r64(call("caml_int64_of_int32", 1, pin(i32(-1)))), -1);
  cr_assert_eq(r32(call("caml_int64_to_int32", 1, pin(i64(0x123456789LL)))), 591751049);
  cr_assert_eq(r64(call("caml_int64_of_nativeint", 1, pin(inat(-3)))), -3);
  cr_assert_eq(rnat(call("caml_int64_to_nativeint", 1, pin(i64(7)))), 7);
  cr_assert_eq(r64(call("caml_int64_of_float", 1, pin(dbl(-1e19)))), INT64_MIN);
  cr_assert_eq(r64(call("caml_int64_of_float", 1, pin(dbl(-2.5)))), -2);
  cr_assert_eq(Double_val(ok(call("caml_int64_to_float", 1, pin(i64(1LL << 53))))), 0x1p53);
  cr_assert_eq(call("caml_int64_compare", 2, pin(i64(2)), pin(i64(1))), Val_int(1));
}

Test(prims_ints, nativeint) {
  cr_assert_eq(CNAT("caml_nativeint_add", INTPTR_MAX, 1), INTPTR_MIN);
  cr_assert_eq(CNAT("caml_nativeint_sub", 1, 2), -1);
  cr_assert_eq(CNAT("caml_nativeint_mul", 3, -4), -12);
  cr_assert_eq(CNAT("caml_nativeint_div", INTPTR_MIN, -1), INTPTR_MIN);
  cr_assert_eq(CNAT("caml_nativeint_mod", INTPTR_MIN, -1), 0);
  cr_assert_eq(CNAT("caml_nativeint_and", 0xff0, 0x0ff), 0xf0);
  cr_assert_eq(CNAT("caml_nativeint_or", 1, 2), 3);
  cr_assert_eq(CNAT("caml_nativeint_xor", 3, 1), 2);
  assert_exn_const(call("caml_nativeint_div", 2, pin(inat(1)), pin(inat(0))), EXN_DIVISION_BY_ZERO);
  assert_exn_const(call("caml_nativeint_mod", 2, pin(inat(1)), pin(inat(0))), EXN_DIVISION_BY_ZERO);
  cr_assert_eq(rnat(call("caml_nativeint_neg", 1, pin(inat(4)))), -4);
  cr_assert_eq(rnat(call("caml_nativeint_shift_left", 2, pin(inat(1)), Val_int(65))), 2);
  cr_assert_eq(rnat(call("caml_nativeint_shift_right", 2, pin(inat(-16)), Val_int(2))), -4);
  cr_assert_eq(rnat(call("caml_nativeint_shift_right_unsigned", 2, pin(inat(-1)), Val_int(60))), 15);
  cr_assert_eq(rnat(call("caml_nativeint_bswap", 1, pin(inat(0x0102030405060708LL)))),
               0x0807060504030201LL);
  cr_assert_eq(rnat(call("caml_nativeint_of_int", 1, Val_int(-9))), -9);
  cr_assert_eq(call("caml_nativeint_to_int", 1, pin(inat(-9))), Val_int(-9));
  cr_assert_eq(rnat(call("caml_nativeint_of_float", 1, pin(dbl(INFINITY)))), INTPTR_MIN);
  cr_assert_eq(Double_val(ok(call("caml_nativeint_to_float", 1, pin(inat(3))))), 3.0);
  cr_assert_eq(rnat(call("caml_nativeint_of_int32", 1, pin(i32(-3)))), -3);
  cr_assert_eq(r32(call("caml_nativeint_to_int32", 1, pin(inat(0x100000002LL)))), 2);
  cr_assert_eq(call("caml_nativeint_compare", 2, pin(inat(3)), pin(inat(3))), Val_int(0));
}

Test(prims_ints, division_by_min_returns_its_argument) {
  /* OCaml returns the dividend box itself for min_int / -1. */
  value m = pin(i32(INT32_MIN));
  cr_assert_eq(call("caml_int32_div", 2, m, pin(i32(-1))), m);
}
