#!/bin/sh
# Build lwIP's own fuzz harness (test/fuzz of Debian's lwip source package in
# build/lwip-src) with AFL++, as its Makefile builds it, for comparing
# wirecheck's lwIP targets with it (same engine, same time).
#
# usage: tools/lwip_own_fuzz.sh build [multi]
#        tools/lwip_own_fuzz.sh run SECONDS
#
#   build   compiles into build/lwip-own-fuzz/: lwip_fuzz (single frame per
#           input, the harness's default) or, with "multi", lwip_fuzz_multi
#           (-DLWIP_FUZZ_MULTI_PACKET). The recipe is test/fuzz/Makefile's:
#           CFLAGS=-O0, the harness's own lwipopts.h first on the include
#           path, every file of src/Filelists.mk's LWIPNOAPPSFILES and
#           LWIPAPPFILES (what lwip-contrib's ports/unix/Common.mk links)
#           but slipif.c (Debian's build drops it too: its port has no
#           sio_tryread), and the unix port's sys_arch.c and netif/*.c
#           (contrib's ARCHFILES). lwip-contrib itself is not in the source
#           package, so the port is Debian's port/ directory; contrib's
#           LWIP_DEBUG define is kept. Compiler: afl-clang-fast
#           instead of the obsolete afl-gcc; no sanitizer (as upstream).
#   run     afl-fuzz for SECONDS on all of test/fuzz/inputs/*/ (one
#           directory, the harness's own seeds), output in
#           build/lwip-own-fuzz/out; prints execs_per_sec, edges_found,
#           total_edges and bitmap_cvg from fuzzer_stats.
# Nothing from the source package is copied into the repository.
set -eu
B=build
SRC=$B/lwip-src
OUT=$B/lwip-own-fuzz
cmd=${1:-}
die() { echo "lwip_own_fuzz: $*" >&2; exit 1; }
[ -f "$SRC/test/fuzz/fuzz.c" ] || die "$SRC/test/fuzz/fuzz.c missing (make deps fetches the lwip source package)"
command -v afl-clang-fast >/dev/null || die "afl-clang-fast not installed (apt-get install afl++)"

case $cmd in
build)
	name=lwip_fuzz; def=""
	if [ "${2:-}" = multi ]; then name=lwip_fuzz_multi; def="-DLWIP_FUZZ_MULTI_PACKET"; fi
	mkdir -p "$OUT/obj-$name"
	# The file lists, expanded by make from the package's own Filelists.mk.
	files=$(printf 'LWIPDIR=%s/src\ninclude %s/src/Filelists.mk\nall:\n\t@echo $(LWIPNOAPPSFILES) $(LWIPAPPFILES)\n' \
		"$SRC" "$SRC" | make -s -f -) || die "step 'read src/Filelists.mk' failed"
	files=$(printf '%s\n' $files | grep -v '/netif/slipif\.c$' | tr '\n' ' ')
	files="$files $SRC/port/sys_arch.c $SRC/port/netif/sio.c $SRC/port/netif/fifo.c $SRC/port/netif/list.c $SRC/port/netif/tapif.c $SRC/test/fuzz/fuzz.c"
	inc="-I$SRC/test/fuzz -I$SRC/src/include -I$SRC/port/include"
	objs=""
	for f in $files; do
		o=$OUT/obj-$name/$(echo "${f#"$SRC"/}" | tr / _ | sed 's/\.c$/.o/')
		objs="$objs $o"
		[ "$o" -nt "$f" ] && continue
		AFL_QUIET=1 afl-clang-fast -O0 -g $def -DLWIP_DEBUG $inc -w -c "$f" -o "$o" \
			|| die "step 'compile $f' failed"
	done
	# shellcheck disable=SC2086
	AFL_QUIET=1 afl-clang-fast -O0 -g -o "$OUT/$name.tmp" $objs -lm || die "step 'link $name' failed"
	mv "$OUT/$name.tmp" "$OUT/$name"
	echo "lwip_own_fuzz: built $OUT/$name"
	;;
run)
	secs=${2:?usage: lwip_own_fuzz.sh run SECONDS}
	case $secs in *[!0-9]*) die "SECONDS must be a number, got '$secs'" ;; esac
	[ -x "$OUT/lwip_fuzz" ] || die "$OUT/lwip_fuzz not built (tools/lwip_own_fuzz.sh build)"
	rm -rf "$OUT/in" "$OUT/out"
	mkdir -p "$OUT/in"
	for d in "$SRC"/test/fuzz/inputs/*/; do
		for f in "$d"*; do cp "$f" "$OUT/in/$(basename "$d")-$(basename "$f")"; done
	done
	AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		afl-fuzz -V "$secs" -i "$OUT/in" -o "$OUT/out" -- "$OUT/lwip_fuzz" > "$OUT/afl.log" 2>&1 \
		|| die "afl-fuzz failed (see $OUT/afl.log)"
	st=$OUT/out/default/fuzzer_stats
	[ -f "$st" ] || die "$st missing (see $OUT/afl.log)"
	grep -E '^(run_time|execs_done|execs_per_sec|edges_found|total_edges|bitmap_cvg|corpus_count|saved_crashes|saved_hangs) ' "$st"
	;;
*)
	echo "usage: tools/lwip_own_fuzz.sh build [multi] | run SECONDS" >&2
	exit 2
	;;
esac
