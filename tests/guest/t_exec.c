/*
 * tests/guest/t_exec.c - programs on the disk (DESIGN §8): proccreate and
 * the shell run a program file through the file server as well as from the
 * boot image. This suite copies itself from the boot image onto the disk
 * (bootread, as `cp /bin/t_exec` does) and runs the copy: by path, by the
 * shell's PATH, two at once sharing one text region shown from the file's
 * window (no frame of its own), writers refused while it runs (ETXTBSY),
 * the file removed under a running copy (which goes on from its own copy of
 * the text), and every refusal: no execute permission (EACCES), not a
 * program or cut short (ENOEXEC), hostile program headers. Each case
 * removes its files and waits for the server to let the program's window
 * go, so the suite's leak check (tap.h) counts as before.
 *
 * As a helper: "t_exec exit N" exits with N; "t_exec wait" reads its
 * standard input to the end first (a pipe the test holds), then exits 7.
 */
#include <errno.h>
#include <fcntl.h>
#include <omfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define PROG "/tmp/t_exec.prog"
#define CHUNK 16384
#define WAIT_MS 20
#define WAIT_TRIES 250 /* 5 s for the server's sweep (every half second of quiet) */

static char buf[CHUNK];

/* Copy the boot image's /bin/t_exec to path with mode; its size, or -1. */
static long
copy_self(const char *path, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    long at = 0;
    int n;

    if (fd < 0)
        return -1;
    while ((n = bootread("/bin/t_exec", (uint32_t)at, buf, sizeof(buf))) > 0) {
        if (write(fd, buf, (size_t)n) != n)
            break;
        at += n;
    }
    if (close(fd) < 0 || n < 0)
        return -1;
    return at;
}

/* Cut file path to size bytes (truncate). 0, or -1 with errno. */
static int
cut(const char *path, long size)
{
    int fd = open(path, O_WRONLY);

    if (fd < 0)
        return -1;
    int r = ftruncate(fd, size);
    close(fd);
    return r;
}

/* The server's windows now (files some process maps or runs). */
static int
windows_now(void)
{
    struct omfs_info info;

    return omfs_info(&info) < 0 ? -1 : (int)info.windows;
}

/* Wait until the server holds `want` windows again (it lets a program's
 * window go at a sweep after its last process ended). 0 or -1. */
static int
windows_back_to(int want)
{
    for (int i = 0; i < WAIT_TRIES; i++) {
        if (windows_now() == want)
            return 0;
        usleep(WAIT_MS * 1000);
    }
    printf("# windows %d, expected %d\n", windows_now(), want);
    return -1;
}

/* Start path with up to two arguments; the pid or -errno. */
static rid_t
start(const char *path, const char *a1, const char *a2)
{
    static int serial;
    char name[RES_NAME_MAX];
    char *argv[] = {(char *)path, (char *)a1, (char *)a2, NULL};
    rid_t pid;

    do {
        snprintf(name, sizeof(name), "t_exec.%d", ++serial);
        pid = proccreate(name, path, argv, 0, TEST_MODE);
    } while (pid == -EEXIST);
    return pid;
}

/* Run path to its end; its status, or -errno if it could not start. */
static int
run(const char *path, const char *a1, const char *a2)
{
    int status;
    rid_t pid = start(path, a1, a2);

    if (pid < 0)
        return pid;
    return procwait(pid, &status) == pid ? status : -1000;
}

/* Start path "wait" with its standard input the read end of a new pipe,
 * whose write end goes to *wfd. The pid or -errno. */
static rid_t
start_waiting(const char *path, int *wfd)
{
    int fd[2], saved = dup(0);
    rid_t pid;

    if (saved < 0 || pipe(fd) < 0)
        return -EMFILE;
    fcntl(fd[1], F_SETFD, FD_CLOEXEC); // the child must not hold the write end: EOF comes
    fcntl(saved, F_SETFD, FD_CLOEXEC);
    dup2(fd[0], 0);
    close(fd[0]);
    pid = start(path, "wait", NULL);
    dup2(saved, 0);
    close(saved);
    *wfd = fd[1];
    return pid;
}

/* Microseconds of `rounds` runs of path "exit 0" (start to procwait), the median. */
static long
median_run_us(const char *path, int rounds)
{
    long us[16];
    struct timespec a, b;

    for (int i = 0; i < rounds; i++) {
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (run(path, "exit", "0") != 0)
            return -1;
        clock_gettime(CLOCK_MONOTONIC, &b);
        us[i] = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
    }
    for (int i = 1; i < rounds; i++) // insertion sort: a handful
        for (int j = i; j > 0 && us[j] < us[j - 1]; j--) {
            long t = us[j];
            us[j] = us[j - 1];
            us[j - 1] = t;
        }
    return us[rounds / 2];
}

static int
runs_by_path_and_by_the_shell(void)
{
    int w0 = windows_now();

    CHECK(copy_self(PROG, 0755) > 0);
    CHECK_EQ(run(PROG, "exit", "42"), 42);
    printf("# start to end of this program: from the boot image %ld us, from the disk %ld us "
           "(medians of 9)\n",
           median_run_us("/bin/t_exec", 9), median_run_us(PROG, 9));
    CHECK_EQ(run("t_exec.prog", "exit", "3"), -ENOENT); // relative: the working directory
    CHECK_EQ(chdir("/tmp"), 0);
    CHECK_EQ(run("t_exec.prog", "exit", "3"), 3);
    CHECK_EQ(run("./t_exec.prog", "exit", "4"), 4);
    // the shell: a path as typed, and a name looked up in PATH (/usr/bin on the disk)
    CHECK_EQ(tap_run("sh", "-c", "/tmp/t_exec.prog exit 9", NULL, 0), 9);
    CHECK(copy_self("/usr/bin/t_exec.prog", 0755) > 0);
    CHECK_EQ(tap_run("sh", "-c", "t_exec.prog exit 5", NULL, 0), 5);
    CHECK_EQ(unlink("/usr/bin/t_exec.prog"), 0);
    CHECK(tap_run("sh", "-c", "t_exec.prog exit 5", NULL, 0) != 5); // gone: not found
    // cp keeps the execute bits, and copies from the boot image
    CHECK_EQ(tap_run("sh", "-c", "cp /bin/hello /tmp/t_exec.hello && /tmp/t_exec.hello", NULL, 0),
             0);
    CHECK_EQ(unlink("/tmp/t_exec.hello"), 0);
    CHECK_EQ(unlink(PROG), 0);
    CHECK_EQ(windows_back_to(w0), 0);
    return 0;
}

static int
two_processes_share_the_text(void)
{
    int w0 = windows_now(), wa, wb, status;
    struct res_info info;
    struct sysstat s0, s1, s2;
    rid_t a, b, text;

    CHECK(copy_self(PROG, 0755) > 0);
    CHECK_EQ(sysstat(&s0), 0);
    CHECK((a = start_waiting(PROG, &wa)) > 0);
    CHECK_EQ(sysstat(&s1), 0);
    CHECK((b = start_waiting(PROG, &wb)) > 0);
    CHECK_EQ(sysstat(&s2), 0);
    // one text region, shown from the file's window: two mappings, no frame of its own
    CHECK((text = resfind(RT_VREGION, "text:t_exec.prog")) > 0);
    CHECK_EQ(resinfo(text, &info), 0);
    CHECK_EQ(info.u.vregion.maps, 2);
    CHECK_EQ(info.u.vregion.frames, 0);
    CHECK(info.u.vregion.pages >= 8); // this suite's text is more than a few pages
    printf("# text %u pages shared; frames taken by the first process %d, by the second %d\n",
           info.u.vregion.pages, (int)(s0.free_frames - s1.free_frames),
           (int)(s1.free_frames - s2.free_frames));
    // a running program's file is not to be written
    CHECK_EQ(open(PROG, O_WRONLY), -1);
    CHECK_EQ(errno, ETXTBSY);
    CHECK_EQ(open(PROG, O_RDWR | O_TRUNC), -1);
    CHECK_EQ(errno, ETXTBSY);
    CHECK_EQ(cut(PROG, 0), -1);
    CHECK_EQ(errno, ETXTBSY);
    close(wa);
    close(wb);
    CHECK_EQ(procwait(a, &status), a);
    CHECK_EQ(status, 7);
    CHECK_EQ(procwait(b, &status), b);
    CHECK_EQ(status, 7);
    CHECK_EQ(windows_back_to(w0), 0);
    // nothing runs it now: it may be written again
    int fd = open(PROG, O_WRONLY);
    CHECK(fd >= 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink(PROG), 0);
    return 0;
}

static int
removed_while_running(void)
{
    int w0 = windows_now(), wa, status;
    rid_t a, b;

    CHECK(copy_self(PROG, 0755) > 0);
    CHECK((a = start_waiting(PROG, &wa)) > 0);
    CHECK_EQ(unlink(PROG), 0); // the kernel gives the running copy its text pages
    CHECK_EQ(windows_back_to(w0), 0);
    CHECK_EQ(run(PROG, "exit", "1"), -ENOENT);
    // a new file of the same name is another program, free to be written
    CHECK(copy_self(PROG, 0755) > 0);
    CHECK((b = start(PROG, "exit", "11")) > 0);
    close(wa);
    CHECK_EQ(procwait(a, &status), a); // its whole text still there: it ends as it should
    CHECK_EQ(status, 7);
    CHECK_EQ(procwait(b, &status), b);
    CHECK_EQ(status, 11);
    CHECK_EQ(unlink(PROG), 0);
    CHECK_EQ(windows_back_to(w0), 0);
    return 0;
}

/* Write n bytes of buf to path with mode. 0 or -1. */
static int
put(const char *path, const void *bytes, size_t n, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

    if (fd < 0)
        return -1;
    int ok = write(fd, bytes, n) == (ssize_t)n;
    return close(fd) == 0 && ok ? 0 : -1;
}

/* The ELF header and program headers of /bin/t_exec, patched by patch(),
 * written to PROG; then proccreate's error. */
static int
run_patched(void (*patch)(uint8_t *elf))
{
    static uint8_t head[CHUNK];
    long size = copy_self(PROG, 0755);
    int fd;

    if (size <= 0 || bootread("/bin/t_exec", 0, head, sizeof(head)) <= 0)
        return -1000;
    patch(head);
    if ((fd = open(PROG, O_WRONLY)) < 0 || write(fd, head, 4096) != 4096 || close(fd) < 0)
        return -1001;
    int r = run(PROG, "exit", "0");
    unlink(PROG);
    return r;
}

static uint32_t *
word(uint8_t *elf, uint32_t off)
{
    return (uint32_t *)(elf + off);
}

static uint32_t
first_load(uint8_t *elf) // offset of the first program header (PT_LOAD in ours)
{
    return *word(elf, 28);
}

static void
huge_memsz(uint8_t *elf)
{
    *word(elf, first_load(elf) + 20) = 0xfffff000u;
}

static void
vaddr_in_kernel(uint8_t *elf)
{
    *word(elf, first_load(elf) + 8) = 0xc0000000u;
}

static void
phoff_past_end(uint8_t *elf)
{
    *word(elf, 28) = 0x7ffffff0u;
}

static void
offset_past_end(uint8_t *elf)
{
    *word(elf, first_load(elf) + 4) = 0x7ffff000u;
}

static void
many_phdrs(uint8_t *elf)
{
    *(uint16_t *)(elf + 44) = 0xffff;
}

static void
entry_outside(uint8_t *elf)
{
    *word(elf, 24) = 0x7fffffffu;
}

static int
refusals(void)
{
    static uint8_t junk[8192];
    int w0 = windows_now();
    long size;

    // no execute permission, a directory, a missing file
    CHECK(copy_self(PROG, 0644) > 0);
    CHECK_EQ(run(PROG, "exit", "0"), -EACCES);
    CHECK_EQ(chmod(PROG, 0755), 0);
    CHECK_EQ(run(PROG, "exit", "6"), 6);
    CHECK_EQ(run("/tmp", "exit", "0"), -EACCES);
    CHECK_EQ(run("/tmp/t_exec.none", "exit", "0"), -ENOENT);
    // a file open for writing somewhere is not run
    int fd = open(PROG, O_WRONLY);
    CHECK(fd >= 0);
    CHECK_EQ(run(PROG, "exit", "0"), -ETXTBSY);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(run(PROG, "exit", "2"), 2);
    // not a program; a program cut short; an empty file
    for (unsigned i = 0; i < sizeof(junk); i++)
        junk[i] = (uint8_t)(i * 7 + 1);
    CHECK_EQ(put("/tmp/t_exec.junk", junk, sizeof(junk), 0755), 0);
    CHECK_EQ(run("/tmp/t_exec.junk", "exit", "0"), -ENOEXEC);
    CHECK_EQ(put("/tmp/t_exec.junk", "#!/bin/sh\necho hi\n", 18, 0755), 0);
    CHECK_EQ(run("/tmp/t_exec.junk", "exit", "0"), -ENOEXEC);
    CHECK_EQ(put("/tmp/t_exec.junk", "", 0, 0755), 0);
    CHECK_EQ(run("/tmp/t_exec.junk", "exit", "0"), -ENOEXEC);
    CHECK((size = copy_self(PROG, 0755)) > 0);
    CHECK_EQ(cut(PROG, size / 2), 0);
    CHECK_EQ(run(PROG, "exit", "0"), -ENOEXEC);
    CHECK_EQ(cut(PROG, 100), 0);
    CHECK_EQ(run(PROG, "exit", "0"), -ENOEXEC);
    // hostile program headers: refused, never a crash
    CHECK_EQ(run_patched(huge_memsz), -ENOEXEC);
    CHECK_EQ(run_patched(vaddr_in_kernel), -ENOEXEC);
    CHECK_EQ(run_patched(phoff_past_end), -ENOEXEC);
    CHECK_EQ(run_patched(offset_past_end), -ENOEXEC);
    CHECK_EQ(run_patched(many_phdrs), -ENOEXEC);
    CHECK_EQ(run_patched(entry_outside), -ENOEXEC);
    // the kernel's own checks: an image outside any window of ours
    struct kprocwin a = {.name = (uint32_t)(uintptr_t) "x",
                         .path = (uint32_t)(uintptr_t) "x",
                         .image = (uint32_t)(uintptr_t)junk & ~4095u,
                         .size = 4096};
    CHECK_EQ(sys_proccreatewin((uint32_t)(uintptr_t)&a), -EINVAL);
    a.image = 0xc0000000u;
    CHECK_EQ(sys_proccreatewin((uint32_t)(uintptr_t)&a), -EINVAL);
    CHECK_EQ(sys_proccreatewin(0xc0000000u), -EFAULT);
    CHECK_EQ(unlink("/tmp/t_exec.junk"), 0);
    CHECK_EQ(unlink(PROG), -1); // run_patched removed it
    CHECK_EQ(windows_back_to(w0), 0);
    return 0;
}

/* What another owner may not run: a file it may not read or execute. */
static int
as_other_owner(void)
{
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK_EQ(run(PROG, "exit", "0"), -EACCES);
    return 0;
}

static int
other_owners_need_the_rights(void)
{
    int w0 = windows_now();

    CHECK(copy_self(PROG, 0700) > 0);
    CHECK_EQ(tap_run("t_exec", "other", NULL, NULL, 0), 0);
    CHECK_EQ(chmod(PROG, 0755), 0);
    CHECK_EQ(tap_run("t_exec", "other-runs", NULL, NULL, 0), 0);
    CHECK_EQ(unlink(PROG), 0);
    CHECK_EQ(windows_back_to(w0), 0);
    return 0;
}

static uint8_t own_image[512 * 1024] __attribute__((aligned(4096)));

#define FLAG "/tmp/t_exec.flag"

/* Start /bin/t_exec "waitgone FLAG" from a window of our own memory holding
 * its bytes (the kernel takes any window its caller has attached). The raw
 * call passes no descriptors (the library's proccreate does that), so the
 * child waits for a file to go rather than for a pipe. The pid or -errno. */
static rid_t
start_from_window(void *base, uint32_t size)
{
    static char *argv[] = {"t_exec.win", "waitgone", FLAG, NULL};
    static int serial;
    char name[RES_NAME_MAX];

    snprintf(name, sizeof(name), "t_exec.win.%d", ++serial);
    struct kprocwin a = {.name = (uint32_t)(uintptr_t)name,
                         .path = (uint32_t)(uintptr_t) "/t_exec.win",
                         .argv = (uint32_t)(uintptr_t)argv,
                         .mod = TEST_MODE,
                         .image = (uint32_t)(uintptr_t)base,
                         .size = size};
    return sys_proccreatewin((uint32_t)(uintptr_t)&a);
}

static int
window_pages_change_under_a_running_text(void)
{
    uint32_t size = 0, npages;
    int n, status;
    struct res_info info;
    rid_t win, a, b, c, text;
    void *base;

    while ((n = bootread("/bin/t_exec", size, own_image + size, sizeof(own_image) - size)) > 0)
        size += (uint32_t)n;
    CHECK(size > 0 && size < sizeof(own_image) - 4096);
    CHECK_EQ(put(FLAG, "x", 1, 0644), 0);
    npages = (size + 4095) / 4096;
    CHECK((win = vwcreate("", npages + 1, RCC_OWNER(RCC_ALL))) > 0);
    CHECK_EQ(vwmap(win, 0, own_image, npages), 0);
    CHECK((base = vwattach(win, getpid(), VUS_READ)) != NULL);
    CHECK((a = start_from_window(base, size)) > 0);
    CHECK((text = resfind(RT_VREGION, "text:t_exec.win")) > 0);
    CHECK_EQ(resinfo(win, &info), 0);
    CHECK_EQ(info.u.vregion.maps, 2); // attached to us, shown as one text
    // a page shown anew (another frame): the running text keeps its bytes
    CHECK_EQ(vwmap(win, 0, own_image + 4096 * npages, 1), 0);
    CHECK_EQ(resinfo(text, &info), 0);
    CHECK_EQ(info.u.vregion.frames, 1);
    CHECK((b = start_from_window(base, size)) == -ENOEXEC); // page 0 is no ELF now
    CHECK_EQ(vwmap(win, 0, own_image, 1), 0);
    CHECK((b = start_from_window(base, size)) > 0);
    // pages taken out of the window: the texts keep copies
    CHECK_EQ(vwunmap(win, 1, npages - 1), 0);
    CHECK((c = start_from_window(base, size)) == -ENOEXEC); // cut short now
    CHECK_EQ(vwmap(win, 1, own_image + 4096, npages - 1), 0);
    CHECK((c = start_from_window(base, size)) > 0);
    // the window deleted: every text keeps its pages
    CHECK_EQ(resdelete(win), 0);
    CHECK_EQ(unlink(FLAG), 0); // they end now
    CHECK_EQ(procwait(a, &status), a);
    CHECK_EQ(status, 7);
    CHECK_EQ(procwait(b, &status), b);
    CHECK_EQ(status, 7);
    CHECK_EQ(procwait(c, &status), c);
    CHECK_EQ(status, 7);
    CHECK_EQ(resinfo(text, &info), -1); // gone with its last process
    return 0;
}

static const struct tcase cases[] = {
    {"a program copied onto the disk runs by path, relative path and the shell's PATH",
     runs_by_path_and_by_the_shell},
    {"two processes of a disk program share one text region of the window; ETXTBSY meanwhile",
     two_processes_share_the_text},
    {"a program's file removed while it runs: it ends as it should, the name is free",
     removed_while_running},
    {"refused: no x bit (EACCES), a writer (ETXTBSY), not a program or cut short (ENOEXEC), "
     "hostile headers",
     refusals},
    {"another owner runs a disk program only with read and execute permission",
     other_owners_need_the_rights},
    {"window pages remapped, taken out or deleted under running texts: copies, no crash",
     window_pages_change_under_a_running_text},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_exec", "test suite: programs on the disk (TAP)"))
        return 0;
    if (argc == 3 && strcmp(argv[1], "exit") == 0)
        return atoi(argv[2]);
    if (argc == 2 && strcmp(argv[1], "wait") == 0) {
        while (read(0, buf, sizeof(buf)) > 0)
            ;
        return 7;
    }
    if (argc == 3 && strcmp(argv[1], "waitgone") == 0) {
        struct stat fst;
        while (stat(argv[2], &fst) == 0)
            usleep(10000);
        return 7;
    }
    if (argc == 2 && strcmp(argv[1], "other") == 0)
        return as_other_owner();
    if (argc == 2 && strcmp(argv[1], "other-runs") == 0) {
        if (tap_become(TEST_OID) < 0)
            return 1;
        return run(PROG, "exit", "8") == 8 ? 0 : 1;
    }
    struct stat st;
    if (argc == 1 && stat("/etc/passwd", &st) < 0) // warm up the server before the counts
        return 1;
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}
