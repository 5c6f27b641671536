#!/usr/bin/python3
"""Tests of tools/scenario_min.py (ddmin over the event lines of a divergence
scenario): the line model and time folding, ddmin itself, bad input, and an
end-to-end minimization of a real lwIP divergence scenario padded with
irrelevant events, re-checked with `wirecheck run`.

usage: test_scenario_min.py [--tap]      (--tap: TAP output for tools/test.sh)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(TOOLS)
sys.dont_write_bytecode = True
sys.path.insert(0, TOOLS)

import scenario_min  # noqa: E402
from wcpipe import WcError  # noqa: E402
import taprun  # noqa: E402  (tools/tests/taprun.py, beside this file)

PY = "/usr/bin/python3"
TOOL = os.path.join(TOOLS, "scenario_min.py")
WIRECHECK = scenario_min.DEF_WIRECHECK
SCN = os.path.join(ROOT, "differential", "scenarios", "handshake", "synack_bad_ack.pkt")
PASSING = os.path.join(ROOT, "differential", "scenarios", "handshake", "passive_open.pkt")

_built = None


def need_wirecheck(tc):
    """Build wirecheck once if missing; skip the test when that fails or lwIP is absent."""
    global _built
    if _built is None:
        if not os.access(WIRECHECK, os.X_OK):
            env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS")}
            try:
                subprocess.run(["make", "-s", "-C", ROOT, "tools"], capture_output=True, timeout=900, env=env)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if not os.access(WIRECHECK, os.X_OK):
            _built = "wirecheck is not built and `make -s tools` failed"
        else:
            with tempfile.TemporaryDirectory(prefix="wc-scnmin-probe-") as d:
                r = subprocess.run([WIRECHECK, "run", "--stack", "lwip", "--out", d, SCN],
                                   capture_output=True, text=True, cwd=ROOT, timeout=60)
            _built = "" if "sut=lwip line" in r.stdout else f"lwip stack unavailable: {r.stdout.strip() or r.stderr.strip()}"
    if _built:
        tc.skipTest(_built)


def run_lwip(path, outdir):
    r = subprocess.run([WIRECHECK, "run", "--stack", "lwip", "--out", outdir, path],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    return [(m.group(3), m.group(4)) for m in map(scenario_min.DIV_RE.match, r.stdout.splitlines()) if m]


class LineModel(unittest.TestCase):
    TEXT = ("// a comment that goes\n"
            "// wirecheck: sysctl tcp_timestamps=0\n"
            "--tolerance_usecs=10000\n"
            "/* a block\n   comment */\n"
            "0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
            "+.05  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"
            "+0.1  bind(3, ..., ...) = 0\n"
            "0.5   listen(3, 1) = 0\n"
            "+.25  < S 0:0(0) win 32792 <mss 1000>\n"
            "+0.1~+0.2 > S. 0:0(0) ack 1 <...>\n")

    def test_directives_and_options_are_kept_and_plain_comments_dropped(self):
        s = scenario_min.Script(self.TEXT, "t.pkt")
        out = s.render(frozenset(range(len(s.events()))))
        self.assertIn("// wirecheck: sysctl tcp_timestamps=0\n--tolerance_usecs=10000\n", out)
        self.assertNotIn("a comment that goes", out)
        self.assertNotIn("block", out)
        self.assertEqual(len(s.events()), 6)

    def test_removing_relative_lines_folds_their_delay_into_the_next_kept_line(self):
        s = scenario_min.Script(self.TEXT, "t.pkt")
        out = s.render(frozenset([0, 2]))   # socket, bind: setsockopt's +.05 moves into bind
        self.assertIn("\n+0.15 bind(3, ..., ...) = 0\n", out)
        again = scenario_min.Script(out, "o.pkt").events()
        self.assertEqual([e.abs for e in again], [0, 150000])

    def test_removing_an_absolute_line_keeps_the_absolute_time_of_the_rest(self):
        s = scenario_min.Script(self.TEXT, "t.pkt")
        out = s.render(frozenset([0, 4, 5]))   # listen (0.5 absolute) goes
        again = scenario_min.Script(out, "o.pkt").events()
        self.assertEqual([e.abs for e in again], [0, 750000, 850000])
        self.assertIn("+0.75 < S 0:0(0)", out)

    def test_relative_ranges_shift_both_ends(self):
        s = scenario_min.Script(self.TEXT, "t.pkt")
        out = s.render(frozenset([0, 5]))
        self.assertIn("\n+0.85~+0.95 > S. 0:0(0) ack 1 <...>\n", out)

    def test_unreadable_time_names_file_and_line(self):
        with self.assertRaisesRegex(WcError, r"^t\.pkt:2: cannot read the time 'abc'"):
            scenario_min.Script("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\nabc listen(3, 1) = 0\n", "t.pkt")


class DDMin(unittest.TestCase):
    def test_ddmin_finds_the_two_needed_lines_among_twenty(self):
        calls = []

        def test(keep):
            calls.append(keep)
            return {3, 17} <= keep
        best, capped = scenario_min.ddmin(20, test, lambda: 1000, lambda m: None)
        self.assertEqual(best, frozenset({3, 17}))
        self.assertFalse(capped)

    def test_ddmin_stops_at_the_run_cap_with_a_reproducing_set(self):
        n = [0]

        def test(keep):
            n[0] += 1
            return {3, 17} <= keep
        best, capped = scenario_min.ddmin(20, test, lambda: 4 - n[0], lambda m: None)
        self.assertTrue(capped)
        self.assertLessEqual(n[0], 4)
        self.assertTrue({3, 17} <= best)

    def test_ddmin_never_keeps_a_non_reproducing_set(self):
        # "errors" (False) for every candidate: the input comes back whole
        best, _ = scenario_min.ddmin(8, lambda keep: False, lambda: 1000, lambda m: None)
        self.assertEqual(best, frozenset(range(8)))


class EndToEnd(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="wc-scnmin-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def padded(self):
        """synack_bad_ack.pkt with irrelevant events before the divergent SYN-ACK."""
        with open(SCN, encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = next(k for k, l in enumerate(lines) if l.startswith("0 "))
        pad = ["+0    setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
               "+.05  setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0",
               "+0    setsockopt(3, SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0",
               "+.02  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0"]
        lines[i + 1:i + 1] = pad
        p = os.path.join(self.tmp, "padded.pkt")
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        return p

    def test_padded_lwip_divergence_minimizes_to_a_shorter_scenario_with_the_same_signature(self):
        need_wirecheck(self)
        src = self.padded()
        before = run_lwip(src, os.path.join(self.tmp, "o1"))
        self.assertTrue(before, "the padded scenario no longer diverges on lwip")
        self.assertEqual(before[:1], run_lwip(SCN, os.path.join(self.tmp, "o0"))[:1],
                         "the padding changed the first divergence")
        out = os.path.join(self.tmp, "min.pkt")
        r = subprocess.run([PY, TOOL, "--stack", "lwip", src, out], capture_output=True, text=True, timeout=600)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"run \d+: ")
        after = run_lwip(out, os.path.join(self.tmp, "o2"))
        self.assertEqual(after[:1], before[:1])
        with open(src, encoding="utf-8") as f:
            n_in = len(scenario_min.Script(f.read(), src).events())
        with open(out, encoding="utf-8") as f:
            text = f.read()
        first = text.split("\n", 1)[0]
        self.assertIn("padded.pkt", first)
        self.assertIn(f"rule={before[0][0]} field={before[0][1]}", first)
        evs = scenario_min.Script(text, out).events()
        self.assertLess(len(evs), n_in)
        self.assertNotIn("TCP_NODELAY", text)
        self.assertNotIn("SO_KEEPALIVE", text)
        self.assertIn("// wirecheck: sysctl tcp_timestamps=0", text)
        # the SYN-ACK keeps its absolute time (0.07 s of padding + 0.01)
        synack = [e for e in evs if "< S." in e.text]
        self.assertEqual([e.abs for e in synack], [80000])
        self.assertEqual([n for n in os.listdir(self.tmp) if n.startswith(".tmp-")], [])

    def test_explicit_signature_that_does_not_reproduce_is_an_error(self):
        need_wirecheck(self)
        out = os.path.join(self.tmp, "min.pkt")
        with self.assertRaisesRegex(WcError, r"divergence R_NOPE field=ack does not reproduce on lwip"):
            scenario_min.minimize(SCN, out, "lwip", "R_NOPE", "ack", log=lambda m: None)
        self.assertFalse(os.path.exists(out))

    def test_scenario_without_divergence_is_refused_in_one_line(self):
        need_wirecheck(self)
        out = os.path.join(self.tmp, "min.pkt")
        r = subprocess.run([PY, TOOL, "--stack", "lwip", PASSING, out], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.strip(), f"scenario_min: {PASSING}: no divergence on lwip to minimize")
        self.assertFalse(os.path.exists(out))

    def test_missing_input_is_one_line_error_and_no_output(self):
        out = os.path.join(self.tmp, "min.pkt")
        missing = os.path.join(self.tmp, "missing.pkt")
        r = subprocess.run([PY, TOOL, "--stack", "lwip", missing, out], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.strip(), f"scenario_min: {missing}: cannot read: No such file or directory")
        self.assertFalse(os.path.exists(out))

    def test_run_cap_bounds_the_number_of_wirecheck_runs(self):
        need_wirecheck(self)
        out = os.path.join(self.tmp, "min.pkt")
        logs = []
        scenario_min.minimize(self.padded(), out, "lwip", max_runs=5, log=logs.append)
        runs = int(re.search(r", (\d+) runs", logs[-1]).group(1))
        self.assertLessEqual(runs, 5)
        self.assertIn("run cap reached", logs[-1])
        with open(out, encoding="utf-8") as f:
            self.assertIn("run cap reached", f.readline())


if __name__ == "__main__":
    taprun.main(sys.modules[__name__])
