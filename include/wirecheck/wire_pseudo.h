#ifndef WC_WIRE_PSEUDO_H
#define WC_WIRE_PSEUDO_H

/*
 * The IP pseudo-header that TCP, UDP and ICMPv6 checksums cover (RFC 9293
 * 3.1, RFC 768, RFC 8200 8.1). Emitters take a `const wc_pseudo *`: NULL
 * means "write the checksum field stored in the decoded struct verbatim"
 * (byte-exact round trips), non-NULL means "compute the checksum over this
 * pseudo-header and the emitted bytes and write it".
 */

#include <stdint.h>
#include <string.h>

#include "wirecheck/view.h"

typedef struct wc_pseudo {
	uint8_t family;  /* 4 or 6 */
	uint8_t src[16]; /* IPv4 uses the first 4 bytes */
	uint8_t dst[16];
} wc_pseudo;

/* A pseudo-header for IPv4 addresses src/dst (4 bytes each). */
static inline wc_pseudo wc_pseudo4(const uint8_t src[4], const uint8_t dst[4])
{
	wc_pseudo ph;
	memset(&ph, 0, sizeof ph);
	ph.family = 4;
	memcpy(ph.src, src, 4);
	memcpy(ph.dst, dst, 4);
	return ph;
}

/* A pseudo-header for IPv6 addresses src/dst (16 bytes each). */
static inline wc_pseudo wc_pseudo6(const uint8_t src[16], const uint8_t dst[16])
{
	wc_pseudo ph;
	ph.family = 6;
	memcpy(ph.src, src, 16);
	memcpy(ph.dst, dst, 16);
	return ph;
}

/*
 * For IPv6 with a Routing header, RFC 8200 8.1 puts the final destination
 * in the pseudo-header; wc_packet_pseudo() (packet.h) finds it.
 *
 * The header value of an upper-layer checksum: the complement of the
 * pseudo-header sum (protocol proto, upper-layer length = v.len) plus the
 * sum of v, where the 2 bytes at cksum_off are taken as zero. v.len must be
 * at least cksum_off + 2 and, for IPv4, at most 65535. Never fails; lengths
 * are the caller's to prove. Implemented in lib/wire_pseudo.c.
 */
uint16_t wc_pseudo_cksum(const wc_pseudo *ph, uint8_t proto, wc_view v, size_t cksum_off);

/* WC_OK if the ones'-complement sum over the pseudo-header and v (checksum
 * field included) is 0xffff, else WC_ECKSUM. */
int wc_pseudo_check(const wc_pseudo *ph, uint8_t proto, wc_view v);

#endif
