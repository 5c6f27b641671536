/*
 * AFL++ entry for every target: persistent mode with the shared-memory test
 * case buffer (afl-clang-fast defines the __AFL_* macros). Each input is
 * copied into an exact-size heap buffer so ASan sees reads past its end.
 * Outside afl-fuzz the same binary reads one input from stdin (or from the
 * file named by argv[1]) and runs it once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#ifndef __AFL_FUZZ_TESTCASE_LEN
/* Plain compiler (no afl-clang-fast): behave as a one-shot stdin runner. */
static uint8_t wc_stdin_buf[1 << 20];
static ssize_t wc_stdin_len;
#define __AFL_FUZZ_INIT() void wc_afl_unused(void)
#define __AFL_INIT() (wc_stdin_len = read(0, wc_stdin_buf, sizeof wc_stdin_buf))
#define __AFL_FUZZ_TESTCASE_BUF wc_stdin_buf
#define __AFL_FUZZ_TESTCASE_LEN (wc_stdin_len > 0 ? (size_t)wc_stdin_len : 0)
#define __AFL_LOOP(n) (wc_afl_once_())
static int wc_afl_once_(void)
{
	static int done;
	return done++ == 0;
}
#endif

__AFL_FUZZ_INIT();

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		FILE *f = fopen(argv[1], "rb");
		if (!f) {
			perror(argv[1]);
			return 2;
		}
		if (dup2(fileno(f), 0) < 0)
			return 2;
		fclose(f);
	}
	__AFL_INIT();
	unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000)) {
		size_t len = __AFL_FUZZ_TESTCASE_LEN;
		uint8_t *copy = malloc(len ? len : 1);
		if (!copy)
			abort();
		memcpy(copy, buf, len);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
	}
	return 0;
}
