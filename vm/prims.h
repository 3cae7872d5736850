/* C primitives, looked up by their OCaml names.
 *
 * Calling convention. A primitive gets the VM and its arguments as values:
 * value caml_foo(Vm *vm, value a, value b). Primitives of more than five
 * arguments take (Vm *vm, value *args, int nargs), as OCaml's bytecode
 * stubs do (C_CALLN). While a primitive runs, its arguments sit on the
 * value stack (the interpreter pushes accu and env there first), so they
 * stay alive whatever the primitive allocates. Any other value it keeps in
 * a C variable across an allocation must be rooted with ROOT (vm.h).
 * Errors are raised with the functions of fail.h.
 *
 * The table of primitives is static and read-only: the loader patches each
 * C_CALL's operand to an index into it, and checks that the call's arity
 * matches the primitive's, so a mistyped `external` is refused at load
 * time instead of crashing at run time.
 */
#ifndef ZVM_PRIMS_H
#define ZVM_PRIMS_H

#include "value.h"

struct Vm;

typedef value (*Prim1)(struct Vm *, value);
typedef value (*Prim2)(struct Vm *, value, value);
typedef value (*Prim3)(struct Vm *, value, value, value);
typedef value (*Prim4)(struct Vm *, value, value, value, value);
typedef value (*Prim5)(struct Vm *, value, value, value, value, value);
typedef value (*PrimN)(struct Vm *, value *, int);

typedef struct Primitive {
  const char *name;
  int arity; /* 1..5 use f1..f5; above 5, fn (args array) */
  union {
    Prim1 f1;
    Prim2 f2;
    Prim3 f3;
    Prim4 f4;
    Prim5 f5;
    PrimN fn;
  } u;
} Primitive;

extern const Primitive prim_table[];

/* Each primitive's index in prim_table, as a constant: PRIM_INDEX_caml_foo
 * (the code threader recognises some calls by it). */
enum PrimIndex {
#define PRIM(name, arity) PRIM_INDEX_##name,
#define PRIMN(name, arity) PRIM_INDEX_##name,
#include "prims.def"
#undef PRIM
#undef PRIMN
  PRIM_INDEX_COUNT
};
extern const int prim_count;

/* Index of the primitive named [name] (length [len]), or -1. */
int prim_lookup(const char *name, size_t len);

/* The same among the runtime's primitives and then [vm]'s host primitives
 * (vm/hostprim.c), numbered from PRIM_INDEX_COUNT; and a primitive's
 * arity. */
int prim_resolve(struct Vm *vm, const char *name, size_t len);
int prim_arity(struct Vm *vm, int prim);

/* Call host primitive [prim] on [nargs] arguments (raises what it raises). */
value host_prim_call(struct Vm *vm, int prim, const value *args, int nargs);
void host_prims_free(struct Vm *vm);

#endif
