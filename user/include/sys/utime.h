/*
 * sys/utime.h - newlib's <utime.h> includes this: struct utimbuf and utime,
 * which sets a file's access and modification times to the ones given, or
 * to now with NULL (user/lib/dir.c).
 */
#ifndef USER_SYS_UTIME_H
#define USER_SYS_UTIME_H

#include <sys/types.h>

struct utimbuf {
    time_t actime;
    time_t modtime;
};

int utime(const char *path, const struct utimbuf *times);

#endif
