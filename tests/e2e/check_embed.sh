#!/bin/sh
# The embedding example runs, and `make install` with DESTDIR/PREFIX gives
# a header and a library it can be built against.
set -eu
build=$1
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expected='loaded: 1 segment(s) live, 0 freed
plugin name: plugin v1
run 10 = 45
module dropped, closure held: 1 segment(s) live, 0 freed
everything dropped: 0 segment(s) live, 1 freed'
got=$("$build/examples/embed/embed" "$build/examples/unload/plugin.zbc")
[ "$got" = "$expected" ] || { echo "embed printed:"; echo "$got"; exit 1; }
make -s install BUILD="$build" DESTDIR="$tmp" PREFIX=/opt/zvm > /dev/null
for f in bin/zvm lib/libzvm.a include/zvm.h share/man/man1/zvm.1; do
  [ -f "$tmp/opt/zvm/$f" ] || { echo "make install did not install $f"; exit 1; }
done
# (EMBED_LDFLAGS: what the library was built with, e.g. --coverage.)
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$tmp/opt/zvm/include" "$root/examples/embed/embed.c" \
  -L"$tmp/opt/zvm/lib" -lzvm -lm ${EMBED_LDFLAGS:-} -o "$tmp/embed"
[ "$("$tmp/embed" "$build/examples/unload/plugin.zbc")" = "$expected" ] || { echo "installed build differs"; exit 1; }
"$tmp/opt/zvm/bin/zvm" --version > /dev/null
