/* The bytecode interpreter and calls into OCaml code from C. */
#ifndef ZVM_INTERP_H
#define ZVM_INTERP_H

#include <stddef.h>

#include "value.h"

struct Vm;

/* Run code from [prog] with the stack as it is until STOP. Returns accu, or
 * Make_exception_result(exn) if an exception escaped. interp(vm, NULL)
 * initialises vm->jumptable. */
value interp(struct Vm *vm, code_t prog);

/* The word that stands for opcode [op] in loaded code: the address of its
 * label in computed-goto builds, the opcode itself in switch builds. */
opcode_t interp_threaded(struct Vm *vm, int32_t op);

/* Thread [len] verified code words in place, given the verifier's map of
 * instruction starts: each opcode word becomes interp_threaded(op). */
void interp_thread_starts(struct Vm *vm, code_t code, size_t len, const uint8_t *starts);

/* Apply [closure] to [narg] arguments (narg >= 1) and run to completion.
 * Returns the result, or an exception result (Is_exception_result). The
 * arguments are copied to the value stack first, so they need no rooting
 * by the caller during the call. */
value vm_callbackN_exn(struct Vm *vm, value closure, int narg, const value args[]);

/* Run fn(vm, arg) so that an exception raised from C inside it (fail.h) is
 * caught instead of escaping: returns fn's result, or
 * Make_exception_result(exn). For C code that calls raising functions
 * outside the interpreter: the loader, tests, the embedding API. The
 * exception value is not rooted: root it before allocating again. */
value vm_protect(struct Vm *vm, value (*fn)(struct Vm *vm, void *arg), void *arg);

#endif
