/*
 * The program loader: static-PIE ELF32 (ET_DYN, EM_386) from the boot image.
 *
 * Programs are linked at 0 and relocated to p->image_base, inside the
 * process's user area, which is unique across every space (DESIGN §3). Each PT_LOAD segment
 * becomes a virtual region (its pages, zero-filled, file bytes copied in)
 * attached as a virtual user space with the segment's protection: text is
 * not writable. The only relocation a static PIE needs is R_386_RELATIVE
 * (add the base); any other type refuses the program (-ENOEXEC).
 * Everything is written through the kernel's direct map of the new frames,
 * so loading never touches the creator's address space.
 * Public: loader_measure, loader_map, loader_stack.
 */
#include "proc/loader.h"
#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/string.h"
#include "mm/range.h"
#include "mm/vregion.h"
#include "mm/vuspace.h"
#include "proc/proc.h"

#define ELF_MAGIC 0x464c457fu
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define ET_DYN 3
#define EM_386 3
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PF_X 1
#define PF_W 2
#define DT_NULL 0
#define DT_REL 17
#define DT_RELSZ 18
#define DT_RELA 7
#define R_386_RELATIVE 8
#define MAX_SEGMENTS 4

struct elf_ehdr {
    uint32_t magic;
    uint8_t class, data, version, osabi, pad[8];
    uint16_t type, machine;
    uint32_t version2, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct elf_dyn {
    int32_t tag;
    uint32_t val;
};

struct elf_rel {
    uint32_t offset, info;
};

static const struct elf_phdr *
phdrs(const void *image)
{
    const struct elf_ehdr *eh = image;
    return (const struct elf_phdr *)((const uint8_t *)image + eh->phoff);
}

/* Check the image and compute the span of its segments (bytes from 0 to the
 * end of the last one). Returns 0 or -ENOEXEC. */
int
loader_measure(const void *image, size_t size, uint32_t *span)
{
    const struct elf_ehdr *eh = image;
    uint32_t end = 0;
    unsigned loads = 0;

    if (size < sizeof(*eh) || eh->magic != ELF_MAGIC || eh->class != ELFCLASS32 ||
        eh->data != ELFDATA2LSB || eh->type != ET_DYN || eh->machine != EM_386 ||
        eh->phentsize != sizeof(struct elf_phdr) || eh->phoff > size ||
        eh->phnum > (size - eh->phoff) / sizeof(struct elf_phdr))
        return -ENOEXEC;
    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf_phdr *ph = &phdrs(image)[i];
        if (ph->type != PT_LOAD)
            continue;
        if (ph->filesz > ph->memsz || ph->offset > size || ph->filesz > size - ph->offset ||
            ph->memsz > CONFIG_IMAGE_MAX || ph->vaddr > CONFIG_IMAGE_MAX ||
            ph->vaddr + ph->memsz < end || ++loads > MAX_SEGMENTS)
            return -ENOEXEC; // segments must ascend and not overlap
        end = ph->vaddr + ph->memsz;
    }
    if (!loads || eh->entry >= end)
        return -ENOEXEC;
    *span = ALIGN_UP(end, PAGE_SIZE);
    return 0;
}

static int
map_segment(struct proc *p, const uint8_t *image, const struct elf_phdr *ph)
{
    vaddr_t first = ALIGN_DOWN(ph->vaddr, PAGE_SIZE);
    uint32_t npages = (ALIGN_UP(ph->vaddr + ph->memsz, PAGE_SIZE) - first) / PAGE_SIZE;
    uint32_t prot =
        VUS_READ | ((ph->flags & PF_W) ? VUS_WRITE : 0) | ((ph->flags & PF_X) ? VUS_EXEC : 0);
    struct vregion *vr;
    struct vuspace *vus;
    int err;

    if ((err = vr_create("", p->res.owner, p->res.group, PROC_PART_MODE, npages, &vr)) < 0)
        return err;
    if ((err = vus_attach(&p->ua, vr, p->image_base + first, prot, "", p->res.owner, p->res.group,
                          PROC_PART_MODE, &vus)) < 0) {
        vr_destroy(vr);
        return err;
    }
    for (uint32_t done = 0; done < ph->filesz;) { // copy page by page through the direct map
        vaddr_t va = p->image_base + ph->vaddr + done;
        uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (chunk > ph->filesz - done)
            chunk = ph->filesz - done;
        kmemcpy(ua_kaddr(&p->ua, va), image + ph->offset + done, chunk);
        done += chunk;
    }
    return 0;
}

static int
relocate(struct proc *p, const uint8_t *image, size_t size, const struct elf_phdr *dyn)
{
    uint32_t rel = 0, relsz = 0;

    if (dyn->offset > size || dyn->filesz > size - dyn->offset)
        return -ENOEXEC;
    for (const struct elf_dyn *d = (const void *)(image + dyn->offset);
         (const uint8_t *)(d + 1) <= image + dyn->offset + dyn->filesz && d->tag != DT_NULL; d++) {
        if (d->tag == DT_REL)
            rel = d->val;
        else if (d->tag == DT_RELSZ)
            relsz = d->val;
        else if (d->tag == DT_RELA)
            return -ENOEXEC; // i386 static PIEs use REL; RELA would be a toolchain surprise
    }
    for (uint32_t off = 0; off + sizeof(struct elf_rel) <= relsz; off += sizeof(struct elf_rel)) {
        uint32_t *where;
        const struct elf_rel *r = ua_kaddr(&p->ua, p->image_base + rel + off);
        if (!r || (r->info & 0xff) != R_386_RELATIVE || (r->offset & 3) ||
            !(where = ua_kaddr(&p->ua, p->image_base + r->offset)))
            return -ENOEXEC;
        *where += p->image_base;
    }
    return 0;
}

/* Map every segment of a measured image into p's user area and relocate it.
 * Returns 0 with the entry address, or -ENOEXEC / -ENOMEM / a resource error
 * (the parts made so far stay in p's area: the caller's ua_destroy frees them). */
int
loader_map(struct proc *p, const void *image, size_t size, vaddr_t *entry)
{
    const struct elf_ehdr *eh = image;
    const struct elf_phdr *dyn = NULL;
    int err;

    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf_phdr *ph = &phdrs(image)[i];
        if (ph->type == PT_LOAD && (err = map_segment(p, image, ph)) < 0)
            return err;
        if (ph->type == PT_DYNAMIC)
            dyn = ph;
    }
    if (dyn && (err = relocate(p, image, size, dyn)) < 0)
        return err;
    *entry = p->image_base + eh->entry;
    return 0;
}

/* Make the user stack right below p's program image and lay out argc, argv[] and
 * the strings on it (the entry ABI crt0 expects). Returns 0 with the initial
 * stack pointer, -E2BIG if the arguments do not fit, or -ENOMEM. */
int
loader_stack(struct proc *p, int argc, char *const argv[], vaddr_t *sp)
{
    vaddr_t top = p->image_base; // the stack lies right below the program
    vaddr_t start = top - CONFIG_USTACK_SIZE, at = top, vargv[CONFIG_ARGS_MAX + 1];
    struct vregion *vr;
    struct vuspace *vus;
    int err;

    if (argc > CONFIG_ARGS_MAX)
        return -E2BIG;
    if ((err = vr_create("", p->res.owner, p->res.group, PROC_PART_MODE,
                         CONFIG_USTACK_SIZE / PAGE_SIZE, &vr)) < 0)
        return err;
    if ((err = vus_attach(&p->ua, vr, start, VUS_READ | VUS_WRITE, "", p->res.owner, p->res.group,
                          PROC_PART_MODE, &vus)) < 0) {
        vr_destroy(vr);
        return err;
    }
    for (int i = argc - 1; i >= 0; i--) { // strings at the very top, byte by byte across pages
        size_t len = kstrlen(argv[i]) + 1;
        if (len > CONFIG_ARGS_BYTES || at - start < len + CONFIG_USTACK_SIZE / 2)
            return -E2BIG;
        at -= len;
        for (size_t b = 0; b < len; b++)
            *(char *)ua_kaddr(&p->ua, at + b) = argv[i][b];
        vargv[i] = at;
    }
    vargv[argc] = 0;
    at = ALIGN_DOWN(at, 16) - (argc + 2) * sizeof(uint32_t);
    *(uint32_t *)ua_kaddr(&p->ua, at) = (uint32_t)argc;
    for (int i = 0; i <= argc; i++) // the array is small and word aligned: no page straddles a word
        *(uint32_t *)ua_kaddr(&p->ua, at + 4 + 4 * i) = vargv[i];
    *sp = at;
    return 0;
}
