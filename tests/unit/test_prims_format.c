/* Number formatting and parsing (vm/prim_format.c). Every expected string
 * was printed by OCaml 4.13 calling the same primitive. */
#include <math.h>

#include "test_prims_call.h"

PRIMS_SUITE(prims_format);

#define FMT_INT(fmt, n, want) assert_str(call("caml_format_int", 2, pin(str(fmt)), Val_long(n)), want)
#define FMT_FLOAT(fmt, d, want) \
  assert_str(call("caml_format_float", 2, pin(str(fmt)), pin(dbl(d))), want)
#define HEX(d, prec, style, want) \
  assert_str(call("caml_hexstring_of_float", 3, pin(dbl(d)), Val_int(prec), Val_int(style)), want)

Test(prims_format, format_int) {
  FMT_INT("%d", Max_long, "4611686018427387903");
  FMT_INT("%d", Min_long, "-4611686018427387904");
  FMT_INT("%x", -1, "7fffffffffffffff"); /* unsigned conversions see 63 bits */
  FMT_INT("%o", -1, "777777777777777777777");
  FMT_INT("%u", -1, "9223372036854775807");
  FMT_INT("%X", 255, "FF");
  FMT_INT("%#x", 255, "0xff");
  FMT_INT("%5d", 42, "   42");
  FMT_INT("%-5d", 42, "42   ");
  FMT_INT("%05d", -42, "-0042");
  FMT_INT("%+d", 0, "+0");
  FMT_INT("% d", 7, " 7");
  FMT_INT("%.3d", 7, "007");
  FMT_INT("%nd", 12, "12");
  FMT_INT("%Ld", 12, "12");
  FMT_INT("%ld", 12, "12");
  FMT_INT("%i", -3, "-3");
  FMT_INT("x=%d", 3, "x=3");
  FMT_INT("%000000000000000000000000005d", 1, "00001");
  assert_invalid_arg(call("caml_format_int", 2, pin(str("%0000000000000000000000000005d")), Val_int(1)),
                     "format_int: format too long");
}

Test(prims_format, format_int_refuses_bad_formats) {
  const char *bad[] = {"%s", "%d%d", "%", "d", "", "%5", "%d|", "%n", "%*d", "%ll", "%f"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_invalid_arg(call("caml_format_int", 2, pin(str(bad[i])), Val_int(1)),
                       "format_int: bad format");
  assert_invalid_arg(call("caml_format_int", 2, pin(str_n("%\0d", 3)), Val_int(1)),
                     "format_int: bad format");
  assert_str(call("caml_format_int", 2, pin(str("%%%d")), Val_int(5)), "%5");
}

Test(prims_format, format_boxed_ints) {
  assert_str(call("caml_int32_format", 2, pin(str("%d")), pin(i32(-1))), "-1");
  assert_str(call("caml_int32_format", 2, pin(str("%x")), pin(i32(-1))), "ffffffff");
  assert_str(call("caml_int32_format", 2, pin(str("%u")), pin(i32(-1))), "4294967295");
  assert_str(call("caml_int32_format", 2, pin(str("%ld")), pin(i32(5))), "5");
  assert_str(call("caml_int32_format", 2, pin(str("%#o")), pin(i32(8))), "010");
  assert_str(call("caml_int64_format", 2, pin(str("%d")), pin(i64(INT64_MIN))),
             "-9223372036854775808");
  assert_str(call("caml_int64_format", 2, pin(str("%Lx")), pin(i64(-1))), "ffffffffffffffff");
  assert_str(call("caml_int64_format", 2, pin(str("%Lu")), pin(i64(-1))), "18446744073709551615");
  assert_str(call("caml_int64_format", 2, pin(str("%+Ld")), pin(i64(5))), "+5");
  assert_str(call("caml_nativeint_format", 2, pin(str("%nd")), pin(inat(-5))), "-5");
  assert_str(call("caml_nativeint_format", 2, pin(str("%nx")), pin(inat(-1))), "ffffffffffffffff");
  assert_str(call("caml_nativeint_format", 2, pin(str("%nu")), pin(inat(-1))),
             "18446744073709551615");
  assert_invalid_arg(call("caml_int32_format", 2, pin(str("%s")), pin(i32(1))),
                     "format_int: bad format");
}

Test(prims_format, format_float) {
  FMT_FLOAT("%f", 3.14159, "3.141590");
  FMT_FLOAT("%.12g", 0.1, "0.1");
  FMT_FLOAT("%.17g", 0.1, "0.10000000000000001");
  FMT_FLOAT("%e", 1234.5, "1.234500e+03");
  FMT_FLOAT("%g", 1e-5, "1e-05");
  FMT_FLOAT("%f", NAN, "nan");
  FMT_FLOAT("%f", -NAN, "-nan");
  FMT_FLOAT("%f", INFINITY, "inf");
  FMT_FLOAT("%f", -INFINITY, "-inf");
  FMT_FLOAT("%.0f", 2.5, "2");
  FMT_FLOAT("%10.3f", -1.5, "    -1.500");
  FMT_FLOAT("%-10.1e|", 1.0, "1.0e+00   |");
  FMT_FLOAT("%+.3g", 1e10, "+1e+10");
  FMT_FLOAT("%F", 1.0, "1.000000");
  FMT_FLOAT("%a", 1.0, "0x1p+0");
  FMT_FLOAT("%.12g", 1e15, "1e+15");
  FMT_FLOAT("%.12g", 123456789012345., "1.23456789012e+14");
  FMT_FLOAT("%.1000f", 1.0, "1."
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "000000000000000000000000000000000000000000000000000000000000000000000000000"
                             "0000000000000000000000000");
  const char *bad[] = {"%d", "%s", "%f%f", "%Lf", "", "%", "%n"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_invalid_arg(call("caml_format_float", 2, pin(str(bad[i])), pin(dbl(1.0))),
                       "format_float: bad format");
}

Test(prims_format, hexstring_of_float) {
  HEX(1.0, -1, '-', "0x1p+0");
  HEX(-1.5, 3, '+', "-0x1.800p+0");
  HEX(2.0, -1, '+', "+0x1p+1");
  HEX(0.1, 0, ' ', " 0x2p-4");
  HEX(NAN, -1, '+', "+nan");
  HEX(-INFINITY, -1, '-', "-infinity");
  HEX(5e-324, -1, '-', "0x0.0000000000001p-1022");
  HEX(1.96875, 1, '-', "0x2.0p+0");
  HEX(0.1, 20, '-', "0x1.999999999999a0000000p-4");
  HEX(1.0, 13, '-', "0x1.0000000000000p+0");
  HEX(0.0, -1, '-', "0x0p+0");
  HEX(-0.0, -1, '-', "-0x0p+0");
  HEX(0.1, 3, '-', "0x1.99ap-4");
  HEX(2.5, 0, '-', "0x1p+1"); /* ties to even */
  HEX(3.5, 0, '-', "0x2p+1");
}

static void int_of_string_is(const char *s, intnat want) {
  value r = call("caml_int_of_string", 1, pin(str(s)));
  cr_assert(!Is_exception_result(r), "\"%s\" raised", s);
  cr_assert_eq(Long_val(r), want, "\"%s\" gave %ld", s, (long)Long_val(r));
}

Test(prims_format, int_of_string) {
  int_of_string_is("0x7fffffffffffffff", -1);
  int_of_string_is("0x4000000000000000", Min_long);
  int_of_string_is("4611686018427387903", Max_long);
  int_of_string_is("-4611686018427387904", Min_long);
  int_of_string_is("0b101", 5);
  int_of_string_is("0o17", 15);
  int_of_string_is("0u123", 123);
  int_of_string_is("-0x1", -1);
  int_of_string_is("1_000", 1000);
  int_of_string_is("1_", 1);
  int_of_string_is("+5", 5);
  int_of_string_is("0X1F", 31);
  int_of_string_is("0u4611686018427387904", Min_long);
  int_of_string_is("0u9223372036854775807", -1);
  int_of_string_is("-0u1", -1);
  int_of_string_is("0", 0);
  const char *bad[] = {"4611686018427387904", "-4611686018427387905", "_1", "0x_1", "", "-",
                       "0xg", "12a", " 1", "0x", "0x8000000000000000", "99999999999999999999"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_failure(call("caml_int_of_string", 1, pin(str(bad[i]))), "int_of_string");
  assert_failure(call("caml_int_of_string", 1, pin(str_n("12\0", 3))), "int_of_string");
}

Test(prims_format, boxed_of_string) {
  cr_assert_eq(Int32_val(ok(call("caml_int32_of_string", 1, pin(str("2147483647"))))), INT32_MAX);
  cr_assert_eq(Int32_val(ok(call("caml_int32_of_string", 1, pin(str("-2147483648"))))), INT32_MIN);
  cr_assert_eq(Int32_val(ok(call("caml_int32_of_string", 1, pin(str("0xffffffff"))))), -1);
  cr_assert_eq(Int32_val(ok(call("caml_int32_of_string", 1, pin(str("-0xffffffff"))))), 1);
  assert_failure(call("caml_int32_of_string", 1, pin(str("2147483648"))), "Int32.of_string");
  assert_failure(call("caml_int32_of_string", 1, pin(str("0x100000000"))), "Int32.of_string");
  cr_assert_eq(Int64_val(ok(call("caml_int64_of_string", 1, pin(str("9223372036854775807"))))),
               INT64_MAX);
  cr_assert_eq(Int64_val(ok(call("caml_int64_of_string", 1, pin(str("-9223372036854775808"))))),
               INT64_MIN);
  cr_assert_eq(Int64_val(ok(call("caml_int64_of_string", 1, pin(str("0xffffffffffffffff"))))), -1);
  assert_failure(call("caml_int64_of_string", 1, pin(str("9223372036854775808"))),
                 "Int64.of_string");
  assert_failure(call("caml_int64_of_string", 1, pin(str("0x10000000000000000"))),
                 "Int64.of_string");
  cr_assert_eq(Nativeint_val(ok(call("caml_nativeint_of_string", 1,
                                     pin(str("0u18446744073709551615"))))),
               -1);
  assert_failure(call("caml_nativeint_of_string", 1, pin(str("9223372036854775808"))),
                 "Nativeint.of_string");
}

static void float_of_string_is(const char *s, double want) {
  value r = call("caml_float_of_string", 1, pin(str(s)));
  cr_assert(!Is_exception_result(r), "\"%s\" raised", s);
  double got = Double_val(r);
  cr_assert(got == want || (isnan(got) && isnan(want)), "\"%s\" gave %a, want %a", s, got, want);
  cr_assert_eq(signbit(got), signbit(want), "\"%s\": sign", s);
}

Test(prims_format, float_of_string) {
  float_of_string_is("1.5", 1.5);
  float_of_string_is("1e10", 1e10);
  float_of_string_is("0x1p3", 8.0);
  float_of_string_is("0x1.8p1", 3.0);
  float_of_string_is("-0x.8", -0.5);
  float_of_string_is("1_000.5", 1000.5);
  float_of_string_is("nan", NAN);
  float_of_string_is("-inf", -INFINITY);
  float_of_string_is("infinity", INFINITY);
  float_of_string_is(" 1", 1.0);
  float_of_string_is("0x1P-1074", 0x1p-1074);
  float_of_string_is("0x1p-1080", 0.0);
  float_of_string_is("0x1.fffffffffffff8p1023", INFINITY);
  float_of_string_is("1e400", INFINITY);
  float_of_string_is("0x1p99999999999", INFINITY);
  float_of_string_is("0x0p99999999999", 0.0);
  float_of_string_is("-0x1p-99999999999", -0.0);
  float_of_string_is("+0x10", 16.0);
  float_of_string_is("-0", -0.0);
  float_of_string_is("0x1.000000000000000000001p0", 1.0);
  float_of_string_is("0x1.00000000000008000000001p0", 0x1.0000000000001p0);
  float_of_string_is("0x100000000000000000000", 0x1p80);
  float_of_string_is("12345678901234567890123456789", 12345678901234567890123456789.0);
  const char *bad[] = {"", "_", "0x", "0x1p", "1 ", "0x1.ghp0", "0x1.2.3", "1e", "abc", "--1", "0x-1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_failure(call("caml_float_of_string", 1, pin(str(bad[i]))), "float_of_string");
  assert_failure(call("caml_float_of_string", 1, pin(str_n("1\0", 2))), "float_of_string");
  /* Longer than the 64-byte buffer. */
  float_of_string_is("1.000000000000000000000000000000000000000000000000000000000000000000000001", 1.0);
}
