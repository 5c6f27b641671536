/* The RFC 9293 MUST coverage table (tcp_must.c) against the rows. */
#include <stdio.h>
#include <stdlib.h>

#include "tm_helpers.h"
#include "wirecheck/tcp_model_must.h"

/* Does src cite exactly label ("MUST-1" must not match "MUST-13")? */
static int cites(const char *src, const char *label)
{
	size_t n = strlen(label);
	for (const char *p = strstr(src, label); p; p = strstr(p + 1, label))
		if (p[n] < '0' || p[n] > '9')
			return 1;
	return 0;
}

/* Is id one of the space-separated words of list? */
static int listed(const char *list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = strstr(list, id); p; p = strstr(p + 1, id))
		if ((p == list || p[-1] == ' ') && (p[n] == 0 || p[n] == ' '))
			return 1;
	return 0;
}

static void must_table_lists_must_1_to_69_in_order(void **st)
{
	(void)st;
	assert_int_equal(wc_tm_nmusts, 69);
	for (unsigned i = 0; i < wc_tm_nmusts; i++) {
		char want[16];
		snprintf(want, sizeof want, "MUST-%u", i + 1);
		assert_string_equal(wc_tm_musts[i].id, want);
		assert_true(strlen(wc_tm_musts[i].text) > 5);
		assert_true(strlen(wc_tm_musts[i].section) >= 3);
	}
	assert_int_equal(wc_tm_must_count(WC_TM_MUST_CITED) + wc_tm_must_count(WC_TM_MUST_OUTSIDE), 69);
}

static void cited_musts_name_rows_whose_source_cites_them(void **st)
{
	(void)st;
	for (unsigned i = 0; i < wc_tm_nmusts; i++) {
		const wc_tm_must *m = &wc_tm_musts[i];
		if (m->status != WC_TM_MUST_CITED)
			continue;
		assert_true(m->rows[0] != 0);
		char buf[512];
		snprintf(buf, sizeof buf, "%s", m->rows);
		for (char *save = NULL, *id = strtok_r(buf, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
			int r = wc_tm_rule_find(id);
			if (r < 0)
				fail_msg("%s lists unknown row %s", m->id, id);
			if (!cites(wc_tm_rows[r].src, m->id))
				fail_msg("%s lists %s, whose src \"%s\" does not cite it", m->id, id,
					 wc_tm_rows[r].src);
		}
	}
}

static void every_must_a_row_cites_is_listed_as_cited_by_that_row(void **st)
{
	(void)st;
	for (unsigned r = 0; r < wc_tm_nrows; r++)
		for (unsigned i = 0; i < wc_tm_nmusts; i++) {
			const wc_tm_must *m = &wc_tm_musts[i];
			if (!cites(wc_tm_rows[r].src, m->id))
				continue;
			if (m->status != WC_TM_MUST_CITED)
				fail_msg("%s cites %s, listed as outside", wc_tm_rows[r].id, m->id);
			if (!listed(m->rows, wc_tm_rows[r].id))
				fail_msg("%s cites %s, not in its rows", wc_tm_rows[r].id, m->id);
		}
}

static void outside_musts_say_why(void **st)
{
	(void)st;
	for (unsigned i = 0; i < wc_tm_nmusts; i++) {
		const wc_tm_must *m = &wc_tm_musts[i];
		if (m->status == WC_TM_MUST_OUTSIDE) {
			assert_true(strlen(m->why) > 10);
			assert_string_equal(m->rows, "");
		}
	}
}

static void description_quotes_say_no_rfc_sentence(void **st)
{
	(void)st;
	/* rows that no RFC sentence governs must say so rather than paraphrase */
	static const char *const ids[] = {"R_SYNC_RST_NONE", "R_SYNC_SYN_NONE", "R_SYNC_URG_NONE",
		"R_SYNC_TEXT_NONE", "R_SYNC_FIN_NONE", "R_TW_IDLE", "R_USER_IDLE", "R_DELACK_IDLE",
		"R_PERSIST_IDLE", "R_OUT_SYN_BADSTATE", "R_OUT_SYNACK_BADSTATE", "R_OUT_ACK_BADSTATE"};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		int r = wc_tm_rule_find(ids[i]);
		assert_true(r >= 0);
		if (strncmp(wc_tm_rows[r].quote, "no RFC sentence: ", 17) != 0)
			fail_msg("%s quote: %s", ids[i], wc_tm_rows[r].quote);
	}
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(must_table_lists_must_1_to_69_in_order),
		cmocka_unit_test(cited_musts_name_rows_whose_source_cites_them),
		cmocka_unit_test(every_must_a_row_cites_is_listed_as_cited_by_that_row),
		cmocka_unit_test(outside_musts_say_why),
		cmocka_unit_test(description_quotes_say_no_rfc_sentence),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
