/* The table itself: complete, unambiguous, well-formed. */
#include "tm_helpers.h"

#include <stdio.h>

static void table_has_exactly_one_row_per_state_event_guard_profile(void **st)
{
	(void)st;
	int bad = 0;
	for (int p = 0; wc_tm_profiles[p]; p++)
		for (int s = 0; s < WC_TCP_NSTATES; s++)
			for (int ev = 0; ev < WC_TM_NEVENTS; ev++) {
				uint64_t d = wc_tm_domain(s, ev);
				for (int g = 0; g < WC_TM_NGUARDS; g++) {
					if (!(d & WC_TM_GB(g)))
						continue;
					int n = 0;
					for (unsigned r = 0; r < wc_tm_nrows; r++) {
						const wc_tm_row *w = &wc_tm_rows[r];
						if (w->event == ev && (w->states & (1u << s)) &&
						    (w->guards & WC_TM_GB(g)) &&
						    wc_tm_profile_if(wc_tm_profiles[p], w->prof))
							n++;
					}
					if (n != 1) {
						printf("profile %s state %s event %s guard %s: %d rows\n",
						       wc_tm_profiles[p]->name, wc_tcp_state_name(s),
						       wc_tm_event_name(ev), wc_tm_guard_name(g), n);
						bad++;
					}
				}
			}
	assert_int_equal(bad, 0);
}

static void every_applicable_state_event_pair_has_a_domain(void **st)
{
	(void)st;
	/* each state takes every user call and every timeout, and segments
	 * through either EV_SEG or the phases */
	for (int s = 0; s < WC_TCP_NSTATES; s++) {
		for (int ev = WC_TM_EV_OPEN_ACTIVE; ev < WC_TM_NEVENTS; ev++)
			assert_true(wc_tm_domain(s, ev) != 0);
		int seg = wc_tm_domain(s, WC_TM_EV_SEG) != 0;
		int phases = wc_tm_domain(s, WC_TM_EV_SEG_SEQ) != 0;
		assert_true(seg != phases);
	}
}

static void rule_ids_are_unique_and_cite_a_source_and_quote(void **st)
{
	(void)st;
	for (unsigned i = 0; i < wc_tm_nrows; i++) {
		const wc_tm_row *r = &wc_tm_rows[i];
		assert_int_equal(wc_tm_rule_find(r->id), (int)i);
		assert_true(strncmp(r->id, "R_", 2) == 0);
		assert_non_null(strstr(r->src, "RFC"));
		assert_true(strlen(r->quote) > 10);
		assert_true(strlen(r->meaning) > 5);
		assert_true(r->states != 0 && r->guards != 0);
		assert_true(r->to == WC_TM_SAME || (r->to >= 0 && r->to < WC_TCP_NSTATES));
	}
}

static void every_row_is_reachable_in_its_domain(void **st)
{
	(void)st;
	/* a row whose (states, event, guards) meet no domain is dead text */
	for (unsigned i = 0; i < wc_tm_nrows; i++) {
		const wc_tm_row *r = &wc_tm_rows[i];
		int live = 0;
		for (int s = 0; s < WC_TCP_NSTATES; s++)
			if ((r->states & (1u << s)) && (wc_tm_domain(s, r->event) & r->guards))
				live = 1;
		if (!live)
			fail_msg("row %s is unreachable", r->id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_has_exactly_one_row_per_state_event_guard_profile),
		cmocka_unit_test(every_applicable_state_event_pair_has_a_domain),
		cmocka_unit_test(rule_ids_are_unique_and_cite_a_source_and_quote),
		cmocka_unit_test(every_row_is_reachable_in_its_domain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
