/* The differential runner: outcomes, packetdrill-style reports, pcaps,
 * deadlines, and the model checker naming the rule of a divergence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "wirecheck/packet.h"
#include "wirecheck/pcapio.h"

#include "../runner.h"
#include "../scenario.h"
#include "../stacks/lwip.h"
#include "../stacks/model.h"

static wc_scenario SC;

static const char k_passive[] =
	"0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	"+0    setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"
	"+0    bind(3, ..., ...) = 0\n"
	"+0    listen(3, 1) = 0\n"
	"+0    < S 0:0(0) win 32792 <mss 1000>\n"
	"+0    > S. 0:0(0) ack 1 <mss 1460>\n"
	"+.01  < . 1:1(0) ack 1 win 32792\n"
	"+0    accept(3, ..., ...) = 4\n"
	"+0    < P. 1:101(100) ack 1 win 32792\n"
	"+0    > . 1:1(0) ack %u\n"          /* line 10 */
	"+0    read(4, ..., 1000) = 100\n"
	"+0    write(4, ..., 50) = 50\n"
	"+0    > P. 1:51(50) ack 101\n"
	"+.01  < . 101:101(0) ack 51 win 32792\n";

static void parse_ok(const char *text, const char *file)
{
	char err[256] = "";
	int rc = wc_scenario_parse(text, strlen(text), file, &SC, err, sizeof err);
	if (rc != WC_OK)
		fail_msg("parse: %s", err);
}

static void passive(unsigned ack)
{
	static char text[2048];
	snprintf(text, sizeof text, k_passive, ack);
	parse_ok(text, "passive.pkt");
}

static void scenario_passes_on_the_model(void **state)
{
	(void)state;
	wc_run_result r;
	passive(101);
	assert_int_equal(wc_run_scenario(&SC, &wc_sut_model, NULL, &r), WC_OK);
	if (r.status != WC_RUN_PASS) {
		char line[512];
		wc_run_format(&r, line, sizeof line);
		fail_msg("%s", line);
	}
	assert_int_equal(r.events, SC.nevents);
	assert_int_equal(r.pkts_in, 4);
	assert_int_equal(r.pkts_out, 3);
	/* the normalised trace: SYN-ACK, ACK of the data, the data */
	assert_string_equal(r.trace, "L5:S. 0:0(0) ack 1;L9:. 1:1(0) ack 101;L12:P. 1:51(50) ack 101");
}

static void wrong_expected_ack_gives_the_packetdrill_line(void **state)
{
	(void)state;
	wc_run_result r;
	char line[512];
	passive(100);
	assert_int_equal(wc_run_scenario(&SC, &wc_sut_model, NULL, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_DIVERGE);
	wc_run_format(&r, line, sizeof line);
	/* the model allows ack 101 (only the script wants 100): outside the model;
	 * the row that owed the ACK is the one named */
	assert_string_equal(line, "sut=model line 10 rule=R_EST_TEXT field=ack: expected 100 vs actual 101 [outside model]");
	assert_int_equal(r.line, 10);
	assert_int_equal(r.cls, WC_RUN_OUTSIDE);
}

static void syntax_error_reports_file_line_col_and_the_next_scenario_runs(void **state)
{
	(void)state;
	static const char bad[] =
		"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0 listen(3, 1) = 0\n"
		"+0 < S 0:0(0) win 32792 <mss 1000\n";
	char err[256] = "";
	int rc = wc_scenario_parse(bad, strlen(bad), "bad.pkt", &SC, err, sizeof err);
	assert_int_equal(rc, WC_ESCN_SYNTAX);
	assert_true(strncmp(err, "bad.pkt:3:", 10) == 0);
	char *col = err + 10;
	assert_true(*col >= '1' && *col <= '9');
	wc_run_result r;
	passive(101);
	assert_int_equal(wc_run_isolated(&SC, &wc_sut_model, NULL, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_PASS);
}

/* A stack that hangs in inject(): the isolated run is cut off. */
static int hang_inject(wc_sut *s, const uint8_t *pkt, size_t len)
{
	(void)s, (void)pkt, (void)len;
	for (;;)
		pause();
	return WC_OK;
}

static void hanging_stack_is_cut_off_and_the_next_run_passes(void **state)
{
	(void)state;
	wc_sut_ops hang = wc_sut_model;
	hang.name = "hang";
	hang.inject = hang_inject;
	wc_run_opts o;
	wc_run_result r;
	wc_run_opts_default(&o);
	o.timeout_us = 100000;
	passive(101);
	assert_int_equal(wc_run_isolated(&SC, &hang, &o, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_TIMEOUT);
	assert_string_equal(r.stack, "hang");
	assert_true(r.wall_us < 5000000);
	assert_int_equal(wc_run_isolated(&SC, &wc_sut_model, &o, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_PASS);
}

/* A stack that acknowledges one octet too many in its SYN-ACK: the model
 * rejects the segment itself, so the divergence is a MUST one, named by
 * the model's rule, before the script is even consulted. */
static int bad_next_output(wc_sut *s, uint8_t *buf, size_t cap, size_t *len)
{
	uint8_t tmp[2048];
	size_t n, w;
	wc_packet p;
	int rc = wc_sut_model.next_output(s, tmp, sizeof tmp, &n);
	if (rc != WC_OK)
		return rc;
	if (wc_packet_parse(wc_view_ro(tmp, n), WC_PKT_IP, &p) != WC_OK)
		return WC_EINVAL;
	if ((p.tcp.flags & 0x12) == 0x12)
		p.tcp.ack += 1;
	rc = wc_packet_emit(&p, WC_PKT_EMIT_CKSUM, wc_view_rw(buf, cap), &w);
	if (rc != WC_OK)
		return rc;
	*len = w;
	return WC_OK;
}

static void model_names_the_rule_when_a_stack_breaks_a_must(void **state)
{
	(void)state;
	wc_sut_ops bad = wc_sut_model;
	bad.name = "bad";
	bad.next_output = bad_next_output;
	wc_run_result r;
	passive(101);
	assert_int_equal(wc_run_scenario(&SC, &bad, NULL, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_DIVERGE);
	assert_int_equal(r.cls, WC_RUN_MUST);
	assert_int_equal(r.line, 5);
	assert_string_equal(r.field, "ack");
	assert_true(strncmp(r.rule, "R_", 2) == 0);
	/* the checker's absolute numbers come back relative to the peer's ISN */
	char line[512];
	wc_run_format(&r, line, sizeof line);
	assert_string_equal(line, "sut=bad line 5 rule=R_OUT_SYNACK field=ack: expected [1] vs actual 2 [MUST]");
}

static void every_packet_both_ways_is_in_the_pcap(void **state)
{
	(void)state;
	char path[] = "/tmp/wc_runner_XXXXXX";
	char file[64];
	wc_run_opts o;
	wc_run_result r;
	assert_non_null(mkdtemp(path));
	snprintf(file, sizeof file, "%s/run.pcap", path);
	wc_run_opts_default(&o);
	o.pcap_path = file;
	passive(101);
	assert_int_equal(wc_run_scenario(&SC, &wc_sut_model, &o, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_PASS);
	wc_pcap_reader *rd;
	wc_pcap_rec rec;
	assert_int_equal(wc_pcap_open(file, &rd, NULL), WC_OK);
	assert_int_equal(wc_pcap_link(rd), WC_PCAP_RAW);
	unsigned n = 0;
	int64_t last = 0;
	while (wc_pcap_next(rd, &rec) == 1) {
		wc_packet p;
		assert_int_equal(wc_packet_parse(wc_view_ro(rec.data, rec.caplen), WC_PKT_IP, &p), WC_OK);
		assert_int_equal(p.l4, WC_L4_TCP);
		assert_int_equal(wc_packet_check_cksums(&p), WC_OK);
		assert_true(rec.ts_us >= last);
		last = rec.ts_us;
		n++;
	}
	wc_pcap_close(rd);
	assert_int_equal(n, r.pkts_in + r.pkts_out);
	/* the last record is the peer's ACK at script time 0.02 s */
	assert_int_equal(last, WC_RUN_PCAP_EPOCH * 1000000LL + 20000);
	unlink(file);
	rmdir(path);
}

static void unlisted_segment_in_a_strict_script_is_a_divergence(void **state)
{
	(void)state;
	static const char text[] =
		"0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		"+0    bind(3, ..., ...) = 0\n"
		"+0    listen(3, 1) = 0\n"
		"+0    < S 0:0(0) win 32792 <mss 1000>\n"
		"+.01  < . 1:1(0) ack 1 win 32792\n";
	wc_run_result r;
	parse_ok(text, "strict.pkt");
	assert_int_equal(wc_run_scenario(&SC, &wc_sut_model, NULL, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_DIVERGE);
	assert_string_equal(r.field, "segment");
	assert_string_equal(r.expected, "no segment");
	assert_int_equal(r.line, 5);
	/* the same script with model-decides passes: the model judged the SYN-ACK */
	static char md[1024];
	snprintf(md, sizeof md, "// wirecheck: model-decides\n%s", text);
	parse_ok(md, "md.pkt");
	assert_int_equal(wc_run_scenario(&SC, &wc_sut_model, NULL, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_PASS);
}

static void unavailable_stack_is_a_skip_with_its_reason(void **state)
{
	(void)state;
	wc_run_result r;
	passive(101);
	/* the lwIP entry this binary does not link skips */
	const char *other = strcmp(wc_lwip_build(), "inst") == 0 ? "lwip" : "lwip-inst";
	assert_int_equal(wc_run_scenario(&SC, wc_sut_find(other), NULL, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_SKIP);
	assert_true(strstr(r.why, "lwIP") != NULL);
}

static const char k_raw_syn[] =
	"0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	"+0    setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"
	"+0    bind(3, ..., ...) = 0\n"
	"+0    listen(3, 1) = 0\n"
	"+0    < S 0:0(0) win 32792 <mss 1000,nop,nop,raw 03 03>\n"
	"+0    > S. 0:0(0) ack 1 <mss 1460>\n";

static void raw_option_bytes_go_on_the_wire_verbatim(void **state)
{
	(void)state;
	char path[] = "/tmp/wc_runner_XXXXXX";
	char file[64];
	wc_run_opts o;
	wc_run_result r;
	assert_non_null(mkdtemp(path));
	snprintf(file, sizeof file, "%s/raw.pcap", path);
	wc_run_opts_default(&o);
	o.pcap_path = file;
	parse_ok(k_raw_syn, "raw.pkt");
	assert_int_equal(wc_run_scenario(&SC, &wc_sut_model, &o, &r), WC_OK);
	/* the model handles the truncated WS option (MUST-7): MSS kept, no WS offered */
	assert_int_equal(r.status, WC_RUN_PASS);
	wc_pcap_reader *rd;
	wc_pcap_rec rec;
	assert_int_equal(wc_pcap_open(file, &rd, NULL), WC_OK);
	assert_int_equal(wc_pcap_next(rd, &rec), 1);
	assert_int_equal(rec.caplen, 20 + 20 + 8);
	const uint8_t *t = rec.data + 20;
	static const uint8_t want[] = {2, 4, 0x03, 0xe8, 1, 1, 3, 3};
	assert_int_equal(t[12] >> 4, 7);
	assert_memory_equal(t + 20, want, sizeof want);
	assert_int_equal(wc_tcp_check_cksum4(rec.data + 12, rec.data + 16, wc_view_ro(t, 28)), WC_OK);
	/* the lib parser refuses it; the stack under test has to cope */
	wc_packet p;
	assert_int_equal(wc_packet_parse(wc_view_ro(rec.data, rec.caplen), WC_PKT_IP, &p), WC_ETCP_OPTLEN);
	wc_pcap_close(rd);
	unlink(file);
	rmdir(path);
}

static void restricted_scenario_is_skipped_on_other_stacks(void **state)
{
	(void)state;
	wc_run_result r;
	static char text[2048];
	snprintf(text, sizeof text, "// wirecheck: stacks lwip,linux\n%s", k_passive);
	static char full[2048];
	snprintf(full, sizeof full, text, 101u);
	parse_ok(full, "restricted.pkt");
	assert_int_equal(wc_run_scenario(&SC, &wc_sut_model, NULL, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_SKIP);
	assert_string_equal(r.why, "scenario restricted to lwip,linux");
	assert_int_equal(r.events, 0);
	/* without the directive it runs */
	passive(101);
	assert_int_equal(wc_run_scenario(&SC, &wc_sut_model, NULL, &r), WC_OK);
	assert_int_equal(r.status, WC_RUN_PASS);
}

static void trace_diff_ignores_timing_but_not_numbers(void **state)
{
	(void)state;
	wc_run_result a, b;
	char buf[256];
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	strcpy(a.stack, "model");
	strcpy(b.stack, "lwip");
	strcpy(a.trace, "L5:S. 0:0(0) ack 1;L9:. 1:1(0) ack 101");
	strcpy(b.trace, "L5:S. 0:0(0) ack 1;L10:. 1:1(0) ack 101");
	assert_int_equal(wc_run_trace_diff(&a, &b, buf, sizeof buf), WC_OK);
	strcpy(b.trace, "L5:S. 0:0(0) ack 1;L9:. 1:1(0) ack 102");
	assert_int_equal(wc_run_trace_diff(&a, &b, buf, sizeof buf), WC_EINVAL);
	assert_non_null(strstr(buf, "segment 2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scenario_passes_on_the_model),
		cmocka_unit_test(raw_option_bytes_go_on_the_wire_verbatim),
		cmocka_unit_test(restricted_scenario_is_skipped_on_other_stacks),
		cmocka_unit_test(wrong_expected_ack_gives_the_packetdrill_line),
		cmocka_unit_test(syntax_error_reports_file_line_col_and_the_next_scenario_runs),
		cmocka_unit_test(hanging_stack_is_cut_off_and_the_next_run_passes),
		cmocka_unit_test(model_names_the_rule_when_a_stack_breaks_a_must),
		cmocka_unit_test(every_packet_both_ways_is_in_the_pcap),
		cmocka_unit_test(unlisted_segment_in_a_strict_script_is_a_divergence),
		cmocka_unit_test(unavailable_stack_is_a_skip_with_its_reason),
		cmocka_unit_test(trace_diff_ignores_timing_but_not_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
