#ifndef WC_TARGETS_WIRE_PROPS_H
#define WC_TARGETS_WIRE_PROPS_H

/*
 * Static property helpers shared by the wire_* fuzz targets (header-only so
 * that each target stays one translation unit with no state).
 *
 * wc_props_packet(bytes, size, pk), for an input wc_packet_parse accepted
 * (pk its result; the target parses once and hands it over), checks:
 *  - every decoded layer re-emits exactly the bytes it was parsed from
 *    (Ethernet: the frame; ARP: its 28 bytes; IPv4: total_length bytes;
 *    IPv6: 40 + payload length; TCP/ICMP: the IP payload; UDP: its
 *    length field's bytes);
 *  - wc_packet_emit(flags 0) reproduces the input byte for byte (so
 *    parse -> emit -> parse is the identity: parse is a function of the
 *    bytes, no re-parse needed);
 *  - wc_packet_emit(WC_PKT_EMIT_CKSUM) writes the same number of bytes,
 *    differs from the input in the checksum fields only (IPv4 header,
 *    TCP/UDP/ICMP), every checksum it wrote verifies
 *    (wc_packet_check_cksums over the written bytes), and the IPv4 one is
 *    wc_ipv4_cksum() of the header.
 * What this implies, so it is not computed again: the written bytes parse
 * to the same layers (no parser reads a checksum field); and an input whose
 * checksums already verified comes back unchanged unless a field held the
 * other encoding of the same sum (0x0000 / 0xffff): each checksum covers
 * exactly one checksum field, its own, so the input's and the output's sums
 * differ only by that field.
 * Inputs longer than WC_PROPS_MAX are ignored (the .options cap max_len
 * well below it).
 *
 * Speed: these helpers are the oracle, not the code under test, so they
 * carry WC_PROPS_FN: no SanitizerCoverage (their branches are the checks;
 * the parsers' coverage is what the fuzzer steers by) and noinline (coverage
 * is decided per function after inlining, so inlined into the instrumented
 * LLVMFuzzerTestOneInput they would be counted again). The targets'
 * LLVMFuzzerTestOneInput carries WC_PROPS_ENTRY (no SanitizerCoverage
 * either): its branches are property checks and the choice of which
 * properties apply, which the parsers' own coverage already tells apart
 * (measured: 5-10% fewer coverage features per input). The library's
 * emitters and checksum code are excluded the same way in these targets'
 * libFuzzer builds (tools/wire-cov-ignore.txt). ASan and UBSan stay on.
 */

#include <stdint.h>
#include <string.h>

#include "wirecheck/check.h"
#include "wirecheck/fuzz_asan.h"
#include "wirecheck/packet.h"

#define WC_PROPS_MAX 4096

#if defined(__clang__)
#define WC_PROPS_FN static __attribute__((noinline, no_sanitize("coverage")))
#define WC_PROPS_ENTRY __attribute__((no_sanitize("coverage")))
#else
#define WC_PROPS_FN static __attribute__((noinline))
#define WC_PROPS_ENTRY
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

/* Offsets in the input of the checksum fields pk carries (at most two: the
 * IPv4 header's, then the upper layer's); returns how many. */
WC_PROPS_FN size_t wc_props_cksum_fields(const wc_packet *pk, const uint8_t *in, size_t f[2])
{
	size_t n = 0;

	if (pk->l3 == WC_L3_IPV4)
		f[n++] = (pk->has_eth ? wc_eth_hdr_len(&pk->eth) : 0) + 10;
	switch (pk->l4) {
	case WC_L4_TCP: f[n++] = (size_t)(pk->l4_bytes.p - in) + 16; break;
	case WC_L4_UDP: f[n++] = (size_t)(pk->l4_bytes.p - in) + 6; break;
	case WC_L4_ICMP4:
	case WC_L4_ICMP6: f[n++] = (size_t)(pk->l4_bytes.p - in) + 2; break;
	default: break;
	}
	return n;
}

/* The layers wc_packet_check_cksums reads, with the checksums found at the
 * same offsets in out (out equals in elsewhere; ip4_field: the IPv4
 * checksum's offset, read when pk has IPv4). Static: a wc_packet is
 * 2.5 KiB, mostly option slots; on the stack ASan would poison it per call. */
static wc_packet wc_props_pk_out;

WC_PROPS_FN int wc_props_check_cksums_at(const wc_packet *pk, const uint8_t *in, const uint8_t *out,
					 size_t ip4_field)
{
	wc_packet *q = &wc_props_pk_out;

	q->has_eth = 0;
	q->l3 = pk->l3;
	q->fragment = pk->fragment;
	q->l4 = pk->l4;
	if (pk->l3 == WC_L3_IPV4) {
		q->ip4 = pk->ip4;
		q->ip4.cksum = (uint16_t)(out[ip4_field] << 8 | out[ip4_field + 1]);
	} else if (pk->l3 == WC_L3_IPV6) {
		q->ip6 = pk->ip6;
	}
	q->l4_bytes = pk->l4 != WC_L4_NONE ? wc_view_ro(out + (pk->l4_bytes.p - in), pk->l4_bytes.len)
					   : pk->l4_bytes;
	if (pk->l4 == WC_L4_UDP)
		q->udp = pk->udp;
	return wc_packet_check_cksums(q);
}

WC_PROPS_FN void wc_props_packet(const uint8_t *data, size_t size, const wc_packet *pk)
{
	uint8_t *b = wc_props_buf;
	size_t na = 0, nb = 0, f[2], nf, at = 0;
	int rc;

	if (size > WC_PROPS_MAX)
		return;
	WC_CHECK(pk->l3 != WC_L3_NONE || pk->has_eth, "accepted with no layer");
	wc_props_layers(pk, pk->has_eth ? pk->eth.payload : wc_view_ro(data, size), b);

	rc = wc_packet_emit(pk, 0, wc_view_rw(b, WC_PROPS_MAX), &na);
	WC_CHECK(rc == WC_OK, "packet emit failed: %s", wc_strerror(rc));
	WC_CHECK(na == size && memcmp(b, data, size) == 0,
		 "packet emit differs from input (%zu vs %zu bytes)", na, size);

	/* Checksum-filling emit: the checksum fields change, nothing else. */
	rc = wc_packet_emit(pk, WC_PKT_EMIT_CKSUM, wc_view_rw(b, WC_PROPS_MAX), &nb);
	WC_CHECK(rc == WC_OK && nb == size, "checksum emit failed: %s", wc_strerror(rc));
	nf = wc_props_cksum_fields(pk, data, f);
	for (size_t i = 0; i <= nf; i++) {
		size_t end = i < nf ? f[i] : size;
		WC_CHECK(end >= at && end + (i < nf ? 2 : 0) <= size && memcmp(b + at, data + at, end - at) == 0,
			 "checksum emit changed bytes outside the checksum fields (in %zu..%zu)", at, end);
		at = end + 2;
	}
	rc = wc_props_check_cksums_at(pk, data, b, f[0]);
	WC_CHECK(rc == WC_OK, "emitted checksums do not verify: %s", wc_strerror(rc));
	if (pk->l3 == WC_L3_IPV4)
		WC_CHECK(wc_ipv4_cksum(&pk->ip4) == (uint16_t)(b[f[0]] << 8 | b[f[0] + 1]),
			 "wc_ipv4_cksum disagrees with the checksum emit");
}

#endif
