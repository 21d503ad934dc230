/*
 * Error numbers shared by the kernel and user space.
 *
 * Kernel functions and system calls return these negated (-EPERM); the user
 * library turns a negative result into -1 with errno set to the positive value.
 * Values are newlib's (user programs get newlib's <errno.h>), which follow
 * the traditional Unix numbering up to ERANGE; user/lib/posix.c checks at
 * compile time that every value here equals newlib's.
 * Constants only: included by kernel, user library and host tests alike.
 */
#ifndef KERNEL_ABI_ERRNO_H
#define KERNEL_ABI_ERRNO_H

#define EPERM 1         /* operation not permitted (RCC right missing) */
#define ENOENT 2        /* no such resource (unknown, freed or stale id) */
#define ESRCH 3         /* no such process */
#define EINTR 4         /* interrupted (e.g. a box deleted under a waiter) */
#define EIO 5           /* device error */
#define E2BIG 7         /* argument list too long */
#define ENOEXEC 8       /* not a loadable program */
#define EBADF 9         /* bad file descriptor */
#define ECHILD 10       /* not a child of the caller */
#define EAGAIN 11       /* try again (would block; or the owner's quota of slots is used up) */
#define ENOMEM 12       /* out of memory (frames, heap, address ranges) */
#define EACCES 13       /* file mode bits deny the access */
#define EFAULT 14       /* bad user pointer */
#define EBUSY 16        /* resource in use */
#define EEXIST 17       /* name already exists for this type */
#define EXDEV 18        /* cross-device link */
#define ENOTDIR 20      /* not a directory */
#define EISDIR 21       /* is a directory */
#define EINVAL 22       /* invalid argument or wrong resource type */
#define ETXTBSY 26      /* a running program's file: not to be written */
#define ENFILE 23       /* resource table full */
#define EMFILE 24       /* too many open files */
#define EFBIG 27        /* file too large */
#define ENOSPC 28       /* no space left */
#define ESPIPE 29       /* seek on a console or a box */
#define EROFS 30        /* read-only file system */
#define EMLINK 31       /* too many links */
#define EPIPE 32        /* write to a pipe no process reads */
#define ERANGE 34       /* result out of range */
#define ENAMETOOLONG 91 /* name or path too long */
#define ELOOP 92        /* too many symbolic links */
#define ENOSYS 88       /* unknown system call */
#define ENOTEMPTY 90    /* directory not empty */
#define ETIMEDOUT 116   /* receive timed out */

#endif
