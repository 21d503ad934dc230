/* PS/2 keyboard; included by the console layer. */
#ifndef ARCH_X86_KBD_H
#define ARCH_X86_KBD_H

int kbd_read(char out[3]);

#endif
