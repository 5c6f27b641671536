#include "wirecheck/mpk.h"

#include <string.h>

#include "wirecheck/view.h"

void wc_mpk_iter_init(wc_mpk_iter *it, const void *buf, size_t len, unsigned mode)
{
	it->buf = buf;
	it->len = buf ? len : 0;
	it->pos = 0;
	it->mode = mode == WC_MPK_LENIENT ? WC_MPK_LENIENT : WC_MPK_STRICT;
	it->err = WC_OK;
	it->err_off = 0;
}

size_t wc_mpk_iter_error_offset(const wc_mpk_iter *it)
{
	return it->err ? it->err_off : 0;
}

/* lwIP 2.1.3 test/fuzz/fuzz.c input_pkts(), plus delay digits. */
static int next_lenient(wc_mpk_iter *it, wc_mpk_frame *out)
{
	uint32_t delay = 0;
	size_t rec_off = it->pos;
	int digits = 0;

	while (it->len - it->pos > 2) {
		size_t woff = it->pos;
		uint16_t w = wc_load_be16(it->buf + woff);
		size_t flen = w & WC_MPK_LEN_MASK;
		size_t rem;

		it->pos += 2;
		if (flen == 0) {
			uint32_t d = (uint32_t)w >> 11;
			if (!digits)
				rec_off = woff;
			digits = 1;
			delay = delay > (UINT32_MAX - d) / 32u ? UINT32_MAX : delay * 32u + d;
			continue;
		}
		if (flen > WC_MPK_MAX_FRAME)
			flen = WC_MPK_MAX_FRAME;
		rem = it->len - it->pos;
		if (flen > rem)
			flen = rem;
		out->data = it->buf + it->pos;
		out->len = flen;
		out->delay_ms = delay;
		out->offset = digits ? rec_off : woff;
		it->pos += flen;
		return 1;
	}
	it->pos = it->len;
	return 0;
}

static int fail(wc_mpk_iter *it, int err, size_t off)
{
	it->err = err;
	it->err_off = off;
	return err;
}

static int next_strict(wc_mpk_iter *it, wc_mpk_frame *out)
{
	size_t pos = it->pos;
	size_t rec_off = pos;
	uint32_t delay = 0;
	unsigned digits = 0;

	if (it->err)
		return it->err;
	for (;;) {
		size_t rem = it->len - pos;
		uint16_t w;
		size_t flen;

		if (rem == 0) {
			if (digits)
				return fail(it, WC_EMPK_TRUNC, rec_off);
			it->pos = pos;
			return 0;
		}
		if (rem == 1)
			return fail(it, WC_EMPK_TRUNC, pos);
		w = wc_load_be16(it->buf + pos);
		flen = w & WC_MPK_LEN_MASK;
		if (flen == 0) {
			uint32_t d = (uint32_t)w >> 11;
			if (digits == 0 && d == 0)
				return fail(it, WC_EMPK_DELAY, pos);
			if (digits == WC_MPK_MAX_DELAY_WORDS || delay > (UINT32_MAX - d) / 32u)
				return fail(it, WC_EMPK_DELAY, rec_off);
			delay = delay * 32u + d;
			digits++;
			pos += 2;
			continue;
		}
		if ((w & ~WC_MPK_LEN_MASK) != 0 || flen > WC_MPK_MAX_FRAME)
			return fail(it, WC_EMPK_LEN, pos);
		if (flen > rem - 2)
			return fail(it, WC_EMPK_TRUNC, pos);
		out->data = it->buf + pos + 2;
		out->len = flen;
		out->delay_ms = delay;
		out->offset = rec_off;
		it->pos = pos + 2 + flen;
		return 1;
	}
}

int wc_mpk_next(wc_mpk_iter *it, wc_mpk_frame *out)
{
	if (it->mode == WC_MPK_LENIENT)
		return next_lenient(it, out);
	return next_strict(it, out);
}

long wc_mpk_count(const void *buf, size_t len, unsigned mode, size_t *err_off)
{
	wc_mpk_iter it;
	wc_mpk_frame f;
	long n = 0;
	int rc;

	wc_mpk_iter_init(&it, buf, len, mode);
	while ((rc = wc_mpk_next(&it, &f)) == 1)
		n++;
	if (rc < 0) {
		if (err_off)
			*err_off = wc_mpk_iter_error_offset(&it);
		return rc;
	}
	return n;
}

static unsigned delay_digits(uint32_t delay_ms)
{
	unsigned n = 0;

	while (delay_ms) {
		n++;
		delay_ms >>= 5;
	}
	return n;
}

size_t wc_mpk_record_size(size_t len, uint32_t delay_ms)
{
	return 2u * delay_digits(delay_ms) + 2u + len;
}

int wc_mpk_put(uint8_t *out, size_t cap, size_t *used, const uint8_t *frame, size_t len,
	       uint32_t delay_ms)
{
	unsigned digits = delay_digits(delay_ms);
	size_t need, at = *used;

	if (len == 0 || len > WC_MPK_MAX_FRAME || frame == NULL)
		return WC_EMPK_LEN;
	need = 2u * digits + 2u + len;
	if (at > cap || cap - at < need)
		return WC_ENOSPC;
	for (unsigned i = digits; i-- > 0;) {
		uint16_t d = (uint16_t)((delay_ms >> (5u * i)) & 31u);
		wc_store_be16(out + at, (uint16_t)(d << 11));
		at += 2;
	}
	wc_store_be16(out + at, (uint16_t)len);
	memcpy(out + at + 2, frame, len);
	*used = at + 2 + len;
	return WC_OK;
}
