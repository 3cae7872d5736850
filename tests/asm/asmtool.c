/* A small driver for tests/asm/check_opcodes.sh (the zvm CLI is not
 * needed): `asmtool FILE.zs` assembles a listing and prints `zvm dis`'s
 * output on stdout, errors on stderr. */
#include <stdio.h>

#include "../../asm/asm.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: asmtool FILE.zs\n");
    return 2;
  }
  ZbcUnit *u;
  if (!asm_assemble_file(argv[1], NULL, &u, stderr)) return 1;
  bool ok = dis_print(u, stdout);
  zbc_unit_free(u);
  return ok ? 0 : 1;
}
