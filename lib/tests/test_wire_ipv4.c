/* Unit tests for IPv4, UDP and ICMPv4 (lib/wire_ipv4.c, lib/wire_udp.c,
 * lib/wire_icmp.c). Captured vectors: wire_vectors.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wire_vectors.h"
#include "wirecheck/wire_icmp.h"
#include "wirecheck/wire_ipv4.h"
#include "wirecheck/wire_udp.h"

static const uint8_t a4[4] = { 192, 0, 2, 1 }, b4[4] = { 192, 0, 2, 2 };

/* A copy of a captured frame's IPv4 packet in b, plus extra zero bytes. */
static size_t ip_of(uint8_t *b, const uint8_t *f, size_t n, size_t extra)
{
	memcpy(b, f + 14, n - 14);
	memset(b + n - 14, 0, extra);
	return n - 14 + extra;
}

/* A 20-byte header + opts (IHL from olen) + payload of plen zero bytes,
 * total length exact, checksum filled. */
static size_t mkip(uint8_t *b, const uint8_t *opts, size_t olen, size_t plen)
{
	wc_ipv4 ip;
	size_t n = 0;

	memset(&ip, 0, sizeof ip);
	ip.ttl = 64;
	ip.proto = 253;
	memcpy(ip.src, a4, 4);
	memcpy(ip.dst, b4, 4);
	ip.opt_len = (uint8_t)olen;
	if (olen)
		memcpy(ip.opt, opts, olen);
	memset(b + 20 + olen, 0, plen);
	ip.payload = wc_view_ro(b + 20 + olen, plen);
	assert_int_equal(wc_ipv4_emit(&ip, 1, wc_view_rw(b, 20 + olen + plen), &n), WC_OK);
	return n;
}

static void ipv4_parse_decodes_linux_syn(void **state)
{
	wc_view v = wc_view_ro(cap_tcp4_syn + 14, sizeof cap_tcp4_syn - 14);
	wc_ipv4 ip;

	(void)state;
	assert_int_equal(wc_ipv4_parse(v, &ip), WC_OK);
	assert_int_equal(wc_ipv4_hdr_len(&ip), 20);
	assert_int_equal(wc_ipv4_total_len(&ip), 60);
	assert_int_equal(ip.proto, WC_IPPROTO_TCP);
	assert_int_equal(ip.ttl, 64);
	assert_true(wc_ipv4_df(&ip));
	assert_false(wc_ipv4_mf(&ip));
	assert_false(wc_ipv4_is_frag(&ip));
	assert_memory_equal(ip.src, a4, 4);
	assert_memory_equal(ip.dst, b4, 4);
	assert_int_equal(ip.payload.len, 40);
	assert_int_equal(ip.trailer.len, 0);
	assert_int_equal(wc_ipv4_check_cksum(&ip), WC_OK);
	assert_int_equal(wc_ipv4_cksum(&ip), ip.cksum);
}

static void ipv4_parse_ignores_ethernet_padding(void **state)
{
	uint8_t b[64];
	size_t n = ip_of(b, cap_udp4, sizeof cap_udp4, 10); /* 36 + 10 bytes of padding */
	wc_ipv4 ip;
	wc_udp u;

	(void)state;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_OK);
	assert_int_equal(wc_ipv4_total_len(&ip), 36);
	assert_int_equal(ip.payload.len, 16);
	assert_int_equal(ip.trailer.len, 10);
	assert_ptr_equal(ip.trailer.p, b + 36);
	assert_int_equal(wc_udp_parse(ip.payload, &u), WC_OK);
	assert_int_equal(u.payload.len, 8);
	assert_memory_equal(u.payload.p, "udp-ping", 8);
}

static void ipv4_parse_rejects_total_length_beyond_bytes(void **state)
{
	uint8_t b[64];
	size_t n = ip_of(b, cap_udp4, sizeof cap_udp4, 0);
	wc_ipv4 ip;

	(void)state;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n - 1), &ip), WC_EIP_TRUNC);
	wc_store_be16(b + 2, 37);
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_TRUNC);
}

static void ipv4_parse_rejects_total_length_below_header(void **state)
{
	uint8_t b[64];
	size_t n = ip_of(b, cap_udp4, sizeof cap_udp4, 0);
	wc_ipv4 ip;

	(void)state;
	wc_store_be16(b + 2, 19);
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_TOTLEN);
	wc_store_be16(b + 2, 20); /* header only: empty payload is fine */
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_OK);
	assert_int_equal(ip.payload.len, 0);
	assert_int_equal(ip.trailer.len, 16);
}

static void ipv4_parse_rejects_ihl_below_5_and_other_versions(void **state)
{
	uint8_t b[64];
	size_t n = ip_of(b, cap_udp4, sizeof cap_udp4, 0);
	wc_ipv4 ip;

	(void)state;
	b[0] = 0x44;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_IHL);
	b[0] = 0x65;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_VERSION);
	b[0] = 0x4f; /* 60-byte header, 36 bytes present */
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_HDRLEN);
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, 19), &ip), WC_ETRUNC);
}

static void ipv4_option_len_past_end_is_error(void **state)
{
	uint8_t b[64];
	size_t n = mkip(b, (const uint8_t[]){ 1, 7, 7, 4 }, 4, 0); /* RR of 7 in 3 bytes */
	wc_ipv4 ip;

	(void)state;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_OPTION);
	n = mkip(b, (const uint8_t[]){ 1, 1, 1, 0x94 }, 4, 0); /* kind with no length byte */
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_OPTION);
}

static void ipv4_option_len_1_is_error(void **state)
{
	uint8_t b[64];
	size_t n = mkip(b, (const uint8_t[]){ 0x94, 1, 0, 0 }, 4, 0);
	wc_ipv4 ip;

	(void)state;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_OPTION);
	n = mkip(b, (const uint8_t[]){ 0x94, 0, 0, 0 }, 4, 0);
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_EIP_OPTION);
}

static void ipv4_opt_next_walks_nop_rr_eol_and_stops(void **state)
{
	const uint8_t o[12] = { 1, 7, 7, 4, 198, 51, 100, 1, 0, 0x55, 0x66, 0x77 };
	uint8_t b[64], out[64];
	size_t n = mkip(b, o, 12, 4), off = 0, w = 0;
	wc_ipv4 ip;
	wc_ipv4_opt op;

	(void)state;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_OK);
	assert_int_equal(ip.opt_len, 12);
	assert_true(wc_ipv4_opt_next(&ip, &off, &op));
	assert_int_equal(op.type, WC_IPV4_OPT_NOP);
	assert_true(wc_ipv4_opt_next(&ip, &off, &op));
	assert_int_equal(op.type, 7);
	assert_int_equal(op.len, 7);
	assert_int_equal(op.data[0], 4);
	assert_true(wc_ipv4_opt_next(&ip, &off, &op));
	assert_int_equal(op.type, WC_IPV4_OPT_EOL);
	assert_false(wc_ipv4_opt_next(&ip, &off, &op));
	/* The non-zero bytes after EOL survive the round trip. */
	assert_int_equal(wc_ipv4_emit(&ip, 0, wc_view_rw(out, sizeof out), &w), WC_OK);
	assert_int_equal(w, n);
	assert_memory_equal(out, b, n);
}

static void ipv4_check_cksum_detects_a_changed_field(void **state)
{
	wc_ipv4 ip;

	(void)state;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(cap_icmp4_echo + 14, sizeof cap_icmp4_echo - 14), &ip), WC_OK);
	assert_int_equal(wc_ipv4_check_cksum(&ip), WC_OK);
	ip.ttl--;
	assert_int_equal(wc_ipv4_check_cksum(&ip), WC_ECKSUM);
}

static void ipv4_emit_fills_the_checksum_linux_computed(void **state)
{
	wc_view v = wc_view_ro(cap_tcp4_psh_data + 14, sizeof cap_tcp4_psh_data - 14);
	uint8_t out[128];
	wc_ipv4 ip;
	size_t n = 0;

	(void)state;
	assert_int_equal(wc_ipv4_parse(v, &ip), WC_OK);
	ip.cksum = 0;
	assert_int_equal(wc_ipv4_emit(&ip, 1, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_int_equal(n, v.len);
	assert_memory_equal(out, v.p, n);
}

static void ipv4_fragment_fields_decode(void **state)
{
	uint8_t b[64];
	size_t n = mkip(b, NULL, 0, 8);
	wc_ipv4 ip;

	(void)state;
	wc_store_be16(b + 6, WC_IPV4_FLAG_MF | 185);
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_OK);
	assert_true(wc_ipv4_mf(&ip));
	assert_false(wc_ipv4_df(&ip));
	assert_int_equal(wc_ipv4_frag_off(&ip), 1480);
	assert_true(wc_ipv4_is_frag(&ip));
}

static void ipv4_emit_rejects_bad_option_length_and_small_buffers(void **state)
{
	uint8_t b[64];
	size_t n = mkip(b, NULL, 0, 8), w = 0;
	wc_ipv4 ip;

	(void)state;
	assert_int_equal(wc_ipv4_parse(wc_view_ro(b, n), &ip), WC_OK);
	ip.opt_len = 3;
	assert_int_equal(wc_ipv4_emit(&ip, 0, wc_view_rw(b + 32, 32), &w), WC_EINVAL);
	ip.opt_len = 0;
	assert_int_equal(wc_ipv4_emit(&ip, 0, wc_view_rw(b + 40, 24), &w), WC_ENOSPC);
	assert_int_equal(w, 0);
}

static void udp_parse_decodes_linux_datagram_and_checksum(void **state)
{
	wc_view v = wc_view_ro(cap_udp4 + 34, sizeof cap_udp4 - 34);
	uint8_t out[32];
	wc_udp u;
	size_t n = 0;

	(void)state;
	assert_int_equal(wc_udp_parse(v, &u), WC_OK);
	assert_int_equal(u.sport, 9998);
	assert_int_equal(u.dport, 9999);
	assert_int_equal(u.trailer.len, 0);
	assert_int_equal(wc_udp_check_cksum4(a4, b4, v), WC_OK);
	assert_int_equal(wc_udp_cksum4(a4, b4, v), u.cksum);
	u.cksum = 0;
	wc_pseudo ph = wc_pseudo4(a4, b4);
	assert_int_equal(wc_udp_emit(&u, &ph, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_memory_equal(out, v.p, v.len);
}

static void udp_parse_rejects_length_below_8_or_beyond_bytes(void **state)
{
	uint8_t b[16];
	wc_udp u;

	(void)state;
	memcpy(b, cap_udp4 + 34, 16);
	wc_store_be16(b + 4, 7);
	assert_int_equal(wc_udp_parse(wc_view_ro(b, 16), &u), WC_EUDP_LEN);
	wc_store_be16(b + 4, 17);
	assert_int_equal(wc_udp_parse(wc_view_ro(b, 16), &u), WC_EUDP_LEN);
	wc_store_be16(b + 4, 10); /* shorter than the bytes: the rest is trailer */
	assert_int_equal(wc_udp_parse(wc_view_ro(b, 16), &u), WC_OK);
	assert_int_equal(u.payload.len, 2);
	assert_int_equal(u.trailer.len, 6);
	assert_int_equal(wc_udp_parse(wc_view_ro(b, 7), &u), WC_ETRUNC);
}

static void udp_zero_checksum_means_none_over_ipv4_only(void **state)
{
	uint8_t b[16];

	(void)state;
	memcpy(b, cap_udp4 + 34, 16);
	b[6] = b[7] = 0;
	assert_int_equal(wc_udp_check_cksum4(a4, b4, wc_view_ro(b, 16)), WC_OK);
	assert_int_equal(wc_udp_check_cksum6((const uint8_t[16]){ 0x20, 1 }, (const uint8_t[16]){ 0x20, 2 },
					     wc_view_ro(b, 16)), WC_ECKSUM);
}

static void icmp4_echo_from_linux_parses_and_verifies(void **state)
{
	wc_view v = wc_view_ro(cap_icmp4_echo + 34, sizeof cap_icmp4_echo - 34);
	uint8_t out[64];
	wc_icmp m;
	size_t n = 0;

	(void)state;
	assert_int_equal(wc_icmp_parse(v, &m), WC_OK);
	assert_int_equal(m.type, WC_ICMP4_ECHO);
	assert_int_equal(m.code, 0);
	assert_int_equal(wc_load_be16(m.rest), 0x77);
	assert_int_equal(wc_icmp4_check_cksum(v), WC_OK);
	assert_int_equal(wc_icmp4_cksum(v), m.cksum);
	m.cksum = 0;
	assert_int_equal(wc_icmp4_emit(&m, 1, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_int_equal(n, v.len);
	assert_memory_equal(out, v.p, n);
	assert_int_equal(wc_icmp_parse(wc_view_ro(v.p, 7), &m), WC_EICMP_TRUNC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4_parse_decodes_linux_syn),
		cmocka_unit_test(ipv4_parse_ignores_ethernet_padding),
		cmocka_unit_test(ipv4_parse_rejects_total_length_beyond_bytes),
		cmocka_unit_test(ipv4_parse_rejects_total_length_below_header),
		cmocka_unit_test(ipv4_parse_rejects_ihl_below_5_and_other_versions),
		cmocka_unit_test(ipv4_option_len_past_end_is_error),
		cmocka_unit_test(ipv4_option_len_1_is_error),
		cmocka_unit_test(ipv4_opt_next_walks_nop_rr_eol_and_stops),
		cmocka_unit_test(ipv4_check_cksum_detects_a_changed_field),
		cmocka_unit_test(ipv4_emit_fills_the_checksum_linux_computed),
		cmocka_unit_test(ipv4_fragment_fields_decode),
		cmocka_unit_test(ipv4_emit_rejects_bad_option_length_and_small_buffers),
		cmocka_unit_test(udp_parse_decodes_linux_datagram_and_checksum),
		cmocka_unit_test(udp_parse_rejects_length_below_8_or_beyond_bytes),
		cmocka_unit_test(udp_zero_checksum_means_none_over_ipv4_only),
		cmocka_unit_test(icmp4_echo_from_linux_parses_and_verifies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
