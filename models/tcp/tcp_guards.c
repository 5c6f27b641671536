/*
 * Guard classifiers: given the connection and the event, which condition of
 * the RFC's text holds. Each guard value quotes the condition it stands for;
 * the table picks the row. Classifiers read; they never change the model.
 */
#include "tcp_int.h"

static const struct {
	const char *name;
	const char *quote;
} guards[WC_TM_NGUARDS] = {
	[WC_TM_G_ANY] = {"any", "(no condition)"},
	[WC_TM_G_SEG_RST] = {"rst", "If the state is CLOSED/LISTEN ... An incoming segment containing a RST"},
	[WC_TM_G_SEG_ACK] = {"ack", "no RST, and the ACK bit is on"},
	[WC_TM_G_SEG_SYN] = {"syn", "no RST, no ACK, and the SYN bit is set"},
	[WC_TM_G_SEG_OTHER] = {"other", "no RST, no ACK, no SYN"},
	[WC_TM_G_SEG_LSN_SYN] = {"syn-to-listener", "SYN, no RST, no ACK; the connection born from a listener that is still open is gone"},
	[WC_TM_G_SEG_LSN_OTHER] = {"other-to-listener", "no RST, no ACK, no SYN; the connection born from a listener that is still open is gone"},
	[WC_TM_G_SS_ACKBAD_RST] = {"ack-bad+rst", "ACK bit set, SEG.ACK =< ISS or SEG.ACK > SND.NXT, RST bit set"},
	[WC_TM_G_SS_ACKBAD] = {"ack-bad", "ACK bit set, SEG.ACK =< ISS or SEG.ACK > SND.NXT, no RST"},
	[WC_TM_G_SS_RST_ACKOK] = {"rst+ack-ok", "RST bit set and SND.UNA < SEG.ACK =< SND.NXT"},
	[WC_TM_G_SS_RST_NOACK] = {"rst-noack", "RST bit set, no ACK"},
	[WC_TM_G_SS_SYNACK] = {"syn+ack-ok", "SYN bit on, ACK acceptable"},
	[WC_TM_G_SS_SYN] = {"syn-noack", "SYN bit on, no ACK"},
	[WC_TM_G_SS_ACKOK_NOCTL] = {"ack-ok-noctl", "ACK acceptable, neither SYN nor RST"},
	[WC_TM_G_SS_NOCTL] = {"noctl", "no ACK, neither SYN nor RST"},
	[WC_TM_G_SEQ_OK] = {"acceptable", "RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND or RCV.NXT =< SEG.SEQ+SEG.LEN-1 < RCV.NXT+RCV.WND (the four cases; for a RST, SEG.SEQ alone in the window)"},
	[WC_TM_G_SEQ_BAD] = {"unacceptable", "the segment is not acceptable, RST bit off"},
	[WC_TM_G_SEQ_BAD_RST] = {"unacceptable+rst", "RST bit set and the sequence number is outside the current receive window"},
	[WC_TM_G_SEQ_PAWS] = {"paws", "Timestamps option present, SEG.TSval < TS.Recent, RST bit off"},
	[WC_TM_G_SEQ_NOTS] = {"no-tsopt", "timestamps negotiated, non-RST segment without TSopt, acceptable by sequence number"},
	[WC_TM_G_SEQ_NOTS_BAD] = {"no-tsopt-unacceptable", "timestamps negotiated, non-RST segment without TSopt, not acceptable by sequence number"},
	[WC_TM_G_SEQ_TW_OLDFIN] = {"tw-old-fin", "TIME-WAIT, unacceptable, FIN bit set, SEG.SEQ+SEG.LEN = RCV.NXT (retransmitted remote FIN)"},
	[WC_TM_G_SEQ_SIMOPEN] = {"simopen-synack", "SYN-RECEIVED from SYN-SENT, SYN,ACK with SEG.SEQ = IRS and SEG.ACK = SND.NXT (RFC 9293 Figure 7, line 6)"},
	[WC_TM_G_RST_NONE] = {"no-rst", "RST bit off"},
	[WC_TM_G_RST_EXACT] = {"rst-exact", "RST bit set and SEG.SEQ = RCV.NXT"},
	[WC_TM_G_RST_EXACT_LISTEN] = {"rst-exact-from-listen", "RST bit set, SEG.SEQ = RCV.NXT, connection initiated with a passive OPEN"},
	[WC_TM_G_RST_INWIN] = {"rst-in-window", "RST bit set, SEG.SEQ != RCV.NXT, within the receive window"},
	[WC_TM_G_SYN_NONE] = {"no-syn", "SYN bit off"},
	[WC_TM_G_SYN_SET] = {"syn", "SYN bit set"},
	[WC_TM_G_SYN_LISTEN] = {"syn-from-listen", "SYN bit set, connection initiated with a passive OPEN"},
	[WC_TM_G_ACK_OFF] = {"ack-off", "ACK bit off"},
	[WC_TM_G_ACK_UNSENT] = {"ack-unsent", "SEG.ACK > SND.NXT"},
	[WC_TM_G_ACK_TOOOLD] = {"ack-too-old", "SEG.ACK < SND.UNA - MAX.SND.WND"},
	[WC_TM_G_ACK_OLD] = {"ack-old", "SND.UNA - MAX.SND.WND =< SEG.ACK < SND.UNA"},
	[WC_TM_G_ACK_DUP] = {"ack-dup", "SEG.ACK = SND.UNA"},
	[WC_TM_G_ACK_NEW] = {"ack-new", "SND.UNA < SEG.ACK =< SND.NXT, our FIN (if any) not covered"},
	[WC_TM_G_ACK_FIN] = {"ack-fin", "SND.UNA < SEG.ACK =< SND.NXT and SEG.ACK covers our FIN"},
	[WC_TM_G_URG_NONE] = {"no-urg", "URG bit off"},
	[WC_TM_G_URG_SET] = {"urg", "URG bit set"},
	[WC_TM_G_TEXT_NONE] = {"no-text", "no segment text inside the window"},
	[WC_TM_G_TEXT_INORDER] = {"text", "text begins at RCV.NXT"},
	[WC_TM_G_TEXT_OOO] = {"text-ooo", "text inside the window beyond RCV.NXT"},
	[WC_TM_G_TEXT_OUTWIN] = {"text-outside", "text present but beyond the receive window (zero window)"},
	[WC_TM_G_TEXT_LOST] = {"text-after-close", "new text after the user called close()"},
	[WC_TM_G_FIN_NONE] = {"no-fin", "FIN bit off (or trimmed away)"},
	[WC_TM_G_FIN_INORDER] = {"fin", "FIN at RCV.NXT after the text"},
	[WC_TM_G_FIN_OOO] = {"fin-ooo", "FIN beyond RCV.NXT"},
	[WC_TM_G_FIN_AGAIN] = {"fin-again", "FIN at RCV.NXT on the segment whose ACK of our FIN moved CLOSING to TIME-WAIT (the peer's FIN was already received)"},
	[WC_TM_G_CALL_UNREAD] = {"unread", "received data not yet read by the user"},
	[WC_TM_G_TMR_DUE] = {"due", "the timer is running and expires"},
	[WC_TM_G_TMR_IDLE] = {"idle", "the timer is not running"},
	[WC_TM_G_TMR_LIMIT] = {"limit", "the retransmission count (or, for the persist timer, the count of zero-window probes with no acknowledgment since) reached R2"},
	[WC_TM_G_OUT_RST] = {"out-rst", "emitted segment has RST"},
	[WC_TM_G_OUT_SYN] = {"out-syn", "emitted segment has SYN, no ACK, no RST"},
	[WC_TM_G_OUT_SYNACK] = {"out-synack", "emitted segment has SYN and ACK, no RST"},
	[WC_TM_G_OUT_ACK] = {"out-ack", "emitted segment has ACK, no SYN, no RST"},
	[WC_TM_G_OUT_NOACK] = {"out-noack", "emitted segment has none of SYN, RST, ACK"},
	[WC_TM_G_OPT_BADLEN] = {"opt-badlen", "an option with an illegal length (0 or 1, past the header end, or wrong for its kind)"},
};

const char *wc_tm_guard_name(int g)
{
	return (g >= 0 && g < WC_TM_NGUARDS && guards[g].name) ? guards[g].name : "?";
}

const char *wc_tm_guard_quote(int g)
{
	return (g >= 0 && g < WC_TM_NGUARDS && guards[g].quote) ? guards[g].quote : "?";
}

const char *wc_tm_event_name(int ev)
{
	static const char *const n[WC_TM_NEVENTS] = {
		"segment", "seg:seq", "seg:rst", "seg:syn", "seg:ack", "seg:urg",
		"seg:text", "seg:fin", "OPEN(active)", "OPEN(passive)", "SEND", "RECEIVE",
		"CLOSE", "SHUTDOWN", "ABORT", "timeout:rtx", "timeout:time-wait",
		"timeout:user", "timeout:delack", "timeout:persist", "timeout:keepalive",
		"output", "seg:options", "timeout:idle",
	};
	return (ev >= 0 && ev < WC_TM_NEVENTS) ? n[ev] : "?";
}

#define GB WC_TM_GB
#define ST(x) WC_TM_BIT(WC_TCP_##x)

uint64_t wc_tm_domain(int st, int ev)
{
	const unsigned b = (st >= 0 && st < WC_TCP_NSTATES) ? WC_TM_BIT(st) : 0;
	const unsigned estg = ST(ESTABLISHED) | ST(FIN_WAIT_1) | ST(FIN_WAIT_2);
	const unsigned finr = ST(CLOSE_WAIT) | ST(CLOSING) | ST(LAST_ACK) | ST(TIME_WAIT);
	const int sync = (b & WC_TM_SYNC_STATES) != 0;
	uint64_t d = 0;
	if (!b)
		return 0;
	switch (ev) {
	case WC_TM_EV_SEG:
		if (b & ST(CLOSED))
			return GB(WC_TM_G_SEG_RST) | GB(WC_TM_G_SEG_ACK) | GB(WC_TM_G_SEG_SYN) |
			       GB(WC_TM_G_SEG_OTHER) | GB(WC_TM_G_SEG_LSN_SYN) | GB(WC_TM_G_SEG_LSN_OTHER);
		if (b & ST(LISTEN))
			return GB(WC_TM_G_SEG_RST) | GB(WC_TM_G_SEG_ACK) | GB(WC_TM_G_SEG_SYN) |
			       GB(WC_TM_G_SEG_OTHER);
		if (b & ST(SYN_SENT))
			for (int g = WC_TM_G_SS_ACKBAD_RST; g <= WC_TM_G_SS_NOCTL; g++)
				d |= GB(g);
		return d;
	case WC_TM_EV_SEG_SEQ:
		if (!sync)
			return 0;
		d = GB(WC_TM_G_SEQ_OK) | GB(WC_TM_G_SEQ_BAD) | GB(WC_TM_G_SEQ_BAD_RST) |
		    GB(WC_TM_G_SEQ_PAWS) | GB(WC_TM_G_SEQ_NOTS) | GB(WC_TM_G_SEQ_NOTS_BAD);
		if (b & ST(TIME_WAIT))
			d |= GB(WC_TM_G_SEQ_TW_OLDFIN);
		if (b & ST(SYN_RECEIVED))
			d |= GB(WC_TM_G_SEQ_SIMOPEN);
		return d;
	case WC_TM_EV_SEG_RST:
		if (!sync)
			return 0;
		d = GB(WC_TM_G_RST_NONE) | GB(WC_TM_G_RST_EXACT) | GB(WC_TM_G_RST_INWIN);
		if (b & ST(SYN_RECEIVED))
			d |= GB(WC_TM_G_RST_EXACT_LISTEN);
		return d;
	case WC_TM_EV_SEG_SYN:
		if (!sync)
			return 0;
		d = GB(WC_TM_G_SYN_NONE) | GB(WC_TM_G_SYN_SET);
		if (b & ST(SYN_RECEIVED))
			d |= GB(WC_TM_G_SYN_LISTEN);
		return d;
	case WC_TM_EV_SEG_ACK:
		if (!sync)
			return 0;
		for (int g = WC_TM_G_ACK_OFF; g <= WC_TM_G_ACK_FIN; g++)
			d |= GB(g);
		/* our FIN cannot have been sent in these states */
		if (b & (ST(SYN_RECEIVED) | ST(ESTABLISHED) | ST(CLOSE_WAIT) | ST(FIN_WAIT_2)))
			d &= ~GB(WC_TM_G_ACK_FIN);
		return d;
	case WC_TM_EV_SEG_URG:
		return (b & (estg | finr)) ? GB(WC_TM_G_URG_NONE) | GB(WC_TM_G_URG_SET) : 0;
	case WC_TM_EV_SEG_TEXT:
		if (!(b & (estg | finr)))
			return 0;
		d = GB(WC_TM_G_TEXT_NONE) | GB(WC_TM_G_TEXT_INORDER) | GB(WC_TM_G_TEXT_OOO) |
		    GB(WC_TM_G_TEXT_OUTWIN);
		if (b & (ST(FIN_WAIT_1) | ST(FIN_WAIT_2)))
			d |= GB(WC_TM_G_TEXT_LOST);
		return d;
	case WC_TM_EV_SEG_FIN:
		if (!(b & (estg | finr)))
			return 0;
		d = GB(WC_TM_G_FIN_NONE) | GB(WC_TM_G_FIN_INORDER) | GB(WC_TM_G_FIN_OOO);
		if (b & ST(TIME_WAIT))
			d |= GB(WC_TM_G_FIN_AGAIN);
		return d;
	case WC_TM_EV_OPEN_ACTIVE: case WC_TM_EV_OPEN_PASSIVE: case WC_TM_EV_SEND:
	case WC_TM_EV_RECEIVE: case WC_TM_EV_SHUTDOWN: case WC_TM_EV_ABORT:
		return GB(WC_TM_G_ANY);
	case WC_TM_EV_CLOSE:
		d = GB(WC_TM_G_ANY);
		if (b & (estg | finr))
			d |= GB(WC_TM_G_CALL_UNREAD);
		return d;
	case WC_TM_EV_TO_RTX:
		d = GB(WC_TM_G_TMR_IDLE);
		if (b & (ST(SYN_SENT) | ST(SYN_RECEIVED) | ST(ESTABLISHED) | ST(FIN_WAIT_1) |
			 ST(CLOSE_WAIT) | ST(CLOSING) | ST(LAST_ACK)))
			d |= GB(WC_TM_G_TMR_DUE) | GB(WC_TM_G_TMR_LIMIT);
		return d;
	case WC_TM_EV_TO_TIMEWAIT:
		return GB(WC_TM_G_TMR_IDLE) | ((b & ST(TIME_WAIT)) ? GB(WC_TM_G_TMR_DUE) : 0);
	case WC_TM_EV_TO_USER:
		return GB(WC_TM_G_TMR_IDLE) |
		       ((b & ~(ST(CLOSED) | ST(LISTEN))) ? GB(WC_TM_G_TMR_DUE) : 0);
	case WC_TM_EV_TO_DELACK:
		return GB(WC_TM_G_TMR_IDLE) | (sync ? GB(WC_TM_G_TMR_DUE) : 0);
	case WC_TM_EV_TO_PERSIST:
		return GB(WC_TM_G_TMR_IDLE) |
		       ((b & (ST(ESTABLISHED) | ST(FIN_WAIT_1) | ST(CLOSE_WAIT) | ST(CLOSING) |
			      ST(LAST_ACK))) ? GB(WC_TM_G_TMR_DUE) | GB(WC_TM_G_TMR_LIMIT) : 0);
	case WC_TM_EV_TO_KEEPALIVE:
		return GB(WC_TM_G_TMR_IDLE) |
		       ((b & (ST(ESTABLISHED) | ST(CLOSE_WAIT) | ST(FIN_WAIT_2))) ? GB(WC_TM_G_TMR_DUE) : 0);
	case WC_TM_EV_SEG_OPT:
		return GB(WC_TM_G_OPT_BADLEN);
	case WC_TM_EV_TO_IDLE:
		return GB(WC_TM_G_TMR_IDLE) |
		       ((b & (ST(LAST_ACK) | ST(FIN_WAIT_2))) ? GB(WC_TM_G_TMR_DUE) : 0);
	case WC_TM_EV_OUT:
		return GB(WC_TM_G_OUT_RST) | GB(WC_TM_G_OUT_SYN) | GB(WC_TM_G_OUT_SYNACK) |
		       GB(WC_TM_G_OUT_ACK) | GB(WC_TM_G_OUT_NOACK);
	default:
		return 0;
	}
}

/* "The idealized segment that begins at RCV.NXT and does not exceed the window." */
void wc_tm_trim(const wc_tm *m, wc_tm_ctx *c)
{
	const wc_tm_seg *s = c->seg;
	uint32_t start = s->seq + !!(s->flags & WC_TM_SYN);
	uint32_t len = s->len;
	uint8_t fin = !!(s->flags & WC_TM_FIN);
	uint32_t wnd = wc_tm_rcv_wnd(m);
	uint32_t back = m->rcv_nxt - start; /* octets before RCV.NXT, if "behind" */
	c->cut_right = 0;
	c->syn_old = (s->flags & WC_TM_SYN) && s->seq != m->rcv_nxt &&
		     (uint32_t)(m->rcv_nxt - s->seq) < 0x80000000u;
	if (back != 0 && back < 0x80000000u) {
		if (back >= len) {
			/* all payload is old; the FIN (at start+len) is old too unless at RCV.NXT */
			if (fin && back > len)
				fin = 0;
			len = 0;
		} else {
			len -= back;
		}
		start = m->rcv_nxt;
	}
	/* right edge: octets from RCV.NXT up to RCV.NXT+RCV.WND */
	uint32_t off = start - m->rcv_nxt;
	if (len > 0 || fin) {
		uint32_t room = off < wnd ? wnd - off : 0;
		if (len > room) {
			len = room;
			fin = 0;
			c->cut_right = 1;
		} else if (fin && len == room) {
			fin = 0; /* the FIN's sequence number lies outside the window */
		}
	}
	c->dseq = start;
	c->dlen = len;
	c->fin = fin;
}

static int classify_seg_unsync(const wc_tm *m, const wc_tm_seg *s)
{
	const uint16_t f = s->flags;
	if (m->state == WC_TCP_SYN_SENT) {
		int ack_ok = wc_tm_seq_in_oc(s->ack, m->iss, m->snd_nxt);
		if ((f & WC_TM_ACK) && !ack_ok)
			return (f & WC_TM_RST) ? WC_TM_G_SS_ACKBAD_RST : WC_TM_G_SS_ACKBAD;
		if (f & WC_TM_RST)
			return (f & WC_TM_ACK) ? WC_TM_G_SS_RST_ACKOK : WC_TM_G_SS_RST_NOACK;
		if (f & WC_TM_SYN)
			return (f & WC_TM_ACK) ? WC_TM_G_SS_SYNACK : WC_TM_G_SS_SYN;
		return (f & WC_TM_ACK) ? WC_TM_G_SS_ACKOK_NOCTL : WC_TM_G_SS_NOCTL;
	}
	if (f & WC_TM_RST)
		return WC_TM_G_SEG_RST;
	if (f & WC_TM_ACK)
		return WC_TM_G_SEG_ACK;
	/* the connection born from a listener is gone, the listener is not:
	 * a SYN and a segment with neither RST nor ACK meet the listener
	 * (RFC 9293 3.10.7.2); a RST and an ACK-bearing segment get the same
	 * outcome from 3.10.7.1 and 3.10.7.2 and keep CLOSED's guards (the
	 * listener may have been closed since without the model being told) */
	int lsn = m->state == WC_TCP_CLOSED && m->listen_open;
	if (f & WC_TM_SYN)
		return lsn ? WC_TM_G_SEG_LSN_SYN : WC_TM_G_SEG_SYN;
	return lsn ? WC_TM_G_SEG_LSN_OTHER : WC_TM_G_SEG_OTHER;
}

static int classify_seq(const wc_tm *m, const wc_tm_seg *s)
{
	const int rst = (s->flags & WC_TM_RST) != 0;
	uint32_t wnd = wc_tm_rcv_wnd(m);
	if (m->ts_ok && !rst && (s->opts & WC_TM_O_TS) && wc_tm_seq_lt(s->tsval, m->ts_recent))
		return WC_TM_G_SEQ_PAWS;
	/* A RST is judged by its sequence number alone (RFC 9293 3.10.7.4,
	 * second step, 1-3; RFC 5961 3.2): "If the RST bit is set and the
	 * sequence number is outside the current receive window, silently drop
	 * the segment" -- RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND, or SEG.SEQ =
	 * RCV.NXT when the window is zero. Its payload overlapping the window
	 * does not make it acceptable. Other segments take the four-case test. */
	int ok = rst ? wc_tm_seq_acceptable(s->seq, 0, m->rcv_nxt, wnd)
		     : wc_tm_seq_acceptable(s->seq, wc_tm_seg_len(s), m->rcv_nxt, wnd);
	/* "special allowance should be made to accept valid ACKs, URGs, and RSTs" */
	if (!ok && wnd == 0 && s->seq == m->rcv_nxt)
		ok = 1;
	if (m->ts_ok && !rst && !(s->opts & WC_TM_O_TS))
		return ok ? WC_TM_G_SEQ_NOTS : WC_TM_G_SEQ_NOTS_BAD;
	if (ok)
		return WC_TM_G_SEQ_OK;
	if (m->state == WC_TCP_SYN_RECEIVED && !m->passive &&
	    (s->flags & (WC_TM_SYN | WC_TM_ACK | WC_TM_RST)) == (WC_TM_SYN | WC_TM_ACK) &&
	    s->seq == m->irs && s->ack == m->snd_nxt)
		return WC_TM_G_SEQ_SIMOPEN;
	if (rst)
		return WC_TM_G_SEQ_BAD_RST;
	if (m->state == WC_TCP_TIME_WAIT && (s->flags & WC_TM_FIN) &&
	    (uint32_t)(s->seq + wc_tm_seg_len(s)) == m->rcv_nxt)
		return WC_TM_G_SEQ_TW_OLDFIN;
	return WC_TM_G_SEQ_BAD;
}

static int classify_ack(const wc_tm *m, const wc_tm_seg *s)
{
	if (!(s->flags & WC_TM_ACK))
		return WC_TM_G_ACK_OFF;
	if (wc_tm_seq_in_oc(s->ack, m->snd_una, m->snd_nxt)) {
		if (wc_tm_fin_sent(m) && s->ack == m->snd_nxt)
			return WC_TM_G_ACK_FIN;
		return WC_TM_G_ACK_NEW;
	}
	if (s->ack == m->snd_una)
		return WC_TM_G_ACK_DUP;
	uint32_t below = m->snd_una - s->ack;
	uint32_t above = s->ack - m->snd_nxt;
	if (below <= m->snd_max_wnd)
		return WC_TM_G_ACK_OLD;
	if (above < 0x80000000u)
		return WC_TM_G_ACK_UNSENT;
	return WC_TM_G_ACK_TOOOLD;
}

static int classify_out(const wc_tm_seg *s)
{
	const uint16_t f = s->flags;
	if (f & WC_TM_RST)
		return WC_TM_G_OUT_RST;
	if (f & WC_TM_SYN)
		return (f & WC_TM_ACK) ? WC_TM_G_OUT_SYNACK : WC_TM_G_OUT_SYN;
	return (f & WC_TM_ACK) ? WC_TM_G_OUT_ACK : WC_TM_G_OUT_NOACK;
}

static int timer_guard(uint64_t deadline)
{
	return deadline ? WC_TM_G_TMR_DUE : WC_TM_G_TMR_IDLE;
}

int wc_tm_classify(const wc_tm *m, const wc_tm_ctx *c)
{
	const wc_tm_seg *s = c->seg;
	switch (c->ev) {
	case WC_TM_EV_SEG:
		return classify_seg_unsync(m, s);
	case WC_TM_EV_SEG_SEQ:
		return classify_seq(m, s);
	case WC_TM_EV_SEG_RST:
		if (!(s->flags & WC_TM_RST))
			return WC_TM_G_RST_NONE;
		if (s->seq != m->rcv_nxt)
			return WC_TM_G_RST_INWIN;
		return (m->state == WC_TCP_SYN_RECEIVED && m->passive) ? WC_TM_G_RST_EXACT_LISTEN
									: WC_TM_G_RST_EXACT;
	case WC_TM_EV_SEG_SYN:
		/* A SYN before RCV.NXT was trimmed away with the old octets
		 * ("only the new parts are processed", first step) -- but
		 * with RFC 5961 the fourth step acts on the SYN bit
		 * "irrespective of the sequence number", so outside
		 * SYN-RECEIVED (the simultaneous open's SYN,ACK, RFC 9293
		 * Figure 7 line 6) an old SYN still draws the challenge ACK
		 * (WC-2026-0113: lwIP and Linux both send it). */
		if (!(s->flags & WC_TM_SYN) ||
		    (c->syn_old && (m->state == WC_TCP_SYN_RECEIVED || !m->prof->rfc5961)))
			return WC_TM_G_SYN_NONE;
		return (m->state == WC_TCP_SYN_RECEIVED && m->passive) ? WC_TM_G_SYN_LISTEN
									: WC_TM_G_SYN_SET;
	case WC_TM_EV_SEG_ACK:
		return classify_ack(m, s);
	case WC_TM_EV_SEG_URG:
		return (s->flags & WC_TM_URG) ? WC_TM_G_URG_SET : WC_TM_G_URG_NONE;
	case WC_TM_EV_SEG_TEXT:
		if (c->dlen == 0)
			return c->cut_right ? WC_TM_G_TEXT_OUTWIN : WC_TM_G_TEXT_NONE;
		if (m->closed_by_user && !c->skip &&
		    (m->state == WC_TCP_FIN_WAIT_1 || m->state == WC_TCP_FIN_WAIT_2))
			return WC_TM_G_TEXT_LOST;
		return c->dseq == m->rcv_nxt ? WC_TM_G_TEXT_INORDER : WC_TM_G_TEXT_OOO;
	case WC_TM_EV_SEG_FIN:
		if (c->fin && (uint32_t)(c->dseq + c->dlen) == m->rcv_nxt)
			/* the FIN is judged in the state the segment arrived in
			 * when that one had received the peer's FIN already
			 * (WC-2026-0111) */
			return (m->state == WC_TCP_TIME_WAIT && c->state_in == WC_TCP_CLOSING)
				       ? WC_TM_G_FIN_AGAIN : WC_TM_G_FIN_INORDER;
		if (m->ooo_fin && m->ooo_fin_seq == m->rcv_nxt && !m->fin_rcvd)
			return WC_TM_G_FIN_INORDER;
		return c->fin ? WC_TM_G_FIN_OOO : WC_TM_G_FIN_NONE;
	case WC_TM_EV_CLOSE:
		return (m->rcvq && !c->skip) ? WC_TM_G_CALL_UNREAD : WC_TM_G_ANY;
	case WC_TM_EV_TO_RTX:
		if (!m->t_rtx)
			return WC_TM_G_TMR_IDLE;
		/* retransmissions of a zero-window probe octet nobody answers */
		if (m->snd_wnd == 0 && m->nprobe_unans >= m->prof->r2_retries &&
		    m->now - m->probe_unans_since >= WC_TM_R2_MIN_US)
			return WC_TM_G_TMR_LIMIT;
		{
			uint32_t lim = (m->state == WC_TCP_SYN_SENT || m->state == WC_TCP_SYN_RECEIVED)
					       ? m->prof->r2_syn_retries : m->prof->r2_retries;
			return m->nrtx >= lim ? WC_TM_G_TMR_LIMIT : WC_TM_G_TMR_DUE;
		}
	case WC_TM_EV_TO_TIMEWAIT:
		return timer_guard(m->t_tw);
	case WC_TM_EV_TO_USER:
		return timer_guard(m->t_user);
	case WC_TM_EV_TO_DELACK:
		return (m->ack_owed && !m->ack_imm) ? WC_TM_G_TMR_DUE : WC_TM_G_TMR_IDLE;
	case WC_TM_EV_TO_PERSIST:
		if (m->t_persist && m->nprobe_unans >= m->prof->r2_retries &&
		    m->now - m->probe_unans_since >= WC_TM_R2_MIN_US)
			return WC_TM_G_TMR_LIMIT;
		return timer_guard(m->t_persist);
	case WC_TM_EV_TO_KEEPALIVE:
		return timer_guard(m->t_keep);
	case WC_TM_EV_OUT:
		return classify_out(s);
	case WC_TM_EV_SEG_OPT:
		return WC_TM_G_OPT_BADLEN;
	case WC_TM_EV_TO_IDLE: {
		uint64_t t = wc_tm_idle_deadline(m);
		return (t && m->now >= t) ? WC_TM_G_TMR_DUE : WC_TM_G_TMR_IDLE;
	}
	default:
		return WC_TM_G_ANY;
	}
}
