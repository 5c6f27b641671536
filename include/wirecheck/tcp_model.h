#ifndef WC_TCP_MODEL_H
#define WC_TCP_MODEL_H

/*
 * The TCP reference model: one connection (optionally born from a listener),
 * driven through a transition table whose every row cites the RFC sentence it
 * implements (RFC 9293, with RFC 5961, 7323, 6298, 1337 and 1122 where they
 * govern).
 *
 * Shape:
 *   event (segment arrival, user call, timeout, or the endpoint's own output)
 *   -> guard classifier (tcp_guards.c) -> table lookup (tcp_table.c; exactly
 *   one row matches every (state, event, guard, profile)) -> actions
 *   (tcp_actions.c, each quoting its sentence) -> to-state.
 * A segment arriving in a synchronized state is processed in the RFC's own
 * order as successive phase events (SEQ, RST, SYN, ACK, URG, TEXT, FIN), one
 * row per phase, so a segment's trace is the list of rows it fired.
 *
 * Two modes share the table:
 *   WC_TM_ENDPOINT  the model chooses (ISN, window, options, when to send) and
 *                   produces segments (tcp_endpoint.c, wc_tm_ep_*);
 *   WC_TM_MIRROR    the model shadows a production stack: the stack's output
 *                   segments are fed to wc_tm_emit(), which validates them
 *                   against the EV_OUT rows and binds the free choices
 *                   (tcp_check.c builds the trace checker on this).
 *
 * The model never trusts a segment: every field value, event order and time
 * jump is a legal input with a rule-backed outcome. It never allocates.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wirecheck/tcp_model_seq.h"
#include "wirecheck/tcp_state.h"

/* TCP model error codes: -100 .. -119 (block reserved in err.h). */
#define WC_ETM_NOROW     (-100) /* no table row (or two) for (state, event, guard) */
#define WC_ETM_ARG       (-101) /* invalid event, call or argument */
#define WC_ETM_OUTQ      (-102) /* endpoint output queue full */
#define WC_ETM_VIOLATION (-103) /* checker: the trace has a disallowed step */
#define WC_ETM_TRACE     (-104) /* malformed trace record */
#define WC_ETM_DEAD      (-105) /* checker already stopped at a violation */

/* Message for a model code, else wc_strerror(err); never NULL. */
const char *wc_tm_strerror(int err);

struct wc_tm_profile;

/* ---- the decoded segment the model works on ------------------------------ */

#define WC_TM_FIN 0x001
#define WC_TM_SYN 0x002
#define WC_TM_RST 0x004
#define WC_TM_PSH 0x008
#define WC_TM_ACK 0x010
#define WC_TM_URG 0x020
#define WC_TM_ECE 0x040
#define WC_TM_CWR 0x080
#define WC_TM_AE  0x100 /* formerly NS; reserved bit, ignored on input */

/* Options present (wc_tm_seg.opts). */
#define WC_TM_O_MSS    0x01
#define WC_TM_O_WS     0x02
#define WC_TM_O_SACKOK 0x04
#define WC_TM_O_SACK   0x08
#define WC_TM_O_TS     0x10
#define WC_TM_O_BADLEN 0x20 /* an option with an illegal length (0, 1, or past the
			     * header end, or wrong for its kind); it and the
			     * options after it are not decoded */

#define WC_TM_MAX_SACK 4

typedef struct wc_tm_seg {
	uint32_t seq, ack;
	uint16_t flags;  /* WC_TM_FIN .. WC_TM_AE */
	uint16_t wnd;    /* raw 16-bit window field (unscaled) */
	uint16_t up;     /* urgent pointer field */
	uint32_t len;    /* payload octets (SYN and FIN not counted) */
	const uint8_t *data; /* optional payload (borrowed; the model never keeps it) */
	uint8_t opts;    /* WC_TM_O_* present */
	uint8_t wscale;  /* shift count as sent (may exceed 14) */
	uint16_t mss;
	uint8_t nsack;   /* blocks used in sack[] (<= WC_TM_MAX_SACK) */
	uint32_t sack[WC_TM_MAX_SACK][2];
	uint32_t tsval, tsecr;
} wc_tm_seg;

/* SEG.LEN of RFC 9293: payload plus one for SYN and one for FIN. */
static inline uint32_t wc_tm_seg_len(const wc_tm_seg *s)
{
	return s->len + !!(s->flags & WC_TM_SYN) + !!(s->flags & WC_TM_FIN);
}

/*
 * Decode n bytes of a TCP option area (the bytes after the 20-byte header)
 * into seg's option fields as a receiver walks them: EOL ends the list, NOP
 * is skipped, the first MSS / WS / TS / SACK of each kind and SACK-permitted
 * are decoded, other kinds are skipped by their length (MUST-6). A length
 * below 2 or running past the area sets WC_TM_O_BADLEN and ends the walk; a
 * length wrong for a known kind sets it and skips that option. Fields of
 * options not present are left as they were. Never fails, never reads past
 * p + n (tcp_segopt.c).
 */
void wc_tm_seg_opts(const uint8_t *p, size_t n, wc_tm_seg *seg);

/* ---- events, guards, rows ------------------------------------------------ */

enum wc_tm_event {
	WC_TM_EV_SEG = 0,   /* arrival in CLOSED, LISTEN, SYN-SENT (3.10.7.1-3) */
	WC_TM_EV_SEG_SEQ,   /* synchronized states, step 1: sequence number */
	WC_TM_EV_SEG_RST,   /* step 2: RST bit */
	WC_TM_EV_SEG_SYN,   /* step 4: SYN bit (step 3, security, out of scope) */
	WC_TM_EV_SEG_ACK,   /* step 5: ACK field */
	WC_TM_EV_SEG_URG,   /* step 6: URG bit */
	WC_TM_EV_SEG_TEXT,  /* step 7: segment text */
	WC_TM_EV_SEG_FIN,   /* step 8: FIN bit */
	WC_TM_EV_OPEN_ACTIVE,
	WC_TM_EV_OPEN_PASSIVE,
	WC_TM_EV_SEND,
	WC_TM_EV_RECEIVE,
	WC_TM_EV_CLOSE,     /* close(): RFC CLOSE, plus RST when data is unread */
	WC_TM_EV_SHUTDOWN,  /* shutdown(SHUT_WR): the RFC's half-close CLOSE */
	WC_TM_EV_ABORT,
	WC_TM_EV_TO_RTX,
	WC_TM_EV_TO_TIMEWAIT,
	WC_TM_EV_TO_USER,
	WC_TM_EV_TO_DELACK,
	WC_TM_EV_TO_PERSIST,
	WC_TM_EV_TO_KEEPALIVE,
	WC_TM_EV_OUT,       /* the endpoint transmits a segment */
	WC_TM_EV_SEG_OPT,   /* arrival, any state, before the rest: an option with an
			     * illegal length (fired only for WC_TM_O_BADLEN) */
	WC_TM_EV_TO_IDLE,   /* the profile's time limit after the last segment received:
			     * LAST-ACK (lastack_timeout_us), FIN-WAIT-2 after close()
			     * (fw2_timeout_us) */
	WC_TM_NEVENTS
};

/* Guard values: what the classifier found. Each event has a fixed domain
 * (wc_tm_event_guards()); the table has exactly one row for each
 * (state, event, guard in domain, profile). */
enum wc_tm_guard {
	WC_TM_G_ANY = 0,
	/* CLOSED / LISTEN arrival */
	WC_TM_G_SEG_RST, WC_TM_G_SEG_ACK, WC_TM_G_SEG_SYN, WC_TM_G_SEG_OTHER,
	/* CLOSED, the connection born from a listener gone, the listener open
	 * (wc_tm.listen_open): SYN / neither RST, ACK nor SYN */
	WC_TM_G_SEG_LSN_SYN, WC_TM_G_SEG_LSN_OTHER,
	/* SYN-SENT arrival */
	WC_TM_G_SS_ACKBAD_RST, WC_TM_G_SS_ACKBAD, WC_TM_G_SS_RST_ACKOK,
	WC_TM_G_SS_RST_NOACK, WC_TM_G_SS_SYNACK, WC_TM_G_SS_SYN,
	WC_TM_G_SS_ACKOK_NOCTL, WC_TM_G_SS_NOCTL,
	/* SEQ */
	WC_TM_G_SEQ_OK, WC_TM_G_SEQ_BAD, WC_TM_G_SEQ_BAD_RST, WC_TM_G_SEQ_PAWS,
	WC_TM_G_SEQ_NOTS, WC_TM_G_SEQ_NOTS_BAD, WC_TM_G_SEQ_TW_OLDFIN, WC_TM_G_SEQ_SIMOPEN,
	/* RST (EXACT_LISTEN: SYN-RECEIVED reached from LISTEN, MUST-11) */
	WC_TM_G_RST_NONE, WC_TM_G_RST_EXACT, WC_TM_G_RST_EXACT_LISTEN,
	WC_TM_G_RST_INWIN,
	/* SYN */
	WC_TM_G_SYN_NONE, WC_TM_G_SYN_SET, WC_TM_G_SYN_LISTEN,
	/* ACK */
	WC_TM_G_ACK_OFF, WC_TM_G_ACK_UNSENT, WC_TM_G_ACK_TOOOLD, WC_TM_G_ACK_OLD,
	WC_TM_G_ACK_DUP, WC_TM_G_ACK_NEW, WC_TM_G_ACK_FIN,
	/* URG */
	WC_TM_G_URG_NONE, WC_TM_G_URG_SET,
	/* TEXT */
	WC_TM_G_TEXT_NONE, WC_TM_G_TEXT_INORDER, WC_TM_G_TEXT_OOO,
	WC_TM_G_TEXT_OUTWIN, WC_TM_G_TEXT_LOST,
	/* FIN */
	WC_TM_G_FIN_NONE, WC_TM_G_FIN_INORDER, WC_TM_G_FIN_OOO, WC_TM_G_FIN_AGAIN,
	/* user calls */
	WC_TM_G_CALL_UNREAD,
	/* timers */
	WC_TM_G_TMR_DUE, WC_TM_G_TMR_IDLE, WC_TM_G_TMR_LIMIT,
	/* endpoint output */
	WC_TM_G_OUT_RST, WC_TM_G_OUT_SYN, WC_TM_G_OUT_SYNACK, WC_TM_G_OUT_ACK,
	WC_TM_G_OUT_NOACK,
	/* option list */
	WC_TM_G_OPT_BADLEN,
	WC_TM_NGUARDS
};

#define WC_TM_GB(g) (UINT64_C(1) << (g))
_Static_assert(WC_TM_NGUARDS <= 64, "guard sets are 64-bit masks");

/* Profile condition on a row. */
enum wc_tm_if {
	WC_TM_IF_ANY = 0,
	WC_TM_IF_5961, WC_TM_IF_NO5961,       /* RFC 5961 RST/SYN challenge ACKs */
	WC_TM_IF_5961ACK, WC_TM_IF_NO5961ACK, /* RFC 5961 section 5 ACK check (MAY-12) */
	WC_TM_IF_1337, WC_TM_IF_NO1337,       /* RFC 1337: ignore RST in TIME-WAIT */
	WC_TM_IF_KA, WC_TM_IF_NOKA,           /* keep-alives enabled */
	WC_TM_IF_TSDROP, WC_TM_IF_TSACCEPT,   /* RFC 7323 3.2: drop / accept a segment without TSopt */
	WC_TM_NIFS
};

/* Requirement level of a row (and of a divergence it reports). */
enum wc_tm_class { WC_TM_MUST = 0, WC_TM_SHOULD = 1, WC_TM_OUTSIDE = 2 };

/* An outcome a row allows besides its own (wc_tm_row.alt). The checker
 * follows both until the stack's outputs tell them apart (tcp_check.c); the
 * endpoint always takes the row's own. */
enum wc_tm_alt {
	WC_TM_ALT_NONE = 0,
	WC_TM_ALT_SKIP,     /* a SHOULD the stack may not take: the event is classified
			     * as if the row's condition did not hold (SHOULD level) */
	WC_TM_ALT_ACKFIRST, /* SYN-RECEIVED, ACK bit on, no RST, SEG.ACK not acceptable:
			     * the segment may be answered by the fifth step's reset
			     * <SEQ=SEG.ACK><CTL=RST> instead (RFC 9293 3.5.2 group 2);
			     * no divergence either way */
	WC_TM_ALT_SYNTEXT,  /* text and FIN on a SYN,ACK may be left unaccepted (only
			     * SEG.SEQ+1 acknowledged; SHOULD/MAY level) */
	WC_TM_ALT_NOLISTEN, /* a segment for the 4-tuple of a connection that was born
			     * from a listener and is gone: the listener may have been
			     * closed meanwhile without the model being told (a close of
			     * the listener after accept() is no model event), so the
			     * CLOSED rows apply instead of the LISTEN ones; no
			     * divergence either way */
	WC_TM_ALT_GIVEUP    /* no row's: the retransmission count has reached R2, so
			     * the stack may close the connection now (R_RTX_LIMIT)
			     * rather than at the next retransmission timeout; the
			     * checker follows that branch itself (tcp_check.c); no
			     * divergence either way */
};

/* Whether a stack may refuse a user call the row accepts (wc_tm_row.refuse;
 * the checker learns the stack's result from wc_tmc_call_ret). */
enum wc_tm_refuse {
	WC_TM_REFUSE_DIVERGE = 0, /* a refusal is a divergence of the call's result, at the row's class */
	WC_TM_REFUSE_ALLOWED,     /* the row's text allows an error response */
	WC_TM_REFUSE_OUTSIDE      /* the call's result is outside the model (sockets API) */
};

#define WC_TM_SAME  (-1) /* row keeps the state */
#define WC_TM_NEXT  1    /* phase rows: continue with the next phase */
#define WC_TM_STOP  0

#define WC_TM_MAX_ACTS 5

typedef struct wc_tm_row {
	const char *id;        /* stable: R_<STATE>_<EVENT>[_<GUARD>] */
	uint16_t states;       /* bit (1 << wc_tcp_state) per from-state */
	uint8_t event;         /* enum wc_tm_event */
	uint8_t prof;          /* enum wc_tm_if */
	uint64_t guards;       /* WC_TM_GB(guard) set */
	uint8_t act[WC_TM_MAX_ACTS]; /* enum wc_tm_act, in order, 0 ends */
	int8_t to;             /* wc_tcp_state or WC_TM_SAME */
	uint8_t next;          /* WC_TM_NEXT or WC_TM_STOP (phase rows) */
	uint8_t cls;           /* enum wc_tm_class */
	uint8_t alt;           /* enum wc_tm_alt: another allowed outcome */
	uint8_t refuse;        /* enum wc_tm_refuse (user-call rows) */
	const char *src;       /* "RFC 9293 3.10.7.4; MUST-10" */
	const char *quote;     /* the sentence the row implements */
	const char *meaning;   /* one line for the rule index */
} wc_tm_row;

/* The table (tcp_table.c): wc_tm_nrows rows, index = rule number. */
extern const wc_tm_row wc_tm_rows[];
extern const unsigned wc_tm_nrows;

/* Row index for an ID, or -1. */
int wc_tm_rule_find(const char *id);

/* Names for documentation and reports; never NULL. */
const char *wc_tm_event_name(int ev);
const char *wc_tm_guard_name(int g);
const char *wc_tm_guard_quote(int g);  /* the condition as the RFC words it */
const char *wc_tm_if_name(int c);

/* The guard domain of (state, event): the guards its classifier can return
 * there; 0 when the event is not processed in that state (a segment arriving
 * in CLOSED, LISTEN or SYN-SENT is EV_SEG, in the other states it is the
 * phase events; URG/TEXT/FIN phases never see SYN-RECEIVED, which the ACK
 * step has left). */
uint64_t wc_tm_domain(int state, int ev);

/* Unique row for (state, event, guard, profile condition values) or -1. */
int wc_tm_lookup(int state, int ev, int guard, const struct wc_tm_profile *p);

/* ---- actions (tcp_actions.c) --------------------------------------------- */

enum wc_tm_act {
	WC_TM_A_NONE = 0,
#define WC_TM_ACT(name, quote) WC_TM_A_##name,
#include "wirecheck/tcp_model_acts.h"
#undef WC_TM_ACT
	WC_TM_NACTS
};
const char *wc_tm_act_name(int a);
const char *wc_tm_act_quote(int a);

/* ---- profiles (tcp_profile.c) -------------------------------------------- */

typedef struct wc_tm_profile {
	const char *name;
	const char *about;
	/* legitimate variations among real stacks */
	uint8_t rfc5961;            /* RST/SYN challenge ACKs (RFC 5961 sections 3, 4) */
	uint8_t rfc5961_ack;        /* ACK acceptability check (RFC 5961 section 5) */
	uint8_t rfc1337;            /* TIME-WAIT ignores RST (RFC 1337 section 3, fix F1) */
	uint8_t ooo_queue;          /* keep out-of-order data (RFC 9293 SHLD-31) */
	uint8_t keepalive;          /* keep-alives on (MUST-25: default off) */
	uint8_t report_should;      /* checker reports SHOULD/MAY divergences */
	uint32_t challenge_ack_per_s; /* guaranteed challenge ACKs per second; 0 = no limit */
	uint64_t ack_ratelimit_us;  /* out-of-window/challenge ACKs may be skipped within this interval of the last one; 0 = never */
	uint64_t delack_max_us;     /* ACK delay bound (MUST-40: < 500 ms) */
	uint64_t rto_init_us;       /* initial RTO (RFC 6298 2.1: 1 s) */
	uint64_t rto_min_us;        /* lower bound (RFC 6298 2.4: 1 s) */
	uint64_t rto_max_us;        /* upper bound (RFC 6298 2.5: >= 60 s) */
	uint64_t rto_slack_us;      /* checker: extra time a late retransmission is allowed */
	uint64_t time_wait_us;      /* TIME-WAIT duration (2*MSL, MUST-13) */
	uint64_t keepalive_idle_us; /* MUST-28: >= 2 h */
	uint64_t user_timeout_us;   /* 0 = off */
	uint32_t r2_retries;        /* give up after this many retransmissions (MUST-20) */
	uint32_t r2_syn_retries;
	/* R2 measured in time (RFC 9293 3.8.3 (a): "R1 and R2 might be measured
	 * in time units or as a count of retransmissions"; SHLD-11: at least
	 * 100 s): give up in LAST-ACK this long after the last segment
	 * received; 0 = only the count r2_retries */
	uint64_t lastack_timeout_us;
	/* FIN-WAIT-2 after close() (the application can no longer receive):
	 * drop the connection this long after the last segment received; RFC
	 * 9293 has no FIN-WAIT-2 timer, a choice outside its state machine
	 * (lwIP TCP_FIN_WAIT_TIMEOUT, Linux tcp_fin_timeout); 0 = never */
	uint64_t fw2_timeout_us;
	uint8_t early_rtx;          /* retransmission before the RTO allowed (RFC 8985 RACK-TLP) */
	uint8_t ts_missing_accept;  /* RFC 7323 3.2: a non-RST segment without TSopt after TS was
				     * negotiated "SHOULD" be dropped; 1: the stack processes it */
	/* the endpoint's own choices (ignored by the checker, which binds the stack's) */
	uint32_t iss;
	uint16_t mss;               /* MSS option we send (MUST-14) */
	uint8_t wscale;             /* shift we offer; 0xff = no WS option */
	uint8_t sack, ts;           /* offer SACK-permitted / timestamps */
	uint32_t rcv_buf;           /* receive buffer, octets */
	uint64_t delack_us;         /* endpoint's ACK delay; 0 = immediate */
	uint32_t ts_clock_hz;       /* endpoint TSval clock */
} wc_tm_profile;

extern const wc_tm_profile wc_tm_profile_strict; /* RFC 9293 + 5961, literal */
extern const wc_tm_profile wc_tm_profile_linux;  /* choices Linux makes legitimately */
extern const wc_tm_profile wc_tm_profile_lwip;   /* choices lwIP 2.1 makes legitimately */
extern const wc_tm_profile *const wc_tm_profiles[]; /* NULL-terminated */
/* By name, or NULL. */
const wc_tm_profile *wc_tm_profile_find(const char *name);
/* Value of a row's profile condition under p (1 holds, 0 not). */
int wc_tm_profile_if(const wc_tm_profile *p, int cond);

/* ---- the connection ------------------------------------------------------ */

enum wc_tm_mode { WC_TM_ENDPOINT = 0, WC_TM_MIRROR = 1 };

/* What the user last heard from a call or asynchronously (RFC 9293 3.10). */
enum wc_tm_user {
	WC_TM_U_OK = 0,
	WC_TM_U_NOCONN,     /* "error: connection does not exist" */
	WC_TM_U_EXISTS,     /* "error: connection already exists" */
	WC_TM_U_CLOSING,    /* "error: connection closing" */
	WC_TM_U_RESET,      /* "connection reset" */
	WC_TM_U_REFUSED,    /* "connection refused" */
	WC_TM_U_TIMEOUT,    /* "connection aborted due to user timeout" */
	WC_TM_U_URGENT,     /* urgent data signalled */
	WC_TM_U_EOF         /* end of data (FIN received, all read) */
};

#define WC_TM_MAX_RST   4
#define WC_TM_MAX_OOO   4
#define WC_TM_MAX_FIRED 32
#define WC_TM_OUTQ      16
#define WC_TM_MAX_ROWS  256

/* What a number in a violation is, so a reader can re-base or re-word it
 * without parsing text. */
enum wc_tm_vkind {
	WC_TM_VK_NONE = 0, /* no number here */
	WC_TM_VK_SEQ,      /* the endpoint's own sequence space (its SEG.SEQ, SND.*; ISS-based) */
	WC_TM_VK_ACK,      /* the peer's sequence space (the endpoint's SEG.ACK, RCV.*; IRS-based) */
	WC_TM_VK_PLAIN,    /* an octet count, window, shift count or microseconds */
	WC_TM_VK_FLAGS,    /* WC_TM_FIN .. WC_TM_AE bits */
	WC_TM_VK_OPTS      /* WC_TM_O_* bits */
};

/* How lo/hi bound the actual value. */
enum wc_tm_vbound {
	WC_TM_VB_NONE = 0, /* allowed is a description; lo/hi (if their kinds are not NONE) are values it names */
	WC_TM_VB_EQ,       /* allowed: actual == lo */
	WC_TM_VB_RANGE,    /* allowed: lo <= actual <= hi (sequence-space order for SEQ/ACK) */
	WC_TM_VB_MIN       /* allowed: actual >= lo */
};

/* The numbers behind a violation's strings: allowed == fmt rendered with
 * (lo, hi) as unsigned long long; actual == "%llu" of actual when akind is
 * not NONE. fmt is a static string (or NULL when there are no numbers). */
typedef struct wc_tm_vnum {
	const char *fmt;
	uint8_t kind, hkind;  /* enum wc_tm_vkind of lo and of hi */
	uint8_t akind;        /* enum wc_tm_vkind of actual; NONE: actual is text ("no segment") */
	uint8_t bound;        /* enum wc_tm_vbound */
	uint64_t lo, hi, actual;
} wc_tm_vnum;

typedef struct wc_tm_violation {
	int rule;           /* row index */
	const char *field;  /* "ack", "seq", "flags", "segment", ... */
	char allowed[64];   /* "[1001]", "[1000,1460]", "no segment" (absolute numbers) */
	char actual[48];
	uint8_t cls;        /* enum wc_tm_class */
	wc_tm_vnum num;     /* the same as numbers */
} wc_tm_violation;

typedef struct wc_tm_owe_rst {
	uint16_t rule;
	uint16_t flags;     /* RST or RST|ACK */
	uint32_t seq, ack;
} wc_tm_owe_rst;

typedef struct wc_tm {
	const wc_tm_profile *prof;
	uint8_t mode;            /* enum wc_tm_mode */
	uint8_t ipv6;            /* address family: 0 IPv4, 1 IPv6 (MUST-15 default send
				  * MSS 536 / 1220). Set by the caller right after
				  * wc_tm_init(); kept across connection resets. */
	int8_t state;            /* wc_tcp_state */
	uint8_t passive;         /* MUST-11: SYN-RECEIVED reached from LISTEN */
	uint8_t iss_bound;       /* mirror: ISS known (SYN seen) */
	uint8_t closed_by_user;  /* close() called: no more RECEIVE */
	uint8_t user;            /* enum wc_tm_user: last notification */
	/* send sequence space (RFC 9293 3.3.1) */
	uint32_t iss, snd_una, snd_nxt, snd_wnd, snd_wl1, snd_wl2, snd_up;
	uint32_t snd_max_wnd;    /* MAX.SND.WND (RFC 5961 section 5) */
	uint32_t snd_edge_max;   /* largest SND.UNA+SND.WND seen (shrink-robust bound) */
	uint64_t snd_qlen;       /* octets the user has queued in total */
	uint8_t fin_queued;      /* CLOSE issued: FIN follows the queued data */
	/* receive sequence space */
	uint32_t irs, rcv_nxt, rcv_adv, rcv_up;
	uint32_t syn_wnd;        /* window advertised on our SYN (unscaled) */
	uint32_t rcvq;           /* received, not yet read by the user */
	uint8_t fin_rcvd;
	uint8_t ooo_n;
	uint32_t ooo[WC_TM_MAX_OOO][2]; /* held out-of-order ranges [start,end) */
	uint8_t ooo_fin;         /* a FIN is held at ooo_fin_seq */
	uint32_t ooo_fin_seq;
	/* negotiated options */
	uint8_t syn_opts_sent, syn_opts_rcvd; /* WC_TM_O_* on the SYNs */
	uint8_t syn_sent_known;  /* our SYN / SYN-ACK options are known */
	uint8_t synack_sent;     /* a SYN-ACK has been sent (retransmissions follow) */
	uint8_t peer_ws, our_ws;
	uint16_t peer_mss;
	uint8_t snd_wscale, rcv_wscale;
	uint8_t ws_ok, sack_ok, ts_ok;
	uint16_t snd_mss;        /* peer's MSS, else 536 (IPv4) / 1220 (IPv6) (MUST-15) */
	uint32_t ts_recent, last_ack_sent, ts_last_sent;
	/* time, timers (virtual microseconds; 0 = not running) */
	uint64_t now;
	uint64_t t_rtx, t_tw, t_user, t_persist, t_keep;
	uint64_t rto, srtt, rttvar;
	uint64_t rto_nocap;      /* rto without the profile's rto_max (RFC 6298 2.5 makes a
				  * maximum a MAY), bounded by WC_TM_RTO_BOUND_US; the
				  * mirror's MUST deadline backs off from it */
	uint8_t rtt_valid, rtt_timing;
	uint8_t rtt_probe;       /* the timed segment went out into a zero send window (a probe) */
	uint8_t rtt_data;        /* an RTT sample was taken from a data (non-SYN) segment */
	uint8_t rtx_cls;         /* enum wc_tm_class of the owed retransmission (mirror) */
	uint32_t rtt_seq;
	uint64_t rtt_time;
	uint32_t nrtx;           /* retransmissions of the current SND.UNA */
	uint32_t nprobe;         /* zero-window probes since the window closed */
	uint32_t nprobe_unans;   /* zero-window probes sent since the last ACK received */
	uint64_t probe_unans_since; /* time of the first of them */
	uint32_t ndup;           /* duplicate ACKs since SND.UNA last moved */
	uint64_t first_send;     /* time SND.UNA's segment was first sent */
	uint64_t last_send;      /* latest time SND.UNA's segment was last (re)sent */
	uint64_t last_send_lo;   /* earliest time it may have been sent (mirror) */
	uint64_t out_lo;         /* outputs now seen were sent in [out_lo, now] */
	uint64_t last_activity;  /* keep-alive idle base */
	uint64_t last_rcv;       /* time the last segment arrived (profile idle limits) */
	/* obligations: what the endpoint owes the network */
	uint8_t ack_owed, ack_imm, ack_cls, ack_optional;
	uint16_t ack_rule;
	uint64_t ack_due;
	uint32_t ack_bytes;      /* octets received since our last ACK */
	uint8_t syn_owed;        /* SYN (SYN-SENT) / SYN-ACK (SYN-RECEIVED) */
	uint16_t syn_rule;
	uint8_t rtx_owed;        /* retransmission of SND.UNA owed */
	uint16_t rtx_rule;
	uint8_t probe_owed;      /* zero-window / keep-alive probe owed */
	uint16_t probe_rule;
	uint8_t fin_owed;        /* FIN owed at once (CLOSE in SYN-RECEIVED, nothing queued) */
	uint16_t fin_rule;
	uint8_t nrst;
	wc_tm_owe_rst rst[WC_TM_MAX_RST];
	uint64_t last_dupack;    /* time of our last challenge / out-of-window ACK, plus 1 (0: none) */
	uint64_t chal_win_start; /* challenge ACK accounting (1 s windows) */
	uint32_t chal_count;
	uint8_t ratelimited;     /* last owed challenge/dup ACK may be skipped */
	/* record of the last event */
	uint8_t nfired;
	uint16_t fired[WC_TM_MAX_FIRED];
	/* alternatives (enum wc_tm_alt; after nfired: kept across connection resets) */
	uint8_t alt_mode;        /* checker: 1 take the first applicable alternative of
				  * this event, 2 taken, 0 take none */
	uint8_t alt_req;         /* this event fired a row with an applicable alternative */
	uint16_t alt_rule;       /* that row */
	uint8_t listen_open;     /* a passive OPEN's listener is open (set by OPEN_PASSIVE,
				  * cleared when a call takes the model out of LISTEN):
				  * once the connection born from it is gone (CLOSED),
				  * segments for its 4-tuple meet the listener's rows
				  * (RFC 9293 3.10.7.2), not CLOSED's */
	uint32_t *cover;         /* optional: per-row fire counters (caller-owned) */
	wc_tm_violation viol;    /* set when wc_tm_emit() returns WC_ETM_VIOLATION */
	/* endpoint output queue */
	uint8_t nout;
	wc_tm_seg out[WC_TM_OUTQ];
} wc_tm;

/* SHLD-11 (RFC 9293 3.8.3): R2 "SHOULD correspond to at least 100 seconds";
 * the least time unanswered zero-window probes must span before a give-up. */
#define WC_TM_R2_MIN_US (100ull * 1000000ull)
/* MUST-23 (RFC 9293 3.8.3): "R2 for a SYN segment MUST be set large enough
 * to provide retransmission of the segment for at least 3 minutes." */
#define WC_TM_R2_SYN_MIN_US (180ull * 1000000ull)

/* Bound on the uncapped RTO the mirror tracks (rto_nocap): one day, far above
 * any profile's rto_max, small enough that doubling it never overflows. */
#define WC_TM_RTO_BOUND_US (86400ull * 1000000ull)

/* Reset m to CLOSED under profile p (not NULL) in the given mode, IPv4
 * (set m->ipv6 = 1 afterwards for IPv6). cover, if not NULL, is an array of
 * wc_tm_nrows counters the model increments. */
void wc_tm_init(wc_tm *m, const wc_tm_profile *p, int mode, uint32_t *cover);

/*
 * Core steps. Each returns WC_OK or WC_ETM_NOROW (a table bug, never a
 * property of the input) / WC_ETM_ARG. m->fired lists the rows fired.
 * In ENDPOINT mode they do not transmit: wc_tm_ep_* do (tcp_endpoint.c).
 */
int wc_tm_input(wc_tm *m, const wc_tm_seg *seg);
/* User call: ev is one of WC_TM_EV_OPEN_ACTIVE .. WC_TM_EV_ABORT; arg is
 * the octet count for SEND / RECEIVE. The outcome is m->user. */
int wc_tm_call(wc_tm *m, int ev, uint32_t arg);
/* Let usec of virtual time pass, firing due timers in time order. Any jump
 * is legal (the clock saturates). */
int wc_tm_advance(wc_tm *m, uint64_t usec);
/* Fire one timeout event directly (timers that are not running take the
 * rule-backed "idle" row). */
int wc_tm_timeout(wc_tm *m, int ev);
/* The endpoint transmits seg: validated against the EV_OUT rows, state
 * updated, obligations discharged; the row is appended to m->fired. WC_OK, or WC_ETM_VIOLATION with m->viol
 * filled (the state is left as it was before the call). */
int wc_tm_emit(wc_tm *m, const wc_tm_seg *seg);

/* Fire the earliest timer due at or before the absolute time target: 1 if
 * one fired, 0 if none is due (the clock is then at target), or a negative
 * code. The endpoint interleaves its transmissions between steps. */
int wc_tm_advance_step(wc_tm *m, uint64_t target);

/* Earliest running timer deadline, or 0 if none. */
uint64_t wc_tm_next_timer(const wc_tm *m);

/* Deadline of the profile's idle limit (WC_TM_EV_TO_IDLE) in the current
 * state, or 0 when none applies. */
uint64_t wc_tm_idle_deadline(const wc_tm *m);

/* Invariant check (for fuzzing): 0 if all hold, else a static message. */
const char *wc_tm_invariant(const wc_tm *m);

/* Receive window the model currently offers / the stack last advertised. */
uint32_t wc_tm_rcv_wnd(const wc_tm *m);

/* ---- rule coverage ------------------------------------------------------- */

/* Print "fired N  ID" for every row and the list of rows that never fired. */
void wc_tm_cover_print(FILE *f, const uint32_t *cover);

#endif
