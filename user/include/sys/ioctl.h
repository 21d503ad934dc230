/*
 * sys/ioctl.h - device control, the little of it this system has: the
 * console's window size (TIOCGWINSZ: 80 x 24, a serial line does not say)
 * and ENOTTY for everything else, which is what programs that probe a
 * terminal expect from a file or a pipe (user/lib/ioctl.c).
 */
#ifndef USER_SYS_IOCTL_H
#define USER_SYS_IOCTL_H

struct winsize {
    unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define TIOCGWINSZ 0x5413 /* Linux's numbers, which ported programs carry */
#define FIONREAD 0x541b

int ioctl(int fd, unsigned long request, ...);

#endif
