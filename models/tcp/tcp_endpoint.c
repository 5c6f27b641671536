/*
 * The reference endpoint: after each model step, turn what the model owes
 * (and what it may send) into concrete segments, each validated by
 * wc_tm_emit() before it is queued in m->out.
 */
#include <string.h>

#include "tcp_int.h"
#include "wirecheck/err.h"
#include "wirecheck/tcp_model_check.h"

void wc_tm_ep_init(wc_tm *m, const wc_tm_profile *p, uint32_t *cover)
{
	wc_tm_init(m, p, WC_TM_ENDPOINT, cover);
}

static uint16_t adv_window(const wc_tm *m, int syn)
{
	uint32_t free_ = m->prof->rcv_buf > m->rcvq ? m->prof->rcv_buf - m->rcvq : 0;
	if (!syn)
		free_ >>= m->rcv_wscale;
	return free_ > 65535 ? 65535 : (uint16_t)free_;
}

static uint32_t ts_now(const wc_tm *m)
{
	return (uint32_t)(m->now / (1000000u / (m->prof->ts_clock_hz ? m->prof->ts_clock_hz : 1000))) + 1;
}

static void base_seg(const wc_tm *m, wc_tm_seg *s, uint16_t flags, uint32_t seq)
{
	memset(s, 0, sizeof *s);
	s->flags = flags;
	s->seq = seq;
	if (flags & WC_TM_ACK) {
		s->ack = m->rcv_nxt;
		s->wnd = adv_window(m, 0);
	}
	if (m->ts_ok && !(flags & WC_TM_RST)) {
		s->opts |= WC_TM_O_TS;
		s->tsval = ts_now(m);
		s->tsecr = m->ts_recent;
	}
}

static int push(wc_tm *m, const wc_tm_seg *s)
{
	if (m->nout >= WC_TM_OUTQ)
		return 0;
	int rc = wc_tm_emit(m, s);
	if (rc)
		return rc;
	m->out[m->nout++] = *s;
	return 1;
}

static void syn_opts(const wc_tm *m, wc_tm_seg *s, int synack)
{
	const wc_tm_profile *p = m->prof;
	s->opts |= WC_TM_O_MSS;
	s->mss = p->mss;
	if (p->wscale != 0xff && (!synack || (m->syn_opts_rcvd & WC_TM_O_WS))) {
		s->opts |= WC_TM_O_WS;
		s->wscale = p->wscale;
	}
	if (p->sack && (!synack || (m->syn_opts_rcvd & WC_TM_O_SACKOK)))
		s->opts |= WC_TM_O_SACKOK;
	if (p->ts && (!synack || (m->syn_opts_rcvd & WC_TM_O_TS))) {
		s->opts |= WC_TM_O_TS;
		s->tsval = ts_now(m);
		s->tsecr = synack ? m->ts_recent : 0;
	}
}

static int can_send_data(int st)
{
	return st == WC_TCP_ESTABLISHED || st == WC_TCP_CLOSE_WAIT || st == WC_TCP_FIN_WAIT_1 ||
	       st == WC_TCP_LAST_ACK || st == WC_TCP_CLOSING;
}

static uint32_t eff_mss(const wc_tm *m)
{
	uint32_t mss = m->snd_mss;
	if (m->ts_ok && mss > 12)
		mss -= 12;
	return mss ? mss : 1;
}

/* Transmit everything owed and everything the window allows. */
static int flush(wc_tm *m)
{
	wc_tm_seg s;
	int rc;
	/* resets, oldest first */
	while (m->nrst && m->nout < WC_TM_OUTQ) {
		const wc_tm_owe_rst *r = &m->rst[0];
		memset(&s, 0, sizeof s);
		s.flags = r->flags;
		s.seq = r->seq;
		s.ack = r->ack;
		if ((rc = push(m, &s)) <= 0)
			return rc;
	}
	int st = m->state;
	/* SYN / SYN-ACK */
	if (m->syn_owed && st == WC_TCP_SYN_SENT) {
		memset(&s, 0, sizeof s);
		s.flags = WC_TM_SYN;
		s.seq = m->iss;
		s.wnd = adv_window(m, 1);
		syn_opts(m, &s, 0);
		if ((rc = push(m, &s)) <= 0)
			return rc;
	}
	if (m->syn_owed && (st == WC_TCP_SYN_RECEIVED || st == WC_TCP_FIN_WAIT_1 ||
			    st == WC_TCP_CLOSING) && m->snd_una == m->iss) {
		memset(&s, 0, sizeof s);
		s.flags = WC_TM_SYN | WC_TM_ACK;
		s.seq = m->iss;
		s.ack = m->rcv_nxt;
		s.wnd = adv_window(m, 1);
		syn_opts(m, &s, 1);
		if ((rc = push(m, &s)) <= 0)
			return rc;
	}
	if (!(WC_TM_BIT(st) & WC_TM_SYNC_STATES))
		return 0;
	int synced = m->snd_una != m->iss; /* our SYN is acknowledged */
	/* a FIN due at once, before our SYN is acknowledged (CLOSE in
	 * SYN-RECEIVED with nothing to send: it directly follows the SYN) */
	if (m->fin_owed && !synced && !wc_tm_fin_sent(m) && m->snd_nxt == wc_tm_fin_seq(m) &&
	    m->nout < WC_TM_OUTQ) {
		base_seg(m, &s, WC_TM_ACK | WC_TM_FIN, m->snd_nxt);
		if ((rc = push(m, &s)) <= 0)
			return rc;
	}
	/* retransmission of the front of the queue */
	if (m->rtx_owed && m->snd_una != m->snd_nxt && synced) {
		uint32_t out = m->snd_nxt - m->snd_una;
		int fin = wc_tm_fin_sent(m);
		uint32_t data = out - (uint32_t)fin;
		uint32_t n = data < eff_mss(m) ? data : eff_mss(m);
		base_seg(m, &s, WC_TM_ACK, m->snd_una);
		s.len = n;
		if (fin && n == data)
			s.flags |= WC_TM_FIN;
		if ((rc = push(m, &s)) <= 0)
			return rc;
	}
	/* new data, FIN piggybacked on the last segment */
	while (can_send_data(st) && m->nout < WC_TM_OUTQ && synced) {
		uint32_t unsent = wc_tm_unsent(m);
		uint32_t room = m->snd_una + m->snd_wnd - m->snd_nxt;
		if (room >= 0x80000000u)
			room = 0;
		uint32_t n = unsent < room ? unsent : room;
		if (n > eff_mss(m))
			n = eff_mss(m);
		int fin = m->fin_queued && !wc_tm_fin_sent(m) && n == unsent;
		if (n == 0 && !fin)
			break;
		base_seg(m, &s, WC_TM_ACK | (n ? WC_TM_PSH : 0), m->snd_nxt);
		s.len = n;
		if (fin)
			s.flags |= WC_TM_FIN;
		if ((rc = push(m, &s)) <= 0)
			return rc;
		if (fin)
			break;
	}
	/* window probe / keep-alive */
	if (m->probe_owed && m->nout < WC_TM_OUTQ) {
		if (wc_tm_unsent(m) > 0 && m->snd_wnd == 0) {
			base_seg(m, &s, WC_TM_ACK, m->snd_nxt);
			s.len = 1;
		} else {
			base_seg(m, &s, WC_TM_ACK, m->snd_una - 1);
		}
		if ((rc = push(m, &s)) <= 0)
			return rc;
		m->probe_owed = 0;
	}
	/* a pure ACK if one is owed now */
	if (m->ack_owed && (m->ack_imm || m->ack_due <= m->now) && m->nout < WC_TM_OUTQ) {
		base_seg(m, &s, WC_TM_ACK, m->snd_nxt);
		if ((rc = push(m, &s)) <= 0)
			return rc;
	}
	return 0;
}

static int done(wc_tm *m, int rc)
{
	if (rc)
		return rc;
	rc = flush(m);
	return rc < 0 ? rc : WC_OK;
}

int wc_tm_ep_input(wc_tm *m, const wc_tm_seg *seg)
{
	return done(m, wc_tm_input(m, seg));
}

int wc_tm_ep_call(wc_tm *m, int ev, uint32_t arg)
{
	return done(m, wc_tm_call(m, ev, arg));
}

int wc_tm_ep_timeout(wc_tm *m, int ev)
{
	if (!m)
		return WC_ETM_ARG;
	m->nfired = 0;
	return done(m, wc_tm_timeout(m, ev));
}

int wc_tm_ep_advance_step(wc_tm *m, uint64_t target)
{
	if (!m)
		return WC_ETM_ARG;
	m->nfired = 0;
	m->out_lo = m->now;
	int rc = wc_tm_advance_step(m, target);
	if (rc < 0)
		return rc;
	int frc = flush(m);
	return frc < 0 ? frc : rc;
}

int wc_tm_ep_advance(wc_tm *m, uint64_t usec)
{
	if (!m)
		return WC_ETM_ARG;
	uint64_t target = wc_tm_time_add(m->now, usec);
	m->out_lo = m->now;
	m->nfired = 0; /* m->fired lists every row of the whole advance (up to its size) */
	for (int i = 0; i < 100000; i++) {
		int rc = wc_tm_advance_step(m, target);
		if (rc < 0)
			return rc;
		m->out_lo = m->now;
		int frc = flush(m);
		if (frc < 0)
			return frc;
		if (rc == 0)
			return WC_OK;
	}
	return WC_ETM_NOROW;
}

int wc_tm_ep_pop(wc_tm *m, wc_tm_seg *out)
{
	if (!m->nout)
		return 0;
	*out = m->out[0];
	memmove(&m->out[0], &m->out[1], (size_t)(m->nout - 1) * sizeof m->out[0]);
	m->nout--;
	m->out[m->nout].data = NULL;
	return 1;
}
