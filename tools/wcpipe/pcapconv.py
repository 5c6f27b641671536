"""A reproducer as a pcap, for humans (Wireshark / tshark).

The input format is the target's (see the comment at the top of
targets/<target>.c); how it maps to packets:
  pcap                      the input already is a pcap file: copied
  wire_eth                  one Ethernet frame
  wire_ipv4, wire_ipv6      one raw IP packet (LINKTYPE_RAW)
  targets using mpk         (source includes wirecheck/mpk.h) the mpk frames,
                            decoded leniently like lwIP's harness, with their
                            delays as timestamps; Ethernet unless every frame
                            starts with an IP version nibble
  others                    not a packet format: no pcap, and the reason says so
"""

import os
import struct

from . import atomic, repo

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
MPK_MAX_FRAME = 1514
PCAP_MAGICS = (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d",
               b"\x0a\x0d\x0d\x0a")
SINGLE = {"wire_eth": LINKTYPE_ETHERNET, "wire_ipv4": LINKTYPE_RAW, "wire_ipv6": LINKTYPE_RAW}


def mpk_frames(data):
    """[(delay_ms, frame bytes)] decoded like lwIP 2.1.3's multi-packet harness."""
    out, digits, pos = [], [], 0
    while len(data) - pos > 2:
        w = (data[pos] << 8) | data[pos + 1]
        pos += 2
        n = w & 0x07FF
        if n == 0:
            digits.append(w >> 11)
            continue
        n = min(n, MPK_MAX_FRAME, len(data) - pos)
        delay = 0
        for d in digits:
            delay = min(delay * 32 + d, 0xFFFFFFFF)
        digits = []
        out.append((delay, data[pos:pos + n]))
        pos += n
    return out


def pcap_bytes(linktype, packets):
    """Classic pcap (microsecond) of [(t_ms, bytes)]."""
    b = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)]
    t = 0
    for t_ms, pkt in packets:
        t = t_ms
        b.append(struct.pack("<IIII", t // 1000, (t % 1000) * 1000, len(pkt), len(pkt)))
        b.append(pkt)
    return b"".join(b)


def uses_mpk(target):
    try:
        with open(repo.path("targets", target + ".c"), encoding="utf-8", errors="replace") as f:
            return "wirecheck/mpk.h" in f.read()
    except OSError:
        return False


def convert(target, data, out_path):
    """Write OUT_PATH; returns (True, '') or (False, reason)."""
    if target == "pcap":
        if data[:4] in PCAP_MAGICS:
            atomic.write_bytes(out_path, data)
            return True, ""
        return False, "input is not a pcap file (no pcap magic), nothing to show"
    if target in SINGLE:
        atomic.write_bytes(out_path, pcap_bytes(SINGLE[target], [(0, data)]))
        return True, ""
    if uses_mpk(target):
        frames = mpk_frames(data)
        if not frames:
            return False, "mpk input holds no frame"
        lt = LINKTYPE_RAW if all(f and (f[0] >> 4) in (4, 6) for _d, f in frames) else LINKTYPE_ETHERNET
        acc, pk = 0, []
        for d, f in frames:
            acc += d
            pk.append((acc, f))
        atomic.write_bytes(out_path, pcap_bytes(lt, pk))
        return True, ""
    return False, f"input of '{target}' is not a packet format (see targets/{target}.c)"


def exists(target):
    return os.path.exists(repo.path("targets", target + ".c"))
