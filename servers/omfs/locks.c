/*
 * POSIX record locks in the file server (DESIGN §8 "Files"): OMFS_LOCK,
 * fcntl's F_GETLK and F_SETLK (the library makes F_SETLKW of F_SETLK by
 * asking again after a pause: the server never blocks, user/lib/file.c).
 *
 * Model: a lock is a byte range [start, end) of an inode held by one process
 * (end LOCK_EOF: to the end of the file, however it grows), shared
 * (F_RDLCK) or exclusive (F_WRLCK). Two processes' locks conflict when
 * their ranges overlap and either is exclusive; a process's own locks never
 * conflict with each other: a new lock replaces what the process held in
 * its range, splitting a range it cuts (F_UNLCK only removes). F_GETLK
 * reports the first conflicting lock, or F_UNLCK. Locks are not inherited
 * (an adopted handle is another process's); they go when their process
 * closes a handle on the file (close of its last descriptor on that open
 * file, io.c) or ends (the sweep), as POSIX says. A shared lock needs a
 * handle opened for reading, an exclusive one for writing (-EBADF).
 * Limits (DESIGN §5): a process holds at most LOCKS_PER_PROC ranges, all
 * owners but the system owner together LOCKS_MAX - LOCKS_RESERVE (-ENOLCK
 * past either). Validate, then commit: a request that would need more
 * slots than it may take changes nothing.
 * Invariants: a free slot has ino 0; a process's ranges on one inode never
 * overlap; start < end.
 * Public: locks_request (the request), locks_drop (io.c, the sweep).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>

#include "servers/omfs/files.h"
#include "servers/omfs/locks.h"
#include "servers/omfs/req.h"

#define LOCK_EOF UINT64_MAX

struct lock {
    uint32_t ino; /* 0: free */
    rid_t pid;
    uint16_t owner;
    uint8_t type; /* F_RDLCK or F_WRLCK */
    uint64_t start, end;
};

static struct lock locks[LOCKS_MAX];

static bool
overlap(const struct lock *l, uint32_t ino, uint64_t start, uint64_t end)
{
    return l->ino == ino && l->start < end && start < l->end;
}

/* The first lock of another process than pid on ino that conflicts with a
 * lock of type over [start, end), or NULL. */
static const struct lock *
conflict(rid_t pid, uint32_t ino, uint8_t type, uint64_t start, uint64_t end)
{
    for (int i = 0; i < LOCKS_MAX; i++) {
        const struct lock *l = &locks[i];
        if (l->pid != pid && overlap(l, ino, start, end) && (type == F_WRLCK || l->type == F_WRLCK))
            return l;
    }
    return NULL;
}

/* Whether pid (of owner) may hold `more` more ranges. */
static int
room_for(rid_t pid, uint16_t owner, int more)
{
    int of_pid = 0, of_others = 0, used = 0;

    for (int i = 0; i < LOCKS_MAX; i++) {
        if (!locks[i].ino)
            continue;
        used++;
        of_pid += locks[i].pid == pid;
        of_others += locks[i].owner != RCC_SYSTEM_OWNER;
    }
    if (more <= 0)
        return 0;
    if (of_pid + more > LOCKS_PER_PROC || used + more > LOCKS_MAX ||
        (owner != RCC_SYSTEM_OWNER && of_others + more > LOCKS_MAX - LOCKS_RESERVE))
        return -ENOLCK;
    return 0;
}

static struct lock *
free_slot(void)
{
    for (int i = 0; i < LOCKS_MAX; i++)
        if (!locks[i].ino)
            return &locks[i];
    return NULL; // room_for said there is one
}

/* Set pid's lock of type (F_UNLCK: none) over [start, end) of ino. */
static int
set_lock(rid_t pid, uint16_t owner, uint32_t ino, uint8_t type, uint64_t start, uint64_t end)
{
    int more = type == F_UNLCK ? 0 : 1, err;

    for (int i = 0; i < LOCKS_MAX; i++) { // a range cut in two needs one more slot
        const struct lock *l = &locks[i];
        if (l->pid == pid && overlap(l, ino, start, end) && l->start < start && end < l->end)
            more++;
    }
    if ((err = room_for(pid, owner, more)) < 0)
        return err;
    for (int i = 0; i < LOCKS_MAX; i++) { // commit: take [start, end) out of pid's ranges
        struct lock *l = &locks[i];
        if (l->pid != pid || !overlap(l, ino, start, end))
            continue;
        if (l->start < start && end < l->end) {
            struct lock *tail = free_slot();
            *tail = *l;
            tail->start = end;
            l->end = start;
        } else if (l->start < start) {
            l->end = start;
        } else if (end < l->end) {
            l->start = end;
        } else {
            memset(l, 0, sizeof(*l));
        }
    }
    if (type != F_UNLCK)
        *free_slot() = (struct lock){ino, pid, owner, type, start, end};
    return 0;
}

/* OMFS_LOCK: flags OMFS_LK_GET or OMFS_LK_SET on the handle's file; u.raw[0]
 * the type (F_RDLCK, F_WRLCK, F_UNLCK), mode the whence, offset and
 * u.raw[1] the signed start and length as struct flock has them. GET answers
 * in u.raw[0..3]: type (F_UNLCK: nothing in the way), start, length (0: to
 * the end) and the holder's pid. Returns 0, -EBADF (the handle, or its
 * access mode for the type), -EINVAL (type, whence, a range before byte 0
 * or past 2^63), -EAGAIN (SET: another process holds a conflicting lock),
 * -ENOLCK (no slot left for the asker), -EIO. */
int
locks_request(struct request *rq)
{
    struct handle *h = req_handle(rq);
    uint32_t type = rq->msg->u.raw[0], acc;
    int64_t base, start = (int32_t)rq->msg->offset, len = (int32_t)rq->msg->u.raw[1];
    uint64_t end;
    int err;

    if (!h)
        return -EBADF;
    acc = h->of->flags & O_ACCMODE;
    if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
        return -EINVAL;
    if (rq->msg->flags != OMFS_LK_GET && rq->msg->flags != OMFS_LK_SET)
        return -EINVAL;
    if ((err = req_whence(rq, h, rq->msg->mode, &base)) < 0)
        return err;
    start += base;
    if (len < 0) { // POSIX: the len bytes before start
        start += len;
        len = -len;
    }
    if (start < 0)
        return -EINVAL;
    end = len == 0 ? LOCK_EOF : (uint64_t)start + (uint64_t)len;
    if (rq->msg->flags == OMFS_LK_GET) {
        if (type == F_UNLCK)
            return -EINVAL;
        const struct lock *l = conflict(rq->pid, h->of->ino, (uint8_t)type, (uint64_t)start, end);
        rq->msg->u.raw[0] = l ? l->type : F_UNLCK;
        rq->msg->u.raw[1] = l ? (uint32_t)l->start : (uint32_t)start;
        rq->msg->u.raw[2] = !l                   ? (uint32_t)len
                            : l->end == LOCK_EOF ? 0
                                                 : (uint32_t)(l->end - l->start);
        rq->msg->u.raw[3] = l ? (uint32_t)l->pid : 0;
        return 0;
    }
    if ((type == F_RDLCK && acc == O_WRONLY) || (type == F_WRLCK && acc == O_RDONLY))
        return -EBADF;
    if (type != F_UNLCK && conflict(rq->pid, h->of->ino, (uint8_t)type, (uint64_t)start, end))
        return -EAGAIN;
    return set_lock(rq->pid, rq->owner, h->of->ino, (uint8_t)type, (uint64_t)start, end);
}

/* Process pid closed a handle on ino, or ended: its locks on ino go (ino 0:
 * all of them). */
void
locks_drop(rid_t pid, uint32_t ino)
{
    for (int i = 0; i < LOCKS_MAX; i++)
        if (locks[i].ino && locks[i].pid == pid && (!ino || locks[i].ino == ino))
            memset(&locks[i], 0, sizeof(locks[i]));
}
