#ifndef WC_RUNNER_H
#define WC_RUNNER_H

/*
 * The differential runner: executes one parsed scenario (scenario.h)
 * against one system under test (sut.h), checks what the stack sends
 * against the script and against the TCP reference model, and records
 * every packet both ways into a pcap.
 *
 * Execution, event by event:
 *   - time: each event's time (absolute, relative or '*') becomes a target
 *     on a virtual timeline; the SUT's advance() (virtual stacks: clock,
 *     Linux: sleep) and the mirror model's wc_tm_advance() get the delta;
 *   - '<' packets are built as IP + TCP with correct checksums from the
 *     peer 192.0.2.2 / 2001:db8::2 (port WC_RUN_PEER_PORT) to the SUT's
 *     address and port (bind_port, or the port the SUT's own SYN used);
 *     sequence numbers are relative to the peer's fixed ISN
 *     (WC_RUN_PEER_ISN), acknowledgment numbers and SACK blocks to the
 *     SUT's ISN learned from its SYN or SYN-ACK (0 until one is seen);
 *     a missing window is 65535; TS ecr is mapped onto the SUT's clock
 *     (see "Normalisation");
 *   - '>' packets take the oldest unmatched segment the SUT sent; if none
 *     is queued at the event's time the runner waits (advances) in 1 ms
 *     steps up to the script's tolerance (tolerance_usecs, default 4000);
 *   - syscalls go through wc_sut_call with the script's fd numbers mapped
 *     to the SUT's; the return value and errno are compared (fcntl is not
 *     sent: SUT sockets are always nonblocking; getsockopt compares the
 *     value it reads).
 * After every event, and every 4 ms of script time while time passes, the
 * SUT's output queue is drained; each IP packet is written to the pcap
 * (stamped with script time), each TCP segment is checksum-verified and fed
 * to the model's trace checker (tcp_model_check.h: wc_tmc_*, a MIRROR-mode
 * model that also sees every inbound segment, call and time step, and
 * reports what was owed and not sent) before it is matched.
 *
 * Normalisation (what stacks may choose, masked as the model allows):
 * outbound seq is compared relative to the SUT's ISN and ack / SACK blocks
 * relative to the peer's ISN; outbound TS val is never compared (the
 * stack's clock) but the first one seen fixes the mapping of inbound TS ecr
 * values (script ecr E != 0 -> E + offset, offset = actual TS val minus the
 * script's TS val on that '>' line, or the SUT's latest TS val when the
 * script gave none); NOP and EOL padding is ignored when option lists are
 * compared; "<...>" accepts any options; an omitted ack or win is not
 * compared.
 *
 * Outcome (first divergence stops the run, as packetdrill does):
 *   pass      every event ran, every '>' matched, the model accepted every
 *             segment and no obligation the model imposes was left unmet;
 *   diverge   a field differs from the script or the model rejects a
 *             segment: rule (the model row responsible), field, expected,
 *             actual, script line, class. Class is the model row's (MUST,
 *             SHOULD/MAY) when the model itself rejects what the stack did,
 *             and OUTSIDE when the model allows the stack's behaviour and
 *             only the script's stricter expectation differs;
 *   skip      the SUT is unavailable here (its reason);
 *   error     harness failure (cannot build a packet, SUT op failed);
 *   timeout   the per-run deadline passed (wc_run_isolated kills it).
 * In "model-decides" scenarios outbound segments the script does not list
 * are judged by the model alone; otherwise an unlisted segment is a
 * divergence (field=segment, expected "no segment").
 *
 * Memory: results are plain data (no pointers), so they cross a pipe.
 * Nothing here allocates except libpcap's writer.
 */

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "sut.h"
#include "wirecheck/tcp_model.h"
#include "wirecheck/wire_tcp.h"

#define WC_RUN_PEER_PORT 40000
#define WC_RUN_PEER_ISN  0x0badcafeu
#define WC_RUN_PCAP_EPOCH 1700000000LL /* pcap time of script time 0, seconds */

typedef enum wc_run_status {
	WC_RUN_PASS = 0,
	WC_RUN_DIVERGE,
	WC_RUN_SKIP,
	WC_RUN_ERROR,
	WC_RUN_TIMEOUT,
} wc_run_status;

/* Divergence class: the values of enum wc_tm_class. */
#define WC_RUN_MUST    0
#define WC_RUN_SHOULD  1
#define WC_RUN_OUTSIDE 2

#define WC_RUN_TRACE_LEN 1536

typedef struct wc_run_result {
	int status;            /* wc_run_status */
	int cls;               /* DIVERGE: WC_RUN_MUST / SHOULD / OUTSIDE */
	char stack[16];
	char rule[48];         /* DIVERGE: model row ID, "-" when none applies */
	char field[16];        /* "ack", "seq", "flags", "segment", "ret", ... */
	char expected[96];
	char actual[96];
	unsigned line, col;    /* script position of the event (DIVERGE / ERROR) */
	char why[200];         /* SKIP / ERROR / TIMEOUT: reason */
	unsigned long events;  /* events executed */
	unsigned long pkts_in, pkts_out;
	uint64_t wall_us;      /* wall time of the run */
	/* Normalised outbound trace "L<line>:<flags> <seq>:<end>(<len>) ack <a>;..."
	 * (line = the event after which the segment appeared), for comparing
	 * stacks with each other. Truncated with "..." if longer. */
	char trace[WC_RUN_TRACE_LEN];
} wc_run_result;

typedef struct wc_run_opts {
	const char *pcap_path; /* write the run here (raw-IP pcap), NULL: none */
	uint64_t timeout_us;   /* allowed overrun: the run is cut off this long
				* after the script's own span (its last event's
				* time plus output waits) has passed; 0: none */
	int mirror;            /* 1: check with the reference model (default) */
	const char *profile;   /* model profile; NULL: by stack name, else "strict" */
} wc_run_opts;

/* Defaults: no pcap, 10 s overrun allowed, mirror on, profile by stack
 * ("lwip*" -> lwip, "linux" -> linux, "model" and others -> strict). */
void wc_run_opts_default(wc_run_opts *o);

/*
 * Run sc on a fresh instance of ops (opened and closed here) in this
 * process. Always fills *res (status says what happened) and returns WC_OK,
 * or WC_EINVAL for NULL arguments. The timeout is checked between events
 * and while waiting for output; a stack that blocks inside one call is only
 * stopped by wc_run_isolated.
 */
int wc_run_scenario(const wc_scenario *sc, const wc_sut_ops *ops,
		    const wc_run_opts *o, wc_run_result *res);

/*
 * The same in a child process: a crash or hang of the stack cannot take
 * the caller down. After the script's span + o->timeout_us (+1 s grace) the child is killed
 * and the result is WC_RUN_TIMEOUT (its half-written pcap is removed); a
 * child killed by a signal gives WC_RUN_ERROR naming the signal.
 * Returns WC_OK (result filled) or WC_EINVAL.
 */
int wc_run_isolated(const wc_scenario *sc, const wc_sut_ops *ops,
		    const wc_run_opts *o, wc_run_result *res);

/*
 * The same, without waiting: a job runs in a child process; poll it until
 * it is done. For running many (scenario, stack) pairs side by side.
 * The caller keeps sc, and o->pcap_path, alive until the job is done.
 */
typedef struct wc_run_job {
	int pid;               /* child, or -1 when the job failed to start */
	int fd;                /* read end of the result pipe, or -1 */
	size_t got;            /* result bytes received */
	uint64_t t0, limit;    /* monotonic usec; limit 0: no deadline */
	uint64_t timeout_us;
	const char *pcap_path;
	int done;
	wc_run_result res;     /* final once done */
} wc_run_job;

/* Start a job: WC_OK (a failure to fork is a finished job with status
 * WC_RUN_ERROR) or WC_EINVAL. */
int wc_run_start(const wc_scenario *sc, const wc_sut_ops *ops, const wc_run_opts *o,
		 wc_run_job *job);
/* Collect what the child sent, waiting at most wait_ms (-1: until done).
 * 1 when the job is done (job->res final, child reaped), 0 if not yet.
 * job->fd may be polled for readability by the caller meanwhile. */
int wc_run_poll(wc_run_job *job, int wait_ms);

/*
 * Building blocks of a run, for drivers that generate their events as they
 * go (the tcp_diff fuzz target) and must build and read packets exactly as
 * the runner does, so that what they find replays through a scenario.
 */
typedef struct wc_run_net {
	int v6;
	uint8_t sut_addr[16], peer_addr[16]; /* IPv4: first 4 bytes */
	uint16_t sut_port, peer_port;
	uint32_t sut_isn;        /* inbound ack / SACK blocks are relative to it */
	int ts_map;              /* 1: a nonzero script TS ecr E becomes E + ts_off */
	uint32_t ts_off;
	int have_tsval;          /* else (ts_map 0): it becomes last_tsval */
	uint32_t last_tsval;
} wc_run_net;

/*
 * The inbound IP packet for script packet p (its seq relative to
 * WC_RUN_PEER_ISN, ack and SACK blocks to n->sut_isn), as the runner sends
 * it: correct checksums, window 65535 when p has none, options padded with
 * EOL, IPv4 with DF and Identification ip_id. scratch (scap bytes) holds
 * the TCP segment while the IP packet is built into pkt (cap bytes).
 * WC_OK with *len and, if seg is not NULL, the segment as the model sees it
 * (seg->data points at static zero bytes, as the payload is zeros); else a
 * negative code with a one-line reason in why.
 */
int wc_run_inbound_build(const wc_run_net *n, const wc_scn_packet *p, uint16_t ip_id,
			 uint8_t *scratch, size_t scap, uint8_t *pkt, size_t cap, size_t *len,
			 wc_tm_seg *seg, char *why, size_t whylen);

/*
 * A parsed outbound TCP header as the model sees it: seq, ack, flags, window,
 * urgent pointer, payload (borrowed from t), and the first MSS / WS /
 * SACK-permitted / TS / SACK option of each kind. opts (WC_SCN_MAX_OPTS
 * entries) receives the options without NOP/EOL; returns their number.
 */
unsigned wc_run_tcp_seg(const wc_tcp *t, wc_tm_seg *seg, wc_scn_opt *opts);

/* "pass", "diverge", "skip", "error", "timeout". */
const char *wc_run_status_name(int status);
/* "MUST", "SHOULD/MAY", "outside model". */
const char *wc_run_class_name(int cls);

/*
 * The one-line report of a result, packetdrill style:
 *   "sut=lwip line 12 rule=R_EST_TEXT field=ack: expected 1001 vs actual 1002 [MUST]"
 *   "sut=linux skip: not root"
 * Written into buf (always NUL-terminated when cap > 0).
 */
void wc_run_format(const wc_run_result *r, char *buf, size_t cap);

/*
 * Compare two stacks' normalised traces (same scenario): WC_OK if equal,
 * else WC_EINVAL with "first difference at segment N: A vs B" in buf.
 */
int wc_run_trace_diff(const wc_run_result *a, const wc_run_result *b, char *buf, size_t cap);

#endif
