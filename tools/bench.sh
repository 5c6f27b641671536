#!/bin/bash
# The body of `make bench`: every figure is printed beside its baseline
# measured in the same run, and beside the target it is held to. Nothing here
# asserts; it reports.
#
# usage: tools/bench.sh "TARGETS" [PARSER_TARGETS]
set -u
TARGETS=$1
PARSERS=${2:-}
B=build
T=${BENCH_TIME:-10}
REPS=${BENCH_REPS:-3}
out=$B/bench
rm -rf "$out"; mkdir -p "$out"

execs() { # binary target [seed] -> exec/s (libFuzzer's own average)
	# A target that stops on a crash at once (a known, still-open finding in
	# the stack under test) is measured in fork mode instead, from the run
	# count and time of its last status line, and marked with '*'.
	local bin=$1 t=$2 seed=${3:-1} w=$out/$2-$(basename "$(dirname "$(dirname "$1")")")-s${3:-1}
	rm -rf "$w" && mkdir -p "$w"
	local seeds=corpus/$t
	[ -d "$seeds" ] || seeds=
	# -artifact_prefix: a crash input lands beside the log, not in the
	# working directory. timeout: without sanitizers a known heap overflow
	# can corrupt glibc's heap so that libFuzzer's crash handler deadlocks
	# in malloc, where neither -timeout nor -max_total_time reaches it.
	# shellcheck disable=SC2046
	timeout -k 5 "$((T + 60))" "$bin" -seed="$seed" -max_total_time="$T" -print_final_stats=1 -artifact_prefix="$w/" $(sh tools/fuzz-args.sh "$t") \
		"$w" $seeds > "$w.log" 2>&1
	local v
	v=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$w.log" | tail -n 1)
	if [ -n "$v" ] && ! grep -q 'ERROR: \|deadly signal\|property failed' "$w.log"; then
		echo "$v"
		return
	fi
	rm -rf "$w" && mkdir -p "$w"
	# -timeout and timeout: the same deadlock inside a fork-mode job (seen:
	# the job sat in its crash handler and the parent waited for it); the
	# bench must not hang. A job cut off by timeout still leaves the status
	# lines the figure is read from.
	# shellcheck disable=SC2046
	timeout -k 5 "$((T + 60))" "$bin" -seed="$seed" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -timeout=10 -max_total_time="$T" \
		-artifact_prefix="$w/" $(sh tools/fuzz-args.sh "$t") "$w" $seeds > "$w.fork.log" 2>&1
	awk '/^#[0-9]+: cov:/ { n = substr($1, 2) + 0; for (i = 1; i <= NF; i++) if ($i == "time:") s = $(i + 1) + 0 }
		END { if (s > 0) printf "%d*\n", n / s; else print "?" }' "$w.fork.log"
}

echo "== exec/s per target, libFuzzer, one core, ${T}s each"
echo "   baselines from this run: the same target without sanitizers, and a trivial parser (tools/bench_trivial_target.c)"
tri_a=$(execs "$B/fuzz/bench/trivial" trivial); tri_p=$(execs "$B/fuzzplain/bench/trivial" trivial)
printf '%-12s %12s %12s %9s %9s  %s\n' target asan+ubsan no-sanitizer asan/plain asan/triv "target (issue)"
printf '%-12s %12s %12s %9s %9s  %s\n' "(trivial)" "${tri_a:-?}" "${tri_p:-?}" - 1.00 "machine baseline"
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
# a / b (figures may carry a '*' or '~' mark) in format f, or "-" without a b
ratio() { awk -v a="${1%[*~]}" -v b="${2%[*~]}" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else print "-" }'; }
for t in $TARGETS; do
	goal=""; parser=0
	case " $PARSERS " in *" $t "*) goal=">= 500000 under ASan+UBSan"; parser=1 ;; esac
	[ "$t" = lwip_tcp ] && goal=">= 50000 under ASan+UBSan"
	[ "$t" = tcp_diff ] && goal=">= 100000 events/s without sanitizers (bench_diff below)"
	if [ "$parser" = 1 ]; then
		# A speed goal on a machine whose speed drifts by 10-30% from
		# minute to minute: the median of $REPS runs (seeds 1..$REPS),
		# each right after a run of the trivial target, whose ratio is
		# the asan/triv figure (median of the per-run ratios).
		as=""; rs=""
		for i in $(seq "$REPS"); do
			ti=$(execs "$B/fuzz/bench/trivial" trivial "$i"); ai=$(execs "$B/fuzz/bin/$t" "$t" "$i")
			as="$as ${ai%\*}"
			r=$(ratio "$ai" "$ti" %.3f)
			[ "$r" = - ] || rs="$rs $r"
		done
		a=$(echo $as | tr ' ' '\n' | median)
		rt=$(echo $rs | tr ' ' '\n' | median | awk '{ printf "%.2f", $1 }')
		a="$a~"
	else
		a=$(execs "$B/fuzz/bin/$t" "$t")
		rt=$(ratio "$a" "${tri_a:-0}")
	fi
	p=$(execs "$B/fuzzplain/bin/$t" "$t")
	ap=$(ratio "$a" "$p")
	printf '%-12s %12s %12s %9s %9s  %s\n' "$t" "${a:-?}" "${p:-?}" "$ap" "$rt" "$goal"
done
if [ -x "$B/bench-bin/lwip_tcp" ]; then
	# The same target on LWIP=patched: the instrumented lwIP with the local
	# fixes of open findings (make LWIP=patched; patches in the private store).
	a=$(execs "$B/bench-bin/lwip_tcp" lwip_tcp)
	rt=$(ratio "$a" "${tri_a:-0}")
	printf '%-12s %12s %12s %9s %9s  %s\n' "lwip_tcp+fix" "${a:-?}" - - "$rt" \
		"same, LWIP=patched ($(cat "$B/bench-bin/npatches") local fixes of open findings)"
fi
echo "   ~ = median of $REPS runs, each beside a trivial run just before it (asan/triv: median of those ratios)"
echo "   * = measured in fork mode (the target hits a known, still-open finding at once; fork restarts cost time)"
echo "   load while measuring: $(cut -d' ' -f1-3 /proc/loadavg) (exec/s scale with the free share of a core; compare ratios)"

echo "== scenario path: a long scenario without timers on every stack (target: linux >= 10000 events/s)"
sh tools/bench_scenario.sh

for b in bench_cksum bench_model bench_lwip bench_diff; do
	if [ -x "$B/release/bin/$b" ]; then
		echo "== $b"
		"$B/release/bin/$b"
	fi
done
