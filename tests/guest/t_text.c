/*
 * t_text: shared program text and lazy program memory (proc/loader.c).
 * Every process running one program maps one text region ("text:NAME", the
 * boot image's own pages: no frame of its own) read-only; a process's data
 * shows the boot image until it stores there (a copy of its own then), and
 * .bss and the stack get zero pages at first touch. So a second process of
 * a program costs a few frames, whatever the program's size; no store of
 * one reaches another or the boot image; text cannot be written, not even
 * through the kernel; the kernel's own stores into untouched pages work.
 * The program is made big on purpose: 64 KiB of read-only data in its text,
 * 64 KiB of initialised data and 256 KiB of .bss.
 *     t_text                 the suite
 *     t_text hold            helper: sleep until killed
 *     t_text store           helper: check the data is the boot image's,
 *                            store 3 into marker, then sleep until killed
 *     t_text status          helper: exit with the marker it finds
 *     t_text rotext          helper: store into its own text (must fault)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <tender.h>

#include "tests/guest/tap.h"

#define KIB 1024
#define PAGE 4096
#define PAD_BYTES (64 * KIB)
#define BSS_BYTES (256 * KIB)
#define MARKER_FIRST 1  /* marker as the program file has it */
#define MARKER_PARENT 2 /* what the case stores into its own */
#define MARKER_CHILD 3  /* what the store helper stores into its own */
#define MARKER_WRONG 99 /* the helper's report: its data was not the file's */
#define WAIT_STEPS 500  /* 10 ms each: five seconds for a helper to be ready */

extern const char __ehdr_start[]; // the ELF header: the first byte of the program

static const uint8_t text_pad[PAD_BYTES] __attribute__((used)) = {1, 2, 3}; // .rodata: text
static volatile uint8_t data_pad[PAD_BYTES] = {7};
static volatile uint8_t bss_pad[BSS_BYTES];
static volatile int marker = MARKER_FIRST;

static rid_t
my_space(void)
{
    return getvmid(0);
}

/* The text vuspace of the process whose program starts at image (its text
 * begins at the program's first byte), in space vmid. */
static rid_t
text_vuspace(rid_t vmid, uintptr_t image, struct res_info *out)
{
    rid_t rids[256];
    int n = reslist(RT_VUSPACE, 0, rids, 256);

    for (int i = 0; i < n; i++)
        if (resinfo(rids[i], out) == 0 && out->u.vuspace.vspace == vmid &&
            out->u.vuspace.start == image)
            return rids[i];
    return -ENOENT;
}

/* The start of another process's copy of this program in space vmid: the
 * start of a vuspace of region text that is not ours; 0 if none. */
static uintptr_t
other_image(rid_t vmid, rid_t text)
{
    rid_t rids[256];
    struct res_info info;
    int n = reslist(RT_VUSPACE, 0, rids, 256);

    for (int i = 0; i < n; i++)
        if (resinfo(rids[i], &info) == 0 && info.u.vuspace.vspace == vmid &&
            info.u.vuspace.vregion == text && info.u.vuspace.start != (uintptr_t)__ehdr_start)
            return info.u.vuspace.start;
    return 0;
}

/* The region our text lives in, and its info. */
static rid_t
my_text(struct res_info *region)
{
    struct res_info vus;

    if (text_vuspace(my_space(), (uintptr_t)__ehdr_start, &vus) < 0 ||
        resinfo(vus.u.vuspace.vregion, region) < 0)
        return -ENOENT;
    return vus.u.vuspace.vregion;
}

static int
stop(rid_t pid)
{
    int status;

    resdelete(pid);
    return procwait(pid, &status) == pid ? 0 : -1;
}

/* Wait until a helper in our space has mapped its text (it is running). */
static uintptr_t
wait_for_other(rid_t text)
{
    for (int i = 0; i < WAIT_STEPS; i++) {
        uintptr_t at = other_image(my_space(), text);
        if (at)
            return at;
        sys_sleepms(10);
    }
    return 0;
}

static int
case_one_region(void)
{
    struct res_info region, after;
    rid_t text = my_text(&region), pid;
    uintptr_t other;

    CHECK(text > 0);
    CHECK_EQ(strcmp(region.name, "text:t_text"), 0);
    CHECK_EQ(region.owner, RCC_SYSTEM_OWNER);
    CHECK_EQ(region.u.vregion.frames, 0); // the boot image's pages, none of its own
    CHECK(region.u.vregion.pages >= PAD_BYTES / PAGE);
    CHECK((pid = tap_spawn("t_text", "hold", NULL, NULL, my_space())) > 0);
    CHECK((other = wait_for_other(text)) != 0);
    CHECK(other != (uintptr_t)__ehdr_start); // its own address, the same region
    CHECK_EQ(resinfo(text, &after), 0);
    CHECK_EQ(after.u.vregion.maps, region.u.vregion.maps + 1);
    CHECK_EQ(after.u.vregion.frames, 0);
    // the same bytes at both addresses: we read its text through our space
    CHECK_EQ(memcmp((const void *)other, __ehdr_start, PAGE), 0);
    CHECK_EQ(((const volatile uint8_t *)other)[(uintptr_t)text_pad - (uintptr_t)__ehdr_start + 2],
             3);
    CHECK_EQ(stop(pid), 0);
    CHECK_EQ(resinfo(text, &after), 0);
    CHECK_EQ(after.u.vregion.maps, region.u.vregion.maps);
    return 0;
}

/* A second process of this program (text 64+ KiB, data 64+ KiB, .bss 256
 * KiB, stack 64 KiB) costs what it touches: a few pages. */
static int
case_frames(void)
{
    struct res_info region;
    struct sysstat a, b;
    rid_t text = my_text(&region), pid;
    uint32_t cost;

    CHECK(text > 0);
    CHECK_EQ(sysstat(&a), 0);
    CHECK((pid = tap_spawn("t_text", "hold", NULL, NULL, my_space())) > 0);
    CHECK(wait_for_other(text) != 0);
    sys_sleepms(50); // it is asleep now, all it touched touched
    CHECK_EQ(sysstat(&b), 0);
    cost = a.free_frames - b.free_frames;
    printf("# a second process of a %u-page program costs %u frames\n", region.u.vregion.pages,
           cost);
    CHECK(cost < 16); // its text alone would be 17 pages, data 17, stack 16, .bss 64
    CHECK_EQ(stop(pid), 0);
    return 0;
}

/* A store into data stays in the process that made it: a fresh process
 * sees the program file's value, the storing one sees its own. */
static int
case_data_private(void)
{
    struct res_info region;
    rid_t text = my_text(&region), pid;
    uintptr_t other, off = (uintptr_t)&marker - (uintptr_t)__ehdr_start;
    volatile int *theirs;
    int i;

    CHECK(text > 0);
    marker = MARKER_PARENT;
    CHECK((pid = tap_spawn("t_text", "store", NULL, NULL, my_space())) > 0);
    CHECK((other = wait_for_other(text)) != 0);
    theirs = (volatile int *)(other + off);
    for (i = 0; i < WAIT_STEPS && *theirs == MARKER_FIRST; i++)
        sys_sleepms(10);
    CHECK_EQ(*theirs, MARKER_CHILD); // not MARKER_WRONG: it started from the file's bytes
    CHECK_EQ(marker, MARKER_PARENT);
    // its untouched data shows the file's bytes; its .bss reads as zeros
    CHECK_EQ(*(volatile uint8_t *)(other + ((uintptr_t)data_pad - (uintptr_t)__ehdr_start)), 7);
    CHECK_EQ(*(volatile uint8_t *)(other + ((uintptr_t)bss_pad - (uintptr_t)__ehdr_start) +
                                   BSS_BYTES / 2),
             0);
    CHECK_EQ(stop(pid), 0);
    // no store reached the boot image: a new process (another space) sees the file's value
    CHECK_EQ(tap_run("t_text", "status", NULL, NULL, 0), MARKER_FIRST);
    return 0;
}

static int
case_text_readonly(void)
{
    struct ktimespec ts;

    CHECK_EQ(tap_run("t_text", "rotext", NULL, NULL, 0), PROC_STATUS_FAULT(14));
    // the kernel refuses to store into text for us, too
    CHECK_EQ(sys_clockget(KCLOCK_MONOTONIC, (uint32_t)(uintptr_t)text_pad), -EFAULT);
    CHECK_EQ(sys_uaccess((uint32_t)(uintptr_t)text_pad, 1, 1), -EFAULT);
    CHECK_EQ(sys_uaccess((uint32_t)(uintptr_t)text_pad, 1, 0), 0);
    const volatile uint8_t *t = text_pad;
    CHECK_EQ(t[0] + t[1] + t[2], 6);
    CHECK_EQ(sys_clockget(KCLOCK_MONOTONIC, (uint32_t)(uintptr_t)&ts), 0);
    return 0;
}

/* The kernel stores into pages the process never touched: a .bss page (no
 * frame yet) and a data page that still shows the boot image. */
static int
case_kernel_stores(void)
{
    struct ktimespec *in_bss = (struct ktimespec *)(uintptr_t)(bss_pad + BSS_BYTES - PAGE);
    struct ktimespec *in_data = (struct ktimespec *)(uintptr_t)(data_pad + PAD_BYTES - PAGE);

    CHECK_EQ(sys_clockget(KCLOCK_MONOTONIC, (uint32_t)(uintptr_t)in_bss), 0);
    CHECK(in_bss->sec != 0 || in_bss->nsec != 0);
    CHECK_EQ(sys_clockget(KCLOCK_MONOTONIC, (uint32_t)(uintptr_t)in_data), 0);
    CHECK(in_data->sec != 0 || in_data->nsec != 0);
    CHECK_EQ(sys_uaccess((uint32_t)(uintptr_t)(bss_pad + PAGE), PAGE, 1), 0);
    CHECK_EQ(data_pad[0], 7);
    // and a fresh process still has the file's bytes there
    CHECK_EQ(tap_run("t_text", "status", NULL, NULL, 0), MARKER_FIRST);
    return 0;
}

/* A program's text region is there while a process runs it, and goes
 * with the last. */
static int
case_region_goes(void)
{
    rid_t pid, found;

    CHECK_EQ(resfind(RT_VREGION, "text:true"), -ENOENT);
    CHECK((pid = tap_spawn("true", NULL, NULL, NULL, 0)) > 0);
    found = resfind(RT_VREGION, "text:true");
    int status;
    CHECK_EQ(procwait(pid, &status), pid);
    CHECK(found > 0);
    CHECK_EQ(resfind(RT_VREGION, "text:true"), -ENOENT);
    return 0;
}

static const struct tcase cases[] = {
    {"two processes of one program map one text region", case_one_region},
    {"a second process costs only what it touches", case_frames},
    {"a store into data stays with its process", case_data_private},
    {"text cannot be written, not even by the kernel for us", case_text_readonly},
    {"the kernel stores into untouched .bss and data pages", case_kernel_stores},
    {"a program's text region goes with its last process", case_region_goes},
};

static int
helper(const char *what)
{
    if (!strcmp(what, "hold")) {
        sys_sleepms(100000);
        return 0;
    }
    if (!strcmp(what, "store")) {
        marker = marker == MARKER_FIRST && data_pad[0] == 7 && bss_pad[0] == 0 ? MARKER_CHILD
                                                                               : MARKER_WRONG;
        sys_sleepms(100000);
        return 0;
    }
    if (!strcmp(what, "status"))
        return marker;
    if (!strcmp(what, "rotext")) {
        *(volatile uint8_t *)(uintptr_t)text_pad = 0; // text is mapped read-only
        return 0;
    }
    return 2;
}

int
main(int argc, char **argv)
{
    if (argc == 2)
        return helper(argv[1]);
    // A warm-up before the leak check's first count: every case once. The
    // kernel keeps some memory it grows into (its heap grows by 64 KiB
    // chunks), and whether these cases need more of it depends on what else
    // runs (netd, a job in the background); a second run of the suite in one
    // boot counts the same before and after, so the first run's growth is
    // had here, before counting.
    if (argc == 1) {
        char num[12];
        printf("# warm-up: every case once, uncounted\n");
        for (int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
            snprintf(num, sizeof(num), "%d", i);
            tap_run("t_text", "case", num, NULL, 0);
            tap_cleanup();
        }
    }
    return tap_main(argc, argv, cases, (int)(sizeof(cases) / sizeof(cases[0])));
}
