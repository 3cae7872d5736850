/* zvm's garbage collector: precise, non-moving mark-sweep.
 *
 * The invariant. Between collections every object is white. A collection
 * marks everything reachable from the roots black, using gray for "marked,
 * fields not yet scanned" (gray objects sit on the mark stack, or, after a
 * mark-stack overflow, are found again by rescanning the heap). When the
 * mark stack is empty and no gray object is left, every white object is
 * unreachable: the sweep finalizes it (custom blocks with a finalizer, such
 * as code segments, whose finalizer releases their global slots and
 * registry entries) and puts its memory back on a free list, and turns the
 * black ones white again.
 *
 * What may point where. A field, a stack slot or a root holds either an odd
 * word (an integer, a code pointer stored odd, a closure info word, an
 * infix header) or a pointer to the first field of a block: a heap block,
 * an atom of the VM's atom table, or an infix block inside a closure, which
 * marking maps to its enclosing closure. Nothing else. In particular no
 * value ever points into a block's middle except infix pointers, and no
 * code pointer is ever stored even.
 *
 * Memory. Small blocks (up to GC_SMALL_WOSIZE words) live in 32 KiB pages,
 * each holding cells of one size; a free list per size threads the free
 * cells. Larger blocks are allocated one by one with malloc. All
 * allocation goes through gc_alloc (or its inline fast path), which counts
 * words, triggers collections, honours the heap limit and raises
 * Out_of_memory when the limit is reached.
 */
#ifndef ZVM_GC_H
#define ZVM_GC_H

#include <stdbool.h>
#include <stddef.h>

#include "../vm/value.h"

struct Vm;

#define GC_SMALL_WOSIZE 64
#define GC_PAGE_WORDS 4096

typedef struct GcPage GcPage;
typedef struct GcLarge GcLarge;

typedef struct GcStats {
  uint64_t collections;       /* completed collections */
  uint64_t words_allocated;   /* total words allocated (headers included) */
  uint64_t live_words;        /* live words after the last collection */
  uint64_t heap_words;        /* words currently held in pages and large blocks */
  uint64_t heap_words_peak;   /* largest heap_words ever */
  uint64_t mark_stack_overflows;
  uint64_t blocks_freed;      /* total blocks reclaimed */
} GcStats;

typedef struct Heap {
  /* Free lists by whsize (wosize + 1); entry i holds cells of i words. A
   * free cell's field 0 links to the next free cell (value 0 ends). */
  value free[GC_SMALL_WOSIZE + 2];
  /* In stress mode, the sweep fills this instead of [free], so that every
   * allocation takes the slow path (and collects) at no cost to normal
   * runs. */
  value stash[GC_SMALL_WOSIZE + 2];
  GcPage *pages;         /* all pages in use */
  GcPage *empty_pages;   /* a small pool of free pages kept for reuse */
  size_t n_empty_pages;
  GcLarge *large;        /* all large blocks */
  uint64_t alloc_since_gc;   /* words allocated since the last collection */
  uint64_t next_gc;          /* collect when alloc_since_gc reaches this */
  uint64_t heap_limit;       /* max heap words, 0 = none */
  unsigned space_overhead;   /* percent, see vm/config.h */
  bool stress;               /* collect at every allocation */
  bool collecting;
  /* The mark stack (explicit: marking never recurses on the C stack). */
  value *mark_stack;
  size_t mark_top, mark_cap, mark_limit;
  bool mark_overflowed;
  GcStats stats;
} Heap;

/* Set up and tear down the heap. gc_free frees every block (running
 * finalizers) and all memory. */
void gc_init(struct Vm *vm);
void gc_free(struct Vm *vm);

/* Allocate a block. The fields are NOT initialised: the caller must fill
 * every field of a scanned block before the next allocation. May collect.
 * On exhaustion gc_alloc raises Out_of_memory in the running program
 * (it must be called where an exception can be raised), gc_try_alloc
 * returns 0. */
value gc_alloc(struct Vm *vm, mlsize_t wosize, tag_t tag);
value gc_try_alloc(struct Vm *vm, mlsize_t wosize, tag_t tag);

/* The slow path of gc_alloc_small; do not call directly. */
value gc_alloc_slow(struct Vm *vm, mlsize_t wosize, tag_t tag);

/* Allocation fast path for small blocks (wosize 1..GC_SMALL_WOSIZE). */
static inline value gc_alloc_small(struct Vm *vm, Heap *heap, mlsize_t wosize,
                                   tag_t tag) {
  value v = heap->free[wosize + 1];
  if (v == 0) return gc_alloc_slow(vm, wosize, tag);
  heap->free[wosize + 1] = Field(v, 0);
  heap->alloc_since_gc += wosize + 1;
  Hd_val(v) = Make_header(wosize, tag, Caml_white);
  return v;
}

/* Run a full collection now. */
void gc_collect(struct Vm *vm);

/* Mark [v] (for CustomOps.trace hooks and the root scan). */
void gc_mark(struct Vm *vm, value v);

/* Words currently in use by live and not yet swept blocks: for tests. */
uint64_t gc_heap_words(struct Vm *vm);

#endif
