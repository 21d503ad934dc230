/*
 * mm/kheap.c - kernel heap core: first-fit free list with checked blocks.
 *
 * Model: memory comes in chunks from the grow callback (page-aligned, a
 * multiple of 4096 bytes; the kernel maps fresh pages). A chunk is
 *
 *     [chunk header][block][block]...[block][end sentinel]
 *
 * and each block is a 16-byte header (magic, size, requested size, size of
 * the previous block in the chunk) followed by its payload. A used block's
 * payload holds the caller's n bytes and, right after them, a 4-byte canary;
 * a free block's payload holds its free-list links. The free list is one
 * doubly linked LIFO list searched first-fit. Requests bigger than a standard
 * chunk get a chunk sized to fit them (in effect a dedicated chunk).
 * When a free leaves a chunk holding a single free block (everything in it
 * free and coalesced), the chunk is unlinked and handed to the release
 * callback with the pointer and byte count grow gave; with no release
 * callback chunks are kept for ever.
 *
 * Invariants:
 *  - block sizes are multiples of KHEAP_ALIGN and >= MIN_BLOCK; blocks tile
 *    the chunk exactly up to the end sentinel; each block's prev_size equals
 *    the size of the block before it (0 for the first);
 *  - no two free blocks are adjacent (free coalesces with both neighbours);
 *  - every free block is on the free list and nothing else is;
 *  - a used block's canary is intact until the caller overruns it;
 *  - a header swallowed by coalescing is marked DEAD, so freeing it again is
 *    still recognised as a double free;
 *  - with a release callback, no chunk on the list is entirely free.
 *
 * Double free is caught only while the block's chunk is still part of the
 * heap. Once a chunk has been released its memory is gone: a stale pointer
 * into it is reported as "bad pointer" (or, if a later grow reuses the same
 * addresses, judged by whatever the new chunk holds there).
 *
 * Faults (double free, overrun, bad pointer, corrupt heap) go to the fault
 * callback; the kernel panics there, host tests record them. After reporting,
 * the offending free is ignored so a test can carry on.
 *
 * Entry points: kheap_init, kheap_alloc, kheap_zalloc, kheap_free,
 * kheap_check, kheap_stats. Not reentrant; callers serialize.
 */
#include "mm/kheap.h"

#include <stdint.h>

#include "kernel/abi/errno.h"
#include "kernel/string.h"

#define KH_MAGIC_USED 0x6b685573u  // "khUs"
#define KH_MAGIC_FREE 0x6b684672u  // "khFr"
#define KH_MAGIC_DEAD 0x6b684464u  // "khDd": header absorbed by coalescing
#define KH_MAGIC_END 0x6b68456eu   // "khEn": chunk end sentinel
#define KH_MAGIC_CHUNK 0x6b684368u // "khCh"
#define KH_CANARY 0xdeadc0deu
#define KH_CANARY_SIZE 4
#define KH_PAGE 4096
#define KH_CHUNK_STD (64 * 1024) // standard chunk; bigger requests get their own

struct kh_block {
    uint32_t magic;
    uint32_t size;      // whole block, header included
    uint32_t req;       // bytes requested; 0 while free
    uint32_t prev_size; // size of the previous block in the chunk, 0 if first
};

struct kh_links { // payload of a free block
    struct kh_block *next, *prev;
};

struct kh_chunk {
    uint32_t magic;
    uint32_t size; // bytes obtained from grow
    struct kh_chunk *next;
};

#define ROUND_UP(x, a) (((x) + (a)-1) / (a) * (a))
#define HDR ((uint32_t)sizeof(struct kh_block))
#define CHDR ((uint32_t)ROUND_UP(sizeof(struct kh_chunk), KHEAP_ALIGN))
#define MIN_BLOCK                                                                                  \
    ((uint32_t)ROUND_UP(sizeof(struct kh_block) + sizeof(struct kh_links), KHEAP_ALIGN))

_Static_assert(sizeof(struct kh_block) % KHEAP_ALIGN == 0, "header keeps payload aligned");

static void *(*kh_grow)(size_t);
static void (*kh_release)(void *, size_t);
static void (*kh_fault)(const char *, void *);
static struct kh_chunk *kh_chunks; // all chunks, newest first
static struct kh_block *kh_free;   // free list head
static struct kheap_stats kh_st;   // bytes_in_use, blocks_in_use, bytes_total

static void
report(const char *what, void *ptr)
{
    if (kh_fault != NULL)
        kh_fault(what, ptr);
}

static struct kh_links *
links(struct kh_block *b)
{
    return (struct kh_links *)(b + 1);
}

static void *
payload(struct kh_block *b)
{
    return b + 1;
}

static struct kh_block *
next_block(struct kh_block *b)
{
    return (struct kh_block *)((char *)b + b->size);
}

static struct kh_block *
first_block(struct kh_chunk *c)
{
    return (struct kh_block *)((char *)c + CHDR);
}

static struct kh_block *
end_block(struct kh_chunk *c)
{
    return (struct kh_block *)((char *)c + c->size - HDR);
}

static void
list_insert(struct kh_block *b)
{
    links(b)->prev = NULL;
    links(b)->next = kh_free;
    if (kh_free != NULL)
        links(kh_free)->prev = b;
    kh_free = b;
}

static void
list_remove(struct kh_block *b)
{
    struct kh_links *l = links(b);

    if (l->prev != NULL)
        links(l->prev)->next = l->next;
    else
        kh_free = l->next;
    if (l->next != NULL)
        links(l->next)->prev = l->prev;
}

/* The canary is stored bytewise: payload + req need not be aligned. */
static void
canary_set(struct kh_block *b)
{
    unsigned char *c = (unsigned char *)payload(b) + b->req;
    int i;

    for (i = 0; i < KH_CANARY_SIZE; i++)
        c[i] = (unsigned char)(KH_CANARY >> (8 * i));
}

static int
canary_ok(struct kh_block *b)
{
    const unsigned char *c = (const unsigned char *)payload(b) + b->req;
    int i;

    for (i = 0; i < KH_CANARY_SIZE; i++) {
        if (c[i] != (unsigned char)(KH_CANARY >> (8 * i)))
            return 0;
    }
    return 1;
}

/* Size and bounds of b plausible within chunk c (b itself lies before the end)? */
static int
block_sane(struct kh_chunk *c, struct kh_block *b)
{
    uint32_t room = (uint32_t)((char *)end_block(c) - (char *)b);
    uint32_t before = (uint32_t)((char *)b - (char *)first_block(c));

    if (b->size < MIN_BLOCK || b->size % KHEAP_ALIGN != 0 || b->size > room)
        return 0;
    if (b->prev_size % KHEAP_ALIGN != 0 || b->prev_size > before ||
        (b->prev_size == 0) != (before == 0))
        return 0;
    return b->magic != KH_MAGIC_USED || b->req + HDR + KH_CANARY_SIZE <= b->size;
}

/* Ask grow for a chunk that can hold a block of `need` bytes. 0 or -ENOMEM. */
static int
add_chunk(uint32_t need)
{
    size_t bytes = ROUND_UP((size_t)CHDR + need + HDR, KH_PAGE);
    struct kh_chunk *c;
    struct kh_block *b, *end;

    if (bytes < KH_CHUNK_STD)
        bytes = KH_CHUNK_STD;
    c = kh_grow(bytes);
    if (c == NULL || ((uintptr_t)c % KHEAP_ALIGN) != 0)
        return -ENOMEM;
    c->magic = KH_MAGIC_CHUNK;
    c->size = (uint32_t)bytes;
    c->next = kh_chunks;
    kh_chunks = c;
    b = first_block(c);
    end = end_block(c);
    b->magic = KH_MAGIC_FREE;
    b->size = (uint32_t)((char *)end - (char *)b);
    b->req = 0;
    b->prev_size = 0;
    end->magic = KH_MAGIC_END;
    end->size = HDR;
    end->req = 0;
    end->prev_size = b->size;
    list_insert(b);
    kh_st.bytes_total += bytes;
    return 0;
}

/*
 * Unlink chunk c, whose only block b is free, and give it to kh_release.
 * The chunk's memory is not touched after release is called.
 */
static void
drop_chunk(struct kh_chunk *c, struct kh_block *b)
{
    struct kh_chunk **pp;
    size_t bytes = c->size;

    for (pp = &kh_chunks; *pp != c; pp = &(*pp)->next)
        ;
    *pp = c->next;
    list_remove(b);
    kh_st.bytes_total -= bytes;
    c->magic = KH_MAGIC_DEAD; // a stale copy of the chunk no longer passes for one
    b->magic = KH_MAGIC_DEAD;
    kh_release(c, bytes);
}

/*
 * Start (or restart) the heap with no memory: grow supplies chunks, release
 * (may be NULL: keep chunks) takes back chunks that become entirely free,
 * fault receives reports. Forgets every earlier chunk (host tests free them).
 * Context: boot, before any allocation.
 */
void
kheap_init(void *(*grow)(size_t bytes), void (*release)(void *chunk, size_t bytes),
           void (*fault)(const char *what, void *ptr))
{
    kh_grow = grow;
    kh_release = release;
    kh_fault = fault;
    kh_chunks = NULL;
    kh_free = NULL;
    kmemset(&kh_st, 0, sizeof(kh_st));
}

/*
 * Allocate n bytes aligned to KHEAP_ALIGN. Returns NULL if n is 0 or larger
 * than KHEAP_MAX_ALLOC, or if grow cannot supply memory. Contents undefined.
 */
void *
kheap_alloc(size_t n)
{
    uint32_t need;
    struct kh_block *b, *rest;

    if (n == 0 || n > KHEAP_MAX_ALLOC || kh_grow == NULL)
        return NULL;
    need = (uint32_t)ROUND_UP(HDR + n + KH_CANARY_SIZE, KHEAP_ALIGN);
    if (need < MIN_BLOCK)
        need = MIN_BLOCK;
    for (b = kh_free; b != NULL && b->size < need; b = links(b)->next)
        ;
    if (b == NULL) {
        if (add_chunk(need) < 0)
            return NULL;
        b = kh_free; // the new chunk's block, just inserted at the head
    }
    list_remove(b);
    if (b->size - need >= MIN_BLOCK) {
        rest = (struct kh_block *)((char *)b + need);
        rest->magic = KH_MAGIC_FREE;
        rest->size = b->size - need;
        rest->req = 0;
        rest->prev_size = need;
        next_block(rest)->prev_size = rest->size;
        b->size = need;
        list_insert(rest);
    }
    b->magic = KH_MAGIC_USED;
    b->req = (uint32_t)n;
    canary_set(b);
    kh_st.bytes_in_use += n;
    kh_st.blocks_in_use++;
    return payload(b);
}

/*
 * kheap_alloc, then zero the n bytes. Same returns.
 */
void *
kheap_zalloc(size_t n)
{
    void *p = kheap_alloc(n);

    if (p != NULL)
        kmemset(p, 0, n);
    return p;
}

/* The chunk whose block area could hold payload pointer p, or NULL. */
static struct kh_chunk *
chunk_of(const void *p)
{
    struct kh_chunk *c;
    uintptr_t a = (uintptr_t)p;

    for (c = kh_chunks; c != NULL; c = c->next) {
        if (a >= (uintptr_t)first_block(c) + HDR && a < (uintptr_t)end_block(c))
            return c;
    }
    return NULL;
}

/*
 * Free a block from kheap_alloc/kheap_zalloc; NULL is ignored. Reports through
 * the fault callback, and then leaves the heap untouched: "bad pointer" (p was
 * never returned by the heap), "double free" (already freed, also after it was
 * merged into a neighbour), "overrun" (the canary after the caller's bytes, or
 * the next block's header, was overwritten), "corrupt heap" (damaged header).
 * If the chunk is then entirely free it goes back through the release
 * callback; a later free of a pointer into it reads as "bad pointer".
 */
void
kheap_free(void *p)
{
    struct kh_chunk *c;
    struct kh_block *b, *next, *prev;

    if (p == NULL)
        return;
    c = chunk_of(p);
    if (c == NULL || (uintptr_t)p % KHEAP_ALIGN != 0) {
        report("bad pointer", p);
        return;
    }
    b = (struct kh_block *)p - 1;
    if (b->magic == KH_MAGIC_FREE || b->magic == KH_MAGIC_DEAD) {
        report("double free", p);
        return;
    }
    if (b->magic != KH_MAGIC_USED) {
        report("bad pointer", p);
        return;
    }
    if (!block_sane(c, b)) {
        report("corrupt heap", p);
        return;
    }
    next = next_block(b);
    if (!canary_ok(b) || next->prev_size != b->size ||
        (next->magic != KH_MAGIC_USED && next->magic != KH_MAGIC_FREE &&
         next->magic != KH_MAGIC_END)) {
        report("overrun", p);
        return;
    }

    kh_st.bytes_in_use -= b->req;
    kh_st.blocks_in_use--;
    b->magic = KH_MAGIC_FREE;
    b->req = 0;
    if (next->magic == KH_MAGIC_FREE) {
        list_remove(next);
        b->size += next->size;
        next->magic = KH_MAGIC_DEAD;
    }
    prev = b->prev_size != 0 ? (struct kh_block *)((char *)b - b->prev_size) : NULL;
    if (prev != NULL && prev->magic == KH_MAGIC_FREE) {
        prev->size += b->size;
        b->magic = KH_MAGIC_DEAD;
        b = prev; // already on the list
    } else {
        list_insert(b);
    }
    next_block(b)->prev_size = b->size;
    if (kh_release != NULL && b->prev_size == 0 && next_block(b) == end_block(c))
        drop_chunk(c, b);
}

/* Walk one chunk; counts its free blocks and used bytes. 0 or -EINVAL (reported). */
static int
check_chunk(struct kh_chunk *c, size_t *nfree, size_t *used_bytes, size_t *used_blocks)
{
    struct kh_block *b = first_block(c), *end = end_block(c);
    uint32_t prev_size = 0;
    int prev_free = 0;

    while (b != end) {
        if ((char *)b > (char *)end || b->prev_size != prev_size ||
            (b->magic != KH_MAGIC_USED && b->magic != KH_MAGIC_FREE) || !block_sane(c, b) ||
            (b->magic == KH_MAGIC_FREE && prev_free)) {
            report("corrupt heap", payload(b));
            return -EINVAL;
        }
        if (b->magic == KH_MAGIC_USED) {
            if (!canary_ok(b)) {
                report("overrun", payload(b));
                return -EINVAL;
            }
            *used_bytes += b->req;
            (*used_blocks)++;
        } else {
            (*nfree)++;
        }
        prev_free = b->magic == KH_MAGIC_FREE;
        prev_size = b->size;
        b = next_block(b);
    }
    if (end->magic != KH_MAGIC_END || end->prev_size != prev_size) {
        report("corrupt heap", end);
        return -EINVAL;
    }
    return 0;
}

/*
 * Verify the whole heap: every chunk's block chain (magics, sizes, prev
 * links, canaries, no adjacent free blocks), the free list (exactly the free
 * blocks, consistent links) and the in-use totals. Returns 0, or -EINVAL
 * after reporting the first problem through the fault callback ("overrun" for
 * a broken canary, "corrupt heap" otherwise).
 */
int
kheap_check(void)
{
    struct kh_chunk *c;
    struct kh_block *b, *prev = NULL;
    size_t nfree = 0, listed = 0, used_bytes = 0, used_blocks = 0;

    for (c = kh_chunks; c != NULL; c = c->next) {
        if (c->magic != KH_MAGIC_CHUNK) {
            report("corrupt heap", c);
            return -EINVAL;
        }
        if (check_chunk(c, &nfree, &used_bytes, &used_blocks) < 0)
            return -EINVAL;
    }
    for (b = kh_free; b != NULL; prev = b, b = links(b)->next) {
        if (++listed > nfree || chunk_of(payload(b)) == NULL || b->magic != KH_MAGIC_FREE ||
            links(b)->prev != prev) {
            report("corrupt heap", payload(b));
            return -EINVAL;
        }
    }
    if (listed != nfree || used_bytes != kh_st.bytes_in_use || used_blocks != kh_st.blocks_in_use) {
        report("corrupt heap", NULL);
        return -EINVAL;
    }
    return 0;
}

/*
 * Fill *out with the heap's counters; free_blocks and largest_free come from
 * a walk of the free list.
 */
void
kheap_stats(struct kheap_stats *out)
{
    struct kh_block *b;
    uint32_t big = 0;

    // Field by field: a struct copy may become a memcpy call in a freestanding build.
    out->bytes_in_use = kh_st.bytes_in_use;
    out->blocks_in_use = kh_st.blocks_in_use;
    out->bytes_total = kh_st.bytes_total;
    out->free_blocks = 0;
    for (b = kh_free; b != NULL; b = links(b)->next) {
        out->free_blocks++;
        if (b->size > big)
            big = b->size;
    }
    out->largest_free = big ? big - HDR - KH_CANARY_SIZE : 0;
}
