/*
 * Engine-less replay driver: runs files through a fuzz target's
 * LLVMFuzzerTestOneInput without libFuzzer or AFL++, so CI can replay
 * corpora and regressions with nothing but a compiler and the sanitizers.
 *
 *   replay [-q] PATH...      PATH is a file or a directory (walked recursively,
 *                            in sorted order; sidecar files *.expect, *.md and
 *                            *.txt and hidden files are skipped)
 *
 * Prints "replay: N files, M bytes" and exits 0 when every input ran. A
 * property failure or sanitizer report ends the process (non-zero) after a
 * line "replay: crashed on FILE" on stderr. An unreadable path is reported as
 * "replay: PATH: <reason>" and exits 2 before anything else runs.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static const char *current;

static void say_current(void)
{
	if (current) {
		static const char pre[] = "replay: crashed on ";
		(void)!write(2, pre, sizeof pre - 1);
		(void)!write(2, current, strlen(current));
		(void)!write(2, "\n", 1);
	}
}

static void on_abort(int sig)
{
	say_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

struct list {
	char **v;
	size_t n, cap;
};

static int push(struct list *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = strdup(s);
	return l->v[l->n++] ? 0 : -1;
}

static int skipped_name(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return 1;
	static const char *const sfx[] = { ".expect", ".md", ".txt", ".options", ".dict" };
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		size_t k = strlen(sfx[i]);
		if (n >= k && strcmp(name + n - k, sfx[i]) == 0)
			return 1;
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect(const char *path, struct list *out)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return push(out, path);
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct list names = { 0 };
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (skipped_name(e->d_name))
			continue;
		if (push(&names, e->d_name) != 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	qsort(names.v, names.n, sizeof *names.v, cmp);
	int rc = 0;
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		char *p;
		if (asprintf(&p, "%s/%s", path, names.v[i]) < 0)
			return -1;
		rc = collect(p, out);
		free(p);
	}
	for (size_t i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return rc;
}

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, n = 0;
	uint8_t *b = malloc(cap);
	while (b) {
		size_t r = fread(b + n, 1, cap - n, f);
		n += r;
		if (n < cap)
			break;
		uint8_t *nb = realloc(b, cap * 2);
		if (!nb) {
			free(b);
			b = NULL;
			break;
		}
		b = nb;
		cap *= 2;
	}
	int err = ferror(f) || !b;
	fclose(f);
	if (err) {
		free(b);
		return -1;
	}
	/* Exact-size copy so ASan sees any read past the input. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(b);
		return -1;
	}
	memcpy(exact, b, n);
	free(b);
	*buf = exact;
	*len = n;
	return 0;
}

int main(int argc, char **argv)
{
	int quiet = 0, first = 1;
	if (argc > 1 && strcmp(argv[1], "-q") == 0) {
		quiet = 1;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: %s [-q] FILE|DIR...\n", argv[0]);
		return 2;
	}
	struct list files = { 0 };
	for (int i = first; i < argc; i++)
		if (collect(argv[i], &files) != 0)
			return 2;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(say_current);
	signal(SIGABRT, on_abort);
	signal(SIGSEGV, on_abort);
	size_t bytes = 0;
	for (size_t i = 0; i < files.n; i++) {
		uint8_t *buf;
		size_t len;
		if (read_file(files.v[i], &buf, &len) != 0) {
			fprintf(stderr, "replay: %s: %s\n", files.v[i], strerror(errno ? errno : EIO));
			return 2;
		}
		current = files.v[i];
		LLVMFuzzerTestOneInput(buf, len);
		current = NULL;
		bytes += len;
		free(buf);
	}
	if (!quiet)
		printf("replay: %zu files, %zu bytes\n", files.n, bytes);
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	return 0;
}
