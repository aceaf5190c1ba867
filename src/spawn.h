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
};

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
};

/*
 * Run argv[0] (looked up in PATH when it has no '/') with argv, wait for
 * it, fill *res.  Returns 0 when the program started and exited with
 * status 0, -1 otherwise (res tells which way it went).
 */
int	spawn_run(const char *const argv[], const struct spawn_opts *opts,
	    struct spawn_result *res);

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

#endif
