/* Unit tests of the tcp_diff engine (differential/diff_tcp.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../diff_tcp.h"

static wc_dt D;
static wc_scenario R;

/* op bytes: segment(flags idx, seq kind, seq delta, ack kind, ack delta,
 * window kind, options, length kind) */
#define SEG(f, sk, sd, ak, ad, wk, om, lk) 0, f, sk, sd, ak, ad, wk, om, lk

static int setup(void **st)
{
	char why[200];
	(void)st;
	return wc_dt_open(&D, why, sizeof why) == WC_OK ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	wc_dt_close(&D);
	return 0;
}

static void passive_exchange_passes_checker_and_leak_oracle(void **st)
{
	/* passive, MSS, handshake + accept; 100 bytes in, read, write, FIN both ways */
	static const uint8_t in[] = {0x34, 0x01, SEG(1, 0, 0, 0, 0, 0, 0, 6), 7, 1, 6, 2,
				     SEG(0, 0, 0, 0, 0, 0, 0, 0), 9, SEG(2, 0, 0, 0, 0, 0, 0, 0), 15, 1};
	char why[240];
	(void)st;
	assert_int_equal(wc_dt_run(&D, in, sizeof in, NULL), WC_OK);
	assert_false(D.harness_err);
	assert_false(D.model_err);
	assert_false(D.diverged);
	assert_true(D.events >= 9);
	assert_int_equal(wc_dt_leaks(&D, why, sizeof why), 0);
}

static void synsent_ack_without_syn_is_reported_as_rst_divergence(void **st)
{
	/* active open; the peer answers the SYN with an acceptable ACK, no SYN */
	static const uint8_t in[] = {0x05, 0x01, SEG(0, 0, 0, 0, 0, 0, 0, 0)};
	char line[400];
	(void)st;
	assert_int_equal(wc_dt_run(&D, in, sizeof in, NULL), WC_OK);
	assert_true(D.diverged);
	assert_string_equal(D.rep.rule_id, "R_OUT_RST");
	assert_string_equal(D.rep.field, "flags");
	wc_dt_format(&D, line, sizeof line);
	assert_non_null(strstr(line, "divergence rule=R_OUT_RST field=flags state=SYN-SENT:"));
}

static void recording_holds_absolute_events_in_order(void **st)
{
	static const uint8_t in[] = {0x34, 0x01, SEG(1, 0, 0, 0, 0, 0, 0, 6), 13, 9};
	(void)st;
	assert_int_equal(wc_dt_run(&D, in, sizeof in, &R), WC_OK);
	assert_false(D.diverged);
	assert_int_equal(R.model_decides, 1);
	/* socket, bind, listen, SYN, ACK, accept, data, time marker */
	assert_int_equal(R.nevents, 8);
	assert_int_equal(R.events[0].kind, WC_SCN_SYSCALL);
	assert_int_equal(R.events[0].sys.kind, WC_SCN_SYS_SOCKET);
	assert_int_equal(R.events[3].kind, WC_SCN_INBOUND);
	assert_int_equal(R.events[3].pkt.flags, WC_SCN_SYN);
	assert_int_equal(R.events[3].pkt.seq, 0);
	assert_int_equal(R.events[4].pkt.ack, 1);           /* relative to lwIP's ISN */
	assert_int_equal(R.events[5].sys.kind, WC_SCN_SYS_ACCEPT);
	assert_int_equal(R.events[5].sys.ret, 4);
	assert_int_equal(R.events[6].pkt.seq, 1);           /* RCV.NXT */
	assert_int_equal(R.events[6].pkt.len, 100);
	assert_int_equal(R.events[7].sys.kind, WC_SCN_SYS_FCNTL);
	assert_int_equal(R.events[7].time.usec, 10000);     /* the 10 ms time op */
}

static void time_ops_stop_after_an_hour(void **st)
{
	uint8_t in[2 + 2 * 40];
	(void)st;
	in[0] = 0x34;
	in[1] = 0x01;
	for (unsigned i = 0; i < 40; i++) {
		in[2 + 2 * i] = 15; /* 240 s each */
		in[3 + 2 * i] = 3;
	}
	assert_int_equal(wc_dt_run(&D, in, sizeof in, NULL), WC_OK);
	assert_true(D.now <= WC_DT_MAX_TIME_US + 240ull * 1000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(passive_exchange_passes_checker_and_leak_oracle),
		cmocka_unit_test(synsent_ack_without_syn_is_reported_as_rst_divergence),
		cmocka_unit_test(recording_holds_absolute_events_in_order),
		cmocka_unit_test(time_ops_stop_after_an_hour),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
