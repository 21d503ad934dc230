/*
 * t_abi: the system-call ABI as kernel/abi/syscalls.def states it. For every
 * call number (all but exit and sigreturn, which replaces every register,
 * and one past the last), by int $0x80 and by
 * sysenter, the callee-saved registers EBX, ESI, EDI and EBP come back
 * unchanged. The arguments are patterns with the top bit set, which every
 * call refuses at once (a bad pointer, rid, fd or size) except the few that
 * take none (getpid, yield, nullcall) or read one as a small value; yield
 * switches, so the registers must survive a switch too.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <tender.h>

#include "tests/guest/tap.h"

#define PAT_EBX 0xa5b40001u
#define PAT_ECX 0xa5c40002u /* argument 2: not preserved, any value */
#define PAT_EDX 0xa5d40003u /* argument 3 */
#define PAT_ESI 0xa5e40004u
#define PAT_EDI 0xa5f40005u
#define PAT_EBP 0xa5a40006u

struct regs {
    uint32_t ebx, esi, edi, ebp;
};

/* int $0x80 with the patterns in every argument register and EBP. */
static int32_t
trap_int80(uint32_t nr, struct regs *after)
{
    uint32_t eax = nr, ebx = PAT_EBX, esi = PAT_ESI, edi = PAT_EDI, ebp;

    __asm__ volatile("pushl %%ebp\n\t"
                     "movl %[pebp], %%ebp\n\t"
                     "int $0x80\n\t"
                     "movl %%ebp, %%ecx\n\t"
                     "popl %%ebp"
                     : "+a"(eax), "+b"(ebx), "+S"(esi), "+D"(edi), "=c"(ebp)
                     : "c"(PAT_ECX), "d"(PAT_EDX), [pebp] "i"(PAT_EBP)
                     : "memory", "cc");
    *after = (struct regs){ebx, esi, edi, ebp};
    return (int32_t)eax;
}

/* sysenter the way user/lib/syscall.asm does it, with the same patterns. */
static int32_t
trap_sysenter(uint32_t nr, struct regs *after)
{
    uint32_t eax = nr, ebx = PAT_EBX, esi = PAT_ESI, edi = PAT_EDI, ebp;

    __asm__ volatile("pushl %%ebp\n\t"
                     "pushl %[p3]\n\t"
                     "pushl %[p2]\n\t"
                     "movl %%esp, %%ecx\n\t"
                     "movl %[pebp], %%ebp\n\t"
                     "call 1f\n"
                     "1: popl %%edx\n\t"
                     "addl $(2f - 1b), %%edx\n\t"
                     "sysenter\n"
                     "2: movl %%ebp, %%ecx\n\t"
                     "addl $8, %%esp\n\t"
                     "popl %%ebp"
                     : "+a"(eax), "+b"(ebx), "+S"(esi), "+D"(edi), "=&c"(ebp)
                     : [p2] "i"(PAT_ECX), [p3] "i"(PAT_EDX), [pebp] "i"(PAT_EBP)
                     : "edx", "memory", "cc");
    *after = (struct regs){ebx, esi, edi, ebp};
    return (int32_t)eax;
}

static int
all_calls_keep_registers(int32_t (*trap)(uint32_t, struct regs *), const char *path)
{
    for (uint32_t nr = 1; nr <= SYS_COUNT; nr++) {
        struct regs r;
        int32_t ret;

        // sigreturn loads every register from its frame, and a bad one ends us (t_sig)
        if (nr == SYS_exit || nr == SYS_sigreturn)
            continue;
        ret = trap(nr, &r);
        if (r.ebx != PAT_EBX || r.esi != PAT_ESI || r.edi != PAT_EDI || r.ebp != PAT_EBP) {
            printf("# %s call %u (returned %d): ebx %08x esi %08x edi %08x ebp %08x\n", path,
                   nr, ret, r.ebx, r.esi, r.edi, r.ebp);
            return 1;
        }
        if (nr == SYS_COUNT)
            CHECK_EQ(ret, -ENOSYS);
    }
    return 0;
}

static int
int80_keeps_callee_saved(void)
{
    return all_calls_keep_registers(trap_int80, "int $0x80");
}

static int
sysenter_keeps_callee_saved(void)
{
    struct sysstat st;

    if (sysstat(&st) < 0 || !(st.features & SYSSTAT_SEP))
        return TAP_SKIP;
    return all_calls_keep_registers(trap_sysenter, "sysenter");
}

static const struct tcase cases[] = {
    {"int $0x80: EBX, ESI, EDI, EBP survive every system call", int80_keeps_callee_saved},
    {"sysenter: EBX, ESI, EDI, EBP survive every system call", sysenter_keeps_callee_saved},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_abi", "test suite: the system-call ABI (TAP)"))
        return 0;
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}
