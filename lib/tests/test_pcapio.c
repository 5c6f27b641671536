/* pcap reading and writing through libpcap (include/wirecheck/pcapio.h). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wirecheck/pcapio.h"

static char g_dir[512];

static int make_dir(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(g_dir, sizeof g_dir, "%s/wc-test-pcapio-XXXXXX", base && *base ? base : P_tmpdir);
	return mkdtemp(g_dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	DIR *d = opendir(g_dir);
	struct dirent *e;
	char p[1024];

	(void)state;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", g_dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(g_dir);
	return 0;
}

static int dir_entries(void)
{
	DIR *d = opendir(g_dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void put32(uint8_t *p, uint32_t v, int big)
{
	for (int i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v, int big)
{
	p[big ? 1 : 0] = (uint8_t)v;
	p[big ? 0 : 1] = (uint8_t)(v >> 8);
}

/* A hand-built classic pcap header: magic, v2.4, snaplen 65535, linktype. */
static size_t file_header(uint8_t *p, uint32_t magic, uint32_t linktype, int big)
{
	memset(p, 0, 24);
	put32(p, magic, big);
	put16(p + 4, 2, big);
	put16(p + 6, 4, big);
	put32(p + 16, 65535, big);
	put32(p + 20, linktype, big);
	return 24;
}

static size_t record(uint8_t *p, uint32_t sec, uint32_t frac, const void *data, uint32_t caplen,
		     uint32_t len, int big)
{
	put32(p, sec, big);
	put32(p + 4, frac, big);
	put32(p + 8, caplen, big);
	put32(p + 12, len, big);
	memcpy(p + 16, data, caplen);
	return 16 + caplen;
}

static const uint8_t k_frame[60] = {
	0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00, /* Ethernet, IPv4 */
	0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2,
	0x30, 0x39, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0x00, 0, 0, 0, 0,
};

static void pcap_file_roundtrips_ethernet_records(void **state)
{
	char path[600];
	wc_pcap_writer *w;
	wc_pcap_reader *r;
	wc_pcap_rec rec = {0}, got;

	(void)state;
	snprintf(path, sizeof path, "%s/eth.pcap", g_dir);
	assert_int_equal(wc_pcap_create(path, WC_PCAP_ETH, &w, NULL), WC_OK);
	for (int i = 0; i < 3; i++) {
		rec.ts_us = 1700000000123456LL + i * 1500;
		rec.caplen = (uint32_t)(sizeof k_frame - (size_t)i);
		rec.len = (uint32_t)sizeof k_frame;
		rec.data = k_frame;
		assert_int_equal(wc_pcap_write(w, &rec), WC_OK);
	}
	assert_int_equal(wc_pcap_writer_count(w), 3);
	assert_int_equal(wc_pcap_commit(w, NULL), WC_OK);

	assert_int_equal(wc_pcap_open(path, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_link(r), WC_PCAP_ETH);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(wc_pcap_next(r, &got), 1);
		assert_true(got.ts_us == 1700000000123456LL + i * 1500);
		assert_int_equal(got.caplen, sizeof k_frame - (size_t)i);
		assert_int_equal(got.len, sizeof k_frame);
		assert_memory_equal(got.data, k_frame, got.caplen);
		assert_int_equal(got.offset, 24 + (uint64_t)i * 16 + (uint64_t)(i * 60 - (i * (i - 1)) / 2));
	}
	assert_int_equal(wc_pcap_next(r, &got), 0);
	wc_pcap_close(r);
	assert_int_equal(dir_entries(), 1); /* no temporary file left */
	unlink(path);
}

static void pcap_raw_ip_writer_reads_back_as_raw(void **state)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	wc_pcap_writer *w;
	wc_pcap_reader *r;
	wc_pcap_rec rec = {.ts_us = 0, .caplen = 46, .len = 46, .data = k_frame + 14}, got;

	(void)state;
	assert_int_equal(wc_pcap_create_mem(WC_PCAP_RAW, &w, NULL), WC_OK);
	assert_int_equal(wc_pcap_write(w, &rec), WC_OK);
	assert_int_equal(wc_pcap_commit_mem(w, &buf, &len, NULL), WC_OK);
	assert_int_equal(len, 24 + 16 + 46);
	/* libpcap writes DLT_RAW as LINKTYPE_RAW, 101. */
	assert_int_equal(buf[20], 101);
	assert_int_equal(wc_pcap_open_mem(buf, len, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_link(r), WC_PCAP_RAW);
	assert_int_equal(wc_pcap_next(r, &got), 1);
	assert_int_equal(got.caplen, 46);
	assert_memory_equal(got.data, k_frame + 14, 46);
	wc_pcap_close(r);
	free(buf);
}

static void pcap_reads_linktype_ipv4_and_ipv6(void **state)
{
	uint8_t f[24 + 16 + 46];
	wc_pcap_reader *r;

	(void)state;
	file_header(f, 0xa1b2c3d4, 228, 0);
	record(f + 24, 1, 2, k_frame + 14, 46, 46, 0);
	assert_int_equal(wc_pcap_open_mem(f, sizeof f, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_link(r), WC_PCAP_IPV4);
	wc_pcap_close(r);
	file_header(f, 0xa1b2c3d4, 229, 0);
	assert_int_equal(wc_pcap_open_mem(f, sizeof f, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_link(r), WC_PCAP_IPV6);
	wc_pcap_close(r);
}

static void pcap_reads_big_endian_nanosecond_files(void **state)
{
	uint8_t f[24 + 16 + 60];
	wc_pcap_reader *r;
	wc_pcap_rec got;

	(void)state;
	file_header(f, 0xa1b23c4d, 1, 1);
	record(f + 24, 10, 123456789, k_frame, 60, 60, 1);
	assert_int_equal(wc_pcap_open_mem(f, sizeof f, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_link(r), WC_PCAP_ETH);
	assert_int_equal(wc_pcap_next(r, &got), 1);
	assert_true(got.ts_us == 10123456); /* nanoseconds scaled down */
	assert_int_equal(got.caplen, 60);
	assert_memory_equal(got.data, k_frame, 60);
	assert_int_equal(wc_pcap_next(r, &got), 0);
	wc_pcap_close(r);
}

static void pcap_open_rejects_non_pcap_bytes(void **state)
{
	static const uint8_t junk[32] = "this is not a capture file at a";
	wc_pcap_reader *r = NULL;
	wc_pcap_error e;
	char path[600];

	(void)state;
	assert_int_equal(wc_pcap_open_mem(junk, sizeof junk, &r, &e), WC_EPCAP_OPEN);
	assert_null(r);
	assert_int_equal(e.offset, 0);
	assert_true(strlen(e.msg) > 0);
	assert_int_equal(wc_pcap_open_mem(junk, 0, &r, &e), WC_EPCAP_OPEN);
	snprintf(path, sizeof path, "%s/does-not-exist.pcap", g_dir);
	assert_int_equal(wc_pcap_open(path, &r, &e), WC_EPCAP_OPEN);
	assert_non_null(strstr(e.msg, "No such file"));
}

static void pcap_reports_truncated_record_with_its_offset(void **state)
{
	uint8_t f[24 + 16 + 60 + 16 + 60];
	size_t n;
	wc_pcap_reader *r;
	wc_pcap_rec got;

	(void)state;
	n = file_header(f, 0xa1b2c3d4, 1, 0);
	n += record(f + n, 1, 0, k_frame, 60, 60, 0);
	n += record(f + n, 2, 0, k_frame, 60, 60, 0);
	/* Cut the second record's data short by 10 bytes. */
	assert_int_equal(wc_pcap_open_mem(f, n - 10, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_next(r, &got), 1);
	got.caplen = 7;
	assert_int_equal(wc_pcap_next(r, &got), WC_EPCAP_READ);
	assert_int_equal(got.caplen, 7);
	assert_int_equal(wc_pcap_reader_error(r)->offset, 24 + 16 + 60);
	assert_non_null(strstr(wc_pcap_reader_error(r)->msg, "truncated"));
	assert_int_equal(wc_pcap_next(r, &got), WC_EPCAP_READ); /* sticky */
	wc_pcap_close(r);
	/* A cut inside the record header is reported at the same offset. */
	assert_int_equal(wc_pcap_open_mem(f, 24 + 16 + 60 + 5, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_next(r, &got), 1);
	assert_int_equal(wc_pcap_next(r, &got), WC_EPCAP_READ);
	assert_int_equal(wc_pcap_reader_error(r)->offset, 24 + 16 + 60);
	wc_pcap_close(r);
}

static void pcap_unsupported_link_is_reported_but_readable(void **state)
{
	uint8_t f[24 + 16 + 10];
	wc_pcap_reader *r;
	wc_pcap_rec got;

	(void)state;
	file_header(f, 0xa1b2c3d4, 105, 0); /* IEEE 802.11 */
	record(f + 24, 1, 0, k_frame, 10, 10, 0);
	assert_int_equal(wc_pcap_open_mem(f, sizeof f, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_link(r), WC_EPCAP_LINK);
	assert_int_equal(wc_pcap_dlt(r), 105);
	assert_int_equal(wc_pcap_next(r, &got), 1);
	wc_pcap_close(r);
}

static void pcap_create_rejects_unknown_link(void **state)
{
	wc_pcap_writer *w = NULL;
	char path[600];

	(void)state;
	snprintf(path, sizeof path, "%s/never.pcap", g_dir);
	assert_int_equal(wc_pcap_create(path, 99, &w, NULL), WC_EPCAP_LINK);
	assert_int_equal(wc_pcap_create_mem(0, &w, NULL), WC_EPCAP_LINK);
	assert_null(w);
	assert_int_equal(dir_entries(), 0);
}

static void pcap_write_is_atomic_on_abort(void **state)
{
	char path[600];
	wc_pcap_writer *w;
	wc_pcap_rec rec = {.ts_us = 5, .caplen = 60, .len = 60, .data = k_frame};
	struct stat st;
	FILE *f;
	char old[16] = "";

	(void)state;
	snprintf(path, sizeof path, "%s/atomic.pcap", g_dir);
	/* No file before: nothing after. */
	assert_int_equal(wc_pcap_create(path, WC_PCAP_ETH, &w, NULL), WC_OK);
	assert_int_equal(wc_pcap_write(w, &rec), WC_OK);
	assert_int_equal(dir_entries(), 1); /* the temporary file */
	assert_int_equal(stat(path, &st), -1);
	wc_pcap_abort(w);
	assert_int_equal(dir_entries(), 0);

	/* An existing file is left exactly as it was. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("previous", f);
	fclose(f);
	assert_int_equal(wc_pcap_create(path, WC_PCAP_ETH, &w, NULL), WC_OK);
	assert_int_equal(wc_pcap_write(w, &rec), WC_OK);
	wc_pcap_abort(w);
	assert_int_equal(dir_entries(), 1);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(old, sizeof old, f));
	fclose(f);
	assert_string_equal(old, "previous");

	/* And a commit replaces it. */
	assert_int_equal(wc_pcap_create(path, WC_PCAP_ETH, &w, NULL), WC_OK);
	assert_int_equal(wc_pcap_write(w, &rec), WC_OK);
	assert_int_equal(wc_pcap_commit(w, NULL), WC_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 24 + 16 + 60);
	assert_int_equal(dir_entries(), 1);
	unlink(path);
}

static void pcap_write_rejects_seconds_beyond_32_bits(void **state)
{
	wc_pcap_writer *w;
	wc_pcap_rec rec = {.caplen = 1, .len = 1, .data = k_frame};
	uint8_t *buf;
	size_t len;

	(void)state;
	assert_int_equal(wc_pcap_create_mem(WC_PCAP_ETH, &w, NULL), WC_OK);
	rec.ts_us = (int64_t)INT32_MAX * 1000000 + 999999;
	assert_int_equal(wc_pcap_write(w, &rec), WC_OK);
	rec.ts_us += 1;
	assert_int_equal(wc_pcap_write(w, &rec), WC_EINVAL);
	rec.ts_us = (int64_t)INT32_MIN * 1000000;
	assert_int_equal(wc_pcap_write(w, &rec), WC_OK);
	rec.ts_us -= 1;
	assert_int_equal(wc_pcap_write(w, &rec), WC_EINVAL);
	rec.caplen = WC_PCAP_MAX_SNAPLEN + 1;
	rec.ts_us = 0;
	assert_int_equal(wc_pcap_write(w, &rec), WC_EINVAL);
	assert_int_equal(wc_pcap_writer_count(w), 2);
	assert_int_equal(wc_pcap_commit_mem(w, &buf, &len, NULL), WC_OK);
	assert_int_equal(len, 24 + 2 * 17);
	free(buf);
}

static void pcap_negative_and_unnormalised_timestamps_roundtrip(void **state)
{
	/* sec = -1, usec = -1 and sec = 5, usec = 2000000 as libpcap presents them. */
	uint8_t f[24 + 2 * (16 + 4)];
	size_t n;
	wc_pcap_reader *r, *r2;
	wc_pcap_writer *w;
	wc_pcap_rec a, b;
	uint8_t *buf;
	size_t len;

	(void)state;
	n = file_header(f, 0xa1b2c3d4, 1, 0);
	n += record(f + n, 0xFFFFFFFFu, 0xFFFFFFFFu, k_frame, 4, 4, 0);
	n += record(f + n, 5, 2000000, k_frame, 4, 4, 0);
	assert_int_equal(wc_pcap_open_mem(f, n, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_create_mem(WC_PCAP_ETH, &w, NULL), WC_OK);
	assert_int_equal(wc_pcap_next(r, &a), 1);
	assert_true(a.ts_us == -1000001);
	assert_int_equal(wc_pcap_write(w, &a), WC_OK);
	assert_int_equal(wc_pcap_next(r, &a), 1);
	assert_true(a.ts_us == 7000000);
	assert_int_equal(wc_pcap_write(w, &a), WC_OK);
	assert_int_equal(wc_pcap_commit_mem(w, &buf, &len, NULL), WC_OK);
	wc_pcap_close(r);

	assert_int_equal(wc_pcap_open_mem(f, n, &r, NULL), WC_OK);
	assert_int_equal(wc_pcap_open_mem(buf, len, &r2, NULL), WC_OK);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(wc_pcap_next(r, &a), 1);
		assert_int_equal(wc_pcap_next(r2, &b), 1);
		assert_true(a.ts_us == b.ts_us);
	}
	wc_pcap_close(r);
	wc_pcap_close(r2);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pcap_file_roundtrips_ethernet_records),
		cmocka_unit_test(pcap_raw_ip_writer_reads_back_as_raw),
		cmocka_unit_test(pcap_reads_linktype_ipv4_and_ipv6),
		cmocka_unit_test(pcap_reads_big_endian_nanosecond_files),
		cmocka_unit_test(pcap_open_rejects_non_pcap_bytes),
		cmocka_unit_test(pcap_reports_truncated_record_with_its_offset),
		cmocka_unit_test(pcap_unsupported_link_is_reported_but_readable),
		cmocka_unit_test(pcap_create_rejects_unknown_link),
		cmocka_unit_test(pcap_write_is_atomic_on_abort),
		cmocka_unit_test(pcap_write_rejects_seconds_beyond_32_bits),
		cmocka_unit_test(pcap_negative_and_unnormalised_timestamps_roundtrip),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
