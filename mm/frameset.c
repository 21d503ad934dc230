/*
 * mm/frameset.c - ordered sets of frames with rollback (see frameset.h).
 *
 * Model: frames[0..n) are the set's frames in order (page i of a region or a
 * container); the array has room for cap and doubles when it must grow. New
 * frames are zero-filled. Every frame is charged to a payer's quota
 * (kernel/quota.c) while the set holds it; the caller names the payer.
 * A lazy set (a program's data or stack, mm/vregion.c) may also hold holes:
 * frames[i] == 0 is a page with no frame yet, charged to nobody, until
 * frameset_fill gives it one (physical page 0 is never handed out).
 *
 * Invariants: n <= cap; frames[i] for i < n are distinct frames this set
 * owns, or 0; owned counts the nonzero ones, and the payer is charged for
 * exactly those; a failed call changes neither the set nor any quota.
 *
 * Entry points: frameset_grow, frameset_add_holes, frameset_prepend_holes,
 * frameset_fill,
 * frameset_owned, frameset_shrink, frameset_free, frameset_clone,
 * frameset_adopt, frameset_drop, frameset_repay.
 */
#include "mm/frameset.h"

#include "kernel/abi/errno.h"
#include "kernel/quota.h"
#include "mm/mem.h"

#define FIRST_CAP 4

/* Make room for want frames (the array only; no frame is taken). */
static int
reserve(struct frameset *fs, uint32_t want)
{
    paddr_t *bigger;
    uint32_t cap = fs->cap ? fs->cap : FIRST_CAP;

    if (want <= fs->cap)
        return 0;
    while (cap < want)
        cap *= 2;
    if (!(bigger = kzgrow(fs->frames, fs->cap * sizeof(paddr_t), cap * sizeof(paddr_t))))
        return -ENOMEM;
    fs->frames = bigger;
    fs->cap = cap;
    return 0;
}

/* Add count zero-filled frames at the end, charged to payer. Returns 0 or
 * -ENOMEM (out of frames or heap, or past payer's quota); no frame and no
 * charge changes then (the array may have grown: frameset_free frees it). */
int
frameset_grow(struct frameset *fs, uint32_t count, uint16_t payer)
{
    int err;

    if (count > UINT32_MAX / sizeof(paddr_t) - fs->n)
        return -ENOMEM;
    if ((err = quota_charge(payer, QUOTA_FRAMES, count)) < 0)
        return err;
    if ((err = reserve(fs, fs->n + count)) < 0)
        goto fail_quota;
    for (uint32_t i = 0; i < count; i++) {
        if (frame_alloc_zeroed(&fs->frames[fs->n + i]) < 0) {
            while (i--)
                frame_free(fs->frames[fs->n + i]);
            err = -ENOMEM;
            goto fail_quota;
        }
    }
    fs->n += count;
    fs->owned += count;
    return 0;

fail_quota:
    quota_refund(payer, QUOTA_FRAMES, count);
    return err;
}

/* Add count holes (pages without a frame, charged to nobody) at the end.
 * Returns 0 or -ENOMEM (no heap for the array); the set is unchanged then. */
int
frameset_add_holes(struct frameset *fs, uint32_t count)
{
    if (count > UINT32_MAX / sizeof(paddr_t) - fs->n || reserve(fs, fs->n + count) < 0)
        return -ENOMEM;
    for (uint32_t i = 0; i < count; i++)
        fs->frames[fs->n + i] = 0;
    fs->n += count;
    return 0;
}

/* Put count holes in front of the n entries (a stack growing down): entry
 * i becomes entry i + count. Returns 0 or -ENOMEM (then nothing changed). */
int
frameset_prepend_holes(struct frameset *fs, uint32_t count)
{
    if (count > UINT32_MAX / sizeof(paddr_t) - fs->n || reserve(fs, fs->n + count) < 0)
        return -ENOMEM;
    for (uint32_t i = fs->n; i-- > 0;) // from the top: the ranges overlap
        fs->frames[i + count] = fs->frames[i];
    for (uint32_t i = 0; i < count; i++)
        fs->frames[i] = 0;
    fs->n += count;
    return 0;
}

/* Give hole i a frame, charged to payer: zero-filled, or a copy of the page
 * at physical address from if from is not 0. Returns 0 or -ENOMEM (out of
 * frames or past payer's quota; the hole stays). */
int
frameset_fill(struct frameset *fs, uint32_t i, paddr_t from, uint16_t payer)
{
    int err;

    if ((err = quota_charge(payer, QUOTA_FRAMES, 1)) < 0)
        return err;
    if ((from ? frame_alloc(&fs->frames[i]) : frame_alloc_zeroed(&fs->frames[i])) < 0) {
        fs->frames[i] = 0;
        quota_refund(payer, QUOTA_FRAMES, 1);
        return -ENOMEM;
    }
    if (from)
        frame_copy(fs->frames[i], from);
    fs->owned++;
    return 0;
}

/* How many of the set's pages have a frame (what its payer is charged). */
uint32_t
frameset_owned(const struct frameset *fs)
{
    return fs->owned;
}

/* Free the last count pages (all if fewer) and their frames, refunding payer.
 * The caller has unmapped them. */
void
frameset_shrink(struct frameset *fs, uint32_t count, uint16_t payer)
{
    uint32_t freed = 0;

    if (count > fs->n)
        count = fs->n;
    for (uint32_t i = 0; i < count; i++) {
        paddr_t frame = fs->frames[--fs->n];
        if (frame) {
            frame_free(frame);
            freed++;
        }
    }
    fs->owned -= freed;
    quota_refund(payer, QUOTA_FRAMES, freed);
}

/* Free every frame and the array, refunding payer; the set is empty after. */
void
frameset_free(struct frameset *fs, uint16_t payer)
{
    frameset_shrink(fs, fs->n, payer);
    kzfree(fs->frames, fs->cap * sizeof(paddr_t));
    fs->frames = NULL;
    fs->cap = 0;
}

/* Fill the empty set dst with copies of src's frames, charged to nobody (a
 * transient copy that replaces src: the caller frees src's frames next).
 * Returns 0 or -ENOMEM; dst stays empty on failure. */
int
frameset_clone(struct frameset *dst, const struct frameset *src)
{
    uint32_t i;

    if (reserve(dst, src->n) < 0)
        return -ENOMEM;
    for (i = 0; i < src->n; i++) {
        if (frame_alloc(&dst->frames[i]) < 0)
            goto fail;
        frame_copy(dst->frames[i], src->frames[i]);
    }
    dst->n = dst->owned = src->n;
    return 0;

fail:
    dst->n = dst->owned = i;
    frameset_drop(dst);
    return -ENOMEM;
}

/* Free an uncharged clone that was not adopted. */
void
frameset_drop(struct frameset *clone)
{
    for (uint32_t i = 0; i < clone->n; i++)
        frame_free(clone->frames[i]);
    kzfree(clone->frames, clone->cap * sizeof(paddr_t));
    *clone = (struct frameset){0};
}

/* Replace fs's frames by those of clone (a frameset_clone of fs, so just as
 * many: whoever pays for fs pays the same); fs's old frames are freed and
 * clone is left empty. */
void
frameset_adopt(struct frameset *fs, struct frameset *clone)
{
    struct frameset old = *fs;

    *fs = *clone;
    *clone = (struct frameset){0};
    frameset_drop(&old);
}

/* The set's frames are paid by `to` from now on (even past its limit), no
 * longer by `from`. */
void
frameset_repay(const struct frameset *fs, uint16_t from, uint16_t to)
{
    uint32_t owned = frameset_owned(fs);

    quota_refund(from, QUOTA_FRAMES, owned);
    quota_charge_over(to, QUOTA_FRAMES, owned);
}
