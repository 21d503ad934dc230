/*
 * I/O port ranges as resources: how a user-level driver gets a device.
 *
 * A port resource names up to two ranges of ISA ports (a device's command
 * block and its control port, say). The kernel creates them at boot, owned
 * by the system owner with mode RCC_OWNER(RCC_ALL): "ata0" for the primary
 * IDE channel (0x1f0-0x1f7 and 0x3f6), and one more from the boot option
 * "ioport=NAME:BASE:COUNT" (e.g. "ioport=com2:0x2f8:8") for a researcher's
 * own device (any port but the PCI configuration ports 0xcf8-0xcff, which
 * arch_io_grant refuses). ioattach(rid) needs ATT on it and opens its ports to the
 * caller through the TSS bitmap (arch/x86/iobitmap.c); iodetach closes them.
 * The system owner hands a device to another owner by changemod/changeoid
 * like any resource. The rights belong to the process (its TSS bitmap,
 * struct proc's io): they survive procmove and end with it. A port
 * resource is never deleted (-EBUSY).
 * Public: ioport_init, sys_ioattach, sys_iodetach.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/bootinfo.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "proc/ioport.h"
#include "proc/pcb.h"

#define IOPORT_MODE RCC_OWNER(RCC_ALL) /* the system owner's until it shares it */
#define NRANGES 2

struct ioport {
    struct resource res;
    uint16_t base[NRANGES], count[NRANGES]; /* count 0: range unused */
};

static struct ioport ioport_table[CONFIG_NR_IOPORT];
static struct res_pool ioport_pool;

static void
ioport_info(const struct resource *r, struct res_info *out)
{
    const struct ioport *io = res_object(r, RT_IOPORT, struct ioport);

    for (int i = 0; i < NRANGES; i++) {
        out->u.ioport.base[i] = io->base[i];
        out->u.ioport.count[i] = io->count[i];
    }
}

static const struct res_ops ioport_ops = {.name = "ioport", .info = ioport_info};

static void
define(const char *name, uint16_t base0, uint16_t count0, uint16_t base1, uint16_t count1)
{
    struct resource *r;
    struct ioport *io = NULL;

    if (res_alloc(&ioport_pool, name, RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER, IOPORT_MODE, &r) < 0) {
        printk("ioport: cannot define %s\n", name);
        return;
    }
    io = res_object(r, RT_IOPORT, struct ioport);
    io->base[0] = base0, io->count[0] = count0;
    io->base[1] = base1, io->count[1] = count1;
}

/* Decimal or 0x-hex digits up to the end of s; false on anything else. */
static bool
parse_number(const char *s, uint32_t *out)
{
    uint32_t n = 0, radix = 10;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2, radix = 16;
    if (!*s)
        return false;
    for (; *s; s++) {
        uint32_t d = *s >= '0' && *s <= '9'   ? (uint32_t)(*s - '0')
                     : *s >= 'a' && *s <= 'f' ? (uint32_t)(*s - 'a' + 10)
                     : *s >= 'A' && *s <= 'F' ? (uint32_t)(*s - 'A' + 10)
                                              : 99;
        if (d >= radix || n > 0xffff)
            return false;
        n = n * radix + d;
    }
    *out = n;
    return true;
}

/* "NAME:BASE:COUNT" -> a port resource; a malformed option is reported. */
static void
define_option(char *opt)
{
    char *field[3] = {opt, NULL, NULL};
    uint32_t base, count;
    int n = 1;

    for (char *c = opt; *c && n < 3; c++)
        if (*c == ':')
            *c = '\0', field[n++] = c + 1;
    if (n < 3 || !opt[0] || !parse_number(field[1], &base) || !parse_number(field[2], &count) ||
        count == 0 || count > 0xffff || base >= ARCH_IO_PORTS || count > ARCH_IO_PORTS - base) {
        printk("ioport: ignoring the ioport= option (want NAME:BASE:COUNT below 0x%x)\n",
               ARCH_IO_PORTS);
        return;
    }
    define(opt, (uint16_t)base, (uint16_t)count, 0, 0);
}

/* Register the pool and the boot-time devices. */
void
ioport_init(void)
{
    char opt[64];

    RES_POOL_START(ioport_pool, RT_IOPORT, &ioport_ops, ioport_table);
    define("ata0", 0x1f0, 8, 0x3f6, 1); // primary IDE: command block, device control
    if (bootinfo_option("ioport", opt, sizeof(opt)))
        define_option(opt);
}

static int
get_ioport(struct proc *caller, rid_t rid, struct ioport **out)
{
    struct resource *r;
    int err = res_get(caller, rid, RT_IOPORT, RCC_ATT, &r);

    if (err == 0)
        *out = res_object(r, RT_IOPORT, struct ioport);
    return err;
}

/* Open the ports of io to the caller. Returns 0, -ENOENT, -EINVAL (not a
 * port resource), -EPERM (no ATT) or -ENOMEM (the caller holds as many
 * ranges above 0x3ff as it may, ARCH_IO_HIGH); nothing is opened on an error. */
int
sys_ioattach(struct proc *caller, rid_t rid)
{
    struct ioport *io = NULL;
    int err;

    if ((err = get_ioport(caller, rid, &io)) < 0)
        return err;
    for (int i = 0; i < NRANGES; i++) {
        if (io->count[i] && (err = arch_io_grant(&caller->io, io->base[i], io->count[i])) < 0) {
            while (--i >= 0) // all or nothing
                if (io->count[i])
                    arch_io_revoke(&caller->io, io->base[i], io->count[i]);
            return err;
        }
    }
    return 0;
}

/* Close the ports of io to the caller again. Errors as sys_ioattach. */
int
sys_iodetach(struct proc *caller, rid_t rid)
{
    struct ioport *io = NULL;
    int err;

    if ((err = get_ioport(caller, rid, &io)) < 0)
        return err;
    for (int i = 0; i < NRANGES; i++)
        if (io->count[i])
            arch_io_revoke(&caller->io, io->base[i], io->count[i]);
    return 0;
}
