/*
 * netinet/in.h - IPv4 addresses for sockets (DESIGN §7): struct
 * sockaddr_in, the INADDR_ constants, protocol numbers and the byte-order
 * functions. Any user program may include it.
 */
#ifndef USER_NETINET_IN_H
#define USER_NETINET_IN_H

#include <stdint.h>
#include <sys/socket.h>

typedef uint32_t in_addr_t;
typedef uint16_t in_port_t;

struct in_addr {
    in_addr_t s_addr; /* network byte order */
};

struct sockaddr_in {
    sa_family_t sin_family; /* AF_INET */
    in_port_t sin_port;     /* network byte order */
    struct in_addr sin_addr;
    unsigned char sin_zero[8];
};

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

#define INADDR_ANY ((in_addr_t)0x00000000)
#define INADDR_BROADCAST ((in_addr_t)0xffffffff)
#define INADDR_NONE ((in_addr_t)0xffffffff)
#define INADDR_LOOPBACK ((in_addr_t)0x7f000001) /* host byte order, as elsewhere */

#define INET_ADDRSTRLEN 16

static inline uint16_t
htons(uint16_t x)
{
    return __builtin_bswap16(x);
}
static inline uint16_t
ntohs(uint16_t x)
{
    return __builtin_bswap16(x);
}
static inline uint32_t
htonl(uint32_t x)
{
    return __builtin_bswap32(x);
}
static inline uint32_t
ntohl(uint32_t x)
{
    return __builtin_bswap32(x);
}

#endif
