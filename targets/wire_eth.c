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
 *    the same error at its first layer (wc_packet_parse decodes that layer
 *    with wc_eth_parse, so a frame it accepts is not parsed twice);
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

WC_PROPS_ENTRY int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wc_packet pk; /* static: 2.5 KiB ASan would poison per call on the stack */
	uint8_t *buf = wc_props_buf;
	wc_eth e;
	size_t n = 0;
	int rc, prc;

	if (size > WC_PROPS_MAX)
		return 0;
	prc = wc_packet_parse(wc_view_ro(data, size), WC_PKT_ETH, &pk);
	if (prc == WC_OK) {
		/* wc_packet_parse decoded the Ethernet layer with wc_eth_parse;
		 * the whole-stack emit in wc_props_packet rebuilds it. */
		WC_CHECK(pk.has_eth && pk.eth.payload.len + wc_eth_hdr_len(&pk.eth) == size,
			 "eth header + payload != frame");
		wc_props_packet(data, size, &pk);
		return 0;
	}
	rc = wc_eth_parse(wc_view_ro(data, size), &e);
	if (rc != WC_OK) {
		WC_CHECK(prc == rc, "packet parse and eth parse disagree (%d vs %d)", prc, rc);
		return 0;
	}
	/* A layer below Ethernet was refused: the Ethernet layer alone. */
	WC_CHECK(e.payload.len + wc_eth_hdr_len(&e) == size, "eth header + payload != frame");
	rc = wc_eth_emit(&e, wc_view_rw(buf, WC_PROPS_MAX), &n);
	WC_CHECK(rc == WC_OK && n == size && memcmp(buf, data, size) == 0,
		 "eth emit differs from input (rc %d)", rc);
	return 0;
}
