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
 * aligned on their size, each holding cells of one size. A cell is handed
 * out either from the free list of its size (cells freed in pages that
 * still hold live data) or by bumping a pointer through a page nobody has
 * used since it was last found empty. Marking counts the live cells of
 * each page, so a page found without live cells (the common fate of pages
 * full of short-lived data) is reclaimed whole, without looking at its
 * cells. Larger blocks are allocated one by one with malloc.
 *
 * When to collect. When the words allocated since the last collection
 * reach space_overhead percent of the live words (at least
 * ZVM_HEAP_MIN_WORDS), as OCaml's major GC paces itself. The count is kept
 * by the slow path only (a free list is counted whole when it runs dry, a
 * bump page when it starts), so the fast path is just: pop the free list,
 * else bump.
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
#define GC_PAGE_BYTES (GC_PAGE_WORDS * sizeof(value))
typedef struct GcLarge GcLarge;
typedef struct GcChunk GcChunk;

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
  /* By whsize (wosize + 1, header included): the free list (a free cell's
   * field 0 links to the next, 0 ends it), and the bump region of the
   * page being carved, as addresses [bump, bump_end) of header words. */
  value free[GC_SMALL_WOSIZE + 2];
  uintptr_t bump[GC_SMALL_WOSIZE + 2];
  uintptr_t bump_end[GC_SMALL_WOSIZE + 2];
  GcPage *bump_page[GC_SMALL_WOSIZE + 2];
  /* Stress mode keeps its free cells and bump regions here instead, so
   * that the fast path always fails (and the slow path collects) at no
   * cost to normal runs. */
  value stash[GC_SMALL_WOSIZE + 2];
  uintptr_t stash_bump[GC_SMALL_WOSIZE + 2];
  uintptr_t stash_bump_end[GC_SMALL_WOSIZE + 2];
  GcPage *stash_bump_page[GC_SMALL_WOSIZE + 2];
  GcPage *pages;           /* pages in use */
  GcPage *empty_pages;     /* free pages, for any size */
  GcChunk *chunks;         /* where pages come from (freed with the VM) */
  size_t n_pages, n_empty_pages;
  GcLarge *large;          /* all large blocks */
  uint64_t large_words;    /* words held by large blocks (their prefix included) */
  uint64_t large_allocated; /* words of large blocks allocated since the last count */
  /* Words allocated since the last collection, counted without touching
   * the fast path: a free list when it runs dry (all of it was used), a
   * bump page when it starts, a large block when it is made. */
  uint64_t alloc_since_gc;
  uint64_t listed[GC_SMALL_WOSIZE + 2]; /* words on each free list after the sweep */
  uint64_t threshold;      /* collect when alloc_since_gc would pass this */
  uint64_t heap_limit;     /* max heap words, 0 = none */
  unsigned space_overhead; /* percent, see vm/config.h */
  bool stress;             /* collect at every allocation */
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

/* The allocation fast path for small blocks (1 <= wosize <=
 * GC_SMALL_WOSIZE): a free cell or a bumped one, or 0 when the slow path
 * (gc_alloc) is needed. Never collects. */
static inline value gc_alloc_fast(Heap *heap, mlsize_t wosize, tag_t tag) {
  mlsize_t wh = wosize + 1;
  value v = heap->free[wh];
  if (v != 0) {
    heap->free[wh] = Field(v, 0);
    Hd_val(v) = Make_header(wosize, tag, Caml_white);
    return v;
  }
  uintptr_t p = heap->bump[wh];
  if (p + wh * sizeof(value) <= heap->bump_end[wh]) {
    heap->bump[wh] = p + wh * sizeof(value);
    *(header_t *)p = Make_header(wosize, tag, Caml_white);
    return (value)(p + sizeof(value));
  }
  return 0;
}

/* Note that small custom block [v] has a finalizer: its page must then be
 * swept cell by cell when it dies (called by caml_alloc_custom). */
void gc_note_finalizable(value v);

/* Words allocated so far (headers included). */
uint64_t gc_words_allocated(struct Vm *vm);

/* Run a full collection now. */
void gc_collect(struct Vm *vm);

/* Mark [v] (for CustomOps.trace hooks and the root scan). */
void gc_mark(struct Vm *vm, value v);

/* Words currently in use by live and not yet swept blocks: for tests. */
uint64_t gc_heap_words(struct Vm *vm);

#endif
