/*
 * The trace checker: a mirror of the stack under test, fed the trace. Inputs,
 * calls and time go through the same rows as the endpoint; the stack's
 * outputs go through the EV_OUT rows (wc_tm_emit). Before each non-output
 * step, whatever the mirror says was owed by now and was not sent is the
 * violation "no segment".
 */
#include <stdio.h>
#include <string.h>

#include "tcp_int.h"
#include "wirecheck/err.h"
#include "wirecheck/tcp_model_check.h"

const char *wc_tm_class_name(int cls)
{
	switch (cls) {
	case WC_TM_MUST: return "MUST";
	case WC_TM_SHOULD: return "SHOULD/MAY";
	default: return "OUTSIDE";
	}
}

int wc_tm_report_format(const wc_tm_report *r, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "step %u state=%s rule=%s field=%s: allowed %s actual %s (%s)",
			 r->step, wc_tcp_state_name(r->state), r->rule_id ? r->rule_id : "?",
			 r->field ? r->field : "?", r->allowed, r->actual, wc_tm_class_name(r->cls));
	if (n < 0 || (size_t)n >= cap)
		return WC_ENOSPC;
	return WC_OK;
}

void wc_tmc_init(wc_tmc *c, const wc_tm_profile *p, uint32_t *cover)
{
	memset(c, 0, sizeof *c);
	wc_tm_init(&c->m, p, WC_TM_MIRROR, cover);
}

static int report(wc_tmc *c, int rule, const char *field, const char *allowed,
		  const char *actual, int cls, const wc_tm_vnum *num)
{
	wc_tm_report *r = &c->rep;
	if (num)
		r->num = *num;
	else
		memset(&r->num, 0, sizeof r->num);
	r->step = c->step;
	r->rule = rule;
	r->rule_id = (rule >= 0 && (unsigned)rule < wc_tm_nrows) ? wc_tm_rows[rule].id : "?";
	r->field = field;
	snprintf(r->allowed, sizeof r->allowed, "%s", allowed);
	snprintf(r->actual, sizeof r->actual, "%s", actual);
	r->cls = (uint8_t)cls;
	r->state = c->m.state;
	c->dead = 1;
	return WC_ETM_VIOLATION;
}

/* A divergence of this class is reported by m's profile. */
static int counts(const wc_tm *m, int cls)
{
	return cls == WC_TM_MUST || m->prof->report_should;
}

/* A missing obligation of one branch, not yet reported. */
typedef struct owed_miss {
	int rule, cls;
	const char *field;
	char allowed[64];
	wc_tm_vnum num;
	int has_num;
} owed_miss;

static int miss(owed_miss *o, int rule, const char *allowed, int cls, const wc_tm_vnum *n)
{
	o->rule = rule;
	o->cls = cls;
	o->field = "segment";
	snprintf(o->allowed, sizeof o->allowed, "%s", allowed);
	o->has_num = n != NULL;
	if (n)
		o->num = *n;
	return 1;
}

/* What m owed by now and was not sent: 1 with *o filled, or 0. Obligations
 * of a class the profile does not report are dropped; *skipped is the row of
 * a dropped reset (the stack did not take that SHOULD), else -1. */
static int owed(wc_tm *m, owed_miss *o, int *skipped)
{
	*skipped = -1;
	char buf[64];
	wc_tm_vnum n = { .akind = WC_TM_VK_NONE, .bound = WC_TM_VB_NONE };
	while (m->nrst) {
		const wc_tm_owe_rst *r = &m->rst[0];
		/* the class of the row that asked for it: a SHOULD reset (SHLD-3)
		 * not sent is a SHOULD-level divergence */
		int cls = wc_tm_rows[r->rule].cls;
		if (!counts(m, cls)) {
			*skipped = r->rule;
			m->rst[0] = m->rst[m->nrst - 1];
			m->nrst--;
			continue;
		}
		n.fmt = (r->flags & WC_TM_ACK) ? "RST,ACK seq=%llu ack=%llu" : "RST seq=%llu%.0llu";
		n.kind = WC_TM_VK_SEQ;
		n.hkind = (r->flags & WC_TM_ACK) ? WC_TM_VK_ACK : WC_TM_VK_NONE;
		n.lo = r->seq;
		n.hi = (r->flags & WC_TM_ACK) ? r->ack : 0;
		snprintf(buf, sizeof buf, n.fmt, (unsigned long long)n.lo, (unsigned long long)n.hi);
		return miss(o, r->rule, buf, cls, &n);
	}
	if (m->syn_owed) {
		int cls = wc_tm_rows[m->syn_rule].cls;
		if (counts(m, cls))
			return miss(o, m->syn_rule, m->state == WC_TCP_SYN_SENT ? "SYN" : "SYN,ACK", cls, NULL);
		m->syn_owed = 0;
	}
	if (m->fin_owed) {
		/* a FIN due at once (CLOSE in SYN-RECEIVED with nothing to send) */
		n.fmt = "FIN seq=%llu%.0llu";
		n.kind = WC_TM_VK_SEQ;
		n.lo = wc_tm_fin_seq(m);
		snprintf(buf, sizeof buf, n.fmt, (unsigned long long)n.lo, 0ull);
		int cls = wc_tm_rows[m->fin_rule].cls;
		if (counts(m, cls))
			return miss(o, m->fin_rule, buf, cls, &n);
		m->fin_owed = 0;
	}
	if (m->rtx_owed) {
		if (counts(m, m->rtx_cls)) {
			n.fmt = "retransmission seq=%llu%.0llu";
			n.kind = WC_TM_VK_SEQ;
			n.lo = m->snd_una;
			snprintf(buf, sizeof buf, n.fmt, (unsigned long long)n.lo, 0ull);
			return miss(o, m->rtx_rule, buf, m->rtx_cls, &n);
		}
		m->rtx_owed = 0; /* SHOULD-level lateness the profile tolerates; the timer is re-armed */
	}
	if (m->probe_owed) {
		int cls = wc_tm_rows[m->probe_rule].cls;
		if (counts(m, cls))
			return miss(o, m->probe_rule, "window probe / keep-alive", cls, NULL);
		m->probe_owed = 0;
	}
	if (m->ack_owed && (m->ack_imm || m->ack_due <= m->now)) {
		if (m->ack_optional || !counts(m, m->ack_cls)) {
			m->ack_owed = m->ack_imm = m->ack_optional = 0;
			m->ratelimited = 0;
		} else {
			n.fmt = "ACK ack=%llu%.0llu";
			n.kind = WC_TM_VK_ACK;
			n.lo = m->rcv_nxt;
			snprintf(buf, sizeof buf, n.fmt, (unsigned long long)n.lo, 0ull);
			return miss(o, m->ack_rule, buf, m->ack_cls, &n);
		}
	}
	return 0;
}

/* ---- branches ----------------------------------------------------------- */

static void alt_drop(wc_tmc *c, unsigned i)
{
	for (unsigned j = i + 1; j < c->nalt; j++) {
		c->alt[j - 1] = c->alt[j];
		c->alt_cls[j - 1] = c->alt_cls[j];
		c->alt_rule[j - 1] = c->alt_rule[j];
		c->alt_kind[j - 1] = c->alt_kind[j];
		c->alt_skipped[j - 1] = c->alt_skipped[j];
	}
	c->nalt--;
}

/* Class of taking an alternative of this kind. */
static uint8_t alt_kind_cls(int kind)
{
	return (kind == WC_TM_ALT_ACKFIRST || kind == WC_TM_ALT_NOLISTEN) ? WC_TMC_NOCLS
									  : WC_TM_SHOULD;
}

/* Branch i fits the trace where m does not: it becomes m. A choice of
 * SHOULD level is reported when the profile reports those. */
static int alt_promote(wc_tmc *c, unsigned i)
{
	uint8_t cls = c->alt_cls[i];
	int rule = c->alt_rule[i], kind = c->alt_kind[i];
	c->m = c->alt[i];
	alt_drop(c, i);
	if (cls != WC_TMC_NOCLS && counts(&c->m, cls)) {
		if (kind == WC_TM_ALT_SYNTEXT)
			return report(c, rule, "ack", "text and FIN of the SYN,ACK acknowledged",
				      "only SEG.SEQ+1 acknowledged", cls, NULL);
		return report(c, rule, "segment", "RST (the SHOULD of this rule)",
			      "no RST (the SHOULD not taken)", cls, NULL);
	}
	return WC_OK;
}

/* The branch of a SHOULD-reset row (WC_TM_ALT_SKIP) that was dropped for a
 * missing obligation after m had gone without that reset (the profile
 * tolerates it): when m fails later too, the stack had taken neither
 * branch cleanly, and the alternative's miss is the one reported (m rests
 * on a reset that was never sent). */
static int lost_report(wc_tmc *c)
{
	if (!c->lost_set)
		return 0;
	c->rep = c->lost;
	c->rep.step = c->step;
	c->dead = 1;
	return 1;
}

/* Before a non-output step: what each branch owed by now. A branch missing
 * an obligation is dropped; if that is m and another branch fits, it
 * replaces m; if none fits, m's is reported. */
static int settle(wc_tmc *c)
{
	owed_miss o0;
	int skipped;
	int v0 = owed(&c->m, &o0, &skipped);
	for (unsigned i = 0; i < c->nalt; i++)
		if (skipped >= 0 && c->alt_rule[i] == skipped && c->alt_kind[i] == WC_TM_ALT_SKIP)
			c->alt_skipped[i] = 1;
	for (unsigned i = 0; i < c->nalt;) {
		owed_miss oi;
		int sk;
		if (owed(&c->alt[i], &oi, &sk)) {
			if (c->alt_skipped[i] && !c->lost_set) {
				wc_tm_report *l = &c->lost;
				memset(l, 0, sizeof *l);
				l->rule = oi.rule;
				l->rule_id = wc_tm_rows[oi.rule].id;
				l->field = oi.field;
				snprintf(l->allowed, sizeof l->allowed, "%s", oi.allowed);
				snprintf(l->actual, sizeof l->actual, "no segment");
				l->cls = (uint8_t)oi.cls;
				l->state = c->alt[i].state;
				if (oi.has_num)
					l->num = oi.num;
				c->lost_set = 1;
			}
			alt_drop(c, i);
			continue;
		}
		if (v0)
			return alt_promote(c, i);
		i++;
	}
	if (v0 && lost_report(c))
		return WC_ETM_VIOLATION;
	if (!v0)
		return WC_OK;
	return report(c, o0.rule, o0.field, o0.allowed, "no segment", o0.cls,
		      o0.has_num ? &o0.num : NULL);
}

enum { K_INPUT, K_CALL, K_ADVANCE };

typedef struct step_ev {
	int kind;
	const wc_tm_seg *seg;
	int ev;
	uint32_t arg;
	uint64_t usec;
} step_ev;

static int apply(wc_tm *m, const step_ev *e)
{
	switch (e->kind) {
	case K_INPUT: return wc_tm_input(m, e->seg);
	case K_CALL: return wc_tm_call(m, e->ev, e->arg);
	default: return wc_tm_advance(m, e->usec);
	}
}

/* Run e on a copy of before taking the alternative the branch's own run
 * asked for; keep it as a new branch (room permitting). */
static void alt_spawn(wc_tmc *c, const wc_tm *before, const step_ev *e, uint16_t rule, uint8_t cls_in)
{
	if (c->nalt >= WC_TMC_MAX_ALT)
		return;
	wc_tm *b = &c->alt[c->nalt];
	*b = *before;
	b->alt_mode = 1;
	b->alt_req = 0;
	int rc = apply(b, e);
	int taken = b->alt_mode == 2;
	b->alt_mode = 0;
	b->alt_req = 0;
	if (rc != WC_OK || !taken)
		return;
	int kind = wc_tm_rows[rule].alt;
	uint8_t cls = alt_kind_cls(kind);
	if (cls_in != WC_TMC_NOCLS)
		cls = cls_in < cls ? cls_in : cls;
	c->alt_cls[c->nalt] = cls;
	c->alt_rule[c->nalt] = rule;
	c->alt_kind[c->nalt] = (uint8_t)kind;
	c->alt_skipped[c->nalt] = 0;
	c->nalt++;
}

/* RFC 9293 3.8.3: "When the number of transmissions of the same segment
 * reaches a threshold R2 greater than R1, close the connection." Once m's
 * count has reached R2, the stack may close at any moment (lwIP does at its
 * next slow-timer tick, WC-2026-0109), not only when the retransmission
 * timer expires again, as m does: a branch that closed before the step
 * (step() then runs the step on it like on every branch). One such
 * branch at a time; when the stack is seen to go on (another retransmission,
 * an answer only an open connection gives), the branch is dropped and a
 * later step opens a new one. Once m is closed too, the branch has nothing
 * left to tell and is dropped (it would hold a slot other alternatives need).
 * The early close is allowed only once the segment has been retransmitted
 * for the least time R2 must span: 3 minutes for a SYN (MUST-23), 100 s
 * otherwise (SHLD-11); a stack giving up sooner is judged by m alone, as
 * before (WC-2026-0058: lwIP abandons a connection attempt after about
 * 20 s). */
static void giveup_spawn(wc_tmc *c)
{
	for (unsigned i = 0; i < c->nalt; i++) {
		if (c->alt_kind[i] != WC_TM_ALT_GIVEUP)
			continue;
		if (c->m.state != WC_TCP_CLOSED)
			return;
		alt_drop(c, i);
		break;
	}
	if (c->nalt >= WC_TMC_MAX_ALT || !c->m.t_rtx)
		return;
	int syn = c->m.state == WC_TCP_SYN_SENT || c->m.state == WC_TCP_SYN_RECEIVED;
	if (c->m.now - c->m.first_send < (syn ? WC_TM_R2_SYN_MIN_US : WC_TM_R2_MIN_US))
		return;
	wc_tm_ctx x = { .ev = WC_TM_EV_TO_RTX };
	if (wc_tm_classify(&c->m, &x) != WC_TM_G_TMR_LIMIT)
		return;
	wc_tm *b = &c->alt[c->nalt];
	*b = c->m;
	if (wc_tm_timeout(b, WC_TM_EV_TO_RTX) != WC_OK || b->state != WC_TCP_CLOSED)
		return;
	int rule = b->fired[b->nfired - 1];
	c->alt_cls[c->nalt] = WC_TMC_NOCLS;
	c->alt_rule[c->nalt] = (uint16_t)rule;
	c->alt_kind[c->nalt] = WC_TM_ALT_GIVEUP;
	c->alt_skipped[c->nalt] = 0;
	c->nalt++;
}

/* One non-output step on every branch. */
static int step(wc_tmc *c, const step_ev *e)
{
	giveup_spawn(c);
	wc_tm before = c->m;
	unsigned nold = c->nalt;
	c->m.alt_req = 0;
	int rc = apply(&c->m, e);
	if (rc != WC_OK)
		return rc;
	for (unsigned i = 0; i < nold;) {
		wc_tm bi = c->alt[i];
		c->alt[i].alt_req = 0;
		if (apply(&c->alt[i], e) != WC_OK) {
			alt_drop(c, i);
			nold--;
			continue;
		}
		if (c->alt[i].alt_req) {
			c->alt[i].alt_req = 0;
			alt_spawn(c, &bi, e, c->alt[i].alt_rule, c->alt_cls[i]);
		}
		i++;
	}
	if (c->m.alt_req) {
		c->m.alt_req = 0;
		alt_spawn(c, &before, e, c->m.alt_rule, WC_TMC_NOCLS);
	}
	return WC_OK;
}

static int pre(wc_tmc *c)
{
	if (c->dead)
		return WC_ETM_DEAD;
	return settle(c);
}

static int post(wc_tmc *c, int rc)
{
	c->step++;
	return rc;
}

static int run(wc_tmc *c, const step_ev *e)
{
	int rc = pre(c);
	if (rc)
		return rc == WC_ETM_DEAD ? rc : post(c, rc);
	return post(c, step(c, e));
}

int wc_tmc_input(wc_tmc *c, const wc_tm_seg *seg)
{
	step_ev e = { .kind = K_INPUT, .seg = seg };
	if (!seg)
		return WC_ETM_ARG;
	return run(c, &e);
}

int wc_tmc_call(wc_tmc *c, int ev, uint32_t arg)
{
	step_ev e = { .kind = K_CALL, .ev = ev, .arg = arg };
	return run(c, &e);
}

/* p, a copy that has just run a call: its row refused the call, or no row
 * of the model's handled it (the socket face answered it). */
static int call_refused(const wc_tm *p)
{
	return !p->nfired ||
	       (p->user != WC_TM_U_OK && p->user != WC_TM_U_EOF && p->user != WC_TM_U_URGENT);
}

int wc_tmc_call_ret(wc_tmc *c, int ev, uint32_t arg, int err)
{
	if (!err)
		return wc_tmc_call(c, ev, arg);
	int rc = pre(c);
	if (rc)
		return rc == WC_ETM_DEAD ? rc : post(c, rc);
	/* what the model's row does with the call */
	wc_tm probe = c->m;
	rc = wc_tm_call(&probe, ev, arg);
	if (rc != WC_OK)
		return post(c, rc);
	step_ev e = { .kind = K_CALL, .ev = ev, .arg = arg };
	if (call_refused(&probe))
		return post(c, step(c, &e));
	/* the row accepts the call, the stack refused it: a branch whose row
	 * refuses it too fits the trace (a connection given up at R2) */
	for (unsigned i = 0; i < c->nalt; i++) {
		wc_tm bp = c->alt[i];
		if (wc_tm_call(&bp, ev, arg) != WC_OK || !call_refused(&bp))
			continue;
		rc = alt_promote(c, i);
		return post(c, rc ? rc : step(c, &e));
	}
	/* no branch refuses it: the call did not happen */
	int r = probe.fired[probe.nfired - 1];
	c->m.nfired = 0;
	if (wc_tm_rows[r].refuse != WC_TM_REFUSE_DIVERGE || !counts(&c->m, wc_tm_rows[r].cls))
		return post(c, WC_OK);
	char act[48];
	snprintf(act, sizeof act, "-1 (errno %d)", err);
	return post(c, report(c, r, "ret", "0 (the call is accepted)", act, wc_tm_rows[r].cls, NULL));
}

int wc_tmc_advance(wc_tmc *c, uint64_t usec)
{
	step_ev e = { .kind = K_ADVANCE, .usec = usec };
	return run(c, &e);
}

int wc_tmc_output(wc_tmc *c, const wc_tm_seg *seg)
{
	if (c->dead)
		return WC_ETM_DEAD;
	c->m.nfired = 0;
	int rc = wc_tm_emit(&c->m, seg);
	int first_ok = -1;
	for (unsigned i = 0; i < c->nalt;) {
		c->alt[i].nfired = 0;
		if (wc_tm_emit(&c->alt[i], seg) != WC_OK) {
			alt_drop(c, i);
			continue;
		}
		if (first_ok < 0)
			first_ok = (int)i;
		i++;
	}
	if (rc == WC_ETM_VIOLATION) {
		if (first_ok >= 0)
			return post(c, alt_promote(c, (unsigned)first_ok));
		const wc_tm_violation *v = &c->m.viol;
		if ((counts(&c->m, v->cls) || v->cls == WC_TM_OUTSIDE) && lost_report(c))
			return post(c, WC_ETM_VIOLATION);
		if (!counts(&c->m, v->cls) && v->cls != WC_TM_OUTSIDE) {
			/* a SHOULD-level divergence the profile tolerates: re-run
			 * without it is not possible, so the emit stands refused
			 * only for MUST/OUTSIDE; here we accept the segment as is */
			return post(c, WC_OK);
		}
		return post(c, report(c, v->rule, v->field, v->allowed, v->actual, v->cls, &v->num));
	}
	return post(c, rc);
}

int wc_tmc_finish(wc_tmc *c)
{
	if (c->dead)
		return WC_ETM_DEAD;
	return settle(c);
}
