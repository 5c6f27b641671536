#!/bin/sh
# `make coverage`: clang source-based coverage per fuzz target.
#   build/coverage/bin/<t>           replay driver built with -fprofile-instr-generate
#                                    -fcoverage-mapping (Makefile variant "coverage";
#                                    lwIP targets link lwIP compiled the same way, so
#                                    lwIP's own code is in their reports)
#   inputs replayed                  corpus/<t>, build/continuous/corpus/<t>, and the
#                                    regressions/<t> files expected to pass
#   build/coverage/html/<t>/index.html   llvm-cov HTML report
#   build/coverage/summary.txt       one line per target: line / function / region coverage
# usage: tools/coverage.sh ["TARGETS"]   (default: make -s print-targets)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
V=${CLANG_VER:-14}
PROFDATA=$(command -v "llvm-profdata-$V" || echo "/usr/lib/llvm-$V/bin/llvm-profdata")
COV=$(command -v "llvm-cov-$V" || echo "/usr/lib/llvm-$V/bin/llvm-cov")
[ -x "$PROFDATA" ] && [ -x "$COV" ] || { echo "coverage: llvm-profdata-$V / llvm-cov-$V not found (make deps)" >&2; exit 1; }
TARGETS=${1:-$(make -s --no-print-directory print-targets)}
C=build/coverage
mkdir -p "$C/prof" "$C/html"
sum_tmp=$C/.summary.tmp
: > "$sum_tmp"
fail=0
for t in $TARGETS; do
	bin=$C/bin/$t
	if ! make -s --no-print-directory "$bin" > "$C/build-$t.log" 2>&1; then
		echo "coverage: $t: build failed, skipped ($(tail -n 1 "$C/build-$t.log"))"
		echo "$t: build failed" >> "$sum_tmp"
		fail=1
		continue
	fi
	rm -rf "$C/prof/$t"
	mkdir -p "$C/prof/$t"
	list=$C/prof/$t.inputs
	: > "$list"
	for d in "corpus/$t" "build/continuous/corpus/$t"; do
		[ -d "$d" ] && find "$d" -type f ! -name '.*' ! -name '*.expect' ! -name '*.md' ! -name '*.txt' >> "$list"
	done
	if [ -d "regressions/$t" ]; then
		# reproducers of open bugs crash (no profile would be written): only 'expect: pass'
		find "regressions/$t" -type f ! -name '.*' ! -name '*.expect' ! -name '*.md' ! -name '*.txt' |
		while IFS= read -r f; do
			if [ ! -f "$f.expect" ] || grep -q '^expect: *pass' "$f.expect"; then echo "$f"; fi
		done >> "$list"
	fi
	n=$(wc -l < "$list")
	if [ "$n" = 0 ]; then
		echo "coverage: $t: no inputs, skipped"
		echo "$t: no inputs" >> "$sum_tmp"
		continue
	fi
	# in chunks, so one crashing input costs only its chunk; %p keeps profiles apart
	split -l 500 "$list" "$C/prof/$t/chunk."
	for ch in "$C/prof/$t"/chunk.*; do
		tr '\n' '\0' < "$ch" | LLVM_PROFILE_FILE="$C/prof/$t/%p.profraw" \
			ASAN_OPTIONS=detect_leaks=0 xargs -0 "$bin" -q > /dev/null 2>&1 || {
			# An input in this chunk crashes (a known finding of the stack
			# under test) and the process died before writing its profile:
			# replay the chunk one input per process instead, so only the
			# crashing inputs themselves are missing from the report.
			n=0
			while IFS= read -r f; do
				LLVM_PROFILE_FILE="$C/prof/$t/%p.profraw" ASAN_OPTIONS=detect_leaks=0 \
					"$bin" -q "$f" > /dev/null 2>&1 || n=$((n + 1))
			done < "$ch"
			echo "coverage: $t: $n input(s) crash and are left out of the profile (replayed one per process)"
		}
	done
	if ! ls "$C/prof/$t"/*.profraw > /dev/null 2>&1; then
		echo "coverage: $t: no profile written"; fail=1; continue
	fi
	"$PROFDATA" merge -sparse "$C/prof/$t"/*.profraw -o "$C/prof/$t.profdata" || { fail=1; continue; }
	rm -rf "$C/html/$t.tmp"
	"$COV" show "$bin" -instr-profile="$C/prof/$t.profdata" -format=html \
		-show-line-counts-or-regions -output-dir="$C/html/$t.tmp" > /dev/null || { fail=1; continue; }
	rm -rf "$C/html/$t"
	mv "$C/html/$t.tmp" "$C/html/$t"
	line=$("$COV" report "$bin" -instr-profile="$C/prof/$t.profdata" | awk '/^TOTAL/ {print "regions " $4 ", functions " $7 ", lines " $10}')
	echo "$t: $n inputs, $line  ($C/html/$t/index.html)" | tee -a "$sum_tmp"
done
mv "$sum_tmp" "$C/summary.txt"
exit $fail
