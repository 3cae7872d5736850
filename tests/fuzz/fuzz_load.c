/* Harness (a): a .zbc from bytes, loaded and verified without running.
 *
 * Two passes per input: load_verify_buffer (read + verify + link checks),
 * then a full build (literals materialised, segment created, code patched
 * and threaded) without running the initialisation, followed by a
 * collection that frees it all. The checksum is skipped so that mutants
 * reach the deeper checks. The promise being checked: any bytes give a
 * module or a clear error, never a crash, UB, a leak, or unbounded memory.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../gc/gc.h"
#include "../../loader/load.h"
#include "../../vm/vm.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Vm *vm = vm_new();
  if (vm == NULL) return 0;
  LoadError err;
  if (load_verify_buffer(vm, "fuzz.zbc", data, size, LOAD_NO_CHECKSUM, &err) == LOAD_OK) {
    value seg;
    LoadStatus st = load_buffer(vm, "fuzz.zbc", data, size,
                                LOAD_NO_CHECKSUM | LOAD_NO_INIT | LOAD_PUBLIC, &seg, &err);
    if (st == LOAD_FAILED && err.msg[0] == 0) abort(); /* every failure has a message */
    gc_collect(vm);
    if (vm->segments_live != 0) abort(); /* nothing refers to it: it must be gone */
  } else if (err.msg[0] == 0) {
    abort();
  }
  vm_free(vm);
  return 0;
}
