/* zvm toplevel: an OCaml toplevel whose phrases' code the collector frees.
 *
 * Each phrase is compiled by the installed ocamlc as a compilation unit
 * Top_N (earlier phrases visible through -open), assembled, and loaded as
 * a collectable public module; its segment is kept by a host handle while
 * any name it defined is still visible, and freed by the next collection
 * once every name is shadowed and nothing references its code
 * (docs/toplevel.md). The parts:
 *
 *   toplevel.c          the session: reading phrases, compiling, loading,
 *                       keeping and releasing phrases, directives
 *   toplevel_lex.c      OCaml's lexical conventions, just enough to split
 *                       the input into phrases and classify them
 *   toplevel_types.c    the output of `ocamlc -i`: signature items, type
 *                       expressions and type declarations
 *   toplevel_print.c    values and types printed as OCaml 4.13 does
 *   toplevel_format.c   the layout engine of OCaml's Format module
 *   toplevel_prelude.c  the default prelude (externals and helpers)
 *
 * No state is global: everything lives in a Toplevel passed explicitly.
 */
#ifndef ZVM_TOPLEVEL_H
#define ZVM_TOPLEVEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "value.h"

struct Vm;

/* `zvm toplevel [OPTIONS]`: argv[0] is "zvm", argv[1] "toplevel". Returns
 * the exit status. */
int toplevel_main(int argc, char **argv);

/* The source of the default prelude, module Zvm_prelude (toplevel_prelude.c). */
const char *top_prelude_source(void);

/* Remove from the interface-CRC list of the .cmi file [path] the entries
 * for which keep(ctx, unit name) is false (toplevel_cmi.c). Returns false,
 * leaving the file unchanged, if it cannot be read, parsed or rewritten. */
bool cmi_prune_crcs(const char *path, bool (*keep)(void *ctx, const char *name), void *ctx);

/* ---- Phrases (toplevel_lex.c) ---------------------------------------- */

/* The end of the first phrase of [s]: the offset just past the first `;;`
 * outside comments, strings and character literals, or 0 if there is none
 * yet. */
size_t top_phrase_end(const char *s, size_t len);

typedef enum PhraseKind {
  PHRASE_EMPTY,      /* only blanks and comments */
  PHRASE_DIRECTIVE,  /* #name args */
  PHRASE_DEFINITIONS,
  PHRASE_EXPRESSION, /* an expression, printed as `- : t = v` */
  PHRASE_LET_ANY     /* `let _ = e`, printed like an expression too */
} PhraseKind;

/* Classify the phrase [s] (without its `;;`). For PHRASE_LET_ANY, *any
 * receives the offset of the `_`. */
PhraseKind top_classify(const char *s, size_t len, size_t *any);

/* The offset of the first character that is neither blank nor in a
 * comment (len if none). */
size_t top_skip_blanks(const char *s, size_t len);

/* ---- Layout (toplevel_format.c) ------------------------------------------ */

typedef enum FmtBox { FB_H, FB_V, FB_HV, FB_HOV, FB_B, FB_FITS } FmtBox;
typedef struct Fmt Fmt;

Fmt *fmt_new(FILE *out); /* margin 78, as Format's std_formatter */
void fmt_free(Fmt *f);
void fmt_open(Fmt *f, FmtBox box, int indent); /* @[<box indent> */
void fmt_close(Fmt *f);                        /* @] */
void fmt_string(Fmt *f, const char *s);
void fmt_string_n(Fmt *f, const char *s, size_t len);
void fmt_break(Fmt *f, int width, int offset); /* @;<width offset> */
void fmt_space(Fmt *f);                        /* @  */
void fmt_cut(Fmt *f);                          /* @, */
void fmt_newline(Fmt *f);                      /* @. : flush, newline */
void fmt_flush(Fmt *f);                        /* @? */
bool fmt_failed(const Fmt *f);                 /* memory ran short */

/* ---- Types and signatures (toplevel_types.c) -------------------------------- */

typedef enum TypeKind { TY_VAR, TY_ARROW, TY_TUPLE, TY_CONSTR, TY_POLYVAR, TY_TEXT } TypeKind;

/* A type expression as `ocamlc -i` prints it. TY_TEXT holds anything the
 * parser does not model (objects, packages...). */
typedef struct Type {
  TypeKind kind;
  char *name;         /* VAR: without the quote; CONSTR: path; ARROW: label
                         ("", "x" or "?x"); POLYVAR, TEXT: the text */
  struct Type **args; /* CONSTR: parameters; TUPLE: components; ARROW: arg,
                         result; POLYVAR: each tag's argument, or NULL */
  char **tags;        /* POLYVAR: the tags, without the backquote */
  int n;
} Type;

void type_free(Type *t);
/* Parse a type expression; NULL if it is not one the parser models. */
Type *type_parse(const char *s, size_t len);
/* A TY_TEXT type holding [s] with blanks normalised. */
Type *type_text(const char *s, size_t len);

typedef struct Label {
  char *name;
  Type *type;
} Label;

typedef struct Ctor {
  char *name;
  Type **args;
  int n;
  Label *labels; /* an inline record: Name of { ... } */
  int n_labels;
  bool inline_record;
  bool opaque;   /* arguments not modelled: printed <abstr> */
  int slot;      /* extension constructors: field of the module block */
} Ctor;

typedef enum DeclKind { DECL_ABSTRACT, DECL_ABBREV, DECL_VARIANT, DECL_RECORD, DECL_OPEN } DeclKind;

typedef struct TypeDecl {
  char *name;
  char **params; /* type variable names, without quotes ("_" for anonymous) */
  int n_params;
  DeclKind kind;
  Type *manifest; /* DECL_ABBREV */
  Ctor *ctors;    /* DECL_VARIANT */
  int n_ctors;
  Label *labels;  /* DECL_RECORD */
  int n_labels;
  bool nonrec;    /* type nonrec t = ... t ...: the body's t is an older one */
} TypeDecl;

void decl_free(TypeDecl *d);

typedef enum ItemKind {
  IT_VAL,
  IT_EXTERNAL,
  IT_TYPE,
  IT_EXCEPTION,
  IT_TYPEXT,      /* type t += A | B */
  IT_MODULE,
  IT_MODULE_ALIAS, /* module A = Path: no field in the module block */
  IT_MODTYPE,
  IT_CLASS,
  IT_CLASS_TYPE,
  IT_OTHER
} ItemKind;

/* One item of a signature printed by `ocamlc -i`. */
typedef struct Item {
  ItemKind kind;
  char *name;     /* as an identifier: "f", "+", "t", "M", "E" */
  char *text;     /* the item as ocamlc printed it (lines joined by \n) */
  Type *type;     /* IT_VAL: its type (a TY_TEXT if unparsed) */
  int slot;       /* field of the module block, -1 if none */
  TypeDecl *decl; /* IT_TYPE: the declaration, NULL if not modelled */
  Ctor *ctors;    /* IT_EXCEPTION (one), IT_TYPEXT */
  int n_ctors;
  char *ext_type; /* IT_TYPEXT: the extended type's path */
  char *alias;    /* IT_MODULE_ALIAS: the target path */
  /* Names this item defines besides [name] in other namespaces (variant
   * constructors, record labels): for shadowing. */
  char **ctor_names;
  int n_ctor_names;
  char **label_names;
  int n_label_names;
} Item;

typedef struct Sig {
  Item *items;
  size_t n;
  int n_slots; /* fields the module block must have; -1 if unknown */
} Sig;

/* Parse the output of `ocamlc -i`. Returns false if memory is short. */
bool sig_parse(const char *text, size_t len, Sig *out);
void sig_free(Sig *s);

/* ---- Printing (toplevel_print.c) ---------------------------------------------- */

/* What the printer needs to know about the session: where type
 * declarations and extension constructors are. */
typedef struct TypeEnv {
  void *ctx;
  /* The declaration a type path names, seen from the phrase being printed;
   * with [older_than], the one [older_than] shadows (for nonrec bodies). */
  const TypeDecl *(*find_type)(void *ctx, const char *path, const TypeDecl *older_than);
  /* The extension constructor whose runtime name (in the exception
   * bucket) is [name], e.g. "Top_3.E"; NULL if unknown. */
  const Ctor *(*find_ext)(void *ctx, const char *name);
} TypeEnv;

/* Print `val name : type = value` (or `- : type = value` when [name] is
 * NULL) as OCaml's toplevel does, then a newline. */
void print_val(Fmt *f, const TypeEnv *env, const char *name, const Type *type, value v,
               bool have_value);
/* Print `Exception: E args.` for the exception value [exn]. */
void print_exception(Fmt *f, const TypeEnv *env, struct Vm *vm, value exn);
/* Print a type expression with OCaml's boxes. */
void print_type(Fmt *f, const Type *t);

#endif
