/*
 * user/bin/sh/status.h - how a process ended, for $? and for people.
 * Pure (kernel/abi/types.h only): the shell and its host tests include it.
 */
#ifndef USER_BIN_SH_STATUS_H
#define USER_BIN_SH_STATUS_H

#include <stddef.h>

#define SH_STATUS_FAULT 128  /* plus the exception vector: a child that faulted */
#define SH_STATUS_SIGNAL 128 /* plus the signal: a child a signal ended */
#define SH_STATUS_INTR 130   /* interrupted from the console (128 + SIGINT) */
#define SH_STATUS_KILLED 137 /* killed with kill -9 or resdelete (128 + SIGKILL) */

int sh_status_code(int raw);
const char *sh_status_words(int raw, char *buf, size_t n);

#endif
