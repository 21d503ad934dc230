/*
 * user/lib/unistd.c - read, write, sbrk, _exit: the raw I/O and heap calls
 * in the libc convention (-1 with errno).
 *
 * Model: thin wrappers over the generated stubs. Console reads (fd 0) and
 * writes (fd 1, 2) flush stdout's buffer first, so stdio and direct calls
 * keep their order. sbrk returns an address, which may be above 2 GiB and so
 * look negative as an int: only -4095..-1 are errors.
 * Entry points: read, write, sbrk, _exit.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "user/lib/libc.h"

#define MAX_ERRNO 4095 // raw results in [-MAX_ERRNO, -1] are errors

/* Read up to n bytes from fd. Returns the count (0 at end), or -1 with errno. */
ssize_t
read(int fd, void *buf, size_t n)
{
    if (fd == STDIN_FILENO)
        libc_stdout_sync();
    return libc_ret(sys_read((uint32_t)fd, (uint32_t)(uintptr_t)buf, n));
}

/* Write up to n bytes to fd. Returns the count written, or -1 with errno. */
ssize_t
write(int fd, const void *buf, size_t n)
{
    if (fd == STDOUT_FILENO || fd == STDERR_FILENO)
        libc_stdout_sync();
    return libc_ret(sys_write((uint32_t)fd, (uint32_t)(uintptr_t)buf, n));
}

/* Move the heap break by increment bytes. Returns the old break, or
 * (void *)-1 with errno (ENOMEM). */
void *
sbrk(int increment)
{
    int32_t r = sys_sbrk((uint32_t)increment);

    if ((uint32_t)r >= (uint32_t)-MAX_ERRNO) {
        errno = -r;
        return (void *)-1;
    }
    return (void *)(uintptr_t)(uint32_t)r;
}

/* End the process with status at once: no atexit, no stdio flush. */
void
_exit(int status)
{
    for (;;)
        sys_exit((uint32_t)status);
}
