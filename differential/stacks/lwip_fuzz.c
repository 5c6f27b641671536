#include <stdio.h>
#include <string.h>

#include "wirecheck/cksum.h"
#include "wirecheck/fuzz_asan.h"
#include "wirecheck/packet.h"
#include "wirecheck/view.h"

#include "lwip_fuzz.h"

static const uint8_t our_mac[6] = {2, 0, 0, 0, 0, 1};
static const uint8_t peer_mac[6] = {2, 0, 0, 0, 0, 2};
static const uint8_t ip4_us[4] = {192, 0, 2, 1}, ip4_peer[4] = {192, 0, 2, 2};
static const uint8_t ip6_us[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
static const uint8_t ip6_peer[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
/* lwIP's EUI-64-less link-local for a 6-byte MAC: fe80::200:ff:fe00:1 */
static const uint8_t ip6_ll_us[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0xff, 0xfe, 0, 0, 1};

/* Ethernet + IPv4/IPv6 + TCP (no options, or MSS on SYN) from the peer. */
static size_t peer_seg(uint8_t *out, int v6, uint32_t seq, uint32_t ack, uint8_t flags)
{
	memcpy(out, our_mac, 6);
	memcpy(out + 6, peer_mac, 6);
	wc_store_be16(out + 12, v6 ? 0x86dd : 0x0800);
	uint8_t *ip = out + 14;
	size_t thl = (flags & 0x02) ? 24 : 20, iphl = v6 ? 40 : 20;
	uint8_t *t = ip + iphl;
	memset(ip, 0, iphl + thl);
	uint16_t ph;
	if (v6) {
		ip[0] = 0x60;
		wc_store_be16(ip + 4, (uint16_t)thl);
		ip[6] = 6;
		ip[7] = 64;
		memcpy(ip + 8, ip6_peer, 16);
		memcpy(ip + 24, ip6_us, 16);
		ph = wc_cksum_pseudo6(ip6_peer, ip6_us, 6, (uint32_t)thl);
	} else {
		ip[0] = 0x45;
		wc_store_be16(ip + 2, (uint16_t)(20 + thl));
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, ip4_peer, 4);
		memcpy(ip + 16, ip4_us, 4);
		wc_store_be16(ip + 10, wc_cksum(ip, 20));
		ph = wc_cksum_pseudo4(ip4_peer, ip4_us, 6, (uint16_t)thl);
	}
	wc_store_be16(t, WC_LWIP_W_PEER_PORT);
	wc_store_be16(t + 2, WC_LWIP_W_SUT_PORT);
	wc_store_be32(t + 4, seq);
	wc_store_be32(t + 8, ack);
	t[12] = (uint8_t)((thl / 4) << 4);
	t[13] = flags;
	wc_store_be16(t + 14, 502);
	if (thl == 24) {
		t[20] = 2;
		t[21] = 4;
		wc_store_be16(t + 22, 1460);
	}
	wc_store_be16(t + 16, wc_cksum_finish(wc_cksum_add(ph, wc_cksum_sum(t, thl), 0)));
	return 14 + iphl + thl;
}

static int call(wc_sut *s, wc_sut_call_kind kind, int fd, int arg, long *ret)
{
	wc_sut_call c;
	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.fd = fd;
	c.port = arg;
	c.level = arg; /* SOCKET: address family */
	c.backlog = 8;
	wc_sut_result r;
	memset(&r, 0, sizeof r);
	int rc = wc_sut_lwip_inst.call(s, &c, &r);
	*ret = r.ret;
	return rc;
}

static int listener(wc_sut *s, int af, int *fd)
{
	long f, ret;
	int rc = call(s, WC_CALL_SOCKET, 0, af, &f);
	if (rc != WC_OK || f < 0)
		return rc != WC_OK ? rc : WC_ENOMEM;
	if ((rc = call(s, WC_CALL_BIND, (int)f, WC_LWIP_W_SUT_PORT, &ret)) != WC_OK || ret != 0)
		return rc != WC_OK ? rc : WC_EINVAL;
	if ((rc = call(s, WC_CALL_LISTEN, (int)f, 0, &ret)) != WC_OK || ret != 0)
		return rc != WC_OK ? rc : WC_EINVAL;
	*fd = (int)f;
	return WC_OK;
}

static int establish(wc_sut *s, int v6, int lfd, int *fd)
{
	uint8_t f[128];
	wc_lwip_set_next_isn(s, WC_LWIP_W_SUT_ISN);
	size_t n = peer_seg(f, v6, WC_LWIP_W_PEER_ISN, 0, 0x02);
	int rc = wc_lwip_inject_frame(s, f, n, NULL);
	if (rc != WC_OK)
		return rc;
	n = peer_seg(f, v6, WC_LWIP_W_PEER_ISN + 1, WC_LWIP_W_SUT_ISN + 1, 0x10);
	if ((rc = wc_lwip_inject_frame(s, f, n, NULL)) != WC_OK)
		return rc;
	long afd;
	if ((rc = call(s, WC_CALL_ACCEPT, lfd, 0, &afd)) != WC_OK)
		return rc;
	int st;
	if (afd < 0 || wc_sut_lwip_inst.state(s, (int)afd, &st) != WC_OK || st != WC_TCP_ESTABLISHED)
		return WC_EPROTO;
	*fd = (int)afd;
	return WC_OK;
}

int wc_lwip_world_begin(wc_sut **s, int established, wc_lwip_world *w)
{
	wc_sut_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.timestamps = cfg.sack = cfg.window_scaling = cfg.ecn = -1;
	cfg.syncookies = cfg.rfc1337 = cfg.mss = -1;
	cfg.seed = WC_LWIP_W_SUT_ISN;
	wc_lwip_opts o;
	wc_lwip_opts_default(&o);
	int rc;
	if (!*s) {
		char why[128];
		rc = wc_lwip_open(s, &cfg, &o, why, sizeof why);
	} else {
		rc = wc_lwip_reset(*s, &cfg, &o);
	}
	if (rc != WC_OK)
		return rc;
	w->efd4 = w->efd6 = -1;
	if ((rc = listener(*s, 2, &w->lfd4)) != WC_OK || (rc = listener(*s, 10, &w->lfd6)) != WC_OK)
		return rc;
	if (established) {
		if ((rc = establish(*s, 0, w->lfd4, &w->efd4)) != WC_OK ||
		    (rc = establish(*s, 1, w->lfd6, &w->efd6)) != WC_OK)
			return rc;
	}
	char why[160];
	if (wc_lwip_frames_bad(*s, why, sizeof why))
		return WC_EPROTO;
	return WC_OK;
}

static int our_ip6(const uint8_t *a)
{
	static const uint8_t unspec[16];
	return memcmp(a, ip6_us, 16) == 0 || memcmp(a, ip6_ll_us, 16) == 0 || memcmp(a, unspec, 16) == 0;
}

int wc_lwip_frames_bad(wc_sut *s, char *why, size_t whylen)
{
	static uint8_t buf[2048];
	size_t len;
	wc_lwip_stats st;
	wc_lwip_get_stats(s, &st);
	if (st.frames_dropped || st.frames_oversize) {
		snprintf(why, whylen, "lwIP sent %lu oversize frames (%lu dropped by the capture queue)",
			 st.frames_oversize, st.frames_dropped);
		return 1;
	}
	unsigned long i = 0;
	for (;; i++) {
		int rc = wc_lwip_next_frame(s, buf, sizeof buf, &len);
		if (rc == WC_EINVAL)
			break;
		if (rc != WC_OK) {
			snprintf(why, whylen, "frame %lu: longer than %zu bytes", i, sizeof buf);
			return 1;
		}
		wc_packet pk;
		rc = wc_packet_parse(wc_view_ro(buf, len), WC_PKT_ETH, &pk);
		if (rc != WC_OK) {
			snprintf(why, whylen, "frame %lu (%zu bytes) does not parse: %s", i, len, wc_strerror(rc));
			return 1;
		}
		if (memcmp(pk.eth.src, our_mac, 6) != 0) {
			snprintf(why, whylen, "frame %lu: source MAC is not the stack's", i);
			return 1;
		}
		if (pk.l3 == WC_L3_IPV4 && memcmp(pk.ip4.src, ip4_us, 4) != 0) {
			snprintf(why, whylen, "frame %lu: IPv4 source %u.%u.%u.%u is not the stack's", i,
				 pk.ip4.src[0], pk.ip4.src[1], pk.ip4.src[2], pk.ip4.src[3]);
			return 1;
		}
		if (pk.l3 == WC_L3_IPV6 && !our_ip6(pk.ip6.src)) {
			snprintf(why, whylen, "frame %lu: IPv6 source is not the stack's", i);
			return 1;
		}
		if ((pk.l3 == WC_L3_IPV4 || pk.l3 == WC_L3_IPV6) && (rc = wc_packet_check_cksums(&pk)) != WC_OK) {
			snprintf(why, whylen, "frame %lu (%zu bytes, l4 %d): %s", i, len, (int)pk.l4, wc_strerror(rc));
			return 1;
		}
	}
	return 0;
}

int wc_lwip_end_leaks(wc_sut *s, char *why, size_t whylen)
{
	wc_lwip_opts o;
	wc_lwip_opts_default(&o);
	if (wc_lwip_reset(s, NULL, &o) != WC_OK) {
		snprintf(why, whylen, "lwIP reset failed");
		return 1;
	}
	return wc_lwip_leaked(s, why, whylen);
}
