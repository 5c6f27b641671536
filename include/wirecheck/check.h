#ifndef WC_CHECK_H
#define WC_CHECK_H

/*
 * Property checks for fuzz targets and harnesses. Unlike assert(), these are
 * never compiled out (NDEBUG has no effect): a failed check prints one line
 * "wirecheck: property failed: <expr> (<file>:<line>): <message>" on stderr
 * and aborts, so libFuzzer, AFL++ and the replay driver all record a crash
 * with a stack trace.
 */

#include <stdio.h>
#include <stdlib.h>

#define WC_CHECK(cond, ...)                                                        \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "wirecheck: property failed: %s (%s:%d): ", \
				#cond, __FILE__, __LINE__);                         \
			fprintf(stderr, __VA_ARGS__);                               \
			fputc('\n', stderr);                                        \
			abort();                                                    \
		}                                                                   \
	} while (0)

#endif
