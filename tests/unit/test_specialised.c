/* Specialised forms (vm/specialised.def, vm/threading.c): which ones the
 * threader writes, and that each behaves exactly as the instructions it
 * stands for. Every program here runs twice, with specialisation (the
 * default) and without (ZVM_RUNPARAM s=0), and both runs must give the same
 * results as the ones computed here in C, on every path through each form:
 * branches taken and not, functions applied fully and partially,
 * allocations (which collect under `make unit-stress`), bounds errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../asm/asm.h"
#include "../../vm/fail.h"
#include "../../vm/interp.h"
#include "../../vm/opcodes.h"
#include "../../vm/prims.h"
#include "../../vm/vm.h"
#include "harness.h"

static Vm *vm_on, *vm_off;
static void setup(void) {
  vm_on = tb_vm_new();
  vm_off = tb_vm_new();
  vm_on->no_specialise = false; /* whatever ZVM_RUNPARAM says */
  vm_off->no_specialise = true;
}
static void teardown(void) {
  vm_free(vm_on);
  vm_free(vm_off);
}
TestSuite(specialised, .init = setup, .fini = teardown);

/* ---- The threader's choices ------------------------------------------------------- */

/* Thread [n] words (instruction starts as given) in [vm]. */
static void thread(Vm *vm, opcode_t *code, size_t n, const uint8_t *starts) {
  interp_thread_starts(vm, code, n, starts);
}

/* Lay out one instruction of opcode [op] at code[*at] (operands zero) and
 * mark its start; returns where it starts. */
static size_t put(opcode_t *code, uint8_t *starts, size_t *at, int32_t op) {
  size_t pc = *at;
  size_t n = opcode_length[op];
  cr_assert(n >= 1 && n <= 3, "opcode %d has variable length", op);
  code[pc] = op;
  for (size_t i = 1; i < n; i++) code[pc + i] = 0;
  starts[pc] = 1;
  *at = pc + n;
  return pc;
}

/* Every fused pair of the table becomes its form, with the second
 * instruction left in place; without specialisation, nothing changes. */
Test(specialised, every_pair_is_fused) {
  for (int i = 0; i < SPECIALISED_COUNT; i++) {
    const SpecialisedInfo *si = &specialised_info[i];
    if (si->prim != NULL || si->second < 0) continue; /* not a pair */
    opcode_t code[8];
    uint8_t starts[8] = {0};
    size_t at = 0;
    size_t first = put(code, starts, &at, si->first);
    size_t second = put(code, starts, &at, si->second);
    opcode_t copy[8];
    memcpy(copy, code, sizeof code);
    thread(vm_on, code, at, starts);
    cr_assert_eq(code[first], interp_threaded(vm_on, SPECIALISED_BASE + i), "%s not used", si->name);
    cr_assert_eq(code[second], interp_threaded(vm_on, si->second), "%s: second instruction moved",
                 si->name);
    for (size_t w = 0; w < at; w++)
      if (!starts[w]) cr_assert_eq(code[w], copy[w], "%s: operand word %zu changed", si->name, w);
    memcpy(code, copy, sizeof code);
    thread(vm_off, code, at, starts);
    cr_assert_eq(code[first], interp_threaded(vm_off, si->first));
  }
}

/* Every primitive of the table, called with its arity, becomes its form;
 * the primitive's operand stays. */
Test(specialised, every_primitive_is_computed) {
  for (int i = 0; i < SPECIALISED_COUNT; i++) {
    const SpecialisedInfo *si = &specialised_info[i];
    if (si->prim == NULL) continue;
    int prim = prim_lookup(si->prim, strlen(si->prim));
    cr_assert_geq(prim, 0, "%s is not a primitive", si->prim);
    cr_assert_eq(OP_C_CALL1 + prim_table[prim].arity - 1, si->first, "%s: wrong C_CALL", si->name);
    opcode_t code[2] = {si->first, prim};
    uint8_t starts[2] = {1, 0};
    thread(vm_on, code, 2, starts);
    cr_assert_eq(code[0], interp_threaded(vm_on, SPECIALISED_BASE + i), "%s not used", si->name);
    cr_assert_eq(code[1], prim);
  }
}

/* No fusion when the second word is not an instruction start (it is an
 * operand), when the first instruction ends the code, or for a primitive
 * without a form. */
Test(specialised, only_where_it_applies) {
  /* CONSTINT 9 (EQ's number as an operand), BRANCHIFNOT: not EQ;BRANCHIFNOT. */
  opcode_t code[4] = {OP_CONSTINT, OP_EQ, OP_BRANCHIFNOT, 0};
  uint8_t starts[4] = {1, 0, 1, 0};
  thread(vm_on, code, 4, starts);
  cr_assert_eq(code[0], interp_threaded(vm_on, OP_CONSTINT));
  cr_assert_eq(code[1], OP_EQ);
  cr_assert_eq(code[2], interp_threaded(vm_on, OP_BRANCHIFNOT));

  opcode_t last[2] = {OP_BRANCHIFNOT, 0}; /* ACC0 would follow, but nothing does */
  uint8_t s2[2] = {1, 0};
  thread(vm_on, last, 2, s2);
  cr_assert_eq(last[0], interp_threaded(vm_on, OP_BRANCHIFNOT));

  int cmp = prim_lookup("caml_string_compare", strlen("caml_string_compare"));
  cr_assert_geq(cmp, 0);
  opcode_t call[2] = {OP_C_CALL2, cmp};
  thread(vm_on, call, 2, s2);
  cr_assert_eq(call[0], interp_threaded(vm_on, OP_C_CALL2));
}

/* A file may not contain a specialised form: the verifier does not know
 * it (so neither may `zvm dis` or the assembler ever meet one). */
Test(specialised, refused_in_files) {
  for (int i = 0; i < SPECIALISED_COUNT; i++) cr_assert_null(opcode_lookup(SPECIALISED_BASE + i));
  TB *b = tb_new("Test");
  tb_op(b, OP_CONST0);
  tb_op(b, SPECIALISED_BASE);
  tb_result(b);
  TbRun r = tb_run(vm_on, b, LOAD_PINNED);
  cr_assert_eq(r.status, LOAD_FAILED);
  cr_assert(strstr(r.error, "unknown opcode 160") != NULL, "%s", r.error);
}

/* ---- Behaviour ----------------------------------------------------------------------- */

/* A listing built with printf-like pieces. */
typedef struct Src {
  char *text;
  size_t len;
  FILE *f;
  int labels;
} Src;

static void src_begin(Src *s) {
  s->f = open_memstream(&s->text, &s->len);
  cr_assert_not_null(s->f);
  s->labels = 0;
  fputs(".module T\n", s->f);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void emit(Src *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(s->f, fmt, ap);
  va_end(ap);
  fputc('\n', s->f);
}

/* Run [text] (the module's value is its result) in [vm]. */
static value run_in(Vm *vm, const char *text, size_t len) {
  ZbcUnit *u;
  char *errors;
  size_t n;
  FILE *f = open_memstream(&errors, &n);
  AsmOptions o = {.no_cmi = true};
  bool ok = asm_assemble("t.zs", text, len, &o, &u, f);
  fclose(f);
  cr_assert(ok, "assembly failed:\n%s--- listing:\n%s", errors, text);
  free(errors);
  size_t blen;
  uint8_t *bytes = zbc_write(u, &blen);
  zbc_unit_free(u);
  cr_assert_not_null(bytes);
  LoadError err;
  value v;
  LoadStatus st = load_buffer(vm, "t.zbc", bytes, blen, LOAD_PINNED, &v, &err);
  free(bytes);
  if (st == LOAD_RAISED) cr_assert_fail("the module raised %s", caml_format_exception(vm, Extract_exception(v)));
  cr_assert_eq(st, LOAD_OK, "load failed: %s\n--- listing:\n%s", err.msg, text);
  tb_assert_idle(vm);
  return v;
}

/* Finish [s] with the [n] results it pushed gathered in a block (field i =
 * the i-th result pushed), run it with and without specialisation, and
 * return both blocks. */
static void src_run(Src *s, int n, value *on, value *off) {
  /* MAKEBLOCK takes accu, then sp[0], sp[1]...: the results in reverse. */
  emit(s, "\tCONST0\n\tMAKEBLOCK %d, 0\n\tSETGLOBAL T!", n + 1);
  fclose(s->f);
  *on = run_in(vm_on, s->text, s->len);
  *off = run_in(vm_off, s->text, s->len);
  cr_assert_eq(Wosize_val(*on), (mlsize_t)n + 1);
  free(s->text);
}

static value result(value block, int n, int i) { return Field(block, n - i); }

/* Both runs gave the integer [want] as result [i]. */
static void expect_int(value on, value off, int n, int i, intnat want, const char *what) {
  cr_assert_eq(result(off, n, i), Val_long(want), "%s (plain): %ld, expected %ld", what,
               (long)Long_val(result(off, n, i)), (long)want);
  cr_assert_eq(result(on, n, i), Val_long(want), "%s (specialised): %ld, expected %ld", what,
               (long)Long_val(result(on, n, i)), (long)want);
}

static const char *const int_compares[] = {"EQ", "NEQ", "LTINT", "LEINT", "GTINT", "GEINT"};

static bool int_compare(int k, intnat a, intnat b) {
  switch (k) {
  case 0: return a == b;
  case 1: return a != b;
  case 2: return a < b;
  case 3: return a <= b;
  case 4: return a > b;
  default: return a >= b;
  }
}

/* A comparison and its branch, both ways, on three pairs of operands. The
 * result tells which way it went and what accu held after it: 10 or 20
 * (fell through or jumped) + the boolean. */
Test(specialised, compare_and_branch) {
  static const intnat pairs[][2] = {{1, 2}, {2, 1}, {2, 2}, {-5, 3}};
  Src s;
  src_begin(&s);
  int n = 0;
  intnat want[64];
  for (int k = 0; k < 6; k++)
    for (int br = 0; br < 2; br++)
      for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        intnat a = pairs[p][0], b = pairs[p][1];
        int l = s.labels++;
        emit(&s, "\tCONSTINT %ld\n\tPUSH\n\tCONSTINT %ld", (long)b, (long)a);
        emit(&s, "\t%s\n\t%s Lt%d", int_compares[k], br ? "BRANCHIF" : "BRANCHIFNOT", l);
        emit(&s, "\tOFFSETINT 10\n\tBRANCH Ld%d\nLt%d:\tOFFSETINT 20\nLd%d:\tPUSH", l, l, l);
        bool c = int_compare(k, a, b);
        bool jumps = br ? c : !c;
        want[n++] = (jumps ? 20 : 10) + c;
      }
  value on, off;
  src_run(&s, n, &on, &off);
  for (int i = 0; i < n; i++) expect_int(on, off, n, i, want[i], "compare and branch");
}

/* Push the three locals the next tests read: sp[0] = 7, sp[1] = 0,
 * sp[2] = 5. A test leaves its result in accu; src_keep pops the locals
 * and pushes the result. */
static const intnat locals[3] = {7, 0, 5};
static void src_locals(Src *s) { emit(s, "\tCONSTINT 5\n\tPUSH\n\tCONST0\n\tPUSH\n\tCONSTINT 7\n\tPUSH"); }
static void src_keep(Src *s) { emit(s, "\tPOP 3\n\tPUSH"); }

/* ACCn;BRANCHIFNOT, ACC0;B<cmp>INT and BRANCHIFNOT;ACCn, both ways (a
 * false value is 0 = Val_false). */
Test(specialised, locals_tested) {
  static const char *const bcmp[] = {"BEQ", "BNEQ", "BLTINT", "BLEINT", "BGTINT", "BGEINT"};
  Src s;
  src_begin(&s);
  int n = 0;
  intnat want[64];
  for (int acc = 0; acc < 3; acc++) {
    int l = s.labels++;
    src_locals(&s);
    emit(&s, "\tACC%d\n\tBRANCHIFNOT Lt%d\n\tOFFSETINT 100\n\tBRANCH Ld%d\nLt%d:\tCONSTINT 1\nLd%d:", acc,
         l, l, l, l);
    src_keep(&s);
    want[n++] = locals[acc] == 0 ? 1 : locals[acc] + 100;
  }
  for (int k = 0; k < 6; k++)
    for (intnat imm = 6; imm <= 8; imm++) {
      int l = s.labels++;
      src_locals(&s);
      emit(&s, "\tACC0\n\t%s %ld, Lt%d\n\tCONSTINT 1\n\tBRANCH Ld%d\nLt%d:\tCONSTINT 2\nLd%d:", bcmp[k],
           (long)imm, l, l, l, l);
      src_keep(&s);
      want[n++] = int_compare(k, imm, locals[0]) ? 2 : 1; /* the immediate is on the left */
    }
  for (int acc = 0; acc < 3; acc++)
    for (int t = 0; t < 2; t++) {
      int l = s.labels++;
      src_locals(&s);
      emit(&s, "\t%s\n\tBRANCHIFNOT Lt%d\n\tACC%d\n\tOFFSETINT 1000\n\tBRANCH Ld%d", t ? "CONST1" : "CONST0",
           l, acc, l);
      emit(&s, "Lt%d:\tOFFSETINT 2000\nLd%d:", l, l);
      src_keep(&s);
      want[n++] = t ? locals[acc] + 1000 : 2000;
    }
  value on, off;
  src_run(&s, n, &on, &off);
  for (int i = 0; i < n; i++) expect_int(on, off, n, i, want[i], "local tested");
}

/* Both runs gave the float [want] (any NaN for a NaN) as result [i]. */
static void expect_float(value on, value off, int n, int i, double want, const char *what) {
  value r[2] = {result(off, n, i), result(on, n, i)};
  for (int k = 0; k < 2; k++) {
    cr_assert(Is_block(r[k]) && Tag_val(r[k]) == Double_tag, "%s: not a float", what);
    double got = Double_val(r[k]);
    if (isnan(want))
      cr_assert(isnan(got), "%s (%s): %g, expected NaN", what, k ? "specialised" : "plain", got);
    else
      cr_assert(memcmp(&got, &want, sizeof got) == 0, "%s (%s): %.17g, expected %.17g", what,
                k ? "specialised" : "plain", got, want);
  }
}

/* accu = the float [x] (NaN computed as 0. /. 0.), written as a float
 * constant of the assembler. */
static void src_float(Src *s, double x) {
  if (isnan(x)) {
    emit(s, "\tGETGLOBAL 0.\n\tPUSHGETGLOBAL 0.\n\tC_CALL2 caml_div_float");
  } else if (isinf(x)) {
    emit(s, "\tGETGLOBAL %s", x > 0 ? "infinity" : "neg_infinity");
  } else {
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", x);
    emit(s, "\tGETGLOBAL %s%s", buf, strpbrk(buf, ".e") ? "" : ".");
  }
}

/* Float arithmetic and comparisons on ordinary values, zeros, infinities
 * and NaNs; the unary ones too. */
Test(specialised, floats) {
  static const char *const binary[] = {"caml_add_float", "caml_sub_float", "caml_mul_float",
                                       "caml_div_float", "caml_eq_float",  "caml_neq_float",
                                       "caml_lt_float",  "caml_le_float",  "caml_gt_float",
                                       "caml_ge_float"};
  static const double xs[][2] = {{1.5, 2.25}, {-3.0, 0.5}, {1.0, 0.0}, {-0.0, 0.0}, {NAN, 1.0},
                                 {1.0, NAN},  {INFINITY, -INFINITY}, {1e308, 10.0}};
  Src s;
  src_begin(&s);
  int n = 0;
  struct { bool is_float; double f; intnat i; } want[128];
  for (int op = 0; op < 10; op++)
    for (size_t p = 0; p < sizeof xs / sizeof xs[0]; p++) {
      double x = xs[p][0], y = xs[p][1];
      src_float(&s, y);
      emit(&s, "\tPUSH");
      src_float(&s, x);
      emit(&s, "\tC_CALL2 %s\n\tPUSH", binary[op]);
      if (op < 4) {
        double r = op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y;
        want[n].is_float = true, want[n++].f = r;
      } else {
        bool r = op == 4 ? x == y : op == 5 ? x != y : op == 6 ? x < y : op == 7 ? x <= y
               : op == 8 ? x > y : x >= y;
        want[n].is_float = false, want[n++].i = r;
      }
    }
  static const double us[] = {2.0, -0.0, 16.0, -1.0, INFINITY, NAN};
  for (size_t p = 0; p < sizeof us / sizeof us[0]; p++) {
    src_float(&s, us[p]);
    emit(&s, "\tC_CALL1 caml_neg_float\n\tPUSH");
    want[n].is_float = true, want[n++].f = -us[p];
    src_float(&s, us[p]);
    emit(&s, "\tC_CALL1 caml_sqrt_float\n\tPUSH");
    want[n].is_float = true, want[n++].f = sqrt(us[p]);
  }
  static const intnat is[] = {0, -7, 123456789, ((intnat)1 << 53) + 1};
  for (size_t p = 0; p < sizeof is / sizeof is[0]; p++) {
    if (is[p] >= -0x40000000 && is[p] < 0x40000000)
      emit(&s, "\tCONSTINT %ld", (long)is[p]);
    else
      emit(&s, "\tGETGLOBAL %ld", (long)is[p]);
    emit(&s, "\tC_CALL1 caml_float_of_int\n\tPUSH");
    want[n].is_float = true, want[n++].f = (double)is[p];
  }
  value on, off;
  src_run(&s, n, &on, &off);
  for (int i = 0; i < n; i++) {
    if (want[i].is_float)
      expect_float(on, off, n, i, want[i].f, "float operation");
    else
      expect_int(on, off, n, i, want[i].i, "float comparison");
  }
}

/* [i]: the exception Invalid_argument "index out of bounds" in both runs. */
static void expect_bound_error(value on, value off, int n, int i, const char *what) {
  value r[2] = {result(off, n, i), result(on, n, i)};
  Vm *vms[2] = {vm_off, vm_on};
  for (int k = 0; k < 2; k++) {
    char *msg = caml_format_exception(vms[k], r[k]);
    cr_assert_str_eq(msg, "Invalid_argument(\"index out of bounds\")", "%s (%s)", what,
                     k ? "specialised" : "plain");
    free(msg);
  }
}

/* Run the access [code] (accu: the container, sp[0]...: the other
 * arguments, already pushed) under a handler: the result is its value, or
 * the exception it raised. */
static void src_try(Src *s, const char *code) {
  int l = s->labels++;
  emit(s, "\tPUSHTRAP Lh%d\n%s\n\tPOPTRAP\n\tBRANCH Ld%d\nLh%d:\nLd%d:\tPUSH", l, code, l, l, l);
}

/* Bounds-checked string, bytes and array access: inside the bounds, on
 * both edges, and outside (negative, length, huge). */
Test(specialised, bounds_checked_access) {
  static const intnat idx[] = {0, 4, -1, 5, (intnat)1 << 40};
  Src s;
  src_begin(&s);
  int n = 0;
  struct { int kind; intnat i; double f; } want[128]; /* kind: 0 int, 1 float, 2 error */
  for (size_t k = 0; k < sizeof idx / sizeof idx[0]; k++) {
    intnat i = idx[k];
    bool in = i >= 0 && i < 5;
    char code[512];
    const char *const get[] = {"caml_string_get", "caml_bytes_get"};
    for (int g = 0; g < 2; g++) {
      snprintf(code, sizeof code, "\tGETGLOBAL %ld\n\tPUSHGETGLOBAL \"abcde\"\n\tC_CALL2 %s", (long)i, get[g]);
      src_try(&s, code);
      want[n].kind = in ? 0 : 2, want[n++].i = in ? 'a' + i : 0;
    }
    /* bytes_set on a fresh copy of "abcde", then read the byte back */
    snprintf(code, sizeof code,
             "\tGETGLOBAL \"abcde\"\n\tC_CALL1 caml_bytes_of_string\n\tPUSH\n\tCONSTINT 122\n\tPUSH"
             "\n\tGETGLOBAL %ld\n\tPUSH\n\tACC2\n\tC_CALL3 caml_bytes_set\n\tGETGLOBAL %ld\n\tPUSHACC1"
             "\n\tC_CALL2 caml_bytes_get\n\tPOP 1",
             (long)(in ? i : 0), (long)i);
    src_try(&s, code);
    want[n].kind = in ? 0 : 2, want[n++].i = 'z';
    /* arrays of 5 ints 10..14 and of 5 floats 0.5..4.5 */
    snprintf(code, sizeof code,
             "\tGETGLOBAL %ld\n\tPUSHGETGLOBAL [0: 10 11 12 13 14]\n\tC_CALL2 caml_array_get_addr",
             (long)i);
    src_try(&s, code);
    want[n].kind = in ? 0 : 2, want[n++].i = 10 + i;
    snprintf(code, sizeof code,
             "\tGETGLOBAL %ld\n\tPUSHGETGLOBAL [|0.5 1.5 2.5 3.5 4.5|]\n\tC_CALL2 caml_floatarray_get",
             (long)i);
    src_try(&s, code);
    want[n].kind = in ? 1 : 2, want[n++].f = 0.5 + (double)i;
    /* set then get, on fresh arrays (caml_make_vect) */
    snprintf(code, sizeof code,
             "\tCONSTINT 0\n\tPUSHCONSTINT 5\n\tC_CALL2 caml_make_vect\n\tPUSH\n\tCONSTINT 99\n\tPUSH"
             "\n\tGETGLOBAL %ld\n\tPUSH\n\tACC2\n\tC_CALL3 caml_array_set_addr\n\tGETGLOBAL %ld"
             "\n\tPUSHACC1\n\tC_CALL2 caml_array_get_addr\n\tPOP 1",
             (long)(in ? i : 0), (long)i);
    src_try(&s, code);
    want[n].kind = in ? 0 : 2, want[n++].i = 99;
    snprintf(code, sizeof code,
             "\tGETGLOBAL 0.\n\tPUSHCONSTINT 5\n\tC_CALL2 caml_make_vect\n\tPUSH\n\tGETGLOBAL 7.25\n\tPUSH"
             "\n\tGETGLOBAL %ld\n\tPUSH\n\tACC2\n\tC_CALL3 caml_floatarray_set\n\tGETGLOBAL %ld"
             "\n\tPUSHACC1\n\tC_CALL2 caml_floatarray_get\n\tPOP 1",
             (long)(in ? i : 0), (long)i);
    src_try(&s, code);
    want[n].kind = in ? 1 : 2, want[n++].f = 7.25;
  }
  emit(&s, "\tGETGLOBAL \"hello, world\"\n\tC_CALL1 caml_ml_string_length\n\tPUSH");
  want[n].kind = 0, want[n++].i = 12;
  emit(&s, "\tCONSTINT 3\n\tC_CALL1 caml_create_bytes\n\tC_CALL1 caml_ml_bytes_length\n\tPUSH");
  want[n].kind = 0, want[n++].i = 3;
  value on, off;
  src_run(&s, n, &on, &off);
  for (int i = 0; i < n; i++) {
    if (want[i].kind == 0) expect_int(on, off, n, i, want[i].i, "access");
    if (want[i].kind == 1) expect_float(on, off, n, i, want[i].f, "float array access");
    if (want[i].kind == 2) expect_bound_error(on, off, n, i, "access out of bounds");
  }
}

/* Functions: GRAB then ACCn, with all arguments and with too few (a
 * partial application, applied later); self-recursive calls through
 * PUSHOFFSETCLOSURE0 with APPLY1..3 and APPTERM1..3, after OFFSETINT;
 * values returned by ACCn, ADDINT, CONST0 and CONST1. */
Test(specialised, functions) {
  Src s;
  src_begin(&s);
  emit(&s, "\tBRANCH Linit");
  /* pick2 a b = a, pick2b a b = b, pick3 a b c = c: GRAB 1/2, then ACCn, RETURN */
  emit(&s, "\tRESTART\nLpick2:\tGRAB 1\n\tACC0\n\tRETURN 2");
  emit(&s, "\tRESTART\nLpick2b:\tGRAB 1\n\tACC1\n\tRETURN 2");
  emit(&s, "\tRESTART\nLpick3:\tGRAB 2\n\tACC2\n\tRETURN 3");
  /* count n = if n <= 0 then 0 else 1 + count (n - 1): APPLY1; ADDINT;RETURN */
  emit(&s, "Lcount:\tACC0\n\tBGEINT 0, Lz\n\tACC0\n\tOFFSETINT -1\n\tPUSHOFFSETCLOSURE0\n\tAPPLY1"
           "\n\tPUSHCONST1\n\tADDINT\n\tRETURN 1\nLz:\tCONST0\n\tRETURN 1");
  /* sum2 acc n = if n = 0 then acc else sum2 (acc + n) (n - 1): APPTERM2 */
  emit(&s, "\tRESTART\nLsum2:\tGRAB 1\n\tACC1\n\tBNEQ 0, Lr2\n\tACC0\n\tRETURN 2\nLr2:\tACC1"
           "\n\tOFFSETINT -1\n\tPUSHACC1\n\tPUSHACC3\n\tADDINT\n\tPUSHOFFSETCLOSURE0\n\tAPPTERM2 4");
  /* sum3 acc n k = if n = 0 then acc else sum3 (acc + k) (n - 1) k: APPTERM3 */
  emit(&s, "\tRESTART\nLsum3:\tGRAB 2\n\tACC1\n\tBNEQ 0, Lr3\n\tACC0\n\tRETURN 3\nLr3:\tACC2"
           "\n\tPUSHACC2\n\tOFFSETINT -1\n\tPUSHACC2\n\tPUSHACC5\n\tADDINT\n\tPUSHOFFSETCLOSURE0"
           "\n\tAPPTERM3 6");
  /* down n = if n = 0 then 1 else down (n - 1): APPTERM1; CONST1;RETURN */
  emit(&s, "Ldown:\tACC0\n\tBNEQ 0, Lr1\n\tCONST1\n\tRETURN 1\nLr1:\tACC0\n\tOFFSETINT -1"
           "\n\tPUSHOFFSETCLOSURE0\n\tAPPTERM1 2");
  /* two a n = if n = 0 then a else 1 + two a (n - 1): APPLY2 */
  emit(&s, "\tRESTART\nLtwo:\tGRAB 1\n\tACC1\n\tBNEQ 0, Lr4\n\tACC0\n\tRETURN 2\nLr4:\tACC1"
           "\n\tOFFSETINT -1\n\tPUSHACC1\n\tPUSHOFFSETCLOSURE0\n\tAPPLY2\n\tOFFSETINT 1\n\tRETURN 2");
  /* three a n b = if n = 0 then a + b else two... : APPLY3 */
  emit(&s, "\tRESTART\nLthree:\tGRAB 2\n\tACC1\n\tBNEQ 0, Lr5\n\tACC2\n\tPUSHACC1\n\tADDINT"
           "\n\tRETURN 3\nLr5:\tACC2\n\tPUSHACC2\n\tOFFSETINT -1\n\tPUSHACC2\n\tPUSHOFFSETCLOSURE0"
           "\n\tAPPLY3\n\tOFFSETINT 2\n\tRETURN 3");
  /* zero x = 0 */
  emit(&s, "Lzero:\tCONST0\n\tRETURN 1");
  emit(&s, "Linit:");
  intnat want[32];
  int n = 0;
  /* f a b (c): full applications */
  struct { const char *label; int arity; intnat args[3]; intnat result; } calls[] = {
    {"Lpick2", 2, {11, 22}, 11},
    {"Lpick2b", 2, {11, 22}, 22},
    {"Lpick3", 3, {11, 22, 33}, 33},
    {"Lcount", 1, {50}, 50},
    {"Lsum2", 2, {0, 100}, 5050},
    {"Lsum3", 3, {1, 10, 3}, 31},
    {"Ldown", 1, {1000}, 1},
    {"Ltwo", 2, {5, 20}, 25},
    {"Lthree", 3, {1, 4, 2}, 11},
    {"Lzero", 1, {9}, 0},
  };
  for (size_t c = 0; c < sizeof calls / sizeof calls[0]; c++) {
    for (int a = calls[c].arity - 1; a >= 0; a--)
      emit(&s, "\tCONSTINT %ld\n\tPUSH", (long)calls[c].args[a]);
    emit(&s, "\tCLOSURE 0, %s\n\tAPPLY%d\n\tPUSH", calls[c].label, calls[c].arity);
    want[n++] = calls[c].result;
  }
  /* partial applications of pick3 (GRAB_ACC2): one argument, then two */
  emit(&s, "\tCONSTINT 11\n\tPUSH\n\tCLOSURE 0, Lpick3\n\tAPPLY1");
  emit(&s, "\tPUSH\n\tCONSTINT 33\n\tPUSH\n\tCONSTINT 22\n\tPUSH\n\tACC2\n\tAPPLY2");
  emit(&s, "\tPOP 1\n\tPUSH");
  want[n++] = 33;
  /* and of pick2 with one argument, then the second */
  emit(&s, "\tCONSTINT 11\n\tPUSH\n\tCLOSURE 0, Lpick2\n\tAPPLY1");
  emit(&s, "\tPUSH\n\tCONSTINT 22\n\tPUSH\n\tACC1\n\tAPPLY1");
  emit(&s, "\tPOP 1\n\tPUSH");
  want[n++] = 11;
  value on, off;
  src_run(&s, n, &on, &off);
  for (int i = 0; i < n; i++) expect_int(on, off, n, i, want[i], "function");
}
