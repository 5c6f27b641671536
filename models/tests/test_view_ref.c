/* Unit tests for the flat-copy view model and flat-array helpers
 * (models/view_ref.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wirecheck/view_ref.h"

static void view_ref_buf_is_a_private_copy(void **state)
{
	uint8_t src[4] = { 1, 2, 3, 4 };
	wc_ref_buf m;
	wc_ref_view v;

	(void)state;
	assert_int_equal(wc_ref_buf_init(&m, src, 4), WC_OK);
	v = wc_ref_view_whole(&m, 1);
	assert_int_equal(wc_ref_view_fill(&m, v, 0, 4, 0xEE), WC_OK);
	assert_int_equal(src[0], 1);
	assert_int_equal(m.bytes[3], 0xEE);
	wc_ref_buf_free(&m);
	assert_null(m.bytes);
	assert_int_equal(wc_ref_buf_init(&m, NULL, 0), WC_OK);
	assert_int_equal(wc_ref_view_whole(&m, 1).len, 0);
	wc_ref_buf_free(&m);
}

static void view_ref_sub_offsets_accumulate_and_wrap_is_rejected(void **state)
{
	wc_ref_view v = { 0, 10, 1 }, s, t;

	(void)state;
	assert_int_equal(wc_ref_view_sub(v, 2, 6, &s), WC_OK);
	assert_int_equal(wc_ref_view_shift(s, 1, &t), WC_OK);
	assert_int_equal(t.off, 3);
	assert_int_equal(t.len, 5);
	assert_int_equal(wc_ref_view_sub(t, 1, SIZE_MAX, &s), WC_EBOUNDS);
	assert_int_equal(wc_ref_view_split(t, 6, &s, NULL), WC_EBOUNDS);
	assert_false(wc_ref_view_readonly(t).writable);
}

static void view_ref_get_set_honour_width_order_and_access(void **state)
{
	uint8_t src[8] = { 0 };
	wc_ref_buf m;
	wc_ref_view v, ro;
	uint64_t x = 0;

	(void)state;
	assert_int_equal(wc_ref_buf_init(&m, src, 8), WC_OK);
	v = wc_ref_view_whole(&m, 1);
	ro = wc_ref_view_readonly(v);
	assert_int_equal(wc_ref_view_set(&m, v, 0, 4, 1, 0xAABBCCDD), WC_OK);
	assert_int_equal(m.bytes[0], 0xAA);
	assert_int_equal(wc_ref_view_get(&m, v, 0, 4, 0, &x), WC_OK);
	assert_true(x == 0xDDCCBBAA);
	assert_int_equal(wc_ref_view_get(&m, v, 0, 3, 0, &x), WC_EINVAL);
	assert_int_equal(wc_ref_view_set(&m, ro, 100, 2, 1, 0), WC_ERDONLY);
	assert_int_equal(wc_ref_view_set(&m, v, 7, 2, 1, 0), WC_EBOUNDS);
	wc_ref_buf_free(&m);
}

static void view_ref_blit_overlapping_matches_memmove(void **state)
{
	uint8_t src[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, want[10];
	wc_ref_buf m;
	wc_ref_view v;

	(void)state;
	assert_int_equal(wc_ref_buf_init(&m, src, 10), WC_OK);
	v = wc_ref_view_whole(&m, 1);
	memcpy(want, src, 10);
	memmove(want + 3, want + 1, 6);
	assert_int_equal(wc_ref_view_blit(&m, v, 1, v, 3, 6), WC_OK);
	assert_memory_equal(m.bytes, want, 10);
	memmove(want + 0, want + 2, 7);
	assert_int_equal(wc_ref_view_blit(&m, v, 2, v, 0, 7), WC_OK);
	assert_memory_equal(m.bytes, want, 10);
	wc_ref_buf_free(&m);
}

static void flat_copy_partial_clips_at_end_of_array(void **state)
{
	const uint8_t a[5] = { 1, 2, 3, 4, 5 };
	uint8_t out[8] = { 0 };

	(void)state;
	assert_int_equal(wc_flat_copy_partial(a, 5, 3, out, 8), 2);
	assert_int_equal(out[0], 4);
	assert_int_equal(out[1], 5);
	assert_int_equal(out[2], 0);
	assert_int_equal(wc_flat_copy_partial(a, 5, 5, out, 8), 0);
	assert_int_equal(wc_flat_copy_partial(a, 5, SIZE_MAX, out, 8), 0);
	assert_int_equal(wc_flat_copy_partial(a, 5, 0, out, 3), 3);
}

static void flat_get_put_reject_offsets_at_or_past_end(void **state)
{
	uint8_t a[3] = { 7, 8, 9 };

	(void)state;
	assert_int_equal(wc_flat_get(a, 3, 2), 9);
	assert_int_equal(wc_flat_get(a, 3, 3), WC_EBOUNDS);
	assert_int_equal(wc_flat_put(a, 3, 3, 1), WC_EBOUNDS);
	assert_int_equal(wc_flat_put(a, 3, 0, 1), WC_OK);
	assert_int_equal(a[0], 1);
	assert_true(wc_flat_range_ok(3, 3, 0));
	assert_false(wc_flat_range_ok(3, 2, SIZE_MAX));
}

static void flat_mismatch_and_find_report_first_positions(void **state)
{
	const uint8_t a[6] = { 'x', 'y', 'z', 'x', 'y', 'q' };
	size_t at = 99;

	(void)state;
	assert_int_equal(wc_flat_mismatch(a, 3, (const uint8_t *)"xyz", 3), 2);
	assert_int_equal(wc_flat_mismatch(a, 0, (const uint8_t *)"xyz", 3), 3);
	assert_int_equal(wc_flat_find(a, 6, 1, (const uint8_t *)"xy", 2, &at), WC_OK);
	assert_int_equal(at, 3);
	assert_int_equal(wc_flat_find(a, 6, 5, (const uint8_t *)"q", 1, &at), WC_OK);
	assert_int_equal(at, 5);
	assert_int_equal(wc_flat_find(a, 6, 0, (const uint8_t *)"qq", 2, &at), WC_EINVAL);
	assert_int_equal(wc_flat_find(a, 6, 7, (const uint8_t *)"", 0, &at), WC_EBOUNDS);
	assert_int_equal(wc_flat_find(a, 6, 6, (const uint8_t *)"", 0, &at), WC_OK);
	assert_int_equal(at, 6);
	assert_int_equal(wc_flat_compare(a, 2, (const uint8_t *)"xy", 2), 0);
	assert_int_equal(wc_flat_compare(a, 2, (const uint8_t *)"xyz", 3), -1);
	assert_int_equal(wc_flat_compare(a, 3, (const uint8_t *)"xyA", 3), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(view_ref_buf_is_a_private_copy),
		cmocka_unit_test(view_ref_sub_offsets_accumulate_and_wrap_is_rejected),
		cmocka_unit_test(view_ref_get_set_honour_width_order_and_access),
		cmocka_unit_test(view_ref_blit_overlapping_matches_memmove),
		cmocka_unit_test(flat_copy_partial_clips_at_end_of_array),
		cmocka_unit_test(flat_get_put_reject_offsets_at_or_past_end),
		cmocka_unit_test(flat_mismatch_and_find_report_first_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
