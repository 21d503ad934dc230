# Tender/HVS: one non-recursive Makefile (STYLE §7).
#
# Each folder lists its sources in module.mk; every program under user/bin/
# and tests/guest/ is found by itself. Outputs mirror the source tree under
# build/. `make V=1` prints full commands.

CROSS   ?= i686-linux-gnu-
CC      := $(CROSS)gcc
LD      := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
NM      := $(CROSS)nm
NASM    ?= nasm
QEMU    ?= qemu-system-i386
HOSTCC  ?= gcc
MKRESCUE ?= grub-mkrescue

BUILD   := build
ifeq ($(V),1)
Q :=
else
Q := @
endif

# QEMU as the tests and benchmarks run it (DESIGN §1): TCG, a Pentium III, 64 MiB.
QEMU_MEM   ?= 64
QEMU_FLAGS := -accel tcg -cpu pentium3 -m $(QEMU_MEM) -no-reboot \
              -device isa-debug-exit,iobase=0xf4,iosize=0x04
TIMEOUT    ?= 300
# The NIC (DESIGN §7): QEMU's e1000 on its user network, for tests and make
# boot; make run also forwards the host's 127.0.0.1:8080 to the guest's port
# 80 (loopback only). QEMU_NIC="-nic none" boots without one.
QEMU_NIC   ?= -nic user,model=e1000
RUN_NIC    ?= -nic user,model=e1000,hostfwd=tcp:127.0.0.1:8080-:80
# make run's console: serial and monitor multiplexed on this terminal, QEMU's
# own signal handling off, so Ctrl-C reaches the guest, Ctrl-A x leaves and
# Ctrl-A c switches to the monitor and back
RUN_CONSOLE := -chardev stdio,id=con,mux=on,signal=off -serial chardev:con -mon chardev=con

# The disk (DESIGN §5): build/disk.img, made from disk/ when missing and then
# kept, so files persist between runs; `make disk` makes it afresh.
DISK_IMG  ?= $(BUILD)/disk.img
DISK_MB   ?= 64
QEMU_DISK := -drive file=$(DISK_IMG),format=raw,if=ide,index=0,media=disk

KERNEL_CFLAGS := -m32 -march=i586 -mtune=generic -std=gnu11 -ffreestanding -fno-builtin -fno-pie \
                 -fno-stack-protector -mno-mmx -mno-sse -mno-sse2 -O2 -g -Wall -Wextra -Werror \
                 -fno-omit-frame-pointer -fno-tree-loop-distribute-patterns -I. -MMD -MP
KERNEL_NASMFLAGS := -f elf32 -g -F dwarf

.PHONY: all deps iso run test test-host test-guest bench bench-linux bench-web soak-web boot qemu-gdb clean disk
all: $(BUILD)/kernel.elf $(BUILD)/initrd.cpio

KERNEL_C :=
KERNEL_ASM :=
include arch/x86/module.mk
include kernel/module.mk
include mm/module.mk
include proc/module.mk
include ipc/module.mk
include fs/module.mk
-include tests/host/module.mk
include servers/netd/module.mk
include user/module.mk

KERNEL_OBJS := $(KERNEL_ASM:%.asm=$(BUILD)/%.o) $(KERNEL_C:%.c=$(BUILD)/%.o)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.asm
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(NASM) $(KERNEL_NASMFLAGS) $< -o $@

$(BUILD)/kernel.elf: $(KERNEL_OBJS) linker.ld
	@echo "  LD      $@"
	$(Q)$(CC) -m32 -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--build-id=none -T linker.ld -o $@ $(KERNEL_OBJS) -lgcc

# --- host packages -----------------------------------------------------------
deps:
	$(Q)tools/deps.sh

# --- boot images ---------------------------------------------------------------
# $(call make-iso,name,kernel command line)
ISO_DEPS := $(BUILD)/kernel.elf $(BUILD)/initrd.cpio tools/mkiso.sh
$(BUILD)/os.iso: $(ISO_DEPS)
	@echo "  ISO     $@"
	$(Q)tools/mkiso.sh $@ $(BUILD)/kernel.elf "" $(BUILD)/initrd.cpio initrd

iso: deps $(BUILD)/os.iso

run: deps $(BUILD)/os.iso | $(DISK_IMG)
	$(QEMU) $(QEMU_FLAGS) $(QEMU_DISK) $(RUN_NIC) -cdrom $(BUILD)/os.iso -display none $(RUN_CONSOLE)

$(DISK_IMG):
	@echo "  DISK    $@ (from disk/)"
	$(Q)tools/mkdisk.sh $@ disk $(DISK_MB)

disk: deps
	$(Q)rm -f $(DISK_IMG)
	$(Q)$(MAKE) --no-print-directory $(DISK_IMG)

# make boot CMD="prog args": run one command line in the guest, exit with its status.
# CMD reaches the script through a file, so its quotes and $ signs stay its own.
# make boot PORTS=1 CMD=...: the boot image has the ports (user/ports.mk) in /bin too.
BOOT_INITRD := $(if $(filter 1,$(PORTS)),$(BUILD)/initrd-ports.cpio,$(BUILD)/initrd.cpio)
boot: deps $(BUILD)/kernel.elf $(BOOT_INITRD) | $(DISK_IMG)
	$(file >$(BUILD)/boot-cmd.txt,$(value CMD))
	$(Q)GRUB_SERIAL=0 tools/mkiso.sh $(BUILD)/boot.iso $(BUILD)/kernel.elf "quiet $(KOPTS) -- $$(cat $(BUILD)/boot-cmd.txt)" \
	    $(BOOT_INITRD) initrd
	$(Q)QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS) $(QEMU_DISK) $(QEMU_NIC)" TIMEOUT=$(TIMEOUT) tools/qemu-boot.sh $(BUILD)/boot.iso -

qemu-gdb: deps $(BUILD)/os.iso
	@echo "QEMU waits for gdb on :1234; in another terminal run: gdb (this folder's .gdbinit loads build/kernel.elf)"
	$(QEMU) $(QEMU_FLAGS) -cdrom $(BUILD)/os.iso -serial stdio -display none -s -S

# --- tests -------------------------------------------------------------------
# Host and guest suites both run even when one fails; tapsum prints the verdict last.
test: deps
	$(Q)rm -f $(BUILD)/test-host.tap $(BUILD)/test-guest.tap
	-$(Q)$(MAKE) --no-print-directory test-host
	-$(Q)$(MAKE) --no-print-directory test-guest-tap
	$(Q)tools/tapsum.sh $(BUILD)/test-host.tap $(BUILD)/test-guest.tap

test-guest: deps
	$(Q)$(MAKE) --no-print-directory test-guest-tap; tools/tapsum.sh $(BUILD)/test-guest.tap

.PHONY: test-guest-tap
# The ports (user/ports.mk) are built first; if that fails the suites still
# run and their test fails (PORTS_BUILT=0). The sub-make has a line of its
# own: `make -n` runs a line that names $(MAKE), and this one must not start
# the tests.
test-guest-tap: $(BUILD)/kernel.elf $(BUILD)/initrd.cpio
	$(Q)mkdir -p $(BUILD) && if $(MAKE) --no-print-directory $(PORTS_INITRD) $(PORTS_PROGS) \
	    > $(BUILD)/ports.log 2>&1; then echo 1; else echo 0; tail -20 $(BUILD)/ports.log >&2; fi \
	    > $(BUILD)/ports.built
	$(Q)BUILD=$(BUILD) QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" TIMEOUT=$(TIMEOUT) \
	    PORTS_BUILT=$$(cat $(BUILD)/ports.built) QEMU_NIC="$(QEMU_NIC)" RUN_CONSOLE="$(RUN_CONSOLE)" \
	    tools/guest-tests.sh > $(BUILD)/test-guest.tap || true
	@cat $(BUILD)/test-guest.tap

clean:
	rm -rf $(BUILD)

-include $(KERNEL_OBJS:.o=.d)

# --- benchmarks (DESIGN §6) ----------------------------------------------------
# make bench: boot /bin/hvsbench in three configurations (normal, nopge,
# ipc_copy=65536) and write build/bench/results/hvs.{log,csv,md} and the PNG plots
# (a run of yours; the committed reference run is in bench/reference/).
# make bench ICOUNT=1: the same under -icount shift=0 (repeatable numbers),
# written to build/bench/results/icount/. Re-report a log: tools/bench.sh --from-log LOG DIR.
ICOUNT        ?= 0
BENCH_TIMEOUT ?= 1200
BENCH_OUT     ?= $(BUILD)/bench/results$(if $(filter 1,$(ICOUNT)),/icount)
bench: deps $(BUILD)/kernel.elf $(BUILD)/initrd.cpio
	$(Q)BUILD=$(BUILD) QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" TIMEOUT=$(BENCH_TIMEOUT) \
	    ICOUNT=$(ICOUNT) tools/bench.sh $(BENCH_OUT)

# make bench-linux: Debian's stock i686 kernel in the same QEMU, with our
# benchmark program as /init; its numbers join hvs.md and omf.md as a column.
bench-linux: deps
	$(Q)BUILD=$(BUILD) QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" TIMEOUT=$(BENCH_TIMEOUT) \
	    tools/bench-linux.sh $(BENCH_OUT)

# make bench-web: the paper's Fig. 10 for real (DESIGN §7): ApacheBench on the
# host against the guest's httpd and CGI counter (CGI in a new space, then in
# the worker's), then against Debian's Linux in the same QEMU with the same
# NIC; writes web.csv, web-time.csv (the per-request breakdown), web.md and
# fig10-web.png to $(BENCH_OUT). WEB_PAIRS, WEB_CLIENTS, WEB_REQUESTS,
# WEB_TIME_ROUNDS, WEB_TIME_REQUESTS and WEB_SYSTEMS (tools/bench-web.sh)
# are passed on (through the environment).
bench-web: deps $(BUILD)/kernel.elf $(BUILD)/initrd.cpio
	$(Q)BUILD=$(BUILD) QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" TIMEOUT=$(BENCH_TIMEOUT) \
	    tools/bench-web.sh $(BENCH_OUT)

# make soak-web: ab -c 20 against the counter (mode hvs), as many requests as
# fit in SOAK_SECONDS at the warm-up's rate (at most 100,000): none may fail, /var/counter must equal the
# successes, and the guest must hold no more frames, slots or sockets after
# it than before (tools/bench-web.sh, WEB_SOAK); its lines go to soak.log.
SOAK_SECONDS ?= 600
soak-web: deps $(BUILD)/kernel.elf $(BUILD)/initrd.cpio
	$(Q)BUILD=$(BUILD) QEMU="$(QEMU)" QEMU_FLAGS="$(QEMU_FLAGS)" TIMEOUT=$(BENCH_TIMEOUT) \
	    WEB_SOAK=$(SOAK_SECONDS) tools/bench-web.sh $(BENCH_OUT)
