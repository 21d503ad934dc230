/*
 * The file server's dispatch (servers/omfs/ops.c): main.c's entry points.
 * Included by main.c only.
 */
#ifndef SERVERS_OMFS_OPS_H
#define SERVERS_OMFS_OPS_H

#include "servers/omfs/req.h"

void ops_init(const struct volume *v);
int ops_dispatch(struct request *rq);
int ops_sweep(struct volume *v);
int ops_flush_all(const struct volume *v);
extern int ops_shutdown_requested;

#endif
