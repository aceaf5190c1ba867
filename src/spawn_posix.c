/*
 * spawn_posix.c: the POSIX implementation of spawn.h.
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
 * timeout (a batch run such as ssh -G or a clipboard tool) is put in a
 * process group of its own, so that the timeout also kills its helpers
 * (the commands of a Match exec, for instance).  Such a child no longer
 * receives the terminal's ^C, which is fine for short batch runs.  A child
 * that shares any stream stays in ucjob's group: it may be the terminal's
 * foreground job, like ssh-keygen asking for a passphrase, and a separate
 * group would stop it with SIGTTIN when it reads the terminal.
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

#define READ_CHUNK	65536	/* bytes asked of read(2) at a time */
#define KILL_GRACE_MS	500	/* from SIGTERM to SIGKILL after a timeout */
#define WAIT_STEP_MS	50	/* longest nap while waiting with a timeout */

struct buffer {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

struct run {
	pid_t		 pid;
	int		 own_group;
	int		 fd[3];		/* our ends of the child's 0, 1, 2 */
	const char	*input;
	size_t		 input_left;
	struct buffer	 buf[3];	/* [1] stdout, [2] stderr */
	int		 has_deadline;
	struct timespec	 deadline;
	int		 timed_out;
	int		 out_of_memory;
};

static void	close_fd(int *);
static int	fd_above_stdio(int);
static int	pipe_cloexec(int[2]);
static void	close_from(int);
static void	child_exec(const char *const[], const int[3], int, int, int);
static int	ms_left(const struct run *);
static void	sleep_ms(int);
static int	run_start(struct run *, const char *const[],
		    const struct spawn_opts *);
static void	feed_input(struct run *);
static void	drain_output(struct run *, int);
static void	exchange(struct run *);
static void	terminate(struct run *, int *);
static int	wait_child(struct run *, int *);

static void
close_fd(int *fd)
{
	if (*fd != -1) {
		(void)close(*fd);
		*fd = -1;
	}
}

/*
 * Make fd close-on-exec and move it above 2, so that the child's dup2()
 * onto 0, 1 and 2 never overwrites a descriptor it still has to copy.
 */
static int
fd_above_stdio(int fd)
{
	int	 moved, saved;

	if (fd > 2)
		return fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ? -1 : fd;
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
	if ((fds[0] = fd_above_stdio(p[0])) == -1) {
		(void)close(p[1]);
		return -1;
	}
	if ((fds[1] = fd_above_stdio(p[1])) == -1) {
		close_fd(&fds[0]);
		return -1;
	}
	return 0;
}

/* Close every descriptor from lowfd up (in the child, before exec). */
static void
close_from(int lowfd)
{
#if defined(__APPLE__)
	long	 fd, max;

	if ((max = sysconf(_SC_OPEN_MAX)) == -1 || max > 65536)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		(void)close((int)fd);
#else
	closefrom(lowfd);
#endif
}

/*
 * In the child: put source[i] (-1: leave it alone) on fd i, or ucjob's
 * stderr on fd 1 when out_to_err is set, drop every other descriptor but
 * errfd, exec.  On failure write errno to errfd.
 */
static void
child_exec(const char *const argv[], const int source[3], int out_to_err,
    int own_group, int errfd)
{
	int	 fd, saved;

	if (own_group)
		(void)setpgid(0, 0);
	for (fd = 0; fd < 3; fd++) {
		/* Before fd 2 is replaced: it is still ucjob's stderr. */
		if (fd == STDOUT_FILENO && out_to_err &&
		    dup2(STDERR_FILENO, STDOUT_FILENO) == -1)
			goto fail;
		if (source[fd] != -1 && dup2(source[fd], fd) == -1)
			goto fail;
	}
	for (fd = 3; fd < errfd; fd++)
		(void)close(fd);
	close_from(errfd + 1);
	execvp(argv[0], (char *const *)argv);
fail:
	saved = errno;
	while (write(errfd, &saved, sizeof(saved)) == -1 && errno == EINTR)
		continue;
	_exit(127);
}

/* Milliseconds until the deadline, rounded up; -1 when there is none. */
static int
ms_left(const struct run *r)
{
	struct timespec	 now;
	long long	 ms;

	if (!r->has_deadline)
		return -1;
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(r->deadline.tv_sec - now.tv_sec) * 1000 +
	    (r->deadline.tv_nsec - now.tv_nsec + 999999) / 1000000;
	if (ms <= 0)
		return 0;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static void
sleep_ms(int ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	(void)nanosleep(&ts, NULL);
}

/*
 * Set up the streams, fork and exec.  Returns 0 once the child runs the
 * program, -1 with errno set when it could not be started.
 */
static int
run_start(struct run *r, const char *const argv[],
    const struct spawn_opts *opts)
{
	enum spawn_stream	 mode[3];
	int			 source[3] = { -1, -1, -1 };
	int			 errpipe[2] = { -1, -1 };
	int			 p[2], i, nullfd = -1, child_errno, saved;
	int			 out_to_err = 0;
	ssize_t			 n;

	mode[0] = opts->input != NULL ? SPAWN_CAPTURE : opts->stdin_mode;
	mode[1] = opts->stdout_mode;
	mode[2] = opts->stderr_mode;
	r->own_group = opts->timeout_ms > 0;
	for (i = 0; i < 3; i++) {
		if (mode[i] == SPAWN_INHERIT) {
			r->own_group = 0;
			continue;
		}
		if (mode[i] == SPAWN_STDERR) {
			r->own_group = 0;
			out_to_err = 1;
			continue;
		}
		if (mode[i] == SPAWN_NULL) {
			if (nullfd == -1 && ((nullfd = open("/dev/null",
			    O_RDWR | O_CLOEXEC)) == -1 ||
			    (nullfd = fd_above_stdio(nullfd)) == -1))
				goto fail;
			source[i] = nullfd;
			continue;
		}
		if (pipe_cloexec(p) == -1)
			goto fail;
		source[i] = p[i == 0 ? 0 : 1];
		r->fd[i] = p[i == 0 ? 1 : 0];
		if (fcntl(r->fd[i], F_SETFL, O_NONBLOCK) == -1)
			goto fail;
		if (i > 0 && (r->buf[i].data = malloc(READ_CHUNK + 1)) == NULL)
			goto fail;
		r->buf[i].cap = READ_CHUNK + 1;
	}
	if (pipe_cloexec(errpipe) == -1)
		goto fail;
	if (opts->timeout_ms > 0) {
		r->has_deadline = 1;
		(void)clock_gettime(CLOCK_MONOTONIC, &r->deadline);
		r->deadline.tv_sec += opts->timeout_ms / 1000;
		r->deadline.tv_nsec += (long)(opts->timeout_ms % 1000) * 1000000;
		if (r->deadline.tv_nsec >= 1000000000) {
			r->deadline.tv_sec++;
			r->deadline.tv_nsec -= 1000000000;
		}
	}
	(void)fflush(stdout);
	(void)fflush(stderr);
	if ((r->pid = fork()) == -1)
		goto fail;
	if (r->pid == 0)
		child_exec(argv, source, out_to_err, r->own_group,
		    errpipe[1]);

	for (i = 0; i < 3; i++)
		if (source[i] != nullfd)
			close_fd(&source[i]);
	close_fd(&nullfd);
	close_fd(&errpipe[1]);
	do
		n = read(errpipe[0], &child_errno, sizeof(child_errno));
	while (n == -1 && errno == EINTR);
	close_fd(&errpipe[0]);
	if (n == (ssize_t)sizeof(child_errno)) {
		while (waitpid(r->pid, NULL, 0) == -1 && errno == EINTR)
			continue;
		errno = child_errno;
		goto fail;
	}
	r->input = opts->input;
	r->input_left = opts->input_len;
	if (r->fd[0] != -1 && r->input_left == 0)
		close_fd(&r->fd[0]);
	return 0;

fail:
	saved = errno;
	for (i = 0; i < 3; i++) {
		if (source[i] != nullfd)
			close_fd(&source[i]);
		close_fd(&r->fd[i]);
	}
	close_fd(&nullfd);
	close_fd(&errpipe[0]);
	close_fd(&errpipe[1]);
	errno = saved;
	return -1;
}

static void
feed_input(struct run *r)
{
	ssize_t	 n;

	n = write(r->fd[0], r->input, r->input_left);
	if (n == -1) {
		if (errno == EINTR || errno == EAGAIN)
			return;
		/* EPIPE: the child does not want the rest. */
		close_fd(&r->fd[0]);
		return;
	}
	r->input += n;
	r->input_left -= (size_t)n;
	if (r->input_left == 0)
		close_fd(&r->fd[0]);
}

static void
drain_output(struct run *r, int i)
{
	struct buffer	*b = &r->buf[i];
	char		*grown;
	size_t		 cap;
	ssize_t		 n;

	if (b->cap - b->len < READ_CHUNK + 1) {
		cap = b->cap;
		if (cap > SIZE_MAX / 2 ||
		    (grown = realloc(b->data, cap * 2)) == NULL) {
			r->out_of_memory = 1;
			return;
		}
		b->data = grown;
		b->cap = cap * 2;
	}
	n = read(r->fd[i], b->data + b->len, READ_CHUNK);
	if (n == -1) {
		if (errno == EINTR || errno == EAGAIN)
			return;
		close_fd(&r->fd[i]);
	} else if (n == 0)
		close_fd(&r->fd[i]);
	else
		b->len += (size_t)n;
}

/*
 * Feed stdin and collect stdout and stderr together until every pipe is
 * closed, the deadline passes or memory runs out.
 */
static void
exchange(struct run *r)
{
	struct pollfd	 pfd[3];
	int		 which[3], nfds, i, wait;

	while (!r->out_of_memory) {
		nfds = 0;
		for (i = 0; i < 3; i++) {
			if (r->fd[i] == -1)
				continue;
			pfd[nfds].fd = r->fd[i];
			pfd[nfds].events = i == 0 ? POLLOUT : POLLIN;
			pfd[nfds].revents = 0;
			which[nfds++] = i;
		}
		if (nfds == 0)
			return;
		if ((wait = ms_left(r)) == 0) {
			r->timed_out = 1;
			return;
		}
		if (poll(pfd, nfds, wait) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < nfds; i++) {
			if (pfd[i].revents == 0)
				continue;
			if (which[i] == 0)
				feed_input(r);
			else
				drain_output(r, which[i]);
		}
	}
	/* Poll failed or memory ran out: closing lets the child finish. */
	for (i = 0; i < 3; i++)
		close_fd(&r->fd[i]);
}

/* Kill the child (and its group, if it has one) and reap it. */
static void
terminate(struct run *r, int *status)
{
	pid_t	 target = r->own_group ? -r->pid : r->pid;
	int	 i, waited;

	for (i = 0; i < 3; i++)
		close_fd(&r->fd[i]);
	(void)kill(target, SIGTERM);
	for (waited = 0; waited < KILL_GRACE_MS; waited += 10) {
		if (waitpid(r->pid, status, WNOHANG) == r->pid) {
			if (r->own_group)
				(void)kill(target, SIGKILL);
			return;
		}
		sleep_ms(10);
	}
	(void)kill(target, SIGKILL);
	while (waitpid(r->pid, status, 0) == -1 && errno == EINTR)
		continue;
}

/* Reap the child, killing it if the deadline passes first. */
static int
wait_child(struct run *r, int *status)
{
	pid_t	 n;
	int	 left, nap = 1;

	if (r->timed_out || r->out_of_memory) {
		terminate(r, status);
		return 0;
	}
	for (;;) {
		n = waitpid(r->pid, status, r->has_deadline ? WNOHANG : 0);
		if (n == r->pid)
			return 0;
		if (n == -1 && errno != EINTR)
			return -1;
		if (n == -1 || !r->has_deadline)
			continue;
		if ((left = ms_left(r)) == 0) {
			r->timed_out = 1;
			terminate(r, status);
			return 0;
		}
		sleep_ms(left < nap ? left : nap);
		if (nap < WAIT_STEP_MS)
			nap *= 2;
	}
}

int
spawn_run(const char *const argv[], const struct spawn_opts *opts,
    struct spawn_result *res)
{
	struct run		 r;
	struct sigaction	 ignore, old_pipe;
	int			 i, status = 0, reaped;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 3; i++)
		r.fd[i] = -1;
	if (argv == NULL || argv[0] == NULL || opts == NULL ||
	    (opts->input == NULL && opts->stdin_mode == SPAWN_CAPTURE) ||
	    opts->stdin_mode == SPAWN_STDERR ||
	    opts->stderr_mode == SPAWN_STDERR) {
		res->start_errno = EINVAL;
		return -1;
	}
	if (run_start(&r, argv, opts) == -1) {
		res->start_errno = errno;
		free(r.buf[1].data);
		free(r.buf[2].data);
		return -1;
	}
	res->started = 1;

	/* A child that stops reading must not kill ucjob with SIGPIPE. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	(void)sigemptyset(&ignore.sa_mask);
	(void)sigaction(SIGPIPE, &ignore, &old_pipe);
	exchange(&r);
	(void)sigaction(SIGPIPE, &old_pipe, NULL);

	reaped = wait_child(&r, &status);
	res->timed_out = r.timed_out;
	if (reaped == -1)
		res->exit_status = -1;	/* reaped elsewhere: status unknown */
	else if (WIFEXITED(status))
		res->exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		res->signal = WTERMSIG(status);
	for (i = 1; i < 3; i++) {
		if (r.buf[i].data != NULL)
			r.buf[i].data[r.buf[i].len] = '\0';
	}
	res->out = r.buf[1].data;
	res->out_len = r.buf[1].len;
	res->err = r.buf[2].data;
	res->err_len = r.buf[2].len;
	if (r.out_of_memory) {
		errno = ENOMEM;
		return -1;
	}
	if (reaped == -1 || res->timed_out || res->signal != 0 ||
	    res->exit_status != 0)
		return -1;
	return 0;
}

void
spawn_result_free(struct spawn_result *res)
{
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
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
	execvp(argv[0], (char *const *)argv);
	return -1;
}

#define GENERIC_HINT	"check that it is installed and on PATH"
#define CODE_HINT	"install Visual Studio Code and run " \
			"'Shell Command: Install code command in PATH'"
#if defined(__APPLE__)
#define SSH_HINT	"OpenSSH ships with macOS: check that /usr/bin is " \
			"on PATH"
#define SSHD_HINT	"OpenSSH ships with macOS: check that /usr/sbin " \
			"is on PATH"
#define APT_HINT(pkg)	GENERIC_HINT
#elif defined(__linux__)
#define APT_HINT(pkg)	"install it with: sudo apt-get install " pkg
#define SSH_HINT	APT_HINT("openssh-client")
#define SSHD_HINT	APT_HINT("openssh-server")
#else
#define APT_HINT(pkg)	GENERIC_HINT
#define SSH_HINT	GENERIC_HINT
#define SSHD_HINT	GENERIC_HINT
#endif

static const struct {
	const char	*program;
	const char	*hint;
} install_hints[] = {
	{ "ssh",		SSH_HINT },
	{ "ssh-add",		SSH_HINT },
	{ "ssh-agent",		SSH_HINT },
	{ "ssh-keygen",		SSH_HINT },
	{ "ssh-keyscan",	SSH_HINT },
	{ "sshd",		SSHD_HINT },
	{ "xclip",		APT_HINT("xclip") },
	{ "xsel",		APT_HINT("xsel") },
	{ "wl-copy",		APT_HINT("wl-clipboard") },
	{ "wl-paste",		APT_HINT("wl-clipboard") },
	{ "code",		CODE_HINT },
};

const char *
spawn_install_hint(const char *program)
{
	const char	*base;
	size_t		 i;

	if (program == NULL)
		return GENERIC_HINT;
	base = strrchr(program, '/');
	base = base != NULL ? base + 1 : program;
	for (i = 0; i < sizeof(install_hints) / sizeof(install_hints[0]); i++)
		if (strcmp(base, install_hints[i].program) == 0)
			return install_hints[i].hint;
	return GENERIC_HINT;
}

const char *
spawn_describe(const struct spawn_result *res, char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return "";
	if (!res->started && res->start_errno == ENOENT)
		(void)snprintf(buf, len, "not found");
	else if (!res->started)
		(void)snprintf(buf, len, "could not be started: %s",
		    strerror(res->start_errno));
	else if (res->timed_out)
		(void)snprintf(buf, len, "timed out");
	else if (res->signal != 0)
		(void)snprintf(buf, len, "killed by signal %d", res->signal);
	else
		(void)snprintf(buf, len, "exited with status %d",
		    res->exit_status);
	return buf;
}
