/* The disassembler: a .zbc unit -> the assembler's raw syntax.
 *
 * The output reassembles to the same bytes. The directives at the top pin
 * down what the code alone does not say (module name, CRCs, imports), and
 * the rest is one instruction per line, `Ln:` labels at jump targets
 * (n is the target's word index), operands printed by the opcode table's
 * operand kinds, literals as structured constants.
 *
 * Units that zbc_read accepts but that no assembler run would produce are
 * still printed exactly, with fallbacks:
 *   - words that do not decode as an instruction with its usual
 *     relocations (unknown opcodes, truncated instructions, relocations on
 *     other operands, non-zero relocated words, debug entries inside an
 *     instruction) are printed one `.word` per word, with its relocation;
 *   - a literal pool that is not what assembling the constants in code
 *     order gives (shared or unused nodes, another order) is printed node
 *     by node with `.lit`, and operands refer to nodes as `@N`;
 *   - symbols in an unusual order are listed with `.symbol` first;
 *   - a jump that does not land on an instruction is printed as a number.
 * Nothing here recurses on the input: constants are printed with an
 * explicit stack.
 */
#include <math.h>
#include <string.h>

#include "../vm/opcodes.h"
#include "asm_internal.h"

#define NAN_BITS 0x7FF8000000000000ull

typedef struct Dis {
  const ZbcUnit *u;
  FILE *out;
  int32_t *reloc_at;   /* per word: index in u->relocs, or -1 */
  int64_t *debug_at;   /* per word: debug line, or -1 */
  bool *line_start;    /* per word (and one past the end): a line starts here */
  bool *label;         /* per word (and one past the end): print `Ln:` */
  bool *fallback;      /* per word: printed as `.word` */
  bool inline_lits;    /* literals printed as constants, not @N */
  bool oom;
} Dis;

/* ---- Names, strings, floats ---------------------------------------------- */

static void print_quoted(FILE *out, const char *s, size_t n) {
  fputc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\t': fputs("\\t", out); break;
    case '\r': fputs("\\r", out); break;
    case '\b': fputs("\\b", out); break;
    default:
      if (c >= 0x20 && c < 0x7f)
        fputc(c, out);
      else
        fprintf(out, "\\%03u", c);
    }
  }
  fputc('"', out);
}

static void print_name(FILE *out, const char *s) {
  size_t n = strlen(s);
  if (asm_bare_name(s, n))
    fputs(s, out);
  else
    print_quoted(out, s, n);
}

/* The shortest decimal that reads back to the same bits, written so that
 * it reads as a float (OCaml's syntax: a '.' or an exponent). */
static void print_float(FILE *out, uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  if (isnan(d)) {
    if (bits == NAN_BITS)
      fputs("nan", out);
    else
      fprintf(out, "nan:0x%016llx", (unsigned long long)bits);
    return;
  }
  if (isinf(d)) {
    fputs(d > 0 ? "infinity" : "neg_infinity", out);
    return;
  }
  char buf[64];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, d);
    double back = strtod(buf, NULL);
    uint64_t b;
    memcpy(&b, &back, sizeof b);
    if (b == bits) break;
  }
  if (strpbrk(buf, ".e") == NULL) strcat(buf, ".");
  fputs(buf, out);
}

static void print_crc(FILE *out, const uint8_t crc[ZBC_CRC_SIZE]) {
  for (int i = 0; i < ZBC_CRC_SIZE; i++) fprintf(out, "%02x", crc[i]);
}

/* ---- Literals --------------------------------------------------------------- */

static void print_scalar(Dis *ds, const ZbcLit *lit) {
  const ZbcUnit *u = ds->u;
  FILE *out = ds->out;
  switch (lit->kind) {
  case ZBC_LIT_INT: fprintf(out, "%lld", (long long)lit->i); break;
  case ZBC_LIT_INT32: fprintf(out, "%lldl", (long long)lit->i); break;
  case ZBC_LIT_INT64: fprintf(out, "%lldL", (long long)lit->i); break;
  case ZBC_LIT_NATIVEINT: fprintf(out, "%lldn", (long long)lit->i); break;
  case ZBC_LIT_FLOAT: print_float(out, lit->bits); break;
  case ZBC_LIT_STRING: print_quoted(out, lit->n > 0 ? u->lit_bytes.items + lit->first : "", lit->n); break;
  case ZBC_LIT_FLOAT_ARRAY:
    if (lit->n == 0) {
      fputs("[| |]", out);
      break;
    }
    fputs("[|", out);
    for (uint32_t k = 0; k < lit->n; k++) {
      if (k > 0) fputc(' ', out);
      print_float(out, u->lit_floats.items[lit->first + k]);
    }
    fputs("|]", out);
    break;
  default:
    break;
  }
}

typedef struct Walk {
  uint32_t node;
  uint32_t next;
} Walk;

/* Literal [root] as a structured constant (inline mode: a tree), or @N. */
static void print_literal(Dis *ds, uint32_t root) {
  const ZbcUnit *u = ds->u;
  if (!ds->inline_lits) {
    fprintf(ds->out, "@%u", root);
    return;
  }
  VEC(Walk) stack = {0};
  Walk w0 = {root, 0};
  if (!VEC_PUSH(stack, w0)) {
    ds->oom = true;
    return;
  }
  while (stack.len > 0) {
    Walk *w = &stack.items[stack.len - 1];
    const ZbcLit *lit = &u->lits.items[w->node];
    if (lit->kind != ZBC_LIT_BLOCK) {
      print_scalar(ds, lit);
      stack.len--;
      continue;
    }
    if (lit->n == 0) {
      fprintf(ds->out, "[%u]", lit->tag);
      stack.len--;
      continue;
    }
    if (w->next == 0) fprintf(ds->out, "[%u:", lit->tag);
    if (w->next < lit->n) {
      Walk child = {u->lit_refs.items[lit->first + w->next], 0};
      w->next++;
      fputc(' ', ds->out);
      if (!VEC_PUSH(stack, child)) {
        ds->oom = true;
        break;
      }
      continue;
    }
    fputc(']', ds->out);
    stack.len--;
  }
  free(stack.items);
}

/* Would assembling the literal operands in code order, each as a tree of
 * fresh nodes in post-order, give exactly this pool? */
static bool literals_canonical(const ZbcUnit *u) {
  VEC(Walk) stack = {0};
  uint32_t next = 0;
  bool ok = true;
  for (uint32_t r = 0; r < u->relocs.len && ok; r++) {
    if (u->relocs.items[r].kind != ZBC_RELOC_LITERAL) continue;
    Walk w0 = {u->relocs.items[r].index, 0};
    stack.len = 0;
    if (!VEC_PUSH(stack, w0)) ok = false;
    while (ok && stack.len > 0) {
      Walk *w = &stack.items[stack.len - 1];
      const ZbcLit *lit = &u->lits.items[w->node];
      if (lit->kind == ZBC_LIT_BLOCK && w->next < lit->n) {
        Walk child = {u->lit_refs.items[lit->first + w->next], 0};
        w->next++;
        if (!VEC_PUSH(stack, child)) ok = false;
        continue;
      }
      /* Every node is visited once, in order: a mismatch stops the walk
       * before shared nodes could make it long. */
      if (w->node != next) ok = false;
      next++;
      stack.len--;
    }
  }
  free(stack.items);
  return ok && next == u->lits.len;
}

/* Would the assembler intern the symbols in this order: relocations in
 * code order, then imports? */
static bool symbols_canonical(const ZbcUnit *u) {
  uint32_t n = 0;
  bool *seen = calloc(u->syms.len + 1, sizeof *seen);
  if (seen == NULL) return false;
  bool ok = true;
  for (uint32_t r = 0; r < u->relocs.len + u->imports.len && ok; r++) {
    uint32_t sym;
    if (r < u->relocs.len) {
      uint8_t kind = u->relocs.items[r].kind;
      if (kind == ZBC_RELOC_LITERAL || kind == ZBC_RELOC_PREDEF) continue;
      sym = u->relocs.items[r].index;
    } else {
      sym = u->imports.items[r - u->relocs.len].sym;
    }
    if (seen[sym]) continue;
    seen[sym] = true;
    if (sym != n++) ok = false;
  }
  free(seen);
  return ok && n == u->syms.len;
}

/* A relocated global operand: a literal, `Name!`, or `Name/stamp!` for a
 * predefined exception. */
static void print_global(Dis *ds, const ZbcReloc *r) {
  if (r->kind == ZBC_RELOC_LITERAL) {
    print_literal(ds, r->index);
  } else if (r->kind == ZBC_RELOC_PREDEF) {
    fprintf(ds->out, "%s/%d!", asm_predef_name((int)r->index), asm_predef_stamp((int)r->index));
  } else {
    print_name(ds->out, ds->u->syms.items[r->index]);
    fputc('!', ds->out);
  }
}

/* ---- Decoding ----------------------------------------------------------------- */

/* Does the instruction at pc (length len) print as an instruction? */
static bool decodes(const Dis *ds, uint32_t pc, size_t len) {
  const ZbcUnit *u = ds->u;
  const OpcodeInfo *info = opcode_lookup(u->code.items[pc]);
  if (ds->reloc_at[pc] >= 0) return false;
  for (size_t k = 1; k < len; k++)
    if (ds->debug_at[pc + k] >= 0) return false;
  if (info->operand[0] == OPK_SWITCH || info->operand[0] == OPK_CLOSUREREC) {
    for (size_t k = 1; k < len; k++)
      if (ds->reloc_at[pc + k] >= 0) return false;
    return true;
  }
  for (int k = 0; k < 2 && info->operand[k] != OPK_NONE; k++) {
    uint32_t w = pc + 1 + (uint32_t)k;
    int32_t r = ds->reloc_at[w];
    OperandKind kind = info->operand[k];
    if (kind != OPK_GLOBAL && kind != OPK_PRIM) {
      if (r >= 0) return false;
      continue;
    }
    if (r < 0 || u->code.items[w] != 0) return false;
    uint8_t rk = u->relocs.items[r].kind;
    if (kind == OPK_PRIM && rk != ZBC_RELOC_PRIM) return false;
    if (kind == OPK_GLOBAL) {
      bool set = u->code.items[pc] == OP_SETGLOBAL;
      if (set ? rk != ZBC_RELOC_SETGLOBAL
              : rk != ZBC_RELOC_LITERAL && rk != ZBC_RELOC_GETGLOBAL && rk != ZBC_RELOC_PREDEF)
        return false;
    }
  }
  return true;
}

/* The target of the offset word at w (relative to origin), marked as a
 * label if it is the start of a line. */
static void mark_target(Dis *ds, uint32_t w, uint32_t origin) {
  int64_t t = (int64_t)origin + ds->u->code.items[w];
  if (t >= 0 && t <= (int64_t)ds->u->code.len && ds->line_start[t]) ds->label[t] = true;
}

/* Visit the jump operands of the instruction at pc: mark (or print). */
static void each_target(Dis *ds, uint32_t pc, bool print);

static void print_target(Dis *ds, uint32_t w, uint32_t origin) {
  int64_t t = (int64_t)origin + ds->u->code.items[w];
  if (t >= 0 && t <= (int64_t)ds->u->code.len && ds->label[t])
    fprintf(ds->out, "L%lld", (long long)t);
  else
    fprintf(ds->out, "%d", ds->u->code.items[w]);
}

static void each_target(Dis *ds, uint32_t pc, bool print) {
  const ZbcUnit *u = ds->u;
  const OpcodeInfo *info = opcode_lookup(u->code.items[pc]);
  if (info->operand[0] == OPK_SWITCH) {
    uint32_t sizes = (uint32_t)u->code.items[pc + 1];
    uint32_t nconst = sizes & 0xFFFF, n = nconst + (sizes >> 16);
    for (uint32_t k = 0; k < n; k++) {
      if (print) {
        if (k == nconst) fputs(" /", ds->out);
        fputc(' ', ds->out);
        print_target(ds, pc + 2 + k, pc + 2);
      } else {
        mark_target(ds, pc + 2 + k, pc + 2);
      }
    }
    if (print && n == nconst) fputs(" /", ds->out);
    return;
  }
  if (info->operand[0] == OPK_CLOSUREREC) {
    uint32_t n = (uint32_t)u->code.items[pc + 1];
    if (print) fprintf(ds->out, " %u, %u", n, (uint32_t)u->code.items[pc + 2]);
    for (uint32_t k = 0; k < n; k++) {
      if (print) {
        fputs(", ", ds->out);
        print_target(ds, pc + 3 + k, pc + 3);
      } else {
        mark_target(ds, pc + 3 + k, pc + 3);
      }
    }
    return;
  }
  for (int k = 0; k < 2 && info->operand[k] != OPK_NONE; k++) {
    uint32_t w = pc + 1 + (uint32_t)k;
    int32_t word = u->code.items[w];
    if (!print) {
      if (info->operand[k] == OPK_OFS) mark_target(ds, w, w);
      continue;
    }
    fputs(k == 0 ? " " : ", ", ds->out);
    switch (info->operand[k]) {
    case OPK_OFS: print_target(ds, w, w); break;
    case OPK_INT: fprintf(ds->out, "%d", word); break;
    case OPK_GLOBAL: {
      print_global(ds, &u->relocs.items[ds->reloc_at[w]]);
      break;
    }
    case OPK_PRIM: print_name(ds->out, u->syms.items[u->relocs.items[ds->reloc_at[w]].index]); break;
    default: fprintf(ds->out, "%u", (uint32_t)word); break;
    }
  }
}

/* A `.word`, with its relocation if it has one. */
static void print_word(Dis *ds, uint32_t w) {
  const ZbcUnit *u = ds->u;
  fprintf(ds->out, "\t.word %d", u->code.items[w]);
  int32_t r = ds->reloc_at[w];
  if (r < 0) return;
  const ZbcReloc *rel = &u->relocs.items[r];
  switch (rel->kind) {
  case ZBC_RELOC_LITERAL:
    fputs(", const ", ds->out);
    print_literal(ds, rel->index);
    break;
  case ZBC_RELOC_GETGLOBAL:
  case ZBC_RELOC_PREDEF:
    fputs(", getglobal ", ds->out);
    print_global(ds, rel);
    break;
  case ZBC_RELOC_SETGLOBAL:
    fputs(", setglobal ", ds->out);
    print_global(ds, rel);
    break;
  default:
    fputs(", prim ", ds->out);
    print_name(ds->out, u->syms.items[rel->index]);
    break;
  }
}

/* ---- The listing --------------------------------------------------------------- */

static void print_header(Dis *ds) {
  const ZbcUnit *u = ds->u;
  FILE *out = ds->out;
  fprintf(out, "; zvm dis: %u code words, %u literal nodes, %u relocations\n", u->code.len,
          u->lits.len, u->relocs.len);
  fprintf(out, ".module %s\n", u->name);
  fputs(".crc ", out);
  if (u->has_crc)
    print_crc(out, u->crc);
  else
    fputs("none", out);
  fputc('\n', out);
  for (uint32_t i = 0; i < u->imports.len; i++) {
    const ZbcImport *imp = &u->imports.items[i];
    fputs(".import ", out);
    print_name(out, u->syms.items[imp->sym]);
    fputc(' ', out);
    if (imp->has_crc)
      print_crc(out, imp->crc);
    else
      fputs("none", out);
    fputc('\n', out);
  }
  if (u->imports.len == 0) fputs(".noimports\n", out);
  if (!symbols_canonical(u))
    for (uint32_t i = 0; i < u->syms.len; i++) {
      fputs(".symbol ", out);
      print_name(out, u->syms.items[i]);
      fputc('\n', out);
    }
  if (!ds->inline_lits)
    for (uint32_t i = 0; i < u->lits.len; i++) {
      const ZbcLit *lit = &u->lits.items[i];
      fputs(".lit ", out);
      if (lit->kind == ZBC_LIT_BLOCK && lit->n > 0) {
        fprintf(out, "[%u:", lit->tag);
        for (uint32_t k = 0; k < lit->n; k++) fprintf(out, " @%u", u->lit_refs.items[lit->first + k]);
        fputc(']', out);
      } else if (lit->kind == ZBC_LIT_BLOCK) {
        fprintf(out, "[%u]", lit->tag);
      } else {
        print_scalar(ds, lit);
      }
      fprintf(out, " ; @%u\n", i);
    }
}

static bool disassemble(Dis *ds) {
  const ZbcUnit *u = ds->u;
  uint32_t len = u->code.len;
  for (uint32_t i = 0; i < len; i++) {
    ds->reloc_at[i] = -1;
    ds->debug_at[i] = -1;
  }
  for (uint32_t i = 0; i < u->relocs.len; i++) ds->reloc_at[u->relocs.items[i].word] = (int32_t)i;
  for (uint32_t i = 0; i < u->debug.len; i++) ds->debug_at[u->debug.items[i].word] = u->debug.items[i].line;
  /* Decode: where lines start, which words are printed raw. */
  for (uint32_t pc = 0; pc < len;) {
    size_t n = instruction_length(u->code.items, len, pc);
    bool raw = n == 0 || !decodes(ds, pc, n);
    if (n == 0) n = 1;
    for (size_t k = 0; k < n; k++) {
      ds->fallback[pc + k] = raw;
      ds->line_start[pc + k] = raw || k == 0;
    }
    pc += (uint32_t)n;
  }
  ds->line_start[len] = true;
  for (uint32_t pc = 0; pc < len; pc++)
    if (ds->line_start[pc] && !ds->fallback[pc]) each_target(ds, pc, false);
  print_header(ds);
  for (uint32_t pc = 0; pc < len; pc++) {
    if (!ds->line_start[pc]) continue;
    if (ds->debug_at[pc] >= 0) fprintf(ds->out, ".line %lld\n", (long long)ds->debug_at[pc]);
    if (ds->label[pc]) fprintf(ds->out, "L%u:", pc);
    if (ds->fallback[pc]) {
      print_word(ds, pc);
    } else {
      fprintf(ds->out, "\t%s", opcode_lookup(u->code.items[pc])->name);
      each_target(ds, pc, true);
    }
    fputc('\n', ds->out);
  }
  if (ds->label[len]) fprintf(ds->out, "L%u:\n", len);
  return !ds->oom;
}

bool dis_print(const ZbcUnit *u, FILE *out) {
  Dis ds;
  memset(&ds, 0, sizeof ds);
  ds.u = u;
  ds.out = out;
  size_t n = (size_t)u->code.len + 1;
  ds.reloc_at = malloc(n * sizeof *ds.reloc_at);
  ds.debug_at = malloc(n * sizeof *ds.debug_at);
  ds.line_start = calloc(n, sizeof *ds.line_start);
  ds.label = calloc(n, sizeof *ds.label);
  ds.fallback = calloc(n, sizeof *ds.fallback);
  bool ok = false;
  if (ds.reloc_at != NULL && ds.debug_at != NULL && ds.line_start != NULL && ds.label != NULL &&
      ds.fallback != NULL) {
    ds.inline_lits = literals_canonical(u);
    ok = disassemble(&ds);
  }
  free(ds.reloc_at);
  free(ds.debug_at);
  free(ds.line_start);
  free(ds.label);
  free(ds.fallback);
  return ok && !ferror(out);
}
