/*
 * The console devices behind arch_console_*: COM1 and the VGA text screen
 * for output, COM1 and the PS/2 keyboard for input. A key may produce a
 * sequence of bytes (an arrow key: ESC [ A); the bytes of the last sequence
 * wait here until taken one by one.
 * Public: arch_console_init, arch_console_putc, arch_console_getc.
 */
#include "arch/x86/arch.h"
#include "arch/x86/kbd.h"
#include "arch/x86/serial.h"
#include "arch/x86/vga.h"

static char key_bytes[3];
static int key_next, key_count; // key_bytes[key_next..key_count) are still to be taken

/* Bring up both output devices. */
void
arch_console_init(void)
{
    serial_init();
    vga_init();
}

/* Write one character to serial and VGA. */
void
arch_console_putc(char c)
{
    serial_putc(c);
    vga_putc(c);
}

/* The next byte from a console input device (ARCH_CONSOLE_SERIAL or
 * ARCH_CONSOLE_KEYBOARD), or -1 if it has none now. */
int
arch_console_getc(int device)
{
    if (device == ARCH_CONSOLE_SERIAL)
        return serial_getc();
    while (key_next == key_count) { // a key may give no byte (shift): read on
        int n = kbd_read(key_bytes);
        if (n < 0)
            return -1;
        key_next = 0;
        key_count = n;
    }
    return (unsigned char)key_bytes[key_next++];
}
