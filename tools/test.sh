#!/bin/bash
# The body of `make test`: unit tests, replay of every corpus and regression
# file through every target, the scenario suite on the stacks available, and
# a short fuzz smoke per target. One line per check; logs under
# build/test-logs/. The last line is "N passed, N failed, N skipped".
#
# usage: tools/test.sh "TARGETS" "TEST_BINS"
set -u
TARGETS=$1
TEST_BINS=$2
B=build
LOGS=$B/test-logs
SMOKE_TIME=${SMOKE_TIME:-6}
PY=/usr/bin/python3
rm -rf "$LOGS"
mkdir -p "$LOGS"

pass=0 fail=0 skip=0
failed_names=()
ok()   { pass=$((pass + 1)); printf 'PASS %s\n' "$1"; }
bad()  { fail=$((fail + 1)); failed_names+=("$1"); printf 'FAIL %s%s\n' "$1" "${2:+ ($2)}"; }
skp()  { skip=$((skip + 1)); printf 'SKIP %s: %s\n' "$1" "$2"; }
logname() { printf '%s/%s.log' "$LOGS" "$(printf '%s' "$1" | tr '/ ' '__')"; }

# A TAP stream (cmocka with CMOCKA_MESSAGE_OUTPUT=TAP, or our scripts):
# count each "ok"/"not ok" line as one check.
tap() { # name log rc
	local name=$1 log=$2 rc=$3 n=0 line t
	while IFS= read -r line; do
		case $line in
		"not ok "*) t=${line#not ok }; t=${t#* - }; bad "$name: $t"; n=$((n + 1)) ;;
		"ok "*"# SKIP"*|"ok "*"# skip"*) t=${line#ok }; t=${t#* - }; skp "$name: ${t%%#*}" "${t#*# [Ss][Kk][Ii][Pp]}"; n=$((n + 1)) ;;
		"ok "*) t=${line#ok }; t=${t#* - }; ok "$name: $t"; n=$((n + 1)) ;;
		esac
	done < "$log"
	if [ "$n" = 0 ]; then
		bad "$name" "no test results, exit $rc; see $log"
	elif [ "$rc" != 0 ] && ! grep -q '^not ok' "$log"; then
		bad "$name" "exited $rc after its tests; see $log"
	fi
}

echo "== unit tests"
for t in $TEST_BINS; do
	log=$(logname "unit-$(basename "$t")")
	CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$log" 2>&1
	tap "unit/$(basename "$t")" "$log" $?
done
for t in tools/tests/test_*.py; do
	[ -f "$t" ] || continue
	log=$(logname "unit-$(basename "$t")")
	"$PY" "$t" --tap > "$log" 2>&1
	tap "unit/$(basename "$t")" "$log" $?
done
for t in tools/tests/*.sh; do
	[ -f "$t" ] || continue
	log=$(logname "unit-$(basename "$t")")
	bash "$t" > "$log" 2>&1
	tap "unit/$(basename "$t")" "$log" $?
done

echo "== corpus replay (ASan+UBSan, no engine)"
for t in $TARGETS; do
	bin=$B/replay/bin/$t
	if [ ! -d "corpus/$t" ]; then
		bad "replay/$t" "corpus/$t missing"
		continue
	fi
	log=$(logname "replay-$t")
	if "$bin" corpus/"$t" > "$log" 2>&1; then
		ok "replay/$t: $(tail -n 1 "$log" | sed 's/^replay: //')"
	else
		bad "replay/$t" "$(grep -m1 'crashed on' "$log" || tail -n 1 "$log")"
	fi
done

echo "== regression replay"
if [ -x tools/replay_regressions.sh ]; then
	log=$(logname regressions)
	tools/replay_regressions.sh "$TARGETS" > "$log" 2>&1
	tap regressions "$log" $?
else
	for t in $TARGETS; do
		[ -d "regressions/$t" ] || continue
		log=$(logname "regress-$t")
		if "$B/replay/bin/$t" "regressions/$t" > "$log" 2>&1; then ok "regressions/$t"; else bad "regressions/$t" "see $log"; fi
	done
fi

if [ -x tools/scenarios.sh ]; then
	echo "== scenario suite"
	log=$(logname scenarios)
	tools/scenarios.sh > "$log" 2>&1
	tap scenarios "$log" $?
fi

if [ -x tools/findings-check.sh ]; then
	echo "== findings deadlines"
	log=$(logname findings)
	tools/findings-check.sh > "$log" 2>&1
	tap findings "$log" $?
	grep -i '^# *warn' "$log" || true
fi

echo "== fuzz smoke (libFuzzer + ASan + UBSan, fork mode, ${SMOKE_TIME}s each)"
# Fork mode keeps fuzzing past a crash. Every crash is then reproduced and
# classified (tools/known_crash.py): a known finding or a new crash inside
# the stack under test is the product, not a failure (new ones go to the
# private findings store's incoming queue); a crash in our own code fails.
# Crash files are written outside the repository (they may be embargoed).
smoke_root=$(mktemp -d "${TMPDIR:-/tmp}/wirecheck-smoke.XXXXXX")
trap 'rm -rf "$smoke_root"' EXIT
for t in $TARGETS; do
	bin=$B/fuzz/bin/$t
	work=$smoke_root/$t
	mkdir -p "$work/corpus" "$work/crashes"
	log=$(logname "smoke-$t")
	# shellcheck disable=SC2046
	"$bin" -seed=1 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-max_total_time="$SMOKE_TIME" -artifact_prefix="$work/crashes/" \
		$(sh tools/fuzz-args.sh "$t") "$work/corpus" corpus/"$t" > "$log" 2>&1
	rc=$?
	execs=$(grep -o 'exec/s[:]* [0-9]*' "$log" | tail -n 1)
	crashes=$(find "$work/crashes" -type f | sort)
	if [ -n "$crashes" ]; then
		# shellcheck disable=SC2086
		/usr/bin/python3 tools/known_crash.py "$t" $crashes > "$work/classes.txt" 2>&1
		crc=$?
		cat "$work/classes.txt" >> "$log"
		nk=$(grep -c '^known' "$work/classes.txt"); ns=$(grep -c '^stack' "$work/classes.txt")
		if [ "$crc" = 0 ]; then
			ok "smoke/$t: $execs; stack findings: $nk known, $ns new (queued for triage)"
		else
			bad "smoke/$t" "$(grep -m1 '^ours' "$work/classes.txt")"
		fi
	elif grep -q 'INFO: fuzzed for\|Done [0-9]* runs' "$log"; then
		ok "smoke/$t: $execs"
	else
		bad "smoke/$t" "exit $rc, see $log"
	fi
done

if [ "$fail" -gt 0 ]; then
	echo "== failures"
	for n in "${failed_names[@]}"; do echo "  $n"; done
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
