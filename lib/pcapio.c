#include "wirecheck/pcapio.h"

#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct wc_pcap_reader {
	pcap_t *p;
	int err;
	wc_pcap_error e;
};

struct wc_pcap_writer {
	pcap_t *dead;
	pcap_dumper_t *d;
	FILE *f;
	char *path; /* NULL for a memory writer */
	char *tmp;
	char *mem;  /* open_memstream buffer */
	size_t memlen;
	uint64_t count;
	int failed;
};

static void set_err(wc_pcap_error *e, uint64_t off, const char *msg)
{
	if (!e)
		return;
	e->offset = off;
	snprintf(e->msg, sizeof e->msg, "%s", msg ? msg : "");
}

static int reader_from_file(FILE *f, wc_pcap_reader **out, wc_pcap_error *err)
{
	char eb[PCAP_ERRBUF_SIZE] = "";
	wc_pcap_reader *r = calloc(1, sizeof *r);

	if (!r) {
		fclose(f);
		set_err(err, 0, "out of memory");
		return WC_ENOMEM;
	}
	r->p = pcap_fopen_offline(f, eb);
	if (!r->p) {
		/* pcap_fopen_offline leaves f open when it fails. */
		fclose(f);
		free(r);
		set_err(err, 0, eb);
		return WC_EPCAP_OPEN;
	}
	*out = r;
	return WC_OK;
}

int wc_pcap_open(const char *path, wc_pcap_reader **out, wc_pcap_error *err)
{
	FILE *f;

	if (!path || !out) {
		set_err(err, 0, "invalid argument");
		return WC_EINVAL;
	}
	f = fopen(path, "rb");
	if (!f) {
		set_err(err, 0, strerror(errno));
		return WC_EPCAP_OPEN;
	}
	return reader_from_file(f, out, err);
}

int wc_pcap_open_mem(const void *buf, size_t len, wc_pcap_reader **out, wc_pcap_error *err)
{
	FILE *f;

	if (!out || (!buf && len)) {
		set_err(err, 0, "invalid argument");
		return WC_EINVAL;
	}
	if (len == 0) {
		set_err(err, 0, "empty input");
		return WC_EPCAP_OPEN;
	}
	/* Opened read-only: fmemopen never writes through the pointer. */
	f = fmemopen((void *)(uintptr_t)buf, len, "rb");
	if (!f) {
		set_err(err, 0, strerror(errno));
		return WC_ENOMEM;
	}
	return reader_from_file(f, out, err);
}

static int dlt_to_link(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB: return WC_PCAP_ETH;
	case DLT_RAW: return WC_PCAP_RAW;
	case DLT_IPV4: return WC_PCAP_IPV4;
	case DLT_IPV6: return WC_PCAP_IPV6;
	default: return WC_EPCAP_LINK;
	}
}

static int link_to_dlt(int link)
{
	switch (link) {
	case WC_PCAP_ETH: return DLT_EN10MB;
	case WC_PCAP_RAW: return DLT_RAW;
	case WC_PCAP_IPV4: return DLT_IPV4;
	case WC_PCAP_IPV6: return DLT_IPV6;
	default: return -1;
	}
}

int wc_pcap_link(const wc_pcap_reader *r)
{
	return dlt_to_link(pcap_datalink(r->p));
}

int wc_pcap_dlt(const wc_pcap_reader *r)
{
	return pcap_datalink(r->p);
}

int wc_pcap_next(wc_pcap_reader *r, wc_pcap_rec *out)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	long off;
	int rc;

	if (r->err)
		return r->err;
	off = ftell(pcap_file(r->p));
	rc = pcap_next_ex(r->p, &h, &data);
	if (rc == PCAP_ERROR_BREAK)
		return 0;
	if (rc != 1) {
		r->err = WC_EPCAP_READ;
		set_err(&r->e, off < 0 ? 0 : (uint64_t)off, pcap_geterr(r->p));
		return r->err;
	}
	out->ts_us = (int64_t)h->ts.tv_sec * 1000000 + (int64_t)h->ts.tv_usec;
	out->caplen = h->caplen;
	out->len = h->len;
	out->data = data;
	out->offset = off < 0 ? 0 : (uint64_t)off;
	return 1;
}

const wc_pcap_error *wc_pcap_reader_error(const wc_pcap_reader *r)
{
	return &r->e;
}

void wc_pcap_close(wc_pcap_reader *r)
{
	if (!r)
		return;
	pcap_close(r->p);
	free(r);
}

/* ---- writing ---- */

static void writer_free(wc_pcap_writer *w)
{
	if (w->dead)
		pcap_close(w->dead);
	free(w->path);
	free(w->tmp);
	free(w->mem);
	free(w);
}

static int writer_start(wc_pcap_writer *w, int link, wc_pcap_error *err)
{
	w->dead = pcap_open_dead(link_to_dlt(link), (int)WC_PCAP_MAX_SNAPLEN);
	if (!w->dead) {
		set_err(err, 0, "pcap_open_dead failed");
		return WC_ENOMEM;
	}
	w->d = pcap_dump_fopen(w->dead, w->f);
	if (!w->d) {
		set_err(err, 0, pcap_geterr(w->dead));
		return WC_EPCAP_WRITE;
	}
	return WC_OK;
}

int wc_pcap_create(const char *path, int link, wc_pcap_writer **out, wc_pcap_error *err)
{
	wc_pcap_writer *w;
	int fd, rc;

	if (!path || !out) {
		set_err(err, 0, "invalid argument");
		return WC_EINVAL;
	}
	if (link_to_dlt(link) < 0) {
		set_err(err, 0, "link type not writable");
		return WC_EPCAP_LINK;
	}
	w = calloc(1, sizeof *w);
	if (!w || !(w->path = strdup(path)) || asprintf(&w->tmp, "%s.tmp.%ld", path, (long)getpid()) < 0) {
		if (w) {
			w->tmp = NULL;
			writer_free(w);
		}
		set_err(err, 0, "out of memory");
		return WC_ENOMEM;
	}
	fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 || !(w->f = fdopen(fd, "wb"))) {
		set_err(err, 0, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(w->tmp);
		}
		writer_free(w);
		return WC_EIO;
	}
	rc = writer_start(w, link, err);
	if (rc != WC_OK) {
		fclose(w->f);
		unlink(w->tmp);
		writer_free(w);
		return rc;
	}
	*out = w;
	return WC_OK;
}

int wc_pcap_create_mem(int link, wc_pcap_writer **out, wc_pcap_error *err)
{
	wc_pcap_writer *w;
	int rc;

	if (!out) {
		set_err(err, 0, "invalid argument");
		return WC_EINVAL;
	}
	if (link_to_dlt(link) < 0) {
		set_err(err, 0, "link type not writable");
		return WC_EPCAP_LINK;
	}
	w = calloc(1, sizeof *w);
	if (!w || !(w->f = open_memstream(&w->mem, &w->memlen))) {
		free(w);
		set_err(err, 0, "out of memory");
		return WC_ENOMEM;
	}
	rc = writer_start(w, link, err);
	if (rc != WC_OK) {
		fclose(w->f);
		writer_free(w);
		return rc;
	}
	*out = w;
	return WC_OK;
}

int wc_pcap_write(wc_pcap_writer *w, const wc_pcap_rec *rec)
{
	struct pcap_pkthdr h;
	int64_t sec, usec;

	if (w->failed)
		return WC_EPCAP_WRITE;
	if (rec->caplen > WC_PCAP_MAX_SNAPLEN || (!rec->data && rec->caplen))
		return WC_EINVAL;
	sec = rec->ts_us / 1000000;
	usec = rec->ts_us % 1000000;
	if (usec < 0) {
		usec += 1000000;
		sec -= 1;
	}
	if (sec < INT32_MIN || sec > INT32_MAX)
		return WC_EINVAL;
	memset(&h, 0, sizeof h);
	h.ts.tv_sec = (time_t)sec;
	h.ts.tv_usec = (suseconds_t)usec;
	h.caplen = rec->caplen;
	h.len = rec->len;
	pcap_dump((u_char *)w->d, &h, rec->data ? rec->data : (const u_char *)"");
	if (ferror(w->f)) {
		w->failed = 1;
		return WC_EPCAP_WRITE;
	}
	w->count++;
	return WC_OK;
}

uint64_t wc_pcap_writer_count(const wc_pcap_writer *w)
{
	return w->count;
}

int wc_pcap_commit(wc_pcap_writer *w, wc_pcap_error *err)
{
	int rc = WC_OK;

	if (!w->path) {
		wc_pcap_abort(w);
		set_err(err, 0, "not a file writer");
		return WC_EINVAL;
	}
	if (w->failed || pcap_dump_flush(w->d) != 0 || ferror(w->f)) {
		set_err(err, 0, "write failed");
		rc = WC_EPCAP_WRITE;
	} else if (fsync(fileno(w->f)) != 0) {
		set_err(err, 0, strerror(errno));
		rc = WC_EIO;
	}
	pcap_dump_close(w->d); /* closes w->f */
	w->d = NULL;
	w->f = NULL;
	if (rc == WC_OK && rename(w->tmp, w->path) != 0) {
		set_err(err, 0, strerror(errno));
		rc = WC_EIO;
	}
	if (rc != WC_OK)
		unlink(w->tmp);
	writer_free(w);
	return rc;
}

int wc_pcap_commit_mem(wc_pcap_writer *w, uint8_t **buf, size_t *len, wc_pcap_error *err)
{
	int rc = WC_OK;

	if (w->path || !buf || !len) {
		wc_pcap_abort(w);
		set_err(err, 0, "invalid argument");
		return WC_EINVAL;
	}
	if (w->failed || pcap_dump_flush(w->d) != 0 || ferror(w->f)) {
		set_err(err, 0, "write failed");
		rc = WC_EPCAP_WRITE;
	}
	pcap_dump_close(w->d); /* fclose: w->mem and w->memlen are final */
	w->d = NULL;
	w->f = NULL;
	if (rc == WC_OK) {
		*buf = (uint8_t *)w->mem;
		*len = w->memlen;
		w->mem = NULL;
	}
	writer_free(w);
	return rc;
}

void wc_pcap_abort(wc_pcap_writer *w)
{
	if (!w)
		return;
	if (w->d)
		pcap_dump_close(w->d);
	else if (w->f)
		fclose(w->f);
	if (w->tmp)
		unlink(w->tmp);
	writer_free(w);
}
