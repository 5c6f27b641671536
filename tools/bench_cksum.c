/*
 * bench_cksum: throughput of the Internet checksum at 64 B, 1500 B, 64 KiB
 * and 256 MiB. For each size, in the same run and over the same buffer:
 *   ref      the literal RFC 1071 reference (models/cksum_ref.c)
 *   fast     wc_cksum_sum, dispatched at run time (AVX2 when available)
 *   scalar   wc_cksum_sum_scalar, the portable 64-bit path
 *   memread  a plain read loop (64-bit adds over every byte, result used),
 *            the memory-bandwidth baseline
 * Each figure is the best of ROUNDS runs of at least MIN_SECONDS each, the
 * four functions taking turns so that a noisy neighbour (this often runs in
 * a VM) affects them alike. The stated
 * targets are printed beside the figures; nothing here asserts.
 *
 * usage: bench_cksum            (no arguments)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wirecheck/cksum.h"
#include "wirecheck/cksum_ref.h"

#define MIN_SECONDS 0.25
#define ROUNDS 2

typedef uint64_t (*bench_fn)(const uint8_t *p, size_t len);

static volatile uint64_t sink;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t run_ref(const uint8_t *p, size_t len) { return wc_cksum_ref_sum(p, len); }
static uint64_t run_fast(const uint8_t *p, size_t len) { return wc_cksum_sum(p, len); }
static uint64_t run_scalar(const uint8_t *p, size_t len) { return wc_cksum_sum_scalar(p, len); }

/* Reads every byte: 64-bit loads added up (one accumulator, which the
 * compiler vectorises and unrolls best); the result is used by the caller. */
__attribute__((noinline)) static uint64_t run_memread(const uint8_t *p, size_t len)
{
	uint64_t s = 0;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		s += w;
	}
	for (; i < len; i++)
		s += p[i];
	return s;
}

/* GB/s (1e9 bytes per second) of fn over buf, repeated for MIN_SECONDS. */
static double measure(bench_fn fn, const uint8_t *buf, size_t len)
{
	size_t batch = len >= (1u << 20) ? 1 : (1u << 20) / len;
	uint64_t acc = fn(buf, len); /* warm-up */
	double t0, t;
	size_t calls = 0;

	t0 = now();
	do {
		for (size_t i = 0; i < batch; i++) {
			acc += fn(buf, len);
			/* The buffer "may have changed": no call is hoisted or merged. */
			__asm__ volatile("" : : "r"(buf) : "memory");
		}
		calls += batch;
		t = now() - t0;
	} while (t < MIN_SECONDS);
	sink += acc;
	return (double)calls * (double)len / t / 1e9;
}

static double best(double a, double b) { return a > b ? a : b; }

static void human(char *out, size_t n, size_t len)
{
	if (len >= (1u << 20))
		snprintf(out, n, "%zu MiB", len >> 20);
	else if (len >= (1u << 10) && len % 1024 == 0)
		snprintf(out, n, "%zu KiB", len >> 10);
	else
		snprintf(out, n, "%zu B", len);
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 64, 1500, 64u << 10, 256u << 20 };
	size_t maxlen = sizes[sizeof sizes / sizeof sizes[0] - 1];
	uint8_t *buf;
	uint32_t seed = 12345;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: bench_cksum\n");
		return 2;
	}
	buf = aligned_alloc(64, maxlen);
	if (!buf) {
		fprintf(stderr, "bench_cksum: cannot allocate %zu bytes\n", maxlen);
		return 1;
	}
	for (size_t i = 0; i < maxlen; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (uint8_t)(seed >> 16);
	}
	/* Both paths must agree before any of them is timed. */
	if (wc_cksum_sum(buf, maxlen) != wc_cksum_ref_sum(buf, maxlen) ||
	    wc_cksum_sum_scalar(buf + 1, 1499) != wc_cksum_ref_sum(buf + 1, 1499)) {
		fprintf(stderr, "bench_cksum: fast and reference checksums disagree\n");
		return 1;
	}

	printf("checksum throughput, GB/s (1e9 B/s), best of %d runs of >= %.2f s; fast path: %s\n",
	       ROUNDS, MIN_SECONDS, wc_cksum_have_avx2() ? "avx2" : "scalar (no AVX2 on this CPU)");
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t len = sizes[k];
		char name[32], fast_goal[48] = "", mem_goal[48] = "";
		double ref = 0, fast = 0, scalar = 0, mem = 0;

		for (int r = 0; r < ROUNDS; r++) {
			ref = best(ref, measure(run_ref, buf, len));
			fast = best(fast, measure(run_fast, buf, len));
			scalar = best(scalar, measure(run_scalar, buf, len));
			mem = best(mem, measure(run_memread, buf, len));
		}

		human(name, sizeof name, len);
		if (len == 1500)
			snprintf(fast_goal, sizeof fast_goal, " (target >= 25)");
		if (len == (256u << 20))
			snprintf(mem_goal, sizeof mem_goal, " (target >= 90%%)");
		printf("%-8s ref %6.2f | fast %6.2f%s | scalar %6.2f | memread %6.2f"
		       " | fast/ref = %5.1fx (target >= 10x) | fast/memread = %3.0f%%%s\n",
		       name, ref, fast, fast_goal, scalar, mem, fast / ref, 100.0 * fast / mem,
		       mem_goal);
	}
	free(buf);
	return 0;
}
