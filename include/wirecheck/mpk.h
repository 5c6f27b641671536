#ifndef WC_MPK_H
#define WC_MPK_H

/*
 * The multi-packet input format ("mpk"): a sequence of frames, each with an
 * optional delay before it, for stateful targets (lwIP, differential runs).
 *
 * It is a strict superset of the input format of lwIP 2.1.3's own fuzzer
 * (test/fuzz/fuzz.c built with LWIP_FUZZ_MULTI_PACKET). Every byte string
 * decodes, in lenient mode, to exactly the frames lwIP's harness feeds to
 * its netif, in the same order and with the same bytes; the delays live in
 * words that lwIP's harness reads and skips. So lwIP's inputs are ours, and
 * ours run unchanged in lwIP's harness.
 *
 * Wire format. The input is a sequence of 16-bit big-endian words, each
 * either a delay word or a frame word, told apart by the low 11 bits
 * (the bits lwIP keeps; it masks every length with 0x07FF):
 *
 *   frame word   (w & 0x07FF) != 0: a frame of (w & 0x07FF) bytes follows
 *                immediately. The high 5 bits are ignored (lwIP masks them).
 *   delay word   (w & 0x07FF) == 0: one base-32 digit, d = w >> 11 (0..31).
 *                lwIP reads it as a zero-length frame and skips it.
 *
 * The delay before a frame, in milliseconds, is the number whose base-32
 * digits, most significant first, are the delay words immediately before
 * that frame word (none: 0 ms). Example: 1000 ms = 31 * 32 + 8, encoded as
 * F8 00 40 00; a 60-byte frame with no delay is 00 3C followed by 60 bytes.
 *
 * lwIP 2.1.3's rules, which lenient mode follows exactly:
 *   - a word is read only while MORE than 2 bytes remain (2 or fewer trailing
 *     bytes are ignored);
 *   - a frame length above WC_MPK_MAX_FRAME (1514) is lowered to 1514, and
 *     the bytes after those 1514 are read as the next word;
 *   - a frame length beyond the bytes remaining is clipped to them.
 *   Lenient mode accumulates delay digits with saturation at UINT32_MAX and
 *   drops digits that no frame follows. It never fails.
 *
 * Strict mode accepts exactly what wc_mpk_put() writes (the canonical form)
 * and reports anything else with its byte offset:
 *   - a frame word with any of the high 5 bits set, or a length above 1514:
 *     WC_EMPK_LEN;
 *   - a frame longer than the bytes remaining, a lone trailing byte, or delay
 *     words with no frame after them: WC_EMPK_TRUNC;
 *   - a delay whose first digit is 0, or that has more than
 *     WC_MPK_MAX_DELAY_WORDS digits or exceeds UINT32_MAX: WC_EMPK_DELAY.
 * Hence strict decode -> wc_mpk_put -> bytes reproduces the input exactly.
 *
 * Note on lwIP's own seed files (test/fuzz/inputs/): those are single-frame
 * inputs for the harness built WITHOUT LWIP_FUZZ_MULTI_PACKET; they are raw
 * frames, not mpk. Inputs written for the multi-packet build decode as the
 * same frames here; their delays are 0 unless they contain words whose low
 * 11 bits are 0 (which lwIP skips).
 *
 * Nothing here allocates. Frames are returned as pointers into the input.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/err.h"

#define WC_MPK_MAX_FRAME 1514u      /* lwIP 2.1.3 fuzz.c max_packet_size */
#define WC_MPK_LEN_MASK 0x07FFu     /* the length bits of a word */
#define WC_MPK_MAX_DELAY_WORDS 7u   /* ceil(32 / 5) digits hold a uint32 */
/* Largest encoding of one record: delay digits, frame word, frame. */
#define WC_MPK_MAX_RECORD (2u * WC_MPK_MAX_DELAY_WORDS + 2u + WC_MPK_MAX_FRAME)

#define WC_MPK_LENIENT 0u /* lwIP 2.1.3 semantics; never fails */
#define WC_MPK_STRICT 1u  /* canonical form only; errors carry an offset */

/* One decoded frame. data points into the buffer given to wc_mpk_iter_init. */
typedef struct wc_mpk_frame {
	const uint8_t *data; /* first byte of the frame (never NULL when len > 0) */
	size_t len;          /* 1 .. WC_MPK_MAX_FRAME */
	uint32_t delay_ms;   /* delay to apply before this frame */
	size_t offset;       /* byte offset of the record's first word in the input */
} wc_mpk_frame;

/* Decoder state; fields are private. Initialise with wc_mpk_iter_init. */
typedef struct wc_mpk_iter {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	unsigned mode;
	int err;          /* sticky error (strict mode) */
	size_t err_off;
} wc_mpk_iter;

/*
 * Start decoding len bytes at buf (buf may be NULL when len is 0) in mode
 * WC_MPK_LENIENT or WC_MPK_STRICT (any other value is treated as strict).
 * The caller keeps buf alive and unchanged while the iterator and the
 * frames it returns are used.
 */
void wc_mpk_iter_init(wc_mpk_iter *it, const void *buf, size_t len, unsigned mode);

/*
 * Decode the next frame into *out. Returns 1 with *out filled, 0 at the end
 * of the input (*out untouched), or (strict mode only) WC_EMPK_LEN,
 * WC_EMPK_TRUNC or WC_EMPK_DELAY with *out untouched; the error is sticky
 * (further calls return it again) and wc_mpk_iter_error_offset() gives the
 * byte offset of the offending word. Never reads outside [buf, buf+len).
 */
int wc_mpk_next(wc_mpk_iter *it, wc_mpk_frame *out);

/* Byte offset of the word that caused the last error; 0 if none. */
size_t wc_mpk_iter_error_offset(const wc_mpk_iter *it);

/*
 * Count the frames of a whole buffer in the given mode. Returns the count
 * (>= 0) or, in strict mode, a negative WC_EMPK_* code; *err_off (may be
 * NULL) receives the error offset.
 */
long wc_mpk_count(const void *buf, size_t len, unsigned mode, size_t *err_off);

/* Number of bytes wc_mpk_put writes for a frame of len bytes after delay_ms. */
size_t wc_mpk_record_size(size_t len, uint32_t delay_ms);

/*
 * Append one record (the delay digits, the frame word, the frame) to
 * out[*used .. cap) and advance *used. frame may be NULL only if len is 0.
 * Returns WC_OK, WC_EMPK_LEN (len is 0 or above WC_MPK_MAX_FRAME: lwIP
 * skips empty frames and clips long ones, so neither can be carried), or
 * WC_ENOSPC (the record does not fit). On error nothing is written and
 * *used is unchanged. A delay_ms of 0 writes no delay words, so a sequence
 * of zero-delay records is exactly lwIP 2.1.3's multi-packet format.
 */
int wc_mpk_put(uint8_t *out, size_t cap, size_t *used, const uint8_t *frame, size_t len,
	       uint32_t delay_ms);

#endif
