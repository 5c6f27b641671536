/*
 * tcp_diff: differential fuzzing of lwIP's TCP against the reference model.
 *
 * Input: a 2-byte prologue choosing the opening (passive: listen + the
 * peer's SYN; active: connect, lwIP's SYN), IP version, the options and
 * window of the peer's SYN, whether the handshake completes and is
 * accepted; then up to 160 ops, each an opcode byte and its arguments:
 * inbound segments whose sequence number is chosen relative to RCV.NXT
 * (exact, +/- small, at and beyond the window's right edge, +2^31,
 * far below / above), whose ack is chosen relative to SND.UNA / SND.NXT
 * (new, duplicate, old, partial, unsent, far, SND.NXT - 1, zero), with flags
 * from a table of 16 combinations (incl. SYN|FIN, RST|ACK, SYN|RST, no
 * flags), window, options (MSS incl. 0/1/65535, window scale 0..15,
 * SACK-permitted, timestamps, SACK blocks, NOPs) and payload length; user
 * calls (write n, read n, shutdown(SHUT_WR), close, abort, accept, close of
 * the listener); time steps (1-256 ms, RTO-sized 0.5-8 s, TIME-WAIT-sized
 * 60-240 s). The exact byte layout is documented in differential/diff_tcp.h.
 *
 * Each event runs on lwIP in-process (instrumented build, raw IP link) and
 * on the reference model's trace checker in MIRROR mode with the "lwip"
 * profile, which is fed every segment lwIP actually sends.
 *
 * Properties:
 *   1. divergence: the checker accepts every step. A refused step aborts
 *      with the one-line signature
 *        "divergence rule=R_... field=... state=...: allowed ... actual ..."
 *      (tools/wcpipe/signature.py makes it "Divergence rule=.. field=..
 *      state=..", so triage deduplicates by (rule, field, state)). Only MUST
 *      and OUTSIDE-model divergences abort: the "lwip" profile carries lwIP's
 *      legitimate SHOULD/MAY choices and does not report SHOULD-level
 *      divergences (report_should = 0); a SHOULD-class report, should one
 *      appear, is not a finding. `wirecheck diff2pkt INPUT OUT.pkt` turns
 *      the input into a scenario that replays the divergence on model,
 *      lwIP and Linux.
 *   2. the model itself never fails (no table row, bad argument): a model
 *      bug, aborted as a property failure without a divergence signature;
 *   3. leaks: after the input every descriptor is aborted / closed and up to
 *      an hour of virtual time passes; lwIP must drop every protocol
 *      control block, and after a reset its heap and pools are back at
 *      their baseline.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../differential/diff_tcp.h"
#include "wirecheck/check.h"

/* Known model / checker limitations (models/tcp is edited elsewhere):
 * divergences that are not lwIP's and are not reported. Each entry names
 * the limitation; narrowed by state, the call running when the output came
 * and the actual value, so that other divergences of the rule still count.
 *   - the checker judges the outputs of a user call after the call: at
 *     abort, lwIP's tcp_pcb_remove() first flushes a pending delayed ACK
 *     (an ACK the model owed too), then sends the RST; the model, CLOSED by
 *     then, refuses the ACK (rule R_OUT_ACK_BADSTATE, flags 16 = ACK). */
static const struct {
	const char *rule, *field, *state;
	int call;           /* WC_CALL_* during which it came, -1: any */
	const char *actual; /* NULL: any */
} k_model_bugs[] = {
	{"R_OUT_ACK_BADSTATE", "flags", "CLOSED", WC_CALL_ABORT, "16"},
	{NULL, NULL, NULL, -1, NULL},
};

static int model_bug(const wc_dt *d)
{
	const wc_tm_report *r = &d->rep;
	if (!r->rule_id || !r->field)
		return 0;
	for (size_t i = 0; k_model_bugs[i].rule; i++)
		if (strcmp(r->rule_id, k_model_bugs[i].rule) == 0 && strcmp(r->field, k_model_bugs[i].field) == 0 &&
		    strcmp(wc_tcp_state_name(r->state), k_model_bugs[i].state) == 0 &&
		    (k_model_bugs[i].call < 0 || k_model_bugs[i].call == d->rep_call) &&
		    (!k_model_bugs[i].actual || strcmp(r->actual, k_model_bugs[i].actual) == 0))
			return 1;
	return 0;
}

/* Campaign suppressions: TCP_DIFF_KNOWN="RULE/FIELD/STATE;..." (STATE may
 * be "*") names
 * divergences already triaged and recorded (regressions/scenarios/), so a
 * long campaign gets past them; read once at start-up, empty by default
 * (CI and `make fuzz-tcp_diff` report everything). */
#define MAX_KNOWN 128
static char g_known_buf[8192];
static const char *g_known[MAX_KNOWN][3];
static unsigned g_nknown;

static void known_load(void)
{
	const char *env = getenv("TCP_DIFF_KNOWN");
	if (!env)
		return;
	WC_CHECK(strlen(env) < sizeof g_known_buf, "TCP_DIFF_KNOWN longer than %zu bytes", sizeof g_known_buf - 1);
	snprintf(g_known_buf, sizeof g_known_buf, "%s", env);
	char *save = NULL;
	for (char *t = strtok_r(g_known_buf, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
		WC_CHECK(g_nknown < MAX_KNOWN, "TCP_DIFF_KNOWN has more than %d entries", MAX_KNOWN);
		char *f = strchr(t, '/'), *st = f ? strchr(f + 1, '/') : NULL;
		WC_CHECK(f && st, "TCP_DIFF_KNOWN entry '%s' is not RULE/FIELD/STATE", t);
		*f++ = 0;
		*st++ = 0;
		g_known[g_nknown][0] = t;
		g_known[g_nknown][1] = f;
		g_known[g_nknown][2] = st;
		g_nknown++;
	}
}

static int known(const wc_tm_report *r)
{
	const char *state = wc_tcp_state_name(r->state);
	for (unsigned i = 0; i < g_nknown; i++)
		if (r->rule_id && r->field && strcmp(r->rule_id, g_known[i][0]) == 0 &&
		    strcmp(r->field, g_known[i][1]) == 0 &&
		    (strcmp(g_known[i][2], "*") == 0 || strcmp(state, g_known[i][2]) == 0))
			return 1;
	return 0;
}

static wc_dt g_dt;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char why[200] = "";
	(void)argc;
	(void)argv;
	known_load();
	int rc = wc_dt_open(&g_dt, why, sizeof why);
	WC_CHECK(rc == WC_OK, "tcp_diff: lwIP does not open: %s", why);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[400], why[240];
	wc_dt *d = &g_dt;
	WC_CHECK(wc_dt_run(d, data, size, NULL) == WC_OK, "tcp_diff: engine refused the input");
	WC_CHECK(!d->harness_err, "tcp_diff %s", d->why);
	WC_CHECK(!d->model_err, "tcp_diff %s", d->why);
	if (d->diverged && d->rep.cls != WC_TM_SHOULD && !model_bug(d) && !known(&d->rep)) {
		wc_dt_format(d, line, sizeof line);
		WC_CHECK(!d->diverged, "%s", line);
	}
	why[0] = 0;
	int leak = wc_dt_leaks(d, why, sizeof why);
	WC_CHECK(!leak, "tcp_diff %s", why);
	return 0;
}
