/*
 * The clock page: one page of kernel memory that every process may read
 * (never write) at CLOCK_PAGE_ADDR, the same frame in every space (it lies
 * in the shared kernel half, so a space costs nothing for it). The kernel
 * writes it at every timer tick; a reader gets a time up to one tick old
 * with a plain load, no call and no rdtsc (which TCG makes a helper call).
 * Used for OMF's claims (DESIGN §9): a claim is the TSC >> CLOCK_TSC_SHIFT
 * when the access was made, the same unit the file server reads its TSC in.
 * A store into the page faults (14) and ends only the writer; the kernel
 * takes no pointer into it as a user buffer (it lies above KERNEL_BASE).
 */
#ifndef KERNEL_ABI_CLOCKPAGE_H
#define KERNEL_ABI_CLOCKPAGE_H

#include <stdint.h>

#define CLOCK_PAGE_ADDR 0xFFFFF000u /* the last page of the address space */
#define CLOCK_TSC_SHIFT 16          /* tsc_shifted is the TSC >> this */

struct clock_page {
    uint32_t tsc_shifted; /* the TSC >> CLOCK_TSC_SHIFT at the last tick (never 0 after boot) */
    uint32_t ticks;       /* timer ticks since boot (CONFIG_TIMER_HZ a second) */
};

#endif
