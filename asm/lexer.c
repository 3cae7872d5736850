/* The assembler's lexer: listing text -> tokens with their line:col.
 *
 * A logical line ends at a newline, except that a physical line that
 * starts with a space continues the previous one when
 *   - the previous line has an unclosed [ or [|, or
 *   - its first non-blank character can only continue an operand list
 *     (a digit, - " ' [ # @ / |).
 * That is how Format wraps the long constants and switch tables of
 * `ocamlc -dinstr` (break hints indent the rest with spaces), while
 * instruction lines start with a tab or a letter. Comments run from `;`
 * or `--` to the end of the physical line.
 */
#include <string.h>

#include "asm_internal.h"

void asm_lex_init(Lexer *lx, const char *text, size_t len, Diag *diag) {
  memset(lx, 0, sizeof *lx);
  lx->text = text;
  lx->len = len;
  lx->line = 1;
  lx->diag = diag;
}

void asm_lex_free(Lexer *lx) {
  free(lx->buf.items);
  lx->buf.items = NULL;
  lx->buf.len = lx->buf.cap = 0;
}

static uint32_t col_of(const Lexer *lx, size_t pos) {
  size_t c = pos - lx->line_start + 1;
  return c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void lex_error(Lexer *lx, size_t pos, const char *fmt, ...) {
  if (lx->quiet) return;
  va_list ap;
  va_start(ap, fmt);
  asm_verror(lx->diag, lx->line, col_of(lx, pos), fmt, ap);
  va_end(ap);
}

static bool is_ident_start(int c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
static bool is_ident_char(int c) {
  return is_ident_start(c) || (c >= '0' && c <= '9') || c == '\'' || c == '.' || c == '$';
}
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Describe byte c for a message: `x` or `\xHH`. */
static void describe_char(unsigned char c, char buf[8]) {
  if (c >= 0x20 && c < 0x7f)
    snprintf(buf, 8, "`%c`", c);
  else
    snprintf(buf, 8, "\\x%02x", c);
}

/* Does the physical line starting at [p] continue the current one? */
static bool continues(const Lexer *lx, size_t p) {
  if (p >= lx->len || lx->text[p] != ' ') return false;
  while (p < lx->len && is_blank((unsigned char)lx->text[p])) p++;
  if (p >= lx->len) return false;
  char c = lx->text[p];
  if (c == '\n') return false;
  if (lx->depth > 0) return true;
  return strchr("0123456789-\"'[#@/|", c) != NULL;
}

static Token make(const Lexer *lx, TokKind kind, size_t start) {
  Token t;
  memset(&t, 0, sizeof t);
  t.kind = kind;
  t.line = lx->line;
  t.col = col_of(lx, start);
  t.start = start;
  t.len = lx->pos - start;
  return t;
}

/* A number: [-] then digits, letters, '_' and '.', and a sign right after
 * an exponent letter (e E for decimal, p P for hexadecimal). */
static Token lex_number(Lexer *lx) {
  size_t start = lx->pos;
  const char *s = lx->text;
  if (s[lx->pos] == '-') lx->pos++;
  bool hex = lx->pos + 1 < lx->len && s[lx->pos] == '0' &&
             (s[lx->pos + 1] == 'x' || s[lx->pos + 1] == 'X');
  while (lx->pos < lx->len) {
    char c = s[lx->pos];
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
        c == '.') {
      lx->pos++;
      continue;
    }
    if ((c == '+' || c == '-') && lx->pos > start) {
      char p = s[lx->pos - 1];
      if (hex ? (p == 'p' || p == 'P') : (p == 'e' || p == 'E')) {
        lx->pos++;
        continue;
      }
    }
    break;
  }
  Token t = make(lx, TOK_INT, start);
  bool is_float;
  const char *err = asm_number(s + start, t.len, &is_float, &t.i, &t.suffix, &t.bits);
  if (err != NULL) {
    lex_error(lx, start, "%s: `%.*s`", err, t.len > 40 ? 40 : (int)t.len, s + start);
    t.kind = TOK_ERROR;
  } else if (is_float) {
    t.kind = TOK_FLOAT;
  }
  return t;
}

/* nan:0x<up to 16 hex digits>: a NaN with exactly those bits. */
static Token lex_nan(Lexer *lx, size_t start) {
  const char *s = lx->text;
  lx->pos += 3; /* :0x */
  uint64_t v = 0;
  size_t digits = 0;
  while (lx->pos < lx->len && is_ident_char((unsigned char)s[lx->pos])) {
    char c = s[lx->pos++];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) digits = 99;
    v = v << 4 | (uint64_t)(d & 15);
    digits++;
  }
  Token t = make(lx, TOK_FLOAT, start);
  t.bits = v;
  if (digits == 0 || digits > 16 || ((v >> 52) & 0x7FF) != 0x7FF || (v & 0xFFFFFFFFFFFFFull) == 0) {
    lex_error(lx, start, "malformed NaN: expected nan:0x and the 16 hexadecimal digits of a NaN");
    t.kind = TOK_ERROR;
  }
  return t;
}

static Token lex_char(Lexer *lx) {
  size_t start = lx->pos;
  const char *s = lx->text;
  lx->pos++; /* the quote */
  unsigned char bytes[4];
  size_t nbytes = 0;
  bool ok = true;
  if (lx->pos >= lx->len || s[lx->pos] == '\n') {
    lex_error(lx, start, "unterminated character literal");
    return make(lx, TOK_ERROR, start);
  }
  if (s[lx->pos] == '\\') {
    size_t used;
    const char *err = asm_escape(s + lx->pos, lx->len - lx->pos, bytes, &nbytes, &used);
    if (err != NULL) {
      lex_error(lx, lx->pos, "%s", err);
      ok = false;
    }
    lx->pos += used;
  } else {
    bytes[0] = (unsigned char)s[lx->pos++];
    nbytes = 1;
  }
  if (lx->pos >= lx->len || s[lx->pos] != '\'') {
    lex_error(lx, start, "unterminated character literal: expected a single byte then `'`");
    /* Skip to the closing quote on this line, if any, to resynchronise. */
    while (lx->pos < lx->len && s[lx->pos] != '\n' && s[lx->pos] != '\'') lx->pos++;
    if (lx->pos < lx->len && s[lx->pos] == '\'') lx->pos++;
    return make(lx, TOK_ERROR, start);
  }
  lx->pos++;
  if (ok && nbytes != 1) {
    lex_error(lx, start, "a character literal must be a single byte");
    ok = false;
  }
  Token t = make(lx, ok ? TOK_CHAR : TOK_ERROR, start);
  t.i = bytes[0];
  return t;
}

static Token lex_string(Lexer *lx, bool immutable) {
  size_t start = lx->pos;
  const char *s = lx->text;
  lx->pos += immutable ? 2 : 1;
  size_t first = lx->buf.len;
  bool ok = true;
  for (;;) {
    if (lx->pos >= lx->len || s[lx->pos] == '\n') {
      lex_error(lx, start, "unterminated string literal");
      lx->buf.len = first;
      return make(lx, TOK_ERROR, start);
    }
    char c = s[lx->pos];
    if (c == '"') {
      lx->pos++;
      break;
    }
    unsigned char bytes[4];
    size_t nbytes;
    if (c == '\\') {
      size_t used;
      const char *err = asm_escape(s + lx->pos, lx->len - lx->pos, bytes, &nbytes, &used);
      if (err != NULL) {
        lex_error(lx, lx->pos, "%s", err);
        ok = false;
        nbytes = 0;
      }
      lx->pos += used;
    } else {
      bytes[0] = (unsigned char)c;
      nbytes = 1;
      lx->pos++;
    }
    if (!VEC_RESERVE(lx->buf, nbytes)) {
      lex_error(lx, start, "out of memory");
      lx->buf.len = first;
      return make(lx, TOK_ERROR, start);
    }
    if (nbytes > 0) memcpy(lx->buf.items + lx->buf.len, bytes, nbytes);
    lx->buf.len += nbytes;
  }
  Token t = make(lx, ok ? TOK_STRING : TOK_ERROR, start);
  t.str = first;
  t.str_len = lx->buf.len - first;
  t.immutable = immutable;
  return t;
}

Token asm_lex_next(Lexer *lx) {
  const char *s = lx->text;
  for (;;) {
    while (lx->pos < lx->len && is_blank((unsigned char)s[lx->pos])) lx->pos++;
    if (lx->pos >= lx->len) {
      Token t = make(lx, TOK_EOF, lx->pos);
      return t;
    }
    char c = s[lx->pos];
    if (c == ';' || (c == '-' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '-')) {
      while (lx->pos < lx->len && s[lx->pos] != '\n') lx->pos++;
      continue;
    }
    if (c == '\n') {
      size_t at = lx->pos;
      lx->pos++;
      bool cont = continues(lx, lx->pos);
      Token t = make(lx, TOK_NEWLINE, at);
      lx->line++;
      lx->line_start = lx->pos;
      if (cont) continue;
      lx->depth = 0;
      return t;
    }
    break;
  }
  size_t start = lx->pos;
  char c = s[start];
  char next = start + 1 < lx->len ? s[start + 1] : 0;
  if (is_ident_start((unsigned char)c)) {
    while (lx->pos < lx->len && is_ident_char((unsigned char)s[lx->pos])) lx->pos++;
    if (lx->pos - start == 3 && memcmp(s + start, "nan", 3) == 0 && lx->pos + 2 < lx->len &&
        s[lx->pos] == ':' && s[lx->pos + 1] == '0' && (s[lx->pos + 2] == 'x' || s[lx->pos + 2] == 'X'))
      return lex_nan(lx, start);
    return make(lx, TOK_IDENT, start);
  }
  if (c == '.' && is_ident_start((unsigned char)next)) {
    lx->pos++;
    while (lx->pos < lx->len && is_ident_char((unsigned char)s[lx->pos])) lx->pos++;
    return make(lx, TOK_DIRECTIVE, start);
  }
  if (is_digit((unsigned char)c) || (c == '-' && is_digit((unsigned char)next))) return lex_number(lx);
  if (c == '\'') return lex_char(lx);
  if (c == '"') return lex_string(lx, false);
  if (c == '#' && next == '"') return lex_string(lx, true);
  int punct = 0;
  switch (c) {
  case ':': case ',': case '/': case '!': case '@':
    punct = c;
    lx->pos++;
    break;
  case '[':
    if (next == '|') {
      punct = PUNCT_LARRAY;
      lx->pos += 2;
    } else {
      punct = '[';
      lx->pos++;
    }
    lx->depth++;
    break;
  case ']':
    punct = ']';
    lx->pos++;
    if (lx->depth > 0) lx->depth--;
    break;
  case '|':
    if (next == ']') {
      punct = PUNCT_RARRAY;
      lx->pos += 2;
      if (lx->depth > 0) lx->depth--;
    }
    break;
  default:
    break;
  }
  if (punct != 0) {
    Token t = make(lx, TOK_PUNCT, start);
    t.punct = punct;
    return t;
  }
  char desc[8];
  describe_char((unsigned char)c, desc);
  lx->pos++;
  lex_error(lx, start, "unexpected character %s", desc);
  return make(lx, TOK_ERROR, start);
}

void asm_tok_describe(const Lexer *lx, const Token *t, char *buf, size_t size) {
  switch (t->kind) {
  case TOK_EOF:
    snprintf(buf, size, "end of file");
    return;
  case TOK_NEWLINE:
    snprintf(buf, size, "end of line");
    return;
  default:
    break;
  }
  /* The token's text, at most 40 bytes, non-printable bytes escaped. */
  size_t o = 0;
  if (size < 8) {
    if (size > 0) buf[0] = 0;
    return;
  }
  buf[o++] = '`';
  for (size_t i = 0; i < t->len && o + 6 < size; i++) {
    if (i == 40) {
      o += (size_t)snprintf(buf + o, size - o, "...");
      break;
    }
    unsigned char c = (unsigned char)lx->text[t->start + i];
    if (c >= 0x20 && c < 0x7f)
      buf[o++] = (char)c;
    else
      o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
  }
  if (o + 2 <= size) buf[o++] = '`';
  buf[o < size ? o : size - 1] = 0;
}
