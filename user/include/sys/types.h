/*
 * sys/types.h - the scalar types of the user library's POSIX-style calls.
 *
 * Any user program may include it. 32-bit throughout: file offsets are `long`
 * (files on this system stay below 2 GiB).
 */
#ifndef USER_SYS_TYPES_H
#define USER_SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef int ssize_t; /* a byte count or -1 */
typedef long off_t;  /* a file offset */

#endif
