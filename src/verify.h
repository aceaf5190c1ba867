/*
 * verify: does ssh see an entry the way ucjob wrote it (SPEC.md section
 * 3, rule 8)?  It runs `ssh -G`, compares the effective hostname, port,
 * user, identity file and host key alias with the entry, and names the
 * file and line that wins for each value that differs, reading the config
 * and the files it includes.  Used by add (on the temporary, before the
 * rename), check and doctor.  It never writes anything.
 */
#ifndef UCJOB_VERIFY_H
#define UCJOB_VERIFY_H

#include <stddef.h>

#include "parse_ssh.h"
#include "precedence.h"

#define VERIFY_MAX	5	/* the five compared values */

struct expected {
	const char	*alias;		/* also the HostKeyAlias */
	const char	*hostname;
	int		 port;
	const char	*user;
	const char	*identity;	/* as written (unquoted) */
};

struct verify_request {
	const char	*ssh;		/* the ssh program */
	const char	*ssh_config;	/* -F FILE, or NULL: ssh's default */
	/* The config to scan for the winning lines, up to scan_stop (the
	 * entry's block), and its name in messages. */
	const char	*scan_text;
	size_t		 scan_len;
	size_t		 scan_stop;
	const char	*scan_name;
	/* When the entry lives in another file that scan_text includes:
	 * that file, where scanning stops.  NULL otherwise. */
	const char	*entry_file;
	/* Names in ssh's messages, each shown as its replace_to (a
	 * temporary as the file it stands for); NULL when unused. */
	const char	*replace_from[2];
	const char	*replace_to[2];
	struct expected	 want;
};

struct mismatch {
	const char		*keyword;	/* "user", ... */
	char			 want[SSH_VALUE_LEN];
	char			 got[SSH_VALUE_LEN];
	int			 placed;	/* hit names the winner */
	struct precedence_hit	 hit;
};

enum verify_status {
	VERIFY_OK,
	VERIFY_MISMATCH,	/* see mismatch[] */
	VERIFY_REJECTED,	/* ssh rejects the config: error */
	VERIFY_CANNOT_RUN	/* ssh missing or failing oddly: error */
};

struct verify_result {
	enum verify_status	status;
	char			error[1024];
	struct mismatch		mismatch[VERIFY_MAX];
	size_t			nmismatch;
};

/* Run the check; the outcome is in res.  Returns res->status. */
enum verify_status verify_entry(const struct verify_request *rq,
	    struct verify_result *res);

/* Whether ssh rejects config (ssh -G -F config alias fails); its error
 * line goes to err.  Returns 1 rejected, 0 accepted, -1 cannot tell. */
int	verify_config_rejected(const char *ssh, const char *config,
	    const char *alias, char *err, size_t errlen);

/* One line: "user is 'other', not 'ucloud': FILE line 1 (User other)
 * comes first". */
void	mismatch_describe(const struct mismatch *m, char *out, size_t outlen);

#endif
