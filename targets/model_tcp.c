/*
 * Fuzz target: the TCP reference model (models/tcp/).
 *
 * Input format: byte 0 selects the profile (strict, linux, lwip); the rest is
 * a sequence of records, each starting with an op byte (op % 8):
 *   0,1,2,6 segment from the peer: flags(2) seqsel(1) [4] acksel(1) [4]
 *           len(1) wnd(2) opts(1) up(1) tsval(1)
 *           opts: WC_TM_O_* bits (0x20: an illegal option length was seen)
 *           seqsel/acksel: top 2 bits 0 = RCV.NXT / SND.NXT + int8 delta,
 *           1 = SND.UNA + delta, 2 = 4 raw bytes follow, 3 = base + delta*4096
 *   3       user call: which(1) arg(2)   (OPEN active/passive, SEND, RECEIVE,
 *           CLOSE, SHUTDOWN, ABORT)
 *   4       time passes: 3 bytes (microseconds << shift of the low 4 bits)
 *   5       a timeout event fired directly: which(1)
 *   7       time passes by the next timer deadline
 * Missing bytes read as zero; a record cut short ends the input.
 *
 * Properties (fail with WC_CHECK):
 *   - the endpoint never hits a table gap (WC_ETM_NOROW) and never emits a
 *     segment its own output rows refuse;
 *   - invariants after every step (wc_tm_invariant: SND.UNA <= SND.NXT within
 *     the largest window offered, TIME-WAIT only with both FINs, no timers in
 *     CLOSED/LISTEN, ...);
 *   - the fired rows form a chain: each row's from-states contain the state
 *     it fired in, the last to-state is the final state (states are reached
 *     only through table rows);
 *   - determinism: the same input run twice gives the same outputs, rows and
 *     state (hash compared);
 *   - agreement: a checker (WC_TM_MIRROR) fed the same trace and the
 *     endpoint's outputs accepts every step.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wirecheck/check.h"
#include "wirecheck/err.h"
#include "wirecheck/tcp_model.h"
#include "wirecheck/tcp_model_check.h"

typedef struct rd {
	const uint8_t *p;
	size_t n, i;
} rd;

static uint32_t get(rd *r, int bytes)
{
	uint32_t v = 0;
	for (int k = 0; k < bytes; k++)
		v = (v << 8) | (r->i < r->n ? r->p[r->i++] : 0);
	return v;
}

static uint32_t pick(rd *r, uint32_t rel_a, uint32_t rel_b)
{
	uint8_t sel = (uint8_t)get(r, 1);
	int8_t delta = (int8_t)(sel << 2) >> 2; /* low 6 bits, signed */
	switch (sel >> 6) {
	case 0: return rel_a + (uint32_t)(int32_t)delta;
	case 1: return rel_b + (uint32_t)(int32_t)delta;
	case 2: return get(r, 4);
	default: return rel_a + (uint32_t)((int32_t)delta * 4096);
	}
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

static uint64_t hash_seg(uint64_t h, const wc_tm_seg *s)
{
	h = mix(h, s->seq);
	h = mix(h, s->ack);
	h = mix(h, ((uint64_t)s->flags << 32) | ((uint64_t)s->wnd << 16) | s->opts);
	h = mix(h, s->len);
	return mix(h, s->tsval);
}

#ifdef MODEL_TCP_TRACE
#include <stdio.h>
static void trace(const char *who, const wc_tm *m, const wc_tm_seg *s)
{
	fprintf(stderr, "%-8s %-12s", who, wc_tcp_state_name(m->state));
	if (s)
		fprintf(stderr, " flags=%#x seq=%u ack=%u len=%u wnd=%u opts=%#x", s->flags, s->seq,
			s->ack, s->len, s->wnd, s->opts);
	for (unsigned i = 0; i < m->nfired; i++)
		fprintf(stderr, " %s", wc_tm_rows[m->fired[i]].id);
	fprintf(stderr, " [ack %d/%d/%d due %llu una=%u nxt=%u wnd=%u edge=%u rnxt=%u t=%llu]\n", m->ack_owed, m->ack_imm, m->ack_optional, (unsigned long long)m->ack_due, m->snd_una, m->snd_nxt, m->snd_wnd, m->snd_edge_max, m->rcv_nxt,
		(unsigned long long)m->now);
}
#else
#define trace(who, m, s) ((void)0)
#endif

static void check_chain(const wc_tm *m, int before)
{
	int st = before;
	for (unsigned i = 0; i < m->nfired && i < WC_TM_MAX_FIRED; i++) {
		const wc_tm_row *r = &wc_tm_rows[m->fired[i]];
		if (r->event == WC_TM_EV_OUT)
			continue;
		WC_CHECK(r->states & (1u << st), "row %s fired in state %s", r->id,
			 wc_tcp_state_name(st));
		if (r->to != WC_TM_SAME)
			st = r->to;
	}
}

static void report_fail(const wc_tmc *c, const char *what)
{
	char buf[256];
	wc_tm_report_format(&c->rep, buf, sizeof buf);
	WC_CHECK(0, "checker refused the endpoint's %s: %s", what, buf);
}

/* Feed the endpoint's pending outputs to the checker. */
static uint64_t drain(wc_tm *e, wc_tmc *c, uint64_t h)
{
	wc_tm_seg s;
	while (wc_tm_ep_pop(e, &s)) {
		h = hash_seg(h, &s);
		int rc = wc_tmc_output(c, &s);
		trace("  out", &c->m, &s);
		if (rc == WC_ETM_VIOLATION)
			report_fail(c, "output");
		WC_CHECK(rc == WC_OK, "checker output: %s", wc_tm_strerror(rc));
	}
	return h;
}

static void step_ok(wc_tm *e, int rc, int before)
{
	WC_CHECK(rc == WC_OK, "endpoint step failed: %s (state %s)", wc_tm_strerror(rc),
		 wc_tcp_state_name(e->state));
	const char *inv = wc_tm_invariant(e);
	WC_CHECK(inv == NULL, "invariant: %s (state %s, SND.UNA %u SND.NXT %u SND.WND %u edge %u, fired %s)", inv,
		 wc_tcp_state_name(e->state), e->snd_una, e->snd_nxt, e->snd_wnd, e->snd_edge_max,
		 e->nfired ? wc_tm_rows[e->fired[e->nfired - 1]].id : "-");
	check_chain(e, before);
}

static void checker_ok(wc_tmc *c, int rc, const char *what)
{
	if (rc == WC_ETM_VIOLATION)
		report_fail(c, what);
	WC_CHECK(rc == WC_OK, "checker %s: %s", what, wc_tm_strerror(rc));
}

/* Advance both one endpoint timer at a time, so each output reaches the
 * checker at the time it was sent. */
static uint64_t advance(wc_tm *e, wc_tmc *c, uint64_t us, uint64_t h)
{
	uint64_t target = e->now + us < e->now ? UINT64_MAX : e->now + us;
	for (int i = 0; i < 10000; i++) {
		int before = e->state;
		uint64_t t0 = e->now;
		int rc = wc_tm_ep_advance_step(e, target);
		WC_CHECK(rc >= 0, "endpoint advance: %s", wc_tm_strerror(rc));
		step_ok(e, WC_OK, before);
		if (e->user == WC_TM_U_TIMEOUT)
			return h; /* gave up (R2): silent, the mirror cannot follow */
		checker_ok(c, wc_tmc_advance(c, e->now - t0), "advance");
		for (unsigned k = 0; k < e->nfired; k++)
			h = mix(h, e->fired[k]);
		h = drain(e, c, h);
		if (rc == 0)
			break;
	}
	return h;
}

#ifdef WC_REPLAY
/*
 * Rule coverage, replay build only: `WIRECHECK_RULE_COVER=1
 * build/replay/bin/model_tcp DIR` prints which rules the inputs fired
 * (endpoint and checker together) and which never did. Observation only:
 * the counters never influence a run.
 */
#include <stdio.h>
#include <stdlib.h>
static uint32_t cover_rows[WC_TM_MAX_ROWS], cover_chk[WC_TM_MAX_ROWS];
static void cover_report(void)
{
	for (unsigned i = 0; i < wc_tm_nrows; i++)
		cover_rows[i] += cover_chk[i];
	wc_tm_cover_print(stdout, cover_rows);
}
#define COVER_E(first) ((first) ? cover_rows : NULL)
#define COVER_C(first) ((first) ? cover_chk : NULL)
#else
#define COVER_E(first) NULL
#define COVER_C(first) NULL
#endif

static uint64_t run(const uint8_t *data, size_t size, int first)
{
	static const int calls[7] = {
		WC_TM_EV_OPEN_ACTIVE, WC_TM_EV_OPEN_PASSIVE, WC_TM_EV_SEND, WC_TM_EV_RECEIVE,
		WC_TM_EV_CLOSE, WC_TM_EV_SHUTDOWN, WC_TM_EV_ABORT,
	};
	wc_tm e;
	wc_tmc c;
	rd r = {data, size, 0};
	const wc_tm_profile *p = wc_tm_profiles[get(&r, 1) % 3];
	uint64_t h = 0;
	const int r2_row = wc_tm_rule_find("R_RTX_LIMIT");
	(void)first;
	wc_tm_ep_init(&e, p, COVER_E(first));
	wc_tmc_init(&c, p, COVER_C(first));
	for (int steps = 0; r.i < r.n && steps < 2000; steps++) {
		uint8_t op = (uint8_t)get(&r, 1) % 8;
		int before = e.state, rc;
		switch (op) {
		case 3: {
			int ev = calls[get(&r, 1) % 7];
			uint32_t arg = get(&r, 2);
			rc = wc_tm_ep_call(&e, ev, arg);
			step_ok(&e, rc, before);
			checker_ok(&c, wc_tmc_call(&c, ev, arg), "call");
			h = mix(h, e.user);
			break;
		}
		case 4: {
			uint32_t v = get(&r, 3);
			uint64_t us = (uint64_t)(v >> 4) << (v & 15);
			h = advance(&e, &c, us, h);
			break;
		}
		case 5: {
			int ev = WC_TM_EV_TO_RTX + (int)(get(&r, 1) % 6);
			rc = wc_tm_ep_timeout(&e, ev);
			step_ok(&e, rc, before);
			/* a forced timeout is not a trace step the checker can see:
			 * only timeouts that are not running keep the two in step */
			if (e.nfired && wc_tm_rows[e.fired[0]].guards != WC_TM_GB(WC_TM_G_TMR_IDLE))
				return h; /* endpoint and mirror diverge by design from here */
			break;
		}
		case 7: {
			uint64_t t = wc_tm_next_timer(&e);
			uint64_t us = t > e.now ? t - e.now : 0;
			h = advance(&e, &c, us, h);
			break;
		}
		default: {
			wc_tm_seg s;
			memset(&s, 0, sizeof s);
			s.flags = (uint16_t)(get(&r, 2) & 0x1ff);
			s.seq = pick(&r, e.rcv_nxt, e.irs);
			s.ack = pick(&r, e.snd_nxt, e.snd_una);
			s.len = get(&r, 1);
			if (s.len > 200)
				s.len = (s.len - 200) * 512;
			s.wnd = (uint16_t)get(&r, 2);
			s.opts = (uint8_t)get(&r, 1) & 0x3f; /* WC_TM_O_*, BADLEN included */
			s.up = (uint16_t)get(&r, 1);
			s.tsval = e.ts_recent + (uint32_t)(int32_t)(int8_t)get(&r, 1);
			s.mss = (uint16_t)(536 + (s.up << 2));
			s.wscale = (uint8_t)(s.up & 15);
			if (s.opts & WC_TM_O_SACK)
				s.nsack = 1;
			rc = wc_tm_ep_input(&e, &s);
			step_ok(&e, rc, before);
			checker_ok(&c, wc_tmc_input(&c, &s), "input");
			h = mix(h, e.state);
			break;
		}
		}
		trace("ep", &e, NULL);
		trace("chk", &c.m, NULL);
		for (unsigned i = 0; i < e.nfired; i++) {
			h = mix(h, e.fired[i]);
			/* giving up after R2 is silent: the mirror only learns of it
			 * at its own (later) deadline, so the two part here */
			if (e.fired[i] == r2_row)
				return drain(&e, &c, h);
		}
		if (e.user == WC_TM_U_TIMEOUT)
			return drain(&e, &c, h);
		h = drain(&e, &c, h);
		h = mix(h, (uint64_t)e.state << 8 | (uint64_t)c.m.state);
		WC_CHECK(c.m.state == e.state, "checker state %s, endpoint state %s",
			 wc_tcp_state_name(c.m.state), wc_tcp_state_name(e.state));
	}
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifdef WC_REPLAY
	static int registered;
	if (!registered && getenv("WIRECHECK_RULE_COVER")) {
		registered = 1;
		atexit(cover_report);
	}
#endif
	uint64_t a = run(data, size, 1);
	uint64_t b = run(data, size, 0);
	WC_CHECK(a == b, "same input, different trace (%llx vs %llx)", (unsigned long long)a,
		 (unsigned long long)b);
	return 0;
}
