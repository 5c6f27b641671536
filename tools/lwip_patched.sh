#!/bin/sh
# usage: tools/lwip_patched.sh SRC PATCHDIR DEST
#
# Makes DEST a copy of the lwIP source tree SRC with every PATCHDIR/*.patch
# applied (patch -p1, in name order): the tree of `make LWIP=patched`.
# DEST/.complete lists the patches and their SHA-1; when it already matches
# PATCHDIR, nothing is touched (so nothing is rebuilt). The new tree is
# built beside DEST and renamed into place only when every patch applied.
# A missing or empty PATCHDIR, or a patch that does not apply, is an error
# naming the step; DEST is then left as it was.
set -eu
src=$1 pdir=$2 dest=$3
fail() { echo "lwIP patched build: step '$1' failed${2:+: $2}" >&2; exit 1; }
[ -f "$src/.complete" ] || fail "find the lwIP source tree" "$src is incomplete (make deps)"
[ -d "$pdir" ] || fail "find patches" "no directory $pdir (set LWIP_PATCHES=dir)"
set -- "$pdir"/*.patch
[ -f "$1" ] || fail "find patches" "no *.patch in $pdir"
want=$(for p in "$@"; do printf '%s %s\n' "$(sha1sum < "$p" | cut -d' ' -f1)" "$(basename "$p")"; done)
if [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$want" ]; then
	exit 0
fi
tmp=$dest.tmp.$$
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
cp -a "$src" "$tmp" || fail "copy $src"
rm -f "$tmp/.complete"
for p in "$@"; do
	out=$(patch -p1 -N -s -d "$tmp" < "$p" 2>&1) || fail "apply $(basename "$p")" "$(echo "$out" | head -n 1)"
done
printf '%s\n' "$want" > "$tmp/.complete"
rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
echo "lwIP patched build: $dest = $(basename "$src") + $# patch(es) from $pdir"
