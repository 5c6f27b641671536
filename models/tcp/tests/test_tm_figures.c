/*
 * The RFC 9293 section 3.5 figures as executable traces, checked both ways:
 * the reference endpoint produces exactly the expected segments, the checker
 * accepts the trace, and the checker rejects it when any one expected output
 * has its seq, ack or flags changed. Our ISS is 1000 (profile strict) where
 * the figures use 100; the peer's numbers are the figures' own.
 */
#include "tm_helpers.h"

enum { IN = 1, OUT, CALL, TIME, END };

typedef struct step {
	int kind;
	uint16_t flags;
	uint32_t seq, ack, len;
	int ev;          /* CALL */
	uint64_t us;     /* TIME */
	int state;       /* expected endpoint state after the step, -1 = any */
} step;

#define I(f, s, a, l, st) {IN, (f), (s), (a), (l), 0, 0, (st)}
#define O(f, s, a, l) {OUT, (f), (s), (a), (l), 0, 0, -1}
#define C(ev, arg, st) {CALL, 0, 0, 0, (arg), (ev), 0, (st)}
#define W(us, st) {TIME, 0, 0, 0, 0, 0, (us), (st)}
#define Z {END, 0, 0, 0, 0, 0, 0, -1}

static wc_tm_seg mkseg(const step *p)
{
	wc_tm_seg s = seg(p->flags, p->seq, p->ack, p->len);
	return s;
}

/* The endpoint produces the figure. */
static void endpoint_produces(const step *t)
{
	wc_tm m;
	wc_tm_ep_init(&m, &wc_tm_profile_strict, NULL);
	for (int i = 0; t[i].kind != END; i++) {
		const step *p = &t[i];
		wc_tm_seg s = mkseg(p);
		switch (p->kind) {
		case IN: assert_int_equal(wc_tm_ep_input(&m, &s), WC_OK); break;
		case CALL: assert_int_equal(wc_tm_ep_call(&m, p->ev, p->len), WC_OK); break;
		case TIME: assert_int_equal(wc_tm_ep_advance(&m, p->us), WC_OK); break;
		case OUT: {
			wc_tm_seg o = pop_expect(&m, p->flags, p->seq, p->ack);
			assert_int_equal(o.len, p->len);
			break;
		}
		}
		if (p->state >= 0 && m.state != p->state)
			fail_msg("step %d: state %s, expected %s", i, wc_tcp_state_name(m.state),
				 wc_tcp_state_name(p->state));
		if (p->kind != OUT && (t[i + 1].kind != OUT))
			expect_none(&m);
	}
	expect_none(&m);
}

/* Feed the trace to a checker, with output number `mutate` (or none, -1)
 * changed by `how`; the index of the first refused step, or -1. */
static int check(const step *t, int mutate, int how)
{
	wc_tmc c;
	int outn = 0, rc = WC_OK;
	wc_tmc_init(&c, &wc_tm_profile_strict, NULL);
	for (int i = 0; t[i].kind != END; i++) {
		const step *p = &t[i];
		wc_tm_seg s = mkseg(p);
		switch (p->kind) {
		case IN: rc = wc_tmc_input(&c, &s); break;
		case CALL: rc = wc_tmc_call(&c, p->ev, p->len); break;
		case TIME: rc = wc_tmc_advance(&c, p->us); break;
		case OUT:
			if (outn++ == mutate) {
				if (how == 0)
					s.seq += 1;
				else if (how == 1)
					s.ack += 1;
				else
					s.flags ^= (s.flags & F_A) ? F_A : F_R;
			}
			rc = wc_tmc_output(&c, &s);
			break;
		}
		if (rc == WC_ETM_VIOLATION)
			return i;
		assert_int_equal(rc, WC_OK);
	}
	rc = wc_tmc_finish(&c);
	if (rc == WC_ETM_VIOLATION)
		return 1000;
	assert_int_equal(rc, WC_OK);
	return -1;
}

static void both_ways(const step *t)
{
	endpoint_produces(t);
	assert_int_equal(check(t, -1, 0), -1);
	int nouts = 0;
	for (int i = 0; t[i].kind != END; i++)
		nouts += t[i].kind == OUT;
	for (int k = 0; k < nouts; k++)
		for (int how = 0; how < 3; how++) {
			/* an ACK field change means nothing on a segment without ACK */
			int idx = -1, n = 0;
			for (int i = 0; t[i].kind != END; i++)
				if (t[i].kind == OUT && n++ == k)
					idx = i;
			if (how == 1 && !(t[idx].flags & F_A))
				continue;
			/* the ISS is the stack's own choice: a SYN's seq may be anything */
			if (how == 0 && (t[idx].flags & F_S))
				continue;
			int at = check(t, k, how);
			if (at < idx)
				fail_msg("output %d with %s changed was accepted (refused at %d)", k,
					 how == 0 ? "seq" : how == 1 ? "ack" : "flags", at);
		}
}

#define EST WC_TCP_ESTABLISHED

/* Figure 6: basic three-way handshake, then data. */
static void figure6_basic_three_way_handshake(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_ACTIVE, 0, WC_TCP_SYN_SENT),
		O(F_S, 1000, 0, 0),
		I(F_S | F_A, 300, 1001, 0, EST),
		O(F_A, 1001, 301, 0),
		C(WC_TM_EV_SEND, 10, EST),
		O(F_A, 1001, 301, 10),
		I(F_A, 301, 1011, 0, EST),
		Z,
	};
	both_ways(t);
}

/* Figure 7: simultaneous connection synchronization. */
static void figure7_simultaneous_open(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_ACTIVE, 0, WC_TCP_SYN_SENT),
		O(F_S, 1000, 0, 0),
		I(F_S, 300, 0, 0, WC_TCP_SYN_RECEIVED),
		O(F_S | F_A, 1000, 301, 0),
		I(F_S | F_A, 300, 1001, 0, EST),
		Z,
	};
	both_ways(t);
}

/* Figure 8: recovery from an old duplicate SYN, seen from the SYN-SENT side. */
static void figure8_old_duplicate_syn_active_side(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_ACTIVE, 0, WC_TCP_SYN_SENT),
		O(F_S, 1000, 0, 0),
		I(F_S | F_A, 300, 991, 0, WC_TCP_SYN_SENT), /* acks the old SYN 990 */
		O(F_R, 991, 0, 0),
		I(F_S | F_A, 400, 1001, 0, EST),
		O(F_A, 1001, 401, 0),
		Z,
	};
	both_ways(t);
}

/* Figure 8 from the listening side: the RST returns it to LISTEN. */
static void figure8_old_duplicate_syn_listen_side(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_PASSIVE, 0, WC_TCP_LISTEN),
		I(F_S, 90, 0, 0, WC_TCP_SYN_RECEIVED),
		O(F_S | F_A, 1000, 91, 0),
		I(F_R, 91, 0, 0, WC_TCP_LISTEN),
		I(F_S, 100, 0, 0, WC_TCP_SYN_RECEIVED),
		O(F_S | F_A, 1000, 101, 0),
		I(F_A, 101, 1001, 0, EST),
		Z,
	};
	both_ways(t);
}

/* Figure 9: half-open connection discovery, from the crashed side. */
static void figure9_half_open_discovery_crashed_side(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_ACTIVE, 0, WC_TCP_SYN_SENT),
		O(F_S, 1000, 0, 0),
		I(F_A, 300, 100, 0, WC_TCP_SYN_SENT), /* the survivor's ACK for its old connection */
		O(F_R, 100, 0, 0),
		Z,
	};
	both_ways(t);
}

/* Figure 9 from the surviving side: a SYN in ESTABLISHED gets a challenge
 * ACK (RFC 5961), the RST at RCV.NXT then resets. */
static void figure9_half_open_discovery_surviving_side(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_ACTIVE, 0, WC_TCP_SYN_SENT),
		O(F_S, 1000, 0, 0),
		I(F_S | F_A, 300, 1001, 0, EST),
		O(F_A, 1001, 301, 0),
		I(F_S, 400, 0, 0, EST),
		O(F_A, 1001, 301, 0),
		I(F_R, 301, 0, 0, WC_TCP_CLOSED),
		Z,
	};
	both_ways(t);
}

/* Figure 10: active side causes half-open connection discovery. */
static void figure10_active_side_causes_rst(void **st)
{
	(void)st;
	const step t[] = {
		I(F_A, 300, 100, 10, WC_TCP_CLOSED), /* data arriving at a crashed (CLOSED) host */
		O(F_R, 100, 0, 0),
		Z,
	};
	both_ways(t);
}

/* Figure 12: normal close sequence, from the side that closes first. */
static void figure12_normal_close(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_ACTIVE, 0, WC_TCP_SYN_SENT),
		O(F_S, 1000, 0, 0),
		I(F_S | F_A, 300, 1001, 0, EST),
		O(F_A, 1001, 301, 0),
		C(WC_TM_EV_CLOSE, 0, WC_TCP_FIN_WAIT_1),
		O(F_F | F_A, 1001, 301, 0),
		I(F_A, 301, 1002, 0, WC_TCP_FIN_WAIT_2),
		I(F_F | F_A, 301, 1002, 0, WC_TCP_TIME_WAIT),
		O(F_A, 1002, 302, 0),
		W(240000001, WC_TCP_CLOSED), /* once 2MSL has passed */
		Z,
	};
	both_ways(t);
}

/* Figure 12 from the passive closer: CLOSE-WAIT, LAST-ACK, CLOSED. */
static void figure12_normal_close_passive_closer(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_PASSIVE, 0, WC_TCP_LISTEN),
		I(F_S, 100, 0, 0, WC_TCP_SYN_RECEIVED),
		O(F_S | F_A, 1000, 101, 0),
		I(F_A, 101, 1001, 0, EST),
		I(F_F | F_A, 101, 1001, 0, WC_TCP_CLOSE_WAIT),
		O(F_A, 1001, 102, 0),
		C(WC_TM_EV_CLOSE, 0, WC_TCP_LAST_ACK),
		O(F_F | F_A, 1001, 102, 0),
		I(F_A, 102, 1002, 0, WC_TCP_CLOSED),
		Z,
	};
	both_ways(t);
}

/* Figure 13: simultaneous close sequence. */
static void figure13_simultaneous_close(void **st)
{
	(void)st;
	const step t[] = {
		C(WC_TM_EV_OPEN_ACTIVE, 0, WC_TCP_SYN_SENT),
		O(F_S, 1000, 0, 0),
		I(F_S | F_A, 300, 1001, 0, EST),
		O(F_A, 1001, 301, 0),
		C(WC_TM_EV_CLOSE, 0, WC_TCP_FIN_WAIT_1),
		O(F_F | F_A, 1001, 301, 0),
		I(F_F | F_A, 301, 1001, 0, WC_TCP_CLOSING),
		O(F_A, 1002, 302, 0),
		I(F_A, 302, 1002, 0, WC_TCP_TIME_WAIT),
		W(240000001, WC_TCP_CLOSED),
		Z,
	};
	both_ways(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(figure6_basic_three_way_handshake),
		cmocka_unit_test(figure7_simultaneous_open),
		cmocka_unit_test(figure8_old_duplicate_syn_active_side),
		cmocka_unit_test(figure8_old_duplicate_syn_listen_side),
		cmocka_unit_test(figure9_half_open_discovery_crashed_side),
		cmocka_unit_test(figure9_half_open_discovery_surviving_side),
		cmocka_unit_test(figure10_active_side_causes_rst),
		cmocka_unit_test(figure12_normal_close),
		cmocka_unit_test(figure12_normal_close_passive_closer),
		cmocka_unit_test(figure13_simultaneous_close),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
