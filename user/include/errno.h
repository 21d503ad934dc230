/*
 * errno.h - the error number of the last failed library call.
 *
 * Any user program may include it. Values are the kernel's (kernel/abi/errno.h):
 * a system call returns -E..., and the library wrapper returns -1 with errno
 * set to E... (see tender.h for the calls that return a negative rid instead).
 */
#ifndef USER_ERRNO_H
#define USER_ERRNO_H

#include "kernel/abi/errno.h"

extern int errno;

#endif
