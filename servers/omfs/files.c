/*
 * Open files and handles in the file server.
 *
 * An open file (struct ofile) is one open() of an inode: access mode and
 * the offset. A handle names an open file for exactly one process, the one
 * whose requests may use it (the kernel's sender stamp says who asks, so a
 * handle leaked to another process is useless to it). A descendant adopts
 * a handle of its parent or of any live ancestor (OMFS_ADOPT, io.c) and
 * gets a handle of its own on the same
 * open file, so the offset is shared as after a Unix fork. A parent that
 * passes a descriptor lends its handle to the child right after
 * proccreate (OMFS_LEND): the child's handle is made then, marked with the
 * id the child was told (lent), and its first adopt of that id takes that
 * one (then marked `from`, as an adopted handle is), so a parent that
 * closes at once leaves the open file to the child. Handle ids carry
 * a generation, so a closed handle's id is never valid again by accident.
 * No client can take the tables from the others, nor all other owners
 * together from the system owner (DESIGN §5; the limits are in files.h): a
 * process holds at most HANDLES_PER_PROC handles and an owner other than
 * the system owner at most HANDLES_PER_OWNER (-EMFILE past them); all owners
 * but the system owner together hold at most HANDLES_MAX - HANDLES_RESERVE
 * handles on at most FILES_MAX - FILES_RESERVE open files (-ENFILE past
 * them, as for a full table), so the system owner can always open. An open
 * file is charged to the owner who opened it, a handle to the owner of its
 * process when it was made (an adopted handle to the child's owner).
 * Everything is checked before anything is taken. Nothing outlives its
 * process: files_sweep asks the kernel about every process holding handles
 * and closes those of processes that ended. Invariants: of->refs counts the
 * live handles on of; a free ofile has ino 0 and refs 0. Public:
 * files_open, files_dup, files_get, files_lent, files_from, files_close, files_is_open,
 * files_pid_maps, files_pid_writes, files_forget_ino, files_sweep, files_counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <tender.h>

#include "servers/omfs/files.h"

#define SLOT_BITS 12 /* id = generation << SLOT_BITS | slot + 1 */

static struct ofile ofiles[FILES_MAX];
static struct handle handles[HANDLES_MAX];
static uint32_t generation = 1;

_Static_assert(HANDLES_MAX < (1 << SLOT_BITS), "a slot fits its bits");

/* A free handle slot for process pid of owner `owner`: its index, or
 * -EMFILE (the process's or the owner's share is used), -ENFILE (the table,
 * or the other owners' part of it, is full). Takes nothing. */
static int
handle_slot(rid_t pid, uint16_t owner)
{
    int of_pid = 0, of_owner = 0, of_others = 0, free_slot = -1;

    for (int i = 0; i < HANDLES_MAX; i++) {
        if (!handles[i].id) {
            if (free_slot < 0)
                free_slot = i;
            continue;
        }
        of_pid += handles[i].pid == pid;
        of_owner += handles[i].owner == owner;
        of_others += handles[i].owner != RCC_SYSTEM_OWNER;
    }
    if (of_pid >= HANDLES_PER_PROC)
        return -EMFILE;
    if (owner != RCC_SYSTEM_OWNER) {
        if (of_owner >= HANDLES_PER_OWNER)
            return -EMFILE;
        if (of_others >= HANDLES_MAX - HANDLES_RESERVE)
            return -ENFILE; // the rest is the system owner's
    }
    return free_slot < 0 ? -ENFILE : free_slot;
}

/* Make handle slot i (from handle_slot) pid's, on of. */
static void
new_handle(int i, rid_t pid, uint16_t owner, struct ofile *of, int32_t *id)
{
    generation = (generation + 1) & 0x7ffff;
    if (!generation)
        generation = 1;
    handles[i] = (struct handle){.id = (int32_t)(generation << SLOT_BITS | (uint32_t)(i + 1)),
                                 .pid = pid,
                                 .owner = owner,
                                 .of = of};
    of->refs++;
    *id = handles[i].id;
}

/* Open ino with flags for process pid of owner `owner`. Returns 0 with *id,
 * -EMFILE (the process's or the owner's share of handles is used) or
 * -ENFILE (no open file or handle left for it: the tables are full, or an
 * owner other than the system owner found the others' part of them full). */
int
files_open(rid_t pid, uint16_t owner, uint32_t ino, uint32_t flags, int32_t *id)
{
    struct ofile *of = NULL;
    int others = 0, slot = handle_slot(pid, owner);

    if (slot < 0)
        return slot;
    for (int i = 0; i < FILES_MAX; i++) {
        if (!ofiles[i].ino && !of)
            of = &ofiles[i];
        others += ofiles[i].ino && ofiles[i].owner != RCC_SYSTEM_OWNER;
    }
    if (!of || (owner != RCC_SYSTEM_OWNER && others >= FILES_MAX - FILES_RESERVE))
        return -ENFILE;
    *of = (struct ofile){.ino = ino, .owner = owner, .flags = flags};
    new_handle(slot, pid, owner, of, id);
    return 0;
}

/* A new handle for pid (of owner) on h's open file. Returns 0 with *id,
 * -EMFILE or -ENFILE (as files_open). */
int
files_dup(rid_t pid, uint16_t owner, struct handle *h, int32_t *id)
{
    int slot = handle_slot(pid, owner);

    if (slot < 0)
        return slot;
    new_handle(slot, pid, owner, h->of, id);
    return 0;
}

/* pid's handle lent to it for id (OMFS_LEND) and not adopted yet, or NULL. */
struct handle *
files_lent(rid_t pid, int32_t id)
{
    if (id <= 0)
        return NULL;
    for (int i = 0; i < HANDLES_MAX; i++)
        if (handles[i].id && handles[i].pid == pid && handles[i].lent == id)
            return &handles[i];
    return NULL;
}

/* pid's handle adopted for id (OMFS_ADOPT), or NULL. */
struct handle *
files_from(rid_t pid, int32_t id)
{
    if (id <= 0)
        return NULL;
    for (int i = 0; i < HANDLES_MAX; i++)
        if (handles[i].id && handles[i].pid == pid && handles[i].from == id)
            return &handles[i];
    return NULL;
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

/* Whether process pid has a handle on ino that mapped it and may write it
 * (so its modification claims count, servers/omfs/share.c). */
bool
files_pid_writes(rid_t pid, uint32_t ino)
{
    for (int i = 0; i < HANDLES_MAX; i++) {
        const struct handle *h = &handles[i];
        if (h->id && h->pid == pid && h->mapped && h->of->ino == ino &&
            (h->of->flags & O_ACCMODE) != O_RDONLY)
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

/* Whether some handle has ino open for writing. */
bool
files_is_open_for_write(uint32_t ino)
{
    for (int i = 0; i < FILES_MAX; i++)
        if (ofiles[i].ino == ino && ofiles[i].refs && (ofiles[i].flags & 3) != 0)
            return true; // O_WRONLY or O_RDWR
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
 * first, `closed` of every open file whose last handle went (both with ctx).
 * Returns the number of handles closed. */
int
files_sweep(void (*closing)(void *ctx, struct handle *h),
            void (*closed)(void *ctx, struct ofile *of), void *ctx)
{
    int n = 0;
    rid_t dead = 0;

    for (int i = 0; i < HANDLES_MAX; i++) {
        struct handle *h = &handles[i];
        if (!h->id || (h->pid != dead && alive(h->pid)))
            continue;
        dead = h->pid;
        closing(ctx, h);
        struct ofile *of = files_close(h);
        if (of)
            closed(ctx, of);
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
