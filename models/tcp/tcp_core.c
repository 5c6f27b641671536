/*
 * The engine: classify -> look up the unique row -> run its actions -> set
 * the to-state; segments in synchronized states run the RFC's phases in
 * order. Also the shared helpers the actions use (obligations, timers).
 */
#include <stdio.h>
#include <string.h>

#include "tcp_int.h"
#include "wirecheck/err.h"

const char *wc_tm_strerror(int err)
{
	switch (err) {
	case WC_ETM_NOROW: return "TCP model: no unique table row (table bug)";
	case WC_ETM_ARG: return "TCP model: invalid event or argument";
	case WC_ETM_OUTQ: return "TCP model: endpoint output queue full";
	case WC_ETM_VIOLATION: return "TCP model: disallowed step in trace";
	case WC_ETM_TRACE: return "TCP model: malformed trace record";
	case WC_ETM_DEAD: return "TCP model: checker already stopped";
	default: return wc_strerror(err);
	}
}

uint64_t wc_tm_time_add(uint64_t t, uint64_t d)
{
	return (t + d < t) ? UINT64_MAX : t + d;
}

void wc_tm_init(wc_tm *m, const wc_tm_profile *p, int mode, uint32_t *cover)
{
	memset(m, 0, sizeof *m);
	m->prof = p;
	m->mode = (uint8_t)mode;
	m->cover = cover;
	m->state = WC_TCP_CLOSED;
	m->rto = m->rto_nocap = p->rto_init_us;
	m->snd_mss = 536;
}

uint16_t wc_tm_default_mss(const wc_tm *m)
{
	return m->ipv6 ? 1220 : 536; /* RFC 9293 3.7.1, MUST-15 */
}

void wc_tm_clear_conn(wc_tm *m)
{
	/* keep: profile, mode, cover, clock, user notification, owed RSTs,
	 * rate-limit accounting, the event record and the output queue */
	wc_tm keep = *m;
	memset(m, 0, offsetof(wc_tm, nfired));
	m->prof = keep.prof;
	m->mode = keep.mode;
	m->ipv6 = keep.ipv6;
	m->state = keep.state;
	m->user = keep.user;
	m->now = keep.now;
	m->out_lo = keep.out_lo;
	m->nrst = keep.nrst;
	memcpy(m->rst, keep.rst, sizeof m->rst);
	m->last_dupack = keep.last_dupack;
	m->chal_win_start = keep.chal_win_start;
	m->chal_count = keep.chal_count;
	m->rto = m->rto_nocap = m->prof->rto_init_us;
	m->snd_mss = wc_tm_default_mss(m);
}

uint32_t wc_tm_fin_seq(const wc_tm *m)
{
	return m->iss + 1 + (uint32_t)m->snd_qlen;
}

int wc_tm_fin_sent(const wc_tm *m)
{
	return m->fin_queued && m->snd_nxt == wc_tm_fin_seq(m) + 1;
}

uint32_t wc_tm_unsent(const wc_tm *m)
{
	uint32_t d = wc_tm_fin_seq(m) - m->snd_nxt;
	return d < 0x80000000u ? d : 0;
}

uint32_t wc_tm_rcv_wnd(const wc_tm *m)
{
	uint32_t d = m->rcv_adv - m->rcv_nxt;
	return d < 0x80000000u ? d : 0;
}

uint64_t wc_tm_rtx_wait_cap(const wc_tm *m)
{
	uint64_t d = m->rto * 2;
	if (d > m->prof->rto_max_us)
		d = m->prof->rto_max_us;
	return d + m->prof->rto_slack_us;
}

uint64_t wc_tm_rtx_wait_must(const wc_tm *m)
{
	uint64_t d = m->rto_nocap * 2;
	if (d > 2 * WC_TM_RTO_BOUND_US)
		d = 2 * WC_TM_RTO_BOUND_US;
	d += m->prof->rto_slack_us;
	/* without an RTT sample from data the RTO is the initial one, a
	 * SHOULD (RFC 6298 2.1): only the profile's maximum is firm then */
	if (!m->rtt_data && d < m->prof->rto_max_us)
		d = m->prof->rto_max_us;
	uint64_t cap = wc_tm_rtx_wait_cap(m);
	return d > cap ? d : cap;
}

void wc_tm_set_rtx(wc_tm *m)
{
	uint64_t d = m->rto;
	if (m->mode == WC_TM_MIRROR)
		/* latest time the stack should have retransmitted: twice our
		 * RTO (its estimator may differ), plus slack, bounded by the
		 * profile's rto_max (the MUST deadline is checked when this
		 * fires: action RTX) */
		d = wc_tm_rtx_wait_cap(m);
	m->t_rtx = wc_tm_time_add(m->now, d ? d : 1);
}

void wc_tm_need_rst(wc_tm *m, uint16_t flags, uint32_t seq, uint32_t ack)
{
	if (m->nrst >= WC_TM_MAX_RST)
		return; /* a burst beyond this is not tracked (documented limit) */
	wc_tm_owe_rst *r = &m->rst[m->nrst++];
	r->rule = (uint16_t)m->fired[m->nfired ? m->nfired - 1 : 0];
	r->flags = flags;
	r->seq = seq;
	r->ack = ack;
}

/* ratelimit: 0 no, 1 out-of-window ACK, 2 challenge ACK */
void wc_tm_need_ack(wc_tm *m, int imm, int cls, int ratelimit)
{
	const wc_tm_profile *p = m->prof;
	int optional = 0;
	if (ratelimit) {
		if (p->ack_ratelimit_us && m->last_dupack &&
		    m->now + 1 - m->last_dupack < p->ack_ratelimit_us)
			optional = 1;
		if (ratelimit == 2 && p->challenge_ack_per_s) {
			if (m->now - m->chal_win_start >= 1000000u) {
				m->chal_win_start = m->now;
				m->chal_count = 0;
			}
			if (m->chal_count >= p->challenge_ack_per_s)
				optional = 1;
		}
		if (optional && m->mode == WC_TM_ENDPOINT)
			return; /* the endpoint takes the rate limit */
	}
	uint64_t due = imm ? m->now
			   : wc_tm_time_add(m->now, m->mode == WC_TM_ENDPOINT ? p->delack_us
									     : p->delack_max_us);
	if (!m->ack_owed) {
		m->ack_owed = 1;
		m->ack_imm = (uint8_t)imm;
		m->ack_due = due;
		m->ack_cls = (uint8_t)cls;
		m->ack_optional = (uint8_t)optional;
		m->ack_rule = (uint16_t)m->fired[m->nfired ? m->nfired - 1 : 0];
		m->ratelimited = (uint8_t)(ratelimit != 0);
		return;
	}
	if (optional && !m->ack_optional)
		return; /* an optional ACK does not hurry a required one */
	if (imm)
		m->ack_imm = 1;
	if (due < m->ack_due)
		m->ack_due = due;
	if (!optional && m->ack_optional) {
		m->ack_optional = 0;
		m->ack_cls = (uint8_t)cls;
		m->ack_rule = (uint16_t)m->fired[m->nfired ? m->nfired - 1 : 0];
		m->ratelimited = (uint8_t)(ratelimit != 0);
	}
}

void wc_tm_violate(wc_tm *m, const char *field, int kind, int bound, const char *allowed_fmt,
		   unsigned long long lo, unsigned long long hi, int akind,
		   unsigned long long actual, int cls)
{
	m->viol.field = field;
	snprintf(m->viol.allowed, sizeof m->viol.allowed, allowed_fmt, lo, hi);
	snprintf(m->viol.actual, sizeof m->viol.actual, "%llu", actual);
	m->viol.cls = (uint8_t)cls;
	m->viol.num = (wc_tm_vnum){ .fmt = allowed_fmt, .kind = (uint8_t)kind,
				    .hkind = (uint8_t)(bound == WC_TM_VB_RANGE ? kind : WC_TM_VK_NONE),
				    .akind = (uint8_t)akind,
				    .bound = (uint8_t)bound, .lo = lo, .hi = hi, .actual = actual };
}

void wc_tm_update_persist(wc_tm *m)
{
	int st = m->state;
	int can_send = st == WC_TCP_ESTABLISHED || st == WC_TCP_CLOSE_WAIT ||
		       st == WC_TCP_FIN_WAIT_1 || st == WC_TCP_CLOSING || st == WC_TCP_LAST_ACK;
	uint32_t room = m->snd_una + m->snd_wnd - m->snd_nxt;
	if (room >= 0x80000000u)
		room = 0;
	if (can_send && m->snd_wnd == 0 && wc_tm_unsent(m) > 0 && room == 0 &&
	    m->snd_una == m->snd_nxt) {
		if (!m->t_persist) {
			uint64_t d = m->rto;
			if (m->mode == WC_TM_MIRROR)
				d = d * 2 + m->prof->rto_slack_us;
			m->t_persist = wc_tm_time_add(m->now, d ? d : 1);
		}
	} else {
		m->t_persist = 0;
		m->nprobe = 0;
	}
}

void wc_tm_touch_keepalive(wc_tm *m)
{
	m->last_activity = m->now;
	if (m->prof->keepalive && (m->state == WC_TCP_ESTABLISHED || m->state == WC_TCP_CLOSE_WAIT ||
				   m->state == WC_TCP_FIN_WAIT_2))
		m->t_keep = wc_tm_time_add(m->now, m->prof->keepalive_idle_us);
	else
		m->t_keep = 0;
}

static void record(wc_tm *m, int row)
{
	if (m->nfired < WC_TM_MAX_FIRED)
		m->fired[m->nfired++] = (uint16_t)row;
	if (m->cover)
		m->cover[row]++;
}

/* Does the alternative of the row that is about to fire apply here
 * (enum wc_tm_alt)? */
static int alt_applies(const wc_tm *m, const wc_tm_ctx *c, const wc_tm_row *row)
{
	const wc_tm_seg *s = c->seg;
	switch (row->alt) {
	case WC_TM_ALT_SKIP:
		return 1;
	case WC_TM_ALT_ACKFIRST:
		/* "If the connection is in any non-synchronized state (LISTEN,
		 * SYN-SENT, SYN-RECEIVED), and the incoming segment acknowledges
		 * something not yet sent (the segment carries an unacceptable
		 * ACK) ... a reset is sent." (RFC 9293 3.5.2) */
		return s && m->state == WC_TCP_SYN_RECEIVED && m->iss_bound &&
		       (s->flags & (WC_TM_ACK | WC_TM_RST)) == WC_TM_ACK &&
		       !wc_tm_seq_in_oc(s->ack, m->snd_una, m->snd_nxt);
	case WC_TM_ALT_SYNTEXT:
		return s && (s->len > 0 || (s->flags & WC_TM_FIN));
	case WC_TM_ALT_NOLISTEN:
		return m->state == WC_TCP_CLOSED && m->listen_open;
	default:
		return 0;
	}
}

/* Classify, look up the unique row, run its actions, take its to-state.
 * Mirror only: a row with an applicable alternative is noted in alt_req
 * (alt_mode 0), or replaced by its alternative (alt_mode 1, once per event). */
static int fire(wc_tm *m, wc_tm_ctx *c, int ev, int *next)
{
	c->ev = ev;
	int g = wc_tm_classify(m, c);
	int r = wc_tm_lookup(m->state, ev, g, m->prof);
	if (r < 0)
		return WC_ETM_NOROW;
	if (m->mode == WC_TM_MIRROR && wc_tm_rows[r].alt && m->alt_mode != 2 &&
	    alt_applies(m, c, &wc_tm_rows[r])) {
		if (m->alt_mode == 0) {
			if (!m->alt_req) {
				m->alt_req = 1;
				m->alt_rule = (uint16_t)r;
			}
		} else {
			m->alt_mode = 2;
			switch (wc_tm_rows[r].alt) {
			case WC_TM_ALT_SKIP:
				c->skip = 1;
				break;
			case WC_TM_ALT_ACKFIRST:
				/* straight to the fifth step: R_SYNRCVD_ACK_BAD */
				c->ev = ev = WC_TM_EV_SEG_ACK;
				break;
			case WC_TM_ALT_NOLISTEN:
				/* the listener is gone: RFC 9293 3.10.7.1 */
				m->listen_open = 0;
				break;
			default: /* WC_TM_ALT_SYNTEXT: the same row, text dropped after it */
				c->drop_text = 1;
				break;
			}
			g = wc_tm_classify(m, c);
			r = wc_tm_lookup(m->state, ev, g, m->prof);
			if (r < 0)
				return WC_ETM_NOROW;
		}
	}
	const wc_tm_row *row = &wc_tm_rows[r];
	record(m, r);
	c->row = r;
	for (int i = 0; i < WC_TM_MAX_ACTS && row->act[i]; i++) {
		if (wc_tm_act_run(m, c, row->act[i])) {
			m->viol.rule = r;
			return WC_ETM_VIOLATION;
		}
	}
	if (c->drop_text) {
		/* the SYN,ACK's text and FIN are not accepted: nothing is left for
		 * the text and FIN steps */
		c->dlen = 0;
		c->fin = 0;
		c->cut_right = 0;
	}
	if (row->to != WC_TM_SAME)
		m->state = row->to;
	if (next)
		*next = row->next;
	return WC_OK;
}

int wc_tm_input(wc_tm *m, const wc_tm_seg *seg)
{
	wc_tm_ctx c;
	int next = 0, rc, first;
	if (!m || !seg)
		return WC_ETM_ARG;
	m->nfired = 0;
	m->out_lo = m->now;
	memset(&c, 0, sizeof c);
	c.seg = seg;
	c.state_in = (uint8_t)m->state;
	m->last_rcv = m->now;
	if ((seg->flags & (WC_TM_ACK | WC_TM_RST)) == WC_TM_ACK)
		m->nprobe_unans = 0; /* an acknowledgment: the probes are answered (MUST-37) */
	if (seg->opts & WC_TM_O_BADLEN) {
		rc = fire(m, &c, WC_TM_EV_SEG_OPT, &next);
		if (rc || !next)
			return rc;
	}
	if (m->state == WC_TCP_CLOSED || m->state == WC_TCP_LISTEN || m->state == WC_TCP_SYN_SENT) {
		rc = fire(m, &c, WC_TM_EV_SEG, &next);
		if (rc || !next)
			return rc;
		first = WC_TM_EV_SEG_URG; /* "continue processing at the sixth step" */
	} else {
		first = WC_TM_EV_SEG_SEQ;
	}
	for (int ev = first; ev <= WC_TM_EV_SEG_FIN; ev++) {
		rc = fire(m, &c, ev, &next);
		if (rc)
			return rc;
		if (!next)
			break;
	}
	if (m->state >= WC_TCP_ESTABLISHED)
		wc_tm_touch_keepalive(m);
	return WC_OK;
}

int wc_tm_call(wc_tm *m, int ev, uint32_t arg)
{
	wc_tm_ctx c;
	if (!m || ev < WC_TM_EV_OPEN_ACTIVE || ev > WC_TM_EV_ABORT)
		return WC_ETM_ARG;
	m->nfired = 0;
	m->out_lo = m->now;
	m->user = WC_TM_U_OK;
	memset(&c, 0, sizeof c);
	c.arg = arg;
	int before = m->state;
	int rc = fire(m, &c, ev, NULL);
	if (before == WC_TCP_LISTEN && m->state != WC_TCP_LISTEN)
		m->listen_open = 0; /* the listener closed, or turned active (3.10.1) */
	return rc;
}

int wc_tm_timeout(wc_tm *m, int ev)
{
	wc_tm_ctx c;
	if (!m || ((ev < WC_TM_EV_TO_RTX || ev > WC_TM_EV_TO_KEEPALIVE) && ev != WC_TM_EV_TO_IDLE))
		return WC_ETM_ARG;
	memset(&c, 0, sizeof c);
	return fire(m, &c, ev, NULL);
}

uint64_t wc_tm_idle_deadline(const wc_tm *m)
{
	const wc_tm_profile *p = m->prof;
	if (m->state == WC_TCP_LAST_ACK && p->lastack_timeout_us)
		return wc_tm_time_add(m->last_rcv, p->lastack_timeout_us);
	if (m->state == WC_TCP_FIN_WAIT_2 && m->closed_by_user && p->fw2_timeout_us)
		return wc_tm_time_add(m->last_rcv, p->fw2_timeout_us);
	return 0;
}

#define NTIMERS 7

/* The running timers' deadlines (0: not running), in the order of the
 * timeout events advance_step fires for them, with the time-wait and idle
 * deadlines given; returns the earliest (0: none). */
static uint64_t deadlines(const wc_tm *m, uint64_t tw, uint64_t idle, uint64_t v[NTIMERS])
{
	uint64_t t = 0;
	v[0] = m->t_rtx;
	v[1] = tw;
	v[2] = m->t_user;
	v[3] = (m->ack_owed && !m->ack_imm) ? m->ack_due : 0;
	v[4] = m->t_persist;
	v[5] = m->t_keep;
	v[6] = idle;
	for (int i = 0; i < NTIMERS; i++)
		if (v[i] && (!t || v[i] < t))
			t = v[i];
	return t;
}

uint64_t wc_tm_next_timer(const wc_tm *m)
{
	uint64_t v[NTIMERS];
	return deadlines(m, m->t_tw, wc_tm_idle_deadline(m), v);
}

/* Fire the earliest timer due at or before target; 1 if one fired, 0 if
 * none is due (the clock is then at target), or a negative code. */
int wc_tm_advance_step(wc_tm *m, uint64_t target)
{
	static const int evs[NTIMERS] = {
		WC_TM_EV_TO_RTX, WC_TM_EV_TO_TIMEWAIT, WC_TM_EV_TO_USER,
		WC_TM_EV_TO_DELACK, WC_TM_EV_TO_PERSIST, WC_TM_EV_TO_KEEPALIVE,
		WC_TM_EV_TO_IDLE,
	};
	/* The idle limits are "more than" limits (lwIP: tcp_ticks - pcb->tmr >
	 * limit): due only once time has passed the deadline, so what the stack
	 * sends at the deadline instant (a FIN retransmission in the same timer
	 * pass) still belongs to the connection, for endpoint and checker alike. */
	/* TIME-WAIT's 2MSL is read the same way: MUST-13 asks the stack to
	 * linger at least 2MSL, and one still in TIME-WAIT at the instant 2MSL
	 * ends has not lingered too long (lwIP removes the pcb at the first
	 * timer tick after it). Endpoint and mirror alike, so that the two
	 * agree (model_tcp checks it). */
	uint64_t idle = wc_tm_idle_deadline(m), v[NTIMERS];
	uint64_t tw = m->t_tw >= target ? 0 : m->t_tw;
	uint64_t t = deadlines(m, tw, idle && idle < target ? idle : 0, v);
	if (!t || t > target) {
		if (target > m->now)
			m->now = target;
		return 0;
	}
	if (t > m->now)
		m->now = t;
	for (int i = 0; i < NTIMERS; i++) {
		if (v[i] == t) {
			int rc = wc_tm_timeout(m, evs[i]);
			return rc ? rc : 1;
		}
	}
	return WC_ETM_NOROW; /* unreachable: t came from v[] */
}

int wc_tm_advance(wc_tm *m, uint64_t usec)
{
	if (!m)
		return WC_ETM_ARG;
	uint64_t target = wc_tm_time_add(m->now, usec);
	m->nfired = 0;
	m->out_lo = m->now;
	for (int guard = 0; guard < 100000; guard++) {
		int rc = wc_tm_advance_step(m, target);
		if (rc <= 0)
			return rc;
	}
	return WC_ETM_NOROW; /* a timer that never stops re-arming at the same instant */
}

int wc_tm_emit(wc_tm *m, const wc_tm_seg *seg)
{
	wc_tm_ctx c;
	if (!m || !seg)
		return WC_ETM_ARG;
	memset(&c, 0, sizeof c);
	c.seg = seg;
	if (m->mode == WC_TM_ENDPOINT)
		return fire(m, &c, WC_TM_EV_OUT, NULL);
	wc_tm save = *m;
	int rc = fire(m, &c, WC_TM_EV_OUT, NULL);
	if (rc == WC_ETM_VIOLATION) {
		wc_tm_violation v = m->viol;
		uint8_t nf = m->nfired;
		uint16_t f0 = m->fired[0];
		*m = save;
		m->viol = v;
		m->nfired = nf;
		m->fired[0] = f0;
	}
	return rc;
}

const char *wc_tm_invariant(const wc_tm *m)
{
	if (m->state < 0 || m->state >= WC_TCP_NSTATES)
		return "state out of range";
	if (m->state >= WC_TCP_SYN_RECEIVED && m->iss_bound) {
		uint32_t out = m->snd_nxt - m->snd_una;
		if (out >= 0x80000000u)
			return "SND.NXT behind SND.UNA";
		/* SND.NXT <= max right edge ever offered, plus SYN, FIN and one probe octet */
		uint32_t edge = m->snd_edge_max - m->snd_una;
		if (edge < 0x80000000u && out > edge + 3 && out > 3)
			return "SND.NXT beyond every window offered";
		if (wc_tm_unsent(m) == 0 && m->snd_nxt != wc_tm_fin_seq(m) &&
		    !(m->fin_queued && m->snd_nxt == wc_tm_fin_seq(m) + 1))
			return "SND.NXT beyond the queued data";
	}
	if (m->state == WC_TCP_TIME_WAIT && !(m->fin_rcvd && wc_tm_fin_sent(m)))
		return "TIME-WAIT without both FINs";
	if (m->state == WC_TCP_TIME_WAIT && !m->t_tw)
		return "TIME-WAIT without its timer";
	if ((m->state == WC_TCP_CLOSED || m->state == WC_TCP_LISTEN) &&
	    (m->t_rtx || m->t_tw || m->t_user || m->t_persist || m->t_keep || m->ack_owed ||
	     m->syn_owed || m->rtx_owed || m->fin_owed))
		return "CLOSED/LISTEN with a timer or an obligation other than RST";
	if (m->state == WC_TCP_CLOSE_WAIT || m->state == WC_TCP_LAST_ACK ||
	    m->state == WC_TCP_CLOSING) {
		if (!m->fin_rcvd)
			return "FIN-received state without a FIN";
	}
	if ((m->state == WC_TCP_FIN_WAIT_2) && !wc_tm_fin_sent(m))
		return "FIN-WAIT-2 without our FIN sent";
	if (m->snd_wscale > 14 || m->rcv_wscale > 14)
		return "window scale shift above 14";
	if (m->rto_nocap < m->rto)
		return "uncapped RTO below the capped one";
	if (m->nrst > WC_TM_MAX_RST || m->nout > WC_TM_OUTQ || m->ooo_n > WC_TM_MAX_OOO)
		return "queue overflow";
	return NULL;
}

void wc_tm_cover_print(FILE *f, const uint32_t *cover)
{
	unsigned never = 0;
	for (unsigned i = 0; i < wc_tm_nrows; i++)
		fprintf(f, "fired %10u  %s\n", cover[i], wc_tm_rows[i].id);
	for (unsigned i = 0; i < wc_tm_nrows; i++)
		if (!cover[i])
			never++;
	fprintf(f, "rules: %u, fired: %u, never fired: %u\n", wc_tm_nrows, wc_tm_nrows - never, never);
	for (unsigned i = 0; i < wc_tm_nrows; i++)
		if (!cover[i])
			fprintf(f, "never  %s\n", wc_tm_rows[i].id);
}
