/*
 * user/lib/path.h - relative paths made absolute against the working
 * directory (user/lib/path.c). Included by our library only, never by
 * programs (they use chdir and getcwd).
 */
#ifndef USER_LIB_PATH_H
#define USER_LIB_PATH_H

#include "kernel/abi/omfs.h"

/* path to an absolute, normalised path in out (at most OMFS_PATH_MAX
 * bytes). Returns 0, -ENOENT ("") or -ENAMETOOLONG. */
int path_absolute(const char *path, char *out);

/* Make abs (absolute and normalised, as path_absolute makes it) the working
 * directory, and PWD for children. Returns 0, or -1 with errno (setenv's). */
int path_set_cwd(const char *abs);

#endif
