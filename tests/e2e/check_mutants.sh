#!/bin/sh
# Issue 3: MUTANTS (default 1000) mutants of each example .zbc, through
# zvm verify and zvm run: statuses 0/1/2 with a message, never a signal.
set -eu
build=$1
n=${MUTANTS:-1000}
# A sanitizer report must not pass for an ordinary error: give it its own status.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:exitcode=99"
exec "$build/mutants" "$build/zvm" "$n" "$build"/examples/*/*.zbc "$build"/tests/unload/*.zbc
