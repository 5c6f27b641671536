/*
 * Fuzz target `lwip_frame`: one Ethernet frame into lwIP 2.1.3 (Debian's
 * build: instrumented or as shipped, see differential/stacks/lwip.h).
 *
 * Input format: the whole input is one Ethernet II frame (destination MAC
 * first, no FCS), as a driver hands it to the netif; at most 1514 bytes are
 * used. The seeds in corpus/lwip_frame are scapy frames addressed to the
 * world below.
 *
 * World (differential/stacks/lwip_fuzz.h): the stack 192.0.2.1 /
 * 2001:db8::1, MAC 02:00:00:00:00:01, listening on TCP port 80 (IPv4 and
 * IPv6), with one established connection per family from the peer
 * 192.0.2.2 / 2001:db8::2 port 40000 (peer ISN 1000, stack ISN 2000000).
 *
 * The frame is delivered twice, the ways drivers deliver frames: first as
 * one PBUF_RAM pbuf, then as a two-pbuf chain (a PBUF_POOL pbuf holding the
 * bytes up to the end of the minimal TCP header, then a PBUF_RAM pbuf with
 * the rest); then the virtual clock runs 2 s of lwIP's timers.
 *
 * Properties: no sanitizer report and no lwIP assertion (Debian compiles
 * LWIP_ASSERT in: it prints and aborts); every frame lwIP sends parses with
 * the wire library, fits the MTU, comes from the stack's MAC and addresses
 * and carries correct IP/TCP/UDP/ICMP checksums; after the stack is reset
 * (every connection abandoned), lwIP holds no more heap objects or memp
 * elements than after the first reset (no leak).
 */
#include <stddef.h>
#include <stdint.h>

#include "wirecheck/check.h"

#include "../differential/stacks/lwip_fuzz.h"

static size_t chain_cut(const uint8_t *d, size_t n)
{
	size_t cut = 14 + 20 + 20;
	if (n > 14 && (d[14] >> 4) == 4)
		cut = 14 + (size_t)(d[14] & 0x0f) * 4 + 20;
	else if (n > 14 && (d[14] >> 4) == 6)
		cut = 14 + 40 + 20;
	if (cut >= n)
		cut = n / 2;
	return cut;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wc_sut *s;
	wc_lwip_world w;
	char why[200];
	if (size == 0)
		return 0;
	if (size > 1514)
		size = 1514;
	int rc = wc_lwip_world_begin(&s, 1, &w);
	WC_CHECK(rc == WC_OK, "lwIP world set-up failed: %d", rc);

	rc = wc_lwip_inject_frame(s, data, size, NULL);
	WC_CHECK(rc == WC_OK, "inject (PBUF_RAM) failed: %d", rc);
	WC_CHECK(!wc_lwip_frames_bad(s, why, sizeof why), "%s", why);

	if (size >= 2) {
		size_t cut = chain_cut(data, size);
		wc_lwip_chain ch = {.how = WC_LWIP_RX_SPLIT, .cuts = &cut, .ncuts = 1, .pool_mask = 1};
		rc = wc_lwip_inject_frame(s, data, size, &ch);
		WC_CHECK(rc == WC_OK, "inject (chain) failed: %d", rc);
		WC_CHECK(!wc_lwip_frames_bad(s, why, sizeof why), "%s", why);
	}

	rc = wc_sut_lwip_inst.advance(s, 2000000);
	WC_CHECK(rc == WC_OK, "advance failed: %d", rc);
	WC_CHECK(!wc_lwip_frames_bad(s, why, sizeof why), "%s", why);
	WC_CHECK(!wc_lwip_end_leaks(s, why, sizeof why), "%s", why);
	return 0;
}
