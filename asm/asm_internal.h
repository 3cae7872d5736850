/* Internals shared by the assembler's files (not part of the API).
 *
 * The assembler runs in three steps, one file each:
 *
 *   lexer.c    text -> tokens (with line:col), joining the continuation
 *              lines that Format wraps long constants onto;
 *   parse.c    tokens -> a Program: a flat list of Ir items (labels,
 *              listing instructions, raw instructions, directives), the
 *              constants in an arena (literal.c parses them), label and
 *              name tables, and the header directives;
 *   emit.c     Program -> ZbcUnit: the peephole merges and the listing's
 *              opcode selection, raw instructions as written, labels
 *              resolved, literals, relocations, debug lines.
 *
 * asm.c drives them and adds what comes from outside the listing: the
 * module name, the interface CRCs read from .cmi files (cmi.c), the
 * default imports. dis.c goes the other way.
 */
#ifndef ZVM_ASM_INTERNAL_H
#define ZVM_ASM_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include "asm.h"

/* ---- Growable arrays ------------------------------------------------------
 * VEC_RESERVE makes room for n more items and is false if memory is short
 * (the vector is then unchanged). */
#define VEC(type)     \
  struct {            \
    type *items;      \
    size_t len, cap;  \
  }

/* Returns a buffer of at least [need] elements of [elem] bytes holding the
 * old contents, updating *cap; on failure returns [items] unchanged. */
void *asm_vec_realloc(void *items, size_t *cap, size_t need, size_t elem);

#define VEC_RESERVE(v, n)                                                               \
  ((v).len + (size_t)(n) <= (v).cap ||                                                  \
   ((v).items = asm_vec_realloc((v).items, &(v).cap, (v).len + (size_t)(n),            \
                                sizeof *(v).items),                                     \
    (v).len + (size_t)(n) <= (v).cap))
#define VEC_PUSH(v, x) (VEC_RESERVE(v, 1) ? ((v).items[(v).len++] = (x), true) : false)

/* ---- Diagnostics --------------------------------------------------------- */

typedef struct Diag {
  const char *file;
  FILE *out;          /* may be NULL */
  unsigned count;     /* errors reported */
  unsigned max;       /* stop after this many */
  bool stopped;       /* max reached: callers stop early */
} Diag;

#if defined(__GNUC__)
#define ASM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ASM_PRINTF(f, a)
#endif

/* Report `file:line:col: error: ...` (line 0: `file: error: ...`). */
void asm_error(Diag *d, uint32_t line, uint32_t col, const char *fmt, ...) ASM_PRINTF(4, 5);
void asm_verror(Diag *d, uint32_t line, uint32_t col, const char *fmt, va_list ap);

/* ---- Tokens -------------------------------------------------------------- */

typedef enum TokKind {
  TOK_EOF,
  TOK_NEWLINE,    /* end of a logical line */
  TOK_IDENT,      /* [A-Za-z_][A-Za-z0-9_'.$]* */
  TOK_DIRECTIVE,  /* .name */
  TOK_INT,        /* integer literal, optional suffix l L n */
  TOK_FLOAT,      /* float literal */
  TOK_CHAR,       /* 'c' */
  TOK_STRING,     /* "..." or #"..." */
  TOK_PUNCT,      /* : , / [ ] ! @ [| |] */
  TOK_ERROR       /* a lexical error, already reported */
} TokKind;

/* TOK_PUNCT codes that are not a single character. */
#define PUNCT_LARRAY 'A' /* [| */
#define PUNCT_RARRAY 'B' /* |] */

typedef struct Token {
  TokKind kind;
  uint32_t line, col;
  size_t start, len;    /* the token's text */
  int64_t i;            /* INT: value; CHAR: code */
  char suffix;          /* INT: 0, 'l', 'L' or 'n' */
  uint64_t bits;        /* FLOAT: IEEE-754 bits */
  size_t str, str_len;  /* STRING: decoded bytes in Lexer.buf */
  bool immutable;       /* STRING written #"..." */
  int punct;            /* PUNCT */
} Token;

typedef struct Lexer {
  const char *text;
  size_t len, pos;
  uint32_t line;
  size_t line_start;
  int depth;            /* open [ and [| on the current logical line */
  bool quiet;           /* do not report errors (while skipping a line) */
  Diag *diag;
  VEC(char) buf;        /* decoded string literals */
} Lexer;

void asm_lex_init(Lexer *lx, const char *text, size_t len, Diag *diag);
void asm_lex_free(Lexer *lx);
Token asm_lex_next(Lexer *lx);
/* A short description of [t] for messages: `text`, end of line, ... */
void asm_tok_describe(const Lexer *lx, const Token *t, char *buf, size_t size);

/* ---- Numbers and escapes (literal.c) ------------------------------------- */

/* Convert the number text [s, s+n) (OCaml syntax, optional leading '-').
 * Sets *is_float and either *i and *suffix or *bits. Returns NULL or a
 * static message describing the error. */
const char *asm_number(const char *s, size_t n, bool *is_float, int64_t *i, char *suffix,
                       uint64_t *bits);

/* Decode the escape sequence at s[0] == '\\' (at most n bytes available).
 * On success appends its bytes to out (1 byte; or UTF-8 for \u{...}),
 * sets *used to its length and returns NULL; else returns a message and
 * sets *used to the length to skip. */
const char *asm_escape(const char *s, size_t n, unsigned char out[4], size_t *out_len,
                       size_t *used);

/* ---- Constants ------------------------------------------------------------
 * Parsed structured constants live in an arena; a block's fields are the
 * node indices kids[first .. first+n). */
typedef enum CKind {
  C_INT,
  C_CHAR,        /* 'c': an int, but `const 'c'` emits CONSTINT */
  C_STRING,      /* bytes[first .. first+n) */
  C_FLOAT,
  C_INT32,
  C_INT64,
  C_NATIVEINT,
  C_BLOCK,       /* tag, kids */
  C_FLOAT_ARRAY, /* floats[first .. first+n) */
  C_REF          /* @i: literal node i of the unit */
} CKind;

typedef struct CNode {
  uint8_t kind;
  uint32_t line, col;
  uint32_t tag;
  uint32_t n;
  size_t first;
  int64_t i;
  uint64_t bits;
} CNode;

typedef struct Consts {
  VEC(CNode) nodes;
  VEC(uint32_t) kids;
  VEC(uint64_t) floats;
  VEC(char) bytes;
} Consts;

/* ---- The program --------------------------------------------------------- */

typedef enum IrKind {
  IR_LABEL,    /* a: the label */
  IR_LISTING,  /* op: ListingOp */
  IR_RAW,      /* op: opcode */
  IR_WORD,     /* .word: a the word, b an optional relocation */
  IR_LINE,     /* .line: a the line */
  IR_LIT,      /* .lit: a the constant */
  IR_SYMBOL,   /* .symbol: a the name */
  IR_EVENT     /* a listing's `event` line: no code, but it blocks merges;
                  cmp is 1 for a ghost (pseudo) event at "_none_" */
} IrKind;

typedef enum OpdKind {
  OPD_NONE,
  OPD_INT,        /* v: the value */
  OPD_LABEL,      /* v: label index */
  OPD_CONST,      /* v: constant root */
  OPD_GLOBAL,     /* v: name (getglobal relocation) */
  OPD_PREDEF,     /* v: predefined exception 0..11 (predef relocation) */
  OPD_SETGLOBAL,  /* v: name (setglobal relocation) */
  OPD_NAME        /* v: name (primitive relocation, or a .symbol) */
} OpdKind;

typedef struct Operand {
  uint8_t kind;
  uint32_t line, col;
  int64_t v;
} Operand;

/* The instructions of -dinstr listings (bytecomp/instruct.ml). */
typedef enum ListingOp {
  LI_SIMPLE,  /* no operand, one opcode (Ir.simple) */
  LI_ACC, LI_ENVACC, LI_PUSH, LI_POP, LI_ASSIGN, LI_PUSH_RETADDR, LI_APPLY,
  LI_APPTERM, LI_RETURN, LI_GRAB, LI_CLOSURE, LI_CLOSUREREC, LI_OFFSETCLOSURE,
  LI_GETGLOBAL, LI_SETGLOBAL, LI_CONST, LI_MAKEBLOCK, LI_MAKEFLOATBLOCK,
  LI_GETFIELD, LI_SETFIELD, LI_GETFLOATFIELD, LI_SETFLOATFIELD, LI_BRANCH,
  LI_BRANCHIF, LI_BRANCHIFNOT, LI_STRICTBRANCHIF, LI_STRICTBRANCHIFNOT,
  LI_SWITCH, LI_PUSHTRAP, LI_CCALL, LI_INTCOMP, LI_ISOUT, LI_OFFSETINT,
  LI_OFFSETREF, LI_GETPUBMET
} ListingOp;

/* Integer comparisons, in the order of OCaml's Lambda.integer_comparison. */
typedef enum Cmp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE } Cmp;

typedef struct Ir {
  uint8_t kind;     /* IrKind */
  uint8_t op;       /* ListingOp, for IR_LISTING */
  uint8_t cmp;      /* Cmp, for LI_INTCOMP */
  int16_t opcode;   /* IR_RAW: the opcode; LI_SIMPLE: the opcode it emits */
  uint32_t line, col;
  Operand a, b;
  size_t list, nlist;  /* SWITCH / CLOSUREREC targets: lists[list ..] */
  uint32_t nconst;     /* SWITCH: how many of them are int cases */
} Ir;

typedef struct Label {
  size_t name;       /* in Program.names */
  bool defined;
  uint32_t pos;      /* code word, once defined */
  uint32_t line, col;
} Label;

typedef enum CrcMode { CRC_LOOKUP, CRC_GIVEN, CRC_NONE } CrcMode;

typedef struct ImportDecl {
  size_t name;
  uint8_t crc_mode;
  uint8_t crc[ZBC_CRC_SIZE];
  uint32_t line, col;
} ImportDecl;

typedef struct Program {
  Diag *diag;
  VEC(Ir) ir;
  VEC(Operand) lists;
  VEC(Label) labels;
  VEC(uint32_t) label_slots;  /* hash table: label index + 1, 0 = empty */
  VEC(char) names;            /* NUL-terminated names, referenced by offset */
  Consts consts;
  /* Header directives. */
  bool has_module;
  size_t module;
  uint32_t module_line, module_col;
  uint8_t crc_mode;
  uint8_t crc[ZBC_CRC_SIZE];
  VEC(ImportDecl) imports;
  bool noimports;
  bool has_lines;   /* some .line directive */
} Program;

void asm_program_free(Program *p);

/* Append a name (no NUL inside) to p->names; returns its offset or
 * SIZE_MAX if memory is short. */
size_t asm_add_name(Program *p, const char *s, size_t n);
/* The label called [name], created undefined if new; SIZE_MAX if memory
 * is short. */
size_t asm_label(Program *p, const char *name, size_t n);

/* ---- The parser ----------------------------------------------------------- */

typedef struct Parser {
  Lexer lex;
  Token tok;        /* current token */
  Token ahead;      /* the next one, if has_ahead */
  bool has_ahead;
  Program *p;
  Diag *diag;
} Parser;

void asm_next(Parser *ps);
const Token *asm_peek(Parser *ps);
/* Report an error at the current token: "expected WHAT, found `...`". */
void asm_expected(Parser *ps, const char *what);

/* Parse a structured constant at the current token (literal.c), without
 * recursion; its root goes to *root. False after reporting an error. */
bool asm_parse_const(Parser *ps, uint32_t *root);

bool asm_parse(Program *p, const char *text, size_t len);

/* ---- Emission ------------------------------------------------------------- */

/* The literal nodes of constant [root] appended to [u] in post-order
 * (fields before their block); returns the root's node index, or
 * UINT32_MAX after reporting an error. [depth] holds the nesting depth of
 * each node of u (kept in step here). */
typedef VEC(uint32_t) DepthVec;
uint32_t asm_build_literal(Program *p, ZbcUnit *u, DepthVec *depth, uint32_t root);

/* Emit the program's code, literals, relocations and debug info into [u]. */
bool asm_emit(Program *p, ZbcUnit *u, const AsmOptions *opts);

/* OCaml's 12 predefined exceptions, in the order of their global slots
 * (ZBC_RELOC_PREDEF indices): the index of [name] (n bytes), or -1. */
int asm_predef_index(const char *name, size_t n);
const char *asm_predef_name(int index);
/* The stamp ocamlc 4.13 prints on it (`Not_found/22!`). */
int asm_predef_stamp(int index);

/* ---- OCaml's marshal format (cmi.c) --------------------------------------------
 * A parsed value is a graph of nodes (shared items point to the same node);
 * a block's fields are nodes fields[first .. first+size). */
typedef enum MKind {
  M_INT,
  M_STRING,  /* off, len: the bytes in the input */
  M_BLOCK,   /* tag, size, first */
  M_CUSTOM,  /* i: offset of the identifier (NUL-terminated); off, len: the data */
  M_OTHER    /* floats and float arrays (not kept) */
} MKind;

typedef struct MNode {
  uint8_t kind;
  uint8_t tag;
  int64_t i;       /* M_INT */
  size_t off, len; /* M_STRING, M_CUSTOM: bytes in the input */
  size_t first;    /* M_BLOCK: fields[first .. first+size) */
  size_t size;
} MNode;

typedef struct Marshal {
  const uint8_t *d;
  size_t pos, end;
  VEC(MNode) nodes;
  VEC(size_t) fields;
  VEC(size_t) objects;   /* node of each numbered object */
  char *err;
  size_t errlen;
} Marshal;

/* Parse the marshalled value (header and data) at *pos of [data], adding
 * its nodes to m; *root is its node and *pos moves past it. On failure
 * m->err (if set, of m->errlen bytes) says why. Free m with
 * asm_marshal_free. */
bool asm_marshal_read(Marshal *m, const uint8_t *data, size_t len, size_t *pos, size_t *root);
/* Move *pos past the marshalled value there, without parsing it. */
bool asm_marshal_skip(Marshal *m, const uint8_t *data, size_t len, size_t *pos);
const MNode *asm_marshal_field(const Marshal *m, const MNode *block, size_t k);
void asm_marshal_free(Marshal *m);

/* ---- Shared with dis.c ------------------------------------------------------ */

/* Can [s] be written bare (as an identifier) rather than quoted? */
bool asm_bare_name(const char *s, size_t n);

#endif
