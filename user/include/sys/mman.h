/*
 * sys/mman.h - memory mappings (POSIX), over what this system has
 * (user/lib/mman.c, DESIGN §8):
 *   a shared mapping of a file is the file's OMF window (readblock): the
 *   file server's cache pages themselves, seen at once by every process
 *   that maps or reads the file; msync writes it to the disk (writeblock);
 *   a private mapping of a file is a copy of its bytes;
 *   an anonymous mapping is zeroed memory of the process.
 * offset must be a multiple of the page size and [offset, offset+length)
 * must lie inside the file (ENXIO otherwise: a file grows by write or
 * ftruncate first). MAP_FIXED is not supported (EINVAL); addr is a hint
 * that is ignored.
 */
#ifndef USER_SYS_MMAN_H
#define USER_SYS_MMAN_H

#include <stddef.h>
#include <sys/types.h>

#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON MAP_ANONYMOUS
#define MAP_FAILED ((void *)-1)

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int msync(void *addr, size_t length, int flags);

#endif
