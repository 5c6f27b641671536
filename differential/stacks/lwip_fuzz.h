#ifndef WC_LWIP_FUZZ_H
#define WC_LWIP_FUZZ_H

/*
 * Shared pieces of the lwIP fuzz targets (lwip_frame, lwip_tcp): the
 * starting world and the oracles every frame lwIP emits must pass.
 *
 * The world (corpus/README.md, "lwip_frame"): the stack is 192.0.2.1 /
 * 2001:db8::1, MAC 02:00:00:00:00:01, with TCP listeners on port 80 (IPv4
 * and IPv6) and, when asked, one established connection per family from
 * the peer 192.0.2.2 / 2001:db8::2 port 40000, peer ISN 1000, SUT ISN
 * 2000000, both sides' next sequence numbers ISN + 1, accepted by the user.
 */

#include <stddef.h>
#include <stdint.h>

#include "lwip.h"

#define WC_LWIP_W_SUT_PORT 80
#define WC_LWIP_W_PEER_PORT 40000
#define WC_LWIP_W_PEER_ISN 1000u
#define WC_LWIP_W_SUT_ISN 2000000u

typedef struct wc_lwip_world {
	int lfd4, lfd6; /* listeners */
	int efd4, efd6; /* established, accepted (-1 when not set up) */
} wc_lwip_world;

/* Open (first call) or reset the process-global lwIP in Ethernet mode with
 * autoreply, listeners and, if established, the two connections; the
 * frames of the set-up are checked and dropped. WC_OK or the failing step's
 * code (the world is then unusable: a harness failure). */
int wc_lwip_world_begin(wc_sut **s, int established, wc_lwip_world *w);

/* Pop every queued frame and check it: it parses with the wire library
 * (Ethernet mode), is at most 1514 bytes, comes from our MAC and one of our
 * IP addresses, and carries correct checksums; no frame was dropped or
 * oversize. Returns 1 and a one-line reason in why on a violation, else 0. */
int wc_lwip_frames_bad(wc_sut *s, char *why, size_t whylen);

/* Reset the stack (abandoning every connection) and report whether lwIP
 * holds resources beyond its baseline: 1 + why on a leak, else 0. */
int wc_lwip_end_leaks(wc_sut *s, char *why, size_t whylen);

#endif
