/*
 * Fuzz target `wire_ipv4`: IPv4 headers, options and the layer above.
 *
 * Input format: one IPv4 packet as on the wire (header with options, then
 * the payload: TCP, UDP, ICMP or other), optionally followed by trailing
 * bytes beyond the total length (as Ethernet padding leaves them). Inputs
 * longer than WC_PROPS_MAX bytes are ignored.
 *
 * Properties:
 *  - an accepted packet has 5 <= IHL, IHL*4 <= total length <= size, and its
 *    payload/trailer split exactly at total length;
 *  - walking the options with wc_ipv4_opt_next covers the option area with
 *    lengths that sum to it (up to EOL) and never leaves it;
 *  - emit(parse(x)) == the first total_length bytes of x, and emit with a
 *    computed checksum gives a header wc_ipv4_check_cksum accepts whose
 *    checksum is wc_ipv4_cksum's;
 *  - when the whole stack (wc_packet_parse WC_PKT_IPV4) accepts x, the
 *    above holds within it: every layer and the whole packet round-trip
 *    byte for byte, and its checksum-filling emit changes the checksum
 *    fields only, to values that verify (wire_props.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire_props.h"
#include "wirecheck/check.h"
#include "wirecheck/wire_ipv4.h"

WC_PROPS_FN void check_options(const wc_ipv4 *ip)
{
	wc_ipv4_opt o;
	size_t off = 0, sum = 0, prev = 0;

	while (wc_ipv4_opt_next(ip, &off, &o)) {
		WC_CHECK(off > prev && off <= ip->opt_len, "option walk does not advance");
		sum += o.len;
		prev = off;
		if (o.type == WC_IPV4_OPT_EOL)
			break;
		WC_CHECK(o.len == 1 || o.len >= 2, "bad option length %u", o.len);
	}
	WC_CHECK(off == ip->opt_len && sum <= ip->opt_len, "option walk ended early");
}

WC_PROPS_ENTRY int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wc_packet pk; /* static: 2.5 KiB ASan would poison per call on the stack */
	uint8_t *buf = wc_props_buf;
	wc_ipv4 ip;
	size_t n = 0, hl;
	int rc;

	if (size > WC_PROPS_MAX || wc_ipv4_parse(wc_view_ro(data, size), &ip) != WC_OK)
		return 0;
	hl = (size_t)(data[0] & 15) * 4;
	WC_CHECK(hl == wc_ipv4_hdr_len(&ip) && hl >= 20, "header length");
	WC_CHECK(wc_ipv4_total_len(&ip) == ((size_t)data[2] << 8 | data[3]), "total length");
	WC_CHECK(wc_ipv4_total_len(&ip) + ip.trailer.len == size, "payload/trailer split");
	check_options(&ip);

	if (wc_packet_parse(wc_view_ro(data, size), WC_PKT_IPV4, &pk) == WC_OK) {
		/* Emits this header alone, then in the whole stack, with and
		 * without checksums. */
		wc_props_packet(data, size, &pk);
		return 0;
	}
	/* The upper layer was refused: the IPv4 layer alone. */
	rc = wc_ipv4_emit(&ip, 0, wc_view_rw(buf, WC_PROPS_MAX), &n);
	WC_CHECK(rc == WC_OK && n == wc_ipv4_total_len(&ip) && memcmp(buf, data, n) == 0,
		 "IPv4 emit differs from input (rc %d)", rc);
	rc = wc_ipv4_emit(&ip, 1, wc_view_rw(buf, WC_PROPS_MAX), &n);
	WC_CHECK(rc == WC_OK, "IPv4 checksum emit failed");
	rc = wc_ipv4_parse(wc_view_ro(buf, n), &ip);
	WC_CHECK(rc == WC_OK && wc_ipv4_check_cksum(&ip) == WC_OK, "emitted IPv4 checksum does not verify");
	WC_CHECK(ip.cksum == wc_ipv4_cksum(&ip), "wc_ipv4_cksum disagrees with emit");
	return 0;
}
