/*
 * user/lib/ioctl.c - ioctl (sys/ioctl.h): the console's window size for
 * TIOCGWINSZ on a descriptor that is the console, ENOTTY for every other
 * request and descriptor, EBADF for a closed one.
 * Public: ioctl.
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "user/lib/libc.h"

#define CONSOLE_ROWS 24
#define CONSOLE_COLS 80

int
ioctl(int fd, unsigned long request, ...)
{
    struct winsize *ws;
    va_list ap;

    if (isatty(fd) != 1)
        return errno == EBADF ? -1 : libc_fail(-ENOTTY);
    if (request != TIOCGWINSZ)
        return libc_fail(-ENOTTY);
    va_start(ap, request);
    ws = va_arg(ap, struct winsize *);
    va_end(ap);
    if (!ws)
        return libc_fail(-EFAULT);
    *ws = (struct winsize){CONSOLE_ROWS, CONSOLE_COLS, 0, 0};
    return 0;
}
