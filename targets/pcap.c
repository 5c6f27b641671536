/*
 * Fuzz target `pcap`: the capture reader (libpcap through lib/pcapio.c) on
 * arbitrary bytes.
 *
 * Input: any bytes, read as a capture file from memory (classic pcap in
 * either byte order and timestamp precision, or pcapng: whatever libpcap's
 * offline reader takes). Valid captures in corpus/pcap/ are the seeds.
 *
 * Properties:
 *   - opening either succeeds or fails with WC_EPCAP_OPEN; no crash, no
 *     over-read (ASan), no leak;
 *   - records are consistent with the input: offsets strictly increase and
 *     lie inside it, and the captured bytes of all records together are no
 *     more than the input holds; reading ends with 0 or WC_EPCAP_READ, and
 *     an error's offset is inside the input;
 *   - for the link types wirecheck writes (Ethernet, raw IP, IPv4, IPv6):
 *     every record read is written through the pcap writer into memory; the
 *     writer refuses only a timestamp whose seconds do not fit 32 bits, and
 *     otherwise reading the written capture back gives the same link type and
 *     the same records (timestamp, caplen, len, bytes), then a clean end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wirecheck/check.h"
#include "wirecheck/pcapio.h"

static int ts_fits(int64_t ts_us)
{
	int64_t sec = ts_us / 1000000 - (ts_us % 1000000 < 0 ? 1 : 0);
	return sec >= INT32_MIN && sec <= INT32_MAX;
}

/* Compare the records of the input (re-read) with those of the rewrite. */
static void compare(const uint8_t *data, size_t size, const uint8_t *out, size_t outlen,
		    uint64_t count, int link)
{
	wc_pcap_reader *a, *b;
	wc_pcap_rec ra, rb;
	uint64_t n = 0;
	int rc;

	WC_CHECK(wc_pcap_open_mem(data, size, &a, NULL) == WC_OK, "input opened once, not twice");
	rc = wc_pcap_open_mem(out, outlen, &b, NULL);
	WC_CHECK(rc == WC_OK, "written capture does not open: %s", wc_strerror(rc));
	WC_CHECK(wc_pcap_link(b) == link, "link %d written, %d read back", link, wc_pcap_link(b));
	while (n < count) {
		WC_CHECK(wc_pcap_next(a, &ra) == 1, "input record %llu gone on re-read", (unsigned long long)n);
		rc = wc_pcap_next(b, &rb);
		WC_CHECK(rc == 1, "written record %llu not read back: %s", (unsigned long long)n, wc_strerror(rc));
		WC_CHECK(ra.ts_us == rb.ts_us, "record %llu: ts %lld written, %lld read",
			 (unsigned long long)n, (long long)ra.ts_us, (long long)rb.ts_us);
		WC_CHECK(ra.caplen == rb.caplen && ra.len == rb.len,
			 "record %llu: caplen/len %u/%u written, %u/%u read", (unsigned long long)n,
			 ra.caplen, ra.len, rb.caplen, rb.len);
		WC_CHECK(ra.caplen == 0 || memcmp(ra.data, rb.data, ra.caplen) == 0,
			 "record %llu: bytes differ", (unsigned long long)n);
		n++;
	}
	WC_CHECK(wc_pcap_next(b, &rb) == 0, "written capture has more than %llu records",
		 (unsigned long long)count);
	wc_pcap_close(a);
	wc_pcap_close(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wc_pcap_reader *r = NULL;
	wc_pcap_writer *w = NULL;
	wc_pcap_error err;
	wc_pcap_rec rec;
	uint64_t count = 0, total = 0, last_off = 0;
	int rc, link, roundtrip;

	rc = wc_pcap_open_mem(data, size, &r, &err);
	if (rc != WC_OK) {
		WC_CHECK(rc == WC_EPCAP_OPEN, "open failed with %s", wc_strerror(rc));
		WC_CHECK(r == NULL, "reader set on failure");
		return 0;
	}
	link = wc_pcap_link(r);
	roundtrip = link > 0;
	if (roundtrip) {
		rc = wc_pcap_create_mem(link, &w, NULL);
		WC_CHECK(rc == WC_OK, "memory writer for link %d: %s", link, wc_strerror(rc));
	}
	while ((rc = wc_pcap_next(r, &rec)) == 1) {
		WC_CHECK(rec.offset < size && (count == 0 || rec.offset > last_off),
			 "record %llu at offset %llu (previous %llu, input %zu)",
			 (unsigned long long)count, (unsigned long long)rec.offset,
			 (unsigned long long)last_off, size);
		WC_CHECK(rec.caplen <= size && total + rec.caplen <= size,
			 "captured bytes %llu + %u exceed the input's %zu", (unsigned long long)total,
			 rec.caplen, size);
		last_off = rec.offset;
		total += rec.caplen;
		count++;
		if (roundtrip) {
			int wrc = wc_pcap_write(w, &rec);
			if (wrc != WC_OK) {
				WC_CHECK(wrc == WC_EINVAL && !ts_fits(rec.ts_us),
					 "writer refused record %llu (ts %lld caplen %u): %s",
					 (unsigned long long)count - 1, (long long)rec.ts_us, rec.caplen,
					 wc_strerror(wrc));
				roundtrip = 0;
			}
		}
	}
	WC_CHECK(rc == 0 || rc == WC_EPCAP_READ, "reading ended with %s", wc_strerror(rc));
	if (rc == WC_EPCAP_READ)
		WC_CHECK(wc_pcap_reader_error(r)->offset <= size, "error offset %llu beyond input %zu",
			 (unsigned long long)wc_pcap_reader_error(r)->offset, size);
	WC_CHECK(wc_pcap_next(r, &rec) == rc, "reader end state not sticky");
	wc_pcap_close(r);

	if (w && roundtrip) {
		uint8_t *out = NULL;
		size_t outlen = 0;
		rc = wc_pcap_commit_mem(w, &out, &outlen, NULL);
		WC_CHECK(rc == WC_OK, "memory commit: %s", wc_strerror(rc));
		WC_CHECK(outlen == 24 + 16 * count + total, "written %zu bytes for %llu records of %llu bytes",
			 outlen, (unsigned long long)count, (unsigned long long)total);
		compare(data, size, out, outlen, count, link);
		free(out);
	} else {
		wc_pcap_abort(w);
	}
	return 0;
}
