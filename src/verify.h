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
#include "sshconfig.h"

#define VERIFY_MAX	12	/* nine compared values and three notes */

struct expected {
	const char	*alias;		/* also the HostKeyAlias */
	const char	*hostname;
	int		 port;
	const char	*user;
	const char	*identity;	/* as written (unquoted) */
};

struct verify_request {
	const char	*ssh;		/* the ssh program */
	/* -F FILE, or NULL: ssh's default, the user's config under the
	 * password database's home (which tells other_home). */
	const char	*ssh_config;
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
	/* The entry's own lines (for the host-key options it sets), and
	 * the file holding the block (for a Host of the same name outside
	 * it); verify_request_block fills them.  NULL: not compared. */
	const char	*entry_text;
	size_t		 entry_len;
	const char	*block_text;
	size_t		 block_len;
	size_t		 block_start;
	size_t		 block_end;
	const char	*block_name;
};

enum mismatch_kind {
	MISMATCH_VALUE,		/* ssh gets another value for keyword */
	MISMATCH_UNREACHED,	/* ssh -G never reaches the entry at all */
	MISMATCH_NOTE,		/* the user's choice, named, not refused:
				   keyword stricthostkeychecking (off),
				   proxyjump or proxycommand */
	MISMATCH_SAME_NAME	/* keyword "host": a Host of the same name
				   outside the block (hit names it) */
};

struct mismatch {
	enum mismatch_kind	 kind;
	const char		*keyword;	/* "user", ...; "entry" when
						   unreached (for JSON) */
	char			 want[SSH_VALUE_LEN];
	char			 got[SSH_VALUE_LEN];
	int			 placed;	/* hit names the winner */
	int			 included;	/* ... in an included file */
	/* MISMATCH_UNREACHED only: ssh read its default config, which lies under the
	 * password database's home, and that is not $HOME. */
	int			 other_home;
	struct precedence_hit	 hit;
};

enum verify_status {
	VERIFY_OK,		/* mismatch[] may hold notes */
	VERIFY_MISMATCH,	/* see mismatch[] */
	VERIFY_REJECTED,	/* ssh rejects the config: error */
	VERIFY_CANNOT_RUN	/* ssh missing or failing oddly: error */
};

struct verify_result {
	enum verify_status	status;
	char			error[1024];
	/* VERIFY_REJECTED by a new text only: the file as it was is
	 * rejected too (so not by the change), with this error. */
	int			already_rejected;
	char			already[1024];
	struct mismatch		mismatch[VERIFY_MAX];
	size_t			nmismatch;
};

/* Where the entry's block stands, for mismatch_hint. */
struct block_place {
	const char	*block;		/* "the block", "the Include of F" */
	unsigned long	 section_line;	/* a Host/Match line before the
					   block (the first), or 0 */
};

/* Run the check; the outcome is in res.  Returns res->status. */
enum verify_status verify_entry(const struct verify_request *rq,
	    struct verify_result *res);

/* Whether m is a note (MISMATCH_NOTE, MISMATCH_SAME_NAME), which does
 * not make the entry fail. */
int	mismatch_is_note(const struct mismatch *m);

/* Fill rq's entry and block fields from doc (the text of the file named
 * name, which holds the block) and its entry i. */
void	verify_request_block(struct verify_request *rq,
	    const struct config_doc *doc, size_t i, const char *name);

/*
 * The known-hosts files ssh uses for alias, as ssh -G prints its
 * userknownhostsfile (~ expanded, blank-separated), into out: 1 when ssh
 * reaches the entry (its HostKeyAlias is alias), 0 when it does not or
 * would read another home's config (no -F, $HOME differs; out is ""),
 * -1 when ssh -G fails (a reason in why).
 */
int	verify_known_hosts_files(const char *ssh, const char *config,
	    const char *alias, char *out, size_t outlen, char *why,
	    size_t whylen);

/*
 * A new config text, in a temporary, to check before it replaces its
 * file (rule 8, for add).  With the block in another file (rule 10),
 * main_* describe the temporary copy of ~/.ssh/config that includes tmp
 * (mainconfig.h main_copy); main_tmp is NULL otherwise.
 */
struct verify_new {
	const char	*ssh;
	const char	*path;		/* the file as the user named it */
	const char	*tmp;		/* the temporary holding text */
	const char	*text;
	size_t		 len;
	int		 existed;	/* whether path existed before */
	const char	*main_path;	/* ~/.ssh/config, expanded */
	int		 main_exists;
	const char	*main_tmp;
	const char	*main_text;
	size_t		 main_len;
	size_t		 main_stop;	/* its Include of tmp */
	struct expected	 want;
};

/*
 * Check the new text: res->status as verify_entry gives it (and, when
 * rejected, whether the old file was already), and bp->section_line for
 * mismatch_hint.  Returns 0, or -1 with a reason in why when the text
 * cannot be checked at all.
 */
int	verify_new_text(const struct verify_new *vn, struct verify_result *res,
	    struct block_place *bp, char *why, size_t whylen);

/* Whether ssh rejects config (ssh -G -F config alias fails); its error
 * line goes to err.  Returns 1 rejected, 0 accepted, -1 cannot tell. */
int	verify_config_rejected(const char *ssh, const char *config,
	    const char *alias, char *err, size_t errlen);

/* One line: "user is 'other', not 'ucloud': FILE line 1 (User other)
 * comes first". */
void	mismatch_describe(const struct mismatch *m, char *out, size_t outlen);

/* A note (mismatch_is_note) in words, without mismatch_describe's
 * "note: " in front. */
void	note_describe(const struct mismatch *m, char *out, size_t outlen);

/*
 * The fix for a placed mismatch, or "": move a winning top-level line
 * below the block, the block above the Host/Match section that wins, or
 * the Include of the file that wins below the block.
 */
void	mismatch_hint(const struct mismatch *m, const struct block_place *p,
	    char *out, size_t outlen);

#endif
