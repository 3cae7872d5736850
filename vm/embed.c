/* The embedding API (zvm.h) over the VM's internals. */
#include "zvm.h"

#include <stdlib.h>
#include <string.h>

#include "../loader/load.h"
#include "../loader/segment.h"
#include "alloc.h"
#include "fail.h"
#include "interp.h"
#include "vm.h"

/* ---- Handles: a table of roots with a free list ----------------------- */

/* Handle h is vm->handles[h - 1], in use when vm->handles_in_use[h - 1].
 * A free entry holds Val_long(next free handle): an integer, so the root
 * scan (vm/roots.c) can walk the whole table without looking at the
 * bitmap. */
zvm_handle vm_handle_make(Vm *vm, value v) {
  uint32_t h;
  if (vm->free_handle != 0) {
    h = vm->free_handle;
    vm->free_handle = (uint32_t)Long_val(vm->handles[h - 1]);
  } else {
    if (vm->n_handles == vm->handles_cap) {
      uint32_t cap = vm->handles_cap ? vm->handles_cap * 2 : 16;
      value *t = realloc(vm->handles, cap * sizeof *t);
      if (t == NULL) return 0;
      vm->handles = t;
      uint8_t *u = realloc(vm->handles_in_use, cap);
      if (u == NULL) return 0;
      vm->handles_in_use = u;
      vm->handles_cap = cap;
    }
    h = ++vm->n_handles;
  }
  vm->handles[h - 1] = v;
  vm->handles_in_use[h - 1] = 1;
  vm->handles_live++;
  return h;
}

static bool handle_ok(Vm *vm, zvm_handle h) {
  return h >= 1 && h <= vm->n_handles && vm->handles_in_use[h - 1];
}

static value handle_get(Vm *vm, zvm_handle h) { return vm->handles[h - 1]; }

void zvm_release(zvm_vm *vm, zvm_handle h) {
  if (!handle_ok(vm, h)) return;
  vm->handles_in_use[h - 1] = 0;
  vm->handles[h - 1] = Val_long(vm->free_handle);
  vm->free_handle = h;
  vm->handles_live--;
}

/* ---- Errors ----------------------------------------------------------- */

static void set_error(Vm *vm, const char *msg) {
  size_t n = strlen(msg);
  char *e = realloc(vm->last_error, n + 1);
  if (e == NULL) return;
  memcpy(e, msg, n + 1);
  vm->last_error = e;
}

const char *zvm_last_error(zvm_vm *vm) { return vm->last_error ? vm->last_error : ""; }

int zvm_exit_code(zvm_vm *vm) { return vm->exit_code; }

static zvm_status exception_status(Vm *vm, value res) {
  if (vm->exiting) {
    set_error(vm, "exit");
    return ZVM_EXIT;
  }
  char *msg = caml_format_exception(vm, Extract_exception(res));
  set_error(vm, msg ? msg : "exception");
  free(msg);
  return ZVM_EXCEPTION;
}

/* ---- VMs ---------------------------------------------------------------- */

zvm_vm *zvm_new(void) {
  Vm *vm = vm_new();
  if (vm != NULL && !vm_read_params(vm)) {
    vm_free(vm);
    return NULL;
  }
  return vm;
}

void zvm_free(zvm_vm *vm) { vm_free(vm); }

int zvm_add_search_path(zvm_vm *vm, const char *dir) { return vm_add_search_path(vm, dir); }

static unsigned load_flags(int flags) {
  return ((flags & ZVM_PINNED) ? LOAD_PINNED : 0) | ((flags & ZVM_PUBLIC) ? LOAD_PUBLIC : 0);
}

static zvm_status finish_load(Vm *vm, LoadStatus st, value res, const LoadError *err,
                              zvm_handle *module) {
  *module = 0;
  if (vm->exiting) return exception_status(vm, res);
  if (st == LOAD_FAILED) {
    set_error(vm, err->msg);
    return ZVM_ERROR;
  }
  if (st == LOAD_RAISED) return exception_status(vm, res);
  *module = vm_handle_make(vm, res);
  if (*module == 0) {
    set_error(vm, "out of memory");
    return ZVM_ERROR;
  }
  return ZVM_OK;
}

zvm_status zvm_load_file(zvm_vm *vm, const char *path, int flags, zvm_handle *module) {
  LoadError err;
  value res = Val_unit;
  LoadStatus st = load_file(vm, path, load_flags(flags), &res, &err);
  return finish_load(vm, st, res, &err, module);
}

zvm_status zvm_load_buffer(zvm_vm *vm, const char *name, const void *data, size_t len,
                           int flags, zvm_handle *module) {
  LoadError err;
  value res = Val_unit;
  LoadStatus st = load_buffer(vm, name, data, len, load_flags(flags), &res, &err);
  return finish_load(vm, st, res, &err, module);
}

zvm_status zvm_call(zvm_vm *vm, zvm_handle closure, int nargs, const zvm_handle *args,
                    zvm_handle *result) {
  *result = 0;
  if (vm->exiting) {
    set_error(vm, "the program has exited");
    return ZVM_EXIT;
  }
  if (!handle_ok(vm, closure) || nargs < 1 || nargs > 1024) {
    set_error(vm, "zvm_call: bad closure handle or argument count");
    return ZVM_ERROR;
  }
  value f = handle_get(vm, closure);
  if (Is_long(f) || (Tag_val(f) != Closure_tag && Tag_val(f) != Infix_tag)) {
    set_error(vm, "zvm_call: not a closure");
    return ZVM_ERROR;
  }
  value argv[1024];
  for (int i = 0; i < nargs; i++) {
    if (!handle_ok(vm, args[i])) {
      set_error(vm, "zvm_call: bad argument handle");
      return ZVM_ERROR;
    }
    argv[i] = handle_get(vm, args[i]);
  }
  value res = vm_callbackN_exn(vm, f, nargs, argv);
  if (Is_exception_result(res)) return exception_status(vm, res);
  *result = vm_handle_make(vm, res);
  if (*result == 0) {
    set_error(vm, "out of memory");
    return ZVM_ERROR;
  }
  return ZVM_OK;
}

/* ---- Values ------------------------------------------------------------- */

zvm_handle zvm_of_int(zvm_vm *vm, intptr_t n) { return vm_handle_make(vm, Val_long(n)); }

zvm_handle zvm_of_string(zvm_vm *vm, const char *s, size_t len) {
  value v = caml_try_alloc_initialized_string(vm, len, s);
  return v == 0 ? 0 : vm_handle_make(vm, v);
}

zvm_handle zvm_of_float(zvm_vm *vm, double d) {
  value v = caml_try_copy_double(vm, d);
  return v == 0 ? 0 : vm_handle_make(vm, v);
}

zvm_handle zvm_field(zvm_vm *vm, zvm_handle h, size_t i) {
  if (!handle_ok(vm, h)) return 0;
  value v = handle_get(vm, h);
  if (Is_long(v) || Tag_val(v) >= No_scan_tag || i >= Wosize_val(v)) return 0;
  return vm_handle_make(vm, Field(v, i));
}

zvm_handle zvm_dup(zvm_vm *vm, zvm_handle h) {
  return handle_ok(vm, h) ? vm_handle_make(vm, handle_get(vm, h)) : 0;
}

int zvm_is_int(zvm_vm *vm, zvm_handle h) { return handle_ok(vm, h) && Is_long(handle_get(vm, h)); }

intptr_t zvm_to_int(zvm_vm *vm, zvm_handle h) {
  return handle_ok(vm, h) && Is_long(handle_get(vm, h)) ? Long_val(handle_get(vm, h)) : 0;
}

double zvm_to_float(zvm_vm *vm, zvm_handle h) {
  if (!handle_ok(vm, h)) return 0.0;
  value v = handle_get(vm, h);
  return Is_block(v) && Tag_val(v) == Double_tag ? Double_val(v) : 0.0;
}

const char *zvm_to_string(zvm_vm *vm, zvm_handle h, size_t *len) {
  if (!handle_ok(vm, h)) return NULL;
  value v = handle_get(vm, h);
  if (Is_long(v) || Tag_val(v) != String_tag) return NULL;
  if (len != NULL) *len = caml_string_length(v);
  return String_val(v);
}

size_t zvm_size(zvm_vm *vm, zvm_handle h) {
  if (!handle_ok(vm, h)) return 0;
  value v = handle_get(vm, h);
  return Is_long(v) ? 0 : Wosize_val(v);
}

void zvm_gc(zvm_vm *vm) { gc_collect(vm); }

void zvm_get_stats(zvm_vm *vm, zvm_stats *s) {
  const GcStats *g = &vm->heap.stats;
  s->gc_collections = g->collections;
  s->words_allocated = gc_words_allocated(vm);
  s->heap_words = g->heap_words;
  s->heap_words_live = g->live_words;
  s->heap_words_peak = g->heap_words_peak;
  s->segments_loaded = vm->segments_loaded;
  s->segments_freed = vm->segments_freed;
  s->segments_live = vm->segments_live;
  s->global_slots_live = vm->slots_live;
  s->global_slots_peak = vm->slots_peak;
  s->modules_registered = registry_count(vm);
  s->handles_live = vm->handles_live;
  s->load_cache_hits = vm->load_cache_hits;
}
