/*
 * user/lib/syscalls.c - the raw system call stubs and the choice of trap path.
 *
 * Model: kernel/abi/syscalls.def is included once with SYSCALL() defined to
 * emit `int32_t sys_<name>(uint32_t a1, ..., aN)`, which calls
 * syscall5(SYS_<name>, a1, ..., 0...) and returns the raw kernel value
 * (negative = -errno), so numbers, names and argument counts can never drift
 * from the kernel's table. Each stub traps through user/lib/syscall.asm
 * itself, by `int $0x80` or by `sysenter` as tender_syscall_mode says (one
 * call less than going through syscall5, which does the same for callers
 * with a number in hand: the IPC round trip is two of these stubs).
 * Entry points: sys_<name> for every call, syscall5, __libc_init (crt0 calls
 * it before main), tender_syscall_mode (also reachable as __syscall_mode).
 */
#include <stdint.h>
#include <sys/syscall.h>
#include <tender.h>

#include "user/lib/libc.h"

int tender_syscall_mode = SYSCALL_INT80;
extern int __syscall_mode __attribute__((alias("tender_syscall_mode")));

/*
 * Trap into the kernel with call number nr and five argument words through the
 * path tender_syscall_mode selects. Returns the kernel's EAX.
 */
int32_t
syscall5(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    return libc_trap(nr, a1, a2, a3, a4, a5);
}

/* argument words passed for each argument count; unused ones are zero */
#define SYSCALL_ARGS_0 0, 0, 0, 0, 0
#define SYSCALL_ARGS_1 a1, 0, 0, 0, 0
#define SYSCALL_ARGS_2 a1, a2, 0, 0, 0
#define SYSCALL_ARGS_3 a1, a2, a3, 0, 0
#define SYSCALL_ARGS_4 a1, a2, a3, a4, 0
#define SYSCALL_ARGS_5 a1, a2, a3, a4, a5

/*
 * sys_<name>(...): one raw stub per line of syscalls.def. Returns the kernel's
 * value unchanged (negative = -errno); errno is not touched.
 */
#define SYSCALL_ARGS(params) SYSCALL_CAT(SYSCALL_ARGS_, SYSCALL_NARGS params)
#define SYSCALL(nr, ret, name, params)                                                            \
    int32_t sys_##name(SYSCALL_PARAMS(params))                                                    \
    {                                                                                             \
        return libc_trap(nr, SYSCALL_ARGS(params));                                                    \
    }
#include "kernel/abi/syscalls.def"
#undef SYSCALL

/*
 * Library start-up, called by crt0 before main (and before env_import):
 * use sysenter when the kernel reports SEP (features & SYSSTAT_SEP), else
 * int $0x80. Asking costs one int $0x80 call. (It touches no stdio, so a
 * program that prints nothing links none of it.)
 */
void __libc_init(void);

void
__libc_init(void)
{
    struct sysstat st;

    tender_syscall_mode = SYSCALL_INT80;
    if (sys_sysstat((uint32_t)(uintptr_t)&st) >= 0 && (st.features & SYSSTAT_SEP))
        tender_syscall_mode = SYSCALL_SYSENTER;
}
