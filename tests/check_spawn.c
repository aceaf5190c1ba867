/*
 * Tests for spawn_posix.c, run against real programs (sh, cat, sleep,
 * head, false).  Each test names the rule of SPEC.md section 5 or of
 * spawn.h that it checks.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

#define MIB		(1024 * 1024)
#define HANG_BOUND_S	10.0

static struct spawn_opts	 capture_both(void);
static double			 now_s(void);
static int			 count_open_fds(void);
static char			*pattern(size_t);
static int			 all_zero(const char *, size_t);
static void			 many_done(size_t, void *);

static void
many_done(size_t i, void *arg)
{
	(void)i;
	(*(size_t *)arg)++;
}

static struct spawn_opts
capture_both(void)
{
	struct spawn_opts	 o;

	memset(&o, 0, sizeof(o));
	o.stdin_mode = SPAWN_NULL;
	o.stdout_mode = SPAWN_CAPTURE;
	o.stderr_mode = SPAWN_CAPTURE;
	return o;
}

static double
now_s(void)
{
	struct timespec	 ts;

	ck_assert_int_eq(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
count_open_fds(void)
{
	int	 fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return n;
}

/* Bytes 0..250 over and over: NULs included, no period of 256. */
static char *
pattern(size_t len)
{
	char	*p;
	size_t	 i;

	p = malloc(len);
	ck_assert_ptr_nonnull(p);
	for (i = 0; i < len; i++)
		p[i] = (char)(i % 251);
	return p;
}

static int
all_zero(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (p[i] != '\0')
			return 0;
	return 1;
}

START_TEST(test_capture_stdout_and_stderr_separately)
{
	const char		*argv[] = { "/bin/sh", "-c",
				    "printf 'to out\\n'; printf 'to err' >&2; "
				    "printf 'more out'", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_int_eq(r.started, 1);
	ck_assert_int_eq(r.exit_status, 0);
	ck_assert_str_eq(r.out, "to out\nmore out");
	ck_assert_uint_eq(r.out_len, 15);
	ck_assert_str_eq(r.err, "to err");
	ck_assert_uint_eq(r.err_len, 6);
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_capture_is_bounded)
{
	const char		*argv[] = { "/bin/sh", "-c",
				    "head -c 3000000 /dev/zero; "
				    "head -c 100000 /dev/zero >&2", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	o.capture_max = 1000;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_uint_eq(r.out_len, 1000);
	ck_assert_uint_eq(r.err_len, 1000);
	ck_assert_int_eq(r.truncated, 1);
	ck_assert(all_zero(r.out, r.out_len));
	spawn_result_free(&r);
	o.capture_max = 0;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_uint_eq(r.out_len, 3000000);
	ck_assert_int_eq(r.truncated, 0);
	spawn_result_free(&r);
}
END_TEST

/* Eight runs of 300 ms, four at a time: two rounds, not eight. */
START_TEST(test_run_many_side_by_side)
{
	const char *const	 argv[] = { "/bin/sh", "-c",
				    "sleep 0.3; echo \"$0\"; exit 3", "x",
				    NULL };
	const char *const	 missing[] = { "/nonexistent/ucjob-none",
				    NULL };
	struct spawn_job	 jobs[9];
	struct spawn_opts	 o = capture_both();
	size_t			 i, n = 0;
	double			 t0;

	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 8; i++)
		jobs[i].argv = argv;
	jobs[8].argv = missing;
	o.timeout_ms = 10000;
	t0 = now_s();
	ck_assert_int_eq(spawn_run_many(jobs, 9, &o, 4, many_done, &n), -1);
	ck_assert_msg(now_s() - t0 < 1.5, "took %.2f s", now_s() - t0);
	ck_assert_uint_eq(n, 9);
	for (i = 0; i < 8; i++) {
		ck_assert_int_eq(jobs[i].res.started, 1);
		ck_assert_int_eq(jobs[i].res.exit_status, 3);
		ck_assert_str_eq(jobs[i].res.out, "x\n");
		spawn_result_free(&jobs[i].res);
	}
	ck_assert_int_eq(jobs[8].res.started, 0);
}
END_TEST

START_TEST(test_empty_capture_is_empty_string)
{
	const char		*argv[] = { "true", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_ptr_nonnull(r.out);
	ck_assert_str_eq(r.out, "");
	ck_assert_uint_eq(r.out_len, 0);
	ck_assert_str_eq(r.err, "");
	spawn_result_free(&r);
	ck_assert_ptr_null(r.out);
	ck_assert_ptr_null(r.err);
	ck_assert_int_eq(r.started, 0);
}
END_TEST

START_TEST(test_exit_status_is_reported)
{
	const char		*argv[] = { "sh", "-c", "exit 3", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			 buf[64];

	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(r.started, 1);
	ck_assert_int_eq(r.exit_status, 3);
	ck_assert_int_eq(r.signal, 0);
	ck_assert_int_eq(r.timed_out, 0);
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)),
	    "exited with status 3");
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_false_fails_with_status_1)
{
	const char		*argv[] = { "false", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(r.started, 1);
	ck_assert_int_eq(r.exit_status, 1);
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_signal_is_reported)
{
	const char		*argv[] = { "sh", "-c", "kill -9 $$", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			 buf[64];

	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(r.started, 1);
	ck_assert_int_eq(r.signal, SIGKILL);
	ck_assert_int_eq(r.timed_out, 0);
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)),
	    "killed by signal 9");
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_input_with_nul_bytes_round_trips)
{
	static const char	 input[] = "a\0b\0\0c\n\0";
	const char		*argv[] = { "cat", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	o.input = input;
	o.input_len = sizeof(input);	/* the final NUL too */
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_uint_eq(r.out_len, sizeof(input));
	ck_assert_mem_eq(r.out, input, sizeof(input));
	ck_assert_int_eq(r.out[r.out_len], '\0');
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_one_mebibyte_input_round_trips)
{
	const char		*argv[] = { "cat", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			*input = pattern(MIB);

	o.input = input;
	o.input_len = MIB;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_uint_eq(r.out_len, MIB);
	ck_assert_int_eq(memcmp(r.out, input, MIB), 0);
	ck_assert_uint_eq(r.err_len, 0);
	spawn_result_free(&r);
	free(input);
}
END_TEST

START_TEST(test_empty_input_gives_eof)
{
	const char		*argv[] = { "cat", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	o.input = "";
	o.input_len = 0;
	o.timeout_ms = 5000;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_int_eq(r.timed_out, 0);
	ck_assert_uint_eq(r.out_len, 0);
	spawn_result_free(&r);
}
END_TEST

/* Reads all its input first, then writes 4 MiB to each stream. */
START_TEST(test_no_deadlock_when_reading_before_writing)
{
	const char		*argv[] = { "sh", "-c", "cat >/dev/null; "
				    "head -c 4194304 /dev/zero; "
				    "head -c 4194304 /dev/zero >&2", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			*input = pattern(MIB);

	o.input = input;
	o.input_len = MIB;
	o.timeout_ms = 60000;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_int_eq(r.timed_out, 0);
	ck_assert_uint_eq(r.out_len, 4 * MIB);
	ck_assert_uint_eq(r.err_len, 4 * MIB);
	ck_assert(all_zero(r.out, r.out_len));
	ck_assert(all_zero(r.err, r.err_len));
	spawn_result_free(&r);
	free(input);
}
END_TEST

/* Writes 4 MiB to each stream before it reads a byte of its input. */
START_TEST(test_no_deadlock_when_writing_before_reading)
{
	const char		*argv[] = { "sh", "-c",
				    "head -c 4194304 /dev/zero >&2; "
				    "head -c 4194304 /dev/zero; "
				    "cat; echo done >&2", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			*input = pattern(MIB);

	o.input = input;
	o.input_len = MIB;
	o.timeout_ms = 60000;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_int_eq(r.timed_out, 0);
	ck_assert_uint_eq(r.out_len, 4 * MIB + MIB);
	ck_assert(all_zero(r.out, 4 * MIB));
	ck_assert_int_eq(memcmp(r.out + 4 * MIB, input, MIB), 0);
	ck_assert_uint_eq(r.err_len, 4 * MIB + 5);
	ck_assert_str_eq(r.err + 4 * MIB, "done\n");
	spawn_result_free(&r);
	free(input);
}
END_TEST

/* A child that never reads its input must not kill us with SIGPIPE. */
START_TEST(test_unread_input_is_not_fatal)
{
	const char		*argv[] = { "sh", "-c",
				    "exec 0</dev/null; echo ok", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	struct sigaction	 sa;
	char			*input = pattern(MIB);

	o.input = input;
	o.input_len = MIB;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_str_eq(r.out, "ok\n");
	spawn_result_free(&r);
	free(input);
	ck_assert_int_eq(sigaction(SIGPIPE, NULL, &sa), 0);
	ck_assert(sa.sa_handler == SIG_DFL);
}
END_TEST

START_TEST(test_timeout_kills_the_child)
{
	const char		*argv[] = { "sleep", "30", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			 buf[64];
	double			 start;

	o.timeout_ms = 200;
	start = now_s();
	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert(now_s() - start < HANG_BOUND_S);
	ck_assert_int_eq(r.started, 1);
	ck_assert_int_eq(r.timed_out, 1);
	ck_assert_int_ne(r.signal, 0);
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)), "timed out");
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_timeout_with_inherited_streams)
{
	const char		*argv[] = { "sleep", "30", NULL };
	struct spawn_opts	 o;
	struct spawn_result	 r;
	double			 start;

	memset(&o, 0, sizeof(o));
	o.stdin_mode = SPAWN_NULL;
	o.stdout_mode = SPAWN_INHERIT;
	o.stderr_mode = SPAWN_INHERIT;
	o.timeout_ms = 200;
	start = now_s();
	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert(now_s() - start < HANG_BOUND_S);
	ck_assert_int_eq(r.timed_out, 1);
	spawn_result_free(&r);
}
END_TEST

/*
 * A batch child gets its own process group, so the timeout also kills
 * the helpers it started.  The helper here reports its pid, then sleeps.
 */
START_TEST(test_timeout_kills_helpers_of_a_batch_child)
{
	const char		*argv[] = { "sh", "-c",
				    "sleep 30 & echo $!; wait", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			 path[64], state[64];
	double			 start;
	FILE			*fp;
	long			 helper;
	int			 gone = 0, tries;

	o.timeout_ms = 300;
	start = now_s();
	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert(now_s() - start < HANG_BOUND_S);
	ck_assert_int_eq(r.timed_out, 1);
	ck_assert_int_eq(sscanf(r.out, "%ld", &helper), 1);
	ck_assert_int_gt(helper, 1);
	spawn_result_free(&r);
	/* Gone, or a zombie waiting for a slow init to reap it. */
	(void)snprintf(path, sizeof(path), "/proc/%ld/stat", helper);
	for (tries = 0; tries < 100 && !gone; tries++) {
		if (kill((pid_t)helper, 0) == -1 && errno == ESRCH)
			gone = 1;
		else if ((fp = fopen(path, "r")) != NULL) {
			if (fscanf(fp, "%*d %*s %63s", state) == 1 &&
			    strcmp(state, "Z") == 0)
				gone = 1;
			(void)fclose(fp);
		}
		if (!gone)
			(void)usleep(20000);
	}
	if (!gone)
		(void)kill((pid_t)helper, SIGKILL);
	ck_assert_msg(gone, "helper %ld survived the timeout", helper);
}
END_TEST

/*
 * A child sharing ucjob's terminal stays in ucjob's process group (so an
 * interactive ssh-keygen can read the passphrase); a batch child with a
 * timeout leads a group of its own.  Field 5 of /proc/self/stat is the
 * process group of cat itself.
 */
START_TEST(test_process_group_choice)
{
	const char		*argv[] = { "cat", "/proc/self/stat", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	long			 pid, pgrp;

	if (access("/proc/self/stat", R_OK) == -1)
		return;
	o.timeout_ms = 5000;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_int_eq(sscanf(r.out, "%ld %*s %*s %*s %ld", &pid, &pgrp),
	    2);
	ck_assert_int_eq(pgrp, pid);
	spawn_result_free(&r);

	o.stderr_mode = SPAWN_INHERIT;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_int_eq(sscanf(r.out, "%ld %*s %*s %*s %ld", &pid, &pgrp),
	    2);
	ck_assert_int_eq(pgrp, (long)getpgrp());
	spawn_result_free(&r);
}
END_TEST

/*
 * A helper left behind holding the pipes (a clipboard daemon, say) does
 * not keep spawn_run waiting once the child itself has exited.
 */
START_TEST(test_helper_holding_pipes_does_not_block)
{
	const char		*argv[] = { "sh", "-c",
				    "echo hi; echo ho >&2; sleep 5 & exit 4",
				    NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	double			 start;

	start = now_s();
	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert(now_s() - start < 3.0);
	ck_assert_int_eq(r.exit_status, 4);
	ck_assert_int_eq(r.timed_out, 0);
	ck_assert_str_eq(r.out, "hi\n");
	ck_assert_str_eq(r.err, "ho\n");
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_fast_program_is_not_timed_out)
{
	const char		*argv[] = { "sh", "-c", "echo hi", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	o.timeout_ms = 10000;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_int_eq(r.timed_out, 0);
	ck_assert_str_eq(r.out, "hi\n");
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_program_not_on_path)
{
	const char		*argv[] = { "ucjob-no-such-x7q", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			 buf[64];

	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(r.started, 0);
	ck_assert_int_eq(r.start_errno, ENOENT);
	ck_assert_ptr_null(r.out);
	ck_assert_ptr_null(r.err);
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)), "not found");
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_missing_path_is_not_started)
{
	const char		*argv[] = { "/nonexistent-ucjob/ssh", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(r.started, 0);
	ck_assert_int_eq(r.start_errno, ENOENT);
}
END_TEST

START_TEST(test_directory_is_not_started)
{
	const char		*argv[] = { "/tmp", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			 buf[128], want[128];

	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(r.started, 0);
	ck_assert_int_ne(r.start_errno, 0);
	ck_assert_int_ne(r.start_errno, ENOENT);
	(void)snprintf(want, sizeof(want), "could not be started: %s",
	    strerror(r.start_errno));
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)), want);
}
END_TEST

/*
 * SPAWN_NULL discards what SPAWN_INHERIT passes on: point our own stdout
 * at a file and see what reaches it.
 */
START_TEST(test_null_discards_and_inherit_shares)
{
	const char		*argv[] = { "sh", "-c",
				    "echo visible; echo e >&2", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			 path[] = "/tmp/check_spawn.XXXXXX";
	char			 got[64];
	int			 fd, saved;
	ssize_t			 n;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_int_ne(saved = dup(STDOUT_FILENO), -1);
	(void)fflush(stdout);
	ck_assert_int_ne(dup2(fd, STDOUT_FILENO), -1);

	o.stdout_mode = SPAWN_NULL;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_ptr_null(r.out);
	ck_assert_str_eq(r.err, "e\n");
	spawn_result_free(&r);
	ck_assert_int_eq(lseek(fd, 0, SEEK_END), 0);

	o.stdout_mode = SPAWN_INHERIT;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_ptr_null(r.out);
	spawn_result_free(&r);

	ck_assert_int_ne(dup2(saved, STDOUT_FILENO), -1);
	(void)close(saved);
	n = pread(fd, got, sizeof(got) - 1, 0);
	(void)close(fd);
	(void)unlink(path);
	ck_assert_int_eq(n, 8);
	got[n] = '\0';
	ck_assert_str_eq(got, "visible\n");
}
END_TEST

/* Read back what a temporary file got, NUL-terminated. */
static void
file_contents(int fd, char *buf, size_t len)
{
	ssize_t	 n;

	n = pread(fd, buf, len - 1, 0);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
}

/*
 * SPAWN_STDERR puts the child's stdout on ucjob's stderr (ssh-keygen's
 * chatter must not mix with the key printed on stdout), whatever the
 * child's own stderr does.
 */
START_TEST(test_stdout_onto_our_stderr)
{
	const char		*argv[] = { "sh", "-c",
				    "echo out; echo err >&2", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	char			 outpath[] = "/tmp/check_spawn.XXXXXX";
	char			 errpath[] = "/tmp/check_spawn.XXXXXX";
	char			 got[64];
	int			 outfd, errfd, saved_out, saved_err;

	ck_assert_int_ne(outfd = mkstemp(outpath), -1);
	ck_assert_int_ne(errfd = mkstemp(errpath), -1);
	ck_assert_int_ne(saved_out = dup(STDOUT_FILENO), -1);
	ck_assert_int_ne(saved_err = dup(STDERR_FILENO), -1);
	(void)fflush(stdout);
	(void)fflush(stderr);
	ck_assert_int_ne(dup2(outfd, STDOUT_FILENO), -1);
	ck_assert_int_ne(dup2(errfd, STDERR_FILENO), -1);

	o.stdout_mode = SPAWN_STDERR;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_ptr_null(r.out);
	ck_assert_str_eq(r.err, "err\n");
	spawn_result_free(&r);
	o.stderr_mode = SPAWN_INHERIT;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	spawn_result_free(&r);
	/* Refused where it means nothing. */
	o.stderr_mode = SPAWN_STDERR;
	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(r.start_errno, EINVAL);

	ck_assert_int_ne(dup2(saved_out, STDOUT_FILENO), -1);
	ck_assert_int_ne(dup2(saved_err, STDERR_FILENO), -1);
	(void)close(saved_out);
	(void)close(saved_err);
	file_contents(outfd, got, sizeof(got));
	ck_assert_str_eq(got, "");
	file_contents(errfd, got, sizeof(got));
	ck_assert_str_eq(got, "out\nout\nerr\n");
	(void)close(outfd);
	(void)close(errfd);
	(void)unlink(outpath);
	(void)unlink(errpath);
}
END_TEST

START_TEST(test_null_stdin_gives_eof)
{
	const char		*argv[] = { "cat", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	o.timeout_ms = 5000;
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	ck_assert_int_eq(r.timed_out, 0);
	ck_assert_uint_eq(r.out_len, 0);
	spawn_result_free(&r);
}
END_TEST

/* SIGCHLD ignored (inherited through exec) must not hide the status. */
START_TEST(test_status_survives_ignored_sigchld)
{
	const char		*argv[] = { "sh", "-c", "exit 5", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	struct sigaction	 sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	ck_assert_int_eq(sigaction(SIGCHLD, &sa, &old), 0);
	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(sigaction(SIGCHLD, &old, &sa), 0);
	ck_assert(sa.sa_handler == SIG_IGN);
	ck_assert_int_eq(r.started, 1);
	ck_assert_int_eq(r.exit_status, 5);
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_no_fd_leak_after_50_runs)
{
	const char		*ok[] = { "cat", NULL };
	const char		*missing[] = { "ucjob-no-such-x7q",
				    NULL };
	const char		*slow[] = { "sleep", "5", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	int			 before, i;

	before = count_open_fds();
	o.input = "hello";
	o.input_len = 5;
	for (i = 0; i < 50; i++) {
		o.timeout_ms = 0;
		(void)spawn_run(i % 2 ? ok : missing, &o, &r);
		spawn_result_free(&r);
		if (i % 10 == 0) {
			o.timeout_ms = 10;
			(void)spawn_run(slow, &o, &r);
			ck_assert_int_eq(r.timed_out, 1);
			spawn_result_free(&r);
		}
	}
	ck_assert_int_eq(count_open_fds(), before);
}
END_TEST

/*
 * The child holds only 0, 1 and 2, even when ucjob has descriptors open
 * without close-on-exec, below and above the ones spawn_run makes.  ls
 * lists /dev/fd with one descriptor of its own for the directory.
 */
START_TEST(test_child_sees_only_stdio)
{
	const char		*argv[] = { "ls", "/dev/fd/", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;
	int			 low, high;

	ck_assert_int_eq(fcntl(40, F_GETFD), -1);
	ck_assert_int_ne(low = open("/dev/null", O_RDONLY), -1);
	ck_assert_int_eq(high = dup2(low, 40), 40);
	ck_assert_int_eq(spawn_run(argv, &o, &r), 0);
	(void)close(low);
	(void)close(high);
	ck_assert_str_eq(r.out, "0\n1\n2\n3\n");
	spawn_result_free(&r);
}
END_TEST

START_TEST(test_exec_replaces_the_process)
{
	const char	*argv[] = { "sh", "-c", "exit 7", NULL };
	const char	*missing[] = { "ucjob-no-such-x7q", NULL };
	pid_t		 pid;
	int		 status;

	errno = 0;
	ck_assert_int_eq(spawn_exec(missing), -1);
	ck_assert_int_eq(errno, ENOENT);

	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		(void)spawn_exec(argv);
		_exit(99);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 7);
}
END_TEST

/* The one program lookup doctor uses: PATH as spawn_run searches it. */
START_TEST(test_find)
{
	char	 out[4096];

	ck_assert_int_eq(spawn_find("sh", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "/sh"));
	ck_assert_int_eq(access(out, X_OK), 0);
	ck_assert_int_eq(spawn_find("ucjob-no-such-program", out,
	    sizeof(out)), -1);
	ck_assert_int_eq(spawn_find("/nonexistent/ssh", out, sizeof(out)),
	    -1);
	ck_assert_int_eq(spawn_find("/bin/sh", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/bin/sh");
}
END_TEST

START_TEST(test_install_hints)
{
	const char	*generic = "check that it is installed and on PATH";
	const char	*names[] = { "ssh", "ssh-keygen", "sshd", "xclip",
			    "xsel", "wl-copy", "wl-paste", "code", "nope" };
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ck_assert_ptr_nonnull(spawn_install_hint(names[i]));
		ck_assert_uint_gt(strlen(spawn_install_hint(names[i])), 10);
	}
	ck_assert_str_eq(spawn_install_hint("ucjob-unknown"), generic);
	ck_assert_ptr_nonnull(strstr(spawn_install_hint("code"),
	    "Visual Studio Code"));
#if defined(__linux__)
	ck_assert_str_eq(spawn_install_hint("ssh-keygen"),
	    "install it with: sudo apt-get install openssh-client");
	ck_assert_ptr_nonnull(strstr(spawn_install_hint("/usr/bin/ssh"),
	    "openssh-client"));
	ck_assert_ptr_nonnull(strstr(spawn_install_hint("sshd"),
	    "openssh-server"));
	ck_assert_ptr_nonnull(strstr(spawn_install_hint("wl-copy"),
	    "wl-clipboard"));
	ck_assert_ptr_nonnull(strstr(spawn_install_hint("xsel"), " xsel"));
#elif defined(__APPLE__)
	ck_assert_ptr_nonnull(strstr(spawn_install_hint("ssh-keygen"),
	    "macOS"));
#endif
}
END_TEST

START_TEST(test_describe_strings)
{
	struct spawn_result	 r;
	char			 buf[64], tiny[6];

	memset(&r, 0, sizeof(r));
	r.started = 1;
	r.exit_status = 255;
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)),
	    "exited with status 255");
	ck_assert_str_eq(spawn_describe(&r, tiny, sizeof(tiny)), "exite");
	r.signal = 15;
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)),
	    "killed by signal 15");
	r.timed_out = 1;
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)), "timed out");
	memset(&r, 0, sizeof(r));
	r.start_errno = ENOENT;
	ck_assert_str_eq(spawn_describe(&r, buf, sizeof(buf)), "not found");
	ck_assert_str_eq(spawn_describe(&r, buf, 0), "");
}
END_TEST

START_TEST(test_bad_arguments_are_refused)
{
	const char		*empty[] = { NULL };
	const char		*argv[] = { "cat", NULL };
	struct spawn_opts	 o = capture_both();
	struct spawn_result	 r;

	ck_assert_int_eq(spawn_run(empty, &o, &r), -1);
	ck_assert_int_eq(r.started, 0);
	ck_assert_int_eq(r.start_errno, EINVAL);
	o.stdin_mode = SPAWN_CAPTURE;
	ck_assert_int_eq(spawn_run(argv, &o, &r), -1);
	ck_assert_int_eq(r.start_errno, EINVAL);
}
END_TEST

/*
 * Programs that are not what execvp(3) takes them for: a directory of
 * their own per test, PATH restored after each.
 */
static char	 noshell_dir[64];
static char	*noshell_path;

static void
noshell_setup(void)
{
	const char *path = getenv("PATH");

	snprintf(noshell_dir, sizeof(noshell_dir),
	    "/tmp/ucjob-check-spawn.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(noshell_dir));
	noshell_path = path != NULL ? strdup(path) : NULL;
}

static void
noshell_teardown(void)
{
	char path[512];
	const char *names[] = { "noshebang", "marker", "here" };
	size_t i;

	if (noshell_path != NULL) {
		setenv("PATH", noshell_path, 1);
		free(noshell_path);
		noshell_path = NULL;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", noshell_dir, names[i]);
		unlink(path);
	}
	rmdir(noshell_dir);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/*
 * t0440-exec.sh: execvp(3) hands a file that is neither a binary nor a
 * #! script to /bin/sh, so a configured ssh-keygen without a #! line ran
 * through a shell.  spawn must refuse it (ENOEXEC), by path and on PATH,
 * and the script must not run.
 */
START_TEST(test_never_falls_back_to_a_shell)
{
	const char *by_path[2], *on_path[] = { "noshebang", NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	char script[128], marker[128], text[300];

	snprintf(script, sizeof(script), "%s/noshebang", noshell_dir);
	snprintf(marker, sizeof(marker), "%s/marker", noshell_dir);
	snprintf(text, sizeof(text), "touch %s\n", marker);
	write_file(script, text);
	ck_assert_int_eq(chmod(script, 0755), 0);
	memset(&opts, 0, sizeof(opts));
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = 10000;

	by_path[0] = script;
	by_path[1] = NULL;
	ck_assert_int_eq(spawn_run(by_path, &opts, &res), -1);
	ck_assert_int_eq(res.started, 0);
	ck_assert_int_eq(res.start_errno, ENOEXEC);
	spawn_result_free(&res);

	ck_assert_int_eq(setenv("PATH", noshell_dir, 1), 0);
	ck_assert_int_eq(spawn_run(on_path, &opts, &res), -1);
	ck_assert_int_eq(res.started, 0);
	ck_assert_int_eq(res.start_errno, ENOEXEC);
	spawn_result_free(&res);

	ck_assert_int_eq(access(marker, F_OK), -1);
}
END_TEST

/* The PATH search that replaced execvp's: found, not found, empty
 * elements (the current directory). */
START_TEST(test_searches_path_like_execvp)
{
	const char *true_argv[] = { "true", NULL };
	const char *none_argv[] = { "ucjob-no-such-program", NULL };
	const char *here_argv[] = { "here", NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	char here[128], cwd[512];

	memset(&opts, 0, sizeof(opts));
	opts.timeout_ms = 10000;
	ck_assert_int_eq(setenv("PATH", "/nonexistent:/usr/bin:/bin", 1), 0);
	ck_assert_int_eq(spawn_run(true_argv, &opts, &res), 0);
	spawn_result_free(&res);
	ck_assert_int_eq(spawn_run(none_argv, &opts, &res), -1);
	ck_assert_int_eq(res.started, 0);
	ck_assert_int_eq(res.start_errno, ENOENT);
	spawn_result_free(&res);

	snprintf(here, sizeof(here), "%s/here", noshell_dir);
	write_file(here, "#!/bin/sh\nexit 0\n");
	ck_assert_int_eq(chmod(here, 0755), 0);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(noshell_dir), 0);
	ck_assert_int_eq(setenv("PATH", "/nonexistent:", 1), 0);
	ck_assert_int_eq(spawn_run(here_argv, &opts, &res), 0);
	spawn_result_free(&res);
	ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

Suite *
spawn_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("spawn");

	tc = tcase_create("run");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_capture_stdout_and_stderr_separately);
	tcase_add_test(tc, test_empty_capture_is_empty_string);
	tcase_add_test(tc, test_exit_status_is_reported);
	tcase_add_test(tc, test_false_fails_with_status_1);
	tcase_add_test(tc, test_signal_is_reported);
	tcase_add_test(tc, test_null_discards_and_inherit_shares);
	tcase_add_test(tc, test_stdout_onto_our_stderr);
	tcase_add_test(tc, test_null_stdin_gives_eof);
	tcase_add_test(tc, test_exec_replaces_the_process);
	suite_add_tcase(s, tc);

	tc = tcase_create("input");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_input_with_nul_bytes_round_trips);
	tcase_add_test(tc, test_one_mebibyte_input_round_trips);
	tcase_add_test(tc, test_empty_input_gives_eof);
	tcase_add_test(tc, test_no_deadlock_when_reading_before_writing);
	tcase_add_test(tc, test_no_deadlock_when_writing_before_reading);
	tcase_add_test(tc, test_unread_input_is_not_fatal);
	suite_add_tcase(s, tc);

	tc = tcase_create("timeout");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_timeout_kills_the_child);
	tcase_add_test(tc, test_timeout_with_inherited_streams);
	tcase_add_test(tc, test_timeout_kills_helpers_of_a_batch_child);
	tcase_add_test(tc, test_process_group_choice);
	tcase_add_test(tc, test_fast_program_is_not_timed_out);
	tcase_add_test(tc, test_helper_holding_pipes_does_not_block);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_program_not_on_path);
	tcase_add_test(tc, test_missing_path_is_not_started);
	tcase_add_test(tc, test_directory_is_not_started);
	tcase_add_test(tc, test_bad_arguments_are_refused);
	tcase_add_test(tc, test_status_survives_ignored_sigchld);
	tcase_add_test(tc, test_no_fd_leak_after_50_runs);
	tcase_add_test(tc, test_child_sees_only_stdio);
	suite_add_tcase(s, tc);

	tc = tcase_create("no shell");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, noshell_setup, noshell_teardown);
	tcase_add_test(tc, test_never_falls_back_to_a_shell);
	tcase_add_test(tc, test_searches_path_like_execvp);
	suite_add_tcase(s, tc);

	tc = tcase_create("messages");
	tcase_add_test(tc, test_capture_is_bounded);
	tcase_add_test(tc, test_run_many_side_by_side);
	tcase_add_test(tc, test_install_hints);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_describe_strings);
	suite_add_tcase(s, tc);

	return s;
}
