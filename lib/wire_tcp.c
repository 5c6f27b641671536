#include "wirecheck/wire_tcp.h"

#include <string.h>

#include "wire_tcpopt.h"
#include "wire_util.h"

#define TCP_PROTO 6

/* The check step; *hl = the header length on WC_OK. */
static int check(wc_view v, size_t *hl)
{
	if (v.len < WC_TCP_HDR_LEN)
		return WC_ETRUNC;
	*hl = (size_t)(v.p[12] >> 4) * 4;
	if (*hl < WC_TCP_HDR_LEN)
		return WC_ETCP_OFFSET;
	if (*hl > v.len)
		return WC_ETCP_HDRLEN;
	return wc_tcpopt_check(v.p + WC_TCP_HDR_LEN, *hl - WC_TCP_HDR_LEN);
}

int wc_tcp_check(wc_view v)
{
	size_t hl;

	return check(v, &hl);
}

int wc_tcp_parse(wc_view v, wc_tcp *out)
{
	const uint8_t *p = v.p;
	size_t hl;
	int rc;

	if ((rc = check(v, &hl)) != WC_OK)
		return rc;
	out->sport = wc_load_be16(p);
	out->dport = wc_load_be16(p + 2);
	out->seq = wc_load_be32(p + 4);
	out->ack = wc_load_be32(p + 8);
	out->flags = wc_load_be16(p + 12) & WC_TCP_FLAG_MASK;
	out->wnd = wc_load_be16(p + 14);
	out->cksum = wc_load_be16(p + 16);
	out->urg = wc_load_be16(p + 18);
	wc_tcpopt_decode(p + WC_TCP_HDR_LEN, hl - WC_TCP_HDR_LEN, out);
	out->payload = wc__tail(v, hl);
	return WC_OK;
}

/* One past the last valid option slot (n_opts clamped to the array). */
static const wc_tcp_opt *opts_end(const wc_tcp *t)
{
	return t->opts + (t->n_opts < WC_TCP_MAX_OPTS ? t->n_opts : WC_TCP_MAX_OPTS);
}

size_t wc_tcp_opt_len(const wc_tcp *t)
{
	size_t s = t->pad_len;
	for (const wc_tcp_opt *o = t->opts, *end = opts_end(t); o < end; o++)
		s += o->len;
	return s;
}

const wc_tcp_opt *wc_tcp_find_opt(const wc_tcp *t, uint8_t kind)
{
	for (const wc_tcp_opt *o = t->opts, *end = opts_end(t); o < end; o++)
		if (o->kind == kind)
			return o;
	return NULL;
}

int wc_tcp_emit(const wc_tcp *t, const wc_pseudo *ph, wc_view out, size_t *written)
{
	uint8_t h[60];
	size_t ol, hl, n;
	int rc;

	if (ph && ph->family != 4 && ph->family != 6)
		return WC_EINVAL;
	if ((rc = wc_tcpopt_encode(t, h + WC_TCP_HDR_LEN, &ol)) != WC_OK)
		return rc;
	hl = WC_TCP_HDR_LEN + ol;
	n = hl + t->payload.len;
	if (ph && ph->family == 4 && n > 65535)
		return WC_EINVAL;
	if ((rc = wc__out_ok(out, n)) != WC_OK)
		return rc;
	wc_store_be16(h, t->sport);
	wc_store_be16(h + 2, t->dport);
	wc_store_be32(h + 4, t->seq);
	wc_store_be32(h + 8, t->ack);
	wc_store_be16(h + 12, (uint16_t)((hl / 4) << 12 | (t->flags & WC_TCP_FLAG_MASK)));
	wc_store_be16(h + 14, t->wnd);
	wc_store_be16(h + 16, t->cksum);
	wc_store_be16(h + 18, t->urg);
	wc__put_view(out.p + hl, t->payload);
	memcpy(out.p, h, hl);
	if (ph)
		wc_store_be16(out.p + 16, wc_pseudo_cksum(ph, TCP_PROTO, wc__head(out, n), 16));
	*written = n;
	return WC_OK;
}

uint16_t wc_tcp_cksum4(const uint8_t src[4], const uint8_t dst[4], wc_view v)
{
	wc_pseudo ph = wc_pseudo4(src, dst);
	return v.len < WC_TCP_HDR_LEN ? 0 : wc_pseudo_cksum(&ph, TCP_PROTO, v, 16);
}

uint16_t wc_tcp_cksum6(const uint8_t src[16], const uint8_t dst[16], wc_view v)
{
	wc_pseudo ph = wc_pseudo6(src, dst);
	return v.len < WC_TCP_HDR_LEN ? 0 : wc_pseudo_cksum(&ph, TCP_PROTO, v, 16);
}

int wc_tcp_check_cksum4(const uint8_t src[4], const uint8_t dst[4], wc_view v)
{
	wc_pseudo ph = wc_pseudo4(src, dst);
	return v.len < WC_TCP_HDR_LEN ? WC_ETRUNC : wc_pseudo_check(&ph, TCP_PROTO, v);
}

int wc_tcp_check_cksum6(const uint8_t src[16], const uint8_t dst[16], wc_view v)
{
	wc_pseudo ph = wc_pseudo6(src, dst);
	return v.len < WC_TCP_HDR_LEN ? WC_ETRUNC : wc_pseudo_check(&ph, TCP_PROTO, v);
}
