/* Walking the heap graph: why is this segment alive, and a picture of it.
 *
 * The collector only needs one bit per object (reachable or not). To teach
 * and to debug unloading we want more: for each live code segment, a
 * shortest chain of references from a root to it ("handle 4 holds segment
 * 5, whose module block holds a closure whose code is segment 3"). This
 * file computes that chain with a breadth-first search over the same graph
 * the collector marks, and renders it as text (#why, #segments in the
 * toplevel) or as a Graphviz picture (zvm run --heap-dot, #dot).
 *
 * The walk follows exactly the edges marking follows (gc/collect.c,
 * vm/roots.c, the segment's trace hook in loader/segment.c), each with a
 * label:
 *
 *   root -> block          a stack slot, a C local root, a named value, a
 *                          permanent slot, a pinned segment, a host handle,
 *                          Sys.argv, an exception in flight
 *   block -> field i       an ordinary block
 *   closure -> env i       a closure's environment (free variables)
 *   closure -> segment     a closure's last field: the segment of its code
 *                          (CLOSUREDYN); drawn as a code edge
 *   partial application -> the closure it applies, and its arguments
 *   segment -> slot i      the values of its global slots (slot 0: its
 *                          module block; then its literals)
 *   segment -> segment     its imports
 *
 * An infix pointer (the second and later functions of a let rec) leads to
 * its enclosing closure, as in marking; the edge remembers the function.
 *
 * The walk neither allocates on the OCaml heap nor touches mark bits: it
 * keeps its own table of visited blocks (malloc'ed), and uses no C
 * recursion. It must not run during a collection (heapwalk_build refuses),
 * and the graph is only valid until the program runs or allocates again.
 */
#ifndef ZVM_HEAPWALK_H
#define ZVM_HEAPWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../vm/value.h"

struct Vm;
struct Segment;

/* ---- Roots ------------------------------------------------------------- */

typedef enum HwRootKind {
  HW_ROOT_STACK,     /* a word of the value stack; index counted from the bottom */
  HW_ROOT_LOCAL,     /* a C variable pinned with ROOT; index in vm->local_roots */
  HW_ROOT_NAMED,     /* caml_register_named_value; name */
  HW_ROOT_PERMANENT, /* a permanent global slot (a predefined exception) */
  HW_ROOT_PINNED,    /* a pinned segment; index = segment id */
  HW_ROOT_HANDLE,    /* a host handle (vm/zvm.h); index = handle number */
  HW_ROOT_ARGV,      /* Sys.argv */
  HW_ROOT_EXN        /* an exception being raised from C */
} HwRootKind;

typedef struct HwRoot {
  HwRootKind kind;
  uint32_t index;
  const char *name; /* HW_ROOT_NAMED only; owned by the VM */
  value v;          /* a block */
} HwRoot;

/* Call [fn] on every root that holds a block, in the order vm/roots.c marks
 * them (so the walk, like marking, is deterministic). */
void heapwalk_roots(struct Vm *vm, void (*fn)(void *ctx, const HwRoot *root), void *ctx);

/* ---- The graph ------------------------------------------------------- */

typedef enum HwEdge {
  HW_EDGE_ROOT,    /* the block a root holds */
  HW_EDGE_FIELD,   /* field [index] of an ordinary block */
  HW_EDGE_ENV,     /* field [index] of a closure's environment */
  HW_EDGE_CODE,    /* a closure's last field: its code's segment */
  HW_EDGE_PAP_FUN, /* a partial application's closure (field 2) */
  HW_EDGE_PAP_ARG, /* a partial application's argument [index] (0-based) */
  HW_EDGE_SLOT,    /* a segment's global slot [index] (0: the module block) */
  HW_EDGE_IMPORT   /* a segment's import [index] */
} HwEdge;

/* A reachable block, with the edge by which the search first reached it:
 * following [pred] back gives a shortest path from a root. */
typedef struct HwNode {
  value v;           /* the block; an enclosing closure, never an infix pointer */
  int32_t pred;      /* predecessor node, or -1 when a root holds the block */
  uint32_t root;     /* when pred == -1: index in HeapGraph.roots */
  HwEdge edge;
  uint32_t index;    /* field, slot, argument or import number */
  uint32_t infix;    /* k > 0: the edge pointed at function k of a let rec */
} HwNode;

typedef struct HeapGraph {
  HwRoot *roots;
  uint32_t n_roots;
  HwNode *nodes; /* in the order the search reached them */
  uint32_t n_nodes, nodes_cap;
  /* Open-addressing table: block -> node index + 1 (0 = empty). */
  value *keys;
  uint32_t *vals;
  size_t table_cap;
  uint32_t roots_cap;
} HeapGraph;

/* Search the whole reachable heap from the roots, breadth first. Returns
 * NULL if memory is short or a collection is running. */
HeapGraph *heapwalk_build(struct Vm *vm);
void heapwalk_free(HeapGraph *g);

/* The node of block [v] (an infix pointer counts as its closure), or -1 if
 * the search did not reach it. */
int32_t heapwalk_find(const HeapGraph *g, value v);

/* Is [v] a code segment block? */
bool heapwalk_is_segment(value v);

/* ---- Words and pictures ----------------------------------------------- */

/* Optional hooks that let a host name what it owns in paths and pictures
 * (the toplevel names its handles after phrases, and module fields after
 * the values they hold). Each writes at most [len] bytes into [buf] and
 * returns false when it has nothing to say. */
typedef struct HwNamer {
  void *ctx;
  bool (*handle)(void *ctx, uint32_t handle, char *buf, size_t len);
  bool (*field)(void *ctx, const struct Segment *seg, uint32_t field, char *buf, size_t len);
} HwNamer;

/* One line: the root and the last holder on a shortest path to [seg], e.g.
 * "handle 4 (Top_3: g)", "closure Top_3.g, from handle 4", "import by
 * segment 5 (Top_4), from handle 5", "pinned", or "nothing: the next GC
 * frees it". [names] may be NULL. */
void heapwalk_kept_by(struct Vm *vm, const HeapGraph *g, const struct Segment *seg,
                      const HwNamer *names, char *buf, size_t len);

/* Print a shortest path from a root to [seg], one step a line, each line
 * indented by [indent] spaces:
 *
 *   handle 4 (Top_3: g)
 *   -> segment 4 (Top_3)
 *   -> module block of Top_3     [slot 0]
 *   -> closure of segment 3      [field 0: g]
 *   -> segment 3 (Top_2)         [code]
 *
 * or one line saying it is unreachable. */
void heapwalk_print_path(struct Vm *vm, const HeapGraph *g, const struct Segment *seg,
                         const HwNamer *names, int indent, FILE *out);

/* Write a Graphviz digraph of every segment, the objects on the shortest
 * paths that keep each one alive, and each collectable segment's module
 * block with the closures it holds: roots (blue), segments (orange boxes;
 * pinned ones double-bordered, unreachable ones dashed grey), closures
 * (green ellipses), other blocks (grey boxes); code edges (closure ->
 * segment) bold red, imports dashed blue, global slots grey. [title] may
 * be NULL. Node names are stable (no addresses), so the output is
 * deterministic. Returns false if memory is short or writing failed. */
bool heapwalk_write_dot(struct Vm *vm, const HeapGraph *g, const HwNamer *names,
                        const char *title, FILE *out);

#endif
