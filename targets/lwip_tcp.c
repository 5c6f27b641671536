/*
 * Fuzz target `lwip_tcp`: a stateful conversation with lwIP 2.1.3 (Debian's
 * build: instrumented or as shipped, see differential/stacks/lwip.h):
 * frames from the peer, virtual time, and the user's socket calls.
 *
 * Input format: the multi-packet format of include/wirecheck/mpk.h, read
 * leniently, i.e. exactly as lwIP 2.1.3's own multi-packet fuzzer
 * (test/fuzz/fuzz.c) reads it, so its inputs run here unchanged. Each
 * record is a delay (applied first, at most 60 s per record and 600 s per
 * input) and a "frame":
 *   - 14 bytes or more: an Ethernet frame from the wire. The high 5 bits of
 *     its length word, which lwIP's harness ignores, choose how the driver
 *     delivers it: bits 0-1: 0 one PBUF_RAM pbuf, 1 a PBUF_POOL chain, 2 a
 *     PBUF_POOL pbuf + PBUF_RAM pbuf, 3 PBUF_RAM + PBUF_POOL; for 2 and 3,
 *     bits 2-4 pick the split offset from {len/2, 14, 34, 54, 55, 58, 66,
 *     len-1} (clipped into the frame).
 *   - 1 to 13 bytes (a runt lwIP's own harness drops): a user action,
 *     byte 0 modulo 10 = opcode, then operands (missing bytes read 0):
 *       0 accept   b1: even -> IPv4 listener, odd -> IPv6 listener
 *       1 write    b1 fd, b2-3 length (big-endian), data = a fixed pattern
 *       2 read     b1 fd, b2-3 maximum length
 *       3 shutdown b1 fd, b2 % 3 = how (SHUT_RD, SHUT_WR, SHUT_RDWR)
 *       4 close    b1 fd
 *       5 abort    b1 fd (close with linger 0: RST)
 *       6 connect  b1 bit 0: IPv6; b2-3 peer port
 *       7 listen   b1 bit 0: IPv6; b2-3 local port
 *       8 nodelay  b1 fd, b2 bit 0 on/off
 *       9 wait     b1-2 milliseconds
 *     fds are the adapter's (b1 % 32); calls on unknown fds are ignored.
 *   At most 256 records are used.
 *
 * World (differential/stacks/lwip_fuzz.h) without the established
 * connections: the stack 192.0.2.1 / 2001:db8::1 listens on port 80, its
 * next ISN is 2000000; the peer is 192.0.2.2 / 2001:db8::2 (MAC
 * 02:00:00:00:00:02, ARP and NS answered by the adapter). Conversations
 * converted from corpus/pcap (wirecheck pcap2mpk) replay against it.
 *
 * Properties: no sanitizer report and no lwIP assertion; every frame lwIP
 * sends parses, fits the MTU, comes from the stack's addresses and carries
 * correct checksums; every fd's TCP state is one of RFC 9293's; after the
 * run the reset stack holds no more heap objects or memp elements than its
 * baseline (no leak).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wirecheck/check.h"
#include "wirecheck/mpk.h"

#include "../differential/stacks/lwip_fuzz.h"

#define MAX_RECORDS 256
#define MAX_DELAY_MS 60000u
#define MAX_TOTAL_MS 600000u

static uint8_t opnd(const uint8_t *d, size_t n, size_t i)
{
	return i < n ? d[i] : 0;
}

static void user_action(wc_sut *s, const wc_lwip_world *w, const uint8_t *d, size_t n, uint64_t *waited)
{
	wc_sut_call c;
	memset(&c, 0, sizeof c);
	wc_sut_result r;
	memset(&r, 0, sizeof r);
	static uint8_t rbuf[65536];
	uint8_t b1 = opnd(d, n, 1);
	uint16_t v = (uint16_t)(opnd(d, n, 2) << 8 | opnd(d, n, 3));
	c.fd = b1 % 32;
	switch (d[0] % 10) {
	case 0:
		c.kind = WC_CALL_ACCEPT;
		c.fd = (b1 & 1) ? w->lfd6 : w->lfd4;
		break;
	case 1:
		c.kind = WC_CALL_WRITE;
		c.len = v;
		break;
	case 2:
		c.kind = WC_CALL_READ;
		c.len = v;
		r.out = rbuf;
		r.out_cap = sizeof rbuf;
		break;
	case 3:
		c.kind = WC_CALL_SHUTDOWN;
		c.how = opnd(d, n, 2) % 3;
		break;
	case 4:
		c.kind = WC_CALL_CLOSE;
		break;
	case 5:
		c.kind = WC_CALL_ABORT;
		break;
	case 6:
	case 7: {
		long fd;
		c.kind = WC_CALL_SOCKET;
		c.level = (b1 & 1) ? 10 : 2;
		if (wc_sut_lwip_inst.call(s, &c, &r) != WC_OK || r.ret < 0)
			return;
		fd = r.ret;
		memset(&c, 0, sizeof c);
		c.fd = (int)fd;
		c.port = v;
		if (d[0] % 10 == 6) {
			c.kind = WC_CALL_CONNECT;
		} else {
			c.kind = WC_CALL_BIND;
			if (wc_sut_lwip_inst.call(s, &c, &r) != WC_OK || r.ret != 0) {
				c.kind = WC_CALL_CLOSE;
				wc_sut_lwip_inst.call(s, &c, &r);
				return;
			}
			c.kind = WC_CALL_LISTEN;
			c.backlog = 4;
		}
		break;
	}
	case 8:
		c.kind = WC_CALL_SETSOCKOPT;
		c.level = 6;
		c.opt = 1;
		c.val = opnd(d, n, 2) & 1;
		break;
	default: {
		uint32_t ms = (uint32_t)(b1 << 8 | opnd(d, n, 2));
		if (*waited + ms > MAX_TOTAL_MS)
			ms = (uint32_t)(MAX_TOTAL_MS - *waited);
		*waited += ms;
		int rc = wc_sut_lwip_inst.advance(s, (uint64_t)ms * 1000);
		WC_CHECK(rc == WC_OK, "advance failed: %d", rc);
		return;
	}
	}
	int rc = wc_sut_lwip_inst.call(s, &c, &r);
	WC_CHECK(rc == WC_OK || rc == WC_ESUT_FD, "call %d on fd %d: harness error %d", (int)c.kind, c.fd, rc);
	if (rc == WC_OK && c.kind == WC_CALL_READ && r.ret > 0)
		WC_CHECK((size_t)r.ret <= c.len, "read returned %ld bytes for a %zu-byte request", r.ret, c.len);
}

static void deliver(wc_sut *s, const uint8_t *input, const wc_mpk_frame *f)
{
	size_t at = (size_t)(f->data - input);
	uint8_t hi = at >= 2 ? (uint8_t)(input[at - 2] >> 3) : 0;
	static const size_t offs[8] = {0, 14, 34, 54, 55, 58, 66, 0};
	size_t cut = offs[(hi >> 2) & 7];
	if ((hi >> 2) == 0)
		cut = f->len / 2;
	if ((hi >> 2) == 7 || cut >= f->len)
		cut = f->len - 1;
	if (cut == 0)
		cut = 1;
	wc_lwip_chain ch = {.how = WC_LWIP_RX_RAM, .cuts = &cut, .ncuts = 1, .pool_mask = 0};
	switch (hi & 3) {
	case 1: ch.how = WC_LWIP_RX_POOL; break;
	case 2: ch.how = WC_LWIP_RX_SPLIT; ch.pool_mask = 1; break;
	case 3: ch.how = WC_LWIP_RX_SPLIT; ch.pool_mask = 2; break;
	default: break;
	}
	int rc = wc_lwip_inject_frame(s, f->data, f->len, &ch);
	WC_CHECK(rc == WC_OK, "inject failed: %d", rc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wc_sut *s;
	wc_lwip_world w;
	char why[200];
	int rc = wc_lwip_world_begin(&s, 0, &w);
	WC_CHECK(rc == WC_OK, "lwIP world set-up failed: %d", rc);

	wc_mpk_iter it;
	wc_mpk_frame f;
	wc_mpk_iter_init(&it, data, size, WC_MPK_LENIENT);
	uint64_t waited = 0;
	for (int n = 0; n < MAX_RECORDS && wc_mpk_next(&it, &f) == 1; n++) {
		if (f.delay_ms) {
			uint32_t ms = f.delay_ms < MAX_DELAY_MS ? f.delay_ms : MAX_DELAY_MS;
			if (waited + ms > MAX_TOTAL_MS)
				ms = (uint32_t)(MAX_TOTAL_MS - waited);
			waited += ms;
			rc = wc_sut_lwip_inst.advance(s, (uint64_t)ms * 1000);
			WC_CHECK(rc == WC_OK, "advance failed: %d", rc);
		}
		if (f.len >= 14)
			deliver(s, data, &f);
		else
			user_action(s, &w, f.data, f.len, &waited);
		WC_CHECK(!wc_lwip_frames_bad(s, why, sizeof why), "record %d: %s", n, why);
		for (int fd = 0, lim = wc_lwip_fd_limit(s); fd < lim; fd++) {
			int st;
			if (wc_sut_lwip_inst.state(s, fd, &st) == WC_OK)
				WC_CHECK(st >= 0 && st < WC_TCP_NSTATES, "fd %d in state %d", fd, st);
		}
	}
	WC_CHECK(!wc_lwip_end_leaks(s, why, sizeof why), "%s", why);
	return 0;
}
