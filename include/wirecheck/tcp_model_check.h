#ifndef WC_TCP_MODEL_CHECK_H
#define WC_TCP_MODEL_CHECK_H

/*
 * The two uses of the TCP transition table (tcp_model.h).
 *
 * Reference endpoint (tcp_endpoint.c): wc_tm_ep_* run a wc_tm in
 * WC_TM_ENDPOINT mode and, after every step, transmit what the model owes and
 * may send (RSTs, SYN/SYN-ACK, retransmissions, new data, FIN, probes, ACKs)
 * into m->out; every emitted segment went through wc_tm_emit(), i.e. the
 * EV_OUT rows, so the endpoint cannot emit what the checker would refuse
 * (the model_tcp fuzz target checks exactly that).
 *
 * Checker (tcp_check.c): wc_tmc_* replay a trace of one connection — segments
 * into the stack, user calls, time, and the stack's output segments — and
 * decide step by step whether each output, and each absence of output, is
 * allowed. The first disallowed step is reported with the rule ID, the field,
 * the allowed set and the actual value; the checker then stops (WC_ETM_DEAD).
 * Nondeterminism the stack is entitled to is bound from its outputs: its ISN,
 * windows, SYN options, ACK delay (within the profile's bound), coalescing,
 * segmentation, retransmission timing within RFC 6298 ranges.
 *
 * Nothing here allocates; all structs are caller-owned.
 */

#include "wirecheck/tcp_model.h"

/* ---- endpoint ------------------------------------------------------------ */

void wc_tm_ep_init(wc_tm *m, const wc_tm_profile *p, uint32_t *cover);
/* Each: the core step, then transmission. WC_OK or a WC_ETM_* code. When
 * m->out is full the endpoint stops transmitting (it may: sending is never
 * forced) and continues after the caller pops. */
int wc_tm_ep_input(wc_tm *m, const wc_tm_seg *seg);
int wc_tm_ep_call(wc_tm *m, int ev, uint32_t arg);
int wc_tm_ep_advance(wc_tm *m, uint64_t usec);
int wc_tm_ep_timeout(wc_tm *m, int ev);
/* Fire the earliest timer due by the absolute time target, then transmit:
 * 1 if a timer fired, 0 if none was due (the clock is at target), or a
 * negative code. Lets a driver hand outputs over at their exact time. */
int wc_tm_ep_advance_step(wc_tm *m, uint64_t target);
/* Pop the oldest emitted segment: 1 and *out written, or 0 when empty. */
int wc_tm_ep_pop(wc_tm *m, wc_tm_seg *out);

/* ---- checker ------------------------------------------------------------- */

typedef struct wc_tm_report {
	unsigned step;        /* 0-based index of the disallowed trace step */
	int rule;             /* row index */
	const char *rule_id;  /* "R_EST_RST_INWIN" */
	const char *field;    /* "ack", "seq", "segment", ... */
	char allowed[64];     /* "[1001]", "[1000,1460]", "no segment" */
	char actual[48];      /* "1002", "no segment" */
	uint8_t cls;          /* enum wc_tm_class */
	int8_t state;         /* mirror state at the step */
	wc_tm_vnum num;       /* allowed/actual as numbers (tcp_model.h); num.fmt NULL: text only */
} wc_tm_report;

/* Branches the checker follows besides m: where a row allows another
 * outcome (wc_tm_row.alt), or where the retransmission count has reached R2
 * and the stack may already have closed (WC_TM_ALT_GIVEUP), the trace so far
 * fits either until the stack's outputs (or their absence, or a call's
 * result) tell them apart. A branch that fits when m does
 * not replaces m; a choice of SHOULD level is then reported if the profile
 * reports SHOULD divergences. Beyond WC_TMC_MAX_ALT open branches new
 * alternatives are not followed (a documented limit). */
#define WC_TMC_MAX_ALT 3
#define WC_TMC_NOCLS 0xff /* alt_cls: the alternative is as allowed as the row */

typedef struct wc_tmc {
	wc_tm m;              /* the mirror (WC_TM_MIRROR): the RFC's own choices */
	unsigned step;
	int dead;
	wc_tm_report rep;
	uint8_t nalt;         /* open branches in alt[] */
	uint8_t alt_cls[WC_TMC_MAX_ALT];   /* enum wc_tm_class of the choice, or WC_TMC_NOCLS */
	uint16_t alt_rule[WC_TMC_MAX_ALT]; /* the row whose alternative the branch took */
	uint8_t alt_kind[WC_TMC_MAX_ALT];  /* enum wc_tm_alt */
	uint8_t alt_skipped[WC_TMC_MAX_ALT]; /* m went without the reset this branch avoids */
	wc_tm alt[WC_TMC_MAX_ALT];
	uint8_t lost_set;     /* lost: the miss of such a branch, dropped (tcp_check.c) */
	wc_tm_report lost;
} wc_tmc;

void wc_tmc_init(wc_tmc *c, const wc_tm_profile *p, uint32_t *cover);
/* One trace step each. WC_OK; WC_ETM_VIOLATION with c->rep filled (the
 * checker stops); WC_ETM_DEAD after a violation; WC_ETM_NOROW on a table bug. */
int wc_tmc_input(wc_tmc *c, const wc_tm_seg *seg);   /* peer -> stack */
int wc_tmc_call(wc_tmc *c, int ev, uint32_t arg);    /* user call (its result not known) */
/* User call with the stack's result: err is 0 when the call succeeded, else
 * the errno it failed with (any positive value). A refusal where the row also
 * refuses (m.user not OK) is stepped as usual; where the row accepts, a
 * branch whose row refuses it replaces m and the call is stepped there;
 * failing that, the call is not applied if the row allows a refusal or leaves
 * it outside the model (wc_tm_row.refuse), and is otherwise a divergence,
 * field "ret", at the row's class. Success is stepped as wc_tmc_call. */
int wc_tmc_call_ret(wc_tmc *c, int ev, uint32_t arg, int err);
int wc_tmc_advance(wc_tmc *c, uint64_t usec);        /* time passes */
int wc_tmc_output(wc_tmc *c, const wc_tm_seg *seg);  /* stack -> peer */
/* End of trace: what was owed by now must have been sent. */
int wc_tmc_finish(wc_tmc *c);

/* "MUST", "SHOULD/MAY", "OUTSIDE". */
const char *wc_tm_class_name(int cls);
/* One line: "step 7 rule=R_SYNRCVD_ACK_OK field=ack: allowed [1001] actual 1002 (MUST)". */
int wc_tm_report_format(const wc_tm_report *r, char *buf, size_t cap);

#endif
