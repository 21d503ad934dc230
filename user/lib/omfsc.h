/*
 * user/lib/omfsc.h - the client side of the file server's protocol, inside
 * our library only (user/lib/omfsc.c).
 */
#ifndef USER_LIB_OMFSC_H
#define USER_LIB_OMFSC_H

#include <stdint.h>

#include "kernel/abi/omfs.h"

#define OMFS_IO_MAX 65536 /* bytes one READ or WRITE moves */

/* A message to fill: its header and room for `data` bytes after it. */
struct omfs_msg *omfsc_msg(uint32_t data, uint8_t **payload);
/* Send the message omfsc_msg gave and wait for the answer in place.
 * Returns the server's result (>= 0 or -errno), -ENOENT without a server. */
int omfsc_call(struct omfs_msg *m);
/* A request with the path (made absolute) as its data: returns the header
 * to finish and send, or NULL with *err set. */
struct omfs_msg *omfsc_path_msg(uint32_t code, const char *path, const char *path2, int *err);

/* user/lib/path.c: path to an absolute, normalised path in out (at most
 * OMFS_PATH_MAX bytes). Returns 0, -ENOENT ("") or -ENAMETOOLONG. */
int path_absolute(const char *path, char *out);

/* user/lib/file.c: the server handle behind descriptor fd (taken over
 * from the parent if need be). 0, or -EBADF, -ESPIPE (the console). */
int libc_fd_handle(int fd, int32_t *handle);
/* user/lib/file.c: close every file (at _exit) */
void file_close_all(void);
/* user/lib/file.c: put the file descriptors a child inherits into the
 * environment (TENDER_FD) before proccreate */
void file_export(void);
/* user/lib/env.c: give the kernel the environment a child copies */
void env_export(void);
void env_import(void);

#endif
