# wirecheck — one non-recursive Makefile.
#
#   make test              unit tests, corpus/regression replay, scenarios, fuzz smoke
#   make fuzz-T            libFuzzer + ASan + UBSan on corpus/T   (FUZZ_TIME=s, FUZZ_FLAGS=...)
#   make afl-T             AFL++ persistent mode on corpus/T      (FUZZ_TIME=s)
#   make replay-T          engine-less replay of corpus/T and regressions/T
#   make bench             figures beside their same-run baselines
#   make corpus            regenerate seed corpora with scapy
#   make deps              install Debian packages + fetch lwIP source package
#
# Build variants live in build/<variant>/: fuzz (libFuzzer+ASan+UBSan),
# fuzzplain (libFuzzer, no sanitizer), replay (ASan+UBSan, driver main),
# afl (afl-clang-fast + ASan+UBSan), test (unit tests, ASan+UBSan),
# release (-O2, no sanitizer: benches and the CLI).

# ---------------------------------------------------------------------------
# The fuzz targets: this list is the only place they are named.
TARGETS := wire_eth wire_ipv4 wire_ipv6 wire_tcp cksum view pcap

# ---------------------------------------------------------------------------
CLANG_VER ?= 14
CC        := clang-$(CLANG_VER)
LLVM_BIN  := /usr/lib/llvm-$(CLANG_VER)/bin
AFL_CC    := afl-clang-fast
PY        := /usr/bin/python3
B         := build
FUZZ_TIME ?= 60
FUZZ_FLAGS ?=
SMOKE_RUNS ?= 20000

WFLAGS  := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -g
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

VARIANTS := fuzz fuzzplain replay afl test release
fuzz_CC          := $(CC)
fuzz_CFLAGS      := -O1 -fsanitize=fuzzer-no-link $(SAN)
fuzz_LDFLAGS     := -fsanitize=fuzzer $(SAN)
fuzzplain_CC     := $(CC)
fuzzplain_CFLAGS := -O2 -fsanitize=fuzzer-no-link
fuzzplain_LDFLAGS:= -fsanitize=fuzzer
replay_CC        := $(CC)
replay_CFLAGS    := -O1 $(SAN) -DWC_REPLAY
replay_LDFLAGS   := $(SAN)
afl_CC           := AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 $(AFL_CC)
afl_CFLAGS       := -O2 -fno-omit-frame-pointer
afl_LDFLAGS      := -fsanitize=address,undefined
test_CC          := $(CC)
test_CFLAGS      := -O1 $(SAN)
test_LDFLAGS     := $(SAN)
release_CC       := $(CC)
release_CFLAGS   := -O2 -march=native
release_LDFLAGS  :=

# Sources by layer (dependency direction: lib <- models <- differential/targets/tools).
LIB_SRC   := $(wildcard lib/*.c)
MODEL_SRC := $(wildcard models/*.c models/tcp/*.c)
CORE_SRC  := $(LIB_SRC) $(MODEL_SRC)
LIBS      := -lpcap -lm

# Per-target extra sources and libraries: EXTRA_SRC_<target>, EXTRA_LIBS_<target>.

obj = $(patsubst %.c,$(B)/$(1)/obj/%.o,$(2))

# ---------------------------------------------------------------------------
# Dependencies: installed automatically when missing.
DEPS_STAMP := $(B)/.deps-ok
$(DEPS_STAMP): tools/deps.sh
	@mkdir -p $(B)
	@sh tools/deps.sh
	@touch $@

.PHONY: deps
deps:
	sh tools/deps.sh
	@mkdir -p $(B) && touch $(DEPS_STAMP)

# ---------------------------------------------------------------------------
# Compile rules for every variant.
define VARIANT_RULES
$(B)/$(1)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$$($(1)_CC) $$(WFLAGS) $$($(1)_CFLAGS) $$(CFLAGS_$$(<)) -MMD -MP -c $$< -o $$@

$(B)/$(1)/libwc.a: $(call obj,$(1),$(CORE_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
endef
$(foreach v,$(VARIANTS),$(eval $(call VARIANT_RULES,$(v))))

# Link rules: one binary per (variant, target).
define TARGET_RULES
$(B)/fuzz/bin/$(1): $(call obj,fuzz,targets/$(1).c $(EXTRA_SRC_$(1))) $(B)/fuzz/libwc.a $(EXTRA_DEPS_fuzz_$(1))
	@mkdir -p $$(@D)
	$$(fuzz_CC) $$(fuzz_LDFLAGS) $$^ $$(EXTRA_LIBS_$(1)) $$(LIBS) -o $$@
$(B)/fuzzplain/bin/$(1): $(call obj,fuzzplain,targets/$(1).c $(EXTRA_SRC_$(1))) $(B)/fuzzplain/libwc.a $(EXTRA_DEPS_fuzzplain_$(1))
	@mkdir -p $$(@D)
	$$(fuzzplain_CC) $$(fuzzplain_LDFLAGS) $$^ $$(EXTRA_LIBS_$(1)) $$(LIBS) -o $$@
$(B)/replay/bin/$(1): $(call obj,replay,targets/$(1).c targets/replay_main.c $(EXTRA_SRC_$(1))) $(B)/replay/libwc.a $(EXTRA_DEPS_replay_$(1))
	@mkdir -p $$(@D)
	$$(replay_CC) $$(replay_LDFLAGS) $$^ $$(EXTRA_LIBS_$(1)) $$(LIBS) -o $$@
$(B)/afl/bin/$(1): $(call obj,afl,targets/$(1).c targets/afl_main.c $(EXTRA_SRC_$(1))) $(B)/afl/libwc.a $(EXTRA_DEPS_afl_$(1))
	@mkdir -p $$(@D)
	$$(afl_CC) $$(afl_LDFLAGS) $$^ $$(EXTRA_LIBS_$(1)) $$(LIBS) -o $$@

.PHONY: fuzz-$(1) afl-$(1) replay-$(1)
fuzz-$(1): $(B)/fuzz/bin/$(1)
	@mkdir -p $(B)/corpus/$(1) $(B)/crashes/$(1)
	$(B)/fuzz/bin/$(1) -max_total_time=$$(FUZZ_TIME) -artifact_prefix=$(B)/crashes/$(1)/ \
	  $$(shell sh tools/fuzz-args.sh $(1)) $$(FUZZ_FLAGS) $(B)/corpus/$(1) corpus/$(1)
afl-$(1): $(B)/afl/bin/$(1)
	@mkdir -p $(B)/afl-out/$(1)
	AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	  afl-fuzz -V $$(FUZZ_TIME) -i corpus/$(1) -o $(B)/afl-out/$(1) \
	  $$(if $$(wildcard targets/$(1).dict),-x targets/$(1).dict) $$(AFL_FLAGS) -- $(B)/afl/bin/$(1)
replay-$(1): $(B)/replay/bin/$(1)
	$(B)/replay/bin/$(1) corpus/$(1) $$(wildcard regressions/$(1))
endef
$(foreach t,$(TARGETS),$(eval $(call TARGET_RULES,$(t))))

# ---------------------------------------------------------------------------
# Unit tests: every */tests/test_*.c is one cmocka binary linked with libwc.
TEST_SRC := $(wildcard lib/tests/test_*.c models/tests/test_*.c models/tcp/tests/test_*.c differential/tests/test_*.c tools/tests/test_*.c)
TEST_BINS := $(patsubst %.c,$(B)/test/bin/%,$(notdir $(TEST_SRC)))
vpath test_%.c $(sort $(dir $(TEST_SRC)))
$(B)/test/bin/%: $(B)/test/obj/tests/%.o $(B)/test/libwc.a $(EXTRA_TEST_OBJS_$*)
	@mkdir -p $(@D)
	$(test_CC) $(test_LDFLAGS) $^ -lcmocka $(LIBS) -o $@
$(B)/test/obj/tests/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(test_CC) $(WFLAGS) $(test_CFLAGS) -MMD -MP -c $< -o $@

.PHONY: all test unit replay smoke bench corpus clean tools
all: $(foreach t,$(TARGETS),$(B)/replay/bin/$(t)) $(TEST_BINS) tools

unit: $(TEST_BINS)

test: $(TEST_BINS) $(foreach t,$(TARGETS),$(B)/replay/bin/$(t) $(B)/fuzz/bin/$(t)) tools
	@sh tools/test.sh "$(TARGETS)" "$(TEST_BINS)"

# ---------------------------------------------------------------------------
# The CLI.
TOOL_SRC := $(wildcard tools/wirecheck*.c)
tools: $(B)/release/bin/wirecheck
$(B)/release/bin/wirecheck: $(call obj,release,$(TOOL_SRC)) $(B)/release/libwc.a
	@mkdir -p $(@D)
	$(release_CC) $^ $(LIBS) -o $@

corpus: | $(DEPS_STAMP)
	$(PY) tools/gen_corpus.py

clean:
	rm -rf $(B)/fuzz $(B)/fuzzplain $(B)/replay $(B)/afl $(B)/test $(B)/release

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# Benchmarks: figures beside same-run baselines (tools/bench.sh).
PARSER_TARGETS := wire_eth wire_ipv4 wire_ipv6 wire_tcp
BENCH_BINS = $(wildcard tools/bench_*.c)
bench: $(foreach t,$(TARGETS),$(B)/fuzz/bin/$(t) $(B)/fuzzplain/bin/$(t)) $(patsubst tools/%.c,$(B)/release/bin/%,$(BENCH_BINS))
	@bash tools/bench.sh "$(TARGETS)" "$(PARSER_TARGETS)"

$(B)/release/bin/bench_%: $(B)/release/obj/tools/bench_%.o $(B)/release/libwc.a $(EXTRA_BENCH_DEPS_bench_$*)
	@mkdir -p $(@D)
	$(release_CC) $^ $(EXTRA_BENCH_LIBS_bench_$*) $(LIBS) -o $@

print-targets:
	@echo $(TARGETS)
