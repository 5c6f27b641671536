/* wirecheck subcommands converting between captures, mpk inputs and seeds. */
#include "wirecheck.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wirecheck/mpk.h"
#include "wirecheck/pcapio.h"
#include "wirecheck/view.h"
#include "wirecheck/wire_eth.h"

/* Offset of the linktype field in a classic pcap header, for link errors. */
#define PCAP_LINKTYPE_OFFSET 20

/*
 * Split argv (argv[0] is the subcommand) into exactly npos positional
 * arguments and the flags named in flags[] (NULL-terminated); a flag that
 * takes a value is written with a trailing '=' in flags[] ("--prefix=") and
 * may be given as "--prefix NAME" or "--prefix=NAME". values[i] receives
 * the value (or "" for a plain flag) of flags[i], NULL when absent.
 * Returns 0, or -1 after printing the usage line.
 */
static int parse_args(int argc, char **argv, int npos, char **pos, const char *const *flags,
		      const char **values)
{
	int n = 0;

	for (int f = 0; flags[f]; f++)
		values[f] = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int matched = 0;
		if (a[0] == '-' && a[1] == '-') {
			for (int f = 0; flags[f] && !matched; f++) {
				size_t fl = strlen(flags[f]);
				int takes = flags[f][fl - 1] == '=';
				size_t nl = takes ? fl - 1 : fl;
				if (strncmp(a, flags[f], nl) != 0)
					continue;
				if (!takes && a[nl] == '\0') {
					values[f] = "";
					matched = 1;
				} else if (takes && a[nl] == '=') {
					values[f] = a + nl + 1;
					matched = 1;
				} else if (takes && a[nl] == '\0' && i + 1 < argc) {
					values[f] = argv[++i];
					matched = 1;
				}
			}
			if (!matched) {
				wc_cli_fail(NULL, -1, "%s: unknown or incomplete option '%s'", argv[0], a);
				wc_cli_usage(argv[0]);
				return -1;
			}
			continue;
		}
		if (n == npos) {
			wc_cli_fail(NULL, -1, "%s: unexpected argument '%s'", argv[0], a);
			wc_cli_usage(argv[0]);
			return -1;
		}
		pos[n++] = argv[i];
	}
	if (n != npos) {
		wc_cli_usage(argv[0]);
		return -1;
	}
	return 0;
}

/* One line for a reader failure. */
static int pcap_fail(const char *file, int rc, const wc_pcap_error *e)
{
	if (e && e->msg[0])
		return wc_cli_fail(file, (long long)e->offset, "%s (%s)", wc_strerror(rc), e->msg);
	return wc_cli_fail(file, e ? (long long)e->offset : 0, "%s", wc_strerror(rc));
}

static int open_supported(const char *path, wc_pcap_reader **r)
{
	wc_pcap_error e;
	int rc;

	if (access(path, R_OK) != 0)
		return wc_cli_fail(path, -1, "cannot read: %s", strerror(errno));
	rc = wc_pcap_open(path, r, &e);

	if (rc != WC_OK)
		return pcap_fail(path, rc, &e);
	if (wc_pcap_link(*r) < 0) {
		int dlt = wc_pcap_dlt(*r);
		wc_pcap_close(*r);
		return wc_cli_fail(path, PCAP_LINKTYPE_OFFSET,
				   "%s (DLT %d; wirecheck reads Ethernet and raw IP)",
				   wc_strerror(WC_EPCAP_LINK), dlt);
	}
	return 0;
}

/* A growable output buffer. */
struct obuf {
	uint8_t *p;
	size_t len, cap;
};

static int obuf_reserve(struct obuf *b, size_t more)
{
	if (b->cap - b->len >= more)
		return 0;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->len < more)
		cap *= 2;
	uint8_t *p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int wc_cli_pcap2mpk(int argc, char **argv)
{
	static const char *const flags[] = {"--lwip", NULL};
	const char *val[1];
	char *pos[2];
	wc_pcap_reader *r;
	wc_pcap_rec rec;
	struct obuf out = {0};
	int64_t t0 = 0;
	uint64_t emitted_ms = 0, frames = 0, clipped = 0;
	int rc;

	if (parse_args(argc, argv, 2, pos, flags, val) < 0)
		return 2;
	if (open_supported(pos[0], &r))
		return 1;
	while ((rc = wc_pcap_next(r, &rec)) == 1) {
		uint32_t delay = 0;
		if (rec.caplen == 0 || rec.caplen > WC_MPK_MAX_FRAME) {
			wc_cli_fail(pos[0], (long long)rec.offset,
				    "frame of %u bytes cannot be carried (multi-packet frames are 1..%u bytes)",
				    rec.caplen, WC_MPK_MAX_FRAME);
			goto fail;
		}
		if (frames == 0)
			t0 = rec.ts_us;
		if (!val[0] && rec.ts_us > t0) {
			/* Track the capture's clock, not per-gap rounding: the sum
			 * of the delays stays within 0.5 ms of the capture's span. */
			uint64_t target = ((uint64_t)(rec.ts_us - t0) + 500) / 1000;
			if (target > emitted_ms) {
				uint64_t d = target - emitted_ms;
				delay = d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
				emitted_ms += delay;
			}
		}
		if (rec.caplen < rec.len)
			clipped++;
		if (obuf_reserve(&out, wc_mpk_record_size(rec.caplen, delay)) < 0) {
			wc_cli_fail(pos[0], (long long)rec.offset, "out of memory");
			goto fail;
		}
		rc = wc_mpk_put(out.p, out.cap, &out.len, rec.data, rec.caplen, delay);
		if (rc != WC_OK) {
			wc_cli_fail(pos[0], (long long)rec.offset, "%s", wc_strerror(rc));
			goto fail;
		}
		frames++;
	}
	if (rc < 0) {
		pcap_fail(pos[0], rc, wc_pcap_reader_error(r));
		goto fail;
	}
	wc_pcap_close(r);
	r = NULL;
	if (wc_cli_write_atomic(pos[1], out.p ? out.p : (uint8_t *)"", out.len) != 0) {
		wc_cli_fail(pos[1], -1, "cannot write: %s", strerror(errno));
		goto fail;
	}
	free(out.p);
	printf("%s: %llu frames%s\n", pos[1], (unsigned long long)frames, val[0] ? " (lwIP format, no delays)" : "");
	if (clipped)
		fprintf(stderr, "wirecheck: %s: note: %llu frames were cut short by the capture's snaplen\n",
			pos[0], (unsigned long long)clipped);
	return 0;
fail:
	wc_pcap_close(r);
	free(out.p);
	return 1;
}

int wc_cli_mpk2pcap(int argc, char **argv)
{
	static const char *const flags[] = {"--raw", NULL};
	const char *val[1];
	char *pos[2];
	uint8_t *in;
	size_t inlen;
	wc_mpk_iter it;
	wc_mpk_frame f;
	wc_pcap_writer *w;
	wc_pcap_error e;
	int64_t ts = 0;
	uint64_t frames = 0;
	long n;
	size_t err_off = 0;
	int rc;

	if (parse_args(argc, argv, 2, pos, flags, val) < 0)
		return 2;
	if (wc_cli_read_file(pos[0], &in, &inlen) != 0)
		return wc_cli_fail(pos[0], -1, "cannot read: %s", strerror(errno));
	/* Validate the whole input before creating any output. */
	n = wc_mpk_count(in, inlen, WC_MPK_STRICT, &err_off);
	if (n < 0) {
		free(in);
		return wc_cli_fail(pos[0], (long long)err_off, "%s", wc_strerror((int)n));
	}
	rc = wc_pcap_create(pos[1], val[0] ? WC_PCAP_RAW : WC_PCAP_ETH, &w, &e);
	if (rc != WC_OK) {
		free(in);
		return wc_cli_fail(pos[1], -1, "%s (%s)", wc_strerror(rc), e.msg);
	}
	wc_mpk_iter_init(&it, in, inlen, WC_MPK_STRICT);
	while ((rc = wc_mpk_next(&it, &f)) == 1) {
		wc_pcap_rec rec = {.caplen = (uint32_t)f.len, .len = (uint32_t)f.len, .data = f.data};
		ts += (int64_t)f.delay_ms * 1000;
		rec.ts_us = ts;
		rc = wc_pcap_write(w, &rec);
		if (rc != WC_OK) {
			wc_pcap_abort(w);
			free(in);
			return wc_cli_fail(pos[1], -1, "%s (record from input offset %zu)", wc_strerror(rc), f.offset);
		}
		frames++;
	}
	free(in);
	rc = wc_pcap_commit(w, &e);
	if (rc != WC_OK)
		return wc_cli_fail(pos[1], -1, "%s (%s)", wc_strerror(rc), e.msg);
	printf("%s: %llu frames\n", pos[1], (unsigned long long)frames);
	return 0;
}

/* The IP packet inside an Ethernet frame, or an empty view if it has none. */
static wc_view eth_payload_ip(const wc_pcap_rec *rec)
{
	wc_eth eth;

	if (wc_eth_parse(wc_view_ro(rec->data, rec->caplen), &eth) != WC_OK)
		return wc_view_empty();
	if (eth.ethertype != WC_ETHERTYPE_IPV4 && eth.ethertype != WC_ETHERTYPE_IPV6)
		return wc_view_empty();
	return eth.payload;
}

static char *default_prefix(const char *in)
{
	char *copy = strdup(in), *base, *dot, *p;

	if (!copy)
		return NULL;
	base = basename(copy);
	dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	p = strdup(base);
	free(copy);
	return p;
}

int wc_cli_pcap2seeds(int argc, char **argv)
{
	static const char *const flags[] = {"--prefix=", "--strip-eth", NULL};
	const char *val[2];
	char *pos[2];
	char *prefix = NULL, **written = NULL;
	wc_pcap_reader *r = NULL;
	wc_pcap_rec rec;
	uint64_t index = 0, nwritten = 0, skipped = 0, total = 0;
	struct stat st;
	int rc, status = 1;

	if (parse_args(argc, argv, 2, pos, flags, val) < 0)
		return 2;
	if (val[0] && (!*val[0] || strchr(val[0], '/')))
		return wc_cli_fail(NULL, -1, "pcap2seeds: --prefix must be a non-empty name without '/'");
	prefix = val[0] ? strdup(val[0]) : default_prefix(pos[0]);
	if (!prefix)
		return wc_cli_fail(NULL, -1, "out of memory");

	/* Pass 1: the whole capture must read cleanly before anything is written. */
	if (open_supported(pos[0], &r))
		goto out;
	if (val[1] && wc_pcap_link(r) != WC_PCAP_ETH) {
		wc_cli_fail(pos[0], PCAP_LINKTYPE_OFFSET, "--strip-eth needs an Ethernet capture (DLT %d)",
			    wc_pcap_dlt(r));
		goto out;
	}
	while ((rc = wc_pcap_next(r, &rec)) == 1)
		total++;
	if (rc < 0) {
		pcap_fail(pos[0], rc, wc_pcap_reader_error(r));
		goto out;
	}
	wc_pcap_close(r);
	r = NULL;

	if (mkdir(pos[1], 0777) != 0 && errno != EEXIST) {
		wc_cli_fail(pos[1], -1, "cannot create directory: %s", strerror(errno));
		goto out;
	}
	if (stat(pos[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
		wc_cli_fail(pos[1], -1, "not a directory");
		goto out;
	}
	written = calloc(total ? total : 1, sizeof *written);
	if (!written) {
		wc_cli_fail(NULL, -1, "out of memory");
		goto out;
	}

	/* Pass 2: one file per frame, each written atomically; on any failure
	 * the files of this run are removed again. */
	if (open_supported(pos[0], &r))
		goto out;
	while ((rc = wc_pcap_next(r, &rec)) == 1) {
		wc_view bytes = wc_view_ro(rec.data, rec.caplen);
		char *name;
		index++;
		if (val[1]) {
			bytes = eth_payload_ip(&rec);
			if (bytes.len == 0) {
				skipped++;
				continue;
			}
		}
		if (asprintf(&name, "%s/%s-%04llu.bin", pos[1], prefix, (unsigned long long)index) < 0) {
			wc_cli_fail(NULL, -1, "out of memory");
			goto out;
		}
		if (wc_cli_write_atomic(name, bytes.p ? bytes.p : (uint8_t *)"", bytes.len) != 0) {
			wc_cli_fail(name, -1, "cannot write: %s", strerror(errno));
			free(name);
			goto out;
		}
		written[nwritten++] = name;
	}
	if (rc < 0) {
		pcap_fail(pos[0], rc, wc_pcap_reader_error(r));
		goto out;
	}
	printf("%s: %llu seeds %s-NNNN.bin", pos[1], (unsigned long long)nwritten, prefix);
	if (skipped)
		printf(" (%llu frames without an IP packet skipped)", (unsigned long long)skipped);
	printf("\n");
	status = 0;
out:
	for (uint64_t i = 0; i < nwritten; i++) {
		if (status != 0)
			unlink(written[i]);
		free(written[i]);
	}
	free(written);
	wc_pcap_close(r);
	free(prefix);
	return status;
}

int wc_cli_frame2pcap(int argc, char **argv)
{
	static const char *const flags[] = {"--raw", NULL};
	const char *val[1];
	char *pos[2];
	uint8_t *in;
	size_t inlen;
	wc_pcap_writer *w;
	wc_pcap_error e;
	wc_pcap_rec rec = {0};
	int rc;

	if (parse_args(argc, argv, 2, pos, flags, val) < 0)
		return 2;
	if (wc_cli_read_file(pos[0], &in, &inlen) != 0)
		return wc_cli_fail(pos[0], -1, "cannot read: %s", strerror(errno));
	if (inlen == 0 || inlen > WC_PCAP_MAX_SNAPLEN) {
		free(in);
		return wc_cli_fail(pos[0], 0, "a frame of %zu bytes cannot be written (1..%u)", inlen,
				   WC_PCAP_MAX_SNAPLEN);
	}
	rc = wc_pcap_create(pos[1], val[0] ? WC_PCAP_RAW : WC_PCAP_ETH, &w, &e);
	if (rc != WC_OK) {
		free(in);
		return wc_cli_fail(pos[1], -1, "%s (%s)", wc_strerror(rc), e.msg);
	}
	rec.caplen = rec.len = (uint32_t)inlen;
	rec.data = in;
	rc = wc_pcap_write(w, &rec);
	free(in);
	if (rc != WC_OK) {
		wc_pcap_abort(w);
		return wc_cli_fail(pos[1], -1, "%s", wc_strerror(rc));
	}
	rc = wc_pcap_commit(w, &e);
	if (rc != WC_OK)
		return wc_cli_fail(pos[1], -1, "%s (%s)", wc_strerror(rc), e.msg);
	printf("%s: 1 frame of %zu bytes\n", pos[1], inlen);
	return 0;
}
