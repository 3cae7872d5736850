#!/bin/sh
# Regenerate the checked-in listings from the OCaml sources (needs ocamlc).
# Dependencies first: plug_user imports plug_lib.
set -eu
cd "$(dirname "$0")"
for f in plug_lib plug_simple plug_box plug_user plug_guard plug_self plug_noprim \
  plug_crc_lib plug_crc_user t_*.ml; do
  f=${f%.ml}
  ocamlc -nopervasives -w -a -dinstr -c "$f.ml" 2> "$f.zs" || { cat "$f.zs"; exit 1; }
done
rm -f ./*.cmi ./*.cmo
# Two versions of an interface, as if plug_crc_lib changed after
# plug_crc_user was compiled.
echo ".crc 22222222222222222222222222222222" >> plug_crc_lib.zs
echo ".import Plug_crc_lib 11111111111111111111111111111111" >> plug_crc_user.zs
