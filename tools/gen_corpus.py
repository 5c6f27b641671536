#!/usr/bin/python3
"""Generate wirecheck's seed corpora with scapy (run by `make corpus`).

Needs Debian's /usr/bin/python3 (the interpreter python3-scapy installs into).

Output (relative to the repository root, or to --out):
  corpus/wire_eth/    one Ethernet frame per file
  corpus/wire_ipv4/   one IPv4 packet per file (no link header)
  corpus/wire_ipv6/   one IPv6 packet per file (no link header)
  corpus/wire_tcp/    one TCP segment per file (header + options + payload);
                      its checksum is computed over the IPv4 pseudo-header
                      192.0.2.2 -> 192.0.2.1, protocol 6
  corpus/lwip_frame/  Ethernet frames addressed to the lwIP stack under test
  corpus/pcap/        small pcap conversations (Ethernet and raw-IP link types)

Properties:
  * deterministic: fixed addresses, sequence numbers, IP ids and pcap
    timestamps, so a re-run produces byte-identical files;
  * only documentation addresses (192.0.2.0/24, 2001:db8::/32; link-local
    and multicast only where Neighbor Discovery requires them) and locally
    administered MACs 02:00:00:00:00:01 (SUT) / 02:00:00:00:00:02 (peer);
  * every generated frame/packet is read back with scapy and its IPv4 header,
    TCP, UDP, ICMP and ICMPv6 checksums recomputed; any mismatch aborts before
    a single file is written;
  * owns only files named scapy-* in each directory: they are written through
    a temporary file + rename, stale scapy-* files are removed, hand-made seeds
    are never touched.
"""

import argparse
import hashlib
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

try:
    from scapy.all import (  # noqa: F401
        ARP, Dot1AD, Dot1Q, Ether, ICMP, ICMPv6DestUnreach, ICMPv6EchoReply,
        ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6ND_RA, ICMPv6ND_RS,
        ICMPv6NDOptDstLLAddr, ICMPv6NDOptMTU, ICMPv6NDOptPrefixInfo,
        ICMPv6NDOptSrcLLAddr, ICMPv6PacketTooBig, ICMPv6TimeExceeded, IP,
        IPerror, IPerror6, IPOption, IPv6, IPv6ExtHdrDestOpt,
        IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting,
        IPv6ExtHdrSegmentRouting, PadN, Pad1, Raw, RouterAlert, TCP,
        TCPerror, UDP, UDPerror, conf)
    from scapy.utils import checksum
    from scapy.layers.inet import in4_chksum
    from scapy.layers.inet6 import in6_chksum
except ImportError as exc:  # pragma: no cover - environment problem
    sys.stderr.write("gen_corpus: cannot import scapy (%s); run with "
                     "/usr/bin/python3 after `make deps`\n" % exc)
    sys.exit(2)

conf.verb = 0

# ---------------------------------------------------------------------------
# Fixed identities.
SUT_MAC, PEER_MAC = "02:00:00:00:00:01", "02:00:00:00:00:02"
BCAST_MAC = "ff:ff:ff:ff:ff:ff"
SUT4, PEER4, OTHER4 = "192.0.2.1", "192.0.2.2", "198.51.100.7"
SUT6, PEER6, OTHER6 = "2001:db8::1", "2001:db8::2", "2001:db8:1::7"
SUT6_LL, PEER6_LL = "fe80::1", "fe80::2"
SUT6_SNMC, SUT6_SNMC_MAC = "ff02::1:ff00:1", "33:33:ff:00:00:01"
ALLNODES6, ALLNODES6_MAC = "ff02::1", "33:33:00:00:00:01"
ALLROUTERS6, ALLROUTERS6_MAC = "ff02::2", "33:33:00:00:00:02"
SUT_PORT, PEER_PORT = 80, 40000
C_ISS, S_ISS = 1000, 2000000
PCAP_EPOCH = 1700000000          # 2023-11-14T22:13:20Z, fixed
LINKTYPE_ETHERNET, LINKTYPE_RAW = 1, 101
ETH_MIN = 60                     # minimum Ethernet frame without FCS

PREFIX = "scapy-"
MAX_SEED = 4096
MAX_PCAP = 20 * 1024

OPTS_LINUX = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (100, 0)),
              ("NOP", None), ("WScale", 7)]


def pattern(n, seed=0):
    """n bytes of printable, deterministic payload."""
    alpha = b"abcdefghijklmnopqrstuvwxyz0123456789"
    return bytes(alpha[(i + seed) % len(alpha)] for i in range(n))


def ip4(src=PEER4, dst=SUT4, **kw):
    kw.setdefault("id", 1)
    kw.setdefault("ttl", 64)
    return IP(src=src, dst=dst, **kw)


def ip6(src=PEER6, dst=SUT6, **kw):
    kw.setdefault("hlim", 64)
    return IPv6(src=src, dst=dst, **kw)


def eth(pkt_bytes, dst=SUT_MAC, src=PEER_MAC, etype=None):
    if etype is None:
        etype = 0x86DD if (pkt_bytes[0] >> 4) == 6 else 0x0800
    return bytes(Ether(dst=dst, src=src, type=etype)) + pkt_bytes


def pad_to_min(frame):
    return frame + bytes(max(0, ETH_MIN - len(frame)))


def tcp(flags="A", seq=C_ISS + 1, ack=S_ISS + 1, sport=PEER_PORT,
        dport=SUT_PORT, window=502, **kw):
    return TCP(sport=sport, dport=dport, flags=flags, seq=seq, ack=ack,
               window=window, **kw)


def tcp_rawopts(optbytes, flags="A", payload=b"", **kw):
    """A TCP header whose option bytes are given literally (may be malformed).

    The options travel as the first bytes of the payload with dataofs set
    accordingly, so scapy still computes a correct checksum over them."""
    if len(optbytes) % 4:
        raise ValueError("raw option block must be a multiple of 4 bytes")
    return tcp(flags=flags, dataofs=5 + len(optbytes) // 4, options=[],
               **kw) / Raw(optbytes + payload)


# ---------------------------------------------------------------------------
# TCP segments: (name, TCP layer).  Used for wire_tcp, and over IPv4/IPv6.
def tcp_segments():
    sack = [(C_ISS + 1 + 1000 * i + 500, C_ISS + 1 + 1000 * i + 1000)
            for i in range(4)]
    ts = ("Timestamp", (5000, 100))
    segs = [
        ("syn-plain", tcp("S", C_ISS, 0, window=64240)),
        ("syn-mss1460", tcp("S", C_ISS, 0, window=64240,
                            options=[("MSS", 1460)])),
        ("syn-mss1460-sackok-ts-nop-ws7", tcp("S", C_ISS, 0, window=64240,
                                              options=OPTS_LINUX)),
        ("syn-mss536-nop-ws14", tcp("S", C_ISS, 0, window=65535, options=[
            ("MSS", 536), ("NOP", None), ("WScale", 14)])),
        ("syn-ws15-above-max", tcp("S", C_ISS, 0, window=65535, options=[
            ("NOP", None), ("WScale", 15)])),
        ("syn-mss1220-v6ish-sackok", tcp("S", C_ISS, 0, window=64800, options=[
            ("MSS", 1220), ("NOP", None), ("NOP", None), ("SAckOK", b"")])),
        ("syn-ece-cwr-ecn-setup", tcp("SEC", C_ISS, 0, window=64240,
                                      options=[("MSS", 1460)])),
        ("syn-with-data", tcp("S", C_ISS, 0, window=64240,
                              options=[("MSS", 1460)]) / Raw(pattern(32))),
        ("syn-fin", tcp("SF", C_ISS, 0, window=64240)),
        ("synack-mss1460-sackok-ts-nop-ws7", tcp(
            "SA", S_ISS, C_ISS + 1, sport=SUT_PORT, dport=PEER_PORT,
            window=65160, options=[("MSS", 1460), ("SAckOK", b""),
                                   ("Timestamp", (5000, 100)),
                                   ("NOP", None), ("WScale", 7)])),
        ("synack-mss536", tcp("SA", S_ISS, C_ISS + 1, sport=SUT_PORT,
                              dport=PEER_PORT, window=2144,
                              options=[("MSS", 536)])),
        ("ack", tcp("A")),
        ("ack-nop-nop-ts", tcp("A", options=[("NOP", None), ("NOP", None),
                                             ("Timestamp", (101, 5000))])),
        ("ack-sack1-ts", tcp("A", options=[("NOP", None), ("NOP", None), ts,
                                           ("NOP", None), ("NOP", None),
                                           ("SAck", sack[0])])),
        ("ack-sack2-ts", tcp("A", options=[("NOP", None), ("NOP", None), ts,
                                           ("NOP", None), ("NOP", None),
                                           ("SAck", sack[0] + sack[1])])),
        ("ack-sack3-ts", tcp("A", options=[("NOP", None), ("NOP", None), ts,
                                           ("NOP", None), ("NOP", None),
                                           ("SAck", sum(sack[:3], ()))])),
        ("ack-sack4", tcp("A", options=[("NOP", None), ("NOP", None),
                                        ("SAck", sum(sack, ()))])),
        ("ack-window-zero", tcp("A", window=0)),
        ("ack-window-update", tcp("A", window=65535)),
        ("data-psh-ack-100b", tcp("PA") / Raw(pattern(100))),
        ("data-psh-ack-1460b", tcp("PA") / Raw(pattern(1460))),
        ("data-ts-http-get", tcp("PA", options=[("NOP", None), ("NOP", None),
                                                ("Timestamp", (102, 5000))]) /
         Raw(b"GET / HTTP/1.0\r\nHost: 192.0.2.1\r\n\r\n")),
        ("data-urg", tcp("PAU", urgptr=4) / Raw(pattern(16))),
        ("fin-ack", tcp("FA")),
        ("fin-psh-ack-data", tcp("FPA") / Raw(pattern(20))),
        ("rst", tcp("R", ack=0)),
        ("rst-ack", tcp("RA")),
        ("rst-data-diagnostic", tcp("RA") / Raw(b"connection reset")),
        ("all-flags-christmas", tcp("FSRPAUECN", urgptr=1) / Raw(b"x")),
        ("opt-nop-eol-padding", tcp("A", options=[("NOP", None),
                                                  ("NOP", None),
                                                  ("EOL", None)])),
        ("opt-mss-then-eol-padding", tcp_rawopts(
            bytes([2, 4, 5, 0xB4, 0, 0, 0, 0]), flags="S", seq=C_ISS, ack=0)),
        ("opt-eol-then-nonzero-bytes", tcp_rawopts(
            bytes([1, 0, 0xAA, 0xBB]))),
        ("opt-unknown-kind253-exid", tcp("A", options=[
            (253, b"\x12\x34\x56\x78"), ("NOP", None), ("NOP", None)])),
        ("opt-unknown-kind99", tcp("A", options=[(99, b"\x01\x02")])),
        ("opt-md5sig-kind19", tcp("A", options=[(19, pattern(16))])),
        ("opt-fastopen-cookie", tcp("S", C_ISS, 0, window=64240, options=[
            ("MSS", 1460), (34, bytes(range(8)))])),
        ("opt-mptcp-capable", tcp("S", C_ISS, 0, window=64240, options=[
            ("MSS", 1460), (30, bytes([0x01, 0x81]) + bytes(8))])),
        ("opt-max-40-bytes", tcp("A", options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (103, 5000)),
            ("NOP", None), ("NOP", None),
            ("SAck", sum(sack[:3], ()))])),
        ("opt-bad-len0", tcp_rawopts(bytes([2, 0, 5, 0xB4]))),
        ("opt-bad-len1", tcp_rawopts(bytes([8, 1, 0, 0]))),
        ("opt-bad-len-past-end", tcp_rawopts(bytes([8, 10, 0, 0]))),
        ("opt-mss-len3", tcp_rawopts(bytes([2, 3, 5, 0])), ),
        ("opt-sack-odd-len", tcp_rawopts(bytes([1, 1, 5, 6]) + bytes(4))),
        ("opt-ts-truncated", tcp_rawopts(bytes([1, 1, 8, 10]) + bytes(4))),
        ("dataofs-below-5", tcp("A", dataofs=4)),
    ]
    return segs


V6_TCP = {"syn-mss1460-sackok-ts-nop-ws7", "synack-mss1460-sackok-ts-nop-ws7",
          "syn-plain", "ack", "ack-sack4", "data-psh-ack-100b", "fin-ack",
          "rst-ack", "opt-unknown-kind253-exid", "syn-mss1220-v6ish-sackok"}


# ---------------------------------------------------------------------------
# Fragmentation helpers (checksums are computed over the whole datagram first).
def frag4(pkt, chunk, ident, df=False):
    """Split an IPv4 scapy packet into fragments of `chunk` payload bytes."""
    raw = bytes(pkt)
    ihl = (raw[0] & 0x0F) * 4
    hdr, body = raw[:ihl], raw[ihl:]
    out = []
    for off in range(0, len(body), chunk):
        part = body[off:off + chunk]
        more = off + chunk < len(body)
        h = IP(hdr)
        h.remove_payload()
        h.id, h.len, h.chksum = ident, None, None
        h.flags = (1 if more else 0) | (2 if df else 0)   # MF, DF
        h.frag = off // 8
        out.append(h / Raw(part))
    return out


def frag6(base, upper, nh, chunk, ident):
    """Fragment `upper` (with its checksum computed over base/upper)."""
    full = bytes(base.copy() / upper)
    body = full[len(bytes(base)):]
    out = []
    for off in range(0, len(body), chunk):
        more = off + chunk < len(body)
        out.append(base.copy() / IPv6ExtHdrFragment(
            nh=nh, offset=off // 8, m=int(more), id=ident) /
            Raw(body[off:off + chunk]))
    return out


# ---------------------------------------------------------------------------
# IP-level packets: lists of (name, scapy packet).
def ipv4_packets():
    pkts = []
    for name, seg in tcp_segments():
        if name.startswith("synack"):
            pkts.append(("tcp-" + name, ip4(SUT4, PEER4) / seg))
        else:
            pkts.append(("tcp-" + name, ip4() / seg))
    rr = IPOption(bytes([7, 11, 4]) + bytes(8))
    rr_full = IPOption(bytes([7, 11, 12]) + bytes([192, 0, 2, 9,
                                                   198, 51, 100, 1]))
    ts0 = IPOption(bytes([68, 12, 9, 0]) + struct.pack(">II", 36000000, 0))
    ts1 = IPOption(bytes([68, 20, 13, 1]) +
                   bytes([192, 0, 2, 9]) + struct.pack(">I", 36000000) +
                   bytes(8))
    ts3 = IPOption(bytes([68, 20, 5, 3]) + bytes([192, 0, 2, 1]) + bytes(4) +
                   bytes([198, 51, 100, 1]) + bytes(4))
    ts_ovf = IPOption(bytes([68, 12, 13, 0x10]) +
                      struct.pack(">II", 36000000, 36000001))
    ra = IPOption(bytes([0x94, 4, 0, 0]))
    nop, eol = IPOption(b"\x01"), IPOption(b"\x00")
    syn = tcp("S", C_ISS, 0, window=64240, options=[("MSS", 1460)])
    opt_cases = [
        ("ipv4-opt-rr-empty", [rr]),
        ("ipv4-opt-rr-full", [rr_full]),
        ("ipv4-opt-ts-only", [ts0]),
        ("ipv4-opt-ts-addr", [ts1]),
        ("ipv4-opt-ts-prespecified", [ts3]),
        ("ipv4-opt-ts-overflow", [ts_ovf]),
        ("ipv4-opt-router-alert", [ra]),
        ("ipv4-opt-nop-nop-nop-eol", [nop, nop, nop, eol]),
        ("ipv4-opt-ra-nop-rr-eol", [ra, nop, rr, eol, eol, eol]),
        ("ipv4-opt-max-40", [IPOption(bytes([7, 39, 4]) + bytes(36)), eol]),
        ("ipv4-opt-unknown-kind30", [IPOption(bytes([30, 4, 1, 2]))]),
        ("ipv4-opt-bad-len0", [IPOption(bytes([7, 0, 4, 0]))]),
    ]
    for name, opts in opt_cases:
        pkts.append((name + "-tcp-syn", ip4(options=opts) / syn))
    pkts.append(("ipv4-df-tcp-syn", ip4(flags="DF") / syn))
    pkts.append(("ipv4-ecn-ce-tcp-data", ip4(tos=0x03) /
                 tcp("PA") / Raw(pattern(40))))
    pkts.append(("ipv4-dscp-ef-udp", ip4(tos=0xB8) /
                 UDP(sport=5004, dport=5004) / Raw(pattern(24))))
    pkts.append(("ipv4-ttl1-tcp-syn", ip4(ttl=1) / syn))
    # Fragments of a 600-byte TCP data segment: first, middle, last.
    big = ip4(id=0x1234) / tcp("PA") / Raw(pattern(600))
    f = frag4(big, 208, 0x1234)
    pkts += [("ipv4-frag-first-mf-tcp", f[0]),
             ("ipv4-frag-middle-mf", f[1]),
             ("ipv4-frag-last", f[2])]
    fu = frag4(ip4() / UDP(sport=5353, dport=5353) / Raw(pattern(100)), 64,
               0x2345)
    pkts += [("ipv4-frag-first-udp", fu[0]), ("ipv4-frag-last-udp", fu[1])]
    tiny = frag4(ip4() / tcp("S", C_ISS, 0, options=[("MSS", 1460)]), 8,
                 0x3456)
    pkts.append(("ipv4-frag-tiny-first-8b-tcp", tiny[0]))
    pkts.append(("ipv4-frag-df-and-mf", frag4(big, 208, 0x4567, df=True)[0]))
    pkts.append(("ipv4-frag-atomic-offset0-nomf",
                 ip4(id=0x5678, flags=0) / tcp("A")))
    # ICMPv4.
    echo = ICMP(type=8, id=0x4242, seq=1) / Raw(pattern(56))
    pkts.append(("icmp-echo-request", ip4() / echo))
    pkts.append(("icmp-echo-reply", ip4(SUT4, PEER4) /
                 ICMP(type=0, id=0x4242, seq=1) / Raw(pattern(56))))
    pkts.append(("icmp-unreach-port-quoted-udp", ip4(SUT4, PEER4) /
                 ICMP(type=3, code=3) /
                 IPerror(src=PEER4, dst=SUT4, id=7, ttl=64) /
                 UDPerror(sport=5353, dport=9) /
                 Raw(pattern(20))))
    pkts.append(("icmp-unreach-fragneeded-quoted-tcp", ip4(OTHER4, SUT4) /
                 ICMP(type=3, code=4, nexthopmtu=1400) /
                 IPerror(src=SUT4, dst=PEER4, id=9, ttl=63, flags="DF") /
                 TCPerror(sport=SUT_PORT, dport=PEER_PORT, seq=S_ISS + 1,
                          ack=C_ISS + 1, flags="PA", window=509)))
    pkts.append(("icmp-unreach-host-quoted-tcp-8b", ip4(OTHER4, SUT4) /
                 ICMP(type=3, code=1) /
                 Raw(bytes(ip4(SUT4, PEER4) / tcp("S", S_ISS, 0,
                                                 SUT_PORT, PEER_PORT))[:28])))
    pkts.append(("icmp-time-exceeded", ip4(OTHER4, SUT4) /
                 ICMP(type=11, code=0) /
                 Raw(bytes(ip4(SUT4, PEER4, ttl=1) /
                           UDP(sport=33434, dport=33435))[:28])))
    pkts.append(("icmp-echo-request-rr", ip4(options=[rr]) / echo))
    # UDP.
    pkts.append(("udp-dns-query", ip4() / UDP(sport=53000, dport=53) /
                 Raw(bytes.fromhex("123401000001000000000000076578616d706c65"
                                   "0374657374000001 0001".replace(" ", "")))))
    pkts.append(("udp-zero-checksum", ip4() /
                 UDP(sport=7, dport=7, chksum=0) / Raw(pattern(12))))
    pkts.append(("udp-empty", ip4() / UDP(sport=9, dport=9)))
    pkts.append(("proto-unknown-253", ip4(proto=253) / Raw(pattern(16))))
    return pkts


def ipv6_packets():
    pkts = []
    for name, seg in tcp_segments():
        if name not in V6_TCP:
            continue
        if name.startswith("synack"):
            pkts.append(("tcp-" + name, ip6(SUT6, PEER6) / seg))
        else:
            pkts.append(("tcp-" + name, ip6() / seg))
    syn = tcp("S", C_ISS, 0, window=64800, options=[("MSS", 1440)])
    data = tcp("PA") / Raw(pattern(64))
    ra = RouterAlert(value=0)
    pkts += [
        ("ipv6-hbh-router-alert-padn-tcp-syn",
         ip6() / IPv6ExtHdrHopByHop(options=[ra, PadN(optdata=b"")]) / syn),
        ("ipv6-hbh-pad1-tcp-syn",
         ip6() / IPv6ExtHdrHopByHop(options=[Pad1(), Pad1(), Pad1(), Pad1(),
                                             Pad1(), Pad1()]) / syn),
        ("ipv6-hbh-unknown-opt-skip-tcp-syn",
         ip6() / IPv6ExtHdrHopByHop(options=[PadN(otype=0x1E,
                                                  optdata=b"\x01\x02\x03\x04")])
         / syn),
        ("ipv6-hbh-unknown-opt-discard-icmp",
         ip6() / IPv6ExtHdrHopByHop(options=[PadN(otype=0x9E,
                                                  optdata=b"\x01\x02\x03\x04")])
         / ICMPv6EchoRequest(id=1, seq=1)),
        ("ipv6-destopt-padn-tcp-data",
         ip6() / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\x00\x00\x00\x00")])
         / data),
        ("ipv6-rh0-segleft0-tcp-syn",
         ip6() / IPv6ExtHdrRouting(type=0, segleft=0,
                                   addresses=[OTHER6, PEER6]) / syn),
        ("ipv6-rh0-segleft2-tcp-syn",
         ip6(dst=OTHER6) / IPv6ExtHdrRouting(type=0, segleft=2,
                                             addresses=["2001:db8:1::8", SUT6])
         / syn),
        ("ipv6-rh2-home-address-tcp-syn",
         ip6() / IPv6ExtHdrRouting(type=2, segleft=1,
                                   addresses=["2001:db8:2::1"]) / syn),
        ("ipv6-rh4-srh-segleft1-tcp-syn",
         ip6(dst=OTHER6) / IPv6ExtHdrSegmentRouting(
             segleft=1, lastentry=1, addresses=[SUT6, OTHER6]) / syn),
        ("ipv6-rh4-srh-segleft0-tcp-data",
         ip6() / IPv6ExtHdrSegmentRouting(
             segleft=0, lastentry=1, addresses=[SUT6, OTHER6]) / data),
        ("ipv6-chain-hbh-dest-rh0-dest-tcp",
         ip6() / IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\x00" * 4)]) /
         IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\x00" * 4)]) /
         IPv6ExtHdrRouting(type=0, segleft=0, addresses=[OTHER6]) /
         IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\x00" * 4)]) / syn),
        ("ipv6-chain-hbh-dest-frag-atomic-tcp",
         ip6() / IPv6ExtHdrHopByHop(options=[ra, PadN(optdata=b"")]) /
         IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\x00" * 4)]) /
         IPv6ExtHdrFragment(nh=6, offset=0, m=0, id=0x77) / syn),
        ("ipv6-nonext-59", ip6(nh=59) / Raw(b"")),
        ("ipv6-destopt-nonext-59",
         ip6() / IPv6ExtHdrDestOpt(nh=59, options=[PadN(optdata=bytes(4))])),
        ("ipv6-flowlabel-tc-tcp-ack", ip6(tc=0xB8, fl=0x12345) / tcp("A")),
    ]
    base = ip6()
    fr = frag6(base, tcp("PA") / Raw(pattern(600)), 6, 304, 0xABCD)
    pkts += [("ipv6-frag-first-m-tcp", fr[0]),
             ("ipv6-frag-last-tcp", fr[1])]
    fr3 = frag6(base, tcp("PA") / Raw(pattern(900)), 6, 304, 0xABCE)
    pkts.append(("ipv6-frag-middle-m", fr3[1]))
    hbase = ip6() / IPv6ExtHdrHopByHop(options=[PadN(optdata=bytes(4))])
    frh = frag6(hbase, UDP(sport=5353, dport=5353) / Raw(pattern(200)), 17,
                104, 0xABCF)
    pkts.append(("ipv6-hbh-frag-first-udp", frh[0]))
    pkts.append(("ipv6-frag-atomic-tcp",
                 ip6() / IPv6ExtHdrFragment(nh=6, offset=0, m=0, id=0x99) /
                 tcp("A")))
    # ICMPv6.
    pkts += [
        ("icmp6-echo-request",
         ip6() / ICMPv6EchoRequest(id=0x4242, seq=1, data=pattern(56))),
        ("icmp6-echo-reply",
         ip6(SUT6, PEER6) / ICMPv6EchoReply(id=0x4242, seq=1,
                                            data=pattern(56))),
        ("icmp6-unreach-port-quoted-udp",
         ip6(SUT6, PEER6) / ICMPv6DestUnreach(code=4) /
         IPerror6(src=PEER6, dst=SUT6) / UDPerror(sport=5353, dport=9) /
         Raw(pattern(16))),
        ("icmp6-packet-too-big-quoted-tcp",
         ip6(OTHER6, SUT6) / ICMPv6PacketTooBig(mtu=1280) /
         IPerror6(src=SUT6, dst=PEER6) /
         TCPerror(sport=SUT_PORT, dport=PEER_PORT, seq=S_ISS + 1,
                  ack=C_ISS + 1, flags="PA", window=509) / Raw(pattern(64))),
        ("icmp6-time-exceeded",
         ip6(OTHER6, SUT6) / ICMPv6TimeExceeded(code=0) /
         Raw(bytes(ip6(SUT6, PEER6, hlim=1) / UDP(sport=33434,
                                                  dport=33435)))),
        ("icmp6-nd-ns-multicast-sllao",
         ip6(PEER6, SUT6_SNMC, hlim=255) / ICMPv6ND_NS(tgt=SUT6) /
         ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)),
        ("icmp6-nd-ns-unicast-nud",
         ip6(PEER6, SUT6, hlim=255) / ICMPv6ND_NS(tgt=SUT6)),
        ("icmp6-nd-ns-dad-unspecified",
         ip6("::", SUT6_SNMC, hlim=255) / ICMPv6ND_NS(tgt=SUT6)),
        ("icmp6-nd-na-solicited-override-tllao",
         ip6(PEER6, SUT6, hlim=255) / ICMPv6ND_NA(R=0, S=1, O=1, tgt=PEER6) /
         ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC)),
        ("icmp6-nd-na-unsolicited-allnodes",
         ip6(PEER6, ALLNODES6, hlim=255) /
         ICMPv6ND_NA(R=1, S=0, O=1, tgt=PEER6) /
         ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC)),
        ("icmp6-nd-rs-sllao",
         ip6(PEER6_LL, ALLROUTERS6, hlim=255) / ICMPv6ND_RS() /
         ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)),
        ("icmp6-nd-ra-prefix-mtu-sllao",
         ip6(PEER6_LL, ALLNODES6, hlim=255) /
         ICMPv6ND_RA(chlim=64, routerlifetime=1800, reachabletime=30000,
                     retranstimer=1000) /
         ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC) / ICMPv6NDOptMTU(mtu=1500) /
         ICMPv6NDOptPrefixInfo(prefix="2001:db8::", prefixlen=64, L=1, A=1,
                               validlifetime=86400,
                               preferredlifetime=14400)),
        ("icmp6-nd-ns-bad-hlim64",
         ip6(PEER6, SUT6_SNMC, hlim=64) / ICMPv6ND_NS(tgt=SUT6) /
         ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)),
        ("icmp6-nd-ns-opt-len0",
         ip6(PEER6, SUT6_SNMC, hlim=255) / ICMPv6ND_NS(tgt=SUT6) /
         Raw(bytes([1, 0, 2, 0, 0, 0, 0, 2]))),
        ("udp6-dns-query",
         ip6() / UDP(sport=53000, dport=53) / Raw(bytes.fromhex(
             "123401000001000000000000076578616d706c6504746573740000010001"))),
    ]
    return pkts


def eth_mac_for(pkt):
    """Ethernet destination for an IP packet from the peer."""
    dst = pkt.dst
    if dst == SUT6_SNMC:
        return SUT6_SNMC_MAC
    if dst == ALLNODES6:
        return ALLNODES6_MAC
    if dst == ALLROUTERS6:
        return ALLROUTERS6_MAC
    if dst in (PEER4, PEER6):
        return PEER_MAC
    return SUT_MAC


def frame_of(pkt):
    b = bytes(pkt)
    dst = eth_mac_for(pkt)
    src = SUT_MAC if dst == PEER_MAC else PEER_MAC
    return eth(b, dst=dst, src=src)


def arp_frames():
    req = (Ether(dst=BCAST_MAC, src=PEER_MAC) /
           ARP(op=1, hwsrc=PEER_MAC, psrc=PEER4, hwdst="00:00:00:00:00:00",
               pdst=SUT4))
    rep = (Ether(dst=PEER_MAC, src=SUT_MAC) /
           ARP(op=2, hwsrc=SUT_MAC, psrc=SUT4, hwdst=PEER_MAC, pdst=PEER4))
    rep_to_sut = (Ether(dst=SUT_MAC, src=PEER_MAC) /
                  ARP(op=2, hwsrc=PEER_MAC, psrc=PEER4, hwdst=SUT_MAC,
                      pdst=SUT4))
    grat = (Ether(dst=BCAST_MAC, src=PEER_MAC) /
            ARP(op=1, hwsrc=PEER_MAC, psrc=PEER4, hwdst="00:00:00:00:00:00",
                pdst=PEER4))
    probe = (Ether(dst=BCAST_MAC, src=PEER_MAC) /
             ARP(op=1, hwsrc=PEER_MAC, psrc="0.0.0.0",
                 hwdst="00:00:00:00:00:00", pdst=SUT4))
    return [("arp-request-unpadded", bytes(req)),
            ("arp-request-padded60", pad_to_min(bytes(req))),
            ("arp-reply", pad_to_min(bytes(rep))),
            ("arp-reply-to-sut", pad_to_min(bytes(rep_to_sut))),
            ("arp-gratuitous", pad_to_min(bytes(grat))),
            ("arp-probe-sender-zero", pad_to_min(bytes(probe)))]


def eth_only_frames():
    syn = ip4() / tcp("S", C_ISS, 0, window=64240, options=[("MSS", 1460)])
    ack = ip4() / tcp("A")
    fr = []
    fr.append(("vlan-dot1q-ipv4-tcp-syn", bytes(
        Ether(dst=SUT_MAC, src=PEER_MAC) / Dot1Q(prio=0, vlan=100) / syn)))
    fr.append(("vlan-dot1q-pcp5-ipv6-tcp-syn", bytes(
        Ether(dst=SUT_MAC, src=PEER_MAC) / Dot1Q(prio=5, vlan=200) /
        ip6() / tcp("S", C_ISS, 0, window=64800, options=[("MSS", 1440)]))))
    fr.append(("vlan-dot1q-arp-request", pad_to_min(bytes(
        Ether(dst=BCAST_MAC, src=PEER_MAC) / Dot1Q(vlan=100) /
        ARP(op=1, hwsrc=PEER_MAC, psrc=PEER4, pdst=SUT4)))))
    fr.append(("vlan-qinq-88a8-8100-ipv4-tcp-syn", bytes(
        Ether(dst=SUT_MAC, src=PEER_MAC) / Dot1AD(vlan=10) / Dot1Q(vlan=20) /
        syn)))
    fr.append(("vlan-qinq-8100-8100-ipv4-icmp", bytes(
        Ether(dst=SUT_MAC, src=PEER_MAC) / Dot1Q(vlan=10) / Dot1Q(vlan=20) /
        ip4() / ICMP(type=8, id=1, seq=1) / Raw(pattern(8)))))
    fr.append(("vlan-dot1q-vid0-priority-tag-ipv4-ack", pad_to_min(bytes(
        Ether(dst=SUT_MAC, src=PEER_MAC) / Dot1Q(prio=3, vlan=0) / ack))))
    fr.append(("pad-ipv4-tcp-ack-54-to-60", pad_to_min(frame_of(ack))))
    fr.append(("pad-ipv4-tcp-rst-nonzero-padding", frame_of(
        ip4() / tcp("R", ack=0)) + b"\xde\xad\xbe\xef\xde\xad"))
    fr.append(("pad-ipv4-udp-empty-42-to-60", pad_to_min(frame_of(
        ip4() / UDP(sport=9, dport=9)))))
    fr.append(("trailing-garbage-ipv4-tcp-data", frame_of(
        ip4() / tcp("PA") / Raw(pattern(10))) + b"GARBAGE-AFTER-IP-" +
        bytes(range(16))))
    fr.append(("trailing-fcs-like-ipv4-tcp-syn", frame_of(syn) +
               b"\x12\x34\x56\x78"))
    fr.append(("trailing-garbage-ipv6-tcp-ack", frame_of(
        ip6() / tcp("A")) + b"\x00\x11\x22\x33\x44\x55\x66\x77"))
    fr.append(("ethertype-unknown-88b5", bytes(
        Ether(dst=SUT_MAC, src=PEER_MAC, type=0x88B5) / Raw(pattern(46)))))
    fr.append(("ieee8023-length-llc", bytes(
        Ether(dst="01:80:c2:00:00:00", src=PEER_MAC, type=0x0026) /
        Raw(b"\x42\x42\x03" + bytes(35)))))
    fr.append(("eth-broadcast-ipv4-udp", bytes(
        Ether(dst=BCAST_MAC, src=PEER_MAC) /
        ip4(dst="192.0.2.255") / UDP(sport=68, dport=67) /
        Raw(pattern(32)))))
    fr.append(("eth-ipv4-in-86dd-mismatch", eth(bytes(ack), etype=0x86DD)))
    return fr


# ---------------------------------------------------------------------------
# lwip_frame: frames addressed to the stack under test.
def lwip_frames():
    out = []

    def add(name, pkt, pad=True):
        f = frame_of(pkt)
        out.append((name, pad_to_min(f) if pad else f))

    syn_opts = [
        ("syn-port80-plain", []),
        ("syn-port80-mss1460", [("MSS", 1460)]),
        ("syn-port80-mss1460-sackok-ts-nop-ws7", OPTS_LINUX),
        ("syn-port80-mss536-ws14", [("MSS", 536), ("NOP", None),
                                     ("WScale", 14)]),
        ("syn-port80-unknown-opt", [("MSS", 1460), (253, b"\x12\x34")]),
    ]
    for name, opts in syn_opts:
        add("ipv4-" + name,
            ip4() / tcp("S", C_ISS, 0, window=64240, options=opts))
    add("ipv4-syn-port81-closed",
        ip4() / tcp("S", C_ISS, 0, dport=81, window=64240,
                    options=[("MSS", 1460)]))
    add("ipv4-syn-data-port80",
        ip4() / tcp("S", C_ISS, 0, window=64240, options=[("MSS", 1460)]) /
        Raw(b"GET / HTTP/1.0\r\n\r\n"))
    add("ipv4-synack-unexpected",
        ip4() / tcp("SA", C_ISS, S_ISS + 1, window=64240))
    # Segments that follow a handshake with ISN C_ISS (peer) and S_ISS (SUT).
    add("ipv4-est-ack", ip4() / tcp("A"))
    add("ipv4-est-data-http-get", ip4() / tcp("PA") /
        Raw(b"GET / HTTP/1.0\r\nHost: 192.0.2.1\r\n\r\n"))
    add("ipv4-est-data-1460b", ip4() / tcp("PA") / Raw(pattern(1460)))
    add("ipv4-est-fin", ip4() / tcp("FA"))
    add("ipv4-est-rst-exact", ip4() / tcp("R", ack=0))
    add("ipv4-est-rst-inwindow", ip4() / tcp("R", seq=C_ISS + 101, ack=0))
    add("ipv4-est-rst-outside-window", ip4() /
        tcp("R", seq=C_ISS + 10000000, ack=0))
    add("ipv4-est-ack-sack2-ts", ip4() / tcp("A", options=[
        ("NOP", None), ("NOP", None), ("Timestamp", (101, 5000)),
        ("NOP", None), ("NOP", None),
        ("SAck", (S_ISS + 501, S_ISS + 1001, S_ISS + 1501, S_ISS + 2001))]))
    add("ipv4-est-zero-window", ip4() / tcp("A", window=0))
    add("ipv4-est-urg-data", ip4() / tcp("PAU", urgptr=2) / Raw(b"xyzzy"))
    add("ipv6-syn-port80-mss1440-sackok-ts-ws7",
        ip6() / tcp("S", C_ISS, 0, window=64800, options=[
            ("MSS", 1440), ("SAckOK", b""), ("Timestamp", (100, 0)),
            ("NOP", None), ("WScale", 7)]))
    add("ipv6-syn-port80-plain", ip6() / tcp("S", C_ISS, 0, window=64800))
    add("ipv6-est-data", ip6() / tcp("PA") / Raw(pattern(100)))
    add("ipv6-est-rst", ip6() / tcp("R", ack=0))
    add("ipv6-hbh-syn-port80",
        ip6() / IPv6ExtHdrHopByHop(options=[PadN(optdata=bytes(4))]) /
        tcp("S", C_ISS, 0, window=64800))
    # ARP, ICMP, ND.
    for name, frame in arp_frames():
        if name in ("arp-request-padded60", "arp-reply-to-sut",
                    "arp-gratuitous", "arp-probe-sender-zero"):
            out.append((name, frame))
    out.append(("arp-request-for-sut-unicast", pad_to_min(bytes(
        Ether(dst=SUT_MAC, src=PEER_MAC) /
        ARP(op=1, hwsrc=PEER_MAC, psrc=PEER4, hwdst=SUT_MAC, pdst=SUT4)))))
    add("icmp-echo-request", ip4() / ICMP(type=8, id=0x4242, seq=1) /
        Raw(pattern(56)))
    add("icmp-echo-request-broadcast", ip4(dst="192.0.2.255") /
        ICMP(type=8, id=0x4242, seq=2) / Raw(pattern(8)))
    add("icmp-unreach-quoted-tcp", ip4(OTHER4, SUT4) / ICMP(type=3, code=4,
                                                           nexthopmtu=576) /
        IPerror(src=SUT4, dst=PEER4, id=9, flags="DF") /
        TCPerror(sport=SUT_PORT, dport=PEER_PORT, seq=S_ISS + 1,
                 ack=C_ISS + 1, flags="PA"))
    add("icmp6-echo-request", ip6() /
        ICMPv6EchoRequest(id=0x4242, seq=1, data=pattern(56)))
    add("icmp6-nd-ns-for-sut-multicast", ip6(PEER6, SUT6_SNMC, hlim=255) /
        ICMPv6ND_NS(tgt=SUT6) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
    add("icmp6-nd-ns-for-sut-unicast", ip6(PEER6, SUT6, hlim=255) /
        ICMPv6ND_NS(tgt=SUT6) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
    add("icmp6-nd-ns-dad", ip6("::", SUT6_SNMC, hlim=255) /
        ICMPv6ND_NS(tgt=SUT6))
    add("icmp6-nd-na-peer", ip6(PEER6, SUT6, hlim=255) /
        ICMPv6ND_NA(R=0, S=1, O=1, tgt=PEER6) /
        ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC))
    add("icmp6-nd-ra", ip6(PEER6_LL, ALLNODES6, hlim=255) /
        ICMPv6ND_RA(chlim=64, routerlifetime=1800) /
        ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC) / ICMPv6NDOptMTU(mtu=1500) /
        ICMPv6NDOptPrefixInfo(prefix="2001:db8::", prefixlen=64))
    add("udp-to-closed-port", ip4() / UDP(sport=5353, dport=9) /
        Raw(pattern(16)))
    big = ip4(id=0x1234) / tcp("PA") / Raw(pattern(600))
    f = frag4(big, 208, 0x1234)
    add("ipv4-frag-first-tcp", f[0])
    add("ipv4-frag-last-tcp", f[2])
    ff = frag4(ip4() / ICMP(type=8, id=7, seq=7) / Raw(pattern(120)), 64,
               0x2222)
    add("ipv4-frag-first-icmp-echo", ff[0])
    add("ipv4-frag-last-icmp-echo", ff[-1])
    f6 = frag6(ip6(), ICMPv6EchoRequest(id=7, seq=7, data=pattern(200)), 58,
               104, 0x3333)
    add("ipv6-frag-first-icmp6-echo", f6[0])
    add("ipv6-frag-last-icmp6-echo", f6[-1])
    add("ipv4-opt-rr-syn-port80", ip4(options=[IPOption(bytes([7, 11, 4]) +
                                                        bytes(8))]) /
        tcp("S", C_ISS, 0, window=64240, options=[("MSS", 1460)]))
    out.append(("vlan-dot1q-syn-port80", bytes(
        Ether(dst=SUT_MAC, src=PEER_MAC) / Dot1Q(vlan=100) / ip4() /
        tcp("S", C_ISS, 0, window=64240, options=[("MSS", 1460)]))))
    out.append(("trailing-garbage-syn-port80", frame_of(
        ip4() / tcp("S", C_ISS, 0, window=64240, options=[("MSS", 1460)])) +
        pattern(12)))
    return out


# ---------------------------------------------------------------------------
# pcap conversations.
class Conv:
    """A TCP conversation between the peer (client) and the SUT (server).

    seg() builds one segment with the current sequence state; sequence
    numbers advance by payload + SYN + FIN unless `advance=False`."""

    def __init__(self, v6=False, ts=False, sack=True, ws=7, mss=1460,
                 pad=False):
        self.v6, self.ts, self.sack, self.ws, self.mss = v6, ts, sack, ws, mss
        self.pad = pad
        self.pkts = []            # (from_client, scapy IP packet)
        self.nxt = {True: C_ISS, False: S_ISS}
        self.ipid = {True: 0x1000, False: 0x8000}
        self.tsval = {True: 100, False: 5000}
        self.last_ts = {True: 0, False: 0}

    def ip(self, c):
        src, dst = (PEER6, SUT6) if c else (SUT6, PEER6)
        if self.v6:
            return ip6(src, dst)
        self.ipid[c] += 1
        return ip4(PEER4 if c else SUT4, SUT4 if c else PEER4,
                   id=self.ipid[c], flags="DF")

    def syn_opts(self, c):
        o = [("MSS", self.mss)]
        if self.sack:
            o.append(("SAckOK", b""))
        if self.ts:
            o.append(("Timestamp", (self.tsval[c], self.last_ts[c])))
        if self.ws is not None:
            o += [("NOP", None), ("WScale", self.ws)]
        return o

    def seg(self, c, flags, data=b"", seq=None, ack=None, win=None,
            opts=None, advance=True, extra_opts=(), add=True):
        if seq is None:
            seq = self.nxt[c]
        if ack is None:
            ack = self.nxt[not c] if "A" in flags else 0
        syn = "S" in flags
        if opts is None:
            if syn:
                opts = self.syn_opts(c)
            else:
                opts = []
                if self.ts:
                    opts = [("NOP", None), ("NOP", None),
                            ("Timestamp", (self.tsval[c], self.last_ts[c]))]
            opts = opts + list(extra_opts)
        if win is None:
            win = (64240 if c else 65160) if syn else (502 if c else 509)
        t = TCP(sport=PEER_PORT if c else SUT_PORT,
                dport=SUT_PORT if c else PEER_PORT, seq=seq % 2**32,
                ack=ack % 2**32, flags=flags, window=win, options=opts)
        pkt = self.ip(c) / t
        if data:
            pkt = pkt / Raw(data)
        if self.ts:
            self.last_ts[not c] = self.tsval[c]
            self.tsval[c] += 1
        if advance:
            self.nxt[c] = seq + len(data) + syn + ("F" in flags)
        if add:
            self.pkts.append((c, pkt))
        return pkt

    def add(self, c, pkt):
        self.pkts.append((c, pkt))

    def handshake(self):
        self.seg(True, "S")
        self.seg(False, "SA")
        self.seg(True, "A")

    def frames(self):
        out = []
        for c, p in self.pkts:
            f = eth(bytes(p), dst=SUT_MAC if c else PEER_MAC,
                    src=PEER_MAC if c else SUT_MAC)
            out.append(pad_to_min(f) if self.pad else f)
        return out

    def raw(self):
        return [bytes(p) for _, p in self.pkts]


def pcap_file(linktype, packets):
    """Classic pcap, little-endian, microsecond timestamps 1 ms apart."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)]
    for i, p in enumerate(packets):
        usec = i * 1000
        out.append(struct.pack("<IIII", PCAP_EPOCH + usec // 1000000,
                               usec % 1000000, len(p), len(p)))
        out.append(p)
    return b"".join(out)


def conversations():
    """(name, frames, raw_ip_packets_or_None-if-no-raw-copy)."""
    convs = []

    def v(name, conv, raw=False, extra_frames=None):
        frames = conv.frames() if conv is not None else []
        if extra_frames:
            frames = extra_frames
        convs.append((name, frames, conv.raw() if raw else None))

    for v6 in (False, True):
        c = Conv(v6=v6, ts=True)
        c.handshake()
        c.seg(True, "PA", b"GET / HTTP/1.0\r\nHost: example\r\n\r\n")
        c.seg(False, "A")
        c.seg(False, "PA", b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n")
        c.seg(False, "PA", b"hello")
        c.seg(True, "A")
        c.seg(True, "FA")
        c.seg(False, "A")
        c.seg(False, "FA")
        c.seg(True, "A")
        v("handshake-data-close-" + ("v6" if v6 else "v4"), c, raw=True)

    # Out-of-order segments answered with SACK blocks.
    c = Conv(ts=True)
    c.handshake()
    base = c.nxt[True]
    d = [pattern(100, i) for i in range(4)]
    c.seg(True, "PA", d[1], seq=base + 100, advance=False)
    c.seg(False, "A", extra_opts=[("NOP", None), ("NOP", None),
                                  ("SAck", (base + 100, base + 200))])
    c.seg(True, "PA", d[3], seq=base + 300, advance=False)
    c.seg(False, "A", extra_opts=[("NOP", None), ("NOP", None),
                                  ("SAck", (base + 300, base + 400,
                                            base + 100, base + 200))])
    c.seg(True, "PA", d[0], seq=base, advance=False)
    c.nxt[True] = base + 200
    c.seg(False, "A", extra_opts=[("NOP", None), ("NOP", None),
                                  ("SAck", (base + 300, base + 400))])
    c.seg(True, "PA", d[2], seq=base + 200, advance=False)
    c.nxt[True] = base + 400
    c.seg(False, "A")
    c.seg(True, "FA")
    c.seg(False, "FA")
    c.seg(True, "A")
    v("out-of-order-sack-v4", c)

    # Overlapping and duplicate segments.
    c = Conv()
    c.handshake()
    base = c.nxt[True]
    c.seg(True, "PA", pattern(100), seq=base)
    c.seg(False, "A")
    c.seg(True, "PA", pattern(150, 50), seq=base + 50)   # 50 old + 100 new
    c.seg(False, "A")
    c.seg(True, "PA", pattern(100), seq=base, advance=False)  # duplicate
    c.seg(False, "A")
    c.seg(True, "PA", pattern(60, 7), seq=base + 260, advance=False)  # hole
    c.seg(False, "A")
    c.seg(True, "PA", pattern(100, 3), seq=base + 200)   # fills, overlaps
    c.nxt[True] = base + 320
    c.seg(False, "A")
    c.seg(True, "RA")
    v("overlap-duplicate-segments-v4", c)

    # Zero window, probes and a window update (from the SUT's side).
    c = Conv(ws=None, sack=False)
    c.handshake()
    c.seg(True, "PA", pattern(512))
    c.seg(False, "A", win=0)
    c.seg(True, "A", pattern(1), advance=False)          # window probe
    c.seg(False, "A", win=0)
    c.seg(True, "A", pattern(1), advance=False)
    c.seg(False, "A", win=4096)                           # window update
    c.seg(True, "PA", pattern(512, 1))
    c.seg(False, "A", win=3584)
    c.seg(True, "A", win=0)                               # peer closes window
    c.seg(False, "PA", pattern(1), advance=False)         # SUT probes
    c.seg(True, "A", win=8192)                            # peer update
    c.seg(False, "PA", pattern(100, 9))
    c.seg(True, "A", win=8192)
    c.seg(True, "FA", win=8192)
    c.seg(False, "FA")
    c.seg(True, "A", win=8192)
    v("zero-window-probe-update-v4", c, raw=True)

    # RST in SYN-RECEIVED.
    c = Conv()
    c.seg(True, "S")
    c.seg(False, "SA")
    c.seg(True, "R", ack=0)
    v("rst-in-syn-received-v4", c)

    # Duplicate SYN in SYN-RECEIVED then completion; SYN with data.
    c = Conv()
    c.seg(True, "S")
    c.seg(False, "SA")
    c.seg(True, "S", seq=C_ISS, advance=False)
    c.seg(False, "SA", seq=S_ISS, advance=False)
    c.seg(True, "A")
    c.seg(True, "RA")
    v("dup-syn-in-syn-received-v4", c)

    # RST in ESTABLISHED: exact, in window (challenge ACK), outside window.
    c = Conv(pad=True)
    c.handshake()
    c.seg(True, "PA", pattern(10))
    c.seg(False, "A")
    c.seg(True, "R", ack=0, seq=c.nxt[True] + 1000, advance=False)
    c.seg(False, "A")                                     # challenge ACK
    c.seg(True, "R", ack=0, seq=c.nxt[True] + 10000000, advance=False)
    c.seg(True, "R", ack=0)                               # exact
    v("rst-established-inwindow-outside-exact-v4", c, raw=True)

    c = Conv(v6=True)
    c.handshake()
    c.seg(True, "RA")
    v("rst-established-exact-v6", c)

    # FIN then RST (peer in FIN-WAIT, SUT in CLOSE-WAIT).
    c = Conv()
    c.handshake()
    c.seg(True, "FA")
    c.seg(False, "A")
    c.seg(True, "RA", seq=c.nxt[True])
    v("fin-then-rst-close-wait-v4", c)

    # SUT closes first: RST in FIN-WAIT-2, and a separate LAST-ACK RST.
    c = Conv()
    c.handshake()
    c.seg(True, "PA", pattern(20))
    c.seg(False, "FA")
    c.seg(True, "A")
    c.seg(True, "R", ack=0)
    v("sut-fin-then-rst-fin-wait-2-v4", c)

    c = Conv()
    c.handshake()
    c.seg(True, "FA")
    c.seg(False, "A")
    c.seg(False, "FA")
    c.seg(True, "R", ack=0)
    v("rst-in-last-ack-v4", c)

    # Simultaneous close: FINs cross, both ACK (CLOSING -> TIME-WAIT).
    c = Conv(ts=True)
    c.handshake()
    fin_c = c.seg(True, "FA", add=False)
    fin_s = c.seg(False, "FA", ack=c.nxt[True] - 1, add=False)
    c.add(True, fin_c)
    c.add(False, fin_s)
    c.seg(True, "A")
    c.seg(False, "A")
    v("simultaneous-close-v4", c)

    # TIME-WAIT: SUT closes first, peer FIN, then a retransmitted FIN.
    c = Conv()
    c.handshake()
    c.seg(False, "FA")
    c.seg(True, "A")
    c.seg(True, "FA")
    c.seg(False, "A")
    c.seg(True, "FA", seq=c.nxt[True] - 1, advance=False)
    c.seg(False, "A")
    c.seg(True, "S", seq=c.nxt[True] + 100000)             # SYN in TIME-WAIT
    v("time-wait-fin-retransmit-syn-v4", c)

    # Every TCP option on the wire.
    c = Conv(ts=True, ws=14, mss=1220)
    c.seg(True, "S", opts=[("MSS", 1220), ("SAckOK", b""),
                           ("Timestamp", (100, 0)), ("NOP", None),
                           ("WScale", 14)])
    c.seg(False, "SA", opts=[("MSS", 1460), ("NOP", None), ("NOP", None),
                             ("SAckOK", b""), ("NOP", None), ("WScale", 7),
                             ("NOP", None), ("NOP", None),
                             ("Timestamp", (5000, 100))])
    c.seg(True, "A")
    # The SUT sends 10 segments; the odd ones are lost, so the peer reports
    # 1, 2, 3 (with timestamps) and then 4 (without) SACK blocks.
    base = c.nxt[False]
    for i in range(0, 10, 2):
        c.seg(False, "PA", pattern(100, i), seq=base + 100 * i,
              advance=False)
        blocks = sum(((base + 100 * j, base + 100 * j + 100)
                      for j in range(i, 1, -2)), ())
        if i == 0:
            c.seg(True, "A", ack=base + 100)
        elif i < 8:
            c.seg(True, "A", ack=base + 100,
                  extra_opts=[("NOP", None), ("NOP", None),
                              ("SAck", blocks)])
        else:
            c.seg(True, "A", ack=base + 100,
                  opts=[("NOP", None), ("NOP", None), ("SAck", blocks)])
    c.nxt[False] = base + 1000
    for i in range(1, 10, 2):
        c.seg(False, "PA", pattern(100, i), seq=base + 100 * i,
              advance=False)
    c.seg(True, "A")
    c.seg(True, "PA", pattern(40),
          extra_opts=[(253, b"\x12\x34"), ("NOP", None), ("NOP", None)])
    c.seg(False, "A", opts=[("NOP", None), ("NOP", None), ("EOL", None)])
    c.seg(True, "A", opts=[(19, pattern(16)), ("EOL", None)])
    c.seg(True, "RA", opts=[])
    v("all-tcp-options-v4", c)

    # IPv4 fragments of a data segment (out of order last/first/middle).
    c = Conv()
    c.handshake()
    big = c.seg(True, "PA", pattern(1200), add=False)
    parts = frag4(big, 400, big.id)
    for p in [parts[-1]] + parts[:-1]:        # last fragment first
        c.add(True, p)
    c.seg(False, "A")
    c.seg(True, "RA")
    v("ipv4-fragments-data-v4", c, raw=True)

    c = Conv(v6=True)
    c.handshake()
    big = c.seg(True, "PA", pattern(1200), add=False)
    upper = big[TCP].copy()
    for p in frag6(ip6(PEER6, SUT6), upper, 6, 400, 0x51):
        c.add(True, p)
    c.seg(False, "A")
    c.seg(True, "RA")
    v("ipv6-fragments-data-v6", c, raw=True)

    # ARP and ICMP echo, ND and ICMPv6 echo.
    arp = [f for n, f in arp_frames() if n in ("arp-request-padded60",
                                                 "arp-reply")]
    ping = [frame_of(ip4(id=0x11) / ICMP(type=8, id=0x4242, seq=1) /
                     Raw(pattern(56))),
            frame_of(ip4(SUT4, PEER4, id=0x21) /
                     ICMP(type=0, id=0x4242, seq=1) / Raw(pattern(56)))]
    convs.append(("arp-icmp-echo-v4", arp + ping, None))

    nd = [frame_of(ip6(PEER6, SUT6_SNMC, hlim=255) / ICMPv6ND_NS(tgt=SUT6) /
                   ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)),
          eth(bytes(ip6(SUT6, PEER6, hlim=255) /
                    ICMPv6ND_NA(R=0, S=1, O=1, tgt=SUT6) /
                    ICMPv6NDOptDstLLAddr(lladdr=SUT_MAC)),
              dst=PEER_MAC, src=SUT_MAC),
          frame_of(ip6() / ICMPv6EchoRequest(id=0x4242, seq=1,
                                             data=pattern(56))),
          frame_of(ip6(SUT6, PEER6) / ICMPv6EchoReply(id=0x4242, seq=1,
                                                      data=pattern(56))),
          frame_of(ip6(PEER6_LL, ALLNODES6, hlim=255) /
                   ICMPv6ND_RA(chlim=64, routerlifetime=1800) /
                   ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC) /
                   ICMPv6NDOptPrefixInfo(prefix="2001:db8::", prefixlen=64))]
    convs.append(("nd-icmp6-echo-ra-v6", nd, None))

    # SYN to a closed port, answered by RST-ACK; ICMP port unreachable.
    c = Conv()
    syn = c.seg(True, "S", add=False)
    syn[TCP].dport = 81
    c.add(True, syn)
    rst = c.seg(False, "RA", seq=0, ack=C_ISS + 1, opts=[], add=False)
    rst[TCP].sport = 81
    c.add(False, rst)
    u = ip4(id=0x31) / UDP(sport=49152, dport=9) / Raw(pattern(16))
    c.add(True, u)
    c.add(False, ip4(SUT4, PEER4, id=0x41) / ICMP(type=3, code=3) /
          Raw(bytes(u)[:28 + 16]))
    v("closed-port-rst-icmp-unreach-v4", c)

    # Mixed IPv4 and IPv6 conversation in one capture.
    c4, c6 = Conv(), Conv(v6=True)
    c4.handshake()
    c6.handshake()
    c4.seg(True, "PA", pattern(30))
    c6.seg(True, "PA", pattern(30))
    c4.seg(False, "A")
    c6.seg(False, "A")
    c4.seg(True, "RA")
    c6.seg(True, "RA")
    mixed = []
    for a, b in zip(c4.frames(), c6.frames()):
        mixed += [a, b]
    convs.append(("mixed-v4-v6-handshakes", mixed,
                  [x for pair in zip(c4.raw(), c6.raw()) for x in pair]))
    return convs


# ---------------------------------------------------------------------------
# Verification: read every packet back with scapy and recompute checksums.
class CheckError(Exception):
    pass


def _is_fragment(layer):
    if isinstance(layer, IP) and not isinstance(layer, IPerror):
        return layer.frag != 0 or bool(int(layer.flags) & 1)
    return isinstance(layer, IPv6ExtHdrFragment) and (layer.offset or layer.m)


def _ip_parent(layers, idx):
    for j in range(idx - 1, -1, -1):
        if isinstance(layers[j], (IP, IPv6)):
            return j
    return None


def verify_packet(name, pkt_bytes, cls):
    """Dissect with `cls` and recompute, with scapy's checksum functions over
    the packet's own bytes, every IPv4 header, TCP, UDP, ICMP and ICMPv6
    checksum; raise CheckError on a mismatch.  Layers above a fragment and
    inside ICMP errors are skipped.  Returns the number verified."""
    pkt = cls(pkt_bytes)
    if bytes(pkt) != pkt_bytes:
        raise CheckError("%s: scapy round-trip differs" % name)
    layers = []
    lay = pkt
    while lay and not isinstance(lay, (Raw, conf.padding_layer)):
        layers.append(lay)
        lay = lay.payload
    checked = 0
    for idx, layer in enumerate(layers):
        if "error" in layer.__class__.__name__.lower():
            break
        start = len(pkt_bytes) - len(bytes(layer))
        if isinstance(layer, IP):
            hdr = bytearray(pkt_bytes[start:start + layer.ihl * 4])
            hdr[10:12] = b"\0\0"
            want = checksum(bytes(hdr))
            if want != layer.chksum:
                raise CheckError("%s: IPv4 header checksum 0x%04x, scapy "
                                 "computes 0x%04x" % (name, layer.chksum,
                                                      want))
            checked += 1
        if _is_fragment(layer):
            break
        if isinstance(layer, TCP):
            off, proto = 16, 6
        elif isinstance(layer, UDP):
            off, proto = 6, 17
        elif isinstance(layer, ICMP):
            off, proto = 2, None
        elif layer.__class__.__name__.startswith("ICMPv6") and \
                "cksum" in layer.fields and \
                not layer.__class__.__name__.startswith("ICMPv6NDOpt"):
            off, proto = 2, 58
        else:
            continue
        p = _ip_parent(layers, idx)
        if p is None:
            raise CheckError("%s: %s without an IP layer" % (name, layer.name))
        ip = layers[p]
        ipstart = len(pkt_bytes) - len(bytes(ip))
        if isinstance(ip, IP):
            end = ipstart + ip.len
        else:
            end = ipstart + 40 + ip.plen
        seg = bytearray(pkt_bytes[start:end])
        stored = (seg[off] << 8) | seg[off + 1]
        seg[off:off + 2] = b"\0\0"
        if proto is None:
            want = checksum(bytes(seg))
        elif isinstance(ip, IP):
            want = in4_chksum(proto, ip, bytes(seg))
        else:
            want = in6_chksum(proto, layer, bytes(seg))
        if proto == 17:
            if stored == 0 and isinstance(ip, IP):
                continue    # RFC 768: zero means "no checksum" over IPv4
            if want == 0:
                want = 0xFFFF
        if want != stored:
            raise CheckError("%s: %s checksum 0x%04x, scapy computes 0x%04x"
                             % (name, layer.name, stored, want))
        checked += 1
    return checked


def verify_tcp_segment(name, seg):
    hdr = IP(src=PEER4, dst=SUT4, proto=6, id=1)
    whole = bytes(hdr / Raw(seg))
    n = verify_packet(name, whole, IP)
    if n < 2:
        raise CheckError("%s: TCP checksum not verified" % name)
    return n


def verify_pcap(name, data, linktype):
    cls = Ether if linktype == LINKTYPE_ETHERNET else None
    off = 24
    n = 0
    while off < len(data):
        _, _, incl, _ = struct.unpack_from("<IIII", data, off)
        p = data[off + 16:off + 16 + incl]
        if cls is None:
            k = IP if p[0] >> 4 == 4 else IPv6
        else:
            k = cls
        n += verify_packet("%s@%d" % (name, off), p, k)
        off += 16 + incl
    if off != len(data):
        raise CheckError("%s: truncated record at offset %d" % (name, off))
    return n


# ---------------------------------------------------------------------------
def build_all():
    """Returns {target_dir: {filename: bytes}} and the checksum count."""
    out = {d: {} for d in ("wire_eth", "wire_ipv4", "wire_ipv6", "wire_tcp",
                           "lwip_frame", "pcap")}
    checked = 0

    def put(d, name, data, ext=".bin"):
        fn = PREFIX + name + ext
        if fn in out[d]:
            raise CheckError("duplicate seed name %s/%s" % (d, fn))
        limit = MAX_PCAP if d == "pcap" else MAX_SEED
        if len(data) > limit:
            raise CheckError("%s/%s is %d bytes (limit %d)"
                             % (d, fn, len(data), limit))
        out[d][fn] = data

    for name, seg in tcp_segments():
        b = bytes(ip4() / seg)
        ihl = (b[0] & 0x0F) * 4
        tcpb = b[ihl:]
        checked += verify_tcp_segment("wire_tcp/" + name, tcpb)
        put("wire_tcp", name, tcpb)
    for name, pkt in ipv4_packets():
        b = bytes(pkt)
        checked += verify_packet("wire_ipv4/" + name, b, IP)
        put("wire_ipv4", name, b)
        f = frame_of(pkt)
        checked += verify_packet("wire_eth/" + name, f, Ether)
        put("wire_eth", "ipv4-" + name if not name.startswith("ipv4")
            else name, f)
    v4_pad = bytes(ip4() / tcp("A"))
    put("wire_ipv4", "trailing-garbage-tcp-ack", v4_pad + pattern(8))
    checked += verify_packet("wire_ipv4/trailing", v4_pad + pattern(8), IP)
    for name, pkt in ipv6_packets():
        b = bytes(pkt)
        checked += verify_packet("wire_ipv6/" + name, b, IPv6)
        put("wire_ipv6", name, b)
        f = frame_of(pkt)
        checked += verify_packet("wire_eth/" + name, f, Ether)
        put("wire_eth", "ipv6-" + name if not name.startswith("ipv6")
            else name, f)
    v6b = bytes(ip6() / tcp("A")) + pattern(8)
    checked += verify_packet("wire_ipv6/trailing", v6b, IPv6)
    put("wire_ipv6", "trailing-garbage-tcp-ack", v6b)
    for name, f in arp_frames() + eth_only_frames():
        checked += verify_packet("wire_eth/" + name, f, Ether)
        put("wire_eth", name, f)
    for name, f in lwip_frames():
        if f[0:6] not in (bytes.fromhex("020000000001"), b"\xff" * 6,
                          bytes.fromhex("3333ff000001"),
                          bytes.fromhex("333300000001")):
            raise CheckError("lwip_frame/%s not addressed to the SUT" % name)
        checked += verify_packet("lwip_frame/" + name, f, Ether)
        put("lwip_frame", name, f)
    for name, frames, raw in conversations():
        data = pcap_file(LINKTYPE_ETHERNET, frames)
        checked += verify_pcap(name, data, LINKTYPE_ETHERNET)
        put("pcap", name, data, ".pcap")
        if raw is not None:
            data = pcap_file(LINKTYPE_RAW, raw)
            checked += verify_pcap(name + "-raw", data, LINKTYPE_RAW)
            put("pcap", name + "-raw", data, ".pcap")
    return out, checked


def check_addresses(out):
    """Every IPv4/IPv6 address in every file must be a documentation,
    link-local, multicast or unspecified address."""
    ok4 = ("192.0.2.", "198.51.100.", "0.0.0.0")
    for d, files in out.items():
        for fn, data in files.items():
            pkts = []
            if d == "pcap":
                lt = struct.unpack_from("<I", data, 20)[0]
                off = 24
                while off < len(data):
                    incl = struct.unpack_from("<I", data, off + 8)[0]
                    p = data[off + 16:off + 16 + incl]
                    pkts.append(Ether(p) if lt == LINKTYPE_ETHERNET else
                                (IP(p) if p[0] >> 4 == 4 else IPv6(p)))
                    off += 16 + incl
            elif d == "wire_tcp" or "mismatch" in fn:
                continue    # no IP header / deliberately mislabelled
            elif d == "wire_ipv4":
                pkts = [IP(data)]
            elif d == "wire_ipv6":
                pkts = [IPv6(data)]
            else:
                pkts = [Ether(data)]
            for p in pkts:
                lay = p
                while lay:
                    for f in ("src", "dst", "psrc", "pdst", "tgt", "prefix"):
                        if f not in lay.fields:
                            continue
                        a = str(lay.getfieldval(f))
                        if ":" in a and a.count(":") == 5 and len(a) == 17:
                            continue                      # MAC address
                        if "." in a:
                            if not (a.startswith(ok4) or a == "192.0.2.255"):
                                raise CheckError("%s/%s: address %s"
                                                 % (d, fn, a))
                        elif ":" in a:
                            if not (a.startswith("2001:db8") or
                                    a.startswith("fe80:") or
                                    a.startswith("ff02:") or a == "::"):
                                raise CheckError("%s/%s: address %s"
                                                 % (d, fn, a))
                    for f in ("addresses",):
                        if f in lay.fields:
                            for a in lay.getfieldval(f):
                                if not str(a).startswith("2001:db8"):
                                    raise CheckError("%s/%s: address %s"
                                                     % (d, fn, a))
                    lay = lay.payload


def tshark_check(pcaps):
    """Open each pcap with tshark (checksum validation on); fail on any
    error or malformed/bad-checksum expert item."""
    tshark = shutil.which("tshark")
    if tshark is None:
        sys.stderr.write("gen_corpus: tshark not found, pcap check skipped\n")
        return 0
    n = 0
    for path in pcaps:
        cmd = [tshark, "-n", "-r", path,
               "-o", "ip.check_checksum:TRUE",
               "-o", "tcp.check_checksum:TRUE",
               "-o", "udp.check_checksum:TRUE",
               "-Y", "_ws.malformed || _ws.expert.severity >= error"]
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=dict(
                               os.environ, HOME=tempfile.gettempdir()))
        err = b"\n".join(l for l in r.stderr.splitlines()
                         if l.strip() and b"could be dangerous" not in l
                         and not l.startswith(b"Running as user"))
        if r.returncode != 0 or r.stdout.strip() or err:
            raise CheckError("tshark on %s: rc=%d\n%s%s" % (
                os.path.basename(path), r.returncode,
                r.stdout.decode(errors="replace"), err.decode(errors="replace")))
        n += 1
    return n


def write_dir(dirpath, files):
    """Install `files` (name -> bytes) into dirpath atomically per file,
    delete stale scapy-* files; returns (written, unchanged, removed)."""
    os.makedirs(dirpath, exist_ok=True)
    written = unchanged = removed = 0
    for fn, data in sorted(files.items()):
        dst = os.path.join(dirpath, fn)
        try:
            with open(dst, "rb") as fh:
                if fh.read() == data:
                    unchanged += 1
                    continue
        except FileNotFoundError:
            pass
        fd, tmp = tempfile.mkstemp(prefix=".tmp-" + fn, dir=dirpath)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, dst)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        written += 1
    for fn in sorted(os.listdir(dirpath)):
        if fn.startswith(PREFIX) and fn not in files:
            os.unlink(os.path.join(dirpath, fn))
            removed += 1
    return written, unchanged, removed


def digest(out):
    h = hashlib.sha256()
    for d in sorted(out):
        for fn in sorted(out[d]):
            h.update(("%s/%s\0" % (d, fn)).encode())
            h.update(out[d][fn])
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "corpus"),
        help="corpus root (default: the repository's corpus/)")
    ap.add_argument("--check-only", action="store_true",
                    help="build and verify in memory, write nothing")
    args = ap.parse_args()

    random.seed(0)
    try:
        out, checked = build_all()
        again, _ = build_all()
        if digest(out) != digest(again):
            raise CheckError("generation is not deterministic")
        check_addresses(out)
    except CheckError as exc:
        sys.stderr.write("gen_corpus: FAIL: %s\n" % exc)
        return 1
    # tshark reads the pcaps from a scratch directory before anything is
    # installed, so a capture it rejects never reaches corpus/.
    with tempfile.TemporaryDirectory(prefix="gen_corpus-") as scratch:
        pcaps = []
        for fn in sorted(out["pcap"]):
            pcaps.append(os.path.join(scratch, fn))
            with open(pcaps[-1], "wb") as fh:
                fh.write(out["pcap"][fn])
        try:
            ntshark = tshark_check(pcaps)
        except CheckError as exc:
            sys.stderr.write("gen_corpus: FAIL: %s\n" % exc)
            return 1
    root = os.path.normpath(args.out)
    total = 0
    for d in sorted(out):
        size = sum(len(b) for b in out[d].values())
        total += size
        if args.check_only:
            print("gen_corpus: %-11s %3d files %7d bytes (not written)"
                  % (d, len(out[d]), size))
            continue
        w, u, r = write_dir(os.path.join(root, d), out[d])
        print("gen_corpus: %-11s %3d files %7d bytes  (%d written, "
              "%d unchanged, %d stale removed)"
              % (d, len(out[d]), size, w, u, r))
    print("gen_corpus: %d checksums verified with scapy, %d pcaps open "
          "cleanly in tshark, total %d bytes, sha256 %s"
          % (checked, ntshark, total, digest(out)[:16]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
