/* Harness (c): disassemble whatever loads.
 *
 * Any bytes that zbc_read accepts (checksum skipped, so that mutants get
 * past it) are printed with dis_print, and the text must assemble back to
 * the same .zbc bytes (asm.h). This fuzzes the disassembler's fallbacks
 * (`.word`, `.lit`, `.symbol`, numeric jump targets) on units no listing
 * would produce, and the reader and writer against each other: the bytes
 * zbc_write gives for the unit must be the input itself, checksum apart,
 * since a file has one meaning and the writer and reader mirror each other
 * (docs/zbc-format.md). Memory stays within a small multiple of the
 * input's size, all three steps included (memory.c). Each abort() is a
 * broken promise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../asm/asm.h"
#include "fuzz.h"

/* zbc_write(u) must give back [data] but for the last 4 bytes (the
 * checksum, not checked here). */
static void check_canonical(const ZbcUnit *u, const uint8_t *data, size_t size) {
  size_t n;
  uint8_t *bytes = zbc_write(u, &n);
  if (bytes == NULL) return; /* memory short */
  if (n != size || memcmp(bytes, data, size - 4) != 0) {
    size_t at = 0;
    while (at < n && at < size && bytes[at] == data[at]) at++;
    fprintf(stderr, "zbc_write(zbc_read(x)) != x: %zu bytes read, %zu written, first difference at byte %zu\n",
            size, n, at);
    abort();
  }
  free(bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ZbcUnit *u;
  ZbcError err;
  fuzz_memory_begin();
  if (!zbc_read(data, size, &u, &err, false)) {
    if (u != NULL || err.msg[0] == 0) abort(); /* refused: nothing kept, a reason given */
    fuzz_memory_end(size, "dis");
    return 0;
  }
  check_canonical(u, data, size);
  AsmOptions opts = {.no_cmi = true};
  fuzz_check_round_trip(u, &opts);
  zbc_unit_free(u);
  fuzz_memory_end(size, "dis"); /* reading, printing and assembling again */
  return 0;
}

/* Mutate within sections, keeping lengths right (zbc_mutator.c). */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed) {
  return zbc_mutate(data, size, max_size, seed);
}
