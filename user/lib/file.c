/*
 * user/lib/file.c - file descriptors over the file server: open, close,
 * read, write, pread, pwrite, lseek, fstat, stat, lstat, symlink, readlink,
 * fsync, ftruncate, dup, dup2, isatty, fcntl (all but record locks), and the
 * inheritance of descriptors by children. The server follows symbolic links
 * (lstat and readlink ask it not to follow the last name).
 *
 * A descriptor is the console (0, 1 and 2 at start), a file: a handle of
 * the file server (user/lib/omfsc.c) shared by the descriptors dup made, or
 * one end of a kernel pipe (ipc/pipe.c; pipe() makes both), which the
 * process holds while some descriptor names it (a struct file per end).
 * The offset of a file this process opened (without O_APPEND) and never
 * passed on lives here (file_io); once a child may share it, it lives in the
 * server, with the open file, so a parent and the child that inherited a
 * descriptor share it as after a Unix fork. read, write, pread and pwrite
 * inside the file's size copy through the file's window with no call
 * (DESIGN §9, user/lib/fwin.c); growing, appending and a shared offset ask
 * the server.
 * Inheritance: before proccreate, file_export writes every descriptor that
 * is not the default and not close-on-exec as
 * TENDER_FD="N:c,N:fHANDLE/FLAGS,..." (FLAGS: the open flags, octal) into the environment
 * the child copies; the child takes each file handle over (OMFS_ADOPT: the
 * server checks with the kernel that the handle is its parent's) the first
 * time it uses that descriptor; right after proccreate, file_lend has the
 * server make the child's handle already (OMFS_LEND, NETD_LEND for a
 * socket), so a parent that closes at once takes nothing from the child
 * (its adopt finds the lent handle). A pipe end goes as N:pRID/FLAGS (FLAGS:
 * O_RDONLY for the read end, O_WRONLY for the write end), and file_export
 * marks with pipemark exactly the ends it names, so the kernel copies those
 * to the child and no other: the kernel, not this text, vouches for them.
 * The child's setup() lets go of any end it holds that no descriptor names.
 * A socket (user/lib/sock.c) is a descriptor too: its struct file holds
 * netd's socket id, read, write and close go to sock.c's sockc_ calls, and it
 * goes to a child as N:sID/FLAGS, which the child takes over (NETD_ADOPT:
 * netd checks with the kernel that an ancestor holds it) at its first use.
 * So `prog > out` is the shell opening out,
 * making it descriptor 1 with dup2 around proccreate, and nothing else.
 * A process closes its files when it ends (_exit); the server also closes
 * what a killed process left.
 * Layers: this file stands on omfsc.c and below; the layers above it that
 * keep state per descriptor (omf.c's mappings) hear of a close through
 * file_close_hook, which they set, so nothing here names them; _exit,
 * below, through libc.h's libc_exit_hook, which setup() sets.
 */
#include <errno.h>
#include <fcntl.h>
#include <omfs.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "user/lib/file.h"
#include "user/lib/fwin.h"
#include "user/lib/libc.h"
#include "user/lib/omfsc.h"
#include "user/lib/path.h"
#include "user/lib/sockc.h"
#include "user/lib/umask.h"
#include <tender.h>

enum { FD_CLOSED, FD_CONSOLE, FD_FILE, FD_PIPE, FD_SOCK };

struct file {
    int32_t handle;   /* the server's; an ancestor's while `adopt` is set */
    uint32_t refs;    /* descriptors on it; 0: free */
    uint8_t adopt;    /* inherited, not yet taken over */
    uint32_t flags;   /* O_* it was opened with (F_GETFL; O_NONBLOCK by F_SETFL) */
    uint8_t pipe;     /* an end of the pipe whose rid is handle: O_RDONLY read, O_WRONLY write */
    uint8_t pass; /* scratch of file_export (a passed descriptor names this pipe end), file_lend */
    uint8_t sock;     /* netd's socket whose id is handle (user/lib/sock.c) */
    uint8_t local;    /* the offset is `pos`, ours alone (see file_io); else the server's */
    uint32_t pos;
    struct fwin win;  /* the file's window as this handle mapped it (fwin.c, DESIGN §9) */
};

#define pipe_end(f) (((f)->flags & O_ACCMODE) == O_WRONLY ? PIPE_WRITE : PIPE_READ)

struct fd {
    uint8_t kind;
    uint8_t cloexec; /* FD_CLOEXEC: not passed to children */
    struct file *f;
};

static struct fd fds[FD_MAX];
static struct file files[FD_MAX];
static int ready;

void (*file_close_hook)(int fd); // see file.h

static void file_close_all(void);

static struct file *
new_file(int32_t handle, uint8_t adopt, uint32_t flags)
{
    for (int i = 0; i < FD_MAX; i++) {
        if (!files[i].refs) {
            files[i] = (struct file){.handle = handle, .adopt = adopt, .flags = flags};
            return &files[i];
        }
    }
    return NULL;
}

/* Let go of every pipe end this process holds that no descriptor names
 * (its parent passed more than TENDER_FD says, or the text was cut). */
static void
drop_unnamed_ends(void)
{
    struct pipeend ends[16];
    int n = pipeends(ends, 16);

    for (int i = 0; i < n && i < 16; i++) {
        bool named = false;
        for (int j = 0; j < FD_MAX && !named; j++)
            named = files[j].refs && files[j].pipe && files[j].handle == ends[i].pipe &&
                    pipe_end(&files[j]) == ends[i].end;
        if (!named)
            (void)pipeclose(ends[i].pipe, ends[i].end);
    }
}

/* Descriptors from TENDER_FD, or the console's three. */
static void
setup(void)
{
    const char *spec = getenv("TENDER_FD");

    ready = 1;
    libc_exit_hook = file_close_all;
    for (int i = 0; i < 3; i++)
        fds[i].kind = FD_CONSOLE;
    if (!spec) {
        drop_unnamed_ends();
        return;
    }
    for (const char *p = spec; *p;) {
        char *end;
        long fd = strtol(p, &end, 10);
        if (end == p || *end != ':' || fd < 0 || fd >= FD_MAX)
            break;
        p = end + 1;
        if (*p == 'c') {
            fds[fd] = (struct fd){FD_CONSOLE, 0, NULL};
            p++;
        } else if (*p == 's') { // a socket: taken over at its first use
            long id = strtol(p + 1, &end, 10), flags = 0;
            struct file *f = NULL;
            if (*end == '/')
                flags = strtol(end + 1, &end, 8);
            for (int i = 0; i < FD_MAX && !f; i++) // dup's descriptors share it
                if (files[i].refs && files[i].sock && files[i].handle == id)
                    f = &files[i];
            if (!f && !(f = new_file((int32_t)id, 1, (uint32_t)flags)))
                break;
            f->sock = 1;
            f->refs++;
            fds[fd] = (struct fd){FD_SOCK, 0, f};
            p = end;
        } else if (*p == 'f' || *p == 'p') {
            uint8_t pipe = *p == 'p';
            long h = strtol(p + 1, &end, 10), flags = 0;
            struct file *f = NULL;
            if (*end == '/') // its open flags, for F_GETFL (a pipe: which end)
                flags = strtol(end + 1, &end, 8);
            for (int i = 0; i < FD_MAX && !f; i++)
                if (files[i].refs && !files[i].sock && files[i].handle == h &&
                    files[i].pipe == pipe &&
                    (pipe ? files[i].flags == (uint32_t)flags : files[i].adopt))
                    f = &files[i];
            if (!f && !(f = new_file((int32_t)h, !pipe, (uint32_t)flags)))
                break;
            f->pipe = pipe;
            f->refs++;
            fds[fd] = (struct fd){pipe ? FD_PIPE : FD_FILE, 0, f};
            p = end;
        } else if (*p == '-') {
            fds[fd] = (struct fd){FD_CLOSED, 0, NULL};
            p++;
        } else {
            break;
        }
        if (*p == ',')
            p++;
    }
    drop_unnamed_ends();
}

static int
adopt(struct file *f)
{
    struct omfs_msg *m = omfsc_msg(0, NULL);
    int r;

    if (!m)
        return -ENOMEM;
    m->code = OMFS_ADOPT;
    m->handle = f->handle;
    if ((r = omfsc_call(m)) < 0)
        return r;
    f->handle = r;
    f->adopt = 0;
    return 0;
}

/* The file behind fd, taken over from the parent if need be; NULL with
 * *kind = FD_CONSOLE for the console, NULL and -EBADF in *err otherwise. */
static struct file *
file_of(int fd, int *kind, int *err)
{
    if (!ready)
        setup();
    *err = -EBADF;
    if (fd < 0 || fd >= FD_MAX || fds[fd].kind == FD_CLOSED) {
        *kind = FD_CLOSED;
        return NULL;
    }
    *kind = fds[fd].kind;
    if (*kind == FD_CONSOLE)
        return NULL;
    if (*kind == FD_PIPE)
        return fds[fd].f;
    if (*kind == FD_SOCK && fds[fd].f->adopt) {
        if ((*err = sockc_adopt(fds[fd].f->handle)) < 0)
            return NULL;
        fds[fd].f->adopt = 0;
        return fds[fd].f;
    }
    if (fds[fd].f->adopt && (*err = adopt(fds[fd].f)) < 0)
        return NULL;
    return fds[fd].f;
}

static int
lowest_free(int from)
{
    for (int fd = from; fd < FD_MAX; fd++)
        if (fds[fd].kind == FD_CLOSED)
            return fd;
    return -EMFILE;
}

static int
server_close(int32_t handle)
{
    struct omfs_msg *m = omfsc_msg(0, NULL);

    if (!m)
        return -ENOMEM;
    m->code = OMFS_CLOSE;
    m->handle = handle;
    return omfsc_call(m);
}

int
open(const char *path, int flags, ...)
{
    int err, fd, mode = 0;
    struct omfs_msg *m;
    struct file *f;

    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    if (!ready)
        setup();
    if ((fd = lowest_free(0)) < 0)
        return libc_fail(fd);
    if (!(m = omfsc_path_msg(OMFS_OPEN, path, NULL, &err)))
        return libc_fail(err);
    m->flags = (uint32_t)flags &
               (O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | O_EXCL | O_DIRECTORY | O_NOFOLLOW);
    m->mode = (uint32_t)umask_apply((mode_t)mode);
    if ((err = omfsc_call(m)) < 0)
        return libc_fail(err);
    if (!(f = new_file(err, 0, (uint32_t)flags & (O_ACCMODE | O_APPEND)))) {
        server_close(err);
        return libc_fail(-EMFILE);
    }
    f->refs = 1;
    f->local = !(flags & (O_APPEND | O_DIRECTORY)); // nobody else has the offset (yet)
    fds[fd] = (struct fd){FD_FILE, 0, f};
    return fd;
}

static int
drop(int fd)
{
    struct file *f = fds[fd].f;
    int err = 0;

    if (file_close_hook)
        file_close_hook(fd);
    uint8_t sock = fds[fd].kind == FD_SOCK;
    fds[fd] = (struct fd){FD_CLOSED, 0, NULL};
    // one never taken over was lent to us (file_lend): let that go, if it was
    if (f && sock) {
        if (--f->refs == 0 && (err = sockc_close(f->handle)) < 0 && f->adopt)
            err = 0;
    } else if (f && --f->refs == 0 && f->pipe)
        err = pipeclose(f->handle, pipe_end(f)) < 0 ? -errno : 0;
    else if (f && f->refs == 0 && f->adopt) // the server's handle for us, if any, goes too
        (void)(adopt(f) == 0 && server_close(f->handle));
    else if (f && f->refs == 0)
        err = server_close(f->handle);
    return err;
}

int
close(int fd)
{
    int err;

    if (!ready)
        setup();
    if (fd < 0 || fd >= FD_MAX || fds[fd].kind == FD_CLOSED)
        return libc_fail(-EBADF);
    return (err = drop(fd)) < 0 ? libc_fail(err) : 0;
}

/* Close every file (at _exit). */
static void
file_close_all(void)
{
    if (!ready)
        return;
    for (int fd = 0; fd < FD_MAX; fd++)
        if (fds[fd].kind == FD_FILE || fds[fd].kind == FD_SOCK)
            (void)drop(fd);
}

/* DESIGN §9: n bytes between buf and the file's window at offset, no call
 * once the range is mapped (user/lib/fwin.c). Returns the bytes moved,
 * -EFAULT, or -EAGAIN when the server must do it: a shared offset (it lives
 * there), a write that grows the file or appends, a read-only or write-only
 * handle used the other way (the server says EBADF). */
static ssize_t
window_io(struct file *f, void *buf, size_t n, int at, off_t offset, bool write)
{
    uint32_t acc = f->flags & O_ACCMODE;

    if (!at || offset < 0 || offset > 0x7fffffff)
        return -EAGAIN;
    if (write)
        return acc == O_RDONLY || (f->flags & O_APPEND)
                   ? -EAGAIN
                   : fwin_write(&f->win, f->handle, buf, n, (uint32_t)offset);
    return acc == O_WRONLY ? -EAGAIN : fwin_read(&f->win, f->handle, buf, n, (uint32_t)offset);
}

/* n bytes between buf and the file through the server, OMFS_IO_MAX per
 * round trip, at the server's offset or (at) at offset: a read (write false)
 * stops at the end of the file, a write when the disk is full. Returns the
 * bytes moved, or -1 with errno when none were. */
static ssize_t
server_io(struct file *f, void *buf, size_t n, int at, off_t offset, bool write)
{
    size_t done = 0;

    while (done < n) {
        uint32_t len = n - done > OMFS_IO_MAX ? OMFS_IO_MAX : (uint32_t)(n - done);
        uint8_t *data;
        struct omfs_msg *m = omfsc_msg(len, &data);
        int r;
        if (!m)
            return done ? (ssize_t)done : libc_fail(-ENOMEM);
        m->code = write ? OMFS_WRITE : OMFS_READ;
        m->handle = f->handle;
        m->size = len;
        if (at) {
            m->flags = OMFS_AT;
            m->offset = (uint32_t)(offset + (off_t)done);
        }
        if (write)
            memcpy(data, (const uint8_t *)buf + done, len);
        if ((r = omfsc_call(m)) < 0)
            return done ? (ssize_t)done : libc_fail(r);
        if ((uint32_t)r > len)
            r = (int)len; // never trust more than we asked for
        if (!write)
            memcpy((uint8_t *)buf + done, data, (size_t)r);
        done += (size_t)r;
        if ((uint32_t)r < len)
            break; // the end of the file, or a full disk
    }
    return (ssize_t)done;
}

/* n bytes between buf and the file at the file's offset or (at) at offset:
 * through the window where it can (window_io), else the server. The offset
 * of a file this process opened, without O_APPEND, and never passed to a
 * child is ours alone (`local`): kept here, given to the server with each
 * request (OMFS_AT), and handed to it before a child could share it
 * (file_export); any other offset is the server's, shared as after a Unix
 * fork. Returns the bytes moved, or -1 with errno when none were. */
static ssize_t
file_io(struct file *f, void *buf, size_t n, int at, off_t offset, bool write)
{
    bool own = !at && f->local;
    ssize_t r;

    if (own) {
        at = 1;
        offset = (off_t)f->pos;
    }
    if ((r = window_io(f, buf, n, at, offset, write)) == -EAGAIN)
        r = server_io(f, buf, n, at, offset, write);
    else if (r < 0)
        return libc_fail((int)r);
    if (own && r > 0)
        f->pos += (uint32_t)r;
    return r;
}

#define file_read(f, buf, n, at, offset) file_io((f), (buf), (n), (at), (offset), false)
#define file_write(f, buf, n, at, offset) file_io((f), (void *)(uintptr_t)(buf), (n), (at), (offset), true)

ssize_t
read(int fd, void *buf, size_t n)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (kind == FD_CONSOLE) {
        if (fd == STDIN_FILENO)
            fflush(stdout); // a prompt before the input it asks for
        return libc_ret(sys_read((uint32_t)fd, (uint32_t)(uintptr_t)buf, n));
    }
    if (kind == FD_SOCK)
        return f ? sockc_read(f->handle, buf, n, f->flags) : libc_fail(err);
    if (kind == FD_PIPE && pipe_end(f) != PIPE_READ)
        return libc_fail(-EBADF); // this process may hold the other end too
    if (kind == FD_PIPE)
        return libc_ret(sys_piperead((uint32_t)f->handle, (uint32_t)(uintptr_t)buf, n,
                                     f->flags & O_NONBLOCK ? PIPE_NOWAIT : 0));
    return f ? file_read(f, buf, n, 0, 0) : libc_fail(err);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (kind == FD_CONSOLE) // the kernel's console is fds 1 and 2: say which we mean
        return libc_ret(sys_write(fd == 2 ? 2 : 1, (uint32_t)(uintptr_t)buf, n));
    if (kind == FD_SOCK)
        return f ? sockc_write(f->handle, buf, n, f->flags) : libc_fail(err);
    if (kind == FD_PIPE && pipe_end(f) != PIPE_WRITE)
        return libc_fail(-EBADF);
    if (kind == FD_PIPE) // with no reader: EPIPE, and the kernel raises SIGPIPE
        return libc_ret(sys_pipewrite((uint32_t)f->handle, (uint32_t)(uintptr_t)buf, n,
                                      f->flags & O_NONBLOCK ? PIPE_NOWAIT : 0));
    return f ? file_write(f, buf, n, 0, 0) : libc_fail(err);
}

ssize_t
pread(int fd, void *buf, size_t n, off_t offset)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (kind == FD_CONSOLE || kind == FD_PIPE)
        return libc_fail(-ESPIPE);
    if (!f)
        return libc_fail(err);
    return offset < 0 ? libc_fail(-EINVAL) : file_read(f, buf, n, 1, offset);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t offset)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (kind == FD_CONSOLE || kind == FD_PIPE)
        return libc_fail(-ESPIPE);
    if (!f)
        return libc_fail(err);
    return offset < 0 ? libc_fail(-EINVAL) : file_write(f, buf, n, 1, offset);
}

static int
handle_call(int fd, uint32_t code, uint32_t flags, uint32_t offset, struct omfs_msg **out)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);
    struct omfs_msg *m;

    if (kind == FD_CONSOLE || kind == FD_PIPE || kind == FD_SOCK)
        return -ESPIPE;
    if (!f)
        return err;
    if (!(m = omfsc_msg(0, NULL)))
        return -ENOMEM;
    m->code = code;
    m->handle = f->handle;
    m->flags = flags;
    m->offset = offset;
    if (out)
        *out = m;
    return omfsc_call(m);
}

off_t
lseek(int fd, off_t offset, int whence)
{
    int r, kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (whence == SEEK_SET && offset < 0)
        return libc_fail(-EINVAL);
    if (kind == FD_FILE && f && f->local && (whence == SEEK_SET || whence == SEEK_CUR)) {
        int64_t to = (whence == SEEK_CUR ? (int64_t)f->pos : 0) + (int64_t)offset;
        if (to < 0 || to > 0x7fffffff)
            return libc_fail(-EINVAL); // as the server says
        f->pos = (uint32_t)to; // our own offset: no call
        return (off_t)to;
    }
    r = handle_call(fd, OMFS_LSEEK, (uint32_t)whence, (uint32_t)offset, NULL);
    if (r >= 0 && kind == FD_FILE && f && f->local)
        f->pos = (uint32_t)r; // SEEK_END: the server knows the size
    return r < 0 ? libc_fail(r) : (off_t)r;
}

int
fsync(int fd)
{
    int r = handle_call(fd, OMFS_FSYNC, 0, 0, NULL);

    return r == -ESPIPE ? 0 : libc_ret(r); // the console has nothing to keep
}

int
ftruncate(int fd, off_t length)
{
    if (length < 0)
        return libc_fail(-EINVAL);
    int r = handle_call(fd, OMFS_TRUNCATE, 0, (uint32_t)length, NULL);
    return r == -ESPIPE ? libc_fail(-EINVAL) : libc_ret(r);
}

static void
to_stat(const struct omfs_stat *o, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_ino = o->ino;
    st->st_mode = o->mode;
    st->st_nlink = (nlink_t)o->nlink;
    st->st_uid = (uid_t)o->uid;
    st->st_gid = (gid_t)o->gid;
    st->st_size = (off_t)o->size;
    st->st_atime = o->atime;
    st->st_mtime = o->mtime;
    st->st_ctime = o->ctime;
    st->st_blksize = o->blksize;
    st->st_blocks = o->blocks;
}

int
fstat(int fd, struct stat *st)
{
    struct omfs_msg *m;
    int r = handle_call(fd, OMFS_FSTAT, 0, 0, &m);

    if (r == -ESPIPE) {
        memset(st, 0, sizeof(*st));
        st->st_mode = fds[fd].kind == FD_PIPE   ? S_IFIFO | 0600
                      : fds[fd].kind == FD_SOCK ? S_IFSOCK | 0600
                                                : S_IFCHR | 0620;
        st->st_blksize = fds[fd].kind == FD_PIPE ? PIPE_BUF : 0;
        return 0;
    }
    if (r < 0)
        return libc_fail(r);
    to_stat(&m->u.st, st);
    return 0;
}

int
stat(const char *path, struct stat *st)
{
    int err;
    struct omfs_msg *m = omfsc_path_msg(OMFS_STAT, path, NULL, &err);

    if (!m || (err = omfsc_call(m)) < 0)
        return libc_fail(err);
    to_stat(&m->u.st, st);
    return 0;
}

/* stat of a symbolic link itself, not of what it names. */
int
lstat(const char *path, struct stat *st)
{
    int err;
    struct omfs_msg *m = omfsc_path_msg(OMFS_STAT, path, NULL, &err);

    if (!m)
        return libc_fail(err);
    m->flags = OMFS_NOFOLLOW;
    if ((err = omfsc_call(m)) < 0)
        return libc_fail(err);
    to_stat(&m->u.st, st);
    return 0;
}

/* Make linkpath a symbolic link to target, which is stored as given (a
 * relative target is resolved against the link's directory when used). */
int
symlink(const char *target, const char *linkpath)
{
    char abs[OMFS_PATH_MAX];
    size_t tlen, n;
    uint8_t *data;
    struct omfs_msg *m;
    int err;

    if (!target || !linkpath)
        return libc_fail(-EFAULT);
    if ((err = path_absolute(linkpath, abs)) < 0)
        return libc_fail(err);
    tlen = strnlen(target, OMFS_SYMLINK_MAX + 1);
    if (tlen == 0)
        return libc_fail(-ENOENT);
    if (tlen > OMFS_SYMLINK_MAX)
        return libc_fail(-ENAMETOOLONG);
    n = strlen(abs) + 1;
    if (!(m = omfsc_msg((uint32_t)(n + tlen + 1), &data)))
        return libc_fail(-ENOMEM);
    m->code = OMFS_SYMLINK;
    m->size = (uint32_t)(n + tlen + 1);
    memcpy(data, abs, n);
    memcpy(data + n, target, tlen + 1);
    if ((err = omfsc_call(m)) < 0)
        return libc_fail(err);
    return 0;
}

/* The target of symbolic link path, at most size bytes, no NUL added.
 * Returns the bytes, or -1 with errno (EINVAL: not a link). */
ssize_t
readlink(const char *restrict path, char *restrict buf, size_t size)
{
    char abs[OMFS_PATH_MAX];
    uint32_t room = size > OMFS_SYMLINK_MAX ? OMFS_SYMLINK_MAX : (uint32_t)size;
    size_t n;
    uint8_t *data;
    struct omfs_msg *m;
    int err;

    if ((err = path_absolute(path, abs)) < 0)
        return libc_fail(err);
    n = strlen(abs) + 1;
    if (!(m = omfsc_msg(n > room ? (uint32_t)n : room, &data))) // room for the answer too
        return libc_fail(-ENOMEM);
    m->code = OMFS_READLINK;
    m->size = (uint32_t)n;
    m->mode = room;
    memcpy(data, abs, n);
    if ((err = omfsc_call(m)) < 0)
        return libc_fail(err);
    if ((uint32_t)err > room)
        return libc_fail(-EIO);
    memcpy(buf, data, (size_t)err);
    return err;
}

int
isatty(int fd)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (kind == FD_CONSOLE)
        return 1;
    errno = f ? ENOTTY : EBADF;
    return 0;
}

int
dup2(int old, int new)
{
    int kind, err;
    struct file *f = file_of(old, &kind, &err);

    if (kind == FD_CLOSED || new < 0 || new >= FD_MAX)
        return libc_fail(-EBADF);
    if ((kind == FD_FILE || kind == FD_PIPE || kind == FD_SOCK) && !f)
        return libc_fail(err);
    if (old == new)
        return new;
    if (fds[new].kind != FD_CLOSED)
        (void)drop(new);
    fds[new] = fds[old];
    fds[new].cloexec = 0; // a new descriptor: it goes to children unless asked otherwise
    if (f)
        f->refs++;
    return new;
}

/* fcntl's record locks on file f (F_GETLK, F_SETLK, F_SETLKW): the file
 * server holds them (servers/omfs/locks.c). F_SETLKW asks again every 10 ms
 * while another process holds a conflicting lock (the server never blocks a
 * request; no deadlock is detected). Returns 0 or a negated errno. */
static int
lock_call(struct file *f, int cmd, struct flock *lk)
{
    for (;;) {
        struct omfs_msg *m = omfsc_msg(0, NULL);
        int r;

        if (!m)
            return -ENOMEM;
        m->code = OMFS_LOCK;
        m->handle = f->handle;
        m->flags = cmd == F_GETLK ? OMFS_LK_GET : OMFS_LK_SET;
        m->mode = (uint32_t)lk->l_whence;
        m->offset = (uint32_t)lk->l_start;
        if (lk->l_whence == SEEK_CUR && f->local) { // the server does not know our offset
            m->mode = SEEK_SET;
            m->offset = (uint32_t)(lk->l_start + (long)f->pos);
        }
        m->u.raw[0] = (uint32_t)lk->l_type;
        m->u.raw[1] = (uint32_t)lk->l_len;
        r = omfsc_call(m);
        if (r == -EAGAIN && cmd == F_SETLKW) {
            usleep(10000);
            continue;
        }
        if (r < 0 || cmd != F_GETLK)
            return r;
        lk->l_type = (short)m->u.raw[0];
        if (lk->l_type != F_UNLCK) {
            lk->l_whence = SEEK_SET;
            lk->l_start = (long)m->u.raw[1];
            lk->l_len = (long)m->u.raw[2];
            lk->l_pid = (short)m->u.raw[3];
        }
        return 0;
    }
}

/* fcntl's commands on descriptors: F_DUPFD and F_DUPFD_CLOEXEC (the lowest free descriptor >= arg),
 * F_GETFD and F_SETFD (FD_CLOEXEC: the descriptor is not passed to
 * children), F_GETFL (the access mode and O_APPEND it was opened with;
 * the console is O_RDWR) and F_SETFL (O_NONBLOCK only, which files ignore
 * as POSIX allows; changing O_APPEND is EINVAL here), and the record
 * locks F_GETLK, F_SETLK, F_SETLKW (lock_call; EINVAL on the console). */
int
fcntl(int fd, int cmd, ...)
{
    int kind, err, arg = 0, to;
    struct file *f = file_of(fd, &kind, &err);
    struct flock *lk = NULL;
    va_list ap;

    va_start(ap, cmd);
    if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_SETFD || cmd == F_SETFL)
        arg = va_arg(ap, int);
    else if (cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW)
        lk = va_arg(ap, struct flock *);
    va_end(ap);
    if (kind == FD_CLOSED || (kind == FD_FILE && !f))
        return libc_fail(kind == FD_CLOSED ? -EBADF : err);
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg < 0 || arg >= FD_MAX)
            return libc_fail(-EINVAL);
        if ((to = lowest_free(arg)) < 0)
            return libc_fail(to);
        dup2(fd, to);
        fds[to].cloexec = cmd == F_DUPFD_CLOEXEC;
        return to;
    case F_GETFD:
        return fds[fd].cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
        fds[fd].cloexec = (arg & FD_CLOEXEC) != 0;
        return 0;
    case F_GETFL:
        return f ? (int)f->flags : O_RDWR;
    case F_SETFL:
        if (f && ((uint32_t)arg & O_APPEND) != (f->flags & O_APPEND))
            return libc_fail(-EINVAL);
        if (f)
            f->flags = (f->flags & ~(uint32_t)O_NONBLOCK) | ((uint32_t)arg & O_NONBLOCK);
        return 0;
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
        if (!f || !lk)
            return libc_fail(-EINVAL);
        return libc_ret(lock_call(f, cmd, lk));
    default:
        return libc_fail(-EINVAL);
    }
}

int
dup(int old)
{
    int fd;

    if (!ready)
        setup();
    if ((fd = lowest_free(0)) < 0)
        return libc_fail(fd);
    return dup2(old, fd);
}

/* See file.h. */
void
file_export(void)
{
    char spec[256];
    size_t len = 0;
    int plain = 1;

    if (!ready)
        return; // never touched a descriptor: the child gets the defaults too
    for (int fd = 0; fd < FD_MAX; fd++) { // an offset the child will share goes to the server
        struct file *f = fds[fd].f;
        struct omfs_msg *m;
        if (fds[fd].kind != FD_FILE || fds[fd].cloexec || !f->local || !(m = omfsc_msg(0, NULL)))
            continue;
        m->code = OMFS_LSEEK;
        m->handle = f->handle;
        m->flags = SEEK_SET;
        m->offset = f->pos;
        if (omfsc_call(m) >= 0)
            f->local = 0; // from now on the server's, shared
    }
    for (int i = 0; i < FD_MAX; i++) // which pipe ends go: those a passed descriptor names
        files[i].pass = 0;
    for (int fd = 0; fd < FD_MAX; fd++)
        if (fds[fd].kind == FD_PIPE && !fds[fd].cloexec)
            fds[fd].f->pass = 1;
    for (int i = 0; i < FD_MAX; i++)
        if (files[i].refs && files[i].pipe)
            (void)pipemark(files[i].handle, pipe_end(&files[i]), files[i].pass);
    for (int fd = 0; fd < FD_MAX; fd++) {
        uint8_t want = fd < 3 ? FD_CONSOLE : FD_CLOSED;
        uint8_t kind = fds[fd].cloexec ? FD_CLOSED : fds[fd].kind; // close-on-exec: not passed
        char item[32];
        if (kind == want)
            continue;
        plain = 0;
        if (kind == FD_FILE && fds[fd].f->adopt && adopt(fds[fd].f) < 0)
            continue; // cannot pass on what we could not take over
        if (kind == FD_SOCK && fds[fd].f->adopt) { // nor lend it (file_lend)
            if (sockc_adopt(fds[fd].f->handle) < 0)
                continue;
            fds[fd].f->adopt = 0;
        }
        if (kind == FD_FILE || kind == FD_PIPE || kind == FD_SOCK)
            snprintf(item, sizeof(item), "%d:%c%ld/%lo,", fd, "..fps"[kind],
                     (long)fds[fd].f->handle, (unsigned long)fds[fd].f->flags);
        else
            snprintf(item, sizeof(item), "%d:%c,", fd, kind == FD_CONSOLE ? 'c' : '-');
        if (len + strlen(item) >= sizeof(spec))
            break;
        strcpy(spec + len, item);
        len += strlen(item);
    }
    if (plain)
        unsetenv("TENDER_FD");
    else
        setenv("TENDER_FD", spec, 1);
}

/* See file.h. */
int
file_handle(int fd, int32_t *handle)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (kind == FD_PIPE)
        return -ESPIPE;
    if (!f)
        return err;
    *handle = f->handle;
    return 0;
}

/* See omfs.h. */
int
omfs_fd_handle(int fd)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (kind == FD_CONSOLE || kind == FD_PIPE)
        return libc_fail(-ESPIPE);
    return f ? f->handle : libc_fail(err);
}

/* POSIX pipe: a kernel pipe, owned by the caller, its read end as fd[0] and
 * its write end as fd[1] (the two lowest free descriptors). Errors: EMFILE
 * (no two free descriptors, or the process holds too many ends), ENFILE,
 * EAGAIN (quota), ENOMEM, EFAULT (fd). */
int
pipe(int fd[2])
{
    struct file *rf, *wf;
    int r, w;
    rid_t rid;

    if (!ready)
        setup();
    if ((r = lowest_free(0)) < 0 || (w = lowest_free(r + 1)) < 0)
        return libc_fail(-EMFILE);
    if ((rid = pipecreate(RCC_OWNER(RCC_ALL))) < 0)
        return -1; // errno set
    if (!(rf = new_file(rid, 0, O_RDONLY)) ||
        ((rf->refs = 1), !(wf = new_file(rid, 0, O_WRONLY)))) {
        if (rf)
            rf->refs = 0;
        (void)pipeclose(rid, PIPE_READ);
        (void)pipeclose(rid, PIPE_WRITE);
        return libc_fail(-EMFILE);
    }
    rf->pipe = wf->pipe = 1;
    wf->refs = 1;
    fds[r] = (struct fd){FD_PIPE, 0, rf};
    fds[w] = (struct fd){FD_PIPE, 0, wf};
    fd[0] = r;
    fd[1] = w;
    return 0;
}

/* See file.h. */
int
file_sock_new(int32_t id, uint32_t flags)
{
    struct file *f;
    int fd;

    if (!ready)
        setup();
    if ((fd = lowest_free(0)) < 0)
        return fd;
    if (!(f = new_file(id, 0, flags)))
        return -EMFILE;
    f->refs = 1;
    f->sock = 1;
    fds[fd] = (struct fd){FD_SOCK, 0, f};
    return fd;
}

/* See file.h. */
int
file_sock(int fd, int32_t *id, uint32_t **flags)
{
    int kind, err;
    struct file *f = file_of(fd, &kind, &err);

    if (kind == FD_CLOSED)
        return -EBADF;
    if (kind != FD_SOCK)
        return -ENOTSOCK;
    if (!f)
        return err;
    *id = f->handle;
    if (flags)
        *flags = &f->flags;
    return 0;
}

/* See file.h. */
void
file_lend(int32_t child)
{
    struct omfs_msg *m;

    if (!ready) // never touched: the child was told what we were (TENDER_FD)
        setup();
    for (int i = 0; i < FD_MAX; i++)
        files[i].pass = 0;
    for (int fd = 0; fd < FD_MAX; fd++) {
        struct file *f = fds[fd].f;
        // an id we have not taken over yet is lent to us, and lent on as it is
        if (fds[fd].cloexec || (fds[fd].kind != FD_FILE && fds[fd].kind != FD_SOCK) || f->pass)
            continue;
        f->pass = 1; // once per file, however many descriptors name it
        if (fds[fd].kind == FD_SOCK) {
            (void)sockc_lend(f->handle, child);
        } else if ((m = omfsc_msg(0, NULL))) {
            m->code = OMFS_LEND;
            m->handle = f->handle;
            m->u.raw[0] = (uint32_t)child;
            (void)omfsc_call(m);
        }
    }
}

/* See file.h. */
int
file_pipe(int fd, int32_t *rid, int *end)
{
    if (!ready)
        setup();
    if (fd < 0 || fd >= FD_MAX || fds[fd].kind == FD_CLOSED)
        return -EBADF;
    if (fds[fd].kind != FD_PIPE)
        return 1;
    *rid = fds[fd].f->handle;
    *end = pipe_end(fds[fd].f);
    return 0;
}
