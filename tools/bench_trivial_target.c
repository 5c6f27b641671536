/*
 * Baseline for `make bench`: a trivial parser as a libFuzzer target (reads
 * a 2-byte length and a type byte, checks them against the input size), so
 * the exec/s of every real target can be read against what this machine
 * gives a target that does almost nothing, in the same run. Not a fuzz
 * target of the project (not in TARGETS); built by the bench rule only.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	size_t len = (size_t)(data[0] << 8 | data[1]);
	if (len > size - 3)
		return 0;
	volatile uint8_t type = data[2];
	(void)type;
	return 0;
}
