/* Values: OCaml's representation, bit for bit. */
#include <criterion/criterion.h>

#include "../../vm/alloc.h"
#include "../../vm/fail.h"
#include "../../vm/interp.h"
#include "../../vm/vm.h"

static Vm *vm;
static void setup(void) { vm = vm_new(); }
static void teardown(void) { vm_free(vm); }
TestSuite(values, .init = setup, .fini = teardown);

Test(values, tagged_ints) {
  cr_assert_eq(Val_long(0), 1);
  cr_assert_eq(Val_long(-1), -1);
  cr_assert_eq(Long_val(Val_long(Max_long)), Max_long);
  cr_assert_eq(Long_val(Val_long(Min_long)), Min_long);
  cr_assert(Is_long(Val_int(5)));
  cr_assert_eq(Val_true, 3);
  cr_assert_eq(Val_not(Val_true), Val_false);
  cr_assert_eq(Val_not(Val_false), Val_true);
}

Test(values, header_layout) {
  header_t hd = Make_header(3, 247, Caml_black);
  cr_assert_eq(hd, (3u << 10) | (3u << 8) | 247u);
  cr_assert_eq(Wosize_hd(hd), 3u);
  cr_assert_eq(Tag_hd(hd), 247u);
  cr_assert_eq(Color_hd(hd), Caml_black);
}

Test(values, string_padding) {
  /* OCaml: wosize = (len + 8) / 8, last byte = wosize*8 - 1 - len. */
  for (mlsize_t len = 0; len < 40; len++) {
    value s = caml_try_alloc_string(vm, len);
    cr_assert_neq(s, 0);
    cr_assert_eq(Wosize_val(s), (len + 8) / 8, "len %zu", (size_t)len);
    cr_assert_eq(caml_string_length(s), len);
    cr_assert_eq(Byte_u(s, Bosize_val(s) - 1), Bosize_val(s) - 1 - len);
    cr_assert_eq(Byte(s, len), 0, "always a NUL after the data");
  }
}

Test(values, closinfo) {
  value info = Make_closinfo(0, 2);
  cr_assert_eq(info, 5, "as OCaml's Obj shows for a plain closure");
  cr_assert_eq(Start_env_closinfo(info), 2u);
  cr_assert_eq(Start_env_closinfo(Make_closinfo(0, 8)), 8u);
  cr_assert(Is_long(Make_header(3, Infix_tag, Caml_white)), "infix headers scan as ints");
}

Test(values, code_pointers_are_odd) {
  opcode_t code[4];
  cr_assert(Is_long(Val_code(&code[1])));
  cr_assert_eq(Code_val_raw(Val_code(&code[1])), &code[1]);
}

Test(values, floats_and_boxed_ints) {
  value d = caml_try_copy_double(vm, 1.5);
  cr_assert_eq(Tag_val(d), Double_tag);
  cr_assert_eq(Wosize_val(d), 1u);
  cr_assert_eq(Double_val(d), 1.5);
  value i = caml_try_copy_int64(vm, INT64_MIN);
  cr_assert_eq(Tag_val(i), Custom_tag);
  cr_assert_eq(Wosize_val(i), 2u);
  cr_assert_eq(Int64_val(i), INT64_MIN);
  cr_assert_str_eq(Custom_ops_val(i)->identifier, "_j");
}

Test(values, atoms) {
  value a = Atom(vm, 0);
  cr_assert_eq(Wosize_val(a), 0u);
  cr_assert_eq(Tag_val(Atom(vm, 7)), 7u);
  cr_assert_eq(Tag_val(Atom(vm, 255)), 255u);
}

Test(values, predefined_exceptions) {
  value nf = vm->globals[EXN_NOT_FOUND];
  cr_assert_eq(Tag_val(nf), Object_tag);
  cr_assert_str_eq(String_val(Field(nf, 0)), "Not_found");
  cr_assert_eq(Field(nf, 1), Val_long(-EXN_NOT_FOUND - 1));
  char *msg = caml_format_exception(vm, nf);
  cr_assert_str_eq(msg, "Not_found");
  free(msg);
}
