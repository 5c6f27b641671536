#ifndef WC_WIRE_UDP_H
#define WC_WIRE_UDP_H

/*
 * UDP (RFC 768). Parse proves 8 bytes present and 8 <= length field <=
 * bytes present; the payload is length - 8 bytes and anything after the
 * length is the trailer (not an error). The checksum is not verified by
 * parse: use wc_udp_check_cksum4/6.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/view.h"
#include "wirecheck/wire_pseudo.h"

#define WC_UDP_HDR_LEN 8

typedef struct wc_udp {
	uint16_t sport;
	uint16_t dport;
	uint16_t cksum;  /* as received (0: none, IPv4 only) */
	wc_view payload; /* length - 8 bytes; aliases the input */
	wc_view trailer; /* bytes after length; aliases the input */
} wc_udp;

/* WC_OK, WC_ETRUNC (< 8 bytes), WC_EUDP_LEN (length < 8 or > bytes present).
 * *out is written only on success. */
int wc_udp_parse(wc_view v, wc_udp *out);

/* Write header + payload; the length field is 8 + payload.len. ph == NULL
 * writes u->cksum verbatim; otherwise the checksum is computed (a computed
 * 0 is sent as 0xffff). WC_OK, WC_EINVAL (length > 65535), WC_ERDONLY,
 * WC_ENOSPC. */
int wc_udp_emit(const wc_udp *u, const wc_pseudo *ph, wc_view out, size_t *written);

/* Checksum value for the datagram v (the bytes the length field covers)
 * (checksum field taken as 0; a result of 0 is returned as 0xffff). */
uint16_t wc_udp_cksum4(const uint8_t src[4], const uint8_t dst[4], wc_view v);
uint16_t wc_udp_cksum6(const uint8_t src[16], const uint8_t dst[16], wc_view v);
/* WC_OK if right (over IPv4 a zero checksum means "none" and is OK),
 * WC_ECKSUM if not, WC_ETRUNC if v < 8 bytes. */
int wc_udp_check_cksum4(const uint8_t src[4], const uint8_t dst[4], wc_view v);
int wc_udp_check_cksum6(const uint8_t src[16], const uint8_t dst[16], wc_view v);

#endif
