#ifndef WC_CKSUM_H
#define WC_CKSUM_H

/*
 * The Internet checksum (RFC 1071), fast implementation.
 *
 * "sum" values are 16-bit ones'-complement sums, folded but NOT
 * complemented, of bytes taken as big-endian 16-bit words starting at an
 * even offset (a trailing odd byte is padded with a zero byte). The value
 * placed in a header is wc_cksum_finish(sum) == ~sum. The reference model
 * (models/cksum_ref.c, include/wirecheck/cksum_ref.h) computes the same
 * quantities the literal RFC 1071 way; fuzz target `cksum` holds them equal.
 *
 * Any alignment and any length are accepted; nothing is allocated; data is
 * only read.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/view.h"

/* Folded ones'-complement sum of len bytes at p (p may be NULL if len 0). */
uint16_t wc_cksum_sum(const void *p, size_t len);
/* wc_cksum_finish(wc_cksum_sum(p, len)): the header value. */
uint16_t wc_cksum(const void *p, size_t len);
/* ~sum, as a 16-bit value. */
static inline uint16_t wc_cksum_finish(uint16_t sum) { return (uint16_t)~sum; }

/* Ones'-complement addition of two folded sums. When b is the sum of bytes
 * that started at an odd offset relative to a's start (a covered an odd
 * number of bytes), pass odd = 1 and b is byte-swapped first (RFC 1071 2(B)). */
uint16_t wc_cksum_add(uint16_t a, uint16_t b, int odd);

/* Sum over n views laid end to end, as if they were one contiguous buffer
 * (views may have odd lengths; chained buffers split anywhere). */
uint16_t wc_cksum_sumv(const wc_view *v, size_t n);

/* Pseudo-header sums (folded, not complemented). len is the upper-layer
 * length (TCP/UDP header + data). */
uint16_t wc_cksum_pseudo4(const uint8_t src[4], const uint8_t dst[4], uint8_t proto, uint16_t len);
uint16_t wc_cksum_pseudo6(const uint8_t src[16], const uint8_t dst[16], uint8_t next_header, uint32_t len);

/*
 * Incremental update (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')) of header
 * checksum hc when a 16-bit field (at an even offset of the summed bytes)
 * changes from old_w to new_w; the 32-bit variant does the same for two
 * adjacent 16-bit words, such as a sequence number or an IPv4 address.
 *
 * Guarantee: when hc is the checksum a full computation gives for the old
 * bytes, the result equals wc_cksum() of the new bytes, bit for bit,
 * including the 0x0000 results that RFC 1624 eqn. 2 gets wrong (it yields
 * -0, 0xFFFF) -- in every case but one: when every 16-bit word of the new
 * bytes is zero, a full computation gives 0xFFFF and this function gives
 * 0x0000. hc alone cannot tell that case apart from bytes whose sum is -0,
 * so no update formula can. Real IPv4 and TCP headers never hit it (the
 * version nibble / data offset is non-zero). When hc is not the checksum
 * of the old bytes, the result is off from the new checksum by the same
 * ones'-complement difference. Transport-specific rules (UDP sends a computed 0x0000 as 0xFFFF) are the
 * caller's business.
 */
uint16_t wc_cksum_update16(uint16_t hc, uint16_t old_w, uint16_t new_w);
uint16_t wc_cksum_update32(uint16_t hc, uint32_t old_w, uint32_t new_w);

/*
 * Implementation paths. wc_cksum_sum() and everything built on it sum
 * buffers shorter than 128 bytes with a loop-light 64-bit add-with-carry
 * path (headers, small packets: set-up cost dominates there); longer ones
 * take the AVX2 path when the running CPU has AVX2 (checked at run time,
 * so a build without -march still uses it), else the portable 64-bit
 * scalar path.
 * Both paths are exported so that tests, fuzz target `cksum` and
 * bench_cksum can hold them equal and time them; they return exactly what
 * wc_cksum_sum() returns.
 */
/* 1 when the running CPU (and OS) support AVX2, else 0. */
int wc_cksum_have_avx2(void);
/* The portable path: 64-bit loads, 32-bit halves into 64-bit accumulators. */
uint16_t wc_cksum_sum_scalar(const void *p, size_t len);
/* The AVX2 path; on a CPU without AVX2 it runs the scalar path instead. */
uint16_t wc_cksum_sum_avx2(const void *p, size_t len);

#endif
