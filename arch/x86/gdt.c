/*
 * Global descriptor table and the task-state segment.
 *
 * Flat 4 GiB segments for ring 0 and ring 3 in the order sysenter needs
 * (kernel code, kernel data, user code, user data; SDM vol. 3, 5.8.7), then
 * one 32-bit TSS that gives the CPU the kernel stack (SS0:ESP0) on a ring 3 ->
 * ring 0 transition and carries the I/O permission bitmap of the running
 * process (arch/x86/iobitmap.c) with its all-ones terminating byte (SDM
 * vol. 1, 19.5.2). The scheduler updates ESP0 and the bitmap on a switch.
 * The LDT register is loaded with the null selector: its reset value (base 0,
 * limit 0xffff) would let ring 3 load LDT selectors that read low memory;
 * with a null LDT every such load faults (SDM vol. 3, 3.5.1).
 * Public: gdt_init, arch_kstack_slot (TSS.ESP0, for arch.h's arch_set_kstack).
 */
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/x86.h"
#include "kernel/compiler.h"

struct gdt_entry {
    uint16_t limit_lo, base_lo;
    uint8_t base_mid, access, flags_limit_hi, base_hi;
} __attribute__((packed));

struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
} __attribute__((packed));
STATIC_ASSERT(sizeof(struct tss) == 104);

struct tss_io { /* the TSS, then the I/O bitmap its limit covers */
    struct tss tss;
    uint8_t iomap[ARCH_IO_PORTS / 8];
    uint8_t end; /* 0xff: the CPU may read one byte past the last port's */
} __attribute__((packed));

struct dt_pointer {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

#define ACC_PRESENT 0x80
#define ACC_DPL3 0x60
#define ACC_CODE_DATA 0x10
#define ACC_EXEC 0x08
#define ACC_RW 0x02
#define ACC_TSS32 0x09
#define FLAGS_4K_32BIT 0xc0

static struct gdt_entry gdt[6];
struct tss_io arch_tss __attribute__((aligned(4))); // global: the sysenter stub reads ESP0
STATIC_ASSERT(__builtin_offsetof(struct tss, esp0) % 4 == 0); // so the slot below is aligned
uint32_t *const arch_kstack_slot = // arch_set_kstack (arch.h) writes TSS.ESP0 through it
    (uint32_t *)(void *)((char *)&arch_tss + __builtin_offsetof(struct tss, esp0));

static void
set_entry(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    gdt[i].limit_lo = limit & 0xffff;
    gdt[i].base_lo = base & 0xffff;
    gdt[i].base_mid = (base >> 16) & 0xff;
    gdt[i].access = access;
    gdt[i].flags_limit_hi = flags | ((limit >> 16) & 0x0f);
    gdt[i].base_hi = base >> 24;
}

/* Load the GDT, reload every segment register and load the task register. */
void
gdt_init(void)
{
    struct dt_pointer ptr = {sizeof(gdt) - 1, (uint32_t)gdt};

    set_entry(1, 0, 0xfffff, ACC_PRESENT | ACC_CODE_DATA | ACC_EXEC | ACC_RW, FLAGS_4K_32BIT);
    set_entry(2, 0, 0xfffff, ACC_PRESENT | ACC_CODE_DATA | ACC_RW, FLAGS_4K_32BIT);
    set_entry(3, 0, 0xfffff, ACC_PRESENT | ACC_DPL3 | ACC_CODE_DATA | ACC_EXEC | ACC_RW,
              FLAGS_4K_32BIT);
    set_entry(4, 0, 0xfffff, ACC_PRESENT | ACC_DPL3 | ACC_CODE_DATA | ACC_RW, FLAGS_4K_32BIT);
    set_entry(5, (uint32_t)&arch_tss, sizeof(arch_tss) - 1, ACC_PRESENT | ACC_TSS32, 0);
    arch_tss.tss.ss0 = SEL_KDATA;
    arch_tss.tss.iomap_base = sizeof(struct tss);
    arch_tss.end = 0xff;
    iobitmap_init(arch_tss.iomap); // every port closed until a process is granted some

    __asm__ volatile("lgdt %0\n\t"
                     "ljmp %1, $1f\n"
                     "1:\n\t"
                     "mov %2, %%ax\n\t"
                     "mov %%ax, %%ds\n\t"
                     "mov %%ax, %%es\n\t"
                     "mov %%ax, %%fs\n\t"
                     "mov %%ax, %%gs\n\t"
                     "mov %%ax, %%ss\n\t"
                     "mov %3, %%ax\n\t"
                     "ltr %%ax\n\t"
                     "xor %%eax, %%eax\n\t"
                     "lldt %%ax"
                     :
                     : "m"(ptr), "i"(SEL_KCODE), "i"(SEL_KDATA), "i"(SEL_TSS)
                     : "eax", "memory");
}
