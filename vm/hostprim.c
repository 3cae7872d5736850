/* Host primitives (zvm.h, zvm_register_primitive): C functions of the
 * embedding program that OCaml code calls like runtime primitives.
 *
 * Each VM has its own table. A host primitive's number follows the
 * runtime's (PRIM_INDEX_COUNT + its place in the table), so the loader
 * resolves and checks it like any other and patches its number into the
 * call. The runtime's primitives get values; a host primitive gets
 * handles, the embedding API's GC-safe way to hold values, so that it may
 * allocate, call back into OCaml and keep values without knowing the
 * VM's internals. The calls: C_CALLN passes the array of arguments it
 * always has; C_CALL1..5 of a host primitive are threaded as the internal
 * form C_CALLHOST (vm/specialised.def), which lays its arguments out the
 * same way, so that calls of runtime primitives pay nothing for this.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "prims.h"
#include "vm.h"
#include "zvm.h"

struct HostPrim {
  char *name;
  int arity;
  zvm_primitive fn;
  void *data;
};

int prim_resolve(Vm *vm, const char *name, size_t len) {
  int p = prim_lookup(name, len);
  if (p >= 0) return p;
  for (uint32_t i = 0; i < vm->n_host_prims; i++) {
    const char *n = vm->host_prims[i].name;
    if (strlen(n) == len && memcmp(n, name, len) == 0) return PRIM_INDEX_COUNT + (int)i;
  }
  return -1;
}

int prim_arity(Vm *vm, int prim) {
  return prim < PRIM_INDEX_COUNT ? prim_table[prim].arity : vm->host_prims[prim - PRIM_INDEX_COUNT].arity;
}

int zvm_register_primitive(zvm_vm *vm, const char *name, int arity, zvm_primitive fn, void *data) {
  size_t len = strlen(name);
  if (fn == NULL || arity < 1 || arity > ZVM_MAX_HOST_ARITY || len == 0 ||
      prim_resolve(vm, name, len) >= 0)
    return 0;
  if (vm->n_host_prims == vm->host_prims_cap) {
    uint32_t cap = vm->host_prims_cap ? 2 * vm->host_prims_cap : 8;
    HostPrim *t = realloc(vm->host_prims, cap * sizeof *t);
    if (t == NULL) return 0;
    vm->host_prims = t;
    vm->host_prims_cap = cap;
  }
  char *copy = malloc(len + 1);
  if (copy == NULL) return 0;
  memcpy(copy, name, len + 1);
  vm->host_prims[vm->n_host_prims++] = (HostPrim){copy, arity, fn, data};
  return 1;
}

void zvm_fail(zvm_vm *vm, const char *msg) {
  size_t n = strlen(msg);
  char *m = realloc(vm->host_failure, n + 1);
  if (m == NULL) return;
  memcpy(m, msg, n + 1);
  vm->host_failure = m;
}

value host_prim_call(Vm *vm, int prim, const value *args, int nargs) {
  const HostPrim *hp = &vm->host_prims[prim - PRIM_INDEX_COUNT];
  zvm_handle h[ZVM_MAX_HOST_ARITY];
  for (int i = 0; i < nargs; i++) {
    h[i] = vm_handle_make(vm, args[i]);
    if (h[i] == 0) {
      while (i-- > 0) zvm_release(vm, h[i]);
      caml_raise_out_of_memory(vm);
    }
  }
  free(vm->host_failure);
  vm->host_failure = NULL;
  /* (args may be stale from here: OCaml code the primitive calls can move
   * the stack. The handles hold the arguments.) */
  zvm_handle r = hp->fn(vm, nargs, h, hp->data);
  for (int i = 0; i < nargs; i++) zvm_release(vm, h[i]);
  if (r == 0) {
    char msg[256];
    if (vm->host_failure != NULL)
      snprintf(msg, sizeof msg, "%s", vm->host_failure);
    else
      snprintf(msg, sizeof msg, "%s: the host primitive failed", hp->name);
    free(vm->host_failure);
    vm->host_failure = NULL;
    caml_failwith(vm, msg);
  }
  value v = vm->handles[r - 1];
  zvm_release(vm, r);
  return v;
}

void host_prims_free(Vm *vm) {
  for (uint32_t i = 0; i < vm->n_host_prims; i++) free(vm->host_prims[i].name);
  free(vm->host_prims);
  free(vm->host_failure);
  vm->host_prims = NULL;
  vm->n_host_prims = vm->host_prims_cap = 0;
}
