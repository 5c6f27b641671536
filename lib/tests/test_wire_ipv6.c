/* Unit tests for IPv6 and its extension-header chain, and ICMPv6
 * (lib/wire_ipv6.c, lib/wire_icmp.c). Captured vectors: wire_vectors.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wire_vectors.h"
#include "wirecheck/wire_icmp.h"
#include "wirecheck/wire_ipv6.h"

/* A 40-byte header with next header nh and payload pl (plen bytes) in b. */
static size_t mk6(uint8_t *b, uint8_t nh, const uint8_t *pl, size_t plen)
{
	memset(b, 0, 40);
	b[0] = 0x60;
	wc_store_be16(b + 4, (uint16_t)plen);
	b[6] = nh;
	b[7] = 64;
	b[8] = 0x20; b[9] = 0x01; b[10] = 0x0d; b[11] = 0xb8; b[23] = 1;
	b[24] = 0x20; b[25] = 0x01; b[26] = 0x0d; b[27] = 0xb8; b[39] = 2;
	if (plen)
		memcpy(b + 40, pl, plen);
	return 40 + plen;
}

static void ipv6_parse_decodes_linux_syn(void **state)
{
	wc_view v = wc_view_ro(cap_tcp6_syn + 14, sizeof cap_tcp6_syn - 14);
	wc_ipv6 ip;

	(void)state;
	assert_int_equal(wc_ipv6_parse(v, &ip), WC_OK);
	assert_int_equal(ip.n_ext, 0);
	assert_int_equal(ip.proto, 6);
	assert_int_equal(ip.hop_limit, 64);
	assert_int_equal(ip.src[15], 1);
	assert_int_equal(ip.dst[15], 2);
	assert_int_equal(ip.payload.len, 40);
	assert_int_equal(ip.trailer.len, 0);
	assert_int_equal(wc_ipv6_payload_len(&ip), 40);
}

static void ipv6_parse_follows_linux_hop_by_hop_router_alert(void **state)
{
	wc_view v = wc_view_ro(cap_mld_hbh + 14, sizeof cap_mld_hbh - 14);
	uint8_t out[128];
	wc_ipv6 ip;
	wc_icmp m;
	size_t n = 0;

	(void)state;
	assert_int_equal(wc_ipv6_parse(v, &ip), WC_OK);
	assert_int_equal(ip.n_ext, 1);
	assert_int_equal(ip.ext[0].type, WC_IPV6_EXT_HOPOPT);
	assert_int_equal(ip.ext[0].bytes.len, 8);
	assert_int_equal(ip.ext[0].bytes.p[2], 5); /* Router Alert option */
	assert_int_equal(ip.proto, WC_IPPROTO_ICMPV6);
	assert_int_equal(ip.payload.len, 48);
	assert_int_equal(wc_icmp_parse(ip.payload, &m), WC_OK);
	assert_int_equal(m.type, 143); /* MLDv2 report */
	assert_int_equal(wc_icmp6_check_cksum(ip.src, ip.dst, ip.payload), WC_OK);
	assert_int_equal(wc_ipv6_emit(&ip, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_int_equal(n, v.len);
	assert_memory_equal(out, v.p, n);
}

static void icmp6_echo_from_linux_verifies_and_reemits(void **state)
{
	wc_view v = wc_view_ro(cap_icmp6_echo + 14, sizeof cap_icmp6_echo - 14);
	uint8_t out[128];
	wc_ipv6 ip;
	wc_icmp m;
	wc_pseudo ph;
	size_t n = 0;

	(void)state;
	assert_int_equal(wc_ipv6_parse(v, &ip), WC_OK);
	assert_int_equal(wc_icmp_parse(ip.payload, &m), WC_OK);
	assert_int_equal(m.type, WC_ICMP6_ECHO);
	assert_int_equal(wc_icmp6_cksum(ip.src, ip.dst, ip.payload), m.cksum);
	ph = wc_pseudo6(ip.src, ip.dst);
	m.cksum = 0;
	assert_int_equal(wc_icmp6_emit(&m, &ph, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_memory_equal(out, ip.payload.p, ip.payload.len);
	ph.family = 4;
	assert_int_equal(wc_icmp6_emit(&m, &ph, wc_view_rw(out, sizeof out), &n), WC_EINVAL);
}

static void ipv6_parse_rejects_payload_length_beyond_bytes(void **state)
{
	uint8_t b[128];
	size_t n = mk6(b, 59, (const uint8_t[8]){ 0 }, 8);
	wc_ipv6 ip;

	(void)state;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n - 1), &ip), WC_EIP_TRUNC);
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, 39), &ip), WC_ETRUNC);
	b[0] = 0x40;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n), &ip), WC_EIP_VERSION);
}

static void ipv6_trailing_bytes_are_the_trailer(void **state)
{
	uint8_t b[128];
	size_t n = mk6(b, 59, (const uint8_t[8]){ 0 }, 8);
	wc_ipv6 ip;

	(void)state;
	wc_store_be16(b + 4, 3);
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n), &ip), WC_OK);
	assert_int_equal(ip.payload.len, 3);
	assert_int_equal(ip.trailer.len, 5);
}

static void ipv6_chain_hbh_dst_routing_fragment_decodes_and_reemits(void **state)
{
	const uint8_t chain[] = {
		60, 0, 1, 4, 0, 0, 0, 0,              /* HBH: PadN(4) -> dest opts */
		43, 0, 0, 1, 0, 1, 0, 0,              /* DST: Pad1, PadN(0), Pad1, Pad1 -> routing */
		44, 2, 0, 1, 0, 0, 0, 0,              /* routing type 0, 1 left, 1 address -> fragment */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
		17, 0, 0, 0, 0, 0, 0, 42,             /* fragment: offset 0, M 0, id 42 -> UDP */
		0, 1, 0, 2, 0, 8, 0, 0,               /* UDP header */
	};
	uint8_t b[128], out[128];
	size_t n = mk6(b, 0, chain, sizeof chain), w = 0;
	wc_ipv6 ip;
	wc_ipv6_frag f;

	(void)state;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n), &ip), WC_OK);
	assert_int_equal(ip.n_ext, 4);
	assert_int_equal(ip.ext[0].type, WC_IPV6_EXT_HOPOPT);
	assert_int_equal(ip.ext[1].type, WC_IPV6_EXT_DSTOPT);
	assert_int_equal(ip.ext[2].type, WC_IPV6_EXT_ROUTING);
	assert_int_equal(ip.ext[2].bytes.len, 24);
	assert_int_equal(ip.ext[3].type, WC_IPV6_EXT_FRAGMENT);
	assert_int_equal(ip.proto, 17);
	assert_int_equal(ip.payload.len, 8);
	assert_int_equal(wc_ipv6_ext_len(&ip), 48);
	assert_int_equal(wc_ipv6_frag_get(&ip.ext[3], &f), WC_OK);
	assert_int_equal(f.id, 42);
	assert_int_equal(f.offset, 0);
	assert_false(wc_ipv6_is_frag(&ip)); /* atomic fragment */
	assert_int_equal(wc_ipv6_frag_get(&ip.ext[0], &f), WC_EINVAL);
	assert_int_equal(wc_ipv6_emit(&ip, wc_view_rw(out, sizeof out), &w), WC_OK);
	assert_int_equal(w, n);
	assert_memory_equal(out, b, n);
}

static void ipv6_emit_rewrites_the_next_header_chain(void **state)
{
	const uint8_t chain[] = { 60, 0, 1, 4, 0, 0, 0, 0, 59, 0, 1, 4, 0, 0, 0, 0 };
	uint8_t b[128], out[128];
	size_t n = mk6(b, 0, chain, sizeof chain), w = 0;
	wc_ipv6 ip;

	(void)state;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n), &ip), WC_OK);
	assert_int_equal(ip.n_ext, 2);
	ip.n_ext = 1; /* drop the destination options header */
	assert_int_equal(wc_ipv6_emit(&ip, wc_view_rw(out, sizeof out), &w), WC_OK);
	assert_int_equal(w, 48);
	assert_int_equal(out[40], 59); /* HBH now points at "no next header" */
	assert_int_equal(wc_load_be16(out + 4), 8);
}

static void ipv6_hop_by_hop_not_first_is_error(void **state)
{
	const uint8_t chain[] = { 0, 0, 1, 4, 0, 0, 0, 0, 59, 0, 1, 4, 0, 0, 0, 0 };
	uint8_t b[128];
	size_t n = mk6(b, 60, chain, sizeof chain);
	wc_ipv6 ip;

	(void)state;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n), &ip), WC_EIP6_EXTHDR);
}

static void ipv6_extension_header_past_payload_is_error(void **state)
{
	const uint8_t chain[] = { 59, 1, 1, 4, 0, 0, 0, 0 }; /* announces 16 bytes */
	uint8_t b[128];
	size_t n = mk6(b, 60, chain, sizeof chain);
	wc_ipv6 ip;

	(void)state;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n), &ip), WC_EIP6_EXTHDR);
	n = mk6(b, 44, chain, 7); /* fragment header needs 8 */
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n), &ip), WC_EIP6_EXTHDR);
	n = mk6(b, 43, chain, 1); /* not even the length byte */
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, n), &ip), WC_EIP6_EXTHDR);
}

static void ipv6_option_past_its_header_is_error(void **state)
{
	const uint8_t bad[] = { 59, 0, 1, 5, 0, 0, 0, 0 };  /* PadN of 5 in 4 bytes */
	const uint8_t cut[] = { 59, 0, 0, 0, 0, 0, 0, 5 };  /* type 5 with no length byte */
	uint8_t b[128];
	wc_ipv6 ip;

	(void)state;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, mk6(b, 60, bad, 8)), &ip), WC_EIP6_EXTHDR);
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, mk6(b, 0, cut, 8)), &ip), WC_EIP6_EXTHDR);
}

static void ipv6_chain_longer_than_8_is_error(void **state)
{
	uint8_t chain[9 * 8], b[160];
	wc_ipv6 ip;

	(void)state;
	for (int i = 0; i < 9; i++) {
		const uint8_t d[8] = { 60, 0, 1, 4, 0, 0, 0, 0 };
		memcpy(chain + 8 * i, d, 8);
	}
	chain[8 * 8] = 59;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, mk6(b, 60, chain, 9 * 8)), &ip), WC_EIP6_CHAIN);
	chain[7 * 8] = 59; /* 8 headers: the bound itself is fine */
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, mk6(b, 60, chain, 8 * 8)), &ip), WC_OK);
	assert_int_equal(ip.n_ext, 8);
}

static void ipv6_nonzero_fragment_offset_is_a_fragment(void **state)
{
	const uint8_t fr[] = { 17, 0, 0x05, 0x29, 0, 0, 0, 7, 'x' }; /* offset 1320, M */
	uint8_t b[128];
	wc_ipv6 ip;
	wc_ipv6_frag f;

	(void)state;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, mk6(b, 44, fr, sizeof fr)), &ip), WC_OK);
	assert_int_equal(wc_ipv6_frag_get(&ip.ext[0], &f), WC_OK);
	assert_int_equal(f.offset, 1320);
	assert_int_equal(f.more, 1);
	assert_true(wc_ipv6_is_frag(&ip));
	assert_int_equal(ip.payload.len, 1);
}

static void ipv6_emit_rejects_ext_whose_length_byte_disagrees(void **state)
{
	const uint8_t chain[] = { 59, 0, 1, 4, 0, 0, 0, 0 };
	uint8_t b[128], out[128];
	size_t w = 0;
	wc_ipv6 ip;

	(void)state;
	assert_int_equal(wc_ipv6_parse(wc_view_ro(b, mk6(b, 60, chain, 8)), &ip), WC_OK);
	ip.ext[0].bytes.len = 16;
	ip.payload = wc_view_empty();
	assert_int_equal(wc_ipv6_emit(&ip, wc_view_rw(out, sizeof out), &w), WC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv6_parse_decodes_linux_syn),
		cmocka_unit_test(ipv6_parse_follows_linux_hop_by_hop_router_alert),
		cmocka_unit_test(icmp6_echo_from_linux_verifies_and_reemits),
		cmocka_unit_test(ipv6_parse_rejects_payload_length_beyond_bytes),
		cmocka_unit_test(ipv6_trailing_bytes_are_the_trailer),
		cmocka_unit_test(ipv6_chain_hbh_dst_routing_fragment_decodes_and_reemits),
		cmocka_unit_test(ipv6_emit_rewrites_the_next_header_chain),
		cmocka_unit_test(ipv6_hop_by_hop_not_first_is_error),
		cmocka_unit_test(ipv6_extension_header_past_payload_is_error),
		cmocka_unit_test(ipv6_option_past_its_header_is_error),
		cmocka_unit_test(ipv6_chain_longer_than_8_is_error),
		cmocka_unit_test(ipv6_nonzero_fragment_offset_is_a_fragment),
		cmocka_unit_test(ipv6_emit_rejects_ext_whose_length_byte_disagrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
