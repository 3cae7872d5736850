# zvm: a ZINC bytecode VM with code that the garbage collector can free.
#
#   make                 build ./zvm and libzvm.a
#   make test            unit + end-to-end tests (+ the same under GC stress)
#   make DISPATCH=switch build with the portable switch dispatch
#   make CC=clang        build with clang
#   make install         install under $(DESTDIR)$(PREFIX)

CC ?= cc
PREFIX ?= /usr/local
DISPATCH ?= goto
OPT ?= -O2
CFLAGS ?= $(OPT) -g
WARN = -std=c11 -Wall -Wextra -Werror
CPPFLAGS += -D_POSIX_C_SOURCE=200809L
ifeq ($(DISPATCH),switch)
CPPFLAGS += -DZVM_COMPUTED_GOTO=0
endif
BUILD ?= build/$(DISPATCH)
DEPFLAGS = -MMD -MP

LIB_SRCS = $(wildcard vm/*.c gc/*.c loader/*.c asm/*.c)
LIB_SRCS := $(filter-out vm/main.c $(LIB_EXCLUDE),$(LIB_SRCS))
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ = $(BUILD)/vm/main.o

all: zvm examples

zvm: $(BUILD)/zvm
	cp $< $@

$(BUILD)/zvm: $(MAIN_OBJ) $(BUILD)/libzvm.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lm

$(BUILD)/libzvm.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

libzvm.a: $(BUILD)/libzvm.a
	cp $< $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

-include $(shell find build -name '*.d' 2>/dev/null)

# ---- Examples ---------------------------------------------------------------
#
# examples/*/*.zs are checked in (OCaml listings from `ocamlc -dinstr`, or
# hand-written assembly), so building them needs no OCaml; `make listings`
# regenerates the listings of the OCaml examples.

EXAMPLE_ZS = $(wildcard examples/*/*.zs)
EXAMPLE_ZBC = $(EXAMPLE_ZS:%.zs=$(BUILD)/%.zbc)

examples: $(EXAMPLE_ZBC) $(BUILD)/examples/embed/embed

# The embedding example, built against this tree's header and library.
$(BUILD)/examples/embed/embed: examples/embed/embed.c $(BUILD)/libzvm.a vm/zvm.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -Ivm $(LDFLAGS) -o $@ $< $(BUILD)/libzvm.a -lm

$(BUILD)/examples/%.zbc: examples/%.zs $(BUILD)/zvm
	@mkdir -p $(dir $@)
	$(BUILD)/zvm asm $< -o $@

listings:
	tests/unload/gen.sh
	@for ml in examples/*/*.ml; do \
	  d=$$(dirname $$ml); f=$$(basename $$ml .ml); \
	  (cd $$d && ocamlc -nopervasives -dinstr -c $$f.ml 2> $$f.zs && rm -f $$f.cmi $$f.cmo) \
	    || { cat $$d/$$f.zs; exit 1; }; \
	done

# The main demo: a program, then a plugin loaded, used, dropped and freed.
demo: all
	@echo '$$ zvm run examples/hello/hello.zbc'
	@$(BUILD)/zvm run $(BUILD)/examples/hello/hello.zbc
	@echo
	@echo '$$ cd examples/unload && zvm run --trace=load,unload host.zbc'
	@cd $(BUILD)/examples/unload && ../../zvm run --trace=load,unload host.zbc 2>&1
	@echo
	@echo '$$ zvm run --stats churn.zbc 20000    # load, use and drop a plugin 20,000 times'
	@cd $(BUILD)/examples/unload && ../../zvm run --stats churn.zbc 20000 2>&1

# ---- Tests ----------------------------------------------------------------
#
#   make test            everything a change must pass (what CI runs)
#   make unit            Criterion unit tests        make unit-stress  same, GC stress
#   make unit-switch     unit tests, switch dispatch
#   make sanitize-test   unit tests under ASan+UBSan (gcc) and the clang build
#   make valgrind-test   the embedding tests under valgrind
#   make coverage        line coverage per file (vm/ and gc/ must reach 90%), and
#                        which tests execute each opcode (every one must run)

UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_OBJS = $(UNIT_SRCS:%.c=$(BUILD)/%.o)
UNIT_BIN = $(BUILD)/unit_tests
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

$(UNIT_BIN): $(UNIT_OBJS) $(BUILD)/libzvm.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcriterion -lm

unit: $(UNIT_BIN)
	$(UNIT_BIN) $(UNIT_ARGS)

unit-stress: $(UNIT_BIN)
	ZVM_GC_STRESS=1 $(UNIT_BIN) $(UNIT_ARGS)

unit-switch:
	$(MAKE) DISPATCH=switch unit

sanitize-test:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	$(MAKE) BUILD=build/asan CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" MUTANTS=100 unit e2e unload
	$(MAKE) BUILD=build/clang CC=clang unit

valgrind-test: $(UNIT_BIN)
	valgrind --quiet --trace-children=yes --leak-check=full --errors-for-leak-kinds=definite \
	  --error-exitcode=9 $(UNIT_BIN) --filter 'embed/*' -j1

$(BUILD)/mutants: tests/e2e/mutants.c $(BUILD)/libzvm.a
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $^

# The unloading tests' modules (tests/unload), also mutated by e2e.
UNLOAD_ZBC = $(patsubst %.zs,$(BUILD)/%.zbc,$(wildcard tests/unload/*.zs))
$(BUILD)/tests/unload/%.zbc: tests/unload/%.zs $(BUILD)/zvm
	@mkdir -p $(dir $@)
	$(BUILD)/zvm asm $< -o $@

MUTANTS ?= 1000
e2e: all $(BUILD)/mutants $(UNLOAD_ZBC)
	MUTANTS=$(MUTANTS) EMBED_LDFLAGS="$(LDFLAGS)" tests/e2e/run.sh $(BUILD)

# Same output, status and opcodes as ocamlrun on every program of
# tests/conformance (needs ocamlc; CONFORMANCE_OPTIONAL=1 skips it when
# OCaml is missing).
conformance: $(BUILD)/zvm
	tests/conformance/run.sh $(BUILD)/zvm

# Code unloading: what keeps a plugin alive, and when it goes (issue 4).
unload: all $(UNLOAD_ZBC)
	tests/unload/run.sh $(BUILD)

# Golden toplevel sessions and heap-picture checks (needs ocamlc and dot;
# TOPLEVEL_OPTIONAL=1 skips them without OCaml; CHURN=10000 for the full
# 10,000-phrase run).
toplevel: $(BUILD)/zvm
	tests/toplevel/run.sh $(BUILD)/zvm

test: all unit unit-stress unit-switch e2e unload toplevel conformance

coverage:
	rm -rf build/cov
	$(MAKE) BUILD=build/cov CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage" unit e2e unload toplevel
	@tests/coverage.sh build/cov
	@tests/unit/opcode_coverage.sh > build/cov/opcodes.txt || { cat build/cov/opcodes.txt; exit 1; }
	@tail -n 1 build/cov/opcodes.txt

# ---- Docs, install -----------------------------------------------------------

docs/opcodes.md: vm/opcodes.def vm/specialised.def $(BUILD)/zvm
	$(BUILD)/zvm opcodes > $@

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/zvm $(DESTDIR)$(PREFIX)/bin/zvm
	install -m 644 $(BUILD)/libzvm.a $(DESTDIR)$(PREFIX)/lib/libzvm.a
	install -m 644 vm/zvm.h $(DESTDIR)$(PREFIX)/include/zvm.h
	install -m 644 docs/zvm.1 $(DESTDIR)$(PREFIX)/share/man/man1/zvm.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/zvm $(DESTDIR)$(PREFIX)/lib/libzvm.a \
	  $(DESTDIR)$(PREFIX)/include/zvm.h $(DESTDIR)$(PREFIX)/share/man/man1/zvm.1

# Test dependencies on Debian (run as root, or with sudo available).
DEBIAN_TEST_DEPS = libcriterion-dev ocaml-nox clang valgrind graphviz
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEBIAN_TEST_DEPS) >/dev/null

clean:
	rm -rf build zvm libzvm.a


.PHONY: examples listings demo unload toplevel
.PHONY: all clean test unit unit-stress unit-switch sanitize-test valgrind-test e2e coverage conformance \
  install uninstall deps
include tests/bench/bench.mk
include tests/fuzz/fuzz.mk
