/* wirecheck: the command-line entry point and the subcommand table. */
#include "wirecheck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct wc_cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args; /* synopsis after the name */
	const char *help; /* one line */
};

static int cmd_help(int argc, char **argv);

/* The subcommands, in the order `wirecheck help` lists them. */
static const struct wc_cli_cmd k_cmds[] = {
	{"pcap2mpk", wc_cli_pcap2mpk, "IN.pcap OUT.mpk [--lwip]",
	 "capture -> multi-packet input; delays from timestamps (--lwip: none, lwIP 2.1.3's exact format)"},
	{"mpk2pcap", wc_cli_mpk2pcap, "IN.mpk OUT.pcap [--raw]",
	 "multi-packet input -> capture (Ethernet; --raw: raw IP); timestamps from the delays"},
	{"pcap2seeds", wc_cli_pcap2seeds, "IN.pcap OUTDIR [--prefix NAME] [--strip-eth]",
	 "one seed file per frame, OUTDIR/NAME-0001.bin ... (--strip-eth: IP packets only)"},
	{"frame2pcap", wc_cli_frame2pcap, "IN.bin OUT.pcap [--raw]",
	 "a single-frame input (e.g. a crash) -> one-record capture (--raw: raw IP)"},
	{"findings", wc_cli_findings, "new|list|show|triage|describe|report|fix|disclose|export|check ...",
	 "findings and their 90-day disclosure clock (tools/findings.py; findings --help)"},
	{"run", wc_cli_run, "[--stack model,lwip,linux] [--out DIR] [--timeout S] [--jobs N] [--no-model] FILE.pkt|DIR...",
	 "run scenarios on stacks; one packetdrill-style line per (scenario, stack); pcaps in DIR/<stack>/ (--no-model: script only)"},
	{"conformance", wc_cli_conformance, "[--out DIR] [--stack LIST] [--timeout S] [--jobs N] [-v] [PATH...]",
	 "every scenario (default differential/scenarios) on every stack -> DIR/matrix.md, matrix.html"},
	{"diff2pkt", wc_cli_diff2pkt, "INPUT OUT.pkt",
	 "a tcp_diff fuzz input -> scenario (model-decides) that replays it on model, lwIP, Linux"},
	{"help", cmd_help, "[SUBCOMMAND]", "this list, or one subcommand's usage"},
};
#define NCMDS (sizeof k_cmds / sizeof k_cmds[0])

static const struct wc_cli_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < NCMDS; i++)
		if (strcmp(k_cmds[i].name, name) == 0)
			return &k_cmds[i];
	return NULL;
}

static void list_cmds(FILE *f)
{
	fprintf(f, "usage: wirecheck SUBCOMMAND [ARGS]\n\nsubcommands:\n");
	for (size_t i = 0; i < NCMDS; i++)
		fprintf(f, "  %-11s %s\n  %-11s   %s\n", k_cmds[i].name, k_cmds[i].args, "", k_cmds[i].help);
	fprintf(f, "\nOn bad input: one line \"wirecheck: FILE: offset N: problem\", exit 1,\n"
		   "and no output file is left half-written.\n");
}

static int cmd_help(int argc, char **argv)
{
	const struct wc_cli_cmd *c;

	if (argc < 2) {
		list_cmds(stdout);
		return 0;
	}
	c = find_cmd(argv[1]);
	if (!c)
		return wc_cli_fail(NULL, -1, "unknown subcommand '%s' (try: wirecheck help)", argv[1]);
	printf("usage: wirecheck %s %s\n  %s\n", c->name, c->args, c->help);
	return 0;
}

int wc_cli_usage(const char *name)
{
	const struct wc_cli_cmd *c = find_cmd(name);

	if (c)
		fprintf(stderr, "usage: wirecheck %s %s\n", c->name, c->args);
	else
		list_cmds(stderr);
	return 2;
}

int wc_cli_fail(const char *file, long long offset, const char *fmt, ...)
{
	va_list ap;

	fputs("wirecheck: ", stderr);
	if (file)
		fprintf(stderr, "%s: ", file);
	if (offset >= 0)
		fprintf(stderr, "offset %lld: ", offset);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int wc_cli_read_file(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return -1;
	for (;;) {
		size_t got;
		if (cap - n < 65536) {
			uint8_t *nb = realloc(b, cap ? cap * 2 : 65536);
			if (!nb) {
				free(b);
				fclose(f);
				errno = ENOMEM;
				return -1;
			}
			b = nb;
			cap = cap ? cap * 2 : 65536;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;
		free(b);
		fclose(f);
		errno = e;
		return -1;
	}
	fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

int wc_cli_write_atomic(const char *path, const void *buf, size_t len)
{
	char *tmp = NULL;
	const uint8_t *p = buf;
	int fd, e;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0) {
		errno = ENOMEM;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		goto fail_noclose;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
fail_noclose:
	e = errno;
	free(tmp);
	errno = e;
	return -1;
}

int main(int argc, char **argv)
{
	const struct wc_cli_cmd *c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		list_cmds(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	c = find_cmd(argv[1]);
	if (!c) {
		wc_cli_fail(NULL, -1, "unknown subcommand '%s' (try: wirecheck help)", argv[1]);
		return 2;
	}
	return c->fn(argc - 1, argv + 1);
}
