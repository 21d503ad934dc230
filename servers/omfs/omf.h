/*
 * The On-Memory File requests and the files' shared windows
 * (servers/omfs/omf.c): the two requests for the dispatch table in ops.c,
 * and what the other request handlers must tell the windows (a file cut or
 * gone, a handle closed, a flush coming). Included by the server's files
 * only.
 */
#ifndef SERVERS_OMFS_OMF_H
#define SERVERS_OMFS_OMF_H

#include <stdint.h>

#include "servers/omfs/files.h"
#include "servers/omfs/req.h"

int omf_map(struct request *rq);
int omf_writeblock(struct request *rq);
int omf_truncate(const struct volume *v, uint32_t ino, uint32_t size);
void omf_forget(const struct volume *v, uint32_t ino);
void omf_handle_closed(const struct volume *v, struct handle *h);
void omf_collect_dirty(const struct volume *v, uint32_t ino);
int omf_exec(struct request *rq);
void omf_sweep_texts(const struct volume *v);
bool omf_is_text(const struct volume *v, uint32_t ino);
void omf_counts(uint32_t *windows, uint32_t *copied);
void omf_size_changed(uint32_t ino, uint32_t size);

#endif
