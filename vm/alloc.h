/* Allocating OCaml values from C.
 *
 * caml_* functions raise Out_of_memory (they must run under the
 * interpreter, i.e. in primitives); caml_try_* return 0 instead and may be
 * used anywhere (loader, VM setup, embedding API). All of them may run a
 * collection: values held in C variables across a call must be rooted
 * (ROOT in vm.h) unless they are reachable otherwise.
 */
#ifndef ZVM_ALLOC_H
#define ZVM_ALLOC_H

#include <stddef.h>

#include "value.h"

struct Vm;

/* A block whose fields are all initialised to () (raw data left zero
 * for tags >= No_scan_tag). wosize 0 gives the atom. */
value caml_alloc(struct Vm *vm, mlsize_t wosize, tag_t tag);
value caml_try_alloc(struct Vm *vm, mlsize_t wosize, tag_t tag);

/* Strings and bytes of length [len], contents uninitialised (but padded
 * correctly). */
value caml_alloc_string(struct Vm *vm, mlsize_t len);
value caml_try_alloc_string(struct Vm *vm, mlsize_t len);
value caml_alloc_initialized_string(struct Vm *vm, mlsize_t len, const char *data);
value caml_try_alloc_initialized_string(struct Vm *vm, mlsize_t len, const char *data);
value caml_copy_string(struct Vm *vm, const char *s);
value caml_try_copy_string(struct Vm *vm, const char *s);

/* Boxed floats and float arrays. */
value caml_copy_double(struct Vm *vm, double d);
value caml_try_copy_double(struct Vm *vm, double d);

/* Custom blocks with [size] bytes of data after the ops pointer. */
value caml_alloc_custom(struct Vm *vm, const CustomOps *ops, size_t size);
value caml_try_alloc_custom(struct Vm *vm, const CustomOps *ops, size_t size);

/* Boxed integers (custom blocks "_i", "_j", "_n"). */
extern const CustomOps caml_int32_ops, caml_int64_ops, caml_nativeint_ops;
value caml_copy_int32(struct Vm *vm, int32_t i);
value caml_copy_int64(struct Vm *vm, int64_t i);
value caml_copy_nativeint(struct Vm *vm, intnat i);
value caml_try_copy_int32(struct Vm *vm, int32_t i);
value caml_try_copy_int64(struct Vm *vm, int64_t i);
value caml_try_copy_nativeint(struct Vm *vm, intnat i);
int32_t Int32_val(value v);
int64_t Int64_val(value v);
intnat Nativeint_val(value v);

#endif
