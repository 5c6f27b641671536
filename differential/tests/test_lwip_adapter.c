/* The lwIP adapter: handshakes in both link modes, data, close, reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wirecheck/cksum.h"
#include "wirecheck/packet.h"
#include "wirecheck/view.h"

#include "../stacks/lwip.h"

#define PEER_PORT 40000
#define SUT_PORT 80
#define ISS 1000000u   /* cfg.seed: lwIP's next ISN */
#define PEER_ISS 5000u

static wc_sut *S;

static const uint8_t our_mac[6] = {2, 0, 0, 0, 0, 1};
static const uint8_t peer_mac[6] = {2, 0, 0, 0, 0, 2};

/* An IPv4 + TCP segment from the peer (192.0.2.2) to the SUT (192.0.2.1),
 * with correct checksums, optionally behind an Ethernet header. */
static size_t seg4(uint8_t *out, int eth, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
		   uint8_t flags, uint16_t win, const uint8_t *data, size_t dlen)
{
	uint8_t *p = out;
	if (eth) {
		memcpy(p, our_mac, 6);
		memcpy(p + 6, peer_mac, 6);
		wc_store_be16(p + 12, 0x0800);
		p += 14;
	}
	int mss = (flags & 0x02) != 0;
	size_t thl = mss ? 24 : 20;
	memset(p, 0, 20 + thl);
	p[0] = 0x45;
	wc_store_be16(p + 2, (uint16_t)(20 + thl + dlen));
	p[8] = 64;
	p[9] = 6;
	uint8_t src[4] = {192, 0, 2, 2}, dst[4] = {192, 0, 2, 1};
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	wc_store_be16(p + 10, wc_cksum(p, 20));
	uint8_t *t = p + 20;
	wc_store_be16(t, sport);
	wc_store_be16(t + 2, dport);
	wc_store_be32(t + 4, seq);
	wc_store_be32(t + 8, ack);
	t[12] = (uint8_t)((thl / 4) << 4);
	t[13] = flags;
	wc_store_be16(t + 14, win);
	if (mss) {
		t[20] = 2;
		t[21] = 4;
		wc_store_be16(t + 22, 1460);
	}
	if (dlen)
		memcpy(t + thl, data, dlen);
	uint16_t sum = wc_cksum_add(wc_cksum_pseudo4(src, dst, 6, (uint16_t)(thl + dlen)),
				    wc_cksum_sum(t, thl + dlen), 0);
	wc_store_be16(t + 16, wc_cksum_finish(sum));
	return (size_t)(t + thl + dlen - out);
}

/* Next TCP segment lwIP sent (skipping ARP), parsed and checksum-verified. */
static int next_tcp(int eth, uint8_t *buf, size_t cap, wc_packet *pk)
{
	size_t len;
	while (wc_lwip_next_frame(S, buf, cap, &len) == WC_OK) {
		if (wc_packet_parse(wc_view_ro(buf, len), eth ? WC_PKT_ETH : WC_PKT_IP, pk) != WC_OK)
			return -1;
		if (pk->l4 != WC_L4_TCP)
			continue;
		assert_int_equal(wc_packet_check_cksums(pk), WC_OK);
		return 0;
	}
	return -1;
}

static void open_sut(int link)
{
	wc_sut_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.seed = ISS;
	wc_lwip_opts o;
	wc_lwip_opts_default(&o);
	o.link = (wc_lwip_link)link;
	char why[128];
	if (!S)
		assert_int_equal(wc_lwip_open(&S, &cfg, &o, why, sizeof why), WC_OK);
	else
		assert_int_equal(wc_lwip_reset(S, &cfg, &o), WC_OK);
}

static int call(wc_sut_call_kind kind, int fd, int port, long *ret, int *err)
{
	wc_sut_call c;
	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.fd = fd;
	c.port = port;
	c.backlog = 4;
	c.len = 100;
	wc_sut_result r;
	memset(&r, 0, sizeof r);
	uint8_t tmp[256];
	r.out = tmp;
	r.out_cap = sizeof tmp;
	int rc = wc_sut_lwip_inst.call(S, &c, &r);
	*ret = r.ret;
	if (err)
		*err = r.err;
	return rc;
}

static int listen_on(uint16_t port)
{
	long fd, ret;
	assert_int_equal(call(WC_CALL_SOCKET, 0, 0, &fd, NULL), WC_OK);
	assert_true(fd >= 0);
	assert_int_equal(call(WC_CALL_BIND, (int)fd, port, &ret, NULL), WC_OK);
	assert_int_equal(ret, 0);
	assert_int_equal(call(WC_CALL_LISTEN, (int)fd, 0, &ret, NULL), WC_OK);
	assert_int_equal(ret, 0);
	return (int)fd;
}

/* Passive open through the Ethernet netif; returns the accepted fd. */
static int handshake(int eth, int lfd)
{
	uint8_t f[1600], o[2048];
	wc_packet pk;
	size_t n = seg4(f, eth, PEER_PORT, SUT_PORT, PEER_ISS, 0, 0x02, 65535, NULL, 0);
	assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK);
	assert_int_equal(next_tcp(eth, o, sizeof o, &pk), 0);
	assert_int_equal(pk.tcp.flags & 0x3f, 0x12); /* SYN|ACK */
	assert_int_equal(pk.tcp.seq, ISS);
	assert_int_equal(pk.tcp.ack, PEER_ISS + 1);
	assert_int_equal(pk.tcp.sport, SUT_PORT);
	n = seg4(f, eth, PEER_PORT, SUT_PORT, PEER_ISS + 1, ISS + 1, 0x10, 65535, NULL, 0);
	assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK);
	long afd;
	int err;
	assert_int_equal(call(WC_CALL_ACCEPT, lfd, 0, &afd, &err), WC_OK);
	assert_true(afd >= 0);
	int st;
	assert_int_equal(wc_sut_lwip_inst.state(S, (int)afd, &st), WC_OK);
	assert_int_equal(st, WC_TCP_ESTABLISHED);
	return (int)afd;
}

static void opens_only_the_linked_build(void **state)
{
	(void)state;
	const char *b = wc_lwip_build();
	assert_true(strcmp(b, "inst") == 0 || strcmp(b, "shipped") == 0);
	const wc_sut_ops *other = strcmp(b, "inst") == 0 ? &wc_sut_lwip : &wc_sut_lwip_inst;
	wc_sut *x = NULL;
	char why[128] = "";
	assert_int_equal(other->open(&x, NULL, why, sizeof why), WC_ESUT_SKIP);
	assert_non_null(strstr(why, b));
}

static void passive_open_over_ethernet_answers_arp_and_completes_handshake(void **state)
{
	(void)state;
	open_sut(WC_LWIP_LINK_ETH);
	int lfd = listen_on(SUT_PORT);
	int st;
	assert_int_equal(wc_sut_lwip_inst.state(S, lfd, &st), WC_OK);
	assert_int_equal(st, WC_TCP_LISTEN);
	handshake(1, lfd);
	wc_lwip_stats ls;
	wc_lwip_get_stats(S, &ls);
	assert_true(ls.replies >= 1); /* lwIP asked ARP for the peer; we answered */
}

static void data_is_delivered_and_close_sends_fin(void **state)
{
	(void)state;
	open_sut(WC_LWIP_LINK_ETH);
	int afd = handshake(1, listen_on(SUT_PORT));
	uint8_t f[1600], o[2048];
	wc_packet pk;
	const uint8_t msg[] = "hello, lwip";
	size_t n = seg4(f, 1, PEER_PORT, SUT_PORT, PEER_ISS + 1, ISS + 1, 0x18, 65535, msg, sizeof msg);
	assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK);
	assert_int_equal(wc_lwip_rx_pending(S, afd), (long)sizeof msg);
	/* Read it back through the socket-level call. */
	wc_sut_call c = {.kind = WC_CALL_READ, .fd = afd, .len = 100};
	uint8_t got[100];
	wc_sut_result r = {.out = got, .out_cap = sizeof got};
	assert_int_equal(wc_sut_lwip_inst.call(S, &c, &r), WC_OK);
	assert_int_equal(r.ret, (long)sizeof msg);
	assert_memory_equal(got, msg, sizeof msg);
	/* Delayed ACK goes out on the TCP timer. */
	wc_lwip_frames_clear(S);
	assert_int_equal(wc_sut_lwip_inst.advance(S, 500000), WC_OK);
	assert_int_equal(next_tcp(1, o, sizeof o, &pk), 0);
	assert_int_equal(pk.tcp.ack, PEER_ISS + 1 + sizeof msg);
	long ret;
	assert_int_equal(call(WC_CALL_CLOSE, afd, 0, &ret, NULL), WC_OK);
	assert_int_equal(next_tcp(1, o, sizeof o, &pk), 0);
	assert_true(pk.tcp.flags & 0x01); /* FIN */
	int st;
	assert_int_equal(wc_sut_lwip_inst.state(S, afd, &st), WC_OK);
	assert_int_equal(st, WC_TCP_FIN_WAIT_1);
}

/* The same conversation after a reset gives the same frames, whatever ran
 * before: lwIP's IPv4 identification counter (file-static in ip4.c) and
 * its next ephemeral port are put back too. */
static void reset_restores_static_state_so_runs_do_not_depend_on_earlier_ones(void **state)
{
	(void)state;
	open_sut(WC_LWIP_LINK_ETH);
	if (!wc_lwip_resets_statics())
		skip(); /* Debian's liblwip.so: the statics are not reachable */
	uint16_t id[2], port[2];
	for (int run = 0; run < 2; run++) {
		open_sut(WC_LWIP_LINK_ETH);
		uint8_t f[1600], o[2048];
		wc_packet pk;
		size_t n = seg4(f, 1, PEER_PORT, SUT_PORT, PEER_ISS, 0, 0x02, 65535, NULL, 0);
		listen_on(SUT_PORT);
		assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK);
		assert_int_equal(next_tcp(1, o, sizeof o, &pk), 0);
		id[run] = pk.ip4.id;
		long fd, ret;
		int err;
		assert_int_equal(call(WC_CALL_SOCKET, 0, 0, &fd, NULL), WC_OK);
		assert_int_equal(call(WC_CALL_CONNECT, (int)fd, 8080, &ret, &err), WC_OK);
		assert_int_equal(next_tcp(1, o, sizeof o, &pk), 0);
		port[run] = pk.tcp.sport;
		/* Between the runs, traffic that moves the counters on. */
		for (int i = 0; run == 0 && i < 5; i++) {
			n = seg4(f, 1, (uint16_t)(PEER_PORT + 1 + i), 81, PEER_ISS, 0, 0x02, 65535, NULL, 0);
			assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK); /* answered by RST */
			assert_int_equal(call(WC_CALL_SOCKET, 0, 0, &fd, NULL), WC_OK);
			assert_int_equal(call(WC_CALL_CONNECT, (int)fd, 8080, &ret, &err), WC_OK);
		}
	}
	assert_int_equal(id[1], id[0]);
	assert_int_equal(port[1], port[0]);
}

static void active_open_in_raw_ip_mode_uses_seed_isn_and_first_port(void **state)
{
	(void)state;
	open_sut(WC_LWIP_LINK_RAWIP);
	long fd, ret;
	int err;
	assert_int_equal(call(WC_CALL_SOCKET, 0, 0, &fd, NULL), WC_OK);
	assert_int_equal(call(WC_CALL_CONNECT, (int)fd, SUT_PORT + 1, &ret, &err), WC_OK);
	assert_int_equal(ret, -1);
	assert_int_equal(err, 115 /* EINPROGRESS */);
	uint8_t o[2048], f[1600];
	wc_packet pk;
	assert_int_equal(next_tcp(0, o, sizeof o, &pk), 0);
	assert_int_equal(pk.tcp.flags & 0x3f, 0x02);
	/* lwIP's tcp_connect sends its SYN with sequence number
	 * tcp_next_iss() - 1 (snd_lbb = iss - 1). */
	assert_int_equal(pk.tcp.seq, ISS - 1);
	assert_int_equal(pk.tcp.sport, 49152);
	size_t n = seg4(f, 0, SUT_PORT + 1, 49152, PEER_ISS, ISS, 0x12, 65535, NULL, 0);
	assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK);
	int st;
	assert_int_equal(wc_sut_lwip_inst.state(S, (int)fd, &st), WC_OK);
	assert_int_equal(st, WC_TCP_ESTABLISHED);
	assert_int_equal(next_tcp(0, o, sizeof o, &pk), 0);
	assert_int_equal(pk.tcp.flags & 0x3f, 0x10);
	assert_int_equal(pk.tcp.ack, PEER_ISS + 1);
}

static void unread_data_shrinks_the_advertised_window(void **state)
{
	(void)state;
	open_sut(WC_LWIP_LINK_ETH);
	int afd = handshake(1, listen_on(SUT_PORT));
	uint8_t f[1600], o[2048], d[1000];
	memset(d, 'x', sizeof d);
	wc_packet pk;
	uint32_t seq = PEER_ISS + 1;
	unsigned last_win = 0x7fffffff;
	for (int i = 0; i < 4; i++) {
		size_t n = seg4(f, 1, PEER_PORT, SUT_PORT, seq, ISS + 1, 0x18, 65535, d, sizeof d);
		seq += sizeof d;
		assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK);
		assert_int_equal(wc_sut_lwip_inst.advance(S, 250000), WC_OK);
		while (next_tcp(1, o, sizeof o, &pk) == 0)
			last_win = pk.tcp.wnd;
	}
	assert_int_equal(wc_lwip_rx_pending(S, afd), 4000);
	/* 0xFFFF window, scale 1 on this connection? No scale without the
	 * peer's option: raw window, 4000 bytes short. */
	assert_int_equal(last_win, 0xFFFF - 4000);
}

static void reset_returns_to_baseline_after_many_connections(void **state)
{
	(void)state;
	char why[160];
	for (int i = 0; i < 300; i++) {
		open_sut(i % 3 == 2 ? WC_LWIP_LINK_RAWIP : WC_LWIP_LINK_ETH);
		if (wc_lwip_leaked(S, why, sizeof why))
			fail_msg("run %d: %s", i, why);
		int afd = handshake(i % 3 != 2, listen_on(SUT_PORT));
		uint8_t f[1600];
		const uint8_t msg[] = "data";
		size_t n = seg4(f, i % 3 != 2, PEER_PORT, SUT_PORT, PEER_ISS + 1, ISS + 1, 0x18, 65535, msg, 4);
		assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK);
		if (i & 1) {
			long ret;
			assert_int_equal(call(WC_CALL_CLOSE, afd, 0, &ret, NULL), WC_OK);
		}
	}
	open_sut(WC_LWIP_LINK_ETH);
	assert_int_equal(wc_lwip_leaked(S, why, sizeof why), 0);
	wc_sut_resources res;
	assert_int_equal(wc_sut_lwip_inst.resources(S, &res), WC_OK);
	assert_int_equal(res.pcbs, 0);
	assert_int_equal(res.buffers, 0);
}

static void split_pool_chain_is_accepted_like_a_flat_buffer(void **state)
{
	(void)state;
	open_sut(WC_LWIP_LINK_ETH);
	int lfd = listen_on(SUT_PORT);
	uint8_t f[1600], o[2048];
	wc_packet pk;
	size_t n = seg4(f, 1, PEER_PORT, SUT_PORT, PEER_ISS, 0, 0x02, 65535, NULL, 0);
	/* lwIP needs each header it parses in the first pbuf (as a driver's
	 * pool chain has it); the TCP options may straddle two pbufs. */
	size_t cuts[1] = {56};
	wc_lwip_chain ch = {.how = WC_LWIP_RX_SPLIT, .cuts = cuts, .ncuts = 1, .pool_mask = 1};
	assert_int_equal(wc_lwip_inject_frame(S, f, n, &ch), WC_OK);
	(void)lfd;
	assert_int_equal(next_tcp(1, o, sizeof o, &pk), 0);
	assert_int_equal(pk.tcp.flags & 0x3f, 0x12);
}

/* Time at which lwIP retransmits its SYN-ACK, counted from the SYN that
 * arrives 250 ms after the reset; busy: an active open keeps lwIP's TCP
 * timer running for real meanwhile (the adapter skips idle timer calls and
 * emulates their effect, which must not show). *isn: first SYN-ACK's seq. */
static long synack_retransmit_ms(int busy, uint32_t *isn)
{
	open_sut(WC_LWIP_LINK_ETH);
	int lfd = listen_on(SUT_PORT);
	(void)lfd;
	if (busy) {
		long fd, ret;
		assert_int_equal(call(WC_CALL_SOCKET, 0, 0, &fd, NULL), WC_OK);
		assert_int_equal(call(WC_CALL_CONNECT, (int)fd, 9, &ret, NULL), WC_OK);
	}
	assert_int_equal(wc_sut_lwip_inst.advance(S, 250000), WC_OK);
	uint8_t f[1600], o[2048];
	wc_packet pk;
	size_t n = seg4(f, 1, PEER_PORT, SUT_PORT, PEER_ISS, 0, 0x02, 65535, NULL, 0);
	assert_int_equal(wc_lwip_inject_frame(S, f, n, NULL), WC_OK);
	int synacks = 0;
	for (long t = 0; t <= 30000; t += 250) {
		if (t)
			assert_int_equal(wc_sut_lwip_inst.advance(S, 250000), WC_OK);
		while (next_tcp(1, o, sizeof o, &pk) == 0) {
			if (pk.tcp.sport != SUT_PORT || pk.tcp.dport != PEER_PORT || (pk.tcp.flags & 0x3f) != 0x12)
				continue;
			if (synacks++ == 0)
				*isn = pk.tcp.seq;
			else
				return t;
		}
	}
	return -1;
}

static void idle_timer_skipping_keeps_tcp_timing_and_isn(void **state)
{
	(void)state;
	uint32_t isn_idle = 0, isn_busy = 0;
	long idle = synack_retransmit_ms(0, &isn_idle);
	long busy = synack_retransmit_ms(1, &isn_busy);
	assert_true(idle > 0);
	assert_int_equal(idle, busy);
	/* One tcp_slowtmr ran (at 250 ms): lwIP's ISN is seed + tcp_ticks. */
	assert_int_equal(isn_idle, ISS + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_only_the_linked_build),
		cmocka_unit_test(passive_open_over_ethernet_answers_arp_and_completes_handshake),
		cmocka_unit_test(data_is_delivered_and_close_sends_fin),
		cmocka_unit_test(active_open_in_raw_ip_mode_uses_seed_isn_and_first_port),
		cmocka_unit_test(unread_data_shrinks_the_advertised_window),
		cmocka_unit_test(split_pool_chain_is_accepted_like_a_flat_buffer),
		cmocka_unit_test(reset_returns_to_baseline_after_many_connections),
		cmocka_unit_test(idle_timer_skipping_keeps_tcp_timing_and_isn),
		cmocka_unit_test(reset_restores_static_state_so_runs_do_not_depend_on_earlier_ones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
