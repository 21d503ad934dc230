/*
 * user/bin/sh/errors.c - the shell's error messages.
 *
 * Errors print as "what: -EPERM: operation not permitted": the symbolic name
 * researchers see in the kernel sources, then the C library's text.
 * Entry points: sh_errname, sh_perror, sh_usage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "user/bin/sh/sh.h"

static const struct {
    int err;
    const char *name;
} errnames[] = {
    {EPERM, "EPERM"},
    {ENOENT, "ENOENT"},
    {ESRCH, "ESRCH"},
    {EINTR, "EINTR"},
    {EIO, "EIO"},
    {E2BIG, "E2BIG"},
    {ENOEXEC, "ENOEXEC"},
    {EBADF, "EBADF"},
    {ECHILD, "ECHILD"},
    {EAGAIN, "EAGAIN"},
    {ENOMEM, "ENOMEM"},
    {EFAULT, "EFAULT"},
    {EBUSY, "EBUSY"},
    {EEXIST, "EEXIST"},
    {ENOTDIR, "ENOTDIR"},
    {EISDIR, "EISDIR"},
    {EINVAL, "EINVAL"},
    {ENFILE, "ENFILE"},
    {EMFILE, "EMFILE"},
    {EFBIG, "EFBIG"},
    {ENOSPC, "ENOSPC"},
    {ERANGE, "ERANGE"},
    {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOSYS, "ENOSYS"},
    {ETIMEDOUT, "ETIMEDOUT"},
};

/* The symbolic name of a (positive) errno value, e.g. "EPERM", or NULL if unknown. */
const char *
sh_errname(int err)
{
    for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
        if (errnames[i].err == err)
            return errnames[i].name;
    return NULL;
}

/*
 * Print "what: -ENAME: text" on stderr for the errno value err (either sign).
 * Returns 1, the status of a failed builtin.
 */
int
sh_perror(const char *what, int err)
{
    const char *name;

    if (err < 0)
        err = -err;
    name = sh_errname(err);
    if (name != NULL)
        fprintf(stderr, "%s: -%s: %s\n", what, name, strerror(err));
    else
        fprintf(stderr, "%s: error %d: %s\n", what, err, strerror(err));
    return 1;
}

/* Print "usage: ..." on stderr. Returns 2, the status of a misused builtin. */
int
sh_usage(const char *usage)
{
    fprintf(stderr, "usage: %s\n", usage);
    return 2;
}
