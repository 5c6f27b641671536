#!/bin/sh
# `make oss-fuzz-check`: run tools/oss-fuzz/build.sh locally with the variables
# OSS-Fuzz sets, twice (libFuzzer + ASan, then AFL++ + ASan), then run every
# produced binary on its <target>_seed_corpus.zip. Outputs under build/oss-fuzz/.
# One line per step; exit 1 if a build or a seed run failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
CLANG_VER=${CLANG_VER:-14}
ASAN_CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope"
fail=0

run_build() { # name CC CXX CFLAGS ENGINE OUT
	name=$1 out=$6
	work=build/oss-fuzz/work-$name
	rm -rf "$out" "$work"
	mkdir -p "$out" "$work"
	log=build/oss-fuzz/build-$name.log
	if env CC="$2" CXX="$3" CFLAGS="$4" CXXFLAGS="$4" LIB_FUZZING_ENGINE="$5" \
		OUT="$top/$out" SRC="$(dirname "$top")" WORK="$top/$work" WIRECHECK_SRC="$top" \
		SANITIZER=address FUZZING_ENGINE="$name" ARCHITECTURE=x86_64 \
		bash tools/oss-fuzz/build.sh > "$log" 2>&1; then
		echo "ok   build ($name): $(ls "$out" | grep -cv '\.') binaries in $out"
	else
		echo "FAIL build ($name): see $log"; tail -n 8 "$log" | sed 's/^/     /'
		fail=1
	fi
}

run_seeds() { # name OUT
	name=$1 out=$2
	for bin in "$out"/*; do
		case $bin in *.*) continue ;; esac
		[ -x "$bin" ] || continue
		t=$(basename "$bin")
		zipf=$out/${t}_seed_corpus.zip
		if [ ! -f "$zipf" ]; then
			echo "FAIL seeds ($name) $t: no ${t}_seed_corpus.zip"; fail=1; continue
		fi
		d=build/oss-fuzz/seeds-$name/$t
		rm -rf "$d"; mkdir -p "$d"
		unzip -q -o "$zipf" -d "$d" || { echo "FAIL seeds ($name) $t: bad zip"; fail=1; continue; }
		n=$(find "$d" -type f | wc -l)
		log=build/oss-fuzz/seeds-$name-$t.log
		if [ "$name" = libfuzzer ]; then
			"$bin" -runs=0 -rss_limit_mb=2560 -timeout=25 "$d" > "$log" 2>&1
		else
			find "$d" -type f -print0 | xargs -0 "$bin" > "$log" 2>&1
		fi
		rc=$?
		if [ $rc = 0 ]; then
			echo "ok   seeds ($name) $t: $n inputs"
		else
			echo "FAIL seeds ($name) $t: exit $rc, see $log"; fail=1
		fi
	done
}

mkdir -p build/oss-fuzz
run_build libfuzzer "clang-$CLANG_VER" "clang++-$CLANG_VER" "$ASAN_CFLAGS -fsanitize=fuzzer-no-link" \
	"-fsanitize=fuzzer" build/oss-fuzz/out
run_seeds libfuzzer build/oss-fuzz/out
if command -v afl-clang-fast > /dev/null && [ -f /usr/lib/afl/libAFLDriver.a ]; then
	export AFL_QUIET=1
	run_build afl afl-clang-fast afl-clang-fast++ "$ASAN_CFLAGS" \
		/usr/lib/afl/libAFLDriver.a build/oss-fuzz/out-afl
	run_seeds afl build/oss-fuzz/out-afl
else
	echo "skip AFL++ pass: afl-clang-fast or libAFLDriver.a missing (make deps)"
fi
exit $fail
