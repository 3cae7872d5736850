/* Shared by the fuzz harnesses: each is a LLVMFuzzerTestOneInput, built
 * three ways (docs/fuzzing.md): with libFuzzer (-fsanitize=fuzzer), with
 * AFL++ (afl-clang-fast -fsanitize=fuzzer), and with replay.c as a plain
 * program that runs saved inputs, which `make test` does for every file in
 * tests/fuzz/regressions/. */
#ifndef ZVM_FUZZ_H
#define ZVM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
