/*
 * The kernel's own symbol table, for symbolic backtraces.
 *
 * GRUB hands over the ELF section headers of the kernel and copies its
 * .symtab and .strtab into memory (boot_info.symtab/strtab, reserved from
 * the frame pool). A lookup scans for the function or label with the highest
 * address not above the one asked for: linear, but it only runs on a panic.
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/bootinfo.h"
#include "kernel/ksyms.h"

struct elf32_sym {
    uint32_t name, value, size;
    uint8_t info, other;
    uint16_t shndx;
};

#define STT_NOTYPE 0
#define STT_FUNC 2
#define ELF_ST_TYPE(i) ((i) & 0xf)

/* Find the symbol covering addr; returns its name and sets *offset, or NULL. */
const char *
ksyms_lookup(uint32_t addr, uint32_t *offset)
{
    const struct elf32_sym *syms, *best = NULL;
    const char *strs;
    uint32_t n;

    if (!boot_info.symtab || boot_info.symtab >= DIRECT_MAP_MAX)
        return NULL;
    syms = phys_to_virt(boot_info.symtab);
    strs = phys_to_virt(boot_info.strtab);
    n = boot_info.symtab_size / sizeof(*syms);
    for (uint32_t i = 1; i < n; i++) {
        const struct elf32_sym *s = &syms[i];
        int type = ELF_ST_TYPE(s->info);
        if ((type != STT_FUNC && type != STT_NOTYPE) || s->shndx == 0 || s->value > addr ||
            s->name >= boot_info.strtab_size || strs[s->name] == '\0' || strs[s->name] == '.')
            continue;
        if (!best || s->value > best->value)
            best = s;
    }
    if (!best || addr - best->value > 0x10000) // too far: not really inside it
        return NULL;
    *offset = addr - best->value;
    return strs + best->name;
}
