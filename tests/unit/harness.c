/* The test bytecode builder (harness.h). */
#include "harness.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../vm/fail.h"
#include "../../vm/vm.h"

TB *tb_new(const char *name) {
  TB *b = calloc(1, sizeof *b);
  cr_assert_not_null(b);
  b->u = zbc_unit_new(name);
  cr_assert_not_null(b->u);
  return b;
}

void tb_free(TB *b) {
  if (b == NULL) return;
  zbc_unit_free(b->u);
  free(b);
}

uint32_t tb_pc(TB *b) { return b->u->code.len; }

void tb_op(TB *b, int32_t op) { cr_assert(zbc_emit(b->u, op)); }
void tb_op1(TB *b, int32_t op, int32_t a) {
  tb_op(b, op);
  tb_op(b, a);
}
void tb_op2(TB *b, int32_t op, int32_t a, int32_t c) {
  tb_op(b, op);
  tb_op(b, a);
  tb_op(b, c);
}

int tb_label(TB *b) {
  cr_assert_lt(b->n_labels, TB_MAX_LABELS);
  b->label_at[b->n_labels] = -1;
  return b->n_labels++;
}

void tb_place(TB *b, int label) { b->label_at[label] = (int32_t)tb_pc(b); }

void tb_ofs_from(TB *b, int label, uint32_t base) {
  cr_assert_lt(b->n_fixups, TB_MAX_FIXUPS);
  b->fixups[b->n_fixups].word = tb_pc(b);
  b->fixups[b->n_fixups].base = base;
  b->fixups[b->n_fixups].label = label;
  b->n_fixups++;
  tb_op(b, 0);
}

void tb_ofs(TB *b, int label) { tb_ofs_from(b, label, tb_pc(b)); }

void tb_jump(TB *b, int32_t op, int label) {
  tb_op(b, op);
  tb_ofs(b, label);
}

void tb_cmp_branch(TB *b, int32_t op, int32_t k, int label) {
  tb_op1(b, op, k);
  tb_ofs(b, label);
}

void tb_closure(TB *b, int32_t op, int32_t nvars, int label) {
  tb_op1(b, op, nvars);
  tb_ofs(b, label);
}

void tb_closurerec(TB *b, int32_t op, int32_t nvars, int nfuncs, const int *labels) {
  tb_op2(b, op, nfuncs, nvars);
  uint32_t base = tb_pc(b);
  for (int i = 0; i < nfuncs; i++) tb_ofs_from(b, labels[i], base);
}

void tb_switch(TB *b, int nconst, const int *const_labels, int nblock, const int *block_labels) {
  tb_op1(b, OP_SWITCH, (int32_t)((uint32_t)nconst | (uint32_t)nblock << 16));
  uint32_t base = tb_pc(b);
  for (int i = 0; i < nconst; i++) tb_ofs_from(b, const_labels[i], base);
  for (int i = 0; i < nblock; i++) tb_ofs_from(b, block_labels[i], base);
}

void tb_lit_node(TB *b, int32_t op, uint32_t node) {
  cr_assert_neq(node, UINT32_MAX);
  tb_op(b, op);
  cr_assert(zbc_add_reloc(b->u, tb_pc(b), ZBC_RELOC_LITERAL, node));
  tb_op(b, 0);
}

void tb_lit_string(TB *b, int32_t op, const char *s) {
  tb_lit_node(b, op, zbc_lit_string(b->u, s, (uint32_t)strlen(s)));
}

void tb_lit_float(TB *b, int32_t op, double d) { tb_lit_node(b, op, zbc_lit_float(b->u, d)); }

void tb_import(TB *b, const char *module) { cr_assert(zbc_add_import(b->u, module, NULL)); }

/* The predefined exceptions, in their slot order (EXN_* in vm/vm.h). */
static const char *const predef_names[ZBC_PREDEF_COUNT] = {
    "Out_of_memory", "Sys_error",     "Failure",        "Invalid_argument",
    "End_of_file",   "Division_by_zero", "Not_found",   "Match_failure",
    "Stack_overflow", "Sys_blocked_io", "Assert_failure", "Undefined_recursive_module"};

void tb_global(TB *b, int32_t op, const char *name, int32_t field) {
  ZbcRelocKind kind = op == OP_SETGLOBAL ? ZBC_RELOC_SETGLOBAL : ZBC_RELOC_GETGLOBAL;
  uint32_t index = UINT32_MAX;
  for (uint32_t i = 0; i < ZBC_PREDEF_COUNT && kind == ZBC_RELOC_GETGLOBAL; i++)
    if (strcmp(name, predef_names[i]) == 0) {
      kind = ZBC_RELOC_PREDEF;
      index = i;
    }
  if (kind != ZBC_RELOC_PREDEF) index = zbc_symbol(b->u, name);
  cr_assert_neq(index, UINT32_MAX);
  tb_op(b, op);
  cr_assert(zbc_add_reloc(b->u, tb_pc(b), kind, index));
  tb_op(b, 0);
  if (op == OP_GETGLOBALFIELD || op == OP_PUSHGETGLOBALFIELD) tb_op(b, field);
}

void tb_ccall(TB *b, const char *prim, int arity) {
  uint32_t sym = zbc_symbol(b->u, prim);
  cr_assert_neq(sym, UINT32_MAX);
  if (arity <= 5) {
    tb_op(b, OP_C_CALL1 + arity - 1);
  } else {
    tb_op(b, OP_C_CALLN);
    tb_op(b, arity);
  }
  cr_assert(zbc_add_reloc(b->u, tb_pc(b), ZBC_RELOC_PRIM, sym));
  tb_op(b, 0);
}

void tb_result(TB *b) { tb_global(b, OP_SETGLOBAL, b->u->name, 0); }

uint8_t *tb_finish(TB *b, size_t *len) {
  for (int i = 0; i < b->n_fixups; i++) {
    int32_t at = b->label_at[b->fixups[i].label];
    cr_assert_geq(at, 0, "label %d never placed", b->fixups[i].label);
    b->u->code.items[b->fixups[i].word] = at - (int32_t)b->fixups[i].base;
  }
  uint8_t *bytes = zbc_write(b->u, len);
  cr_assert_not_null(bytes);
  tb_free(b);
  return bytes;
}

TbRun tb_run(Vm *vm, TB *b, unsigned flags) {
  TbRun r = {.status = LOAD_FAILED, .value = Val_unit};
  size_t len;
  uint8_t *bytes = tb_finish(b, &len);
  LoadError err;
  if (flags == 0) flags = LOAD_PINNED | LOAD_PUBLIC;
  r.status = load_buffer(vm, "test.zbc", bytes, len, flags, &r.value, &err);
  if (r.status == LOAD_FAILED) snprintf(r.error, sizeof r.error, "%s", err.msg);
  if (r.status == LOAD_RAISED) r.value = Extract_exception(r.value);
  free(bytes);
  return r;
}

/* ---- Helpers for interpreter tests ---------------------------------------- */

Vm *tb_vm_new(void) {
  Vm *vm = vm_new();
  cr_assert_not_null(vm);
  cr_assert(vm_read_params(vm));
  return vm;
}

int tb_function(TB *b, int arity) {
  cr_assert_geq(arity, 1);
  int l = tb_label(b);
  if (arity > 1) tb_op(b, OP_RESTART);
  tb_place(b, l);
  if (arity > 1) tb_op1(b, OP_GRAB, arity - 1);
  return l;
}

void tb_int(TB *b, bool push, int64_t x) {
  if (x >= 0 && x <= 3) {
    tb_op(b, (push ? OP_PUSHCONST0 : OP_CONST0) + (int32_t)x);
  } else if (x >= -0x40000000 && x <= 0x3FFFFFFF) {
    tb_op1(b, push ? OP_PUSHCONSTINT : OP_CONSTINT, (int32_t)x);
  } else {
    tb_lit_node(b, push ? OP_PUSHGETGLOBAL : OP_GETGLOBAL, zbc_lit_int(b->u, ZBC_LIT_INT, x));
  }
}

void tb_assert_idle(Vm *vm) {
  cr_assert_eq(vm->sp, vm->stack_high, "%td words left on the stack", vm->stack_high - vm->sp);
  cr_assert_eq(vm->trapsp, vm->stack_high, "a trap frame is left installed");
  cr_assert_eq(vm->callback_depth, 0);
}

value tb_run_ok(Vm *vm, TB *b) {
  TbRun r = tb_run(vm, b, LOAD_PINNED);
  if (r.status == LOAD_RAISED) {
    char *msg = caml_format_exception(vm, r.value);
    cr_assert_fail("the module raised %s", msg ? msg : "?");
  }
  cr_assert_eq(r.status, LOAD_OK, "load failed: %s", r.error);
  tb_assert_idle(vm);
  return r.value;
}

value tb_run_raises(Vm *vm, TB *b) {
  TbRun r = tb_run(vm, b, LOAD_PINNED);
  cr_assert_neq(r.status, LOAD_FAILED, "load failed: %s", r.error);
  cr_assert_eq(r.status, LOAD_RAISED, "the module returned instead of raising");
  tb_assert_idle(vm);
  return r.value;
}

int tb_push(TB *b) {
  tb_op(b, OP_PUSH);
  return b->depth++;
}

void tb_acc(TB *b, int pos) {
  int n = b->depth - 1 - pos;
  cr_assert_geq(n, 0, "position %d is not on the stack (depth %d)", pos, b->depth);
  if (n < 8) tb_op(b, OP_ACC0 + n);
  else tb_op1(b, OP_ACC, n);
}

void tb_pop(TB *b, int n) {
  cr_assert_geq(b->depth, n);
  tb_op1(b, OP_POP, n);
  b->depth -= n;
}

void tb_apply_const(TB *b, int fpos, int n, const int64_t *args) {
  cr_assert_geq(n, 1);
  int ret = -1;
  if (n >= 4) {
    ret = tb_label(b);
    tb_jump(b, OP_PUSH_RETADDR, ret);
    b->depth += 3;
  }
  for (int i = n - 1; i >= 0; i--) {
    tb_int(b, false, args[i]);
    tb_push(b);
  }
  tb_acc(b, fpos);
  if (n < 4) {
    tb_op(b, OP_APPLY1 + n - 1);
  } else {
    tb_op1(b, OP_APPLY, n);
    tb_place(b, ret);
    b->depth -= 3;
  }
  b->depth -= n;
}

void tb_block_of(TB *b, int tag, int n, const int *pos) {
  cr_assert_geq(n, 1);
  for (int i = n - 1; i >= 1; i--) {
    tb_acc(b, pos[i]);
    tb_push(b);
  }
  tb_acc(b, pos[0]);
  if (n <= 3) tb_op1(b, OP_MAKEBLOCK1 + n - 1, tag);
  else tb_op2(b, OP_MAKEBLOCK, n, tag);
  b->depth -= n - 1;
}
