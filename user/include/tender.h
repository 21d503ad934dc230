/*
 * tender.h - the Tender/HVS calls of DESIGN §4 (the paper's Table 1) and the
 * kernel's introspection calls.
 *
 * Any user program may include it. Constants and shared structs come from
 * kernel/abi/: RT_* and RCC_* (resource.h), struct res_info, struct sysstat,
 * SYSSTAT_*, PROC_* states and PROC_STATUS_* / PROC_EXITED() ... (types.h).
 *
 * Errors: the calls that return a rid_t (vmcreate, proccreate, getpid, getvmid,
 * resfind, vwcreate) return the kernel's negative value itself (-ENOENT,
 * -EPERM, ...) AND set errno to its positive value; a valid rid is always
 * > 0. Every other call returns -1 with errno set (vwattach: NULL). procwait
 * returns the pid that ended and stores its status (PROC_STATUS_*) through
 * `status` when it is not NULL.
 */
#ifndef USER_TENDER_H
#define USER_TENDER_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/abi/resource.h"
#include "kernel/abi/types.h"

/* the HVS calls */
rid_t vmcreate(const char *name, unsigned mod);            /* new empty space */
rid_t proccreate(const char *name, const char *path, char *const argv[],
                 rid_t vmid, unsigned mod);                /* vmid 0: new space */
/* proccreate with envp's NAME=value strings in the child's environment (added
 * to ours or in place of ours of the same names; ours stays as it is) */
rid_t proccreate_env(const char *name, const char *path, char *const argv[], char *const envp[],
                     rid_t vmid, unsigned mod);
int procmove(rid_t pid, rid_t vmid);                       /* move a process */
int changeoid(rid_t rid, int oid, int flag);               /* flag != 0: also its parts */
int changemod(rid_t rid, unsigned mod);
rid_t getpid(void);
rid_t getvmid(rid_t pid);                                  /* current space of pid */
int procwait(rid_t pid, int *status);                      /* returns pid when it ended */
int yield(void);                                           /* process-switch call */
rid_t resfind(int type, const char *name);
int resdelete(rid_t rid);
int changegid(rid_t rid, int gid, int flag);               /* flag != 0: also its parts */

/* the system owner's tools: take back everything owner oid holds (returns the
 * count of resources deleted); make pid the console's foreground process,
 * which Ctrl-C ends (0: none; needs DEL on pid) */
int resreclaim(int oid);
int consfg(rid_t pid);

/* user-level drivers: open (close) to the caller the I/O ports of a port
 * resource (RT_IOPORT, e.g. resfind(RT_IOPORT, "ata0")); needs ATT on it.
 * A process that touches a port it was not given ends with a fault (#GP). */
int ioattach(rid_t io);
int iodetach(rid_t io);

/* shared windows (mm/vwin.c): an address range unique in the system whose
 * page tables every attached process links, showing pages of its creator's
 * memory; how the file server maps its cache into clients (omf.h). vwmap
 * needs MOD and is the creator's alone: any other process gets EPERM,
 * whatever the window's mode; vwunmap and vwdirty need MOD. A page leaves
 * the window, in every process, when the memory it shows is freed (the
 * creator's sbrk shrinking over it, the creator ending); a touch there
 * then faults. vwattach returns the window's address (NULL with errno on
 * error); prot is VUS_READ or VUS_READ | VUS_WRITE. A window goes with
 * resdelete or its creator. */
rid_t vwcreate(const char *name, size_t npages, unsigned mod);
int vwmap(rid_t win, size_t wpage, const void *src, size_t n);
int vwunmap(rid_t win, size_t wpage, size_t n);
void *vwattach(rid_t win, rid_t pid, unsigned prot);
int vwdetach(rid_t win, rid_t pid);
int vwdirty(rid_t win, size_t wpage, size_t n, unsigned char *bits); /* pages written since
                                                     last asked: count, bit i = page wpage+i */

/* pipes (DESIGN §8; ipc/pipe.c): a pipe's ends are held by processes, not
 * named by rid alone. pipecreate gives the caller both; piperead returns 0 at
 * end of file (no write end held); pipewrite fails with EPIPE when no read
 * end is held, and never splits a write of PIPE_BUF bytes or fewer; the ends
 * marked by pipemark are copied to the children proccreate makes (the
 * library marks those its descriptors pass: use pipe(2) and descriptors);
 * pipeends lists the ends held. */
rid_t pipecreate(unsigned mod);
int piperead(rid_t pipe, void *buf, size_t n, unsigned flags); /* PIPE_NOWAIT or 0 */
int pipewrite(rid_t pipe, const void *buf, size_t n, unsigned flags);
int pipeclose(rid_t pipe, int end); /* end: PIPE_READ or PIPE_WRITE */
int pipemark(rid_t pipe, int end, int inherit);
int pipeends(struct pipeend *out, int max); /* how many are held */
/* wait at most timeout_ms (-1: for ever) until one of n held ends is ready
 * (PIPE_POLLIN, PIPE_POLLOUT; PIPE_POLLHUP, PIPE_POLLERR): the count
 * ready, 0 at the time-out (poll(2) uses it for pipe descriptors) */
int pipepoll(struct pipepollfd *set, int n, int timeout_ms);

/* a shell that ends with this status asks init to stop the machine (halt) */
#define TENDER_HALT_STATUS 250

/* introspection: resinfo describes rid; reslist stores up to max live rids
 * of type above after into out, in slot order */
int resinfo(rid_t rid, struct res_info *out);
int reslist(int type, rid_t after, rid_t *out, int max);   /* count of rids stored */
int sysstat(struct sysstat *out);
int nullcall(void);                                        /* does nothing: cost floor */
int bootread(const char *path, uint32_t offset, void *buf, size_t n); /* a boot-image file's
                                   bytes from offset (cp /bin/x): the count, 0 at the end */
int getenvinfo(char *buf, size_t n);                       /* boot "cmd=" text, for init */

/* Write mode as "RMDAC/R..A./R....": owner, group, other, a letter for each
 * right granted (Ref Mod Del Att Ctl) and '.' for each refused. Returns out. */
#define RCC_MODE_TEXT 18
char *rcc_mode_text(unsigned mode, char out[RCC_MODE_TEXT]);

/* The -h every program answers: if argv[1] is "-h", print "usage: USAGE"
 * and WHAT (one line) on stdout and return 1 (the program then exits 0);
 * else return 0. The build collects these calls into the shell's `help`. */
int tender_help(int argc, char **argv, const char *usage, const char *what);

/* Timer ticks since boot (0 if unknown); the tick rate into *hz if hz != NULL. */
unsigned tender_ticks(unsigned *hz);

/* How system calls trap: set by the library at start-up to SYSCALL_SYSENTER
 * when sysstat() reports SYSSTAT_SEP, else SYSCALL_INT80. A program may switch
 * it at any time (benchmarks compare the paths); sysenter on a CPU without SEP
 * faults. */
enum { SYSCALL_INT80 = 0, SYSCALL_SYSENTER = 1 };
extern int tender_syscall_mode;

/* the time-stamp counter (Pentium and later); not serializing */
static inline uint64_t
rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
