/*
 * The file server's requests (servers/omfs/ops.c). Included by the server only.
 */
#ifndef SERVERS_OMFS_OPS_H
#define SERVERS_OMFS_OPS_H

#include <stdint.h>
#include <tender.h>

#include "fs/ext2.h"
#include "fs/pcache.h"
#include "kernel/abi/omfs.h"

struct request {
    struct omfs_msg *msg; /* the container's header: request in, reply out */
    uint8_t *data;        /* the bytes after it */
    uint32_t room;        /* how many there are */
    rid_t pid;            /* who asks, from the kernel's stamp */
    uint16_t owner, group;
};

#define MAY_READ 4 /* permission bits names_may checks */
#define MAY_WRITE 2
#define MAY_EXEC 1

/* names.c: paths and the requests on names */
int names_may(const struct request *rq, const struct ext2_inode *in, int want);
int names_take_path(const struct request *rq, uint32_t *at, const char **out);
int names_walk(const struct request *rq, const char *path, uint32_t *parent, const char **name,
               size_t *len, uint32_t *ino);
int names_parent(const struct request *rq, uint32_t *at, uint32_t *dir,
                 char name[OMFS_NAME_MAX + 1]);
int names_stat(struct request *rq);
int names_unlink(struct request *rq);
int names_mkdir(struct request *rq);
int names_rmdir(struct request *rq);
int names_rename(struct request *rq);
int names_readdir(struct request *rq);
int names_utime(struct request *rq);

/* ops.c, for names.c and omf.c */
void ops_fill_stat(uint32_t ino, const struct ext2_inode *in, struct omfs_stat *st);
struct handle;
struct handle *ops_handle(const struct request *rq);
int ops_flush_file(uint32_t ino);
uint32_t ops_now(void);
int ops_copy_in(struct handle *h, struct ext2_inode *in, uint32_t pos, const uint8_t *data,
                uint32_t n);
extern struct ext2_fs *ops_fs;
extern struct pcache *ops_pc;

/* omf.c: the On-Memory File requests and the files' windows */
int omf_map(struct request *rq);
int omf_writeblock(struct request *rq);
void omf_handle_closed(struct handle *h);
void omf_forget(uint32_t ino);
void omf_shrunk(uint32_t ino, uint32_t size);
void omf_counts(uint32_t *windows, uint32_t *copied);
void omf_collect_dirty(uint32_t ino);

void ops_init(struct ext2_fs *fs, struct pcache *pc);
int ops_dispatch(struct request *rq);
int ops_sweep(void);
int ops_flush_all(void);
extern int ops_shutdown_requested;

#endif
