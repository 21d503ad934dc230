/*
 * System-call dispatch: the handler table and nothing else (each handler
 * lives beside its subsystem), and the null call that measures it.
 *
 * The handler table is generated from kernel/abi/syscalls.def, so numbers,
 * handlers and user stubs cannot drift; a gap or an unknown number returns
 * -ENOSYS. Both entry paths end here: int $0x80 and sysenter (whose arch
 * code first fetches arguments 2 and 3 from the user stack, as many as
 * syscall_nargs says); syscall_dispatch (kernel/trap.h) runs the handler
 * from the table. Public: syscall_table, syscall_argc, sys_nullcall.
 */
#include <stddef.h>

#include "kernel/abi/syscall.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"

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

/* Do nothing: the cost of entering and leaving the kernel. */
int
sys_nullcall(struct proc *caller)
{
    (void)caller;
    return 0;
}
