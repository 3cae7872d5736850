/* The instruction set as C data, generated from vm/opcodes.def. */
#ifndef ZVM_OPCODES_H
#define ZVM_OPCODES_H

#include <stddef.h>
#include <stdint.h>

enum Opcode {
#define OP(name, num, o1, o2, stack, flow, meaning) OP_##name = num,
#include "opcodes.def"
#undef OP
};

/* One past the largest opcode number. */
#define OPCODE_LIMIT 155

/* zvm's internal instructions (vm/specialised.def): specialised forms
 * the code threader writes into loaded code, never found in a file. They
 * are numbered from SPECIALISED_BASE up to SPECIALISED_LIMIT - 1. */
#define SPECIALISED_BASE 160
enum SpecialisedOpcode {
  OP_SPECIALISED_BEFORE_ = SPECIALISED_BASE - 1,
#define PRIMOP(name, call, prim, meaning) OP_##name,
#define FUSED(name, first, second, meaning) OP_##name,
#define HOSTCALL(name, meaning) OP_##name,
#include "specialised.def"
#undef PRIMOP
#undef FUSED
#undef HOSTCALL
  SPECIALISED_LIMIT
};
#define SPECIALISED_COUNT (SPECIALISED_LIMIT - SPECIALISED_BASE)

typedef enum OperandKind {
  OPK_NONE,
  OPK_UINT,
  OPK_INT,
  OPK_OFS,
  OPK_TAG,
  OPK_GLOBAL,
  OPK_PRIM,
  OPK_CACHE,
  OPK_SWITCH,
  OPK_CLOSUREREC
} OperandKind;

typedef enum Flow { FLOW_NEXT, FLOW_JUMP, FLOW_COND, FLOW_SWITCH, FLOW_END } Flow;

/* Stack effects that depend on operands are marked with this value. */
#define STACK_VAR INT32_MIN

typedef struct OpcodeInfo {
  const char *name;     /* NULL for numbers that are not opcodes */
  OperandKind operand[2];
  int32_t stack;        /* depth change, or STACK_VAR */
  Flow flow;
  const char *meaning;
} OpcodeInfo;

extern const OpcodeInfo opcode_info[OPCODE_LIMIT];

/* The info of opcode [op], or NULL if [op] is not an opcode. */
static inline const OpcodeInfo *opcode_lookup(int32_t op) {
  if (op < 0 || op >= OPCODE_LIMIT || opcode_info[op].name == NULL) return NULL;
  return &opcode_info[op];
}

/* The opcode named [name] (exact, upper case), or -1. */
int opcode_by_name(const char *name, size_t len);

/* Number of fixed operand words (0..2); SWITCH and CLOSUREREC have a
 * variable tail, see instruction_length. */
int opcode_fixed_operands(const OpcodeInfo *info);

/* Length in words of each opcode's instructions: 0 for numbers that are
 * not opcodes, OPCODE_LENGTH_VARIABLE for SWITCH and CLOSUREREC(DYN). */
#define OPCODE_LENGTH_VARIABLE 255
extern const uint8_t opcode_length[OPCODE_LIMIT];
size_t instruction_length_variable(const int32_t *code, size_t len, size_t pc);

/* Length in words of the instruction at code[pc], or 0 if it does not fit
 * in [len] words (or its opcode is unknown, or its tables are malformed).
 * Inline: the loader and verifier walk every instruction several times. */
static inline size_t instruction_length(const int32_t *code, size_t len, size_t pc) {
  if (pc >= len) return 0;
  int32_t op = code[pc];
  if (op < 0 || op >= OPCODE_LIMIT) return 0;
  size_t n = opcode_length[op];
  if (n == OPCODE_LENGTH_VARIABLE) return instruction_length_variable(code, len, pc);
  return n == 0 || n > len - pc ? 0 : n;
}

/* What a specialised form stands for. */
typedef struct SpecialisedInfo {
  const char *name;
  int32_t first;        /* C_CALL1..5 for a primitive, else the first opcode */
  int32_t second;       /* the second opcode of a fused pair, or -1 */
  const char *prim;     /* the primitive's name, or NULL */
  const char *meaning;
} SpecialisedInfo;

extern const SpecialisedInfo specialised_info[SPECIALISED_COUNT];

/* Print the opcode table as Markdown (docs/opcodes.md). */
void opcodes_print_markdown(void *file);

const char *operand_kind_name(OperandKind k);
const char *flow_name(Flow f);

#endif
