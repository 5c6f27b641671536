#include "wirecheck/wire_udp.h"

#include "wire_util.h"

#define UDP_PROTO 17

int wc_udp_parse(wc_view v, wc_udp *out)
{
	const uint8_t *p = v.p;
	size_t len;

	if (v.len < WC_UDP_HDR_LEN)
		return WC_ETRUNC;
	len = wc_load_be16(p + 4);
	if (len < WC_UDP_HDR_LEN || len > v.len)
		return WC_EUDP_LEN;
	out->sport = wc_load_be16(p);
	out->dport = wc_load_be16(p + 2);
	out->cksum = wc_load_be16(p + 6);
	out->payload = wc__head(wc__tail(v, WC_UDP_HDR_LEN), len - WC_UDP_HDR_LEN);
	out->trailer = wc__tail(v, len);
	return WC_OK;
}

static uint16_t udp_cksum(const wc_pseudo *ph, wc_view v)
{
	uint16_t c = wc_pseudo_cksum(ph, UDP_PROTO, v, 6);
	return c ? c : 0xffff;
}

int wc_udp_emit(const wc_udp *u, const wc_pseudo *ph, wc_view out, size_t *written)
{
	size_t n = WC_UDP_HDR_LEN + u->payload.len;
	int rc;

	if (n > 65535 || (ph && ph->family != 4 && ph->family != 6))
		return WC_EINVAL;
	if ((rc = wc__out_ok(out, n)) != WC_OK)
		return rc;
	wc__put_view(out.p + WC_UDP_HDR_LEN, u->payload);
	wc_store_be16(out.p, u->sport);
	wc_store_be16(out.p + 2, u->dport);
	wc_store_be16(out.p + 4, (uint16_t)n);
	wc_store_be16(out.p + 6, u->cksum);
	if (ph)
		wc_store_be16(out.p + 6, udp_cksum(ph, wc__head(out, n)));
	*written = n;
	return WC_OK;
}

uint16_t wc_udp_cksum4(const uint8_t src[4], const uint8_t dst[4], wc_view v)
{
	wc_pseudo ph = wc_pseudo4(src, dst);
	return v.len < WC_UDP_HDR_LEN ? 0 : udp_cksum(&ph, v);
}

uint16_t wc_udp_cksum6(const uint8_t src[16], const uint8_t dst[16], wc_view v)
{
	wc_pseudo ph = wc_pseudo6(src, dst);
	return v.len < WC_UDP_HDR_LEN ? 0 : udp_cksum(&ph, v);
}

int wc_udp_check_cksum4(const uint8_t src[4], const uint8_t dst[4], wc_view v)
{
	wc_pseudo ph = wc_pseudo4(src, dst);

	if (v.len < WC_UDP_HDR_LEN)
		return WC_ETRUNC;
	if (wc_load_be16(v.p + 6) == 0)
		return WC_OK; /* RFC 768: zero means the sender computed none */
	return wc_pseudo_check(&ph, UDP_PROTO, v);
}

int wc_udp_check_cksum6(const uint8_t src[16], const uint8_t dst[16], wc_view v)
{
	wc_pseudo ph = wc_pseudo6(src, dst);

	if (v.len < WC_UDP_HDR_LEN)
		return WC_ETRUNC;
	if (wc_load_be16(v.p + 6) == 0)
		return WC_ECKSUM; /* RFC 8200 8.1: mandatory over IPv6 */
	return wc_pseudo_check(&ph, UDP_PROTO, v);
}
