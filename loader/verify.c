/* The bytecode verifier (see verify.h for what it guarantees).
 *
 * Three passes over the code:
 *   1. decode: walk the instructions front to back with the opcode table,
 *      marking instruction starts and checking operands and relocations;
 *   2. functions: collect every function entry (pc 0 for the module's
 *      initialisation, the targets of CLOSURE/CLOSUREREC) with the shape of
 *      the closure block it runs in;
 *   3. stack: abstract interpretation of each function from its entry,
 *      with a worklist. The abstract state at an instruction is the stack
 *      depth since the function's entry and the list of frames (return
 *      frames, trap frames) on the stack, kept as a persistent linked list
 *      so that states share their tails. Every path to an instruction must
 *      bring the same state.
 * Each pass is linear in the code size (each instruction is interpreted
 * once), and nothing recurses.
 */
#include "verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vm/config.h"
#include "../vm/opcodes.h"

#define NO_RELOC 0xFF
#define UNSEEN UINT32_MAX

enum { FRAME_RET = 1, FRAME_TRAP = 2 };

/* A frame on the abstract stack: it occupies depths [pos, pos + size). */
typedef struct Frame {
  uint32_t next; /* index of the frame below, 0 = none (entry 0 unused) */
  uint32_t pos;
  uint32_t target; /* return address or handler */
  uint8_t kind;
} Frame;

/* The closure block a function runs in. */
typedef struct Func {
  uint32_t entry;
  uint32_t arity;
  uint32_t nfuncs, index; /* its CLOSUREREC group, and its place in it */
  uint32_t env_max;       /* largest valid ENVACC index */
} Func;

typedef struct Verifier {
  const int32_t *code;
  uint32_t len;
  bool collectable;
  VerifyResult *res;
  uint8_t *is_start;  /* instruction starts; 2 = a RESTART before a GRAB entry */
  uint32_t *ilen;     /* length of the instruction starting at each start */
  uint8_t *reloc;     /* relocation kind per word, NO_RELOC */
  uint32_t *func_of;  /* function entry index per word, or UNSEEN */
  uint32_t *depth;    /* abstract depth per instruction */
  uint32_t *frames;   /* abstract frame list per instruction */
  uint32_t *func_at;  /* function index per entry word, or UNSEEN */
  Func *funcs;
  uint32_t n_funcs, cap_funcs;
  Frame *arena;
  uint32_t n_frames, cap_frames;
  uint32_t *work;
  uint32_t n_work;
} Verifier;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool fail(Verifier *v, uint32_t word, const char *fmt, ...) {
  v->res->word = word;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(v->res->msg, sizeof v->res->msg, fmt, ap);
  va_end(ap);
  return false;
}

static const char *op_name(int32_t op) {
  const OpcodeInfo *info = opcode_lookup(op);
  return info ? info->name : "?";
}

/* ---- Pass 1: decoding -------------------------------------------------- */

static bool check_target(Verifier *v, uint32_t at, int64_t target, const char *what) {
  if (target < 0 || target >= v->len)
    return fail(v, at, "%s target %lld is outside the code (0..%u)", what, (long long)target,
                v->len - 1);
  return true; /* instruction boundary checked once all starts are known */
}

static bool check_operand(Verifier *v, uint32_t pc, uint32_t w, OperandKind kind) {
  int32_t x = v->code[w];
  int32_t op = v->code[pc];
  switch (kind) {
  case OPK_UINT:
    if (x < 0) return fail(v, pc, "%s operand %d must not be negative", op_name(op), x);
    break;
  case OPK_TAG:
    if (x < 0 || x > 250 || x == 247 || x == 249)
      return fail(v, pc, "%s tag %d is not a block tag (0..250 but not 247 or 249)", op_name(op), x);
    break;
  case OPK_OFS:
    return check_target(v, pc, (int64_t)w + x, op_name(op));
  case OPK_GLOBAL: {
    uint8_t r = v->reloc[w];
    bool set = op == OP_SETGLOBAL;
    if (r == NO_RELOC) return fail(v, pc, "%s operand has no relocation", op_name(op));
    if (set ? r != ZBC_RELOC_SETGLOBAL
            : (r != ZBC_RELOC_LITERAL && r != ZBC_RELOC_GETGLOBAL && r != ZBC_RELOC_PREDEF))
      return fail(v, pc, "%s operand has a relocation of the wrong kind", op_name(op));
    v->reloc[w] = NO_RELOC;
    break;
  }
  case OPK_PRIM:
    if (v->reloc[w] != ZBC_RELOC_PRIM)
      return fail(v, pc, "%s operand has no primitive relocation", op_name(op));
    v->reloc[w] = NO_RELOC;
    break;
  default:
    break;
  }
  return true;
}

static bool decode(Verifier *v) {
  uint32_t pc = 0;
  while (pc < v->len) {
    int32_t op = v->code[pc];
    const OpcodeInfo *info = opcode_lookup(op);
    if (info == NULL) return fail(v, pc, "unknown opcode %d", op);
    size_t n = instruction_length(v->code, v->len, pc);
    if (n == 0) return fail(v, pc, "%s: operands missing or malformed", info->name);
    if (v->reloc[pc] != NO_RELOC) return fail(v, pc, "relocation on an opcode word");
    v->is_start[pc] = 1;
    v->ilen[pc] = (uint32_t)n; /* decoded once: every later pass reads it */
    if (op == OP_STOP) return fail(v, pc, "STOP is not allowed in module code");
    if (v->collectable && (op == OP_CLOSURE || op == OP_CLOSUREREC))
      return fail(v, pc, "%s in collectable code (its closures would not keep the code alive)",
                  info->name);
    if (info->operand[0] == OPK_SWITCH) {
      uint32_t sizes = (uint32_t)v->code[pc + 1];
      if ((sizes >> 16) > 256) return fail(v, pc, "SWITCH with %u block cases (at most 256)", sizes >> 16);
      for (uint32_t i = 2; i < n; i++)
        if (!check_target(v, pc, (int64_t)pc + 2 + v->code[pc + i], "SWITCH")) return false;
    } else if (info->operand[0] == OPK_CLOSUREREC) {
      if (v->code[pc + 2] < 0) return fail(v, pc, "%s with negative nvars", info->name);
      for (uint32_t i = 3; i < n; i++)
        if (!check_target(v, pc, (int64_t)pc + 3 + v->code[pc + i], info->name)) return false;
    } else {
      for (int k = 0, w = 1; k < 2; k++) {
        if (info->operand[k] == OPK_NONE) continue;
        if (!check_operand(v, pc, pc + (uint32_t)w, info->operand[k])) return false;
        w++;
      }
    }
    for (size_t i = 1; i < n; i++)
      if (v->reloc[pc + i] != NO_RELOC) return fail(v, pc, "relocation on a %s operand that takes none", info->name);
    pc += (uint32_t)n;
  }
  return true;
}

/* Every target must be an instruction start: checked after decoding. */
static bool check_boundaries(Verifier *v) {
  for (uint32_t pc = 0; pc < v->len; pc += (uint32_t)v->ilen[pc]) {
    const OpcodeInfo *info = &opcode_info[v->code[pc]]; /* decoded: valid */
    size_t n = v->ilen[pc];
    if (info->operand[0] == OPK_SWITCH) {
      for (uint32_t i = 2; i < n; i++)
        if (!v->is_start[pc + 2 + v->code[pc + i]]) return fail(v, pc, "SWITCH target is not an instruction");
    } else if (info->operand[0] == OPK_CLOSUREREC) {
      for (uint32_t i = 3; i < n; i++)
        if (!v->is_start[pc + 3 + v->code[pc + i]]) return fail(v, pc, "%s target is not an instruction", info->name);
    } else {
      for (int k = 0, w = 1; k < 2; k++) {
        if (info->operand[k] == OPK_NONE) continue;
        if (info->operand[k] == OPK_OFS && !v->is_start[pc + w + v->code[pc + w]])
          return fail(v, pc, "%s target is not an instruction", info->name);
        w++;
      }
    }
  }
  return true;
}

/* ---- Pass 2: functions --------------------------------------------------- */

static bool add_func(Verifier *v, uint32_t pc, uint32_t entry, uint32_t nfuncs, uint32_t index,
                     uint32_t block_size) {
  uint32_t env_max = block_size - 1 - 3 * index;
  uint32_t k = v->func_at[entry];
  if (k != UNSEEN) {
    Func *f = &v->funcs[k];
    if (f->nfuncs != nfuncs || f->index != index || f->env_max != env_max)
      return fail(v, pc, "function at %u is the target of closures of different shapes", entry);
    return true;
  }
  if (v->n_funcs == v->cap_funcs) {
    uint32_t cap = v->cap_funcs ? v->cap_funcs * 2 : 16;
    Func *nf = realloc(v->funcs, cap * sizeof *nf);
    if (nf == NULL) return fail(v, pc, "out of memory");
    v->funcs = nf;
    v->cap_funcs = cap;
  }
  uint32_t arity = 1;
  if (v->code[entry] == OP_GRAB) {
    if (entry == 0 || v->code[entry - 1] != OP_RESTART || !v->is_start[entry - 1])
      return fail(v, entry, "GRAB is not preceded by RESTART");
    if (v->code[entry + 1] > 1 << 20) return fail(v, entry, "GRAB of %d arguments", v->code[entry + 1]);
    arity = 1 + (uint32_t)v->code[entry + 1];
    v->is_start[entry - 1] = 2;
  }
  v->funcs[v->n_funcs] = (Func){entry, arity, nfuncs, index, env_max};
  v->func_at[entry] = v->n_funcs++;
  return true;
}

static bool find_functions(Verifier *v) {
  /* The initialisation code runs in a closure [code, info, segment]. */
  if (!add_func(v, 0, 0, 1, 0, 3)) return false;
  for (uint32_t pc = 0; pc < v->len; pc += (uint32_t)v->ilen[pc]) {
    int32_t op = v->code[pc];
    bool dyn = op == OP_CLOSUREDYN || op == OP_CLOSURERECDYN;
    if (op == OP_CLOSURE || op == OP_CLOSUREDYN) {
      uint32_t nvars = (uint32_t)v->code[pc + 1];
      if (nvars > 1 << 20) return fail(v, pc, "closure with %u free variables", nvars);
      if (!add_func(v, pc, pc + 2 + (uint32_t)v->code[pc + 2], 1, 0, 2 + nvars + dyn)) return false;
    } else if (op == OP_CLOSUREREC || op == OP_CLOSURERECDYN) {
      uint32_t nfuncs = (uint32_t)v->code[pc + 1], nvars = (uint32_t)v->code[pc + 2];
      if (nvars > 1 << 20) return fail(v, pc, "closure with %u free variables", nvars);
      for (uint32_t i = 0; i < nfuncs; i++)
        if (!add_func(v, pc, pc + 3 + (uint32_t)v->code[pc + 3 + i], nfuncs, i,
                      3 * nfuncs - 1 + nvars + dyn))
          return false;
    }
  }
  return true;
}

/* ---- Pass 3: the stack ---------------------------------------------------- */

static uint32_t frame_end(const Verifier *v, uint32_t f) {
  if (f == 0) return 0;
  return v->arena[f].pos + (v->arena[f].kind == FRAME_RET ? 3 : 4);
}

static bool same_frames(const Verifier *v, uint32_t a, uint32_t b) {
  while (a != 0 && b != 0) {
    if (a == b) return true;
    const Frame *fa = &v->arena[a], *fb = &v->arena[b];
    if (fa->pos != fb->pos || fa->kind != fb->kind || fa->target != fb->target) return false;
    a = fa->next;
    b = fb->next;
  }
  return a == b;
}

static bool push_frame(Verifier *v, uint32_t pc, uint32_t *frames, uint32_t pos, uint8_t kind,
                       uint32_t target) {
  if (v->n_frames == v->cap_frames) {
    uint32_t cap = v->cap_frames * 2;
    Frame *na = realloc(v->arena, cap * sizeof *na);
    if (na == NULL) return fail(v, pc, "out of memory");
    v->arena = na;
    v->cap_frames = cap;
  }
  v->arena[v->n_frames] = (Frame){*frames, pos, target, kind};
  *frames = v->n_frames++;
  return true;
}

/* Record that control reaches [pc] in function [fn] with this state. */
static inline bool flow_to(Verifier *v, uint32_t from, uint32_t pc, uint32_t fn, uint32_t depth,
                    uint32_t frames) {
  if (v->is_start[pc] == 2 || v->code[pc] == OP_RESTART)
    return fail(v, from, "control reaches RESTART (only partial applications may enter it)");
  if (v->func_of[pc] == UNSEEN) {
    v->func_of[pc] = fn;
    v->depth[pc] = depth;
    v->frames[pc] = frames;
    v->work[v->n_work++] = pc;
    return true;
  }
  if (v->func_of[pc] != fn) return fail(v, from, "code at %u is shared by two functions", pc);
  if (v->depth[pc] != depth || !same_frames(v, v->frames[pc], frames))
    return fail(v, from, "stack mismatch at %u: reached with depth %u and with depth %u", pc,
                v->depth[pc], depth);
  return true;
}

/* Pop [n] value words: they must not belong to a frame. */
static bool pop_values(Verifier *v, uint32_t pc, uint32_t *depth, uint32_t frames, uint64_t n) {
  if (n > *depth) return fail(v, pc, "%s pops %llu words from a stack of %u", op_name(v->code[pc]),
                              (unsigned long long)n, *depth);
  if (frame_end(v, frames) > *depth - n)
    return fail(v, pc, "%s pops a return or trap frame", op_name(v->code[pc]));
  *depth -= (uint32_t)n;
  return true;
}

static bool push_values(Verifier *v, uint32_t pc, uint32_t *depth, uint64_t n) {
  if (*depth + n > (1u << 24)) return fail(v, pc, "stack deeper than %u words", 1u << 24);
  *depth += (uint32_t)n;
  if (*depth > v->res->max_depth) v->res->max_depth = *depth;
  return true;
}

static bool check_slot(Verifier *v, uint32_t pc, uint32_t depth, uint32_t arity, int64_t n) {
  if (n < 0 || n >= (int64_t)depth + arity)
    return fail(v, pc, "%s reads stack slot %lld outside the frame (%u words + %u arguments)",
                op_name(v->code[pc]), (long long)n, depth, arity);
  return true;
}

static bool check_env(Verifier *v, uint32_t pc, const Func *f, int64_t n) {
  if (n < 0 || n > f->env_max)
    return fail(v, pc, "%s reads environment field %lld of a closure of %u fields",
                op_name(v->code[pc]), (long long)n, f->env_max + 1);
  return true;
}

static bool check_offsetclosure(Verifier *v, uint32_t pc, const Func *f, int64_t k) {
  int64_t to = 3 * (int64_t)f->index + k;
  if (to < 0 || to % 3 != 0 || to / 3 >= f->nfuncs)
    return fail(v, pc, "OFFSETCLOSURE %lld does not name a closure of this block", (long long)k);
  return true;
}

static bool step(Verifier *v, uint32_t pc, uint32_t fn) {
  const Func *f = &v->funcs[fn];
  const int32_t *c = v->code;
  int32_t op = c[pc];
  const OpcodeInfo *info = &opcode_info[op]; /* decoded: valid */
  uint32_t next = pc + v->ilen[pc];
  uint32_t d = v->depth[pc], frames = v->frames[pc];
  bool falls = info->flow != FLOW_END && info->flow != FLOW_JUMP;

  switch (op) {
  case OP_ACC0: case OP_ACC1: case OP_ACC2: case OP_ACC3:
  case OP_ACC4: case OP_ACC5: case OP_ACC6: case OP_ACC7:
    if (!check_slot(v, pc, d, f->arity, op - OP_ACC0)) return false;
    break;
  case OP_ACC:
    if (!check_slot(v, pc, d, f->arity, c[pc + 1])) return false;
    break;
  case OP_PUSHACC0: case OP_PUSHACC1: case OP_PUSHACC2: case OP_PUSHACC3:
  case OP_PUSHACC4: case OP_PUSHACC5: case OP_PUSHACC6: case OP_PUSHACC7:
    if (!push_values(v, pc, &d, 1) || !check_slot(v, pc, d, f->arity, op - OP_PUSHACC0)) return false;
    break;
  case OP_PUSHACC:
    if (!push_values(v, pc, &d, 1) || !check_slot(v, pc, d, f->arity, c[pc + 1])) return false;
    break;
  case OP_POP:
    if (!pop_values(v, pc, &d, frames, (uint32_t)c[pc + 1])) return false;
    break;
  case OP_ASSIGN: {
    int64_t n = c[pc + 1];
    if (!check_slot(v, pc, d, f->arity, n)) return false;
    for (uint32_t fr = frames; fr != 0; fr = v->arena[fr].next)
      if (n < d && d - 1 - n >= v->arena[fr].pos && d - 1 - n < frame_end(v, fr))
        return fail(v, pc, "ASSIGN overwrites a return or trap frame");
    break;
  }
  case OP_ENVACC1: case OP_ENVACC2: case OP_ENVACC3: case OP_ENVACC4:
    if (!check_env(v, pc, f, op - OP_ENVACC1 + 1)) return false;
    break;
  case OP_ENVACC:
    if (!check_env(v, pc, f, c[pc + 1])) return false;
    break;
  case OP_PUSHENVACC1: case OP_PUSHENVACC2: case OP_PUSHENVACC3: case OP_PUSHENVACC4:
    if (!check_env(v, pc, f, op - OP_PUSHENVACC1 + 1) || !push_values(v, pc, &d, 1)) return false;
    break;
  case OP_PUSHENVACC:
    if (!check_env(v, pc, f, c[pc + 1]) || !push_values(v, pc, &d, 1)) return false;
    break;
  case OP_OFFSETCLOSUREM3: case OP_OFFSETCLOSURE0: case OP_OFFSETCLOSURE3:
    if (!check_offsetclosure(v, pc, f, 3 * (op - OP_OFFSETCLOSURE0))) return false;
    break;
  case OP_PUSHOFFSETCLOSUREM3: case OP_PUSHOFFSETCLOSURE0: case OP_PUSHOFFSETCLOSURE3:
    if (!check_offsetclosure(v, pc, f, 3 * (op - OP_PUSHOFFSETCLOSURE0)) || !push_values(v, pc, &d, 1))
      return false;
    break;
  case OP_OFFSETCLOSURE:
    if (!check_offsetclosure(v, pc, f, c[pc + 1])) return false;
    break;
  case OP_PUSHOFFSETCLOSURE:
    if (!check_offsetclosure(v, pc, f, c[pc + 1]) || !push_values(v, pc, &d, 1)) return false;
    break;
  case OP_PUSH_RETADDR: {
    uint32_t target = pc + 1 + (uint32_t)c[pc + 1];
    if (!push_frame(v, pc, &frames, d, FRAME_RET, target) || !push_values(v, pc, &d, 3)) return false;
    break;
  }
  case OP_APPLY: {
    uint32_t n = (uint32_t)c[pc + 1];
    if (n == 0) return fail(v, pc, "APPLY of no arguments");
    if (!pop_values(v, pc, &d, frames, n)) return false;
    if (frames == 0 || v->arena[frames].kind != FRAME_RET || frame_end(v, frames) != d)
      return fail(v, pc, "APPLY without a return frame under its arguments");
    const Frame *fr = &v->arena[frames];
    return flow_to(v, pc, fr->target, fn, fr->pos, fr->next);
  }
  case OP_APPLY1: case OP_APPLY2: case OP_APPLY3:
    if (!pop_values(v, pc, &d, frames, (uint32_t)(op - OP_APPLY1 + 1))) return false;
    /* The callee pushes its return frame below its arguments. */
    if (d + 3 + (uint32_t)(op - OP_APPLY1 + 1) > v->res->max_depth)
      v->res->max_depth = d + 3 + (uint32_t)(op - OP_APPLY1 + 1);
    break;
  case OP_APPTERM: case OP_APPTERM1: case OP_APPTERM2: case OP_APPTERM3: {
    uint32_t n = op == OP_APPTERM ? (uint32_t)c[pc + 1] : (uint32_t)(op - OP_APPTERM1 + 1);
    uint32_t s = (uint32_t)c[op == OP_APPTERM ? pc + 2 : pc + 1];
    if (n == 0 || n > d) return fail(v, pc, "%s of %u arguments from a stack of %u", info->name, n, d);
    if (frames != 0) return fail(v, pc, "%s with a return or trap frame on the stack", info->name);
    if (s != d + f->arity)
      return fail(v, pc, "%s drops %u words but the frame holds %u", info->name, s, d + f->arity);
    return true;
  }
  case OP_RETURN: {
    uint32_t n = (uint32_t)c[pc + 1];
    if (frames != 0) return fail(v, pc, "RETURN with a return or trap frame on the stack");
    if (pc == v->len - 2 && fn == 0) {
      /* The appended end of the initialisation code (see verify.h). */
      v->res->final_depth = d;
      return true;
    }
    if (n != d + f->arity)
      return fail(v, pc, "RETURN %u but the frame holds %u words", n, d + f->arity);
    return true;
  }
  case OP_GRAB:
    if (pc != f->entry) return fail(v, pc, "GRAB in the middle of a function");
    break;
  case OP_CLOSURE: case OP_CLOSUREDYN: {
    uint32_t nvars = (uint32_t)c[pc + 1];
    if (nvars > 0 && (!push_values(v, pc, &d, 1) || !pop_values(v, pc, &d, frames, nvars)))
      return false;
    break;
  }
  case OP_CLOSUREREC: case OP_CLOSURERECDYN: {
    uint32_t nfuncs = (uint32_t)c[pc + 1], nvars = (uint32_t)c[pc + 2];
    if (nvars > 0 && (!push_values(v, pc, &d, 1) || !pop_values(v, pc, &d, frames, nvars)))
      return false;
    if (!push_values(v, pc, &d, nfuncs)) return false;
    break;
  }
  case OP_MAKEBLOCK: case OP_MAKEFLOATBLOCK: case OP_C_CALLN: {
    uint32_t n = (uint32_t)c[pc + 1];
    if (n == 0) return fail(v, pc, "%s of size 0", info->name);
    if (!pop_values(v, pc, &d, frames, n - 1)) return false;
    break;
  }
  case OP_PUSHTRAP: {
    uint32_t handler = pc + 1 + (uint32_t)c[pc + 1];
    if (!flow_to(v, pc, handler, fn, d, frames)) return false;
    if (!push_frame(v, pc, &frames, d, FRAME_TRAP, handler) || !push_values(v, pc, &d, 4)) return false;
    break;
  }
  case OP_POPTRAP:
    if (frames == 0 || v->arena[frames].kind != FRAME_TRAP || frame_end(v, frames) != d)
      return fail(v, pc, "POPTRAP without a trap frame on top of the stack");
    d -= 4;
    frames = v->arena[frames].next;
    break;
  case OP_RESTART:
    return fail(v, pc, "control reaches RESTART");
  default:
    if (info->stack == STACK_VAR) break; /* RAISE and friends: no successor */
    if (info->stack < 0 && !pop_values(v, pc, &d, frames, (uint32_t)-info->stack)) return false;
    if (info->stack > 0 && !push_values(v, pc, &d, (uint32_t)info->stack)) return false;
  }

  /* Successors. */
  if (info->operand[0] == OPK_SWITCH) {
    size_t n = v->ilen[pc];
    for (uint32_t i = 2; i < n; i++)
      if (!flow_to(v, pc, pc + 2 + (uint32_t)c[pc + i], fn, d, frames)) return false;
    return true;
  }
  if (info->flow == FLOW_JUMP || info->flow == FLOW_COND) {
    uint32_t w = info->operand[0] == OPK_OFS ? pc + 1 : pc + 2;
    if (!flow_to(v, pc, w + (uint32_t)c[w], fn, d, frames)) return false;
  }
  if (falls) {
    if (next >= v->len) return fail(v, pc, "control falls off the end of the code");
    if (!flow_to(v, pc, next, fn, d, frames)) return false;
  }
  return true;
}

static bool check_stack(Verifier *v) {
  for (uint32_t k = 0; k < v->n_funcs; k++) {
    const Func *f = &v->funcs[k];
    if (!flow_to(v, f->entry, f->entry, k, 0, 0)) return false;
    while (v->n_work > 0) {
      uint32_t pc = v->work[--v->n_work];
      if (!step(v, pc, k)) return false;
    }
  }
  return true;
}

bool verify_code(const int32_t *code, uint32_t len, const ZbcReloc *relocs, uint32_t n_relocs,
                 bool collectable, VerifyResult *res) {
  return verify_code_starts(code, len, relocs, n_relocs, collectable, res, NULL);
}

bool verify_code_starts(const int32_t *code, uint32_t len, const ZbcReloc *relocs,
                        uint32_t n_relocs, bool collectable, VerifyResult *res, uint8_t *starts) {
  memset(res, 0, sizeof *res);
  Verifier v = {.code = code, .len = len, .collectable = collectable, .res = res};
  if (len == 0) return fail(&v, 0, "empty code");
  /* One allocation for every per-word array (a load verifies small
   * modules often: malloc calls add up). */
  size_t n = len;
  uint8_t *mem = malloc(n * (2 + 6 * sizeof(uint32_t)));
  v.cap_frames = 64;
  v.n_frames = 1; /* entry 0 means "no frame" */
  v.arena = malloc(v.cap_frames * sizeof(Frame));
  bool ok = false;
  if (mem == NULL || v.arena == NULL) {
    fail(&v, 0, "out of memory");
    goto done;
  }
  v.func_of = (uint32_t *)mem;
  v.depth = v.func_of + n;
  v.frames = v.depth + n;
  v.func_at = v.frames + n;
  v.work = v.func_at + n;
  v.ilen = v.work + n;
  v.is_start = (uint8_t *)(v.ilen + n);
  v.reloc = v.is_start + n;
  memset(v.is_start, 0, n);
  memset(v.reloc, NO_RELOC, n);
  memset(v.func_of, 0xFF, n * sizeof(uint32_t));
  memset(v.func_at, 0xFF, n * sizeof(uint32_t));
  for (uint32_t i = 0; i < n_relocs; i++) {
    if (relocs[i].word >= len) {
      fail(&v, 0, "relocation outside the code");
      goto done;
    }
    v.reloc[relocs[i].word] = relocs[i].kind;
  }
  if (!decode(&v)) goto done;
  for (uint32_t i = 0; i < len; i++)
    if (v.reloc[i] != NO_RELOC) {
      fail(&v, i, "relocation on word %u, which is not a global or primitive operand", i);
      goto done;
    }
  ok = check_boundaries(&v) && find_functions(&v) && check_stack(&v);
  if (ok && starts != NULL)
    for (uint32_t i = 0; i < len; i++) starts[i] = v.is_start[i] != 0;
done:
  free(mem);
  free(v.arena);
  free(v.funcs);
  return ok;
}
