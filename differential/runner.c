/*
 * The differential runner (runner.h): one scenario on one SUT, checked
 * against the script and the reference model in MIRROR mode.
 */
#include "runner.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wirecheck/cksum.h"
#include "wirecheck/packet.h"
#include "wirecheck/pcapio.h"
#include "wirecheck/tcp_model.h"
#include "wirecheck/tcp_model_check.h"
#include "wirecheck/wire_pseudo.h"

#define RN_QMAX      64
#define RN_MAX_FDS   16
#define RN_PKT_MAX   65536
#define RN_TOL_DEF   4000   /* packetdrill's default tolerance_usecs */
#define RN_WAIT_STEP 1000
#define RN_TIME_STEP 4000   /* usec between output collections while time passes */

/* An outbound segment, decoded and normalised. */
typedef struct rn_out {
	wc_tm_seg s;              /* absolute numbers */
	unsigned nopts;           /* options without NOP / EOL */
	wc_scn_opt opts[WC_SCN_MAX_OPTS];
	int rule;                 /* model row responsible, -1 if none */
	unsigned after_line;
} rn_out;

typedef struct rn {
	const wc_scenario *sc;
	const wc_sut_ops *ops;
	wc_sut *s;
	const wc_run_opts *o;
	wc_run_result *res;
	wc_sut_config cfg;
	int v6;
	uint8_t sut_addr[16], peer_addr[16];
	uint16_t sut_port, peer_port;
	int port_known;
	uint32_t sut_isn;
	int isn_known;
	int ts_map;               /* 0 none, 1 offset known */
	uint32_t ts_off, last_tsval;
	int have_tsval;
	uint64_t now;             /* script timeline, usec */
	uint64_t t_prev;          /* scheduled time of the previous event */
	uint64_t wall0, deadline;
	unsigned cur_line, cur_col;
	int done;                 /* a final status has been set */
	/* fds: script -> SUT */
	int fd_script[RN_MAX_FDS], fd_sut[RN_MAX_FDS];
	unsigned nfds;
	int linger0[RN_MAX_FDS];  /* script fd has SO_LINGER {1, 0} */
	/* mirror model */
	int mirror;
	wc_tm_profile prof;
	wc_tmc c;                 /* the trace checker (MIRROR mode) */
	int model_fd, listen_fd;  /* script fds the model's connection / listener use */
	int last_rule;            /* last row fired by an input or call */
	uint32_t cover[WC_TM_MAX_ROWS];
	/* queue of unmatched outputs */
	rn_out q[RN_QMAX];
	unsigned qn;
	size_t trace_len;
	wc_pcap_writer *pw;
	uint8_t pkt[RN_PKT_MAX];
	uint8_t tcpbuf[RN_PKT_MAX];
} rn;

static const uint8_t k_zero[RN_PKT_MAX];

/* ------------------------------------------------------------------ */
/* Names and formatting.                                              */

void wc_run_opts_default(wc_run_opts *o)
{
	memset(o, 0, sizeof *o);
	o->timeout_us = 10u * 1000000u;
	o->mirror = 1;
}

const char *wc_run_status_name(int status)
{
	switch (status) {
	case WC_RUN_PASS: return "pass";
	case WC_RUN_DIVERGE: return "diverge";
	case WC_RUN_SKIP: return "skip";
	case WC_RUN_ERROR: return "error";
	case WC_RUN_TIMEOUT: return "timeout";
	default: return "?";
	}
}

const char *wc_run_class_name(int cls)
{
	switch (cls) {
	case WC_RUN_MUST: return "MUST";
	case WC_RUN_SHOULD: return "SHOULD/MAY";
	default: return "outside model";
	}
}

void wc_run_format(const wc_run_result *r, char *buf, size_t cap)
{
	if (!cap)
		return;
	switch (r->status) {
	case WC_RUN_PASS:
		snprintf(buf, cap, "sut=%s pass (%lu events)", r->stack, r->events);
		break;
	case WC_RUN_DIVERGE:
		snprintf(buf, cap, "sut=%s line %u rule=%s field=%s: expected %s vs actual %s [%s]",
			 r->stack, r->line, r->rule, r->field, r->expected, r->actual,
			 wc_run_class_name(r->cls));
		break;
	default:
		if (r->line)
			snprintf(buf, cap, "sut=%s line %u %s: %s", r->stack, r->line,
				 wc_run_status_name(r->status), r->why);
		else
			snprintf(buf, cap, "sut=%s %s: %s", r->stack, wc_run_status_name(r->status), r->why);
		break;
	}
}

int wc_run_trace_diff(const wc_run_result *a, const wc_run_result *b, char *buf, size_t cap)
{
	const char *pa = a->trace, *pb = b->trace;
	unsigned n = 1;
	for (;;) {
		const char *ea = strchr(pa, ';'), *eb = strchr(pb, ';');
		size_t la = ea ? (size_t)(ea - pa) : strlen(pa);
		size_t lb = eb ? (size_t)(eb - pb) : strlen(pb);
		if (la == 0 && lb == 0)
			return WC_OK;
		/* compare without the "L<line>:" prefix: when a segment left
		 * (delayed ACKs, timers) is the stack's choice within the model */
		const char *ca = la ? memchr(pa, ':', la) : NULL, *cb = lb ? memchr(pb, ':', lb) : NULL;
		size_t ka = ca ? la - (size_t)(ca - pa) : la, kb = cb ? lb - (size_t)(cb - pb) : lb;
		if (ka != kb || memcmp(ca ? ca : pa, cb ? cb : pb, ka) != 0) {
			if (cap)
				snprintf(buf, cap, "first difference at segment %u: %s: %.*s vs %s: %.*s", n,
					 a->stack, la ? (int)la : 6, la ? pa : "(none)", b->stack,
					 lb ? (int)lb : 6, lb ? pb : "(none)");
			return WC_EINVAL;
		}
		pa += la + (ea ? 1 : 0);
		pb += lb + (eb ? 1 : 0);
		n++;
	}
}

static void flags_str(uint16_t f, char *out)
{
	static const struct { uint16_t bit; char c; } k[] = {
		{WC_TM_SYN, 'S'}, {WC_TM_FIN, 'F'}, {WC_TM_RST, 'R'}, {WC_TM_PSH, 'P'},
		{WC_TM_URG, 'U'}, {WC_TM_ECE, 'E'}, {WC_TM_CWR, 'W'}, {WC_TM_ACK, '.'},
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (f & k[i].bit)
			out[n++] = k[i].c;
	out[n] = 0;
}

static void opts_str(const wc_scn_opt *o, unsigned n, char *buf, size_t cap)
{
	size_t len = 0;
	if (cap < 3) {
		if (cap)
			buf[0] = 0;
		return;
	}
	if (n == 0) {
		snprintf(buf, cap, "none");
		return;
	}
	buf[len++] = '<';
	for (unsigned i = 0; i < n && len + 1 < cap; i++) {
		int w = 0;
		const char *sep = i ? "," : "";
		switch (o[i].kind) {
		case WC_SCN_OPT_MSS: w = snprintf(buf + len, cap - len, "%smss %u", sep, o[i].v1); break;
		case WC_SCN_OPT_WSCALE: w = snprintf(buf + len, cap - len, "%swscale %u", sep, o[i].v1); break;
		case WC_SCN_OPT_SACKOK: w = snprintf(buf + len, cap - len, "%ssackOK", sep); break;
		case WC_SCN_OPT_TS: w = snprintf(buf + len, cap - len, "%sTS val %u ecr %u", sep, o[i].v1, o[i].v2); break;
		case WC_SCN_OPT_SACK:
			w = snprintf(buf + len, cap - len, "%ssack", sep);
			for (unsigned b = 0; b < o[i].nblocks && w >= 0 && len + (size_t)w < cap; b++) {
				int w2 = snprintf(buf + len + w, cap - len - w, " %u:%u", o[i].sack[b][0], o[i].sack[b][1]);
				if (w2 < 0)
					break;
				w += w2;
			}
			break;
		case WC_SCN_OPT_NOP: w = snprintf(buf + len, cap - len, "%snop", sep); break;
		case WC_SCN_OPT_EOL: w = snprintf(buf + len, cap - len, "%seol", sep); break;
		case WC_SCN_OPT_RAW:
			if (o[i].nraw) {
				w = snprintf(buf + len, cap - len, "%sraw", sep);
				for (unsigned b = 0; b < o[i].nraw && w >= 0 && len + (size_t)w < cap; b++) {
					int w2 = snprintf(buf + len + w, cap - len - w, " %02x", o[i].raw[b]);
					if (w2 < 0)
						break;
					w += w2;
				}
				break;
			}
			w = snprintf(buf + len, cap - len, "%skind %u", sep, o[i].kind);
			break;
		default: w = snprintf(buf + len, cap - len, "%skind %u", sep, o[i].kind); break;
		}
		if (w < 0)
			break;
		len += (size_t)w;
		if (len >= cap)
			len = cap - 1;
	}
	if (len + 2 <= cap) {
		buf[len++] = '>';
		buf[len] = 0;
	} else {
		buf[cap - 1] = 0;
	}
}

static const char *errno_name(int e)
{
	const char *n = e ? strerrorname_np(e) : NULL;
	return n ? n : "?";
}

/* ------------------------------------------------------------------ */
/* Outcomes.                                                          */

static uint64_t wall_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static const char *rule_id(int row)
{
	return row >= 0 && (unsigned)row < wc_tm_nrows ? wc_tm_rows[row].id : "-";
}

static void diverge(rn *r, int row, const char *field, int cls, const char *expected, const char *actual)
{
	wc_run_result *res = r->res;
	if (r->done)
		return;
	r->done = 1;
	res->status = WC_RUN_DIVERGE;
	res->cls = cls;
	snprintf(res->rule, sizeof res->rule, "%s", rule_id(row));
	snprintf(res->field, sizeof res->field, "%s", field);
	snprintf(res->expected, sizeof res->expected, "%s", expected);
	snprintf(res->actual, sizeof res->actual, "%s", actual);
	res->line = r->cur_line;
	res->col = r->cur_col;
}

static void finish(rn *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void finish(rn *r, int status, const char *fmt, ...)
{
	va_list ap;
	if (r->done)
		return;
	r->done = 1;
	r->res->status = status;
	r->res->line = r->cur_line;
	r->res->col = r->cur_col;
	va_start(ap, fmt);
	vsnprintf(r->res->why, sizeof r->res->why, fmt, ap);
	va_end(ap);
}

static void trace_add(rn *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void trace_add(rn *r, const char *fmt, ...)
{
	char tmp[160];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t cap = sizeof r->res->trace;
	if (r->trace_len + (size_t)n + 4 >= cap) {
		if (r->trace_len + 4 < cap && strcmp(r->res->trace + (r->trace_len >= 3 ? r->trace_len - 3 : 0), "...") != 0) {
			memcpy(r->res->trace + r->trace_len, "...", 4);
			r->trace_len += 3;
		}
		return;
	}
	memcpy(r->res->trace + r->trace_len, tmp, (size_t)n + 1);
	r->trace_len += (size_t)n;
}

/* ------------------------------------------------------------------ */
/* Mirror model.                                                      */

/* One number of a violation, script-relative by its kind (tcp_model.h):
 * the stack's own sequence space against its ISN, the peer's against ours. */
static unsigned long long rebase(const rn *r, int kind, unsigned long long v)
{
	if (kind == WC_TM_VK_SEQ)
		return (uint32_t)((uint32_t)v - r->sut_isn);
	if (kind == WC_TM_VK_ACK)
		return (uint32_t)((uint32_t)v - WC_RUN_PEER_ISN);
	return v;
}

/* A checker step's outcome: a violation is the divergence it names. */
static void model_check(rn *r, int rc, const char *what)
{
	if (rc == WC_ETM_VIOLATION) {
		const wc_tm_report *p = &r->c.rep;
		const wc_tm_vnum *n = &p->num;
		char al[128], ac[128];
		if (n->fmt)
			snprintf(al, sizeof al, n->fmt, rebase(r, n->kind, n->lo), rebase(r, n->hkind, n->hi));
		else
			snprintf(al, sizeof al, "%s", p->allowed); /* text only: no numbers */
		if (n->fmt && n->akind != WC_TM_VK_NONE)
			snprintf(ac, sizeof ac, "%llu", rebase(r, n->akind, n->actual));
		else
			snprintf(ac, sizeof ac, "%s", p->actual);
		diverge(r, p->rule, p->field ? p->field : "segment", p->cls, al, ac);
	} else if (rc < 0 && rc != WC_ETM_DEAD) {
		finish(r, WC_RUN_ERROR, "model: %s on %s", wc_tm_strerror(rc), what);
	}
}

static void note_fired(rn *r)
{
	if (r->c.m.nfired)
		r->last_rule = r->c.m.fired[r->c.m.nfired - 1];
}

static void model_advance(rn *r, uint64_t usec)
{
	if (!r->mirror || r->done || !usec)
		return;
	model_check(r, wc_tmc_advance(&r->c, usec), "time");
}

/* The row that owes a segment like s (before wc_tm_emit), or -1. */
static int owed_rule(const wc_tm *m, uint16_t flags)
{
	if ((flags & WC_TM_RST) && m->nrst)
		return m->rst[0].rule;
	if ((flags & WC_TM_SYN) && m->syn_owed)
		return m->syn_rule;
	if (m->rtx_owed)
		return m->rtx_rule;
	if (m->ack_owed)
		return m->ack_rule;
	if (m->probe_owed)
		return m->probe_rule;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Packets.                                                           */

static void pcap_rec(rn *r, const uint8_t *p, size_t len)
{
	if (!r->pw)
		return;
	wc_pcap_rec rec = {
		.ts_us = WC_RUN_PCAP_EPOCH * 1000000LL + (int64_t)r->now,
		.caplen = (uint32_t)len, .len = (uint32_t)len, .data = p,
	};
	if (wc_pcap_write(r->pw, &rec) != WC_OK)
		finish(r, WC_RUN_ERROR, "pcap write failed");
}

/* Options of a parsed segment, NOP/EOL dropped, into wc_scn_opt form. */
static unsigned opts_of(const wc_tcp *t, wc_scn_opt *o, wc_tm_seg *s);

unsigned wc_run_tcp_seg(const wc_tcp *t, wc_tm_seg *s, wc_scn_opt *opts)
{
	memset(s, 0, sizeof *s);
	s->seq = t->seq;
	s->ack = t->ack;
	s->flags = t->flags & 0x1ff;
	s->wnd = t->wnd;
	s->up = t->urg;
	s->len = (uint32_t)t->payload.len;
	s->data = t->payload.p;
	return opts_of(t, opts, s);
}

static unsigned opts_of(const wc_tcp *t, wc_scn_opt *o, wc_tm_seg *s)
{
	unsigned n = 0;
	for (unsigned i = 0; i < t->n_opts && n < WC_SCN_MAX_OPTS; i++) {
		const wc_tcp_opt *x = &t->opts[i];
		wc_scn_opt *y = &o[n];
		memset(y, 0, sizeof *y);
		y->kind = x->kind;
		switch (x->kind) {
		case WC_TCPOPT_EOL:
		case WC_TCPOPT_NOP:
			continue;
		case WC_TCPOPT_MSS:
			y->v1 = x->u.mss;
			if (!(s->opts & WC_TM_O_MSS)) {
				s->opts |= WC_TM_O_MSS;
				s->mss = x->u.mss;
			}
			break;
		case WC_TCPOPT_WS:
			y->v1 = x->u.ws;
			if (!(s->opts & WC_TM_O_WS)) {
				s->opts |= WC_TM_O_WS;
				s->wscale = x->u.ws;
			}
			break;
		case WC_TCPOPT_SACK_PERM:
			s->opts |= WC_TM_O_SACKOK;
			break;
		case WC_TCPOPT_TS:
			y->v1 = x->u.ts.val;
			y->v2 = x->u.ts.ecr;
			if (!(s->opts & WC_TM_O_TS)) {
				s->opts |= WC_TM_O_TS;
				s->tsval = x->u.ts.val;
				s->tsecr = x->u.ts.ecr;
			}
			break;
		case WC_TCPOPT_SACK:
			y->nblocks = x->u.sack.n;
			for (unsigned b = 0; b < x->u.sack.n && b < WC_SCN_MAX_SACK; b++) {
				y->sack[b][0] = x->u.sack.b[b].left;
				y->sack[b][1] = x->u.sack.b[b].right;
			}
			if (!(s->opts & WC_TM_O_SACK)) {
				s->opts |= WC_TM_O_SACK;
				s->nsack = x->u.sack.n;
				for (unsigned b = 0; b < x->u.sack.n && b < WC_TM_MAX_SACK; b++) {
					s->sack[b][0] = x->u.sack.b[b].left;
					s->sack[b][1] = x->u.sack.b[b].right;
				}
			}
			break;
		default:
			break;
		}
		n++;
	}
	return n;
}

/* Collect everything the SUT has sent. */
static void drain(rn *r)
{
	size_t len;
	while (!r->done && r->ops->next_output(r->s, r->pkt, sizeof r->pkt, &len) == WC_OK) {
		wc_packet pk;
		char a[96];
		r->res->pkts_out++;
		pcap_rec(r, r->pkt, len);
		if (wc_packet_parse(wc_view_ro(r->pkt, len), WC_PKT_IP, &pk) != WC_OK) {
			snprintf(a, sizeof a, "%zu bytes that do not parse", len);
			diverge(r, -1, "packet", WC_RUN_MUST, "an IP packet", a);
			return;
		}
		if (pk.l4 != WC_L4_TCP)
			continue; /* ICMP and others: recorded, not judged */
		if (wc_packet_check_cksums(&pk) != WC_OK) {
			snprintf(a, sizeof a, "0x%04x", pk.tcp.cksum);
			diverge(r, -1, "checksum", WC_RUN_MUST, "a correct checksum", a);
			return;
		}
		if (r->qn == RN_QMAX) {
			finish(r, WC_RUN_ERROR, "more than %d unmatched segments from the stack", RN_QMAX);
			return;
		}
		rn_out *o = &r->q[r->qn];
		memset(o, 0, sizeof *o);
		o->nopts = wc_run_tcp_seg(&pk.tcp, &o->s, o->opts);
		o->after_line = r->cur_line;
		if (!r->port_known) {
			r->sut_port = pk.tcp.sport;
			r->peer_port = pk.tcp.dport;
			r->port_known = 1;
		}
		if ((o->s.flags & WC_TM_SYN) && !r->isn_known) {
			r->sut_isn = o->s.seq;
			r->isn_known = 1;
		}
		if (o->s.opts & WC_TM_O_TS) {
			r->last_tsval = o->s.tsval;
			r->have_tsval = 1;
		}
		o->rule = -1;
		if (r->mirror) {
			o->rule = owed_rule(&r->c.m, o->s.flags);
			model_check(r, wc_tmc_output(&r->c, &o->s), "an output segment");
			if (r->done)
				return;
			if (o->rule < 0 && r->c.m.nfired)
				o->rule = r->c.m.fired[r->c.m.nfired - 1]; /* the EV_OUT row */
		}
		o->s.data = NULL; /* r->pkt is reused */
		char f[12];
		flags_str(o->s.flags, f);
		uint32_t rs = o->s.seq - r->sut_isn;
		trace_add(r, "%sL%u:%s %u:%u(%u)", r->trace_len ? ";" : "", o->after_line, f, rs,
			  rs + o->s.len, o->s.len);
		if (o->s.flags & WC_TM_ACK)
			trace_add(r, " ack %u", o->s.ack - WC_RUN_PEER_ISN);
		r->qn++;
	}
}

/* Strict scripts: outputs nobody listed are divergences. */
static void check_unlisted(rn *r)
{
	if (r->done || !r->qn)
		return;
	if (r->sc->model_decides) {
		r->qn = 0; /* judged by the model already */
		return;
	}
	const rn_out *o = &r->q[0];
	char f[12], a[96];
	flags_str(o->s.flags, f);
	snprintf(a, sizeof a, "%s %u:%u(%u) ack %u", f, o->s.seq - r->sut_isn,
		 o->s.seq - r->sut_isn + o->s.len, o->s.len, o->s.ack - WC_RUN_PEER_ISN);
	diverge(r, o->rule, "segment", WC_RUN_OUTSIDE, "no segment", a);
}

static int past_deadline(rn *r)
{
	if (r->deadline && wall_us() > r->deadline) {
		finish(r, WC_RUN_TIMEOUT, "deadline of %llu ms passed",
		       (unsigned long long)(r->o->timeout_us / 1000));
		return 1;
	}
	return 0;
}

/* Let usec pass in steps of RN_TIME_STEP, collecting output after each, so
 * that what timers send is stamped (pcap) and judged (model) near the time
 * it left. */
static int sut_advance(rn *r, uint64_t usec)
{
	while (usec && !r->done) {
		uint64_t d = usec < RN_TIME_STEP ? usec : RN_TIME_STEP;
		int rc = r->ops->advance(r->s, d);
		if (rc != WC_OK) {
			finish(r, WC_RUN_ERROR, "advance: %s", wc_tm_strerror(rc));
			return -1;
		}
		r->now += d;
		usec -= d;
		model_advance(r, d);
		drain(r);
		if (usec && past_deadline(r))
			return -1;
	}
	return r->done ? -1 : 0;
}

static void put16(uint8_t *d, uint32_t v) { d[0] = (uint8_t)(v >> 8); d[1] = (uint8_t)v; }
static void put32(uint8_t *d, uint32_t v) { put16(d, v >> 16); put16(d + 2, v); }

/*
 * The option bytes of an inbound list that holds raw bytes, in order, EOL
 * padded to a multiple of 4 (ecr and SACK edges mapped as for the typed
 * options). WC_OK with *olen, or WC_EINVAL with why.
 */
static int raw_opt_bytes(const wc_run_net *n, const wc_scn_packet *p, uint8_t ob[WC_TCP_MAX_OPT_LEN],
			 size_t *olen, char *why, size_t whylen)
{
	uint8_t b[WC_TCP_MAX_OPT_LEN + WC_SCN_MAX_RAW + 40];
	size_t k = 0;
	for (unsigned i = 0; i < p->nopts; i++) {
		const wc_scn_opt *x = &p->opts[i];
		size_t need;
		switch (x->kind) {
		case WC_SCN_OPT_EOL: case WC_SCN_OPT_NOP: need = 1; break;
		case WC_SCN_OPT_MSS: need = 4; break;
		case WC_SCN_OPT_WSCALE: need = 3; break;
		case WC_SCN_OPT_SACKOK: need = 2; break;
		case WC_SCN_OPT_TS: need = 10; break;
		case WC_SCN_OPT_SACK: need = 2 + 8u * x->nblocks; break;
		case WC_SCN_OPT_RAW: need = x->nraw; break;
		default:
			snprintf(why, whylen, "option kind %u cannot be sent", x->kind);
			return WC_EINVAL;
		}
		if (k + need > WC_TCP_MAX_OPT_LEN) {
			snprintf(why, whylen, "options take more than %d bytes", WC_TCP_MAX_OPT_LEN);
			return WC_EINVAL;
		}
		uint8_t *d = b + k;
		switch (x->kind) {
		case WC_SCN_OPT_EOL: case WC_SCN_OPT_NOP: d[0] = x->kind; break;
		case WC_SCN_OPT_MSS: d[0] = 2; d[1] = 4; put16(d + 2, x->v1); break;
		case WC_SCN_OPT_WSCALE: d[0] = 3; d[1] = 3; d[2] = (uint8_t)x->v1; break;
		case WC_SCN_OPT_SACKOK: d[0] = 4; d[1] = 2; break;
		case WC_SCN_OPT_TS: {
			uint32_t ecr = x->v2;
			if (ecr) {
				if (n->ts_map)
					ecr += n->ts_off;
				else if (n->have_tsval)
					ecr = n->last_tsval;
			}
			d[0] = 8; d[1] = 10; put32(d + 2, x->v1); put32(d + 6, ecr);
			break;
		}
		case WC_SCN_OPT_SACK:
			d[0] = 5; d[1] = (uint8_t)need;
			for (unsigned q = 0; q < x->nblocks; q++) {
				put32(d + 2 + 8 * q, n->sut_isn + x->sack[q][0]);
				put32(d + 6 + 8 * q, n->sut_isn + x->sack[q][1]);
			}
			break;
		default: memcpy(d, x->raw, x->nraw); break;
		}
		k += need;
	}
	while (k % 4)
		b[k++] = 0; /* EOL padding */
	if (k > WC_TCP_MAX_OPT_LEN) {
		snprintf(why, whylen, "options take %zu bytes, more than 40", k);
		return WC_EINVAL;
	}
	memcpy(ob, b, k);
	*olen = k;
	return WC_OK;
}

int wc_run_inbound_build(const wc_run_net *n, const wc_scn_packet *p, uint16_t ip_id,
			 uint8_t *scratch, size_t scap, uint8_t *pkt, size_t cap, size_t *len,
			 wc_tm_seg *segp, char *why, size_t whylen)
{
	static wc_tcp t; /* large; one packet is built at a time */
	static uint8_t body[WC_TCP_MAX_OPT_LEN + RN_PKT_MAX]; /* raw: options + payload */
	wc_tm_seg seg;
	unsigned optbytes = 0;
	uint8_t ob[WC_TCP_MAX_OPT_LEN];
	size_t rawlen = 0;
	int raw = 0;

	memset(&t, 0, sizeof t);
	memset(&seg, 0, sizeof seg);
	t.sport = n->peer_port;
	t.dport = n->sut_port;
	t.seq = WC_RUN_PEER_ISN + p->seq;
	t.ack = p->has_ack ? n->sut_isn + p->ack : 0;
	t.flags = p->flags;
	t.wnd = (uint16_t)(p->has_win ? p->win : 65535);
	t.urg = (uint16_t)(p->has_urg ? p->urg : 0);
	for (unsigned i = 0; p->opts_mode == WC_SCN_OPTS_LIST && i < p->nopts; i++)
		if (p->opts[i].kind == WC_SCN_OPT_RAW)
			raw = 1;
	if (raw) {
		/* raw bytes: the option area is written here, verbatim, and
		 * put in front of the payload with the data offset set to cover it */
		int rc0 = raw_opt_bytes(n, p, ob, &rawlen, why, whylen);
		if (rc0 != WC_OK)
			return rc0;
		wc_tm_seg_opts(ob, rawlen, &seg);
	}
	for (unsigned i = 0; !raw && p->opts_mode == WC_SCN_OPTS_LIST && i < p->nopts; i++) {
		const wc_scn_opt *x = &p->opts[i];
		if (t.n_opts >= WC_TCP_MAX_OPTS) {
			snprintf(why, whylen, "more than %d options", WC_TCP_MAX_OPTS);
			return WC_EINVAL;
		}
		wc_tcp_opt *y = &t.opts[t.n_opts++];
		y->kind = x->kind;
		switch (x->kind) {
		case WC_SCN_OPT_EOL: case WC_SCN_OPT_NOP: y->len = 1; break;
		case WC_SCN_OPT_MSS:
			y->len = 4; y->u.mss = (uint16_t)x->v1;
			seg.opts |= WC_TM_O_MSS; seg.mss = (uint16_t)x->v1;
			break;
		case WC_SCN_OPT_WSCALE:
			y->len = 3; y->u.ws = (uint8_t)x->v1;
			seg.opts |= WC_TM_O_WS; seg.wscale = (uint8_t)x->v1;
			break;
		case WC_SCN_OPT_SACKOK: y->len = 2; seg.opts |= WC_TM_O_SACKOK; break;
		case WC_SCN_OPT_TS: {
			uint32_t ecr = x->v2;
			if (ecr) {
				if (n->ts_map)
					ecr += n->ts_off;
				else if (n->have_tsval)
					ecr = n->last_tsval;
			}
			y->len = 10; y->u.ts.val = x->v1; y->u.ts.ecr = ecr;
			seg.opts |= WC_TM_O_TS; seg.tsval = x->v1; seg.tsecr = ecr;
			break;
		}
		case WC_SCN_OPT_SACK:
			y->len = (uint8_t)(2 + 8 * x->nblocks);
			y->u.sack.n = x->nblocks;
			seg.opts |= WC_TM_O_SACK;
			seg.nsack = x->nblocks;
			for (unsigned b = 0; b < x->nblocks; b++) {
				y->u.sack.b[b].left = n->sut_isn + x->sack[b][0];
				y->u.sack.b[b].right = n->sut_isn + x->sack[b][1];
				seg.sack[b][0] = y->u.sack.b[b].left;
				seg.sack[b][1] = y->u.sack.b[b].right;
			}
			break;
		default:
			snprintf(why, whylen, "option kind %u cannot be sent", x->kind);
			return WC_EINVAL;
		}
		optbytes += y->len;
	}
	if (optbytes % 4) {
		if (t.n_opts >= WC_TCP_MAX_OPTS) {
			snprintf(why, whylen, "more than %d options", WC_TCP_MAX_OPTS);
			return WC_EINVAL;
		}
		t.opts[t.n_opts].kind = WC_TCPOPT_EOL;
		t.opts[t.n_opts].len = 1;
		t.n_opts++;
		optbytes++;
		t.pad_len = (uint8_t)((4 - optbytes % 4) % 4);
	}
	if (optbytes + t.pad_len > WC_TCP_MAX_OPT_LEN) {
		snprintf(why, whylen, "options take %u bytes, more than 40", optbytes + t.pad_len);
		return WC_EINVAL;
	}
	if (p->len > sizeof k_zero) {
		snprintf(why, whylen, "payload of %u bytes is too long", p->len);
		return WC_EINVAL;
	}
	t.payload = wc_view_ro(k_zero, p->len);
	if (raw) {
		memcpy(body, ob, rawlen);
		memset(body + rawlen, 0, p->len);
		t.payload = wc_view_ro(body, rawlen + p->len);
	}
	wc_pseudo ph = n->v6 ? wc_pseudo6(n->peer_addr, n->sut_addr) : wc_pseudo4(n->peer_addr, n->sut_addr);
	size_t tlen = 0, plen = 0;
	int rc = wc_tcp_emit(&t, &ph, wc_view_rw(scratch, scap), &tlen);
	if (rc == WC_OK && raw) {
		/* the option bytes went out as payload: move the data offset over
		 * them and update the checksum for that one word */
		uint16_t old = wc_load_be16(scratch + 12);
		uint16_t neu = (uint16_t)((((5u + rawlen / 4) << 12) | (old & 0x0fffu)));
		put16(scratch + 12, neu);
		put16(scratch + 16, wc_cksum_update16(wc_load_be16(scratch + 16), old, neu));
	}
	if (rc == WC_OK) {
		if (n->v6) {
			wc_ipv6 ip;
			memset(&ip, 0, sizeof ip);
			ip.hop_limit = 64;
			memcpy(ip.src, n->peer_addr, 16);
			memcpy(ip.dst, n->sut_addr, 16);
			ip.proto = WC_IPPROTO_TCP;
			ip.payload = wc_view_ro(scratch, tlen);
			rc = wc_ipv6_emit(&ip, wc_view_rw(pkt, cap), &plen);
		} else {
			wc_ipv4 ip;
			memset(&ip, 0, sizeof ip);
			ip.id = ip_id;
			ip.frag = WC_IPV4_FLAG_DF;
			ip.ttl = 64;
			ip.proto = WC_IPPROTO_TCP;
			memcpy(ip.src, n->peer_addr, 4);
			memcpy(ip.dst, n->sut_addr, 4);
			ip.payload = wc_view_ro(scratch, tlen);
			rc = wc_ipv4_emit(&ip, 1, wc_view_rw(pkt, cap), &plen);
		}
	}
	if (rc != WC_OK) {
		snprintf(why, whylen, "cannot build the packet: %s", wc_tm_strerror(rc));
		return rc;
	}
	seg.seq = t.seq;
	seg.ack = t.ack;
	seg.flags = t.flags;
	seg.wnd = t.wnd;
	seg.up = t.urg;
	seg.len = p->len;
	seg.data = k_zero;
	*len = plen;
	if (segp)
		*segp = seg;
	return WC_OK;
}

/* Inbound: script packet -> IP packet, injected. */
static void do_inbound(rn *r, const wc_scn_packet *p)
{
	wc_run_net n;
	wc_tm_seg seg;
	size_t plen = 0;
	char why[120];

	check_unlisted(r);
	if (r->done)
		return;
	memset(&n, 0, sizeof n);
	n.v6 = r->v6;
	memcpy(n.sut_addr, r->sut_addr, sizeof n.sut_addr);
	memcpy(n.peer_addr, r->peer_addr, sizeof n.peer_addr);
	n.sut_port = r->sut_port;
	n.peer_port = r->peer_port;
	n.sut_isn = r->sut_isn;
	n.ts_map = r->ts_map;
	n.ts_off = r->ts_off;
	n.have_tsval = r->have_tsval;
	n.last_tsval = r->last_tsval;
	int rc = wc_run_inbound_build(&n, p, (uint16_t)(r->res->pkts_in + 1), r->tcpbuf, sizeof r->tcpbuf,
				      r->pkt, sizeof r->pkt, &plen, &seg, why, sizeof why);
	if (rc != WC_OK) {
		finish(r, WC_RUN_ERROR, "%s", why);
		return;
	}
	pcap_rec(r, r->pkt, plen);
	r->res->pkts_in++;
	rc = r->ops->inject(r->s, r->pkt, plen);
	if (rc != WC_OK) {
		finish(r, WC_RUN_ERROR, "inject: %s", wc_tm_strerror(rc));
		return;
	}
	if (r->mirror) {
		model_check(r, wc_tmc_input(&r->c, &seg), "an inbound segment");
		note_fired(r);
	}
	drain(r);
}

/* Compare option lists (script's NOP/EOL ignored). 0 if equal. */
static int opts_match(rn *r, const wc_scn_packet *p, const rn_out *o, char *exp, char *act, size_t cap)
{
	wc_scn_opt want[WC_SCN_MAX_OPTS], got[WC_SCN_MAX_OPTS];
	unsigned nw = 0, ng = o->nopts;
	int bad = 0;
	if (p->opts_mode == WC_SCN_OPTS_ANY)
		return 0;
	for (unsigned i = 0; p->opts_mode == WC_SCN_OPTS_LIST && i < p->nopts; i++)
		if (p->opts[i].kind != WC_SCN_OPT_NOP && p->opts[i].kind != WC_SCN_OPT_EOL)
			want[nw++] = p->opts[i];
	memcpy(got, o->opts, ng * sizeof got[0]);
	/* normalise the actual list: SACK relative to the peer's ISN; TS val as
	 * the script wrote it when it wrote one (the stack's clock is free) */
	for (unsigned i = 0; i < ng; i++) {
		if (got[i].kind == WC_SCN_OPT_SACK)
			for (unsigned b = 0; b < got[i].nblocks; b++) {
				got[i].sack[b][0] -= WC_RUN_PEER_ISN;
				got[i].sack[b][1] -= WC_RUN_PEER_ISN;
			}
	}
	if (nw != ng)
		bad = 1;
	for (unsigned i = 0; i < nw && i < ng; i++) {
		if (want[i].kind != got[i].kind) {
			bad = 1;
			continue;
		}
		switch (want[i].kind) {
		case WC_SCN_OPT_MSS: case WC_SCN_OPT_WSCALE:
			bad |= want[i].v1 != got[i].v1;
			break;
		case WC_SCN_OPT_TS:
			if (!r->ts_map) {
				r->ts_off = got[i].v1 - want[i].v1;
				r->ts_map = 1;
			}
			got[i].v1 = want[i].v1; /* val is the stack's choice */
			bad |= want[i].v2 != got[i].v2;
			break;
		case WC_SCN_OPT_SACK:
			bad |= want[i].nblocks != got[i].nblocks;
			for (unsigned b = 0; b < want[i].nblocks && b < got[i].nblocks; b++)
				bad |= want[i].sack[b][0] != got[i].sack[b][0] ||
				       want[i].sack[b][1] != got[i].sack[b][1];
			break;
		default:
			break;
		}
	}
	if (bad) {
		opts_str(want, nw, exp, cap);
		opts_str(got, ng, act, cap);
	}
	return bad;
}

static void do_outbound(rn *r, const wc_scn_event *e)
{
	const wc_scn_packet *p = &e->pkt;
	char exp[96], act[96], f1[12], f2[12];
	int64_t tol = r->sc->tolerance_usecs >= 0 ? r->sc->tolerance_usecs : RN_TOL_DEF;
	uint64_t waited = 0;

	while (!r->done && r->qn == 0 && waited < (uint64_t)tol + RN_WAIT_STEP) {
		if (past_deadline(r))
			return;
		if (waited == 0) {
			/* the stack may still be handing the segment over */
			drain(r);
			if (r->qn)
				break;
		}
		if (sut_advance(r, RN_WAIT_STEP) < 0)
			return;
		waited += RN_WAIT_STEP;
	}
	if (r->done)
		return;
	flags_str(p->flags, f1);
	if (r->qn == 0) {
		int row = r->mirror ? owed_rule(&r->c.m, p->flags) : -1;
		int cls = WC_RUN_OUTSIDE;
		if (row >= 0)
			cls = (r->c.m.ack_owed && row == r->c.m.ack_rule) ? r->c.m.ack_cls : WC_RUN_MUST;
		else
			row = r->last_rule;
		snprintf(exp, sizeof exp, "%s %u:%u(%u)", f1, p->seq, p->seq_end, p->len);
		if (p->has_ack)
			snprintf(exp + strlen(exp), sizeof exp - strlen(exp), " ack %u", p->ack);
		diverge(r, row, "segment", cls, exp, "no segment");
		return;
	}
	unsigned qi = 0;
	if (r->sc->model_decides) {
		/* unlisted segments before it were judged by the model */
		for (unsigned i = 0; i < r->qn; i++)
			if (r->q[i].s.flags == p->flags) {
				qi = i;
				break;
			}
	}
	rn_out *o = &r->q[qi];
	uint32_t rseq = o->s.seq - r->sut_isn, rack = o->s.ack - WC_RUN_PEER_ISN;
	int row = o->rule;
	flags_str(o->s.flags, f2);
	if (o->s.flags != p->flags) {
		diverge(r, row, "flags", WC_RUN_OUTSIDE, f1, f2);
	} else if (rseq != p->seq) {
		snprintf(exp, sizeof exp, "%u", p->seq);
		snprintf(act, sizeof act, "%u", rseq);
		diverge(r, row, "seq", WC_RUN_OUTSIDE, exp, act);
	} else if (o->s.len != p->len) {
		snprintf(exp, sizeof exp, "%u", p->len);
		snprintf(act, sizeof act, "%u", o->s.len);
		diverge(r, row, "len", WC_RUN_OUTSIDE, exp, act);
	} else if (p->has_ack && rack != p->ack) {
		snprintf(exp, sizeof exp, "%u", p->ack);
		snprintf(act, sizeof act, "%u", rack);
		diverge(r, row, "ack", WC_RUN_OUTSIDE, exp, act);
	} else if (p->has_win && o->s.wnd != p->win) {
		snprintf(exp, sizeof exp, "%u", p->win);
		snprintf(act, sizeof act, "%u", o->s.wnd);
		diverge(r, row, "win", WC_RUN_OUTSIDE, exp, act);
	} else if (p->has_urg && o->s.up != p->urg) {
		snprintf(exp, sizeof exp, "%u", p->urg);
		snprintf(act, sizeof act, "%u", o->s.up);
		diverge(r, row, "urg", WC_RUN_OUTSIDE, exp, act);
	} else if (opts_match(r, p, o, exp, act, sizeof exp)) {
		diverge(r, row, "options", WC_RUN_OUTSIDE, exp, act);
	}
	if (r->done)
		return;
	/* model-decides: the unlisted ones before it go too */
	memmove(&r->q[0], &r->q[qi + 1], (r->qn - qi - 1) * sizeof r->q[0]);
	r->qn -= qi + 1;
}

/* ------------------------------------------------------------------ */
/* Syscalls.                                                          */

static int fd_lookup(const rn *r, int script_fd)
{
	for (unsigned i = 0; i < r->nfds; i++)
		if (r->fd_script[i] == script_fd)
			return (int)i;
	return -1;
}

static void fd_bind(rn *r, int script_fd, int sut_fd)
{
	int i = fd_lookup(r, script_fd);
	if (i < 0) {
		if (r->nfds == RN_MAX_FDS)
			return;
		i = (int)r->nfds++;
	}
	r->fd_script[i] = script_fd;
	r->fd_sut[i] = sut_fd;
	r->linger0[i] = 0;
}

/* Model event for a call, or -1 (the model has no such call). */
static int model_call_ev(rn *r, const wc_scn_syscall *y)
{
	int fi = fd_lookup(r, y->fd);
	switch (y->kind) {
	case WC_SCN_SYS_LISTEN:
		r->listen_fd = y->fd;
		r->model_fd = y->fd;
		return WC_TM_EV_OPEN_PASSIVE;
	case WC_SCN_SYS_CONNECT:
		r->model_fd = y->fd;
		return WC_TM_EV_OPEN_ACTIVE;
	case WC_SCN_SYS_WRITE:
		return y->fd == r->model_fd ? WC_TM_EV_SEND : -1;
	case WC_SCN_SYS_READ:
		return y->fd == r->model_fd ? WC_TM_EV_RECEIVE : -1;
	case WC_SCN_SYS_SHUTDOWN:
		if (y->fd != r->model_fd || y->how == 0 /* SHUT_RD */)
			return -1;
		return WC_TM_EV_SHUTDOWN;
	case WC_SCN_SYS_CLOSE:
		if (y->fd == r->model_fd)
			return fi >= 0 && r->linger0[fi] ? WC_TM_EV_ABORT : WC_TM_EV_CLOSE;
		/* the listener, once its connection is born, is not the model's */
		if (y->fd == r->listen_fd && r->c.m.state == WC_TCP_LISTEN)
			return WC_TM_EV_CLOSE;
		return -1;
	default:
		return -1;
	}
}

static void fmt_ret(char *buf, size_t cap, long ret, int err)
{
	if (ret == -1 && err)
		snprintf(buf, cap, "-1 %s", errno_name(err));
	else
		snprintf(buf, cap, "%ld", ret);
}

/*
 * Socket options a stack's adapter does not implement but that have no
 * effect on the wire of a one-connection script, or that the runner can
 * express otherwise: SO_REUSEADDR (nothing to reuse in a fresh stack),
 * SO_LINGER (close() after {1, 0} is sent as WC_CALL_ABORT), and
 * getsockopt(SO_ERROR), read from the connection's state (0 while the
 * connection exists, "an error" once it is CLOSED: any expected errno
 * value matches). WC_OK with *res filled, or WC_ESUT_NOCALL.
 */
static int emulate_sockopt(rn *r, const wc_scn_syscall *y, const wc_sut_call *c, wc_sut_result *res)
{
	if (c->kind == WC_CALL_SETSOCKOPT && c->level == SOL_SOCKET &&
	    (c->opt == SO_REUSEADDR || c->opt == SO_LINGER)) {
		res->ret = 0;
		res->err = 0;
		return WC_OK;
	}
	if (c->kind == WC_CALL_GETSOCKOPT && c->level == SOL_SOCKET && c->opt == SO_ERROR) {
		int st = WC_TCP_CLOSED;
		if (r->ops->state(r->s, c->fd, &st) != WC_OK)
			return WC_ESUT_NOCALL;
		res->err = 0;
		res->ret = st == WC_TCP_CLOSED ? (y->val ? y->val : -1) : 0;
		return WC_OK;
	}
	return WC_ESUT_NOCALL;
}

static void do_syscall(rn *r, const wc_scn_syscall *y)
{
	wc_sut_call c;
	wc_sut_result res;
	static uint8_t rbuf[RN_PKT_MAX];
	char exp[96], act[96];

	check_unlisted(r);
	if (r->done)
		return;
	int rc = wc_scenario_sut_call(r->sc, y, &c);
	if (rc == WC_ESUT_NOCALL)
		return; /* fcntl: SUT sockets are always nonblocking */
	if (rc != WC_OK) {
		finish(r, WC_RUN_ERROR, "call %s cannot be mapped", wc_scn_sys_name(y->kind));
		return;
	}
	if (y->kind != WC_SCN_SYS_SOCKET) {
		int fi = fd_lookup(r, y->fd);
		c.fd = fi >= 0 ? r->fd_sut[fi] : 1000 + y->fd; /* unknown: let the SUT say EBADF */
		if (fi >= 0 && y->kind == WC_SCN_SYS_SETSOCKOPT && y->level == SOL_SOCKET &&
		    y->opt == SO_LINGER)
			r->linger0[fi] = y->val == 0;
	}
	if (y->kind == WC_SCN_SYS_SOCKET && r->v6)
		c.level = 10; /* AF_INET6 for adapters that take the family here */
	else if (y->kind == WC_SCN_SYS_SOCKET)
		c.level = 2;
	memset(&res, 0, sizeof res);
	if (y->kind == WC_SCN_SYS_READ) {
		res.out = rbuf;
		res.out_cap = sizeof rbuf;
	}
	if (y->kind == WC_SCN_SYS_CLOSE) {
		int fi = fd_lookup(r, y->fd);
		if (fi >= 0 && r->linger0[fi])
			c.kind = WC_CALL_ABORT; /* close() after SO_LINGER {1, 0} */
	}
	rc = r->ops->call(r->s, &c, &res);
	if (rc == WC_ESUT_NOCALL)
		rc = emulate_sockopt(r, y, &c, &res);
	if (rc != WC_OK) {
		if (rc == WC_ESUT_NOCALL)
			finish(r, WC_RUN_SKIP, "%s() is not supported by this stack", wc_scn_sys_name(y->kind));
		else
			finish(r, WC_RUN_ERROR, "%s(): %s", wc_scn_sys_name(y->kind), wc_tm_strerror(rc));
		return;
	}
	/* the mirror model sees the call with what the stack accepted */
	int ev = r->mirror ? model_call_ev(r, y) : -1;
	int mrow = -1;
	uint8_t muser = WC_TM_U_OK;
	if (ev >= 0) {
		uint32_t arg = 0;
		if (ev == WC_TM_EV_SEND || ev == WC_TM_EV_RECEIVE)
			arg = res.ret > 0 ? (uint32_t)res.ret : 0;
		if ((ev != WC_TM_EV_SEND && ev != WC_TM_EV_RECEIVE) || arg > 0) {
			/* shutdown's result is the stack's to choose where the model
			 * allows a refusal (wc_tmc_call_ret) */
			int err = ev == WC_TM_EV_SHUTDOWN && res.ret == -1 ? res.err : 0;
			model_check(r, wc_tmc_call_ret(&r->c, ev, arg, err), wc_scn_sys_name(y->kind));
			note_fired(r);
			if (r->c.m.nfired)
				mrow = r->c.m.fired[r->c.m.nfired - 1];
			muser = r->c.m.user;
		}
	}
	long want_ret = y->ret;
	long got_ret = res.ret;
	if (y->kind == WC_SCN_SYS_GETSOCKOPT && y->ret == 0)
		want_ret = y->val; /* the adapters return the value read */
	if (y->kind == WC_SCN_SYS_SOCKET && res.ret >= 0) {
		fd_bind(r, (int)y->ret, (int)res.ret);
		got_ret = y->ret; /* descriptor numbers are mapped, not compared */
	}
	if (y->kind == WC_SCN_SYS_ACCEPT && res.ret >= 0) {
		fd_bind(r, (int)y->ret, (int)res.ret);
		got_ret = y->ret;
		if (y->fd == r->listen_fd && r->c.m.state != WC_TCP_LISTEN)
			r->model_fd = (int)y->ret;
	}
	if (got_ret != want_ret || (want_ret == -1 && res.err != y->err)) {
		int cls = WC_RUN_OUTSIDE;
		if (mrow >= 0) {
			int model_ok = muser == WC_TM_U_OK || muser == WC_TM_U_EOF || muser == WC_TM_U_URGENT;
			int stack_ok = res.ret != -1;
			if (model_ok != stack_ok)
				cls = wc_tm_rows[mrow].cls;
		} else {
			mrow = r->last_rule;
		}
		fmt_ret(exp, sizeof exp, want_ret, y->err);
		fmt_ret(act, sizeof act, res.ret, res.err);
		diverge(r, mrow, got_ret != want_ret ? "ret" : "errno", cls, exp, act);
		return;
	}
	drain(r);
}

/* ------------------------------------------------------------------ */
/* The run.                                                           */

static uint64_t event_time(rn *r, const wc_scn_event *e)
{
	uint64_t t;
	switch (e->time.kind) {
	case WC_SCN_TIME_ABS: t = (uint64_t)(e->time.usec > 0 ? e->time.usec : 0); break;
	case WC_SCN_TIME_REL: t = r->t_prev + (uint64_t)(e->time.usec > 0 ? e->time.usec : 0); break;
	default: t = r->now; break;
	}
	return t;
}

static void model_profile(rn *r)
{
	const wc_tm_profile *p = NULL;
	const char *name = r->o->profile;
	if (!name) {
		name = r->ops->name;
		if (strncmp(name, "lwip", 4) == 0)
			name = "lwip";
		else if (strcmp(name, "model") == 0)
			name = "strict";
	}
	p = wc_tm_profile_find(name);
	if (!p)
		p = &wc_tm_profile_strict;
	r->prof = *p;
	if (r->cfg.rfc1337 >= 0)
		r->prof.rfc1337 = (uint8_t)(r->cfg.rfc1337 != 0);
}

/* Script time the scenario spans (its last event's time plus the waits a
 * '>' may take), so deadlines count from it: a run is cut off when it
 * overruns its own script by the timeout. */
static uint64_t script_span(const wc_scenario *sc)
{
	uint64_t t = 0, prev = 0;
	for (unsigned i = 0; i < sc->nevents; i++) {
		const wc_scn_time *tm = &sc->events[i].time;
		uint64_t end = (uint64_t)(tm->usec_end > 0 ? tm->usec_end : 0);
		if (tm->kind == WC_SCN_TIME_ABS)
			t = end > t ? end : t;
		else if (tm->kind == WC_SCN_TIME_REL)
			t = prev + end;
		prev = t;
		if (sc->events[i].kind == WC_SCN_OUTBOUND)
			t += (uint64_t)(sc->tolerance_usecs > 0 ? sc->tolerance_usecs : RN_TOL_DEF) + RN_WAIT_STEP;
	}
	return t;
}

int wc_run_scenario(const wc_scenario *sc, const wc_sut_ops *ops, const wc_run_opts *o, wc_run_result *res)
{
	static rn R; /* large; runs are sequential within a process */
	rn *r = &R;
	wc_run_opts def;
	char why[200] = "";

	if (!sc || !ops || !res)
		return WC_EINVAL;
	if (!o) {
		wc_run_opts_default(&def);
		o = &def;
	}
	memset(r, 0, offsetof(rn, pkt));
	memset(res, 0, sizeof *res);
	r->sc = sc;
	r->ops = ops;
	r->o = o;
	r->res = res;
	r->model_fd = r->listen_fd = -1;
	r->last_rule = -1;
	snprintf(res->stack, sizeof res->stack, "%s", ops->name);
	r->wall0 = wall_us();
	r->deadline = o->timeout_us ? r->wall0 + o->timeout_us + script_span(sc) : 0;

	wc_sut_config_default(&r->cfg);
	wc_scenario_config(sc, &r->cfg);
	r->v6 = r->cfg.ipv6;
	if (r->v6) {
		inet_pton(AF_INET6, WC_SUT_ADDR6_LOCAL, r->sut_addr);
		inet_pton(AF_INET6, WC_SUT_ADDR6_REMOTE, r->peer_addr);
	} else {
		inet_pton(AF_INET, WC_SUT_ADDR4_LOCAL, r->sut_addr);
		inet_pton(AF_INET, WC_SUT_ADDR4_REMOTE, r->peer_addr);
	}
	r->sut_port = (uint16_t)(sc->bind_port > 0 ? sc->bind_port : 8080);
	r->peer_port = WC_RUN_PEER_PORT;
	r->mirror = o->mirror;
	if (r->mirror) {
		model_profile(r);
		wc_tmc_init(&r->c, &r->prof, r->cover);
		r->c.m.ipv6 = (uint8_t)(r->v6 != 0);
	}

	if (!wc_scenario_runs_on(sc, ops->name)) {
		finish(r, WC_RUN_SKIP, "scenario restricted to %s", sc->stacks);
		goto out;
	}
	int rc = ops->open(&r->s, &r->cfg, why, sizeof why);
	if (rc == WC_ESUT_SKIP) {
		finish(r, WC_RUN_SKIP, "%s", why[0] ? why : "unavailable here");
		goto out;
	}
	if (rc != WC_OK) {
		finish(r, WC_RUN_ERROR, "open: %s%s%s", wc_tm_strerror(rc), why[0] ? ": " : "", why);
		goto out;
	}
	if (o->pcap_path) {
		wc_pcap_error pe;
		if (wc_pcap_create(o->pcap_path, WC_PCAP_RAW, &r->pw, &pe) != WC_OK) {
			finish(r, WC_RUN_ERROR, "pcap %s: %s", o->pcap_path, pe.msg);
			r->pw = NULL;
		}
	}
	for (unsigned i = 0; i < sc->nevents && !r->done; i++) {
		const wc_scn_event *e = &sc->events[i];
		r->cur_line = e->line;
		r->cur_col = e->col;
		if (past_deadline(r))
			break;
		uint64_t t = event_time(r, e);
		if (t > r->now && sut_advance(r, t - r->now) < 0)
			break;
		r->t_prev = t > r->now ? t : r->now;
		if (r->done)
			break;
		switch (e->kind) {
		case WC_SCN_INBOUND: do_inbound(r, &e->pkt); break;
		case WC_SCN_OUTBOUND: do_outbound(r, e); break;
		case WC_SCN_SYSCALL: do_syscall(r, &e->sys); break;
		}
		res->events++;
	}
	if (!r->done) {
		drain(r);
		if (r->mirror && !r->done)
			model_check(r, wc_tmc_finish(&r->c), "the end of the script");
		check_unlisted(r);
	}
	if (!r->done) {
		r->done = 1;
		res->status = WC_RUN_PASS;
	}
	ops->close(r->s);
out:
	if (r->pw) {
		wc_pcap_error pe;
		if (res->status == WC_RUN_TIMEOUT && !res->pkts_in && !res->pkts_out) {
			wc_pcap_abort(r->pw);
		} else if (wc_pcap_commit(r->pw, &pe) != WC_OK && res->status == WC_RUN_PASS) {
			res->status = WC_RUN_ERROR;
			snprintf(res->why, sizeof res->why, "pcap %s: %s", o->pcap_path, pe.msg);
		}
		r->pw = NULL;
	}
	res->wall_us = wall_us() - r->wall0;
	return WC_OK;
}

/* ------------------------------------------------------------------ */
/* Isolation.                                                         */

static int write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n) {
		ssize_t w = write(fd, b, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

int wc_run_start(const wc_scenario *sc, const wc_sut_ops *ops, const wc_run_opts *o, wc_run_job *job)
{
	static wc_run_opts def;
	int pfd[2];
	if (!sc || !ops || !job)
		return WC_EINVAL;
	if (!o) {
		wc_run_opts_default(&def);
		o = &def;
	}
	memset(job, 0, sizeof *job);
	job->pid = -1;
	job->fd = -1;
	job->timeout_us = o->timeout_us;
	job->pcap_path = o->pcap_path;
	snprintf(job->res.stack, sizeof job->res.stack, "%s", ops->name);
	job->t0 = wall_us();
	job->limit = o->timeout_us ? job->t0 + o->timeout_us + script_span(sc) + 1000000u : 0;
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		job->done = 1;
		job->res.status = WC_RUN_ERROR;
		snprintf(job->res.why, sizeof job->res.why, "pipe: %s", strerror(errno));
		return WC_OK;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		job->done = 1;
		job->res.status = WC_RUN_ERROR;
		snprintf(job->res.why, sizeof job->res.why, "fork: %s", strerror(errno));
		return WC_OK;
	}
	if (pid == 0) {
		static wc_run_result cr;
		close(pfd[0]);
		signal(SIGPIPE, SIG_IGN);
		wc_run_scenario(sc, ops, o, &cr);
		_exit(write_all(pfd[1], &cr, sizeof cr) == 0 ? 0 : 3);
	}
	close(pfd[1]);
	job->pid = pid;
	job->fd = pfd[0];
	return WC_OK;
}

static void job_end(wc_run_job *job, int timed_out)
{
	int st = 0;
	if (job->fd >= 0)
		close(job->fd);
	job->fd = -1;
	if (timed_out)
		kill(job->pid, SIGKILL);
	while (waitpid(job->pid, &st, 0) < 0 && errno == EINTR)
		;
	job->done = 1;
	if (job->got == sizeof job->res && !timed_out)
		return;
	char stack[sizeof job->res.stack];
	memcpy(stack, job->res.stack, sizeof stack);
	memset(&job->res, 0, sizeof job->res);
	memcpy(job->res.stack, stack, sizeof stack);
	job->res.stack[sizeof stack - 1] = 0;
	job->res.wall_us = wall_us() - job->t0;
	if (job->pcap_path) {
		char tmp[4200];
		snprintf(tmp, sizeof tmp, "%s.tmp.%ld", job->pcap_path, (long)job->pid);
		unlink(tmp);
	}
	if (timed_out) {
		job->res.status = WC_RUN_TIMEOUT;
		snprintf(job->res.why, sizeof job->res.why, "no result within %llu ms: stack hung, run killed",
			 (unsigned long long)(job->timeout_us / 1000));
	} else if (WIFSIGNALED(st)) {
		job->res.status = WC_RUN_ERROR;
		snprintf(job->res.why, sizeof job->res.why, "run crashed: %s", strsignal(WTERMSIG(st)));
	} else {
		job->res.status = WC_RUN_ERROR;
		snprintf(job->res.why, sizeof job->res.why, "run exited %d without a result",
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
}

int wc_run_poll(wc_run_job *job, int wait_ms)
{
	uint8_t *dst = (uint8_t *)&job->res;
	if (job->done)
		return 1;
	for (;;) {
		uint64_t now = wall_us();
		int ms = wait_ms;
		if (job->limit) {
			if (now >= job->limit) {
				job_end(job, 1);
				return 1;
			}
			int left = (int)((job->limit - now) / 1000u) + 1;
			if (ms < 0 || ms > left)
				ms = left;
		}
		struct pollfd pf = {.fd = job->fd, .events = POLLIN};
		int pr = poll(&pf, 1, ms);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0) {
			if (wait_ms >= 0)
				return 0;
			continue; /* blocking: the deadline check above ends it */
		}
		ssize_t n = read(job->fd, dst + job->got, sizeof job->res - job->got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (job->got += (size_t)n) == sizeof job->res) {
			job_end(job, 0);
			return 1;
		}
		if (wait_ms > 0)
			wait_ms = 0; /* take what is there, then report */
	}
}

int wc_run_isolated(const wc_scenario *sc, const wc_sut_ops *ops, const wc_run_opts *o, wc_run_result *res)
{
	static wc_run_job job;
	if (!sc || !ops || !res)
		return WC_EINVAL;
	int rc = wc_run_start(sc, ops, o, &job);
	if (rc != WC_OK)
		return rc;
	wc_run_poll(&job, -1);
	*res = job.res;
	return WC_OK;
}
