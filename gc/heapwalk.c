/* Walking the heap graph (see heapwalk.h). */
#include "heapwalk.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../loader/segment.h"
#include "../vm/interp.h"
#include "../vm/opcodes.h"
#include "../vm/vm.h"

/* ---- Roots --------------------------------------------------------------- */

static void emit_root(void (*fn)(void *, const HwRoot *), void *ctx, HwRootKind kind,
                      uint32_t index, const char *name, value v) {
  if (!Is_block(v)) return;
  HwRoot r = {kind, index, name, v};
  fn(ctx, &r);
}

/* The root kinds of vm_mark_roots (vm/roots.c), in its order; a root kind
 * added there must be added here too. The stack is walked from its bottom,
 * so that slot numbers do not depend on how deep the program is. */
void heapwalk_roots(Vm *vm, void (*fn)(void *ctx, const HwRoot *root), void *ctx) {
  for (value *p = vm->stack_high; p-- > vm->sp;)
    emit_root(fn, ctx, HW_ROOT_STACK, (uint32_t)(vm->stack_high - 1 - p), NULL, *p);
  for (int i = 0; i < vm->n_local_roots; i++)
    emit_root(fn, ctx, HW_ROOT_LOCAL, (uint32_t)i, NULL, *vm->local_roots[i]);
  for (NamedValue *nv = vm->named_values; nv != NULL; nv = nv->next)
    emit_root(fn, ctx, HW_ROOT_NAMED, 0, nv->name, nv->val);
  for (uint32_t i = 0; i < vm->globals_top; i++)
    if (vm->slot_owner[i] == SLOT_PERMANENT) emit_root(fn, ctx, HW_ROOT_PERMANENT, i, NULL, vm->globals[i]);
  for (Segment *s = vm->segments; s != NULL; s = s->next)
    if (s->flags & SEG_PINNED) emit_root(fn, ctx, HW_ROOT_PINNED, s->id, NULL, s->self);
  for (uint32_t i = 0; i < vm->n_handles; i++)
    if (vm->handles_in_use[i]) emit_root(fn, ctx, HW_ROOT_HANDLE, i + 1, NULL, vm->handles[i]);
  emit_root(fn, ctx, HW_ROOT_ARGV, 0, NULL, vm->argv);
  emit_root(fn, ctx, HW_ROOT_EXN, 0, NULL, vm->exn_bucket);
}

/* ---- The search ------------------------------------------------------------ */

bool heapwalk_is_segment(value v) {
  return Is_block(v) && Tag_val(v) == Custom_tag && Custom_ops_val(v) == &segment_ops;
}

static size_t hash_block(value v, size_t cap) {
  uint64_t h = (uint64_t)v >> 3;
  h *= 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 20) & (cap - 1);
}

int32_t heapwalk_find(const HeapGraph *g, value v) {
  if (g == NULL || !Is_block(v) || g->table_cap == 0) return -1;
  if (Tag_val(v) == Infix_tag) v -= (value)Infix_offset_val(v);
  for (size_t i = hash_block(v, g->table_cap);; i = (i + 1) & (g->table_cap - 1)) {
    if (g->keys[i] == 0) return -1;
    if (g->keys[i] == v) return (int32_t)(g->vals[i] - 1);
  }
}

static bool table_grow(HeapGraph *g) {
  size_t cap = g->table_cap ? g->table_cap * 2 : 1024;
  value *keys = calloc(cap, sizeof *keys);
  uint32_t *vals = calloc(cap, sizeof *vals);
  if (keys == NULL || vals == NULL) {
    free(keys);
    free(vals);
    return false;
  }
  for (size_t i = 0; i < g->table_cap; i++) {
    if (g->keys[i] == 0) continue;
    size_t j = hash_block(g->keys[i], cap);
    while (keys[j] != 0) j = (j + 1) & (cap - 1);
    keys[j] = g->keys[i];
    vals[j] = g->vals[i];
  }
  free(g->keys);
  free(g->vals);
  g->keys = keys;
  g->vals = vals;
  g->table_cap = cap;
  return true;
}

/* Reach block [v] by an edge; a block already reached keeps its first
 * (shortest) path. Returns false if memory is short. */
static bool reach(HeapGraph *g, value v, int32_t pred, uint32_t root, HwEdge edge, uint32_t index) {
  uint32_t infix = 0;
  if (Tag_val(v) == Infix_tag) {
    infix = (uint32_t)(Wosize_val(v) / 3);
    v -= (value)Infix_offset_val(v);
  }
  if ((size_t)(g->n_nodes + 1) * 2 > g->table_cap && !table_grow(g)) return false;
  size_t i = hash_block(v, g->table_cap);
  for (; g->keys[i] != 0; i = (i + 1) & (g->table_cap - 1))
    if (g->keys[i] == v) return true;
  if (g->n_nodes == g->nodes_cap) {
    if (g->nodes_cap >= (uint32_t)INT32_MAX / 2) return false;
    uint32_t cap = g->nodes_cap ? g->nodes_cap * 2 : 256;
    HwNode *n = realloc(g->nodes, cap * sizeof *n);
    if (n == NULL) return false;
    g->nodes = n;
    g->nodes_cap = cap;
  }
  g->keys[i] = v;
  g->vals[i] = g->n_nodes + 1;
  g->nodes[g->n_nodes++] = (HwNode){v, pred, root, edge, index, infix};
  return true;
}

typedef struct RootCollector {
  HeapGraph *g;
  bool oom;
} RootCollector;

static void collect_root(void *ctx, const HwRoot *r) {
  RootCollector *c = ctx;
  HeapGraph *g = c->g;
  if (c->oom) return;
  if (g->n_roots == g->roots_cap) {
    uint32_t cap = g->roots_cap ? g->roots_cap * 2 : 64;
    HwRoot *n = realloc(g->roots, cap * sizeof *n);
    if (n == NULL) {
      c->oom = true;
      return;
    }
    g->roots = n;
    g->roots_cap = cap;
  }
  g->roots[g->n_roots++] = *r;
}

/* The word a threaded RESTART instruction holds: partial applications
 * point their code at one (the interpreter's GRAB builds them so). */
static opcode_t threaded_restart(Vm *vm) { return interp_threaded(vm, OP_RESTART); }

/* Is closure [c] a partial application? Its code pointer then points at
 * a RESTART, and it holds [code, info, closure, args...]. The code word is
 * read only if it lies inside a live segment. */
static bool is_pap(Vm *vm, value c, opcode_t restart) {
  if (Wosize_val(c) < 3 || Start_env_closinfo(Closinfo_val(c)) != 2) return false;
  code_t pc = Code_val(c);
  return segment_of_pc(vm, pc) != NULL && *pc == restart;
}

/* Reach every child of node [i]. */
static bool expand(Vm *vm, HeapGraph *g, uint32_t i, opcode_t restart) {
  value v = g->nodes[i].v;
  int32_t me = (int32_t)i;
  header_t hd = Hd_val(v);
  tag_t tag = Tag_hd(hd);
  mlsize_t size = Wosize_hd(hd);
  if (tag == Custom_tag) {
    if (!heapwalk_is_segment(v)) return true; /* other custom blocks hold no values */
    const Segment *seg = Segment_val(v);
    for (uint32_t k = 0; k < seg->n_slots; k++) {
      value f = vm->globals[seg->slots[k]];
      if (Is_block(f) && !reach(g, f, me, 0, HW_EDGE_SLOT, k)) return false;
    }
    for (uint32_t k = 0; k < seg->n_imports; k++) {
      value f = seg->imports[k];
      if (Is_block(f) && !reach(g, f, me, 0, HW_EDGE_IMPORT, k)) return false;
    }
    return true;
  }
  if (tag >= No_scan_tag) return true;
  if (tag == Closure_tag) {
    bool pap = is_pap(vm, v, restart);
    for (mlsize_t k = Start_env_closinfo(Closinfo_val(v)); k < size; k++) {
      value f = Field(v, k);
      if (!Is_block(f)) continue;
      HwEdge e = HW_EDGE_ENV;
      uint32_t idx = (uint32_t)k;
      if (k == size - 1 && heapwalk_is_segment(f)) e = HW_EDGE_CODE;
      else if (pap && k == 2) e = HW_EDGE_PAP_FUN;
      else if (pap) e = HW_EDGE_PAP_ARG, idx = (uint32_t)(k - 3);
      if (!reach(g, f, me, 0, e, idx)) return false;
    }
    return true;
  }
  for (mlsize_t k = 0; k < size; k++) {
    value f = Field(v, k);
    if (Is_block(f) && !reach(g, f, me, 0, HW_EDGE_FIELD, (uint32_t)k)) return false;
  }
  return true;
}

void heapwalk_free(HeapGraph *g) {
  if (g == NULL) return;
  free(g->roots);
  free(g->nodes);
  free(g->keys);
  free(g->vals);
  free(g);
}

HeapGraph *heapwalk_build(Vm *vm) {
  if (vm->heap.collecting) return NULL;
  HeapGraph *g = calloc(1, sizeof *g);
  if (g == NULL) return NULL;
  RootCollector c = {g, false};
  heapwalk_roots(vm, collect_root, &c);
  if (c.oom || !table_grow(g)) {
    heapwalk_free(g);
    return NULL;
  }
  for (uint32_t r = 0; r < g->n_roots; r++)
    if (!reach(g, g->roots[r].v, -1, r, HW_EDGE_ROOT, 0)) goto oom;
  opcode_t restart = threaded_restart(vm);
  /* Breadth first: the node array is the queue. The whole reachable heap
   * is walked (not just up to the last segment), so that pictures can
   * show what surrounds the paths too. */
  for (uint32_t i = 0; i < g->n_nodes; i++)
    if (!expand(vm, g, i, restart)) goto oom;
  return g;
oom:
  heapwalk_free(g);
  return NULL;
}

/* ---- Words ------------------------------------------------------------------ */

/* A small string builder over a fixed buffer (always NUL-terminated). */
typedef struct Buf {
  char *p;
  size_t len, used;
} Buf;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void bprintf(Buf *b, const char *fmt, ...) {
  if (b->len == 0 || b->used >= b->len - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b->p + b->used, b->len - b->used, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  b->used += (size_t)n;
  if (b->used >= b->len) b->used = b->len - 1;
}

static int by_id(const void *a, const void *b) {
  uint32_t x = (*(Segment *const *)a)->id, y = (*(Segment *const *)b)->id;
  return (x > y) - (x < y);
}

/* The live segments, oldest first (malloc'ed; NULL if there are none or
 * memory is short). */
static Segment **segments_by_id(Vm *vm, size_t *n) {
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

/* The segment whose module block is [v], if any. */
static const Segment *module_segment(Vm *vm, value v) {
  for (const Segment *s = vm->segments; s != NULL; s = s->next)
    if (s->n_slots > 0 && vm->globals[s->slots[0]] == v) return s;
  return NULL;
}

static void root_label(Vm *vm, const HeapGraph *g, uint32_t r, const HwNamer *nm, Buf *b) {
  const HwRoot *root = &g->roots[r];
  switch (root->kind) {
  case HW_ROOT_STACK: bprintf(b, "stack slot %u", root->index); break;
  case HW_ROOT_LOCAL: bprintf(b, "C local root %u", root->index); break;
  case HW_ROOT_NAMED: bprintf(b, "named value \"%s\"", root->name); break;
  case HW_ROOT_PERMANENT: bprintf(b, "predefined exception (global %u)", root->index); break;
  case HW_ROOT_PINNED: bprintf(b, "pinned"); break;
  case HW_ROOT_HANDLE: {
    bprintf(b, "handle %u", root->index);
    char extra[160];
    if (nm != NULL && nm->handle != NULL && nm->handle(nm->ctx, root->index, extra, sizeof extra))
      bprintf(b, " (%s)", extra);
    break;
  }
  case HW_ROOT_ARGV: bprintf(b, "Sys.argv"); break;
  case HW_ROOT_EXN: bprintf(b, "exception in flight"); break;
  }
  (void)vm;
}

/* The name a host gives field [index] of [seg]'s module block. */
static bool field_name(const HwNamer *nm, const Segment *seg, uint32_t index, char *buf, size_t len) {
  return nm != NULL && nm->field != NULL && nm->field(nm->ctx, seg, index, buf, len);
}

/* "Top_3.g" when node [i] is a named field of a module block. */
static bool node_name(Vm *vm, const HeapGraph *g, int32_t i, const HwNamer *nm, Buf *b) {
  const HwNode *n = &g->nodes[i];
  if (n->pred < 0 || n->edge != HW_EDGE_FIELD) return false;
  const Segment *seg = module_segment(vm, g->nodes[n->pred].v);
  char name[128];
  if (seg == NULL || !field_name(nm, seg, n->index, name, sizeof name)) return false;
  bprintf(b, "%s.%s", seg->name, name);
  return true;
}

static void describe_node(Vm *vm, const HeapGraph *g, int32_t i, Buf *b) {
  value v = g->nodes[i].v;
  header_t hd = Hd_val(v);
  tag_t tag = Tag_hd(hd);
  mlsize_t size = Wosize_hd(hd);
  if (heapwalk_is_segment(v)) {
    const Segment *s = Segment_val(v);
    bprintf(b, "segment %u (%s)", s->id, s->name);
    return;
  }
  const Segment *ms = module_segment(vm, v);
  if (ms != NULL) {
    bprintf(b, "module block of %s", ms->name);
    return;
  }
  switch (tag) {
  case Closure_tag: {
    if (is_pap(vm, v, threaded_restart(vm))) {
      bprintf(b, "partial application");
      break;
    }
    const Segment *cs = segment_of_pc(vm, Code_val(v));
    if (cs != NULL) bprintf(b, "closure of segment %u", cs->id);
    else bprintf(b, "closure");
    break;
  }
  case String_tag: bprintf(b, "string"); break;
  case Double_tag: bprintf(b, "float"); break;
  case Double_array_tag: bprintf(b, "float array"); break;
  case Object_tag:
    if (size == 2 && Is_block(Field(v, 0)) && Tag_val(Field(v, 0)) == String_tag)
      bprintf(b, "exception %s", String_val(Field(v, 0)));
    else
      bprintf(b, "object");
    break;
  case Custom_tag: {
    const CustomOps *ops = Custom_ops_val(v);
    bprintf(b, "custom block %s", ops != NULL ? ops->identifier : "?");
    break;
  }
  default:
    if (size == 0) bprintf(b, "atom %u", tag);
    else bprintf(b, "block (tag %u, %lu field%s)", tag, (unsigned long)size, size == 1 ? "" : "s");
    break;
  }
}

/* The edge that reached node [n], as "field 1: f", "code", "slot 0"... */
static void describe_edge_of(Vm *vm, const HeapGraph *g, const HwNode *n, const HwNamer *nm, Buf *b) {
  switch (n->edge) {
  case HW_EDGE_ROOT: break;
  case HW_EDGE_FIELD: {
    bprintf(b, "field %u", n->index);
    const Segment *seg = module_segment(vm, g->nodes[n->pred].v);
    char name[128];
    if (seg != NULL && field_name(nm, seg, n->index, name, sizeof name)) bprintf(b, ": %s", name);
    break;
  }
  case HW_EDGE_ENV: bprintf(b, "env %u", n->index); break;
  case HW_EDGE_CODE: bprintf(b, "code"); break;
  case HW_EDGE_PAP_FUN: bprintf(b, "applies"); break;
  case HW_EDGE_PAP_ARG: bprintf(b, "argument %u", n->index); break;
  case HW_EDGE_SLOT: bprintf(b, n->index == 0 ? "slot 0" : "slot %u: literal", n->index); break;
  case HW_EDGE_IMPORT: bprintf(b, "import"); break;
  }
  if (n->infix > 0) bprintf(b, ", function %u of a let rec", n->infix);
}

static void describe_edge(Vm *vm, const HeapGraph *g, int32_t i, const HwNamer *nm, Buf *b) {
  describe_edge_of(vm, g, &g->nodes[i], nm, b);
}

/* The nodes of the path to node [t], root first; returns their count. */
static uint32_t path_to(const HeapGraph *g, int32_t t, int32_t **out) {
  uint32_t n = 0;
  for (int32_t i = t; i >= 0; i = g->nodes[i].pred) n++;
  int32_t *p = malloc(n * sizeof *p);
  if (p == NULL) return 0;
  uint32_t k = n;
  for (int32_t i = t; i >= 0; i = g->nodes[i].pred) p[--k] = i;
  *out = p;
  return n;
}

void heapwalk_kept_by(Vm *vm, const HeapGraph *g, const Segment *seg, const HwNamer *nm, char *buf,
                      size_t len) {
  Buf b = {buf, len, 0};
  if (len > 0) buf[0] = 0;
  int32_t t = heapwalk_find(g, seg->self);
  if (t < 0) {
    bprintf(&b, "nothing: the next GC frees it");
    return;
  }
  int32_t *p = NULL;
  uint32_t n = path_to(g, t, &p);
  if (n == 0) return;
  const HwNode *last = &g->nodes[t];
  if (n >= 2) {
    int32_t holder = p[n - 2];
    if (last->edge == HW_EDGE_IMPORT) {
      bprintf(&b, "import by ");
      describe_node(vm, g, holder, &b);
    } else if (last->edge == HW_EDGE_CODE) {
      char name[160];
      Buf nb = {name, sizeof name, 0};
      if (node_name(vm, g, holder, nm, &nb)) {
        bprintf(&b, "closure %s", name);
      } else if (n >= 3) {
        bprintf(&b, "closure in ");
        if (!node_name(vm, g, p[n - 3], nm, &b)) describe_node(vm, g, p[n - 3], &b);
      } else {
        bprintf(&b, "closure");
      }
    } else {
      describe_node(vm, g, holder, &b);
    }
    bprintf(&b, ", from ");
  }
  root_label(vm, g, g->nodes[p[0]].root, nm, &b);
  free(p);
}

void heapwalk_print_path(Vm *vm, const HeapGraph *g, const Segment *seg, const HwNamer *nm,
                         int indent, FILE *out) {
  int32_t t = heapwalk_find(g, seg->self);
  if (t < 0) {
    fprintf(out, "%*ssegment %u (%s) is unreachable: the next GC frees it\n", indent, "", seg->id,
            seg->name);
    return;
  }
  int32_t *p = NULL;
  uint32_t n = path_to(g, t, &p);
  if (n == 0) return;
  char line[256];
  Buf b = {line, sizeof line, 0};
  root_label(vm, g, g->nodes[p[0]].root, nm, &b);
  fprintf(out, "%*s%s\n", indent, "", line);
  /* Node descriptions, padded so that the edges line up. */
  int width = 0;
  for (uint32_t k = 0; k < n; k++) {
    b = (Buf){line, sizeof line, 0};
    describe_node(vm, g, p[k], &b);
    if ((int)b.used > width) width = (int)b.used;
  }
  for (uint32_t k = 0; k < n; k++) {
    b = (Buf){line, sizeof line, 0};
    describe_node(vm, g, p[k], &b);
    char edge[192];
    Buf e = {edge, sizeof edge, 0};
    describe_edge(vm, g, p[k], nm, &e);
    if (e.used == 0) fprintf(out, "%*s-> %s\n", indent, "", line);
    else fprintf(out, "%*s-> %-*s  [%s]\n", indent, "", width, line, edge);
  }
  free(p);
}

/* ---- Pictures --------------------------------------------------------------- */

/* Write [s] as the inside of a DOT string: quotes and backslashes
 * escaped, newlines as \n. */
static void dot_escape(FILE *out, const char *s) {
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', out), fputc(*s, out);
    else if (*s == '\n') fputs("\\n", out);
    else if ((unsigned char)*s < 32) fputc(' ', out);
    else fputc(*s, out);
  }
}

static void dot_segment(FILE *out, const Segment *s, bool reached) {
  fprintf(out, "  s%u [shape=box, ", s->id);
  if (!reached)
    fputs("style=\"filled,dashed\", color=\"#888888\", fillcolor=\"#eeeeee\", fontcolor=\"#666666\"", out);
  else if (s->flags & SEG_PINNED)
    fputs("style=\"filled,bold\", peripheries=2, fillcolor=\"#ffd591\"", out);
  else
    fputs("style=\"filled,bold\", penwidth=2, fillcolor=\"#ffd591\"", out);
  fprintf(out, ", label=\"segment %u\\n", s->id);
  dot_escape(out, s->name);
  fprintf(out, "\\n%u code words, %u slot%s\\n%s%s", s->code_words, s->n_slots,
          s->n_slots == 1 ? "" : "s", (s->flags & SEG_PINNED) ? "pinned (a root)" : "collectable",
          (s->flags & SEG_PUBLIC) ? ", public" : "");
  if (!reached) fputs("\\nunreachable: the next GC frees it", out);
  fputs("\"];\n", out);
}

/* The DOT name of node [i]: segments by id, other blocks by node number. */
static void dot_name(const HeapGraph *g, int32_t i, char *buf, size_t len) {
  value v = g->nodes[i].v;
  if (heapwalk_is_segment(v)) snprintf(buf, len, "s%u", Segment_val(v)->id);
  else snprintf(buf, len, "n%d", i);
}

/* An edge of the picture: node [to] reached from node [from] by the edge
 * recorded in [via] (a node whose pred, edge and index describe it). */
typedef struct DotEdge {
  int32_t from, to;
  HwEdge edge;
  uint32_t index, infix;
} DotEdge;

typedef struct DotEdges {
  DotEdge *e;
  size_t n, cap;
  bool oom;
} DotEdges;

static void add_edge(DotEdges *d, DotEdge e) {
  for (size_t i = 0; i < d->n; i++)
    if (d->e[i].from == e.from && d->e[i].to == e.to && d->e[i].edge == e.edge && d->e[i].index == e.index)
      return;
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    DotEdge *a = realloc(d->e, cap * sizeof *a);
    if (a == NULL) {
      d->oom = true;
      return;
    }
    d->e = a;
    d->cap = cap;
  }
  d->e[d->n++] = e;
}

/* A drawn object: its description, and its name if it is (one of) the
 * named fields of a module block, found from its own edge or from any
 * field edge drawn to it. */
static void dot_object(Vm *vm, const HeapGraph *g, int32_t i, const HwNamer *nm, const DotEdges *edges,
                       FILE *out) {
  char label[256], name[160];
  Buf b = {label, sizeof label, 0};
  describe_node(vm, g, i, &b);
  Buf nb = {name, sizeof name, 0};
  bool named = node_name(vm, g, i, nm, &nb);
  for (size_t k = 0; !named && k < edges->n; k++) {
    const DotEdge *e = &edges->e[k];
    if (e->to != i || e->edge != HW_EDGE_FIELD) continue;
    const Segment *ms = module_segment(vm, g->nodes[e->from].v);
    char fname[128];
    if (ms != NULL && field_name(nm, ms, e->index, fname, sizeof fname)) {
      snprintf(name, sizeof name, "%s.%s", ms->name, fname);
      named = true;
    }
  }
  value v = g->nodes[i].v;
  bool closure = Tag_val(v) == Closure_tag;
  fprintf(out, "  n%d [shape=%s, style=filled, fillcolor=\"%s\", label=\"", i,
          closure ? "ellipse" : "box", closure ? "#d9f2d0" : "#f2f2f2");
  dot_escape(out, label);
  if (named) {
    fputs("\\n", out);
    dot_escape(out, name);
  }
  fputs("\"];\n", out);
}

/* Most fields of a module block drawn, so that big modules stay readable. */
#define DOT_MODULE_FIELDS 12

bool heapwalk_write_dot(Vm *vm, const HeapGraph *g, const HwNamer *nm, const char *title, FILE *out) {
  uint8_t *drawn = calloc(g->n_nodes + 1, 1);
  uint8_t *root_drawn = calloc(g->n_roots + 1, 1);
  DotEdges edges = {0};
  size_t n_segs = 0;
  Segment **segs = segments_by_id(vm, &n_segs);
  if (drawn == NULL || root_drawn == NULL || (n_segs > 0 && segs == NULL)) {
    free(drawn);
    free(root_drawn);
    free(segs);
    return false;
  }
  /* 1. The shortest path to every reached segment. Code and import edges
   * are added for all drawn objects below, so they are not taken here. */
  for (uint32_t i = 0; i < g->n_nodes; i++) {
    if (!heapwalk_is_segment(g->nodes[i].v)) continue;
    for (int32_t k = (int32_t)i; k >= 0 && !drawn[k]; k = g->nodes[k].pred) {
      const HwNode *n = &g->nodes[k];
      drawn[k] = 1;
      if (n->pred < 0) root_drawn[n->root] = 1;
      else if (n->edge != HW_EDGE_CODE && n->edge != HW_EDGE_IMPORT)
        add_edge(&edges, (DotEdge){n->pred, k, n->edge, n->index, n->infix});
    }
  }
  /* 2. Inside each collectable segment: its module block and the closures
   * the block holds, which shows the cycle segment -> module -> closure ->
   * segment that only the segment's death breaks. */
  for (size_t j = 0; j < n_segs; j++) {
    const Segment *s = segs[j];
    int32_t si = heapwalk_find(g, s->self);
    if (si < 0 || (s->flags & SEG_PINNED) || s->n_slots == 0) continue;
    value m = vm->globals[s->slots[0]];
    int32_t mi = heapwalk_find(g, m);
    if (mi < 0 || Tag_val(m) != 0) continue;
    drawn[mi] = 1;
    add_edge(&edges, (DotEdge){si, mi, HW_EDGE_SLOT, 0, 0});
    mlsize_t size = Wosize_val(m);
    for (mlsize_t k = 0; k < size && k < DOT_MODULE_FIELDS; k++) {
      value f = Field(m, k);
      if (!Is_block(f) || (Tag_val(f) != Closure_tag && Tag_val(f) != Infix_tag)) continue;
      int32_t fi = heapwalk_find(g, f);
      if (fi < 0) continue;
      drawn[fi] = 1;
      uint32_t infix = Tag_val(f) == Infix_tag ? (uint32_t)(Wosize_val(f) / 3) : 0;
      add_edge(&edges, (DotEdge){mi, fi, HW_EDGE_FIELD, (uint32_t)k, infix});
    }
  }
  /* 3. Each drawn closure to the segment of its code. */
  for (uint32_t i = 0; i < g->n_nodes; i++) {
    value v = g->nodes[i].v;
    if (!drawn[i] || Tag_val(v) != Closure_tag) continue;
    mlsize_t size = Wosize_val(v);
    if (size <= Start_env_closinfo(Closinfo_val(v)) || !heapwalk_is_segment(Field(v, size - 1))) continue;
    int32_t si = heapwalk_find(g, Field(v, size - 1));
    if (si >= 0) add_edge(&edges, (DotEdge){(int32_t)i, si, HW_EDGE_CODE, 0, 0});
  }
  /* 4. Imports between reached segments. */
  for (size_t j = 0; j < n_segs; j++) {
    int32_t si = heapwalk_find(g, segs[j]->self);
    if (si < 0) continue;
    for (uint32_t k = 0; k < segs[j]->n_imports; k++) {
      int32_t ti = heapwalk_find(g, segs[j]->imports[k]);
      if (ti >= 0) add_edge(&edges, (DotEdge){si, ti, HW_EDGE_IMPORT, 0, 0});
    }
  }

  fputs("digraph zvm_heap {\n", out);
  fputs("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.25, ranksep=0.45", out);
  if (title != NULL && *title) {
    fputs(", labelloc=t, label=\"", out);
    dot_escape(out, title);
    fputs("\"", out);
  }
  fputs("];\n", out);
  fputs("  node [fontname=\"Helvetica\", fontsize=10];\n", out);
  fputs("  edge [fontname=\"Helvetica\", fontsize=9];\n", out);
  fputs("  /* roots */\n", out);
  for (uint32_t r = 0; r < g->n_roots; r++) {
    if (!root_drawn[r] || g->roots[r].kind == HW_ROOT_PINNED) continue;
    char label[256];
    Buf b = {label, sizeof label, 0};
    root_label(vm, g, r, nm, &b);
    fprintf(out, "  r%u [shape=box, style=\"rounded,filled\", fillcolor=\"#cfe2f3\", label=\"", r);
    dot_escape(out, label);
    fputs("\"];\n", out);
  }
  fputs("  /* segments, oldest first; dashed: unreachable */\n", out);
  for (size_t k = 0; k < n_segs; k++) dot_segment(out, segs[k], heapwalk_find(g, segs[k]->self) >= 0);
  fputs("  /* objects */\n", out);
  for (uint32_t i = 0; i < g->n_nodes; i++)
    if (drawn[i] && !heapwalk_is_segment(g->nodes[i].v)) dot_object(vm, g, (int32_t)i, nm, &edges, out);
  fputs("  /* references */\n", out);
  for (uint32_t i = 0; i < g->n_nodes; i++) {
    const HwNode *n = &g->nodes[i];
    if (drawn[i] && n->pred < 0 && g->roots[n->root].kind != HW_ROOT_PINNED) {
      char to[32];
      dot_name(g, (int32_t)i, to, sizeof to);
      fprintf(out, "  r%u -> %s;\n", n->root, to);
    }
  }
  for (size_t k = 0; k < edges.n; k++) {
    const DotEdge *e = &edges.e[k];
    char from[32], to[32];
    dot_name(g, e->from, from, sizeof from);
    dot_name(g, e->to, to, sizeof to);
    switch (e->edge) {
    case HW_EDGE_CODE:
      fprintf(out, "  %s -> %s [label=\"code\", color=\"#c62828\", fontcolor=\"#c62828\", penwidth=2.5];\n",
              from, to);
      break;
    case HW_EDGE_IMPORT:
      fprintf(out, "  %s -> %s [label=\"imports\", style=dashed, color=\"#1565c0\", fontcolor=\"#1565c0\"];\n",
              from, to);
      break;
    default: {
      /* Describe the edge as if it were the node's own. */
      HwNode tmp = g->nodes[e->to];
      tmp.pred = e->from;
      tmp.edge = e->edge;
      tmp.index = e->index;
      tmp.infix = e->infix;
      char label[192];
      Buf b = {label, sizeof label, 0};
      describe_edge_of(vm, g, &tmp, nm, &b);
      fprintf(out, "  %s -> %s [label=\"", from, to);
      dot_escape(out, label);
      fprintf(out, "\"%s];\n", e->edge == HW_EDGE_SLOT ? ", color=\"#777777\", fontcolor=\"#555555\"" : "");
    }
    }
  }
  fputs("}\n", out);
  free(edges.e);
  free(segs);
  free(drawn);
  free(root_drawn);
  return !edges.oom && !ferror(out);
}
