#!/bin/sh
# Compare the opcodes zvm's assembler emits for real `ocamlc -dinstr`
# listings with those of ocamlc's own emitter, as `ocamldumpobj` prints
# them: the sequences of opcode names must be equal (operands are not
# compared: slot and primitive numbers differ by design).
#
#   tests/asm/check_opcodes.sh [BUILD]     (default BUILD=build/goto)
#
# Each tests/asm/*.ml is compiled twice, without and with -g (events in
# the listing), in a scratch directory.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build/goto}
case $build in /*) ;; *) build=$root/$build ;; esac
command -v ocamlc >/dev/null || { echo "check_opcodes: ocamlc not found, skipped"; exit 0; }
[ -f "$build/libzvm.a" ] || { echo "check_opcodes: build $build/libzvm.a first"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -std=c11 -o "$tmp/asmtool" "$here/asmtool.c" "$build/libzvm.a" -lm
fail=0
for g in "" -g; do
  for ml in "$here"/lib.ml "$here"/*.ml; do
    name=$(basename "$ml" .ml)
    [ -f "$tmp/$name$g.done" ] && continue
    touch "$tmp/$name$g.done"
    cp "$ml" "$tmp/$name.ml"
    (cd "$tmp" && ocamlc $g -nopervasives -w -a -dinstr -c "$name.ml" 2> "$name.zs")
    ocamldumpobj "$tmp/$name.cmo" |
      awk '/^ *[0-9]+  [A-Z]/ { print $2 }' > "$tmp/$name.want"
    if ! "$tmp/asmtool" "$tmp/$name.zs" > "$tmp/$name.dis"; then
      echo "FAIL $name $g: the listing does not assemble"
      fail=1
      continue
    fi
    awk -F '\t' '/^(L[0-9]+:)?\t[A-Z]/ { split($2, w, " "); print w[1] }' \
      "$tmp/$name.dis" > "$tmp/$name.got"
    if cmp -s "$tmp/$name.want" "$tmp/$name.got"; then
      echo "ok   $name $g ($(wc -l < "$tmp/$name.got") instructions)"
    else
      echo "FAIL $name $g: opcodes differ from ocamldumpobj"
      diff "$tmp/$name.want" "$tmp/$name.got" | head -5
      fail=1
    fi
  done
done
exit $fail
