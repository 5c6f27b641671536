#!/bin/sh
# Install every Debian package wirecheck needs, and fetch Debian's lwIP source
# package into build/ (the instrumented lwIP is compiled from it).
# Run as root on Debian 12; idempotent. Called by `make deps` and automatically
# by the Makefile when a tool or the source package is missing.
set -eu

CLANG_VER=${CLANG_VER:-14}
PKGS="clang-$CLANG_VER llvm-$CLANG_VER libclang-rt-$CLANG_VER-dev afl++ libpcap-dev tshark \
liblwip-dev libcmocka-dev graphviz valgrind dpkg-dev make iproute2 zip unzip"
SCAPY="python3-scapy"

step() { printf 'deps: %s\n' "$*" >&2; }
die() { printf 'deps: error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then
	die "must run as root to install packages (missing: run 'sudo make deps')"
fi

SRC=/etc/apt/sources.list.d/wirecheck-deb-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && \
   ! grep -qs '^deb-src' /etc/apt/sources.list; then
	step "enabling deb-src for bookworm (needed for 'apt-get source lwip')"
	tmp="$SRC.tmp.$$"
	cat > "$tmp" <<SRCEOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRCEOF
	mv "$tmp" "$SRC"
	NEED_UPDATE=1
fi

missing=""
for p in $PKGS $SCAPY; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ] || [ -n "${NEED_UPDATE:-}" ]; then
	step "apt-get update"
	apt-get update -qq || die "apt-get update failed"
fi
if [ -n "$missing" ]; then
	step "installing:$missing"
	echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
		|| die "apt-get install failed for:$missing"
fi

# Debian's lwIP source package, unpacked with Debian's patches applied.
top=$(cd "$(dirname "$0")/.." && pwd)
dst="$top/build/lwip-src"
if [ ! -f "$dst/.complete" ]; then
	step "fetching Debian source package lwip into build/lwip-src"
	tmpd="$top/build/.lwip-src.tmp.$$"
	rm -rf "$tmpd"; mkdir -p "$tmpd"
	( cd "$tmpd" && apt-get source -qq lwip >/dev/null 2>&1 ) \
		|| { rm -rf "$tmpd"; die "step 'apt-get source lwip' failed (is deb-src enabled and reachable?)"; }
	d=$(find "$tmpd" -mindepth 1 -maxdepth 1 -type d -name 'lwip-*' | head -n 1)
	[ -n "$d" ] && [ -f "$d/src/core/tcp_in.c" ] \
		|| { rm -rf "$tmpd"; die "step 'unpack lwip source': no src/core/tcp_in.c in the package"; }
	rm -rf "$dst"; mv "$d" "$dst"; rm -rf "$tmpd"
	touch "$dst/.complete"
fi
step "ok"
