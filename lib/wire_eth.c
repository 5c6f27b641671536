#include "wirecheck/wire_eth.h"

#include <string.h>

#include "wire_util.h"

static int is_tag(uint16_t t)
{
	return t == WC_ETHERTYPE_VLAN || t == WC_ETHERTYPE_QINQ;
}

int wc_eth_parse(wc_view frame, wc_eth *out)
{
	const uint8_t *p = frame.p;
	size_t off = 12, ntags = 0;
	uint16_t type;

	if (frame.len < WC_ETH_HDR_LEN)
		return WC_ETRUNC;
	/* Check step: walk the tags, proving each one and the type after it. */
	type = wc_load_be16(p + off);
	while (is_tag(type)) {
		if (ntags == WC_ETH_MAX_TAGS || frame.len - off < 6)
			return WC_EETH_VLAN;
		ntags++;
		off += 4;
		type = wc_load_be16(p + off);
	}
	/* Fill step: every byte below off + 2 is proved present. */
	memcpy(out->dst, p, 6);
	memcpy(out->src, p + 6, 6);
	out->ntags = (uint8_t)ntags;
	for (size_t i = 0; i < ntags; i++) {
		out->tags[i].tpid = wc_load_be16(p + 12 + 4 * i);
		out->tags[i].tci = wc_load_be16(p + 14 + 4 * i);
	}
	out->ethertype = type;
	out->payload = wc__tail(frame, off + 2);
	return WC_OK;
}

int wc_eth_emit(const wc_eth *e, wc_view out, size_t *written)
{
	size_t hl, n;
	int rc;

	if (e->ntags > WC_ETH_MAX_TAGS)
		return WC_EINVAL;
	hl = wc_eth_hdr_len(e);
	n = hl + e->payload.len;
	if ((rc = wc__out_ok(out, n)) != WC_OK)
		return rc;
	/* The payload first: it may alias the header area of out. */
	wc__put_view(out.p + hl, e->payload);
	memcpy(out.p, e->dst, 6);
	memcpy(out.p + 6, e->src, 6);
	for (size_t i = 0; i < e->ntags; i++) {
		wc_store_be16(out.p + 12 + 4 * i, e->tags[i].tpid);
		wc_store_be16(out.p + 14 + 4 * i, e->tags[i].tci);
	}
	wc_store_be16(out.p + hl - 2, e->ethertype);
	*written = n;
	return WC_OK;
}
