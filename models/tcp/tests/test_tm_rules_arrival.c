/* One test per rule: segment arrival in CLOSED, LISTEN, SYN-SENT and the
 * first four steps (SEQ, RST, SYN) of the synchronized states. Each is
 * written against the RFC text the rule quotes, not generated from it. */
#include "tm_helpers.h"

#define T(name) static void name(void **st_)
#define U (void)st_

T(R_CLOSED_SEG_RST_discards_silently) { U; wc_tm m; wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL);
	in(&m, seg(F_R | F_A, 5, 6, 0)); assert_fired(&m, "R_CLOSED_SEG_RST"); expect_none(&m); }
T(R_CLOSED_SEG_ACK_resets_with_seq_of_seg_ack) { U; wc_tm m; wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL);
	in(&m, seg(F_A, 5, 777, 3)); assert_fired(&m, "R_CLOSED_SEG_ACK"); pop_expect(&m, F_R, 777, 0); expect_none(&m); }
T(R_CLOSED_SEG_NOACK_resets_acking_seq_plus_len) { U; wc_tm m; wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL);
	in(&m, seg(F_S | F_F, 40, 0, 10)); assert_fired(&m, "R_CLOSED_SEG_NOACK");
	pop_expect(&m, F_R | F_A, 0, 40 + 10 + 2); assert_int_equal(m.state, WC_TCP_CLOSED); }
T(R_LISTEN_SEG_RST_is_ignored) { U; wc_tm m; wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL); call(&m, WC_TM_EV_OPEN_PASSIVE, 0);
	in(&m, seg(F_R, 1, 0, 0)); assert_fired(&m, "R_LISTEN_SEG_RST"); expect_none(&m); assert_int_equal(m.state, WC_TCP_LISTEN); }
T(R_LISTEN_SEG_ACK_resets_and_stays_listening) { U; wc_tm m; wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL); call(&m, WC_TM_EV_OPEN_PASSIVE, 0);
	in(&m, seg(F_A, 1, 99, 0)); assert_fired(&m, "R_LISTEN_SEG_ACK"); pop_expect(&m, F_R, 99, 0); assert_int_equal(m.state, WC_TCP_LISTEN); }
T(R_LISTEN_SEG_SYN_sends_synack_and_enters_syn_received) { U; wc_tm m; wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL); call(&m, WC_TM_EV_OPEN_PASSIVE, 0);
	wc_tm_seg s = seg(F_S, PISS, 0, 0); s.opts = WC_TM_O_MSS; s.mss = 1000; in(&m, s);
	assert_fired(&m, "R_LISTEN_SEG_SYN"); pop_expect(&m, F_S | F_A, ISS, PISS + 1);
	assert_int_equal(m.state, WC_TCP_SYN_RECEIVED); assert_int_equal(m.snd_mss, 1000); }
T(R_LISTEN_SEG_OTHER_drops) { U; wc_tm m; wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL); call(&m, WC_TM_EV_OPEN_PASSIVE, 0);
	in(&m, seg(F_F, 1, 0, 5)); assert_fired(&m, "R_LISTEN_SEG_OTHER"); expect_none(&m); assert_int_equal(m.state, WC_TCP_LISTEN); }

static void syn_sent(wc_tm *m) { wc_tm_ep_init(m, &wc_tm_profile_strict, NULL); call(m, WC_TM_EV_OPEN_ACTIVE, 0); pop_expect(m, F_S, ISS, 0); }

T(R_SYNSENT_ACK_BAD_resets_an_ack_at_or_below_iss) { U; wc_tm m; syn_sent(&m);
	in(&m, seg(F_A | F_S, PISS, ISS, 0)); assert_fired(&m, "R_SYNSENT_ACK_BAD"); pop_expect(&m, F_R, ISS, 0); assert_int_equal(m.state, WC_TCP_SYN_SENT); }
T(R_SYNSENT_ACK_BAD_RST_drops_a_reset_with_bad_ack) { U; wc_tm m; syn_sent(&m);
	in(&m, seg(F_A | F_R, 0, ISS + 2, 0)); assert_fired(&m, "R_SYNSENT_ACK_BAD_RST"); expect_none(&m); assert_int_equal(m.state, WC_TCP_SYN_SENT); }
T(R_SYNSENT_RST_with_acceptable_ack_resets_the_connection) { U; wc_tm m; syn_sent(&m);
	in(&m, seg(F_A | F_R, 0, ISS + 1, 0)); assert_fired(&m, "R_SYNSENT_RST"); assert_int_equal(m.state, WC_TCP_CLOSED);
	assert_int_equal(m.user, WC_TM_U_RESET); expect_none(&m); }
T(R_SYNSENT_RST_NOACK_is_dropped) { U; wc_tm m; syn_sent(&m);
	in(&m, seg(F_R, 0, 0, 0)); assert_fired(&m, "R_SYNSENT_RST_NOACK"); assert_int_equal(m.state, WC_TCP_SYN_SENT); }
T(R_SYNSENT_SYNACK_acks_and_establishes) { U; wc_tm m; syn_sent(&m);
	in(&m, seg(F_S | F_A, PISS, ISS + 1, 0)); assert_fired(&m, "R_SYNSENT_SYNACK"); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m.state, WC_TCP_ESTABLISHED); assert_int_equal(m.snd_una, ISS + 1); }
T(R_SYNSENT_SYN_answers_a_simultaneous_open_with_synack) { U; wc_tm m; syn_sent(&m);
	in(&m, seg(F_S, PISS, 0, 0)); assert_fired(&m, "R_SYNSENT_SYN"); pop_expect(&m, F_S | F_A, ISS, PISS + 1);
	assert_int_equal(m.state, WC_TCP_SYN_RECEIVED); assert_int_equal(m.passive, 0); }
T(R_SYNSENT_NOCTL_drops_a_plain_ack) { U; wc_tm m; syn_sent(&m);
	in(&m, seg(F_A, PISS, ISS + 1, 0)); assert_fired(&m, "R_SYNSENT_NOCTL"); expect_none(&m); assert_int_equal(m.state, WC_TCP_SYN_SENT); }

T(R_SYNC_SEQ_OK_trims_a_segment_straddling_rcv_nxt) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS + 1 - 4, ISS + 1, 10)); assert_fired(&m, "R_SYNC_SEQ_OK");
	assert_int_equal(m.rcv_nxt, PISS + 1 + 6); pop_expect(&m, F_A, ISS + 1, PISS + 7); }
T(R_SYNC_SEQ_BAD_acks_an_old_segment) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS - 100, ISS + 1, 10)); assert_fired(&m, "R_SYNC_SEQ_BAD"); pop_expect(&m, F_A, ISS + 1, PISS + 1); expect_none(&m); }
T(R_SYNC_SEQ_BAD_RST_drops_a_reset_outside_the_window) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_R, PISS + 1 + 70000, 0, 0)); assert_fired(&m, "R_SYNC_SEQ_BAD_RST"); expect_none(&m); assert_int_equal(m.state, WC_TCP_ESTABLISHED); }

static const wc_tm_profile *ts_profile(void)
{
	static wc_tm_profile p;
	p = wc_tm_profile_strict;
	p.ts = 1;
	p.name = "strict+ts";
	return &p;
}

static void est_ts(wc_tm *m)
{
	wc_tm_ep_init(m, ts_profile(), NULL);
	call(m, WC_TM_EV_OPEN_ACTIVE, 0);
	wc_tm_seg o = pop_expect(m, F_S, ISS, 0);
	assert_true(o.opts & WC_TM_O_TS);
	wc_tm_seg s = seg(F_S | F_A, PISS, ISS + 1, 0);
	s.opts = WC_TM_O_TS; s.tsval = 100; s.tsecr = o.tsval;
	in(m, s);
	pop_expect(m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m->ts_ok, 1);
}

T(R_SYNC_SEQ_PAWS_rejects_an_older_timestamp) { U; wc_tm m; est_ts(&m);
	wc_tm_seg s = seg(F_A, PISS + 1, ISS + 1, 5); s.opts = WC_TM_O_TS; s.tsval = 50; in(&m, s);
	assert_fired(&m, "R_SYNC_SEQ_PAWS"); pop_expect(&m, F_A, ISS + 1, PISS + 1); assert_int_equal(m.rcv_nxt, PISS + 1); }
T(R_SYNC_SEQ_NOTS_drops_a_segment_without_timestamps) { U; wc_tm m; est_ts(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 5)); assert_fired(&m, "R_SYNC_SEQ_NOTS"); expect_none(&m); assert_int_equal(m.rcv_nxt, PISS + 1); }
static void est_ts_accept(wc_tm *m)
{
	static wc_tm_profile p;
	p = *ts_profile();
	p.ts_missing_accept = 1;
	p.name = "strict+ts+accept";
	wc_tm_ep_init(m, &p, NULL);
	call(m, WC_TM_EV_OPEN_ACTIVE, 0);
	wc_tm_seg o = pop_expect(m, F_S, ISS, 0);
	wc_tm_seg s = seg(F_S | F_A, PISS, ISS + 1, 0);
	s.opts = WC_TM_O_TS; s.tsval = 100; s.tsecr = o.tsval;
	in(m, s);
	pop_expect(m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m->ts_ok, 1);
}
T(R_SYNC_SEQ_NOTS_ACCEPT_processes_a_segment_without_timestamps_when_the_profile_accepts) { U; wc_tm m; est_ts_accept(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 5)); assert_fired(&m, "R_SYNC_SEQ_NOTS_ACCEPT"); assert_fired(&m, "R_EST_TEXT");
	assert_int_equal(m.rcv_nxt, PISS + 6); pop_expect(&m, F_A, ISS + 1, PISS + 6);
	assert_int_equal(wc_tm_rows[wc_tm_rule_find("R_SYNC_SEQ_NOTS_ACCEPT")].cls, WC_TM_SHOULD); }
T(R_SYNC_SEQ_NOTS_BAD_acks_an_unacceptable_segment_without_timestamps_when_the_profile_accepts) { U; wc_tm m; est_ts_accept(&m);
	in(&m, seg(F_A, PISS - 100, ISS + 1, 5)); assert_fired(&m, "R_SYNC_SEQ_NOTS_BAD"); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m.rcv_nxt, PISS + 1); }
T(R_SYNC_SEQ_NOTS_is_a_should_either_way_in_the_checker) { U;
	/* the linux profile accepts, the strict one drops: both rows are SHOULD-level */
	assert_int_equal(wc_tm_profile_linux.ts_missing_accept, 1);
	assert_int_equal(wc_tm_profile_strict.ts_missing_accept, 0);
	assert_int_equal(wc_tm_rows[wc_tm_rule_find("R_SYNC_SEQ_NOTS")].cls, WC_TM_SHOULD);
	assert_int_equal(wc_tm_rows[wc_tm_rule_find("R_SYNC_SEQ_NOTS_BAD")].cls, WC_TM_SHOULD); }
T(R_SEG_OPT_BADLEN_processes_the_segment_with_the_options_before_the_bad_one) { U; wc_tm m;
	wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL); call(&m, WC_TM_EV_OPEN_PASSIVE, 0);
	/* MSS 1000, then an MSS option of length 1: the rest is not walked */
	static const uint8_t o[] = {2, 4, 0x03, 0xe8, 2, 1, 3, 3};
	wc_tm_seg s = seg(F_S, PISS, 0, 0); wc_tm_seg_opts(o, sizeof o, &s);
	assert_true(s.opts & WC_TM_O_BADLEN); assert_true(s.opts & WC_TM_O_MSS); assert_false(s.opts & WC_TM_O_WS);
	assert_int_equal(s.mss, 1000);
	in(&m, s); assert_fired(&m, "R_SEG_OPT_BADLEN"); assert_fired(&m, "R_LISTEN_SEG_SYN");
	pop_expect(&m, F_S | F_A, ISS, PISS + 1); assert_int_equal(m.peer_mss, 1000); }
T(R_SEG_OPT_BADLEN_walk_never_reads_past_the_area) { U;
	static const uint8_t zero[] = {2, 0, 0, 0}, past[] = {3, 3}, lone[] = {1, 1, 8}, size[] = {2, 3, 5, 1, 1, 1, 1, 1};
	wc_tm_seg s = seg(F_A, 0, 0, 0); wc_tm_seg_opts(zero, sizeof zero, &s); assert_int_equal(s.opts, WC_TM_O_BADLEN);
	s = seg(F_A, 0, 0, 0); wc_tm_seg_opts(past, sizeof past, &s); assert_int_equal(s.opts, WC_TM_O_BADLEN);
	s = seg(F_A, 0, 0, 0); wc_tm_seg_opts(lone, sizeof lone, &s); assert_int_equal(s.opts, WC_TM_O_BADLEN);
	s = seg(F_A, 0, 0, 0); wc_tm_seg_opts(size, sizeof size, &s); assert_int_equal(s.opts, WC_TM_O_BADLEN);
	static const uint8_t good[] = {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9, 0, 99};
	s = seg(F_A, 0, 0, 0); wc_tm_seg_opts(good, sizeof good, &s); assert_int_equal(s.opts, WC_TM_O_TS);
	assert_int_equal(s.tsval, 7); assert_int_equal(s.tsecr, 9); }
T(R_TW_SEQ_OLDFIN_acks_a_retransmitted_fin_and_restarts_2msl) { U; wc_tm m; time_wait(&m);
	assert_int_equal(wc_tm_ep_advance(&m, 100000000), WC_OK); uint64_t before = m.t_tw;
	in(&m, seg(F_F | F_A, PISS + 1, ISS + 2, 0)); assert_fired(&m, "R_TW_SEQ_OLDFIN"); pop_expect(&m, F_A, ISS + 2, PISS + 2);
	assert_true(m.t_tw > before); assert_int_equal(m.state, WC_TCP_TIME_WAIT); }
T(R_SYNRCVD_SEQ_SIMOPEN_completes_a_simultaneous_open) { U; wc_tm m; synrcvd_active(&m);
	in(&m, seg(F_S | F_A, PISS, ISS + 1, 0)); assert_fired(&m, "R_SYNRCVD_SEQ_SIMOPEN"); assert_fired(&m, "R_SYNRCVD_ACK_OK");
	assert_int_equal(m.state, WC_TCP_ESTABLISHED); expect_none(&m); }

T(R_SYNC_RST_NONE_continues_without_rst) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 0)); assert_fired(&m, "R_SYNC_RST_NONE"); assert_int_equal(m.state, WC_TCP_ESTABLISHED); }
T(R_SYNRCVD_RST_PASSIVE_returns_to_listen) { U; wc_tm m; synrcvd_passive(&m);
	in(&m, seg(F_R, PISS + 1, 0, 0)); assert_fired(&m, "R_SYNRCVD_RST_PASSIVE"); assert_int_equal(m.state, WC_TCP_LISTEN); expect_none(&m); }
T(R_SYNRCVD_RST_ACTIVE_reports_connection_refused) { U; wc_tm m; synrcvd_active(&m);
	in(&m, seg(F_R, PISS + 1, 0, 0)); assert_fired(&m, "R_SYNRCVD_RST_ACTIVE"); assert_int_equal(m.state, WC_TCP_CLOSED);
	assert_int_equal(m.user, WC_TM_U_REFUSED); }
T(R_EST_RST_EXACT_resets_the_connection) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_R, PISS + 1, 0, 0)); assert_fired(&m, "R_EST_RST_EXACT"); assert_int_equal(m.state, WC_TCP_CLOSED);
	assert_int_equal(m.user, WC_TM_U_RESET); expect_none(&m); }
T(R_CLOSING_RST_EXACT_closes_from_last_ack) { U; wc_tm m; last_ack(&m);
	in(&m, seg(F_R, PISS + 2, 0, 0)); assert_fired(&m, "R_CLOSING_RST_EXACT"); assert_int_equal(m.state, WC_TCP_CLOSED); }
T(R_TW_RST_EXACT_closes_time_wait_without_rfc1337) { U; wc_tm m; time_wait(&m);
	in(&m, seg(F_R, PISS + 2, 0, 0)); assert_fired(&m, "R_TW_RST_EXACT"); assert_int_equal(m.state, WC_TCP_CLOSED); }
T(R_TW_RST_1337_ignores_rst_in_time_wait) { U; wc_tm m; static wc_tm_profile p; p = wc_tm_profile_strict; p.rfc1337 = 1;
	est_active_p(&m, &p); call(&m, WC_TM_EV_SHUTDOWN, 0); pop_expect(&m, F_F | F_A, ISS + 1, PISS + 1);
	in(&m, seg(F_A, PISS + 1, ISS + 2, 0)); in(&m, seg(F_F | F_A, PISS + 1, ISS + 2, 0)); pop_expect(&m, F_A, ISS + 2, PISS + 2);
	in(&m, seg(F_R, PISS + 2, 0, 0)); assert_fired(&m, "R_TW_RST_1337"); assert_int_equal(m.state, WC_TCP_TIME_WAIT); }
T(R_SYNC_RST_INWIN_sends_challenge_ack) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_R, PISS + 100, 0, 0)); assert_fired(&m, "R_SYNC_RST_INWIN"); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m.state, WC_TCP_ESTABLISHED); }

T(R_SYNC_SYN_NONE_continues_without_syn) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 0)); assert_fired(&m, "R_SYNC_SYN_NONE"); }
T(R_SYNRCVD_SYN_PASSIVE_returns_to_listen) { U; wc_tm m; synrcvd_passive(&m);
	in(&m, seg(F_S, PISS + 1, 0, 0)); assert_fired(&m, "R_SYNRCVD_SYN_PASSIVE"); assert_int_equal(m.state, WC_TCP_LISTEN); }
T(R_SYNC_SYN_CHALLENGE_acks_a_syn_in_window) { U; wc_tm m; est_active(&m);
	in(&m, seg(F_S, PISS + 10, 0, 0)); assert_fired(&m, "R_SYNC_SYN_CHALLENGE"); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m.state, WC_TCP_ESTABLISHED); }
T(R_SYNC_SYN_RESET_resets_without_rfc5961) { U; wc_tm m; static wc_tm_profile p; p = wc_tm_profile_strict; p.rfc5961 = 0;
	est_active_p(&m, &p); in(&m, seg(F_S, PISS + 10, 0, 0)); assert_fired(&m, "R_SYNC_SYN_RESET");
	pop_expect(&m, F_R | F_A, 0, PISS + 11); assert_int_equal(m.state, WC_TCP_CLOSED); }

int main(void)
{
	const struct CMUnitTest tests[] = {
#define X(n) cmocka_unit_test(n),
		X(R_CLOSED_SEG_RST_discards_silently) X(R_CLOSED_SEG_ACK_resets_with_seq_of_seg_ack)
		X(R_CLOSED_SEG_NOACK_resets_acking_seq_plus_len) X(R_LISTEN_SEG_RST_is_ignored)
		X(R_LISTEN_SEG_ACK_resets_and_stays_listening) X(R_LISTEN_SEG_SYN_sends_synack_and_enters_syn_received)
		X(R_LISTEN_SEG_OTHER_drops) X(R_SYNSENT_ACK_BAD_resets_an_ack_at_or_below_iss)
		X(R_SYNSENT_ACK_BAD_RST_drops_a_reset_with_bad_ack) X(R_SYNSENT_RST_with_acceptable_ack_resets_the_connection)
		X(R_SYNSENT_RST_NOACK_is_dropped) X(R_SYNSENT_SYNACK_acks_and_establishes)
		X(R_SYNSENT_SYN_answers_a_simultaneous_open_with_synack) X(R_SYNSENT_NOCTL_drops_a_plain_ack)
		X(R_SYNC_SEQ_OK_trims_a_segment_straddling_rcv_nxt) X(R_SYNC_SEQ_BAD_acks_an_old_segment)
		X(R_SYNC_SEQ_BAD_RST_drops_a_reset_outside_the_window) X(R_SYNC_SEQ_PAWS_rejects_an_older_timestamp)
		X(R_SYNC_SEQ_NOTS_drops_a_segment_without_timestamps)
		X(R_SYNC_SEQ_NOTS_ACCEPT_processes_a_segment_without_timestamps_when_the_profile_accepts)
		X(R_SYNC_SEQ_NOTS_BAD_acks_an_unacceptable_segment_without_timestamps_when_the_profile_accepts)
		X(R_SYNC_SEQ_NOTS_is_a_should_either_way_in_the_checker)
		X(R_SEG_OPT_BADLEN_processes_the_segment_with_the_options_before_the_bad_one)
		X(R_SEG_OPT_BADLEN_walk_never_reads_past_the_area) X(R_TW_SEQ_OLDFIN_acks_a_retransmitted_fin_and_restarts_2msl)
		X(R_SYNRCVD_SEQ_SIMOPEN_completes_a_simultaneous_open) X(R_SYNC_RST_NONE_continues_without_rst)
		X(R_SYNRCVD_RST_PASSIVE_returns_to_listen) X(R_SYNRCVD_RST_ACTIVE_reports_connection_refused)
		X(R_EST_RST_EXACT_resets_the_connection) X(R_CLOSING_RST_EXACT_closes_from_last_ack)
		X(R_TW_RST_EXACT_closes_time_wait_without_rfc1337) X(R_TW_RST_1337_ignores_rst_in_time_wait)
		X(R_SYNC_RST_INWIN_sends_challenge_ack) X(R_SYNC_SYN_NONE_continues_without_syn)
		X(R_SYNRCVD_SYN_PASSIVE_returns_to_listen) X(R_SYNC_SYN_CHALLENGE_acks_a_syn_in_window)
		X(R_SYNC_SYN_RESET_resets_without_rfc5961)
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
