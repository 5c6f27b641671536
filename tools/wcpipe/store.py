"""Finding stores.

Private (embargoed) store, OUTSIDE the repository:
    $WIRECHECK_PRIVATE                       (default $XDG_DATA_HOME/wirecheck/private,
                                              else ~/.local/share/wirecheck/private)
      findings/<id>.txt                      the record
      findings/<id>/                         reproducers, stack traces, pcaps
      incoming/<target>/                     raw crashes waiting for triage
      incoming/.processed/<target>/          raw crashes already triaged (kept)
      continuous/                            AFL++ output dirs of continuous runs
Public store, inside the repository, for disclosed findings only:
    regressions/findings/<id>.txt            the record
    regressions/findings/<id>.advisory.txt   the advisory
    regressions/findings/<id>.osv.json       OSV record
    regressions/<target>/<id>  + .expect     the reproducer, replayed by `make test`
Nothing undisclosed is ever written under the repository.
"""

import datetime
import os
import re

from . import WcError, atomic, record, repo



def public_dir():
    return repo.path("regressions", "findings")


def private_root(create=True):
    p = os.environ.get("WIRECHECK_PRIVATE")
    if not p:
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
        p = os.path.join(base, "wirecheck", "private")
    p = os.path.abspath(p)
    if repo.inside_repo(p):
        raise WcError(f"private store {p} is inside the repository; set WIRECHECK_PRIVATE to a "
                      "directory outside it (embargoed findings must never enter the public tree)")
    if create:
        try:
            os.makedirs(p, mode=0o700, exist_ok=True)
        except OSError as e:
            raise WcError(f"{p}: cannot create private store: {e.strerror}") from e
    return p


def private_findings():
    return os.path.join(private_root(), "findings")


def incoming(target=None):
    d = os.path.join(private_root(), "incoming")
    return os.path.join(d, target) if target else d


def processed(target):
    return os.path.join(private_root(), "incoming", ".processed", target)


def artifact_dir(fid):
    """Directory holding a private finding's files (reproducers, traces, pcaps)."""
    return os.path.join(private_findings(), fid)


def _records_in(d):
    try:
        names = sorted(os.listdir(d))
    except FileNotFoundError:
        return []
    except OSError as e:
        raise WcError(f"{d}: cannot list: {e.strerror}") from e
    return [os.path.join(d, n) for n in names
            if n.endswith(".txt") and record.ID_RE.match(n[:-4])]


def load(path):
    return record.parse(atomic.read_text(path), path)


def load_all():
    """(records, errors): every parsable record of both stores, and one message per bad one."""
    recs, errs, seen = [], [], {}
    for d in (private_findings(), public_dir()):
        for p in _records_in(d):
            try:
                r = load(p)
            except WcError as e:
                errs.append(str(e))
                continue
            if r.id in seen:
                errs.append(f"{p}: {r.id} also exists as {seen[r.id]} (a record must live in exactly one store)")
                continue
            seen[r.id] = p
            recs.append(r)
    return recs, errs


def find(fid):
    if not record.ID_RE.match(fid):
        raise WcError(f"'{fid}' is not a finding id (WC-YYYY-NNNN)")
    hits = [p for p in (os.path.join(private_findings(), fid + ".txt"), os.path.join(public_dir(), fid + ".txt"))
            if os.path.exists(p)]
    if not hits:
        raise WcError(f"{fid}: no such finding (looked in the private store and regressions/findings/)")
    if len(hits) > 1:
        raise WcError(f"{fid}: record exists in both the private store and regressions/findings/; "
                      "remove the stale one by hand")
    return load(hits[0])


def is_public(rec):
    return os.path.dirname(os.path.abspath(rec.path)) == os.path.abspath(public_dir())


def save(rec):
    """Re-validate REC and write it atomically where it lives (never public unless disclosed)."""
    record.validate(rec)
    if rec.path is None:
        raise WcError(f"{rec.id}: record has no location")
    if repo.inside_repo(rec.path) and rec.get("state") != "disclosed":
        raise WcError(f"{rec.id}: refusing to write an undisclosed finding under the repository")
    atomic.write_text(rec.path, rec.format())


def create(rec, today=None):
    """Allocate the next id of TODAY's year, store REC privately; returns the id."""
    today = today or datetime.date.today()
    year = today.year
    used = 0
    for d in (private_findings(), public_dir()):
        for p in _records_in(d):
            m = record.ID_RE.match(os.path.basename(p)[:-4])
            if m and int(m.group(1)) == year:
                used = max(used, int(m.group(2)))
    n = used + 1
    while True:
        fid = f"WC-{year}-{n:04d}"
        rec.set("id", fid)
        rec.path = os.path.join(private_findings(), fid + ".txt")
        record.validate(rec)
        if not os.path.exists(os.path.join(public_dir(), fid + ".txt")) and \
                atomic.create_exclusive(rec.path, rec.format()):
            return fid
        n += 1


def safe_name(s):
    return re.sub(r"[^A-Za-z0-9._-]", "_", s)
