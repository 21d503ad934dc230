/*
 * System-call handlers, one per line of kernel/abi/syscalls.def, each named
 * sys_<name> and taking the calling process first; the prototypes come from
 * that list. Included by the
 * dispatcher and the files that implement handlers.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/abi/errno.h"
#include "kernel/abi/ipc.h"
#include "kernel/abi/resource.h"
#include "kernel/abi/signal.h"
#include "kernel/abi/syscall.h"
#include "kernel/abi/types.h"
#include "kernel/rcc.h"
#include "kernel/resource.h"
#include "kernel/usercopy.h"

struct proc;

/* sys_<name>(struct proc *caller, the parameters of its line) */
#define SYSCALL_WITH_CALLER(...) (struct proc * caller, ##__VA_ARGS__)
#define SYSCALL(nr, ret, name, params) ret sys_##name SYSCALL_WITH_CALLER params;
#include "kernel/abi/syscalls.def"
#undef SYSCALL

/* The name and mode a creating call was given: name copied into kname.
 * Returns 0, -EFAULT, -ENAMETOOLONG or -EINVAL (mode). */
static inline int
res_user_args(const char *name, unsigned mod, char kname[RES_NAME_MAX])
{
    int err = copyinstr(kname, name, RES_NAME_MAX);

    if (err < 0)
        return err;
    return rcc_mode_valid(mod) ? 0 : -EINVAL;
}

/* the one door to resources for system calls (STYLE §2) */
int res_get(struct proc *caller, rid_t rid, int type, unsigned right, struct resource **out);

/* res_get's body, inline for the IPC fast path: the same checks, the same
 * errors. A process acts as its owner and group, which its resource header
 * holds (struct proc starts with it; proc/proc.c pins that). */
static inline int
res_get_inline(struct proc *caller, rid_t rid, int type, unsigned right, struct resource **out)
{
    const struct resource *id = (const struct resource *)(const void *)caller;

    return res_get_as_inline(id->owner, id->group, rid, type, right, out);
}

#endif
