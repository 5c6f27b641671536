#!/bin/sh
# Replay every regressions/<target>/ file of the lwIP targets through the
# binaries built against Debian's liblwip.so as shipped (no sanitizers):
# plainly (lwIP assertions abort) and under valgrind (memory errors).
# Prints one line per file and compares with the "as-shipped:" line of its
# .expect sidecar; exits 1 on any disagreement.
# usage: tools/lwip_asshipped.sh BINDIR TARGET...
set -u
bindir=$1; shift
rc=0
for t in "$@"; do
	[ -d "regressions/$t" ] || continue
	if [ ! -x "$bindir/$t" ]; then
		echo "lwip_asshipped: $bindir/$t not built" >&2
		rc=1
		continue
	fi
	for f in regressions/"$t"/*; do
		case $f in *.expect|*.md|*.txt) continue ;; esac
		[ -f "$f" ] || continue
		got="does not"
		how=""
		if ! "$bindir/$t" "$f" >/tmp/.wc_asshipped.$$ 2>&1; then
			got="reproduces"
			how=$(grep -m1 -E 'Assertion|property failed|ERROR|malloc|free\(\)|corrupt' /tmp/.wc_asshipped.$$ || echo "non-zero exit")
		elif command -v valgrind >/dev/null 2>&1; then
			if ! valgrind -q --error-exitcode=99 "$bindir/$t" "$f" >/tmp/.wc_asshipped.$$ 2>&1; then
				got="reproduces"
				how="valgrind: $(grep -m1 -E 'Invalid (read|write)|uninitialised' /tmp/.wc_asshipped.$$ | sed 's/^==[0-9]*== //')"
			fi
		else
			got="untested"
			how="valgrind not installed"
		fi
		want=$(sed -n 's/^as-shipped: *//p' "$f.expect" 2>/dev/null | head -n 1)
		printf '%-10s %s: as shipped %s%s (expect: %s)\n' "$t" "$f" "$got" "${how:+ -- $how}" "${want:-none}"
		if [ -n "$want" ] && [ "$want" != "$got" ]; then rc=1; fi
	done
done
rm -f /tmp/.wc_asshipped.$$
exit $rc
