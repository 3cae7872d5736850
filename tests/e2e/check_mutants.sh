#!/bin/sh
# Issue 3: MUTANTS (default 1000) mutants of each example .zbc, through
# zvm verify and zvm run: statuses 0/1/2 with a message, never a signal.
set -eu
build=$1
n=${MUTANTS:-1000}
# A sanitizer report must not pass for an ordinary error: give it its own status.
# Mutants with a recomputed checksum can verify and still be ill-typed (a
# primitive relocation pointing at another primitive of the same arity):
# their faults are zvm's to report, as in a normal build (vm/main.c), so the
# sanitizer leaves those signals to it; memory errors in zvm's own code are
# still the sanitizer's.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:exitcode=99:handle_segv=0:handle_sigbus=0:handle_sigill=0:handle_sigfpe=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:exitcode=99"
exec "$build/mutants" "$build/zvm" "$n" "$build"/examples/*/*.zbc "$build"/tests/unload/*.zbc
