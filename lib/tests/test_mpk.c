/* The multi-packet input codec (include/wirecheck/mpk.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wirecheck/mpk.h"

/* Deterministic pseudo-random bytes (xorshift32) for property loops. */
static uint32_t rng_next(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

/* Collected frames of one decode. */
struct frames {
	size_t n;
	size_t off[2100];   /* offset of the frame bytes in the input */
	size_t len[2100];
	uint32_t delay[2100];
};

static int decode_all(const uint8_t *buf, size_t len, unsigned mode, struct frames *fr)
{
	wc_mpk_iter it;
	wc_mpk_frame f;
	int rc;

	fr->n = 0;
	wc_mpk_iter_init(&it, buf, len, mode);
	while ((rc = wc_mpk_next(&it, &f)) == 1) {
		assert_true(fr->n < 2100);
		assert_true(f.len >= 1 && f.len <= WC_MPK_MAX_FRAME);
		assert_true(f.data >= buf && (size_t)(f.data - buf) + f.len <= len);
		fr->off[fr->n] = (size_t)(f.data - buf);
		fr->len[fr->n] = f.len;
		fr->delay[fr->n] = f.delay_ms;
		fr->n++;
	}
	return rc;
}

/*
 * The frames lwIP 2.1.3's multi-packet fuzz harness hands to its netif, as
 * that harness's documented behaviour: while more than two bytes remain,
 * take a big-endian word, keep its low 11 bits, lower it to 1514, clip it to
 * what remains; a nonzero result is a frame, which is then skipped over.
 */
static void lwip_frames(const uint8_t *buf, size_t len, struct frames *fr)
{
	size_t pos = 0;

	fr->n = 0;
	while (len - pos > 2) {
		size_t flen = (size_t)(((buf[pos] << 8) | buf[pos + 1]) & 0x7FF);
		pos += 2;
		if (flen > 1514)
			flen = 1514;
		if (flen > len - pos)
			flen = len - pos;
		if (flen) {
			fr->off[fr->n] = pos;
			fr->len[fr->n] = flen;
			fr->delay[fr->n] = 0;
			fr->n++;
		}
		pos += flen;
	}
}

static void mpk_decodes_lwip_2_1_3_format(void **state)
{
	(void)state;
	/* Three frames of 3, 1 and 2 bytes, as lwIP's harness reads them. */
	static const uint8_t in[] = {0x00, 0x03, 'a', 'b', 'c', 0x00, 0x01, 'd', 0x00, 0x02, 'e', 'f'};
	wc_mpk_iter it;
	wc_mpk_frame f;

	wc_mpk_iter_init(&it, in, sizeof in, WC_MPK_LENIENT);
	assert_int_equal(wc_mpk_next(&it, &f), 1);
	assert_int_equal(f.len, 3);
	assert_memory_equal(f.data, "abc", 3);
	assert_int_equal(f.delay_ms, 0);
	assert_int_equal(f.offset, 0);
	assert_int_equal(wc_mpk_next(&it, &f), 1);
	assert_int_equal(f.len, 1);
	assert_memory_equal(f.data, "d", 1);
	assert_int_equal(f.offset, 5);
	assert_int_equal(wc_mpk_next(&it, &f), 1);
	assert_int_equal(f.len, 2);
	assert_memory_equal(f.data, "ef", 2);
	assert_int_equal(f.delay_ms, 0);
	assert_int_equal(wc_mpk_next(&it, &f), 0);
	assert_int_equal(wc_mpk_next(&it, &f), 0);
	/* The same bytes are canonical: strict mode agrees. */
	assert_int_equal(wc_mpk_count(in, sizeof in, WC_MPK_STRICT, NULL), 3);
}

static void mpk_lenient_masks_length_to_11_bits_like_lwip(void **state)
{
	(void)state;
	/* 0xF802: lwIP keeps 0x002. */
	static const uint8_t in[] = {0xF8, 0x02, 'x', 'y', 0x00};
	struct frames fr;

	assert_int_equal(decode_all(in, sizeof in, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.len[0], 2);
	assert_int_equal(fr.off[0], 2);
}

static void mpk_lenient_lowers_length_to_1514_and_reads_on(void **state)
{
	(void)state;
	/* 0x07FF = 2047 -> 1514 bytes, then the bytes after them are a new word. */
	static uint8_t in[2 + 1514 + 2 + 5];
	struct frames fr;

	memset(in, 0xAA, sizeof in);
	in[0] = 0x07;
	in[1] = 0xFF;
	in[2 + 1514] = 0x00;
	in[2 + 1514 + 1] = 0x05;
	assert_int_equal(decode_all(in, sizeof in, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.n, 2);
	assert_int_equal(fr.len[0], 1514);
	assert_int_equal(fr.len[1], 5);
	assert_int_equal(fr.off[1], 2 + 1514 + 2);
}

static void mpk_lenient_clips_frame_to_remaining_bytes(void **state)
{
	(void)state;
	static const uint8_t in[] = {0x01, 0x00, 1, 2, 3};
	struct frames fr;

	assert_int_equal(decode_all(in, sizeof in, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.len[0], 3);
}

static void mpk_lenient_ignores_two_trailing_bytes(void **state)
{
	(void)state;
	static const uint8_t in[] = {0x00, 0x01, 'a', 0x00, 0x05};
	struct frames fr;

	assert_int_equal(decode_all(in, sizeof in, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.n, 1);
	assert_int_equal(decode_all(in, 2, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.n, 0);
	assert_int_equal(decode_all(NULL, 0, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.n, 0);
}

static void mpk_delay_words_are_base32_digits_before_a_frame(void **state)
{
	(void)state;
	/* 1000 ms = 31 * 32 + 8: F8 00, 40 00; then a 1-byte frame. */
	static const uint8_t in[] = {0xF8, 0x00, 0x40, 0x00, 0x00, 0x01, 'z', 0x00, 0x01, 'w'};
	wc_mpk_iter it;
	wc_mpk_frame f;

	for (unsigned mode = 0; mode < 2; mode++) {
		wc_mpk_iter_init(&it, in, sizeof in, mode);
		assert_int_equal(wc_mpk_next(&it, &f), 1);
		assert_int_equal(f.delay_ms, 1000);
		assert_int_equal(f.len, 1);
		assert_int_equal(f.offset, 0);
		assert_int_equal(wc_mpk_next(&it, &f), 1);
		assert_int_equal(f.delay_ms, 0);
		assert_int_equal(f.offset, 7);
		assert_int_equal(wc_mpk_next(&it, &f), 0);
	}
}

static void mpk_lenient_matches_lwip_frames_on_random_inputs(void **state)
{
	(void)state;
	uint32_t s = 0x12345678;
	static uint8_t buf[3000];
	struct frames a, b;

	for (int iter = 0; iter < 3000; iter++) {
		size_t len = rng_next(&s) % sizeof buf;
		for (size_t i = 0; i < len; i++) {
			uint32_t r = rng_next(&s);
			/* Bias towards small lengths so many frames appear. */
			buf[i] = (uint8_t)((r & 0x300) ? (r & 0x07) : r);
		}
		assert_int_equal(decode_all(buf, len, WC_MPK_LENIENT, &a), 0);
		lwip_frames(buf, len, &b);
		assert_int_equal(a.n, b.n);
		for (size_t i = 0; i < a.n; i++) {
			assert_int_equal(a.off[i], b.off[i]);
			assert_int_equal(a.len[i], b.len[i]);
		}
	}
}

static void mpk_rejects_truncated_record_in_strict_mode(void **state)
{
	(void)state;
	/* Second record announces 4 bytes, 2 present; it starts at offset 3. */
	static const uint8_t in[] = {0x00, 0x01, 'a', 0x00, 0x04, 'b', 'c'};
	wc_mpk_iter it;
	wc_mpk_frame f;

	wc_mpk_iter_init(&it, in, sizeof in, WC_MPK_STRICT);
	assert_int_equal(wc_mpk_next(&it, &f), 1);
	f.len = 99;
	assert_int_equal(wc_mpk_next(&it, &f), WC_EMPK_TRUNC);
	assert_int_equal(f.len, 99); /* untouched */
	assert_int_equal(wc_mpk_iter_error_offset(&it), 3);
	assert_int_equal(wc_mpk_next(&it, &f), WC_EMPK_TRUNC); /* sticky */
	/* Lenient mode clips the same record, as lwIP does. */
	assert_int_equal(wc_mpk_count(in, sizeof in, WC_MPK_LENIENT, NULL), 2);
}

static void mpk_strict_rejects_lone_trailing_byte(void **state)
{
	(void)state;
	static const uint8_t in[] = {0x00, 0x01, 'a', 0x00};
	size_t off = 0;

	assert_int_equal(wc_mpk_count(in, sizeof in, WC_MPK_STRICT, &off), WC_EMPK_TRUNC);
	assert_int_equal(off, 3);
}

static void mpk_strict_rejects_delay_without_frame(void **state)
{
	(void)state;
	static const uint8_t in[] = {0x00, 0x01, 'a', 0x08, 0x00};
	size_t off = 0;

	assert_int_equal(wc_mpk_count(in, sizeof in, WC_MPK_STRICT, &off), WC_EMPK_TRUNC);
	assert_int_equal(off, 3);
	assert_int_equal(wc_mpk_count(in, sizeof in, WC_MPK_LENIENT, NULL), 1);
}

static void mpk_strict_rejects_high_bits_in_frame_word(void **state)
{
	(void)state;
	static const uint8_t in[] = {0x08, 0x01, 'a'};
	size_t off = 99;

	assert_int_equal(wc_mpk_count(in, sizeof in, WC_MPK_STRICT, &off), WC_EMPK_LEN);
	assert_int_equal(off, 0);
}

static void mpk_strict_rejects_frame_above_1514(void **state)
{
	(void)state;
	static uint8_t in[2 + 1515];

	memset(in, 0, sizeof in);
	in[0] = 0x05;
	in[1] = 0xEB; /* 1515 */
	assert_int_equal(wc_mpk_count(in, sizeof in, WC_MPK_STRICT, NULL), WC_EMPK_LEN);
	in[1] = 0xEA; /* 1514 fits, and leaves one byte over */
	assert_int_equal(wc_mpk_count(in, sizeof in - 1, WC_MPK_STRICT, NULL), 1);
}

static void mpk_strict_rejects_noncanonical_delays(void **state)
{
	(void)state;
	/* Leading zero digit. */
	static const uint8_t zero[] = {0x00, 0x00, 0x00, 0x01, 'a'};
	/* 8 digits. */
	static const uint8_t many[] = {0x08, 0, 0x08, 0, 0x08, 0, 0x08, 0, 0x08, 0, 0x08, 0, 0x08, 0, 0x08, 0, 0x00, 0x01, 'a'};
	/* 7 digits, first 4: 4 * 32^6 = 2^32, above UINT32_MAX. */
	static const uint8_t big[] = {0x20, 0, 0x00, 0, 0x00, 0, 0x00, 0, 0x00, 0, 0x00, 0, 0x00, 0, 0x00, 0x01, 'a'};
	size_t off = 99;
	struct frames fr;

	assert_int_equal(wc_mpk_count(zero, sizeof zero, WC_MPK_STRICT, &off), WC_EMPK_DELAY);
	assert_int_equal(off, 0);
	assert_int_equal(wc_mpk_count(many, sizeof many, WC_MPK_STRICT, NULL), WC_EMPK_DELAY);
	assert_int_equal(wc_mpk_count(big, sizeof big, WC_MPK_STRICT, NULL), WC_EMPK_DELAY);
	/* Lenient: the zero digit is harmless, the big delay saturates. */
	assert_int_equal(decode_all(zero, sizeof zero, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.delay[0], 0);
	assert_int_equal(decode_all(big, sizeof big, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.delay[0], UINT32_MAX);
	assert_int_equal(decode_all(many, sizeof many, WC_MPK_LENIENT, &fr), 0);
	assert_int_equal(fr.delay[0], UINT32_MAX);
}

static void mpk_put_writes_lwip_format_when_delay_is_zero(void **state)
{
	(void)state;
	uint8_t out[16];
	size_t used = 0;

	assert_int_equal(wc_mpk_put(out, sizeof out, &used, (const uint8_t *)"abc", 3, 0), WC_OK);
	assert_int_equal(used, 5);
	assert_memory_equal(out, "\x00\x03" "abc", 5);
	assert_int_equal(wc_mpk_record_size(3, 0), 5);
}

static void mpk_put_encodes_1000ms_as_two_digits(void **state)
{
	(void)state;
	uint8_t out[16];
	size_t used = 0;

	assert_int_equal(wc_mpk_put(out, sizeof out, &used, (const uint8_t *)"z", 1, 1000), WC_OK);
	assert_int_equal(used, 7);
	assert_memory_equal(out, "\xF8\x00\x40\x00\x00\x01z", 7);
	assert_int_equal(wc_mpk_record_size(1, 1000), 7);
	assert_int_equal(wc_mpk_record_size(1, UINT32_MAX), 2 * 7 + 2 + 1);
}

static void mpk_put_rejects_empty_and_oversized_frames(void **state)
{
	(void)state;
	static uint8_t frame[1515];
	static uint8_t out[4096];
	size_t used = 0;

	assert_int_equal(wc_mpk_put(out, sizeof out, &used, frame, 0, 0), WC_EMPK_LEN);
	assert_int_equal(wc_mpk_put(out, sizeof out, &used, frame, 1515, 0), WC_EMPK_LEN);
	assert_int_equal(used, 0);
	assert_int_equal(wc_mpk_put(out, sizeof out, &used, frame, 1514, UINT32_MAX), WC_OK);
	assert_int_equal(used, WC_MPK_MAX_RECORD);
}

static void mpk_put_without_room_writes_nothing(void **state)
{
	(void)state;
	uint8_t out[8];
	size_t used = 3;

	memset(out, 0x5A, sizeof out);
	assert_int_equal(wc_mpk_put(out, sizeof out, &used, (const uint8_t *)"abcd", 4, 0), WC_ENOSPC);
	assert_int_equal(used, 3);
	for (size_t i = 0; i < sizeof out; i++)
		assert_int_equal(out[i], 0x5A);
	assert_int_equal(wc_mpk_put(out, sizeof out, &used, (const uint8_t *)"abc", 3, 0), WC_OK);
	assert_int_equal(used, 8);
}

static void mpk_decoder_never_reads_out_of_bounds(void **state)
{
	(void)state;
	uint32_t s = 0xC0FFEE;

	/* Exact-size heap copies: ASan reports any byte read past the end. */
	for (int iter = 0; iter < 2000; iter++) {
		size_t len = rng_next(&s) % 64;
		uint8_t *buf = malloc(len ? len : 1);
		struct frames fr;
		assert_non_null(buf);
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)(rng_next(&s) & ((i & 1) ? 0x0F : 0x81));
		for (size_t cut = 0; cut <= len; cut++) {
			decode_all(buf, cut, WC_MPK_LENIENT, &fr);
			decode_all(buf, cut, WC_MPK_STRICT, &fr);
		}
		free(buf);
	}
}

static void mpk_decode_encode_decode_is_identity(void **state)
{
	(void)state;
	uint32_t s = 0xBADC0DE;
	static uint8_t in[4096], out[8192];
	struct frames a, b;

	for (int iter = 0; iter < 2000; iter++) {
		size_t len = rng_next(&s) % sizeof in, used = 0;
		for (size_t i = 0; i < len; i++) {
			uint32_t r = rng_next(&s);
			in[i] = (uint8_t)((r & 0x100) ? (r & 0x03) : (r & 0x8000) ? (r & 0xF8) : r);
		}
		/* Lenient decode of anything, encode, strict decode: same frames. */
		assert_int_equal(decode_all(in, len, WC_MPK_LENIENT, &a), 0);
		for (size_t i = 0; i < a.n; i++)
			assert_int_equal(wc_mpk_put(out, sizeof out, &used, in + a.off[i], a.len[i], a.delay[i]), WC_OK);
		assert_int_equal(decode_all(out, used, WC_MPK_STRICT, &b), 0);
		assert_int_equal(a.n, b.n);
		for (size_t i = 0; i < a.n; i++) {
			assert_int_equal(a.len[i], b.len[i]);
			assert_int_equal(a.delay[i], b.delay[i]);
			assert_memory_equal(in + a.off[i], out + b.off[i], a.len[i]);
		}
		/* Strict-accepted input re-encodes to the same bytes. */
		{
			size_t again = 0;
			static uint8_t out2[8192];
			for (size_t i = 0; i < b.n; i++)
				assert_int_equal(wc_mpk_put(out2, sizeof out2, &again, out + b.off[i], b.len[i], b.delay[i]), WC_OK);
			assert_int_equal(again, used);
			assert_memory_equal(out, out2, used);
		}
	}
}

static void mpk_every_delay_digit_count_roundtrips(void **state)
{
	(void)state;
	static const uint32_t delays[] = {1, 31, 32, 1023, 1024, 32767, 1u << 20, 1u << 25, 1u << 30, UINT32_MAX - 1, UINT32_MAX};
	uint8_t out[64];
	struct frames fr;

	for (size_t i = 0; i < sizeof delays / sizeof delays[0]; i++) {
		size_t used = 0;
		assert_int_equal(wc_mpk_put(out, sizeof out, &used, (const uint8_t *)"q", 1, delays[i]), WC_OK);
		assert_int_equal(used, wc_mpk_record_size(1, delays[i]));
		assert_int_equal(decode_all(out, used, WC_MPK_STRICT, &fr), 0);
		assert_int_equal(fr.n, 1);
		assert_int_equal(fr.delay[0], delays[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mpk_decodes_lwip_2_1_3_format),
		cmocka_unit_test(mpk_lenient_masks_length_to_11_bits_like_lwip),
		cmocka_unit_test(mpk_lenient_lowers_length_to_1514_and_reads_on),
		cmocka_unit_test(mpk_lenient_clips_frame_to_remaining_bytes),
		cmocka_unit_test(mpk_lenient_ignores_two_trailing_bytes),
		cmocka_unit_test(mpk_delay_words_are_base32_digits_before_a_frame),
		cmocka_unit_test(mpk_lenient_matches_lwip_frames_on_random_inputs),
		cmocka_unit_test(mpk_rejects_truncated_record_in_strict_mode),
		cmocka_unit_test(mpk_strict_rejects_lone_trailing_byte),
		cmocka_unit_test(mpk_strict_rejects_delay_without_frame),
		cmocka_unit_test(mpk_strict_rejects_high_bits_in_frame_word),
		cmocka_unit_test(mpk_strict_rejects_frame_above_1514),
		cmocka_unit_test(mpk_strict_rejects_noncanonical_delays),
		cmocka_unit_test(mpk_put_writes_lwip_format_when_delay_is_zero),
		cmocka_unit_test(mpk_put_encodes_1000ms_as_two_digits),
		cmocka_unit_test(mpk_put_rejects_empty_and_oversized_frames),
		cmocka_unit_test(mpk_put_without_room_writes_nothing),
		cmocka_unit_test(mpk_decoder_never_reads_out_of_bounds),
		cmocka_unit_test(mpk_decode_encode_decode_is_identity),
		cmocka_unit_test(mpk_every_delay_digit_count_roundtrips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
