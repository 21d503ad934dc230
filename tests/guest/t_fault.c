/*
 * t_fault: commits one CPU fault in user mode, chosen by its argument, so the
 * suites can check that the kernel ends only this process, with the vector:
 *   null (14)  div (0)  ud (6)  gp (13)  rotext (14)  kernel (14)  stack (14)
 *   clock (14: a store into the clock page, which every process may read)
 *   port (13: an I/O port it was not given)
 *   detach (13: the IDE ports given, used, taken back with iodetach, used)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <tender.h>

#include "kernel/abi/clockpage.h"

static volatile int zero;

static int
recurse(int depth)
{
    volatile char pad[1024];

    pad[0] = (char)depth;
    if (depth > (1 << 20)) // 1 GiB: far beyond the 8 MiB a stack may grow to, never reached
        return 0;
    return recurse(depth + 1) + pad[0];
}

static int
status_port(void)
{
    return inb(0x1f7); // the IDE status port
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_fault KIND", "test helper: one CPU fault in user mode"))
        return 0;
    const char *kind = argc > 1 ? argv[1] : "";

    if (strcmp(kind, "null") == 0)
        return *(volatile int *)0;
    if (strcmp(kind, "div") == 0)
        return 10 / zero;
    if (strcmp(kind, "ud") == 0)
        __asm__ volatile("ud2");
    if (strcmp(kind, "gp") == 0)
        __asm__ volatile("cli"); // privileged at CPL 3
    if (strcmp(kind, "rotext") == 0)
        *(volatile uint8_t *)(uintptr_t)main = 0xc3; // text is mapped read-only
    if (strcmp(kind, "kernel") == 0)
        return *(volatile int *)0xC0100000u;
    if (strcmp(kind, "clock") == 0)
        return (int)(*(volatile uint32_t *)CLOCK_PAGE_ADDR = 1);
    if (strcmp(kind, "stack") == 0)
        return recurse(0);
    if (strcmp(kind, "detach") == 0) {
        rid_t ata = resfind(RT_IOPORT, "ata0");
        if (ata < 0 || ioattach(ata) < 0 || status_port() == 0xff + 1 || iodetach(ata) < 0)
            return 101;
        return status_port(); // closed again: #GP
    }
    if (strcmp(kind, "port") == 0) {
        return inb(0x1f7); // the IDE status port
    }
    printf("t_fault: no fault for '%s'\n", kind);
    return 100;
}
