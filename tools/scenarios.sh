#!/bin/bash
# The scenario step of `make test`: every scenario under differential/scenarios/
# and regressions/scenarios/ (if present) on every stack the CLI carries, one
# TAP line per (scenario, stack):
#   ok N - area/name.pkt on STACK
#   ok N - area/name.pkt on STACK # SKIP reason        (stack unavailable here)
#   not ok N - area/name.pkt on STACK: <packetdrill-style line>
# A known bug of a stack is recorded in a sidecar <scenario>.expect, one line
# per stack, e.g.
#   lwip: diverge R_LISTEN_SEG_ACK field=flags
#   linux: pass
# and is "ok" while it reproduces exactly (same rule and field), "not ok" when
# it stops reproducing (fixed, or failing differently); "STACK: crash" marks a
# known crash of the stack (the run ends "error: run crashed: SIGNAL"). Without a sidecar line
# a stack must pass. A scenario that does not parse is "not ok" on every stack
# with its file:line:col message.
#
# usage: tools/scenarios.sh [WIRECHECK_BINARY]   (env STACKS=model,lwip,linux)
set -u
BIN=${1:-build/release/bin/wirecheck}
STACKS=${STACKS:-model,lwip,linux}
OUT=${SCENARIO_OUT:-build/scenarios}
if [ ! -x "$BIN" ]; then
	echo "not ok 1 - scenario suite: $BIN missing (make tools)"
	exit 1
fi
dirs=()
for d in differential/scenarios regressions/scenarios; do
	[ -d "$d" ] && dirs+=("$d")
done
mapfile -t files < <(find "${dirs[@]}" -name '*.pkt' | sort)
if [ "${#files[@]}" = 0 ]; then
	echo "not ok 1 - scenario suite: no scenarios found"
	exit 1
fi
mkdir -p "$OUT"
res=$OUT/results.txt
errs=$OUT/errors.txt
"$BIN" run --stack "$STACKS" --out "$OUT" "${files[@]}" > "$res" 2> "$errs"

n=0 failed=0
IFS=, read -r -a stacks <<< "$STACKS"
for f in "${files[@]}"; do
	expect=${f%.pkt}.expect
	for s in "${stacks[@]}"; do
		n=$((n + 1))
		line=$(grep -F -m1 "$f: sut=$s " "$res")
		if [ -z "$line" ]; then
			perr=$(grep -F -m1 "$f:" "$errs")
			echo "not ok $n - $f on $s: ${perr:-no result}"
			failed=$((failed + 1))
			continue
		fi
		outcome=${line#"$f: sut=$s "}
		want=""
		[ -f "$expect" ] && want=$(sed -n "s/^$s:[[:space:]]*//p" "$expect" | head -n 1)
		case $outcome in
		pass*)
			if [ -z "$want" ] || [ "$want" = pass ]; then
				echo "ok $n - $f on $s"
			else
				echo "not ok $n - $f on $s: expected '$want' (known divergence) but it passes now: update $expect"
				failed=$((failed + 1))
			fi
			;;
		skip:*|line\ *\ skip:*)
			echo "ok $n - $f on $s # SKIP ${outcome#*skip: }"
			;;
		line\ *\ rule=*)
			rule=$(printf '%s' "$outcome" | sed -n 's/.* rule=\([^ ]*\) .*/\1/p')
			field=$(printf '%s' "$outcome" | sed -n 's/.* field=\([^:]*\):.*/\1/p')
			if [ "$want" = "diverge $rule field=$field" ]; then
				echo "ok $n - $f on $s: known divergence reproduces: $outcome"
			else
				echo "not ok $n - $f on $s: $outcome${want:+ (expected: $want)}"
				failed=$((failed + 1))
			fi
			;;
		error:\ run\ crashed:*)
			# a known crash of the stack: sidecar line "lwip: crash"
			if [ "$want" = crash ]; then
				echo "ok $n - $f on $s: known crash reproduces: $outcome"
			else
				echo "not ok $n - $f on $s: $outcome${want:+ (expected: $want)}"
				failed=$((failed + 1))
			fi
			;;
		*)
			echo "not ok $n - $f on $s: $outcome"
			failed=$((failed + 1))
			;;
		esac
	done
done
echo "1..$n"
[ "$failed" = 0 ]
