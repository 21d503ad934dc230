# user/module.mk - the user runtime (crt0, newlib, our system layer) and every
# program.
#
# Included by the top-level Makefile (which sets CC, BUILD, Q, NASM); adding a
# program is adding a file, no Makefile edit (STYLE §7):
#   user/bin/NAME.c          -> $(BUILD)/user/bin/NAME
#   user/bin/NAME/*.c        -> $(BUILD)/user/bin/NAME   (one program per folder: any
#                               .c files, no main.c needed; an optional file
#                               user/bin/NAME/cflags adds its words to the
#                               folder's compiler flags, -D... for a port, say)
#   tests/guest/NAME.c       -> $(BUILD)/user/bin/NAME
#   servers/NAME/*.c         -> $(BUILD)/user/bin/NAME   (with fs/, DESIGN §2, and the
#                               objects USER_SERVER_EXTRA_NAME lists: netd's lwIP)
# and all of them -> $(BUILD)/initrd.cpio as bin/NAME (tools/mkinitrd.sh).
#
# Programs are static PIE (ET_DYN, linked at 0 by user/link.ld) whose only
# relocations are R_386_RELATIVE: the kernel's loader applies just those. Each
# link checks that, so a program that would need more fails to build.
# Objects go under $(BUILD)/user/obj/ mirroring the source tree (a folder
# program's objects cannot sit where its binary goes).
#
# The C library is newlib (Debian's newlib-source, built once by
# tools/newlib.sh into $(BUILD)/newlib); ours, libtender.a, holds only what is
# ours: crt0, the system-call stubs, tender.h and ipc.h, and the system layer
# newlib calls (user/lib/posix.c).

BUILD ?= build
CROSS ?= i686-linux-gnu-
CC ?= $(CROSS)gcc
NASM ?= nasm
Q ?= @

# Keep the including Makefile's default goal.
USER_SAVED_GOAL := $(.DEFAULT_GOAL)

USER_READELF ?= $(CROSS)readelf
USER_STRIP ?= $(CROSS)strip
USER_AR ?= $(CROSS)ar

NEWLIB := $(BUILD)/newlib/i686-elf
NEWLIB_LIBS := $(NEWLIB)/lib/libc.a $(NEWLIB)/lib/libm.a

USER_CFLAGS := -m32 -march=i586 -mtune=generic -U__linux__ -U__gnu_linux__ -Ulinux -std=gnu11 -ffreestanding -fno-builtin -fpie -fvisibility=hidden \
	-fno-stack-protector -fno-omit-frame-pointer \
	-fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
	-ffunction-sections -fdata-sections \
	-O2 -g -Wall -Wextra -Werror \
	-nostdinc -Iuser/include -I. -isystem $(NEWLIB)/include \
	-isystem $(shell $(CC) -print-file-name=include) -MMD -MP
USER_NASMFLAGS := -f elf32 -g -F dwarf
USER_LDFLAGS := -m32 -static-pie -nostdlib -Wl,--no-dynamic-linker -Wl,-z,noexecstack \
	-Wl,--build-id=none -Wl,-z,norelro -Wl,--gc-sections -Wl,--hash-style=gnu -T user/link.ld

# --- the library --------------------------------------------------------------
USER_LIB_C := \
	user/lib/syscalls.c \
	user/lib/libc.c \
	user/lib/posix.c \
	user/lib/tender.c \
	user/lib/env.c \
	user/lib/omfsc.c \
	user/lib/fwin.c \
	user/lib/file.c \
	user/lib/dir.c \
	user/lib/path.c \
	user/lib/time.c \
	user/lib/umask.c \
	user/lib/users.c \
	user/lib/access.c \
	user/lib/sysconf.c \
	user/lib/ioctl.c \
	user/lib/onethread.c \
	user/lib/mman.c \
	user/lib/signal.c \
	user/lib/omf.c \
	user/lib/popen.c \
	user/lib/srvcall.c \
	user/lib/sockc.c \
	user/lib/sock.c \
	user/lib/poll.c \
	user/lib/inet.c \
	user/lib/exec.c
USER_LIB_ASM := user/lib/syscall.asm user/lib/ccallr.asm user/lib/sigreturn.asm user/lib/setjmp.asm user/lib/fwincopy.asm

USER_CRT0 := $(BUILD)/user/lib/crt0.o
USER_LIBC := $(BUILD)/user/lib/libtender.a

# newlib, built once (its headers are needed by every user object)
$(NEWLIB)/lib/libc.a: tools/newlib.sh
	$(Q)tools/newlib.sh $(BUILD)/newlib
$(NEWLIB)/lib/libm.a: $(NEWLIB)/lib/libc.a
USER_LIB_OBJS := $(USER_LIB_C:%.c=$(BUILD)/%.o) $(USER_LIB_ASM:%.asm=$(BUILD)/%.o)

$(USER_LIB_C:%.c=$(BUILD)/%.o): $(BUILD)/user/lib/%.o: user/lib/%.c user/module.mk | $(NEWLIB)/lib/libc.a
	@mkdir -p $(@D)
	@echo "  UCC     $<"
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(USER_CRT0) $(USER_LIB_ASM:%.asm=$(BUILD)/%.o): $(BUILD)/user/lib/%.o: user/lib/%.asm user/module.mk
	@mkdir -p $(@D)
	@echo "  UNASM   $<"
	$(Q)$(NASM) $(USER_NASMFLAGS) $< -o $@

# The parameter names of each line of kernel/abi/syscalls.def, which the
# preprocessor cannot split from their types, for tender.c's typed calls.
USER_SYSNAMES := $(BUILD)/user/lib/sysnames.h
$(USER_SYSNAMES): kernel/abi/syscalls.def tools/sysnames.sh
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)CPP="$(CC) -E" tools/sysnames.sh $< > $@.tmp && mv $@.tmp $@
$(BUILD)/user/lib/tender.o: $(USER_SYSNAMES)
$(BUILD)/user/lib/tender.o: USER_CFLAGS += -I$(BUILD)/user/lib

$(USER_LIBC): $(USER_LIB_OBJS)
	@echo "  UAR     $@"
	$(Q)rm -f $@ && $(USER_AR) rcs $@ $^

# --- the programs -------------------------------------------------------------
# name -> sources, for single-file programs, folder programs and guest tests
USER_SINGLE := $(wildcard user/bin/*.c) $(wildcard tests/guest/*.c)
USER_DIRS := $(patsubst %/,%,$(wildcard user/bin/*/))
USER_DIRS := $(foreach d,$(USER_DIRS),$(if $(wildcard $(d)/*.c),$(d)))
# One source, several programs: bpad<N> is user/bench/bpad.c built with
# PAD_KIB=N, a program of N KiB for hvsbench's proccreate figure.
USER_BPAD_KIB := 16 64 256 1024
# Servers are folder programs too, linked with the file system library.
USER_SERVERS := $(patsubst %/,%,$(wildcard servers/*/))
USER_SERVERS := $(foreach d,$(USER_SERVERS),$(if $(wildcard $(d)/*.c),$(d)))
USER_NAMES := $(notdir $(USER_SINGLE:.c=)) $(notdir $(USER_DIRS)) $(notdir $(USER_SERVERS)) \
	$(USER_BPAD_KIB:%=bpad%)
$(foreach n,$(sort $(USER_NAMES)),$(if $(filter-out 1,$(words $(filter $(n),$(USER_NAMES)))),\
	$(error user programs: more than one source for /bin/$(n))))

USER_PROGS := $(addprefix $(BUILD)/user/bin/,$(USER_NAMES))
USER_OBJDIR := $(BUILD)/user/obj
USER_PROG_OBJS := $(patsubst %.c,$(USER_OBJDIR)/%.o,$(USER_SINGLE) $(wildcard $(USER_DIRS:%=%/*.c)) \
	$(wildcard $(USER_SERVERS:%=%/*.c)) $(FS_SRCS))

$(USER_PROG_OBJS): $(USER_OBJDIR)/%.o: %.c user/module.mk | $(NEWLIB)/lib/libc.a
	@mkdir -p $(@D)
	@echo "  UCC     $<"
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@
# netd's own files see lwIP's headers (servers/netd/module.mk)
$(NETD_OBJS): USER_CFLAGS += $(LWIP_CFLAGS)
$(NETD_OBJS): | $(LWIP_STAMP)

# A folder program's own flags (user/bin/NAME/cflags), on its objects only;
# they are rebuilt when the file changes.
user_dir_objs = $(patsubst %.c,$(USER_OBJDIR)/%.o,$(wildcard $(1)/*.c))
$(foreach d,$(USER_DIRS),$(if $(wildcard $(d)/cflags),\
	$(eval $(call user_dir_objs,$(d)): USER_CFLAGS += $(shell cat $(d)/cflags))\
	$(eval $(call user_dir_objs,$(d)): $(d)/cflags)))

# A program dropped in without our tender_help call was written elsewhere
# (against DESIGN §4 alone): its warnings are reported, not fatal, so one
# unused argc cannot stop the build. Ours keep -Werror.
USER_HELP_RE := tender_help[(]
USER_FOREIGN := $(if $(USER_SINGLE),$(shell grep -L '$(USER_HELP_RE)' $(USER_SINGLE) 2>/dev/null))
USER_FOREIGN += $(foreach d,$(USER_DIRS),$(if $(shell grep -l '$(USER_HELP_RE)' $(d)/*.c 2>/dev/null),,$(wildcard $(d)/*.c)))
$(patsubst %.c,$(USER_OBJDIR)/%.o,$(USER_FOREIGN)): USER_CFLAGS += -Wno-error

$(USER_BPAD_KIB:%=$(USER_OBJDIR)/bpad/bpad%.o): $(USER_OBJDIR)/bpad/bpad%.o: user/bench/bpad.c \
		user/module.mk | $(NEWLIB)/lib/libc.a
	@mkdir -p $(@D)
	@echo "  UCC     $< (PAD_KIB=$*)"
	$(Q)$(CC) $(USER_CFLAGS) -DPAD_KIB=$* -c $< -o $@

# $(call user-link,name,objects): link one program and check its relocations
define user-link
$(BUILD)/user/bin/$(1): $(2) $(USER_CRT0) $(USER_LIBC) $(NEWLIB_LIBS) user/link.ld
	@mkdir -p $$(@D)
	@echo "  ULD     $$@"
	$(Q)$(CC) $(USER_LDFLAGS) -o $$@ $(USER_CRT0) $(2) \
		-Wl,--start-group $(USER_LIBC) $(NEWLIB_LIBS) -lgcc -Wl,--end-group
	$(Q)if $(USER_READELF) -rW $$@ | grep -E '^[0-9a-f]{8} ' | grep -v R_386_RELATIVE >&2; then \
		echo "$$@: relocations other than R_386_RELATIVE (see above)" >&2; rm -f $$@; exit 1; fi
endef
$(foreach f,$(USER_SINGLE),$(eval $(call user-link,$(notdir $(f:.c=)),$(USER_OBJDIR)/$(f:.c=.o))))
$(foreach d,$(USER_DIRS),$(eval $(call user-link,$(notdir $(d)),$(call user_dir_objs,$(d)))))
$(foreach d,$(USER_SERVERS),$(eval $(call user-link,$(notdir $(d)),\
	$(patsubst %.c,$(USER_OBJDIR)/%.o,$(wildcard $(d)/*.c) $(FS_SRCS)) \
	$(USER_SERVER_EXTRA_$(notdir $(d))))))
$(foreach k,$(USER_BPAD_KIB),$(eval $(call user-link,bpad$(k),$(USER_OBJDIR)/bpad/bpad$(k).o)))

# The shell's `help` lists every program by its tender_help() call: the
# table is generated from the sources and replaced only when it changes.
# A folder program's entry comes from its file with the tender_help call, or
# its first .c file when none has one.
USER_HELP := $(BUILD)/user/progs.h
user_dir_main = $(firstword $(shell grep -l '$(USER_HELP_RE)' $(1)/*.c 2>/dev/null) $(wildcard $(1)/*.c))
USER_DIR_MAINS := $(foreach d,$(USER_DIRS) $(USER_SERVERS),$(call user_dir_main,$(d)))
USER_MAINS := $(USER_SINGLE) $(foreach d,$(USER_DIRS) $(USER_SERVERS),$(notdir $(d))=$(call \
	user_dir_main,$(d))) $(USER_BPAD_KIB:%=bpad%=user/bench/bpad.c)
$(USER_HELP): $(USER_SINGLE) $(USER_DIR_MAINS) user/bench/bpad.c tools/proglist.sh
	@mkdir -p $(@D)
	$(Q)tools/proglist.sh $(USER_MAINS) > $@.tmp && { cmp -s $@.tmp $@ || mv $@.tmp $@; }; rm -f $@.tmp
$(USER_OBJDIR)/user/bin/sh/builtins.o: $(USER_HELP)
$(USER_OBJDIR)/user/bin/sh/%.o: USER_CFLAGS += -I$(BUILD)/user

# --- the boot image -----------------------------------------------------------
# The archive also depends on the list of names, so removing a program
# rebuilds it; the list file changes only when the set does.
USER_LIST := $(BUILD)/user/progs.list
USER_LIST_OLD := $(shell cat $(USER_LIST) 2>/dev/null)
ifneq ($(strip $(USER_LIST_OLD)),$(strip $(sort $(USER_NAMES))))
$(shell mkdir -p $(BUILD)/user && echo '$(sort $(USER_NAMES))' > $(USER_LIST))
endif
$(USER_LIST):
	@mkdir -p $(@D)
	@echo '$(sort $(USER_NAMES))' > $@

$(BUILD)/initrd.cpio: $(USER_PROGS) $(USER_LIST) tools/mkinitrd.sh
	@echo "  INITRD  $@"
	$(Q)STRIP=$(USER_STRIP) tools/mkinitrd.sh $@ $(USER_PROGS)

.PHONY: user
user: $(BUILD)/initrd.cpio

include user/ports.mk

-include $(USER_LIB_OBJS:.o=.d) $(USER_PROG_OBJS:.o=.d) $(USER_BPAD_KIB:%=$(USER_OBJDIR)/bpad/bpad%.d)

.DEFAULT_GOAL := $(USER_SAVED_GOAL)
