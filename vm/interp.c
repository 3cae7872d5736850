/* The bytecode interpreter: OCaml 4.13's ZINC machine.
 *
 * Registers of the abstract machine, kept in C locals while it runs:
 *
 *   pc          the code pointer (into a segment's code words)
 *   sp          the stack pointer; the stack grows downward
 *   accu        the accumulator
 *   env         the current closure (its free variables, its siblings, and,
 *               for collectable code, its code segment in the last field)
 *   extra_args  how many arguments the caller passed beyond the first
 *   vm->trapsp  the innermost trap frame (kept in the VM: rarely used)
 *
 * Stack frames (sp[0] first):
 *
 *   return frame  [saved pc, saved env, Val_long(saved extra_args)]
 *   trap frame    [handler pc, Val_long(link offset), env, extra_args]
 *   C call frame  [accu, env]             while a primitive runs
 *   GC frame      [accu, env]             while the allocator runs
 *
 * Saved pcs are stored odd (value.h), so every stack word is a value and the
 * collector scans the stack from sp up without knowing its frame layout.
 * Whatever the interpreter needs kept alive while it calls out (accu, env)
 * is pushed on the stack first: the stack above vm->sp is the only root the
 * interpreter adds, so nothing stale is ever retained.
 *
 * Dispatch: computed goto on threaded code (each opcode word replaced by its
 * label's address when the code is loaded) or a portable switch, chosen by
 * ZVM_COMPUTED_GOTO in vm/config.h; the instruction bodies are the same
 * text for both.
 */
#include "interp.h"

#include <math.h>
#include <stdlib.h>

#include "../gc/gc.h"
#include "fail.h"
#include "opcodes.h"
#include "prims.h"
#include "vm.h"

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

/* ---- Dispatch ------------------------------------------------------------ */

#if ZVM_COMPUTED_GOTO
#define Instruct(name) lbl_##name
#define Next goto *(const void *)*pc++
#define FALLTHROUGH
#else
#define Instruct(name) case OP_##name
#define Next break
#if defined(__GNUC__)
#define FALLTHROUGH __attribute__((fallthrough))
#else
#define FALLTHROUGH
#endif
#endif

/* ---- Calling out --------------------------------------------------------- */

/* Around anything that may collect: make accu and env roots, publish sp. */
#define Setup_for_gc \
  { sp -= 2; sp[0] = accu; sp[1] = env; vm->sp = sp; }
#define Restore_after_gc \
  { sp += 2; }

/* Around a primitive: the same frame. The stack may have moved if the
 * primitive ran OCaml code (a nested activation can grow it), so sp is
 * reloaded from the VM. */
#define Setup_for_c_call Setup_for_gc
#define Restore_after_c_call \
  { sp = vm->sp + 2; }

/* Allocate a block of [wosize] words, fields uninitialised: the inline
 * fast path, else the allocator, which may collect (accu and env are
 * pushed as roots first). [result] may be any variable, accu included. */
#define Alloc_block(result, wosize, tag)                                     \
  do {                                                                       \
    mlsize_t alloc_wosize__ = (wosize);                                      \
    value alloc_v__ = 0;                                                     \
    if (LIKELY(alloc_wosize__ <= GC_SMALL_WOSIZE))                           \
      alloc_v__ = gc_alloc_fast(heap, alloc_wosize__, (tag));                \
    if (UNLIKELY(alloc_v__ == 0)) {                                          \
      Setup_for_gc;                                                          \
      alloc_v__ = gc_alloc(vm, alloc_wosize__, (tag));                       \
      Restore_after_gc;                                                      \
    }                                                                        \
    result = alloc_v__;                                                      \
  } while (0)

/* accu = a fresh boxed float holding [d] (a double computed beforehand:
 * the allocation may collect). */
#define Accu_box_double(d)                     \
  do {                                         \
    double box_d__ = (d);                      \
    value box_v__;                             \
    Alloc_block(box_v__, Double_wosize, Double_tag); \
    Store_double_val(box_v__, box_d__);        \
    accu = box_v__;                            \
  } while (0)

/* The code segment of the running code: the last field of the closure
 * block that env belongs to (an infix closure's enclosing block). Only
 * collectable code, whose closures all carry it, executes the DYN
 * instructions that ask for it. */
static inline value env_segment(value env) {
  if (Tag_val(env) == Infix_tag) env -= (value)Infix_offset_val(env);
  return Field(env, Wosize_val(env) - 1);
}

/* ---- The interpreter ----------------------------------------------------- */

value interp(Vm *vm, code_t prog) {
  code_t pc;
  value *sp;
  value accu;
  value env;
  intnat extra_args;
  int dyn; /* CLOSURE(REC) or its DYN form */
  Heap *const heap = &vm->heap;
  ExnBuf raise_buf;
  ExnBuf *const initial_exn_buf = vm->exn_buf;
  const int initial_local_roots = vm->n_local_roots;
  ptrdiff_t initial_sp_offset;
#if ZVM_COMPUTED_GOTO
  static const void *const jumptable[SPECIALISED_LIMIT] = {
#define OP(name, num, o1, o2, stack, flow, meaning) [num] = &&lbl_##name,
#include "opcodes.def"
#undef OP
#define PRIMOP(name, call, prim, meaning) [OP_##name] = &&lbl_##name,
#define FUSED(name, first, second, meaning) [OP_##name] = &&lbl_##name,
#define HOSTCALL(name, meaning) [OP_##name] = &&lbl_##name,
#include "specialised.def"
#undef PRIMOP
#undef FUSED
#undef HOSTCALL
  };
#endif

  if (prog == NULL) {
    /* Initialisation: publish the jump table for the code threader. */
#if ZVM_COMPUTED_GOTO
    vm->jumptable = jumptable;
#else
    vm->jumptable = NULL;
#endif
    return Val_unit;
  }

  if (vm->callback_depth >= ZVM_MAX_CALLBACK_DEPTH) {
    return Make_exception_result(caml_predef_exn(vm, EXN_STACK_OVERFLOW));
  }
  vm->callback_depth++;
  initial_sp_offset = vm->stack_high - vm->sp;

  if (setjmp(raise_buf.buf)) {
    /* A primitive or the allocator raised vm->exn_bucket. */
    vm->n_local_roots = initial_local_roots;
    sp = vm->sp;
    accu = vm->exn_bucket;
    vm->exn_bucket = Val_unit;
    if (vm->exiting) {
      /* caml_sys_exit: no handler may run; unwind to the host, dropping
       * this activation's trap frames. */
      while (vm->trapsp < vm->stack_high - initial_sp_offset) vm->trapsp += Long_val(vm->trapsp[1]);
      accu = Atom(vm, 0);
      goto leave_with_exception;
    }
    goto raise_notrace;
  }
  vm->exn_buf = &raise_buf;

  sp = vm->sp;
  pc = prog;
  extra_args = 0;
  env = Atom(vm, 0);
  accu = Val_int(0);

#if ZVM_COMPUTED_GOTO
  Next;
#else
  for (;;) {
    switch (*pc++) {
#endif

    /* ---- Stack and environment access ---- */

    Instruct(ACC0): accu = sp[0]; Next;
    Instruct(ACC1): accu = sp[1]; Next;
    Instruct(ACC2): accu = sp[2]; Next;
    Instruct(ACC3): accu = sp[3]; Next;
    Instruct(ACC4): accu = sp[4]; Next;
    Instruct(ACC5): accu = sp[5]; Next;
    Instruct(ACC6): accu = sp[6]; Next;
    Instruct(ACC7): accu = sp[7]; Next;

    Instruct(PUSH):
    Instruct(PUSHACC0): *--sp = accu; Next;
    Instruct(PUSHACC1): *--sp = accu; accu = sp[1]; Next;
    Instruct(PUSHACC2): *--sp = accu; accu = sp[2]; Next;
    Instruct(PUSHACC3): *--sp = accu; accu = sp[3]; Next;
    Instruct(PUSHACC4): *--sp = accu; accu = sp[4]; Next;
    Instruct(PUSHACC5): *--sp = accu; accu = sp[5]; Next;
    Instruct(PUSHACC6): *--sp = accu; accu = sp[6]; Next;
    Instruct(PUSHACC7): *--sp = accu; accu = sp[7]; Next;

    Instruct(PUSHACC):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(ACC):
      accu = sp[*pc++];
      Next;

    Instruct(POP):
      sp += *pc++;
      Next;
    Instruct(ASSIGN):
      sp[*pc++] = accu;
      accu = Val_unit;
      Next;

    Instruct(ENVACC1): accu = Field(env, 1); Next;
    Instruct(ENVACC2): accu = Field(env, 2); Next;
    Instruct(ENVACC3): accu = Field(env, 3); Next;
    Instruct(ENVACC4): accu = Field(env, 4); Next;

    Instruct(PUSHENVACC1): *--sp = accu; accu = Field(env, 1); Next;
    Instruct(PUSHENVACC2): *--sp = accu; accu = Field(env, 2); Next;
    Instruct(PUSHENVACC3): *--sp = accu; accu = Field(env, 3); Next;
    Instruct(PUSHENVACC4): *--sp = accu; accu = Field(env, 4); Next;

    Instruct(PUSHENVACC):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(ENVACC):
      accu = Field(env, *pc++);
      Next;

    /* ---- Function application ---- */

    Instruct(PUSH_RETADDR):
      sp -= 3;
      sp[0] = Val_code(pc + *pc);
      sp[1] = env;
      sp[2] = Val_long(extra_args);
      pc++;
      Next;

    Instruct(APPLY):
      extra_args = *pc - 1;
      pc = Code_val(accu);
      env = accu;
      goto check_stacks;

    Instruct(APPLY1):
    apply1: {
      value arg1 = sp[0];
      sp -= 3;
      sp[0] = arg1;
      sp[1] = Val_code(pc);
      sp[2] = env;
      sp[3] = Val_long(extra_args);
      pc = Code_val(accu);
      env = accu;
      extra_args = 0;
      goto check_stacks;
    }
    Instruct(APPLY2):
    apply2: {
      value arg1 = sp[0], arg2 = sp[1];
      sp -= 3;
      sp[0] = arg1;
      sp[1] = arg2;
      sp[2] = Val_code(pc);
      sp[3] = env;
      sp[4] = Val_long(extra_args);
      pc = Code_val(accu);
      env = accu;
      extra_args = 1;
      goto check_stacks;
    }
    Instruct(APPLY3):
    apply3: {
      value arg1 = sp[0], arg2 = sp[1], arg3 = sp[2];
      sp -= 3;
      sp[0] = arg1;
      sp[1] = arg2;
      sp[2] = arg3;
      sp[3] = Val_code(pc);
      sp[4] = env;
      sp[5] = Val_long(extra_args);
      pc = Code_val(accu);
      env = accu;
      extra_args = 2;
      goto check_stacks;
    }

    Instruct(APPTERM): {
      /* Slide the nargs top words to the top of the current frame of
       * slotsize words, discarding the rest of it. */
      int nargs = *pc++;
      int slotsize = *pc;
      value *newsp = sp + slotsize - nargs;
      for (int i = nargs - 1; i >= 0; i--) newsp[i] = sp[i];
      sp = newsp;
      pc = Code_val(accu);
      env = accu;
      extra_args += nargs - 1;
      goto check_stacks;
    }
    Instruct(APPTERM1):
    appterm1: {
      value arg1 = sp[0];
      sp = sp + *pc - 1;
      sp[0] = arg1;
      pc = Code_val(accu);
      env = accu;
      goto check_stacks;
    }
    Instruct(APPTERM2):
    appterm2: {
      value arg1 = sp[0], arg2 = sp[1];
      sp = sp + *pc - 2;
      sp[0] = arg1;
      sp[1] = arg2;
      pc = Code_val(accu);
      env = accu;
      extra_args += 1;
      goto check_stacks;
    }
    Instruct(APPTERM3):
    appterm3: {
      value arg1 = sp[0], arg2 = sp[1], arg3 = sp[2];
      sp = sp + *pc - 3;
      sp[0] = arg1;
      sp[1] = arg2;
      sp[2] = arg3;
      pc = Code_val(accu);
      env = accu;
      extra_args += 2;
      goto check_stacks;
    }

    Instruct(RETURN):
    do_return:
      sp += *pc++;
      if (extra_args > 0) {
        /* Over-application: the result is a function, apply it to the
         * remaining arguments, already on the stack. */
        extra_args--;
        pc = Code_val(accu);
        env = accu;
      } else {
        pc = Code_val_raw(sp[0]);
        env = sp[1];
        extra_args = Long_val(sp[2]);
        sp += 3;
      }
      Next;

    Instruct(RESTART): {
      /* env is a partial application [RESTART code, info, closure, args]:
       * push its arguments back and continue with the real closure. A
       * function of many parameters can push more than the margin the
       * verifier reserved, so this is checked like a call. */
      int num_args = (int)Wosize_val(env) - 3;
      if (UNLIKELY(sp - num_args < vm->stack_threshold)) {
        vm->sp = sp;
        if (!vm_ensure_stack(vm, (size_t)num_args)) {
          accu = caml_predef_exn(vm, EXN_STACK_OVERFLOW);
          goto raise_notrace;
        }
        sp = vm->sp;
      }
      sp -= num_args;
      for (int i = 0; i < num_args; i++) sp[i] = Field(env, i + 3);
      env = Field(env, 2);
      extra_args += num_args;
      Next;
    }

    Instruct(GRAB): {
      int required = *pc++;
      if (extra_args < required) goto grab_pap;
      extra_args -= required;
      Next;
    }
    grab_pap: {
      /* Too few arguments: return a partial application that will re-enter
       * at the RESTART just before this GRAB (pc is past GRAB's operand). */
      mlsize_t num_args = 1 + (mlsize_t)extra_args;
      value pap;
      Alloc_block(pap, num_args + 3, Closure_tag);
      Field(pap, 0) = Val_code(pc - 3);
      Field(pap, 1) = Make_closinfo(0, 2);
      Field(pap, 2) = env;
      for (mlsize_t i = 0; i < num_args; i++) Field(pap, i + 3) = sp[i];
      accu = pap;
      sp += num_args;
      pc = Code_val_raw(sp[0]);
      env = sp[1];
      extra_args = Long_val(sp[2]);
      sp += 3;
      Next;
    }

    Instruct(CLOSURE):
      dyn = 0;
      goto closure;
    Instruct(CLOSUREDYN):
      /* As CLOSURE, plus a last field holding the running code's segment. */
      dyn = 1;
    closure: {
      int nvars = *pc++;
      mlsize_t size = 2 + (mlsize_t)nvars + (mlsize_t)dyn;
      value clos;
      if (nvars > 0) *--sp = accu;
      Alloc_block(clos, size, Closure_tag);
      Field(clos, 0) = Val_code(pc + *pc);
      Field(clos, 1) = Make_closinfo(0, 2);
      for (int i = 0; i < nvars; i++) Field(clos, i + 2) = sp[i];
      if (dyn) Field(clos, size - 1) = env_segment(env);
      accu = clos;
      pc++;
      sp += nvars;
      Next;
    }

    Instruct(CLOSUREREC):
      dyn = 0;
      goto closurerec;
    Instruct(CLOSURERECDYN):
      dyn = 1;
    closurerec: {
      int nfuncs = *pc++;
      int nvars = *pc++;
      mlsize_t envofs = (mlsize_t)nfuncs * 3 - 1;
      mlsize_t size = envofs + (mlsize_t)nvars + (mlsize_t)dyn;
      value clos;
      value *p;
      if (nvars > 0) *--sp = accu;
      Alloc_block(clos, size, Closure_tag);
      p = &Field(clos, envofs);
      for (int i = 0; i < nvars; i++) *p++ = sp[i];
      if (dyn) *p = env_segment(env);
      sp += nvars;
      *--sp = clos;
      p = &Field(clos, 0);
      *p++ = Val_code(pc + pc[0]);
      *p++ = Make_closinfo(0, envofs);
      for (int i = 1; i < nfuncs; i++) {
        *p++ = (value)Make_header((mlsize_t)i * 3, Infix_tag, Caml_white);
        *--sp = (value)p;
        *p++ = Val_code(pc + pc[i]);
        envofs -= 3;
        *p++ = Make_closinfo(0, envofs);
      }
      accu = clos;
      pc += nfuncs;
      Next;
    }

    Instruct(PUSHOFFSETCLOSURE):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(OFFSETCLOSURE):
      accu = env + *pc++ * (value)sizeof(value);
      Next;
    Instruct(PUSHOFFSETCLOSUREM3):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(OFFSETCLOSUREM3):
      accu = env - 3 * (value)sizeof(value);
      Next;
    Instruct(PUSHOFFSETCLOSURE0):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(OFFSETCLOSURE0):
      accu = env;
      Next;
    Instruct(PUSHOFFSETCLOSURE3):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(OFFSETCLOSURE3):
      accu = env + 3 * (value)sizeof(value);
      Next;

    /* ---- Globals ---- */

    Instruct(PUSHGETGLOBAL):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(GETGLOBAL):
      accu = vm->globals[*pc++];
      Next;
    Instruct(PUSHGETGLOBALFIELD):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(GETGLOBALFIELD):
      accu = vm->globals[*pc++];
      accu = Field(accu, *pc++);
      Next;
    Instruct(SETGLOBAL):
      vm->globals[*pc++] = accu;
      accu = Val_unit;
      Next;

    /* ---- Allocation ---- */

    Instruct(PUSHATOM0):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(ATOM0):
      accu = Atom(vm, 0);
      Next;
    Instruct(PUSHATOM):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(ATOM):
      accu = Atom(vm, *pc++);
      Next;

    Instruct(MAKEBLOCK): {
      mlsize_t wosize = (mlsize_t)*pc++;
      tag_t tag = (tag_t)*pc++;
      value block;
      Alloc_block(block, wosize, tag);
      Field(block, 0) = accu;
      for (mlsize_t i = 1; i < wosize; i++) Field(block, i) = *sp++;
      accu = block;
      Next;
    }
    Instruct(MAKEBLOCK1): {
      tag_t tag = (tag_t)*pc++;
      value block;
      Alloc_block(block, 1, tag);
      Field(block, 0) = accu;
      accu = block;
      Next;
    }
    Instruct(MAKEBLOCK2): {
      tag_t tag = (tag_t)*pc++;
      value block;
      Alloc_block(block, 2, tag);
      Field(block, 0) = accu;
      Field(block, 1) = sp[0];
      sp += 1;
      accu = block;
      Next;
    }
    Instruct(MAKEBLOCK3): {
      tag_t tag = (tag_t)*pc++;
      value block;
      Alloc_block(block, 3, tag);
      Field(block, 0) = accu;
      Field(block, 1) = sp[0];
      Field(block, 2) = sp[1];
      sp += 2;
      accu = block;
      Next;
    }
    Instruct(MAKEFLOATBLOCK): {
      mlsize_t size = (mlsize_t)*pc++;
      value block;
      Alloc_block(block, size * Double_wosize, Double_array_tag);
      Store_double_flat_field(block, 0, Double_val(accu));
      for (mlsize_t i = 1; i < size; i++) Store_double_flat_field(block, i, Double_val(*sp++));
      accu = block;
      Next;
    }

    /* ---- Fields ---- */

    Instruct(GETFIELD0): accu = Field(accu, 0); Next;
    Instruct(GETFIELD1): accu = Field(accu, 1); Next;
    Instruct(GETFIELD2): accu = Field(accu, 2); Next;
    Instruct(GETFIELD3): accu = Field(accu, 3); Next;
    Instruct(GETFIELD): accu = Field(accu, *pc++); Next;
    Instruct(GETFLOATFIELD):
      /* (Alloc_block saves accu, the record, while it may collect.) */
      Accu_box_double(Double_flat_field(accu, (mlsize_t)*pc++));
      Next;

    Instruct(SETFIELD0): Field(accu, 0) = *sp++; accu = Val_unit; Next;
    Instruct(SETFIELD1): Field(accu, 1) = *sp++; accu = Val_unit; Next;
    Instruct(SETFIELD2): Field(accu, 2) = *sp++; accu = Val_unit; Next;
    Instruct(SETFIELD3): Field(accu, 3) = *sp++; accu = Val_unit; Next;
    Instruct(SETFIELD): Field(accu, *pc++) = *sp++; accu = Val_unit; Next;
    Instruct(SETFLOATFIELD):
      Store_double_flat_field(accu, (mlsize_t)*pc++, Double_val(*sp++));
      accu = Val_unit;
      Next;

    /* ---- Arrays, strings ---- */

    Instruct(VECTLENGTH): {
      mlsize_t size = Wosize_val(accu);
      if (Tag_val(accu) == Double_array_tag) size = size / Double_wosize;
      accu = Val_long(size);
      Next;
    }
    Instruct(GETVECTITEM):
      accu = Field(accu, Long_val(sp[0]));
      sp += 1;
      Next;
    Instruct(SETVECTITEM):
      Field(accu, Long_val(sp[0])) = sp[1];
      accu = Val_unit;
      sp += 2;
      Next;
    Instruct(GETSTRINGCHAR):
    Instruct(GETBYTESCHAR):
      accu = Val_int(Byte_u(accu, Long_val(sp[0])));
      sp += 1;
      Next;
    Instruct(SETBYTESCHAR):
      Byte_u(accu, Long_val(sp[0])) = (unsigned char)Int_val(sp[1]);
      sp += 2;
      accu = Val_unit;
      Next;

    /* ---- Branches ---- */

    Instruct(BRANCH):
      pc += *pc;
      Next;
    Instruct(BRANCHIF):
      if (accu != Val_false) pc += *pc; else pc++;
      Next;
    Instruct(BRANCHIFNOT):
      if (accu == Val_false) pc += *pc; else pc++;
      Next;
    Instruct(SWITCH): {
      /* ocamlc guards the index (with ISINT/ULTINT before), but the
       * verifier cannot prove it, so a case outside the table is caught
       * here: one compare, instead of a jump anywhere. */
      uint32_t sizes = (uint32_t)*pc++;
      uintnat index, ncases;
      if (Is_block(accu)) {
        index = Tag_val(accu);
        ncases = sizes >> 16;
        if (UNLIKELY(index >= ncases)) goto bad_switch;
        pc += pc[(sizes & 0xFFFF) + index];
      } else {
        index = (uintnat)Long_val(accu);
        ncases = sizes & 0xFFFF;
        if (UNLIKELY(index >= ncases)) goto bad_switch;
        pc += pc[index];
      }
      Next;
    bad_switch:
      Setup_for_c_call;
      caml_invalid_argument(vm, "SWITCH: case out of range (ill-typed bytecode)");
    }
    Instruct(BOOLNOT):
      accu = Val_not(accu);
      Next;

    /* ---- Exceptions ---- */

    Instruct(PUSHTRAP):
      sp -= 4;
      sp[0] = Val_code(pc + *pc);
      sp[1] = Val_long(vm->trapsp - sp);
      sp[2] = env;
      sp[3] = Val_long(extra_args);
      vm->trapsp = sp;
      pc++;
      Next;

    Instruct(POPTRAP):
      vm->trapsp = sp + Long_val(sp[1]);
      sp += 4;
      Next;

    Instruct(RAISE):
    Instruct(RERAISE):
    Instruct(RAISE_NOTRACE):
    raise_notrace:
      if (vm->trapsp >= vm->stack_high - initial_sp_offset) goto leave_with_exception;
      sp = vm->trapsp;
      pc = Code_val_raw(sp[0]);
      vm->trapsp = sp + Long_val(sp[1]);
      env = sp[2];
      extra_args = Long_val(sp[3]);
      sp += 4;
      Next;

    /* ---- Stack checks ---- */

    check_stacks:
      if (UNLIKELY(sp < vm->stack_threshold)) {
        vm->sp = sp;
        if (!vm_ensure_stack(vm, 0)) {
          accu = caml_predef_exn(vm, EXN_STACK_OVERFLOW);
          goto raise_notrace;
        }
        sp = vm->sp;
      }
      Next;

    Instruct(CHECK_SIGNALS):
    Instruct(EVENT):
    Instruct(BREAK):
      Next;

    /* ---- C calls ---- */

    Instruct(C_CALL1):
      Setup_for_c_call;
      accu = prim_table[*pc].u.f1(vm, accu);
      Restore_after_c_call;
      pc++;
      Next;
    Instruct(C_CALL2):
      Setup_for_c_call;
      accu = prim_table[*pc].u.f2(vm, accu, sp[2]);
      Restore_after_c_call;
      sp += 1;
      pc++;
      Next;
    Instruct(C_CALL3):
      Setup_for_c_call;
      accu = prim_table[*pc].u.f3(vm, accu, sp[2], sp[3]);
      Restore_after_c_call;
      sp += 2;
      pc++;
      Next;
    Instruct(C_CALL4):
      Setup_for_c_call;
      accu = prim_table[*pc].u.f4(vm, accu, sp[2], sp[3], sp[4]);
      Restore_after_c_call;
      sp += 3;
      pc++;
      Next;
    Instruct(C_CALL5):
      Setup_for_c_call;
      accu = prim_table[*pc].u.f5(vm, accu, sp[2], sp[3], sp[4], sp[5]);
      Restore_after_c_call;
      sp += 4;
      pc++;
      Next;
    Instruct(C_CALLN): {
      int nargs = *pc++;
      *--sp = accu;
      Setup_for_c_call;
      if (*pc < PRIM_INDEX_COUNT)
        accu = prim_table[*pc].u.fn(vm, sp + 2, nargs);
      else
        accu = host_prim_call(vm, (int)*pc, sp + 2, nargs);
      Restore_after_c_call;
      sp += nargs;
      pc++;
      Next;
    }
    Instruct(C_CALLHOST): {
      /* C_CALL1..5 of a host primitive (vm/hostprim.c): its arguments laid
       * out as C_CALLN has them. */
      int nargs = prim_arity(vm, (int)*pc);
      *--sp = accu;
      Setup_for_c_call;
      accu = host_prim_call(vm, (int)*pc, sp + 2, nargs);
      Restore_after_c_call;
      sp += nargs;
      pc++;
      Next;
    }

    /* ---- Integer constants and arithmetic ---- */

    Instruct(CONST0): accu = Val_int(0); Next;
    Instruct(CONST1): accu = Val_int(1); Next;
    Instruct(CONST2): accu = Val_int(2); Next;
    Instruct(CONST3): accu = Val_int(3); Next;
    Instruct(PUSHCONST0): *--sp = accu; accu = Val_int(0); Next;
    Instruct(PUSHCONST1): *--sp = accu; accu = Val_int(1); Next;
    Instruct(PUSHCONST2): *--sp = accu; accu = Val_int(2); Next;
    Instruct(PUSHCONST3): *--sp = accu; accu = Val_int(3); Next;
    Instruct(PUSHCONSTINT):
      *--sp = accu;
      FALLTHROUGH;
    Instruct(CONSTINT):
      accu = Val_int(*pc++);
      Next;

    /* Arithmetic wraps modulo 2^63 as in OCaml: it is done on unsigned
     * words so that overflow is defined in C. */
    Instruct(NEGINT): accu = (value)(2 - (uintnat)accu); Next;
    Instruct(ADDINT): accu = (value)((uintnat)accu + (uintnat)*sp++ - 1); Next;
    Instruct(SUBINT): accu = (value)((uintnat)accu - (uintnat)*sp++ + 1); Next;
    Instruct(MULINT):
      accu = Val_long((uintnat)Long_val(accu) * (uintnat)Long_val(*sp++));
      Next;
    Instruct(DIVINT): {
      intnat divisor = Long_val(*sp++);
      if (divisor == 0) {
        vm->sp = sp;
        caml_raise_zero_divide(vm);
      }
      /* min_int / -1 cannot overflow: Long_val is at most 62 bits. */
      accu = Val_long(Long_val(accu) / divisor);
      Next;
    }
    Instruct(MODINT): {
      intnat divisor = Long_val(*sp++);
      if (divisor == 0) {
        vm->sp = sp;
        caml_raise_zero_divide(vm);
      }
      accu = Val_long(Long_val(accu) % divisor);
      Next;
    }
    Instruct(ANDINT): accu = (value)((uintnat)accu & (uintnat)*sp++); Next;
    Instruct(ORINT): accu = (value)((uintnat)accu | (uintnat)*sp++); Next;
    Instruct(XORINT): accu = (value)(((uintnat)accu ^ (uintnat)*sp++) | 1); Next;
    /* Shift counts outside 0..63 are unspecified in OCaml; zvm masks them
     * (as x86 hardware does) so that C never sees an undefined shift. */
    Instruct(LSLINT):
      accu = (value)((((uintnat)accu - 1) << (Long_val(*sp++) & 63)) + 1);
      Next;
    Instruct(LSRINT):
      accu = (value)(((uintnat)accu >> (Long_val(*sp++) & 63)) | 1);
      Next;
    Instruct(ASRINT):
      accu = (value)((accu >> (Long_val(*sp++) & 63)) | 1);
      Next;

#define Integer_comparison(typ, opname, tst) \
    Instruct(opname): accu = Val_int((typ)accu tst (typ)*sp++); Next;

    Integer_comparison(intnat, EQ, ==)
    Integer_comparison(intnat, NEQ, !=)
    Integer_comparison(intnat, LTINT, <)
    Integer_comparison(intnat, LEINT, <=)
    Integer_comparison(intnat, GTINT, >)
    Integer_comparison(intnat, GEINT, >=)
    Integer_comparison(uintnat, ULTINT, <)
    Integer_comparison(uintnat, UGEINT, >=)

    /* Compare-and-branch: the immediate is the LEFT operand. */
#define Integer_branch_comparison(typ, opname, tst) \
    Instruct(opname): \
      if ((typ)(intnat)*pc++ tst (typ)Long_val(accu)) pc += *pc; else pc++; \
      Next;

    Integer_branch_comparison(intnat, BEQ, ==)
    Integer_branch_comparison(intnat, BNEQ, !=)
    Integer_branch_comparison(intnat, BLTINT, <)
    Integer_branch_comparison(intnat, BLEINT, <=)
    Integer_branch_comparison(intnat, BGTINT, >)
    Integer_branch_comparison(intnat, BGEINT, >=)
    Integer_branch_comparison(uintnat, BULTINT, <)
    Integer_branch_comparison(uintnat, BUGEINT, >=)

    Instruct(OFFSETINT):
      accu = (value)((uintnat)accu + ((uintnat)(intnat)*pc++ << 1));
      Next;
    Instruct(OFFSETREF):
      Field(accu, 0) = (value)((uintnat)Field(accu, 0) + ((uintnat)(intnat)*pc++ << 1));
      accu = Val_unit;
      Next;
    Instruct(ISINT):
      accu = Val_long(accu & 1);
      Next;

    /* ---- Objects ---- */

    Instruct(GETMETHOD):
      accu = Field(Field(sp[0], 0), Int_val(accu));
      Next;

    Instruct(GETPUBMET):
      /* Without OCaml's inline cache: zvm code stays read-only. */
      *--sp = accu;
      accu = Val_int(*pc);
      pc += 2;
      FALLTHROUGH;
    Instruct(GETDYNMET): {
      /* accu is the method tag, sp[0] the object; binary search in the
       * method table [n; mask; (closure, tag)...] sorted by tag. */
      value meths = Field(sp[0], 0);
      intnat li = 3, hi = Field(meths, 0), mi;
      while (li < hi) {
        mi = ((li + hi) >> 1) | 1;
        if (accu < Field(meths, mi)) hi = mi - 2;
        else li = mi;
      }
      accu = Field(meths, li - 1);
      Next;
    }

    /* ---- Specialised forms (vm/specialised.def) ----
     *
     * Each stands for the instructions it replaced, whose words are all
     * still in place after its own opcode word: pc points at the word
     * after it, where the first instruction's operands, then the second
     * instruction's opcode word and operands, are. A fused form does the
     * first instruction's work, steps over the second's opcode word and
     * does the second's, often by jumping to its body. */

    /* Primitives computed here instead of called: the same results and
     * exceptions as vm/prim_float.c, prim_string.c and prim_array.c. The
     * primitive's operand word is skipped. */
#define Float_arith(name, expr)                \
    Instruct(name): {                          \
      double x = Double_val(accu), y = Double_val(sp[0]); \
      Accu_box_double(expr);                   \
      sp += 1;                                 \
      pc++;                                    \
      Next;                                    \
    }
    Float_arith(ADDFLOAT, x + y)
    Float_arith(SUBFLOAT, x - y)
    Float_arith(MULFLOAT, x * y)
    Float_arith(DIVFLOAT, x / y)
#undef Float_arith
#define Float_unary(name, expr)                \
    Instruct(name):                            \
      Accu_box_double(expr);                   \
      pc++;                                    \
      Next;
    Float_unary(NEGFLOAT, -Double_val(accu))
    Float_unary(SQRTFLOAT, sqrt(Double_val(accu)))
    Float_unary(FLOATOFINT, (double)Long_val(accu))
#undef Float_unary
#define Float_comparison(name, tst)            \
    Instruct(name):                            \
      accu = Val_bool(Double_val(accu) tst Double_val(sp[0])); \
      sp += 1;                                 \
      pc++;                                    \
      Next;
    Float_comparison(EQFLOAT, ==)
    Float_comparison(NEQFLOAT, !=)
    Float_comparison(LTFLOAT, <)
    Float_comparison(LEFLOAT, <=)
    Float_comparison(GTFLOAT, >)
    Float_comparison(GEFLOAT, >=)
#undef Float_comparison

    /* Index checks as the primitives make them; a failed one raises from a
     * C call frame, as the primitive would have. */
#define Check_index(idx, length)                      \
      if (UNLIKELY((uintnat)(idx) >= (uintnat)(length))) { \
        Setup_for_c_call;                             \
        caml_array_bound_error(vm);                   \
      }
    Instruct(STRINGGET):
    Instruct(BYTESGET): {
      intnat idx = Long_val(sp[0]);
      Check_index(idx, caml_string_length(accu));
      accu = Val_int(Byte_u(accu, idx));
      sp += 1;
      pc++;
      Next;
    }
    Instruct(BYTESSET): {
      intnat idx = Long_val(sp[0]);
      Check_index(idx, caml_string_length(accu));
      Byte_u(accu, idx) = (unsigned char)Long_val(sp[1]);
      accu = Val_unit;
      sp += 2;
      pc++;
      Next;
    }
    Instruct(STRINGLENGTH):
    Instruct(BYTESLENGTH):
      accu = Val_long(caml_string_length(accu));
      pc++;
      Next;
    Instruct(ARRAYGETADDR): {
      intnat idx = Long_val(sp[0]);
      Check_index(idx, Wosize_val(accu));
      accu = Field(accu, idx);
      sp += 1;
      pc++;
      Next;
    }
    Instruct(ARRAYSETADDR): {
      intnat idx = Long_val(sp[0]);
      Check_index(idx, Wosize_val(accu));
      Field(accu, idx) = sp[1];
      accu = Val_unit;
      sp += 2;
      pc++;
      Next;
    }
    Instruct(FLOATARRAYGET): {
      intnat idx = Long_val(sp[0]);
      Check_index(idx, Wosize_val(accu) / Double_wosize);
      Accu_box_double(Double_flat_field(accu, idx));
      sp += 1;
      pc++;
      Next;
    }
    Instruct(FLOATARRAYSET): {
      intnat idx = Long_val(sp[0]);
      Check_index(idx, Wosize_val(accu) / Double_wosize);
      Store_double_flat_field(accu, idx, Double_val(sp[1]));
      accu = Val_unit;
      sp += 2;
      pc++;
      Next;
    }
#undef Check_index

    /* A comparison, then BRANCHIF (jump_if 1) or BRANCHIFNOT (jump_if 0),
     * whose offset is at pc[1]. */
#define Compare_branch(name, tst, jump_if)      \
    Instruct(name): {                           \
      int c = (intnat)accu tst (intnat)*sp++;   \
      accu = Val_bool(c);                       \
      if (c == (jump_if)) pc += 1 + pc[1]; else pc += 2; \
      Next;                                     \
    }
    Compare_branch(EQ_BRANCHIF, ==, 1)
    Compare_branch(EQ_BRANCHIFNOT, ==, 0)
    Compare_branch(NEQ_BRANCHIF, !=, 1)
    Compare_branch(NEQ_BRANCHIFNOT, !=, 0)
    Compare_branch(LTINT_BRANCHIF, <, 1)
    Compare_branch(LTINT_BRANCHIFNOT, <, 0)
    Compare_branch(LEINT_BRANCHIF, <=, 1)
    Compare_branch(LEINT_BRANCHIFNOT, <=, 0)
    Compare_branch(GTINT_BRANCHIF, >, 1)
    Compare_branch(GTINT_BRANCHIFNOT, >, 0)
    Compare_branch(GEINT_BRANCHIF, >=, 1)
    Compare_branch(GEINT_BRANCHIFNOT, >=, 0)
#undef Compare_branch

    /* ACCn, then BRANCHIFNOT (offset at pc[1]). */
#define Acc_branchifnot(name, n)                \
    Instruct(name):                             \
      accu = sp[n];                             \
      if (accu == Val_false) pc += 1 + pc[1]; else pc += 2; \
      Next;
    Acc_branchifnot(ACC0_BRANCHIFNOT, 0)
    Acc_branchifnot(ACC1_BRANCHIFNOT, 1)
    Acc_branchifnot(ACC2_BRANCHIFNOT, 2)
#undef Acc_branchifnot

    /* ACC0, then a compare-and-branch: immediate at pc[1], offset at pc[2]. */
#define Acc0_branch_comparison(name, tst)       \
    Instruct(name):                             \
      accu = sp[0];                             \
      if ((intnat)pc[1] tst Long_val(accu)) pc += 2 + pc[2]; else pc += 3; \
      Next;
    Acc0_branch_comparison(ACC0_BEQ, ==)
    Acc0_branch_comparison(ACC0_BNEQ, !=)
    Acc0_branch_comparison(ACC0_BLTINT, <)
    Acc0_branch_comparison(ACC0_BLEINT, <=)
    Acc0_branch_comparison(ACC0_BGTINT, >)
    Acc0_branch_comparison(ACC0_BGEINT, >=)
#undef Acc0_branch_comparison

    /* BRANCHIFNOT (offset at pc[0]), then, when it falls through, ACCn. */
#define Branchifnot_acc(name, n)                \
    Instruct(name):                             \
      if (accu == Val_false) { pc += *pc; Next; } \
      accu = sp[n];                             \
      pc += 2;                                  \
      Next;
    Branchifnot_acc(BRANCHIFNOT_ACC0, 0)
    Branchifnot_acc(BRANCHIFNOT_ACC1, 1)
    Branchifnot_acc(BRANCHIFNOT_ACC2, 2)
#undef Branchifnot_acc

    /* GRAB (operand at pc[0]), then, with enough arguments, ACCn. */
#define Grab_acc(name, n)                       \
    Instruct(name): {                           \
      int required = *pc++;                     \
      if (extra_args < required) goto grab_pap; \
      extra_args -= required;                   \
      accu = sp[n];                             \
      pc++;                                     \
      Next;                                     \
    }
    Grab_acc(GRAB_ACC0, 0)
    Grab_acc(GRAB_ACC1, 1)
    Grab_acc(GRAB_ACC2, 2)
#undef Grab_acc

    /* A self-recursive call: PUSHOFFSETCLOSURE0, then APPLYn or APPTERMn. */
#define Self_call(name, body)                   \
    Instruct(name):                             \
      *--sp = accu;                             \
      accu = env;                               \
      pc++;                                     \
      goto body;
    Self_call(PUSHOFFSETCLOSURE0_APPLY1, apply1)
    Self_call(PUSHOFFSETCLOSURE0_APPLY2, apply2)
    Self_call(PUSHOFFSETCLOSURE0_APPLY3, apply3)
    Self_call(PUSHOFFSETCLOSURE0_APPTERM1, appterm1)
    Self_call(PUSHOFFSETCLOSURE0_APPTERM2, appterm2)
    Self_call(PUSHOFFSETCLOSURE0_APPTERM3, appterm3)
#undef Self_call

    /* A value, then RETURN (operand at pc[1]). */
#define Then_return(name, expr)                 \
    Instruct(name):                             \
      accu = (expr);                            \
      pc++;                                     \
      goto do_return;
    Then_return(ACC0_RETURN, sp[0])
    Then_return(ACC1_RETURN, sp[1])
    Then_return(ACC2_RETURN, sp[2])
    Then_return(ADDINT_RETURN, (value)((uintnat)accu + (uintnat)*sp++ - 1))
    Then_return(CONST0_RETURN, Val_int(0))
    Then_return(CONST1_RETURN, Val_int(1))
#undef Then_return

    /* ---- Machine control ---- */

    Instruct(STOP):
      vm->exn_buf = initial_exn_buf;
      vm->sp = sp;
      vm->callback_depth--;
      return accu;

#if !ZVM_COMPUTED_GOTO
    default:
      /* The verifier only lets known opcodes through. */
      fprintf(stderr, "zvm: internal error: bad opcode %d\n", (int)pc[-1]);
      abort();
    }
  }
#endif

leave_with_exception:
  vm->exn_buf = initial_exn_buf;
  vm->sp = vm->stack_high - initial_sp_offset;
  vm->callback_depth--;
  return Make_exception_result(accu);
}
