/* A collection: mark from the roots, then sweep.
 *
 *   gc_collect
 *     mark_roots      vm_mark_roots (vm/roots.c) calls gc_mark on every root
 *     drain           scan gray blocks from the mark stack until it is empty
 *     rescan          after a mark-stack overflow, find gray blocks left
 *                     behind by walking the heap, and drain again
 *     sweep           heap_sweep (heap.c): finalize and free white blocks,
 *                     whiten black ones
 *
 * The mark stack holds (block, first field to scan) pairs, so a huge array
 * is scanned in slices and a long list never deepens anything: scanning a
 * cons cell pushes its tail, which is popped next.
 */
#include <stdlib.h>

#include "../vm/vm.h"
#include "gc.h"
#include "gc_internal.h"

#define MARK_SLICE 512           /* fields scanned before re-queueing a block */
#define MARK_STACK_INIT 1024
#define MARK_STACK_LIMIT (1u << 22) /* entries; beyond, overflow mode */

typedef struct MarkEntry {
  value block;
  mlsize_t next;
} MarkEntry;

void gc_init(Vm *vm) {
  Heap *h = &vm->heap;
  memset(h, 0, sizeof *h);
  h->space_overhead = ZVM_SPACE_OVERHEAD;
  h->threshold = ZVM_HEAP_MIN_WORDS;
  h->mark_limit = MARK_STACK_LIMIT;
}

void gc_free(Vm *vm) {
  heap_release_all(vm);
  free(vm->heap.mark_stack);
  vm->heap.mark_stack = NULL;
}

/* Push (v, from) on the mark stack; on overflow leave v gray for the
 * rescan. Returns false if it overflowed. */
static bool mark_push(Heap *h, value v, mlsize_t from) {
  if (h->mark_top == h->mark_cap) {
    size_t cap = h->mark_cap ? h->mark_cap * 2 : MARK_STACK_INIT;
    if (cap > h->mark_limit) cap = h->mark_limit;
    MarkEntry *ns = cap > h->mark_cap ? realloc(h->mark_stack, cap * sizeof(MarkEntry)) : NULL;
    if (ns == NULL) {
      if (!h->mark_overflowed) h->stats.mark_stack_overflows++;
      h->mark_overflowed = true;
      return false;
    }
    h->mark_stack = (value *)ns;
    h->mark_cap = cap;
  }
  MarkEntry *stack = (MarkEntry *)h->mark_stack;
  stack[h->mark_top].block = v;
  stack[h->mark_top].next = from;
  h->mark_top++;
  return true;
}

static bool has_fields_to_scan(value v, header_t hd) {
  tag_t tag = Tag_hd(hd);
  if (tag < No_scan_tag) return Wosize_hd(hd) > 0;
  return tag == Custom_tag && Custom_ops_val(v) != NULL && Custom_ops_val(v)->trace != NULL;
}

void gc_mark(Vm *vm, value v) {
  /* 0 is not a value, but it is what the caml_try_* allocators return on
   * failure: a root caught holding it must not crash the collector. */
  if (Is_long(v) || v == 0) return;
  header_t hd = Hd_val(v);
  if (Tag_hd(hd) == Infix_tag) {
    v -= (value)Infix_offset_hd(hd);
    hd = Hd_val(v);
  }
  if (Color_hd(hd) != Caml_white) return;
  if (gc_is_small(hd)) gc_page_of(v)->nlive++;
  if (has_fields_to_scan(v, hd)) {
    Hd_val(v) = (hd & ~Color_mask) | Caml_gray;
    mlsize_t start = Tag_hd(hd) == Closure_tag ? Start_env_closinfo(Closinfo_val(v)) : 0;
    mark_push(&vm->heap, v, start);
  } else {
    Hd_val(v) = hd | Caml_black;
  }
}

/* Scan block [v] from field [from]: at most MARK_SLICE fields, re-queueing
 * the rest. */
static void scan(Vm *vm, value v, mlsize_t from) {
  header_t hd = Hd_val(v);
  if (Tag_hd(hd) == Custom_tag) {
    Hd_val(v) = (hd & ~Color_mask) | Caml_black;
    Custom_ops_val(v)->trace(vm, v, gc_mark);
    return;
  }
  mlsize_t size = Wosize_hd(hd);
  mlsize_t end = size;
  if (end - from > MARK_SLICE) {
    end = from + MARK_SLICE;
    if (!mark_push(&vm->heap, v, end)) {
      /* Stays gray: the rescan will scan it from the start again. */
      for (mlsize_t i = from; i < end; i++) gc_mark(vm, Field(v, i));
      return;
    }
  } else {
    Hd_val(v) = (hd & ~Color_mask) | Caml_black;
  }
  for (mlsize_t i = from; i < end; i++) {
    value f = Field(v, i);
    if (Is_block(f)) gc_mark(vm, f);
  }
}

static void drain(Vm *vm) {
  Heap *h = &vm->heap;
  while (h->mark_top > 0) {
    h->mark_top--;
    MarkEntry e = ((MarkEntry *)h->mark_stack)[h->mark_top];
    scan(vm, e.block, e.next);
  }
}

static void push_if_gray(Vm *vm, value v) {
  header_t hd = Hd_val(v);
  if (Color_hd(hd) == Caml_gray) {
    mlsize_t start = Tag_hd(hd) == Closure_tag ? Start_env_closinfo(Closinfo_val(v)) : 0;
    if (mark_push(&vm->heap, v, start)) return;
    /* Not even one entry fits (malloc refused the mark stack itself): scan
     * the block here, whole, so that each rescan blackens every gray block
     * it meets and the loop in mark_all ends. Its white fields turn gray
     * for the next rescan; nothing recurses. */
    Hd_val(v) = (hd & ~Color_mask) | Caml_black;
    if (Tag_hd(hd) == Custom_tag) {
      Custom_ops_val(v)->trace(vm, v, gc_mark);
      return;
    }
    for (mlsize_t i = start; i < Wosize_hd(hd); i++) gc_mark(vm, Field(v, i));
  }
}

static void mark_all(Vm *vm) {
  Heap *h = &vm->heap;
  h->mark_overflowed = false;
  h->mark_top = 0;
  vm_mark_roots(vm);
  drain(vm);
  while (h->mark_overflowed) {
    /* Some gray blocks could not be queued: find them again. */
    h->mark_overflowed = false;
    heap_for_each_block(vm, push_if_gray);
    drain(vm);
  }
}

void gc_collect(Vm *vm) {
  Heap *h = &vm->heap;
  if (h->collecting) return;
  h->collecting = true;
  heap_prepare(vm);
  mark_all(vm);
  heap_sweep(vm);
  h->stats.collections++;
  /* The mark stack is kept between collections unless it grew large. */
  if (h->mark_cap > 64 * 1024) {
    free(h->mark_stack);
    h->mark_stack = NULL;
    h->mark_cap = 0;
  }
  h->collecting = false;
  if ((vm->trace & TRACE_GC) && vm->trace_out != NULL)
    fprintf(vm->trace_out, "gc %llu live_words=%llu heap_words=%llu\n",
            (unsigned long long)h->stats.collections, (unsigned long long)h->stats.live_words,
            (unsigned long long)h->stats.heap_words);
}
