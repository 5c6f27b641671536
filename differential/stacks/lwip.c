/*
 * lwIP 2.1.3 in-process adapter (see lwip.h for the contract).
 *
 * Everything lwIP-specific lives here; lwIP's headers are the installed
 * ones (/usr/include/lwip from liblwip-dev, the same files as Debian's
 * source package with its lwipopts.h and arch/cc.h), so the object links
 * against either build.
 */
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/init.h"
#include "lwip/def.h"
#include "lwip/mem.h"
#include "lwip/memp.h"
#include "lwip/priv/memp_priv.h"
#include "lwip/pbuf.h"
#include "lwip/netif.h"
#include "lwip/ip.h"
#include "lwip/ip_addr.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/timeouts.h"
#include "lwip/tcpip.h"
#include "lwip/etharp.h"
#include "lwip/igmp.h"
#include "lwip/mld6.h"
#include "lwip/nd6.h"
#include "lwip/priv/nd6_priv.h"
#include "lwip/ethip6.h"
#include "lwip/ip4_frag.h"
#include "lwip/ip6_frag.h"
#include "netif/ethernet.h"

#include "wirecheck/view.h"

#include "lwip.h"

/* The adapter's own bookkeeping (virtual clock, frame queue, accounting)
 * runs thousands of loop iterations per fuzz input and says nothing about
 * lwIP: it is kept out of SanitizerCoverage (libFuzzer's edge counters and
 * comparison tracing), so the fuzzer's feedback and time go to lwIP and the
 * targets. Sanitizers and source coverage (make coverage) still apply. */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

#define MAXFD 32
#define ACCQ 16
#define NSLOT 256
#define SLOT_BYTES 2048
#define NCB 64
#define NREPLY 16
#define REPLY_BYTES 96
#define MTU 1500
#define PORT_BASE 49152

static const uint8_t our_mac[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t peer_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t our_ip4[4] = {192, 0, 2, 1};

enum conn_kind { C_FREE = 0, C_SOCKET, C_LISTEN, C_CONN };

struct conn {
	enum conn_kind kind;
	struct tcp_pcb *pcb;  /* NULL once lwIP freed it or we let go of it */
	int detached;         /* user closed: fd is gone, pcb may live on in lwIP */
	int v6;
	uint16_t lport, rport;
	struct pbuf *rx;      /* received, not yet read (window not reopened) */
	int rx_fin;           /* FIN received */
	int shut_rd, shut_wr;
	int err;              /* pending Linux errno from tcp_err, reported once */
	int reset;            /* tcp_err fired: connection gone */
	int listener;         /* C_CONN created by accept: listener fd, else -1 */
	int accq[ACCQ];       /* C_LISTEN: established, not yet accepted */
	int naccq;
};

struct slot {
	uint16_t len;   /* bytes stored */
	uint32_t full;  /* bytes lwIP sent */
	uint8_t b[SLOT_BYTES];
};

struct wc_sut {
	int open;
	wc_lwip_opts opts;
	wc_sut_config cfg;
	struct netif nif;
	int nif_added;
	int dirty;           /* input that may leave state outside TCP/ARP/ND caches */
	uint64_t now_ms;
	uint64_t usec_acc;
	uint64_t due[32];
	unsigned tcp_tmr_calls; /* parity of lwIP's static tcp_timer (real calls) */
	unsigned tcp_tmr_virt;  /* parity lwIP's tcp_timer would have without skips */
	uint16_t next_port;
	struct conn c[MAXFD];
	int c_hw;            /* slots at or above this index are untouched (zero) since reset */
	struct slot out[NSLOT];
	unsigned out_head, out_n;
	struct { tcpip_callback_fn fn; void *ctx; } cb[NCB];
	unsigned cb_head, cb_n;
	struct { uint16_t len; uint8_t b[REPLY_BYTES]; } rep[NREPLY];
	unsigned nrep;
	int in_drain;
	/* Idle-check cache for the group/ND timers (see timer_idle): act
	 * counts everything that can change their idleness (input, output,
	 * API calls, callbacks, their own runs, reset). */
	unsigned long act;
	unsigned long idle_at[32]; /* act + 1 when idle_val[i] was computed */
	int idle_val[32];
	wc_lwip_stats st;
	/* Baseline per link mode (the Ethernet netif holds multicast groups). */
	long base_heap_objects[2], base_memp[2][MEMP_MAX];
	int have_base[2];
};

/* lwIP is process-global, so is its adapter. */
static struct wc_sut G;

static void cfg_default(wc_sut_config *cfg);
static void tcp_sync(void);

/* ------------------------------------------------------------------ */
/* Functions lwIP calls that the program provides.                    */

static long heap_objects, heap_bytes;
static long memp_live[MEMP_MAX];
static unsigned long fail_after, fail_n, alloc_count;

u32_t sys_now(void)
{
	return (u32_t)G.now_ms;
}

static int alloc_refused(void)
{
	if (fail_n == 0)
		return 0;
	if (alloc_count++ < fail_after)
		return 0;
	fail_n--;
	G.st.alloc_fail++;
	return 1;
}

/* mem.c with MEM_LIBC_MALLOC=1 (Debian): malloc/calloc/free, no stats. */
void *mem_malloc(mem_size_t size)
{
	if (alloc_refused())
		return NULL;
	void *p = malloc(size);
	if (p) {
		heap_objects++;
		heap_bytes += (long)malloc_usable_size(p);
	}
	return p;
}

void *mem_calloc(mem_size_t count, mem_size_t size)
{
	size_t total = (size_t)count * (size_t)size;
	if ((size_t)count != 0 && total / count != size)
		return NULL;
	if (total > 0xFFFFu)
		return NULL; /* lwIP: mem_malloc takes a mem_size_t */
	void *p = mem_malloc((mem_size_t)total);
	if (p)
		memset(p, 0, total);
	return p;
}

void mem_free(void *rmem)
{
	if (rmem == NULL)
		return;
	heap_objects--;
	heap_bytes -= (long)malloc_usable_size(rmem);
	free(rmem);
}

/* memp.c with MEMP_MEM_MALLOC=1 and no overflow check (Debian): one
 * mem_malloc of the aligned element size per element. */
void *memp_malloc(memp_t type)
{
	if ((unsigned)type >= MEMP_MAX)
		return NULL;
	void *p = mem_malloc((mem_size_t)LWIP_MEM_ALIGN_SIZE(memp_pools[type]->size));
	if (p)
		memp_live[type]++;
	return p;
}

void memp_free(memp_t type, void *mem)
{
	if ((unsigned)type >= MEMP_MAX || mem == NULL)
		return;
	memp_live[type]--;
	mem_free(mem);
}

/* No tcpip thread runs: callbacks lwIP would post to it (netif_poll for
 * loopback, pbuf_free_ooseq) run after the current adapter call. */
err_t tcpip_try_callback(tcpip_callback_fn function, void *ctx)
{
	if (G.cb_n == NCB)
		return ERR_MEM;
	unsigned i = (G.cb_head + G.cb_n) % NCB;
	G.cb[i].fn = function;
	G.cb[i].ctx = ctx;
	G.cb_n++;
	return ERR_OK;
}

/* ------------------------------------------------------------------ */
/* Which lwIP is linked.                                              */

const char *wc_lwip_build(void)
{
	Dl_info info;
	void *fn;
	void (*init)(void) = lwip_init;
	memcpy(&fn, &init, sizeof fn);
	if (dladdr(fn, &info) && info.dli_fname && strstr(info.dli_fname, "liblwip.so"))
		return "shipped";
	return "inst";
}

void wc_lwip_opts_default(wc_lwip_opts *o)
{
	o->link = WC_LWIP_LINK_ETH;
	o->autoreply = 1;
}

/* ------------------------------------------------------------------ */
/* Frame capture and the peer's ARP / neighbour-discovery answers.    */

static int is_our_ip6(const uint8_t *a)
{
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
		if (!ip6_addr_isinvalid(netif_ip6_addr_state(&G.nif, i)) &&
		    memcmp(netif_ip6_addr(&G.nif, i)->addr, a, 16) == 0)
			return 1;
	}
	return 0;
}

static void queue_reply(const uint8_t *b, size_t len)
{
	if (G.nrep == NREPLY || len > REPLY_BYTES)
		return;
	memcpy(G.rep[G.nrep].b, b, len);
	G.rep[G.nrep].len = (uint16_t)len;
	G.nrep++;
}

static void autoreply(const uint8_t *f, size_t len)
{
	uint8_t r[REPLY_BYTES];
	if (len < 14)
		return;
	uint16_t type = wc_load_be16(f + 12);
	if (type == 0x0806 && len >= 42) {
		const uint8_t *a = f + 14;
		if (wc_load_be16(a) != 1 || wc_load_be16(a + 2) != 0x0800 || a[4] != 6 || a[5] != 4 ||
		    wc_load_be16(a + 6) != 1)
			return;
		if (memcmp(a + 24, our_ip4, 4) == 0 || memcmp(a + 24, a + 14, 4) == 0)
			return; /* asks for us, or a gratuitous announcement */
		memcpy(r, a + 8, 6);
		memcpy(r + 6, peer_mac, 6);
		wc_store_be16(r + 12, 0x0806);
		uint8_t *p = r + 14;
		wc_store_be16(p, 1);
		wc_store_be16(p + 2, 0x0800);
		p[4] = 6;
		p[5] = 4;
		wc_store_be16(p + 6, 2);
		memcpy(p + 8, peer_mac, 6);
		memcpy(p + 14, a + 24, 4);
		memcpy(p + 18, a + 8, 6);
		memcpy(p + 24, a + 14, 4);
		queue_reply(r, 42);
		return;
	}
	if (type != 0x86dd || len < 14 + 40 + 24)
		return;
	const uint8_t *ip = f + 14;
	if (ip[6] != 58 || ip[7] != 255)
		return;
	const uint8_t *ic = ip + 40;
	if (ic[0] != 135 || ic[1] != 0)
		return;
	const uint8_t *target = ic + 8;
	if (is_our_ip6(target) || target[0] == 0xff)
		return;
	static const uint8_t unspec[16];
	static const uint8_t allnodes[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	int solicited = memcmp(ip + 8, unspec, 16) != 0;
	memcpy(r, f + 6, 6);
	memcpy(r + 6, peer_mac, 6);
	wc_store_be16(r + 12, 0x86dd);
	uint8_t *h = r + 14;
	memset(h, 0, 40);
	h[0] = 0x60;
	wc_store_be16(h + 4, 32);
	h[6] = 58;
	h[7] = 255;
	memcpy(h + 8, target, 16);
	memcpy(h + 24, solicited ? ip + 8 : allnodes, 16);
	uint8_t *n = h + 40;
	memset(n, 0, 32);
	n[0] = 136;
	n[4] = solicited ? 0x60 : 0x20; /* S|O, or O for an unsolicited answer */
	memcpy(n + 8, target, 16);
	n[24] = 2; /* target link-layer address */
	n[25] = 1;
	memcpy(n + 26, peer_mac, 6);
	/* ICMPv6 checksum over the pseudo-header (addresses, length 32,
	 * next header 58) and the message. Kept local: this object links
	 * after libwc in some binaries. */
	uint32_t sum = 32 + 58;
	for (int i = 8; i < 40; i += 2)
		sum += wc_load_be16(h + i);
	for (int i = 0; i < 32; i += 2)
		sum += wc_load_be16(n + i);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	wc_store_be16(n + 2, (uint16_t)~sum);
	queue_reply(r, 14 + 40 + 32);
}

static void capture(struct pbuf *p)
{
	G.act++;
	G.st.frames_out++;
	if (p->tot_len > (G.opts.link == WC_LWIP_LINK_ETH ? MTU + 14 : MTU))
		G.st.frames_oversize++;
	if (G.out_n == NSLOT) {
		G.st.frames_dropped++;
		return;
	}
	struct slot *s = &G.out[(G.out_head + G.out_n) % NSLOT];
	uint16_t n = p->tot_len < SLOT_BYTES ? p->tot_len : SLOT_BYTES;
	s->len = pbuf_copy_partial(p, s->b, n, 0);
	s->full = p->tot_len;
	G.out_n++;
	if (G.opts.link == WC_LWIP_LINK_ETH && G.opts.autoreply)
		autoreply(s->b, s->len);
}

static err_t cap_linkoutput(struct netif *netif, struct pbuf *p)
{
	(void)netif;
	capture(p);
	return ERR_OK;
}

static err_t cap_output4(struct netif *netif, struct pbuf *p, const ip4_addr_t *ipaddr)
{
	(void)netif;
	(void)ipaddr;
	capture(p);
	return ERR_OK;
}

static err_t cap_output6(struct netif *netif, struct pbuf *p, const ip6_addr_t *ipaddr)
{
	(void)netif;
	(void)ipaddr;
	capture(p);
	return ERR_OK;
}

/* ------------------------------------------------------------------ */
/* Input.                                                             */

static void classify(const uint8_t *f, size_t len)
{
	/* Anything but unfragmented TCP, or ARP, may leave state (groups,
	 * reassembly, MTU, address state) that only a netif re-add clears. */
	if (G.opts.link == WC_LWIP_LINK_ETH) {
		if (len < 14) {
			return;
		}
		uint16_t t = wc_load_be16(f + 12);
		if (t == 0x0806)
			return;
		if (t != 0x0800 && t != 0x86dd) {
			G.dirty = 1;
			return;
		}
		f += 14;
		len -= 14;
	}
	if (len < 1)
		return;
	if ((f[0] >> 4) == 4 && len >= 20) {
		if (f[9] != 6 || (wc_load_be16(f + 6) & 0x3fff) != 0)
			G.dirty = 1;
	} else if ((f[0] >> 4) == 6 && len >= 40) {
		if (f[6] != 6)
			G.dirty = 1;
	} else {
		G.dirty = 1;
	}
}

/* The names deliver() and wc_lwip_inject_frame() appear in the crash
 * signatures of lwIP findings (the frames under the netif's input function,
 * the records of lwIP findings in the private store): keep them when
 * refactoring. */
static int deliver(const uint8_t *f, size_t len, const wc_lwip_chain *ch)
{
	struct pbuf *p = NULL;
	wc_lwip_rx how = ch ? ch->how : WC_LWIP_RX_RAM;
	if (len == 0 || len > 0xFFFF)
		return WC_EINVAL;
	G.act++;
	if (how == WC_LWIP_RX_RAM || how == WC_LWIP_RX_POOL) {
		p = pbuf_alloc(PBUF_RAW, (u16_t)len, how == WC_LWIP_RX_RAM ? PBUF_RAM : PBUF_POOL);
		if (!p)
			return WC_ENOMEM;
		if (pbuf_take(p, f, (u16_t)len) != ERR_OK) {
			pbuf_free(p);
			return WC_ENOMEM;
		}
	} else if (how == WC_LWIP_RX_SPLIT) {
		if (ch->ncuts > 31 || (ch->ncuts && !ch->cuts))
			return WC_EINVAL;
		size_t prev = 0;
		for (size_t i = 0; i <= ch->ncuts; i++) {
			size_t end = i < ch->ncuts ? ch->cuts[i] : len;
			if (end <= prev || end > len) {
				if (p)
					pbuf_free(p);
				return WC_EINVAL;
			}
			struct pbuf *q = pbuf_alloc(PBUF_RAW, (u16_t)(end - prev),
						    (ch->pool_mask >> i) & 1 ? PBUF_POOL : PBUF_RAM);
			if (!q) {
				if (p)
					pbuf_free(p);
				return WC_ENOMEM;
			}
			pbuf_take(q, f + prev, (u16_t)(end - prev));
			if (p)
				pbuf_cat(p, q);
			else
				p = q;
			prev = end;
		}
	} else {
		return WC_EINVAL;
	}
	/* The netif input function owns p unless it returns an error. */
	if (G.nif.input(p, &G.nif) != ERR_OK)
		pbuf_free(p);
	return WC_OK;
}

static void drain(void)
{
	if (G.in_drain || (!G.cb_n && !G.nrep))
		return;
	G.in_drain = 1;
	for (int round = 0; round < 64; round++) {
		int did = 0;
		while (G.cb_n) {
			tcpip_callback_fn fn = G.cb[G.cb_head].fn;
			void *ctx = G.cb[G.cb_head].ctx;
			G.cb_head = (G.cb_head + 1) % NCB;
			G.cb_n--;
			G.act++;
			fn(ctx);
			did = 1;
		}
		if (G.nrep) {
			unsigned n = G.nrep;
			/* static: drain never nests (in_drain) */
			static uint8_t tmp[NREPLY][REPLY_BYTES];
			static uint16_t lens[NREPLY];
			for (unsigned i = 0; i < n; i++) {
				memcpy(tmp[i], G.rep[i].b, G.rep[i].len);
				lens[i] = G.rep[i].len;
			}
			G.nrep = 0;
			for (unsigned i = 0; i < n; i++) {
				G.st.replies++;
				deliver(tmp[i], lens[i], NULL);
			}
			did = 1;
		}
		if (!did)
			break;
	}
	G.in_drain = 0;
}

int wc_lwip_inject_frame(wc_sut *s, const uint8_t *frame, size_t len, const wc_lwip_chain *chain)
{
	if (s != &G || !G.open || (len && !frame))
		return WC_EINVAL;
	tcp_sync();
	classify(frame, len);
	int rc = deliver(frame, len, chain);
	drain();
	return rc;
}

/* ------------------------------------------------------------------ */
/* Output queue.                                                      */

int wc_lwip_next_frame(wc_sut *s, uint8_t *buf, size_t cap, size_t *len)
{
	if (s != &G || !G.out_n)
		return WC_EINVAL;
	struct slot *sl = &G.out[G.out_head];
	if (cap < sl->len) {
		*len = sl->len;
		return WC_ENOSPC;
	}
	memcpy(buf, sl->b, sl->len);
	*len = sl->len;
	G.out_head = (G.out_head + 1) % NSLOT;
	G.out_n--;
	return WC_OK;
}

size_t wc_lwip_frames_queued(const wc_sut *s)
{
	return s == &G ? G.out_n : 0;
}

void wc_lwip_frames_clear(wc_sut *s)
{
	if (s == &G)
		G.out_head = G.out_n = 0;
}

/* Link-layer and neighbour-discovery frames the peer's IP layer never sees. */
static int ip_visible(const uint8_t *b, size_t len, size_t *off)
{
	size_t o = 0;
	if (G.opts.link == WC_LWIP_LINK_ETH) {
		if (len < 14)
			return 0;
		uint16_t t = wc_load_be16(b + 12);
		if (t != 0x0800 && t != 0x86dd)
			return 0;
		o = 14;
	}
	*off = o;
	if (len - o >= 40 && (b[o] >> 4) == 6) {
		uint8_t nh = b[o + 6];
		size_t p = o + 40;
		if (nh == 0 && len >= p + 8) { /* hop-by-hop (MLD router alert) */
			nh = b[p];
			p += 8u * (b[p + 1] + 1u);
		}
		if (nh == 58 && len > p) {
			uint8_t t = b[p];
			if ((t >= 130 && t <= 137) || t == 143)
				return 0;
		}
	}
	return 1;
}

static int sut_next_output(wc_sut *s, uint8_t *buf, size_t cap, size_t *len)
{
	if (s != &G)
		return WC_EINVAL;
	while (G.out_n) {
		struct slot *sl = &G.out[G.out_head];
		size_t off;
		if (!ip_visible(sl->b, sl->len, &off)) {
			G.out_head = (G.out_head + 1) % NSLOT;
			G.out_n--;
			continue;
		}
		size_t n = sl->len - off;
		if (cap < n)
			return WC_ENOSPC;
		memcpy(buf, sl->b + off, n);
		*len = n;
		G.out_head = (G.out_head + 1) % NSLOT;
		G.out_n--;
		return WC_OK;
	}
	return WC_EINVAL;
}

static int sut_inject(wc_sut *s, const uint8_t *pkt, size_t len)
{
	if (s != &G || !pkt || len == 0 || len > 0xFFFF - 14)
		return WC_EINVAL;
	if (G.opts.link == WC_LWIP_LINK_RAWIP)
		return wc_lwip_inject_frame(s, pkt, len, NULL);
	uint8_t *f = malloc(len + 14);
	if (!f)
		return WC_ENOMEM;
	memcpy(f, our_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	wc_store_be16(f + 12, (pkt[0] >> 4) == 6 ? 0x86dd : 0x0800);
	memcpy(f + 14, pkt, len);
	int rc = wc_lwip_inject_frame(s, f, len + 14, NULL);
	free(f);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Timers: lwip_cyclic_timers[] run by the virtual clock.             */

/* Timer calls that change nothing are skipped (most of a fuzz input's
 * virtual time passes with lwIP idle):
 *   igmp_tmr / mld6_tmr only count down running group timers; with none
 *   running a call is a no-op. nd6_tmr with empty caches: see groups_idle.
 *   ip_reass_tmr / ip6_reass_tmr only age reassembly queues, empty until a
 *   fragment arrived (any such frame sets dirty in classify()).
 *   tcp_tmr with no active and no TIME-WAIT pcb only counts: it flips
 *   lwIP's static tcp_timer, and every odd call's tcp_slowtmr increments
 *   tcp_ticks (and the u8 tcp_timer_ctr, which only tells visited pcbs
 *   from unvisited ones within one timer run). The adapter increments
 *   tcp_ticks itself and keeps lwIP's tcp_timer parity in step with one
 *   real call, tcp_ticks restored, while the lists are still empty
 *   (tcp_sync() at the start of every call that can create a pcb). */
static int groups_idle(lwip_cyclic_timer_handler h)
{
	struct netif *n;
	if (h == igmp_tmr) {
		NETIF_FOREACH(n)
			for (const struct igmp_group *g = netif_igmp_data(n); g; g = g->next)
				if (g->timer)
					return 0;
		return 1;
	}
	if (h == nd6_tmr) {
		/* With every cache empty and the netif as nif_add() left it
		 * (static, preferred addresses, rs_count 0: nothing but
		 * unclassified input changes them, which sets dirty), nd6_tmr
		 * only ages empty destination entries (an empty entry is
		 * always taken first and its age set to 0 on use) and cycles
		 * its RS pacing counter (unused with rs_count 0). */
		if (G.dirty)
			return 0;
		for (int i = 0; i < LWIP_ND6_NUM_NEIGHBORS; i++)
			if (neighbor_cache[i].state != ND6_NO_ENTRY)
				return 0;
		for (int i = 0; i < LWIP_ND6_NUM_DESTINATIONS; i++)
			if (!ip6_addr_isany(&destination_cache[i].destination_addr))
				return 0;
		for (int i = 0; i < LWIP_ND6_NUM_ROUTERS; i++)
			if (default_router_list[i].neighbor_entry)
				return 0;
		for (int i = 0; i < LWIP_ND6_NUM_PREFIXES; i++)
			if (prefix_list[i].netif)
				return 0;
		return 1;
	}
	if (h == mld6_tmr) {
		NETIF_FOREACH(n)
			for (const struct mld_group *g = netif_mld6_data(n); g; g = g->next)
				if (g->timer)
					return 0;
		return 1;
	}
	return 0;
}

static void tcp_sync(void)
{
	if (((G.tcp_tmr_calls ^ G.tcp_tmr_virt) & 1u) && !tcp_active_pcbs && !tcp_tw_pcbs) {
		u32_t ticks = tcp_ticks;
		tcp_tmr();
		tcp_ticks = ticks;
		G.tcp_tmr_calls++;
	}
}

/* What each of lwip_cyclic_timers[] is to the idle checks. */
enum tkind { T_OTHER = 0, T_TCP, T_REASS, T_GROUPS };
static uint8_t tkind[32];

static void tkind_init(void)
{
	for (int i = 0; i < lwip_num_cyclic_timers && i < 32; i++) {
		lwip_cyclic_timer_handler h = lwip_cyclic_timers[i].handler;
		tkind[i] = h == tcp_tmr ? T_TCP
			 : (h == ip_reass_tmr || h == ip6_reass_tmr) ? T_REASS
			 : (h == igmp_tmr || h == nd6_tmr || h == mld6_tmr) ? T_GROUPS : T_OTHER;
	}
}

/* 1 if a call of timer i now would change nothing but what the adapter
 * emulates (see run_timer). Reassembly timers are idle until a frame
 * other than unfragmented TCP or ARP arrived (classify: dirty). The
 * group/ND checks walk lwIP's caches, so their result is kept until
 * something that can change it happens (G.act: input, output, API calls,
 * callbacks, a run of one of these timers, reset); TCP and reassembly
 * timers change nothing the group/ND checks read without output. */
static int timer_idle(int i)
{
	switch (tkind[i]) {
	case T_TCP:
		return !tcp_active_pcbs && !tcp_tw_pcbs;
	case T_REASS:
		return !G.dirty;
	case T_GROUPS:
		if (G.idle_at[i] != G.act + 1) {
			G.idle_val[i] = groups_idle(lwip_cyclic_timers[i].handler);
			G.idle_at[i] = G.act + 1;
		}
		return G.idle_val[i];
	default:
		return 0;
	}
}

static void run_timer(int i)
{
	lwip_cyclic_timer_handler h = lwip_cyclic_timers[i].handler;
	if (tkind[i] == T_TCP) {
		G.tcp_tmr_virt++;
		if (!tcp_active_pcbs && !tcp_tw_pcbs) {
			if (G.tcp_tmr_virt & 1u)
				tcp_ticks++;
			return;
		}
		/* Lists become non-empty only in calls that ran tcp_sync()
		 * first, so lwIP's parity matches here. */
		G.tcp_tmr_calls++;
		tcp_tmr();
		drain();
		return;
	}
	if (timer_idle(i))
		return;
	if (tkind[i] == T_GROUPS)
		G.act++;
	h();
	drain();
}

static int sut_advance(wc_sut *s, uint64_t usec)
{
	if (s != &G || !G.open)
		return WC_EINVAL;
	tcp_sync();
	G.usec_acc += usec;
	uint64_t target = G.now_ms + G.usec_acc / 1000;
	G.usec_acc %= 1000;
	int n = lwip_num_cyclic_timers < 32 ? lwip_num_cyclic_timers : 32;
	for (;;) {
		/* Until the next call of a timer that is not idle, nothing runs,
		 * so idle timers stay idle: jump them over that stretch (their
		 * calls at the same instant as the busy one run below, in
		 * lwIP's order, and are checked again then). */
		uint64_t horizon = target + 1;
		uint32_t idle = 0;
		for (int i = 0; i < n; i++) {
			if (timer_idle(i))
				idle |= 1u << i;
			else if (G.due[i] < horizon)
				horizon = G.due[i];
		}
		uint64_t next = UINT64_MAX;
		for (int i = 0; i < n; i++) {
			if ((idle & (1u << i)) && G.due[i] < horizon) {
				uint32_t iv = lwip_cyclic_timers[i].interval_ms;
				uint64_t calls = (horizon - 1 - G.due[i]) / iv + 1;
				G.due[i] += calls * iv;
				if (tkind[i] == T_TCP) {
					/* tcp_slowtmr's tcp_ticks++ on every odd call */
					uint64_t v = G.tcp_tmr_virt;
					tcp_ticks += (u32_t)((v + calls + 1) / 2 - (v + 1) / 2);
					G.tcp_tmr_virt = (unsigned)(v + calls);
				}
			}
			if (G.due[i] < next)
				next = G.due[i];
		}
		if (next > target)
			break;
		G.now_ms = next;
		for (int i = 0; i < n; i++) {
			if (G.due[i] == next) {
				G.due[i] += lwip_cyclic_timers[i].interval_ms;
				run_timer(i);
			}
		}
	}
	G.now_ms = target;
	return WC_OK;
}

/* ------------------------------------------------------------------ */
/* Connections.                                                       */

static int lwip_errno(err_t e)
{
	switch (e) {
	case ERR_OK: return 0;
	case ERR_MEM: return ENOBUFS;
	case ERR_BUF: return ENOBUFS;
	case ERR_TIMEOUT: return ETIMEDOUT;
	case ERR_RTE: return ENETUNREACH;
	case ERR_INPROGRESS: return EINPROGRESS;
	case ERR_VAL: return EINVAL;
	case ERR_WOULDBLOCK: return EWOULDBLOCK;
	case ERR_USE: return EADDRINUSE;
	case ERR_ALREADY: return EALREADY;
	case ERR_ISCONN: return EISCONN;
	case ERR_CONN: return ENOTCONN;
	case ERR_IF: return ENETDOWN;
	case ERR_ABRT: return ECONNABORTED;
	case ERR_RST: return ECONNRESET;
	case ERR_CLSD: return ENOTCONN;
	case ERR_ARG: return EINVAL;
	default: return EIO;
	}
}

static int fd_of(struct conn *c)
{
	return (int)(c - G.c);
}

static struct tcp_pcb *find_by_tuple(const struct conn *c);

static struct conn *conn_new(enum conn_kind k)
{
	for (int i = 0; i < MAXFD; i++) {
		/* A closed fd's slot is reused once lwIP has let go of the pcb. */
		if (G.c[i].kind != C_FREE && G.c[i].detached && !find_by_tuple(&G.c[i]))
			G.c[i].kind = C_FREE;
		if (G.c[i].kind == C_FREE) {
			struct conn *c = &G.c[i];
			if (i >= G.c_hw)
				G.c_hw = i + 1;
			memset(c, 0, sizeof *c);
			c->kind = k;
			c->listener = -1;
			c->v6 = G.cfg.ipv6 == 1;
			return c;
		}
	}
	return NULL;
}

/* 1 if pcb is still one of lwIP's (compared by address, not read before):
 * lwIP frees a TIME-WAIT pcb on expiry without any callback, so a
 * half-closed connection that went through TIME-WAIT leaves c->pcb
 * dangling. */
static int pcb_listed(const struct tcp_pcb *pcb)
{
	const struct tcp_pcb *lists[3] = {tcp_active_pcbs, tcp_tw_pcbs, tcp_bound_pcbs};
	for (int l = 0; l < 3; l++)
		for (const struct tcp_pcb *p = lists[l]; p; p = p->next)
			if (p == pcb)
				return 1;
	for (const struct tcp_pcb_listen *p = tcp_listen_pcbs.listen_pcbs; p; p = p->next)
		if ((const struct tcp_pcb *)p == pcb)
			return 1;
	return 0;
}

/* Forget a pcb lwIP has freed behind our back (see pcb_listed). */
static void conn_revalidate(struct conn *c)
{
	/* only connections: a socket's pcb is on no list until bound */
	if (c->kind == C_CONN && c->pcb && !pcb_listed(c->pcb))
		c->pcb = NULL;
}

static struct conn *conn_get(int fd)
{
	if (fd < 0 || fd >= MAXFD || G.c[fd].kind == C_FREE || G.c[fd].detached)
		return NULL;
	conn_revalidate(&G.c[fd]);
	return &G.c[fd];
}

static void conn_free_rx(struct conn *c)
{
	if (c->rx) {
		pbuf_free(c->rx);
		c->rx = NULL;
	}
}

static void detach_pcb(struct tcp_pcb *pcb)
{
	tcp_arg(pcb, NULL);
	if (pcb->state == LISTEN) {
		tcp_accept(pcb, NULL);
		return;
	}
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct conn *c = arg;
	(void)err;
	if (!c) {
		if (p) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	if (!p) {
		c->rx_fin = 1;
		return ERR_OK;
	}
	if (c->shut_rd) {
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	if (c->rx)
		pbuf_cat(c->rx, p);
	else
		c->rx = p;
	return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
	struct conn *c = arg;
	if (!c)
		return;
	c->pcb = NULL; /* lwIP has freed it */
	c->reset = 1;
	c->err = lwip_errno(err);
}

static void set_conn_callbacks(struct conn *c)
{
	tcp_arg(c->pcb, c);
	tcp_recv(c->pcb, on_recv);
	tcp_err(c->pcb, on_err);
}

static err_t on_accept(void *arg, struct tcp_pcb *newpcb, err_t err)
{
	struct conn *l = arg;
	if (err != ERR_OK || newpcb == NULL || l == NULL)
		return ERR_VAL;
	struct conn *c = l->naccq < ACCQ ? conn_new(C_CONN) : NULL;
	if (!c) {
		tcp_abort(newpcb);
		return ERR_ABRT;
	}
	c->pcb = newpcb;
	c->v6 = IP_IS_V6_VAL(newpcb->local_ip);
	c->lport = newpcb->local_port;
	c->rport = newpcb->remote_port;
	c->listener = fd_of(l);
	set_conn_callbacks(c);
	l->accq[l->naccq++] = fd_of(c);
	return ERR_OK;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)arg;
	(void)pcb;
	(void)err;
	return ERR_OK;
}

static void local_addr(int v6, ip_addr_t *a)
{
	if (v6) {
		IP_ADDR6(a, lwip_htonl(0x20010db8), 0, 0, lwip_htonl(1));
		ip6_addr_assign_zone(ip_2_ip6(a), IP6_UNICAST, &G.nif);
	} else {
		IP_ADDR4(a, 192, 0, 2, 1);
	}
}

static void remote_addr(int v6, ip_addr_t *a)
{
	if (v6) {
		IP_ADDR6(a, lwip_htonl(0x20010db8), 0, 0, lwip_htonl(2));
		ip6_addr_assign_zone(ip_2_ip6(a), IP6_UNICAST, &G.nif);
	} else {
		IP_ADDR4(a, 192, 0, 2, 2);
	}
}

static void set_ret(wc_sut_result *r, long ret, int err)
{
	r->ret = ret;
	r->err = ret == -1 ? err : 0;
}

static const uint8_t *pattern(size_t len)
{
	static uint8_t pat[65536];
	static int init;
	if (!init) {
		for (size_t i = 0; i < sizeof pat; i++)
			pat[i] = (uint8_t)('a' + i % 26);
		init = 1;
	}
	return len <= sizeof pat ? pat : NULL;
}

static int pcb_is_live(struct tcp_pcb *pcb)
{
	return pcb && pcb->state != CLOSED;
}

/* Connection behind a detached fd, found again by its 4-tuple. */
static struct tcp_pcb *find_by_tuple(const struct conn *c)
{
	struct tcp_pcb *lists[2] = {tcp_active_pcbs, tcp_tw_pcbs};
	for (int l = 0; l < 2; l++)
		for (struct tcp_pcb *p = lists[l]; p; p = p->next)
			if (p->local_port == c->lport && p->remote_port == c->rport &&
			    IP_IS_V6_VAL(p->local_ip) == c->v6)
				return p;
	return NULL;
}

static void close_listener(struct conn *l)
{
	/* Connections lwIP completed that the user never accepted are reset,
	 * as a socket close of a listener does. */
	for (int i = 0; i < l->naccq; i++) {
		struct conn *c = &G.c[l->accq[i]];
		if (c->pcb) {
			detach_pcb(c->pcb);
			tcp_abort(c->pcb);
			c->pcb = NULL; /* freed; detached, so on_err did not clear it */
		}
		conn_free_rx(c);
		c->kind = C_FREE;
	}
	l->naccq = 0;
	if (l->pcb) {
		detach_pcb(l->pcb);
		tcp_close(l->pcb);
		l->pcb = NULL;
	}
}

static int do_close(struct conn *c)
{
	if (c->kind == C_LISTEN) {
		close_listener(c);
		c->kind = C_FREE;
		return WC_OK;
	}
	/* Unread data is dropped without reopening the window: lwIP then
	 * resets the connection, as a socket close with unread data does. */
	conn_free_rx(c);
	if (c->pcb) {
		struct tcp_pcb *pcb = c->pcb;
		detach_pcb(pcb);
		if (tcp_close(pcb) != ERR_OK)
			tcp_abort(pcb); /* out of memory for the FIN: what netconn ends up doing */
		c->pcb = NULL;
	}
	if (c->kind == C_CONN && (c->lport || c->rport)) {
		c->detached = 1;
	} else {
		c->kind = C_FREE;
	}
	return WC_OK;
}

static int sut_call(wc_sut *s, const wc_sut_call *k, wc_sut_result *r)
{
	if (s != &G || !G.open || !k || !r)
		return WC_EINVAL;
	tcp_sync();
	G.act++;
	struct conn *c = NULL;
	err_t e;
	int rc = WC_OK;
	if (k->kind != WC_CALL_SOCKET) {
		c = conn_get(k->fd);
		if (!c)
			return WC_ESUT_FD;
	}
	switch (k->kind) {
	case WC_CALL_SOCKET: {
		c = conn_new(C_SOCKET);
		if (!c) {
			set_ret(r, -1, EMFILE);
			break;
		}
		if (k->level == 2 || k->level == 10) /* AF_INET / AF_INET6 */
			c->v6 = k->level == 10;
		c->pcb = tcp_new_ip_type(c->v6 ? IPADDR_TYPE_V6 : IPADDR_TYPE_V4);
		if (!c->pcb) {
			c->kind = C_FREE;
			set_ret(r, -1, ENOBUFS);
			break;
		}
		set_conn_callbacks(c);
		set_ret(r, fd_of(c), 0);
		break;
	}
	case WC_CALL_BIND: {
		if (c->kind != C_SOCKET || !c->pcb || k->port < 0 || k->port > 0xFFFF) {
			set_ret(r, -1, EINVAL);
			break;
		}
		ip_addr_t a;
		local_addr(c->v6, &a);
		e = tcp_bind(c->pcb, &a, (u16_t)k->port);
		if (e == ERR_OK)
			c->lport = c->pcb->local_port;
		set_ret(r, e == ERR_OK ? 0 : -1, lwip_errno(e));
		break;
	}
	case WC_CALL_LISTEN: {
		if (c->kind != C_SOCKET || !c->pcb) {
			set_ret(r, c->kind == C_LISTEN ? 0 : -1, EINVAL);
			break;
		}
		if (c->pcb->local_port == 0) {
			ip_addr_t a;
			local_addr(c->v6, &a);
			e = tcp_bind(c->pcb, &a, G.next_port++);
			if (e != ERR_OK) {
				set_ret(r, -1, lwip_errno(e));
				break;
			}
		}
		int bl = k->backlog < 0 ? 0 : k->backlog > 255 ? 255 : k->backlog;
		struct tcp_pcb *l = tcp_listen_with_backlog_and_err(c->pcb, (u8_t)bl, &e);
		if (!l) {
			set_ret(r, -1, lwip_errno(e));
			break;
		}
		c->pcb = l;
		c->kind = C_LISTEN;
		c->lport = l->local_port;
		tcp_arg(l, c);
		tcp_accept(l, on_accept);
		set_ret(r, 0, 0);
		break;
	}
	case WC_CALL_CONNECT: {
		if (c->kind != C_SOCKET || !c->pcb || k->port <= 0 || k->port > 0xFFFF) {
			set_ret(r, -1, c->kind == C_CONN ? EISCONN : EINVAL);
			break;
		}
		if (c->pcb->local_port == 0) {
			ip_addr_t a;
			local_addr(c->v6, &a);
			e = tcp_bind(c->pcb, &a, G.next_port++);
			if (e != ERR_OK) {
				set_ret(r, -1, lwip_errno(e));
				break;
			}
		}
		ip_addr_t ra;
		remote_addr(c->v6, &ra);
		e = tcp_connect(c->pcb, &ra, (u16_t)k->port, on_connected);
		if (e != ERR_OK) {
			set_ret(r, -1, lwip_errno(e));
			break;
		}
		c->kind = C_CONN;
		c->lport = c->pcb->local_port;
		c->rport = (uint16_t)k->port;
		set_ret(r, -1, EINPROGRESS);
		break;
	}
	case WC_CALL_ACCEPT: {
		if (c->kind != C_LISTEN) {
			set_ret(r, -1, EINVAL);
			break;
		}
		if (c->naccq == 0) {
			set_ret(r, -1, EAGAIN);
			break;
		}
		int nfd = c->accq[0];
		memmove(c->accq, c->accq + 1, (size_t)(c->naccq - 1) * sizeof c->accq[0]);
		c->naccq--;
		G.c[nfd].listener = -1;
		set_ret(r, nfd, 0);
		break;
	}
	case WC_CALL_WRITE: {
		if (c->kind != C_CONN) {
			set_ret(r, -1, ENOTCONN);
			break;
		}
		if (c->err) {
			set_ret(r, -1, c->err);
			c->err = 0;
			break;
		}
		if (!pcb_is_live(c->pcb) || c->shut_wr || c->reset) {
			set_ret(r, -1, EPIPE);
			break;
		}
		enum tcp_state st = c->pcb->state;
		if (st == SYN_SENT || st == SYN_RCVD) {
			set_ret(r, -1, EAGAIN);
			break;
		}
		if (st != ESTABLISHED && st != CLOSE_WAIT) {
			set_ret(r, -1, EPIPE);
			break;
		}
		const uint8_t *data = k->data ? k->data : pattern(k->len);
		size_t n = k->len < tcp_sndbuf(c->pcb) ? k->len : tcp_sndbuf(c->pcb);
		if (!data || n > 0xFFFF) {
			set_ret(r, -1, EINVAL);
			break;
		}
		if (k->len == 0) {
			set_ret(r, 0, 0);
			break;
		}
		if (n == 0) {
			set_ret(r, -1, EAGAIN);
			break;
		}
		e = tcp_write(c->pcb, data, (u16_t)n, TCP_WRITE_FLAG_COPY);
		while (e == ERR_MEM && n > 1) { /* queue length limit: take less */
			n /= 2;
			e = tcp_write(c->pcb, data, (u16_t)n, TCP_WRITE_FLAG_COPY);
		}
		if (e != ERR_OK) {
			set_ret(r, -1, e == ERR_MEM ? EAGAIN : lwip_errno(e));
			break;
		}
		tcp_output(c->pcb);
		set_ret(r, (long)n, 0);
		break;
	}
	case WC_CALL_READ: {
		if (c->kind != C_CONN) {
			set_ret(r, -1, ENOTCONN);
			break;
		}
		if (c->rx) {
			size_t want = k->len;
			if (r->out && r->out_cap < want)
				want = r->out_cap;
			if (want > c->rx->tot_len)
				want = c->rx->tot_len;
			if (r->out)
				pbuf_copy_partial(c->rx, r->out, (u16_t)want, 0);
			if (want == c->rx->tot_len) {
				pbuf_free(c->rx);
				c->rx = NULL;
			} else {
				c->rx = pbuf_free_header(c->rx, (u16_t)want);
			}
			if (c->pcb && want)
				tcp_recved(c->pcb, (u16_t)want);
			set_ret(r, (long)want, 0);
			break;
		}
		if (c->err) {
			set_ret(r, -1, c->err);
			c->err = 0;
			break;
		}
		if (c->rx_fin || c->reset || c->shut_rd) {
			set_ret(r, 0, 0);
			break;
		}
		set_ret(r, -1, EAGAIN);
		break;
	}
	case WC_CALL_SHUTDOWN: {
		int rd = k->how == 0 || k->how == 2, wr = k->how == 1 || k->how == 2;
		if (c->kind != C_CONN || !pcb_is_live(c->pcb) || (!rd && !wr)) {
			set_ret(r, -1, k->how < 0 || k->how > 2 ? EINVAL : ENOTCONN);
			break;
		}
		if (rd && wr) {
			/* lwIP closes the pcb on a full shutdown. */
			struct tcp_pcb *pcb = c->pcb;
			conn_free_rx(c);
			detach_pcb(pcb);
			e = tcp_shutdown(pcb, 1, 1);
			if (e != ERR_OK)
				tcp_abort(pcb);
			c->pcb = NULL;
			c->shut_rd = c->shut_wr = 1;
			set_ret(r, 0, 0);
			break;
		}
		if (rd)
			conn_free_rx(c);
		e = tcp_shutdown(c->pcb, rd, wr);
		if (e == ERR_OK) {
			c->shut_rd |= rd;
			c->shut_wr |= wr;
		}
		set_ret(r, e == ERR_OK ? 0 : -1, lwip_errno(e));
		break;
	}
	case WC_CALL_CLOSE:
		rc = do_close(c);
		set_ret(r, 0, 0);
		break;
	case WC_CALL_ABORT: {
		if (c->kind == C_LISTEN) {
			rc = do_close(c);
		} else {
			conn_free_rx(c);
			if (c->pcb) {
				struct tcp_pcb *pcb = c->pcb;
				detach_pcb(pcb);
				if (pcb->state == CLOSED && pcb->local_port == 0)
					tcp_close(pcb); /* never bound: not on any list */
				else
					tcp_abort(pcb);
				c->pcb = NULL;
			}
			if (c->kind == C_CONN)
				c->detached = 1;
			else
				c->kind = C_FREE;
		}
		set_ret(r, 0, 0);
		break;
	}
	case WC_CALL_SETSOCKOPT:
	case WC_CALL_GETSOCKOPT: {
		/* IPPROTO_TCP/TCP_NODELAY and SOL_SOCKET/SO_KEEPALIVE. */
		if (!c->pcb || c->kind == C_LISTEN) {
			set_ret(r, -1, EINVAL);
			break;
		}
		if (k->level == 6 && k->opt == 1) {
			if (k->kind == WC_CALL_SETSOCKOPT) {
				if (k->val)
					tcp_nagle_disable(c->pcb);
				else
					tcp_nagle_enable(c->pcb);
				set_ret(r, 0, 0);
			} else {
				set_ret(r, tcp_nagle_disabled(c->pcb) ? 1 : 0, 0);
			}
		} else if (k->level == 1 && k->opt == 9) {
			if (k->kind == WC_CALL_SETSOCKOPT) {
				if (k->val)
					ip_set_option(c->pcb, SOF_KEEPALIVE);
				else
					ip_reset_option(c->pcb, SOF_KEEPALIVE);
				set_ret(r, 0, 0);
			} else {
				set_ret(r, ip_get_option(c->pcb, SOF_KEEPALIVE) ? 1 : 0, 0);
			}
		} else {
			return WC_ESUT_NOCALL;
		}
		break;
	}
	default:
		return WC_ESUT_NOCALL;
	}
	drain();
	return rc;
}

static int map_state(enum tcp_state s)
{
	switch (s) {
	case CLOSED: return WC_TCP_CLOSED;
	case LISTEN: return WC_TCP_LISTEN;
	case SYN_SENT: return WC_TCP_SYN_SENT;
	case SYN_RCVD: return WC_TCP_SYN_RECEIVED;
	case ESTABLISHED: return WC_TCP_ESTABLISHED;
	case FIN_WAIT_1: return WC_TCP_FIN_WAIT_1;
	case FIN_WAIT_2: return WC_TCP_FIN_WAIT_2;
	case CLOSE_WAIT: return WC_TCP_CLOSE_WAIT;
	case CLOSING: return WC_TCP_CLOSING;
	case LAST_ACK: return WC_TCP_LAST_ACK;
	case TIME_WAIT: return WC_TCP_TIME_WAIT;
	default: return WC_TCP_CLOSED;
	}
}

static int sut_state(wc_sut *s, int fd, int *state)
{
	if (s != &G || fd < 0 || fd >= MAXFD || G.c[fd].kind == C_FREE)
		return WC_ESUT_FD;
	struct conn *c = &G.c[fd];
	conn_revalidate(c);
	struct tcp_pcb *p = c->pcb;
	if (!p && (c->lport || c->rport) && c->kind == C_CONN)
		p = find_by_tuple(c);
	*state = p ? map_state(p->state) : WC_TCP_CLOSED;
	return WC_OK;
}

int wc_lwip_fd_limit(const wc_sut *s)
{
	return s == &G ? G.c_hw : 0;
}

long wc_lwip_rx_pending(const wc_sut *s, int fd)
{
	if (s != &G || fd < 0 || fd >= MAXFD || G.c[fd].kind == C_FREE)
		return -1;
	return G.c[fd].rx ? G.c[fd].rx->tot_len : 0;
}

/* ------------------------------------------------------------------ */
/* Accounting.                                                        */

static long memp_total(void)
{
	long t = 0;
	for (int i = 0; i < MEMP_MAX; i++)
		t += memp_live[i];
	return t;
}

void wc_lwip_get_stats(const wc_sut *s, wc_lwip_stats *out)
{
	(void)s;
	*out = G.st;
	out->heap_objects = heap_objects;
	out->heap_bytes = heap_bytes;
	out->memp_live = memp_total();
	out->pcb_tcp = memp_live[MEMP_TCP_PCB] + memp_live[MEMP_TCP_PCB_LISTEN];
	out->pbuf_pool = memp_live[MEMP_PBUF] + memp_live[MEMP_PBUF_POOL];
	out->tcp_seg = memp_live[MEMP_TCP_SEG];
}

static int sut_resources(wc_sut *s, wc_sut_resources *out)
{
	if (s != &G)
		return WC_EINVAL;
	out->pcbs = memp_live[MEMP_TCP_PCB] + memp_live[MEMP_TCP_PCB_LISTEN] +
		    memp_live[MEMP_UDP_PCB] + memp_live[MEMP_RAW_PCB];
	out->buffers = memp_live[MEMP_PBUF] + memp_live[MEMP_PBUF_POOL];
	out->heap_bytes = heap_bytes;
	return WC_OK;
}

int wc_lwip_leaked(const wc_sut *s, char *why, size_t whylen)
{
	int m = G.opts.link == WC_LWIP_LINK_ETH ? 0 : 1;
	if (s != &G || !G.have_base[m])
		return 0;
	for (int i = 0; i < MEMP_MAX; i++) {
		if (memp_live[i] != G.base_memp[m][i]) {
			snprintf(why, whylen, "lwIP memp pool %d holds %ld elements after reset (baseline %ld)",
				 i, memp_live[i], G.base_memp[m][i]);
			return 1;
		}
	}
	if (heap_objects != G.base_heap_objects[m]) {
		snprintf(why, whylen, "lwIP heap holds %ld objects after reset (baseline %ld)",
			 heap_objects, G.base_heap_objects[m]);
		return 1;
	}
	return 0;
}

void wc_lwip_fail_allocs(wc_sut *s, unsigned long after, unsigned long n)
{
	(void)s;
	alloc_count = 0;
	fail_after = after;
	fail_n = n;
}

/* ------------------------------------------------------------------ */
/* Netif, reset, open.                                                */

static err_t nif_init(struct netif *n)
{
	n->name[0] = 'w';
	n->name[1] = 'c';
	n->mtu = MTU;
	if (G.opts.link == WC_LWIP_LINK_ETH) {
		n->hwaddr_len = 6;
		memcpy(n->hwaddr, our_mac, 6);
		n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
			   NETIF_FLAG_IGMP | NETIF_FLAG_MLD6;
		n->output = etharp_output;
		n->output_ip6 = ethip6_output;
		n->linkoutput = cap_linkoutput;
	} else {
		n->hwaddr_len = 0;
		n->flags = 0;
		n->output = cap_output4;
		n->output_ip6 = cap_output6;
		n->linkoutput = NULL;
	}
	return ERR_OK;
}

static int nif_add(void)
{
	ip4_addr_t a, m, g;
	IP4_ADDR(&a, 192, 0, 2, 1);
	IP4_ADDR(&m, 255, 255, 255, 0);
	IP4_ADDR(&g, 0, 0, 0, 0);
	memset(&G.nif, 0, sizeof G.nif);
	if (!netif_add(&G.nif, &a, &m, &g, NULL, nif_init,
		       G.opts.link == WC_LWIP_LINK_ETH ? ethernet_input : ip_input))
		return WC_ENOMEM;
	G.nif_added = 1;
	if (G.opts.link == WC_LWIP_LINK_ETH) {
		netif_create_ip6_linklocal_address(&G.nif, 1);
		netif_ip6_addr_set_state(&G.nif, 0, IP6_ADDR_PREFERRED);
	}
	ip6_addr_t a6;
	s8_t idx;
	IP6_ADDR(&a6, lwip_htonl(0x20010db8), 0, 0, lwip_htonl(1));
	if (netif_add_ip6_address(&G.nif, &a6, &idx) != ERR_OK)
		return WC_ENOMEM;
	netif_ip6_addr_set_state(&G.nif, idx, IP6_ADDR_PREFERRED);
	netif_set_default(&G.nif);
	netif_set_link_up(&G.nif);
	netif_set_up(&G.nif);
	G.nif.rs_count = 0; /* no router in this world: no router solicitations */
	/* Bringing the netif up joins multicast groups and schedules their
	 * MLD/IGMP reports after a random delay. Send them now (they go to
	 * the capture queue, which reset empties), so that every run starts
	 * with no report pending, whether or not its reset re-added the netif. */
	for (int i = 0; i < 1000 && !(groups_idle(mld6_tmr) && groups_idle(igmp_tmr)); i++) {
		mld6_tmr();
		igmp_tmr();
	}
	return WC_OK;
}

static void nif_remove(void)
{
	if (!G.nif_added)
		return;
	if (G.nif.loop_first) {
		pbuf_free(G.nif.loop_first);
		G.nif.loop_first = G.nif.loop_last = NULL;
	}
	netif_remove(&G.nif);
	G.nif_added = 0;
}

/* Walk lwIP's static ISN so that the next connection gets seed + ticks. */
static void set_iss(uint32_t want)
{
	static struct tcp_pcb dummy;
	tcp_ticks = 0;
	uint32_t cur = tcp_next_iss(&dummy);
	tcp_ticks = want - cur;
	tcp_next_iss(&dummy);
	tcp_ticks = 0;
}

/* Static state. lwIP keeps some state in file-static variables that no
 * API resets: the IPv4 and IPv6 fragment identification counters, the
 * netif number, the ARP/ND cache hints, the RS pacing counter, the router
 * round-robin and the next ephemeral ports. Left alone, they make a run's
 * frames depend on the runs before it. The instrumented build exports them
 * as wc_lwipstate_* (Makefile, LWIP_STATE_*); reset puts back the values
 * they had right after lwip_init() (netif_num: before each netif_add). Debian's
 * liblwip.so keeps them local: there the references are NULL, this state
 * carries over between runs, and wc_lwip_build() says "shipped". The
 * globals reachable_time and retrans_timer (changed by Router
 * Advertisements) are exported by both builds and restored too. */
extern u16_t wc_lwipstate_ip_id __attribute__((weak));
extern u32_t wc_lwipstate_ip6_frag_identification __attribute__((weak));
extern u8_t wc_lwipstate_netif_num __attribute__((weak));
extern netif_addr_idx_t wc_lwipstate_etharp_cached_entry __attribute__((weak));
extern u8_t wc_lwipstate_nd6_cached_neighbor_index __attribute__((weak));
extern netif_addr_idx_t wc_lwipstate_nd6_cached_destination_index __attribute__((weak));
extern u8_t wc_lwipstate_nd6_tmr_rs_reduction __attribute__((weak));
extern s8_t wc_lwipstate_nd6_select_router_last_router __attribute__((weak));
extern u16_t wc_lwipstate_tcp_port __attribute__((weak));
extern u16_t wc_lwipstate_udp_port __attribute__((weak));
extern u32_t reachable_time, retrans_timer;

static struct {
	void *p;
	size_t n;
	unsigned char init[4];
} statics[] = {
	{&wc_lwipstate_ip_id, sizeof(u16_t), {0}},
	{&wc_lwipstate_ip6_frag_identification, sizeof(u32_t), {0}},
	{&wc_lwipstate_etharp_cached_entry, sizeof(netif_addr_idx_t), {0}},
	{&wc_lwipstate_nd6_cached_neighbor_index, sizeof(u8_t), {0}},
	{&wc_lwipstate_nd6_cached_destination_index, sizeof(netif_addr_idx_t), {0}},
	{&wc_lwipstate_nd6_tmr_rs_reduction, sizeof(u8_t), {0}},
	{&wc_lwipstate_nd6_select_router_last_router, sizeof(s8_t), {0}},
	{&wc_lwipstate_tcp_port, sizeof(u16_t), {0}},
	{&wc_lwipstate_udp_port, sizeof(u16_t), {0}},
	{&reachable_time, sizeof(u32_t), {0}},
	{&retrans_timer, sizeof(u32_t), {0}},
};
static u8_t netif_num_init;

int wc_lwip_resets_statics(void)
{
	return &wc_lwipstate_ip_id != NULL;
}

/* Right after lwip_init(). */
static void statics_save(void)
{
	for (size_t i = 0; i < sizeof statics / sizeof statics[0]; i++)
		if (statics[i].p)
			memcpy(statics[i].init, statics[i].p, statics[i].n);
	if (&wc_lwipstate_netif_num)
		netif_num_init = wc_lwipstate_netif_num;
}

static void statics_restore(void)
{
	for (size_t i = 0; i < sizeof statics / sizeof statics[0]; i++)
		if (statics[i].p)
			memcpy(statics[i].p, statics[i].init, statics[i].n);
}

static void netif_num_restore(void)
{
	if (&wc_lwipstate_netif_num)
		wc_lwipstate_netif_num = netif_num_init;
}

/* LWIP_RAND() is rand(): reset restores the state srand(seed) gives, by
 * copying a snapshot of it into a buffer glibc does not currently use and
 * switching to it (setstate saves the old buffer's position, so the active
 * one is never overwritten). Snapshots of the last two seeds are kept (the
 * fuzz targets alternate between theirs and the default 0); srand itself
 * costs ~300 rand() steps. */
static void rand_reset(unsigned seed)
{
	static char st[2][128], snap[2][128];
	static unsigned snap_seed[2];
	static int have[2], cur, older;
	cur ^= 1;
	for (int k = 0; k < 2; k++) {
		if (have[k] && snap_seed[k] == seed) {
			memcpy(st[cur], snap[k], sizeof snap[k]);
			setstate(st[cur]);
			older = k ^ 1;
			return;
		}
	}
	int k = older;
	initstate(seed, st[cur], sizeof st[cur]);
	memcpy(snap[k], st[cur], sizeof snap[k]);
	snap_seed[k] = seed;
	have[k] = 1;
	older = k ^ 1;
}

void wc_lwip_set_next_isn(wc_sut *s, uint32_t isn)
{
	if (s != &G || !G.open)
		return;
	/* lwIP adds tcp_ticks to its static iss on every tcp_next_iss(). */
	uint32_t ticks = tcp_ticks;
	set_iss(isn - ticks);
	tcp_ticks = ticks;
}

static void cleanup_all(void)
{
	/* User view first: receive queues, listeners and their accept queues. */
	for (int i = 0; i < G.c_hw; i++) {
		struct conn *c = &G.c[i];
		conn_free_rx(c);
		conn_revalidate(c);
		if (c->pcb)
			detach_pcb(c->pcb);
		if (c->kind == C_SOCKET && c->pcb && c->pcb->local_port == 0)
			tcp_close(c->pcb); /* never bound: on no list */
	}
	memset(G.c, 0, (size_t)G.c_hw * sizeof G.c[0]);
	G.c_hw = 0;
	while (tcp_listen_pcbs.pcbs) {
		struct tcp_pcb *p = tcp_listen_pcbs.pcbs;
		detach_pcb(p);
		tcp_close(p);
	}
	struct tcp_pcb **lists[3] = {&tcp_active_pcbs, &tcp_tw_pcbs, &tcp_bound_pcbs};
	for (int l = 0; l < 3; l++) {
		while (*lists[l]) {
			struct tcp_pcb *p = *lists[l];
			detach_pcb(p);
			tcp_abandon(p, 0);
		}
	}
	G.cb_n = G.cb_head = 0;
	G.nrep = 0;
}

int wc_lwip_reset(wc_sut *s, const wc_sut_config *cfg, const wc_lwip_opts *o)
{
	if (s != &G || !G.open)
		return WC_EINVAL;
	wc_lwip_opts dflt;
	if (!o) {
		wc_lwip_opts_default(&dflt);
		o = &dflt;
	}
	if (o->link != WC_LWIP_LINK_ETH && o->link != WC_LWIP_LINK_RAWIP)
		return WC_EINVAL;
	fail_n = 0;
	G.act++;
	cleanup_all();
	int relink = o->link != G.opts.link || !G.nif_added || G.dirty;
	if (G.nif_added) {
		if (G.nif.loop_first) {
			pbuf_free(G.nif.loop_first);
			G.nif.loop_first = G.nif.loop_last = NULL;
		}
		if (G.opts.link == WC_LWIP_LINK_ETH)
			etharp_cleanup_netif(&G.nif);
		nd6_cleanup_netif(&G.nif);
	}
	if (G.dirty) {
		/* Age out reassembly queues. */
		for (int i = 0; i <= IP_REASS_MAXAGE + 1; i++)
			ip_reass_tmr();
		for (int i = 0; i <= IPV6_REASS_MAXAGE + 1; i++)
			ip6_reass_tmr();
	}
	G.opts = *o;
	if (cfg)
		G.cfg = *cfg;
	else
		cfg_default(&G.cfg);
	statics_restore();
	if (relink) {
		nif_remove();
		netif_num_restore();
		int rc = nif_add();
		if (rc != WC_OK)
			return rc;
	}
	G.dirty = 0;
	/* Deterministic clock, timers, ISN, ports, LWIP_RAND. */
	if (G.tcp_tmr_calls & 1u) { /* even number of tcp_tmr calls so far */
		tcp_tmr();
		G.tcp_tmr_calls++;
	}
	G.tcp_tmr_calls = G.tcp_tmr_virt = 0; /* only the parity matters */
	G.now_ms = 0;
	G.usec_acc = 0;
	for (int i = 0; i < lwip_num_cyclic_timers && i < 32; i++)
		G.due[i] = lwip_cyclic_timers[i].interval_ms;
	set_iss(G.cfg.seed);
	rand_reset(G.cfg.seed);
	G.next_port = PORT_BASE;
	G.out_head = G.out_n = 0;
	memset(&G.st, 0, sizeof G.st);
	int m = G.opts.link == WC_LWIP_LINK_ETH ? 0 : 1;
	if (!G.have_base[m]) {
		G.base_heap_objects[m] = heap_objects;
		memcpy(G.base_memp[m], memp_live, sizeof G.base_memp[m]);
		G.have_base[m] = 1;
	}
	return WC_OK;
}

static void cfg_default(wc_sut_config *cfg)
{
	cfg->ipv6 = 0;
	cfg->timestamps = -1;
	cfg->sack = -1;
	cfg->window_scaling = -1;
	cfg->ecn = -1;
	cfg->syncookies = -1;
	cfg->rfc1337 = -1;
	cfg->mss = -1;
	cfg->seed = 0;
}

static int open_common(const char *want, wc_sut **out, const wc_sut_config *cfg,
		       const wc_lwip_opts *o, char *why, size_t whylen)
{
	if (strcmp(wc_lwip_build(), want) != 0) {
		if (why && whylen)
			snprintf(why, whylen, "this binary links the %s lwIP, not the %s one",
				 wc_lwip_build(), want);
		return WC_ESUT_SKIP;
	}
	if (G.open) {
		if (why && whylen)
			snprintf(why, whylen, "lwIP is process-global: an adapter is already open");
		return WC_EINVAL;
	}
	static int inited;
	if (!inited) {
		lwip_init();
		tkind_init();
		statics_save();
		/* tcp_timer_needed() allocates its (never-run) timeout once; do it
		 * now so the baseline includes it. */
		static struct tcp_pcb dummy;
		tcp_active_pcbs = &dummy;
		tcp_timer_needed();
		tcp_active_pcbs = NULL;
		inited = 1;
	}
	G.open = 1;
	int rc = wc_lwip_reset(&G, cfg, o);
	if (rc != WC_OK) {
		G.open = 0;
		if (why && whylen)
			snprintf(why, whylen, "lwIP netif setup failed (error %d)", rc);
		return rc;
	}
	*out = &G;
	return WC_OK;
}

int wc_lwip_open(wc_sut **out, const wc_sut_config *cfg, const wc_lwip_opts *o, char *why, size_t whylen)
{
	return open_common(wc_lwip_build(), out, cfg, o, why, whylen);
}

static int open_shipped(wc_sut **out, const wc_sut_config *cfg, char *why, size_t whylen)
{
	return open_common("shipped", out, cfg, NULL, why, whylen);
}

static int open_inst(wc_sut **out, const wc_sut_config *cfg, char *why, size_t whylen)
{
	return open_common("inst", out, cfg, NULL, why, whylen);
}

static void sut_close(wc_sut *s)
{
	if (s != &G || !G.open)
		return;
	cleanup_all();
	nif_remove();
	G.out_head = G.out_n = 0;
	G.open = 0;
}

static int sut_reset(wc_sut *s, const wc_sut_config *cfg)
{
	return wc_lwip_reset(s, cfg, s == &G ? &G.opts : NULL);
}

const wc_sut_ops wc_sut_lwip = {
	.name = "lwip",
	.open = open_shipped,
	.close = sut_close,
	.reset = sut_reset,
	.inject = sut_inject,
	.next_output = sut_next_output,
	.call = sut_call,
	.advance = sut_advance,
	.state = sut_state,
	.resources = sut_resources,
};

const wc_sut_ops wc_sut_lwip_inst = {
	.name = "lwip-inst",
	.open = open_inst,
	.close = sut_close,
	.reset = sut_reset,
	.inject = sut_inject,
	.next_output = sut_next_output,
	.call = sut_call,
	.advance = sut_advance,
	.state = sut_state,
	.resources = sut_resources,
};

#if defined(__clang__)
#pragma clang attribute pop
#endif
