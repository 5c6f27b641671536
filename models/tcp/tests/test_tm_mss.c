/* The default send MSS without an MSS option (RFC 9293 3.7.1, MUST-15):
 * "536 for IPv4 or 1220 for IPv6"; the model takes the address family from
 * its caller (wc_tm.ipv6). */
#include "tm_helpers.h"

#define SISS 7000u /* the mirrored stack's ISS */

/* Endpoint in LISTEN for the given family; the peer's SYN has no options. */
static void listen_syn_no_mss(wc_tm *m, int ipv6)
{
	wc_tm_ep_init(m, &wc_tm_profile_strict, NULL);
	m->ipv6 = (uint8_t)ipv6;
	call(m, WC_TM_EV_OPEN_PASSIVE, 0);
	in(m, seg(F_S, PISS, 0, 0));
	assert_fired(m, "R_LISTEN_SEG_SYN");
	pop_expect(m, F_S | F_A, ISS, PISS + 1);
}

static void R_LISTEN_SEG_SYN_ipv6_default_mss_is_1220(void **st)
{
	(void)st;
	wc_tm m;
	listen_syn_no_mss(&m, 1);
	assert_int_equal(m.snd_mss, 1220);
}

static void R_LISTEN_SEG_SYN_ipv4_default_mss_is_536(void **st)
{
	(void)st;
	wc_tm m;
	listen_syn_no_mss(&m, 0);
	assert_int_equal(m.snd_mss, 536);
}

/* Endpoint in LISTEN over IPv6; the peer's SYN carries an MSS option. */
static void listen6_syn_mss(wc_tm *m, uint16_t mss)
{
	wc_tm_ep_init(m, &wc_tm_profile_strict, NULL);
	m->ipv6 = 1;
	call(m, WC_TM_EV_OPEN_PASSIVE, 0);
	wc_tm_seg s = seg(F_S, PISS, 0, 0);
	s.opts = WC_TM_O_MSS;
	s.mss = mss;
	in(m, s);
}

/* An MSS option of 0 names no usable MSS: the family's default applies. */
static void R_LISTEN_SEG_SYN_ipv6_mss_option_of_zero_falls_back_to_1220(void **st)
{
	(void)st;
	wc_tm m;
	listen6_syn_mss(&m, 0);
	assert_int_equal(m.snd_mss, 1220);
}

/* An explicit MSS option still wins over the default. */
static void R_LISTEN_SEG_SYN_ipv6_mss_option_overrides_the_default(void **st)
{
	(void)st;
	wc_tm m;
	listen6_syn_mss(&m, 600);
	assert_int_equal(m.snd_mss, 600);
}

/* Mirror, IPv6, no MSS option: the checker allows 1220 octets per segment
 * and reports 1221 as a MUST violation (MUST-16 against MUST-15's default). */
static void R_OUT_ACK_ipv6_without_mss_option_allows_1220_octets_and_not_1221(void **st)
{
	(void)st;
	wc_tmc c;
	wc_tmc_init(&c, &wc_tm_profile_lwip, NULL);
	c.m.ipv6 = 1;
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_OPEN_PASSIVE, 0), WC_OK);
	wc_tm_seg s = seg(F_S, PISS, 0, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	s = seg(F_S | F_A, SISS, PISS + 1, 0);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_A, PISS + 1, SISS + 1, 0);
	assert_int_equal(wc_tmc_input(&c, &s), WC_OK);
	assert_int_equal(c.m.state, WC_TCP_ESTABLISHED);
	assert_int_equal(c.m.snd_mss, 1220);
	assert_int_equal(wc_tmc_call(&c, WC_TM_EV_SEND, 4000), WC_OK);
	s = seg(F_A | F_P, SISS + 1, PISS + 1, 1220);
	assert_int_equal(wc_tmc_output(&c, &s), WC_OK);
	s = seg(F_A | F_P, SISS + 1221, PISS + 1, 1221);
	assert_int_equal(wc_tmc_output(&c, &s), WC_ETM_VIOLATION);
	assert_string_equal(c.rep.field, "len");
	assert_int_equal(c.rep.cls, WC_TM_MUST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(R_LISTEN_SEG_SYN_ipv6_default_mss_is_1220),
		cmocka_unit_test(R_LISTEN_SEG_SYN_ipv4_default_mss_is_536),
		cmocka_unit_test(R_LISTEN_SEG_SYN_ipv6_mss_option_of_zero_falls_back_to_1220),
		cmocka_unit_test(R_LISTEN_SEG_SYN_ipv6_mss_option_overrides_the_default),
		cmocka_unit_test(R_OUT_ACK_ipv6_without_mss_option_allows_1220_octets_and_not_1221),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
