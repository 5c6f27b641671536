/* Sequence arithmetic modulo 2^32 and the four-case acceptability test. */
#include "tm_helpers.h"

static void seq_lt_wraps_around_zero(void **st)
{
	(void)st;
	assert_true(wc_tm_seq_lt(0xfffffff0u, 0x10));
	assert_false(wc_tm_seq_lt(0x10, 0xfffffff0u));
	assert_false(wc_tm_seq_lt(7, 7));
	assert_true(wc_tm_seq_le(7, 7));
}

static void seq_lt_is_false_both_ways_at_exactly_2_pow_31(void **st)
{
	(void)st;
	uint32_t a = 12345, b = a + 0x80000000u;
	assert_false(wc_tm_seq_lt(a, b));
	assert_false(wc_tm_seq_lt(b, a));
	/* one less than 2^31 apart is ordered */
	assert_true(wc_tm_seq_lt(a, b - 1));
	assert_false(wc_tm_seq_lt(b - 1, a));
}

static void seq_in_windows_are_exact_at_any_distance(void **st)
{
	(void)st;
	assert_true(wc_tm_seq_in(0x7fffffffu, 0, 0x80000000u));
	assert_false(wc_tm_seq_in(0x80000000u, 0, 0x80000000u));
	assert_true(wc_tm_seq_in(5, 0xfffffffbu, 11));
	assert_false(wc_tm_seq_in(5, 5, 0));
	assert_true(wc_tm_seq_in_oc(10, 9, 10));
	assert_false(wc_tm_seq_in_oc(9, 9, 10));
	assert_true(wc_tm_seq_in_cc(9, 9, 9));
}

static void acceptability_four_cases(void **st)
{
	(void)st;
	/* len 0, wnd 0 */
	assert_true(wc_tm_seq_acceptable(100, 0, 100, 0));
	assert_false(wc_tm_seq_acceptable(101, 0, 100, 0));
	/* len 0, wnd > 0 */
	assert_true(wc_tm_seq_acceptable(149, 0, 100, 50));
	assert_false(wc_tm_seq_acceptable(150, 0, 100, 50));
	assert_false(wc_tm_seq_acceptable(99, 0, 100, 50));
	/* len > 0, wnd 0 */
	assert_false(wc_tm_seq_acceptable(100, 1, 100, 0));
	/* len > 0, wnd > 0: either end inside */
	assert_true(wc_tm_seq_acceptable(90, 11, 100, 50));  /* last octet at RCV.NXT */
	assert_false(wc_tm_seq_acceptable(90, 10, 100, 50)); /* all old */
	assert_true(wc_tm_seq_acceptable(149, 100, 100, 50));
	assert_false(wc_tm_seq_acceptable(150, 1, 100, 50));
	/* across the wrap */
	assert_true(wc_tm_seq_acceptable(0xfffffff0u, 0x16, 0x5, 10)); /* last octet 5 */
	/* literal RFC test: a segment spanning the whole window has neither end inside */
	assert_false(wc_tm_seq_acceptable(0xfffffff0u, 0x20, 0x5, 10));
}

static void checker_report_names_rule_field_allowed_and_actual(void **st)
{
	(void)st;
	wc_tmc c;
	char buf[256];
	wc_tmc_init(&c, &wc_tm_profile_strict, NULL);
	wc_tm_seg s = seg(F_S, 5000, 0, 0);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_S | F_A, 1000, 5002, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_ETM_VIOLATION);
	assert_int_equal(c.rep.step, 2);
	assert_string_equal(c.rep.rule_id, "R_OUT_SYNACK");
	assert_string_equal(c.rep.field, "ack");
	assert_string_equal(c.rep.allowed, "[5001]");
	assert_string_equal(c.rep.actual, "5002");
	assert_int_equal(c.rep.cls, WC_TM_MUST);
	/* the same as numbers: an ACK-space value that must equal 5001 */
	assert_int_equal(c.rep.num.kind, WC_TM_VK_ACK);
	assert_int_equal(c.rep.num.bound, WC_TM_VB_EQ);
	assert_int_equal(c.rep.num.lo, 5001);
	assert_int_equal(c.rep.num.akind, WC_TM_VK_ACK);
	assert_int_equal(c.rep.num.actual, 5002);
	assert_int_equal(wc_tm_report_format(&c.rep, buf, sizeof buf), WC_OK);
	assert_non_null(strstr(buf, "rule=R_OUT_SYNACK field=ack"));
	assert_int_equal(wc_tmc_input(&c, &s), WC_ETM_DEAD);
}

static void checker_reports_a_missing_reset_as_no_segment(void **st)
{
	(void)st;
	wc_tmc c;
	wc_tmc_init(&c, &wc_tm_profile_strict, NULL);
	wc_tm_seg s = seg(F_A, 5, 777, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 1000), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_CLOSED_SEG_ACK");
	assert_string_equal(c.rep.actual, "no segment");
	assert_string_equal(c.rep.allowed, "RST seq=777");
	/* an owed RST: its sequence number in our space, no actual value */
	assert_int_equal(c.rep.num.kind, WC_TM_VK_SEQ);
	assert_int_equal(c.rep.num.lo, 777);
	assert_int_equal(c.rep.num.hkind, WC_TM_VK_NONE);
	assert_int_equal(c.rep.num.akind, WC_TM_VK_NONE);
}

static void checker_allows_a_delayed_ack_within_the_bound_only(void **st)
{
	(void)st;
	wc_tmc c;
	wc_tmc_init(&c, &wc_tm_profile_strict, NULL);
	wc_tm_seg s = seg(F_S, ISS, 0, 0);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_S | F_A, PISS, ISS + 1, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A, ISS + 1, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_A, PISS + 1, ISS + 1, 10);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 400000), WC_OK); /* within 500 ms: nothing owed yet */
	assert_int_equal(wc_tmc_advance(&c, 200000), WC_OK);  /* the bound passes during this step */
	assert_int_equal(wc_tmc_advance(&c, 1), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_EST_TEXT");
}

static void endpoint_is_deterministic(void **st)
{
	(void)st;
	wc_tm a, b;
	est_active(&a);
	est_active(&b);
	assert_memory_equal(&a, &b, offsetof(wc_tm, cover));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seq_lt_wraps_around_zero),
		cmocka_unit_test(seq_lt_is_false_both_ways_at_exactly_2_pow_31),
		cmocka_unit_test(seq_in_windows_are_exact_at_any_distance),
		cmocka_unit_test(acceptability_four_cases),
		cmocka_unit_test(checker_report_names_rule_field_allowed_and_actual),
		cmocka_unit_test(checker_reports_a_missing_reset_as_no_segment),
		cmocka_unit_test(checker_allows_a_delayed_ack_within_the_bound_only),
		cmocka_unit_test(endpoint_is_deterministic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
