/* Shared between the parts of the collector; not for other modules. */
#ifndef ZVM_GC_INTERNAL_H
#define ZVM_GC_INTERNAL_H

#include "gc.h"

struct Vm;

/* heap.c */
void heap_sweep(struct Vm *vm);
void heap_for_each_block(struct Vm *vm, void (*fn)(struct Vm *vm, value v));
void heap_release_all(struct Vm *vm);

/* roots.c (in vm/): mark every root of the VM with gc_mark. */
void vm_mark_roots(struct Vm *vm);

#endif
