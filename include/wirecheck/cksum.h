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

/* Incremental update (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')) of header
 * checksum hc when a 16-bit field changes from old_w to new_w, and the
 * 32-bit variant for a field such as a sequence number or an IPv4 address.
 * The result equals a full recomputation except that the -0/+0 ambiguity
 * is resolved the way a full recomputation resolves it (RFC 1624 sec. 3). */
uint16_t wc_cksum_update16(uint16_t hc, uint16_t old_w, uint16_t new_w);
uint16_t wc_cksum_update32(uint16_t hc, uint32_t old_w, uint32_t new_w);

#endif
