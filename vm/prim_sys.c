/* Primitives about the running system: exit, named values, object ids, the
 * stack, the collector. */
#include <stdlib.h>
#include <string.h>

#include "../gc/gc.h"
#include "alloc.h"
#include "fail.h"
#include "vm.h"

/* caml_sys_exit: like ocamlrun, exit without flushing OCaml channels. zvm
 * unwinds every interpreter activation back to the host first (so an
 * embedding host survives), and the CLI then exits with the status. */
value caml_sys_exit(Vm *vm, value code) {
  vm->exiting = true;
  vm->exit_code = Int_val(code);
  caml_raise(vm, Val_unit);
}

value caml_fresh_oo_id(Vm *vm, value unit) {
  (void)unit;
  return Val_long(++vm->oo_id);
}

value caml_register_named_value(Vm *vm, value name, value val) {
  mlsize_t len = caml_string_length(name);
  for (NamedValue *nv = vm->named_values; nv != NULL; nv = nv->next)
    if (strlen(nv->name) == len && memcmp(nv->name, String_val(name), len) == 0) {
      nv->val = val;
      return Val_unit;
    }
  NamedValue *nv = malloc(sizeof(NamedValue) + len + 1);
  if (nv == NULL) caml_raise_out_of_memory(vm);
  memcpy(nv->name, String_val(name), len);
  nv->name[len] = 0;
  nv->val = val;
  nv->next = vm->named_values;
  vm->named_values = nv;
  return Val_unit;
}

value caml_obj_tag(Vm *vm, value v) {
  (void)vm;
  if (Is_long(v)) return Val_int(1000); /* int_tag */
  /* OCaml answers 1001 (out_of_heap_tag) for pointers outside the heap and
   * 1002 (unaligned_tag) for unaligned ones; zvm values are never either. */
  return Val_int(Tag_val(v));
}

value caml_gc_full_major(Vm *vm, value unit) {
  (void)unit;
  gc_collect(vm);
  return Val_unit;
}

value caml_ensure_stack_capacity(Vm *vm, value required) {
  intnat n = Long_val(required);
  if (n < 0 || !vm_ensure_stack(vm, (size_t)n)) caml_raise_stack_overflow(vm);
  return Val_unit;
}
