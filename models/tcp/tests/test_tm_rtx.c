/* Retransmission timing as the checker judges it (RFC 6298 via RFC 9293
 * 3.8.1, MUST-18). The trace is differential/scenarios/data/retransmit.pkt:
 * passive open with a 10 ms handshake, 100 octets sent, never acknowledged
 * until 3.5 s. */
#include "tm_helpers.h"

#define MS 1000u
#define SISS 7000u /* the stack's ISS */

/* Mirror a passive open (handshake RTT 10 ms) and one 100-octet send. */
static void mirror_sent_100(wc_tmc *c, const wc_tm_profile *p)
{
	wc_tmc_init(c, p, NULL);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, PISS, 0, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_S | F_A, SISS, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(c, 10 * MS), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_ESTABLISHED);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_SEND, 100), WC_OK);
	s = seg(F_A | F_P, SISS + 1, PISS + 1, 100);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
}

/* RFC 6298: an RTT sample from the SYN exchange is allowed but not required;
 * without it the stack runs on its initial RTO (2.1), 3 s for lwIP, so its
 * first retransmission at 2.75 s is not late. */
static void rfc6298_handshake_rtt_sample_is_optional_first_rtx_at_lwip_initial_rto_is_allowed(void **st)
{
	(void)st;
	wc_tmc c;
	mirror_sent_100(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_advance(&c, 2740 * MS), WC_OK);
	wc_tm_seg s = seg(F_A | F_P, SISS + 1, PISS + 1, 100);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 750 * MS), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 101, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
}

/* RFC 6298 2.1: the 1 s initial RTO is a SHOULD (3 s is a MAY): under the
 * strict profile the same late retransmission is reported, as SHOULD. */
static void rfc6298_2_1_lateness_against_initial_rto_is_a_should_not_a_must(void **st)
{
	(void)st;
	wc_tmc c;
	mirror_sent_100(&c, &wc_tm_profile_strict);
	assert_int_equal(wc_tmc_advance(&c, 2740 * MS), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_RTX_DUE");
	assert_int_equal(c.rep.cls, WC_TM_SHOULD);
}

/* No retransmission at all within the maximum RTO (RFC 6298 2.5) is a MUST
 * violation even where SHOULD-level lateness is tolerated. */
static void rfc6298_2_5_no_retransmission_within_max_rto_is_a_must_violation(void **st)
{
	(void)st;
	wc_tmc c;
	mirror_sent_100(&c, &wc_tm_profile_lwip);
	int rc = WC_OK;
	/* lwIP's maximum is 16383.5 s (0x7FFF slow-timer ticks): steps of 100 s */
	for (int i = 0; i < 300 && rc == WC_OK; i++)
		rc = wc_tmc_advance(&c, 100000 * MS);
	assert_int_equal(rc, WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_RTX_DUE");
	assert_int_equal(c.rep.cls, WC_TM_MUST);
	assert_true(c.m.now >= wc_tm_profile_lwip.rto_max_us);
}

/* RFC 6298 2.2: once a data segment gave an RTT sample, the RTO is computed
 * from it (MUST), and a retransmission long past it is a MUST violation. */
static void rfc6298_2_2_lateness_against_rto_from_a_data_sample_is_a_must_violation(void **st)
{
	(void)st;
	wc_tmc c;
	mirror_sent_100(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_advance(&c, 10 * MS), WC_OK);
	wc_tm_seg s = seg(F_A, PISS + 1, SISS + 101, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_true(c.m.rtt_data);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 100), WC_OK);
	s = seg(F_A | F_P, SISS + 101, PISS + 1, 100);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	/* RTO = max(rto_min 500 ms, ...): deadline 2 * 500 ms + 1 s slack */
	assert_int_equal(wc_tmc_advance(&c, 2500 * MS), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_RTX_DUE");
	assert_int_equal(c.rep.cls, WC_TM_MUST);
}

/* RFC 6298 5.7: after the SYN was retransmitted, the RTO is re-initialized to
 * 3 s when data transmission begins. */
static void rfc6298_5_7_syn_retransmitted_rto_is_3s_when_data_begins(void **st)
{
	(void)st;
	wc_tm m;
	wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL);
	call(&m, WC_TM_EV_OPEN_ACTIVE, 0);
	pop_expect(&m, F_S, ISS, 0);
	assert_int_equal(wc_tm_ep_advance(&m, 1000 * MS), WC_OK);
	pop_expect(&m, F_S, ISS, 0);
	in(&m, seg(F_S | F_A, PISS, ISS + 1, 0));
	pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m.rto, 3000 * MS);
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(rfc6298_handshake_rtt_sample_is_optional_first_rtx_at_lwip_initial_rto_is_allowed),
		cmocka_unit_test(rfc6298_2_1_lateness_against_initial_rto_is_a_should_not_a_must),
		cmocka_unit_test(rfc6298_2_5_no_retransmission_within_max_rto_is_a_must_violation),
		cmocka_unit_test(rfc6298_2_2_lateness_against_rto_from_a_data_sample_is_a_must_violation),
		cmocka_unit_test(rfc6298_5_7_syn_retransmitted_rto_is_3s_when_data_begins),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
