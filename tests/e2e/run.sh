#!/bin/sh
# End-to-end tests: run the examples through `zvm run` and compare with
# their expected results. For examples/DIR/NAME.expected:
#   NAME.expected   expected stdout          (required)
#   NAME.stderr     expected stderr          (default: empty)
#   NAME.status     expected exit status     (default: 0)
#   NAME.args       arguments, one line      (default: none)
#   NAME.opts       zvm run options, one line (default: none)
# Usage: tests/e2e/run.sh BUILD_DIR   (where make put zvm and the .zbc files)
set -u
build=$1
zvm=$(cd "$build" && pwd)/zvm
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for exp in examples/*/*.expected; do
  dir=$(dirname "$exp")
  name=$(basename "$exp" .expected)
  want_status=0
  [ -f "$dir/$name.status" ] && want_status=$(cat "$dir/$name.status")
  args=""
  [ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
  opts=""
  [ -f "$dir/$name.opts" ] && opts=$(cat "$dir/$name.opts")
  # shellcheck disable=SC2086
  (cd "$build/$dir" && "$zvm" run $opts "$name.zbc" $args) >"$tmp/out" 2>"$tmp/err"
  status=$?
  ok=1
  if ! cmp -s "$tmp/out" "$exp"; then
    ok=0; echo "FAIL $dir/$name: stdout differs"; diff "$exp" "$tmp/out" | head -20
  fi
  if [ -f "$dir/$name.stderr" ]; then
    if ! cmp -s "$tmp/err" "$dir/$name.stderr"; then
      ok=0; echo "FAIL $dir/$name: stderr differs"; diff "$dir/$name.stderr" "$tmp/err" | head -20
    fi
  elif [ -s "$tmp/err" ]; then
    ok=0; echo "FAIL $dir/$name: unexpected stderr:"; head -20 "$tmp/err"
  fi
  if [ "$status" != "$want_status" ]; then
    ok=0; echo "FAIL $dir/$name: exit status $status, expected $want_status"
  fi
  if [ $ok = 1 ]; then pass=$((pass + 1)); echo "ok $dir/$name"; else fail=$((fail + 1)); fi
done

# Every other check is a script tests/e2e/check_*.sh BUILD_DIR: exit 0 = ok.
for check in tests/e2e/check_*.sh; do
  if "$check" "$build" >"$tmp/out" 2>&1; then
    pass=$((pass + 1)); echo "ok $check"
  else
    fail=$((fail + 1)); echo "FAIL $check:"; sed 's/^/    /' "$tmp/out" | tail -30
  fi
done

echo "e2e: $pass passed, $fail failed"
[ $fail = 0 ]
