/*
 * The option area of an arriving segment, decoded as a receiver walks it
 * (RFC 9293 3.1, MUST-5..7, MUST-68): into the model's wc_tm_seg, without
 * refusing the segment when an option is malformed.
 */
#include "wirecheck/tcp_model.h"
#include "wirecheck/view.h"

static int size_ok(uint8_t kind, uint8_t l)
{
	switch (kind) {
	case 2: return l == 4;  /* MSS */
	case 3: return l == 3;  /* window scale */
	case 4: return l == 2;  /* SACK-permitted */
	case 8: return l == 10; /* timestamps */
	case 5: return l >= 10 && l <= 34 && (l - 2) % 8 == 0; /* SACK, 1..4 blocks */
	default: return 1;      /* MUST-6: ignored, skipped by its length */
	}
}

void wc_tm_seg_opts(const uint8_t *p, size_t n, wc_tm_seg *seg)
{
	size_t i = 0;
	while (i < n) {
		uint8_t kind = p[i];
		if (kind == 0)
			break; /* EOL */
		if (kind == 1) {
			i++;
			continue;
		}
		if (n - i < 2 || p[i + 1] < 2 || p[i + 1] > n - i) {
			seg->opts |= WC_TM_O_BADLEN; /* no walking past it */
			break;
		}
		uint8_t l = p[i + 1];
		const uint8_t *v = p + i + 2;
		if (!size_ok(kind, l)) {
			seg->opts |= WC_TM_O_BADLEN; /* length wrong for the kind: not decoded */
			i += l;
			continue;
		}
		switch (kind) {
		case 2:
			if (!(seg->opts & WC_TM_O_MSS)) {
				seg->opts |= WC_TM_O_MSS;
				seg->mss = wc_load_be16(v);
			}
			break;
		case 3:
			if (!(seg->opts & WC_TM_O_WS)) {
				seg->opts |= WC_TM_O_WS;
				seg->wscale = v[0];
			}
			break;
		case 4:
			seg->opts |= WC_TM_O_SACKOK;
			break;
		case 8:
			if (!(seg->opts & WC_TM_O_TS)) {
				seg->opts |= WC_TM_O_TS;
				seg->tsval = wc_load_be32(v);
				seg->tsecr = wc_load_be32(v + 4);
			}
			break;
		case 5:
			if (!(seg->opts & WC_TM_O_SACK)) {
				seg->opts |= WC_TM_O_SACK;
				seg->nsack = (uint8_t)((l - 2) / 8);
				for (unsigned b = 0; b < seg->nsack && b < WC_TM_MAX_SACK; b++) {
					seg->sack[b][0] = wc_load_be32(v + 8 * b);
					seg->sack[b][1] = wc_load_be32(v + 8 * b + 4);
				}
			}
			break;
		default:
			break;
		}
		i += l;
	}
}
