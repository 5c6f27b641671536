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
	mirror_synrcvd_iss(c, p, SISS);
	wc_tm_seg s;
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

/* ---- R_RTX_DUE: the profile's maximum RTO is a MAY (RFC 6298 2.5) ------- */

/* As mirror_sent_100, then the peer acknowledges after 10 ms (an RTT sample
 * from data, RFC 6298 2.2) and 100 more octets go out at SISS + 101. */
static void mirror_data_sample_sent_100(wc_tmc *c, const wc_tm_profile *p)
{
	mirror_sent_100(c, p);
	assert_int_equal(wc_tmc_advance(c, 10 * MS), WC_OK);
	wc_tm_seg s = seg(F_A, PISS + 1, SISS + 101, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	assert_true(c->m.rtt_data);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_SEND, 100), WC_OK);
	s = seg(F_A | F_P, SISS + 101, PISS + 1, 100);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
}

/* The stack retransmits n times, waiting first_us, then doubling (RFC 6298
 * 5.5) with no maximum; each output is timed exactly. */
static void retransmit_doubling(wc_tmc *c, uint64_t first_us, int n)
{
	for (int i = 0; i < n; i++) {
		assert_int_equal(wc_tmc_advance(c, first_us << i), WC_OK);
		/* a zero step: the output is known to be sent at this instant */
		assert_int_equal(wc_tmc_advance(c, 0), WC_OK);
		wc_tm_seg s = seg(F_A | F_P, SISS + 101, PISS + 1, 100);
		assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	}
}

/* strict caps the RTO at 60 s; a stack without a cap, backed off to 64 s,
 * is later than the profile's cap but within its own backed-off RTO:
 * reported, as SHOULD/MAY, not MUST. */
static void R_RTX_DUE_later_than_the_profile_cap_within_the_uncapped_backoff_is_a_should(void **st)
{
	(void)st;
	wc_tmc c;
	mirror_data_sample_sent_100(&c, &wc_tm_profile_strict);
	retransmit_doubling(&c, 1000 * MS, 6); /* 1, 2, ... 32 s: RTO now 64 s uncapped */
	assert_int_equal(c.m.rto, wc_tm_profile_strict.rto_max_us);
	assert_int_equal(wc_tmc_advance(&c, 61000 * MS), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_RTX_DUE");
	assert_int_equal(c.rep.cls, WC_TM_SHOULD);
}

/* linux (cap 120 s, SHOULD not reported): an uncapped backoff from 200 ms
 * to 204.8 s is accepted, past the cap, with a step in between. */
static void R_RTX_DUE_uncapped_backoff_past_the_linux_cap_is_accepted(void **st)
{
	(void)st;
	wc_tmc c;
	mirror_data_sample_sent_100(&c, &wc_tm_profile_linux);
	retransmit_doubling(&c, 200 * MS, 10); /* ... 102.4 s: RTO now 204.8 s uncapped */
	assert_int_equal(wc_tmc_advance(&c, 121000 * MS), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 83800 * MS), WC_OK);
	wc_tm_seg s = seg(F_A | F_P, SISS + 101, PISS + 1, 100);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 10 * MS), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 201, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
}

/* Past twice the uncapped backed-off RTO (plus slack) with no
 * retransmission, the lateness is a MUST violation again (RFC 6298 5.5,
 * RFC 9293 MUST-18), under a profile that tolerates SHOULDs. */
static void R_RTX_DUE_no_retransmission_within_the_uncapped_backoff_is_a_must(void **st)
{
	(void)st;
	wc_tmc c;
	mirror_data_sample_sent_100(&c, &wc_tm_profile_linux);
	retransmit_doubling(&c, 200 * MS, 10);
	uint64_t t_last = c.m.now;
	int rc = WC_OK;
	for (int i = 0; i < 20 && rc == WC_OK; i++)
		rc = wc_tmc_advance(&c, 50000 * MS);
	assert_int_equal(rc, WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_RTX_DUE");
	assert_int_equal(c.rep.cls, WC_TM_MUST);
	/* not before 2 * 204.8 s + slack after the last send */
	assert_true(c.m.now - t_last >= 409600 * MS);
	assert_true(c.m.now - t_last <= 409600 * MS + 2 * 50000 * MS);
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(rfc6298_handshake_rtt_sample_is_optional_first_rtx_at_lwip_initial_rto_is_allowed),
		cmocka_unit_test(rfc6298_2_1_lateness_against_initial_rto_is_a_should_not_a_must),
		cmocka_unit_test(rfc6298_2_5_no_retransmission_within_max_rto_is_a_must_violation),
		cmocka_unit_test(rfc6298_2_2_lateness_against_rto_from_a_data_sample_is_a_must_violation),
		cmocka_unit_test(rfc6298_5_7_syn_retransmitted_rto_is_3s_when_data_begins),
		cmocka_unit_test(R_RTX_DUE_later_than_the_profile_cap_within_the_uncapped_backoff_is_a_should),
		cmocka_unit_test(R_RTX_DUE_uncapped_backoff_past_the_linux_cap_is_accepted),
		cmocka_unit_test(R_RTX_DUE_no_retransmission_within_the_uncapped_backoff_is_a_must),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
