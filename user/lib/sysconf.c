/*
 * user/lib/sysconf.c - sysconf and getpagesize: the limits a POSIX program
 * asks for at run time, as this kernel and this library have them.
 *
 * The page is the kernel's 4 KiB page; descriptors are the library's table
 * (file.h: FD_MAX); clock ticks are times()'s units, which are newlib's
 * CLOCKS_PER_SEC (time.c); one processor. A name we do not know is EINVAL,
 * as POSIX says for a name that is not a valid one; a limit that exists but
 * is not fixed is -1 with errno unchanged.
 * Public: sysconf, getpagesize.
 */
#include <errno.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "user/lib/file.h"
#include "user/lib/libc.h"

#define PAGE_BYTES 4096

long
sysconf(int name)
{
    switch (name) {
    case _SC_PAGESIZE:
        return PAGE_BYTES;
    case _SC_OPEN_MAX:
        return FD_MAX;
    case _SC_CLK_TCK:
        return CLOCKS_PER_SEC;
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN:
        return 1;
    case _SC_ARG_MAX:
    case _SC_CHILD_MAX:
    case _SC_PHYS_PAGES:
    case _SC_AVPHYS_PAGES:
        return -1; // no fixed limit to report
    default:
        return libc_fail(-EINVAL);
    }
}

int
getpagesize(void)
{
    return PAGE_BYTES;
}
