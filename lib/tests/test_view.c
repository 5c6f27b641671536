/* Unit tests for the bounds-checked buffer view (lib/view.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wirecheck/view.h"

static uint8_t bytes8[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };

static void view_sub_rejects_range_past_end(void **state)
{
	wc_view v = wc_view_ro(bytes8, 8), out = wc_view_empty();

	(void)state;
	assert_int_equal(wc_view_sub(v, 4, 5, &out), WC_EBOUNDS);
	assert_int_equal(wc_view_sub(v, 9, 0, &out), WC_EBOUNDS);
	assert_null(out.p); /* untouched on failure */
	assert_int_equal(wc_view_sub(v, 4, 4, &out), WC_OK);
	assert_ptr_equal(out.p, bytes8 + 4);
	assert_int_equal(out.len, 4);
	assert_int_equal(wc_view_sub(v, 8, 0, &out), WC_OK);
	assert_int_equal(out.len, 0);
}

static void view_sub_rejects_offset_and_length_whose_sum_wraps(void **state)
{
	wc_view v = wc_view_ro(bytes8, 8), out = wc_view_empty();

	(void)state;
	assert_int_equal(wc_view_sub(v, 1, SIZE_MAX, &out), WC_EBOUNDS);
	assert_int_equal(wc_view_sub(v, SIZE_MAX, 2, &out), WC_EBOUNDS);
	assert_int_equal(wc_view_sub(v, 4, SIZE_MAX - 2, &out), WC_EBOUNDS);
}

static void view_shift_and_split_reject_more_than_length(void **state)
{
	wc_view v = wc_view_rw(bytes8, 8), h = wc_view_empty(), t = wc_view_empty();

	(void)state;
	assert_int_equal(wc_view_shift(v, 9, &t), WC_EBOUNDS);
	assert_int_equal(wc_view_split(v, 9, &h, &t), WC_EBOUNDS);
	assert_int_equal(wc_view_split(v, SIZE_MAX, &h, &t), WC_EBOUNDS);
	assert_null(h.p);
	assert_null(t.p);
	assert_int_equal(wc_view_shift(v, 3, &t), WC_OK);
	assert_ptr_equal(t.p, bytes8 + 3);
	assert_int_equal(t.len, 5);
}

static void view_split_gives_head_and_tail_and_accepts_null_outputs(void **state)
{
	wc_view v = wc_view_rw(bytes8, 8), h, t;

	(void)state;
	assert_int_equal(wc_view_split(v, 3, &h, &t), WC_OK);
	assert_ptr_equal(h.p, bytes8);
	assert_int_equal(h.len, 3);
	assert_ptr_equal(t.p, bytes8 + 3);
	assert_int_equal(t.len, 5);
	assert_int_equal(wc_view_split(v, 8, NULL, &t), WC_OK);
	assert_int_equal(t.len, 0);
	assert_int_equal(wc_view_split(v, 0, &h, NULL), WC_OK);
	assert_int_equal(h.len, 0);
}

static void view_derived_views_inherit_read_only(void **state)
{
	uint8_t b[4] = { 0 };
	wc_view ro = wc_view_readonly(wc_view_rw(b, 4)), s, h, t;

	(void)state;
	assert_false(wc_view_is_writable(ro));
	assert_int_equal(wc_view_sub(ro, 1, 2, &s), WC_OK);
	assert_false(wc_view_is_writable(s));
	assert_int_equal(wc_view_split(ro, 2, &h, &t), WC_OK);
	assert_false(wc_view_is_writable(h));
	assert_false(wc_view_is_writable(t));
	assert_int_equal(wc_view_set_u8(s, 0, 1), WC_ERDONLY);
	assert_true(wc_view_is_writable(wc_view_rw(b, 4)));
}

static void view_of_null_pointer_is_empty(void **state)
{
	wc_view v = wc_view_ro(NULL, 10), out;
	uint8_t x = 0;

	(void)state;
	assert_int_equal(wc_view_len(v), 0);
	assert_int_equal(wc_view_len(wc_view_rw(NULL, 3)), 0);
	assert_int_equal(wc_view_get_u8(v, 0, &x), WC_EBOUNDS);
	assert_int_equal(wc_view_sub(v, 0, 0, &out), WC_OK);
	assert_int_equal(wc_view_len(wc_view_empty()), 0);
	assert_false(wc_view_is_writable(wc_view_empty()));
}

static void view_getters_read_both_byte_orders(void **state)
{
	wc_view v = wc_view_ro(bytes8, 8);
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	(void)state;
	assert_int_equal(wc_view_get_u8(v, 7, &u8), WC_OK);
	assert_int_equal(u8, 0x08);
	assert_int_equal(wc_view_get_be16(v, 1, &u16), WC_OK);
	assert_int_equal(u16, 0x0203);
	assert_int_equal(wc_view_get_le16(v, 1, &u16), WC_OK);
	assert_int_equal(u16, 0x0302);
	assert_int_equal(wc_view_get_be32(v, 3, &u32), WC_OK);
	assert_int_equal(u32, 0x04050607);
	assert_int_equal(wc_view_get_le32(v, 3, &u32), WC_OK);
	assert_int_equal(u32, 0x07060504);
	assert_int_equal(wc_view_get_be64(v, 0, &u64), WC_OK);
	assert_true(u64 == 0x0102030405060708ull);
	assert_int_equal(wc_view_get_le64(v, 0, &u64), WC_OK);
	assert_true(u64 == 0x0807060504030201ull);
}

static void view_getters_reject_field_straddling_end_and_keep_output(void **state)
{
	wc_view v = wc_view_ro(bytes8, 8);
	uint16_t u16 = 0xAAAA;
	uint32_t u32 = 0xAAAAAAAA;
	uint64_t u64 = 0xAAAA;

	(void)state;
	assert_int_equal(wc_view_get_be16(v, 7, &u16), WC_EBOUNDS);
	assert_int_equal(wc_view_get_le32(v, 5, &u32), WC_EBOUNDS);
	assert_int_equal(wc_view_get_be64(v, 1, &u64), WC_EBOUNDS);
	assert_int_equal(wc_view_get_le64(v, SIZE_MAX - 3, &u64), WC_EBOUNDS);
	assert_int_equal(u16, 0xAAAA);
	assert_int_equal(u32, 0xAAAAAAAA);
	assert_int_equal(u64, 0xAAAA);
}

static void view_setters_write_both_byte_orders(void **state)
{
	uint8_t b[8] = { 0 };
	wc_view v = wc_view_rw(b, 8);
	const uint8_t be[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
	const uint8_t le[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };

	(void)state;
	assert_int_equal(wc_view_set_be64(v, 0, 0x1122334455667788ull), WC_OK);
	assert_memory_equal(b, be, 8);
	assert_int_equal(wc_view_set_le64(v, 0, 0x1122334455667788ull), WC_OK);
	assert_memory_equal(b, le, 8);
	assert_int_equal(wc_view_set_be16(v, 6, 0xABCD), WC_OK);
	assert_int_equal(b[6], 0xAB);
	assert_int_equal(b[7], 0xCD);
	assert_int_equal(wc_view_set_le16(v, 0, 0xABCD), WC_OK);
	assert_int_equal(b[0], 0xCD);
	assert_int_equal(wc_view_set_be32(v, 2, 0x01020304), WC_OK);
	assert_int_equal(wc_load_be32(b + 2), 0x01020304);
	assert_int_equal(wc_view_set_le32(v, 2, 0x01020304), WC_OK);
	assert_int_equal(wc_load_be32(b + 2), 0x04030201);
	assert_int_equal(wc_view_set_u8(v, 7, 0xEE), WC_OK);
	assert_int_equal(b[7], 0xEE);
}

static void view_setter_on_read_only_view_fails_before_bounds_check(void **state)
{
	uint8_t b[4] = { 1, 2, 3, 4 };
	wc_view ro = wc_view_ro(b, 4), rw = wc_view_rw(b, 4);

	(void)state;
	assert_int_equal(wc_view_set_be32(ro, 0, 0), WC_ERDONLY);
	assert_int_equal(wc_view_set_be32(ro, 100, 0), WC_ERDONLY);
	assert_int_equal(wc_view_set_le16(rw, 3, 0), WC_EBOUNDS);
	assert_int_equal(wc_view_set_be64(rw, 0, 0), WC_EBOUNDS);
	assert_int_equal(wc_view_fill(ro, 100, 1, 0), WC_ERDONLY);
	assert_int_equal(wc_view_copy_in(ro, 100, b, 1), WC_ERDONLY);
	assert_int_equal(wc_view_blit(rw, 100, ro, 0, 1), WC_ERDONLY);
	assert_int_equal(b[0] + b[1] + b[2] + b[3], 10); /* nothing written */
}

static void view_blit_moves_overlapping_ranges_like_memmove(void **state)
{
	uint8_t b[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	wc_view v = wc_view_rw(b, 8), lo, hi;
	const uint8_t fwd[8] = { 0, 1, 0, 1, 2, 3, 4, 7 };
	const uint8_t back[8] = { 0, 1, 2, 3, 4, 3, 4, 7 };

	(void)state;
	/* Destination after source. */
	assert_int_equal(wc_view_blit(v, 0, v, 2, 5), WC_OK);
	assert_memory_equal(b, fwd, 8);
	/* Destination before source, through two overlapping sub-views. */
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)i;
	assert_int_equal(wc_view_sub(v, 0, 6, &lo), WC_OK);
	assert_int_equal(wc_view_sub(v, 3, 5, &hi), WC_OK);
	assert_int_equal(wc_view_blit(lo, 3, hi, 2, 2), WC_OK); /* b[5..7) = b[3..5) */
	assert_memory_equal(b, back, 8);
	/* Zero-length blit at the end is fine. */
	assert_int_equal(wc_view_blit(v, 8, v, 8, 0), WC_OK);
}

static void view_blit_rejects_either_range_outside_its_view(void **state)
{
	uint8_t a[4] = { 1, 2, 3, 4 }, b[4] = { 0 };
	wc_view src = wc_view_ro(a, 4), dst = wc_view_rw(b, 4);

	(void)state;
	assert_int_equal(wc_view_blit(src, 2, dst, 0, 3), WC_EBOUNDS);
	assert_int_equal(wc_view_blit(src, 0, dst, 2, 3), WC_EBOUNDS);
	assert_int_equal(wc_view_blit(src, 1, dst, 1, SIZE_MAX), WC_EBOUNDS);
	assert_int_equal(b[0] | b[1] | b[2] | b[3], 0);
	assert_int_equal(wc_view_blit(src, 1, dst, 0, 3), WC_OK);
	assert_int_equal(b[0], 2);
	assert_int_equal(b[2], 4);
}

static void view_copy_in_out_and_fill_respect_bounds(void **state)
{
	uint8_t b[6] = { 0 }, out[6] = { 9, 9, 9, 9, 9, 9 };
	const uint8_t in[3] = { 7, 8, 9 };
	wc_view v = wc_view_rw(b, 6);

	(void)state;
	assert_int_equal(wc_view_copy_in(v, 4, in, 3), WC_EBOUNDS);
	assert_int_equal(wc_view_copy_in(v, 3, in, 3), WC_OK);
	assert_int_equal(b[5], 9);
	assert_int_equal(wc_view_fill(v, 0, 7, 0xAA), WC_EBOUNDS);
	assert_int_equal(wc_view_fill(v, 0, 3, 0xAA), WC_OK);
	assert_int_equal(wc_view_copy_out(v, 1, out, 6), WC_EBOUNDS);
	assert_int_equal(out[0], 9);
	assert_int_equal(wc_view_copy_out(v, 0, out, 6), WC_OK);
	assert_int_equal(out[2], 0xAA);
	assert_int_equal(out[3], 7);
	assert_int_equal(wc_view_copy_out(wc_view_empty(), 0, NULL, 0), WC_OK);
	assert_int_equal(wc_view_copy_in(v, 6, NULL, 0), WC_OK);
}

static void view_compare_orders_bytes_then_a_strict_prefix_first(void **state)
{
	const uint8_t a[3] = { 1, 2, 3 }, b[3] = { 1, 2, 4 };

	(void)state;
	assert_int_equal(wc_view_compare(wc_view_ro(a, 3), wc_view_ro(b, 3)), -1);
	assert_int_equal(wc_view_compare(wc_view_ro(b, 3), wc_view_ro(a, 3)), 1);
	assert_int_equal(wc_view_compare(wc_view_ro(a, 2), wc_view_ro(a, 3)), -1);
	assert_int_equal(wc_view_compare(wc_view_ro(a, 3), wc_view_ro(a, 2)), 1);
	assert_int_equal(wc_view_compare(wc_view_ro(a, 2), wc_view_ro(b, 2)), 0);
	assert_int_equal(wc_view_compare(wc_view_empty(), wc_view_empty()), 0);
	assert_int_equal(wc_view_compare(wc_view_empty(), wc_view_ro(a, 1)), -1);
	/* Access does not matter, only bytes. */
	assert_true(wc_view_equal(wc_view_ro(a, 2), wc_view_rw((void *)b, 2)));
	assert_false(wc_view_equal(wc_view_ro(a, 3), wc_view_ro(b, 3)));
	assert_false(wc_view_equal(wc_view_ro(a, 2), wc_view_ro(a, 3)));
	assert_true(wc_view_equal(wc_view_empty(), wc_view_ro(a, 0)));
}

static void view_find_locates_needle_from_offset(void **state)
{
	const uint8_t hay[9] = { 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'd' };
	wc_view v = wc_view_ro(hay, 9);
	size_t at = 77;

	(void)state;
	assert_int_equal(wc_view_find(v, 0, wc_view_ro("bc", 2), &at), WC_OK);
	assert_int_equal(at, 1);
	assert_int_equal(wc_view_find(v, 2, wc_view_ro("bc", 2), &at), WC_OK);
	assert_int_equal(at, 4);
	assert_int_equal(wc_view_find(v, 0, wc_view_ro("abd", 3), &at), WC_OK);
	assert_int_equal(at, 6);
	/* Empty needle matches at from, including from == len. */
	assert_int_equal(wc_view_find(v, 9, wc_view_empty(), &at), WC_OK);
	assert_int_equal(at, 9);
}

static void view_find_reports_bounds_and_no_match_distinctly(void **state)
{
	const uint8_t hay[4] = { 1, 2, 3, 4 };
	wc_view v = wc_view_ro(hay, 4);
	size_t at = 77;

	(void)state;
	assert_int_equal(wc_view_find(v, 5, wc_view_empty(), &at), WC_EBOUNDS);
	assert_int_equal(wc_view_find(v, SIZE_MAX, wc_view_ro(hay, 1), &at), WC_EBOUNDS);
	assert_int_equal(wc_view_find(v, 0, wc_view_ro("\x02\x04", 2), &at), WC_EINVAL);
	/* Needle longer than what is left after from. */
	assert_int_equal(wc_view_find(v, 2, wc_view_ro(hay + 2, 2), &at), WC_OK);
	assert_int_equal(at, 2);
	assert_int_equal(wc_view_find(v, 3, wc_view_ro(hay + 2, 2), &at), WC_EINVAL);
	assert_int_equal(wc_view_find(wc_view_empty(), 0, wc_view_ro(hay, 1), &at), WC_EINVAL);
	assert_int_equal(at, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(view_sub_rejects_range_past_end),
		cmocka_unit_test(view_sub_rejects_offset_and_length_whose_sum_wraps),
		cmocka_unit_test(view_shift_and_split_reject_more_than_length),
		cmocka_unit_test(view_split_gives_head_and_tail_and_accepts_null_outputs),
		cmocka_unit_test(view_derived_views_inherit_read_only),
		cmocka_unit_test(view_of_null_pointer_is_empty),
		cmocka_unit_test(view_getters_read_both_byte_orders),
		cmocka_unit_test(view_getters_reject_field_straddling_end_and_keep_output),
		cmocka_unit_test(view_setters_write_both_byte_orders),
		cmocka_unit_test(view_setter_on_read_only_view_fails_before_bounds_check),
		cmocka_unit_test(view_blit_moves_overlapping_ranges_like_memmove),
		cmocka_unit_test(view_blit_rejects_either_range_outside_its_view),
		cmocka_unit_test(view_copy_in_out_and_fill_respect_bounds),
		cmocka_unit_test(view_compare_orders_bytes_then_a_strict_prefix_first),
		cmocka_unit_test(view_find_locates_needle_from_offset),
		cmocka_unit_test(view_find_reports_bounds_and_no_match_distinctly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
