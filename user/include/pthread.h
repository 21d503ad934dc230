/*
 * pthread.h - newlib's declares nothing here (this system has no threads:
 * _POSIX_THREADS is not defined, and is not claimed). What one-thread
 * processes still offer ported programs (user/lib/onethread.c):
 * pthread_once.
 */
#include_next <pthread.h>

#ifndef USER_PTHREAD_H_EXTRA
#define USER_PTHREAD_H_EXTRA

#if !defined(_POSIX_THREADS)
#include <sys/types.h>

#ifndef PTHREAD_ONCE_INIT
#define PTHREAD_ONCE_INIT _PTHREAD_ONCE_INIT
#endif
int pthread_once(pthread_once_t *once_control, void (*init_routine)(void));
#endif

#endif
