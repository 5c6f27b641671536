/*
 * Fuzz target `cksum`: the fast Internet checksum (lib/cksum.c) against the
 * literal RFC 1071 reference (models/cksum_ref.c).
 *
 * Input format: a 21-byte control header, then the data D (the rest of the
 * input, possibly empty). Missing header bytes read as 0.
 *   byte  0      number of cut points, low 3 bits (0..7)
 *   bytes 1..7   chunk lengths for the cuts (any value, odd ones included;
 *                a chunk is clipped to the bytes left, the last chunk takes
 *                the rest of D)
 *   byte  8      16-bit field selector: field at even offset 2*(b % (|D|/2))
 *   bytes 9..10  new value of the 16-bit field (big-endian)
 *   byte  11     32-bit field selector: field at even offset
 *                2*(b % ((|D|-2)/2))
 *   bytes 12..15 new value of the 32-bit field (big-endian)
 *   byte  16     protocol / next header for the pseudo-headers
 *   bytes 17..20 upper-layer length for the pseudo-headers (big-endian;
 *                IPv4 uses the low 16 bits)
 * The pseudo-header addresses are the first 32 bytes of D (zero-padded):
 * IPv4 source = D[0..4), destination = D[4..8); IPv6 source = D[0..16),
 * destination = D[16..32).
 *
 * Properties:
 *  - wc_cksum_sum == wc_cksum_sum_scalar == wc_cksum_sum_avx2 ==
 *    wc_cksum_ref_sum on D copied to every alignment offset 0..7 of a heap
 *    block of exactly offset + |D| bytes (ASan sees any over-read);
 *    wc_cksum == wc_cksum_ref.
 *  - D cut into chunks at the input-chosen (odd or even) lengths:
 *    wc_cksum_sumv == wc_cksum_ref_sumv == the flat sum.
 *  - wc_cksum_update16 / wc_cksum_update32 of the checksum of D after
 *    replacing the selected field == full recomputation of the modified D
 *    (wc_cksum_ref_update), except in the one case cksum.h documents: when
 *    the modified D is all zero words, recomputation gives 0xFFFF and the
 *    update 0x0000.
 *  - wc_cksum_pseudo4 / wc_cksum_pseudo6 == their references, and the
 *    pseudo-header sum added to the data sum == the reference sum over the
 *    flat concatenation of pseudo-header bytes and D.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wirecheck/check.h"
#include "wirecheck/cksum.h"
#include "wirecheck/cksum_ref.h"

#define HDR 21
#define MAXCHUNKS 8

static void check_alignments(const uint8_t *d, size_t n, uint16_t ref)
{
	for (size_t o = 0; o < 8; o++) {
		uint8_t *buf = malloc(o + n ? o + n : 1);
		uint16_t f, s, a;

		WC_CHECK(buf != NULL, "out of memory");
		memset(buf, 0xEE, o);
		if (n)
			memcpy(buf + o, d, n);
		f = wc_cksum_sum(buf + o, n);
		s = wc_cksum_sum_scalar(buf + o, n);
		a = wc_cksum_sum_avx2(buf + o, n);
		WC_CHECK(f == ref, "fast 0x%04x vs ref 0x%04x (len %zu offset %zu)", f, ref, n, o);
		WC_CHECK(s == ref, "scalar 0x%04x vs ref 0x%04x (len %zu offset %zu)", s, ref, n, o);
		WC_CHECK(a == ref, "avx2 0x%04x vs ref 0x%04x (len %zu offset %zu)", a, ref, n, o);
		WC_CHECK(wc_cksum(buf + o, n) == wc_cksum_ref(d, n), "wc_cksum vs wc_cksum_ref");
		free(buf);
	}
}

static void check_chained(const uint8_t *ctl, const uint8_t *d, size_t n, uint16_t ref)
{
	wc_view v[MAXCHUNKS];
	size_t cuts = ctl[0] & 7, nv = 0, at = 0;
	uint16_t fast, chained_ref = 0;

	for (size_t i = 0; i < cuts; i++) {
		size_t len = ctl[1 + i];
		if (len > n - at)
			len = n - at;
		v[nv++] = wc_view_ro(len ? d + at : NULL, len);
		at += len;
	}
	v[nv++] = wc_view_ro(n - at ? d + at : NULL, n - at);
	fast = wc_cksum_sumv(v, nv);
	WC_CHECK(wc_cksum_ref_sumv(v, nv, &chained_ref) == WC_OK, "out of memory");
	WC_CHECK(chained_ref == ref, "reference chained 0x%04x vs flat 0x%04x", chained_ref, ref);
	WC_CHECK(fast == ref, "chained 0x%04x vs flat 0x%04x (%zu chunks)", fast, ref, nv);
}

/* The update result must equal recomputation, but for all-zero new data. */
static void check_update(uint16_t upd, uint16_t full, const char *what, size_t off)
{
	if (full == 0xFFFF)
		WC_CHECK(upd == 0x0000, "%s at %zu on all-zero data: 0x%04x, documented 0x0000",
			 what, off, upd);
	else
		WC_CHECK(upd == full, "%s at %zu: 0x%04x vs recomputed 0x%04x", what, off, upd, full);
}

static void check_updates(const uint8_t *ctl, const uint8_t *d, size_t n)
{
	uint16_t hc = wc_cksum_ref(d, n), full = 0;

	if (n >= 2) {
		size_t off = 2 * (ctl[8] % (n / 2));
		uint8_t repl[2] = { ctl[9], ctl[10] };
		WC_CHECK(wc_cksum_ref_update(d, n, off, repl, 2, &full) == WC_OK, "ref update16");
		check_update(wc_cksum_update16(hc, wc_load_be16(d + off), wc_load_be16(repl)), full,
			     "update16", off);
	}
	if (n >= 4) {
		size_t off = 2 * (ctl[11] % ((n - 2) / 2));
		uint8_t repl[4] = { ctl[12], ctl[13], ctl[14], ctl[15] };
		WC_CHECK(wc_cksum_ref_update(d, n, off, repl, 4, &full) == WC_OK, "ref update32");
		check_update(wc_cksum_update32(hc, wc_load_be32(d + off), wc_load_be32(repl)), full,
			     "update32", off);
	}
}

static void check_pseudo(const uint8_t *ctl, const uint8_t *d, size_t n, uint16_t data_sum)
{
	uint8_t addr[32] = { 0 };
	uint8_t proto = ctl[16];
	uint32_t len = wc_load_be32(ctl + 17);
	uint8_t ph4[12], ph6[40];
	wc_view parts[2];
	uint16_t f4, f6, flat = 0;

	if (n)
		memcpy(addr, d, n < 32 ? n : 32);
	f4 = wc_cksum_pseudo4(addr, addr + 4, proto, (uint16_t)len);
	f6 = wc_cksum_pseudo6(addr, addr + 16, proto, len);
	WC_CHECK(f4 == wc_cksum_ref_pseudo4(addr, addr + 4, proto, (uint16_t)len), "pseudo4 vs ref");
	WC_CHECK(f6 == wc_cksum_ref_pseudo6(addr, addr + 16, proto, len), "pseudo6 vs ref");

	/* The whole-segment sum, pseudo-header and data as one flat buffer. */
	memcpy(ph4, addr, 8);
	ph4[8] = 0;
	ph4[9] = proto;
	wc_store_be16(ph4 + 10, (uint16_t)len);
	parts[0] = wc_view_ro(ph4, sizeof ph4);
	parts[1] = wc_view_ro(d, n);
	WC_CHECK(wc_cksum_ref_sumv(parts, 2, &flat) == WC_OK, "out of memory");
	WC_CHECK(wc_cksum_add(f4, data_sum, 0) == flat, "pseudo4 + data 0x%04x vs flat 0x%04x",
		 wc_cksum_add(f4, data_sum, 0), flat);

	memcpy(ph6, addr, 32);
	wc_store_be32(ph6 + 32, len);
	memset(ph6 + 36, 0, 3);
	ph6[39] = proto;
	parts[0] = wc_view_ro(ph6, sizeof ph6);
	WC_CHECK(wc_cksum_ref_sumv(parts, 2, &flat) == WC_OK, "out of memory");
	WC_CHECK(wc_cksum_add(f6, data_sum, 0) == flat, "pseudo6 + data 0x%04x vs flat 0x%04x",
		 wc_cksum_add(f6, data_sum, 0), flat);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t ctl[HDR] = { 0 };
	const uint8_t *d;
	size_t n;
	uint16_t ref;

	if (size)
		memcpy(ctl, data, size < HDR ? size : HDR);
	d = size > HDR ? data + HDR : NULL;
	n = size > HDR ? size - HDR : 0;

	ref = wc_cksum_ref_sum(d, n);
	check_alignments(d, n, ref);
	check_chained(ctl, d, n, ref);
	check_updates(ctl, d, n);
	check_pseudo(ctl, d, n, ref);
	return 0;
}
