"""Where things are: the repository root, the fuzz targets, build outputs, LLVM tools."""

import os
import re
import shutil
import subprocess

from . import WcError

# WIRECHECK_ROOT lets the tests run the pipeline against a scratch tree.
ROOT = os.path.abspath(os.environ.get("WIRECHECK_ROOT") or
                       os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CLANG_VER = os.environ.get("CLANG_VER", "14")


def path(*parts):
    return os.path.join(ROOT, *parts)


def rel(p):
    """P relative to the repository root when inside it (for messages)."""
    try:
        r = os.path.relpath(os.path.realpath(p), os.path.realpath(ROOT))
    except ValueError:
        return p
    return p if r.startswith("..") else r


def inside_repo(p):
    real = os.path.realpath(p)
    root = os.path.realpath(ROOT)
    return real == root or real.startswith(root + os.sep)


def targets():
    """The fuzz targets, read from the Makefile (`make -s print-targets`).

    Falls back to parsing the `TARGETS :=` assignment when make is unavailable.
    """
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    try:
        out = subprocess.run(["make", "-s", "--no-print-directory", "-C", ROOT, "print-targets"],
                             capture_output=True, text=True, env=env, timeout=60)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        pass
    try:
        with open(path("Makefile"), encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise WcError(f"Makefile: cannot read: {e.strerror}") from e
    m = re.search(r"^TARGETS\s*:?=\s*((?:.*\\\n)*.*)$", text, re.M)
    if not m:
        raise WcError("Makefile: no 'TARGETS :=' line")
    return m.group(1).replace("\\\n", " ").split()


def binary(variant, target):
    return path("build", variant, "bin", target)


def llvm_tool(name):
    """llvm-<name>-<ver> from PATH, else the versioned LLVM bin directory."""
    for cand in (f"{name}-{CLANG_VER}", name):
        p = shutil.which(cand)
        if p:
            return p
    p = os.path.join(f"/usr/lib/llvm-{CLANG_VER}/bin", name)
    return p if os.path.exists(p) else None


def sanitizer_env(extra_asan=""):
    """Environment for running sanitized binaries so reports are symbolized and complete."""
    env = dict(os.environ)
    sym = llvm_tool("llvm-symbolizer")
    asan = "symbolize=1:handle_abort=1:detect_leaks=1:allocator_may_return_null=1"
    if extra_asan:
        asan += ":" + extra_asan
    if sym:
        env["ASAN_SYMBOLIZER_PATH"] = sym
        env["UBSAN_SYMBOLIZER_PATH"] = sym
        asan += f":external_symbolizer_path={sym}"
    env["ASAN_OPTIONS"] = asan
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1:symbolize=1"
    env["LSAN_OPTIONS"] = "symbolize=1"
    return env
