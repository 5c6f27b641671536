/* One test per rule: the ACK, URG, text and FIN steps of segment arrival. */
#include "tm_helpers.h"

#define T(name) static void name(void **st_)
#define U (void)st_

/* ESTABLISHED with 300 octets sent and unacknowledged (SND.UNA 1001, SND.NXT 1301). */
static void est_outstanding(wc_tm *m)
{
	est_active(m);
	call(m, WC_TM_EV_SEND, 300);
	pop_expect(m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m->snd_nxt, ISS + 301);
}

T(R_SYNC_ACK_OFF_drops_a_segment_without_ack) { U; wc_tm m; est_active(&m);
	in(&m, seg(0, PISS + 1, 0, 10)); assert_fired(&m, "R_SYNC_ACK_OFF"); assert_int_equal(m.rcv_nxt, PISS + 1); expect_none(&m); }
T(R_SYNRCVD_ACK_OK_establishes) { U; wc_tm m; synrcvd_passive(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 0)); assert_fired(&m, "R_SYNRCVD_ACK_OK"); assert_int_equal(m.state, WC_TCP_ESTABLISHED);
	assert_int_equal(m.snd_wnd, 65535); }
T(R_SYNRCVD_ACK_BAD_resets_with_seq_of_seg_ack) { U; wc_tm m; synrcvd_passive(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 7, 0)); assert_fired(&m, "R_SYNRCVD_ACK_BAD"); pop_expect(&m, F_R, ISS + 7, 0);
	assert_int_equal(m.state, WC_TCP_SYN_RECEIVED); }
T(R_EST_ACK_NEW_advances_snd_una) { U; wc_tm m; est_outstanding(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 101, 0)); assert_fired(&m, "R_EST_ACK_NEW"); assert_int_equal(m.snd_una, ISS + 101);
	assert_true(m.t_rtx != 0); }
T(R_FW1_ACK_NEW_advances_without_leaving_fin_wait_1) { U; wc_tm m; est_outstanding(&m);
	call(&m, WC_TM_EV_SHUTDOWN, 0); pop_expect(&m, F_F | F_A, ISS + 301, PISS + 1);
	in(&m, seg(F_A, PISS + 1, ISS + 200, 0)); assert_fired(&m, "R_FW1_ACK_NEW"); assert_int_equal(m.state, WC_TCP_FIN_WAIT_1); }
T(R_FW1_ACK_FIN_enters_fin_wait_2) { U; wc_tm m; fw1(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 2, 0)); assert_fired(&m, "R_FW1_ACK_FIN"); assert_int_equal(m.state, WC_TCP_FIN_WAIT_2); }
T(R_CLOSING_ACK_FIN_enters_time_wait) { U; wc_tm m; closing(&m);
	in(&m, seg(F_A, PISS + 2, ISS + 2, 0)); assert_fired(&m, "R_CLOSING_ACK_FIN"); assert_int_equal(m.state, WC_TCP_TIME_WAIT);
	assert_true(m.t_tw != 0); }
T(R_CLOSING_ACK_OTHER_ignores_the_segment) { U; wc_tm m; closing(&m);
	in(&m, seg(F_A, PISS + 2, ISS + 1, 0)); assert_fired(&m, "R_CLOSING_ACK_OTHER"); assert_int_equal(m.state, WC_TCP_CLOSING); }
T(R_LASTACK_ACK_FIN_closes) { U; wc_tm m; last_ack(&m);
	in(&m, seg(F_A, PISS + 2, ISS + 2, 0)); assert_fired(&m, "R_LASTACK_ACK_FIN"); assert_int_equal(m.state, WC_TCP_CLOSED); expect_none(&m); }
T(R_LASTACK_ACK_NEW_advances_short_of_the_fin) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_F | F_A, PISS + 1, ISS + 1, 0)); pop_expect(&m, F_A, ISS + 1, PISS + 2);
	call(&m, WC_TM_EV_SEND, 100); pop_expect(&m, F_A, ISS + 1, PISS + 2);
	call(&m, WC_TM_EV_CLOSE, 0); pop_expect(&m, F_F | F_A, ISS + 101, PISS + 2);
	in(&m, seg(F_A, PISS + 2, ISS + 51, 0)); assert_fired(&m, "R_LASTACK_ACK_NEW"); assert_int_equal(m.state, WC_TCP_LAST_ACK);
	assert_int_equal(m.snd_una, ISS + 51); }
T(R_SYNC_ACK_DUP_updates_the_window_only) { U; wc_tm m; est_outstanding(&m);
	wc_tm_seg s = seg(F_A, PISS + 1, ISS + 1, 0); s.wnd = 100; in(&m, s);
	assert_fired(&m, "R_SYNC_ACK_DUP"); assert_int_equal(m.snd_una, ISS + 1); assert_int_equal(m.snd_wnd, 100); }
T(R_SYNC_ACK_OLD_is_ignored) { U; wc_tm m; est_outstanding(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 101, 0));
	in(&m, seg(F_A | F_P, PISS + 1, ISS + 50, 10)); assert_fired(&m, "R_SYNC_ACK_OLD"); assert_int_equal(m.snd_una, ISS + 101);
	assert_int_equal(m.rcv_nxt, PISS + 11); }
T(R_SYNC_ACK_TOOOLD_CHAL_sends_challenge_ack) { U; wc_tm m; est_outstanding(&m);
	in(&m, seg(F_A, PISS + 1, ISS - 200000, 10)); assert_fired(&m, "R_SYNC_ACK_TOOOLD_CHAL"); pop_expect(&m, F_A, ISS + 301, PISS + 1);
	assert_int_equal(m.rcv_nxt, PISS + 1); }
T(R_SYNC_ACK_TOOOLD_is_ignored_without_rfc5961_ack_check) { U; wc_tm m; static wc_tm_profile p; p = wc_tm_profile_strict;
	p.rfc5961_ack = 0; est_active_p(&m, &p);
	in(&m, seg(F_A, PISS + 1, ISS - 200000, 10)); assert_fired(&m, "R_SYNC_ACK_TOOOLD"); assert_int_equal(m.rcv_nxt, PISS + 11); }
T(R_SYNC_ACK_UNSENT_acks_and_drops) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 50, 10)); assert_fired(&m, "R_SYNC_ACK_UNSENT"); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m.rcv_nxt, PISS + 1); }
T(R_TW_ACK_continues_quietly) { U; wc_tm m; time_wait(&m);
	in(&m, seg(F_A, PISS + 2, ISS + 2, 0)); assert_fired(&m, "R_TW_ACK"); expect_none(&m); assert_int_equal(m.state, WC_TCP_TIME_WAIT); }

T(R_SYNC_URG_NONE_continues) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 0)); assert_fired(&m, "R_SYNC_URG_NONE"); }
T(R_EST_URG_advances_rcv_up_and_signals) { U; wc_tm m; est_active(&m);
	wc_tm_seg s = seg(F_A | F_U, PISS + 1, ISS + 1, 10); s.up = 5; in(&m, s);
	assert_fired(&m, "R_EST_URG"); assert_int_equal(m.rcv_up, PISS + 6); assert_int_equal(m.user, WC_TM_U_URGENT); }
T(R_FINRCVD_URG_is_ignored) { U; wc_tm m; close_wait(&m); uint32_t up = m.rcv_up;
	wc_tm_seg s = seg(F_A | F_U, PISS + 2, ISS + 1, 0); s.up = 5; in(&m, s);
	assert_fired(&m, "R_FINRCVD_URG"); assert_int_equal(m.rcv_up, up); }

T(R_SYNC_TEXT_NONE_continues) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 0)); assert_fired(&m, "R_SYNC_TEXT_NONE"); expect_none(&m); }
T(R_EST_TEXT_accepts_and_acknowledges) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A | F_P, PISS + 1, ISS + 1, 100)); assert_fired(&m, "R_EST_TEXT"); pop_expect(&m, F_A, ISS + 1, PISS + 101);
	assert_int_equal(m.rcvq, 100); }
T(R_EST_TEXT_OOO_holds_and_sends_duplicate_ack) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS + 51, ISS + 1, 50)); assert_fired(&m, "R_EST_TEXT_OOO"); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 50)); pop_expect(&m, F_A, ISS + 1, PISS + 101); assert_int_equal(m.rcvq, 100); }
T(R_EST_TEXT_OUTWIN_acks_text_beyond_a_zero_window) { U; wc_tm m; static wc_tm_profile p; p = wc_tm_profile_strict; p.rcv_buf = 100;
	est_active_p(&m, &p); in(&m, seg(F_A, PISS + 1, ISS + 1, 100)); pop_expect(&m, F_A, ISS + 1, PISS + 101);
	in(&m, seg(F_A, PISS + 101, ISS + 1, 10)); assert_fired(&m, "R_EST_TEXT_OUTWIN"); pop_expect(&m, F_A, ISS + 1, PISS + 101); }
T(R_FW_TEXT_LOST_resets_when_data_arrives_after_close) { U; wc_tm m; est_active(&m);
	call(&m, WC_TM_EV_CLOSE, 0); pop_expect(&m, F_F | F_A, ISS + 1, PISS + 1);
	in(&m, seg(F_A, PISS + 1, ISS + 2, 10)); assert_fired(&m, "R_FW_TEXT_LOST"); pop_expect(&m, F_R, ISS + 2, 0);
	assert_int_equal(m.state, WC_TCP_CLOSED); }
T(R_FINRCVD_TEXT_is_ignored) { U; wc_tm m; close_wait(&m);
	in(&m, seg(F_A, PISS + 2, ISS + 1, 10)); assert_fired(&m, "R_FINRCVD_TEXT"); assert_int_equal(m.rcv_nxt, PISS + 2); }

T(R_SYNC_FIN_NONE_ends_processing) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 0)); assert_fired(&m, "R_SYNC_FIN_NONE"); }
T(R_SYNC_FIN_OOO_does_not_process_a_fin_beyond_a_gap) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A | F_F, PISS + 11, ISS + 1, 10)); assert_fired(&m, "R_SYNC_FIN_OOO"); assert_int_equal(m.state, WC_TCP_ESTABLISHED);
	pop_expect(&m, F_A, ISS + 1, PISS + 1);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 10)); assert_int_equal(m.state, WC_TCP_CLOSE_WAIT); pop_expect(&m, F_A, ISS + 1, PISS + 22); }
T(R_SYNC_FIN_OOO_acks_a_bare_fin_beyond_a_hole_at_once_and_holds_it) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A | F_F, PISS + 101, ISS + 1, 0)); assert_fired(&m, "R_SYNC_FIN_OOO");
	pop_expect(&m, F_A, ISS + 1, PISS + 1); expect_none(&m); assert_int_equal(m.state, WC_TCP_ESTABLISHED);
	/* the hole fills: the held FIN is processed with it */
	in(&m, seg(F_A | F_P, PISS + 1, ISS + 1, 100)); assert_fired(&m, "R_EST_FIN");
	assert_int_equal(m.state, WC_TCP_CLOSE_WAIT); pop_expect(&m, F_A, ISS + 1, PISS + 102); }
T(R_SYNC_FIN_OOO_mirror_accepts_the_ack_of_the_held_fin) { U; wc_tmc c; wc_tmc_init(&c, &wc_tm_profile_linux, NULL);
	wc_tm_seg s = seg(F_S, ISS, 0, 0);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_S | F_A, PISS, ISS + 1, 0); assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A, ISS + 1, PISS + 1, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_A | F_F, PISS + 101, ISS + 1, 0); assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A, ISS + 1, PISS + 1, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_A, PISS + 1, ISS + 1, 100); assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A, ISS + 1, PISS + 102, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSE_WAIT); assert_int_equal(wc_tmc_finish(&c), WC_OK); }
T(R_FINRCVD_FIN_OOO_ignores_a_fin_beyond_rcv_nxt_after_the_peers_fin) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A | F_F, PISS + 1, ISS + 1, 0)); pop_expect(&m, F_A, ISS + 1, PISS + 2);
	in(&m, seg(F_A | F_F, PISS + 10, ISS + 1, 0)); assert_fired(&m, "R_FINRCVD_FIN_OOO"); assert_int_equal(m.state, WC_TCP_CLOSE_WAIT); }
T(R_EST_FIN_enters_close_wait) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A | F_F, PISS + 1, ISS + 1, 0)); assert_fired(&m, "R_EST_FIN"); assert_int_equal(m.state, WC_TCP_CLOSE_WAIT);
	pop_expect(&m, F_A, ISS + 1, PISS + 2); }
T(R_FW1_FIN_enters_closing) { U; wc_tm m; fw1(&m);
	in(&m, seg(F_A | F_F, PISS + 1, ISS + 1, 0)); assert_fired(&m, "R_FW1_FIN"); assert_int_equal(m.state, WC_TCP_CLOSING); }
T(R_FW2_FIN_enters_time_wait) { U; wc_tm m; fw2(&m);
	in(&m, seg(F_A | F_F, PISS + 1, ISS + 2, 0)); assert_fired(&m, "R_FW2_FIN"); assert_int_equal(m.state, WC_TCP_TIME_WAIT);
	assert_int_equal(m.t_tw, m.now + wc_tm_profile_strict.time_wait_us); }
T(R_FINRCVD_FIN_remains) { U; wc_tm m; close_wait(&m);
	in(&m, seg(F_A | F_F, PISS + 2, ISS + 1, 0)); assert_fired(&m, "R_FINRCVD_FIN"); assert_int_equal(m.state, WC_TCP_CLOSE_WAIT); }
T(R_TW_FIN_acks_and_restarts_2msl) { U; wc_tm m; time_wait(&m);
	assert_int_equal(wc_tm_ep_advance(&m, 1000000), WC_OK);
	in(&m, seg(F_A | F_F, PISS + 2, ISS + 2, 0)); assert_fired(&m, "R_TW_FIN"); pop_expect(&m, F_A, ISS + 2, PISS + 2);
	assert_int_equal(m.t_tw, m.now + wc_tm_profile_strict.time_wait_us); }

int main(void)
{
	const struct CMUnitTest tests[] = {
#define X(n) cmocka_unit_test(n),
		X(R_SYNC_ACK_OFF_drops_a_segment_without_ack) X(R_SYNRCVD_ACK_OK_establishes)
		X(R_SYNRCVD_ACK_BAD_resets_with_seq_of_seg_ack) X(R_EST_ACK_NEW_advances_snd_una)
		X(R_FW1_ACK_NEW_advances_without_leaving_fin_wait_1) X(R_FW1_ACK_FIN_enters_fin_wait_2)
		X(R_CLOSING_ACK_FIN_enters_time_wait) X(R_CLOSING_ACK_OTHER_ignores_the_segment)
		X(R_LASTACK_ACK_FIN_closes) X(R_LASTACK_ACK_NEW_advances_short_of_the_fin)
		X(R_SYNC_ACK_DUP_updates_the_window_only) X(R_SYNC_ACK_OLD_is_ignored)
		X(R_SYNC_ACK_TOOOLD_CHAL_sends_challenge_ack) X(R_SYNC_ACK_TOOOLD_is_ignored_without_rfc5961_ack_check)
		X(R_SYNC_ACK_UNSENT_acks_and_drops) X(R_TW_ACK_continues_quietly)
		X(R_SYNC_URG_NONE_continues) X(R_EST_URG_advances_rcv_up_and_signals) X(R_FINRCVD_URG_is_ignored)
		X(R_SYNC_TEXT_NONE_continues) X(R_EST_TEXT_accepts_and_acknowledges)
		X(R_EST_TEXT_OOO_holds_and_sends_duplicate_ack) X(R_EST_TEXT_OUTWIN_acks_text_beyond_a_zero_window)
		X(R_FW_TEXT_LOST_resets_when_data_arrives_after_close) X(R_FINRCVD_TEXT_is_ignored)
		X(R_SYNC_FIN_NONE_ends_processing) X(R_SYNC_FIN_OOO_does_not_process_a_fin_beyond_a_gap)
		X(R_SYNC_FIN_OOO_acks_a_bare_fin_beyond_a_hole_at_once_and_holds_it)
		X(R_SYNC_FIN_OOO_mirror_accepts_the_ack_of_the_held_fin)
		X(R_FINRCVD_FIN_OOO_ignores_a_fin_beyond_rcv_nxt_after_the_peers_fin)
		X(R_EST_FIN_enters_close_wait) X(R_FW1_FIN_enters_closing) X(R_FW2_FIN_enters_time_wait)
		X(R_FINRCVD_FIN_remains) X(R_TW_FIN_acks_and_restarts_2msl)
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
