/* Heap memory: pages of same-size cells, large blocks, free lists, sweep.
 *
 * Allocation strategy. A block of wosize w <= GC_SMALL_WOSIZE takes a cell
 * of w+1 words (header included) in a page that holds only cells of that
 * size; free cells of each size are threaded on heap->free[w+1]. A larger
 * block is malloc'ed on its own with a small GcLarge prefix and kept on the
 * heap->large list. Nothing ever moves.
 *
 * When to collect. Every allocation counts its words in alloc_since_gc.
 * When a free list runs dry, the slow path collects if alloc_since_gc has
 * reached next_gc (space_overhead percent of the live words, at least
 * ZVM_HEAP_MIN_WORDS), and only takes a new page otherwise. So the heap
 * stays near live * (1 + space_overhead/100) words.
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/fail.h"
#include "../vm/vm.h"
#include "gc.h"
#include "gc_internal.h"

struct GcPage {
  GcPage *next;
  uint32_t whsize;   /* words per cell, header included */
  uint32_t ncells;
  value cells[];     /* ncells * whsize words */
};

struct GcLarge {
  GcLarge *next;
  value header_and_fields[]; /* header, then the fields */
};

#define PAGE_BYTES (GC_PAGE_WORDS * sizeof(value))
#define PAGE_CELL_WORDS (GC_PAGE_WORDS - offsetof(GcPage, cells) / sizeof(value))
#define EMPTY_PAGE_POOL 16
#define Cell_val(page, i) ((value)&(page)->cells[(size_t)(i) * (page)->whsize + 1])

static void update_peak(Heap *h) {
  if (h->stats.heap_words > h->stats.heap_words_peak)
    h->stats.heap_words_peak = h->stats.heap_words;
}

/* ---- Pages --------------------------------------------------------------- */

/* Get a page for cells of [whsize] words, linking its cells onto [list].
 * Returns false if the heap limit or malloc refuses. */
static bool add_page(Heap *h, uint32_t whsize, value *list) {
  if (h->heap_limit && h->stats.heap_words + GC_PAGE_WORDS > h->heap_limit) return false;
  GcPage *page = h->empty_pages;
  if (page != NULL) {
    h->empty_pages = page->next;
    h->n_empty_pages--;
  } else {
    page = malloc(PAGE_BYTES);
    if (page == NULL) return false;
  }
  page->whsize = whsize;
  page->ncells = (uint32_t)(PAGE_CELL_WORDS / whsize);
  page->next = h->pages;
  h->pages = page;
  h->stats.heap_words += GC_PAGE_WORDS;
  update_peak(h);
  /* Thread the cells in address order in front of [list]. */
  value next = *list;
  for (uint32_t i = page->ncells; i-- > 0;) {
    value cell = Cell_val(page, i);
    Hd_val(cell) = Make_header(whsize - 1, 0, Caml_blue);
    Field(cell, 0) = next;
    next = cell;
  }
  *list = next;
  return true;
}

static void release_page(Heap *h, GcPage *page) {
  h->stats.heap_words -= GC_PAGE_WORDS;
  if (h->n_empty_pages < EMPTY_PAGE_POOL) {
    page->next = h->empty_pages;
    h->empty_pages = page;
    h->n_empty_pages++;
  } else {
    free(page);
  }
}

/* ---- Allocation ---------------------------------------------------------- */

static value alloc_large(Vm *vm, mlsize_t wosize, tag_t tag, bool may_collect) {
  Heap *h = &vm->heap;
  if (wosize > Max_wosize || wosize > (SIZE_MAX / sizeof(value)) - 8) return 0;
  uint64_t whsize = wosize + 1;
  for (int attempt = 0;; attempt++) {
    bool over_limit = h->heap_limit && h->stats.heap_words + whsize + 1 > h->heap_limit;
    bool due = h->stress || h->alloc_since_gc + whsize >= h->next_gc;
    if (may_collect && attempt == 0 && (due || over_limit) && !h->collecting) {
      gc_collect(vm);
      continue;
    }
    if (over_limit) return 0;
    break;
  }
  GcLarge *blk = malloc(sizeof(GcLarge) + (size_t)whsize * sizeof(value));
  if (blk == NULL) return 0;
  blk->next = h->large;
  h->large = blk;
  blk->header_and_fields[0] = (value)Make_header(wosize, tag, Caml_white);
  h->stats.heap_words += whsize + 1;
  h->alloc_since_gc += whsize;
  update_peak(h);
  return (value)&blk->header_and_fields[1];
}

static value pop_free(Heap *h, value *list, mlsize_t wosize, tag_t tag) {
  value v = *list;
  *list = Field(v, 0);
  h->alloc_since_gc += wosize + 1;
  Hd_val(v) = Make_header(wosize, tag, Caml_white);
  return v;
}

static value alloc_small_slow(Vm *vm, mlsize_t wosize, tag_t tag, bool may_collect) {
  Heap *h = &vm->heap;
  uint32_t whsize = (uint32_t)wosize + 1;
  if (h->stress) {
    /* Stress mode: free cells live in the stash, so every allocation
     * comes here and collects first. */
    if (may_collect && !h->collecting) gc_collect(vm);
    if (h->stash[whsize] == 0 && !add_page(h, whsize, &h->stash[whsize])) return 0;
    return pop_free(h, &h->stash[whsize], wosize, tag);
  }
  if (h->free[whsize] == 0 && may_collect && !h->collecting &&
      h->alloc_since_gc >= h->next_gc)
    gc_collect(vm);
  if (h->free[whsize] == 0 && !add_page(h, whsize, &h->free[whsize])) {
    /* Heap limit reached (or malloc failed): a collection may still free
     * enough. */
    if (!may_collect || h->collecting) return 0;
    gc_collect(vm);
    if (h->free[whsize] == 0 && !add_page(h, whsize, &h->free[whsize])) return 0;
  }
  return pop_free(h, &h->free[whsize], wosize, tag);
}

static value alloc_any(Vm *vm, mlsize_t wosize, tag_t tag, bool may_collect) {
  if (wosize == 0) return Atom(vm, tag);
  if (wosize <= GC_SMALL_WOSIZE) {
    Heap *h = &vm->heap;
    value *list = &h->free[wosize + 1];
    if (*list != 0 && !h->stress) return pop_free(h, list, wosize, tag);
    return alloc_small_slow(vm, wosize, tag, may_collect);
  }
  return alloc_large(vm, wosize, tag, may_collect);
}

value gc_alloc_slow(Vm *vm, mlsize_t wosize, tag_t tag) {
  /* Reached from the inline fast path, which counted nothing yet. */
  value v = alloc_any(vm, wosize, tag, true);
  if (v == 0) caml_raise_out_of_memory(vm);
  return v;
}

value gc_alloc(Vm *vm, mlsize_t wosize, tag_t tag) {
  value v = alloc_any(vm, wosize, tag, true);
  if (v == 0) caml_raise_out_of_memory(vm);
  return v;
}

value gc_try_alloc(Vm *vm, mlsize_t wosize, tag_t tag) {
  return alloc_any(vm, wosize, tag, true);
}

/* ---- Sweep --------------------------------------------------------------- */

static void finalize_if_needed(Vm *vm, value v, header_t hd) {
  if (Tag_hd(hd) == Custom_tag) {
    const CustomOps *ops = Custom_ops_val(v);
    if (ops != NULL && ops->finalize != NULL) ops->finalize(vm, v);
  }
}

void heap_sweep(Vm *vm) {
  Heap *h = &vm->heap;
  value *lists = h->stress ? h->stash : h->free;
  value *tails[GC_SMALL_WOSIZE + 2];
  for (int i = 0; i < GC_SMALL_WOSIZE + 2; i++) {
    h->free[i] = 0;
    h->stash[i] = 0;
    tails[i] = &lists[i];
  }
  uint64_t live = 0, freed = 0;

  GcPage **link = &h->pages;
  while (*link != NULL) {
    GcPage *page = *link;
    uint32_t nlive = 0;
    value *tail_before = tails[page->whsize];
    value *tail = tail_before;
    for (uint32_t i = 0; i < page->ncells; i++) {
      value v = Cell_val(page, i);
      header_t hd = Hd_val(v);
      if (Color_hd(hd) == Caml_black) {
        Hd_val(v) = hd & ~Color_mask;
        nlive++;
        continue;
      }
      if (Color_hd(hd) == Caml_white) {
        finalize_if_needed(vm, v, hd);
        freed++;
      }
      Hd_val(v) = Make_header(page->whsize - 1, 0, Caml_blue);
      *tail = v;
      tail = &Field(v, 0);
    }
    if (nlive == 0) {
      /* Entirely free: unlink its cells again and give the page back. */
      *tail_before = 0;
      tails[page->whsize] = tail_before;
      *link = page->next;
      release_page(h, page);
      continue;
    }
    *tail = 0;
    tails[page->whsize] = tail;
    live += (uint64_t)nlive * page->whsize;
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
    h->stats.heap_words -= Wosize_hd(hd) + 2;
    free(blk);
  }
  h->stats.live_words = live;
  h->stats.blocks_freed += freed;
}

/* Every block on the heap, for the mark-stack overflow rescan. */
void heap_for_each_block(Vm *vm, void (*fn)(Vm *vm, value v)) {
  for (GcPage *page = vm->heap.pages; page != NULL; page = page->next)
    for (uint32_t i = 0; i < page->ncells; i++) {
      value v = Cell_val(page, i);
      if (Color_hd(Hd_val(v)) != Caml_blue) fn(vm, v);
    }
  for (GcLarge *blk = vm->heap.large; blk != NULL; blk = blk->next)
    fn(vm, (value)&blk->header_and_fields[1]);
}

/* Free everything, running finalizers: the end of a VM. */
void heap_release_all(Vm *vm) {
  Heap *h = &vm->heap;
  /* Unmark everything, then sweep: all blocks are garbage now. */
  for (GcPage *page = h->pages; page != NULL; page = page->next)
    for (uint32_t i = 0; i < page->ncells; i++) {
      value v = Cell_val(page, i);
      if (Color_hd(Hd_val(v)) == Caml_black) Hd_val(v) &= ~Color_mask;
    }
  heap_sweep(vm);
  while (h->pages != NULL) {
    GcPage *p = h->pages;
    h->pages = p->next;
    free(p);
  }
  while (h->empty_pages != NULL) {
    GcPage *p = h->empty_pages;
    h->empty_pages = p->next;
    free(p);
  }
  h->n_empty_pages = 0;
  for (int i = 0; i < GC_SMALL_WOSIZE + 2; i++) h->free[i] = h->stash[i] = 0;
}

uint64_t gc_heap_words(Vm *vm) { return vm->heap.stats.heap_words; }
