/*
 * user/lib/errno.c - errno, the -errno to -1/errno conversion, strerror and
 * perror.
 *
 * Model: the kernel returns -E... (kernel/abi/errno.h); libc_ret turns that
 * into -1 with errno = E..., libc_rid keeps the negative value (rid_t calls,
 * tender.h). errno is one global: processes are single-threaded.
 * Entry points: errno, strerror, perror, libc_ret, libc_rid.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "user/lib/libc.h"

int errno;

/* Convert a raw result: negative -> errno = -r, return -1; else return r. */
int
libc_ret(int32_t r)
{
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return r;
}

/* Convert a raw rid result: negative -> errno = -r; return r unchanged. */
int
libc_rid(int32_t r)
{
    if (r < 0)
        errno = -r;
    return r;
}

static const char *const messages[] = {
    [0] = "success",
    [EPERM] = "operation not permitted",
    [ENOENT] = "no such resource",
    [ESRCH] = "no such process",
    [EINTR] = "interrupted",
    [EIO] = "I/O error",
    [E2BIG] = "argument list too long",
    [ENOEXEC] = "not a loadable program",
    [EBADF] = "bad file descriptor",
    [ECHILD] = "not a child",
    [EAGAIN] = "try again",
    [ENOMEM] = "out of memory",
    [EFAULT] = "bad address",
    [EBUSY] = "resource busy",
    [EEXIST] = "already exists",
    [ENOTDIR] = "not a directory",
    [EISDIR] = "is a directory",
    [EINVAL] = "invalid argument",
    [ENFILE] = "resource table full",
    [EMFILE] = "too many open files",
    [EFBIG] = "file too large",
    [ENOSPC] = "no space left",
    [ERANGE] = "result out of range",
    [ENAMETOOLONG] = "name too long",
    [ENOSYS] = "no such system call",
    [ETIMEDOUT] = "timed out",
};

/*
 * The message for error number err (positive; a negative -E... is accepted
 * too). Returns a static string, "unknown error" for numbers without one.
 */
char *
strerror(int err)
{
    if (err < 0)
        err = -err;
    if ((unsigned)err < sizeof(messages) / sizeof(messages[0]) && messages[err])
        return (char *)messages[err];
    return (char *)"unknown error";
}

/* Print "what: message of errno" (or just the message when what is NULL or
 * empty) and a newline on stderr. */
void
perror(const char *what)
{
    if (what && *what)
        fprintf(stderr, "%s: %s\n", what, strerror(errno));
    else
        fprintf(stderr, "%s\n", strerror(errno));
}
