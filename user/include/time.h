/*
 * time.h - newlib's, and timegm (user/lib/time.c), which it leaves out:
 * the inverse of gmtime, as the BSDs and glibc declare it.
 */
#include_next <time.h>

#ifndef USER_TIME_H_EXTRA
#define USER_TIME_H_EXTRA

#if __BSD_VISIBLE || __MISC_VISIBLE
time_t timegm(struct tm *tm);
#endif

#endif
