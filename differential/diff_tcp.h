#ifndef WC_DIFF_TCP_H
#define WC_DIFF_TCP_H

/*
 * The tcp_diff engine: a byte string decodes into an event sequence for one
 * TCP connection between the remote peer and lwIP, chosen relative to the
 * live connection (the mirror model's view of it), run on lwIP in-process
 * and, step by step, on the reference model's trace checker (MIRROR mode,
 * profile "lwip") which is fed lwIP's actual outputs. The first step the
 * checker refuses is a divergence.
 *
 * The same decoder serves the fuzz target (targets/tcp_diff.c) and
 * `wirecheck diff2pkt` (tools/wirecheck_tcpdiff.c), which records the run
 * as a scenario (scenario.h) so a divergence replays through the runner on
 * every stack. Packets are built and read with the runner's own code
 * (wc_run_inbound_build, wc_run_tcp_seg), with the runner's constants
 * (peer ISN WC_RUN_PEER_ISN, peer port WC_RUN_PEER_PORT, SUT port 8080).
 *
 * Input format (all choices are taken modulo the table size; a missing byte
 * ends the input):
 *
 *   prologue, 2 bytes:
 *     b0 bit 0     0 passive open (socket, bind 8080, listen, peer SYN),
 *                  1 active open (socket, connect: lwIP sends the SYN)
 *        bit 1     IPv6
 *        bits 2-3  options on the peer's SYN / SYN-ACK: none, MSS,
 *                  MSS+WS+SACK-permitted+TS, MSS+SACK-permitted
 *        bit 4     complete the handshake (passive: the peer's ACK;
 *                  active: the peer's SYN-ACK)
 *        bit 5     passive: accept() after the handshake
 *        bits 6-7  window on the peer's SYN: 65535, 1024, 0, 8192
 *     b1 low 3 bits MSS option value (table k_mss), high 4 bits WS shift
 *   then ops, each one opcode byte (op % 16) and its argument bytes:
 *     0-5   segment: flags idx, seq kind, seq delta, ack kind, ack delta,
 *           window kind, options mask, payload length kind (8 bytes)
 *           - flags idx (% 16): table k_flags (ACK, PSH|ACK, FIN|ACK,
 *             FIN|PSH|ACK, RST, RST|ACK, SYN, SYN|ACK, SYN|FIN, SYN|RST,
 *             no flags, FIN, URG|ACK, ECE|CWR|ACK, SYN|FIN|ACK, FIN|RST|ACK)
 *           - seq kind (% 8) with delta d = delta byte + 1, relative to
 *             RCV.NXT (the peer's ISN before the connection is
 *             synchronized): exact, +d, -d (i.e. 2^32 - d), right edge
 *             RCV.NXT + RCV.WND - d (inside), RCV.NXT + RCV.WND + d - 1 (at
 *             and beyond the edge), +2^31 + d - 1 (wrapped), -65536 * d,
 *             +65536 * d
 *           - ack kind (% 8) relative to SND.UNA / SND.NXT: SND.NXT (new),
 *             SND.UNA (duplicate), SND.UNA - d (old), SND.UNA + d
 *             (partial / unsent), SND.NXT + d (unsent), SND.UNA + 2^31
 *             (far), SND.NXT - 1, 0
 *           - window kind (% 8): 65535, 0, 1, d, 256 * d, 536, 65535 - d, 1024
 *           - options mask, values from the seq delta byte v: bit 0 MSS
 *             (value k_mss[v % 8]), 1 WS (shift v % 16, so 15 is out of
 *             range), 2 SACK-permitted, 3 TS (ecr 0 when bit 7 is set, else
 *             the last TSval lwIP sent), 4 SACK with 1 + v / 128 blocks
 *             above SND.UNA, 5 a malformed option written as raw bytes
 *             (k_raw[(v / 8) % 12]: length 0/1, wrong for its kind, past
 *             the end, kind without length), 6 two NOPs first; an option
 *             set over 40 bytes makes the op a no-op
 *           - payload length kind (% 16): 0, 0, 1, 2, d, 4d, 100, 535, 536,
 *             537, 1000, 1400, RCV.WND, RCV.WND + 1, RCV.WND - 1, 1460
 *             (capped at 1460 octets of zeros)
 *     6     write(n): n = k_write[arg % 8]                 (1 byte)
 *     7     read(n): n = k_read[arg % 4]                   (1 byte)
 *     8     shutdown(SHUT_WR)
 *     9     close() the connection (passive: the listener while no
 *           connection was accepted and the model is in LISTEN)
 *     10    abort: SO_LINGER {1, 0} then close()
 *     11    accept() (passive)
 *     12    close() the listener (only once the connection is accepted)
 *     13    time: arg + 1 milliseconds                     (1 byte)
 *     14    time: RTO-sized, (arg % 16 + 1) * 500 ms       (1 byte)
 *     15    time: TIME-WAIT-sized, 60 s, 120 s, 121 s or 240 s (arg % 4)
 *   At most WC_DT_MAX_OPS ops are run, and time ops do nothing once an
 *   hour of virtual time has passed (WC_DT_MAX_TIME_US); calls that make
 *   no sense at the moment (no such descriptor) are skipped. A segment with SYN and no
 *   ACK/RST is skipped while the model's connection is CLOSED and lwIP
 *   still listens (lwIP would open a second connection the one-connection
 *   model does not track).
 *
 * Time runs in steps that end at lwIP's TCP timer ticks (every 250 ms), so
 * the checker sees each timer-driven output at the instant it was sent;
 * after every event and step lwIP's output is drained into the checker.
 * (The runner steps by 4 ms, so a replayed scenario sees timer output up to
 * 2 ms later; divergences that hinge on that are rare but possible.) In a
 * recording each time op becomes "fcntl(3, F_SETFL, ...)" at its end time,
 * a call the runner never sends to a stack, so the script keeps the time.
 */

#include <stddef.h>
#include <stdint.h>

#include "runner.h"
#include "scenario.h"
#include "sut.h"
#include "wirecheck/tcp_model.h"
#include "wirecheck/tcp_model_check.h"

#define WC_DT_MAX_OPS 160
#define WC_DT_MAX_TIME_US (3600ull * 1000000ull) /* time ops stop here */
#define WC_DT_SUT_PORT 8080
#define WC_DT_PKT_MAX 4096

typedef struct wc_dt {
	const wc_sut_ops *ops;
	wc_sut *s;
	wc_sut_config cfg;
	wc_run_net net;
	wc_tm_profile prof;
	wc_tmc c;
	/* the run */
	int active;
	int lfd, cfd;            /* SUT descriptors, -1 when not open */
	int model_conn;          /* the model's calls go to cfd (not the listener) */
	uint64_t now;            /* usec since the start of the run */
	int isn_known, port_known;
	unsigned long events;    /* events executed (inputs, calls, time steps) */
	unsigned long ops_run;
	unsigned long pkts_in;   /* inbound packets (IPv4 Identification) */
	/* outcome */
	int diverged;            /* 1: the checker refused a step (rep) */
	int model_err;           /* a WC_ETM_* code other than a violation */
	int harness_err;         /* a SUT call failed as a harness */
	wc_tm_report rep;
	unsigned rep_event;      /* index of the event the divergence followed */
	int cur_call, rep_call;  /* WC_CALL_* running when it came, else -1 */
	char why[200];           /* model / harness error text */
	/* recording (optional) */
	wc_scenario *rec;
	uint8_t pkt[WC_DT_PKT_MAX], scratch[WC_DT_PKT_MAX], obuf[65536];
} wc_dt;

/*
 * Open lwIP (raw IP link, process-global: one wc_dt per process) and
 * prepare d. WC_OK, or a negative code with a reason in why.
 */
int wc_dt_open(wc_dt *d, char *why, size_t whylen);
void wc_dt_close(wc_dt *d);

/*
 * Reset lwIP and the checker and run one input. If rec is not NULL every
 * executed event is appended to it (a scenario with model-decides; syscall
 * results as lwIP returned them; times absolute), up to WC_SCN_MAX_EVENTS.
 * WC_OK (outcome in d->diverged / model_err / harness_err) or WC_EINVAL.
 */
int wc_dt_run(wc_dt *d, const uint8_t *data, size_t size, wc_scenario *rec);

/*
 * The leak oracle, after wc_dt_run: abort the open connection, close the
 * listener, let virtual time pass until lwIP holds no protocol control
 * block, at most WC_DT_LEAK_WAIT_US, then reset and compare lwIP's heap and
 * pools with their baseline. 0 clean; 1 with a one-line reason in why.
 * The bound is above lwIP's own longest legitimate lifetime of an orphaned
 * connection: TCP_MAXRTX (12) retransmissions with its RTO capped at
 * 0x7fff ticks of 500 ms (about 4.6 h each), i.e. about 55 h.
 */
#define WC_DT_LEAK_WAIT_US (60ull * 3600ull * 1000000ull)
int wc_dt_leaks(wc_dt *d, char *why, size_t whylen);

/* The one-line divergence signature
 * "divergence rule=R_... field=... state=...: allowed ... actual ... (MUST) after event N"
 * into buf. */
void wc_dt_format(const wc_dt *d, char *buf, size_t cap);

#endif
