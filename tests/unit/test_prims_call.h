/* Shared by the test_prims_*.c files: call a primitive the way the
 * interpreter does, and build and check OCaml values.
 *
 *   PRIMS_SUITE(strings);                       // suite with a fresh VM per test
 *   value s = pin(str("abc"));                  // keep it alive (GC stress)
 *   value r = call("caml_string_get", 2, s, Val_int(1));
 *   cr_assert_eq(r, Val_int('b'));
 *   assert_invalid_arg(call("caml_string_get", 2, s, Val_int(3)), "index out of bounds");
 *
 * call() looks the primitive up by name in the real table (so it also
 * checks that prims.def lists it with that arity), pushes the arguments on
 * the VM stack as C_CALL does (so they are rooted while it runs) and runs
 * it under vm_protect. Its result is not rooted: pin() what must survive
 * the next allocation. The VM reads ZVM_GC_STRESS, so `make unit-stress`
 * collects at every allocation inside the primitives.
 */
#ifndef ZVM_TEST_PRIMS_CALL_H
#define ZVM_TEST_PRIMS_CALL_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <string.h>

#include "../../vm/alloc.h"
#include "../../vm/fail.h"
#include "../../vm/interp.h"
#include "../../vm/prims.h"
#include "../../vm/vm.h"

static Vm *vm;

/* Pinned values live in one array on the heap, itself a local root. */
#define PIN_SLOTS 4096
static value pins;
static int n_pins;

static inline void prims_setup(void) {
  vm = vm_new();
  cr_assert_not_null(vm);
  cr_assert(vm_read_params(vm));
  n_pins = 0;
  pins = caml_try_alloc(vm, PIN_SLOTS, 0);
  cr_assert_neq(pins, 0);
  vm_push_root(vm, &pins);
}

static inline void prims_teardown(void) { vm_free(vm); }

#define PRIMS_SUITE(name) TestSuite(name, .init = prims_setup, .fini = prims_teardown)

/* Keep [v] alive until the end of the test. */
static inline value pin(value v) {
  cr_assert_lt(n_pins, PIN_SLOTS, "too many pinned values");
  Field(pins, n_pins++) = v;
  return v;
}

typedef struct PrimCall {
  const Primitive *p;
  int n;
  value args[8];
} PrimCall;

static inline value run_prim(Vm *v, void *arg) {
  PrimCall *c = arg;
  value *sp = v->sp - c->n;
  for (int i = 0; i < c->n; i++) sp[i] = c->args[i];
  v->sp = sp;
  value res;
  switch (c->p->arity) {
  case 1: res = c->p->u.f1(v, sp[0]); break;
  case 2: res = c->p->u.f2(v, sp[0], sp[1]); break;
  case 3: res = c->p->u.f3(v, sp[0], sp[1], sp[2]); break;
  case 4: res = c->p->u.f4(v, sp[0], sp[1], sp[2], sp[3]); break;
  case 5: res = c->p->u.f5(v, sp[0], sp[1], sp[2], sp[3], sp[4]); break;
  default: res = c->p->u.fn(v, sp, c->n); break;
  }
  v->sp += c->n;
  return res;
}

/* Run primitive [name] on [n] arguments: its result, or an exception
 * result (Is_exception_result). */
static inline value call(const char *name, int n, ...) {
  int i = prim_lookup(name, strlen(name));
  cr_assert_geq(i, 0, "primitive %s is not in prims.def", name);
  cr_assert_eq(prim_table[i].arity, n, "%s has arity %d, called with %d", name,
               prim_table[i].arity, n);
  PrimCall c = {.p = &prim_table[i], .n = n};
  va_list ap;
  va_start(ap, n);
  for (int k = 0; k < n; k++) c.args[k] = va_arg(ap, value);
  va_end(ap);
  return vm_protect(vm, run_prim, &c);
}

/* A call that must not raise. */
static inline value ok(value r) {
  cr_assert(!Is_exception_result(r), "unexpected exception %s",
            Is_exception_result(r) ? caml_format_exception(vm, Extract_exception(r)) : "");
  return r;
}

/* ---- Building values ------------------------------------------------------ */

static inline value str_n(const char *s, size_t len) {
  value v = caml_try_alloc_initialized_string(vm, len, s);
  cr_assert_neq(v, 0);
  return v;
}
static inline value str(const char *s) { return str_n(s, strlen(s)); }
static inline value dbl(double d) {
  value v = caml_try_copy_double(vm, d);
  cr_assert_neq(v, 0);
  return v;
}
static inline value i32(int32_t i) {
  value v = caml_try_copy_int32(vm, i);
  cr_assert_neq(v, 0);
  return v;
}
static inline value i64(int64_t i) {
  value v = caml_try_copy_int64(vm, i);
  cr_assert_neq(v, 0);
  return v;
}
static inline value inat(intnat i) {
  value v = caml_try_copy_nativeint(vm, i);
  cr_assert_neq(v, 0);
  return v;
}

/* A block of tag [tag] with [n] fields, given as values (which must stay
 * reachable: pin them, or pass immediates). */
static inline value block(tag_t tag, int n, ...) {
  value b = caml_try_alloc(vm, (mlsize_t)n, tag);
  cr_assert_neq(b, 0);
  va_list ap;
  va_start(ap, n);
  for (int k = 0; k < n; k++) Field(b, k) = va_arg(ap, value);
  va_end(ap);
  return b;
}

static inline value cons(value hd, value tl) { return block(0, 2, hd, tl); }

/* ---- Checking results -------------------------------------------------------- */

static inline bool string_is(value s, const char *expected, size_t len) {
  return Is_block(s) && Tag_val(s) == String_tag && caml_string_length(s) == len &&
         memcmp(String_val(s), expected, len) == 0;
}

#define assert_str(v, expected)                                                       \
  do {                                                                                \
    value v_ = ok(v);                                                                 \
    cr_assert(string_is(v_, (expected), strlen(expected)), "got \"%.*s\", want \"%s\"", \
              (int)(Is_block(v_) ? caml_string_length(v_) : 0),                       \
              Is_block(v_) ? String_val(v_) : "", (expected));                        \
  } while (0)

/* An exception with a string argument: Failure, Invalid_argument,
 * Sys_error. */
static inline void assert_exn_msg(value r, int exn, const char *msg) {
  cr_assert(Is_exception_result(r), "expected an exception, got a result");
  value e = Extract_exception(r);
  cr_assert(Is_block(e) && Tag_val(e) == 0 && Wosize_val(e) == 2, "not an exception with an argument");
  cr_assert_eq(Field(e, 0), caml_predef_exn(vm, exn), "wrong exception %s",
               String_val(Field(Field(e, 0), 0)));
  cr_assert(string_is(Field(e, 1), msg, strlen(msg)), "message \"%s\", want \"%s\"",
            String_val(Field(e, 1)), msg);
}

#define assert_invalid_arg(r, msg) assert_exn_msg((r), EXN_INVALID_ARGUMENT, (msg))
#define assert_failure(r, msg) assert_exn_msg((r), EXN_FAILURE, (msg))
#define assert_sys_error(r, msg) assert_exn_msg((r), EXN_SYS_ERROR, (msg))

/* A constant exception: Not_found, End_of_file, Division_by_zero... */
static inline void assert_exn_const(value r, int exn) {
  cr_assert(Is_exception_result(r), "expected an exception, got a result");
  cr_assert_eq(Extract_exception(r), caml_predef_exn(vm, exn), "wrong exception");
}

#endif
