#ifndef WC_WIRE_IPV6_H
#define WC_WIRE_IPV6_H

/*
 * IPv6 (RFC 8200) with its extension-header chain: hop-by-hop options (0,
 * only directly after the fixed header), routing (43), fragment (44) and
 * destination options (60). At most WC_IPV6_MAX_EXT headers are followed.
 *
 * wc_ipv6_parse() proves: version 6, 40 bytes present, payload length <=
 * bytes present (the rest is the trailer), and for each extension header
 * that its length stays inside the payload; options in hop-by-hop and
 * destination headers are walked (Pad1, then type/length TLVs that stay
 * inside the header). The first next-header value that is not one of the
 * four extension types is the upper-layer protocol; the payload view
 * starts there. Extension headers are kept as raw bytes (views).
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/view.h"

#define WC_IPV6_HDR_LEN 40
#define WC_IPV6_MAX_EXT 8

#define WC_IPV6_EXT_HOPOPT 0
#define WC_IPV6_EXT_ROUTING 43
#define WC_IPV6_EXT_FRAGMENT 44
#define WC_IPV6_EXT_DSTOPT 60
#define WC_IPPROTO_ICMPV6 58
#define WC_IPPROTO_NONE 59

typedef struct wc_ipv6_ext {
	uint8_t type;  /* the next-header value that announced this header */
	wc_view bytes; /* the whole header (its next-header byte included);
	                * aliases the input */
} wc_ipv6_ext;

typedef struct wc_ipv6 {
	uint8_t tclass;
	uint32_t flow;       /* 20 bits */
	uint8_t hop_limit;
	uint8_t src[16];
	uint8_t dst[16];
	uint8_t n_ext;
	wc_ipv6_ext ext[WC_IPV6_MAX_EXT];
	uint8_t proto;       /* upper-layer protocol (last next-header value) */
	wc_view payload;     /* upper-layer bytes; aliases the input */
	wc_view trailer;     /* bytes after payload length; aliases the input */
} wc_ipv6;

/* Decoded fragment extension header. */
typedef struct wc_ipv6_frag {
	uint16_t offset;     /* in bytes */
	uint8_t more;        /* M flag */
	uint32_t id;
} wc_ipv6_frag;

/*
 * Decode an IPv6 packet. Returns WC_OK or WC_ETRUNC (< 40 bytes),
 * WC_EIP_VERSION, WC_EIP_TRUNC (payload length > bytes present),
 * WC_EIP6_EXTHDR (an extension header or one of its options does not fit,
 * or hop-by-hop not first), WC_EIP6_CHAIN (more than WC_IPV6_MAX_EXT).
 * Views in *out alias v. *out is written only on success.
 */
int wc_ipv6_parse(wc_view v, wc_ipv6 *out);

/* Bytes of extension headers. */
size_t wc_ipv6_ext_len(const wc_ipv6 *ip);
/* Payload length emit writes: extension headers + payload. */
static inline size_t wc_ipv6_payload_len(const wc_ipv6 *ip) { return wc_ipv6_ext_len(ip) + ip->payload.len; }
/* 1 if t is one of the four extension-header types followed by parse. */
int wc_ipv6_is_ext(uint8_t t);

/* Decode a fragment header found in the chain (e->type must be 44 and
 * e->bytes 8 long, as parse guarantees). WC_OK or WC_EINVAL. */
int wc_ipv6_frag_get(const wc_ipv6_ext *e, wc_ipv6_frag *out);
/* 1 if the chain has a fragment header with offset != 0 or M set. */
int wc_ipv6_is_frag(const wc_ipv6 *ip);

/*
 * Write the fixed header, the extension headers and the payload into out;
 * *written = 40 + payload length. Each extension header's first byte is
 * rewritten to the type that follows it (the next ext's type, or proto).
 * Returns WC_OK, WC_EINVAL (an extension header whose length does not
 * match its length byte, n_ext too large, or payload length > 65535),
 * WC_ERDONLY, WC_ENOSPC.
 */
int wc_ipv6_emit(const wc_ipv6 *ip, wc_view out, size_t *written);

#endif
