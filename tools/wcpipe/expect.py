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

from . import WcError

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
    """A crash matches when its signature equals EXPECTED_SIG, or EXPECTED_SIG is found in the report."""
    if not expected_sig:
        return True
    return expected_sig == outcome.signature or expected_sig in outcome.output
