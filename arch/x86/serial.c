/*
 * COM1 serial port (16550 UART) at 115200 baud, 8N1: the console.
 *
 * Output polls the transmit-holding-register-empty bit; input is read by
 * polling too (the shell asks for a byte when it has nothing else to do) or
 * from IRQ 4 once interrupts are on. Public: serial_init, serial_putc,
 * serial_getc (non-blocking, -1 when empty).
 */
#include "arch/x86/io.h"
#include "arch/x86/serial.h"

#define COM1 0x3f8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define UART_CLOCK 115200
#define CONSOLE_BAUD 115200

/* Program the UART: 115200 8N1, FIFOs on, receive interrupts on (IRQ 4 is
 * masked until the console asks for it). */
void
serial_init(void)
{
    uint16_t div = UART_CLOCK / CONSOLE_BAUD;

    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DATA, div & 0xff);
    outb(COM1 + UART_IER, div >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, 0xc7);  // enable and clear FIFOs, 14-byte threshold
    outb(COM1 + UART_MCR, 0x0b);  // DTR, RTS, OUT2 (OUT2 gates the IRQ line)
    outb(COM1 + UART_IER, 0x01);  // interrupt on received data
}

/* Send one byte, translating "\n" to "\r\n" for terminals. */
void
serial_putc(char c)
{
    if (c == '\n')
        serial_putc('\r');
    while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
        ;
    outb(COM1 + UART_DATA, (uint8_t)c);
}

/* Return the next received byte, or -1 if none is waiting. */
int
serial_getc(void)
{
    if (!(inb(COM1 + UART_LSR) & LSR_DATA_READY))
        return -1;
    return inb(COM1 + UART_DATA);
}
