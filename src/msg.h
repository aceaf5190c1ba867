/*
 * msg: everything ucjob prints on stderr, and its results on stdout.
 *
 * The error convention, for every module:
 *
 *  - Only the command layer prints: main.c, cmd_*.c and the modules
 *    that run a command's steps with its struct ctx (cmd_common.c,
 *    mainconfig.c, jobcheck.c, account.c).  It prints through this header.
 *  - Every other module is a library: it never prints and never exits.
 *    A function that can fail returns 0 on success and -1 on failure,
 *    and writes why into a buffer its caller passes as
 *    (char *why, size_t whylen): one line, no "ucjob: " and no newline,
 *    truncated to fit.  Predicates and look-ups without a reason to give
 *    return their answer instead.
 *  - Running out of memory is the one exception: fatal, through
 *    xmalloc.h, in the same way everywhere.
 *  - A command's own steps return 0 or an exit status (EXIT_FAIL,
 *    EXIT_USAGE) after printing the reason; usage errors and warnings go
 *    to stderr.  A warning is warning(), never a "warning:" prefix in
 *    the text of another call.
 *
 * Messages on stderr start with "ucjob: " and show control characters
 * (\n, \x1b, ...) as escapes, so nothing quoted from a file, a server
 * or the command line can break the line or drive the terminal.
 */
#ifndef UCJOB_MSG_H
#define UCJOB_MSG_H

#include <stddef.h>
#include <stdio.h>

extern int msg_quiet;
extern int msg_verbose;

/* A result line on stdout; silenced by --quiet. */
void	info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A detail on stderr, only with --verbose. */
void	debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A note on stderr ("ucjob: ..."); silenced by --quiet. */
void	notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A warning on stderr ("ucjob: warning: ..."); never silenced. */
void	warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An error on stderr ("ucjob: ..."); never silenced. */
void	error_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write n bytes to fp with control characters made visible. */
void	put_visible_n(const char *s, size_t n, FILE *fp);

#endif
