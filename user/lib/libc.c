/*
 * user/lib/libc.c - the floor of our library: errno from a raw kernel
 * result, and the hook through which the file layer joins a process's end.
 *
 * Model: a raw kernel result below zero is -errno (the kernel's numbers are
 * newlib's: posix.c checks). The libc convention is -1 with errno set
 * (libc_ret), or, for the calls that return a rid_t, the negative value
 * itself with errno set too (libc_rid); both are inline in libc.h and call
 * libc_fail only on the rare path.
 * The hook: every program links _exit (posix.c), but only one that touches
 * a descriptor needs the file layer (file.c), so _exit does not name it:
 * file.c sets libc_exit_hook the first time a program touches one, and a
 * program that never does links no file code.
 * Entry points: libc_fail, libc_exit_hook.
 */
#include <errno.h>
#include <stdint.h>

#include "user/lib/libc.h"

void (*libc_exit_hook)(void);

/* A failed call's raw result r (-errno): errno = -r. Returns -1. */
int
libc_fail(int32_t r)
{
    errno = -r;
    return -1;
}
