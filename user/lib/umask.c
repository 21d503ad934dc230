/*
 * user/lib/umask.c - umask (POSIX): the mask of permission bits that open
 * with O_CREAT and mkdir clear from the mode they are given.
 *
 * A process starts with its parent's mask: it travels in the environment as
 * TENDER_UMASK (octal), copied at proccreate like PWD and TENDER_FD; a
 * process whose parent set none starts with 022, as a Unix login does.
 * Public: umask, umask_apply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "user/lib/umask.h"

#define UMASK_DEFAULT 022

static mode_t mask;
static int known; // mask read from the environment yet

static mode_t
current(void)
{
    if (!known) {
        const char *e = getenv("TENDER_UMASK");
        mask = e ? (mode_t)(strtoul(e, NULL, 8) & 0777) : UMASK_DEFAULT;
        known = 1;
    }
    return mask;
}

mode_t
umask(mode_t new_mask)
{
    mode_t old = current();
    char text[8];

    mask = new_mask & 0777;
    snprintf(text, sizeof(text), "%o", (unsigned)mask);
    setenv("TENDER_UMASK", text, 1); // for the children to come
    return old;
}

/* See umask.h. */
mode_t
umask_apply(mode_t mode)
{
    return mode & ~current();
}
