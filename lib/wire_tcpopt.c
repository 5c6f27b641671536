#include "wire_tcpopt.h"

#include <string.h>

#include "wirecheck/view.h"

/* 1 if len is a legal on-wire length for kind (RFC 9293 3.2, RFC 7323,
 * RFC 2018); kinds without a fixed length accept any len >= 2. */
static int len_ok(uint8_t kind, size_t len)
{
	switch (kind) {
	case WC_TCPOPT_MSS: return len == 4;
	case WC_TCPOPT_WS: return len == 3;
	case WC_TCPOPT_SACK_PERM: return len == 2;
	case WC_TCPOPT_SACK: return len >= 10 && len <= 34 && (len - 2) % 8 == 0;
	case WC_TCPOPT_TS: return len == 10;
	default: return len >= 2;
	}
}

int wc_tcpopt_check(const uint8_t *o, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t k = o[i];
		size_t l;
		if (k == WC_TCPOPT_EOL)
			return WC_OK;
		if (k == WC_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (n - i < 2)
			return WC_ETCP_OPTLEN;
		l = o[i + 1];
		if (l < 2 || l > n - i)
			return WC_ETCP_OPTLEN;
		if (!len_ok(k, l))
			return WC_ETCP_OPTSIZE;
		i += l;
	}
	return WC_OK;
}

void wc_tcpopt_decode(const uint8_t *o, size_t n, wc_tcp *t)
{
	size_t i = 0, c = 0;

	t->pad_len = 0;
	while (i < n && c < WC_TCP_MAX_OPTS) {
		wc_tcp_opt *op = &t->opts[c++];
		const uint8_t *d = o + i + 2;
		op->kind = o[i];
		if (op->kind == WC_TCPOPT_EOL || op->kind == WC_TCPOPT_NOP) {
			op->len = 1;
			i++;
			if (op->kind == WC_TCPOPT_EOL) {
				t->pad_len = (uint8_t)(n - i);
				memcpy(t->pad, o + i, n - i);
				break;
			}
			continue;
		}
		op->len = o[i + 1];
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
			op->u.sack.n = (uint8_t)((op->len - 2) / 8);
			for (size_t b = 0; b < op->u.sack.n; b++) {
				op->u.sack.b[b].left = wc_load_be32(d + 8 * b);
				op->u.sack.b[b].right = wc_load_be32(d + 8 * b + 4);
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
		i += op->len;
	}
	t->n_opts = (uint8_t)c;
}

int wc_tcpopt_encode(const wc_tcp *t, uint8_t *dst, size_t *n)
{
	size_t i = 0;

	if (t->n_opts > WC_TCP_MAX_OPTS || t->pad_len > WC_TCP_MAX_OPT_LEN)
		return WC_EINVAL;
	for (size_t c = 0; c < t->n_opts; c++) {
		const wc_tcp_opt *op = &t->opts[c];
		uint8_t *d;
		if (op->kind == WC_TCPOPT_EOL || op->kind == WC_TCPOPT_NOP) {
			/* Nothing may follow an EOL but the raw padding. */
			if (op->len != 1 || i >= WC_TCP_MAX_OPT_LEN ||
			    (op->kind == WC_TCPOPT_EOL && c + 1 != t->n_opts))
				return WC_EINVAL;
			dst[i++] = op->kind;
			continue;
		}
		if (!len_ok(op->kind, op->len) || op->len > WC_TCP_MAX_OPT_LEN - i ||
		    (op->kind == WC_TCPOPT_SACK && op->u.sack.n != (op->len - 2) / 8))
			return WC_EINVAL;
		dst[i] = op->kind;
		dst[i + 1] = op->len;
		d = dst + i + 2;
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
			for (size_t b = 0; b < op->u.sack.n; b++) {
				wc_store_be32(d + 8 * b, op->u.sack.b[b].left);
				wc_store_be32(d + 8 * b + 4, op->u.sack.b[b].right);
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
		i += op->len;
	}
	/* Padding bytes exist only after an EOL (else re-parse would read
	 * them as options). */
	if (t->pad_len && (t->n_opts == 0 || t->opts[t->n_opts - 1].kind != WC_TCPOPT_EOL))
		return WC_EINVAL;
	if (t->pad_len > WC_TCP_MAX_OPT_LEN - i)
		return WC_EINVAL;
	memcpy(dst + i, t->pad, t->pad_len);
	i += t->pad_len;
	if (i % 4)
		return WC_EINVAL;
	*n = i;
	return WC_OK;
}
