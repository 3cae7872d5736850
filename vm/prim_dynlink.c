/* Dynamic loading from OCaml code: zvm's own primitives.
 *
 *   external loadfile : string -> 'a = "zvm_dynlink_loadfile"
 *   external loadfile_private : string -> 'a = "zvm_dynlink_loadfile_private"
 *   external live_segments : unit -> int = "zvm_gc_live_segments"
 *   external counters : unit -> int array = "zvm_gc_counters"
 *
 * Both loads return the module's value (its fields in declaration order,
 * readable as a record) and load the module as collectable: its closures
 * carry its segment, which the collector frees once nothing can run its
 * code. A public load registers the module by name (so later modules can
 * import it) for as long as it lives; a private one never does, so the
 * same file can be loaded any number of times. Any load, link or verify
 * error raises Failure "<file>: <reason>"; an exception raised by the
 * module's initialisation propagates as is.
 */
#include <stdlib.h>
#include <string.h>

#include "../loader/load.h"
#include "../loader/segment.h"
#include "alloc.h"
#include "fail.h"
#include "vm.h"

static value dynload(Vm *vm, value path, unsigned flags) {
  mlsize_t len = caml_string_length(path);
  if (memchr(String_val(path), 0, len) != NULL)
    caml_invalid_argument(vm, "zvm_dynlink_loadfile: file name contains a NUL byte");
  /* Copy the name: running the module's initialisation may move the stack
   * that holds [path]. */
  char *file = malloc(len + 1);
  if (file == NULL) caml_raise_out_of_memory(vm);
  memcpy(file, String_val(path), len + 1);
  value res = Val_unit;
  LoadError err;
  LoadStatus st = load_file(vm, file, flags, &res, &err);
  free(file);
  if (st == LOAD_FAILED) caml_failwith(vm, err.msg);
  if (st == LOAD_RAISED) caml_raise(vm, Extract_exception(res));
  return res;
}

value zvm_dynlink_loadfile(Vm *vm, value path) { return dynload(vm, path, LOAD_PUBLIC); }

value zvm_dynlink_loadfile_private(Vm *vm, value path) { return dynload(vm, path, 0); }

value zvm_gc_live_segments(Vm *vm, value unit) {
  (void)unit;
  return Val_long((intnat)vm->segments_live);
}

/* [| segments_live; global_slots_live; modules_registered;
 *    heap_words_live (as of the last collection) |]: what a test needs to
 * check that a failed or dropped load left nothing behind. */
value zvm_gc_counters(Vm *vm, value unit) {
  (void)unit;
  value a = caml_alloc(vm, 4, 0);
  Field(a, 0) = Val_long((intnat)vm->segments_live);
  Field(a, 1) = Val_long((intnat)vm->slots_live);
  Field(a, 2) = Val_long((intnat)registry_count(vm));
  Field(a, 3) = Val_long((intnat)vm->heap.stats.live_words);
  return a;
}
