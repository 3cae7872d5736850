/* Comparison: polymorphic compare and equality (compare, =, <>, <, <=, >,
 * >=) as OCaml 4.13's runtime/compare.c, and the specialised comparisons
 * the compiler emits for ints, strings and bytes (ints.c, str.c).
 *
 * Polymorphic comparison walks both values in the same order, depth first
 * and left to right, and stops at the first difference; which exception
 * it raises, if any, therefore depends on that order, and zvm keeps it.
 * It never recurses on the C stack: the fields still to be compared sit
 * on an explicit work stack, one entry per block being walked, so long
 * lists (compared tail last) need one entry, and only deep nesting in
 * non-last fields makes the stack grow. The stack is allocated with
 * malloc, never on the OCaml heap: comparison does not allocate, so it
 * never triggers a collection and needs no roots.
 *
 * Two modes, as in OCaml. "Total" (compare) orders NaN below every float
 * and equal to itself, and treats physically equal values as equal without
 * looking inside (so compare f f = 0 even for a function f). The other
 * mode (=, <, ...) follows IEEE: a NaN makes the result UNORDERED, false
 * for every test but <>.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fail.h"
#include "vm.h"

#define LESS (-1)
#define EQUAL 0
#define GREATER 1
#define UNORDERED INTPTR_MIN

/* Fields [offset, size) of v1 and v2 remain to be compared. */
typedef struct CompareItem {
  value v1, v2;
  mlsize_t offset, size;
} CompareItem;

/* OCaml's sizes: 8 entries in place, then 32, doubling; reaching 1M
 * entries raises Out_of_memory (ocamlrun's "Stack overflow in structural
 * comparison"). OCaml never uses its stack's first entry, so a stack of
 * n entries holds n - 1 items; zvm grows at the same moments, so that
 * the deepest comparable structure is the same (524287 nested blocks). */
#define COMPARE_STACK_INIT_SIZE 8
#define COMPARE_STACK_MIN_ALLOC_SIZE 32
#define COMPARE_STACK_MAX_SIZE (1024 * 1024)

typedef struct CompareStack {
  CompareItem init[COMPARE_STACK_INIT_SIZE];
  CompareItem *stack, *limit;
} CompareStack;

static void free_stack(CompareStack *stk) {
  if (stk->stack != stk->init) free(stk->stack);
  stk->stack = stk->init;
}

/* Free the work stack, then raise: every raise inside the comparison goes
 * through here so that the stack is never leaked. */
static _Noreturn void compare_invalid(Vm *vm, CompareStack *stk, const char *msg) {
  free_stack(stk);
  caml_invalid_argument(vm, msg);
}

static _Noreturn void compare_overflow(Vm *vm, CompareStack *stk) {
  free_stack(stk);
  caml_raise_out_of_memory(vm);
}

static CompareItem *grow_stack(Vm *vm, CompareStack *stk, CompareItem *sp) {
  size_t used = (size_t)(sp - stk->stack);
  size_t newsize;
  CompareItem *ns;
  if (stk->stack == stk->init) {
    newsize = COMPARE_STACK_MIN_ALLOC_SIZE;
    ns = malloc(newsize * sizeof *ns);
    if (ns == NULL) compare_overflow(vm, stk);
    memcpy(ns, stk->init, sizeof stk->init);
  } else {
    newsize = 2 * (size_t)(stk->limit - stk->stack);
    if (newsize >= COMPARE_STACK_MAX_SIZE) compare_overflow(vm, stk);
    ns = realloc(stk->stack, newsize * sizeof *ns);
    if (ns == NULL) compare_overflow(vm, stk);
  }
  stk->stack = ns;
  stk->limit = ns + newsize;
  return ns + used;
}

/* Compare two floats; returns 2 if they are equal (go on comparing). */
static intnat compare_doubles(double d1, double d2, bool total) {
  if (d1 < d2) return LESS;
  if (d1 > d2) return GREATER;
  if (d1 != d2) {
    if (!total) return UNORDERED;
    /* At least one NaN: NaN equals NaN and is below everything else. */
    if (d1 == d1) return GREATER;
    if (d2 == d2) return LESS;
  }
  return 2;
}

/* > 0: v1 greater; 0: equal; < 0 but not UNORDERED: v1 less; UNORDERED:
 * not comparable (a NaN, in the non-total mode). */
static intnat do_compare(Vm *vm, CompareStack *stk, value v1, value v2, bool total) {
  CompareItem *sp = stk->stack;
  for (;;) {
    if (v1 == v2 && total) goto next_item;
    if (Is_long(v1)) {
      if (v1 == v2) goto next_item;
      if (Is_long(v2)) return Long_val(v1) - Long_val(v2); /* cannot overflow */
      if (Tag_val(v2) == Forward_tag) {
        v2 = Field(v2, 0);
        continue;
      }
      /* OCaml would ask the custom block's compare_ext here; no custom
       * type of zvm has one. */
      return LESS; /* integers are below blocks */
    }
    if (Is_long(v2)) {
      if (Tag_val(v1) == Forward_tag) {
        v1 = Field(v1, 0);
        continue;
      }
      return GREATER;
    }
    tag_t t1 = Tag_val(v1), t2 = Tag_val(v2);
    if (t1 != t2) {
      /* A Forward_tag block may stand for a value of any type, and a
       * closure may be compared with an infix pointer into another;
       * otherwise different tags order by tag. */
      if (t1 == Forward_tag) {
        v1 = Field(v1, 0);
        continue;
      }
      if (t2 == Forward_tag) {
        v2 = Field(v2, 0);
        continue;
      }
      if (t1 == Infix_tag) t1 = Closure_tag;
      if (t2 == Infix_tag) t2 = Closure_tag;
      if (t1 != t2) return (intnat)t1 - (intnat)t2;
    }
    switch (t1) {
    case Forward_tag:
      v1 = Field(v1, 0);
      v2 = Field(v2, 0);
      continue;
    case String_tag: {
      if (v1 == v2) break;
      mlsize_t len1 = caml_string_length(v1), len2 = caml_string_length(v2);
      int res = memcmp(String_val(v1), String_val(v2), len1 <= len2 ? len1 : len2);
      if (res < 0) return LESS;
      if (res > 0) return GREATER;
      if (len1 != len2) return (intnat)len1 - (intnat)len2;
      break;
    }
    case Double_tag: {
      intnat res = compare_doubles(Double_val(v1), Double_val(v2), total);
      if (res != 2) return res;
      break;
    }
    case Double_array_tag: {
      mlsize_t sz1 = Wosize_val(v1), sz2 = Wosize_val(v2);
      if (sz1 != sz2) return (intnat)sz1 - (intnat)sz2;
      for (mlsize_t i = 0; i < sz1; i++) {
        intnat res = compare_doubles(Double_flat_field(v1, i), Double_flat_field(v2, i), total);
        if (res != 2) return res;
      }
      break;
    }
    case Abstract_tag:
      compare_invalid(vm, stk, "compare: abstract value");
    case Closure_tag:
    case Infix_tag:
      compare_invalid(vm, stk, "compare: functional value");
    case Object_tag: {
      /* Objects and exception constructors compare by their ids. */
      intnat oid1 = Long_val(Field(v1, 1)), oid2 = Long_val(Field(v2, 1));
      if (oid1 != oid2) return oid1 < oid2 ? LESS : GREATER;
      break;
    }
    case Custom_tag: {
      const CustomOps *ops1 = Custom_ops_val(v1), *ops2 = Custom_ops_val(v2);
      /* Custom blocks of different types order by identifier. */
      if (ops1->compare != ops2->compare)
        return strcmp(ops1->identifier, ops2->identifier) < 0 ? LESS : GREATER;
      if (ops1->compare == NULL) compare_invalid(vm, stk, "compare: abstract value");
      int res = ops1->compare(v1, v2);
      if (res != 0) return res;
      break;
    }
    default: {
      mlsize_t sz1 = Wosize_val(v1), sz2 = Wosize_val(v2);
      if (sz1 != sz2) return (intnat)sz1 - (intnat)sz2;
      if (sz1 == 0) break;
      /* Compare field 0 now, remember fields 1.. for later. */
      if (sz1 > 1) {
        if (sp + 1 >= stk->limit) sp = grow_stack(vm, stk, sp);
        sp->v1 = v1;
        sp->v2 = v2;
        sp->offset = 1;
        sp->size = sz1;
        sp++;
      }
      v1 = Field(v1, 0);
      v2 = Field(v2, 0);
      continue;
    }
    }
  next_item:
    if (sp == stk->stack) return EQUAL;
    {
      CompareItem *last = sp - 1;
      v1 = Field(last->v1, last->offset);
      v2 = Field(last->v2, last->offset);
      if (++last->offset == last->size) sp--;
    }
  }
}

static intnat compare_val(Vm *vm, value v1, value v2, bool total) {
  CompareStack stk;
  stk.stack = stk.init;
  stk.limit = stk.init + COMPARE_STACK_INIT_SIZE;
  intnat res = do_compare(vm, &stk, v1, v2, total);
  free_stack(&stk);
  return res;
}

value caml_compare(Vm *vm, value v1, value v2) {
  intnat res = compare_val(vm, v1, v2, true);
  return Val_int(res < 0 ? LESS : res > 0 ? GREATER : EQUAL);
}

value caml_equal(Vm *vm, value v1, value v2) {
  return Val_bool(compare_val(vm, v1, v2, false) == 0);
}

value caml_notequal(Vm *vm, value v1, value v2) {
  return Val_bool(compare_val(vm, v1, v2, false) != 0);
}

value caml_lessthan(Vm *vm, value v1, value v2) {
  intnat res = compare_val(vm, v1, v2, false);
  return Val_bool(res < 0 && res != UNORDERED);
}

value caml_lessequal(Vm *vm, value v1, value v2) {
  intnat res = compare_val(vm, v1, v2, false);
  return Val_bool(res <= 0 && res != UNORDERED);
}

value caml_greaterthan(Vm *vm, value v1, value v2) {
  return Val_bool(compare_val(vm, v1, v2, false) > 0);
}

value caml_greaterequal(Vm *vm, value v1, value v2) {
  return Val_bool(compare_val(vm, v1, v2, false) >= 0);
}

/* ---- Specialised comparisons ------------------------------------------- */

value caml_int_compare(Vm *vm, value v1, value v2) {
  (void)vm;
  return Val_int((v1 > v2) - (v1 < v2));
}

/* Equal strings have equal sizes and, thanks to the padding rule, equal
 * last words: comparing whole words is enough. */
static bool string_equal(value s1, value s2) {
  if (s1 == s2) return true;
  mlsize_t sz = Wosize_val(s1);
  if (sz != Wosize_val(s2)) return false;
  return memcmp((const void *)s1, (const void *)s2, sz * sizeof(value)) == 0;
}

/* -1, 0 or 1: bytes in order, then length. */
static int string_compare(value s1, value s2) {
  if (s1 == s2) return 0;
  mlsize_t len1 = caml_string_length(s1), len2 = caml_string_length(s2);
  int res = memcmp(String_val(s1), String_val(s2), len1 <= len2 ? len1 : len2);
  if (res < 0) return -1;
  if (res > 0) return 1;
  return (len1 > len2) - (len1 < len2);
}

value caml_string_equal(Vm *vm, value s1, value s2) {
  (void)vm;
  return Val_bool(string_equal(s1, s2));
}
value caml_string_notequal(Vm *vm, value s1, value s2) {
  (void)vm;
  return Val_bool(!string_equal(s1, s2));
}
value caml_string_compare(Vm *vm, value s1, value s2) {
  (void)vm;
  return Val_int(string_compare(s1, s2));
}
value caml_string_lessthan(Vm *vm, value s1, value s2) {
  (void)vm;
  return Val_bool(string_compare(s1, s2) < 0);
}
value caml_string_lessequal(Vm *vm, value s1, value s2) {
  (void)vm;
  return Val_bool(string_compare(s1, s2) <= 0);
}
value caml_string_greaterthan(Vm *vm, value s1, value s2) {
  (void)vm;
  return Val_bool(string_compare(s1, s2) > 0);
}
value caml_string_greaterequal(Vm *vm, value s1, value s2) {
  (void)vm;
  return Val_bool(string_compare(s1, s2) >= 0);
}

/* Bytes compare exactly as strings. */
value caml_bytes_equal(Vm *vm, value s1, value s2) { return caml_string_equal(vm, s1, s2); }
value caml_bytes_notequal(Vm *vm, value s1, value s2) {
  return caml_string_notequal(vm, s1, s2);
}
value caml_bytes_compare(Vm *vm, value s1, value s2) { return caml_string_compare(vm, s1, s2); }
value caml_bytes_lessthan(Vm *vm, value s1, value s2) {
  return caml_string_lessthan(vm, s1, s2);
}
value caml_bytes_lessequal(Vm *vm, value s1, value s2) {
  return caml_string_lessequal(vm, s1, s2);
}
value caml_bytes_greaterthan(Vm *vm, value s1, value s2) {
  return caml_string_greaterthan(vm, s1, s2);
}
value caml_bytes_greaterequal(Vm *vm, value s1, value s2) {
  return caml_string_greaterequal(vm, s1, s2);
}
