/*
 * A page-table set: the page-table pages that map a run of 4 MiB chunks,
 * one page each, owned by whoever maps there and linked into one or more
 * page directories. The one primitive that maps and unmaps runs of pages in
 * user space: process areas (mm/vuspace.c) link theirs into the one space
 * they live in and re-link them on procmove; the container window
 * (mm/cwin.c) keeps a set per space; a mapping shared by many spaces (the
 * file cache's) links one set into every client's directory, so a change
 * of a PTE is seen by all of them at once.
 * Included by mm/ and host tests; TLB flushes stay with the caller.
 */
#ifndef MM_PTSET_H
#define MM_PTSET_H

#include <stdint.h>

#include "kernel/types.h"

struct ptset {
    vaddr_t base;     /* address of chunk 0, 4 MiB aligned */
    unsigned nchunks; /* chunks covered */
    paddr_t *pt;      /* nchunks page-table pages, 0 where none yet */
};

int ptset_prepare(struct ptset *ps, paddr_t pd, vaddr_t va, uint32_t npages);
void ptset_map(const struct ptset *ps, vaddr_t va, const paddr_t *frames, uint32_t npages,
               unsigned flags);
void ptset_unmap(const struct ptset *ps, vaddr_t va, uint32_t npages);
void ptset_link(const struct ptset *ps, paddr_t pd);
void ptset_unlink(const struct ptset *ps, paddr_t pd);
void ptset_relink(const struct ptset *ps, paddr_t from, paddr_t to);
void ptset_release(struct ptset *ps, paddr_t pd);
int ptset_resize(struct ptset *ps, unsigned nchunks);

#endif
