/*
 * kmain: from the boot loader to the first process.
 *
 * Order matters: console first (so a failure can be reported), the boot
 * information next (it lives in memory we must not hand out), descriptor
 * tables and interrupt controller, memory (frame pool, final page directory,
 * heap), the clock, then either the in-kernel self-test, a deliberate fault
 * (test boot options) or the first user process.
 *
 * Boot options: "selftest" runs kernel/selftest.c and exits QEMU with its
 * result; "fault=kernel" dereferences an unmapped address in kernel mode to
 * show the panic dump; "nopge" keeps global pages off; "quiet" leaves the
 * console to the programs (no banner); "fpu=eager" switches FPU registers
 * on every switch instead of at first use; "quota_slots=PERCENT" (of each
 * resource table, 100: no limit) and "quota_frames=N" set the per-owner
 * limits; " -- cmd args" is init's command.
 */
#include <stdint.h>

#include "arch/x86/arch.h"
#include "ipc/ipc.h"
#include "kernel/abi/clockpage.h"
#include "kernel/bootinfo.h"
#include "kernel/clock.h"
#include "kernel/config.h"
#include "kernel/console.h"
#include "kernel/entropy.h"
#include "kernel/initrd.h"
#include "kernel/kmain.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/quota.h"
#include "kernel/string.h"
#include "mm/mem.h"
#include "mm/uaddr.h"
#include "mm/vregion.h"
#include "mm/vspace.h"
#include "mm/vuspace.h"
#include "proc/device.h"
#include "proc/ioport.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/tty.h"

#define INIT_MODE RCC_OWNER(RCC_ALL) /* nothing for group or others unless asked */

#define KERNEL_NAME "Tender/HVS"
#define KERNEL_VERSION "0.1"

static void
print_banner(void)
{
    struct mem_stats ms;

    mem_stats(&ms);
    printk("%s %s kernel (i586, higher half at %p)\n", KERNEL_NAME, KERNEL_VERSION,
           (void *)KERNEL_BASE);
    printk("memory: %u MiB found, %u MiB managed, %u frames free\n", ms.total_kib / 1024,
           ms.managed_kib / 1024, ms.free_frames);
    printk("cpu: %s family %u model %u stepping %u, features:%s%s%s%s%s%s%s\n", arch_cpu.vendor,
           arch_cpu.family, arch_cpu.model, arch_cpu.stepping, arch_cpu.has_fpu ? " FPU" : "",
           arch_cpu.has_tsc ? " TSC" : "", arch_cpu.has_pse ? " PSE" : "",
           arch_cpu.has_pge ? " PGE" : "", arch_cpu.has_sep ? " SEP" : "",
           arch_cpu.has_fxsr ? " FXSR" : "", arch_cpu.has_sse ? " SSE" : "");
    printk("global pages: %s; timer: %u Hz; TSC: %u.%03u MHz\n", arch_cpu.pge_on ? "on" : "off",
           CONFIG_TIMER_HZ, (unsigned)(clock_tsc_hz / 1000000),
           (unsigned)(clock_tsc_hz / 1000 % 1000));
    if (boot_info.cmdline[0])
        printk("command line: %s\n", boot_info.cmdline);
}

/* Stop with a clear line on a CPU below the Pentium: the kernel needs CPUID,
 * the TSC (the clock and every measurement) and an FPU (per-process state). */
static void
require_cpu(void)
{
    const char *missing = !arch_cpu.family ? "the CPUID instruction"
                          : !arch_cpu.has_tsc ? "a time-stamp counter (TSC)"
                          : !arch_cpu.has_fpu ? "a floating-point unit"
                                              : NULL;

    if (!missing)
        return;
    printk("%s needs a Pentium or later: this CPU (%s family %u) lacks %s. Halting.\n",
           KERNEL_NAME, arch_cpu.vendor, arch_cpu.family, missing);
    arch_exit(1);
}

static uint32_t
option_number(const char *key, uint32_t fallback)
{
    char buf[12];
    uint32_t n = 0;

    if (!bootinfo_option(key, buf, sizeof(buf)) || !buf[0])
        return fallback;
    for (const char *c = buf; *c; c++) {
        if (*c < '0' || *c > '9')
            return fallback;
        n = n * 10 + (uint32_t)(*c - '0');
    }
    return n;
}

/* Per-owner limits (DESIGN §3): a share of every resource table and of the
 * frames free now, or what the boot options say. */
static void
set_quotas(void)
{
    static const unsigned table_size[RT_COUNT] = {
        [RT_VREGION] = CONFIG_NR_VREGION, [RT_VSPACE] = CONFIG_NR_VSPACE,
        [RT_VUSPACE] = CONFIG_NR_VUSPACE, [RT_PROC] = CONFIG_NR_PROC,
        [RT_CBOX] = CONFIG_NR_CBOX,       [RT_CONTAINER] = CONFIG_NR_CONTAINER,
        [RT_IOPORT] = CONFIG_NR_IOPORT,   [RT_DEVICE] = CONFIG_NR_DEVICE,
        [RT_PIPE] = CONFIG_NR_PIPE,
    };
    uint32_t pct = option_number("quota_slots", CONFIG_QUOTA_SLOTS_PCT);

    for (int t = 1; t < RT_COUNT; t++)
        quota_set_limit(t, pct >= 100 ? 0 : (table_size[t] - 1) * pct / 100);
    quota_set_limit(QUOTA_FRAMES, option_number("quota_frames", frame_nfree() / 100 *
                                                                   CONFIG_QUOTA_FRAMES_PCT));
}

static void __attribute__((noinline))
deliberate_fault(void)
{
    volatile uint32_t *unmapped = (uint32_t *)0xdead0000;

    printk("fault=kernel: reading %p in kernel mode\n", (void *)unmapped);
    (void)*unmapped;
}

/* Create the first process, /bin/init, in a space of its own. Its arguments
 * are the words after " -- " on the command line (the `make boot` command). */
static struct proc *
start_init(void)
{
    static char words[BOOT_CMDLINE_MAX];
    char *argv[CONFIG_ARGS_MAX + 1] = {"init"};
    const char *cmd = boot_info.cmdline;
    struct vspace *vs;
    struct proc *p;
    int argc = 1, err;

    while (*cmd && !(cmd[0] == '-' && cmd[1] == '-' && (cmd[2] == ' ' || !cmd[2]) &&
                     (cmd == boot_info.cmdline || cmd[-1] == ' ')))
        cmd++;
    kstrlcpy(words, *cmd ? cmd + 2 : "", sizeof(words));
    for (char *w = words; *w && argc < CONFIG_ARGS_MAX;) {
        while (*w == ' ')
            *w++ = '\0';
        if (!*w)
            break;
        argv[argc++] = w;
        while (*w && *w != ' ')
            w++;
    }
    argv[argc] = NULL;
    if ((err = vs_create("@init", RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER, INIT_MODE, true, &vs)) < 0 ||
        (err = proc_spawn(NULL, "init", "/bin/init", argc, argv, vs, INIT_MODE, NULL, &p)) < 0)
        panic("cannot start /bin/init: error %d", err);
    proc_init_task = p;
    return p;
}

/* Entry from arch/x86/boot.asm with the boot page tables on. */
void
kmain(uint32_t magic, paddr_t info)
{
    char opt[8];

    console_init();
    if (bootinfo_parse(magic, info) < 0)
        panic("not started by a multiboot2 loader (magic %x)", magic);
    cpu_identify();
    require_cpu();
    if (boot_info.cmdline_cut)
        printk("warning: the boot command line is longer than %u bytes; only these "
               "reached the kernel: %s\n",
               BOOT_CMDLINE_MAX - 1, boot_info.cmdline);
    arch_init(CONFIG_TIMER_HZ);
    mem_init(bootinfo_option("nopge", opt, sizeof(opt)) == NULL);
    fpu_init(bootinfo_option("fpu", opt, sizeof(opt)) && kstrcmp(opt, "eager") == 0);
    clock_init(sched_tick);
    clock_set_page(mem_public_page(CLOCK_PAGE_ADDR));
    entropy_add((uint32_t)arch_rtc_seconds()); // the generator's seed; every interrupt adds more
    for (int i = 0; i < 32; i++)
        entropy_add((uint32_t)arch_tsc());
    kernel_quiet = bootinfo_option("quiet", opt, sizeof(opt)) != NULL;
    if (!kernel_quiet)
        print_banner();

    if (bootinfo_option("fault", opt, sizeof(opt)))
        deliberate_fault();
    if (bootinfo_option("selftest", opt, sizeof(opt)))
        arch_exit(selftest_run() == 0 ? 0 : 1);
    set_quotas();
    vr_init();
    vs_init();
    uaddr_init();
    vus_init();
    proc_init();
    ipc_init();
    ioport_init();
    dev_init();
    initrd_init();
    tty_init();
    sched_start(start_init());
}
