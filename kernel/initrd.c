/*
 * The boot image reader: a cpio archive in the "newc" format (as written by
 * `cpio -o -H newc`: a 110-byte ASCII header per member, the NUL-terminated
 * name and the data, each padded to 4 bytes, ending with "TRAILER!!!").
 * The archive is the GRUB module named "initrd"; it stays where GRUB put it
 * (the frame pool reserved it, in whole pages) and is read in place, for
 * the whole uptime: processes map program text straight from its pages.
 * tools/mkinitrd.sh starts every member's data on a page boundary (GRUB
 * loads modules page aligned), which is what lets them.
 * Public: initrd_init, initrd_lookup, initrd_holds_pages, and the call
 * sys_bootread (a file of the boot image read like a file: `cp /bin/x`).
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/bootinfo.h"
#include "kernel/config.h"
#include "kernel/initrd.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"

#define BOOTREAD_PATH_MAX 128 /* a boot image path, with its NUL */
#define BOOTREAD_MAX 65536    /* bytes one bootread copies (interrupts stay off meanwhile) */

#define NEWC_HEADER 110
#define NEWC_MAGIC "070701"
#define FIELD_FILESIZE 6 /* fields after the magic, 8 hex digits each */
#define FIELD_NAMESIZE 11

static const uint8_t *image;
static size_t image_size;

/* The members' names and data, in archive order, made once at boot, so a
 * lookup (every proccreate) is a binary search when the names are sorted
 * (tools/mkinitrd.sh sorts them) instead of a walk over every header. */
static struct entry {
    const char *name;
    const void *data;
    size_t size;
} index[CONFIG_INITRD_INDEX];
static unsigned nindex;
static bool index_sorted, index_whole;

static uint32_t
hex_field(const uint8_t *hdr, int index)
{
    uint32_t v = 0;

    for (int i = 0; i < 8; i++) {
        char c = (char)hdr[6 + index * 8 + i];
        v = v * 16 + (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static void build_index(void);

/* Find the "initrd" module. Without one, lookups fail with -ENOENT. */
void
initrd_init(void)
{
    for (unsigned i = 0; i < boot_info.nmodules; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        if (kstrcmp(m->name, "initrd") == 0 && m->end < DIRECT_MAP_MAX) {
            image = phys_to_virt(m->start);
            image_size = m->end - m->start;
        }
    }
    build_index();
}

/* Walk the archive: member index n (skipping "." and the fillers that
 * page-align the next member's data, and the trailer). */
static int
member(unsigned n, const char **name, const void **data, size_t *size)
{
    size_t off = 0;

    while (image && off + NEWC_HEADER <= image_size) {
        const uint8_t *h = image + off;
        if (kmemcmp(h, NEWC_MAGIC, 6) != 0)
            return -EIO;
        uint32_t namesize = hex_field(h, FIELD_NAMESIZE), filesize = hex_field(h, FIELD_FILESIZE);
        size_t data_off = (off + NEWC_HEADER + namesize + 3) & ~(size_t)3;
        if (data_off + filesize > image_size || namesize == 0)
            return -EIO;
        const char *nm = (const char *)h + NEWC_HEADER;
        if (kstrcmp(nm, "TRAILER!!!") == 0)
            break;
        if (nm[0] != '.' && n-- == 0) { // "." and the fillers (".pad") are not members
            *name = nm;
            *data = image + data_off;
            *size = filesize;
            return 0;
        }
        off = (data_off + filesize + 3) & ~(size_t)3;
    }
    return -ENOENT;
}

/* Index the archive's members (after initrd_init). A damaged archive or
 * one with more members than the index holds is searched member by member. */
static void
build_index(void)
{
    struct entry e;
    int err;

    index_sorted = true;
    for (nindex = 0;
         nindex < CONFIG_INITRD_INDEX && (err = member(nindex, &e.name, &e.data, &e.size)) == 0;
         nindex++) {
        if (nindex && kstrcmp(index[nindex - 1].name, e.name) >= 0)
            index_sorted = false;
        index[nindex] = e;
    }
    index_whole = nindex < CONFIG_INITRD_INDEX && err == -ENOENT;
}

static const struct entry *
find_indexed(const char *path)
{
    unsigned lo = 0, hi = nindex;

    if (!index_sorted) {
        for (unsigned i = 0; i < nindex; i++)
            if (kstrcmp(index[i].name, path) == 0)
                return &index[i];
        return NULL;
    }
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        int cmp = kstrcmp(index[mid].name, path);
        if (cmp == 0)
            return &index[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Find path ("/bin/sh" or "bin/sh") in the archive. Returns 0 with the data
 * in place, -ENOENT, or -EIO for a damaged archive. */
int
initrd_lookup(const char *path, const void **data, size_t *size)
{
    const struct entry *e;
    const char *name;
    int err;

    while (*path == '/')
        path++;
    if ((e = find_indexed(path))) {
        *data = e->data;
        *size = e->size;
        return 0;
    }
    if (index_whole)
        return -ENOENT;
    for (unsigned i = 0; (err = member(i, &name, data, size)) == 0; i++)
        if (kstrcmp(name, path) == 0)
            return 0;
    return err;
}

/* Do [p, p + n) lie in the boot image? Then so do the whole pages covering
 * them: the frame pool reserved the image's pages whole, for good. */
bool
initrd_holds_pages(const void *p, size_t n)
{
    uintptr_t end = (uintptr_t)image + image_size;

    return image && (uintptr_t)p >= (uintptr_t)image && n <= end - (uintptr_t)p;
}

/* bootread: copy up to n bytes (at most BOOTREAD_MAX) of the boot image's
 * file path, from byte offset, to buf. Anyone may: the boot image holds the
 * programs everyone runs. Returns the bytes copied (0 at or past the end),
 * -ENOENT, -ENAMETOOLONG, -EFAULT. */
int
sys_bootread(struct proc *caller, const char *path, uint32_t offset, void *buf, size_t n)
{
    char kpath[BOOTREAD_PATH_MAX];
    const void *data;
    size_t size;
    int err;

    (void)caller;
    if ((err = copyinstr(kpath, path, sizeof(kpath))) < 0 ||
        (err = initrd_lookup(kpath, &data, &size)) < 0)
        return err;
    if (offset >= size)
        return 0;
    if (n > size - offset)
        n = size - offset;
    if (n > BOOTREAD_MAX)
        n = BOOTREAD_MAX;
    if ((err = copyout(buf, (const uint8_t *)data + offset, n)) < 0)
        return err;
    return (int)n;
}
