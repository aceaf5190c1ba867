/*
 * sshprobe_net: the socket calls sshprobe.c needs, one implementation for
 * POSIX sockets and one for Winsock (sshprobe_net.c), so that the probe's
 * policy is written once.  Failures come back as an error code (errno,
 * or a Winsock code) through *code; net_strerror() gives its text.
 * Private to sshprobe.c.
 */
#ifndef UCJOB_SSHPROBE_NET_H
#define UCJOB_SSHPROBE_NET_H

#ifdef _WIN32
/* compat_win32.h declares gethostname() with POSIX's size_t length;
 * Winsock's int one is kept out of the way under another name. */
#define gethostname	winsock_gethostname
#include <winsock2.h>
#include <ws2tcpip.h>
#undef gethostname
#else
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <netdb.h>
#endif

#include <stddef.h>

#include "sshprobe.h"

#ifdef _WIN32
typedef SOCKET	net_socket_t;
#define NET_NONE	INVALID_SOCKET
/* select() on Windows watches at most FD_SETSIZE sockets per set. */
#define NET_MAX_WATCH	FD_SETSIZE
#else
typedef int	net_socket_t;
#define NET_NONE	(-1)
#define NET_MAX_WATCH	1024
#endif

struct net_watch {
	net_socket_t	 sock;
	int		 want_read;	/* 1: readable; 0: connected */
	int		 ready;		/* set by net_wait() */
};

/* Start the socket library once (WSAStartup); 0 or -1. */
int		 net_start(int *code);
/* A non-blocking TCP socket, not inherited by child processes. */
net_socket_t	 net_open(int family, int *code);
/* 0 connected, 1 under way (wait for it with net_wait), -1 failed. */
int		 net_connect(net_socket_t s, const struct sockaddr *sa,
		    socklen_t len, int *code);
/* The outcome of a connection under way: 0, or its error code. */
int		 net_pending_error(net_socket_t s);
/* Bytes read, 0 at the end, -1 failed, -2 nothing there yet. */
long		 net_recv(net_socket_t s, char *buf, size_t len, int *code);
void		 net_close(net_socket_t s);
/* Wait up to timeout_ms for any of w[0..n-1] (n >= 1, n <= NET_MAX_WATCH)
 * and set each one's ready; 0, or -1 when waiting itself failed. */
int		 net_wait(struct net_watch *w, size_t n, int timeout_ms,
		    int *code);
/* The text of a getaddrinfo() failure, of an error code. */
void		 net_resolve_strerror(int rc, char *buf, size_t len);
void		 net_strerror(int code, char *buf, size_t len);
/* What a failed connection's error code means for the probe. */
enum sshprobe_status net_connect_status(int code);

#endif
