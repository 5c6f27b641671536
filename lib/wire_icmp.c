#include "wirecheck/wire_icmp.h"

#include <string.h>

#include "wirecheck/cksum.h"
#include "wire_util.h"

#define ICMPV6_NH 58

int wc_icmp_parse(wc_view v, wc_icmp *out)
{
	const uint8_t *p = v.p;

	if (v.len < WC_ICMP_HDR_LEN)
		return WC_EICMP_TRUNC;
	out->type = p[0];
	out->code = p[1];
	out->cksum = wc_load_be16(p + 2);
	memcpy(out->rest, p + 4, 4);
	out->payload = wc__tail(v, WC_ICMP_HDR_LEN);
	return WC_OK;
}

/* Write m into out (checksum field = ck); returns the message view. */
static int put(const wc_icmp *m, wc_view out, size_t *written, wc_view *msg)
{
	size_t n = WC_ICMP_HDR_LEN + m->payload.len;
	int rc;

	if ((rc = wc__out_ok(out, n)) != WC_OK)
		return rc;
	wc__put_view(out.p + WC_ICMP_HDR_LEN, m->payload);
	out.p[0] = m->type;
	out.p[1] = m->code;
	wc_store_be16(out.p + 2, m->cksum);
	memcpy(out.p + 4, m->rest, 4);
	*written = n;
	*msg = wc__head(out, n);
	return WC_OK;
}

uint16_t wc_icmp4_cksum(wc_view v)
{
	if (v.len < WC_ICMP_HDR_LEN)
		return 0;
	return wc_cksum_finish(wc_cksum_add(wc_cksum_sum(v.p, 2),
					    wc_cksum_sum(v.p + 4, v.len - 4), 0));
}

uint16_t wc_icmp6_cksum(const uint8_t src[16], const uint8_t dst[16], wc_view v)
{
	wc_pseudo ph = wc_pseudo6(src, dst);

	if (v.len < WC_ICMP_HDR_LEN)
		return 0;
	return wc_pseudo_cksum(&ph, ICMPV6_NH, v, 2);
}

int wc_icmp4_check_cksum(wc_view v)
{
	if (v.len < WC_ICMP_HDR_LEN)
		return WC_EICMP_TRUNC;
	return wc_cksum_sum(v.p, v.len) == 0xffff ? WC_OK : WC_ECKSUM;
}

int wc_icmp6_check_cksum(const uint8_t src[16], const uint8_t dst[16], wc_view v)
{
	wc_pseudo ph = wc_pseudo6(src, dst);

	if (v.len < WC_ICMP_HDR_LEN)
		return WC_EICMP_TRUNC;
	return wc_pseudo_check(&ph, ICMPV6_NH, v);
}

int wc_icmp4_emit(const wc_icmp *m, int fill_cksum, wc_view out, size_t *written)
{
	wc_view msg;
	size_t n;
	int rc;

	if ((rc = put(m, out, &n, &msg)) != WC_OK)
		return rc;
	if (fill_cksum)
		wc_store_be16(out.p + 2, wc_icmp4_cksum(msg));
	*written = n;
	return WC_OK;
}

int wc_icmp6_emit(const wc_icmp *m, const wc_pseudo *ph, wc_view out, size_t *written)
{
	wc_view msg;
	size_t n;
	int rc;

	if (ph && ph->family != 6)
		return WC_EINVAL;
	if ((rc = put(m, out, &n, &msg)) != WC_OK)
		return rc;
	if (ph)
		wc_store_be16(out.p + 2, wc_pseudo_cksum(ph, ICMPV6_NH, msg, 2));
	*written = n;
	return WC_OK;
}
