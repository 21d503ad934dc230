/*
 * A process's environment: a small block of bytes every child copies from
 * its creator at proccreate, like Unix's environment at exec.
 *
 * The kernel does not read it. The user library keeps NUL-separated
 * "NAME=value" strings there (getenv/setenv, the working directory, the
 * files a child inherits: user/lib/file.c), so whatever a parent puts in
 * before proccreate reaches the child, and nothing the child changes reaches
 * the parent. At most ENV_BLOCK_MAX bytes, on the kernel heap; freed when
 * the process ends.
 * Public: proc_env_inherit, proc_env_free, sys_envset, sys_envget.
 */
#include <stddef.h>
#include <stdint.h>

#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "mm/mem.h"
#include "proc/proc.h"

/* Give child a copy of parent's environment (parent NULL: empty). Returns 0
 * or -ENOMEM (then the child has none). */
int
proc_env_inherit(struct proc *child, const struct proc *parent)
{
    child->env = NULL;
    child->envlen = 0;
    if (!parent || !parent->envlen)
        return 0;
    if (!(child->env = kmalloc(parent->envlen)))
        return -ENOMEM;
    kmemcpy(child->env, parent->env, parent->envlen);
    child->envlen = parent->envlen;
    return 0;
}

/* Free p's environment. */
void
proc_env_free(struct proc *p)
{
    kfree(p->env);
    p->env = NULL;
    p->envlen = 0;
}

/* Replace the caller's environment by n bytes at buf (n = 0: empty).
 * Returns 0, -E2BIG (over ENV_BLOCK_MAX), -ENOMEM or -EFAULT; on an error
 * the old environment stays. */
int
sys_envset(struct proc *caller, const void *buf, size_t n)
{
    char *env = NULL;
    int err;

    if (n > ENV_BLOCK_MAX)
        return -E2BIG;
    if (n && !(env = kmalloc(n)))
        return -ENOMEM;
    if (n && (err = copyin(env, buf, n)) < 0) {
        kfree(env);
        return err;
    }
    proc_env_free(caller);
    caller->env = env;
    caller->envlen = (uint16_t)n;
    return 0;
}

/* Copy the caller's environment to buf (at most n bytes). Returns its whole
 * length (which may exceed n: call again with more room) or -EFAULT. */
int
sys_envget(struct proc *caller, void *buf, size_t n)
{
    size_t len = caller->envlen < n ? caller->envlen : n;
    int err;

    if (len && (err = copyout(buf, caller->env, len)) < 0)
        return err;
    return caller->envlen;
}
