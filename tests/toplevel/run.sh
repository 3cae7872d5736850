#!/bin/sh
# Golden sessions of `zvm toplevel`, and checks of the heap pictures.
#
# Usage: tests/toplevel/run.sh ZVM        (the zvm binary to test)
#
# For tests/toplevel/NAME.expected:
#   NAME.ml          the session, piped into `zvm toplevel`
#   NAME.expected    the exact stdout expected (stderr must be empty)
#   NAME.opts        toplevel options, one line (default: --echo)
#   NAME.status      the expected exit status (default: 0)
# Sessions run in a scratch folder holding every *.ml of this folder, and
# plugin.zbc (from examples/unload/plugin.ml) and raiser.zbc with their
# .cmi files.
#
# Also checked:
#   - without ocamlc on the PATH, the toplevel says so and exits 1;
#   - #dot and `zvm run --heap-dot` write graphs that `dot -Tsvg` accepts,
#     with the expected nodes and edges;
#   - a piped session redefining one function CHURN times (default 300;
#     the acceptance run is CHURN=10000) ends with 2 live segments.
#
# Needs ocamlc (OCaml 4.13) and dot (graphviz); TOPLEVEL_OPTIONAL=1 skips
# what needs them when they are missing, as CONFORMANCE_OPTIONAL does for
# the conformance suite. UPDATE=1 rewrites the .expected files from the
# current output (after a deliberate change, e.g. to the prelude, whose
# size #segments shows): review the diff before committing.
set -u
[ $# = 1 ] || { echo "usage: $0 ZVM" >&2; exit 2; }
zvm=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
churn=${CHURN:-300}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); printf 'ok %s\n' "$1"; }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; }
finish() {
  echo "toplevel: $pass passed, $fail failed"
  [ $fail = 0 ]
  exit $?
}

# ---- Without ocamlc ----------------------------------------------------------
mkdir "$tmp/nopath"
out=$(PATH="$tmp/nopath" "$zvm" toplevel </dev/null 2>&1)
st=$?
if [ $st = 1 ] && printf '%s\n' "$out" | grep -q "ocamlc was not found on the PATH"; then
  ok "no ocamlc: message and status 1"
else
  ko "no ocamlc: status $st, output: $out"
fi

if ! command -v ocamlc >/dev/null 2>&1; then
  if [ "${TOPLEVEL_OPTIONAL:-0}" = 1 ]; then
    echo "toplevel: ocamlc not found, sessions skipped (TOPLEVEL_OPTIONAL=1)"
    finish
  fi
  echo "toplevel: ocamlc is needed (apt-get install ocaml-nox), or set TOPLEVEL_OPTIONAL=1"
  exit 1
fi

# ---- The scratch folder -------------------------------------------------------
work=$tmp/work
mkdir "$work"
cp "$here"/*.ml "$work"/
cp "$root/examples/unload/plugin.ml" "$work"/
for m in plugin raiser; do
  if (cd "$work" && ocamlc -nopervasives -w -a -dinstr -c $m.ml 2>$m.zs &&
      "$zvm" asm $m.zs -o $m.zbc); then
    ok "$m.zbc built"
  else
    ko "$m.zbc: cannot build it"
  fi
done

# ---- Golden sessions -----------------------------------------------------------
for exp in "$here"/*.expected; do
  name=$(basename "$exp" .expected)
  opts=--echo
  [ -f "$here/$name.opts" ] && opts=$(cat "$here/$name.opts")
  # shellcheck disable=SC2086
  (cd "$work" && "$zvm" toplevel $opts <"$name.ml" >"$tmp/$name.out" 2>"$tmp/$name.err")
  st=$?
  good=1
  if ! cmp -s "$tmp/$name.out" "$exp"; then
    good=0
    echo "  $name: stdout differs from $name.expected:"
    diff "$exp" "$tmp/$name.out" | head -30 | sed 's/^/    /'
  fi
  if [ -s "$tmp/$name.err" ]; then
    good=0
    echo "  $name: unexpected stderr:"
    head -10 "$tmp/$name.err" | sed 's/^/    /'
  fi
  if [ "${UPDATE:-0}" = 1 ]; then
    cp "$tmp/$name.out" "$exp"
    echo "  $name: $name.expected rewritten (UPDATE=1): review it with git diff"
  fi
  want=0
  [ -f "$here/$name.status" ] && want=$(cat "$here/$name.status")
  [ "$st" = "$want" ] || { good=0; echo "  $name: exit status $st, expected $want"; }
  if [ $good = 1 ]; then ok "session $name"; else ko "session $name"; fi
done

# ---- Pictures ---------------------------------------------------------------------
# has FILE PATTERN WHAT: FILE contains PATTERN (a fixed string).
has() {
  if grep -qF -- "$2" "$1"; then ok "$3"; else ko "$3: no '$2' in $(basename "$1")"; fi
}
if ! command -v dot >/dev/null 2>&1 && [ "${TOPLEVEL_OPTIONAL:-0}" != 1 ]; then
  ko "dot (graphviz) is needed to check the pictures"
elif command -v dot >/dev/null 2>&1; then
  # heap.dot was written by the `dot` session.
  if [ -f "$work/heap.dot" ] && dot -Tsvg "$work/heap.dot" >"$tmp/heap.svg" 2>"$tmp/dot.err"; then
    ok "#dot: dot -Tsvg accepts heap.dot"
  else
    ko "#dot: dot -Tsvg rejects heap.dot: $(cat "$tmp/dot.err" 2>/dev/null)"
  fi
  d=$work/heap.dot
  has "$d" 'label="zvm toplevel: a closure keeps its code"' "#dot: the title"
  has "$d" 's1 [shape=box, style="filled,bold", peripheries=2' "#dot: the pinned prelude"
  has "$d" 'label="handle 1 (Top_1: keep)"' "#dot: the root of the closure's path"
  has "$d" 'label="module block of Top_1"' "#dot: a module block"
  has "$d" 'label="closure of segment 3"' "#dot: the stored closure"
  has "$d" '-> s3 [label="code", color="#c62828"' "#dot: its code edge"
  has "$d" 's6 [shape=box, style="filled,dashed"' "#dot: an unreachable segment, dashed"
  has "$d" 'Top_5\n17 code words, 1 slot\ncollectable, public\nunreachable: the next GC frees it' \
    "#dot: the unreachable segment's label"
  if grep -q '0x[0-9a-f]' "$d"; then ko "#dot: an address in the picture"; else ok "#dot: no addresses"; fi

  # zvm run --heap-dot: a program that keeps a closure of a plugin.
  if (cd "$work" && ocamlc -nopervasives -w -a -dinstr -c keeper.ml 2>keeper.zs &&
      "$zvm" asm keeper.zs -o keeper.zbc && "$zvm" run --heap-dot=exit.dot keeper.zbc) &&
     dot -Tsvg "$work/exit.dot" >"$tmp/exit.svg" 2>"$tmp/dot.err"; then
    ok "run --heap-dot: dot -Tsvg accepts it"
  else
    ko "run --heap-dot: $(cat "$tmp/dot.err" 2>/dev/null)"
  fi
  e=$work/exit.dot
  has "$e" 'label="zvm heap at exit"' "run --heap-dot: the title"
  has "$e" 'label="segment 2\nPlugin\n' "run --heap-dot: the plugin's segment"
  has "$e" 'label="module block of Keeper"' "run --heap-dot: the program's module block"
  has "$e" 'label="field 5, function 1 of a let rec"' "run --heap-dot: an infix pointer"
  has "$e" '-> s2 [label="code", color="#c62828"' "run --heap-dot: code edges"
  out=$(cd "$work" && "$zvm" run --heap-dot=/no/such/folder/x.dot keeper.zbc 2>&1)
  st=$?
  if [ $st = 1 ] && printf '%s\n' "$out" | grep -q "cannot write the heap picture"; then
    ok "run --heap-dot: an unwritable file is an error"
  else
    ko "run --heap-dot: unwritable file: status $st, $out"
  fi
fi

# ---- Churn: one function redefined CHURN times ------------------------------------------
i=1
while [ $i -le "$churn" ]; do
  echo "let f x = x + $i;;"
  i=$((i + 1))
done >"$tmp/churn.ml"
printf 'f 1;;\n#gc;;\n#segments;;\n#stats;;\n' >>"$tmp/churn.ml"
start=$(date +%s)
(cd "$work" && "$zvm" toplevel <"$tmp/churn.ml" >"$tmp/churn.out" 2>&1)
end=$(date +%s)
if grep -q "^- : int = $((churn + 1))\$" "$tmp/churn.out" &&
   grep -q "^segments: 2 live (2 reachable, 0 to be freed by the next GC)\$" "$tmp/churn.out" &&
   grep -q "^ *[0-9]*  Top_$churn .*handle [0-9]* (Top_$churn: f)\$" "$tmp/churn.out"; then
  ok "churn: $churn redefinitions end with 2 live segments ($((end - start)) s)"
else
  ko "churn: $churn redefinitions:"
  grep -v '^val f\|^freed' "$tmp/churn.out" | tail -15 | sed 's/^/    /'
fi

finish
