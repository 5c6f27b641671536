#include "wirecheck/packet.h"

#include <string.h>

#include "wire_util.h"

static int parse_l4(wc_packet *pk, uint8_t proto, int v6)
{
	wc_view l4 = pk->l4_bytes;

	pk->l4 = WC_L4_NONE;
	if (pk->fragment)
		return WC_OK;
	if (proto == WC_IPPROTO_TCP) {
		pk->l4 = WC_L4_TCP;
		return wc_tcp_parse(l4, &pk->tcp);
	}
	if (proto == WC_IPPROTO_UDP) {
		pk->l4 = WC_L4_UDP;
		return wc_udp_parse(l4, &pk->udp);
	}
	if (proto == (v6 ? WC_IPPROTO_ICMPV6 : WC_IPPROTO_ICMP)) {
		pk->l4 = v6 ? WC_L4_ICMP6 : WC_L4_ICMP4;
		return wc_icmp_parse(l4, &pk->icmp);
	}
	return WC_OK;
}

static int parse_ip(wc_view v, int version, wc_packet *pk)
{
	int rc;

	if (version == 4) {
		if ((rc = wc_ipv4_parse(v, &pk->ip4)) != WC_OK)
			return rc;
		pk->l3 = WC_L3_IPV4;
		pk->fragment = wc_ipv4_is_frag(&pk->ip4);
		pk->l4_bytes = pk->ip4.payload;
		return parse_l4(pk, pk->ip4.proto, 0);
	}
	if ((rc = wc_ipv6_parse(v, &pk->ip6)) != WC_OK)
		return rc;
	pk->l3 = WC_L3_IPV6;
	pk->fragment = wc_ipv6_is_frag(&pk->ip6);
	pk->l4_bytes = pk->ip6.payload;
	return parse_l4(pk, pk->ip6.proto, 1);
}

/* The used part of a decoded TCP header: the fixed fields, the n_opts
 * options and pad_len padding bytes, the payload view. */
static void copy_tcp(wc_tcp *dst, const wc_tcp *src)
{
	dst->sport = src->sport;
	dst->dport = src->dport;
	dst->seq = src->seq;
	dst->ack = src->ack;
	dst->flags = src->flags;
	dst->wnd = src->wnd;
	dst->cksum = src->cksum;
	dst->urg = src->urg;
	dst->n_opts = src->n_opts;
	dst->pad_len = src->pad_len;
	memcpy(dst->opts, src->opts, src->n_opts * sizeof src->opts[0]);
	memcpy(dst->pad, src->pad, src->pad_len);
	dst->payload = src->payload;
}

/* *out = *pk for the members that are valid (the layers decoded): a whole
 * wc_packet is 2.5 KiB, nearly all of it option slots no packet uses. */
static void copy_valid(wc_packet *out, const wc_packet *pk)
{
	out->has_eth = pk->has_eth;
	if (pk->has_eth)
		out->eth = pk->eth;
	out->l3 = pk->l3;
	if (pk->l3 == WC_L3_ARP)
		out->arp = pk->arp;
	else if (pk->l3 == WC_L3_IPV4)
		out->ip4 = pk->ip4;
	else if (pk->l3 == WC_L3_IPV6)
		out->ip6 = pk->ip6;
	out->fragment = pk->fragment;
	out->l4 = pk->l4;
	out->l4_bytes = pk->l4_bytes;
	if (pk->l4 == WC_L4_TCP)
		copy_tcp(&out->tcp, &pk->tcp);
	else if (pk->l4 == WC_L4_UDP)
		out->udp = pk->udp;
	else if (pk->l4 == WC_L4_ICMP4 || pk->l4 == WC_L4_ICMP6)
		out->icmp = pk->icmp;
}

int wc_packet_parse(wc_view bytes, int mode, wc_packet *out)
{
	wc_packet pk;
	int rc = WC_OK;

	pk.has_eth = 0;
	pk.l3 = WC_L3_NONE;
	pk.l4 = WC_L4_NONE;
	pk.fragment = 0;
	pk.l4_bytes = wc_view_empty();
	switch (mode) {
	case WC_PKT_ETH:
		if ((rc = wc_eth_parse(bytes, &pk.eth)) != WC_OK)
			return rc;
		pk.has_eth = 1;
		if (pk.eth.ethertype == WC_ETHERTYPE_IPV4)
			rc = parse_ip(pk.eth.payload, 4, &pk);
		else if (pk.eth.ethertype == WC_ETHERTYPE_IPV6)
			rc = parse_ip(pk.eth.payload, 6, &pk);
		else if (pk.eth.ethertype == WC_ETHERTYPE_ARP) {
			rc = wc_arp_parse(pk.eth.payload, &pk.arp);
			pk.l3 = WC_L3_ARP;
		}
		break;
	case WC_PKT_IP:
		if (bytes.len == 0)
			return WC_ETRUNC;
		if ((bytes.p[0] >> 4) != 4 && (bytes.p[0] >> 4) != 6)
			return WC_EIP_VERSION;
		rc = parse_ip(bytes, bytes.p[0] >> 4, &pk);
		break;
	case WC_PKT_IPV4:
		rc = parse_ip(bytes, 4, &pk);
		break;
	case WC_PKT_IPV6:
		rc = parse_ip(bytes, 6, &pk);
		break;
	default:
		return WC_EINVAL;
	}
	if (rc != WC_OK)
		return rc;
	copy_valid(out, &pk);
	return WC_OK;
}

/* RFC 8200 8.1: with a Routing header, the pseudo-header carries the final
 * destination; while segments are left, the sender finds it in the Routing
 * header: the last address for types 0 and 2 (RFC 8200 / RFC 6275), Segment
 * List[0] for the segment routing header, type 4 (RFC 8754 4.3.1). */
static const uint8_t *final_dst6(const wc_ipv6 *ip)
{
	const uint8_t *dst = ip->dst;

	for (size_t i = 0; i < ip->n_ext && i < WC_IPV6_MAX_EXT; i++) {
		const wc_ipv6_ext *e = &ip->ext[i];
		const uint8_t *b = e->bytes.p;
		size_t naddr = e->bytes.len >= 8 ? (e->bytes.len - 8) / 16 : 0;
		if (e->type != WC_IPV6_EXT_ROUTING || b[3] == 0 || naddr == 0)
			continue;
		if (b[2] == 0 || b[2] == 2)
			dst = b + 8 + 16 * (naddr - 1);
		else if (b[2] == 4)
			dst = b + 8;
	}
	return dst;
}

int wc_packet_pseudo(const wc_packet *p, wc_pseudo *ph)
{
	if (p->l3 == WC_L3_IPV4)
		*ph = wc_pseudo4(p->ip4.src, p->ip4.dst);
	else if (p->l3 == WC_L3_IPV6)
		*ph = wc_pseudo6(p->ip6.src, final_dst6(&p->ip6));
	else
		return WC_EINVAL;
	return WC_OK;
}

int wc_packet_check_cksums(const wc_packet *p)
{
	wc_pseudo ph;
	int rc;

	if (p->l3 == WC_L3_IPV4 && (rc = wc_ipv4_check_cksum(&p->ip4)) != WC_OK)
		return rc;
	if (wc_packet_pseudo(p, &ph) != WC_OK)
		return WC_OK;
	switch (p->l4) {
	case WC_L4_TCP:
		return wc_pseudo_check(&ph, WC_IPPROTO_TCP, p->l4_bytes);
	case WC_L4_UDP: {
		wc_view d = wc__head(p->l4_bytes, WC_UDP_HDR_LEN + p->udp.payload.len);
		return ph.family == 4 ? wc_udp_check_cksum4(ph.src, ph.dst, d)
				      : wc_udp_check_cksum6(ph.src, ph.dst, d);
	}
	case WC_L4_ICMP4:
		return wc_icmp4_check_cksum(p->l4_bytes);
	case WC_L4_ICMP6:
		return wc_icmp6_check_cksum(ph.src, ph.dst, p->l4_bytes);
	default:
		return WC_OK;
	}
}

/* Append view v at out[*at..]; WC_ENOSPC if it does not fit. */
static int append(wc_view out, size_t *at, wc_view v)
{
	if (*at > out.len || v.len > out.len - *at)
		return WC_ENOSPC;
	wc__put_view(out.p + *at, v);
	*at += v.len;
	return WC_OK;
}

/* Emit the upper layer into out; *n = bytes (the IP payload). */
static int emit_l4(const wc_packet *p, const wc_pseudo *ph, int fill, wc_view out, size_t *n)
{
	int rc;

	switch (p->l4) {
	case WC_L4_TCP:
		return wc_tcp_emit(&p->tcp, ph, out, n);
	case WC_L4_UDP:
		if ((rc = wc_udp_emit(&p->udp, ph, out, n)) != WC_OK)
			return rc;
		return append(out, n, p->udp.trailer);
	case WC_L4_ICMP4:
		return wc_icmp4_emit(&p->icmp, fill, out, n);
	case WC_L4_ICMP6:
		return wc_icmp6_emit(&p->icmp, ph, out, n);
	default:
		*n = 0;
		return append(out, n, p->l4_bytes);
	}
}

int wc_packet_emit(const wc_packet *p, unsigned flags, wc_view out, size_t *written)
{
	int fill = (flags & WC_PKT_EMIT_CKSUM) != 0, rc;
	size_t off3 = p->has_eth ? wc_eth_hdr_len(&p->eth) : 0, hl, n4 = 0, n3 = 0, end;
	wc_view sub;
	wc_pseudo ph;

	if (!wc_view_is_writable(out))
		return WC_ERDONLY;
	if (off3 > out.len)
		return WC_ENOSPC;
	sub = wc__tail(out, off3);
	switch (p->l3) {
	case WC_L3_NONE:
		if (!p->has_eth)
			return WC_EINVAL;
		return wc_eth_emit(&p->eth, out, written);
	case WC_L3_ARP:
		if ((rc = wc_arp_emit(&p->arp, sub, &n3)) != WC_OK)
			return rc;
		if ((rc = append(sub, &n3, p->arp.trailer)) != WC_OK)
			return rc;
		break;
	case WC_L3_IPV4: {
		wc_ipv4 ip = p->ip4;
		if (ip.opt_len > WC_IPV4_MAX_OPT)
			return WC_EINVAL;
		hl = wc_ipv4_hdr_len(&ip);
		ph = wc_pseudo4(ip.src, ip.dst);
		if (hl > sub.len)
			return WC_ENOSPC;
		if ((rc = emit_l4(p, fill ? &ph : NULL, fill, wc__tail(sub, hl), &n4)) != WC_OK)
			return rc;
		ip.payload = wc__head(wc__tail(sub, hl), n4);
		if ((rc = wc_ipv4_emit(&ip, fill, sub, &n3)) != WC_OK)
			return rc;
		if ((rc = append(sub, &n3, ip.trailer)) != WC_OK)
			return rc;
		break;
	}
	case WC_L3_IPV6: {
		wc_ipv6 ip = p->ip6;
		if (ip.n_ext > WC_IPV6_MAX_EXT)
			return WC_EINVAL;
		hl = WC_IPV6_HDR_LEN + wc_ipv6_ext_len(&ip);
		ph = wc_pseudo6(ip.src, final_dst6(&ip));
		if (hl > sub.len)
			return WC_ENOSPC;
		if ((rc = emit_l4(p, fill ? &ph : NULL, fill, wc__tail(sub, hl), &n4)) != WC_OK)
			return rc;
		ip.payload = wc__head(wc__tail(sub, hl), n4);
		if ((rc = wc_ipv6_emit(&ip, sub, &n3)) != WC_OK)
			return rc;
		if ((rc = append(sub, &n3, ip.trailer)) != WC_OK)
			return rc;
		break;
	}
	default:
		return WC_EINVAL;
	}
	end = off3 + n3;
	if (p->has_eth) {
		wc_eth e = p->eth;
		e.payload = wc__head(sub, n3);
		if ((rc = wc_eth_emit(&e, out, &end)) != WC_OK)
			return rc;
	}
	*written = end;
	return WC_OK;
}
