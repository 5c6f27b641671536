/* The conformance matrix writer (matrix.h). */
#include "matrix.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wirecheck/tcp_model.h"

enum { K_NONE = 0, K_SKIP, K_PASS, K_TIMEOUT, K_ERROR, K_DIVERGE };

typedef struct cell {
	int kind;
	int cls;            /* K_DIVERGE */
	const char *rule;   /* K_DIVERGE: where it stopped */
	int scn;            /* run shown (-1 none) */
	unsigned nruns;
} cell;

int wc_mx_pcap_path(const char *out_dir, const char *stack, const char *name, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "%s/%s/%s.pcap", out_dir, stack, name);
	return n < 0 || (size_t)n >= cap ? WC_ENOSPC : WC_OK;
}

static int kind_of(const wc_run_result *r)
{
	switch (r->status) {
	case WC_RUN_PASS: return K_PASS;
	case WC_RUN_DIVERGE: return K_DIVERGE;
	case WC_RUN_SKIP: return K_SKIP;
	case WC_RUN_TIMEOUT: return K_TIMEOUT;
	default: return K_ERROR;
	}
}

static int declares(const wc_scenario *sc, const char *id)
{
	for (unsigned k = 0; sc && k < sc->nrules; k++)
		if (strcmp(sc->rules[k], id) == 0)
			return 1;
	return 0;
}

static cell cell_for(const wc_mx *mx, unsigned row, unsigned st)
{
	cell c = {.kind = K_NONE, .scn = -1};
	const char *id = wc_tm_rows[row].id;
	for (unsigned i = 0; i < mx->nscn; i++) {
		const wc_run_result *r = &mx->res[i * mx->nstacks + st];
		int named = r->status == WC_RUN_DIVERGE && strcmp(r->rule, id) == 0;
		if (!named && !declares(mx->scn[i].sc, id))
			continue;
		c.nruns++;
		int k = kind_of(r);
		/* a divergence at this rule outranks one elsewhere */
		int better = k > c.kind ||
			     (k == K_DIVERGE && c.kind == K_DIVERGE && named && strcmp(c.rule, id) != 0);
		if (better) {
			c.kind = k;
			c.scn = (int)i;
			c.cls = r->cls;
			c.rule = r->rule;
		}
	}
	return c;
}

/* ------------------------------------------------------------------ */

static void rel_prefix(const char *out_dir, char *buf, size_t cap)
{
	buf[0] = 0;
	if (out_dir[0] == '/')
		return;
	size_t n = 0;
	const char *p = out_dir;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *q = p;
		while (*q && *q != '/')
			q++;
		if (!(q - p == 1 && p[0] == '.') && n + 4 < cap) {
			memcpy(buf + n, "../", 3);
			n += 3;
			buf[n] = 0;
		}
		p = q;
	}
}

/* Link from the output directory to a scenario file. */
static void file_link(const char *out_dir, const char *path, char *buf, size_t cap)
{
	char up[512];
	if (path[0] == '/' || out_dir[0] == '/') {
		char *rp = realpath(path, NULL);
		snprintf(buf, cap, "%s", rp ? rp : path);
		free(rp);
		return;
	}
	rel_prefix(out_dir, up, sizeof up);
	snprintf(buf, cap, "%s%s", up, path);
}

static const char *cls_short(int cls)
{
	return cls == WC_RUN_MUST ? "MUST" : cls == WC_RUN_SHOULD ? "SHOULD/MAY" : "outside model";
}

static void cell_text(const cell *c, const char *id, char *buf, size_t cap)
{
	switch (c->kind) {
	case K_NONE: snprintf(buf, cap, "no scenario"); break;
	case K_SKIP: snprintf(buf, cap, "skip"); break;
	case K_PASS: snprintf(buf, cap, "pass"); break;
	case K_TIMEOUT: snprintf(buf, cap, "timeout"); break;
	case K_ERROR: snprintf(buf, cap, "error"); break;
	default:
		if (strcmp(c->rule, id) == 0)
			snprintf(buf, cap, "diverge (%s)", cls_short(c->cls));
		else
			snprintf(buf, cap, "diverge (%s at %s)", cls_short(c->cls), c->rule);
		break;
	}
}

typedef struct counts {
	unsigned pass, must, should, outside, skip, error, timeout;
} counts;

static counts count_stack(const wc_mx *mx, unsigned st)
{
	counts n = {0};
	for (unsigned i = 0; i < mx->nscn; i++) {
		const wc_run_result *r = &mx->res[i * mx->nstacks + st];
		switch (r->status) {
		case WC_RUN_PASS: n.pass++; break;
		case WC_RUN_SKIP: n.skip++; break;
		case WC_RUN_TIMEOUT: n.timeout++; break;
		case WC_RUN_DIVERGE:
			if (r->cls == WC_RUN_MUST)
				n.must++;
			else if (r->cls == WC_RUN_SHOULD)
				n.should++;
			else
				n.outside++;
			break;
		default: n.error++; break;
		}
	}
	return n;
}

void wc_mx_summary(const wc_mx *mx, char *buf, size_t cap)
{
	size_t len = 0;
	unsigned bad = 0;
	for (unsigned i = 0; i < mx->nscn; i++)
		bad += mx->scn[i].sc == NULL;
	int w = snprintf(buf, cap, "conformance: %u scenarios x %u stacks in %.1f s", mx->nscn,
			 mx->nstacks, mx->wall_s);
	if (w < 0 || (size_t)w >= cap)
		return;
	len = (size_t)w;
	if (bad) {
		w = snprintf(buf + len, cap - len, " (%u do not parse)", bad);
		if (w < 0 || (size_t)w >= cap - len)
			return;
		len += (size_t)w;
	}
	for (unsigned s = 0; s < mx->nstacks; s++) {
		counts n = count_stack(mx, s);
		w = snprintf(buf + len, cap - len, "; %s: %u pass", mx->stacks[s], n.pass);
		if (w < 0 || (size_t)w >= cap - len)
			return;
		len += (size_t)w;
		unsigned dv = n.must + n.should + n.outside;
		if (dv) {
			w = snprintf(buf + len, cap - len, ", %u diverge (%u MUST, %u SHOULD/MAY, %u outside)",
				     dv, n.must, n.should, n.outside);
			if (w < 0 || (size_t)w >= cap - len)
				return;
			len += (size_t)w;
		}
		const struct { unsigned v; const char *name; } more[] = {
			{n.skip, "skip"}, {n.error, "error"}, {n.timeout, "timeout"},
		};
		for (unsigned k = 0; k < 3; k++) {
			if (!more[k].v)
				continue;
			w = snprintf(buf + len, cap - len, ", %u %s", more[k].v, more[k].name);
			if (w < 0 || (size_t)w >= cap - len)
				return;
			len += (size_t)w;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Output.                                                            */

static void html_esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f); break;
		}
	}
}

/* Markdown table cells: '|' would end the cell. */
static void md_esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

static const char *css_class(int kind, int cls)
{
	switch (kind) {
	case K_PASS: return "pass";
	case K_SKIP: return "skip";
	case K_NONE: return "none";
	case K_DIVERGE: return cls == WC_RUN_MUST ? "must" : cls == WC_RUN_SHOULD ? "should" : "outside";
	default: return "err";
	}
}

static int kind_of_res(const wc_run_result *r) { return kind_of(r); }

static void write_md(FILE *f, const wc_mx *mx, const char *out_dir)
{
	char buf[600], link[600], pcap[600];
	fprintf(f, "# wirecheck conformance matrix\n\n");
	fprintf(f, "Every scenario was run on every stack below and checked against the TCP "
		   "reference model (rules of RFC 9293 and its companions). A cell is the worst "
		   "outcome among the scenarios exercising the rule; *diverge* names the "
		   "requirement class: **MUST**, SHOULD/MAY, or *outside model* (the script expects "
		   "more than the model requires).\n\n");
	wc_mx_summary(mx, buf, sizeof buf);
	fprintf(f, "`%s`\n\n", buf);
	fprintf(f, "## Per stack\n\n| stack | pass | diverge MUST | diverge SHOULD/MAY | diverge outside model | skip | error | timeout |\n|---|---|---|---|---|---|---|---|\n");
	for (unsigned s = 0; s < mx->nstacks; s++) {
		counts n = count_stack(mx, s);
		fprintf(f, "| %s | %u | %u | %u | %u | %u | %u | %u |\n", mx->stacks[s], n.pass, n.must,
			n.should, n.outside, n.skip, n.error, n.timeout);
	}
	fprintf(f, "\n## Rules\n\n| rule | source | class |");
	for (unsigned s = 0; s < mx->nstacks; s++)
		fprintf(f, " %s |", mx->stacks[s]);
	fprintf(f, "\n|---|---|---|");
	for (unsigned s = 0; s < mx->nstacks; s++)
		fprintf(f, "---|");
	fputc('\n', f);
	for (unsigned row = 0; row < wc_tm_nrows; row++) {
		const wc_tm_row *rw = &wc_tm_rows[row];
		fprintf(f, "| `%s` | ", rw->id);
		md_esc(f, rw->src ? rw->src : "");
		fprintf(f, " | %s |", cls_short(rw->cls));
		for (unsigned s = 0; s < mx->nstacks; s++) {
			cell c = cell_for(mx, row, s);
			cell_text(&c, rw->id, buf, sizeof buf);
			if (c.scn >= 0) {
				file_link(out_dir, mx->scn[c.scn].path, link, sizeof link);
				wc_mx_pcap_path(".", mx->stacks[s], mx->scn[c.scn].name, pcap, sizeof pcap);
				if (c.kind == K_DIVERGE && c.cls == WC_RUN_MUST)
					fprintf(f, " **%s** [scenario](%s) [pcap](%s) |", buf, link, pcap + 2);
				else
					fprintf(f, " %s [scenario](%s) [pcap](%s) |", buf, link, pcap + 2);
			} else {
				fprintf(f, " %s |", buf);
			}
		}
		fputc('\n', f);
	}
	fprintf(f, "\n## Runs\n\n| scenario | stack | outcome |\n|---|---|---|\n");
	for (unsigned i = 0; i < mx->nscn; i++) {
		if (!mx->scn[i].sc)
			continue;
		for (unsigned s = 0; s < mx->nstacks; s++) {
			const wc_run_result *r = &mx->res[i * mx->nstacks + s];
			wc_run_format(r, buf, sizeof buf);
			file_link(out_dir, mx->scn[i].path, link, sizeof link);
			fprintf(f, "| [%s](%s) | %s | ", mx->scn[i].name, link, mx->stacks[s]);
			md_esc(f, buf);
			fprintf(f, " |\n");
		}
	}
	int hdr = 0;
	for (unsigned i = 0; i < mx->nscn; i++) {
		if (mx->scn[i].sc)
			continue;
		if (!hdr++)
			fprintf(f, "\n## Scenarios that do not parse\n\n");
		fprintf(f, "- `");
		md_esc(f, mx->scn[i].parse_error ? mx->scn[i].parse_error : mx->scn[i].path);
		fprintf(f, "`\n");
	}
	hdr = 0;
	for (unsigned i = 0; i < mx->nscn; i++) {
		const wc_scenario *sc = mx->scn[i].sc;
		for (unsigned k = 0; sc && k < sc->nrules; k++) {
			if (wc_tm_rule_find(sc->rules[k]) >= 0)
				continue;
			if (!hdr++)
				fprintf(f, "\n## Rule IDs the model does not have\n\n");
			fprintf(f, "- `%s` in %s\n", sc->rules[k], mx->scn[i].name);
		}
	}
}

static void write_html(FILE *f, const wc_mx *mx, const char *out_dir)
{
	char buf[600], link[600], pcap[600];
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		   "<title>wirecheck conformance matrix</title>\n<style>\n"
		   "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}\n"
		   "table{border-collapse:collapse;margin:1em 0}\n"
		   "th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}\n"
		   "th{background:#eee;position:sticky;top:0}\n"
		   "code{font-size:13px}\n"
		   "td.pass{background:#d8f5d0}td.skip{background:#eee;color:#666}\n"
		   "td.none{color:#999}td.must{background:#f7b4b4;font-weight:bold}\n"
		   "td.should{background:#fbe3a6}td.outside{background:#dfe7fb}\n"
		   "td.err{background:#e6c3f0}\n"
		   "td a{font-size:12px;margin-left:.4em}\n"
		   ".sum{font-family:monospace;background:#f6f6f6;padding:.5em}\n"
		   "</style></head><body>\n<h1>wirecheck conformance matrix</h1>\n");
	fprintf(f, "<p>Every scenario was run on every stack and checked against the TCP reference "
		   "model. A cell is the worst outcome among the scenarios exercising the rule; "
		   "<em>diverge</em> names the requirement class: MUST, SHOULD/MAY, or outside model "
		   "(the script expects more than the model requires).</p>\n<p class=\"sum\">");
	wc_mx_summary(mx, buf, sizeof buf);
	html_esc(f, buf);
	fprintf(f, "</p>\n<h2>Per stack</h2>\n<table><tr><th>stack</th><th>pass</th><th>diverge MUST</th>"
		   "<th>diverge SHOULD/MAY</th><th>diverge outside model</th><th>skip</th><th>error</th>"
		   "<th>timeout</th></tr>\n");
	for (unsigned s = 0; s < mx->nstacks; s++) {
		counts n = count_stack(mx, s);
		fprintf(f, "<tr><td>");
		html_esc(f, mx->stacks[s]);
		fprintf(f, "</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td></tr>\n",
			n.pass, n.must, n.should, n.outside, n.skip, n.error, n.timeout);
	}
	fprintf(f, "</table>\n<h2>Rules</h2>\n<table><tr><th>rule</th><th>source</th><th>class</th>");
	for (unsigned s = 0; s < mx->nstacks; s++) {
		fprintf(f, "<th>");
		html_esc(f, mx->stacks[s]);
		fprintf(f, "</th>");
	}
	fprintf(f, "</tr>\n");
	for (unsigned row = 0; row < wc_tm_nrows; row++) {
		const wc_tm_row *rw = &wc_tm_rows[row];
		fprintf(f, "<tr><td><code title=\"");
		html_esc(f, rw->meaning ? rw->meaning : "");
		fprintf(f, "\">%s</code></td><td>", rw->id);
		html_esc(f, rw->src ? rw->src : "");
		fprintf(f, "</td><td>%s</td>", cls_short(rw->cls));
		for (unsigned s = 0; s < mx->nstacks; s++) {
			cell c = cell_for(mx, row, s);
			cell_text(&c, rw->id, buf, sizeof buf);
			fprintf(f, "<td class=\"%s\">", css_class(c.kind, c.cls));
			html_esc(f, buf);
			if (c.scn >= 0) {
				file_link(out_dir, mx->scn[c.scn].path, link, sizeof link);
				wc_mx_pcap_path(".", mx->stacks[s], mx->scn[c.scn].name, pcap, sizeof pcap);
				fprintf(f, "<a href=\"");
				html_esc(f, link);
				fprintf(f, "\">scenario</a><a href=\"");
				html_esc(f, pcap + 2);
				fprintf(f, "\">pcap</a>");
			}
			fprintf(f, "</td>");
		}
		fprintf(f, "</tr>\n");
	}
	fprintf(f, "</table>\n<h2>Runs</h2>\n<table><tr><th>scenario</th><th>stack</th><th>outcome</th></tr>\n");
	for (unsigned i = 0; i < mx->nscn; i++) {
		if (!mx->scn[i].sc)
			continue;
		for (unsigned s = 0; s < mx->nstacks; s++) {
			const wc_run_result *r = &mx->res[i * mx->nstacks + s];
			int k = kind_of_res(r);
			wc_run_format(r, buf, sizeof buf);
			file_link(out_dir, mx->scn[i].path, link, sizeof link);
			fprintf(f, "<tr><td><a href=\"");
			html_esc(f, link);
			fprintf(f, "\">");
			html_esc(f, mx->scn[i].name);
			fprintf(f, "</a></td><td>");
			html_esc(f, mx->stacks[s]);
			fprintf(f, "</td><td class=\"%s\">", css_class(k, r->cls));
			html_esc(f, buf);
			fprintf(f, "</td></tr>\n");
		}
	}
	fprintf(f, "</table>\n");
	int hdr = 0;
	for (unsigned i = 0; i < mx->nscn; i++) {
		if (mx->scn[i].sc)
			continue;
		if (!hdr++)
			fprintf(f, "<h2>Scenarios that do not parse</h2>\n<ul>\n");
		fprintf(f, "<li><code>");
		html_esc(f, mx->scn[i].parse_error ? mx->scn[i].parse_error : mx->scn[i].path);
		fprintf(f, "</code></li>\n");
	}
	if (hdr)
		fprintf(f, "</ul>\n");
	hdr = 0;
	for (unsigned i = 0; i < mx->nscn; i++) {
		const wc_scenario *sc = mx->scn[i].sc;
		for (unsigned k = 0; sc && k < sc->nrules; k++) {
			if (wc_tm_rule_find(sc->rules[k]) >= 0)
				continue;
			if (!hdr++)
				fprintf(f, "<h2>Rule IDs the model does not have</h2>\n<ul>\n");
			fprintf(f, "<li><code>");
			html_esc(f, sc->rules[k]);
			fprintf(f, "</code> in ");
			html_esc(f, mx->scn[i].name);
			fprintf(f, "</li>\n");
		}
	}
	if (hdr)
		fprintf(f, "</ul>\n");
	fprintf(f, "</body></html>\n");
}

static int write_atomic(const char *path, const char *data, size_t len)
{
	char tmp[4200];
	int e;
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return WC_EIO;
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fd = -1;
		goto fail;
	}
	return WC_OK;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return WC_EIO;
}

int wc_mx_write(const wc_mx *mx, const char *out_dir)
{
	char path[4096];
	for (int which = 0; which < 2; which++) {
		char *data = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&data, &len);
		if (!f)
			return WC_EIO;
		if (which == 0)
			write_md(f, mx, out_dir);
		else
			write_html(f, mx, out_dir);
		if (fclose(f) != 0) {
			free(data);
			return WC_EIO;
		}
		snprintf(path, sizeof path, "%s/%s", out_dir, which == 0 ? "matrix.md" : "matrix.html");
		int rc = write_atomic(path, data, len);
		free(data);
		if (rc != WC_OK)
			return rc;
	}
	return WC_OK;
}
