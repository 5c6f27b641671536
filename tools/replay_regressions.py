#!/usr/bin/python3
"""Replay every reproducer under regressions/ with its expected outcome (TAP).

usage: replay_regressions.py ["TARGET TARGET ..."]

  regressions/<target>/<name>          run through build/replay/bin/<target>;
  regressions/<target>/<name>.expect   sidecar: expect: crash|pass, signature: ...
                                       (see tools/wcpipe/expect.py). No sidecar:
                                       the file must pass.
  regressions/scenarios/*.pkt          not here: tools/scenarios.sh runs them on
                                       every stack (the scenario step of make test)
  regressions/findings/                disclosed finding records (not replayed)

expect pass  -> must run clean (a crash is a regression)
expect crash -> must still crash with a matching signature (a pass means the
                bug was fixed upstream: update the sidecar)
Exit status 1 when any line is "not ok".
"""

import os
import sys

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wcpipe import WcError, expect, repo, store, triage  # noqa: E402

SIDECARS = (".expect", ".md", ".txt")


def inputs(d):
    out = []
    for base, dirs, files in os.walk(d):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for n in sorted(files):
            if n.startswith(".") or n.endswith(SIDECARS):
                continue
            out.append(os.path.join(base, n))
    return out


def check_file(target, path):
    """(ok, description, note) for one reproducer."""
    name = os.path.relpath(path, repo.path("regressions"))
    side = path + ".expect"
    exp, notes = {"expect": "pass"}, []
    if os.path.exists(side):
        try:
            exp, notes = expect.load(side)
        except WcError as e:
            return False, f"{name}: {e}", notes
    want = exp["expect"]
    o = triage.reproduce(target, path)
    if o.status == "error":
        return False, f"{name} (expect {want}): {o.output.strip()[:200]}", notes
    got = "pass" if o.status == "pass" else "crash"
    if want == "pass":
        if got == "pass":
            return True, f"{name} (expect pass)", notes
        return False, f"{name} (expect pass): regression, now fails: {o.signature}", notes
    if got == "pass":
        return False, (f"{name} (expect crash): no longer reproduces; fixed upstream? "
                       f"update {os.path.basename(side)} to 'expect: pass'"), notes
    if not expect.matches(exp.get("signature", ""), o):
        return False, (f"{name} (expect crash): crashes with a different signature: {o.signature} "
                       f"(expected {exp.get('signature')})"), notes
    return True, f"{name} (expect crash: {o.signature})", notes


def private_lines(targets):
    """Embargoed findings in the private store (never in the repository) replay
    too when the store exists on this machine: each open finding's reproducer
    must still crash with its recorded signature. In a fresh clone (CI) there
    is no store, and one skip line says so."""
    try:
        root = store.private_root(create=False)
    except WcError as e:
        return [f"not ok - private store: {e}"]
    if not os.path.isdir(os.path.join(root, "findings")):
        return ["ok - private findings store # SKIP no private store on this machine "
                "(embargoed findings are replayed where $WIRECHECK_PRIVATE exists)"]
    recs, errs = store.load_all()
    out = [f"not ok - private store: {e}" for e in errs]
    for r in sorted(recs, key=lambda r: r.id):
        if store.is_public(r) or r.get("state") in ("not-a-bug", "duplicate", "disclosed"):
            continue
        t = r.get("target")
        if t not in targets:
            out.append(f"ok - private {r.id} ({t}) # SKIP target not built here")
            continue
        reps = [x for x in r.get("reproducer") if x]
        if not reps:
            if r.get("state") == "new":
                # triage creates the record first (to allocate the id) and
                # names the reproducer once it is copied and minimized
                out.append(f"ok - private {r.id} ({t}) # SKIP being triaged (no reproducer named yet)")
            else:
                out.append(f"not ok - private {r.id} ({t}): record names no reproducer")
            continue
        path = os.path.join(store.private_findings(), reps[0])
        if not os.path.exists(path):
            out.append(f"not ok - private {r.id} ({t}): reproducer {reps[0]} missing")
            continue
        o = triage.reproduce(t, path)
        if o.status == "pass":
            out.append(f"not ok - private {r.id} ({t}): no longer reproduces; fixed? "
                       f"(`wirecheck findings fix {r.id}`)")
        elif o.status == "error":
            out.append(f"not ok - private {r.id} ({t}): {o.output.strip()[:160]}")
        elif expect.matches(r.get("signature"), o):
            out.append(f"ok - private {r.id} ({t}) still reproduces: {o.signature}")
        else:
            out.append(f"not ok - private {r.id} ({t}): different signature {o.signature} "
                       f"(recorded {r.get('signature')})")
    return out


def main():
    targets = sys.argv[1].split() if len(sys.argv) > 1 and sys.argv[1].strip() else repo.targets()
    root = repo.path("regressions")
    lines = []
    dirs = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))) if os.path.isdir(root) else []
    for d in dirs:
        full = os.path.join(root, d)
        if d == "findings" or d.startswith("."):
            continue
        if d == "scenarios":
            continue      # scenario regressions run on every stack in tools/scenarios.sh
        if d not in targets:
            if os.path.exists(repo.path("targets", d + ".c")):
                lines.append(f"ok - regressions/{d} # SKIP targets/{d}.c is not in the Makefile's TARGETS "
                             "(not built by make test)")
            else:
                lines.append(f"not ok - regressions/{d}: no fuzz target '{d}' (no targets/{d}.c, "
                             "not in the Makefile's TARGETS)")
            continue
        for p in inputs(full):
            ok, desc, notes = check_file(d, p)
            lines.append(("ok" if ok else "not ok") + " - " + desc)
            lines += [f"# {n}" for n in notes]
        for base, _ds, files in os.walk(full):
            for n in sorted(files):
                if n.endswith(".expect") and not os.path.exists(os.path.join(base, n[:-7])):
                    lines.append(f"not ok - {os.path.relpath(os.path.join(base, n), root)}: "
                                 "reproducer missing (sidecar without its input file)")
    lines += private_lines(targets)
    if not any(not l.startswith("#") for l in lines):
        lines.append("ok - no regression files yet # SKIP regressions/ holds no reproducers")
    n = sum(1 for l in lines if not l.startswith("#"))
    print(f"1..{n}")
    i = 0
    for l in lines:
        if l.startswith("#"):
            print(l)
            continue
        i += 1
        st, rest = l.split(" - ", 1)
        print(f"{st} {i} - {rest}")
    sys.stdout.flush()
    return 1 if any(l.startswith("not ok") for l in lines) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except WcError as e:
        print(f"not ok 1 - replay_regressions: {e}")
        sys.exit(1)
