/*
 * check_sshprobe: the SSH banner probe against real sockets on
 * 127.0.0.1 (and ::1 where the machine has it) that each test creates:
 * servers that send a banner, stay silent, speak HTTP with control
 * characters or close at once (each a forked child, stopped by its PID),
 * ports that refuse, a full listen queue that never connects (Linux),
 * and twenty silent ports probed side by side.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sshprobe.h"

#define MAX_SERVERS	8
#define SILENT_PORTS	20

/* A server child must never outlive a failed test for long.  It is
 * stopped with SIGKILL: it inherits Check's SIGTERM handler, which
 * would take the test's whole process group down with it. */
#define SERVER_LIFETIME_S	20

static pid_t servers[MAX_SERVERS];
static size_t nservers;

/* A listening TCP socket on the loopback address of family, on a port
 * of the kernel's choice (*port); -1 when the family is unavailable. */
static int
listener_family(int family, int *port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, on = 1;

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*sin);
	}
	if ((fd = socket(family, SOCK_STREAM, 0)) == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(fd, 64) == -1 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) == -1) {
		close(fd);
		return -1;
	}
	*port = family == AF_INET6 ?
	    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) :
	    ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

static int
listener(int *port)
{
	int fd;

	fd = listener_family(AF_INET, port);
	ck_assert_msg(fd != -1, "cannot listen on 127.0.0.1: %s",
	    strerror(errno));
	return fd;
}

/* A port nothing listens on: bound by the kernel's choice, then closed. */
static int
closed_port(void)
{
	int fd, port;

	fd = listener(&port);
	close(fd);
	return port;
}

/*
 * A child that accepts one connection on fd and writes len bytes of text
 * (nothing when text is NULL; close at once when len is 0), then waits
 * for the probe to hang up.  The parent's copy of fd is closed.
 */
static void
serve(int fd, const char *text, size_t len)
{
	char buf[256];
	pid_t pid;
	int c;

	ck_assert_int_lt(nservers, MAX_SERVERS);
	pid = fork();
	ck_assert_msg(pid != -1, "fork: %s", strerror(errno));
	if (pid == 0) {
		alarm(SERVER_LIFETIME_S);
		if ((c = accept(fd, NULL, NULL)) == -1)
			_exit(1);
		if (text != NULL && len == 0) {
			close(c);
			_exit(0);
		}
		if (text != NULL && write(c, text, len) != (ssize_t)len)
			_exit(1);
		while (read(c, buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	servers[nservers++] = pid;
	close(fd);
}

static void
stop_servers(void)
{
	size_t i;

	for (i = 0; i < nservers; i++) {
		kill(servers[i], SIGKILL);
		waitpid(servers[i], NULL, 0);
	}
	nservers = 0;
}

static void
setup(void)
{
	nservers = 0;
}

static void
teardown(void)
{
	stop_servers();
}

/* Probe 127.0.0.1:port with generous timeouts. */
static enum sshprobe_status
probe_local(int port, int read_ms, struct sshprobe_result *res)
{
	return sshprobe_one("127.0.0.1", port, 5000, read_ms, res);
}

static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 1;
	return 0;
}

/* What a server says first, and what the probe makes of it. */
static const struct {
	const char		*text;		/* "": close at once */
	enum sshprobe_status	 status;
	const char		*banner;
	const char		*reason;
} banners[] = {
	{ "SSH-2.0-Test\r\n", SSHPROBE_READY, "SSH-2.0-Test",
	    "answers SSH-2.0-Test" },
	{ "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", SSHPROBE_READY,
	    "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
	    "answers SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3" },
	{ "SSH-1.99-Old\n", SSHPROBE_READY, "SSH-1.99-Old",
	    "answers SSH-1.99-Old" },
	{ "SSH-1.5-Ancient\r\n", SSHPROBE_NOT_SSH, "SSH-1.5-Ancient",
	    "not an SSH 2 server: it answered \"SSH-1.5-Ancient\"" },
	{ "ssh-2.0-lower\r\n", SSHPROBE_NOT_SSH, "ssh-2.0-lower",
	    "not an SSH server: it answered \"ssh-2.0-lower\"" },
	{ "", SSHPROBE_CLOSED, "",
	    "connected, but the connection was closed before a banner" },
};

START_TEST(test_banner_classified)
{
	struct sshprobe_result res;
	int fd, port;

	fd = listener(&port);
	serve(fd, banners[_i].text, strlen(banners[_i].text));
	ck_assert_int_eq(probe_local(port, 5000, &res), banners[_i].status);
	ck_assert_int_eq(res.status, banners[_i].status);
	ck_assert_str_eq(res.banner, banners[_i].banner);
	ck_assert_str_eq(res.reason, banners[_i].reason);
}
END_TEST

START_TEST(test_nothing_to_probe)
{
	struct sshprobe_options o;

	memset(&o, 0, sizeof(o));
	o.connect_timeout_ms = 100;
	o.read_timeout_ms = 100;
	ck_assert_int_eq(sshprobe_many(NULL, 0, &o, NULL), 0);
}
END_TEST

START_TEST(test_status_names)
{
	ck_assert_str_eq(sshprobe_status_name(SSHPROBE_READY), "ready");
	ck_assert_str_eq(sshprobe_status_name(SSHPROBE_SILENT), "silent");
	ck_assert_str_eq(sshprobe_status_name(SSHPROBE_NOT_SSH), "not-ssh");
	ck_assert_str_eq(sshprobe_status_name(SSHPROBE_RESOLVE_FAILED),
	    "unresolved");
	ck_assert_str_eq(sshprobe_status_name(SSHPROBE_ERROR), "error");
}
END_TEST

START_TEST(test_silent_after_accept)
{
	struct sshprobe_result res;
	int fd, port;

	fd = listener(&port);
	serve(fd, NULL, 0);
	ck_assert_int_eq(probe_local(port, 200, &res), SSHPROBE_SILENT);
	ck_assert_str_eq(res.banner, "");
	ck_assert_str_eq(res.reason, "connected, but no banner within 200 ms");
	ck_assert_uint_ge(res.elapsed_ms, 200);
}
END_TEST

START_TEST(test_http_not_ssh_stripped)
{
	const char http[] = "HTTP/1.1 400 Bad\x1b[31m Request\a\r\n"
	    "Content-Length: 0\r\n\r\n";
	struct sshprobe_result res;
	int fd, port;

	fd = listener(&port);
	serve(fd, http, sizeof(http) - 1);
	ck_assert_int_eq(probe_local(port, 5000, &res), SSHPROBE_NOT_SSH);
	ck_assert_str_eq(res.banner, "HTTP/1.1 400 Bad?[31m Request?");
	ck_assert(!has_control(res.banner));
	ck_assert(!has_control(res.reason));
	ck_assert_str_eq(res.reason, "not an SSH server: it answered "
	    "\"HTTP/1.1 400 Bad?[31m Request?\"");
}
END_TEST

START_TEST(test_long_line_bounded)
{
	struct sshprobe_result res;
	char text[4096];
	int fd, port;

	/* No line end at all: the probe stops at the bound, not at the
	 * read timeout, and keeps no more than the bound. */
	memset(text, 'A', sizeof(text));
	fd = listener(&port);
	serve(fd, text, sizeof(text));
	ck_assert_int_eq(probe_local(port, 10000, &res), SSHPROBE_NOT_SSH);
	ck_assert_uint_eq(strlen(res.banner), SSHPROBE_BANNER_MAX);
	ck_assert_uint_lt(res.elapsed_ms, 5000);
}
END_TEST

START_TEST(test_refused)
{
	struct sshprobe_result res;

	ck_assert_int_eq(probe_local(closed_port(), 5000, &res),
	    SSHPROBE_REFUSED);
	ck_assert_str_eq(res.reason, "connection refused");
	ck_assert_uint_lt(res.elapsed_ms, 5000);
}
END_TEST

#ifdef __linux__
START_TEST(test_connect_timeout)
{
	struct sockaddr_in sin;
	struct sshprobe_result res;
	socklen_t len = sizeof(sin);
	int fd, filler[3], i;

	/*
	 * Linux drops a SYN while the listen queue is full, so with a queue
	 * of one (filled by a connection of our own) the next connection
	 * is never made.  The first filler connects before the probe does.
	 */
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_ne(fd = socket(AF_INET, SOCK_STREAM, 0), -1);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, len), 0);
	ck_assert_int_eq(listen(fd, 0), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	for (i = 0; i < 3; i++) {
		ck_assert_int_ne(filler[i] = socket(AF_INET, SOCK_STREAM, 0),
		    -1);
		if (i > 0)
			ck_assert_int_ne(fcntl(filler[i], F_SETFL,
			    O_NONBLOCK), -1);
		ck_assert(connect(filler[i], (struct sockaddr *)&sin,
		    len) == 0 || (i > 0 && errno == EINPROGRESS));
	}
	ck_assert_int_eq(sshprobe_one("127.0.0.1", ntohs(sin.sin_port), 300,
	    300, &res), SSHPROBE_TIMEOUT);
	ck_assert_str_eq(res.reason, "no connection within 300 ms");
	ck_assert_uint_ge(res.elapsed_ms, 300);
	for (i = 0; i < 3; i++)
		close(filler[i]);
	close(fd);
}
END_TEST
#endif

START_TEST(test_invalid_host)
{
	struct sshprobe_result res;

	/* Refused before any lookup: nothing leaves the machine. */
	ck_assert_int_eq(sshprobe_one("bad host!", 22, 1000, 1000, &res),
	    SSHPROBE_RESOLVE_FAILED);
	ck_assert_ptr_nonnull(strstr(res.reason, "not a valid host name"));
	ck_assert_int_eq(sshprobe_one("", 22, 1000, 1000, &res),
	    SSHPROBE_RESOLVE_FAILED);
	ck_assert_int_eq(sshprobe_one("127.0.0.1", 0, 1000, 1000, &res),
	    SSHPROBE_ERROR);
	ck_assert_int_eq(sshprobe_one("127.0.0.1", 65536, 1000, 1000, &res),
	    SSHPROBE_ERROR);
}
END_TEST

START_TEST(test_localhost_by_name)
{
	struct sshprobe_result res;
	int fd, port;

	/* "localhost" may give ::1 first, where nothing listens: the
	 * probe goes on to 127.0.0.1. */
	fd = listener(&port);
	serve(fd, "SSH-2.0-Named\r\n", 15);
	ck_assert_int_eq(sshprobe_one("localhost", port, 5000, 5000, &res),
	    SSHPROBE_READY);
	ck_assert_str_eq(res.banner, "SSH-2.0-Named");
}
END_TEST

START_TEST(test_ipv6_literal)
{
	struct sshprobe_result res;
	int fd, port;

	if ((fd = listener_family(AF_INET6, &port)) == -1)
		return;	/* no IPv6 loopback on this machine */
	serve(fd, "SSH-2.0-Six\r\n", 13);
	ck_assert_int_eq(sshprobe_one("::1", port, 5000, 5000, &res),
	    SSHPROBE_READY);
	ck_assert_str_eq(res.banner, "SSH-2.0-Six");
}
END_TEST

/* What the done callback saw: each index once, with its own result. */
struct seen {
	struct sshprobe_result	*results;
	size_t			 calls[5];
};

static void
count_done(size_t index, const struct sshprobe_result *res, void *arg)
{
	struct seen *seen = arg;

	ck_assert_uint_lt(index, 5);
	ck_assert_ptr_eq(res, &seen->results[index]);
	seen->calls[index]++;
}

START_TEST(test_many_in_input_order)
{
	struct sshprobe_target t[5];
	struct sshprobe_result res[5];
	struct sshprobe_options o;
	struct seen seen;
	size_t i;
	int silent_fd, fd, port;

	/* The silent one comes first and finishes last. */
	silent_fd = listener(&port);
	t[0].host = "127.0.0.1";
	t[0].port = port;
	fd = listener(&port);
	serve(fd, "SSH-2.0-First\r\n", 15);
	t[1].host = "127.0.0.1";
	t[1].port = port;
	t[2].host = "127.0.0.1";
	t[2].port = closed_port();
	t[3].host = "no such host!";
	t[3].port = 22;
	fd = listener(&port);
	serve(fd, "220 smtp.example ESMTP\r\n", 24);
	t[4].host = "127.0.0.1";
	t[4].port = port;
	memset(&seen, 0, sizeof(seen));
	seen.results = res;
	memset(&o, 0, sizeof(o));
	o.connect_timeout_ms = 5000;
	o.read_timeout_ms = 300;
	o.done = count_done;
	o.arg = &seen;
	ck_assert_int_eq(sshprobe_many(t, 5, &o, res), 0);
	ck_assert_int_eq(res[0].status, SSHPROBE_SILENT);
	ck_assert_int_eq(res[1].status, SSHPROBE_READY);
	ck_assert_str_eq(res[1].banner, "SSH-2.0-First");
	ck_assert_int_eq(res[2].status, SSHPROBE_REFUSED);
	ck_assert_int_eq(res[3].status, SSHPROBE_RESOLVE_FAILED);
	ck_assert_int_eq(res[4].status, SSHPROBE_NOT_SSH);
	ck_assert_str_eq(res[4].banner, "220 smtp.example ESMTP");
	for (i = 0; i < 5; i++)
		ck_assert_uint_eq(seen.calls[i], 1);
	close(silent_fd);
}
END_TEST

/*
 * SILENT_PORTS ports that accept TCP (the kernel completes the handshake
 * into the listen queue) but never speak, probed with at most inflight at
 * once; the time the whole probe took.
 */
static uint64_t
probe_silent_ports(size_t inflight, int read_ms)
{
	struct sshprobe_target t[SILENT_PORTS];
	struct sshprobe_result res[SILENT_PORTS];
	struct sshprobe_options o;
	int fds[SILENT_PORTS], port;
	uint64_t start, took;
	size_t i;

	for (i = 0; i < SILENT_PORTS; i++) {
		fds[i] = listener(&port);
		t[i].host = "127.0.0.1";
		t[i].port = port;
	}
	memset(&o, 0, sizeof(o));
	o.connect_timeout_ms = 5000;
	o.read_timeout_ms = read_ms;
	o.max_inflight = inflight;
	start = sshprobe_clock_ms();
	ck_assert_int_eq(sshprobe_many(t, SILENT_PORTS, &o, res), 0);
	took = sshprobe_clock_ms() - start;
	for (i = 0; i < SILENT_PORTS; i++) {
		ck_assert_int_eq(res[i].status, SSHPROBE_SILENT);
		ck_assert_uint_ge(res[i].elapsed_ms, (uint64_t)read_ms);
		close(fds[i]);
	}
	return took;
}

START_TEST(test_silent_ports_side_by_side)
{
	uint64_t took;

	/* One after the other they would take 20 timeouts. */
	took = probe_silent_ports(32, 300);
	ck_assert_uint_ge(took, 300);
	ck_assert_msg(took < 3 * 300, "20 silent ports took %llu ms",
	    (unsigned long long)took);
}
END_TEST

START_TEST(test_inflight_bound)
{
	/* Five at a time: four rounds of a whole timeout each. */
	ck_assert_uint_ge(probe_silent_ports(5, 100), 4 * 100);
}
END_TEST

Suite *
sshprobe_suite(void)
{
	Suite *s = suite_create("sshprobe");
	TCase *tc;

	tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_banner_classified, 0,
	    sizeof(banners) / sizeof(banners[0]));
	tcase_add_test(tc, test_status_names);
	tcase_add_test(tc, test_silent_after_accept);
	tcase_add_test(tc, test_http_not_ssh_stripped);
	tcase_add_test(tc, test_long_line_bounded);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_localhost_by_name);
	tcase_add_test(tc, test_ipv6_literal);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_invalid_host);
	tcase_add_test(tc, test_nothing_to_probe);
#ifdef __linux__
	tcase_add_test(tc, test_connect_timeout);
#endif
	suite_add_tcase(s, tc);

	tc = tcase_create("concurrency");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_many_in_input_order);
	tcase_add_test(tc, test_silent_ports_side_by_side);
	tcase_add_test(tc, test_inflight_bound);
	suite_add_tcase(s, tc);
	return s;
}
