/* Heap memory: pages of same-size cells, large blocks, free lists, bump
 * regions, and the sweep (see gc.h for the strategy).
 *
 * The life of a page:
 *
 *   empty pool --(a size needs cells)--> bump page: cells handed out front
 *   to back by bumping heap->bump[wh]; [top] is how far it got
 *       |
 *       v  collection: marking counts its live cells (nlive)
 *   nlive == 0, nothing to finalize:  back to the empty pool, untouched
 *   otherwise: swept cell by cell; dead and never-used cells go on the free
 *   list of its size, live ones are whitened
 *
 * A block's header colour says whether it is free (blue), unmarked (white)
 * or marked (black/gray); only pages that keep live data pay for a sweep
 * proportional to their cells.
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/fail.h"
#include "../vm/vm.h"
#include "gc.h"
#include "gc_internal.h"

struct GcLarge {
  GcLarge *next;
  value header_and_fields[]; /* header, then the fields */
};

#define PAGE_CELL_WORDS (GC_PAGE_WORDS - offsetof(GcPage, cells) / sizeof(value))
/* Pages come from chunks of this many, aligned on the page size: one
 * aligned_alloc per page would make malloc waste about a page's worth of
 * alignment padding each time. Chunks are kept until the VM is freed. */
#define PAGES_PER_CHUNK 32

struct GcChunk {
  GcChunk *next;
  void *mem; /* PAGES_PER_CHUNK pages */
};
#define Cell_header(page, i) ((header_t *)&(page)->cells[(size_t)(i) * (page)->whsize])
#define Cell_val(page, i) Val_hp(Cell_header(page, i))

static uint64_t heap_in_use(const Heap *h) {
  return (uint64_t)h->n_pages * GC_PAGE_WORDS + h->large_words;
}

static void update_stats(Heap *h) {
  h->stats.heap_words = heap_in_use(h) + (uint64_t)h->n_empty_pages * GC_PAGE_WORDS;
  if (h->stats.heap_words > h->stats.heap_words_peak) h->stats.heap_words_peak = h->stats.heap_words;
}

/* ---- Pages --------------------------------------------------------------- */

/* A new chunk of pages, all of them going to the empty pool. Under a heap
 * limit, the chunk is cut down so that the memory held stays within it. */
static bool add_chunk(Heap *h) {
  size_t n = PAGES_PER_CHUNK;
  if (h->heap_limit) {
    uint64_t held = heap_in_use(h) + (uint64_t)h->n_empty_pages * GC_PAGE_WORDS;
    uint64_t room = h->heap_limit > held ? (h->heap_limit - held) / GC_PAGE_WORDS : 0;
    if (room == 0) return false;
    if (room < n) n = (size_t)room;
  }
  GcChunk *chunk = malloc(sizeof *chunk);
  char *mem = aligned_alloc(GC_PAGE_BYTES, n * GC_PAGE_BYTES);
  if (chunk == NULL || mem == NULL) {
    free(chunk);
    free(mem);
    return false;
  }
  chunk->mem = mem;
  chunk->next = h->chunks;
  h->chunks = chunk;
  for (size_t i = n; i-- > 0;) {
    GcPage *page = (GcPage *)(mem + i * GC_PAGE_BYTES);
    page->next = h->empty_pages;
    h->empty_pages = page;
    h->n_empty_pages++;
  }
  update_stats(h);
  return true;
}

/* A page for cells of [whsize] words, made the bump region of its size in
 * [bump]/[bump_end]/[bump_page] (the normal or the stress arrays). False
 * if the heap limit or the system refuses. */
static bool add_bump_page(Heap *h, uint32_t whsize, uintptr_t *bump, uintptr_t *bump_end,
                          GcPage **bump_page) {
  if (h->heap_limit && heap_in_use(h) + GC_PAGE_WORDS > h->heap_limit) return false;
  if (h->empty_pages == NULL && !add_chunk(h)) return false;
  GcPage *page = h->empty_pages;
  h->empty_pages = page->next;
  h->n_empty_pages--;
  memset(page, 0, sizeof *page);
  page->whsize = whsize;
  page->ncells = (uint32_t)(PAGE_CELL_WORDS / whsize);
  h->alloc_since_gc += (uint64_t)page->ncells * whsize;
  page->next = h->pages;
  h->pages = page;
  h->n_pages++;
  update_stats(h);
  /* Retire the previous bump page: it is full. */
  if (*bump_page != NULL) (*bump_page)->top = (*bump_page)->ncells;
  *bump_page = page;
  *bump = (uintptr_t)Cell_header(page, 0);
  *bump_end = (uintptr_t)Cell_header(page, page->ncells);
  return true;
}

static void release_page(Heap *h, GcPage *page) {
  h->n_pages--;
  page->next = h->empty_pages;
  h->empty_pages = page;
  h->n_empty_pages++;
}

void gc_note_finalizable(value v) {
  if (gc_is_small(Hd_val(v))) gc_page_of(v)->finalizable = true;
}

/* ---- Allocation ---------------------------------------------------------- */

/* Must the heap collect before allocating [words] more? */
static bool must_collect(Heap *h, uint64_t words) {
  return h->stress || h->alloc_since_gc + words > h->threshold ||
         (h->heap_limit && heap_in_use(h) + words > h->heap_limit);
}

static value alloc_large(Vm *vm, mlsize_t wosize, tag_t tag, bool may_collect) {
  Heap *h = &vm->heap;
  if (wosize > Max_wosize || wosize > (SIZE_MAX / sizeof(value)) - 8) return 0;
  uint64_t words = wosize + 2; /* prefix and header */
  if (may_collect && !h->collecting && must_collect(h, words)) gc_collect(vm);
  if (h->heap_limit && heap_in_use(h) + words > h->heap_limit) return 0;
  GcLarge *blk = malloc(words * sizeof(value));
  if (blk == NULL) return 0;
  blk->next = h->large;
  h->large = blk;
  blk->header_and_fields[0] = (value)Make_header(wosize, tag, Caml_white);
  h->large_words += words;
  h->large_allocated += wosize + 1;
  h->alloc_since_gc += words;
  update_stats(h);
  return (value)&blk->header_and_fields[1];
}

/* Stress mode: collect, then take one cell from the stash. */
static value alloc_stress(Vm *vm, mlsize_t wosize, tag_t tag, bool may_collect) {
  Heap *h = &vm->heap;
  uint32_t wh = (uint32_t)wosize + 1;
  if (may_collect && !h->collecting) gc_collect(vm);
  value v = h->stash[wh];
  if (v != 0) {
    h->stash[wh] = Field(v, 0);
    Hd_val(v) = Make_header(wosize, tag, Caml_white);
    return v;
  }
  if (h->stash_bump[wh] + wh * sizeof(value) > h->stash_bump_end[wh] &&
      !add_bump_page(h, wh, &h->stash_bump[wh], &h->stash_bump_end[wh], &h->stash_bump_page[wh]))
    return 0;
  uintptr_t p = h->stash_bump[wh];
  h->stash_bump[wh] = p + wh * sizeof(value);
  *(header_t *)p = Make_header(wosize, tag, Caml_white);
  return (value)(p + sizeof(value));
}

static value alloc_small_slow(Vm *vm, mlsize_t wosize, tag_t tag, bool may_collect) {
  Heap *h = &vm->heap;
  uint32_t wh = (uint32_t)wosize + 1;
  if (h->stress) return alloc_stress(vm, wosize, tag, may_collect);
  /* The free list ran dry: all of it was allocated. */
  h->alloc_since_gc += h->listed[wh];
  h->listed[wh] = 0;
  /* The bump region is empty too: take a new page, unless a collection is
   * due first. */
  if (may_collect && !h->collecting && must_collect(h, GC_PAGE_WORDS)) {
    gc_collect(vm);
    value v = gc_alloc_fast(h, wosize, tag);
    if (v != 0) return v;
  }
  if (!add_bump_page(h, wh, &h->bump[wh], &h->bump_end[wh], &h->bump_page[wh])) {
    /* Over the heap limit (or out of memory): a collection may help. */
    if (!may_collect || h->collecting) return 0;
    gc_collect(vm);
    value v = gc_alloc_fast(h, wosize, tag);
    if (v != 0) return v;
    if (!add_bump_page(h, wh, &h->bump[wh], &h->bump_end[wh], &h->bump_page[wh])) return 0;
  }
  return gc_alloc_fast(h, wosize, tag);
}

/* Everything but the fast path (kept out of line, so that callers of
 * gc_alloc pay for no stack frame when the fast path succeeds). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static value alloc_slow(Vm *vm, mlsize_t wosize, tag_t tag) {
  if (wosize == 0) return Atom(vm, tag);
  if (wosize <= GC_SMALL_WOSIZE) return alloc_small_slow(vm, wosize, tag, true);
  return alloc_large(vm, wosize, tag, true);
}

/* In stress mode the normal free lists and bump regions stay empty, so the
 * fast path needs no test for it. */
value gc_try_alloc(Vm *vm, mlsize_t wosize, tag_t tag) {
  if (wosize - 1 < GC_SMALL_WOSIZE) {
    value v = gc_alloc_fast(&vm->heap, wosize, tag);
    if (v != 0) return v;
  }
  return alloc_slow(vm, wosize, tag);
}

value gc_alloc(Vm *vm, mlsize_t wosize, tag_t tag) {
  if (wosize - 1 < GC_SMALL_WOSIZE) {
    value v = gc_alloc_fast(&vm->heap, wosize, tag);
    if (v != 0) return v;
  }
  value v = alloc_slow(vm, wosize, tag);
  if (v == 0) caml_raise_out_of_memory(vm);
  return v;
}

/* ---- Before marking ------------------------------------------------------ */

static void retire_bump(uintptr_t *bump, uintptr_t *bump_end, GcPage **page) {
  if (*page != NULL) {
    GcPage *p = *page;
    p->top = (uint32_t)((*bump - (uintptr_t)p->cells) / (p->whsize * sizeof(value)));
  }
  *bump = *bump_end = 0;
  *page = NULL;
}

/* Get the pages ready for marking: freeze the bump regions, so that each
 * page's [top] says which of its cells hold blocks. */
void heap_prepare(Vm *vm) {
  Heap *h = &vm->heap;
  for (int wh = 0; wh < GC_SMALL_WOSIZE + 2; wh++) {
    retire_bump(&h->bump[wh], &h->bump_end[wh], &h->bump_page[wh]);
    retire_bump(&h->stash_bump[wh], &h->stash_bump_end[wh], &h->stash_bump_page[wh]);
  }
  h->stats.words_allocated += h->large_allocated;
  h->large_allocated = 0;
}

uint64_t gc_words_allocated(Vm *vm) {
  /* Between collections the bump pointers have moved on; count them as if
   * the bump pages were retired now (without retiring them). */
  Heap *h = &vm->heap;
  uint64_t words = h->stats.words_allocated + h->large_allocated;
  for (const GcPage *p = h->pages; p != NULL; p = p->next) {
    uint32_t top = p->top;
    for (int wh = 0; wh < GC_SMALL_WOSIZE + 2; wh++) {
      uintptr_t bump = h->bump_page[wh] == p ? h->bump[wh]
                       : h->stash_bump_page[wh] == p ? h->stash_bump[wh] : 0;
      if (bump != 0) top = (uint32_t)((bump - (uintptr_t)p->cells) / (p->whsize * sizeof(value)));
    }
    /* Cells taken from the free lists cannot be told apart cheaply
     * between collections: they are counted at the next one. */
    words += (uint64_t)(top - p->top_swept) * p->whsize;
  }
  return words;
}

/* ---- Sweep --------------------------------------------------------------- */

static void finalize_if_needed(Vm *vm, value v, header_t hd) {
  if (Tag_hd(hd) == Custom_tag) {
    const CustomOps *ops = Custom_ops_val(v);
    if (ops != NULL && ops->finalize != NULL) ops->finalize(vm, v);
  }
}

/* Sweep [page] cell by cell, threading its free cells after *tail.
 * Returns the new tail; counts the blocks freed in *freed and the words
 * allocated in the page since its last sweep in *allocated. */
static value *sweep_cells(Vm *vm, GcPage *page, value *tail, uint64_t *freed,
                          uint64_t *allocated) {
  uint32_t listed = 0, live = 0, was_free = 0;
  for (uint32_t i = 0; i < page->ncells; i++) {
    value v = Cell_val(page, i);
    if (i < page->top) {
      header_t hd = Hd_val(v);
      if (Color_hd(hd) == Caml_black) {
        Hd_val(v) = hd & ~Color_mask;
        live++;
        continue;
      }
      if (Color_hd(hd) == Caml_white) {
        finalize_if_needed(vm, v, hd);
        (*freed)++;
      } else {
        was_free++; /* still on a free list: never reused */
      }
    }
    Hd_val(v) = Make_header(page->whsize - 1, 0, Caml_blue);
    *tail = v;
    tail = &Field(v, 0);
    listed++;
  }
  *allocated += (uint64_t)(page->top - page->top_swept + page->nlisted - was_free) * page->whsize;
  page->top = page->top_swept = page->ncells;
  page->nlisted = listed;
  page->nlive = live;
  return tail;
}

/* Count, in each page, the cells still on a free list: the cells listed
 * by the last sweep that were never allocated. The lists are about to be
 * rebuilt, so this is all they are still good for. (It costs a walk of
 * what is left of them; the pages it lets go whole are not swept.) */
static void count_still_free(Heap *h) {
  for (int i = 0; i < GC_SMALL_WOSIZE + 2; i++) {
    for (value v = h->free[i]; v != 0; v = Field(v, 0)) gc_page_of(v)->still_free++;
    for (value v = h->stash[i]; v != 0; v = Field(v, 0)) gc_page_of(v)->still_free++;
  }
}

void heap_sweep(Vm *vm) {
  Heap *h = &vm->heap;
  value *lists = h->stress ? h->stash : h->free;
  value *tails[GC_SMALL_WOSIZE + 2];
  count_still_free(h);
  for (int i = 0; i < GC_SMALL_WOSIZE + 2; i++) {
    h->free[i] = 0;
    h->stash[i] = 0;
    h->listed[i] = 0;
    tails[i] = &lists[i];
  }
  uint64_t live = 0, freed = 0, allocated = 0;

  GcPage **link = &h->pages;
  while (*link != NULL) {
    GcPage *page = *link;
    if (page->nlive == 0 && !page->finalizable) {
      /* Nothing alive, nothing to finalize: every cell below top holds a
       * dead block, but for those still on a free list. Reclaimed whole,
       * without looking at the cells. */
      freed += page->top - page->still_free;
      allocated += (uint64_t)(page->top - page->top_swept + page->nlisted - page->still_free) *
                   page->whsize;
      *link = page->next;
      release_page(h, page);
      continue;
    }
    value *tail_before = tails[page->whsize];
    value *tail = sweep_cells(vm, page, tail_before, &freed, &allocated);
    if (page->nlive == 0) {
      /* Its finalizers have run and nothing is alive: unlink its cells
       * again and give the page back. */
      *tail_before = 0;
      tails[page->whsize] = tail_before;
      *link = page->next;
      release_page(h, page);
      continue;
    }
    *tail = 0;
    tails[page->whsize] = tail;
    page->still_free = 0;
    h->listed[page->whsize] += (uint64_t)page->nlisted * page->whsize;
    live += (uint64_t)page->nlive * page->whsize;
    page->nlive = 0;
    link = &page->next;
  }

  GcLarge **lp = &h->large;
  while (*lp != NULL) {
    GcLarge *blk = *lp;
    value v = (value)&blk->header_and_fields[1];
    header_t hd = Hd_val(v);
    if (Color_hd(hd) == Caml_black) {
      Hd_val(v) = hd & ~Color_mask;
      live += Wosize_hd(hd) + 1;
      lp = &blk->next;
      continue;
    }
    finalize_if_needed(vm, v, hd);
    freed++;
    *lp = blk->next;
    h->large_words -= Wosize_hd(hd) + 2;
    free(blk);
  }
  h->stats.live_words = live;
  h->stats.blocks_freed += freed;
  h->stats.words_allocated += allocated;
  update_stats(h);
  uint64_t room = live * h->space_overhead / 100;
  h->threshold = room > ZVM_HEAP_MIN_WORDS ? room : ZVM_HEAP_MIN_WORDS;
  h->alloc_since_gc = 0;
}

/* Every block on the heap, for the mark-stack overflow rescan. */
void heap_for_each_block(Vm *vm, void (*fn)(Vm *vm, value v)) {
  for (GcPage *page = vm->heap.pages; page != NULL; page = page->next)
    for (uint32_t i = 0; i < page->top; i++) {
      value v = Cell_val(page, i);
      if (Color_hd(Hd_val(v)) != Caml_blue) fn(vm, v);
    }
  for (GcLarge *blk = vm->heap.large; blk != NULL; blk = blk->next)
    fn(vm, (value)&blk->header_and_fields[1]);
}

/* Free everything, running finalizers: the end of a VM. */
void heap_release_all(Vm *vm) {
  Heap *h = &vm->heap;
  heap_prepare(vm);
  /* Nothing is marked: every block is garbage now. */
  for (GcPage *page = h->pages; page != NULL; page = page->next) page->nlive = 0;
  heap_sweep(vm);
  while (h->chunks != NULL) {
    GcChunk *c = h->chunks;
    h->chunks = c->next;
    free(c->mem);
    free(c);
  }
  h->pages = h->empty_pages = NULL;
  h->n_pages = h->n_empty_pages = 0;
  for (int i = 0; i < GC_SMALL_WOSIZE + 2; i++) h->free[i] = h->stash[i] = 0;
}

uint64_t gc_heap_words(Vm *vm) { return vm->heap.stats.heap_words; }
