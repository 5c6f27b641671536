/*
 * Fuzz target `lwip_pbuf`: lwIP 2.1.3's packet buffers (pbuf chains,
 * Debian's build: instrumented or as shipped) judged against a flat-array
 * model (include/wirecheck/view_ref.h, wc_flat_*).
 *
 * Input format: a sequence of operations, 8 bytes each (a short tail is
 * ignored; at most 96 operations): op a b c d e f g. Chains live in 4
 * slots; s(x) = x % 4 names a slot, w(x, y) = x << 8 | y.
 *   0 alloc        slot s(a) (must be empty), layer b % 5 (TRANSPORT, IP,
 *                  LINK, RAW_TX, RAW), type c % 4 (RAM, POOL, ROM, REF),
 *                  length w(d, e) % 2049, fill seed f; ROM/REF borrow bytes
 *                  of the arena at w(g, f) % 4096 (length clipped to fit)
 *   1 free         s(a)
 *   2 ref          s(b) := s(a) (pbuf_ref; b must be empty)
 *   3 cat          s(a) += s(b)  (pbuf_cat; b's reference moves into a)
 *   4 chain        pbuf_chain(s(a), s(b)) then pbuf_free(s(b)) (must be 0)
 *   5 header       s(a), mode b % 7 (add, remove, force +, force -,
 *                  pbuf_header +, pbuf_header -, add_force), n = c
 *   6 take         s(a), length w(b, c) % (tot_len + 2), seed d
 *   7 take_at      s(a), offset w(b, c) % (tot_len + 2), length d, seed e
 *   8 copy_partial s(a), offset w(b, c) % (tot_len + 2), length w(d, e)
 *   9 get/put      s(a), offset w(b, c) % (tot_len + 2): get_at,
 *                  try_get_at, then put_at(d) when e is odd
 *  10 memcmp       s(a), offset w(b, c) % (tot_len + 2), n = d, flip byte
 *                  e (compares against the chain's own bytes, byte e % n
 *                  changed when e is odd)
 *  11 memfind      s(a), start w(b, c) % (tot_len + 2), needle = the
 *                  chain's bytes at d % (tot_len + 1), length e % 16, or
 *                  pattern bytes when f is odd
 *  12 strstr       s(a), substring = chain bytes at w(b, c), up to d % 16
 *                  bytes, cut at the first NUL
 *  13 skip         s(a), offset w(b, c) % (tot_len + 2)
 *  14 coalesce     s(a), layer b % 5
 *  15 clone        s(b) := clone of s(a), layer c % 5, type RAM or POOL (d)
 *  16 realloc      s(a), new length w(b, c) % (tot_len + 16)
 *  17 contiguous   s(a), offset w(b, c) % (tot_len + 2), length d, buffer
 *                  size e
 *  18 free_header  s(a), size w(b, c) % (tot_len + 2)
 *  19 copy         pbuf_copy_partial_pbuf(s(b), s(a), length w(c, d),
 *                  offset w(e, f)), or pbuf_copy(s(b), s(a)) when g is odd
 *  20 dechain      s(a)
 * Operations whose preconditions lwIP documents as the caller's duty are
 * skipped, never run: writing into PBUF_ROM memory, cat/chain of a tail
 * another slot still holds, chains beyond 16 KiB, forced headers that would
 * leave the arena, copies between chains that share memory.
 *
 * The model: every pbuf lwIP hands out is mirrored by a model node (type,
 * its own copy of the bytes or an offset into a copy of the arena,
 * payload offset, length, reference count, next). Bytes and lengths are
 * predicted from the flat arrays; the segment lengths of a PBUF_POOL chain
 * (the API leaves them to PBUF_POOL_BUFSIZE) are the one thing taken from
 * lwIP, and checked to add up.
 *
 * Properties: no sanitizer report and no lwIP assertion; after every
 * operation, every return value equals the model's, and every live chain
 * has the model's nodes (same pbufs, lengths, tot_len at every node,
 * reference counts, types, pbuf_clen), headroom and bytes; every PBUF_POOL
 * pbuf's payload lies inside its memp element; REF/ROM payloads point into
 * the arena at the model's offset; at the end, freeing every slot frees
 * every pbuf (lwIP's heap back to where it started).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/memp.h"
#include "lwip/pbuf.h"
#include "lwip/priv/memp_priv.h"

#include "wirecheck/check.h"
#include "wirecheck/view_ref.h"

#include "../differential/stacks/lwip.h"

#define NSLOT 4
#define MAXOPS 96
#define NNODE 256
#define ARENA 4096
#define MAXCHAIN 16384
#define STRUCT_SZ LWIP_MEM_ALIGN_SIZE(sizeof(struct pbuf))

enum { T_RAM, T_POOL, T_ROM, T_REF };

struct mnode {
	int used, type;
	uint8_t *store;  /* RAM/POOL: headroom + payload (malloc); REF/ROM: NULL */
	uint8_t *known;  /* RAM/POOL: 1 where the model knows the byte */
	size_t cap, off; /* RAM/POOL: payload offset in store; REF/ROM: in arena */
	size_t len;
	int ref;
	struct mnode *next;
	struct pbuf *p; /* the lwIP pbuf it mirrors */
};

static struct mnode nodes[NNODE];
static struct mnode *slot[NSLOT];
static struct pbuf *lw[NSLOT];
static uint8_t arena[ARENA], marena[ARENA];
static uint8_t flat[2 * MAXCHAIN], got[2 * MAXCHAIN], pat[2 * MAXCHAIN];

static const pbuf_layer layers[5] = {PBUF_TRANSPORT, PBUF_IP, PBUF_LINK, PBUF_RAW_TX, PBUF_RAW};
static const pbuf_type types[4] = {PBUF_RAM, PBUF_POOL, PBUF_ROM, PBUF_REF};

static void pattern(uint8_t seed, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pat[i] = (uint8_t)(seed * 131u + i * 29u + (i >> 8));
}

/* The model's bookkeeping and the byte-by-byte comparison loops say
 * nothing the fuzzer should steer by: no SanitizerCoverage there (lwIP and
 * the operations below keep it). noinline too: coverage is decided per
 * function after inlining, so a helper inlined into an instrumented caller
 * would be counted there after all. */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#pragma clang attribute push(__attribute__((noinline)), apply_to = function)
#endif

static struct mnode *node_new(int type, size_t headroom, size_t len, struct pbuf *p)
{
	for (int i = 0; i < NNODE; i++) {
		struct mnode *m = &nodes[i];
		if (m->used)
			continue;
		memset(m, 0, sizeof *m);
		m->used = 1;
		m->type = type;
		m->len = len;
		m->ref = 1;
		m->p = p;
		m->off = headroom;
		if (type == T_RAM || type == T_POOL) {
			m->cap = headroom + len;
			m->store = malloc(m->cap ? m->cap : 1);
			m->known = calloc(m->cap ? m->cap : 1, 1);
			WC_CHECK(m->store && m->known, "harness: out of memory");
		}
		return m;
	}
	WC_CHECK(0, "harness: model node table full");
	return NULL;
}

static void node_free(struct mnode *m)
{
	free(m->store);
	free(m->known);
	m->used = 0;
}

static size_t m_tot(const struct mnode *m)
{
	size_t t = 0;
	for (; m; m = m->next)
		t += m->len;
	return t;
}

static int m_has(const struct mnode *m, int type)
{
	for (; m; m = m->next)
		if (m->type == type)
			return 1;
	return 0;
}

static struct mnode *m_last(struct mnode *m)
{
	while (m->next)
		m = m->next;
	return m;
}

/* Byte i of a node's payload in the model: 0..255, or -1 when unknown. */
static int m_byte(const struct mnode *m, size_t i)
{
	if (m->type == T_ROM || m->type == T_REF)
		return marena[m->off + i];
	return m->known[m->off + i] ? m->store[m->off + i] : -1;
}

static void m_set(struct mnode *m, size_t i, uint8_t v)
{
	if (m->type == T_ROM || m->type == T_REF) {
		marena[m->off + i] = v;
		return;
	}
	m->store[m->off + i] = v;
	m->known[m->off + i] = 1;
}

/* The chain's bytes as the model sees them (unknown bytes as 0); returns
 * tot_len. */
static size_t m_flat(const struct mnode *m, uint8_t *out)
{
	size_t k = 0;
	for (; m; m = m->next)
		for (size_t i = 0; i < m->len; i++) {
			int b = m_byte(m, i);
			out[k++] = (uint8_t)(b < 0 ? 0 : b);
		}
	return k;
}

static int m_known(const struct mnode *m, size_t off, size_t n)
{
	for (; m && n; m = m->next) {
		for (size_t i = 0; i < m->len && n; i++) {
			if (off) {
				off--;
				continue;
			}
			if (m_byte(m, i) < 0)
				return 0;
			n--;
		}
	}
	return 1;
}

/* Write src[0..n) at flat offset off, node by node in chain order (as lwIP
 * copies), so aliased arena bytes end up as lwIP leaves them. */
static void m_write(struct mnode *m, size_t off, const uint8_t *src, size_t n)
{
	size_t k = 0;
	for (; m && k < n; m = m->next) {
		for (size_t i = 0; i < m->len && k < n; i++) {
			if (off) {
				off--;
				continue;
			}
			m_set(m, i, src[k++]);
		}
	}
}

/* pbuf_free in the model: the number of nodes freed. */
static int m_free(struct mnode *m)
{
	int n = 0;
	while (m) {
		if (--m->ref > 0)
			break;
		struct mnode *next = m->next;
		node_free(m);
		n++;
		m = next;
	}
	return n;
}

static int held_elsewhere(const struct mnode *m, int s)
{
	for (int i = 0; i < NSLOT; i++)
		if (i != s && slot[i] == m)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The comparison of lwIP with the model.                             */

static void check_pool_node(const struct pbuf *q)
{
	size_t elem = LWIP_MEM_ALIGN_SIZE(memp_pools[MEMP_PBUF_POOL]->size);
	size_t end = (size_t)((const uint8_t *)q->payload - (const uint8_t *)q) + q->len;
	WC_CHECK(end <= elem,
		 "PBUF_POOL pbuf %p: payload ends %zu bytes into a %zu-byte MEMP_PBUF_POOL element (len %u)",
		 (const void *)q, end, elem, q->len);
}

static void check_chain(int s)
{
	const struct mnode *m = slot[s];
	const struct pbuf *q = lw[s];
	size_t tot = m_tot(m);
	u16_t clen = 0;
	for (; m; m = m->next, q = q->next) {
		WC_CHECK(q != NULL, "slot %d: lwIP chain ends before the model's", s);
		WC_CHECK(q == m->p, "slot %d: lwIP chain holds pbuf %p where the model has %p", s,
			 (const void *)q, (const void *)m->p);
		WC_CHECK(q->len == m->len, "slot %d: pbuf len %u, model %zu", s, q->len, m->len);
		WC_CHECK(q->tot_len == tot, "slot %d: pbuf tot_len %u, model %zu", s, q->tot_len, tot);
		WC_CHECK(q->ref == m->ref, "slot %d: pbuf ref %u, model %d", s, q->ref, m->ref);
		WC_CHECK(q->type_internal == (u8_t)types[m->type], "slot %d: pbuf type 0x%x, model 0x%x", s,
			 q->type_internal, (unsigned)(u8_t)types[m->type]);
		const uint8_t *pl = q->payload;
		if (m->type == T_ROM || m->type == T_REF) {
			WC_CHECK(pl == arena + m->off, "slot %d: REF/ROM payload at arena%+td, model %zu", s,
				 pl - arena, m->off);
		} else {
			WC_CHECK(pl == (const uint8_t *)q + STRUCT_SZ + m->off,
				 "slot %d: headroom %td, model %zu", s, pl - ((const uint8_t *)q + STRUCT_SZ), m->off);
			if (m->type == T_POOL)
				check_pool_node(q);
		}
		for (size_t i = 0; i < m->len; i++) {
			int b = m_byte(m, i);
			WC_CHECK(b < 0 || pl[i] == b, "slot %d: byte %zu of a pbuf is 0x%02x, model 0x%02x", s, i,
				 pl[i], b);
		}
		tot -= m->len;
		clen++;
	}
	WC_CHECK(q == NULL, "slot %d: lwIP chain is longer than the model's", s);
	if (lw[s])
		WC_CHECK(pbuf_clen(lw[s]) == clen, "slot %d: pbuf_clen %u, model %u", s, pbuf_clen(lw[s]), clen);
}

static void check_all(void)
{
	for (int s = 0; s < NSLOT; s++) {
		WC_CHECK((slot[s] == NULL) == (lw[s] == NULL), "harness: slot %d out of step", s);
		if (slot[s])
			check_chain(s);
	}
	WC_CHECK(memcmp(arena, marena, ARENA) == 0, "arena bytes differ from the model's");
}

#if defined(__clang__)
#pragma clang attribute pop
#pragma clang attribute pop
#endif

/* ------------------------------------------------------------------ */
/* Operations.                                                        */

/* Mirror a chain lwIP just allocated (type RAM or POOL, first headroom h). */
static struct mnode *mirror_alloc(struct pbuf *p, int type, size_t h, size_t len)
{
	struct mnode *head = NULL, **tail = &head;
	size_t sum = 0;
	for (struct pbuf *q = p; q; q = q->next) {
		WC_CHECK(type == T_POOL || q == p, "PBUF_RAM allocation of %zu bytes is a chain", len);
		if (type == T_POOL)
			check_pool_node(q);
		*tail = node_new(type, q == p ? h : 0, q->len, q);
		tail = &(*tail)->next;
		sum += q->len;
	}
	WC_CHECK(sum == len, "allocation of %zu bytes: the pbufs hold %zu", len, sum);
	return head;
}

static void op_alloc(const uint8_t *o)
{
	int s = o[1] % NSLOT;
	if (slot[s])
		return;
	pbuf_layer layer = layers[o[2] % 5];
	int type = o[3] % 4;
	size_t len = (size_t)(o[4] << 8 | o[5]) % 2049;
	size_t aoff = (size_t)(o[7] << 8 | o[6]) % ARENA;
	if ((type == T_ROM || type == T_REF) && aoff + len > ARENA)
		len = ARENA - aoff;
	struct pbuf *p = pbuf_alloc(layer, (u16_t)len, types[type]);
	WC_CHECK(p != NULL, "pbuf_alloc(%d, %zu, %d) failed", (int)layer, len, type);
	if (type == T_ROM || type == T_REF) {
		WC_CHECK(p->next == NULL && p->len == len && p->tot_len == len && p->payload == NULL,
			 "pbuf_alloc(ROM/REF, %zu): len %u tot_len %u", len, p->len, p->tot_len);
		p->payload = arena + aoff;
		struct mnode *m = node_new(type, 0, len, p);
		m->off = aoff;
		slot[s] = m;
		lw[s] = p;
		return;
	}
	slot[s] = mirror_alloc(p, type, LWIP_MEM_ALIGN_SIZE((size_t)layer), len);
	lw[s] = p;
	check_chain(s);
	pattern(o[6], len);
	err_t e = pbuf_take(p, pat, (u16_t)len);
	WC_CHECK(e == ERR_OK, "pbuf_take of %zu bytes into a fresh %zu-byte chain: %d", len, len, (int)e);
	m_write(slot[s], 0, pat, len);
}

static void op_free(int s)
{
	if (!slot[s])
		return;
	int want = m_free(slot[s]);
	u8_t n = pbuf_free(lw[s]);
	slot[s] = NULL;
	lw[s] = NULL;
	WC_CHECK(n == want, "pbuf_free returned %u, model frees %d pbufs", n, want);
}

static void op_ref(int a, int b)
{
	if (!slot[a] || slot[b])
		return;
	pbuf_ref(lw[a]);
	slot[a]->ref++;
	slot[b] = slot[a];
	lw[b] = lw[a];
}

static int joinable(int a, int b)
{
	return slot[a] && slot[b] && slot[a] != slot[b] && slot[b]->ref == 1 &&
	       !held_elsewhere(slot[b], b) && m_tot(slot[a]) + m_tot(slot[b]) <= MAXCHAIN;
}

static void op_cat(int a, int b, int chain)
{
	if (!joinable(a, b))
		return;
	if (chain) {
		pbuf_chain(lw[a], lw[b]);
		u8_t n = pbuf_free(lw[b]);
		WC_CHECK(n == 0, "pbuf_free of a tail pbuf_chain referenced freed %u pbufs", n);
	} else {
		pbuf_cat(lw[a], lw[b]);
	}
	m_last(slot[a])->next = slot[b];
	slot[b] = NULL;
	lw[b] = NULL;
}

static void op_header(int s, unsigned mode, unsigned n)
{
	struct mnode *m = slot[s];
	if (!m)
		return;
	int pm = m->type == T_RAM || m->type == T_POOL;
	int add = mode == 0 || mode == 2 || mode == 4 || mode == 6;
	int force = mode == 2 || mode == 6;
	int want;
	if (add) {
		if (!pm && force && n > m->off)
			return; /* would leave the arena: the caller's duty */
		want = n == 0 ? 0 : pm ? (n <= m->off ? 0 : 1) : (force ? 0 : 1);
	} else {
		want = n <= m->len ? 0 : 1;
	}
	u8_t r;
	switch (mode) {
	case 0: r = pbuf_add_header(lw[s], n); break;
	case 1: r = pbuf_remove_header(lw[s], n); break;
	case 2: r = pbuf_header_force(lw[s], (s16_t)n); break;
	case 3: r = pbuf_header_force(lw[s], (s16_t)-(int)n); break;
	case 4: r = pbuf_header(lw[s], (s16_t)n); break;
	case 5: r = pbuf_header(lw[s], (s16_t)-(int)n); break;
	default: r = pbuf_add_header_force(lw[s], n); break;
	}
	WC_CHECK(r == want, "header mode %u n %u on %s pbuf (len %zu, headroom %zu): returned %u, model %d", mode,
		 n, pm ? "RAM/POOL" : "REF/ROM", m->len, m->off, r, want);
	if (r == 0 && n) {
		if (add) {
			m->off -= n;
			m->len += n;
		} else {
			m->off += n;
			m->len -= n;
		}
	}
}

static void op_take(int s, size_t len, uint8_t seed, int at, size_t off)
{
	struct mnode *m = slot[s];
	if (!m || m_has(m, T_ROM))
		return;
	size_t tot = m_tot(m);
	pattern(seed, len);
	err_t e, want;
	if (at) {
		want = off < tot && len <= tot - off ? ERR_OK : ERR_MEM;
		e = pbuf_take_at(lw[s], pat, (u16_t)len, (u16_t)off);
	} else {
		want = len <= tot ? ERR_OK : ERR_MEM;
		e = pbuf_take(lw[s], pat, (u16_t)len);
	}
	WC_CHECK(e == want, "pbuf_take%s(len %zu, offset %zu) on %zu bytes: %d, model %d", at ? "_at" : "", len,
		 off, tot, (int)e, (int)want);
	if (e == ERR_OK)
		m_write(m, at ? off : 0, pat, len);
}

static void op_copy_partial(int s, size_t off, size_t len)
{
	if (!slot[s])
		return;
	size_t tot = m_flat(slot[s], flat);
	size_t want = wc_flat_copy_partial(flat, tot, off, pat, len);
	u16_t n = pbuf_copy_partial(lw[s], got, (u16_t)len, (u16_t)off);
	WC_CHECK(n == want, "pbuf_copy_partial(len %zu, offset %zu) of %zu bytes: %u, model %zu", len, off, tot,
		 n, want);
	WC_CHECK(!m_known(slot[s], off, n) || memcmp(got, pat, n) == 0,
		 "pbuf_copy_partial(len %zu, offset %zu): bytes differ from the model's", len, off);
}

static void op_getput(int s, size_t off, uint8_t v, int put)
{
	if (!slot[s])
		return;
	size_t tot = m_flat(slot[s], flat);
	int b = wc_flat_get(flat, tot, off);
	int known = b < 0 || m_known(slot[s], off, 1);
	u8_t g = pbuf_get_at(lw[s], (u16_t)off);
	int t = pbuf_try_get_at(lw[s], (u16_t)off);
	if (known) {
		WC_CHECK(g == (b < 0 ? 0 : b), "pbuf_get_at(%zu) of %zu bytes: 0x%02x, model %d", off, tot, g, b);
		WC_CHECK(t == (b < 0 ? -1 : b), "pbuf_try_get_at(%zu) of %zu bytes: %d, model %d", off, tot, t, b);
	} else {
		WC_CHECK(t >= 0 && g == t, "pbuf_get_at(%zu) 0x%02x and pbuf_try_get_at %d disagree", off, g, t);
	}
	if (put && !m_has(slot[s], T_ROM)) {
		pbuf_put_at(lw[s], (u16_t)off, v);
		if (off < tot)
			m_write(slot[s], off, &v, 1);
	}
}

static void op_memcmp(int s, size_t off, size_t n, uint8_t e)
{
	if (!slot[s])
		return;
	size_t tot = m_flat(slot[s], flat);
	if (!m_known(slot[s], 0, tot))
		return;
	uint8_t s2[256];
	for (size_t i = 0; i < n; i++)
		s2[i] = off + i < tot ? flat[off + i] : (uint8_t)i;
	if ((e & 1) && n)
		s2[(e >> 1) % n] ^= 0x5a;
	u16_t want;
	if (!wc_flat_range_ok(tot, off, n)) {
		want = 0xffff;
	} else {
		size_t i = wc_flat_mismatch(flat, off, s2, n);
		want = (u16_t)(i == n ? 0 : i + 1);
	}
	u16_t r = pbuf_memcmp(lw[s], (u16_t)off, s2, (u16_t)n);
	WC_CHECK(r == want, "pbuf_memcmp(offset %zu, n %zu) of %zu bytes: %u, model %u", off, n, tot, r, want);
}

static u16_t model_find(const uint8_t *a, size_t tot, size_t from, const uint8_t *needle, size_t nlen)
{
	size_t at;
	if (tot < nlen + from)
		return 0xFFFF;
	return wc_flat_find(a, tot, from, needle, nlen, &at) == WC_OK ? (u16_t)at : 0xFFFF;
}

static void op_memfind(int s, size_t from, size_t noff, size_t nlen, int use_pat)
{
	if (!slot[s])
		return;
	size_t tot = m_flat(slot[s], flat);
	if (!m_known(slot[s], 0, tot))
		return;
	uint8_t needle[16];
	for (size_t i = 0; i < nlen; i++)
		needle[i] = use_pat || noff + i >= tot ? (uint8_t)(0x41 + i) : flat[noff + i];
	u16_t want = model_find(flat, tot, from, needle, nlen);
	u16_t r = pbuf_memfind(lw[s], needle, (u16_t)nlen, (u16_t)from);
	WC_CHECK(r == want, "pbuf_memfind(len %zu, from %zu) in %zu bytes: %u, model %u", nlen, from, tot, r,
		 want);
}

static void op_strstr(int s, size_t off, size_t n)
{
	if (!slot[s])
		return;
	size_t tot = m_flat(slot[s], flat);
	if (!m_known(slot[s], 0, tot))
		return;
	char sub[17];
	size_t k = 0;
	while (k < n && off + k < tot && flat[off + k])
		k++;
	if (k)
		memcpy(sub, flat + off, k);
	sub[k] = 0;
	u16_t want = k == 0 || tot == 0xFFFF ? 0xFFFF : model_find(flat, tot, 0, (const uint8_t *)sub, k);
	u16_t r = pbuf_strstr(lw[s], sub);
	WC_CHECK(r == want, "pbuf_strstr(\"%s\") in %zu bytes: %u, model %u", sub, tot, r, want);
}

static void op_skip(int s, size_t off)
{
	if (!slot[s])
		return;
	const struct mnode *m = slot[s];
	size_t left = off;
	while (m && m->len <= left) {
		left -= m->len;
		m = m->next;
	}
	u16_t out = 0xbeef;
	struct pbuf *q = pbuf_skip(lw[s], (u16_t)off, &out);
	WC_CHECK(q == (m ? m->p : NULL), "pbuf_skip(%zu): pbuf %p, model %p", off, (void *)q,
		 (void *)(m ? m->p : NULL));
	if (m)
		WC_CHECK(out == left, "pbuf_skip(%zu): offset %u, model %zu", off, out, left);
}

/* Mirror a single RAM pbuf (or POOL chain) lwIP made holding flat[0..tot). */
static struct mnode *mirror_copy(struct pbuf *p, int type, pbuf_layer layer, size_t tot)
{
	struct mnode *m = mirror_alloc(p, type, LWIP_MEM_ALIGN_SIZE((size_t)layer), tot);
	m_write(m, 0, flat, tot);
	return m;
}

static void op_coalesce(int s, pbuf_layer layer)
{
	if (!slot[s])
		return;
	size_t tot = m_flat(slot[s], flat);
	int single = slot[s]->next == NULL;
	if (!single && !m_known(slot[s], 0, tot))
		return;
	struct pbuf *old = lw[s];
	struct pbuf *p = pbuf_coalesce(old, layer);
	if (single) {
		WC_CHECK(p == old, "pbuf_coalesce of a single pbuf returned another pbuf");
		return;
	}
	WC_CHECK(p != old && p != NULL, "pbuf_coalesce of a %zu-byte chain did not coalesce", tot);
	m_free(slot[s]);
	slot[s] = mirror_copy(p, T_RAM, layer, tot);
	lw[s] = p;
}

static void op_clone(int a, int b, pbuf_layer layer, int pool)
{
	if (!slot[a] || slot[b])
		return;
	size_t tot = m_flat(slot[a], flat);
	if (!m_known(slot[a], 0, tot))
		return;
	struct pbuf *p = pbuf_clone(layer, pool ? PBUF_POOL : PBUF_RAM, lw[a]);
	WC_CHECK(p != NULL, "pbuf_clone of %zu bytes failed", tot);
	slot[b] = mirror_copy(p, pool ? T_POOL : T_RAM, layer, tot);
	lw[b] = p;
}

static void op_realloc(int s, size_t nl)
{
	struct mnode *m = slot[s];
	if (!m)
		return;
	size_t tot = m_tot(m);
	pbuf_realloc(lw[s], (u16_t)nl);
	if (nl >= tot)
		return;
	size_t rem = nl;
	while (rem > m->len) {
		rem -= m->len;
		m = m->next;
	}
	m->len = rem;
	if (m->next)
		m_free(m->next);
	m->next = NULL;
}

static void op_contiguous(int s, size_t off, size_t len, size_t bufsize)
{
	if (!slot[s])
		return;
	size_t tot = m_flat(slot[s], flat);
	uint8_t buf[256];
	int ok = bufsize >= len && wc_flat_range_ok(tot, off, len) && off < tot;
	const uint8_t *r = pbuf_get_contiguous(lw[s], buf, bufsize, (u16_t)len, (u16_t)off);
	WC_CHECK((r != NULL) == ok, "pbuf_get_contiguous(len %zu, offset %zu, bufsize %zu) of %zu bytes: %s, model %s",
		 len, off, bufsize, tot, r ? "data" : "NULL", ok ? "data" : "NULL");
	if (r && m_known(slot[s], off, len))
		WC_CHECK(memcmp(r, flat + off, len) == 0, "pbuf_get_contiguous(len %zu, offset %zu): bytes differ",
			 len, off);
}

static void op_free_header(int s, size_t size)
{
	struct mnode *m = slot[s];
	if (!m || m->ref != 1 || held_elsewhere(m, s))
		return;
	size_t left = size;
	while (left && m) {
		if (left >= m->len) {
			struct mnode *next = m->next;
			left -= m->len;
			m->next = NULL;
			m_free(m);
			m = next;
		} else {
			m->off += left;
			m->len -= left;
			left = 0;
		}
	}
	struct pbuf *p = pbuf_free_header(lw[s], (u16_t)size);
	WC_CHECK(p == (m ? m->p : NULL), "pbuf_free_header(%zu): pbuf %p, model %p", size, (void *)p,
		 (void *)(m ? m->p : NULL));
	slot[s] = m;
	lw[s] = p;
}

static int shares_memory(const struct mnode *a, const struct mnode *b)
{
	for (const struct mnode *x = a; x; x = x->next)
		for (const struct mnode *y = b; y; y = y->next)
			if (x == y || ((x->type == T_REF || x->type == T_ROM) && (y->type == T_REF || y->type == T_ROM)))
				return 1;
	return 0;
}

static void op_copy(int from, int to, size_t len, size_t off, int whole)
{
	if (!slot[from] || !slot[to] || shares_memory(slot[from], slot[to]) || m_has(slot[to], T_ROM))
		return;
	size_t ftot = m_flat(slot[from], flat), ttot = m_tot(slot[to]);
	if (!m_known(slot[from], 0, ftot))
		return;
	if (whole) {
		len = ftot;
		off = 0;
	}
	err_t want = len <= ftot && off + len <= ttot ? ERR_OK : ERR_ARG;
	err_t e = whole ? pbuf_copy(lw[to], lw[from]) : pbuf_copy_partial_pbuf(lw[to], lw[from], (u16_t)len, (u16_t)off);
	WC_CHECK(e == want, "pbuf_copy%s(len %zu, offset %zu) from %zu into %zu bytes: %d, model %d",
		 whole ? "" : "_partial_pbuf", len, off, ftot, ttot, (int)e, (int)want);
	if (e == ERR_OK)
		m_write(slot[to], off, flat, len);
}

static void op_dechain(int s)
{
	struct mnode *m = slot[s];
	if (!m)
		return;
	struct mnode *rest = m->next;
	int gone = rest ? m_free(rest) : 0;
	m->next = NULL;
	struct pbuf *r = pbuf_dechain(lw[s]);
	WC_CHECK(rest == NULL ? r == NULL : (gone > 0 ? r == NULL : r == rest->p),
		 "pbuf_dechain: returned %p (model frees %d pbufs of the tail)", (void *)r, gone);
}

static void run(const uint8_t *o)
{
	int a = o[1] % NSLOT, b = o[2] % NSLOT;
	size_t w = (size_t)(o[2] << 8 | o[3]);
	size_t tot = slot[a] ? m_tot(slot[a]) : 0;
	switch (o[0] % 21) {
	case 0: op_alloc(o); break;
	case 1: op_free(a); break;
	case 2: op_ref(a, b); break;
	case 3: op_cat(a, b, 0); break;
	case 4: op_cat(a, b, 1); break;
	case 5: op_header(a, o[2] % 7, o[3]); break;
	case 6: op_take(a, w % (tot + 2), o[4], 0, 0); break;
	case 7: op_take(a, o[4], o[5], 1, w % (tot + 2)); break;
	case 8: op_copy_partial(a, w % (tot + 2), (size_t)(o[4] << 8 | o[5])); break;
	case 9: op_getput(a, w % (tot + 2), o[4], o[5] & 1); break;
	case 10: op_memcmp(a, w % (tot + 2), o[4], o[5]); break;
	case 11: op_memfind(a, w % (tot + 2), o[4] % (tot + 1), o[5] % 16, o[6] & 1); break;
	case 12: op_strstr(a, w, o[4] % 16); break;
	case 13: op_skip(a, w % (tot + 2)); break;
	case 14: op_coalesce(a, layers[o[2] % 5]); break;
	case 15: op_clone(a, b, layers[o[3] % 5], o[4] & 1); break;
	case 16: op_realloc(a, w % (tot + 16)); break;
	case 17: op_contiguous(a, w % (tot + 2), o[4], o[5]); break;
	case 18: op_free_header(a, w % (tot + 2)); break;
	case 19: op_copy(a, b, (size_t)(o[3] << 8 | o[4]), (size_t)(o[5] << 8 | o[6]), o[7] & 1); break;
	default: op_dechain(a); break;
	}
	check_all();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wc_lwip_stats before, after;
	wc_lwip_get_stats(NULL, &before);
	for (size_t i = 0; i < ARENA; i++)
		arena[i] = marena[i] = (uint8_t)(i * 7u + (i >> 8));
	for (size_t n = 0; n < MAXOPS && (n + 1) * 8 <= size; n++)
		run(data + n * 8);
	for (int s = 0; s < NSLOT; s++)
		op_free(s);
	for (int i = 0; i < NNODE; i++)
		WC_CHECK(!nodes[i].used, "model node %d still in use after every slot was freed", i);
	wc_lwip_get_stats(NULL, &after);
	WC_CHECK(after.heap_objects == before.heap_objects && after.pbuf_pool == before.pbuf_pool,
		 "lwIP holds %ld heap objects (%ld pbufs) after every chain was freed, %ld (%ld) before",
		 after.heap_objects, after.pbuf_pool, before.heap_objects, before.pbuf_pool);
	return 0;
}
