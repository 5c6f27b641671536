/*
 * wirecheck diff2pkt: a tcp_diff fuzz input -> a packetdrill-style scenario.
 *
 * The input is run through the tcp_diff engine (differential/diff_tcp.c) on
 * the lwIP this binary links, which records every event it executes with
 * absolute numbers (inbound seq relative to the peer's ISN, ack to lwIP's,
 * syscall results as lwIP returned them, absolute times); the recording is
 * printed as a script with "// wirecheck: model-decides", so
 * `wirecheck run --stack model,lwip,linux OUT.pkt` replays it: lwIP's
 * outputs are judged by the model as in the fuzz target, and Linux shows
 * what another stack does with the same inputs.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../differential/diff_tcp.h"
#include "../differential/scenario.h"
#include "../differential/stacks/lwip.h"
#include "wirecheck.h"

typedef struct sbuf {
	char *p;
	size_t len, cap;
	int full;
} sbuf;

static void out(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	if (b->full)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		b->full = 1;
		return;
	}
	b->len += (size_t)n;
}

static void put_time(sbuf *b, int64_t usec)
{
	out(b, "%" PRId64 ".%06" PRId64 " ", usec / 1000000, usec % 1000000);
}

static void put_ret(sbuf *b, long ret, int err)
{
	if (ret == -1 && err) {
		const char *n = strerrorname_np(err), *t = strerrordesc_np(err);
		out(b, " = -1 %s (%s)\n", n ? n : "EIO", t ? t : "error");
	} else {
		out(b, " = %ld\n", ret);
	}
}

static void put_sys(sbuf *b, const wc_scn_syscall *y)
{
	switch (y->kind) {
	case WC_SCN_SYS_SOCKET:
		out(b, "socket(..., SOCK_STREAM, IPPROTO_TCP)");
		break;
	case WC_SCN_SYS_BIND: out(b, "bind(%d, ..., ...)", y->fd); break;
	case WC_SCN_SYS_LISTEN: out(b, "listen(%d, %d)", y->fd, y->backlog); break;
	case WC_SCN_SYS_CONNECT: out(b, "connect(%d, ..., ...)", y->fd); break;
	case WC_SCN_SYS_ACCEPT: out(b, "accept(%d, ..., ...)", y->fd); break;
	case WC_SCN_SYS_WRITE: out(b, "write(%d, ..., %u)", y->fd, y->len); break;
	case WC_SCN_SYS_READ: out(b, "read(%d, ..., %u)", y->fd, y->len); break;
	case WC_SCN_SYS_SHUTDOWN:
		out(b, "shutdown(%d, %s)", y->fd, y->how == SHUT_RD ? "SHUT_RD" : y->how == SHUT_WR ? "SHUT_WR" : "SHUT_RDWR");
		break;
	case WC_SCN_SYS_CLOSE: out(b, "close(%d)", y->fd); break;
	case WC_SCN_SYS_SETSOCKOPT:
		out(b, "setsockopt(%d, SOL_SOCKET, SO_LINGER, {onoff=1, linger=%d}, 8)", y->fd, y->val);
		break;
	case WC_SCN_SYS_FCNTL: out(b, "fcntl(%d, F_SETFL, O_RDWR|O_NONBLOCK)", y->fd); break;
	default: out(b, "?"); break;
	}
	put_ret(b, y->ret, y->err);
}

static void put_pkt(sbuf *b, const wc_scn_packet *k)
{
	static const struct { uint8_t bit; char c; } f[] = {
		{WC_SCN_SYN, 'S'}, {WC_SCN_FIN, 'F'}, {WC_SCN_RST, 'R'}, {WC_SCN_PSH, 'P'},
		{WC_SCN_URG, 'U'}, {WC_SCN_ECE, 'E'}, {WC_SCN_CWR, 'W'}, {WC_SCN_ACK, '.'},
	};
	char fl[12];
	size_t n = 0;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (k->flags & f[i].bit)
			fl[n++] = f[i].c;
	if (!n)
		fl[n++] = '-';
	fl[n] = 0;
	out(b, "< %s %u:%u(%u)", fl, k->seq, k->seq_end, k->len);
	if (k->has_ack)
		out(b, " ack %u", k->ack);
	if (k->has_win)
		out(b, " win %u", k->win);
	if (k->has_urg)
		out(b, " urg %u", k->urg);
	if (k->opts_mode == WC_SCN_OPTS_LIST && k->nopts) {
		out(b, " <");
		for (unsigned i = 0; i < k->nopts; i++) {
			const wc_scn_opt *o = &k->opts[i];
			const char *sep = i ? "," : "";
			switch (o->kind) {
			case WC_SCN_OPT_MSS: out(b, "%smss %u", sep, o->v1); break;
			case WC_SCN_OPT_WSCALE: out(b, "%swscale %u", sep, o->v1); break;
			case WC_SCN_OPT_SACKOK: out(b, "%ssackOK", sep); break;
			case WC_SCN_OPT_TS: out(b, "%sTS val %u ecr %u", sep, o->v1, o->v2); break;
			case WC_SCN_OPT_NOP: out(b, "%snop", sep); break;
			case WC_SCN_OPT_EOL: out(b, "%seol", sep); break;
			case WC_SCN_OPT_RAW:
				out(b, "%sraw", sep);
				for (unsigned j = 0; j < o->nraw; j++)
					out(b, " %02x", o->raw[j]);
				break;
			case WC_SCN_OPT_SACK:
				out(b, "%ssack", sep);
				for (unsigned j = 0; j < o->nblocks; j++)
					out(b, " %u:%u", o->sack[j][0], o->sack[j][1]);
				break;
			default: break;
			}
		}
		out(b, ">");
	}
	out(b, "\n");
}

/* What the engine's run leaves for the parent (shared memory: a crash of
 * lwIP in the child keeps the events recorded up to the crash). */
typedef struct shared {
	wc_scenario rec;
	int done, diverged, engine_failed;
	char rule[48];
	char line[400];
} shared;

static wc_dt g_dt;
static wc_scenario g_check;

static int emit(struct shared *sh, const char *dst, size_t inlen);

static void child(shared *sh, const uint8_t *in, size_t inlen)
{
	char why[240] = "";
	if (wc_dt_open(&g_dt, why, sizeof why) != WC_OK) {
		sh->engine_failed = 1;
		snprintf(sh->line, sizeof sh->line, "lwIP does not open: %s", why);
		return;
	}
	int rc = wc_dt_run(&g_dt, in, inlen, &sh->rec);
	if (rc != WC_OK || g_dt.harness_err) {
		sh->engine_failed = 1;
		snprintf(sh->line, sizeof sh->line, "the tcp_diff engine failed: %s", g_dt.why);
	} else if (g_dt.diverged) {
		sh->diverged = 1;
		snprintf(sh->rule, sizeof sh->rule, "%s", g_dt.rep.rule_id ? g_dt.rep.rule_id : "-");
		wc_dt_format(&g_dt, sh->line, sizeof sh->line);
	} else if (g_dt.model_err) {
		snprintf(sh->line, sizeof sh->line, "%s", g_dt.why);
	} else {
		int leak = wc_dt_leaks(&g_dt, why, sizeof why);
		snprintf(sh->line, sizeof sh->line, "no divergence on lwIP (%s)%s%s", wc_lwip_build(),
			 leak ? "; leak oracle: " : "", leak ? why : "");
	}
	wc_dt_close(&g_dt);
	sh->done = 1;
}

int wc_cli_diff2pkt(int argc, char **argv)
{
	uint8_t *in = NULL;
	size_t inlen = 0;
	if (argc != 3)
		return wc_cli_usage(argv[0]);
	const char *src = argv[1], *dst = argv[2];
	if (wc_cli_read_file(src, &in, &inlen) != 0)
		return wc_cli_fail(src, -1, "%s", strerror(errno));
	shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		free(in);
		return wc_cli_fail(NULL, -1, "mmap: %s", strerror(errno));
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		free(in);
		munmap(sh, sizeof *sh);
		return wc_cli_fail(NULL, -1, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		child(sh, in, inlen);
		_exit(0);
	}
	free(in);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (sh->engine_failed) {
		int r = wc_cli_fail(src, -1, "%s", sh->line);
		munmap(sh, sizeof *sh);
		return r;
	}
	if (!sh->done) {
		if (WIFSIGNALED(st))
			snprintf(sh->line, sizeof sh->line,
				 "lwIP crashed (%s) at the last event below; its own message is on stderr",
				 strsignal(WTERMSIG(st)));
		else
			snprintf(sh->line, sizeof sh->line, "the engine exited %d without a result",
				 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	int rc = emit(sh, dst, inlen);
	munmap(sh, sizeof *sh);
	return rc;
}

/* Print the recording as a script, check that it parses back, write it. */
static int emit(shared *sh, const char *dst, size_t inlen)
{
	const wc_scenario *rec = &sh->rec;
	const char *line = sh->line;
	size_t cap = 512 + (size_t)rec->nevents * 512;
	sbuf b = {malloc(cap), 0, cap, 0};
	if (!b.p)
		return wc_cli_fail(dst, -1, "out of memory");
	out(&b, "// Generated by `wirecheck diff2pkt` from a tcp_diff input (%zu bytes).\n", inlen);
	out(&b, "// tcp_diff on lwIP: %s\n", line);
	out(&b, "// Syscall results are lwIP's; other stacks may return others.\n");
	if (rec->ip_version == 6)
		out(&b, "--ip_version=ipv6\n");
	out(&b, "// wirecheck: model-decides\n");
	if (sh->diverged && strcmp(sh->rule, "-") != 0)
		out(&b, "// wirecheck: rule %s\n", sh->rule);
	out(&b, "\n");
	for (unsigned i = 0; i < rec->nevents; i++) {
		wc_scn_event *e = &sh->rec.events[i];
		if (!sh->done && i + 1 == rec->nevents && e->kind == WC_SCN_SYSCALL &&
		    e->sys.kind == WC_SCN_SYS_WRITE) {
			/* lwIP died inside this call: no result was recorded */
			out(&b, "// lwIP crashed inside this call; the result written is the full length\n");
			e->sys.ret = e->sys.len;
			e->sys.err = 0;
		}
		put_time(&b, e->time.usec);
		if (e->kind == WC_SCN_SYSCALL)
			put_sys(&b, &e->sys);
		else
			put_pkt(&b, &e->pkt);
	}
	if (b.full) {
		free(b.p);
		return wc_cli_fail(dst, -1, "internal: script longer than %zu bytes", cap);
	}
	/* the script must parse back into the events it was printed from */
	char err[200];
	if (wc_scenario_parse(b.p, b.len, dst, &g_check, err, sizeof err) != WC_OK) {
		free(b.p);
		return wc_cli_fail(NULL, -1, "internal: generated script does not parse: %s", err);
	}
	if (g_check.nevents != rec->nevents) {
		free(b.p);
		return wc_cli_fail(dst, -1, "internal: generated script has %u events, the run %u",
				   g_check.nevents, rec->nevents);
	}
	if (wc_cli_write_atomic(dst, b.p, b.len) != 0) {
		free(b.p);
		return wc_cli_fail(dst, -1, "%s", strerror(errno));
	}
	free(b.p);
	printf("%s: %u events; %s\n", dst, rec->nevents, line);
	return 0;
}
