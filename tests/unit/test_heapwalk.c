/* The heap walk (gc/heapwalk.h): roots, shortest paths to segments with
 * the right edge kinds, the one-line summaries, the DOT picture, and that
 * walking leaves the collector's state alone. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../gc/gc_internal.h"
#include "../../gc/heapwalk.h"
#include "../../loader/segment.h"
#include "../../vm/alloc.h"
#include "../../vm/vm.h"
#include "../../vm/zvm.h"
#include "harness.h"

static Vm *vm;
static void setup(void) { vm = tb_vm_new(); }
static void teardown(void) { vm_free(vm); }
TestSuite(heapwalk, .init = setup, .fini = teardown);

/* ---- Modules to walk -------------------------------------------------------------- */

/* Module [name] = struct let f x = x + 1 end, collectable and public: its
 * block holds one closure, whose last field is the segment. */
static value load_closure_module(const char *name) {
  TB *b = tb_new(name);
  int init = tb_label(b), f = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  tb_place(b, f);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, 1);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, f);
  tb_op1(b, OP_MAKEBLOCK1, 0);
  tb_result(b);
  TbRun r = tb_run(vm, b, LOAD_PUBLIC);
  cr_assert_eq(r.status, LOAD_OK, "%s", r.error);
  return r.value;
}

/* Module [name] = struct let add a b = a + b end: a function of two
 * parameters, so that applying it to one makes a partial application. */
static value load_add_module(const char *name) {
  TB *b = tb_new(name);
  int init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int f = tb_function(b, 2);
  tb_op(b, OP_ACC1);
  tb_op(b, OP_PUSHACC1);
  tb_op(b, OP_ADDINT);
  tb_op1(b, OP_RETURN, 2);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, f);
  tb_op1(b, OP_MAKEBLOCK1, 0);
  tb_result(b);
  TbRun r = tb_run(vm, b, LOAD_PUBLIC);
  cr_assert_eq(r.status, LOAD_OK, "%s", r.error);
  return r.value;
}

/* Module [name] = struct let rec even n = ... and odd n = ... end, as a
 * block [odd; even]: field 0 is an infix pointer. */
static value load_rec_module(const char *name) {
  TB *b = tb_new(name);
  int init = tb_label(b), f0 = tb_label(b), f1 = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  tb_place(b, f0);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, f1);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  int labels[2] = {f0, f1};
  tb_closurerec(b, OP_CLOSUREREC, 0, 2, labels);
  /* stack: [infix odd; even] */
  tb_op(b, OP_ACC1);
  tb_op(b, OP_PUSHACC1);
  tb_op1(b, OP_MAKEBLOCK2, 0);
  tb_op1(b, OP_POP, 2);
  tb_result(b);
  TbRun r = tb_run(vm, b, LOAD_PUBLIC);
  cr_assert_eq(r.status, LOAD_OK, "%s", r.error);
  return r.value;
}

/* Module [name] = struct let x = A.f end: it imports A. */
static value load_importer(const char *name, const char *imported) {
  TB *b = tb_new(name);
  tb_import(b, imported);
  tb_global(b, OP_GETGLOBAL, imported, 0);
  tb_op1(b, OP_GETFIELD, 0);
  tb_op1(b, OP_MAKEBLOCK1, 0);
  tb_result(b);
  TbRun r = tb_run(vm, b, LOAD_PUBLIC);
  cr_assert_eq(r.status, LOAD_OK, "%s", r.error);
  return r.value;
}

static Segment *seg(const char *name) {
  Segment *s = registry_find(vm, name);
  cr_assert_not_null(s, "no module %s", name);
  return s;
}

/* A handle on any value (as the toplevel holds segments). */
static zvm_handle hold(value v) {
  zvm_handle h = zvm_of_int(vm, 0);
  cr_assert_neq(h, 0);
  vm->handles[h - 1] = v;
  return h;
}

static HeapGraph *walk(void) {
  HeapGraph *g = heapwalk_build(vm);
  cr_assert_not_null(g);
  return g;
}

/* The path to [v] as "EDGE EDGE ..." (kinds, root first). */
static void path_kinds(const HeapGraph *g, value v, char *buf, size_t len) {
  static const char *const names[] = {"root", "field", "env", "code", "pap-fun", "pap-arg", "slot", "import"};
  int32_t i = heapwalk_find(g, v);
  cr_assert_geq(i, 0, "not reached");
  const char *steps[64];
  int n = 0;
  for (; i >= 0 && n < 64; i = g->nodes[i].pred) steps[n++] = names[g->nodes[i].edge];
  buf[0] = 0;
  for (int k = n; k-- > 0;) {
    strncat(buf, steps[k], len - strlen(buf) - 1);
    if (k > 0) strncat(buf, " ", len - strlen(buf) - 1);
  }
}

static char *print_path(const HeapGraph *g, const Segment *s) {
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  cr_assert_not_null(f);
  heapwalk_print_path(vm, g, s, NULL, 0, f);
  fclose(f);
  return out;
}

/* ---- Roots ---------------------------------------------------------------------------- */

typedef struct Seen {
  HwRoot r[64];
  int n;
} Seen;

static void collect(void *ctx, const HwRoot *r) {
  Seen *s = ctx;
  if (s->n < 64) s->r[s->n++] = *r;
}

Test(heapwalk, roots_are_those_marking_starts_from) {
  value a = caml_try_alloc(vm, 2, 0), b = caml_try_alloc(vm, 1, 0);
  cr_assert(a && b);
  ROOTS_BEGIN(vm);
  ROOT(vm, b);
  /* Two stack words: an integer (skipped) and a block. */
  *--vm->sp = a;
  *--vm->sp = Val_int(7);
  zvm_handle h = hold(a);
  Seen s = {0};
  heapwalk_roots(vm, collect, &s);
  /* stack slot 0 (the first pushed), the local root, the 12 predefined
   * exceptions, the handle; Sys.argv is () here. */
  cr_assert_eq(s.n, 1 + 1 + EXN_COUNT + 1, "%d roots", s.n);
  cr_assert_eq(s.r[0].kind, HW_ROOT_STACK);
  cr_assert_eq(s.r[0].index, 0u);
  cr_assert_eq(s.r[0].v, a);
  cr_assert_eq(s.r[1].kind, HW_ROOT_LOCAL);
  cr_assert_eq(s.r[1].v, b);
  for (int i = 0; i < EXN_COUNT; i++) {
    cr_assert_eq(s.r[2 + i].kind, HW_ROOT_PERMANENT);
    cr_assert_eq(s.r[2 + i].index, (uint32_t)i);
  }
  cr_assert_eq(s.r[2 + EXN_COUNT].kind, HW_ROOT_HANDLE);
  cr_assert_eq(s.r[2 + EXN_COUNT].index, h);
  vm->sp += 2;
  ROOTS_END(vm);
}

Test(heapwalk, pinned_segments_are_roots) {
  TB *b = tb_new("Main");
  tb_op(b, OP_ATOM0);
  tb_result(b);
  TbRun r = tb_run(vm, b, 0); /* pinned and public */
  cr_assert_eq(r.status, LOAD_OK, "%s", r.error);
  Seen s = {0};
  heapwalk_roots(vm, collect, &s);
  bool found = false;
  for (int i = 0; i < s.n; i++)
    if (s.r[i].kind == HW_ROOT_PINNED) {
      cr_assert_eq(s.r[i].v, seg("Main")->self);
      cr_assert_eq(s.r[i].index, seg("Main")->id);
      found = true;
    }
  cr_assert(found);
  HeapGraph *g = walk();
  char line[256];
  heapwalk_kept_by(vm, g, seg("Main"), NULL, line, sizeof line);
  cr_assert_str_eq(line, "pinned");
  heapwalk_free(g);
}

/* ---- Paths ------------------------------------------------------------------------------ */

Test(heapwalk, a_closure_keeps_its_segment_by_its_code_edge) {
  value m = load_closure_module("Plug");
  zvm_handle hf = hold(Field(m, 0));
  HeapGraph *g = walk();
  char kinds[256];
  path_kinds(g, seg("Plug")->self, kinds, sizeof kinds);
  cr_assert_str_eq(kinds, "root code");
  char line[256];
  heapwalk_kept_by(vm, g, seg("Plug"), NULL, line, sizeof line);
  cr_assert_str_eq(line, "closure, from handle 1");
  char *p = print_path(g, seg("Plug"));
  cr_assert_str_eq(p,
                   "handle 1\n"
                   "-> closure of segment 1\n"
                   "-> segment 1 (Plug)      [code]\n");
  free(p);
  heapwalk_free(g);
  zvm_release(vm, hf);
}

Test(heapwalk, a_segment_keeps_its_module_block_and_the_block_its_closures) {
  load_closure_module("Plug");
  zvm_handle hs = hold(seg("Plug")->self);
  HeapGraph *g = walk();
  value m = vm->globals[seg("Plug")->slots[0]];
  char kinds[256];
  path_kinds(g, Field(m, 0), kinds, sizeof kinds);
  cr_assert_str_eq(kinds, "root slot field");
  char line[256];
  heapwalk_kept_by(vm, g, seg("Plug"), NULL, line, sizeof line);
  cr_assert_str_eq(line, "handle 1");
  heapwalk_free(g);
  zvm_release(vm, hs);
}

Test(heapwalk, an_importer_keeps_what_it_imports) {
  load_closure_module("A");
  zvm_handle ha = hold(seg("A")->self); /* until B imports it (GC stress) */
  load_importer("B", "A");
  zvm_handle hb = hold(seg("B")->self);
  zvm_release(vm, ha);
  HeapGraph *g = walk();
  char kinds[256];
  path_kinds(g, seg("A")->self, kinds, sizeof kinds);
  cr_assert_str_eq(kinds, "root import");
  char line[256];
  heapwalk_kept_by(vm, g, seg("A"), NULL, line, sizeof line);
  cr_assert_str_eq(line, "import by segment 2 (B), from handle 2");
  heapwalk_free(g);
  zvm_release(vm, hb);
}

Test(heapwalk, an_infix_pointer_leads_to_its_closure) {
  value m = load_rec_module("Rec");
  value infix = Field(m, 0);
  cr_assert_eq(Tag_val(infix), Infix_tag);
  zvm_handle h = hold(infix);
  HeapGraph *g = walk();
  int32_t i = heapwalk_find(g, infix);
  cr_assert_geq(i, 0);
  cr_assert_eq(g->nodes[i].v, Field(m, 1), "the node is the enclosing closure");
  cr_assert_eq(g->nodes[i].infix, 1u);
  cr_assert_eq(heapwalk_find(g, Field(m, 1)), i);
  char kinds[256];
  path_kinds(g, seg("Rec")->self, kinds, sizeof kinds);
  cr_assert_str_eq(kinds, "root code");
  heapwalk_free(g);
  zvm_release(vm, h);
}

Test(heapwalk, a_partial_application_applies_its_closure) {
  value m = load_add_module("Add");
  zvm_handle mh = hold(m);
  zvm_handle add = zvm_field(vm, mh, 0), one = zvm_of_int(vm, 1), pap;
  cr_assert_eq(zvm_call(vm, add, 1, &one, &pap), ZVM_OK, "%s", zvm_last_error(vm));
  zvm_release(vm, mh);
  zvm_release(vm, add);
  HeapGraph *g = walk();
  char kinds[256];
  path_kinds(g, seg("Add")->self, kinds, sizeof kinds);
  cr_assert_str_eq(kinds, "root pap-fun code");
  char *p = print_path(g, seg("Add"));
  cr_assert(strstr(p, "-> partial application") != NULL, "%s", p);
  cr_assert(strstr(p, "[applies]") != NULL, "%s", p);
  free(p);
  heapwalk_free(g);
  /* It still computes: 1 + 41. */
  zvm_handle x = zvm_of_int(vm, 41), r;
  cr_assert_eq(zvm_call(vm, pap, 1, &x, &r), ZVM_OK);
  cr_assert_eq(zvm_to_int(vm, r), 42);
}

Test(heapwalk, the_shortest_path_wins) {
  /* The closure is held both directly by a handle and through a long
   * chain of blocks: the path is the direct one. */
  value m = load_closure_module("Plug");
  value chain = Field(m, 0);
  ROOTS_BEGIN(vm);
  ROOT(vm, chain);
  for (int i = 0; i < 10; i++) {
    value c = caml_try_alloc(vm, 1, 0);
    cr_assert_neq(c, 0);
    Field(c, 0) = chain;
    chain = c;
  }
  ROOTS_END(vm);
  zvm_handle h1 = hold(chain);
  zvm_handle h2 = hold(Field(m, 0));
  HeapGraph *g = walk();
  char kinds[256];
  path_kinds(g, seg("Plug")->self, kinds, sizeof kinds);
  cr_assert_str_eq(kinds, "root code");
  cr_assert_eq(g->roots[g->nodes[heapwalk_find(g, Field(m, 0))].root].index, h2);
  heapwalk_free(g);
  zvm_release(vm, h1);
  zvm_release(vm, h2);
}

Test(heapwalk, an_unreachable_segment_is_said_so_and_freed) {
  load_closure_module("Plug");
  Segment *s = seg("Plug");
  uint32_t id = s->id;
  HeapGraph *g = walk();
  cr_assert_lt(heapwalk_find(g, s->self), 0);
  char line[256];
  heapwalk_kept_by(vm, g, s, NULL, line, sizeof line);
  cr_assert_str_eq(line, "nothing: the next GC frees it");
  char *p = print_path(g, s);
  cr_assert_str_eq(p, "segment 1 (Plug) is unreachable: the next GC frees it\n");
  free(p);
  heapwalk_free(g);
  gc_collect(vm);
  for (Segment *t = vm->segments; t != NULL; t = t->next) cr_assert_neq(t->id, id);
}

Test(heapwalk, a_stack_slot_is_a_root) {
  value m = load_closure_module("Plug");
  *--vm->sp = Field(m, 0);
  HeapGraph *g = walk();
  char line[256];
  heapwalk_kept_by(vm, g, seg("Plug"), NULL, line, sizeof line);
  cr_assert_str_eq(line, "closure, from stack slot 0");
  heapwalk_free(g);
  vm->sp++;
}

/* The host's names appear in paths. */
static bool name_handle(void *ctx, uint32_t h, char *buf, size_t len) {
  (void)ctx;
  snprintf(buf, len, "phrase %u", h);
  return true;
}
static bool name_field(void *ctx, const Segment *s, uint32_t field, char *buf, size_t len) {
  (void)ctx;
  snprintf(buf, len, "%s_field%u", s->name, field);
  return true;
}

Test(heapwalk, hosts_name_handles_and_fields) {
  load_closure_module("Plug");
  zvm_handle h = hold(seg("Plug")->self);
  value m = vm->globals[seg("Plug")->slots[0]];
  /* A second holder of the closure, through a block. */
  value box = caml_try_alloc(vm, 1, 0);
  cr_assert_neq(box, 0);
  Field(box, 0) = Field(m, 0);
  zvm_handle hb = hold(box);
  zvm_release(vm, h);
  HeapGraph *g = walk();
  HwNamer nm = {NULL, name_handle, name_field};
  char line[256];
  heapwalk_kept_by(vm, g, seg("Plug"), &nm, line, sizeof line);
  cr_assert_str_eq(line, "closure in block (tag 0, 1 field), from handle 2 (phrase 2)");
  heapwalk_free(g);
  /* With the segment held again, the module's field is named. */
  h = hold(seg("Plug")->self);
  zvm_release(vm, hb);
  g = walk();
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  cr_assert(heapwalk_write_dot(vm, g, &nm, NULL, f));
  fclose(f);
  cr_assert(strstr(out, "label=\"field 0: Plug_field0\"") != NULL, "%s", out);
  cr_assert(strstr(out, "label=\"closure of segment 1\\nPlug.Plug_field0\"") != NULL, "%s", out);
  free(out);
  heapwalk_free(g);
  zvm_release(vm, h);
}

/* ---- Pictures ---------------------------------------------------------------------------- */

static char *dot_of(const char *title) {
  HeapGraph *g = walk();
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  cr_assert_not_null(f);
  cr_assert(heapwalk_write_dot(vm, g, NULL, title, f));
  fclose(f);
  heapwalk_free(g);
  return out;
}

Test(heapwalk, the_picture_has_segments_roots_and_code_edges) {
  value m = load_closure_module("Plug");
  zvm_handle h = hold(Field(m, 0));
  load_closure_module("Gone");
  /* Gone is garbage from now on, but still in memory: walking allocates
   * nothing, so no collection can run before the pictures. */
  Segment *gone = seg("Gone");
  cr_assert_eq(gone->id, 2u);
  char *d = dot_of("a \"quoted\" title");
  cr_assert(strncmp(d, "digraph zvm_heap {\n", 19) == 0);
  cr_assert(strstr(d, "label=\"a \\\"quoted\\\" title\"") != NULL, "%s", d);
  /* Segments by id; the unreachable one dashed. */
  cr_assert(strstr(d, "s1 [shape=box, style=\"filled,bold\", penwidth=2, fillcolor=\"#ffd591\", "
                      "label=\"segment 1\\nPlug\\n") != NULL, "%s", d);
  cr_assert(strstr(d, "s2 [shape=box, style=\"filled,dashed\"") != NULL, "%s", d);
  cr_assert(strstr(d, "unreachable: the next GC frees it") != NULL, "%s", d);
  /* The root, the closure, the code edge. */
  cr_assert(strstr(d, "label=\"handle 1\"") != NULL, "%s", d);
  cr_assert(strstr(d, "[shape=ellipse, style=filled, fillcolor=\"#d9f2d0\", label=\"closure of segment 1\"]") != NULL,
            "%s", d);
  cr_assert(strstr(d, "-> s1 [label=\"code\", color=\"#c62828\"") != NULL, "%s", d);
  cr_assert(d[strlen(d) - 2] == '}', "ends the graph");
  /* Deterministic: the same picture again. */
  char *again = dot_of("a \"quoted\" title");
  cr_assert_str_eq(d, again);
  free(again);
  free(d);
  zvm_release(vm, h);
}

Test(heapwalk, the_picture_shows_imports_between_live_segments) {
  load_closure_module("A");
  zvm_handle ha = hold(seg("A")->self);
  load_importer("B", "A");
  zvm_handle h = hold(seg("B")->self);
  zvm_release(vm, ha);
  char *d = dot_of(NULL);
  cr_assert(strstr(d, "s2 -> s1 [label=\"imports\", style=dashed") != NULL, "%s", d);
  cr_assert(strstr(d, "labelloc") == NULL, "no title");
  free(d);
  zvm_release(vm, h);
}

/* ---- Leaving the collector alone ------------------------------------------------------------ */

static void assert_white(Vm *v, value b) {
  (void)v;
  header_t c = Color_hd(Hd_val(b));
  cr_assert(c == Caml_white, "a block left colour %lu", (unsigned long)(c >> 8));
}

Test(heapwalk, walking_changes_no_colour_and_no_count) {
  value m = load_closure_module("Plug");
  zvm_handle h = hold(m);
  gc_collect(vm);
  GcStats before = vm->heap.stats;
  uint64_t alloc = vm->heap.alloc_since_gc;
  HeapGraph *g = walk();
  heapwalk_free(g);
  heap_for_each_block(vm, assert_white);
  cr_assert_eq(vm->heap.alloc_since_gc, alloc, "the walk allocates nothing on the heap");
  cr_assert_eq(vm->heap.stats.collections, before.collections);
  gc_collect(vm);
  cr_assert_eq(vm->heap.stats.live_words, before.live_words, "the same blocks are live");
  zvm_release(vm, h);
}

Test(heapwalk, no_walk_during_a_collection) {
  vm->heap.collecting = true;
  cr_assert_null(heapwalk_build(vm));
  vm->heap.collecting = false;
}

Test(heapwalk, a_long_list_is_walked_without_recursion) {
  /* 200,000 cells: a recursive walk would be 200,000 C frames deep. */
  value l = Val_emptylist;
  ROOTS_BEGIN(vm);
  ROOT(vm, l);
  for (int i = 0; i < 200000; i++) {
    value c = caml_try_alloc(vm, 2, 0);
    cr_assert_neq(c, 0);
    Field(c, 0) = Val_int(i);
    Field(c, 1) = l;
    l = c;
  }
  HeapGraph *g = walk();
  cr_assert_geq(g->n_nodes, 200000u);
  value last = l;
  while (Is_block(Field(last, 1))) last = Field(last, 1);
  int32_t i = heapwalk_find(g, last);
  cr_assert_geq(i, 0);
  int depth = 0;
  for (; i >= 0; i = g->nodes[i].pred) depth++;
  cr_assert_eq(depth, 200000, "the last cell is 200,000 steps from its root");
  heapwalk_free(g);
  ROOTS_END(vm);
}

Test(heapwalk, no_segment_no_problem) {
  HeapGraph *g = walk();
  char *d = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&d, &len);
  cr_assert(heapwalk_write_dot(vm, g, NULL, NULL, f));
  fclose(f);
  cr_assert(strstr(d, "segment") == NULL || strstr(d, "/* segments") != NULL);
  free(d);
  heapwalk_free(g);
}
