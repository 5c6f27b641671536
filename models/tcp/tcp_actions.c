/*
 * The model's actions. Each act_<NAME> implements the sentence quoted for it
 * in tcp_model_acts.h; input actions never fail, output checks (O_*) return
 * 1 after recording a violation in m->viol.
 */
#include <string.h>

#include "tcp_int.h"

static const struct {
	const char *name, *quote;
} acts[WC_TM_NACTS] = {
	[WC_TM_A_NONE] = {"none", ""},
#define WC_TM_ACT(n, q) [WC_TM_A_##n] = {#n, q},
#include "wirecheck/tcp_model_acts.h"
#undef WC_TM_ACT
};

const char *wc_tm_act_name(int a)
{
	return (a >= 0 && a < WC_TM_NACTS) ? acts[a].name : "?";
}

const char *wc_tm_act_quote(int a)
{
	return (a >= 0 && a < WC_TM_NACTS) ? acts[a].quote : "?";
}

#define ROWCLS(c) (wc_tm_rows[(c)->row].cls)

/* ---- helpers ------------------------------------------------------------ */

static void negotiate_finish(wc_tm *m)
{
	const uint8_t both = m->syn_opts_sent & m->syn_opts_rcvd;
	m->ws_ok = (both & WC_TM_O_WS) != 0;
	/* RFC 7323 2.3: use 14 instead of a larger shift */
	m->snd_wscale = m->ws_ok ? (m->peer_ws > 14 ? 14 : m->peer_ws) : 0;
	m->rcv_wscale = m->ws_ok ? (m->our_ws > 14 ? 14 : m->our_ws) : 0;
	m->sack_ok = (both & WC_TM_O_SACKOK) != 0;
	m->ts_ok = (both & WC_TM_O_TS) != 0;
	/* MUST-15: without an MSS option assume 536 (IPv4) / 1220 (IPv6) */
	m->snd_mss = (m->syn_opts_rcvd & WC_TM_O_MSS) ? m->peer_mss : wc_tm_default_mss(m);
	/* An MSS option of 0 is read as no usable MSS option: 3.7.1 defines
	 * the value as the reassembly capacity behind the send MSS, and 0
	 * names none a receiver can have (every IPv4 host reassembles 576).
	 * The send MSS then falls back to MUST-15's default, as lwIP (which
	 * replaces 0 by its TCP_MSS) and Linux (which ignores a zero
	 * mss_clamp) both do. */
	if (m->snd_mss == 0)
		m->snd_mss = wc_tm_default_mss(m);
}

static void peer_syn_opts(wc_tm *m, const wc_tm_seg *s)
{
	m->syn_opts_rcvd = s->opts & (WC_TM_O_MSS | WC_TM_O_WS | WC_TM_O_SACKOK | WC_TM_O_TS);
	m->peer_ws = s->wscale;
	m->peer_mss = s->mss;
	if (s->opts & WC_TM_O_TS)
		m->ts_recent = s->tsval;
	if (m->syn_sent_known)
		negotiate_finish(m);
}

static uint32_t seg_wnd(const wc_tm *m, const wc_tm_seg *s)
{
	/* RFC 7323 2.2: the window field of a SYN segment is never scaled */
	return (s->flags & WC_TM_SYN) ? s->wnd : (uint32_t)s->wnd << m->snd_wscale;
}

static void set_snd_wnd(wc_tm *m, uint32_t wnd)
{
	m->snd_wnd = wnd;
	if (wnd > m->snd_max_wnd)
		m->snd_max_wnd = wnd;
	uint32_t edge = m->snd_una + wnd;
	if (!m->iss_bound || wc_tm_seq_lt(m->snd_edge_max, edge) || m->snd_edge_max == 0)
		m->snd_edge_max = edge;
	wc_tm_update_persist(m);
}

/* optional: a sample a stack may take or not (below) */
static void rtt_sample(wc_tm *m, uint64_t r, int optional)
{
	uint64_t before = m->rto;
	/* RFC 6298 2.2 / 2.3, alpha 1/8, beta 1/4, G = 1 us */
	if (!m->rtt_valid) {
		m->srtt = r;
		m->rttvar = r / 2;
		m->rtt_valid = 1;
	} else {
		uint64_t d = m->srtt > r ? m->srtt - r : r - m->srtt;
		m->rttvar = (3 * m->rttvar + d) / 4;
		m->srtt = (7 * m->srtt + r) / 8;
	}
	uint64_t rto = m->srtt + (4 * m->rttvar > 1 ? 4 * m->rttvar : 1);
	if (rto < m->prof->rto_min_us)
		rto = m->prof->rto_min_us; /* 2.4 */
	uint64_t before_nocap = m->rto_nocap;
	m->rto_nocap = rto < WC_TM_RTO_BOUND_US ? rto : WC_TM_RTO_BOUND_US;
	if (rto > m->prof->rto_max_us)
		rto = m->prof->rto_max_us; /* 2.5 */
	m->rto = rto;
	if (m->rto_nocap < rto)
		m->rto_nocap = rto;
	if (!optional)
		m->rtt_data = 1;
	else if (m->mode == WC_TM_MIRROR) {
		/* A sample from the SYN exchange, or from a zero-window probe
		 * octet, is allowed, not required (RFC 6298 names no rule either
		 * way; a probe's ACK waits on the receiver's window): a stack that
		 * did not take it still runs on its earlier RTO (2.1: SHOULD 1 s,
		 * MAY 3 s). The mirror's deadline keeps the later of the two
		 * (WC-2026-0132: lwIP times no probe and keeps its 3 s). */
		if (before > m->rto)
			m->rto = before;
		if (before_nocap > m->rto_nocap)
			m->rto_nocap = before_nocap;
	}
}

static void advance_una(wc_tm *m, uint32_t ack)
{
	if (!wc_tm_seq_in_oc(ack, m->snd_una, m->snd_nxt))
		return;
	if (m->rtt_timing && wc_tm_seq_lt(m->rtt_seq, ack)) {
		uint64_t t0 = m->rtt_time;
		rtt_sample(m, m->now > t0 ? m->now - t0 : 0, m->rtt_seq == m->iss || m->rtt_probe);
		m->rtt_timing = 0;
	}
	/* RFC 6298 5.7: "If the timer expires awaiting the ACK of a SYN
	 * segment and the TCP implementation is using an RTO less than 3
	 * seconds, the RTO MUST be re-initialized to 3 seconds when data
	 * transmission begins" (paraphrase: no RFC 6298 text at hand). */
	if (m->snd_una == m->iss && m->nrtx > 0 && m->rto < 3000000u)
		m->rto = m->rto_nocap = 3000000u;
	m->snd_una = ack;
	if (wc_tm_seq_lt(m->snd_edge_max, ack + m->snd_wnd))
		m->snd_edge_max = ack + m->snd_wnd;
	m->nrtx = 0;
	m->ndup = 0;
	m->rtx_owed = 0;
	m->syn_owed = 0; /* our SYN is acknowledged */
	m->last_send = m->last_send_lo = m->now;
	if (m->snd_una == m->snd_nxt) {
		m->t_rtx = 0; /* RFC 6298 5.2 */
		m->t_user = 0;
	} else {
		wc_tm_set_rtx(m); /* 5.3 */
		if (m->prof->user_timeout_us)
			m->t_user = wc_tm_time_add(m->now, m->prof->user_timeout_us);
	}
	wc_tm_update_persist(m);
}

/* Forget held range i (order is not kept). */
static void ooo_del(wc_tm *m, int i)
{
	m->ooo[i][0] = m->ooo[m->ooo_n - 1][0];
	m->ooo[i][1] = m->ooo[m->ooo_n - 1][1];
	m->ooo_n--;
}

static void ooo_merge(wc_tm *m)
{
	int again = 1;
	while (again) {
		again = 0;
		for (int i = 0; i < m->ooo_n; i++) {
			uint32_t s = m->ooo[i][0], e = m->ooo[i][1];
			uint32_t behind = m->rcv_nxt - s; /* s <= RCV.NXT ? */
			if (behind < 0x80000000u) {
				uint32_t ahead = e - m->rcv_nxt;
				if (ahead != 0 && ahead < 0x80000000u) {
					m->rcvq += ahead;
					m->rcv_nxt = e;
				}
				ooo_del(m, i);
				again = 1;
				break;
			}
		}
	}
}

/* RFC 9293 3.4: "the FIN is considered to occur after the last actual data
 * octet in a segment in which it occurs". A held FIN ends the stream: held
 * text beyond it is past the end (Linux's tcp_fin() purges it, lwIP drops it
 * too: WC-2026-0122), and of two held FINs the earlier one counts. */
static void ooo_hold_fin(wc_tm *m, uint32_t f)
{
	if (m->ooo_fin && wc_tm_seq_le(m->ooo_fin_seq, f))
		return;
	m->ooo_fin = 1;
	m->ooo_fin_seq = f;
	for (int i = 0; i < m->ooo_n;) {
		if (wc_tm_seq_lt(f, m->ooo[i][1]))
			m->ooo[i][1] = f;
		if (!wc_tm_seq_lt(m->ooo[i][0], m->ooo[i][1]))
			ooo_del(m, i); /* the last range moved to i: look at i again */
		else
			i++;
	}
}

static void ooo_add(wc_tm *m, uint32_t s, uint32_t e)
{
	if (m->ooo_fin && wc_tm_seq_lt(m->ooo_fin_seq, e))
		e = m->ooo_fin_seq; /* nothing is held past a held FIN */
	if (!wc_tm_seq_lt(s, e))
		return;
	for (int i = 0; i < m->ooo_n; i++) {
		/* overlapping or adjacent: widen */
		if (wc_tm_seq_le(m->ooo[i][0], e) && wc_tm_seq_le(s, m->ooo[i][1])) {
			if (wc_tm_seq_lt(s, m->ooo[i][0]))
				m->ooo[i][0] = s;
			if (wc_tm_seq_lt(m->ooo[i][1], e))
				m->ooo[i][1] = e;
			return;
		}
	}
	if (m->ooo_n < WC_TM_MAX_OOO) {
		m->ooo[m->ooo_n][0] = s;
		m->ooo[m->ooo_n][1] = e;
		m->ooo_n++;
	}
	/* beyond WC_TM_MAX_OOO holes the segment is not held (allowed: "may be held") */
}

/* The persist interval after nprobe probes: the RTO, doubled per probe
 * (SHLD-30), bounded by the maximum RTO; the mirror allows twice that plus
 * slack (the stack's RTO estimate may differ from ours). */
static uint64_t persist_interval(const wc_tm *m)
{
	uint64_t d = m->rto;
	for (uint32_t i = 1; i < m->nprobe && d < m->prof->rto_max_us; i++)
		d *= 2;
	if (d > m->prof->rto_max_us)
		d = m->prof->rto_max_us;
	if (m->mode == WC_TM_MIRROR)
		d = d * 2 + m->prof->rto_slack_us;
	return d ? d : 1;
}

/* A zero-window probe was sent (the first, or a retransmission of the probe
 * octet while the window stays zero). MUST-37 keeps the connection open
 * only "as long as the receiving TCP peer continues to send acknowledgments
 * in response to the probe segments": probes with no acknowledgment since
 * the first of them count towards R2 (3.8.3; any ACK received resets the
 * count, wc_tm_input). Once R2 is reached over at least 100 s (SHLD-11) the
 * stack may give up at once: the running timer is brought forward (by the
 * profile's slack in the mirror) and fires the LIMIT row. */
static void probe_unanswered(wc_tm *m)
{
	if (!m->nprobe_unans)
		m->probe_unans_since = m->now;
	m->nprobe_unans++;
	if (m->nprobe_unans >= m->prof->r2_retries &&
	    m->now - m->probe_unans_since >= WC_TM_R2_MIN_US) {
		uint64_t d = m->mode == WC_TM_MIRROR ? m->prof->rto_slack_us : 1;
		uint64_t t = wc_tm_time_add(m->now, d ? d : 1);
		if (m->t_persist)
			m->t_persist = t;
		if (m->t_rtx)
			m->t_rtx = t;
	}
}

/* A zero-window probe was emitted: the obligation is met and, while the
 * window stays closed, the next one is due a backed-off interval from now
 * (a probe sent before the timer asked for it counts as one too). */
static void probe_seen(wc_tm *m)
{
	if (m->t_persist) {
		if (!m->probe_owed)
			m->nprobe++;
		m->t_persist = wc_tm_time_add(m->now, persist_interval(m));
		probe_unanswered(m);
	}
	m->probe_owed = 0;
}

/* RFC 6298 5.5: back off the timer (RTO doubled); the profile's maximum
 * applies to rto, not to rto_nocap. */
static void rto_backoff(wc_tm *m)
{
	m->rto = m->rto * 2 > m->prof->rto_max_us ? m->prof->rto_max_us : m->rto * 2;
	m->rto_nocap = m->rto_nocap * 2 > WC_TM_RTO_BOUND_US ? WC_TM_RTO_BOUND_US : m->rto_nocap * 2;
	if (m->rto_nocap < m->rto)
		m->rto_nocap = m->rto;
}

static uint64_t rtx_lower_bound(const wc_tm *m)
{
	uint64_t base = m->rtt_valid ? m->prof->rto_min_us : m->prof->rto_init_us;
	uint64_t lb = base;
	for (uint32_t i = 0; i < m->nrtx && lb < 60000000u; i++)
		lb *= 2;
	if (lb > 60000000u)
		lb = 60000000u; /* RFC 6298 2.5: a maximum of at least 60 s may be placed */
	return lb;
}

/* A retransmission of the segment at SND.UNA (or of the SYN) is being
 * emitted: check it is not before the RTO allows (RFC 6298), then count it. */
static int note_retransmission(wc_tm *m)
{
	if (m->mode == WC_TM_MIRROR) {
		uint64_t lb = rtx_lower_bound(m);
		int early_ok = m->prof->early_rtx || m->ndup >= 3; /* RFC 5681 fast retransmit */
		if (!early_ok && m->now - m->last_send_lo < lb && m->now >= m->last_send_lo) {
			wc_tm_violate(m, "time", WC_TM_VK_PLAIN, WC_TM_VB_MIN, "retransmission >= %llu us after the previous send%.0llu",
			      lb, 0, WC_TM_VK_PLAIN, m->now - m->last_send_lo, WC_TM_SHOULD);
			if (m->prof->report_should)
				return 1;
		}
		m->nrtx++;
		rto_backoff(m);
	}
	m->rtx_owed = 0;
	m->rtt_timing = 0; /* Karn: no sample from a retransmitted segment */
	m->last_send_lo = m->out_lo;
	m->last_send = m->now;
	wc_tm_set_rtx(m);
	return 0;
}

static void first_send(wc_tm *m, uint32_t seq)
{
	if (!m->t_rtx) {
		m->first_send = m->now;
		m->last_send = m->now;
		m->last_send_lo = m->out_lo;
		wc_tm_set_rtx(m);
		if (m->prof->user_timeout_us && !m->t_user)
			m->t_user = wc_tm_time_add(m->now, m->prof->user_timeout_us);
	}
	if (!m->rtt_timing) {
		m->rtt_timing = 1;
		m->rtt_seq = seq;
		m->rtt_time = m->out_lo;
		m->rtt_probe = m->snd_wnd == 0;
	}
}

static void discharge_ack(wc_tm *m)
{
	if (m->ack_owed && m->ratelimited) {
		m->last_dupack = m->now + 1; /* 0 stays "none", also at time 0 */
		if (m->now - m->chal_win_start >= 1000000u) {
			m->chal_win_start = m->now;
			m->chal_count = 0;
		}
		m->chal_count++;
	}
	m->ack_owed = m->ack_imm = m->ack_optional = 0;
	m->ratelimited = 0;
	m->ack_bytes = 0;
}

/* ---- input actions ------------------------------------------------------ */

static void act_rst_reply(wc_tm *m, const wc_tm_seg *s)
{
	if (s->flags & WC_TM_ACK)
		wc_tm_need_rst(m, WC_TM_RST, s->ack, 0);
	else
		wc_tm_need_rst(m, WC_TM_RST | WC_TM_ACK, 0, s->seq + wc_tm_seg_len(s));
}

static void act_select_iss(wc_tm *m)
{
	if (m->mode == WC_TM_ENDPOINT) {
		m->iss = m->prof->iss;
		m->iss_bound = 1;
	} else {
		m->iss = 0;
		m->iss_bound = 0; /* bound when the stack's SYN / SYN-ACK is seen */
	}
	m->snd_una = m->iss;
	m->snd_nxt = m->iss + 1;
	m->snd_edge_max = m->snd_nxt;
	m->snd_qlen = 0;
}

static void act_recv(wc_tm *m, uint32_t n)
{
	int st = m->state;
	if (st == WC_TCP_LISTEN || st == WC_TCP_SYN_SENT || st == WC_TCP_SYN_RECEIVED) {
		m->user = WC_TM_U_OK;
		return;
	}
	uint32_t before = wc_tm_rcv_wnd(m);
	if (n > m->rcvq)
		n = m->rcvq;
	m->rcvq -= n;
	m->user = (m->rcvq == 0 && m->fin_rcvd && n == 0) ? WC_TM_U_EOF : WC_TM_U_OK;
	/* window update (receiver SWS avoidance, MUST-39): only when the window
	 * opens by at least one MSS from below one MSS; the endpoint sends it,
	 * a mirrored stack may */
	if (m->mode == WC_TM_ENDPOINT && !m->fin_rcvd && n > 0) {
		uint32_t free_ = m->prof->rcv_buf > m->rcvq ? m->prof->rcv_buf - m->rcvq : 0;
		if (before < m->prof->mss && free_ >= before + m->prof->mss)
			wc_tm_need_ack(m, 1, WC_TM_SHOULD, 0);
	}
}

static int act_input(wc_tm *m, wc_tm_ctx *c, int a)
{
	const wc_tm_seg *s = c->seg;
	switch (a) {
	case WC_TM_A_DROP:
		return 0;
	case WC_TM_A_RST_REPLY:
		act_rst_reply(m, s);
		return 0;
	case WC_TM_A_RST_ABORT:
	case WC_TM_A_RST_LOST:
		wc_tm_need_rst(m, WC_TM_RST, m->snd_nxt, 0);
		return 0;
	case WC_TM_A_ACK_NOW:
		wc_tm_need_ack(m, 1, ROWCLS(c), 0);
		return 0;
	case WC_TM_A_ACK_OOW:
		wc_tm_need_ack(m, 1, ROWCLS(c), 1);
		return 0;
	case WC_TM_A_CHALLENGE_ACK:
		wc_tm_need_ack(m, 1, ROWCLS(c), 2);
		return 0;
	case WC_TM_A_ACK_DELAYED: {
		m->ack_bytes += c->dlen;
		int two = m->ack_bytes >= 2u * (m->prof->mss ? m->prof->mss : 536);
		int imm = m->mode == WC_TM_ENDPOINT ? (m->prof->delack_us == 0 || two) : two;
		wc_tm_need_ack(m, imm, two ? WC_TM_SHOULD : WC_TM_MUST, 0);
		return 0;
	}
	case WC_TM_A_PASSIVE:
		wc_tm_clear_conn(m);
		m->passive = 1;
		m->listen_open = 1;
		return 0;
	case WC_TM_A_SELECT_ISS:
		act_select_iss(m);
		return 0;
	case WC_TM_A_SEND_SYN:
		m->passive = 0;
		m->syn_owed = 1;
		m->syn_rule = (uint16_t)c->row;
		return 0;
	case WC_TM_A_LISTEN_SYN:
		m->irs = s->seq;
		m->rcv_nxt = s->seq + 1;
		m->rcv_up = m->rcv_nxt;
		m->rcv_adv = m->rcv_nxt; /* set by our SYN-ACK's window */
		m->snd_wnd = s->wnd;
		m->snd_max_wnd = s->wnd;
		m->snd_wl1 = s->seq;
		m->passive = 1;
		return 0;
	case WC_TM_A_NEGOTIATE:
		peer_syn_opts(m, s);
		return 0;
	case WC_TM_A_SEND_SYNACK:
		m->syn_owed = 1;
		m->syn_rule = (uint16_t)c->row;
		return 0;
	case WC_TM_A_SS_SYN:
		m->irs = s->seq;
		m->rcv_nxt = s->seq + 1;
		m->rcv_up = m->rcv_nxt;
		m->rcv_adv = m->rcv_nxt + m->syn_wnd;
		wc_tm_trim(m, c);
		return 0;
	case WC_TM_A_SS_ACK:
		advance_una(m, s->ack);
		set_snd_wnd(m, s->wnd); /* SYN-ACK window: unscaled */
		m->snd_wl1 = s->seq;
		m->snd_wl2 = s->ack;
		return 0;
	case WC_TM_A_WND_SET:
		set_snd_wnd(m, seg_wnd(m, s));
		m->snd_wl1 = s->seq;
		m->snd_wl2 = s->ack;
		return 0;
	case WC_TM_A_ACK_ADVANCE:
		advance_una(m, s->ack);
		return 0;
	case WC_TM_A_WND_UPDATE:
		if (wc_tm_seq_in_cc(s->ack, m->snd_una, m->snd_nxt) &&
		    (wc_tm_seq_lt(m->snd_wl1, s->seq) ||
		     (m->snd_wl1 == s->seq && wc_tm_seq_le(m->snd_wl2, s->ack)))) {
			uint32_t w = seg_wnd(m, s);
			if (s->ack == m->snd_una && s->len == 0 && !(s->flags & (WC_TM_SYN | WC_TM_FIN)) &&
			    w == m->snd_wnd && m->snd_una != m->snd_nxt)
				m->ndup++;
			set_snd_wnd(m, w);
			m->snd_wl1 = s->seq;
			m->snd_wl2 = s->ack;
		} else if (s->ack == m->snd_una && s->len == 0 && m->snd_una != m->snd_nxt) {
			m->ndup++;
		}
		return 0;
	case WC_TM_A_SEQ_TRIM:
		wc_tm_trim(m, c);
		return 0;
	case WC_TM_A_TS_RECENT:
		if (m->ts_ok && (s->opts & WC_TM_O_TS) && !(s->flags & WC_TM_RST) &&
		    wc_tm_seq_le(m->ts_recent, s->tsval) && wc_tm_seq_le(s->seq, m->last_ack_sent))
			m->ts_recent = s->tsval;
		return 0;
	case WC_TM_A_RESET:
		m->user = WC_TM_U_RESET;
		wc_tm_clear_conn(m);
		return 0;
	case WC_TM_A_REFUSED:
		m->user = WC_TM_U_REFUSED;
		return 0;
	case WC_TM_A_TO_LISTEN:
		wc_tm_clear_conn(m);
		m->passive = 1;
		return 0;
	case WC_TM_A_DELETE_TCB:
		wc_tm_clear_conn(m);
		return 0;
	case WC_TM_A_URG: {
		uint32_t up = s->seq + s->up;
		if (wc_tm_seq_lt(m->rcv_up, up) || m->rcv_up == 0)
			m->rcv_up = up;
		m->user = WC_TM_U_URGENT;
		return 0;
	}
	case WC_TM_A_TEXT_ACCEPT:
		m->rcv_nxt += c->dlen;
		m->rcvq += c->dlen;
		ooo_merge(m);
		return 0;
	case WC_TM_A_TEXT_HOLD:
		if (m->prof->ooo_queue) {
			ooo_add(m, c->dseq, c->dseq + c->dlen);
			if (c->fin)
				ooo_hold_fin(m, c->dseq + c->dlen);
		}
		return 0;
	case WC_TM_A_FIN_ACCEPT:
		m->ooo_fin = 0;
		m->rcv_nxt += 1;
		m->fin_rcvd = 1;
		m->ooo_n = 0;
		/* the ACK of a FIN may be delayed within the ACK delay bound */
		wc_tm_need_ack(m, m->mode == WC_TM_ENDPOINT ? m->prof->delack_us == 0 : 0,
			      WC_TM_MUST, 0);
		return 0;
	case WC_TM_A_TW_START:
		m->t_rtx = m->t_user = m->t_persist = m->t_keep = 0;
		m->rtx_owed = m->probe_owed = 0;
		m->t_tw = wc_tm_time_add(m->now, m->prof->time_wait_us);
		return 0;
	case WC_TM_A_TW_RESTART:
		m->t_tw = wc_tm_time_add(m->now, m->prof->time_wait_us);
		return 0;
	case WC_TM_A_U_NOCONN:
		m->user = WC_TM_U_NOCONN;
		return 0;
	case WC_TM_A_U_EXISTS:
		m->user = WC_TM_U_EXISTS;
		return 0;
	case WC_TM_A_U_CLOSING:
		m->user = WC_TM_U_CLOSING;
		return 0;
	case WC_TM_A_QUEUE_DATA:
		m->snd_qlen += c->arg;
		wc_tm_update_persist(m);
		return 0;
	case WC_TM_A_RECV_DATA:
		act_recv(m, c->arg);
		return 0;
	case WC_TM_A_QUEUE_FIN:
		m->fin_queued = 1;
		m->t_persist = 0;
		return 0;
	case WC_TM_A_USER_CLOSED:
		m->closed_by_user = 1;
		return 0;
	case WC_TM_A_FIN_NOW:
		/* "no SENDs have been issued and there is no pending data" */
		if (m->snd_qlen == 0 && !wc_tm_fin_sent(m)) {
			m->fin_owed = 1;
			m->fin_rule = (uint16_t)c->row;
		}
		return 0;
	case WC_TM_A_FIN_HOLD:
		if (m->prof->ooo_queue && c->fin && !m->fin_rcvd)
			ooo_hold_fin(m, c->dseq + c->dlen);
		return 0;
	case WC_TM_A_RTX:
		m->rtx_rule = (uint16_t)c->row;
		/* Mirror: how firmly the stack owes this retransmission now.
		 * Until an RTT sample from data exists, the stack's RTO is its
		 * initial one, a SHOULD (RFC 6298 2.1: 1 s; 3 s or more is a
		 * MAY), so lateness against the profile's initial RTO is
		 * SHOULD-level; no retransmission within the maximum RTO (RFC
		 * 6298 2.5), or lateness against an RTO computed from data
		 * samples (2.2, 2.3: MUST; RFC 9293 MUST-18), is MUST-level. */
		m->rtx_cls = (m->now - m->last_send_lo >= wc_tm_rtx_wait_must(m))
				     ? WC_TM_MUST : WC_TM_SHOULD;
		/* The RTO backs off without a maximum in a stack that places
		 * none (RFC 6298 2.5: "A maximum value MAY be placed on RTO
		 * provided it is at least 60 seconds"; 5.5 doubles it): lateness
		 * past the profile's rto_max but within the uncapped backed-off
		 * RTO is SHOULD-level only (wc_tm_rtx_wait_must). */
		if (m->mode == WC_TM_ENDPOINT) {
			m->nrtx++;
			rto_backoff(m);
			m->rtt_timing = 0;
		}
		if (m->state == WC_TCP_SYN_SENT || m->snd_una == m->iss)
			m->syn_owed = 1; /* the SYN (or SYN-ACK) is the front of the queue */
		else
			m->rtx_owed = 1;
		m->t_rtx = 0;
		wc_tm_set_rtx(m);
		if (m->mode == WC_TM_MIRROR && m->rtx_cls == WC_TM_SHOULD) {
			/* fire again no later than the MUST deadline */
			uint64_t must_at = wc_tm_time_add(m->last_send_lo, wc_tm_rtx_wait_must(m));
			if (must_at > m->now && must_at < m->t_rtx)
				m->t_rtx = must_at;
		}
		return 0;
	case WC_TM_A_GIVE_UP:
	case WC_TM_A_USER_TIMEOUT:
		m->user = WC_TM_U_TIMEOUT;
		return 0;
	case WC_TM_A_ACK_DUE:
		m->ack_imm = 1;
		return 0;
	case WC_TM_A_PROBE:
		m->probe_owed = 1;
		m->probe_rule = (uint16_t)c->row;
		m->nprobe++;
		m->t_persist = wc_tm_time_add(m->now, persist_interval(m));
		return 0;
	case WC_TM_A_KA_PROBE:
		m->probe_owed = 1;
		m->probe_rule = (uint16_t)c->row;
		m->t_keep = wc_tm_time_add(m->now, m->prof->keepalive_idle_us);
		return 0;
	default:
		return 0;
	}
}

/* ---- output checks ------------------------------------------------------ */

static int o_rst(wc_tm *m, const wc_tm_seg *s)
{
	for (int i = 0; i < m->nrst; i++) {
		const wc_tm_owe_rst *r = &m->rst[i];
		if (s->seq != r->seq)
			continue;
		if ((r->flags & WC_TM_ACK) && (!(s->flags & WC_TM_ACK) || s->ack != r->ack))
			continue;
		m->rst[i] = m->rst[m->nrst - 1];
		m->nrst--;
		return 0;
	}
	if (m->nrst)
		wc_tm_violate(m, "seq", WC_TM_VK_SEQ, WC_TM_VB_EQ, "RST seq [%llu]%.0llu",
			      m->rst[0].seq, 0, WC_TM_VK_SEQ, s->seq, WC_TM_MUST);
	else
		wc_tm_violate(m, "flags", WC_TM_VK_NONE, WC_TM_VB_NONE, "no RST owed%.0llu%.0llu",
			      0, 0, WC_TM_VK_FLAGS, s->flags, WC_TM_MUST);
	return 1;
}

static void our_syn_opts(wc_tm *m, const wc_tm_seg *s)
{
	m->syn_opts_sent = s->opts & (WC_TM_O_MSS | WC_TM_O_WS | WC_TM_O_SACKOK | WC_TM_O_TS);
	m->our_ws = s->wscale;
	m->syn_sent_known = 1;
	m->syn_wnd = s->wnd;
	if (s->opts & WC_TM_O_TS)
		m->ts_last_sent = s->tsval;
}

static int o_syn_common(wc_tm *m, const wc_tm_seg *s)
{
	if (s->len > 0) {
		wc_tm_violate(m, "len", WC_TM_VK_PLAIN, WC_TM_VB_EQ, "[0] (TCP Fast Open is outside the model)%.0llu%.0llu",
			      0, 0, WC_TM_VK_PLAIN, s->len, WC_TM_OUTSIDE);
		return 1;
	}
	if (s->flags & (WC_TM_ECE | WC_TM_CWR | WC_TM_URG)) {
		wc_tm_violate(m, "flags", WC_TM_VK_NONE, WC_TM_VB_NONE, "no ECE/CWR/URG (ECN is outside the model)%.0llu%.0llu",
			      0, 0, WC_TM_VK_FLAGS, s->flags, WC_TM_OUTSIDE);
		return 1;
	}
	if ((s->opts & WC_TM_O_WS) && s->wscale > 14) {
		wc_tm_violate(m, "wscale", WC_TM_VK_PLAIN, WC_TM_VB_RANGE, "[%llu,%llu]",
			      0, 14, WC_TM_VK_PLAIN, s->wscale, WC_TM_SHOULD);
		if (m->prof->report_should)
			return 1;
	}
	return 0;
}

/* Our SYN or SYN-ACK carries ISS: the mirror learns the stack's ISS from
 * its first one; after that (and always for the endpoint) seq must be ISS. */
static int bind_or_check_iss(wc_tm *m, const wc_tm_seg *s)
{
	if (m->mode == WC_TM_MIRROR && !m->iss_bound) {
		m->iss = s->seq;
		m->snd_una = s->seq;
		m->snd_nxt = s->seq + 1;
		m->snd_edge_max = m->snd_nxt;
		m->iss_bound = 1;
		return 0;
	}
	if (s->seq != m->iss) {
		wc_tm_violate(m, "seq", WC_TM_VK_SEQ, WC_TM_VB_EQ, "[%llu] (ISS)%.0llu",
			      m->iss, 0, WC_TM_VK_SEQ, s->seq, WC_TM_MUST);
		return 1;
	}
	return 0;
}

static int o_syn(wc_tm *m, const wc_tm_seg *s)
{
	int rtx = m->iss_bound && m->syn_sent_known;
	if (o_syn_common(m, s))
		return 1;
	if (bind_or_check_iss(m, s))
		return 1;
	if (rtx && note_retransmission(m))
		return 1;
	our_syn_opts(m, s);
	m->syn_owed = 0;
	if (!rtx)
		first_send(m, s->seq);
	return 0;
}

static int o_synack(wc_tm *m, const wc_tm_seg *s)
{
	int rtx = m->iss_bound && m->synack_sent;
	if (o_syn_common(m, s))
		return 1;
	if (m->iss_bound && m->snd_una != m->iss) {
		wc_tm_violate(m, "flags", WC_TM_VK_NONE, WC_TM_VB_NONE, "no SYN: our SYN is acknowledged%.0llu%.0llu",
			      0, 0, WC_TM_VK_FLAGS, s->flags, WC_TM_MUST);
		return 1;
	}
	if (bind_or_check_iss(m, s))
		return 1;
	if (s->ack != m->rcv_nxt) {
		wc_tm_violate(m, "ack", WC_TM_VK_ACK, WC_TM_VB_EQ, "[%llu]%.0llu",
			      m->rcv_nxt, 0, WC_TM_VK_ACK, s->ack, WC_TM_MUST);
		return 1;
	}
	/* RFC 7323: WSopt / TSopt in a <SYN,ACK> only if they were in the <SYN> */
	if ((s->opts & WC_TM_O_WS) && !(m->syn_opts_rcvd & WC_TM_O_WS)) {
		wc_tm_violate(m, "wscale", WC_TM_VK_NONE, WC_TM_VB_NONE, "absent (no WSopt in the SYN)%.0llu%.0llu",
			      0, 0, WC_TM_VK_PLAIN, s->wscale, WC_TM_MUST);
		return 1;
	}
	if ((s->opts & WC_TM_O_TS) && !(m->syn_opts_rcvd & WC_TM_O_TS)) {
		wc_tm_violate(m, "tsval", WC_TM_VK_NONE, WC_TM_VB_NONE, "absent (no TSopt in the SYN)%.0llu%.0llu",
			      0, 0, WC_TM_VK_PLAIN, s->tsval, WC_TM_MUST);
		return 1;
	}
	if ((s->opts & WC_TM_O_SACKOK) && !(m->syn_opts_rcvd & WC_TM_O_SACKOK)) {
		wc_tm_violate(m, "sackok", WC_TM_VK_NONE, WC_TM_VB_NONE, "absent (no SACK-permitted in the SYN)%.0llu%.0llu",
			      0, 0, WC_TM_VK_PLAIN, 1, WC_TM_SHOULD);
		if (m->prof->report_should)
			return 1;
	}
	if (rtx && note_retransmission(m))
		return 1;
	our_syn_opts(m, s);
	negotiate_finish(m);
	m->syn_owed = 0;
	m->synack_sent = 1;
	if (s->ack == m->rcv_nxt)
		discharge_ack(m);
	uint32_t edge = s->ack + s->wnd;
	if (wc_tm_seq_lt(m->rcv_adv, edge) || m->rcv_adv == m->rcv_nxt)
		m->rcv_adv = edge;
	m->last_ack_sent = s->ack;
	if (!rtx)
		first_send(m, s->seq);
	return 0;
}

static int o_ackfield(wc_tm *m, const wc_tm_seg *s)
{
	if (s->ack != m->rcv_nxt) {
		wc_tm_violate(m, "ack", WC_TM_VK_ACK, WC_TM_VB_EQ, "[%llu]%.0llu",
			      m->rcv_nxt, 0, WC_TM_VK_ACK, s->ack, WC_TM_MUST);
		return 1;
	}
	if (s->flags & (WC_TM_URG | WC_TM_ECE | WC_TM_CWR)) {
		wc_tm_violate(m, "flags", WC_TM_VK_NONE, WC_TM_VB_NONE, "no URG/ECE/CWR (urgent send and ECN are outside the model)%.0llu%.0llu",
			      0, 0, WC_TM_VK_FLAGS, s->flags, WC_TM_OUTSIDE);
		return 1;
	}
	uint32_t edge = s->ack + ((uint32_t)s->wnd << m->rcv_wscale);
	if (wc_tm_seq_lt(edge, m->rcv_adv)) {
		wc_tm_violate(m, "wnd", WC_TM_VK_ACK, WC_TM_VB_MIN, "right edge >= %llu (SHLD-14)%.0llu",
			      m->rcv_adv, 0, WC_TM_VK_ACK, edge, WC_TM_SHOULD);
		if (m->prof->report_should)
			return 1;
	} else {
		m->rcv_adv = edge;
	}
	m->last_ack_sent = s->ack;
	discharge_ack(m);
	return 0;
}

static int o_seq(wc_tm *m, const wc_tm_seg *s)
{
	const int fin = (s->flags & WC_TM_FIN) != 0;
	const uint32_t finseq = wc_tm_fin_seq(m);
	if (s->len == 0 && !fin) {
		if (s->seq == m->snd_nxt)
			return 0;
		/* probe form (zero window or keep-alive): SEG.SEQ = SND.UNA-1, nothing
		 * new. For a zero window this is not 3.8.6.1's "at least one octet
		 * of new data (if available), or retransmit", but that sentence's
		 * "must" is lower-case (not a BCP 14 keyword, RFC 9293 section 2);
		 * the labelled MUST-36 asks only that probing be supported, and the
		 * receiver answers this form with an ACK carrying its window just
		 * the same (3.10.7.4, unacceptable segment). Accepted. */
		if (s->seq == m->snd_una - 1 &&
		    (m->probe_owed || m->t_persist || m->snd_wnd == 0 ||
		     (m->snd_una == m->snd_nxt && m->prof->keepalive))) {
			probe_seen(m);
			return 0;
		}
		/* SND.UNA =< SEG.SEQ < SND.NXT: 3.10.7.4 gives ACKs the form
		 * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, but no MUST labels the
		 * sequence number; after the peer shrank its window (3.8.6,
		 * MUST-34: be robust against it) SND.NXT may lie beyond the
		 * peer's window and an ACK at SND.UNA+SND.WND (Linux) is still
		 * acceptable to it. A divergence from the given form: SHOULD. */
		if (wc_tm_seq_in(s->seq, m->snd_una, m->snd_nxt - m->snd_una)) {
			wc_tm_violate(m, "seq", WC_TM_VK_SEQ, WC_TM_VB_EQ, "[%llu] (SND.NXT)%.0llu",
				      m->snd_nxt, 0, WC_TM_VK_SEQ, s->seq, WC_TM_SHOULD);
			return m->prof->report_should ? 1 : 0;
		}
		wc_tm_violate(m, "seq", WC_TM_VK_SEQ, WC_TM_VB_EQ, "[%llu] (SND.NXT)%.0llu",
			      m->snd_nxt, 0, WC_TM_VK_SEQ, s->seq, WC_TM_MUST);
		return 1;
	}
	if (s->len > 0 && m->snd_una == m->iss) {
		wc_tm_violate(m, "len", WC_TM_VK_PLAIN, WC_TM_VB_EQ, "[0] (data waits until our SYN is acknowledged)%.0llu%.0llu",
			      0, 0, WC_TM_VK_PLAIN, s->len, WC_TM_MUST);
		return 1;
	}
	/* data and/or FIN: must start inside [SND.UNA, SND.NXT], or straddle
	 * SND.UNA: a retransmission that repeats octets already acknowledged
	 * wastes them but breaks no rule (the receiver processes "only the new
	 * parts", 3.10.7.4), e.g. lwIP re-sending an acknowledged probe octet */
	const uint32_t full_end = s->seq + s->len + fin;
	const int straddle = !wc_tm_seq_in_cc(s->seq, m->snd_una, m->snd_nxt) &&
			     wc_tm_seq_lt(s->seq, m->snd_una) &&
			     wc_tm_seq_lt(m->snd_una, full_end);
	/* wholly below SND.UNA: octets already acknowledged, sent again (lwIP's
	 * zero-window probe takes the first octet of a partly acknowledged
	 * segment). No MUST constrains SEG.SEQ of what a sender repeats: the
	 * receiver finds it not acceptable (3.10.7.4) and answers "an
	 * acknowledgment ... in reply" carrying its window, which is all a
	 * probe must elicit (MUST-36); "retransmit" in 3.8.6.1 means octets
	 * not yet acknowledged, so sending acknowledged ones is a SHOULD-level
	 * waste. Counted as the probe when the window is closed. */
	const int below = !straddle && s->len > 0 && wc_tm_seq_lt(s->seq, m->snd_una) &&
			  wc_tm_seq_in_cc(s->seq, m->iss + 1, m->snd_una) &&
			  wc_tm_seq_le(full_end, m->snd_una);
	if (below) {
		wc_tm_violate(m, "seq", WC_TM_VK_SEQ, WC_TM_VB_RANGE,
			      "[%llu,%llu] (SND.UNA..SND.NXT; below: acknowledged octets)",
			      m->snd_una, m->snd_nxt, WC_TM_VK_SEQ, s->seq, WC_TM_SHOULD);
		if (m->prof->report_should)
			return 1;
		if (m->probe_owed || m->t_persist || m->snd_wnd == 0)
			probe_seen(m);
		return 0;
	}
	if (!straddle && !wc_tm_seq_in_cc(s->seq, m->snd_una, m->snd_nxt)) {
		wc_tm_violate(m, "seq", WC_TM_VK_SEQ, WC_TM_VB_RANGE, "[%llu,%llu] (SND.UNA..SND.NXT)",
			      m->snd_una, m->snd_nxt, WC_TM_VK_SEQ, s->seq, WC_TM_MUST);
		return 1;
	}
	uint32_t end = s->seq + s->len; /* first octet after the data */
	uint32_t qoff = finseq - m->snd_una;
	if ((uint32_t)(end - m->snd_una) > qoff) {
		wc_tm_violate(m, "len", WC_TM_VK_PLAIN, WC_TM_VB_RANGE, "[%llu,%llu] (octets the user queued)",
			      0, (unsigned long long)(finseq - s->seq), WC_TM_VK_PLAIN, s->len, WC_TM_MUST);
		return 1;
	}
	uint32_t mss = m->snd_mss;
	if (m->ts_ok && mss > 12)
		mss -= 12;
	if (s->len > mss) {
		wc_tm_violate(m, "len", WC_TM_VK_PLAIN, WC_TM_VB_RANGE, "[%llu,%llu] (effective send MSS)",
			      0, mss, WC_TM_VK_PLAIN, s->len, WC_TM_MUST);
		return 1;
	}
	if (fin && (!m->fin_queued || end != finseq)) {
		wc_tm_violate(m, "flags", WC_TM_VK_SEQ, WC_TM_VB_NONE, "FIN only at %llu after CLOSE%.0llu",
			      finseq, 0, WC_TM_VK_FLAGS, s->flags, WC_TM_MUST);
		return 1;
	}
	if (fin)
		m->fin_owed = 0;
	/* new data must fit the send window, except a one-octet zero-window probe */
	uint32_t newend = end;
	if (wc_tm_seq_lt(m->snd_nxt, newend)) {
		uint32_t right = m->snd_una + m->snd_wnd;
		int probe = m->snd_wnd == 0 && s->len == 1 && s->seq == m->snd_nxt &&
			    m->snd_una == m->snd_nxt;
		if (!probe && wc_tm_seq_lt(right, newend)) {
			wc_tm_violate(m, "len", WC_TM_VK_PLAIN, WC_TM_VB_RANGE, "[%llu,%llu] (send window)",
			      0, (unsigned long long)(uint32_t)(right - s->seq), WC_TM_VK_PLAIN, s->len, WC_TM_MUST);
			return 1;
		}
		if (probe)
			probe_seen(m);
	}
	/* retransmission of the front of the queue: RFC 6298 timing */
	int is_rtx = (s->seq == m->snd_una || straddle) && m->snd_una != m->snd_nxt;
	if (is_rtx && note_retransmission(m))
		return 1;
	if (is_rtx && m->snd_wnd == 0 && s->len <= 1)
		probe_unanswered(m); /* the probe octet again, the window still zero */
	uint32_t full = end + fin;
	if (wc_tm_seq_lt(m->snd_nxt, full)) {
		if (!is_rtx)
			first_send(m, m->snd_nxt);
		m->snd_nxt = full;
	}
	if (s->len > 0)
		m->probe_owed = 0;
	wc_tm_update_persist(m);
	return 0;
}

static int o_opts(wc_tm *m, const wc_tm_seg *s)
{
	if (s->opts & WC_TM_O_MSS) {
		wc_tm_violate(m, "opts", WC_TM_VK_NONE, WC_TM_VB_NONE, "no MSS outside SYN (MUST-65)%.0llu%.0llu",
			      0, 0, WC_TM_VK_OPTS, s->opts, WC_TM_MUST);
		return 1;
	}
	if (s->opts & (WC_TM_O_WS | WC_TM_O_SACKOK)) {
		wc_tm_violate(m, "opts", WC_TM_VK_NONE, WC_TM_VB_NONE, "no WS/SACK-permitted outside SYN%.0llu%.0llu",
			      0, 0, WC_TM_VK_OPTS, s->opts, WC_TM_SHOULD);
		if (m->prof->report_should)
			return 1;
	}
	if (m->ts_ok && !(s->opts & WC_TM_O_TS)) {
		wc_tm_violate(m, "opts", WC_TM_VK_NONE, WC_TM_VB_NONE, "TSopt present (RFC 7323 3.2)%.0llu%.0llu",
			      0, 0, WC_TM_VK_OPTS, s->opts, WC_TM_MUST);
		return 1;
	}
	if (!m->ts_ok && (s->opts & WC_TM_O_TS)) {
		wc_tm_violate(m, "opts", WC_TM_VK_NONE, WC_TM_VB_NONE, "no TSopt (not negotiated)%.0llu%.0llu",
			      0, 0, WC_TM_VK_OPTS, s->opts, WC_TM_SHOULD);
		if (m->prof->report_should)
			return 1;
	}
	if (!m->sack_ok && (s->opts & WC_TM_O_SACK)) {
		wc_tm_violate(m, "opts", WC_TM_VK_NONE, WC_TM_VB_NONE, "no SACK blocks (not negotiated)%.0llu%.0llu",
			      0, 0, WC_TM_VK_OPTS, s->opts, WC_TM_MUST);
		return 1;
	}
	if (s->opts & WC_TM_O_TS)
		m->ts_last_sent = s->tsval;
	if (m->state >= WC_TCP_ESTABLISHED)
		wc_tm_touch_keepalive(m);
	return 0;
}

int wc_tm_act_run(wc_tm *m, wc_tm_ctx *c, int a)
{
	const wc_tm_seg *s = c->seg;
	switch (a) {
	case WC_TM_A_O_RST:
		return o_rst(m, s);
	case WC_TM_A_O_SYN:
		return o_syn(m, s);
	case WC_TM_A_O_SYNACK:
		return o_synack(m, s);
	case WC_TM_A_O_ACKFIELD:
		return o_ackfield(m, s);
	case WC_TM_A_O_SEQ:
		return o_seq(m, s);
	case WC_TM_A_O_OPTS:
		return o_opts(m, s);
	case WC_TM_A_O_BADSTATE:
		wc_tm_violate(m, "flags", WC_TM_VK_NONE, WC_TM_VB_NONE, "no such segment%.0llu%.0llu",
			      0, 0, WC_TM_VK_FLAGS, s->flags, WC_TM_MUST);
		snprintf(m->viol.allowed, sizeof m->viol.allowed, "no such segment in %s",
			 wc_tcp_state_name(m->state));
		return 1;
	case WC_TM_A_O_NOACK:
		wc_tm_violate(m, "flags", WC_TM_VK_NONE, WC_TM_VB_NONE, "ACK set%.0llu%.0llu",
			      0, 0, WC_TM_VK_FLAGS, s->flags, WC_TM_MUST);
		return 1;
	default:
		return act_input(m, c, a);
	}
}
