#!/bin/bash
# Checks of the wirecheck CLI's converters as a user runs them, printed as
# TAP ("ok N - name" / "not ok N - name"). Run from the repository root after
# `make tools`; WIRECHECK overrides the binary (default
# build/release/bin/wirecheck). Uses the seeds in corpus/pcap/; tshark is
# optional (its checks are reported as skipped without it).
set -u
W=${WIRECHECK:-build/release/bin/wirecheck}
T=build/cli-test.$$
rm -rf "$T"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT

n=0 failed=0
check() { # name command...
	local name=$1
	shift
	n=$((n + 1))
	if "$@" > "$T/last.log" 2>&1; then
		echo "ok $n - $name"
	else
		failed=1
		echo "not ok $n - $name"
		sed 's/^/# /' "$T/last.log"
	fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

if [ ! -x "$W" ]; then
	echo "1..1"
	echo "not ok 1 - $W is built (run make tools)"
	exit 1
fi

# Runs the CLI expecting failure with exit code $1, one stderr line
# matching the regex $2, and none of the paths after -- existing afterwards.
fails_cleanly() {
	local want_rc=$1 want_re=$2 rc lines
	shift 2
	local cmd=() paths=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do cmd+=("$1"); shift; done
	shift
	paths=("$@")
	"$W" "${cmd[@]}" > "$T/out" 2> "$T/err"
	rc=$?
	lines=$(wc -l < "$T/err")
	[ "$rc" = "$want_rc" ] || { echo "exit $rc, wanted $want_rc"; cat "$T/err"; return 1; }
	[ "$lines" = 1 ] || { echo "$lines stderr lines, wanted 1:"; cat "$T/err"; return 1; }
	grep -Eq "$want_re" "$T/err" || { echo "stderr does not match /$want_re/:"; cat "$T/err"; return 1; }
	for p in "${paths[@]}"; do
		if compgen -G "$p" > /dev/null; then echo "left behind: $p"; return 1; fi
	done
}

# Seeds of two captures are byte-identical, file by file.
same_frames() { # a.pcap b.pcap
	rm -rf "$T/fa" "$T/fb"
	"$W" pcap2seeds "$1" "$T/fa" --prefix f > /dev/null &&
		"$W" pcap2seeds "$2" "$T/fb" --prefix f > /dev/null &&
		[ "$(ls "$T/fa" | wc -l)" -gt 0 ] && diff -r "$T/fa" "$T/fb"
}

roundtrip() { # in.pcap [--raw]
	"$W" pcap2mpk "$1" "$T/rt.mpk" > /dev/null &&
		"$W" mpk2pcap "$T/rt.mpk" "$T/rt.pcap" ${2:-} > /dev/null &&
		same_frames "$1" "$T/rt.pcap"
}

# The mpk's size equals sum(2 + frame length): no delay words at all.
lwip_format_has_no_delay_words() {
	"$W" pcap2mpk corpus/pcap/eth-tcp-handshake.pcap "$T/l.mpk" --lwip > /dev/null || return 1
	rm -rf "$T/ls"
	"$W" pcap2seeds corpus/pcap/eth-tcp-handshake.pcap "$T/ls" > /dev/null || return 1
	local want=0 f sz
	for f in "$T"/ls/*.bin; do
		sz=$(stat -c %s "$f") || return 1
		want=$((want + 2 + sz))
	done
	[ "$want" -gt 0 ] || return 1
	[ "$(stat -c %s "$T/l.mpk")" = "$want" ] || { echo "size $(stat -c %s "$T/l.mpk") != $want"; return 1; }
	# The first word is the first frame's length, not a delay digit.
	[ "$(od -An -tx1 -N2 "$T/l.mpk" | tr -d ' ')" = "$(printf '%04x' "$(stat -c %s "$T/ls/eth-tcp-handshake-0001.bin")")" ]
}

delays_keep_the_capture_clock() {
	# big-endian.pcap: two frames 1.25 s apart -> one delay of 1250 ms.
	"$W" pcap2mpk corpus/pcap/big-endian.pcap "$T/d.mpk" > /dev/null || return 1
	# 1250 = 1*32^2 + 7*32 + 2 -> digit words 08 00, 38 00, 10 00 before frame 2.
	od -An -tx1 -v "$T/d.mpk" | tr -d ' \n' | grep -q '080038001000' || { echo "no 1250 ms delay words"; return 1; }
	"$W" mpk2pcap "$T/d.mpk" "$T/d.pcap" > /dev/null || return 1
	# Record 2's timestamp: seconds 1, microseconds 250000 (little-endian).
	local cap off
	cap=$(od -An -tu4 -j 32 -N4 "$T/d.pcap" | tr -d ' ')
	[ -n "$cap" ] || return 1
	off=$((24 + 16 + cap))
	[ "$(od -An -tu4 -j "$off" -N8 "$T/d.pcap" | tr -s ' ')" = " 1 250000" ]
}

mpk_truncated_file() {
	printf '\x00\x03abc\x00\x09xy' > "$T/trunc.mpk"
	fails_cleanly 1 "^wirecheck: $T/trunc.mpk: offset 5: multi-packet record truncated$" \
		mpk2pcap "$T/trunc.mpk" "$T/trunc.pcap" -- "$T/trunc.pcap" "$T/trunc.pcap.tmp.*"
}

existing_output_survives_failure() {
	echo previous > "$T/keep.mpk"
	fails_cleanly 1 "offset 106: pcap record truncated" \
		pcap2mpk corpus/pcap/truncated-second-record.pcap "$T/keep.mpk" -- "$T/keep.mpk.tmp.*" &&
		[ "$(cat "$T/keep.mpk")" = previous ]
}

tshark_opens() { # file.pcap expected-frames
	local got
	got=$(tshark -r "$1" -T fields -e frame.number 2> "$T/tshark.err" | wc -l)
	[ "$got" = "$2" ] || { echo "tshark read $got frames, wanted $2"; cat "$T/tshark.err"; return 1; }
	! grep -qi 'appears to\|error' "$T/tshark.err"
}

mpk2pcap_opens_in_tshark() {
	"$W" pcap2mpk corpus/pcap/eth-tcp-handshake.pcap "$T/h.mpk" > /dev/null &&
		"$W" mpk2pcap "$T/h.mpk" "$T/h.pcap" > /dev/null && tshark_opens "$T/h.pcap" 4 &&
		tshark -r "$T/h.pcap" 2> /dev/null | grep -q 'SYN, ACK'
}

mpk2pcap_raw_opens_in_tshark() {
	"$W" pcap2mpk corpus/pcap/raw-ipv4.pcap "$T/r.mpk" > /dev/null &&
		"$W" mpk2pcap "$T/r.mpk" "$T/r.pcap" --raw > /dev/null && tshark_opens "$T/r.pcap" 2 &&
		tshark -r "$T/r.pcap" 2> /dev/null | grep -q '192.0.2.1 → 192.0.2.2'
}

frame2pcap_opens_in_tshark() {
	rm -rf "$T/fs"
	"$W" pcap2seeds corpus/pcap/eth-ipv6-tcp-syn.pcap "$T/fs" --prefix s > /dev/null &&
		"$W" frame2pcap "$T/fs/s-0001.bin" "$T/f.pcap" > /dev/null && tshark_opens "$T/f.pcap" 1 &&
		tshark -r "$T/f.pcap" 2> /dev/null | grep -q '2001:db8::1 → 2001:db8::2' &&
		rm -rf "$T/fs" && "$W" pcap2seeds corpus/pcap/eth-ipv6-tcp-syn.pcap "$T/fs" --prefix s --strip-eth > /dev/null &&
		"$W" frame2pcap "$T/fs/s-0001.bin" "$T/f6.pcap" --raw > /dev/null && tshark_opens "$T/f6.pcap" 1 &&
		tshark -r "$T/f6.pcap" 2> /dev/null | grep -q 'SYN'
}

strip_eth_gives_ip_packets() {
	rm -rf "$T/se"
	"$W" pcap2seeds corpus/pcap/eth-tcp-handshake.pcap "$T/se" --strip-eth --prefix p > /dev/null || return 1
	[ "$(ls "$T/se" | wc -l)" = 4 ] || return 1
	# Every seed starts with an IPv4 header byte 0x45.
	for f in "$T"/se/p-000[1-4].bin; do [ "$(od -An -tx1 -N1 "$f" | tr -d ' ')" = 45 ] || return 1; done
}

echo "1..16"
check "pcap2mpk then mpk2pcap keeps every Ethernet frame" roundtrip corpus/pcap/eth-tcp-handshake.pcap
check "pcap2mpk then mpk2pcap --raw keeps every raw-IP packet" roundtrip corpus/pcap/raw-ipv4.pcap --raw
check "pcap2mpk reads big-endian and nanosecond captures" roundtrip corpus/pcap/nanosecond-magic.pcap
check "pcap2mpk --lwip writes lwIP 2.1.3's format without delay words" lwip_format_has_no_delay_words
check "pcap2mpk delays and mpk2pcap timestamps keep the capture's clock" delays_keep_the_capture_clock
check "pcap2mpk on a truncated capture: one line with file and offset, exit 1, no output" \
	fails_cleanly 1 '^wirecheck: corpus/pcap/truncated-second-record.pcap: offset 106: pcap record truncated' \
	pcap2mpk corpus/pcap/truncated-second-record.pcap "$T/x.mpk" -- "$T/x.mpk" "$T/x.mpk.tmp.*"
check "pcap2mpk on an unsupported link type fails at the linktype field" \
	fails_cleanly 1 '^wirecheck: corpus/pcap/unsupported-link-null.pcap: offset 20: pcap link type not supported' \
	pcap2mpk corpus/pcap/unsupported-link-null.pcap "$T/y.mpk" -- "$T/y.mpk"
check "mpk2pcap on a truncated mpk: offset of the record, exit 1, no output" mpk_truncated_file
check "a failed conversion leaves an existing output untouched" existing_output_survives_failure
check "pcap2seeds on a truncated capture writes no seed" \
	fails_cleanly 1 'offset 106: pcap record truncated' \
	pcap2seeds corpus/pcap/truncated-second-record.pcap "$T/none" -- "$T/none/*"
check "pcap2seeds --strip-eth writes the IP packets" strip_eth_gives_ip_packets
check "frame2pcap on an empty file fails without output" \
	fails_cleanly 1 'offset 0: a frame of 0 bytes' frame2pcap /dev/null "$T/e.pcap" -- "$T/e.pcap"
check "a missing argument is a usage error (exit 2)" \
	fails_cleanly 2 '^usage: wirecheck mpk2pcap IN.mpk OUT.pcap' mpk2pcap only-one -- only-one
if command -v tshark > /dev/null; then
	check "tshark opens what mpk2pcap writes (Ethernet)" mpk2pcap_opens_in_tshark
	check "tshark opens what mpk2pcap --raw writes" mpk2pcap_raw_opens_in_tshark
	check "tshark opens what frame2pcap writes (Ethernet and --raw)" frame2pcap_opens_in_tshark
else
	skip "tshark opens what mpk2pcap writes (Ethernet)" "tshark not installed"
	skip "tshark opens what mpk2pcap --raw writes" "tshark not installed"
	skip "tshark opens what frame2pcap writes (Ethernet and --raw)" "tshark not installed"
fi
exit $failed
