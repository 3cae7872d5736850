# Fuzzing zvm's loader, verifier, assembler and disassembler
# (docs/fuzzing.md). Included from the Makefile (`include tests/fuzz/fuzz.mk`);
# it uses the Makefile's BUILD (where the zvm that makes the corpus is) and CC.
#
#   make fuzz           build with clang + libFuzzer, make the seed corpus,
#                       run each harness FUZZ_SECONDS (default 60) with
#                       FUZZ_JOBS processes; crashes are minimised into
#                       tests/fuzz/regressions/<harness>/ and fail the target
#   make fuzz-build     only build the libFuzzer binaries (build/fuzz/libfuzzer/)
#   make fuzz-corpus    (re)generate tests/fuzz/corpus/<harness>/ (gitignored)
#   make fuzz-replay    replay tests/fuzz/regressions/ and the seed corpus
#                       through the harnesses built with ASan+UBSan (clang if
#                       it links them, else $(CC)); no libFuzzer needed;
#                       part of `make test`
#   make fuzz-sweep     fuzz_alloc over every .zbc of the corpus, failing
#                       each allocation of each load in turn (LeakSanitizer)
#   make fuzz-afl-build the harnesses for AFL++ (build/fuzz/afl/)
#
# The harnesses: load (a), asm (b), dis (c), alloc (d); see the comment at
# the top of each tests/fuzz/fuzz_<harness>.c. The library is compiled
# again for each flavour, with the sanitizers (and, for libFuzzer, coverage
# instrumentation), under build/fuzz/, never into the normal build.

FUZZ_CC ?= clang
# The replay build prefers clang too, when it can link with the sanitizers
# (clang's UBSan also catches offsets added to NULL; gcc's does not). The
# test runs once, when first needed.
ifeq ($(origin FUZZ_REPLAY_CC),undefined)
FUZZ_REPLAY_CC = $(eval FUZZ_REPLAY_CC := $(shell \
  echo 'int main(void) { return 0; }' | clang -x c -fsanitize=address,undefined -o /dev/null - \
  >/dev/null 2>&1 && echo clang || echo $(CC)))$(FUZZ_REPLAY_CC)
endif
FUZZ_AFL_CC ?= afl-clang-fast
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
FUZZ_HARNESSES = load asm dis alloc

FUZZ_OUT = build/fuzz
FUZZ_CORPUS = tests/fuzz/corpus
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -O1 -g \
  -fno-omit-frame-pointer $(FUZZ_SANITIZE)
FUZZ_LIB_SRCS = $(filter-out vm/main.c $(LIB_EXCLUDE),$(wildcard vm/*.c gc/*.c loader/*.c asm/*.c))
# fuzz_alloc sees every allocation zvm makes through its own wrappers.
FUZZ_LDFLAGS_alloc = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc

# ---- Three flavours of the same harnesses -----------------------------------
#
#   libfuzzer  clang -fsanitize=fuzzer: coverage-guided fuzzing
#   replay     clang (or $(CC)) + replay.c: runs saved inputs, for `make test`
#   afl        afl-clang-fast -fsanitize=fuzzer: AFL++'s libFuzzer driver

FUZZ_LF = $(FUZZ_OUT)/libfuzzer
FUZZ_RP = $(FUZZ_OUT)/replay
FUZZ_AFL = $(FUZZ_OUT)/afl

# Coverage instrumentation guides libFuzzer. The collector (gc/) is left
# out: it is not what the harnesses fuzz, its loops over every cell of the
# heap cost a third of the time once instrumented, and its coverage follows
# the heap's layout rather than the input. (Still under ASan and UBSan.)
FUZZ_COVERAGE = -fsanitize=fuzzer-no-link
$(patsubst %.c,$(FUZZ_LF)/%.o,$(filter gc/%,$(FUZZ_LIB_SRCS))): FUZZ_COVERAGE =

$(FUZZ_LF)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_COVERAGE) -MMD -MP -c $< -o $@

$(FUZZ_RP)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_REPLAY_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_AFL)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_AFL_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

# The objects of one flavour (directory $(1)): the library, and the
# harnesses with their shared helpers.
fuzz_lib_objs = $(addprefix $(1)/,$(FUZZ_LIB_SRCS:.c=.o))
FUZZ_HELPERS = tests/fuzz/round_trip.o tests/fuzz/memory.o tests/fuzz/modules.o \
  tests/fuzz/zbc_mutator.o
fuzz_harness_objs = $(addprefix $(1)/,$(FUZZ_HELPERS) tests/fuzz/replay.o \
  $(FUZZ_HARNESSES:%=tests/fuzz/fuzz_%.o))

$(FUZZ_LF)/libzvm.a: $(call fuzz_lib_objs,$(FUZZ_LF))
$(FUZZ_RP)/libzvm.a: $(call fuzz_lib_objs,$(FUZZ_RP))
$(FUZZ_AFL)/libzvm.a: $(call fuzz_lib_objs,$(FUZZ_AFL))
$(FUZZ_OUT)/%/libzvm.a:
	rm -f $@
	ar rcs $@ $^

$(FUZZ_LF)/fuzz_%: $(FUZZ_LF)/tests/fuzz/fuzz_%.o $(FUZZ_HELPERS:%=$(FUZZ_LF)/%) $(FUZZ_LF)/libzvm.a
	$(FUZZ_CC) $(FUZZ_SANITIZE) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LDFLAGS_$*) -lm

$(FUZZ_RP)/fuzz_%: $(FUZZ_RP)/tests/fuzz/fuzz_%.o $(FUZZ_RP)/tests/fuzz/replay.o \
    $(FUZZ_HELPERS:%=$(FUZZ_RP)/%) $(FUZZ_RP)/libzvm.a
	$(FUZZ_REPLAY_CC) $(FUZZ_SANITIZE) -o $@ $^ $(FUZZ_LDFLAGS_$*) -lm

$(FUZZ_AFL)/fuzz_%: $(FUZZ_AFL)/tests/fuzz/fuzz_%.o $(FUZZ_HELPERS:%=$(FUZZ_AFL)/%) $(FUZZ_AFL)/libzvm.a
	$(FUZZ_AFL_CC) $(FUZZ_SANITIZE) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LDFLAGS_$*) -lm

# The harness objects are only named by the pattern rules above: without
# this, make would delete them after each link.
.SECONDARY: $(foreach d,$(FUZZ_LF) $(FUZZ_RP) $(FUZZ_AFL),$(call fuzz_harness_objs,$(d)))

# ---- Dictionaries ----------------------------------------------------------------

FUZZ_DICTS = tests/fuzz/zbc.dict tests/fuzz/zs.dict

# Regenerated whenever a table they are made from changes.
$(FUZZ_DICTS) &: tests/fuzz/gen_dicts.sh vm/opcodes.def asm/parse.c
	tests/fuzz/gen_dicts.sh

# ---- Targets -----------------------------------------------------------------------

fuzz-build: $(FUZZ_HARNESSES:%=$(FUZZ_LF)/fuzz_%) $(FUZZ_DICTS)

fuzz-afl-build: $(FUZZ_HARNESSES:%=$(FUZZ_AFL)/fuzz_%) $(FUZZ_DICTS)

fuzz-corpus: $(BUILD)/zvm
	tests/fuzz/make_corpus.sh $(BUILD)/zvm $(FUZZ_CORPUS)

# Each harness in turn, FUZZ_SECONDS each (tests/fuzz/fuzz.sh: options,
# minimisation of crashes into tests/fuzz/regressions/).
fuzz: fuzz-build fuzz-corpus
	tests/fuzz/fuzz.sh -t $(FUZZ_SECONDS) -j $(FUZZ_JOBS) $(FUZZ_HARNESSES)

# Every saved input of each harness, under ASan+UBSan with per-input leak
# checks; the seed corpus too if it was generated. Also checks that the
# dictionaries are up to date.
fuzz-replay: $(FUZZ_HARNESSES:%=$(FUZZ_RP)/fuzz_%)
	tests/fuzz/gen_dicts.sh --check
	@set -e; for h in $(FUZZ_HARNESSES); do \
	  dirs=; \
	  for d in tests/fuzz/regressions/$$h $(FUZZ_CORPUS)/$$h; do \
	    if [ -d $$d ]; then dirs="$$dirs $$d"; fi; \
	  done; \
	  echo "$(FUZZ_RP)/fuzz_$$h $$dirs"; \
	  $(FUZZ_RP)/fuzz_$$h $$dirs; \
	done

# The seed corpus of fuzz_load, its regressions, and the corpus `make fuzz`
# grew from them (build/fuzz/work/load/corpus), if any.
FUZZ_SWEEP_DIRS ?= $(FUZZ_CORPUS)/load tests/fuzz/regressions/load \
  $(wildcard build/fuzz/work/load/corpus)

fuzz-sweep: $(FUZZ_RP)/fuzz_alloc
	@test -d $(FUZZ_CORPUS)/load || { echo "fuzz-sweep: run make fuzz-corpus first" >&2; exit 1; }
	FUZZ_ALLOC_SWEEP=1 $(FUZZ_RP)/fuzz_alloc $(FUZZ_SWEEP_DIRS)

# `make test` replays the regressions (a prerequisite added to the
# Makefile's own `test` rule).
test: fuzz-replay

.PHONY: fuzz fuzz-build fuzz-afl-build fuzz-corpus fuzz-replay fuzz-sweep
