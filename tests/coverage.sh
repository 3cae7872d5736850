#!/bin/sh
# Line coverage per source file of a --coverage build ($1 = its build dir).
# Fails if vm/ or gc/ as a whole is under 90%.
set -eu
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-28s %8s %8s\n' file lines covered
for dir in vm gc loader asm; do
  for src in $dir/*.c; do
    obj=$build/${src%.c}.o
    [ -f "${obj%.o}.gcda" ] || { printf '%-28s %8s %8s\n' "$src" - "0.0%"; continue; }
    (cd "$out" && gcov -n -o "$OLDPWD/$(dirname "$obj")" "$OLDPWD/$src" 2>/dev/null) |
      awk -v f="$src" '/^File/ { cur=$2; gsub("\047","",cur) }
        /^Lines executed/ && index(cur, f) { split($2,a,":"); sub("%","",a[2]); print f, $4, a[2]; exit }' |
      while read -r f n pct; do printf '%-28s %8s %7s%%\n' "$f" "$n" "$pct"; echo "$f $n $pct" >> "$out/all"; done
  done
done
fail=0
for dir in vm gc; do
  awk -v d="$dir/" 'index($1,d)==1 { tot+=$2; cov+=$2*$3/100 } END {
      pct = tot ? 100*cov/tot : 0; printf "%s total: %.1f%% of %d lines\n", d, pct, tot; exit (pct < 90) }' "$out/all" || fail=1
done
exit $fail
