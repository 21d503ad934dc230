# servers/netd/module.mk - lwIP for the network server (DESIGN §7).
#
# Included by the top-level Makefile before user/module.mk. lwIP 2.1 is
# Debian's `lwip` source package, fetched by tools/lwip.sh into
# $(BUILD)/lwip (apt-get source through a private list directory) and built
# unchanged with our port files (servers/netd/port: lwipopts.h, arch/cc.h;
# servers/netd/sysarch.c). Its objects are linked into /bin/netd only
# (USER_SERVER_EXTRA_netd, which user/module.mk's server link adds).
# lwIP is not our code: its warnings are reported, not fatal.

LWIP := $(BUILD)/lwip
LWIP_STAMP := $(LWIP)/src/core/tcp.c
LWIP_SRCS := $(addprefix $(LWIP)/src/core/,init.c def.c inet_chksum.c ip.c mem.c memp.c \
	netif.c pbuf.c raw.c stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c) \
	$(addprefix $(LWIP)/src/core/ipv4/,dhcp.c etharp.c icmp.c ip4.c ip4_addr.c ip4_frag.c) \
	$(LWIP)/src/netif/ethernet.c
LWIP_OBJS := $(patsubst $(LWIP)/src/%.c,$(BUILD)/user/obj/lwip/%.o,$(LWIP_SRCS))
LWIP_CFLAGS := -Iservers/netd/port -I$(LWIP)/src/include

$(LWIP_STAMP): tools/lwip.sh
	$(Q)tools/lwip.sh $(LWIP)
$(filter-out $(LWIP_STAMP),$(LWIP_SRCS)): $(LWIP_STAMP)
	@:

$(LWIP_OBJS): $(BUILD)/user/obj/lwip/%.o: $(LWIP)/src/%.c servers/netd/port/lwipopts.h \
		servers/netd/port/arch/cc.h | $(BUILD)/newlib/i686-elf/lib/libc.a
	@mkdir -p $(@D)
	@echo "  UCC     $< (lwIP)"
	$(Q)$(CC) $(USER_CFLAGS) -Wno-error $(LWIP_CFLAGS) -c $< -o $@

USER_SERVER_EXTRA_netd := $(LWIP_OBJS)
NETD_OBJS = $(patsubst %.c,$(BUILD)/user/obj/%.o,$(wildcard servers/netd/*.c))
