/*
 * sshprobe: does an SSH server answer at HOST:PORT?  Connects to many
 * endpoints side by side in one poll loop (a bounded number at a time),
 * reads the first line each one sends and says what it was: an SSH
 * banner, silence, something else, or why no connection was made.
 * POSIX sockets and Winsock behind one interface.
 *
 * It never prints and never reads more than SSHPROBE_BANNER_MAX bytes
 * from an endpoint; every wait is bounded by the timeouts given, except
 * the name lookup (getaddrinfo), which is done once per distinct host.
 */
#ifndef UCJOB_SSHPROBE_H
#define UCJOB_SSHPROBE_H

#include <stddef.h>
#include <stdint.h>

/* The most of a first line kept (RFC 4253 allows 255 with CR LF). */
#define SSHPROBE_BANNER_MAX	255
/* The number of probes in flight at once when the options say 0. */
#define SSHPROBE_DEFAULT_INFLIGHT	32

enum sshprobe_status {
	SSHPROBE_READY,		/* a line starting "SSH-2.0-" or "SSH-1.99-" */
	SSHPROBE_SILENT,	/* connected; no line within the read timeout */
	SSHPROBE_NOT_SSH,	/* connected; the first line is not SSH 2 */
	SSHPROBE_CLOSED,	/* connected; closed or reset before a byte */
	SSHPROBE_REFUSED,	/* the connection was refused */
	SSHPROBE_TIMEOUT,	/* no connection within the connect timeout */
	SSHPROBE_UNREACHABLE,	/* the connection failed otherwise */
	SSHPROBE_RESOLVE_FAILED, /* not a valid host, or no address for it */
	SSHPROBE_ERROR		/* a local failure (no socket, no Winsock) */
};

struct sshprobe_target {
	const char	*host;	/* a DNS name or an IPv4 / IPv6 literal */
	int		 port;	/* 1-65535 */
};

struct sshprobe_result {
	enum sshprobe_status	 status;
	/* The first line received, without its CR LF, every byte that is
	 * not printable ASCII replaced by '?'; "" when nothing came. */
	char			 banner[SSHPROBE_BANNER_MAX + 1];
	/* Why, for a message after "HOST:PORT: " (no trailing period):
	 * "connection refused", "connected, but no banner within 300 ms",
	 * "not an SSH server: it answered \"HTTP/1.1 400 Bad Request\"".
	 * Control characters never appear in it. */
	char			 reason[SSHPROBE_BANNER_MAX + 128];
	/* From the start of the connection to the result (after the name
	 * lookup): a slow answer shows here. */
	uint64_t		 elapsed_ms;
};

struct sshprobe_options {
	/* Both timeouts are in milliseconds and should be positive. */
	int	 connect_timeout_ms;	/* for the TCP connection, all
					 * addresses of a host together */
	int	 read_timeout_ms;	/* for the first line, once connected */
	size_t	 max_inflight;		/* 0: SSHPROBE_DEFAULT_INFLIGHT */
	/* When not NULL, called once per target as soon as its result is
	 * known (in the order they finish), for progress output. */
	void	(*done)(size_t index, const struct sshprobe_result *result,
		    void *arg);
	void	*arg;
};

/*
 * Probe targets[0..n-1] side by side; results[i] is filled for
 * targets[i].  0, or -1 when probing could not run at all (Winsock did
 * not start, the poll loop failed): then every result not yet known is
 * SSHPROBE_ERROR with the reason.
 */
int	sshprobe_many(const struct sshprobe_target *targets, size_t n,
	    const struct sshprobe_options *opts,
	    struct sshprobe_result *results);

/* One endpoint (for `ucjob wait`): the status, also in result->status. */
enum sshprobe_status	sshprobe_one(const char *host, int port,
	    int connect_timeout_ms, int read_timeout_ms,
	    struct sshprobe_result *result);

/* A short lowercase name: "ready", "silent", "not-ssh", "closed",
 * "refused", "timeout", "unreachable", "unresolved", "error". */
const char	*sshprobe_status_name(enum sshprobe_status status);

/* Milliseconds of a monotonic clock (from an unspecified start). */
uint64_t	sshprobe_clock_ms(void);

#endif
