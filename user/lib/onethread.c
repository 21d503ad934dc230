/*
 * user/lib/onethread.c - what POSIX offers threaded programs, for processes
 * of one thread each (the unit of concurrency here is the process, DESIGN
 * §3): stdio's locks (flockfile, ftrylockfile, funlockfile) have nobody to
 * exclude and always succeed, and pthread_once runs its routine the first
 * time and never again. Ports built for POSIX call them unconditionally.
 * Public: flockfile, ftrylockfile, funlockfile, pthread_once.
 */
#include <pthread.h>
#include <stdio.h>

void
flockfile(FILE *f)
{
    (void)f;
}

int
ftrylockfile(FILE *f)
{
    (void)f;
    return 0;
}

void
funlockfile(FILE *f)
{
    (void)f;
}

int
pthread_once(pthread_once_t *once, void (*init)(void))
{
    if (once->init_executed)
        return 0;
    once->init_executed = 1; // before the call: a routine that asks again does not recurse
    init();
    return 0;
}
