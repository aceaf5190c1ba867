/*
 * sshprobe: the SSH banner probe (sshprobe.h): the state machine of each
 * probe, the timeouts and the classification, written once for every
 * platform on top of the few socket calls of sshprobe_net.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sshprobe.h"
#include "sshprobe_net.h"
#include "validate.h"
#include "xmalloc.h"

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
	visible_copy(reason, strlen(reason), res->reason, sizeof(res->reason));
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
	visible_copy(p->line, n, res->banner, sizeof(res->banner));
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
