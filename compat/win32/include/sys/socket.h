/*
 * sys/socket.h for the Windows build: ucjob uses no sockets, only the
 * address families inet_pton() takes (win32/arpa/inet.h).  Only on the
 * Windows include path.
 */
#ifndef UCJOB_WIN32_SYS_SOCKET_H
#define UCJOB_WIN32_SYS_SOCKET_H

#ifndef AF_INET
#define AF_INET		2
#endif
#ifndef AF_INET6
#define AF_INET6	23
#endif

#endif
