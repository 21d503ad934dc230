/*
 * The program loader: static-PIE ELF32 (ET_DYN, EM_386) from the boot image.
 *
 * Programs are linked at 0 and relocated to p->image_base, inside the
 * process's user area, which is unique across every space (DESIGN §3).
 * Each PT_LOAD segment is attached as a virtual user space with the
 * segment's protection (text is not writable), and loading costs the same
 * whatever the program's size:
 *   - text is position independent, so its bytes are the same at every
 *     base: one region per program ("text:NAME", owned by the system, see
 *     `res`) shows the boot image's own pages, read-only, to every process
 *     running it;
 *   - data is a lazy region of the process's own (mm/vregion.c): pages of
 *     file bytes show the boot image's page until the first store copies
 *     it, the rest (.bss) get zero frames at first touch; only the pages
 *     the relocations patch, and the one where the file bytes end, are
 *     copied at once;
 *   - the stack is a lazy region of zero pages that grows down as it is
 *     touched (proc/proc.c); the arguments touch its top.
 * The only relocation a static PIE needs is R_386_RELATIVE (add the base),
 * in a writable segment; anything else refuses the program (-ENOEXEC).
 * Everything is written through the kernel's direct map of the process's
 * frames, so loading never touches the creator's address space.
 * Public: loader_measure, loader_map, loader_stack.
 */
#include "proc/loader.h"
#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/initrd.h"
#include "kernel/string.h"
#include "mm/range.h"
#include "mm/vregion.h"
#include "mm/vuspace.h"
#include "proc/pcb.h"

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
#define TEXT_MODE (RCC_OWNER(RCC_REF) | RCC_GROUP(RCC_REF) | RCC_OTHER(RCC_REF))

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

/* The programs whose text is shared now: the region showing a program's
 * text pages in the boot image, made by the first process that runs it. It
 * goes with its last process (mm/vuspace.c's detach), so an entry is live
 * only while its region still has the rid it had: a freed slot's next rid
 * differs (a new generation). The region owns no frames either way. */
static struct {
    const void *text; /* the text's first byte in the boot image */
    struct vregion *vr;
    rid_t rid;
} shared_text[CONFIG_NR_PROGRAM];

static const char *
base_name(const char *path)
{
    const char *name = path;

    for (; *path; path++)
        if (*path == '/')
            name = path + 1;
    return name;
}

/* The shared text region of the program whose text is the npages pages at
 * bytes (page aligned, in the boot image), made now if no process runs it;
 * NULL if the table is full or no slot is left (the caller maps a copy of
 * its own instead). */
static struct vregion *
text_region(const char *path, const uint8_t *bytes, uint32_t npages)
{
    char name[RES_NAME_MAX] = "text:";
    struct vregion *vr;
    int free = -1, rid;

    for (int i = 0; i < CONFIG_NR_PROGRAM; i++) {
        bool live = shared_text[i].vr && shared_text[i].vr->res.rid == shared_text[i].rid;
        if (live && shared_text[i].text == bytes && shared_text[i].vr->fs.n == npages)
            return shared_text[i].vr;
        if (!live && free < 0)
            free = i;
    }
    if (free < 0)
        return NULL;
    kstrlcpy(name + 5, base_name(path), sizeof(name) - 5);
    if ((rid = vr_create_lazy(name, RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER, TEXT_MODE, npages,
                              virt_to_phys(bytes), npages, &vr)) < 0)
        return NULL;
    vr->shared = true;
    shared_text[free].text = bytes;
    shared_text[free].vr = vr;
    shared_text[free].rid = rid;
    return vr;
}

/* Map one PT_LOAD segment into p's area. Text (not writable) is the shared
 * region of its program when its pages lie whole in the boot image. Any
 * other segment is a lazy region of p's own: its file pages show the boot
 * image's until written (copy on write), except the page where the file
 * bytes end, copied now so that its tail can be zeros, not the next bytes
 * of the image; the rest (.bss) are zero pages given at first touch.
 * Without a page-aligned boot image every file byte is copied now. */
static int
map_segment(struct proc *p, const char *path, const uint8_t *image, const struct elf_phdr *ph)
{
    vaddr_t first = ALIGN_DOWN(ph->vaddr, PAGE_SIZE);
    uint32_t lead = ph->vaddr - first;
    uint32_t npages = (ALIGN_UP(ph->vaddr + ph->memsz, PAGE_SIZE) - first) / PAGE_SIZE;
    const uint8_t *bytes = image + ph->offset - lead; // the file page holding vaddr's page
    bool borrow = ph->offset >= lead && !((uintptr_t)bytes & (PAGE_SIZE - 1)) &&
                  initrd_holds_pages(bytes, lead + ph->filesz);
    uint32_t prot =
        VUS_READ | ((ph->flags & PF_W) ? VUS_WRITE : 0) | ((ph->flags & PF_X) ? VUS_EXEC : 0);
    uint32_t end = lead + ph->filesz; // where the file bytes end in the first page's terms
    uint32_t src_pages = borrow ? ALIGN_UP(end, PAGE_SIZE) / PAGE_SIZE : 0;
    struct vregion *vr = NULL;
    struct vuspace *vus;
    int err;

    if (!(ph->flags & PF_W) && borrow && ph->memsz == ph->filesz)
        vr = text_region(path, bytes, npages);
    if (vr) {
        err = vus_attach(&p->ua, vr, p->image_base + first, prot, "", p->res.owner, p->res.group,
                         PROC_PART_MODE, &vus);
        return err < 0 ? err : 0;
    }
    if ((err = vr_create_lazy("", p->res.owner, p->res.group, PROC_PART_MODE, npages,
                              borrow ? virt_to_phys(bytes) : 0, src_pages, &vr)) < 0)
        return err;
    if ((err = vus_attach(&p->ua, vr, p->image_base + first, prot, "", p->res.owner, p->res.group,
                          PROC_PART_MODE, &vus)) < 0) {
        vr_destroy(vr);
        return err;
    }
    if (borrow) {
        uint8_t *last;
        if (!(end & (PAGE_SIZE - 1)))
            return 0;
        // the page where the file bytes end: a copy now, its tail zeros (.bss)
        if (!(last = ua_kaddr(&p->ua, p->image_base + first + ALIGN_DOWN(end, PAGE_SIZE))))
            return -ENOMEM;
        kmemset(last + (end & (PAGE_SIZE - 1)), 0, PAGE_SIZE - (end & (PAGE_SIZE - 1)));
        return 0;
    }
    for (uint32_t done = lead; done < end;) { // no usable image pages: copy every byte
        vaddr_t va = p->image_base + first + done;
        uint32_t chunk = PAGE_SIZE - (done & (PAGE_SIZE - 1));
        uint8_t *to;
        if (chunk > end - done)
            chunk = end - done;
        if (!(to = ua_kaddr(&p->ua, va)))
            return -ENOMEM;
        kmemcpy(to, bytes + done, chunk);
        done += chunk;
    }
    return 0;
}

/* The n bytes of the file that hold the image's bytes at vaddr, or NULL. */
static const void *
file_bytes(const uint8_t *image, vaddr_t vaddr, uint32_t n)
{
    const struct elf_ehdr *eh = (const void *)image;

    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf_phdr *ph = &phdrs(image)[i];
        if (ph->type == PT_LOAD && vaddr >= ph->vaddr && vaddr - ph->vaddr <= ph->filesz &&
            n <= ph->filesz - (vaddr - ph->vaddr))
            return image + ph->offset + (vaddr - ph->vaddr);
    }
    return NULL;
}

/* Apply the R_386_RELATIVE relocations: add the base to each word they
 * name, which must lie in a writable segment of p (text is shared and the
 * same at every base). The page being patched is kept at hand: relocations
 * come sorted, so a whole run of them costs one lookup. */
static int
relocate(struct proc *p, const uint8_t *image, size_t size, const struct elf_phdr *dyn)
{
    uint32_t rel = 0, relsz = 0;
    vaddr_t page = 1; // no page: not page aligned
    uint8_t *kpage = NULL;
    const struct elf_rel *r;

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
    if (relsz && !(r = file_bytes(image, rel, relsz)))
        return -ENOEXEC;
    for (uint32_t k = 0; k < relsz / sizeof(struct elf_rel); k++) {
        vaddr_t va = p->image_base + r[k].offset;
        if ((r[k].info & 0xff) != R_386_RELATIVE || (r[k].offset & 3) ||
            r[k].offset >= CONFIG_IMAGE_MAX)
            return -ENOEXEC;
        if (ALIGN_DOWN(va, PAGE_SIZE) != page) {
            struct vuspace *vus = ua_find(&p->ua, ALIGN_DOWN(va, PAGE_SIZE), 1);
            page = ALIGN_DOWN(va, PAGE_SIZE);
            if (!vus || !(vus->prot & VUS_WRITE))
                return -ENOEXEC; // a relocation in the text
            if (!(kpage = ua_kaddr(&p->ua, page)))
                return -ENOMEM;
        }
        *(uint32_t *)(kpage + (va - page)) += p->image_base;
    }
    return 0;
}

/* Map every segment of a measured image into p's user area and relocate it.
 * Returns 0 with the entry address, or -ENOEXEC / -ENOMEM / a resource error
 * (the parts made so far stay in p's area: the caller's ua_destroy frees them). */
int
loader_map(struct proc *p, const char *path, const void *image, size_t size, vaddr_t *entry)
{
    const struct elf_ehdr *eh = image;
    const struct elf_phdr *dyn = NULL;
    int err;

    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf_phdr *ph = &phdrs(image)[i];
        if (ph->type == PT_LOAD && (err = map_segment(p, path, image, ph)) < 0)
            return err;
        if (ph->type == PT_DYNAMIC)
            dyn = ph;
    }
    if (dyn && (err = relocate(p, image, size, dyn)) < 0)
        return err;
    *entry = p->image_base + eh->entry;
    return 0;
}

/* Store n bytes at user address va of p, a page at a time (a page gets
 * its frame if it has none). Returns true, or false if no frame is left. */
static bool
put_bytes(struct proc *p, vaddr_t va, const char *from, size_t n)
{
    while (n) {
        size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        char *to = ua_kaddr(&p->ua, va);
        if (!to)
            return false;
        if (chunk > n)
            chunk = n;
        kmemcpy(to, from, chunk);
        va += chunk;
        from += chunk;
        n -= chunk;
    }
    return true;
}

/* Make the user stack right below p's program image (CONFIG_USTACK_INIT of
 * the CONFIG_USTACK_MAX reserved there) and lay out argc, argv[] and
 * the strings on it (the entry ABI crt0 expects). Returns 0 with the initial
 * stack pointer, -E2BIG if the arguments do not fit, or -ENOMEM. */
int
loader_stack(struct proc *p, int argc, char *const argv[], vaddr_t *sp)
{
    vaddr_t top = p->image_base; // the stack lies right below the program
    vaddr_t start = top - CONFIG_USTACK_INIT, at = top, vargv[CONFIG_ARGS_MAX + 1];
    struct vregion *vr;
    struct vuspace *vus;
    int err;

    if (argc > CONFIG_ARGS_MAX)
        return -E2BIG;
    if ((err = vr_create_lazy("", p->res.owner, p->res.group, PROC_PART_MODE,
                              CONFIG_USTACK_INIT / PAGE_SIZE, 0, 0, &vr)) < 0)
        return err; // zero pages given as the stack is touched
    if ((err = vus_attach(&p->ua, vr, start, VUS_READ | VUS_WRITE, "", p->res.owner, p->res.group,
                          PROC_PART_MODE, &vus)) < 0) {
        vr_destroy(vr);
        return err;
    }
    p->stack = vus;
    for (int i = argc - 1; i >= 0; i--) { // strings at the very top, byte by byte across pages
        size_t len = kstrlen(argv[i]) + 1;
        if (len > CONFIG_ARGS_BYTES || at - start < len + CONFIG_USTACK_INIT / 2)
            return -E2BIG;
        at -= len;
        if (!put_bytes(p, at, argv[i], len))
            return -ENOMEM;
        vargv[i] = at;
    }
    vargv[argc] = 0;
    at = ALIGN_DOWN(at, 16) - (argc + 2) * sizeof(uint32_t);
    for (int i = -1; i <= argc; i++) { // argc, then argv[]: words, none straddles a page
        uint32_t *word = ua_kaddr(&p->ua, at + 4 + 4 * i);
        if (!word)
            return -ENOMEM;
        *word = i < 0 ? (uint32_t)argc : vargv[i];
    }
    *sp = at;
    return 0;
}
