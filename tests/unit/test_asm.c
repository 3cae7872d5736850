/* The assembler: listing forms, emitter rules, peephole merges, literals,
 * relocations, directives, raw opcodes, errors, and real ocamlc listings
 * checked word for word against the .cmo files ocamlc wrote for them. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../asm/asm.h"
#include "../../asm/asm_internal.h"
#include "../../vm/opcodes.h"

/* ---- Helpers ---------------------------------------------------------------- */

typedef struct Result {
  ZbcUnit *u;
  char *errors;
} Result;

static Result run_opts(const char *file, const char *text, size_t len, const AsmOptions *o) {
  Result r = {0};
  size_t n;
  FILE *f = open_memstream(&r.errors, &n);
  cr_assert_not_null(f);
  bool ok = asm_assemble(file, text, len, o, &r.u, f);
  fclose(f);
  cr_assert_eq(ok, r.u != NULL);
  return r;
}

static Result run(const char *text) {
  AsmOptions o = {.no_cmi = true};
  return run_opts("t.zs", text, strlen(text), &o);
}

static void done(Result *r) {
  zbc_unit_free(r->u);
  free(r->errors);
}

static ZbcUnit *ok(const char *text, Result *r) {
  *r = run(text);
  cr_assert_not_null(r->u, "assembly failed:\n%s--- input:\n%s", r->errors, text);
  return r->u;
}

static void expect_code(const char *text, const int32_t *want, size_t n) {
  Result r;
  ZbcUnit *u = ok(text, &r);
  char got[512] = "";
  for (uint32_t i = 0; i < u->code.len && strlen(got) < 480; i++)
    snprintf(got + strlen(got), sizeof got - strlen(got), " %d", u->code.items[i]);
  cr_assert_eq(u->code.len, n, "%u words instead of %zu:%s\n--- input:\n%s", u->code.len, n, got,
               text);
  for (size_t i = 0; i < n; i++)
    cr_assert_eq(u->code.items[i], want[i], "word %zu is %d, expected %d:%s\n--- input:\n%s", i,
                 u->code.items[i], want[i], got, text);
  done(&r);
}

#define CODE(text, ...)                                           \
  do {                                                            \
    const int32_t want_[] = {__VA_ARGS__};                        \
    expect_code(text, want_, sizeof want_ / sizeof want_[0]);     \
  } while (0)

/* The first error line must be [want]. */
static void expect_error(const char *text, const char *want) {
  Result r = run(text);
  cr_assert_null(r.u, "assembled, but expected the error %s\n--- input:\n%s", want, text);
  size_t n = strcspn(r.errors, "\n");
  cr_assert(strlen(want) == n && strncmp(r.errors, want, n) == 0,
            "error:\n  %.*s\nexpected:\n  %s\n--- input:\n%s", (int)n, r.errors, want, text);
  done(&r);
}

static const ZbcReloc *reloc_at(const ZbcUnit *u, uint32_t word) {
  for (uint32_t i = 0; i < u->relocs.len; i++)
    if (u->relocs.items[i].word == word) return &u->relocs.items[i];
  return NULL;
}

static void expect_reloc(const ZbcUnit *u, uint32_t word, ZbcRelocKind kind, const char *sym) {
  const ZbcReloc *r = reloc_at(u, word);
  cr_assert_not_null(r, "no relocation at word %u", word);
  cr_assert_eq(r->kind, kind, "relocation at word %u has kind %u, expected %u", word, r->kind, kind);
  if (sym != NULL) cr_assert_str_eq(u->syms.items[r->index], sym);
}

static uint64_t bits_of(double d) {
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  return b;
}

/* ---- Listing instructions: emitcode.ml's emit_instr ------------------------------- */

Test(asm_listing, acc_and_envacc) {
  CODE("\tacc 0\n\tacc 7\n\tacc 8\n", OP_ACC0, OP_ACC7, OP_ACC, 8);
  CODE("\tenvacc 1\n\tenvacc 4\n\tenvacc 5\n\tenvacc 0\n", OP_ENVACC1, OP_ENVACC4, OP_ENVACC, 5,
       OP_ENVACC, 0);
  CODE("\tpush\n\tpop 3\n\tassign 2\n", OP_PUSH, OP_POP, 3, OP_ASSIGN, 2);
}

Test(asm_listing, apply_and_return) {
  CODE("\tapply 1\n\tapply 3\n\tapply 4\n", OP_APPLY1, OP_APPLY3, OP_APPLY, 4);
  CODE("\tappterm 2, 5\n\tappterm 4, 6\n", OP_APPTERM2, 5, OP_APPTERM, 4, 6);
  CODE("\treturn 2\n\tgrab 1\n\trestart\n", OP_RETURN, 2, OP_GRAB, 1, OP_RESTART);
  CODE("\tpush_retaddr L4\n\tapply 4\nL4:\tstop\n", OP_PUSH_RETADDR, 3, OP_APPLY, 4, OP_STOP);
}

Test(asm_listing, closures) {
  /* The operands are swapped: CLOSURE nvars, ofs. */
  CODE("\tclosure L10, 2\n\tstop\nL10:\tacc 0\n", OP_CLOSURE, 2, 2, OP_STOP, OP_ACC0);
  /* CLOSUREREC offsets count from the first table word. */
  CODE("\tclosurerec 1 2, 0\n\tstop\nL1:\tacc 0\nL2:\tacc 1\n", OP_CLOSUREREC, 2, 0, 3, 4,
       OP_STOP, OP_ACC0, OP_ACC1);
  CODE("\toffsetclosure -3\n\toffsetclosure 0\n\toffsetclosure 3\n\toffsetclosure 6\n",
       OP_OFFSETCLOSUREM3, OP_OFFSETCLOSURE0, OP_OFFSETCLOSURE3, OP_OFFSETCLOSURE, 6);
}

Test(asm_listing, constants) {
  CODE("\tconst 0\n\tconst 3\n\tconst 4\n\tconst -1\n", OP_CONST0, OP_CONST3, OP_CONSTINT, 4,
       OP_CONSTINT, -1);
  /* A char is always CONSTINT, even '\000'. */
  CODE("\tconst 'a'\n\tconst '\\000'\n", OP_CONSTINT, 97, OP_CONSTINT, 0);
  CODE("\tconst [0]\n\tconst [5]\n", OP_ATOM0, OP_ATOM, 5);
  /* The immediate range is -0x40000000..0x3FFFFFFF. */
  CODE("\tconst 1073741823\n\tconst -1073741824\n", OP_CONSTINT, 0x3FFFFFFF, OP_CONSTINT,
       -0x40000000);
  CODE("\tconst 1073741824\n\tconst -1073741825\n\tconst \"s\"\n", OP_GETGLOBAL, 0, OP_GETGLOBAL,
       0, OP_GETGLOBAL, 0);
}

Test(asm_listing, blocks_and_fields) {
  CODE("\tmakeblock 0, 0\n\tmakeblock 0, 3\n\tmakeblock 2, 0\n\tmakeblock 5, 1\n", OP_ATOM0,
       OP_ATOM, 3, OP_MAKEBLOCK2, 0, OP_MAKEBLOCK, 5, 1);
  CODE("\tmakefloatblock 0\n\tmakefloatblock 3\n", OP_ATOM0, OP_MAKEFLOATBLOCK, 3);
  CODE("\tgetfield 0\n\tgetfield 3\n\tgetfield 4\n\tsetfield 1\n\tsetfield 9\n", OP_GETFIELD0,
       OP_GETFIELD3, OP_GETFIELD, 4, OP_SETFIELD1, OP_SETFIELD, 9);
  CODE("\tgetfloatfield 1\n\tsetfloatfield 2\n", OP_GETFLOATFIELD, 1, OP_SETFLOATFIELD, 2);
  CODE("\tvectlength\n\tgetvectitem\n\tsetvectitem\n\tgetstringchar\n\tgetbyteschar\n"
       "\tsetbyteschar\n",
       OP_VECTLENGTH, OP_GETVECTITEM, OP_SETVECTITEM, OP_GETSTRINGCHAR, OP_GETBYTESCHAR,
       OP_SETBYTESCHAR);
}

Test(asm_listing, branches) {
  CODE("L1:\tbranch L1\n\tbranchif L1\n\tbranchifnot L2\n\tstrictbranchif L2\n"
       "\tstrictbranchifnot L1\nL2:\tstop\n",
       OP_BRANCH, -1, OP_BRANCHIF, -3, OP_BRANCHIFNOT, 5, OP_BRANCHIF, 3, OP_BRANCHIFNOT, -9,
       OP_STOP);
  /* switch: int cases, a slash, block cases; relative to the first table word. */
  CODE("\tswitch 3 4/ 5\nL3:\tstop\nL4:\tstop\nL5:\tstop\n", OP_SWITCH, 2 | 1 << 16, 3, 4, 5,
       OP_STOP, OP_STOP, OP_STOP);
  CODE("\tswitch 3/\nL3:\tstop\n", OP_SWITCH, 1, 1, OP_STOP);
  CODE("\tswitch/ 3\nL3:\tstop\n", OP_SWITCH, 1 << 16, 1, OP_STOP);
  CODE("\tpushtrap L1\n\tpoptrap\nL1:\traise\n\treraise\n\traise_notrace\n\tcheck_signals\n",
       OP_PUSHTRAP, 2, OP_POPTRAP, OP_RAISE, OP_RERAISE, OP_RAISE_NOTRACE, OP_CHECK_SIGNALS);
}

Test(asm_listing, arithmetic_and_misc) {
  CODE("\tnegint\n\taddint\n\tsubint\n\tmulint\n\tdivint\n\tmodint\n\tandint\n\torint\n"
       "\txorint\n\tlslint\n\tlsrint\n\tasrint\n",
       OP_NEGINT, OP_ADDINT, OP_SUBINT, OP_MULINT, OP_DIVINT, OP_MODINT, OP_ANDINT, OP_ORINT,
       OP_XORINT, OP_LSLINT, OP_LSRINT, OP_ASRINT);
  CODE("\teqint\n\tneqint\n\tltint\n\tleint\n\tgtint\n\tgeint\n\tisout\n\tisint\n\tboolnot\n",
       OP_EQ, OP_NEQ, OP_LTINT, OP_LEINT, OP_GTINT, OP_GEINT, OP_ULTINT, OP_ISINT, OP_BOOLNOT);
  CODE("\toffsetint -2\n\toffsetref 1\n\tgetpubmet 109\n\tgetmethod\n\tgetdynmet\n\tstop\n",
       OP_OFFSETINT, -2, OP_OFFSETREF, 1, OP_GETPUBMET, 109, 0, OP_GETMETHOD, OP_GETDYNMET,
       OP_STOP);
}

Test(asm_listing, ccall_and_globals) {
  Result r;
  ZbcUnit *u = ok("\tccall caml_a, 1\n\tccall caml_b, 5\n\tccall caml_c, 7\n"
                  "\tgetglobal Foo!\n\tgetglobal Not_found/22!\n\tsetglobal T!\n"
                  "\tgetglobal Stack_overflow!\n\tgetglobal Bar/3!\n",
                  &r);
  const int32_t want[] = {OP_C_CALL1, 0,  OP_C_CALL5, 0, OP_C_CALLN, 7,
                          0,          OP_GETGLOBAL, 0, OP_GETGLOBAL, 0, OP_SETGLOBAL, 0};
  cr_assert_eq(u->code.len, 17);
  cr_assert_arr_eq(u->code.items, want, sizeof want);
  expect_reloc(u, 1, ZBC_RELOC_PRIM, "caml_a");
  expect_reloc(u, 3, ZBC_RELOC_PRIM, "caml_b");
  expect_reloc(u, 6, ZBC_RELOC_PRIM, "caml_c");
  expect_reloc(u, 8, ZBC_RELOC_GETGLOBAL, "Foo");
  /* With its stamp, a predefined exception (index 6 of 12); without, a
   * module of that name; other stamps are dropped. */
  expect_reloc(u, 10, ZBC_RELOC_PREDEF, NULL);
  cr_assert_eq(reloc_at(u, 10)->index, 6);
  expect_reloc(u, 12, ZBC_RELOC_SETGLOBAL, "T");
  expect_reloc(u, 14, ZBC_RELOC_GETGLOBAL, "Stack_overflow");
  expect_reloc(u, 16, ZBC_RELOC_GETGLOBAL, "Bar");
  /* Imports: modules read, in order, not itself. */
  cr_assert_eq(u->imports.len, 3);
  cr_assert_str_eq(u->syms.items[u->imports.items[0].sym], "Foo");
  cr_assert_str_eq(u->syms.items[u->imports.items[1].sym], "Stack_overflow");
  cr_assert_str_eq(u->syms.items[u->imports.items[2].sym], "Bar");
  cr_assert_not(u->imports.items[0].has_crc);
  cr_assert_not(u->has_crc);
  done(&r);
}

/* ---- The peephole: emitcode.ml's emit --------------------------------------------- */

Test(asm_peephole, compare_and_branch) {
  static const struct {
    const char *cmp;
    int ifso, ifnot;
  } cases[] = {{"eqint", OP_BEQ, OP_BNEQ},     {"neqint", OP_BNEQ, OP_BEQ},
               {"ltint", OP_BLTINT, OP_BGEINT}, {"leint", OP_BLEINT, OP_BGTINT},
               {"gtint", OP_BGTINT, OP_BLEINT}, {"geint", OP_BGEINT, OP_BLTINT}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[200];
    snprintf(text, sizeof text, "L1:\tpush\n\tconst 7\n\t%s\n\tbranchif L1\n", cases[i].cmp);
    CODE(text, cases[i].ifso, 7, -2);
    snprintf(text, sizeof text, "L1:\tpush\n\tconst -5\n\t%s\n\tbranchifnot L1\n", cases[i].cmp);
    CODE(text, cases[i].ifnot, -5, -2);
  }
  /* A char is an immediate constant too. */
  CODE("L1:\tpush\n\tconst 'c'\n\tltint\n\tbranchif L1\n", OP_BLTINT, 99, -2);
  /* isout: BULTINT / BUGEINT. */
  CODE("L1:\tpush\n\tconst 25\n\tisout\n\tbranchif L1\n", OP_BULTINT, 25, -2);
  CODE("L1:\tpush\n\tconst 25\n\tisout\n\tbranchifnot L1\n", OP_BUGEINT, 25, -2);
  /* Not merged: strict branches, non-immediate constants, labels between. */
  CODE("L1:\tpush\n\tconst 7\n\teqint\n\tstrictbranchif L1\n", OP_PUSHCONSTINT, 7, OP_EQ,
       OP_BRANCHIF, -4);
  CODE("L1:\tpush\n\tconst 1073741824\n\tgtint\n\tbranchif L1\n", OP_PUSHGETGLOBAL, 0, OP_GTINT,
       OP_BRANCHIF, -4);
  CODE("L1:\tpush\n\tconst 7\nL2:\teqint\n\tbranchif L1\n", OP_PUSHCONSTINT, 7, OP_EQ,
       OP_BRANCHIF, -4);
}

Test(asm_peephole, push_access) {
  CODE("\tpush\n\tacc 0\n\treturn 3\n", OP_RETURN, 2);
  CODE("\tpush\n\tacc 1\n\treturn 3\n", OP_PUSHACC1, OP_RETURN, 3);
  CODE("\tpush\n\tacc 0\n\tpush\n\tacc 7\n\tpush\n\tacc 8\n", OP_PUSHACC0, OP_PUSHACC7,
       OP_PUSHACC, 8);
  /* PUSHENVACC1..3 only: OCaml never emits PUSHENVACC4. */
  CODE("\tpush\n\tenvacc 1\n\tpush\n\tenvacc 3\n\tpush\n\tenvacc 4\n\tpush\n\tenvacc 0\n",
       OP_PUSHENVACC1, OP_PUSHENVACC3, OP_PUSHENVACC, 4, OP_PUSHENVACC, 0);
  CODE("\tpush\n\toffsetclosure -3\n\tpush\n\toffsetclosure 0\n\tpush\n\toffsetclosure 3\n"
       "\tpush\n\toffsetclosure 9\n",
       OP_PUSHOFFSETCLOSUREM3, OP_PUSHOFFSETCLOSURE0, OP_PUSHOFFSETCLOSURE3,
       OP_PUSHOFFSETCLOSURE, 9);
  CODE("\tpush\n\tconst 0\n\tpush\n\tconst 3\n\tpush\n\tconst 9\n\tpush\n\tconst 'x'\n",
       OP_PUSHCONST0, OP_PUSHCONST3, OP_PUSHCONSTINT, 9, OP_PUSHCONSTINT, 120);
  CODE("\tpush\n\tconst [0]\n\tpush\n\tconst [2]\n\tpush\n\tconst \"s\"\n", OP_PUSHATOM0,
       OP_PUSHATOM, 2, OP_PUSHGETGLOBAL, 0);
  /* A label blocks the merge, as Klabel does. */
  CODE("\tpush\nL1:\tacc 2\n", OP_PUSH, OP_ACC2);
}

Test(asm_peephole, globals) {
  Result r;
  ZbcUnit *u = ok("\tpush\n\tgetglobal A!\n\tgetfield 2\n\tpush\n\tgetglobal A!\n"
                  "\tgetglobal B!\n\tgetfield 5\n\tgetglobal C!\n",
                  &r);
  const int32_t want[] = {OP_PUSHGETGLOBALFIELD, 0, 2, OP_PUSHGETGLOBAL, 0, OP_GETGLOBALFIELD,
                          0, 5, OP_GETGLOBAL, 0};
  cr_assert_eq(u->code.len, 10);
  cr_assert_arr_eq(u->code.items, want, sizeof want);
  expect_reloc(u, 1, ZBC_RELOC_GETGLOBAL, "A");
  expect_reloc(u, 4, ZBC_RELOC_GETGLOBAL, "A");
  expect_reloc(u, 6, ZBC_RELOC_GETGLOBAL, "B");
  expect_reloc(u, 9, ZBC_RELOC_GETGLOBAL, "C");
  cr_assert_eq(u->imports.len, 3);
  done(&r);
}

Test(asm_peephole, events) {
  /* An Event_before between push and an access moves after it. */
  CODE("\tpush\n\tevent \"a.ml\" 10-20\n\tacc 0\n", OP_PUSHACC0);
  CODE("\tpush\n\tevent \"a.ml\" 10-20\n\tgetglobal A!\n\tgetfield 1\n", OP_PUSHGETGLOBALFIELD,
       0, 1);
  /* ... and then blocks longer patterns. */
  CODE("\tpush\n\tevent \"a.ml\" 10-20\n\tacc 0\n\treturn 2\n", OP_PUSHACC0, OP_RETURN, 2);
  /* A ghost event, and one paired after a structure's makeblock, are not
   * Event_before: no merge. */
  CODE("\tpush\n\tevent \"_none_\" -1--1\n\tacc 0\n", OP_PUSH, OP_ACC0);
  CODE("\tpush\n\tevent \"m.ml\" 5-9\n\tacc 0\n\tmakeblock 1, 0\n\tevent \"m.ml\" 5-9\n",
       OP_PUSH, OP_ACC0, OP_MAKEBLOCK1, 0);
  /* Events block other merges. */
  CODE("\tgetglobal A!\n\tevent \"a.ml\" 1-2\n\tgetfield 1\n", OP_GETGLOBAL, 0, OP_GETFIELD1);
}

/* ---- Labels and layout ---------------------------------------------------------------- */

Test(asm_layout, labels) {
  /* Several labels on a line, a label alone on a line, backward jumps. */
  CODE("L1:L2:\tacc 0\nL3:\n\tbranch L1\n\tbranch L2\n\tbranch L3\n", OP_ACC0, OP_BRANCH, -2,
       OP_BRANCH, -4, OP_BRANCH, -5);
  /* Space indentation, comments, blank lines, CRLF. */
  CODE("  acc 1 ; comment\r\n\n-- a comment line\n    push -- another\n", OP_ACC1, OP_PUSH);
  /* Named labels in raw code; a label at the very end. */
  CODE("loop:\tBRANCH end\n\tBRANCH loop\nend:\n", OP_BRANCH, 3, OP_BRANCH, -3);
}

Test(asm_layout, wrapped_constant) {
  /* Format wraps long constants onto lines that start with spaces. */
  Result r;
  ZbcUnit *u = ok("\tconst\n          [0:\n           \"aaa\"\n           [0: \"bbb\" 0]]\n"
                  "\tswitch 3 4/\n          5\nL3:L4:L5:\tstop\n",
                  &r);
  const int32_t want[] = {OP_GETGLOBAL, 0, OP_SWITCH, 2 | 1 << 16, 3, 3, 3, OP_STOP};
  cr_assert_eq(u->code.len, 8);
  cr_assert_arr_eq(u->code.items, want, sizeof want);
  cr_assert_eq(u->lits.len, 5);
  cr_assert_eq(u->lits.items[4].kind, ZBC_LIT_BLOCK);
  cr_assert_eq(u->lits.items[4].n, 2);
  done(&r);
}

/* ---- Literals ------------------------------------------------------------------------- */

static const ZbcLit *lit(const ZbcUnit *u, uint32_t word) {
  const ZbcReloc *r = reloc_at(u, word);
  cr_assert_not_null(r);
  cr_assert_eq(r->kind, ZBC_RELOC_LITERAL);
  return &u->lits.items[r->index];
}

static void expect_string(const ZbcUnit *u, uint32_t word, const char *bytes, size_t n) {
  const ZbcLit *l = lit(u, word);
  cr_assert_eq(l->kind, ZBC_LIT_STRING);
  cr_assert_eq(l->n, n, "string of %u bytes, expected %zu", l->n, n);
  cr_assert(memcmp(u->lit_bytes.items + l->first, bytes, n) == 0);
}

Test(asm_literal, strings_and_escapes) {
  Result r;
  ZbcUnit *u = ok("\tconst \"q\\\"uote\\\\\\n\\t\\b\\r\\ \\255\\xff\\o377\\u{e9}'\"\n"
                  "\tconst #\"imm\"\n\tconst \"\"\n\tconst \"\\000\"\n",
                  &r);
  expect_string(u, 1, "q\"uote\\\n\t\b\r \xff\xff\xff\xc3\xa9'", 18);
  expect_string(u, 3, "imm", 3);
  expect_string(u, 5, "", 0);
  expect_string(u, 7, "\0", 1);
  done(&r);
}

Test(asm_literal, numbers) {
  Result r;
  ZbcUnit *u = ok("\tconst 1.5\n\tconst 1e10\n\tconst 0x1p3\n\tconst 1_000.5\n\tconst -0.\n"
                  "\tconst 5l\n\tconst -2147483648l\n\tconst -5L\n\tconst 9223372036854775807L\n"
                  "\tconst 5n\n\tconst 4611686018427387903\n\tconst -4611686018427387904\n"
                  "\tconst 0x7fffffffl\n\tconst 0xffffffffl\n\tconst infinity\n"
                  "\tconst neg_infinity\n\tconst nan\n\tconst nan:0x7ff0000000000001\n",
                  &r);
  cr_assert_eq(lit(u, 1)->bits, bits_of(1.5));
  cr_assert_eq(lit(u, 3)->bits, bits_of(1e10));
  cr_assert_eq(lit(u, 5)->bits, bits_of(8.0));
  cr_assert_eq(lit(u, 7)->bits, bits_of(1000.5));
  cr_assert_eq(lit(u, 9)->bits, bits_of(-0.0));
  cr_assert_eq(lit(u, 11)->kind, ZBC_LIT_INT32);
  cr_assert_eq(lit(u, 11)->i, 5);
  cr_assert_eq(lit(u, 13)->i, INT32_MIN);
  cr_assert_eq(lit(u, 15)->kind, ZBC_LIT_INT64);
  cr_assert_eq(lit(u, 15)->i, -5);
  cr_assert_eq(lit(u, 17)->i, INT64_MAX);
  cr_assert_eq(lit(u, 19)->kind, ZBC_LIT_NATIVEINT);
  cr_assert_eq(lit(u, 21)->kind, ZBC_LIT_INT);
  cr_assert_eq(lit(u, 21)->i, ((int64_t)1 << 62) - 1);
  cr_assert_eq(lit(u, 23)->i, -((int64_t)1 << 62));
  cr_assert_eq(lit(u, 25)->i, INT32_MAX);
  cr_assert_eq(lit(u, 27)->i, -1); /* hexadecimal wraps, as in OCaml */
  cr_assert_eq(lit(u, 29)->bits, 0x7FF0000000000000ull);
  cr_assert_eq(lit(u, 31)->bits, 0xFFF0000000000000ull);
  cr_assert_eq(lit(u, 33)->bits, 0x7FF8000000000000ull);
  cr_assert_eq(lit(u, 35)->bits, 0x7FF0000000000001ull);
  done(&r);
}

Test(asm_literal, blocks) {
  Result r;
  ZbcUnit *u = ok("\tconst [0: 1 [0: 2 [0: 3 0]]]\n\tconst [0: 1 \"two\" 3.0 'c' [7]]\n"
                  "\tconst [|1.5 2.5|]\n\tconst [| |]\n\tconst [0: 1 [0: 2 [0: 3 0]]]\n",
                  &r);
  /* [1;2;3]: 7 nodes in post-order (3 0 [3 0] 2 ... root last). */
  const ZbcLit *l = lit(u, 1);
  cr_assert_eq(l->kind, ZBC_LIT_BLOCK);
  cr_assert_eq(reloc_at(u, 1)->index, 6);
  cr_assert_eq(u->lits.items[0].i, 1);
  cr_assert_eq(u->lits.items[5].n, 2);
  l = lit(u, 3);
  cr_assert_eq(l->n, 5);
  const uint32_t *f = u->lit_refs.items + l->first;
  cr_assert_eq(u->lits.items[f[2]].bits, bits_of(3.0));
  cr_assert_eq(u->lits.items[f[3]].kind, ZBC_LIT_INT);
  cr_assert_eq(u->lits.items[f[3]].i, 'c');
  cr_assert_eq(u->lits.items[f[4]].kind, ZBC_LIT_BLOCK);
  cr_assert_eq(u->lits.items[f[4]].tag, 7);
  cr_assert_eq(u->lits.items[f[4]].n, 0);
  l = lit(u, 5);
  cr_assert_eq(l->kind, ZBC_LIT_FLOAT_ARRAY);
  cr_assert_eq(l->n, 2);
  cr_assert_eq(u->lit_floats.items[l->first + 1], bits_of(2.5));
  cr_assert_eq(lit(u, 7)->kind, ZBC_LIT_FLOAT_ARRAY);
  cr_assert_eq(lit(u, 7)->n, 0);
  /* Each const gets its own nodes, never shared. */
  cr_assert_neq(reloc_at(u, 9)->index, reloc_at(u, 1)->index);
  cr_assert_eq(u->lits.len, 7 + 6 + 1 + 1 + 7);
  done(&r);
}

Test(asm_literal, nesting_limit) {
  /* 10000 levels (with an atom innermost) is the .zbc limit. */
  size_t depth = ZBC_MAX_LITERAL_DEPTH;
  char *text = malloc(depth * 8 + 64);
  char *p = text + sprintf(text, "\tconst ");
  for (size_t i = 0; i + 1 < depth; i++) p += sprintf(p, "[0: ");
  p += sprintf(p, "[0]");
  for (size_t i = 0; i + 1 < depth; i++) *p++ = ']';
  strcpy(p, "\n");
  Result r;
  ok(text, &r);
  done(&r);
  /* One more level is an error, not a crash. */
  p = text + sprintf(text, "\tconst ");
  for (size_t i = 0; i < depth; i++) p += sprintf(p, "[0: ");
  p += sprintf(p, "1");
  for (size_t i = 0; i < depth; i++) *p++ = ']';
  strcpy(p, "\n");
  char want[128];
  snprintf(want, sizeof want, "t.zs:1:%zu: error: constant nested deeper than 10000 levels",
           8 + 4 * depth);
  expect_error(text, want);
  free(text);
}

/* ---- Directives --------------------------------------------------------------------------- */

Test(asm_directive, module_crc_imports) {
  Result r;
  ZbcUnit *u = ok(".module Foo\n.crc 00112233445566778899aabbccddeeff\n"
                  ".import Bar ffeeddccbbaa99887766554433221100\n.import Baz none\n"
                  "\tgetglobal Qux!\n\tsetglobal Foo!\n",
                  &r);
  cr_assert_str_eq(u->name, "Foo");
  cr_assert(u->has_crc);
  cr_assert_eq(u->crc[0], 0x00);
  cr_assert_eq(u->crc[15], 0xff);
  /* An explicit import list replaces the default one (Qux). */
  cr_assert_eq(u->imports.len, 2);
  cr_assert_str_eq(u->syms.items[u->imports.items[0].sym], "Bar");
  cr_assert(u->imports.items[0].has_crc);
  cr_assert_eq(u->imports.items[0].crc[0], 0xff);
  cr_assert_not(u->imports.items[1].has_crc);
  done(&r);
  u = ok(".noimports\n\tgetglobal Qux!\n", &r);
  cr_assert_eq(u->imports.len, 0);
  cr_assert_str_eq(u->name, "T"); /* from the file name t.zs */
  done(&r);
  u = ok("\tsetglobal Named!\n", &r);
  cr_assert_str_eq(u->name, "Named"); /* from the setglobal */
  done(&r);
}

Test(asm_directive, line_word_lit_symbol) {
  Result r;
  ZbcUnit *u = ok(".symbol zz\n.lit 5\n.lit [0: @0 @0]\n.line 7\n\tACC0\n"
                  "\t.word 12345\n.line 9\n\t.word 0, const @1\n\t.word -1, prim caml_p\n"
                  "\t.word 0, getglobal M!\n\tGETGLOBAL @0\n",
                  &r);
  cr_assert_str_eq(u->syms.items[0], "zz");
  cr_assert_eq(u->lits.len, 2);
  cr_assert_eq(u->lits.items[1].n, 2);
  const int32_t want[] = {OP_ACC0, 12345, 0, -1, 0, OP_GETGLOBAL, 0};
  cr_assert_arr_eq(u->code.items, want, sizeof want);
  expect_reloc(u, 2, ZBC_RELOC_LITERAL, NULL);
  cr_assert_eq(reloc_at(u, 2)->index, 1);
  expect_reloc(u, 3, ZBC_RELOC_PRIM, "caml_p");
  expect_reloc(u, 4, ZBC_RELOC_GETGLOBAL, "M");
  cr_assert_eq(reloc_at(u, 6)->index, 0);
  cr_assert_eq(u->debug.len, 2);
  cr_assert_eq(u->debug.items[0].word, 0);
  cr_assert_eq(u->debug.items[0].line, 7);
  cr_assert_eq(u->debug.items[1].word, 2);
  cr_assert_eq(u->debug.items[1].line, 9);
  done(&r);
}

Test(asm_directive, debug_lines_option) {
  AsmOptions o = {.no_cmi = true, .debug_lines = true};
  const char *text = "\tacc 0\n\n\tpush\n\tacc 1\n\treturn 2\n";
  Result r = run_opts("t.zs", text, strlen(text), &o);
  cr_assert_not_null(r.u, "%s", r.errors);
  cr_assert_eq(r.u->debug.len, 3);
  cr_assert_eq(r.u->debug.items[1].word, 1); /* PUSHACC1, from the push */
  cr_assert_eq(r.u->debug.items[1].line, 3);
  cr_assert_eq(r.u->debug.items[2].line, 5);
  done(&r);
}

/* ---- Raw opcodes ------------------------------------------------------------------------------ */

Test(asm_raw, every_operand_kind) {
  CODE("\tPUSHACC1\n\tACC 8\n\tCONSTINT -3\n\tCONSTINT 'a'\n\tMAKEBLOCK 4, 248\n"
       "\tAPPTERM 4, 4294967295\n\tGETPUBMET 109, 0\n",
       OP_PUSHACC1, OP_ACC, 8, OP_CONSTINT, -3, OP_CONSTINT, 97, OP_MAKEBLOCK, 4, 248, OP_APPTERM,
       4, -1, OP_GETPUBMET, 109, 0);
  /* No peephole, no specialisation. */
  CODE("\tPUSH\n\tACC0\n\tPUSH\n\tCONST0\n", OP_PUSH, OP_ACC0, OP_PUSH, OP_CONST0);
  CODE("L9:\tBLEINT 2, L9\n\tCLOSUREDYN 0, L3\n\tBRANCH 7\nL3:\tSTOP\n", OP_BLEINT, 2, -2,
       OP_CLOSUREDYN, 0, 3, OP_BRANCH, 7, OP_STOP);
  CODE("\tCLOSUREREC 2, 0, L3, L4\nL3:\tSTOP\nL4:\tSTOP\n", OP_CLOSUREREC, 2, 0, 2, 3, OP_STOP,
       OP_STOP);
  CODE("\tSWITCH L1 L2 / L1\nL1:\tSTOP\nL2:\tSTOP\n", OP_SWITCH, 2 | 1 << 16, 3, 4, 3, OP_STOP,
       OP_STOP);
  CODE("\tSWITCH /\n", OP_SWITCH, 0);
}

Test(asm_raw, relocated_operands) {
  Result r;
  ZbcUnit *u = ok("\tGETGLOBAL \"lit\"\n\tGETGLOBAL Foo!\n\tGETGLOBAL Not_found/0!\n"
                  "\tPUSHGETGLOBALFIELD Bar!, 3\n\tC_CALL2 caml_foo\n\tC_CALLN 6, caml_six\n"
                  "\tGETGLOBAL [0: 1 2]\n\tSETGLOBAL T!\n\tC_CALL1 \"odd name\"\n"
                  "\tGETGLOBAL \"we ird\"!\n",
                  &r);
  expect_string(u, 1, "lit", 3);
  expect_reloc(u, 3, ZBC_RELOC_GETGLOBAL, "Foo");
  expect_reloc(u, 5, ZBC_RELOC_PREDEF, NULL);
  cr_assert_eq(reloc_at(u, 5)->index, 6);
  expect_reloc(u, 7, ZBC_RELOC_GETGLOBAL, "Bar");
  cr_assert_eq(u->code.items[8], 3);
  expect_reloc(u, 10, ZBC_RELOC_PRIM, "caml_foo");
  cr_assert_eq(u->code.items[12], 6);
  expect_reloc(u, 13, ZBC_RELOC_PRIM, "caml_six");
  expect_reloc(u, 15, ZBC_RELOC_LITERAL, NULL);
  expect_reloc(u, 17, ZBC_RELOC_SETGLOBAL, "T");
  expect_reloc(u, 19, ZBC_RELOC_PRIM, "odd name");
  expect_reloc(u, 21, ZBC_RELOC_GETGLOBAL, "we ird");
  done(&r);
}

Test(asm_raw, every_opcode_by_name) {
  /* Every opcode of the table assembles by its name, with operands of its
   * kinds, to one instruction of the length the table gives. */
  for (int op = 0; op < OPCODE_LIMIT; op++) {
    const OpcodeInfo *info = opcode_lookup(op);
    if (info == NULL) continue;
    char text[200];
    int n = snprintf(text, sizeof text, "L0:\t%s", info->name);
    if (info->operand[0] == OPK_SWITCH) {
      snprintf(text + n, sizeof text - (size_t)n, " L0 / L0\n");
    } else if (info->operand[0] == OPK_CLOSUREREC) {
      snprintf(text + n, sizeof text - (size_t)n, " 1, 0, L0\n");
    } else {
      for (int k = 0; k < 2 && info->operand[k] != OPK_NONE; k++) {
        const char *opd = info->operand[k] == OPK_OFS      ? "L0"
                          : info->operand[k] == OPK_GLOBAL ? (op == OP_SETGLOBAL ? "T!" : "A!")
                          : info->operand[k] == OPK_PRIM   ? "p"
                                                           : "1";
        n += snprintf(text + n, sizeof text - (size_t)n, "%s%s", k ? ", " : " ", opd);
      }
      snprintf(text + n, sizeof text - (size_t)n, "\n");
    }
    Result r;
    ZbcUnit *u = ok(text, &r);
    cr_assert_eq(u->code.items[0], op);
    cr_assert_eq(instruction_length(u->code.items, u->code.len, 0), u->code.len, "%s", text);
    done(&r);
  }
}

/* ---- Errors ------------------------------------------------------------------------------------ */

Test(asm_error, messages) {
  expect_error("\tacc 0\n\tfrobnicate 3\n", "t.zs:2:2: error: unknown instruction `frobnicate`");
  expect_error("\tacc x\n", "t.zs:1:6: error: expected an integer, found `x`");
  expect_error("\tacc\n", "t.zs:1:5: error: expected an integer, found end of line");
  expect_error("\tacc -1\n", "t.zs:1:6: error: integer -1 out of range (expected 0..2147483647)");
  expect_error("\tacc 2147483648\n",
               "t.zs:1:6: error: integer 2147483648 out of range (expected 0..2147483647)");
  expect_error("\tconst 4611686018427387904\n",
               "t.zs:1:8: error: integer literal out of range for int (63 bits): "
               "`4611686018427387904`");
  expect_error("\tconst 2147483648l\n",
               "t.zs:1:8: error: integer literal out of range for int32: `2147483648l`");
  expect_error("\tconst 99999999999999999999999\n",
               "t.zs:1:8: error: integer literal out of range for int (63 bits): "
               "`99999999999999999999999`");
  expect_error("\tbranch L5\n\tstop\n", "t.zs:1:9: error: undefined label L5");
  expect_error("L1:\tstop\nL1:\tstop\n",
               "t.zs:2:1: error: label L1 is defined twice (first at line 1)");
  expect_error("\tconst \"abc\n", "t.zs:1:8: error: unterminated string literal");
  expect_error("\tconst \"a\\qb\"\n",
               "t.zs:1:10: error: bad escape sequence: expected \\\\ \\\" \\' \\n \\t \\b \\r "
               "\\(space) \\ddd \\xhh \\o377 or \\u{hhhh}");
  expect_error("\tconst \"\\256\"\n",
               "t.zs:1:9: error: escape sequence out of range: \\ddd above \\255");
  expect_error("\tconst 'ab'\n",
               "t.zs:1:8: error: unterminated character literal: expected a single byte then `'`");
  expect_error("\tconst [0: 1\n", "t.zs:1:13: error: expected a constant, found end of line");
  expect_error("\tconst [247: 1]\n",
               "t.zs:1:9: error: block tag 247 is not allowed in a constant (expected 0..246, "
               "248 or 250)");
  expect_error("\tconst 1.5e\n",
               "t.zs:1:8: error: malformed float literal: the exponent has no digits: `1.5e`");
  expect_error("\tclosure L1 0\n", "t.zs:1:13: error: expected `,`, found `0`");
  expect_error("\tgetglobal Foo\n",
               "t.zs:1:12: error: expected a global `Name!`, found `Foo`");
  expect_error("\tacc 0 1\n", "t.zs:1:8: error: expected end of line, found `1`");
  expect_error(".frob\n",
               "t.zs:1:1: error: unknown directive `.frob` (expected .module .crc .import "
               ".noimports .line .word .lit or .symbol)");
  expect_error(".crc 1234\n\tstop\n",
               "t.zs:1:6: error: expected a CRC (32 hexadecimal digits) or `none`, found `1234`");
  expect_error(".module A\n\tsetglobal B!\n",
               "t.zs:2:12: error: setglobal of B in module A (a module sets only its own global)");
  expect_error("\tstop\n.line 3\n", "t.zs:2:1: error: .line is not followed by an instruction");
  expect_error("\tGETGLOBAL @0\n",
               "t.zs:1:12: error: literal node @0 does not exist (the unit has 0 literal nodes "
               "so far)");
  expect_error("\tCLOSUREREC 2, 0, L1\nL1:\tSTOP\n",
               "t.zs:1:13: error: CLOSUREREC declares 2 functions but lists 1 targets");
  expect_error("\tswitch 1 2\nL1:L2:\tstop\n",
               "t.zs:1:12: error: expected `/` between the int cases and the block cases, found "
               "end of line");
  expect_error("\tconst \x01\n", "t.zs:1:8: error: unexpected character \\x01");
  expect_error("", "t.zs: error: no code: the listing has no instruction");
  expect_error(".import A\n.import A\n\tstop\n", "t.zs:2:9: error: module A is imported twice");
  expect_error("\t.word 4294967296\n",
               "t.zs:1:8: error: integer 4294967296 out of range (expected -2147483648..4294967295)");
}

Test(asm_error, several_and_limit) {
  /* Errors are reported line by line, and stop after max_errors. */
  Result r = run("\tfoo\n\tacc x\n\tbar\n");
  cr_assert_null(r.u);
  cr_assert_str_eq(r.errors, "t.zs:1:2: error: unknown instruction `foo`\n"
                             "t.zs:2:6: error: expected an integer, found `x`\n"
                             "t.zs:3:2: error: unknown instruction `bar`\n");
  done(&r);
  AsmOptions o = {.no_cmi = true, .max_errors = 2};
  const char *text = "\tfoo\n\tfoo\n\tfoo\n\tfoo\n";
  r = run_opts("t.zs", text, strlen(text), &o);
  cr_assert_str_eq(r.errors, "t.zs:1:2: error: unknown instruction `foo`\n"
                             "t.zs:2:2: error: unknown instruction `foo`\n"
                             "t.zs: error: too many errors, stopping\n");
  done(&r);
}

/* Hostile input never crashes: every prefix of a listing, and random
 * mutations of it, assemble or fail cleanly (ASan checks the rest). */
Test(asm_error, hostile_input) {
  const char *base = "L1:\tconst [0: 1 \"a\\n\" [|1.5|] 'c' 5l]\n\tswitch 1/ 1\n"
                     "\tclosurerec 1, 0\n\tccall f, 7\n.import X 0011223344556677889900aabbccddee\n"
                     "\tpush\n\tacc 0\n\tGETGLOBAL @0\n\tevent \"x\" 1-2\n";
  size_t n = strlen(base);
  char *buf = malloc(n + 1);
  AsmOptions o = {.no_cmi = true};
  for (size_t cut = 0; cut <= n; cut++) {
    Result r = run_opts("t.zs", base, cut, &o);
    done(&r);
  }
  uint32_t seed = 12345;
  for (int iter = 0; iter < 3000; iter++) {
    memcpy(buf, base, n);
    for (int k = 0; k < 4; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t at = (seed >> 8) % n;
      seed = seed * 1103515245u + 12345u;
      buf[at] = (char)(seed >> 16);
    }
    Result r = run_opts("t.zs", buf, n, &o);
    done(&r);
  }
  free(buf);
}

/* ---- Real ocamlc listings against their .cmo ----------------------------------------------- */

typedef struct Cmo {
  uint8_t *data;
  size_t len;
  Marshal m;
  const MNode *cu;
} Cmo;

static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *data = malloc((size_t)n + 1);
  cr_assert_eq(fread(data, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return data;
}

static void load_cmo(const char *path, Cmo *c) {
  memset(c, 0, sizeof *c);
  c->data = read_file(path, &c->len);
  cr_assert(c->len > 16 && memcmp(c->data, "Caml1999O", 9) == 0);
  size_t pos = (size_t)c->data[12] << 24 | (size_t)c->data[13] << 16 |
               (size_t)c->data[14] << 8 | c->data[15];
  size_t root;
  char err[200];
  c->m.err = err;
  c->m.errlen = sizeof err;
  cr_assert(asm_marshal_read(&c->m, c->data, c->len, &pos, &root), "%s: %s", path, err);
  c->cu = &c->m.nodes.items[root];
  cr_assert_eq(c->cu->kind, M_BLOCK);
}

static const MNode *fld(const Cmo *c, const MNode *b, size_t k) {
  cr_assert_eq(b->kind, M_BLOCK);
  cr_assert_lt(k, b->size);
  return asm_marshal_field(&c->m, b, k);
}

static bool str_is(const Cmo *c, const MNode *s, const char *bytes, size_t n) {
  return s->kind == M_STRING && s->len == n && memcmp(c->data + s->off, bytes, n) == 0;
}

static int64_t be_int(const uint8_t *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) v = v << 8 | p[i];
  if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~(uint64_t)0 << (8 * n);
  return (int64_t)v;
}

static uint64_t float_bits_of_source(const Cmo *c, const MNode *s) {
  char buf[128];
  size_t k = 0;
  for (size_t i = 0; i < s->len && k < sizeof buf - 1; i++)
    if (c->data[s->off + i] != '_') buf[k++] = (char)c->data[s->off + i];
  buf[k] = 0;
  return bits_of(strtod(buf, NULL));
}

/* Lambda.structured_constant (4.13) against our literal node. */
static void same_constant(const Cmo *c, const MNode *sc, const ZbcUnit *u, uint32_t index) {
  const ZbcLit *l = &u->lits.items[index];
  const MNode *x = fld(c, sc, 0);
  switch (sc->tag) {
  case 0: /* Const_base */
    switch (x->tag) {
    case 0: /* Const_int */
      cr_assert_eq(l->kind, ZBC_LIT_INT);
      cr_assert_eq(l->i, fld(c, x, 0)->i);
      break;
    case 1: /* Const_char */
      cr_assert_eq(l->kind, ZBC_LIT_INT);
      cr_assert_eq(l->i, fld(c, x, 0)->i);
      break;
    case 2: { /* Const_string */
      const MNode *s = fld(c, x, 0);
      cr_assert_eq(l->kind, ZBC_LIT_STRING);
      cr_assert(str_is(c, s, u->lit_bytes.items + l->first, l->n));
      break;
    }
    case 3: /* Const_float */
      cr_assert_eq(l->kind, ZBC_LIT_FLOAT);
      cr_assert_eq(l->bits, float_bits_of_source(c, fld(c, x, 0)));
      break;
    default: { /* Const_int32/64/nativeint: custom blocks */
      const MNode *v = fld(c, x, 0);
      cr_assert_eq(v->kind, M_CUSTOM);
      cr_assert_eq(l->kind, x->tag == 4 ? ZBC_LIT_INT32 : x->tag == 5 ? ZBC_LIT_INT64
                                                                     : ZBC_LIT_NATIVEINT);
      cr_assert_eq(l->i, be_int(c->data + v->off, v->len));
    }
    }
    break;
  case 1: { /* Const_block (tag, fields) */
    cr_assert_eq(l->kind, ZBC_LIT_BLOCK);
    cr_assert_eq((int64_t)l->tag, x->i);
    const MNode *list = fld(c, sc, 1);
    for (uint32_t k = 0; k < l->n; k++) {
      cr_assert_eq(list->kind, M_BLOCK);
      same_constant(c, fld(c, list, 0), u, u->lit_refs.items[l->first + k]);
      list = fld(c, list, 1);
    }
    cr_assert(list->kind == M_INT && list->i == 0, "block has more fields than ours");
    break;
  }
  case 2: { /* Const_float_array */
    cr_assert_eq(l->kind, ZBC_LIT_FLOAT_ARRAY);
    const MNode *list = x;
    for (uint32_t k = 0; k < l->n; k++) {
      cr_assert_eq(u->lit_floats.items[l->first + k], float_bits_of_source(c, fld(c, list, 0)));
      list = fld(c, list, 1);
    }
    cr_assert(list->kind == M_INT && list->i == 0);
    break;
  }
  default: /* Const_immstring */
    cr_assert_eq(l->kind, ZBC_LIT_STRING);
    cr_assert(str_is(c, x, u->lit_bytes.items + l->first, l->n));
  }
}

/* The .cmo's CRC for module [name] in cu_imports, or NULL. */
static const uint8_t *cmo_crc(const Cmo *c, const char *name) {
  for (const MNode *l = fld(c, c->cu, 4); l->kind == M_BLOCK; l = fld(c, l, 1)) {
    const MNode *pair = fld(c, l, 0), *opt = fld(c, pair, 1);
    if (str_is(c, fld(c, pair, 0), name, strlen(name)) && opt->kind == M_BLOCK)
      return c->data + fld(c, opt, 0)->off;
  }
  return NULL;
}

static void check_fixture(const char *name) {
  char zs[256], cmo[256];
  snprintf(zs, sizeof zs, "tests/asm/%s.zs", name);
  snprintf(cmo, sizeof cmo, "tests/asm/%s.cmo", name);
  size_t n;
  char *errors;
  FILE *ef = open_memstream(&errors, &n);
  ZbcUnit *u;
  bool assembled = asm_assemble_file(zs, NULL, &u, ef);
  fclose(ef);
  cr_assert(assembled, "%s", errors);
  free(errors);
  Cmo c;
  load_cmo(cmo, &c);
  /* The code, word for word (relocated words are 0 in both). */
  size_t pos = (size_t)fld(&c, c.cu, 1)->i, size = (size_t)fld(&c, c.cu, 2)->i;
  cr_assert_eq(u->code.len, size / 4, "%s: %u words, the .cmo has %zu", name, u->code.len,
               size / 4);
  for (size_t i = 0; i < size / 4; i++)
    cr_assert_eq(u->code.items[i], (int32_t)(c.data[pos + 4 * i] | c.data[pos + 4 * i + 1] << 8 |
                                             c.data[pos + 4 * i + 2] << 16 |
                                             (uint32_t)c.data[pos + 4 * i + 3] << 24),
                 "%s: word %zu differs", name, i);
  /* The relocations: same words, kinds, names and literals. */
  uint32_t k = 0;
  for (const MNode *l = fld(&c, c.cu, 3); l->kind == M_BLOCK; l = fld(&c, l, 1), k++) {
    const MNode *pair = fld(&c, l, 0), *info = fld(&c, pair, 0);
    cr_assert_lt(k, u->relocs.len, "%s: fewer relocations than the .cmo", name);
    const ZbcReloc *r = &u->relocs.items[k];
    cr_assert_eq((int64_t)r->word * 4, fld(&c, pair, 1)->i, "%s: relocation %u", name, k);
    /* Reloc_literal 0, Reloc_getglobal 1, Reloc_setglobal 2, Reloc_primitive 3;
     * a getglobal of an Ident.Predef (tag 3) is our predef relocation. */
    if (r->kind == ZBC_RELOC_PREDEF) {
      cr_assert_eq(info->tag, 1, "%s: relocation %u kind", name, k);
      const MNode *id = fld(&c, info, 0);
      cr_assert_eq(id->tag, 3, "%s: relocation %u is not a predefined exception", name, k);
      const char *exn = asm_predef_name((int)r->index);
      cr_assert(str_is(&c, fld(&c, id, 0), exn, strlen(exn)));
      continue;
    }
    cr_assert_eq(r->kind, info->tag, "%s: relocation %u kind", name, k);
    if (r->kind == ZBC_RELOC_GETGLOBAL)
      cr_assert_eq(fld(&c, info, 0)->tag, 2, "%s: relocation %u is not an Ident.Global", name, k);
    if (r->kind == ZBC_RELOC_LITERAL) {
      same_constant(&c, fld(&c, info, 0), u, r->index);
    } else {
      const MNode *s = fld(&c, info, 0);
      if (r->kind != ZBC_RELOC_PRIM) s = fld(&c, s, 0); /* Ident.t: its name */
      const char *sym = u->syms.items[r->index];
      cr_assert(str_is(&c, s, sym, strlen(sym)), "%s: relocation %u names %s", name, k, sym);
    }
  }
  cr_assert_eq(k, u->relocs.len, "%s: more relocations than the .cmo", name);
  /* The CRCs, read from the .cmi files next to the listing. */
  cr_assert(u->has_crc, "%s: no CRC read from its .cmi", name);
  const uint8_t *own = cmo_crc(&c, u->name);
  cr_assert_not_null(own);
  cr_assert_arr_eq(u->crc, own, ZBC_CRC_SIZE);
  for (uint32_t i = 0; i < u->imports.len; i++) {
    const ZbcImport *imp = &u->imports.items[i];
    const uint8_t *want = cmo_crc(&c, u->syms.items[imp->sym]);
    if (imp->has_crc) {
      cr_assert_not_null(want);
      cr_assert_arr_eq(imp->crc, want, ZBC_CRC_SIZE);
    }
  }
  zbc_unit_free(u);
  asm_marshal_free(&c.m);
  free(c.data);
}

Test(asm_ocamlc, closures) { check_fixture("closures"); }
Test(asm_ocamlc, variants) { check_fixture("variants"); }
Test(asm_ocamlc, constants) { check_fixture("constants"); }
Test(asm_ocamlc, records) { check_fixture("records"); }
Test(asm_ocamlc, loops) { check_fixture("loops"); }
Test(asm_ocamlc, calls) { check_fixture("calls"); }
Test(asm_ocamlc, objects) { check_fixture("objects"); }
Test(asm_ocamlc, lib) { check_fixture("lib"); }
Test(asm_ocamlc, user) { check_fixture("user"); }
Test(asm_ocamlc, modules) { check_fixture("modules"); }
Test(asm_ocamlc, closures_with_events) { check_fixture("closures_g"); }
Test(asm_ocamlc, variants_with_events) { check_fixture("variants_g"); }
Test(asm_ocamlc, modules_with_events) { check_fixture("modules_g"); }

Test(asm_ocamlc, import_crcs) {
  /* user.ml reads Lib: the import carries lib.cmi's CRC, as the .cmo does. */
  ZbcUnit *u;
  cr_assert(asm_assemble_file("tests/asm/user.zs", NULL, &u, stderr));
  cr_assert_eq(u->imports.len, 1);
  cr_assert_str_eq(u->syms.items[u->imports.items[0].sym], "Lib");
  cr_assert(u->imports.items[0].has_crc);
  static const uint8_t lib[16] = {0x67, 0xb3, 0x5a, 0xa2, 0xc2, 0x98, 0xb3, 0x70,
                                  0x58, 0xd0, 0xfc, 0x24, 0x9d, 0x73, 0x11, 0xca};
  cr_assert_arr_eq(u->imports.items[0].crc, lib, 16);
  zbc_unit_free(u);
  /* -I directories are searched too (objects.ml imports CamlinternalOO). */
  const char *dirs[] = {"/nonexistent", "/usr/lib/ocaml"};
  AsmOptions o = {.include_dirs = dirs, .n_include_dirs = 2};
  cr_assert(asm_assemble_file("tests/asm/objects.zs", &o, &u, stderr));
  cr_assert_eq(u->imports.len, 1);
  FILE *f = fopen("/usr/lib/ocaml/camlinternalOO.cmi", "rb");
  cr_assert_eq(u->imports.items[0].has_crc, f != NULL);
  if (f != NULL) fclose(f);
  zbc_unit_free(u);
  /* no_cmi: no CRCs at all. */
  AsmOptions none = {.no_cmi = true};
  cr_assert(asm_assemble_file("tests/asm/user.zs", &none, &u, stderr));
  cr_assert_not(u->has_crc);
  cr_assert_not(u->imports.items[0].has_crc);
  zbc_unit_free(u);
}

Test(asm_ocamlc, cmi_reader) {
  size_t len;
  uint8_t *data = read_file("tests/asm/user.cmi", &len);
  uint8_t crc[16];
  char err[200];
  /* What ocamlobjinfo user.cmi prints. */
  static const uint8_t user[16] = {0x00, 0x66, 0x9d, 0xc4, 0x12, 0xb0, 0x60, 0x3c,
                                   0x67, 0x3e, 0xdc, 0xf4, 0xc7, 0x8c, 0xdf, 0xa4};
  cr_assert_eq(asm_cmi_crc(data, len, "User", crc, err, sizeof err), 1, "%s", err);
  cr_assert_arr_eq(crc, user, 16);
  cr_assert_eq(asm_cmi_crc(data, len, "Absent", crc, err, sizeof err), 0);
  /* Truncated or corrupted images are errors, never crashes. */
  for (size_t cut = 0; cut < len; cut += 7) asm_cmi_crc(data, cut, "User", crc, err, sizeof err);
  cr_assert_eq(asm_cmi_crc(data, 20, "User", crc, err, sizeof err), -1);
  uint32_t seed = 7;
  uint8_t *copy = malloc(len);
  for (int iter = 0; iter < 2000; iter++) {
    memcpy(copy, data, len);
    for (int k = 0; k < 3; k++) {
      seed = seed * 1103515245u + 12345u;
      copy[12 + (seed >> 8) % (len - 12)] = (uint8_t)(seed >> 20);
    }
    asm_cmi_crc(copy, len, "User", crc, err, sizeof err);
  }
  free(copy);
  free(data);
}
