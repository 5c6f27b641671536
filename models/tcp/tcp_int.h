#ifndef WC_TCP_INT_H
#define WC_TCP_INT_H

/* Internal to models/tcp/: the per-event context the classifier and the
 * actions share, and helpers across the model's files. Not installed. */

#include "wirecheck/tcp_model.h"

typedef struct wc_tm_ctx {
	int ev;
	const wc_tm_seg *seg; /* arriving or emitted segment; NULL for calls/timers */
	uint32_t arg;         /* SEND / RECEIVE octets */
	int row;              /* row being fired */
	/* the idealized segment after SEQ_TRIM (RFC 9293 3.10.7.4) */
	uint32_t dseq, dlen;  /* payload start and length inside the window */
	uint8_t fin;          /* FIN still part of it */
	uint8_t cut_right;    /* payload cut at the right window edge */
	uint8_t syn_old;      /* the SYN lies before RCV.NXT (trimmed away) */
	uint8_t skip;         /* WC_TM_ALT_SKIP taken: classify without the SHOULD's condition */
	uint8_t drop_text;    /* WC_TM_ALT_SYNTEXT taken: the SYN,ACK's text and FIN unaccepted */
	uint8_t state_in;     /* the state the segment arrived in */
} wc_tm_ctx;

#define WC_TM_BIT(st) (1u << (st))
#define WC_TM_SYNC_STATES 0x7f8u /* SYN-RECEIVED .. TIME-WAIT */

/* tcp_guards.c: the guard value for c->ev in m's current state. */
int wc_tm_classify(const wc_tm *m, const wc_tm_ctx *c);
/* Idealize the segment (trim to the window) into c. */
void wc_tm_trim(const wc_tm *m, wc_tm_ctx *c);

/* tcp_actions.c: run one action; 0 or 1 when an output check recorded a
 * violation in m->viol. */
int wc_tm_act_run(wc_tm *m, wc_tm_ctx *c, int act);

/* tcp_core.c helpers used by actions */
uint32_t wc_tm_fin_seq(const wc_tm *m);     /* sequence number our FIN takes */
int wc_tm_fin_sent(const wc_tm *m);         /* FIN has been sent (SND.NXT past it) */
uint32_t wc_tm_unsent(const wc_tm *m);      /* queued octets not yet sent */
void wc_tm_clear_conn(wc_tm *m);            /* forget the connection, keep profile/cover/time */
void wc_tm_set_rtx(wc_tm *m);               /* (re)arm the retransmission timer */
/* Mirror: how long after the last send the stack should have retransmitted
 * (profile's rto_max applies: SHOULD level when only this is exceeded), and
 * must have (the backed-off RTO without cap, RFC 6298 2.5 / 5.5; not below
 * rto_max while no data RTT sample exists). must >= cap. */
uint64_t wc_tm_rtx_wait_cap(const wc_tm *m);
uint64_t wc_tm_rtx_wait_must(const wc_tm *m);
uint16_t wc_tm_default_mss(const wc_tm *m); /* MUST-15: 536 (IPv4) / 1220 (IPv6) */
void wc_tm_need_ack(wc_tm *m, int imm, int cls, int ratelimitable);
void wc_tm_need_rst(wc_tm *m, uint16_t flags, uint32_t seq, uint32_t ack);
/* Record a violation: allowed = allowed_fmt rendered with (lo, hi) as
 * unsigned long long; kind/bound say what lo and hi are, akind what actual
 * is (enum wc_tm_vkind / wc_tm_vbound); the numbers are kept in m->viol.num. */
void wc_tm_violate(wc_tm *m, const char *field, int kind, int bound, const char *allowed_fmt,
		   unsigned long long lo, unsigned long long hi, int akind,
		   unsigned long long actual, int cls);
uint64_t wc_tm_time_add(uint64_t t, uint64_t d); /* saturating */
void wc_tm_update_persist(wc_tm *m);         /* arm/disarm the zero-window timer */
void wc_tm_touch_keepalive(wc_tm *m);

#endif
