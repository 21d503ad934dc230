/*
 * arch/cc.h - lwIP's compiler and platform port for netd: newlib's headers,
 * a little-endian i586, diagnostics on stderr, and an assertion that ends
 * the server (the kernel tells init and the library's calls get -ENOENT).
 * Included only by lwIP's headers.
 */
#ifndef NETD_ARCH_CC_H
#define NETD_ARCH_CC_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>

#define LWIP_TIMEVAL_PRIVATE 0
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif
#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { fprintf(stderr, "netd: lwIP assertion: %s at %s:%d\n", \
    (x), __FILE__, __LINE__); abort(); } while (0)
#define LWIP_NO_INTTYPES_H 0
#define LWIP_ERRNO_STDINCLUDE 1

#endif
