/*
 * Profiles: the one place where legitimate variation between stacks is
 * named. "strict" is RFC 9293 + RFC 5961 read literally with the RFC's own
 * recommended values; the others record choices real stacks make that the
 * RFCs allow (each field says which sentence allows it, in tcp_model.h).
 */
#include <string.h>

#include "wirecheck/tcp_model.h"

#define MS 1000ull
#define S_ 1000000ull

const wc_tm_profile wc_tm_profile_strict = {
	.name = "strict",
	.about = "RFC 9293 + RFC 5961 literal: 1 s initial/min RTO (RFC 6298), 2*MSL = 240 s, "
		 "no challenge-ACK limit, 500 ms ACK delay bound, SHOULD divergences reported",
	.rfc5961 = 1, .rfc5961_ack = 1, .rfc1337 = 0, .ooo_queue = 1, .keepalive = 0,
	.report_should = 1,
	.challenge_ack_per_s = 0, .ack_ratelimit_us = 0,
	.delack_max_us = 500 * MS,
	.rto_init_us = 1 * S_, .rto_min_us = 1 * S_, .rto_max_us = 60 * S_,
	.rto_slack_us = 200 * MS,
	.time_wait_us = 240 * S_,
	.keepalive_idle_us = 7200 * S_,
	.user_timeout_us = 0,
	.r2_retries = 15, .r2_syn_retries = 6,
	.iss = 1000, .mss = 1460, .wscale = 0xff, .sack = 0, .ts = 0,
	.rcv_buf = 65535, .delack_us = 0, .ts_clock_hz = 1000,
};

const wc_tm_profile wc_tm_profile_linux = {
	.name = "linux",
	.about = "Linux choices: RTO min 200 ms, TIME-WAIT 60 s, challenge ACKs limited "
		 "(net.ipv4.tcp_challenge_ack_limit) and out-of-window ACKs rate limited "
		 "(tcp_invalid_ratelimit 500 ms), delayed ACK up to 200 ms, RFC 1337 off, "
		 "segments without TSopt after TS negotiation processed (RFC 7323 3.2 SHOULD not taken)",
	.rfc5961 = 1, .rfc5961_ack = 1, .rfc1337 = 0, .ooo_queue = 1, .keepalive = 0,
	.report_should = 0,
	.challenge_ack_per_s = 500, .ack_ratelimit_us = 500 * MS,
	.delack_max_us = 200 * MS,
	.rto_init_us = 1 * S_, .rto_min_us = 200 * MS, .rto_max_us = 120 * S_,
	.rto_slack_us = 300 * MS,
	.time_wait_us = 60 * S_,
	.keepalive_idle_us = 7200 * S_,
	.user_timeout_us = 0,
	.r2_retries = 15, .r2_syn_retries = 6, .early_rtx = 1,
	.ts_missing_accept = 1,
	.iss = 1000, .mss = 1460, .wscale = 7, .sack = 1, .ts = 1,
	.rcv_buf = 65535, .delack_us = 40 * MS, .ts_clock_hz = 1000,
};

const wc_tm_profile wc_tm_profile_lwip = {
	.name = "lwip",
	.about = "lwIP 2.1 choices: no RFC 5961 ACK check, RST/SYN challenge ACKs, RFC 1337 (every RST ignored in TIME-WAIT), TIME-WAIT "
		 "2*TCP_MSL (120 s), coarse 500 ms timers, initial RTO 3 s, RTO capped only by its "
		 "16-bit tick field (16383.5 s), delayed ACK on the "
		 "fast timer",
	/* rfc1337: tcp_timewait_input returns on every RST ("An incoming RST
	 * should be ignored"), RFC 1337 fix F1 */
	.rfc5961 = 1, .rfc5961_ack = 0, .rfc1337 = 1, .ooo_queue = 1, .keepalive = 0,
	.report_should = 0,
	.challenge_ack_per_s = 0, .ack_ratelimit_us = 0,
	.delack_max_us = 500 * MS,
	/* rto_max: RFC 6298 2.5 makes a maximum a MAY. lwIP 2.1 backs off by
	 * shifting its RTO base (in 500 ms slow-timer ticks) by tcp_backoff[]
	 * (at most 7, i.e. x128) and clamps the result only to its s16 field,
	 * 0x7FFF ticks = 16383.5 s: that is its cap, not 120 s. */
	.rto_init_us = 3 * S_, .rto_min_us = 500 * MS, .rto_max_us = 0x7FFFull * 500 * MS,
	.rto_slack_us = 1 * S_,
	.time_wait_us = 120 * S_,
	.keepalive_idle_us = 7200 * S_,
	.user_timeout_us = 0,
	.r2_retries = 12, .r2_syn_retries = 6,
	/* tcp_slowtmr: a LAST_ACK pcb is removed 2*TCP_MSL (120 s) after the
	 * last segment received (pcb->tmr), a FIN_WAIT_2 pcb whose application
	 * closed it (TF_RXCLOSED) after TCP_FIN_WAIT_TIMEOUT (20 s) */
	.lastack_timeout_us = 120 * S_, .fw2_timeout_us = 20 * S_,
	.iss = 6510, .mss = 536, .wscale = 0xff, .sack = 0, .ts = 0,
	.rcv_buf = 5840, .delack_us = 250 * MS, .ts_clock_hz = 1000,
};

const wc_tm_profile *const wc_tm_profiles[] = {
	&wc_tm_profile_strict, &wc_tm_profile_linux, &wc_tm_profile_lwip, NULL,
};

const wc_tm_profile *wc_tm_profile_find(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; wc_tm_profiles[i]; i++)
		if (strcmp(wc_tm_profiles[i]->name, name) == 0)
			return wc_tm_profiles[i];
	return NULL;
}

int wc_tm_profile_if(const wc_tm_profile *p, int cond)
{
	switch (cond) {
	case WC_TM_IF_ANY: return 1;
	case WC_TM_IF_5961: return p->rfc5961 != 0;
	case WC_TM_IF_NO5961: return p->rfc5961 == 0;
	case WC_TM_IF_5961ACK: return p->rfc5961_ack != 0;
	case WC_TM_IF_NO5961ACK: return p->rfc5961_ack == 0;
	case WC_TM_IF_1337: return p->rfc1337 != 0;
	case WC_TM_IF_NO1337: return p->rfc1337 == 0;
	case WC_TM_IF_KA: return p->keepalive != 0;
	case WC_TM_IF_NOKA: return p->keepalive == 0;
	case WC_TM_IF_TSDROP: return p->ts_missing_accept == 0;
	case WC_TM_IF_TSACCEPT: return p->ts_missing_accept != 0;
	default: return 0;
	}
}

const char *wc_tm_if_name(int c)
{
	static const char *const n[WC_TM_NIFS] = {
		"", "rfc5961", "!rfc5961", "rfc5961_ack", "!rfc5961_ack",
		"rfc1337", "!rfc1337", "keepalive", "!keepalive", "!ts_missing_accept", "ts_missing_accept",
	};
	return (c >= 0 && c < WC_TM_NIFS) ? n[c] : "?";
}
