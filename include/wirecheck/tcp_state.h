#ifndef WC_TCP_STATE_H
#define WC_TCP_STATE_H

/* The eleven connection states of RFC 9293 section 3.3.2, shared by the
 * reference model and every system-under-test adapter. */
typedef enum wc_tcp_state {
	WC_TCP_CLOSED = 0,
	WC_TCP_LISTEN,
	WC_TCP_SYN_SENT,
	WC_TCP_SYN_RECEIVED,
	WC_TCP_ESTABLISHED,
	WC_TCP_FIN_WAIT_1,
	WC_TCP_FIN_WAIT_2,
	WC_TCP_CLOSE_WAIT,
	WC_TCP_CLOSING,
	WC_TCP_LAST_ACK,
	WC_TCP_TIME_WAIT,
	WC_TCP_NSTATES
} wc_tcp_state;

/* "SYN-RECEIVED" etc., as RFC 9293 spells them; "?" for out-of-range. */
const char *wc_tcp_state_name(int state);

#endif
