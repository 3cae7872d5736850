/* The test bytecode builder (harness.h). */
#include "harness.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void tb_global(TB *b, int32_t op, const char *name, int32_t field) {
  uint32_t sym = zbc_symbol(b->u, name);
  cr_assert_neq(sym, UINT32_MAX);
  tb_op(b, op);
  cr_assert(zbc_add_reloc(b->u, tb_pc(b), op == OP_SETGLOBAL ? ZBC_RELOC_SETGLOBAL : ZBC_RELOC_GETGLOBAL, sym));
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
