#!/bin/sh
# Keep-alive tests for code unloading (issue 4): each t_*.ml host loads
# plugins, keeps or drops what came from them, collects, and prints how many
# code segments are alive; with --trace=load,unload the load and unload
# events interleave with its output. Checked against t_*.expected.
# Under GC stress (ZVM_GC_STRESS=1) unloads happen at the first allocation
# after a segment becomes unreachable, so only stdout is compared then.
# Usage: tests/unload/run.sh BUILD_DIR
set -u
build=$1
zvm=$(cd "$build" && pwd)/zvm
out=$build/tests/unload
mkdir -p "$out"
pass=0 fail=0
for zs in tests/unload/*.zs; do
  "$zvm" asm "$zs" -o "$out/$(basename "$zs" .zs).zbc" || { echo "FAIL asm $zs"; fail=$((fail + 1)); }
done
for bin in tests/unload/*.bin; do cp "$bin" "$out/$(basename "$bin" .bin).zbc"; done
for exp in tests/unload/t_*.expected; do
  name=$(basename "$exp" .expected)
  got=$(cd "$out" && "$zvm" run --trace=load,unload "$name.zbc" 2>&1; echo "exit $?")
  if [ "$got" = "$(cat "$exp")" ]; then
    pass=$((pass + 1)); echo "ok unload/$name"
  else
    fail=$((fail + 1)); echo "FAIL unload/$name"; printf '%s\n' "$got" | diff "$exp" - | head -20
  fi
  want=$(grep -v '^\(load\|unload\) ' "$exp")
  got=$(cd "$out" && ZVM_GC_STRESS=1 "$zvm" run "$name.zbc" 2>&1; echo "exit $?")
  if [ "$got" = "$want" ]; then
    pass=$((pass + 1)); echo "ok unload/$name (GC stress)"
  else
    fail=$((fail + 1)); echo "FAIL unload/$name (GC stress)"
    printf '%s\n' "$want" > "$out/want"; printf '%s\n' "$got" | diff "$out/want" - | head -20
  fi
done
echo "unload: $pass passed, $fail failed"
[ $fail = 0 ]
