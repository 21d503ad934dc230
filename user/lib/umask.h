/*
 * user/lib/umask.h - the file mode creation mask (user/lib/umask.c), for
 * the calls that create files. Included by our library only.
 */
#ifndef USER_LIB_UMASK_H
#define USER_LIB_UMASK_H

#include <sys/types.h>

/* mode with the bits of the process's umask cleared. */
mode_t umask_apply(mode_t mode);

#endif
