#ifndef WC_WIRE_UTIL_H
#define WC_WIRE_UTIL_H

/* Private helpers shared by the wire emitters (lib/ only). */

#include <string.h>

#include "wirecheck/view.h"

/* WC_OK if out is writable and holds need bytes, else WC_ERDONLY/WC_ENOSPC. */
static inline int wc__out_ok(wc_view out, size_t need)
{
	if (!wc_view_is_writable(out))
		return WC_ERDONLY;
	if (out.len < need)
		return WC_ENOSPC;
	return WC_OK;
}

/* memmove of a view's bytes to dst (dst has room); no call for 0 bytes,
 * since a zero-length view may carry a NULL pointer, nor when the bytes
 * are already there (wc_packet_emit builds each layer around the one
 * below it in place). */
static inline void wc__put_view(uint8_t *dst, wc_view v)
{
	if (v.len && dst != v.p)
		memmove(dst, v.p, v.len);
}

/* v without its first n bytes; n <= v.len proved by the caller. */
static inline wc_view wc__tail(wc_view v, size_t n)
{
	wc_view t = { n == v.len ? NULL : v.p + n, v.len - n, v.flags };
	if (n == 0)
		t.p = v.p;
	return t;
}

/* The first n bytes of v; n <= v.len proved by the caller. */
static inline wc_view wc__head(wc_view v, size_t n)
{
	wc_view h = { n ? v.p : NULL, n, v.flags };
	return h;
}

#endif
