/*
 * A request to the file server and what every request handler checks it
 * with (servers/omfs/req.c): the asker's rights, its paths, its handle, stat
 * fields, the clock. The lowest layer of the server but files.c; included
 * by the server's files only.
 */
#ifndef SERVERS_OMFS_REQ_H
#define SERVERS_OMFS_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tender.h>

#include "fs/ext2.h"
#include "fs/pcache.h"
#include "kernel/abi/omfs.h"
#include "servers/omfs/files.h"

/* What the server serves: the mounted file system and its page cache.
 * main.c makes it; every request carries it, no global holds it. */
struct volume {
    struct ext2_fs *fs;
    struct pcache *pc;
};

struct request {
    struct volume vol;    /* what it works on */
    struct omfs_msg *msg; /* the container's header: request in, reply out */
    uint8_t *data;        /* the bytes after it */
    uint32_t room;        /* how many there are */
    rid_t pid;            /* who asks, from the kernel's stamp */
    uint16_t owner, group;
};

#define MAY_READ 4 /* permission bits req_may checks */
#define MAY_WRITE 2
#define MAY_EXEC 1

int req_may(const struct request *rq, const struct ext2_inode *in, int want);
int req_take_path(const struct request *rq, uint32_t *at, const char **out);
int req_resolve(const struct request *rq, const char *path, int flags, struct ext2_walk **out);
int req_walk(const struct request *rq, const char *path, bool follow, uint32_t *ino);
int req_parent(const struct request *rq, uint32_t *at, uint32_t *dir, char name[OMFS_NAME_MAX + 1]);
void req_fill_stat(uint32_t ino, const struct ext2_inode *in, struct omfs_stat *st);
uint32_t req_now(void);
int req_whence(const struct request *rq, const struct handle *h, uint32_t whence, int64_t *base);

/* The live handle the request names, if it is the asker's and its file still
 * has a name; else NULL. (Inline: it is on the path of every read and write.) */
static inline struct handle *
req_handle(const struct request *rq)
{
    struct handle *h = files_get(rq->pid, rq->msg->handle);

    return h && h->of->ino != (uint32_t)-1 ? h : NULL;
}

#endif
