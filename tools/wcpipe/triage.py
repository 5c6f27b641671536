"""Triage: raw crash -> reproduced, symbolized, signed, deduplicated, minimized finding."""

import datetime
import hashlib
import os
import time
import shutil
import subprocess

from . import WcError, atomic, pcapconv, record, repo, repro, signature, store

ENGINE_HINTS = ("timeout", "oom", "leak", "slow")


def stack_of(target):
    """What the target exercises: lwIP for lwip_* targets and tcp_diff (lwIP
    against the model: a divergence is lwIP's until triage shows the model
    wrong), else wirecheck's own code."""
    if target.startswith("lwip") or target == "tcp_diff":
        return "lwip"
    return "wirecheck"


def same_bug(rec, target, sig):
    """True when record rec is the bug that signature sig of target shows:
    equal normalized signatures, found by the same target, or by another
    target exercising the same stack (lwip_frame and lwip_tcp reach the same
    lwIP functions; the signature's frames, not the target, identify the
    bug there). wirecheck's own code is told apart per target."""
    return signature.normalize(rec.get("signature")) == signature.normalize(sig) and covers(rec, target)


def covers(rec, target):
    """True when record rec can be the bug a crash of target shows: found by
    target itself, or by another target of the same stack under test."""
    st = stack_of(target)
    return rec.get("target") == target or (st != "wirecheck" and rec.get("stack") == st)


def version_of(stack):
    if stack == "lwip":
        try:
            out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "liblwip-dev"],
                                 capture_output=True, text=True, timeout=10)
            if out.returncode == 0 and out.stdout:
                return f"lwIP {out.stdout.strip()} (Debian source package)"
        except OSError:
            pass
        return "lwIP 2.1.3"
    try:
        out = subprocess.run(["git", "-C", repo.ROOT, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return "git " + out.stdout.strip()
    except OSError:
        pass
    return "unreleased working tree"


def sha1_file(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def reproduce(target, path, timeout=25):
    """Outcome of PATH: the replay driver, then the libFuzzer binary for engine-only failures."""
    o = repro.replay(target, path, timeout=timeout)
    base = os.path.basename(path).lower()
    if o.status == "pass" and any(h in base for h in ENGINE_HINTS):
        o2 = repro.fuzz_reproduce(target, path, timeout=max(5, timeout // 2))
        if o2.status in ("crash", "timeout"):
            return o2
    if o.status == "timeout":
        o2 = repro.fuzz_reproduce(target, path, timeout=max(5, timeout // 2))
        if o2.crash and o2.crash.kind == "timeout" and o2.crash.frames:
            return o2
    return o


def _move_processed(target, path, why):
    d = store.processed(target) if why == "ok" else os.path.join(store.processed(target), why)
    os.makedirs(d, exist_ok=True)
    dst = os.path.join(d, os.path.basename(path))
    try:
        os.replace(path, dst)
    except OSError:
        shutil.copyfile(path, dst)
        os.unlink(path)


def triage_file(target, path, today=None, minimize_secs=30, move=True, log=print):
    """Triage one raw crash file. Returns (action, finding id or '', message)."""
    today = today or datetime.date.today()
    if not os.path.isfile(path):
        raise WcError(f"{path}: reproducer missing")
    sha = sha1_file(path)
    recs, errs = store.load_all()
    for e in errs:
        log(f"warning: {e}")
    for r in recs:
        if sha in r.get("raw-sha1"):
            if move:
                _move_processed(target, path, "ok")
            return ("known", r.id, f"{os.path.basename(path)}: already recorded in {r.id}")
    o = reproduce(target, path)
    if o.status == "error":
        raise WcError(f"{target}: {o.output.strip()}")
    if o.status == "pass":
        if move:
            _move_processed(target, path, "unreproducible")
        return ("unreproducible", "", f"{os.path.basename(path)}: does not reproduce with the replay driver")
    crash = o.crash
    sig = crash.signature
    for r in recs:
        if same_bug(r, target, sig):
            if store.is_public(r):
                if move:
                    _move_processed(target, path, "ok")
                return ("known", r.id, f"{os.path.basename(path)}: same signature as disclosed {r.id}")
            d = store.artifact_dir(r.id)
            atomic.copy_file(path, os.path.join(d, "raw-" + sha))
            r.add("raw-sha1", sha)
            r.set("hits", str(int(r.get("hits") or "1") + 1))
            r.set("last-seen", max(today, r.date("last-seen") or today).isoformat())
            store.save(r)
            if move:
                _move_processed(target, path, "ok")
            return ("duplicate", r.id, f"{os.path.basename(path)}: duplicate of {r.id} ({sig})")
    stack = stack_of(target)
    rec = record.new(title=crash.title[:120], kind=crash.kind, target=target, stack=stack,
                     version=version_of(stack), signature=sig, severity=crash.severity, state="new",
                     first_seen=today.isoformat(), last_seen=today.isoformat(), hits="1")
    rec.add("raw-sha1", sha)
    rec.sections["description"] = f"{crash.detail}\n" if crash.detail else ""
    rec.log(today, f"created by triage from {os.path.basename(path)} (sha1 {sha[:12]})")
    fid = store.create(rec, today)
    d = store.artifact_dir(fid)
    atomic.copy_file(path, os.path.join(d, "raw-" + sha))
    atomic.write_text(os.path.join(d, "report.txt"), o.output)
    rec.add("reproducer", f"{fid}/raw-{sha}")
    best = path
    if minimize_secs > 0 and crash.kind in ("crash", "divergence", "leak"):
        mpath = os.path.join(d, "minimized")
        if repro.minimize(target, path, mpath, seconds=minimize_secs):
            o2 = repro.replay(target, mpath)
            if o2.status == "crash" and signature.normalize(o2.signature) == signature.normalize(sig):
                rec.set("reproducer", [f"{fid}/minimized"] + rec.get("reproducer"))
                best = mpath
                rec.log(today, f"minimized by libFuzzer: {os.path.getsize(path)} -> {os.path.getsize(mpath)} bytes")
            else:
                os.unlink(mpath)
                rec.log(today, "libFuzzer minimization changed the signature; kept the raw input only")
    with open(best, "rb") as f:
        data = f.read()
    ok, why = pcapconv.convert(target, data, os.path.join(d, fid + ".pcap"))
    rec.log(today, f"pcap: {fid}/{fid}.pcap" if ok else f"no pcap: {why}")
    rec.path = os.path.join(store.private_findings(), fid + ".txt")
    store.save(rec)
    if move:
        _move_processed(target, path, "ok")
    return ("new", fid, f"{os.path.basename(path)}: new finding {fid}: {sig}")


def pending(target=None):
    """Raw files waiting in the private incoming queue, as (target, path)."""
    root = store.incoming()
    out = []
    try:
        targets = [target] if target else sorted(os.listdir(root))
    except FileNotFoundError:
        return []
    for t in targets:
        if t.startswith("."):
            continue
        d = os.path.join(root, t)
        try:
            names = sorted(os.listdir(d))
        except (FileNotFoundError, NotADirectoryError):
            continue
        out += [(t, os.path.join(d, n)) for n in names
                if not n.startswith(".") and not n.startswith("slow-unit-")
                and os.path.isfile(os.path.join(d, n))]
    return out


def triage_pending(target=None, minimize_secs=30, log=print, max_seconds=None):
    """Triage the queue (raw files are named by their hash, so the sorted
    order is a random one). With max_seconds, stop starting new files once
    that much time has gone: the rest stays queued (counted as "deferred")
    for the next pass, so a flood of duplicates of one known bug cannot eat
    a campaign's fuzzing time."""
    counts = {}
    t0 = time.monotonic()
    todo = pending(target)
    for i, (t, p) in enumerate(todo):
        if max_seconds is not None and time.monotonic() - t0 > max_seconds:
            counts["deferred"] = len(todo) - i
            log(f"{target or 'all'}: triage time box ({max_seconds}s) reached; "
                f"{len(todo) - i} raw file(s) stay queued for the next pass")
            break
        try:
            action, _fid, msg = triage_file(t, p, minimize_secs=minimize_secs, log=log)
        except WcError as e:
            action, msg = "error", str(e)
        counts[action] = counts.get(action, 0) + 1
        log(msg)
    return counts
