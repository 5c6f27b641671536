#include <string.h>

#include "wirecheck/view.h"

/* 1 when [off, off + n) lies inside a view of len bytes; never computes off + n. */
static int range_ok(size_t len, size_t off, size_t n)
{
	return off <= len && n <= len - off;
}

/* Address of byte off of v; off <= v.len already checked. A zero-length view
 * may carry a NULL pointer, and NULL + 0 is not valid C, so it is never formed. */
static uint8_t *at(wc_view v, size_t off)
{
	return off == 0 ? v.p : v.p + off;
}

wc_view wc_view_ro(const void *p, size_t len)
{
	wc_view v = { (uint8_t *)(uintptr_t)p, p ? len : 0, WC_VIEW_RO };
	return v;
}

wc_view wc_view_rw(void *p, size_t len)
{
	wc_view v = { (uint8_t *)p, p ? len : 0, WC_VIEW_RW };
	return v;
}

wc_view wc_view_readonly(wc_view v)
{
	v.flags = WC_VIEW_RO;
	return v;
}

wc_view wc_view_empty(void)
{
	wc_view v = { NULL, 0, WC_VIEW_RO };
	return v;
}

int wc_view_sub(wc_view v, size_t off, size_t len, wc_view *out)
{
	if (!range_ok(v.len, off, len))
		return WC_EBOUNDS;
	out->p = at(v, off);
	out->len = len;
	out->flags = v.flags;
	return WC_OK;
}

int wc_view_shift(wc_view v, size_t n, wc_view *out)
{
	if (n > v.len)
		return WC_EBOUNDS;
	return wc_view_sub(v, n, v.len - n, out);
}

int wc_view_split(wc_view v, size_t at_, wc_view *head, wc_view *tail)
{
	wc_view h, t;

	if (at_ > v.len)
		return WC_EBOUNDS;
	h.p = v.p;
	h.len = at_;
	h.flags = v.flags;
	t.p = at(v, at_);
	t.len = v.len - at_;
	t.flags = v.flags;
	if (head)
		*head = h;
	if (tail)
		*tail = t;
	return WC_OK;
}

/* Big- and little-endian loads/stores of n bytes, byte by byte. */
static uint64_t load_be(const uint8_t *p, size_t n)
{
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++)
		x = (x << 8) | p[i];
	return x;
}

static uint64_t load_le(const uint8_t *p, size_t n)
{
	uint64_t x = 0;
	for (size_t i = n; i > 0; i--)
		x = (x << 8) | p[i - 1];
	return x;
}

static void store_be(uint8_t *p, size_t n, uint64_t x)
{
	for (size_t i = n; i > 0; i--) {
		p[i - 1] = (uint8_t)x;
		x >>= 8;
	}
}

static void store_le(uint8_t *p, size_t n, uint64_t x)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = (uint8_t)x;
		x >>= 8;
	}
}

#define WC_VIEW_GETTER(name, type, width, loader)                        \
	int wc_view_get_##name(wc_view v, size_t off, type *out)          \
	{                                                                 \
		if (!range_ok(v.len, off, width))                         \
			return WC_EBOUNDS;                                \
		*out = (type)loader(v.p + off, width);                    \
		return WC_OK;                                             \
	}

#define WC_VIEW_SETTER(name, type, width, storer)                        \
	int wc_view_set_##name(wc_view v, size_t off, type val)           \
	{                                                                 \
		if (!wc_view_is_writable(v))                              \
			return WC_ERDONLY;                                \
		if (!range_ok(v.len, off, width))                         \
			return WC_EBOUNDS;                                \
		storer(v.p + off, width, val);                            \
		return WC_OK;                                             \
	}

WC_VIEW_GETTER(u8, uint8_t, 1, load_be)
WC_VIEW_GETTER(be16, uint16_t, 2, load_be)
WC_VIEW_GETTER(be32, uint32_t, 4, load_be)
WC_VIEW_GETTER(be64, uint64_t, 8, load_be)
WC_VIEW_GETTER(le16, uint16_t, 2, load_le)
WC_VIEW_GETTER(le32, uint32_t, 4, load_le)
WC_VIEW_GETTER(le64, uint64_t, 8, load_le)

WC_VIEW_SETTER(u8, uint8_t, 1, store_be)
WC_VIEW_SETTER(be16, uint16_t, 2, store_be)
WC_VIEW_SETTER(be32, uint32_t, 4, store_be)
WC_VIEW_SETTER(be64, uint64_t, 8, store_be)
WC_VIEW_SETTER(le16, uint16_t, 2, store_le)
WC_VIEW_SETTER(le32, uint32_t, 4, store_le)
WC_VIEW_SETTER(le64, uint64_t, 8, store_le)

int wc_view_blit(wc_view src, size_t soff, wc_view dst, size_t doff, size_t len)
{
	if (!wc_view_is_writable(dst))
		return WC_ERDONLY;
	if (!range_ok(src.len, soff, len) || !range_ok(dst.len, doff, len))
		return WC_EBOUNDS;
	if (len)
		memmove(dst.p + doff, src.p + soff, len);
	return WC_OK;
}

int wc_view_copy_out(wc_view v, size_t off, void *out, size_t len)
{
	if (!range_ok(v.len, off, len))
		return WC_EBOUNDS;
	if (len)
		memcpy(out, v.p + off, len);
	return WC_OK;
}

int wc_view_copy_in(wc_view v, size_t off, const void *in, size_t len)
{
	if (!wc_view_is_writable(v))
		return WC_ERDONLY;
	if (!range_ok(v.len, off, len))
		return WC_EBOUNDS;
	if (len)
		memcpy(v.p + off, in, len);
	return WC_OK;
}

int wc_view_fill(wc_view v, size_t off, size_t len, uint8_t byte)
{
	if (!wc_view_is_writable(v))
		return WC_ERDONLY;
	if (!range_ok(v.len, off, len))
		return WC_EBOUNDS;
	if (len)
		memset(v.p + off, byte, len);
	return WC_OK;
}

int wc_view_compare(wc_view a, wc_view b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.p, b.p, n) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	return 0;
}

int wc_view_equal(wc_view a, wc_view b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

int wc_view_find(wc_view v, size_t from, wc_view needle, size_t *at_)
{
	const uint8_t *hay, *hit;
	size_t left;

	if (from > v.len)
		return WC_EBOUNDS;
	left = v.len - from;
	if (needle.len == 0) {
		*at_ = from;
		return WC_OK;
	}
	if (needle.len > left)
		return WC_EINVAL;
	hay = v.p + from;
	hit = memmem(hay, left, needle.p, needle.len);
	if (!hit)
		return WC_EINVAL;
	*at_ = from + (size_t)(hit - hay);
	return WC_OK;
}
