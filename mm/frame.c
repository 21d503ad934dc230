/*
 * mm/frame.c - physical frame allocator over a bitmap (pure logic).
 *
 * Model: one bit per 4 KiB frame, 1 = used, 0 = free. A pool starts with every
 * frame used; boot code releases the usable RAM ranges from the memory map and
 * then reserves what is taken (kernel image, boot modules, the bitmap itself).
 * Single frames are handed out next-fit from a moving hint, skipping whole used
 * words; contiguous runs (DMA buffers, page-directory pairs) first-fit.
 *
 * Invariants:
 *  - frame 0 is never free (release skips it), so 0 is never handed out and
 *    can mean "no frame";
 *  - nfree equals the number of 0 bits among frames 0 .. nframes-1;
 *  - bits of the padding past nframes in the last word stay 1 (used);
 *  - 1 <= hint < nframes whenever nframes > 1.
 *
 * Entry points: frame_pool_init, frame_pool_release_range,
 * frame_pool_reserve_range, frame_pool_alloc, frame_pool_alloc_contig,
 * frame_pool_free, frame_pool_is_free, frame_pool_nfree, frame_pool_bitmap_bytes.
 */
#include "mm/frame.h"

#include "kernel/abi/errno.h"

#define WORD_BITS 32
#define WORD_FULL 0xffffffffu

static bool
bit_used(const struct frame_pool *fp, uint32_t f)
{
    return (fp->bits[f / WORD_BITS] >> (f % WORD_BITS)) & 1u;
}

static void
set_used(struct frame_pool *fp, uint32_t f)
{
    if (!bit_used(fp, f)) {
        fp->bits[f / WORD_BITS] |= 1u << (f % WORD_BITS);
        fp->nfree--;
    }
}

static void
set_free(struct frame_pool *fp, uint32_t f)
{
    if (bit_used(fp, f)) {
        fp->bits[f / WORD_BITS] &= ~(1u << (f % WORD_BITS));
        fp->nfree++;
    }
}

/* First free frame in [from, to), or `to` if none; skips full words. */
static uint32_t
find_free(const struct frame_pool *fp, uint32_t from, uint32_t to)
{
    uint32_t f = from;

    while (f < to) {
        if (f % WORD_BITS == 0 && fp->bits[f / WORD_BITS] == WORD_FULL) {
            f += WORD_BITS;
            continue;
        }
        if (!bit_used(fp, f))
            return f;
        f++;
    }
    return to;
}

/*
 * Bytes of bitmap needed for nframes frames (whole 32-bit words).
 */
size_t
frame_pool_bitmap_bytes(uint32_t nframes)
{
    return ((size_t)nframes + WORD_BITS - 1) / WORD_BITS * sizeof(uint32_t);
}

/*
 * Set up fp over nframes frames with its bitmap at bits
 * (frame_pool_bitmap_bytes(nframes) bytes); every frame starts used.
 * nframes is clamped to FRAME_MAX_FRAMES. Context: boot.
 */
void
frame_pool_init(struct frame_pool *fp, uint32_t *bits, uint32_t nframes)
{
    size_t w, words;

    if (nframes > FRAME_MAX_FRAMES)
        nframes = FRAME_MAX_FRAMES;
    words = frame_pool_bitmap_bytes(nframes) / sizeof(uint32_t);
    for (w = 0; w < words; w++)
        bits[w] = WORD_FULL;
    fp->bits = bits;
    fp->nframes = nframes;
    fp->nfree = 0;
    fp->hint = 1;
}

/*
 * Mark the whole frames inside [start, end) free: start is rounded up and end
 * down to a frame boundary. Frames at or beyond nframes, and frame 0, are left
 * alone. Freeing an already free frame is harmless here. Context: boot.
 */
void
frame_pool_release_range(struct frame_pool *fp, paddr_t start, paddr_t end)
{
    // 64-bit so rounding start up near 4 GiB cannot wrap.
    uint64_t first = ((uint64_t)start + FRAME_SIZE - 1) >> FRAME_SHIFT;
    uint64_t last = (uint64_t)end >> FRAME_SHIFT;
    uint64_t f;

    if (first == 0)
        first = 1;
    if (last > fp->nframes)
        last = fp->nframes;
    for (f = first; f < last; f++)
        set_free(fp, (uint32_t)f);
}

/*
 * Mark every frame touching [start, end) used: start is rounded down and end
 * up. Frames beyond nframes are ignored; already used frames stay used.
 * Context: boot (or a driver claiming fixed memory).
 */
void
frame_pool_reserve_range(struct frame_pool *fp, paddr_t start, paddr_t end)
{
    uint64_t first = (uint64_t)start >> FRAME_SHIFT;
    uint64_t last = ((uint64_t)end + FRAME_SIZE - 1) >> FRAME_SHIFT;
    uint64_t f;

    if (last > fp->nframes)
        last = fp->nframes;
    for (f = first; f < last; f++)
        set_used(fp, (uint32_t)f);
}

/*
 * Allocate one frame, searching next-fit from the hint and wrapping once.
 * Stores its physical address in *out and returns 0, or -ENOMEM if no frame is
 * free. The frame's contents are not cleared. Never returns frame 0.
 */
int
frame_pool_alloc(struct frame_pool *fp, paddr_t *out)
{
    uint32_t f;

    if (fp->nfree == 0)
        return -ENOMEM;
    f = find_free(fp, fp->hint, fp->nframes);
    if (f == fp->nframes)
        f = find_free(fp, 1, fp->hint);
    if (f >= fp->nframes || f == 0)
        return -ENOMEM; // nfree disagrees with the bitmap: cannot happen
    set_used(fp, f);
    fp->hint = f + 1 < fp->nframes ? f + 1 : 1;
    *out = (paddr_t)f << FRAME_SHIFT;
    return 0;
}

/*
 * Allocate `count` physically contiguous frames (lowest run that fits).
 * Stores the first frame's address in *out and returns 0, -EINVAL if count is
 * 0, or -ENOMEM if no run of that length is free.
 */
int
frame_pool_alloc_contig(struct frame_pool *fp, uint32_t count, paddr_t *out)
{
    uint32_t f, run_start, i;

    if (count == 0)
        return -EINVAL;
    if (count > fp->nfree)
        return -ENOMEM;
    f = 1;
    while ((f = find_free(fp, f, fp->nframes)) < fp->nframes) {
        run_start = f;
        while (f < fp->nframes && f - run_start < count && !bit_used(fp, f))
            f++;
        if (f - run_start == count) {
            for (i = run_start; i < f; i++)
                set_used(fp, i);
            *out = (paddr_t)run_start << FRAME_SHIFT;
            return 0;
        }
    }
    return -ENOMEM;
}

/*
 * Return the frame at pa to the pool. Returns 0, or -EINVAL if pa is not
 * frame-aligned, is frame 0, lies beyond the pool, or is already free (a
 * double free; the kernel panics on any error here).
 */
int
frame_pool_free(struct frame_pool *fp, paddr_t pa)
{
    uint32_t f = pa >> FRAME_SHIFT;

    if ((pa & (FRAME_SIZE - 1)) != 0 || f == 0 || f >= fp->nframes || !bit_used(fp, f))
        return -EINVAL;
    set_free(fp, f);
    return 0;
}

/*
 * True if the frame containing pa is inside the pool and free.
 */
bool
frame_pool_is_free(const struct frame_pool *fp, paddr_t pa)
{
    uint32_t f = pa >> FRAME_SHIFT;

    return f < fp->nframes && !bit_used(fp, f);
}

/*
 * Number of free frames.
 */
uint32_t
frame_pool_nfree(const struct frame_pool *fp)
{
    return fp->nfree;
}
