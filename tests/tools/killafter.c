/*
 * killafter: run a program and kill it with SIGKILL after a given number
 * of microseconds, for the crash test (tests/t0400-crash.sh).  The program
 * runs in a process group of its own with /dev/null as stdin, stdout and
 * stderr; the whole group is killed, as a crash or a power cut would.
 * With "-" as the delay it is never killed, and the time it took is
 * what the caller learns.  Prints one line on stdout:
 *
 *	killed USEC		killed after USEC microseconds
 *	exited STATUS USEC	it ended by itself first
 *	signal N USEC		it died of another signal first
 *
 * Exits 0, or 1 when the program could not be run at all.
 *
 *	killafter USEC|- PROGRAM [ARG...]
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long
usec_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)(t.tv_sec - t0->tv_sec) * 1000000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000;
}

int
main(int argc, char *argv[])
{
	struct timespec t0, nap;
	long long delay = -1;
	char *end;
	pid_t pid;
	int status, fd;

	if (argc < 3) {
		fprintf(stderr, "usage: killafter USEC|- PROGRAM [ARG...]\n");
		return 1;
	}
	if (strcmp(argv[1], "-") != 0) {
		errno = 0;
		delay = strtoll(argv[1], &end, 10);
		if (errno != 0 || *end != '\0' || delay < 0) {
			fprintf(stderr, "killafter: bad delay %s\n", argv[1]);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		perror("killafter: fork");
		return 1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	/* Both sides set the group, so the kill cannot miss it. */
	setpgid(pid, pid);
	if (delay >= 0) {
		nap.tv_sec = (time_t)(delay / 1000000);
		nap.tv_nsec = (long)(delay % 1000000) * 1000;
		while (nanosleep(&nap, &nap) == -1 && errno == EINTR)
			;
		kill(-pid, SIGKILL);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			perror("killafter: waitpid");
			return 1;
		}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && delay >= 0)
		printf("killed %lld\n", usec_since(&t0));
	else if (WIFSIGNALED(status))
		printf("signal %d %lld\n", WTERMSIG(status), usec_since(&t0));
	else
		printf("exited %d %lld\n", WEXITSTATUS(status),
		    usec_since(&t0));
	return 0;
}
