#ifndef WC_WIRE_TCP_H
#define WC_WIRE_TCP_H

/*
 * TCP segments (RFC 9293) with an option walker.
 *
 * wc_tcp_parse() proves: 20 bytes present, data offset >= 5, data offset *
 * 4 <= bytes present, and that the options walk cleanly:
 *   EOL (0) ends the list; the bytes after it up to the data offset are
 *     kept raw as padding (pad/pad_len) whatever their value;
 *   NOP (1) is one byte;
 *   every other kind needs a length byte; a length of 0 or 1, or one that
 *     runs past the data offset, is WC_ETCP_OPTLEN (never an over-read);
 *   MSS (2) must be 4 long, WS (3) 3, SACK-permitted (4) 2, SACK (5)
 *     2 + 8n with n = 1..4, timestamps (8) 10; otherwise WC_ETCP_OPTSIZE;
 *   any other kind is kept as raw kind + value bytes.
 * The decoded list keeps every option (NOP and EOL included) in wire order,
 * so emit reproduces the header byte for byte. The checksum is not verified
 * by parse: use wc_tcp_check_cksum4/6.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/view.h"
#include "wirecheck/wire_pseudo.h"

#define WC_TCP_HDR_LEN 20
#define WC_TCP_MAX_OPT_LEN 40
#define WC_TCP_MAX_OPTS 40   /* 40 bytes of one-byte options */
#define WC_TCP_MAX_SACK 4

#define WC_TCP_FIN 0x001
#define WC_TCP_SYN 0x002
#define WC_TCP_RST 0x004
#define WC_TCP_PSH 0x008
#define WC_TCP_ACK 0x010
#define WC_TCP_URG 0x020
#define WC_TCP_ECE 0x040
#define WC_TCP_CWR 0x080
#define WC_TCP_AE  0x100   /* RFC 3540 NS / AccECN AE bit */
#define WC_TCP_FLAG_MASK 0xfff /* 3 reserved bits + AE + 8 flags */

#define WC_TCPOPT_EOL 0
#define WC_TCPOPT_NOP 1
#define WC_TCPOPT_MSS 2
#define WC_TCPOPT_WS 3
#define WC_TCPOPT_SACK_PERM 4
#define WC_TCPOPT_SACK 5
#define WC_TCPOPT_TS 8

typedef struct wc_tcp_sack_block {
	uint32_t left;
	uint32_t right;
} wc_tcp_sack_block;

typedef struct wc_tcp_opt {
	uint8_t kind;
	uint8_t len;  /* bytes on the wire: 1 for EOL/NOP, else the length byte */
	union {
		uint16_t mss;                                  /* MSS */
		uint8_t ws;                                    /* window scale shift */
		struct { uint32_t val, ecr; } ts;              /* timestamps */
		struct {
			uint8_t n;                             /* 1..4 */
			wc_tcp_sack_block b[WC_TCP_MAX_SACK];
		} sack;                                        /* SACK blocks */
		uint8_t raw[WC_TCP_MAX_OPT_LEN - 2];           /* other kinds: len-2 bytes */
	} u;
} wc_tcp_opt;

typedef struct wc_tcp {
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint16_t flags;   /* low 12 bits of bytes 12-13: reserved(3) AE CWR ECE URG ACK PSH RST SYN FIN */
	uint16_t wnd;
	uint16_t cksum;   /* as received; emit may recompute */
	uint16_t urg;
	uint8_t n_opts;
	uint8_t pad_len;  /* bytes after an EOL up to the data offset */
	wc_tcp_opt opts[WC_TCP_MAX_OPTS];
	uint8_t pad[WC_TCP_MAX_OPT_LEN];
	wc_view payload;  /* bytes after the header; aliases the input */
} wc_tcp;

/*
 * Decode a TCP segment (header + payload: the IP payload, exactly).
 * WC_OK or WC_ETRUNC (< 20 bytes), WC_ETCP_OFFSET (data offset < 5),
 * WC_ETCP_HDRLEN (data offset beyond the segment), WC_ETCP_OPTLEN,
 * WC_ETCP_OPTSIZE. *out is written only on success; out->payload aliases v.
 */
int wc_tcp_parse(wc_view v, wc_tcp *out);

/* Only prove the header and options (the check step of parse). */
int wc_tcp_check(wc_view v);

/* Option bytes emit writes: sum of option lengths + pad_len. */
size_t wc_tcp_opt_len(const wc_tcp *t);
static inline size_t wc_tcp_hdr_len(const wc_tcp *t) { return WC_TCP_HDR_LEN + wc_tcp_opt_len(t); }

/* First option of the given kind, or NULL. */
const wc_tcp_opt *wc_tcp_find_opt(const wc_tcp *t, uint8_t kind);

/*
 * Write header + options + payload into out; *written = segment length.
 * The data offset is computed from the options. ph == NULL writes t->cksum
 * verbatim; otherwise the checksum is computed over ph and the segment.
 * Returns WC_OK, WC_EINVAL (options not a multiple of 4 or > 40 bytes, an
 * option whose len does not match its kind, n_opts or pad_len too large,
 * or ph of unknown family), WC_ERDONLY, WC_ENOSPC.
 */
int wc_tcp_emit(const wc_tcp *t, const wc_pseudo *ph, wc_view out, size_t *written);

/* Checksum value for raw segment v (checksum field taken as 0); v.len must
 * be >= 20 (else 0 is returned). */
uint16_t wc_tcp_cksum4(const uint8_t src[4], const uint8_t dst[4], wc_view v);
uint16_t wc_tcp_cksum6(const uint8_t src[16], const uint8_t dst[16], wc_view v);
/* WC_OK if the checksum in raw segment v is right, WC_ECKSUM if not,
 * WC_ETRUNC if v < 20 bytes. */
int wc_tcp_check_cksum4(const uint8_t src[4], const uint8_t dst[4], wc_view v);
int wc_tcp_check_cksum6(const uint8_t src[16], const uint8_t dst[16], wc_view v);

#endif
