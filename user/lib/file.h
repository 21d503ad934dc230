/*
 * user/lib/file.h - what the file descriptors of user/lib/file.c offer the
 * rest of our library. Included by our library only, never by programs
 * (they use the POSIX calls and omfs_fd_handle).
 */
#ifndef USER_LIB_FILE_H
#define USER_LIB_FILE_H

#include <stdint.h>

/* The server handle behind descriptor fd in *handle (taken over from the
 * parent if need be). Returns 0, or -EBADF, -ESPIPE (the console). */
int file_handle(int fd, int32_t *handle);

/* Put the file descriptors a child inherits into the environment
 * (TENDER_FD); called before proccreate. */
void file_export(void);

#endif
