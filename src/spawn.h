/*
 * spawn: run external programs (ssh, ssh-keygen, clipboard tools) from an
 * argv array, never through a shell.  One interface: spawn.c holds what
 * every platform shares (install hints, describing a run); spawn_posix.c
 * and compat/win32/spawn_win32.c the system calls.  Nothing here names a
 * POSIX type, so the Windows implementation shares this header unchanged.
 */
#ifndef UCJOB_SPAWN_H
#define UCJOB_SPAWN_H

#include <stddef.h>

enum spawn_stream {
	SPAWN_NULL,	/* connect to the null device */
	SPAWN_INHERIT,	/* share ucjob's own stream (the terminal) */
	SPAWN_CAPTURE,	/* collect into spawn_result (stdout, stderr only) */
	SPAWN_STDERR	/* stdout only: onto ucjob's own stderr, keeping
			 * ucjob's stdout for results */
};

struct spawn_opts {
	/* Bytes fed to the child's stdin, then closed.  When input is NULL,
	 * stdin follows stdin_mode (SPAWN_NULL or SPAWN_INHERIT). */
	const char		*input;
	size_t			 input_len;
	enum spawn_stream	 stdin_mode;
	enum spawn_stream	 stdout_mode;
	enum spawn_stream	 stderr_mode;
	int			 timeout_ms;	/* 0: wait for ever */
	/* The most bytes kept of each captured stream; 0: SPAWN_CAPTURE_MAX.
	 * What comes after is read and dropped (res->truncated says so), so
	 * a chatty child neither blocks nor fills memory. */
	size_t			 capture_max;
};

/* The bound on a captured stream when the options give none. */
#define SPAWN_CAPTURE_MAX	((size_t)16 << 20)

struct spawn_result {
	int	 started;	/* 0: the program could not be started */
	int	 start_errno;	/* why not (ENOENT: not found), when !started */
	int	 exit_status;	/* valid when it exited by itself */
	int	 signal;	/* nonzero: ended by this signal */
	int	 timed_out;	/* killed by us after timeout_ms */
	char	*out;		/* captured stdout, NUL-terminated, or NULL */
	size_t	 out_len;
	char	*err;		/* captured stderr, NUL-terminated, or NULL */
	size_t	 err_len;
	int	 truncated;	/* a captured stream passed capture_max */
};

/* One run of spawn_run_many: argv in, result out. */
struct spawn_job {
	const char *const	*argv;
	struct spawn_result	 res;
};

/*
 * Run argv[0] (looked up in PATH when it has no '/') with argv, wait for
 * it, fill *res.  Returns 0 when the program started and exited with
 * status 0, -1 otherwise (res tells which way it went).
 */
int	spawn_run(const char *const argv[], const struct spawn_opts *opts,
	    struct spawn_result *res);

/*
 * Run jobs[0..n-1] with the same opts, at most parallel (0: 1) at a time,
 * each filling its res as spawn_run would.  done, when not NULL, is
 * called once per job as soon as it has finished (in the order they
 * finish), never twice at once, for progress output.  Returns 0 when
 * every job started and exited with status 0, -1 otherwise.  POSIX: one
 * poll loop over all children; Windows: a thread per place, each running
 * spawn_run.
 */
int	spawn_run_many(struct spawn_job *jobs, size_t n,
	    const struct spawn_opts *opts, size_t parallel,
	    void (*done)(size_t index, void *arg), void *arg);

/*
 * Kill, with their whole process group, the children of spawn_run and
 * spawn_run_many that run in a group of their own (POSIX) and are still
 * running: for a signal handler on the way out (interrupt.h), so it is
 * async-signal-safe.  A no-op on Windows.
 */
void	spawn_kill_live(void);

/*
 * How library modules that run programs say what they ran (or chose not
 * to run), for --verbose, without printing: spawn_trace formats one line
 * and hands it to spawn_trace_hook, which the command layer sets (NULL,
 * the default: the line is dropped).
 */
extern void	(*spawn_trace_hook)(const char *line);
void	spawn_trace(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* Free the captured buffers; res may be reused afterwards. */
void	spawn_result_free(struct spawn_result *res);

/* Replace the current process by argv (POSIX exec).  Returns only on
 * failure, with errno set. */
int	spawn_exec(const char *const argv[]);

/* Where spawn_run would find program (as given when it names a path,
 * else looked up in PATH), into out.  Returns 0, or -1 when not found. */
int	spawn_find(const char *program, char *out, size_t outlen);

/* One line telling how to install the package that provides program on
 * this platform, e.g. "install it with: apt-get install openssh-client". */
const char *spawn_install_hint(const char *program);

/* Describe a finished run for an error message, e.g. "exited with status
 * 255", "killed by signal 9", "timed out after 5 s", "not found". */
const char *spawn_describe(const struct spawn_result *res, char *buf,
	    size_t len);

/*
 * The platform's part of the two above (spawn_posix.c, spawn_win32.c):
 * the bare name of program as the hint table spells it ("ssh" for
 * "C:/x/SSH.EXE"), 0 or -1; and why a program could not be started
 * with errno err (NULL: it was not found).
 */
int	spawn_program_name(const char *program, char *name, size_t len);
const char *spawn_start_error(int err);

/* For the implementations: hand the captured buffers to res, each
 * NUL-terminated at its length (its room holds one byte more). */
void	spawn_take_output(struct spawn_result *res, char *out, size_t out_len,
	    char *err, size_t err_len);

/* For the implementations: whether spawn_run can run argv as opts say
 * (else it fails with EINVAL). */
int	spawn_args_ok(const char *const argv[], const struct spawn_opts *opts);

/* The capture bound opts asks for (SPAWN_CAPTURE_MAX for 0). */
size_t	spawn_capture_max(const struct spawn_opts *opts);

#endif
