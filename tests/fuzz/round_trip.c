/* The disassembler's promise, checked by harnesses (b) and (c): the text
 * dis_print makes of a unit assembles back to the same .zbc bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../asm/asm.h"
#include "fuzz.h"

/* Print what went wrong (the start of the text: enough to read, not a
 * megabyte of log) and abort, which the fuzzer reports as a crash. */
static void fail(const char *why, const char *text, size_t len, const char *errors) {
  fprintf(stderr, "round trip: %s\n--- dis_print output%s:\n%.*s\n", why,
          len > 4000 ? " (first 4000 bytes)" : "", (int)(len > 4000 ? 4000 : len), text);
  if (errors != NULL) fprintf(stderr, "--- assembler errors:\n%s", errors);
  abort();
}

void fuzz_check_round_trip(const ZbcUnit *u, const AsmOptions *opts) {
  size_t n1;
  uint8_t *b1 = zbc_write(u, &n1);
  if (b1 == NULL) return; /* memory short: nothing to compare */

  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (f == NULL) {
    free(b1);
    return;
  }
  bool printed = dis_print(u, f);
  fclose(f);
  if (!printed) fail("dis_print failed", text, len, NULL);

  char *errors = NULL;
  size_t errors_len = 0;
  FILE *ef = open_memstream(&errors, &errors_len);
  if (ef == NULL) {
    free(b1);
    free(text);
    return;
  }
  ZbcUnit *v = NULL;
  bool ok = asm_assemble(NULL, text, len, opts, &v, ef);
  fclose(ef);
  if (!ok) fail("the output does not assemble", text, len, errors);

  size_t n2;
  uint8_t *b2 = zbc_write(v, &n2);
  if (b2 != NULL && (n1 != n2 || memcmp(b1, b2, n1) != 0)) {
    size_t at = 0;
    while (at < n1 && at < n2 && b1[at] == b2[at]) at++;
    fprintf(stderr, "round trip: %zu bytes became %zu, first difference at byte %zu\n", n1, n2, at);
    fail("the output assembles to other bytes", text, len, errors);
  }
  free(b1);
  free(b2);
  free(text);
  free(errors);
  zbc_unit_free(v);
}
