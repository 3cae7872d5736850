/* Raising OCaml exceptions from C.
 *
 * A raise from C longjmps to the innermost interpreter activation
 * (vm->exn_buf), which unwinds to the innermost trap frame exactly as the
 * RAISE instruction does. These functions may only be called while an
 * interpreter activation is running (from primitives and from allocation
 * inside the interpreter); code outside the interpreter reports errors by
 * return value instead.
 */
#ifndef ZVM_FAIL_H
#define ZVM_FAIL_H

#include <stdbool.h>

#include "value.h"

struct Vm;

_Noreturn void caml_raise(struct Vm *vm, value exn);
_Noreturn void caml_raise_constant(struct Vm *vm, value tag);
_Noreturn void caml_raise_with_arg(struct Vm *vm, value tag, value arg);
_Noreturn void caml_raise_with_string(struct Vm *vm, value tag, const char *msg);
_Noreturn void caml_failwith(struct Vm *vm, const char *msg);
_Noreturn void caml_failwith_value(struct Vm *vm, value msg);
_Noreturn void caml_invalid_argument(struct Vm *vm, const char *msg);
_Noreturn void caml_raise_out_of_memory(struct Vm *vm);
_Noreturn void caml_raise_stack_overflow(struct Vm *vm);
_Noreturn void caml_raise_sys_error(struct Vm *vm, value msg);
_Noreturn void caml_raise_end_of_file(struct Vm *vm);
_Noreturn void caml_raise_zero_divide(struct Vm *vm);
_Noreturn void caml_raise_not_found(struct Vm *vm);
_Noreturn void caml_array_bound_error(struct Vm *vm);

/* The constructor of predefined exception [i] (EXN_* in vm.h). */
value caml_predef_exn(struct Vm *vm, int i);

/* Make the 12 predefined exception constructors (at VM creation). */
bool fail_init_predefined(struct Vm *vm);

/* ocamlrun's rendering of an exception, as in "Fatal error: exception
 * %s": Not_found, Failure("boom"), Assert_failure("a.ml", 3, 5)... The
 * result is malloc'ed; NULL if memory is short. */
char *caml_format_exception(struct Vm *vm, value exn);

#endif
