#!/usr/bin/python3
"""Sort a campaign's crashing inputs by crash signature, known against new.

usage: lwip_dedupe.py TARGET DIR [OUT]

Replays every file in DIR (a campaign's artifacts/, tools/lwip_campaign.sh)
through build/replay/bin/TARGET in parallel, computes its signature
(tools/wcpipe/signature.py; grouped without the access size, which varies
with the input) and compares it with the signatures of the
sidecars in regressions/TARGET/*.expect (tools/wcpipe/expect.py) and of the
findings store's records for TARGET (for an lwip_* target: of every lwip_*
target, as they all drive the same lwIP) (tools/wcpipe/store.py: public and, where
it exists on this machine, the private store). Prints one line per
signature: KNOWN or NEW, the count, the smallest input and, for a known one,
the regression file or finding it matches. With OUT, the same table is
written there (temp file + rename). Files that no longer crash are counted
as "no crash" (flaky, or the harness changed). Exit status 0; 2 on bad
arguments.
"""

import concurrent.futures
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wcpipe import WcError, atomic, expect, repo, store, triage  # noqa: E402


def family(target):
    """Targets whose known crashes count for TARGET: every lwip_* target
    drives the same lwIP, so a bug first found by one is known to all."""
    root = repo.path("regressions")
    if target.startswith("lwip") and os.path.isdir(root):
        return sorted({target} | {d for d in os.listdir(root) if d.startswith("lwip")})
    return [target]


def known_sidecars(target):
    out = []
    fam = family(target)
    for t in fam:
        d = repo.path("regressions", t)
        if not os.path.isdir(d):
            continue
        for n in sorted(os.listdir(d)):
            if n.endswith(".expect"):
                side, _ = expect.load(os.path.join(d, n))
                if side.get("expect") == "crash":
                    out.append((f"{t}/{n[:-len('.expect')]}", side.get("signature", "")))
    try:
        recs, _errs = store.load_all()
    except WcError:
        recs = []
    for r in recs:
        if r.get("target") in fam and r.get("signature"):
            out.append((r.id, r.get("signature")))
    return out


def main(argv):
    if len(argv) < 3:
        print("usage: lwip_dedupe.py TARGET DIR [OUT]", file=sys.stderr)
        return 2
    target, d = argv[1], argv[2]
    if not os.path.isdir(d):
        print(f"lwip_dedupe: {d}: not a directory", file=sys.stderr)
        return 2
    files = sorted(os.path.join(d, n) for n in os.listdir(d) if not n.startswith("."))
    known = known_sidecars(target)
    groups, nocrash, passed = {}, 0, []
    jobs = int(os.environ.get("WC_DEDUPE_JOBS", "2"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for path, o in zip(files, ex.map(lambda p: triage.reproduce(target, p), files)):
            if o.status == "pass":
                nocrash += 1
                passed.append(path)
                continue
            # one group per bug: access sizes vary with the input
            sig = re.sub(r"\b(READ|WRITE) \d+", r"\1", o.signature or o.status)
            g = groups.setdefault(sig, {"n": 0, "small": path, "outcome": o})
            g["n"] += 1
            if os.path.getsize(path) < os.path.getsize(g["small"]):
                g["small"], g["outcome"] = path, o
    lines = [f"# {target}: {len(files)} inputs, {len(groups)} signatures, {nocrash} no longer crash"]
    for sig, g in sorted(groups.items(), key=lambda kv: -kv[1]["n"]):
        match = next((name for name, s in known if s and expect.matches(s, g["outcome"])), None)
        tag = f"KNOWN {match}" if match else "NEW"
        lines.append(f"{tag}\t{g['n']}\t{g['small']}\t{sig}")
    lines += [f"# no crash on replay: {p}" for p in passed]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if len(argv) > 3:
        atomic.write_text(argv[3], text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except WcError as e:
        print(f"lwip_dedupe: {e}", file=sys.stderr)
        sys.exit(2)
