/*
 * The file server's requests on open files (servers/omfs/io.c), for the
 * dispatch table and the sweep in ops.c. Included by the server's files
 * only.
 */
#ifndef SERVERS_OMFS_IO_H
#define SERVERS_OMFS_IO_H

#include "servers/omfs/files.h"
#include "servers/omfs/req.h"

int io_open(struct request *rq);
int io_close(struct request *rq);
int io_read(struct request *rq);
int io_write(struct request *rq);
int io_lseek(struct request *rq);
int io_fstat(struct request *rq);
int io_fsync(struct request *rq);
int io_truncate(struct request *rq);
int io_adopt(struct request *rq);
int io_lend(struct request *rq);
void io_last_close(const struct volume *v, struct ofile *of);

#endif
