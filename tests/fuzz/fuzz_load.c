/* Harness (a): a .zbc from bytes, loaded and verified without running.
 *
 * Two passes per input: load_verify_buffer (read + verify + link checks,
 * what `zvm verify` does), then load_buffer, the full build (literals
 * materialised, segment created, code patched and threaded) without
 * running the initialisation, followed by a collection that must free it
 * all. The checksum is skipped so that mutants reach the deeper checks.
 * The promise being checked: any bytes give a module or a clear error,
 * never a crash, UB, a leak, or unbounded memory. The sanitizers see
 * crashes, UB and leaks; each abort() below asserts the rest:
 *   - every failure has a message;
 *   - verifying and loading agree (`zvm verify` accepts exactly what the
 *     loader loads: neither runs anything, neither has a search path; the
 *     load is private, as a public one would clash with a module of the
 *     same name in modules.c, which `zvm verify` does not look for);
 *   - a loaded module that nothing refers to is freed by one collection,
 *     and gives back its global slots;
 *   - memory stays within a small multiple of the input's size (memory.c).
 * The stored checksum is not compared, so its last byte is free to choose
 * the load mode: bit 0 set loads the module pinned (LOAD_PINNED, as the
 * main program: CLOSURE stays CLOSURE), clear loads it collectable (CLOSURE
 * rewritten to CLOSUREDYN), so both verifier modes are fuzzed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../gc/gc.h"
#include "../../loader/load.h"
#include "../../vm/vm.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_memory_begin();
  Vm *vm = vm_new();
  if (vm == NULL) return 0;
  if (!fuzz_load_modules(vm)) abort(); /* nothing fails memory here */
  unsigned pin = size > 0 && (data[size - 1] & 1) ? LOAD_PINNED : 0;
  uint32_t slots_before = vm->slots_live;
  uint64_t segments_before = vm->segments_live;
  LoadError verr, lerr;
  LoadStatus vst = load_verify_buffer(vm, "fuzz.zbc", data, size, LOAD_NO_CHECKSUM | pin, &verr);
  if (vst == LOAD_FAILED && verr.msg[0] == 0) abort();

  value seg;
  LoadStatus lst = load_buffer(vm, "fuzz.zbc", data, size,
                               LOAD_NO_CHECKSUM | LOAD_NO_INIT | pin, &seg, &lerr);
  if (lst == LOAD_FAILED && lerr.msg[0] == 0) abort();
  if (lst == LOAD_RAISED) abort(); /* nothing runs: nothing can raise */
  if ((vst == LOAD_OK) != (lst == LOAD_OK)) {
    fprintf(stderr, "verify and load disagree:\n  verify: %s\n  load:   %s\n",
            vst == LOAD_OK ? "ok" : verr.msg, lst == LOAD_OK ? "ok" : lerr.msg);
    abort();
  }
  if (!pin) {
    /* A pinned segment is a root for good; a collectable one that nothing
     * refers to must go at the next collection, slots and all. */
    gc_collect(vm);
    if (vm->segments_live != segments_before || vm->slots_live != slots_before) {
      fprintf(stderr, "after a collection: %llu segments, %u slots live (%llu, %u before)\n",
              (unsigned long long)vm->segments_live, vm->slots_live,
              (unsigned long long)segments_before, slots_before);
      abort();
    }
  }
  vm_free(vm);
  fuzz_memory_end(size, "load");
  return 0;
}

/* Mutate within sections, keeping lengths right (zbc_mutator.c). */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed) {
  return zbc_mutate(data, size, max_size, seed);
}
