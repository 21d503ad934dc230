/*
 * The console. Output (printk, write) goes to every output device at once
 * (arch_console_putc). Input: bytes from the serial port (IRQ 4) and the
 * PS/2 keyboard (IRQ 1) go into one ring buffer; readers sleep until it
 * holds something.
 * No line discipline: the shell edits and echoes lines itself, exactly as it
 * would on a raw serial terminal. When the buffer is full, new bytes are
 * dropped. One exception: while a foreground process is set (consfg),
 * Ctrl-C (0x03) does not go into the buffer but ends that process and its
 * descendants with PROC_STATUS_INTR. The interrupt handler only notes it; the
 * scheduler delivers it at the next safe point (console_deliver_interrupt),
 * where no kernel code is half-way through anything.
 * Public: console_init, console_putc, console_write, console_input_init,
 * console_input_irq, console_read, console_deliver_interrupt, sys_consfg.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/config.h"
#include "kernel/console.h"
#include "kernel/resource.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "proc/proc.h"
#include "proc/sched.h"

#define INPUT_SIZE 512
#define CTRL_C 0x03

static char input[INPUT_SIZE];
static uint32_t head, tail; // bytes live in [tail, head), indices modulo INPUT_SIZE
static rid_t foreground;    // the process Ctrl-C ends, 0 if none
bool console_intr_pending; // Ctrl-C arrived for it, not yet delivered

static void
push(char c)
{
    if (c == CTRL_C && foreground) {
        console_intr_pending = true;
        return;
    }
    if (head - tail < INPUT_SIZE)
        input[head++ % INPUT_SIZE] = c;
}

/* Bring up the output devices (before anything is printed). */
void
console_init(void)
{
    arch_console_init();
}

/* Write one character to every output device. */
void
console_putc(char c)
{
    arch_console_putc(c);
}

/* Write n bytes to the console. */
void
console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        arch_console_putc(s[i]);
}

/* Start taking interrupts from the serial port and the keyboard, and take
 * whatever arrived before: a byte left in a device would keep its interrupt
 * from ever firing again. */
void
console_input_init(void)
{
    arch_input_enable();
    console_input_irq(CONSOLE_SERIAL);
    console_input_irq(CONSOLE_KEYBOARD);
}

/* IRQ from a console device: move its bytes into the buffer, wake readers. */
void
console_input_irq(int source)
{
    int c;

    while ((c = arch_console_getc(source == CONSOLE_SERIAL ? ARCH_CONSOLE_SERIAL
                                                           : ARCH_CONSOLE_KEYBOARD)) >= 0)
        push((char)c);
    if (head != tail)
        sched_wakeup(input);
}

/* Take up to n bytes, sleeping until at least one is there. Returns the count. */
size_t
console_read(char *buf, size_t n)
{
    size_t got = 0;

    while (head == tail)
        sched_sleep(input);
    while (got < n && tail != head)
        buf[got++] = input[tail++ % INPUT_SIZE];
    return got;
}

/* Is q a descendant of p? */
static bool
descends_from(const struct proc *q, const struct proc *p)
{
    for (q = q->parent; q; q = q->parent)
        if (q == p)
            return true;
    return false;
}

/* Deliver a pending Ctrl-C: end the foreground process and everything it
 * started (descendants first, so none is orphaned and left running). Called
 * at the scheduler's safe points; may end the current process. */
void
console_deliver_interrupt(void)
{
    struct proc *victims[CONFIG_NR_PROC];
    struct resource *r;
    unsigned n = 0;

    if (!console_intr_pending)
        return;
    console_intr_pending = false;
    if (res_lookup(foreground, RT_PROC, &r) < 0 || to_proc(r)->state == PROC_ZOMBIE)
        return;
    foreground = 0;
    for (struct resource *q = res_next(RT_PROC, NULL); q; q = res_next(RT_PROC, q))
        if (to_proc(q)->state != PROC_ZOMBIE && descends_from(to_proc(q), to_proc(r)))
            victims[n++] = to_proc(q);
    victims[n++] = to_proc(r);
    for (unsigned i = 0; i < n; i++)
        if (victims[i] != sched_current)
            proc_kill(victims[i], PROC_STATUS_INTR);
    for (unsigned i = 0; i < n; i++)
        if (victims[i] == sched_current)
            proc_exit(PROC_STATUS_INTR);
}

/* Make pid the console's foreground process (0: none), which Ctrl-C ends.
 * Needs DEL on it: Ctrl-C does nothing the caller could not do itself.
 * Returns 0 or a lookup error. */
int
sys_consfg(struct proc *caller, rid_t pid)
{
    struct resource *r;
    int err;

    if (pid && (err = res_get(caller, pid, RT_PROC, RCC_DEL, &r)) < 0)
        return err;
    foreground = pid;
    console_intr_pending = false;
    return 0;
}
