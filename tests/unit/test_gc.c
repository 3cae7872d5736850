/* The garbage collector: what it frees, what it keeps, its limits, and the
 * interpreter's correctness when it collects at every allocation. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../gc/gc.h"
#include "../../vm/alloc.h"
#include "../../vm/fail.h"
#include "../../vm/interp.h"
#include "../../vm/vm.h"
#include "harness.h"

static Vm *vm;
static void setup(void) { vm = tb_vm_new(); }
static void teardown(void) { vm_free(vm); }
TestSuite(gc, .init = setup, .fini = teardown);

#define ARGS(...) ((const int64_t[]){__VA_ARGS__})

static value end_module(TB *b) {
  if (b->depth > 0) tb_pop(b, b->depth);
  tb_result(b);
  return tb_run_ok(vm, b);
}

/* A block of [wosize] fields, all (), or a failed test. */
static value alloc_block(mlsize_t wosize, tag_t tag) {
  value v = caml_try_alloc(vm, wosize, tag);
  cr_assert_neq(v, 0, "allocation failed");
  return v;
}

/* Has the sweep put [v] on a free list? (Freed cells are marked blue;
 * only meaningful for a cell in a page that still holds live blocks.) */
static bool is_free_cell(value v) { return Color_hd(Hd_val(v)) == Caml_blue; }

/* ---- Freeing and keeping --------------------------------------------------------- */

Test(gc, unreachable_blocks_are_freed_and_counted) {
  gc_collect(vm);
  GcStats s0 = vm->heap.stats;
  for (int i = 0; i < 1000; i++) {
    value v = alloc_block(3, 0);
    Field(v, 0) = Val_int(i);
  }
  for (int i = 0; i < 100; i++) cr_assert_neq(caml_try_copy_string(vm, "garbage"), 0);
  gc_collect(vm);
  GcStats s1 = vm->heap.stats;
  cr_assert_eq(s1.blocks_freed - s0.blocks_freed, 1100u, "freed %llu",
               (unsigned long long)(s1.blocks_freed - s0.blocks_freed));
  cr_assert_eq(s1.live_words, s0.live_words, "nothing new is live");
  if (vm->heap.stress) cr_assert_eq(s1.collections - s0.collections, 1101u);
  else cr_assert_eq(s1.collections - s0.collections, 1u);
  cr_assert_geq(s1.words_allocated - s0.words_allocated, 1000u * 4 + 100 * 2);
}

/* An array of 100 lists of 10 cells, each cell holding a string, built
 * with garbage interleaved: after collections, every reachable block is
 * intact (even after the freed cells are reused), the live words are
 * exactly the structure's, and exactly the garbage was freed. */
Test(gc, reachable_blocks_are_intact) {
  gc_collect(vm);
  GcStats s0 = vm->heap.stats;
  ROOTS_BEGIN(vm);
  value arr = alloc_block(100, 0);
  ROOT(vm, arr);
  uint64_t garbage = 0;
  for (int i = 0; i < 100; i++)
    for (int j = 0; j < 10; j++) {
      value c = alloc_block(2, 0);
      Field(c, 1) = Field(arr, i);
      Field(arr, i) = c;
      char buf[32];
      snprintf(buf, sizeof buf, "s%d.%d", i, j);
      value s = caml_try_copy_string(vm, buf);
      cr_assert_neq(s, 0);
      Field(c, 0) = s;
      alloc_block(2, 0); /* garbage of the same sizes */
      cr_assert_neq(caml_try_copy_string(vm, "junk"), 0);
      garbage += 2;
    }
  for (int round = 0; round < 3; round++) {
    gc_collect(vm);
    /* Reuse every freed cell of these sizes with other contents. */
    for (int k = 0; k < 3000; k++) {
      value g = alloc_block(2, 7);
      Field(g, 0) = Field(g, 1) = Val_int(-1);
      cr_assert_neq(caml_try_copy_string(vm, "XXXXXX"), 0);
      garbage += 2;
    }
    for (int i = 0; i < 100; i++) {
      value l = Field(arr, i);
      for (int j = 9; j >= 0; j--) {
        char buf[32];
        snprintf(buf, sizeof buf, "s%d.%d", i, j);
        cr_assert(Is_block(l));
        cr_assert_eq(Tag_val(l), 0u, "list %d cell %d", i, j);
        cr_assert_eq(Wosize_val(l), 2u);
        cr_assert_eq(Tag_val(Field(l, 0)), String_tag);
        cr_assert_str_eq(String_val(Field(l, 0)), buf);
        l = Field(l, 1);
      }
      cr_assert_eq(l, Val_emptylist);
    }
  }
  gc_collect(vm);
  GcStats s1 = vm->heap.stats;
  /* arr: a large block (100 + 1 words); cells: 1000 * 3; strings of 5 or
   * 6 bytes: 1000 * 2 */
  cr_assert_eq(s1.live_words - s0.live_words, 101u + 3000 + 2000, "live %llu",
               (unsigned long long)(s1.live_words - s0.live_words));
  cr_assert_eq(s1.blocks_freed - s0.blocks_freed, garbage);
  ROOTS_END(vm);
  gc_collect(vm);
  cr_assert_eq(vm->heap.stats.live_words, s0.live_words);
  cr_assert_eq(vm->heap.stats.blocks_freed - s1.blocks_freed, 1u + 1000 + 1000);
}

/* A list of ten million cells is marked without recursion (a recursive
 * marker would overflow the C stack) and without growing the mark stack. */
Test(gc, ten_million_element_list, .timeout = 120) {
  vm->heap.stress = false; /* collecting at each of 10M allocations is quadratic */
  const intnat n = 10 * 1000 * 1000;
  ROOTS_BEGIN(vm);
  value head = Val_emptylist;
  ROOT(vm, head);
  for (intnat i = 0; i < n; i++) {
    value c = gc_try_alloc(vm, 2, 0);
    if (c == 0) cr_assert_fail("allocation %ld failed", (long)i);
    Field(c, 0) = Val_long(i);
    Field(c, 1) = head;
    head = c;
  }
  uint64_t overflows = vm->heap.stats.mark_stack_overflows;
  uint64_t collections = vm->heap.stats.collections;
  gc_collect(vm);
  cr_assert_eq(vm->heap.stats.collections, collections + 1);
  cr_assert_eq(vm->heap.stats.mark_stack_overflows, overflows);
  cr_assert_geq(vm->heap.stats.live_words, (uint64_t)n * 3);
  cr_assert_leq(vm->heap.mark_cap, (size_t)1024, "a list needs a handful of mark stack entries");
  intnat count = 0;
  for (value l = head; l != Val_emptylist; l = Field(l, 1)) {
    if (Field(l, 0) != Val_long(n - 1 - count)) cr_assert_fail("cell %ld", (long)count);
    count++;
  }
  cr_assert_eq(count, n);
  /* Once unreachable, all of it is freed. */
  uint64_t freed = vm->heap.stats.blocks_freed;
  ROOTS_END(vm);
  gc_collect(vm);
  cr_assert_eq(vm->heap.stats.blocks_freed - freed, (uint64_t)n);
}

/* A structure whose marking needs thousands of mark-stack entries at once:
 * a spine of 100 blocks of 60 fields, each with 59 leaves (1-field blocks)
 * and the next spine block last (so the marker goes down the spine with
 * the leaves pending). With the mark stack limited to 64 entries, marking
 * overflows, and the rescan of the heap must still find every gray block:
 * nothing reachable is freed. */
Test(gc, mark_stack_overflow_rescan) {
  gc_collect(vm);
  GcStats s0 = vm->heap.stats;
  ROOTS_BEGIN(vm);
  value spine = Val_unit;
  ROOT(vm, spine);
  uint64_t garbage = 0;
  for (int d = 0; d < 100; d++) {
    value node = alloc_block(60, 0);
    Field(node, 59) = spine;
    spine = node;
    for (int k = 0; k < 59; k++) {
      value leaf = alloc_block(1, 1);
      Field(leaf, 0) = Val_int(d * 100 + k);
      Field(spine, k) = leaf;
      alloc_block(1, 1); /* garbage */
      garbage++;
    }
  }
  /* And a wide array (scanned in slices) of 3000 leaves. */
  value wide = alloc_block(3000, 0);
  ROOT(vm, wide);
  for (int k = 0; k < 3000; k++) {
    value leaf = alloc_block(1, 2);
    Field(leaf, 0) = Val_int(k);
    Field(wide, k) = leaf;
  }
  /* A mark stack of at most 64 entries, allocated afresh. */
  free(vm->heap.mark_stack);
  vm->heap.mark_stack = NULL;
  vm->heap.mark_cap = 0;
  vm->heap.mark_limit = 64;
  gc_collect(vm);
  GcStats s1 = vm->heap.stats;
  cr_assert_eq(vm->heap.mark_cap, (size_t)64);
  cr_assert_gt(s1.mark_stack_overflows, s0.mark_stack_overflows, "the mark stack overflowed");
  cr_assert_eq(s1.blocks_freed - s0.blocks_freed, garbage, "only the garbage was freed");
  cr_assert_eq(s1.live_words - s0.live_words, 100u * 61 + 100 * 59 * 2 + 3001 + 3000 * 2);
  value node = spine;
  for (int d = 99; d >= 0; d--) {
    cr_assert_eq(Wosize_val(node), 60u);
    for (int k = 0; k < 59; k++) {
      value leaf = Field(node, k);
      cr_assert(!is_free_cell(leaf), "leaf %d.%d was freed", d, k);
      cr_assert_eq(Tag_val(leaf), 1u);
      cr_assert_eq(Field(leaf, 0), Val_int(d * 100 + k));
    }
    node = Field(node, 59);
  }
  cr_assert_eq(node, Val_unit);
  for (int k = 0; k < 3000; k++) {
    cr_assert(!is_free_cell(Field(wide, k)));
    cr_assert_eq(Field(Field(wide, k), 0), Val_int(k));
  }
  /* The same structure, marked again with the normal limit. */
  vm->heap.mark_limit = 1u << 22;
  gc_collect(vm);
  cr_assert_eq(vm->heap.stats.live_words, s1.live_words);
  ROOTS_END(vm);
}

/* ---- Closures, infix pointers, code pointers --------------------------------------- */

/* A closure block [code0; info; Infix; code1; info; env] made by hand,
 * reachable only through its infix pointer: the whole block and its
 * environment stay alive. */
Test(gc, infix_pointer_keeps_enclosing_closure) {
  static opcode_t fake_code[4];
  gc_collect(vm);
  uint64_t freed0 = vm->heap.stats.blocks_freed;
  ROOTS_BEGIN(vm);
  value blk = alloc_block(6, Closure_tag);
  Field(blk, 0) = Val_code(&fake_code[0]);
  Field(blk, 1) = Make_closinfo(0, 5);
  Field(blk, 2) = (value)Make_header(3, Infix_tag, Caml_white);
  Field(blk, 3) = Val_code(&fake_code[2]);
  Field(blk, 4) = Make_closinfo(0, 2);
  Field(blk, 5) = Val_unit;
  value infix = (value)&Field(blk, 3);
  ROOT(vm, infix);
  value env = caml_try_copy_string(vm, "env");
  cr_assert_neq(env, 0);
  Field(blk, 5) = env; /* only the infix pointer is a root */
  for (int i = 0; i < 3; i++) gc_collect(vm);
  cr_assert_eq(vm->heap.stats.blocks_freed, freed0, "nothing was freed");
  value whole = infix - (value)Infix_offset_val(infix);
  cr_assert_eq(Tag_val(whole), Closure_tag);
  cr_assert_eq(Wosize_val(whole), 6u);
  cr_assert_eq(Color_hd(Hd_val(whole)), Caml_white);
  cr_assert_eq(Code_val(whole), &fake_code[0]);
  cr_assert_eq(Code_val(infix), &fake_code[2]);
  cr_assert_str_eq(String_val(Field(whole, 5)), "env");
  ROOTS_END(vm);
  gc_collect(vm);
  cr_assert_eq(vm->heap.stats.blocks_freed, freed0 + 2, "the closure and its env");
}

/* The same from bytecode: a module keeps only `odd` of
 * let rec even n = ... and odd n = ...; after collections that reuse
 * freed memory, odd still calls even through OFFSETCLOSUREM3. */
Test(gc, infix_closure_from_bytecode_survives) {
  TB *b = tb_new("Test");
  int init = tb_label(b), even = tb_label(b), odd = tb_label(b), er = tb_label(b), orr = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  tb_place(b, even);
  tb_op(b, OP_ACC0);
  tb_cmp_branch(b, OP_BNEQ, 0, er);
  tb_op(b, OP_CONST1);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, er);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, -1);
  tb_op(b, OP_PUSHOFFSETCLOSURE3);
  tb_op1(b, OP_APPTERM1, 2);
  tb_place(b, odd);
  tb_op(b, OP_ACC0);
  tb_cmp_branch(b, OP_BNEQ, 0, orr);
  tb_op(b, OP_CONST0);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, orr);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, -1);
  tb_op(b, OP_PUSHOFFSETCLOSUREM3);
  tb_op1(b, OP_APPTERM1, 2);
  tb_place(b, init);
  tb_closurerec(b, OP_CLOSUREREC, 0, 2, (const int[]){even, odd});
  b->depth += 2;
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_MAKEBLOCK1, 0); /* [odd] */
  value v = end_module(b);
  value o = Field(v, 0);
  cr_assert_eq(Tag_val(o), Infix_tag);
  for (int i = 0; i < 3; i++) {
    gc_collect(vm);
    for (int k = 0; k < 5000; k++) alloc_block(5, 0); /* reuse freed cells */
  }
  value whole = o - (value)Infix_offset_val(o);
  cr_assert_eq(Color_hd(Hd_val(whole)), Caml_white);
  cr_assert_eq(Tag_val(whole), Closure_tag);
  cr_assert_eq(Wosize_val(whole), 5u);
  for (intnat n = 0; n < 8; n++) {
    value arg = Val_long(n);
    cr_assert_eq(vm_callbackN_exn(vm, o, 1, &arg), Val_bool(n % 2 == 1), "odd %ld", (long)n);
  }
  tb_assert_idle(vm);
}

/* Odd words are never followed: an odd word that is a block's address + 1
 * (the shape of a code pointer) in a field, in a closure's code field or on
 * the stack does not keep that block alive. */
Test(gc, code_pointers_are_not_followed) {
  gc_collect(vm);
  uint64_t freed0 = vm->heap.stats.blocks_freed;
  ROOTS_BEGIN(vm);
  value keeper = alloc_block(2, 0);
  ROOT(vm, keeper);
  value clos = alloc_block(3, Closure_tag);
  ROOT(vm, clos);
  Field(clos, 1) = Make_closinfo(0, 2);
  value t1 = alloc_block(2, 0);
  Field(keeper, 0) = Val_code((code_t)t1);
  Field(keeper, 1) = Val_int(7);
  value t2 = alloc_block(2, 0);
  Field(clos, 0) = Val_code((code_t)t2);
  value t3 = alloc_block(2, 0);
  Field(clos, 2) = Val_int(8);
  *--vm->sp = Val_code((code_t)t3);
  cr_assert(Is_long(Field(keeper, 0)));
  gc_collect(vm);
  vm->sp++;
  cr_assert_eq(vm->heap.stats.blocks_freed, freed0 + 3, "the three targets are garbage");
  cr_assert_eq(Field(keeper, 1), Val_int(7));
  cr_assert_eq(Field(clos, 2), Val_int(8));
  cr_assert(!is_free_cell(keeper));
  cr_assert(!is_free_cell(clos));
  ROOTS_END(vm);
}

/* ---- Limits ----------------------------------------------------------------------------- */

/* let rec build acc = build (0 :: acc) -- allocates forever (a tail call,
 * so only the heap grows). */
static int build_forever(TB *b) {
  int f = tb_function(b, 1);
  tb_op(b, OP_ACC0);
  tb_op(b, OP_PUSHCONST0);
  tb_op1(b, OP_MAKEBLOCK2, 0);
  tb_op(b, OP_PUSH);
  tb_op(b, OP_OFFSETCLOSURE0);
  tb_op1(b, OP_APPTERM1, 2);
  return f;
}

/* With a heap limit, a program that allocates without bound raises
 * Out_of_memory, which it can catch; the heap never exceeds the limit, and
 * once the exception has dropped the data the VM goes on normally. */
Test(gc, heap_limit_raises_out_of_memory, .timeout = 60) {
  TB *b = tb_new("Test");
  int init = tb_label(b), handler = tb_label(b), end = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int f = build_forever(b);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, f);
  int F = tb_push(b);
  tb_jump(b, OP_PUSHTRAP, handler);
  b->depth += 4;
  tb_op(b, OP_CONST0);
  tb_push(b);
  tb_acc(b, F);
  tb_op(b, OP_APPLY1);
  b->depth--;
  tb_op(b, OP_POPTRAP);
  b->depth -= 4;
  tb_jump(b, OP_BRANCH, end);
  tb_place(b, handler);
  tb_place(b, end);
  vm->heap.heap_limit = gc_heap_words(vm) + 8 * GC_PAGE_WORDS;
  vm->heap.stats.heap_words_peak = 0;
  value v = end_module(b);
  cr_assert_eq(v, caml_predef_exn(vm, EXN_OUT_OF_MEMORY));
  cr_assert_leq(vm->heap.stats.heap_words_peak, vm->heap.heap_limit);
  gc_collect(vm);
  cr_assert_lt(vm->heap.stats.live_words, 8u * GC_PAGE_WORDS, "the list is garbage now");
  /* Uncaught, it reaches the host. */
  b = tb_new("Test");
  init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  f = build_forever(b);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, f);
  F = tb_push(b);
  tb_apply_const(b, F, 1, ARGS(0));
  tb_pop(b, b->depth);
  tb_result(b);
  cr_assert_eq(tb_run_raises(vm, b), caml_predef_exn(vm, EXN_OUT_OF_MEMORY));
  /* Without the limit, the VM works again. */
  vm->heap.heap_limit = 0;
  b = tb_new("Test");
  for (int i = 0; i < 100; i++) tb_int(b, i > 0, i);
  tb_op2(b, OP_MAKEBLOCK, 100, 0);
  tb_result(b);
  v = tb_run_ok(vm, b);
  cr_assert_eq(Field(v, 0), Val_int(99));
}

/* let rec f n = 1 + f (n + 1): unbounded recursion raises Stack_overflow
 * at the stack limit, catchable; the stack never exceeds the limit. */
static TB *infinite_recursion(bool catch) {
  TB *b = tb_new("Test");
  int init = tb_label(b), handler = tb_label(b), end = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int f = tb_function(b, 1);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, 1);
  tb_op(b, OP_PUSHOFFSETCLOSURE0);
  tb_op(b, OP_APPLY1);
  tb_op1(b, OP_OFFSETINT, 1);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_closurerec(b, OP_CLOSUREREC, 0, 1, &f);
  int F = b->depth++;
  if (catch) {
    tb_jump(b, OP_PUSHTRAP, handler);
    b->depth += 4;
  }
  tb_apply_const(b, F, 1, ARGS(0));
  if (catch) {
    tb_op(b, OP_POPTRAP);
    b->depth -= 4;
    tb_jump(b, OP_BRANCH, end);
    tb_place(b, handler);
    tb_place(b, end);
  }
  tb_pop(b, b->depth);
  tb_result(b);
  return b;
}

Test(gc, stack_limit_raises_stack_overflow) {
  vm->stack_limit = 64 * 1024;
  value v = tb_run_ok(vm, infinite_recursion(true));
  cr_assert_eq(v, caml_predef_exn(vm, EXN_STACK_OVERFLOW));
  cr_assert_leq((size_t)(vm->stack_high - vm->stack_low), vm->stack_limit);
  cr_assert_gt((size_t)(vm->stack_high - vm->stack_low), (size_t)ZVM_STACK_INIT_WORDS,
               "the stack grew up to the limit first");
  cr_assert_eq(tb_run_raises(vm, infinite_recursion(false)), caml_predef_exn(vm, EXN_STACK_OVERFLOW));
  cr_assert_leq((size_t)(vm->stack_high - vm->stack_low), vm->stack_limit);
}

/* let rec sum n = if n = 0 then 0 else n + sum (n - 1) in sum n: deep but
 * finite recursion grows the stack and returns the right result. */
static value deep_sum(intnat n) {
  TB *b = tb_new("Test");
  int init = tb_label(b), rec = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int f = tb_function(b, 1);
  tb_op(b, OP_ACC0);
  tb_cmp_branch(b, OP_BNEQ, 0, rec);
  tb_op(b, OP_CONST0);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, rec);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_OFFSETINT, -1);
  tb_op(b, OP_PUSHOFFSETCLOSURE0);
  tb_op(b, OP_APPLY1);
  tb_op(b, OP_PUSHACC1);
  tb_op(b, OP_ADDINT);
  tb_op1(b, OP_RETURN, 1);
  tb_place(b, init);
  tb_closurerec(b, OP_CLOSUREREC, 0, 1, &f);
  int F = b->depth++;
  tb_apply_const(b, F, 1, ARGS(n));
  return end_module(b);
}

Test(gc, stack_grows_for_deep_recursion) {
  size_t before = (size_t)(vm->stack_high - vm->stack_low);
  cr_assert_eq(deep_sum(100000), Val_long(5000050000LL));
  cr_assert_gt((size_t)(vm->stack_high - vm->stack_low), before);
  cr_assert_geq((size_t)(vm->stack_high - vm->stack_low), (size_t)400000, "4 words a frame");
  /* And again, in the grown stack. */
  cr_assert_eq(deep_sum(1000), Val_long(500500));
}

/* ---- Correctness under GC stress -------------------------------------------------------- */

/* With stress on, every allocation collects first: build the list
 * [1; ...; 10000] with a tail-recursive loop and sum it. */
Test(gc, stress_list_build_and_sum, .timeout = 60) {
  vm->heap.stress = true;
  gc_collect(vm); /* from now on, no allocation finds a free cell */
  TB *b = tb_new("Test");
  int init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  /* build n acc = if n = 0 then acc else build (n-1) (n :: acc) */
  int build = tb_function(b, 2), brec = tb_label(b);
  tb_op(b, OP_ACC0);
  tb_cmp_branch(b, OP_BNEQ, 0, brec);
  tb_op(b, OP_ACC1);
  tb_op1(b, OP_RETURN, 2);
  tb_place(b, brec);
  tb_op(b, OP_ACC1);
  tb_op(b, OP_PUSHACC1);
  tb_op1(b, OP_MAKEBLOCK2, 0);
  tb_op(b, OP_PUSHACC1);
  tb_op1(b, OP_OFFSETINT, -1);
  tb_op(b, OP_PUSHOFFSETCLOSURE0);
  tb_op1(b, OP_APPTERM2, 4);
  /* sum l acc = match l with [] -> acc | x :: r -> sum r (x + acc) */
  int sum = tb_function(b, 2), nil = tb_label(b);
  tb_op(b, OP_ACC0);
  tb_jump(b, OP_BRANCHIFNOT, nil);
  tb_op(b, OP_ACC1);
  tb_op(b, OP_PUSHACC1);
  tb_op(b, OP_GETFIELD0);
  tb_op(b, OP_ADDINT);
  tb_op(b, OP_PUSHACC1);
  tb_op(b, OP_GETFIELD1);
  tb_op(b, OP_PUSHOFFSETCLOSURE0);
  tb_op1(b, OP_APPTERM2, 4);
  tb_place(b, nil);
  tb_op(b, OP_ACC1);
  tb_op1(b, OP_RETURN, 2);
  tb_place(b, init);
  tb_closurerec(b, OP_CLOSUREREC, 0, 1, &build);
  int B = b->depth++;
  tb_closurerec(b, OP_CLOSUREREC, 0, 1, &sum);
  int S = b->depth++;
  tb_apply_const(b, B, 2, ARGS(10000, 0));
  int L = tb_push(b);
  tb_op(b, OP_CONST0);
  tb_push(b);
  tb_acc(b, L);
  tb_push(b);
  tb_acc(b, S);
  tb_op(b, OP_APPLY2);
  b->depth -= 2;
  int total = tb_push(b);
  tb_block_of(b, 0, 2, (const int[]){L, total});
  uint64_t c0 = vm->heap.stats.collections;
  value v = end_module(b);
  cr_assert_geq(vm->heap.stats.collections - c0, 10000u, "a collection at each allocation");
  cr_assert_eq(Field(v, 1), Val_long(50005000));
  value l = Field(v, 0);
  for (intnat i = 1; i <= 10000; i++) {
    cr_assert_eq(Field(l, 0), Val_long(i));
    l = Field(l, 1);
  }
  cr_assert_eq(l, Val_emptylist);
}

/* With stress on, a loop that makes a partial application, a closure with
 * a free variable and a recursive closure at each step:
 *   let g a b c = a*100 + b*10 + c
 *   let rec loop i acc =
 *     if i = 0 then acc else loop (i-1) (acc + (fun x -> x + i) ((g i) 1 2))
 *   in loop 2000 0 */
Test(gc, stress_closures, .timeout = 60) {
  vm->heap.stress = true;
  gc_collect(vm); /* from now on, no allocation finds a free cell */
  TB *b = tb_new("Test");
  int init = tb_label(b);
  tb_jump(b, OP_BRANCH, init);
  int g = tb_function(b, 3);
  tb_op(b, OP_ACC0);
  tb_op1(b, OP_PUSHCONSTINT, 100);
  tb_op(b, OP_MULINT);
  tb_op(b, OP_PUSHACC2);
  tb_op1(b, OP_PUSHCONSTINT, 10);
  tb_op(b, OP_MULINT);
  tb_op(b, OP_ADDINT);
  tb_op(b, OP_PUSHACC3);
  tb_op(b, OP_ADDINT);
  tb_op1(b, OP_RETURN, 3);
  int add = tb_function(b, 1); /* fun x -> x + i, [i] free */
  tb_op(b, OP_ACC0);
  tb_op(b, OP_PUSHENVACC2);
  tb_op(b, OP_ADDINT);
  tb_op1(b, OP_RETURN, 1);
  int loop = tb_function(b, 2), rec = tb_label(b); /* in a CLOSUREREC with [g] free */
  tb_op(b, OP_ACC0);
  tb_cmp_branch(b, OP_BNEQ, 0, rec);
  tb_op(b, OP_ACC1);
  tb_op1(b, OP_RETURN, 2);
  tb_place(b, rec);
  tb_op(b, OP_CONST2);
  tb_op(b, OP_PUSHCONST1);
  tb_op(b, OP_PUSH);     /* [1; 2; i; acc] */
  tb_op(b, OP_ACC2);     /* i */
  tb_op(b, OP_PUSHENVACC2);
  tb_op(b, OP_APPLY1);   /* g i: a partial application */
  tb_op(b, OP_APPLY2);   /* (g i) 1 2 */
  tb_op(b, OP_PUSH);     /* [r; i; acc] */
  tb_op(b, OP_ACC1);
  tb_closure(b, OP_CLOSURE, 1, add);
  tb_op(b, OP_APPLY1);   /* (fun x -> x + i) r */
  tb_op(b, OP_PUSHACC2); /* [v; i; acc], accu = acc */
  tb_op(b, OP_ADDINT);
  tb_op(b, OP_PUSHACC1);
  tb_op1(b, OP_OFFSETINT, -1);
  tb_op(b, OP_PUSHOFFSETCLOSURE0);
  tb_op1(b, OP_APPTERM2, 4);
  tb_place(b, init);
  tb_closure(b, OP_CLOSURE, 0, g);
  tb_closurerec(b, OP_CLOSUREREC, 1, 1, &loop);
  int LOOP = b->depth++;
  tb_apply_const(b, LOOP, 2, ARGS(2000, 0));
  uint64_t c0 = vm->heap.stats.collections;
  value v = end_module(b);
  cr_assert_geq(vm->heap.stats.collections - c0, 2u * 2000, "a collection at each allocation");
  /* sum over i of 101 i + 12 */
  cr_assert_eq(v, Val_long(101LL * 2000 * 2001 / 2 + 12 * 2000), "%ld", (long)Long_val(v));
}

/* ---- Finalizers --------------------------------------------------------------------------- */

#define NFIN 100
static int fin_count[NFIN];
static int fin_total;

static void count_finalize(Vm *vm_, value v) {
  (void)vm_;
  int id;
  memcpy(&id, Data_custom_val(v), sizeof id);
  cr_assert(id >= 0 && id < NFIN);
  fin_count[id]++;
  fin_total++;
}
static const CustomOps fin_ops = {"zvm_test_finalized", count_finalize, NULL, NULL, NULL};

/* Allocate NFIN custom blocks with ids 0..NFIN-1 (every tenth one large,
 * above the small-block size); the even ones are kept in [keep] (a rooted
 * block), the odd ones are garbage at once. */
static void alloc_customs(Vm *v, value *keep) {
  for (int id = 0; id < NFIN; id++) {
    value c = caml_try_alloc_custom(v, &fin_ops, id % 10 >= 8 ? 1000 : sizeof(int));
    cr_assert_neq(c, 0);
    memcpy(Data_custom_val(c), &id, sizeof id);
    if (id % 2 == 0) Field(*keep, id / 2) = c;
  }
}

/* Finalizers run exactly once, when the block is found unreachable, and
 * never for reachable blocks. */
Test(gc, finalizers_run_exactly_once) {
  memset(fin_count, 0, sizeof fin_count);
  fin_total = 0;
  ROOTS_BEGIN(vm);
  value keep = alloc_block(NFIN / 2, 0);
  ROOT(vm, keep);
  alloc_customs(vm, &keep);
  for (int round = 0; round < 3; round++) {
    gc_collect(vm);
    for (int id = 0; id < NFIN; id++)
      cr_assert_eq(fin_count[id], id % 2, "round %d: custom %d finalized %d times", round, id,
                   fin_count[id]);
  }
  for (int i = 0; i < NFIN / 2; i++) {
    int id;
    memcpy(&id, Data_custom_val(Field(keep, i)), sizeof id);
    cr_assert_eq(id, 2 * i, "a kept custom block is intact");
  }
  ROOTS_END(vm);
  for (int round = 0; round < 2; round++) {
    gc_collect(vm);
    for (int id = 0; id < NFIN; id++) cr_assert_eq(fin_count[id], 1, "custom %d", id);
  }
  cr_assert_eq(fin_total, NFIN);
}

/* Destroying the VM finalizes what is still alive, once; what was already
 * finalized is not finalized again. */
Test(gc, finalizers_at_vm_free) {
  memset(fin_count, 0, sizeof fin_count);
  fin_total = 0;
  Vm *v2 = tb_vm_new();
  ROOTS_BEGIN(v2);
  value keep = caml_try_alloc(v2, NFIN / 2, 0);
  cr_assert_neq(keep, 0);
  ROOT(v2, keep);
  alloc_customs(v2, &keep);
  gc_collect(v2);
  for (int id = 0; id < NFIN; id++) cr_assert_eq(fin_count[id], id % 2);
  ROOTS_END(v2);
  vm_free(v2);
  for (int id = 0; id < NFIN; id++) cr_assert_eq(fin_count[id], 1, "custom %d", id);
  cr_assert_eq(fin_total, NFIN);
}
