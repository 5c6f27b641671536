/*
 * bench_diff: events per second of the tcp_diff engine (make bench), i.e.
 * lwIP in-process plus the model's trace checker on the same inputs. An
 * event is one executed inbound segment, user call or time op (a time op
 * runs every 250 ms lwIP timer tick it spans on both sides).
 *
 * Workload: every seed in corpus/tcp_diff/ plus 256 inputs of 400 bytes from
 * a fixed-seed generator (ops drawn from the input format), each run
 * through wc_dt_run and the leak oracle, as the fuzz target does, for the
 * given number of seconds. Printed beside the target (>= 100000 events/s
 * without sanitizers) and, measured in the same run, the same workload
 * under ASan+UBSan (bench_diff_asan next to this binary, if built).
 *
 * usage: bench_diff [seconds] [--one]   (--one: this build only, one line)
 *        bench_diff --dump DIR           (write the generated inputs, to replay them)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../differential/diff_tcp.h"
#include "../differential/stacks/lwip.h"

#define NGEN 256
#define GENLEN 400
#define MAXIN 320

static wc_dt D;
static uint8_t *inputs[MAXIN];
static size_t lens[MAXIN];
static unsigned ninputs;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void load_corpus(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) && ninputs < MAXIN - NGEN) {
		char path[1024];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		uint8_t *b = malloc(4096);
		size_t n = b ? fread(b, 1, 4096, f) : 0;
		fclose(f);
		if (!b)
			continue;
		inputs[ninputs] = b;
		lens[ninputs++] = n;
	}
	closedir(d);
}

/* Inputs shaped like the format: a prologue that completes the handshake,
 * then mostly segments around the live sequence numbers, some calls and
 * short time steps (a fixed LCG: the same workload every run). */
static void generate(void)
{
	uint32_t x = 12345;
#define RND() (x = x * 1103515245u + 12345u, (uint8_t)(x >> 16))
	for (unsigned i = 0; i < NGEN && ninputs < MAXIN; i++) {
		uint8_t *b = malloc(GENLEN);
		size_t n = 0;
		if (!b)
			return;
		b[n++] = (uint8_t)((i & 1) | 0x30 | ((i & 6) << 1));
		b[n++] = 0x01;
		while (n + 9 <= GENLEN) {
			uint8_t r = RND() % 10;
			if (r < 6) {
				b[n++] = 0;
				b[n++] = RND() % 4;  /* ACK, PSH|ACK, FIN|ACK, FIN|PSH|ACK */
				b[n++] = RND() % 3;  /* seq: exact, +d, -d */
				b[n++] = RND() % 8;
				b[n++] = RND() % 2;  /* ack: new or duplicate */
				b[n++] = RND();
				b[n++] = 0;
				b[n++] = 0;
				b[n++] = RND() % 7;
			} else if (r < 8) {
				b[n++] = (uint8_t)(6 + RND() % 2); /* write / read */
				b[n++] = RND();
			} else if (r < 9) {
				b[n++] = 13;                     /* 1-32 ms */
				b[n++] = RND() % 32;
			} else {
				b[n++] = 14;                     /* 0.5 s */
				b[n++] = 0;
			}
		}
		inputs[ninputs] = b;
		lens[ninputs++] = n;
	}
#undef RND
}

static double measure(double secs, unsigned long *runs_out)
{
	unsigned long events = 0, runs = 0;
	char why[240];
	double t0 = now_s(), t;
	do {
		for (unsigned i = 0; i < ninputs; i++) {
			wc_dt_run(&D, inputs[i], lens[i], NULL);
			events += D.events;
			wc_dt_leaks(&D, why, sizeof why);
			runs++;
		}
		t = now_s() - t0;
	} while (t < secs);
	*runs_out = runs;
	return (double)events / t;
}

int main(int argc, char **argv)
{
	double secs = 3;
	int one = 0;
	char why[200] = "";
	const char *dump = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--one") == 0)
			one = 1;
		else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
			dump = argv[++i];
		else
			secs = atof(argv[i]);
	}
	if (dump) { /* write the generated workload as files (to replay one) */
		generate();
		for (unsigned i = 0; i < ninputs; i++) {
			char path[4200];
			snprintf(path, sizeof path, "%s/gen-%03u.bin", dump, i);
			FILE *f = fopen(path, "wb");
			if (!f || fwrite(inputs[i], 1, lens[i], f) != lens[i]) {
				fprintf(stderr, "bench_diff: %s: cannot write\n", path);
				return 1;
			}
			fclose(f);
		}
		return 0;
	}
	if (wc_dt_open(&D, why, sizeof why) != WC_OK) {
		fprintf(stderr, "bench_diff: lwIP does not open: %s\n", why);
		return 1;
	}
	load_corpus("corpus/tcp_diff");
	generate();
	unsigned long runs;
	double ev = measure(secs, &runs);
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BUILD "asan+ubsan"
#endif
#endif
#ifndef BUILD
#define BUILD "no-sanitizer"
#endif
	if (one) {
		printf("%.0f\n", ev);
		return 0;
	}
	printf("tcp_diff engine (model + lwIP %s), %u inputs, %.0f s, %lu runs\n", wc_lwip_build(), ninputs,
	       secs, runs);
	printf("  %-13s %12.0f events/s  (%.0f runs/s)   target >= 100000 events/s\n", BUILD, ev,
	       (double)runs / secs);
	char sib[4200];
	ssize_t k = readlink("/proc/self/exe", sib, sizeof sib - 32);
	if (k > 0) {
		sib[k] = 0;
		snprintf(sib + k, sizeof sib - (size_t)k, "_asan");
		if (access(sib, X_OK) == 0) {
			char cmd[4400];
			snprintf(cmd, sizeof cmd, "'%s' %.0f --one", sib, secs);
			FILE *p = popen(cmd, "r");
			double a = 0;
			if (p && fscanf(p, "%lf", &a) == 1)
				printf("  %-13s %12.0f events/s  (same workload, same run; ratio %.2f)\n", "asan+ubsan", a,
				       ev > 0 ? a / ev : 0);
			if (p)
				pclose(p);
		}
	}
	wc_dt_close(&D);
	return 0;
}
