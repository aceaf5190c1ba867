/*
 * msg: what ucjob tells the user besides errors (those use err(3) and
 * warnx(3)): results on stdout unless --quiet, details on stderr with
 * --verbose.
 */
#ifndef UCJOB_MSG_H
#define UCJOB_MSG_H

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

#endif
