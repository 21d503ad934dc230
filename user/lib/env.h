/*
 * user/lib/env.h - the environment's passage from parent to child
 * (user/lib/env.c). Included by our library only, never by programs (they
 * use getenv, setenv and environ).
 */
#ifndef USER_LIB_ENV_H
#define USER_LIB_ENV_H

/* Start-up (crt0, before main): environ from the kernel's copy of the
 * parent's. */
void env_import(void);
/* Before proccreate: give the kernel the environment a child copies:
 * environ, or environ with extra's NAME=value strings added or in place of
 * the same names (proccreate_env). */
void env_export(void);
void env_export_with(char *const extra[]);

#endif
