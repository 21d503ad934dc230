/* What CPUID told us (arch/x86/cpu.c). Included through arch/x86/arch.h by
 * generic code, directly by arch/x86/ files below it. */
#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H

#include <stdbool.h>

struct arch_cpu {
    char vendor[13];
    unsigned family, model, stepping;
    bool has_fpu, has_tsc, has_pse, has_pge, has_sep, has_fxsr, has_sse;
    bool pge_on; /* global pages in use (has_pge and not disabled at boot) */
};
extern struct arch_cpu arch_cpu;
void cpu_identify(void);

#endif
