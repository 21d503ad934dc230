/*
 * user/lib/posix.c - the system layer newlib stands on (its "syscalls",
 * which newlib for i686-elf calls by their POSIX names): read, write, sbrk,
 * _exit, kill, isatty, fstat, lseek, close, open, gettimeofday, times and
 * friends, each over our system calls (getpid is tender.h's), plus errno for
 * the calls of tender.h and ipc.h.
 *
 * Model: a raw kernel result below zero is -errno; the libc convention is
 * -1 with errno set (libc_ret), or, for the calls that return a rid_t, the
 * negative value itself with errno set too (libc_rid). The kernel's errno
 * values are newlib's (checked below at compile time). File descriptors 0, 1
 * and 2 are the console; others are files of the file server (next issue):
 * until then they are -EBADF, and _open says -ENOSYS.
 * Entry points: libc_fail (under libc.h's libc_ret and libc_rid), the
 * functions above, environ.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <tender.h>
#include <unistd.h>

#include "user/lib/libc.h"

/* The kernel's numbers (kernel/abi/errno.h) must be newlib's. */
#define KERNEL_ERRNO(name, value) _Static_assert(name == value, #name " differs from the kernel's")
KERNEL_ERRNO(EPERM, 1);
KERNEL_ERRNO(ENOENT, 2);
KERNEL_ERRNO(ESRCH, 3);
KERNEL_ERRNO(EINTR, 4);
KERNEL_ERRNO(EIO, 5);
KERNEL_ERRNO(E2BIG, 7);
KERNEL_ERRNO(ENOEXEC, 8);
KERNEL_ERRNO(EBADF, 9);
KERNEL_ERRNO(ECHILD, 10);
KERNEL_ERRNO(EAGAIN, 11);
KERNEL_ERRNO(EACCES, 13);
KERNEL_ERRNO(EXDEV, 18);
KERNEL_ERRNO(ESPIPE, 29);
KERNEL_ERRNO(EROFS, 30);
KERNEL_ERRNO(EMLINK, 31);
KERNEL_ERRNO(ENOTEMPTY, 90);
KERNEL_ERRNO(ELOOP, 92);
KERNEL_ERRNO(ENOMEM, 12);
KERNEL_ERRNO(EFAULT, 14);
KERNEL_ERRNO(EBUSY, 16);
KERNEL_ERRNO(EEXIST, 17);
KERNEL_ERRNO(ENOTDIR, 20);
KERNEL_ERRNO(EISDIR, 21);
KERNEL_ERRNO(EINVAL, 22);
KERNEL_ERRNO(ENFILE, 23);
KERNEL_ERRNO(EMFILE, 24);
KERNEL_ERRNO(EFBIG, 27);
KERNEL_ERRNO(ENOSPC, 28);
KERNEL_ERRNO(ERANGE, 34);
KERNEL_ERRNO(ENAMETOOLONG, 91);
KERNEL_ERRNO(ENOSYS, 88);
KERNEL_ERRNO(ETIMEDOUT, 116);

#define MAX_ERRNO 4095 // raw results in [-MAX_ERRNO, -1] are errors

void (*libc_exit_hook)(void); // set by the file layer once a program uses it

static char *empty_environment[1];
char **environ = empty_environment;

/* A failed call's raw result r (-errno): errno = -r. Returns -1. */
int
libc_fail(int32_t r)
{
    errno = -r;
    return -1;
}

/* Move the heap break; the old break, or (void *)-1 with errno = ENOMEM. */
void *
sbrk(ptrdiff_t increment)
{
    int32_t r = sys_sbrk((uint32_t)increment);

    if ((uint32_t)r >= (uint32_t)-MAX_ERRNO) {
        errno = -r;
        return (void *)-1;
    }
    return (void *)(uintptr_t)(uint32_t)r;
}

/* End the process at once: no atexit, no stdio flush (exit does those). */
void
_exit(int status)
{
    if (libc_exit_hook)
        libc_exit_hook(); // open files closed: the file server need not find out later
    for (;;)
        sys_exit((uint32_t)status);
}

/* A signal ends the process (there are no handlers): the caller itself with
 * 128 + sig, another process as resdelete does. */
int
kill(int pid, int sig)
{
    if (pid == getpid())
        _exit(128 + sig);
    return resdelete(pid);
}

/* No fork and exec: processes are made with proccreate. */
int
fork(void)
{
    errno = ENOSYS;
    return -1;
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
    (void)path, (void)argv, (void)envp;
    errno = ENOSYS;
    return -1;
}

int
wait(int *status)
{
    (void)status;
    errno = ECHILD;
    return -1;
}

clock_t
times(struct tms *t)
{
    unsigned ticks = tender_ticks(NULL);

    if (t)
        *t = (struct tms){.tms_utime = ticks};
    return ticks;
}
