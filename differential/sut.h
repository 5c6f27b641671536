#ifndef WC_SUT_H
#define WC_SUT_H

/*
 * The system-under-test interface: one shape for the reference model, lwIP
 * in-process (as shipped or instrumented) and the Linux kernel over TUN.
 *
 * The wire between the test driver and a SUT carries IP packets (raw IPv4 or
 * IPv6, no link header) in both directions; adapters that run Ethernet
 * internally (lwIP's Ethernet netif) wrap and unwrap themselves.
 *
 * Addresses are fixed documentation prefixes: the SUT is 192.0.2.1 /
 * 2001:db8::1, the driver's remote peer is 192.0.2.2 / 2001:db8::2.
 *
 * Every op returns WC_OK or a negative WC_E* code for a *harness* failure
 * (a SUT that cannot run the call at all). The socket-level outcome of a
 * user call (return value, errno) goes into wc_sut_result, using Linux
 * errno numbers so packetdrill scripts compare directly.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/err.h"
#include "wirecheck/tcp_state.h"

/* Differential engine error codes: -120 .. -159. */
#define WC_ESUT_SKIP     (-120) /* SUT unavailable here (no root, no TUN): skip */
#define WC_ESUT_TIMEOUT  (-121) /* SUT did not answer in time */
#define WC_ESUT_NOCALL   (-122) /* call not supported by this SUT */
#define WC_ESUT_FD       (-123) /* unknown descriptor */

#define WC_SUT_ADDR4_LOCAL  "192.0.2.1"
#define WC_SUT_ADDR4_REMOTE "192.0.2.2"
#define WC_SUT_ADDR6_LOCAL  "2001:db8::1"
#define WC_SUT_ADDR6_REMOTE "2001:db8::2"

typedef struct wc_sut wc_sut;

/* Per-run stack configuration (Linux: namespace sysctls; lwIP: what its
 * build allows; model: the profile). -1 means "stack default". */
typedef struct wc_sut_config {
	int ipv6;            /* 1: scenario runs over IPv6 */
	int timestamps;      /* net.ipv4.tcp_timestamps */
	int sack;            /* net.ipv4.tcp_sack */
	int window_scaling;  /* net.ipv4.tcp_window_scaling */
	int ecn;             /* net.ipv4.tcp_ecn */
	int syncookies;      /* net.ipv4.tcp_syncookies */
	int rfc1337;         /* net.ipv4.tcp_rfc1337 */
	int mss;             /* MTU-derived MSS override, bytes */
	uint32_t seed;       /* ISN / randomness seed for deterministic stacks */
} wc_sut_config;

void wc_sut_config_default(wc_sut_config *cfg);

typedef enum wc_sut_call_kind {
	WC_CALL_SOCKET,     /* -> ret = fd */
	WC_CALL_BIND,       /* port */
	WC_CALL_LISTEN,     /* fd, backlog */
	WC_CALL_CONNECT,    /* fd, port (to the remote peer); nonblocking */
	WC_CALL_ACCEPT,     /* fd -> ret = new fd or -1/EAGAIN */
	WC_CALL_WRITE,      /* fd, len bytes of data -> ret = bytes queued */
	WC_CALL_READ,       /* fd, len = max -> ret = bytes read, data in out */
	WC_CALL_SHUTDOWN,   /* fd, how (SHUT_RD/WR/RDWR) */
	WC_CALL_CLOSE,      /* fd */
	WC_CALL_ABORT,      /* fd: close with SO_LINGER 0 / tcp_abort */
	WC_CALL_SETSOCKOPT, /* fd, level, opt, val */
	WC_CALL_GETSOCKOPT, /* fd, level, opt -> ret = val */
} wc_sut_call_kind;

typedef struct wc_sut_call {
	wc_sut_call_kind kind;
	int fd;
	int port;          /* BIND / CONNECT */
	int backlog;       /* LISTEN */
	int how;           /* SHUTDOWN */
	int level, opt, val;
	const uint8_t *data; /* WRITE: bytes to send (NULL: a fixed pattern) */
	size_t len;          /* WRITE / READ */
} wc_sut_call;

typedef struct wc_sut_result {
	long ret;   /* call's return value (-1 on failure) */
	int err;    /* errno (Linux numbering) when ret == -1, else 0 */
	uint8_t *out;     /* READ: where data goes (caller-owned), may be NULL */
	size_t out_cap;
} wc_sut_result;

/* Resources held by a stack; compared against the values after reset to
 * detect leaks. Fields a stack cannot report are -1. */
typedef struct wc_sut_resources {
	long pcbs;        /* live protocol control blocks (any state) */
	long buffers;     /* packet buffers in use (pbufs, skbs) */
	long heap_bytes;  /* stack-private heap in use */
} wc_sut_resources;

typedef struct wc_sut_ops {
	const char *name;     /* "model", "lwip", "lwip-inst", "linux" */
	/* Create a SUT. WC_ESUT_SKIP with why[] filled when unavailable here. */
	int (*open)(wc_sut **out, const wc_sut_config *cfg, char *why, size_t whylen);
	void (*close)(wc_sut *s);
	/* Back to a clean stack with cfg; all connections gone, resources at baseline. */
	int (*reset)(wc_sut *s, const wc_sut_config *cfg);
	/* Deliver one IP packet from the remote peer. */
	int (*inject)(wc_sut *s, const uint8_t *pkt, size_t len);
	/* Pop the next IP packet the stack has sent, oldest first: WC_OK with
	 * *len set, or WC_EINVAL when none is queued (nothing is written). */
	int (*next_output)(wc_sut *s, uint8_t *buf, size_t cap, size_t *len);
	int (*call)(wc_sut *s, const wc_sut_call *c, wc_sut_result *r);
	/* Advance the stack's clock by usec (virtual stacks) or sleep (Linux). */
	int (*advance)(wc_sut *s, uint64_t usec);
	/* TCP state of the connection behind fd (WC_TCP_*). */
	int (*state)(wc_sut *s, int fd, int *state);
	int (*resources)(wc_sut *s, wc_sut_resources *out);
} wc_sut_ops;

/* Registry: NULL-terminated list of the SUTs compiled in. */
extern const wc_sut_ops *const wc_sut_all[];
const wc_sut_ops *wc_sut_find(const char *name);

/* The running kernel's TCP over TUN in a private network namespace owned by
 * a helper process (differential/stacks/linux.c; its header comment gives
 * the design). open() returns WC_ESUT_SKIP without root or /dev/net/tun.
 * Virtual fds start at 3. SOL_SOCKET/SO_LINGER takes val as l_linger with
 * l_onoff = 1 (val < 0: l_onoff = 0). WRITE with data NULL sends len zero
 * bytes, as packetdrill does. */
extern const wc_sut_ops wc_sut_linux;

#endif
