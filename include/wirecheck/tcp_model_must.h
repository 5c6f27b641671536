#ifndef WC_TCP_MODEL_MUST_H
#define WC_TCP_MODEL_MUST_H

/* The RFC 9293 MUST coverage table of the TCP model (models/tcp/tcp_must.c):
 * one entry for each MUST-1 .. MUST-69 of RFC 9293 Appendix B, in order.
 * Each is either cited by rows (their src names the label) or outside the
 * model, with the reason. test_tm_must checks the table against the rows. */

enum wc_tm_must_status {
	WC_TM_MUST_CITED = 0,   /* rows cite MUST-n (rows lists them) */
	WC_TM_MUST_OUTSIDE = 1, /* not judged by the model; why says why */
};

typedef struct wc_tm_must {
	const char *id;       /* "MUST-10" */
	const char *section;  /* RFC 9293 section where the requirement is stated */
	const char *text;     /* what it requires, short (Appendix B's feature wording) */
	int status;           /* enum wc_tm_must_status */
	const char *rows;     /* rule IDs citing it, space separated ("" when outside) */
	const char *why;      /* how it is implemented (cited) or why it is outside */
} wc_tm_must;

extern const wc_tm_must wc_tm_musts[];
extern const unsigned wc_tm_nmusts;

/* Number of entries with the given status. */
unsigned wc_tm_must_count(int status);

#endif
