/* Unit tests for whole-stack decoding and emitting (lib/packet.c).
 * Captured vectors: wire_vectors.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wire_vectors.h"
#include "wirecheck/packet.h"

static const struct { const char *name; const uint8_t *f; size_t n; wc_l3_kind l3; wc_l4_kind l4; } caps[] = {
	{ "arp", cap_arp_request, sizeof cap_arp_request, WC_L3_ARP, WC_L4_NONE },
	{ "tcp4 syn", cap_tcp4_syn, sizeof cap_tcp4_syn, WC_L3_IPV4, WC_L4_TCP },
	{ "tcp4 syn-ack", cap_tcp4_synack, sizeof cap_tcp4_synack, WC_L3_IPV4, WC_L4_TCP },
	{ "tcp4 data", cap_tcp4_psh_data, sizeof cap_tcp4_psh_data, WC_L3_IPV4, WC_L4_TCP },
	{ "tcp6 syn", cap_tcp6_syn, sizeof cap_tcp6_syn, WC_L3_IPV6, WC_L4_TCP },
	{ "tcp6 data", cap_tcp6_psh_data, sizeof cap_tcp6_psh_data, WC_L3_IPV6, WC_L4_TCP },
	{ "mld hbh", cap_mld_hbh, sizeof cap_mld_hbh, WC_L3_IPV6, WC_L4_ICMP6 },
	{ "nd na", cap_nd_na, sizeof cap_nd_na, WC_L3_IPV6, WC_L4_ICMP6 },
	{ "udp4", cap_udp4, sizeof cap_udp4, WC_L3_IPV4, WC_L4_UDP },
	{ "icmp4 echo", cap_icmp4_echo, sizeof cap_icmp4_echo, WC_L3_IPV4, WC_L4_ICMP4 },
	{ "icmp6 echo", cap_icmp6_echo, sizeof cap_icmp6_echo, WC_L3_IPV6, WC_L4_ICMP6 },
};

static void packet_parse_decodes_every_linux_frame_with_valid_checksums(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		wc_packet p;
		print_message("%s\n", caps[i].name);
		assert_int_equal(wc_packet_parse(wc_view_ro(caps[i].f, caps[i].n), WC_PKT_ETH, &p), WC_OK);
		assert_true(p.has_eth);
		assert_int_equal(p.l3, caps[i].l3);
		assert_int_equal(p.l4, caps[i].l4);
		assert_false(p.fragment);
		assert_int_equal(wc_packet_check_cksums(&p), WC_OK);
	}
}

static void packet_emit_reproduces_every_linux_frame(void **state)
{
	uint8_t out[256];

	(void)state;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		wc_packet p;
		size_t n = 0;
		assert_int_equal(wc_packet_parse(wc_view_ro(caps[i].f, caps[i].n), WC_PKT_ETH, &p), WC_OK);
		assert_int_equal(wc_packet_emit(&p, 0, wc_view_rw(out, sizeof out), &n), WC_OK);
		assert_int_equal(n, caps[i].n);
		assert_memory_equal(out, caps[i].f, n);
		/* Recomputing every checksum gives Linux's values. */
		assert_int_equal(wc_packet_emit(&p, WC_PKT_EMIT_CKSUM, wc_view_rw(out, sizeof out), &n), WC_OK);
		assert_memory_equal(out, caps[i].f, n);
	}
}

static void packet_check_cksums_catches_a_flipped_payload_bit(void **state)
{
	uint8_t b[128];
	wc_packet p;

	(void)state;
	memcpy(b, cap_tcp6_psh_data, sizeof cap_tcp6_psh_data);
	b[sizeof cap_tcp6_psh_data - 1] ^= 0x40;
	assert_int_equal(wc_packet_parse(wc_view_ro(b, sizeof cap_tcp6_psh_data), WC_PKT_ETH, &p), WC_OK);
	assert_int_equal(wc_packet_check_cksums(&p), WC_ECKSUM);
	memcpy(b, cap_udp4, sizeof cap_udp4);
	b[22] ^= 1; /* IPv4 TTL: the header checksum */
	assert_int_equal(wc_packet_parse(wc_view_ro(b, sizeof cap_udp4), WC_PKT_ETH, &p), WC_OK);
	assert_int_equal(wc_packet_check_cksums(&p), WC_ECKSUM);
}

static void packet_emit_recomputes_lengths_after_an_edit(void **state)
{
	uint8_t out[256];
	wc_packet p, q;
	size_t n = 0;

	(void)state;
	assert_int_equal(wc_packet_parse(wc_view_ro(cap_tcp4_psh_data, sizeof cap_tcp4_psh_data), WC_PKT_ETH, &p), WC_OK);
	p.tcp.payload = wc_view_ro("hi", 2);
	assert_int_equal(wc_packet_emit(&p, WC_PKT_EMIT_CKSUM, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_int_equal(n, sizeof cap_tcp4_psh_data - 13);
	assert_int_equal(wc_packet_parse(wc_view_ro(out, n), WC_PKT_ETH, &q), WC_OK);
	assert_int_equal(wc_ipv4_total_len(&q.ip4), 20 + 32 + 2);
	assert_int_equal(q.tcp.payload.len, 2);
	assert_int_equal(wc_packet_check_cksums(&q), WC_OK);
}

static void packet_parse_raw_ip_picks_the_version(void **state)
{
	wc_packet p;

	(void)state;
	assert_int_equal(wc_packet_parse(wc_view_ro(cap_tcp6_syn + 14, sizeof cap_tcp6_syn - 14), WC_PKT_IP, &p), WC_OK);
	assert_false(p.has_eth);
	assert_int_equal(p.l3, WC_L3_IPV6);
	assert_int_equal(wc_packet_parse(wc_view_ro(cap_udp4 + 14, sizeof cap_udp4 - 14), WC_PKT_IP, &p), WC_OK);
	assert_int_equal(p.l3, WC_L3_IPV4);
	assert_int_equal(wc_packet_parse(wc_view_ro(cap_udp4, sizeof cap_udp4), WC_PKT_IP, &p), WC_EIP_VERSION);
	assert_int_equal(wc_packet_parse(wc_view_ro(cap_tcp4_syn + 14, sizeof cap_tcp4_syn - 14), WC_PKT_IPV6, &p), WC_EIP_VERSION);
	assert_int_equal(wc_packet_parse(wc_view_ro(cap_udp4, sizeof cap_udp4), 99, &p), WC_EINVAL);
}

static void packet_parse_keeps_unknown_ethertype_and_fragments_undecoded(void **state)
{
	uint8_t b[128];
	wc_packet p;

	(void)state;
	memcpy(b, cap_udp4, sizeof cap_udp4);
	wc_store_be16(b + 12, 0x88b5);
	assert_int_equal(wc_packet_parse(wc_view_ro(b, sizeof cap_udp4), WC_PKT_ETH, &p), WC_OK);
	assert_int_equal(p.l3, WC_L3_NONE);
	assert_int_equal(p.eth.payload.len, sizeof cap_udp4 - 14);
	memcpy(b, cap_udp4, sizeof cap_udp4);
	wc_store_be16(b + 20, 0x2000); /* MF: first fragment */
	assert_int_equal(wc_packet_parse(wc_view_ro(b, sizeof cap_udp4), WC_PKT_ETH, &p), WC_OK);
	assert_true(p.fragment);
	assert_int_equal(p.l4, WC_L4_NONE);
	assert_int_equal(p.l4_bytes.len, 16);
}

static void packet_parse_reports_the_failing_layer_and_writes_nothing(void **state)
{
	uint8_t b[128];
	wc_packet p;

	(void)state;
	memset(&p, 0x3c, sizeof p);
	memcpy(b, cap_tcp4_syn, sizeof cap_tcp4_syn);
	b[14 + 20 + 12] = 0x40; /* TCP data offset 4 */
	assert_int_equal(wc_packet_parse(wc_view_ro(b, sizeof cap_tcp4_syn), WC_PKT_ETH, &p), WC_ETCP_OFFSET);
	assert_int_equal(p.has_eth, 0x3c3c3c3c);
}

static void packet_pseudo_uses_the_final_destination_of_a_routing_header(void **state)
{
	/* IPv6 + routing type 0 with one segment left (2001:db8::9) + UDP. */
	uint8_t b[40 + 24 + 8] = { 0x60, 0, 0, 0, 0, 32, 43, 64 };
	wc_packet p;
	wc_pseudo ph;
	size_t n = 0;
	uint8_t out[128];

	(void)state;
	b[8] = 0x20; b[9] = 0x01; b[10] = 0x0d; b[11] = 0xb8; b[23] = 1;
	b[24] = 0x20; b[25] = 0x01; b[26] = 0x0d; b[27] = 0xb8; b[39] = 2;
	b[40] = 17; b[41] = 2; b[42] = 0; b[43] = 1;
	b[48] = 0x20; b[49] = 0x01; b[50] = 0x0d; b[51] = 0xb8; b[63] = 9;
	b[64] = 0; b[65] = 7; b[66] = 0; b[67] = 7; b[68] = 0; b[69] = 8;
	assert_int_equal(wc_packet_parse(wc_view_ro(b, sizeof b), WC_PKT_IPV6, &p), WC_OK);
	assert_int_equal(wc_packet_pseudo(&p, &ph), WC_OK);
	assert_int_equal(ph.dst[15], 9);
	assert_int_equal(wc_packet_emit(&p, WC_PKT_EMIT_CKSUM, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_int_equal(wc_udp_check_cksum6(ph.src, ph.dst, wc_view_ro(out + 64, 8)), WC_OK);
	assert_int_equal(wc_udp_check_cksum6(ph.src, p.ip6.dst, wc_view_ro(out + 64, 8)), WC_ECKSUM);
	b[43] = 0; /* no segments left: the header's destination is final */
	assert_int_equal(wc_packet_parse(wc_view_ro(b, sizeof b), WC_PKT_IPV6, &p), WC_OK);
	assert_int_equal(wc_packet_pseudo(&p, &ph), WC_OK);
	assert_int_equal(ph.dst[15], 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(packet_parse_decodes_every_linux_frame_with_valid_checksums),
		cmocka_unit_test(packet_emit_reproduces_every_linux_frame),
		cmocka_unit_test(packet_check_cksums_catches_a_flipped_payload_bit),
		cmocka_unit_test(packet_emit_recomputes_lengths_after_an_edit),
		cmocka_unit_test(packet_parse_raw_ip_picks_the_version),
		cmocka_unit_test(packet_parse_keeps_unknown_ethertype_and_fragments_undecoded),
		cmocka_unit_test(packet_parse_reports_the_failing_layer_and_writes_nothing),
		cmocka_unit_test(packet_pseudo_uses_the_final_destination_of_a_routing_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
