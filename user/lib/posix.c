/*
 * user/lib/posix.c - the system layer newlib stands on (its "syscalls",
 * which newlib for i686-elf calls by their POSIX names): read, write, sbrk,
 * _exit, kill, isatty, fstat, lseek, close, open, gettimeofday, times and
 * friends, each over our system calls (getpid is tender.h's, kill and the
 * other signal calls signal.c's).
 *
 * Model: a raw kernel result below zero is -errno, which libc.c turns into
 * errno; the kernel's errno values are newlib's (checked below at compile
 * time). Of the calls above, the descriptor ones (read, write, isatty,
 * fstat, lseek, close, open) are file.c's and the clocks time.c's; here are
 * the process's own: its children (proccreate, tender.h's, which hands a
 * child our descriptors and environment, so it stands above the file
 * layer, which stands on tender.c's calls), its heap, its end (_exit runs
 * libc_exit_hook first, which the file layer sets), times, and the
 * refusals of fork, execve and wait.
 * Entry points: proccreate, proccreate_env, sbrk, _exit, fork, execve, wait, times.
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

#include "user/lib/env.h"
#include "user/lib/exec.h"
#include "user/lib/file.h"
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

/* Start program path with argv as process name in space vmid (0: a new
 * space) with mode mod (tender.h): the boot image's program of that path,
 * else the file of that path on the disk (exec.c). Returns the new pid, or
 * -errno (errno set). Here, not in tender.c, because it calls the file
 * layer. */
rid_t
proccreate(const char *name, const char *path, char *const argv[], rid_t vmid, unsigned mod)
{
    return proccreate_env(name, path, argv, NULL, vmid, mod);
}

/* See tender.h: proccreate with envp's NAME=value strings in the child's
 * environment (added, or in place of ours of the same names). */
rid_t
proccreate_env(const char *name, const char *path, char *const argv[], char *const envp[],
               rid_t vmid, unsigned mod)
{
    file_export(); // the descriptors and the environment the child copies
    env_export_with(envp);
    int32_t r = sys_proccreate((uint32_t)(uintptr_t)name, (uint32_t)(uintptr_t)path,
                               (uint32_t)(uintptr_t)argv, (uint32_t)vmid, mod);
    if (r == -ENOENT && path && name)
        r = exec_from_disk(name, path, argv, vmid, mod);
    if (r > 0)
        file_lend(r); // before any close of ours can take them from the child
    return libc_rid(r);
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
