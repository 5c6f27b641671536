/*
 * The tcp_diff engine (diff_tcp.h): decode, run on lwIP, check with the
 * model's trace checker, record as a scenario.
 */
#include "diff_tcp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "stacks/lwip.h"
#include "wirecheck/packet.h"

#define DT_TICK_US 250000u /* lwIP's TCP timer interval (TCP_TMR_INTERVAL) */
#define DT_MAX_PAYLOAD 1460u

static const uint16_t k_mss[8] = {536, 1460, 0, 1, 64, 65535, 1220, 9000};
static const uint8_t k_flags[16] = {
	WC_SCN_ACK,
	WC_SCN_PSH | WC_SCN_ACK,
	WC_SCN_FIN | WC_SCN_ACK,
	WC_SCN_FIN | WC_SCN_PSH | WC_SCN_ACK,
	WC_SCN_RST,
	WC_SCN_RST | WC_SCN_ACK,
	WC_SCN_SYN,
	WC_SCN_SYN | WC_SCN_ACK,
	WC_SCN_SYN | WC_SCN_FIN,
	WC_SCN_SYN | WC_SCN_RST,
	0,
	WC_SCN_FIN,
	WC_SCN_URG | WC_SCN_ACK,
	WC_SCN_ECE | WC_SCN_CWR | WC_SCN_ACK,
	WC_SCN_SYN | WC_SCN_FIN | WC_SCN_ACK,
	WC_SCN_FIN | WC_SCN_RST | WC_SCN_ACK,
};
/* Malformed options (raw bytes on the wire): lengths below 2, wrong for
 * the kind, past the end of the option area, a kind without its length. */
typedef struct dt_raw {
	uint8_t n;
	uint8_t b[10];
} dt_raw;
static const dt_raw k_raw[12] = {
	{2, {0x02, 0x01}},                   /* MSS, length 1 */
	{3, {0x02, 0x03, 0x05}},             /* MSS, length 3 */
	{2, {0x03, 0x02}},                   /* WS, length 2 */
	{4, {0x03, 0x04, 0x07, 0x00}},       /* WS, length 4 */
	{9, {0x08, 0x09, 0, 0, 0, 1, 0, 0, 0}}, /* TS, length 9 */
	{3, {0x05, 0x03, 0x00}},             /* SACK, length 3 */
	{3, {0x04, 0x03, 0x00}},             /* SACK-permitted, length 3 */
	{2, {0xfe, 0x00}},                   /* unknown kind, length 0 */
	{2, {0x02, 0x28}},                   /* MSS, length 40: past the end */
	{1, {0x02}},                         /* MSS kind, no length byte */
	{4, {0x02, 0x04, 0x00, 0x00}},       /* MSS 0 */
	{6, {0x05, 0x06, 0, 0, 0, 0}},       /* SACK, length not 2 + 8n */
};
static const uint32_t k_write[8] = {1, 10, 100, 536, 1000, 1460, 5000, 65535};
static const uint32_t k_read[4] = {1, 100, 1460, 65535};
static const uint16_t k_synwin[4] = {65535, 1024, 0, 8192};
static const uint32_t k_tw_ms[4] = {60000, 120000, 121000, 240000};

/* script descriptors: the listener (or the active socket) and the accepted one */
#define FD_FIRST 3
#define FD_ACCEPTED 4

typedef struct dt_rd {
	const uint8_t *p;
	size_t n, i;
} dt_rd;

static const uint8_t *take(dt_rd *r, size_t k)
{
	if (r->n - r->i < k)
		return NULL;
	const uint8_t *b = r->p + r->i;
	r->i += k;
	return b;
}

static int stopped(const wc_dt *d)
{
	return d->diverged || d->model_err || d->harness_err;
}

/* ------------------------------------------------------------------ */
/* Recording.                                                         */

static wc_scn_event *rec_new(wc_dt *d, wc_scn_event_kind k)
{
	wc_scenario *sc = d->rec;
	if (!sc || sc->nevents >= WC_SCN_MAX_EVENTS)
		return NULL;
	wc_scn_event *e = &sc->events[sc->nevents++];
	memset(e, 0, sizeof *e);
	e->kind = k;
	e->time.kind = WC_SCN_TIME_ABS;
	e->time.usec = e->time.usec_end = (int64_t)d->now;
	e->line = sc->nevents;
	return e;
}

static void rec_sys(wc_dt *d, const wc_scn_syscall *y)
{
	wc_scn_event *e = rec_new(d, WC_SCN_SYSCALL);
	if (e)
		e->sys = *y;
}

/* ------------------------------------------------------------------ */
/* Checking.                                                          */

static void check(wc_dt *d, int rc, const char *what)
{
	if (stopped(d))
		return;
	if (rc == WC_ETM_VIOLATION) {
		d->diverged = 1;
		d->rep = d->c.rep;
		d->rep_event = (unsigned)d->events;
		d->rep_call = d->cur_call;
	} else if (rc < 0) {
		d->model_err = rc;
		snprintf(d->why, sizeof d->why, "model: %s on %s in %s", wc_tm_strerror(rc), what,
			 wc_tcp_state_name(d->c.m.state));
	}
}

/* A divergence the runner finds before the model (unparsable packet, bad
 * checksum): no model row. */
static void diverge_raw(wc_dt *d, const char *field, const char *allowed, const char *actual)
{
	if (stopped(d))
		return;
	d->diverged = 1;
	memset(&d->rep, 0, sizeof d->rep);
	d->rep.rule = -1;
	d->rep.rule_id = "-";
	d->rep.field = field;
	snprintf(d->rep.allowed, sizeof d->rep.allowed, "%s", allowed);
	snprintf(d->rep.actual, sizeof d->rep.actual, "%s", actual);
	d->rep.cls = WC_TM_MUST;
	d->rep.state = d->c.m.state;
	d->rep_event = (unsigned)d->events;
	d->rep_call = d->cur_call;
}

static void harness(wc_dt *d, const char *what, int rc)
{
	if (stopped(d))
		return;
	d->harness_err = rc ? rc : WC_EINVAL;
	snprintf(d->why, sizeof d->why, "harness: %s: %s", what, wc_tm_strerror(rc));
}

/* Everything lwIP sent, to the checker (as the runner's drain does). */
static void drain(wc_dt *d)
{
	size_t len;
	while (!stopped(d) && d->ops->next_output(d->s, d->obuf, sizeof d->obuf, &len) == WC_OK) {
		wc_packet pk;
		char a[48];
		if (wc_packet_parse(wc_view_ro(d->obuf, len), WC_PKT_IP, &pk) != WC_OK) {
			snprintf(a, sizeof a, "%zu bytes that do not parse", len);
			diverge_raw(d, "packet", "an IP packet", a);
			return;
		}
		if (pk.l4 != WC_L4_TCP)
			continue;
		if (wc_packet_check_cksums(&pk) != WC_OK) {
			snprintf(a, sizeof a, "0x%04x", pk.tcp.cksum);
			diverge_raw(d, "checksum", "a correct checksum", a);
			return;
		}
		wc_scn_opt opts[WC_SCN_MAX_OPTS];
		wc_tm_seg seg;
		wc_run_tcp_seg(&pk.tcp, &seg, opts);
		if (!d->port_known) {
			d->net.sut_port = pk.tcp.sport;
			d->net.peer_port = pk.tcp.dport;
			d->port_known = 1;
		}
		if ((seg.flags & WC_TM_SYN) && !d->isn_known) {
			d->net.sut_isn = seg.seq;
			d->isn_known = 1;
		}
		if (seg.opts & WC_TM_O_TS) {
			d->net.last_tsval = seg.tsval;
			d->net.have_tsval = 1;
		}
		check(d, wc_tmc_output(&d->c, &seg), "an output segment");
	}
}

/* Let usec pass in steps ending at lwIP's timer ticks (not beyond
 * WC_DT_MAX_TIME_US: later time ops do nothing). */
static void rec_marker(wc_dt *d, uint64_t at);

static void advance(wc_dt *d, uint64_t usec)
{
	if (d->now >= WC_DT_MAX_TIME_US)
		return;
	uint64_t target = d->now + usec;
	rec_marker(d, target); /* first: a crash on the way keeps the time */
	while (d->now < target && !stopped(d)) {
		uint64_t next = (d->now / DT_TICK_US + 1) * DT_TICK_US;
		if (next > target)
			next = target;
		uint64_t dt = next - d->now;
		int rc = d->ops->advance(d->s, dt);
		if (rc != WC_OK) {
			harness(d, "advance", rc);
			return;
		}
		d->now = next;
		check(d, wc_tmc_advance(&d->c, dt), "time");
		drain(d);
	}
}

/* ------------------------------------------------------------------ */
/* Calls: on lwIP, recorded, mirrored into the model as the runner does. */

static int sut_call(wc_dt *d, wc_sut_call *c, wc_sut_result *r)
{
	memset(r, 0, sizeof *r);
	r->out = d->obuf;
	r->out_cap = sizeof d->obuf;
	int rc = d->ops->call(d->s, c, r);
	if (rc != WC_OK)
		harness(d, "call", rc);
	return rc;
}

static void model_call(wc_dt *d, int ev, uint32_t arg)
{
	check(d, wc_tmc_call(&d->c, ev, arg), "a call");
}

static int script_fd(const wc_dt *d, int sut_fd)
{
	return sut_fd == d->cfd && !d->active ? FD_ACCEPTED : FD_FIRST;
}

/* A call is recorded before it runs (so a crash inside it still leaves it
 * in the recording) and its result filled in afterwards (sys_ret). */
static wc_scn_syscall *sys_rec(wc_dt *d, wc_scn_sys_kind k, int fd, uint32_t len, int how)
{
	wc_scn_event *e = rec_new(d, WC_SCN_SYSCALL);
	if (!e)
		return NULL;
	e->sys.kind = k;
	e->sys.fd = fd;
	e->sys.len = len;
	e->sys.how = how;
	return &e->sys;
}

static void sys_ret(wc_scn_syscall *y, const wc_sut_result *r)
{
	if (!y)
		return;
	y->ret = r->ret;
	y->err = r->ret == -1 ? r->err : 0;
}

/* write / read / shutdown(SHUT_WR) on the connection. */
static void op_io(wc_dt *d, wc_sut_call_kind k, uint32_t n)
{
	wc_sut_call c;
	wc_sut_result r;
	if (d->cfd < 0)
		return;
	memset(&c, 0, sizeof c);
	c.kind = k;
	c.fd = d->cfd;
	c.len = n;
	c.how = SHUT_WR;
	int sfd = script_fd(d, d->cfd);
	wc_scn_syscall *y = sys_rec(d, k == WC_CALL_WRITE ? WC_SCN_SYS_WRITE : k == WC_CALL_READ ? WC_SCN_SYS_READ
				    : WC_SCN_SYS_SHUTDOWN, sfd, k == WC_CALL_SHUTDOWN ? 0 : n,
				    k == WC_CALL_SHUTDOWN ? SHUT_WR : 0);
	if (sut_call(d, &c, &r) != WC_OK)
		return;
	sys_ret(y, &r);
	d->events++;
	if (k == WC_CALL_WRITE) {
		if (d->model_conn && r.ret > 0)
			model_call(d, WC_TM_EV_SEND, (uint32_t)r.ret);
	} else if (k == WC_CALL_READ) {
		if (d->model_conn && r.ret > 0)
			model_call(d, WC_TM_EV_RECEIVE, (uint32_t)r.ret);
	} else if (d->model_conn) {
		/* the checker is told the result: a refused shutdown is not applied
		 * where the model allows the refusal (wc_tmc_call_ret) */
		check(d, wc_tmc_call_ret(&d->c, WC_TM_EV_SHUTDOWN, 0, r.ret == -1 ? r.err : 0), "a call");
	}
	drain(d);
}

/* close() (abort: after SO_LINGER {1, 0}) of the connection, or of the
 * listener (passive; listener_only: the listener even when accepted). */
static void op_close(wc_dt *d, int abort, int listener_only)
{
	wc_sut_call c;
	wc_sut_result r;
	int fd, model;
	if (listener_only) {
		if (d->active || d->lfd < 0 || !d->model_conn)
			return;
		fd = d->lfd;
		model = 0;
	} else if (d->cfd >= 0 && (d->active || d->model_conn)) {
		fd = d->cfd;
		model = 1;
	} else if (!d->active && !abort && d->lfd >= 0 && !d->model_conn &&
		   d->c.m.state == WC_TCP_LISTEN) {
		fd = d->lfd;
		model = 1; /* the model's fd until accept: its listener */
	} else {
		return;
	}
	int sfd = script_fd(d, fd);
	if (abort) {
		wc_scn_syscall y;
		memset(&y, 0, sizeof y);
		y.kind = WC_SCN_SYS_SETSOCKOPT;
		y.fd = sfd;
		y.level = SOL_SOCKET;
		y.opt = SO_LINGER;
		y.val = 0;
		rec_sys(d, &y); /* the runner emulates it: close() becomes an abort */
	}
	memset(&c, 0, sizeof c);
	c.kind = abort ? WC_CALL_ABORT : WC_CALL_CLOSE;
	c.fd = fd;
	wc_scn_syscall *y = sys_rec(d, WC_SCN_SYS_CLOSE, sfd, 0, 0);
	if (sut_call(d, &c, &r) != WC_OK)
		return;
	sys_ret(y, &r);
	d->events++;
	if (fd == d->lfd)
		d->lfd = -1;
	else
		d->cfd = -1;
	if (model)
		model_call(d, abort ? WC_TM_EV_ABORT : WC_TM_EV_CLOSE, 0);
	d->cur_call = (int)c.kind;
	drain(d);
	d->cur_call = -1;
}

static void op_accept(wc_dt *d)
{
	wc_sut_call c;
	wc_sut_result r;
	if (d->active || d->lfd < 0 || d->cfd >= 0)
		return;
	memset(&c, 0, sizeof c);
	c.kind = WC_CALL_ACCEPT;
	c.fd = d->lfd;
	wc_scn_syscall *y = sys_rec(d, WC_SCN_SYS_ACCEPT, FD_FIRST, 0, 0);
	if (sut_call(d, &c, &r) != WC_OK)
		return;
	d->events++;
	wc_sut_result rr = r;
	if (r.ret >= 0) {
		d->cfd = (int)r.ret;
		rr.ret = FD_ACCEPTED;
		if (d->c.m.state != WC_TCP_LISTEN)
			d->model_conn = 1;
	}
	sys_ret(y, &rr);
	drain(d);
}

/* ------------------------------------------------------------------ */
/* Segments.                                                          */

/* Where the live connection is, as the mirror model sees it (absolute
 * numbers converted to the script's relative ones). */
typedef struct dt_ref {
	uint32_t rcv_nxt, rcv_wnd; /* relative to WC_RUN_PEER_ISN */
	uint32_t snd_una, snd_nxt; /* relative to the SUT's ISN */
} dt_ref;

static void ref_of(wc_dt *d, dt_ref *x)
{
	const wc_tm *m = &d->c.m;
	static const dt_ref zero;
	*x = zero;
	if (m->state >= WC_TCP_SYN_RECEIVED) {
		x->rcv_nxt = m->rcv_nxt - WC_RUN_PEER_ISN;
		x->rcv_wnd = wc_tm_rcv_wnd(m);
	} else {
		x->rcv_wnd = 65535;
	}
	if (m->iss_bound) {
		x->snd_una = m->snd_una - d->net.sut_isn;
		x->snd_nxt = m->snd_nxt - d->net.sut_isn;
	}
}

static void add_opt(wc_scn_packet *p, uint8_t kind, uint32_t v1, uint32_t v2)
{
	if (p->nopts >= WC_SCN_MAX_OPTS)
		return;
	wc_scn_opt *o = &p->opts[p->nopts++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->v1 = v1;
	o->v2 = v2;
	p->opts_mode = WC_SCN_OPTS_LIST;
}

/* Options from a mask (bits as in diff_tcp.h) and a value byte. */
static void opts_from(wc_dt *d, wc_scn_packet *p, uint8_t mask, uint8_t v, const dt_ref *x)
{
	if (mask & 0x40) {
		add_opt(p, WC_SCN_OPT_NOP, 0, 0);
		add_opt(p, WC_SCN_OPT_NOP, 0, 0);
	}
	if (mask & 0x01)
		add_opt(p, WC_SCN_OPT_MSS, k_mss[v % 8], 0);
	if (mask & 0x02)
		add_opt(p, WC_SCN_OPT_WSCALE, v % 16, 0);
	if (mask & 0x04)
		add_opt(p, WC_SCN_OPT_SACKOK, 0, 0);
	if (mask & 0x08)
		add_opt(p, WC_SCN_OPT_TS, (uint32_t)(d->now / 1000u) + 1u, (mask & 0x80) ? 0 : 1);
	if (mask & 0x20) {
		/* a malformed option, written as raw bytes */
		const dt_raw *r = &k_raw[(v >> 3) % (sizeof k_raw / sizeof k_raw[0])];
		add_opt(p, WC_SCN_OPT_RAW, 0, 0);
		wc_scn_opt *o = &p->opts[p->nopts - 1];
		o->nraw = r->n;
		memcpy(o->raw, r->b, r->n);
	}
	if (mask & 0x10) {
		unsigned nb = 1 + (v >> 7);
		add_opt(p, WC_SCN_OPT_SACK, 0, 0);
		wc_scn_opt *o = &p->opts[p->nopts - 1];
		o->nblocks = (uint8_t)nb;
		for (unsigned b = 0; b < nb; b++) {
			uint32_t left = x->snd_una + (uint32_t)(v % 32) * 100u * (b + 1) + 1u;
			o->sack[b][0] = left;
			o->sack[b][1] = left + 100u + (uint32_t)v;
		}
	}
}

/* Inject p (recorded first), feed the model, collect the answer. */
static void send_seg(wc_dt *d, const wc_scn_packet *p)
{
	size_t plen = 0;
	wc_tm_seg seg;
	char why[120];
	int rc = wc_run_inbound_build(&d->net, p, (uint16_t)(d->pkts_in + 1), d->scratch, sizeof d->scratch,
				      d->pkt, sizeof d->pkt, &plen, &seg, why, sizeof why);
	if (rc != WC_OK)
		return; /* an option set the runner cannot send either: no-op */
	wc_scn_event *e = rec_new(d, WC_SCN_INBOUND);
	if (e)
		e->pkt = *p;
	d->pkts_in++;
	d->events++;
	rc = d->ops->inject(d->s, d->pkt, plen);
	if (rc != WC_OK) {
		harness(d, "inject", rc);
		return;
	}
	check(d, wc_tmc_input(&d->c, &seg), "an inbound segment");
	drain(d);
}

static void set_len(wc_scn_packet *p, uint32_t len)
{
	if (len > DT_MAX_PAYLOAD)
		len = DT_MAX_PAYLOAD;
	p->len = len;
	p->seq_end = p->seq + len;
}

static void op_segment(wc_dt *d, const uint8_t *a)
{
	dt_ref x;
	wc_scn_packet p;
	ref_of(d, &x);
	memset(&p, 0, sizeof p);
	p.flags = k_flags[a[0] % 16];
	if ((p.flags & WC_SCN_SYN) && !(p.flags & (WC_SCN_ACK | WC_SCN_RST)) && !d->active &&
	    d->lfd >= 0 && d->c.m.state == WC_TCP_CLOSED)
		return; /* a second connection through the listener: not modelled */
	uint32_t sd = (uint32_t)a[2] + 1u, ad = (uint32_t)a[4] + 1u;
	switch (a[1] % 8) {
	case 0: p.seq = x.rcv_nxt; break;
	case 1: p.seq = x.rcv_nxt + sd; break;
	case 2: p.seq = x.rcv_nxt - sd; break;
	case 3: p.seq = x.rcv_nxt + x.rcv_wnd - sd; break;
	case 4: p.seq = x.rcv_nxt + x.rcv_wnd + sd - 1u; break;
	case 5: p.seq = x.rcv_nxt + 0x80000000u + sd - 1u; break;
	case 6: p.seq = x.rcv_nxt - 65536u * sd; break;
	default: p.seq = x.rcv_nxt + 65536u * sd; break;
	}
	if (p.flags & WC_SCN_ACK) {
		p.has_ack = 1;
		switch (a[3] % 8) {
		case 0: p.ack = x.snd_nxt; break;
		case 1: p.ack = x.snd_una; break;
		case 2: p.ack = x.snd_una - ad; break;
		case 3: p.ack = x.snd_una + ad; break;
		case 4: p.ack = x.snd_nxt + ad; break;
		case 5: p.ack = x.snd_una + 0x80000000u; break;
		case 6: p.ack = x.snd_nxt - 1u; break;
		default: p.ack = 0; break;
		}
	}
	p.has_win = 1;
	switch (a[5] % 8) {
	case 0: p.win = 65535; break;
	case 1: p.win = 0; break;
	case 2: p.win = 1; break;
	case 3: p.win = sd; break;
	case 4: p.win = sd * 256u > 65535u ? 65535u : sd * 256u; break;
	case 5: p.win = 536; break;
	case 6: p.win = 65535u - sd; break;
	default: p.win = 1024; break;
	}
	if (p.flags & WC_SCN_URG) {
		p.has_urg = 1;
		p.urg = sd;
	}
	opts_from(d, &p, a[6], a[2], &x);
	uint32_t len;
	switch (a[7] % 16) {
	case 0: case 1: len = 0; break;
	case 2: len = 1; break;
	case 3: len = 2; break;
	case 4: len = sd; break;
	case 5: len = 4u * sd; break;
	case 6: len = 100; break;
	case 7: len = 535; break;
	case 8: len = 536; break;
	case 9: len = 537; break;
	case 10: len = 1000; break;
	case 11: len = 1400; break;
	case 12: len = x.rcv_wnd; break;
	case 13: len = x.rcv_wnd + 1u; break;
	case 14: len = x.rcv_wnd ? x.rcv_wnd - 1u : 0; break;
	default: len = DT_MAX_PAYLOAD; break;
	}
	set_len(&p, len);
	send_seg(d, &p);
}

/* The peer's SYN (passive) or SYN-ACK (active) of the prologue. */
static void syn_opts(wc_dt *d, wc_scn_packet *p, unsigned set, uint8_t b1)
{
	static const dt_ref zero;
	uint8_t mss_v = b1 & 7, ws = (uint8_t)(b1 >> 4);
	switch (set) {
	case 1: opts_from(d, p, 0x01, mss_v, &zero); break;
	case 2:
		opts_from(d, p, 0x01 | 0x04 | 0x08 | 0x80, mss_v, &zero);
		add_opt(p, WC_SCN_OPT_NOP, 0, 0);
		add_opt(p, WC_SCN_OPT_WSCALE, ws, 0);
		break;
	case 3: opts_from(d, p, 0x01 | 0x04, mss_v, &zero); break;
	default: break;
	}
}

/* ------------------------------------------------------------------ */
/* The run.                                                           */

static int prologue(wc_dt *d, uint8_t b0, uint8_t b1)
{
	wc_sut_call c;
	wc_sut_result r;
	wc_scn_syscall y;
	dt_ref x;
	unsigned set = (b0 >> 2) & 3;

	memset(&c, 0, sizeof c);
	c.kind = WC_CALL_SOCKET;
	c.level = d->net.v6 ? 10 : 2;
	if (sut_call(d, &c, &r) != WC_OK)
		return -1;
	if (r.ret < 0) {
		harness(d, "socket() failed", WC_EINVAL);
		return -1;
	}
	int fd = (int)r.ret;
	memset(&y, 0, sizeof y);
	y.kind = WC_SCN_SYS_SOCKET;
	y.fd = -1;
	y.ret = FD_FIRST;
	rec_sys(d, &y);
	d->events++;
	if (d->active) {
		d->cfd = fd;
		d->model_conn = 1;
		memset(&c, 0, sizeof c);
		c.kind = WC_CALL_CONNECT;
		c.fd = fd;
		c.port = WC_DT_SUT_PORT;
		wc_scn_syscall *yc = sys_rec(d, WC_SCN_SYS_CONNECT, FD_FIRST, 0, 0);
		if (sut_call(d, &c, &r) != WC_OK)
			return -1;
		sys_ret(yc, &r);
		d->events++;
		model_call(d, WC_TM_EV_OPEN_ACTIVE, 0);
		drain(d);
	} else {
		d->lfd = fd;
		memset(&c, 0, sizeof c);
		c.kind = WC_CALL_BIND;
		c.fd = fd;
		c.port = WC_DT_SUT_PORT;
		wc_scn_syscall *yb = sys_rec(d, WC_SCN_SYS_BIND, FD_FIRST, 0, 0);
		if (sut_call(d, &c, &r) != WC_OK)
			return -1;
		sys_ret(yb, &r);
		memset(&c, 0, sizeof c);
		c.kind = WC_CALL_LISTEN;
		c.fd = fd;
		c.backlog = 1;
		if (sut_call(d, &c, &r) != WC_OK)
			return -1;
		memset(&y, 0, sizeof y);
		y.kind = WC_SCN_SYS_LISTEN;
		y.fd = FD_FIRST;
		y.backlog = 1;
		y.ret = r.ret;
		y.err = r.ret == -1 ? r.err : 0;
		rec_sys(d, &y);
		d->events += 2;
		model_call(d, WC_TM_EV_OPEN_PASSIVE, 0);
		drain(d);
		if (stopped(d))
			return -1;
		wc_scn_packet p;
		memset(&p, 0, sizeof p);
		p.flags = WC_SCN_SYN;
		p.has_win = 1;
		p.win = k_synwin[b0 >> 6];
		syn_opts(d, &p, set, b1);
		send_seg(d, &p);
	}
	if (stopped(d))
		return -1;
	if (b0 & 0x10) {
		wc_scn_packet p;
		memset(&p, 0, sizeof p);
		ref_of(d, &x);
		p.has_ack = 1;
		p.has_win = 1;
		p.win = 65535;
		if (d->active) {
			p.flags = WC_SCN_SYN | WC_SCN_ACK;
			p.ack = x.snd_nxt;
			syn_opts(d, &p, set, b1);
		} else {
			p.flags = WC_SCN_ACK;
			p.seq = p.seq_end = x.rcv_nxt;
			p.ack = x.snd_nxt;
			if (set == 2)
				opts_from(d, &p, 0x08, 0, &x);
		}
		send_seg(d, &p);
		if (!d->active && (b0 & 0x20) && !stopped(d))
			op_accept(d);
	}
	return stopped(d) ? -1 : 0;
}

int wc_dt_open(wc_dt *d, char *why, size_t whylen)
{
	wc_lwip_opts o;
	if (!d)
		return WC_EINVAL;
	memset(d, 0, sizeof *d);
	d->ops = strcmp(wc_lwip_build(), "inst") == 0 ? &wc_sut_lwip_inst : &wc_sut_lwip;
	memset(&d->cfg, 0, sizeof d->cfg); /* wc_sut_config_default's values */
	d->cfg.timestamps = d->cfg.sack = d->cfg.window_scaling = -1;
	d->cfg.ecn = d->cfg.syncookies = d->cfg.rfc1337 = d->cfg.mss = -1;
	wc_lwip_opts_default(&o);
	o.link = WC_LWIP_LINK_RAWIP;
	d->prof = wc_tm_profile_lwip;
	d->lfd = d->cfd = -1;
	return wc_lwip_open(&d->s, &d->cfg, &o, why, whylen);
}

void wc_dt_close(wc_dt *d)
{
	if (d && d->s) {
		d->ops->close(d->s);
		d->s = NULL;
	}
}

static void rec_begin(wc_scenario *sc, int v6)
{
	sc->file = "tcp_diff";
	sc->tolerance_usecs = -1;
	sc->tolerance_percent = -1;
	sc->ip_version = v6 ? 6 : 4;
	sc->mtu = -1;
	sc->bind_port = WC_DT_SUT_PORT;
	sc->connect_port = WC_DT_SUT_PORT;
	sc->model_decides = 1;
	sc->timestamps = sc->sack = sc->window_scaling = -1;
	sc->ecn = sc->syncookies = sc->rfc1337 = -1;
	sc->nrules = 0;
	sc->nevents = 0;
}

int wc_dt_run(wc_dt *d, const uint8_t *data, size_t size, wc_scenario *rec)
{
	wc_lwip_opts o;
	dt_rd rd = {data, size, 0};
	if (!d || !d->s || (!data && size))
		return WC_EINVAL;
	const uint8_t *pro = take(&rd, 2);
	uint8_t b0 = pro ? pro[0] : 0, b1 = pro ? pro[1] : 0;

	d->active = b0 & 1;
	d->cfg.ipv6 = (b0 >> 1) & 1;
	wc_lwip_opts_default(&o);
	o.link = WC_LWIP_LINK_RAWIP;
	int rc = wc_lwip_reset(d->s, &d->cfg, &o);
	d->rec = rec;
	d->lfd = d->cfd = -1;
	d->model_conn = 0;
	d->now = 0;
	d->isn_known = d->port_known = 0;
	d->events = d->ops_run = 0;
	d->pkts_in = 0;
	d->diverged = d->model_err = d->harness_err = 0;
	d->rep_event = 0;
	d->cur_call = d->rep_call = -1;
	d->why[0] = 0;
	memset(&d->net, 0, sizeof d->net);
	d->net.v6 = d->cfg.ipv6;
	if (d->net.v6) {
		inet_pton(AF_INET6, WC_SUT_ADDR6_LOCAL, d->net.sut_addr);
		inet_pton(AF_INET6, WC_SUT_ADDR6_REMOTE, d->net.peer_addr);
	} else {
		inet_pton(AF_INET, WC_SUT_ADDR4_LOCAL, d->net.sut_addr);
		inet_pton(AF_INET, WC_SUT_ADDR4_REMOTE, d->net.peer_addr);
	}
	d->net.sut_port = WC_DT_SUT_PORT;
	d->net.peer_port = WC_RUN_PEER_PORT;
	wc_tmc_init(&d->c, &d->prof, NULL);
	d->c.m.ipv6 = (uint8_t)(d->net.v6 != 0);
	if (rec)
		rec_begin(rec, d->net.v6);
	if (rc != WC_OK) {
		harness(d, "reset", rc);
		return WC_OK;
	}
	if (prologue(d, b0, b1) == 0) {
		const uint8_t *op, *a;
		while (d->ops_run < WC_DT_MAX_OPS && !stopped(d) && (op = take(&rd, 1))) {
			d->ops_run++;
			switch (op[0] % 16) {
			case 0: case 1: case 2: case 3: case 4: case 5:
				if (!(a = take(&rd, 8)))
					goto end;
				op_segment(d, a);
				break;
			case 6:
				if (!(a = take(&rd, 1)))
					goto end;
				op_io(d, WC_CALL_WRITE, k_write[a[0] % 8]);
				break;
			case 7:
				if (!(a = take(&rd, 1)))
					goto end;
				op_io(d, WC_CALL_READ, k_read[a[0] % 4]);
				break;
			case 8: op_io(d, WC_CALL_SHUTDOWN, 0); break;
			case 9: op_close(d, 0, 0); break;
			case 10: op_close(d, 1, 0); break;
			case 11: op_accept(d); break;
			case 12: op_close(d, 0, 1); break;
			case 13:
				if (!(a = take(&rd, 1)))
					goto end;
				advance(d, ((uint64_t)a[0] + 1u) * 1000u);
				d->events++;
				break;
			case 14:
				if (!(a = take(&rd, 1)))
					goto end;
				advance(d, ((uint64_t)(a[0] % 16) + 1u) * 500000u);
				d->events++;
				break;
			default:
				if (!(a = take(&rd, 1)))
					goto end;
				advance(d, (uint64_t)k_tw_ms[a[0] % 4] * 1000u);
				d->events++;
				break;
			}
		}
	}
end:
	if (!stopped(d))
		check(d, wc_tmc_finish(&d->c), "the end of the input");
	if (rec && (!rec->nevents || rec->events[rec->nevents - 1].time.usec < (int64_t)d->now))
		rec_marker(d, d->now);
	return WC_OK;
}

/* A time marker at absolute time at: the runner advances to each event's
 * time, so a time op is recorded as fcntl(F_SETFL) at its end, a call the
 * runner does not send to any stack. */
static void rec_marker(wc_dt *d, uint64_t at)
{
	if (!d->rec)
		return;
	uint64_t keep = d->now;
	wc_scn_syscall y;
	memset(&y, 0, sizeof y);
	y.kind = WC_SCN_SYS_FCNTL;
	y.fd = FD_FIRST;
	y.cmd = 4;          /* F_SETFL */
	y.arg = 02 | 04000; /* O_RDWR | O_NONBLOCK */
	d->now = at;
	rec_sys(d, &y);
	d->now = keep;
}

int wc_dt_leaks(wc_dt *d, char *why, size_t whylen)
{
	wc_sut_call c;
	wc_sut_result r;
	wc_sut_resources res;
	wc_lwip_opts o;
	if (d->harness_err)
		return 0;
	d->rec = NULL;
	if (d->cfd >= 0) {
		memset(&c, 0, sizeof c);
		c.kind = WC_CALL_ABORT;
		c.fd = d->cfd;
		d->ops->call(d->s, &c, &r);
		d->cfd = -1;
	}
	if (d->lfd >= 0) {
		memset(&c, 0, sizeof c);
		c.kind = WC_CALL_CLOSE;
		c.fd = d->lfd;
		d->ops->call(d->s, &c, &r);
		d->lfd = -1;
	}
	size_t len;
	uint64_t waited = 0;
	for (;;) {
		while (d->ops->next_output(d->s, d->obuf, sizeof d->obuf, &len) == WC_OK)
			;
		if (d->ops->resources(d->s, &res) != WC_OK) {
			snprintf(why, whylen, "lwIP resources unavailable");
			return 1;
		}
		if (res.pcbs == 0)
			break;
		if (waited >= WC_DT_LEAK_WAIT_US) {
			snprintf(why, whylen,
				 "resource leak: %ld protocol control blocks still live %llu h (virtual) after "
				 "every descriptor was closed or aborted",
				 res.pcbs, (unsigned long long)(WC_DT_LEAK_WAIT_US / 3600000000ull));
			return 1;
		}
		/* 10 s steps first (TIME-WAIT, FIN-WAIT-2 and persist give-ups
		 * come early), then 10 min */
		uint64_t step = waited < 600ull * 1000000u ? 10ull * 1000000u : 600ull * 1000000u;
		d->ops->advance(d->s, step);
		waited += step;
	}
	wc_lwip_opts_default(&o);
	o.link = WC_LWIP_LINK_RAWIP;
	if (wc_lwip_reset(d->s, &d->cfg, &o) != WC_OK) {
		snprintf(why, whylen, "lwIP reset failed");
		return 1;
	}
	return wc_lwip_leaked(d->s, why, whylen);
}

void wc_dt_format(const wc_dt *d, char *buf, size_t cap)
{
	const wc_tm_report *p = &d->rep;
	snprintf(buf, cap, "divergence rule=%s field=%s state=%s: allowed %s actual %s (%s) after event %u",
		 p->rule_id ? p->rule_id : "-", p->field ? p->field : "segment", wc_tcp_state_name(p->state),
		 p->allowed, p->actual, wc_tm_class_name(p->cls), d->rep_event);
}
