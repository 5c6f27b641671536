#ifndef WC_TCP_MODEL_SEQ_H
#define WC_TCP_MODEL_SEQ_H

/*
 * Sequence-number arithmetic modulo 2^32 for the TCP reference model
 * (RFC 9293 section 3.4, RFC 1982 serial number arithmetic).
 *
 * Two values exactly 2^31 apart are incomparable (RFC 1982 section 3.2 leaves
 * the result undefined): wc_tm_seq_lt() is false in BOTH directions there, so
 * the relation stays a strict partial order and no caller can be fooled into
 * believing both a < b and b < a. Every test the model makes against a window
 * (acceptability, ACK ranges, RST ranges) is done with wc_tm_seq_in(), which
 * measures the offset from the window's base and is exact at any distance.
 *
 * All functions are pure and total: any 32-bit inputs are legal.
 */

#include <stdint.h>

/* a < b modulo 2^32; false when a == b or when they are 2^31 apart. */
static inline int wc_tm_seq_lt(uint32_t a, uint32_t b)
{
	uint32_t d = b - a;
	return d != 0 && d < 0x80000000u;
}

/* a <= b modulo 2^32 (a == b, or a < b). */
static inline int wc_tm_seq_le(uint32_t a, uint32_t b)
{
	return a == b || wc_tm_seq_lt(a, b);
}

/* base <= x < base + len, as offsets from base: exact for any len <= 2^32-1;
 * false for len == 0. */
static inline int wc_tm_seq_in(uint32_t x, uint32_t base, uint32_t len)
{
	return (uint32_t)(x - base) < len;
}

/* lo < x <= hi, as offsets from lo (the window (lo, hi]); empty when lo == hi. */
static inline int wc_tm_seq_in_oc(uint32_t x, uint32_t lo, uint32_t hi)
{
	uint32_t off = x - lo;
	return off != 0 && off <= (uint32_t)(hi - lo);
}

/* lo <= x <= hi, as offsets from lo (the closed window [lo, hi]). */
static inline int wc_tm_seq_in_cc(uint32_t x, uint32_t lo, uint32_t hi)
{
	return (uint32_t)(x - lo) <= (uint32_t)(hi - lo);
}

/* The larger of a and b in the window beginning at base (offset compare). */
static inline uint32_t wc_tm_seq_max_from(uint32_t base, uint32_t a, uint32_t b)
{
	return (uint32_t)(a - base) >= (uint32_t)(b - base) ? a : b;
}

/*
 * The segment acceptability test of RFC 9293 section 3.10.7.4 (the four
 * cases): seg_len counts SYN and FIN; rcv_wnd is the receive window in
 * octets (already scaled). Returns 1 if acceptable, 0 if not.
 *   len 0, wnd 0:  SEG.SEQ = RCV.NXT
 *   len 0, wnd >0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
 *   len >0, wnd 0: not acceptable
 *   len >0, wnd >0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
 *                or RCV.NXT =< SEG.SEQ+SEG.LEN-1 < RCV.NXT+RCV.WND
 */
int wc_tm_seq_acceptable(uint32_t seg_seq, uint32_t seg_len, uint32_t rcv_nxt,
			 uint32_t rcv_wnd);

#endif
