/*
 * CPU identification with CPUID: vendor, family/model/stepping and the
 * features the kernel cares about (FPU, TSC, PSE, PGE, SEP, FXSR, SSE). Pentium Pro models
 * below 3 report SEP but lack sysenter (SDM vol. 2, CPUID), so SEP is masked
 * off for them. Public: cpu_identify, fills arch_cpu.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"

#define CPUID_EDX_FPU (1u << 0)
#define CPUID_EDX_TSC (1u << 4)
#define CPUID_EDX_PSE (1u << 3)
#define CPUID_EDX_SEP (1u << 11)
#define CPUID_EDX_PGE (1u << 13)
#define CPUID_EDX_FXSR (1u << 24)
#define CPUID_EDX_SSE (1u << 25)
#define EFLAGS_ID (1u << 21)

struct arch_cpu arch_cpu;

static void
cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf));
}

static int
has_cpuid(void)
{
    uint32_t before, after;

    __asm__ volatile("pushfl; popl %0; movl %0, %1; xorl %2, %1; pushl %1; popfl;"
                     "pushfl; popl %1"
                     : "=&r"(before), "=&r"(after)
                     : "i"(EFLAGS_ID));
    return ((before ^ after) & EFLAGS_ID) != 0;
}

static void
copy_reg(char *dst, uint32_t r)
{
    for (int i = 0; i < 4; i++)
        dst[i] = (char)(r >> (8 * i));
}

/* Fill arch_cpu from CPUID. An i486 without CPUID is reported with no features. */
void
cpu_identify(void)
{
    uint32_t a, b, c, d;

    if (!has_cpuid()) {
        copy_reg(arch_cpu.vendor, 0x6e6b6e75); // "unkn"
        return;
    }
    cpuid(0, &a, &b, &c, &d);
    copy_reg(arch_cpu.vendor, b);
    copy_reg(arch_cpu.vendor + 4, d);
    copy_reg(arch_cpu.vendor + 8, c);
    arch_cpu.vendor[12] = 0;
    if (a < 1)
        return;
    cpuid(1, &a, &b, &c, &d);
    arch_cpu.family = (a >> 8) & 0xf;
    arch_cpu.model = (a >> 4) & 0xf;
    arch_cpu.stepping = a & 0xf;
    if (arch_cpu.family == 0xf)
        arch_cpu.family += (a >> 20) & 0xff;
    if (arch_cpu.family == 0x6 || arch_cpu.family == 0xf)
        arch_cpu.model |= ((a >> 16) & 0xf) << 4;
    arch_cpu.has_fpu = (d & CPUID_EDX_FPU) != 0;
    arch_cpu.has_tsc = (d & CPUID_EDX_TSC) != 0;
    arch_cpu.has_fxsr = (d & CPUID_EDX_FXSR) != 0;
    arch_cpu.has_sse = arch_cpu.has_fxsr && (d & CPUID_EDX_SSE) != 0;
    arch_cpu.has_pse = (d & CPUID_EDX_PSE) != 0;
    arch_cpu.has_pge = (d & CPUID_EDX_PGE) != 0;
    arch_cpu.has_sep = (d & CPUID_EDX_SEP) != 0 &&
                       !(arch_cpu.family == 6 && arch_cpu.model < 3 && arch_cpu.stepping < 3);
}
