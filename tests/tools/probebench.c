/*
 * probebench: how long sshprobe_many() takes over ports that accept TCP
 * but never speak, as a ratio to one read timeout, for `make bench`
 * (tests/bench/bench.sh).  Probed side by side, twenty silent ports
 * should cost about one timeout, not twenty.  The ports are listening
 * sockets on 127.0.0.1 that it opens itself and never accepts on (the
 * kernel completes the connections into the listen queue).
 *
 * Prints one line on stdout, the median of the runs:
 *
 *	PORTS TIMEOUT_MS RUNS MEDIAN_MS RATIO
 *
 * Exits 0, or 1 when the ports could not be opened or a port was not
 * found silent.
 *
 *	probebench [PORTS [TIMEOUT_MS [RUNS]]]	(20, 1000, 5; RUNS at most 50)
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sshprobe.h"

#define MAX_PORTS	256
#define MAX_RUNS	50

static int	silent_port(void);
static int	number(const char *s, int min, int max);
static int	compare_ms(const void *, const void *);

/* A listening socket on 127.0.0.1 that nobody accepts on: its port. */
static int
silent_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, len) == -1 ||
	    listen(fd, MAX_RUNS + 1) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		err(1, "cannot listen on 127.0.0.1");
	return ntohs(sin.sin_port);
}

static int
number(const char *s, int min, int max)
{
	char *end;
	long n;

	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < min || n > max)
		errx(1, "not a number from %d to %d: %s", min, max, s);
	return (int)n;
}

static int
compare_ms(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct sshprobe_target targets[MAX_PORTS];
	struct sshprobe_result results[MAX_PORTS];
	struct sshprobe_options opts;
	uint64_t took[MAX_RUNS], start, median;
	int ports = 20, timeout = 1000, runs = 5, i, run;

	if (argc > 1)
		ports = number(argv[1], 1, MAX_PORTS);
	if (argc > 2)
		timeout = number(argv[2], 1, 60000);
	if (argc > 3)
		runs = number(argv[3], 1, MAX_RUNS);
	for (i = 0; i < ports; i++) {
		targets[i].host = "127.0.0.1";
		targets[i].port = silent_port();
	}
	memset(&opts, 0, sizeof(opts));
	opts.connect_timeout_ms = 5000;
	opts.read_timeout_ms = timeout;
	for (run = 0; run < runs; run++) {
		start = sshprobe_clock_ms();
		if (sshprobe_many(targets, (size_t)ports, &opts, results) == -1)
			errx(1, "%s", results[0].reason);
		took[run] = sshprobe_clock_ms() - start;
		for (i = 0; i < ports; i++)
			if (results[i].status != SSHPROBE_SILENT)
				errx(1, "port %d: %s", targets[i].port,
				    results[i].reason);
	}
	qsort(took, (size_t)runs, sizeof(took[0]), compare_ms);
	median = runs % 2 ? took[runs / 2] :
	    (took[runs / 2 - 1] + took[runs / 2]) / 2;
	printf("%d %d %d %llu %.2f\n", ports, timeout, runs,
	    (unsigned long long)median, (double)median / timeout);
	return 0;
}
