/*
 * netinet/in.h for the Windows build: the address structures, from the
 * system's own headers, without Winsock.  Only on the Windows include
 * path.
 */
#ifndef UCJOB_WIN32_NETINET_IN_H
#define UCJOB_WIN32_NETINET_IN_H

#include <windows.h>
#include <inaddr.h>
#include <in6addr.h>

#include "sys/socket.h"

#endif
