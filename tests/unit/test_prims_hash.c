/* Hashtbl.hash (vm/prim_hash.c): bit-identical to OCaml 4.13. Each
 * expected value was printed by ocamlrun for the same value. */
#include <math.h>

#include "test_prims_call.h"

PRIMS_SUITE(prims_hash);

/* Hashtbl.hash: caml_hash 10 100 0 v */
static intnat hash(value v) {
  return Long_val(ok(call("caml_hash", 4, Val_int(10), Val_int(100), Val_int(0), v)));
}

static value int_list(int n) {
  value l = Val_emptylist;
  for (int i = n - 1; i >= 0; i--) l = pin(cons(Val_int(i), l));
  return l;
}

Test(prims_hash, integers) {
  cr_assert_eq(hash(Val_int(0)), 129913994);
  cr_assert_eq(hash(Val_int(1)), 883721435);
  cr_assert_eq(hash(Val_int(-1)), 911466517);
  cr_assert_eq(hash(Val_long(Max_long)), 952257787);
  cr_assert_eq(hash(Val_long(Min_long)), 69827754);
  cr_assert_eq(hash(Val_long((intnat)1 << 31)), 1058613066);
  cr_assert_eq(hash(Val_long(-((intnat)1 << 31))), 129913994);
}

Test(prims_hash, strings) {
  cr_assert_eq(hash(pin(str(""))), 0);
  cr_assert_eq(hash(pin(str("a"))), 721651713);
  cr_assert_eq(hash(pin(str("ab"))), 856662637);
  cr_assert_eq(hash(pin(str("abc"))), 767105082);
  cr_assert_eq(hash(pin(str("abcd"))), 65890154);
  cr_assert_eq(hash(pin(str("hello world"))), 1053319576);
}

Test(prims_hash, floats) {
  cr_assert_eq(hash(pin(dbl(0.0))), 256347020);
  cr_assert_eq(hash(pin(dbl(-0.0))), 256347020);
  cr_assert_eq(hash(pin(dbl(1.0))), 57497256);
  cr_assert_eq(hash(pin(dbl(NAN))), 841516429);
  cr_assert_eq(hash(pin(dbl(-NAN))), 841516429);
  cr_assert_eq(hash(pin(dbl(INFINITY))), 602560251);
  cr_assert_eq(hash(pin(dbl(3.14159))), 38234917);
  value fa = pin(block(Double_array_tag, 3, 0, 0, 0));
  for (int i = 0; i < 3; i++) Store_double_flat_field(fa, (mlsize_t)i, i + 1.0);
  cr_assert_eq(hash(fa), 320078682);
  value fr = pin(block(Double_array_tag, 2, 0, 0));
  Store_double_flat_field(fr, 0, 1.5);
  Store_double_flat_field(fr, 1, NAN);
  cr_assert_eq(hash(fr), 855988408);
}

Test(prims_hash, structured) {
  /* type t = A | B of int | C of string * float */
  cr_assert_eq(hash(Val_int(0)), 129913994);
  cr_assert_eq(hash(pin(block(0, 1, Val_int(5)))), 448001807);
  cr_assert_eq(hash(pin(block(1, 2, pin(str("x")), pin(dbl(2.5))))), 54494416);
  value l123 = pin(cons(Val_int(1), pin(cons(Val_int(2), pin(cons(Val_int(3), Val_emptylist))))));
  cr_assert_eq(hash(l123), 794519639);
  value tuple = pin(block(0, 4, Val_int(1), pin(str("abc")), pin(dbl(2.5)), l123));
  cr_assert_eq(hash(tuple), 905772230);
  cr_assert_eq(hash(Atom(vm, 0)), 1058613066);
  cr_assert_eq(hash(int_list(100)), 182325193);
  value sa = pin(block(0, 3, pin(str("a")), pin(str("bb")), pin(str("ccc"))));
  cr_assert_eq(hash(sa), 368768471);
  value deep = pin(block(0, 1, pin(block(0, 1, pin(block(0, 1, pin(str("deep"))))))));
  cr_assert_eq(hash(deep), 35802586);
}

Test(prims_hash, custom_blocks) {
  cr_assert_eq(hash(pin(i32(1))), 129913994);
  cr_assert_eq(hash(pin(i32(-1))), 911466517);
  cr_assert_eq(hash(pin(i64(5000000000LL))), 393240557);
  cr_assert_eq(hash(pin(i64(-5000000000LL))), 749734508);
  cr_assert_eq(hash(pin(inat(5))), 648017920);
  cr_assert_eq(hash(pin(inat(-5))), 80737749);
  cr_assert_eq(hash(pin(inat(5000000000LL))), 393240557);
  cr_assert_eq(hash(pin(inat(-5000000000LL))), 54684562);
}

Test(prims_hash, special_tags) {
  value fw = pin(block(Forward_tag, 1, Val_int(7)));
  cr_assert_eq(hash(fw), 631987845);
  cr_assert_eq(hash(fw), hash(Val_int(7)));
  cr_assert_eq(hash(pin(block(Abstract_tag, 3, 0, 0, 0))), 0);
  cr_assert_eq(hash(caml_predef_exn(vm, EXN_NOT_FOUND)), 77309637);
  /* A forwarding loop is followed a bounded number of times. */
  value loop = pin(block(Forward_tag, 1, Val_unit));
  Field(loop, 0) = loop;
  ok(call("caml_hash", 4, Val_int(10), Val_int(100), Val_int(0), loop));
}

Test(prims_hash, parameters) {
  cr_assert_eq(Long_val(ok(call("caml_hash", 4, Val_int(10), Val_int(100), Val_int(42),
                                pin(str("abc"))))),
               93182985);
  cr_assert_eq(Long_val(ok(call("caml_hash", 4, Val_int(2), Val_int(100), Val_int(0), int_list(100)))),
               347406853);
  value l12 = pin(cons(Val_int(1), pin(cons(Val_int(2), Val_emptylist))));
  value l34 = pin(cons(Val_int(3), pin(cons(Val_int(4), Val_emptylist))));
  value l56 = pin(cons(Val_int(5), pin(cons(Val_int(6), Val_emptylist))));
  value ll = pin(cons(l12, pin(cons(l34, pin(cons(l56, Val_emptylist))))));
  cr_assert_eq(Long_val(ok(call("caml_hash", 4, Val_int(10), Val_int(3), Val_int(0), ll))), 288736484);
  value arr = pin(caml_try_alloc(vm, 300, 0));
  for (int i = 0; i < 300; i++) Field(arr, i) = Val_int(i);
  cr_assert_eq(Long_val(ok(call("caml_hash", 4, Val_int(1000), Val_int(1000), Val_int(7), arr))),
               478727355);
  cr_assert_eq(Long_val(ok(call("caml_hash", 4, Val_int(0), Val_int(10), Val_int(0), pin(str("abc"))))),
               0);
  cr_assert_eq(Long_val(ok(call("caml_hash", 4, Val_int(10), Val_int(0), Val_int(0), l12))), 980550003);
  cr_assert_eq(Long_val(ok(call("caml_hash", 4, Val_int(10), Val_int(-1), Val_int(0), l12))), 938002364);
}
