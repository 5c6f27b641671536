/*
 * Fuzz target `view`: wc_view (lib/view.c) against the flat-copy reference
 * model (models/view_ref.c) over one base buffer.
 *
 * Input format:
 *   byte 0        L, the base buffer length (0..255)
 *   bytes 1..L    initial contents of the base buffer (missing bytes are 0)
 *   then ops      each op is one opcode byte (taken modulo 14) followed by
 *                 its operand bytes; a missing operand byte reads as 0 and
 *                 the run ends when no opcode byte is left.
 *
 *   A "slot byte" names views in a table of 8 live views: bits 0-2 = slot a,
 *   bits 3-5 = slot b, bits 6-7 = flags. A "size byte" x is the size_t x
 *   for x < 0xF0 and SIZE_MAX - (0xFF - x) for x >= 0xF0 (so that offsets
 *   and lengths near SIZE_MAX probe the overflow-safe range checks).
 *
 *   0  sub       slot(a -> b), size off, size len
 *   1  shift     slot(a -> b), size n
 *   2  split     slot(a -> head b), byte tail slot, size at;
 *                flag bit 6: head not wanted (NULL), bit 7: tail not wanted
 *   3  get       slot(a; b = width/endianness: u8 be16 be32 be64 le16 le32 le64 u8), size off
 *   4  set       slot(a; b as for get), size off, 8 value bytes (big-endian)
 *   5  blit      slot(src a, dst b), size soff, size doff, size len
 *   6  fill      slot(a), size off, size len, byte value
 *   7  compare   slot(a, b)
 *   8  equal     slot(a, b)
 *   9  find      slot(haystack a, needle b), size from
 *   10 copy_in   slot(a), size off, size len, then min(len, 255) data bytes
 *   11 copy_out  slot(a), size off, size len
 *   12 readonly  slot(a -> b)
 *   13 whole     slot(a; flag bit 6: read-only) = view of the whole base
 *
 * Initially slot 1 is the whole base read-only, every other slot the whole
 * base writable.
 *
 * The base buffer of the production view is a heap block of exactly L
 * bytes, so ASan reports any touch outside it. Property: every return code,
 * every value read and every output byte agrees with the model; failed
 * operations leave their outputs untouched; after each operation every live
 * view names the same (offset, length, access) as its model twin and every
 * byte of the base buffer equals the model's copy.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wirecheck/check.h"
#include "wirecheck/view.h"
#include "wirecheck/view_ref.h"

#define NSLOTS 8
#define MAXIO 255 /* largest copy_in/copy_out buffer */

struct reader {
	const uint8_t *p;
	size_t n;
};

static int more(const struct reader *r) { return r->n > 0; }

static uint8_t byte(struct reader *r)
{
	uint8_t b;

	if (r->n == 0)
		return 0;
	b = *r->p++;
	r->n--;
	return b;
}

static size_t size_arg(struct reader *r)
{
	uint8_t x = byte(r);

	if (x < 0xF0)
		return x;
	return SIZE_MAX - (size_t)(0xFF - x);
}

struct state {
	uint8_t *base;  /* production base buffer, exactly len bytes */
	size_t len;
	wc_ref_buf ref; /* the model's copy */
	wc_view v[NSLOTS];
	wc_ref_view r[NSLOTS];
};

/* Width and endianness selected by a 3-bit field. */
static const unsigned kind_width[8] = { 1, 2, 4, 8, 2, 4, 8, 1 };
static const int kind_be[8] = { 1, 1, 1, 1, 0, 0, 0, 1 };

static void check_view_pair(const struct state *s, wc_view v, wc_ref_view r)
{
	WC_CHECK(v.len == r.len, "view len %zu vs model %zu", v.len, r.len);
	WC_CHECK(wc_view_is_writable(v) == r.writable, "view access %d vs model %d",
		 wc_view_is_writable(v), r.writable);
	WC_CHECK(v.p != NULL || v.len == 0, "non-empty view with NULL pointer");
	if (v.p != NULL) {
		WC_CHECK(v.p >= s->base && (size_t)(v.p - s->base) <= s->len,
			 "view pointer outside the base buffer");
		WC_CHECK((size_t)(v.p - s->base) == r.off, "view offset %zu vs model %zu",
			 (size_t)(v.p - s->base), r.off);
	}
}

static void check_all(const struct state *s)
{
	for (int i = 0; i < NSLOTS; i++)
		check_view_pair(s, s->v[i], s->r[i]);
	WC_CHECK(s->ref.len == s->len, "model buffer length changed");
	for (size_t i = 0; i < s->len; i++)
		WC_CHECK(s->base[i] == s->ref.bytes[i], "base byte %zu: view 0x%02x vs model 0x%02x",
			 i, s->base[i], s->ref.bytes[i]);
}

static int prod_get(wc_view v, size_t off, unsigned kind, uint64_t *out)
{
	int rc = WC_EINVAL;
	uint8_t u8 = 0xA5;
	uint16_t u16 = 0xA5A5;
	uint32_t u32 = 0xA5A5A5A5u;
	uint64_t u64 = 0xA5A5A5A5A5A5A5A5ull;

	switch (kind) {
	case 0: case 7: rc = wc_view_get_u8(v, off, &u8); *out = u8; break;
	case 1: rc = wc_view_get_be16(v, off, &u16); *out = u16; break;
	case 2: rc = wc_view_get_be32(v, off, &u32); *out = u32; break;
	case 3: rc = wc_view_get_be64(v, off, &u64); *out = u64; break;
	case 4: rc = wc_view_get_le16(v, off, &u16); *out = u16; break;
	case 5: rc = wc_view_get_le32(v, off, &u32); *out = u32; break;
	case 6: rc = wc_view_get_le64(v, off, &u64); *out = u64; break;
	}
	if (rc != WC_OK) {
		/* Outputs are written only on success. */
		WC_CHECK(u8 == 0xA5 && u16 == 0xA5A5 && u32 == 0xA5A5A5A5u &&
				 u64 == 0xA5A5A5A5A5A5A5A5ull,
			 "getter wrote its output on failure (rc %d)", rc);
	}
	return rc;
}

static int prod_set(wc_view v, size_t off, unsigned kind, uint64_t val)
{
	switch (kind) {
	case 0: case 7: return wc_view_set_u8(v, off, (uint8_t)val);
	case 1: return wc_view_set_be16(v, off, (uint16_t)val);
	case 2: return wc_view_set_be32(v, off, (uint32_t)val);
	case 3: return wc_view_set_be64(v, off, val);
	case 4: return wc_view_set_le16(v, off, (uint16_t)val);
	case 5: return wc_view_set_le32(v, off, (uint32_t)val);
	default: return wc_view_set_le64(v, off, val);
	}
}

static void same_rc(int prod, int model, const char *op)
{
	WC_CHECK(prod == model, "%s: view rc %d vs model rc %d", op, prod, model);
}

static void op_copy_in(struct state *s, struct reader *rd, unsigned a)
{
	size_t off = size_arg(rd), len = size_arg(rd);
	size_t have = len < MAXIO ? len : MAXIO;
	/* Exactly `have` bytes, so an implementation that reads more than it
	 * accepted is caught by ASan. */
	uint8_t *in = malloc(have ? have : 1);

	WC_CHECK(in != NULL, "out of memory");
	for (size_t i = 0; i < have; i++)
		in[i] = byte(rd);
	if (len <= MAXIO) {
		same_rc(wc_view_copy_in(s->v[a], off, in, len),
			wc_ref_view_copy_in(&s->ref, s->r[a], off, in, len), "copy_in");
	} else {
		/* More than we hold: both must refuse, since no view is that long. */
		int p = wc_view_copy_in(s->v[a], off, in, len);
		int m = wc_ref_view_copy_in(&s->ref, s->r[a], off, in, len);
		same_rc(p, m, "copy_in(long)");
		WC_CHECK(p != WC_OK, "copy_in of %zu bytes accepted by a %zu-byte view", len,
			 s->v[a].len);
	}
	free(in);
}

static void op_copy_out(struct state *s, size_t off, size_t len, unsigned a)
{
	size_t have = len < MAXIO ? len : MAXIO;
	uint8_t *po = malloc(have ? have : 1), *mo = malloc(have ? have : 1);
	int p, m;

	WC_CHECK(po != NULL && mo != NULL, "out of memory");
	memset(po, 0x5A, have);
	memset(mo, 0x5A, have);
	p = wc_view_copy_out(s->v[a], off, po, len);
	m = wc_ref_view_copy_out(&s->ref, s->r[a], off, mo, len);
	same_rc(p, m, "copy_out");
	if (len > MAXIO)
		WC_CHECK(p != WC_OK, "copy_out of %zu bytes accepted", len);
	for (size_t i = 0; i < have; i++) {
		WC_CHECK(po[i] == mo[i], "copy_out byte %zu: view 0x%02x vs model 0x%02x", i,
			 po[i], mo[i]);
		if (p != WC_OK)
			WC_CHECK(po[i] == 0x5A, "copy_out wrote its output on failure");
	}
	free(po);
	free(mo);
}

static void run_op(struct state *s, struct reader *rd)
{
	unsigned op = byte(rd) % 14;
	uint8_t sl = byte(rd);
	unsigned a = sl & 7, b = (sl >> 3) & 7;
	int p, m;

	switch (op) {
	case 0: { /* sub */
		size_t off = size_arg(rd), len = size_arg(rd);
		wc_view pv = s->v[b];
		wc_ref_view mv = s->r[b];
		p = wc_view_sub(s->v[a], off, len, &pv);
		m = wc_ref_view_sub(s->r[a], off, len, &mv);
		same_rc(p, m, "sub");
		if (p == WC_OK) {
			s->v[b] = pv;
			s->r[b] = mv;
		}
		break;
	}
	case 1: { /* shift */
		size_t n = size_arg(rd);
		wc_view pv = s->v[b];
		wc_ref_view mv = s->r[b];
		p = wc_view_shift(s->v[a], n, &pv);
		m = wc_ref_view_shift(s->r[a], n, &mv);
		same_rc(p, m, "shift");
		if (p == WC_OK) {
			s->v[b] = pv;
			s->r[b] = mv;
		}
		break;
	}
	case 2: { /* split */
		unsigned t = byte(rd) & 7;
		size_t at = size_arg(rd);
		int no_head = (sl >> 6) & 1, no_tail = (sl >> 7) & 1;
		wc_view ph = s->v[b], pt = s->v[t];
		wc_ref_view mh = s->r[b], mt = s->r[t];
		p = wc_view_split(s->v[a], at, no_head ? NULL : &ph, no_tail ? NULL : &pt);
		m = wc_ref_view_split(s->r[a], at, no_head ? NULL : &mh, no_tail ? NULL : &mt);
		same_rc(p, m, "split");
		if (p == WC_OK) {
			/* The tail is stored after the head, so a shared slot holds the tail. */
			if (!no_head) {
				s->v[b] = ph;
				s->r[b] = mh;
			}
			if (!no_tail) {
				s->v[t] = pt;
				s->r[t] = mt;
			}
		}
		break;
	}
	case 3: { /* get */
		size_t off = size_arg(rd);
		uint64_t pv = 0, mv = 0x5A5A5A5A5A5A5A5Aull;
		p = prod_get(s->v[a], off, b, &pv);
		m = wc_ref_view_get(&s->ref, s->r[a], off, kind_width[b], kind_be[b], &mv);
		same_rc(p, m, "get");
		if (p == WC_OK)
			WC_CHECK(pv == mv, "get width %u be %d at %zu: view 0x%llx vs model 0x%llx",
				 kind_width[b], kind_be[b], off, (unsigned long long)pv,
				 (unsigned long long)mv);
		else
			WC_CHECK(mv == 0x5A5A5A5A5A5A5A5Aull, "model getter wrote on failure");
		break;
	}
	case 4: { /* set */
		size_t off = size_arg(rd);
		uint64_t val = 0;
		for (int i = 0; i < 8; i++)
			val = (val << 8) | byte(rd);
		p = prod_set(s->v[a], off, b, val);
		m = wc_ref_view_set(&s->ref, s->r[a], off, kind_width[b], kind_be[b], val);
		same_rc(p, m, "set");
		break;
	}
	case 5: { /* blit */
		size_t soff = size_arg(rd), doff = size_arg(rd), len = size_arg(rd);
		p = wc_view_blit(s->v[a], soff, s->v[b], doff, len);
		m = wc_ref_view_blit(&s->ref, s->r[a], soff, s->r[b], doff, len);
		same_rc(p, m, "blit");
		break;
	}
	case 6: { /* fill */
		size_t off = size_arg(rd), len = size_arg(rd);
		uint8_t val = byte(rd);
		p = wc_view_fill(s->v[a], off, len, val);
		m = wc_ref_view_fill(&s->ref, s->r[a], off, len, val);
		same_rc(p, m, "fill");
		break;
	}
	case 7: /* compare */
		p = wc_view_compare(s->v[a], s->v[b]);
		m = wc_ref_view_compare(&s->ref, s->r[a], s->r[b]);
		WC_CHECK(p == m, "compare: view %d vs model %d", p, m);
		WC_CHECK(p == -wc_view_compare(s->v[b], s->v[a]), "compare is not antisymmetric");
		break;
	case 8: /* equal */
		p = wc_view_equal(s->v[a], s->v[b]);
		m = wc_ref_view_equal(&s->ref, s->r[a], s->r[b]);
		WC_CHECK(p == m, "equal: view %d vs model %d", p, m);
		break;
	case 9: { /* find */
		size_t from = size_arg(rd);
		size_t pat = 0xA5, mat = 0xA5;
		p = wc_view_find(s->v[a], from, s->v[b], &pat);
		m = wc_ref_view_find(&s->ref, s->r[a], from, s->r[b], &mat);
		same_rc(p, m, "find");
		WC_CHECK(pat == mat, "find: view at %zu vs model at %zu", pat, mat);
		break;
	}
	case 10:
		op_copy_in(s, rd, a);
		break;
	case 11: {
		size_t off = size_arg(rd), len = size_arg(rd);
		op_copy_out(s, off, len, a);
		break;
	}
	case 12: /* readonly */
		s->v[b] = wc_view_readonly(s->v[a]);
		s->r[b] = wc_ref_view_readonly(s->r[a]);
		break;
	default: { /* whole */
		int ro = (sl >> 6) & 1;
		s->v[a] = ro ? wc_view_ro(s->base, s->len) : wc_view_rw(s->base, s->len);
		s->r[a] = wc_ref_view_whole(&s->ref, !ro);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader rd = { data, size };
	struct state s;

	s.len = byte(&rd);
	s.base = malloc(s.len);
	WC_CHECK(s.base != NULL || s.len == 0, "out of memory");
	for (size_t i = 0; i < s.len; i++)
		s.base[i] = byte(&rd);
	WC_CHECK(wc_ref_buf_init(&s.ref, s.base, s.len) == WC_OK, "out of memory");
	for (int i = 0; i < NSLOTS; i++) {
		s.v[i] = wc_view_rw(s.base, s.len);
		s.r[i] = wc_ref_view_whole(&s.ref, 1);
	}
	s.v[1] = wc_view_ro(s.base, s.len);
	s.r[1] = wc_ref_view_whole(&s.ref, 0);
	check_all(&s);

	while (more(&rd)) {
		run_op(&s, &rd);
		check_all(&s);
	}

	wc_ref_buf_free(&s.ref);
	free(s.base);
	return 0;
}
