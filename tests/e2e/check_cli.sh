#!/bin/sh
# The command line as users meet it: help, version, usage errors, every
# command's error paths, exit statuses, and asm/dis round trips.
set -u
build=$1
zvm=$(cd "$build" && pwd)/zvm
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
# expect STATUS PATTERN CMD...: run CMD, check its status and that its
# output (stdout+stderr) matches the grep pattern.
expect() {
  want=$1 pattern=$2
  shift 2
  "$@" > "$tmp/out" 2>&1
  got=$?
  if [ "$got" != "$want" ] || ! grep -q -- "$pattern" "$tmp/out"; then
    echo "FAIL: $* -> status $got (want $want), output:"; sed 's/^/    /' "$tmp/out" | head -5
    fails=$((fails + 1))
  fi
}
expect 0 "usage: zvm COMMAND" "$zvm" --help
expect 0 "^zvm [0-9]" "$zvm" --version
expect 1 "usage: zvm COMMAND" "$zvm"
expect 1 "unknown command" "$zvm" frobnicate
expect 1 "run: no file given" "$zvm" run
expect 1 "unknown option --bogus" "$zvm" run --bogus x.zbc
expect 1 "bad --trace list" "$zvm" run --trace=loads x.zbc
expect 1 "option -I needs a directory" "$zvm" run -I
expect 1 "cannot open: No such file" "$zvm" run "$tmp/missing.zbc"
expect 1 "byte 0: bad magic number" "$zvm" run /dev/null
printf 'not bytecode' > "$tmp/junk.zbc"
expect 1 "junk.zbc: byte 0: bad magic number" "$zvm" verify "$tmp/junk.zbc"
expect 1 "junk.zbc: byte 0: bad magic number" "$zvm" dis "$tmp/junk.zbc"
expect 1 "usage: zvm dis FILE.zbc" "$zvm" dis
expect 1 "asm: no input file" "$zvm" asm
expect 1 "missing.zs: error: cannot read the file: No such file" "$zvm" asm "$tmp/missing.zs"
printf '\tacc 0\n\tfrobnicate 3\n' > "$tmp/bad.zs"
expect 1 "bad.zs:2:2: error:" "$zvm" asm "$tmp/bad.zs" -o "$tmp/bad.zbc"
[ -e "$tmp/bad.zbc" ] && { echo "FAIL: a failed assembly left bad.zbc behind"; fails=$((fails + 1)); }
expect 1 "ZVM_RUNPARAM" env ZVM_RUNPARAM=q=1 "$zvm" run /dev/null
expect 1 "ZVM_RUNPARAM" env ZVM_RUNPARAM=l=xyz "$zvm" run /dev/null

# Round trips: asm -> dis -> asm gives the same bytes, for every example.
for zs in examples/*/*.zs tests/unload/*.zs; do
  n=$(basename "$zs" .zs)
  "$zvm" asm "$zs" -o "$tmp/$n.zbc" && "$zvm" dis "$tmp/$n.zbc" > "$tmp/$n.dis.zs" &&
    "$zvm" asm "$tmp/$n.dis.zs" -o "$tmp/$n.again.zbc" && cmp -s "$tmp/$n.zbc" "$tmp/$n.again.zbc" ||
    { echo "FAIL: dis/asm round trip of $zs"; fails=$((fails + 1)); }
  case $n in
    plug_badcode | plug_noprim) ;; # refused on purpose (tests/unload/t_failures)
    *) expect 0 "$n.zbc: ok" "$zvm" verify "$tmp/$n.zbc" ;;
  esac
done

# Runtime parameters and stats.
cd "$build/examples/hello" || exit 1
expect 0 "gc_collections: " "$zvm" run --stats hello.zbc
expect 0 "Hello from OCaml" env ZVM_RUNPARAM=l=100k,o=80,h=64M "$zvm" run hello.zbc
expect 0 "Hello from OCaml" env ZVM_GC_STRESS=1 "$zvm" run hello.zbc
expect 0 "load 1 Hello" "$zvm" run --trace=all hello.zbc
cd ../unload || exit 1
expect 0 "gc 1 live_words=" env ZVM_RUNPARAM=v=4 "$zvm" run -- host.zbc

# docs/opcodes.md is generated from vm/opcodes.def and must not drift.
cd "$root" || exit 1
"$zvm" opcodes > "$tmp/opcodes.md"
cmp -s "$tmp/opcodes.md" docs/opcodes.md || { echo "FAIL: docs/opcodes.md is stale: make docs/opcodes.md"; fails=$((fails + 1)); }
[ $fails = 0 ]
