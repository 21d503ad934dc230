# user/ports.mk - the ports (DESIGN §8): Lua 5.4 and SQLite 3 from Debian's
# source packages, built unchanged for the guest with our compiler flags,
# newlib and libtender.a, like any user program.
#
# Included by user/module.mk after the program rules (it uses USER_CFLAGS,
# USER_LDFLAGS, USER_CRT0, USER_LIBC, NEWLIB_LIBS). tools/ports.sh fetches the
# sources once into $(PORTS_DIR) with apt-get source (the stamp .fetched);
# nothing here runs unless a ports target is asked for:
#   make ports        $(PORTS_BIN)/{lua,sqlite3,speedtest1}, installed on
#                     $(DISK_IMG) as /usr/bin/NAME
#   make ports-bench  speedtest1 in the guest and on the host (tools/ports-bench.sh)
#   $(PORTS_INITRD)   the boot image with the ports as /bin/NAME too, for
#                     the ports' test boot (tools/guest-tests.sh)
#
# The ports' own sources keep their own warnings (off here: -w); the only
# definitions are the ones each port documents for a POSIX system:
# LUA_USE_POSIX for Lua, and for SQLite SQLITE_THREADSAFE=0 (no threads
# here) and SQLITE_OMIT_LOAD_EXTENSION (no dlopen), with its default unix VFS.

PORTS_DIR := $(BUILD)/ports
PORTS_STAMP := $(PORTS_DIR)/.fetched
PORTS_OBJ := $(PORTS_DIR)/obj
PORTS_BIN := $(PORTS_DIR)/bin
PORTS_INITRD := $(BUILD)/initrd-ports.cpio
PORTS_CFLAGS := $(filter-out -Werror -Wall -Wextra -MMD -MP,$(USER_CFLAGS)) -w

LUA_SRC := $(PORTS_DIR)/lua5.4/src
LUA_FILES := lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser \
	lstate lstring ltable ltm lundump lvm lzio lauxlib lbaselib lcorolib ldblib liolib \
	lmathlib loadlib loslib lstrlib ltablib lutf8lib linit lua
LUA_OBJS := $(LUA_FILES:%=$(PORTS_OBJ)/lua/%.o)
LUA_DEFS := -DLUA_USE_POSIX

SQLITE_SRC := $(PORTS_DIR)/sqlite3
SQLITE_BLD := $(SQLITE_SRC)/bld
SQLITE_DEFS := -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION
SQLITE_LIB_OBJ := $(PORTS_OBJ)/sqlite/sqlite3.o
SQLITE_SHELL_OBJ := $(PORTS_OBJ)/sqlite/shell.o
SPEEDTEST_OBJ := $(PORTS_OBJ)/sqlite/speedtest1.o

PORTS_SRCS := $(LUA_FILES:%=$(LUA_SRC)/%.c) $(SQLITE_BLD)/sqlite3.c $(SQLITE_BLD)/shell.c \
	$(SQLITE_SRC)/test/speedtest1.c
PORTS_PROGS := $(PORTS_BIN)/lua $(PORTS_BIN)/sqlite3 $(PORTS_BIN)/speedtest1

.PHONY: ports ports-fetch ports-bench
ports: deps $(PORTS_PROGS) | $(DISK_IMG)
	$(Q)tools/ports.sh install $(DISK_IMG) $(PORTS_PROGS)

ports-fetch: $(PORTS_STAMP)

# speedtest1 --size $(PORTS_BENCH_SIZE) on a file and in memory, in the guest
# and built natively on the host: $(PORTS_DIR)/bench/speedtest1.{md,log}
# ICOUNT=1: the guest under -icount shift=0 (instruction-count time,
# the same from run to run), into $(PORTS_DIR)/bench/icount.
PORTS_BENCH_SIZE ?= 25
ports-bench: deps $(BUILD)/kernel.elf $(PORTS_INITRD)
	$(Q)BUILD=$(BUILD) QEMU="$(QEMU)" TIMEOUT=1800 \
	    QEMU_FLAGS="$(QEMU_FLAGS)$(if $(filter 1,$(ICOUNT)), -icount shift=0)" \
	    tools/ports-bench.sh $(PORTS_DIR)/bench$(if $(filter 1,$(ICOUNT)),/icount) $(PORTS_BENCH_SIZE)

$(PORTS_STAMP): tools/ports.sh
	$(Q)tools/ports.sh fetch $(PORTS_DIR)

# The sources exist once the fetch has run.
$(PORTS_SRCS): | $(PORTS_STAMP)
	@test -f $@ || { echo "ports: $@ missing after the fetch" >&2; exit 1; }

$(LUA_OBJS): $(PORTS_OBJ)/lua/%.o: $(LUA_SRC)/%.c user/ports.mk | $(NEWLIB)/lib/libc.a
	@mkdir -p $(@D)
	@echo "  PORTCC  $<"
	$(Q)$(CC) $(PORTS_CFLAGS) $(LUA_DEFS) -I$(PORTS_DIR)/lua5.4/bld -c $< -o $@

$(SQLITE_LIB_OBJ) $(SQLITE_SHELL_OBJ): $(PORTS_OBJ)/sqlite/%.o: $(SQLITE_BLD)/%.c user/ports.mk \
		| $(NEWLIB)/lib/libc.a
	@mkdir -p $(@D)
	@echo "  PORTCC  $<"
	$(Q)$(CC) $(PORTS_CFLAGS) $(SQLITE_DEFS) -I$(SQLITE_BLD) -c $< -o $@

$(SPEEDTEST_OBJ): $(SQLITE_SRC)/test/speedtest1.c user/ports.mk | $(NEWLIB)/lib/libc.a
	@mkdir -p $(@D)
	@echo "  PORTCC  $<"
	$(Q)$(CC) $(PORTS_CFLAGS) $(SQLITE_DEFS) -I$(SQLITE_BLD) -c $< -o $@

# $(call port-link,name,objects): as user-link, into $(PORTS_BIN)
define port-link
$(PORTS_BIN)/$(1): $(2) $(USER_CRT0) $(USER_LIBC) $(NEWLIB_LIBS) user/link.ld
	@mkdir -p $$(@D)
	@echo "  PORTLD  $$@"
	$(Q)$(CC) $(USER_LDFLAGS) -o $$@ $(USER_CRT0) $(2) \
		-Wl,--start-group $(USER_LIBC) $(NEWLIB_LIBS) -lgcc -Wl,--end-group
	$(Q)if $(USER_READELF) -rW $$@ | grep -E '^[0-9a-f]{8} ' | grep -v R_386_RELATIVE >&2; then \
		echo "$$@: relocations other than R_386_RELATIVE (see above)" >&2; rm -f $$@; exit 1; fi
endef
$(eval $(call port-link,lua,$(LUA_OBJS)))
$(eval $(call port-link,sqlite3,$(SQLITE_LIB_OBJ) $(SQLITE_SHELL_OBJ)))
$(eval $(call port-link,speedtest1,$(SQLITE_LIB_OBJ) $(SPEEDTEST_OBJ)))

$(PORTS_INITRD): $(USER_PROGS) $(PORTS_PROGS) $(USER_LIST) tools/mkinitrd.sh
	@echo "  INITRD  $@"
	$(Q)STRIP=$(USER_STRIP) tools/mkinitrd.sh $@ $(USER_PROGS) $(PORTS_PROGS)
