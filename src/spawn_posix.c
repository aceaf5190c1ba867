/*
 * spawn_posix.c: the POSIX implementation of spawn.h (spawn_run_many's
 * poll loop over many children is in spawn_many_posix.c).
 *
 * It owns fork and exec of an argv array, the pipes that feed the child's
 * stdin and collect its stdout and stderr, the timeout, and reaping the
 * child.  Every descriptor it opens is close-on-exec and the child closes
 * any others it inherited, so the child holds exactly fds 0, 1 and 2.
 *
 * It must never run anything through a shell, print anything itself, leave
 * a zombie or a descriptor behind, or leave SIGPIPE ignored on return.
 *
 * Process groups: a child that shares none of ucjob's streams and has a
 * timeout (a batch run such as ssh -G or a clipboard tool) gets a process
 * group of its own, so that the timeout also kills its helpers (the
 * commands of a Match exec, for instance); such a child no longer sees the
 * terminal's ^C, which is fine for short batch runs.  A child that shares
 * any stream stays in ucjob's group: it may be the terminal's foreground
 * job, like ssh-keygen asking for a passphrase, and in a group of its own
 * it would be stopped by SIGTTIN as soon as it read the terminal.
 * The groups of the children still running are listed, so that a signal
 * that ends ucjob can end them too (spawn_kill_live).
 *
 * Captured output is bounded (spawn_opts.capture_max): past the bound it
 * is read and dropped, so a child that writes without end neither blocks
 * on a full pipe nor fills memory.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"
#include "spawn_posix.h"

#define READ_CHUNK	65536	/* bytes per read(2) */
#define KILL_GRACE_MS	500	/* SIGTERM to SIGKILL on a timeout */
#define NAP_MAX_MS	50	/* longest nap in a timed wait */
#define LIVE_MAX	64	/* own-group children tracked for signals */

/* The process groups of running own-group children; 0: a free slot. */
static volatile sig_atomic_t live_groups[LIVE_MAX];

static void	 close_child_ends(struct run *);
static int	 cloexec_above_stdio(int);
static int	 pipe_cloexec(int[2]);
static long long now_ms(void);
static void	 exec_direct(const char *const[]);
static void	 child_exec(const char *const[], const struct run *,
		    const sigset_t *);
static void	 exchange(struct run *);
static void	 wait_child(struct run *);
static void	 live_add(pid_t);

void
run_close_fd(int *fd)
{
	if (*fd != -1) {
		(void)close(*fd);
		*fd = -1;
	}
}

/* Close what the child needed of ours; /dev/null may serve twice. */
static void
close_child_ends(struct run *r)
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (r->source[i] != r->nullfd)
			run_close_fd(&r->source[i]);
	run_close_fd(&r->nullfd);
	run_close_fd(&r->errpipe[1]);
}

/*
 * Move fd above 2 and make it close-on-exec, so that the child's dup2()
 * onto 0, 1 and 2 never overwrites a descriptor it has yet to copy.
 */
static int
cloexec_above_stdio(int fd)
{
	int	 moved, saved;

	if (fd == -1)
		return -1;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	saved = errno;
	(void)close(fd);
	errno = saved;
	return moved;
}

static int
pipe_cloexec(int fds[2])
{
	int	 p[2];

	if (pipe(p) == -1)
		return -1;
	fds[0] = cloexec_above_stdio(p[0]);
	fds[1] = cloexec_above_stdio(p[1]);
	if (fds[0] != -1 && fds[1] != -1)
		return 0;
	run_close_fd(&fds[0]);
	run_close_fd(&fds[1]);
	return -1;
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds until the deadline, -1 when there is none. */
int
run_ms_left(const struct run *r)
{
	long long	 ms;

	if (r->deadline == 0)
		return -1;
	if ((ms = r->deadline - now_ms()) <= 0)
		return 0;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/*
 * execvp(3) without its fallback: a file on PATH that is neither a binary
 * nor a #! script (ENOEXEC) is handed by execvp to /bin/sh.  ucjob never
 * runs anything through a shell, so search PATH here and use execv(2),
 * which fails with ENOEXEC instead.  It allocates nothing: it runs in
 * the child after fork.  Returns only on failure, with errno set.
 */
static void
exec_direct(const char *const argv[])
{
	char		 path[PATH_MAX];
	const char	*dirs, *p, *end;
	size_t		 dlen, nlen;
	int		 denied = 0;

	if (argv[0][0] == '\0') {
		errno = ENOENT;
		return;
	}
	if (strchr(argv[0], '/') != NULL) {
		(void)execv(argv[0], (char *const *)argv);
		return;
	}
	if ((dirs = getenv("PATH")) == NULL)
		dirs = "/bin:/usr/bin";
	nlen = strlen(argv[0]);
	for (p = dirs;; p = end + 1) {
		if ((end = strchr(p, ':')) == NULL)
			end = p + strlen(p);
		/* An empty element is the current directory. */
		dlen = end > p ? (size_t)(end - p) : 1;
		if (dlen + 1 + nlen < sizeof(path)) {
			memcpy(path, end > p ? p : ".", dlen);
			path[dlen] = '/';
			memcpy(path + dlen + 1, argv[0], nlen + 1);
			(void)execv(path, (char *const *)argv);
			if (errno == EACCES)
				denied = 1;
			else if (errno != ENOENT && errno != ENOTDIR &&
			    errno != ELOOP && errno != ENAMETOOLONG)
				return;
		}
		if (*end == '\0')
			break;
	}
	errno = denied ? EACCES : ENOENT;
}

/*
 * In the child: put the sources on 0, 1 and 2 (ucjob's stderr on 1 for
 * SPAWN_STDERR), drop every other descriptor but the error pipe, exec.
 * On failure send errno up the pipe.
 */
static void
child_exec(const char *const argv[], const struct run *r,
    const sigset_t *mask)
{
	int	 fd, errfd = r->errpipe[1], saved;

	if (r->own_group)
		(void)setpgid(0, 0);
	(void)sigprocmask(SIG_SETMASK, mask, NULL);
	for (fd = 0; fd < 3; fd++) {
		/* Before fd 2 is replaced: it is still ucjob's stderr. */
		if (fd == STDOUT_FILENO && r->out_to_err &&
		    dup2(STDERR_FILENO, STDOUT_FILENO) == -1)
			goto fail;
		if (r->source[fd] != -1 && dup2(r->source[fd], fd) == -1)
			goto fail;
	}
	for (fd = 3; fd < errfd; fd++)
		(void)close(fd);
#if defined(__APPLE__)
	{
		/* No closefrom(3) here. */
		long	 max = sysconf(_SC_OPEN_MAX);

		for (fd = errfd + 1; fd < 65536 && (max == -1 || fd < max);
		    fd++)
			(void)close(fd);
	}
#else
	closefrom(errfd + 1);
#endif
	exec_direct(argv);
fail:
	saved = errno;
	while (write(errfd, &saved, sizeof(saved)) == -1 && errno == EINTR)
		continue;
	_exit(127);
}

/*
 * Set up the streams, fork and exec.  Returns 0 once the child runs the
 * program, -1 with errno set when it could not be started.
 */
int
run_start(struct run *r, const char *const argv[],
    const struct spawn_opts *opts)
{
	enum spawn_stream	 mode[3];
	sigset_t		 block, old;
	int			 p[2], i, child_errno, saved;
	ssize_t			 n;

	mode[0] = opts->input != NULL ? SPAWN_CAPTURE : opts->stdin_mode;
	mode[1] = opts->stdout_mode;
	mode[2] = opts->stderr_mode;
	r->own_group = opts->timeout_ms > 0;
	r->capture_max = spawn_capture_max(opts);
	for (i = 0; i < 3; i++) {
		if (mode[i] == SPAWN_INHERIT) {
			r->own_group = 0;
		} else if (mode[i] == SPAWN_STDERR) {
			r->own_group = 0;
			r->out_to_err = 1;
		} else if (mode[i] == SPAWN_NULL) {
			if (r->nullfd == -1 && (r->nullfd = cloexec_above_stdio(
			    open("/dev/null", O_RDWR))) == -1)
				goto fail;
			r->source[i] = r->nullfd;
		} else {
			if (pipe_cloexec(p) == -1)
				goto fail;
			r->source[i] = p[i == 0 ? 0 : 1];
			r->fd[i] = p[i == 0 ? 1 : 0];
			if (fcntl(r->fd[i], F_SETFL, O_NONBLOCK) == -1)
				goto fail;
			if (i > 0 && (r->buf[i].data =
			    malloc(READ_CHUNK + 1)) == NULL)
				goto fail;
			r->buf[i].cap = READ_CHUNK + 1;
		}
	}
	if (pipe_cloexec(r->errpipe) == -1)
		goto fail;
	if (opts->timeout_ms > 0)
		r->deadline = now_ms() + opts->timeout_ms;
	(void)fflush(stdout);
	(void)fflush(stderr);
	/* No signal between fork and the group's listing: it could not
	 * reach a group that is not listed yet. */
	(void)sigemptyset(&block);
	(void)sigaddset(&block, SIGINT);
	(void)sigaddset(&block, SIGTERM);
	(void)sigaddset(&block, SIGHUP);
	(void)sigprocmask(SIG_BLOCK, &block, &old);
	if ((r->pid = fork()) == -1) {
		(void)sigprocmask(SIG_SETMASK, &old, NULL);
		goto fail;
	}
	if (r->pid == 0)
		child_exec(argv, r, &old);
	if (r->own_group) {
		(void)setpgid(r->pid, r->pid);
		live_add(r->pid);
	}
	(void)sigprocmask(SIG_SETMASK, &old, NULL);

	close_child_ends(r);
	do
		n = read(r->errpipe[0], &child_errno, sizeof(child_errno));
	while (n == -1 && errno == EINTR);
	run_close_fd(&r->errpipe[0]);
	if (n == (ssize_t)sizeof(child_errno)) {
		while (waitpid(r->pid, NULL, 0) == -1 && errno == EINTR)
			continue;
		spawn_live_remove(r->pid);
		errno = child_errno;
		goto fail;
	}
	r->input = opts->input;
	r->input_left = opts->input_len;
	return 0;

fail:
	saved = errno;
	close_child_ends(r);
	run_close_fd(&r->errpipe[0]);
	for (i = 0; i < 3; i++)
		run_close_fd(&r->fd[i]);
	errno = saved;
	return -1;
}

void
run_feed(struct run *r)
{
	ssize_t	 n;

	if ((n = write(r->fd[0], r->input, r->input_left)) == -1) {
		/* EPIPE and the like: the child does not want the rest. */
		if (errno != EINTR && errno != EAGAIN)
			run_close_fd(&r->fd[0]);
		return;
	}
	r->input += n;
	r->input_left -= (size_t)n;
	if (r->input_left == 0)
		run_close_fd(&r->fd[0]);
}

/*
 * Read what is there, keeping at most capture_max bytes and dropping the
 * rest; returns 1 when that was something.
 */
int
run_drain(struct run *r, int i)
{
	static char	 dropped[READ_CHUNK];
	struct buffer	*b = &r->buf[i];
	char		*grown, *into = dropped;
	size_t		 want = READ_CHUNK;
	ssize_t		 n;

	if (b->len < r->capture_max) {
		if (r->capture_max - b->len < want)
			want = r->capture_max - b->len;
		if (b->cap - b->len < want + 1) {
			if (b->cap > SIZE_MAX / 2 ||
			    (grown = realloc(b->data, b->cap * 2)) == NULL) {
				r->out_of_memory = 1;
				return 0;
			}
			b->data = grown;
			b->cap *= 2;
		}
		into = b->data + b->len;
	}
	if ((n = read(r->fd[i], into, want)) > 0) {
		if (into == dropped)
			r->truncated = 1;
		else
			b->len += (size_t)n;
		return 1;
	}
	if (n == 0 || (errno != EINTR && errno != EAGAIN))
		run_close_fd(&r->fd[i]);
	return 0;
}

/*
 * Feed stdin and collect stdout and stderr together until every pipe is
 * closed, the deadline passes or memory runs out.  When the pipes stay
 * quiet, see whether the child has exited: a helper it left behind (say,
 * a daemon serving the clipboard) may hold them open for ever.
 */
static void
exchange(struct run *r)
{
	struct pollfd	 pfd[3];
	int		 which[3], nfds, i, n, wait, ready;

	while (!r->out_of_memory) {
		for (nfds = 0, i = 0; i < 3; i++) {
			if (r->fd[i] == -1)
				continue;
			pfd[nfds].fd = r->fd[i];
			pfd[nfds].events = i == 0 ? POLLOUT : POLLIN;
			pfd[nfds].revents = 0;
			which[nfds++] = i;
		}
		if (nfds == 0)
			return;
		if ((wait = run_ms_left(r)) == 0) {
			r->timed_out = 1;
			return;
		}
		if (wait == -1 || wait > IDLE_MS)
			wait = IDLE_MS;
		if ((ready = poll(pfd, nfds, wait)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (ready == 0 && waitpid(r->pid, &r->status, WNOHANG) ==
		    r->pid) {
			/* All it wrote is in the pipes now; a helper may
			 * go on writing, so take only what they can hold. */
			r->reaped = 1;
			for (i = 1; i < 3; i++)
				for (n = 0; n < 64 && r->fd[i] != -1 &&
				    run_drain(r, i); n++)
					continue;
			break;
		}
		for (i = 0; i < nfds; i++) {
			if (pfd[i].revents != 0 && which[i] == 0)
				run_feed(r);
			else if (pfd[i].revents != 0)
				run_drain(r, which[i]);
		}
	}
	/* Done, or poll failed or memory ran out: let the child finish. */
	for (i = 0; i < 3; i++)
		run_close_fd(&r->fd[i]);
}

/* Kill the child (and its group, if it has one) and reap it. */
void
run_terminate(struct run *r)
{
	pid_t	 target = r->own_group ? -r->pid : r->pid;
	int	 i, waited;

	for (i = 0; i < 3; i++)
		run_close_fd(&r->fd[i]);
	(void)kill(target, SIGTERM);
	for (waited = 0; waited < KILL_GRACE_MS; waited += 10) {
		if (waitpid(r->pid, &r->status, WNOHANG) == r->pid) {
			if (r->own_group)
				(void)kill(target, SIGKILL);
			r->reaped = 1;
			spawn_live_remove(r->pid);
			return;
		}
		(void)poll(NULL, 0, 10);
	}
	(void)kill(target, SIGKILL);
	while (waitpid(r->pid, &r->status, 0) == -1 && errno == EINTR)
		continue;
	r->reaped = 1;
	spawn_live_remove(r->pid);
}

/*
 * Reap the child, killing it if the deadline passes first.  r->reaped
 * stays 0 only if someone else reaped it.
 */
static void
wait_child(struct run *r)
{
	pid_t	 n;
	int	 left, nap = 1;

	if (r->reaped) {
		spawn_live_remove(r->pid);
		return;
	}
	if (r->timed_out || r->out_of_memory) {
		run_terminate(r);
		return;
	}
	for (;;) {
		n = waitpid(r->pid, &r->status, r->deadline != 0 ? WNOHANG : 0);
		if (n == r->pid) {
			r->reaped = 1;
			spawn_live_remove(r->pid);
			return;
		}
		if (n == -1 && errno != EINTR) {
			spawn_live_remove(r->pid);
			return;
		}
		if (n == -1 || r->deadline == 0)
			continue;
		if ((left = run_ms_left(r)) == 0) {
			r->timed_out = 1;
			run_terminate(r);
			return;
		}
		(void)poll(NULL, 0, left < nap ? left : nap);
		if (nap < NAP_MAX_MS)
			nap *= 2;
	}
}

int
spawn_run(const char *const argv[], const struct spawn_opts *opts,
    struct spawn_result *res)
{
	struct run		 r;
	struct sigaction	 sa, old_chld, old_pipe;

	memset(res, 0, sizeof(*res));
	run_init(&r);
	if (!spawn_args_ok(argv, opts)) {
		res->start_errno = EINVAL;
		return -1;
	}

	/*
	 * An ignored SIGCHLD (it survives exec) would reap the child before
	 * we could; a child that stops reading must not kill us by SIGPIPE.
	 */
	memset(&sa, 0, sizeof(sa));
	(void)sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	(void)sigaction(SIGCHLD, &sa, &old_chld);
	if (run_start(&r, argv, opts) == -1) {
		res->start_errno = errno;
		(void)sigaction(SIGCHLD, &old_chld, NULL);
		free(r.buf[1].data);
		free(r.buf[2].data);
		return -1;
	}
	res->started = 1;
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, &old_pipe);
	exchange(&r);
	(void)sigaction(SIGPIPE, &old_pipe, NULL);
	wait_child(&r);
	(void)sigaction(SIGCHLD, &old_chld, NULL);
	run_result(&r, res);
	if (r.out_of_memory)
		errno = ENOMEM;
	if (r.out_of_memory || !r.reaped || res->timed_out ||
	    res->signal != 0 || res->exit_status != 0)
		return -1;
	return 0;
}

void
run_init(struct run *r)
{
	int	 i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 3; i++)
		r->fd[i] = r->source[i] = -1;
	r->nullfd = r->errpipe[0] = r->errpipe[1] = -1;
}

/* Hand a finished run over to res. */
void
run_result(struct run *r, struct spawn_result *res)
{
	res->started = 1;
	if (!r->reaped)
		res->exit_status = -1;	/* status unknown */
	else if (WIFEXITED(r->status))
		res->exit_status = WEXITSTATUS(r->status);
	else if (WIFSIGNALED(r->status))
		res->signal = WTERMSIG(r->status);
	res->timed_out = r->timed_out;
	res->truncated = r->truncated;
	spawn_take_output(res, r->buf[1].data, r->buf[1].len, r->buf[2].data,
	    r->buf[2].len);
	r->buf[1].data = r->buf[2].data = NULL;
}

/* Whether any of the run's pipes is still open. */
int
run_open(const struct run *r)
{
	return r->fd[0] != -1 || r->fd[1] != -1 || r->fd[2] != -1;
}

static void
live_add(pid_t pid)
{
	size_t	 i;

	for (i = 0; i < LIVE_MAX; i++)
		if (live_groups[i] == 0) {
			live_groups[i] = (sig_atomic_t)pid;
			return;
		}
}

void
spawn_live_remove(pid_t pid)
{
	size_t	 i;

	for (i = 0; i < LIVE_MAX; i++)
		if (live_groups[i] == (sig_atomic_t)pid)
			live_groups[i] = 0;
}

void
spawn_kill_live(void)
{
	size_t	 i;
	pid_t	 pid;

	for (i = 0; i < LIVE_MAX; i++)
		if ((pid = (pid_t)live_groups[i]) > 0)
			(void)kill(-pid, SIGKILL);
}

int
spawn_exec(const char *const argv[])
{
	if (argv == NULL || argv[0] == NULL) {
		errno = EINVAL;
		return -1;
	}
	(void)fflush(stdout);
	(void)fflush(stderr);
	exec_direct(argv);
	return -1;
}

int
spawn_find(const char *program, char *out, size_t outlen)
{
	const char *path = getenv("PATH"), *p, *colon;
	size_t n;

	if (strchr(program, '/') != NULL) {
		snprintf(out, outlen, "%s", program);
		return access(out, X_OK) == 0 ? 0 : -1;
	}
	for (p = path ? path : "/usr/bin:/bin"; ; p = colon + 1) {
		colon = strchr(p, ':');
		n = colon ? (size_t)(colon - p) : strlen(p);
		snprintf(out, outlen, "%.*s/%s", (int)n, n ? p : ".", program);
		if (access(out, X_OK) == 0)
			return 0;
		if (colon == NULL)
			return -1;
	}
}

int
spawn_program_name(const char *program, char *name, size_t len)
{
	const char *base = strrchr(program, '/');

	base = base != NULL ? base + 1 : program;
	return snprintf(name, len, "%s", base) >= (int)len ? -1 : 0;
}

const char *
spawn_start_error(int err)
{
	return err == ENOENT ? NULL : strerror(err);
}
