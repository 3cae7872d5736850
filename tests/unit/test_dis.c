/* The disassembler: its output format, and the round trip
 * dis -> asm -> the same .zbc bytes, on real listings, on odd units that
 * no listing produces, and on random well-formed units. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../asm/asm.h"
#include "../../vm/opcodes.h"

static char *disassemble(const ZbcUnit *u, size_t *len) {
  char *text;
  FILE *f = open_memstream(&text, len);
  cr_assert_not_null(f);
  cr_assert(dis_print(u, f));
  fclose(f);
  return text;
}

/* dis_print(u), assembled again (in tests/asm/, where .cmi files exist
 * that must not be consulted), gives zbc_write(u) byte for byte. */
static void round_trip(const ZbcUnit *u) {
  ZbcError e;
  cr_assert(zbc_check(u, &e), "the test built a bad unit: %s", e.msg);
  size_t n1, n2, tl, el;
  uint8_t *b1 = zbc_write(u, &n1);
  char *text = disassemble(u, &tl);
  char *errors;
  FILE *ef = open_memstream(&errors, &el);
  ZbcUnit *v;
  bool ok = asm_assemble("tests/asm/dis.zs", text, tl, NULL, &v, ef);
  fclose(ef);
  cr_assert(ok, "the output does not assemble:\n%s--- output:\n%s", errors, text);
  uint8_t *b2 = zbc_write(v, &n2);
  cr_assert(n1 == n2 && memcmp(b1, b2, n1) == 0,
            "the round trip changed the unit (%zu -> %zu bytes)\n--- output:\n%s", n1, n2, text);
  free(b1);
  free(b2);
  free(text);
  free(errors);
  zbc_unit_free(v);
}

static ZbcUnit *assemble(const char *text) {
  ZbcUnit *u;
  AsmOptions o = {.no_cmi = true};
  cr_assert(asm_assemble("t.zs", text, strlen(text), &o, &u, stderr), "%s", text);
  return u;
}

/* ---- The output ---------------------------------------------------------------- */

Test(dis, format) {
  ZbcUnit *u = assemble(".crc 00112233445566778899aabbccddeeff\n"
                        "L1:\tacc 0\n\tpush\n\tconst 2\n\tgtint\n\tbranchifnot L1\n"
                        "\tswitch 1 2/ 1\n\tclosurerec 1 2, 0\n\tccall caml_foo, 2\n"
                        "\tconst [0: 1 \"a\\n\" [|1.5 -0.|] 2.5 5l -6L 7n [3]]\n"
                        "\tgetglobal Lib/3!\n\tgetfield 2\n"
                        "L2:\tsetglobal T!\n");
  size_t len;
  char *text = disassemble(u, &len);
  cr_assert_str_eq(text,
                   "; zvm dis: 23 code words, 9 literal nodes, 4 relocations\n"
                   ".module T\n"
                   ".crc 00112233445566778899aabbccddeeff\n"
                   ".import Lib none\n"
                   "L0:\tACC0\n"
                   "\tBLEINT 2, L0\n"
                   "\tSWITCH L0 L21 / L0\n"
                   "\tCLOSUREREC 2, 0, L0, L21\n"
                   "\tC_CALL2 caml_foo\n"
                   "\tGETGLOBAL [0: 1 \"a\\n\" [|1.5 -0.|] 2.5 5l -6L 7n [3]]\n"
                   "\tGETGLOBALFIELD Lib!, 2\n"
                   "L21:\tSETGLOBAL T!\n");
  free(text);
  round_trip(u);
  zbc_unit_free(u);
}

Test(dis, floats_read_back_exactly) {
  static const uint64_t bits[] = {
      0x0000000000000000ull, 0x8000000000000000ull, 0x3FF0000000000000ull,
      0x0000000000000001ull, 0x000FFFFFFFFFFFFFull, 0x7FEFFFFFFFFFFFFFull,
      0x7FF0000000000000ull, 0xFFF0000000000000ull, 0x7FF8000000000000ull,
      0xFFF8000000000000ull, 0x7FF0000000000001ull, 0x3FB999999999999Aull,
      0x400921FB54442D18ull, 0xC1E0000000000000ull, 0x4340000000000001ull};
  ZbcUnit *u = zbc_unit_new("F");
  double d[2];
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
    zbc_emit(u, OP_GETGLOBAL);
    zbc_add_reloc(u, u->code.len, ZBC_RELOC_LITERAL, u->lits.len);
    zbc_emit(u, 0);
    memcpy(&d[0], &bits[i], 8);
    uint32_t k = zbc_lit_float(u, d[0]);
    u->lits.items[k].bits = bits[i];
  }
  zbc_emit(u, OP_GETGLOBAL);
  zbc_add_reloc(u, u->code.len, ZBC_RELOC_LITERAL, u->lits.len);
  zbc_emit(u, 0);
  memcpy(&d[0], &bits[10], 8);
  memcpy(&d[1], &bits[9], 8);
  zbc_lit_float_array(u, d, 2);
  u->lit_floats.items[u->lit_floats.len - 2] = bits[10];
  u->lit_floats.items[u->lit_floats.len - 1] = bits[9];
  round_trip(u);
  zbc_unit_free(u);
}

Test(dis, strings_and_names) {
  ZbcUnit *u = zbc_unit_new("S");
  char all[256];
  for (int i = 0; i < 256; i++) all[i] = (char)i;
  zbc_emit(u, OP_GETGLOBAL);
  zbc_add_reloc(u, 1, ZBC_RELOC_LITERAL, zbc_lit_string(u, all, 256));
  zbc_emit(u, 0);
  /* Names that must be quoted. */
  zbc_emit(u, OP_C_CALL1);
  zbc_add_reloc(u, 3, ZBC_RELOC_PRIM, zbc_symbol(u, "a b\"c\\\n\x7f\xff"));
  zbc_emit(u, 0);
  zbc_emit(u, OP_GETGLOBAL);
  zbc_add_reloc(u, 5, ZBC_RELOC_GETGLOBAL, zbc_symbol(u, "1st"));
  zbc_emit(u, 0);
  zbc_add_import(u, "we ird", NULL);
  round_trip(u);
  zbc_unit_free(u);
}

/* ---- Units no listing produces ------------------------------------------------------ */

Test(dis, odd_units) {
  ZbcUnit *u = zbc_unit_new("Odd");
  /* Shared and unused literal nodes, out of code order. */
  uint32_t one = zbc_lit_int(u, ZBC_LIT_INT, 1);
  uint32_t f[2] = {one, one};
  uint32_t blk = zbc_lit_block(u, 0, f, 2);
  zbc_lit_string(u, "unused", 6);
  /* Symbols in an order the assembler would not choose. */
  zbc_symbol(u, "zzz");
  /* An unknown opcode, a relocation on an ACC operand, a non-zero
   * relocated word, a jump into the middle of an instruction and one out
   * of the code, a debug entry on an operand word, a truncated tail. */
  zbc_emit(u, 200);
  zbc_emit(u, OP_ACC);
  zbc_add_reloc(u, 2, ZBC_RELOC_LITERAL, one);
  zbc_emit(u, 0);
  zbc_emit(u, OP_GETGLOBAL);
  zbc_add_reloc(u, 4, ZBC_RELOC_LITERAL, blk);
  zbc_emit(u, 0);
  zbc_emit(u, OP_C_CALL1);
  zbc_add_reloc(u, 6, ZBC_RELOC_PRIM, zbc_symbol(u, "p"));
  zbc_emit(u, 77);
  zbc_emit(u, OP_BRANCH);
  zbc_emit(u, -6);
  zbc_emit(u, OP_BRANCH);
  zbc_emit(u, 1000);
  zbc_emit(u, OP_BRANCHIF);
  zbc_emit(u, 0);
  zbc_add_debug(u, 1, 5);
  zbc_add_debug(u, 12, 9);
  zbc_emit(u, OP_SETGLOBAL);
  zbc_add_reloc(u, 14, ZBC_RELOC_SETGLOBAL, zbc_symbol(u, "Odd"));
  zbc_emit(u, 0);
  zbc_emit(u, OP_GETGLOBAL);
  zbc_add_reloc(u, 16, ZBC_RELOC_GETGLOBAL, zbc_symbol(u, "Odd"));
  zbc_emit(u, 0);
  zbc_emit(u, OP_PUSHGETGLOBALFIELD);
  zbc_add_reloc(u, 18, ZBC_RELOC_PREDEF, 11);
  zbc_emit(u, 0);
  zbc_emit(u, 1);
  zbc_add_reloc(u, 20, ZBC_RELOC_PREDEF, 0);
  zbc_emit(u, 0);
  zbc_emit(u, OP_APPTERM);
  zbc_emit(u, 2);
  round_trip(u);
  zbc_unit_free(u);
}

Test(dis, imports_and_crcs) {
  ZbcUnit *u = zbc_unit_new("Closures"); /* tests/asm/closures.cmi must not be read */
  zbc_emit(u, OP_STOP);
  round_trip(u);
  uint8_t crc[16] = {1, 2, 3};
  zbc_add_import(u, "Lib", crc); /* lib.cmi neither */
  zbc_add_import(u, "Other", NULL);
  zbc_emit(u, OP_GETGLOBAL);
  zbc_add_reloc(u, 2, ZBC_RELOC_GETGLOBAL, zbc_symbol(u, "Unimported"));
  zbc_emit(u, 0);
  round_trip(u);
  zbc_unit_free(u);
}

/* ---- Real listings ---------------------------------------------------------------------- */

Test(dis, ocamlc_listings) {
  static const char *const names[] = {"closures", "variants", "constants", "records",
                                      "loops",    "calls",    "objects",   "lib",
                                      "user",     "modules",  "closures_g", "variants_g",
                                      "modules_g"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[128];
    snprintf(path, sizeof path, "tests/asm/%s.zs", names[i]);
    for (int g = 0; g < 2; g++) {
      AsmOptions o = {.debug_lines = g == 1};
      ZbcUnit *u;
      cr_assert(asm_assemble_file(path, &o, &u, stderr));
      round_trip(u);
      zbc_unit_free(u);
    }
  }
}

/* ---- Random units ------------------------------------------------------------------------- */

typedef struct Rng {
  uint64_t s;
} Rng;

static uint32_t rnd(Rng *r, uint32_t n) {
  r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
  return n ? (uint32_t)((r->s >> 33) % n) : 0;
}

static void random_name(Rng *r, char *buf, bool weird) {
  int len = 1 + (int)rnd(r, 6);
  for (int i = 0; i < len; i++)
    buf[i] = weird && rnd(r, 4) == 0 ? (char)(1 + rnd(r, 255)) : (char)('a' + rnd(r, 26));
  buf[len] = 0;
}

static uint32_t random_literal(Rng *r, ZbcUnit *u) {
  char s[16];
  uint64_t bits = (uint64_t)rnd(r, UINT32_MAX) << 32 | rnd(r, UINT32_MAX);
  double d;
  memcpy(&d, &bits, 8);
  switch (rnd(r, 8)) {
  case 0: return zbc_lit_int(u, ZBC_LIT_INT, (int64_t)rnd(r, 2000) - 1000);
  case 1: random_name(r, s, true); return zbc_lit_string(u, s, (uint32_t)strlen(s));
  case 2: {
    uint32_t k = zbc_lit_float(u, d);
    u->lits.items[k].bits = bits;
    return k;
  }
  case 3: return zbc_lit_int(u, ZBC_LIT_INT32, (int32_t)rnd(r, UINT32_MAX));
  case 4: return zbc_lit_int(u, ZBC_LIT_INT64, (int64_t)bits);
  case 5: return zbc_lit_int(u, ZBC_LIT_NATIVEINT, -(int64_t)rnd(r, 100));
  case 6: {
    double a[2] = {d, 1.5};
    return zbc_lit_float_array(u, a, rnd(r, 3) == 0 ? 0 : 2);
  }
  default: {
    if (u->lits.len == 0) return zbc_lit_block(u, rnd(r, 3), NULL, 0);
    uint32_t n = rnd(r, 4), f[4];
    for (uint32_t k = 0; k < n; k++) f[k] = rnd(r, u->lits.len);
    static const uint32_t tags[] = {0, 1, 7, 246, 248, 250};
    return zbc_lit_block(u, tags[rnd(r, 6)], f, n);
  }
  }
}

/* A relocation of a random kind at the current word. */
static void random_reloc(Rng *r, ZbcUnit *u, int kind) {
  char s[16];
  if (kind == ZBC_RELOC_LITERAL) {
    uint32_t idx = u->lits.len > 0 && rnd(r, 3) == 0 ? rnd(r, u->lits.len) : random_literal(r, u);
    zbc_add_reloc(u, u->code.len, ZBC_RELOC_LITERAL, idx);
  } else if (kind == ZBC_RELOC_SETGLOBAL) {
    zbc_add_reloc(u, u->code.len, ZBC_RELOC_SETGLOBAL, zbc_symbol(u, u->name));
  } else if (kind == ZBC_RELOC_PREDEF) {
    zbc_add_reloc(u, u->code.len, ZBC_RELOC_PREDEF, rnd(r, ZBC_PREDEF_COUNT));
  } else {
    random_name(r, s, rnd(r, 5) == 0);
    zbc_add_reloc(u, u->code.len, (ZbcRelocKind)kind, zbc_symbol(u, s));
  }
}

static ZbcUnit *random_unit(Rng *r) {
  ZbcUnit *u = zbc_unit_new("Rand");
  char s[16];
  if (rnd(r, 2)) {
    u->has_crc = true;
    for (int i = 0; i < 16; i++) u->crc[i] = (uint8_t)rnd(r, 256);
  }
  for (uint32_t i = rnd(r, 3); i > 0; i--) random_name(r, s, true), zbc_symbol(u, s);
  for (uint32_t i = rnd(r, 3); i > 0; i--) random_literal(r, u);
  uint32_t n = 1 + rnd(r, 40);
  while (u->code.len < n) {
    uint32_t choice = rnd(r, 10);
    if (choice == 0) {
      /* A raw word, maybe relocated. */
      if (rnd(r, 3) == 0) random_reloc(r, u, (int)rnd(r, ZBC_RELOC_KIND_COUNT));
      zbc_emit(u, (int32_t)rnd(r, 300) - 20);
      continue;
    }
    int op = (int)rnd(r, OPCODE_LIMIT);
    const OpcodeInfo *info = opcode_lookup(op);
    if (info == NULL) continue;
    if (rnd(r, 8) == 0) zbc_add_debug(u, u->code.len, rnd(r, 100));
    zbc_emit(u, op);
    if (info->operand[0] == OPK_SWITCH) {
      uint32_t nc = rnd(r, 3), nb = rnd(r, 3);
      zbc_emit(u, (int32_t)(nc | nb << 16));
      for (uint32_t k = 0; k < nc + nb; k++) zbc_emit(u, (int32_t)rnd(r, 30) - 10);
      continue;
    }
    if (info->operand[0] == OPK_CLOSUREREC) {
      uint32_t nf = 1 + rnd(r, 3);
      zbc_emit(u, (int32_t)nf);
      zbc_emit(u, (int32_t)rnd(r, 4));
      for (uint32_t k = 0; k < nf; k++) zbc_emit(u, (int32_t)rnd(r, 30) - 10);
      continue;
    }
    for (int k = 0; k < 2 && info->operand[k] != OPK_NONE; k++) {
      switch (info->operand[k]) {
      case OPK_GLOBAL:
        random_reloc(r, u, op == OP_SETGLOBAL ? ZBC_RELOC_SETGLOBAL
                           : rnd(r, 3) == 0 ? ZBC_RELOC_PREDEF
                           : rnd(r, 2)      ? ZBC_RELOC_LITERAL
                                            : ZBC_RELOC_GETGLOBAL);
        zbc_emit(u, rnd(r, 10) == 0 ? 3 : 0);
        break;
      case OPK_PRIM:
        if (rnd(r, 10) != 0) random_reloc(r, u, ZBC_RELOC_PRIM);
        zbc_emit(u, 0);
        break;
      case OPK_OFS: zbc_emit(u, (int32_t)rnd(r, 30) - 10); break;
      default: zbc_emit(u, (int32_t)rnd(r, UINT32_MAX)); break;
      }
    }
  }
  for (uint32_t i = rnd(r, 3); i > 0; i--) random_literal(r, u);
  for (uint32_t i = rnd(r, 3); i > 0; i--) {
    random_name(r, s, rnd(r, 4) == 0);
    zbc_add_import(u, s, rnd(r, 2) ? u->crc : NULL);
  }
  return u;
}

Test(dis, random_units) {
  Rng r = {42};
  int checked = 0;
  for (int iter = 0; iter < 1000; iter++) {
    ZbcUnit *u = random_unit(&r);
    ZbcError e;
    if (zbc_check(u, &e)) {
      round_trip(u);
      checked++;
    }
    zbc_unit_free(u);
  }
  cr_assert_gt(checked, 900, "only %d random units were well formed", checked);
}
