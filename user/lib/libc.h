/*
 * user/lib/libc.h - what every file of our library shares (user/lib/libc.c):
 * the errno convention, the trap into the kernel and the hook into a
 * process's end. Included by our
 * library only (user/lib/), never by programs.
 */
#ifndef USER_LIB_LIBC_H
#define USER_LIB_LIBC_H

#include <stdint.h>
#include <sys/syscall.h>
#include <tender.h>

/* errno = -r: the rare path of the two below. Returns -1. */
int libc_fail(int32_t r);

/* Turn a raw kernel result into the libc convention: -1 with errno for a
 * negative result, the result itself otherwise. Inline: a call that
 * succeeds costs no more than the system call. */
static inline int
libc_ret(int32_t r)
{
    return r < 0 ? libc_fail(r) : r;
}

/* For the calls that return a rid_t: set errno when r is negative, return r
 * unchanged either way. */
static inline int
libc_rid(int32_t r)
{
    if (r < 0)
        libc_fail(r);
    return r;
}

/* Trap into the kernel with call number nr and five argument words through
 * the path tender_syscall_mode selects; the kernel's EAX back. Inline, so a
 * wrapper (user/lib/tender.c) goes straight to the trap stub. */
static inline int32_t
libc_trap(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    if (tender_syscall_mode == SYSCALL_SYSENTER)
        return syscall_sysenter(nr, a1, a2, a3, a4, a5);
    return syscall_int80(nr, a1, a2, a3, a4, a5);
}

/* ccallr's trap stubs (user/lib/ccallr.asm), one per path as syscall.asm's */
struct creg;
int32_t ccallr_int80(uint32_t nr, int32_t box, int32_t cont, int32_t reply_box, int timeout_ms,
                     struct creg *m);
int32_t ccallr_sysenter(uint32_t nr, int32_t box, int32_t cont, int32_t reply_box, int timeout_ms,
                        struct creg *m);

/* Run by _exit first, if set (user/lib/file.c closes open files). */
extern void (*libc_exit_hook)(void);

#endif
