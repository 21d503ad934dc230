/*
 * System-call dispatch and the small calls that belong to no resource.
 *
 * The handler table is generated from kernel/abi/syscalls.def, so numbers,
 * handlers and user stubs cannot drift; a gap or an unknown number returns
 * -ENOSYS. Both entry paths end here: int $0x80 and sysenter (whose arch
 * code first fetches arguments 2 and 3 from the user stack, as many as
 * syscall_nargs says); syscall_dispatch (kernel/trap.h) runs the handler
 * from the table. Public: syscall_table, syscall_argc, the sys_ calls below.
 */
#include <stddef.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/syscall.h"
#include "kernel/bootinfo.h"
#include "kernel/clock.h"
#include "kernel/config.h"
#include "kernel/console.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "kernel/usercopy.h"
#include "mm/mem.h"
#include "proc/proc.h"
#include "proc/sched.h"

/* Every handler is called with five word arguments; cdecl lets a handler
 * that declares fewer ignore the rest. The cast goes through void (*)(void),
 * the one function-pointer type GCC accepts as a generic one. */
const syscall_fn syscall_table[SYS_COUNT] = {
#define SYSCALL(nr, ret, name, params) [nr] = (syscall_fn)(void (*)(void))sys_##name,
#include "kernel/abi/syscalls.def"
#undef SYSCALL
};

/* How many argument words each call takes: the sysenter path fetches
 * arguments 2 and 3 from the user stack only for calls that have them. */
const uint8_t syscall_argc[SYS_COUNT] = {
#define SYSCALL(nr, ret, name, params) [nr] = SYSCALL_NARGS params,
#include "kernel/abi/syscalls.def"
#undef SYSCALL
};

/* End the calling process. */
int
sys_exit(struct proc *caller, int status)
{
    (void)caller;
    proc_exit(PROC_STATUS_EXIT(status));
}

/* Write to the console (fd 1 and 2). Returns n, -EBADF or -EFAULT (or the
 * bytes written before a bad page). Between chunks the caller may be
 * preempted, so megabytes of output neither keep interrupts off nor keep
 * other processes waiting. */
int
sys_write(struct proc *caller, int fd, const void *buf, size_t n)
{
    char chunk[256];

    (void)caller;
    if (fd != 1 && fd != 2)
        return -EBADF;
    if (n > 0x7fffffff)
        return -EINVAL;
    for (size_t done = 0; done < n;) {
        size_t len = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
        if (copyin(chunk, (const char *)buf + done, len) < 0)
            return done ? (int)done : -EFAULT;
        console_write(chunk, len);
        done += len;
        if (done < n)
            sched_preempt();
    }
    return (int)n;
}

/* Read console input (fd 0): blocks until at least one byte is there, then
 * returns what is available up to n. Returns the count, -EBADF or -EFAULT. */
int
sys_read(struct proc *caller, int fd, void *buf, size_t n)
{
    char chunk[128];
    size_t got;

    (void)caller;
    if (fd != 0)
        return -EBADF;
    if (n == 0)
        return 0;
    if (n > sizeof(chunk))
        n = sizeof(chunk);
    got = console_read(chunk, n);
    if (copyout(buf, chunk, got) < 0)
        return -EFAULT;
    return (int)got;
}

/* Grow or shrink the heap; returns the old break, -ENOMEM or -EINVAL. */
int
sys_sbrk(struct proc *caller, int increment)
{
    vaddr_t old;
    int err = proc_sbrk(caller, increment, &old);

    return err < 0 ? err : (int)old;
}

/* Kernel counters for tests and benchmarks. Returns 0 or -EFAULT. */
int
sys_sysstat(struct proc *caller, struct sysstat *out)
{
    struct sysstat st = {0};

    (void)caller;
    st.switches = sched_switches;
    st.cr3_loads = arch_cr3_loads();
    st.free_frames = frame_nfree();
    for (int t = 1; t < RT_COUNT && t < 8; t++)
        st.free_slots[t] = res_count_free(t);
    st.free_slots[0] = ua_free_chunks(); // slot 0 of no type: free 4 MiB address chunks
    st.ticks = clock_ticks;
    st.timer_hz = CONFIG_TIMER_HZ;
    st.tsc_khz = (uint32_t)(clock_tsc_hz / 1000);
    st.features = (arch_cpu.has_sep ? SYSSTAT_SEP : 0) | (arch_cpu.pge_on ? SYSSTAT_PGE : 0);
    st.tick_gap_max_us = clock_max_gap_us();
    st.ticks_late = clock_ticks_late;
    return copyout(out, &st, sizeof(st));
}

/* Do nothing: the cost of entering and leaving the kernel. */
int
sys_nullcall(struct proc *caller)
{
    (void)caller;
    return 0;
}

/* Whether the caller may read (write: also write) the n bytes at user
 * address p: 0 or -EFAULT. For the user library, which copies buffers into
 * containers itself and owes its callers EFAULT, not a fault, for a bad one. */
int
sys_uaccess(struct proc *caller, const void *p, size_t n, int write)
{
    (void)caller;
    return user_range_check(p, n, write != 0);
}

/* The boot command for init: what follows " -- " on the kernel command line.
 * Returns its length (0 if none), -EFAULT, or -ERANGE if buf is too small. */
int
sys_getenvinfo(struct proc *caller, char *buf, size_t n)
{
    const char *cmd = boot_info.cmdline;
    size_t len;

    (void)caller;
    while (*cmd && !(cmd[0] == '-' && cmd[1] == '-' && (cmd[2] == ' ' || !cmd[2]) &&
                     (cmd == boot_info.cmdline || cmd[-1] == ' ')))
        cmd++;
    cmd += *cmd ? (cmd[2] ? 3 : 2) : 0;
    len = kstrlen(cmd);
    if (len + 1 > n)
        return -ERANGE;
    return copyout(buf, cmd, len + 1) < 0 ? -EFAULT : (int)len;
}
