"""The finding record: plain `key: value` lines, then free-text sections.

One file per finding, named <id>.txt (WC-2026-0001.txt). Layout:

    # comment lines start with '#'
    id: WC-2026-0001
    title: heap-buffer-overflow in wc_tcp_parse
    ...                       (every key of FIELDS, in that order; empty allowed
                               for optional keys; list keys may repeat)
    == description            (free text until the next '== ' line)
    ...

The parser is strict: unknown keys, repeated single keys, malformed dates, bad
enumerations, missing required keys and inconsistent states are errors that name
the file and line. Nothing is guessed.
"""

import datetime
import os
import re

from . import WcError

STATES = ("new", "triaged", "reported", "fixed", "disclosed", "not-a-bug", "duplicate")
KINDS = ("crash", "timeout", "leak", "oom", "divergence")
SEVERITIES = ("critical", "high", "medium", "low")

# (key, required, repeatable, kind) in file order; kind: text|date|int|enum name
FIELDS = (
    ("id", True, False, "id"),
    ("title", True, False, "text"),
    ("kind", True, False, KINDS),
    ("target", True, False, "text"),
    ("stack", True, False, "text"),
    ("version", False, False, "text"),
    ("signature", True, False, "text"),
    ("severity", True, False, SEVERITIES),
    ("state", True, False, STATES),
    ("first-seen", True, False, "date"),
    ("last-seen", False, False, "date"),
    ("hits", False, False, "int"),
    ("reproducer", False, True, "text"),
    ("raw-sha1", False, True, "sha1"),
    ("reported", False, False, "date"),
    ("contact", False, False, "text"),
    ("fix-promised", False, False, "date"),
    ("fixed", False, False, "date"),
    ("fixed-in", False, False, "text"),
    ("disclosed", False, False, "date"),
    ("duplicate-of", False, False, "id"),
    ("upstream", False, False, "text"),
    ("cve", False, False, "text"),
    ("reference", False, True, "text"),
    ("credit", False, True, "text"),
)
FIELD = {f[0]: f for f in FIELDS}
SECTIONS = ("description", "impact", "workaround", "solution", "log")

ID_RE = re.compile(r"^WC-(\d{4})-(\d{4,})$")
SHA1_RE = re.compile(r"^[0-9a-f]{40}$")
KEY_RE = re.compile(r"^([a-z][a-z0-9-]*):(?: (.*))?$")


def parse_date(s):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise ValueError(f"date '{s}' is not YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        raise ValueError(f"date '{s}' does not exist") from None


class Record:
    def __init__(self):
        self.fields = {}      # key -> str (single) or list of str (repeatable)
        self.lines = {}       # key -> first line number (for messages)
        self.sections = {s: "" for s in SECTIONS}
        self.path = None

    # ---- access -------------------------------------------------------
    def get(self, key):
        v = self.fields.get(key)
        if FIELD[key][2]:
            return list(v or [])
        return v or ""

    def set(self, key, value):
        if key not in FIELD:
            raise KeyError(key)
        self.fields[key] = list(value) if FIELD[key][2] else (value or "")

    def add(self, key, value):
        lst = self.get(key)
        if value not in lst:
            lst.append(value)
        self.fields[key] = lst

    def date(self, key):
        v = self.get(key)
        return parse_date(v) if v else None

    @property
    def id(self):
        return self.get("id")

    def log(self, day, text):
        self.sections["log"] = (self.sections["log"].rstrip("\n") + "\n" if self.sections["log"].strip() else "") \
            + f"{day.isoformat()} {text}\n"

    # ---- output -------------------------------------------------------
    def format(self):
        out = ["# wirecheck finding record: `wirecheck findings show <id>`; edit with care,",
               "# `wirecheck findings list` re-validates every record."]
        for key, _req, rep, _kind in FIELDS:
            if rep:
                vals = self.get(key)
                if not vals:
                    out.append(f"{key}:")
                for v in vals:
                    out.append(f"{key}: {v}")
            else:
                v = self.get(key)
                out.append(f"{key}: {v}" if v else f"{key}:")
        for s in SECTIONS:
            out.append("")
            out.append(f"== {s}")
            body = self.sections.get(s, "").strip("\n")
            for line in body.split("\n") if body else []:
                # a body line must never look like a section header
                out.append((" " + line) if line.startswith("==") else line)
        return "\n".join(out) + "\n"


def _check_value(key, value, kind):
    if kind == "date":
        parse_date(value)
    elif kind == "int":
        if not re.fullmatch(r"[1-9][0-9]*", value):
            raise ValueError(f"'{key}' must be a positive integer, got '{value}'")
    elif kind == "id":
        if not ID_RE.match(value):
            raise ValueError(f"'{key}' must look like WC-2026-0001, got '{value}'")
    elif kind == "sha1":
        if not SHA1_RE.match(value):
            raise ValueError(f"'{key}' must be 40 lowercase hex digits, got '{value}'")
    elif isinstance(kind, tuple):
        if value not in kind:
            raise ValueError(f"'{key}' must be one of {', '.join(kind)}; got '{value}'")


def parse(text, path="<record>"):
    """Parse record TEXT; raise WcError('path:line: message') on any defect."""
    r = Record()
    r.path = path
    section = None
    body = {}
    for n, line in enumerate(text.split("\n"), 1):
        if "\r" in line:
            raise WcError(f"{path}:{n}: carriage return in record (use Unix line endings)")
        if section is None:
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("== "):
                section = line[3:].strip()
                if section not in SECTIONS:
                    raise WcError(f"{path}:{n}: unknown section '{section}' (known: {', '.join(SECTIONS)})")
                body[section] = []
                continue
            m = KEY_RE.match(line)
            if not m:
                raise WcError(f"{path}:{n}: expected 'key: value' or '== section', got '{line[:60]}'")
            key, value = m.group(1), (m.group(2) or "").strip()
            if key not in FIELD:
                raise WcError(f"{path}:{n}: unknown key '{key}'")
            _k, _req, rep, kind = FIELD[key]
            if key in r.lines and not rep:
                raise WcError(f"{path}:{n}: key '{key}' repeated (first on line {r.lines[key]})")
            r.lines.setdefault(key, n)
            if value:
                try:
                    _check_value(key, value, kind)
                except ValueError as e:
                    raise WcError(f"{path}:{n}: {e}") from None
            if rep:
                if value:
                    r.add(key, value)
                else:
                    r.fields.setdefault(key, [])
            else:
                r.fields[key] = value
        else:
            if line.startswith("== "):
                section = line[3:].strip()
                if section not in SECTIONS:
                    raise WcError(f"{path}:{n}: unknown section '{section}' (known: {', '.join(SECTIONS)})")
                if section in body:
                    raise WcError(f"{path}:{n}: section '{section}' repeated")
                body[section] = []
                continue
            body[section].append(line[1:] if line.startswith(" ==") else line)
    for s, lines in body.items():
        r.sections[s] = "\n".join(lines).strip("\n") + ("\n" if "".join(lines).strip() else "")
        if not r.sections[s].strip():
            r.sections[s] = ""
    validate(r)
    return r


def validate(r):
    """Cross-field rules. Raises WcError naming the file and the line of the offending key."""
    path = r.path or "<record>"

    def fail(key, msg):
        line = r.lines.get(key)
        where = f"{path}:{line}" if line else path
        raise WcError(f"{where}: {msg}")

    for key, req, _rep, _kind in FIELDS:
        if req and not r.get(key):
            fail(key, f"required key '{key}' is missing or empty")
    base = os.path.basename(r.path or "")
    if base.endswith(".txt") and ID_RE.match(base[:-4]) and base[:-4] != r.id:
        fail("id", f"id '{r.id}' does not match the file name")
    state = r.get("state")
    if state in ("reported", "fixed", "disclosed"):
        for k in ("reported", "contact"):
            if not r.get(k):
                fail("state", f"state '{state}' needs '{k}' (when and to whom it was reported)")
    if state == "fixed" and not r.get("fixed"):
        fail("state", "state 'fixed' needs 'fixed' (the date the fix shipped)")
    if state == "disclosed" and not r.get("disclosed"):
        fail("state", "state 'disclosed' needs 'disclosed' (the publication date)")
    if state == "duplicate" and not r.get("duplicate-of"):
        fail("state", "state 'duplicate' needs 'duplicate-of'")
    if r.get("duplicate-of") == r.id:
        fail("duplicate-of", "a finding cannot duplicate itself")
    first = r.date("first-seen")
    order = [("first-seen", first), ("reported", r.date("reported")), ("fixed", r.date("fixed"))]
    prev = None
    for k, d in order:
        if d is None:
            continue
        if prev and d < prev[1]:
            fail(k, f"'{k}' ({d}) is before '{prev[0]}' ({prev[1]})")
        prev = (k, d)
    rep, dis = r.date("reported"), r.date("disclosed")
    if rep and dis and dis < rep:
        fail("disclosed", f"'disclosed' ({dis}) is before 'reported' ({rep})")
    fp = r.date("fix-promised")
    if fp and rep and fp < rep:
        fail("fix-promised", f"'fix-promised' ({fp}) is before 'reported' ({rep})")
    if fp and not rep:
        fail("fix-promised", "'fix-promised' given but the finding was never reported")
    return r


def new(**kw):
    r = Record()
    for k, v in kw.items():
        r.set(k.replace("_", "-"), v)
    return r
