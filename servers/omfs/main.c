/*
 * omfs - the file server (DESIGN §5): owns the IDE disk, keeps the file
 * cache and answers file requests that arrive as containers in the box
 * "omfs".
 *
 *     omfs [-c PAGES]     serve; the cache holds at most PAGES pages
 *
 * Start-up: take the primary IDE channel's ports (the port resource
 * "ata0"), read the disk's size, mount its ext2 file system (the disk is a
 * struct ext2_dev over the ATA driver: this file and ata.c are the only ones
 * that know the driver), make the page cache over it (together the volume,
 * which every request carries), and tell the parent it is ready by printing
 * nothing and creating the box (init waits for resfind to see it). Then the loop: take a request,
 * check and answer it in the same container (ccall to the client's reply
 * box, which also takes the next request), forever. A request without a
 * reply box, or whose reply box is gone, is dropped. When nothing arrives
 * for SWEEP_MS, and every SWEEP_EVERY requests, the handles of ended
 * processes are closed (ops_sweep). OMFS_SHUTDOWN from the system owner
 * flushes everything, answers and ends the server.
 */
#include <errno.h>
#include <ipc.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>
#include <time.h>

#include "fs/ext2.h"
#include "fs/pcache.h"
#include "servers/omfs/ata.h"
#include "servers/omfs/ops.h"

#define CACHE_PAGES_DEFAULT                                                                        \
    1024 /* 4 MiB: the system owner pins half, a 1 MiB program on the disk fits */
#define SWEEP_MS 500
#define SWEEP_EVERY 256
/* others send to the box and nothing more: requests reach the server alone (DESIGN §5) */
#define BOX_MODE (RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ATT) | RCC_OTHER(RCC_ATT))

static int
disk_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
    (void)ctx;
    return ata_read((uint32_t)(offset / ATA_SECTOR), len / ATA_SECTOR, buf);
}

static int
disk_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
    (void)ctx;
    return ata_write((uint32_t)(offset / ATA_SECTOR), len / ATA_SECTOR, buf);
}

static int
disk_flush(void *ctx)
{
    (void)ctx;
    return ata_flush();
}

static uint32_t
disk_now(void *ctx)
{
    (void)ctx;
    return (uint32_t)time(NULL);
}

static const struct ext2_dev disk = {NULL, disk_read, disk_write, disk_flush, disk_now};

static int
start(uint32_t cache_pages, struct volume *vol)
{
    rid_t ata = resfind(RT_IOPORT, "ata0");
    uint32_t sectors;
    int err;

    if (ata < 0 || ioattach(ata) < 0) {
        fprintf(stderr, "omfs: cannot have the IDE ports: %s\n", strerror(errno));
        return -1;
    }
    if ((err = ata_init(&sectors)) < 0) {
        fprintf(stderr, "omfs: no IDE disk (%s)\n", strerror(-err));
        return -1;
    }
    if ((err = ext2_mount(&vol->fs, &disk)) < 0) {
        fprintf(stderr, "omfs: the disk holds no ext2 file system we can use (%s)\n",
                strerror(-err));
        return -1;
    }
    // page-aligned: readblock shows the pages themselves in clients' windows
    uint8_t *mem = memalign(PCACHE_PAGE, (size_t)cache_pages * PCACHE_PAGE);
    if (!mem || (err = pcache_create(&vol->pc, vol->fs, mem, cache_pages)) < 0) {
        fprintf(stderr, "omfs: no memory for %u cache pages\n", (unsigned)cache_pages);
        return -1;
    }
    ops_init(vol);
    return 0;
}

/* Check the container's shape and answer it: rq (its volume set once) is
 * filled in from m. */
static void
answer(struct request *rq, const struct cmsg *m)
{
    if (m->size < OMFS_HDR) {
        if (m->size >= 8) // room for the result at least: say what was wrong
            ((int32_t *)cmsg_data(m))[1] = -EINVAL;
        return;
    }
    rq->pid = m->sender;
    rq->owner = m->sender_owner;
    rq->group = m->sender_group;
    rq->msg = cmsg_data(m);
    rq->data = (uint8_t *)cmsg_data(m) + OMFS_HDR;
    rq->room = m->size - OMFS_HDR;
    ops_dispatch(rq);
}

int
main(int argc, char **argv)
{
    uint32_t cache_pages = CACHE_PAGES_DEFAULT, served = 0;
    struct volume vol;
    struct cmsg m;
    rid_t box, got;

    if (tender_help(argc, argv, "omfs [-c PAGES]", "the file server (started by init)"))
        return 0;
    if (argc == 3 && strcmp(argv[1], "-c") == 0)
        cache_pages = (uint32_t)strtoul(argv[2], NULL, 0);
    if (cache_pages < 16)
        cache_pages = 16;
    if (start(cache_pages, &vol) < 0)
        return 1;
    struct request rq = {.vol = vol}; // what every request works on
    if ((box = cbcreate(OMFS_BOX, BOX_MODE)) < 0) {
        fprintf(stderr, "omfs: cannot create the box: %s\n", strerror(errno));
        return 1;
    }
    got = crecv(box, &m, SWEEP_MS);
    for (;;) {
        if (got < 0) {
            if (got != -ETIMEDOUT && got != -EAGAIN && got != -ENOMEM)
                break; // the box is gone
            ops_sweep(&vol);
            got = crecv(box, &m, SWEEP_MS);
            continue;
        }
        answer(&rq, &m);
        if (++served % SWEEP_EVERY == 0)
            ops_sweep(&vol);
        if (ops_shutdown_requested) {
            if (m.reply)
                csend(m.reply, m.cont);
            break;
        }
        if (!m.reply) {
            resdelete(m.cont); // csend, not ccall: nobody to answer
            got = crecv(box, &m, SWEEP_MS);
            continue;
        }
        rid_t cont = m.cont, reply = m.reply;
        got = ccall(reply, cont, box, &m, SWEEP_MS);
        if (got == -ENOENT || got == -EPERM || got == -EINVAL) {
            resdelete(cont); // the reply box is gone (its client died): drop the answer
            got = crecv(box, &m, SWEEP_MS);
        }
    }
    ops_flush_all(&vol);
    ext2_unmount(vol.fs);
    resdelete(box);
    return 0;
}
