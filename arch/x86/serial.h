/* COM1 console driver; included by arch code and the console layer. */
#ifndef ARCH_X86_SERIAL_H
#define ARCH_X86_SERIAL_H

void serial_init(void);
void serial_putc(char c);
int serial_getc(void);

#endif
