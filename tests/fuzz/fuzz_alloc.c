/* Harness (d): loading with an allocator that fails at the k-th
 * allocation, k taken from the input (first two bytes, little-endian), the
 * rest being the .zbc. Every error path must free everything (LeakSanitizer
 * checks) and say what went wrong.
 *
 * The harness is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
 * so that every allocation zvm makes (reader, verifier, heap pages, large
 * blocks, global table, registry) goes through the counters below; they
 * are armed only around vm_new and the load, so the fuzzer's own
 * allocations are never failed. From the k-th allocation on, every one
 * fails: code that tries again after a failure must give up too. (Static
 * counters are fine here: they belong to the harness, not to zvm.)
 *
 * Sweep mode, for replaying a corpus of plain .zbc files (docs/fuzzing.md):
 * with FUZZ_ALLOC_SWEEP=1 in the environment, an input is a .zbc without
 * the two k bytes, loaded once to count its allocations n, then once for
 * every k in 0..n-1 (allocation k and the later ones failing).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../gc/gc.h"
#include "../../loader/load.h"
#include "../../vm/vm.h"
#include "fuzz.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before failing; -1: off */
static long allocations;    /* allocations seen while armed */
static int sweep;           /* FUZZ_ALLOC_SWEEP */

static int should_fail(void) {
  if (countdown < 0) return 0;
  allocations++;
  if (countdown == 0) return 1;
  countdown--;
  return 0;
}

void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return should_fail() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) {
  /* realloc(p, 0) frees: failing it would be no failure at all. */
  if (n == 0) return __real_realloc(p, n);
  return should_fail() ? NULL : __real_realloc(p, n);
}

/* Load [data] with allocation [k] (counting from 0) and every later one
 * failing; k = LONG_MAX fails none. Returns the number of allocations the
 * attempt made. */
static long load_failing_at(long k, const uint8_t *data, size_t size) {
  countdown = k;
  allocations = 0;
  Vm *vm = vm_new();
  if (vm != NULL) {
    /* The modules inputs import (modules.c) load with the counter paused:
     * they are the setting, not the test. */
    long paused = countdown;
    countdown = -1;
    if (!fuzz_load_modules(vm)) abort();
    countdown = paused;
    uint64_t segments_before = vm->segments_live;
    LoadError err;
    value seg;
    LoadStatus st = load_buffer(vm, "fuzz.zbc", data, size,
                                LOAD_NO_CHECKSUM | LOAD_NO_INIT | LOAD_PUBLIC, &seg, &err);
    countdown = -1;
    if (st == LOAD_FAILED && err.msg[0] == 0) abort(); /* every failure says why */
    if (st == LOAD_RAISED) abort();                     /* nothing runs */
    gc_collect(vm);
    if (vm->segments_live != segments_before) abort(); /* nothing refers to the new one */
    vm_free(vm);
  }
  countdown = -1;
  return allocations;
}

static long swept_inputs, swept_loads; /* sweep mode's tally, printed at exit */

static void report_sweep(void) {
  fprintf(stderr, "fuzz_alloc sweep: %ld inputs, %ld loads, each with one allocation failing\n",
          swept_inputs, swept_loads);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  const char *s = getenv("FUZZ_ALLOC_SWEEP");
  sweep = s != NULL && strcmp(s, "0") != 0;
  if (sweep) atexit(report_sweep);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (sweep) {
    long n = load_failing_at(LONG_MAX, data, size);
    for (long k = 0; k < n; k++) load_failing_at(k, data, size);
    swept_inputs++;
    swept_loads += n;
    return 0;
  }
  if (size < 2) return 0;
  load_failing_at(data[0] | (long)data[1] << 8, data + 2, size - 2);
  return 0;
}

/* Mutate k one time in eight, else the .zbc after it, within its sections
 * (zbc_mutator.c). */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed) {
  if (size < 2 || max_size < 2) return zbc_mutate(data, size, max_size, seed);
  if (seed % 8 == 0) {
    unsigned k = (seed >> 3) % 1024; /* loads of the seed corpus make a few hundred */
    data[0] = (uint8_t)k;
    data[1] = (uint8_t)(k >> 8);
    return size;
  }
  return 2 + zbc_mutate(data + 2, size - 2, max_size - 2, seed);
}
