#ifndef WC_TCP_MODEL_MUST_H
#define WC_TCP_MODEL_MUST_H

/* The RFC 9293 requirements table of the TCP model (models/tcp/tcp_must.c):
 * for each MUST in scope, the rows citing it, or why it is outside, or that
 * its Appendix B number is uncertain (rows then cite the section only). */

enum wc_tm_must_status {
	WC_TM_MUST_CITED = 0,     /* rows cite MUST-n */
	WC_TM_MUST_UNCERTAIN = 1, /* implemented, rows cite the section; number unverified */
	WC_TM_MUST_OUTSIDE = 2,   /* not modelled; why says why */
};

typedef struct wc_tm_must {
	const char *id;       /* "MUST-10" */
	const char *section;  /* RFC 9293 section */
	const char *text;     /* what it requires, short */
	int status;           /* enum wc_tm_must_status */
	const char *rows;     /* rule IDs, space separated */
	const char *why;      /* note / reason */
} wc_tm_must;

extern const wc_tm_must wc_tm_musts[];
extern const unsigned wc_tm_nmusts;

#endif
