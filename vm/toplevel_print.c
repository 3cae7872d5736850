/* Printing values and types as OCaml 4.13's toplevel does.
 *
 * Two stages, as in OCaml: the value is first turned into an outcome tree
 * (toplevel/genprintval.ml: guided by the type, at most 300 steps and 100
 * levels deep, with cycle detection on the path), then the tree is laid
 * out with Format boxes (typing/oprint.ml). Keeping the two stages keeps
 * the corner cases identical: where `...` appears, `<cycle>`, truncated
 * strings, parenthesised negative constructor arguments.
 *
 * The walk reads the heap but never allocates on it, and checks the shape
 * of every block before reading a field, so a value that does not match
 * its type (which would be a toplevel bug) prints as <abstr> instead of
 * crashing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../vm/alloc.h"
#include "toplevel.h"

#define MAX_PRINTER_STEPS 300
#define MAX_PRINTER_DEPTH 100

/* ---- Outcome trees ------------------------------------------------------------ */

typedef enum OvKind {
  OV_INT,
  OV_INT32,
  OV_INT64,
  OV_NATIVEINT,
  OV_FLOAT,
  OV_CHAR,
  OV_STRING,
  OV_BYTES,
  OV_LIST,
  OV_ARRAY,
  OV_TUPLE,
  OV_RECORD,
  OV_CONSTR,
  OV_VARIANT, /* `Tag, or `Tag arg (one kid) */
  OV_STUFF,
  OV_ELLIPSIS
} OvKind;

typedef struct Ov {
  OvKind kind;
  int64_t i;
  double f;
  const char *s; /* STRING/BYTES data; CONSTR, STUFF: name */
  size_t len, maxlen;
  struct Ov **kids;
  const char **labels; /* RECORD */
  int n;
} Ov;

/* Everything a tree allocates, freed at once. */
typedef struct Arena {
  void **ptrs;
  size_t n, cap;
  bool oom;
} Arena;

static void *arena_alloc(Arena *a, size_t size) {
  if (a->oom) return NULL;
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 64;
    void **p = realloc(a->ptrs, cap * sizeof *p);
    if (p == NULL) {
      a->oom = true;
      return NULL;
    }
    a->ptrs = p;
    a->cap = cap;
  }
  void *m = calloc(1, size ? size : 1);
  if (m == NULL) {
    a->oom = true;
    return NULL;
  }
  a->ptrs[a->n++] = m;
  return m;
}

static void arena_free(Arena *a) {
  for (size_t i = 0; i < a->n; i++) free(a->ptrs[i]);
  free(a->ptrs);
}

/* Substitution of type parameters: a variable bound here means tys[i],
 * read in the context [outer]. */
typedef struct Subst {
  char **vars;
  Type **tys;
  int n;
  const struct Subst *outer;
  const TypeDecl *decl; /* the declaration whose body this frame reads */
} Subst;

typedef struct Pv {
  const TypeEnv *env;
  long steps;
  value *nested; /* blocks on the path being printed (cycle detection) */
  size_t n_nested, cap_nested;
  Arena arena;
} Pv;

static Ov *ov_new(Pv *p, OvKind kind) {
  Ov *o = arena_alloc(&p->arena, sizeof *o);
  if (o != NULL) o->kind = kind;
  return o;
}

static Ov *ov_stuff(Pv *p, const char *s) {
  Ov *o = ov_new(p, OV_STUFF);
  if (o != NULL) o->s = s;
  return o;
}

/* A growable list of kids, copied into the arena when done. */
typedef struct Kids {
  Ov **items;
  const char **labels;
  int n, cap;
  bool oom;
} Kids;

static void kids_push(Kids *k, Ov *o, const char *label) {
  if (o == NULL) {
    k->oom = true;
    return;
  }
  if (k->n == k->cap) {
    int cap = k->cap ? k->cap * 2 : 8;
    Ov **a = realloc(k->items, (size_t)cap * sizeof *a);
    const char **l = a ? realloc(k->labels, (size_t)cap * sizeof *l) : NULL;
    if (a != NULL) k->items = a;
    if (l == NULL) {
      k->oom = true;
      return;
    }
    k->labels = l;
    k->cap = cap;
  }
  k->items[k->n] = o;
  k->labels[k->n] = label;
  k->n++;
}

static Ov *kids_finish(Pv *p, Kids *k, OvKind kind, const char *name) {
  Ov *o = k->oom ? NULL : ov_new(p, kind);
  if (o != NULL) {
    o->s = name;
    o->n = k->n;
    o->kids = arena_alloc(&p->arena, (size_t)k->n * sizeof *o->kids);
    o->labels = arena_alloc(&p->arena, (size_t)k->n * sizeof *o->labels);
    if (o->kids == NULL || o->labels == NULL) {
      o = NULL;
    } else if (k->n > 0) {
      memcpy(o->kids, k->items, (size_t)k->n * sizeof *o->kids);
      memcpy(o->labels, k->labels, (size_t)k->n * sizeof *o->labels);
    }
  }
  free(k->items);
  free(k->labels);
  return o;
}

/* ---- From values to trees (genprintval.ml) ------------------------------------------ */

static bool is_nested(const Pv *p, value v) {
  for (size_t i = 0; i < p->n_nested; i++)
    if (p->nested[i] == v) return true;
  return false;
}

static bool push_nested(Pv *p, value v) {
  if (p->n_nested == p->cap_nested) {
    size_t cap = p->cap_nested ? p->cap_nested * 2 : 32;
    value *a = realloc(p->nested, cap * sizeof *a);
    if (a == NULL) return false;
    p->nested = a;
    p->cap_nested = cap;
  }
  p->nested[p->n_nested++] = v;
  return true;
}

static bool scannable(value v) { return Is_block(v) && Tag_val(v) < No_scan_tag; }

static Ov *tree_of_val(Pv *p, int depth, value v, const Type *ty, const Subst *s);

/* nest_gen: detect a block already on the path. */
static Ov *nest(Pv *p, int depth, value v, const Type *ty, const Subst *s) {
  if (!scannable(v)) return tree_of_val(p, depth, v, ty, s);
  if (is_nested(p, v)) return ov_stuff(p, "<cycle>");
  if (!push_nested(p, v)) return NULL;
  Ov *o = tree_of_val(p, depth, v, ty, s);
  p->n_nested--;
  return o;
}

/* The type a variable stands for. A variable of a type written in
 * context [s] is bound by [s] itself (the parameters of the declaration
 * being expanded); what it is bound to was written in [s->outer]. */
static const Type *resolve(const Type *ty, const Subst **s) {
  while (ty->kind == TY_VAR && *s != NULL) {
    const Subst *c = *s;
    int k = -1;
    for (int i = 0; i < c->n && k < 0; i++)
      if (strcmp(c->vars[i], ty->name) == 0) k = i;
    if (k < 0) return ty;
    ty = c->tys[k];
    *s = c->outer;
  }
  return ty;
}

static Ov *tree_of_list(Pv *p, int depth, value v, const Type *arg, const Subst *s) {
  Kids k = {0};
  size_t added = 0;
  while (true) {
    if (p->steps < 0 || depth < 0) {
      kids_push(&k, ov_new(p, OV_ELLIPSIS), NULL);
      break;
    }
    if (!Is_block(v)) break;
    if (Tag_val(v) != 0 || Wosize_val(v) != 2) {
      kids_push(&k, ov_stuff(p, "<abstr>"), NULL);
      break;
    }
    kids_push(&k, nest(p, depth - 1, Field(v, 0), arg, s), NULL);
    value next = Field(v, 1);
    if (scannable(next)) {
      if (is_nested(p, next)) {
        kids_push(&k, ov_stuff(p, "<cycle>"), NULL);
        break;
      }
      if (!push_nested(p, next)) {
        k.oom = true;
        break;
      }
      added++;
    }
    v = next;
  }
  p->n_nested -= added;
  return kids_finish(p, &k, OV_LIST, NULL);
}

static Ov *float_node(Pv *p, double d) {
  Ov *o = ov_new(p, OV_FLOAT);
  if (o != NULL) o->f = d;
  return o;
}

/* A float read from a flat float array or record: tree_of_val on a float,
 * step and depth accounting included. */
static Ov *flat_float(Pv *p, int depth, double d) {
  p->steps--;
  if (p->steps < 0 || depth < 0) return ov_new(p, OV_ELLIPSIS);
  return float_node(p, d);
}

static Ov *tree_of_array(Pv *p, int depth, value v, const Type *arg, const Subst *s) {
  Kids k = {0};
  mlsize_t n = Wosize_val(v);
  bool flat = Tag_val(v) == Double_array_tag;
  for (mlsize_t i = 0; i < n; i++) {
    if (p->steps < 0 || depth < 0) {
      kids_push(&k, ov_new(p, OV_ELLIPSIS), NULL);
      break;
    }
    if (flat) kids_push(&k, flat_float(p, depth - 1, Double_flat_field(v, i)), NULL);
    else kids_push(&k, nest(p, depth - 1, Field(v, i), arg, s), NULL);
  }
  return kids_finish(p, &k, OV_ARRAY, NULL);
}

static Subst bind(const TypeDecl *d, const Type *ty, const Subst *s) {
  Subst b = {d->params, ty->args, d->n_params < ty->n ? d->n_params : ty->n, s, d};
  return b;
}

/* OCaml's hash of a polymorphic variant tag (Btype.hash_variant). */
static intnat hash_variant(const char *s) {
  uint64_t accu = 0;
  for (; *s; s++) accu = 223 * accu + (unsigned char)*s;
  accu &= ((uint64_t)1 << 31) - 1;
  return accu > 0x3FFFFFFF ? (intnat)accu - ((intnat)1 << 31) : (intnat)accu;
}

static Ov *tree_of_polyvar(Pv *p, int depth, value v, const Type *ty, const Subst *s) {
  value tag;
  if (Is_long(v)) tag = v;
  else if (Tag_val(v) == 0 && Wosize_val(v) == 2 && Is_long(Field(v, 0))) tag = Field(v, 0);
  else return ov_stuff(p, "<variant>");
  for (int i = 0; i < ty->n; i++) {
    if (hash_variant(ty->tags[i]) != Long_val(tag)) continue;
    if (Is_long(v) && ty->args[i] == NULL) return kids_finish(p, &(Kids){0}, OV_VARIANT, ty->tags[i]);
    if (Is_block(v) && ty->args[i] != NULL) {
      Kids k = {0};
      kids_push(&k, nest(p, depth - 1, Field(v, 1), ty->args[i], s), NULL);
      return kids_finish(p, &k, OV_VARIANT, ty->tags[i]);
    }
  }
  return ov_stuff(p, "<variant>");
}

/* Constructor arguments, fields [start..] of [v]. */
static Ov *constr_with_args(Pv *p, int depth, value v, const char *name, Type **args, int n,
                            int start, const Subst *s) {
  Kids k = {0};
  if (Wosize_val(v) < (mlsize_t)(start + n)) return ov_stuff(p, "<abstr>");
  for (int i = 0; i < n; i++) kids_push(&k, nest(p, depth - 1, Field(v, (mlsize_t)(start + i)), args[i], s), NULL);
  return kids_finish(p, &k, OV_CONSTR, name);
}

/* An inline record's fields, [start..] of [v], as a record argument. */
static Ov *inline_record(Pv *p, int depth, value v, const char *name, const Ctor *c, int start,
                         const Subst *s) {
  if (Tag_val(v) >= No_scan_tag || Wosize_val(v) < (mlsize_t)(start + c->n_labels)) return ov_stuff(p, "<abstr>");
  Kids r = {0};
  for (int i = 0; i < c->n_labels; i++)
    kids_push(&r, nest(p, depth - 2, Field(v, (mlsize_t)(start + i)), c->labels[i].type, s), c->labels[i].name);
  Kids k = {0};
  kids_push(&k, kids_finish(p, &r, OV_RECORD, NULL), NULL);
  return kids_finish(p, &k, OV_CONSTR, name);
}

static Ov *tree_of_variant(Pv *p, int depth, value v, const TypeDecl *d, const Subst *s) {
  int want_const = Is_long(v);
  long index = Is_long(v) ? (long)Long_val(v) : (long)Tag_val(v);
  for (int i = 0; i < d->n_ctors; i++) {
    const Ctor *c = &d->ctors[i];
    bool constant = c->n == 0 && !c->opaque && !c->inline_record;
    if (constant != (bool)want_const) continue;
    if (index-- > 0) continue;
    if (c->opaque) return ov_stuff(p, "<abstr>");
    if (c->inline_record) return inline_record(p, depth, v, c->name, c, 0, s);
    if (constant) return kids_finish(p, &(Kids){0}, OV_CONSTR, c->name);
    if (Tag_val(v) >= No_scan_tag) return ov_stuff(p, "<abstr>");
    return constr_with_args(p, depth, v, c->name, c->args, c->n, 0, s);
  }
  return ov_stuff(p, "<unknown constructor>");
}

static Ov *tree_of_record(Pv *p, int depth, value v, const TypeDecl *d, const Subst *s) {
  if (!Is_block(v)) return ov_stuff(p, "<abstr>");
  bool flat = Tag_val(v) == Double_array_tag;
  if ((!flat && Tag_val(v) >= No_scan_tag) || Wosize_val(v) < (mlsize_t)d->n_labels)
    return ov_stuff(p, "<abstr>");
  Kids k = {0};
  for (int i = 0; i < d->n_labels; i++) {
    Ov *o = flat ? flat_float(p, depth - 1, Double_flat_field(v, (mlsize_t)i))
                 : nest(p, depth - 1, Field(v, (mlsize_t)i), d->labels[i].type, s);
    kids_push(&k, o, d->labels[i].name);
  }
  return kids_finish(p, &k, OV_RECORD, NULL);
}

/* The name to show for an extension constructor whose runtime name is
 * [name]: phrases and the prelude are modules for ocamlc, but OCaml's
 * toplevel shows its own exceptions unqualified. */
static const char *display_name(const char *name) {
  if (strncmp(name, "Top_", 4) == 0 || strncmp(name, "Zvm_prelude.", 12) == 0) {
    const char *dot = strchr(name, '.');
    if (dot != NULL) return dot + 1;
  }
  return name;
}

/* genprintval's outval_of_untyped_exception: arguments guessed from
 * their representation. */
static void untyped_args(Pv *p, value v, mlsize_t start, Kids *k) {
  for (mlsize_t i = start; i < Wosize_val(v); i++) {
    value a = Field(v, i);
    Ov *o;
    if (!Is_block(a)) {
      o = ov_new(p, OV_INT);
      if (o != NULL) o->i = Long_val(a);
    } else if (Tag_val(a) == String_tag) {
      o = ov_new(p, OV_STRING);
      if (o != NULL) {
        o->s = String_val(a);
        o->len = caml_string_length(a);
        o->maxlen = SIZE_MAX;
      }
    } else if (Tag_val(a) == Double_tag) {
      o = float_node(p, Double_val(a));
    } else {
      o = kids_finish(p, &(Kids){0}, OV_CONSTR, "_");
    }
    kids_push(k, o, NULL);
  }
}

static bool is_exn_slot(value slot) {
  return Is_block(slot) && Tag_val(slot) == Object_tag && Wosize_val(slot) >= 1 &&
         Is_block(Field(slot, 0)) && Tag_val(Field(slot, 0)) == String_tag;
}

static Ov *tree_of_extension(Pv *p, int depth, value v, bool is_exn) {
  if (!Is_block(v)) return ov_stuff(p, "<abstr>");
  value slot = Tag_val(v) != 0 ? v : (Wosize_val(v) >= 1 ? Field(v, 0) : Val_unit);
  if (!is_exn_slot(slot)) return ov_stuff(p, "<abstr>");
  const char *name = String_val(Field(slot, 0));
  const Ctor *c = p->env && p->env->find_ext ? p->env->find_ext(p->env->ctx, name) : NULL;
  if (c != NULL && !c->opaque) {
    if (slot == v) return kids_finish(p, &(Kids){0}, OV_CONSTR, display_name(name));
    if (c->inline_record) return inline_record(p, depth, v, display_name(name), c, 1, NULL);
    return constr_with_args(p, depth, v, display_name(name), c->args, c->n, 1, NULL);
  }
  if (!is_exn) return ov_stuff(p, "<extension>");
  Kids k = {0};
  if (slot != v) {
    bool triple = (strcmp(name, "Match_failure") == 0 || strcmp(name, "Assert_failure") == 0 ||
                   strcmp(name, "Undefined_recursive_module") == 0) &&
                  Wosize_val(v) == 2 && Is_block(Field(v, 1)) && Tag_val(Field(v, 1)) == 0;
    if (triple) untyped_args(p, Field(v, 1), 0, &k);
    else untyped_args(p, v, 1, &k);
  }
  return kids_finish(p, &k, OV_CONSTR, display_name(name));
}

static Ov *custom_int(Pv *p, value v, OvKind kind, const char *id) {
  if (!Is_block(v) || Tag_val(v) != Custom_tag || Custom_ops_val(v) == NULL ||
      strcmp(Custom_ops_val(v)->identifier, id) != 0)
    return ov_stuff(p, "<abstr>");
  Ov *o = ov_new(p, kind);
  if (o == NULL) return NULL;
  if (kind == OV_INT32) o->i = Int32_val(v);
  else if (kind == OV_INT64) o->i = Int64_val(v);
  else o->i = Nativeint_val(v);
  return o;
}

/* Built-in types, by their path; NULL if [path] is not one. */
static Ov *tree_of_predef(Pv *p, int depth, value v, const Type *ty, const Subst *s, bool *done) {
  const char *n = ty->name;
  *done = true;
  if (strcmp(n, "int") == 0 && ty->n == 0) {
    if (!Is_long(v)) return ov_stuff(p, "<abstr>");
    Ov *o = ov_new(p, OV_INT);
    if (o) o->i = Long_val(v);
    return o;
  }
  if (strcmp(n, "char") == 0 && ty->n == 0) {
    if (!Is_long(v)) return ov_stuff(p, "<abstr>");
    Ov *o = ov_new(p, OV_CHAR);
    if (o) o->i = Long_val(v) & 0xFF;
    return o;
  }
  if ((strcmp(n, "string") == 0 || strcmp(n, "bytes") == 0) && ty->n == 0) {
    if (!Is_block(v) || Tag_val(v) != String_tag) return ov_stuff(p, "<abstr>");
    Ov *o = ov_new(p, n[0] == 's' ? OV_STRING : OV_BYTES);
    if (o) {
      o->s = String_val(v);
      o->len = caml_string_length(v);
      o->maxlen = (size_t)p->steps;
    }
    return o;
  }
  if (strcmp(n, "float") == 0 && ty->n == 0) {
    if (!Is_block(v) || Tag_val(v) != Double_tag) return ov_stuff(p, "<abstr>");
    return float_node(p, Double_val(v));
  }
  if (strcmp(n, "bool") == 0 && ty->n == 0) {
    if (v != Val_false && v != Val_true) return ov_stuff(p, "<abstr>");
    return kids_finish(p, &(Kids){0}, OV_CONSTR, v == Val_true ? "true" : "false");
  }
  if (strcmp(n, "unit") == 0 && ty->n == 0) return kids_finish(p, &(Kids){0}, OV_CONSTR, "()");
  if (strcmp(n, "list") == 0 && ty->n == 1) {
    if (Is_long(v)) return kids_finish(p, &(Kids){0}, OV_LIST, NULL);
    return tree_of_list(p, depth, v, ty->args[0], s);
  }
  if (strcmp(n, "array") == 0 && ty->n == 1) {
    if (!Is_block(v) || (Tag_val(v) != 0 && Tag_val(v) != Double_array_tag)) return ov_stuff(p, "<abstr>");
    return tree_of_array(p, depth, v, ty->args[0], s);
  }
  if (strcmp(n, "option") == 0 && ty->n == 1) {
    if (v == Val_none) return kids_finish(p, &(Kids){0}, OV_CONSTR, "None");
    if (!Is_block(v) || Tag_val(v) != 0 || Wosize_val(v) != 1) return ov_stuff(p, "<abstr>");
    return constr_with_args(p, depth, v, "Some", ty->args, 1, 0, s);
  }
  if (strcmp(n, "int32") == 0 && ty->n == 0) return custom_int(p, v, OV_INT32, "_i");
  if (strcmp(n, "int64") == 0 && ty->n == 0) return custom_int(p, v, OV_INT64, "_j");
  if (strcmp(n, "nativeint") == 0 && ty->n == 0) return custom_int(p, v, OV_NATIVEINT, "_n");
  if (strcmp(n, "exn") == 0 && ty->n == 0) return tree_of_extension(p, depth, v, true);
  if (strcmp(n, "lazy_t") == 0 && ty->n == 1) {
    /* Unforced: <lazy>; forced: a Forward block, or the value itself. */
    if (Is_block(v) && Tag_val(v) == Lazy_tag) return ov_stuff(p, "<lazy>");
    bool fwd = Is_block(v) && Tag_val(v) == Forward_tag && Wosize_val(v) >= 1;
    Kids k = {0};
    kids_push(&k, fwd ? nest(p, depth, Field(v, 0), ty->args[0], s) : tree_of_val(p, depth, v, ty->args[0], s), NULL);
    return kids_finish(p, &k, OV_CONSTR, "lazy");
  }
  *done = false;
  return NULL;
}

static Ov *tree_of_val(Pv *p, int depth, value v, const Type *ty, const Subst *s) {
  ty = resolve(ty, &s);
  p->steps--;
  if (p->steps < 0 || depth < 0) return ov_new(p, OV_ELLIPSIS);
  switch (ty->kind) {
  case TY_VAR: return ov_stuff(p, "<poly>");
  case TY_ARROW: return ov_stuff(p, "<fun>");
  case TY_TEXT: return ov_stuff(p, "<abstr>");
  case TY_POLYVAR: return tree_of_polyvar(p, depth, v, ty, s);
  case TY_TUPLE: {
    if (!Is_block(v) || Tag_val(v) != 0 || Wosize_val(v) != (mlsize_t)ty->n) return ov_stuff(p, "<abstr>");
    Kids k = {0};
    for (int i = 0; i < ty->n; i++) kids_push(&k, nest(p, depth - 1, Field(v, (mlsize_t)i), ty->args[i], s), NULL);
    return kids_finish(p, &k, OV_TUPLE, NULL);
  }
  case TY_CONSTR: break;
  }
  /* In the body of `type nonrec t = ... t ...`, t is the older t. */
  const TypeDecl *older = s != NULL && s->decl != NULL && s->decl->nonrec && strcmp(s->decl->name, ty->name) == 0
                              ? s->decl
                              : NULL;
  const TypeDecl *d = p->env && p->env->find_type ? p->env->find_type(p->env->ctx, ty->name, older) : NULL;
  if (d == NULL) {
    bool done;
    Ov *o = tree_of_predef(p, depth, v, ty, s, &done);
    if (done) return o;
    return ov_stuff(p, "<abstr>");
  }
  Subst b = bind(d, ty, s);
  switch (d->kind) {
  case DECL_ABSTRACT: return ov_stuff(p, "<abstr>");
  case DECL_ABBREV: return tree_of_val(p, depth, v, d->manifest, &b);
  case DECL_VARIANT: return tree_of_variant(p, depth, v, d, &b);
  case DECL_RECORD: return tree_of_record(p, depth, v, d, &b);
  case DECL_OPEN: return tree_of_extension(p, depth, v, false);
  }
  return ov_stuff(p, "<abstr>");
}

/* ---- From trees to text (oprint.ml) ------------------------------------------------ */

/* Strings: only C0 controls, DEL, backslash and the quote are escaped
 * (oprint.ml's escape_string; bytes >= 128 are printed as they are). */
static void print_string_lit(Fmt *f, const char *s, size_t len) {
  size_t cap = len * 4 + 3;
  char *b = malloc(cap);
  if (b == NULL) return;
  size_t n = 0;
  b[n++] = '"';
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': b[n++] = '\\'; b[n++] = '"'; break;
    case '\\': b[n++] = '\\'; b[n++] = '\\'; break;
    case '\n': b[n++] = '\\'; b[n++] = 'n'; break;
    case '\t': b[n++] = '\\'; b[n++] = 't'; break;
    case '\r': b[n++] = '\\'; b[n++] = 'r'; break;
    case '\b': b[n++] = '\\'; b[n++] = 'b'; break;
    default:
      if (c < 0x20 || c == 0x7F) {
        b[n++] = '\\';
        b[n++] = (char)('0' + c / 100);
        b[n++] = (char)('0' + c / 10 % 10);
        b[n++] = (char)('0' + c % 10);
      } else {
        b[n++] = (char)c;
      }
    }
  }
  b[n++] = '"';
  fmt_string_n(f, b, n);
  free(b);
}

/* %C: Char.escaped between quotes. */
static void print_char_lit(Fmt *f, int c) {
  char b[8];
  switch (c) {
  case '\'': strcpy(b, "'\\''"); break;
  case '\\': strcpy(b, "'\\\\'"); break;
  case '\n': strcpy(b, "'\\n'"); break;
  case '\t': strcpy(b, "'\\t'"); break;
  case '\r': strcpy(b, "'\\r'"); break;
  case '\b': strcpy(b, "'\\b'"); break;
  default:
    if (c >= ' ' && c <= '~') snprintf(b, sizeof b, "'%c'", c);
    else snprintf(b, sizeof b, "'\\%03d'", c);
  }
  fmt_string(f, b);
}

/* oprint.ml's float_repres: the shortest of %.12g, %.15g, %.18g that reads
 * back exactly, with a dot if it looks like an integer. */
static void float_repres(double d, char *out, size_t len) {
  if (isnan(d)) {
    snprintf(out, len, "nan");
    return;
  }
  if (isinf(d)) {
    snprintf(out, len, d < 0 ? "neg_infinity" : "infinity");
    return;
  }
  snprintf(out, len, "%.12g", d);
  if (strtod(out, NULL) != d) {
    snprintf(out, len, "%.15g", d);
    if (strtod(out, NULL) != d) snprintf(out, len, "%.18g", d);
  }
  size_t n = strlen(out);
  for (size_t i = 0; i < n; i++)
    if (!((out[i] >= '0' && out[i] <= '9') || out[i] == '-')) return;
  if (n + 1 < len) out[n] = '.', out[n + 1] = 0;
}

static bool pr_tree_1(Fmt *f, const Ov *t);
static bool pr_simple(Fmt *f, const Ov *t);

static void cautious_tree_1(Fmt *f, const Ov *t) {
  if (!pr_tree_1(f, t)) fmt_string(f, "...");
}

/* print_tree_list: items separated by [sep] and a break; an ellipsis
 * stops the list with "...". */
static void pr_tree_list(Fmt *f, Ov *const *items, int n, const char *sep) {
  for (int i = 0; i < n; i++) {
    if (i > 0) {
      fmt_string(f, sep);
      fmt_space(f);
    }
    if (!pr_tree_1(f, items[i])) {
      fmt_string(f, "...");
      return;
    }
  }
}

static bool pr_number(Fmt *f, const Ov *t, bool parens_if_neg) {
  char b[64];
  bool neg;
  switch (t->kind) {
  case OV_INT: snprintf(b, sizeof b, "%lld", (long long)t->i); neg = t->i < 0; break;
  case OV_INT32: snprintf(b, sizeof b, "%lldl", (long long)t->i); neg = t->i < 0; break;
  case OV_INT64: snprintf(b, sizeof b, "%lldL", (long long)t->i); neg = t->i < 0; break;
  case OV_NATIVEINT: snprintf(b, sizeof b, "%lldn", (long long)t->i); neg = t->i < 0; break;
  default: float_repres(t->f, b, sizeof b); neg = t->f < 0.0; break;
  }
  if (parens_if_neg && neg) fmt_string(f, "(");
  fmt_string(f, b);
  if (parens_if_neg && neg) fmt_string(f, ")");
  return true;
}

static bool pr_constr_param(Fmt *f, const Ov *t) {
  switch (t->kind) {
  case OV_INT:
  case OV_INT32:
  case OV_INT64:
  case OV_NATIVEINT:
  case OV_FLOAT: return pr_number(f, t, true);
  default: return pr_simple(f, t);
  }
}

static bool pr_tree_1(Fmt *f, const Ov *t) {
  if (t->kind == OV_VARIANT && t->n == 1) {
    fmt_open(f, FB_B, 2);
    fmt_string(f, "`");
    fmt_string(f, t->s);
    fmt_space(f);
    if (!pr_constr_param(f, t->kids[0])) return false;
    fmt_close(f);
    return true;
  }
  if (t->kind == OV_CONSTR && t->n == 1) {
    fmt_open(f, FB_B, 1);
    fmt_string(f, t->s);
    fmt_space(f);
    if (!pr_constr_param(f, t->kids[0])) return false;
    fmt_close(f);
    return true;
  }
  if (t->kind == OV_CONSTR && t->n > 1) {
    fmt_open(f, FB_B, 1);
    fmt_string(f, t->s);
    fmt_space(f);
    fmt_string(f, "(");
    pr_tree_list(f, t->kids, t->n, ",");
    fmt_string(f, ")");
    fmt_close(f);
    return true;
  }
  return pr_simple(f, t);
}

static bool pr_simple(Fmt *f, const Ov *t) {
  switch (t->kind) {
  case OV_INT:
  case OV_INT32:
  case OV_INT64:
  case OV_NATIVEINT:
  case OV_FLOAT: return pr_number(f, t, false);
  case OV_CHAR: print_char_lit(f, (int)t->i); return true;
  case OV_STRING:
  case OV_BYTES: {
    size_t len = t->len > t->maxlen ? t->maxlen : t->len;
    if (t->kind == OV_BYTES) fmt_string(f, "Bytes.of_string ");
    print_string_lit(f, t->s, len);
    if (t->len > t->maxlen) {
      char b[96];
      snprintf(b, sizeof b, "... (* string length %zu; truncated *)", t->len);
      fmt_string(f, b);
    }
    return true;
  }
  case OV_LIST:
    fmt_open(f, FB_B, 1);
    fmt_string(f, "[");
    pr_tree_list(f, t->kids, t->n, ";");
    fmt_string(f, "]");
    fmt_close(f);
    return true;
  case OV_ARRAY:
    fmt_open(f, FB_B, 2);
    fmt_string(f, "[|");
    pr_tree_list(f, t->kids, t->n, ";");
    fmt_string(f, "|]");
    fmt_close(f);
    return true;
  case OV_VARIANT:
    if (t->n == 0) {
      fmt_string(f, "`");
      fmt_string(f, t->s);
      return true;
    }
    fmt_open(f, FB_B, 1);
    fmt_string(f, "(");
    cautious_tree_1(f, t);
    fmt_string(f, ")");
    fmt_close(f);
    return true;
  case OV_CONSTR:
    if (t->n == 0) {
      fmt_string(f, t->s);
      return true;
    }
    fmt_open(f, FB_B, 1);
    fmt_string(f, "(");
    cautious_tree_1(f, t);
    fmt_string(f, ")");
    fmt_close(f);
    return true;
  case OV_STUFF: fmt_string(f, t->s); return true;
  case OV_RECORD:
    fmt_open(f, FB_B, 1);
    fmt_string(f, "{");
    for (int i = 0; i < t->n; i++) {
      if (i > 0) {
        fmt_string(f, ";");
        fmt_space(f);
      }
      fmt_open(f, FB_B, 1);
      fmt_string(f, t->labels[i]);
      fmt_space(f);
      fmt_string(f, "=");
      fmt_space(f);
      cautious_tree_1(f, t->kids[i]);
      fmt_close(f);
    }
    fmt_string(f, "}");
    fmt_close(f);
    return true;
  case OV_ELLIPSIS: return false;
  case OV_TUPLE:
    fmt_open(f, FB_B, 1);
    fmt_string(f, "(");
    pr_tree_list(f, t->kids, t->n, ",");
    fmt_string(f, ")");
    fmt_close(f);
    return true;
  }
  return true;
}

/* ---- Types ----------------------------------------------------------------------------- */

static void pr_type_1(Fmt *f, const Type *t);
static void pr_type_simple(Fmt *f, const Type *t);

static void pr_typlist(Fmt *f, Type *const *l, int n, const char *sep, bool simple) {
  for (int i = 0; i < n; i++) {
    if (i > 0) {
      fmt_string(f, sep);
      fmt_space(f);
    }
    if (simple) pr_type_simple(f, l[i]);
    else print_type(f, l[i]);
  }
}

static void pr_typargs(Fmt *f, Type *const *l, int n) {
  if (n == 0) return;
  if (n == 1) {
    pr_type_simple(f, l[0]);
    fmt_space(f);
    return;
  }
  fmt_open(f, FB_B, 1);
  fmt_string(f, "(");
  pr_typlist(f, l, n, ",", false);
  fmt_string(f, ")");
  fmt_close(f);
  fmt_space(f);
}

static void pr_type_simple(Fmt *f, const Type *t) {
  switch (t->kind) {
  case TY_CONSTR:
    fmt_open(f, FB_B, 0);
    pr_typargs(f, t->args, t->n);
    fmt_string(f, t->name);
    fmt_close(f);
    break;
  case TY_VAR:
    if (strcmp(t->name, "_") != 0) fmt_string(f, "'");
    fmt_string(f, t->name);
    break;
  case TY_POLYVAR:
  case TY_TEXT: fmt_string(f, t->name); break;
  case TY_ARROW:
  case TY_TUPLE:
    fmt_open(f, FB_B, 1);
    fmt_string(f, "(");
    print_type(f, t);
    fmt_string(f, ")");
    fmt_close(f);
    break;
  }
}

static void pr_type_2(Fmt *f, const Type *t) {
  if (t->kind == TY_TUPLE) {
    fmt_open(f, FB_B, 0);
    pr_typlist(f, t->args, t->n, " *", true);
    fmt_close(f);
  } else {
    pr_type_simple(f, t);
  }
}

static void pr_type_1(Fmt *f, const Type *t) {
  if (t->kind != TY_ARROW) {
    pr_type_2(f, t);
    return;
  }
  fmt_open(f, FB_B, 0);
  if (t->name[0] != 0) {
    fmt_string(f, t->name);
    fmt_string(f, ":");
  }
  pr_type_2(f, t->args[0]);
  fmt_string(f, " ->");
  fmt_space(f);
  pr_type_1(f, t->args[1]);
  fmt_close(f);
}

void print_type(Fmt *f, const Type *t) { pr_type_1(f, t); }

/* ---- Entry points ----------------------------------------------------------------------- */

/* value_ident: operators are printed in parentheses. */
static void pr_value_ident(Fmt *f, const char *name) {
  static const char *const words[] = {"or", "mod", "land", "lor", "lxor", "lsl", "lsr", "asr", NULL};
  unsigned char c = (unsigned char)name[0];
  bool paren = !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                 (c >= 223 && c <= 246) || c >= 248);
  for (int i = 0; words[i] != NULL && !paren; i++)
    if (strcmp(name, words[i]) == 0) paren = true;
  if (paren) {
    fmt_string(f, "( ");
    fmt_string(f, name);
    fmt_string(f, " )");
  } else {
    fmt_string(f, name);
  }
}

static Ov *outval(Pv *p, value v, const Type *type) {
  return nest(p, MAX_PRINTER_DEPTH, v, type, NULL);
}

void print_val(Fmt *f, const TypeEnv *env, const char *name, const Type *type, value v, bool have_value) {
  Pv p = {.env = env, .steps = MAX_PRINTER_STEPS};
  Ov *o = have_value ? outval(&p, v, type) : NULL;
  if (name == NULL) {
    fmt_open(f, FB_B, 0);
    fmt_string(f, "- : ");
    print_type(f, type);
    fmt_space(f);
    fmt_string(f, "=");
    fmt_space(f);
    if (o != NULL) cautious_tree_1(f, o);
    else fmt_string(f, "<abstr>");
    fmt_close(f);
  } else {
    fmt_open(f, FB_B, 2);
    fmt_open(f, FB_B, 2);
    fmt_string(f, "val ");
    pr_value_ident(f, name);
    fmt_string(f, " :");
    fmt_space(f);
    print_type(f, type);
    fmt_close(f);
    if (have_value) {
      fmt_string(f, " =");
      fmt_space(f);
      if (o != NULL) cautious_tree_1(f, o);
      else fmt_string(f, "<abstr>");
    }
    fmt_close(f);
  }
  fmt_newline(f);
  free(p.nested);
  arena_free(&p.arena);
}

void print_exception(Fmt *f, const TypeEnv *env, struct Vm *vm, value exn) {
  (void)vm;
  Pv p = {.env = env, .steps = MAX_PRINTER_STEPS};
  char exn_name[] = "exn";
  Type exn_type = {.kind = TY_CONSTR, .name = exn_name};
  Ov *o = outval(&p, exn, &exn_type);
  fmt_open(f, FB_B, 0);
  fmt_string(f, "Exception:");
  fmt_space(f);
  if (o != NULL) cautious_tree_1(f, o);
  else fmt_string(f, "<abstr>");
  fmt_string(f, ".");
  fmt_close(f);
  fmt_newline(f);
  free(p.nested);
  arena_free(&p.arena);
}
