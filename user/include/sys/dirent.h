/*
 * sys/dirent.h - directory entries for newlib's <dirent.h> (which includes
 * this file and declares opendir, readdir and closedir over it). The
 * entries come from the file server (user/lib/dir.c).
 */
#ifndef USER_SYS_DIRENT_H
#define USER_SYS_DIRENT_H

#include <sys/types.h>

#define DT_UNKNOWN 0
#define DT_REG 1
#define DT_DIR 2
#define DT_CHR 3
#define DT_BLK 4
#define DT_FIFO 5
#define DT_SOCK 6
#define DT_LNK 7

struct dirent {
    ino_t d_ino;
    unsigned char d_type;  /* DT_* */
    char d_name[256];
};

typedef struct tender_dir DIR;

#endif
