#ifndef WC_WIRE_ETH_H
#define WC_WIRE_ETH_H

/*
 * Ethernet II frames (no preamble, no FCS) with up to WC_ETH_MAX_TAGS
 * stacked 802.1Q / 802.1ad tags (TPID 0x8100 or 0x88a8, QinQ).
 *
 * Two levels: wc_eth_parse() proves every length once and fills a decoded
 * wc_eth; after that nothing about the frame can fail. wc_eth_emit() writes
 * the header and copies the payload view; parse -> emit reproduces the
 * frame byte for byte.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/view.h"

#define WC_ETH_ADDR_LEN 6
#define WC_ETH_HDR_LEN 14    /* without tags */
#define WC_ETH_MAX_TAGS 4    /* a frame with more stacked tags is rejected */

#define WC_ETHERTYPE_IPV4 0x0800
#define WC_ETHERTYPE_ARP 0x0806
#define WC_ETHERTYPE_IPV6 0x86dd
#define WC_ETHERTYPE_VLAN 0x8100  /* 802.1Q C-tag */
#define WC_ETHERTYPE_QINQ 0x88a8  /* 802.1ad S-tag */

typedef struct wc_eth_tag {
	uint16_t tpid; /* 0x8100 or 0x88a8 */
	uint16_t tci;  /* PCP(3) DEI(1) VID(12), raw */
} wc_eth_tag;

typedef struct wc_eth {
	uint8_t dst[WC_ETH_ADDR_LEN];
	uint8_t src[WC_ETH_ADDR_LEN];
	uint8_t ntags;                   /* 0 .. WC_ETH_MAX_TAGS, outermost first */
	wc_eth_tag tags[WC_ETH_MAX_TAGS];
	uint16_t ethertype;              /* the inner type (after the tags); a value
	                                  * < 0x0600 (802.3 length) is kept as is */
	wc_view payload;                 /* everything after the header, Ethernet
	                                  * padding included; points into the input */
} wc_eth;

/*
 * Decode frame into *out. Returns WC_OK, WC_ETRUNC (fewer than 14 bytes),
 * WC_EETH_VLAN (a tag is truncated, or more than WC_ETH_MAX_TAGS tags).
 * out->payload aliases frame: keep frame's bytes alive while it is used.
 * *out is written only on success.
 */
int wc_eth_parse(wc_view frame, wc_eth *out);

/* Header length of e on the wire: 14 + 4 * ntags. */
static inline size_t wc_eth_hdr_len(const wc_eth *e) { return WC_ETH_HDR_LEN + 4u * e->ntags; }

/*
 * Write e's header followed by e->payload into out (writable view) and set
 * *written to the frame length. e->payload may overlap out (memmove
 * semantics). Returns WC_OK, WC_EINVAL (ntags too large), WC_ERDONLY,
 * WC_ENOSPC (out too small; nothing written).
 */
int wc_eth_emit(const wc_eth *e, wc_view out, size_t *written);

#endif
