/* Strings and bytes (vm/prim_string.c). Expected values from OCaml 4.13. */
#include "test_prims_call.h"

PRIMS_SUITE(prims_string);

Test(prims_string, lengths) {
  value s = pin(str("hello"));
  cr_assert_eq(call("caml_ml_string_length", 1, s), Val_int(5));
  cr_assert_eq(call("caml_ml_bytes_length", 1, s), Val_int(5));
  cr_assert_eq(call("caml_ml_string_length", 1, pin(str(""))), Val_int(0));
  cr_assert_eq(call("caml_ml_string_length", 1, pin(str_n("a\0b\0\0\0\0\0", 8))), Val_int(8));
}

Test(prims_string, create_bytes) {
  for (int len = 0; len < 20; len++) {
    value b = ok(call("caml_create_bytes", 1, Val_int(len)));
    cr_assert_eq(Tag_val(b), String_tag);
    cr_assert_eq(caml_string_length(b), (mlsize_t)len);
  }
  assert_invalid_arg(call("caml_create_bytes", 1, Val_int(-1)), "Bytes.create");
  assert_invalid_arg(call("caml_create_bytes", 1, Val_long(Max_long)), "Bytes.create");
  assert_invalid_arg(call("caml_create_string", 1, Val_int(-1)), "String.create");
}

Test(prims_string, get_set) {
  value s = pin(str("abc"));
  cr_assert_eq(call("caml_string_get", 2, s, Val_int(0)), Val_int('a'));
  cr_assert_eq(call("caml_bytes_get", 2, s, Val_int(2)), Val_int('c'));
  assert_invalid_arg(call("caml_string_get", 2, s, Val_int(3)), "index out of bounds");
  assert_invalid_arg(call("caml_string_get", 2, s, Val_int(-1)), "index out of bounds");
  ok(call("caml_bytes_set", 3, s, Val_int(1), Val_int('X')));
  cr_assert(string_is(s, "aXc", 3));
  /* Only the low 8 bits are stored. */
  ok(call("caml_bytes_set", 3, s, Val_int(2), Val_int(0x141)));
  cr_assert(string_is(s, "aXA", 3));
  assert_invalid_arg(call("caml_bytes_set", 3, s, Val_int(3), Val_int('!')), "index out of bounds");
  cr_assert_eq(call("caml_string_get", 2, pin(str("\xff")), Val_int(0)), Val_int(255));
}

Test(prims_string, little_endian_loads) {
  value b = pin(str("\x01\x02\x03\x04\x05\x06\x07\x08\x09"));
  cr_assert_eq(call("caml_bytes_get16", 2, b, Val_int(1)), Val_int(770));
  cr_assert_eq(Int32_val(ok(call("caml_bytes_get32", 2, b, Val_int(1)))), 84148994);
  cr_assert_eq(Int64_val(ok(call("caml_bytes_get64", 2, b, Val_int(1)))), 650777868590383874LL);
  value s = pin(str("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8"));
  cr_assert_eq(call("caml_string_get16", 2, s, Val_int(0)), Val_int(65279));
  cr_assert_eq(Int32_val(ok(call("caml_string_get32", 2, s, Val_int(0)))), -50462977);
  cr_assert_eq(Int64_val(ok(call("caml_string_get64", 2, s, Val_int(0)))), -506097522914230529LL);
  assert_invalid_arg(call("caml_string_get16", 2, s, Val_int(7)), "index out of bounds");
  assert_invalid_arg(call("caml_string_get32", 2, s, Val_int(5)), "index out of bounds");
  assert_invalid_arg(call("caml_string_get64", 2, pin(str("1234567")), Val_int(0)),
                     "index out of bounds");
  assert_invalid_arg(call("caml_string_get64", 2, s, Val_int(-1)), "index out of bounds");
}

Test(prims_string, little_endian_stores) {
  value b = pin(str("\x01\x02\x03\x04\x05\x06\x07\x08\x09"));
  ok(call("caml_bytes_set64", 3, b, Val_int(0), pin(i64(0x1122334455667788LL))));
  cr_assert(string_is(b, "\x88\x77\x66\x55\x44\x33\x22\x11\x09", 9));
  ok(call("caml_bytes_set32", 3, b, Val_int(1), pin(i32(-2))));
  cr_assert(string_is(b, "\x88\xfe\xff\xff\xff\x33\x22\x11\x09", 9));
  ok(call("caml_bytes_set16", 3, b, Val_int(7), Val_int(0x12345)));
  cr_assert(string_is(b, "\x88\xfe\xff\xff\xff\x33\x22\x45\x23", 9));
  assert_invalid_arg(call("caml_bytes_set16", 3, b, Val_int(8), Val_int(0)), "index out of bounds");
  assert_invalid_arg(call("caml_bytes_set32", 3, b, Val_int(6), pin(i32(0))), "index out of bounds");
  assert_invalid_arg(call("caml_bytes_set64", 3, b, Val_int(2), pin(i64(0))), "index out of bounds");
  cr_assert(string_is(b, "\x88\xfe\xff\xff\xff\x33\x22\x45\x23", 9), "failed stores change nothing");
}

Test(prims_string, bswap16) {
  cr_assert_eq(call("caml_bswap16", 1, Val_int(0x1234)), Val_int(0x3412));
  cr_assert_eq(call("caml_bswap16", 1, Val_int(0x51234)), Val_int(0x3412));
}

Test(prims_string, blit_and_fill) {
  value src = pin(str("0123456789")), dst = pin(str("abcdefghij"));
  ok(call("caml_blit_string", 5, src, Val_int(2), dst, Val_int(4), Val_int(3)));
  cr_assert(string_is(dst, "abcd234hij", 10));
  /* Overlapping blits within one buffer behave as memmove. */
  ok(call("caml_blit_bytes", 5, src, Val_int(0), src, Val_int(1), Val_int(9)));
  cr_assert(string_is(src, "0012345678", 10));
  ok(call("caml_blit_bytes", 5, src, Val_int(1), src, Val_int(0), Val_int(9)));
  cr_assert(string_is(src, "0123456788", 10));
  /* Zero or negative lengths do nothing, even at odd offsets. */
  ok(call("caml_blit_bytes", 5, src, Val_int(100), dst, Val_int(100), Val_int(0)));
  assert_invalid_arg(call("caml_blit_bytes", 5, src, Val_int(8), dst, Val_int(0), Val_int(3)),
                     "index out of bounds");
  assert_invalid_arg(call("caml_blit_bytes", 5, src, Val_int(0), dst, Val_int(-1), Val_int(3)),
                     "index out of bounds");
  ok(call("caml_fill_bytes", 4, dst, Val_int(1), Val_int(3), Val_int('z')));
  cr_assert(string_is(dst, "azzz234hij", 10));
  ok(call("caml_fill_string", 4, dst, Val_int(9), Val_int(1), Val_int('!')));
  cr_assert(string_is(dst, "azzz234hi!", 10));
  assert_invalid_arg(call("caml_fill_bytes", 4, dst, Val_int(9), Val_int(2), Val_int('z')),
                     "index out of bounds");
}

Test(prims_string, conversions_share) {
  value s = pin(str("abc"));
  cr_assert_eq(call("caml_bytes_of_string", 1, s), s);
  cr_assert_eq(call("caml_string_of_bytes", 1, s), s);
}
