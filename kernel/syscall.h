/*
 * System-call handlers, one per line of kernel/abi/syscalls.def, each named
 * sys_<name> and taking the calling process first. Included by the
 * dispatcher and the files that implement handlers.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/abi/ipc.h"
#include "kernel/abi/resource.h"
#include "kernel/abi/types.h"

struct proc;

int sys_exit(struct proc *caller, int status);
int sys_write(struct proc *caller, int fd, const void *buf, size_t n);
int sys_read(struct proc *caller, int fd, void *buf, size_t n);
int sys_vmcreate(struct proc *caller, const char *name, unsigned mod);
int sys_proccreate(struct proc *caller, const char *name, const char *path, char *const argv[],
                   rid_t vmid, unsigned mod);
int sys_procmove(struct proc *caller, rid_t pid, rid_t vmid);
int sys_changeoid(struct proc *caller, rid_t rid, int oid, int flag);
int sys_changemod(struct proc *caller, rid_t rid, unsigned mod);
int sys_changegid(struct proc *caller, rid_t rid, int gid, int flag);
int res_user_args(const char *name, unsigned mod, char kname[RES_NAME_MAX]);
int sys_resreclaim(struct proc *caller, int oid);
int sys_consfg(struct proc *caller, rid_t pid);
int sys_getpid(struct proc *caller);
int sys_getvmid(struct proc *caller, rid_t pid);
int sys_procwait(struct proc *caller, rid_t pid, int *status);
int sys_yield(struct proc *caller);
int sys_resfind(struct proc *caller, int type, const char *name);
int sys_resdelete(struct proc *caller, rid_t rid);
int sys_resinfo(struct proc *caller, rid_t rid, struct res_info *out);
int sys_reslist(struct proc *caller, int type, rid_t after, rid_t *out, int max);
int sys_sbrk(struct proc *caller, int increment);
int sys_sysstat(struct proc *caller, struct sysstat *out);
int sys_nullcall(struct proc *caller);
int sys_getenvinfo(struct proc *caller, char *buf, size_t n);
int sys_cbcreate(struct proc *caller, const char *name, unsigned mod);
int sys_ccreate(struct proc *caller, uint32_t size, struct cmsg *out);
int sys_csend(struct proc *caller, rid_t box, rid_t cont);
int sys_crecv(struct proc *caller, rid_t box, struct cmsg *out, int timeout_ms);
int sys_ccall(struct proc *caller, rid_t box, rid_t cont, rid_t reply_box, struct cmsg *out,
              int timeout_ms);

/* the one door to resources for system calls (STYLE §2) */
struct resource;
int res_get(struct proc *caller, rid_t rid, int type, unsigned right, struct resource **out);

#endif
