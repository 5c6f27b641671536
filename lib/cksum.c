#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define WC_CKSUM_X86 1
#else
#define WC_CKSUM_X86 0
#endif

#include "wirecheck/cksum.h"

/*
 * Both paths sum the bytes as native-order words into 64-bit accumulators
 * and fold at the end. The ones'-complement sum is byte-order independent
 * (RFC 1071 2(B)): the native-order sum of a little-endian host is the
 * network-order sum byte-swapped. A trailing partial word is zero-padded,
 * which puts an odd last byte in the high half of its network-order word.
 * A sum is 0 only when every byte is 0, exactly like the reference.
 */

/* a + b with the carry out of bit 63 added back in (2^64 == 1 mod 0xFFFF). */
static uint64_t add64c(uint64_t a, uint64_t b)
{
	uint64_t s = a + b;
	return s + (s < a);
}

/* 64-bit ones'-complement sum folded to 16 bits. */
static uint16_t fold64(uint64_t s)
{
	uint32_t hi = (uint32_t)(s >> 32), t = (uint32_t)s + hi;

	t += t < hi; /* 32-bit end-around carry */
	/* csum_fold: the high half of t + rotr(t, 16) is the 16-bit
	 * ones'-complement sum of t's halves, end-around carry included. */
	return (uint16_t)((t + (t << 16 | t >> 16)) >> 16);
}

static uint16_t native_to_net(uint16_t s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return s;
#else
	return (uint16_t)((s << 8) | (s >> 8));
#endif
}

static uint64_t load64(const uint8_t *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

/* The last len < 8 bytes as one zero-padded native-order word. */
static uint64_t tail7(const uint8_t *p, size_t len)
{
	uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* Little-endian: byte k of the zero-padded word is bits 8k..8k+7. */
	size_t k = 0;

	if (len & 4) {
		uint32_t x;
		memcpy(&x, p, 4);
		w = x;
		k = 4;
	}
	if (len & 2) {
		uint16_t x;
		memcpy(&x, p + k, 2);
		w |= (uint64_t)x << (8 * k);
		k += 2;
	}
	if (len & 1)
		w |= (uint64_t)p[k] << (8 * k);
#else
	if (len) {
		uint8_t last[8] = { 0 };
		memcpy(last, p, len);
		w = load64(last);
	}
#endif
	return w;
}

/* Native-order sum of the last len < 32 bytes (len may be 0). */
static uint64_t sum_tail(const uint8_t *p, size_t len)
{
	uint64_t total = 0, w;

	while (len >= 8) {
		w = load64(p);
		total += (w & 0xFFFFFFFFu) + (w >> 32);
		p += 8;
		len -= 8;
	}
	w = tail7(p, len);
	return total + (w & 0xFFFFFFFFu) + (w >> 32);
}

/* Native-order sum, modulo 2^64 - 1, of len bytes, for short buffers,
 * where the set-up and reduction of the wide paths cost more than the
 * adds: 64-bit words into two 128-bit accumulators (one add/adc pair per
 * word, and no vectoriser rewrite), 32 bytes per step, not unrolled
 * further (a 64-byte packet takes two steps and no remainder logic), then
 * 16, 8 and the last < 8 bytes without a loop. The high halves count
 * carries: 2^64 == 1 mod 2^64 - 1. */
static uint64_t sum_small_native(const uint8_t *p, size_t len)
{
#if defined(__SIZEOF_INT128__)
	unsigned __int128 a0 = 0, a1 = 0;

#if defined(__clang__)
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
#endif
	for (; len >= 32; len -= 32, p += 32) {
		a0 += load64(p);
		a1 += load64(p + 8);
		a0 += load64(p + 16);
		a1 += load64(p + 24);
	}
	if (len) {
		if (len & 16) {
			a0 += load64(p);
			a1 += load64(p + 8);
			p += 16;
		}
		if (len & 8) {
			a0 += load64(p);
			p += 8;
		}
		a1 += tail7(p, len & 7);
	}
	a0 += a1;
	return add64c((uint64_t)a0, (uint64_t)(a0 >> 64));
#else
	uint64_t a0 = 0, a1 = 0;

	for (; len >= 16; len -= 16, p += 16) {
		a0 = add64c(a0, load64(p));
		a1 = add64c(a1, load64(p + 8));
	}
	return add64c(add64c(a0, a1), sum_tail(p, len));
#endif
}

/* Below this many bytes wc_cksum_sum takes sum_small_native: the AVX2
 * set-up and horizontal reduction only pay off on longer buffers. */
#define SMALL_MAX 128

/* Each accumulator takes at most 2^33 per step; blocks of 1 GiB (2^25
 * steps) keep every accumulator below 2^58, so no carry is lost. */
#define BLOCK ((size_t)1 << 30)

/* Native-order unfolded sum of len bytes: portable C, scalar on purpose
 * (this is the fallback and the reference point for the vector path). */
static uint64_t sum_scalar_native(const uint8_t *p, size_t len)
{
	uint64_t total = 0;

	while (len >= 32) {
		size_t n = (len < BLOCK ? len : BLOCK) & ~(size_t)31;
		uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;

		len -= n;
#if defined(__clang__)
#pragma clang loop vectorize(disable) interleave(disable)
#endif
		for (; n; n -= 32, p += 32) {
			uint64_t w0 = load64(p), w1 = load64(p + 8);
			uint64_t w2 = load64(p + 16), w3 = load64(p + 24);
			a0 += (w0 & 0xFFFFFFFFu) + (w1 & 0xFFFFFFFFu);
			a1 += (w0 >> 32) + (w1 >> 32);
			a2 += (w2 & 0xFFFFFFFFu) + (w3 & 0xFFFFFFFFu);
			a3 += (w2 >> 32) + (w3 >> 32);
		}
		total = add64c(total, a0 + a1);
		total = add64c(total, a2 + a3);
	}
	return add64c(total, sum_tail(p, len));
}

#if WC_CKSUM_X86
/*
 * AVX2: per 32-byte vector v, s += v and h += v >> 16 in 32-bit lanes
 * (three operations). s is only right modulo 2^32, but h is exact, so the
 * sum of the low 16-bit halves is s - (h << 16), exact as long as it stays
 * below 2^32. CHUNK bounds both: each of the 4 x 8 lane accumulators gets
 * at most CHUNK / 128 + 3 = 8195 words of at most 0xFFFF, so the combined
 * sums stay below 4 * 8195 * 0xFFFF < 2^31. After each chunk, the low and
 * high sums move into 64-bit lanes.
 */
#define CHUNK ((size_t)1 << 20)

__attribute__((target("avx2"))) static uint64_t sum_avx2_native(const uint8_t *p, size_t len)
{
	const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF);
	__m256i wide = _mm256_setzero_si256();
	__m128i x;

	while (len >= 32) {
		size_t n = (len < CHUNK ? len : CHUNK) & ~(size_t)31;
		__m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
		__m256i h0 = s0, h1 = s0, h2 = s0, h3 = s0, t;

		len -= n;
		for (; n >= 128; n -= 128, p += 128) {
			__m256i v0 = _mm256_loadu_si256((const __m256i *)p);
			__m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 32));
			__m256i v2 = _mm256_loadu_si256((const __m256i *)(p + 64));
			__m256i v3 = _mm256_loadu_si256((const __m256i *)(p + 96));
			s0 = _mm256_add_epi32(s0, v0);
			h0 = _mm256_add_epi32(h0, _mm256_srli_epi32(v0, 16));
			s1 = _mm256_add_epi32(s1, v1);
			h1 = _mm256_add_epi32(h1, _mm256_srli_epi32(v1, 16));
			s2 = _mm256_add_epi32(s2, v2);
			h2 = _mm256_add_epi32(h2, _mm256_srli_epi32(v2, 16));
			s3 = _mm256_add_epi32(s3, v3);
			h3 = _mm256_add_epi32(h3, _mm256_srli_epi32(v3, 16));
		}
		for (; n; n -= 32, p += 32) {
			__m256i v0 = _mm256_loadu_si256((const __m256i *)p);
			s0 = _mm256_add_epi32(s0, v0);
			h0 = _mm256_add_epi32(h0, _mm256_srli_epi32(v0, 16));
		}
		s0 = _mm256_add_epi32(_mm256_add_epi32(s0, s1), _mm256_add_epi32(s2, s3));
		h0 = _mm256_add_epi32(_mm256_add_epi32(h0, h1), _mm256_add_epi32(h2, h3));
		/* low halves + high halves, each < 2^31: t < 2^32 per lane. */
		t = _mm256_add_epi32(_mm256_sub_epi32(s0, _mm256_slli_epi32(h0, 16)), h0);
		wide = _mm256_add_epi64(wide, _mm256_and_si256(t, lo32));
		wide = _mm256_add_epi64(wide, _mm256_srli_epi64(t, 32));
	}
	/* Each chunk adds less than 2^33 to a lane, so the lanes and their
	 * sum stay below 2^64 for any buffer shorter than 2^49 bytes. */
	x = _mm_add_epi64(_mm256_castsi256_si128(wide), _mm256_extracti128_si256(wide, 1));
	x = _mm_add_epi64(x, _mm_unpackhi_epi64(x, x));
	return add64c((uint64_t)_mm_cvtsi128_si64(x), sum_tail(p, len));
}

int wc_cksum_have_avx2(void)
{
	return __builtin_cpu_supports("avx2") ? 1 : 0;
}

/* Compile-time answer when the build targets AVX2 (-march=native on an
 * AVX2 machine), else the run-time check. */
#if defined(__AVX2__)
#define HAVE_AVX2() 1
#else
#define HAVE_AVX2() wc_cksum_have_avx2()
#endif
#else
int wc_cksum_have_avx2(void)
{
	return 0;
}
#endif

uint16_t wc_cksum_sum_scalar(const void *p, size_t len)
{
	if (len == 0)
		return 0;
	return native_to_net(fold64(sum_scalar_native(p, len)));
}

uint16_t wc_cksum_sum_avx2(const void *p, size_t len)
{
	if (len == 0)
		return 0;
#if WC_CKSUM_X86
	if (wc_cksum_have_avx2())
		return native_to_net(fold64(sum_avx2_native(p, len)));
#endif
	return native_to_net(fold64(sum_scalar_native(p, len)));
}

uint16_t wc_cksum_sum(const void *p, size_t len)
{
	if (len < SMALL_MAX)
		return len ? native_to_net(fold64(sum_small_native(p, len))) : 0;
#if WC_CKSUM_X86
	if (HAVE_AVX2())
		return native_to_net(fold64(sum_avx2_native(p, len)));
#endif
	return native_to_net(fold64(sum_scalar_native(p, len)));
}

uint16_t wc_cksum(const void *p, size_t len)
{
	return wc_cksum_finish(wc_cksum_sum(p, len));
}

uint16_t wc_cksum_add(uint16_t a, uint16_t b, int odd)
{
	uint32_t s;

	if (odd)
		b = (uint16_t)((b << 8) | (b >> 8));
	s = (uint32_t)a + b;
	s = (s & 0xFFFFu) + (s >> 16);
	return (uint16_t)s;
}

uint16_t wc_cksum_sumv(const wc_view *v, size_t n)
{
	uint16_t total = 0;
	int odd = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i].len == 0)
			continue;
		total = wc_cksum_add(total, wc_cksum_sum(v[i].p, v[i].len), odd);
		odd ^= (int)(v[i].len & 1);
	}
	return total;
}

uint16_t wc_cksum_pseudo4(const uint8_t src[4], const uint8_t dst[4], uint8_t proto, uint16_t len)
{
	uint32_t s = 0;

	s += wc_load_be16(src) + wc_load_be16(src + 2);
	s += wc_load_be16(dst) + wc_load_be16(dst + 2);
	s += proto;
	s += len;
	return fold64(s);
}

uint16_t wc_cksum_pseudo6(const uint8_t src[16], const uint8_t dst[16], uint8_t next_header, uint32_t len)
{
	uint64_t s = 0;

	for (int i = 0; i < 16; i += 4)
		s += (uint64_t)wc_load_be32(src + i) + wc_load_be32(dst + i);
	s += len;
	s += next_header;
	return fold64(s);
}

uint16_t wc_cksum_update16(uint16_t hc, uint16_t old_w, uint16_t new_w)
{
	/* RFC 1624 eqn. 3 with end-around carries: ~HC + ~m + m'. */
	uint32_t s = (uint32_t)(uint16_t)~hc + (uint16_t)~old_w + new_w;
	return wc_cksum_finish(fold64(s));
}

uint16_t wc_cksum_update32(uint16_t hc, uint32_t old_w, uint32_t new_w)
{
	uint32_t s = (uint16_t)~hc;

	s += (uint16_t)~(old_w >> 16);
	s += (uint16_t)~old_w;
	s += new_w >> 16;
	s += new_w & 0xFFFFu;
	return wc_cksum_finish(fold64(s));
}
