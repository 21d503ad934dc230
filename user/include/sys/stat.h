/*
 * sys/stat.h - newlib's, and what it declares only for some other systems
 * although ours has it (user/lib/file.c): lstat.
 */
#include_next <sys/stat.h>

#ifndef USER_SYS_STAT_H_EXTRA
#define USER_SYS_STAT_H_EXTRA

int lstat(const char *__restrict path, struct stat *__restrict buf);

#endif
