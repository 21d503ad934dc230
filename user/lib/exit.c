/*
 * user/lib/exit.c - how a process ends: exit, atexit, abort, assert failures.
 *
 * Model: exit runs the atexit functions (last registered first), flushes
 * stdio and makes the exit call; abort and a failed assert print a line on
 * stderr and end the process with ABORT_STATUS without running atexit
 * functions (stdout is still flushed, so a test's earlier lines survive).
 * Entry points: exit, atexit, abort, __assert_fail.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "user/lib/libc.h"

#define ATEXIT_MAX 32
#define ABORT_STATUS 134 // 128 + SIGABRT, what a Unix shell shows

static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

/* Register fn to run at exit. Returns 0, or -1 when ATEXIT_MAX are taken. */
int
atexit(void (*fn)(void))
{
    if (atexit_count == ATEXIT_MAX)
        return -1;
    atexit_fns[atexit_count++] = fn;
    return 0;
}

/* Run the atexit functions, flush stdio, end the process with status. */
void
exit(int status)
{
    while (atexit_count > 0)
        atexit_fns[--atexit_count]();
    libc_stdio_flush_all();
    _exit(status);
}

/* Print "abort" on stderr and end the process with status 134. */
void
abort(void)
{
    fputs("abort\n", stderr);
    libc_stdio_flush_all();
    _exit(ABORT_STATUS);
}

/* Called by assert(): report the failed expression and its place, abort. */
void
__assert_fail(const char *expr, const char *file, int line, const char *func)
{
    fprintf(stderr, "%s:%d: %s: assertion `%s' failed\n", file, line, func, expr);
    abort();
}
