/*
 * sshprobe_net: the socket calls of sshprobe_net.h for Winsock (select()
 * waits: it reports a failed connection in its except set, which WSAPoll
 * did not before Windows 10 2004) and for POSIX (poll()), and the
 * monotonic clock of each.  No policy lives here.
 */
#ifndef _WIN32
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sshprobe.h"
#include "sshprobe_net.h"
#include "xmalloc.h"

#ifdef _WIN32
int
net_start(int *code)
{
	static int started;
	WSADATA wsa;
	int rc;

	if (started)
		return 0;
	if ((rc = WSAStartup(MAKEWORD(2, 2), &wsa)) != 0) {
		*code = rc;
		return -1;
	}
	started = 1;
	return 0;
}

net_socket_t
net_open(int family, int *code)
{
	net_socket_t s;
	u_long on = 1;

	s = WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, NULL, 0,
	    WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
	if (s == INVALID_SOCKET) {
		*code = WSAGetLastError();
		return NET_NONE;
	}
	if (ioctlsocket(s, FIONBIO, &on) != 0) {
		*code = WSAGetLastError();
		closesocket(s);
		return NET_NONE;
	}
	return s;
}

int
net_connect(net_socket_t s, const struct sockaddr *sa, socklen_t len,
    int *code)
{
	if (connect(s, sa, len) == 0)
		return 0;
	*code = WSAGetLastError();
	return *code == WSAEWOULDBLOCK || *code == WSAEINPROGRESS ? 1 : -1;
}

int
net_pending_error(net_socket_t s)
{
	int err = 0, len = sizeof(err);

	if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &len) != 0)
		return WSAGetLastError();
	return err;
}

long
net_recv(net_socket_t s, char *buf, size_t len, int *code)
{
	int n;

	if ((n = recv(s, buf, (int)len, 0)) != SOCKET_ERROR)
		return n;
	*code = WSAGetLastError();
	return *code == WSAEWOULDBLOCK ? -2 : -1;
}

void
net_close(net_socket_t s)
{
	closesocket(s);
}

int
net_wait(struct net_watch *w, size_t n, int timeout_ms, int *code)
{
	fd_set rd, wr, ex;
	struct timeval tv;
	size_t i;

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	for (i = 0; i < n; i++) {
		if (w[i].want_read)
			FD_SET(w[i].sock, &rd);
		else
			FD_SET(w[i].sock, &wr);
		FD_SET(w[i].sock, &ex);
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	if (select(0, &rd, &wr, &ex, &tv) == SOCKET_ERROR) {
		*code = WSAGetLastError();
		return -1;
	}
	for (i = 0; i < n; i++)
		w[i].ready = FD_ISSET(w[i].sock, &rd) ||
		    FD_ISSET(w[i].sock, &wr) || FD_ISSET(w[i].sock, &ex);
	return 0;
}

/* The text of a getaddrinfo() failure (a Winsock code here). */
void
net_resolve_strerror(int rc, char *buf, size_t len)
{
	net_strerror(rc, buf, len);
}

void
net_strerror(int code, char *buf, size_t len)
{
	win32_strerror((unsigned long)code, buf, len);
}

enum sshprobe_status
net_connect_status(int code)
{
	switch (code) {
	case WSAECONNREFUSED:
		return SSHPROBE_REFUSED;
	case WSAETIMEDOUT:
		return SSHPROBE_TIMEOUT;
	default:
		return SSHPROBE_UNREACHABLE;
	}
}

uint64_t
sshprobe_clock_ms(void)
{
	return GetTickCount64();
}

#else /* POSIX */

int
net_start(int *code)
{
	(void)code;
	return 0;
}

net_socket_t
net_open(int family, int *code)
{
	int s, fl;

	if ((s = socket(family, SOCK_STREAM, 0)) == -1) {
		*code = errno;
		return NET_NONE;
	}
	if ((fl = fcntl(s, F_GETFL)) == -1 ||
	    fcntl(s, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(s, F_SETFD, FD_CLOEXEC) == -1) {
		*code = errno;
		close(s);
		return NET_NONE;
	}
	return s;
}

int
net_connect(net_socket_t s, const struct sockaddr *sa, socklen_t len,
    int *code)
{
	if (connect(s, sa, len) == 0)
		return 0;
	*code = errno;
	return errno == EINPROGRESS || errno == EINTR ? 1 : -1;
}

int
net_pending_error(net_socket_t s)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return errno;
	return err;
}

long
net_recv(net_socket_t s, char *buf, size_t len, int *code)
{
	ssize_t n;

	if ((n = recv(s, buf, len, 0)) >= 0)
		return (long)n;
	*code = errno;
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ?
	    -2 : -1;
}

void
net_close(net_socket_t s)
{
	close(s);
}

int
net_wait(struct net_watch *w, size_t n, int timeout_ms, int *code)
{
	struct pollfd *pfd;
	size_t i;
	int rc;

	pfd = xcalloc(n, sizeof(*pfd));
	for (i = 0; i < n; i++) {
		pfd[i].fd = w[i].sock;
		pfd[i].events = w[i].want_read ? POLLIN : POLLOUT;
	}
	rc = poll(pfd, (nfds_t)n, timeout_ms);
	if (rc == -1 && errno != EINTR) {
		*code = errno;
		free(pfd);
		return -1;
	}
	for (i = 0; i < n; i++)
		w[i].ready = rc > 0 && pfd[i].revents != 0;
	free(pfd);
	return 0;
}

/* The text of a getaddrinfo() failure. */
void
net_resolve_strerror(int rc, char *buf, size_t len)
{
	if (rc == EAI_SYSTEM)
		net_strerror(errno, buf, len);
	else
		snprintf(buf, len, "%s", gai_strerror(rc));
}

void
net_strerror(int code, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(code));
}

enum sshprobe_status
net_connect_status(int code)
{
	switch (code) {
	case ECONNREFUSED:
		return SSHPROBE_REFUSED;
	case ETIMEDOUT:
		return SSHPROBE_TIMEOUT;
	default:
		return SSHPROBE_UNREACHABLE;
	}
}

uint64_t
sshprobe_clock_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#endif /* POSIX */
