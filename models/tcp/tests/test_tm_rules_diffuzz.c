/* Rules corrected after the differential fuzzer (targets/tcp_diff.c) showed
 * the model stricter than the RFC. One test per correction, named after the
 * rule it concerns, written against the RFC text the rule quotes:
 *   RST acceptability by SEG.SEQ alone (RFC 9293 3.10.7.4 second step,
 *   RFC 5961 3.2); the lwip profile's maximum RTO (RFC 6298 2.5, a MAY);
 *   a pure ACK's sequence number after a window shrink (3.8.6, 3.10.7.4);
 *   a retransmission straddling SND.UNA; an MSS option of 0 (3.7.1). */
#include "tm_helpers.h"

#define T(name) static void name(void **st_)
#define U (void)st_
#define MS 1000u
#define SISS 7000u /* the mirrored stack's ISS */

/* Mirror a passive open (handshake RTT 10 ms); the peer's SYN carries MSS
 * mss (0xffffffff: no MSS option). */
static void mirror_est(wc_tmc *c, const wc_tm_profile *p, uint32_t mss)
{
	wc_tmc_init(c, p, NULL);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, PISS, 0, 0);
	if (mss <= 0xffff) {
		s.opts = WC_TM_O_MSS;
		s.mss = (uint16_t)mss;
	}
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_S | F_A, SISS, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(c, 10 * MS), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_ESTABLISHED);
}

/* ---- B: a RST is judged by SEG.SEQ, not by its payload's overlap ---------- */

T(R_SYNC_SEQ_BAD_RST_drops_a_reset_before_rcv_nxt_whose_payload_overlaps_the_window) { U; wc_tm m; est_active(&m);
	/* SEG.SEQ = RCV.NXT-4, 10 octets: the four-case test would accept it,
	 * but "the sequence number is outside the current receive window" */
	in(&m, seg(F_R, PISS + 1 - 4, 0, 10)); assert_fired(&m, "R_SYNC_SEQ_BAD_RST");
	assert_false(fired(&m, "R_SYNC_RST_INWIN")); expect_none(&m);
	assert_int_equal(m.state, WC_TCP_ESTABLISHED); assert_int_equal(m.rcv_nxt, PISS + 1); }

T(R_SYNC_RST_INWIN_still_challenges_a_reset_inside_the_window_with_payload) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_R, PISS + 1 + 4, 0, 10)); assert_fired(&m, "R_SYNC_RST_INWIN");
	pop_expect(&m, F_A, ISS + 1, PISS + 1); expect_none(&m); assert_int_equal(m.state, WC_TCP_ESTABLISHED); }

T(R_EST_RST_EXACT_resets_on_a_reset_at_rcv_nxt_carrying_payload) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_R, PISS + 1, 0, 10)); assert_fired(&m, "R_EST_RST_EXACT"); assert_int_equal(m.state, WC_TCP_CLOSED); }

T(R_SYNC_SEQ_BAD_RST_checker_accepts_silence_for_an_overlapping_reset_before_rcv_nxt) { U; wc_tmc c;
	mirror_est(&c, &wc_tm_profile_strict, 0xffffffffu);
	wc_tm_seg s = seg(F_R, PISS + 1 - 4, 0, 10);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 1000 * MS), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_ESTABLISHED); }

/* ---- C: lwIP's RTO backs off past 120 s (RFC 6298 2.5: a maximum is a MAY) */

T(R_RTX_DUE_lwip_retransmission_backed_off_to_128s_is_not_late) { U; wc_tmc c;
	mirror_est(&c, &wc_tm_profile_lwip, 0xffffffffu);
	/* one RTT sample from data: RTO = rto_min (500 ms), MUST-level from here */
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 10), WC_OK);
	wc_tm_seg s = seg(F_A | F_P, SISS + 1, PISS + 1, 10);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 10 * MS), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 11, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_true(c.m.rtt_data);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 10), WC_OK);
	s = seg(F_A | F_P, SISS + 11, PISS + 1, 10);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	/* the stack retransmits after 1, 2, 4, ... 128 s (a base of 1 s shifted
	 * by lwIP's tcp_backoff[] up to 7); time passes in 1 s steps so every
	 * owed segment is checked */
	for (unsigned k = 0; k <= 7; k++) {
		for (unsigned t = 0; t < (1u << k); t++)
			assert_int_equal(wc_tmc_advance(&c, 1000 * MS), WC_OK);
		assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	}
	s = seg(F_A, PISS + 1, SISS + 21, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_RTX_DUE_lwip_profile_maximum_rto_is_lwips_own_clamp) { U;
	/* 0x7FFF ticks of the 500 ms slow timer; at least RFC 6298 2.5's 60 s */
	assert_true(wc_tm_profile_lwip.rto_max_us == 0x7FFFull * 500u * MS);
	assert_true(wc_tm_profile_lwip.rto_max_us >= 60000u * MS); }

/* ---- D: a pure ACK's sequence number after the peer shrank its window ---- */

/* 100 octets sent, then the peer shrinks its window to 50 and sends 10
 * octets: the stack's ACK carries SEG.SEQ = SND.UNA+SND.WND (Linux). */
static int shrink_then_ack_at_window_end(wc_tmc *c, const wc_tm_profile *p)
{
	mirror_est(c, p, 0xffffffffu);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_SEND, 100), WC_OK);
	wc_tm_seg s = seg(F_A | F_P, SISS + 1, PISS + 1, 100);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	s = seg(F_A | F_P, PISS + 1, SISS + 1, 10);
	s.wnd = 50;
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	assert_int_equal(c->m.snd_wnd, 50);
	s = seg(F_A, SISS + 1 + 50, PISS + 11, 0);
	return wc_tmc_output(c, &s);
}

T(R_OUT_ACK_seq_at_snd_una_plus_snd_wnd_after_a_shrink_is_not_a_must_violation) { U; wc_tmc c;
	assert_int_equal(shrink_then_ack_at_window_end(&c, &wc_tm_profile_linux), WC_OK);
	assert_int_equal(c.m.rcv_nxt, PISS + 11);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_OUT_ACK_seq_below_snd_nxt_is_a_should_divergence_under_strict) { U; wc_tmc c;
	assert_int_equal(shrink_then_ack_at_window_end(&c, &wc_tm_profile_strict), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_OUT_ACK"); assert_string_equal(c.rep.field, "seq");
	assert_int_equal(c.rep.cls, WC_TM_SHOULD); }

T(R_OUT_ACK_seq_outside_snd_una_to_snd_nxt_stays_a_must_violation) { U; wc_tmc c;
	mirror_est(&c, &wc_tm_profile_linux, 0xffffffffu);
	wc_tm_seg s = seg(F_A | F_P, PISS + 1, SISS + 1, 10);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A, SISS + 5, PISS + 11, 0); /* beyond SND.NXT = SISS+1 */
	assert_int_equal(wc_tmc_output(&c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_OUT_ACK"); assert_string_equal(c.rep.field, "seq");
	assert_int_equal(c.rep.cls, WC_TM_MUST); }

/* ---- E: a retransmission straddling SND.UNA ------------------------------- */

static int straddling_rtx(wc_tmc *c, const wc_tm_profile *p)
{
	mirror_est(c, p, 0xffffffffu);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_SEND, 10), WC_OK);
	wc_tm_seg s = seg(F_A | F_P, SISS + 1, PISS + 1, 10);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 6, 0); /* five octets acknowledged */
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	assert_int_equal(c->m.snd_una, SISS + 6);
	assert_int_equal(wc_tmc_advance(c, 1500 * MS), WC_OK);
	s = seg(F_A | F_P, SISS + 1, PISS + 1, 10); /* re-sends the acked five too */
	return wc_tmc_output(c, &s);
}

T(R_OUT_ACK_retransmission_straddling_snd_una_is_accepted) { U; wc_tmc c;
	assert_int_equal(straddling_rtx(&c, &wc_tm_profile_strict), WC_OK);
	assert_int_equal(c.m.nrtx, 1); assert_int_equal(c.m.rtx_owed, 0);
	wc_tm_seg s = seg(F_A, PISS + 1, SISS + 11, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	assert_int_equal(straddling_rtx(&c, &wc_tm_profile_lwip), WC_OK); }

/* Wholly below SND.UNA: octets already acknowledged, sent again. No MUST
 * constrains it (the receiver answers an unacceptable segment with an ACK,
 * 3.10.7.4): a SHOULD-level waste since the second triage (WC-2026-0094). */
T(R_OUT_ACK_segment_entirely_before_snd_una_is_a_should_divergence) { U; wc_tmc c;
	mirror_est(&c, &wc_tm_profile_strict, 0xffffffffu);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 10), WC_OK);
	wc_tm_seg s = seg(F_A | F_P, SISS + 1, PISS + 1, 10);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 11, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A | F_P, SISS + 1, PISS + 1, 10);
	assert_int_equal(wc_tmc_output(&c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.field, "seq"); assert_int_equal(c.rep.cls, WC_TM_SHOULD); }

/* ---- G: an MSS option of 0 ------------------------------------------------ */

T(R_LISTEN_SEG_SYN_mss_option_of_zero_falls_back_to_the_default_536) { U; wc_tm m;
	wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL); call(&m, WC_TM_EV_OPEN_PASSIVE, 0);
	wc_tm_seg s = seg(F_S, PISS, 0, 0); s.opts = WC_TM_O_MSS; s.mss = 0; in(&m, s);
	assert_fired(&m, "R_LISTEN_SEG_SYN"); pop_expect(&m, F_S | F_A, ISS, PISS + 1);
	assert_int_equal(m.snd_mss, 536); }

T(R_OUT_ACK_after_mss_zero_allows_536_octets_and_not_537) { U; wc_tmc c;
	mirror_est(&c, &wc_tm_profile_lwip, 0);
	assert_int_equal(c.m.snd_mss, 536);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 2000), WC_OK);
	wc_tm_seg s = seg(F_A | F_P, SISS + 1, PISS + 1, 536);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_A | F_P, SISS + 537, PISS + 1, 537);
	assert_int_equal(wc_tmc_output(&c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.field, "len"); assert_int_equal(c.rep.cls, WC_TM_MUST); }

int main(void)
{
	const struct CMUnitTest tests[] = {
#define X(n) cmocka_unit_test(n),
		X(R_SYNC_SEQ_BAD_RST_drops_a_reset_before_rcv_nxt_whose_payload_overlaps_the_window)
		X(R_SYNC_RST_INWIN_still_challenges_a_reset_inside_the_window_with_payload)
		X(R_EST_RST_EXACT_resets_on_a_reset_at_rcv_nxt_carrying_payload)
		X(R_SYNC_SEQ_BAD_RST_checker_accepts_silence_for_an_overlapping_reset_before_rcv_nxt)
		X(R_RTX_DUE_lwip_retransmission_backed_off_to_128s_is_not_late)
		X(R_RTX_DUE_lwip_profile_maximum_rto_is_lwips_own_clamp)
		X(R_OUT_ACK_seq_at_snd_una_plus_snd_wnd_after_a_shrink_is_not_a_must_violation)
		X(R_OUT_ACK_seq_below_snd_nxt_is_a_should_divergence_under_strict)
		X(R_OUT_ACK_seq_outside_snd_una_to_snd_nxt_stays_a_must_violation)
		X(R_OUT_ACK_retransmission_straddling_snd_una_is_accepted)
		X(R_OUT_ACK_segment_entirely_before_snd_una_is_a_should_divergence)
		X(R_LISTEN_SEG_SYN_mss_option_of_zero_falls_back_to_the_default_536)
		X(R_OUT_ACK_after_mss_zero_allows_536_octets_and_not_537)
#undef X
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
