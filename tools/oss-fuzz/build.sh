#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script for wirecheck.
#
# The infrastructure sets $CC $CFLAGS $LIB_FUZZING_ENGINE $OUT $SRC (and $WORK);
# this script builds every fuzz target named in the Makefile's TARGETS (read
# with `make -s print-targets`, so new targets join automatically) through the
# project's own Makefile, with the compiler and flags overridden by those
# variables, then puts beside each binary in $OUT:
#   <target>                   statically linked against libpcap (the runner
#                              image has no libpcap)
#   <target>.dict              libFuzzer/AFL++ dictionary (when the target has one)
#   <target>.options           [libfuzzer] options
#   <target>_seed_corpus.zip   corpus/<target>/
# Targets that use lwIP (Makefile EXTRA_DEPS) get lwIP compiled from Debian's
# lwip source package with the same flags: the Dockerfile fetches it into
# $SRC/lwip-src; in a checkout it is build/lwip-src (make deps).
# Every target is attempted; the script fails at the end if any did not build.

SRC_DIR=${WIRECHECK_SRC:-$SRC/wirecheck}
cd "$SRC_DIR"
WORK=${WORK:-$(mktemp -d)}
B="$WORK/wirecheck-build"
mkdir -p "$B" "$OUT"
# Dependencies come from the image, not from tools/deps.sh.
touch "$B/.deps-ok"
for cand in "$SRC/lwip-src" "$SRC_DIR/build/lwip-src"; do
	if [ -f "$cand/src/core/tcp_in.c" ] && [ ! -e "$B/lwip-src" ]; then
		ln -s "$cand" "$B/lwip-src"
		touch "$B/lwip-src/.complete" 2>/dev/null || true
	fi
done

# Static libpcap. Debian's/Ubuntu's libpcap.a is built with D-Bus capture
# support, and its pcap.o (pulled in by any pcap call) references libdbus;
# when a static link needs it, libdbus/libsystemd stay dynamic (present in
# the base-runner image as part of Ubuntu's base; if not, build libpcap with
# --disable-dbus in the Dockerfile).
cat > "$WORK/pcaptest.c" <<'PCAPEOF'
#include <pcap/pcap.h>
int main(void) { pcap_t *p = pcap_open_dead(1, 65535); pcap_close(p); return 0; }
PCAPEOF
PCAP_LIBS="-Wl,-Bstatic -lpcap -Wl,-Bdynamic"
if ! $CC "$WORK/pcaptest.c" -o "$WORK/pcaptest" $PCAP_LIBS -lm 2>/dev/null; then
	PCAP_LIBS="-Wl,-Bstatic -lpcap -Wl,-Bdynamic -ldbus-1"
	if ! $CC "$WORK/pcaptest.c" -o "$WORK/pcaptest" $PCAP_LIBS -lm 2>/dev/null; then
		PCAP_LIBS="-Wl,-Bstatic -lpcap -Wl,-Bdynamic -ldbus-1 -lsystemd"
	fi
fi
echo "build.sh: libpcap linked as: $PCAP_LIBS"

# $LIB_FUZZING_ENGINE (-fsanitize=fuzzer, or the AFL++ driver archive) goes
# after the objects so an archive's main() is pulled in.
LINK_ENGINE="$LIB_FUZZING_ENGINE"
MAKEVARS=(
	"B=$B"
	"fuzz_CC=$CC"
	"fuzz_CFLAGS=$CFLAGS"
	"fuzz_LDFLAGS=$CFLAGS"
	"LIBS=$LINK_ENGINE $PCAP_LIBS -lm"
	"LWIP_NOALIGN=-fno-sanitize=alignment"
)
targets=$(make -s --no-print-directory print-targets)
jobs=$(nproc 2>/dev/null || echo 1)
failed=""
for t in $targets; do
	if ! make -s -j"$jobs" --no-print-directory "${MAKEVARS[@]}" "$B/fuzz/bin/$t" > "$WORK/build-$t.log" 2>&1; then
		echo "build.sh: $t: build failed; last lines of $WORK/build-$t.log:" >&2
		tail -n 5 "$WORK/build-$t.log" >&2
		failed="$failed $t"
		continue
	fi
	cp "$B/fuzz/bin/$t" "$OUT/$t"
	[ -f "targets/$t.dict" ] && cp "targets/$t.dict" "$OUT/$t.dict"
	[ -f "targets/$t.options" ] && cp "targets/$t.options" "$OUT/$t.options"
	if [ -d "corpus/$t" ] && [ -n "$(ls -A "corpus/$t")" ]; then
		rm -f "$OUT/${t}_seed_corpus.zip"
		(cd "corpus/$t" && zip -q -r -X "$OUT/${t}_seed_corpus.zip" .)
	fi
	echo "build.sh: $t -> $OUT/$t"
done
if [ -n "$failed" ]; then
	echo "build.sh: failed:$failed" >&2
	exit 1
fi
