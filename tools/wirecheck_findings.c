/*
 * `wirecheck findings ...`: the findings pipeline is Python (standard library
 * only, /usr/bin/python3); this subcommand execs tools/findings.py with the
 * same arguments. The script is found through $WIRECHECK_TOOLS (a directory
 * holding findings.py), else relative to this binary: the binary lives in
 * build/<variant>/bin/, three levels below the repository root.
 */
#include "wirecheck.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WC_FINDINGS_PY "/usr/bin/python3"

static int wc_findings_script(char *out, size_t cap)
{
	const char *dir = getenv("WIRECHECK_TOOLS");
	char exe[PATH_MAX];
	ssize_t n;
	int w;

	if (dir && *dir) {
		w = snprintf(out, cap, "%s/findings.py", dir);
		return (w > 0 && (size_t)w < cap) ? 0 : -1;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	/* <root>/build/<variant>/bin/wirecheck -> <root> */
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return -1;
		*slash = '\0';
	}
	w = snprintf(out, cap, "%s/tools/findings.py", exe);
	return (w > 0 && (size_t)w < cap) ? 0 : -1;
}

int wc_cli_findings(int argc, char **argv)
{
	char script[PATH_MAX];
	char **args;

	if (wc_findings_script(script, sizeof script) != 0)
		return wc_cli_fail(NULL, -1, "findings: cannot locate tools/findings.py (set WIRECHECK_TOOLS)");
	if (access(script, R_OK) != 0)
		return wc_cli_fail(script, -1, "%s (set WIRECHECK_TOOLS to the tools/ directory)", strerror(errno));
	args = calloc((size_t)argc + 2, sizeof *args);
	if (!args)
		return wc_cli_fail(NULL, -1, "out of memory");
	args[0] = (char *)WC_FINDINGS_PY;
	args[1] = script;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	args[argc + 1] = NULL;
	execv(WC_FINDINGS_PY, args);
	free(args);
	return wc_cli_fail(WC_FINDINGS_PY, -1, "cannot run: %s", strerror(errno));
}
