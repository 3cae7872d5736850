#!/usr/bin/env bash
# Build the seed corpus of every harness from the project's own programs:
#
#   make_corpus.sh ZVM OUTDIR
#
#   OUTDIR/asm/    listings: examples/*/*.zs, tests/asm/*.zs, the -dinstr
#                  listings of the conformance programs (when ocamlc 4.13 is
#                  installed; skipped otherwise), and `zvm dis` of each .zbc
#                  below (the raw syntax, with directives)
#   OUTDIR/load/   each listing assembled by ZVM (with -I, so the .cmi files
#   OUTDIR/dis/    ocamlc wrote give CRCs): real, well-formed .zbc files
#   OUTDIR/alloc/  each .zbc behind two bytes k (fuzz_alloc.c), for a spread
#                  of k: allocation k of the load fails
#
# The corpus is generated, never edited by hand, and not checked in
# (.gitignore): `make fuzz-corpus` rebuilds it with the freshly built zvm.
set -euo pipefail

if (($# != 2)); then
  echo "usage: make_corpus.sh ZVM OUTDIR" >&2
  exit 2
fi
zvm=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/asm" "$out/load" "$out/dis" "$out/alloc"
mkdir -p "$out/asm" "$out/load" "$out/dis" "$out/alloc"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zvm-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# add NAME DIR LISTING: the listing, and its assembly when it assembles
# (a listing that does not is still a fine seed for the assembler).
add() {
  local name=$1 dir=$2 zs=$3
  cp "$zs" "$out/asm/$name.zs"
  if (cd "$dir" && "$zvm" asm -I . "$zs" -o "$tmp/$name.zbc") >"$tmp/asm.log" 2>&1; then
    cp "$tmp/$name.zbc" "$out/load/$name.zbc"
    cp "$tmp/$name.zbc" "$out/dis/$name.zbc"
    "$zvm" dis "$tmp/$name.zbc" >"$out/asm/$name.dis.zs"
  else
    echo "make_corpus: $zs does not assemble: $(head -n 1 "$tmp/asm.log")" >&2
  fi
}

for zs in "$root"/examples/*/*.zs; do
  d=$(dirname "$zs")
  add "ex_$(basename "$d")_$(basename "$zs" .zs)" "$d" "$zs"
done
for zs in "$root"/tests/asm/*.zs; do
  add "asm_$(basename "$zs" .zs)" "$root/tests/asm" "$zs"
done

# The conformance programs, compiled as tests/conformance/run.sh does.
conf=$root/tests/conformance
if command -v ocamlc >/dev/null 2>&1 && [[ $(ocamlc -version) == 4.13.* ]]; then
  for t in "$conf"/*.ml "$conf"/*/ORDER; do
    [[ -e $t ]] || continue
    w=$tmp/conf
    rm -rf "$w"
    mkdir -p "$w"
    files=()
    case $t in
      */prelude.ml) continue ;;
      */ORDER)
        name=$(basename "$(dirname "$t")")
        cp "$(dirname "$t")"/*.ml* "$w"/
        mapfile -t files < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$t")
        ;;
      *)
        name=$(basename "$t" .ml)
        cp "$t" "$conf/prelude.ml" "$w"/
        if grep -qw Prelude "$t"; then files=(prelude.ml); fi
        files+=("$name.ml")
        ;;
    esac
    for f in "${files[@]}"; do
      m=${f%.*}
      if [[ $f == *.mli ]]; then
        (cd "$w" && ocamlc -nopervasives -c "$f") >/dev/null 2>&1 || break
        continue
      fi
      (cd "$w" && ocamlc -nopervasives -w -a -dinstr -c "$f" 2>"$m.zs") || break
      # The prelude is the same in every test: keep it once.
      if [[ $m == prelude ]]; then seed=conf_prelude; else seed=conf_${name}_$m; fi
      [[ -e $out/asm/$seed.zs ]] || add "$seed" "$w" "$w/$m.zs"
    done
  done
else
  echo "make_corpus: ocamlc 4.13 not found; the conformance programs are left out" >&2
fi

# fuzz_alloc: allocation k of the load fails; a spread of k from the very
# first allocation (vm_new's) to past the end of a typical load.
for zbc in "$out"/load/*.zbc; do
  base=$(basename "$zbc" .zbc)
  for k in 0 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987; do
    { printf "\\x$(printf %02x $((k & 255)))\\x$(printf %02x $((k >> 8)))"; cat "$zbc"; } \
      >"$out/alloc/${base}_k$k"
  done
done

for h in asm load dis alloc; do
  printf 'make_corpus: %-5s %4d files, %6d KiB\n' "$h" "$(find "$out/$h" -type f | wc -l)" \
    "$(du -sk "$out/$h" | cut -f1)"
done
