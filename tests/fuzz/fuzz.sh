#!/usr/bin/env bash
# Run libFuzzer harnesses (build/fuzz/libfuzzer/fuzz_<harness>, from
# `make fuzz-build`) and turn what they find into regression inputs.
#
#   fuzz.sh [-t SECONDS] [-j JOBS] [-w WORKDIR] [--no-seeds] [--no-dict] HARNESS...
#
#   -t SECONDS   how long to run each harness (default 60)
#   -j JOBS      parallel fuzzing processes per harness (libFuzzer -fork)
#   -w WORKDIR   where the growing corpus, crashes and logs go (default
#                build/fuzz/work; each harness gets WORKDIR/<harness>/, and
#                the corpus there is kept from one run to the next)
#   --no-seeds   start from nothing: no seed corpus, no regression inputs
#   --no-dict    no dictionary
#
# The seeds are tests/fuzz/corpus/<harness>/ (make fuzz-corpus) and
# tests/fuzz/regressions/<harness>/, read only. Every crash, leak, timeout
# or out-of-memory is minimised (-minimize_crash=1) into
# tests/fuzz/regressions/<harness>/, printed as hex, and makes the script
# exit 1. One summary line per harness gives the figures docs/fuzzing.md
# reports: executions, executions per second, edge coverage (cov) and
# features (ft).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
seconds=60 jobs=1 work=build/fuzz/work seeds=1 dict=1
while (($#)); do
  case $1 in
    -t) seconds=$2; shift ;;
    -j) jobs=$2; shift ;;
    -w) work=$2; shift ;;
    --no-seeds) seeds=0 ;;
    --no-dict) dict=0 ;;
    -h | --help) sed -n '2,/^set -e/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
if (($# == 0)); then
  echo "usage: fuzz.sh [-t SECONDS] [-j JOBS] [-w WORKDIR] [--no-seeds] [--no-dict] HARNESS..." >&2
  exit 2
fi

status=0
for h in "$@"; do
  bin=build/fuzz/libfuzzer/fuzz_$h
  if [[ ! -x $bin ]]; then
    echo "fuzz.sh: no $bin (make fuzz-build)" >&2
    exit 2
  fi
  w=$work/$h
  mkdir -p "$w/corpus" "$w/artifacts"
  regressions=tests/fuzz/regressions/$h
  mkdir -p "$regressions"

  dirs=("$w/corpus")
  if ((seeds)); then
    [[ -d tests/fuzz/corpus/$h ]] && dirs+=("tests/fuzz/corpus/$h")
    dirs+=("$regressions")
  fi
  opts=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$w/artifacts/"
    # A hang is a bug; so is memory out of proportion to the input (the
    # harnesses check that finely, memory.c; these are the backstops).
    -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256
    # Listings and files of the seed corpus are up to a few KiB; room to grow.
    -max_len=65536)
  if ((dict)); then
    if [[ $h == asm ]]; then opts+=(-dict=tests/fuzz/zs.dict); else opts+=(-dict=tests/fuzz/zbc.dict); fi
  fi
  if ((jobs > 1)); then opts+=(-fork="$jobs"); fi

  # The log: libFuzzer's output, each line after the seconds elapsed (so
  # that figures can be read at any time of the run).
  log=$w/fuzz.log
  echo "fuzz.sh: $bin ${opts[*]} ${dirs[*]}"
  start=$SECONDS
  "$bin" "${opts[@]}" "${dirs[@]}" 2>&1 | while IFS= read -r line || [[ -n $line ]]; do
    printf '%5d %s\n' $((SECONDS - start)) "$line"
  done >"$log" || true
  elapsed=$((SECONDS - start))

  # Figures: the last status line (cov, ft, corpus) and the final stats.
  last=$(grep -E '^ *[0-9]+ #[0-9]+.*cov: ' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^ *[0-9]* stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^ *[0-9]* stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  if [[ -z $execs && $last =~ \#([0-9]+) ]]; then execs=${BASH_REMATCH[1]}; fi
  [[ -n $rate ]] || rate=$((${execs:-0} / (elapsed > 0 ? elapsed : 1)))
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.*corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")
  printf 'fuzz.sh: %-5s %ds, %s execs, %s exec/s, cov %s, ft %s, corpus %s\n' "$h" "$elapsed" \
    "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"

  # Findings: minimise each into the regressions.
  for a in "$w"/artifacts/{crash,leak,timeout,oom}-*; do
    [[ -e $a ]] || continue
    name=$(basename "$a")
    dest=$regressions/$name
    echo "fuzz.sh: $h found $name; minimising into $dest"
    grep -m 5 -E 'ERROR|SUMMARY|abort|round trip|disagree|zbc_write|memory' "$log" | sed 's/^/    /' || true
    if ! "$bin" -minimize_crash=1 -max_total_time=120 -timeout=10 -malloc_limit_mb=256 \
      -exact_artifact_path="$dest" "$a" >"$w/minimise-$name.log" 2>&1 || [[ ! -s $dest ]]; then
      cp "$a" "$dest"
    fi
    echo "fuzz.sh: $dest ($(wc -c <"$dest") bytes):"
    xxd "$dest" | head -n 16 | sed 's/^/    /'
    mv "$a" "$w/artifacts/done-$name"
    status=1
  done
done
exit $status
