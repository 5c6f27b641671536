/* Rules corrected after a triage of tcp_diff divergences where lwIP and Linux
 * agreed against the model. One test per correction, named after the rule
 * it concerns, written against the RFC text the rule quotes:
 *   SYN-RECEIVED: a segment with an unacceptable ACK may be answered by
 *   <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.5.2 group 2; 3.10.7.4 fifth step)
 *   where an earlier step would ACK or return to LISTEN;
 *   text and FIN on a SYN,ACK may be left unaccepted (3.10.7.3: no MUST);
 *   a SHOULD reset (SHLD-3) not sent: the checker follows the no-reset
 *   branch, and the missing reset is SHOULD level;
 *   a user call the stack refused is not applied where the model allows
 *   the refusal (wc_tmc_call_ret). */
#include <errno.h>

#include "tm_helpers.h"

#define T(name) static void name(void **st_)
#define U (void)st_
#define MS 1000u
#define SISS 7000u /* the mirrored stack's ISS */

/* Mirror a passive open up to SYN-RECEIVED (the stack's SYN,ACK seen). */
static void mirror_synrcvd(wc_tmc *c, const wc_tm_profile *p)
{
	mirror_synrcvd_iss(c, p, SISS);
}

/* Mirror an active open up to SYN-SENT (the stack's SYN seen). */
static void mirror_synsent(wc_tmc *c, const wc_tm_profile *p)
{
	wc_tmc_init(c, p, NULL);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, SISS, 0, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_SYN_SENT);
}

/* Mirror an active open to ESTABLISHED. */
static void mirror_est(wc_tmc *c, const wc_tm_profile *p)
{
	mirror_synsent(c, p);
	wc_tm_seg s = seg(F_S | F_A, PISS, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_A, SISS + 1, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_ESTABLISHED);
}

/* ---- 1: SYN-RECEIVED, unacceptable ACK: RST <SEQ=SEG.ACK> ---------------- */

/* SEG.SEQ = RCV.NXT + 2^31 (first step: not acceptable), SEG.ACK = ISS+15. */
static int synrcvd_far_seq_bad_ack_then(wc_tmc *c, const wc_tm_profile *p, const wc_tm_seg *out)
{
	mirror_synrcvd(c, p);
	wc_tm_seg s = seg(F_A | F_P, PISS + 1 + 0x80000000u, SISS + 15, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	return wc_tmc_output(c, out);
}

T(R_SYNRCVD_ACK_BAD_reset_at_seg_ack_answers_an_unacceptable_segment_with_an_unacceptable_ack) { U; wc_tmc c;
	wc_tm_seg r = seg(F_R | F_A, SISS + 15, PISS + 1, 0);
	assert_int_equal(synrcvd_far_seq_bad_ack_then(&c, &wc_tm_profile_lwip, &r), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_SYN_RECEIVED);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	/* strict (SHOULD divergences reported): the reset is as allowed as the ACK */
	assert_int_equal(synrcvd_far_seq_bad_ack_then(&c, &wc_tm_profile_strict, &r), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_SYNC_SEQ_BAD_first_step_ack_stays_allowed_in_syn_received) { U; wc_tmc c;
	wc_tm_seg a = seg(F_A, SISS + 1, PISS + 1, 0);
	assert_int_equal(synrcvd_far_seq_bad_ack_then(&c, &wc_tm_profile_strict, &a), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_SYN_RECEIVED);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_SYNRCVD_ACK_BAD_reset_for_an_acceptable_ack_stays_a_violation) { U; wc_tmc c;
	mirror_synrcvd(&c, &wc_tm_profile_lwip);
	wc_tm_seg s = seg(F_A, PISS + 1 + 0x80000000u, SISS + 1, 0); /* SEG.ACK acceptable */
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_R, SISS + 1, 0, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_OUT_RST"); assert_int_equal(c.rep.cls, WC_TM_MUST); }

T(R_SYNRCVD_SYN_PASSIVE_reset_at_seg_ack_keeps_syn_received_for_a_syn_ack_with_unacceptable_ack) { U; wc_tmc c;
	mirror_synrcvd(&c, &wc_tm_profile_lwip);
	/* the fourth step would return to LISTEN; the fifth step's reset
	 * leaves the connection in SYN-RECEIVED ("The connection remains in
	 * the same state", 3.5.2) */
	wc_tm_seg s = seg(F_S | F_A, PISS + 1, SISS, 1460);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_LISTEN);
	s = seg(F_R | F_A, SISS, PISS + 1 + 1461, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_SYN_RECEIVED);
	/* and the handshake still completes */
	s = seg(F_A, PISS + 1, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_ESTABLISHED);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_SYNRCVD_SYN_PASSIVE_return_to_listen_stays_allowed) { U; wc_tmc c;
	mirror_synrcvd(&c, &wc_tm_profile_strict);
	wc_tm_seg s = seg(F_S | F_A, PISS + 1, SISS, 1460);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 1000 * MS), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_LISTEN); }

/* ---- 2: text and FIN on a SYN,ACK ------------------------------------------ */

static int synack_with_text_fin_acked(wc_tmc *c, const wc_tm_profile *p, uint32_t ack)
{
	mirror_synsent(c, p);
	wc_tm_seg s = seg(F_S | F_F | F_A, PISS, SISS + 1, 1000);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_A, SISS + 1, ack, 0);
	return wc_tmc_output(c, &s);
}

T(R_SYNSENT_SYNACK_ack_of_irs_plus_one_leaves_the_syn_acks_text_and_fin_unaccepted) { U; wc_tmc c;
	assert_int_equal(synack_with_text_fin_acked(&c, &wc_tm_profile_lwip, PISS + 1), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_ESTABLISHED);
	assert_int_equal(c.m.rcv_nxt, PISS + 1);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	assert_int_equal(synack_with_text_fin_acked(&c, &wc_tm_profile_linux, PISS + 1), WC_OK); }

T(R_SYNSENT_SYNACK_text_and_fin_acknowledged_stay_allowed) { U; wc_tmc c;
	assert_int_equal(synack_with_text_fin_acked(&c, &wc_tm_profile_lwip, PISS + 1002), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSE_WAIT);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_SYNSENT_SYNACK_unaccepted_syn_text_is_a_should_divergence_under_strict) { U; wc_tmc c;
	assert_int_equal(synack_with_text_fin_acked(&c, &wc_tm_profile_strict, PISS + 1), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_SYNSENT_SYNACK");
	assert_int_equal(c.rep.cls, WC_TM_SHOULD); }

T(R_SYNSENT_SYNACK_ack_between_irs_plus_one_and_the_end_stays_a_must_violation) { U; wc_tmc c;
	assert_int_equal(synack_with_text_fin_acked(&c, &wc_tm_profile_lwip, PISS + 500), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.field, "ack"); assert_int_equal(c.rep.cls, WC_TM_MUST); }

/* ---- 4: SHOULD resets (SHLD-3) not taken ------------------------------------ */

/* connect; SYN,ACK; close (FIN-WAIT-1); text after close, out of order. */
static int text_after_close_then(wc_tmc *c, const wc_tm_profile *p, const wc_tm_seg *out)
{
	mirror_est(c, p);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_CLOSE, 0), WC_OK);
	wc_tm_seg s = seg(F_F | F_A, SISS + 1, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_FIN_WAIT_1);
	s = seg(F_A, PISS + 2, SISS + 1, 1460);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	return wc_tmc_output(c, out);
}

T(R_FW_TEXT_LOST_ack_instead_of_the_reset_keeps_fin_wait_1) { U; wc_tmc c;
	wc_tm_seg a = seg(F_A, SISS + 2, PISS + 1, 0);
	assert_int_equal(text_after_close_then(&c, &wc_tm_profile_lwip, &a), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_FIN_WAIT_1);
	/* processing goes on there: the peer acknowledges our FIN */
	wc_tm_seg s = seg(F_A, PISS + 1, SISS + 2, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_FIN_WAIT_2);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_FW_TEXT_LOST_reset_stays_allowed) { U; wc_tmc c;
	wc_tm_seg r = seg(F_R | F_A, SISS + 2, PISS + 1, 0);
	assert_int_equal(text_after_close_then(&c, &wc_tm_profile_lwip, &r), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSED);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_FW_TEXT_LOST_no_reset_is_a_should_divergence_under_strict) { U; wc_tmc c;
	wc_tm_seg a = seg(F_A, SISS + 2, PISS + 1, 0);
	assert_int_equal(text_after_close_then(&c, &wc_tm_profile_strict, &a), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_FW_TEXT_LOST");
	assert_int_equal(c.rep.cls, WC_TM_SHOULD); }

/* ESTABLISHED with 30 octets unread, then close(). */
static void close_with_unread(wc_tmc *c, const wc_tm_profile *p)
{
	mirror_est(c, p);
	wc_tm_seg s = seg(F_A | F_P, PISS + 1, SISS + 1, 30);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_A, SISS + 1, PISS + 31, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_CLOSE, 0), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_CLOSED);
}

T(R_CLOSE_UNREAD_fin_instead_of_the_reset_keeps_the_close_row) { U; wc_tmc c;
	close_with_unread(&c, &wc_tm_profile_lwip);
	wc_tm_seg s = seg(F_F | F_A, SISS + 1, PISS + 31, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_FIN_WAIT_1);
	s = seg(F_F | F_A, PISS + 31, SISS + 2, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_TIME_WAIT); }

T(R_CLOSE_UNREAD_missing_reset_is_not_a_must_violation) { U; wc_tmc c;
	close_with_unread(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_advance(&c, 10 * MS), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	close_with_unread(&c, &wc_tm_profile_strict);
	assert_int_equal(wc_tmc_advance(&c, 10 * MS), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_CLOSE_UNREAD");
	assert_int_equal(c.rep.cls, WC_TM_SHOULD); }

T(R_CLOSE_UNREAD_reset_stays_allowed) { U; wc_tmc c;
	close_with_unread(&c, &wc_tm_profile_lwip);
	wc_tm_seg s = seg(F_R | F_A, SISS + 1, PISS + 31, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSED); }

/* ---- 3: a call the stack refused ------------------------------------------- */

T(R_SYNSENT_SHUTDOWN_refused_by_the_stack_is_not_applied) { U; wc_tmc c;
	mirror_synsent(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_call_ret(&c, WC_TM_EV_SHUTDOWN, 0, ENOTCONN), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_SYN_SENT);
	/* the stack keeps connecting: its SYN retransmission is no violation */
	assert_int_equal(wc_tmc_advance(&c, 3000 * MS), WC_OK);
	wc_tm_seg s = seg(F_S, SISS, 0, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_S | F_A, PISS, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_ESTABLISHED); }

T(R_SYNSENT_SHUTDOWN_accepted_still_closes) { U; wc_tmc c;
	mirror_synsent(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_call_ret(&c, WC_TM_EV_SHUTDOWN, 0, 0), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSED); }

T(R_EST_SHUTDOWN_refused_by_the_stack_is_a_divergence_of_the_result) { U; wc_tmc c;
	mirror_est(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_call_ret(&c, WC_TM_EV_SHUTDOWN, 0, ENOTCONN), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_EST_SHUTDOWN"); assert_string_equal(c.rep.field, "ret");
	assert_int_equal(c.rep.cls, WC_TM_MUST); }

T(R_CLOSED_SHUTDOWN_refusal_where_the_row_refuses_too_is_stepped) { U; wc_tmc c;
	wc_tmc_init(&c, &wc_tm_profile_lwip, NULL);
	assert_int_equal(wc_tmc_call_ret(&c, WC_TM_EV_SHUTDOWN, 0, ENOTCONN), WC_OK);
	assert_true(fired(&c.m, "R_CLOSED_SHUTDOWN"));
	assert_int_equal(c.m.user, WC_TM_U_NOCONN); }

int main(void)
{
	const struct CMUnitTest tests[] = {
#define X(n) cmocka_unit_test(n),
		X(R_SYNRCVD_ACK_BAD_reset_at_seg_ack_answers_an_unacceptable_segment_with_an_unacceptable_ack)
		X(R_SYNC_SEQ_BAD_first_step_ack_stays_allowed_in_syn_received)
		X(R_SYNRCVD_ACK_BAD_reset_for_an_acceptable_ack_stays_a_violation)
		X(R_SYNRCVD_SYN_PASSIVE_reset_at_seg_ack_keeps_syn_received_for_a_syn_ack_with_unacceptable_ack)
		X(R_SYNRCVD_SYN_PASSIVE_return_to_listen_stays_allowed)
		X(R_SYNSENT_SYNACK_ack_of_irs_plus_one_leaves_the_syn_acks_text_and_fin_unaccepted)
		X(R_SYNSENT_SYNACK_text_and_fin_acknowledged_stay_allowed)
		X(R_SYNSENT_SYNACK_unaccepted_syn_text_is_a_should_divergence_under_strict)
		X(R_SYNSENT_SYNACK_ack_between_irs_plus_one_and_the_end_stays_a_must_violation)
		X(R_FW_TEXT_LOST_ack_instead_of_the_reset_keeps_fin_wait_1)
		X(R_FW_TEXT_LOST_reset_stays_allowed)
		X(R_FW_TEXT_LOST_no_reset_is_a_should_divergence_under_strict)
		X(R_CLOSE_UNREAD_fin_instead_of_the_reset_keeps_the_close_row)
		X(R_CLOSE_UNREAD_missing_reset_is_not_a_must_violation)
		X(R_CLOSE_UNREAD_reset_stays_allowed)
		X(R_SYNSENT_SHUTDOWN_refused_by_the_stack_is_not_applied)
		X(R_SYNSENT_SHUTDOWN_accepted_still_closes)
		X(R_EST_SHUTDOWN_refused_by_the_stack_is_a_divergence_of_the_result)
		X(R_CLOSED_SHUTDOWN_refusal_where_the_row_refuses_too_is_stepped)
#undef X
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
