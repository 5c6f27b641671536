/*
 * RFC 9293 MUST requirements (Appendix B) in the model's scope — segment
 * arrival, state transitions, RST/SYN/ACK handling, options, retransmission —
 * and where each is implemented or why it is not. Rows cite the MUST numbers
 * listed here as "cited"; entries marked "uncertain-number" are requirements
 * the model implements but whose Appendix B number could not be verified
 * offline, so the rows cite the section only.
 */
#include "wirecheck/tcp_model.h"
#include "wirecheck/tcp_model_must.h"

const wc_tm_must wc_tm_musts[] = {
	{"MUST-8", "3.4.1", "clock-driven ISN generator", WC_TM_MUST_OUTSIDE,
	 "R_CLOSED_OPEN_ACTIVE", "the endpoint takes a fixed ISS from the profile (deterministic); the checker binds the stack's ISS and cannot judge its generator from one connection"},
	{"MUST-10", "3.5", "support simultaneous open attempts", WC_TM_MUST_CITED, "R_SYNSENT_SYN", ""},
	{"MUST-11", "3.5", "SYN-RECEIVED remembers whether it came from LISTEN", WC_TM_MUST_CITED,
	 "R_SYNRCVD_RST_PASSIVE R_SYNRCVD_RST_ACTIVE R_SYNRCVD_SYN_PASSIVE", ""},
	{"MUST-13", "3.6", "linger in TIME-WAIT for 2xMSL", WC_TM_MUST_CITED, "R_FW2_FIN R_TW_EXPIRE", "duration is the profile's time_wait_us"},
	{"MUST-14", "3.7.1", "implement sending and receiving the MSS option", WC_TM_MUST_CITED, "R_OUT_SYN R_OUT_SYNACK", ""},
	{"MUST-15", "3.7.1", "default send MSS 536 (IPv4) without an MSS option", WC_TM_MUST_CITED, "(action NEGOTIATE)", "IPv6 default 1220 not modelled: the model has no address family"},
	{"MUST-16", "3.7.1", "effective send MSS computation", WC_TM_MUST_UNCERTAIN, "R_OUT_ACK (action O_SEQ)",
	 "checked as len <= peer MSS - 12 when timestamps are in use; IP options not modelled"},
	{"MUST-20", "3.8.3", "R1/R2 retransmission thresholds, close at R2", WC_TM_MUST_CITED, "R_RTX_LIMIT", "R1 (negative advice to IP) is outside: no IP layer"},
	{"MUST-23", "3.8.3", "R2 for SYN at least 3 minutes", WC_TM_MUST_OUTSIDE, "",
	 "the profile's r2_syn_retries sets the count; the time it spans is not checked"},
	{"MUST-25", "3.8.4", "keep-alives default off", WC_TM_MUST_UNCERTAIN, "R_KEEPALIVE_IDLE", "number from memory; profile keepalive=0"},
	{"MUST-28", "3.8.4", "keep-alive interval default >= 2 hours", WC_TM_MUST_UNCERTAIN, "R_KEEPALIVE_DUE", "profile keepalive_idle_us"},
	{"MUST-34", "3.8.6.2.1", "sender robust against window shrinking", WC_TM_MUST_UNCERTAIN, "(action O_SEQ)",
	 "retransmission of data already sent beyond a shrunk window is allowed"},
	{"MUST-35", "3.8.6.1", "probe a zero window", WC_TM_MUST_CITED, "R_PERSIST_DUE", ""},
	{"MUST-36", "3.8.6.1", "allow the window to stay zero indefinitely", WC_TM_MUST_UNCERTAIN, "R_PERSIST_DUE", "probes never give up in the model"},
	{"MUST-38", "3.8.6.2.1", "sender silly window syndrome avoidance", WC_TM_MUST_OUTSIDE, "",
	 "send timing and sizes are the stack's choice; the checker accepts any segmentation within window and MSS"},
	{"MUST-39", "3.8.6.2.2", "receiver silly window syndrome avoidance", WC_TM_MUST_OUTSIDE, "",
	 "the endpoint follows it (window update only when it opens by an MSS); the checker does not judge window sizes"},
	{"MUST-40", "3.8.6.3", "ACK delay less than 0.5 s", WC_TM_MUST_CITED, "R_EST_TEXT R_DELACK_DUE", "bound is the profile's delack_max_us"},
	{"MUST-58", "3.8.6.3", "ACK generation when a segment is queued / processed", WC_TM_MUST_UNCERTAIN, "R_EST_TEXT R_EST_TEXT_OOO",
	 "the brief names MUST-58 as ACK generation; the rows cite the section only"},
	{"MUST-66", "3.10.7.4", "process RST and URG even with a zero receive window", WC_TM_MUST_UNCERTAIN,
	 "R_SYNC_SEQ_OK R_EST_TEXT_OUTWIN", "implemented by the zero-window allowance in the SEQ guard"},
	{"MUST-2/3", "3.1", "checksum generation and checking", WC_TM_MUST_OUTSIDE, "",
	 "the model works on decoded segments; checksums are judged by the wire library and its fuzz targets"},
	{"MUST-4..7", "3.2", "option support, length-driven parsing, ignoring unknown options", WC_TM_MUST_OUTSIDE, "",
	 "option parsing belongs to the wire parser; the model sees decoded options only"},
	{"MUST-17", "3.7.4", "application can disable Nagle", WC_TM_MUST_OUTSIDE, "", "no socket option interface in the model"},
	{"MUST-18/19", "3.8.1-2", "RTO (RFC 6298), Karn, congestion control", WC_TM_MUST_UNCERTAIN, "R_RTX_DUE (action RTX)",
	 "RTO computation and backoff implemented per RFC 6298 and checked as a range; congestion window not modelled (OUTSIDE)"},
	{"MUST-24,26,27,29", "3.8.4", "keep-alive details", WC_TM_MUST_OUTSIDE, "", "only the default-off and idle-interval parts are modelled"},
	{"MUST-30..33,62", "3.8.5", "urgent mechanism", WC_TM_MUST_UNCERTAIN, "R_EST_URG R_FINRCVD_URG",
	 "receive side: RCV.UP advances and the user is signalled; sending urgent data is outside (no such call)"},
	{"MUST-41..46,57,63", "3.9.1, 3.10", "addresses, broadcast/multicast, source routes", WC_TM_MUST_OUTSIDE, "",
	 "the model has no addresses or ports (one connection)"},
	{"MUST-47..56", "3.9.1-2", "DiffServ, TTL, IP options, ICMP", WC_TM_MUST_OUTSIDE, "", "no IP layer in the model"},
	{"3.10.7.4 step 3", "3.10.7.4", "security/compartment check", WC_TM_MUST_OUTSIDE, "", "RFC 9293 removed it; no IP security option"},
	{"SYN data", "3.10.7.2-3", "text and controls on a SYN are queued for later", WC_TM_MUST_OUTSIDE, "R_LISTEN_SEG_SYN",
	 "the model ignores SYN payload (no TCP Fast Open); a stack sending data on a SYN is reported OUTSIDE"},
	{"RFC 6191", "3.10.7.4", "accepting a new SYN in TIME-WAIT (MAY-2)", WC_TM_MUST_OUTSIDE, "R_SYNC_SYN_CHALLENGE",
	 "one connection: TIME-WAIT answers a SYN with a challenge ACK"},
	{"passive R2", "3.8.3", "an embryonic passive connection giving up", WC_TM_MUST_OUTSIDE, "R_RTX_LIMIT",
	 "the model closes the connection (the listener is not kept separately)"},
};

const unsigned wc_tm_nmusts = sizeof wc_tm_musts / sizeof wc_tm_musts[0];
