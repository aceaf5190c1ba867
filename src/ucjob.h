/*
 * ucjob.h: what the command modules (cmd_*.c) share: the run context,
 * option parsing that accepts the global options anywhere, settings, the
 * path of the config to edit, and the locked read-edit-write cycle.
 */
#ifndef UCJOB_H
#define UCJOB_H

#include <getopt.h>
#include <stdio.h>
#include <stddef.h>

#include "buf.h"
#include "msg.h"
#include "paths.h"
#include "settings.h"
#include "sshconfig.h"

#define EXIT_FAIL	1	/* the operation failed */
#define EXIT_USAGE	2	/* bad usage or input; nothing written */
#define EXIT_HELP	(-1)	/* --help or --version printed: exit 0 */

/* Long options without a short letter: one numbering for every command,
 * above any char getopt_long returns. */
enum long_option {
	OPT_SITE = 256, OPT_NAME, OPT_JOB, OPT_HOST, OPT_USER, OPT_PRINT,
	OPT_ALL, OPT_JSON, OPT_NAMES,
	OPT_FORCE, OPT_NO_VERIFY, OPT_CLEAN_KNOWN_HOSTS, OPT_FROM_CLIPBOARD,
	OPT_CONNECT, OPT_TIMEOUT, OPT_YES,
	OPT_KEY_COPY, OPT_KEY_TYPE, OPT_KEY_COMMENT, OPT_KEY_FILE,
	OPT_KEY_NEW, OPT_KEY_NO_PASSPHRASE, OPT_KEY_UPLOAD, OPT_KEY_TITLE,
	OPT_WAIT, OPT_LOGIN
};

#define GLOBAL_SHORTOPTS "F:c:nqvhV"
#define GLOBAL_LONGOPTS \
	{ "ssh-config",	required_argument,	NULL, 'F' }, \
	{ "config",	required_argument,	NULL, 'c' }, \
	{ "site",	required_argument,	NULL, OPT_SITE }, \
	{ "dry-run",	no_argument,		NULL, 'n' }, \
	{ "quiet",	no_argument,		NULL, 'q' }, \
	{ "verbose",	no_argument,		NULL, 'v' }, \
	{ "help",	no_argument,		NULL, 'h' }, \
	{ "version",	no_argument,		NULL, 'V' }

struct ctx {
	const char	*cmd;		/* "add", "rm", ... */
	const char	*ssh_config_opt;	/* -F */
	const char	*settings_opt;	/* -c */
	const char	*site;		/* --site */
	int		 dry_run;
	struct settings	 set;
	int		 set_loaded;
	int		 home_warned;	/* the $HOME warning was given */
};

/* A command's own option: return 0 when taken, EXIT_USAGE otherwise. */
typedef int (*option_fn)(struct ctx *c, int opt, const char *arg,
	    void *state);

/*
 * Parse argv (argv[0] is the command name) with the command's options
 * plus the global ones, anywhere.  Positional words are collected into
 * pos (argv order).  When stop is set, the first positional word for
 * which stop() is true ends option parsing: it and all after it are
 * positional.  Returns 0, EXIT_USAGE, or EXIT_HELP (help was printed).
 */
int	parse_args(struct ctx *c, int argc, char **argv, const char *shortopts,
	    const struct option *longopts, option_fn fn, void *state,
	    char ***pos, int *npos, int (*stop)(const char *word));

/* The global options; returns 1 when opt was one of them. */
int	global_option(struct ctx *c, int opt, const char *arg);

/* Load the settings (once); 0 or EXIT_USAGE after printing the error. */
int	load_settings(struct ctx *c);

/*
 * The ssh config to edit (~ expanded).  *include_in_main is set when the
 * block lives in a file other than ~/.ssh/config, named by the ssh-config
 * setting: the main config must then Include it.
 */
int	config_path(struct ctx *c, char *out, size_t outlen,
	    int *include_in_main);

/* An edit of the parsed config: fill out with the new text.  Returns 0,
 * or EXIT_USAGE / EXIT_FAIL after printing the reason. */
typedef int (*edit_fn)(const struct config_doc *doc, void *state,
	    struct buf *out);

/* What a verifier sees: the new text, already in a temporary beside the
 * file it is to replace, and the text it replaces. */
struct verify_input {
	const char	*tmp;		/* the temporary holding new_text */
	const char	*path;		/* the file as the user named it */
	int		 existed;	/* whether path existed before */
	const char	*old_text;
	size_t		 old_len;
	const char	*new_text;
	size_t		 new_len;
};

/* Check the new text before the rename: 0 lets the write go ahead; an
 * exit status (after printing why) leaves the file untouched. */
typedef int (*verify_fn)(const struct verify_input *in, void *state);

/* Work that must not race with another ucjob, such as forgetting host
 * keys: run while the lock is still held, after the write (or when the
 * text did not change), never in a dry run or after a failure. */
typedef void (*locked_fn)(void *state, int changed);

/* One edit: fn makes the new text; verify (may be NULL) checks it
 * between writing the temporary and renaming it over the file; after
 * (may be NULL) runs under the same lock.  state goes to all three. */
struct edit {
	edit_fn		 fn;
	verify_fn	 verify;
	locked_fn	 after;
	void		*state;
};

/*
 * Lock, read and parse path, run e->fn, and write the result when it
 * differs (with --dry-run: print a unified diff instead, lock, verify
 * and write nothing).  *changed tells whether the text differed.
 * Returns 0 or an exit status after printing the reason.
 */
int	edit_config(struct ctx *c, const char *path, const struct edit *e,
	    int *changed);

/* Read and parse path without a lock, for list and show.  The caller
 * frees *data and calls config_doc_free.  Returns 0 or an exit status. */
int	read_config(const char *path, char **data, size_t *len,
	    struct config_doc *doc);

/* Index of the entry an argument names (alias first, then port), or -1
 * after printing why (unknown, or a port shared by several entries). */
long	resolve_entry(const struct config_doc *doc, const char *arg,
	    const char *path);

/* Print a command's help (NULL: the overview) to stdout, or to fp. */
void	help(const char *cmd);
/* A yes/no question on stderr ("ucjob: QUESTION [y/N] "), the answer a
 * line of stdin; 1 for yes.  The caller checks that both are a terminal. */
int	confirm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	help_to(FILE *fp, const char *cmd);
/* Config text (show, a dry run's diff) to fp: tabs and line ends
 * (CRLF too) stay, other control characters are made visible. */
void	put_text_visible(const char *s, size_t n, FILE *fp);
/* "ucjob: CMD: msg" on stderr plus a pointer to --help; EXIT_USAGE. */
int	usage_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

int	cmd_add(struct ctx *c, int argc, char **argv);
int	cmd_rm(struct ctx *c, int argc, char **argv);
int	cmd_list(struct ctx *c, int argc, char **argv);
int	cmd_show(struct ctx *c, int argc, char **argv);
int	cmd_check(struct ctx *c, int argc, char **argv);
int	cmd_prune(struct ctx *c, int argc, char **argv);
int	cmd_doctor(struct ctx *c, int argc, char **argv);
int	cmd_ssh(struct ctx *c, int argc, char **argv);
int	cmd_code(struct ctx *c, int argc, char **argv);
int	cmd_key(struct ctx *c, int argc, char **argv);
int	cmd_login(struct ctx *c, int argc, char **argv);
int	cmd_logout(struct ctx *c, int argc, char **argv);
int	cmd_jobs(struct ctx *c, int argc, char **argv);
int	cmd_sync(struct ctx *c, int argc, char **argv);
int	cmd_wait(struct ctx *c, int argc, char **argv);

/* How long and how `wait` and `add --wait` wait (cmd_wait.c). */
#define WAIT_TIMEOUT_DEFAULT_MS	(15LL * 60 * 1000)
struct wait_opts {
	long long	timeout_ms;	/* 0: WAIT_TIMEOUT_DEFAULT_MS */
	int		login;		/* also log in with ssh */
	int		wait;		/* add --wait: wait for the endpoint */
};

/* Wait until the entry ALIAS (or PORT, or the job id JOB) answers SSH;
 * an exit status (0 ready, 1 ended or timed out) after saying why. */
int	wait_for_entry(struct ctx *c, const char *arg,
	    const struct wait_opts *o);

/* `add --job ID` without a port: the job's endpoint into *t (waited for
 * when o->wait) and the alias its entry gets.  An exit status after
 * saying why. */
struct target;
int	wait_job_target(struct ctx *c, const char *job,
	    const struct wait_opts *o, struct target *t, char *alias,
	    size_t aliaslen);

#endif
