/* Unit tests for the TCP parser/emitter and option walker (lib/wire_tcp.c,
 * lib/wire_tcpopt.c). Captured vectors: wire_vectors.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wire_vectors.h"
#include "wirecheck/wire_tcp.h"

static const uint8_t a4[4] = { 192, 0, 2, 1 }, b4[4] = { 192, 0, 2, 2 };
static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t b6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

/* The TCP segment inside a captured frame (Ethernet 14 + IP header). */
static wc_view seg4(const uint8_t *f, size_t n) { return wc_view_ro(f + 14 + 20, n - 34); }
static wc_view seg6(const uint8_t *f, size_t n) { return wc_view_ro(f + 14 + 40, n - 54); }

/* A 20-byte header with data offset doff (words) followed by opts. */
static size_t mkseg(uint8_t *b, unsigned doff, const uint8_t *opts, size_t olen)
{
	static const uint8_t hdr[20] = { 0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
					 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0 };
	memcpy(b, hdr, 20);
	b[12] = (uint8_t)(doff << 4);
	if (olen)
		memcpy(b + 20, opts, olen);
	return 20 + olen;
}

static int parse_opts(const uint8_t *opts, size_t olen, wc_tcp *t)
{
	uint8_t b[60];
	size_t n = mkseg(b, (unsigned)((20 + olen + 3) / 4), opts, olen);
	return wc_tcp_parse(wc_view_ro(b, n), t);
}

static void tcp_parse_decodes_linux_syn_options_in_wire_order(void **state)
{
	wc_tcp t;

	(void)state;
	assert_int_equal(wc_tcp_parse(seg4(cap_tcp4_syn, sizeof cap_tcp4_syn), &t), WC_OK);
	assert_int_equal(t.dport, 7777);
	assert_int_equal(t.flags, WC_TCP_SYN);
	assert_int_equal(t.wnd, 64240);
	assert_int_equal(t.ack, 0);
	/* Linux SYN: MSS, SACK-permitted, timestamps, NOP, window scale. */
	assert_int_equal(t.n_opts, 5);
	assert_int_equal(t.opts[0].kind, WC_TCPOPT_MSS);
	assert_int_equal(t.opts[0].u.mss, 1460);
	assert_int_equal(t.opts[1].kind, WC_TCPOPT_SACK_PERM);
	assert_int_equal(t.opts[2].kind, WC_TCPOPT_TS);
	assert_int_equal(t.opts[2].u.ts.ecr, 0);
	assert_int_equal(t.opts[3].kind, WC_TCPOPT_NOP);
	assert_int_equal(t.opts[4].kind, WC_TCPOPT_WS);
	assert_int_equal(t.opts[4].u.ws, 10);
	assert_int_equal(t.pad_len, 0);
	assert_int_equal(wc_tcp_hdr_len(&t), 40);
	assert_int_equal(t.payload.len, 0);
	assert_ptr_equal(wc_tcp_find_opt(&t, WC_TCPOPT_WS), &t.opts[4]);
	assert_null(wc_tcp_find_opt(&t, WC_TCPOPT_SACK));
}

static void tcp_parse_splits_linux_data_segment_payload(void **state)
{
	wc_tcp t;

	(void)state;
	assert_int_equal(wc_tcp_parse(seg4(cap_tcp4_psh_data, sizeof cap_tcp4_psh_data), &t), WC_OK);
	assert_int_equal(t.flags, WC_TCP_PSH | WC_TCP_ACK);
	assert_int_equal(t.payload.len, 15);
	assert_memory_equal(t.payload.p, "hello wirecheck", 15);
	assert_int_equal(t.n_opts, 3); /* NOP NOP TS */
}

static void tcp_cksum4_matches_linux_capture(void **state)
{
	wc_view s = seg4(cap_tcp4_syn, sizeof cap_tcp4_syn);

	(void)state;
	assert_int_equal(wc_tcp_check_cksum4(a4, b4, s), WC_OK);
	assert_int_equal(wc_tcp_cksum4(a4, b4, s), wc_load_be16(s.p + 16));
	/* A different pseudo-header (other destination) no longer verifies. */
	assert_int_equal(wc_tcp_check_cksum4(a4, (const uint8_t[]){ 192, 0, 2, 3 }, s), WC_ECKSUM);
	s = seg4(cap_tcp4_synack, sizeof cap_tcp4_synack);
	assert_int_equal(wc_tcp_check_cksum4(b4, a4, s), WC_OK);
	s = seg4(cap_tcp4_psh_data, sizeof cap_tcp4_psh_data);
	assert_int_equal(wc_tcp_check_cksum4(a4, b4, s), WC_OK);
}

static void tcp_cksum6_matches_linux_capture(void **state)
{
	wc_view s = seg6(cap_tcp6_syn, sizeof cap_tcp6_syn);
	uint8_t c[128];

	(void)state;
	assert_int_equal(wc_tcp_check_cksum6(a6, b6, s), WC_OK);
	assert_int_equal(wc_tcp_cksum6(a6, b6, s), wc_load_be16(s.p + 16));
	s = seg6(cap_tcp6_psh_data, sizeof cap_tcp6_psh_data);
	assert_int_equal(wc_tcp_check_cksum6(a6, b6, s), WC_OK);
	memcpy(c, s.p, s.len);
	c[s.len - 1] ^= 0x01; /* one payload bit */
	assert_int_equal(wc_tcp_check_cksum6(a6, b6, wc_view_ro(c, s.len)), WC_ECKSUM);
}

static void tcp_emit_reproduces_linux_segments_byte_for_byte(void **state)
{
	const struct { const uint8_t *f; size_t n; int v6; } v[] = {
		{ cap_tcp4_syn, sizeof cap_tcp4_syn, 0 }, { cap_tcp4_synack, sizeof cap_tcp4_synack, 0 },
		{ cap_tcp4_psh_data, sizeof cap_tcp4_psh_data, 0 }, { cap_tcp6_syn, sizeof cap_tcp6_syn, 1 },
		{ cap_tcp6_psh_data, sizeof cap_tcp6_psh_data, 1 },
	};
	uint8_t out[256];

	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		wc_view s = v[i].v6 ? seg6(v[i].f, v[i].n) : seg4(v[i].f, v[i].n);
		wc_tcp t;
		size_t n = 0;
		assert_int_equal(wc_tcp_parse(s, &t), WC_OK);
		assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, sizeof out), &n), WC_OK);
		assert_int_equal(n, s.len);
		assert_memory_equal(out, s.p, n);
	}
}

static void tcp_emit_fills_the_checksum_linux_computed(void **state)
{
	wc_view s = seg4(cap_tcp4_psh_data, sizeof cap_tcp4_psh_data);
	wc_pseudo ph = wc_pseudo4(a4, b4);
	uint8_t out[128];
	wc_tcp t;
	size_t n = 0;

	(void)state;
	assert_int_equal(wc_tcp_parse(s, &t), WC_OK);
	t.cksum = 0x1234;
	assert_int_equal(wc_tcp_emit(&t, &ph, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_memory_equal(out, s.p, s.len);
}

static void tcp_parse_rejects_offset_below_5(void **state)
{
	uint8_t b[40];
	wc_tcp t;

	(void)state;
	for (unsigned d = 0; d < 5; d++) {
		mkseg(b, d, NULL, 0);
		assert_int_equal(wc_tcp_parse(wc_view_ro(b, 40), &t), WC_ETCP_OFFSET);
	}
}

static void tcp_parse_rejects_offset_beyond_segment(void **state)
{
	uint8_t b[24];
	wc_tcp t;

	(void)state;
	mkseg(b, 6, (const uint8_t[]){ 1, 1, 1, 1 }, 4);
	assert_int_equal(wc_tcp_parse(wc_view_ro(b, 24), &t), WC_OK);
	assert_int_equal(wc_tcp_parse(wc_view_ro(b, 23), &t), WC_ETCP_HDRLEN);
	b[12] = 0xf0;
	assert_int_equal(wc_tcp_parse(wc_view_ro(b, 24), &t), WC_ETCP_HDRLEN);
}

static void tcp_parse_rejects_19_bytes(void **state)
{
	uint8_t b[20];
	wc_tcp t;

	(void)state;
	mkseg(b, 5, NULL, 0);
	assert_int_equal(wc_tcp_parse(wc_view_ro(b, 19), &t), WC_ETRUNC);
	assert_int_equal(wc_tcp_parse(wc_view_ro(NULL, 0), &t), WC_ETRUNC);
}

static void tcp_option_len_0_is_error(void **state)
{
	wc_tcp t;
	(void)state;
	assert_int_equal(parse_opts((const uint8_t[]){ 1, 99, 0, 0 }, 4, &t), WC_ETCP_OPTLEN);
}

static void tcp_option_len_1_is_error(void **state)
{
	wc_tcp t;
	(void)state;
	assert_int_equal(parse_opts((const uint8_t[]){ 99, 1, 0, 0 }, 4, &t), WC_ETCP_OPTLEN);
	assert_int_equal(parse_opts((const uint8_t[]){ 2, 1, 0, 0 }, 4, &t), WC_ETCP_OPTLEN);
}

static void tcp_option_len_past_end_is_error(void **state)
{
	wc_tcp t;
	(void)state;
	/* MSS announcing 4 bytes with 3 left before the data offset. */
	assert_int_equal(parse_opts((const uint8_t[]){ 1, 2, 4, 5 }, 4, &t), WC_ETCP_OPTLEN);
	/* Timestamps cut by the data offset. */
	assert_int_equal(parse_opts((const uint8_t[]){ 1, 1, 8, 10, 0, 0, 0, 1 }, 8, &t), WC_ETCP_OPTLEN);
}

static void tcp_option_kind_without_length_byte_is_error(void **state)
{
	wc_tcp t;
	(void)state;
	assert_int_equal(parse_opts((const uint8_t[]){ 1, 1, 1, 2 }, 4, &t), WC_ETCP_OPTLEN);
}

static void tcp_option_length_wrong_for_kind_is_error(void **state)
{
	wc_tcp t;
	(void)state;
	assert_int_equal(parse_opts((const uint8_t[]){ 2, 3, 5, 1 }, 4, &t), WC_ETCP_OPTSIZE);    /* MSS 3 */
	assert_int_equal(parse_opts((const uint8_t[]){ 3, 4, 7, 0 }, 4, &t), WC_ETCP_OPTSIZE);    /* WS 4 */
	assert_int_equal(parse_opts((const uint8_t[]){ 4, 3, 0, 1 }, 4, &t), WC_ETCP_OPTSIZE);    /* SACK-perm 3 */
	assert_int_equal(parse_opts((const uint8_t[]){ 8, 8, 0, 0, 0, 0, 0, 0 }, 8, &t), WC_ETCP_OPTSIZE);
	/* SACK must be 2 + 8n, n = 1..4. */
	assert_int_equal(parse_opts((const uint8_t[]){ 5, 6, 0, 0, 0, 0, 1, 1 }, 8, &t), WC_ETCP_OPTSIZE);
	assert_int_equal(parse_opts((const uint8_t[]){ 5, 2, 1, 1 }, 4, &t), WC_ETCP_OPTSIZE);
}

static void tcp_sack_blocks_1_to_4_decode(void **state)
{
	uint8_t o[40] = { 1, 1, 5, 34 };
	wc_tcp t;

	(void)state;
	for (int i = 0; i < 8; i++)
		wc_store_be32(o + 4 + 4 * i, (uint32_t)(1000 * (i + 1)));
	o[36] = 1; o[37] = 1; o[38] = 1; o[39] = 1;
	assert_int_equal(parse_opts(o, 40, &t), WC_OK);
	assert_int_equal(t.opts[2].kind, WC_TCPOPT_SACK);
	assert_int_equal(t.opts[2].u.sack.n, 4);
	assert_int_equal(t.opts[2].u.sack.b[0].left, 1000);
	assert_int_equal(t.opts[2].u.sack.b[3].right, 8000);
	o[3] = 10;
	memset(o + 12, 1, 28); /* one block, then NOPs */
	assert_int_equal(parse_opts(o, 40, &t), WC_OK);
	assert_int_equal(t.opts[2].u.sack.n, 1);
	assert_int_equal(t.n_opts, 3 + 28);
}

static void tcp_unknown_kind_is_kept_raw_and_reemitted(void **state)
{
	const uint8_t o[20] = { 19, 18, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 1, 1 };
	uint8_t b[60], out[60];
	wc_tcp t;
	size_t n = mkseg(b, 10, o, 20), w = 0;

	(void)state;
	assert_int_equal(wc_tcp_parse(wc_view_ro(b, n), &t), WC_OK);
	assert_int_equal(t.opts[0].kind, 19);
	assert_int_equal(t.opts[0].len, 18);
	assert_memory_equal(t.opts[0].u.raw, o + 2, 16);
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, sizeof out), &w), WC_OK);
	assert_int_equal(w, n);
	assert_memory_equal(out, b, n);
}

static void tcp_eol_padding_roundtrips_byte_exact(void **state)
{
	/* MSS, EOL, then non-zero junk up to the data offset: kept as padding. */
	const uint8_t o[8] = { 2, 4, 5, 0xb4, 0, 0xde, 0xad, 0x99 };
	uint8_t b[28], out[28];
	wc_tcp t;
	size_t n = mkseg(b, 7, o, 8), w = 0;

	(void)state;
	assert_int_equal(wc_tcp_parse(wc_view_ro(b, n), &t), WC_OK);
	assert_int_equal(t.n_opts, 2);
	assert_int_equal(t.opts[1].kind, WC_TCPOPT_EOL);
	assert_int_equal(t.pad_len, 3);
	assert_memory_equal(t.pad, o + 5, 3);
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, sizeof out), &w), WC_OK);
	assert_memory_equal(out, b, n);
}

static void tcp_bytes_after_eol_are_not_walked(void **state)
{
	/* After EOL a "length 0" option would be an error; here it is padding. */
	wc_tcp t;
	(void)state;
	assert_int_equal(parse_opts((const uint8_t[]){ 0, 2, 0, 0 }, 4, &t), WC_OK);
	assert_int_equal(t.pad_len, 3);
}

static void tcp_flags_keep_ae_and_reserved_bits(void **state)
{
	uint8_t b[20];
	wc_tcp t;

	(void)state;
	mkseg(b, 5, NULL, 0);
	b[12] = 0x5f; /* reserved bits and AE all set */
	b[13] = 0xff;
	assert_int_equal(wc_tcp_parse(wc_view_ro(b, 20), &t), WC_OK);
	assert_int_equal(t.flags, 0xfff);
	assert_true(t.flags & WC_TCP_AE);
}

static void tcp_parse_writes_nothing_on_error(void **state)
{
	uint8_t b[24];
	wc_tcp t;

	(void)state;
	memset(&t, 0xa5, sizeof t);
	mkseg(b, 6, (const uint8_t[]){ 2, 4, 5, 0 }, 4);
	b[21] = 9; /* MSS length 9: past the end */
	assert_int_equal(wc_tcp_parse(wc_view_ro(b, 24), &t), WC_ETCP_OPTLEN);
	assert_int_equal(t.sport, 0xa5a5);
	assert_int_equal(t.n_opts, 0xa5);
}

static void tcp_emit_rejects_inconsistent_options(void **state)
{
	uint8_t out[80];
	wc_tcp t;
	size_t n = 0;

	(void)state;
	assert_int_equal(wc_tcp_parse(seg4(cap_tcp4_syn, sizeof cap_tcp4_syn), &t), WC_OK);
	t.n_opts = 4; /* drop the WS option: 17 bytes, not a multiple of 4 */
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, sizeof out), &n), WC_EINVAL);
	t.n_opts = 5;
	t.opts[0].len = 5; /* MSS with length 5 */
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, sizeof out), &n), WC_EINVAL);
	t.opts[0].len = 4;
	t.opts[3].kind = WC_TCPOPT_EOL; /* EOL before WS */
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, sizeof out), &n), WC_EINVAL);
	t.opts[3].kind = WC_TCPOPT_NOP;
	t.pad_len = 4; /* padding with no EOL */
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, sizeof out), &n), WC_EINVAL);
	t.pad_len = 0;
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, 39), &n), WC_ENOSPC);
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_ro(out, sizeof out), &n), WC_ERDONLY);
	assert_int_equal(n, 0);
	assert_int_equal(wc_tcp_emit(&t, NULL, wc_view_rw(out, sizeof out), &n), WC_OK);
	assert_int_equal(n, 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_parse_decodes_linux_syn_options_in_wire_order),
		cmocka_unit_test(tcp_parse_splits_linux_data_segment_payload),
		cmocka_unit_test(tcp_cksum4_matches_linux_capture),
		cmocka_unit_test(tcp_cksum6_matches_linux_capture),
		cmocka_unit_test(tcp_emit_reproduces_linux_segments_byte_for_byte),
		cmocka_unit_test(tcp_emit_fills_the_checksum_linux_computed),
		cmocka_unit_test(tcp_parse_rejects_offset_below_5),
		cmocka_unit_test(tcp_parse_rejects_offset_beyond_segment),
		cmocka_unit_test(tcp_parse_rejects_19_bytes),
		cmocka_unit_test(tcp_option_len_0_is_error),
		cmocka_unit_test(tcp_option_len_1_is_error),
		cmocka_unit_test(tcp_option_len_past_end_is_error),
		cmocka_unit_test(tcp_option_kind_without_length_byte_is_error),
		cmocka_unit_test(tcp_option_length_wrong_for_kind_is_error),
		cmocka_unit_test(tcp_sack_blocks_1_to_4_decode),
		cmocka_unit_test(tcp_unknown_kind_is_kept_raw_and_reemitted),
		cmocka_unit_test(tcp_eol_padding_roundtrips_byte_exact),
		cmocka_unit_test(tcp_bytes_after_eol_are_not_walked),
		cmocka_unit_test(tcp_flags_keep_ae_and_reserved_bits),
		cmocka_unit_test(tcp_parse_writes_nothing_on_error),
		cmocka_unit_test(tcp_emit_rejects_inconsistent_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
