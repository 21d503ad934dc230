/*
 * user/lib/exec.c - proccreate of a program on the disk (DESIGN §8): the
 * half of proccreate that runs when the boot image has no program of that
 * path.
 *
 * The file server checks the file (OMFS_EXEC: regular, read and execute
 * permission for the caller, not empty, open for writing nowhere) and gives
 * a read-only handle; OMFS_MAP maps the file into the caller (the file's
 * shared window, as readblock does) up to the end of what its program
 * headers load (symbols and debugging sections after it are neither mapped
 * nor pinned in the server's cache); proccreatewin hands the kernel
 * the mapped image, and the kernel shows the window's pages as the child's
 * text and copies its data (proc/loader.c). The handle is closed at once:
 * the server keeps a program's window for as long as the kernel shows it
 * to any process (servers/omfs/omf.c), so a second process of the program
 * shares the same text frames, as boot-image programs do. Errors are
 * proccreate's (-errno): -ENOENT, -EACCES, -ENOEXEC, -ETXTBSY, the
 * server's and the kernel's.
 * Invariant: no handle or mapping of this file outlives the call.
 * Public: exec_from_disk.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>

#include "kernel/abi/omfs.h"
#include "kernel/abi/types.h"
#include "user/lib/exec.h"
#include "user/lib/omfsc.h"

#define KPATH_MAX 128 /* the kernel's copy of a path (proc/hvs.c): longer ones go by name */

#define HEAD_BYTES 1024 /* read to find the program headers: ours lie in the first few */
#define PT_LOAD 1
#define PT_DYNAMIC 2

struct elf_head { /* the ELF32 header fields used here */
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum;
};

struct elf_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

/* How much of the file (size bytes) the kernel needs: up to the end of the
 * last segment its program headers load, if they lie in the file's first
 * HEAD_BYTES; otherwise the whole file (the kernel judges it). */
static uint32_t
loaded_span(int32_t handle, uint32_t size)
{
    uint8_t *data;
    struct omfs_msg *m = omfsc_msg(HEAD_BYTES, &data);
    uint32_t end = 0;
    int got;

    if (!m)
        return size;
    m->code = OMFS_READ;
    m->handle = handle;
    m->size = HEAD_BYTES;
    m->flags = OMFS_AT;
    m->offset = 0;
    if ((got = omfsc_call(m)) < (int)sizeof(struct elf_head))
        return size;
    const struct elf_head *eh = (const void *)data;
    if (eh->phentsize != sizeof(struct elf_phdr) || eh->phoff > (uint32_t)got ||
        eh->phnum > ((uint32_t)got - eh->phoff) / sizeof(struct elf_phdr))
        return size;
    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf_phdr *ph = (const void *)(data + eh->phoff + i * sizeof(*ph));
        if ((ph->type == PT_LOAD || ph->type == PT_DYNAMIC) && ph->offset <= size &&
            ph->filesz <= size - ph->offset && ph->offset + ph->filesz > end)
            end = ph->offset + ph->filesz;
    }
    return end > (uint32_t)got ? end : size < (uint32_t)got ? size : (uint32_t)got;
}

/* Close a server handle of ours (best effort: this call's own). */
static void
close_handle(int32_t handle)
{
    struct omfs_msg *m = omfsc_msg(0, NULL);

    if (m) {
        m->code = OMFS_CLOSE;
        m->handle = handle;
        (void)omfsc_call(m);
    }
}

/* See exec.h. */
rid_t
exec_from_disk(const char *name, const char *path, char *const argv[], rid_t vmid, unsigned mod)
{
    struct omfs_msg *m;
    struct kprocwin a;
    int32_t handle;
    uint32_t size;
    int err;

    if (!(m = omfsc_path_msg(OMFS_EXEC, path, NULL, &err)))
        return err;
    if ((handle = omfsc_call(m)) < 0)
        return handle;
    size = loaded_span(handle, m->u.st.size);
    if (!(m = omfsc_msg(0, NULL))) {
        close_handle(handle);
        return -ENOMEM;
    }
    m->code = OMFS_MAP;
    m->handle = handle;
    m->offset = 0;
    m->mode = size;
    if ((err = omfsc_call(m)) < 0) {
        close_handle(handle);
        return err;
    }
    const char *short_path = path;
    if (strlen(path) >= KPATH_MAX && strrchr(path, '/'))
        short_path = strrchr(path, '/') + 1;
    a = (struct kprocwin){.name = (uint32_t)(uintptr_t)name,
                          .path = (uint32_t)(uintptr_t)short_path,
                          .argv = (uint32_t)(uintptr_t)argv,
                          .vmid = vmid,
                          .mod = mod,
                          .image = (uint32_t)err << 12,
                          .size = size};
    err = sys_proccreatewin((uint32_t)(uintptr_t)&a);
    close_handle(handle);
    return err;
}
