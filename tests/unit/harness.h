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
  int depth; /* stack depth tracked by the tb_push... helpers below */
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
/* A module's global, or one of the 12 predefined exceptions by name (which
 * gets a ZBC_RELOC_PREDEF relocation). */
void tb_global(TB *b, int32_t op, const char *name, int32_t field);
void tb_import(TB *b, const char *module);

/* C_CALL1..5 name, or C_CALLN n name (when arity > 5). */
void tb_ccall(TB *b, const char *prim, int arity);

/* SETGLOBAL <own module>: make accu the module's value. */
void tb_result(TB *b);

/* ---- Helpers for interpreter tests ---------------------------------------- */

/* A VM for a test: vm_new, then the run-time parameters of the environment
 * (so that ZVM_GC_STRESS=1, as `make unit-stress` sets, makes every
 * allocation collect). */
struct Vm *tb_vm_new(void);

/* Start a function of [arity] arguments here, laid out as ocamlc does:
 * `RESTART; L: GRAB arity-1` when arity > 1, just `L:` otherwise. Returns
 * L, the label CLOSURE/CLOSUREREC point at. Control must not fall into it
 * (functions sit between the initial BRANCH and the init code). */
int tb_function(TB *b, int arity);

/* accu = the integer [x] (after a PUSH of accu when [push]), as ocamlc
 * emits a constant: CONST0..3 / CONSTINT (PUSHCONST0..3 / PUSHCONSTINT)
 * within its immediate range -2^30 .. 2^30-1, an int literal otherwise. */
void tb_int(TB *b, bool push, int64_t x);

/* Assert that no interpreter activation is left on the VM: the value stack
 * is empty and no trap frame is installed. Every run ends so. */
void tb_assert_idle(struct Vm *vm);

/* Straight-line code with a tracked stack depth. b->depth counts the words
 * pushed since the function's entry (0 at the start of the init code; set
 * it to 0 when starting a function body). The helpers below keep it up to
 * date; raw tb_op calls do not. A pushed value is named by its position,
 * the depth before its push, valid until it is popped; argument i of the
 * current function (0-based) is position -1-i. */
int tb_push(TB *b);          /* PUSH; returns the position of the pushed accu */
void tb_acc(TB *b, int pos); /* accu = the value at [pos] (ACC0..7 or ACC n) */
void tb_pop(TB *b, int n);   /* POP n */
/* accu = (the closure at [fpos]) args[0] ... args[n-1], the arguments being
 * constants: APPLY1..3, or PUSH_RETADDR ... APPLY n for n >= 4. */
void tb_apply_const(TB *b, int fpos, int n, const int64_t *args);
/* accu = a block of tag [tag] holding the values at pos[0..n-1]. */
void tb_block_of(TB *b, int tag, int n, const int *pos);

/* Run [b] as a private pinned module (LOAD_PINNED: several modules of the
 * same name may be run in one VM, and their values stay alive), assert
 * that it loaded and returned normally and left the VM idle, and return
 * the module's value. Frees b. */
value tb_run_ok(struct Vm *vm, TB *b);

/* The same, but the initialisation must raise: returns the exception. */
value tb_run_raises(struct Vm *vm, TB *b);

/* Finish and serialise (RETURN 1 is appended by the loader). Frees b. */
uint8_t *tb_finish(TB *b, size_t *len);

/* Finish, load with [flags] (LOAD_PINNED | LOAD_PUBLIC by default when
 * flags is 0), run. Frees b. */
TbRun tb_run(struct Vm *vm, TB *b, unsigned flags);

#endif
