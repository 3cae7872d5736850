/* Float arithmetic and the functions of Float and Stdlib, as OCaml 4.13's
 * runtime/floats.c. In bytecode every float operation is a C call on boxed
 * floats; each result is a fresh box. The computations are the C
 * library's, as in ocamlrun, so results agree to the last bit.
 *
 * Formatting and parsing (string_of_float, float_of_string, %h) are in
 * prim_format.c; bits_of_float and float_of_bits in prim_ints.c.
 */
#include <math.h>

#include "alloc.h"
#include "fail.h"
#include "vm.h"

#define UNARY(name, expr)                    \
  value name(Vm *vm, value f) {              \
    double x = Double_val(f);                \
    return caml_copy_double(vm, (expr));     \
  }
#define BINARY(name, expr)                          \
  value name(Vm *vm, value f, value g) {            \
    double x = Double_val(f), y = Double_val(g);    \
    return caml_copy_double(vm, (expr));            \
  }
#define COMPARISON(name, op)                  \
  value name(Vm *vm, value f, value g) {      \
    (void)vm;                                 \
    return Val_bool(Double_val(f) op Double_val(g)); \
  }

/* ---- Arithmetic ------------------------------------------------------------- */

UNARY(caml_neg_float, -x)
UNARY(caml_abs_float, fabs(x))
BINARY(caml_add_float, x + y)
BINARY(caml_sub_float, x - y)
BINARY(caml_mul_float, x * y)
BINARY(caml_div_float, x / y)
BINARY(caml_fmod_float, fmod(x, y))
BINARY(caml_power_float, pow(x, y))
UNARY(caml_sqrt_float, sqrt(x))
UNARY(caml_cbrt_float, cbrt(x))

value caml_fma_float(Vm *vm, value f, value g, value h) {
  return caml_copy_double(vm, fma(Double_val(f), Double_val(g), Double_val(h)));
}

/* ---- Exponentials, logarithms, trigonometry -------------------------------- */

UNARY(caml_exp_float, exp(x))
UNARY(caml_exp2_float, exp2(x))
UNARY(caml_expm1_float, expm1(x))
UNARY(caml_log_float, log(x))
UNARY(caml_log10_float, log10(x))
UNARY(caml_log2_float, log2(x))
UNARY(caml_log1p_float, log1p(x))
UNARY(caml_sin_float, sin(x))
UNARY(caml_cos_float, cos(x))
UNARY(caml_tan_float, tan(x))
UNARY(caml_asin_float, asin(x))
UNARY(caml_acos_float, acos(x))
UNARY(caml_atan_float, atan(x))
BINARY(caml_atan2_float, atan2(x, y))
BINARY(caml_hypot_float, hypot(x, y))
UNARY(caml_sinh_float, sinh(x))
UNARY(caml_cosh_float, cosh(x))
UNARY(caml_tanh_float, tanh(x))
UNARY(caml_asinh_float, asinh(x))
UNARY(caml_acosh_float, acosh(x))
UNARY(caml_atanh_float, atanh(x))
UNARY(caml_erf_float, erf(x))
UNARY(caml_erfc_float, erfc(x))

/* ---- Rounding and decomposition ----------------------------------------------- */

UNARY(caml_floor_float, floor(x))
UNARY(caml_ceil_float, ceil(x))
UNARY(caml_trunc_float, trunc(x))
UNARY(caml_round_float, round(x)) /* half away from zero */
BINARY(caml_copysign_float, copysign(x, y))
BINARY(caml_nextafter_float, nextafter(x, y))

/* ldexp x n: OCaml passes n through Int_val, which keeps its low 32 bits
 * (ldexp 1. (1 lsl 32 + 3) = 8.), and zvm does the same. */
value caml_ldexp_float(Vm *vm, value f, value n) {
  return caml_copy_double(vm, ldexp(Double_val(f), (int)(int32_t)(uint32_t)Long_val(n)));
}

/* (mantissa, exponent) */
value caml_frexp_float(Vm *vm, value f) {
  int exponent;
  value mantissa = caml_copy_double(vm, frexp(Double_val(f), &exponent));
  ROOTS_BEGIN(vm);
  ROOT(vm, mantissa);
  value res = caml_alloc(vm, 2, 0);
  ROOTS_END(vm);
  Field(res, 0) = mantissa;
  Field(res, 1) = Val_int(exponent);
  return res;
}

/* (fractional part, integral part) */
value caml_modf_float(Vm *vm, value f) {
  double integral;
  double frac = modf(Double_val(f), &integral);
  value vfrac = caml_copy_double(vm, frac), vint = Val_unit;
  ROOTS_BEGIN(vm);
  ROOT(vm, vfrac);
  ROOT(vm, vint);
  vint = caml_copy_double(vm, integral);
  value res = caml_alloc(vm, 2, 0);
  ROOTS_END(vm);
  Field(res, 0) = vfrac;
  Field(res, 1) = vint;
  return res;
}

/* ---- Conversions ---------------------------------------------------------- */

value caml_float_of_int(Vm *vm, value n) { return caml_copy_double(vm, (double)Long_val(n)); }

/* C leaves out-of-range conversions undefined; ocamlrun on x86-64 gets the
 * "integer indefinite" 0x8000000000000000 from cvttsd2si, which tagging
 * turns into 0. zvm computes that result on every machine. */
value caml_int_of_float(Vm *vm, value f) {
  (void)vm;
  double d = Double_val(f);
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return Val_long(0);
  return Val_long((intnat)d);
}

/* ---- Comparisons and classification ----------------------------------------- */

COMPARISON(caml_eq_float, ==)
COMPARISON(caml_neq_float, !=)
COMPARISON(caml_lt_float, <)
COMPARISON(caml_le_float, <=)
COMPARISON(caml_gt_float, >)
COMPARISON(caml_ge_float, >=)

/* compare on floats: a total order where NaN equals itself and is below
 * every other float. */
value caml_float_compare(Vm *vm, value vf, value vg) {
  (void)vm;
  double f = Double_val(vf), g = Double_val(vg);
  return Val_int((f > g) - (f < g) + (f == f) - (g == g));
}

/* Stdlib.fpclass: FP_normal | FP_subnormal | FP_zero | FP_infinite | FP_nan */
value caml_classify_float(Vm *vm, value vd) {
  (void)vm;
  switch (fpclassify(Double_val(vd))) {
  case FP_NAN: return Val_int(4);
  case FP_INFINITE: return Val_int(3);
  case FP_ZERO: return Val_int(2);
  case FP_SUBNORMAL: return Val_int(1);
  default: return Val_int(0);
  }
}

value caml_signbit_float(Vm *vm, value f) {
  (void)vm;
  return Val_bool(signbit(Double_val(f)));
}
