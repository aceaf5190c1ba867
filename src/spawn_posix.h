/*
 * spawn_posix.h: what the two halves of the POSIX spawn.h share inside
 * the module: one run of a child (spawn_posix.c starts, feeds, drains,
 * times out and reaps it) and the steps spawn_many_posix.c drives many of
 * at once.  Not for other modules.
 */
#ifndef UCJOB_SPAWN_POSIX_H
#define UCJOB_SPAWN_POSIX_H

#include <sys/types.h>

#include <stddef.h>

#include "spawn.h"

#define IDLE_MS		100	/* idle pipes: child gone? */
#define WAIT_NAP_MS	10	/* pipes closed: how often to look for exit */

struct buffer {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

struct run {
	pid_t		 pid;
	int		 own_group;
	int		 fd[3];		/* our ends of 0, 1, 2 */
	int		 source[3];	/* what the child puts there */
	int		 out_to_err;	/* SPAWN_STDERR: 1 onto our 2 */
	int		 nullfd;
	int		 errpipe[2];	/* errno of a failed exec */
	const char	*input;
	size_t		 input_left;
	struct buffer	 buf[3];	/* [1] stdout, [2] stderr */
	long long	 deadline;	/* monotonic ms; 0: none */
	int		 timed_out;
	int		 out_of_memory;
	size_t		 capture_max;
	int		 truncated;
	int		 reaped;	/* status is valid */
	int		 status;
};

/* A run with nothing open. */
void	run_init(struct run *r);
/* Start argv as opts say; -1 with errno when it could not start. */
int	run_start(struct run *r, const char *const argv[],
	    const struct spawn_opts *opts);
/* Write what is left of the input, without blocking. */
void	run_feed(struct run *r);
/* Read what pipe i holds; 1 when that was something. */
int	run_drain(struct run *r, int i);
/* Milliseconds to the deadline; -1: none. */
int	run_ms_left(const struct run *r);
/* Whether any of the run's pipes is still open. */
int	run_open(const struct run *r);
/* End the child (its group, if it has one), then reap it. */
void	run_terminate(struct run *r);
/* Hand a finished run over to res. */
void	run_result(struct run *r, struct spawn_result *res);
/* Close *fd unless it is -1, and set it to -1. */
void	run_close_fd(int *fd);
/* Forget a reaped child's process group (spawn_kill_live). */
void	spawn_live_remove(pid_t pid);

#endif
