/*
 * Console input: bytes from the serial port (IRQ 4) and the PS/2 keyboard
 * (IRQ 1) go into one ring buffer; readers sleep until it holds something.
 * No line discipline: the shell edits and echoes lines itself, exactly as it
 * would on a raw serial terminal. When the buffer is full, new bytes are
 * dropped. Public: console_input_init, console_input_irq, console_read.
 */
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/kbd.h"
#include "arch/x86/serial.h"
#include "kernel/console.h"
#include "kernel/trap.h"
#include "proc/sched.h"

#define INPUT_SIZE 512

static char input[INPUT_SIZE];
static uint32_t head, tail; // bytes live in [tail, head), indices modulo INPUT_SIZE

static void
push(char c)
{
    if (head - tail < INPUT_SIZE)
        input[head++ % INPUT_SIZE] = c;
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
    char bytes[3];
    int c, n;

    if (source == CONSOLE_SERIAL) {
        while ((c = serial_getc()) >= 0)
            push((char)c);
    } else {
        while ((n = kbd_read(bytes)) >= 0)
            for (int i = 0; i < n; i++)
                push(bytes[i]);
    }
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
