/*
 * Fuzz target `lwip_cksum`: lwIP 2.1.3's Internet checksum functions
 * against the literal RFC 1071 reference (include/wirecheck/cksum_ref.h),
 * over pbuf chains split at arbitrary (odd) offsets and addresses.
 *
 * Input format:
 *   byte 0      flags: bit 0 IPv6 pseudo-header, bit 1 partial variant,
 *               bit 2 odd start address for every piece, bit 3 pieces are
 *               PBUF_RAM (else PBUF_REF over exact-size heap copies, so that
 *               ASan sees a read one byte past any piece)
 *   byte 1      protocol / next header
 *   bytes 2-3   chksum_len for the partial variants (big-endian)
 *   byte 4      n, number of cuts (taken modulo 16)
 *   bytes 5..   n cut offsets, one byte each, as distances from the previous
 *               cut (0 makes an empty piece)
 *   then        32 address bytes: source, destination (IPv4 uses the first 4)
 *   the rest    the data (at most 4096 bytes); missing bytes end the input
 *
 * Properties: inet_chksum over the flat data, inet_chksum_pbuf and
 * lwip_chksum_copy over the chain (and the copy's bytes), and
 * inet_chksum_pseudo / ip6_chksum_pseudo and their _partial variants all
 * equal the reference computed on the flat bytes (pseudo-header written out
 * as bytes, RFC 793 / RFC 8200) -- value and byte order as stored in a
 * header; no sanitizer report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/inet_chksum.h"
#include "lwip/pbuf.h"
#include "lwip/ip_addr.h"

#include "wirecheck/check.h"
#include "wirecheck/cksum_ref.h"

#define MAXDATA 4096
#define MAXPIECES 17

static uint16_t stored(u16_t v)
{
	/* lwIP returns the checksum as it is stored in the header (network
	 * order in memory); read those two bytes big-endian. */
	uint8_t b[2];
	memcpy(b, &v, 2);
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint16_t ref_pseudo(int v6, const uint8_t *a, uint8_t proto, size_t plen, const uint8_t *d, size_t n)
{
	static uint8_t flat[40 + MAXDATA];
	size_t h;
	if (v6) {
		memcpy(flat, a, 32);
		flat[32] = (uint8_t)(plen >> 24);
		flat[33] = (uint8_t)(plen >> 16);
		flat[34] = (uint8_t)(plen >> 8);
		flat[35] = (uint8_t)plen;
		flat[36] = flat[37] = flat[38] = 0;
		flat[39] = proto;
		h = 40;
	} else {
		memcpy(flat, a, 4);
		memcpy(flat + 4, a + 16, 4);
		flat[8] = 0;
		flat[9] = proto;
		flat[10] = (uint8_t)(plen >> 8);
		flat[11] = (uint8_t)plen;
		h = 12;
	}
	memcpy(flat + h, d, n);
	return wc_cksum_ref(flat, h + n);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	if (size < 5)
		return 0;
	uint8_t flags = in[0], proto = in[1];
	uint16_t clen = (uint16_t)(in[2] << 8 | in[3]);
	size_t ncut = in[4] % 16, pos = 5;
	if (size < pos + ncut + 32)
		return 0;
	const uint8_t *cuts = in + pos;
	pos += ncut;
	const uint8_t *addr = in + pos;
	pos += 32;
	const uint8_t *d = in + pos;
	size_t n = size - pos;
	if (n > MAXDATA)
		n = MAXDATA;
	int v6 = flags & 1, partial = (flags >> 1) & 1, odd = (flags >> 2) & 1, ram = (flags >> 3) & 1;

	/* Flat: inet_chksum on an (odd-aligned) exact copy. */
	uint8_t *flat = malloc(n + 1);
	WC_CHECK(flat != NULL, "out of memory");
	memcpy(flat + odd, d, n);
	WC_CHECK(stored(inet_chksum(flat + odd, (u16_t)n)) == wc_cksum_ref(d, n),
		 "inet_chksum over %zu bytes (odd=%d)", n, odd);
	free(flat);

	/* The chain. */
	struct pbuf *p = NULL;
	uint8_t *bufs[MAXPIECES];
	size_t nb = 0, prev = 0;
	for (size_t i = 0; i <= ncut; i++) {
		size_t end = i < ncut ? prev + cuts[i] : n;
		if (end > n)
			end = n;
		size_t len = end - prev;
		struct pbuf *q;
		if (ram) {
			q = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);
			WC_CHECK(q != NULL, "pbuf_alloc RAM failed");
			if (len)
				pbuf_take(q, d + prev, (u16_t)len);
		} else {
			uint8_t *b = malloc(len + odd + 1);
			WC_CHECK(b != NULL, "out of memory");
			bufs[nb++] = b;
			memcpy(b + odd, d + prev, len);
			q = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_REF);
			WC_CHECK(q != NULL, "pbuf_alloc REF failed");
			q->payload = b + odd;
		}
		if (p)
			pbuf_cat(p, q);
		else
			p = q;
		prev = end;
	}
	WC_CHECK(p->tot_len == n, "chain holds %u bytes, expected %zu", p->tot_len, n);

	WC_CHECK(stored(inet_chksum_pbuf(p)) == wc_cksum_ref(d, n), "inet_chksum_pbuf over %zu pieces", ncut + 1);

	uint8_t *copy = malloc(n + 1);
	WC_CHECK(copy != NULL, "out of memory");
	u16_t cs = lwip_chksum_copy(copy + odd, d, (u16_t)n);
	WC_CHECK(memcmp(copy + odd, d, n) == 0, "lwip_chksum_copy changed the bytes");
	WC_CHECK((uint16_t)~stored(cs) == wc_cksum_ref(d, n), "lwip_chksum_copy sum over %zu bytes", n);
	free(copy);

	uint16_t got, want;
	if (v6) {
		ip6_addr_t s6, d6;
		memcpy(&s6.addr, addr, 16);
		memcpy(&d6.addr, addr + 16, 16);
		ip6_addr_clear_zone(&s6);
		ip6_addr_clear_zone(&d6);
		if (partial) {
			size_t m = clen < n ? clen : n;
			got = stored(ip6_chksum_pseudo_partial(p, proto, (u16_t)n, clen, &s6, &d6));
			want = ref_pseudo(1, addr, proto, n, d, m);
		} else {
			got = stored(ip6_chksum_pseudo(p, proto, (u16_t)n, &s6, &d6));
			want = ref_pseudo(1, addr, proto, n, d, n);
		}
	} else {
		ip4_addr_t s4, d4;
		memcpy(&s4.addr, addr, 4);
		memcpy(&d4.addr, addr + 16, 4);
		if (partial) {
			size_t m = clen < n ? clen : n;
			got = stored(inet_chksum_pseudo_partial(p, proto, (u16_t)n, clen, &s4, &d4));
			want = ref_pseudo(0, addr, proto, n, d, m);
		} else {
			got = stored(inet_chksum_pseudo(p, proto, (u16_t)n, &s4, &d4));
			want = ref_pseudo(0, addr, proto, n, d, n);
		}
	}
	WC_CHECK(got == want, "%s%s pseudo-header checksum over %zu bytes in %zu pieces: lwIP %04x, reference %04x",
		 v6 ? "IPv6" : "IPv4", partial ? " partial" : "", n, ncut + 1, got, want);

	pbuf_free(p);
	for (size_t i = 0; i < nb; i++)
		free(bufs[i]);
	return 0;
}
