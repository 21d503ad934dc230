/*
 * sysarch.h - netd's side of lwIP's sys_arch (sysarch.c): the clock that
 * sys_now reads. Included by netd's main.c only.
 */
#ifndef NETD_SYSARCH_H
#define NETD_SYSARCH_H

/* Read the clock now; sys_now gives this time until the next update. */
void netd_clock_update(void);

#endif
