#include "wirecheck/wire_ipv6.h"

#include <string.h>

#include "wire_util.h"

int wc_ipv6_is_ext(uint8_t t)
{
	return t == WC_IPV6_EXT_HOPOPT || t == WC_IPV6_EXT_ROUTING ||
	       t == WC_IPV6_EXT_FRAGMENT || t == WC_IPV6_EXT_DSTOPT;
}

/* Length byte -> header length in bytes, per type (RFC 8200 4.3-4.6). */
static size_t ext_len(uint8_t type, uint8_t lenbyte)
{
	return type == WC_IPV6_EXT_FRAGMENT ? 8 : ((size_t)lenbyte + 1) * 8;
}

/* Prove the TLV options of a hop-by-hop or destination options header
 * (o = the bytes after next-header and length, n of them): Pad1 is one
 * byte, every other option has type, length and length bytes of data. */
static int check_tlvs(const uint8_t *o, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (o[i] == 0) {
			i++;
			continue;
		}
		if (n - i < 2 || (size_t)o[i + 1] > n - i - 2)
			return WC_EIP6_EXTHDR;
		i += 2 + (size_t)o[i + 1];
	}
	return WC_OK;
}

int wc_ipv6_parse(wc_view v, wc_ipv6 *out)
{
	const uint8_t *p = v.p, *b;
	size_t plen, off = 0, n = 0, eoff[WC_IPV6_MAX_EXT], elen[WC_IPV6_MAX_EXT];
	uint8_t etype[WC_IPV6_MAX_EXT], nh;
	wc_view body;

	if (v.len < WC_IPV6_HDR_LEN)
		return WC_ETRUNC;
	if ((p[0] >> 4) != 6)
		return WC_EIP_VERSION;
	plen = wc_load_be16(p + 4);
	if (plen > v.len - WC_IPV6_HDR_LEN)
		return WC_EIP_TRUNC;
	body = wc__head(wc__tail(v, WC_IPV6_HDR_LEN), plen);
	b = body.p;
	nh = p[6];
	/* Check step: walk the chain, proving each header inside the payload. */
	while (wc_ipv6_is_ext(nh)) {
		size_t hl;
		if (nh == WC_IPV6_EXT_HOPOPT && n != 0)
			return WC_EIP6_EXTHDR;
		if (n == WC_IPV6_MAX_EXT)
			return WC_EIP6_CHAIN;
		if (plen - off < 2)
			return WC_EIP6_EXTHDR;
		hl = ext_len(nh, b[off + 1]);
		if (hl > plen - off)
			return WC_EIP6_EXTHDR;
		if ((nh == WC_IPV6_EXT_HOPOPT || nh == WC_IPV6_EXT_DSTOPT) &&
		    check_tlvs(b + off + 2, hl - 2) != WC_OK)
			return WC_EIP6_EXTHDR;
		etype[n] = nh;
		eoff[n] = off;
		elen[n] = hl;
		n++;
		nh = b[off];
		off += hl;
	}

	out->tclass = (uint8_t)(((p[0] & 0x0f) << 4) | (p[1] >> 4));
	out->flow = ((uint32_t)(p[1] & 0x0f) << 16) | wc_load_be16(p + 2);
	out->hop_limit = p[7];
	memcpy(out->src, p + 8, 16);
	memcpy(out->dst, p + 24, 16);
	out->n_ext = (uint8_t)n;
	for (size_t i = 0; i < n; i++) {
		out->ext[i].type = etype[i];
		out->ext[i].bytes = wc__head(wc__tail(body, eoff[i]), elen[i]);
	}
	out->proto = nh;
	out->payload = wc__tail(body, off);
	out->trailer = wc__tail(v, WC_IPV6_HDR_LEN + plen);
	return WC_OK;
}

size_t wc_ipv6_ext_len(const wc_ipv6 *ip)
{
	size_t s = 0;
	for (size_t i = 0; i < ip->n_ext && i < WC_IPV6_MAX_EXT; i++)
		s += ip->ext[i].bytes.len;
	return s;
}

int wc_ipv6_frag_get(const wc_ipv6_ext *e, wc_ipv6_frag *out)
{
	const uint8_t *b = e->bytes.p;
	uint16_t w;

	if (e->type != WC_IPV6_EXT_FRAGMENT || e->bytes.len != 8)
		return WC_EINVAL;
	w = wc_load_be16(b + 2);
	out->offset = (uint16_t)(w & 0xfff8);
	out->more = (uint8_t)(w & 1);
	out->id = wc_load_be32(b + 4);
	return WC_OK;
}

int wc_ipv6_is_frag(const wc_ipv6 *ip)
{
	wc_ipv6_frag f;

	for (size_t i = 0; i < ip->n_ext && i < WC_IPV6_MAX_EXT; i++)
		if (wc_ipv6_frag_get(&ip->ext[i], &f) == WC_OK && (f.offset || f.more))
			return 1;
	return 0;
}

int wc_ipv6_emit(const wc_ipv6 *ip, wc_view out, size_t *written)
{
	size_t plen, n, off;
	uint8_t *p;
	int rc;

	if (ip->n_ext > WC_IPV6_MAX_EXT)
		return WC_EINVAL;
	for (size_t i = 0; i < ip->n_ext; i++) {
		const wc_ipv6_ext *e = &ip->ext[i];
		if (!wc_ipv6_is_ext(e->type) || e->bytes.len < 2 ||
		    e->bytes.len != ext_len(e->type, e->bytes.p[1]))
			return WC_EINVAL;
	}
	plen = wc_ipv6_payload_len(ip);
	if (plen > 65535)
		return WC_EINVAL;
	n = WC_IPV6_HDR_LEN + plen;
	if ((rc = wc__out_ok(out, n)) != WC_OK)
		return rc;
	p = out.p;
	off = WC_IPV6_HDR_LEN + wc_ipv6_ext_len(ip);
	wc__put_view(p + off, ip->payload);
	for (size_t i = ip->n_ext; i-- > 0;) {
		const wc_ipv6_ext *e = &ip->ext[i];
		off -= e->bytes.len;
		wc__put_view(p + off, e->bytes);
		p[off] = i + 1 < ip->n_ext ? ip->ext[i + 1].type : ip->proto;
	}
	p[0] = (uint8_t)(0x60 | (ip->tclass >> 4));
	p[1] = (uint8_t)((ip->tclass << 4) | ((ip->flow >> 16) & 0x0f));
	wc_store_be16(p + 2, (uint16_t)ip->flow);
	wc_store_be16(p + 4, (uint16_t)plen);
	p[6] = ip->n_ext ? ip->ext[0].type : ip->proto;
	p[7] = ip->hop_limit;
	memcpy(p + 8, ip->src, 16);
	memcpy(p + 24, ip->dst, 16);
	*written = n;
	return WC_OK;
}
