/*
 * servers/netd - the network server (DESIGN §7): QEMU's e1000 driven from
 * user space (e1000.c), lwIP 2.1 (Debian's source, unchanged) for IPv4,
 * ARP, DHCP, ICMP, TCP and UDP, and sockets for the library's
 * <sys/socket.h> calls (user/lib/sock.c) over container IPC.
 *
 * An ordinary process of the system owner, started by init after the file
 * server. One thread, one box (NETD_BOX, others may only send to it): the
 * requests arrive there, and so do the NIC's interrupt notifications
 * (devirq), so one crecv waits for both, with a time-out that is lwIP's
 * next timer or the next held request's limit. After every event the loop
 * runs lwIP until it is quiet (settle: received frames, looped-back
 * packets, timers, the held requests retried); the answer to a request
 * goes back in the same call that waits for the next (ccall). Without a
 * NIC (-nic none) netd says so and serves the loopback (127.0.0.1) alone.
 * NETD_STOP from the system owner lets the NIC go and ends netd.
 * The loop keeps where its time goes (stats.h: busy from an event to the
 * next wait, socket requests; link.c adds frames in and out), two rdtsc
 * per stage outside the IPC calls, for NETD_INFO.
 */
#include <elf.h>
#include <errno.h>
#include <ipc.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>

#include "kernel/abi/netd.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "servers/netd/e1000.h"
#include "servers/netd/link.h"
#include "servers/netd/ops.h"
#include "servers/netd/stats.h"
#include "servers/netd/sysarch.h"

#define BOX_MODE (RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ATT) | RCC_OTHER(RCC_ATT))
#define SWEEP_MS 500
#define TICK_MS 250
#define STACK_TOUCH (48 << 10)
#define SETTLE_ROUNDS 64 /* loopback rounds after one event, at most */

extern const char __ehdr_start[]; // our ELF header: the first byte of the program

struct netd_time netd_time;

/* Take every page netd will ever write now (its writable segments, lwIP's
 * heap and pools among them, and the stack), before init goes on: the
 * kernel gives a page at first touch, and a frame that appeared later, in
 * the middle of some test's count of free frames, would look like that
 * test's. */
static void __attribute__((noinline)) touch_memory(void)
{
    const Elf32_Ehdr *eh = (const Elf32_Ehdr *)__ehdr_start;
    const Elf32_Phdr *ph = (const Elf32_Phdr *)(__ehdr_start + eh->e_phoff);
    volatile char pad[STACK_TOUCH];

    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_W))
            continue;
        uintptr_t start = (uintptr_t)__ehdr_start + ph[i].p_vaddr;
        for (uintptr_t a = start & ~4095u; a < start + ph[i].p_memsz; a += 4096) {
            volatile char *p = (volatile char *)(a < start ? start : a);
            *p = *p;
        }
    }
    for (int i = 0; i < STACK_TOUCH; i += 1024)
        pad[i] = 0;
    (void)pad[0];
}

/* Whether a looped-back packet (127.0.0.1, or our own address) waits. */
static int
loop_pending(void)
{
    struct netif *n;

    NETIF_FOREACH(n)
    if (n->loop_first)
        return 1;
    return 0;
}

/* Run lwIP until it is quiet after an event: frames in, looped-back
 * packets (an answer over 127.0.0.1 makes the next one), timers, and the
 * held requests, which may send more. Returns the held requests' next
 * time-out (IPC_FOREVER: none). */
static int
settle(void)
{
    int held = IPC_FOREVER;

    for (int i = 0; i < SETTLE_ROUNDS; i++) {
        link_poll();
        netif_poll_all();
        sys_check_timeouts();
        held = ops_retry();
        if (!loop_pending())
            break;
    }
    return held;
}

int
main(int argc, char **argv)
{
    struct cmsg m, done;
    rid_t box, got;
    int answering = 0;
    uint32_t last_sweep, last_tick;
    int err;

    if (tender_help(argc, argv, "netd",
                    "the network server: e1000, lwIP, sockets (started by init)"))
        return 0;
    touch_memory();
    lwip_init();
    if ((err = link_start()) < 0)
        printf("netd: no network card (%s): loopback only\n",
               err == -ENODEV ? "none found" : strerror(-err));
    ops_have_nic = err == 0;
    ops_sweep(); // its first run's work done now too
    (void)settle();
    // the box last: init waits for it, and netd is quiet from then on
    if ((box = cbcreate(NETD_BOX, BOX_MODE)) < 0 || (ops_have_nic && link_bind(box) < 0)) {
        fprintf(stderr, "netd: cannot create the box: %s\n", strerror(errno));
        return 1;
    }
    last_sweep = last_tick = sys_now();
    uint64_t woke = rdtsc();
    while (!ops_stop_requested) {
        int held = settle(), wait = (int)sys_timeouts_sleeptime();
        if (held != IPC_FOREVER && (wait < 0 || held < wait))
            wait = held;
        if (wait < 0 || wait > TICK_MS)
            wait = TICK_MS;
        netd_time.busy += rdtsc() - woke;
        // the last request's answer and the wait for the next: one call
        got = answering ? ops_answer(&done, box, &m, wait) : crecv(box, &m, wait);
        woke = rdtsc();
        answering = 0;
        netd_clock_update(); // the time of this event, for all of lwIP until the next
        if (got > 0 && e1000_note && got == e1000_note) {
            link_irq();
        } else if (got > 0) {
            netd_time.requests++;
            if (ops_take(&m))
                done = m, answering = 1;
            // else held
            netd_time.req += rdtsc() - woke;
        }
        if (got <= 0 && got != -ETIMEDOUT && got != -EAGAIN && got != -EINTR && got != -ENOMEM)
            break; // the box is gone
        uint32_t now = sys_now();
        if (now - last_tick >= TICK_MS) {
            link_tick();
            last_tick = now;
        }
        if (now - last_sweep >= SWEEP_MS) {
            ops_sweep();
            last_sweep = now;
        }
    }
    if (answering && (!done.reply || csend(done.reply, done.cont) < 0)) // NETD_STOP's
        resdelete(done.cont);
    link_stop();
    resdelete(box);
    return 0;
}
