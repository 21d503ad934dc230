/*
 * user/lib/exec.h - proccreate of a program on the disk (user/lib/exec.c).
 * Included by the user library only (posix.c's proccreate).
 */
#ifndef USER_LIB_EXEC_H
#define USER_LIB_EXEC_H

#include <tender.h>

/* Run the program file path (on the disk, through the file server) as
 * proccreate does: name, argv, vmid and mod as proccreate's. Returns the
 * pid or -errno (-ENOENT, -EACCES, -ENOEXEC, -ETXTBSY, -ENAMETOOLONG, the
 * server's and proccreate's errors). */
rid_t exec_from_disk(const char *name, const char *path, char *const argv[], rid_t vmid,
                     unsigned mod);

#endif
