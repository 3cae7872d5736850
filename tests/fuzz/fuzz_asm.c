/* Harness (b): any bytes, assembled as a listing.
 *
 * The promise (asm.h): any bytes give a well-formed unit or error lines,
 * never a crash, UB, a leak, recursion on the input or unbounded memory.
 * Each abort() below is one clause of that promise that the sanitizers
 * cannot see by themselves:
 *   - a failure prints at least one `...: error: ...` line;
 *   - a unit the assembler returns is well formed (zbc_check: exactly what
 *     zbc_read accepts);
 *   - dis_print of that unit assembles again, to the same .zbc bytes;
 *   - the assembler's memory stays within a small multiple of the
 *     listing's size (memory.c).
 * No .cmi is read (the file name is NULL and no_cmi is set), so the result
 * depends on the bytes alone. The length's parity switches debug_lines on
 * or off, so both ways of recording lines are fuzzed without spending an
 * input byte on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../asm/asm.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_memory_begin();
  AsmOptions opts = {.no_cmi = true, .debug_lines = size % 2 == 1};
  char *errors = NULL;
  size_t errors_len = 0;
  FILE *ef = open_memstream(&errors, &errors_len);
  if (ef == NULL) return 0;
  ZbcUnit *u = NULL;
  bool ok = asm_assemble(NULL, (const char *)data, size, &opts, &u, ef);
  fclose(ef);
  if (!ok) {
    if (u != NULL || strstr(errors, "error: ") == NULL) {
      fprintf(stderr, "assembly failed without an error message\n");
      abort();
    }
    free(errors);
    fuzz_memory_end(size, "asm");
    return 0;
  }
  free(errors);
  fuzz_memory_end(size, "asm");

  ZbcError zerr;
  if (!zbc_check(u, &zerr)) {
    fprintf(stderr, "the assembler made a unit zbc_read refuses: %s\n", zerr.msg);
    abort();
  }
  fuzz_check_round_trip(u, &opts);
  zbc_unit_free(u);
  return 0;
}
