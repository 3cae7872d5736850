/* Entering OCaml code from C: callbacks. */
#include "fail.h"
#include "interp.h"
#include "opcodes.h"
#include "vm.h"

/* As ocamlrun's callback.c: push the arguments, a return frame into the
 * stub and the closure, then run the stub
 *     ACC narg+3; APPLY narg; POP 1; STOP
 * which calls the closure and returns its result. */
value vm_callbackN_exn(Vm *vm, value closure, int narg, const value args[]) {
  if (!vm_ensure_stack(vm, (size_t)narg + 4))
    return Make_exception_result(caml_predef_exn(vm, EXN_STACK_OVERFLOW));
  opcode_t *stub = vm->callback_code;
  stub[0] = interp_threaded(vm, OP_ACC);
  stub[1] = narg + 3;
  stub[2] = interp_threaded(vm, OP_APPLY);
  stub[3] = narg;
  stub[4] = interp_threaded(vm, OP_POP);
  stub[5] = 1;
  stub[6] = interp_threaded(vm, OP_STOP);
  value *sp = vm->sp - (narg + 4);
  for (int i = 0; i < narg; i++) sp[i] = args[i];
  sp[narg] = Val_code(stub + 4); /* return address: POP 1; STOP */
  sp[narg + 1] = Val_unit;       /* environment */
  sp[narg + 2] = Val_long(0);    /* extra args */
  sp[narg + 3] = closure;
  vm->sp = sp;
  value res = interp(vm, stub);
  if (Is_exception_result(res)) vm->sp += narg + 4;
  return res;
}

value vm_protect(Vm *vm, value (*fn)(Vm *vm, void *arg), void *arg) {
  ExnBuf buf;
  ExnBuf *const saved_buf = vm->exn_buf;
  const int saved_roots = vm->n_local_roots;
  value *const saved_sp_top = vm->sp;
  const ptrdiff_t saved_sp = vm->stack_high - saved_sp_top;
  if (setjmp(buf.buf)) {
    vm->exn_buf = saved_buf;
    vm->n_local_roots = saved_roots;
    vm->sp = vm->stack_high - saved_sp;
    value exn = vm->exiting ? Atom(vm, 0) : vm->exn_bucket;
    vm->exn_bucket = Val_unit;
    return Make_exception_result(exn);
  }
  vm->exn_buf = &buf;
  value res = fn(vm, arg);
  vm->exn_buf = saved_buf;
  return res;
}
