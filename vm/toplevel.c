/* zvm toplevel: the session (see toplevel.h and docs/toplevel.md).
 *
 * A phrase goes through:
 *
 *   read      up to `;;` (toplevel_lex.c), from stdin or a #use'd file
 *   compile   `ocamlc -c -dinstr` and `ocamlc -i`, run side by side in a
 *             private temporary folder, on top_N.ml holding the phrase
 *             verbatim (so that error positions and excerpts are OCaml's);
 *             earlier phrases are visible through `-open Top_K` and their
 *             .cmi files; an expression e is compiled as
 *             `let zvm_it__ = (e)` to get its value and type
 *   assemble  the listing, with asm_assemble
 *   load      load_buffer(LOAD_PUBLIC): a collectable segment registered
 *             as Top_N, whose initialisation runs the phrase
 *   print     each item of `ocamlc -i`, values read from the module block
 *   keep      a host handle on the segment while any name the phrase
 *             defined is visible (not shadowed by a later phrase)
 *
 * Keeping. Later phrases reach a phrase's values by name, compiled as
 * `getglobal Top_K`, which the loader resolves through the registry: so a
 * phrase's segment must stay registered, i.e. alive, while one of its
 * runtime names (a value, exception, module or class) is visible. The
 * toplevel holds it with a handle exactly that long. Once every name is
 * shadowed, the handle goes; what still keeps the segment alive from then
 * on is the program itself: a closure of its code stored somewhere, or a
 * later phrase that imports it (#why shows which), and otherwise the next
 * collection frees it. A phrase stays in the -open list while any of its
 * names, types included, is visible.
 */
#include "toplevel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

#include "../asm/asm.h"
#include "../gc/heapwalk.h"
#include "../loader/load.h"
#include "../loader/segment.h"
#include "../loader/zbc.h"
#include "fail.h"
#include "io.h"
#include "vm.h"
#include "zvm.h"

#define HIDDEN_IT "zvm_it__"
#define MAX_USE_DEPTH 8

/* ---- Growable strings ------------------------------------------------------------ */

typedef struct Str {
  char *p;
  size_t n, cap;
  bool oom;
} Str;

static void str_add(Str *s, const char *d, size_t n) {
  if (s->oom) return;
  if (s->n + n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 256;
    while (cap < s->n + n + 1) cap *= 2;
    char *p = realloc(s->p, cap);
    if (p == NULL) {
      s->oom = true;
      return;
    }
    s->p = p;
    s->cap = cap;
  }
  memcpy(s->p + s->n, d, n);
  s->n += n;
  s->p[s->n] = 0;
}

static void str_addz(Str *s, const char *d) { str_add(s, d, strlen(d)); }

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void str_printf(Str *s, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0) str_add(s, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d != NULL) memcpy(d, s, n + 1);
  return d;
}

/* ---- Phrases and what they define --------------------------------------------------- */

typedef enum Ns { NS_VALUE, NS_TYPE, NS_MODULE, NS_MODTYPE, NS_CTOR, NS_LABEL, NS_CLASS, NS_CLASSTYPE } Ns;

typedef struct Name {
  Ns ns;
  const char *name; /* owned by the phrase's signature (or its module name) */
  bool runtime;     /* reached by later code through the phrase's module block */
  bool visible;
  int item;         /* index in the signature, -1 if none */
} Name;

typedef enum PhKind {
  PH_PRELUDE, /* Zvm_prelude: pinned, always opened */
  PH_PHRASE,  /* Top_N */
  PH_LOADED,  /* a module loaded by #load, known by its unit name */
  PH_OPEN     /* an `open M` phrase: -open of a path, for good */
} PhKind;

typedef struct Phrase {
  PhKind kind;
  uint32_t uid;     /* unique per session */
  uint32_t number;  /* N of Top_N */
  char *module;     /* unit name; PH_OPEN: the opened path */
  uint32_t seg_id;  /* 0 if none */
  zvm_handle handle;
  Sig sig;
  Name *names;
  size_t n_names;
  uint32_t *alias_target; /* per item: uid of the phrase a module alias leads to */
  uint32_t keeps;         /* PH_OPEN: uid of the phrase it needs alive */
  bool sticky;            /* has items we cannot read: never leaves the -open list */
  bool needed, opened;
} Phrase;

typedef struct Toplevel {
  Vm *vm;
  Fmt *fmt;
  FILE *out;
  char tmpdir[512];
  bool have_tmpdir;
  bool echo, interactive;
  const char *prelude_file; /* NULL: the built-in one */
  bool no_prelude;
  unsigned trace;
  Phrase **ph; /* active phrases, oldest first */
  size_t n_ph, cap_ph;
  Phrase **archive; /* dropped phrases kept for their type declarations */
  size_t n_ar, cap_ar;
  uint32_t next_uid, next_number;
  uint32_t compiled;
  char **inc; /* -I directories for ocamlc and the assembler (absolute) */
  size_t n_inc;
  int use_depth;
  bool quit;
  int status;
} Toplevel;

static Phrase *phrase_new(Toplevel *t, PhKind kind) {
  Phrase *p = calloc(1, sizeof *p);
  if (p == NULL) return NULL;
  p->kind = kind;
  p->uid = ++t->next_uid;
  return p;
}

static void phrase_free(Phrase *p) {
  if (p == NULL) return;
  sig_free(&p->sig);
  free(p->names);
  free(p->alias_target);
  free(p->module);
  free(p);
}

static bool push_phrase(Phrase ***a, size_t *n, size_t *cap, Phrase *p) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 16;
    Phrase **b = realloc(*a, c * sizeof *b);
    if (b == NULL) return false;
    *a = b;
    *cap = c;
  }
  (*a)[(*n)++] = p;
  return true;
}

static bool add_name(Phrase *p, Ns ns, const char *name, bool runtime, int item) {
  if (name == NULL) return true;
  Name *a = realloc(p->names, (p->n_names + 1) * sizeof *a);
  if (a == NULL) return false;
  p->names = a;
  p->names[p->n_names++] = (Name){ns, name, runtime, true, item};
  return true;
}

/* The names the items of [p]'s signature define, in their namespaces. */
static bool names_from_sig(Phrase *p) {
  bool ok = true;
  for (size_t i = 0; i < p->sig.n && ok; i++) {
    const Item *it = &p->sig.items[i];
    int k = (int)i;
    if (it->name != NULL && strcmp(it->name, HIDDEN_IT) == 0) continue;
    switch (it->kind) {
    case IT_VAL: ok = add_name(p, NS_VALUE, it->name, true, k); break;
    case IT_EXTERNAL: ok = add_name(p, NS_VALUE, it->name, false, k); break;
    case IT_TYPE:
      ok = add_name(p, NS_TYPE, it->name, false, k);
      for (int c = 0; ok && c < it->n_ctor_names; c++) ok = add_name(p, NS_CTOR, it->ctor_names[c], false, k);
      for (int c = 0; ok && c < it->n_label_names; c++) ok = add_name(p, NS_LABEL, it->label_names[c], false, k);
      if (it->decl == NULL) p->sticky = true; /* constructors unknown */
      break;
    case IT_EXCEPTION: ok = add_name(p, NS_CTOR, it->name, true, k); break;
    case IT_TYPEXT:
      for (int c = 0; ok && c < it->n_ctors; c++) ok = add_name(p, NS_CTOR, it->ctors[c].name, true, k);
      if (it->n_ctors == 0) p->sticky = true;
      break;
    case IT_MODULE:
    case IT_MODULE_ALIAS: ok = add_name(p, NS_MODULE, it->name, true, k); break;
    case IT_MODTYPE: ok = add_name(p, NS_MODTYPE, it->name, false, k); break;
    case IT_CLASS:
      ok = add_name(p, NS_CLASS, it->name, true, k) && add_name(p, NS_TYPE, it->name, false, k) &&
           add_name(p, NS_CLASSTYPE, it->name, false, k);
      break;
    case IT_CLASS_TYPE:
      ok = add_name(p, NS_CLASSTYPE, it->name, false, k) && add_name(p, NS_TYPE, it->name, false, k);
      break;
    case IT_OTHER: p->sticky = true; break;
    }
  }
  return ok;
}

static bool any_visible(const Phrase *p, bool runtime_only) {
  for (size_t i = 0; i < p->n_names; i++)
    if (p->names[i].visible && (!runtime_only || p->names[i].runtime)) return true;
  return false;
}

static Phrase *phrase_by_uid(Toplevel *t, uint32_t uid) {
  for (size_t i = 0; i < t->n_ph; i++)
    if (t->ph[i]->uid == uid) return t->ph[i];
  for (size_t i = 0; i < t->n_ar; i++)
    if (t->archive[i]->uid == uid) return t->archive[i];
  return NULL;
}

static Phrase *phrase_by_module(Toplevel *t, const char *module) {
  for (size_t i = 0; i < t->n_ph; i++)
    if (t->ph[i]->kind != PH_OPEN && t->ph[i]->module && strcmp(t->ph[i]->module, module) == 0) return t->ph[i];
  for (size_t i = 0; i < t->n_ar; i++)
    if (strcmp(t->archive[i]->module, module) == 0) return t->archive[i];
  return NULL;
}

/* Where module [head] (the first component of a path) comes from, seen
 * from phrase [p] by ocamlc's scoping: p's own earlier items, then later
 * phrases before earlier ones, then #load'ed units. Sets *definer to the
 * uid of the phrase that defines the name, and returns the uid of the
 * phrase whose segment a use of the module reads (they differ for an
 * alias: module C = Counter reads Counter's phrase). 0: none (the prelude,
 * or unknown). */
static uint32_t resolve_module(Toplevel *t, const Phrase *p, size_t before_item, const char *head,
                               uint32_t *definer) {
  *definer = 0;
  if (strncmp(head, "Top_", 4) == 0) {
    Phrase *q = phrase_by_module(t, head);
    *definer = q ? q->uid : 0;
    return *definer;
  }
  if (p != NULL)
    for (size_t i = before_item; i-- > 0;) {
      const Item *it = &p->sig.items[i];
      if (it->name == NULL || strcmp(it->name, head) != 0) continue;
      if (it->kind != IT_MODULE && it->kind != IT_MODULE_ALIAS) continue;
      *definer = p->uid;
      if (it->kind == IT_MODULE) return p->uid;
      return p->alias_target ? p->alias_target[i] : 0;
    }
  for (size_t k = t->n_ph; k-- > 0;) {
    Phrase *q = t->ph[k];
    if (q == p || q->kind == PH_OPEN) continue;
    for (size_t i = 0; i < q->n_names; i++) {
      const Name *nm = &q->names[i];
      if (!nm->visible || nm->ns != NS_MODULE || strcmp(nm->name, head) != 0) continue;
      *definer = q->uid;
      if (q->kind == PH_LOADED) return q->uid;
      if (q->kind == PH_PRELUDE) return 0; /* pinned: nothing to keep */
      const Item *it = &q->sig.items[nm->item];
      if (it->kind == IT_MODULE_ALIAS) return q->alias_target ? q->alias_target[nm->item] : 0;
      return q->uid;
    }
  }
  return 0;
}

/* The head of a module path: "M" of "M.N.t". */
static void path_head(const char *path, char *buf, size_t len) {
  size_t n = strcspn(path, ". ");
  if (n >= len) n = len - 1;
  memcpy(buf, path, n);
  buf[n] = 0;
}

static bool resolve_aliases(Toplevel *t, Phrase *p) {
  if (p->sig.n == 0) return true;
  p->alias_target = calloc(p->sig.n, sizeof *p->alias_target);
  if (p->alias_target == NULL) return false;
  for (size_t i = 0; i < p->sig.n; i++) {
    const Item *it = &p->sig.items[i];
    if (it->kind != IT_MODULE_ALIAS || it->alias == NULL) continue;
    char head[256];
    path_head(it->alias, head, sizeof head);
    uint32_t definer;
    p->alias_target[i] = resolve_module(t, p, i, head, &definer);
  }
  return true;
}

/* A later definition hides earlier ones of the same name and namespace.
 * Phrases are opened after #load'ed units are found, so a phrase's module
 * hides a unit of that name, never the reverse. */
static void shadow(Toplevel *t, const Phrase *np) {
  if (np->kind == PH_LOADED) return;
  for (size_t i = 0; i < np->n_names; i++) {
    const Name *nm = &np->names[i];
    for (size_t k = 0; k < t->n_ph; k++) {
      Phrase *q = t->ph[k];
      if (q == np) continue;
      for (size_t j = 0; j < q->n_names; j++) {
        Name *qn = &q->names[j];
        if (qn->visible && qn->ns == nm->ns && strcmp(qn->name, nm->name) == 0) qn->visible = false;
      }
    }
  }
}

static Segment *live_segment(Vm *vm, uint32_t id) {
  for (Segment *s = vm->segments; s != NULL; s = s->next)
    if (s->id == id) return s;
  return NULL;
}

/* A host handle on [v] (a segment block, a module value): the toplevel
 * holds phrases as an embedding host would. */
static zvm_handle hold(Vm *vm, value v) { return vm_handle_make(vm, v); }

static bool has_type_info(const Phrase *p) {
  for (size_t i = 0; i < p->sig.n; i++) {
    ItemKind k = p->sig.items[i].kind;
    if (k == IT_TYPE || k == IT_EXCEPTION || k == IT_TYPEXT) return true;
  }
  return false;
}

static void tmp_remove(const Toplevel *t, const char *name);

/* Can another interface mention something of [p] (a type, a module,
 * a class: Top_N.t)? Values cannot be named in types. */
static bool cmi_referable(const Phrase *p) {
  for (size_t i = 0; i < p->sig.n; i++)
    switch (p->sig.items[i].kind) {
    case IT_VAL:
    case IT_EXTERNAL: break;
    default: return true;
    }
  return false;
}

/* Recompute which phrases are needed (their segment held) and opened,
 * take and release handles accordingly, and drop phrases that are
 * neither. */
static void update(Toplevel *t) {
  for (size_t i = 0; i < t->n_ph; i++) {
    Phrase *q = t->ph[i];
    q->needed = q->kind == PH_PRELUDE || q->kind == PH_OPEN || any_visible(q, true);
    q->opened = q->kind == PH_PRELUDE || q->kind == PH_OPEN ||
                (q->kind == PH_PHRASE && (q->sticky || any_visible(q, false)));
  }
  /* Module aliases and opens need what they lead to. */
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < t->n_ph; i++) {
      Phrase *q = t->ph[i];
      if (!q->needed) continue;
      if (q->kind == PH_OPEN && q->keeps) {
        Phrase *r = phrase_by_uid(t, q->keeps);
        if (r != NULL && !r->needed) r->needed = changed = true;
      }
      for (size_t j = 0; q->alias_target && j < q->n_names; j++) {
        const Name *nm = &q->names[j];
        if (!nm->visible || nm->item < 0 || q->alias_target[nm->item] == 0) continue;
        Phrase *r = phrase_by_uid(t, q->alias_target[nm->item]);
        if (r != NULL && !r->needed) r->needed = changed = true;
      }
    }
  }
  for (size_t i = 0; i < t->n_ph; i++) {
    Phrase *q = t->ph[i];
    if (q->needed && q->handle == 0 && q->seg_id != 0 && q->kind != PH_PRELUDE) {
      Segment *s = live_segment(t->vm, q->seg_id);
      if (s != NULL) q->handle = hold(t->vm, s->self);
    } else if (!q->needed && q->handle != 0) {
      zvm_release(t->vm, q->handle);
      q->handle = 0;
    }
  }
  size_t k = 0;
  for (size_t i = 0; i < t->n_ph; i++) {
    Phrase *q = t->ph[i];
    if (q->needed || q->opened) {
      t->ph[k++] = q;
    } else if (has_type_info(q) && push_phrase(&t->archive, &t->n_ar, &t->cap_ar, q)) {
      /* values printed later may still have its types */
    } else {
      /* ocamlc reads the whole folder at each start: keep it small. A
       * phrase that defined only values can be named by no other
       * interface, so its .cmi will never be read again. */
      if (q->kind == PH_PHRASE && !cmi_referable(q)) {
        char cmi[64];
        snprintf(cmi, sizeof cmi, "top_%u.cmi", q->number);
        tmp_remove(t, cmi);
      }
      phrase_free(q);
    }
  }
  t->n_ph = k;
}

/* ---- The type environment seen by the printer ------------------------------------------ */

typedef struct EnvCtx {
  Toplevel *t;
  const Phrase *current;
} EnvCtx;

static const TypeDecl *decl_in(const Phrase *p, const char *name) {
  const TypeDecl *d = NULL;
  for (size_t i = 0; p != NULL && i < p->sig.n; i++) {
    const Item *it = &p->sig.items[i];
    if (it->kind == IT_TYPE && it->decl != NULL && strcmp(it->decl->name, name) == 0) d = it->decl;
  }
  return d;
}

static bool type_visible(const Phrase *p, const char *name) {
  for (size_t i = 0; i < p->n_names; i++)
    if (p->names[i].ns == NS_TYPE && p->names[i].visible && strcmp(p->names[i].name, name) == 0) return true;
  return false;
}

/* The phrase whose signature holds [d]. */
static const Phrase *phrase_of_decl(Toplevel *t, const TypeDecl *d) {
  for (int pass = 0; pass < 2; pass++) {
    Phrase **a = pass ? t->archive : t->ph;
    size_t n = pass ? t->n_ar : t->n_ph;
    for (size_t k = 0; k < n; k++)
      for (size_t i = 0; i < a[k]->sig.n; i++)
        if (a[k]->sig.items[i].decl == d) return a[k];
  }
  return NULL;
}

static const TypeDecl *env_find_type(void *ctx, const char *path, const TypeDecl *older_than) {
  EnvCtx *e = ctx;
  if (older_than != NULL) {
    /* The definition [older_than] shadows: the newest one in a phrase
     * older than its own (uids grow with time; dropped phrases that
     * defined types are in the archive). */
    const Phrase *from = e->current && decl_in(e->current, path) == older_than ? e->current
                                                                              : phrase_of_decl(e->t, older_than);
    if (from == NULL) return NULL;
    const TypeDecl *best = NULL;
    uint32_t best_uid = 0;
    for (int pass = 0; pass < 2; pass++) {
      Phrase **a = pass ? e->t->archive : e->t->ph;
      size_t n = pass ? e->t->n_ar : e->t->n_ph;
      for (size_t k = 0; k < n; k++) {
        const Phrase *q = a[k];
        if (q->uid >= from->uid || q->uid <= best_uid) continue;
        const TypeDecl *d = decl_in(q, path);
        if (d != NULL) {
          best = d;
          best_uid = q->uid;
        }
      }
    }
    return best;
  }
  const char *dot = strrchr(path, '.');
  if (dot != NULL) {
    /* Top_K.t or Zvm_prelude.t; deeper paths are not modelled. */
    char unit[256];
    size_t n = (size_t)(dot - path);
    if (n >= sizeof unit || memchr(path, '.', n) != NULL) return NULL;
    memcpy(unit, path, n);
    unit[n] = 0;
    Phrase *p = phrase_by_module(e->t, unit);
    return p ? decl_in(p, dot + 1) : NULL;
  }
  const TypeDecl *d = decl_in(e->current, path);
  if (d != NULL) return d;
  for (size_t k = e->t->n_ph; k-- > 0;) {
    const Phrase *q = e->t->ph[k];
    if (q != e->current && type_visible(q, path)) return decl_in(q, path);
  }
  return NULL;
}

static const Ctor *env_find_ext(void *ctx, const char *name) {
  EnvCtx *e = ctx;
  const char *dot = strrchr(name, '.');
  if (dot == NULL) return NULL;
  char unit[256];
  size_t n = (size_t)(dot - name);
  if (n >= sizeof unit) return NULL;
  memcpy(unit, name, n);
  unit[n] = 0;
  const Phrase *p = phrase_by_module(e->t, unit);
  if (p == NULL && e->current != NULL && e->current->module && strcmp(e->current->module, unit) == 0)
    p = e->current;
  for (size_t i = 0; p != NULL && i < p->sig.n; i++) {
    const Item *it = &p->sig.items[i];
    if (it->kind != IT_EXCEPTION && it->kind != IT_TYPEXT) continue;
    for (int c = 0; c < it->n_ctors; c++)
      if (strcmp(it->ctors[c].name, dot + 1) == 0) return &it->ctors[c];
  }
  return NULL;
}

/* ---- Names for heap paths and pictures ------------------------------------------------- */

static bool name_handle(void *ctx, uint32_t h, char *buf, size_t len) {
  Toplevel *t = ctx;
  for (size_t i = 0; i < t->n_ph; i++) {
    const Phrase *q = t->ph[i];
    if (q->handle != h) continue;
    if (q->kind == PH_LOADED) {
      snprintf(buf, len, "#load %s", q->module);
      return true;
    }
    Str s = {0};
    str_printf(&s, "%s:", q->module);
    int shown = 0;
    for (size_t j = 0; j < q->n_names; j++) {
      const Name *nm = &q->names[j];
      if (!nm->visible || !nm->runtime) continue;
      if (shown++ == 4) {
        str_addz(&s, " ...");
        break;
      }
      str_printf(&s, " %s", nm->name);
    }
    snprintf(buf, len, "%s", s.p ? s.p : q->module);
    free(s.p);
    return true;
  }
  return false;
}

static bool name_field(void *ctx, const Segment *seg, uint32_t field, char *buf, size_t len) {
  Toplevel *t = ctx;
  const Phrase *p = phrase_by_module(t, seg->name);
  if (p == NULL || p->seg_id != seg->id) return false;
  for (size_t i = 0; i < p->sig.n; i++) {
    const Item *it = &p->sig.items[i];
    if (it->slot == (int)field && it->name != NULL) {
      snprintf(buf, len, "%s", strcmp(it->name, HIDDEN_IT) == 0 ? "-" : it->name);
      return true;
    }
    for (int c = 0; it->kind == IT_TYPEXT && c < it->n_ctors; c++)
      if (it->ctors[c].slot == (int)field) {
        snprintf(buf, len, "%s", it->ctors[c].name);
        return true;
      }
  }
  return false;
}

static HwNamer namer(Toplevel *t) { return (HwNamer){t, name_handle, name_field}; }

/* ---- Files and processes ------------------------------------------------------------------ */

static char *read_whole(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  Str s = {0};
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) str_add(&s, buf, n);
  bool bad = ferror(f) || s.oom;
  fclose(f);
  if (bad) {
    free(s.p);
    return NULL;
  }
  if (s.p == NULL) s.p = calloc(1, 1);
  *len = s.n;
  return s.p;
}

static bool write_whole(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return false;
  bool ok = fwrite(data, 1, len, f) == len;
  ok &= fclose(f) == 0;
  return ok;
}

static void tmp_path(const Toplevel *t, const char *name, char *buf, size_t len) {
  snprintf(buf, len, "%s/%s", t->tmpdir, name);
}

static void tmp_remove(const Toplevel *t, const char *name) {
  char path[1024];
  tmp_path(t, name, path, sizeof path);
  remove(path);
}

/* Run argv[0] (found on the PATH) in the temporary folder with stdin
 * from /dev/null and stdout, stderr to the given files (names relative
 * to the folder; NULL: /dev/null). Returns the child's pid, or -1. */
static pid_t spawn(const Toplevel *t, char *const argv[], const char *out, const char *err) {
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid != 0) return pid;
  /* The child: only async-signal-safe calls until exec. */
  if (chdir(t->tmpdir) != 0) _exit(126);
  int in = open("/dev/null", O_RDONLY);
  int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int e = open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (in < 0 || o < 0 || e < 0) _exit(126);
  dup2(in, 0);
  dup2(o, 1);
  dup2(e, 2);
  execvp(argv[0], argv);
  _exit(127);
}

/* The exit status of [pid]; -1 if it did not exit normally. */
static int wait_exit(pid_t pid) {
  if (pid < 0) return -1;
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

typedef struct Argv {
  char **v;
  size_t n, cap;
  bool oom;
} Argv;

static void arg(Argv *a, const char *s) {
  if (a->oom) return;
  if (a->n + 2 > a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 32;
    char **v = realloc(a->v, cap * sizeof *v);
    if (v == NULL) {
      a->oom = true;
      return;
    }
    a->v = v;
    a->cap = cap;
  }
  a->v[a->n++] = (char *)s;
  a->v[a->n] = NULL;
}

/* ocamlc's command line for [file]: -c (with the listing in FILE.cmo.dump)
 * or -i, earlier phrases opened in order. */
static void ocamlc_argv(Toplevel *t, Argv *a, bool interface, const char *file) {
  arg(a, "ocamlc");
  arg(a, "-nostdlib");
  arg(a, "-nopervasives");
  /* Types defined by earlier phrases are named as the toplevel names
   * them (r, not Top_3.r): ocamlc shortens paths through the -open'ed
   * phrases only when asked to. */
  arg(a, "-short-paths");
  for (size_t i = 0; i < t->n_inc; i++) {
    arg(a, "-I");
    arg(a, t->inc[i]);
  }
  for (size_t i = 0; i < t->n_ph; i++) {
    Phrase *q = t->ph[i];
    if (!q->opened) continue;
    arg(a, "-open");
    arg(a, q->module);
  }
  if (interface) {
    arg(a, "-i");
  } else {
    arg(a, "-c");
    arg(a, "-dinstr");
    arg(a, "-dump-into-file");
  }
  arg(a, file);
}

typedef struct Compiled {
  bool ok;
  char *listing, *sig, *errors;
  size_t listing_len, sig_len, errors_len;
} Compiled;

static void compiled_free(Compiled *c) {
  free(c->listing);
  free(c->sig);
  free(c->errors);
  memset(c, 0, sizeof *c);
}

/* Compile [base].ml in the temporary folder: `ocamlc -c` and `ocamlc -i`
 * side by side (the -i run only reads .cmi files; it writes nothing).
 * With [interface_only], just -i, whose messages are kept. */
static bool compile(Toplevel *t, const char *base, bool interface_only, Compiled *c) {
  memset(c, 0, sizeof *c);
  char ml[300], err[300], sig[300], dump[300], cmo[300];
  snprintf(ml, sizeof ml, "%s.ml", base);
  snprintf(err, sizeof err, "%s.err", base);
  snprintf(sig, sizeof sig, "%s.sig", base);
  snprintf(dump, sizeof dump, "%s.cmo.dump", base);
  snprintf(cmo, sizeof cmo, "%s.cmo", base);
  Argv ac = {0}, ai = {0};
  ocamlc_argv(t, &ai, true, ml);
  pid_t pc = -1, pi = -1;
  if (!interface_only) {
    ocamlc_argv(t, &ac, false, ml);
    if (!ac.oom) pc = spawn(t, ac.v, NULL, err);
  }
  if (!ai.oom) pi = spawn(t, ai.v, sig, interface_only ? err : NULL);
  int sc = interface_only ? 0 : wait_exit(pc);
  int si = wait_exit(pi);
  free(ac.v);
  free(ai.v);
  char path[1024];
  tmp_path(t, err, path, sizeof path);
  c->errors = read_whole(path, &c->errors_len);
  if (sc == 0 && si == 0) {
    bool ok = true;
    if (!interface_only) {
      tmp_path(t, dump, path, sizeof path);
      c->listing = read_whole(path, &c->listing_len);
      ok = c->listing != NULL;
    }
    tmp_path(t, sig, path, sizeof path);
    c->sig = read_whole(path, &c->sig_len);
    c->ok = ok && c->sig != NULL;
  }
  if (sc == 127 || si == 127) {
    fprintf(t->out, "Error: cannot run ocamlc any more (is it still on the PATH?)\n");
  }
  tmp_remove(t, err);
  tmp_remove(t, sig);
  tmp_remove(t, dump);
  tmp_remove(t, cmo);
  return c->ok;
}

/* ocamlc's messages as OCaml's toplevel prints them: `File "top_3.ml",
 * line 2, characters 4-5:` becomes `Line 2, characters 4-5:`. */
static void print_messages(Toplevel *t, const char *text, size_t len, const char *file) {
  char prefix[320];
  int pn = snprintf(prefix, sizeof prefix, "File \"%s\", ", file);
  size_t i = 0;
  while (i < len) {
    size_t e = i;
    while (e < len && text[e] != '\n') e++;
    const char *line = text + i;
    size_t n = e - i;
    if (pn > 0 && n > (size_t)pn + 5 && memcmp(line, prefix, (size_t)pn) == 0 &&
        line[pn] == 'l') {
      fputc('L', t->out);
      fwrite(line + pn + 1, 1, n - (size_t)pn - 1, t->out);
    } else {
      fwrite(line, 1, n, t->out);
    }
    fputc('\n', t->out);
    i = e + 1;
  }
  if (len > 0 && strstr(text, "cannot be generalized") != NULL)
    fputs("Hint: zvm compiles each phrase as a module, whose values cannot have weakly\n"
          "polymorphic types ('_weak1): give the value a type annotation, as in\n"
          "let r : int list ref = ref []\n",
          t->out);
}

/* ---- Running a phrase ------------------------------------------------------------------- */

static bool is_hidden(const Item *it) { return it->name != NULL && strcmp(it->name, HIDDEN_IT) == 0; }

/* ---- Short paths ---------------------------------------------------------------------- */

/* ocamlc names a type, module type or extended type of an earlier phrase
 * through its unit (Top_3.t) where OCaml's toplevel says t: -short-paths
 * does not cover module types and type extensions. Say t when that is
 * what t means here: phrase 3 still has a visible t, and the phrase being
 * printed defines no t of its own. */
static bool defines(const Phrase *p, const char *x, size_t n, bool upper, bool visible_only) {
  for (size_t i = 0; i < p->n_names; i++) {
    const Name *nm = &p->names[i];
    if (visible_only && !nm->visible) continue;
    bool kind_ok = upper ? (nm->ns == NS_MODULE || nm->ns == NS_MODTYPE || nm->ns == NS_CTOR)
                         : (nm->ns == NS_TYPE || nm->ns == NS_CLASS || nm->ns == NS_CLASSTYPE);
    if (kind_ok && strlen(nm->name) == n && memcmp(nm->name, x, n) == 0) return true;
  }
  return false;
}

static bool is_ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '\'';
}

/* [text] with Top_K. dropped where that is right; malloc'ed (NULL if
 * memory is short). */
static char *shorten_paths(Toplevel *t, const Phrase *current, const char *text) {
  Str out = {0};
  const char *p = text;
  while (*p) {
    const char *q = strstr(p, "Top_");
    if (q == NULL) {
      str_addz(&out, p);
      break;
    }
    str_add(&out, p, (size_t)(q - p));
    const char *d = q + 4;
    while (*d >= '0' && *d <= '9') d++;
    bool ok = (q == text || !is_ident(q[-1])) && d > q + 4 && *d == '.';
    const char *x = d + 1;
    size_t n = 0;
    while (ok && is_ident(x[n])) n++;
    if (ok && n > 0) {
      char unit[32];
      size_t ul = (size_t)(d - q);
      ok = ul < sizeof unit;
      if (ok) {
        memcpy(unit, q, ul);
        unit[ul] = 0;
      }
      const Phrase *k = ok ? phrase_by_module(t, unit) : NULL;
      bool upper = x[0] >= 'A' && x[0] <= 'Z';
      ok = k != NULL && defines(k, x, n, upper, true) && (current == NULL || current == k || !defines(current, x, n, upper, false));
    } else {
      ok = false;
    }
    if (ok) {
      p = x; /* drop "Top_K." */
    } else {
      str_add(&out, q, 4);
      p = q + 4;
    }
  }
  if (out.oom) {
    free(out.p);
    return NULL;
  }
  return out.p ? out.p : xstrdup("");
}

static void shorten_type(Toplevel *t, const Phrase *current, Type *ty) {
  /* Types nest at most 100 deep (toplevel_types.c). */
  if (ty == NULL) return;
  if ((ty->kind == TY_CONSTR || ty->kind == TY_TEXT || ty->kind == TY_POLYVAR) && ty->name != NULL &&
      strstr(ty->name, "Top_") != NULL) {
    char *n = shorten_paths(t, current, ty->name);
    if (n != NULL) {
      free(ty->name);
      ty->name = n;
    }
  }
  for (int i = 0; i < ty->n; i++) shorten_type(t, current, ty->args[i]);
}

/* Print what the phrase defined, values read from [module]. */
static void print_items(Toplevel *t, const Phrase *p, value module) {
  EnvCtx ectx = {t, p};
  TypeEnv env = {&ectx, env_find_type, env_find_ext};
  bool layout_ok = p->sig.n_slots >= 0 && Is_block(module) &&
                   (p->sig.n_slots == 0 || (Tag_val(module) == 0 && Wosize_val(module) == (mlsize_t)p->sig.n_slots));
  for (size_t i = 0; i < p->sig.n; i++) {
    const Item *it = &p->sig.items[i];
    if (it->kind == IT_VAL && it->type != NULL && it->slot >= 0) {
      value v = layout_ok ? Field(module, (mlsize_t)it->slot) : Val_unit;
      shorten_type(t, p, it->type);
      print_val(t->fmt, &env, is_hidden(it) ? NULL : it->name, it->type, v, layout_ok);
    } else if (it->kind == IT_MODULE_ALIAS && it->alias != NULL && strncmp(it->alias, "Top_", 4) == 0 &&
               strchr(it->alias, '.') != NULL) {
      /* OCaml's toplevel names the module as the user did, not through
       * the unit ocamlc compiled the phrase into. */
      fprintf(t->out, "module %s = %s\n", it->name, strchr(it->alias, '.') + 1);
    } else {
      char *text = strstr(it->text, "Top_") ? shorten_paths(t, p, it->text) : NULL;
      fputs(text ? text : it->text, t->out);
      fputc('\n', t->out);
      free(text);
    }
  }
  fflush(t->out);
}

/* `open M` (or `open! M`) alone in a phrase: later phrases must see M's
 * contents too. Returns the path, malloc'ed, or NULL. */
static char *lone_open(const char *s, size_t len) {
  size_t i = top_skip_blanks(s, len);
  if (len - i < 5 || memcmp(s + i, "open", 4) != 0) return NULL;
  i += 4;
  if (i < len && s[i] == '!') i++;
  if (i >= len || (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')) return NULL;
  i += top_skip_blanks(s + i, len - i);
  size_t start = i;
  while (i < len && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                     (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '\'' || s[i] == '.'))
    i++;
  if (i == start || s[start] < 'A' || s[start] > 'Z') return NULL;
  size_t end = i;
  i += top_skip_blanks(s + i, len - i);
  if (i != len) return NULL;
  char *path = malloc(end - start + 1);
  if (path == NULL) return NULL;
  memcpy(path, s + start, end - start);
  path[end - start] = 0;
  return path;
}

/* Would ocamlc accept the current -open list? A file with nothing in it
 * tells. */
static bool opens_work(Toplevel *t) {
  char file[1024];
  tmp_path(t, "zvm_opens.ml", file, sizeof file);
  if (!write_whole(file, "", 0)) return false;
  Compiled c;
  bool ok = compile(t, "zvm_opens", true, &c);
  compiled_free(&c);
  tmp_remove(t, "zvm_opens.ml");
  return ok;
}

static void add_open(Toplevel *t, char *path) {
  char head[256];
  path_head(path, head, sizeof head);
  uint32_t definer;
  uint32_t target = resolve_module(t, NULL, 0, head, &definer);
  Phrase *o = phrase_new(t, PH_OPEN);
  if (o == NULL) {
    free(path);
    return;
  }
  /* Qualify the path with the unit that defines its head, so that it keeps
   * meaning the same module when that name is shadowed. */
  Phrase *dp = definer ? phrase_by_uid(t, definer) : NULL;
  if (dp != NULL && (dp->kind == PH_PHRASE || dp->kind == PH_PRELUDE)) {
    Str s = {0};
    str_addz(&s, dp->module);
    str_addz(&s, ".");
    str_addz(&s, path);
    free(path);
    path = s.p;
  }
  o->module = path;
  o->keeps = target;
  if (o->module == NULL || !push_phrase(&t->ph, &t->n_ph, &t->cap_ph, o)) {
    phrase_free(o);
    return;
  }
  /* An open ocamlc refuses would break every later phrase: check now. */
  o->opened = true;
  if (!opens_work(t)) {
    fprintf(t->out, "Warning: later phrases will not see the contents of %s (zvm cannot open it again)\n",
            o->module);
    t->n_ph--;
    phrase_free(o);
  }
}

/* Turn a load error into what a toplevel user can act on. */
static void print_load_error(Toplevel *t, const char *msg) {
  const char *m = strstr(msg, "module Top_");
  if (m != NULL && (strstr(msg, "is not loaded") || strstr(msg, "cannot find module"))) {
    char name[64];
    size_t n = strspn(m + 7, "Top_0123456789");
    if (n >= sizeof name) n = sizeof name - 1;
    memcpy(name, m + 7, n);
    name[n] = 0;
    fprintf(t->out,
            "Error: the code of %s has been freed: every name it defined was shadowed, so it "
            "can no longer be used\n",
            name);
    return;
  }
  fprintf(t->out, "Error: %s\n", msg);
}

static bool special_exception(Toplevel *t, value exn) {
  if (exn == caml_predef_exn(t->vm, EXN_STACK_OVERFLOW)) {
    fprintf(t->out, "Stack overflow during evaluation (looping recursion?).\n");
    return true;
  }
  if (exn == caml_predef_exn(t->vm, EXN_OUT_OF_MEMORY)) {
    fprintf(t->out, "Out of memory during evaluation.\n");
    return true;
  }
  return false;
}

/* Assemble and load [listing] as module [module]; on success fill the
 * phrase's segment and print. Returns true if the phrase defined its
 * names (loaded and ran without an exception). */
static bool load_phrase(Toplevel *t, Phrase *p, const char *listing, size_t listing_len) {
  char zs[1024];
  snprintf(zs, sizeof zs, "%s/top_%u.zs", t->tmpdir, p->number);
  const char *dirs[t->n_inc + 1];
  for (size_t i = 0; i < t->n_inc; i++) dirs[i] = t->inc[i];
  AsmOptions opts = {.include_dirs = dirs, .n_include_dirs = t->n_inc};
  char *asm_err = NULL;
  size_t asm_err_len = 0;
  FILE *errs = open_memstream(&asm_err, &asm_err_len);
  ZbcUnit *u = NULL;
  bool ok = asm_assemble(zs, listing, listing_len, &opts, &u, errs);
  if (errs != NULL) fclose(errs);
  if (!ok) {
    fprintf(t->out, "Error: zvm cannot assemble this phrase's listing:\n%s", asm_err ? asm_err : "");
    free(asm_err);
    return false;
  }
  free(asm_err);
  size_t len;
  uint8_t *bytes = zbc_write(u, &len);
  zbc_unit_free(u);
  if (bytes == NULL) {
    fprintf(t->out, "Error: out of memory\n");
    return false;
  }
  char name[64];
  snprintf(name, sizeof name, "top_%u.zbc", p->number);
  LoadError err;
  value res = Val_unit;
  fflush(t->out);
  LoadStatus st = load_buffer(t->vm, name, bytes, len, LOAD_PUBLIC, &res, &err);
  free(bytes);
  vm_flush_all_channels(t->vm);
  if (t->vm->exiting) {
    t->quit = true;
    t->status = t->vm->exit_code;
    return false;
  }
  if (st == LOAD_FAILED) {
    print_load_error(t, err.msg);
    return false;
  }
  if (st == LOAD_RAISED) {
    value exn = Extract_exception(res);
    if (!special_exception(t, exn)) {
      EnvCtx ectx = {t, p};
      TypeEnv env = {&ectx, env_find_type, env_find_ext};
      print_exception(t->fmt, &env, t->vm, exn);
    }
    return false;
  }
  Segment *seg = registry_find(t->vm, p->module);
  if (seg == NULL) {
    fprintf(t->out, "Error: %s did not register\n", p->module);
    return false;
  }
  p->seg_id = seg->id;
  /* Hold the segment now: printing allocates nothing on the OCaml heap,
   * but updating the session below may. */
  p->handle = hold(t->vm, seg->self);
  print_items(t, p, res);
  return true;
}

static void echo_phrase(Toplevel *t, const char *s, size_t len) {
  /* Leading and trailing blanks are not echoed. */
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r')) len--;
  fputs("# ", t->out);
  for (size_t k = i; k < len; k++) {
    fputc(s[k], t->out);
    if (s[k] == '\n') fputs("  ", t->out);
  }
  fputc('\n', t->out);
}

/* Does the .cmi of unit [name] still exist? Only phrases' units are
 * ever deleted. */
static bool cmi_exists(void *ctx, const char *name) {
  const Toplevel *t = ctx;
  if (strncmp(name, "Top_", 4) != 0) return true;
  char file[64], path[1024];
  snprintf(file, sizeof file, "top_%s.cmi", name + 4);
  tmp_path(t, file, path, sizeof path);
  struct stat st;
  return stat(path, &st) == 0;
}

/* Keep top_N.cmi's CRC list from growing with the session (see
 * toplevel_cmi.c). Failing only costs speed. */
static void prune_cmi(Toplevel *t, uint32_t n) {
  char file[64], path[1024];
  snprintf(file, sizeof file, "top_%u.cmi", n);
  tmp_path(t, file, path, sizeof path);
  cmi_prune_crcs(path, cmi_exists, t);
}

/* Compile, load, run and print one phrase of [kind]. [s] is the phrase
 * as typed, [body] its length without the final `;;`. */
static void run_phrase(Toplevel *t, const char *s, size_t len, size_t body, PhraseKind kind, size_t any) {
  uint32_t n = t->next_number;
  char base[64], ml[64], file[1024];
  snprintf(base, sizeof base, "top_%u", n);
  snprintf(ml, sizeof ml, "top_%u.ml", n);
  tmp_path(t, ml, file, sizeof file);
  Compiled c = {0};
  bool ok = false;
  if (kind == PHRASE_EXPRESSION || kind == PHRASE_LET_ANY) {
    /* let zvm_it__ = (e), or let zvm_it__ = e for `let _ = e`. */
    Str w = {0};
    if (kind == PHRASE_EXPRESSION) {
      str_addz(&w, "let " HIDDEN_IT " = (\n");
      str_add(&w, s, body);
      str_addz(&w, "\n);;\n");
    } else {
      str_add(&w, s, any);
      str_addz(&w, HIDDEN_IT);
      str_add(&w, s + any + 1, body - any - 1);
      str_addz(&w, ";;\n");
    }
    if (!w.oom && write_whole(file, w.p, w.n) && compile(t, base, false, &c) && c.errors_len == 0) {
      ok = true;
    } else {
      /* Messages must come from the phrase as the user wrote it. */
      Compiled v;
      if (write_whole(file, s, len)) {
        bool vok = compile(t, base, c.ok, &v);
        print_messages(t, v.errors, v.errors_len, ml);
        if (c.ok) {
          ok = true; /* the value is still printed, from the wrapped phrase */
          compiled_free(&v);
        } else if (vok) {
          compiled_free(&c);
          c = v;
          ok = true;
        } else {
          compiled_free(&v);
        }
      }
    }
    free(w.p);
  } else {
    if (write_whole(file, s, len)) {
      ok = compile(t, base, false, &c);
      print_messages(t, c.errors, c.errors_len, ml);
    } else {
      fprintf(t->out, "Error: cannot write %s: %s\n", file, strerror(errno));
    }
  }
  tmp_remove(t, ml);
  if (!ok) {
    /* The number is free again: nothing was written under it. */
    char cmi[64];
    snprintf(cmi, sizeof cmi, "top_%u.cmi", n);
    tmp_remove(t, cmi);
    compiled_free(&c);
    fflush(t->out);
    return;
  }
  t->next_number++;
  t->compiled++;
  prune_cmi(t, n);
  Phrase *p = phrase_new(t, PH_PHRASE);
  char module[64];
  snprintf(module, sizeof module, "Top_%u", n);
  if (p == NULL || (p->module = xstrdup(module)) == NULL || !sig_parse(c.sig, c.sig_len, &p->sig)) {
    fprintf(t->out, "Error: out of memory\n");
    phrase_free(p);
    compiled_free(&c);
    return;
  }
  p->number = n;
  bool defined = load_phrase(t, p, c.listing, c.listing_len);
  compiled_free(&c);
  if (!defined || !names_from_sig(p) || !resolve_aliases(t, p) ||
      !push_phrase(&t->ph, &t->n_ph, &t->cap_ph, p)) {
    if (p->handle) zvm_release(t->vm, p->handle);
    phrase_free(p);
    fflush(t->out);
    return;
  }
  shadow(t, p);
  update(t);
  char *open_path = lone_open(s, body);
  if (open_path != NULL) {
    add_open(t, open_path);
    update(t);
  }
  fflush(t->out);
}

/* ---- Directives ---------------------------------------------------------------------------- */

typedef enum ArgKind { ARG_NONE, ARG_STRING, ARG_INT, ARG_IDENT } ArgKind;

typedef struct DirArg {
  ArgKind kind;
  char text[1024];
  long num;
} DirArg;

/* Read one directive argument at s[*i]: "string" (OCaml escapes), an
 * integer, or an identifier. */
static bool read_arg(const char *s, size_t len, size_t *i, DirArg *a) {
  *i += top_skip_blanks(s + *i, len - *i);
  a->kind = ARG_NONE;
  a->text[0] = 0;
  if (*i >= len) return true;
  size_t n = 0;
  if (s[*i] == '"') {
    size_t k = *i + 1;
    while (k < len && s[k] != '"') {
      char c = s[k++];
      if (c == '\\' && k < len) {
        char e = s[k++];
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
      }
      if (n + 1 < sizeof a->text) a->text[n++] = c;
    }
    if (k >= len) return false;
    a->text[n] = 0;
    a->kind = ARG_STRING;
    *i = k + 1;
    return true;
  }
  size_t k = *i;
  bool digits = true;
  if (k < len && s[k] == '-') k++;
  while (k < len && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                     (s[k] >= '0' && s[k] <= '9') || s[k] == '_')) {
    if (s[k] < '0' || s[k] > '9') digits = false;
    k++;
  }
  if (k == *i) return false;
  n = k - *i < sizeof a->text - 1 ? k - *i : sizeof a->text - 1;
  memcpy(a->text, s + *i, n);
  a->text[n] = 0;
  a->kind = digits ? ARG_INT : ARG_IDENT;
  a->num = digits ? strtol(a->text, NULL, 10) : 0;
  *i = k;
  return true;
}

static void dir_gc(Toplevel *t) {
  size_t n = 0;
  for (Segment *s = t->vm->segments; s != NULL; s = s->next) n++;
  uint32_t *ids = n ? malloc(n * sizeof *ids) : NULL;
  char **names = n ? calloc(n, sizeof *names) : NULL;
  size_t k = 0;
  if (n == 0 || (ids != NULL && names != NULL)) {
    for (Segment *s = t->vm->segments; s != NULL; s = s->next, k++) {
      ids[k] = s->id;
      names[k] = xstrdup(s->name);
    }
  }
  fflush(t->out);
  gc_collect(t->vm);
  int freed = 0;
  /* Oldest first: the list is newest first. */
  for (size_t i = k; i-- > 0;) {
    if (live_segment(t->vm, ids[i]) == NULL) {
      fprintf(t->out, "freed segment %u (%s)\n", ids[i], names[i] ? names[i] : "?");
      freed++;
    }
  }
  if (freed == 0) fprintf(t->out, "no segment freed\n");
  for (size_t i = 0; i < k; i++) free(names[i]);
  free(ids);
  free(names);
}

static int by_id(const void *a, const void *b) {
  uint32_t x = (*(Segment *const *)a)->id, y = (*(Segment *const *)b)->id;
  return (x > y) - (x < y);
}

static Segment **sorted_segments(Vm *vm, size_t *n) {
  *n = 0;
  for (Segment *s = vm->segments; s != NULL; s = s->next) ++*n;
  Segment **a = *n ? malloc(*n * sizeof *a) : NULL;
  if (a == NULL) {
    *n = 0;
    return NULL;
  }
  size_t k = 0;
  for (Segment *s = vm->segments; s != NULL; s = s->next) a[k++] = s;
  qsort(a, *n, sizeof *a, by_id);
  return a;
}

static void dir_segments(Toplevel *t) {
  HeapGraph *g = heapwalk_build(t->vm);
  if (g == NULL) {
    fprintf(t->out, "Error: out of memory walking the heap\n");
    return;
  }
  size_t n;
  Segment **segs = sorted_segments(t->vm, &n);
  int w = 6, iw = 4;
  for (size_t i = 0; i < n; i++) {
    if ((int)strlen(segs[i]->name) > w) w = (int)strlen(segs[i]->name);
    char id[16];
    int l = snprintf(id, sizeof id, "%u", segs[i]->id);
    if (l > iw) iw = l;
  }
  fprintf(t->out, "%*s  %-*s  %6s  %5s  %-20s  %s\n", iw, "seg", w, "module", "code", "slots", "kind",
          "kept alive by");
  HwNamer nm = namer(t);
  for (size_t i = 0; i < n; i++) {
    const Segment *s = segs[i];
    char kind[64], kept[512];
    snprintf(kind, sizeof kind, "%s, %s", (s->flags & SEG_PINNED) ? "pinned" : "collectable",
             (s->flags & SEG_PUBLIC) ? "public" : "private");
    heapwalk_kept_by(t->vm, g, s, &nm, kept, sizeof kept);
    fprintf(t->out, "%*u  %-*s  %6u  %5u  %-20s  %s\n", iw, s->id, w, s->name, s->code_words, s->n_slots,
            kind, kept);
  }
  free(segs);
  heapwalk_free(g);
}

static void dir_why(Toplevel *t, long id) {
  Segment *s = id > 0 && id <= UINT32_MAX ? live_segment(t->vm, (uint32_t)id) : NULL;
  if (s == NULL) {
    fprintf(t->out, "no segment %ld: %s\n", id,
            id > 0 && (uint32_t)id < t->vm->next_segment_id ? "it was freed" : "there is none");
    return;
  }
  HeapGraph *g = heapwalk_build(t->vm);
  if (g == NULL) {
    fprintf(t->out, "Error: out of memory walking the heap\n");
    return;
  }
  HwNamer nm = namer(t);
  heapwalk_print_path(t->vm, g, s, &nm, 0, t->out);
  heapwalk_free(g);
}

static void dir_stats(Toplevel *t) {
  Vm *vm = t->vm;
  HeapGraph *g = heapwalk_build(vm);
  uint64_t reachable = 0;
  for (Segment *s = vm->segments; g != NULL && s != NULL; s = s->next)
    if (heapwalk_find(g, s->self) >= 0) reachable++;
  heapwalk_free(g);
  size_t kept = 0;
  for (size_t i = 0; i < t->n_ph; i++)
    if (t->ph[i]->kind == PH_PHRASE && t->ph[i]->handle != 0) kept++;
  const GcStats *s = &vm->heap.stats;
  fprintf(t->out, "segments: %llu live (%llu reachable, %llu to be freed by the next GC)\n",
          (unsigned long long)vm->segments_live, (unsigned long long)reachable,
          (unsigned long long)(vm->segments_live - reachable));
  fprintf(t->out, "segments: %llu loaded, %llu freed\n", (unsigned long long)vm->segments_loaded,
          (unsigned long long)vm->segments_freed);
  fprintf(t->out, "phrases: %u compiled, %zu kept (a name still visible)\n", t->compiled, kept);
  fprintf(t->out, "global slots: %u live, %u peak\n", vm->slots_live, vm->slots_peak);
  fprintf(t->out, "heap: %llu words, %llu live after the last of %llu collections\n",
          (unsigned long long)s->heap_words, (unsigned long long)s->live_words,
          (unsigned long long)s->collections);
}

static void dir_dot(Toplevel *t, const char *file, const char *title) {
  HeapGraph *g = heapwalk_build(t->vm);
  if (g == NULL) {
    fprintf(t->out, "Error: out of memory walking the heap\n");
    return;
  }
  FILE *f = fopen(file, "w");
  if (f == NULL) {
    fprintf(t->out, "Error: cannot write %s: %s\n", file, strerror(errno));
    heapwalk_free(g);
    return;
  }
  HwNamer nm = namer(t);
  bool ok = heapwalk_write_dot(t->vm, g, &nm, title, f);
  ok &= fclose(f) == 0;
  if (!ok) fprintf(t->out, "Error: cannot write %s\n", file);
  heapwalk_free(g);
}

/* [dir] as an absolute path (ocamlc runs in the temporary folder),
 * malloc'ed; NULL if it is not a folder. */
static char *absolute_dir(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
  if (dir[0] == '/') return xstrdup(dir);
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) == NULL) return NULL;
  Str s = {0};
  str_addz(&s, cwd);
  str_addz(&s, "/");
  str_addz(&s, dir);
  if (s.oom) {
    free(s.p);
    return NULL;
  }
  return s.p;
}

static bool add_inc(Toplevel *t, const char *dir) {
  char *abs = absolute_dir(dir);
  if (abs == NULL) return false;
  for (size_t i = 0; i < t->n_inc; i++)
    if (strcmp(t->inc[i], abs) == 0) {
      free(abs);
      return true;
    }
  char **a = realloc(t->inc, (t->n_inc + 1) * sizeof *a);
  if (a == NULL) {
    free(abs);
    return false;
  }
  t->inc = a;
  t->inc[t->n_inc++] = abs;
  return true;
}

/* The signature of a #load'ed module, from its .cmi: `ocamlc -i` of a
 * unit that includes it. It names the fields of its module block (for
 * #why and pictures) and its exceptions (for printing them); its names are
 * not in scope, only the module's. */
static void loaded_signature(Toplevel *t, Phrase *p) {
  char file[1024];
  tmp_path(t, "zvm_loaded.ml", file, sizeof file);
  Str src = {0};
  str_printf(&src, "include %s\n", p->module);
  Compiled c = {0};
  if (!src.oom && write_whole(file, src.p, src.n) && compile(t, "zvm_loaded", true, &c)) {
    if (!sig_parse(c.sig, c.sig_len, &p->sig)) memset(&p->sig, 0, sizeof p->sig);
  }
  compiled_free(&c);
  free(src.p);
  tmp_remove(t, "zvm_loaded.ml");
}

static void dir_load(Toplevel *t, const char *file) {
  size_t len;
  LoadError err;
  uint8_t *data = load_read_file(file, &len, &err);
  if (data == NULL) {
    fprintf(t->out, "Error: %s\n", err.msg);
    return;
  }
  ZbcUnit *u;
  ZbcError zerr;
  if (!zbc_read(data, len, &u, &zerr, true)) {
    fprintf(t->out, "Error: %s: byte %zu: %s\n", file, zerr.offset, zerr.msg);
    free(data);
    return;
  }
  char *name = xstrdup(u->name);
  zbc_unit_free(u);
  /* Its folder: for the modules it imports (during this load only, so
   * that a freed module is never silently loaded again), and for
   * ocamlc and the assembler, which need its .cmi. */
  char *slash = strrchr(file, '/');
  char *dir = slash ? strndup(file, slash == file ? 1 : (size_t)(slash - file)) : xstrdup(".");
  int saved = t->vm->n_search_path;
  if (dir != NULL) vm_add_search_path(t->vm, dir);
  for (size_t i = 0; i < t->n_inc; i++) vm_add_search_path(t->vm, t->inc[i]);
  value res = Val_unit;
  fflush(t->out);
  LoadStatus st = load_buffer(t->vm, file, data, len, LOAD_PUBLIC, &res, &err);
  free(data);
  while (t->vm->n_search_path > saved) free(t->vm->search_path[--t->vm->n_search_path]);
  vm_flush_all_channels(t->vm);
  if (t->vm->exiting) {
    t->quit = true;
    t->status = t->vm->exit_code;
  } else if (st == LOAD_FAILED) {
    fprintf(t->out, "Error: %s\n", err.msg);
  } else if (st == LOAD_RAISED) {
    value exn = Extract_exception(res);
    if (!special_exception(t, exn)) {
      EnvCtx ectx = {t, NULL};
      TypeEnv env = {&ectx, env_find_type, env_find_ext};
      print_exception(t->fmt, &env, t->vm, exn);
    }
  } else {
    Segment *seg = name ? registry_find(t->vm, name) : NULL;
    Phrase *p = seg ? phrase_new(t, PH_LOADED) : NULL;
    if (p != NULL && dir != NULL && !add_inc(t, dir))
      fprintf(t->out, "Warning: cannot find the folder of %s for its .cmi\n", file);
    if (p == NULL || (p->module = xstrdup(name)) == NULL || !add_name(p, NS_MODULE, p->module, true, -1) ||
        !push_phrase(&t->ph, &t->n_ph, &t->cap_ph, p)) {
      phrase_free(p);
      fprintf(t->out, "Error: out of memory\n");
    } else {
      p->seg_id = seg->id;
      p->handle = hold(t->vm, seg->self);
      loaded_signature(t, p);
      /* An opened phrase's module of that name wins over the unit, for
       * ocamlc: the unit cannot be named, so it is not kept. */
      for (size_t i = 0; i < t->n_ph; i++) {
        const Phrase *q = t->ph[i];
        for (size_t j = 0; q->kind == PH_PHRASE && j < q->n_names; j++)
          if (q->names[j].visible && q->names[j].ns == NS_MODULE && strcmp(q->names[j].name, name) == 0 &&
              p->names[0].visible) {
            fprintf(t->out, "Warning: module %s of %s hides the module %s just loaded\n", name,
                    q->module, name);
            p->names[0].visible = false;
          }
      }
      update(t);
    }
  }
  free(dir);
  free(name);
}

static void process_text(Toplevel *t, const char *text, size_t len, bool eof);

static void dir_use(Toplevel *t, const char *file) {
  if (t->use_depth >= MAX_USE_DEPTH) {
    fprintf(t->out, "Error: #use nested more than %d deep\n", MAX_USE_DEPTH);
    return;
  }
  size_t len;
  char *text = read_whole(file, &len);
  if (text == NULL) {
    fprintf(t->out, "Cannot find file %s.\n", file);
    return;
  }
  t->use_depth++;
  bool echo = t->echo;
  t->echo = false;
  process_text(t, text, len, true);
  t->echo = echo;
  t->use_depth--;
  free(text);
}

static bool parse_trace(const char *list, unsigned *out) {
  const char *p = list;
  *out = 0;
  while (*p) {
    size_t n = strcspn(p, ",");
    if (n == 4 && strncmp(p, "load", 4) == 0) *out |= TRACE_LOAD;
    else if (n == 6 && strncmp(p, "unload", 6) == 0) *out |= TRACE_UNLOAD;
    else if (n == 2 && strncmp(p, "gc", 2) == 0) *out |= TRACE_GC;
    else if (n == 3 && strncmp(p, "all", 3) == 0) *out |= TRACE_LOAD | TRACE_UNLOAD | TRACE_GC;
    else return false;
    p += n;
    if (*p == ',') p++;
  }
  return true;
}

static const char help_text[] =
    "Directives (each ends with ;;):\n"
    "  #quit                 leave the toplevel\n"
    "  #use \"file.ml\"        run the phrases of a file\n"
    "  #load \"file.zbc\"      load a compiled module (collectable), usable as Name.x;\n"
    "                        kept while its name is not shadowed\n"
    "  #gc                   run a full collection and say which segments it freed\n"
    "  #stats                counters: segments, global slots, heap\n"
    "  #segments             each live segment and what keeps it alive\n"
    "  #why N                a shortest path of references from a root to segment N\n"
    "  #dot \"file.dot\"       a Graphviz picture of the segments and what keeps them alive\n"
    "  #trace on|off         print load, unload and gc events (#trace \"load,unload\")\n"
    "  #help                 this list\n";

static void run_directive(Toplevel *t, const char *s, size_t len) {
  size_t i = top_skip_blanks(s, len) + 1; /* after '#' */
  size_t start = i;
  while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
                     (s[i] >= '0' && s[i] <= '9')))
    i++;
  char name[64];
  size_t n = i - start < sizeof name - 1 ? i - start : sizeof name - 1;
  memcpy(name, s + start, n);
  name[n] = 0;
  DirArg a1, a2;
  bool ok = read_arg(s, len, &i, &a1) && read_arg(s, len, &i, &a2);
  i += top_skip_blanks(s + i, len - i);
  if (!ok || i != len) {
    fprintf(t->out, "Wrong type of argument for directive `%s'.\n", name);
    return;
  }
  /* OCaml's message, then what was expected. */
#define NEED(cond, what)                                                               \
  if (!(cond)) {                                                                       \
    fprintf(t->out, "Wrong type of argument for directive `%s' (expected %s).\n", name, what); \
    return;                                                                            \
  }
  if (strcmp(name, "quit") == 0) {
    t->quit = true;
  } else if (strcmp(name, "help") == 0) {
    fputs(help_text, t->out);
  } else if (strcmp(name, "gc") == 0) {
    NEED(a1.kind == ARG_NONE, "no argument");
    dir_gc(t);
  } else if (strcmp(name, "stats") == 0) {
    NEED(a1.kind == ARG_NONE, "no argument");
    dir_stats(t);
  } else if (strcmp(name, "segments") == 0) {
    NEED(a1.kind == ARG_NONE, "no argument");
    dir_segments(t);
  } else if (strcmp(name, "why") == 0) {
    NEED(a1.kind == ARG_INT && a2.kind == ARG_NONE, "a segment number, as in #why 3");
    dir_why(t, a1.num);
  } else if (strcmp(name, "dot") == 0) {
    NEED(a1.kind == ARG_STRING && (a2.kind == ARG_NONE || a2.kind == ARG_STRING),
         "a file name, as in #dot \"heap.dot\" (and optionally a title)");
    dir_dot(t, a1.text, a2.kind == ARG_STRING ? a2.text : NULL);
  } else if (strcmp(name, "load") == 0) {
    NEED(a1.kind == ARG_STRING && a2.kind == ARG_NONE, "a file name, as in #load \"plugin.zbc\"");
    dir_load(t, a1.text);
  } else if (strcmp(name, "use") == 0) {
    NEED(a1.kind == ARG_STRING && a2.kind == ARG_NONE, "a file name, as in #use \"lib.ml\"");
    dir_use(t, a1.text);
  } else if (strcmp(name, "trace") == 0) {
    unsigned bits = 0;
    bool good = a2.kind == ARG_NONE &&
                ((a1.kind == ARG_IDENT && (strcmp(a1.text, "on") == 0 || strcmp(a1.text, "off") == 0)) ||
                 (a1.kind == ARG_STRING && parse_trace(a1.text, &bits)));
    NEED(good, "on, off, or a list of events such as \"load,unload,gc\"");
    if (a1.kind == ARG_IDENT) bits = strcmp(a1.text, "on") == 0 ? TRACE_LOAD | TRACE_UNLOAD | TRACE_GC : 0;
    t->vm->trace = bits;
    t->vm->trace_out = t->out;
  } else {
    fprintf(t->out, "Unknown directive `%s'.\n", name);
  }
#undef NEED
  fflush(t->out);
}

/* ---- Reading -------------------------------------------------------------------------------- */

static void process_phrase(Toplevel *t, const char *s, size_t len) {
  size_t body = len;
  if (body >= 2 && s[body - 1] == ';' && s[body - 2] == ';') body -= 2;
  size_t any = 0;
  PhraseKind kind = top_classify(s, body, &any);
  if (kind == PHRASE_EMPTY) return;
  if (t->echo) echo_phrase(t, s, len);
  if (kind == PHRASE_DIRECTIVE) run_directive(t, s, body);
  else run_phrase(t, s, len, body, kind, any);
}

/* Run every complete phrase of [text]; with [eof], the rest too. Returns
 * how much of [text] was consumed. */
static size_t run_phrases(Toplevel *t, const char *text, size_t len, bool eof) {
  size_t off = 0;
  while (off < len && !t->quit) {
    size_t end = top_phrase_end(text + off, len - off);
    if (end == 0) {
      if (eof && top_skip_blanks(text + off, len - off) < len - off) {
        process_phrase(t, text + off, len - off);
        off = len;
      }
      break;
    }
    process_phrase(t, text + off, end);
    /* Like OCaml's toplevel, the rest of the line after `;;` belongs to
     * no phrase when it is blank: line numbers restart on the next line. */
    size_t k = off + end;
    while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r')) k++;
    off = k < len && text[k] == '\n' ? k + 1 : off + end;
  }
  return off;
}

static void process_text(Toplevel *t, const char *text, size_t len, bool eof) {
  run_phrases(t, text, len, eof);
}

static void session(Toplevel *t, FILE *in) {
  Str pending = {0};
  char *line = NULL;
  size_t cap = 0;
  for (;;) {
    if (t->interactive) {
      bool fresh = top_skip_blanks(pending.p ? pending.p : "", pending.n) == pending.n;
      fputs(fresh ? "# " : "  ", t->out);
      fflush(t->out);
    }
    ssize_t n = getline(&line, &cap, in);
    if (n < 0) break;
    str_add(&pending, line, (size_t)n);
    if (pending.oom) {
      fprintf(t->out, "Error: out of memory\n");
      break;
    }
    size_t used = run_phrases(t, pending.p, pending.n, false);
    memmove(pending.p, pending.p + used, pending.n - used);
    pending.n -= used;
    pending.p[pending.n] = 0;
    if (t->quit) break;
  }
  if (!t->quit && pending.n > 0) run_phrases(t, pending.p, pending.n, true);
  if (t->interactive && !t->quit) fputc('\n', t->out);
  free(line);
  free(pending.p);
}

/* ---- Setting up ---------------------------------------------------------------------------- */

static void remove_tmpdir(Toplevel *t) {
  if (!t->have_tmpdir) return;
  DIR *d = opendir(t->tmpdir);
  if (d != NULL) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      tmp_remove(t, e->d_name);
    }
    closedir(d);
  }
  rmdir(t->tmpdir);
  t->have_tmpdir = false;
}

/* Is ocamlc there, and which version? */
static bool check_ocamlc(Toplevel *t, char *version, size_t len) {
  char *argv[] = {"ocamlc", "-version", NULL};
  int st = wait_exit(spawn(t, argv, "version.txt", NULL));
  char path[1024];
  tmp_path(t, "version.txt", path, sizeof path);
  size_t n = 0;
  char *v = read_whole(path, &n);
  tmp_remove(t, "version.txt");
  if (st != 0 || v == NULL) {
    free(v);
    return false;
  }
  while (n > 0 && (v[n - 1] == '\n' || v[n - 1] == '\r')) v[--n] = 0;
  snprintf(version, len, "%s", v);
  free(v);
  return true;
}

/* Compile and load the prelude (pinned, public). */
static bool load_prelude(Toplevel *t) {
  Phrase *p = phrase_new(t, PH_PRELUDE);
  if (p == NULL || (p->module = xstrdup("Zvm_prelude")) == NULL) {
    phrase_free(p);
    return false;
  }
  /* With --no-prelude, an empty one keeps the -open list uniform. */
  size_t len = 0;
  char *src = NULL;
  if (t->no_prelude) src = xstrdup("");
  else if (t->prelude_file != NULL) src = read_whole(t->prelude_file, &len);
  else src = xstrdup(top_prelude_source());
  if (src == NULL) {
    fprintf(stderr, "zvm toplevel: cannot read the prelude %s\n", t->prelude_file ? t->prelude_file : "");
    phrase_free(p);
    return false;
  }
  if (t->prelude_file == NULL) len = strlen(src);
  char file[1024];
  tmp_path(t, "zvm_prelude.ml", file, sizeof file);
  bool ok = write_whole(file, src, len);
  free(src);
  Compiled c;
  /* The prelude opens nothing: it is compiled before it is a phrase. */
  ok = ok && compile(t, "zvm_prelude", false, &c);
  if (!ok) {
    fprintf(stderr, "zvm toplevel: the prelude does not compile:\n");
    fwrite(c.errors ? c.errors : "", 1, c.errors_len, stderr);
    compiled_free(&c);
    phrase_free(p);
    return false;
  }
  tmp_remove(t, "zvm_prelude.ml");
  char zs[1024];
  tmp_path(t, "zvm_prelude.zs", zs, sizeof zs);
  ZbcUnit *u = NULL;
  ok = asm_assemble(zs, c.listing, c.listing_len, NULL, &u, stderr);
  size_t blen = 0;
  uint8_t *bytes = ok ? zbc_write(u, &blen) : NULL;
  zbc_unit_free(u);
  LoadError err;
  snprintf(err.msg, sizeof err.msg, "cannot assemble it");
  value res = Val_unit;
  LoadStatus st = bytes ? load_buffer(t->vm, "zvm_prelude.zbc", bytes, blen, LOAD_PINNED | LOAD_PUBLIC, &res, &err)
                        : LOAD_FAILED;
  free(bytes);
  if (st != LOAD_OK) {
    fprintf(stderr, "zvm toplevel: cannot load the prelude: %s\n",
            st == LOAD_FAILED ? err.msg : "its initialisation raised an exception");
    compiled_free(&c);
    phrase_free(p);
    return false;
  }
  Segment *seg = registry_find(t->vm, "Zvm_prelude");
  p->seg_id = seg ? seg->id : 0;
  ok = sig_parse(c.sig, c.sig_len, &p->sig) && names_from_sig(p) && push_phrase(&t->ph, &t->n_ph, &t->cap_ph, p);
  compiled_free(&c);
  if (!ok) phrase_free(p);
  else update(t);
  return ok;
}

static const char usage[] =
    "usage: zvm toplevel [OPTIONS]\n"
    "\n"
    "An OCaml toplevel on zvm: each phrase is compiled by ocamlc (which must be\n"
    "on the PATH), loaded as a collectable module, and freed by the collector\n"
    "once its names are shadowed and nothing references its code.\n"
    "\n"
    "Options:\n"
    "  -e, --echo         echo each phrase after a `# ` prompt (for transcripts)\n"
    "  -I DIR             where #load finds the modules a loaded module imports,\n"
    "                     and ocamlc their .cmi files\n"
    "  --prelude FILE     compile FILE as the prelude instead of the built-in one\n"
    "  --no-prelude       start with no prelude at all\n"
    "  --trace=EVENTS     print load, unload, gc events (as zvm run)\n"
    "  -h, --help         this help\n"
    "\n"
    "Type #help;; in the toplevel for its directives.\n";

static void teardown(Toplevel *t) {
  for (size_t i = 0; i < t->n_ph; i++) phrase_free(t->ph[i]);
  for (size_t i = 0; i < t->n_ar; i++) phrase_free(t->archive[i]);
  free(t->ph);
  free(t->archive);
  for (size_t i = 0; i < t->n_inc; i++) free(t->inc[i]);
  free(t->inc);
  if (t->vm != NULL) {
    vm_flush_all_channels(t->vm);
    vm_free(t->vm);
  }
  fmt_free(t->fmt);
  remove_tmpdir(t);
}

int toplevel_main(int argc, char **argv) {
  Toplevel t = {.out = stdout, .next_number = 1};
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-e") == 0 || strcmp(a, "--echo") == 0) {
      t.echo = true;
    } else if (strcmp(a, "--prelude") == 0 && i + 1 < argc) {
      t.prelude_file = argv[++i];
    } else if (strcmp(a, "--no-prelude") == 0) {
      t.no_prelude = true;
    } else if (strcmp(a, "-I") == 0 && i + 1 < argc) {
      if (!add_inc(&t, argv[++i])) {
        fprintf(stderr, "zvm toplevel: no folder %s\n", argv[i]);
        teardown(&t);
        return 1;
      }
    } else if (strncmp(a, "--trace=", 8) == 0) {
      if (!parse_trace(a + 8, &t.trace)) {
        fprintf(stderr, "zvm toplevel: bad --trace list \"%s\" (expected load, unload, gc or all)\n", a + 8);
        teardown(&t);
        return 1;
      }
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      teardown(&t);
      return 0;
    } else {
      fprintf(stderr, "zvm toplevel: unknown option %s\nTry 'zvm toplevel --help'.\n", a);
      teardown(&t);
      return 1;
    }
  }
  const char *tmp = getenv("TMPDIR");
  snprintf(t.tmpdir, sizeof t.tmpdir, "%s/zvm-toplevel-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (mkdtemp(t.tmpdir) == NULL) {
    fprintf(stderr, "zvm toplevel: cannot create a temporary folder: %s\n", strerror(errno));
    return 1;
  }
  t.have_tmpdir = true;
  char version[64];
  if (!check_ocamlc(&t, version, sizeof version)) {
    fprintf(stderr,
            "zvm toplevel: ocamlc was not found on the PATH. The toplevel compiles each phrase\n"
            "with OCaml's bytecode compiler: install OCaml 4.13 (e.g. apt-get install ocaml-nox).\n");
    teardown(&t);
    return 1;
  }
  if (strncmp(version, "4.13", 4) != 0)
    fprintf(stderr, "zvm toplevel: warning: ocamlc %s found; zvm runs OCaml 4.13 bytecode\n", version);
  t.vm = vm_new();
  t.fmt = fmt_new(stdout);
  if (t.vm == NULL || t.fmt == NULL || !vm_read_params(t.vm)) {
    if (t.vm != NULL && t.fmt != NULL) fprintf(stderr, "zvm toplevel: out of memory\n");
    teardown(&t);
    return 1;
  }
  t.vm->trace |= t.trace;
  t.vm->trace_out = stdout;
  t.interactive = isatty(0) && isatty(1);
  if (!load_prelude(&t)) {
    teardown(&t);
    return 1;
  }
  if (t.interactive) printf("        zvm %s toplevel (ocamlc %s)\n\n", ZVM_VERSION, version);
  session(&t, stdin);
  int status = t.status;
  teardown(&t);
  fflush(stdout);
  return status;
}
