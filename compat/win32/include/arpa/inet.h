/*
 * arpa/inet.h for the Windows build: inet_pton(3), through ntdll's
 * address parsers (which need no Winsock start-up); implemented in
 * compat_win32.c.  Only on the Windows include path.
 */
#ifndef UCJOB_WIN32_ARPA_INET_H
#define UCJOB_WIN32_ARPA_INET_H

#include "netinet/in.h"

/* AF_INET or AF_INET6 text into dst: 1, 0 when not an address of that
 * family, -1 (errno EAFNOSUPPORT) for another family. */
int	inet_pton(int af, const char *src, void *dst);

#endif
