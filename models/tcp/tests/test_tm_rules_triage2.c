/* Rules corrected after the second triage of tcp_diff divergences (lwIP
 * 2.1.3 against the checker, "lwip" profile). One test group per
 * correction, named after the rule it concerns, written against the RFC
 * text the rule quotes:
 *   a segment repeating octets below SND.UNA: overlapping SND.UNA allowed
 *   (3.10.7.4: "only the new parts are processed"), wholly below it
 *   SHOULD level, never MUST;
 *   once a connection born from a listener is gone, its 4-tuple meets the
 *   listener's rows (3.10.7.2), the CLOSED rows being the alternative the
 *   checker follows (the listener may have been closed meanwhile);
 *   zero-window probes left unanswered count towards R2 (3.8.6.1 MUST-37,
 *   3.8.3);
 *   R2 measured in time in LAST-ACK, and the FIN-WAIT-2 timeout after
 *   close() (outside RFC 9293), as profile limits;
 *   RFC 1337 (F1) ignores in-window RSTs in TIME-WAIT as well;
 *   with RFC 5961 a SYN just before RCV.NXT (SYN+FIN or SYN+data reaching
 *   into the window) draws the challenge ACK outside SYN-RECEIVED;
 *   a second peer FIN on the segment whose ACK moves CLOSING to TIME-WAIT
 *   is judged as in CLOSING: no ACK owed (WC-2026-0111);
 *   once the retransmission count has reached R2 the stack may close at
 *   once, not only at the next timeout (3.8.3; WC-2026-0109);
 *   a held FIN ends the stream: held text past it, and a later FIN, do not
 *   count (3.4; WC-2026-0122);
 *   the profile's ACK rate limit holds for ACKs at time 0 as well;
 *   the checker lets a stack still be in TIME-WAIT at the instant 2MSL ends
 *   (MUST-13 is a least time). */
#include "tm_helpers.h"

#define T(name) static void name(void **st_)
#define U (void)st_
#define MS 1000ull
#define SEC 1000000ull
#define SISS 7000u /* the mirrored stack's ISS */

/* Mirror a passive open to ESTABLISHED (the peer's ISS PISS). */
static void mirror_passive_est(wc_tmc *c, const wc_tm_profile *p)
{
	mirror_synrcvd_iss(c, p, SISS);
	wc_tm_seg s;
	s = seg(F_A, PISS + 1, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_ESTABLISHED);
}

/* Mirror an active open to ESTABLISHED with the peer's window wnd. */
static void mirror_active_est(wc_tmc *c, const wc_tm_profile *p, uint16_t wnd)
{
	wc_tmc_init(c, p, NULL);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, SISS, 0, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	s = seg(F_S | F_A, PISS, SISS + 1, 0);
	s.wnd = wnd;
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_A, SISS + 1, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_ESTABLISHED);
}

/* ---- 1: octets below SND.UNA sent again (WC-2026-0094) ------------------- */

/* 1000 octets sent in two segments (the default send MSS is 536), the first
 * 750 acknowledged, the window then closed (SND.UNA = SISS+751, SND.NXT =
 * SISS+1001). */
static void partly_acked_window_closed(wc_tmc *c, const wc_tm_profile *p)
{
	mirror_active_est(c, p, 65535);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_SEND, 1000), WC_OK);
	wc_tm_seg s = seg(F_A, SISS + 1, PISS + 1, 500);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	s = seg(F_A, SISS + 501, PISS + 1, 500);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 751, 0);
	s.wnd = 0;
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
}

T(R_OUT_ACK_retransmission_overlapping_snd_una_is_allowed) { U; wc_tmc c;
	partly_acked_window_closed(&c, &wc_tm_profile_strict);
	assert_int_equal(wc_tmc_advance(&c, 3 * SEC), WC_OK);
	/* the partly acknowledged segment whole: 501..1000, SND.UNA 751 */
	wc_tm_seg s = seg(F_A, SISS + 501, PISS + 1, 500);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK); }

T(R_OUT_ACK_probe_wholly_below_snd_una_is_not_a_must_violation) { U; wc_tmc c;
	partly_acked_window_closed(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_advance(&c, 3 * SEC), WC_OK);
	/* lwIP's probe: the first octet of the partly acknowledged segment */
	wc_tm_seg s = seg(F_A, SISS + 501, PISS + 1, 1);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(c.dead, 0); }

T(R_OUT_ACK_probe_wholly_below_snd_una_is_a_should_divergence_under_strict) { U; wc_tmc c;
	partly_acked_window_closed(&c, &wc_tm_profile_strict);
	assert_int_equal(wc_tmc_advance(&c, 3 * SEC), WC_OK);
	wc_tm_seg s = seg(F_A, SISS + 501, PISS + 1, 1);
	assert_int_equal(wc_tmc_output(&c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_OUT_ACK"); assert_string_equal(c.rep.field, "seq");
	assert_int_equal(c.rep.cls, WC_TM_SHOULD); }

T(R_OUT_ACK_data_before_anything_sent_stays_a_must_violation) { U; wc_tmc c;
	partly_acked_window_closed(&c, &wc_tm_profile_lwip);
	/* octets below the ISS were never sent */
	wc_tm_seg s = seg(F_A, SISS - 100, PISS + 1, 10);
	assert_int_equal(wc_tmc_output(&c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.field, "seq"); assert_int_equal(c.rep.cls, WC_TM_MUST); }

/* ---- 2: the listener's connection is gone (WC-2026-0088) ----------------- */

T(R_CLOSED_SEG_LISTEN_OTHER_drops_a_segment_for_an_aborted_accepted_connection) { U; wc_tm m;
	wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL);
	assert_int_equal(wc_tm_ep_call(&m, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	in(&m, seg(F_S, PISS, 0, 0)); pop_expect(&m, F_S | F_A, ISS, PISS + 1);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 0));
	assert_int_equal(wc_tm_ep_call(&m, WC_TM_EV_ABORT, 0), WC_OK);
	pop_expect(&m, F_R, ISS + 1, 0);
	assert_int_equal(m.state, WC_TCP_CLOSED);
	/* no ACK, no SYN, no RST: the listener drops it (3.10.7.2) */
	in(&m, seg(0, PISS + 1, 0, 100));
	assert_fired(&m, "R_CLOSED_SEG_LISTEN_OTHER"); expect_none(&m);
	assert_int_equal(m.state, WC_TCP_CLOSED); /* the user's connection stays gone */
	/* an ACK-bearing one gets <SEQ=SEG.ACK><CTL=RST> from either (3.10.7.1,
	 * 3.10.7.2): the CLOSED row, which holds whether or not the listener
	 * has been closed since */
	in(&m, seg(F_A, PISS + 1, ISS + 50, 0));
	assert_fired(&m, "R_CLOSED_SEG_ACK"); pop_expect(&m, F_R, ISS + 50, 0);
	/* a call on the dead connection is still CLOSED's */
	assert_int_equal(wc_tm_ep_call(&m, WC_TM_EV_SEND, 10), WC_OK);
	assert_fired(&m, "R_CLOSED_SEND");
	/* a SYN opens a new connection through the listener */
	in(&m, seg(F_S, PISS + 9000, 0, 0));
	assert_fired(&m, "R_CLOSED_SEG_LISTEN_SYN"); assert_int_equal(m.state, WC_TCP_SYN_RECEIVED); }

T(R_CLOSED_SEG_LISTEN_OTHER_checker_accepts_silence_and_the_closed_port_reset) { U; wc_tmc c;
	/* silence: the listener is open */
	mirror_passive_est(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_ABORT, 0), WC_OK);
	wc_tm_seg s = seg(F_R, SISS + 1, 0, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(0, PISS + 1, 0, 1460);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 1 * SEC), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	/* RST,ACK: the listener was closed meanwhile (not told to the model) */
	mirror_passive_est(&c, &wc_tm_profile_lwip);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_ABORT, 0), WC_OK);
	s = seg(F_R, SISS + 1, 0, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(0, PISS + 1, 0, 1460);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_R | F_A, 0, PISS + 1 + 1460, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	assert_int_equal(c.m.listen_open, 0); }

T(R_CLOSED_SEG_NOACK_after_the_listener_closed_owes_the_reset) { U; wc_tmc c;
	/* the listener closed while still in LISTEN: a segment is CLOSED's */
	wc_tmc_init(&c, &wc_tm_profile_lwip, NULL);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_CLOSE, 0), WC_OK);
	assert_int_equal(c.m.listen_open, 0);
	wc_tm_seg s = seg(0, PISS + 1, 0, 10);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_true(fired(&c.m, "R_CLOSED_SEG_NOACK"));
	assert_int_equal(wc_tmc_finish(&c), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_CLOSED_SEG_NOACK"); }

T(R_CLOSED_SEG_NOACK_without_a_listener_stays_the_closed_port_reset) { U; wc_tmc c;
	/* no listener ever: CLOSED rows only, the drop is a violation */
	mirror_active_est(&c, &wc_tm_profile_lwip, 65535);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_ABORT, 0), WC_OK);
	wc_tm_seg s = seg(F_R, SISS + 1, 0, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(0, PISS + 1, 0, 10);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_CLOSED_SEG_NOACK"); }

/* ---- 3: unanswered zero-window probes (WC-2026-0059) --------------------- */

/* lwIP's probes at its persist backoff (1.25, 4.25, 10.25, 22.25, 46.25,
 * 94.25 s, then every 60 s): n probes of one octet, the first new. */
static void probes(wc_tmc *c, int n)
{
	static const uint64_t at[] = { 1250, 4250, 10250, 22250, 46250, 94250, 154250,
				       214250, 274250, 334250, 394250, 454250, 514250,
				       574250, 634250 };
	uint64_t now = 0;
	for (int i = 0; i < n; i++) {
		assert_int_equal(wc_tmc_advance(c, at[i] * MS - now), WC_OK);
		now = at[i] * MS;
		wc_tm_seg s = seg(F_A, SISS + 1, PISS + 1, 1);
		assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	}
}

T(R_RTX_LIMIT_gives_up_after_r2_unanswered_zero_window_probes) { U; wc_tmc c;
	mirror_active_est(&c, &wc_tm_profile_lwip, 0);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 100), WC_OK);
	probes(&c, 12);
	assert_int_equal(wc_tmc_advance(&c, 2 * SEC), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSED);
	/* a later ACK meets no TCB: <SEQ=SEG.ACK><CTL=RST> */
	wc_tm_seg s = seg(F_A, PISS + 1, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_R, SISS + 1, 0, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK); }

T(R_RTX_LIMIT_answered_probes_keep_the_connection_open) { U; wc_tmc c;
	mirror_active_est(&c, &wc_tm_profile_lwip, 0);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 100), WC_OK);
	probes(&c, 6);
	/* the peer answers (MUST-37): the count starts again */
	wc_tm_seg s = seg(F_A, PISS + 1, SISS + 1, 0);
	s.wnd = 0;
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.nprobe_unans, 0);
	assert_int_equal(wc_tmc_advance(&c, 300 * SEC), WC_OK);
	assert_int_not_equal(c.m.state, WC_TCP_CLOSED); }

T(R_PERSIST_LIMIT_fires_for_the_persist_timer_after_r2_unanswered_probes) { U; wc_tm m;
	static wc_tm_profile p;
	p = wc_tm_profile_strict;
	p.r2_retries = 3;
	wc_tm_init(&m, &p, WC_TM_ENDPOINT, NULL);
	m.state = WC_TCP_ESTABLISHED;
	m.t_persist = 1;
	m.nprobe_unans = 3;
	m.probe_unans_since = 0;
	m.now = WC_TM_R2_MIN_US;
	assert_int_equal(wc_tm_timeout(&m, WC_TM_EV_TO_PERSIST), WC_OK);
	assert_fired(&m, "R_PERSIST_LIMIT");
	assert_int_equal(m.state, WC_TCP_CLOSED);
	assert_int_equal(m.user, WC_TM_U_TIMEOUT);
	/* before 100 s (SHLD-11) it is only a probe */
	wc_tm_init(&m, &p, WC_TM_ENDPOINT, NULL);
	m.state = WC_TCP_ESTABLISHED;
	m.t_persist = 1;
	m.nprobe_unans = 3;
	m.now = WC_TM_R2_MIN_US - 1;
	assert_int_equal(wc_tm_timeout(&m, WC_TM_EV_TO_PERSIST), WC_OK);
	assert_fired(&m, "R_PERSIST_DUE"); }

/* ---- 4: R2 in time, FIN-WAIT-2 timeout (WC-2026-0070) -------------------- */

T(R_LASTACK_TIMEOUT_gives_up_lwip_last_ack_120_s_after_the_last_segment) { U; wc_tmc c;
	mirror_passive_est(&c, &wc_tm_profile_lwip);
	wc_tm_seg s = seg(F_F | F_A, PISS + 1, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A, SISS + 1, PISS + 2, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_CLOSE, 0), WC_OK);
	s = seg(F_F | F_A, SISS + 1, PISS + 2, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_LAST_ACK);
	/* lwIP retransmits its FIN at 3, 9, 21, 45, 93 s */
	static const uint64_t at[] = { 3, 9, 21, 45, 93 };
	uint64_t now = 0;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(wc_tmc_advance(&c, at[i] * SEC - now), WC_OK);
		now = at[i] * SEC;
		assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	}
	assert_int_equal(wc_tmc_advance(&c, 119 * SEC - now), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_LAST_ACK);
	assert_int_equal(wc_tmc_advance(&c, 2 * SEC), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSED);
	assert_true(fired(&c.m, "R_LASTACK_TIMEOUT") || c.m.state == WC_TCP_CLOSED);
	s = seg(F_A, PISS + 2, SISS + 2, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_R, SISS + 2, 0, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_LASTACK_TIMEOUT_strict_has_no_time_limit) { U; wc_tm m;
	wc_tm_init(&m, &wc_tm_profile_strict, WC_TM_MIRROR, NULL);
	m.state = WC_TCP_LAST_ACK;
	m.now = 100000 * SEC;
	assert_int_equal(wc_tm_idle_deadline(&m), 0);
	assert_int_equal(wc_tm_timeout(&m, WC_TM_EV_TO_IDLE), WC_OK);
	assert_fired(&m, "R_IDLE_TMR_IDLE");
	assert_int_equal(m.state, WC_TCP_LAST_ACK); }

T(R_FW2_TIMEOUT_drops_fin_wait_2_after_close_not_after_shutdown) { U; wc_tm m;
	wc_tm_init(&m, &wc_tm_profile_lwip, WC_TM_MIRROR, NULL);
	m.state = WC_TCP_FIN_WAIT_2;
	m.last_rcv = 5 * SEC;
	m.now = 25 * SEC;
	/* after shutdown(SHUT_WR) the application may still receive: no limit */
	assert_int_equal(wc_tm_idle_deadline(&m), 0);
	m.closed_by_user = 1;
	assert_int_equal(wc_tm_idle_deadline(&m), 25 * SEC);
	assert_int_equal(wc_tm_timeout(&m, WC_TM_EV_TO_IDLE), WC_OK);
	assert_fired(&m, "R_FW2_TIMEOUT");
	assert_int_equal(m.state, WC_TCP_CLOSED);
	assert_int_equal(wc_tm_rows[wc_tm_rule_find("R_FW2_TIMEOUT")].cls, WC_TM_OUTSIDE); }

/* ---- 5: RFC 1337 and in-window RSTs in TIME-WAIT (WC-2026-0093) ---------- */

/* An endpoint actively opened to ESTABLISHED (the peer's ISS PISS). */
static void est_endpoint(wc_tm *m, const wc_tm_profile *p)
{
	wc_tm_ep_init(m, p, NULL);
	assert_int_equal(wc_tm_ep_call(m, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK);
	wc_tm_seg s;
	while (wc_tm_ep_pop(m, &s)) {}
	in(m, seg(F_S | F_A, PISS, m->iss + 1, 0));
	while (wc_tm_ep_pop(m, &s)) {}
	assert_int_equal(m->state, WC_TCP_ESTABLISHED);
}

static void tw_endpoint(wc_tm *m, const wc_tm_profile *p)
{
	wc_tm_seg s;
	est_endpoint(m, p);
	assert_int_equal(wc_tm_ep_call(m, WC_TM_EV_SHUTDOWN, 0), WC_OK);
	while (wc_tm_ep_pop(m, &s)) {}
	in(m, seg(F_F | F_A, PISS + 1, m->iss + 2, 0));
	while (wc_tm_ep_pop(m, &s)) {}
	assert_int_equal(m->state, WC_TCP_TIME_WAIT);
}

T(R_TW_RST_1337_ignores_an_in_window_rst_without_challenge_ack) { U; wc_tm m;
	tw_endpoint(&m, &wc_tm_profile_lwip);
	in(&m, seg(F_R, PISS + 2 + 100, 0, 0));
	assert_fired(&m, "R_TW_RST_1337"); expect_none(&m);
	assert_int_equal(m.state, WC_TCP_TIME_WAIT); }

T(R_TW_RST_INWIN_challenges_without_rfc1337) { U; wc_tm m;
	tw_endpoint(&m, &wc_tm_profile_strict);
	in(&m, seg(F_R, PISS + 2 + 100, 0, 0));
	assert_fired(&m, "R_TW_RST_INWIN"); pop_expect(&m, F_A, ISS + 2, PISS + 2);
	assert_int_equal(m.state, WC_TCP_TIME_WAIT); }

T(R_TW_RST_1337_lwip_profile_has_rfc1337) { U;
	assert_int_equal(wc_tm_profile_lwip.rfc1337, 1);
	assert_int_equal(wc_tm_profile_strict.rfc1337, 0); }

/* ---- 6: an old SYN with RFC 5961 (WC-2026-0113) ------------------------- */

/* SYN at RCV.NXT-1 (the peer's ISS), FIN at RCV.NXT: acceptable by sequence
 * number; RFC 5961 4.2 / RFC 9293 3.10.7.4 fourth step: "if the SYN bit is
 * set, irrespective of the sequence number", challenge ACK and drop. */
T(R_SYNC_SYN_CHALLENGE_old_syn_with_fin_in_established) { U; wc_tm m;
	est_endpoint(&m, &wc_tm_profile_lwip);
	in(&m, seg(F_S | F_F | F_A, PISS, m.iss + 1, 0));
	assert_fired(&m, "R_SYNC_SYN_CHALLENGE"); pop_expect(&m, F_A, m.iss + 1, PISS + 1);
	assert_int_equal(m.state, WC_TCP_ESTABLISHED); }

T(R_SYNC_SYN_CHALLENGE_old_syn_with_fin_in_fin_wait_1) { U; wc_tm m; wc_tm_seg s;
	est_endpoint(&m, &wc_tm_profile_lwip);
	assert_int_equal(wc_tm_ep_call(&m, WC_TM_EV_SHUTDOWN, 0), WC_OK);
	while (wc_tm_ep_pop(&m, &s)) {}
	assert_int_equal(m.state, WC_TCP_FIN_WAIT_1);
	in(&m, seg(F_S | F_F | F_A, PISS, m.iss + 1, 0));
	assert_fired(&m, "R_SYNC_SYN_CHALLENGE"); pop_expect(&m, F_A, m.iss + 2, PISS + 1);
	assert_int_equal(m.state, WC_TCP_FIN_WAIT_1); }

/* Without RFC 5961 the old SYN is trimmed away and the FIN is processed. */
T(R_SYNC_SYN_NONE_old_syn_trimmed_without_rfc5961) { U; wc_tm m;
	wc_tm_profile p = wc_tm_profile_strict;
	p.rfc5961 = 0;
	est_endpoint(&m, &p);
	in(&m, seg(F_S | F_F | F_A, PISS, m.iss + 1, 0));
	assert_fired(&m, "R_SYNC_SYN_NONE");
	assert_int_equal(m.state, WC_TCP_CLOSE_WAIT); }

/* ---- 7: a second FIN on the segment that enters TIME-WAIT (WC-2026-0111) -- */

T(R_TW_FIN_AGAIN_second_fin_entering_time_wait_owes_no_ack) { U; wc_tm m; closing(&m);
	/* ACK of our FIN (CLOSING -> TIME-WAIT) with a FIN at RCV.NXT: the
	 * FIN is judged in CLOSING, where another FIN is ignored */
	in(&m, seg(F_A | F_F, PISS + 2, ISS + 2, 0));
	assert_fired(&m, "R_CLOSING_ACK_FIN"); assert_fired(&m, "R_TW_FIN_AGAIN");
	assert_false(fired(&m, "R_TW_FIN"));
	assert_int_equal(m.state, WC_TCP_TIME_WAIT); expect_none(&m);
	/* once in TIME-WAIT, a FIN at RCV.NXT is R_TW_FIN's again: ACK */
	in(&m, seg(F_A | F_F, PISS + 2, ISS + 2, 0));
	assert_fired(&m, "R_TW_FIN"); pop_expect(&m, F_A, ISS + 2, PISS + 2); }

/* Mirror a simultaneous close to CLOSING (lwIP profile). */
static void mirror_closing(wc_tmc *c)
{
	mirror_active_est(c, &wc_tm_profile_lwip, 65535);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_CLOSE, 0), WC_OK);
	wc_tm_seg s = seg(F_A | F_F, SISS + 1, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	s = seg(F_A | F_F, PISS + 1, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_A, SISS + 2, PISS + 2, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_CLOSING);
}

T(R_TW_FIN_AGAIN_checker_accepts_silence_and_an_ack) { U; wc_tmc c;
	/* lwIP and Linux send nothing (the WC-2026-0111 reproducers) */
	mirror_closing(&c);
	wc_tm_seg s = seg(F_A | F_F, PISS + 2, SISS + 2, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_advance(&c, 1 * SEC), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_TIME_WAIT);
	/* an ACK of RCV.NXT is no divergence either */
	mirror_closing(&c);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_A, SISS + 2, PISS + 2, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_TW_FIN_checker_still_owes_the_ack_in_time_wait) { U; wc_tmc c;
	mirror_closing(&c);
	wc_tm_seg s = seg(F_A, PISS + 2, SISS + 2, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_TIME_WAIT);
	s = seg(F_A | F_F, PISS + 2, SISS + 2, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_TW_FIN"); }

/* ---- 8: closing once R2 is reached (WC-2026-0109) ------------------------ */

/* The peer sends in, the stack answers out; both fit the checker. */
static void answered(wc_tmc *c, wc_tm_seg in, wc_tm_seg out)
{
	assert_int_equal(wc_tmc_input(c, &in), WC_OK);
	assert_int_equal(wc_tmc_output(c, &out), WC_OK);
}

/* 10 octets sent on an established connection, then n retransmissions of
 * them, each at the earliest time the checker allows (3 s doubled, at most
 * 60 s). */
static void rtx_unanswered(wc_tmc *c, const wc_tm_profile *p, int n)
{
	mirror_active_est(c, p, 65535);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_SEND, 10), WC_OK);
	wc_tm_seg s = seg(F_A, SISS + 1, PISS + 1, 10);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	uint64_t gap = 3 * SEC;
	for (int i = 0; i < n; i++) {
		assert_int_equal(wc_tmc_advance(c, gap), WC_OK);
		assert_int_equal(wc_tmc_output(c, &s), WC_OK);
		gap = gap * 2 > 60 * SEC ? 60 * SEC : gap * 2;
	}
	assert_int_equal(c->m.nrtx, (uint32_t)n);
}

T(R_RTX_LIMIT_checker_accepts_a_close_right_after_the_r2th_retransmission) { U; wc_tmc c;
	/* lwIP: R2 = 12 retransmissions, closed at the next 500 ms tick */
	rtx_unanswered(&c, &wc_tm_profile_lwip, 12);
	assert_int_equal(wc_tmc_advance(&c, 1 * SEC), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_ESTABLISHED); /* the timer has not expired */
	assert_int_equal(wc_tmc_call_ret(&c, WC_TM_EV_SHUTDOWN, 0, 107), WC_OK);
	assert_int_equal(c.dead, 0);
	assert_int_equal(c.m.state, WC_TCP_CLOSED);
	/* a later ACK meets no TCB: <SEQ=SEG.ACK><CTL=RST> */
	answered(&c, seg(F_A, PISS + 1, SISS + 11, 0), seg(F_R, SISS + 11, 0, 0));
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_RTX_LIMIT_checker_accepts_a_silent_close_seen_by_a_reset) { U; wc_tmc c;
	rtx_unanswered(&c, &wc_tm_profile_lwip, 12);
	assert_int_equal(wc_tmc_advance(&c, 1 * SEC), WC_OK);
	/* the peer's data meets a closed port: RST, no ACK of the text */
	answered(&c, seg(F_A, PISS + 1, SISS + 1, 100), seg(F_R, SISS + 1, 0, 0));
	assert_int_equal(c.m.state, WC_TCP_CLOSED);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_RTX_LIMIT_checker_still_accepts_one_more_retransmission_at_r2) { U; wc_tmc c;
	/* a stack closing only at the next expiry (the model's own choice)
	 * retransmits nothing more; one that counts R2 differently sends a
	 * 13th: neither is a divergence, and the connection is still open */
	rtx_unanswered(&c, &wc_tm_profile_lwip, 12);
	assert_int_equal(wc_tmc_advance(&c, 60 * SEC), WC_OK);
	wc_tm_seg s = seg(F_A, SISS + 1, PISS + 1, 10);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_ESTABLISHED);
	s = seg(F_A, PISS + 1, SISS + 11, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_call_ret(&c, WC_TM_EV_SHUTDOWN, 0, 0), WC_OK);
	assert_int_equal(c.dead, 0); }

T(R_RTX_LIMIT_checker_drops_the_give_up_branch_once_the_mirror_closes) { U; wc_tmc c;
	rtx_unanswered(&c, &wc_tm_profile_lwip, 12);
	assert_int_equal(wc_tmc_advance(&c, 1 * SEC), WC_OK);
	assert_int_equal(c.nalt, 1); /* the branch that has closed */
	/* nothing more: the mirror's own timer expires, R_RTX_LIMIT */
	assert_int_equal(wc_tmc_advance(&c, 24 * 3600 * SEC), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSED);
	assert_int_equal(wc_tmc_advance(&c, 1 * SEC), WC_OK);
	assert_int_equal(c.nalt, 0);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

/* connect(); the SYN and 6 retransmissions (lwIP's R2 for SYNs), the
 * last at 153 s; then a SYN,ACK at time t, answered by a RST: the stack
 * has given up. */
static int syn_giveup_seen_at(wc_tmc *c, uint64_t t)
{
	wc_tmc_init(c, &wc_tm_profile_lwip, NULL);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_OPEN_ACTIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, SISS, 0, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	uint64_t gap = 3 * SEC, now = 0;
	for (int i = 0; i < 6; i++) {
		assert_int_equal(wc_tmc_advance(c, gap), WC_OK);
		now += gap;
		assert_int_equal(wc_tmc_output(c, &s), WC_OK);
		gap = gap * 2 > 60 * SEC ? 60 * SEC : gap * 2;
	}
	assert_int_equal(wc_tmc_advance(c, t - now), WC_OK);
	s = seg(F_S | F_A, PISS, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_R, SISS + 1, 0, 0);
	return wc_tmc_output(c, &s);
}

T(R_RTX_LIMIT_checker_syn_give_up_not_before_3_minutes) { U; wc_tmc c;
	/* MUST-23: at 160 s the attempt must still be alive */
	assert_int_equal(syn_giveup_seen_at(&c, 160 * SEC), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_OUT_RST");
	/* at 200 s a stack that gave up at 3 minutes fits the trace; the RST
	 * answers the segment, and nothing else is owed (the branch met the
	 * segment once) */
	assert_int_equal(syn_giveup_seen_at(&c, 200 * SEC), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSED);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

T(R_RTX_LIMIT_checker_refuses_a_close_before_r2) { U; wc_tmc c;
	rtx_unanswered(&c, &wc_tm_profile_lwip, 11);
	assert_int_equal(wc_tmc_advance(&c, 1 * SEC), WC_OK);
	assert_int_equal(wc_tmc_call_ret(&c, WC_TM_EV_SHUTDOWN, 0, 107), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.field, "ret"); assert_int_equal(c.rep.cls, WC_TM_MUST); }

/* ---- 9: a held FIN ends the stream (WC-2026-0122) ----------------------- */

T(R_EST_FIN_held_fin_ends_the_stream_past_it) { U; wc_tm m; est_active(&m);
	/* behind a one-octet hole: 537 octets and FIN (FIN at PISS+539), then
	 * 1460 octets overlapping them with a FIN at PISS+1463 */
	in(&m, seg(F_A | F_F, PISS + 2, ISS + 1, 537));
	pop_expect(&m, F_A, ISS + 1, PISS + 1);
	in(&m, seg(F_A | F_F | F_P, PISS + 3, ISS + 1, 1460));
	pop_expect(&m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m.ooo_fin_seq, PISS + 539);
	/* the hole fills: text up to the first FIN, then that FIN */
	in(&m, seg(F_A, PISS + 1, ISS + 1, 1));
	assert_fired(&m, "R_EST_FIN"); assert_int_equal(m.state, WC_TCP_CLOSE_WAIT);
	assert_int_equal(m.rcv_nxt, PISS + 540);
	assert_int_equal(m.rcvq, 538);
	pop_expect(&m, F_A, ISS + 1, PISS + 540); }

T(R_EST_FIN_held_fin_clips_text_held_before_it) { U; wc_tm m; est_active(&m);
	/* text held first, then a FIN inside it: the FIN wins */
	in(&m, seg(F_A, PISS + 3, ISS + 1, 1000));
	pop_expect(&m, F_A, ISS + 1, PISS + 1);
	in(&m, seg(F_A | F_F, PISS + 2, ISS + 1, 99));
	pop_expect(&m, F_A, ISS + 1, PISS + 1);
	in(&m, seg(F_A, PISS + 1, ISS + 1, 1));
	assert_int_equal(m.state, WC_TCP_CLOSE_WAIT);
	assert_int_equal(m.rcv_nxt, PISS + 102);
	pop_expect(&m, F_A, ISS + 1, PISS + 102); }

/* ---- 10: the ACK rate limit at time 0 ------------------------------------ */

T(R_SYNC_RST_INWIN_rate_limit_holds_at_time_0) { U; wc_tmc c;
	/* Linux: one challenge / out-of-window ACK per 500 ms; two in-window
	 * RSTs at t = 0 (WC-2026-0126: Linux does not send the second ACK) */
	mirror_active_est(&c, &wc_tm_profile_linux, 65535);
	assert_int_equal(c.m.now, 0);
	answered(&c, seg(F_R, PISS + 100, 0, 0), seg(F_A, SISS + 1, PISS + 1, 0));
	wc_tm_seg s = seg(F_R, PISS + 200, 0, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	/* the second challenge ACK is optional: no reply is no divergence */
	assert_int_equal(wc_tmc_advance(&c, 1 * SEC), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK); }

/* ---- 11: TIME-WAIT at the instant 2MSL ends ------------------------------ */

/* Mirror an active close to TIME-WAIT (lwIP profile) at time 0. */
static void mirror_time_wait(wc_tmc *c)
{
	mirror_active_est(c, &wc_tm_profile_lwip, 65535);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_CLOSE, 0), WC_OK);
	answered(c, seg(F_A, PISS + 1, SISS + 1, 0), seg(F_A | F_F, SISS + 1, PISS + 1, 0));
	answered(c, seg(F_A | F_F, PISS + 1, SISS + 2, 0), seg(F_A, SISS + 2, PISS + 2, 0));
	assert_int_equal(c->m.state, WC_TCP_TIME_WAIT);
}

T(R_TW_EXPIRE_checker_allows_time_wait_at_the_2msl_instant) { U; wc_tmc c;
	mirror_time_wait(&c);
	/* exactly 2MSL later an old ACK still meets TIME-WAIT: no reply owed
	 * (lwIP is silent there); a moment later, a closed port: RST */
	assert_int_equal(wc_tmc_advance(&c, wc_tm_profile_lwip.time_wait_us), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_TIME_WAIT);
	wc_tm_seg s = seg(F_A, PISS + 2, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_OK);
	mirror_time_wait(&c);
	assert_int_equal(wc_tmc_advance(&c, wc_tm_profile_lwip.time_wait_us + 1), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_CLOSED);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(wc_tmc_finish(&c), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.rule_id, "R_CLOSED_SEG_ACK"); }

int main(void)
{
	const struct CMUnitTest tests[] = {
#define X(n) cmocka_unit_test(n),
		X(R_OUT_ACK_retransmission_overlapping_snd_una_is_allowed)
		X(R_OUT_ACK_probe_wholly_below_snd_una_is_not_a_must_violation)
		X(R_OUT_ACK_probe_wholly_below_snd_una_is_a_should_divergence_under_strict)
		X(R_OUT_ACK_data_before_anything_sent_stays_a_must_violation)
		X(R_CLOSED_SEG_LISTEN_OTHER_drops_a_segment_for_an_aborted_accepted_connection)
		X(R_CLOSED_SEG_LISTEN_OTHER_checker_accepts_silence_and_the_closed_port_reset)
		X(R_CLOSED_SEG_NOACK_after_the_listener_closed_owes_the_reset)
		X(R_CLOSED_SEG_NOACK_without_a_listener_stays_the_closed_port_reset)
		X(R_RTX_LIMIT_gives_up_after_r2_unanswered_zero_window_probes)
		X(R_RTX_LIMIT_answered_probes_keep_the_connection_open)
		X(R_PERSIST_LIMIT_fires_for_the_persist_timer_after_r2_unanswered_probes)
		X(R_LASTACK_TIMEOUT_gives_up_lwip_last_ack_120_s_after_the_last_segment)
		X(R_LASTACK_TIMEOUT_strict_has_no_time_limit)
		X(R_FW2_TIMEOUT_drops_fin_wait_2_after_close_not_after_shutdown)
		X(R_TW_RST_1337_ignores_an_in_window_rst_without_challenge_ack)
		X(R_TW_RST_INWIN_challenges_without_rfc1337)
		X(R_TW_RST_1337_lwip_profile_has_rfc1337)
		X(R_SYNC_SYN_CHALLENGE_old_syn_with_fin_in_established)
		X(R_SYNC_SYN_CHALLENGE_old_syn_with_fin_in_fin_wait_1)
		X(R_SYNC_SYN_NONE_old_syn_trimmed_without_rfc5961)
		X(R_TW_FIN_AGAIN_second_fin_entering_time_wait_owes_no_ack)
		X(R_TW_FIN_AGAIN_checker_accepts_silence_and_an_ack)
		X(R_TW_FIN_checker_still_owes_the_ack_in_time_wait)
		X(R_RTX_LIMIT_checker_accepts_a_close_right_after_the_r2th_retransmission)
		X(R_RTX_LIMIT_checker_accepts_a_silent_close_seen_by_a_reset)
		X(R_RTX_LIMIT_checker_still_accepts_one_more_retransmission_at_r2)
		X(R_RTX_LIMIT_checker_drops_the_give_up_branch_once_the_mirror_closes)
		X(R_RTX_LIMIT_checker_refuses_a_close_before_r2)
		X(R_RTX_LIMIT_checker_syn_give_up_not_before_3_minutes)
		X(R_EST_FIN_held_fin_ends_the_stream_past_it)
		X(R_EST_FIN_held_fin_clips_text_held_before_it)
		X(R_SYNC_RST_INWIN_rate_limit_holds_at_time_0)
		X(R_TW_EXPIRE_checker_allows_time_wait_at_the_2msl_instant)
#undef X
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
