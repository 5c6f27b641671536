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
# release (-O2, no sanitizer: benches and the CLI); fuzzwire and
# fuzzplainwire hold the parser targets' objects for fuzz/ and fuzzplain/.

# ---------------------------------------------------------------------------
# The fuzz targets: this list is the only place they are named.
TARGETS := wire_eth wire_ipv4 wire_ipv6 wire_tcp cksum view pcap model_tcp lwip_frame lwip_tcp lwip_cksum lwip_pbuf tcp_diff
# The header-parser targets among them (speed goal in `make bench`; their
# libFuzzer builds leave the oracle out of coverage, see fuzzwire below).
PARSER_TARGETS := wire_eth wire_ipv4 wire_ipv6 wire_tcp

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

VARIANTS := fuzz fuzzplain replay afl test release coverage
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
# fuzzwire / fuzzplainwire: fuzz / fuzzplain plus a SanitizerCoverage
# ignorelist that leaves the emitters and checksum code (the parser targets'
# oracle) uninstrumented; build/fuzz{,plain}/bin/<PARSER_TARGETS> link these
# objects, every other target keeps full coverage. Why: tools/wire-cov-ignore.txt.
WIRE_COV_IGNORE := tools/wire-cov-ignore.txt
wire_cov = $(if $(filter -fsanitize=fuzzer-no-link -fsanitize-coverage=%,$(1)),-fsanitize-coverage-ignorelist=$(WIRE_COV_IGNORE))
fuzzwire_CC      := $(fuzz_CC)
fuzzwire_CFLAGS  := $(fuzz_CFLAGS) $(call wire_cov,$(fuzz_CFLAGS))
fuzzplainwire_CC := $(fuzzplain_CC)
fuzzplainwire_CFLAGS := $(fuzzplain_CFLAGS) $(call wire_cov,$(fuzzplain_CFLAGS))
VARIANTS += fuzzwire fuzzplainwire
# objv,VARIANT,TARGET: the variant whose objects VARIANT's binary of TARGET links.
objv = $(if $(filter $(2),$(PARSER_TARGETS)),$(1)wire,$(1))
coverage_CC      := $(CC)
coverage_CFLAGS  := -O1 -fprofile-instr-generate -fcoverage-mapping -DWC_REPLAY
coverage_LDFLAGS := -fprofile-instr-generate -fcoverage-mapping

# Sources by layer (dependency direction: lib <- models <- differential/targets/tools).
LIB_SRC   := $(wildcard lib/*.c)
MODEL_SRC := $(wildcard models/*.c models/tcp/*.c)
CORE_SRC  := $(LIB_SRC) $(MODEL_SRC)
LIBS      := -lpcap -lm

# Per-target extra sources and libraries: EXTRA_SRC_<target>, EXTRA_LIBS_<target>.

obj = $(patsubst %.c,$(B)/$(1)/obj/%.o,$(2))

# ===========================================================================
# lwIP (begin) -- Debian's lwIP 2.1.3, two builds of the same library:
#   LWIP=inst     (default) build/lwip-src (Debian's source package with its
#                 patches, fetched by tools/deps.sh) compiled here per variant
#                 into build/<variant>/lwip/liblwip.a with that variant's
#                 instrumentation, Debian's lwipopts.h/cc.h, no extra -D.
#   LWIP=shipped  Debian's liblwip.so (-llwip) as installed.
#   LWIP=patched  the instrumented build with local fixes: a copy of
#                 build/lwip-src in build/lwip-src-patched with every
#                 $(LWIP_PATCHES)/*.patch applied (patch -p1, name order;
#                 tools/lwip_patched.sh), objects in build/<variant>/lwip-patched/.
#                 For fuzzing past known findings that are still open (a
#                 shallow bug hit every few thousand inputs keeps a campaign
#                 restarting instead of searching). The default patch
#                 directory is the private findings store's lwip-patches/
#                 (a fix reveals an embargoed bug; name each patch after its
#                 finding). Regression replay and `make test` use LWIP=inst:
#                 there every open finding must still reproduce.
# The link input build/<variant>/lwip/select.ld (a linker script) names the
# chosen library and is rewritten only when LWIP changes, so switching
# relinks. sys_now (virtual clock) and mem/memp malloc/free (resource
# accounting) are provided by differential/stacks/lwip.c: the shared library
# resolves them through the PLT; in the archive they are made weak.
LWIP ?= inst
LWIP_SRCDIR := $(B)/lwip-src
LWIP_PATCHES ?= $(or $(WIRECHECK_PRIVATE),$(or $(XDG_DATA_HOME),$(HOME)/.local/share)/wirecheck/private)/lwip-patches
# Source tree and object directory of the instrumented build in use.
LWIP_TREE := $(if $(filter patched,$(LWIP)),$(B)/lwip-src-patched,$(LWIP_SRCDIR))
LWIP_OBJ  := $(if $(filter patched,$(LWIP)),lwip-patched,lwip)
# Debian's lwipnoapps_SRCS + lwipportunix_SRCS (src/Filelists.cmake,
# port/Filelists.cmake; debian/patches/cmake drops slipif.c).
LWIP_SRC := $(addprefix src/core/,init.c def.c dns.c inet_chksum.c ip.c mem.c memp.c netif.c \
  pbuf.c raw.c stats.c sys.c altcp.c altcp_alloc.c altcp_tcp.c tcp.c tcp_in.c tcp_out.c \
  timeouts.c udp.c) \
  $(addprefix src/core/ipv4/,autoip.c dhcp.c etharp.c icmp.c igmp.c ip4_frag.c ip4.c ip4_addr.c) \
  $(addprefix src/core/ipv6/,dhcp6.c ethip6.c icmp6.c inet6.c ip6.c ip6_addr.c ip6_frag.c mld6.c nd6.c) \
  $(addprefix src/api/,api_lib.c api_msg.c err.c if_api.c netbuf.c netdb.c netifapi.c sockets.c tcpip.c) \
  $(addprefix src/netif/,ethernet.c bridgeif.c bridgeif_fdb.c lowpan6_common.c lowpan6.c \
  lowpan6_ble.c zepif.c) \
  $(addprefix src/netif/ppp/,auth.c ccp.c chap-md5.c chap_ms.c chap-new.c demand.c eap.c ecp.c \
  eui64.c fsm.c ipcp.c ipv6cp.c lcp.c magic.c mppe.c multilink.c ppp.c pppapi.c pppcrypt.c \
  pppoe.c pppol2tp.c pppos.c upap.c utils.c vj.c polarssl/arc4.c polarssl/des.c polarssl/md4.c \
  polarssl/md5.c polarssl/sha1.c) \
  port/sys_arch.c port/netif/fifo.c port/netif/list.c port/netif/sio.c port/netif/tapif.c
# lwIP's own warning set (lib/CMakeLists.txt) without -Werror / -pedantic;
# alignment checks off as in lwIP's LWIP_USE_SANITIZERS (packed headers).
LWIP_CFLAGS := -g -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-unused-but-set-variable -Wno-parentheses-equality \
  -I$(LWIP_TREE)/src/include -I$(LWIP_TREE)/port/include
LWIP_NOALIGN := -fno-sanitize=alignment
# Symbols the harness provides (made weak in these objects).
LWIP_WEAKEN_port/sys_arch.o := sys_now
LWIP_WEAKEN_src/core/mem.o  := mem_malloc mem_calloc mem_free
LWIP_WEAKEN_src/core/memp.o := memp_malloc memp_free
LWIP_WEAKEN_src/api/tcpip.o := tcpip_try_callback
# File-static state the adapter's reset restores (differential/stacks/lwip.c,
# "Static state"): each name N becomes the global wc_lwipstate_N (dots of
# function-local statics as '_'). Debian's liblwip.so keeps them local.
LWIP_STATE_src/core/ipv4/ip4.o      := ip_id
LWIP_STATE_src/core/ipv6/ip6_frag.o := ip6_frag.identification
LWIP_STATE_src/core/netif.o         := netif_num
LWIP_STATE_src/core/ipv4/etharp.o   := etharp_cached_entry
LWIP_STATE_src/core/ipv6/nd6.o      := nd6_cached_neighbor_index nd6_cached_destination_index \
  nd6_tmr_rs_reduction nd6_select_router.last_router
LWIP_STATE_src/core/tcp.o           := tcp_port
LWIP_STATE_src/core/udp.o           := udp_port
lwip_state_flags = $(foreach v,$(1),--redefine-sym $(v)=wc_lwipstate_$(subst .,_,$(v)) \
  --globalize-symbol=wc_lwipstate_$(subst .,_,$(v)))
# Our code sees lwIP through the installed headers (identical to the source
# package's, see differential/stacks/lwip.c).
LWIP_INC := $(shell pkg-config --cflags-only-I lwip 2>/dev/null | sed 's/-I/-isystem /g')
LWIP_VARIANTS := fuzz fuzzplain replay afl test release coverage

$(LWIP_SRCDIR)/.complete:
	@sh tools/deps.sh || { echo "lwIP: step 'fetch Debian source package lwip (tools/deps.sh)' failed" >&2; exit 1; }
	@test -f $@ || { echo "lwIP: step 'fetch Debian source package lwip': $(LWIP_SRCDIR) still missing" >&2; exit 1; }

.PHONY: FORCE
FORCE:

# The patched tree is rebuilt when the patch set changes (its .complete
# lists every patch and its hash), and every object with it.
$(B)/lwip-src-patched/.complete: FORCE | $(LWIP_SRCDIR)/.complete
	@sh tools/lwip_patched.sh $(LWIP_SRCDIR) "$(LWIP_PATCHES)" $(B)/lwip-src-patched
$(B)/lwip-src-patched/%.c: $(B)/lwip-src-patched/.complete ;

# Every flag that shapes an lwIP object, per variant: rewritten only when it
# changes, so a flag or symbol-list change rebuilds the library once.
LWIP_FLAGS_SIG = $(LWIP_CFLAGS) $(LWIP_NOALIGN) $($(1)_CC) $($(1)_CFLAGS) \
  $(foreach o,$(filter LWIP_WEAKEN_% LWIP_STATE_%,$(.VARIABLES)),$(o)=$($(o)))

define LWIP_RULES
$(B)/$(1)/$(LWIP_OBJ)/flags: FORCE
	@mkdir -p $$(@D)
	@echo '$$(call LWIP_FLAGS_SIG,$(1))' > $$@.tmp
	@if cmp -s $$@.tmp $$@; then rm -f $$@.tmp; else mv $$@.tmp $$@; fi
$(B)/$(1)/$(LWIP_OBJ)/%.o: $(LWIP_TREE)/%.c $(B)/$(1)/$(LWIP_OBJ)/flags $(if $(filter patched,$(LWIP)),$(B)/lwip-src-patched/.complete) | $(LWIP_SRCDIR)/.complete
	@mkdir -p $$(@D)
	@$$($(1)_CC) $$(LWIP_CFLAGS) $$($(1)_CFLAGS) $$(LWIP_NOALIGN) -c $$< -o $$@ \
	  || { echo "lwIP instrumented build ($(1)): step 'compile $$<' failed" >&2; exit 1; }
	@$$(if $$(LWIP_WEAKEN_$$*.o),objcopy $$(addprefix --weaken-symbol=,$$(LWIP_WEAKEN_$$*.o)) $$@ \
	  || { echo "lwIP instrumented build ($(1)): step 'objcopy --weaken-symbol $$@' failed" >&2; exit 1; })
	@$$(if $$(LWIP_STATE_$$*.o),objcopy $$(call lwip_state_flags,$$(LWIP_STATE_$$*.o)) $$@ \
	  || { echo "lwIP instrumented build ($(1)): step 'objcopy --globalize-symbol $$@' failed" >&2; exit 1; })
$(B)/$(1)/$(LWIP_OBJ)/liblwip.a: $(patsubst %.c,$(B)/$(1)/$(LWIP_OBJ)/%.o,$(LWIP_SRC))
	@rm -f $$@
	@ar rcs $$@ $$^ || { echo "lwIP instrumented build ($(1)): step 'ar $$@' failed" >&2; exit 1; }
	@echo "lwIP instrumented build ($(1)): $$@"
$(B)/$(1)/lwip/select.ld: FORCE
	@mkdir -p $$(@D)
	@printf '%s\n' $$(if $$(filter shipped,$$(LWIP)),'/* lwIP as shipped (LWIP=shipped) */' 'INPUT(-llwip)',\
	  '/* lwIP instrumented (LWIP=$(LWIP)) */' 'INPUT($(B)/$(1)/$(LWIP_OBJ)/liblwip.a)') > $$@.tmp
	@if cmp -s $$@.tmp $$@; then rm -f $$@.tmp; else mv $$@.tmp $$@; fi
LWIP_LINK_$(1) := $(B)/$(1)/lwip/select.ld $$(if $$(filter shipped,$$(LWIP)),,$(B)/$(1)/$(LWIP_OBJ)/liblwip.a)
endef
$(foreach v,$(LWIP_VARIANTS),$(eval $(call LWIP_RULES,$(v))))
$(if $(filter-out inst shipped patched,$(LWIP)),$(error LWIP must be 'inst', 'shipped' or 'patched', not '$(LWIP)'))

.PHONY: lwip-inst
lwip-inst: $(foreach v,fuzz replay test release,$(B)/$(v)/lwip/liblwip.a)

LWIP_TARGETS := lwip_frame lwip_tcp lwip_cksum lwip_pbuf tcp_diff
CFLAGS_differential/stacks/lwip.c := $(LWIP_INC)
$(foreach t,$(LWIP_TARGETS),$(eval CFLAGS_targets/$(t).c := $(LWIP_INC)))
$(foreach t,$(LWIP_TARGETS),$(eval EXTRA_SRC_$(t) := differential/stacks/lwip.c differential/stacks/lwip_fuzz.c))
CFLAGS_differential/stacks/lwip_fuzz.c := $(LWIP_INC)
$(foreach t,$(LWIP_TARGETS),$(foreach v,$(LWIP_VARIANTS),$(eval EXTRA_DEPS_$(v)_$(t) := $(LWIP_LINK_$(v)))))
# tcp_diff: lwIP against the model's trace checker, through the runner's
# packet code (differential/diff_tcp.c); bench_diff times it.
TCP_DIFF_SRC := differential/diff_tcp.c differential/runner.c differential/scenario.c \
  differential/stacks/registry.c differential/stacks/model.c differential/stacks/linux.c
EXTRA_SRC_tcp_diff += $(TCP_DIFF_SRC)
$(B)/shipped/bin/tcp_diff: $(TCP_DIFF_SRC) $(MODEL_SRC)
$(B)/release/bin/bench_diff: tools/bench_diff.c differential/stacks/lwip.c $(TCP_DIFF_SRC) $(B)/release/libwc.a $(LWIP_LINK_release) $(B)/release/bin/bench_diff_asan
	@mkdir -p $(@D)
	$(release_CC) $(WFLAGS) $(release_CFLAGS) $(LWIP_INC) $(filter %.c,$^) $(filter %.ld %.a,$^) $(LIBS) -o $@
$(B)/release/bin/bench_diff_asan: tools/bench_diff.c differential/stacks/lwip.c $(TCP_DIFF_SRC) $(B)/test/libwc.a $(LWIP_LINK_test)
	@mkdir -p $(@D)
	$(test_CC) $(WFLAGS) $(test_CFLAGS) $(LWIP_INC) $(filter %.c,$^) $(filter %.ld %.a,$^) $(LIBS) $(test_LDFLAGS) -o $@
# Unit test and bench linked with the adapter.
$(B)/test/bin/test_lwip_adapter: $(call obj,test,differential/stacks/lwip.c) $(LWIP_LINK_test)
# As shipped: each lwIP target built without sanitizers against Debian's
# liblwip.so (whatever LWIP says); `make lwip-asshipped` runs every
# regressions/<target> file through it plainly and under valgrind and checks
# the result against the file's .expect "as-shipped:" line.
LWIP_SHIPPED_DEPS := targets/replay_main.c differential/stacks/lwip.c differential/stacks/lwip_fuzz.c \
  $(LIB_SRC) models/cksum_ref.c models/view_ref.c
$(B)/shipped/bin/%: targets/%.c $(LWIP_SHIPPED_DEPS) | $(LWIP_SRCDIR)/.complete
	@mkdir -p $(@D)
	$(CC) $(WFLAGS) -gdwarf-4 -O1 -DWC_REPLAY $(LWIP_INC) $(filter %.c,$^) -llwip $(LIBS) -o $@
.PHONY: lwip-asshipped
lwip-asshipped: $(foreach t,$(LWIP_TARGETS),$(B)/shipped/bin/$(t))
	@sh tools/lwip_asshipped.sh $(B)/shipped/bin $(LWIP_TARGETS)
# Benchmark: adapter reset + handshake/data/close cycles, release flags.
$(B)/release/bin/bench_lwip: tools/bench_lwip.c differential/stacks/lwip.c $(LIB_SRC) $(LWIP_LINK_release)
	@mkdir -p $(@D)
	$(release_CC) $(WFLAGS) $(release_CFLAGS) $(LWIP_INC) $(filter %.c,$^) $(filter %.ld %.a,$^) $(LIBS) -o $@
# lwIP (end)
# ===========================================================================

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

# Crash artifacts may be undisclosed vulnerabilities in the stack under test:
# they go to the private findings store outside the repository (its incoming
# queue, triaged by `wirecheck findings new --pending`), never under the tree.
PRIVATE_STORE ?= $(or $(WIRECHECK_PRIVATE),$(or $(XDG_DATA_HOME),$(HOME)/.local/share)/wirecheck/private)
CRASH_DIR     ?= $(PRIVATE_STORE)/incoming
AFL_OUT_DIR   ?= $(PRIVATE_STORE)/afl-out

# Link rules: one binary per (variant, target).
define TARGET_RULES
$(B)/fuzz/bin/$(1): $(call obj,$(call objv,fuzz,$(1)),targets/$(1).c $(EXTRA_SRC_$(1))) $(B)/$(call objv,fuzz,$(1))/libwc.a $(EXTRA_DEPS_fuzz_$(1))
	@mkdir -p $$(@D)
	$$(fuzz_CC) $$(fuzz_LDFLAGS) $$^ $$(EXTRA_LIBS_$(1)) $$(LIBS) -o $$@
$(B)/fuzzplain/bin/$(1): $(call obj,$(call objv,fuzzplain,$(1)),targets/$(1).c $(EXTRA_SRC_$(1))) $(B)/$(call objv,fuzzplain,$(1))/libwc.a $(EXTRA_DEPS_fuzzplain_$(1))
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
	@mkdir -p $(B)/corpus/$(1) $(CRASH_DIR)/$(1)
	$(B)/fuzz/bin/$(1) -max_total_time=$$(FUZZ_TIME) -artifact_prefix=$(CRASH_DIR)/$(1)/ \
	  $$(shell sh tools/fuzz-args.sh $(1)) $$(FUZZ_FLAGS) $(B)/corpus/$(1) corpus/$(1)
afl-$(1): $(B)/afl/bin/$(1)
	@mkdir -p $(AFL_OUT_DIR)/$(1)
	AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	  afl-fuzz -V $$(FUZZ_TIME) -i corpus/$(1) -o $(AFL_OUT_DIR)/$(1) \
	  $$(if $$(wildcard targets/$(1).dict),-x targets/$(1).dict) $$(AFL_FLAGS) -- $(B)/afl/bin/$(1)
replay-$(1): $(B)/replay/bin/$(1)
	$(B)/replay/bin/$(1) corpus/$(1) $$(wildcard regressions/$(1))
endef
$(foreach t,$(TARGETS),$(eval $(call TARGET_RULES,$(t))))
# A changed ignorelist recompiles what it applies to.
$(foreach v,fuzzwire fuzzplainwire,$(call obj,$(v),$(CORE_SRC) $(foreach t,$(PARSER_TARGETS),targets/$(t).c))): $(WIRE_COV_IGNORE)

# ---------------------------------------------------------------------------
# Unit tests: every */tests/test_*.c is one cmocka binary linked with libwc.
TEST_SRC := $(wildcard lib/tests/test_*.c models/tests/test_*.c models/tcp/tests/test_*.c differential/tests/test_*.c tools/tests/test_*.c)
TEST_BINS := $(patsubst %.c,$(B)/test/bin/%,$(notdir $(TEST_SRC)))
vpath test_%.c $(sort $(dir $(TEST_SRC)))
# Per-test extra objects: EXTRA_TEST_OBJS_<test> (needs secondary expansion for $$*).
EXTRA_TEST_OBJS_test_linux_sut := $(B)/test/obj/differential/stacks/linux.o
EXTRA_TEST_OBJS_test_scenario := $(B)/test/obj/differential/scenario.o
# The differential engine (scenario parser, runner, SUT registry and adapters):
# linked into the CLI (lwIP as shipped) and the runner's unit test.
DIFF_SRC := differential/scenario.c differential/runner.c differential/matrix.c \
  differential/stacks/registry.c differential/stacks/model.c differential/stacks/linux.c \
  differential/stacks/lwip.c differential/diff_tcp.c
EXTRA_TEST_OBJS_test_runner := $(call obj,test,$(DIFF_SRC))
$(B)/test/bin/test_runner: $(LWIP_LINK_test)
EXTRA_TEST_OBJS_test_diff_tcp := $(call obj,test,$(DIFF_SRC))
$(B)/test/bin/test_diff_tcp: $(LWIP_LINK_test)
.SECONDEXPANSION:
$(B)/test/bin/%: $(B)/test/obj/tests/%.o $$(EXTRA_TEST_OBJS_$$*) $(B)/test/libwc.a
	@mkdir -p $(@D)
	$(test_CC) $(test_LDFLAGS) $^ -lcmocka $(LIBS) -o $@
$(B)/test/obj/tests/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(test_CC) $(WFLAGS) $(test_CFLAGS) -MMD -MP -c $< -o $@

.PHONY: all test unit replay smoke bench corpus clean tools
all: $(foreach t,$(TARGETS),$(B)/replay/bin/$(t)) $(TEST_BINS) tools

unit: $(TEST_BINS)

test: $(TEST_BINS) $(foreach t,$(TARGETS),$(B)/replay/bin/$(t) $(B)/fuzz/bin/$(t)) tools
	@bash tools/test.sh "$(TARGETS)" "$(TEST_BINS)"

# ---------------------------------------------------------------------------
# The CLI.
TOOL_SRC := $(wildcard tools/wirecheck*.c)
tools: $(B)/release/bin/wirecheck
$(B)/release/bin/wirecheck: $(call obj,release,$(TOOL_SRC) $(DIFF_SRC)) $(B)/release/libwc.a
	@mkdir -p $(@D)
	$(release_CC) $^ -llwip $(LIBS) -o $@

# The conformance matrix: every scenario on model, lwIP (as shipped), Linux.
.PHONY: conformance
conformance: $(B)/release/bin/wirecheck
	$(B)/release/bin/wirecheck conformance --out $(B)/conformance differential/scenarios

corpus: $(B)/release/bin/wirecheck | $(DEPS_STAMP)
	$(PY) tools/gen_corpus.py
	@# the scapy conversations, as multi-packet seeds for the stateful lwIP target
	@for p in corpus/pcap/scapy-*.pcap; do case $$p in *-raw.pcap) continue ;; esac; \
	  n=$$(basename $$p .pcap); $(B)/release/bin/wirecheck pcap2mpk $$p corpus/lwip_tcp/pcap-$${n#scapy-}.mpk || exit 1; \
	done

clean:
	rm -rf $(B)/fuzz $(B)/fuzzplain $(B)/fuzzwire $(B)/fuzzplainwire $(B)/replay $(B)/afl $(B)/test $(B)/release

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# Benchmarks: figures beside same-run baselines (tools/bench.sh).
BENCH_BINS = $(filter-out tools/bench_trivial_target.c,$(wildcard tools/bench_*.c))
bench: $(foreach t,$(TARGETS),$(B)/fuzz/bin/$(t) $(B)/fuzzplain/bin/$(t)) $(patsubst tools/%.c,$(B)/release/bin/%,$(BENCH_BINS)) \
  $(B)/fuzz/bench/trivial $(B)/fuzzplain/bench/trivial $(B)/release/bin/wirecheck
	@rm -rf $(B)/bench-bin
	@if ls "$(LWIP_PATCHES)"/*.patch >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory -s LWIP=patched $(B)/fuzz/bin/lwip_tcp && mkdir -p $(B)/bench-bin && \
	  cp $(B)/fuzz/bin/lwip_tcp $(B)/bench-bin/lwip_tcp && ls "$(LWIP_PATCHES)"/*.patch | wc -l > $(B)/bench-bin/npatches; \
	  $(MAKE) --no-print-directory -s $(B)/fuzz/bin/lwip_tcp; fi
	@bash tools/bench.sh "$(TARGETS)" "$(PARSER_TARGETS)"

$(B)/release/bin/bench_%: $(B)/release/obj/tools/bench_%.o $(B)/release/libwc.a $(EXTRA_BENCH_DEPS_bench_$*)
	@mkdir -p $(@D)
	$(release_CC) $^ $(EXTRA_BENCH_LIBS_bench_$*) $(LIBS) -o $@

# The trivial-parser baseline target for the exec/s table.
$(B)/fuzz/bench/trivial: $(B)/fuzz/obj/tools/bench_trivial_target.o
	@mkdir -p $(@D)
	$(fuzz_CC) $(fuzz_LDFLAGS) $^ -o $@
$(B)/fuzzplain/bench/trivial: $(B)/fuzzplain/obj/tools/bench_trivial_target.o
	@mkdir -p $(@D)
	$(fuzzplain_CC) $(fuzzplain_LDFLAGS) $^ -o $@

print-targets:
	@echo $(TARGETS)

# TCP model documentation generated from the table itself (tools/model_doc.c).
.PHONY: model-doc
model-doc: $(B)/release/bin/model_doc
	@mkdir -p $(B)/model-doc
	$(B)/release/bin/model_doc $(B)/model-doc
	dot -Tsvg $(B)/model-doc/tcp-states.dot -o $(B)/model-doc/.tcp-states.svg.tmp
	@mv $(B)/model-doc/.tcp-states.svg.tmp $(B)/model-doc/tcp-states.svg && echo $(B)/model-doc/tcp-states.svg
	@cat $(B)/model-doc/must-coverage.md
$(B)/release/bin/model_doc: $(B)/release/obj/tools/model_doc.o $(B)/release/libwc.a
	@mkdir -p $(@D)
	$(release_CC) $^ $(LIBS) -o $@

# ---------------------------------------------------------------------------
# Findings pipeline (tools/continuous.py, tools/findings.py, tools/oss-fuzz/,
# tools/coverage.sh). Each script builds what it needs with this Makefile and
# names any target it had to skip.
#   make continuous BUDGET=s CORES=n   rotate all targets, libFuzzer + AFL++, resumable
#   make coverage                      llvm-cov HTML per target in build/coverage/html/
#   make oss-fuzz-check                tools/oss-fuzz/build.sh as OSS-Fuzz runs it
#   make findings-check                disclosure clocks (warn <= 14 days, fail overdue)
#   make replay-regressions            regressions/ with expected outcomes (TAP)
BUDGET ?= 3600
CORES  ?= $(shell nproc)
ROUND  ?= 0
define COVERAGE_RULES
$(B)/coverage/bin/$(1): $(call obj,coverage,targets/$(1).c targets/replay_main.c $(EXTRA_SRC_$(1))) $(B)/coverage/libwc.a $(EXTRA_DEPS_coverage_$(1))
	@mkdir -p $$(@D)
	$$(coverage_CC) $$(coverage_LDFLAGS) $$^ $$(EXTRA_LIBS_$(1)) $$(LIBS) -o $$@
endef
$(foreach t,$(TARGETS),$(eval $(call COVERAGE_RULES,$(t))))

.PHONY: continuous coverage oss-fuzz-check findings-check replay-regressions
continuous:
	$(PY) tools/continuous.py --budget $(BUDGET) --cores $(CORES) --round $(ROUND)
coverage:
	sh tools/coverage.sh "$(TARGETS)"
oss-fuzz-check:
	sh tools/oss-fuzz/check.sh
findings-check:
	sh tools/findings-check.sh
replay-regressions: $(foreach t,$(TARGETS),$(B)/replay/bin/$(t))
	sh tools/replay_regressions.sh "$(TARGETS)"
.SECONDARY:
