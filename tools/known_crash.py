#!/usr/bin/python3
"""Classify crash files a fuzz run produced: known finding, new stack finding, or our bug.

usage: known_crash.py TARGET FILE...

Each FILE is reproduced with the replay driver (ASan+UBSan) and its crash
signature is compared (tools/wcpipe/expect.py rules) with
  - every `expect: crash` sidecar under regressions/TARGET/ (disclosed,
    still-open upstream bugs), and
  - every finding record of TARGET in the private store (embargoed findings;
    $WIRECHECK_PRIVATE, see tools/wcpipe/store.py), when it exists.
One line per file:

  known <signature> (<where>)
  stack <signature> (<file>)   a NEW crash whose top frame is in the stack
                               under test (lwIP), or a NEW divergence from the
                               reference model (tcp_diff): a finding, copied into the
                               private store's incoming queue for
                               `wirecheck findings new --pending`
  ours <signature> (<file>)    a crash or failed property in wirecheck's own
                               code (lib/, models/, differential/, targets/)
  pass <file>                  no longer crashes under the replay driver

Exit status 0 when no line is `ours`, 1 otherwise, 2 on bad usage. Used by
`make test`'s fuzz smoke: finding bugs in the stack under test is the
product, not a test failure; a crash in our code is.
"""

import os
import re
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wcpipe import WcError, expect, repo, store, triage  # noqa: E402

FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-f]+ in (\S+) (\S+)")
RUNTIME = re.compile(r"^(__asan|__ubsan|__sanitizer|__interceptor|abort|raise|__GI_|__libc|"
                     r"__assert|__pthread|pthread_kill|gsignal|fuzzer::|_start|main$)")
STACK_PATHS = ("lwip-src/", "liblwip")


def known_signatures(target):
    out = []
    d = repo.path(os.path.join("regressions", target))
    if os.path.isdir(d):
        for n in sorted(os.listdir(d)):
            if n.endswith(".expect"):
                try:
                    exp, _ = expect.load(os.path.join(d, n))
                except WcError as e:
                    print(f"known_crash: {e}", file=sys.stderr)
                    continue
                if exp["expect"] == "crash":
                    out.append((exp.get("signature", ""), f"regressions/{target}/{n[:-7]}"))
    try:
        root = store.private_root(create=False)
    except WcError:
        root = None
    if root and os.path.isdir(os.path.join(root, "findings")):
        recs, _errs = store.load_all()
        for r in recs:
            if r.get("signature") and triage.covers(r, target):
                out.append((r.get("signature"), f"private finding {r.id}"))
    return out


def side(output):
    """'stack' when the first non-runtime frame of the report is the stack's code."""
    for line in output.splitlines():
        m = FRAME.match(line)
        if not m:
            continue
        fn, where = m.group(1), m.group(2)
        if RUNTIME.match(fn):
            continue
        return "stack" if any(p in where for p in STACK_PATHS) else "ours"
    return "ours"


def queue(target, path):
    try:
        d = store.incoming(target)
    except WcError as e:
        print(f"known_crash: cannot queue {path}: {e}", file=sys.stderr)
        return
    os.makedirs(d, exist_ok=True)
    dst = os.path.join(d, os.path.basename(path))
    if not os.path.exists(dst):
        shutil.copyfile(path, dst + ".tmp")
        os.replace(dst + ".tmp", dst)


def main():
    if len(sys.argv) < 3:
        print("usage: known_crash.py TARGET FILE...", file=sys.stderr)
        return 2
    target, files = sys.argv[1], sys.argv[2:]
    known = known_signatures(target)
    rc = 0
    for f in files:
        o = triage.reproduce(target, f)
        if o.status == "pass":
            print(f"pass {f}")
            continue
        if o.status == "error":
            print(f"ours error reproducing {f}: {o.output.strip()[:160]}")
            rc = 1
            continue
        hit = next((w for sig, w in known if expect.matches(sig, o)), None)
        if hit:
            print(f"known {o.signature} ({hit})")
        elif (o.crash and o.crash.kind == "divergence") or side(o.output) == "stack":
            # a divergence (tcp_diff: the model refused the stack's output)
            # is the stack's finding, although our WC_CHECK reports it
            queue(target, f)
            print(f"stack {o.signature} ({f})")
        else:
            print(f"ours {o.signature} ({f})")
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
