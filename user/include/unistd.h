/*
 * unistd.h - the raw I/O and heap calls: read, write, sbrk, _exit.
 *
 * Any user program may include it. Each returns -1 with errno set on failure.
 * The console is fd 0 (input: raw bytes, no echo, no line editing) and fds 1
 * and 2 (output). Because stdout is line-buffered (stdio.h), read() on fd 0 and
 * write() on fd 1 or 2 first flush stdout, so a prompt printed without a
 * newline shows before the program waits and output keeps its order.
 * getpid() is in tender.h (it returns a resource id).
 */
#ifndef USER_UNISTD_H
#define USER_UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
void *sbrk(int increment); /* old break, or (void *)-1 with errno = ENOMEM */
void _exit(int status) __attribute__((noreturn)); /* no stdio flush, no atexit */

#endif
