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
 * show the panic dump; "nopge" keeps global pages off.
 */
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/bootinfo.h"
#include "kernel/clock.h"
#include "kernel/config.h"
#include "kernel/kmain.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/mem.h"
#include "proc/sched.h"

#define KERNEL_NAME "Tender/HVS"
#define KERNEL_VERSION "0.1"

static void
print_banner(void)
{
    struct mem_stats ms;

    mem_stats(&ms);
    printk("%s %s kernel (i686, higher half at %p)\n", KERNEL_NAME, KERNEL_VERSION,
           (void *)KERNEL_BASE);
    printk("memory: %u MiB found, %u MiB managed, %u frames free\n", ms.total_kib / 1024,
           ms.managed_kib / 1024, ms.free_frames);
    printk("cpu: %s family %u model %u stepping %u, features:%s%s%s%s\n", arch_cpu.vendor,
           arch_cpu.family, arch_cpu.model, arch_cpu.stepping, arch_cpu.has_tsc ? " TSC" : "",
           arch_cpu.has_pse ? " PSE" : "", arch_cpu.has_pge ? " PGE" : "",
           arch_cpu.has_sep ? " SEP" : "");
    printk("global pages: %s; timer: %u Hz; TSC: %u.%03u MHz\n", arch_cpu.pge_on ? "on" : "off",
           CONFIG_TIMER_HZ, (unsigned)(clock_tsc_hz / 1000000),
           (unsigned)(clock_tsc_hz / 1000 % 1000));
    if (boot_info.cmdline[0])
        printk("command line: %s\n", boot_info.cmdline);
}

static void __attribute__((noinline))
deliberate_fault(void)
{
    volatile uint32_t *unmapped = (uint32_t *)0xdead0000;

    printk("fault=kernel: reading %p in kernel mode\n", (void *)unmapped);
    (void)*unmapped;
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
    arch_init(CONFIG_TIMER_HZ);
    mem_init(bootinfo_option("nopge", opt, sizeof(opt)) == NULL);
    clock_init();
    print_banner();

    if (bootinfo_option("fault", opt, sizeof(opt)))
        deliberate_fault();
    if (bootinfo_option("selftest", opt, sizeof(opt)))
        arch_exit(selftest_run() == 0 ? 0 : 1);
    sched_start();
}
