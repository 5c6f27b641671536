#!/usr/bin/python3
"""Unit tests of the findings pipeline (tools/wcpipe): the disclosure clock,
the record format, the stores, crash signatures, sidecars, pcap conversion,
and one end-to-end run (triage -> duplicate -> report -> disclose -> replay)
against a small deliberately buggy target compiled into a scratch tree.

usage: test_findings.py [--tap]      (--tap: TAP output for tools/test.sh)
"""

import datetime
import errno
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, TOOLS)

from wcpipe import WcError, atomic, deadline, expect, pcapconv, record, repo, signature, store  # noqa: E402
import taprun  # noqa: E402  (tools/tests/taprun.py, beside this file)

D = datetime.date


def rec_text(**over):
    f = {"id": "WC-2026-0001", "title": "t", "kind": "crash", "target": "wire_tcp", "stack": "wirecheck",
         "signature": "Heap-buffer-overflow READ 2 | a | b", "severity": "high", "state": "new",
         "first-seen": "2026-01-05"}
    f.update({k.replace("_", "-"): v for k, v in over.items()})
    return "\n".join(f"{k}: {v}" for k, v in f.items() if v is not None) + "\n"


class Deadline(unittest.TestCase):
    def test_deadline_is_90_days_after_report_on_a_weekday(self):
        self.assertEqual(deadline.deadline(D(2026, 3, 2)), D(2026, 5, 31) + datetime.timedelta(days=1))
        self.assertEqual(deadline.deadline(D(2026, 1, 7)), D(2026, 4, 7))   # Tuesday stays

    def test_deadline_on_saturday_moves_to_monday(self):
        self.assertEqual(D(2023, 4, 1).weekday(), 5)
        self.assertEqual(deadline.deadline(D(2023, 1, 1)), D(2023, 4, 3))

    def test_deadline_on_sunday_moves_to_monday(self):
        self.assertEqual(deadline.deadline(D(2026, 3, 2)), D(2026, 6, 1))
        self.assertEqual(D(2026, 5, 31).weekday(), 6)

    def test_leap_year_counts_february_29(self):
        # 2024-01-01 + 90 days = 2024-03-31 (a Sunday) -> Monday 2024-04-01
        self.assertEqual(deadline.deadline(D(2024, 1, 1)), D(2024, 4, 1))
        # same date in a common year: 2023-01-01 + 90 = 2023-04-01
        self.assertEqual(deadline.deadline(D(2023, 1, 2)), D(2023, 4, 3))

    def test_grace_of_14_days_when_fix_promised_within_grace_window(self):
        base = D(2026, 1, 7) + datetime.timedelta(days=90)            # 2026-04-07
        self.assertEqual(deadline.deadline(D(2026, 1, 7), base + datetime.timedelta(days=10)),
                         D(2026, 4, 21))

    def test_no_grace_when_promised_fix_is_beyond_the_window_or_before_deadline(self):
        self.assertEqual(deadline.deadline(D(2026, 1, 7), D(2026, 6, 1)), D(2026, 4, 7))
        self.assertEqual(deadline.deadline(D(2026, 1, 7), D(2026, 2, 1)), D(2026, 4, 7))

    def test_fix_shipped_early_makes_disclosure_due_at_the_fix(self):
        self.assertEqual(deadline.due(D(2026, 1, 7), None, D(2026, 2, 10)), D(2026, 2, 10))

    def test_fix_shipped_on_a_weekend_is_due_next_monday(self):
        self.assertEqual(deadline.due(D(2026, 1, 7), None, D(2026, 2, 14)), D(2026, 2, 16))

    def test_fix_shipped_after_deadline_keeps_deadline(self):
        self.assertEqual(deadline.due(D(2026, 1, 7), None, D(2026, 5, 1)), D(2026, 4, 7))

    def _clock(self, today, **kw):
        r = record.parse(rec_text(**kw))
        return deadline.clock(r, today)

    def test_clock_warns_at_14_days_and_not_at_15(self):
        kw = dict(state="reported", reported="2026-01-07", contact="x@example.org")
        self.assertEqual(self._clock(D(2026, 3, 24), **kw)[0], "warn")
        self.assertEqual(self._clock(D(2026, 3, 24), **kw)[2], 14)
        self.assertEqual(self._clock(D(2026, 3, 23), **kw)[0], "ok")

    def test_clock_is_overdue_the_day_after_the_deadline(self):
        kw = dict(state="reported", reported="2026-01-07", contact="x@example.org")
        self.assertEqual(self._clock(D(2026, 4, 7), **kw)[0], "warn")
        self.assertEqual(self._clock(D(2026, 4, 8), **kw), ("overdue", D(2026, 4, 7), -1))

    def test_clock_stops_for_disclosed_and_never_starts_unreported(self):
        self.assertEqual(self._clock(D(2030, 1, 1))[0], "unreported")
        kw = dict(state="disclosed", reported="2026-01-07", contact="x", disclosed="2026-02-01")
        self.assertEqual(self._clock(D(2030, 1, 1), **kw)[0], "closed")


class Record(unittest.TestCase):
    def test_format_then_parse_is_identity(self):
        r = record.parse(rec_text(reported="2026-01-06", contact="a@example.org", state="reported"))
        r.add("reproducer", "WC-2026-0001/minimized")
        r.sections["impact"] = "remote read of 2 bytes\n== not a header\n"
        r2 = record.parse(r.format())
        self.assertEqual(r2.format(), r.format())
        self.assertEqual(r2.sections["impact"], "remote read of 2 bytes\n== not a header\n")

    def assertFails(self, text, fragment):
        with self.assertRaises(WcError) as cm:
            record.parse(text, "f.txt")
        self.assertIn(fragment, str(cm.exception))

    def test_unknown_key_names_file_and_line(self):
        self.assertFails(rec_text() + "colour: red\n", "f.txt:10: unknown key 'colour'")

    def test_repeated_single_key_is_rejected(self):
        self.assertFails(rec_text() + "title: again\n", "f.txt:10: key 'title' repeated (first on line 2)")

    def test_impossible_date_is_rejected(self):
        self.assertFails(rec_text(first_seen="2026-02-30"), "f.txt:9: date '2026-02-30' does not exist")

    def test_leap_day_date_is_accepted_only_in_leap_years(self):
        record.parse(rec_text(first_seen="2024-02-29"))
        self.assertFails(rec_text(first_seen="2026-02-29"), "does not exist")

    def test_bad_state_is_rejected(self):
        self.assertFails(rec_text(state="done"), "'state' must be one of")

    def test_reported_state_needs_date_and_contact(self):
        self.assertFails(rec_text(state="reported"), "needs 'reported'")

    def test_missing_required_key_is_named(self):
        self.assertFails(rec_text(signature=None), "required key 'signature'")

    def test_report_before_first_seen_is_rejected(self):
        self.assertFails(rec_text(state="reported", reported="2025-12-01", contact="x"),
                         "'reported' (2025-12-01) is before 'first-seen'")

    def test_garbage_line_and_crlf_are_rejected(self):
        self.assertFails(rec_text() + "just words\n", "expected 'key: value'")
        self.assertFails(rec_text().replace("\n", "\r\n"), "carriage return")

    def test_unknown_section_is_rejected(self):
        self.assertFails(rec_text() + "== musings\n", "unknown section 'musings'")


class Stores(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.env = mock.patch.dict(os.environ, {"WIRECHECK_PRIVATE": os.path.join(self.tmp, "priv")})
        self.env.start()
        # the repository's own disclosed findings (regressions/findings) stay out of these tests
        self.pub = mock.patch.object(store, "public_dir", return_value=os.path.join(self.tmp, "pub"))
        self.pub.start()

    def tearDown(self):
        self.pub.stop()
        self.env.stop()
        shutil.rmtree(self.tmp)

    def test_private_store_inside_repository_is_refused(self):
        with mock.patch.dict(os.environ, {"WIRECHECK_PRIVATE": repo.path("build", "private")}):
            with self.assertRaises(WcError) as cm:
                store.private_root()
        self.assertIn("inside the repository", str(cm.exception))

    def test_default_private_store_is_outside_repository(self):
        with mock.patch.dict(os.environ, {"WIRECHECK_PRIVATE": "", "XDG_DATA_HOME": self.tmp}):
            self.assertEqual(store.private_root(), os.path.join(self.tmp, "wirecheck", "private"))

    def test_create_allocates_consecutive_ids_per_year(self):
        ids = []
        for _ in range(3):
            r = record.parse(rec_text())
            ids.append(store.create(r, D(2026, 5, 1)))
        self.assertEqual(ids, ["WC-2026-0001", "WC-2026-0002", "WC-2026-0003"])
        self.assertEqual(store.create(record.parse(rec_text()), D(2027, 1, 2)), "WC-2027-0001")

    def test_saving_undisclosed_record_under_repository_is_refused(self):
        r = record.parse(rec_text())
        r.path = os.path.join(repo.ROOT, "regressions", "findings", "WC-2026-0001.txt")
        with self.assertRaises(WcError) as cm:
            store.save(r)
        self.assertIn("refusing to write an undisclosed finding", str(cm.exception))
        self.assertFalse(os.path.exists(r.path))

    def test_corrupt_record_is_reported_and_others_still_load(self):
        d = store.private_findings()
        os.makedirs(d)
        with open(os.path.join(d, "WC-2026-0001.txt"), "w") as f:
            f.write(rec_text())
        with open(os.path.join(d, "WC-2026-0002.txt"), "w") as f:
            f.write(rec_text(id="WC-2026-0002", severity="dire"))
        recs, errs = store.load_all()
        self.assertEqual([r.id for r in recs], ["WC-2026-0001"])
        self.assertEqual(len(errs), 1)
        self.assertIn("WC-2026-0002.txt:7: 'severity' must be one of", errs[0])

    def test_disk_full_leaves_old_file_intact_and_no_temp(self):
        p = os.path.join(self.tmp, "rec.txt")
        atomic.write_text(p, "old\n")

        def full(_fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        with mock.patch("os.fsync", full):
            with self.assertRaises(WcError) as cm:
                atomic.write_text(p, "new\n")
        self.assertIn("disk full", str(cm.exception))
        with open(p) as f:
            self.assertEqual(f.read(), "old\n")
        self.assertEqual(os.listdir(self.tmp), ["rec.txt"])


ASAN = """=================================================================
==1234==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020000000b1 at pc 0x1 bp 0x2 sp 0x3
READ of size 2 at 0x6020000000b1 thread T0
    #0 0x55d1 in wc_load_be16 include/wirecheck/view.h:40:10
    #1 0x55d2 in wc_tcp_parse lib/wire_tcp.c:88:3
    #2 0x55d3 in LLVMFuzzerTestOneInput targets/wire_tcp.c:30:2
    #3 0x55d4 in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) FuzzerLoop.cpp:611:15
    #4 0x55d5 in main

0x6020000000b1 is located 0 bytes to the right of 1-byte region
allocated by thread T0 here:
    #0 0x4 in __interceptor_malloc
    #1 0x5 in main
"""

UBSAN = """lib/wire_ipv4.c:51:20: runtime error: left shift of 255 by 24 places cannot be represented in type 'int'
    #0 0x1 in wc_ipv4_parse lib/wire_ipv4.c:51:20
    #1 0x2 in LLVMFuzzerTestOneInput targets/wire_ipv4.c:12:3
    #2 0x3 in main targets/replay_main.c:196:3
"""

PROPERTY = """wirecheck: property failed: n == m (targets/view.c:99): length differs
==9==ERROR: AddressSanitizer: ABRT on unknown address 0x00000000162e (pc 0x7f bp 0x1 sp 0x2 T0)
    #0 0x7f in __pthread_kill_implementation nptl/pthread_kill.c:44:76
    #1 0x7f in raise signal/../sysdeps/posix/raise.c:26:13
    #2 0x7f in abort stdlib/abort.c:79:7
    #3 0x55 in wc_view_check_split targets/view.c:99:2
    #4 0x55 in LLVMFuzzerTestOneInput targets/view.c:180:4
"""

LEAK = """==7==ERROR: LeakSanitizer: detected memory leaks

Direct leak of 64 byte(s) in 1 object(s) allocated from:
    #0 0x4 in malloc
    #1 0x5 in pbuf_alloc src/core/pbuf.c:250:5
    #2 0x6 in tcp_receive src/core/tcp_in.c:1500:3
    #3 0x7 in LLVMFuzzerTestOneInput targets/lwip_tcp.c:40:3
"""


class Signatures(unittest.TestCase):
    def test_asan_signature_is_type_plus_top_frames_without_engine(self):
        c = signature.analyse(ASAN)
        self.assertEqual(c.signature,
                         "Heap-buffer-overflow READ | wc_load_be16 | wc_tcp_parse | LLVMFuzzerTestOneInput")
        self.assertEqual(c.kind, "crash")
        self.assertEqual(c.severity, "medium")

    def test_access_size_does_not_split_one_bug_into_several_signatures(self):
        a = signature.analyse(ASAN)
        b = signature.analyse(ASAN.replace("READ of size 2", "READ of size 870"))
        self.assertEqual(a.signature, b.signature)
        self.assertEqual(signature.normalize("Heap-buffer-overflow WRITE 600 | pbuf_take"),
                         "Heap-buffer-overflow WRITE | pbuf_take")

    def test_addresses_and_line_numbers_do_not_change_the_signature(self):
        other = ASAN.replace("0x55d1", "0x7777").replace(":88:3", ":91:7").replace("==1234==", "==42==")
        self.assertEqual(signature.analyse(other).signature, signature.analyse(ASAN).signature)

    def test_ubsan_shift_is_classified(self):
        self.assertEqual(signature.analyse(UBSAN).signature, "Shift | wc_ipv4_parse | LLVMFuzzerTestOneInput")

    def test_property_failure_skips_abort_frames(self):
        self.assertEqual(signature.analyse(PROPERTY).signature,
                         "Property failed: n == m | wc_view_check_split | LLVMFuzzerTestOneInput")

    def test_triage_time_box_leaves_the_rest_queued(self):
        from wcpipe import triage
        with tempfile.TemporaryDirectory() as d:
            q = os.path.join(d, "lwip_tcp")
            os.makedirs(q)
            for n in ("a", "b", "c"):
                with open(os.path.join(q, "crash-" + n), "wb") as f:
                    f.write(n.encode())
            seen = []

            def fake(t, p, minimize_secs=0, log=None):
                seen.append(os.path.basename(p))
                os.remove(p)
                return ("duplicate", "WC-2026-0001", p)
            with mock.patch.object(store, "incoming", return_value=d), \
                    mock.patch.object(triage, "triage_file", side_effect=fake), \
                    mock.patch.object(triage.time, "monotonic", side_effect=[0.0, 0.0, 5.0, 9.0, 9.0]):
                counts = triage.triage_pending("lwip_tcp", log=lambda m: None, max_seconds=4)
            self.assertEqual(seen, ["crash-a"])
            self.assertEqual(counts, {"duplicate": 1, "deferred": 2})
            self.assertEqual(sorted(os.listdir(q)), ["crash-b", "crash-c"])

    def test_same_stack_bug_found_by_another_target_is_the_same_finding(self):
        from wcpipe import triage
        r = record.parse(rec_text(target="lwip_frame", stack="lwip",
                                       signature="Heap-buffer-overflow READ 2 | ip4_input | ethernet_input | deliver"),
                              "x.txt")
        self.assertTrue(triage.same_bug(r, "lwip_tcp", "Heap-buffer-overflow READ | ip4_input | ethernet_input | deliver"))
        self.assertFalse(triage.same_bug(r, "lwip_tcp", "Heap-buffer-overflow READ | ip6_input | ethernet_input | deliver"))
        w = record.parse(rec_text(target="wire_tcp", stack="wirecheck"), "y.txt")
        self.assertTrue(triage.same_bug(w, "wire_tcp", "Heap-buffer-overflow READ 2 | a | b"))
        self.assertFalse(triage.same_bug(w, "wire_eth", "Heap-buffer-overflow READ 2 | a | b"))

    def test_divergence_signature_is_rule_field_state(self):
        t = "wirecheck: property failed: same (d.c:3): sut=lwip rule=R_SYNRCVD_ACK field=ack state=SYN_RCVD: 1 vs 2\n"
        c = signature.analyse(t)
        self.assertEqual(c.kind, "divergence")
        self.assertEqual(c.signature, "Divergence rule=R_SYNRCVD_ACK field=ack state=SYN_RCVD")

    def test_leak_signature_skips_allocator(self):
        c = signature.analyse(LEAK)
        self.assertEqual((c.kind, c.signature), ("leak", "Direct-leak | pbuf_alloc | tcp_receive | LLVMFuzzerTestOneInput"))

    def test_clean_output_has_no_crash(self):
        self.assertIsNone(signature.analyse("replay: 12 files, 3400 bytes\n"))


class Sidecars(unittest.TestCase):
    def test_expect_sidecar_parses_and_rejects_bad_values(self):
        e, notes = expect.parse("expect: crash\nsignature: tcp_receive\n# c\nas-shipped: crash\n", "x.expect")
        self.assertEqual(e["expect"], "crash")
        self.assertEqual(notes, [])
        with self.assertRaises(WcError) as cm:
            expect.parse("expect: maybe\n", "x.expect")
        self.assertIn("must be crash or pass", str(cm.exception))
        with self.assertRaises(WcError):
            expect.parse("signature: x\n", "x.expect")

    def test_prose_signature_needs_same_type_access_and_top_function(self):
        from wcpipe import repro
        o = repro.Outcome("crash", "report text", signature.Crash(
            "crash", "Heap-buffer-overflow WRITE 600", ["pbuf_take", "deliver"]))
        self.assertTrue(expect.matches("AddressSanitizer: heap-buffer-overflow WRITE in pbuf_take (pbuf.c)", o))
        self.assertFalse(expect.matches("heap-buffer-overflow READ in pbuf_take", o))
        self.assertFalse(expect.matches("heap-buffer-overflow WRITE in tcp_receive", o))
        self.assertFalse(expect.matches("use-after-free in pbuf_take", o))
        self.assertTrue(expect.matches("Heap-buffer-overflow WRITE 600 | pbuf_take | deliver", o))

    def test_mpk_frames_decode_like_lwip(self):
        data = bytes([0xF8, 0x00, 0x40, 0x00, 0x00, 0x02, 0xAA, 0xBB, 0x00, 0x05, 0x01, 0x99])
        self.assertEqual(pcapconv.mpk_frames(data), [(1000, b"\xaa\xbb"), (0, b"\x01\x99")])
        pc = pcapconv.pcap_bytes(pcapconv.LINKTYPE_ETHERNET, [(1000, b"\xaa\xbb")])
        self.assertEqual(len(pc), 24 + 16 + 2)
        self.assertEqual(pc[:4], b"\xd4\xc3\xb2\xa1")


class ContinuousRecovery(unittest.TestCase):
    """The resumable parts of tools/continuous.py, in a scratch build directory."""

    def setUp(self):
        import importlib
        self.tmp = tempfile.mkdtemp()
        sys.path.insert(0, TOOLS)
        self.c = importlib.import_module("continuous")
        self.saved = (self.c.CDIR, self.c.PIDFILE, self.c.STATE)
        self.c.CDIR = os.path.join(self.tmp, "continuous")
        self.c.PIDFILE = os.path.join(self.c.CDIR, "continuous.pid")
        self.c.STATE = os.path.join(self.c.CDIR, "state.json")

    def tearDown(self):
        self.c.CDIR, self.c.PIDFILE, self.c.STATE = self.saved
        shutil.rmtree(self.tmp)

    def test_interrupted_merge_restores_the_old_corpus(self):
        d = self.c.corpus_dir("t")
        os.makedirs(d + ".old")
        os.makedirs(d + ".new")
        with open(os.path.join(d + ".old", "unit"), "w") as f:
            f.write("x")
        self.c.recover_corpus("t")
        self.assertEqual(os.listdir(d), ["unit"])
        self.assertFalse(os.path.exists(d + ".old") or os.path.exists(d + ".new"))

    def test_dead_pid_file_is_taken_over_and_live_one_refused(self):
        os.makedirs(self.c.CDIR)
        p = subprocess.Popen(["true"])
        p.wait()
        with open(self.c.PIDFILE, "w") as f:
            f.write(f"{p.pid}\n")
        self.c.take_pidfile()
        with open(self.c.PIDFILE) as f:
            self.assertEqual(f.read().strip(), str(os.getpid()))
        live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "continuous.py"])
        try:
            with open(self.c.PIDFILE, "w") as f:
                f.write(f"{live.pid}\n")
            with self.assertRaises(WcError) as cm:
                self.c.take_pidfile()
            self.assertIn(f"another continuous run is active (pid {live.pid}", str(cm.exception))
        finally:
            live.kill()
            live.wait()

    def test_corrupt_state_file_is_set_aside(self):
        os.makedirs(self.c.CDIR)
        with open(self.c.STATE, "w") as f:
            f.write('{"version": 1, "budg')
        self.assertIsNone(self.c.load_state())
        self.assertTrue(os.path.exists(self.c.STATE + ".corrupt"))


BUGGY = r"""
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int wc_fx_parse(const uint8_t *d, size_t n)
{
	if (n >= 3 && d[0] == 'B' && d[1] == 'U' && d[2] == 'G')
		return d[n];
	return 0;
}
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	volatile int x = wc_fx_parse(d, n);
	(void)x;
	return 0;
}
"""


@unittest.skipUnless(shutil.which("clang-" + repo.CLANG_VER), "clang not installed")
class EndToEnd(unittest.TestCase):
    """Scratch tree with one buggy target: triage, dedup, clock, disclosure, regression replay."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.root = os.path.join(cls.tmp, "tree")
        for d in ("targets", "build/replay/bin", "regressions"):
            os.makedirs(os.path.join(cls.root, d))
        with open(os.path.join(cls.root, "targets", "bugme.c"), "w") as f:
            f.write(BUGGY)
        with open(os.path.join(cls.root, "Makefile"), "w") as f:
            f.write("print-targets:\n\t@echo bugme\n")
        cc = "clang-" + repo.CLANG_VER
        subprocess.run([cc, "-g", "-O1", "-fsanitize=address,undefined", "-w", os.path.join(cls.root, "targets/bugme.c"),
                        repo.path("targets", "replay_main.c"), "-o",
                        os.path.join(cls.root, "build/replay/bin/bugme")], check=True)
        cls.priv = os.path.join(cls.tmp, "priv")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def run_tool(self, script, *args):
        env = dict(os.environ, WIRECHECK_ROOT=self.root, WIRECHECK_PRIVATE=self.priv)
        r = subprocess.run([sys.executable, os.path.join(TOOLS, script)] + list(args),
                           capture_output=True, text=True, env=env)
        return r.returncode, r.stdout + r.stderr

    def write(self, name, data):
        p = os.path.join(self.tmp, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def test_pipeline(self):
        a = self.write("crash-a", b"BUG" + b"x" * 20)
        b = self.write("crash-b", b"BUG" + b"y" * 7)
        ok = self.write("fine", b"hello")
        rc, out = self.run_tool("findings.py", "--today", "2026-03-02", "new", "bugme", a, b, ok, "--minimize", "0")
        self.assertEqual(rc, 0, out)
        self.assertIn("new finding WC-2026-0001: Heap-buffer-overflow READ | wc_fx_parse", out)
        self.assertIn("crash-b: duplicate of WC-2026-0001", out)
        self.assertIn("fine: does not reproduce", out)
        # nothing under the scratch repository yet
        self.assertEqual(os.listdir(os.path.join(self.root, "regressions")), [])
        rc, out = self.run_tool("findings.py", "--today", "2026-03-02", "report", "WC-2026-0001", "--contact", "x")
        self.assertNotEqual(rc, 0)
        self.assertIn("needs triaged", out)
        desc = self.write("desc.txt", b"wc_fx_parse reads past the input.\nSecond line.\n")
        rc, out = self.run_tool("findings.py", "--today", "2026-03-02", "describe", "WC-2026-0001",
                                "--section", "impact", "--file", desc)
        self.assertEqual(rc, 0, out)
        rc, out = self.run_tool("findings.py", "show", "WC-2026-0001")
        self.assertIn("== impact\nwc_fx_parse reads past the input.\nSecond line.\n", out)
        self.assertIn("impact updated", out)
        bad = self.write("bad.txt", b"ok\n== log\nforged\n")
        rc, out = self.run_tool("findings.py", "describe", "WC-2026-0001", "--file", bad)
        self.assertEqual(rc, 1, out)
        self.assertIn("bad.txt:2: a line starting with '== '", out)
        rc, out = self.run_tool("findings.py", "describe", "WC-2026-0001", "--section", "log", "--file", desc)
        self.assertEqual(rc, 1, out)
        rc, out = self.run_tool("findings.py", "describe", "WC-2026-0001", "--file", desc + ".missing")
        self.assertEqual(rc, 1, out)
        self.assertIn("desc.txt.missing", out)
        for args in (["triage", "WC-2026-0001", "--severity", "high"],
                     ["report", "WC-2026-0001", "--contact", "sec@example.org"]):
            rc, out = self.run_tool("findings.py", "--today", "2026-03-02", *args)
            self.assertEqual(rc, 0, out)
        self.assertIn("deadline 2026-06-01", out)            # 90 days lands on Sunday 05-31
        rc, out = self.run_tool("findings.py", "--today", "2026-05-20", "check")
        self.assertEqual(rc, 0, out)
        self.assertIn("# warn: WC-2026-0001", out)
        rc, out = self.run_tool("findings.py", "--today", "2026-06-02", "check")
        self.assertEqual(rc, 1, out)
        self.assertIn("not ok 1 - WC-2026-0001 past its disclosure deadline 2026-06-01 by 1 days", out)
        rc, out = self.run_tool("findings.py", "--today", "2026-06-02", "disclose", "WC-2026-0001")
        self.assertEqual(rc, 0, out)
        pub = os.path.join(self.root, "regressions", "findings")
        self.assertEqual(sorted(os.listdir(pub)),
                         ["WC-2026-0001.advisory.txt", "WC-2026-0001.osv.json", "WC-2026-0001.txt"])
        with open(os.path.join(pub, "WC-2026-0001.advisory.txt")) as f:
            adv = f.read()
        for h in ("Background", "Problem", "Impact", "Workaround", "Solution", "Timeline", "References", "Credits"):
            self.assertIn("\n" + h + "\n", adv)
        self.assertFalse(os.path.exists(os.path.join(self.priv, "findings", "WC-2026-0001.txt")))
        rc, out = self.run_tool("findings.py", "--today", "2026-06-02", "check")
        self.assertEqual(rc, 0, out)
        rc, out = self.run_tool("replay_regressions.py", "bugme")
        self.assertEqual(rc, 0, out)
        self.assertIn("ok 1 - bugme/WC-2026-0001 (expect crash: Heap-buffer-overflow READ", out)
        # the upstream fix: the reproducer now passes -> replay says so
        side = os.path.join(self.root, "regressions", "bugme", "WC-2026-0001.expect")
        with open(os.path.join(self.root, "regressions", "bugme", "WC-2026-0001"), "wb") as f:
            f.write(b"fixed")
        rc, out = self.run_tool("replay_regressions.py", "bugme")
        self.assertEqual(rc, 1, out)
        self.assertIn("no longer reproduces", out)
        os.unlink(side)
        rc, out = self.run_tool("replay_regressions.py", "bugme")
        self.assertEqual(rc, 0, out)
        self.assertIn("(expect pass)", out)


if __name__ == "__main__":
    taprun.main(sys.modules[__name__])
