/* Code threading: turning verified code words into what the interpreter
 * dispatches on, and choosing specialised forms (vm/specialised.def) on
 * the way.
 *
 * Each opcode word becomes the address of its instruction's label
 * (computed-goto builds) or stays a number (switch builds). Before that,
 * an instruction may be replaced by a specialised form: a C_CALL of a
 * primitive the interpreter computes itself, or an instruction fused with
 * the one that follows it. Only the first opcode word changes, so the
 * code's layout, and every jump target, return address and handler in it,
 * stay valid (see specialised.def). The choice is a table lookup per
 * instruction: loading stays linear and cheap.
 */
#include "interp.h"
#include "opcodes.h"
#include "prims.h"
#include "vm.h"

/* The specialised form of C_CALLn of each primitive (0: none). The loader
 * has already checked that the call's n is the primitive's arity. */
static const uint8_t primop_of[PRIM_INDEX_COUNT] = {
#define PRIMOP(name, call, prim, meaning) [PRIM_INDEX_##prim] = OP_##name - SPECIALISED_BASE + 1,
#define FUSED(name, first, second, meaning)
#define HOSTCALL(name, meaning)
#include "specialised.def"
#undef PRIMOP
#undef FUSED
#undef HOSTCALL
};

/* The fused form of each pair of opcodes (0: none). */
static const uint8_t fused_of[OPCODE_LIMIT][OPCODE_LIMIT] = {
#define PRIMOP(name, call, prim, meaning)
#define FUSED(name, first, second, meaning) \
  [OP_##first][OP_##second] = OP_##name - SPECIALISED_BASE + 1,
#define HOSTCALL(name, meaning)
#include "specialised.def"
#undef PRIMOP
#undef FUSED
#undef HOSTCALL
};

opcode_t interp_threaded(Vm *vm, int32_t op) {
  if (vm->jumptable == NULL) return op;
  return (opcode_t)(uintptr_t)vm->jumptable[op];
}

/* The form to run for the instruction at [pc]: its own opcode or a
 * specialised one. [code] still holds plain opcode numbers from [pc] on. */
static int32_t specialise(const opcode_t *code, size_t len, size_t pc, const uint8_t *starts) {
  int32_t op = (int32_t)code[pc];
  if (op >= OP_C_CALL1 && op <= OP_C_CALL5) {
    opcode_t prim = code[pc + 1];
    if (prim >= 0 && prim < PRIM_INDEX_COUNT && primop_of[prim] != 0)
      return SPECIALISED_BASE - 1 + primop_of[prim];
    return op;
  }
  size_t n = opcode_length[op];
  if (n == OPCODE_LENGTH_VARIABLE || pc + n >= len || !starts[pc + n]) return op;
  opcode_t next = code[pc + n];
  if (next < 0 || next >= OPCODE_LIMIT || fused_of[op][next] == 0) return op;
  return SPECIALISED_BASE - 1 + fused_of[op][next];
}

/* C_CALL1..5 of a host primitive must become C_CALLHOST, specialised
 * forms or not (see specialised.def). */
static bool calls_host(const opcode_t *code, size_t pc) {
  return code[pc] >= OP_C_CALL1 && code[pc] <= OP_C_CALL5 && code[pc + 1] >= PRIM_INDEX_COUNT;
}

void interp_thread_starts(Vm *vm, code_t code, size_t len, const uint8_t *starts) {
  bool spec = !vm->no_specialise;
  /* Front to back: the instruction after [pc] is still unthreaded when
   * [pc] is looked at. */
  for (size_t pc = 0; pc < len; pc++) {
    if (!starts[pc]) continue;
    int32_t op = calls_host(code, pc) ? OP_C_CALLHOST
               : spec                 ? specialise(code, len, pc, starts)
                                      : (int32_t)code[pc];
    code[pc] = interp_threaded(vm, op);
  }
}
