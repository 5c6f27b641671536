/*
 * Unit tests for the fast Internet checksum (lib/cksum.c) and its reference
 * (models/cksum_ref.c).
 *
 * The packet vectors below are real: they were captured with tshark on a
 * veth pair between two Linux network namespaces (documentation addresses
 * 192.0.2.1/192.0.2.2 and 2001:db8::1/2001:db8::2, TX checksum offload
 * turned off so the kernel computed every checksum in software) during a
 * short TCP exchange, and tshark's IPv4/TCP checksum validation reported
 * every checksum below as good. Ethernet headers are stripped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wirecheck/cksum.h"
#include "wirecheck/cksum_ref.h"

/* IPv4 SYN from 192.0.2.1:34084 to 192.0.2.2:5001, TCP options MSS, SACK-permitted,
 * timestamps, NOP, window scale. IP cksum 0xf013, TCP cksum 0x5901. */
static const uint8_t cap_v4_syn[] = {
	0x45, 0x00, 0x00, 0x3c, 0xc6, 0xa4, 0x40, 0x00, 0x40, 0x06, 0xf0, 0x13, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x85, 0x24, 0x13, 0x89, 0x03, 0x7f, 0xbb, 0xad, 0x00, 0x00, 0x00, 0x00,
	0xa0, 0x02, 0xfa, 0xf0, 0x59, 0x01, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
	0x47, 0x9e, 0xd0, 0x8e, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
};
/* IPv4 PSH/ACK with 32 bytes of data. IP cksum 0xeff9, TCP cksum 0x88ae. */
static const uint8_t cap_v4_data32[] = {
	0x45, 0x00, 0x00, 0x54, 0xc6, 0xa6, 0x40, 0x00, 0x40, 0x06, 0xef, 0xf9, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x85, 0x24, 0x13, 0x89, 0x03, 0x7f, 0xbb, 0xae, 0x3f, 0x43, 0x41, 0x3a,
	0x80, 0x18, 0x00, 0x3f, 0x88, 0xae, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x47, 0x9e, 0xd0, 0x8e,
	0xa6, 0xbd, 0x5a, 0x4a, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x77, 0x69, 0x72, 0x65, 0x63, 0x68,
	0x65, 0x63, 0x6b, 0x20, 0x63, 0x68, 0x65, 0x63, 0x6b, 0x73, 0x75, 0x6d, 0x20, 0x76, 0x65, 0x63,
	0x74, 0x6f, 0x72, 0x73,
};
/* IPv4 PSH/ACK with 5 bytes of data ("odd!!"): an odd-length TCP segment.
 * IP cksum 0xf012, TCP cksum 0x0c21. */
static const uint8_t cap_v4_odd5[] = {
	0x45, 0x00, 0x00, 0x39, 0xc6, 0xa8, 0x40, 0x00, 0x40, 0x06, 0xf0, 0x12, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x85, 0x24, 0x13, 0x89, 0x03, 0x7f, 0xbb, 0xce, 0x3f, 0x43, 0x41, 0x53,
	0x80, 0x18, 0x00, 0x3f, 0x0c, 0x21, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x47, 0x9e, 0xd0, 0x8e,
	0xa6, 0xbd, 0x5a, 0x4a, 0x6f, 0x64, 0x64, 0x21, 0x21,
};
/* IPv4 PSH/ACK from 192.0.2.2 with 1001 bytes of data, every byte 'x'
 * (0x78; only the 52 header bytes are listed, the test appends the data).
 * IP cksum 0x424c, TCP cksum 0x3971. */
static const uint8_t cap_v4_1001_hdr[] = {
	0x45, 0x00, 0x04, 0x1d, 0x70, 0x8b, 0x40, 0x00, 0x40, 0x06, 0x42, 0x4c, 0xc0, 0x00, 0x02, 0x02,
	0xc0, 0x00, 0x02, 0x01, 0x13, 0x89, 0x85, 0x24, 0x3f, 0x43, 0x41, 0x53, 0x03, 0x7f, 0xbb, 0xd3,
	0x80, 0x18, 0x00, 0x40, 0x39, 0x71, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0xa6, 0xbd, 0x5a, 0x4a,
	0x47, 0x9e, 0xd0, 0x8e,
};
/* IPv6 PSH/ACK from 2001:db8::1 to 2001:db8::2 with 16 bytes of data.
 * TCP cksum 0x6eb3. */
static const uint8_t cap_v6_data16[] = {
	0x60, 0x0d, 0x0f, 0x97, 0x00, 0x30, 0x06, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xa4, 0x6e, 0x13, 0x8a, 0x88, 0x76, 0x7b, 0xd5,
	0x1e, 0xe5, 0x88, 0xfb, 0x80, 0x18, 0x00, 0x40, 0x6e, 0xb3, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
	0xb0, 0x66, 0x10, 0xd3, 0xd6, 0xdb, 0xf0, 0x46, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x6f, 0x76,
	0x65, 0x72, 0x20, 0x49, 0x50, 0x76, 0x36, 0x21,
};

struct capv4 {
	const uint8_t *pkt;
	size_t len;
	uint16_t ip_ck, tcp_ck;
};

/* A heap copy of an IPv4 packet; the 1001-byte one gets its data appended. */
static uint8_t *v4_packet(int which, size_t *len, uint16_t *ip_ck, uint16_t *tcp_ck)
{
	static const struct capv4 caps[] = {
		{ cap_v4_syn, sizeof cap_v4_syn, 0xf013, 0x5901 },
		{ cap_v4_data32, sizeof cap_v4_data32, 0xeff9, 0x88ae },
		{ cap_v4_odd5, sizeof cap_v4_odd5, 0xf012, 0x0c21 },
		{ cap_v4_1001_hdr, sizeof cap_v4_1001_hdr, 0x424c, 0x3971 },
	};
	const struct capv4 *c = &caps[which];
	size_t n = c->len + (which == 3 ? 1001 : 0);
	uint8_t *p = malloc(n);

	assert_non_null(p);
	memcpy(p, c->pkt, c->len);
	memset(p + c->len, 'x', n - c->len);
	assert_int_equal(wc_load_be16(p + 2), n); /* IPv4 total length */
	*len = n;
	*ip_ck = c->ip_ck;
	*tcp_ck = c->tcp_ck;
	return p;
}

static void cksum_matches_ipv4_header_from_capture(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++) {
		size_t len;
		uint16_t ip_ck, tcp_ck;
		uint8_t *p = v4_packet(i, &len, &ip_ck, &tcp_ck);

		assert_int_equal(wc_load_be16(p + 10), ip_ck);
		/* A received header with its checksum in place sums to 0xFFFF. */
		assert_int_equal(wc_cksum_sum(p, 20), 0xFFFF);
		assert_int_equal(wc_cksum(p, 20), 0x0000);
		/* Recomputed with the field zeroed, it is the kernel's value. */
		wc_store_be16(p + 10, 0);
		assert_int_equal(wc_cksum(p, 20), ip_ck);
		assert_int_equal(wc_cksum_ref(p, 20), ip_ck);
		free(p);
	}
}

static void cksum_matches_tcp_segment_from_capture_with_pseudo4(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++) {
		size_t len;
		uint16_t ip_ck, tcp_ck;
		uint8_t *p = v4_packet(i, &len, &ip_ck, &tcp_ck);
		uint8_t *seg = p + 20;
		size_t seglen = len - 20;
		uint16_t ph = wc_cksum_pseudo4(p + 12, p + 16, 6, (uint16_t)seglen);

		assert_int_equal(ph, wc_cksum_ref_pseudo4(p + 12, p + 16, 6, (uint16_t)seglen));
		assert_int_equal(wc_load_be16(seg + 16), tcp_ck);
		/* Verification as a receiver does it: the sum including the field is -0. */
		assert_int_equal(wc_cksum_add(ph, wc_cksum_sum(seg, seglen), 0), 0xFFFF);
		wc_store_be16(seg + 16, 0);
		assert_int_equal(wc_cksum_finish(wc_cksum_add(ph, wc_cksum_sum(seg, seglen), 0)), tcp_ck);
		assert_int_equal(wc_cksum_finish(wc_cksum_add(ph, wc_cksum_ref_sum(seg, seglen), 0)),
				 tcp_ck);
		free(p);
	}
}

static void cksum_matches_tcp_over_ipv6_from_capture_with_pseudo6(void **state)
{
	uint8_t p[sizeof cap_v6_data16];
	uint8_t *seg = p + 40;
	size_t seglen = sizeof p - 40;
	uint16_t ph;

	(void)state;
	memcpy(p, cap_v6_data16, sizeof p);
	assert_int_equal(wc_load_be16(p + 4), seglen); /* payload length */
	ph = wc_cksum_pseudo6(p + 8, p + 24, 6, (uint32_t)seglen);
	assert_int_equal(ph, wc_cksum_ref_pseudo6(p + 8, p + 24, 6, (uint32_t)seglen));
	assert_int_equal(wc_cksum_add(ph, wc_cksum_sum(seg, seglen), 0), 0xFFFF);
	wc_store_be16(seg + 16, 0);
	assert_int_equal(wc_cksum_finish(wc_cksum_add(ph, wc_cksum_sum(seg, seglen), 0)), 0x6eb3);
}

static void cksum_pads_odd_trailing_byte_with_zero(void **state)
{
	const uint8_t odd[3] = { 0x12, 0x34, 0x56 };
	const uint8_t padded[4] = { 0x12, 0x34, 0x56, 0x00 };

	(void)state;
	assert_int_equal(wc_cksum_sum(odd, 3), 0x1234 + 0x5600);
	assert_int_equal(wc_cksum_sum(odd, 3), wc_cksum_sum(padded, 4));
	assert_int_equal(wc_cksum_ref_sum(odd, 3), 0x1234 + 0x5600);
}

/* The numerical example of RFC 1071 section 3. */
static void cksum_matches_rfc1071_section3_example(void **state)
{
	const uint8_t b[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	(void)state;
	assert_int_equal(wc_cksum_ref_sum(b, 8), 0xddf2);
	assert_int_equal(wc_cksum_sum(b, 8), 0xddf2);
	assert_int_equal(wc_cksum_sum_scalar(b, 8), 0xddf2);
	assert_int_equal(wc_cksum_sum_avx2(b, 8), 0xddf2);
	assert_int_equal(wc_cksum(b, 8), 0x220d);
}

static void cksum_of_no_bytes_or_zero_bytes_is_zero_sum(void **state)
{
	uint8_t z[200] = { 0 };

	(void)state;
	assert_int_equal(wc_cksum_sum(NULL, 0), 0);
	assert_int_equal(wc_cksum_ref_sum(NULL, 0), 0);
	assert_int_equal(wc_cksum_sum(z, sizeof z), 0);
	assert_int_equal(wc_cksum(z, sizeof z), 0xFFFF);
	/* Non-zero bytes that sum to -0 give 0xFFFF, never +0. */
	z[150] = 0xFF;
	z[151] = 0xFF;
	assert_int_equal(wc_cksum_sum(z, sizeof z), 0xFFFF);
	assert_int_equal(wc_cksum_ref_sum(z, sizeof z), 0xFFFF);
}

/* Deterministic pseudo-random bytes (a fixed LCG). */
static void fill_lcg(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

static void cksum_paths_agree_with_reference_at_every_length_and_alignment(void **state)
{
	enum { MAXLEN = 700 };
	uint8_t *buf = malloc(MAXLEN + 8);

	(void)state;
	assert_non_null(buf);
	fill_lcg(buf, MAXLEN + 8, 7);
	for (size_t len = 0; len <= MAXLEN; len++) {
		for (size_t o = 0; o < 8; o++) {
			uint16_t ref = wc_cksum_ref_sum(buf + o, len);
			assert_int_equal(wc_cksum_sum(buf + o, len), ref);
			assert_int_equal(wc_cksum_sum_scalar(buf + o, len), ref);
			assert_int_equal(wc_cksum_sum_avx2(buf + o, len), ref);
		}
	}
	free(buf);
}

static void cksum_avx2_path_is_used_and_matches_on_this_cpu(void **state)
{
	uint8_t buf[4096];

	(void)state;
	if (!wc_cksum_have_avx2())
		skip();
	fill_lcg(buf, sizeof buf, 99);
	for (size_t len = 64; len <= sizeof buf - 3; len += 61)
		assert_int_equal(wc_cksum_sum_avx2(buf + 3, len), wc_cksum_ref_sum(buf + 3, len));
}

/* Long inputs: carries beyond what a 32-bit accumulator holds without
 * folding (65537 words of 0xFFFF), in every path. */
static void cksum_long_buffers_keep_every_carry(void **state)
{
	size_t n = (3u << 20) + 5;
	uint8_t *buf = malloc(n);

	(void)state;
	assert_non_null(buf);
	memset(buf, 0xFF, n);
	/* Even length: words of 0xFFFF only; odd: one more word 0xFF00. */
	assert_int_equal(wc_cksum_ref_sum(buf, n - 1), 0xFFFF);
	assert_int_equal(wc_cksum_sum(buf, n - 1), 0xFFFF);
	assert_int_equal(wc_cksum_sum_scalar(buf, n - 1), 0xFFFF);
	assert_int_equal(wc_cksum_ref_sum(buf, n), 0xFF00);
	assert_int_equal(wc_cksum_sum(buf, n), 0xFF00);
	assert_int_equal(wc_cksum_sum_avx2(buf, n), 0xFF00);
	fill_lcg(buf, n, 3);
	assert_int_equal(wc_cksum_sum(buf, n), wc_cksum_ref_sum(buf, n));
	assert_int_equal(wc_cksum_sum_scalar(buf + 1, n - 1), wc_cksum_ref_sum(buf + 1, n - 1));
	assert_int_equal(wc_cksum_sum_avx2(buf + 1, n - 1), wc_cksum_ref_sum(buf + 1, n - 1));
	free(buf);
}

static void cksum_add_swaps_sum_that_starts_at_odd_offset(void **state)
{
	const uint8_t b[5] = { 0x01, 0x02, 0x03, 0x04, 0x05 };

	(void)state;
	/* [01 02 03] + [04 05]: the second part starts at odd offset 3. */
	assert_int_equal(wc_cksum_add(wc_cksum_sum(b, 3), wc_cksum_sum(b + 3, 2), 1),
			 wc_cksum_sum(b, 5));
	/* [01 02] + [03 04 05]: even offset, no swap. */
	assert_int_equal(wc_cksum_add(wc_cksum_sum(b, 2), wc_cksum_sum(b + 2, 3), 0),
			 wc_cksum_sum(b, 5));
	assert_int_equal(wc_cksum_add(0xFFFF, 0x0001, 0), 0x0001);
	assert_int_equal(wc_cksum_add(0, 0, 1), 0);
}

static void cksum_sumv_equals_flat_sum_for_odd_splits(void **state)
{
	uint8_t buf[1500];
	static const size_t cuts[][4] = {
		{ 1, 1, 1, 1 }, { 3, 0, 7, 101 }, { 0, 0, 0, 0 }, { 1499, 1, 0, 0 }, { 13, 200, 77, 5 },
	};

	(void)state;
	fill_lcg(buf, sizeof buf, 11);
	for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
		wc_view v[5];
		size_t at = 0;
		uint16_t ref = 0;

		for (size_t i = 0; i < 4; i++) {
			v[i] = wc_view_ro(buf + at, cuts[c][i]);
			at += cuts[c][i];
		}
		v[4] = wc_view_ro(buf + at, sizeof buf - at);
		assert_int_equal(wc_cksum_ref_sumv(v, 5, &ref), WC_OK);
		assert_int_equal(ref, wc_cksum_ref_sum(buf, sizeof buf));
		assert_int_equal(wc_cksum_sumv(v, 5), ref);
	}
	assert_int_equal(wc_cksum_sumv(NULL, 0), 0);
}

static void cksum_update16_matches_recomputation_on_captured_ttl_decrement(void **state)
{
	size_t len;
	uint16_t ip_ck, tcp_ck, want;
	uint8_t *p = v4_packet(1, &len, &ip_ck, &tcp_ck);
	uint16_t old_w = wc_load_be16(p + 8); /* TTL, protocol */
	uint16_t new_w = (uint16_t)(old_w - 0x0100);

	(void)state;
	wc_store_be16(p + 10, 0);
	assert_int_equal(wc_cksum_ref_update(p, 20, 8, (uint8_t[]){ (uint8_t)(new_w >> 8), (uint8_t)new_w },
					     2, &want),
			 WC_OK);
	assert_int_equal(wc_cksum_update16(ip_ck, old_w, new_w), want);
	free(p);
}

static void cksum_update32_matches_recomputation_on_captured_tcp_seq_change(void **state)
{
	size_t len;
	uint16_t ip_ck, tcp_ck, want;
	uint8_t *p = v4_packet(2, &len, &ip_ck, &tcp_ck);
	uint8_t *seg = p + 20;
	size_t seglen = len - 20;
	uint32_t old_seq = wc_load_be32(seg + 4), new_seq = old_seq + 0x10000005u;
	uint16_t ph = wc_cksum_pseudo4(p + 12, p + 16, 6, (uint16_t)seglen);

	(void)state;
	wc_store_be16(seg + 16, 0);
	wc_store_be32(seg + 4, new_seq);
	want = wc_cksum_finish(wc_cksum_add(ph, wc_cksum_ref_sum(seg, seglen), 0));
	assert_int_equal(wc_cksum_update32(tcp_ck, old_seq, new_seq), want);

	/* A 32-bit address change (the source address is in the pseudo-header). */
	{
		uint32_t old_src = wc_load_be32(p + 12), new_src = 0xC6336407u; /* 198.51.100.7 */
		uint16_t hc = want;
		wc_store_be32(p + 12, new_src);
		ph = wc_cksum_pseudo4(p + 12, p + 16, 6, (uint16_t)seglen);
		want = wc_cksum_finish(wc_cksum_add(ph, wc_cksum_ref_sum(seg, seglen), 0));
		assert_int_equal(wc_cksum_update32(hc, old_src, new_src), want);
	}
	free(p);
}

/*
 * RFC 1624 sec. 3-4: when the updated checksum must be 0x0000 (the data
 * sums to -0), eqn. 2 (HC' = HC - ~m - m') yields 0xFFFF; eqn. 3 must give
 * 0x0000 like a full recomputation.
 */
static void cksum_update16_gives_0x0000_where_recomputation_does(void **state)
{
	/* Two words: 0xCD7A and a field; field 0x3285 makes the sum 0xFFFF. */
	uint8_t d[4] = { 0xCD, 0x7A, 0x55, 0x55 };
	uint16_t hc = wc_cksum(d, 4), want;

	(void)state;
	assert_int_equal(wc_cksum_ref_update(d, 4, 2, (uint8_t[]){ 0x32, 0x85 }, 2, &want), WC_OK);
	assert_int_equal(want, 0x0000);
	assert_int_equal(wc_cksum_update16(hc, 0x5555, 0x3285), 0x0000);
}

/* Starting from a header whose checksum field is 0x0000 (sum -0). */
static void cksum_update16_from_checksum_0x0000_matches_recomputation(void **state)
{
	uint8_t d[4] = { 0xCD, 0x7A, 0x32, 0x85 };
	uint16_t want;

	(void)state;
	assert_int_equal(wc_cksum(d, 4), 0x0000);
	assert_int_equal(wc_cksum_ref_update(d, 4, 2, (uint8_t[]){ 0x12, 0x34 }, 2, &want), WC_OK);
	assert_int_equal(wc_cksum_update16(0x0000, 0x3285, 0x1234), want);
	/* Changing the field to its own value keeps 0x0000. */
	assert_int_equal(wc_cksum_update16(0x0000, 0x3285, 0x3285), 0x0000);
}

/* Starting from all-zero data, whose checksum is 0xFFFF. */
static void cksum_update16_from_checksum_0xffff_matches_recomputation(void **state)
{
	uint8_t d[4] = { 0, 0, 0, 0 };
	uint16_t want;

	(void)state;
	assert_int_equal(wc_cksum(d, 4), 0xFFFF);
	assert_int_equal(wc_cksum_ref_update(d, 4, 2, (uint8_t[]){ 0xAB, 0xCD }, 2, &want), WC_OK);
	assert_int_equal(wc_cksum_update16(0xFFFF, 0x0000, 0xABCD), want);
	assert_int_equal(wc_cksum_update16(0xFFFF, 0x0000, 0xFFFF), 0x0000);
}

/* The one documented difference: new data all zero. */
static void cksum_update16_to_all_zero_data_gives_0x0000_not_0xffff(void **state)
{
	uint8_t d[4] = { 0x00, 0x00, 0x12, 0x34 };
	uint16_t want;

	(void)state;
	assert_int_equal(wc_cksum_ref_update(d, 4, 2, (uint8_t[]){ 0, 0 }, 2, &want), WC_OK);
	assert_int_equal(want, 0xFFFF);
	assert_int_equal(wc_cksum_update16(wc_cksum(d, 4), 0x1234, 0x0000), 0x0000);
}

/* Exhaustive over the new value for a few contexts, including ones that
 * sum to -0. */
static void cksum_update16_equals_recomputation_for_every_new_value(void **state)
{
	static const uint16_t ctx[] = { 0x0000, 0x0001, 0x4500, 0xCD7A, 0xFFFE, 0xFFFF };
	static const uint16_t olds[] = { 0x0000, 0x0001, 0x8000, 0xFFFF };

	(void)state;
	for (size_t c = 0; c < sizeof ctx / sizeof ctx[0]; c++) {
		for (size_t o = 0; o < sizeof olds / sizeof olds[0]; o++) {
			uint8_t d[4];
			uint16_t hc;

			wc_store_be16(d, ctx[c]);
			wc_store_be16(d + 2, olds[o]);
			hc = wc_cksum_ref(d, 4);
			for (uint32_t m = 0; m <= 0xFFFF; m++) {
				uint16_t want, got = wc_cksum_update16(hc, olds[o], (uint16_t)m);
				wc_store_be16(d + 2, (uint16_t)m);
				want = wc_cksum_ref(d, 4);
				wc_store_be16(d + 2, olds[o]);
				if (ctx[c] == 0 && m == 0)
					assert_int_equal(got, 0x0000); /* documented exception */
				else if (got != want)
					fail_msg("ctx 0x%04x old 0x%04x new 0x%04x: 0x%04x vs 0x%04x",
						 ctx[c], olds[o], m, got, want);
			}
		}
	}
}

static void cksum_pseudo_headers_match_reference_layout(void **state)
{
	const uint8_t s4[4] = { 192, 0, 2, 1 }, d4[4] = { 192, 0, 2, 2 };
	uint8_t s6[16], d6[16];

	(void)state;
	/* 0xc000 + 0x0201 + 0xc000 + 0x0202 + 0x0006 + 0x0028 = 0x18431,
	 * folded: 0x8431 + 1. */
	assert_int_equal(wc_cksum_pseudo4(s4, d4, 6, 40), 0x8432);
	assert_int_equal(wc_cksum_ref_pseudo4(s4, d4, 6, 40), 0x8432);
	fill_lcg(s6, 16, 1);
	fill_lcg(d6, 16, 2);
	for (uint32_t len = 0; len < 0x30000; len += 0x1111)
		assert_int_equal(wc_cksum_pseudo6(s6, d6, 17, len), wc_cksum_ref_pseudo6(s6, d6, 17, len));
	assert_int_equal(wc_cksum_pseudo6(s6, d6, 58, 0xFFFFFFFFu),
			 wc_cksum_ref_pseudo6(s6, d6, 58, 0xFFFFFFFFu));
}

static void cksum_ref_update_rejects_field_past_end(void **state)
{
	uint8_t d[4] = { 0 };
	uint16_t out = 0x5A5A;

	(void)state;
	assert_int_equal(wc_cksum_ref_update(d, 4, 3, d, 2, &out), WC_EBOUNDS);
	assert_int_equal(wc_cksum_ref_update(d, 4, SIZE_MAX, d, 2, &out), WC_EBOUNDS);
	assert_int_equal(out, 0x5A5A);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cksum_matches_ipv4_header_from_capture),
		cmocka_unit_test(cksum_matches_tcp_segment_from_capture_with_pseudo4),
		cmocka_unit_test(cksum_matches_tcp_over_ipv6_from_capture_with_pseudo6),
		cmocka_unit_test(cksum_pads_odd_trailing_byte_with_zero),
		cmocka_unit_test(cksum_matches_rfc1071_section3_example),
		cmocka_unit_test(cksum_of_no_bytes_or_zero_bytes_is_zero_sum),
		cmocka_unit_test(cksum_paths_agree_with_reference_at_every_length_and_alignment),
		cmocka_unit_test(cksum_avx2_path_is_used_and_matches_on_this_cpu),
		cmocka_unit_test(cksum_long_buffers_keep_every_carry),
		cmocka_unit_test(cksum_add_swaps_sum_that_starts_at_odd_offset),
		cmocka_unit_test(cksum_sumv_equals_flat_sum_for_odd_splits),
		cmocka_unit_test(cksum_update16_matches_recomputation_on_captured_ttl_decrement),
		cmocka_unit_test(cksum_update32_matches_recomputation_on_captured_tcp_seq_change),
		cmocka_unit_test(cksum_update16_gives_0x0000_where_recomputation_does),
		cmocka_unit_test(cksum_update16_from_checksum_0x0000_matches_recomputation),
		cmocka_unit_test(cksum_update16_from_checksum_0xffff_matches_recomputation),
		cmocka_unit_test(cksum_update16_to_all_zero_data_gives_0x0000_not_0xffff),
		cmocka_unit_test(cksum_update16_equals_recomputation_for_every_new_value),
		cmocka_unit_test(cksum_pseudo_headers_match_reference_layout),
		cmocka_unit_test(cksum_ref_update_rejects_field_past_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
