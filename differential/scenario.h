#ifndef WC_SCENARIO_H
#define WC_SCENARIO_H

/*
 * Scenario language: a compatible subset of packetdrill's script syntax,
 * parsed (not executed) into a flat list of events. The runner executes
 * the events against SUTs (differential/sut.h).
 *
 * Supported syntax (anything else is rejected, see "Errors"):
 *
 *   --tolerance_usecs=10000      options, one per line, before the first
 *   --ip_version=ipv6            event: tolerance_usecs, tolerance_percent,
 *                                ip_version (ipv4|ipv6), mtu, bind_port,
 *                                connect_port. Unknown options are errors.
 *   // comment                   C++ line comments and C block comments
 *                                anywhere (block comments may span lines)
 *   0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
 *   +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
 *   +0  setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0
 *   +0  getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
 *   +0  fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
 *   +0  bind(3, ..., ...) = 0          listen(3, 1) = 0
 *   +0  accept(3, ..., ...) = 4        connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
 *   +0  write(4, ..., 1000) = 1000     read(4, ..., 1000) = 1000
 *   +0  send(4, ..., 10, 0) = 10       recv(4, ..., 10, 0) = 10
 *   +0  shutdown(4, SHUT_WR) = 0       close(4) = 0
 *   +0  < S 0:0(0) win 32792 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>
 *   +0  > S. 0:0(0) ack 1 <...>
 *   +.1 < P. 1:1001(1000) ack 1 win 257 <nop,nop,sack 1:2 3:4>
 *
 * Times: "0.100" absolute, "+0.1" / "+.1" relative to the previous event,
 * "*" any time, and ranges "a~b" (both absolute or both relative), all in
 * seconds with up to 6 decimals.
 *
 * Packets: '<' is inbound (remote peer -> SUT), '>' is an expected outbound
 * segment. Flags are any of S F R P . U E W ('.' = ACK); a lone "-" is a
 * segment with no flag at all (wirecheck extension). Sequence and ACK
 * numbers are as written: relative, packetdrill style (inbound ones to the
 * peer's ISN, outbound ones to the SUT's ISN learned from its SYN); the
 * runner translates. "start:end(len)" must satisfy end - start == len
 * (mod 2^32). Omitted "ack"/"win" leave has_ack/has_win 0: the runner picks
 * inbound defaults and does not check outbound ones. A packet without an
 * option list has no options; "<...>" means any options (outbound only is
 * meaningful). TCP options: mss N, wscale N, sackOK, TS val N ecr N, sack
 * a:b [c:d ...] (at most 4 blocks), nop, eol, and (wirecheck extension,
 * inbound only) raw XX [XX ...]: hex bytes put on the wire verbatim, in
 * order with the other options, to write malformed options, e.g.
 * "<raw 02 01>" (an MSS option of length 1) or "<mss 1460,raw 08 03 00>";
 * the runner pads the list with EOL bytes to a multiple of 4 as usual. A
 * raw option in a '>' line is a syntax error (its position is reported).
 *
 * Socket calls: '...' stands for arguments packetdrill fills itself
 * (addresses: bind uses the wildcard address and bind_port, connect the
 * remote peer and connect_port). Symbols (SOL_SOCKET, SO_REUSEADDR,
 * TCP_NODELAY, SHUT_WR, O_NONBLOCK, ...) and errno names take their Linux
 * values. The expected result is "= N" or "= -1 ENAME (free text)"; a
 * trailing "(...)" after a number is ignored, as packetdrill does.
 *
 * wirecheck extensions, written as whole-line comments so the script stays
 * valid packetdrill:
 *
 *   // wirecheck: model-decides        outbound segments that the script
 *                                      does not list are not an error: the
 *                                      reference model's output for the
 *                                      same inputs is the expectation (a
 *                                      '>' line that is present is still
 *                                      checked against every SUT).
 *   // wirecheck: sysctl tcp_timestamps=0
 *                                      stack configuration (tcp_timestamps,
 *                                      tcp_sack, tcp_window_scaling,
 *                                      tcp_ecn, tcp_syncookies,
 *                                      tcp_rfc1337; "net.ipv4." prefix
 *                                      optional); values are integers.
 *   // wirecheck: rule R_EST_RST_INWIN [R_...]
 *                                      the model rule(s) the scenario is
 *                                      written to exercise (coverage check).
 *   // wirecheck: stacks model,lwip    run the scenario only on these
 *                                      stacks (names as the CLI knows them;
 *                                      "lwip" also covers "lwip-*"); the
 *                                      others report it as skipped with the
 *                                      reason "scenario restricted to
 *                                      model,lwip". For scenarios that need
 *                                      minutes of timer expiry, which the
 *                                      virtual-time stacks pass instantly.
 *
 * model-decides, sysctl and stacks must precede the first event; rule may
 * appear anywhere. Unknown "wirecheck:" directives are errors.
 *
 * Errors: one line "file:line:col: message" in err[] (1-based line and
 * column; the column points at the offending token):
 *   - "unsupported construct 'X'" for packetdrill features outside the
 *     subset (%{ python }%, `shell` lines, udp/icmp packets, [ip options],
 *     blocking-call times "t1...t2", unknown syscalls, TCP options such as
 *     FO/md5, SOCK_DGRAM sockets) -> WC_ESCN_UNSUPPORTED;
 *   - "expected ..., found 'X'" and other syntax/semantic errors
 *     -> WC_ESCN_SYNTAX;
 *   - "too many events (max N)" etc. -> WC_ESCN_LIMIT.
 *
 * Memory: the parser never allocates. The caller owns the wc_scenario
 * (large: allocate it, do not put it on a small stack) and the text; the
 * scenario keeps only a pointer to the file name passed in, which must
 * outlive it. Nothing in *out is meaningful after an error.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/err.h"
#include "sut.h"

/* Scenario parser error codes (differential block -120 .. -159). */
#define WC_ESCN_SYNTAX      (-140) /* syntax or semantic error in a script */
#define WC_ESCN_UNSUPPORTED (-141) /* packetdrill construct outside the subset */
#define WC_ESCN_LIMIT       (-142) /* script exceeds a fixed capacity */

#define WC_SCN_MAX_EVENTS 512
#define WC_SCN_MAX_OPTS   16   /* TCP options per packet line */
#define WC_SCN_MAX_SACK   4    /* blocks per SACK option */
#define WC_SCN_MAX_RULES  16
#define WC_SCN_RULE_LEN   48   /* including the NUL */

/* TCP flag bits, as in the TCP header's byte 13. */
#define WC_SCN_FIN 0x01
#define WC_SCN_SYN 0x02
#define WC_SCN_RST 0x04
#define WC_SCN_PSH 0x08
#define WC_SCN_ACK 0x10
#define WC_SCN_URG 0x20
#define WC_SCN_ECE 0x40
#define WC_SCN_CWR 0x80

typedef enum wc_scn_time_kind {
	WC_SCN_TIME_ABS, /* usec after the script's start */
	WC_SCN_TIME_REL, /* usec after the previous event */
	WC_SCN_TIME_ANY, /* '*' */
} wc_scn_time_kind;

typedef struct wc_scn_time {
	wc_scn_time_kind kind;
	int64_t usec;     /* ABS / REL: the time (range: its start) */
	int64_t usec_end; /* range end (same kind), or == usec without a range */
} wc_scn_time;

/* TCP option kinds, as on the wire. */
#define WC_SCN_OPT_EOL    0
#define WC_SCN_OPT_NOP    1
#define WC_SCN_OPT_MSS    2
#define WC_SCN_OPT_WSCALE 3
#define WC_SCN_OPT_SACKOK 4
#define WC_SCN_OPT_SACK   5
#define WC_SCN_OPT_TS     8
#define WC_SCN_OPT_RAW    0xff /* "raw xx ..": bytes sent verbatim (inbound only) */
#define WC_SCN_MAX_RAW    40   /* bytes of one raw option */

typedef struct wc_scn_opt {
	uint8_t kind;     /* WC_SCN_OPT_* */
	uint8_t nblocks;  /* SACK: number of blocks */
	uint8_t nraw;     /* RAW: number of bytes in raw[] (1..WC_SCN_MAX_RAW) */
	uint32_t v1, v2;  /* MSS: v1; WSCALE: v1 (shift); TS: v1 = val, v2 = ecr */
	union {
		uint32_t sack[WC_SCN_MAX_SACK][2]; /* SACK: [i][0] = left, [i][1] = right */
		uint8_t raw[WC_SCN_MAX_RAW];       /* RAW: the bytes, in order */
	};
} wc_scn_opt;

typedef enum wc_scn_opts_mode {
	WC_SCN_OPTS_NONE, /* no option list written: no options */
	WC_SCN_OPTS_LIST, /* the nopts options below, in order */
	WC_SCN_OPTS_ANY,  /* "<...>": any options */
} wc_scn_opts_mode;

typedef struct wc_scn_packet {
	uint8_t flags;            /* WC_SCN_* flag bits */
	uint32_t seq;             /* start */
	uint32_t seq_end;         /* start + len */
	uint32_t len;             /* payload bytes */
	int has_ack, has_win, has_urg;
	uint32_t ack;
	uint32_t win;             /* 0..65535 */
	uint32_t urg;             /* 0..65535 */
	wc_scn_opts_mode opts_mode;
	unsigned nopts;
	wc_scn_opt opts[WC_SCN_MAX_OPTS];
} wc_scn_packet;

typedef enum wc_scn_sys_kind {
	WC_SCN_SYS_SOCKET,
	WC_SCN_SYS_SETSOCKOPT,
	WC_SCN_SYS_GETSOCKOPT,
	WC_SCN_SYS_FCNTL,
	WC_SCN_SYS_BIND,
	WC_SCN_SYS_LISTEN,
	WC_SCN_SYS_ACCEPT,
	WC_SCN_SYS_CONNECT,
	WC_SCN_SYS_WRITE,   /* also send(fd, ..., len, 0) */
	WC_SCN_SYS_READ,    /* also recv(fd, ..., len, 0) */
	WC_SCN_SYS_SHUTDOWN,
	WC_SCN_SYS_CLOSE,
} wc_scn_sys_kind;

typedef struct wc_scn_syscall {
	wc_scn_sys_kind kind;
	int fd;         /* script fd argument; -1 for socket() */
	int domain;     /* socket(): AF_INET / AF_INET6, 0 for "..." */
	int backlog;    /* listen() */
	int how;        /* shutdown(): SHUT_RD / SHUT_WR / SHUT_RDWR */
	int level, opt; /* setsockopt / getsockopt */
	int val;        /* setsockopt value; getsockopt expected value; for
			 * SO_LINGER: l_linger, or -1 when onoff = 0 */
	int cmd, arg;   /* fcntl(): F_GETFL / F_SETFL and its argument */
	uint32_t len;   /* write / read / send / recv byte count */
	long ret;       /* expected return value */
	int err;        /* expected errno (Linux numbering), 0 if none */
} wc_scn_syscall;

typedef enum wc_scn_event_kind {
	WC_SCN_INBOUND,  /* '<': inject */
	WC_SCN_OUTBOUND, /* '>': expect */
	WC_SCN_SYSCALL,
} wc_scn_event_kind;

typedef struct wc_scn_event {
	wc_scn_event_kind kind;
	wc_scn_time time;
	unsigned line, col;   /* of the event's first character */
	union {
		wc_scn_packet pkt; /* INBOUND / OUTBOUND */
		wc_scn_syscall sys; /* SYSCALL */
	};
} wc_scn_event;

typedef struct wc_scenario {
	const char *file;       /* as passed to the parser (borrowed) */
	/* options; -1 where not given */
	int64_t tolerance_usecs;
	int tolerance_percent;
	int ip_version;          /* 4 (default) or 6 */
	int mtu;
	int bind_port;           /* default 8080, as packetdrill */
	int connect_port;        /* default 8080, as packetdrill */
	/* wirecheck directives */
	int model_decides;       /* 1 if "// wirecheck: model-decides" */
	int timestamps, sack, window_scaling, ecn, syncookies, rfc1337; /* -1: default */
	char stacks[64];         /* "stacks" directive as written ("model,lwip"); "" = all */
	unsigned nrules;
	char rules[WC_SCN_MAX_RULES][WC_SCN_RULE_LEN];
	unsigned nevents;
	wc_scn_event events[WC_SCN_MAX_EVENTS];
} wc_scenario;

/*
 * Parse len bytes of script text (need not be NUL-terminated; a NUL byte
 * inside is a syntax error). file names the script in messages and is
 * stored in out->file. WC_OK and *out filled, or WC_ESCN_* with
 * "file:line:col: message" in err (truncated to errlen, always
 * NUL-terminated when errlen > 0). err may be NULL.
 */
int wc_scenario_parse(const char *text, size_t len, const char *file,
		      wc_scenario *out, char *err, size_t errlen);

/*
 * Read the file at path into the caller's buf (cap bytes) and parse it.
 * WC_EIO if it cannot be read (message "path: strerror"), WC_ESCN_LIMIT if
 * it is longer than cap, else as wc_scenario_parse. Does not allocate.
 */
int wc_scenario_parse_file(const char *path, char *buf, size_t cap,
			   wc_scenario *out, char *err, size_t errlen);

/*
 * The SUT configuration a scenario asks for: cfg's fields are overwritten
 * where the scenario sets them (ip_version 6 -> ipv6 = 1, sysctls, mtu ->
 * mss = mtu - 40 or - 60) and left alone otherwise. Never fails.
 */
void wc_scenario_config(const wc_scenario *sc, wc_sut_config *cfg);

/*
 * The wc_sut_call for a syscall event (port from bind_port/connect_port,
 * SO_LINGER mapped as sut.h documents). WC_ESUT_NOCALL for fcntl, which
 * SUT sockets do not need (they are always nonblocking; the runner checks
 * the expected return itself). c->data is NULL (WRITE: zero bytes).
 */
int wc_scenario_sut_call(const wc_scenario *sc, const wc_scn_syscall *sys, wc_sut_call *c);

/*
 * Whether the scenario runs on the stack named name: 1 when it has no
 * "stacks" directive or name is listed (an entry "lwip" also admits
 * "lwip-..." variants), else 0.
 */
int wc_scenario_runs_on(const wc_scenario *sc, const char *name);

/* "socket", "write", ...; "?" for an unknown kind. */
const char *wc_scn_sys_name(int kind);

#endif
