#include "wirecheck/wire_pseudo.h"

#include "wirecheck/cksum.h"

static uint16_t pseudo_sum(const wc_pseudo *ph, uint8_t proto, size_t len)
{
	if (ph->family == 6)
		return wc_cksum_pseudo6(ph->src, ph->dst, proto, (uint32_t)len);
	return wc_cksum_pseudo4(ph->src, ph->dst, proto, (uint16_t)len);
}

uint16_t wc_pseudo_cksum(const wc_pseudo *ph, uint8_t proto, wc_view v, size_t cksum_off)
{
	uint16_t s = pseudo_sum(ph, proto, v.len);

	/* cksum_off is even for every user (TCP 16, UDP 6, ICMP 2), so both
	 * pieces start at an even offset of the segment. */
	s = wc_cksum_add(s, wc_cksum_sum(v.p, cksum_off), 0);
	s = wc_cksum_add(s, wc_cksum_sum(v.p + cksum_off + 2, v.len - cksum_off - 2), 0);
	return wc_cksum_finish(s);
}

int wc_pseudo_check(const wc_pseudo *ph, uint8_t proto, wc_view v)
{
	uint16_t s = wc_cksum_add(pseudo_sum(ph, proto, v.len), wc_cksum_sum(v.p, v.len), 0);
	return s == 0xffff ? WC_OK : WC_ECKSUM;
}
