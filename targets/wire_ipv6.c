/*
 * Fuzz target `wire_ipv6`: IPv6 with its extension-header chain.
 *
 * Input format: one IPv6 packet as on the wire: the 40-byte header, zero to
 * WC_IPV6_MAX_EXT extension headers (hop-by-hop, routing, fragment,
 * destination options), the upper layer (TCP, UDP, ICMPv6 or other),
 * optionally followed by trailing bytes beyond the payload length. Inputs
 * longer than WC_PROPS_MAX bytes are ignored.
 *
 * Properties:
 *  - an accepted packet's extension headers tile the bytes between the
 *    fixed header and the upper-layer payload, each with the length its
 *    length byte announces, and the chain links by next-header values;
 *  - emit(parse(x)) == the first 40 + payload-length bytes of x;
 *  - when the whole stack (wc_packet_parse WC_PKT_IPV6) accepts x, every
 *    layer and the whole packet round-trip byte for byte, and its
 *    checksum-filling emit changes the checksum fields only, to values
 *    that verify (wire_props.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire_props.h"
#include "wirecheck/check.h"
#include "wirecheck/wire_ipv6.h"

WC_PROPS_FN void check_chain(const wc_ipv6 *ip, const uint8_t *data)
{
	const uint8_t *at = data + WC_IPV6_HDR_LEN;
	uint8_t nh = data[6];

	for (size_t i = 0; i < ip->n_ext; i++) {
		const wc_ipv6_ext *e = &ip->ext[i];
		WC_CHECK(e->type == nh && wc_ipv6_is_ext(nh), "chain link %zu", i);
		WC_CHECK(e->bytes.p == at && e->bytes.len >= 8 && e->bytes.len % 8 == 0,
			 "extension header %zu does not tile", i);
		nh = e->bytes.p[0];
		at += e->bytes.len;
	}
	WC_CHECK(nh == ip->proto && !wc_ipv6_is_ext(nh), "upper-layer protocol");
	WC_CHECK(ip->payload.len == 0 || ip->payload.p == at, "payload start");
}

WC_PROPS_ENTRY int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wc_packet pk; /* static: 2.5 KiB ASan would poison per call on the stack */
	uint8_t *buf = wc_props_buf;
	wc_ipv6 ip;
	size_t n = 0;
	int rc;

	if (size > WC_PROPS_MAX || wc_ipv6_parse(wc_view_ro(data, size), &ip) != WC_OK)
		return 0;
	WC_CHECK(wc_ipv6_payload_len(&ip) == ((size_t)data[4] << 8 | data[5]), "payload length");
	WC_CHECK(WC_IPV6_HDR_LEN + wc_ipv6_payload_len(&ip) + ip.trailer.len == size,
		 "payload/trailer split");
	check_chain(&ip, data);

	if (wc_packet_parse(wc_view_ro(data, size), WC_PKT_IPV6, &pk) == WC_OK) {
		/* Emits this header alone, then in the whole stack. */
		wc_props_packet(data, size, &pk);
		return 0;
	}
	/* The upper layer was refused: the IPv6 layer alone. */
	rc = wc_ipv6_emit(&ip, wc_view_rw(buf, WC_PROPS_MAX), &n);
	WC_CHECK(rc == WC_OK && n == WC_IPV6_HDR_LEN + wc_ipv6_payload_len(&ip) &&
		 memcmp(buf, data, n) == 0, "IPv6 emit differs from input (rc %d)", rc);
	return 0;
}
