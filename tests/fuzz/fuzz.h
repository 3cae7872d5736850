/* Shared by the fuzz harnesses: each is a LLVMFuzzerTestOneInput, built
 * three ways (docs/fuzzing.md): with libFuzzer (-fsanitize=fuzzer), with
 * AFL++ (afl-clang-fast -fsanitize=fuzzer), and with replay.c as a plain
 * program that runs saved inputs, which `make test` does for every file in
 * tests/fuzz/regressions/ and the seed corpus. */
#ifndef ZVM_FUZZ_H
#define ZVM_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Optional (libFuzzer calls it once before the first input if a harness
 * defines it; so does replay.c). */
int LLVMFuzzerInitialize(int *argc, char ***argv);

struct ZbcUnit;
struct AsmOptions;
struct Vm;

/* modules.c: load the small public modules that seed inputs import
 * (Prelude, Lib, ...) into [vm]; false if memory is short. */
bool fuzz_load_modules(struct Vm *vm);

/* round_trip.c: dis_print [u], assemble the text again with [opts], and
 * abort() unless the result is zbc_write(u) byte for byte (asm.h promises
 * it for every unit zbc_read accepts). */
void fuzz_check_round_trip(const struct ZbcUnit *u, const struct AsmOptions *opts);

/* zbc_mutator.c: libFuzzer's custom mutator for .zbc inputs: mutates
 * one section's payload and rewrites the lengths and the checksum. */
size_t zbc_mutate(uint8_t *data, size_t size, size_t max_size, unsigned seed);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed);

/* memory.c: the bytes zvm may hold at once while handling an input of n
 * bytes are at most FUZZ_MEMORY_FACTOR * n + FUZZ_MEMORY_BASE (the base
 * covers what any input needs: the heap's first pages, a stack, tables).
 * fuzz_memory_begin starts a measurement; fuzz_memory_end aborts if the
 * peak since then went over, and returns it. Measured only when a
 * sanitizer runtime is linked in. */
#define FUZZ_MEMORY_FACTOR 64
#define FUZZ_MEMORY_BASE (4 << 20)
void fuzz_memory_begin(void);
size_t fuzz_memory_end(size_t input_size, const char *what);

#endif
