/*
 * arpa/inet.h - IPv4 address text (DESIGN §7): inet_addr, inet_aton,
 * inet_ntoa, inet_pton and inet_ntop (AF_INET only), user/lib/inet.c. Any
 * user program may include it.
 */
#ifndef USER_ARPA_INET_H
#define USER_ARPA_INET_H

#include <netinet/in.h>

in_addr_t inet_addr(const char *text);
int inet_aton(const char *text, struct in_addr *out);
char *inet_ntoa(struct in_addr in);
int inet_pton(int af, const char *text, void *out);
const char *inet_ntop(int af, const void *in, char *out, socklen_t size);

#endif
