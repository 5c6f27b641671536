#ifndef WC_PACKET_H
#define WC_PACKET_H

/*
 * Whole-stack decoding: an Ethernet frame or a raw IP packet down to TCP,
 * UDP or ICMP, with the wire library's parsers, and the reverse.
 *
 * A layer the library does not handle (an unknown EtherType or IP
 * protocol, a non-initial or incomplete IP fragment) is not an error: the
 * packet is decoded as far as it goes and the remaining bytes stay in the
 * deepest layer's payload. Errors are malformed bytes in a layer that is
 * handled. Checksums are not verified by parse: wc_packet_check_cksums().
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/view.h"
#include "wirecheck/wire_arp.h"
#include "wirecheck/wire_eth.h"
#include "wirecheck/wire_icmp.h"
#include "wirecheck/wire_ipv4.h"
#include "wirecheck/wire_ipv6.h"
#include "wirecheck/wire_tcp.h"
#include "wirecheck/wire_udp.h"

/* Where the input starts (wc_packet_parse mode). */
#define WC_PKT_ETH 0   /* an Ethernet II frame */
#define WC_PKT_IP 1    /* an IPv4 or IPv6 packet, chosen by the version nibble */
#define WC_PKT_IPV4 2  /* an IPv4 packet */
#define WC_PKT_IPV6 3  /* an IPv6 packet */

typedef enum wc_l3_kind { WC_L3_NONE = 0, WC_L3_ARP, WC_L3_IPV4, WC_L3_IPV6 } wc_l3_kind;
typedef enum wc_l4_kind { WC_L4_NONE = 0, WC_L4_TCP, WC_L4_UDP, WC_L4_ICMP4, WC_L4_ICMP6 } wc_l4_kind;

typedef struct wc_packet {
	int has_eth;      /* 1 if parsed from an Ethernet frame */
	wc_eth eth;
	wc_l3_kind l3;
	wc_arp arp;       /* valid when l3 == WC_L3_ARP */
	wc_ipv4 ip4;      /* valid when l3 == WC_L3_IPV4 */
	wc_ipv6 ip6;      /* valid when l3 == WC_L3_IPV6 */
	int fragment;     /* the IP packet is a fragment (L4 not decoded) */
	wc_l4_kind l4;
	wc_view l4_bytes; /* the IP payload (upper-layer bytes); empty if no IP */
	wc_tcp tcp;       /* valid when l4 == WC_L4_TCP */
	wc_udp udp;       /* valid when l4 == WC_L4_UDP */
	wc_icmp icmp;     /* valid when l4 is WC_L4_ICMP4 or WC_L4_ICMP6 */
} wc_packet;

/*
 * Decode bytes (mode WC_PKT_*) into *out. Returns WC_OK or the first
 * layer's error code (see each wc_<proto>_parse), WC_EINVAL for a bad
 * mode, WC_EIP_VERSION when WC_PKT_IP finds neither 4 nor 6. All views in
 * *out alias bytes. *out is written only on success, and then only the
 * members valid for the decoded layers (see the comments in wc_packet; in
 * tcp, the first n_opts options and pad_len padding bytes); the others
 * keep whatever they held.
 */
int wc_packet_parse(wc_view bytes, int mode, wc_packet *out);

/* The pseudo-header of the packet's IP layer (WC_EINVAL if none). For IPv6
 * with a Routing header that still has segments left, the destination is
 * the final one found in that header (RFC 8200 8.1): the last address for
 * routing types 0 and 2, Segment List[0] for type 4 (SRH). */
int wc_packet_pseudo(const wc_packet *p, wc_pseudo *ph);

/*
 * Verify every checksum the packet carries: the IPv4 header checksum and
 * the TCP / UDP / ICMP checksum over the pseudo-header. WC_OK, or
 * WC_ECKSUM when one is wrong.
 */
int wc_packet_check_cksums(const wc_packet *p);

#define WC_PKT_EMIT_CKSUM 1u /* compute every checksum instead of copying */

/*
 * Re-emit the whole stack from the decoded layers, inside out: the L4
 * header + payload, then the IP header with lengths recomputed from what
 * was emitted under it, then the IP trailer, then the Ethernet header.
 * With flags 0 and an unmodified *p, the output is the parsed input byte
 * for byte. *written = bytes written. WC_OK, WC_ENOSPC, WC_ERDONLY, or an
 * emitter's WC_EINVAL. Views in *p must not overlap out.
 */
int wc_packet_emit(const wc_packet *p, unsigned flags, wc_view out, size_t *written);

#endif
