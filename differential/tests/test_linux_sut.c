/*
 * The Linux SUT adapter against the running kernel: hand-built segments
 * go in through TUN inside the adapter's private namespace, and what the
 * kernel answers is checked field by field. Every test skips (with the
 * adapter's reason) when there is no root or no /dev/net/tun.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "wirecheck/cksum.h"
#include "wirecheck/view.h"
#include "../sut.h"

#define F_FIN 0x01
#define F_SYN 0x02
#define F_RST 0x04
#define F_PSH 0x08
#define F_ACK 0x10

#define LPORT 8080
#define RPORT 40000

static void cfg_init(wc_sut_config *c, int ipv6)
{
	memset(c, 0, sizeof *c);
	c->ipv6 = ipv6;
	c->timestamps = -1;
	c->sack = -1;
	c->window_scaling = -1;
	c->ecn = -1;
	c->syncookies = -1;
	c->rfc1337 = -1;
	c->mss = -1;
}

/* Opens the SUT or skips the test, printing why. */
static wc_sut *open_or_skip(const wc_sut_config *cfg)
{
	wc_sut *s = NULL;
	char why[256];
	int rc = wc_sut_linux.open(&s, cfg, why, sizeof why);
	if (rc == WC_ESUT_SKIP) {
		print_message("linux SUT skipped: %s\n", why);
		skip();
	}
	if (rc != WC_OK)
		print_error("linux SUT open failed: %s (%s)\n", wc_strerror(rc), why);
	assert_int_equal(rc, WC_OK);
	return s;
}

typedef struct seg {
	int v6;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t win;
	const uint8_t *opts; /* multiple of 4 bytes */
	size_t optlen;
	size_t paylen;       /* zero bytes of payload */
} seg;

/* Builds an IPv4 or IPv6 + TCP packet from the remote peer to the SUT
 * with correct checksums. Returns the length. */
static size_t build(const seg *g, uint8_t *p, size_t cap)
{
	size_t iph = g->v6 ? 40 : 20;
	size_t tcpl = 20 + g->optlen + g->paylen;
	size_t tot = iph + tcpl;
	uint8_t src[16], dst[16];
	assert_true(tot <= cap);
	memset(p, 0, tot);
	if (g->v6) {
		inet_pton(AF_INET6, WC_SUT_ADDR6_REMOTE, src);
		inet_pton(AF_INET6, WC_SUT_ADDR6_LOCAL, dst);
		p[0] = 0x60;
		wc_store_be16(p + 4, (uint16_t)tcpl);
		p[6] = 6;
		p[7] = 64;
		memcpy(p + 8, src, 16);
		memcpy(p + 24, dst, 16);
	} else {
		inet_pton(AF_INET, WC_SUT_ADDR4_REMOTE, src);
		inet_pton(AF_INET, WC_SUT_ADDR4_LOCAL, dst);
		p[0] = 0x45;
		wc_store_be16(p + 2, (uint16_t)tot);
		p[8] = 64;
		p[9] = 6;
		memcpy(p + 12, src, 4);
		memcpy(p + 16, dst, 4);
		wc_store_be16(p + 10, wc_cksum(p, 20));
	}
	uint8_t *t = p + iph;
	wc_store_be16(t, g->sport);
	wc_store_be16(t + 2, g->dport);
	wc_store_be32(t + 4, g->seq);
	wc_store_be32(t + 8, g->ack);
	t[12] = (uint8_t)(((20 + g->optlen) / 4) << 4);
	t[13] = g->flags;
	wc_store_be16(t + 14, g->win);
	if (g->optlen)
		memcpy(t + 20, g->opts, g->optlen);
	uint16_t ph = g->v6 ? wc_cksum_pseudo6(src, dst, 6, (uint32_t)tcpl)
			    : wc_cksum_pseudo4(src, dst, 6, (uint16_t)tcpl);
	uint16_t sum = wc_cksum_add(ph, wc_cksum_sum(t, tcpl), 0);
	wc_store_be16(t + 16, wc_cksum_finish(sum));
	return tot;
}

typedef struct outseg {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	const uint8_t *opts;
	size_t optlen, paylen;
} outseg;

/* Pops the next packet and decodes it as TCP from the SUT to the peer,
 * checking addresses and both checksums. */
static void expect_tcp(wc_sut *s, int v6, uint8_t *buf, size_t cap, outseg *o)
{
	size_t n = 0;
	int rc = wc_sut_linux.next_output(s, buf, cap, &n);
	assert_int_equal(rc, WC_OK);
	uint8_t src[16], dst[16];
	size_t iph;
	uint16_t ph;
	if (v6) {
		assert_true(n >= 60);
		assert_int_equal(buf[0] >> 4, 6);
		assert_int_equal(buf[6], 6);
		inet_pton(AF_INET6, WC_SUT_ADDR6_LOCAL, src);
		inet_pton(AF_INET6, WC_SUT_ADDR6_REMOTE, dst);
		assert_memory_equal(buf + 8, src, 16);
		assert_memory_equal(buf + 24, dst, 16);
		iph = 40;
		assert_int_equal(wc_load_be16(buf + 4), n - 40);
		ph = wc_cksum_pseudo6(src, dst, 6, (uint32_t)(n - iph));
	} else {
		assert_true(n >= 40);
		assert_int_equal(buf[0], 0x45);
		assert_int_equal(buf[9], 6);
		assert_int_equal(wc_load_be16(buf + 2), n);
		assert_int_equal(wc_cksum(buf, 20), 0);
		inet_pton(AF_INET, WC_SUT_ADDR4_LOCAL, src);
		inet_pton(AF_INET, WC_SUT_ADDR4_REMOTE, dst);
		assert_memory_equal(buf + 12, src, 4);
		assert_memory_equal(buf + 16, dst, 4);
		iph = 20;
		ph = wc_cksum_pseudo4(src, dst, 6, (uint16_t)(n - iph));
	}
	const uint8_t *t = buf + iph;
	size_t tcpl = n - iph;
	assert_int_equal(wc_cksum_add(ph, wc_cksum_sum(t, tcpl), 0), 0xffff);
	size_t doff = (size_t)(t[12] >> 4) * 4;
	assert_true(doff >= 20 && doff <= tcpl);
	o->sport = wc_load_be16(t);
	o->dport = wc_load_be16(t + 2);
	o->seq = wc_load_be32(t + 4);
	o->ack = wc_load_be32(t + 8);
	o->flags = t[13];
	o->opts = t + 20;
	o->optlen = doff - 20;
	o->paylen = tcpl - doff;
}

/* Does the option list contain kind? */
static int has_opt(const outseg *o, uint8_t kind)
{
	size_t i = 0;
	while (i < o->optlen) {
		uint8_t k = o->opts[i];
		if (k == 0)
			return 0;
		if (k == kind)
			return 1;
		if (k == 1) {
			i++;
			continue;
		}
		if (i + 1 >= o->optlen || o->opts[i + 1] < 2)
			return 0;
		i += o->opts[i + 1];
	}
	return 0;
}

static long call(wc_sut *s, wc_sut_call_kind kind, int fd, int arg, int *err)
{
	wc_sut_call c;
	wc_sut_result r;
	memset(&c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	c.kind = kind;
	c.fd = fd;
	c.port = arg;
	c.backlog = arg;
	c.how = arg;
	c.len = (size_t)arg;
	assert_int_equal(wc_sut_linux.call(s, &c, &r), WC_OK);
	if (err)
		*err = r.err;
	return r.ret;
}

static int state_of(wc_sut *s, int fd)
{
	int st = -1;
	assert_int_equal(wc_sut_linux.state(s, fd, &st), WC_OK);
	return st;
}

static const uint8_t syn_opts_ts[] = {
	2, 4, 0x05, 0xb4,               /* MSS 1460 */
	4, 2, 8, 10, 0, 0, 0, 100, 0, 0, 0, 0, /* SACK-permitted, TS 100/0 */
	1, 3, 3, 7,                     /* NOP, WS 7 */
};

/* Listener on LPORT; SYN in, SYN-ACK out, ACK in; returns the accepted fd. */
static int passive_open(wc_sut *s, int v6, uint32_t *sut_isn)
{
	uint8_t pkt[256], out[65536];
	outseg o;
	int err = 0;
	assert_int_equal(call(s, WC_CALL_SOCKET, 0, 0, &err), 3);
	wc_sut_call c = { .kind = WC_CALL_SETSOCKOPT, .fd = 3, .level = SOL_SOCKET, .opt = SO_REUSEADDR, .val = 1 };
	wc_sut_result r;
	memset(&r, 0, sizeof r);
	assert_int_equal(wc_sut_linux.call(s, &c, &r), WC_OK);
	assert_int_equal(r.ret, 0);
	assert_int_equal(call(s, WC_CALL_BIND, 3, LPORT, NULL), 0);
	assert_int_equal(call(s, WC_CALL_LISTEN, 3, 1, NULL), 0);
	assert_int_equal(state_of(s, 3), WC_TCP_LISTEN);
	assert_int_equal(call(s, WC_CALL_ACCEPT, 3, 0, &err), -1);
	assert_int_equal(err, EAGAIN);

	seg syn = { .v6 = v6, .sport = RPORT, .dport = LPORT, .seq = 1000, .flags = F_SYN,
		    .win = 65535, .opts = syn_opts_ts, .optlen = sizeof syn_opts_ts };
	size_t n = build(&syn, pkt, sizeof pkt);
	assert_int_equal(wc_sut_linux.inject(s, pkt, n), WC_OK);
	expect_tcp(s, v6, out, sizeof out, &o);
	assert_int_equal(o.sport, LPORT);
	assert_int_equal(o.dport, RPORT);
	assert_int_equal(o.flags, F_SYN | F_ACK);
	assert_int_equal(o.ack, 1001);
	assert_true(has_opt(&o, 2));
	*sut_isn = o.seq;

	seg ack = { .v6 = v6, .sport = RPORT, .dport = LPORT, .seq = 1001, .ack = o.seq + 1,
		    .flags = F_ACK, .win = 65535 };
	n = build(&ack, pkt, sizeof pkt);
	assert_int_equal(wc_sut_linux.inject(s, pkt, n), WC_OK);
	long fd = call(s, WC_CALL_ACCEPT, 3, 0, &err);
	assert_int_equal(fd, 4);
	return (int)fd;
}

static void linux_passive_open_reaches_established_v4(void **st)
{
	(void)st;
	wc_sut_config cfg;
	cfg_init(&cfg, 0);
	wc_sut *s = open_or_skip(&cfg);
	uint32_t isn;
	int fd = passive_open(s, 0, &isn);
	assert_int_equal(state_of(s, fd), WC_TCP_ESTABLISHED);
	assert_int_equal(state_of(s, 3), WC_TCP_LISTEN);
	/* Nothing else was sent: no ACK for a pure ACK, no IPv6 noise. */
	uint8_t out[65536];
	size_t n;
	assert_int_equal(wc_sut_linux.next_output(s, out, sizeof out, &n), WC_EINVAL);
	wc_sut_resources res;
	assert_int_equal(wc_sut_linux.resources(s, &res), WC_OK);
	assert_int_equal(res.pcbs, 2);
	assert_int_equal(res.buffers, -1);
	wc_sut_linux.close(s);
}

static void linux_passive_open_reaches_established_v6(void **st)
{
	(void)st;
	wc_sut_config cfg;
	cfg_init(&cfg, 1);
	wc_sut *s = open_or_skip(&cfg);
	uint32_t isn;
	int fd = passive_open(s, 1, &isn);
	assert_int_equal(state_of(s, fd), WC_TCP_ESTABLISHED);
	/* MLD / neighbour discovery never reaches the caller. */
	uint8_t out[65536];
	size_t n;
	assert_int_equal(wc_sut_linux.next_output(s, out, sizeof out, &n), WC_EINVAL);
	wc_sut_linux.close(s);
}

static void linux_write_sends_data_and_read_returns_peer_data(void **st)
{
	(void)st;
	wc_sut_config cfg;
	cfg_init(&cfg, 0);
	cfg.timestamps = 0;
	wc_sut *s = open_or_skip(&cfg);
	uint32_t isn;
	int fd = passive_open(s, 0, &isn);
	uint8_t pkt[2048], out[65536];
	outseg o;
	assert_int_equal(call(s, WC_CALL_WRITE, fd, 100, NULL), 100);
	expect_tcp(s, 0, out, sizeof out, &o);
	assert_int_equal(o.flags, F_PSH | F_ACK);
	assert_int_equal(o.seq, isn + 1);
	assert_int_equal(o.paylen, 100);
	/* Peer sends 10 bytes; read returns them. */
	seg d = { .sport = RPORT, .dport = LPORT, .seq = 1001, .ack = isn + 101,
		  .flags = F_ACK | F_PSH, .win = 65535, .paylen = 10 };
	size_t n = build(&d, pkt, sizeof pkt);
	assert_int_equal(wc_sut_linux.inject(s, pkt, n), WC_OK);
	uint8_t rd[64];
	wc_sut_call c = { .kind = WC_CALL_READ, .fd = fd, .len = sizeof rd };
	wc_sut_result r = { .out = rd, .out_cap = sizeof rd };
	memset(rd, 0xff, sizeof rd);
	assert_int_equal(wc_sut_linux.call(s, &c, &r), WC_OK);
	assert_int_equal(r.ret, 10);
	for (int i = 0; i < 10; i++)
		assert_int_equal(rd[i], 0);
	assert_int_equal(call(s, WC_CALL_SHUTDOWN, fd, SHUT_WR, NULL), 0);
	/* Data may be ACKed separately (delayed ACK) but a FIN must come. */
	int saw_fin = 0;
	while (wc_sut_linux.next_output(s, out, sizeof out, &n) == WC_OK)
		if (out[20 + 13] & F_FIN)
			saw_fin = 1;
	assert_true(saw_fin);
	assert_int_equal(state_of(s, fd), WC_TCP_FIN_WAIT_1);
	wc_sut_linux.close(s);
}

static void linux_active_open_gets_einprogress_then_established(void **st)
{
	(void)st;
	wc_sut_config cfg;
	cfg_init(&cfg, 0);
	wc_sut *s = open_or_skip(&cfg);
	uint8_t pkt[256], out[65536];
	outseg o;
	int err = 0;
	assert_int_equal(call(s, WC_CALL_SOCKET, 0, 0, NULL), 3);
	assert_int_equal(call(s, WC_CALL_CONNECT, 3, LPORT, &err), -1);
	assert_int_equal(err, EINPROGRESS);
	expect_tcp(s, 0, out, sizeof out, &o);
	assert_int_equal(o.flags, F_SYN);
	assert_int_equal(o.dport, LPORT);
	assert_int_equal(state_of(s, 3), WC_TCP_SYN_SENT);
	seg sa = { .sport = LPORT, .dport = o.sport, .seq = 5000, .ack = o.seq + 1,
		   .flags = F_SYN | F_ACK, .win = 65535, .opts = syn_opts_ts, .optlen = 4 };
	size_t n = build(&sa, pkt, sizeof pkt);
	uint32_t isn = o.seq;
	assert_int_equal(wc_sut_linux.inject(s, pkt, n), WC_OK);
	expect_tcp(s, 0, out, sizeof out, &o);
	assert_int_equal(o.flags, F_ACK);
	assert_int_equal(o.seq, isn + 1);
	assert_int_equal(o.ack, 5001);
	assert_int_equal(state_of(s, 3), WC_TCP_ESTABLISHED);
	wc_sut_linux.close(s);
}

static void linux_timestamps_sysctl_is_applied_in_namespace(void **st)
{
	(void)st;
	uint8_t pkt[256], out[65536];
	outseg o;
	for (int ts = 0; ts <= 1; ts++) {
		wc_sut_config cfg;
		cfg_init(&cfg, 0);
		cfg.timestamps = ts;
		wc_sut *s = open_or_skip(&cfg);
		assert_int_equal(call(s, WC_CALL_SOCKET, 0, 0, NULL), 3);
		assert_int_equal(call(s, WC_CALL_BIND, 3, LPORT, NULL), 0);
		assert_int_equal(call(s, WC_CALL_LISTEN, 3, 1, NULL), 0);
		seg syn = { .sport = RPORT, .dport = LPORT, .seq = 1, .flags = F_SYN,
			    .win = 65535, .opts = syn_opts_ts, .optlen = sizeof syn_opts_ts };
		size_t n = build(&syn, pkt, sizeof pkt);
		assert_int_equal(wc_sut_linux.inject(s, pkt, n), WC_OK);
		expect_tcp(s, 0, out, sizeof out, &o);
		assert_int_equal(has_opt(&o, 8), ts);
		wc_sut_linux.close(s);
	}
}

static void linux_reset_closes_everything(void **st)
{
	(void)st;
	wc_sut_config cfg;
	cfg_init(&cfg, 0);
	wc_sut *s = open_or_skip(&cfg);
	uint32_t isn;
	passive_open(s, 0, &isn);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum { N = 20 };
	for (int i = 0; i < N; i++)
		assert_int_equal(wc_sut_linux.reset(s, &cfg), WC_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / N;
	print_message("linux SUT reset (fresh namespace): %.2f ms each\n", ms);
	int state;
	assert_int_equal(wc_sut_linux.state(s, 3, &state), WC_ESUT_FD);
	wc_sut_resources res;
	assert_int_equal(wc_sut_linux.resources(s, &res), WC_OK);
	assert_int_equal(res.pcbs, 0);
	/* The fresh namespace answers a SYN to a closed port with RST. */
	uint8_t pkt[256], out[65536];
	outseg o;
	seg syn = { .sport = RPORT, .dport = LPORT, .seq = 1, .flags = F_SYN, .win = 1000 };
	size_t n = build(&syn, pkt, sizeof pkt);
	assert_int_equal(wc_sut_linux.inject(s, pkt, n), WC_OK);
	expect_tcp(s, 0, out, sizeof out, &o);
	assert_int_equal(o.flags, F_RST | F_ACK);
	assert_int_equal(o.ack, 2);
	wc_sut_linux.close(s);
}

static void linux_unknown_fd_is_reported(void **st)
{
	(void)st;
	wc_sut_config cfg;
	cfg_init(&cfg, 0);
	wc_sut *s = open_or_skip(&cfg);
	wc_sut_call c = { .kind = WC_CALL_CLOSE, .fd = 7 };
	wc_sut_result r;
	memset(&r, 0, sizeof r);
	assert_int_equal(wc_sut_linux.call(s, &c, &r), WC_ESUT_FD);
	wc_sut_linux.close(s);
}

/* The caller's namespace never sees the TUN device or its addresses. */
static void linux_sut_leaves_caller_namespace_untouched(void **st)
{
	(void)st;
	wc_sut_config cfg;
	cfg_init(&cfg, 1);
	wc_sut *s = open_or_skip(&cfg);
	assert_int_equal(if_nametoindex("wc0"), 0);
	FILE *f = fopen("/proc/net/if_inet6", "r");
	if (f) {
		char line[256];
		while (fgets(line, sizeof line, f))
			assert_null(strstr(line, "20010db8000000000000000000000001"));
		fclose(f);
	}
	wc_sut_linux.close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linux_passive_open_reaches_established_v4),
		cmocka_unit_test(linux_passive_open_reaches_established_v6),
		cmocka_unit_test(linux_write_sends_data_and_read_returns_peer_data),
		cmocka_unit_test(linux_active_open_gets_einprogress_then_established),
		cmocka_unit_test(linux_timestamps_sysctl_is_applied_in_namespace),
		cmocka_unit_test(linux_reset_closes_everything),
		cmocka_unit_test(linux_unknown_fd_is_reported),
		cmocka_unit_test(linux_sut_leaves_caller_namespace_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
