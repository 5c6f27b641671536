#ifndef WC_WIRE_H
#define WC_WIRE_H

/* The wire library: every protocol parser/emitter and the whole-stack
 * packet codec. See each header for the contracts. */

#include "wirecheck/packet.h"
#include "wirecheck/wire_arp.h"
#include "wirecheck/wire_eth.h"
#include "wirecheck/wire_icmp.h"
#include "wirecheck/wire_ipv4.h"
#include "wirecheck/wire_ipv6.h"
#include "wirecheck/wire_pseudo.h"
#include "wirecheck/wire_tcp.h"
#include "wirecheck/wire_udp.h"

#endif
