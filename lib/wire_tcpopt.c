#include "wire_tcpopt.h"

#include <string.h>

#include "wirecheck/view.h"

/* On-wire length of each kind below 9 that has a fixed one (RFC 9293 3.2,
 * RFC 7323, RFC 2018); 0: no fixed length (SACK, unassigned kinds). A table
 * rather than a switch: this runs per option on every fuzz input. */
static const uint8_t fixed_len[9] = {
	[WC_TCPOPT_EOL] = 1, [WC_TCPOPT_NOP] = 1, [WC_TCPOPT_MSS] = 4, [WC_TCPOPT_WS] = 3,
	[WC_TCPOPT_SACK_PERM] = 2, [WC_TCPOPT_TS] = 10,
};

/* 1 if len (>= 2) is a legal on-wire length for kind (>= 2); SACK is
 * 2 + 8n with n = 1..4, kinds without a fixed length accept any len. */
static int len_ok(uint8_t kind, unsigned len)
{
	if (kind < sizeof fixed_len && fixed_len[kind])
		return len == fixed_len[kind];
	if (kind == WC_TCPOPT_SACK)
		return len >= 10 && len <= 34 && (len & 7) == 2;
	return 1;
}

int wc_tcpopt_check(const uint8_t *o, size_t n)
{
	const uint8_t *p = o, *end = o + n;

	while (p < end) {
		unsigned l;
		if (p[0] <= WC_TCPOPT_NOP) {
			if (p[0] == WC_TCPOPT_EOL)
				return WC_OK;
			p++;
			continue;
		}
		if (p + 1 == end)
			return WC_ETCP_OPTLEN;
		l = p[1];
		if (l < 2 || l > (size_t)(end - p))
			return WC_ETCP_OPTLEN;
		if (!len_ok(p[0], l))
			return WC_ETCP_OPTSIZE;
		p += l;
	}
	return WC_OK;
}

/* Decode the value of one proved option (kind >= 2) at p into op. */
static void decode_one(const uint8_t *p, wc_tcp_opt *op)
{
	const uint8_t *d = p + 2;

	op->kind = p[0];
	op->len = p[1];
	switch (op->kind) {
	case WC_TCPOPT_MSS:
		op->u.mss = wc_load_be16(d);
		break;
	case WC_TCPOPT_WS:
		op->u.ws = d[0];
		break;
	case WC_TCPOPT_SACK_PERM:
		break;
	case WC_TCPOPT_SACK:
		op->u.sack.n = (uint8_t)(op->len >> 3);
		for (const uint8_t *b = d; b < p + op->len; b += 8) {
			wc_tcp_sack_block *s = &op->u.sack.b[(b - d) >> 3];
			s->left = wc_load_be32(b);
			s->right = wc_load_be32(b + 4);
		}
		break;
	case WC_TCPOPT_TS:
		op->u.ts.val = wc_load_be32(d);
		op->u.ts.ecr = wc_load_be32(d + 4);
		break;
	default:
		memcpy(op->u.raw, d, op->len - 2u);
		break;
	}
}

void wc_tcpopt_decode(const uint8_t *o, size_t n, wc_tcp *t)
{
	const uint8_t *p = o, *end = o + n;
	wc_tcp_opt *op = t->opts;

	/* A proved area of n <= 40 bytes holds at most 40 options. */
	t->pad_len = 0;
	while (p < end) {
		if (p[0] > WC_TCPOPT_NOP) {
			decode_one(p, op++);
			p += p[1];
			continue;
		}
		op->kind = *p++;
		op->len = 1;
		if ((op++)->kind == WC_TCPOPT_EOL) {
			t->pad_len = (uint8_t)(end - p);
			memcpy(t->pad, p, (size_t)(end - p));
			break;
		}
	}
	t->n_opts = (uint8_t)(op - t->opts);
}

/* Serialise one option of kind >= 2 whose len is proved legal into d. */
static void encode_one(const wc_tcp_opt *op, uint8_t *dst)
{
	uint8_t *d = dst + 2;

	dst[0] = op->kind;
	dst[1] = op->len;
	switch (op->kind) {
	case WC_TCPOPT_MSS:
		wc_store_be16(d, op->u.mss);
		break;
	case WC_TCPOPT_WS:
		d[0] = op->u.ws;
		break;
	case WC_TCPOPT_SACK_PERM:
		break;
	case WC_TCPOPT_SACK:
		for (const wc_tcp_sack_block *s = op->u.sack.b; s < op->u.sack.b + op->u.sack.n; s++, d += 8) {
			wc_store_be32(d, s->left);
			wc_store_be32(d + 4, s->right);
		}
		break;
	case WC_TCPOPT_TS:
		wc_store_be32(d, op->u.ts.val);
		wc_store_be32(d + 4, op->u.ts.ecr);
		break;
	default:
		memcpy(d, op->u.raw, op->len - 2u);
		break;
	}
}

int wc_tcpopt_encode(const wc_tcp *t, uint8_t *dst, size_t *n)
{
	const wc_tcp_opt *op, *last;
	size_t i = 0;

	if (t->n_opts > WC_TCP_MAX_OPTS || t->pad_len > WC_TCP_MAX_OPT_LEN)
		return WC_EINVAL;
	last = t->opts + t->n_opts;
	for (op = t->opts; op < last; op++) {
		if (op->kind <= WC_TCPOPT_NOP) {
			/* Nothing may follow an EOL but the raw padding. */
			if (op->len != 1 || i == WC_TCP_MAX_OPT_LEN ||
			    (op->kind == WC_TCPOPT_EOL && op + 1 != last))
				return WC_EINVAL;
			dst[i++] = op->kind;
			continue;
		}
		if (op->len < 2 || op->len > WC_TCP_MAX_OPT_LEN - i || !len_ok(op->kind, op->len) ||
		    (op->kind == WC_TCPOPT_SACK && op->u.sack.n != op->len >> 3))
			return WC_EINVAL;
		encode_one(op, dst + i);
		i += op->len;
	}
	/* Padding bytes exist only after an EOL (else re-parse would read
	 * them as options). */
	if (t->pad_len && (t->n_opts == 0 || last[-1].kind != WC_TCPOPT_EOL))
		return WC_EINVAL;
	if (t->pad_len > WC_TCP_MAX_OPT_LEN - i || (i + t->pad_len) % 4)
		return WC_EINVAL;
	memcpy(dst + i, t->pad, t->pad_len);
	*n = i + t->pad_len;
	return WC_OK;
}
