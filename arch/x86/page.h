/* The page, and whole pages zeroed and copied with the string instructions
 * (arch/x86/page.c). Included through arch/x86/arch.h by generic code,
 * directly by arch/x86/ files. */
#ifndef ARCH_X86_PAGE_H
#define ARCH_X86_PAGE_H

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12

void arch_page_zero(void *page);
void arch_page_copy(void *dst, const void *src);

#endif
