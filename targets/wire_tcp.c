/*
 * Fuzz target `wire_tcp`: TCP headers and the option walker.
 *
 * Input format: one TCP segment as on the wire (20-byte header, options up
 * to the data offset, payload), i.e. exactly the IP payload. Inputs longer
 * than WC_TCP_FUZZ_MAX bytes are ignored.
 *
 * Properties:
 *  - wc_tcp_check and wc_tcp_parse agree on every input;
 *  - an accepted segment's options, in wire order, have lengths that sum
 *    with the padding to data offset * 4 - 20; each known kind has its
 *    fixed length; EOL can only be last; wc_tcp_find_opt returns the first
 *    option of each kind;
 *  - emit(parse(x)) == x byte for byte (parse is a function of the bytes,
 *    so parse(emit(parse(x))) == parse(x) follows without a re-parse);
 *  - checksums over fixed documentation addresses, 192.0.2.1 -> 192.0.2.2
 *    when the low bit of byte 4 (sequence number) is 0, 2001:db8::1 ->
 *    2001:db8::2 when it is 1 (one family per input keeps the target fast;
 *    the fuzzer reaches both): emit with a pseudo-header
 *    changes only bytes 16-17, writes wc_tcp_cksum4/6 of the input, and the
 *    result passes wc_tcp_check_cksum4/6; the input itself passes the check
 *    whenever its field already equals the computed value.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wirecheck/check.h"
#include "wirecheck/fuzz_asan.h"
#include "wirecheck/wire_tcp.h"

#define WC_TCP_FUZZ_MAX 4096

/* The emit output buffer. Static, not on the stack: ASan would poison and
 * unpoison its shadow on every call. No state crosses inputs through it:
 * each step writes the bytes it then compares. */
static uint8_t buf[WC_TCP_FUZZ_MAX];

static const uint8_t src4[4] = { 192, 0, 2, 1 }, dst4[4] = { 192, 0, 2, 2 };
static const uint8_t src6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t dst6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

/* Oracle code, like wire_props.h's helpers: kept out of SanitizerCoverage
 * (the parser's option walker is what the fuzzer steers by) and noinline so
 * that it is not instrumented as part of LLVMFuzzerTestOneInput. */
#if defined(__clang__)
__attribute__((noinline, no_sanitize("coverage")))
#endif
static void check_opts(const wc_tcp *t, const uint8_t *data)
{
	size_t sum = 0, hl = (size_t)(data[12] >> 4) * 4;
	uint8_t seen[32] = { 0 };

	WC_CHECK(t->n_opts <= WC_TCP_MAX_OPTS, "n_opts %u", t->n_opts);
	for (size_t i = 0; i < t->n_opts; i++) {
		const wc_tcp_opt *o = &t->opts[i];
		WC_CHECK(data[WC_TCP_HDR_LEN + sum] == o->kind, "option %zu kind out of place", i);
		switch (o->kind) {
		case WC_TCPOPT_EOL:
			WC_CHECK(o->len == 1 && i + 1 == t->n_opts, "EOL not last");
			break;
		case WC_TCPOPT_NOP: WC_CHECK(o->len == 1, "NOP len"); break;
		case WC_TCPOPT_MSS: WC_CHECK(o->len == 4, "MSS len"); break;
		case WC_TCPOPT_WS: WC_CHECK(o->len == 3, "WS len"); break;
		case WC_TCPOPT_SACK_PERM: WC_CHECK(o->len == 2, "SACK-permitted len"); break;
		case WC_TCPOPT_TS: WC_CHECK(o->len == 10, "TS len"); break;
		case WC_TCPOPT_SACK:
			WC_CHECK(o->u.sack.n >= 1 && o->u.sack.n <= 4 && o->len == 2 + 8 * o->u.sack.n,
				 "SACK blocks");
			break;
		default: WC_CHECK(o->len >= 2, "option len"); break;
		}
		if (o->kind != WC_TCPOPT_EOL && o->kind != WC_TCPOPT_NOP)
			WC_CHECK(data[WC_TCP_HDR_LEN + sum + 1] == o->len, "option %zu len byte", i);
		if (!(seen[o->kind >> 3] & (1u << (o->kind & 7)))) {
			seen[o->kind >> 3] |= (uint8_t)(1u << (o->kind & 7));
			WC_CHECK(wc_tcp_find_opt(t, o->kind) == o, "find_opt missed option %zu", i);
		}
		sum += o->len;
	}
	WC_CHECK(t->pad_len == 0 || (t->n_opts && t->opts[t->n_opts - 1].kind == WC_TCPOPT_EOL),
		 "padding without EOL");
	WC_CHECK(WC_TCP_HDR_LEN + sum + t->pad_len == hl, "options + padding != data offset");
	WC_CHECK(wc_tcp_hdr_len(t) == hl, "wc_tcp_hdr_len");
}

static void check_cksum(const wc_tcp *t, const uint8_t *data, size_t size, int v6)
{
	wc_view in = wc_view_ro(data, size), out;
	wc_pseudo ph = v6 ? wc_pseudo6(src6, dst6) : wc_pseudo4(src4, dst4);
	uint16_t want = v6 ? wc_tcp_cksum6(src6, dst6, in) : wc_tcp_cksum4(src4, dst4, in);
	uint16_t field = (uint16_t)(data[16] << 8 | data[17]);
	size_t n = 0;
	int rc;

	rc = wc_tcp_emit(t, &ph, wc_view_rw(buf, WC_TCP_FUZZ_MAX), &n);
	WC_CHECK(rc == WC_OK && n == size, "checksum emit failed (rc %d)", rc);
	WC_CHECK(memcmp(buf, data, 16) == 0 && memcmp(buf + 18, data + 18, size - 18) == 0,
		 "checksum emit changed more than the checksum");
	WC_CHECK((uint16_t)(buf[16] << 8 | buf[17]) == want, "emitted checksum != wc_tcp_cksum%d", v6 ? 6 : 4);
	out = wc_view_ro(buf, n);
	rc = v6 ? wc_tcp_check_cksum6(src6, dst6, out) : wc_tcp_check_cksum4(src4, dst4, out);
	WC_CHECK(rc == WC_OK, "emitted checksum does not verify (IPv%d)", v6 ? 6 : 4);
	if (field == want) {
		rc = v6 ? wc_tcp_check_cksum6(src6, dst6, in) : wc_tcp_check_cksum4(src4, dst4, in);
		WC_CHECK(rc == WC_OK, "correct checksum rejected (IPv%d)", v6 ? 6 : 4);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wc_view in = wc_view_ro(data, size);
	wc_tcp t;
	size_t n = 0;
	int rc, rc_check;

	if (size > WC_TCP_FUZZ_MAX)
		return 0;
	rc_check = wc_tcp_check(in);
	rc = wc_tcp_parse(in, &t);
	WC_CHECK(rc == rc_check, "wc_tcp_check %d vs wc_tcp_parse %d", rc_check, rc);
	if (rc != WC_OK)
		return 0;
	check_opts(&t, data);

	rc = wc_tcp_emit(&t, NULL, wc_view_rw(buf, sizeof buf), &n);
	WC_CHECK(rc == WC_OK && n == size && memcmp(buf, data, size) == 0,
		 "TCP emit differs from input (rc %d)", rc);

	check_cksum(&t, data, size, data[4] & 1);
	return 0;
}
