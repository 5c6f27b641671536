#ifndef WC_WIRE_IPV4_H
#define WC_WIRE_IPV4_H

/*
 * IPv4 headers (RFC 791) with options.
 *
 * wc_ipv4_parse() proves: version 4, IHL >= 5, IHL*4 bytes present, total
 * length >= IHL*4 and <= the bytes present, and that the options walk
 * cleanly (EOL ends the list, NOP is one byte, every other option has a
 * length byte >= 2 that stays inside the options area). The payload is
 * exactly total_length - IHL*4 bytes; bytes beyond total_length (Ethernet
 * padding, trailing junk) are reported separately as the trailer and are
 * not an error. The header checksum is NOT verified by parse: use
 * wc_ipv4_check_cksum().
 *
 * Options are kept as raw bytes (padding after EOL included), so emit
 * reproduces them exactly; wc_ipv4_opt_next() walks them.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/view.h"

#define WC_IPV4_HDR_LEN 20
#define WC_IPV4_MAX_OPT 40

#define WC_IPV4_FLAG_RES 0x8000 /* reserved bit ("evil bit") */
#define WC_IPV4_FLAG_DF 0x4000
#define WC_IPV4_FLAG_MF 0x2000
#define WC_IPV4_FRAG_MASK 0x1fff

#define WC_IPV4_OPT_EOL 0
#define WC_IPV4_OPT_NOP 1

#define WC_IPPROTO_ICMP 1
#define WC_IPPROTO_TCP 6
#define WC_IPPROTO_UDP 17

typedef struct wc_ipv4 {
	uint8_t tos;         /* DSCP(6) ECN(2) */
	uint16_t id;
	uint16_t frag;       /* flags(3) + fragment offset(13), raw */
	uint8_t ttl;
	uint8_t proto;
	uint16_t cksum;      /* as received; emit may recompute */
	uint8_t src[4];
	uint8_t dst[4];
	uint8_t opt_len;     /* 0..40, a multiple of 4 */
	uint8_t opt[WC_IPV4_MAX_OPT]; /* raw option bytes incl. padding */
	wc_view payload;     /* total_length - IHL*4 bytes; aliases the input */
	wc_view trailer;     /* bytes after total_length; aliases the input */
} wc_ipv4;

/* One option found by wc_ipv4_opt_next(). */
typedef struct wc_ipv4_opt {
	uint8_t type;        /* copied(1) class(2) number(5) */
	uint8_t len;         /* bytes on the wire: 1 for EOL/NOP, else >= 2 */
	const uint8_t *data; /* len - 2 value bytes (NULL for EOL/NOP) */
} wc_ipv4_opt;

/*
 * Decode an IPv4 packet. Returns WC_OK or:
 * WC_ETRUNC (< 20 bytes), WC_EIP_VERSION, WC_EIP_IHL (IHL < 5),
 * WC_EIP_HDRLEN (IHL*4 > bytes present), WC_EIP_TOTLEN (total length <
 * IHL*4), WC_EIP_TRUNC (total length > bytes present), WC_EIP_OPTION.
 * Views in *out alias v. *out is written only on success.
 */
int wc_ipv4_parse(wc_view v, wc_ipv4 *out);

static inline size_t wc_ipv4_hdr_len(const wc_ipv4 *ip) { return WC_IPV4_HDR_LEN + (size_t)ip->opt_len; }
/* The total length emit writes: header + payload. */
static inline size_t wc_ipv4_total_len(const wc_ipv4 *ip) { return wc_ipv4_hdr_len(ip) + ip->payload.len; }
static inline int wc_ipv4_df(const wc_ipv4 *ip) { return (ip->frag & WC_IPV4_FLAG_DF) != 0; }
static inline int wc_ipv4_mf(const wc_ipv4 *ip) { return (ip->frag & WC_IPV4_FLAG_MF) != 0; }
/* Fragment offset in bytes. */
static inline unsigned wc_ipv4_frag_off(const wc_ipv4 *ip) { return (unsigned)(ip->frag & WC_IPV4_FRAG_MASK) * 8u; }
/* 1 if this is a fragment (MF set or non-zero offset). */
static inline int wc_ipv4_is_frag(const wc_ipv4 *ip) { return (ip->frag & (WC_IPV4_FLAG_MF | WC_IPV4_FRAG_MASK)) != 0; }

/*
 * Walk the options of a parsed header: start with *off = 0; each call
 * stores the next option in *o, advances *off and returns 1; returns 0
 * after EOL or at the end of the options area. On options proved by
 * wc_ipv4_parse() this cannot fail; on unproved bytes a malformed option
 * also ends the walk (returns 0).
 */
int wc_ipv4_opt_next(const wc_ipv4 *ip, size_t *off, wc_ipv4_opt *o);

/*
 * Write the header and the payload (not the trailer) into out; *written =
 * total length. fill_cksum != 0 computes the header checksum, 0 writes
 * ip->cksum verbatim. Returns WC_OK, WC_EINVAL (opt_len not a multiple of
 * 4 or > 40, or total length > 65535), WC_ERDONLY, WC_ENOSPC.
 */
int wc_ipv4_emit(const wc_ipv4 *ip, int fill_cksum, wc_view out, size_t *written);

/* The header checksum value for ip's fields (cksum field taken as 0). */
uint16_t wc_ipv4_cksum(const wc_ipv4 *ip);
/* WC_OK if ip->cksum is right for the other header fields, else WC_ECKSUM. */
int wc_ipv4_check_cksum(const wc_ipv4 *ip);

#endif
