/*
 * The running kernel's TCP as a system under test (wc_sut_linux).
 *
 * Design: one helper process per SUT instance owns a private network
 * namespace; the calling process never changes namespace and nothing
 * outside the helper's namespace is touched.
 *
 *   open():  socketpair(AF_UNIX, SOCK_SEQPACKET) + fork(). The child sets
 *            PR_SET_PDEATHSIG, calls unshare(CLONE_NEWNET) and, inside the
 *            new namespace only:
 *              - writes the wc_sut_config sysctls under /proc/sys/net/ipv4/
 *                (tcp_timestamps, tcp_sack, tcp_window_scaling, tcp_ecn,
 *                tcp_syncookies, tcp_rfc1337; -1 leaves the kernel default);
 *              - sets net.ipv6.conf.default.{accept_dad,dad_transmits,
 *                router_solicitations}=0 and addr_gen_mode=1 (no link-local
 *                address) so the TUN device inherits them; for IPv4 runs it
 *                also sets disable_ipv6=1 so no ICMPv6 is emitted at all;
 *              - brings up lo, creates TUN device wc0 (IFF_TUN|IFF_NO_PI,
 *                no offloads, so every segment leaves fully checksummed and
 *                at most MSS long), sets its MTU (cfg->mss + 40 / + 60 when
 *                cfg->mss > 0), adds 192.0.2.1/24 and 2001:db8::1/64 nodad
 *                over rtnetlink and sets the link up (ioctl).
 *            It then answers one request per message (see struct lx_req):
 *            inject, next output, socket call, state, resources.
 *            Without root, without /dev/net/tun, or when unshare() fails
 *            with EPERM, the child reports the reason and open() returns
 *            WC_ESUT_SKIP with it in why[].
 *   close(): the parent closes its end of the socketpair; the child exits
 *            on EOF, which drops the last reference to the namespace and its
 *            sockets. The parent reaps it and any helper an earlier reset
 *            left exiting (SIGKILL after 1 s), so no process outlives it.
 *            The child closes every descriptor it inherited except its own
 *            socket, so helpers never keep each other alive.
 *   reset(): a fresh helper and namespace, which is the only way to be sure
 *            TIME-WAIT sockets and per-namespace state (tcp_metrics, ISN and
 *            timestamp offsets) are gone. The old helper is reaped later
 *            (its exit waits 15-35 ms in the kernel for the TUN device to
 *            unregister); a reset itself costs about 1.3 ms (2-4 ms under
 *            ASan; printed by the unit test).
 *
 * Packets: the remote peer 192.0.2.2 / 2001:db8::2 is "behind" wc0. inject()
 * writes one IP packet to the TUN fd; the kernel processes it in the write()
 * call's softirq, so any immediate answer is already queued when inject()
 * returns (measured: 20000 of 20000 RSTs were queued before write()
 * returned) -- but not under load, when the softirq can be deferred to
 * ksoftirqd. next_output() therefore reads the TUN fd without blocking and,
 * when it is empty, sends an ICMP echo barrier and waits for its reply
 * (lx_barrier_send): answers to earlier packets are then known to be queued
 * (a fixed grace period would be both slower and still racy). Output driven by
 * kernel timers (delayed ACK, retransmission) appears only after advance()
 * has slept long enough. Measured (-O2): about 18000 inject + 2 x
 * next_output sequences per second; an RPC round trip is about 15 us.
 * next_output() drops IPv6 neighbour-discovery and MLD messages (ICMPv6
 * types 130-137 and 143), which the kernel may send when an IPv6 address
 * is added and which no TCP scenario asserts on; every other packet (TCP,
 * ICMP errors, anything else) is returned.
 *
 * Descriptors: the fd numbers returned to the caller are virtual, allocated
 * lowest-free from 3 like a fresh process, so they match the numbers a
 * packetdrill script writes ("socket(...) = 3", "accept(3, ...) = 4").
 *
 * Calls: sockets are nonblocking (connect gives -1/EINPROGRESS, accept on an
 * empty queue -1/EAGAIN, as packetdrill scripts expect after fcntl(O_NONBLOCK)).
 * BIND binds the wildcard address of the scenario's family; CONNECT targets
 * the remote peer. WRITE with data == NULL sends len zero bytes (what
 * packetdrill sends). SETSOCKOPT passes val as an int, except SOL_SOCKET/
 * SO_LINGER where val >= 0 means {l_onoff = 1, l_linger = val} and val < 0
 * means {0, 0}. ABORT is SO_LINGER {1, 0} followed by close(). GETSOCKOPT
 * returns the int value in ret. errno values are the kernel's own.
 *
 * State comes from TCP_INFO's tcpi_state (Linux numbering mapped to
 * WC_TCP_*; TCP_NEW_SYN_RECV maps to SYN-RECEIVED). Resources: pcbs is the
 * number of TCP sockets in the namespace (/proc/net/tcp + /proc/net/tcp6,
 * which includes TIME-WAIT and request sockets); buffers and heap_bytes are
 * -1 (the kernel keeps no per-namespace count of them). advance() sleeps.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wirecheck/cksum.h"
#include "../sut.h"

#define LX_IFNAME          "wc0"
#define LX_MAX_PKT         65536
#define LX_MAX_FDS         64
#define LX_FIRST_FD        3
#define LX_REPLY_TIMEOUT_MS 5000

enum lx_op {
	LX_OP_READY = 1, /* child -> parent, once: rc, why text */
	LX_OP_INJECT,    /* data = packet */
	LX_OP_OUTPUT,    /* reply data = packet, rc WC_EINVAL when none */
	LX_OP_CALL,      /* a[] = call fields, data = WRITE bytes */
	LX_OP_STATE,     /* a[0] = fd */
	LX_OP_RESOURCES, /* reply ret = pcbs */
};

/* One request; data follows the header in the same message. */
struct lx_req {
	int32_t op;
	int32_t a[9];
	uint64_t len;   /* CALL: wc_sut_call.len; else data length */
	uint64_t dlen;  /* bytes of data following */
};

struct lx_rsp {
	int32_t rc;     /* WC_OK or WC_E* */
	int32_t err;    /* errno of the socket call */
	int64_t ret;    /* call return value / state / pcbs */
	uint64_t dlen;  /* bytes of data following */
};

#define LX_MSG_MAX (sizeof(struct lx_req) + LX_MAX_PKT + 64)

struct wc_sut {
	pid_t pid;
	int sock;
	wc_sut_config cfg;
	uint8_t msg[LX_MSG_MAX];
};

/* ------------------------------------------------------------------------ */
/* Child side: runs inside the private namespace only. */

struct lx_child {
	int sock;
	int tun;
	int ipv6;
	int fds[LX_MAX_FDS]; /* virtual fd -> real fd, -1 free */
	uint16_t barrier_seq; /* sequence number of the last echo barrier sent */
	uint8_t in[LX_MSG_MAX];
	uint8_t out[LX_MSG_MAX];
};

static int lx_write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t n = strlen(val);
	ssize_t w = write(fd, val, n);
	int e = errno;
	close(fd);
	errno = e;
	return w == (ssize_t)n ? 0 : -1;
}

static int lx_sysctl_int(const char *path, int val, char *why, size_t whylen)
{
	char buf[16];
	if (val < 0)
		return 0;
	snprintf(buf, sizeof buf, "%d", val);
	if (lx_write_file(path, buf) != 0) {
		snprintf(why, whylen, "cannot set %s=%d: %s", path, val, strerror(errno));
		return -1;
	}
	return 0;
}

static int lx_ifflags_up(int s, const char *name)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(s, SIOCSIFFLAGS, &ifr);
}

/* RTM_NEWADDR over rtnetlink: addr/plen on ifindex, with IFA_F_NODAD. */
static int lx_addr_add(int family, const void *addr, size_t alen, int plen, int ifindex)
{
	struct {
		struct nlmsghdr nh;
		struct ifaddrmsg ifa;
		uint8_t attrs[128];
	} req;
	memset(&req, 0, sizeof req);
	req.nh.nlmsg_type = RTM_NEWADDR;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	req.nh.nlmsg_seq = 1;
	req.ifa.ifa_family = (uint8_t)family;
	req.ifa.ifa_prefixlen = (uint8_t)plen;
	req.ifa.ifa_flags = IFA_F_NODAD;
	req.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
	req.ifa.ifa_index = (unsigned)ifindex;
	size_t off = NLMSG_ALIGN(NLMSG_LENGTH(sizeof req.ifa));
	unsigned short types[2] = { IFA_LOCAL, IFA_ADDRESS };
	for (int i = 0; i < 2; i++) {
		struct rtattr rta;
		rta.rta_type = types[i];
		rta.rta_len = (unsigned short)RTA_LENGTH(alen);
		memcpy((uint8_t *)&req + off, &rta, sizeof rta);
		memcpy((uint8_t *)&req + off + RTA_LENGTH(0), addr, alen);
		off += RTA_ALIGN(rta.rta_len);
	}
	{
		struct rtattr rta;
		uint32_t fl = IFA_F_NODAD;
		rta.rta_type = IFA_FLAGS;
		rta.rta_len = (unsigned short)RTA_LENGTH(sizeof fl);
		memcpy((uint8_t *)&req + off, &rta, sizeof rta);
		memcpy((uint8_t *)&req + off + RTA_LENGTH(0), &fl, sizeof fl);
		off += RTA_ALIGN(rta.rta_len);
	}
	req.nh.nlmsg_len = (uint32_t)off;

	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl < 0)
		return -1;
	struct sockaddr_nl sa;
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	if (sendto(nl, &req, off, 0, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(nl);
		return -1;
	}
	uint8_t buf[1024];
	ssize_t n = recv(nl, buf, sizeof buf, 0);
	int e = errno;
	close(nl);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
		errno = n < 0 ? e : EPROTO;
		return -1;
	}
	struct nlmsghdr nh;
	memcpy(&nh, buf, sizeof nh);
	if (nh.nlmsg_type != NLMSG_ERROR) {
		errno = EPROTO;
		return -1;
	}
	struct nlmsgerr ne;
	memcpy(&ne, buf + NLMSG_HDRLEN, sizeof ne);
	if (ne.error != 0) {
		errno = -ne.error;
		return -1;
	}
	return 0;
}

/* Build the namespace. 0, or -1 with why[] filled; *skip = 1 when the
 * failure means "not possible on this host" rather than a harness bug. */
static int lx_child_setup(struct lx_child *c, const wc_sut_config *cfg, char *why, size_t whylen, int *skip)
{
	*skip = 0;
	if (geteuid() != 0) {
		*skip = 1;
		snprintf(why, whylen, "linux SUT needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) for a private network namespace");
		return -1;
	}
	if (access("/dev/net/tun", R_OK | W_OK) != 0) {
		*skip = 1;
		snprintf(why, whylen, "linux SUT needs /dev/net/tun: %s", strerror(errno));
		return -1;
	}
	if (unshare(CLONE_NEWNET) != 0) {
		*skip = errno == EPERM || errno == EINVAL || errno == ENOSYS;
		snprintf(why, whylen, "unshare(CLONE_NEWNET) failed: %s", strerror(errno));
		return -1;
	}
	/* From here on we are inside our own namespace; nothing is global. */
	/* One CPU for the helper, so every packet it writes to the TUN device
	 * is processed through one per-CPU backlog, in order (the output
	 * barrier relies on this; see lx_barrier_send). */
	int cpu = sched_getcpu();
	if (cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		(void)sched_setaffinity(0, sizeof set, &set);
	}
	static const struct { const char *name; size_t off; } knobs[] = {
		{ "tcp_timestamps", offsetof(wc_sut_config, timestamps) },
		{ "tcp_sack", offsetof(wc_sut_config, sack) },
		{ "tcp_window_scaling", offsetof(wc_sut_config, window_scaling) },
		{ "tcp_ecn", offsetof(wc_sut_config, ecn) },
		{ "tcp_syncookies", offsetof(wc_sut_config, syncookies) },
		{ "tcp_rfc1337", offsetof(wc_sut_config, rfc1337) },
	};
	char path[128];
	for (size_t i = 0; i < sizeof knobs / sizeof knobs[0]; i++) {
		int v;
		memcpy(&v, (const uint8_t *)cfg + knobs[i].off, sizeof v);
		snprintf(path, sizeof path, "/proc/sys/net/ipv4/%s", knobs[i].name);
		if (lx_sysctl_int(path, v, why, whylen) != 0)
			return -1;
	}
	c->ipv6 = cfg->ipv6 == 1;
	static const char *v6knobs[] = { "accept_dad", "dad_transmits", "router_solicitations" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/default/%s", v6knobs[i]);
		if (lx_sysctl_int(path, 0, why, whylen) != 0)
			return -1;
	}
	/* addr_gen_mode 1: no link-local address, hence no MLD for it. */
	if (lx_sysctl_int("/proc/sys/net/ipv6/conf/default/addr_gen_mode", 1, why, whylen) != 0)
		return -1;
	if (!c->ipv6 && lx_sysctl_int("/proc/sys/net/ipv6/conf/default/disable_ipv6", 1, why, whylen) != 0)
		return -1;

	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		snprintf(why, whylen, "socket: %s", strerror(errno));
		return -1;
	}
	if (lx_ifflags_up(s, "lo") != 0) {
		snprintf(why, whylen, "cannot bring up lo: %s", strerror(errno));
		close(s);
		return -1;
	}
	c->tun = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (c->tun < 0) {
		*skip = 1;
		snprintf(why, whylen, "cannot open /dev/net/tun: %s", strerror(errno));
		close(s);
		return -1;
	}
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", LX_IFNAME);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	if (ioctl(c->tun, TUNSETIFF, &ifr) < 0) {
		*skip = errno == EPERM || errno == EBUSY;
		snprintf(why, whylen, "TUNSETIFF %s: %s", LX_IFNAME, strerror(errno));
		close(s);
		return -1;
	}
	if (cfg->mss > 0) {
		memset(&ifr, 0, sizeof ifr);
		snprintf(ifr.ifr_name, IFNAMSIZ, "%s", LX_IFNAME);
		ifr.ifr_mtu = cfg->mss + (c->ipv6 ? 60 : 40);
		if (ioctl(s, SIOCSIFMTU, &ifr) < 0) {
			snprintf(why, whylen, "cannot set %s mtu %d: %s", LX_IFNAME, ifr.ifr_mtu, strerror(errno));
			close(s);
			return -1;
		}
	}
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", LX_IFNAME);
	int ifindex = ioctl(s, SIOCGIFINDEX, &ifr) == 0 ? ifr.ifr_ifindex : -1;
	uint8_t a4[4], a6[16];
	inet_pton(AF_INET, WC_SUT_ADDR4_LOCAL, a4);
	inet_pton(AF_INET6, WC_SUT_ADDR6_LOCAL, a6);
	if (ifindex <= 0 || lx_addr_add(AF_INET, a4, 4, 24, ifindex) != 0) {
		snprintf(why, whylen, "cannot add %s/24 to %s: %s", WC_SUT_ADDR4_LOCAL, LX_IFNAME, strerror(errno));
		close(s);
		return -1;
	}
	if (c->ipv6 && lx_addr_add(AF_INET6, a6, 16, 64, ifindex) != 0) {
		snprintf(why, whylen, "cannot add %s/64 to %s: %s", WC_SUT_ADDR6_LOCAL, LX_IFNAME, strerror(errno));
		close(s);
		return -1;
	}
	if (lx_ifflags_up(s, LX_IFNAME) != 0) {
		snprintf(why, whylen, "cannot bring up %s: %s", LX_IFNAME, strerror(errno));
		close(s);
		return -1;
	}
	close(s);
	return 0;
}

static int lx_vfd_alloc(struct lx_child *c, int real)
{
	for (int i = LX_FIRST_FD; i < LX_MAX_FDS; i++) {
		if (c->fds[i] < 0) {
			c->fds[i] = real;
			return i;
		}
	}
	return -1;
}

static int lx_vfd(struct lx_child *c, int v)
{
	if (v < LX_FIRST_FD || v >= LX_MAX_FDS)
		return -1;
	return c->fds[v];
}

static int lx_sockaddr(const struct lx_child *c, int remote, int port, struct sockaddr_storage *ss, socklen_t *sl)
{
	memset(ss, 0, sizeof *ss);
	if (c->ipv6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (remote)
			inet_pton(AF_INET6, WC_SUT_ADDR6_REMOTE, &s6->sin6_addr);
		else
			s6->sin6_addr = in6addr_any;
		*sl = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (remote)
			inet_pton(AF_INET, WC_SUT_ADDR4_REMOTE, &s4->sin_addr);
		else
			s4->sin_addr.s_addr = htonl(INADDR_ANY);
		*sl = sizeof *s4;
	}
	return 0;
}

/* Run one socket call; fills rsp (ret, err) and out data for READ. */
static void lx_child_call(struct lx_child *c, const struct lx_req *q, const uint8_t *data, struct lx_rsp *r, uint8_t *out)
{
	int kind = q->a[0], vfd = q->a[1], port = q->a[2], backlog = q->a[3];
	int how = q->a[4], level = q->a[5], opt = q->a[6], val = q->a[7];
	size_t len = (size_t)q->len;
	long ret = -1;
	int fd = -1;
	struct sockaddr_storage ss;
	socklen_t sl;

	r->rc = WC_OK;
	if (kind != WC_CALL_SOCKET) {
		fd = lx_vfd(c, vfd);
		if (fd < 0) {
			r->rc = WC_ESUT_FD;
			return;
		}
	}
	errno = 0;
	switch (kind) {
	case WC_CALL_SOCKET: {
		int s = socket(c->ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
		if (s >= 0) {
			ret = lx_vfd_alloc(c, s);
			if (ret < 0) {
				close(s);
				errno = EMFILE;
			}
		}
		break;
	}
	case WC_CALL_BIND:
		lx_sockaddr(c, 0, port, &ss, &sl);
		ret = bind(fd, (struct sockaddr *)&ss, sl);
		break;
	case WC_CALL_LISTEN:
		ret = listen(fd, backlog);
		break;
	case WC_CALL_CONNECT:
		lx_sockaddr(c, 1, port, &ss, &sl);
		ret = connect(fd, (struct sockaddr *)&ss, sl);
		break;
	case WC_CALL_ACCEPT: {
		int s = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (s >= 0) {
			ret = lx_vfd_alloc(c, s);
			if (ret < 0) {
				close(s);
				errno = EMFILE;
			}
		}
		break;
	}
	case WC_CALL_WRITE:
		if (len > LX_MAX_PKT) {
			r->rc = WC_EINVAL;
			return;
		}
		if (q->dlen == 0)
			memset(out, 0, len); /* a NULL payload: len zero bytes */
		ret = write(fd, q->dlen ? data : out, len);
		break;
	case WC_CALL_READ:
		if (len > LX_MAX_PKT)
			len = LX_MAX_PKT;
		ret = read(fd, out, len);
		if (ret > 0)
			r->dlen = (uint64_t)ret;
		break;
	case WC_CALL_SHUTDOWN:
		ret = shutdown(fd, how);
		break;
	case WC_CALL_CLOSE:
		ret = close(fd);
		c->fds[vfd] = -1;
		break;
	case WC_CALL_ABORT: {
		struct linger lg = { 1, 0 };
		ret = setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		if (ret == 0)
			ret = close(fd);
		else
			close(fd);
		c->fds[vfd] = -1;
		break;
	}
	case WC_CALL_SETSOCKOPT:
		if (level == SOL_SOCKET && opt == SO_LINGER) {
			struct linger lg = { val >= 0, val >= 0 ? val : 0 };
			ret = setsockopt(fd, level, opt, &lg, sizeof lg);
		} else {
			ret = setsockopt(fd, level, opt, &val, sizeof val);
		}
		break;
	case WC_CALL_GETSOCKOPT: {
		int v = 0;
		socklen_t vl = sizeof v;
		ret = getsockopt(fd, level, opt, &v, &vl);
		if (ret == 0)
			ret = v;
		break;
	}
	default:
		r->rc = WC_ESUT_NOCALL;
		return;
	}
	r->ret = ret;
	r->err = ret < 0 ? errno : 0;
	if (ret < 0)
		r->ret = -1;
}

static int lx_map_state(int linux_state)
{
	switch (linux_state) {
	case 1: return WC_TCP_ESTABLISHED;  /* TCP_ESTABLISHED */
	case 2: return WC_TCP_SYN_SENT;
	case 3: return WC_TCP_SYN_RECEIVED; /* TCP_SYN_RECV */
	case 4: return WC_TCP_FIN_WAIT_1;
	case 5: return WC_TCP_FIN_WAIT_2;
	case 6: return WC_TCP_TIME_WAIT;
	case 7: return WC_TCP_CLOSED;       /* TCP_CLOSE */
	case 8: return WC_TCP_CLOSE_WAIT;
	case 9: return WC_TCP_LAST_ACK;
	case 10: return WC_TCP_LISTEN;
	case 11: return WC_TCP_CLOSING;
	case 12: return WC_TCP_SYN_RECEIVED; /* TCP_NEW_SYN_RECV */
	case 13: return WC_TCP_CLOSED;       /* TCP_BOUND_INACTIVE */
	default: return -1;
	}
}

static long lx_count_lines(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return 0; /* tcp6 is absent when IPv6 is compiled out */
	long n = 0;
	int ch, prev = '\n';
	while ((ch = getc(f)) != EOF) {
		if (ch == '\n')
			n++;
		prev = ch;
	}
	if (prev != '\n')
		n++;
	fclose(f);
	return n > 0 ? n - 1 : 0; /* minus the header line */
}

static int lx_is_noise(const uint8_t *p, size_t n)
{
	/* IPv6, next header ICMPv6 directly after the fixed header (ND and
	 * MLD carry a hop-by-hop header first, next header 0, for MLD). */
	if (n < 41 || (p[0] >> 4) != 6)
		return 0;
	size_t off = 40;
	uint8_t nh = p[6];
	if (nh == 0) { /* hop-by-hop options (MLD router alert) */
		if (n < off + 8)
			return 0;
		nh = p[off];
		off += ((size_t)p[off + 1] + 1) * 8;
	}
	if (nh != 58 || n <= off)
		return 0;
	uint8_t type = p[off];
	return (type >= 130 && type <= 137) || type == 143;
}

/*
 * Output barrier. When the TUN queue is empty, next_output() must still be
 * sure the kernel has finished answering everything injected so far: under
 * load the receive softirq can be deferred to ksoftirqd, and a plain
 * non-blocking read would then report "no segment" for an answer that is
 * merely late (a flaky divergence). So the helper injects an ICMP echo
 * request from the peer (identifier LX_BARRIER_ID) and waits for its reply.
 * The helper process is pinned to one CPU, so everything it writes to the
 * TUN device goes through one per-CPU backlog in order: once the echo reply
 * is read, every answer to an earlier packet has been queued before it.
 * Echo replies are exempt from ICMP rate limiting (informational type, not
 * in icmp_ratemask). Replies to barriers are never returned as output.
 */
#define LX_BARRIER_ID 0x5743u /* "WC" */
#define LX_BARRIER_WAIT_MS 2000

static int lx_barrier_send(struct lx_child *c)
{
	uint8_t pkt[48 + 8];
	size_t n;
	uint16_t seq = ++c->barrier_seq;
	memset(pkt, 0, sizeof pkt);
	if (c->ipv6) {
		n = 40 + 8;
		pkt[0] = 0x60;
		pkt[5] = 8;   /* payload length */
		pkt[6] = 58;  /* ICMPv6 */
		pkt[7] = 64;
		inet_pton(AF_INET6, WC_SUT_ADDR6_REMOTE, pkt + 8);
		inet_pton(AF_INET6, WC_SUT_ADDR6_LOCAL, pkt + 24);
		uint8_t *ic = pkt + 40;
		ic[0] = 128; /* echo request */
		ic[4] = LX_BARRIER_ID >> 8; ic[5] = LX_BARRIER_ID & 0xff;
		ic[6] = (uint8_t)(seq >> 8); ic[7] = (uint8_t)seq;
		uint16_t ck = wc_cksum_finish(wc_cksum_add(wc_cksum_pseudo6(pkt + 8, pkt + 24, 58, 8),
							   wc_cksum_sum(ic, 8), 0));
		ic[2] = (uint8_t)(ck >> 8); ic[3] = (uint8_t)ck;
	} else {
		n = 20 + 8;
		pkt[0] = 0x45;
		pkt[3] = (uint8_t)n;
		pkt[8] = 64;
		pkt[9] = 1; /* ICMP */
		inet_pton(AF_INET, WC_SUT_ADDR4_REMOTE, pkt + 12);
		inet_pton(AF_INET, WC_SUT_ADDR4_LOCAL, pkt + 16);
		uint16_t hck = wc_cksum(pkt, 20);
		pkt[10] = (uint8_t)(hck >> 8); pkt[11] = (uint8_t)hck;
		uint8_t *ic = pkt + 20;
		ic[0] = 8; /* echo request */
		ic[4] = LX_BARRIER_ID >> 8; ic[5] = LX_BARRIER_ID & 0xff;
		ic[6] = (uint8_t)(seq >> 8); ic[7] = (uint8_t)seq;
		uint16_t ck = wc_cksum(ic, 8);
		ic[2] = (uint8_t)(ck >> 8); ic[3] = (uint8_t)ck;
	}
	return write(c->tun, pkt, n) == (ssize_t)n ? 0 : -1;
}

/* 0: not a barrier reply; 1: reply to an older barrier; 2: reply to the
 * barrier now outstanding. */
static int lx_barrier_reply(const struct lx_child *c, const uint8_t *p, size_t n)
{
	const uint8_t *ic;
	if (n >= 48 && (p[0] >> 4) == 6 && p[6] == 58 && p[40] == 129)
		ic = p + 40;
	else if (n >= 28 && p[0] == 0x45 && p[9] == 1 && p[20] == 0)
		ic = p + 20;
	else
		return 0;
	if ((unsigned)(ic[4] << 8 | ic[5]) != LX_BARRIER_ID)
		return 0;
	return (uint16_t)(ic[6] << 8 | ic[7]) == c->barrier_seq ? 2 : 1;
}

/* Until the new addresses are usable (an IPv6 address can take a moment even
 * with DAD off), packets injected first may be dropped: a scenario's SYN
 * would go unanswered. Wait until an echo barrier comes back. */
static int lx_wait_ready(struct lx_child *c)
{
	uint8_t buf[LX_MAX_PKT];
	for (int attempt = 0; attempt < 100; attempt++) {
		if (lx_barrier_send(c) != 0)
			return -1;
		struct pollfd pfd = { .fd = c->tun, .events = POLLIN };
		if (poll(&pfd, 1, 20) <= 0)
			continue;
		ssize_t got;
		while ((got = read(c->tun, buf, sizeof buf)) > 0)
			if (lx_barrier_reply(c, buf, (size_t)got))
				goto ready;
	}
	return -1;
ready:
	/* Drop late replies to earlier attempts. */
	while (read(c->tun, buf, sizeof buf) > 0)
		;
	return 0;
}

static void lx_child_serve(struct lx_child *c)
{
	for (;;) {
		ssize_t n = recv(c->sock, c->in, sizeof c->in, 0);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return; /* parent closed: namespace goes away with us */
		}
		struct lx_req q;
		struct lx_rsp r;
		if ((size_t)n < sizeof q)
			return;
		memcpy(&q, c->in, sizeof q);
		if (q.dlen != (uint64_t)n - sizeof q)
			return;
		const uint8_t *data = c->in + sizeof q;
		uint8_t *out = c->out + sizeof r;
		memset(&r, 0, sizeof r);
		switch (q.op) {
		case LX_OP_INJECT: {
			ssize_t w = write(c->tun, data, (size_t)q.dlen);
			if (w == (ssize_t)q.dlen)
				r.rc = WC_OK;
			else
				r.rc = (w < 0 && errno == EINVAL) ? WC_EINVAL : WC_EIO;
			break;
		}
		case LX_OP_OUTPUT: {
			int barrier = 0;
			r.rc = WC_EINVAL;
			for (;;) {
				ssize_t got = read(c->tun, out, LX_MAX_PKT);
				if (got > 0) {
					int b = lx_barrier_reply(c, out, (size_t)got);
					if (b == 2)
						break; /* all earlier answers were read */
					if (b == 1 || lx_is_noise(out, (size_t)got))
						continue;
					r.rc = WC_OK;
					r.dlen = (uint64_t)got;
					break;
				}
				if (got < 0 && errno == EINTR)
					continue;
				if (got < 0 && errno != EAGAIN) {
					r.rc = WC_EIO;
					break;
				}
				if (!barrier) {
					if (lx_barrier_send(c) != 0) {
						r.rc = WC_EIO;
						break;
					}
					barrier = 1;
				}
				struct pollfd pfd = { .fd = c->tun, .events = POLLIN };
				int pr = poll(&pfd, 1, LX_BARRIER_WAIT_MS);
				if (pr == 0) {
					r.rc = WC_ESUT_TIMEOUT; /* the kernel did not answer the barrier */
					break;
				}
			}
			break;
		}
		case LX_OP_CALL:
			lx_child_call(c, &q, data, &r, out);
			break;
		case LX_OP_STATE: {
			int fd = lx_vfd(c, q.a[0]);
			struct tcp_info ti;
			socklen_t tl = sizeof ti;
			if (fd < 0) {
				r.rc = WC_ESUT_FD;
			} else if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tl) != 0) {
				r.rc = WC_EIO;
			} else {
				int st = lx_map_state(ti.tcpi_state);
				r.rc = st < 0 ? WC_EIO : WC_OK;
				r.ret = st;
			}
			break;
		}
		case LX_OP_RESOURCES:
			r.ret = lx_count_lines("/proc/net/tcp") + lx_count_lines("/proc/net/tcp6");
			break;
		default:
			r.rc = WC_EINVAL;
			break;
		}
		memcpy(c->out, &r, sizeof r);
		if (send(c->sock, c->out, sizeof r + (size_t)r.dlen, MSG_NOSIGNAL) < 0)
			return;
	}
}

static void lx_child_main(int sock, const wc_sut_config *cfg)
{
	static struct lx_child c; /* in the forked child: its own copy */
	char why[256] = "";
	int skip = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Drop every descriptor inherited from the parent (other SUTs' sockets
	 * among them, which would otherwise never see EOF). */
	if (sock > 3)
		close_range(3, (unsigned)sock - 1, 0);
	close_range((unsigned)sock + 1, ~0u, 0);
	memset(&c, 0, sizeof c);
	c.sock = sock;
	c.tun = -1;
	for (int i = 0; i < LX_MAX_FDS; i++)
		c.fds[i] = -1;
	struct lx_rsp r;
	memset(&r, 0, sizeof r);
	if (lx_child_setup(&c, cfg, why, sizeof why, &skip) != 0)
		r.rc = skip ? WC_ESUT_SKIP : WC_EIO;
	else if (lx_wait_ready(&c) != 0) {
		snprintf(why, sizeof why, "linux SUT: the namespace's stack did not answer an echo within 2 s");
		r.rc = WC_EIO;
	}
	r.dlen = strlen(why);
	memcpy(c.out, &r, sizeof r);
	memcpy(c.out + sizeof r, why, (size_t)r.dlen);
	if (send(sock, c.out, sizeof r + (size_t)r.dlen, MSG_NOSIGNAL) < 0 || r.rc != WC_OK)
		_exit(0);
	lx_child_serve(&c);
	_exit(0);
}

/* ------------------------------------------------------------------------ */
/* Parent side. */

static int lx_recv(wc_sut *s, struct lx_rsp *r, const uint8_t **data)
{
	struct pollfd pfd = { s->sock, POLLIN, 0 };
	int pr;
	do
		pr = poll(&pfd, 1, LX_REPLY_TIMEOUT_MS);
	while (pr < 0 && errno == EINTR);
	if (pr == 0)
		return WC_ESUT_TIMEOUT;
	if (pr < 0)
		return WC_EIO;
	ssize_t n = recv(s->sock, s->msg, sizeof s->msg, 0);
	if (n < (ssize_t)sizeof *r)
		return WC_EIO; /* child died or protocol broken */
	memcpy(r, s->msg, sizeof *r);
	if (r->dlen != (uint64_t)n - sizeof *r)
		return WC_EIO;
	*data = s->msg + sizeof *r;
	return WC_OK;
}

static int lx_rpc(wc_sut *s, const struct lx_req *q, const void *data, struct lx_rsp *r, const uint8_t **rdata)
{
	if (q->dlen > LX_MAX_PKT)
		return WC_EINVAL;
	memcpy(s->msg, q, sizeof *q);
	if (q->dlen)
		memcpy(s->msg + sizeof *q, data, (size_t)q->dlen);
	if (send(s->sock, s->msg, sizeof *q + (size_t)q->dlen, MSG_NOSIGNAL) < 0)
		return WC_EIO;
	return lx_recv(s, r, rdata);
}

/* Children whose exit (device unregistration, namespace teardown: 15-35 ms
 * of kernel RCU waits) a reset does not wait for. Swept without blocking on
 * every start, and with blocking on close(), so close() leaves no process
 * behind. Not thread-safe: one thread drives all Linux SUTs. */
static pid_t lx_graveyard[64];

static void lx_reap(pid_t pid)
{
	int st;
	for (int i = 0; i < 2000; i++) { /* up to ~1 s to exit on EOF */
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			return;
		struct timespec ts = { 0, 500 * 1000 };
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

static void lx_sweep(int block)
{
	for (size_t i = 0; i < sizeof lx_graveyard / sizeof lx_graveyard[0]; i++) {
		int st;
		if (lx_graveyard[i] <= 0)
			continue;
		if (block)
			lx_reap(lx_graveyard[i]);
		else if (waitpid(lx_graveyard[i], &st, WNOHANG) == 0)
			continue;
		lx_graveyard[i] = 0;
	}
}

/* Close our end: the child exits on EOF. Reap it now (block) or later. */
static void lx_stop(wc_sut *s, int block)
{
	if (s->sock >= 0)
		close(s->sock);
	s->sock = -1;
	if (s->pid <= 0)
		return;
	pid_t pid = s->pid;
	s->pid = 0;
	if (!block) {
		for (size_t i = 0; i < sizeof lx_graveyard / sizeof lx_graveyard[0]; i++) {
			if (lx_graveyard[i] <= 0) {
				lx_graveyard[i] = pid;
				return;
			}
		}
	}
	lx_reap(pid);
}

static void lx_close(wc_sut *s)
{
	if (!s)
		return;
	lx_stop(s, 1);
	lx_sweep(1);
	free(s);
}

static int lx_start(wc_sut *s, const wc_sut_config *cfg, char *why, size_t whylen)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(why, whylen, "socketpair: %s", strerror(errno));
		return WC_EIO;
	}
	int bufsz = (int)LX_MSG_MAX * 2;
	for (int i = 0; i < 2; i++) {
		setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof bufsz);
		setsockopt(sv[i], SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof bufsz);
	}
	lx_sweep(0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return WC_EIO;
	}
	if (pid == 0) {
		close(sv[0]);
		lx_child_main(sv[1], cfg);
		_exit(0);
	}
	close(sv[1]);
	s->pid = pid;
	s->sock = sv[0];
	s->cfg = *cfg;
	struct lx_rsp r;
	const uint8_t *data;
	int rc = lx_recv(s, &r, &data);
	if (rc != WC_OK) {
		snprintf(why, whylen, "linux SUT helper did not start: %s", wc_strerror(rc));
		return rc;
	}
	if (r.rc != WC_OK) {
		size_t n = (size_t)r.dlen < whylen ? (size_t)r.dlen : whylen - 1;
		if (whylen) {
			memcpy(why, data, n);
			why[n] = '\0';
		}
		return r.rc;
	}
	return WC_OK;
}

static int lx_open(wc_sut **out, const wc_sut_config *cfg, char *why, size_t whylen)
{
	char dummy[1];
	if (!why || whylen == 0) {
		why = dummy;
		whylen = sizeof dummy;
	}
	why[0] = '\0';
	if (!out || !cfg)
		return WC_EINVAL;
	wc_sut *s = calloc(1, sizeof *s);
	if (!s)
		return WC_ENOMEM;
	s->sock = -1;
	int rc = lx_start(s, cfg, why, whylen);
	if (rc != WC_OK) {
		lx_close(s);
		return rc;
	}
	*out = s;
	return WC_OK;
}

static int lx_reset(wc_sut *s, const wc_sut_config *cfg)
{
	char why[256];
	wc_sut_config c = cfg ? *cfg : s->cfg;
	lx_stop(s, 0);
	return lx_start(s, &c, why, sizeof why);
}

static int lx_inject(wc_sut *s, const uint8_t *pkt, size_t len)
{
	if (!pkt || len == 0 || len > LX_MAX_PKT)
		return WC_EINVAL;
	struct lx_req q;
	struct lx_rsp r;
	const uint8_t *d;
	memset(&q, 0, sizeof q);
	q.op = LX_OP_INJECT;
	q.dlen = len;
	int rc = lx_rpc(s, &q, pkt, &r, &d);
	return rc != WC_OK ? rc : r.rc;
}

static int lx_next_output(wc_sut *s, uint8_t *buf, size_t cap, size_t *len)
{
	struct lx_req q;
	struct lx_rsp r;
	const uint8_t *d;
	memset(&q, 0, sizeof q);
	q.op = LX_OP_OUTPUT;
	int rc = lx_rpc(s, &q, NULL, &r, &d);
	if (rc != WC_OK)
		return rc;
	if (r.rc != WC_OK)
		return r.rc;
	if (r.dlen > cap)
		return WC_ENOSPC; /* the packet is lost; callers pass 64 KiB */
	memcpy(buf, d, (size_t)r.dlen);
	*len = (size_t)r.dlen;
	return WC_OK;
}

static int lx_call(wc_sut *s, const wc_sut_call *c, wc_sut_result *res)
{
	if (!c || !res)
		return WC_EINVAL;
	struct lx_req q;
	struct lx_rsp r;
	const uint8_t *d;
	memset(&q, 0, sizeof q);
	q.op = LX_OP_CALL;
	q.a[0] = (int32_t)c->kind;
	q.a[1] = c->fd;
	q.a[2] = c->port;
	q.a[3] = c->backlog;
	q.a[4] = c->how;
	q.a[5] = c->level;
	q.a[6] = c->opt;
	q.a[7] = c->val;
	q.len = c->len;
	if (c->kind == WC_CALL_WRITE) {
		if (c->len > LX_MAX_PKT)
			return WC_EINVAL;
		q.dlen = c->data ? c->len : 0;
	}
	int rc = lx_rpc(s, &q, c->data, &r, &d);
	if (rc != WC_OK)
		return rc;
	if (r.rc != WC_OK)
		return r.rc;
	res->ret = (long)r.ret;
	res->err = r.err;
	if (c->kind == WC_CALL_READ && r.dlen > 0 && res->out) {
		size_t n = (size_t)r.dlen < res->out_cap ? (size_t)r.dlen : res->out_cap;
		memcpy(res->out, d, n);
	}
	return WC_OK;
}

static int lx_advance(wc_sut *s, uint64_t usec)
{
	(void)s;
	struct timespec ts = { (time_t)(usec / 1000000u), (long)(usec % 1000000u) * 1000L };
	while (nanosleep(&ts, &ts) != 0) {
		if (errno != EINTR)
			return WC_EIO;
	}
	return WC_OK;
}

static int lx_state(wc_sut *s, int fd, int *state)
{
	struct lx_req q;
	struct lx_rsp r;
	const uint8_t *d;
	memset(&q, 0, sizeof q);
	q.op = LX_OP_STATE;
	q.a[0] = fd;
	int rc = lx_rpc(s, &q, NULL, &r, &d);
	if (rc != WC_OK)
		return rc;
	if (r.rc != WC_OK)
		return r.rc;
	*state = (int)r.ret;
	return WC_OK;
}

static int lx_resources(wc_sut *s, wc_sut_resources *out)
{
	struct lx_req q;
	struct lx_rsp r;
	const uint8_t *d;
	memset(&q, 0, sizeof q);
	q.op = LX_OP_RESOURCES;
	int rc = lx_rpc(s, &q, NULL, &r, &d);
	if (rc != WC_OK)
		return rc;
	if (r.rc != WC_OK)
		return r.rc;
	out->pcbs = (long)r.ret;
	out->buffers = -1;
	out->heap_bytes = -1;
	return WC_OK;
}

const wc_sut_ops wc_sut_linux = {
	.name = "linux",
	.open = lx_open,
	.close = lx_close,
	.reset = lx_reset,
	.inject = lx_inject,
	.next_output = lx_next_output,
	.call = lx_call,
	.advance = lx_advance,
	.state = lx_state,
	.resources = lx_resources,
};
