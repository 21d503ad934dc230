/*
 * Reads the multiboot2 boot information (Multiboot2 spec, 3.6) into
 * boot_info: the command line, the memory map (type 1 = usable RAM), the
 * modules and the ELF section headers, from which it keeps the symbol and
 * string tables (GRUB copies non-allocated sections into memory and writes
 * their physical address into sh_addr). Runs under the boot page tables,
 * which map the first 16 MiB, where GRUB puts all of this on a PC.
 */
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/bootinfo.h"
#include "kernel/string.h"

#define MB2_BOOT_MAGIC 0x36d76289
#define TAG_END 0
#define TAG_CMDLINE 1
#define TAG_MODULE 3
#define TAG_MMAP 6
#define TAG_ELF_SECTIONS 9
#define MMAP_AVAILABLE 1
#define SHT_SYMTAB 2

struct mb2_tag {
    uint32_t type, size;
};

struct mb2_mmap_entry {
    uint64_t addr, len;
    uint32_t type, reserved;
};

/* GRUB's layout of tag 9 (its header uses 32-bit fields, not the spec's 16-bit ones) */
struct mb2_elf_sections {
    uint32_t type, size, num, entsize, shndx;
};

struct elf32_shdr {
    uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};

struct boot_info boot_info;

/* GRUB rebuilds the command line from its parsed words and escapes " and \
 * with a backslash on the way; undo that so the kernel sees what was typed. */
static void
copy_cmdline(const char *from)
{
    unsigned n = 0;

    for (; *from && n + 1 < sizeof(boot_info.cmdline); from++) {
        if (from[0] == '\\' && (from[1] == '"' || from[1] == '\\'))
            from++;
        boot_info.cmdline[n++] = *from;
    }
    boot_info.cmdline[n] = '\0';
    boot_info.cmdline_cut = *from != '\0';
}

static void
read_mmap(const struct mb2_tag *tag)
{
    const uint32_t *hdr = (const uint32_t *)(tag + 1); // entry_size, entry_version
    uint32_t entsize = hdr[0];
    const uint8_t *p = (const uint8_t *)(hdr + 2);
    const uint8_t *end = (const uint8_t *)tag + tag->size;

    for (; p + entsize <= end && boot_info.nram < BOOT_MAX_RANGES; p += entsize) {
        const struct mb2_mmap_entry *e = (const void *)p;
        if (e->type != MMAP_AVAILABLE || e->len == 0)
            continue;
        boot_info.ram[boot_info.nram].start = e->addr;
        boot_info.ram[boot_info.nram].end = e->addr + e->len;
        boot_info.nram++;
    }
}

static void
read_module(const struct mb2_tag *tag)
{
    const uint32_t *m = (const uint32_t *)(tag + 1); // mod_start, mod_end, string
    struct boot_module *bm;

    if (boot_info.nmodules >= BOOT_MAX_MODULES)
        return;
    bm = &boot_info.modules[boot_info.nmodules++];
    bm->start = m[0];
    bm->end = m[1];
    kstrlcpy(bm->name, (const char *)(m + 2), sizeof(bm->name));
}

static void
read_elf_sections(const struct mb2_tag *tag)
{
    const struct mb2_elf_sections *es = (const void *)tag;
    const uint8_t *base = (const uint8_t *)(es + 1);

    if (es->entsize != sizeof(struct elf32_shdr))
        return;
    for (uint32_t i = 0; i < es->num; i++) {
        const struct elf32_shdr *sh = (const void *)(base + i * es->entsize);
        if (sh->type != SHT_SYMTAB || sh->link >= es->num)
            continue;
        const struct elf32_shdr *str = (const void *)(base + sh->link * es->entsize);
        boot_info.symtab = sh->addr;
        boot_info.symtab_size = sh->size;
        boot_info.strtab = str->addr;
        boot_info.strtab_size = str->size;
    }
}

/* Parse the multiboot2 information at physical address info. Returns 0, or
 * -EINVAL if magic says another loader started us. */
int
bootinfo_parse(uint32_t magic, paddr_t info)
{
    const uint8_t *base = phys_to_virt(info);
    uint32_t total = *(const uint32_t *)base;
    const uint8_t *p = base + 8;

    if (magic != MB2_BOOT_MAGIC)
        return -EINVAL;
    boot_info.info_start = info;
    boot_info.info_end = info + total;
    while (p < base + total) {
        const struct mb2_tag *tag = (const void *)p;
        if (tag->type == TAG_END)
            break;
        switch (tag->type) {
        case TAG_CMDLINE:
            copy_cmdline((const char *)(tag + 1));
            break;
        case TAG_MMAP:
            read_mmap(tag);
            break;
        case TAG_MODULE:
            read_module(tag);
            break;
        case TAG_ELF_SECTIONS:
            read_elf_sections(tag);
            break;
        }
        p += (tag->size + 7) & ~7u; // tags are 8-byte aligned
    }
    return 0;
}
