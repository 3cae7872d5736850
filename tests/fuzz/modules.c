/* Modules for the inputs of the loading harnesses to import.
 *
 * Without them, every import an input needs fails ("module M is not
 * loaded, and there is no search path"), and the linker's import paths --
 * registry lookups, interface CRC checks, import slots in the segment --
 * are never reached. So before each input the harness loads these small
 * public modules, named as the seed corpus imports them: Prelude (what the
 * conformance programs import; no CRC, so it matches any), Lib (with the
 * CRC that tests/asm/user.zs expects of tests/asm/lib.cmi, so that both a
 * match and, after mutation, a mismatch are seen), and Stack, Io, Log.
 * Their initialisation code is trivial and trusted: they run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../asm/asm.h"
#include "../../loader/load.h"
#include "../../vm/vm.h"
#include "fuzz.h"

static const char *const listings[] = {
    ".module Prelude\n.crc none\n.noimports\n\tATOM0\n\tSETGLOBAL Prelude!\n",
    (".module Lib\n.crc 67b35aa2c298b37058d0fc249d7311ca\n.noimports\n"
     "\tCONST0\n\tPUSHCONST1\n\tMAKEBLOCK2 0\n\tSETGLOBAL Lib!\n"),
    ".module Stack\n.crc none\n.noimports\n\tATOM0\n\tSETGLOBAL Stack!\n",
    ".module Io\n.crc none\n.noimports\n\tATOM0\n\tSETGLOBAL Io!\n",
    ".module Log\n.crc none\n.noimports\n\tATOM0\n\tSETGLOBAL Log!\n",
};
#define N_MODULES (sizeof listings / sizeof listings[0])

/* The modules' .zbc bytes, assembled once (the harness's own cache). */
static uint8_t *bytes[N_MODULES];
static size_t lengths[N_MODULES];

bool fuzz_load_modules(Vm *vm) {
  for (size_t i = 0; i < N_MODULES; i++) {
    if (bytes[i] == NULL) {
      ZbcUnit *u;
      AsmOptions opts = {.no_cmi = true};
      if (!asm_assemble(NULL, listings[i], strlen(listings[i]), &opts, &u, stderr)) abort();
      bytes[i] = zbc_write(u, &lengths[i]);
      zbc_unit_free(u);
      if (bytes[i] == NULL) return false;
    }
    LoadError err;
    value v;
    if (load_buffer(vm, "module.zbc", bytes[i], lengths[i], LOAD_PUBLIC | LOAD_PINNED, &v, &err) !=
        LOAD_OK)
      return false; /* memory short */
  }
  return true;
}
