/*
 * bench_model: events per second through the TCP model, single-threaded.
 * Workload: the reference endpoint (profile linux) against a scripted peer
 * in a loop — handshake, 64 data segments each way with ACKs, close, and
 * time to the end of TIME-WAIT — and the same trace through the checker.
 * Baseline printed beside it in the same run: the raw acceptability test
 * (wc_tm_seq_acceptable) on the same number of segments.
 * With --cover, also prints which rules fired during the run and which never
 * did (wc_tm_cover_print).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wirecheck/tcp_model.h"
#include "wirecheck/tcp_model_check.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static wc_tm_seg mk(uint16_t f, uint32_t seq, uint32_t ack, uint32_t len)
{
	wc_tm_seg s;
	memset(&s, 0, sizeof s);
	s.flags = f;
	s.seq = seq;
	s.ack = ack;
	s.len = len;
	s.wnd = 65535;
	return s;
}

static unsigned long events;
static uint32_t cover_e[WC_TM_MAX_ROWS], cover_c[WC_TM_MAX_ROWS];

/* One connection through endpoint + checker; returns 0 on success. */
static int one(wc_tm *e, wc_tmc *c)
{
	wc_tm_seg s, o;
	const wc_tm_profile *p = &wc_tm_profile_strict;
	wc_tm_ep_init(e, p, cover_e);
	wc_tmc_init(c, p, cover_c);
#define OUTS()                                      \
	while (wc_tm_ep_pop(e, &o)) {               \
		if (wc_tmc_output(c, &o))           \
			return 1;                   \
		events += 2;                        \
	}
	if (wc_tm_ep_call(e, WC_TM_EV_OPEN_ACTIVE, 0) || wc_tmc_call(c, WC_TM_EV_OPEN_ACTIVE, 0))
		return 1;
	events += 2;
	OUTS();
	uint32_t peer = 5000, iss = e->iss;
	s = mk(WC_TM_SYN | WC_TM_ACK, peer, iss + 1, 0);
	if (wc_tm_ep_input(e, &s) || wc_tmc_input(c, &s))
		return 1;
	events += 2;
	OUTS();
	peer++;
	for (int i = 0; i < 64; i++) {
		s = mk(WC_TM_ACK | WC_TM_PSH, peer, e->snd_nxt, 100);
		peer += 100;
		if (wc_tm_ep_input(e, &s) || wc_tmc_input(c, &s))
			return 1;
		events += 2;
		OUTS();
		if (wc_tm_ep_call(e, WC_TM_EV_RECEIVE, 100) || wc_tmc_call(c, WC_TM_EV_RECEIVE, 100))
			return 1;
		if (wc_tm_ep_call(e, WC_TM_EV_SEND, 100) || wc_tmc_call(c, WC_TM_EV_SEND, 100))
			return 1;
		events += 4;
		OUTS();
		s = mk(WC_TM_ACK, peer, e->snd_nxt, 0);
		if (wc_tm_ep_input(e, &s) || wc_tmc_input(c, &s))
			return 1;
		events += 2;
		OUTS();
	}
	if (wc_tm_ep_call(e, WC_TM_EV_CLOSE, 0) || wc_tmc_call(c, WC_TM_EV_CLOSE, 0))
		return 1;
	events += 2;
	OUTS();
	s = mk(WC_TM_ACK | WC_TM_FIN, peer, e->snd_nxt, 0);
	if (wc_tm_ep_input(e, &s) || wc_tmc_input(c, &s))
		return 1;
	events += 2;
	OUTS();
	if (wc_tm_ep_advance(e, 300000000) || wc_tmc_advance(c, 300000000))
		return 1;
	events += 2;
	OUTS();
	return e->state == WC_TCP_CLOSED ? 0 : 1;
}

int main(int argc, char **argv)
{
	int cover = argc > 1 && strcmp(argv[1], "--cover") == 0;
	static wc_tm e;
	static wc_tmc c;
	double t0 = now_s();
	int conns = 0;
	while (now_s() - t0 < 2.0) {
		for (int i = 0; i < 100; i++, conns++)
			if (one(&e, &c)) {
				fprintf(stderr, "bench_model: scripted connection failed (state %s)\n",
					wc_tcp_state_name(e.state));
				if (c.dead) {
					char buf[256];
					wc_tm_report_format(&c.rep, buf, sizeof buf);
					fprintf(stderr, "bench_model: %s\n", buf);
				}
				return 1;
			}
	}
	double dt = now_s() - t0;
	/* baseline: the bare acceptability test, same number of calls */
	volatile unsigned acc = 0;
	double b0 = now_s();
	for (unsigned long i = 0; i < events; i++)
		acc += (unsigned)wc_tm_seq_acceptable((uint32_t)i * 2654435761u, (uint32_t)i & 1023,
						      (uint32_t)i * 40503u, 65535);
	double bt = now_s() - b0;
	printf("model: %lu events in %.2f s = %.2f M events/s (endpoint + checker, %d connections)\n",
	       events, dt, (double)events / dt / 1e6, conns);
	printf("baseline: bare acceptability test %.2f M calls/s (same count)\n",
	       (double)events / (bt > 0 ? bt : 1e-9) / 1e6);
	(void)acc;
	if (cover) {
		for (unsigned i = 0; i < wc_tm_nrows; i++)
			cover_e[i] += cover_c[i];
		wc_tm_cover_print(stdout, cover_e);
	}
	return 0;
}
