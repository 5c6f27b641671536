#!/bin/sh
# Executions per second of libFuzzer binaries over one fixed set of inputs,
# side by side in the same run (for lwIP targets, whose known bugs stop an
# ordinary libFuzzer run within seconds, so its own exec/s figure is empty).
#
# usage: tools/lwip_speed.sh DIR BINARY...
#   DIR      inputs (e.g. a campaign corpus); inputs that crash a binary
#            make its figure "?"
# For each binary: every file of DIR is executed 1 time, then 1 + R times
# (libFuzzer's -runs=N on individual files reads a file once and runs it N
# times); exec/s = R * files / (t(1 + R) - t(1)), so process start-up and
# file reading cancel out. R defaults to 20 (WC_SPEED_RUNS).
set -eu
dir=${1:?usage: lwip_speed.sh DIR BINARY...}
shift
[ -d "$dir" ] || { echo "lwip_speed: $dir: not a directory" >&2; exit 2; }
R=${WC_SPEED_RUNS:-20}
n=$(find "$dir" -maxdepth 1 -type f | wc -l)
[ "$n" -gt 0 ] || { echo "lwip_speed: $dir: no inputs" >&2; exit 2; }
now() { date +%s.%N; }
for bin in "$@"; do
	[ -x "$bin" ] || { echo "lwip_speed: $bin: not executable" >&2; exit 2; }
	t0=$(now)
	ok=1
	find "$dir" -maxdepth 1 -type f -print0 | xargs -0 "$bin" -runs=1 >/dev/null 2>&1 || ok=0
	t1=$(now)
	find "$dir" -maxdepth 1 -type f -print0 | xargs -0 "$bin" -runs=$((R + 1)) >/dev/null 2>&1 || ok=0
	t2=$(now)
	if [ $ok = 1 ]; then
		awk -v a="$t0" -v b="$t1" -v c="$t2" -v r="$R" -v n="$n" -v bin="$bin" \
			'BEGIN { d = (c - b) - (b - a); printf "%-40s %8.0f exec/s  (%d inputs x %d runs, %.2f s)\n", bin, (d > 0 ? r * n / d : 0), n, r, d }'
	else
		printf '%-40s %8s exec/s  (an input crashed)\n' "$bin" "?"
	fi
done
