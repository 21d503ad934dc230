/*
 * user/lib/file.h - what the file descriptors of user/lib/file.c offer the
 * rest of our library. Included by our library only, never by programs
 * (they use the POSIX calls and omfs_fd_handle).
 */
#ifndef USER_LIB_FILE_H
#define USER_LIB_FILE_H

#include <stdint.h>

#define FD_MAX 64 /* descriptors 0 .. FD_MAX - 1 */

/* The server handle behind descriptor fd in *handle (taken over from the
 * parent if need be). Returns 0, or -EBADF, -ESPIPE (the console). */
int file_handle(int fd, int32_t *handle);

/* Put the file descriptors a child inherits into the environment
 * (TENDER_FD); proccreate calls it first. */
void file_export(void);

/* Run, when set, with each descriptor that closes (close, dup2 over it,
 * _exit): how a layer above keeps per-descriptor state without file.c
 * naming it. omf.c sets it when it first maps a file. */
extern void (*file_close_hook)(int fd);

/* Lend child, just made by proccreate, the files and sockets file_export
 * passed it (OMFS_LEND, NETD_LEND), so that closing ours at once leaves
 * them to the child; errors are the child's to meet at its first use. */
void file_lend(int32_t child);

/* A new descriptor (the lowest free) for netd's socket id with open flags
 * (O_RDWR, O_NONBLOCK). Returns it, or -EMFILE. */
int file_sock_new(int32_t id, uint32_t flags);

/* The socket behind fd: its id (taken over from an ancestor if need be)
 * and where its flags are kept (F_SETFL changes them; flags may be NULL).
 * Returns 0, -EBADF, -ENOTSOCK, or the take-over's error. */
int file_sock(int fd, int32_t *id, uint32_t **flags);

/* The pipe end behind fd: the pipe's rid and PIPE_READ or PIPE_WRITE.
 * Returns 0, 1 (fd is open but no pipe), -EBADF. */
int file_pipe(int fd, int32_t *rid, int *end);

#endif
