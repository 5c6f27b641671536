#ifndef WC_VIEW_H
#define WC_VIEW_H

/*
 * Bounds-checked views over bytes owned elsewhere (after OCaml's Cstruct).
 *
 * A wc_view is a (pointer, length, flags) triple passed by value. It never
 * owns memory: the caller keeps the underlying buffer alive for as long as
 * any view of it is used. A view is either read-only or writable; a view
 * derived from another (sub/shift/split) inherits its access. Every
 * operation that would touch a byte outside the view returns WC_EBOUNDS and
 * touches nothing; every write through a read-only view returns WC_ERDONLY
 * and touches nothing. Lengths and offsets are size_t and overflow-safe
 * (off + len is never computed in a way that can wrap).
 *
 * Multi-byte accessors exist big-endian (network order: be16/be32/be64)
 * and little-endian (le16/le32/le64). They are alignment-free.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/err.h"

#define WC_VIEW_RO 0u  /* read-only */
#define WC_VIEW_RW 1u  /* writable */

typedef struct wc_view {
	uint8_t *p;     /* first byte; may be NULL only when len == 0 */
	size_t len;     /* number of bytes */
	unsigned flags; /* WC_VIEW_RO or WC_VIEW_RW */
} wc_view;

/* A read-only view of len bytes at p. A NULL p gives an empty view
 * (len is then ignored). */
wc_view wc_view_ro(const void *p, size_t len);
/* A writable view of len bytes at p (NULL p: an empty view, as above). */
wc_view wc_view_rw(void *p, size_t len);
/* The same bytes, read-only. */
wc_view wc_view_readonly(wc_view v);
/* An empty read-only view. */
wc_view wc_view_empty(void);

static inline size_t wc_view_len(wc_view v) { return v.len; }
static inline int wc_view_is_writable(wc_view v) { return (v.flags & WC_VIEW_RW) != 0; }

/* out = bytes [off, off+len) of v, with v's access (out must not be NULL;
 * it may be v itself). WC_EBOUNDS unless off+len <= v.len. */
int wc_view_sub(wc_view v, size_t off, size_t len, wc_view *out);
/* out = v without its first n bytes. WC_EBOUNDS unless n <= v.len. */
int wc_view_shift(wc_view v, size_t n, wc_view *out);
/* head = first at bytes, tail = the rest. WC_EBOUNDS unless at <= v.len.
 * head and tail may be NULL when not wanted. */
int wc_view_split(wc_view v, size_t at, wc_view *head, wc_view *tail);

/* Getters: *out = value at off. WC_EBOUNDS unless the whole field is inside. */
int wc_view_get_u8(wc_view v, size_t off, uint8_t *out);
int wc_view_get_be16(wc_view v, size_t off, uint16_t *out);
int wc_view_get_be32(wc_view v, size_t off, uint32_t *out);
int wc_view_get_be64(wc_view v, size_t off, uint64_t *out);
int wc_view_get_le16(wc_view v, size_t off, uint16_t *out);
int wc_view_get_le32(wc_view v, size_t off, uint32_t *out);
int wc_view_get_le64(wc_view v, size_t off, uint64_t *out);

/* Setters: write value at off. WC_ERDONLY on a read-only view (checked
 * first), WC_EBOUNDS unless the whole field is inside. */
int wc_view_set_u8(wc_view v, size_t off, uint8_t val);
int wc_view_set_be16(wc_view v, size_t off, uint16_t val);
int wc_view_set_be32(wc_view v, size_t off, uint32_t val);
int wc_view_set_be64(wc_view v, size_t off, uint64_t val);
int wc_view_set_le16(wc_view v, size_t off, uint16_t val);
int wc_view_set_le32(wc_view v, size_t off, uint32_t val);
int wc_view_set_le64(wc_view v, size_t off, uint64_t val);

/* Copy len bytes from src[soff..] to dst[doff..]; overlapping views are
 * handled as memmove. WC_ERDONLY if dst is read-only, WC_EBOUNDS if either
 * range is outside its view. */
int wc_view_blit(wc_view src, size_t soff, wc_view dst, size_t doff, size_t len);
/* Copy len bytes from v[off..] into plain memory out (caller-owned, at
 * least len bytes; may be NULL when len is 0). WC_EBOUNDS if the range is
 * outside v. */
int wc_view_copy_out(wc_view v, size_t off, void *out, size_t len);
/* Copy len bytes from plain memory in into v[off..] (in may be NULL when
 * len is 0; it must not overlap v). WC_ERDONLY, then WC_EBOUNDS. */
int wc_view_copy_in(wc_view v, size_t off, const void *in, size_t len);
/* Set len bytes at v[off..] to byte. WC_ERDONLY, then WC_EBOUNDS. */
int wc_view_fill(wc_view v, size_t off, size_t len, uint8_t byte);
/* Lexicographic compare of contents; a strict prefix sorts first.
 * Returns -1, 0 or 1. Never fails. */
int wc_view_compare(wc_view a, wc_view b);
/* 1 if a and b have the same length and bytes, else 0. */
int wc_view_equal(wc_view a, wc_view b);
/* Search v from offset from for needle. On a match, *at = its offset and
 * WC_OK. WC_EBOUNDS if from > v.len; WC_EINVAL when there is no match.
 * An empty needle matches at from. */
int wc_view_find(wc_view v, size_t from, wc_view needle, size_t *at);

/*
 * Unchecked big-endian loads for parsers, after a check step has proved the
 * bytes are inside the view (smoltcp's two levels). Byte-wise, no alignment
 * assumption, no struct casts.
 */
static inline uint16_t wc_load_be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static inline uint32_t wc_load_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void wc_store_be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void wc_store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

#endif
