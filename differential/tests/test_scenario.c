/*
 * Scenario parser: packetdrill-style scripts parse to the right events, and
 * each class of bad input is rejected with the right file:line:col message.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../scenario.h"

static wc_scenario *sc;
static char err[256];

static int setup(void **st)
{
	(void)st;
	sc = malloc(sizeof *sc);
	return sc ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	free(sc);
	return 0;
}

static int parse(const char *text)
{
	return wc_scenario_parse(text, strlen(text), "t.pkt", sc, err, sizeof err);
}

static void parse_ok(const char *text)
{
	int rc = parse(text);
	if (rc != WC_OK)
		print_error("unexpected parse error: %s\n", err);
	assert_int_equal(rc, WC_OK);
}

static void parse_fails(const char *text, int code, const char *msg)
{
	assert_int_equal(parse(text), code);
	assert_string_equal(err, msg);
}

/* A packetdrill passive-open script, as packetdrill's own tests write it. */
static const char passive[] =
	"// Establish a connection.\n"
	"--tolerance_usecs=10000\n"
	"0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	"+0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"
	"+0  bind(3, ..., ...) = 0\n"
	"+0  listen(3, 1) = 0\n"
	"\n"
	"+0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
	"+0  > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
	"+.1 < . 1:1(0) ack 1 win 257\n"
	"+0  accept(3, ..., ...) = 4\n"
	"/* write, then the ACK */ +0 write(4, ..., 1000) = 1000\n"
	"+0  > P. 1:1001(1000) ack 1\n"
	"0.300 < . 1:1(0) ack 1001 win 257 <nop,nop,sack 1:2 3:4>\n"
	"*   read(4, ..., 1000) = -1 EAGAIN (Resource temporarily unavailable)\n"
	"+0  shutdown(4, SHUT_WR) = 0\n"
	"+0  close(4) = 0\n";

static void scenario_parses_packetdrill_passive_open(void **st)
{
	(void)st;
	parse_ok(passive);
	assert_string_equal(sc->file, "t.pkt");
	assert_int_equal(sc->tolerance_usecs, 10000);
	assert_int_equal(sc->ip_version, 4);
	assert_int_equal(sc->nevents, 14);

	const wc_scn_event *e = &sc->events[0];
	assert_int_equal(e->kind, WC_SCN_SYSCALL);
	assert_int_equal(e->line, 3);
	assert_int_equal(e->col, 1);
	assert_int_equal(e->time.kind, WC_SCN_TIME_ABS);
	assert_int_equal(e->time.usec, 0);
	assert_int_equal(e->sys.kind, WC_SCN_SYS_SOCKET);
	assert_int_equal(e->sys.ret, 3);

	e = &sc->events[1];
	assert_int_equal(e->sys.kind, WC_SCN_SYS_SETSOCKOPT);
	assert_int_equal(e->time.kind, WC_SCN_TIME_REL);
	assert_int_equal(e->sys.fd, 3);
	assert_int_equal(e->sys.level, SOL_SOCKET);
	assert_int_equal(e->sys.opt, SO_REUSEADDR);
	assert_int_equal(e->sys.val, 1);

	assert_int_equal(sc->events[3].sys.kind, WC_SCN_SYS_LISTEN);
	assert_int_equal(sc->events[3].sys.backlog, 1);

	e = &sc->events[4];
	assert_int_equal(e->kind, WC_SCN_INBOUND);
	assert_int_equal(e->line, 8);
	assert_int_equal(e->pkt.flags, WC_SCN_SYN);
	assert_int_equal(e->pkt.seq, 0);
	assert_int_equal(e->pkt.len, 0);
	assert_false(e->pkt.has_ack);
	assert_true(e->pkt.has_win);
	assert_int_equal(e->pkt.win, 32792);
	assert_int_equal(e->pkt.opts_mode, WC_SCN_OPTS_LIST);
	assert_int_equal(e->pkt.nopts, 6);
	assert_int_equal(e->pkt.opts[0].kind, WC_SCN_OPT_MSS);
	assert_int_equal(e->pkt.opts[0].v1, 1000);
	assert_int_equal(e->pkt.opts[1].kind, WC_SCN_OPT_SACKOK);
	assert_int_equal(e->pkt.opts[2].kind, WC_SCN_OPT_NOP);
	assert_int_equal(e->pkt.opts[5].kind, WC_SCN_OPT_WSCALE);
	assert_int_equal(e->pkt.opts[5].v1, 7);

	e = &sc->events[5];
	assert_int_equal(e->kind, WC_SCN_OUTBOUND);
	assert_int_equal(e->pkt.flags, WC_SCN_SYN | WC_SCN_ACK);
	assert_true(e->pkt.has_ack);
	assert_int_equal(e->pkt.ack, 1);
	assert_false(e->pkt.has_win);

	e = &sc->events[6];
	assert_int_equal(e->time.usec, 100000);
	assert_int_equal(e->pkt.flags, WC_SCN_ACK);
	assert_int_equal(e->pkt.opts_mode, WC_SCN_OPTS_NONE);

	assert_int_equal(sc->events[7].sys.kind, WC_SCN_SYS_ACCEPT);
	assert_int_equal(sc->events[7].sys.ret, 4);

	e = &sc->events[8]; /* after a block comment on the same line */
	assert_int_equal(e->sys.kind, WC_SCN_SYS_WRITE);
	assert_int_equal(e->sys.len, 1000);
	assert_int_equal(e->line, 12);
	assert_int_equal(e->col, 27);

	e = &sc->events[9];
	assert_int_equal(e->pkt.flags, WC_SCN_PSH | WC_SCN_ACK);
	assert_int_equal(e->pkt.seq, 1);
	assert_int_equal(e->pkt.seq_end, 1001);
	assert_int_equal(e->pkt.len, 1000);

	e = &sc->events[10];
	assert_int_equal(e->time.kind, WC_SCN_TIME_ABS);
	assert_int_equal(e->time.usec, 300000);
	assert_int_equal(e->pkt.opts[2].kind, WC_SCN_OPT_SACK);
	assert_int_equal(e->pkt.opts[2].nblocks, 2);
	assert_int_equal(e->pkt.opts[2].sack[1][0], 3);
	assert_int_equal(e->pkt.opts[2].sack[1][1], 4);

	e = &sc->events[11];
	assert_int_equal(e->time.kind, WC_SCN_TIME_ANY);
	assert_int_equal(e->sys.kind, WC_SCN_SYS_READ);
	assert_int_equal(e->sys.ret, -1);
	assert_int_equal(e->sys.err, EAGAIN);

	assert_int_equal(sc->events[12].sys.how, SHUT_WR);
	assert_int_equal(sc->events[13].sys.kind, WC_SCN_SYS_CLOSE);
	assert_int_equal(sc->events[13].sys.fd, 4);
}

static void scenario_parses_active_open_with_fcntl_and_einprogress(void **st)
{
	(void)st;
	parse_ok("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		 "+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)\n"
		 "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
		 "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
		 "+0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 8>\n"
		 "+.01 < S. 0:0(0) ack 1 win 5792 <mss 1460,sackOK,TS val 700 ecr 100,nop,wscale 7>\n"
		 "+0 > . 1:1(0) ack 1 <nop,nop,TS val 200 ecr 700>\n"
		 "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0\n"
		 "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0\n"
		 "+0 setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0\n"
		 "+0 send(3, ..., 10, 0) = 10\n");
	assert_int_equal(sc->nevents, 11);
	assert_int_equal(sc->events[1].sys.kind, WC_SCN_SYS_FCNTL);
	assert_int_equal(sc->events[1].sys.cmd, F_GETFL);
	assert_int_equal(sc->events[1].sys.ret, 2);
	assert_int_equal(sc->events[2].sys.arg, O_RDWR | O_NONBLOCK);
	assert_int_equal(sc->events[3].sys.kind, WC_SCN_SYS_CONNECT);
	assert_int_equal(sc->events[3].sys.err, EINPROGRESS);
	const wc_scn_packet *k = &sc->events[4].pkt;
	assert_int_equal(sc->events[4].kind, WC_SCN_OUTBOUND);
	assert_int_equal(k->nopts, 5);
	assert_int_equal(k->opts[2].kind, WC_SCN_OPT_TS);
	assert_int_equal(k->opts[2].v1, 100);
	assert_int_equal(k->opts[2].v2, 0);
	assert_int_equal(sc->events[5].time.usec, 10000);
	assert_int_equal(sc->events[5].pkt.opts[2].v2, 100);
	assert_int_equal(sc->events[7].sys.kind, WC_SCN_SYS_GETSOCKOPT);
	assert_int_equal(sc->events[7].sys.opt, SO_ERROR);
	assert_int_equal(sc->events[7].sys.val, 0);
	assert_int_equal(sc->events[8].sys.opt, SO_LINGER);
	assert_int_equal(sc->events[8].sys.val, 0);
	assert_int_equal(sc->events[9].sys.level, IPPROTO_TCP);
	assert_int_equal(sc->events[9].sys.opt, TCP_NODELAY);
	assert_int_equal(sc->events[10].sys.kind, WC_SCN_SYS_WRITE);
	assert_int_equal(sc->events[10].sys.len, 10);
}

static void scenario_parses_wildcards_ranges_and_flags(void **st)
{
	(void)st;
	parse_ok("0.5~0.75 < SEW 0:0(0) win 100\n"
		 "+1~+2 > F.RPU 5:5(0) ack 6 urg 3 <...>\n"
		 "* < R 4294967295:0(1) win 0\n");
	assert_int_equal(sc->events[0].time.usec, 500000);
	assert_int_equal(sc->events[0].time.usec_end, 750000);
	assert_int_equal(sc->events[0].pkt.flags, WC_SCN_SYN | WC_SCN_ECE | WC_SCN_CWR);
	assert_int_equal(sc->events[1].time.kind, WC_SCN_TIME_REL);
	assert_int_equal(sc->events[1].time.usec_end, 2000000);
	assert_int_equal(sc->events[1].pkt.flags,
			 WC_SCN_FIN | WC_SCN_ACK | WC_SCN_RST | WC_SCN_PSH | WC_SCN_URG);
	assert_int_equal(sc->events[1].pkt.opts_mode, WC_SCN_OPTS_ANY);
	assert_int_equal(sc->events[1].pkt.urg, 3);
	/* Sequence ranges wrap modulo 2^32. */
	assert_int_equal(sc->events[2].pkt.seq, 4294967295u);
	assert_int_equal(sc->events[2].pkt.len, 1);
}

static void scenario_records_wirecheck_directives_and_options(void **st)
{
	(void)st;
	parse_ok("// wirecheck: model-decides\n"
		 "//wirecheck: sysctl tcp_timestamps=0\n"
		 "// wirecheck: sysctl net.ipv4.tcp_sack=0\n"
		 "--ip_version=ipv6\n"
		 "--mtu=1500\n"
		 "--bind_port=9000\n"
		 "// an ordinary comment mentioning wirecheck\n"
		 "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
		 "   // wirecheck: rule R_EST_RST_INWIN, R_SYNRCVD_ACK\n"
		 "+0 bind(3, ..., ...) = 0\n");
	assert_int_equal(sc->model_decides, 1);
	assert_int_equal(sc->timestamps, 0);
	assert_int_equal(sc->sack, 0);
	assert_int_equal(sc->window_scaling, -1);
	assert_int_equal(sc->ip_version, 6);
	assert_int_equal(sc->nrules, 2);
	assert_string_equal(sc->rules[0], "R_EST_RST_INWIN");
	assert_string_equal(sc->rules[1], "R_SYNRCVD_ACK");
	assert_int_equal(sc->nevents, 2);

	wc_sut_config cfg;
	memset(&cfg, 0xff, sizeof cfg);
	cfg.mss = -1;
	cfg.window_scaling = -1;
	wc_scenario_config(sc, &cfg);
	assert_int_equal(cfg.ipv6, 1);
	assert_int_equal(cfg.timestamps, 0);
	assert_int_equal(cfg.sack, 0);
	assert_int_equal(cfg.window_scaling, -1);
	assert_int_equal(cfg.mss, 1440);

	wc_sut_call c;
	assert_int_equal(wc_scenario_sut_call(sc, &sc->events[1].sys, &c), WC_OK);
	assert_int_equal(c.kind, WC_CALL_BIND);
	assert_int_equal(c.fd, 3);
	assert_int_equal(c.port, 9000);
}

static void scenario_sut_call_skips_fcntl(void **st)
{
	(void)st;
	parse_ok("0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
		 "0 shutdown(3, SHUT_RDWR) = 0\n");
	wc_sut_call c;
	assert_int_equal(wc_scenario_sut_call(sc, &sc->events[0].sys, &c), WC_ESUT_NOCALL);
	assert_int_equal(wc_scenario_sut_call(sc, &sc->events[1].sys, &c), WC_OK);
	assert_int_equal(c.kind, WC_CALL_SHUTDOWN);
	assert_int_equal(c.how, SHUT_RDWR);
	assert_string_equal(wc_scn_sys_name(WC_SCN_SYS_SHUTDOWN), "shutdown");
}

static void scenario_empty_and_comment_only_scripts_have_no_events(void **st)
{
	(void)st;
	parse_ok("");
	assert_int_equal(sc->nevents, 0);
	parse_ok("/* a\n block */\n\n// line\n");
	assert_int_equal(sc->nevents, 0);
}

static void scenario_rejects_python_and_shell_as_unsupported(void **st)
{
	(void)st;
	parse_fails("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n%{\nprint(1)\n}%\n",
		    WC_ESCN_UNSUPPORTED, "t.pkt:2:1: unsupported construct '%{ python }%'");
	parse_fails("`sysctl -q net.ipv4.tcp_timestamps=0`\n",
		    WC_ESCN_UNSUPPORTED, "t.pkt:1:1: unsupported construct '`shell command`'");
	parse_fails("0 `echo hi`\n",
		    WC_ESCN_UNSUPPORTED, "t.pkt:1:3: unsupported construct '`shell command`'");
}

static void scenario_rejects_udp_icmp_and_ip_fields_as_unsupported(void **st)
{
	(void)st;
	parse_fails("0 < udp (10)\n", WC_ESCN_UNSUPPORTED, "t.pkt:1:5: unsupported construct 'udp'");
	parse_fails("\n  +0 > icmp unreachable\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:2:8: unsupported construct 'icmp'");
	parse_fails("0 < [ect0] S 0:0(0) win 1\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:1:5: unsupported construct '[...] IP header fields'");
	parse_fails("0 < S 0:0(0) win 1 <mss 1000,FO abcd>\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:1:30: unsupported construct 'FO'");
}

static void scenario_rejects_unknown_calls_and_blocking_times_as_unsupported(void **st)
{
	(void)st;
	parse_fails("0 poll([{fd=3, events=POLLIN}], 1, 0) = 0\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:1:3: unsupported construct 'poll'");
	parse_fails("0...0.1 read(4, ..., 10) = 10\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:1:2: unsupported construct '...'");
	parse_fails("0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:1:15: unsupported construct 'SOCK_DGRAM'");
	parse_fails("--remote_ip=10.0.0.1\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:1:1: unknown option '--remote_ip'");
}

static void scenario_rejects_syntax_errors_with_position(void **st)
{
	(void)st;
	parse_fails("0 < S 0:0 win 1\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:11: expected '(' in 'start:end(len)', found 'win'");
	parse_fails("0 < S 0:0(0)\n+0 > S. 0:0(0) ack\n", WC_ESCN_SYNTAX,
		    "t.pkt:2:19: expected ack, found end of line");
}

static void scenario_rejects_malformed_packets(void **st)
{
	(void)st;
	parse_fails("0 < S 0:0(0 win 1\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:13: expected ')' in 'start:end(len)', found 'win'");
	parse_fails("0 < S 1:1001(100) win 1\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:7: inconsistent segment: 1:1001 spans 1000 bytes, length says 100");
	parse_fails("0 < SX 0:0(0)\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:6: unknown TCP flag 'X' (flags are S F R P . U E W)");
	parse_fails("0 < SS 0:0(0)\n", WC_ESCN_SYNTAX, "t.pkt:1:6: duplicate TCP flag 'S'");
	parse_fails("0 < S 0:0(0) win 70000\n", WC_ESCN_SYNTAX, "t.pkt:1:18: win out of range (max 65535)");
	parse_fails("0 < S 0:0(0) ack 1 ack 2\n", WC_ESCN_SYNTAX, "t.pkt:1:20: 'ack' given twice");
	parse_fails("0 < S 0:0(0) seq 1\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:14: expected 'ack', 'win', 'urg', an option list or end of line, found 'seq'");
	parse_fails("0 < S 0:0(0) <mss 1000 nop>\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:24: expected ',' or '>' in the option list, found 'nop>'");
	parse_fails("0 < S 0:0(0) <TS val 1>\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:23: expected 'ecr', found '>'");
	parse_fails("0 < S 0:0(0) <sack>\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:19: expected a SACK block 'left:right', found '>'");
	parse_fails("0 < S 0:0(0) <...> ack 1\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:20: expected end of line, found 'ack'");
	parse_fails("0 < S 0:0(0) <mss 1,mss 1,mss 1,mss 1,mss 1,mss 1,mss 1,mss 1,"
		    "mss 1,mss 1,mss 1,mss 1,mss 1,mss 1,mss 1,mss 1,mss 1>\n",
		    WC_ESCN_LIMIT, "t.pkt:1:111: too many TCP options (max 16)");
}

static void scenario_rejects_malformed_calls_and_times(void **st)
{
	(void)st;
	parse_fails("0 write(4, ..., 10)\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:20: expected '=' and the expected return value, found end of line");
	parse_fails("0 write(4, ...) = 3\n", WC_ESCN_SYNTAX, "t.pkt:1:3: write() takes 3 arguments, found 2");
	parse_fails("0 connect(3, ..., ...) = -1\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:28: expected an errno name after '= -1', found end of line");
	parse_fails("0 connect(3, ..., ...) = -1 EWHAT\n", WC_ESCN_SYNTAX, "t.pkt:1:29: unknown errno 'EWHAT'");
	parse_fails("0 setsockopt(3, SOL_SOCKET, SO_BOGUS, [1], 4) = 0\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:29: unknown symbol 'SO_BOGUS'");
	parse_fails("0 shutdown(x, SHUT_WR) = 0\n", WC_ESCN_SYNTAX, "t.pkt:1:12: unknown symbol 'x'");
	parse_fails("0 close(...) = 0\n", WC_ESCN_SYNTAX, "t.pkt:1:9: expected a file descriptor");
	parse_fails("0 frobnicate = 3\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:3: expected a packet ('<' or '>') or a system call, found 'frobnicate'");
	parse_fails("0socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:2: expected whitespace after the time, found 'socket(...,'");
	parse_fails("+0.1234567 close(3) = 0\n", WC_ESCN_SYNTAX, "t.pkt:1:10: time has more than 6 decimals");
	parse_fails("0.2~0.1 close(3) = 0\n", WC_ESCN_SYNTAX, "t.pkt:1:5: time range ends before it starts");
	parse_fails("hello\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:1: expected an event time ('0', '+0.1', '*'), found 'hello'");
	parse_fails("0 close(3) = 0 /* never closed\n", WC_ESCN_SYNTAX, "t.pkt:1:16: unterminated comment");
}

static void scenario_rejects_misplaced_or_unknown_directives(void **st)
{
	(void)st;
	parse_fails("0 close(3) = 0\n--tolerance_usecs=5\n", WC_ESCN_SYNTAX,
		    "t.pkt:2:1: options must precede the first event");
	parse_fails("0 close(3) = 0\n// wirecheck: sysctl tcp_sack=0\n", WC_ESCN_SYNTAX,
		    "t.pkt:2:15: 'sysctl' must precede the first event");
	parse_fails("// wirecheck: frob\n", WC_ESCN_SYNTAX, "t.pkt:1:15: unknown wirecheck directive 'frob'");
	parse_fails("// wirecheck: sysctl tcp_fastopen=1\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:1:22: unsupported sysctl 'tcp_fastopen'");
	parse_fails("// wirecheck: rule EST_RST\n", WC_ESCN_SYNTAX, "t.pkt:1:20: expected a rule ID 'R_...'");
	parse_fails("--ip_version=ipv4-mapped-ipv6\n", WC_ESCN_UNSUPPORTED,
		    "t.pkt:1:14: unsupported construct '--ip_version=ipv4-mapped-ipv6' (ipv4 or ipv6)");
}

static void scenario_rejects_nul_bytes_and_too_many_events(void **st)
{
	(void)st;
	static const char withnul[] = "0 close(3) = 0\n+0 cl\0se(3) = 0\n";
	assert_int_equal(wc_scenario_parse(withnul, sizeof withnul - 1, "n.pkt", sc, err, sizeof err),
			 WC_ESCN_SYNTAX);
	assert_string_equal(err, "n.pkt:2:6: NUL byte in script");

	static char big[(WC_SCN_MAX_EVENTS + 2) * 16];
	size_t n = 0;
	for (int i = 0; i <= WC_SCN_MAX_EVENTS; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "+0 close(3) = 0\n");
	assert_int_equal(wc_scenario_parse(big, n, "big.pkt", sc, err, sizeof err), WC_ESCN_LIMIT);
	assert_string_equal(err, "big.pkt:513:1: too many events (max 512)");
}

static void scenario_error_message_is_truncated_safely(void **st)
{
	(void)st;
	char small[12];
	assert_int_equal(wc_scenario_parse("hello\n", 6, "t.pkt", sc, small, sizeof small), WC_ESCN_SYNTAX);
	assert_string_equal(small, "t.pkt:1:1: ");
}

static void scenario_example_files_parse(void **st)
{
	(void)st;
	static char buf[65536];
	static const char *files[] = {
		"differential/scenarios/handshake/passive_open.pkt",
		"differential/scenarios/handshake/active_open.pkt",
		"differential/scenarios/close/passive_close_model.pkt",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		int rc = wc_scenario_parse_file(files[i], buf, sizeof buf, sc, err, sizeof err);
		if (rc != WC_OK)
			print_error("%s\n", err);
		assert_int_equal(rc, WC_OK);
		assert_true(sc->nevents >= 8);
		assert_true(sc->nrules >= 1);
	}
	assert_int_equal(sc->model_decides, 1);
	assert_int_equal(wc_scenario_parse_file("differential/scenarios/none.pkt", buf, sizeof buf, sc, err,
						sizeof err),
			 WC_EIO);
	assert_int_equal(wc_scenario_parse_file(files[0], buf, 16, sc, err, sizeof err), WC_ESCN_LIMIT);
}

static void scenario_parses_raw_option_bytes_in_order_inbound(void **st)
{
	(void)st;
	parse_ok("0 < S 0:0(0) win 100 <mss 1460,raw 08 03 0a,nop>\n"
		 "+0 < . 1:1(0) ack 1 <raw 02 01>\n");
	const wc_scn_packet *k = &sc->events[0].pkt;
	assert_int_equal(k->nopts, 3);
	assert_int_equal(k->opts[0].kind, WC_SCN_OPT_MSS);
	assert_int_equal(k->opts[1].kind, WC_SCN_OPT_RAW);
	assert_int_equal(k->opts[1].nraw, 3);
	assert_int_equal(k->opts[1].raw[0], 0x08);
	assert_int_equal(k->opts[1].raw[1], 0x03);
	assert_int_equal(k->opts[1].raw[2], 0x0a);
	assert_int_equal(k->opts[2].kind, WC_SCN_OPT_NOP);
	k = &sc->events[1].pkt;
	assert_int_equal(k->nopts, 1);
	assert_int_equal(k->opts[0].nraw, 2);
	assert_int_equal(k->opts[0].raw[1], 0x01);
}

static void scenario_rejects_raw_options_outbound_and_bad_hex_with_position(void **st)
{
	(void)st;
	parse_fails("0 > S. 0:0(0) ack 1 <mss 1460,raw 02 01>\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:31: raw option bytes are for inbound packets only");
	parse_fails("0 < S 0:0(0) <raw>\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:18: expected a hex byte after 'raw' (e.g. 02), found '>'");
	parse_fails("0 < S 0:0(0) <raw 0g>\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:19: expected a two-digit hex byte, found '0g>'");
	parse_fails("0 < S 0:0(0) <raw 021>\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:19: expected a two-digit hex byte, found '021>'");
}

static void scenario_records_the_stacks_directive(void **st)
{
	(void)st;
	parse_ok("// wirecheck: stacks model, lwip\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
	assert_string_equal(sc->stacks, "model,lwip");
	assert_int_equal(wc_scenario_runs_on(sc, "model"), 1);
	assert_int_equal(wc_scenario_runs_on(sc, "lwip"), 1);
	assert_int_equal(wc_scenario_runs_on(sc, "lwip-asan"), 1);
	assert_int_equal(wc_scenario_runs_on(sc, "linux"), 0);
	assert_int_equal(wc_scenario_runs_on(sc, "lwi"), 0);
	parse_ok("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
	assert_string_equal(sc->stacks, "");
	assert_int_equal(wc_scenario_runs_on(sc, "linux"), 1);
	parse_fails("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n// wirecheck: stacks model\n", WC_ESCN_SYNTAX,
		    "t.pkt:2:15: 'stacks' must precede the first event");
	parse_fails("// wirecheck: stacks\n", WC_ESCN_SYNTAX,
		    "t.pkt:1:21: expected a stack name (e.g. model,lwip), found end of line");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scenario_parses_packetdrill_passive_open),
		cmocka_unit_test(scenario_parses_active_open_with_fcntl_and_einprogress),
		cmocka_unit_test(scenario_parses_wildcards_ranges_and_flags),
		cmocka_unit_test(scenario_records_wirecheck_directives_and_options),
		cmocka_unit_test(scenario_sut_call_skips_fcntl),
		cmocka_unit_test(scenario_empty_and_comment_only_scripts_have_no_events),
		cmocka_unit_test(scenario_rejects_python_and_shell_as_unsupported),
		cmocka_unit_test(scenario_rejects_udp_icmp_and_ip_fields_as_unsupported),
		cmocka_unit_test(scenario_rejects_unknown_calls_and_blocking_times_as_unsupported),
		cmocka_unit_test(scenario_rejects_syntax_errors_with_position),
		cmocka_unit_test(scenario_rejects_malformed_packets),
		cmocka_unit_test(scenario_rejects_malformed_calls_and_times),
		cmocka_unit_test(scenario_rejects_misplaced_or_unknown_directives),
		cmocka_unit_test(scenario_rejects_nul_bytes_and_too_many_events),
		cmocka_unit_test(scenario_error_message_is_truncated_safely),
		cmocka_unit_test(scenario_parses_raw_option_bytes_in_order_inbound),
		cmocka_unit_test(scenario_rejects_raw_options_outbound_and_bad_hex_with_position),
		cmocka_unit_test(scenario_records_the_stacks_directive),
		cmocka_unit_test(scenario_example_files_parse),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
