/* The assembler's parser: tokens -> Program (see asm_internal.h).
 *
 * A logical line is
 *
 *   label* [instruction | directive] [comment]
 *
 * where a label is `name:` (`L12:` in listings). An instruction is either
 * a -dinstr mnemonic (lower case, operands in printinstr.ml's syntax) or
 * an opcode of vm/opcodes.def by its upper-case name, whose operands are
 * parsed by the operand kinds of the opcode table. Errors are reported at
 * the offending token, and the rest of the line is skipped.
 */
#include <string.h>

#include "../vm/opcodes.h"
#include "asm_internal.h"

/* ---- Tokens ---------------------------------------------------------------- */

void asm_next(Parser *ps) {
  if (ps->has_ahead) {
    ps->tok = ps->ahead;
    ps->has_ahead = false;
  } else {
    ps->tok = asm_lex_next(&ps->lex);
  }
}

const Token *asm_peek(Parser *ps) {
  if (!ps->has_ahead) {
    ps->ahead = asm_lex_next(&ps->lex);
    ps->has_ahead = true;
  }
  return &ps->ahead;
}

void asm_expected(Parser *ps, const char *what) {
  if (ps->tok.kind == TOK_ERROR) return; /* already reported by the lexer */
  char found[64];
  asm_tok_describe(&ps->lex, &ps->tok, found, sizeof found);
  asm_error(ps->diag, ps->tok.line, ps->tok.col, "expected %s, found %s", what, found);
}

static bool is_punct(const Token *t, int c) { return t->kind == TOK_PUNCT && t->punct == c; }
static bool at_end(const Token *t) { return t->kind == TOK_NEWLINE || t->kind == TOK_EOF; }
static const char *text_of(const Parser *ps, const Token *t) { return ps->lex.text + t->start; }

static bool tok_is(const Parser *ps, const Token *t, const char *word) {
  size_t n = strlen(word);
  return t->kind == TOK_IDENT && t->len == n && memcmp(text_of(ps, t), word, n) == 0;
}

static bool oom(Parser *ps) {
  asm_error(ps->diag, ps->tok.line, ps->tok.col, "out of memory");
  return false;
}

/* Skip to the end of the logical line, quietly. */
static void skip_line(Parser *ps) {
  ps->lex.quiet = true;
  while (!at_end(&ps->tok)) asm_next(ps);
  ps->lex.quiet = false;
}

/* The next blank-delimited word of the raw text (a CRC), read directly
 * from the lexer: hexadecimal digits do not make a number token. Only
 * valid when no token has been peeked. */
static Token raw_word(Parser *ps) {
  Lexer *lx = &ps->lex;
  if (ps->has_ahead) { /* cannot happen: directives never peek first */
    Token none = ps->ahead;
    none.len = 0;
    return none;
  }
  while (lx->pos < lx->len && (lx->text[lx->pos] == ' ' || lx->text[lx->pos] == '\t' ||
                               lx->text[lx->pos] == '\r'))
    lx->pos++;
  Token t;
  memset(&t, 0, sizeof t);
  t.kind = TOK_IDENT;
  t.start = lx->pos;
  t.line = lx->line;
  t.col = (uint32_t)(lx->pos - lx->line_start + 1);
  while (lx->pos < lx->len) {
    char c = lx->text[lx->pos];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') break;
    if (c == '-' && lx->pos + 1 < lx->len && lx->text[lx->pos + 1] == '-') break;
    lx->pos++;
  }
  t.len = lx->pos - t.start;
  return t;
}

/* ---- Names and labels -------------------------------------------------------- */

size_t asm_add_name(Program *p, const char *s, size_t n) {
  if (!VEC_RESERVE(p->names, n + 1)) return SIZE_MAX;
  size_t at = p->names.len;
  memcpy(p->names.items + at, s, n);
  p->names.items[at + n] = 0;
  p->names.len += n + 1;
  return at;
}

static uint64_t hash_name(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static bool rehash_labels(Program *p) {
  size_t size = p->label_slots.len ? p->label_slots.len * 2 : 64;
  uint32_t *slots = calloc(size, sizeof *slots);
  if (slots == NULL) return false;
  for (size_t i = 0; i < p->labels.len; i++) {
    const char *name = p->names.items + p->labels.items[i].name;
    size_t h = (size_t)hash_name(name, strlen(name)) & (size - 1);
    while (slots[h] != 0) h = (h + 1) & (size - 1);
    slots[h] = (uint32_t)(i + 1);
  }
  free(p->label_slots.items);
  p->label_slots.items = slots;
  p->label_slots.len = p->label_slots.cap = size;
  return true;
}

size_t asm_label(Program *p, const char *name, size_t n) {
  if (p->labels.len >= UINT32_MAX - 1) return SIZE_MAX;
  if ((p->labels.len + 1) * 2 > p->label_slots.len && !rehash_labels(p)) return SIZE_MAX;
  size_t mask = p->label_slots.len - 1;
  size_t h = (size_t)hash_name(name, n) & mask;
  while (p->label_slots.items[h] != 0) {
    size_t i = p->label_slots.items[h] - 1;
    const char *other = p->names.items + p->labels.items[i].name;
    if (strlen(other) == n && memcmp(other, name, n) == 0) return i;
    h = (h + 1) & mask;
  }
  size_t at = asm_add_name(p, name, n);
  if (at == SIZE_MAX) return SIZE_MAX;
  Label l = {.name = at};
  if (!VEC_PUSH(p->labels, l)) return SIZE_MAX;
  p->label_slots.items[h] = (uint32_t)p->labels.len;
  return p->labels.len - 1;
}

void asm_program_free(Program *p) {
  free(p->ir.items);
  free(p->lists.items);
  free(p->labels.items);
  free(p->label_slots.items);
  free(p->names.items);
  free(p->consts.nodes.items);
  free(p->consts.kids.items);
  free(p->consts.floats.items);
  free(p->consts.bytes.items);
  free(p->imports.items);
  memset(p, 0, sizeof *p);
}

/* ---- Operands ------------------------------------------------------------------ */

static Operand operand_at(const Token *t, OpdKind kind, int64_t v) {
  Operand o = {.kind = (uint8_t)kind, .line = t->line, .col = t->col, .v = v};
  return o;
}

/* An integer in [min, max]; chars too if [chars]. */
static bool parse_int(Parser *ps, int64_t min, int64_t max, bool chars, Operand *out) {
  const Token *t = &ps->tok;
  if (!((t->kind == TOK_INT && t->suffix == 0) || (chars && t->kind == TOK_CHAR))) {
    asm_expected(ps, "an integer");
    return false;
  }
  if (t->i < min || t->i > max) {
    asm_error(ps->diag, t->line, t->col, "integer %lld out of range (expected %lld..%lld)",
              (long long)t->i, (long long)min, (long long)max);
    return false;
  }
  *out = operand_at(t, OPD_INT, t->i);
  asm_next(ps);
  return true;
}

/* Raw operand words: anything that fits 32 bits, signed or unsigned. */
#define WORD_MIN ((int64_t)INT32_MIN)
#define WORD_MAX ((int64_t)UINT32_MAX)

static bool skip_comma(Parser *ps) {
  if (is_punct(&ps->tok, ',')) {
    asm_next(ps);
    return true;
  }
  return false;
}

static bool expect_comma(Parser *ps) {
  if (skip_comma(ps)) return true;
  asm_expected(ps, "`,`");
  return false;
}

/* A reference to a label: its name; or, if [numbers], a bare number n
 * meaning `Ln` (switch and closurerec in listings); or, if [raw], an
 * integer that is the offset itself. */
static bool parse_target(Parser *ps, bool numbers, bool raw, Operand *out) {
  const Token *t = &ps->tok;
  if (t->kind == TOK_IDENT) {
    size_t l = asm_label(ps->p, text_of(ps, t), t->len);
    if (l == SIZE_MAX) return oom(ps);
    *out = operand_at(t, OPD_LABEL, (int64_t)l);
    asm_next(ps);
    return true;
  }
  if (t->kind == TOK_INT && t->suffix == 0 && numbers) {
    if (t->i < 0) {
      asm_expected(ps, "a label number");
      return false;
    }
    char name[32];
    int n = snprintf(name, sizeof name, "L%lld", (long long)t->i);
    size_t l = asm_label(ps->p, name, (size_t)n);
    if (l == SIZE_MAX) return oom(ps);
    *out = operand_at(t, OPD_LABEL, (int64_t)l);
    asm_next(ps);
    return true;
  }
  if (t->kind == TOK_INT && raw) return parse_int(ps, WORD_MIN, WORD_MAX, false, out);
  asm_expected(ps, numbers ? "a label number" : raw ? "a label or an offset" : "a label");
  return false;
}

/* A symbol: an identifier or a quoted string (1..1024 bytes, no NUL). */
static bool parse_name(Parser *ps, const char *what, OpdKind kind, Operand *out) {
  const Token *t = &ps->tok;
  const char *s;
  size_t n;
  if (t->kind == TOK_IDENT) {
    s = text_of(ps, t);
    n = t->len;
  } else if (t->kind == TOK_STRING && !t->immutable) {
    s = t->str_len > 0 ? ps->lex.buf.items + t->str : "";
    n = t->str_len;
  } else {
    asm_expected(ps, what);
    return false;
  }
  if (n == 0 || n > ZBC_MAX_SYMBOL || memchr(s, 0, n) != NULL) {
    asm_error(ps->diag, t->line, t->col,
              "a name must have 1 to %d bytes and no NUL byte", ZBC_MAX_SYMBOL);
    return false;
  }
  size_t at = asm_add_name(ps->p, s, n);
  if (at == SIZE_MAX) return oom(ps);
  *out = operand_at(t, kind, (int64_t)at);
  asm_next(ps);
  return true;
}

/* Does the current token start a global name (`Name!`, `Name/12!`,
 * `"name"!`)? */
static bool at_global(Parser *ps) {
  if (ps->tok.kind != TOK_IDENT && !(ps->tok.kind == TOK_STRING && !ps->tok.immutable))
    return false;
  const Token *n = asm_peek(ps);
  return is_punct(n, '!') || (ps->tok.kind == TOK_IDENT && is_punct(n, '/'));
}

/* A global: `Name!` or `"name"!` (a module), or `Name/stamp!`: a
 * predefined exception if Name is one (ocamlc prints their stamp), else a
 * module (the stamp is dropped). */
static bool parse_global(Parser *ps, OpdKind kind, Operand *out) {
  if (!at_global(ps)) {
    asm_expected(ps, "a global `Name!`");
    return false;
  }
  if (!parse_name(ps, "a global `Name!`", kind, out)) return false;
  if (is_punct(&ps->tok, '/')) {
    asm_next(ps);
    if (ps->tok.kind != TOK_INT || ps->tok.suffix != 0 || ps->tok.i < 0) {
      asm_expected(ps, "an identifier stamp after `/`");
      return false;
    }
    asm_next(ps);
    const char *name = ps->p->names.items + out->v;
    int exn = asm_predef_index(name, strlen(name));
    if (kind == OPD_GLOBAL && exn >= 0) {
      out->kind = OPD_PREDEF;
      out->v = exn;
    }
  }
  if (!is_punct(&ps->tok, '!')) {
    asm_expected(ps, "`!` after the global's name");
    return false;
  }
  asm_next(ps);
  return true;
}

static bool parse_const_operand(Parser *ps, Operand *out) {
  Token t = ps->tok;
  uint32_t root;
  if (!asm_parse_const(ps, &root)) return false;
  *out = operand_at(&t, OPD_CONST, root);
  return true;
}

/* A list of targets into p->lists, up to `/` (if [slash]) or the end of
 * the line; optional commas between them. */
static bool parse_targets(Parser *ps, bool numbers, bool raw, bool slash) {
  for (;;) {
    if (at_end(&ps->tok) || (slash && is_punct(&ps->tok, '/'))) return true;
    Operand o;
    if (!parse_target(ps, numbers, raw, &o)) return false;
    if (!VEC_PUSH(ps->p->lists, o)) return oom(ps);
    skip_comma(ps);
  }
}

static bool parse_switch(Parser *ps, Ir *ir, bool raw) {
  ir->list = ps->p->lists.len;
  if (!parse_targets(ps, !raw, raw, true)) return false;
  size_t nconst = ps->p->lists.len - ir->list;
  if (!is_punct(&ps->tok, '/')) {
    asm_expected(ps, "`/` between the int cases and the block cases");
    return false;
  }
  asm_next(ps);
  if (!parse_targets(ps, !raw, raw, false)) return false;
  size_t nblock = ps->p->lists.len - ir->list - nconst;
  if (nconst > 0xFFFF || nblock > 0xFFFF) {
    asm_error(ps->diag, ir->line, ir->col,
              "switch has %zu int cases and %zu block cases: at most 65535 of each", nconst,
              nblock);
    return false;
  }
  ir->nconst = (uint32_t)nconst;
  ir->nlist = nconst + nblock;
  return true;
}

/* ---- Listing instructions (printinstr.ml) ---------------------------------------- */

typedef enum Shape {
  SH_NONE,
  SH_INT,        /* n */
  SH_INT_INT,    /* n, m */
  SH_LABEL,      /* Ln */
  SH_CLOSURE,    /* Ln, nvars */
  SH_CLOSUREREC, /* n1 n2 ..., nvars */
  SH_SWITCH,     /* c1 c2 .../ b1 b2 ... */
  SH_GLOBAL,     /* Name! */
  SH_CONST,      /* structured constant */
  SH_CCALL,      /* name, n */
  SH_EVENT       /* ignored */
} Shape;

typedef struct Mnemonic {
  const char *name;
  uint8_t op;     /* ListingOp */
  uint8_t shape;  /* Shape */
  int16_t opcode; /* LI_SIMPLE: the opcode; LI_INTCOMP: the Cmp */
  int32_t min;    /* least value of the (first) integer operand */
} Mnemonic;

#define SIMPLE(name, opc) {name, LI_SIMPLE, SH_NONE, OP_##opc, 0}
#define COUNT(name, op, shape, min) {name, op, shape, 0, min}
#define SIGNED INT32_MIN

static const Mnemonic mnemonics[] = {
    COUNT("acc", LI_ACC, SH_INT, 0),
    COUNT("envacc", LI_ENVACC, SH_INT, 0),
    COUNT("push", LI_PUSH, SH_NONE, 0),
    COUNT("pop", LI_POP, SH_INT, 0),
    COUNT("assign", LI_ASSIGN, SH_INT, 0),
    COUNT("push_retaddr", LI_PUSH_RETADDR, SH_LABEL, 0),
    COUNT("apply", LI_APPLY, SH_INT, 1),
    COUNT("appterm", LI_APPTERM, SH_INT_INT, 1),
    COUNT("return", LI_RETURN, SH_INT, 0),
    SIMPLE("restart", RESTART),
    COUNT("grab", LI_GRAB, SH_INT, 0),
    COUNT("closure", LI_CLOSURE, SH_CLOSURE, 0),
    COUNT("closurerec", LI_CLOSUREREC, SH_CLOSUREREC, 0),
    COUNT("offsetclosure", LI_OFFSETCLOSURE, SH_INT, SIGNED),
    COUNT("getglobal", LI_GETGLOBAL, SH_GLOBAL, 0),
    COUNT("setglobal", LI_SETGLOBAL, SH_GLOBAL, 0),
    COUNT("const", LI_CONST, SH_CONST, 0),
    COUNT("makeblock", LI_MAKEBLOCK, SH_INT_INT, 0),
    COUNT("makefloatblock", LI_MAKEFLOATBLOCK, SH_INT, 0),
    COUNT("getfield", LI_GETFIELD, SH_INT, 0),
    COUNT("setfield", LI_SETFIELD, SH_INT, 0),
    COUNT("getfloatfield", LI_GETFLOATFIELD, SH_INT, 0),
    COUNT("setfloatfield", LI_SETFLOATFIELD, SH_INT, 0),
    SIMPLE("vectlength", VECTLENGTH),
    SIMPLE("getvectitem", GETVECTITEM),
    SIMPLE("setvectitem", SETVECTITEM),
    SIMPLE("getstringchar", GETSTRINGCHAR),
    SIMPLE("getbyteschar", GETBYTESCHAR),
    SIMPLE("setbyteschar", SETBYTESCHAR),
    COUNT("branch", LI_BRANCH, SH_LABEL, 0),
    COUNT("branchif", LI_BRANCHIF, SH_LABEL, 0),
    COUNT("branchifnot", LI_BRANCHIFNOT, SH_LABEL, 0),
    COUNT("strictbranchif", LI_STRICTBRANCHIF, SH_LABEL, 0),
    COUNT("strictbranchifnot", LI_STRICTBRANCHIFNOT, SH_LABEL, 0),
    COUNT("switch", LI_SWITCH, SH_SWITCH, 0),
    SIMPLE("boolnot", BOOLNOT),
    COUNT("pushtrap", LI_PUSHTRAP, SH_LABEL, 0),
    SIMPLE("poptrap", POPTRAP),
    SIMPLE("raise", RAISE),
    SIMPLE("reraise", RERAISE),
    SIMPLE("raise_notrace", RAISE_NOTRACE),
    SIMPLE("check_signals", CHECK_SIGNALS),
    COUNT("ccall", LI_CCALL, SH_CCALL, 1),
    SIMPLE("negint", NEGINT),
    SIMPLE("addint", ADDINT),
    SIMPLE("subint", SUBINT),
    SIMPLE("mulint", MULINT),
    SIMPLE("divint", DIVINT),
    SIMPLE("modint", MODINT),
    SIMPLE("andint", ANDINT),
    SIMPLE("orint", ORINT),
    SIMPLE("xorint", XORINT),
    SIMPLE("lslint", LSLINT),
    SIMPLE("lsrint", LSRINT),
    SIMPLE("asrint", ASRINT),
    {"eqint", LI_INTCOMP, SH_NONE, CMP_EQ, 0},
    {"neqint", LI_INTCOMP, SH_NONE, CMP_NE, 0},
    {"ltint", LI_INTCOMP, SH_NONE, CMP_LT, 0},
    {"leint", LI_INTCOMP, SH_NONE, CMP_LE, 0},
    {"gtint", LI_INTCOMP, SH_NONE, CMP_GT, 0},
    {"geint", LI_INTCOMP, SH_NONE, CMP_GE, 0},
    COUNT("offsetint", LI_OFFSETINT, SH_INT, SIGNED),
    COUNT("offsetref", LI_OFFSETREF, SH_INT, SIGNED),
    SIMPLE("isint", ISINT),
    COUNT("isout", LI_ISOUT, SH_NONE, 0),
    SIMPLE("getmethod", GETMETHOD),
    COUNT("getpubmet", LI_GETPUBMET, SH_INT, SIGNED),
    SIMPLE("getdynmet", GETDYNMET),
    SIMPLE("stop", STOP),
    COUNT("event", 0, SH_EVENT, 0),
};

static const Mnemonic *find_mnemonic(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof mnemonics / sizeof mnemonics[0]; i++)
    if (strlen(mnemonics[i].name) == n && memcmp(mnemonics[i].name, s, n) == 0)
      return &mnemonics[i];
  return NULL;
}

static bool parse_listing(Parser *ps, const Mnemonic *m, Ir *ir) {
  ir->kind = IR_LISTING;
  ir->op = m->op;
  if (m->op == LI_SIMPLE) ir->opcode = m->opcode;
  if (m->op == LI_INTCOMP) ir->cmp = (uint8_t)m->opcode;
  switch ((Shape)m->shape) {
  case SH_NONE:
    return true;
  case SH_INT:
    return parse_int(ps, m->min, INT32_MAX, false, &ir->a);
  case SH_INT_INT:
    return parse_int(ps, m->min, INT32_MAX, false, &ir->a) && expect_comma(ps) &&
           parse_int(ps, 0, INT32_MAX, false, &ir->b);
  case SH_LABEL:
    return parse_target(ps, false, false, &ir->a);
  case SH_CLOSURE:
    return parse_target(ps, false, false, &ir->a) && expect_comma(ps) &&
           parse_int(ps, 0, INT32_MAX, false, &ir->b);
  case SH_CLOSUREREC:
    ir->list = ps->p->lists.len;
    while (!is_punct(&ps->tok, ',')) {
      Operand o;
      if (!parse_target(ps, true, false, &o)) return false;
      if (!VEC_PUSH(ps->p->lists, o)) return oom(ps);
    }
    ir->nlist = ps->p->lists.len - ir->list;
    if (ir->nlist == 0) {
      asm_expected(ps, "a function label");
      return false;
    }
    asm_next(ps);
    return parse_int(ps, 0, INT32_MAX, false, &ir->a);
  case SH_SWITCH:
    return parse_switch(ps, ir, false);
  case SH_GLOBAL:
    return parse_global(ps, m->op == LI_SETGLOBAL ? OPD_SETGLOBAL : OPD_GLOBAL, &ir->a);
  case SH_CONST:
    return parse_const_operand(ps, &ir->a);
  case SH_CCALL:
    return parse_name(ps, "a primitive name", OPD_NAME, &ir->a) && expect_comma(ps) &&
           parse_int(ps, 1, INT32_MAX, false, &ir->b);
  case SH_EVENT:
    break;
  }
  return true;
}

/* ---- Raw instructions (vm/opcodes.def) --------------------------------------------- */

static bool parse_raw_operand(Parser *ps, int opcode, OperandKind kind, Operand *out) {
  switch (kind) {
  case OPK_UINT:
  case OPK_TAG:
  case OPK_CACHE:
    return parse_int(ps, WORD_MIN, WORD_MAX, false, out);
  case OPK_INT:
    return parse_int(ps, WORD_MIN, WORD_MAX, true, out);
  case OPK_OFS:
    return parse_target(ps, false, true, out);
  case OPK_GLOBAL:
    if (opcode == OP_SETGLOBAL) return parse_global(ps, OPD_SETGLOBAL, out);
    if (at_global(ps)) return parse_global(ps, OPD_GLOBAL, out);
    return parse_const_operand(ps, out);
  case OPK_PRIM:
    return parse_name(ps, "a primitive name", OPD_NAME, out);
  default:
    return false;
  }
}

static bool parse_raw(Parser *ps, int opcode, Ir *ir) {
  const OpcodeInfo *info = opcode_lookup(opcode);
  ir->kind = IR_RAW;
  ir->opcode = (int16_t)opcode;
  if (info->operand[0] == OPK_SWITCH) return parse_switch(ps, ir, true);
  if (info->operand[0] == OPK_CLOSUREREC) {
    if (!parse_int(ps, 1, 0xFFFFFF, false, &ir->a) || !expect_comma(ps) ||
        !parse_int(ps, WORD_MIN, WORD_MAX, false, &ir->b))
      return false;
    ir->list = ps->p->lists.len;
    while (skip_comma(ps)) {
      Operand o;
      if (!parse_target(ps, false, true, &o)) return false;
      if (!VEC_PUSH(ps->p->lists, o)) return oom(ps);
    }
    ir->nlist = ps->p->lists.len - ir->list;
    if (ir->nlist != (size_t)ir->a.v) {
      asm_error(ps->diag, ir->a.line, ir->a.col,
                "%s declares %lld functions but lists %zu targets", info->name,
                (long long)ir->a.v, ir->nlist);
      return false;
    }
    return true;
  }
  Operand *slot[2] = {&ir->a, &ir->b};
  for (int k = 0; k < 2 && info->operand[k] != OPK_NONE; k++) {
    if (k > 0) skip_comma(ps);
    if (!parse_raw_operand(ps, opcode, info->operand[k], slot[k])) return false;
  }
  return true;
}

/* ---- Directives ------------------------------------------------------------------ */

static bool parse_hex_crc(Parser *ps, const Token *w, uint8_t crc[ZBC_CRC_SIZE]) {
  const char *s = text_of(ps, w);
  bool ok = w->len == 2 * ZBC_CRC_SIZE;
  for (size_t i = 0; ok && i < w->len; i++) {
    char c = s[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) ok = false;
    else if (i % 2 == 0) crc[i / 2] = (uint8_t)(v << 4);
    else crc[i / 2] |= (uint8_t)v;
  }
  if (!ok)
    asm_error(ps->diag, w->line, w->col,
              "expected a CRC (32 hexadecimal digits) or `none`, found `%.*s`",
              w->len > 40 ? 40 : (int)w->len, s);
  return ok;
}

/* `none`, 32 hex digits, or (if [optional]) nothing: the CRC mode. */
static bool parse_crc(Parser *ps, bool optional, uint8_t *mode, uint8_t crc[ZBC_CRC_SIZE]) {
  Token w = raw_word(ps);
  const char *s = text_of(ps, &w);
  memset(crc, 0, ZBC_CRC_SIZE);
  if (w.len == 0 && optional) {
    *mode = CRC_LOOKUP;
  } else if (w.len == 4 && memcmp(s, "none", 4) == 0) {
    *mode = CRC_NONE;
  } else {
    if (!parse_hex_crc(ps, &w, crc)) return false;
    *mode = CRC_GIVEN;
  }
  asm_next(ps);
  return true;
}

static bool directive(Parser *ps) {
  Program *p = ps->p;
  Token d = ps->tok;
  const char *name = text_of(ps, &d) + 1;
  size_t n = d.len - 1;
#define IS(word) (n == strlen(word) && memcmp(name, word, n) == 0)
  if (IS("crc")) {
    if (p->crc_mode != CRC_LOOKUP) {
      asm_error(ps->diag, d.line, d.col, "the module's CRC is given twice");
      return false;
    }
    return parse_crc(ps, false, &p->crc_mode, p->crc);
  }
  asm_next(ps);
  if (IS("module")) {
    const Token *t = &ps->tok;
    if (t->kind != TOK_IDENT || !zbc_valid_module_name(text_of(ps, t), t->len)) {
      asm_expected(ps, "a module name (a letter, then letters, digits, `_` or `'`)");
      return false;
    }
    if (p->has_module) {
      asm_error(ps->diag, d.line, d.col, "the module name is given twice");
      return false;
    }
    p->module = asm_add_name(p, text_of(ps, t), t->len);
    if (p->module == SIZE_MAX) return oom(ps);
    p->has_module = true;
    p->module_line = d.line;
    p->module_col = d.col;
    asm_next(ps);
    return true;
  }
  if (IS("import")) {
    const Token *t = &ps->tok;
    if (t->kind != TOK_IDENT && t->kind != TOK_STRING) {
      asm_expected(ps, "a module name");
      return false;
    }
    /* Read the name without lexing past it: the CRC is a raw word. */
    Token name_tok = *t;
    const char *s = t->kind == TOK_IDENT ? text_of(ps, t)
                    : t->str_len > 0 ? ps->lex.buf.items + t->str : "";
    size_t len = t->kind == TOK_IDENT ? t->len : t->str_len;
    if (len == 0 || len > ZBC_MAX_SYMBOL || memchr(s, 0, len) != NULL) {
      asm_error(ps->diag, t->line, t->col, "a name must have 1 to %d bytes and no NUL byte",
                ZBC_MAX_SYMBOL);
      return false;
    }
    ImportDecl imp = {.line = name_tok.line, .col = name_tok.col};
    imp.name = asm_add_name(p, s, len);
    if (imp.name == SIZE_MAX) return oom(ps);
    for (size_t i = 0; i < p->imports.len; i++)
      if (strcmp(p->names.items + p->imports.items[i].name, p->names.items + imp.name) == 0) {
        asm_error(ps->diag, name_tok.line, name_tok.col, "module %s is imported twice",
                  p->names.items + imp.name);
        return false;
      }
    if (!parse_crc(ps, true, &imp.crc_mode, imp.crc)) return false;
    if (!VEC_PUSH(p->imports, imp)) return oom(ps);
    return true;
  }
  if (IS("noimports")) {
    p->noimports = true;
    return true;
  }
  Ir ir;
  memset(&ir, 0, sizeof ir);
  ir.line = d.line;
  ir.col = d.col;
  if (IS("line")) {
    ir.kind = IR_LINE;
    if (!parse_int(ps, 0, UINT32_MAX, false, &ir.a)) return false;
    p->has_lines = true;
  } else if (IS("word")) {
    ir.kind = IR_WORD;
    if (!parse_int(ps, WORD_MIN, WORD_MAX, false, &ir.a)) return false;
    if (skip_comma(ps)) {
      Token k = ps->tok;
      if (tok_is(ps, &k, "const")) {
        asm_next(ps);
        if (!parse_const_operand(ps, &ir.b)) return false;
      } else if (tok_is(ps, &k, "getglobal")) {
        asm_next(ps);
        if (!parse_global(ps, OPD_GLOBAL, &ir.b)) return false;
      } else if (tok_is(ps, &k, "setglobal")) {
        asm_next(ps);
        if (!parse_global(ps, OPD_SETGLOBAL, &ir.b)) return false;
      } else if (tok_is(ps, &k, "prim")) {
        asm_next(ps);
        if (!parse_name(ps, "a primitive name", OPD_NAME, &ir.b)) return false;
      } else {
        asm_expected(ps, "a relocation (`const`, `getglobal`, `setglobal` or `prim`)");
        return false;
      }
    }
  } else if (IS("lit")) {
    ir.kind = IR_LIT;
    if (!parse_const_operand(ps, &ir.a)) return false;
  } else if (IS("symbol")) {
    ir.kind = IR_SYMBOL;
    if (!parse_name(ps, "a symbol name", OPD_NAME, &ir.a)) return false;
  } else {
    asm_error(ps->diag, d.line, d.col,
              "unknown directive `.%.*s` (expected .module .crc .import .noimports .line "
              ".word .lit or .symbol)",
              n > 40 ? 40 : (int)n, name);
    return false;
  }
#undef IS
  if (!VEC_PUSH(p->ir, ir)) return oom(ps);
  return true;
}

/* ---- Statements ------------------------------------------------------------------ */

static bool statement(Parser *ps) {
  Program *p = ps->p;
  /* Labels: a name and a colon right after it. (Checking the text rather
   * than peeking keeps an `event` line's operands unlexed.) */
  while (ps->tok.kind == TOK_IDENT && ps->tok.start + ps->tok.len < ps->lex.len &&
         ps->lex.text[ps->tok.start + ps->tok.len] == ':') {
    const Token *t = &ps->tok;
    size_t l = asm_label(p, text_of(ps, t), t->len);
    if (l == SIZE_MAX) return oom(ps);
    Label *lab = &p->labels.items[l];
    if (lab->defined) {
      asm_error(ps->diag, t->line, t->col, "label %.*s is defined twice (first at line %u)",
                (int)(t->len > 40 ? 40 : t->len), text_of(ps, t), lab->line);
      return false;
    }
    lab->defined = true;
    lab->line = t->line;
    lab->col = t->col;
    Ir ir;
    memset(&ir, 0, sizeof ir);
    ir.kind = IR_LABEL;
    ir.line = t->line;
    ir.col = t->col;
    ir.a = operand_at(t, OPD_LABEL, (int64_t)l);
    if (!VEC_PUSH(p->ir, ir)) return oom(ps);
    asm_next(ps);
    asm_next(ps);
  }
  if (at_end(&ps->tok)) return true;
  if (ps->tok.kind == TOK_DIRECTIVE) return directive(ps);
  if (ps->tok.kind != TOK_IDENT) {
    asm_expected(ps, "an instruction, a label or a directive");
    return false;
  }
  Token t = ps->tok;
  const char *s = text_of(ps, &t);
  Ir ir;
  memset(&ir, 0, sizeof ir);
  ir.line = t.line;
  ir.col = t.col;
  const Mnemonic *m = find_mnemonic(s, t.len);
  int opcode = -1;
  if (m == NULL) opcode = opcode_by_name(s, t.len);
  if (m == NULL && opcode < 0) {
    asm_error(ps->diag, t.line, t.col, "unknown instruction `%.*s`",
              (int)(t.len > 40 ? 40 : t.len), s);
    return false;
  }
  if (m != NULL && m->shape == SH_EVENT) {
    /* Debug events emit nothing, but they matter to the peephole, and a
     * ghost event (at "_none_") is never an Event_before. The operands are
     * not ours to check. */
    ps->lex.quiet = true;
    asm_next(ps);
    ir.kind = IR_EVENT;
    ir.cmp = ps->tok.kind == TOK_STRING && ps->tok.str_len == 6 &&
             memcmp(ps->lex.buf.items + ps->tok.str, "_none_", 6) == 0;
    /* Keep the event's text (it is never wrapped) to pair events later. */
    size_t from = ps->tok.start, to = from;
    while (to < ps->lex.len && ps->lex.text[to] != '\n') to++;
    while (to > from && (ps->lex.text[to - 1] == ' ' || ps->lex.text[to - 1] == '\t' ||
                         ps->lex.text[to - 1] == '\r'))
      to--;
    ir.a.kind = OPD_NAME;
    ir.a.v = (int64_t)asm_add_name(p, ps->lex.text + from, to - from);
    if (ir.a.v == (int64_t)SIZE_MAX) return oom(ps);
    skip_line(ps);
    if (!VEC_PUSH(p->ir, ir)) return oom(ps);
    return true;
  }
  asm_next(ps);
  bool ok = m != NULL ? parse_listing(ps, m, &ir) : parse_raw(ps, opcode, &ir);
  if (!ok) return false;
  if (!VEC_PUSH(p->ir, ir)) return oom(ps);
  return true;
}

/* Which events are not Event_before? The listing does not print an
 * event's kind, so this is inferred: OCaml brackets the code of a
 * structure's block (its `makeblock`) with two identical pseudo events,
 * the second right after the makeblock, and gives the unit's own
 * structure the ghost location "_none_". Every event whose text also
 * follows a makeblock is taken for such a pseudo event. */
static int cmp_texts(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool mark_pseudo_events(Program *p) {
  VEC(const char *) texts = {0};
  for (size_t i = 1; i < p->ir.len; i++) {
    const Ir *ir = &p->ir.items[i], *prev = &p->ir.items[i - 1];
    if (ir->kind == IR_EVENT && prev->kind == IR_LISTING && prev->op == LI_MAKEBLOCK &&
        !VEC_PUSH(texts, p->names.items + ir->a.v)) {
      free(texts.items);
      return false;
    }
  }
  if (texts.len > 0) {
    qsort(texts.items, texts.len, sizeof *texts.items, cmp_texts);
    for (size_t i = 0; i < p->ir.len; i++) {
      Ir *ir = &p->ir.items[i];
      if (ir->kind != IR_EVENT) continue;
      const char *key = p->names.items + ir->a.v;
      if (bsearch(&key, texts.items, texts.len, sizeof *texts.items, cmp_texts) != NULL)
        ir->cmp = 1;
    }
  }
  free(texts.items);
  return true;
}

bool asm_parse(Program *p, const char *text, size_t len) {
  Parser ps;
  memset(&ps, 0, sizeof ps);
  ps.p = p;
  ps.diag = p->diag;
  asm_lex_init(&ps.lex, text, len, p->diag);
  asm_next(&ps);
  while (ps.tok.kind != TOK_EOF && !p->diag->stopped) {
    if (!statement(&ps)) {
      skip_line(&ps);
    } else if (!at_end(&ps.tok)) {
      if (ps.tok.kind != TOK_ERROR) {
        char found[64];
        asm_tok_describe(&ps.lex, &ps.tok, found, sizeof found);
        asm_error(p->diag, ps.tok.line, ps.tok.col, "expected end of line, found %s", found);
      }
      skip_line(&ps);
    }
    if (ps.tok.kind == TOK_NEWLINE) asm_next(&ps);
  }
  asm_lex_free(&ps.lex);
  if (p->diag->count == 0 && !mark_pseudo_events(p)) asm_error(p->diag, 0, 0, "out of memory");
  return p->diag->count == 0;
}
