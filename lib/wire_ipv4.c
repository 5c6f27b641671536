#include "wirecheck/wire_ipv4.h"

#include <string.h>

#include "wirecheck/cksum.h"
#include "wire_util.h"

/* Prove the option area o[0..n): EOL ends the walk (the rest is padding),
 * NOP is one byte, every other option carries a length in [2, remaining]. */
static int check_opts(const uint8_t *o, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t t = o[i];
		if (t == WC_IPV4_OPT_EOL)
			return WC_OK;
		if (t == WC_IPV4_OPT_NOP) {
			i++;
			continue;
		}
		if (n - i < 2 || o[i + 1] < 2 || o[i + 1] > n - i)
			return WC_EIP_OPTION;
		i += o[i + 1];
	}
	return WC_OK;
}

int wc_ipv4_parse(wc_view v, wc_ipv4 *out)
{
	const uint8_t *p = v.p;
	size_t hl, tl;
	int rc;

	if (v.len < WC_IPV4_HDR_LEN)
		return WC_ETRUNC;
	if ((p[0] >> 4) != 4)
		return WC_EIP_VERSION;
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (hl < WC_IPV4_HDR_LEN)
		return WC_EIP_IHL;
	if (hl > v.len)
		return WC_EIP_HDRLEN;
	tl = wc_load_be16(p + 2);
	if (tl < hl)
		return WC_EIP_TOTLEN;
	if (tl > v.len)
		return WC_EIP_TRUNC;
	if ((rc = check_opts(p + WC_IPV4_HDR_LEN, hl - WC_IPV4_HDR_LEN)) != WC_OK)
		return rc;

	out->tos = p[1];
	out->id = wc_load_be16(p + 4);
	out->frag = wc_load_be16(p + 6);
	out->ttl = p[8];
	out->proto = p[9];
	out->cksum = wc_load_be16(p + 10);
	memcpy(out->src, p + 12, 4);
	memcpy(out->dst, p + 16, 4);
	out->opt_len = (uint8_t)(hl - WC_IPV4_HDR_LEN);
	memcpy(out->opt, p + WC_IPV4_HDR_LEN, out->opt_len);
	out->payload = wc__head(wc__tail(v, hl), tl - hl);
	out->trailer = wc__tail(v, tl);
	return WC_OK;
}

int wc_ipv4_opt_next(const wc_ipv4 *ip, size_t *off, wc_ipv4_opt *o)
{
	size_t i = *off, n = ip->opt_len <= WC_IPV4_MAX_OPT ? ip->opt_len : WC_IPV4_MAX_OPT;
	const uint8_t *b = ip->opt;

	if (i >= n)
		return 0;
	if (b[i] == WC_IPV4_OPT_EOL || b[i] == WC_IPV4_OPT_NOP) {
		o->type = b[i];
		o->len = 1;
		o->data = NULL;
		*off = b[i] == WC_IPV4_OPT_EOL ? n : i + 1;
		return 1;
	}
	if (n - i < 2 || b[i + 1] < 2 || b[i + 1] > n - i)
		return 0;
	o->type = b[i];
	o->len = b[i + 1];
	o->data = b + i + 2;
	*off = i + b[i + 1];
	return 1;
}

/* Serialise the 20..60-byte header of ip into h with checksum field ck. */
static size_t put_hdr(const wc_ipv4 *ip, uint8_t *h, uint16_t ck)
{
	size_t hl = wc_ipv4_hdr_len(ip);

	h[0] = (uint8_t)(0x40 | (hl / 4));
	h[1] = ip->tos;
	wc_store_be16(h + 2, (uint16_t)wc_ipv4_total_len(ip));
	wc_store_be16(h + 4, ip->id);
	wc_store_be16(h + 6, ip->frag);
	h[8] = ip->ttl;
	h[9] = ip->proto;
	wc_store_be16(h + 10, ck);
	memcpy(h + 12, ip->src, 4);
	memcpy(h + 16, ip->dst, 4);
	memcpy(h + 20, ip->opt, ip->opt_len);
	return hl;
}

static int valid(const wc_ipv4 *ip)
{
	return ip->opt_len <= WC_IPV4_MAX_OPT && ip->opt_len % 4 == 0 &&
	       ip->payload.len <= 65535 - wc_ipv4_hdr_len(ip);
}

uint16_t wc_ipv4_cksum(const wc_ipv4 *ip)
{
	uint8_t h[60];

	if (ip->opt_len > WC_IPV4_MAX_OPT)
		return 0;
	return wc_cksum(h, put_hdr(ip, h, 0));
}

int wc_ipv4_check_cksum(const wc_ipv4 *ip)
{
	uint8_t h[60];

	if (ip->opt_len > WC_IPV4_MAX_OPT)
		return WC_EINVAL;
	return wc_cksum_sum(h, put_hdr(ip, h, ip->cksum)) == 0xffff ? WC_OK : WC_ECKSUM;
}

int wc_ipv4_emit(const wc_ipv4 *ip, int fill_cksum, wc_view out, size_t *written)
{
	uint8_t h[60];
	size_t hl, n;
	int rc;

	if (!valid(ip))
		return WC_EINVAL;
	n = wc_ipv4_total_len(ip);
	if ((rc = wc__out_ok(out, n)) != WC_OK)
		return rc;
	hl = put_hdr(ip, h, 0);
	wc_store_be16(h + 10, fill_cksum ? wc_cksum(h, hl) : ip->cksum);
	wc__put_view(out.p + hl, ip->payload);
	memcpy(out.p, h, hl);
	*written = n;
	return WC_OK;
}
