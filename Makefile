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
LIB_SRCS := $(filter-out vm/main.c,$(LIB_SRCS))
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ = $(BUILD)/vm/main.o

all: zvm

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

# ---- Tests ----------------------------------------------------------------

UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_OBJS = $(UNIT_SRCS:%.c=$(BUILD)/%.o)

$(BUILD)/unit_tests: $(UNIT_OBJS) $(BUILD)/libzvm.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcriterion -lm

unit: $(BUILD)/unit_tests
	$(BUILD)/unit_tests $(UNIT_ARGS)

unit-stress: $(BUILD)/unit_tests
	ZVM_GC_STRESS=1 $(BUILD)/unit_tests $(UNIT_ARGS)

test: unit unit-stress

clean:
	rm -rf build zvm libzvm.a

.PHONY: all clean test unit unit-stress
