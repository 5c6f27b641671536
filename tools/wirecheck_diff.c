/*
 * wirecheck run / conformance: the differential engine from the command
 * line. Scenarios are parsed here; every (scenario, stack) pair runs in its
 * own child process (differential/runner.h) with a deadline, several at a
 * time, so a hang or crash in one never stops the rest.
 */
#include "wirecheck.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../differential/matrix.h"
#include "../differential/runner.h"
#include "../differential/scenario.h"
#include "../differential/sut.h"

#define SCN_TEXT_MAX (1u << 20)
#define DEF_STACKS "model,lwip,linux"

typedef struct scn_entry {
	char *path;
	char *name;
	wc_scenario *sc;   /* NULL if it does not parse */
	char err[300];
} scn_entry;

typedef struct scn_list {
	scn_entry *v;
	unsigned n, cap;
} scn_list;

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int add_file(scn_list *l, const char *path, const char *root)
{
	if (l->n == l->cap) {
		unsigned nc = l->cap ? l->cap * 2 : 32;
		scn_entry *nv = realloc(l->v, nc * sizeof *nv);
		if (!nv)
			return -1;
		l->v = nv;
		l->cap = nc;
	}
	scn_entry *e = &l->v[l->n++];
	memset(e, 0, sizeof *e);
	e->path = strdup(path);
	/* name: path below root without ".pkt"; a file given alone: the part after
	 * "scenarios/", else its base name */
	const char *rel = path;
	size_t rl = root ? strlen(root) : 0;
	if (root && strncmp(path, root, rl) == 0 && path[rl] == '/')
		rel = path + rl + 1;
	else if (strstr(path, "scenarios/"))
		rel = strstr(path, "scenarios/") + strlen("scenarios/"); /* same name as in a library run */
	else if (strrchr(path, '/'))
		rel = strrchr(path, '/') + 1;
	e->name = strdup(rel);
	if (!e->path || !e->name)
		return -1;
	if (ends_with(e->name, ".pkt"))
		e->name[strlen(e->name) - 4] = 0;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const scn_entry *)a)->path, ((const scn_entry *)b)->path);
}

static int walk(scn_list *l, const char *dir, const char *root)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char p[4096];
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(l, p, root);
		else if (ends_with(de->d_name, ".pkt"))
			add_file(l, p, root);
	}
	closedir(d);
	return 0;
}

/* Files and directories (recursed for *.pkt) -> sorted list, parsed. */
static int collect(scn_list *l, char **args, int nargs)
{
	char *text = malloc(SCN_TEXT_MAX);
	if (!text)
		return -1;
	for (int i = 0; i < nargs; i++) {
		struct stat st;
		char root[4096];
		snprintf(root, sizeof root, "%s", args[i]);
		while (strlen(root) > 1 && root[strlen(root) - 1] == '/')
			root[strlen(root) - 1] = 0;
		if (stat(root, &st) == 0 && S_ISDIR(st.st_mode)) {
			unsigned first = l->n;
			walk(l, root, root);
			qsort(l->v + first, l->n - first, sizeof *l->v, cmp_entry);
		} else {
			add_file(l, root, NULL);
		}
	}
	for (unsigned i = 0; i < l->n; i++) {
		scn_entry *e = &l->v[i];
		e->sc = malloc(sizeof *e->sc);
		if (!e->sc) {
			free(text);
			return -1;
		}
		if (wc_scenario_parse_file(e->path, text, SCN_TEXT_MAX, e->sc, e->err, sizeof e->err) != WC_OK) {
			free(e->sc);
			e->sc = NULL;
		}
	}
	free(text);
	return 0;
}

static int mkdirs(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int parse_stacks(const char *list, const wc_sut_ops **out, unsigned *n)
{
	char buf[256];
	*n = 0;
	snprintf(buf, sizeof buf, "%s", list);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		const wc_sut_ops *ops = wc_sut_find(t);
		if (!ops) {
			fprintf(stderr, "wirecheck: unknown stack '%s' (known:", t);
			for (int i = 0; wc_sut_all[i]; i++)
				fprintf(stderr, " %s", wc_sut_all[i]->name);
			fprintf(stderr, ")\n");
			return -1;
		}
		if (*n == WC_MX_MAX_STACKS)
			return -1;
		out[(*n)++] = ops;
	}
	return *n ? 0 : -1;
}

typedef struct job_slot {
	int used;
	unsigned idx;        /* scenario * nstacks + stack */
	char pcap[4096];
	wc_run_job job;
} job_slot;

/* Run every parsed scenario on every stack, jobs at a time; results into
 * res[i * nst + j]. Prints one line per finished run when verbose. */
static void run_all(scn_list *l, const wc_sut_ops **st, unsigned nst, const char *out_dir,
		    uint64_t timeout_us, unsigned jobs, wc_run_result *res, int print, int mirror)
{
	job_slot *slots = calloc(jobs, sizeof *slots);
	unsigned total = l->n * nst, next = 0, running = 0;
	if (!slots) {
		for (unsigned k = 0; k < total; k++) {
			res[k].status = WC_RUN_ERROR;
			snprintf(res[k].why, sizeof res[k].why, "out of memory");
		}
		return;
	}
	while (next < total || running) {
		/* fill free slots */
		for (unsigned s = 0; s < jobs && next < total; s++) {
			if (slots[s].used)
				continue;
			unsigned i = next / nst, j = next % nst;
			scn_entry *e = &l->v[i];
			wc_run_result *r = &res[next];
			next++;
			if (!e->sc) {
				memset(r, 0, sizeof *r);
				snprintf(r->stack, sizeof r->stack, "%s", st[j]->name);
				r->status = WC_RUN_ERROR;
				snprintf(r->why, sizeof r->why, "%s", e->err);
				continue;
			}
			wc_run_opts o;
			wc_run_opts_default(&o);
			o.timeout_us = timeout_us;
			o.mirror = mirror;
			char dir[4096];
			wc_mx_pcap_path(out_dir, st[j]->name, e->name, slots[s].pcap, sizeof slots[s].pcap);
			snprintf(dir, sizeof dir, "%s", slots[s].pcap);
			if (strrchr(dir, '/'))
				*strrchr(dir, '/') = 0;
			if (mkdirs(dir) == 0)
				o.pcap_path = slots[s].pcap;
			slots[s].used = 1;
			slots[s].idx = next - 1;
			wc_run_start(e->sc, st[j], &o, &slots[s].job);
			running++;
		}
		if (!running)
			continue;
		struct pollfd pf[64];
		unsigned np = 0;
		for (unsigned s = 0; s < jobs && np < 64; s++)
			if (slots[s].used && slots[s].job.fd >= 0) {
				pf[np].fd = slots[s].job.fd;
				pf[np].events = POLLIN;
				np++;
			}
		if (np)
			poll(pf, np, 20);
		for (unsigned s = 0; s < jobs; s++) {
			if (!slots[s].used || !wc_run_poll(&slots[s].job, 0))
				continue;
			res[slots[s].idx] = slots[s].job.res;
			slots[s].used = 0;
			running--;
			if (print) {
				char line[600];
				wc_run_format(&slots[s].job.res, line, sizeof line);
				printf("%s: %s\n", l->v[slots[s].idx / nst].path, line);
				fflush(stdout);
			}
		}
	}
	free(slots);
}

static void free_list(scn_list *l)
{
	for (unsigned i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].name);
		free(l->v[i].sc);
	}
	free(l->v);
}

static unsigned default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return (unsigned)(n * 4 > 32 ? 32 : n * 4);
}

/*
 * wirecheck run [--stack LIST] [--out DIR] [--timeout S] [--jobs N] [--no-model] FILE.pkt|DIR...
 */
int wc_cli_run(int argc, char **argv)
{
	const char *stacks = DEF_STACKS, *out = "build/conformance";
	double timeout = 10;
	unsigned jobs = default_jobs();
	int i, mirror = 1;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--no-model") == 0)
			mirror = 0;
		else if (strcmp(argv[i], "--stack") == 0 && i + 1 < argc)
			stacks = argv[++i];
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			timeout = atof(argv[++i]);
		else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
			jobs = (unsigned)atoi(argv[++i]);
		else
			return wc_cli_usage("run");
	}
	if (i == argc || timeout <= 0 || jobs < 1 || jobs > 64)
		return wc_cli_usage("run");
	const wc_sut_ops *st[WC_MX_MAX_STACKS];
	unsigned nst;
	if (parse_stacks(stacks, st, &nst) != 0)
		return 2;
	scn_list l = {0};
	if (collect(&l, argv + i, argc - i) != 0) {
		free_list(&l);
		return wc_cli_fail(NULL, -1, "out of memory");
	}
	if (!l.n) {
		free_list(&l);
		return wc_cli_fail(argv[i], -1, "no scenario (*.pkt) found");
	}
	int bad = 0;
	for (unsigned k = 0; k < l.n; k++)
		if (!l.v[k].sc) {
			fprintf(stderr, "%s\n", l.v[k].err);
			bad = 1;
		}
	wc_run_result *res = calloc((size_t)l.n * nst, sizeof *res);
	if (!res) {
		free_list(&l);
		return wc_cli_fail(NULL, -1, "out of memory");
	}
	run_all(&l, st, nst, out, (uint64_t)(timeout * 1e6), jobs, res, 0, mirror);
	for (unsigned k = 0; k < l.n; k++) {
		if (!l.v[k].sc)
			continue;
		const wc_run_result *ref = NULL;
		for (unsigned j = 0; j < nst; j++) {
			const wc_run_result *r = &res[k * nst + j];
			char line[600];
			wc_run_format(r, line, sizeof line);
			if (r->status == WC_RUN_PASS || r->status == WC_RUN_DIVERGE)
				printf("%s: %s [%.1f ms, %.0f events/s]\n", l.v[k].path, line, r->wall_us / 1e3,
				       r->wall_us ? r->events * 1e6 / (double)r->wall_us : 0.0);
			else
				printf("%s: %s\n", l.v[k].path, line);
			if (r->status != WC_RUN_PASS && r->status != WC_RUN_SKIP)
				bad = 1;
			if (r->status == WC_RUN_PASS || r->status == WC_RUN_DIVERGE) {
				if (!ref) {
					ref = r;
				} else if (wc_run_trace_diff(ref, r, line, sizeof line) != WC_OK) {
					printf("%s: note: %s\n", l.v[k].path, line);
				}
			}
		}
	}
	free(res);
	free_list(&l);
	return bad;
}

/*
 * wirecheck conformance [--out DIR] [--stack LIST] [--timeout S] [--jobs N] [PATH...]
 */
int wc_cli_conformance(int argc, char **argv)
{
	const char *stacks = DEF_STACKS, *out = "build/conformance";
	double timeout = 10;
	unsigned jobs = default_jobs();
	int i, verbose = 0;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--stack") == 0 && i + 1 < argc)
			stacks = argv[++i];
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			timeout = atof(argv[++i]);
		else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
			jobs = (unsigned)atoi(argv[++i]);
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else
			return wc_cli_usage("conformance");
	}
	if (timeout <= 0 || jobs < 1 || jobs > 64)
		return wc_cli_usage("conformance");
	const wc_sut_ops *st[WC_MX_MAX_STACKS];
	unsigned nst;
	if (parse_stacks(stacks, st, &nst) != 0)
		return 2;
	char *defpath[] = {(char *)"differential/scenarios"};
	char **paths = i < argc ? argv + i : defpath;
	int npaths = i < argc ? argc - i : 1;
	uint64_t t0 = mono_us();
	scn_list l = {0};
	if (collect(&l, paths, npaths) != 0) {
		free_list(&l);
		return wc_cli_fail(NULL, -1, "out of memory");
	}
	if (!l.n) {
		free_list(&l);
		return wc_cli_fail(paths[0], -1, "no scenario (*.pkt) found");
	}
	for (unsigned k = 0; k < l.n; k++)
		if (!l.v[k].sc)
			fprintf(stderr, "%s\n", l.v[k].err);
	if (mkdirs(out) != 0) {
		free_list(&l);
		return wc_cli_fail(out, -1, "cannot create: %s", strerror(errno));
	}
	wc_run_result *res = calloc((size_t)l.n * nst, sizeof *res);
	wc_mx_scn *ms = calloc(l.n, sizeof *ms);
	if (!res || !ms) {
		free(res);
		free(ms);
		free_list(&l);
		return wc_cli_fail(NULL, -1, "out of memory");
	}
	run_all(&l, st, nst, out, (uint64_t)(timeout * 1e6), jobs, res, verbose, 1);
	for (unsigned k = 0; k < l.n; k++) {
		ms[k].name = l.v[k].name;
		ms[k].path = l.v[k].path;
		ms[k].sc = l.v[k].sc;
		ms[k].parse_error = l.v[k].err;
	}
	wc_mx mx = {.nscn = l.n, .scn = ms, .nstacks = nst, .res = res};
	for (unsigned j = 0; j < nst; j++)
		mx.stacks[j] = st[j]->name;
	mx.wall_s = (double)(mono_us() - t0) / 1e6;
	int rc = wc_mx_write(&mx, out);
	char line[1200];
	wc_mx_summary(&mx, line, sizeof line);
	free(res);
	free(ms);
	free_list(&l);
	if (rc != WC_OK)
		return wc_cli_fail(out, -1, "cannot write the matrix: %s", strerror(errno));
	printf("%s -> %s/matrix.html\n", line, out);
	return 0;
}
