/*
 * sysstat: the kernel's counters for tests and benchmarks, read from every
 * layer (the scheduler's switches, the CPU's CR3 loads, free frames, free
 * slots of each resource type and free 4 MiB address chunks, the clock);
 * and proctimes, one process's CPU time (the timer tick charges the process
 * it interrupts, in user mode or in the kernel: proc/sched.c). It sits at
 * the top, in proc/, because it reads every floor below it.
 * Public: sys_sysstat, sys_proctimes.
 */
#include "arch/x86/arch.h"
#include "kernel/clock.h"
#include "kernel/config.h"
#include "kernel/syscall.h"
#include "mm/mem.h"
#include "mm/uaddr.h"
#include "proc/pcb.h"
#include "proc/sched.h"

/* Kernel counters for tests and benchmarks. Returns 0 or -EFAULT. */
int
sys_sysstat(struct proc *caller, struct sysstat *out)
{
    struct sysstat st = {0};

    (void)caller;
    st.switches = sched_switches;
    st.cr3_loads = arch_cr3_loads();
    st.free_frames = frame_nfree();
    for (int t = 1; t < RT_COUNT; t++) // free_slots has room for every type (types.h)
        st.free_slots[t] = res_count_free(t);
    st.free_slots[0] = uaddr_free_chunks(); // slot 0 of no type: free 4 MiB address chunks
    st.ticks = clock_ticks;
    st.timer_hz = CONFIG_TIMER_HZ;
    st.tsc_khz = (uint32_t)(clock_tsc_hz / 1000);
    st.features = (arch_cpu.has_sep ? SYSSTAT_SEP : 0) | (arch_cpu.pge_on ? SYSSTAT_PGE : 0);
    st.tick_gap_max_us = clock_max_gap_us();
    st.ticks_late = clock_ticks_late;
    return copyout(out, &st, sizeof(st));
}

/* The CPU time of process pid (0: the caller) and of its waited-for
 * children, into *out. Needs REF on pid. Returns 0, -EFAULT, or a lookup
 * error (-ENOENT, -EINVAL, -EPERM). */
int
sys_proctimes(struct proc *caller, rid_t pid, struct kproctimes *out)
{
    struct resource *r;
    const struct proc *p = caller;
    int err;

    if (pid && pid != caller->res.rid) {
        if ((err = res_get(caller, pid, RT_PROC, RCC_REF, &r)) < 0)
            return err;
        p = to_proc(r);
    }
    struct kproctimes t = {.user = p->uticks,
                           .sys = p->sticks,
                           .child_user = p->cuticks,
                           .child_sys = p->csticks,
                           .hz = CONFIG_TIMER_HZ};
    return copyout(out, &t, sizeof(t));
}
