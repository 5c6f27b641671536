#ifndef WC_TOOLS_WIRECHECK_H
#define WC_TOOLS_WIRECHECK_H

/*
 * The wirecheck CLI: the subcommand table lives in tools/wirecheck.c; each
 * group of subcommands lives in its own tools/wirecheck_<group>.c and is
 * declared here. Adding a subcommand = one prototype here + one row in the
 * table.
 *
 * A subcommand gets argc/argv with argv[0] = its own name and returns the
 * process exit status: 0 success, 1 bad input or failed operation (after
 * printing exactly one "wirecheck: FILE: ..." line), 2 usage error.
 */

#include <stddef.h>
#include <stdint.h>

/* tools/wirecheck_pcap.c */
int wc_cli_pcap2mpk(int argc, char **argv);
int wc_cli_mpk2pcap(int argc, char **argv);
int wc_cli_pcap2seeds(int argc, char **argv);
int wc_cli_frame2pcap(int argc, char **argv);

/* tools/wirecheck_findings.c: execs tools/findings.py (new, list, show,
 * triage, report, fix, disclose, export, check). */
int wc_cli_findings(int argc, char **argv);

/* tools/wirecheck_diff.c */
int wc_cli_run(int argc, char **argv);
int wc_cli_conformance(int argc, char **argv);

/* tools/wirecheck_tcpdiff.c */
int wc_cli_diff2pkt(int argc, char **argv);

/* Helpers shared by subcommands (tools/wirecheck.c). */

/* Print "wirecheck: FILE: offset N: MESSAGE" (no "offset N: " when offset is
 * negative, no "FILE: " when file is NULL) on stderr; return 1. */
int wc_cli_fail(const char *file, long long offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print the usage line of subcommand name on stderr; return 2. */
int wc_cli_usage(const char *name);

/* Read the whole file at path into a malloc'd buffer (*buf, *len; caller
 * frees; *buf is non-NULL even for an empty file). Returns 0, or -1 with
 * errno set and nothing allocated. */
int wc_cli_read_file(const char *path, uint8_t **buf, size_t *len);

/* Write len bytes to path atomically: "<path>.tmp.<pid>", fsync, rename.
 * Returns 0, or -1 with errno set and no file left behind (path untouched). */
int wc_cli_write_atomic(const char *path, const void *buf, size_t len);

#endif
