#ifndef WC_WIRE_TCPOPT_H
#define WC_WIRE_TCPOPT_H

/* Private to lib/: the TCP option walker behind wc_tcp_parse/emit. */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/wire_tcp.h"

/* Prove the option area o[0..n) (n <= 40); WC_OK, WC_ETCP_OPTLEN,
 * WC_ETCP_OPTSIZE. Reads nothing outside o[0..n). */
int wc_tcpopt_check(const uint8_t *o, size_t n);
/* Decode a proved option area into t->opts / t->n_opts / t->pad. */
void wc_tcpopt_decode(const uint8_t *o, size_t n, wc_tcp *t);
/* Serialise t's options into dst (room for 40 bytes); *n = bytes written.
 * WC_OK or WC_EINVAL (see wc_tcp_emit). */
int wc_tcpopt_encode(const wc_tcp *t, uint8_t *dst, size_t *n);

#endif
