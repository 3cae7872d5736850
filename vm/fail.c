/* Raising exceptions from C, and printing them as ocamlrun does. */
#include "fail.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "vm.h"

static const char *const predef_names[EXN_COUNT] = {
    "Out_of_memory", "Sys_error",     "Failure",        "Invalid_argument",
    "End_of_file",   "Division_by_zero", "Not_found",   "Match_failure",
    "Stack_overflow", "Sys_blocked_io", "Assert_failure", "Undefined_recursive_module"};

value caml_predef_exn(Vm *vm, int i) { return vm->globals[i]; }

bool fail_init_predefined(Vm *vm) {
  for (int i = 0; i < EXN_COUNT; i++) {
    /* As Symtable.init: [name; Val_int(-i-1)], tag Object_tag. */
    value name = caml_try_copy_string(vm, predef_names[i]);
    if (name == 0) return false;
    vm->globals[i] = name; /* keep it alive while allocating the block */
    value exn = gc_try_alloc(vm, 2, Object_tag);
    if (exn == 0) return false;
    Field(exn, 0) = name;
    Field(exn, 1) = Val_long(-i - 1);
    vm->globals[i] = exn;
  }
  return true;
}

_Noreturn void caml_raise(Vm *vm, value exn) {
  if (vm->exn_buf == NULL) {
    /* A raise with no interpreter running is a bug in zvm, not bad input:
     * every caller outside the interpreter reports errors by value. */
    char *msg = caml_format_exception(vm, exn);
    fprintf(stderr, "zvm: internal error: exception %s raised outside the interpreter\n",
            msg ? msg : "?");
    free(msg);
    abort();
  }
  vm->exn_bucket = exn;
  longjmp(vm->exn_buf->buf, 1);
}

_Noreturn void caml_raise_constant(Vm *vm, value tag) { caml_raise(vm, tag); }

_Noreturn void caml_raise_with_arg(Vm *vm, value tag, value arg) {
  ROOTS_BEGIN(vm);
  ROOT(vm, tag);
  ROOT(vm, arg);
  value b = gc_try_alloc(vm, 2, 0);
  ROOTS_END(vm);
  if (b == 0) caml_raise_out_of_memory(vm);
  Field(b, 0) = tag;
  Field(b, 1) = arg;
  caml_raise(vm, b);
}

_Noreturn void caml_raise_with_string(Vm *vm, value tag, const char *msg) {
  ROOTS_BEGIN(vm);
  ROOT(vm, tag);
  value s = caml_try_copy_string(vm, msg);
  ROOTS_END(vm);
  if (s == 0) caml_raise_out_of_memory(vm);
  caml_raise_with_arg(vm, tag, s);
}

_Noreturn void caml_failwith(Vm *vm, const char *msg) {
  caml_raise_with_string(vm, caml_predef_exn(vm, EXN_FAILURE), msg);
}
_Noreturn void caml_failwith_value(Vm *vm, value msg) {
  caml_raise_with_arg(vm, caml_predef_exn(vm, EXN_FAILURE), msg);
}
_Noreturn void caml_invalid_argument(Vm *vm, const char *msg) {
  caml_raise_with_string(vm, caml_predef_exn(vm, EXN_INVALID_ARGUMENT), msg);
}
_Noreturn void caml_raise_out_of_memory(Vm *vm) {
  caml_raise_constant(vm, caml_predef_exn(vm, EXN_OUT_OF_MEMORY));
}
_Noreturn void caml_raise_stack_overflow(Vm *vm) {
  caml_raise_constant(vm, caml_predef_exn(vm, EXN_STACK_OVERFLOW));
}
_Noreturn void caml_raise_sys_error(Vm *vm, value msg) {
  caml_raise_with_arg(vm, caml_predef_exn(vm, EXN_SYS_ERROR), msg);
}
_Noreturn void caml_raise_end_of_file(Vm *vm) {
  caml_raise_constant(vm, caml_predef_exn(vm, EXN_END_OF_FILE));
}
_Noreturn void caml_raise_zero_divide(Vm *vm) {
  caml_raise_constant(vm, caml_predef_exn(vm, EXN_DIVISION_BY_ZERO));
}
_Noreturn void caml_raise_not_found(Vm *vm) {
  caml_raise_constant(vm, caml_predef_exn(vm, EXN_NOT_FOUND));
}
_Noreturn void caml_array_bound_error(Vm *vm) { caml_invalid_argument(vm, "index out of bounds"); }

/* ---- Printing (as runtime/printexc.c) ------------------------------------ */

/* ocamlrun formats into a 256-byte buffer and silently truncates; strings
 * are copied up to their first NUL. zvm does the same, byte for byte. */
#define EXN_BUF 256

typedef struct Buf {
  char data[EXN_BUF];
  size_t len;
} Buf;

static void buf_str(Buf *b, const char *s) {
  while (*s && b->len < EXN_BUF - 1) b->data[b->len++] = *s++;
}

static bool is_special_exception(Vm *vm, value ctor) {
  return ctor == caml_predef_exn(vm, EXN_MATCH_FAILURE) ||
         ctor == caml_predef_exn(vm, EXN_ASSERT_FAILURE) ||
         ctor == caml_predef_exn(vm, EXN_UNDEFINED_RECURSIVE_MODULE);
}

char *caml_format_exception(Vm *vm, value exn) {
  Buf b = {.len = 0};
  if (Tag_val(exn) == 0) {
    buf_str(&b, String_val(Field(Field(exn, 0), 0)));
    value bucket = exn;
    mlsize_t start = 1;
    if (Wosize_val(exn) == 2 && Is_block(Field(exn, 1)) && Tag_val(Field(exn, 1)) == 0 &&
        is_special_exception(vm, Field(exn, 0))) {
      bucket = Field(exn, 1);
      start = 0;
    }
    buf_str(&b, "(");
    for (mlsize_t i = start; i < Wosize_val(bucket); i++) {
      if (i > start) buf_str(&b, ", ");
      value v = Field(bucket, i);
      if (Is_long(v)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%ld", (long)Long_val(v));
        buf_str(&b, tmp);
      } else if (Tag_val(v) == String_tag) {
        buf_str(&b, "\"");
        buf_str(&b, String_val(v));
        buf_str(&b, "\"");
      } else {
        buf_str(&b, "_");
      }
    }
    buf_str(&b, ")");
  } else {
    buf_str(&b, String_val(Field(exn, 0)));
  }
  b.data[b.len] = 0;
  char *res = malloc(b.len + 1);
  if (res != NULL) memcpy(res, b.data, b.len + 1);
  return res;
}
