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
 *  - wc_eth_parse accepts exactly the frames wc_packet_parse's first layer
 *    accepts, and emit(parse(frame)) == frame byte for byte;
 *  - for frames wc_packet_parse(WC_PKT_ETH) accepts, every decoded layer
 *    (Ethernet, ARP, IPv4, IPv6, TCP, UDP, ICMP) re-emits exactly its own
 *    bytes, the whole-stack emit reproduces the frame and re-parses, and a
 *    checksum-filling emit yields checksums that verify (wire_props.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire_props.h"
#include "wirecheck/check.h"
#include "wirecheck/wire_eth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = wc_props_buf; /* static (wire_props.h): no per-call ASan poisoning */
	wc_eth e;
	size_t n = 0;
	int rc;

	if (size > WC_PROPS_MAX)
		return 0;
	rc = wc_eth_parse(wc_view_ro(data, size), &e);
	if (rc != WC_OK) {
		wc_packet pk;
		WC_CHECK(wc_packet_parse(wc_view_ro(data, size), WC_PKT_ETH, &pk) == rc,
			 "packet parse and eth parse disagree");
		return 0;
	}
	WC_CHECK(e.payload.len + wc_eth_hdr_len(&e) == size, "eth header + payload != frame");
	rc = wc_eth_emit(&e, wc_view_rw(buf, WC_PROPS_MAX), &n);
	WC_CHECK(rc == WC_OK && n == size && memcmp(buf, data, size) == 0,
		 "eth emit differs from input (rc %d)", rc);
	wc_props_packet(data, size, WC_PKT_ETH);
	return 0;
}
