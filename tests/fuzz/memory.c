/* "No input makes zvm allocate more than a small multiple of its own
 * size" (docs/zbc-format.md), checked on every input: the sanitizer
 * allocator's hooks keep the bytes live at once, and fuzz_memory_end
 * aborts if an input of n bytes made zvm hold more than
 * FUZZ_MEMORY_FACTOR * n + FUZZ_MEMORY_BASE bytes at some point.
 *
 * The hooks are weak: without a sanitizer runtime (a plain build) nothing
 * is measured. The counters are the harness's own state, not zvm's. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

void __sanitizer_install_malloc_and_free_hooks(void (*on_malloc)(const volatile void *, size_t),
                                               void (*on_free)(const volatile void *))
    __attribute__((weak));
size_t __sanitizer_get_allocated_size(const volatile void *p) __attribute__((weak));

static atomic_llong live;  /* bytes allocated minus bytes freed, since the hooks went in */
static atomic_llong peak;  /* the most [live] has been since fuzz_memory_begin */
static long long start;    /* [live] at fuzz_memory_begin */
static int installed;

static void on_malloc(const volatile void *p, size_t n) {
  (void)p;
  long long now = atomic_fetch_add(&live, (long long)n) + (long long)n;
  long long old = atomic_load(&peak);
  while (now > old && !atomic_compare_exchange_weak(&peak, &old, now)) {
  }
}

static void on_free(const volatile void *p) {
  /* Called before the block is released, so its size is still known. */
  if (p != NULL) atomic_fetch_sub(&live, (long long)__sanitizer_get_allocated_size(p));
}

void fuzz_memory_begin(void) {
  if (!installed && __sanitizer_install_malloc_and_free_hooks != NULL &&
      __sanitizer_get_allocated_size != NULL) {
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
    installed = 1;
  }
  start = atomic_load(&live);
  atomic_store(&peak, start);
}

size_t fuzz_memory_end(size_t input_size, const char *what) {
  if (!installed) return 0;
  long long used = atomic_load(&peak) - start;
  if (used < 0) used = 0;
  long long limit = (long long)FUZZ_MEMORY_FACTOR * (long long)input_size + FUZZ_MEMORY_BASE;
  static int report = -1; /* FUZZ_MEMORY_REPORT=1: print every peak, to calibrate */
  if (report < 0) report = getenv("FUZZ_MEMORY_REPORT") != NULL;
  if (report) fprintf(stderr, "memory: %s %zu bytes in, peak %lld bytes\n", what, input_size, used);
  if (used > limit) {
    fprintf(stderr,
            "%s: an input of %zu bytes made zvm hold %lld bytes at once "
            "(more than %d * size + %d)\n",
            what, input_size, used, FUZZ_MEMORY_FACTOR, FUZZ_MEMORY_BASE);
    abort();
  }
  return (size_t)used;
}
