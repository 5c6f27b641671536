/*
 * The transition table of the TCP reference model.
 *
 * One row per (from-states, event, guards, profile condition): the rows for a
 * given state and event partition that event's guard domain exactly (no row
 * missing, no two rows overlapping; test_table checks it, and the engine
 * refuses to guess when a lookup fails). The quote is the sentence the row
 * implements; guards quote their own condition (tcp_guards.c) and actions
 * theirs (tcp_model_acts.h).
 *
 * Source references: "RFC 9293 3.10.7.4" is the section the quote is taken
 * from, followed by the RFC 9293 requirement labels (MUST-n, SHLD-n, MAY-n) the
 * row implements through its quote, its guard or its actions' quotes; the
 * MUST-n labels are the ones tcp_must.c lists as cited by the row. RFC 9293
 * quotes are exact sentences of the RFC ("..." marks an elision; a parenthesised
 * step and state in src say which paragraph it is). A quote beginning
 * "no RFC sentence:" says that no sentence governs the row and why. Quotes of
 * other RFCs (5961, 7323, 6298, 1337, 1122) marked "(paraphrase)" are from
 * memory and were not checked against the text.
 */
#include <string.h>

#include "wirecheck/tcp_model.h"

#define S(x) (1u << WC_TCP_##x)
#define ALL 0x7ffu
#define SYNC (S(SYN_RECEIVED) | S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | \
	      S(CLOSE_WAIT) | S(CLOSING) | S(LAST_ACK) | S(TIME_WAIT))
#define ESTG (S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2)) /* may still receive */
#define FINR (S(CLOSE_WAIT) | S(CLOSING) | S(LAST_ACK) | S(TIME_WAIT)) /* FIN received */
#define G(x) WC_TM_GB(WC_TM_G_##x)
#define E(x) WC_TM_EV_##x
#define A(...) { __VA_ARGS__ }
#define DROP WC_TM_A_DROP
#define RST_REPLY WC_TM_A_RST_REPLY
#define RST_ABORT WC_TM_A_RST_ABORT
#define ACK_NOW WC_TM_A_ACK_NOW
#define ACK_OOW WC_TM_A_ACK_OOW
#define CHALLENGE_ACK WC_TM_A_CHALLENGE_ACK
#define ACK_DELAYED WC_TM_A_ACK_DELAYED
#define PASSIVE WC_TM_A_PASSIVE
#define SELECT_ISS WC_TM_A_SELECT_ISS
#define SEND_SYN WC_TM_A_SEND_SYN
#define LISTEN_SYN WC_TM_A_LISTEN_SYN
#define NEGOTIATE WC_TM_A_NEGOTIATE
#define SEND_SYNACK WC_TM_A_SEND_SYNACK
#define SS_SYN WC_TM_A_SS_SYN
#define SS_ACK WC_TM_A_SS_ACK
#define WND_SET WC_TM_A_WND_SET
#define ACK_ADVANCE WC_TM_A_ACK_ADVANCE
#define WND_UPDATE WC_TM_A_WND_UPDATE
#define SEQ_TRIM WC_TM_A_SEQ_TRIM
#define TS_RECENT WC_TM_A_TS_RECENT
#define RESET WC_TM_A_RESET
#define REFUSED WC_TM_A_REFUSED
#define TO_LISTEN WC_TM_A_TO_LISTEN
#define DELETE_TCB WC_TM_A_DELETE_TCB
#define URG WC_TM_A_URG
#define TEXT_ACCEPT WC_TM_A_TEXT_ACCEPT
#define TEXT_HOLD WC_TM_A_TEXT_HOLD
#define FIN_ACCEPT WC_TM_A_FIN_ACCEPT
#define TW_START WC_TM_A_TW_START
#define TW_RESTART WC_TM_A_TW_RESTART
#define U_NOCONN WC_TM_A_U_NOCONN
#define U_EXISTS WC_TM_A_U_EXISTS
#define U_CLOSING WC_TM_A_U_CLOSING
#define QUEUE_DATA WC_TM_A_QUEUE_DATA
#define RECV_DATA WC_TM_A_RECV_DATA
#define QUEUE_FIN WC_TM_A_QUEUE_FIN
#define USER_CLOSED WC_TM_A_USER_CLOSED
#define FIN_NOW WC_TM_A_FIN_NOW
#define FIN_HOLD WC_TM_A_FIN_HOLD
#define RST_LOST WC_TM_A_RST_LOST
#define RTX WC_TM_A_RTX
#define GIVE_UP WC_TM_A_GIVE_UP
#define USER_TIMEOUT WC_TM_A_USER_TIMEOUT
#define ACK_DUE WC_TM_A_ACK_DUE
#define PROBE WC_TM_A_PROBE
#define KA_PROBE WC_TM_A_KA_PROBE
#define O_RST WC_TM_A_O_RST
#define O_SYN WC_TM_A_O_SYN
#define O_SYNACK WC_TM_A_O_SYNACK
#define O_SEQ WC_TM_A_O_SEQ
#define O_ACKFIELD WC_TM_A_O_ACKFIELD
#define O_OPTS WC_TM_A_O_OPTS
#define O_BADSTATE WC_TM_A_O_BADSTATE
#define O_NOACK WC_TM_A_O_NOACK

#define T(x) WC_TCP_##x
#define SAME WC_TM_SAME
#define NEXT WC_TM_NEXT
#define STOP WC_TM_STOP
#define MUST WC_TM_MUST
#define SHOULD WC_TM_SHOULD
#define IF(x) WC_TM_IF_##x

#define ROW(id_, st_, ev_, if_, g_, a_, to_, nx_, cl_, src_, q_, m_) \
	{ .id = id_, .states = (st_), .event = (ev_), .prof = (if_), .guards = (g_), \
	  .act = a_, .to = (to_), .next = (nx_), .cls = (cl_), .src = src_,          \
	  .quote = q_, .meaning = m_ }
/* A row with another allowed outcome (enum wc_tm_alt; its src names the
 * text that allows it). */
#define ROWA(alt_, id_, st_, ev_, if_, g_, a_, to_, nx_, cl_, src_, q_, m_) \
	{ .id = id_, .states = (st_), .event = (ev_), .prof = (if_), .guards = (g_), \
	  .act = a_, .to = (to_), .next = (nx_), .cls = (cl_), .src = src_,          \
	  .quote = q_, .meaning = m_, .alt = WC_TM_ALT_##alt_ }
/* A user-call row a stack may refuse (enum wc_tm_refuse). */
#define ROWR(ref_, id_, st_, ev_, if_, g_, a_, to_, nx_, cl_, src_, q_, m_) \
	{ .id = id_, .states = (st_), .event = (ev_), .prof = (if_), .guards = (g_), \
	  .act = a_, .to = (to_), .next = (nx_), .cls = (cl_), .src = src_,          \
	  .quote = q_, .meaning = m_, .refuse = WC_TM_REFUSE_##ref_ }

const wc_tm_row wc_tm_rows[] = {
/* ---- 3.10.7.1 CLOSED ---------------------------------------------------- */
ROW("R_CLOSED_SEG_RST", S(CLOSED), E(SEG), IF(ANY), G(SEG_RST), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.1",
    "An incoming segment containing a RST is discarded.",
    "RST to a closed port: discard silently"),
ROW("R_CLOSED_SEG_ACK", S(CLOSED), E(SEG), IF(ANY), G(SEG_ACK), A(RST_REPLY), SAME, STOP, MUST,
    "RFC 9293 3.10.7.1",
    "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>.",
    "ACK-bearing segment to a closed port: RST with seq = SEG.ACK"),
ROW("R_CLOSED_SEG_NOACK", S(CLOSED), E(SEG), IF(ANY), G(SEG_SYN) | G(SEG_OTHER), A(RST_REPLY), SAME, STOP, MUST,
    "RFC 9293 3.10.7.1",
    "If the ACK bit is off, sequence number zero is used, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.",
    "segment without ACK to a closed port: RST,ACK with ack = SEG.SEQ+SEG.LEN"),
/* The connection born from a listener is gone (aborted, reset, timed out,
 * closed) while the listener is still open: the user's connection is
 * CLOSED, but a segment for its 4-tuple meets the listener, i.e. 3.10.7.2's
 * rules (lwIP and Linux both demultiplex it to the listener). A RST and an
 * ACK-bearing segment get the same outcome there as in 3.10.7.1 and keep
 * the CLOSED rows; a SYN and a segment with neither differ. The model is
 * not told when a listener is closed after its connection was born (no
 * such model event), so the checker follows the CLOSED rows as an
 * alternative (WC_TM_ALT_NOLISTEN). */
ROWA(NOLISTEN, "R_CLOSED_SEG_LISTEN_SYN", S(CLOSED), E(SEG), IF(ANY), G(SEG_LSN_SYN), A(LISTEN_SYN, NEGOTIATE, SELECT_ISS, SEND_SYNACK), T(SYN_RECEIVED), STOP, MUST,
    "RFC 9293 3.10.7.2; MUST-14, MUST-15; alternative R_CLOSED_SEG_NOACK (the listener may have been closed since)",
    "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ, and any other control or text should be queued for processing later. ISS should be selected and a SYN segment sent of the form: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> ... The connection state should be changed to SYN-RECEIVED.",
    "SYN for the 4-tuple of a listener's connection that is gone: the listener answers it (SYN-ACK, SYN-RECEIVED)"),
ROWA(NOLISTEN, "R_CLOSED_SEG_LISTEN_OTHER", S(CLOSED), E(SEG), IF(ANY), G(SEG_LSN_OTHER), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.2; alternative R_CLOSED_SEG_NOACK (the listener may have been closed since)",
    "This should not be reached. Drop the segment and return.",
    "no RST, ACK or SYN for the 4-tuple of a listener's connection that is gone: the listener drops it"),
/* ---- 3.10.7.2 LISTEN ---------------------------------------------------- */
ROW("R_LISTEN_SEG_RST", S(LISTEN), E(SEG), IF(ANY), G(SEG_RST), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.2",
    "An incoming RST segment could not be valid since it could not have been sent in response to anything sent by this incarnation of the connection. An incoming RST should be ignored.",
    "RST in LISTEN: ignore"),
ROW("R_LISTEN_SEG_ACK", S(LISTEN), E(SEG), IF(ANY), G(SEG_ACK), A(RST_REPLY), SAME, STOP, MUST,
    "RFC 9293 3.10.7.2",
    "An acceptable reset segment should be formed for any arriving ACK-bearing segment. The RST should be formatted as follows: <SEQ=SEG.ACK><CTL=RST>",
    "ACK in LISTEN: RST with seq = SEG.ACK, stay in LISTEN"),
ROW("R_LISTEN_SEG_SYN", S(LISTEN), E(SEG), IF(ANY), G(SEG_SYN), A(LISTEN_SYN, NEGOTIATE, SELECT_ISS, SEND_SYNACK), T(SYN_RECEIVED), STOP, MUST,
    "RFC 9293 3.10.7.2; MUST-14, MUST-15",
    "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ, and any other control or text should be queued for processing later. ISS should be selected and a SYN segment sent of the form: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> ... The connection state should be changed to SYN-RECEIVED.",
    "SYN in LISTEN: send SYN-ACK, enter SYN-RECEIVED"),
ROW("R_LISTEN_SEG_OTHER", S(LISTEN), E(SEG), IF(ANY), G(SEG_OTHER), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.2",
    "This should not be reached. Drop the segment and return.",
    "no RST, ACK or SYN in LISTEN: drop"),
/* ---- 3.10.7.3 SYN-SENT -------------------------------------------------- */
ROW("R_SYNSENT_ACK_BAD", S(SYN_SENT), E(SEG), IF(ANY), G(SS_ACKBAD), A(RST_REPLY), SAME, STOP, MUST,
    "RFC 9293 3.10.7.3",
    "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set, if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST>.",
    "unacceptable ACK in SYN-SENT: RST with seq = SEG.ACK"),
ROW("R_SYNSENT_ACK_BAD_RST", S(SYN_SENT), E(SEG), IF(ANY), G(SS_ACKBAD_RST), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.3",
    "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set, if so drop the segment and return).",
    "RST with unacceptable ACK in SYN-SENT: drop"),
ROW("R_SYNSENT_RST", S(SYN_SENT), E(SEG), IF(ANY), G(SS_RST_ACKOK), A(RESET), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.7.3; MUST-12; RFC 5961 3.2",
    "If the ACK was acceptable, then signal to the user \"error: connection reset\", drop the segment, enter CLOSED state, delete TCB, and return.",
    "RST acknowledging our SYN: connection reset, CLOSED"),
ROW("R_SYNSENT_RST_NOACK", S(SYN_SENT), E(SEG), IF(ANY), G(SS_RST_NOACK), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.3",
    "Otherwise (no ACK), drop the segment and return.",
    "RST without ACK in SYN-SENT: drop"),
ROWA(SYNTEXT, "R_SYNSENT_SYNACK", S(SYN_SENT), E(SEG), IF(ANY), G(SS_SYNACK), A(SS_SYN, SS_ACK, NEGOTIATE, ACK_NOW), T(ESTABLISHED), NEXT, MUST,
    "RFC 9293 3.10.7.3; MUST-14, MUST-15; text and FIN on the SYN,ACK left unaccepted: SHOULD/MAY (no MUST asks a SYN's text be accepted)",
    "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to ESTABLISHED, form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> ... and send it. ... If there are other controls or text in the segment, then continue processing at the sixth step under Section 3.10.7.4 where the URG bit is checked; otherwise, return.",
    "SYN-ACK acknowledging our SYN: send ACK, ESTABLISHED (its text and FIN may be left unaccepted: ACK of SEG.SEQ+1)"),
ROW("R_SYNSENT_SYN", S(SYN_SENT), E(SEG), IF(ANY), G(SS_SYN), A(SS_SYN, NEGOTIATE, SEND_SYNACK), T(SYN_RECEIVED), STOP, MUST,
    "RFC 9293 3.10.7.3; MUST-10, MUST-14, MUST-15",
    "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> ... and send it.",
    "SYN without ACK in SYN-SENT (simultaneous open): SYN-ACK, SYN-RECEIVED"),
ROW("R_SYNSENT_NOCTL", S(SYN_SENT), E(SEG), IF(ANY), G(SS_ACKOK_NOCTL) | G(SS_NOCTL), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.3",
    "Fifth, if neither of the SYN or RST bits is set, then drop the segment and return.",
    "neither SYN nor RST in SYN-SENT: drop"),
/* ---- 3.1 options, before everything else -------------------------------- */
ROW("R_SEG_OPT_BADLEN", ALL, E(SEG_OPT), IF(ANY), G(OPT_BADLEN), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.1; MUST-7",
    "TCP implementations MUST be prepared to handle an illegal option length (e.g., zero); a suggested procedure is to reset the connection and log the error cause (MUST-7).",
    "illegal option length: the options from it on are ignored, the segment is processed (the suggested reset is not taken)"),
/* ---- 3.10.7.4 first: sequence number ------------------------------------ */
ROW("R_SYNC_SEQ_OK", SYNC, E(SEG_SEQ), IF(ANY), G(SEQ_OK), A(TS_RECENT, SEQ_TRIM), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4; MUST-66",
    "If a segment's contents straddle the boundary between old and new, only the new parts are processed.",
    "acceptable segment: trim to the window, continue"),
ROWA(ACKFIRST, "R_SYNC_SEQ_BAD", SYNC, E(SEG_SEQ), IF(ANY), G(SEQ_BAD), A(ACK_OOW), SAME, STOP, SHOULD,
    "RFC 9293 3.10.7.4; in SYN-RECEIVED with an unacceptable ACK, alternative R_SYNRCVD_ACK_BAD (3.5.2 group 2)",
    "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the RST bit is set, if so drop the segment and return): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.",
    "unacceptable segment: ACK and drop"),
ROW("R_SYNC_SEQ_BAD_RST", SYNC, E(SEG_SEQ), IF(ANY), G(SEQ_BAD_RST), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4; RFC 5961 3.2",
    "If the RST bit is set and the sequence number is outside the current receive window, silently drop the segment.",
    "RST outside the window: drop silently"),
/* paraphrase: wording from memory of the cited RFC (no text at hand), not verified */
ROWA(ACKFIRST, "R_SYNC_SEQ_PAWS", SYNC, E(SEG_SEQ), IF(ANY), G(SEQ_PAWS), A(ACK_OOW), SAME, STOP, MUST,
    "RFC 7323 5.3 (paraphrase); in SYN-RECEIVED with an unacceptable ACK, alternative R_SYNRCVD_ACK_BAD (3.5.2 group 2)",
    "If there is a Timestamps option in the arriving segment, SEG.TSval < TS.Recent, and if TS.Recent is valid, then treat the arriving segment as not acceptable: send an acknowledgment in reply and drop the segment.",
    "PAWS: old timestamp, treat as unacceptable"),
/* paraphrase: wording from memory of the cited RFC (no text at hand), not verified */
ROWA(ACKFIRST, "R_SYNC_SEQ_NOTS", SYNC, E(SEG_SEQ), IF(TSDROP), G(SEQ_NOTS) | G(SEQ_NOTS_BAD), A(DROP), SAME, STOP, SHOULD,
    "RFC 7323 3.2 (paraphrase); in SYN-RECEIVED with an unacceptable ACK, alternative R_SYNRCVD_ACK_BAD (3.5.2 group 2)",
    "If a non-<RST> segment is received without a TSopt, a TCP SHOULD silently drop the segment.",
    "timestamps negotiated but missing: drop (profile ts_missing_accept 0)"),
/* paraphrase: wording from memory of the cited RFC (no text at hand), not verified */
ROW("R_SYNC_SEQ_NOTS_ACCEPT", SYNC, E(SEG_SEQ), IF(TSACCEPT), G(SEQ_NOTS), A(SEQ_TRIM), SAME, NEXT, SHOULD,
    "RFC 7323 3.2 (paraphrase); RFC 9293 3.10.7.4",
    "If a non-<RST> segment is received without a TSopt, a TCP SHOULD silently drop the segment. (The SHOULD not taken: the segment, acceptable by sequence number, is processed as if timestamps were not in use.)",
    "timestamps negotiated but missing, profile accepts: process the acceptable segment"),
ROWA(ACKFIRST, "R_SYNC_SEQ_NOTS_BAD", SYNC, E(SEG_SEQ), IF(TSACCEPT), G(SEQ_NOTS_BAD), A(ACK_OOW), SAME, STOP, SHOULD,
    "RFC 9293 3.10.7.4; in SYN-RECEIVED with an unacceptable ACK, alternative R_SYNRCVD_ACK_BAD (3.5.2 group 2)",
    "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the RST bit is set, if so drop the segment and return): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.",
    "timestamps missing, profile accepts, segment not acceptable: ACK and drop"),
ROW("R_TW_SEQ_OLDFIN", S(TIME_WAIT), E(SEG_SEQ), IF(ANY), G(SEQ_TW_OLDFIN), A(ACK_NOW, TW_RESTART), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4 (fifth step, TIME-WAIT)",
    "The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout.",
    "retransmitted FIN in TIME-WAIT: ACK it, restart 2MSL"),
ROW("R_SYNRCVD_SEQ_SIMOPEN", S(SYN_RECEIVED), E(SEG_SEQ), IF(ANY), G(SEQ_SIMOPEN), A(SEQ_TRIM), SAME, NEXT, MUST,
    "RFC 9293 3.5 (Figure 7, line 6); MUST-10",
    "A TCP implementation MUST support simultaneous open attempts (MUST-10).",
    "simultaneous open: the peer's SYN-ACK completes it (old SYN trimmed)"),
/* ---- second: RST -------------------------------------------------------- */
ROW("R_SYNC_RST_NONE", SYNC, E(SEG_RST), IF(ANY), G(RST_NONE), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4", "no RFC sentence: every action of the second step (\"Second, check the RST bit\") applies only \"If the RST bit is set\"; with it off, processing goes on to the next step.", "no RST: continue"),
ROW("R_SYNRCVD_RST_PASSIVE", S(SYN_RECEIVED), E(SEG_RST), IF(ANY), G(RST_EXACT_LISTEN), A(TO_LISTEN), T(LISTEN), STOP, MUST,
    "RFC 9293 3.10.7.4; MUST-11",
    "If this connection was initiated with a passive OPEN (i.e., came from the LISTEN state), then return this connection to LISTEN state and return.",
    "valid RST in SYN-RECEIVED from LISTEN: back to LISTEN"),
ROW("R_SYNRCVD_RST_ACTIVE", S(SYN_RECEIVED), E(SEG_RST), IF(ANY), G(RST_EXACT), A(REFUSED, DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.7.4; MUST-11",
    "If this connection was initiated with an active OPEN (i.e., came from SYN-SENT state), then the connection was refused; signal the user \"connection refused\". ... And in the active OPEN case, enter the CLOSED state and delete the TCB, and return.",
    "valid RST in SYN-RECEIVED from SYN-SENT: refused, CLOSED"),
ROW("R_EST_RST_EXACT", S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSE_WAIT), E(SEG_RST), IF(ANY), G(RST_EXACT), A(RESET), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.7.4, 3.6; MUST-12; RFC 5961 3.2",
    "If the RST bit is set and the sequence number exactly matches the next expected sequence number (RCV.NXT), then TCP endpoints MUST reset the connection in the manner prescribed below according to the connection state.",
    "RST at RCV.NXT: reset, CLOSED"),
ROW("R_CLOSING_RST_EXACT", S(CLOSING) | S(LAST_ACK), E(SEG_RST), IF(ANY), G(RST_EXACT), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.7.4 (second step, CLOSING, LAST-ACK)",
    "If the RST bit is set, then enter the CLOSED state, delete the TCB, and return.",
    "RST at RCV.NXT while closing: CLOSED"),
ROW("R_TW_RST_EXACT", S(TIME_WAIT), E(SEG_RST), IF(NO1337), G(RST_EXACT), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.7.4 (second step, TIME-WAIT)",
    "If the RST bit is set, then enter the CLOSED state, delete the TCB, and return.",
    "RST at RCV.NXT in TIME-WAIT (no RFC 1337): CLOSED"),
/* paraphrase: wording from memory of the cited RFC (no text at hand), not verified */
/* In-window RSTs too (not only the exact one): RFC 9293 applies RFC 5961's
 * checks only "For stacks implementing the protection described in RFC
 * 5961" (MAY-12 for its ACK check), and the challenge ACK exists so that a
 * legitimate peer can follow with a RST at RCV.NXT, which F1 ignores as
 * well: ignoring every RST is stronger against the blind reset RFC 5961
 * addresses (lwIP tcp_timewait_input; Linux sends no challenge ACK in
 * TIME-WAIT either). */
ROW("R_TW_RST_1337", S(TIME_WAIT), E(SEG_RST), IF(1337), G(RST_EXACT) | G(RST_INWIN), A(DROP), SAME, STOP, SHOULD,
    "RFC 1337 3 (F1) (paraphrase); RFC 9293 3.10.7.4 (second step: RFC 5961's checks apply to stacks implementing it); RFC 5961 3.2",
    "Fix (F1): ignore RST segments in TIME-WAIT state.",
    "RST in the window in TIME-WAIT with RFC 1337: ignore (no challenge ACK), keep TIME-WAIT"),
ROW("R_SYNC_RST_INWIN", SYNC & ~S(TIME_WAIT), E(SEG_RST), IF(ANY), G(RST_INWIN), A(CHALLENGE_ACK), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4; RFC 5961 3.2",
    "If the RST bit is set and the sequence number does not exactly match the next expected sequence value, yet is within the current receive window, TCP endpoints MUST send an acknowledgment (challenge ACK): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.",
    "RST in window but not at RCV.NXT: challenge ACK, drop"),
ROW("R_TW_RST_INWIN", S(TIME_WAIT), E(SEG_RST), IF(NO1337), G(RST_INWIN), A(CHALLENGE_ACK), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4; RFC 5961 3.2",
    "If the RST bit is set and the sequence number does not exactly match the next expected sequence value, yet is within the current receive window, TCP endpoints MUST send an acknowledgment (challenge ACK): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.",
    "RST in window but not at RCV.NXT in TIME-WAIT (no RFC 1337): challenge ACK, drop"),
/* ---- fourth: SYN (third, security, is out of scope) --------------------- */
ROW("R_SYNC_SYN_NONE", SYNC, E(SEG_SYN), IF(ANY), G(SYN_NONE), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4", "no RFC sentence: the fourth step (\"Fourth, check the SYN bit\") acts only \"If the SYN bit is set\"; with it off, processing goes on to the ACK field.", "no SYN: continue"),
ROWA(ACKFIRST, "R_SYNRCVD_SYN_PASSIVE", S(SYN_RECEIVED), E(SEG_SYN), IF(ANY), G(SYN_LISTEN), A(TO_LISTEN), T(LISTEN), STOP, MUST,
    "RFC 9293 3.10.7.4; MUST-11; in SYN-RECEIVED with an unacceptable ACK, alternative R_SYNRCVD_ACK_BAD (3.5.2 group 2)",
    "If the connection was initiated with a passive OPEN, then return this connection to the LISTEN state and return.",
    "SYN in window in SYN-RECEIVED from LISTEN: back to LISTEN"),
ROWA(ACKFIRST, "R_SYNC_SYN_CHALLENGE", SYNC, E(SEG_SYN), IF(5961), G(SYN_SET), A(CHALLENGE_ACK), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4; RFC 5961 4.2; in SYN-RECEIVED with an unacceptable ACK, alternative R_SYNRCVD_ACK_BAD (3.5.2 group 2)",
    "RFC 5961 recommends that in these synchronized states, if the SYN bit is set, irrespective of the sequence number, TCP endpoints MUST send a \"challenge ACK\" to the remote peer: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    "SYN in a synchronized state: challenge ACK, drop"),
ROWA(ACKFIRST, "R_SYNC_SYN_RESET", SYNC, E(SEG_SYN), IF(NO5961), G(SYN_SET), A(RST_REPLY, RESET), T(CLOSED), STOP, SHOULD,
    "RFC 9293 3.10.7.4 (RFC 793 behaviour); MUST-12; in SYN-RECEIVED with an unacceptable ACK, alternative R_SYNRCVD_ACK_BAD (3.5.2 group 2)",
    "If the SYN is in the window it is an error: send a reset, any outstanding RECEIVEs and SEND should receive \"reset\" responses, all segment queues should be flushed, the user should also receive an unsolicited general \"connection reset\" signal, enter the CLOSED state, delete the TCB, and return.",
    "SYN in window without RFC 5961: reset, CLOSED"),
/* ---- fifth: ACK --------------------------------------------------------- */
ROW("R_SYNC_ACK_OFF", SYNC, E(SEG_ACK), IF(ANY), G(ACK_OFF), A(DROP), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4",
    "if the ACK bit is off, drop the segment and return",
    "no ACK bit in a synchronized state: drop"),
ROW("R_SYNRCVD_ACK_OK", S(SYN_RECEIVED), E(SEG_ACK), IF(ANY), G(ACK_NEW), A(ACK_ADVANCE, WND_SET), T(ESTABLISHED), NEXT, MUST,
    "RFC 9293 3.10.7.4; MUST-1",
    "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and continue processing with the variables below set to: SND.WND <- SEG.WND SND.WL1 <- SEG.SEQ SND.WL2 <- SEG.ACK",
    "ACK of our SYN in SYN-RECEIVED: ESTABLISHED"),
ROW("R_SYNRCVD_ACK_BAD", S(SYN_RECEIVED), E(SEG_ACK), IF(ANY), G(ACK_UNSENT) | G(ACK_TOOOLD) | G(ACK_OLD) | G(ACK_DUP), A(RST_REPLY), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4 (fifth step, SYN-RECEIVED), 3.5.2 (group 2)",
    "If the segment acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST> ... and send it. If the connection is in any non-synchronized state (LISTEN, SYN-SENT, SYN-RECEIVED), and the incoming segment acknowledges something not yet sent (the segment carries an unacceptable ACK) ... a reset is sent.",
    "unacceptable ACK in SYN-RECEIVED: RST with seq = SEG.ACK, stay (also allowed where an earlier step would ACK, challenge or return to LISTEN)"),
ROW("R_EST_ACK_NEW", S(ESTABLISHED) | S(FIN_WAIT_2) | S(CLOSE_WAIT), E(SEG_ACK), IF(ANY), G(ACK_NEW), A(ACK_ADVANCE, WND_UPDATE), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4; MUST-1",
    "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK. Any segments on the retransmission queue that are thereby entirely acknowledged are removed.",
    "new ACK: advance SND.UNA, update the window"),
ROW("R_FW1_ACK_NEW", S(FIN_WAIT_1), E(SEG_ACK), IF(ANY), G(ACK_NEW), A(ACK_ADVANCE, WND_UPDATE), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4 (fifth step, FIN-WAIT-1); MUST-1",
    "In addition to the processing for the ESTABLISHED state, if the FIN segment is now acknowledged, then enter FIN-WAIT-2 and continue processing in that state.",
    "new ACK not covering our FIN in FIN-WAIT-1: advance"),
ROW("R_FW1_ACK_FIN", S(FIN_WAIT_1), E(SEG_ACK), IF(ANY), G(ACK_FIN), A(ACK_ADVANCE, WND_UPDATE), T(FIN_WAIT_2), NEXT, MUST,
    "RFC 9293 3.10.7.4 (fifth step, FIN-WAIT-1); MUST-1",
    "In addition to the processing for the ESTABLISHED state, if the FIN segment is now acknowledged, then enter FIN-WAIT-2 and continue processing in that state.",
    "ACK of our FIN in FIN-WAIT-1: FIN-WAIT-2"),
ROW("R_CLOSING_ACK_FIN", S(CLOSING), E(SEG_ACK), IF(ANY), G(ACK_FIN), A(ACK_ADVANCE, TW_START), T(TIME_WAIT), NEXT, MUST,
    "RFC 9293 3.10.7.4 (fifth step, CLOSING); MUST-13",
    "In addition to the processing for the ESTABLISHED state, if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise, ignore the segment.",
    "ACK of our FIN in CLOSING: TIME-WAIT"),
ROW("R_CLOSING_ACK_OTHER", S(CLOSING), E(SEG_ACK), IF(ANY), G(ACK_NEW) | G(ACK_DUP) | G(ACK_OLD), A(ACK_ADVANCE, WND_UPDATE), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4 (fifth step, CLOSING); MUST-1",
    "In addition to the processing for the ESTABLISHED state, if the ACK acknowledges our FIN, then enter the TIME-WAIT state; otherwise, ignore the segment.",
    "ACK not covering our FIN in CLOSING: ignore the segment"),
ROW("R_LASTACK_ACK_FIN", S(LAST_ACK), E(SEG_ACK), IF(ANY), G(ACK_FIN), A(ACK_ADVANCE, DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.7.4 (fifth step, LAST-ACK)",
    "The only thing that can arrive in this state is an acknowledgment of our FIN. If our FIN is now acknowledged, delete the TCB, enter the CLOSED state, and return.",
    "ACK of our FIN in LAST-ACK: CLOSED"),
ROW("R_LASTACK_ACK_NEW", S(LAST_ACK), E(SEG_ACK), IF(ANY), G(ACK_NEW), A(ACK_ADVANCE, WND_UPDATE), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4 (fifth step, ESTABLISHED processing); MUST-1",
    "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK.",
    "new ACK short of our FIN in LAST-ACK: advance"),
ROW("R_SYNC_ACK_DUP", S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSE_WAIT) | S(LAST_ACK), E(SEG_ACK), IF(ANY), G(ACK_DUP), A(WND_UPDATE), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4; MUST-1",
    "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated.",
    "duplicate ACK (= SND.UNA): window update only, continue"),
ROW("R_SYNC_ACK_OLD", S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSE_WAIT) | S(LAST_ACK), E(SEG_ACK), IF(ANY), G(ACK_OLD), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4",
    "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored.",
    "old ACK (< SND.UNA): ignore the ACK field, continue"),
ROW("R_SYNC_ACK_TOOOLD_CHAL", S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSE_WAIT) | S(CLOSING) | S(LAST_ACK), E(SEG_ACK), IF(5961ACK), G(ACK_TOOOLD), A(CHALLENGE_ACK), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4; MAY-12; RFC 5961 5.2",
    "TCP stacks that implement RFC 5961 MUST add an input check that the ACK value is acceptable only if it is in the range of ((SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT). All incoming segments whose ACK value doesn't satisfy the above condition MUST be discarded and an ACK sent back.",
    "ACK older than SND.UNA - MAX.SND.WND (RFC 5961): challenge ACK, drop"),
ROW("R_SYNC_ACK_TOOOLD", S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSE_WAIT) | S(CLOSING) | S(LAST_ACK), E(SEG_ACK), IF(NO5961ACK), G(ACK_TOOOLD), A(0), SAME, NEXT, SHOULD,
    "RFC 9293 3.10.7.4; MAY-12",
    "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored.",
    "very old ACK without the RFC 5961 check: ignore the ACK field"),
ROW("R_SYNC_ACK_UNSENT", S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSE_WAIT) | S(CLOSING) | S(LAST_ACK), E(SEG_ACK), IF(ANY), G(ACK_UNSENT), A(ACK_NOW), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4",
    "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment, and return.",
    "ACK of unsent data: ACK, drop"),
ROW("R_TW_ACK", S(TIME_WAIT), E(SEG_ACK), IF(ANY), G(ACK_UNSENT) | G(ACK_TOOOLD) | G(ACK_OLD) | G(ACK_DUP) | G(ACK_NEW) | G(ACK_FIN), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4 (fifth step, TIME-WAIT)",
    "The only thing that can arrive in this state is a retransmission of the remote FIN.",
    "acceptable segment in TIME-WAIT: nothing to acknowledge, continue"),
/* ---- sixth: URG --------------------------------------------------------- */
ROW("R_SYNC_URG_NONE", ESTG | FINR, E(SEG_URG), IF(ANY), G(URG_NONE), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4", "no RFC sentence: the sixth step (\"Sixth, check the URG bit\") acts only \"If the URG bit is set\"; with it off, processing goes on to the segment text.", "no URG: continue"),
ROW("R_EST_URG", ESTG, E(SEG_URG), IF(ANY), G(URG_SET), A(URG), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4, 3.8.5; MUST-30, MUST-31, MUST-32, MUST-62",
    "If the URG bit is set, RCV.UP <- max(RCV.UP,SEG.UP), and signal the user that the remote side has urgent data if the urgent pointer (RCV.UP) is in advance of the data consumed.",
    "URG: advance RCV.UP, signal the user"),
ROW("R_FINRCVD_URG", FINR, E(SEG_URG), IF(ANY), G(URG_SET), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4",
    "This should not occur since a FIN has been received from the remote side. Ignore the URG.",
    "URG after the peer's FIN: ignore"),
/* ---- seventh: text ------------------------------------------------------ */
ROW("R_SYNC_TEXT_NONE", ESTG | FINR, E(SEG_TEXT), IF(ANY), G(TEXT_NONE), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4", "no RFC sentence: the seventh step (\"Seventh, process the segment text\") has nothing to deliver when no text lies in the window; processing goes on to the FIN bit.", "no text: continue"),
ROW("R_EST_TEXT", ESTG, E(SEG_TEXT), IF(ANY), G(TEXT_INORDER), A(TEXT_ACCEPT, ACK_DELAYED), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4, 3.8.6.3; MUST-40, MUST-58, SHLD-18, SHLD-19",
    "Once in the ESTABLISHED state, it is possible to deliver segment data to user RECEIVE buffers. ... Send an acknowledgment of the form: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>",
    "in-order data: accept, advance RCV.NXT, acknowledge (may delay)"),
ROW("R_EST_TEXT_OOO", ESTG, E(SEG_TEXT), IF(ANY), G(TEXT_OOO), A(TEXT_HOLD, ACK_NOW), SAME, NEXT, SHOULD,
    "RFC 9293 3.10.7.4; SHLD-31, MAY-13; RFC 5681 4.2",
    "Segments with higher beginning sequence numbers SHOULD be held for later processing (SHLD-31).",
    "out-of-order data in window: hold, immediate duplicate ACK"),
ROW("R_EST_TEXT_OUTWIN", ESTG, E(SEG_TEXT), IF(ANY), G(TEXT_OUTWIN), A(ACK_NOW), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4; MUST-66",
    "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be made to accept valid ACKs, URGs, and RSTs.",
    "text beyond a zero/closed window: not accepted, ACK"),
ROWA(SKIP, "R_FW_TEXT_LOST", S(FIN_WAIT_1) | S(FIN_WAIT_2), E(SEG_TEXT), IF(ANY), G(TEXT_LOST), A(RST_LOST, RESET), T(CLOSED), STOP, SHOULD,
    "RFC 9293 3.6.1; SHLD-3; RFC 1122 4.2.2.13",
    "If such a host issues a CLOSE call while received data is still pending in the TCP connection, or if new data is received after CLOSE is called, its TCP implementation SHOULD send a RST to show that data was lost (SHLD-3).",
    "data after close(): RST, CLOSED (SHOULD; not taken: the text is processed as in ESTABLISHED)"),
ROW("R_FINRCVD_TEXT", FINR, E(SEG_TEXT), IF(ANY), G(TEXT_INORDER) | G(TEXT_OOO) | G(TEXT_OUTWIN), A(0), SAME, NEXT, MUST,
    "RFC 9293 3.10.7.4",
    "This should not occur since a FIN has been received from the remote side. Ignore the segment text.",
    "text after the peer's FIN: ignore"),
/* ---- eighth: FIN -------------------------------------------------------- */
ROW("R_SYNC_FIN_NONE", ESTG | FINR, E(SEG_FIN), IF(ANY), G(FIN_NONE), A(0), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4", "no RFC sentence: the eighth step (\"Eighth, check the FIN bit\") acts only \"If the FIN bit is set\"; with it off, processing of the segment ends.", "no FIN: done"),
ROW("R_SYNC_FIN_OOO", ESTG, E(SEG_FIN), IF(ANY), G(FIN_OOO), A(FIN_HOLD, ACK_NOW), SAME, STOP, SHOULD,
    "RFC 9293 3.10.7.4; SHLD-31, MAY-13; RFC 5681 4.2",
    "Segments with higher beginning sequence numbers SHOULD be held for later processing (SHLD-31).",
    "FIN beyond RCV.NXT (a hole before it): hold it, immediate duplicate ACK"),
ROW("R_FINRCVD_FIN_OOO", FINR, E(SEG_FIN), IF(ANY), G(FIN_OOO), A(0), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4 (eighth step)",
    "One could tailor actual segments to fit this assumption by trimming off any portions that lie outside the window (including SYN and FIN) and only processing further if the segment then begins at RCV.NXT.",
    "FIN beyond RCV.NXT after the peer's FIN: not processed"),
ROW("R_EST_FIN", S(ESTABLISHED), E(SEG_FIN), IF(ANY), G(FIN_INORDER), A(FIN_ACCEPT), T(CLOSE_WAIT), STOP, MUST,
    "RFC 9293 3.10.7.4, 3.6; MUST-12",
    "If the FIN bit is set, signal the user \"connection closing\" and return any pending RECEIVEs with same message, advance RCV.NXT over the FIN, and send an acknowledgment for the FIN. ... Enter the CLOSE-WAIT state.",
    "FIN in ESTABLISHED: ACK it, CLOSE-WAIT"),
ROW("R_FW1_FIN", S(FIN_WAIT_1), E(SEG_FIN), IF(ANY), G(FIN_INORDER), A(FIN_ACCEPT), T(CLOSING), STOP, MUST,
    "RFC 9293 3.10.7.4 (eighth step, FIN-WAIT-1); MUST-12",
    "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT, start the time-wait timer, turn off the other timers; otherwise, enter the CLOSING state.",
    "FIN in FIN-WAIT-1, ours unacked (simultaneous close): CLOSING"),
ROW("R_FW2_FIN", S(FIN_WAIT_2), E(SEG_FIN), IF(ANY), G(FIN_INORDER), A(FIN_ACCEPT, TW_START), T(TIME_WAIT), STOP, MUST,
    "RFC 9293 3.10.7.4 (eighth step, FIN-WAIT-2); MUST-12, MUST-13",
    "Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers.",
    "FIN in FIN-WAIT-2: ACK it, TIME-WAIT"),
ROW("R_FINRCVD_FIN", S(CLOSE_WAIT) | S(CLOSING) | S(LAST_ACK), E(SEG_FIN), IF(ANY), G(FIN_INORDER), A(0), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4 (eighth step)",
    "Remain in the CLOSE-WAIT state. ... Remain in the CLOSING state. ... Remain in the LAST-ACK state.",
    "another FIN after the peer's FIN: remain"),
ROW("R_TW_FIN", S(TIME_WAIT), E(SEG_FIN), IF(ANY), G(FIN_INORDER), A(ACK_NOW, TW_RESTART), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4 (eighth step, TIME-WAIT)",
    "Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout.",
    "FIN at RCV.NXT in TIME-WAIT: ACK, restart 2MSL"),
ROW("R_TW_FIN_AGAIN", S(TIME_WAIT), E(SEG_FIN), IF(ANY), G(FIN_AGAIN), A(0), SAME, STOP, MUST,
    "RFC 9293 3.10.7.4 (eighth step, CLOSING)",
    "Remain in the CLOSING state.",
    "another FIN on the segment whose ACK moved CLOSING to TIME-WAIT: judged as in CLOSING (R_FINRCVD_FIN), no ACK owed; this segment's ACK started the time-wait timer"),
/* ---- 3.10.1 OPEN -------------------------------------------------------- */
ROW("R_CLOSED_OPEN_PASSIVE", S(CLOSED), E(OPEN_PASSIVE), IF(ANY), G(ANY), A(PASSIVE), T(LISTEN), STOP, MUST,
    "RFC 9293 3.10.1",
    "Create a new transmission control block (TCB) to hold connection state information ... If passive, enter the LISTEN state and return.",
    "passive OPEN: LISTEN"),
ROW("R_CLOSED_OPEN_ACTIVE", S(CLOSED), E(OPEN_ACTIVE), IF(ANY), G(ANY), A(SELECT_ISS, SEND_SYN), T(SYN_SENT), STOP, MUST,
    "RFC 9293 3.10.1",
    "if active and the remote socket is specified, issue a SYN segment. An initial send sequence number (ISS) is selected. A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent. Set SND.UNA to ISS, SND.NXT to ISS+1, enter SYN-SENT state, and return.",
    "active OPEN: SYN, SYN-SENT"),
ROW("R_LISTEN_OPEN_ACTIVE", S(LISTEN), E(OPEN_ACTIVE), IF(ANY), G(ANY), A(SELECT_ISS, SEND_SYN), T(SYN_SENT), STOP, MUST,
    "RFC 9293 3.10.1",
    "If the OPEN call is active and the remote socket is specified, then change the connection from passive to active, select an ISS. Send a SYN segment, set SND.UNA to ISS, SND.NXT to ISS+1. Enter SYN-SENT state.",
    "active OPEN on a listener: SYN, SYN-SENT"),
ROW("R_OPEN_PASSIVE_EXISTS", ALL & ~S(CLOSED), E(OPEN_PASSIVE), IF(ANY), G(ANY), A(U_EXISTS), SAME, STOP, MUST,
    "RFC 9293 3.10.1",
    "Return \"error: connection already exists\".",
    "passive OPEN on an existing connection: error"),
ROW("R_OPEN_ACTIVE_EXISTS", ALL & ~(S(CLOSED) | S(LISTEN)), E(OPEN_ACTIVE), IF(ANY), G(ANY), A(U_EXISTS), SAME, STOP, MUST,
    "RFC 9293 3.10.1",
    "Return \"error: connection already exists\".",
    "active OPEN on a synchronizing or synchronized connection: error"),
/* ---- 3.10.2 SEND -------------------------------------------------------- */
ROW("R_CLOSED_SEND", S(CLOSED), E(SEND), IF(ANY), G(ANY), A(U_NOCONN), SAME, STOP, MUST,
    "RFC 9293 3.10.2",
    "Otherwise, return \"error: connection does not exist\".",
    "SEND on CLOSED: error"),
ROW("R_LISTEN_SEND", S(LISTEN), E(SEND), IF(ANY), G(ANY), A(U_NOCONN), SAME, STOP, MUST,
    "RFC 9293 3.10.2",
    "If the remote socket was not specified, then return \"error: remote socket unspecified\".",
    "SEND on a listener: error"),
ROWR(ALLOWED, "R_PRESYNC_SEND", S(SYN_SENT) | S(SYN_RECEIVED), E(SEND), IF(ANY), G(ANY), A(QUEUE_DATA), SAME, STOP, MUST,
    "RFC 9293 3.10.2",
    "Queue the data for transmission after entering ESTABLISHED state. If no space to queue, respond with \"error: insufficient resources\".",
    "SEND before synchronization: queue"),
ROWR(ALLOWED, "R_EST_SEND", S(ESTABLISHED) | S(CLOSE_WAIT), E(SEND), IF(ANY), G(ANY), A(QUEUE_DATA), SAME, STOP, MUST,
    "RFC 9293 3.10.2",
    "Segmentize the buffer and send it with a piggybacked acknowledgment (acknowledgment value = RCV.NXT). If there is insufficient space to remember this buffer, simply return \"error: insufficient resources\".",
    "SEND when synchronized: queue for transmission"),
ROW("R_CLOSING_SEND", S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSING) | S(LAST_ACK) | S(TIME_WAIT), E(SEND), IF(ANY), G(ANY), A(U_CLOSING), SAME, STOP, MUST,
    "RFC 9293 3.10.2",
    "Return \"error: connection closing\" and do not service request.",
    "SEND after CLOSE: error"),
/* ---- 3.10.3 RECEIVE ----------------------------------------------------- */
ROW("R_CLOSED_RECEIVE", S(CLOSED), E(RECEIVE), IF(ANY), G(ANY), A(U_NOCONN), SAME, STOP, MUST,
    "RFC 9293 3.10.3", "Otherwise, return \"error: connection does not exist\".", "RECEIVE on CLOSED: error"),
ROWR(ALLOWED, "R_PRESYNC_RECEIVE", S(LISTEN) | S(SYN_SENT) | S(SYN_RECEIVED), E(RECEIVE), IF(ANY), G(ANY), A(RECV_DATA), SAME, STOP, MUST,
    "RFC 9293 3.10.3",
    "Queue for processing after entering ESTABLISHED state. If there is no room to queue this request, respond with \"error: insufficient resources\".",
    "RECEIVE before synchronization: nothing yet"),
ROWR(ALLOWED, "R_EST_RECEIVE", ESTG, E(RECEIVE), IF(ANY), G(ANY), A(RECV_DATA), SAME, STOP, MUST,
    "RFC 9293 3.10.3",
    "If insufficient incoming segments are queued to satisfy the request, queue the request. If there is no queue space to remember the RECEIVE, respond with \"error: insufficient resources\".",
    "RECEIVE: deliver queued data, reopen the window"),
ROW("R_FINRCVD_RECEIVE", FINR, E(RECEIVE), IF(ANY), G(ANY), A(RECV_DATA), SAME, STOP, MUST,
    "RFC 9293 3.10.3",
    "Since the remote side has already sent FIN, RECEIVEs must be satisfied by data already on hand, but not yet delivered to the user. If no text is awaiting delivery, the RECEIVE will get an \"error: connection closing\" response.",
    "RECEIVE after the peer's FIN: remaining data, then end of data"),
/* ---- 3.10.4 CLOSE (close(): plus RFC 1122 4.2.2.13) --------------------- */
ROW("R_CLOSED_CLOSE", S(CLOSED), E(CLOSE), IF(ANY), G(ANY), A(U_NOCONN), SAME, STOP, MUST,
    "RFC 9293 3.10.4", "Otherwise, return \"error: connection does not exist\".", "CLOSE on CLOSED: error"),
ROW("R_LISTEN_CLOSE", S(LISTEN), E(CLOSE), IF(ANY), G(ANY), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.4",
    "Any outstanding RECEIVEs are returned with \"error: closing\" responses. Delete TCB, enter CLOSED state, and return.",
    "CLOSE on a listener: CLOSED"),
ROW("R_SYNSENT_CLOSE", S(SYN_SENT), E(CLOSE), IF(ANY), G(ANY), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.4",
    "Delete the TCB and return \"error: closing\" responses to any queued SENDs, or RECEIVEs.",
    "CLOSE in SYN-SENT: CLOSED, nothing sent"),
ROW("R_SYNRCVD_CLOSE", S(SYN_RECEIVED), E(CLOSE), IF(ANY), G(ANY), A(USER_CLOSED, QUEUE_FIN, FIN_NOW), T(FIN_WAIT_1), STOP, MUST,
    "RFC 9293 3.10.4; MAY-1",
    "If no SENDs have been issued and there is no pending data to send, then form a FIN segment and send it, and enter FIN-WAIT-1 state; otherwise, queue for processing after entering ESTABLISHED state.",
    "CLOSE in SYN-RECEIVED: FIN at once (nothing queued) or after the data, FIN-WAIT-1"),
ROW("R_EST_CLOSE", S(ESTABLISHED), E(CLOSE), IF(ANY), G(ANY), A(USER_CLOSED, QUEUE_FIN), T(FIN_WAIT_1), STOP, MUST,
    "RFC 9293 3.10.4; MAY-1",
    "Queue this until all preceding SENDs have been segmentized, then form a FIN segment and send it. In any case, enter FIN-WAIT-1 state.",
    "CLOSE in ESTABLISHED: FIN, FIN-WAIT-1"),
ROW("R_CW_CLOSE", S(CLOSE_WAIT), E(CLOSE), IF(ANY), G(ANY), A(USER_CLOSED, QUEUE_FIN), T(LAST_ACK), STOP, MUST,
    "RFC 9293 3.10.4; MAY-1",
    "Queue this request until all preceding SENDs have been segmentized; then send a FIN segment, enter LAST-ACK state.",
    "CLOSE in CLOSE-WAIT: FIN, LAST-ACK"),
ROWA(SKIP, "R_CLOSE_UNREAD", S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSE_WAIT), E(CLOSE), IF(ANY), G(CALL_UNREAD), A(RST_LOST, RESET), T(CLOSED), STOP, SHOULD,
    "RFC 9293 3.6.1; MAY-1, SHLD-3; RFC 1122 4.2.2.13",
    "If such a host issues a CLOSE call while received data is still pending in the TCP connection, or if new data is received after CLOSE is called, its TCP implementation SHOULD send a RST to show that data was lost (SHLD-3).",
    "close() with unread data: RST, CLOSED (SHOULD; not taken: the CLOSE row for the state)"),
ROW("R_FW_CLOSE", S(FIN_WAIT_1) | S(FIN_WAIT_2), E(CLOSE), IF(ANY), G(ANY), A(USER_CLOSED, U_CLOSING), SAME, STOP, MUST,
    "RFC 9293 3.10.4; MAY-1",
    "Strictly speaking, this is an error and should receive an \"error: connection closing\" response.",
    "CLOSE after CLOSE (e.g. after shutdown): error, no more reads"),
ROW("R_CLOSING_CLOSE", S(CLOSING) | S(LAST_ACK) | S(TIME_WAIT), E(CLOSE), IF(ANY), G(ANY) | G(CALL_UNREAD), A(USER_CLOSED, U_CLOSING), SAME, STOP, MUST,
    "RFC 9293 3.10.4; MAY-1",
    "Respond with \"error: connection closing\".",
    "CLOSE while closing: error"),
/* ---- SHUTDOWN(SHUT_WR): the RFC's half-close CLOSE (MAY-1) -------------- */
ROW("R_CLOSED_SHUTDOWN", S(CLOSED), E(SHUTDOWN), IF(ANY), G(ANY), A(U_NOCONN), SAME, STOP, MUST,
    "RFC 9293 3.10.4", "Otherwise, return \"error: connection does not exist\".", "shutdown on CLOSED: error"),
ROW("R_LISTEN_SHUTDOWN", S(LISTEN), E(SHUTDOWN), IF(ANY), G(ANY), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.4", "Delete TCB, enter CLOSED state, and return.", "shutdown on a listener: CLOSED"),
ROWR(OUTSIDE, "R_SYNSENT_SHUTDOWN", S(SYN_SENT), E(SHUTDOWN), IF(ANY), G(ANY), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.4", "Delete the TCB and return \"error: closing\" responses to any queued SENDs, or RECEIVEs.",
    "shutdown in SYN-SENT: CLOSED (a stack may refuse it, e.g. ENOTCONN: the RFC has no half-close before synchronization, outside the model)"),
ROW("R_SYNRCVD_SHUTDOWN", S(SYN_RECEIVED), E(SHUTDOWN), IF(ANY), G(ANY), A(QUEUE_FIN, FIN_NOW), T(FIN_WAIT_1), STOP, MUST,
    "RFC 9293 3.10.4", "If no SENDs have been issued and there is no pending data to send, then form a FIN segment and send it, and enter FIN-WAIT-1 state.", "shutdown in SYN-RECEIVED: FIN-WAIT-1"),
ROW("R_EST_SHUTDOWN", S(ESTABLISHED), E(SHUTDOWN), IF(ANY), G(ANY), A(QUEUE_FIN), T(FIN_WAIT_1), STOP, MUST,
    "RFC 9293 3.10.4", "Queue this until all preceding SENDs have been segmentized, then form a FIN segment and send it. In any case, enter FIN-WAIT-1 state.", "half-close in ESTABLISHED: FIN, FIN-WAIT-1, still receiving"),
ROW("R_CW_SHUTDOWN", S(CLOSE_WAIT), E(SHUTDOWN), IF(ANY), G(ANY), A(QUEUE_FIN), T(LAST_ACK), STOP, MUST,
    "RFC 9293 3.10.4", "Queue this request until all preceding SENDs have been segmentized; then send a FIN segment, enter LAST-ACK state.", "shutdown in CLOSE-WAIT: FIN, LAST-ACK"),
ROW("R_CLOSING_SHUTDOWN", S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSING) | S(LAST_ACK) | S(TIME_WAIT), E(SHUTDOWN), IF(ANY), G(ANY), A(U_CLOSING), SAME, STOP, MUST,
    "RFC 9293 3.10.4", "Respond with \"error: connection closing\".", "shutdown after CLOSE: error"),
/* ---- 3.10.5 ABORT ------------------------------------------------------- */
ROW("R_CLOSED_ABORT", S(CLOSED), E(ABORT), IF(ANY), G(ANY), A(U_NOCONN), SAME, STOP, MUST,
    "RFC 9293 3.10.5", "Otherwise, return \"error: connection does not exist\".", "ABORT on CLOSED: error"),
ROW("R_PRESYNC_ABORT", S(LISTEN) | S(SYN_SENT), E(ABORT), IF(ANY), G(ANY), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.5",
    "Any outstanding RECEIVEs should be returned with \"error: connection reset\" responses. Delete TCB, enter CLOSED state, and return.",
    "ABORT before a SYN was received: CLOSED, nothing sent"),
ROW("R_SYNC_ABORT", S(SYN_RECEIVED) | S(ESTABLISHED) | S(FIN_WAIT_1) | S(FIN_WAIT_2) | S(CLOSE_WAIT), E(ABORT), IF(ANY), G(ANY), A(RST_ABORT, RESET), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.5",
    "Send a reset segment: <SEQ=SND.NXT><CTL=RST> ... All queued SENDs and RECEIVEs should be given \"connection reset\" notification; all segments queued for transmission (except for the RST formed above) or retransmission should be flushed. Delete the TCB, enter CLOSED state, and return.",
    "ABORT when synchronized: RST seq = SND.NXT, CLOSED"),
ROW("R_CLOSING_ABORT", S(CLOSING) | S(LAST_ACK) | S(TIME_WAIT), E(ABORT), IF(ANY), G(ANY), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.5",
    "Respond with \"ok\" and delete the TCB, enter CLOSED state, and return.",
    "ABORT while closing: CLOSED, no RST"),
/* ---- 3.10.8 timeouts ---------------------------------------------------- */
/* paraphrase: wording from memory of the cited RFC (no text at hand), not verified */
ROW("R_RTX_IDLE", ALL, E(TO_RTX), IF(ANY), G(TMR_IDLE), A(0), SAME, STOP, MUST,
    "RFC 6298 5.2 (paraphrase)", "When all outstanding data has been acknowledged, turn off the retransmission timer.", "retransmission timer not running: nothing"),
ROW("R_RTX_DUE", ALL & ~(S(CLOSED) | S(LISTEN) | S(TIME_WAIT)), E(TO_RTX), IF(ANY), G(TMR_DUE), A(RTX), SAME, STOP, MUST,
    "RFC 9293 3.10.8, 3.8.1; MUST-18, MUST-22; RFC 6298 2, 5",
    "For any state if the retransmission timeout expires on a segment in the retransmission queue, send the segment at the front of the retransmission queue again, reinitialize the retransmission timer, and return.",
    "retransmission timeout: resend from SND.UNA, back off"),
ROW("R_RTX_LIMIT", ALL & ~(S(CLOSED) | S(LISTEN) | S(TIME_WAIT)), E(TO_RTX), IF(ANY), G(TMR_LIMIT), A(GIVE_UP, DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.8.3, 3.8.6.1; MUST-20, MUST-22, MUST-37",
    "When the number of transmissions of the same segment reaches a threshold R2 greater than R1, close the connection.",
    "retransmissions reached R2 (also: the zero-window probe octet retransmitted R2 times with no ACK since, MUST-37): give up, CLOSED"),
ROW("R_TW_IDLE", ALL, E(TO_TIMEWAIT), IF(ANY), G(TMR_IDLE), A(0), SAME, STOP, MUST,
    "RFC 9293 3.10.8", "no RFC sentence: the time-wait timer runs only after \"Start the time-wait timer\" (3.10.7.4) in TIME-WAIT; when it is not running a time-wait timeout has no effect.", "time-wait timer not running: nothing"),
ROW("R_TW_EXPIRE", S(TIME_WAIT), E(TO_TIMEWAIT), IF(ANY), G(TMR_DUE), A(DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.8, 3.6.1; MUST-13",
    "If the time-wait timeout expires on a connection, delete the TCB, enter the CLOSED state, and return.",
    "2MSL elapsed in TIME-WAIT: CLOSED"),
ROW("R_USER_IDLE", ALL, E(TO_USER), IF(ANY), G(TMR_IDLE), A(0), SAME, STOP, MUST,
    "RFC 9293 3.10.8", "no RFC sentence: the user timeout runs only while the model has data outstanding (profile user_timeout_us); when it is not running a user timeout event has no effect.", "user timer not running: nothing"),
ROW("R_USER_TIMEOUT", ALL & ~(S(CLOSED) | S(LISTEN)), E(TO_USER), IF(ANY), G(TMR_DUE), A(USER_TIMEOUT, DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.10.8",
    "For any state if the user timeout expires, flush all queues, signal the user \"error: connection aborted due to user timeout\" in general and for any outstanding calls, delete the TCB, enter the CLOSED state, and return.",
    "user timeout: abort, CLOSED"),
ROW("R_DELACK_IDLE", ALL, E(TO_DELACK), IF(ANY), G(TMR_IDLE), A(0), SAME, STOP, MUST,
    "RFC 9293 3.8.6.3", "no RFC sentence: with no acknowledgment being delayed there is nothing for the delayed-ACK timer to send.", "delayed-ACK timer not running: nothing"),
ROW("R_DELACK_DUE", SYNC, E(TO_DELACK), IF(ANY), G(TMR_DUE), A(ACK_DUE), SAME, STOP, MUST,
    "RFC 9293 3.8.6.3; SHLD-18, MUST-40",
    "A TCP endpoint SHOULD implement a delayed ACK (SHLD-18), but an ACK should not be excessively delayed; in particular, the delay MUST be less than 0.5 seconds (MUST-40).",
    "delayed ACK due: send it"),
ROW("R_PERSIST_IDLE", ALL, E(TO_PERSIST), IF(ANY), G(TMR_IDLE), A(0), SAME, STOP, MUST,
    "RFC 9293 3.8.6.1", "no RFC sentence: probing is required only \"even if the send window is zero\", with data to send; otherwise the persist timer is not running and its event has no effect.", "persist timer not running: nothing"),
ROW("R_PERSIST_DUE", S(ESTABLISHED) | S(FIN_WAIT_1) | S(CLOSE_WAIT) | S(CLOSING) | S(LAST_ACK), E(TO_PERSIST), IF(ANY), G(TMR_DUE), A(PROBE), SAME, STOP, MUST,
    "RFC 9293 3.8.6, 3.8.6.1; MUST-35, MUST-36, MUST-37, SHLD-29, SHLD-30",
    "The sending TCP peer must regularly transmit at least one octet of new data (if available), or retransmit to the receiving TCP peer even if the send window is zero, in order to \"probe\" the window.",
    "zero window with data queued: probe"),
ROW("R_PERSIST_LIMIT", S(ESTABLISHED) | S(FIN_WAIT_1) | S(CLOSE_WAIT) | S(CLOSING) | S(LAST_ACK), E(TO_PERSIST), IF(ANY), G(TMR_LIMIT), A(GIVE_UP, DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.8.6.1, 3.8.3; MUST-37, MUST-20, SHLD-11",
    "As long as the receiving TCP peer continues to send acknowledgments in response to the probe segments, the sending TCP peer MUST allow the connection to stay open (MUST-37). ... When the number of transmissions of the same segment reaches a threshold R2 greater than R1, close the connection.",
    "zero-window probes unanswered R2 times (profile r2_retries, over at least 100 s, SHLD-11): give up, CLOSED"),
ROW("R_IDLE_TMR_IDLE", ALL, E(TO_IDLE), IF(ANY), G(TMR_IDLE), A(0), SAME, STOP, MUST,
    "RFC 9293 3.8.3", "no RFC sentence: the profile's time limits (lastack_timeout_us, fw2_timeout_us) run only in LAST-ACK and in FIN-WAIT-2 after close(); elsewhere, or before they expire, the event has no effect.", "idle limit not running: nothing"),
ROW("R_LASTACK_TIMEOUT", S(LAST_ACK), E(TO_IDLE), IF(ANY), G(TMR_DUE), A(GIVE_UP, DELETE_TCB), T(CLOSED), STOP, MUST,
    "RFC 9293 3.8.3; MUST-20, SHLD-11",
    "There are two thresholds R1 and R2 measuring the amount of retransmission that has occurred for the same segment. R1 and R2 might be measured in time units or as a count of retransmissions (with the current RTO and corresponding backoffs as a conversion factor, if needed). ... When the number of transmissions of the same segment reaches a threshold R2 greater than R1, close the connection.",
    "LAST-ACK, our FIN unacknowledged for the profile's time (lastack_timeout_us, at least 100 s: SHLD-11) since the last segment received: give up, CLOSED"),
ROW("R_FW2_TIMEOUT", S(FIN_WAIT_2), E(TO_IDLE), IF(ANY), G(TMR_DUE), A(DELETE_TCB), T(CLOSED), STOP, WC_TM_OUTSIDE,
    "RFC 9293 3.6, 3.10.7.4 (no FIN-WAIT-2 timer); MAY-1",
    "no RFC sentence: RFC 9293 sets no timer in FIN-WAIT-2 (it waits for the peer's FIN, 3.10.7.4 eighth step); after close() the application can no longer receive (MAY-1: \"half-duplex\" close), and stacks drop such a connection after an idle time (lwIP TCP_FIN_WAIT_TIMEOUT 20 s, Linux tcp_fin_timeout 60 s): a choice outside the RFC's state machine (profile fw2_timeout_us).",
    "FIN-WAIT-2 after close(), idle for the profile's fw2_timeout_us: drop the connection silently, CLOSED (outside the RFC)"),
ROW("R_KEEPALIVE_IDLE", ALL, E(TO_KEEPALIVE), IF(ANY), G(TMR_IDLE), A(0), SAME, STOP, MUST,
    "RFC 9293 3.8.4; MUST-26", "Keep-alive packets MUST only be sent when no sent data is outstanding, and no data or acknowledgment packets have been received for the connection within an interval (MUST-26).", "keep-alive timer not running: nothing"),
ROW("R_KEEPALIVE_DUE", S(ESTABLISHED) | S(CLOSE_WAIT) | S(FIN_WAIT_2), E(TO_KEEPALIVE), IF(ANY), G(TMR_DUE), A(KA_PROBE), SAME, STOP, SHOULD,
    "RFC 9293 3.8.4; MAY-5, MUST-26, MUST-28, SHLD-12, MAY-6",
    "An implementation SHOULD send a keep-alive segment with no data (SHLD-12); however, it MAY be configurable to send a keep-alive segment containing one garbage octet (MAY-6), for compatibility with erroneous TCP implementations.",
    "idle for the keep-alive interval: probe SEG.SEQ = SND.NXT-1"),
/* ---- the endpoint's own output ------------------------------------------ */
ROW("R_OUT_RST", ALL, E(OUT), IF(ANY), G(OUT_RST), A(O_RST), SAME, STOP, MUST,
    "RFC 9293 3.5.2",
    "As a general rule, reset (RST) is sent whenever a segment arrives that apparently is not intended for the current connection. A reset must not be sent if it is not clear that this is the case.",
    "a RST is emitted only as a prescribed reply"),
ROW("R_OUT_SYN", S(SYN_SENT), E(OUT), IF(ANY), G(OUT_SYN), A(O_SYN), SAME, STOP, MUST,
    "RFC 9293 3.10.1; MUST-14",
    "A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent.",
    "SYN (or its retransmission) in SYN-SENT"),
ROW("R_OUT_SYN_BADSTATE", ALL & ~S(SYN_SENT), E(OUT), IF(ANY), G(OUT_SYN), A(O_BADSTATE), SAME, STOP, MUST,
    "RFC 9293 3.10", "no RFC sentence: a SYN without ACK is formed only by an active OPEN or a SEND on a listener (3.10.1, 3.10.2: \"A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent\") and retransmitted in SYN-SENT; no rule sends one in another state.", "SYN outside SYN-SENT: violation"),
ROW("R_OUT_SYNACK", S(SYN_RECEIVED) | S(FIN_WAIT_1) | S(CLOSING), E(OUT), IF(ANY), G(OUT_SYNACK), A(O_SYNACK), SAME, STOP, MUST,
    "RFC 9293 3.10.7.2, 3.10.7.3; MUST-14",
    "ISS should be selected and a SYN segment sent of the form: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>",
    "SYN-ACK (or its retransmission) while our SYN is unacknowledged"),
ROW("R_OUT_SYNACK_BADSTATE", ALL & ~(S(SYN_RECEIVED) | S(FIN_WAIT_1) | S(CLOSING)), E(OUT), IF(ANY), G(OUT_SYNACK), A(O_BADSTATE), SAME, STOP, MUST,
    "RFC 9293 3.10", "no RFC sentence: a SYN,ACK is formed only on a SYN in LISTEN (3.10.7.2) or SYN-SENT (3.10.7.3) and retransmitted while that SYN is unacknowledged; no rule sends one in another state.", "SYN-ACK in another state: violation"),
ROW("R_OUT_ACK", SYNC, E(OUT), IF(ANY), G(OUT_ACK), A(O_ACKFIELD, O_SEQ, O_OPTS), SAME, STOP, MUST,
    "RFC 9293 3.8, 3.8.6, 3.7.1, 3.2; MUST-16, MUST-34, MUST-65",
    "Note that, once in the ESTABLISHED state, all segments must carry current acknowledgment information.",
    "ACK-bearing segment in a synchronized state: fields checked"),
ROW("R_OUT_ACK_BADSTATE", S(CLOSED) | S(LISTEN) | S(SYN_SENT), E(OUT), IF(ANY), G(OUT_ACK), A(O_BADSTATE), SAME, STOP, MUST,
    "RFC 9293 3.10", "no RFC sentence: before a SYN has been received (CLOSED, LISTEN, SYN-SENT) there is no RCV.NXT to acknowledge, and 3.10 forms no ACK-bearing segment there other than a reset.", "ACK segment before synchronization: violation"),
ROW("R_OUT_NOACK", ALL, E(OUT), IF(ANY), G(OUT_NOACK), A(O_NOACK), SAME, STOP, MUST,
    "RFC 9293 3.1", "If the ACK control bit is set, this field contains the value of the next sequence number the sender of the segment is expecting to receive. Once a connection is established, this is always sent.", "segment without SYN, RST or ACK: violation"),
};

const unsigned wc_tm_nrows = sizeof wc_tm_rows / sizeof wc_tm_rows[0];

_Static_assert(sizeof wc_tm_rows / sizeof wc_tm_rows[0] <= WC_TM_MAX_ROWS, "too many rows");

int wc_tm_rule_find(const char *id)
{
	if (!id)
		return -1;
	for (unsigned i = 0; i < wc_tm_nrows; i++)
		if (strcmp(wc_tm_rows[i].id, id) == 0)
			return (int)i;
	return -1;
}

int wc_tm_lookup(int state, int ev, int guard, const struct wc_tm_profile *p)
{
	int found = -1;
	if (state < 0 || state >= WC_TCP_NSTATES || ev < 0 || ev >= WC_TM_NEVENTS ||
	    guard < 0 || guard >= WC_TM_NGUARDS)
		return -1;
	for (unsigned i = 0; i < wc_tm_nrows; i++) {
		const wc_tm_row *r = &wc_tm_rows[i];
		if (r->event != ev || !(r->states & (1u << state)) ||
		    !(r->guards & WC_TM_GB(guard)) || !wc_tm_profile_if(p, r->prof))
			continue;
		if (found >= 0)
			return -1; /* ambiguous: a table bug */
		found = (int)i;
	}
	return found;
}
