#!/usr/bin/python3
"""Minimize a divergence scenario: delta debugging (ddmin) over its event lines.

usage: scenario_min.py --stack STACK [--rule R_X --field F] [--timeout S]
                       [--max-runs N] [--wirecheck PATH] IN.pkt OUT.pkt

The divergence to keep is (stack, rule, field): by default the one the
original scenario reports on STACK (`wirecheck run --stack STACK IN.pkt`).
Event lines (socket calls and packets) are removed while that divergence
still reproduces; `--` options and `// wirecheck:` directives are kept,
other comments and blank lines are dropped. When an event goes, the
relative times of the events after it are widened so that every kept event
keeps its absolute time. A candidate that does not parse, errors, times out
or crashes counts as "not reproducing". Work is bounded by a per-run timeout
and a cap on runs; when the cap is hit the smallest reproducing scenario found
so far is written. OUT.pkt is written atomically; its first line names IN and
the signature. Exit 0 on success, 1 on bad input or no divergence, 2 on usage.
"""

import argparse
import decimal
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, TOOLS)

from wcpipe import WcError, atomic  # noqa: E402

ROOT = os.path.dirname(TOOLS)
DEF_WIRECHECK = os.path.join(ROOT, "build", "release", "bin", "wirecheck")

# "<path>: sut=lwip line 12 rule=R_X field=ack: expected ... [MUST] [...]"
DIV_RE = re.compile(r"^.*?: sut=(\S+) line (\d+) rule=(\S+) field=([^:\s]+): (.*)$")
TIME_RE = re.compile(r"^(\+?)(\d*\.?\d*)(?:~(\+?)(\d*\.?\d*))?$")


class Event:
    """One event line: its text, time token and absolute start time (usec)."""

    def __init__(self, text, lineno):
        self.text = text
        self.lineno = lineno
        stripped = text.lstrip()
        self.indent = text[: len(text) - len(stripped)]
        m = re.match(r"(\S+)(\s*)(.*)$", stripped, re.S)
        self.tok, self.ws, self.rest = m.group(1), m.group(2), m.group(3)
        self.rel = self.tok.startswith("+")
        self.any = self.tok == "*"
        self.start = self.end = 0
        if not self.any:
            t = TIME_RE.match(self.tok)
            if not t or t.group(2) in ("", ".") or (t.group(3) is None) != (t.group(4) is None):
                raise WcError(f"cannot read the time '{self.tok}'")
            self.start = usec(t.group(2))
            self.end = usec(t.group(4)) if t.group(4) is not None else self.start
        self.abs = 0      # absolute start time, filled in by Script

    def render(self, shift):
        """The line with its relative time widened by SHIFT usec."""
        if shift == 0 or not self.rel:
            return self.text
        a, b = self.start + shift, self.end + shift
        tok = "+" + fmt(a) + (("~+" + fmt(b)) if self.end != self.start or "~" in self.tok else "")
        width = len(self.tok) + len(self.ws)
        sep = self.ws if not self.rest else " " * max(1, width - len(tok))
        return self.indent + tok + sep + self.rest


def usec(s):
    try:
        return int((decimal.Decimal(s) * 1000000).to_integral_value())
    except decimal.InvalidOperation as e:
        raise WcError(f"bad time '{s}'") from e


def fmt(us):
    s, frac = divmod(us, 1000000)
    return str(s) if frac == 0 else f"{s}.{frac:06d}".rstrip("0")


class Script:
    """IN.pkt split into kept header lines and candidate event lines, in order.

    items: list of ("keep", text) or ("event", Event)."""

    def __init__(self, text, path):
        self.items = []
        in_block = False
        seen_event = False
        for n, line in enumerate(text.split("\n"), 1):
            s = line.strip()
            if in_block:
                if "*/" in line:
                    in_block = False
                    rest = line.split("*/", 1)[1].strip()
                    if rest:
                        raise WcError(f"{path}:{n}: code after a block comment on the same line "
                                      "is not supported by the minimizer")
                continue
            if not s:
                continue
            if s.startswith("/*"):
                if "*/" not in s:
                    in_block = True
                elif s.endswith("*/") and s.count("*/") == 1:
                    continue
                else:
                    raise WcError(f"{path}:{n}: code beside a block comment is not supported by the minimizer")
                continue
            if s.startswith("//"):
                if re.match(r"//\s*wirecheck:", s):
                    self.items.append(("keep", line))
                continue
            if s.startswith("--"):
                if seen_event:
                    raise WcError(f"{path}:{n}: option line after the first event")
                self.items.append(("keep", line))
                continue
            try:
                ev = Event(line, n)
            except WcError as e:
                raise WcError(f"{path}:{n}: {e}") from e
            self.items.append(("event", ev))
            seen_event = True
        if in_block:
            raise WcError(f"{path}: unterminated block comment")
        prev = 0
        for ev in self.events():
            ev.abs = prev if ev.any else (prev + ev.start if ev.rel else ev.start)
            prev = ev.abs
        if not self.events():
            raise WcError(f"{path}: no event lines")

    def events(self):
        return [e for k, e in self.items if k == "event"]

    def render(self, keep):
        """Text of the script with only the events whose index is in KEEP."""
        out = []
        evs = self.events()
        idx = {id(e): i for i, e in enumerate(evs)}
        prev_kept_abs = 0
        for kind, x in self.items:
            if kind == "keep":
                out.append(x)
                continue
            i = idx[id(x)]
            orig_prev = evs[i - 1].abs if i > 0 else 0
            if i in keep:
                out.append(x.render(orig_prev - prev_kept_abs))
                prev_kept_abs = x.abs
        return "\n".join(out) + "\n"


class Runner:
    def __init__(self, wirecheck, stack, timeout, max_runs, tmp, verbose=True):
        self.wirecheck, self.stack, self.timeout = wirecheck, stack, timeout
        self.max_runs, self.tmp, self.verbose = max_runs, tmp, verbose
        self.runs = 0
        self.last_err = ""
        self.cache = {}

    def divergences(self, text):
        """Run TEXT on the stack: the list of (stack, rule, field, line, detail)."""
        self.runs += 1
        p = os.path.join(self.tmp, "candidate.pkt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        cmd = [self.wirecheck, "run", "--stack", self.stack, "--jobs", "1",
               "--timeout", str(self.timeout), "--out", os.path.join(self.tmp, "out"), p]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout + 10, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return []
        except OSError as e:
            raise WcError(f"{self.wirecheck}: cannot run: {e.strerror}") from e
        self.last_err = r.stderr.strip().splitlines()[0] if r.stderr.strip() else ""
        found = []
        for line in r.stdout.splitlines():
            m = DIV_RE.match(line)
            if m:
                found.append((m.group(1), m.group(3), m.group(4), int(m.group(2)), m.group(5)))
        return found


def ddmin(n_items, test, budget_left, log):
    """Zeller's ddmin over range(n_items). TEST(frozenset) -> bool (reproduces).

    Returns (smallest reproducing set found, whether the run cap stopped it)."""
    cur = list(range(n_items))
    n = 2
    while len(cur) >= 2:
        if budget_left() <= 0:
            return frozenset(cur), True
        size = len(cur)
        chunks = []
        start = 0
        for k in range(n):
            end = start + (size - start) // (n - k)
            chunks.append(cur[start:end])
            start = end
        chunks = [c for c in chunks if c]
        reduced = False
        # complements first: removing one chunk at a time
        for c in chunks:
            if budget_left() <= 0:
                return frozenset(cur), True
            comp = [x for x in cur if x not in set(c)]
            if comp and test(frozenset(comp)):
                cur = comp
                n = max(n - 1, 2)
                reduced = True
                log(f"removed {len(c)} line(s), {len(cur)} event line(s) left")
                break
        if not reduced and n > 2:
            for c in chunks:
                if budget_left() <= 0:
                    return frozenset(cur), True
                if len(c) < len(cur) and test(frozenset(c)):
                    cur = c
                    n = 2
                    reduced = True
                    log(f"kept one chunk, {len(cur)} event line(s) left")
                    break
        if not reduced:
            if n >= len(cur):
                break
            n = min(n * 2, len(cur))
    return frozenset(cur), False


def minimize(in_path, out_path, stack, rule=None, field=None, timeout=20.0, max_runs=300,
             wirecheck=DEF_WIRECHECK, log=print):
    """Minimize IN_PATH into OUT_PATH; returns (events before, events after, signature)."""
    text = atomic.read_text(in_path)
    if (rule is None) != (field is None):
        raise WcError("--rule and --field go together")
    if not os.access(wirecheck, os.X_OK):
        raise WcError(f"{wirecheck}: not built (run `make tools`)")
    script = Script(text, in_path)
    tmp = tempfile.mkdtemp(prefix="wc-scnmin-")
    try:
        run = Runner(wirecheck, stack, timeout, max_runs, tmp)
        # the original, as written (comments and all)
        divs = [d for d in run.divergences(text) if d[0] == stack]
        if rule is None:
            if not divs:
                why = f" ({run.last_err})" if run.last_err else ""
                raise WcError(f"{in_path}: no divergence on {stack} to minimize{why}")
            _, rule, field, line, detail = divs[0]
        else:
            hit = [d for d in divs if d[1] == rule and d[2] == field]
            if not hit:
                got = ", ".join(f"{d[1]} field={d[2]}" for d in divs) or "none"
                raise WcError(f"{in_path}: divergence {rule} field={field} does not reproduce on {stack} "
                              f"(got: {got})")
            _, _, _, line, detail = hit[0]
        sig = (stack, rule, field)
        log(f"scenario_min: {in_path}: {stack} {rule} field={field} at line {line}: {detail}")
        evs = script.events()

        def test(keep):
            if keep in run.cache:
                return run.cache[keep]
            ok = any(d[:3] == sig for d in run.divergences(script.render(keep)))
            run.cache[keep] = ok
            return ok

        full = frozenset(range(len(evs)))
        if not test(full):
            raise WcError(f"{in_path}: the divergence does not reproduce once comments are dropped")
        best, capped = ddmin(len(evs), test, lambda: max_runs - 1 - run.runs,
                             lambda m: log(f"scenario_min: run {run.runs}: {m}"))
        body = script.render(best)
        head = (f"// Minimized by scenario_min.py from {os.path.basename(in_path)}: "
                f"sut={stack} rule={rule} field={field} ({len(best)} of {len(evs)} events"
                f"{'; run cap reached, not 1-minimal' if capped else ''})\n")
        # confirm the final text (header line included) before writing it
        if not any(d[:3] == sig for d in run.divergences(head + body)):
            raise WcError(f"{in_path}: the minimized scenario stopped reproducing (flaky divergence?)")
        atomic.write_text(out_path, head + body)
        log(f"scenario_min: {out_path}: {len(best)} of {len(evs)} event lines, "
            f"{len((head + body).splitlines())} of {len(text.splitlines())} lines, {run.runs} runs"
            f"{' (run cap reached)' if capped else ''}")
        return len(evs), len(best), sig
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="scenario_min.py",
                                 description="ddmin over the event lines of a divergence scenario")
    ap.add_argument("--stack", required=True, help="stack the divergence shows on (e.g. lwip)")
    ap.add_argument("--rule", help="rule of the divergence to keep (default: the first reported)")
    ap.add_argument("--field", help="field of the divergence to keep (with --rule)")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per run (default 20)")
    ap.add_argument("--max-runs", type=int, default=300, help="cap on runs (default 300)")
    ap.add_argument("--wirecheck", default=DEF_WIRECHECK, help="the wirecheck binary")
    ap.add_argument("input", metavar="IN.pkt")
    ap.add_argument("output", metavar="OUT.pkt")
    a = ap.parse_args(argv)
    if a.timeout <= 0 or a.max_runs < 2:
        ap.error("--timeout must be > 0 and --max-runs >= 2")
    try:
        minimize(a.input, a.output, a.stack, a.rule, a.field, a.timeout, a.max_runs, a.wirecheck)
    except WcError as e:
        print(f"scenario_min: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
