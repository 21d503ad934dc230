/*
 * The state pages and claims pages of DESIGN §9 (servers/omfs/share.c):
 * what omf.c tells them when a file's window comes and goes, a process
 * maps or lets go, a size changes; what ops.c asks of them before it
 * answers with or stores a file's times. Included by the server's files only.
 */
#ifndef SERVERS_OMFS_SHARE_H
#define SERVERS_OMFS_SHARE_H

#include <stdbool.h>
#include <stdint.h>
#include <tender.h>

#include "kernel/abi/omfs.h"
#include "servers/omfs/req.h"

void share_init(void);
int share_file_open(int slot, uint32_t ino, const void *window, uint32_t npages, uint32_t size);
void share_file_close(const struct volume *v, int slot);
void share_attach(int slot, rid_t pid, uint16_t owner, struct omfs_mapped *out);
void share_detach(const struct volume *v, int slot, rid_t pid);
void share_size(int slot, uint32_t size, bool shrink);
void share_fold(const struct volume *v);

#endif
