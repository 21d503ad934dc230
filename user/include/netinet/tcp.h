/*
 * netinet/tcp.h - TCP's socket options (DESIGN §7): TCP_NODELAY. Any user
 * program may include it.
 */
#ifndef USER_NETINET_TCP_H
#define USER_NETINET_TCP_H

#define TCP_NODELAY 1

#endif
