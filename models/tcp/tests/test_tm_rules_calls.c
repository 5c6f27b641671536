/* One test per rule: user calls, timeouts, and the endpoint-output rows
 * (the latter through the checker, which is where they refuse things). */
#include "tm_helpers.h"

#define T(name) static void name(void **st_)
#define U (void)st_

static void closed(wc_tm *m) { wc_tm_ep_init(m, &wc_tm_profile_strict, NULL); }
static void listen_(wc_tm *m) { closed(m); call(m, WC_TM_EV_OPEN_PASSIVE, 0); }
static void syn_sent(wc_tm *m) { closed(m); call(m, WC_TM_EV_OPEN_ACTIVE, 0); pop_expect(m, F_S, ISS, 0); }

#define CALL_RULE(name, setup, ev, arg, id, state_after, user_after)          \
	T(name) { U; wc_tm m; setup(&m); call(&m, ev, arg); assert_fired(&m, id); \
		  assert_int_equal(m.state, state_after); assert_int_equal(m.user, user_after); }

CALL_RULE(R_CLOSED_OPEN_PASSIVE_listens, closed, WC_TM_EV_OPEN_PASSIVE, 0, "R_CLOSED_OPEN_PASSIVE", WC_TCP_LISTEN, WC_TM_U_OK)
T(R_CLOSED_OPEN_ACTIVE_sends_syn_with_iss) { U; wc_tm m; closed(&m); call(&m, WC_TM_EV_OPEN_ACTIVE, 0);
	assert_fired(&m, "R_CLOSED_OPEN_ACTIVE"); wc_tm_seg s = pop_expect(&m, F_S, ISS, 0); assert_true(s.opts & WC_TM_O_MSS);
	assert_int_equal(m.snd_nxt, ISS + 1); assert_int_equal(m.state, WC_TCP_SYN_SENT); }
T(R_LISTEN_OPEN_ACTIVE_turns_a_listener_active) { U; wc_tm m; listen_(&m); call(&m, WC_TM_EV_OPEN_ACTIVE, 0);
	assert_fired(&m, "R_LISTEN_OPEN_ACTIVE"); pop_expect(&m, F_S, ISS, 0); assert_int_equal(m.state, WC_TCP_SYN_SENT); }
CALL_RULE(R_OPEN_PASSIVE_EXISTS_errors, est_active, WC_TM_EV_OPEN_PASSIVE, 0, "R_OPEN_PASSIVE_EXISTS", WC_TCP_ESTABLISHED, WC_TM_U_EXISTS)
CALL_RULE(R_OPEN_ACTIVE_EXISTS_errors, syn_sent, WC_TM_EV_OPEN_ACTIVE, 0, "R_OPEN_ACTIVE_EXISTS", WC_TCP_SYN_SENT, WC_TM_U_EXISTS)
CALL_RULE(R_CLOSED_SEND_errors, closed, WC_TM_EV_SEND, 10, "R_CLOSED_SEND", WC_TCP_CLOSED, WC_TM_U_NOCONN)
CALL_RULE(R_LISTEN_SEND_errors, listen_, WC_TM_EV_SEND, 10, "R_LISTEN_SEND", WC_TCP_LISTEN, WC_TM_U_NOCONN)
T(R_PRESYNC_SEND_queues_until_established) { U; wc_tm m; syn_sent(&m); call(&m, WC_TM_EV_SEND, 10);
	assert_fired(&m, "R_PRESYNC_SEND"); expect_none(&m);
	in(&m, seg(F_S | F_A, PISS, ISS + 1, 0)); pop_expect(&m, F_A, ISS + 1, PISS + 1); }
T(R_EST_SEND_transmits_at_snd_nxt) { U; wc_tm m; est_active(&m); call(&m, WC_TM_EV_SEND, 10);
	assert_fired(&m, "R_EST_SEND"); wc_tm_seg s = pop_expect(&m, F_A, ISS + 1, PISS + 1); assert_int_equal(s.len, 10); }
CALL_RULE(R_CLOSING_SEND_errors, fw1, WC_TM_EV_SEND, 10, "R_CLOSING_SEND", WC_TCP_FIN_WAIT_1, WC_TM_U_CLOSING)
CALL_RULE(R_CLOSED_RECEIVE_errors, closed, WC_TM_EV_RECEIVE, 10, "R_CLOSED_RECEIVE", WC_TCP_CLOSED, WC_TM_U_NOCONN)
CALL_RULE(R_PRESYNC_RECEIVE_waits, syn_sent, WC_TM_EV_RECEIVE, 10, "R_PRESYNC_RECEIVE", WC_TCP_SYN_SENT, WC_TM_U_OK)
T(R_EST_RECEIVE_delivers_queued_data) { U; wc_tm m; est_active(&m); in(&m, seg(F_A, PISS + 1, ISS + 1, 30)); pop_expect(&m, F_A, ISS + 1, PISS + 31);
	call(&m, WC_TM_EV_RECEIVE, 20); assert_fired(&m, "R_EST_RECEIVE"); assert_int_equal(m.rcvq, 10); }
T(R_FINRCVD_RECEIVE_reports_end_of_data) { U; wc_tm m; close_wait(&m); call(&m, WC_TM_EV_RECEIVE, 20);
	assert_fired(&m, "R_FINRCVD_RECEIVE"); assert_int_equal(m.user, WC_TM_U_EOF); }
CALL_RULE(R_CLOSED_CLOSE_errors, closed, WC_TM_EV_CLOSE, 0, "R_CLOSED_CLOSE", WC_TCP_CLOSED, WC_TM_U_NOCONN)
CALL_RULE(R_LISTEN_CLOSE_closes, listen_, WC_TM_EV_CLOSE, 0, "R_LISTEN_CLOSE", WC_TCP_CLOSED, WC_TM_U_OK)
CALL_RULE(R_SYNSENT_CLOSE_closes, syn_sent, WC_TM_EV_CLOSE, 0, "R_SYNSENT_CLOSE", WC_TCP_CLOSED, WC_TM_U_OK)
CALL_RULE(R_SYNRCVD_CLOSE_enters_fin_wait_1, synrcvd_passive, WC_TM_EV_CLOSE, 0, "R_SYNRCVD_CLOSE", WC_TCP_FIN_WAIT_1, WC_TM_U_OK)
T(R_SYNRCVD_CLOSE_sends_the_fin_at_once_after_a_simultaneous_open) { U; wc_tm m; synrcvd_active(&m);
	call(&m, WC_TM_EV_CLOSE, 0); assert_fired(&m, "R_SYNRCVD_CLOSE"); assert_int_equal(m.state, WC_TCP_FIN_WAIT_1);
	pop_expect(&m, F_F | F_A, ISS + 1, PISS + 1); expect_none(&m);
	in(&m, seg(F_A, PISS + 1, ISS + 2, 0)); assert_fired(&m, "R_FW1_ACK_FIN"); assert_int_equal(m.state, WC_TCP_FIN_WAIT_2); }
T(R_SYNRCVD_SHUTDOWN_sends_the_fin_at_once_after_a_simultaneous_open) { U; wc_tm m; synrcvd_active(&m);
	call(&m, WC_TM_EV_SHUTDOWN, 0); assert_fired(&m, "R_SYNRCVD_SHUTDOWN"); pop_expect(&m, F_F | F_A, ISS + 1, PISS + 1); }
T(R_SYNRCVD_CLOSE_checker_requires_the_fin_at_once) { U; wc_tmc c; wc_tmc_init(&c, &wc_tm_profile_linux, NULL);
	wc_tm_seg s = seg(F_S, ISS, 0, 0);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_S, PISS, 0, 0); assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_S | F_A, ISS, PISS + 1, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SHUTDOWN, 0), WC_OK);
	s = seg(F_A, PISS + 1, ISS + 1, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_SYNRCVD_SHUTDOWN"); assert_string_equal(c.rep.field, "segment");
	assert_int_equal(c.rep.cls, WC_TM_MUST); }
T(R_SYNRCVD_CLOSE_checker_accepts_the_fin_before_the_ack_of_our_syn) { U; wc_tmc c; wc_tmc_init(&c, &wc_tm_profile_linux, NULL);
	wc_tm_seg s = seg(F_S, ISS, 0, 0);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_S, PISS, 0, 0); assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_S | F_A, ISS, PISS + 1, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_CLOSE, 0), WC_OK);
	s = seg(F_F | F_A, ISS + 1, PISS + 1, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_A, PISS + 1, ISS + 2, 0); assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_FIN_WAIT_2); assert_int_equal(wc_tmc_finish(&c), WC_OK); }
T(R_PERSIST_DUE_rearms_after_a_zero_length_probe_at_snd_una_minus_1) { U; wc_tmc c; wc_tmc_init(&c, &wc_tm_profile_linux, NULL);
	wc_tm_seg s = seg(F_S, ISS, 0, 0);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_S | F_A, PISS, ISS + 1, 0); s.wnd = 0; assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A, ISS + 1, PISS + 1, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 100), WC_OK);
	/* Linux-style probes, backing off: 0.2 s, 0.6 s, 1.4 s (next at 3.0 s) */
	static const uint64_t at[] = {200000, 400000, 800000};
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(wc_tmc_advance(&c, at[i]), WC_OK);
		s = seg(F_A, ISS, PISS + 1, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
		assert_true(fired(&c.m, "R_OUT_ACK"));
	}
	assert_int_equal(c.m.nprobe, 3);
	/* 2.5 s: no probe is owed yet (each seen probe re-armed the persist timer) */
	assert_int_equal(wc_tmc_advance(&c, 1100000), WC_OK);
	s = seg(F_A, PISS + 1, ISS + 1, 0); assert_int_equal(wc_tmc_input(&c, &s), WC_OK); }
T(R_EST_CLOSE_sends_fin) { U; wc_tm m; est_active(&m); call(&m, WC_TM_EV_CLOSE, 0); assert_fired(&m, "R_EST_CLOSE");
	pop_expect(&m, F_F | F_A, ISS + 1, PISS + 1); assert_int_equal(m.state, WC_TCP_FIN_WAIT_1); }
T(R_CW_CLOSE_sends_fin_and_enters_last_ack) { U; wc_tm m; close_wait(&m); call(&m, WC_TM_EV_CLOSE, 0); assert_fired(&m, "R_CW_CLOSE");
	pop_expect(&m, F_F | F_A, ISS + 1, PISS + 2); assert_int_equal(m.state, WC_TCP_LAST_ACK); }
T(R_CLOSE_UNREAD_resets_when_data_is_unread) { U; wc_tm m; est_active(&m); in(&m, seg(F_A, PISS + 1, ISS + 1, 30));
	pop_expect(&m, F_A, ISS + 1, PISS + 31); call(&m, WC_TM_EV_CLOSE, 0); assert_fired(&m, "R_CLOSE_UNREAD");
	pop_expect(&m, F_R, ISS + 1, 0); assert_int_equal(m.state, WC_TCP_CLOSED); }
CALL_RULE(R_FW_CLOSE_errors_after_shutdown, fw1, WC_TM_EV_CLOSE, 0, "R_FW_CLOSE", WC_TCP_FIN_WAIT_1, WC_TM_U_CLOSING)
CALL_RULE(R_CLOSING_CLOSE_errors, last_ack, WC_TM_EV_CLOSE, 0, "R_CLOSING_CLOSE", WC_TCP_LAST_ACK, WC_TM_U_CLOSING)
CALL_RULE(R_CLOSED_SHUTDOWN_errors, closed, WC_TM_EV_SHUTDOWN, 0, "R_CLOSED_SHUTDOWN", WC_TCP_CLOSED, WC_TM_U_NOCONN)
CALL_RULE(R_LISTEN_SHUTDOWN_closes, listen_, WC_TM_EV_SHUTDOWN, 0, "R_LISTEN_SHUTDOWN", WC_TCP_CLOSED, WC_TM_U_OK)
CALL_RULE(R_SYNSENT_SHUTDOWN_closes, syn_sent, WC_TM_EV_SHUTDOWN, 0, "R_SYNSENT_SHUTDOWN", WC_TCP_CLOSED, WC_TM_U_OK)
CALL_RULE(R_SYNRCVD_SHUTDOWN_enters_fin_wait_1, synrcvd_passive, WC_TM_EV_SHUTDOWN, 0, "R_SYNRCVD_SHUTDOWN", WC_TCP_FIN_WAIT_1, WC_TM_U_OK)
T(R_EST_SHUTDOWN_half_closes_and_keeps_receiving) { U; wc_tm m; est_active(&m); call(&m, WC_TM_EV_SHUTDOWN, 0);
	assert_fired(&m, "R_EST_SHUTDOWN"); pop_expect(&m, F_F | F_A, ISS + 1, PISS + 1);
	in(&m, seg(F_A, PISS + 1, ISS + 2, 10)); pop_expect(&m, F_A, ISS + 2, PISS + 11); assert_int_equal(m.state, WC_TCP_FIN_WAIT_2); }
CALL_RULE(R_CW_SHUTDOWN_enters_last_ack, close_wait, WC_TM_EV_SHUTDOWN, 0, "R_CW_SHUTDOWN", WC_TCP_LAST_ACK, WC_TM_U_OK)
CALL_RULE(R_CLOSING_SHUTDOWN_errors, fw2, WC_TM_EV_SHUTDOWN, 0, "R_CLOSING_SHUTDOWN", WC_TCP_FIN_WAIT_2, WC_TM_U_CLOSING)
CALL_RULE(R_CLOSED_ABORT_errors, closed, WC_TM_EV_ABORT, 0, "R_CLOSED_ABORT", WC_TCP_CLOSED, WC_TM_U_NOCONN)
T(R_PRESYNC_ABORT_closes_silently) { U; wc_tm m; syn_sent(&m); call(&m, WC_TM_EV_ABORT, 0); assert_fired(&m, "R_PRESYNC_ABORT");
	expect_none(&m); assert_int_equal(m.state, WC_TCP_CLOSED); }
T(R_SYNC_ABORT_sends_rst_at_snd_nxt) { U; wc_tm m; est_active(&m); call(&m, WC_TM_EV_SEND, 10); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	call(&m, WC_TM_EV_ABORT, 0); assert_fired(&m, "R_SYNC_ABORT"); pop_expect(&m, F_R, ISS + 11, 0); assert_int_equal(m.state, WC_TCP_CLOSED); }
T(R_CLOSING_ABORT_closes_without_rst) { U; wc_tm m; time_wait(&m); call(&m, WC_TM_EV_ABORT, 0); assert_fired(&m, "R_CLOSING_ABORT");
	expect_none(&m); assert_int_equal(m.state, WC_TCP_CLOSED); }

#define TO(m, ev) assert_int_equal(wc_tm_ep_timeout(&(m), (ev)), WC_OK)

T(R_RTX_IDLE_does_nothing_without_outstanding_data) { U; wc_tm m; est_active(&m); TO(m, WC_TM_EV_TO_RTX);
	assert_fired(&m, "R_RTX_IDLE"); expect_none(&m); }
T(R_RTX_DUE_retransmits_and_backs_off) { U; wc_tm m; est_active(&m); call(&m, WC_TM_EV_SEND, 10); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(wc_tm_ep_advance(&m, 1000000), WC_OK); assert_fired(&m, "R_RTX_DUE");
	wc_tm_seg s = pop_expect(&m, F_A, ISS + 1, PISS + 1); assert_int_equal(s.len, 10); assert_int_equal(m.rto, 2000000); }
T(R_RTX_LIMIT_gives_up_after_r2) { U; wc_tm m; syn_sent(&m);
	for (int i = 0; i < 7; i++) { assert_int_equal(wc_tm_ep_advance(&m, 200000000), WC_OK); wc_tm_seg s; while (wc_tm_ep_pop(&m, &s)) {} }
	assert_int_equal(m.state, WC_TCP_CLOSED); assert_int_equal(m.user, WC_TM_U_TIMEOUT); }
T(R_TW_IDLE_does_nothing_outside_time_wait) { U; wc_tm m; est_active(&m); TO(m, WC_TM_EV_TO_TIMEWAIT); assert_fired(&m, "R_TW_IDLE");
	assert_int_equal(m.state, WC_TCP_ESTABLISHED); }
T(R_TW_EXPIRE_closes_after_2msl) { U; wc_tm m; time_wait(&m);
	/* at the 2MSL instant still lingering (MUST-13 is a least time), closed once it has passed */
	assert_int_equal(wc_tm_ep_advance(&m, wc_tm_profile_strict.time_wait_us), WC_OK); assert_int_equal(m.state, WC_TCP_TIME_WAIT);
	assert_int_equal(wc_tm_ep_advance(&m, 1), WC_OK); assert_fired(&m, "R_TW_EXPIRE"); assert_int_equal(m.state, WC_TCP_CLOSED); }
T(R_USER_IDLE_does_nothing_when_off) { U; wc_tm m; est_active(&m); TO(m, WC_TM_EV_TO_USER); assert_fired(&m, "R_USER_IDLE"); }
T(R_USER_TIMEOUT_aborts) { U; wc_tm m; static wc_tm_profile p; p = wc_tm_profile_strict; p.user_timeout_us = 5000000;
	est_active_p(&m, &p); call(&m, WC_TM_EV_SEND, 10); pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(wc_tm_ep_advance(&m, 5000000), WC_OK); assert_fired(&m, "R_USER_TIMEOUT"); assert_int_equal(m.state, WC_TCP_CLOSED);
	assert_int_equal(m.user, WC_TM_U_TIMEOUT); }
T(R_DELACK_IDLE_does_nothing) { U; wc_tm m; est_active(&m); TO(m, WC_TM_EV_TO_DELACK); assert_fired(&m, "R_DELACK_IDLE"); expect_none(&m); }
T(R_DELACK_DUE_sends_the_delayed_ack) { U; wc_tm m; static wc_tm_profile p; p = wc_tm_profile_strict; p.delack_us = 100000;
	est_active_p(&m, &p); in(&m, seg(F_A, PISS + 1, ISS + 1, 10)); expect_none(&m);
	assert_int_equal(wc_tm_ep_advance(&m, 100000), WC_OK); assert_fired(&m, "R_DELACK_DUE"); pop_expect(&m, F_A, ISS + 1, PISS + 11); }
T(R_PERSIST_IDLE_does_nothing_with_an_open_window) { U; wc_tm m; est_active(&m); TO(m, WC_TM_EV_TO_PERSIST); assert_fired(&m, "R_PERSIST_IDLE"); }
T(R_PERSIST_DUE_probes_a_zero_window) { U; wc_tm m; est_active(&m); wc_tm_seg z = seg(F_A, PISS + 1, ISS + 1, 0); z.wnd = 0; in(&m, z);
	call(&m, WC_TM_EV_SEND, 10); expect_none(&m);
	assert_int_equal(wc_tm_ep_advance(&m, 1000000), WC_OK); assert_fired(&m, "R_PERSIST_DUE");
	wc_tm_seg s = pop_expect(&m, F_A, ISS + 1, PISS + 1); assert_int_equal(s.len, 1); }
T(R_KEEPALIVE_IDLE_is_off_by_default) { U; wc_tm m; est_active(&m); assert_int_equal(m.t_keep, 0); TO(m, WC_TM_EV_TO_KEEPALIVE);
	assert_fired(&m, "R_KEEPALIVE_IDLE"); expect_none(&m); }
T(R_KEEPALIVE_DUE_probes_at_snd_nxt_minus_1) { U; wc_tm m; static wc_tm_profile p; p = wc_tm_profile_strict; p.keepalive = 1;
	est_active_p(&m, &p); assert_int_equal(wc_tm_ep_advance(&m, p.keepalive_idle_us), WC_OK); assert_fired(&m, "R_KEEPALIVE_DUE");
	pop_expect(&m, F_A, ISS, PISS + 1); }

/* Output rows: a checker mirrors an established connection, then sees the
 * stack's segment. */
static void mirror_est(wc_tmc *c)
{
	wc_tmc_init(c, &wc_tm_profile_strict, NULL);
	wc_tm_seg s = seg(F_S, ISS, 0, 0);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	s = seg(F_S | F_A, PISS, ISS + 1, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_A, ISS + 1, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
}

static void refused(wc_tmc *c, wc_tm_seg s, const char *rule, const char *field)
{
	assert_int_equal(wc_tmc_output(c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c->rep.rule_id, rule);
	assert_string_equal(c->rep.field, field);
}

T(R_OUT_RST_accepts_only_the_prescribed_reset) { U; wc_tmc c; wc_tmc_init(&c, &wc_tm_profile_strict, NULL);
	wc_tm_seg in_ = seg(F_A, 5, 777, 0); assert_int_equal(wc_tmc_input(&c, &in_), WC_OK);
	wc_tm_seg good = seg(F_R, 777, 0, 0); assert_int_equal(wc_tmc_output(&c, &good), WC_OK); assert_true(fired(&c.m, "R_OUT_RST"));
	refused(&c, seg(F_R, 777, 0, 0), "R_OUT_RST", "flags"); }
T(R_OUT_SYN_binds_iss_and_checks_retransmissions) { U; wc_tmc c; wc_tmc_init(&c, &wc_tm_profile_strict, NULL);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, 4242, 0, 0); assert_int_equal(wc_tmc_output(&c, &s), WC_OK); assert_true(fired(&c.m, "R_OUT_SYN"));
	assert_int_equal(c.m.iss, 4242);
	assert_int_equal(wc_tmc_advance(&c, 1000000), WC_OK);
	refused(&c, seg(F_S, 4243, 0, 0), "R_OUT_SYN", "seq"); }
T(R_OUT_SYN_BADSTATE_refuses_a_syn_when_established) { U; wc_tmc c; mirror_est(&c);
	refused(&c, seg(F_S, ISS, 0, 0), "R_OUT_SYN_BADSTATE", "flags"); }
T(R_OUT_SYNACK_checks_the_ack_field) { U; wc_tmc c; wc_tmc_init(&c, &wc_tm_profile_strict, NULL);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, PISS, 0, 0); assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	refused(&c, seg(F_S | F_A, 9000, PISS + 2, 0), "R_OUT_SYNACK", "ack"); }
T(R_OUT_SYNACK_BADSTATE_refuses_a_synack_when_established) { U; wc_tmc c; mirror_est(&c);
	refused(&c, seg(F_S | F_A, ISS, PISS + 1, 0), "R_OUT_SYNACK_BADSTATE", "flags"); }
T(R_OUT_ACK_refuses_data_beyond_the_send_window) { U; wc_tmc c; mirror_est(&c);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 100000), WC_OK);
	wc_tm_seg s = seg(F_A, ISS + 1, PISS + 1, 536); assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	refused(&c, seg(F_A, ISS + 537, PISS + 2, 10), "R_OUT_ACK", "ack");
	wc_tmc_init(&c, &wc_tm_profile_strict, NULL); mirror_est(&c);
	refused(&c, seg(F_A, ISS + 1, PISS + 1, 10), "R_OUT_ACK", "len"); /* nothing queued */ }
T(R_OUT_ACK_BADSTATE_refuses_an_ack_from_listen) { U; wc_tmc c; wc_tmc_init(&c, &wc_tm_profile_strict, NULL);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	refused(&c, seg(F_A, 1, 1, 0), "R_OUT_ACK_BADSTATE", "flags"); }
T(R_OUT_NOACK_refuses_a_segment_without_ack) { U; wc_tmc c; mirror_est(&c);
	refused(&c, seg(F_P, ISS + 1, 0, 0), "R_OUT_NOACK", "flags"); }

int main(void)
{
	const struct CMUnitTest tests[] = {
#define X(n) cmocka_unit_test(n),
		X(R_CLOSED_OPEN_PASSIVE_listens) X(R_CLOSED_OPEN_ACTIVE_sends_syn_with_iss)
		X(R_LISTEN_OPEN_ACTIVE_turns_a_listener_active) X(R_OPEN_PASSIVE_EXISTS_errors)
		X(R_OPEN_ACTIVE_EXISTS_errors) X(R_CLOSED_SEND_errors) X(R_LISTEN_SEND_errors)
		X(R_PRESYNC_SEND_queues_until_established) X(R_EST_SEND_transmits_at_snd_nxt) X(R_CLOSING_SEND_errors)
		X(R_CLOSED_RECEIVE_errors) X(R_PRESYNC_RECEIVE_waits) X(R_EST_RECEIVE_delivers_queued_data)
		X(R_FINRCVD_RECEIVE_reports_end_of_data) X(R_CLOSED_CLOSE_errors) X(R_LISTEN_CLOSE_closes)
		X(R_SYNSENT_CLOSE_closes) X(R_SYNRCVD_CLOSE_enters_fin_wait_1) X(R_EST_CLOSE_sends_fin)
		X(R_SYNRCVD_CLOSE_sends_the_fin_at_once_after_a_simultaneous_open)
		X(R_SYNRCVD_SHUTDOWN_sends_the_fin_at_once_after_a_simultaneous_open)
		X(R_SYNRCVD_CLOSE_checker_requires_the_fin_at_once)
		X(R_SYNRCVD_CLOSE_checker_accepts_the_fin_before_the_ack_of_our_syn)
		X(R_PERSIST_DUE_rearms_after_a_zero_length_probe_at_snd_una_minus_1)
		X(R_CW_CLOSE_sends_fin_and_enters_last_ack) X(R_CLOSE_UNREAD_resets_when_data_is_unread)
		X(R_FW_CLOSE_errors_after_shutdown) X(R_CLOSING_CLOSE_errors) X(R_CLOSED_SHUTDOWN_errors)
		X(R_LISTEN_SHUTDOWN_closes) X(R_SYNSENT_SHUTDOWN_closes) X(R_SYNRCVD_SHUTDOWN_enters_fin_wait_1)
		X(R_EST_SHUTDOWN_half_closes_and_keeps_receiving) X(R_CW_SHUTDOWN_enters_last_ack)
		X(R_CLOSING_SHUTDOWN_errors) X(R_CLOSED_ABORT_errors) X(R_PRESYNC_ABORT_closes_silently)
		X(R_SYNC_ABORT_sends_rst_at_snd_nxt) X(R_CLOSING_ABORT_closes_without_rst)
		X(R_RTX_IDLE_does_nothing_without_outstanding_data) X(R_RTX_DUE_retransmits_and_backs_off)
		X(R_RTX_LIMIT_gives_up_after_r2) X(R_TW_IDLE_does_nothing_outside_time_wait) X(R_TW_EXPIRE_closes_after_2msl)
		X(R_USER_IDLE_does_nothing_when_off) X(R_USER_TIMEOUT_aborts) X(R_DELACK_IDLE_does_nothing)
		X(R_DELACK_DUE_sends_the_delayed_ack) X(R_PERSIST_IDLE_does_nothing_with_an_open_window)
		X(R_PERSIST_DUE_probes_a_zero_window) X(R_KEEPALIVE_IDLE_is_off_by_default) X(R_KEEPALIVE_DUE_probes_at_snd_nxt_minus_1)
		X(R_OUT_RST_accepts_only_the_prescribed_reset) X(R_OUT_SYN_binds_iss_and_checks_retransmissions)
		X(R_OUT_SYN_BADSTATE_refuses_a_syn_when_established) X(R_OUT_SYNACK_checks_the_ack_field)
		X(R_OUT_SYNACK_BADSTATE_refuses_a_synack_when_established) X(R_OUT_ACK_refuses_data_beyond_the_send_window)
		X(R_OUT_ACK_BADSTATE_refuses_an_ack_from_listen) X(R_OUT_NOACK_refuses_a_segment_without_ack)
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
