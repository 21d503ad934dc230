/*
 * File I/O without round trips, the server's half (DESIGN §9): the state
 * page of each file with a window, and the claims page of each process that
 * mapped a file.
 *
 * A state page (struct omfs_fstate) holds the file's size, a generation
 * that every shrink bumps, and where its window lies. It sits in a window of
 * one page of its own, attached read-only to each process that mapped the
 * file (with the file's window, omf.c), so a client sees a new size or a
 * shrink at once and nobody but the server can change it; a process sees
 * only the state pages of files it mapped itself.
 * A claims page belongs to one process: a one-page window attached writable
 * to it alone, where slot s (the slot of a file's state page) holds its
 * claims for that file: the TSC (>> OMFS_CLAIM_SHIFT, as the kernel's clock
 * page had it at the last tick, kernel/abi/clockpage.h) at its last access
 * and its last update. The server takes them (an atomic exchange with 0,
 * so a claim written meanwhile is never lost) before it answers with or
 * stores a file's times (share_fold: stat, fstat, close, fsync, sync, utime,
 * the periodic sweep), converts each to seconds from its age against the
 * TSC now, and clamps it to [the inode's time, now]: a claim from the future
 * counts as now, one from before the inode's time changes nothing, and an
 * update counts only from a process that has the file mapped writable. A
 * process can so claim only an access it could have made; it can forge
 * nothing else, and another process's page it never sees.
 * Invariants: files[s].ino != 0 exactly while omf.c's window slot s is in
 * use; a client's `slots` bit s is set exactly while its process has file s's
 * state page attached, and its claims in a slot whose bit is clear are
 * ignored (and zeroed when the bit is set again); a client goes when its
 * last bit does (its claims taken first), so nothing outlives a process's
 * last mapping. The pages are the server's own memory, touched at start so
 * that a first use allocates no frame. A full client table leaves the process
 * without a claims page (struct omfs_mapped.claims 0): it then asks the
 * server for everything, as before; other owners' processes hold at most
 * CLIENTS_MAX - CLIENTS_RESERVE claims pages, so they cannot take the fast
 * path from the system owner's.
 * Public: share_init, share_file_open, share_file_close, share_attach,
 * share_detach, share_size, share_fold.
 */
#include <errno.h>
#include <string.h>
#include <tender.h>
#include <time.h>

#include "fs/ext2.h"
#include "servers/omfs/files.h"
#include "servers/omfs/share.h"

#define PAGE 4096
#define CLIENTS_MAX 32    /* processes with a claims page at once */
#define CLIENTS_RESERVE 8 /* of them, for the system owner's processes only (DESIGN §5) */
#define SHARE_MODE RCC_OWNER(RCC_ALL)

static uint8_t state_mem[OMFS_SLOTS][PAGE] __attribute__((aligned(PAGE)));
static uint8_t claim_mem[CLIENTS_MAX][PAGE] __attribute__((aligned(PAGE)));

static struct {
    uint32_t ino;  /* 0: free */
    rid_t win;     /* the state page's window */
    uint32_t addr; /* its address >> 12 */
} files[OMFS_SLOTS];

static struct {
    rid_t pid;      /* 0: free */
    uint16_t owner; /* its owner when it first mapped: the reserve's test */
    rid_t win;      /* its claims page's window */
    uint32_t addr;  /* its address >> 12 */
    uint32_t slots; /* bit s: it has file s's state attached */
} clients[CLIENTS_MAX];

static uint64_t tsc_per_sec;

static struct omfs_fstate *
state(int slot)
{
    return (struct omfs_fstate *)state_mem[slot];
}

static struct omfs_claim *
claims(int c)
{
    return (struct omfs_claim *)claim_mem[c];
}

/* Touch every page (so a first use allocates nothing) and learn the TSC rate. */
void
share_init(void)
{
    struct sysstat s;

    memset(state_mem, 0, sizeof(state_mem));
    memset(claim_mem, 0, sizeof(claim_mem));
    tsc_per_sec = sysstat(&s) == 0 && s.tsc_khz ? (uint64_t)s.tsc_khz * 1000 : 1000000000ull;
}

/* Window slot `slot` now serves file ino (window at `window`, npages pages,
 * size bytes): its state page, in a window of its own. Returns 0 or
 * vwcreate's, vwmap's error (then the slot has no state page). */
int
share_file_open(int slot, uint32_t ino, const void *window, uint32_t npages, uint32_t size)
{
    struct omfs_fstate *st = state(slot);
    rid_t win = vwcreate("", 1, SHARE_MODE);

    if (win < 0)
        return win;
    if (vwmap(win, 0, st, 1) < 0) {
        int err = -errno;
        resdelete(win);
        return err;
    }
    st->size = size;
    st->gen++; // whatever a slot showed before, its mappings are not this file's
    st->window = (uint32_t)(uintptr_t)window >> 12;
    st->npages = npages;
    files[slot].ino = ino;
    files[slot].win = win;
    files[slot].addr = 0;
    return 0;
}

/* The file of `slot` loses its window: its claims are taken, its state page goes. */
void
share_file_close(const struct volume *v, int slot)
{
    if (!files[slot].ino)
        return;
    share_fold(v);
    for (int c = 0; c < CLIENTS_MAX; c++)
        if (clients[c].pid && (clients[c].slots >> slot & 1))
            share_detach(v, slot, clients[c].pid);
    resdelete(files[slot].win);
    state(slot)->gen++;
    files[slot].ino = 0;
}

static int
client_of(rid_t pid)
{
    for (int c = 0; c < CLIENTS_MAX; c++)
        if (clients[c].pid == pid)
            return c;
    return -1;
}

/* A claims page for pid of owner: its index, or -1 (the table full, or all
 * but the system owner's reserve taken by others, or the kernel's refusal). */
static int
client_new(rid_t pid, uint16_t owner)
{
    int c = client_of(pid), others = 0;

    if (c >= 0)
        return c;
    for (int i = 0; i < CLIENTS_MAX; i++) {
        if (!clients[i].pid && c < 0)
            c = i;
        others += clients[i].pid && clients[i].owner != RCC_SYSTEM_OWNER;
    }
    if (c < 0 || (owner != RCC_SYSTEM_OWNER && others >= CLIENTS_MAX - CLIENTS_RESERVE))
        return -1; // no fast path for it: it asks the server, as before
    rid_t win = vwcreate("", 1, SHARE_MODE);
    if (win < 0)
        return -1;
    void *at;
    memset(claim_mem[c], 0, PAGE);
    if (vwmap(win, 0, claim_mem[c], 1) < 0 || !(at = vwattach(win, pid, VUS_READ | VUS_WRITE))) {
        resdelete(win);
        return -1;
    }
    clients[c].pid = pid;
    clients[c].owner = owner;
    clients[c].win = win;
    clients[c].addr = (uint32_t)(uintptr_t)at >> 12;
    clients[c].slots = 0;
    return c;
}

/* Process pid (of owner) mapped the file of `slot`: its state page attached
 * read-only, its claims page made if need be; *out says where both are (0s:
 * no fast path for it). */
void
share_attach(int slot, rid_t pid, uint16_t owner, struct omfs_mapped *out)
{
    int c;
    void *at;

    *out = (struct omfs_mapped){0, 0, (uint32_t)slot, state(slot)->gen, 0};
    if (!files[slot].ino || (c = client_new(pid, owner)) < 0)
        return;
    if (!(clients[c].slots >> slot & 1)) {
        if (!(at = vwattach(files[slot].win, pid, VUS_READ))) {
            if (!clients[c].slots) { // made for this: it goes again
                vwdetach(clients[c].win, pid);
                resdelete(clients[c].win);
                clients[c].pid = 0;
            }
            return;
        }
        files[slot].addr = (uint32_t)(uintptr_t)at >> 12;
        claims(c)[slot] = (struct omfs_claim){0, 0}; // what it wrote there was another file's
        clients[c].slots |= 1u << slot;
    }
    out->state = files[slot].addr;
    out->claims = clients[c].addr;
}

/* Process pid no longer maps the file of `slot` (its last such handle closed,
 * or it ended): its claims are taken, the state page leaves it, and its
 * claims page goes with its last slot. */
void
share_detach(const struct volume *v, int slot, rid_t pid)
{
    int c = client_of(pid);

    if (c < 0 || !(clients[c].slots >> slot & 1))
        return;
    share_fold(v);
    clients[c].slots &= ~(1u << slot);
    vwdetach(files[slot].win, pid); // fails harmlessly for a process that is gone
    if (!clients[c].slots) {
        vwdetach(clients[c].win, pid);
        resdelete(clients[c].win);
        clients[c].pid = 0;
    }
}

/* The file of `slot` is size bytes now; shrink: it was cut (mappings past
 * the end are gone), so the generation moves. */
void
share_size(int slot, uint32_t size, bool shrink)
{
    struct omfs_fstate *st = state(slot);

    if (shrink)
        __atomic_add_fetch(&st->gen, 1, __ATOMIC_SEQ_CST); // before the size: a reader that
    __atomic_store_n(&st->size, size, __ATOMIC_SEQ_CST);   // sees it re-checks its mapping
}

/* A claim (TSC >> OMFS_CLAIM_SHIFT) as seconds since 1970, clamped to
 * [floor, now]; floor if it claims nothing newer. */
static uint32_t
claim_time(uint32_t claim, uint32_t tsc_now, uint32_t now, uint32_t floor)
{
    int32_t age = (int32_t)(tsc_now - claim);
    uint64_t secs;
    uint32_t t;

    if (!claim)
        return floor;
    if (age < 0)
        t = now; // from the future: it may have accessed the file up to now, no later
    else {
        secs = ((uint64_t)age << OMFS_CLAIM_SHIFT) / tsc_per_sec;
        t = secs > now ? 0 : now - (uint32_t)secs;
    }
    return t > floor ? t : floor;
}

/* Take every client's claims and put them, clamped, into the inodes. */
void
share_fold(const struct volume *v)
{
    uint32_t tsc_now = (uint32_t)(rdtsc() >> OMFS_CLAIM_SHIFT), now = 0;

    for (int c = 0; c < CLIENTS_MAX; c++) {
        for (uint32_t bits = clients[c].pid ? clients[c].slots : 0; bits; bits &= bits - 1) {
            int s = __builtin_ctz(bits);
            struct omfs_claim *cl = &claims(c)[s];
            uint32_t a = __atomic_exchange_n(&cl->atime, 0, __ATOMIC_SEQ_CST);
            uint32_t m = __atomic_exchange_n(&cl->mtime, 0, __ATOMIC_SEQ_CST);
            struct ext2_inode in;
            if (!a && !m)
                continue;
            if (!now)
                now = (uint32_t)time(NULL);
            if (ext2_iget(v->fs, files[s].ino, &in) < 0)
                continue;
            uint32_t at = claim_time(a, tsc_now, now, in.i_atime);
            uint32_t mt = files_pid_writes(clients[c].pid, files[s].ino)
                              ? claim_time(m, tsc_now, now, in.i_mtime)
                              : in.i_mtime;
            if (at == in.i_atime && mt == in.i_mtime)
                continue;
            if (mt != in.i_mtime)
                in.i_ctime = mt > in.i_ctime ? mt : in.i_ctime; // an update changes ctime too
            in.i_atime = at;
            in.i_mtime = mt;
            (void)ext2_iput(v->fs, files[s].ino, &in);
        }
    }
}
