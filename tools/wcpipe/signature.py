"""Crash signatures in the manner of ClusterFuzz's "crash state".

A crash's signature is its type plus the top three frames of the first stack
in the report, after dropping sanitizer runtime, libc, the fuzzing engine and
the replay driver (everything below LLVMFuzzerTestOneInput), e.g.

    Heap-buffer-overflow READ | wc_view_be16 | wc_tcp_parse | LLVMFuzzerTestOneInput

Frames are function names only (no addresses, no line numbers), so rebuilds
and small edits do not split one bug into many findings. A differential
divergence's signature is its rule, field and state:

    Divergence rule=R_SYNRCVD_ACK field=ack state=SYN_RCVD
"""

import re

NFRAMES = 3

FRAME_RE = re.compile(r"^\s*#(\d+)\s+0x[0-9a-fA-F]+\s+in\s+(.+)$")
IGNORE_RE = re.compile(
    r"^(__asan|__ubsan|__sanitizer|__lsan|__msan|__interceptor_|___interceptor_|__libc_|__GI_|"
    r"_start$|abort$|raise$|gsignal$|__assert|assert_fail|__pthread_kill|pthread_kill$|__restore_rt$|"
    r"fuzzer::|std::|__cxa_|operator new|operator delete|"
    r"malloc$|calloc$|realloc$|free$|reallocarray$|"
    r"memcpy$|memmove$|memset$|memcmp$|bcmp$|strlen$|strnlen$|strcmp$|strncmp$|"
    r"__mem(cpy|move|set|cmp)|__str)")
PROPERTY_RE = re.compile(r"wirecheck: property failed: (.*?) \(([^()]*):(\d+)\): ?(.*)$")
DIVERGENCE_KEYS = ("rule", "field", "state")

UBSAN_CLASSES = (
    (r"signed integer overflow", "Integer-overflow"),
    (r"unsigned integer overflow", "Unsigned-integer-overflow"),
    (r"shift exponent|left shift", "Shift"),
    (r"index .* out of bounds", "Index-out-of-bounds"),
    (r"misaligned address", "Misaligned-address"),
    (r"null pointer|member access within null", "Null-dereference"),
    (r"pointer index expression|applying .*offset to", "Pointer-overflow"),
    (r"division by zero", "Divide-by-zero"),
    (r"load of value .* not a valid value for type '_?[Bb]ool'", "Invalid-bool-value"),
    (r"load of value .* not a valid value for type", "Invalid-enum-value"),
    (r"implicit conversion", "Implicit-conversion"),
    (r"outside the range of representable values", "Float-cast-overflow"),
    (r"execution reached an unreachable", "Unreachable"),
    (r"variable length array bound", "Non-positive-vla-bound"),
    (r"passing zero to|nonnull", "Nonnull-attribute"),
)


def normalize(sig):
    """A signature with access sizes dropped ("READ 4" -> "READ"), so records
    written before sizes were left out compare equal to new ones."""
    return re.sub(r"\b(READ|WRITE) \d+\b", r"\1", sig or "")


def frame_name(rest):
    """Function name of a symbolized frame ('' when the frame is unsymbolized)."""
    rest = rest.strip()
    if rest.startswith("(") or rest.startswith("0x"):
        return ""
    name = rest.split(" ", 1)[0]
    name = name.split("(", 1)[0]
    for p in ("__interceptor_", "___interceptor_"):
        if name.startswith(p):
            name = name[len(p):]
    name = re.sub(r"\.(cold|part|isra|constprop|llvm)(\.\d+)*$", "", name)
    return name


def first_stack(lines, start=0):
    """Function names of the first stack trace at or after line START."""
    frames, seen = [], False
    for line in lines[start:]:
        m = FRAME_RE.match(line)
        if m:
            seen = True
            frames.append(frame_name(m.group(2)))
        elif seen:
            break
    return frames


def state_frames(frames):
    out = []
    for f in frames:
        if f == "LLVMFuzzerTestOneInput":
            if len(out) < NFRAMES:
                out.append(f)
            break
        if not f or IGNORE_RE.match(f):
            continue
        out.append(f)
        if len(out) == NFRAMES:
            break
    return out


def _ubsan_type(msg):
    for pat, name in UBSAN_CLASSES:
        if re.search(pat, msg):
            return name
    return "UBSan " + re.sub(r"\s+", " ", re.sub(r"-?\b(0x[0-9a-f]+|\d+)\b", "N", msg)).strip()[:60]


class Crash:
    """Result of analysing one sanitizer / engine report."""

    def __init__(self, kind, ctype, frames, detail=""):
        self.kind = kind          # crash | timeout | leak | oom | divergence
        self.type = ctype         # e.g. "Heap-buffer-overflow READ" (access kind, no size)
        self.frames = frames      # top frames
        detail = re.sub(r"^=*\d*=*\s*", "", detail.strip())
        self.detail = re.sub(r" at pc 0x[0-9a-f]+ bp 0x[0-9a-f]+ sp 0x[0-9a-f]+", "", detail)

    @property
    def signature(self):
        return " | ".join([self.type] + self.frames)

    @property
    def severity(self):
        t = self.type.lower()
        if self.kind == "divergence":
            return "medium"
        if self.kind in ("timeout", "oom", "leak"):
            return "low"
        if "write" in t or "double-free" in t or "use-after-free" in t or "bad-free" in t:
            return "high"
        if "overflow" in t and "integer" not in t and "shift" not in t or "read" in t:
            return "medium"
        return "low"

    @property
    def title(self):
        where = next((f for f in self.frames if f != "LLVMFuzzerTestOneInput"), "")
        if self.kind == "divergence":
            return self.type
        return f"{self.type} in {where}" if where else self.type


def analyse(text):
    """Crash for a report TEXT, or None when the text shows no failure."""
    lines = text.splitlines()
    # divergence / property failure lines come from WC_CHECK (include/wirecheck/check.h)
    for i, line in enumerate(lines):
        m = PROPERTY_RE.search(line)
        if m:
            msg = m.group(4)
            kv = dict(re.findall(r"\b(rule|field|state)=([^\s:,]+)", msg))
            if "rule" in kv:
                parts = [f"{k}={kv.get(k, '?')}" for k in DIVERGENCE_KEYS]
                return Crash("divergence", "Divergence " + " ".join(parts), [], line.strip())
            frames = state_frames(first_stack(lines, i))
            expr = re.sub(r"\s+", " ", m.group(1))[:80]
            return Crash("crash", f"Property failed: {expr}", frames, line.strip())
    for i, line in enumerate(lines):
        if "ERROR: LeakSanitizer: detected memory leaks" in line:
            kind = "Direct-leak"
            for l2 in lines[i:]:
                if l2.startswith("Direct leak"):
                    break
                if l2.startswith("Indirect leak"):
                    kind = "Indirect-leak"
                    break
            return Crash("leak", kind, state_frames(first_stack(lines, i)), line.strip())
        m = re.search(r"ERROR: libFuzzer: timeout", line)
        if m:
            return Crash("timeout", "Timeout", state_frames(first_stack(lines, i)), line.strip())
        if re.search(r"ERROR: libFuzzer: (out-of-memory|malloc limit)", line) or \
                "allocation-size-too-big" in line or "out-of-memory" in line and "ERROR" in line:
            return Crash("oom", "Out-of-memory", state_frames(first_stack(lines, i)), line.strip())
        m = re.search(r"ERROR: AddressSanitizer: ([A-Za-z-]+)", line)
        if m:
            what = m.group(1)
            ctype = what[0].upper() + what[1:]
            if what == "SEGV":
                acc = next((re.search(r"caused by a (READ|WRITE)", l).group(1) for l in lines[i:i + 6]
                            if re.search(r"caused by a (READ|WRITE)", l)), "")
                ctype = ("Segv on unknown address " + acc).strip()
                if re.search(r"unknown address (0x0+\b|\(pc)", line) or "address 0x000000000" in line:
                    ctype = ("Null-dereference " + acc).strip()
            elif what in ("ABRT", "stack-overflow", "FPE", "ILL", "BUS"):
                ctype = {"ABRT": "Abrt", "stack-overflow": "Stack-overflow", "FPE": "Floating-point-exception",
                         "ILL": "Ill", "BUS": "Bus"}[what]
            else:
                for l2 in lines[i + 1:i + 4]:
                    m2 = re.match(r"^(READ|WRITE) of size (\d+)", l2)
                    if m2:
                        # Access kind, not size: like ClusterFuzz's crash
                        # type ("WRITE {*}"), one bug overflowing by different
                        # amounts keeps one signature.
                        ctype += f" {m2.group(1)}"
                        break
            return Crash("crash", ctype, state_frames(first_stack(lines, i)), line.strip())
        m = re.search(r"runtime error: (.*)$", line)
        if m:
            return Crash("crash", _ubsan_type(m.group(1)), state_frames(first_stack(lines, i)), line.strip())
        m = re.search(r"ERROR: libFuzzer: (deadly signal|fuzz target exited|crash)", line)
        if m:
            return Crash("crash", m.group(1).capitalize().replace(" ", "-"),
                         state_frames(first_stack(lines, i)), line.strip())
        m = re.search(r"ERROR: UndefinedBehaviorSanitizer: ([A-Za-z-]+)", line)
        if m:
            return Crash("crash", m.group(1).capitalize(), state_frames(first_stack(lines, i)), line.strip())
    return None
