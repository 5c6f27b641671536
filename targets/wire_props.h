#ifndef WC_TARGETS_WIRE_PROPS_H
#define WC_TARGETS_WIRE_PROPS_H

/*
 * Static property helpers shared by the wire_* fuzz targets (header-only so
 * that each target stays one translation unit with no state).
 *
 * wc_props_packet(bytes, mode) checks, for an input that wc_packet_parse
 * accepts in that mode:
 *  - every decoded layer re-emits exactly the bytes it was parsed from
 *    (Ethernet: the frame; ARP: its 28 bytes; IPv4: total_length bytes;
 *    IPv6: 40 + payload length; TCP/ICMP: the IP payload; UDP: its
 *    length field's bytes);
 *  - wc_packet_emit(flags 0) reproduces the input byte for byte (so
 *    parse -> emit -> parse is the identity);
 *  - wc_packet_emit(WC_PKT_EMIT_CKSUM) gives a packet that parses to the
 *    same layer kinds, whose every checksum verifies; and if the input's
 *    checksums already verified (and no field sits at an ambiguous 0/0xffff
 *    value), the checksum-filled output equals the input.
 * Inputs longer than WC_PROPS_MAX are ignored (the .options cap max_len
 * well below it).
 *
 * Speed: these helpers are the oracle, not the code under test, so they
 * carry WC_PROPS_FN: no SanitizerCoverage (their branches are the checks;
 * the parsers' coverage is what the fuzzer steers by) and noinline (coverage
 * is decided per function after inlining, so inlined into the instrumented
 * LLVMFuzzerTestOneInput they would be counted again). The library's
 * emitters and checksum code are excluded the same way in these targets'
 * libFuzzer builds (tools/wire-cov-ignore.txt). ASan and UBSan stay on.
 */

#include <stdint.h>
#include <string.h>

#include "wirecheck/check.h"
#include "wirecheck/packet.h"

#define WC_PROPS_MAX 4096

#if defined(__clang__)
#define WC_PROPS_FN static __attribute__((noinline, no_sanitize("coverage")))
#else
#define WC_PROPS_FN static __attribute__((noinline))
#endif

/* The output buffer every emit step writes, in turn. Static, not on the
 * stack: ASan would poison and unpoison its 4 KiB of shadow on every call.
 * No state crosses inputs through it: each step writes the bytes it then
 * compares, and nothing reads beyond what the step wrote. */
static uint8_t wc_props_buf[WC_PROPS_MAX];

WC_PROPS_FN int wc_props_same(wc_view a, const uint8_t *b, size_t n)
{
	return a.len == n && (n == 0 || memcmp(a.p, b, n) == 0);
}

/* Each layer alone: emit(parse(x)) == x over the bytes the layer owns. */
WC_PROPS_FN void wc_props_layers(const wc_packet *pk, wc_view l3in, uint8_t *buf)
{
	wc_view out = wc_view_rw(buf, WC_PROPS_MAX);
	size_t n = 0;
	int rc;

	switch (pk->l3) {
	case WC_L3_ARP:
		rc = wc_arp_emit(&pk->arp, out, &n);
		WC_CHECK(rc == WC_OK && n == WC_ARP_LEN && memcmp(buf, l3in.p, n) == 0,
			 "ARP emit differs from input (rc %d)", rc);
		break;
	case WC_L3_IPV4:
		rc = wc_ipv4_emit(&pk->ip4, 0, out, &n);
		WC_CHECK(rc == WC_OK && n + pk->ip4.trailer.len == l3in.len &&
			 memcmp(buf, l3in.p, n) == 0, "IPv4 emit differs from input (rc %d)", rc);
		break;
	case WC_L3_IPV6:
		rc = wc_ipv6_emit(&pk->ip6, out, &n);
		WC_CHECK(rc == WC_OK && n + pk->ip6.trailer.len == l3in.len &&
			 memcmp(buf, l3in.p, n) == 0, "IPv6 emit differs from input (rc %d)", rc);
		break;
	default:
		break;
	}
	switch (pk->l4) {
	case WC_L4_TCP:
		rc = wc_tcp_emit(&pk->tcp, NULL, out, &n);
		WC_CHECK(rc == WC_OK && wc_props_same(pk->l4_bytes, buf, n),
			 "TCP emit differs from input (rc %d)", rc);
		break;
	case WC_L4_UDP:
		rc = wc_udp_emit(&pk->udp, NULL, out, &n);
		WC_CHECK(rc == WC_OK && n + pk->udp.trailer.len == pk->l4_bytes.len &&
			 memcmp(buf, pk->l4_bytes.p, n) == 0, "UDP emit differs from input (rc %d)", rc);
		break;
	case WC_L4_ICMP4:
		rc = wc_icmp4_emit(&pk->icmp, 0, out, &n);
		WC_CHECK(rc == WC_OK && wc_props_same(pk->l4_bytes, buf, n),
			 "ICMPv4 emit differs from input (rc %d)", rc);
		break;
	case WC_L4_ICMP6:
		rc = wc_icmp6_emit(&pk->icmp, NULL, out, &n);
		WC_CHECK(rc == WC_OK && wc_props_same(pk->l4_bytes, buf, n),
			 "ICMPv6 emit differs from input (rc %d)", rc);
		break;
	default:
		break;
	}
}

/* 1 if a checksum field holds 0 or 0xffff (two encodings of one sum verify;
 * a recomputation picks one), or UDP over IPv4 carries "no checksum". */
WC_PROPS_FN int wc_props_cksum_ambiguous(const wc_packet *pk)
{
	uint16_t c;

	if (pk->l3 == WC_L3_IPV4 && (pk->ip4.cksum == 0 || pk->ip4.cksum == 0xffff))
		return 1;
	switch (pk->l4) {
	case WC_L4_TCP: c = pk->tcp.cksum; break;
	case WC_L4_UDP: c = pk->udp.cksum; break;
	case WC_L4_ICMP4:
	case WC_L4_ICMP6: c = pk->icmp.cksum; break;
	default: return 0;
	}
	return c == 0 || c == 0xffff;
}

WC_PROPS_FN void wc_props_packet(const uint8_t *data, size_t size, int mode)
{
	uint8_t *b = wc_props_buf;
	wc_view in = wc_view_ro(data, size);
	wc_packet pk, pk2;
	size_t na = 0, nb = 0;
	int rc;

	if (size > WC_PROPS_MAX || wc_packet_parse(in, mode, &pk) != WC_OK)
		return;
	WC_CHECK(pk.l3 != WC_L3_NONE || pk.has_eth, "accepted with no layer");
	wc_props_layers(&pk, pk.has_eth ? pk.eth.payload : in, b);

	rc = wc_packet_emit(&pk, 0, wc_view_rw(b, WC_PROPS_MAX), &na);
	WC_CHECK(rc == WC_OK, "packet emit failed: %s", wc_strerror(rc));
	WC_CHECK(na == size && memcmp(b, data, size) == 0,
		 "packet emit differs from input (%zu vs %zu bytes)", na, size);
	/* emit(parse(x)) == x byte for byte, so parse(emit(parse(x))) ==
	 * parse(x) follows (parse is a function of the bytes): no re-parse. */

	/* Checksum emit / verify consistency. */
	rc = wc_packet_emit(&pk, WC_PKT_EMIT_CKSUM, wc_view_rw(b, WC_PROPS_MAX), &nb);
	WC_CHECK(rc == WC_OK && nb == size, "checksum emit failed: %s", wc_strerror(rc));
	rc = wc_packet_parse(wc_view_ro(b, nb), mode, &pk2);
	WC_CHECK(rc == WC_OK && pk2.l3 == pk.l3 && pk2.l4 == pk.l4 && pk2.fragment == pk.fragment,
		 "checksum-filled packet does not parse the same: %s", wc_strerror(rc));
	rc = wc_packet_check_cksums(&pk2);
	WC_CHECK(rc == WC_OK, "emitted checksums do not verify: %s", wc_strerror(rc));
	if (wc_packet_check_cksums(&pk) == WC_OK && !wc_props_cksum_ambiguous(&pk))
		WC_CHECK(memcmp(b, data, size) == 0, "correct checksums were recomputed differently");
}

#endif
