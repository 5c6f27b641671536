#ifndef WC_CKSUM_REF_H
#define WC_CKSUM_REF_H

/*
 * Reference Internet checksum: RFC 1071 section 4.1, literally, plus
 * pseudo-headers, chained buffers and incremental update defined by the
 * most direct construction (build the flat bytes, sum them again). The fast
 * implementation (include/wirecheck/cksum.h) must agree with every function
 * here; fuzz target `cksum` and test_cksum hold them equal.
 *
 * Sums are folded ones'-complement sums of big-endian 16-bit words, not
 * complemented, exactly as in cksum.h.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/err.h"
#include "wirecheck/view.h"

/* RFC 1071 4.1: add 16-bit words into a 32-bit accumulator while at least
 * two bytes remain, add a left-over byte as the high half of a word, fold
 * the carries back in. p may be NULL when len is 0. */
uint16_t wc_cksum_ref_sum(const void *p, size_t len);
/* ~wc_cksum_ref_sum(p, len): the value placed in a header. */
uint16_t wc_cksum_ref(const void *p, size_t len);

/* Sum of n views laid end to end: the views are concatenated into one
 * malloc'ed flat buffer which is summed and freed. *out written on WC_OK;
 * WC_ENOMEM when the buffer cannot be allocated. */
int wc_cksum_ref_sumv(const wc_view *v, size_t n, uint16_t *out);

/* Pseudo-header sums: the 12-byte IPv4 pseudo-header (RFC 793 3.1: source,
 * destination, zero, protocol, TCP length) and the 40-byte IPv6 one
 * (RFC 8200 8.1: source, destination, upper-layer length as 32 bits, three
 * zero bytes, next header) are written out as bytes and summed. */
uint16_t wc_cksum_ref_pseudo4(const uint8_t src[4], const uint8_t dst[4], uint8_t proto,
			      uint16_t len);
uint16_t wc_cksum_ref_pseudo6(const uint8_t src[16], const uint8_t dst[16], uint8_t next_header,
			      uint32_t len);

/* Incremental update by full recomputation: copy len bytes of data,
 * overwrite n bytes at off with repl, and return in *out the checksum
 * (complemented) of the modified copy. WC_EBOUNDS unless [off, off+n) is
 * inside data; WC_ENOMEM when the copy cannot be allocated. */
int wc_cksum_ref_update(const void *data, size_t len, size_t off, const void *repl, size_t n,
			uint16_t *out);

#endif
