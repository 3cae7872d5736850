/* The roots of the VM: where marking starts.
 *
 *   the value stack     every word from sp to stack_high (all are values:
 *                       code pointers are stored odd, see value.h); this
 *                       covers the registers of running interpreter
 *                       activations, which push accu and env before calling
 *                       out, and the arguments of running primitives
 *   local roots         C variables pinned by primitives (ROOT)
 *   named values        caml_register_named_value
 *   permanent slots     the predefined exceptions
 *   pinned segments     the main program and what it imports
 *   host handles        values held by an embedding host (zvm.h)
 *   argv, exn_bucket    Sys.argv; an exception in flight from C
 *
 * The global table as a whole is NOT a root: a slot is kept by the live
 * segment that owns it (loader/segment.c), and recycled when it dies.
 */
#include "../gc/gc_internal.h"
#include "../loader/segment.h"
#include "vm.h"

void vm_mark_roots(Vm *vm) {
  for (value *p = vm->sp; p < vm->stack_high; p++) gc_mark(vm, *p);
  for (int i = 0; i < vm->n_local_roots; i++) gc_mark(vm, *vm->local_roots[i]);
  for (NamedValue *nv = vm->named_values; nv != NULL; nv = nv->next) gc_mark(vm, nv->val);
  for (uint32_t i = 0; i < vm->globals_top; i++)
    if (vm->slot_owner[i] == SLOT_PERMANENT) gc_mark(vm, vm->globals[i]);
  segments_mark_roots(vm);
  for (uint32_t i = 0; i < vm->n_handles; i++) gc_mark(vm, vm->handles[i]);
  gc_mark(vm, vm->argv);
  gc_mark(vm, vm->exn_bucket);
}
