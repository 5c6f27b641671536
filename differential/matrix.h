#ifndef WC_MATRIX_H
#define WC_MATRIX_H

/*
 * The conformance matrix: results of every (scenario, stack) run laid out
 * against the reference model's rules, written as Markdown and as one
 * self-contained HTML page (inline CSS, no script).
 *
 * Rows are the model's rules (wc_tm_rows: ID, RFC source with MUST-n,
 * requirement class); columns are stacks. A cell summarises the runs of
 * the scenarios that exercise the rule — those declaring it with
 * "// wirecheck: rule" plus any run whose divergence names it:
 *   diverge   a run diverged at this rule (its class: MUST, SHOULD/MAY,
 *             outside model), or a declaring scenario diverged elsewhere
 *             (the rule it stopped at is shown);
 *   error / timeout, then pass, then skip (every run skipped);
 *   "no scenario" when nothing exercises the rule.
 * The worst outcome wins; the cell links to that run's scenario file and
 * pcap (relative links from the output directory). Below the rule table:
 * per-stack counts by class, every run with its one-line report, scenario
 * files that failed to parse, and rule IDs scenarios name that the model
 * does not have.
 *
 * Paths: out_dir is where matrix.md / matrix.html go; pcaps are expected at
 * out_dir/<stack>/<scenario name>.pcap (wc_mx_pcap_path). Scenario files
 * are linked relative to out_dir when both are relative to the working
 * directory, absolutely otherwise.
 */

#include <stddef.h>

#include "runner.h"
#include "scenario.h"

#define WC_MX_MAX_STACKS 8

typedef struct wc_mx_scn {
	const char *name;        /* "handshake/passive_open" (no .pkt) */
	const char *path;        /* the file, as found */
	const wc_scenario *sc;   /* NULL if it did not parse */
	const char *parse_error; /* "file:line:col: message" when sc is NULL */
} wc_mx_scn;

typedef struct wc_mx {
	unsigned nscn;
	const wc_mx_scn *scn;
	unsigned nstacks;
	const char *stacks[WC_MX_MAX_STACKS];
	const wc_run_result *res; /* nscn * nstacks, res[i * nstacks + j] */
	double wall_s;            /* whole run, for the page header */
} wc_mx;

/* out_dir/<stack>/<name>.pcap into buf. WC_OK or WC_ENOSPC. */
int wc_mx_pcap_path(const char *out_dir, const char *stack, const char *name, char *buf, size_t cap);

/* Write out_dir/matrix.md and out_dir/matrix.html (each via a temporary
 * file and rename). WC_OK or WC_EIO (errno says why; nothing half-written
 * is left at either path). */
int wc_mx_write(const wc_mx *mx, const char *out_dir);

/* One line: "conformance: 3 scenarios x 3 stacks in 1.2 s; model: 3 pass;
 * lwip: 2 pass, 1 diverge (1 MUST); linux: 3 skip". */
void wc_mx_summary(const wc_mx *mx, char *buf, size_t cap);

#endif
