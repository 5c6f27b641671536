#!/usr/bin/python3
"""wirecheck findings: records, the 90-day clock, disclosure.

usage: findings.py [--today YYYY-MM-DD] COMMAND ...

  new TARGET FILE...            triage raw crash files into findings (reproduce, sign,
                                deduplicate, minimize, pcap); the files are copied
  new --pending [TARGET]        triage everything in the private incoming queue
  list [--all]                  findings by days left before disclosure
  show ID                       the record, its files and its clock
  triage ID [--severity S] [--title T] [--not-a-bug REASON] [--duplicate-of ID]
  describe ID --file FILE|- [--section description|impact|workaround|solution]
                                set a free-text section (the advisory's text)
  report ID --contact WHO [--date D] [--upstream REF] [--fix-promised D]
  fix ID [--date D] [--in VERSION]       the fix shipped (disclosure due now)
  fix ID --promise D                     the maintainers promised a fix date
  disclose ID [--date D]        advisory + OSV JSON, reproducer into regressions/
  export ID [-o FILE.tar.gz]    bundle for the maintainers (record, reproducers, pcap)
  check                         TAP for `make test`: warn <= 14 days, fail past deadline

Undisclosed findings live in $WIRECHECK_PRIVATE (default
$XDG_DATA_HOME/wirecheck/private or ~/.local/share/wirecheck/private), never in
the repository; disclosed ones in regressions/findings/.
"""

import argparse
import datetime
import os
import shutil
import sys
import tarfile
import tempfile

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wcpipe import WcError, advisory, atomic, deadline, record, repo, store  # noqa: E402
from wcpipe import triage as tri  # noqa: E402


def day(s):
    try:
        return record.parse_date(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def need_state(rec, allowed, verb):
    if rec.get("state") not in allowed:
        raise WcError(f"{rec.id}: cannot {verb} a finding in state '{rec.get('state')}' "
                      f"(needs {' or '.join(allowed)})")


# ---- commands ----------------------------------------------------------------

def cmd_new(a):
    if a.pending:
        target = a.files[0] if a.files else None
        counts = tri.triage_pending(target, minimize_secs=a.minimize)
        print(", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "incoming queue is empty")
        return 1 if counts.get("error") else 0
    if len(a.files) < 2:
        raise WcError("usage: findings new TARGET FILE... (or --pending)")
    target, files = a.files[0], a.files[1:]
    if target not in repo.targets():
        raise WcError(f"'{target}' is not a fuzz target (make -s print-targets)")
    rc = 0
    for f in files:
        if not os.path.isfile(f):
            print(f"{f}: reproducer missing", file=sys.stderr)
            rc = 1
            continue
        with tempfile.TemporaryDirectory() as td:
            tmp = os.path.join(td, os.path.basename(f))
            shutil.copyfile(f, tmp)
            _action, _fid, msg = tri.triage_file(target, tmp, today=a.today, minimize_secs=a.minimize, move=False)
        print(msg)
    return rc


ORDER = {"overdue": 0, "warn": 1, "ok": 2, "unreported": 3, "closed": 4}


def cmd_list(a):
    recs, errs = store.load_all()
    rows = []
    for r in recs:
        st, due, left = deadline.clock(r, a.today)
        if st == "closed" and not a.all:
            continue
        rows.append((ORDER[st], left if left is not None else 10 ** 6, r.id, st, due, left, r))
    rows.sort()
    if rows:
        print(f"{'id':<14} {'state':<10} {'sev':<8} {'days':>5}  {'due':<10}  {'target':<12} title")
    for _o, _l, fid, st, due, left, r in rows:
        days = "-" if left is None else str(left)
        flag = {"overdue": " OVERDUE", "warn": " !"}.get(st, "")
        print(f"{fid:<14} {r.get('state'):<10} {r.get('severity'):<8} {days:>5}  "
              f"{due.isoformat() if due else '-':<10}  {r.get('target'):<12} {r.get('title')[:60]}{flag}")
    if not rows:
        print("no open findings" + ("" if a.all else " (--all shows closed ones)"))
    for e in errs:
        print(f"error: {e}", file=sys.stderr)
    return 1 if errs else 0


def cmd_show(a):
    r = store.find(a.id)
    print(f"# {repo.rel(r.path)}")
    sys.stdout.write(r.format())
    st, due, left = deadline.clock(r, a.today)
    print(f"# clock: {st}" + (f", disclosure due {due} ({left} days left)" if due else ""))
    if r.date("reported"):
        print(f"# deadline: {deadline.deadline(r.date('reported'), r.date('fix-promised'))}")
    base = os.path.dirname(r.path) if not store.is_public(r) else store.private_findings()
    for rp in r.get("reproducer"):
        p = os.path.join(base, rp)
        print(f"# reproducer {rp}: " + ("present" if os.path.exists(p) else "MISSING"))
    return 0


def cmd_triage(a):
    r = store.find(a.id)
    need_state(r, ("new", "triaged"), "triage")
    if a.severity:
        r.set("severity", a.severity)
    if a.title:
        r.set("title", a.title)
    if a.not_a_bug is not None and a.duplicate_of:
        raise WcError("--not-a-bug and --duplicate-of exclude each other")
    if a.not_a_bug is not None:
        r.set("state", "not-a-bug")
        r.log(a.today, f"closed as not a bug: {a.not_a_bug}")
    elif a.duplicate_of:
        other = store.find(a.duplicate_of)
        r.set("duplicate-of", other.id)
        r.set("state", "duplicate")
        r.log(a.today, f"closed as duplicate of {other.id}")
    else:
        r.set("state", "triaged")
        r.log(a.today, f"triaged: severity {r.get('severity')}")
    store.save(r)
    print(f"{r.id}: {r.get('state')}")
    return 0


def cmd_describe(a):
    if a.section not in record.SECTIONS or a.section == "log":
        raise WcError(f"--section must be one of {', '.join(x for x in record.SECTIONS if x != 'log')}")
    text = sys.stdin.read() if a.file == "-" else atomic.read_text(a.file)
    if "\r" in text:
        raise WcError(f"{a.file}: CR line endings (records are plain LF text)")
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("== "):
            raise WcError(f"{a.file}:{n}: a line starting with '== ' would start a new section")
    r = store.find(a.id)
    if r.get("state") == "disclosed":
        raise WcError(f"{r.id} is disclosed: its record is public history; amend it in a commit")
    r.sections[a.section] = text.strip("\n") + "\n" if text.strip() else ""
    r.log(a.today, f"{a.section} " + ("updated" if text.strip() else "cleared"))
    store.save(r)
    print(f"{r.id}: {a.section} " + ("updated" if text.strip() else "cleared"))
    return 0


def cmd_report(a):
    r = store.find(a.id)
    need_state(r, ("triaged",), "report")
    when = a.date or a.today
    r.set("reported", when.isoformat())
    r.set("contact", a.contact)
    if a.upstream:
        r.set("upstream", a.upstream)
    if a.fix_promised:
        r.set("fix-promised", a.fix_promised.isoformat())
    r.set("state", "reported")
    r.log(a.today, f"reported to {a.contact} on {when}")
    store.save(r)
    dl = deadline.deadline(when, r.date("fix-promised"))
    print(f"{r.id}: reported; disclosure deadline {dl} ({(dl - a.today).days} days)")
    return 0


def cmd_fix(a):
    r = store.find(a.id)
    if a.promise:
        need_state(r, ("reported",), "record a promised fix date for")
        r.set("fix-promised", a.promise.isoformat())
        r.log(a.today, f"maintainers promised a fix by {a.promise}")
        store.save(r)
        dl = deadline.deadline(r.date("reported"), a.promise)
        print(f"{r.id}: fix promised {a.promise}; deadline {dl}")
        return 0
    need_state(r, ("reported",), "mark fixed")
    when = a.date or a.today
    r.set("fixed", when.isoformat())
    if a.fix_in:
        r.set("fixed-in", a.fix_in)
    r.set("state", "fixed")
    r.log(a.today, f"fix shipped {when}" + (f" in {a.fix_in}" if a.fix_in else ""))
    store.save(r)
    print(f"{r.id}: fixed; disclosure due {deadline.due(r.date('reported'), r.date('fix-promised'), when)}")
    return 0


def _best_reproducer(r):
    base = store.private_findings()
    for rp in r.get("reproducer"):
        p = os.path.join(base, rp)
        if os.path.isfile(p):
            return p
    raise WcError(f"{r.id}: no reproducer file present (record lists: "
                  f"{', '.join(r.get('reproducer')) or 'none'}) in {base}")


def cmd_disclose(a):
    priv = os.path.join(store.private_findings(), a.id + ".txt")
    pub = os.path.join(store.public_dir(), a.id + ".txt")
    if os.path.exists(priv) and os.path.exists(pub):
        # an earlier disclose was interrupted after publishing: finish it
        if store.load(pub).get("state") == "disclosed":
            _retire_private(a.id)
            print(f"{a.id}: completed an interrupted disclosure")
            return 0
    r = store.find(a.id)
    need_state(r, ("reported", "fixed"), "disclose")
    when = a.date or a.today
    src = _best_reproducer(r)
    target = r.get("target")
    o = tri.reproduce(target, src)
    if o.status == "error":
        raise WcError(f"{r.id}: cannot replay the reproducer: {o.output.strip()}")
    still = o.status != "pass"
    if r.get("state") == "fixed" and still and r.get("stack") == "wirecheck":
        raise WcError(f"{r.id}: marked fixed but the reproducer still fails here ({o.signature}); "
                      "fix the code or the record before disclosing")
    ext = ".pkt" if src.endswith(".pkt") else ""
    regdir = repo.path("regressions", "scenarios" if ext else target)
    # 1. public files, each atomic; the record last
    r.set("state", "disclosed")
    r.set("disclosed", when.isoformat())
    r.log(a.today, f"disclosed; regression regressions/{os.path.basename(regdir)}/{r.id}{ext} "
                   f"expects {'crash' if still else 'pass'}")
    record.validate(r)
    atomic.copy_file(src, os.path.join(regdir, r.id + ext))
    exp = [f"expect: {'crash' if still else 'pass'}",
           f"signature: {r.get('signature') if not still else o.signature}",
           f"description: {r.get('title')}",
           f"finding: {r.id}"]
    if r.get("upstream"):
        exp.append(f"upstream: {r.get('upstream')}")
    atomic.write_text(os.path.join(regdir, r.id + ext + ".expect"), "\n".join(exp) + "\n")
    pcap = os.path.join(store.artifact_dir(r.id), r.id + ".pcap")
    if os.path.exists(pcap):
        atomic.copy_file(pcap, os.path.join(store.public_dir(), r.id + ".pcap"))
    atomic.write_text(os.path.join(store.public_dir(), r.id + ".advisory.txt"), advisory.text(r))
    atomic.write_text(os.path.join(store.public_dir(), r.id + ".osv.json"), advisory.osv(r))
    r.path = pub
    store.save(r)
    # 2. retire the private copy (kept under disclosed/, never deleted)
    _retire_private(r.id)
    print(f"{r.id}: disclosed; {repo.rel(pub)}, advisory and OSV beside it; "
          f"reproducer regressions/{os.path.basename(regdir)}/{r.id}{ext} (expect {'crash' if still else 'pass'})")
    return 0


def _retire_private(fid):
    root = store.private_root()
    dst = os.path.join(root, "disclosed")
    os.makedirs(dst, exist_ok=True)
    d = store.artifact_dir(fid)
    if os.path.isdir(d):
        os.replace(d, os.path.join(dst, fid))
    p = os.path.join(store.private_findings(), fid + ".txt")
    if os.path.exists(p):
        os.replace(p, os.path.join(dst, fid + ".txt"))


def cmd_export(a):
    r = store.find(a.id)
    out = a.output or os.path.join(store.private_root(), "exports", r.id + ".tar.gz")
    if repo.inside_repo(out) and r.get("state") != "disclosed":
        raise WcError(f"{out}: refusing to export undisclosed {r.id} into the repository")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(os.path.abspath(out)))
    os.close(fd)
    try:
        with tarfile.open(tmp, "w:gz") as tf:
            tf.add(r.path, arcname=f"{r.id}/{r.id}.txt")
            d = store.artifact_dir(r.id) if not store.is_public(r) else None
            if d and os.path.isdir(d):
                for n in sorted(os.listdir(d)):
                    tf.add(os.path.join(d, n), arcname=f"{r.id}/{n}")
        os.replace(tmp, out)
    except OSError as e:
        os.unlink(tmp)
        raise WcError(f"{out}: {e.strerror}") from e
    print(out)
    return 0


def cmd_check(a):
    """TAP: one line per open finding; '# warn' lines; exit 1 on overdue or corrupt records."""
    recs, errs = store.load_all()
    lines, bad = [], 0
    for e in errs:
        lines.append(f"not ok - corrupt finding record: {e}")
        bad += 1
    for r in sorted(recs, key=lambda r: r.id):
        st, due, left = deadline.clock(r, a.today)
        if st == "closed":
            continue
        if st == "overdue":
            lines.append(f"not ok - {r.id} past its disclosure deadline {due} by {-left} days "
                         f"(state {r.get('state')}): disclose it (findings disclose {r.id})")
            bad += 1
        elif st == "warn":
            lines.append(f"ok - {r.id} disclosure due {due}, {left} days left")
            lines.append(f"# warn: {r.id} is within {deadline.WARN} days of its disclosure deadline ({due})")
        elif st == "ok":
            lines.append(f"ok - {r.id} disclosure due {due}, {left} days left")
        else:
            lines.append(f"ok - {r.id} not yet reported (state {r.get('state')}), no clock running")
    if not lines:
        lines.append("ok - no open findings # SKIP nothing to check")
    print(f"1..{sum(1 for l in lines if not l.startswith('#'))}")
    i = 0
    for l in lines:
        if not l.startswith("#"):
            i += 1
            st, rest = l.split(" - ", 1)
            l = f"{st} {i} - {rest}"
        print(l)
    return 1 if bad else 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="wirecheck findings", description=__doc__.split("\n")[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--today", type=day, default=None, help="pretend today is this date (tests)")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("new")
    s.add_argument("--pending", action="store_true")
    s.add_argument("--minimize", type=int, default=30, metavar="SECONDS")
    s.add_argument("files", nargs="*")
    s = sub.add_parser("list")
    s.add_argument("--all", action="store_true")
    s = sub.add_parser("show")
    s.add_argument("id")
    s = sub.add_parser("triage")
    s.add_argument("id")
    s.add_argument("--severity", choices=record.SEVERITIES)
    s.add_argument("--title")
    s.add_argument("--not-a-bug", metavar="REASON")
    s.add_argument("--duplicate-of", metavar="ID")
    s = sub.add_parser("describe", help="set a free-text section (description, impact, workaround, "
                       "solution: the advisory's text) from a file or stdin")
    s.add_argument("id")
    s.add_argument("--section", default="description")
    s.add_argument("--file", required=True, metavar="FILE|-")
    s = sub.add_parser("report")
    s.add_argument("id")
    s.add_argument("--contact", required=True)
    s.add_argument("--date", type=day)
    s.add_argument("--upstream")
    s.add_argument("--fix-promised", type=day)
    s = sub.add_parser("fix")
    s.add_argument("id")
    s.add_argument("--date", type=day)
    s.add_argument("--in", dest="fix_in", metavar="VERSION")
    s.add_argument("--promise", type=day, metavar="DATE")
    s = sub.add_parser("disclose")
    s.add_argument("id")
    s.add_argument("--date", type=day)
    s = sub.add_parser("export")
    s.add_argument("id")
    s.add_argument("-o", "--output")
    sub.add_parser("check")
    a = p.parse_args(argv)
    a.today = a.today or datetime.date.today()
    fn = globals()["cmd_" + a.cmd]
    try:
        return fn(a)
    except WcError as e:
        print(f"wirecheck findings: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
