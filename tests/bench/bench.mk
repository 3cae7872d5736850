# make bench: zvm against ocamlrun on the same OCaml programs (docs/bench.md).
# Included from the top-level Makefile:  include tests/bench/bench.mk
#
#   make bench                          everything (about 4 minutes)
#   make bench BENCH_RUNS=3             fewer timed runs of each program
#   make bench BENCH_CALLGRIND=0        no instruction counts (valgrind)
#   make bench BENCH_FILTER='fib|tak'   only some benchmarks (regex; the
#                                       unloading parts are `unload`, `closuredyn`)
#   make bench BENCH_QUICK=1            small sizes, a quick check of the harness
#
# Writes a table on stdout, build/bench/results.tsv, build/bench/runs.tsv and
# docs/img/rss_vs_loads.svg (with its data, docs/img/rss_vs_loads.tsv).

BENCH_RUNS ?= 5
BENCH_CALLGRIND ?= 1
BENCH_FILTER ?=

bench: $(BUILD)/zvm
	BENCH_RUNS='$(BENCH_RUNS)' BENCH_CALLGRIND='$(BENCH_CALLGRIND)' BENCH_FILTER='$(BENCH_FILTER)' \
	  tests/bench/run.sh $(BUILD)/zvm

.PHONY: bench
