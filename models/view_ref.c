#include <stdlib.h>

#include "wirecheck/view_ref.h"

/* ---- flat arrays ---------------------------------------------------- */

int wc_flat_range_ok(size_t alen, size_t off, size_t n)
{
	if (off > alen)
		return 0;
	return n <= alen - off;
}

int wc_flat_get(const uint8_t *a, size_t alen, size_t off)
{
	if (off >= alen)
		return WC_EBOUNDS;
	return a[off];
}

int wc_flat_put(uint8_t *a, size_t alen, size_t off, uint8_t byte)
{
	if (off >= alen)
		return WC_EBOUNDS;
	a[off] = byte;
	return WC_OK;
}

size_t wc_flat_copy_partial(const uint8_t *a, size_t alen, size_t off, uint8_t *out, size_t n)
{
	size_t copied = 0;

	while (copied < n && off < alen) {
		out[copied] = a[off];
		copied++;
		off++;
	}
	return copied;
}

size_t wc_flat_mismatch(const uint8_t *a, size_t off, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[off + i] != s[i])
			return i;
	}
	return n;
}

int wc_flat_find(const uint8_t *a, size_t alen, size_t from, const uint8_t *needle,
		 size_t nlen, size_t *at)
{
	if (from > alen)
		return WC_EBOUNDS;
	/* Try every start position whose match would end inside the array. */
	for (size_t start = from; start <= alen && alen - start >= nlen; start++) {
		if (wc_flat_mismatch(a, start, needle, nlen) == nlen) {
			*at = start;
			return WC_OK;
		}
	}
	return WC_EINVAL;
}

int wc_flat_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t i = 0;

	while (i < alen && i < blen) {
		if (a[i] < b[i])
			return -1;
		if (a[i] > b[i])
			return 1;
		i++;
	}
	if (alen < blen)
		return -1;
	if (alen > blen)
		return 1;
	return 0;
}

/* ---- the buffer ----------------------------------------------------- */

int wc_ref_buf_init(wc_ref_buf *m, const void *src, size_t len)
{
	const uint8_t *s = src;
	uint8_t *copy = NULL;

	if (len > 0) {
		copy = malloc(len);
		if (!copy)
			return WC_ENOMEM;
		for (size_t i = 0; i < len; i++)
			copy[i] = s[i];
	}
	m->bytes = copy;
	m->len = len;
	return WC_OK;
}

void wc_ref_buf_free(wc_ref_buf *m)
{
	free(m->bytes);
	m->bytes = NULL;
	m->len = 0;
}

/* Address of the view's first byte inside the copy (NULL for an empty
 * buffer, where no byte is ever read). */
static uint8_t *view_base(const wc_ref_buf *m, wc_ref_view v)
{
	if (m->bytes == NULL)
		return NULL;
	return m->bytes + v.off;
}

/* ---- views ---------------------------------------------------------- */

wc_ref_view wc_ref_view_whole(const wc_ref_buf *m, int writable)
{
	wc_ref_view v = { 0, m->len, writable ? 1 : 0 };
	return v;
}

wc_ref_view wc_ref_view_readonly(wc_ref_view v)
{
	v.writable = 0;
	return v;
}

int wc_ref_view_sub(wc_ref_view v, size_t off, size_t len, wc_ref_view *out)
{
	if (!wc_flat_range_ok(v.len, off, len))
		return WC_EBOUNDS;
	out->off = v.off + off;
	out->len = len;
	out->writable = v.writable;
	return WC_OK;
}

int wc_ref_view_shift(wc_ref_view v, size_t n, wc_ref_view *out)
{
	if (n > v.len)
		return WC_EBOUNDS;
	out->off = v.off + n;
	out->len = v.len - n;
	out->writable = v.writable;
	return WC_OK;
}

int wc_ref_view_split(wc_ref_view v, size_t at, wc_ref_view *head, wc_ref_view *tail)
{
	if (at > v.len)
		return WC_EBOUNDS;
	if (head) {
		head->off = v.off;
		head->len = at;
		head->writable = v.writable;
	}
	if (tail) {
		tail->off = v.off + at;
		tail->len = v.len - at;
		tail->writable = v.writable;
	}
	return WC_OK;
}

static int width_ok(unsigned width)
{
	return width == 1 || width == 2 || width == 4 || width == 8;
}

int wc_ref_view_get(const wc_ref_buf *m, wc_ref_view v, size_t off, unsigned width,
		    int big_endian, uint64_t *out)
{
	const uint8_t *b;
	uint64_t val = 0;

	if (!width_ok(width))
		return WC_EINVAL;
	if (!wc_flat_range_ok(v.len, off, width))
		return WC_EBOUNDS;
	b = view_base(m, v) + off;
	for (unsigned i = 0; i < width; i++) {
		/* Byte i is the (width-1-i)-th most significant in big-endian,
		 * the i-th least significant in little-endian. */
		unsigned shift = big_endian ? 8 * (width - 1 - i) : 8 * i;
		val |= (uint64_t)b[i] << shift;
	}
	*out = val;
	return WC_OK;
}

int wc_ref_view_set(wc_ref_buf *m, wc_ref_view v, size_t off, unsigned width,
		    int big_endian, uint64_t val)
{
	uint8_t *b;

	if (!v.writable)
		return WC_ERDONLY;
	if (!width_ok(width))
		return WC_EINVAL;
	if (!wc_flat_range_ok(v.len, off, width))
		return WC_EBOUNDS;
	b = view_base(m, v) + off;
	for (unsigned i = 0; i < width; i++) {
		unsigned shift = big_endian ? 8 * (width - 1 - i) : 8 * i;
		b[i] = (uint8_t)(val >> shift);
	}
	return WC_OK;
}

int wc_ref_view_blit(wc_ref_buf *m, wc_ref_view src, size_t soff, wc_ref_view dst,
		     size_t doff, size_t len)
{
	size_t s, d;

	if (!dst.writable)
		return WC_ERDONLY;
	if (!wc_flat_range_ok(src.len, soff, len) || !wc_flat_range_ok(dst.len, doff, len))
		return WC_EBOUNDS;
	/* Absolute positions in the copy; copy in the direction that never
	 * overwrites a source byte before it has been read. */
	s = src.off + soff;
	d = dst.off + doff;
	if (d <= s) {
		for (size_t i = 0; i < len; i++)
			m->bytes[d + i] = m->bytes[s + i];
	} else {
		for (size_t i = len; i > 0; i--)
			m->bytes[d + i - 1] = m->bytes[s + i - 1];
	}
	return WC_OK;
}

int wc_ref_view_copy_out(const wc_ref_buf *m, wc_ref_view v, size_t off, void *out, size_t len)
{
	uint8_t *o = out;

	if (!wc_flat_range_ok(v.len, off, len))
		return WC_EBOUNDS;
	for (size_t i = 0; i < len; i++)
		o[i] = m->bytes[v.off + off + i];
	return WC_OK;
}

int wc_ref_view_copy_in(wc_ref_buf *m, wc_ref_view v, size_t off, const void *in, size_t len)
{
	const uint8_t *s = in;

	if (!v.writable)
		return WC_ERDONLY;
	if (!wc_flat_range_ok(v.len, off, len))
		return WC_EBOUNDS;
	for (size_t i = 0; i < len; i++)
		m->bytes[v.off + off + i] = s[i];
	return WC_OK;
}

int wc_ref_view_fill(wc_ref_buf *m, wc_ref_view v, size_t off, size_t len, uint8_t byte)
{
	if (!v.writable)
		return WC_ERDONLY;
	if (!wc_flat_range_ok(v.len, off, len))
		return WC_EBOUNDS;
	for (size_t i = 0; i < len; i++)
		m->bytes[v.off + off + i] = byte;
	return WC_OK;
}

int wc_ref_view_compare(const wc_ref_buf *m, wc_ref_view a, wc_ref_view b)
{
	return wc_flat_compare(view_base(m, a), a.len, view_base(m, b), b.len);
}

int wc_ref_view_equal(const wc_ref_buf *m, wc_ref_view a, wc_ref_view b)
{
	return wc_ref_view_compare(m, a, b) == 0;
}

int wc_ref_view_find(const wc_ref_buf *m, wc_ref_view v, size_t from, wc_ref_view needle,
		     size_t *at)
{
	return wc_flat_find(view_base(m, v), v.len, from, view_base(m, needle), needle.len, at);
}
