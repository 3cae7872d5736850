/* Harness (d): loading with an allocator that fails at the k-th
 * allocation, k taken from the input (first two bytes), the rest being the
 * .zbc. Every error path must free everything: LeakSanitizer checks.
 *
 * The harness is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
 * so that every allocation zvm makes (reader, verifier, heap pages, large
 * blocks, global table, registry) goes through the counters below; they
 * are armed only around the load, so the fuzzer's own allocations are
 * never failed. (A static counter is fine here: it belongs to the harness,
 * not to zvm.) */
#include <stdio.h>
#include <stdlib.h>

#include "../../gc/gc.h"
#include "../../loader/load.h"
#include "../../vm/vm.h"
#include "fuzz.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before failing; -1: off */

static int should_fail(void) {
  if (countdown < 0) return 0;
  if (countdown == 0) return 1;
  countdown--;
  return 0;
}

void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return should_fail() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  long k = data[0] | (long)data[1] << 8;
  countdown = k;
  Vm *vm = vm_new();
  if (vm != NULL) {
    LoadError err;
    value seg;
    LoadStatus st = load_buffer(vm, "fuzz.zbc", data + 2, size - 2,
                                LOAD_NO_CHECKSUM | LOAD_NO_INIT | LOAD_PUBLIC, &seg, &err);
    if (st == LOAD_FAILED && err.msg[0] == 0) abort();
    countdown = -1;
    gc_collect(vm);
    vm_free(vm);
  }
  countdown = -1;
  return 0;
}
