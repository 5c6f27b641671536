/*
 * RFC 9293 Appendix B lists MUST-1 .. MUST-69. Every one is here: the model's
 * scope (segment arrival, state transitions, RST/SYN/ACK handling, options,
 * retransmission, and the timers and urgent/keep-alive rules its rows
 * implement) is cited by rows; everything else is outside with a one-line
 * reason. The rows' src strings carry the same labels (test_tm_must).
 */
#include "wirecheck/tcp_model.h"
#include "wirecheck/tcp_model_must.h"

#define C WC_TM_MUST_CITED
#define O WC_TM_MUST_OUTSIDE

const wc_tm_must wc_tm_musts[] = {
	{"MUST-1", "3.1", "treat the window as an unsigned number", C,
	 "R_SYNRCVD_ACK_OK R_EST_ACK_NEW R_FW1_ACK_NEW R_FW1_ACK_FIN R_CLOSING_ACK_OTHER R_LASTACK_ACK_NEW R_SYNC_ACK_DUP",
	 "actions WND_SET / WND_UPDATE keep SND.WND unsigned (32-bit, scaled)"},
	{"MUST-2", "3.1", "sender computes the checksum", O, "", "checksums: the model works on decoded segments; lib/ checksum code and its fuzz targets judge them"},
	{"MUST-3", "3.1", "receiver checks the checksum", O, "", "checksums: the model works on decoded segments; lib/ checksum code and its fuzz targets judge them"},
	{"MUST-4", "3.1", "support the mandatory option set (EOL, NOP, MSS)", O, "", "option parsing: the wire parser (lib/) decodes options; the model sees decoded MSS/WS/SACK/TS"},
	{"MUST-5", "3.1", "receive a TCP option in any segment", O, "", "option parsing: the wire parser (lib/) decodes options in every segment"},
	{"MUST-6", "3.1", "ignore options not implemented", O, "", "option parsing: the wire parser (lib/) skips unknown options"},
	{"MUST-7", "3.1", "cope with an illegal option length", C, "R_SEG_OPT_BADLEN", "the segment is processed with the options before the illegal one (wc_tm_seg_opts); the wire parser (lib/) and its fuzz targets cover the parsing side"},
	{"MUST-8", "3.4.1", "clock-driven ISN generator", O, "", "ISN selection: the endpoint takes the profile's fixed ISS (deterministic); one connection's ISS cannot show a generator"},
	{"MUST-9", "3.4.1", "ISN PRF not computable from outside", O, "", "ISN selection: not observable from one connection"},
	{"MUST-10", "3.5", "support simultaneous open attempts", C, "R_SYNSENT_SYN R_SYNRCVD_SEQ_SIMOPEN", ""},
	{"MUST-11", "3.5", "SYN-RECEIVED remembers whether it came from LISTEN", C,
	 "R_SYNRCVD_RST_PASSIVE R_SYNRCVD_RST_ACTIVE R_SYNRCVD_SYN_PASSIVE", ""},
	{"MUST-12", "3.6", "inform the application whether the remote closed normally or aborted", C,
	 "R_SYNSENT_RST R_EST_RST_EXACT R_SYNC_SYN_RESET R_EST_FIN R_FW1_FIN R_FW2_FIN",
	 "actions RESET / FIN_ACCEPT set the user notification (connection reset vs closing)"},
	{"MUST-13", "3.6.1", "linger in TIME-WAIT for 2xMSL", C, "R_CLOSING_ACK_FIN R_FW2_FIN R_TW_EXPIRE", "duration is the profile's time_wait_us"},
	{"MUST-14", "3.7.1", "implement sending and receiving the MSS option", C,
	 "R_LISTEN_SEG_SYN R_CLOSED_SEG_LISTEN_SYN R_SYNSENT_SYNACK R_SYNSENT_SYN R_OUT_SYN R_OUT_SYNACK", "receive: action NEGOTIATE; send: the endpoint's SYN carries the profile MSS"},
	{"MUST-15", "3.7.1", "default send MSS 536 (IPv4) / 1220 (IPv6) without an MSS option", C,
	 "R_LISTEN_SEG_SYN R_CLOSED_SEG_LISTEN_SYN R_SYNSENT_SYNACK R_SYNSENT_SYN", "action NEGOTIATE uses 536, or 1220 when the caller set the model's address family to IPv6 (wc_tm.ipv6)"},
	{"MUST-16", "3.7.1", "calculate the effective send MSS", C, "R_OUT_ACK",
	 "action O_SEQ: payload <= send MSS (less 12 with timestamps); IP options are not modelled"},
	{"MUST-17", "3.7.4", "application can disable Nagle", O, "", "application interface: no socket options in the model"},
	{"MUST-18", "3.8.1", "RTO per RFC 6298 with Karn's algorithm", C, "R_RTX_DUE", "RTO estimator and Karn in tcp_actions.c; the checker judges timing within RFC 6298 bounds"},
	{"MUST-19", "3.8.2", "slow start, congestion avoidance, exponential RTO backoff", O, "",
	 "congestion control: not modelled (no cwnd); the RTO backoff part is implemented by R_RTX_DUE (action RTX)"},
	{"MUST-20", "3.8.3", "R1/R2 procedure for excessive retransmissions", C, "R_RTX_LIMIT R_PERSIST_LIMIT R_LASTACK_TIMEOUT", "close at R2 (profile r2_retries; unanswered zero-window probes count too; in LAST-ACK also in time, profile lastack_timeout_us); R1's negative advice to IP is outside (no IP layer)"},
	{"MUST-21", "3.8.3", "application can set R2", O, "", "application interface: R2 is a profile setting, no call sets it"},
	{"MUST-22", "3.8.3", "same retransmission mechanism for SYNs", C, "R_RTX_DUE R_RTX_LIMIT", "the rows cover SYN-SENT and SYN-RECEIVED (R2 for SYNs: profile r2_syn_retries)"},
	{"MUST-23", "3.8.3", "R2 for a SYN at least 3 minutes", O, "", "retransmission limit in time: the model counts retransmissions (r2_syn_retries) and does not judge the time they span"},
	{"MUST-24", "3.8.4", "application can turn keep-alives on or off", O, "", "application interface: keep-alive is a profile setting"},
	{"MUST-25", "3.8.4", "keep-alives default to off", O, "", "a default is configuration the trace cannot show; profiles set keepalive (strict: off)"},
	{"MUST-26", "3.8.4", "keep-alives only when idle for the interval", C, "R_KEEPALIVE_IDLE R_KEEPALIVE_DUE", "an early keep-alive (SEG.SEQ = SND.NXT-1) fails the R_OUT_ACK sequence check"},
	{"MUST-27", "3.8.4", "keep-alive interval configurable", O, "", "application interface: the interval is a profile setting"},
	{"MUST-28", "3.8.4", "keep-alive interval default at least 2 hours", C, "R_KEEPALIVE_DUE", "profile keepalive_idle_us (2 h in every profile)"},
	{"MUST-29", "3.8.4", "no single unanswered keep-alive means a dead connection", O, "",
	 "keep-alive give-up policy: the model never gives up on keep-alives and does not judge a stack that does after several"},
	{"MUST-30", "3.8.5", "support the urgent mechanism", C, "R_EST_URG", "receive side only: sending urgent data has no user call in the model"},
	{"MUST-31", "3.8.5", "urgent data of any length", C, "R_EST_URG", "RCV.UP is a sequence number with no length bound"},
	{"MUST-32", "3.8.5", "inform the application asynchronously of urgent data", C, "R_EST_URG", "action URG sets the user notification"},
	{"MUST-33", "3.8.5", "application can learn if/how much urgent data is queued", O, "", "application interface: no such call in the model"},
	{"MUST-34", "3.8.6", "sender robust against window shrinking", C, "R_OUT_ACK", "action O_SEQ accepts retransmissions beyond a shrunk window"},
	{"MUST-35", "3.8.6", "probe a window that shrinks to zero in the standard way", C, "R_PERSIST_DUE", ""},
	{"MUST-36", "3.8.6.1", "support probing of zero windows", C, "R_PERSIST_DUE", ""},
	{"MUST-37", "3.8.6.1", "allow the connection to stay open while probes are answered", C, "R_PERSIST_DUE R_PERSIST_LIMIT R_RTX_LIMIT", "probes (and retransmissions of the probe octet) count towards R2 only while unanswered (no ACK received since the first of them)"},
	{"MUST-38", "3.8.6.2.1", "sender silly window syndrome avoidance", O, "",
	 "send sizes and timing are the stack's choice: the checker accepts any segmentation within window and MSS"},
	{"MUST-39", "3.8.6.2.2", "receiver silly window syndrome avoidance", O, "",
	 "the endpoint follows it; the checker does not judge a stack's window sizes (only SHLD-14 shrinking)"},
	{"MUST-40", "3.8.6.3", "ACK delay less than 0.5 s", C, "R_EST_TEXT R_DELACK_DUE", "bound is the profile's delack_max_us"},
	{"MUST-41", "3.9.1.1", "a passive OPEN does not affect other connections", O, "", "multiple connections: the model has one connection"},
	{"MUST-42", "3.9.1.1", "LISTEN on a port in use by SYN-SENT/SYN-RECEIVED", O, "", "multiple connections: the model has one connection"},
	{"MUST-43", "3.9.1.1", "optional local IP address in OPEN", O, "", "application interface / addresses: the model has no addresses"},
	{"MUST-44", "3.9.1.1", "ask IP for a source address for the first SYN", O, "", "IP layer: the model has no addresses"},
	{"MUST-45", "3.9.1.1", "otherwise use the connection's local address", O, "", "IP layer: the model has no addresses"},
	{"MUST-46", "3.9.1.1", "reject OPEN to a broadcast/multicast or invalid address", O, "", "IP layer: the model has no addresses"},
	{"MUST-47", "3.9.1.8", "error report mechanism to the application", O, "", "application interface: the model keeps only the last notification"},
	{"MUST-48", "3.9.1.9", "application can set the Diffserv field", O, "", "IP layer: no Diffserv in the model"},
	{"MUST-49", "3.9.2", "configurable TTL", O, "", "IP layer: no TTL in the model"},
	{"MUST-50", "3.9.2", "ignore IP options not understood", O, "", "IP layer: no IP options in the model"},
	{"MUST-51", "3.9.2.1", "application can specify a source route", O, "", "IP layer: no source routing in the model"},
	{"MUST-52", "3.9.2.1", "that source route overrides one received", O, "", "IP layer: no source routing in the model"},
	{"MUST-53", "3.9.2.1", "build the return route from a received source route", O, "", "IP layer: no source routing in the model"},
	{"MUST-54", "3.9.2.2", "act on ICMP errors for the connection", O, "", "ICMP: the model takes no ICMP input"},
	{"MUST-55", "3.9.2.2", "silently discard ICMP Source Quench", O, "", "ICMP: the model takes no ICMP input"},
	{"MUST-56", "3.9.2.2", "do not abort on soft ICMP errors", O, "", "ICMP: the model takes no ICMP input"},
	{"MUST-57", "3.9.2.3", "silently discard a SYN to a broadcast/multicast address", O, "", "IP layer: the model has no addresses"},
	{"MUST-58", "3.10.7.4", "aggregate ACK segments whenever possible", C, "R_EST_TEXT",
	 "action ACK_DELAYED: one owed ACK covers every segment received before it is sent"},
	{"MUST-59", "3.10.7.4", "process all queued segments before sending an ACK", O, "",
	 "input batching is internal: the model takes one segment per event and which segments a stack had queued together is not in the trace"},
	{"MUST-60", "3.9.1.2", "without PUSH flags, do not buffer data indefinitely", O, "", "PUSH: the checker does not judge when queued data is sent (nor PSH bits)"},
	{"MUST-61", "3.9.1.2", "without PUSH flags, set PSH on the last buffered segment", O, "", "PUSH: PSH bits are not modelled"},
	{"MUST-62", "3.8.5", "urgent pointer points to the octet after the urgent data", C, "R_EST_URG", "action URG: RCV.UP = SEG.SEQ + SEG.UP"},
	{"MUST-63", "3.9.2.3", "reject a SYN from an invalid source address", O, "", "IP layer: the model has no addresses"},
	{"MUST-64", "3.2", "process options regardless of word alignment", O, "", "option parsing: the wire parser (lib/)"},
	{"MUST-65", "3.2", "MSS option not sent in non-SYN segments", C, "R_OUT_ACK", "action O_OPTS"},
	{"MUST-66", "3.4", "process RST and URG even with a zero receive window", C, "R_SYNC_SEQ_OK R_EST_TEXT_OUTWIN",
	 "the SEQ guard's zero-window allowance lets RST and URG through"},
	{"MUST-67", "3.7.1", "MSS option value based on MMS_R", O, "", "IP layer: MMS_R (reassembly limit) is not modelled"},
	{"MUST-68", "3.1", "all options except EOL and NOP have length fields", O, "", "option format: the wire parser/emitter (lib/)"},
	{"MUST-69", "3.1", "pad the header with zeros after EOL", O, "", "option format: the wire emitter (lib/)"},
};

const unsigned wc_tm_nmusts = sizeof wc_tm_musts / sizeof wc_tm_musts[0];

unsigned wc_tm_must_count(int status)
{
	unsigned n = 0;
	for (unsigned i = 0; i < wc_tm_nmusts; i++)
		n += wc_tm_musts[i].status == status;
	return n;
}
