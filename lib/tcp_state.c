#include "wirecheck/tcp_state.h"

const char *wc_tcp_state_name(int state)
{
	static const char *const names[WC_TCP_NSTATES] = {
		"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
		"FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK",
		"TIME-WAIT",
	};
	if (state < 0 || state >= WC_TCP_NSTATES)
		return "?";
	return names[state];
}
