"""Running one reproducer: replay driver first, libFuzzer binary for timeouts."""

import os
import signal
import subprocess

from . import repo, signature


class Outcome:
    def __init__(self, status, output, crash):
        self.status = status      # pass | crash | timeout | error
        self.output = output      # combined stdout+stderr text
        self.crash = crash        # signature.Crash or None

    @property
    def signature(self):
        return self.crash.signature if self.crash else ""


def _run(argv, timeout, env):
    try:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             env=env, start_new_session=True)
    except OSError as e:
        return None, f"cannot run {argv[0]}: {e.strerror}", False
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode("utf-8", "replace"), False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, _ = p.communicate()
        return None, out.decode("utf-8", "replace"), True


def replay(target, path, timeout=30, binary=None):
    """Run PATH through build/replay/bin/TARGET (or BINARY); classify the result."""
    binary = binary or repo.binary("replay", target)
    if not os.access(binary, os.X_OK):
        return Outcome("error", f"{repo.rel(binary)} not built (make {repo.rel(binary)})", None)
    env = repo.sanitizer_env("allow_user_segv_handler=0")
    rc, out, timed_out = _run([binary, path], timeout, env)
    if rc is None and not timed_out:
        return Outcome("error", out, None)
    if timed_out:
        return Outcome("timeout", out, signature.Crash("timeout", "Timeout", [], f"no result in {timeout}s"))
    if rc == 2 and "replay: " in out and "crashed on" not in out and signature.analyse(out) is None:
        return Outcome("error", out.strip().splitlines()[-1] if out.strip() else f"exit {rc}", None)
    crash = signature.analyse(out)
    if rc == 0 and crash is None:
        return Outcome("pass", out, None)
    if crash is None:
        what = f"Signal-{-rc}" if rc < 0 else f"Exit-{rc}"
        crash = signature.Crash("crash", what, [], f"exit status {rc}")
    return Outcome("crash", out, crash)


def fuzz_reproduce(target, path, timeout=10, rss_limit_mb=2048):
    """Reproduce with the libFuzzer binary (timeouts, OOMs: the engine names them)."""
    binary = repo.binary("fuzz", target)
    if not os.access(binary, os.X_OK):
        return Outcome("error", f"{repo.rel(binary)} not built", None)
    env = repo.sanitizer_env()
    argv = [binary, f"-timeout={timeout}", f"-rss_limit_mb={rss_limit_mb}", "-runs=1", path]
    rc, out, timed_out = _run(argv, timeout * 3 + 30, env)
    crash = signature.analyse(out)
    if rc == 0 and crash is None:
        return Outcome("pass", out, None)
    if crash is None:
        crash = signature.Crash("timeout" if timed_out else "crash", "Timeout" if timed_out else f"Exit-{rc}", [], "")
    return Outcome("timeout" if crash.kind == "timeout" else "crash", out, crash)


def minimize(target, path, out_path, seconds=30, timeout=10):
    """libFuzzer crash minimization of PATH into OUT_PATH; True when OUT_PATH was written."""
    binary = repo.binary("fuzz", target)
    if not os.access(binary, os.X_OK):
        return False
    tmp = out_path + ".tmp"
    env = repo.sanitizer_env()
    argv = [binary, "-minimize_crash=1", f"-max_total_time={seconds}", f"-timeout={timeout}",
            f"-exact_artifact_path={tmp}", path]
    _run(argv, seconds * 2 + 60, env)
    if os.path.exists(tmp) and os.path.getsize(tmp) > 0:
        os.replace(tmp, out_path)
        return True
    try:
        os.unlink(tmp)
    except OSError:
        pass
    return False
