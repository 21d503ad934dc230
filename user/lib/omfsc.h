/*
 * user/lib/omfsc.h - the client side of the file server's protocol
 * (user/lib/omfsc.c). Included by our library's file layer only (file.c,
 * dir.c, omf.c), never by programs.
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

#endif
