#ifndef WC_LWIP_H
#define WC_LWIP_H

/*
 * lwIP 2.1.3 in-process, behind the wc_sut interface, plus the frame-level
 * extras the lwIP fuzz targets need.
 *
 * One adapter, two builds of the same lwIP, chosen at link time (make
 * LWIP=inst|shipped): Debian's liblwip.so as shipped, or the same source
 * package compiled with sanitizers and coverage. wc_lwip_build() says which
 * one is linked. Debian builds lwIP with NO_SYS=0 and core locking; the
 * adapter calls the raw API from the calling thread and never starts
 * tcpip_thread (sys_check_core_locking() only checks once a tcpip thread
 * has marked itself). The program provides, and lwIP calls through symbol
 * resolution (PLT in the shared library, weak definitions in the archive):
 *   sys_now()                 the virtual clock (milliseconds);
 *   tcpip_try_callback()      queued and run by the adapter after each call
 *                             (loopback delivery: netif_poll);
 *   mem_malloc/mem_calloc/mem_free, memp_malloc/memp_free
 *                             the same malloc-backed allocation Debian's
 *                             MEM_LIBC_MALLOC/MEMP_MEM_MALLOC build does,
 *                             counted (lwIP's stats are compiled out).
 *
 * lwIP's state is process-global: at most one adapter is open at a time.
 * Determinism: reset restores ISN (tcp_next_iss is walked to cfg.seed),
 * tcp_ticks, the phase of every cyclic timer (run by the adapter from
 * lwip_cyclic_timers[], the TCP timer always running every 250 ms),
 * LWIP_RAND (srand(seed)), ephemeral ports (active opens bind
 * 49152 + n explicitly). Not restorable in the shipped binary: the IPv4
 * Identification counter and the IPv6 fragment identification, which keep
 * counting across runs.
 *
 * Link modes: Ethernet (the netif runs ethernet_input/etharp/ethip6; the
 * peer 192.0.2.2 / 2001:db8::2 has MAC 02:00:00:00:00:02 and the adapter
 * answers lwIP's ARP requests and neighbour solicitations for it when
 * autoreply is on) and raw IP (ip_input directly; output and output_ip6
 * capture the IP packet).
 */

#include <stddef.h>
#include <stdint.h>

#include "../sut.h"

/* Registry entries. Both exist in every binary; open() of the one that
 * does not match the linked lwIP returns WC_ESUT_SKIP. */
extern const wc_sut_ops wc_sut_lwip;      /* "lwip": Debian's liblwip.so */
extern const wc_sut_ops wc_sut_lwip_inst; /* "lwip-inst": instrumented build */

/* "shipped" or "inst": which lwIP this binary runs. */
const char *wc_lwip_build(void);

typedef enum wc_lwip_link {
	WC_LWIP_LINK_ETH = 0,   /* Ethernet netif (ARP, ND, Ethernet input) */
	WC_LWIP_LINK_RAWIP = 1, /* IP packets straight into ip_input */
} wc_lwip_link;

typedef struct wc_lwip_opts {
	wc_lwip_link link;
	int autoreply; /* Ethernet: answer ARP/NS for the peer (1) or not (0) */
} wc_lwip_opts;

/* Defaults: Ethernet, autoreply on. */
void wc_lwip_opts_default(wc_lwip_opts *o);

/* Open/reset with lwIP-specific options (the wc_sut ops use the defaults).
 * Same contract as wc_sut_ops.open / .reset. */
int wc_lwip_open(wc_sut **out, const wc_sut_config *cfg, const wc_lwip_opts *o,
		 char *why, size_t whylen);
int wc_lwip_reset(wc_sut *s, const wc_sut_config *cfg, const wc_lwip_opts *o);

/* How an inbound frame reaches lwIP, the ways drivers deliver it. */
typedef enum wc_lwip_rx {
	WC_LWIP_RX_RAM = 0,  /* one PBUF_RAM pbuf */
	WC_LWIP_RX_POOL = 1, /* pbuf_alloc(PBUF_RAW, len, PBUF_POOL): pool-sized chain */
	WC_LWIP_RX_SPLIT = 2 /* pieces ending at cuts[], each PBUF_POOL (bit set in
	                        pool_mask, bit i for piece i, i < 32) or PBUF_RAM */
} wc_lwip_rx;

typedef struct wc_lwip_chain {
	wc_lwip_rx how;
	const size_t *cuts; /* SPLIT: ascending offsets in (0, len); others ignored */
	size_t ncuts;       /* at most 31 */
	uint32_t pool_mask;
} wc_lwip_chain;

/* Deliver one frame (Ethernet frame in ETH mode, IP packet in raw mode)
 * to the netif's input function, then run queued callbacks and autoreplies.
 * chain NULL means WC_LWIP_RX_RAM. WC_EINVAL for len 0 or > 65535 or bad
 * cuts; WC_ENOMEM if lwIP has no pbuf (nothing delivered). */
int wc_lwip_inject_frame(wc_sut *s, const uint8_t *frame, size_t len, const wc_lwip_chain *chain);

/* Pop the oldest frame lwIP sent (link layer included in ETH mode, ARP and
 * ND too). WC_OK with *len; WC_EINVAL when none is queued; WC_ENOSPC when
 * cap is too small (the frame stays queued, *len says how big it is). */
int wc_lwip_next_frame(wc_sut *s, uint8_t *buf, size_t cap, size_t *len);
/* Number of frames queued. */
size_t wc_lwip_frames_queued(const wc_sut *s);
/* Drop every queued frame. */
void wc_lwip_frames_clear(wc_sut *s);

/* Counters that are not part of wc_sut_resources. */
typedef struct wc_lwip_stats {
	long heap_objects;     /* live mem_malloc allocations (incl. memp) */
	long heap_bytes;       /* their usable bytes */
	long memp_live;        /* live memp elements, all pools */
	long pcb_tcp;          /* live MEMP_TCP_PCB + MEMP_TCP_PCB_LISTEN */
	long pbuf_pool;        /* live MEMP_PBUF + MEMP_PBUF_POOL */
	long tcp_seg;          /* live MEMP_TCP_SEG */
	unsigned long frames_out;     /* frames captured since reset */
	unsigned long frames_dropped; /* frames lost because the queue was full */
	unsigned long frames_oversize;/* frames longer than the netif MTU allows */
	unsigned long replies;        /* ARP/NA autoreplies injected */
	unsigned long alloc_fail;     /* allocations refused (wc_lwip_fail_allocs) */
} wc_lwip_stats;

void wc_lwip_get_stats(const wc_sut *s, wc_lwip_stats *out);

/* After reset: 1 if lwIP still holds more (or fewer) heap objects or memp
 * elements than right after the first reset (a leak of the previous run),
 * with a one-line description in why; 0 if it is back at baseline. */
int wc_lwip_leaked(const wc_sut *s, char *why, size_t whylen);

/* Make the next n lwIP allocations after `after` successful ones fail
 * (n = 0 disables). Allocation failure injection for fuzz targets. */
void wc_lwip_fail_allocs(wc_sut *s, unsigned long after, unsigned long n);

/* The next connection lwIP opens gets ISN isn (passive: SYN-ACK sequence
 * number; active: lwIP's SYN carries isn - 1, as tcp_connect uses
 * snd_lbb = iss - 1). reset sets it to cfg.seed. */
void wc_lwip_set_next_isn(wc_sut *s, uint32_t isn);

/* Extension of WC_CALL_SOCKET: level 2 (AF_INET) or 10 (AF_INET6) picks
 * the family of this socket; anything else uses cfg.ipv6. */

/* 1 when reset also restores lwIP's file-static state (IP identification
 * counters, netif number, cache hints, ephemeral ports: the instrumented
 * build exports them), so a run's frames do not depend on earlier runs; 0
 * against Debian's liblwip.so, where that state carries over. */
int wc_lwip_resets_statics(void);

/* Every fd the adapter has handed out since reset is below this bound
 * (fds at or above it are free): callers that poll each fd's state can
 * stop there. */
int wc_lwip_fd_limit(const wc_sut *s);

/* Pending user-visible bytes on fd's receive queue (not yet read). */
long wc_lwip_rx_pending(const wc_sut *s, int fd);

#endif
