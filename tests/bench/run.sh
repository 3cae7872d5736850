#!/usr/bin/env bash
# make bench: zvm against ocamlrun, side by side. See docs/bench.md.
#
#   tests/bench/run.sh ZVM_BINARY
#
# Checks the tools, then runs tests/bench/bench.py, which does the work.
# Options are environment variables: BENCH_RUNS (5), BENCH_CALLGRIND (1),
# BENCH_FILTER (a regex on benchmark names), BENCH_LOADS (1000000),
# BENCH_OCAML_LOADS (100000), BENCH_QUICK (0), BENCH_OUT (build/bench),
# BENCH_SVG (docs/img/rss_vs_loads.svg), BENCH_TIMEOUT (600).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if (($# != 1)); then
  echo "usage: tests/bench/run.sh ZVM_BINARY" >&2
  exit 2
fi

missing() {
  echo "make bench: $1" >&2
  echo "make bench needs OCaml 4.13 (ocamlc, ocamlrun and the dynlink library:" \
    "on Debian, 'apt-get install ocaml-nox', or 'make deps')." >&2
  exit 2
}
for tool in ocamlc ocamlrun; do
  command -v "$tool" >/dev/null 2>&1 || missing "$tool not found"
done
version=$(ocamlc -version)
case $version in
  4.13.*) ;;
  *) missing "ocamlc is version $version, not 4.13" ;;
esac
[[ -f $(ocamlc -where)/dynlink.cma ]] || missing "dynlink.cma not found in $(ocamlc -where)"
command -v python3 >/dev/null 2>&1 || {
  echo "make bench: python3 not found (the driver is tests/bench/bench.py)" >&2
  exit 2
}
if [[ ${BENCH_CALLGRIND:-1} != 0 ]] && ! command -v valgrind >/dev/null 2>&1; then
  echo "make bench: valgrind not found, needed for the instruction counts:" \
    "'apt-get install valgrind', or run with BENCH_CALLGRIND=0" >&2
  exit 2
fi

exec python3 "$here/bench.py" "$1"
