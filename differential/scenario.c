/* Scenario language parser: see scenario.h for the accepted subset. */

#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct ps {
	const char *s;
	size_t n, i;
	unsigned line, col;
	const char *file;
	char *err;
	size_t errlen;
	wc_scenario *out;
} ps;

static int fail_at(ps *p, unsigned line, unsigned col, int code, const char *fmt, ...)
{
	if (p->err && p->errlen) {
		int k = snprintf(p->err, p->errlen, "%s:%u:%u: ", p->file, line, col);
		if (k >= 0 && (size_t)k < p->errlen) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
			va_end(ap);
		}
	}
	return code;
}

static int ch(const ps *p, size_t k)
{
	return p->i + k < p->n ? (unsigned char)p->s[p->i + k] : -1;
}

static void adv(ps *p, size_t k)
{
	while (k-- && p->i < p->n) {
		if (p->s[p->i] == '\n') {
			p->line++;
			p->col = 1;
		} else {
			p->col++;
		}
		p->i++;
	}
}

static int at_eol(const ps *p)
{
	return ch(p, 0) == '\n' || ch(p, 0) == -1;
}

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alnum(int c) { return is_alpha(c) || is_digit(c); }

/* The token at the cursor, for messages: up to whitespace, max 24 chars. */
static const char *tok(const ps *p, char *buf, size_t cap)
{
	if (at_eol(p))
		return "end of line";
	size_t k = 0;
	while (k + 1 < cap && k < 24 && p->i + k < p->n) {
		char c = p->s[p->i + k];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			break;
		buf[k] = c;
		k++;
	}
	buf[k] = '\0';
	return buf;
}

/* Fail at the cursor with "expected WHAT, found 'TOKEN'". */
static int expected(ps *p, const char *what)
{
	char b[32];
	while (ch(p, 0) == ' ' || ch(p, 0) == '\t')
		adv(p, 1);
	const char *t = tok(p, b, sizeof b);
	if (at_eol(p))
		return fail_at(p, p->line, p->col, WC_ESCN_SYNTAX, "expected %s, found %s", what, t);
	return fail_at(p, p->line, p->col, WC_ESCN_SYNTAX, "expected %s, found '%s'", what, t);
}

static int unsupported(ps *p, unsigned line, unsigned col, const char *what)
{
	return fail_at(p, line, col, WC_ESCN_UNSUPPORTED, "unsupported construct '%s'", what);
}

/* Skip blanks and comments, never a newline outside a block comment. */
static int skip_blank(ps *p)
{
	for (;;) {
		int c = ch(p, 0);
		if (c == ' ' || c == '\t' || c == '\r') {
			adv(p, 1);
		} else if (c == '/' && ch(p, 1) == '/') {
			while (!at_eol(p))
				adv(p, 1);
		} else if (c == '/' && ch(p, 1) == '*') {
			unsigned l = p->line, co = p->col;
			adv(p, 2);
			while (!(ch(p, 0) == '*' && ch(p, 1) == '/')) {
				if (ch(p, 0) == -1)
					return fail_at(p, l, co, WC_ESCN_SYNTAX, "unterminated comment");
				adv(p, 1);
			}
			adv(p, 2);
		} else {
			return WC_OK;
		}
	}
}

static int end_of_line(ps *p)
{
	int rc = skip_blank(p);
	if (rc != WC_OK)
		return rc;
	if (!at_eol(p))
		return expected(p, "end of line");
	return WC_OK;
}

/* Identifier at the cursor into buf (letters, digits, '_', plus extra). */
static size_t word(ps *p, char *buf, size_t cap, const char *extra)
{
	size_t k = 0;
	for (;;) {
		int c = ch(p, 0);
		if (!(is_alnum(c) || (c > 0 && extra && strchr(extra, c))))
			break;
		if (k + 1 < cap)
			buf[k++] = (char)c;
		adv(p, 1);
	}
	if (cap)
		buf[k < cap ? k : cap - 1] = '\0';
	return k;
}

/* Unsigned number (decimal or 0x hex) <= max. */
static int number(ps *p, uint64_t max, uint64_t *v, const char *what)
{
	unsigned l = p->line, co = p->col;
	uint64_t x = 0;
	int base = 10, any = 0;
	if (ch(p, 0) == '0' && (ch(p, 1) == 'x' || ch(p, 1) == 'X')) {
		base = 16;
		adv(p, 2);
	}
	for (;;) {
		int c = ch(p, 0), d;
		if (is_digit(c))
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (x > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			x = UINT64_MAX; /* saturate: reported below */
		else
			x = x * (uint64_t)base + (uint64_t)d;
		any = 1;
		adv(p, 1);
	}
	if (!any)
		return expected(p, what);
	if (is_alpha(ch(p, 0)))
		return expected(p, what);
	if (x > max)
		return fail_at(p, l, co, WC_ESCN_SYNTAX, "%s out of range (max %llu)", what,
			       (unsigned long long)max);
	*v = x;
	return WC_OK;
}

static int lit(ps *p, const char *s)
{
	size_t n = strlen(s);
	if (p->i + n > p->n || memcmp(p->s + p->i, s, n) != 0)
		return 0;
	adv(p, n);
	return 1;
}

static int expect_char(ps *p, char c, const char *what)
{
	int rc = skip_blank(p);
	if (rc != WC_OK)
		return rc;
	if (ch(p, 0) != (unsigned char)c)
		return expected(p, what);
	adv(p, 1);
	return skip_blank(p);
}

/* ------------------------------------------------------------------------ */
/* Times. */

static int seconds(ps *p, int64_t *usec)
{
	unsigned l = p->line, co = p->col;
	int64_t whole = 0, frac = 0;
	int digits = 0, fd = 0;
	while (is_digit(ch(p, 0))) {
		if (whole > 1000000000)
			return fail_at(p, l, co, WC_ESCN_SYNTAX, "time out of range");
		whole = whole * 10 + (ch(p, 0) - '0');
		digits++;
		adv(p, 1);
	}
	if (ch(p, 0) == '.' && ch(p, 1) != '.') {
		adv(p, 1);
		while (is_digit(ch(p, 0))) {
			if (fd == 6)
				return fail_at(p, p->line, p->col, WC_ESCN_SYNTAX,
					       "time has more than 6 decimals");
			frac = frac * 10 + (ch(p, 0) - '0');
			fd++;
			adv(p, 1);
		}
	}
	if (!digits && !fd)
		return expected(p, "a time ('0', '+0.1', '*')");
	while (fd < 6) {
		frac *= 10;
		fd++;
	}
	*usec = whole * 1000000 + frac;
	return WC_OK;
}

static int parse_time(ps *p, wc_scn_time *t)
{
	int rc;
	if (ch(p, 0) == '*') {
		adv(p, 1);
		t->kind = WC_SCN_TIME_ANY;
		t->usec = t->usec_end = 0;
		return WC_OK;
	}
	if (ch(p, 0) == '-')
		return fail_at(p, p->line, p->col, WC_ESCN_SYNTAX, "negative time");
	t->kind = WC_SCN_TIME_ABS;
	if (ch(p, 0) == '+') {
		t->kind = WC_SCN_TIME_REL;
		adv(p, 1);
	}
	if ((rc = seconds(p, &t->usec)) != WC_OK)
		return rc;
	t->usec_end = t->usec;
	if (ch(p, 0) == '~') {
		adv(p, 1);
		int rel = 0;
		if (ch(p, 0) == '+') {
			rel = 1;
			adv(p, 1);
		}
		if (rel != (t->kind == WC_SCN_TIME_REL))
			return fail_at(p, p->line, p->col, WC_ESCN_SYNTAX,
				       "time range mixes absolute and relative times");
		unsigned l = p->line, co = p->col;
		if ((rc = seconds(p, &t->usec_end)) != WC_OK)
			return rc;
		if (t->usec_end < t->usec)
			return fail_at(p, l, co, WC_ESCN_SYNTAX, "time range ends before it starts");
	}
	if (ch(p, 0) == '.' && ch(p, 1) == '.' && ch(p, 2) == '.')
		return unsupported(p, p->line, p->col, "...");
	return WC_OK;
}

/* ------------------------------------------------------------------------ */
/* Packets. */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "raw XX [XX ...]": at least one two-digit hex byte, blank-separated. */
static int parse_raw(ps *p, wc_scn_opt *o)
{
	int rc;
	for (;;) {
		if ((rc = skip_blank(p)) != WC_OK)
			return rc;
		int hi = hexval(ch(p, 0)), lo = hexval(ch(p, 1));
		if (hi < 0) {
			if (o->nraw == 0)
				return expected(p, "a hex byte after 'raw' (e.g. 02)");
			return WC_OK;
		}
		if (lo < 0 || hexval(ch(p, 2)) >= 0)
			return expected(p, "a two-digit hex byte");
		if (o->nraw == WC_SCN_MAX_RAW)
			return fail_at(p, p->line, p->col, WC_ESCN_LIMIT, "too many raw bytes (max %d)",
				       WC_SCN_MAX_RAW);
		o->raw[o->nraw++] = (uint8_t)(hi * 16 + lo);
		adv(p, 2);
	}
}

static int parse_opts(ps *p, wc_scn_packet *k, int outbound)
{
	int rc;
	adv(p, 1); /* '<' */
	if ((rc = skip_blank(p)) != WC_OK)
		return rc;
	if (lit(p, "...")) {
		k->opts_mode = WC_SCN_OPTS_ANY;
		return expect_char(p, '>', "'>' after '<...'");
	}
	k->opts_mode = WC_SCN_OPTS_LIST;
	for (;;) {
		unsigned l = p->line, co = p->col;
		char w[32];
		uint64_t v;
		if (!word(p, w, sizeof w, NULL))
			return expected(p, "a TCP option (mss, wscale, sackOK, TS, sack, nop, eol, raw)");
		if (k->nopts == WC_SCN_MAX_OPTS)
			return fail_at(p, l, co, WC_ESCN_LIMIT, "too many TCP options (max %d)", WC_SCN_MAX_OPTS);
		wc_scn_opt *o = &k->opts[k->nopts];
		memset(o, 0, sizeof *o);
		if (!strcmp(w, "nop")) {
			o->kind = WC_SCN_OPT_NOP;
		} else if (!strcmp(w, "eol")) {
			o->kind = WC_SCN_OPT_EOL;
		} else if (!strcmp(w, "sackOK")) {
			o->kind = WC_SCN_OPT_SACKOK;
		} else if (!strcmp(w, "raw")) {
			if (outbound)
				return fail_at(p, l, co, WC_ESCN_SYNTAX,
					       "raw option bytes are for inbound packets only");
			o->kind = WC_SCN_OPT_RAW;
			if ((rc = parse_raw(p, o)) != WC_OK)
				return rc;
		} else if (!strcmp(w, "mss") || !strcmp(w, "wscale")) {
			o->kind = w[0] == 'm' ? WC_SCN_OPT_MSS : WC_SCN_OPT_WSCALE;
			if ((rc = skip_blank(p)) != WC_OK ||
			    (rc = number(p, o->kind == WC_SCN_OPT_MSS ? 65535 : 255, &v,
					 o->kind == WC_SCN_OPT_MSS ? "an MSS value" : "a window scale shift")) != WC_OK)
				return rc;
			o->v1 = (uint32_t)v;
		} else if (!strcmp(w, "TS")) {
			o->kind = WC_SCN_OPT_TS;
			if ((rc = skip_blank(p)) != WC_OK)
				return rc;
			if (!lit(p, "val"))
				return expected(p, "'val'");
			if ((rc = skip_blank(p)) != WC_OK || (rc = number(p, UINT32_MAX, &v, "a timestamp value")) != WC_OK)
				return rc;
			o->v1 = (uint32_t)v;
			if ((rc = skip_blank(p)) != WC_OK)
				return rc;
			if (!lit(p, "ecr"))
				return expected(p, "'ecr'");
			if ((rc = skip_blank(p)) != WC_OK || (rc = number(p, UINT32_MAX, &v, "a timestamp echo reply")) != WC_OK)
				return rc;
			o->v2 = (uint32_t)v;
		} else if (!strcmp(w, "sack")) {
			o->kind = WC_SCN_OPT_SACK;
			for (;;) {
				if ((rc = skip_blank(p)) != WC_OK)
					return rc;
				if (!is_digit(ch(p, 0))) {
					if (o->nblocks == 0)
						return expected(p, "a SACK block 'left:right'");
					break;
				}
				if (o->nblocks == WC_SCN_MAX_SACK)
					return fail_at(p, p->line, p->col, WC_ESCN_LIMIT,
						       "too many SACK blocks (max %d)", WC_SCN_MAX_SACK);
				if ((rc = number(p, UINT32_MAX, &v, "a SACK block edge")) != WC_OK)
					return rc;
				o->sack[o->nblocks][0] = (uint32_t)v;
				if (ch(p, 0) != ':')
					return expected(p, "':' in a SACK block");
				adv(p, 1);
				if ((rc = number(p, UINT32_MAX, &v, "a SACK block edge")) != WC_OK)
					return rc;
				o->sack[o->nblocks][1] = (uint32_t)v;
				o->nblocks++;
			}
		} else {
			return unsupported(p, l, co, w);
		}
		k->nopts++;
		if ((rc = skip_blank(p)) != WC_OK)
			return rc;
		if (ch(p, 0) == ',') {
			adv(p, 1);
			if ((rc = skip_blank(p)) != WC_OK)
				return rc;
			continue;
		}
		if (ch(p, 0) == '>') {
			adv(p, 1);
			return WC_OK;
		}
		return expected(p, "',' or '>' in the option list");
	}
}

static int parse_packet(ps *p, wc_scn_event *e)
{
	wc_scn_packet *k = &e->pkt;
	int rc;
	uint64_t v;
	e->kind = ch(p, 0) == '<' ? WC_SCN_INBOUND : WC_SCN_OUTBOUND;
	memset(k, 0, sizeof *k);
	adv(p, 1);
	if ((rc = skip_blank(p)) != WC_OK)
		return rc;
	unsigned l = p->line, co = p->col;
	if (ch(p, 0) == '[')
		return unsupported(p, l, co, "[...] IP header fields");
	char w[32];
	if (ch(p, 0) == '-' && (ch(p, 1) == ' ' || ch(p, 1) == '\t')) {
		adv(p, 1); /* "-": a segment without any flag (wirecheck extension) */
		w[0] = '\0';
	} else if (!word(p, w, sizeof w, ".")) {
		return expected(p, "TCP flags (S F R P . U E W)");
	}
	for (const char *f = w; *f; f++) {
		const char *flags = "FSRP.UEW";
		const char *hit = strchr(flags, *f);
		if (!hit) {
			if (!strcmp(w, "udp") || !strcmp(w, "icmp") || !strcmp(w, "gre") || !strcmp(w, "mpls"))
				return unsupported(p, l, co, w);
			return fail_at(p, l, co + (unsigned)(f - w), WC_ESCN_SYNTAX,
				       "unknown TCP flag '%c' (flags are S F R P . U E W)", *f);
		}
		uint8_t bit = (uint8_t)(1u << (hit - flags));
		if (k->flags & bit)
			return fail_at(p, l, co + (unsigned)(f - w), WC_ESCN_SYNTAX, "duplicate TCP flag '%c'", *f);
		k->flags |= bit;
	}
	if ((rc = skip_blank(p)) != WC_OK)
		return rc;
	unsigned sl = p->line, sc = p->col;
	uint64_t a, b, n;
	if ((rc = number(p, UINT32_MAX, &a, "a sequence range 'start:end(len)'")) != WC_OK)
		return rc;
	if (ch(p, 0) != ':')
		return expected(p, "':' in 'start:end(len)'");
	adv(p, 1);
	if ((rc = number(p, UINT32_MAX, &b, "the end of 'start:end(len)'")) != WC_OK)
		return rc;
	if (ch(p, 0) != '(')
		return expected(p, "'(' in 'start:end(len)'");
	adv(p, 1);
	if ((rc = number(p, 0xffff, &n, "a segment length")) != WC_OK)
		return rc;
	if (ch(p, 0) != ')')
		return expected(p, "')' in 'start:end(len)'");
	adv(p, 1);
	if ((uint32_t)(b - a) != (uint32_t)n)
		return fail_at(p, sl, sc, WC_ESCN_SYNTAX,
			       "inconsistent segment: %llu:%llu spans %u bytes, length says %llu",
			       (unsigned long long)a, (unsigned long long)b, (uint32_t)(b - a),
			       (unsigned long long)n);
	k->seq = (uint32_t)a;
	k->seq_end = (uint32_t)b;
	k->len = (uint32_t)n;
	for (;;) {
		if ((rc = skip_blank(p)) != WC_OK)
			return rc;
		if (at_eol(p))
			return WC_OK;
		if (ch(p, 0) == '<') {
			if ((rc = parse_opts(p, k, e->kind == WC_SCN_OUTBOUND)) != WC_OK)
				return rc;
			return WC_OK; /* end_of_line() checks the rest */
		}
		unsigned fl = p->line, fc = p->col;
		size_t fi = p->i;
		if (!word(p, w, sizeof w, NULL))
			return expected(p, "'ack', 'win', 'urg', an option list or end of line");
		int *has;
		uint32_t *dst;
		uint64_t max = 0xffff;
		if (!strcmp(w, "ack")) {
			has = &k->has_ack;
			dst = &k->ack;
			max = UINT32_MAX;
		} else if (!strcmp(w, "win")) {
			has = &k->has_win;
			dst = &k->win;
		} else if (!strcmp(w, "urg")) {
			has = &k->has_urg;
			dst = &k->urg;
		} else {
			p->line = fl;
			p->col = fc;
			p->i = fi;
			return expected(p, "'ack', 'win', 'urg', an option list or end of line");
		}
		if (*has)
			return fail_at(p, fl, fc, WC_ESCN_SYNTAX, "'%s' given twice", w);
		if ((rc = skip_blank(p)) != WC_OK || (rc = number(p, max, &v, w)) != WC_OK)
			return rc;
		*has = 1;
		*dst = (uint32_t)v;
	}
}

/* ------------------------------------------------------------------------ */
/* System calls. */

typedef struct sym {
	const char *name;
	int val;
} sym;

static const sym syms[] = {
	{ "AF_INET", AF_INET }, { "AF_INET6", AF_INET6 }, { "PF_INET", AF_INET }, { "PF_INET6", AF_INET6 },
	{ "SOCK_STREAM", SOCK_STREAM }, { "SOCK_DGRAM", SOCK_DGRAM }, { "SOCK_RAW", SOCK_RAW },
	{ "SOCK_NONBLOCK", SOCK_NONBLOCK }, { "SOCK_CLOEXEC", SOCK_CLOEXEC },
	{ "IPPROTO_TCP", IPPROTO_TCP }, { "IPPROTO_UDP", IPPROTO_UDP }, { "IPPROTO_IP", IPPROTO_IP },
	{ "IPPROTO_IPV6", IPPROTO_IPV6 }, { "SOL_SOCKET", SOL_SOCKET }, { "SOL_TCP", IPPROTO_TCP },
	{ "SO_REUSEADDR", SO_REUSEADDR }, { "SO_REUSEPORT", SO_REUSEPORT }, { "SO_LINGER", SO_LINGER },
	{ "SO_ERROR", SO_ERROR }, { "SO_KEEPALIVE", SO_KEEPALIVE }, { "SO_RCVBUF", SO_RCVBUF },
	{ "SO_SNDBUF", SO_SNDBUF }, { "SO_RCVLOWAT", SO_RCVLOWAT }, { "SO_OOBINLINE", SO_OOBINLINE },
	{ "TCP_NODELAY", TCP_NODELAY }, { "TCP_MAXSEG", TCP_MAXSEG }, { "TCP_CORK", TCP_CORK },
	{ "TCP_KEEPIDLE", TCP_KEEPIDLE }, { "TCP_KEEPINTVL", TCP_KEEPINTVL }, { "TCP_KEEPCNT", TCP_KEEPCNT },
	{ "TCP_USER_TIMEOUT", TCP_USER_TIMEOUT }, { "TCP_DEFER_ACCEPT", TCP_DEFER_ACCEPT },
	{ "TCP_QUICKACK", TCP_QUICKACK }, { "TCP_SYNCNT", TCP_SYNCNT }, { "TCP_LINGER2", TCP_LINGER2 },
	{ "TCP_WINDOW_CLAMP", TCP_WINDOW_CLAMP },
	{ "SHUT_RD", SHUT_RD }, { "SHUT_WR", SHUT_WR }, { "SHUT_RDWR", SHUT_RDWR },
	{ "F_GETFL", F_GETFL }, { "F_SETFL", F_SETFL }, { "O_RDWR", O_RDWR }, { "O_RDONLY", O_RDONLY },
	{ "O_WRONLY", O_WRONLY }, { "O_NONBLOCK", O_NONBLOCK },
};

static const sym errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EINTR", EINTR }, { "EIO", EIO }, { "EBADF", EBADF },
	{ "EAGAIN", EAGAIN }, { "EWOULDBLOCK", EWOULDBLOCK }, { "ENOMEM", ENOMEM }, { "EACCES", EACCES },
	{ "EFAULT", EFAULT }, { "EBUSY", EBUSY }, { "EEXIST", EEXIST }, { "EINVAL", EINVAL },
	{ "EMFILE", EMFILE }, { "EPIPE", EPIPE }, { "ENOTSOCK", ENOTSOCK }, { "EDESTADDRREQ", EDESTADDRREQ },
	{ "EMSGSIZE", EMSGSIZE }, { "EPROTOTYPE", EPROTOTYPE }, { "ENOPROTOOPT", ENOPROTOOPT },
	{ "EPROTONOSUPPORT", EPROTONOSUPPORT }, { "EOPNOTSUPP", EOPNOTSUPP }, { "EAFNOSUPPORT", EAFNOSUPPORT },
	{ "EADDRINUSE", EADDRINUSE }, { "EADDRNOTAVAIL", EADDRNOTAVAIL }, { "ENETDOWN", ENETDOWN },
	{ "ENETUNREACH", ENETUNREACH }, { "ECONNABORTED", ECONNABORTED }, { "ECONNRESET", ECONNRESET },
	{ "ENOBUFS", ENOBUFS }, { "EISCONN", EISCONN }, { "ENOTCONN", ENOTCONN }, { "ETIMEDOUT", ETIMEDOUT },
	{ "ECONNREFUSED", ECONNREFUSED }, { "EHOSTUNREACH", EHOSTUNREACH }, { "EALREADY", EALREADY },
	{ "EINPROGRESS", EINPROGRESS },
};

static const sym *lookup(const sym *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

enum { ARG_ELLIPSIS, ARG_INT, ARG_ARRAY, ARG_LINGER };

typedef struct arg {
	int kind;
	long v, v2; /* INT/ARRAY: v; LINGER: v = onoff, v2 = linger */
	unsigned line, col;
} arg;

#define MAX_ARGS 6

/* expr := term { '|' term }, term := ['-'] number | SYMBOL */
static int parse_expr(ps *p, long *v)
{
	int rc;
	*v = 0;
	for (;;) {
		long t;
		if (is_alpha(ch(p, 0))) {
			unsigned l = p->line, co = p->col;
			char w[40];
			word(p, w, sizeof w, NULL);
			const sym *s = lookup(syms, sizeof syms / sizeof syms[0], w);
			if (!s)
				return fail_at(p, l, co, WC_ESCN_SYNTAX, "unknown symbol '%s'", w);
			t = s->val;
		} else {
			int neg = 0;
			uint64_t u;
			if (ch(p, 0) == '-') {
				neg = 1;
				adv(p, 1);
			}
			if ((rc = number(p, 0x7fffffff, &u, "an integer or a symbol")) != WC_OK)
				return rc;
			t = neg ? -(long)u : (long)u;
		}
		*v |= t;
		if ((rc = skip_blank(p)) != WC_OK)
			return rc;
		if (ch(p, 0) != '|')
			return WC_OK;
		adv(p, 1);
		if ((rc = skip_blank(p)) != WC_OK)
			return rc;
	}
}

static int parse_arg(ps *p, arg *a)
{
	int rc;
	a->line = p->line;
	a->col = p->col;
	a->v = a->v2 = 0;
	if (lit(p, "...")) {
		a->kind = ARG_ELLIPSIS;
		return skip_blank(p);
	}
	if (ch(p, 0) == '[') {
		adv(p, 1);
		if ((rc = skip_blank(p)) != WC_OK || (rc = parse_expr(p, &a->v)) != WC_OK)
			return rc;
		a->kind = ARG_ARRAY;
		return expect_char(p, ']', "']'");
	}
	if (ch(p, 0) == '{') {
		int seen_on = 0, seen_lin = 0;
		adv(p, 1);
		a->kind = ARG_LINGER;
		for (;;) {
			char w[32];
			unsigned l, co;
			long v;
			if ((rc = skip_blank(p)) != WC_OK)
				return rc;
			l = p->line;
			co = p->col;
			if (!word(p, w, sizeof w, NULL))
				return expected(p, "a field name (onoff, linger)");
			int is_on;
			if (!strcmp(w, "onoff") || !strcmp(w, "l_onoff")) {
				seen_on = is_on = 1;
			} else if (!strcmp(w, "linger") || !strcmp(w, "l_linger")) {
				seen_lin = 1;
				is_on = 0;
			} else {
				return unsupported(p, l, co, w);
			}
			if ((rc = expect_char(p, '=', "'='")) != WC_OK || (rc = parse_expr(p, &v)) != WC_OK)
				return rc;
			if (is_on)
				a->v = v;
			else
				a->v2 = v;
			if (ch(p, 0) == ',') {
				adv(p, 1);
				continue;
			}
			if (ch(p, 0) == '}') {
				adv(p, 1);
				break;
			}
			return expected(p, "',' or '}'");
		}
		if (!seen_on || !seen_lin)
			return fail_at(p, a->line, a->col, WC_ESCN_SYNTAX, "linger struct needs onoff and linger");
		return skip_blank(p);
	}
	a->kind = ARG_INT;
	return parse_expr(p, &a->v);
}

static const struct {
	const char *name;
	wc_scn_sys_kind kind;
	int nargs;
} calls[] = {
	{ "socket", WC_SCN_SYS_SOCKET, 3 },     { "setsockopt", WC_SCN_SYS_SETSOCKOPT, 5 },
	{ "getsockopt", WC_SCN_SYS_GETSOCKOPT, 5 }, { "fcntl", WC_SCN_SYS_FCNTL, -1 },
	{ "bind", WC_SCN_SYS_BIND, 3 },         { "listen", WC_SCN_SYS_LISTEN, 2 },
	{ "accept", WC_SCN_SYS_ACCEPT, 3 },     { "connect", WC_SCN_SYS_CONNECT, 3 },
	{ "write", WC_SCN_SYS_WRITE, 3 },       { "read", WC_SCN_SYS_READ, 3 },
	{ "send", WC_SCN_SYS_WRITE, 4 },        { "recv", WC_SCN_SYS_READ, 4 },
	{ "shutdown", WC_SCN_SYS_SHUTDOWN, 2 }, { "close", WC_SCN_SYS_CLOSE, 1 },
};

const char *wc_scn_sys_name(int kind)
{
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
		if ((int)calls[i].kind == kind)
			return calls[i].name;
	return "?";
}

static int want_int(ps *p, const arg *a, const char *what, long *v)
{
	if (a->kind != ARG_INT)
		return fail_at(p, a->line, a->col, WC_ESCN_SYNTAX, "expected %s", what);
	*v = a->v;
	return WC_OK;
}

static int want_fd(ps *p, const arg *a, int *fd)
{
	long v = 0;
	int rc = want_int(p, a, "a file descriptor", &v);
	if (rc != WC_OK)
		return rc;
	if (v < 0 || v > 1023)
		return fail_at(p, a->line, a->col, WC_ESCN_SYNTAX, "file descriptor out of range");
	*fd = (int)v;
	return WC_OK;
}

/* Check the na arguments of the call y->kind and fill y. */
static int check_args(ps *p, int na, const arg *a, wc_scn_syscall *y)
{
	long v = 0;
	int rc;
	y->fd = -1;
	switch (y->kind) {
	case WC_SCN_SYS_SOCKET:
		if (a[0].kind != ARG_ELLIPSIS) {
			if ((rc = want_int(p, &a[0], "AF_INET, AF_INET6 or '...'", &v)) != WC_OK)
				return rc;
			if (v != AF_INET && v != AF_INET6)
				return fail_at(p, a[0].line, a[0].col, WC_ESCN_UNSUPPORTED,
					       "unsupported construct 'socket domain %ld'", v);
			y->domain = (int)v;
		}
		if ((rc = want_int(p, &a[1], "SOCK_STREAM", &v)) != WC_OK)
			return rc;
		if ((v & ~(long)(SOCK_NONBLOCK | SOCK_CLOEXEC)) != SOCK_STREAM)
			return unsupported(p, a[1].line, a[1].col, v == SOCK_DGRAM ? "SOCK_DGRAM" : "socket type");
		if (a[2].kind != ARG_ELLIPSIS) {
			if ((rc = want_int(p, &a[2], "IPPROTO_TCP", &v)) != WC_OK)
				return rc;
			if (v != IPPROTO_TCP && v != 0)
				return unsupported(p, a[2].line, a[2].col, "non-TCP protocol");
		}
		return WC_OK;
	case WC_SCN_SYS_SETSOCKOPT:
	case WC_SCN_SYS_GETSOCKOPT:
		if ((rc = want_fd(p, &a[0], &y->fd)) != WC_OK)
			return rc;
		if ((rc = want_int(p, &a[1], "a socket option level", &v)) != WC_OK)
			return rc;
		y->level = (int)v;
		if ((rc = want_int(p, &a[2], "a socket option name", &v)) != WC_OK)
			return rc;
		y->opt = (int)v;
		if (a[3].kind == ARG_LINGER) {
			if (y->level != SOL_SOCKET || y->opt != SO_LINGER)
				return fail_at(p, a[3].line, a[3].col, WC_ESCN_SYNTAX,
					       "a linger struct is only valid for SO_LINGER");
			y->val = a[3].v ? (int)a[3].v2 : -1;
		} else if (a[3].kind == ARG_INT || a[3].kind == ARG_ARRAY) {
			if (y->level == SOL_SOCKET && y->opt == SO_LINGER)
				return fail_at(p, a[3].line, a[3].col, WC_ESCN_SYNTAX,
					       "SO_LINGER takes {onoff=N, linger=N}");
			y->val = (int)a[3].v;
		} else {
			return fail_at(p, a[3].line, a[3].col, WC_ESCN_SYNTAX, "expected an option value");
		}
		if (a[4].kind == ARG_LINGER)
			return fail_at(p, a[4].line, a[4].col, WC_ESCN_SYNTAX, "expected an option length");
		return WC_OK;
	case WC_SCN_SYS_FCNTL:
		if ((rc = want_fd(p, &a[0], &y->fd)) != WC_OK)
			return rc;
		if ((rc = want_int(p, &a[1], "F_GETFL or F_SETFL", &v)) != WC_OK)
			return rc;
		if (v != F_GETFL && v != F_SETFL)
			return unsupported(p, a[1].line, a[1].col, "fcntl command");
		y->cmd = (int)v;
		if (v == F_SETFL) {
			if (a[2].kind != ARG_INT)
				return fail_at(p, a[2].line, a[2].col, WC_ESCN_SYNTAX, "expected file status flags");
			y->arg = (int)a[2].v;
		}
		return WC_OK;
	case WC_SCN_SYS_BIND:
	case WC_SCN_SYS_ACCEPT:
	case WC_SCN_SYS_CONNECT:
	case WC_SCN_SYS_CLOSE:
		return want_fd(p, &a[0], &y->fd);
	case WC_SCN_SYS_LISTEN:
		if ((rc = want_fd(p, &a[0], &y->fd)) != WC_OK)
			return rc;
		if ((rc = want_int(p, &a[1], "a backlog", &v)) != WC_OK)
			return rc;
		y->backlog = (int)v;
		return WC_OK;
	case WC_SCN_SYS_SHUTDOWN:
		if ((rc = want_fd(p, &a[0], &y->fd)) != WC_OK)
			return rc;
		if ((rc = want_int(p, &a[1], "SHUT_RD, SHUT_WR or SHUT_RDWR", &v)) != WC_OK)
			return rc;
		if (v != SHUT_RD && v != SHUT_WR && v != SHUT_RDWR)
			return fail_at(p, a[1].line, a[1].col, WC_ESCN_SYNTAX, "expected SHUT_RD, SHUT_WR or SHUT_RDWR");
		y->how = (int)v;
		return WC_OK;
	case WC_SCN_SYS_WRITE:
	case WC_SCN_SYS_READ:
		if ((rc = want_fd(p, &a[0], &y->fd)) != WC_OK)
			return rc;
		if (a[1].kind != ARG_ELLIPSIS)
			return unsupported(p, a[1].line, a[1].col, "buffer contents");
		if ((rc = want_int(p, &a[2], "a byte count", &v)) != WC_OK)
			return rc;
		if (v < 0 || v > 65536)
			return fail_at(p, a[2].line, a[2].col, WC_ESCN_SYNTAX, "byte count out of range (0..65536)");
		y->len = (uint32_t)v;
		if (na == 4) { /* send / recv */
			if (a[3].kind != ARG_INT || a[3].v != 0)
				return unsupported(p, a[3].line, a[3].col, "send/recv flags");
		}
		return WC_OK;
	}
	return WC_OK;
}

static int parse_syscall(ps *p, wc_scn_event *e)
{
	wc_scn_syscall *y = &e->sys;
	unsigned l = p->line, co = p->col;
	char name[32];
	int rc;
	memset(y, 0, sizeof *y);
	e->kind = WC_SCN_SYSCALL;
	if (!is_alpha(ch(p, 0)) || !word(p, name, sizeof name, NULL))
		return expected(p, "a packet ('<' or '>') or a system call");
	size_t ci;
	for (ci = 0; ci < sizeof calls / sizeof calls[0]; ci++)
		if (!strcmp(calls[ci].name, name))
			break;
	if ((rc = skip_blank(p)) != WC_OK)
		return rc;
	if (ci == sizeof calls / sizeof calls[0]) {
		if (ch(p, 0) == '(')
			return unsupported(p, l, co, name);
		return fail_at(p, l, co, WC_ESCN_SYNTAX,
			       "expected a packet ('<' or '>') or a system call, found '%s'", name);
	}
	y->kind = calls[ci].kind;
	if (ch(p, 0) != '(')
		return expected(p, "'(' after the system call name");
	adv(p, 1);
	if ((rc = skip_blank(p)) != WC_OK)
		return rc;
	arg a[MAX_ARGS];
	int na = 0;
	memset(a, 0, sizeof a);
	if (ch(p, 0) != ')') {
		for (;;) {
			if (na == MAX_ARGS)
				return fail_at(p, p->line, p->col, WC_ESCN_SYNTAX, "too many arguments to %s()", name);
			if ((rc = parse_arg(p, &a[na])) != WC_OK)
				return rc;
			na++;
			if (ch(p, 0) == ',') {
				adv(p, 1);
				if ((rc = skip_blank(p)) != WC_OK)
					return rc;
				continue;
			}
			if (ch(p, 0) == ')')
				break;
			return expected(p, "',' or ')'");
		}
	}
	adv(p, 1); /* ')' */
	int want = calls[ci].nargs;
	if (y->kind == WC_SCN_SYS_FCNTL)
		want = na == 3 ? 3 : 2;
	if (na != want)
		return fail_at(p, l, co, WC_ESCN_SYNTAX, "%s() takes %d arguments, found %d", name, want, na);
	if ((rc = check_args(p, na, a, y)) != WC_OK)
		return rc;
	if (y->kind == WC_SCN_SYS_FCNTL && y->cmd == F_GETFL && na != 2)
		return fail_at(p, l, co, WC_ESCN_SYNTAX, "fcntl(F_GETFL) takes 2 arguments");
	if (y->kind == WC_SCN_SYS_FCNTL && y->cmd == F_SETFL && na != 3)
		return fail_at(p, l, co, WC_ESCN_SYNTAX, "fcntl(F_SETFL) takes 3 arguments");

	/* "= ret [ERRNO] [(text)]" */
	if ((rc = expect_char(p, '=', "'=' and the expected return value")) != WC_OK)
		return rc;
	int neg = 0;
	uint64_t u;
	if (ch(p, 0) == '-') {
		neg = 1;
		adv(p, 1);
	}
	if ((rc = number(p, 0x7fffffff, &u, "the expected return value")) != WC_OK)
		return rc;
	y->ret = neg ? -(long)u : (long)u;
	if ((rc = skip_blank(p)) != WC_OK)
		return rc;
	if (is_alpha(ch(p, 0))) {
		unsigned el = p->line, ec = p->col;
		char en[32];
		word(p, en, sizeof en, NULL);
		const sym *s = lookup(errnos, sizeof errnos / sizeof errnos[0], en);
		if (!s)
			return fail_at(p, el, ec, WC_ESCN_SYNTAX, "unknown errno '%s'", en);
		if (y->ret != -1)
			return fail_at(p, el, ec, WC_ESCN_SYNTAX, "errno given but return value is not -1");
		y->err = s->val;
		if ((rc = skip_blank(p)) != WC_OK)
			return rc;
	} else if (y->ret == -1) {
		return expected(p, "an errno name after '= -1'");
	}
	if (ch(p, 0) == '(') {
		unsigned pl = p->line, pc = p->col;
		int depth = 0;
		do {
			if (at_eol(p))
				return fail_at(p, pl, pc, WC_ESCN_SYNTAX, "unterminated '('");
			if (ch(p, 0) == '(')
				depth++;
			else if (ch(p, 0) == ')')
				depth--;
			adv(p, 1);
		} while (depth > 0);
	}
	return WC_OK;
}

/* ------------------------------------------------------------------------ */
/* Options and directives. */

static int parse_option(ps *p, int seen_event)
{
	unsigned l = p->line, co = p->col;
	char name[40], val[40];
	int rc;
	if (seen_event)
		return fail_at(p, l, co, WC_ESCN_SYNTAX, "options must precede the first event");
	adv(p, 2);
	if (!word(p, name, sizeof name, NULL))
		return expected(p, "an option name after '--'");
	static const char *known[] = { "tolerance_usecs", "tolerance_percent", "ip_version", "mtu",
				       "bind_port", "connect_port" };
	size_t k;
	for (k = 0; k < sizeof known / sizeof known[0]; k++)
		if (!strcmp(name, known[k]))
			break;
	if (k == sizeof known / sizeof known[0])
		return fail_at(p, l, co, WC_ESCN_UNSUPPORTED, "unknown option '--%s'", name);
	if (ch(p, 0) != '=')
		return expected(p, "'=' after the option name");
	adv(p, 1);
	unsigned vl = p->line, vc = p->col;
	if (k == 2) {
		if (!word(p, val, sizeof val, "-") || (strcmp(val, "ipv4") && strcmp(val, "ipv6")))
			return fail_at(p, vl, vc, WC_ESCN_UNSUPPORTED, "unsupported construct '--ip_version=%s' (ipv4 or ipv6)", val);
		p->out->ip_version = val[3] == '6' ? 6 : 4;
		return end_of_line(p);
	}
	uint64_t v;
	uint64_t max[] = { 100000000, 100, 0, 65535, 65535, 65535 };
	if ((rc = number(p, max[k], &v, "an integer option value")) != WC_OK)
		return rc;
	switch (k) {
	case 0: p->out->tolerance_usecs = (int64_t)v; break;
	case 1: p->out->tolerance_percent = (int)v; break;
	case 3:
		if (v < 68)
			return fail_at(p, vl, vc, WC_ESCN_SYNTAX, "mtu below 68");
		p->out->mtu = (int)v;
		break;
	case 4: p->out->bind_port = (int)v; break;
	case 5: p->out->connect_port = (int)v; break;
	}
	return end_of_line(p);
}

/* At "//": a "wirecheck:" directive (returns 1 in *was) or a comment. */
static int parse_directive(ps *p, int seen_event, int *was)
{
	size_t save_i = p->i;
	unsigned save_l = p->line, save_c = p->col;
	int rc;
	*was = 0;
	adv(p, 2);
	while (ch(p, 0) == ' ' || ch(p, 0) == '\t')
		adv(p, 1);
	if (!lit(p, "wirecheck:")) {
		p->i = save_i;
		p->line = save_l;
		p->col = save_c;
		return WC_OK;
	}
	*was = 1;
	while (ch(p, 0) == ' ' || ch(p, 0) == '\t')
		adv(p, 1);
	unsigned l = p->line, co = p->col;
	char w[48];
	if (!word(p, w, sizeof w, "-"))
		return expected(p, "a wirecheck directive (model-decides, sysctl, rule, stacks)");
	wc_scenario *sc = p->out;
	if (!strcmp(w, "model-decides")) {
		if (seen_event)
			return fail_at(p, l, co, WC_ESCN_SYNTAX, "'%s' must precede the first event", w);
		sc->model_decides = 1;
	} else if (!strcmp(w, "sysctl")) {
		if (seen_event)
			return fail_at(p, l, co, WC_ESCN_SYNTAX, "'%s' must precede the first event", w);
		while (ch(p, 0) == ' ' || ch(p, 0) == '\t')
			adv(p, 1);
		unsigned nl = p->line, nc = p->col;
		char name[64];
		if (!word(p, name, sizeof name, "."))
			return expected(p, "a sysctl name");
		const char *n = name;
		if (!strncmp(n, "net.ipv4.", 9))
			n += 9;
		static const char *names[] = { "tcp_timestamps", "tcp_sack", "tcp_window_scaling",
					       "tcp_ecn", "tcp_syncookies", "tcp_rfc1337" };
		int *dst[] = { &sc->timestamps, &sc->sack, &sc->window_scaling, &sc->ecn,
			       &sc->syncookies, &sc->rfc1337 };
		size_t k;
		for (k = 0; k < 6; k++)
			if (!strcmp(n, names[k]))
				break;
		if (k == 6)
			return fail_at(p, nl, nc, WC_ESCN_UNSUPPORTED, "unsupported sysctl '%s'", name);
		if (ch(p, 0) != '=')
			return expected(p, "'=' after the sysctl name");
		adv(p, 1);
		uint64_t v;
		if ((rc = number(p, 1000, &v, "a sysctl value")) != WC_OK)
			return rc;
		*dst[k] = (int)v;
	} else if (!strcmp(w, "stacks")) {
		if (seen_event)
			return fail_at(p, l, co, WC_ESCN_SYNTAX, "'%s' must precede the first event", w);
		if (sc->stacks[0])
			return fail_at(p, l, co, WC_ESCN_SYNTAX, "'stacks' given twice");
		size_t n = 0;
		for (;;) {
			while (ch(p, 0) == ' ' || ch(p, 0) == '\t')
				adv(p, 1);
			if (at_eol(p) || ch(p, 0) == '\r')
				break;
			unsigned nl = p->line, nc = p->col;
			char name[32];
			size_t wl = word(p, name, sizeof name, "-");
			if (wl == 0 || wl >= sizeof name)
				return fail_at(p, nl, nc, WC_ESCN_SYNTAX, "expected a stack name");
			if (n + wl + 2 > sizeof sc->stacks)
				return fail_at(p, nl, nc, WC_ESCN_LIMIT, "stack list longer than %zu characters",
					       sizeof sc->stacks - 1);
			if (n)
				sc->stacks[n++] = ',';
			memcpy(sc->stacks + n, name, wl + 1);
			n += wl;
			while (ch(p, 0) == ' ' || ch(p, 0) == '\t')
				adv(p, 1);
			if (ch(p, 0) != ',')
				break;
			adv(p, 1);
		}
		if (n == 0)
			return expected(p, "a stack name (e.g. model,lwip)");
	} else if (!strcmp(w, "rule")) {
		int any = 0;
		for (;;) {
			while (ch(p, 0) == ' ' || ch(p, 0) == '\t' || ch(p, 0) == ',')
				adv(p, 1);
			if (at_eol(p))
				break;
			unsigned rl = p->line, rc0 = p->col;
			char id[WC_SCN_RULE_LEN + 8];
			size_t n = word(p, id, sizeof id, NULL);
			if (n == 0 || strncmp(id, "R_", 2) != 0)
				return fail_at(p, rl, rc0, WC_ESCN_SYNTAX, "expected a rule ID 'R_...'");
			if (n >= WC_SCN_RULE_LEN)
				return fail_at(p, rl, rc0, WC_ESCN_LIMIT, "rule ID longer than %d characters",
					       WC_SCN_RULE_LEN - 1);
			if (sc->nrules == WC_SCN_MAX_RULES)
				return fail_at(p, rl, rc0, WC_ESCN_LIMIT, "too many rules (max %d)", WC_SCN_MAX_RULES);
			memcpy(sc->rules[sc->nrules++], id, n + 1);
			any = 1;
		}
		if (!any)
			return expected(p, "a rule ID 'R_...'");
	} else {
		return fail_at(p, l, co, WC_ESCN_SYNTAX, "unknown wirecheck directive '%s'", w);
	}
	while (ch(p, 0) == ' ' || ch(p, 0) == '\t' || ch(p, 0) == '\r')
		adv(p, 1);
	if (!at_eol(p))
		return expected(p, "end of line");
	return WC_OK;
}

/* ------------------------------------------------------------------------ */

int wc_scenario_parse(const char *text, size_t len, const char *file,
		      wc_scenario *out, char *err, size_t errlen)
{
	ps p;
	int rc;
	memset(&p, 0, sizeof p);
	p.s = text;
	p.n = text ? len : 0;
	p.line = p.col = 1;
	p.file = file ? file : "<script>";
	p.err = err;
	p.errlen = errlen;
	p.out = out;
	if (err && errlen)
		err[0] = '\0';
	if (!out)
		return WC_EINVAL;
	out->file = p.file;
	out->tolerance_usecs = -1;
	out->tolerance_percent = -1;
	out->ip_version = 4;
	out->mtu = -1;
	out->bind_port = 8080;
	out->connect_port = 8080;
	out->model_decides = 0;
	out->timestamps = out->sack = out->window_scaling = -1;
	out->ecn = out->syncookies = out->rfc1337 = -1;
	out->nrules = 0;
	out->nevents = 0;
	out->stacks[0] = '\0';

	const char *nul = p.n ? memchr(text, '\0', p.n) : NULL;
	if (nul) {
		while (p.s + p.i < nul)
			adv(&p, 1);
		return fail_at(&p, p.line, p.col, WC_ESCN_SYNTAX, "NUL byte in script");
	}
	int seen_event = 0;
	while (p.i < p.n) {
		while (ch(&p, 0) == ' ' || ch(&p, 0) == '\t' || ch(&p, 0) == '\r')
			adv(&p, 1);
		if (ch(&p, 0) == '\n') {
			adv(&p, 1);
			continue;
		}
		if (ch(&p, 0) == '/' && ch(&p, 1) == '/') {
			int was;
			if ((rc = parse_directive(&p, seen_event, &was)) != WC_OK)
				return rc;
			if (!was)
				while (!at_eol(&p))
					adv(&p, 1);
			continue;
		}
		if ((rc = skip_blank(&p)) != WC_OK)
			return rc;
		if (at_eol(&p))
			continue;
		int c = ch(&p, 0);
		if (c == '-' && ch(&p, 1) == '-') {
			if ((rc = parse_option(&p, seen_event)) != WC_OK)
				return rc;
			continue;
		}
		if (c == '%' && ch(&p, 1) == '{')
			return unsupported(&p, p.line, p.col, "%{ python }%");
		if (c == '`')
			return unsupported(&p, p.line, p.col, "`shell command`");
		if (!is_digit(c) && c != '+' && c != '*' && c != '.' && c != '-')
			return expected(&p, "an event time ('0', '+0.1', '*')");
		if (out->nevents == WC_SCN_MAX_EVENTS)
			return fail_at(&p, p.line, p.col, WC_ESCN_LIMIT, "too many events (max %d)", WC_SCN_MAX_EVENTS);
		wc_scn_event *e = &out->events[out->nevents];
		memset(e, 0, sizeof *e);
		e->line = p.line;
		e->col = p.col;
		if ((rc = parse_time(&p, &e->time)) != WC_OK)
			return rc;
		if (ch(&p, 0) != ' ' && ch(&p, 0) != '\t')
			return expected(&p, "whitespace after the time");
		if ((rc = skip_blank(&p)) != WC_OK)
			return rc;
		c = ch(&p, 0);
		if (c == '<' || c == '>')
			rc = parse_packet(&p, e);
		else if (c == '`')
			rc = unsupported(&p, p.line, p.col, "`shell command`");
		else if (c == '%' && ch(&p, 1) == '{')
			rc = unsupported(&p, p.line, p.col, "%{ python }%");
		else
			rc = parse_syscall(&p, e);
		if (rc != WC_OK)
			return rc;
		if ((rc = end_of_line(&p)) != WC_OK)
			return rc;
		out->nevents++;
		seen_event = 1;
	}
	return WC_OK;
}

int wc_scenario_parse_file(const char *path, char *buf, size_t cap,
			   wc_scenario *out, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!path || !buf || !out)
		return WC_EINVAL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return WC_EIO;
	}
	size_t n = 0;
	for (;;) {
		if (n == cap) {
			char extra;
			ssize_t r = read(fd, &extra, 1);
			close(fd);
			if (r == 0)
				break;
			if (err && errlen)
				snprintf(err, errlen, "%s: script longer than %zu bytes", path, cap);
			return WC_ESCN_LIMIT;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			if (err && errlen)
				snprintf(err, errlen, "%s: %s", path, strerror(e));
			return WC_EIO;
		}
		if (r == 0) {
			close(fd);
			break;
		}
		n += (size_t)r;
	}
	return wc_scenario_parse(buf, n, path, out, err, errlen);
}

void wc_scenario_config(const wc_scenario *sc, wc_sut_config *cfg)
{
	if (sc->ip_version == 6)
		cfg->ipv6 = 1;
	else
		cfg->ipv6 = 0;
	if (sc->timestamps >= 0)
		cfg->timestamps = sc->timestamps;
	if (sc->sack >= 0)
		cfg->sack = sc->sack;
	if (sc->window_scaling >= 0)
		cfg->window_scaling = sc->window_scaling;
	if (sc->ecn >= 0)
		cfg->ecn = sc->ecn;
	if (sc->syncookies >= 0)
		cfg->syncookies = sc->syncookies;
	if (sc->rfc1337 >= 0)
		cfg->rfc1337 = sc->rfc1337;
	if (sc->mtu > 0)
		cfg->mss = sc->mtu - (sc->ip_version == 6 ? 60 : 40);
}

int wc_scenario_sut_call(const wc_scenario *sc, const wc_scn_syscall *y, wc_sut_call *c)
{
	memset(c, 0, sizeof *c);
	c->fd = y->fd;
	switch (y->kind) {
	case WC_SCN_SYS_SOCKET: c->kind = WC_CALL_SOCKET; break;
	case WC_SCN_SYS_SETSOCKOPT: c->kind = WC_CALL_SETSOCKOPT; break;
	case WC_SCN_SYS_GETSOCKOPT: c->kind = WC_CALL_GETSOCKOPT; break;
	case WC_SCN_SYS_FCNTL: return WC_ESUT_NOCALL;
	case WC_SCN_SYS_BIND: c->kind = WC_CALL_BIND; c->port = sc->bind_port; break;
	case WC_SCN_SYS_LISTEN: c->kind = WC_CALL_LISTEN; break;
	case WC_SCN_SYS_ACCEPT: c->kind = WC_CALL_ACCEPT; break;
	case WC_SCN_SYS_CONNECT: c->kind = WC_CALL_CONNECT; c->port = sc->connect_port; break;
	case WC_SCN_SYS_WRITE: c->kind = WC_CALL_WRITE; break;
	case WC_SCN_SYS_READ: c->kind = WC_CALL_READ; break;
	case WC_SCN_SYS_SHUTDOWN: c->kind = WC_CALL_SHUTDOWN; break;
	case WC_SCN_SYS_CLOSE: c->kind = WC_CALL_CLOSE; break;
	default: return WC_EINVAL;
	}
	c->backlog = y->backlog;
	c->how = y->how;
	c->level = y->level;
	c->opt = y->opt;
	c->val = y->val;
	c->len = y->len;
	c->data = NULL;
	return WC_OK;
}

int wc_scenario_runs_on(const wc_scenario *sc, const char *name)
{
	if (!sc || !name || !sc->stacks[0])
		return 1;
	size_t nl = strlen(name);
	const char *q = sc->stacks;
	while (*q) {
		const char *e = strchr(q, ',');
		size_t l = e ? (size_t)(e - q) : strlen(q);
		if (l == nl && !strncmp(q, name, l))
			return 1;
		if (nl > l && !strncmp(q, name, l) && name[l] == '-')
			return 1; /* "lwip" admits "lwip-asan" and the like */
		q += l;
		if (*q == ',')
			q++;
	}
	return 0;
}
