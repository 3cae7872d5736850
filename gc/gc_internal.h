/* Shared between the parts of the collector; not for other modules. */
#ifndef ZVM_GC_INTERNAL_H
#define ZVM_GC_INTERNAL_H

#include "gc.h"

struct Vm;

/* A page of GC_PAGE_WORDS words, aligned on its size, holding cells of
 * [whsize] words (a header and wosize fields). */
struct GcPage {
  GcPage *next;
  uint32_t whsize;
  uint32_t ncells;
  uint32_t top;         /* cells [0, top) have been handed out (valid headers) */
  uint32_t top_swept;   /* top just after the last sweep (for the statistics) */
  uint32_t nlive;       /* cells marked by the current collection */
  uint32_t nlisted;     /* cells the last sweep put on a free list */
  uint32_t still_free;  /* of those, still on it when this sweep began */
  bool finalizable;     /* may hold a custom block with a finalizer */
  value cells[];
};

/* The page holding small block [v] (1 <= wosize <= GC_SMALL_WOSIZE). */
static inline GcPage *gc_page_of(value v) {
  return (GcPage *)((uintptr_t)v & ~(uintptr_t)(GC_PAGE_BYTES - 1));
}

static inline bool gc_is_small(header_t hd) {
  return Wosize_hd(hd) - 1 < GC_SMALL_WOSIZE; /* 1..GC_SMALL_WOSIZE */
}

/* heap.c */
void heap_prepare(struct Vm *vm); /* before marking: see heap.c */
void heap_sweep(struct Vm *vm);
void heap_for_each_block(struct Vm *vm, void (*fn)(struct Vm *vm, value v));
void heap_release_all(struct Vm *vm);

/* roots.c (in vm/): mark every root of the VM with gc_mark. */
void vm_mark_roots(struct Vm *vm);

#endif
