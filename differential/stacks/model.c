/*
 * The TCP reference model as a system under test (wc_sut_model, "model").
 *
 * The model is one connection, optionally born from a listener
 * (tcp_model.h); this adapter gives it a socket face:
 *   - descriptors are virtual, lowest free from 3; the first socket that
 *     listens or connects owns the model's connection; accept() on the
 *     listener returns a new descriptor for it once it is synchronized
 *     (ESTABLISHED or later) and has not been accepted yet; a second
 *     connection is outside the model (later SYNs reach the same one);
 *   - every inbound IP packet addressed to 192.0.2.1 / 2001:db8::1 with a
 *     correct TCP checksum is one wc_tm_ep_input(); others are dropped as a
 *     stack would; what the endpoint transmits (wc_tm_ep_pop) leaves as an
 *     IP packet with correct checksums, payload bytes zero;
 *   - calls map to model events: listen -> OPEN_PASSIVE, connect ->
 *     OPEN_ACTIVE (-1 EINPROGRESS: sockets are nonblocking), write -> SEND,
 *     read -> RECEIVE (bytes handed over = the drop of the model's receive
 *     queue; 0 at end of data, else -1 EAGAIN), shutdown(SHUT_WR/RDWR) ->
 *     SHUTDOWN, close -> CLOSE (ABORT after SO_LINGER {1, 0}), ABORT ->
 *     ABORT. The model's user outcome maps to errno: "connection does not
 *     exist" ENOTCONN, "connection closing" EPIPE, "connection reset"
 *     ECONNRESET, "connection refused" ECONNREFUSED, user timeout
 *     ETIMEDOUT. An asynchronous reset/refusal is kept for SO_ERROR and
 *     the next read/write, as sockets do (a reset in SYN-SENT is
 *     ECONNREFUSED, in CLOSE-WAIT EPIPE, as Linux reports them); once it
 *     has been reported, a socket whose connection has ended gives EPIPE
 *     for write and end of file (0) for read, where the model says
 *     "connection does not exist";
 *   - advance() is wc_tm_ep_advance(): virtual time, timers fire exactly.
 * A segment for another 4-tuple than the connection's is dropped (the model
 * has one connection), so scenarios with two connections are outside it.
 * Profile: "strict" with the scenario's configuration applied (timestamps,
 * SACK and window scaling sysctls switch the options the endpoint offers;
 * rfc1337; mss); cfg.seed, when not 0, is the ISS.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "wirecheck/cksum.h"
#include "wirecheck/packet.h"
#include "wirecheck/tcp_model.h"
#include "wirecheck/tcp_model_check.h"

#include "model.h"

#define MD_FIRST_FD 3
#define MD_MAX_FDS 16
#define MD_EPHEMERAL 49152

enum md_kind { MD_FREE = 0, MD_SOCK, MD_LISTENER, MD_CONN };

struct wc_sut {
	wc_tm m;
	wc_tm_profile prof;
	wc_sut_config cfg;
	int v6;
	uint8_t local[16], remote[16];
	uint16_t lport, rport;
	int kind[MD_MAX_FDS];
	int linger0[MD_MAX_FDS];
	int owner;       /* fd index owning the model connection, -1 none */
	int listener;    /* fd index of the listener, -1 none */
	int accepted;    /* the connection has been handed to accept() */
	int conn_fd;     /* fd index of the accepted / connecting socket */
	int pend_err;    /* asynchronous error for SO_ERROR / next call */
	int gone;        /* the connection of the owning socket has ended */
	uint16_t ip_id;
	uint8_t tcp[65536];
	uint8_t fix[65536]; /* an inbound packet with its malformed TCP options blanked */
};

/* Record an asynchronous outcome the model reported, as the socket error a
 * socket layer keeps for it (Linux tcp_reset(): a reset in SYN-SENT is
 * ECONNREFUSED, in CLOSE-WAIT EPIPE, otherwise ECONNRESET). before is the
 * model's state before the step. */
static void note_user(wc_sut *s, int before)
{
	if (s->m.state == WC_TCP_CLOSED && before != WC_TCP_CLOSED && before != WC_TCP_LISTEN &&
	    s->owner >= 0 && s->kind[s->owner] == MD_CONN)
		s->gone = 1; /* the connection ended under an open socket */
	switch (s->m.user) {
	case WC_TM_U_RESET:
		s->pend_err = before == WC_TCP_SYN_SENT ? ECONNREFUSED
			      : before == WC_TCP_CLOSE_WAIT ? EPIPE : ECONNRESET;
		break;
	case WC_TM_U_REFUSED: s->pend_err = ECONNREFUSED; break;
	case WC_TM_U_TIMEOUT: s->pend_err = ETIMEDOUT; break;
	default: break;
	}
}

static int md_reset(wc_sut *s, const wc_sut_config *cfg)
{
	wc_sut_config def;
	if (!cfg) {
		wc_sut_config_default(&def);
		cfg = &def;
	}
	memset(s, 0, offsetof(struct wc_sut, tcp));
	s->cfg = *cfg;
	s->prof = wc_tm_profile_strict;
	if (cfg->timestamps >= 0)
		s->prof.ts = (uint8_t)(cfg->timestamps != 0);
	if (cfg->sack >= 0)
		s->prof.sack = (uint8_t)(cfg->sack != 0);
	if (cfg->window_scaling >= 0)
		s->prof.wscale = cfg->window_scaling ? 7 : 0xff;
	if (cfg->rfc1337 >= 0)
		s->prof.rfc1337 = (uint8_t)(cfg->rfc1337 != 0);
	if (cfg->mss > 0 && cfg->mss < 65536)
		s->prof.mss = (uint16_t)cfg->mss;
	if (cfg->seed)
		s->prof.iss = cfg->seed;
	wc_tm_ep_init(&s->m, &s->prof, NULL);
	s->v6 = cfg->ipv6 == 1;
	s->m.ipv6 = (uint8_t)s->v6;
	if (s->v6) {
		inet_pton(AF_INET6, WC_SUT_ADDR6_LOCAL, s->local);
		inet_pton(AF_INET6, WC_SUT_ADDR6_REMOTE, s->remote);
	} else {
		inet_pton(AF_INET, WC_SUT_ADDR4_LOCAL, s->local);
		inet_pton(AF_INET, WC_SUT_ADDR4_REMOTE, s->remote);
	}
	s->owner = s->listener = s->conn_fd = -1;
	return WC_OK;
}

static int md_open(wc_sut **out, const wc_sut_config *cfg, char *why, size_t whylen)
{
	wc_sut *s = calloc(1, sizeof *s);
	if (!s) {
		if (why && whylen)
			snprintf(why, whylen, "out of memory");
		return WC_ENOMEM;
	}
	md_reset(s, cfg);
	*out = s;
	return WC_OK;
}

static void md_close(wc_sut *s)
{
	free(s);
}

/*
 * A packet whose TCP options do not walk cleanly (an illegal option length,
 * MUST-7): copy it into s->fix with the option area turned into NOPs (the
 * TCP checksum updated incrementally, so it stays right exactly when it was
 * right), and decode the original option bytes as a receiver does into
 * *opts (wc_tm_seg_opts: WC_TM_O_BADLEN and the options before the bad
 * one). WC_OK, or WC_EINVAL when the packet is not such a TCP packet.
 */
static int blank_options(wc_sut *s, const uint8_t *pkt, size_t len, wc_tm_seg *opts)
{
	size_t off;
	if (len > sizeof s->fix || len < 1)
		return WC_EINVAL;
	if ((pkt[0] >> 4) == 4) {
		wc_ipv4 ip;
		if (wc_ipv4_parse(wc_view_ro(pkt, len), &ip) != WC_OK || ip.proto != WC_IPPROTO_TCP ||
		    wc_ipv4_is_frag(&ip))
			return WC_EINVAL;
		off = wc_ipv4_hdr_len(&ip);
		len = wc_ipv4_total_len(&ip);
	} else if ((pkt[0] >> 4) == 6) {
		wc_ipv6 ip;
		if (wc_ipv6_parse(wc_view_ro(pkt, len), &ip) != WC_OK || ip.proto != WC_IPPROTO_TCP)
			return WC_EINVAL;
		off = (size_t)(ip.payload.p - pkt); /* after any extension headers */
		len = off + ip.payload.len;
	} else {
		return WC_EINVAL;
	}
	if (len < off + WC_TCP_HDR_LEN)
		return WC_EINVAL;
	const uint8_t *t = pkt + off;
	size_t doff = (size_t)(t[12] >> 4) * 4;
	if (doff < WC_TCP_HDR_LEN || off + doff > len)
		return WC_EINVAL;
	memcpy(s->fix, pkt, len);
	uint8_t *ft = s->fix + off;
	uint16_t ck = wc_load_be16(ft + 16);
	for (size_t i = WC_TCP_HDR_LEN; i < doff; i += 2) {
		uint16_t old = wc_load_be16(ft + i);
		ft[i] = ft[i + 1] = 1; /* NOP NOP */
		ck = wc_cksum_update16(ck, old, 0x0101);
	}
	ft[16] = (uint8_t)(ck >> 8);
	ft[17] = (uint8_t)ck;
	memset(opts, 0, sizeof *opts);
	wc_tm_seg_opts(t + WC_TCP_HDR_LEN, doff - WC_TCP_HDR_LEN, opts);
	return WC_OK;
}

static int md_inject(wc_sut *s, const uint8_t *pkt, size_t len)
{
	wc_packet pk;
	wc_tm_seg seg, lopts;
	int lenient = 0;
	int prc = wc_packet_parse(wc_view_ro(pkt, len), WC_PKT_IP, &pk);
	if (prc == WC_ETCP_OPTLEN || prc == WC_ETCP_OPTSIZE || prc == WC_ETCP_OPTMANY) {
		/* MUST-7: handled, not refused (the model decides what follows) */
		if (blank_options(s, pkt, len, &lopts) != WC_OK)
			return WC_OK;
		prc = wc_packet_parse(wc_view_ro(s->fix, len), WC_PKT_IP, &pk);
		lenient = 1;
	}
	if (prc != WC_OK)
		return WC_OK; /* malformed: dropped, as a stack does */
	if (pk.l4 != WC_L4_TCP || wc_packet_check_cksums(&pk) != WC_OK)
		return WC_OK;
	const uint8_t *dst = pk.l3 == WC_L3_IPV6 ? pk.ip6.dst : pk.ip4.dst;
	if ((pk.l3 == WC_L3_IPV6) != s->v6 || memcmp(dst, s->local, s->v6 ? 16 : 4) != 0)
		return WC_OK;
	memset(&seg, 0, sizeof seg);
	seg.seq = pk.tcp.seq;
	seg.ack = pk.tcp.ack;
	seg.flags = pk.tcp.flags & 0x1ff;
	seg.wnd = pk.tcp.wnd;
	seg.up = pk.tcp.urg;
	seg.len = (uint32_t)pk.tcp.payload.len;
	seg.data = pk.tcp.payload.p;
	if (lenient) {
		seg.opts = lopts.opts;
		seg.mss = lopts.mss;
		seg.wscale = lopts.wscale;
		seg.tsval = lopts.tsval;
		seg.tsecr = lopts.tsecr;
		seg.nsack = lopts.nsack;
		memcpy(seg.sack, lopts.sack, sizeof seg.sack);
	}
	for (unsigned i = 0; !lenient && i < pk.tcp.n_opts; i++) {
		const wc_tcp_opt *o = &pk.tcp.opts[i];
		switch (o->kind) {
		case WC_TCPOPT_MSS:
			if (!(seg.opts & WC_TM_O_MSS)) { seg.opts |= WC_TM_O_MSS; seg.mss = o->u.mss; }
			break;
		case WC_TCPOPT_WS:
			if (!(seg.opts & WC_TM_O_WS)) { seg.opts |= WC_TM_O_WS; seg.wscale = o->u.ws; }
			break;
		case WC_TCPOPT_SACK_PERM:
			seg.opts |= WC_TM_O_SACKOK;
			break;
		case WC_TCPOPT_TS:
			if (!(seg.opts & WC_TM_O_TS)) {
				seg.opts |= WC_TM_O_TS;
				seg.tsval = o->u.ts.val;
				seg.tsecr = o->u.ts.ecr;
			}
			break;
		case WC_TCPOPT_SACK:
			if (!(seg.opts & WC_TM_O_SACK)) {
				seg.opts |= WC_TM_O_SACK;
				seg.nsack = o->u.sack.n;
				for (unsigned b = 0; b < o->u.sack.n && b < WC_TM_MAX_SACK; b++) {
					seg.sack[b][0] = o->u.sack.b[b].left;
					seg.sack[b][1] = o->u.sack.b[b].right;
				}
			}
			break;
		default:
			break;
		}
	}
	/* a listener learns its peer from the SYN; a connection keeps its own */
	if (s->m.state == WC_TCP_LISTEN || s->m.state == WC_TCP_CLOSED || s->rport == 0) {
		s->rport = pk.tcp.sport;
		if (s->m.state == WC_TCP_CLOSED && s->owner < 0)
			s->lport = pk.tcp.dport; /* a closed port answers from itself */
	}
	if (pk.tcp.dport != s->lport || pk.tcp.sport != s->rport)
		return WC_OK; /* another 4-tuple: outside the one-connection model, dropped */
	int before = s->m.state;
	int rc = wc_tm_ep_input(&s->m, &seg);
	note_user(s, before);
	return rc < 0 ? rc : WC_OK;
}

static int md_next_output(wc_sut *s, uint8_t *buf, size_t cap, size_t *len)
{
	wc_tm_seg seg;
	wc_tcp t;
	size_t tlen = 0, plen = 0;
	uint8_t peek_ok = s->m.nout > 0;
	if (!peek_ok)
		return WC_EINVAL;
	seg = s->m.out[0];
	memset(&t, 0, sizeof t);
	t.sport = s->lport;
	t.dport = s->rport;
	t.seq = seg.seq;
	t.ack = seg.ack;
	t.flags = seg.flags;
	t.wnd = seg.wnd;
	t.urg = seg.up;
	unsigned ob = 0;
#define ADD(k, l) (t.opts[t.n_opts].kind = (k), t.opts[t.n_opts].len = (l), ob += (l), &t.opts[t.n_opts++])
	if (seg.opts & WC_TM_O_MSS)
		ADD(WC_TCPOPT_MSS, 4)->u.mss = seg.mss;
	if (seg.opts & WC_TM_O_SACKOK) {
		if (!(seg.opts & WC_TM_O_TS)) {
			ADD(WC_TCPOPT_NOP, 1);
			ADD(WC_TCPOPT_NOP, 1);
		}
		ADD(WC_TCPOPT_SACK_PERM, 2);
	}
	if (seg.opts & WC_TM_O_TS) {
		wc_tcp_opt *o;
		if (!(seg.opts & WC_TM_O_SACKOK)) {
			ADD(WC_TCPOPT_NOP, 1);
			ADD(WC_TCPOPT_NOP, 1);
		}
		o = ADD(WC_TCPOPT_TS, 10);
		o->u.ts.val = seg.tsval;
		o->u.ts.ecr = seg.tsecr;
	}
	if (seg.opts & WC_TM_O_WS) {
		ADD(WC_TCPOPT_NOP, 1);
		ADD(WC_TCPOPT_WS, 3)->u.ws = seg.wscale;
	}
	if ((seg.opts & WC_TM_O_SACK) && seg.nsack) {
		wc_tcp_opt *o;
		ADD(WC_TCPOPT_NOP, 1);
		ADD(WC_TCPOPT_NOP, 1);
		o = ADD(WC_TCPOPT_SACK, (uint8_t)(2 + 8 * seg.nsack));
		o->u.sack.n = seg.nsack;
		for (unsigned b = 0; b < seg.nsack; b++) {
			o->u.sack.b[b].left = seg.sack[b][0];
			o->u.sack.b[b].right = seg.sack[b][1];
		}
	}
#undef ADD
	while (ob % 4) {
		t.opts[t.n_opts].kind = WC_TCPOPT_NOP;
		t.opts[t.n_opts++].len = 1;
		ob++;
	}
	static const uint8_t zeros[65536];
	if (seg.len > sizeof zeros)
		return WC_EINVAL;
	t.payload = wc_view_ro(zeros, seg.len);
	wc_pseudo ph = s->v6 ? wc_pseudo6(s->local, s->remote) : wc_pseudo4(s->local, s->remote);
	int rc = wc_tcp_emit(&t, &ph, wc_view_rw(s->tcp, sizeof s->tcp), &tlen);
	if (rc != WC_OK)
		return rc;
	if (s->v6) {
		wc_ipv6 ip;
		memset(&ip, 0, sizeof ip);
		ip.hop_limit = 64;
		memcpy(ip.src, s->local, 16);
		memcpy(ip.dst, s->remote, 16);
		ip.proto = WC_IPPROTO_TCP;
		ip.payload = wc_view_ro(s->tcp, tlen);
		rc = wc_ipv6_emit(&ip, wc_view_rw(buf, cap), &plen);
	} else {
		wc_ipv4 ip;
		memset(&ip, 0, sizeof ip);
		ip.id = ++s->ip_id;
		ip.frag = WC_IPV4_FLAG_DF;
		ip.ttl = 64;
		ip.proto = WC_IPPROTO_TCP;
		memcpy(ip.src, s->local, 4);
		memcpy(ip.dst, s->remote, 4);
		ip.payload = wc_view_ro(s->tcp, tlen);
		rc = wc_ipv4_emit(&ip, 1, wc_view_rw(buf, cap), &plen);
	}
	if (rc != WC_OK)
		return rc; /* stays queued (WC_ENOSPC: a bigger buffer will do) */
	wc_tm_ep_pop(&s->m, &seg);
	*len = plen;
	return WC_OK;
}

static int fd_index(const wc_sut *s, int fd)
{
	int i = fd - MD_FIRST_FD;
	if (i < 0 || i >= MD_MAX_FDS || s->kind[i] == MD_FREE)
		return -1;
	return i;
}

static int fd_alloc(wc_sut *s, int kind)
{
	for (int i = 0; i < MD_MAX_FDS; i++)
		if (s->kind[i] == MD_FREE) {
			s->kind[i] = kind;
			s->linger0[i] = 0;
			return i;
		}
	return -1;
}

static int user_errno(int user)
{
	switch (user) {
	case WC_TM_U_NOCONN: return ENOTCONN;
	case WC_TM_U_EXISTS: return EISCONN;
	case WC_TM_U_CLOSING: return EPIPE;
	case WC_TM_U_RESET: return ECONNRESET;
	case WC_TM_U_REFUSED: return ECONNREFUSED;
	case WC_TM_U_TIMEOUT: return ETIMEDOUT;
	default: return 0;
	}
}

static void fail(wc_sut_result *r, int e)
{
	r->ret = -1;
	r->err = e;
}

/* Run a model call; WC_OK or a model code (harness failure). */
static int ev(wc_sut *s, int e, uint32_t arg)
{
	int rc = wc_tm_ep_call(&s->m, e, arg);
	return rc < 0 ? rc : WC_OK;
}

static int md_call(wc_sut *s, const wc_sut_call *c, wc_sut_result *r)
{
	int i = c->kind == WC_CALL_SOCKET ? -1 : fd_index(s, c->fd);
	int rc = WC_OK;
	r->ret = 0;
	r->err = 0;
	if (c->kind != WC_CALL_SOCKET && i < 0) {
		fail(r, EBADF);
		return WC_OK;
	}
	int is_conn = i >= 0 && i == s->owner && s->kind[i] != MD_LISTENER;
	switch (c->kind) {
	case WC_CALL_SOCKET:
		i = fd_alloc(s, MD_SOCK);
		if (i < 0)
			fail(r, EMFILE);
		else
			r->ret = MD_FIRST_FD + i;
		return WC_OK;
	case WC_CALL_BIND:
		if (s->lport) {
			fail(r, EINVAL);
			return WC_OK;
		}
		s->lport = (uint16_t)c->port;
		return WC_OK;
	case WC_CALL_LISTEN:
		if (s->kind[i] == MD_LISTENER)
			return WC_OK;
		if (s->owner >= 0 || s->m.state != WC_TCP_CLOSED || !s->lport) {
			fail(r, s->lport ? EINVAL : EDESTADDRREQ);
			return WC_OK;
		}
		rc = ev(s, WC_TM_EV_OPEN_PASSIVE, 0);
		if (rc == WC_OK && s->m.user == WC_TM_U_OK) {
			s->kind[i] = MD_LISTENER;
			s->owner = s->listener = i;
		} else if (rc == WC_OK) {
			fail(r, user_errno(s->m.user));
		}
		return rc;
	case WC_CALL_CONNECT:
		if (is_conn) {
			fail(r, s->m.state == WC_TCP_SYN_SENT ? EALREADY : EISCONN);
			return WC_OK;
		}
		if (s->owner >= 0 || s->kind[i] != MD_SOCK) {
			fail(r, s->kind[i] == MD_LISTENER ? EISCONN : EOPNOTSUPP);
			return WC_OK;
		}
		if (!s->lport)
			s->lport = MD_EPHEMERAL;
		s->rport = (uint16_t)c->port;
		s->owner = s->conn_fd = i;
		s->kind[i] = MD_CONN;
		s->pend_err = 0;
		s->gone = 0;
		rc = ev(s, WC_TM_EV_OPEN_ACTIVE, 0);
		if (rc == WC_OK)
			fail(r, s->m.user == WC_TM_U_OK ? EINPROGRESS : user_errno(s->m.user));
		return rc;
	case WC_CALL_ACCEPT:
		if (s->kind[i] != MD_LISTENER) {
			fail(r, EINVAL);
			return WC_OK;
		}
		if (s->accepted || s->m.state == WC_TCP_LISTEN || s->m.state == WC_TCP_CLOSED ||
		    s->m.state == WC_TCP_SYN_RECEIVED || s->m.state == WC_TCP_SYN_SENT) {
			fail(r, EAGAIN);
			return WC_OK;
		}
		{
			int n = fd_alloc(s, MD_CONN);
			if (n < 0) {
				fail(r, EMFILE);
				return WC_OK;
			}
			s->accepted = 1;
			s->gone = 0;
			s->owner = s->conn_fd = n;
			r->ret = MD_FIRST_FD + n;
		}
		return WC_OK;
	case WC_CALL_WRITE:
		if (!is_conn) {
			fail(r, s->kind[i] == MD_SOCK ? ENOTCONN : EPIPE);
			return WC_OK;
		}
		if (s->pend_err) {
			fail(r, s->pend_err);
			s->pend_err = 0;
			return WC_OK;
		}
		if (s->gone) {
			/* POSIX write(): [EPIPE] the socket is connection-mode and is
			 * no longer connected (the RFC's "connection does not exist") */
			fail(r, EPIPE);
			return WC_OK;
		}
		if (s->m.state == WC_TCP_SYN_SENT || s->m.state == WC_TCP_SYN_RECEIVED) {
			fail(r, EAGAIN); /* a nonblocking socket before the handshake */
			return WC_OK;
		}
		rc = ev(s, WC_TM_EV_SEND, (uint32_t)c->len);
		if (rc == WC_OK) {
			if (s->m.user == WC_TM_U_OK)
				r->ret = (long)c->len;
			else
				fail(r, user_errno(s->m.user));
		}
		return rc;
	case WC_CALL_READ: {
		if (!is_conn) {
			fail(r, ENOTCONN);
			return WC_OK;
		}
		uint32_t before = s->m.rcvq;
		rc = ev(s, WC_TM_EV_RECEIVE, (uint32_t)c->len);
		if (rc != WC_OK)
			return rc;
		uint32_t got = before - s->m.rcvq;
		if (got) {
			if (r->out && r->out_cap)
				memset(r->out, 0, got < r->out_cap ? got : r->out_cap);
			r->ret = got;
		} else if (s->pend_err) {
			fail(r, s->pend_err);
			s->pend_err = 0;
		} else if (s->gone) {
			r->ret = 0; /* the reset was reported once; end of file after it */
		} else if (s->m.user == WC_TM_U_EOF || s->m.fin_rcvd) {
			r->ret = 0;
		} else if (s->m.user != WC_TM_U_OK) {
			fail(r, user_errno(s->m.user));
		} else if (s->m.state == WC_TCP_CLOSED) {
			r->ret = 0;
		} else {
			fail(r, EAGAIN);
		}
		return WC_OK;
	}
	case WC_CALL_SHUTDOWN:
		if (!is_conn) {
			fail(r, ENOTCONN);
			return WC_OK;
		}
		if (c->how == SHUT_RD)
			return WC_OK;
		rc = ev(s, WC_TM_EV_SHUTDOWN, 0);
		if (rc == WC_OK && s->m.user != WC_TM_U_OK && s->m.user != WC_TM_U_CLOSING)
			fail(r, user_errno(s->m.user));
		return rc;
	case WC_CALL_CLOSE:
	case WC_CALL_ABORT:
		if (i == s->owner || (i == s->listener && s->m.state == WC_TCP_LISTEN)) {
			int e = (c->kind == WC_CALL_ABORT || s->linger0[i]) ? WC_TM_EV_ABORT : WC_TM_EV_CLOSE;
			if (s->m.state != WC_TCP_CLOSED)
				rc = ev(s, e, 0);
			if (i == s->owner)
				s->owner = -1;
		}
		if (i == s->listener)
			s->listener = -1;
		s->kind[i] = MD_FREE;
		return rc;
	case WC_CALL_SETSOCKOPT:
		if (c->level == SOL_SOCKET && c->opt == SO_LINGER)
			s->linger0[i] = c->val == 0;
		return WC_OK;
	case WC_CALL_GETSOCKOPT:
		if (c->level == SOL_SOCKET && c->opt == SO_ERROR) {
			r->ret = s->pend_err;
			s->pend_err = 0;
		}
		return WC_OK;
	}
	return WC_ESUT_NOCALL;
}

static int md_advance(wc_sut *s, uint64_t usec)
{
	int before = s->m.state;
	int rc = wc_tm_ep_advance(&s->m, usec);
	note_user(s, before);
	return rc < 0 ? rc : WC_OK;
}

static int md_state(wc_sut *s, int fd, int *state)
{
	int i = fd_index(s, fd);
	if (i < 0)
		return WC_ESUT_FD;
	if (i == s->owner || (i == s->listener && s->m.state == WC_TCP_LISTEN))
		*state = s->m.state;
	else
		*state = i == s->listener ? WC_TCP_LISTEN : WC_TCP_CLOSED;
	return WC_OK;
}

static int md_resources(wc_sut *s, wc_sut_resources *out)
{
	out->pcbs = s->m.state != WC_TCP_CLOSED;
	out->buffers = s->m.nout;
	out->heap_bytes = -1;
	return WC_OK;
}

const wc_sut_ops wc_sut_model = {
	.name = "model",
	.open = md_open,
	.close = md_close,
	.reset = md_reset,
	.inject = md_inject,
	.next_output = md_next_output,
	.call = md_call,
	.advance = md_advance,
	.state = md_state,
	.resources = md_resources,
};
