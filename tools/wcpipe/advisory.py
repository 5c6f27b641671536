"""Disclosure documents: the advisory text and an OSV record."""

import json
import textwrap

from . import deadline


def _para(text, fallback):
    text = (text or "").strip()
    return text if text else fallback


def _wrap(text):
    out = []
    for para in text.split("\n\n"):
        if any(l.startswith((" ", "\t", "-", "*")) for l in para.split("\n")):
            out.append(para)
        else:
            out.append(textwrap.fill(" ".join(para.split()), 76))
    return "\n\n".join(out)


def subject(rec):
    return "wirecheck's own packet library" if rec.get("stack") == "wirecheck" else rec.get("stack")


def affected(rec):
    return f"{rec.get('stack')} {rec.get('version')}".strip()


def timeline(rec):
    rows = [(rec.date("first-seen"), f"found by wirecheck (fuzz target {rec.get('target')})")]
    if rec.date("reported"):
        rows.append((rec.date("reported"), f"reported to {rec.get('contact')}"))
        dl = deadline.deadline(rec.date("reported"), rec.date("fix-promised"))
        rows.append((None, f"disclosure deadline {dl.isoformat()} (90 days"
                           f"{' + 14-day grace' if (dl - rec.date('reported')).days > 95 else ''})"))
    if rec.date("fix-promised"):
        rows.append((rec.date("fix-promised"), "fix date promised by the maintainers"))
    if rec.date("fixed"):
        rows.append((rec.date("fixed"), "fix released" + (f" in {rec.get('fixed-in')}" if rec.get("fixed-in") else "")))
    rows.append((rec.date("disclosed"), "advisory published"))
    keyed, last = [], None
    for d, t in rows:                      # undated rows stay after the row they follow
        last = d or last
        keyed.append((last, len(keyed), d, t))
    rows = [(d, t) for _k, _n, d, t in sorted(keyed, key=lambda x: (x[0], x[1]))]
    return "\n".join(f"  {d.isoformat() if d else '          '}  {t}" for d, t in rows)


def text(rec):
    fid = rec.id
    solution_default = (f"Upgrade to {rec.get('fixed-in')}." if rec.get("fixed-in")
                        else "No fixed release exists at the time of disclosure.")
    refs = rec.get("reference") + ([rec.get("upstream")] if rec.get("upstream") else [])
    parts = [
        f"wirecheck advisory {fid}: {rec.get('title')}",
        "",
        f"Affected:   {affected(rec)}",
        f"Severity:   {rec.get('severity')}",
        f"Kind:       {rec.get('kind')}",
        f"Signature:  {rec.get('signature')}",
        f"CVE:        {rec.get('cve') or 'none assigned'}",
        f"Reproducer: regressions/{rec.get('target')}/{fid} (pcap: regressions/findings/{fid}.pcap when the "
        "input is a packet format)",
        "",
        "Background",
        "----------",
        _wrap(f"{subject(rec)} "
              "is exercised by wirecheck, a fuzzing and differential conformance "
              f"suite for TCP/IP stacks. The fuzz target '{rec.get('target')}' feeds generated inputs to "
              "it under AddressSanitizer and UndefinedBehaviorSanitizer and checks stated properties; "
              "differential runs compare it with a reference TCP model that cites the RFCs."),
        "",
        "Problem",
        "-------",
        _wrap(_para(rec.sections["description"], rec.get("title"))),
        "",
        "Impact",
        "------",
        _wrap(_para(rec.sections["impact"], "Not assessed.")),
        "",
        "Workaround",
        "----------",
        _wrap(_para(rec.sections["workaround"], "None known.")),
        "",
        "Solution",
        "--------",
        _wrap(_para(rec.sections["solution"], solution_default)),
        "",
        "Timeline",
        "--------",
        timeline(rec),
        "",
        "References",
        "----------",
        "\n".join(f"  {r}" for r in refs) or "  none",
        "",
        "Credits",
        "-------",
        "\n".join(f"  {c}" for c in rec.get("credit")) or "  Found with wirecheck.",
    ]
    return "\n".join(parts) + "\n"


def osv(rec):
    """An OSV (schema 1.6) record for REC as a JSON string."""
    when = rec.get("disclosed") + "T00:00:00Z"
    aff = {"database_specific": {"stack": rec.get("stack"), "version": rec.get("version"),
                                 "target": rec.get("target")}}
    if rec.get("stack") == "lwip":
        aff["package"] = {"ecosystem": "Debian:12", "name": "lwip"}
        ver = rec.get("version").split()
        if len(ver) >= 2:
            aff["versions"] = [ver[1]]
        if rec.get("fixed-in"):
            aff["ranges"] = [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": rec.get("fixed-in")}]}]
    refs = [{"type": "WEB", "url": r} for r in rec.get("reference") if "://" in r]
    if rec.get("upstream") and "://" in rec.get("upstream"):
        refs.insert(0, {"type": "REPORT", "url": rec.get("upstream")})
    doc = {
        "schema_version": "1.6.0",
        "id": rec.id,
        "modified": when,
        "published": when,
        "aliases": [rec.get("cve")] if rec.get("cve") else [],
        "summary": rec.get("title")[:120],
        "details": "\n\n".join(s for s in (rec.sections["description"].strip(), rec.sections["impact"].strip()) if s)
                   or rec.get("title"),
        "affected": [aff],
        "references": refs,
        "credits": [{"name": c} for c in rec.get("credit")],
        "database_specific": {"severity": rec.get("severity"), "kind": rec.get("kind"),
                              "signature": rec.get("signature"), "reported": rec.get("reported"),
                              "fixed": rec.get("fixed")},
    }
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"
