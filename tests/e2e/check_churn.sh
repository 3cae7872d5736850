#!/bin/sh
# Issue 4's "2003 experiment, bettered", at test size: load the plugin with
# loadfile_private, call it and drop it, 10,000 then 20,000 times.
#   - every plugin segment is freed (only the host's remains after a full GC);
#   - the global table does not grow with the number of loads
#     (global_slots_peak is the same for both runs);
#   - peak RSS grows by less than 1 MB between 10,000 and 20,000 loads.
set -eu
build=$1
# Under AddressSanitizer, freed memory waits in a quarantine (256 MB by
# default), so RSS would grow with every malloc/free of every load: measure
# the program's memory, not the quarantine's.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
zvm=$(cd "$build" && pwd)/zvm
cd "$build/examples/unload"
run() { # N -> prints "rss_kb slots_peak segments_after"
  "$zvm" run --stats churn.zbc "$1" > out.$1 2> err.$1
  rss=$(sed -n 's/^max_rss_kb: //p' err.$1)
  peak=$(sed -n 's/^global_slots_peak: //p' err.$1)
  live=$(sed -n 's/^segments live after a full collection: //p' out.$1)
  freed=$(sed -n 's/^segments_freed: //p' err.$1)
  echo "$rss $peak $live $freed"
}
set -- $(run 10000)
rss1=$1 peak1=$2 live1=$3 freed1=$4
set -- $(run 20000)
rss2=$1 peak2=$2 live2=$3 freed2=$4
rm -f out.* err.*
echo "10000 loads: rss ${rss1} KB, global_slots_peak $peak1, segments freed $freed1, live after GC $live1"
echo "20000 loads: rss ${rss2} KB, global_slots_peak $peak2, segments freed $freed2, live after GC $live2"
[ "$live1" = 1 ] && [ "$live2" = 1 ] || { echo "plugin segments survived a full collection"; exit 1; }
[ "$freed2" -ge 20000 ] || { echo "only $freed2 segments freed"; exit 1; }
[ "$peak1" = "$peak2" ] || { echo "global_slots_peak depends on the number of loads"; exit 1; }
[ $((rss2 - rss1)) -lt 1024 ] || { echo "peak RSS grew by $((rss2 - rss1)) KB"; exit 1; }
