/*
 * What the boot loader told us, in a loader-neutral form: memory ranges,
 * the command line, boot modules and the kernel's own symbol table. Filled
 * once by arch code (arch/x86/multiboot2.c) before anything else runs; read
 * by memory setup, the symboliser and the boot image reader.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/types.h"

#define BOOT_MAX_RANGES 32
#define BOOT_MAX_MODULES 8
#define BOOT_CMDLINE_MAX 256

struct boot_range {
    uint64_t start, end; /* [start, end) */
};

struct boot_module {
    paddr_t start, end;
    char name[64]; /* the module's command line in grub.cfg */
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];
    bool cmdline_cut;                        /* the loader's was longer: cut here */
    struct boot_range ram[BOOT_MAX_RANGES]; /* usable RAM */
    unsigned nram;
    struct boot_module modules[BOOT_MAX_MODULES];
    unsigned nmodules;
    paddr_t info_start, info_end;            /* the loader's own structure */
    paddr_t symtab, symtab_size;             /* ELF32 symbols, 0 if absent */
    paddr_t strtab, strtab_size;
};

extern struct boot_info boot_info;

/* Parse the loader's information; returns 0, or -EINVAL when it is not ours. */
int bootinfo_parse(uint32_t magic, paddr_t info);

/* Return the value of "key=value" on the command line into buf, or NULL if absent;
 * a bare "key" yields "". */
const char *bootinfo_option(const char *key, char *buf, unsigned size);

#endif
