/*
 * Pipes (DESIGN §8): a byte stream in the kernel between the processes that
 * hold its ends.
 *
 * Model: a pipe is a resource (RT_PIPE) with a ring of PIPE_SIZE bytes from
 * the kernel heap. Processes do not reach it by its rid alone: they hold
 * ends, a read end and a write end, in their own table (struct proc's
 * pipes), and only a held end reads or writes. pipecreate gives the caller
 * both. An end reaches another process one way only: at proccreate the
 * kernel copies to the child every end the parent marked (pipemark), still
 * marked, so it goes on to the child's own children unless the child says
 * otherwise; the library keeps the ends its descriptors name and lets the
 * rest go at start-up. So the kernel vouches for an end through any number
 * of generations, and nobody can forge one.
 * A read takes what is buffered (up to n bytes) or waits while the pipe is
 * empty and some process holds its write end; with none it returns 0 (end of
 * file). With PIPE_NOWAIT (O_NONBLOCK) neither call waits: -EAGAIN. A write of at most PIPE_BUF
 * bytes waits until all of them fit and goes in at once, never split by another writer's; a longer
 * one goes in as room appears. A write with no read end held anywhere fails with -EPIPE (Unix also
 * raises SIGPIPE: the kernel has no signals yet; when it does, pipe_write is the place). An end
 * goes when its process closes it (pipeclose) or ends; the pipe goes with its last end, or with
 * resdelete (DEL; its holders lose their ends and its waiters wake to -ENOENT) and resreclaim. RCC
 * governs the resource itself (resinfo, resdelete, changemod); the ends are capabilities and need
 * no right. Invariants: readers and writers count the processes holding each end; a process holds
 * an end at most once; a live pipe has at least one end held (or is being made); bytes <=
 * PIPE_SIZE. A process blocked in a pipe call sleeps on its pipe's rd or wr channel and looks the
 * pipe up again by rid when it wakes: the pipe may be gone. Public: pipe_init, pipe_inherit,
 * pipe_proc_ended, and the calls sys_pipecreate, sys_piperead, sys_pipewrite, sys_pipeclose,
 * sys_pipemark, sys_pipeends; for pipepoll (ipc/pipepoll.c), pipe_events and pipe_poll_sleep.
 * pipepoll's sleepers wait on one channel for all pipes (a process sleeps on one channel), which
 * every change of any pipe's readiness wakes, only while someone sleeps there (pipe_pollers
 * counts them), so a pipe nobody polls pays nothing for it.
 */
#include <stddef.h>

#include "ipc/ipc.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "mm/mem.h"
#include "proc/pcb.h"
#include "proc/sched.h"
#include "proc/signal.h"

#define PIPE_IO_MAX 0x7fffffffu /* a result must be a non-negative int */

STATIC_ASSERT(PIPE_BUF <= PIPE_SIZE);

struct pipe {
    struct resource res;
    uint8_t *buf;              /* PIPE_SIZE bytes */
    uint32_t head, bytes;      /* the oldest byte's index, bytes buffered */
    uint16_t readers, writers; /* processes holding each end */
    char rd, wr;               /* channels: readers wait on rd, writers on wr */
};

static struct pipe pipe_table[CONFIG_NR_PIPE];
static struct res_pool pipe_pool;
static char pipe_poll_chan;   /* pipepoll's sleepers wait here */
static unsigned pipe_pollers; /* processes asleep in pipe_poll_sleep (proc->pipepolling) */

#define to_pipe(r) res_object((r), RT_PIPE, struct pipe)

/* p's readiness changed: wake its readers (rd), its writers (wr), and
 * pipepoll's sleepers, if any. */
static void
changed(struct pipe *p, bool rd, bool wr)
{
    if (rd)
        sched_wakeup(&p->rd);
    if (wr)
        sched_wakeup(&p->wr);
    if (pipe_pollers)
        sched_wakeup(&pipe_poll_chan);
}

/* Free p and its ring; wake whoever waits (they find it gone). */
static void
pipe_free(struct pipe *p)
{
    changed(p, true, true);
    kfree(p->buf);
    res_free(&p->res);
}

/* Drop entry h of its process's table: one holder of that end fewer. The
 * pipe goes when no end is held; peers wake (end of file, EPIPE). */
static void
drop_hold(struct pipe_hold *h)
{
    struct pipe *p = h->pipe;

    if (h->end == PIPE_READ)
        p->readers--;
    else
        p->writers--;
    *h = (struct pipe_hold){0};
    if (!p->readers && !p->writers) {
        pipe_free(p);
        return;
    }
    changed(p, true, true); // end of file when the last writer went, EPIPE when the last reader did
}

/* resdelete (DEL) and resreclaim (caller NULL): every holder loses its ends. */
static int
pipe_delete(struct proc *caller UNUSED, struct resource *r)
{
    struct pipe *p = to_pipe(r);

    for (struct resource *q = res_next(RT_PROC, NULL); q; q = res_next(RT_PROC, q))
        for (int i = 0; i < PROC_PIPES; i++)
            if (to_proc(q)->pipes[i].pipe == p)
                to_proc(q)->pipes[i] = (struct pipe_hold){0};
    pipe_free(p);
    return 0;
}

static void
pipe_info(const struct resource *r, struct res_info *out)
{
    const struct pipe *p = to_pipe(r);

    out->u.pipe.bytes = p->bytes;
    out->u.pipe.readers = p->readers;
    out->u.pipe.writers = p->writers;
}

static const struct res_ops pipe_ops = {
    .name = "pipe", .info = pipe_info, .destroy = pipe_delete, .reclaim_pass = 2};

/* Register the pipe pool (called by ipc_init). */
void
pipe_init(void)
{
    RES_POOL_START(pipe_pool, RT_PIPE, &pipe_ops, pipe_table);
}

/* Copy into child (new, holding nothing) the ends parent marked for its
 * children, still marked. Cannot fail: both tables have PROC_PIPES entries. */
void
pipe_inherit(struct proc *child, const struct proc *parent)
{
    int n = 0;

    if (!parent)
        return;
    for (int i = 0; i < PROC_PIPES; i++) {
        const struct pipe_hold *h = &parent->pipes[i];
        if (!h->pipe || !h->inherit)
            continue;
        child->pipes[n++] = *h;
        if (h->end == PIPE_READ)
            h->pipe->readers++;
        else
            h->pipe->writers++;
    }
}

/* p ends: its ends go (and its sleep in pipepoll, which it never leaves). */
void
pipe_proc_ended(struct proc *p)
{
    if (p->pipepolling) {
        p->pipepolling = false;
        pipe_pollers--;
    }
    for (int i = 0; i < PROC_PIPES; i++)
        if (p->pipes[i].pipe)
            drop_hold(&p->pipes[i]);
}

/* The entry of caller's table holding `end` of the pipe named rid. Returns
 * 0, -ENOENT (no such pipe: stale, never one, or deleted), -EINVAL (rid of
 * another type, or end not PIPE_READ/PIPE_WRITE), -EBADF (the caller does
 * not hold that end). */
static int
held(struct proc *caller, rid_t rid, int end, struct pipe_hold **out)
{
    struct resource *r;
    int err;

    if (end != PIPE_READ && end != PIPE_WRITE)
        return -EINVAL;
    if ((err = res_lookup(rid, RT_PIPE, &r)) < 0)
        return err;
    for (int i = 0; i < PROC_PIPES; i++) {
        struct pipe_hold *h = &caller->pipes[i];
        if (h->pipe == to_pipe(r) && h->end == end) {
            *out = h;
            return 0;
        }
    }
    return -EBADF;
}

/* A pipe owned by the caller, with mode mod; the caller holds both ends
 * (not marked for children). Returns its rid, or -EINVAL (mode), -EMFILE
 * (the caller holds PROC_PIPES - 1 ends or more), -ENFILE (no free slot),
 * -EAGAIN (the owner's quota of pipes is used up), -ENOMEM (no room for
 * the buffer). */
rid_t
sys_pipecreate(struct proc *caller, unsigned mod)
{
    struct pipe_hold *ends[2] = {NULL, NULL};
    struct resource *r;
    struct pipe *p;
    int rid, n = 0;

    if (!rcc_mode_valid(mod))
        return -EINVAL;
    for (int i = 0; i < PROC_PIPES && n < 2; i++)
        if (!caller->pipes[i].pipe)
            ends[n++] = &caller->pipes[i];
    if (n < 2)
        return -EMFILE;
    if ((rid = res_alloc(&pipe_pool, NULL, caller->res.owner, caller->res.group, (uint16_t)mod,
                         &r)) < 0)
        return rid;
    p = to_pipe(r);
    if (!(p->buf = kmalloc(PIPE_SIZE))) {
        res_free(r);
        return -ENOMEM;
    }
    p->readers = p->writers = 1;
    *ends[0] = (struct pipe_hold){p, PIPE_READ, 0};
    *ends[1] = (struct pipe_hold){p, PIPE_WRITE, 0};
    return rid;
}

/* Read up to n bytes from the pipe's held read end into buf: what is
 * buffered, or wait for a writer while one is held (flags PIPE_NOWAIT:
 * -EAGAIN instead; other flag bits: -EINVAL). Returns the bytes read;
 * 0 at end of file (nothing buffered, no write end held anywhere) or for
 * n == 0; or -ENOENT, -EINVAL, -EBADF (see held; also when the pipe was
 * deleted during the wait), -EFAULT (buf cannot take the bytes: none are
 * consumed). */
int
sys_piperead(struct proc *caller, rid_t pipe, void *buf, size_t n, unsigned flags)
{
    struct pipe_hold *h;
    struct pipe *p;
    uint32_t chunk, first;
    int err;

    if (flags & ~PIPE_NOWAIT)
        return -EINVAL;
    for (;;) {
        if ((err = held(caller, pipe, PIPE_READ, &h)) < 0)
            return err;
        p = h->pipe;
        if (n == 0)
            return 0;
        if (p->bytes)
            break;
        if (!p->writers)
            return 0;
        if (flags & PIPE_NOWAIT)
            return -EAGAIN;
        sched_sleep(&p->rd);
    }
    if (n > PIPE_IO_MAX)
        n = PIPE_IO_MAX;
    chunk = n < p->bytes ? (uint32_t)n : p->bytes;
    first = PIPE_SIZE - p->head < chunk ? PIPE_SIZE - p->head : chunk;
    if (copyout(buf, p->buf + p->head, first) < 0 ||
        copyout((uint8_t *)buf + first, p->buf, chunk - first) < 0)
        return -EFAULT;
    p->head = (p->head + chunk) % PIPE_SIZE;
    p->bytes -= chunk;
    changed(p, false, true);
    return (int)chunk;
}

/* Write n bytes from buf to the pipe's held write end. At most PIPE_BUF
 * bytes go in at once, never interleaved with another write; more go in as
 * room appears (flags PIPE_NOWAIT: never waits, -EAGAIN when nothing
 * fits; other flag bits: -EINVAL). Returns n; or what went in before a
 * fault, a full pipe without waiting, or the last reader's going; or, when
 * nothing did, -EAGAIN, -EPIPE (no read end held anywhere;
 * Unix would also raise SIGPIPE), -EFAULT, -EINVAL (n above INT_MAX), or
 * held's -ENOENT, -EINVAL, -EBADF. */
int
sys_pipewrite(struct proc *caller, rid_t pipe, const void *buf, size_t n, unsigned flags)
{
    struct pipe_hold *h;
    struct pipe *p;
    uint32_t done = 0;
    int err;

    if ((err = held(caller, pipe, PIPE_WRITE, &h)) < 0)
        return err;
    if (n > PIPE_IO_MAX || (flags & ~PIPE_NOWAIT))
        return -EINVAL;
    while (done < n) {
        uint32_t room, chunk, tail, first;
        if ((err = held(caller, pipe, PIPE_WRITE, &h)) < 0)
            return done ? (int)done : err;
        p = h->pipe;
        if (!p->readers) { // nobody will read: SIGPIPE (its default ends the writer), EPIPE
            sig_post(caller, SIGPIPE);
            return done ? (int)done : -EPIPE;
        }
        room = PIPE_SIZE - p->bytes;
        if (room == 0 || (n <= PIPE_BUF && room < n)) {
            if (flags & PIPE_NOWAIT)
                return done ? (int)done : -EAGAIN;
            sched_sleep(&p->wr);
            continue;
        }
        chunk = n - done < room ? (uint32_t)(n - done) : room;
        tail = (p->head + p->bytes) % PIPE_SIZE;
        first = PIPE_SIZE - tail < chunk ? PIPE_SIZE - tail : chunk;
        if (copyin(p->buf + tail, (const uint8_t *)buf + done, first) < 0 ||
            copyin(p->buf, (const uint8_t *)buf + done + first, chunk - first) < 0)
            return done ? (int)done : -EFAULT;
        p->bytes += chunk;
        done += chunk;
        changed(p, true, false);
    }
    return (int)done;
}

/* Let the caller's `end` of the pipe go. Returns 0 or held's errors. */
int
sys_pipeclose(struct proc *caller, rid_t pipe, int end)
{
    struct pipe_hold *h;
    int err;

    if ((err = held(caller, pipe, end, &h)) < 0)
        return err;
    drop_hold(h);
    return 0;
}

/* Mark the caller's `end` of the pipe to be passed to its children at
 * proccreate (inherit != 0) or not. Returns 0 or held's errors. */
int
sys_pipemark(struct proc *caller, rid_t pipe, int end, int inherit)
{
    struct pipe_hold *h;
    int err;

    if ((err = held(caller, pipe, end, &h)) < 0)
        return err;
    h->inherit = inherit != 0;
    return 0;
}

/* The ends the caller holds, up to max of them into out. Returns how many it
 * holds (which may be more than max), or -EINVAL (max < 0), -EFAULT. */
int
sys_pipeends(struct proc *caller, struct pipeend *out, int max)
{
    int n = 0;

    if (max < 0)
        return -EINVAL;
    for (int i = 0; i < PROC_PIPES; i++) {
        const struct pipe_hold *h = &caller->pipes[i];
        struct pipeend e = {0};
        if (!h->pipe)
            continue;
        if (n < max) {
            e.pipe = h->pipe->res.rid;
            e.end = h->end;
            e.inherit = h->inherit;
            if (copyout(&out[n], &e, sizeof(e)) < 0)
                return -EFAULT;
        }
        n++;
    }
    return n;
}

/* What holds for the caller's `end` of the pipe named rid, of `events`
 * (PIPE_POLLIN, PIPE_POLLOUT; other bits are ignored), plus PIPE_POLLHUP
 * for a read end no writer is left on and PIPE_POLLERR for a write end no
 * reader is left on, whatever was asked. A write end is ready when a write
 * of PIPE_BUF bytes would not wait. Returns those bits (0: nothing holds),
 * or held's -ENOENT, -EINVAL, -EBADF: only a held end can be asked about. */
int
pipe_events(struct proc *caller, rid_t rid, int end, unsigned events)
{
    struct pipe_hold *h;
    struct pipe *p;
    int err, ev = 0;

    if ((err = held(caller, rid, end, &h)) < 0)
        return err;
    p = h->pipe;
    if (end == PIPE_READ) {
        if (p->bytes && (events & PIPE_POLLIN))
            ev |= PIPE_POLLIN;
        if (!p->writers)
            ev |= PIPE_POLLHUP;
    } else if (!p->readers) {
        ev |= PIPE_POLLERR;
    } else if (PIPE_SIZE - p->bytes >= PIPE_BUF && (events & PIPE_POLLOUT)) {
        ev |= PIPE_POLLOUT;
    }
    return ev;
}

/* Block the caller until any pipe's readiness changes, a signal comes, or
 * ticks pass (ticks < 0: no time limit). The caller looks again: what it
 * waited for may not hold, and its pipes may be gone. */
void
pipe_poll_sleep(struct proc *caller, int32_t ticks)
{
    caller->pipepolling = true;
    pipe_pollers++;
    if (ticks < 0)
        sched_sleep(&pipe_poll_chan);
    else
        sched_sleep_timeout(&pipe_poll_chan, (uint32_t)ticks);
    caller->pipepolling = false;
    pipe_pollers--;
}
