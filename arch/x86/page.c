/*
 * Whole-page zeroing and copying with the string instructions (rep stosl /
 * rep movsl), which the CPU (and QEMU's TCG) runs far faster than a loop of
 * single stores. Public: arch_page_zero, arch_page_copy.
 */
#include <stdint.h>

#include "arch/x86/page.h"

#define PAGE_WORDS (PAGE_SIZE / 4)

/* Fill the page at page (page aligned, mapped) with zeroes. */
void
arch_page_zero(void *page)
{
    uint32_t count = PAGE_WORDS;

    __asm__ volatile("cld; rep stosl" : "+D"(page), "+c"(count) : "a"(0) : "memory");
}

/* Copy the page at src to dst (both page aligned, mapped, not overlapping). */
void
arch_page_copy(void *dst, const void *src)
{
    uint32_t count = PAGE_WORDS;

    __asm__ volatile("cld; rep movsl" : "+D"(dst), "+S"(src), "+c"(count) : : "memory");
}
