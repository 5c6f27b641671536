/* Sequence-space tests that are more than one line (tcp_model_seq.h). */
#include "wirecheck/tcp_model_seq.h"

int wc_tm_seq_acceptable(uint32_t seg_seq, uint32_t seg_len, uint32_t rcv_nxt,
			 uint32_t rcv_wnd)
{
	if (seg_len == 0)
		return rcv_wnd == 0 ? seg_seq == rcv_nxt : wc_tm_seq_in(seg_seq, rcv_nxt, rcv_wnd);
	if (rcv_wnd == 0)
		return 0;
	return wc_tm_seq_in(seg_seq, rcv_nxt, rcv_wnd) ||
	       wc_tm_seq_in(seg_seq + seg_len - 1, rcv_nxt, rcv_wnd);
}
