/*
 * sshprobe: the SSH banner probe (sshprobe.h).  The policy (the state
 * machine of each probe, the timeouts, the classification) is written
 * once below; only the handful of socket calls differ between POSIX and
 * Winsock, in the net_* wrappers at the top.  Windows waits with
 * select(), which reports a failed connection in its except set (WSAPoll
 * did not report it before Windows 10 2004).
 */
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

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sshprobe.h"
#include "validate.h"
#include "xmalloc.h"

/*
 * The platform layer: a socket type, and calls that report failures as
 * an error code (errno, or a Winsock code) through *code.
 */
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

static int	 net_start(int *code);
static net_socket_t net_open(int family, int *code);
static int	 net_connect(net_socket_t s, const struct sockaddr *sa,
		    socklen_t len, int *code);
static int	 net_pending_error(net_socket_t s);
static long	 net_recv(net_socket_t s, char *buf, size_t len, int *code);
static void	 net_close(net_socket_t s);
static int	 net_wait(struct net_watch *w, size_t n, int timeout_ms,
		    int *code);
static void	 net_resolve_strerror(int rc, char *buf, size_t len);
static void	 net_strerror(int code, char *buf, size_t len);
static enum sshprobe_status net_connect_status(int code);

#ifdef _WIN32
static int
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

static net_socket_t
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

/* 0 connected, 1 under way, -1 failed. */
static int
net_connect(net_socket_t s, const struct sockaddr *sa, socklen_t len,
    int *code)
{
	if (connect(s, sa, len) == 0)
		return 0;
	*code = WSAGetLastError();
	return *code == WSAEWOULDBLOCK || *code == WSAEINPROGRESS ? 1 : -1;
}

static int
net_pending_error(net_socket_t s)
{
	int err = 0, len = sizeof(err);

	if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &len) != 0)
		return WSAGetLastError();
	return err;
}

/* Bytes read, 0 at the end, -1 failed, -2 nothing yet. */
static long
net_recv(net_socket_t s, char *buf, size_t len, int *code)
{
	int n;

	if ((n = recv(s, buf, (int)len, 0)) != SOCKET_ERROR)
		return n;
	*code = WSAGetLastError();
	return *code == WSAEWOULDBLOCK ? -2 : -1;
}

static void
net_close(net_socket_t s)
{
	closesocket(s);
}

static int
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
static void
net_resolve_strerror(int rc, char *buf, size_t len)
{
	net_strerror(rc, buf, len);
}

static void
net_strerror(int code, char *buf, size_t len)
{
	win32_strerror((unsigned long)code, buf, len);
}

static enum sshprobe_status
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

static int
net_start(int *code)
{
	(void)code;
	return 0;
}

static net_socket_t
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

/* 0 connected, 1 under way, -1 failed. */
static int
net_connect(net_socket_t s, const struct sockaddr *sa, socklen_t len,
    int *code)
{
	if (connect(s, sa, len) == 0)
		return 0;
	*code = errno;
	return errno == EINPROGRESS || errno == EINTR ? 1 : -1;
}

static int
net_pending_error(net_socket_t s)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return errno;
	return err;
}

/* Bytes read, 0 at the end, -1 failed, -2 nothing yet. */
static long
net_recv(net_socket_t s, char *buf, size_t len, int *code)
{
	ssize_t n;

	if ((n = recv(s, buf, len, 0)) >= 0)
		return (long)n;
	*code = errno;
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ?
	    -2 : -1;
}

static void
net_close(net_socket_t s)
{
	close(s);
}

static int
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
static void
net_resolve_strerror(int rc, char *buf, size_t len)
{
	if (rc == EAI_SYSTEM)
		net_strerror(errno, buf, len);
	else
		snprintf(buf, len, "%s", gai_strerror(rc));
}

static void
net_strerror(int code, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(code));
}

static enum sshprobe_status
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

/*
 * The policy, the same everywhere.
 */

enum phase {
	PHASE_QUEUED,		/* not started */
	PHASE_CONNECTING,	/* waiting for the TCP connection */
	PHASE_READING,		/* connected, waiting for the first line */
	PHASE_DONE
};

/* One host's addresses, looked up once for all its targets. */
struct lookup {
	const char	*host;
	struct addrinfo	*addrs;		/* NULL: failed, see why */
	char		 why[128];
};

struct probe {
	enum phase		 phase;
	const struct lookup	*lookup;
	const struct addrinfo	*next_addr;	/* the next one to try */
	net_socket_t		 sock;
	uint64_t		 started;
	uint64_t		 connect_deadline;
	uint64_t		 deadline;	/* of the current phase */
	int			 last_code;	/* of the last failed address */
	enum sshprobe_status	 last_status;
	char			 line[SSHPROBE_BANNER_MAX + 1];
	size_t			 len;
};

struct run {
	const struct sshprobe_target	*targets;
	const struct sshprobe_options	*opts;
	struct sshprobe_result		*results;
	struct probe			*probes;
	struct lookup			*lookups;
	size_t				 nlookups;
	size_t				 inflight;
	size_t				 done;
};

static const struct lookup *lookup_host(struct run *, const char *);
static void	probe_start(struct run *, size_t);
static void	probe_next_address(struct run *, size_t, uint64_t);
static void	probe_connected(struct run *, size_t, uint64_t);
static void	probe_read(struct run *, size_t, uint64_t);
static void	probe_expire(struct run *, size_t, uint64_t);
static void	probe_finish(struct run *, size_t, enum sshprobe_status,
		    uint64_t, const char *, ...)
		    __attribute__((format(printf, 5, 6)));
static void	classify_line(struct run *, size_t, uint64_t);
static void	printable_copy(char *, size_t, const char *, size_t);
static int	remaining_ms(uint64_t, uint64_t);

const char *
sshprobe_status_name(enum sshprobe_status status)
{
	switch (status) {
	case SSHPROBE_READY:
		return "ready";
	case SSHPROBE_SILENT:
		return "silent";
	case SSHPROBE_NOT_SSH:
		return "not-ssh";
	case SSHPROBE_CLOSED:
		return "closed";
	case SSHPROBE_REFUSED:
		return "refused";
	case SSHPROBE_TIMEOUT:
		return "timeout";
	case SSHPROBE_UNREACHABLE:
		return "unreachable";
	case SSHPROBE_RESOLVE_FAILED:
		return "unresolved";
	case SSHPROBE_ERROR:
		break;
	}
	return "error";
}

/* Milliseconds from now until deadline, 0 when it has passed. */
static int
remaining_ms(uint64_t now, uint64_t deadline)
{
	if (deadline <= now)
		return 0;
	if (deadline - now > 24 * 3600 * 1000)
		return 24 * 3600 * 1000;
	return (int)(deadline - now);
}

/* Copy n bytes of untrusted text as printable ASCII ('?' for the rest). */
static void
printable_copy(char *dst, size_t size, const char *src, size_t n)
{
	size_t i;

	if (size == 0)
		return;
	for (i = 0; i < n && i + 1 < size; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	dst[i] = '\0';
}

static const struct lookup *
lookup_host(struct run *r, const char *host)
{
	struct addrinfo hints;
	struct lookup *l;
	size_t i;
	int rc;

	for (i = 0; i < r->nlookups; i++)
		if (strcmp(r->lookups[i].host, host) == 0)
			return &r->lookups[i];
	l = &r->lookups[r->nlookups++];
	l->host = host;
	l->addrs = NULL;
	l->why[0] = '\0';
	if (!host_valid(host)) {
		snprintf(l->why, sizeof(l->why), "not a valid host name");
		return l;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	if ((rc = getaddrinfo(host, NULL, &hints, &l->addrs)) != 0) {
		net_resolve_strerror(rc, l->why, sizeof(l->why));
		l->addrs = NULL;
	}
	return l;
}

static void
probe_finish(struct run *r, size_t i, enum sshprobe_status status,
    uint64_t now, const char *fmt, ...)
{
	struct probe *p = &r->probes[i];
	struct sshprobe_result *res = &r->results[i];
	char reason[sizeof(res->reason)];
	va_list ap;

	if (p->sock != NET_NONE) {
		net_close(p->sock);
		p->sock = NET_NONE;
	}
	if (p->phase == PHASE_CONNECTING || p->phase == PHASE_READING)
		r->inflight--;
	p->phase = PHASE_DONE;
	r->done++;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	/* The reason can quote a host name or a system message: keep it
	 * as printable as the banner. */
	printable_copy(res->reason, sizeof(res->reason), reason,
	    strlen(reason));
	res->status = status;
	res->elapsed_ms = now >= p->started ? now - p->started : 0;
	if (r->opts->done != NULL)
		r->opts->done(i, res, r->opts->arg);
}

static void
probe_start(struct run *r, size_t i)
{
	const struct sshprobe_target *t = &r->targets[i];
	struct probe *p = &r->probes[i];
	uint64_t now;

	p->lookup = lookup_host(r, t->host != NULL ? t->host : "");
	now = sshprobe_clock_ms();
	p->started = now;
	if (t->port < 1 || t->port > 65535) {
		probe_finish(r, i, SSHPROBE_ERROR, now, "not a valid port: %d",
		    t->port);
		return;
	}
	if (p->lookup->addrs == NULL) {
		probe_finish(r, i, SSHPROBE_RESOLVE_FAILED, now,
		    "cannot resolve %s: %s", t->host != NULL ? t->host : "",
		    p->lookup->why);
		return;
	}
	p->next_addr = p->lookup->addrs;
	p->connect_deadline = now + (uint64_t)r->opts->connect_timeout_ms;
	p->last_status = SSHPROBE_ERROR;
	p->last_code = 0;
	p->phase = PHASE_CONNECTING;
	r->inflight++;
	probe_next_address(r, i, now);
}

/* Start connecting to the next address of the host, or finish with the
 * failure of the last one. */
static void
probe_next_address(struct run *r, size_t i, uint64_t now)
{
	struct probe *p = &r->probes[i];
	struct sockaddr_storage ss;
	const struct addrinfo *ai;
	char why[128];
	int code = 0, rc;

	while ((ai = p->next_addr) != NULL) {
		p->next_addr = ai->ai_next;
		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
		    ai->ai_addrlen > sizeof(ss))
			continue;
		memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
		if (ai->ai_family == AF_INET)
			((struct sockaddr_in *)&ss)->sin_port =
			    htons((unsigned short)r->targets[i].port);
		else
			((struct sockaddr_in6 *)&ss)->sin6_port =
			    htons((unsigned short)r->targets[i].port);
		if ((p->sock = net_open(ai->ai_family, &code)) == NET_NONE) {
			p->last_status = SSHPROBE_ERROR;
			p->last_code = code;
			continue;
		}
		rc = net_connect(p->sock, (struct sockaddr *)&ss,
		    (socklen_t)ai->ai_addrlen, &code);
		if (rc == 0) {
			probe_connected(r, i, now);
			return;
		}
		if (rc == 1) {
			p->deadline = p->connect_deadline;
			return;
		}
		net_close(p->sock);
		p->sock = NET_NONE;
		p->last_status = net_connect_status(code);
		p->last_code = code;
	}
	net_strerror(p->last_code, why, sizeof(why));
	if (p->last_status == SSHPROBE_ERROR)
		probe_finish(r, i, SSHPROBE_ERROR, now,
		    "cannot create a socket: %s", why);
	else if (p->last_status == SSHPROBE_REFUSED)
		probe_finish(r, i, SSHPROBE_REFUSED, now, "connection refused");
	else
		probe_finish(r, i, p->last_status, now, "cannot connect: %s",
		    why);
}

static void
probe_connected(struct run *r, size_t i, uint64_t now)
{
	struct probe *p = &r->probes[i];

	p->phase = PHASE_READING;
	p->len = 0;
	p->deadline = now + (uint64_t)r->opts->read_timeout_ms;
}

/* Read what has come; classify once there is a whole first line, the
 * buffer is full or the peer has closed. */
static void
probe_read(struct run *r, size_t i, uint64_t now)
{
	struct probe *p = &r->probes[i];
	char why[128];
	long n;
	int code = 0;

	n = net_recv(p->sock, p->line + p->len, SSHPROBE_BANNER_MAX - p->len,
	    &code);
	if (n == -2)
		return;
	if (n > 0) {
		p->len += (size_t)n;
		if (memchr(p->line + p->len - n, '\n', (size_t)n) != NULL ||
		    p->len == SSHPROBE_BANNER_MAX)
			classify_line(r, i, now);
		return;
	}
	if (p->len > 0) {
		classify_line(r, i, now);
		return;
	}
	if (n == 0) {
		probe_finish(r, i, SSHPROBE_CLOSED, now,
		    "connected, but the connection was closed before a banner");
		return;
	}
	net_strerror(code, why, sizeof(why));
	probe_finish(r, i, SSHPROBE_CLOSED, now,
	    "connected, but reading failed: %s", why);
}

/* The first line (or what came of it) decides. */
static void
classify_line(struct run *r, size_t i, uint64_t now)
{
	struct probe *p = &r->probes[i];
	struct sshprobe_result *res = &r->results[i];
	const char *eol;
	size_t n = p->len;

	if ((eol = memchr(p->line, '\n', p->len)) != NULL)
		n = (size_t)(eol - p->line);
	if (n > 0 && p->line[n - 1] == '\r')
		n--;
	printable_copy(res->banner, sizeof(res->banner), p->line, n);
	if ((n >= 8 && memcmp(p->line, "SSH-2.0-", 8) == 0) ||
	    (n >= 9 && memcmp(p->line, "SSH-1.99-", 9) == 0))
		probe_finish(r, i, SSHPROBE_READY, now, "answers %s",
		    res->banner);
	else if (n >= 4 && memcmp(p->line, "SSH-", 4) == 0)
		probe_finish(r, i, SSHPROBE_NOT_SSH, now,
		    "not an SSH 2 server: it answered \"%s\"", res->banner);
	else
		probe_finish(r, i, SSHPROBE_NOT_SSH, now,
		    "not an SSH server: it answered \"%s\"", res->banner);
}

static void
probe_expire(struct run *r, size_t i, uint64_t now)
{
	struct probe *p = &r->probes[i];

	if (p->phase == PHASE_CONNECTING)
		probe_finish(r, i, SSHPROBE_TIMEOUT, now,
		    "no connection within %d ms",
		    r->opts->connect_timeout_ms);
	else if (p->len > 0)
		classify_line(r, i, now);
	else
		probe_finish(r, i, SSHPROBE_SILENT, now,
		    "connected, but no banner within %d ms",
		    r->opts->read_timeout_ms);
}

int
sshprobe_many(const struct sshprobe_target *targets, size_t n,
    const struct sshprobe_options *opts, struct sshprobe_result *results)
{
	struct net_watch *watch;
	size_t *owner, i, next = 0, nwatch, max;
	struct run r;
	uint64_t now, soonest;
	char why[128];
	int code = 0, rc = 0;

	memset(&r, 0, sizeof(r));
	r.targets = targets;
	r.opts = opts;
	r.results = results;
	r.probes = xcalloc(n ? n : 1, sizeof(*r.probes));
	r.lookups = xcalloc(n ? n : 1, sizeof(*r.lookups));
	max = opts->max_inflight ? opts->max_inflight :
	    SSHPROBE_DEFAULT_INFLIGHT;
	if (max > NET_MAX_WATCH)
		max = NET_MAX_WATCH;
	watch = xcalloc(max, sizeof(*watch));
	owner = xcalloc(max, sizeof(*owner));
	for (i = 0; i < n; i++) {
		r.probes[i].sock = NET_NONE;
		memset(&results[i], 0, sizeof(results[i]));
	}
	if (net_start(&code) == -1) {
		net_strerror(code, why, sizeof(why));
		now = sshprobe_clock_ms();
		for (i = 0; i < n; i++)
			probe_finish(&r, i, SSHPROBE_ERROR, now,
			    "cannot start Winsock: %s", why);
		rc = -1;
		goto out;
	}
	while (r.done < n) {
		while (r.inflight < max && next < n)
			probe_start(&r, next++);
		if (r.inflight == 0)
			continue;
		/* Watch every probe in flight until the soonest deadline. */
		now = sshprobe_clock_ms();
		soonest = UINT64_MAX;
		nwatch = 0;
		for (i = 0; i < next; i++) {
			struct probe *p = &r.probes[i];

			if (p->phase != PHASE_CONNECTING &&
			    p->phase != PHASE_READING)
				continue;
			watch[nwatch].sock = p->sock;
			watch[nwatch].want_read = p->phase == PHASE_READING;
			owner[nwatch++] = i;
			if (p->deadline < soonest)
				soonest = p->deadline;
		}
		if (net_wait(watch, nwatch, remaining_ms(now, soonest),
		    &code) == -1) {
			net_strerror(code, why, sizeof(why));
			now = sshprobe_clock_ms();
			for (i = 0; i < n; i++)
				if (r.probes[i].phase != PHASE_DONE)
					probe_finish(&r, i, SSHPROBE_ERROR, now,
					    "cannot wait for the network: %s",
					    why);
			rc = -1;
			break;
		}
		now = sshprobe_clock_ms();
		for (i = 0; i < nwatch; i++) {
			struct probe *p = &r.probes[owner[i]];

			if (!watch[i].ready)
				continue;
			if (p->phase == PHASE_READING) {
				probe_read(&r, owner[i], now);
			} else if ((code = net_pending_error(p->sock)) == 0) {
				probe_connected(&r, owner[i], now);
			} else {
				net_close(p->sock);
				p->sock = NET_NONE;
				p->last_status = net_connect_status(code);
				p->last_code = code;
				probe_next_address(&r, owner[i], now);
			}
		}
		for (i = 0; i < nwatch; i++) {
			struct probe *p = &r.probes[owner[i]];

			if ((p->phase == PHASE_CONNECTING ||
			    p->phase == PHASE_READING) && p->deadline <= now)
				probe_expire(&r, owner[i], now);
		}
	}
out:
	for (i = 0; i < r.nlookups; i++)
		if (r.lookups[i].addrs != NULL)
			freeaddrinfo(r.lookups[i].addrs);
	free(r.lookups);
	free(r.probes);
	free(watch);
	free(owner);
	return rc;
}

enum sshprobe_status
sshprobe_one(const char *host, int port, int connect_timeout_ms,
    int read_timeout_ms, struct sshprobe_result *result)
{
	struct sshprobe_target t;
	struct sshprobe_options o;

	t.host = host;
	t.port = port;
	memset(&o, 0, sizeof(o));
	o.connect_timeout_ms = connect_timeout_ms;
	o.read_timeout_ms = read_timeout_ms;
	o.max_inflight = 1;
	sshprobe_many(&t, 1, &o, result);
	return result->status;
}
