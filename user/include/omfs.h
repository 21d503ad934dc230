/*
 * omfs.h - the file server's extras (DESIGN §5). The ordinary file calls are
 * POSIX's (<fcntl.h>, <unistd.h>, <sys/stat.h>, <dirent.h>, <stdio.h>); this
 * header adds what only this system has:
 *
 *   omfs_statfs     the file system's size and free space (df)
 *   omfs_info       the server's counters: open handles, cache pages, ...
 *   omfs_optimes    its requests and TSC cycles by OMFS_* code since it started
 *   omfs_shutdown   flush everything and stop the server (system owner only)
 *   omfs_fd_handle  the server's handle behind a file descriptor (for
 *                   programs that talk to the server directly)
 *
 * Each returns 0, or -1 with errno (ENOENT: no file server running).
 * The On-Memory File calls (readblock, writeblock, readbyte, writebyte) are
 * in omf.h.
 */
#ifndef USER_OMFS_H
#define USER_OMFS_H

#include <stddef.h>
#include <sys/types.h>

#include "kernel/abi/omfs.h"

int omfs_statfs(struct omfs_statfs *out);
int omfs_info(struct omfs_info *out);
int omfs_optimes(struct omfs_optime out[OMFS_NCODES]);
int omfs_shutdown(void);
int omfs_fd_handle(int fd); /* the handle (> 0), or -1 with errno (EBADF, ESPIPE) */

#endif
