/* Shared helpers for the TCP model unit tests (header-only, static). The
 * reference connection: our ISS 1000 (strict profile), the peer's ISS 5000. */
#ifndef WC_TM_HELPERS_H
#define WC_TM_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wirecheck/tcp_model.h"
#include "wirecheck/tcp_model_check.h"
#include "wirecheck/err.h"

#define ISS 1000u
#define PISS 5000u
#define F_S WC_TM_SYN
#define F_A WC_TM_ACK
#define F_R WC_TM_RST
#define F_F WC_TM_FIN
#define F_P WC_TM_PSH
#define F_U WC_TM_URG

static inline wc_tm_seg seg(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
	wc_tm_seg s;
	memset(&s, 0, sizeof s);
	s.flags = flags;
	s.seq = seq;
	s.ack = ack;
	s.len = len;
	s.wnd = 65535;
	return s;
}

/* Did the last step fire the row with this ID? */
static inline int fired(const wc_tm *m, const char *id)
{
	int r = wc_tm_rule_find(id);
	if (r < 0)
		fail_msg("no such rule %s", id);
	for (unsigned i = 0; i < m->nfired; i++)
		if (m->fired[i] == r)
			return 1;
	return 0;
}

#define assert_fired(m, id) \
	do { if (!fired((m), (id))) fail_msg("rule %s did not fire (state %s)", (id), wc_tcp_state_name((m)->state)); } while (0)

static inline int nout(const wc_tm *m) { return m->nout; }

/* Pop one output and check its flags/seq/ack. */
static inline wc_tm_seg pop_expect(wc_tm *m, uint16_t flags, uint32_t seq, uint32_t ack)
{
	wc_tm_seg s;
	if (!wc_tm_ep_pop(m, &s))
		fail_msg("expected a segment flags=%#x seq=%u, none sent", flags, seq);
	uint16_t f = s.flags & (F_S | F_A | F_R | F_F);
	if (f != flags || s.seq != seq || ((flags & F_A) && s.ack != ack))
		fail_msg("segment flags=%#x seq=%u ack=%u, expected flags=%#x seq=%u ack=%u", s.flags,
			 s.seq, s.ack, flags, seq, ack);
	return s;
}

static inline void expect_none(wc_tm *m)
{
	wc_tm_seg s;
	if (wc_tm_ep_pop(m, &s))
		fail_msg("unexpected segment flags=%#x seq=%u ack=%u len=%u", s.flags, s.seq, s.ack, s.len);
}

static inline void in(wc_tm *m, wc_tm_seg s)
{
	assert_int_equal(wc_tm_ep_input(m, &s), WC_OK);
}

static inline void call(wc_tm *m, int ev, uint32_t arg)
{
	assert_int_equal(wc_tm_ep_call(m, ev, arg), WC_OK);
}

/* Active open to ESTABLISHED: SND.NXT = 1001, RCV.NXT = 5001. */
/* A checker (MIRROR) fed a passive open up to SYN-RECEIVED: the peer's SYN
 * (ISS PISS) in, the stack's SYN,ACK (ISS siss) out. */
static inline void mirror_synrcvd_iss(wc_tmc *c, const wc_tm_profile *p, uint32_t siss)
{
	wc_tmc_init(c, p, NULL);
	assert_int_equal(wc_tmc_call(c, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, PISS, 0, 0);
	assert_int_equal(wc_tmc_input(c, &s), WC_OK);
	s = seg(F_S | F_A, siss, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(c, &s), WC_OK);
	assert_int_equal(c->m.state, WC_TCP_SYN_RECEIVED);
}

static inline void est_active_p(wc_tm *m, const wc_tm_profile *p)
{
	wc_tm_ep_init(m, p, NULL);
	call(m, WC_TM_EV_OPEN_ACTIVE, 0);
	pop_expect(m, F_S, ISS, 0);
	in(m, seg(F_S | F_A, PISS, ISS + 1, 0));
	pop_expect(m, F_A, ISS + 1, PISS + 1);
	assert_int_equal(m->state, WC_TCP_ESTABLISHED);
}

static inline void est_active(wc_tm *m) { est_active_p(m, &wc_tm_profile_strict); }

/* Passive open to ESTABLISHED. */
static inline void est_passive(wc_tm *m)
{
	wc_tm_ep_init(m, &wc_tm_profile_strict, NULL);
	call(m, WC_TM_EV_OPEN_PASSIVE, 0);
	in(m, seg(F_S, PISS, 0, 0));
	pop_expect(m, F_S | F_A, ISS, PISS + 1);
	in(m, seg(F_A, PISS + 1, ISS + 1, 0));
	expect_none(m);
	assert_int_equal(m->state, WC_TCP_ESTABLISHED);
}

/* SYN-RECEIVED from LISTEN (SYN-ACK popped). */
static inline void synrcvd_passive(wc_tm *m)
{
	wc_tm_ep_init(m, &wc_tm_profile_strict, NULL);
	call(m, WC_TM_EV_OPEN_PASSIVE, 0);
	in(m, seg(F_S, PISS, 0, 0));
	pop_expect(m, F_S | F_A, ISS, PISS + 1);
	assert_int_equal(m->state, WC_TCP_SYN_RECEIVED);
}

/* SYN-RECEIVED from SYN-SENT (simultaneous open; SYN-ACK popped). */
static inline void synrcvd_active(wc_tm *m)
{
	wc_tm_ep_init(m, &wc_tm_profile_strict, NULL);
	call(m, WC_TM_EV_OPEN_ACTIVE, 0);
	pop_expect(m, F_S, ISS, 0);
	in(m, seg(F_S, PISS, 0, 0));
	pop_expect(m, F_S | F_A, ISS, PISS + 1);
	assert_int_equal(m->state, WC_TCP_SYN_RECEIVED);
}

/* ESTABLISHED, then CLOSE: FIN sent, FIN-WAIT-1. */
static inline void fw1(wc_tm *m)
{
	est_active(m);
	call(m, WC_TM_EV_SHUTDOWN, 0);
	pop_expect(m, F_F | F_A, ISS + 1, PISS + 1);
	assert_int_equal(m->state, WC_TCP_FIN_WAIT_1);
}

static inline void fw2(wc_tm *m)
{
	fw1(m);
	in(m, seg(F_A, PISS + 1, ISS + 2, 0));
	expect_none(m);
	assert_int_equal(m->state, WC_TCP_FIN_WAIT_2);
}

static inline void close_wait(wc_tm *m)
{
	est_active(m);
	in(m, seg(F_F | F_A, PISS + 1, ISS + 1, 0));
	pop_expect(m, F_A, ISS + 1, PISS + 2);
	assert_int_equal(m->state, WC_TCP_CLOSE_WAIT);
}

static inline void last_ack(wc_tm *m)
{
	close_wait(m);
	call(m, WC_TM_EV_CLOSE, 0);
	pop_expect(m, F_F | F_A, ISS + 1, PISS + 2);
	assert_int_equal(m->state, WC_TCP_LAST_ACK);
}

static inline void closing(wc_tm *m)
{
	fw1(m);
	in(m, seg(F_F | F_A, PISS + 1, ISS + 1, 0));
	pop_expect(m, F_A, ISS + 2, PISS + 2);
	assert_int_equal(m->state, WC_TCP_CLOSING);
}

static inline void time_wait(wc_tm *m)
{
	fw2(m);
	in(m, seg(F_F | F_A, PISS + 1, ISS + 2, 0));
	pop_expect(m, F_A, ISS + 2, PISS + 2);
	assert_int_equal(m->state, WC_TCP_TIME_WAIT);
}

#endif
