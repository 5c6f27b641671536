#!/usr/bin/python3
"""Continuous fuzzing: every target in rotation, libFuzzer and AFL++, resumable.

usage: continuous.py --budget SECONDS [--cores N] [--round SECONDS] [--targets "a b"]
                     [--engines libfuzzer,afl] [--fresh] [--no-triage]

Each round fuzzes one target with one engine on all cores: libFuzzer as N
processes sharing one corpus directory (-reload), or AFL++ as one main (-M)
and N-1 secondaries (-S) sharing one sync directory. After each round the
target's corpus is merged and minimized (libFuzzer -merge=1 over the corpus
and AFL++'s queues), crashes, timeouts and leaks are collected into the
private incoming queue, and triaged (tools/findings.py new --pending does the
same by hand). The budget is wall time, spent in rounds, merges and triage.

Layout:
  build/continuous/state.json       campaign state (atomic, every 2 s)
  build/continuous/continuous.pid   the running runner
  build/continuous/corpus/<target>  merged corpora (new units land here directly)
  build/continuous/logs/            engine logs
  $WIRECHECK_PRIVATE/incoming/<t>/  raw crashes (embargoed: never in the tree)
  $WIRECHECK_PRIVATE/continuous/afl/<t>/  AFL++ sync dirs (they hold crashes)

Killed at any moment (even SIGKILL), a restart resumes: the state file says
which round was running and how far; corpora are files written by the
engines themselves; a merge swaps directories by rename; AFL++ output left by
a killed round is merged and its crashes collected before anything else;
engine processes of a killed run die with it (PR_SET_PDEATHSIG) or are
stopped by the restart.
"""

import argparse
import ctypes
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wcpipe import WcError, atomic, repo, store  # noqa: E402
from wcpipe import triage as tri  # noqa: E402

CDIR = repo.path("build", "continuous")
STATE = os.path.join(CDIR, "state.json")
PIDFILE = os.path.join(CDIR, "continuous.pid")
LOGS = os.path.join(CDIR, "logs")
ENGINES = ("libfuzzer", "afl")
LF_RE = re.compile(r"^#(\d+)\s+\S+\s+cov: (\d+) ft: (\d+) corp: (\d+)/\S+.*?exec/s: (\d+)")
# Fork mode (-fork=1, used so a round goes on past crashes of known bugs):
# "#67439: cov: 3413 ft: 2547 corp: 142 exec/s 0 oom/timeout/crash: 0/0/12 time: 8s job: 13"
LF_FORK_RE = re.compile(r"^#(\d+):\s+cov: (\d+) ft: (\d+) corp: (\d+) .*?time: (\d+)s")


class _ForkStatus:
    """A fork-mode status line seen through LF_RE's group numbering
    (group 5 = exec/s, computed from the run count and elapsed time)."""

    def __init__(self, m):
        self._g = [m.group(0), m.group(1), m.group(2), m.group(3), m.group(4),
                   str(int(m.group(1)) // max(1, int(m.group(5))))]

    def group(self, i):
        return self._g[i]


def _status_match(line):
    m = LF_RE.match(line)
    if m:
        return m
    m = LF_FORK_RE.match(line)
    return _ForkStatus(m) if m else None

_libc = ctypes.CDLL(None, use_errno=True)


def _die_with_parent():
    _libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def say(msg):
    print(f"continuous: {msg}", flush=True)


# ---- state -----------------------------------------------------------------

def load_state():
    try:
        with open(STATE, encoding="utf-8") as f:
            st = json.load(f)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        bad = STATE + ".corrupt"
        os.replace(STATE, bad)
        say(f"{repo.rel(STATE)}: unreadable ({e}); moved to {repo.rel(bad)}, starting a new campaign "
            "(corpora are kept)")
        return None
    if not isinstance(st, dict) or st.get("version") != 1:
        say(f"{repo.rel(STATE)}: unknown format; starting a new campaign (corpora are kept)")
        return None
    return st


def save_state(st):
    atomic.write_text(STATE, json.dumps(st, indent=1, sort_keys=True) + "\n")


def tstats(st, t):
    return st["targets"].setdefault(t, {"lf_time": 0.0, "afl_time": 0.0, "lf_execs": 0, "afl_execs": 0,
                                        "cov": 0, "ft": 0, "afl_edges": 0, "corpus": 0, "raw": 0,
                                        "rounds": 0, "execs_per_sec": 0, "status": "idle"})


# ---- PID file ---------------------------------------------------------------

def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def take_pidfile():
    os.makedirs(CDIR, exist_ok=True)
    try:
        with open(PIDFILE, encoding="utf-8") as f:
            txt = f.read().strip()
    except FileNotFoundError:
        txt = None
    if txt is not None:
        if not txt.isdigit():
            say(f"{repo.rel(PIDFILE)}: not a PID ('{txt[:20]}'); treating it as stale")
        else:
            pid = int(txt)
            if pid != os.getpid() and "continuous.py" in _cmdline(pid):
                raise WcError(f"another continuous run is active (pid {pid}, {repo.rel(PIDFILE)}); "
                              f"stop it first (kill {pid})")
            say(f"stale PID file from a killed run (pid {pid} is gone); resuming")
    atomic.write_text(PIDFILE, f"{os.getpid()}\n")


def drop_pidfile():
    try:
        with open(PIDFILE, encoding="utf-8") as f:
            if f.read().strip() == str(os.getpid()):
                os.unlink(PIDFILE)
    except OSError:
        pass


def _pgid(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return int(f.read().rsplit(")", 1)[1].split()[2])
    except (OSError, ValueError, IndexError):
        return None


def reap_orphans(st):
    """Stop engine processes a killed run left behind.

    Engines die with the runner (PR_SET_PDEATHSIG), but the AFL++ fork
    server's children do not; every engine was started as the leader of its
    own process group, recorded in the state file, so the leftovers are the
    processes still in those groups running our binaries.
    """
    groups = set((st.get("current") or {}).get("pids", []))
    if not groups:
        return
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        pid = int(name)
        if _pgid(pid) not in groups:
            continue
        cl = _cmdline(pid)
        if "afl-fuzz" in cl or "build/fuzz/bin/" in cl or "build/afl/bin/" in cl:
            say(f"stopping engine process {pid} left by the killed run ({cl.split()[0]})")
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


# ---- build ------------------------------------------------------------------

def _make(binary, env):
    """True when BINARY is usable: freshly built, or (build broken) an older build exists."""
    r = subprocess.run(["make", "-s", "-C", repo.ROOT, os.path.relpath(binary, repo.ROOT)],
                       capture_output=True, text=True, env=env)
    if r.returncode == 0:
        return True, ""
    why = (r.stderr.strip().splitlines() or ["?"])[-1][:120]
    if os.access(binary, os.X_OK):
        return True, f"build failed ({why}); using the existing {repo.rel(binary)}"
    return False, why


def build(targets, engines):
    """{target: set of engines that built}; the replay driver is needed by triage."""
    ok = {}
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    for t in targets:
        got = set()
        usable, why = _make(repo.binary("replay", t), env)
        if why:
            say(f"{t}: {why}")
        if not usable:
            say(f"{t}: replay driver does not build; skipping the target ({why})")
            continue
        for eng, variant in (("libfuzzer", "fuzz"), ("afl", "afl")):
            if eng not in engines:
                continue
            usable, why = _make(repo.binary(variant, t), env)
            if why:
                say(f"{t}: {why}" if usable else f"{t}: {eng} build failed, {eng} skipped for it ({why})")
            if usable:
                got.add(eng)
        if got:
            ok[t] = got
    return ok


# ---- corpora ------------------------------------------------------------------

def corpus_dir(t):
    return os.path.join(CDIR, "corpus", t)


def afl_dir(t):
    return os.path.join(store.private_root(), "continuous", "afl", t)


def recover_corpus(t):
    d = corpus_dir(t)
    if not os.path.isdir(d) and os.path.isdir(d + ".old"):
        os.replace(d + ".old", d)
        say(f"{t}: restored corpus from an interrupted merge")
    for x in (d + ".old", d + ".new"):
        if os.path.isdir(x):
            shutil.rmtree(x)
    os.makedirs(d, exist_ok=True)


def _sha_name(data):
    return hashlib.sha1(data).hexdigest()


def collect_afl_crashes(t):
    """Copy AFL++ crashes/hangs into the private incoming queue (idempotent, by content)."""
    base = afl_dir(t)
    n = 0
    if not os.path.isdir(base):
        return 0
    for inst in os.listdir(base):
        for sub, prefix in (("crashes", "afl-crash-"), ("hangs", "afl-timeout-")):
            d = os.path.join(base, inst, sub)
            if not os.path.isdir(d):
                continue
            for name in os.listdir(d):
                if not name.startswith("id:"):
                    continue
                with open(os.path.join(d, name), "rb") as f:
                    data = f.read()
                h = _sha_name(data)
                dst = os.path.join(store.incoming(t), prefix + h)
                if not os.path.exists(dst) and not os.path.exists(os.path.join(store.processed(t), prefix + h)):
                    atomic.write_bytes(dst, data)
                    n += 1
    return n


def afl_queues(t):
    base = afl_dir(t)
    if not os.path.isdir(base):
        return []
    return [os.path.join(base, i, "queue") for i in sorted(os.listdir(base))
            if os.path.isdir(os.path.join(base, i, "queue"))]


def merge(t, engines, log):
    """Merge + minimize the corpus of T with AFL++'s queues; swap by rename."""
    recover_corpus(t)
    d = corpus_dir(t)
    collect_afl_crashes(t)
    queues = afl_queues(t)
    before = len(os.listdir(d))
    new = d + ".new"
    os.makedirs(new)
    ok = False
    if "libfuzzer" in engines:
        argv = [repo.binary("fuzz", t), "-merge=1", "-timeout=25", "-rss_limit_mb=2048",
                f"-artifact_prefix={store.incoming(t)}/", new, d] + queues
        with open(os.path.join(LOGS, f"{t}.merge.log"), "wb") as lf:
            r = subprocess.run(argv, stdout=lf, stderr=subprocess.STDOUT, cwd=repo.ROOT,
                               env=repo.sanitizer_env(), preexec_fn=_die_with_parent)
        ok = r.returncode == 0
        if not ok:
            log(f"{t}: merge failed (exit {r.returncode}, see {repo.rel(lf.name)}); corpus kept as it was")
    else:
        for src in [d] + queues:
            for name in sorted(os.listdir(src)):
                p = os.path.join(src, name)
                if os.path.isfile(p):
                    with open(p, "rb") as f:
                        data = f.read()
                    with open(os.path.join(new, _sha_name(data)), "wb") as f:
                        f.write(data)
        ok = True
    if not ok:
        shutil.rmtree(new)
        return before
    os.replace(d, d + ".old")
    os.replace(new, d)
    shutil.rmtree(d + ".old")
    if os.path.isdir(afl_dir(t)):
        shutil.rmtree(afl_dir(t))
    return len(os.listdir(d))


# ---- one round ----------------------------------------------------------------

def fuzz_args(t):
    r = subprocess.run(["sh", "tools/fuzz-args.sh", t], capture_output=True, text=True, cwd=repo.ROOT)
    return r.stdout.split()


def start_round(t, engine, secs, cores):
    _TAILS.clear()
    os.makedirs(LOGS, exist_ok=True)
    os.makedirs(store.incoming(t), exist_ok=True)
    procs = []
    seeds = repo.path("corpus", t)
    if engine == "libfuzzer":
        for i in range(cores):
            # Fork mode: a crash (often a known, still-open stack bug) does not
            # end the round; every artifact is collected and triaged after it.
            argv = [repo.binary("fuzz", t), f"-max_total_time={secs}", "-timeout=25", "-rss_limit_mb=2048",
                    "-fork=1", "-ignore_crashes=1", "-ignore_timeouts=1", "-ignore_ooms=1",
                    "-print_final_stats=1", f"-artifact_prefix={store.incoming(t)}/"] + fuzz_args(t) + \
                   [corpus_dir(t)] + ([seeds] if os.path.isdir(seeds) else [])
            log = open(os.path.join(LOGS, f"{t}.libfuzzer.{i}.log"), "wb")
            procs.append((subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=repo.ROOT,
                                           env=repo.sanitizer_env(), start_new_session=True,
                                           preexec_fn=_die_with_parent), log))
    else:
        inp = corpus_dir(t)
        if not os.listdir(inp):
            inp = seeds if os.path.isdir(seeds) and os.listdir(seeds) else None
        if inp is None:
            inp = os.path.join(CDIR, "empty-seed")
            os.makedirs(inp, exist_ok=True)
            atomic.write_bytes(os.path.join(inp, "empty"), b"\n")
        env = dict(os.environ, AFL_SKIP_CPUFREQ="1", AFL_NO_UI="1", AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1",
                   AFL_NO_AFFINITY="1", AFL_SKIP_CRASHES="1", AFL_AUTORESUME="1", AFL_QUIET="1")
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            env.pop(k, None)      # afl-fuzz sets the sanitizer options it needs
        dic = repo.path("targets", t + ".dict")
        os.makedirs(afl_dir(t), exist_ok=True)
        for i in range(cores):
            role = ["-M", "main"] if i == 0 else ["-S", f"sec{i}"]
            argv = ["afl-fuzz"] + role + ["-V", str(secs), "-t", "1000+", "-i", inp, "-o", afl_dir(t)] + \
                   (["-x", dic] if os.path.exists(dic) else []) + ["--", repo.binary("afl", t)]
            log = open(os.path.join(LOGS, f"{t}.afl.{i}.log"), "wb")
            procs.append((subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=repo.ROOT, env=env,
                                           start_new_session=True, preexec_fn=_die_with_parent), log))
    return procs


def stop(procs, grace=5.0):
    for p, _log in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except OSError:
                pass
    end = time.time() + grace
    for p, log in procs:
        try:
            p.wait(max(0.1, end - time.time()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            p.wait()
        log.close()


_TAILS = {}   # log path -> [offset, last status match]


def _last_status(path):
    """Last libFuzzer status line of PATH, reading only what was appended since last time."""
    ent = _TAILS.setdefault(path, [0, None])
    try:
        size = os.path.getsize(path)
        if size < ent[0]:
            ent[:] = [0, None]
        with open(path, "rb") as f:
            f.seek(ent[0])
            chunk = f.read()
    except OSError:
        return ent[1]
    cut = chunk.rfind(b"\n") + 1
    ent[0] += cut
    for line in chunk[:cut].decode("utf-8", "replace").splitlines():
        m = _status_match(line)
        if m:
            ent[1] = m
    return ent[1]


def read_lf(t, cores):
    execs = eps = cov = ft = 0
    for i in range(cores):
        m = _last_status(os.path.join(LOGS, f"{t}.libfuzzer.{i}.log"))
        if m:
            execs += int(m.group(1))
            cov, ft = max(cov, int(m.group(2))), max(ft, int(m.group(3)))
            eps += int(m.group(5))
    return {"execs": execs, "eps": eps, "cov": cov, "ft": ft}


def _num(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0
    return int(f) if f == f and abs(f) != float("inf") else 0


def read_afl(t):
    execs = eps = edges = 0
    for q in afl_queues(t):
        try:
            with open(os.path.join(os.path.dirname(q), "fuzzer_stats"), encoding="utf-8") as f:
                kv = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
        except OSError:
            continue
        kv = {k.strip(): v.strip() for k, v in kv.items()}
        execs += _num(kv.get("execs_done"))
        eps += _num(kv.get("execs_per_sec"))
        edges = max(edges, _num(kv.get("edges_found")))
    return {"execs": execs, "eps": eps, "edges": edges}


def count_raw(t):
    n = 0
    for d in (store.incoming(t), store.processed(t)):
        if os.path.isdir(d):
            for base, _ds, files in os.walk(d):
                n += sum(1 for f in files if not f.startswith((".", "slow-unit-")))
    return n


def count_findings():
    recs, _errs = store.load_all()
    out = {}
    for r in recs:
        if r.get("state") in ("new", "triaged", "reported", "fixed"):
            out[r.get("target")] = out.get(r.get("target"), 0) + 1
    return out


# ---- display --------------------------------------------------------------------

def fmt_t(s):
    s = int(s)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def table(st, findings, now_target=None, now_engine=None):
    rows = [f"wirecheck continuous  used {fmt_t(st['used'])} of {fmt_t(st['budget'])}  "
            f"cores {st['cores']}  round {st['round']}  "
            + (f"now: {now_target} ({now_engine})" if now_target else "idle"),
            "",
            f"{'target':<12} {'engine':<10} {'time lf/afl':>15} {'exec/s':>8} {'execs':>11} "
            f"{'cov':>6} {'ft':>7} {'afl edges':>9} {'corpus':>7} {'raw':>5} {'findings':>8}"]
    for t in st["order"]:
        s = tstats(st, t)
        rows.append(f"{t:<12} {s['status']:<10} {fmt_t(s['lf_time']) + '/' + fmt_t(s['afl_time']):>15} "
                    f"{s['execs_per_sec']:>8} {s['lf_execs'] + s['afl_execs']:>11} {s['cov']:>6} {s['ft']:>7} "
                    f"{s['afl_edges']:>9} {s['corpus']:>7} {s['raw']:>5} {findings.get(t, 0):>8}")
    return rows


class Screen:
    def __init__(self):
        self.tty = sys.stdout.isatty()
        self.last_plain = 0

    def show(self, rows, force=False):
        if self.tty:
            sys.stdout.write("\x1b[H\x1b[2J" + "\n".join(rows) + "\n")
            sys.stdout.flush()
        elif force or time.time() - self.last_plain >= 30:
            self.last_plain = time.time()
            print("\n".join(rows) + "\n", flush=True)


def watch(st, cur, s, t, eng, secs, procs, findings, screen, stopping, t0):
    """One round: tick every second, account time, read stats, redraw, save state."""
    last, last_save = t0, 0
    while not stopping:
        time.sleep(1)
        now = time.time()
        dt, last = now - last, now
        st["used"] = min(st["budget"] + 60, st["used"] + dt)
        cur["elapsed"] = now - t0
        s["lf_time" if eng == "libfuzzer" else "afl_time"] += dt
        if eng == "libfuzzer":
            f = read_lf(t, st["cores"])
            s["cov"], s["ft"] = max(s["cov"], f["cov"]), max(s["ft"], f["ft"])
        else:
            f = read_afl(t)
            s["afl_edges"] = max(s["afl_edges"], f["edges"])
            collect_afl_crashes(t)
        cur["execs"] = f["execs"]
        s["execs_per_sec"] = f["eps"]
        s["raw"] = count_raw(t)
        try:
            s["corpus"] = len(os.listdir(corpus_dir(t)))
        except OSError:
            pass
        shown = dict(st)
        shown["targets"] = {k: dict(v) for k, v in st["targets"].items()}
        shown["targets"][t][("lf" if eng == "libfuzzer" else "afl") + "_execs"] += cur["execs"]
        screen.show(table(shown, findings, t, eng))
        if now - last_save >= 2:
            save_state(st)
            last_save = now
        if all(p.poll() is not None for p, _ in procs) or now - t0 > secs + 20:
            break


# ---- campaign ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="continuous fuzzing of every target, resumable")
    ap.add_argument("--budget", type=int, required=True, help="wall-time budget, seconds")
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--round", type=int, default=0, help="round length, seconds (0: budget-derived)")
    ap.add_argument("--targets", default="", help="space-separated subset (default: the Makefile's TARGETS)")
    ap.add_argument("--engines", default="libfuzzer,afl")
    ap.add_argument("--fresh", action="store_true", help="start a new campaign even if one is unfinished")
    ap.add_argument("--no-triage", action="store_true")
    ap.add_argument("--minimize", type=int, default=20, help="libFuzzer minimization per new crash, seconds")
    a = ap.parse_args()
    if a.budget <= 0 or a.cores <= 0:
        raise WcError("--budget and --cores must be positive")
    engines = [e for e in a.engines.split(",") if e]
    for e in engines:
        if e not in ENGINES:
            raise WcError(f"unknown engine '{e}' (libfuzzer, afl)")
    store.private_root()
    take_pidfile()
    os.makedirs(LOGS, exist_ok=True)
    st = load_state()
    if st is not None:
        reap_orphans(st)
    targets = a.targets.split() or repo.targets()
    if st is None or a.fresh or st.get("finished"):
        old = st["targets"] if st else {}
        st = {"version": 1, "budget": a.budget, "used": 0.0, "cores": a.cores, "round": 0, "slot": 0,
              "targets": old, "current": None, "finished": False, "started": time.strftime("%Y-%m-%dT%H:%M:%S")}
        say(f"new campaign: budget {a.budget}s on {a.cores} cores")
    else:
        say(f"resuming campaign started {st.get('started')}: {int(st['used'])}s of {st['budget']}s used, "
            f"round {st['round']}")
        st["cores"] = a.cores
    built = build(targets, engines)
    if not built:
        raise WcError("no target builds; nothing to fuzz")
    st["order"] = [t for t in targets if t in built]
    sched = [(t, e) for e in engines for t in st["order"] if e in built[t]]
    st["schedule"] = sched
    nslots = len(sched)
    rlen = a.round or max(30, min(900, st["budget"] // max(1, nslots)))
    findings = count_findings()
    screen = Screen()

    stopping = []

    def on_signal(signum, _frame):
        stopping.append(signum)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    def log(msg):
        if screen.tty:
            with open(os.path.join(LOGS, "continuous.log"), "a", encoding="utf-8") as f:
                f.write(msg + "\n")
        else:
            say(msg)

    # recovery of a killed round: fold its partial figures, merge what it left
    cur = st.get("current")
    if cur:
        s = tstats(st, cur["target"])
        s[("lf" if cur["engine"] == "libfuzzer" else "afl") + "_execs"] += cur.get("execs", 0)
        say(f"recovering interrupted round {st['round']} ({cur['target']}, {cur['engine']}, "
            f"{int(cur.get('elapsed', 0))}s of {cur['len']}s done)")
    for t in st["order"]:
        recover_corpus(t)
        if os.path.isdir(afl_dir(t)):
            say(f"{t}: merging AFL++ output left by an interrupted run")
            tstats(st, t)["corpus"] = merge(t, built[t], log)
        tstats(st, t)["status"] = "idle"
    save_state(st)

    while st["used"] < st["budget"] and not stopping:
        cur = st.get("current")
        if cur and cur["target"] in built and cur["engine"] in built[cur["target"]]:
            t, eng = cur["target"], cur["engine"]
            secs = max(1, int(cur["len"] - cur.get("elapsed", 0)))
        else:
            t, eng = sched[st["slot"] % nslots]
            secs = int(min(rlen, st["budget"] - st["used"]))
            if secs < 5:
                st["used"] = st["budget"]
                break
            st["round"] += 1
            cur = st["current"] = {"target": t, "engine": eng, "len": secs, "elapsed": 0, "execs": 0, "pids": []}
        s = tstats(st, t)
        s["status"] = eng
        procs = start_round(t, eng, secs, st["cores"])
        cur["pids"] = [p.pid for p, _ in procs]
        cur["execs"] = 0
        save_state(st)
        log(f"round {st['round']}: {t} {eng} {secs}s on {st['cores']} cores")
        t0 = time.time()
        try:
            watch(st, cur, s, t, eng, secs, procs, findings, screen, stopping, t0)
        finally:
            stop(procs)
        s[("lf" if eng == "libfuzzer" else "afl") + "_execs"] += cur["execs"]
        st["current"] = None
        if stopping:
            # an interrupted round resumes from here next time
            st["current"] = dict(cur, execs=0, len=cur["len"])
            save_state(st)
            break
        s["rounds"] += 1
        s["status"] = "merging"
        st["slot"] += 1
        save_state(st)
        t1 = time.time()
        s["corpus"] = merge(t, built[t], log)
        if not a.no_triage:
            s["status"] = "triage"
            # at most a quarter of a round per round: a flood of one known
            # crash waits in the queue instead of eating fuzzing time
            counts = tri.triage_pending(t, minimize_secs=a.minimize, log=log, max_seconds=max(30, rlen // 4))
            if counts:
                log(f"{t}: triage: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
            findings = count_findings()
        s["raw"] = count_raw(t)
        s["status"] = "idle"
        st["used"] = min(st["budget"], st["used"] + (time.time() - t1))
        save_state(st)
        screen.show(table(st, findings), force=True)
    if not stopping and st["used"] >= st["budget"]:
        st["finished"] = True
        st["current"] = None
        save_state(st)
        screen.show(table(st, findings), force=True)
        say(f"budget spent: {st['round']} rounds; corpora in {repo.rel(os.path.join(CDIR, 'corpus'))}, "
            f"raw crashes in the private store ({store.incoming()}); `wirecheck findings list`")
    else:
        say(f"stopped by signal {stopping[0] if stopping else '?'}; state saved, rerun to resume")
    drop_pidfile()
    return 0 if not stopping else 130


if __name__ == "__main__":
    try:
        sys.exit(main())
    except WcError as e:
        print(f"continuous: {e}", file=sys.stderr)
        drop_pidfile()
        sys.exit(1)
