/*
 * Open files and the handles clients hold on them (servers/omfs/files.c).
 * Included by the file server only.
 */
#ifndef SERVERS_OMFS_FILES_H
#define SERVERS_OMFS_FILES_H

#include <stdbool.h>
#include <stdint.h>
#include <tender.h>

/* Limits (files.c): no owner, nor all other owners together, can take the
 * tables from the system owner. Besides its own caps, every owner but the
 * system owner shares what is left when the reserves are taken out: two
 * owners at HANDLES_PER_OWNER fill the others' open files, four their
 * handles, and the system owner still has FILES_RESERVE open files and
 * HANDLES_RESERVE handles (its shell, init and servers need a few dozen). */
#define FILES_MAX 256         /* open files */
#define FILES_RESERVE 32      /* of them, only the system owner's */
#define HANDLES_MAX 512       /* handles on them */
#define HANDLES_RESERVE 64    /* of them, only the system owner's */
#define HANDLES_PER_PROC 64   /* one process's share (the system owner's too) */
#define HANDLES_PER_OWNER 128 /* one owner's share (the system owner: no limit) */

struct ofile {      /* an open file: Unix's open file description */
    uint32_t ino;   /* 0: free; the inode when open */
    uint16_t owner; /* who opened it: its share pays for it */
    uint32_t flags; /* O_* it was opened with */
    uint32_t pos;   /* the offset every handle on it shares */
    uint32_t refs;  /* handles on it */
    bool written;   /* a write since the last flush: close flushes */
};

struct handle {
    int32_t id;     /* what the client holds: slot and generation; 0: free */
    rid_t pid;      /* the process that may use it */
    uint16_t owner; /* its owner then: for the per-owner share */
    struct ofile *of;
    bool mapped; /* its process has the file's window attached through it */
    int32_t lent; /* made by OMFS_LEND for the id its process was told, until it adopts it */
    int32_t from; /* made by OMFS_ADOPT (or lent, then adopted) for this id; 0: neither */
};

int files_open(rid_t pid, uint16_t owner, uint32_t ino, uint32_t flags, int32_t *id);
int files_dup(rid_t pid, uint16_t owner, struct handle *h, int32_t *id);
struct handle *files_get(rid_t pid, int32_t id);
struct handle *files_lent(rid_t pid, int32_t id);
struct handle *files_from(rid_t pid, int32_t id);
struct ofile *files_close(struct handle *h);
bool files_is_open(uint32_t ino);
bool files_is_open_for_write(uint32_t ino);
bool files_pid_maps(rid_t pid, uint32_t ino, const struct handle *except);
bool files_pid_writes(rid_t pid, uint32_t ino);
void files_forget_ino(uint32_t ino);
int files_sweep(void (*closing)(void *ctx, struct handle *h),
                void (*closed)(void *ctx, struct ofile *of), void *ctx);
void files_counts(uint32_t *handles, uint32_t *files, uint32_t *clients);

#endif
