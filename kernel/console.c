/*
 * The console. Output (printk, write) goes to every output device at once
 * (arch_console_putc). Input: bytes from the serial port (IRQ 4) and the
 * PS/2 keyboard (IRQ 1) go into one ring buffer, from which console_take
 * hands them out; when bytes arrive the function given to
 * console_input_init runs (proc/tty.c wakes its readers there).
 * No line discipline: the shell edits and echoes lines itself, exactly as it
 * would on a raw serial terminal. When the buffer is full, new bytes are
 * dropped. One exception: while the interrupt key is armed (a foreground
 * process is set, proc/tty.c), Ctrl-C (0x03) does not go into the buffer
 * but sets console_intr_pending; at its next safe point the scheduler asks
 * console_take_intr, which runs the on_intr function console_input_init
 * was given. This floor knows no process: who waits and whom Ctrl-C ends
 * is proc/tty.c's business.
 * Public: console_init, console_putc, console_write, console_input_init,
 * console_input_irq, console_take, console_arm_intr, console_take_intr,
 * console_intr_pending.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/console.h"
#include "kernel/trap.h"

#define INPUT_SIZE 512
#define CTRL_C 0x03

static char input[INPUT_SIZE];
static uint32_t head, tail;       // bytes live in [tail, head), indices modulo INPUT_SIZE
static bool intr_armed;           // Ctrl-C is the interrupt key, not a byte
static void (*input_ready)(void); // bytes arrived: wake the readers
static void (*intr_key)(void);    // act on a Ctrl-C, at a safe point
bool console_intr_pending;        // Ctrl-C arrived while armed, not yet acted on

static void
push(char c)
{
    if (c == CTRL_C && intr_armed) {
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
 * from ever firing again. on_input runs whenever bytes are there (in the
 * interrupt: it may only make readers runnable); on_intr runs for an armed
 * Ctrl-C, later, at a safe point (console_take_intr). */
void
console_input_init(void (*on_input)(void), void (*on_intr)(void))
{
    input_ready = on_input;
    intr_key = on_intr;
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
        input_ready();
}

/* Take up to n bytes of input, without waiting. Returns the count (0: none
 * there). */
size_t
console_take(char *buf, size_t n)
{
    size_t got = 0;

    while (got < n && tail != head)
        buf[got++] = input[tail++ % INPUT_SIZE];
    return got;
}

/* At a safe point, where no kernel code is half-way through anything (the
 * scheduler's): act on a pending Ctrl-C, once. */
void
console_take_intr(void)
{
    if (!console_intr_pending)
        return;
    console_intr_pending = false;
    if (intr_key)
        intr_key();
}

/* Make Ctrl-C the interrupt key (armed) or an ordinary byte, and forget a
 * Ctrl-C not yet acted on. */
void
console_arm_intr(bool armed)
{
    intr_armed = armed;
    console_intr_pending = false;
}
