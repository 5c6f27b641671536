#ifndef WC_PCAPIO_H
#define WC_PCAPIO_H

/*
 * Reading and writing capture files through libpcap.
 *
 * Readers accept whatever libpcap's offline reader accepts (pcap in either
 * byte order, microsecond or nanosecond magic, and pcapng) from a file or
 * from a memory buffer, and yield records one at a time. Writers produce
 * classic little-endian microsecond pcap files ("pcap_dump" format) for the
 * link types wirecheck handles:
 *
 *   WC_PCAP_ETH   Ethernet II frames              DLT_EN10MB, LINKTYPE 1
 *   WC_PCAP_RAW   raw IP, v4 or v6 by its nibble  DLT_RAW,    LINKTYPE 101
 *   WC_PCAP_IPV4  raw IPv4                        DLT_IPV4,   LINKTYPE 228
 *   WC_PCAP_IPV6  raw IPv6                        DLT_IPV6,   LINKTYPE 229
 *
 * A reader opens files of any link type (wc_pcap_link says whether it is one
 * of these); a writer takes only these.
 *
 * Timestamps are signed microseconds since the epoch, as libpcap presents
 * them: seconds and sub-second field are each a signed 32-bit number in the
 * file and are not normalised on reading (ts_us = sec * 1000000 + usec);
 * nanosecond files are scaled down to microseconds by libpcap.
 *
 * Errors are WC_E* codes; the failing call also fills a wc_pcap_error with
 * libpcap's (or the C library's) message and the byte offset of the file
 * header (0) or of the record that failed, for one-line diagnostics.
 * Readers and writers allocate (libpcap does); wc_pcap_close / wc_pcap_commit
 * / wc_pcap_abort free everything.
 */

#include <stddef.h>
#include <stdint.h>

#include "wirecheck/err.h"

#define WC_PCAP_ETH 1
#define WC_PCAP_RAW 2
#define WC_PCAP_IPV4 3
#define WC_PCAP_IPV6 4

/* Largest caplen a writer accepts; also the snaplen in the headers it writes
 * (libpcap's MAXIMUM_SNAPLEN, the limit its reader enforces for these links). */
#define WC_PCAP_MAX_SNAPLEN 262144u

/* Detail of the last failure. */
typedef struct wc_pcap_error {
	uint64_t offset; /* byte offset of the header (0) or the failing record */
	char msg[256];   /* libpcap's or strerror's text; "" if none */
} wc_pcap_error;

/* One record. For a record returned by wc_pcap_next, data points into the
 * reader's buffer and stays valid until the next wc_pcap_next or
 * wc_pcap_close on that reader. */
typedef struct wc_pcap_rec {
	int64_t ts_us;       /* timestamp, microseconds since the epoch */
	uint32_t caplen;     /* bytes present at data */
	uint32_t len;        /* length on the wire (may be below caplen in odd files) */
	const uint8_t *data; /* caplen bytes */
	uint64_t offset;     /* byte offset of the record in the file (reading only) */
} wc_pcap_rec;

typedef struct wc_pcap_reader wc_pcap_reader;
typedef struct wc_pcap_writer wc_pcap_writer;

/*
 * Open the capture file at path (wc_pcap_open) or the len bytes at buf
 * (wc_pcap_open_mem; the reader works on buf in place, so the caller keeps
 * buf alive and unchanged until wc_pcap_close). On success *out is a new
 * reader owned by the caller. Returns WC_OK, WC_EINVAL (NULL argument),
 * WC_EPCAP_OPEN (unreadable, empty, or not a capture: err says why) or
 * WC_ENOMEM. err may be NULL.
 */
int wc_pcap_open(const char *path, wc_pcap_reader **out, wc_pcap_error *err);
int wc_pcap_open_mem(const void *buf, size_t len, wc_pcap_reader **out, wc_pcap_error *err);

/* The link type: WC_PCAP_ETH/RAW/IPV4/IPV6, or WC_EPCAP_LINK for any other. */
int wc_pcap_link(const wc_pcap_reader *r);
/* libpcap's DLT_ value for the file, whatever it is. */
int wc_pcap_dlt(const wc_pcap_reader *r);

/*
 * Read the next record into *out. Returns 1 with *out filled, 0 at the end
 * of the file, or WC_EPCAP_READ (a record is truncated or corrupt; see
 * wc_pcap_reader_error for libpcap's message and the record's offset) with
 * *out untouched. After an error the reader only returns that error again.
 */
int wc_pcap_next(wc_pcap_reader *r, wc_pcap_rec *out);

/* Detail of the reader's last error (msg "" and offset 0 if none). */
const wc_pcap_error *wc_pcap_reader_error(const wc_pcap_reader *r);

/* Free the reader (NULL is accepted). */
void wc_pcap_close(wc_pcap_reader *r);

/*
 * Start a capture file at path with link type link. The bytes go to
 * "<path>.tmp.<pid>", which wc_pcap_commit renames to path; until then path
 * is untouched, and wc_pcap_abort (or a failed commit) removes the temporary
 * file, leaving nothing behind. Returns WC_OK with *out a new writer,
 * WC_EPCAP_LINK (link is not one of WC_PCAP_*), WC_EIO (the temporary file
 * could not be created: err says why), WC_EINVAL or WC_ENOMEM. err may be NULL.
 */
int wc_pcap_create(const char *path, int link, wc_pcap_writer **out, wc_pcap_error *err);

/* The same, into memory; collect the bytes with wc_pcap_commit_mem. */
int wc_pcap_create_mem(int link, wc_pcap_writer **out, wc_pcap_error *err);

/*
 * Append a record: rec->caplen bytes at rec->data, with rec->len and
 * rec->ts_us (rec->offset is ignored). Returns WC_OK; WC_EINVAL with nothing
 * written if rec->caplen exceeds WC_PCAP_MAX_SNAPLEN, data is NULL with a
 * nonzero caplen, or the timestamp's seconds (rounded towards minus infinity)
 * do not fit the file's signed 32-bit field; WC_EPCAP_WRITE if the stream has
 * failed (the writer can then only be aborted or its commit fails).
 * Timestamps are written normalised (0 <= usec < 1000000), so a record read
 * back has the same ts_us.
 */
int wc_pcap_write(wc_pcap_writer *w, const wc_pcap_rec *rec);

/* Number of records written so far. */
uint64_t wc_pcap_writer_count(const wc_pcap_writer *w);

/*
 * Finish a file writer: flush, fsync, rename the temporary file to the final
 * path. Always frees w. Returns WC_OK, or WC_EPCAP_WRITE / WC_EIO (err says
 * why; the temporary file has been removed and path is untouched).
 */
int wc_pcap_commit(wc_pcap_writer *w, wc_pcap_error *err);

/*
 * Finish a memory writer: on WC_OK, *buf (malloc'd, caller frees with
 * free()) holds *len bytes of pcap. Always frees w. Returns WC_OK,
 * WC_EINVAL (w is a file writer; it is aborted) or WC_EPCAP_WRITE.
 */
int wc_pcap_commit_mem(wc_pcap_writer *w, uint8_t **buf, size_t *len, wc_pcap_error *err);

/* Discard a writer of either kind: the temporary file is removed, the final
 * path untouched. NULL is accepted. */
void wc_pcap_abort(wc_pcap_writer *w);

#endif
