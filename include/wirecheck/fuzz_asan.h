#ifndef WC_FUZZ_ASAN_H
#define WC_FUZZ_ASAN_H

/*
 * ASan defaults of wirecheck's fuzz targets (ASAN_OPTIONS overrides them).
 * Defines __asan_default_options: include this header in exactly one
 * translation unit of a fuzz target binary.
 *
 * quarantine_size_mb=16: a freed chunk stays poisoned until 16 MB more have
 * been freed. That is far more than one input allocates (a parser target
 * allocates nothing of its own, only libFuzzer's copy of the input; an lwIP
 * target at most a few thousand pbufs, segments and pcbs), so a use after
 * free within an input, or in the next ones, is still caught. With the
 * default 256 MB, ASan keeps handing out fresh, cold memory for every
 * allocation: ~15% of lwip_tcp's time went to page faults, and the parser
 * targets' input copies miss the cache.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

#endif
