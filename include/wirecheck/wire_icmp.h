#ifndef WC_WIRE_ICMP_H
#define WC_WIRE_ICMP_H

/*
 * ICMPv4 (RFC 792) and ICMPv6 (RFC 4443) share one 8-byte header layout:
 * type, code, checksum, 4 bytes "rest of header" (identifier/sequence,
 * MTU, pointer, unused), then the body. Parse does not verify the
 * checksum: use wc_icmp4_check_cksum() / wc_icmp6_check_cksum().
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/view.h"
#include "wirecheck/wire_pseudo.h"

#define WC_ICMP_HDR_LEN 8

#define WC_ICMP4_ECHO_REPLY 0
#define WC_ICMP4_UNREACH 3
#define WC_ICMP4_ECHO 8
#define WC_ICMP4_TIME_EXCEEDED 11
#define WC_ICMP6_UNREACH 1
#define WC_ICMP6_PKT_TOO_BIG 2
#define WC_ICMP6_ECHO 128
#define WC_ICMP6_ECHO_REPLY 129

typedef struct wc_icmp {
	uint8_t type;
	uint8_t code;
	uint16_t cksum;  /* as received; emit may recompute */
	uint8_t rest[4]; /* rest of header, raw */
	wc_view payload; /* body; aliases the input */
} wc_icmp;

/* Decode an ICMPv4 or ICMPv6 message (the whole upper-layer payload).
 * WC_OK or WC_EICMP_TRUNC (< 8 bytes). *out written only on success. */
int wc_icmp_parse(wc_view v, wc_icmp *out);

/* Write header + payload into out; *written = 8 + payload.len.
 * ICMPv4: fill_cksum != 0 computes the checksum, else m->cksum is written.
 * ICMPv6: ph != NULL computes it over the pseudo-header (next header 58).
 * WC_OK, WC_ERDONLY, WC_ENOSPC, WC_EINVAL (ICMPv6 ph not family 6). */
int wc_icmp4_emit(const wc_icmp *m, int fill_cksum, wc_view out, size_t *written);
int wc_icmp6_emit(const wc_icmp *m, const wc_pseudo *ph, wc_view out, size_t *written);

/* Checksum value for the raw message v (checksum field taken as 0).
 * v.len must be >= 8 (else 0 is returned). */
uint16_t wc_icmp4_cksum(wc_view v);
uint16_t wc_icmp6_cksum(const uint8_t src[16], const uint8_t dst[16], wc_view v);
/* WC_OK if the checksum in raw message v is right, WC_ECKSUM if not,
 * WC_EICMP_TRUNC if v is shorter than 8 bytes. */
int wc_icmp4_check_cksum(wc_view v);
int wc_icmp6_check_cksum(const uint8_t src[16], const uint8_t dst[16], wc_view v);

#endif
