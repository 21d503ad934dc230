/*
 * The file server's requests on names (servers/omfs/names.c), for the
 * dispatch table in ops.c. Included by the server's files only.
 */
#ifndef SERVERS_OMFS_NAMES_H
#define SERVERS_OMFS_NAMES_H

#include "servers/omfs/req.h"

int names_stat(struct request *rq);
int names_unlink(struct request *rq);
int names_mkdir(struct request *rq);
int names_rmdir(struct request *rq);
int names_rename(struct request *rq);
int names_readdir(struct request *rq);
int names_utime(struct request *rq);
int names_chmod(struct request *rq);
int names_chown(struct request *rq);
int names_symlink(struct request *rq);
int names_readlink(struct request *rq);

#endif
