#ifndef WC_WIRE_ARP_H
#define WC_WIRE_ARP_H

/*
 * ARP for Ethernet/IPv4 (RFC 826): htype 1, ptype 0x0800, hlen 6, plen 4,
 * 28 bytes. Bytes after the 28 (Ethernet padding) are reported as trailer.
 */

#include <stdint.h>

#include "wirecheck/view.h"

#define WC_ARP_LEN 28
#define WC_ARP_REQUEST 1
#define WC_ARP_REPLY 2

typedef struct wc_arp {
	uint16_t oper;   /* 1 request, 2 reply; other values are kept */
	uint8_t sha[6];
	uint8_t spa[4];
	uint8_t tha[6];
	uint8_t tpa[4];
	wc_view trailer; /* bytes after the 28-byte message; aliases the input */
} wc_arp;

/*
 * Decode an ARP message. WC_OK, WC_ETRUNC (< 28 bytes), WC_EARP_FORMAT
 * (hardware/protocol type or address lengths not Ethernet/IPv4).
 * *out is written only on success.
 */
int wc_arp_parse(wc_view v, wc_arp *out);

/* Write the 28-byte message (not the trailer) into out; *written = 28.
 * WC_OK, WC_ERDONLY, WC_ENOSPC. */
int wc_arp_emit(const wc_arp *a, wc_view out, size_t *written);

#endif
