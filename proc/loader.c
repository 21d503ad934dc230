/*
 * The program loader: static-PIE ELF32 (ET_DYN, EM_386) from the boot image
 * or from a file on the disk, shown in the file server's shared window.
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
 *   - a program on the disk (struct loader_image's win) is read through the
 *     frames its window shows (the caller holds the window attached): its
 *     text is one region per (window, page) showing the window's pages,
 *     shared by every process running it as boot-image text is (mm/vwin.c
 *     keeps those pages safe when the window changes); its data is copied.
 *     Every byte read is checked against the file's size and the window.
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
#include "mm/vwin.h"
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
#define MAX_PHDRS 16 /* program headers read (ours have 4) */
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

/* Copy n bytes at offset off of the image into buf: from the boot image,
 * or page by page from the frames the file's window shows. Returns 0, or
 * -ENOEXEC for bytes past the file's end or a page the window does not
 * show (a file cut short). */
static int
img_read(const struct loader_image *im, uint32_t off, void *buf, uint32_t n)
{
    uint8_t *to = buf;

    if (off > im->size || n > im->size - off)
        return -ENOEXEC;
    if (im->bytes) {
        kmemcpy(to, im->bytes + off, n);
        return 0;
    }
    while (n) {
        uint32_t in = off & (PAGE_SIZE - 1), chunk = PAGE_SIZE - in;
        paddr_t frame = vw_frame(im->win, im->wfirst + off / PAGE_SIZE);
        if (!frame)
            return -ENOEXEC;
        if (chunk > n)
            chunk = n;
        kmemcpy(to, (const uint8_t *)phys_to_virt(frame) + in, chunk);
        to += chunk;
        off += chunk;
        n -= chunk;
    }
    return 0;
}

/* The ELF header and the program headers, checked as ours. Returns 0 or
 * -ENOEXEC. */
static int
read_headers(const struct loader_image *im, struct elf_ehdr *eh, struct elf_phdr ph[MAX_PHDRS])
{
    if (img_read(im, 0, eh, sizeof(*eh)) < 0 || eh->magic != ELF_MAGIC || eh->class != ELFCLASS32 ||
        eh->data != ELFDATA2LSB || eh->type != ET_DYN || eh->machine != EM_386 ||
        eh->phentsize != sizeof(struct elf_phdr) || eh->phnum > MAX_PHDRS ||
        img_read(im, eh->phoff, ph, eh->phnum * sizeof(*ph)) < 0)
        return -ENOEXEC;
    return 0;
}

/* Check the image and compute the span of its segments (bytes from 0 to the
 * end of the last one). Returns 0 or -ENOEXEC. */
int
loader_measure(const struct loader_image *im, uint32_t *span)
{
    struct elf_ehdr eh;
    struct elf_phdr phs[MAX_PHDRS];
    uint32_t end = 0;
    unsigned loads = 0;

    if (read_headers(im, &eh, phs) < 0)
        return -ENOEXEC;
    for (unsigned i = 0; i < eh.phnum; i++) {
        const struct elf_phdr *ph = &phs[i];
        if (ph->type != PT_LOAD)
            continue;
        if (ph->filesz > ph->memsz || ph->offset > im->size || ph->filesz > im->size - ph->offset ||
            ph->memsz > CONFIG_IMAGE_MAX || ph->vaddr > CONFIG_IMAGE_MAX ||
            ph->vaddr + ph->memsz < end || ++loads > MAX_SEGMENTS)
            return -ENOEXEC; // segments must ascend and not overlap
        end = ph->vaddr + ph->memsz;
    }
    if (!loads || eh.entry >= end)
        return -ENOEXEC;
    *span = ALIGN_UP(end, PAGE_SIZE);
    return 0;
}

/* The programs whose text is shared now: the region showing a program's
 * text pages in the boot image (text) or in a file's window (win, wpage),
 * made by the first process that runs it. It goes with its last process
 * (mm/vuspace.c's detach), so an entry is live only while its region still
 * has the rid it had: a freed slot's next rid differs (a new generation).
 * The region owns no frames either way (a disk program's text may come to
 * own copies when its window lets pages go, mm/vwin.c). */
static struct {
    const void *text; /* the text's first byte in the boot image, or NULL */
    struct vregion *win;
    uint32_t wpage; /* ... or its first page in the window win */
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
 * bytes (page aligned, in the boot image), or at page wpage of window win,
 * made now if no process runs it; NULL if the table is full or no slot is
 * left (the caller maps a copy of its own instead). */
static struct vregion *
text_region(const char *path, const uint8_t *bytes, struct vregion *win, uint32_t wpage,
            uint32_t npages)
{
    char name[RES_NAME_MAX] = "text:";
    struct vregion *vr;
    int free = -1, rid;

    for (int i = 0; i < CONFIG_NR_PROGRAM; i++) {
        bool live = shared_text[i].vr && shared_text[i].vr->res.rid == shared_text[i].rid;
        if (live && shared_text[i].text == bytes && shared_text[i].win == win &&
            shared_text[i].wpage == wpage && shared_text[i].vr->fs.n == npages &&
            (bytes || shared_text[i].vr->twin == win))
            return shared_text[i].vr;
        if (!live && free < 0)
            free = i;
    }
    if (free < 0)
        return NULL;
    kstrlcpy(name + 5, base_name(path), sizeof(name) - 5);
    rid = vr_create_lazy(name, RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER, TEXT_MODE, npages,
                         bytes ? virt_to_phys(bytes) : 0, bytes ? npages : 0, &vr);
    if (rid == -EEXIST) // another program of that name (the boot image's, or a file's)
        rid = vr_create_lazy("", RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER, TEXT_MODE, npages,
                             bytes ? virt_to_phys(bytes) : 0, bytes ? npages : 0, &vr);
    if (rid < 0)
        return NULL;
    vr->shared = true;
    if (win) {
        vr->twin = win;
        vr->tfirst = wpage;
        win->win->texts++;
    }
    shared_text[free].text = bytes;
    shared_text[free].win = win;
    shared_text[free].wpage = wpage;
    shared_text[free].vr = vr;
    shared_text[free].rid = rid;
    return vr;
}

/* Copy the file bytes of segment ph into p's pages (the pages past them
 * stay zero pages, given at first touch). Returns 0, -ENOEXEC, -ENOMEM. */
static int
copy_segment(struct proc *p, const struct loader_image *im, const struct elf_phdr *ph)
{
    for (uint32_t done = 0; done < ph->filesz;) {
        vaddr_t va = p->image_base + ph->vaddr + done;
        uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        uint8_t *to;
        int err;
        if (chunk > ph->filesz - done)
            chunk = ph->filesz - done;
        if (!(to = ua_kaddr(&p->ua, va)))
            return -ENOMEM;
        if ((err = img_read(im, ph->offset + done, to, chunk)) < 0)
            return err;
        done += chunk;
    }
    return 0;
}

/* Map one PT_LOAD segment into p's area. Text (not writable, with no
 * .bss) is the shared region of its program when its pages lie whole in
 * the boot image or in a file's window. Any other segment is a lazy region
 * of p's own: in the boot image its file pages show the image's until
 * written (copy on write), except the page where the file bytes end, copied
 * now so that its tail can be zeros, not the next bytes of the image; the
 * rest (.bss) are zero pages given at first touch. From a window, or
 * without a page-aligned boot image, every file byte is copied now. */
static int
map_segment(struct proc *p, const char *path, const struct loader_image *im,
            const struct elf_phdr *ph)
{
    vaddr_t first = ALIGN_DOWN(ph->vaddr, PAGE_SIZE);
    uint32_t lead = ph->vaddr - first;
    uint32_t npages = (ALIGN_UP(ph->vaddr + ph->memsz, PAGE_SIZE) - first) / PAGE_SIZE;
    const uint8_t *bytes = im->bytes ? im->bytes + ph->offset - lead : NULL; // vaddr's file page
    bool aligned = ph->offset >= lead && !((ph->offset - lead) & (PAGE_SIZE - 1));
    bool borrow = bytes && aligned && !((uintptr_t)bytes & (PAGE_SIZE - 1)) &&
                  initrd_holds_pages(bytes, lead + ph->filesz);
    uint32_t prot =
        VUS_READ | ((ph->flags & PF_W) ? VUS_WRITE : 0) | ((ph->flags & PF_X) ? VUS_EXEC : 0);
    uint32_t end = lead + ph->filesz; // where the file bytes end in the first page's terms
    uint32_t src_pages = borrow ? ALIGN_UP(end, PAGE_SIZE) / PAGE_SIZE : 0;
    struct vregion *vr = NULL;
    struct vuspace *vus;
    int err;

    if (!(ph->flags & PF_W) && ph->memsz == ph->filesz) {
        if (borrow)
            vr = text_region(path, bytes, NULL, 0, npages);
        else if (im->win && aligned)
            vr = text_region(path, NULL, im->win, im->wfirst + (ph->offset - lead) / PAGE_SIZE,
                             npages);
    }
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
    return copy_segment(p, im, ph); // no usable image pages: copy every byte
}

/* Where the n bytes the image holds at vaddr are in the file: 0 and *off,
 * or -ENOEXEC if no segment's file bytes hold them. */
static int
file_offset(const struct elf_ehdr *eh, const struct elf_phdr *phs, vaddr_t vaddr, uint32_t n,
            uint32_t *off)
{
    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf_phdr *ph = &phs[i];
        if (ph->type == PT_LOAD && vaddr >= ph->vaddr && vaddr - ph->vaddr <= ph->filesz &&
            n <= ph->filesz - (vaddr - ph->vaddr)) {
            *off = ph->offset + (vaddr - ph->vaddr);
            return 0;
        }
    }
    return -ENOEXEC;
}

/* Apply the R_386_RELATIVE relocations: add the base to each word they
 * name, which must lie in a writable segment of p (text is shared and the
 * same at every base). The page being patched is kept at hand: relocations
 * come sorted, so a whole run of them costs one lookup. They are read from
 * the image a batch at a time. */
static int
relocate(struct proc *p, const struct loader_image *im, const struct elf_ehdr *eh,
         const struct elf_phdr *phs, const struct elf_phdr *dyn)
{
    uint32_t rel = 0, relsz = 0, roff = 0;
    vaddr_t page = 1; // no page: not page aligned
    uint8_t *kpage = NULL;
    struct elf_rel batch[32];

    if (dyn->offset > im->size || dyn->filesz > im->size - dyn->offset)
        return -ENOEXEC;
    for (uint32_t at = 0; at + sizeof(struct elf_dyn) <= dyn->filesz;
         at += sizeof(struct elf_dyn)) {
        struct elf_dyn d;
        if (img_read(im, dyn->offset + at, &d, sizeof(d)) < 0)
            return -ENOEXEC;
        if (d.tag == DT_NULL)
            break;
        if (d.tag == DT_REL)
            rel = d.val;
        else if (d.tag == DT_RELSZ)
            relsz = d.val;
        else if (d.tag == DT_RELA)
            return -ENOEXEC; // i386 static PIEs use REL; RELA would be a toolchain surprise
    }
    if (relsz && file_offset(eh, phs, rel, relsz, &roff) < 0)
        return -ENOEXEC;
    for (uint32_t k = 0; k < relsz / sizeof(struct elf_rel); k++) {
        const struct elf_rel *r = &batch[k % 32];
        if (k % 32 == 0) {
            uint32_t left = relsz / sizeof(struct elf_rel) - k;
            if (img_read(im, roff + k * sizeof(struct elf_rel), batch,
                         (left < 32 ? left : 32) * sizeof(struct elf_rel)) < 0)
                return -ENOEXEC;
        }
        vaddr_t va = p->image_base + r->offset;
        if ((r->info & 0xff) != R_386_RELATIVE || (r->offset & 3) || r->offset >= CONFIG_IMAGE_MAX)
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
loader_map(struct proc *p, const char *path, const struct loader_image *im, vaddr_t *entry)
{
    struct elf_ehdr eh;
    struct elf_phdr phs[MAX_PHDRS];
    const struct elf_phdr *dyn = NULL;
    int err;

    if ((err = read_headers(im, &eh, phs)) < 0)
        return err;
    for (unsigned i = 0; i < eh.phnum; i++) {
        const struct elf_phdr *ph = &phs[i];
        if (ph->type == PT_LOAD && (err = map_segment(p, path, im, ph)) < 0)
            return err;
        if (ph->type == PT_DYNAMIC)
            dyn = ph;
    }
    if (dyn && (err = relocate(p, im, &eh, phs, dyn)) < 0)
        return err;
    *entry = p->image_base + eh.entry;
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
