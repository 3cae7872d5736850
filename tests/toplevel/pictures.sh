#!/bin/sh
# Regenerate the pictures of docs/unloading.md ("The life of a plugin"):
# docs/img/plugin-N.dot from a toplevel session, docs/img/plugin-N.svg
# from them with Graphviz.
#
# Usage: tests/toplevel/pictures.sh ZVM     (needs ocamlc and dot)
set -eu
[ $# = 1 ] || { echo "usage: $0 ZVM" >&2; exit 2; }
zvm=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
img=$root/docs/img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root/examples/unload/plugin.ml" "$tmp"/
cd "$tmp"
ocamlc -nopervasives -w -a -dinstr -c plugin.ml 2>plugin.zs
"$zvm" asm plugin.zs -o plugin.zbc
"$zvm" toplevel --echo >session.txt <<'EOF'
#load "plugin.zbc";;
#dot "plugin-1.dot" "1. #load \"plugin.zbc\": the toplevel holds the plugin while its name is visible";;
let run = Plugin.run;;
#dot "plugin-2.dot" "2. let run = Plugin.run: a phrase imports the plugin and holds one of its closures";;
module Plugin = struct end;;
#gc;;
#dot "plugin-3.dot" "3. the name Plugin is shadowed: the phrase's import and closure still keep the code";;
let run = 0;;
#dot "plugin-4.dot" "4. run is shadowed too: nothing reaches the plugin, the next GC frees it";;
#gc;;
#dot "plugin-5.dot" "5. after #gc: the plugin's code, slots and registry entry are gone";;
EOF
mkdir -p "$img"
for n in 1 2 3 4 5; do
  cp "plugin-$n.dot" "$img/plugin-$n.dot"
  dot -Tsvg "plugin-$n.dot" >"$img/plugin-$n.svg"
done
echo "wrote $img/plugin-[1-5].dot and .svg"
