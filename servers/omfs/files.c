/*
 * Open files and handles in the file server.
 *
 * An open file (struct ofile) is one open() of an inode: access mode and
 * the offset. A handle names an open file for exactly one process, the one
 * whose requests may use it (the kernel's sender stamp says who asks, so a
 * handle leaked to another process is useless to it). A child adopts its
 * parent's handle (OMFS_ADOPT) and gets a handle of its own on the same
 * open file, so the offset is shared as after a Unix fork. Handle ids carry
 * a generation, so a closed handle's id is never valid again by accident.
 * No client can take the table from the others: a process holds at most
 * HANDLES_PER_PROC handles and an owner other than the system owner at most
 * HANDLES_PER_OWNER (-EMFILE past them). Nothing outlives its process: files_sweep asks the kernel
 * about every process holding handles and closes those of processes that ended. Invariants:
 * of->refs counts the live handles on of; a free ofile has ino 0 and refs 0. Public: files_open,
 * files_dup, files_get, files_close, files_is_open, files_pid_maps, files_forget_ino, files_sweep,
 * files_counts.
 */
#include <errno.h>
#include <string.h>
#include <tender.h>

#include "servers/omfs/files.h"

#define SLOT_BITS 12 /* id = generation << SLOT_BITS | slot + 1 */

static struct ofile ofiles[FILES_MAX];
static struct handle handles[HANDLES_MAX];
static uint32_t generation = 1;

_Static_assert(HANDLES_MAX < (1 << SLOT_BITS), "a slot fits its bits");

static int
new_handle(rid_t pid, uint16_t owner, struct ofile *of, int32_t *id)
{
    int of_pid = 0, of_owner = 0;

    for (int i = 0; i < HANDLES_MAX; i++) {
        of_pid += handles[i].id && handles[i].pid == pid;
        of_owner += handles[i].id && handles[i].owner == owner;
    }
    if (of_pid >= HANDLES_PER_PROC || (owner != RCC_SYSTEM_OWNER && of_owner >= HANDLES_PER_OWNER))
        return -EMFILE;
    for (int i = 0; i < HANDLES_MAX; i++) {
        if (handles[i].id)
            continue;
        generation = (generation + 1) & 0x7ffff;
        if (!generation)
            generation = 1;
        handles[i] = (struct handle){.id = (int32_t)(generation << SLOT_BITS | (uint32_t)(i + 1)),
                                     .pid = pid,
                                     .owner = owner,
                                     .of = of};
        of->refs++;
        *id = handles[i].id;
        return 0;
    }
    return -EMFILE;
}

/* Open ino with flags for process pid of owner `owner`. Returns 0 with *id,
 * or -ENFILE (no open file left) or -EMFILE (no handle left for it). */
int
files_open(rid_t pid, uint16_t owner, uint32_t ino, uint32_t flags, int32_t *id)
{
    for (int i = 0; i < FILES_MAX; i++) {
        struct ofile *of = &ofiles[i];
        if (of->ino)
            continue;
        *of = (struct ofile){.ino = ino, .flags = flags};
        int err = new_handle(pid, owner, of, id);
        if (err < 0)
            of->ino = 0;
        return err;
    }
    return -ENFILE;
}

/* A new handle for pid (of owner) on h's open file. Returns 0 with *id or
 * -EMFILE. */
int
files_dup(rid_t pid, uint16_t owner, struct handle *h, int32_t *id)
{
    return new_handle(pid, owner, h->of, id);
}

/* The handle id if it is live and pid's, else NULL. */
struct handle *
files_get(rid_t pid, int32_t id)
{
    uint32_t slot = (uint32_t)id & ((1u << SLOT_BITS) - 1);

    if (id <= 0 || slot == 0 || slot > HANDLES_MAX)
        return NULL;
    struct handle *h = &handles[slot - 1];
    return h->id == id && h->pid == pid ? h : NULL;
}

/* Free the handle h. Returns its open file if that was the last handle on
 * it (the caller flushes it, then forgets it by zeroing ino), else NULL. */
struct ofile *
files_close(struct handle *h)
{
    struct ofile *of = h->of;

    memset(h, 0, sizeof(*h));
    return --of->refs == 0 ? of : NULL;
}

/* Whether process pid has a handle other than `except` that mapped ino. */
bool
files_pid_maps(rid_t pid, uint32_t ino, const struct handle *except)
{
    for (int i = 0; i < HANDLES_MAX; i++) {
        const struct handle *h = &handles[i];
        if (h != except && h->id && h->pid == pid && h->mapped && h->of->ino == ino)
            return true;
    }
    return false;
}

/* Whether some handle has ino open. */
bool
files_is_open(uint32_t ino)
{
    for (int i = 0; i < FILES_MAX; i++)
        if (ofiles[i].ino == ino && ofiles[i].refs)
            return true;
    return false;
}

/* Inode ino is gone (unlinked): its open files refer to nothing now. */
void
files_forget_ino(uint32_t ino)
{
    for (int i = 0; i < FILES_MAX; i++)
        if (ofiles[i].ino == ino && ofiles[i].refs)
            ofiles[i].ino = (uint32_t)-1; // a stale file: every request on it fails
}

static bool
alive(rid_t pid)
{
    struct res_info ri;

    return resinfo(pid, &ri) == 0 && ri.u.proc.state != PROC_ZOMBIE;
}

/* Close the handles of processes that have ended: `closing` is told of each
 * first, `closed` of every open file whose last handle went. Returns the
 * number of handles closed. */
int
files_sweep(void (*closing)(struct handle *h), void (*closed)(struct ofile *of))
{
    int n = 0;
    rid_t dead = 0;

    for (int i = 0; i < HANDLES_MAX; i++) {
        struct handle *h = &handles[i];
        if (!h->id || (h->pid != dead && alive(h->pid)))
            continue;
        dead = h->pid;
        closing(h);
        struct ofile *of = files_close(h);
        if (of)
            closed(of);
        n++;
    }
    return n;
}

/* Live handles, open files and distinct processes holding handles. */
void
files_counts(uint32_t *nhandles, uint32_t *nfiles, uint32_t *nclients)
{
    *nhandles = *nfiles = *nclients = 0;
    for (int i = 0; i < FILES_MAX; i++)
        *nfiles += ofiles[i].refs != 0;
    for (int i = 0; i < HANDLES_MAX; i++) {
        if (!handles[i].id)
            continue;
        (*nhandles)++;
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = handles[j].id && handles[j].pid == handles[i].pid;
        *nclients += !seen;
    }
}
