#!/bin/sh
# Regenerate the checked-in listings from the OCaml sources (needs ocamlc).
# Dependencies first: plug_user imports plug_lib.
set -eu
cd "$(dirname "$0")"
for f in plug_lib plug_simple plug_box plug_user plug_guard plug_self t_*; do
  f=${f%.ml}
  ocamlc -nopervasives -w -a -dinstr -c "$f.ml" 2> "$f.zs" || { cat "$f.zs"; exit 1; }
done
rm -f ./*.cmi ./*.cmo
