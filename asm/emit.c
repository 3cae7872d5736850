/* The assembler's emitter: Program -> code words, literals, relocations.
 *
 * Listing instructions are emitted as OCaml's bytecomp/emitcode.ml does:
 * `emit` tries the peephole merges below at each instruction, in its
 * order, and otherwise `emit_instr` picks the specialised opcode. A label
 * or any non-listing item between two instructions blocks a merge, as a
 * Klabel does in OCaml. Raw instructions are emitted exactly as written.
 *
 * Jump operands are emitted as 0 and patched once every label is placed:
 * an offset is relative to its own operand word, except in SWITCH and
 * CLOSUREREC tables, where it is relative to the first table word.
 * Relocated operands (globals, literals, primitives) hold 0.
 */
#include <string.h>

#include "../vm/opcodes.h"
#include "asm_internal.h"

/* OCaml's immediate range (bytecomp/instruct.ml immed_min/immed_max). */
#define IMMED_MIN (-0x40000000ll)
#define IMMED_MAX 0x3FFFFFFFll

typedef struct Fixup {
  uint32_t word;    /* the operand word to patch */
  uint32_t origin;  /* the offset is relative to this word */
  uint32_t label;
  uint32_t line, col;
} Fixup;

typedef struct Emitter {
  Program *p;
  ZbcUnit *u;
  Diag *d;
  VEC(Fixup) fixups;
  DepthVec depth;        /* nesting depth of each literal node */
  bool failed;
  bool auto_lines;       /* record each instruction's listing line */
  bool has_line;         /* a .line waits for the next instruction */
  uint32_t line;
  uint32_t line_line, line_col;
} Emitter;

static int32_t to_word(int64_t v) {
  /* Values are within INT32_MIN..UINT32_MAX: keep the low 32 bits. */
  return v > INT32_MAX ? (int32_t)(v - 4294967296ll) : (int32_t)v;
}

static bool fail(Emitter *e) {
  e->failed = true;
  return false;
}

static bool word(Emitter *e, int64_t w) {
  if (e->failed) return false;
  if (!zbc_emit(e->u, to_word(w))) {
    if (e->u->code.len >= ZBC_MAX_CODE_WORDS)
      asm_error(e->d, 0, 0, "the code exceeds the limit of %u words", ZBC_MAX_CODE_WORDS);
    else
      asm_error(e->d, 0, 0, "out of memory");
    return fail(e);
  }
  return true;
}

static uint32_t here(const Emitter *e) { return e->u->code.len; }

/* Before the first word of an instruction: record its debug line. */
static bool begin(Emitter *e, const Ir *ir) {
  if (e->failed) return false;
  uint32_t line = 0;
  bool has = false;
  if (e->has_line) {
    line = e->line;
    has = true;
    e->has_line = false;
  } else if (e->auto_lines) {
    line = ir->line;
    has = true;
  }
  if (has && !zbc_add_debug(e->u, here(e), line)) {
    asm_error(e->d, 0, 0, "out of memory");
    return fail(e);
  }
  return true;
}

static bool start(Emitter *e, const Ir *ir, int opcode) { return begin(e, ir) && word(e, opcode); }

static bool reloc(Emitter *e, ZbcRelocKind kind, uint32_t index) {
  if (!zbc_add_reloc(e->u, here(e), kind, index)) {
    asm_error(e->d, 0, 0, "out of memory");
    return fail(e);
  }
  return true;
}

static bool symbol(Emitter *e, const Operand *o, uint32_t *sym) {
  *sym = zbc_symbol(e->u, e->p->names.items + o->v);
  if (*sym == UINT32_MAX) {
    asm_error(e->d, o->line, o->col, "cannot add the symbol: more than %d symbols, or out of memory",
              ZBC_MAX_SYMBOLS);
    return fail(e);
  }
  return true;
}

/* A jump target: a label (patched later) or a raw offset. */
static bool target(Emitter *e, const Operand *o, uint32_t origin) {
  if (o->kind == OPD_INT) return word(e, o->v);
  Fixup f = {here(e), origin, (uint32_t)o->v, o->line, o->col};
  if (!VEC_PUSH(e->fixups, f)) {
    asm_error(e->d, 0, 0, "out of memory");
    return fail(e);
  }
  return word(e, 0);
}

/* A relocated word holding [value]: literal, getglobal, setglobal or
 * primitive. */
static bool relocated_word(Emitter *e, const Operand *o, int64_t value) {
  uint32_t index;
  switch (o->kind) {
  case OPD_CONST:
    index = asm_build_literal(e->p, e->u, &e->depth, (uint32_t)o->v);
    if (index == UINT32_MAX) return fail(e);
    return reloc(e, ZBC_RELOC_LITERAL, index) && word(e, value);
  case OPD_GLOBAL:
    return symbol(e, o, &index) && reloc(e, ZBC_RELOC_GETGLOBAL, index) && word(e, value);
  case OPD_PREDEF:
    return reloc(e, ZBC_RELOC_PREDEF, (uint32_t)o->v) && word(e, value);
  case OPD_SETGLOBAL: {
    const char *name = e->p->names.items + o->v;
    if (strcmp(name, e->u->name) != 0) {
      asm_error(e->d, o->line, o->col, "setglobal of %s in module %s (a module sets only its own global)",
                name, e->u->name);
      return fail(e);
    }
    return symbol(e, o, &index) && reloc(e, ZBC_RELOC_SETGLOBAL, index) && word(e, value);
  }
  case OPD_NAME:
    return symbol(e, o, &index) && reloc(e, ZBC_RELOC_PRIM, index) && word(e, value);
  default:
    return word(e, value);
  }
}

/* A relocated operand: its word holds 0 until the loader patches it. */
static bool relocated(Emitter *e, const Operand *o) { return relocated_word(e, o, 0); }

/* ---- Listing instructions: emitcode.ml's emit_instr ------------------------------- */

static const int compare_op[] = {OP_EQ, OP_NEQ, OP_LTINT, OP_LEINT, OP_GTINT, OP_GEINT};
static const int branch_op[] = {OP_BEQ, OP_BNEQ, OP_BLTINT, OP_BLEINT, OP_BGTINT, OP_BGEINT};
static const Cmp negate[] = {CMP_NE, CMP_EQ, CMP_GE, CMP_GT, CMP_LE, CMP_LT};

static const CNode *const_root(const Emitter *e, const Ir *ir) {
  return &e->p->consts.nodes.items[ir->a.v];
}

/* Emitcode's is_immed_const: an int in the immediate range, or a char. */
static bool immed_const(const CNode *c) {
  return (c->kind == C_INT && c->i >= IMMED_MIN && c->i <= IMMED_MAX) || c->kind == C_CHAR;
}

/* Kconst and (with [push]) the push;const merge. */
static bool emit_const(Emitter *e, const Ir *at, const Ir *ir, bool push) {
  const CNode *c = const_root(e, ir);
  if (c->kind == C_INT && c->i >= IMMED_MIN && c->i <= IMMED_MAX) {
    if (c->i >= 0 && c->i <= 3) return start(e, at, (push ? OP_PUSHCONST0 : OP_CONST0) + (int)c->i);
    return start(e, at, push ? OP_PUSHCONSTINT : OP_CONSTINT) && word(e, c->i);
  }
  if (c->kind == C_CHAR) return start(e, at, push ? OP_PUSHCONSTINT : OP_CONSTINT) && word(e, c->i);
  if (c->kind == C_BLOCK && c->n == 0) {
    if (c->tag == 0) return start(e, at, push ? OP_PUSHATOM0 : OP_ATOM0);
    return start(e, at, push ? OP_PUSHATOM : OP_ATOM) && word(e, c->tag);
  }
  return start(e, at, push ? OP_PUSHGETGLOBAL : OP_GETGLOBAL) && relocated(e, &ir->a);
}

static bool emit_listing(Emitter *e, const Ir *ir) {
  int64_t n = ir->a.v;
  switch ((ListingOp)ir->op) {
  case LI_SIMPLE: return start(e, ir, ir->opcode);
  case LI_ACC:
    if (n < 8) return start(e, ir, OP_ACC0 + (int)n);
    return start(e, ir, OP_ACC) && word(e, n);
  case LI_ENVACC:
    if (n >= 1 && n <= 4) return start(e, ir, OP_ENVACC1 + (int)n - 1);
    return start(e, ir, OP_ENVACC) && word(e, n);
  case LI_PUSH: return start(e, ir, OP_PUSH);
  case LI_POP: return start(e, ir, OP_POP) && word(e, n);
  case LI_ASSIGN: return start(e, ir, OP_ASSIGN) && word(e, n);
  case LI_PUSH_RETADDR: return start(e, ir, OP_PUSH_RETADDR) && target(e, &ir->a, here(e));
  case LI_APPLY:
    if (n < 4) return start(e, ir, OP_APPLY1 + (int)n - 1);
    return start(e, ir, OP_APPLY) && word(e, n);
  case LI_APPTERM:
    if (n < 4) return start(e, ir, OP_APPTERM1 + (int)n - 1) && word(e, ir->b.v);
    return start(e, ir, OP_APPTERM) && word(e, n) && word(e, ir->b.v);
  case LI_RETURN: return start(e, ir, OP_RETURN) && word(e, n);
  case LI_GRAB: return start(e, ir, OP_GRAB) && word(e, n);
  case LI_CLOSURE:
    return start(e, ir, OP_CLOSURE) && word(e, ir->b.v) && target(e, &ir->a, here(e));
  case LI_CLOSUREREC: {
    if (!start(e, ir, OP_CLOSUREREC) || !word(e, (int64_t)ir->nlist) || !word(e, n)) return false;
    uint32_t org = here(e);
    for (size_t k = 0; k < ir->nlist; k++)
      if (!target(e, &e->p->lists.items[ir->list + k], org)) return false;
    return true;
  }
  case LI_OFFSETCLOSURE:
    if (n == -3 || n == 0 || n == 3) return start(e, ir, OP_OFFSETCLOSURE0 + (int)n / 3);
    return start(e, ir, OP_OFFSETCLOSURE) && word(e, n);
  case LI_GETGLOBAL: return start(e, ir, OP_GETGLOBAL) && relocated(e, &ir->a);
  case LI_SETGLOBAL: return start(e, ir, OP_SETGLOBAL) && relocated(e, &ir->a);
  case LI_CONST: return emit_const(e, ir, ir, false);
  case LI_MAKEBLOCK:
    if (n == 0) {
      if (ir->b.v == 0) return start(e, ir, OP_ATOM0);
      return start(e, ir, OP_ATOM) && word(e, ir->b.v);
    }
    if (n < 4) return start(e, ir, OP_MAKEBLOCK1 + (int)n - 1) && word(e, ir->b.v);
    return start(e, ir, OP_MAKEBLOCK) && word(e, n) && word(e, ir->b.v);
  case LI_MAKEFLOATBLOCK:
    if (n == 0) return start(e, ir, OP_ATOM0);
    return start(e, ir, OP_MAKEFLOATBLOCK) && word(e, n);
  case LI_GETFIELD:
    if (n < 4) return start(e, ir, OP_GETFIELD0 + (int)n);
    return start(e, ir, OP_GETFIELD) && word(e, n);
  case LI_SETFIELD:
    if (n < 4) return start(e, ir, OP_SETFIELD0 + (int)n);
    return start(e, ir, OP_SETFIELD) && word(e, n);
  case LI_GETFLOATFIELD: return start(e, ir, OP_GETFLOATFIELD) && word(e, n);
  case LI_SETFLOATFIELD: return start(e, ir, OP_SETFLOATFIELD) && word(e, n);
  case LI_BRANCH: return start(e, ir, OP_BRANCH) && target(e, &ir->a, here(e));
  case LI_BRANCHIF:
  case LI_STRICTBRANCHIF: return start(e, ir, OP_BRANCHIF) && target(e, &ir->a, here(e));
  case LI_BRANCHIFNOT:
  case LI_STRICTBRANCHIFNOT: return start(e, ir, OP_BRANCHIFNOT) && target(e, &ir->a, here(e));
  case LI_SWITCH: {
    int64_t sizes = (int64_t)ir->nconst + ((int64_t)(ir->nlist - ir->nconst) << 16);
    if (!start(e, ir, OP_SWITCH) || !word(e, sizes)) return false;
    uint32_t org = here(e);
    for (size_t k = 0; k < ir->nlist; k++)
      if (!target(e, &e->p->lists.items[ir->list + k], org)) return false;
    return true;
  }
  case LI_PUSHTRAP: return start(e, ir, OP_PUSHTRAP) && target(e, &ir->a, here(e));
  case LI_CCALL:
    if (ir->b.v <= 5) return start(e, ir, OP_C_CALL1 + (int)ir->b.v - 1) && relocated(e, &ir->a);
    return start(e, ir, OP_C_CALLN) && word(e, ir->b.v) && relocated(e, &ir->a);
  case LI_INTCOMP: return start(e, ir, compare_op[ir->cmp]);
  case LI_ISOUT: return start(e, ir, OP_ULTINT);
  case LI_OFFSETINT: return start(e, ir, OP_OFFSETINT) && word(e, n);
  case LI_OFFSETREF: return start(e, ir, OP_OFFSETREF) && word(e, n);
  case LI_GETPUBMET: return start(e, ir, OP_GETPUBMET) && word(e, n) && word(e, 0);
  }
  return false;
}

/* ---- The peephole: emitcode.ml's emit ------------------------------------------------ */

/* The listing instruction i+k if it is [op], else NULL. */
static const Ir *at_op(const Emitter *e, size_t i, size_t k, ListingOp op) {
  if (i + k >= e->p->ir.len) return NULL;
  const Ir *ir = &e->p->ir.items[i + k];
  return ir->kind == IR_LISTING && ir->op == op ? ir : NULL;
}

/* push; a where a is acc, envacc, offsetclosure, getglobal or const. */
static bool emit_push_access(Emitter *e, const Ir *push, const Ir *a) {
  int64_t n = a->a.v;
  switch ((ListingOp)a->op) {
  case LI_ACC:
    if (n < 8) return start(e, push, OP_PUSHACC0 + (int)n);
    return start(e, push, OP_PUSHACC) && word(e, n);
  case LI_ENVACC:
    /* Only 1..3: OCaml never emits PUSHENVACC4. */
    if (n >= 1 && n < 4) return start(e, push, OP_PUSHENVACC1 + (int)n - 1);
    return start(e, push, OP_PUSHENVACC) && word(e, n);
  case LI_OFFSETCLOSURE:
    if (n == -3 || n == 0 || n == 3) return start(e, push, OP_PUSHOFFSETCLOSURE0 + (int)n / 3);
    return start(e, push, OP_PUSHOFFSETCLOSURE) && word(e, n);
  case LI_GETGLOBAL:
    return start(e, push, OP_PUSHGETGLOBAL) && relocated(e, &a->a);
  case LI_CONST:
    return emit_const(e, push, a, true);
  default:
    return false;
  }
}

/* Emit the listing instructions starting at i; returns how many were
 * consumed (0 on error). */
static size_t emit_group(Emitter *e, size_t i) {
  const Ir *ir = &e->p->ir.items[i];
  const Ir *a, *b, *c;
  if (ir->op == LI_PUSH && i + 2 < e->p->ir.len && e->p->ir.items[i + 1].kind == IR_EVENT &&
      !e->p->ir.items[i + 1].cmp) {
    /* push; event; access: OCaml moves an Event_before after the access
     * (and after a getglobal's getfield) so that the merge still happens;
     * the event then blocks any longer pattern. */
    if ((a = at_op(e, i, 2, LI_GETGLOBAL)) != NULL && (b = at_op(e, i, 3, LI_GETFIELD)) != NULL)
      return start(e, ir, OP_PUSHGETGLOBALFIELD) && relocated(e, &a->a) && word(e, b->a.v) ? 4 : 0;
    if ((a = at_op(e, i, 2, LI_ACC)) != NULL || (a = at_op(e, i, 2, LI_ENVACC)) != NULL ||
        (a = at_op(e, i, 2, LI_OFFSETCLOSURE)) != NULL || (a = at_op(e, i, 2, LI_GETGLOBAL)) != NULL ||
        (a = at_op(e, i, 2, LI_CONST)) != NULL)
      return emit_push_access(e, ir, a) ? 3 : 0;
  }
  if (ir->op == LI_PUSH) {
    if ((a = at_op(e, i, 1, LI_CONST)) != NULL && immed_const(const_root(e, a))) {
      int64_t k = const_root(e, a)->i;
      int opcode = -1;
      if ((b = at_op(e, i, 2, LI_INTCOMP)) != NULL) {
        if ((c = at_op(e, i, 3, LI_BRANCHIF)) != NULL) opcode = branch_op[b->cmp];
        else if ((c = at_op(e, i, 3, LI_BRANCHIFNOT)) != NULL) opcode = branch_op[negate[b->cmp]];
      } else if (at_op(e, i, 2, LI_ISOUT) != NULL) {
        if ((c = at_op(e, i, 3, LI_BRANCHIF)) != NULL) opcode = OP_BULTINT;
        else if ((c = at_op(e, i, 3, LI_BRANCHIFNOT)) != NULL) opcode = OP_BUGEINT;
      }
      if (opcode >= 0)
        return start(e, ir, opcode) && word(e, k) && target(e, &c->a, here(e)) ? 4 : 0;
    }
    if ((a = at_op(e, i, 1, LI_ACC)) != NULL && a->a.v == 0 &&
        (b = at_op(e, i, 2, LI_RETURN)) != NULL)
      return start(e, ir, OP_RETURN) && word(e, b->a.v - 1) ? 3 : 0;
    if ((a = at_op(e, i, 1, LI_GETGLOBAL)) != NULL && (b = at_op(e, i, 2, LI_GETFIELD)) != NULL)
      return start(e, ir, OP_PUSHGETGLOBALFIELD) && relocated(e, &a->a) && word(e, b->a.v) ? 3 : 0;
    if ((a = at_op(e, i, 1, LI_ACC)) != NULL || (a = at_op(e, i, 1, LI_ENVACC)) != NULL ||
        (a = at_op(e, i, 1, LI_OFFSETCLOSURE)) != NULL || (a = at_op(e, i, 1, LI_GETGLOBAL)) != NULL)
      return emit_push_access(e, ir, a) ? 2 : 0;
    if ((a = at_op(e, i, 1, LI_CONST)) != NULL) return emit_push_access(e, ir, a) ? 2 : 0;
  }
  if (ir->op == LI_GETGLOBAL && (a = at_op(e, i, 1, LI_GETFIELD)) != NULL)
    return start(e, ir, OP_GETGLOBALFIELD) && relocated(e, &ir->a) && word(e, a->a.v) ? 2 : 0;
  return emit_listing(e, ir) ? 1 : 0;
}

/* ---- Raw instructions and directives ------------------------------------------------ */

static bool emit_raw(Emitter *e, const Ir *ir) {
  const OpcodeInfo *info = opcode_lookup(ir->opcode);
  if (!start(e, ir, ir->opcode)) return false;
  if (info->operand[0] == OPK_SWITCH || info->operand[0] == OPK_CLOSUREREC) {
    if (info->operand[0] == OPK_SWITCH) {
      int64_t sizes = (int64_t)ir->nconst + ((int64_t)(ir->nlist - ir->nconst) << 16);
      if (!word(e, sizes)) return false;
    } else if (!word(e, ir->a.v) || !word(e, ir->b.v)) {
      return false;
    }
    uint32_t org = here(e);
    for (size_t k = 0; k < ir->nlist; k++)
      if (!target(e, &e->p->lists.items[ir->list + k], org)) return false;
    return true;
  }
  const Operand *opd[2] = {&ir->a, &ir->b};
  for (int k = 0; k < 2 && info->operand[k] != OPK_NONE; k++) {
    bool ok;
    switch (info->operand[k]) {
    case OPK_OFS: ok = target(e, opd[k], here(e)); break;
    case OPK_GLOBAL:
    case OPK_PRIM: ok = relocated(e, opd[k]); break;
    default: ok = word(e, opd[k]->v); break;
    }
    if (!ok) return false;
  }
  return true;
}

static bool emit_item(Emitter *e, const Ir *ir) {
  switch ((IrKind)ir->kind) {
  case IR_LABEL:
    e->p->labels.items[ir->a.v].pos = here(e);
    return true;
  case IR_RAW:
    return emit_raw(e, ir);
  case IR_WORD:
    return begin(e, ir) && relocated_word(e, &ir->b, ir->a.v);
  case IR_LINE:
    if (e->has_line) {
      asm_error(e->d, ir->line, ir->col, "two .line directives for the same instruction (the other at line %u)",
                e->line_line);
      return fail(e);
    }
    e->has_line = true;
    e->line = (uint32_t)ir->a.v;
    e->line_line = ir->line;
    e->line_col = ir->col;
    return true;
  case IR_LIT:
    return asm_build_literal(e->p, e->u, &e->depth, (uint32_t)ir->a.v) != UINT32_MAX || fail(e);
  case IR_SYMBOL: {
    uint32_t sym;
    return symbol(e, &ir->a, &sym);
  }
  case IR_EVENT:
    return true;
  case IR_LISTING:
    break;
  }
  return false;
}

bool asm_emit(Program *p, ZbcUnit *u, const AsmOptions *opts) {
  Emitter e;
  memset(&e, 0, sizeof e);
  e.p = p;
  e.u = u;
  e.d = p->diag;
  e.auto_lines = opts->debug_lines && !p->has_lines;
  for (size_t i = 0; i < p->ir.len && !e.failed;) {
    const Ir *ir = &p->ir.items[i];
    if (ir->kind == IR_LISTING) {
      size_t used = emit_group(&e, i);
      if (used == 0) break;
      i += used;
    } else {
      if (!emit_item(&e, ir)) break;
      i++;
    }
  }
  if (!e.failed && e.has_line) {
    asm_error(e.d, e.line_line, e.line_col, ".line is not followed by an instruction");
    e.failed = true;
  }
  if (!e.failed && u->code.len == 0) {
    asm_error(e.d, 0, 0, "no code: the listing has no instruction");
    e.failed = true;
  }
  /* Resolve the jumps. */
  for (size_t i = 0; i < e.fixups.len && !e.failed; i++) {
    const Fixup *f = &e.fixups.items[i];
    const Label *l = &p->labels.items[f->label];
    if (!l->defined) {
      asm_error(e.d, f->line, f->col, "undefined label %s", p->names.items + l->name);
      continue;
    }
    u->code.items[f->word] = (int32_t)((int64_t)l->pos - (int64_t)f->origin);
  }
  free(e.fixups.items);
  free(e.depth.items);
  return !e.failed && p->diag->count == 0;
}
