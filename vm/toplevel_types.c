/* Reading the signatures `ocamlc -i` prints.
 *
 * The toplevel learns what a phrase defined, and the types of its values,
 * from `ocamlc -i`: one item a line (continued on indented lines, or on a
 * `}` line for long records). From it we need:
 *
 *   - each item's kind and name, for shadowing;
 *   - which items occupy a field of the module block, in order: values
 *     (not externals), exceptions, extension constructors, modules (not
 *     aliases) and classes, exactly as ocamlc lays the block out;
 *   - value types and type declarations (records, variants, abbreviations),
 *     for printing values.
 *
 * The text comes from ocamlc, but from the user's program: the parsers
 * bound their nesting and give up (TY_TEXT, or no declaration) on what
 * they do not model, rather than guessing.
 */
#include <stdlib.h>
#include <string.h>

#include "toplevel.h"

#define MAX_TYPE_DEPTH 100

/* ---- Small helpers ---------------------------------------------------------- */

static char *dup_n(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d == NULL) return NULL;
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* [s] with every run of blanks made one space, trimmed. */
static char *normalize(const char *s, size_t len) {
  char *d = malloc(len + 1);
  if (d == NULL) return NULL;
  size_t n = 0;
  bool space = false;
  for (size_t i = 0; i < len; i++) {
    if (is_space(s[i])) {
      space = n > 0;
      continue;
    }
    if (space) d[n++] = ' ';
    space = false;
    d[n++] = s[i];
  }
  d[n] = 0;
  return d;
}

/* ---- Types ------------------------------------------------------------------ */

void type_free(Type *t) {
  /* Types nest at most MAX_TYPE_DEPTH deep (the parser's bound). */
  if (t == NULL) return;
  for (int i = 0; i < t->n; i++) {
    type_free(t->args[i]);
    if (t->tags != NULL) free(t->tags[i]);
  }
  free(t->args);
  free(t->tags);
  free(t->name);
  free(t);
}

static Type *type_new(TypeKind kind, char *name) {
  Type *t = calloc(1, sizeof *t);
  if (t == NULL) {
    free(name);
    return NULL;
  }
  t->kind = kind;
  t->name = name;
  return t;
}

static bool type_push(Type *t, Type *arg) {
  if (arg == NULL) return false;
  Type **a = realloc(t->args, (size_t)(t->n + 1) * sizeof *a);
  if (a == NULL) {
    type_free(arg);
    return false;
  }
  t->args = a;
  t->args[t->n++] = arg;
  return true;
}

Type *type_text(const char *s, size_t len) {
  char *n = normalize(s, len);
  return n ? type_new(TY_TEXT, n) : NULL;
}

typedef enum K {
  K_EOF,
  K_LIDENT,
  K_UIDENT,
  K_PATH,  /* M.N.t */
  K_TYVAR, /* 'a: text without the quote */
  K_LABEL, /* x: or ?x: (text without the colon) */
  K_ARROW,
  K_STAR,
  K_LPAREN,
  K_RPAREN,
  K_COMMA,
  K_COLON,
  K_EQUAL,
  K_PLUSEQ,
  K_BAR,
  K_LBRACE,
  K_RBRACE,
  K_SEMI,
  K_DOTDOT,
  K_OTHER
} K;

typedef struct Lx {
  const char *s;
  size_t len, pos;
  K k;
  size_t ts, te; /* the token's text */
} Lx;

static bool lower_start(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
static bool upper_start(char c) { return c >= 'A' && c <= 'Z'; }
static bool ident_char(char c) {
  return lower_start(c) || upper_start(c) || (c >= '0' && c <= '9') || c == '\'' || (unsigned char)c >= 128;
}

static void lx_next(Lx *l) {
  const char *s = l->s;
  size_t i = l->pos;
  while (i < l->len && is_space(s[i])) i++;
  l->ts = i;
  if (i >= l->len) {
    l->k = K_EOF;
    l->te = l->pos = i;
    return;
  }
  char c = s[i];
  size_t j = i + 1;
  if (c == '\'' && j < l->len && (lower_start(s[j]) || upper_start(s[j]))) {
    while (j < l->len && ident_char(s[j])) j++;
    l->k = K_TYVAR;
    l->ts = i + 1;
  } else if (c == '?' && j < l->len && lower_start(s[j])) {
    while (j < l->len && ident_char(s[j])) j++;
    if (j < l->len && s[j] == ':' && (j + 1 >= l->len || s[j + 1] != ':')) {
      l->k = K_LABEL;
      l->te = j;
      l->pos = j + 1;
      return;
    }
    l->k = K_OTHER;
    j = i + 1;
  } else if (lower_start(c)) {
    while (j < l->len && ident_char(s[j])) j++;
    if (j < l->len && s[j] == ':' && (j + 1 >= l->len || s[j + 1] != ':') && s[i] != '_') {
      l->k = K_LABEL;
      l->te = j;
      l->pos = j + 1;
      return;
    }
    l->k = K_LIDENT;
  } else if (upper_start(c)) {
    /* M, M.N, M.N.t */
    l->k = K_UIDENT;
    for (;;) {
      while (j < l->len && ident_char(s[j])) j++;
      if (j + 1 < l->len && s[j] == '.' && upper_start(s[j + 1])) {
        j++;
        continue;
      }
      if (j + 1 < l->len && s[j] == '.' && lower_start(s[j + 1])) {
        j++;
        while (j < l->len && ident_char(s[j])) j++;
        l->k = K_PATH;
      }
      break;
    }
  } else if (c == '-' && j < l->len && s[j] == '>') {
    j++;
    l->k = K_ARROW;
  } else if (c == '+' && j < l->len && s[j] == '=') {
    j++;
    l->k = K_PLUSEQ;
  } else if (c == '.' && j < l->len && s[j] == '.') {
    j++;
    l->k = K_DOTDOT;
  } else {
    switch (c) {
    case '*': l->k = K_STAR; break;
    case '(': l->k = K_LPAREN; break;
    case ')': l->k = K_RPAREN; break;
    case ',': l->k = K_COMMA; break;
    case ':': l->k = K_COLON; break;
    case '=': l->k = K_EQUAL; break;
    case '|': l->k = K_BAR; break;
    case '{': l->k = K_LBRACE; break;
    case '}': l->k = K_RBRACE; break;
    case ';': l->k = K_SEMI; break;
    default: l->k = K_OTHER; break;
    }
  }
  l->te = j;
  l->pos = j;
}

static void lx_init(Lx *l, const char *s, size_t len) {
  *l = (Lx){s, len, 0, K_EOF, 0, 0};
  lx_next(l);
}

static bool lx_is(const Lx *l, const char *word) {
  size_t n = strlen(word);
  return l->te - l->ts == n && memcmp(l->s + l->ts, word, n) == 0;
}

static char *lx_text(const Lx *l) { return dup_n(l->s + l->ts, l->te - l->ts); }

/* Lower-case words that end a type rather than name a type constructor. */
static bool is_keyword(const Lx *l) {
  static const char *const words[] = {"and", "of", "mutable", "private", "constraint", "as",
                                      "type", "val", "external", "exception", "module", "class",
                                      "method", "end", "sig", "struct", "nonrec", "with", NULL};
  if (l->k != K_LIDENT) return false;
  for (int i = 0; words[i] != NULL; i++)
    if (lx_is(l, words[i])) return true;
  return false;
}

static Type *p_type(Lx *l, int depth);

static bool lx_char(const Lx *l, char c) { return l->k == K_OTHER && l->te == l->ts + 1 && l->s[l->ts] == c; }

/* A polymorphic variant type: [ `A | `B of t ], [> ...], [< ... > ...].
 * Only rows made of tags are modelled (not [ t | `A ]). */
static Type *p_polyvar(Lx *l, int depth) {
  size_t start = l->ts;
  lx_next(l); /* [ */
  if (lx_char(l, '>') || lx_char(l, '<')) lx_next(l);
  if (l->k == K_BAR) lx_next(l);
  Type *t = type_new(TY_POLYVAR, NULL);
  if (t == NULL) return NULL;
  for (;;) {
    if (lx_char(l, ']')) break;
    if (!lx_char(l, '`')) goto fail;
    lx_next(l);
    if (l->k != K_UIDENT && l->k != K_LIDENT) goto fail;
    char *tag = lx_text(l);
    lx_next(l);
    Type *arg = NULL;
    if (l->k == K_LIDENT && lx_is(l, "of")) {
      lx_next(l);
      if (lx_char(l, '&')) lx_next(l);
      arg = p_type(l, depth + 1);
      if (arg == NULL || lx_char(l, '&')) { /* conjunctive types: not modelled */
        free(tag);
        type_free(arg);
        goto fail;
      }
    }
    Type **a = tag ? realloc(t->args, (size_t)(t->n + 1) * sizeof *a) : NULL;
    if (a != NULL) t->args = a;
    char **g = a ? realloc(t->tags, (size_t)(t->n + 1) * sizeof *g) : NULL;
    if (g == NULL) {
      free(tag);
      type_free(arg);
      goto fail;
    }
    t->tags = g;
    t->args[t->n] = arg;
    t->tags[t->n] = tag;
    t->n++;
    if (l->k == K_BAR) {
      lx_next(l);
      continue;
    }
    if (lx_char(l, '>')) { /* [< `A | `B > `A ]: the tags present */
      while (l->k != K_EOF && !lx_char(l, ']')) lx_next(l);
    }
    if (!lx_char(l, ']')) goto fail;
  }
  t->name = normalize(l->s + start, l->te - start);
  lx_next(l);
  if (t->name == NULL) goto fail;
  return t;
fail:
  type_free(t);
  return NULL;
}

static Type *p_atom(Lx *l, int depth) {
  if (depth > MAX_TYPE_DEPTH) return NULL;
  if (l->k == K_TYVAR) {
    Type *t = type_new(TY_VAR, lx_text(l));
    lx_next(l);
    return t;
  }
  if (l->k == K_LIDENT && lx_is(l, "_")) {
    lx_next(l);
    return type_new(TY_VAR, dup_n("_", 1));
  }
  if ((l->k == K_LIDENT && !is_keyword(l)) || l->k == K_PATH) {
    Type *t = type_new(TY_CONSTR, lx_text(l));
    lx_next(l);
    return t;
  }
  if (l->k == K_OTHER && l->s[l->ts] == '[') return p_polyvar(l, depth);
  if (l->k != K_LPAREN) return NULL;
  lx_next(l);
  Type *first = p_type(l, depth + 1);
  if (first == NULL) return NULL;
  if (l->k == K_RPAREN) {
    lx_next(l);
    return first;
  }
  /* (t1, t2) c */
  Type *c = type_new(TY_CONSTR, NULL);
  if (c == NULL || !type_push(c, first)) {
    if (c == NULL) type_free(first);
    type_free(c);
    return NULL;
  }
  while (l->k == K_COMMA) {
    lx_next(l);
    if (!type_push(c, p_type(l, depth + 1))) {
      type_free(c);
      return NULL;
    }
  }
  if (l->k != K_RPAREN) {
    type_free(c);
    return NULL;
  }
  lx_next(l);
  if (!((l->k == K_LIDENT && !is_keyword(l)) || l->k == K_PATH)) {
    type_free(c);
    return NULL;
  }
  c->name = lx_text(l);
  lx_next(l);
  if (c->name == NULL) {
    type_free(c);
    return NULL;
  }
  return c;
}

/* Postfix application: int list option. */
static Type *p_app(Lx *l, int depth) {
  Type *t = p_atom(l, depth);
  while (t != NULL && ((l->k == K_LIDENT && !is_keyword(l)) || l->k == K_PATH)) {
    Type *c = type_new(TY_CONSTR, lx_text(l));
    lx_next(l);
    if (c == NULL || c->name == NULL || !type_push(c, t)) {
      if (c == NULL) type_free(t);
      type_free(c);
      return NULL;
    }
    t = c;
  }
  return t;
}

static Type *p_tuple(Lx *l, int depth) {
  Type *first = p_app(l, depth);
  if (first == NULL || l->k != K_STAR) return first;
  Type *t = type_new(TY_TUPLE, NULL);
  if (t == NULL || !type_push(t, first)) {
    if (t == NULL) type_free(first);
    type_free(t);
    return NULL;
  }
  while (l->k == K_STAR) {
    lx_next(l);
    if (!type_push(t, p_app(l, depth))) {
      type_free(t);
      return NULL;
    }
  }
  return t;
}

static Type *p_type(Lx *l, int depth) {
  if (depth > MAX_TYPE_DEPTH) return NULL;
  char *label = NULL;
  if (l->k == K_LABEL) {
    label = lx_text(l);
    if (label == NULL) return NULL;
    lx_next(l);
  }
  Type *arg = p_tuple(l, depth + 1);
  if (arg == NULL || l->k != K_ARROW) {
    if (label != NULL) {
      free(label);
      type_free(arg);
      return NULL;
    }
    return arg;
  }
  lx_next(l);
  Type *t = type_new(TY_ARROW, label != NULL ? label : dup_n("", 0));
  if (t == NULL || t->name == NULL || !type_push(t, arg)) {
    if (t == NULL) type_free(arg);
    type_free(t);
    return NULL;
  }
  if (!type_push(t, p_type(l, depth + 1))) {
    type_free(t);
    return NULL;
  }
  return t;
}

Type *type_parse(const char *s, size_t len) {
  Lx l;
  lx_init(&l, s, len);
  Type *t = p_type(&l, 0);
  if (t != NULL && l.k != K_EOF) {
    type_free(t);
    return NULL;
  }
  return t;
}

/* ---- Declarations -------------------------------------------------------------- */

static void labels_free(Label *l, int n) {
  for (int i = 0; i < n; i++) {
    free(l[i].name);
    type_free(l[i].type);
  }
  free(l);
}

static void ctor_clear(Ctor *c) {
  free(c->name);
  for (int i = 0; i < c->n; i++) type_free(c->args[i]);
  free(c->args);
  labels_free(c->labels, c->n_labels);
}

void decl_free(TypeDecl *d) {
  if (d == NULL) return;
  free(d->name);
  for (int i = 0; i < d->n_params; i++) free(d->params[i]);
  free(d->params);
  type_free(d->manifest);
  for (int i = 0; i < d->n_ctors; i++) ctor_clear(&d->ctors[i]);
  free(d->ctors);
  labels_free(d->labels, d->n_labels);
  free(d);
}

/* Skip to the end of a balanced { ... } (l->k is K_LBRACE). */
static void skip_braces(Lx *l) {
  int depth = 0;
  do {
    if (l->k == K_LBRACE) depth++;
    else if (l->k == K_RBRACE) depth--;
    lx_next(l);
  } while (depth > 0 && l->k != K_EOF);
}

/* A record's fields, { [mutable] a : t; ... }, l at the brace. */
static bool p_labels(Lx *l, Label **labels, int *n) {
  lx_next(l); /* { */
  while (l->k != K_RBRACE) {
    if (l->k == K_LIDENT && lx_is(l, "mutable")) lx_next(l);
    if (l->k != K_LIDENT) return false;
    char *name = lx_text(l);
    lx_next(l);
    if (name == NULL || l->k != K_COLON) {
      free(name);
      return false;
    }
    lx_next(l);
    Type *t = p_type(l, 0);
    Label *a = t ? realloc(*labels, (size_t)(*n + 1) * sizeof *a) : NULL;
    if (a == NULL) {
      free(name);
      type_free(t);
      return false;
    }
    *labels = a;
    (*labels)[(*n)++] = (Label){name, t};
    if (l->k == K_SEMI) lx_next(l);
    else if (l->k != K_RBRACE) return false;
  }
  lx_next(l);
  return true;
}

/* Constructor arguments after `of`: t1 * t2 ..., or an inline record. */
static bool p_ctor_args(Lx *l, Ctor *c) {
  if (l->k == K_LBRACE) {
    c->inline_record = true;
    if (p_labels(l, &c->labels, &c->n_labels)) return true;
    c->opaque = true; /* fields we cannot read: skip them */
    while (l->k != K_EOF && l->k != K_RBRACE) lx_next(l);
    if (l->k == K_RBRACE) lx_next(l);
    return true;
  }
  do {
    if (c->n > 0) lx_next(l); /* the star */
    Type *t = p_app(l, 0);
    if (t == NULL) return false;
    Type **a = realloc(c->args, (size_t)(c->n + 1) * sizeof *a);
    if (a == NULL) {
      type_free(t);
      return false;
    }
    c->args = a;
    c->args[c->n++] = t;
  } while (l->k == K_STAR);
  return true;
}

/* One constructor: Name [of args] | Name : gadt-type. Leaves l at the
 * following `|` or end. */
static bool p_ctor(Lx *l, Ctor *c) {
  memset(c, 0, sizeof *c);
  c->slot = -1;
  if (l->k != K_UIDENT) return false;
  c->name = lx_text(l);
  if (c->name == NULL) return false;
  lx_next(l);
  if (l->k == K_LIDENT && lx_is(l, "of")) {
    lx_next(l);
    return p_ctor_args(l, c);
  }
  if (l->k == K_COLON) {
    /* GADT syntax, Name : t1 * t2 -> result or Name : result: the
     * arguments are what comes before the arrow. Their type variables
     * are the constructor's own (printed <poly>). */
    lx_next(l);
    Lx saved = *l;
    if (l->k != K_LBRACE && p_ctor_args(l, c) && l->k == K_ARROW) {
      lx_next(l);
      Type *res = p_type(l, 0);
      type_free(res);
      return res != NULL;
    }
    for (int i = 0; i < c->n; i++) type_free(c->args[i]);
    free(c->args);
    c->args = NULL;
    c->n = 0;
    *l = saved;
    if (l->k == K_LBRACE) {
      c->inline_record = true;
      if (!p_labels(l, &c->labels, &c->n_labels)) {
        c->opaque = true;
        *l = saved;
        skip_braces(l);
      }
      if (l->k != K_ARROW) return false;
      lx_next(l);
    }
    Type *res = p_type(l, 0);
    type_free(res);
    return res != NULL;
  }
  return true;
}

static bool p_ctors(Lx *l, Ctor **out, int *n) {
  if (l->k == K_BAR) lx_next(l);
  for (;;) {
    Ctor c;
    if (!p_ctor(l, &c)) {
      ctor_clear(&c);
      return false;
    }
    Ctor *a = realloc(*out, (size_t)(*n + 1) * sizeof *a);
    if (a == NULL) {
      ctor_clear(&c);
      return false;
    }
    *out = a;
    (*out)[(*n)++] = c;
    if (l->k != K_BAR) return true;
    lx_next(l);
  }
}

static bool p_record(Lx *l, TypeDecl *d) { return p_labels(l, &d->labels, &d->n_labels); }

/* The parameters of a type: 'a, ('a, 'b), with variance marks. */
static bool p_params(Lx *l, TypeDecl *d) {
  bool paren = l->k == K_LPAREN;
  if (!paren && l->k != K_TYVAR && !(l->k == K_OTHER && (l->s[l->ts] == '+' || l->s[l->ts] == '-')) &&
      !(l->k == K_LIDENT && lx_is(l, "_")))
    return true;
  if (paren) lx_next(l);
  for (;;) {
    if (l->k == K_OTHER && (l->s[l->ts] == '+' || l->s[l->ts] == '-' || l->s[l->ts] == '!'))
      lx_next(l);
    char *p;
    if (l->k == K_TYVAR || (l->k == K_LIDENT && lx_is(l, "_"))) p = lx_text(l);
    else return false;
    char **a = p ? realloc(d->params, (size_t)(d->n_params + 1) * sizeof *a) : NULL;
    if (a == NULL) {
      free(p);
      return false;
    }
    d->params = a;
    d->params[d->n_params++] = p;
    lx_next(l);
    if (!paren) return true;
    if (l->k == K_RPAREN) {
      lx_next(l);
      return true;
    }
    if (l->k != K_COMMA) return false;
    lx_next(l);
  }
}

/* Parse `type [nonrec] params name [= ...]` (or `and ...`). */
static TypeDecl *p_decl(const char *s, size_t len) {
  Lx l;
  lx_init(&l, s, len);
  if (!(l.k == K_LIDENT && (lx_is(&l, "type") || lx_is(&l, "and")))) return NULL;
  lx_next(&l);
  bool nonrec = l.k == K_LIDENT && lx_is(&l, "nonrec");
  if (nonrec) lx_next(&l);
  TypeDecl *d = calloc(1, sizeof *d);
  if (d == NULL) return NULL;
  d->nonrec = nonrec;
  if (!p_params(&l, d) || l.k != K_LIDENT) goto fail;
  d->name = lx_text(&l);
  if (d->name == NULL) goto fail;
  lx_next(&l);
  if (l.k == K_EOF || (l.k == K_LIDENT && lx_is(&l, "constraint"))) {
    d->kind = DECL_ABSTRACT;
    return d;
  }
  if (l.k != K_EQUAL) goto fail;
  lx_next(&l);
  for (int round = 0; round < 2; round++) {
    if (l.k == K_LIDENT && lx_is(&l, "private")) lx_next(&l);
    if (l.k == K_DOTDOT) {
      d->kind = DECL_OPEN;
      return d;
    }
    if (l.k == K_LBRACE) {
      d->kind = DECL_RECORD;
      if (!p_record(&l, d)) goto fail;
      return d;
    }
    if (l.k == K_BAR || l.k == K_UIDENT) {
      d->kind = DECL_VARIANT;
      if (!p_ctors(&l, &d->ctors, &d->n_ctors)) goto fail;
      return d;
    }
    /* A manifest, maybe followed by `= representation`. */
    type_free(d->manifest);
    d->manifest = p_type(&l, 0);
    if (d->manifest == NULL) goto fail;
    d->kind = DECL_ABBREV;
    if (l.k != K_EQUAL) return d;
    lx_next(&l);
    type_free(d->manifest);
    d->manifest = NULL;
  }
fail:
  decl_free(d);
  return NULL;
}

/* ---- Items ------------------------------------------------------------------------ */

static void item_clear(Item *it) {
  free(it->name);
  free(it->text);
  type_free(it->type);
  decl_free(it->decl);
  for (int i = 0; i < it->n_ctors; i++) ctor_clear(&it->ctors[i]);
  free(it->ctors);
  free(it->ext_type);
  free(it->alias);
  for (int i = 0; i < it->n_ctor_names; i++) free(it->ctor_names[i]);
  free(it->ctor_names);
  for (int i = 0; i < it->n_label_names; i++) free(it->label_names[i]);
  free(it->label_names);
}

void sig_free(Sig *s) {
  for (size_t i = 0; i < s->n; i++) item_clear(&s->items[i]);
  free(s->items);
  s->items = NULL;
  s->n = 0;
}

static bool starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static bool item_starts_line(const char *line) {
  static const char *const words[] = {"val ", "external ", "type ", "and ", "exception ",
                                      "module ", "class ", NULL};
  for (int i = 0; words[i] != NULL; i++)
    if (starts(line, words[i])) return true;
  return false;
}

/* The identifier after [p]: letters, digits, _ and '. */
static char *ident_at(const char *p) {
  size_t n = 0;
  while (ident_char(p[n])) n++;
  return n ? dup_n(p, n) : NULL;
}

/* `val NAME : TYPE` / `external NAME : TYPE = "prim"`: fill name and
 * (for val) type. [norm] is the normalised item. */
static bool parse_value(Item *it, const char *norm, size_t kwlen) {
  const char *p = norm + kwlen;
  const char *colon = strstr(p, " : ");
  if (colon == NULL) return true;
  size_t n = (size_t)(colon - p);
  if (n >= 4 && p[0] == '(' && p[1] == ' ' && p[n - 1] == ')' && p[n - 2] == ' ')
    it->name = dup_n(p + 2, n - 4);
  else
    it->name = dup_n(p, n);
  if (it->name == NULL) return false;
  if (it->kind == IT_VAL) {
    const char *ty = colon + 3;
    it->type = type_parse(ty, strlen(ty));
    if (it->type == NULL) it->type = type_text(ty, strlen(ty));
    if (it->type == NULL) return false;
  }
  return true;
}

static bool push_name(char ***names, int *n, const char *name) {
  char *d = dup_n(name, strlen(name));
  char **a = d ? realloc(*names, (size_t)(*n + 1) * sizeof *a) : NULL;
  if (a == NULL) {
    free(d);
    return false;
  }
  *names = a;
  (*names)[(*n)++] = d;
  return true;
}

/* `exception E [of args]`, or the constructors after `+=`. */
static bool parse_ctors_text(Item *it, const char *s, bool single) {
  Lx l;
  lx_init(&l, s, strlen(s));
  if (single) {
    Ctor c;
    if (!p_ctor(&l, &c)) {
      ctor_clear(&c);
      return true; /* unmodelled: the name is enough */
    }
    it->ctors = malloc(sizeof *it->ctors);
    if (it->ctors == NULL) {
      ctor_clear(&c);
      return false;
    }
    it->ctors[0] = c;
    it->n_ctors = 1;
    return true;
  }
  if (l.k == K_LIDENT && lx_is(&l, "private")) lx_next(&l);
  if (!p_ctors(&l, &it->ctors, &it->n_ctors)) {
    for (int i = 0; i < it->n_ctors; i++) ctor_clear(&it->ctors[i]);
    free(it->ctors);
    it->ctors = NULL;
    it->n_ctors = 0;
  }
  return true;
}

static bool parse_item(Item *it, ItemKind prev) {
  char *norm = normalize(it->text, strlen(it->text));
  if (norm == NULL) return false;
  bool ok = true;
  it->slot = -1;
  if (starts(norm, "val ")) {
    it->kind = IT_VAL;
    ok = parse_value(it, norm, 4);
  } else if (starts(norm, "external ")) {
    it->kind = IT_EXTERNAL;
    ok = parse_value(it, norm, 9);
  } else if (starts(norm, "exception ")) {
    it->kind = IT_EXCEPTION;
    it->name = ident_at(norm + 10);
    ok = parse_ctors_text(it, norm + 10, true);
  } else if (starts(norm, "module type ")) {
    it->kind = IT_MODTYPE;
    it->name = ident_at(norm + 12);
  } else if (starts(norm, "module rec ")) {
    it->kind = IT_MODULE;
    it->name = ident_at(norm + 11);
  } else if (starts(norm, "module ")) {
    it->name = ident_at(norm + 7);
    const char *after = norm + 7 + (it->name ? strlen(it->name) : 0);
    if (starts(after, " = ")) {
      it->kind = IT_MODULE_ALIAS;
      it->alias = dup_n(after + 3, strlen(after + 3));
    } else {
      it->kind = IT_MODULE;
    }
  } else if (starts(norm, "class type ") || (starts(norm, "and ") && prev == IT_CLASS_TYPE)) {
    it->kind = IT_CLASS_TYPE;
    const char *p = norm + (starts(norm, "and ") ? 4 : 11);
    const char *eq = strstr(p, " = ");
    size_t n = eq ? (size_t)(eq - p) : strlen(p);
    /* the name is the last word before " = " */
    size_t b = n;
    while (b > 0 && p[b - 1] != ' ' && p[b - 1] != ']') b--;
    it->name = dup_n(p + b, n - b);
  } else if (starts(norm, "class ") || (starts(norm, "and ") && prev == IT_CLASS)) {
    it->kind = IT_CLASS;
    const char *p = norm + (starts(norm, "and ") ? 4 : 6);
    const char *colon = strstr(p, " :");
    size_t n = colon ? (size_t)(colon - p) : strlen(p);
    size_t b = n;
    while (b > 0 && p[b - 1] != ' ' && p[b - 1] != ']') b--;
    it->name = dup_n(p + b, n - b);
  } else if (starts(norm, "and ") && prev == IT_MODULE) {
    it->kind = IT_MODULE;
    it->name = ident_at(norm + 4);
  } else if (starts(norm, "type ") || starts(norm, "and ")) {
    const char *pluseq = strstr(norm, " += ");
    const char *eq = strstr(norm, " = ");
    if (pluseq != NULL && (eq == NULL || pluseq < eq)) {
      it->kind = IT_TYPEXT;
      /* the extended type: the word before " += " (params before it) */
      size_t b = (size_t)(pluseq - norm);
      while (b > 0 && norm[b - 1] != ' ' && norm[b - 1] != ')') b--;
      it->ext_type = dup_n(norm + b, (size_t)(pluseq - norm) - b);
      it->name = it->ext_type ? dup_n(it->ext_type, strlen(it->ext_type)) : NULL;
      ok = parse_ctors_text(it, pluseq + 4, false);
    } else {
      it->kind = IT_TYPE;
      it->decl = p_decl(norm, strlen(norm));
      if (it->decl != NULL) {
        it->name = dup_n(it->decl->name, strlen(it->decl->name));
        for (int i = 0; ok && i < it->decl->n_ctors; i++)
          ok = push_name(&it->ctor_names, &it->n_ctor_names, it->decl->ctors[i].name);
        for (int i = 0; ok && i < it->decl->n_labels; i++)
          ok = push_name(&it->label_names, &it->n_label_names, it->decl->labels[i].name);
      } else {
        /* Not modelled: at least its name, the word before " =". */
        const char *p = norm + (starts(norm, "and ") ? 4 : 5);
        size_t n = eq ? (size_t)(eq - p) : strlen(p);
        size_t b = n;
        while (b > 0 && p[b - 1] != ' ' && p[b - 1] != ')') b--;
        it->name = dup_n(p + b, n - b);
      }
    }
  } else {
    it->kind = IT_OTHER;
  }
  free(norm);
  return ok;
}

bool sig_parse(const char *text, size_t len, Sig *out) {
  memset(out, 0, sizeof *out);
  size_t cap = 0;
  ItemKind prev = IT_OTHER;
  size_t i = 0;
  while (i < len) {
    /* An item: a line starting with a keyword, and the lines after it up
     * to the next such line. */
    size_t start = i;
    size_t e = i;
    for (;;) {
      while (e < len && text[e] != '\n') e++;
      if (e >= len) break;
      size_t next = e + 1;
      if (next >= len || item_starts_line(text + next)) break;
      e = next;
    }
    size_t end = e;
    i = e < len ? e + 1 : len;
    while (end > start && is_space(text[end - 1])) end--;
    if (end == start) continue;
    if (out->n == cap) {
      size_t nc = cap ? cap * 2 : 16;
      Item *a = realloc(out->items, nc * sizeof *a);
      if (a == NULL) goto oom;
      out->items = a;
      cap = nc;
    }
    Item *it = &out->items[out->n];
    memset(it, 0, sizeof *it);
    it->text = dup_n(text + start, end - start);
    out->n++;
    if (it->text == NULL || !parse_item(it, prev)) goto oom;
    /* `and` continues a `module rec`, a class or a class type. */
    if (it->kind == IT_MODULE || it->kind == IT_CLASS || it->kind == IT_CLASS_TYPE ||
        it->kind == IT_TYPE)
      prev = starts(it->text, "module ") && !starts(it->text, "module rec ") ? IT_OTHER : it->kind;
    else
      prev = IT_OTHER;
  }
  /* The module block's layout: one field per runtime item, in order. */
  int slot = 0;
  bool unknown = false;
  for (size_t k = 0; k < out->n; k++) {
    Item *it = &out->items[k];
    switch (it->kind) {
    case IT_VAL:
    case IT_EXCEPTION:
    case IT_MODULE:
    case IT_CLASS:
      it->slot = slot++;
      break;
    case IT_TYPEXT:
      for (int c = 0; c < it->n_ctors; c++) it->ctors[c].slot = slot++;
      break;
    default:
      break;
    }
    if (it->kind == IT_EXCEPTION && it->n_ctors == 1) it->ctors[0].slot = it->slot;
    /* An item we cannot read may or may not take a field: then the
     * layout is unknown, and values are not printed (never guessed). */
    if (it->kind == IT_OTHER || (it->kind == IT_TYPEXT && it->n_ctors == 0)) unknown = true;
  }
  out->n_slots = unknown ? -1 : slot;
  return true;
oom:
  sig_free(out);
  return false;
}
