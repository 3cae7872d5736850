/* The zvm command line. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "opcodes.h"

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "opcodes") == 0) {
    opcodes_print_markdown(stdout);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    printf("zvm %s\n", ZVM_VERSION);
    return 0;
  }
  fprintf(stderr, "usage: zvm opcodes\n");
  return 1;
}
