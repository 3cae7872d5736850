/* A small bytecode builder for tests, until (and besides) the assembler:
 * build a module's code word by word with labels, literals, primitive calls
 * and globals, then load and run it through the real .zbc writer, loader
 * and verifier.
 *
 *   TB *b = tb_new("Test");
 *   tb_op(b, OP_CONST1); tb_op(b, OP_PUSHCONST2); tb_op(b, OP_ADDINT);
 *   tb_result(b);                     // SETGLOBAL Test: the module's value
 *   TbRun r = tb_run(vm, b, 0);       // loads (pinned), runs, frees b
 *   cr_assert_eq(r.value, Val_int(3));
 *
 * Conventions of the generated module: the init code ends with its result
 * in the module's own global (tb_result), which tb_run returns.
 */
#ifndef ZVM_TEST_HARNESS_H
#define ZVM_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "../../loader/load.h"
#include "../../loader/zbc.h"
#include "../../vm/opcodes.h"
#include "../../vm/value.h"

struct Vm;

#define TB_MAX_LABELS 256
#define TB_MAX_FIXUPS 1024

typedef struct TB {
  ZbcUnit *u;
  int32_t label_at[TB_MAX_LABELS]; /* word index, or -1 */
  int n_labels;
  struct {
    uint32_t word;  /* word to patch */
    uint32_t base;  /* offsets are relative to this word */
    int label;
  } fixups[TB_MAX_FIXUPS];
  int n_fixups;
} TB;

typedef struct TbRun {
  LoadStatus status;
  value value;     /* the module's value, or the exception */
  char error[640]; /* when status is LOAD_FAILED */
} TbRun;

TB *tb_new(const char *module_name);
void tb_free(TB *b);

/* Raw words. */
void tb_op(TB *b, int32_t op);
void tb_op1(TB *b, int32_t op, int32_t a);
void tb_op2(TB *b, int32_t op, int32_t a, int32_t c);
uint32_t tb_pc(TB *b);

/* Labels. */
int tb_label(TB *b);                       /* a new, unplaced label */
void tb_place(TB *b, int label);           /* here */
void tb_ofs(TB *b, int label);             /* an offset word relative to itself */
void tb_ofs_from(TB *b, int label, uint32_t base); /* relative to word [base] */
/* op + offset: BRANCH L, PUSHTRAP L, PUSH_RETADDR L... */
void tb_jump(TB *b, int32_t op, int label);
/* B* k, L */
void tb_cmp_branch(TB *b, int32_t op, int32_t k, int label);
/* CLOSURE(DYN) nvars, L */
void tb_closure(TB *b, int32_t op, int32_t nvars, int label);
/* CLOSUREREC(DYN) nfuncs nvars L1..Ln */
void tb_closurerec(TB *b, int32_t op, int32_t nvars, int nfuncs, const int *labels);
/* SWITCH with nconst int cases then nblock tag cases */
void tb_switch(TB *b, int nconst, const int *const_labels, int nblock, const int *block_labels);

/* Globals and literals: op is GETGLOBAL, PUSHGETGLOBAL (then the literal
 * is the operand) or GETGLOBALFIELD/PUSHGETGLOBALFIELD (then [field]). */
void tb_lit_string(TB *b, int32_t op, const char *s);
void tb_lit_float(TB *b, int32_t op, double d);
void tb_lit_node(TB *b, int32_t op, uint32_t node); /* any zbc_lit_* node */
void tb_global(TB *b, int32_t op, const char *name, int32_t field); /* module or exception */
void tb_import(TB *b, const char *module);

/* C_CALL1..5 name, or C_CALLN n name (when arity > 5). */
void tb_ccall(TB *b, const char *prim, int arity);

/* SETGLOBAL <own module>: make accu the module's value. */
void tb_result(TB *b);

/* Finish and serialise (RETURN 1 is appended by the loader). Frees b. */
uint8_t *tb_finish(TB *b, size_t *len);

/* Finish, load with [flags] (LOAD_PINNED | LOAD_PUBLIC by default when
 * flags is 0), run. Frees b. */
TbRun tb_run(struct Vm *vm, TB *b, unsigned flags);

#endif
