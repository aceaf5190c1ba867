/*
 * spawn_many_posix.c: spawn_run_many on POSIX, one poll loop over many
 * children at once, built from the steps of one run (spawn_posix.h).
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "spawn.h"
#include "spawn_posix.h"

/*
 * One poll loop over every running child: start a job whenever a place
 * is free, feed and drain all pipes together, and finish a run when its
 * child has exited (taking what is left in its pipes, as exchange does),
 * its deadline has passed or memory ran out.
 */
int
spawn_run_many(struct spawn_job *jobs, size_t n,
    const struct spawn_opts *opts, size_t parallel,
    void (*done)(size_t, void *), void *arg)
{
	struct sigaction	 sa, old_chld, old_pipe;
	struct run		*r;
	struct pollfd		*pfd;
	size_t			*job, *where, next = 0, busy = 0, k, nfds;
	int			*active, *which, *heard, i, wait, left, fail = 0;

	if (parallel == 0)
		parallel = 1;
	if (parallel > n)
		parallel = n;
	if (n == 0)
		return 0;
	r = calloc(parallel, sizeof(*r));
	job = calloc(parallel, sizeof(*job));
	active = calloc(parallel, sizeof(*active));
	heard = calloc(parallel, sizeof(*heard));
	pfd = calloc(parallel * 3, sizeof(*pfd));
	where = calloc(parallel * 3, sizeof(*where));
	which = calloc(parallel * 3, sizeof(*which));
	if (r == NULL || job == NULL || active == NULL || heard == NULL ||
	    pfd == NULL || where == NULL || which == NULL) {
		for (; next < n; next++) {
			memset(&jobs[next].res, 0, sizeof(jobs[next].res));
			jobs[next].res.start_errno = ENOMEM;
		}
		fail = 1;
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	(void)sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	(void)sigaction(SIGCHLD, &sa, &old_chld);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, &old_pipe);
	for (;;) {
		for (k = 0; k < parallel && next < n; k++) {
			if (active[k])
				continue;
			memset(&jobs[next].res, 0, sizeof(jobs[next].res));
			run_init(&r[k]);
			if (jobs[next].argv == NULL ||
			    jobs[next].argv[0] == NULL || opts == NULL ||
			    (opts->input == NULL &&
			    opts->stdin_mode != SPAWN_NULL) ||
			    opts->stdout_mode == SPAWN_INHERIT ||
			    opts->stdout_mode == SPAWN_STDERR ||
			    opts->stderr_mode == SPAWN_INHERIT ||
			    opts->stderr_mode == SPAWN_STDERR) {
				/* Many children never share a stream. */
				jobs[next].res.start_errno = EINVAL;
			} else if (run_start(&r[k], jobs[next].argv,
			    opts) == -1) {
				jobs[next].res.start_errno = errno;
				free(r[k].buf[1].data);
				free(r[k].buf[2].data);
			} else {
				active[k] = 1;
				job[k] = next++;
				busy++;
				continue;
			}
			fail = 1;
			if (done != NULL)
				done(next, arg);
			next++;
			k--;	/* the place is still free */
		}
		if (busy == 0)
			break;
		wait = IDLE_MS;
		for (nfds = 0, k = 0; k < parallel; k++) {
			if (!active[k])
				continue;
			heard[k] = 0;
			if ((left = run_ms_left(&r[k])) != -1 && left < wait)
				wait = left;
			if (!run_open(&r[k]) && wait > WAIT_NAP_MS)
				wait = WAIT_NAP_MS;
			for (i = 0; i < 3; i++) {
				if (r[k].fd[i] == -1)
					continue;
				pfd[nfds].fd = r[k].fd[i];
				pfd[nfds].events = i == 0 ? POLLOUT : POLLIN;
				pfd[nfds].revents = 0;
				where[nfds] = k;
				which[nfds++] = i;
			}
		}
		if (poll(nfds ? pfd : NULL, nfds, wait) == -1 &&
		    errno != EINTR) {
			for (k = 0; k < parallel; k++)
				if (active[k])
					r[k].out_of_memory = 1;
		}
		for (k = 0; k < nfds; k++) {
			if (pfd[k].revents == 0 || r[where[k]].fd[which[k]] ==
			    -1)
				continue;
			heard[where[k]] = 1;
			if (which[k] == 0)
				run_feed(&r[where[k]]);
			else
				(void)run_drain(&r[where[k]], which[k]);
		}
		for (k = 0; k < parallel; k++) {
			if (!active[k])
				continue;
			if (r[k].out_of_memory) {
				run_terminate(&r[k]);
			} else if (run_ms_left(&r[k]) == 0) {
				r[k].timed_out = 1;
				run_terminate(&r[k]);
			} else if (!heard[k] && waitpid(r[k].pid, &r[k].status,
			    WNOHANG) == r[k].pid) {
				r[k].reaped = 1;
				spawn_live_remove(r[k].pid);
				for (i = 1; i < 3; i++)
					for (left = 0; left < 64 &&
					    r[k].fd[i] != -1 &&
					    run_drain(&r[k], i); left++)
						continue;
			} else {
				continue;
			}
			for (i = 0; i < 3; i++)
				run_close_fd(&r[k].fd[i]);
			run_result(&r[k], &jobs[job[k]].res);
			if (r[k].out_of_memory || !r[k].reaped ||
			    r[k].timed_out || jobs[job[k]].res.signal != 0 ||
			    jobs[job[k]].res.exit_status != 0)
				fail = 1;
			active[k] = 0;
			busy--;
			if (done != NULL)
				done(job[k], arg);
		}
	}
	(void)sigaction(SIGPIPE, &old_pipe, NULL);
	(void)sigaction(SIGCHLD, &old_chld, NULL);
out:
	free(which);
	free(where);
	free(pfd);
	free(heard);
	free(active);
	free(job);
	free(r);
	return fail ? -1 : 0;
}
