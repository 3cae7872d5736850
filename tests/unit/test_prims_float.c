/* Float primitives (vm/prim_float.c). Expected values from OCaml 4.13,
 * printed there with %h so that they are exact. */
#include <math.h>

#include "test_prims_call.h"

PRIMS_SUITE(prims_float);

static double f1(const char *name, double x) {
  value r = ok(call(name, 1, pin(dbl(x))));
  cr_assert_eq(Tag_val(r), Double_tag);
  return Double_val(r);
}

static double f2(const char *name, double x, double y) {
  value r = ok(call(name, 2, pin(dbl(x)), pin(dbl(y))));
  cr_assert_eq(Tag_val(r), Double_tag);
  return Double_val(r);
}

Test(prims_float, arithmetic) {
  cr_assert_eq(f2("caml_add_float", 1.5, 2.25), 3.75);
  cr_assert_eq(f2("caml_sub_float", 1.5, 2.25), -0.75);
  cr_assert_eq(f2("caml_mul_float", 1.5, -2.0), -3.0);
  cr_assert_eq(f2("caml_div_float", 1.0, 3.0), 0x1.5555555555555p-2);
  cr_assert(isinf(f2("caml_div_float", 1.0, 0.0)));
  cr_assert(isnan(f2("caml_div_float", 0.0, 0.0)));
  cr_assert_eq(f1("caml_neg_float", 2.0), -2.0);
  cr_assert(signbit(f1("caml_neg_float", 0.0)));
  cr_assert_eq(f1("caml_abs_float", -2.0), 2.0);
  cr_assert_eq(f2("caml_fmod_float", 7.5, 2.0), 0x1.8p+0);
  cr_assert_eq(f2("caml_fmod_float", -7.5, 2.0), -0x1.8p+0);
  cr_assert_eq(f2("caml_power_float", 2.0, 0.5), 0x1.6a09e667f3bcdp+0);
  cr_assert_eq(f1("caml_sqrt_float", 2.0), 0x1.6a09e667f3bcdp+0);
  cr_assert_eq(f1("caml_exp_float", 1.0), 0x1.5bf0a8b145769p+1);
  cr_assert_eq(f2("caml_hypot_float", 3.0, 4.0), 0x1.4p+2);
  cr_assert_eq(f2("caml_atan2_float", 1.0, 1.0), 0x1.921fb54442d18p-1);
  cr_assert_eq(f2("caml_copysign_float", 3.0, -0.0), -0x1.8p+1);
  cr_assert_eq(f2("caml_nextafter_float", 1.0, 2.0), 0x1.0000000000001p+0);
  value r = ok(call("caml_fma_float", 3, pin(dbl(2.0)), pin(dbl(3.0)), pin(dbl(1.0))));
  cr_assert_eq(Double_val(r), 7.0);
}

Test(prims_float, library_functions_agree_with_libm) {
  /* ocamlrun calls the same C library: any argument gives the same bits. */
  const char *names[] = {"caml_exp_float",  "caml_log_float",   "caml_log10_float",
                         "caml_sin_float",  "caml_cos_float",   "caml_tan_float",
                         "caml_asin_float", "caml_acos_float",  "caml_atan_float",
                         "caml_sinh_float", "caml_cosh_float",  "caml_tanh_float",
                         "caml_expm1_float", "caml_log1p_float", "caml_cbrt_float",
                         "caml_exp2_float", "caml_log2_float",  "caml_erf_float",
                         "caml_erfc_float", "caml_asinh_float", "caml_acosh_float",
                         "caml_atanh_float", "caml_floor_float", "caml_ceil_float"};
  double (*fns[])(double) = {exp,  log,   log10, sin,   cos,  tan,   asin,  acos,
                             atan, sinh,  cosh,  tanh,  expm1, log1p, cbrt, exp2,
                             log2, erf,   erfc,  asinh, acosh, atanh, floor, ceil};
  double args[] = {0.3, 1.7, -0.5, 12.25};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    for (size_t j = 0; j < 4; j++) {
      double want = fns[i](args[j]), got = f1(names[i], args[j]);
      cr_assert(got == want || (isnan(got) && isnan(want)), "%s(%g)", names[i], args[j]);
    }
}

Test(prims_float, rounding) {
  cr_assert_eq(f1("caml_round_float", 2.5), 3.0);
  cr_assert_eq(f1("caml_round_float", -2.5), -3.0);
  cr_assert_eq(f1("caml_round_float", 0.49999999999999994), 0.0);
  cr_assert_eq(f1("caml_trunc_float", -2.7), -2.0);
  cr_assert_eq(f1("caml_floor_float", -2.5), -3.0);
  cr_assert_eq(f1("caml_ceil_float", -2.5), -2.0);
}

Test(prims_float, frexp_ldexp_modf) {
  value r = ok(call("caml_frexp_float", 1, pin(dbl(12.0))));
  cr_assert_eq(Double_val(Field(r, 0)), 0.75);
  cr_assert_eq(Field(r, 1), Val_int(4));
  r = ok(call("caml_frexp_float", 1, pin(dbl(0.0))));
  cr_assert_eq(Double_val(Field(r, 0)), 0.0);
  cr_assert_eq(Field(r, 1), Val_int(0));
  cr_assert_eq(Double_val(ok(call("caml_ldexp_float", 2, pin(dbl(1.0)), Val_int(10)))), 1024.0);
  cr_assert_eq(Double_val(ok(call("caml_ldexp_float", 2, pin(dbl(3.0)), Val_int(-1)))), 1.5);
  /* OCaml keeps the low 32 bits of the exponent: ldexp 1. (1 lsl 32 + 3) = 8. */
  cr_assert_eq(Double_val(ok(call("caml_ldexp_float", 2, pin(dbl(1.0)),
                                  Val_long(((intnat)1 << 32) + 3)))),
               8.0);
  r = ok(call("caml_modf_float", 1, pin(dbl(3.75))));
  cr_assert_eq(Double_val(Field(r, 0)), 0.75);
  cr_assert_eq(Double_val(Field(r, 1)), 3.0);
  r = ok(call("caml_modf_float", 1, pin(dbl(-2.5))));
  cr_assert_eq(Double_val(Field(r, 0)), -0.5);
  cr_assert_eq(Double_val(Field(r, 1)), -2.0);
}

Test(prims_float, int_conversions) {
  cr_assert_eq(Double_val(ok(call("caml_float_of_int", 1, Val_long(Max_long)))), 0x1p+62);
  cr_assert_eq(Double_val(ok(call("caml_float_of_int", 1, Val_int(-3)))), -3.0);
  cr_assert_eq(call("caml_int_of_float", 1, pin(dbl(3.9))), Val_int(3));
  cr_assert_eq(call("caml_int_of_float", 1, pin(dbl(-3.9))), Val_int(-3));
  /* As ocamlrun on x86-64: out of range and NaN give 0. */
  cr_assert_eq(call("caml_int_of_float", 1, pin(dbl(1e300))), Val_int(0));
  cr_assert_eq(call("caml_int_of_float", 1, pin(dbl(NAN))), Val_int(0));
  cr_assert_eq(call("caml_int_of_float", 1, pin(dbl(-INFINITY))), Val_int(0));
  /* In range for C but not for OCaml's int: wraps (2^62 -> min_int). */
  cr_assert_eq(call("caml_int_of_float", 1, pin(dbl(0x1p62))), Val_long(Min_long));
}

Test(prims_float, comparisons) {
  value one = pin(dbl(1.0)), two = pin(dbl(2.0)), nan1 = pin(dbl(NAN));
  cr_assert_eq(call("caml_eq_float", 2, one, one), Val_true);
  cr_assert_eq(call("caml_eq_float", 2, nan1, nan1), Val_false);
  cr_assert_eq(call("caml_neq_float", 2, nan1, nan1), Val_true);
  cr_assert_eq(call("caml_lt_float", 2, one, two), Val_true);
  cr_assert_eq(call("caml_le_float", 2, two, two), Val_true);
  cr_assert_eq(call("caml_gt_float", 2, one, two), Val_false);
  cr_assert_eq(call("caml_ge_float", 2, nan1, one), Val_false);
  cr_assert_eq(call("caml_float_compare", 2, nan1, one), Val_int(-1));
  cr_assert_eq(call("caml_float_compare", 2, one, nan1), Val_int(1));
  cr_assert_eq(call("caml_float_compare", 2, nan1, nan1), Val_int(0));
  cr_assert_eq(call("caml_float_compare", 2, two, one), Val_int(1));
  cr_assert_eq(call("caml_float_compare", 2, pin(dbl(0.0)), pin(dbl(-0.0))), Val_int(0));
}

Test(prims_float, classify_and_sign) {
  cr_assert_eq(call("caml_classify_float", 1, pin(dbl(1.0))), Val_int(0));
  cr_assert_eq(call("caml_classify_float", 1, pin(dbl(1e-310))), Val_int(1));
  cr_assert_eq(call("caml_classify_float", 1, pin(dbl(0.0))), Val_int(2));
  cr_assert_eq(call("caml_classify_float", 1, pin(dbl(-INFINITY))), Val_int(3));
  cr_assert_eq(call("caml_classify_float", 1, pin(dbl(NAN))), Val_int(4));
  cr_assert_eq(call("caml_signbit_float", 1, pin(dbl(-0.0))), Val_true);
  cr_assert_eq(call("caml_signbit_float", 1, pin(dbl(1.0))), Val_false);
}
