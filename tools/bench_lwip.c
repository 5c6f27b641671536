/*
 * bench_lwip: cycles per second of the lwIP adapter (make bench). One cycle
 * is reset + passive handshake + 100 bytes each way + close by both sides
 * (through TIME-WAIT), all through the adapter. The baseline printed beside
 * it, measured in the same run, is reset alone (the fixed cost per run).
 * Both builds: whichever lwIP this binary links (wc_lwip_build()).
 *
 * usage: bench_lwip [seconds]   (default 2 per figure)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wirecheck/view.h"

#include "../differential/stacks/lwip.h"

static wc_sut *S;
static uint8_t frame[256];

static uint16_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		acc += (uint32_t)p[n - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)acc;
}

static size_t seg(uint32_t seq, uint32_t ack, uint8_t flags, size_t dlen)
{
	static const uint8_t mac[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
	uint8_t *ip = frame + 14, *t = ip + 20;
	memcpy(frame, mac, 12);
	wc_store_be16(frame + 12, 0x0800);
	memset(ip, 0, 40 + dlen);
	ip[0] = 0x45;
	wc_store_be16(ip + 2, (uint16_t)(40 + dlen));
	ip[8] = 64;
	ip[9] = 6;
	ip[12] = 192, ip[14] = 2, ip[15] = 2;
	ip[16] = 192, ip[18] = 2, ip[19] = 1;
	wc_store_be16(ip + 10, (uint16_t)~sum16(ip, 20, 0));
	wc_store_be16(t, 40000);
	wc_store_be16(t + 2, 80);
	wc_store_be32(t + 4, seq);
	wc_store_be32(t + 8, ack);
	t[12] = 0x50;
	t[13] = flags;
	wc_store_be16(t + 14, 65535);
	memset(t + 20, 'd', dlen);
	uint32_t ph = 0xc000 + 0x0202 + 0xc000 + 0x0201 + 6 + (uint32_t)(20 + dlen);
	wc_store_be16(t + 16, (uint16_t)~sum16(t, 20 + dlen, ph));
	return 54 + dlen;
}

static void must(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "bench_lwip: %s failed\n", what);
		exit(1);
	}
}

static long call(wc_sut_call_kind k, int fd, int arg)
{
	wc_sut_call c = {.kind = k, .fd = fd, .port = arg, .backlog = 4, .len = 100, .level = 2};
	static uint8_t buf[256];
	wc_sut_result r = {.out = buf, .out_cap = sizeof buf};
	must(wc_sut_lwip_inst.call(S, &c, &r) == WC_OK, "call");
	return r.ret;
}

static void reset(void)
{
	wc_lwip_opts o;
	wc_lwip_opts_default(&o);
	wc_sut_config cfg = {.seed = 2000000};
	must(wc_lwip_reset(S, &cfg, &o) == WC_OK, "reset");
}

static void cycle(void)
{
	reset();
	long l = call(WC_CALL_SOCKET, 0, 0);
	call(WC_CALL_BIND, (int)l, 80);
	call(WC_CALL_LISTEN, (int)l, 0);
	uint32_t c = 1000, s = 2000000;
	wc_lwip_inject_frame(S, frame, seg(c, 0, 0x02, 0), NULL);
	wc_lwip_inject_frame(S, frame, seg(c + 1, s + 1, 0x10, 0), NULL);
	long fd = call(WC_CALL_ACCEPT, (int)l, 0);
	must(fd >= 0, "accept");
	wc_lwip_inject_frame(S, frame, seg(c + 1, s + 1, 0x18, 100), NULL);
	must(call(WC_CALL_READ, (int)fd, 0) == 100, "read");
	must(call(WC_CALL_WRITE, (int)fd, 0) == 100, "write");
	wc_lwip_inject_frame(S, frame, seg(c + 101, s + 101, 0x10, 0), NULL);
	call(WC_CALL_CLOSE, (int)fd, 0);
	wc_lwip_inject_frame(S, frame, seg(c + 101, s + 102, 0x11, 0), NULL);
	int st;
	must(wc_sut_lwip_inst.state(S, (int)fd, &st) == WC_OK && st == WC_TCP_TIME_WAIT, "TIME-WAIT");
	wc_lwip_frames_clear(S);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double rate(void (*fn)(void), double secs)
{
	unsigned long n = 0;
	double t0 = now(), t;
	do {
		for (int i = 0; i < 1000; i++)
			fn();
		n += 1000;
		t = now();
	} while (t - t0 < secs);
	return (double)n / (t - t0);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0;
	char why[128];
	wc_lwip_opts o;
	wc_lwip_opts_default(&o);
	must(wc_lwip_open(&S, NULL, &o, why, sizeof why) == WC_OK, "open");
	cycle(); /* warm-up, and proves the cycle works */
	double base = rate(reset, secs);
	double cyc = rate(cycle, secs);
	reset();
	must(!wc_lwip_leaked(S, why, sizeof why), "leak check");
	printf("lwip (%s) reset+handshake+data+close: %.0f cycles/s (target >= 200000)  baseline reset only: %.0f/s\n",
	       wc_lwip_build(), cyc, base);
	return 0;
}
