"""Regression sidecars: regressions/<target>/<name>.expect beside each reproducer.

    expect: crash | pass        required; crash = known-open bug that must still reproduce
    signature: TEXT             for crash: the crash signature (signature.py), or any
                                text that must appear in the sanitizer report
    description: TEXT           one line for humans
    as-shipped: TEXT            behaviour of the stack as distributed (informational)
    finding: WC-YYYY-NNNN       the finding this reproducer belongs to
    upstream: TEXT              upstream bug reference
Blank lines and '#' comments are ignored. A reproducer without a sidecar must pass.
"""

import re

from . import WcError, signature

KEYS = ("expect", "signature", "description", "as-shipped", "finding", "upstream")


def parse(text, path):
    out, notes = {}, []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^([a-z][a-z0-9-]*):\s*(.*)$", line)
        if not m:
            raise WcError(f"{path}:{n}: expected 'key: value', got '{line[:60]}'")
        k, v = m.group(1), m.group(2).strip()
        if k in out:
            raise WcError(f"{path}:{n}: key '{k}' repeated")
        if k not in KEYS:
            notes.append(f"{path}:{n}: unknown key '{k}' ignored")
        out[k] = v
    if "expect" not in out:
        raise WcError(f"{path}: missing 'expect: crash|pass'")
    if out["expect"] not in ("crash", "pass"):
        raise WcError(f"{path}: 'expect' must be crash or pass, got '{out['expect']}'")
    return out, notes


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return parse(f.read(), path)
    except UnicodeDecodeError:
        raise WcError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise WcError(f"{path}: cannot read: {e.strerror}") from e


def matches(expected_sig, outcome):
    """Does the crash in OUTCOME match the sidecar's EXPECTED_SIG?

    Yes when EXPECTED_SIG is the crash signature (signature.py) exactly, or
    appears verbatim in the sanitizer report, or is a prose description that
    names both the crash type (its first word, e.g. heap-buffer-overflow; an
    abort matches "abort" or "assert") with the same READ/WRITE access if it
    names one, and the top function of the signature.
    """
    if not expected_sig:
        return True
    if expected_sig == outcome.signature or expected_sig in outcome.output:
        return True
    if signature.normalize(expected_sig) == signature.normalize(outcome.signature):
        return True
    c = outcome.crash
    if c is None:
        return False
    exp = expected_sig.lower()
    words = set(re.findall(r"[a-z0-9_]+", exp))
    ctype = c.type.lower().split()
    first = ctype[0] if ctype else ""
    if first == "abrt":
        type_ok = "abort" in exp or "assert" in exp
    elif first == "divergence":
        type_ok = all(p in expected_sig for p in c.type.split()[1:])
    else:
        type_ok = first in exp
    for acc in ("read", "write"):
        if acc in ctype and (("read" in words) or ("write" in words)) and acc not in words:
            type_ok = False
    top = next((f for f in c.frames if f != "LLVMFuzzerTestOneInput"), "")
    return type_ok and (not top or top.lower() in words)
