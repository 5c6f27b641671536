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

/* An obligation is reported only if its class is reported by the profile. */
static int counts(const wc_tmc *c, int cls)
{
	return cls == WC_TM_MUST || c->m.prof->report_should;
}

/* What was owed by now and not sent. */
static int check_owed(wc_tmc *c)
{
	wc_tm *m = &c->m;
	char buf[64];
	wc_tm_vnum n = { .akind = WC_TM_VK_NONE, .bound = WC_TM_VB_NONE };
	if (m->nrst) {
		const wc_tm_owe_rst *r = &m->rst[0];
		n.fmt = (r->flags & WC_TM_ACK) ? "RST,ACK seq=%llu ack=%llu" : "RST seq=%llu%.0llu";
		n.kind = WC_TM_VK_SEQ;
		n.hkind = (r->flags & WC_TM_ACK) ? WC_TM_VK_ACK : WC_TM_VK_NONE;
		n.lo = r->seq;
		n.hi = (r->flags & WC_TM_ACK) ? r->ack : 0;
		snprintf(buf, sizeof buf, n.fmt, (unsigned long long)n.lo, (unsigned long long)n.hi);
		return report(c, r->rule, "segment", buf, "no segment", WC_TM_MUST, &n);
	}
	if (m->syn_owed) {
		int cls = wc_tm_rows[m->syn_rule].cls;
		if (counts(c, cls))
			return report(c, m->syn_rule, "segment",
				      m->state == WC_TCP_SYN_SENT ? "SYN" : "SYN,ACK", "no segment", cls, NULL);
		m->syn_owed = 0;
	}
	if (m->fin_owed) {
		/* a FIN due at once (CLOSE in SYN-RECEIVED with nothing to send) */
		n.fmt = "FIN seq=%llu%.0llu";
		n.kind = WC_TM_VK_SEQ;
		n.lo = wc_tm_fin_seq(m);
		snprintf(buf, sizeof buf, n.fmt, (unsigned long long)n.lo, 0ull);
		int cls = wc_tm_rows[m->fin_rule].cls;
		if (counts(c, cls))
			return report(c, m->fin_rule, "segment", buf, "no segment", cls, &n);
		m->fin_owed = 0;
	}
	if (m->rtx_owed) {
		if (counts(c, m->rtx_cls)) {
			n.fmt = "retransmission seq=%llu%.0llu";
			n.kind = WC_TM_VK_SEQ;
			n.lo = m->snd_una;
			snprintf(buf, sizeof buf, n.fmt, (unsigned long long)n.lo, 0ull);
			return report(c, m->rtx_rule, "segment", buf, "no segment", m->rtx_cls, &n);
		}
		m->rtx_owed = 0; /* SHOULD-level lateness the profile tolerates; the timer is re-armed */
	}
	if (m->probe_owed) {
		int cls = wc_tm_rows[m->probe_rule].cls;
		if (counts(c, cls))
			return report(c, m->probe_rule, "segment", "window probe / keep-alive",
				      "no segment", cls, NULL);
		m->probe_owed = 0;
	}
	if (m->ack_owed && (m->ack_imm || m->ack_due <= m->now)) {
		if (m->ack_optional || !counts(c, m->ack_cls)) {
			m->ack_owed = m->ack_imm = m->ack_optional = 0;
			m->ratelimited = 0;
		} else {
			n.fmt = "ACK ack=%llu%.0llu";
			n.kind = WC_TM_VK_ACK;
			n.lo = m->rcv_nxt;
			snprintf(buf, sizeof buf, n.fmt, (unsigned long long)n.lo, 0ull);
			return report(c, m->ack_rule, "segment", buf, "no segment", m->ack_cls, &n);
		}
	}
	return WC_OK;
}

static int pre(wc_tmc *c)
{
	if (c->dead)
		return WC_ETM_DEAD;
	return check_owed(c);
}

static int post(wc_tmc *c, int rc)
{
	c->step++;
	return rc;
}

int wc_tmc_input(wc_tmc *c, const wc_tm_seg *seg)
{
	int rc = pre(c);
	if (rc)
		return rc == WC_ETM_DEAD ? rc : post(c, rc);
	return post(c, wc_tm_input(&c->m, seg));
}

int wc_tmc_call(wc_tmc *c, int ev, uint32_t arg)
{
	int rc = pre(c);
	if (rc)
		return rc == WC_ETM_DEAD ? rc : post(c, rc);
	return post(c, wc_tm_call(&c->m, ev, arg));
}

int wc_tmc_advance(wc_tmc *c, uint64_t usec)
{
	int rc = pre(c);
	if (rc)
		return rc == WC_ETM_DEAD ? rc : post(c, rc);
	return post(c, wc_tm_advance(&c->m, usec));
}

int wc_tmc_output(wc_tmc *c, const wc_tm_seg *seg)
{
	if (c->dead)
		return WC_ETM_DEAD;
	c->m.nfired = 0;
	int rc = wc_tm_emit(&c->m, seg);
	if (rc == WC_ETM_VIOLATION) {
		const wc_tm_violation *v = &c->m.viol;
		if (!counts(c, v->cls) && v->cls != WC_TM_OUTSIDE) {
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
	return check_owed(c);
}
