/* Unit tests for Ethernet/802.1Q and ARP (lib/wire_eth.c, lib/wire_arp.c).
 * Captured vectors: wire_vectors.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wire_vectors.h"
#include "wirecheck/wire_arp.h"
#include "wirecheck/wire_eth.h"

/* The captured ARP request with ntags tags (TPIDs alternating 0x88a8,
 * 0x8100; VID = index + 1) inserted after the source MAC. */
static size_t tagged(uint8_t *b, unsigned ntags)
{
	memcpy(b, cap_arp_request, 12);
	for (unsigned i = 0; i < ntags; i++) {
		wc_store_be16(b + 12 + 4 * i, i % 2 ? WC_ETHERTYPE_VLAN : WC_ETHERTYPE_QINQ);
		wc_store_be16(b + 14 + 4 * i, (uint16_t)(0xa000 | (i + 1)));
	}
	memcpy(b + 12 + 4 * ntags, cap_arp_request + 12, sizeof cap_arp_request - 12);
	return sizeof cap_arp_request + 4 * ntags;
}

static void eth_parse_decodes_linux_arp_request(void **state)
{
	wc_view f = wc_view_ro(cap_arp_request, sizeof cap_arp_request);
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	wc_eth e;

	(void)state;
	assert_int_equal(wc_eth_parse(f, &e), WC_OK);
	assert_memory_equal(e.dst, bcast, 6);
	assert_memory_equal(e.src, cap_arp_request + 6, 6);
	assert_int_equal(e.ntags, 0);
	assert_int_equal(e.ethertype, WC_ETHERTYPE_ARP);
	assert_int_equal(e.payload.len, 28);
	assert_ptr_equal(e.payload.p, cap_arp_request + 14);
}

static void eth_parse_rejects_13_bytes(void **state)
{
	wc_eth e;

	(void)state;
	assert_int_equal(wc_eth_parse(wc_view_ro(cap_arp_request, 13), &e), WC_ETRUNC);
	assert_int_equal(wc_eth_parse(wc_view_ro(cap_arp_request, 14), &e), WC_OK);
	assert_int_equal(e.payload.len, 0);
}

static void eth_parse_reads_stacked_qinq_tags_outermost_first(void **state)
{
	uint8_t b[128], out[128];
	size_t n = tagged(b, 2), w = 0;
	wc_eth e;

	(void)state;
	assert_int_equal(wc_eth_parse(wc_view_ro(b, n), &e), WC_OK);
	assert_int_equal(e.ntags, 2);
	assert_int_equal(e.tags[0].tpid, WC_ETHERTYPE_QINQ);
	assert_int_equal(e.tags[0].tci & 0x0fff, 1);
	assert_int_equal(e.tags[0].tci >> 13, 5);
	assert_int_equal(e.tags[1].tpid, WC_ETHERTYPE_VLAN);
	assert_int_equal(e.tags[1].tci & 0x0fff, 2);
	assert_int_equal(e.ethertype, WC_ETHERTYPE_ARP);
	assert_int_equal(wc_eth_hdr_len(&e), 22);
	assert_int_equal(wc_eth_emit(&e, wc_view_rw(out, sizeof out), &w), WC_OK);
	assert_int_equal(w, n);
	assert_memory_equal(out, b, n);
}

static void eth_parse_rejects_more_than_4_tags(void **state)
{
	uint8_t b[128];
	wc_eth e;

	(void)state;
	assert_int_equal(wc_eth_parse(wc_view_ro(b, tagged(b, 4)), &e), WC_OK);
	assert_int_equal(e.ntags, 4);
	assert_int_equal(wc_eth_parse(wc_view_ro(b, tagged(b, 5)), &e), WC_EETH_VLAN);
}

static void eth_parse_rejects_a_truncated_tag(void **state)
{
	uint8_t b[128];
	wc_eth e;

	(void)state;
	tagged(b, 1);
	/* dst, src, TPID, TCI: the inner EtherType is missing. */
	assert_int_equal(wc_eth_parse(wc_view_ro(b, 16), &e), WC_EETH_VLAN);
	assert_int_equal(wc_eth_parse(wc_view_ro(b, 17), &e), WC_EETH_VLAN);
	assert_int_equal(wc_eth_parse(wc_view_ro(b, 18), &e), WC_OK);
}

static void eth_emit_writes_nothing_when_out_is_short_or_readonly(void **state)
{
	uint8_t out[64];
	wc_eth e;
	size_t w = 0;

	(void)state;
	memset(out, 0x5a, sizeof out);
	assert_int_equal(wc_eth_parse(wc_view_ro(cap_arp_request, sizeof cap_arp_request), &e), WC_OK);
	assert_int_equal(wc_eth_emit(&e, wc_view_rw(out, 41), &w), WC_ENOSPC);
	assert_int_equal(wc_eth_emit(&e, wc_view_ro(out, 64), &w), WC_ERDONLY);
	assert_int_equal(w, 0);
	assert_int_equal(out[0], 0x5a);
	e.ntags = WC_ETH_MAX_TAGS + 1;
	assert_int_equal(wc_eth_emit(&e, wc_view_rw(out, 64), &w), WC_EINVAL);
}

static void arp_parse_decodes_linux_request(void **state)
{
	static const uint8_t spa[4] = { 192, 0, 2, 1 }, tpa[4] = { 192, 0, 2, 2 };
	uint8_t out[28];
	wc_arp a;
	size_t w = 0;

	(void)state;
	assert_int_equal(wc_arp_parse(wc_view_ro(cap_arp_request + 14, 28), &a), WC_OK);
	assert_int_equal(a.oper, WC_ARP_REQUEST);
	assert_memory_equal(a.sha, cap_arp_request + 6, 6);
	assert_memory_equal(a.spa, spa, 4);
	assert_memory_equal(a.tpa, tpa, 4);
	assert_int_equal(a.trailer.len, 0);
	assert_int_equal(wc_arp_emit(&a, wc_view_rw(out, sizeof out), &w), WC_OK);
	assert_int_equal(w, 28);
	assert_memory_equal(out, cap_arp_request + 14, 28);
}

static void arp_parse_reports_ethernet_padding_as_trailer(void **state)
{
	uint8_t b[46] = { 0 };
	wc_arp a;

	(void)state;
	memcpy(b, cap_arp_request + 14, 28);
	assert_int_equal(wc_arp_parse(wc_view_ro(b, 46), &a), WC_OK);
	assert_int_equal(a.trailer.len, 18);
	assert_int_equal(wc_arp_parse(wc_view_ro(b, 27), &a), WC_ETRUNC);
}

static void arp_parse_rejects_formats_other_than_ethernet_ipv4(void **state)
{
	uint8_t b[28];
	wc_arp a;

	(void)state;
	for (int i = 0; i < 6; i++) {
		memcpy(b, cap_arp_request + 14, 28);
		b[i] ^= 0x10; /* htype, ptype, hlen or plen */
		assert_int_equal(wc_arp_parse(wc_view_ro(b, 28), &a), WC_EARP_FORMAT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eth_parse_decodes_linux_arp_request),
		cmocka_unit_test(eth_parse_rejects_13_bytes),
		cmocka_unit_test(eth_parse_reads_stacked_qinq_tags_outermost_first),
		cmocka_unit_test(eth_parse_rejects_more_than_4_tags),
		cmocka_unit_test(eth_parse_rejects_a_truncated_tag),
		cmocka_unit_test(eth_emit_writes_nothing_when_out_is_short_or_readonly),
		cmocka_unit_test(arp_parse_decodes_linux_request),
		cmocka_unit_test(arp_parse_reports_ethernet_padding_as_trailer),
		cmocka_unit_test(arp_parse_rejects_formats_other_than_ethernet_ipv4),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
