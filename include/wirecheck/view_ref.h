#ifndef WC_VIEW_REF_H
#define WC_VIEW_REF_H

/*
 * Reference model of wc_view (include/wirecheck/view.h), written the most
 * obvious way so that the production view can be judged against it.
 *
 * The model owns a private flat copy of the base buffer (wc_ref_buf). A
 * model view (wc_ref_view) is an (offset, length, writable) triple into that
 * copy, never a pointer. Every operation is an explicit byte loop over the
 * copy and returns exactly the codes wc_view returns for the same request:
 * WC_ERDONLY (write through a read-only view, checked before anything else),
 * WC_EBOUNDS (some byte outside the view), WC_EINVAL (find: no match), WC_OK.
 * Outputs are written only on WC_OK. Fuzz target `view` holds the two equal.
 *
 * The plain flat-array helpers (wc_flat_*) at the end are the building
 * blocks; they also serve models of other buffer abstractions (such as
 * lwIP pbuf chains) that are judged against one flat byte array.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/err.h"

/* The model's copy of a base buffer. bytes is malloc'ed by wc_ref_buf_init
 * and released by wc_ref_buf_free; len may be 0 (bytes is then NULL). */
typedef struct wc_ref_buf {
	uint8_t *bytes;
	size_t len;
} wc_ref_buf;

/* A view of the model: bytes [off, off + len) of the buffer. */
typedef struct wc_ref_view {
	size_t off;
	size_t len;
	int writable; /* 1 writable, 0 read-only */
} wc_ref_view;

/* Copy len bytes from src (may be NULL when len is 0) into a new buffer.
 * WC_ENOMEM when the copy cannot be allocated (m untouched). */
int wc_ref_buf_init(wc_ref_buf *m, const void *src, size_t len);
/* Release the copy; m becomes empty. Safe on an empty buffer. */
void wc_ref_buf_free(wc_ref_buf *m);

/* The view of the whole buffer, writable (1) or read-only (0). */
wc_ref_view wc_ref_view_whole(const wc_ref_buf *m, int writable);
/* The same bytes, read-only. */
wc_ref_view wc_ref_view_readonly(wc_ref_view v);

/* As wc_view_sub / wc_view_shift / wc_view_split (head, tail may be NULL). */
int wc_ref_view_sub(wc_ref_view v, size_t off, size_t len, wc_ref_view *out);
int wc_ref_view_shift(wc_ref_view v, size_t n, wc_ref_view *out);
int wc_ref_view_split(wc_ref_view v, size_t at, wc_ref_view *head, wc_ref_view *tail);

/* Getter of width bytes (1, 2, 4 or 8; WC_EINVAL otherwise) at off,
 * big-endian when big_endian != 0, else little-endian. As wc_view_get_*. */
int wc_ref_view_get(const wc_ref_buf *m, wc_ref_view v, size_t off, unsigned width,
		    int big_endian, uint64_t *out);
/* Setter of the low width bytes of val; as wc_view_set_*. */
int wc_ref_view_set(wc_ref_buf *m, wc_ref_view v, size_t off, unsigned width,
		    int big_endian, uint64_t val);

/* As wc_view_blit (memmove semantics), wc_view_copy_out, wc_view_copy_in,
 * wc_view_fill, wc_view_compare, wc_view_equal and wc_view_find. */
int wc_ref_view_blit(wc_ref_buf *m, wc_ref_view src, size_t soff, wc_ref_view dst,
		     size_t doff, size_t len);
int wc_ref_view_copy_out(const wc_ref_buf *m, wc_ref_view v, size_t off, void *out, size_t len);
int wc_ref_view_copy_in(wc_ref_buf *m, wc_ref_view v, size_t off, const void *in, size_t len);
int wc_ref_view_fill(wc_ref_buf *m, wc_ref_view v, size_t off, size_t len, uint8_t byte);
int wc_ref_view_compare(const wc_ref_buf *m, wc_ref_view a, wc_ref_view b);
int wc_ref_view_equal(const wc_ref_buf *m, wc_ref_view a, wc_ref_view b);
int wc_ref_view_find(const wc_ref_buf *m, wc_ref_view v, size_t from, wc_ref_view needle,
		     size_t *at);

/*
 * Flat-array helpers: a is an array of alen bytes (may be NULL when alen
 * is 0). Ranges are checked without computing off + n.
 */

/* 1 when [off, off + n) lies inside [0, alen), else 0. */
int wc_flat_range_ok(size_t alen, size_t off, size_t n);
/* Byte at off (0..255), or WC_EBOUNDS when off >= alen. */
int wc_flat_get(const uint8_t *a, size_t alen, size_t off);
/* Set the byte at off. WC_EBOUNDS (nothing written) when off >= alen. */
int wc_flat_put(uint8_t *a, size_t alen, size_t off, uint8_t byte);
/* Copy up to n bytes starting at off into out and return how many were
 * copied: min(n, alen - off), or 0 when off >= alen (a partial copy). */
size_t wc_flat_copy_partial(const uint8_t *a, size_t alen, size_t off, uint8_t *out, size_t n);
/* Compare a[off..off+n) with s[0..n): the index of the first differing
 * byte, or n when all n bytes are equal. WC_EBOUNDS-free: the caller checks
 * the range first (behaviour is defined only for wc_flat_range_ok). */
size_t wc_flat_mismatch(const uint8_t *a, size_t off, const uint8_t *s, size_t n);
/* First offset >= from where needle (nlen bytes) occurs in a. WC_EBOUNDS
 * when from > alen; WC_EINVAL when there is no match; an empty needle
 * matches at from. *at written only on WC_OK. */
int wc_flat_find(const uint8_t *a, size_t alen, size_t from, const uint8_t *needle,
		 size_t nlen, size_t *at);
/* Lexicographic compare of a[0..alen) and b[0..blen), a strict prefix
 * first: -1, 0 or 1. */
int wc_flat_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#endif
