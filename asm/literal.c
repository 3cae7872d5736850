/* Structured constants: numbers, escapes, parsing, and literal nodes.
 *
 * The syntax is what OCaml's Printlambda.structured_constant prints:
 *
 *   5   -7   5l   -5L   5n          int, int32, int64, nativeint
 *   1.5   1e10   0x1p3   1_000.5    floats, as written in the source
 *   'x'   '\n'   '\255'             chars
 *   "a\"b"   #"immutable"           strings (OCaml escapes)
 *   [3]   [0: 1 "two" [1: 3.0]]     atoms and blocks
 *   [|1.5 2.5|]   [| |]             float arrays
 *
 * plus, for zvm dis: infinity, neg_infinity, nan, nan:0x<16 hex digits>
 * (a NaN with those exact bits) and @N (literal node N of the unit).
 *
 * Constants nest, so they are parsed with an explicit stack, and turned
 * into literal nodes by an explicit post-order walk: no C recursion.
 */
#include <errno.h>
#include <string.h>

#include "asm_internal.h"

/* ---- Numbers ------------------------------------------------------------- */

static int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

/* x taken modulo 2^nbits, as a signed nbits-bit integer. */
static int64_t sign_extend(uint64_t x, int nbits) {
  if (nbits < 64) {
    x &= ((uint64_t)1 << nbits) - 1;
    if (x & ((uint64_t)1 << (nbits - 1))) x |= ~(((uint64_t)1 << nbits) - 1);
  }
  return x <= INT64_MAX ? (int64_t)x : -(int64_t)(UINT64_MAX - x) - 1;
}

/* The end of a run of digits of [base] and '_' starting with a digit at
 * [p]; [p] itself if there is no digit there. */
static size_t scan_digits(const char *s, size_t p, size_t n, int base) {
  if (p >= n || digit_value(s[p]) >= base) return p;
  while (p < n && (s[p] == '_' || digit_value(s[p]) < base)) p++;
  return p;
}

static const char *parse_float(const char *s, size_t n, size_t body, int base, uint64_t *bits) {
  /* Check the shape first: strtod accepts more than OCaml does. */
  size_t p = scan_digits(s, body, n, base);
  if (p == body) return "malformed float literal";
  if (p < n && s[p] == '.') p++;
  while (p < n && (s[p] == '_' || digit_value(s[p]) < base)) p++;
  if (p < n && (base == 10 ? (s[p] == 'e' || s[p] == 'E') : (s[p] == 'p' || s[p] == 'P'))) {
    p++;
    if (p < n && (s[p] == '+' || s[p] == '-')) p++;
    size_t q = scan_digits(s, p, n, 10);
    if (q == p) return "malformed float literal: the exponent has no digits";
    p = q;
  }
  if (p != n) return "malformed float literal";
  char small[128];
  char *copy = n < sizeof small ? small : malloc(n + 1);
  if (copy == NULL) return "out of memory";
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] != '_') copy[k++] = s[i];
  copy[k] = 0;
  char *end;
  errno = 0;
  double d = strtod(copy, &end);
  bool whole = *end == 0;
  if (copy != small) free(copy);
  if (!whole) return "malformed float literal";
  memcpy(bits, &d, sizeof d);
  return NULL;
}

const char *asm_number(const char *s, size_t n, bool *is_float, int64_t *i, char *suffix,
                       uint64_t *bits) {
  *is_float = false;
  *i = 0;
  *suffix = 0;
  *bits = 0;
  size_t p = 0;
  bool neg = false;
  if (p < n && s[p] == '-') {
    neg = true;
    p++;
  }
  if (p >= n || digit_value(s[p]) > 9) return "malformed number";
  int base = 10;
  if (n - p >= 2 && s[p] == '0') {
    switch (s[p + 1]) {
    case 'x': case 'X': base = 16; break;
    case 'o': case 'O': base = 8; break;
    case 'b': case 'B': base = 2; break;
    default: break;
    }
    if (base != 10) p += 2;
  }
  size_t body = p;
  bool flt = false;
  for (size_t q = body; q < n; q++) {
    char c = s[q];
    if (c == '.' || (base == 10 && (c == 'e' || c == 'E')) ||
        (base == 16 && (c == 'p' || c == 'P')))
      flt = true;
  }
  if (flt) {
    if (base != 10 && base != 16) return "malformed number";
    *is_float = true;
    return parse_float(s, n, body, base, bits);
  }
  size_t end = n;
  char suf = 0;
  if (end > body && (s[end - 1] == 'l' || s[end - 1] == 'L' || s[end - 1] == 'n')) {
    suf = s[end - 1];
    end--;
  }
  if (scan_digits(s, body, end, base) != end || end == body) return "malformed integer literal";
  uint64_t m = 0;
  bool overflow = false;
  for (size_t q = body; q < end; q++) {
    if (s[q] == '_') continue;
    unsigned d = (unsigned)digit_value(s[q]);
    if (m > (UINT64_MAX - d) / (unsigned)base) overflow = true;
    m = m * (unsigned)base + d;
  }
  int nbits = suf == 0 ? 63 : suf == 'l' ? 32 : 64;
  const char *range = suf == 0    ? "integer literal out of range for int (63 bits)"
                      : suf == 'l' ? "integer literal out of range for int32"
                      : suf == 'L' ? "integer literal out of range for int64"
                                   : "integer literal out of range for nativeint (64 bits)";
  if (overflow) return range;
  uint64_t top = (uint64_t)1 << (nbits - 1); /* 2^(nbits-1) */
  int64_t v;
  if (base == 10) {
    if (m > (neg ? top : top - 1)) return range;
    v = neg ? sign_extend(0 - m, 64) : (int64_t)m;
  } else {
    if (nbits < 64 && m > ((uint64_t)1 << nbits) - 1) return range;
    v = sign_extend(neg ? 0 - m : m, nbits);
  }
  *i = v;
  *suffix = suf;
  return NULL;
}

/* ---- Escapes ------------------------------------------------------------- */

static const char bad_escape[] =
    "bad escape sequence: expected \\\\ \\\" \\' \\n \\t \\b \\r \\(space) \\ddd \\xhh "
    "\\o377 or \\u{hhhh}";

const char *asm_escape(const char *s, size_t n, unsigned char out[4], size_t *out_len,
                       size_t *used) {
  *out_len = 0;
  *used = 1;
  if (n < 2 || s[1] == '\n') return bad_escape;
  *used = 2;
  unsigned v = 0;
  switch (s[1]) {
  case '\\': case '"': case '\'': case ' ':
    out[0] = (unsigned char)s[1];
    *out_len = 1;
    return NULL;
  case 'n': out[0] = '\n'; *out_len = 1; return NULL;
  case 't': out[0] = '\t'; *out_len = 1; return NULL;
  case 'b': out[0] = '\b'; *out_len = 1; return NULL;
  case 'r': out[0] = '\r'; *out_len = 1; return NULL;
  case 'x':
    for (size_t k = 2; k < 4; k++) {
      if (k >= n || digit_value(s[k]) > 15) {
        *used = k;
        return "bad escape sequence: \\x needs two hexadecimal digits";
      }
      v = v * 16 + (unsigned)digit_value(s[k]);
    }
    *used = 4;
    out[0] = (unsigned char)v;
    *out_len = 1;
    return NULL;
  case 'o':
    for (size_t k = 2; k < 5; k++) {
      if (k >= n || digit_value(s[k]) > 7) {
        *used = k;
        return "bad escape sequence: \\o needs three octal digits";
      }
      v = v * 8 + (unsigned)digit_value(s[k]);
    }
    *used = 5;
    if (v > 255) return "escape sequence out of range: \\o above \\o377";
    out[0] = (unsigned char)v;
    *out_len = 1;
    return NULL;
  case 'u': {
    if (n < 3 || s[2] != '{') return "bad escape sequence: expected \\u{hhhh}";
    size_t k = 3;
    while (k < n && k < 10 && digit_value(s[k]) <= 15) v = v * 16 + (unsigned)digit_value(s[k++]);
    if (k == 3 || k >= n || s[k] != '}') {
      *used = k;
      return "bad escape sequence: expected 1 to 6 hexadecimal digits in \\u{...}";
    }
    *used = k + 1;
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
      return "escape sequence \\u{...} is not a Unicode scalar value";
    if (v < 0x80) {
      out[0] = (unsigned char)v;
      *out_len = 1;
    } else if (v < 0x800) {
      out[0] = (unsigned char)(0xC0 | v >> 6);
      out[1] = (unsigned char)(0x80 | (v & 0x3F));
      *out_len = 2;
    } else if (v < 0x10000) {
      out[0] = (unsigned char)(0xE0 | v >> 12);
      out[1] = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
      out[2] = (unsigned char)(0x80 | (v & 0x3F));
      *out_len = 3;
    } else {
      out[0] = (unsigned char)(0xF0 | v >> 18);
      out[1] = (unsigned char)(0x80 | ((v >> 12) & 0x3F));
      out[2] = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
      out[3] = (unsigned char)(0x80 | (v & 0x3F));
      *out_len = 4;
    }
    return NULL;
  }
  default:
    break;
  }
  if (s[1] >= '0' && s[1] <= '9') {
    for (size_t k = 1; k < 4; k++) {
      if (k >= n || s[k] < '0' || s[k] > '9') {
        *used = k;
        return "bad escape sequence: \\ddd needs three decimal digits";
      }
      v = v * 10 + (unsigned)(s[k] - '0');
    }
    *used = 4;
    if (v > 255) return "escape sequence out of range: \\ddd above \\255";
    out[0] = (unsigned char)v;
    *out_len = 1;
    return NULL;
  }
  return bad_escape;
}

/* ---- Parsing constants --------------------------------------------------- */

#define INF_BITS 0x7FF0000000000000ull
#define NEG_INF_BITS 0xFFF0000000000000ull
#define NAN_BITS 0x7FF8000000000000ull

static uint32_t new_node(Parser *ps, CKind kind, const Token *t) {
  Consts *c = &ps->p->consts;
  if (c->nodes.len >= UINT32_MAX - 1) return UINT32_MAX;
  CNode node;
  memset(&node, 0, sizeof node);
  node.kind = (uint8_t)kind;
  node.line = t->line;
  node.col = t->col;
  if (!VEC_PUSH(c->nodes, node)) return UINT32_MAX;
  return (uint32_t)(c->nodes.len - 1);
}

static bool oom(Parser *ps) {
  asm_error(ps->diag, ps->tok.line, ps->tok.col, "out of memory");
  return false;
}

/* The float named by identifier token t (infinity, neg_infinity, nan),
 * consuming it; false if t is no such name. (The lexer turns
 * nan:0x... into a float token.) */
static bool special_float(Parser *ps, uint64_t *bits) {
  const Token *t = &ps->tok;
  const char *s = ps->lex.text + t->start;
  if (t->kind != TOK_IDENT) return false;
  if (t->len == 8 && memcmp(s, "infinity", 8) == 0) {
    *bits = INF_BITS;
  } else if (t->len == 12 && memcmp(s, "neg_infinity", 12) == 0) {
    *bits = NEG_INF_BITS;
  } else if (t->len == 3 && memcmp(s, "nan", 3) == 0) {
    *bits = NAN_BITS;
  } else {
    return false;
  }
  asm_next(ps);
  return true;
}

/* A block tag: 0..246, 248 (Object) or 250 (Forward), as .zbc allows. */
static bool parse_tag(Parser *ps, uint32_t *tag) {
  const Token *t = &ps->tok;
  if (t->kind != TOK_INT || t->suffix != 0) {
    asm_expected(ps, "a block tag");
    return false;
  }
  if (t->i < 0 || t->i > 250 || t->i == 247 || t->i == 249) {
    asm_error(ps->diag, t->line, t->col,
              "block tag %lld is not allowed in a constant (expected 0..246, 248 or 250)",
              (long long)t->i);
    return false;
  }
  *tag = (uint32_t)t->i;
  asm_next(ps);
  return true;
}

static bool parse_float_array(Parser *ps, uint32_t *out) {
  Token open = ps->tok;
  Consts *c = &ps->p->consts;
  size_t first = c->floats.len;
  asm_next(ps);
  for (;;) {
    const Token *t = &ps->tok;
    uint64_t bits;
    if (t->kind == TOK_PUNCT && t->punct == PUNCT_RARRAY) {
      asm_next(ps);
      break;
    }
    if (t->kind == TOK_FLOAT) {
      bits = t->bits;
      asm_next(ps);
    } else if (!special_float(ps, &bits)) {
      asm_expected(ps, "a float or `|]`");
      return false;
    }
    if (c->floats.len - first >= UINT32_MAX || !VEC_PUSH(c->floats, bits)) return oom(ps);
  }
  uint32_t node = new_node(ps, C_FLOAT_ARRAY, &open);
  if (node == UINT32_MAX) return oom(ps);
  c->nodes.items[node].first = first;
  c->nodes.items[node].n = (uint32_t)(c->floats.len - first);
  *out = node;
  return true;
}

/* One constant that is not a block with fields; *out is its node. */
static bool parse_scalar(Parser *ps, uint32_t *out) {
  Token t = ps->tok;
  Consts *c = &ps->p->consts;
  uint32_t node;
  uint64_t bits;
  switch (t.kind) {
  case TOK_INT: {
    CKind k = t.suffix == 0 ? C_INT : t.suffix == 'l' ? C_INT32 : t.suffix == 'L' ? C_INT64
                                                                                 : C_NATIVEINT;
    node = new_node(ps, k, &t);
    if (node == UINT32_MAX) return oom(ps);
    c->nodes.items[node].i = t.i;
    asm_next(ps);
    break;
  }
  case TOK_CHAR:
    node = new_node(ps, C_CHAR, &t);
    if (node == UINT32_MAX) return oom(ps);
    c->nodes.items[node].i = t.i;
    asm_next(ps);
    break;
  case TOK_FLOAT:
    node = new_node(ps, C_FLOAT, &t);
    if (node == UINT32_MAX) return oom(ps);
    c->nodes.items[node].bits = t.bits;
    asm_next(ps);
    break;
  case TOK_STRING: {
    if (t.str_len > UINT32_MAX) {
      asm_error(ps->diag, t.line, t.col, "string literal too long");
      return false;
    }
    size_t first = c->bytes.len;
    if (!VEC_RESERVE(c->bytes, t.str_len)) return oom(ps);
    if (t.str_len > 0) memcpy(c->bytes.items + first, ps->lex.buf.items + t.str, t.str_len);
    c->bytes.len += t.str_len;
    node = new_node(ps, C_STRING, &t);
    if (node == UINT32_MAX) return oom(ps);
    c->nodes.items[node].first = first;
    c->nodes.items[node].n = (uint32_t)t.str_len;
    asm_next(ps);
    break;
  }
  case TOK_PUNCT:
    if (t.punct == PUNCT_LARRAY) return parse_float_array(ps, out);
    if (t.punct == '@') {
      asm_next(ps);
      const Token *n = &ps->tok;
      if (n->kind != TOK_INT || n->suffix != 0 || n->i < 0 || n->i >= UINT32_MAX) {
        asm_expected(ps, "a literal node number after `@`");
        return false;
      }
      node = new_node(ps, C_REF, &t);
      if (node == UINT32_MAX) return oom(ps);
      c->nodes.items[node].i = n->i;
      asm_next(ps);
      break;
    }
    asm_expected(ps, "a constant");
    return false;
  default:
    if (!special_float(ps, &bits)) {
      asm_expected(ps, "a constant");
      return false;
    }
    node = new_node(ps, C_FLOAT, &t);
    if (node == UINT32_MAX) return oom(ps);
    c->nodes.items[node].bits = bits;
    break;
  }
  *out = node;
  return true;
}

typedef struct Frame {
  uint32_t node;        /* the block being filled */
  size_t pending;       /* its fields so far start here in the pending stack */
} Frame;

bool asm_parse_const(Parser *ps, uint32_t *root) {
  Consts *c = &ps->p->consts;
  VEC(Frame) stack = {0};
  VEC(uint32_t) pending = {0};
  bool ok = false;
  for (;;) {
    /* Parse one item; a block with fields opens a frame instead. */
    uint32_t x;
    size_t level = stack.len + 1;
    if (level > ZBC_MAX_LITERAL_DEPTH) {
      asm_error(ps->diag, ps->tok.line, ps->tok.col, "constant nested deeper than %d levels",
                ZBC_MAX_LITERAL_DEPTH);
      goto done;
    }
    if (ps->tok.kind == TOK_PUNCT && ps->tok.punct == '[') {
      Token open = ps->tok;
      uint32_t tag;
      asm_next(ps);
      if (!parse_tag(ps, &tag)) goto done;
      if (ps->tok.kind == TOK_PUNCT && ps->tok.punct == ']') {
        x = new_node(ps, C_BLOCK, &open);
        if (x == UINT32_MAX) {
          oom(ps);
          goto done;
        }
        c->nodes.items[x].tag = tag;
        asm_next(ps);
      } else if (ps->tok.kind == TOK_PUNCT && ps->tok.punct == ':') {
        asm_next(ps);
        uint32_t b = new_node(ps, C_BLOCK, &open);
        if (b == UINT32_MAX) {
          oom(ps);
          goto done;
        }
        c->nodes.items[b].tag = tag;
        Frame f = {b, pending.len};
        if (!VEC_PUSH(stack, f)) {
          oom(ps);
          goto done;
        }
        continue;
      } else {
        asm_expected(ps, "`:` or `]` after the block tag");
        goto done;
      }
    } else if (!parse_scalar(ps, &x)) {
      goto done;
    }
    /* x is complete: add it to its block, closing the blocks that end. */
    for (;;) {
      if (stack.len == 0) {
        *root = x;
        ok = true;
        goto done;
      }
      if (!VEC_PUSH(pending, x)) {
        oom(ps);
        goto done;
      }
      if (!(ps->tok.kind == TOK_PUNCT && ps->tok.punct == ']')) break;
      Frame f = stack.items[--stack.len];
      size_t n = pending.len - f.pending;
      if (n > UINT32_MAX || !VEC_RESERVE(c->kids, n)) {
        oom(ps);
        goto done;
      }
      CNode *b = &c->nodes.items[f.node];
      b->first = c->kids.len;
      b->n = (uint32_t)n;
      memcpy(c->kids.items + c->kids.len, pending.items + f.pending, n * sizeof *pending.items);
      c->kids.len += n;
      pending.len = f.pending;
      asm_next(ps);
      x = f.node;
    }
  }
done:
  free(stack.items);
  free(pending.items);
  return ok;
}

/* ---- Literal nodes --------------------------------------------------------- */

typedef struct Walk {
  uint32_t node;
  uint32_t next;   /* next field to visit */
} Walk;

uint32_t asm_build_literal(Program *p, ZbcUnit *u, DepthVec *depth, uint32_t root) {
  Consts *c = &p->consts;
  VEC(Walk) stack = {0};
  VEC(uint32_t) done = {0};   /* finished nodes' literal indices */
  uint32_t result = UINT32_MAX;
  Walk w0 = {root, 0};
  if (!VEC_PUSH(stack, w0)) goto oom;
  while (stack.len > 0) {
    Walk *w = &stack.items[stack.len - 1];
    const CNode *n = &c->nodes.items[w->node];
    if (n->kind == C_BLOCK && w->next < n->n) {
      Walk child = {c->kids.items[n->first + w->next], 0};
      w->next++;
      if (!VEC_PUSH(stack, child)) goto oom;
      continue;
    }
    stack.len--;
    uint32_t idx;
    uint32_t d = 1;
    switch (n->kind) {
    case C_INT:
    case C_CHAR: idx = zbc_lit_int(u, ZBC_LIT_INT, n->i); break;
    case C_INT32: idx = zbc_lit_int(u, ZBC_LIT_INT32, n->i); break;
    case C_INT64: idx = zbc_lit_int(u, ZBC_LIT_INT64, n->i); break;
    case C_NATIVEINT: idx = zbc_lit_int(u, ZBC_LIT_NATIVEINT, n->i); break;
    case C_FLOAT: {
      double x;
      memcpy(&x, &n->bits, sizeof x);
      idx = zbc_lit_float(u, x);
      /* Keep the exact bits, whatever passing a NaN by value did to it. */
      if (idx != UINT32_MAX) u->lits.items[idx].bits = n->bits;
      break;
    }
    case C_STRING:
      idx = zbc_lit_string(u, n->n > 0 ? c->bytes.items + n->first : "", n->n);
      break;
    case C_FLOAT_ARRAY:
      if (n->n == 0) {
        idx = zbc_lit_float_array(u, NULL, 0);
        break;
      }
      idx = zbc_lit_float_array(u, (const double *)(const void *)(c->floats.items + n->first),
                                n->n);
      if (idx != UINT32_MAX)
        memcpy(u->lit_floats.items + u->lits.items[idx].first, c->floats.items + n->first,
               (size_t)n->n * sizeof(uint64_t));
      break;
    case C_REF:
      if (n->i < 0 || (uint64_t)n->i >= u->lits.len) {
        asm_error(p->diag, n->line, n->col,
                  "literal node @%lld does not exist (the unit has %u literal nodes so far)",
                  (long long)n->i, u->lits.len);
        goto fail;
      }
      idx = (uint32_t)n->i;
      if (!VEC_PUSH(done, idx)) goto oom;
      continue;
    case C_BLOCK: {
      const uint32_t *fields = n->n > 0 ? done.items + done.len - n->n : NULL;
      for (uint32_t k = 0; k < n->n; k++)
        if (depth->items[fields[k]] + 1 > d) d = depth->items[fields[k]] + 1;
      if (d > ZBC_MAX_LITERAL_DEPTH) {
        asm_error(p->diag, n->line, n->col, "constant nested deeper than %d levels",
                  ZBC_MAX_LITERAL_DEPTH);
        goto fail;
      }
      idx = zbc_lit_block(u, n->tag, fields, n->n);
      done.len -= n->n;
      break;
    }
    default:
      idx = UINT32_MAX;
      break;
    }
    if (idx == UINT32_MAX) {
      asm_error(p->diag, n->line, n->col,
                "cannot add the literal: more than %u literal nodes, or out of memory",
                ZBC_MAX_LITERALS);
      goto fail;
    }
    if (!VEC_PUSH(*depth, d) || !VEC_PUSH(done, idx)) goto oom;
  }
  result = done.items[0];
  goto fail;
oom:
  asm_error(p->diag, c->nodes.items[root].line, c->nodes.items[root].col, "out of memory");
fail:
  free(stack.items);
  free(done.items);
  return result;
}
