#include <stdlib.h>
#include <string.h>

#include "wirecheck/cksum_ref.h"

/*
 * RFC 1071 section 4.1, from its description: adjacent octets are paired
 * into 16-bit integers, which are added into a 32-bit accumulator; a
 * left-over odd octet is added as if padded with a zero octet; finally the
 * carries above 16 bits are folded back in until none remain.
 *
 * One deviation, for correctness on long inputs only: a 32-bit accumulator
 * can hold the deferred carries of 65537 words; past that it would wrap
 * and lose carries. When the top bit of the accumulator is set the carries
 * are folded early, which RFC 1071 section 2(C) ("deferred carries") allows.
 */
uint16_t wc_cksum_ref_sum(const void *p, size_t len)
{
	const uint8_t *addr = p;
	size_t count = len;
	uint32_t sum = 0;

	while (count > 1) {
		/* This is the inner loop. */
		sum += (uint32_t)((addr[0] << 8) | addr[1]);
		addr += 2;
		count -= 2;
		if (sum & 0x80000000u)
			sum = (sum & 0xFFFF) + (sum >> 16);
	}
	/* Add left-over byte, if any. */
	if (count > 0)
		sum += (uint32_t)addr[0] << 8;
	/* Fold 32-bit sum to 16 bits. */
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)sum;
}

uint16_t wc_cksum_ref(const void *p, size_t len)
{
	return (uint16_t)~wc_cksum_ref_sum(p, len);
}

int wc_cksum_ref_sumv(const wc_view *v, size_t n, uint16_t *out)
{
	size_t total = 0, at = 0;
	uint8_t *flat;

	for (size_t i = 0; i < n; i++) {
		if (v[i].len > SIZE_MAX - total)
			return WC_ENOMEM;
		total += v[i].len;
	}
	flat = malloc(total ? total : 1);
	if (!flat)
		return WC_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < v[i].len; j++)
			flat[at++] = v[i].p[j];
	}
	*out = wc_cksum_ref_sum(flat, total);
	free(flat);
	return WC_OK;
}

uint16_t wc_cksum_ref_pseudo4(const uint8_t src[4], const uint8_t dst[4], uint8_t proto,
			      uint16_t len)
{
	uint8_t ph[12];

	memcpy(ph, src, 4);
	memcpy(ph + 4, dst, 4);
	ph[8] = 0;
	ph[9] = proto;
	ph[10] = (uint8_t)(len >> 8);
	ph[11] = (uint8_t)len;
	return wc_cksum_ref_sum(ph, sizeof ph);
}

uint16_t wc_cksum_ref_pseudo6(const uint8_t src[16], const uint8_t dst[16], uint8_t next_header,
			      uint32_t len)
{
	uint8_t ph[40];

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	ph[32] = (uint8_t)(len >> 24);
	ph[33] = (uint8_t)(len >> 16);
	ph[34] = (uint8_t)(len >> 8);
	ph[35] = (uint8_t)len;
	ph[36] = 0;
	ph[37] = 0;
	ph[38] = 0;
	ph[39] = next_header;
	return wc_cksum_ref_sum(ph, sizeof ph);
}

int wc_cksum_ref_update(const void *data, size_t len, size_t off, const void *repl, size_t n,
			uint16_t *out)
{
	uint8_t *copy;

	if (off > len || n > len - off)
		return WC_EBOUNDS;
	copy = malloc(len ? len : 1);
	if (!copy)
		return WC_ENOMEM;
	if (len)
		memcpy(copy, data, len);
	if (n)
		memcpy(copy + off, repl, n);
	*out = wc_cksum_ref(copy, len);
	free(copy);
	return WC_OK;
}
