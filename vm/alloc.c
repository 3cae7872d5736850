/* Allocating OCaml values from C. */
#include "alloc.h"

#include <string.h>

#include "fail.h"
#include "vm.h"

static value init_block(value v, mlsize_t wosize, tag_t tag) {
  if (v == 0 || wosize == 0) return v;
  if (tag < No_scan_tag) {
    for (mlsize_t i = 0; i < wosize; i++) Field(v, i) = Val_unit;
  } else {
    memset((void *)v, 0, wosize * sizeof(value));
  }
  return v;
}

value caml_try_alloc(Vm *vm, mlsize_t wosize, tag_t tag) {
  return init_block(gc_try_alloc(vm, wosize, tag), wosize, tag);
}

value caml_alloc(Vm *vm, mlsize_t wosize, tag_t tag) {
  value v = caml_try_alloc(vm, wosize, tag);
  if (v == 0) caml_raise_out_of_memory(vm);
  return v;
}

value caml_try_alloc_string(Vm *vm, mlsize_t len) {
  if (len > (Max_wosize - 1) * sizeof(value)) return 0;
  mlsize_t wosize = Wosize_of_string_length(len);
  value s = gc_try_alloc(vm, wosize, String_tag);
  if (s == 0) return 0;
  mlsize_t last = wosize * sizeof(value) - 1;
  Field(s, wosize - 1) = 0;
  Byte(s, last) = (char)(last - len);
  return s;
}

value caml_alloc_string(Vm *vm, mlsize_t len) {
  value s = caml_try_alloc_string(vm, len);
  if (s == 0) {
    if (len > (Max_wosize - 1) * sizeof(value)) caml_invalid_argument(vm, "String.create");
    caml_raise_out_of_memory(vm);
  }
  return s;
}

value caml_try_alloc_initialized_string(Vm *vm, mlsize_t len, const char *data) {
  value s = caml_try_alloc_string(vm, len);
  if (s != 0 && len > 0) memcpy((char *)s, data, len);
  return s;
}

value caml_alloc_initialized_string(Vm *vm, mlsize_t len, const char *data) {
  value s = caml_alloc_string(vm, len);
  if (len > 0) memcpy((char *)s, data, len);
  return s;
}

value caml_try_copy_string(Vm *vm, const char *str) {
  return caml_try_alloc_initialized_string(vm, strlen(str), str);
}

value caml_copy_string(Vm *vm, const char *str) {
  return caml_alloc_initialized_string(vm, strlen(str), str);
}

value caml_try_copy_double(Vm *vm, double d) {
  value v = gc_try_alloc(vm, Double_wosize, Double_tag);
  if (v != 0) Store_double_val(v, d);
  return v;
}

value caml_copy_double(Vm *vm, double d) {
  /* The float primitives box every result: the fast path is inline. */
  value v = gc_alloc_fast(&vm->heap, Double_wosize, Double_tag);
  if (v == 0) v = gc_alloc(vm, Double_wosize, Double_tag);
  Store_double_val(v, d);
  return v;
}

value caml_try_alloc_custom(Vm *vm, const CustomOps *ops, size_t size) {
  mlsize_t wosize = 1 + (size + sizeof(value) - 1) / sizeof(value);
  value v = gc_try_alloc(vm, wosize, Custom_tag);
  if (v == 0) return 0;
  memset((void *)v, 0, wosize * sizeof(value));
  Custom_ops_val(v) = ops;
  if (ops != NULL && ops->finalize != NULL) gc_note_finalizable(v);
  return v;
}

value caml_alloc_custom(Vm *vm, const CustomOps *ops, size_t size) {
  value v = caml_try_alloc_custom(vm, ops, size);
  if (v == 0) caml_raise_out_of_memory(vm);
  return v;
}

/* ---- Boxed integers ------------------------------------------------------ */

static int int32_cmp(value a, value b) {
  int32_t x = Int32_val(a), y = Int32_val(b);
  return (x > y) - (x < y);
}
static intnat int32_hash(value v) { return Int32_val(v); }
static int int64_cmp(value a, value b) {
  int64_t x = Int64_val(a), y = Int64_val(b);
  return (x > y) - (x < y);
}
static intnat int64_hash(value v) {
  uint64_t x = (uint64_t)Int64_val(v);
  return (intnat)((uint32_t)x ^ (uint32_t)(x >> 32));
}
static int nativeint_cmp(value a, value b) {
  intnat x = Nativeint_val(a), y = Nativeint_val(b);
  return (x > y) - (x < y);
}
static intnat nativeint_hash(value v) {
  /* As OCaml: (n >> 32) ^ (n >> 63) ^ n (arithmetic shifts), so that a
   * value that fits in 32 bits hashes as on 32-bit platforms. Only the low
   * 32 bits are used by caml_hash. */
  uint64_t n = (uint64_t)Nativeint_val(v);
  uint32_t sign = (n >> 63) ? 0xFFFFFFFFu : 0;
  return (intnat)((uint32_t)(n >> 32) ^ sign ^ (uint32_t)n);
}

const CustomOps caml_int32_ops = {"_i", NULL, int32_cmp, int32_hash, NULL};
const CustomOps caml_int64_ops = {"_j", NULL, int64_cmp, int64_hash, NULL};
const CustomOps caml_nativeint_ops = {"_n", NULL, nativeint_cmp, nativeint_hash, NULL};

int32_t Int32_val(value v) {
  int32_t i;
  memcpy(&i, Data_custom_val(v), sizeof i);
  return i;
}
int64_t Int64_val(value v) {
  int64_t i;
  memcpy(&i, Data_custom_val(v), sizeof i);
  return i;
}
intnat Nativeint_val(value v) {
  intnat i;
  memcpy(&i, Data_custom_val(v), sizeof i);
  return i;
}

#define BOXED(name, ctype, ops)                                  \
  value caml_try_copy_##name(Vm *vm, ctype i) {                  \
    value v = caml_try_alloc_custom(vm, &ops, sizeof(int64_t)); \
    if (v != 0) memcpy(Data_custom_val(v), &i, sizeof i);        \
    return v;                                                    \
  }                                                              \
  value caml_copy_##name(Vm *vm, ctype i) {                      \
    value v = caml_try_copy_##name(vm, i);                       \
    if (v == 0) caml_raise_out_of_memory(vm);                    \
    return v;                                                    \
  }
BOXED(int32, int32_t, caml_int32_ops)
BOXED(int64, int64_t, caml_int64_ops)
BOXED(nativeint, intnat, caml_nativeint_ops)
