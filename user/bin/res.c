/*
 * user/bin/res.c - print the resource table.
 *
 *     res [TYPE]    TYPE: vregion, vspace, vuspace, proc, cbox, container,
 *                   ioport, device, or its number (RT_*); default: every type
 *     res RID|NAME  one resource, by rid or by name
 *
 * One line per live resource the caller may read: rid, type, name, owner,
 * group, mode (owner/group/other as "RMDAC/R..A./R...."), reference count and
 * the type's own details. Without TYPE it ends with the kernel's free frames
 * and free slots per type (sysstat).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>

#define BATCH 32

static const char *const type_names[RT_COUNT] = {
    [RT_VREGION] = "vregion", [RT_VSPACE] = "vspace", [RT_VUSPACE] = "vuspace",
    [RT_PROC] = "proc",       [RT_CBOX] = "cbox",     [RT_CONTAINER] = "container",
    [RT_IOPORT] = "ioport",   [RT_DEVICE] = "device", [RT_PIPE] = "pipe",
};

/* TYPE argument: a name from type_names or a number; returns RT_* or 0 */
static int
parse_type(const char *s)
{
    char *end;
    long v = strtol(s, &end, 0);

    if (*s != '\0' && *end == '\0')
        return v >= RT_VREGION && v < RT_COUNT ? (int)v : 0;
    for (int t = RT_VREGION; t < RT_COUNT; t++)
        if (strcmp(s, type_names[t]) == 0)
            return t;
    return 0;
}

/* the type-specific part of a resource's info */
static void
format_detail(const struct res_info *r, char *buf, size_t size)
{
    const char *prot;

    switch (r->type) {
    case RT_VREGION:
        snprintf(buf, size, "pages=%u frames=%u", r->u.vregion.pages, r->u.vregion.frames);
        break;
    case RT_VSPACE:
        snprintf(buf, size, "procs=%u pages=%u", r->u.vspace.nprocs, r->u.vspace.pages);
        break;
    case RT_VUSPACE:
        prot = r->u.vuspace.prot & VUS_WRITE ? (r->u.vuspace.prot & VUS_EXEC ? "rwx" : "rw-")
                                             : (r->u.vuspace.prot & VUS_EXEC ? "r-x" : "r--");
        snprintf(buf, size, "vm=%d vr=%d 0x%x+0x%x %s", r->u.vuspace.vspace, r->u.vuspace.vregion,
                 r->u.vuspace.start, r->u.vuspace.size, prot);
        break;
    case RT_PROC:
        snprintf(buf, size, "vm=%d parent=%d pages=%u", r->u.proc.vspace, r->u.proc.parent,
                 r->u.proc.pages);
        break;
    case RT_CBOX:
        snprintf(buf, size, "queued=%u waiting=%u", r->u.cbox.queued, r->u.cbox.waiting);
        break;
    case RT_CONTAINER:
        snprintf(buf, size, "size=%u holder=%d", r->u.container.size, r->u.container.holder);
        break;
    case RT_IOPORT:
        snprintf(buf, size, "ports=0x%x+%u", r->u.ioport.base[0], r->u.ioport.count[0]);
        if (r->u.ioport.count[1])
            snprintf(buf + strlen(buf), size - strlen(buf), ",0x%x+%u", r->u.ioport.base[1],
                     r->u.ioport.count[1]);
        break;
    case RT_DEVICE:
        snprintf(buf, size, "%04x:%04x irq=%d holder=%d", r->u.device.vendor, r->u.device.device,
                 r->u.device.irq == DEV_IRQ_NONE ? -1 : r->u.device.irq, r->u.device.holder);
        for (int i = 0; i < DEV_BARS; i++)
            if (r->u.device.kind[i] != DEV_BAR_NONE && strlen(buf) < size)
                snprintf(buf + strlen(buf), size - strlen(buf), " %s%d=0x%x+0x%x",
                         r->u.device.kind[i] == DEV_BAR_IO ? "io" : "mem", i,
                         r->u.device.bar[i].base, r->u.device.bar[i].size);
        break;
    case RT_PIPE:
        snprintf(buf, size, "bytes=%u readers=%u writers=%u", (unsigned)r->u.pipe.bytes,
                 (unsigned)r->u.pipe.readers, (unsigned)r->u.pipe.writers);
        break;
    default:
        buf[0] = '\0';
        break;
    }
}

/* print resource rid's line if the caller may read it; returns 1 if printed */
static int
show_one(rid_t rid)
{
    struct res_info r;
    char mode[18], detail[128];

    if (resinfo(rid, &r) < 0 || r.type <= 0 || r.type >= RT_COUNT)
        return 0;
    rcc_mode_text(r.mode, mode);
    format_detail(&r, detail, sizeof(detail));
    printf("%-10d %-9s %-18s %5u %5u %-17s %4u  %s\n", rid, type_names[r.type],
           r.name[0] ? r.name : "-", r.owner, r.group, mode, r.refs, detail);
    return 1;
}

/* print every readable resource of type; returns how many, or -1 if reslist failed */
static int
list_type(int type)
{
    rid_t rids[BATCH], after = 0;
    int n, count = 0;

    do {
        if ((n = reslist(type, after, rids, BATCH)) < 0)
            return -1;
        for (int i = 0; i < n; i++)
            count += show_one(rids[i]);
        if (n > 0)
            after = rids[n - 1];
    } while (n == BATCH);
    return count;
}

static void
show_free(void)
{
    struct sysstat st;

    if (sysstat(&st) < 0)
        return;
    printf("free frames %u; free slots:", st.free_frames);
    for (int t = RT_VREGION; t < RT_COUNT; t++)
        printf(" %s %u", type_names[t], st.free_slots[t]);
    putchar('\n');
}

/* A resource named by rid or by name (any type), or 0. */
static rid_t
find_one(const char *s)
{
    char *end;
    long v = strtol(s, &end, 0);

    if (*s != '\0' && *end == '\0')
        return v > 0 ? (rid_t)v : 0;
    for (int t = RT_VREGION; t < RT_COUNT; t++) {
        rid_t r = resfind(t, s);
        if (r > 0)
            return r;
    }
    return 0;
}

#define HEADER "%-10s %-9s %-18s %5s %5s %-17s %4s  %s\n"

/* res [TYPE|RID|NAME]: see the top of this file. Returns 0, 1 if listing
 * failed or the resource cannot be read, 2 on misuse. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "res [TYPE|RID|NAME]", "print the resources: all, a type or one"))
        return 0;
    int type = 0, total = 0;
    rid_t one = 0;

    if (argc > 2 ||
        (argc == 2 && (type = parse_type(argv[1])) == 0 && (one = find_one(argv[1])) == 0)) {
        fputs("usage: res [vregion|vspace|vuspace|proc|cbox|container|ioport|device|TYPE-NUMBER|"
              "RID|NAME]\n",
              stderr);
        return 2;
    }
    if (one) {
        printf(HEADER, "RID", "TYPE", "NAME", "OWNER", "GROUP", "MODE", "REFS", "DETAIL");
        if (show_one(one))
            return 0;
        fprintf(stderr, "res: %s: cannot read it\n", argv[1]);
        return 1;
    }
    printf("%-10s %-9s %-18s %5s %5s %-17s %4s  %s\n", "RID", "TYPE", "NAME", "OWNER", "GROUP",
           "MODE", "REFS", "DETAIL");
    for (int t = RT_VREGION; t < RT_COUNT; t++) {
        int n;

        if (type != 0 && t != type)
            continue;
        if ((n = list_type(t)) < 0) {
            perror("res: reslist");
            return 1;
        }
        total += n;
    }
    printf("%d resources\n", total);
    if (type == 0)
        show_free();
    return 0;
}
