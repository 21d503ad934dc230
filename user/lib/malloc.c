/*
 * user/lib/malloc.c - malloc, free, calloc, realloc over sbrk.
 *
 * Model: the heap is a set of blocks, each a header (16 bytes on i686)
 * followed by its payload, so every payload is 16-byte aligned. Free blocks sit on one list
 * in address order; malloc takes the first that fits (splitting off the tail
 * when the rest is worth keeping), free puts a block back and merges it with
 * the neighbours it touches, so free space never stays fragmented at a seam.
 * When nothing fits, the heap grows by sbrk in HEAP_CHUNK steps (the new
 * space merges with the last free block when the break was contiguous).
 * Invariants: headers carry MAGIC_USED or MAGIC_FREE; a block's size is a
 * multiple of 16 and includes its header; free blocks never touch each other.
 * free() of a pointer whose header says MAGIC_FREE is a double free, any
 * other unknown header is an invalid pointer: both print a line and abort.
 * Entry points: malloc, free, calloc, realloc.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALIGN 16
#define HEAP_CHUNK (64 * 1024) // smallest sbrk step
#define MIN_SPLIT (sizeof(struct block) + ALIGN) // smallest remainder worth a block
#define MAGIC_USED 0x75736564u // "used"
#define MAGIC_FREE 0x66726565u // "free"

struct block {
    _Alignas(ALIGN) size_t size; // bytes, header included; multiple of ALIGN
    uint32_t magic;              // MAGIC_USED or MAGIC_FREE
    struct block *next;          // next free block by address (free blocks only)
};

_Static_assert(sizeof(struct block) % ALIGN == 0, "header keeps payloads aligned");

static struct block *free_list; // address order, NULL-terminated

static struct block *
header_of(void *p)
{
    return (struct block *)((char *)p - sizeof(struct block));
}

static void
check_used(struct block *b, const char *who, void *p)
{
    if (((uintptr_t)p & (ALIGN - 1)) == 0 && b->magic == MAGIC_USED)
        return;
    fprintf(stderr, "%s: %s %p\n", who, b->magic == MAGIC_FREE ? "double free of" : "invalid pointer",
            p);
    abort();
}

/* Put free block b on the list, merged with the free blocks it touches. */
static void
release(struct block *b)
{
    struct block *prev = NULL, *next = free_list;

    b->magic = MAGIC_FREE;
    while (next && next < b) {
        prev = next;
        next = next->next;
    }
    if (next && (char *)b + b->size == (char *)next) {
        b->size += next->size;
        b->next = next->next;
    } else {
        b->next = next;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    } else if (prev) {
        prev->next = b;
    } else {
        free_list = b;
    }
}

/* Grow the heap by at least need bytes as a free block. 0, or -1 (ENOMEM). */
static int
grow(size_t need)
{
    if (need > (size_t)INT32_MAX / 2) // sbrk takes an int; keep the rounding in range
        return -1;

    size_t bytes = need < HEAP_CHUNK ? HEAP_CHUNK : (need + 4095) & ~(size_t)4095;
    char *cur = sbrk(0);

    if (cur == (void *)-1)
        return -1;

    size_t adj = (ALIGN - ((uintptr_t)cur & (ALIGN - 1))) & (ALIGN - 1);
    char *got = sbrk((int)(bytes + adj));

    if (got == (void *)-1)
        return -1;

    struct block *b = (struct block *)(got + adj);

    b->size = bytes;
    release(b);
    return 0;
}

/* Split b (in use) to need bytes when the rest is worth a block; free the rest. */
static void
trim(struct block *b, size_t need)
{
    if (b->size - need < MIN_SPLIT)
        return;

    struct block *rest = (struct block *)((char *)b + need);

    rest->size = b->size - need;
    b->size = need;
    release(rest);
}

/* Block size (header included) for a request of n bytes; 0 if too large. */
static size_t
block_size(size_t n)
{
    if (n > SIZE_MAX - sizeof(struct block) - ALIGN)
        return 0;
    if (n == 0)
        n = 1;
    return ((n + ALIGN - 1) & ~(size_t)(ALIGN - 1)) + sizeof(struct block);
}

/*
 * Allocate n bytes, 16-byte aligned. Returns the memory (not cleared), or
 * NULL with errno = ENOMEM. malloc(0) returns a unique pointer.
 */
void *
malloc(size_t n)
{
    size_t need = block_size(n);

    if (need == 0) {
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        struct block *prev = NULL;

        for (struct block *b = free_list; b; prev = b, b = b->next) {
            if (b->size < need)
                continue;
            if (b->size - need >= MIN_SPLIT) { // hand out the tail, keep the front listed
                b->size -= need;
                b = (struct block *)((char *)b + b->size);
                b->size = need;
            } else if (prev) {
                prev->next = b->next;
            } else {
                free_list = b->next;
            }
            b->magic = MAGIC_USED;
            b->next = NULL;
            return b + 1;
        }
        if (grow(need) < 0) {
            errno = ENOMEM;
            return NULL;
        }
    }
}

/* Give back memory from malloc, calloc or realloc; NULL does nothing. A
 * double free or a foreign pointer aborts the process. */
void
free(void *p)
{
    if (!p)
        return;

    struct block *b = header_of(p);

    check_used(b, "free", p);
    release(b);
}

/* Allocate n * size zeroed bytes; NULL with errno = ENOMEM on overflow or
 * when out of memory. */
void *
calloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    p = malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

/*
 * Resize p's allocation to n bytes, keeping the first min(old, n) bytes:
 * in place when it fits or a free block follows, else by moving. realloc(NULL,
 * n) is malloc(n); realloc(p, 0) frees p and returns NULL. On failure returns
 * NULL (errno = ENOMEM) and p stays valid.
 */
void *
realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }

    struct block *b = header_of(p);
    size_t need = block_size(n);

    check_used(b, "realloc", p);
    if (need == 0) {
        errno = ENOMEM;
        return NULL;
    }
    if (b->size >= need) {
        trim(b, need);
        return p;
    }

    struct block *prev = NULL, *next = free_list;

    while (next && next < b) {
        prev = next;
        next = next->next;
    }
    if (next && (char *)b + b->size == (char *)next && b->size + next->size >= need) {
        if (prev)
            prev->next = next->next;
        else
            free_list = next->next;
        b->size += next->size;
        trim(b, need);
        return p;
    }

    void *q = malloc(n);

    if (q) {
        memcpy(q, p, b->size - sizeof(struct block));
        free(p);
    }
    return q;
}
