/*
 * tests/host/fake_array.c - kzgrow and kzfree (mm/mem.h) for host tests of
 * the mm/ code that grows arrays, built on the test's own kzalloc and kfree
 * (so its failure injection and accounting apply).
 */
#include <stddef.h>
#include <string.h>

#include "mm/mem.h"

void *
kzgrow(void *old, size_t old_bytes, size_t new_bytes)
{
    char *bigger = kzalloc(new_bytes);

    if (!bigger)
        return NULL;
    if (old)
        memcpy(bigger, old, old_bytes < new_bytes ? old_bytes : new_bytes);
    kfree(old);
    return bigger;
}

void
kzfree(void *p, size_t bytes)
{
    (void)bytes;
    kfree(p);
}
