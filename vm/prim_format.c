/* Numbers to strings and back: caml_format_int and its boxed siblings,
 * caml_format_float, caml_hexstring_of_float, and int_of_string,
 * float_of_string and the like, as OCaml 4.13's runtime/ints.c and
 * floats.c.
 *
 * Formatting. Printf builds a C printf format for one number ("%d",
 * "%+.12g", "%#Lx"...) and the runtime hands it to the C library, so the
 * digits are glibc's, as in ocamlrun. The format comes from the program,
 * though, and printf must never see a format that does not match its
 * argument: zvm first checks that it is some text, one conversion of the
 * expected kind (for integers, at the end, where OCaml looks for it) and
 * no other conversion (OCaml would print garbage or crash otherwise; zvm
 * raises Invalid_argument "format_int: bad format" or "format_float: bad
 * format").
 *
 * Parsing. Integers accept an optional sign, a 0x/0o/0b/0u prefix and `_`
 * between digits; a signed (decimal) number must fit the type, an unsigned
 * one may use the whole width (0xFFFFFFFF is -1l). Floats go to strtod,
 * except hexadecimal ones, which OCaml parses itself.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fail.h"
#include "vm.h"

/* ---- printf into an OCaml string ------------------------------------------- */

/* snprintf of one number into a new string. The string is allocated at
 * its final length and printed into directly: a string of length n always
 * has a byte at index n for printf's NUL (the padding rule of value.h
 * makes that byte 0 anyway). One function per argument type, so that no
 * va_list is left open if the allocation raises. */
#define DEFINE_SPRINTF(name, type)                                         \
  static value name(Vm *vm, const char *fmt, type x) {                     \
    char small[1];                                                         \
    int n = snprintf(small, sizeof small, fmt, x);                         \
    if (n < 0) caml_raise_out_of_memory(vm); /* longer than INT_MAX */    \
    value s = caml_alloc_string(vm, (mlsize_t)n);                          \
    snprintf((char *)Bytes_val(s), (size_t)n + 1, fmt, x);                 \
    return s;                                                              \
  }
DEFINE_SPRINTF(sprintf_int, int)
DEFINE_SPRINTF(sprintf_uint, unsigned)
DEFINE_SPRINTF(sprintf_long, long)
DEFINE_SPRINTF(sprintf_ulong, unsigned long)
DEFINE_SPRINTF(sprintf_double, double)

/* ---- Checking formats ------------------------------------------------------------ */

/* Skip text up to the first '%' that is not part of "%%"; returns its
 * index, or [len] if there is none. A NUL byte counts as the end (printf
 * would stop there), so it is reported as an error by returning len + 1. */
static size_t skip_text(const char *fmt, size_t len, size_t i) {
  while (i < len) {
    if (fmt[i] == 0) return len + 1;
    if (fmt[i] == '%') {
      if (i + 1 < len && fmt[i + 1] == '%') {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
  return len;
}

/* [fmt] is text (with "%%" for a percent sign), then
 * "%[-+ #0]*[0-9]*(.[0-9]*)?", then, if [sizes] is not NULL, optionally
 * one of its characters, then one character of [convs]; then the end if
 * [at_end], else more text. Returns the conversion character, or 0 if
 * [fmt] is not of that shape. */
static char check_format(const char *fmt, size_t len, const char *sizes, const char *convs,
                         bool at_end) {
  size_t i = skip_text(fmt, len, 0);
  if (i >= len) return 0;
  i++; /* the '%' */
  while (i < len && strchr("-+ #0", fmt[i]) != NULL && fmt[i] != 0) i++;
  while (i < len && fmt[i] >= '0' && fmt[i] <= '9') i++;
  if (i < len && fmt[i] == '.') {
    i++;
    while (i < len && fmt[i] >= '0' && fmt[i] <= '9') i++;
  }
  if (sizes != NULL && i + 1 < len && fmt[i] != 0 && strchr(sizes, fmt[i]) != NULL) i++;
  if (i >= len || fmt[i] == 0 || strchr(convs, fmt[i]) == NULL) return 0;
  if (at_end ? i + 1 != len : skip_text(fmt, len, i + 1) != len) return 0;
  return fmt[i];
}

/* OCaml's parse_format: copy [fmt], replacing the size letter before the
 * conversion (l, n or L, if any) by [suffix], the C size for the argument.
 * OCaml's 32-byte buffer limit and its message are kept. */
#define FORMAT_BUFFER_SIZE 32

static char parse_format(Vm *vm, value fmt, const char *suffix, char out[FORMAT_BUFFER_SIZE]) {
  mlsize_t len = caml_string_length(fmt), len_suffix = strlen(suffix);
  if (len + len_suffix + 1 >= FORMAT_BUFFER_SIZE)
    caml_invalid_argument(vm, "format_int: format too long");
  char conv = check_format(String_val(fmt), len, "lnL", "diuxXo", true);
  if (conv == 0) caml_invalid_argument(vm, "format_int: bad format");
  size_t keep = len - 1;
  char before = String_val(fmt)[len - 2];
  if (before == 'l' || before == 'n' || before == 'L') keep--;
  memcpy(out, String_val(fmt), keep);
  memcpy(out + keep, suffix, len_suffix);
  out[keep + len_suffix] = conv;
  out[keep + len_suffix + 1] = 0;
  return conv;
}

static bool is_unsigned_conv(char conv) {
  return conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o';
}

/* ---- Integers to strings ------------------------------------------------------------ */

/* Unsigned conversions of an int see its 63 bits as unsigned
 * (Printf "%x" (-1) is 7fffffffffffffff), as OCaml's Unsigned_long_val. */
value caml_format_int(Vm *vm, value fmt, value arg) {
  char f[FORMAT_BUFFER_SIZE];
  char conv = parse_format(vm, fmt, "l", f);
  if (is_unsigned_conv(conv)) return sprintf_ulong(vm, f, (unsigned long)((uintnat)arg >> 1));
  return sprintf_long(vm, f, (long)Long_val(arg));
}

value caml_int32_format(Vm *vm, value fmt, value arg) {
  char f[FORMAT_BUFFER_SIZE];
  char conv = parse_format(vm, fmt, "", f);
  if (is_unsigned_conv(conv)) return sprintf_uint(vm, f, (unsigned)(uint32_t)Int32_val(arg));
  return sprintf_int(vm, f, (int)Int32_val(arg));
}

value caml_int64_format(Vm *vm, value fmt, value arg) {
  char f[FORMAT_BUFFER_SIZE];
  char conv = parse_format(vm, fmt, "l", f);
  if (is_unsigned_conv(conv)) return sprintf_ulong(vm, f, (unsigned long)(uint64_t)Int64_val(arg));
  return sprintf_long(vm, f, (long)Int64_val(arg));
}

value caml_nativeint_format(Vm *vm, value fmt, value arg) {
  char f[FORMAT_BUFFER_SIZE];
  char conv = parse_format(vm, fmt, "l", f);
  if (is_unsigned_conv(conv))
    return sprintf_ulong(vm, f, (unsigned long)(uintnat)Nativeint_val(arg));
  return sprintf_long(vm, f, (long)Nativeint_val(arg));
}

/* ---- Floats to strings ------------------------------------------------------------ */

/* The C library spells the specials "nan", "-nan", "inf", "-inf", and so
 * does OCaml; the sign of a NaN shows (0. /. 0. is "-nan" on x86). */
value caml_format_float(Vm *vm, value fmt, value arg) {
  const char *f = String_val(fmt);
  if (check_format(f, caml_string_length(fmt), NULL, "eEfFgGaA", false) == 0)
    caml_invalid_argument(vm, "format_float: bad format");
  return sprintf_double(vm, f, Double_val(arg));
}

static char hex_digit(unsigned d) { return (char)(d < 10 ? '0' + d : 'a' + d - 10); }

/* Printf's %h: [-]0xH.HHHp[+-]E, with [prec] hexadecimal digits after the
 * point (rounded to nearest, ties to even) or, if [prec] < 0, as many as
 * the mantissa needs. [style] is '+' or ' ' for the sign of positive
 * numbers, anything else for none. A subnormal is written 0x0.HHHp-1022. */
value caml_hexstring_of_float(Vm *vm, value arg, value vprec, value vstyle) {
  double x = Double_val(arg);
  intnat prec = Long_val(vprec);
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  bool negative = (bits >> 63) != 0;
  int exp = (int)((bits >> 52) & 0x7FF);
  uint64_t m = bits & (((uint64_t)1 << 52) - 1);
  char sign[2] = {0, 0};
  if (negative) sign[0] = '-';
  else if (Long_val(vstyle) == '+') sign[0] = '+';
  else if (Long_val(vstyle) == ' ') sign[0] = ' ';
  if (exp == 0x7FF) {
    char special[16];
    snprintf(special, sizeof special, "%s%s", sign, m == 0 ? "infinity" : "nan");
    return caml_copy_string(vm, special);
  }

  if (exp == 0) {
    if (m != 0) exp = -1022; /* subnormal */
  } else {
    exp -= 1023;
    m |= (uint64_t)1 << 52;
  }
  if (prec >= 0 && prec < 13) {
    /* Round the mantissa to prec digits; a carry may make the leading
     * digit 2 (%.0h of 1.5 is 0x2p+0, as in OCaml). */
    int shift = 52 - (int)prec * 4;
    uint64_t unit = (uint64_t)1 << shift, half = unit >> 1, mask = unit - 1;
    uint64_t frac = m & mask;
    m &= ~mask;
    if (frac > half || (frac == half && (m & unit) != 0)) m += unit;
  }
  const uint64_t mask56 = ((uint64_t)1 << 56) - 1;
  unsigned lead = (unsigned)(m >> 52);
  m = (m << 4) & mask56;
  /* How many fraction digits, and so the length of the result. */
  uintnat ndigits = 0;
  if (prec >= 0) {
    ndigits = (uintnat)prec;
  } else {
    for (uint64_t t = m; t != 0; t = (t << 4) & mask56) ndigits++;
  }
  char tail[16];
  int tail_len = snprintf(tail, sizeof tail, "p%+d", exp);
  size_t sign_len = strlen(sign);
  if (ndigits > (uintnat)Max_wosize) caml_raise_out_of_memory(vm);
  mlsize_t len = sign_len + 3 + (ndigits > 0 ? 1 + ndigits : 0) + (mlsize_t)tail_len;
  value res = caml_alloc_string(vm, len);
  char *p = (char *)Bytes_val(res);
  memcpy(p, sign, sign_len);
  p += sign_len;
  *p++ = '0';
  *p++ = 'x';
  *p++ = hex_digit(lead);
  if (ndigits > 0) {
    *p++ = '.';
    for (uintnat i = 0; i < ndigits; i++) {
      *p++ = hex_digit((unsigned)(m >> 52));
      m = (m << 4) & mask56;
    }
  }
  memcpy(p, tail, (size_t)tail_len);
  return res;
}

/* ---- Strings to integers ------------------------------------------------------ */

/* Sign, then base prefix; returns the position of the first digit. */
static const char *parse_sign_and_base(const char *p, int *base, bool *is_signed, int *sign) {
  *sign = 1;
  if (*p == '-') {
    *sign = -1;
    p++;
  } else if (*p == '+') {
    p++;
  }
  *base = 10;
  *is_signed = true;
  if (*p == '0') {
    /* p[1] exists: every string has a NUL after its data. */
    switch (p[1]) {
    case 'x': case 'X': *base = 16; *is_signed = false; p += 2; break;
    case 'o': case 'O': *base = 8; *is_signed = false; p += 2; break;
    case 'b': case 'B': *base = 2; *is_signed = false; p += 2; break;
    case 'u': case 'U': *is_signed = false; p += 2; break;
    default: break;
    }
  }
  return p;
}

static int parse_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* An integer of [nbits] bits (63 for int, 32, 64), or Failure [errmsg].
 * Signed (decimal): -2^(nbits-1) .. 2^(nbits-1)-1. Unsigned (prefixed):
 * 0 .. 2^nbits-1, negated if there is a minus sign. */
static uint64_t parse_integer(Vm *vm, value s, int nbits, const char *errmsg) {
  int base, sign;
  bool is_signed;
  const char *start = String_val(s);
  const char *p = parse_sign_and_base(start, &base, &is_signed, &sign);
  uint64_t threshold = UINT64_MAX / (uint64_t)base;
  int d = parse_digit(*p);
  if (d < 0 || d >= base) caml_failwith(vm, errmsg);
  uint64_t res = (uint64_t)d;
  for (p++;; p++) {
    char c = *p;
    if (c == '_') continue;
    d = parse_digit(c);
    if (d < 0 || d >= base) break;
    if (res > threshold) caml_failwith(vm, errmsg);
    res = (uint64_t)base * res + (uint64_t)d;
    if (res < (uint64_t)d) caml_failwith(vm, errmsg);
  }
  if (p != start + caml_string_length(s)) caml_failwith(vm, errmsg);
  if (is_signed) {
    uint64_t limit = (uint64_t)1 << (nbits - 1);
    if (sign < 0 ? res > limit : res >= limit) caml_failwith(vm, errmsg);
  } else if (nbits < 64 && res >= (uint64_t)1 << nbits) {
    caml_failwith(vm, errmsg);
  }
  return sign < 0 ? 0u - res : res;
}

value caml_int_of_string(Vm *vm, value s) {
  return Val_long((intnat)parse_integer(vm, s, 63, "int_of_string"));
}

value caml_int32_of_string(Vm *vm, value s) {
  return caml_copy_int32(vm, (int32_t)(uint32_t)parse_integer(vm, s, 32, "Int32.of_string"));
}

value caml_int64_of_string(Vm *vm, value s) {
  return caml_copy_int64(vm, (int64_t)parse_integer(vm, s, 64, "Int64.of_string"));
}

value caml_nativeint_of_string(Vm *vm, value s) {
  return caml_copy_nativeint(vm, (intnat)parse_integer(vm, s, 64, "Nativeint.of_string"));
}

/* ---- Strings to floats ------------------------------------------------------------ */

/* OCaml's parser for the digits of a hexadecimal float, after "0x":
 * [s, end) is "H*[.H*][p[+-]D+]". Up to 60 significant bits are kept in
 * an integer, further nonzero bits only make it odd (so that the final
 * rounding to double is still correct), and the exponent is adjusted for
 * the point and the dropped digits. Returns false if malformed. */
static bool float_of_hex(const char *s, const char *end, double *res) {
  uint64_t m = 0;
  long long n_bits = 0, m_bits = 0, x_bits = 0, dec_point = -1;
  long long exp = 0;
  while (s < end) {
    char c = *s++;
    if (c == '.') {
      if (dec_point >= 0) return false;
      dec_point = n_bits;
      continue;
    }
    if (c == 'p' || c == 'P') {
      if (*s == 0) return false;
      char *p;
      long e = strtol(s, &p, 10);
      if (p != end) return false;
      /* Exponents beyond int give 0 or infinity at once. */
      if (e <= INT_MIN) {
        *res = 0.;
        return true;
      }
      if (e >= INT_MAX) {
        *res = m == 0 ? 0. : HUGE_VAL;
        return true;
      }
      exp = e;
      s = p;
      continue;
    }
    int d = parse_digit(c);
    if (d < 0) return false;
    n_bits += 4;
    if (d == 0 && m == 0) continue; /* leading zeros */
    if (m_bits < 60) {
      m = (m << 4) + (uint64_t)d;
      m_bits += 4;
    } else {
      if (d != 0) m |= 1; /* round to odd */
      x_bits += 4;
    }
  }
  if (n_bits == 0) return false;
  double f = (double)(int64_t)m;
  long long adj = x_bits;
  if (dec_point >= 0) adj += dec_point - n_bits;
  exp += adj;
  if (exp > INT_MAX) exp = INT_MAX;
  if (exp < INT_MIN) exp = INT_MIN;
  if (exp != 0) f = ldexp(f, (int)exp);
  *res = f;
  return true;
}

/* float_of_string: `_` are dropped first; then hexadecimal floats are
 * parsed above and everything else by strtod, which must consume the
 * whole string (it skips leading blanks, so " 1" is 1., but "1 " fails). */
value caml_float_of_string(Vm *vm, value vs) {
  char small[64];
  mlsize_t len = caml_string_length(vs);
  char *buf = len < sizeof small ? small : malloc(len + 1);
  if (buf == NULL) caml_raise_out_of_memory(vm);
  const char *src = String_val(vs);
  char *dst = buf;
  for (mlsize_t i = 0; i < len; i++)
    if (src[i] != '_') *dst++ = src[i];
  *dst = 0;
  double d = 0.;
  bool ok = dst != buf;
  if (ok) {
    const char *p = buf;
    int sign = 1;
    if (*p == '-') {
      sign = -1;
      p++;
    } else if (*p == '+') {
      p++;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
      ok = float_of_hex(p + 2, dst, &d);
      if (sign < 0) d = -d;
    } else {
      char *end;
      d = strtod(buf, &end);
      ok = end == dst;
    }
  }
  if (buf != small) free(buf);
  if (!ok) caml_failwith(vm, "float_of_string");
  return caml_copy_double(vm, d);
}
