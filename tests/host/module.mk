# tests/host/module.mk - host unit tests of the pure-logic modules (STYLE §6).
#
# Included by the top-level Makefile; also works alone from the repository root:
#     make -f tests/host/module.mk test-host
# Each test binary is built from tests/host/test_<name>.c plus exactly the
# module sources listed in HOST_SRCS_<name>, with ASan/UBSan, into
# $(BUILD)/host/. `test-host` runs them all (never stopping at the first
# failure), writes the combined TAP to $(BUILD)/test-host.tap and fails at the
# end if any test failed or any binary crashed.
# tests/host/test_*.py test the Python tools the same way (TAP, run by the
# same script; python3 is one of tools/deps.sh's packages).
# The ext2 tests (test_ext2, test_ext2_random, test_pcache) also run mke2fs,
# e2fsck, debugfs and dumpe2fs (e2fsprogs, which tools/deps.sh checks for) and
# make their images under /tmp.

BUILD ?= build
HOSTCC ?= gcc
Q ?= @

# Keep the including Makefile's default goal: this fragment may come first.
HOST_SAVED_GOAL := $(.DEFAULT_GOAL)

HOST_TESTS := rid rcc quota resource frameset ptset frame kheap range entropy pci shparse shstatus ticks \
	ext2 ext2_random pcache
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-omit-frame-pointer -I.
HOST_LDLIBS := -lcmocka
HOST_SCRIPTS := tests/host/test_bench_report.py

# module sources each test links (explicit: no wildcards)
include fs/module.mk
HOST_SRCS_rid :=
HOST_SRCS_ticks :=
HOST_SRCS_rcc := kernel/rcc.c
HOST_SRCS_resource := kernel/resource.c kernel/rcc.c kernel/quota.c kernel/string.c
HOST_SRCS_quota := kernel/quota.c
HOST_SRCS_frameset := mm/frameset.c kernel/quota.c tests/host/fake_array.c
HOST_SRCS_ptset := mm/ptset.c tests/host/fake_array.c
HOST_SRCS_frame := mm/frame.c
HOST_SRCS_kheap := mm/kheap.c kernel/string.c
HOST_SRCS_range := mm/range.c
HOST_SRCS_entropy := kernel/entropy.c
HOST_SRCS_pci := proc/pci.c
HOST_SRCS_shparse := user/bin/sh/parse.c user/bin/sh/lineedit.c
HOST_SRCS_shstatus := user/bin/sh/status.c
HOST_SRCS_ext2 := $(FS_SRCS) tests/host/ext2_util.c
HOST_SRCS_ext2_random := $(FS_SRCS) tests/host/ext2_util.c
HOST_SRCS_pcache := $(FS_SRCS) tests/host/ext2_util.c

HOST_OBJDIR := $(BUILD)/host/obj
host_objs = $(patsubst %.c,$(HOST_OBJDIR)/%.o,tests/host/test_$(1).c $(HOST_SRCS_$(1)))
HOST_OBJS := $(sort $(foreach t,$(HOST_TESTS),$(call host_objs,$(t))))
HOST_BINS := $(patsubst %,$(BUILD)/host/test_%,$(HOST_TESTS))
HOST_TAP := $(BUILD)/test-host.tap

$(HOST_OBJS): $(HOST_OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

define HOST_TEST_LINK
$(BUILD)/host/test_$(1): $(call host_objs,$(1))
	@echo "  HOSTLD  $$@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $$^ -o $$@ $(HOST_LDLIBS)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call HOST_TEST_LINK,$(t))))

.PHONY: test-host
test-host: $(HOST_BINS)
	$(Q)sh tests/host/run-tap.sh $(HOST_TAP) $(HOST_BINS) $(HOST_SCRIPTS)

-include $(HOST_OBJS:.o=.d)

.DEFAULT_GOAL := $(HOST_SAVED_GOAL)
