/*
 * Fuzz target `wire_eth`: the Ethernet layer and everything under it.
 *
 * Input format: one Ethernet II frame exactly as on the wire, without
 * preamble or FCS: destination MAC, source MAC, up to 4 stacked 802.1Q /
 * 802.1ad tags (TPID 0x8100 / 0x88a8), EtherType, payload (ARP, IPv4,
 * IPv6 or anything else), Ethernet padding allowed. Inputs longer than
 * WC_PROPS_MAX bytes are ignored.
 *
 * Properties:
 *  - wc_eth_parse refuses exactly the frames wc_packet_parse refuses with
 *    the same error at its first layer, and when both accept, they decode
 *    the same header;
 *  - emit(parse(frame)) == frame byte for byte: the Ethernet layer alone
 *    when a layer below it is refused, else the whole stack;
 *  - for frames wc_packet_parse(WC_PKT_ETH) accepts, every decoded layer
 *    (ARP, IPv4, IPv6, TCP, UDP, ICMP) re-emits exactly its own bytes, and
 *    a checksum-filling emit changes the checksum fields only, to values
 *    that verify (wire_props.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire_props.h"
#include "wirecheck/check.h"
#include "wirecheck/wire_eth.h"

/* wc_eth_parse and the first layer of wc_packet_parse decoded the same. */
WC_PROPS_FN int same_eth(const wc_eth *a, const wc_eth *b)
{
	if (memcmp(a->dst, b->dst, 6) || memcmp(a->src, b->src, 6) || a->ntags != b->ntags ||
	    a->ethertype != b->ethertype || a->payload.p != b->payload.p || a->payload.len != b->payload.len)
		return 0;
	for (size_t i = 0; i < a->ntags && i < WC_ETH_MAX_TAGS; i++)
		if (a->tags[i].tpid != b->tags[i].tpid || a->tags[i].tci != b->tags[i].tci)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wc_packet pk; /* static: 2.5 KiB ASan would poison per call on the stack */
	uint8_t *buf = wc_props_buf;
	wc_eth e;
	size_t n = 0;
	int rc, prc;

	if (size > WC_PROPS_MAX)
		return 0;
	rc = wc_eth_parse(wc_view_ro(data, size), &e);
	prc = wc_packet_parse(wc_view_ro(data, size), WC_PKT_ETH, &pk);
	if (rc != WC_OK) {
		WC_CHECK(prc == rc, "packet parse and eth parse disagree (%d vs %d)", prc, rc);
		return 0;
	}
	WC_CHECK(e.payload.len + wc_eth_hdr_len(&e) == size, "eth header + payload != frame");
	if (prc == WC_OK) {
		/* The whole-stack emit in wc_props_packet rebuilds this header. */
		WC_CHECK(same_eth(&pk.eth, &e), "packet parse and eth parse decode different headers");
		wc_props_packet(data, size, &pk);
		return 0;
	}
	/* A layer below Ethernet was refused: the Ethernet layer alone. */
	rc = wc_eth_emit(&e, wc_view_rw(buf, WC_PROPS_MAX), &n);
	WC_CHECK(rc == WC_OK && n == size && memcmp(buf, data, size) == 0,
		 "eth emit differs from input (rc %d)", rc);
	return 0;
}
