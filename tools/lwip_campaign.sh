#!/bin/sh
# Fuzz an lwIP target for a long time although known lwIP bugs crash it
# within seconds: libFuzzer's fork mode keeps going after crashes, timeouts
# and OOMs and stores every crashing input; tools/lwip_dedupe.py then sorts
# them by crash signature against the known ones in regressions/<target>/.
#
# usage: tools/lwip_campaign.sh TARGET SECONDS [OUTDIR]
#   TARGET   an lwIP fuzz target (lwip_frame, lwip_tcp, lwip_cksum, lwip_pbuf)
#   OUTDIR   default build/lwip-campaign/TARGET; holds bin (a copy of
#            build/fuzz/bin/TARGET, so rebuilding during the run changes
#            nothing), corpus/ (seeded from corpus/TARGET), artifacts/, log.txt
#            and summary.txt (seconds, executions, exec/s, cov, crashes).
# Runs at nice 10 on one job. libFuzzer's per-job files go to a temporary
# directory under $WC_CAMPAIGN_TMP (default /dev/shm when it exists): new
# corpus files are written for every job, which on a disk file system costs
# a quarter of the run.
set -eu
t=${1:?usage: lwip_campaign.sh TARGET SECONDS [OUTDIR]}
secs=${2:?usage: lwip_campaign.sh TARGET SECONDS [OUTDIR]}
out=${3:-build/lwip-campaign/$t}
case $secs in *[!0-9]*|'') echo "lwip_campaign: SECONDS must be a number, got '$secs'" >&2; exit 2 ;; esac
bin=build/fuzz/bin/$t
[ -x "$bin" ] || { echo "lwip_campaign: $bin missing (make $bin)" >&2; exit 2; }
root=$(pwd)
mkdir -p "$out/corpus" "$out/artifacts"
cp "$bin" "$out/bin.tmp" && mv "$out/bin.tmp" "$out/bin"
[ -d "corpus/$t" ] && cp -n corpus/"$t"/* "$out/corpus/" 2>/dev/null || true
tmpbase=${WC_CAMPAIGN_TMP:-}
[ -z "$tmpbase" ] && [ -d /dev/shm ] && tmpbase=/dev/shm
tmp=$(mktemp -d "${tmpbase:-${TMPDIR:-/tmp}}/wc-campaign.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
args=$(sh tools/fuzz-args.sh "$t" | sed "s#-dict=#-dict=$root/#")
start=$(date +%s)
cd "$out"
# shellcheck disable=SC2086
TMPDIR=$tmp nice -n 10 ./bin -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
	-max_total_time="$secs" -artifact_prefix=artifacts/ $args corpus > log.txt 2>&1 || true
end=$(date +%s)
last=$(grep -E '^#[0-9]+: cov:' log.txt | tail -n 1)
execs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\):.*/\1/p')
el=$((end - start))
{
	echo "target: $t"
	echo "seconds: $el"
	echo "executions: ${execs:-0}"
	echo "exec_per_sec: $(awk -v e="${execs:-0}" -v s="$el" 'BEGIN { if (s > 0) printf "%.0f", e / s; else print 0 }')"
	echo "last: $last"
	echo "artifacts: $(ls artifacts | wc -l)"
} > summary.txt.tmp && mv summary.txt.tmp summary.txt
cat summary.txt
