#include "wirecheck/wire_arp.h"

#include <string.h>

#include "wire_util.h"

int wc_arp_parse(wc_view v, wc_arp *out)
{
	const uint8_t *p = v.p;

	if (v.len < WC_ARP_LEN)
		return WC_ETRUNC;
	if (wc_load_be16(p) != 1 || wc_load_be16(p + 2) != 0x0800 || p[4] != 6 || p[5] != 4)
		return WC_EARP_FORMAT;
	out->oper = wc_load_be16(p + 6);
	memcpy(out->sha, p + 8, 6);
	memcpy(out->spa, p + 14, 4);
	memcpy(out->tha, p + 18, 6);
	memcpy(out->tpa, p + 24, 4);
	out->trailer = wc__tail(v, WC_ARP_LEN);
	return WC_OK;
}

int wc_arp_emit(const wc_arp *a, wc_view out, size_t *written)
{
	uint8_t *p;
	int rc;

	if ((rc = wc__out_ok(out, WC_ARP_LEN)) != WC_OK)
		return rc;
	p = out.p;
	wc_store_be16(p, 1);
	wc_store_be16(p + 2, 0x0800);
	p[4] = 6;
	p[5] = 4;
	wc_store_be16(p + 6, a->oper);
	memcpy(p + 8, a->sha, 6);
	memcpy(p + 14, a->spa, 4);
	memcpy(p + 18, a->tha, 6);
	memcpy(p + 24, a->tpa, 4);
	*written = WC_ARP_LEN;
	return WC_OK;
}
