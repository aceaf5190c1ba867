/*
 * sync: what `ucjob sync` would change in the managed block to make it
 * match the account's jobs, and the new text, as pure functions over the
 * parsed config and a list of jobs (SPEC.md section 5a).  Only entries
 * that carry a job id (`# ucjob: job=ID`) are ever changed; an entry made
 * by hand is left byte for byte.  Also the small pure pieces `wait`
 * needs: a duration and the polling back-off.  No I/O here.
 */
#ifndef UCJOB_SYNC_H
#define UCJOB_SYNC_H

#include <stddef.h>

#include "buf.h"
#include "endpoint.h"
#include "sshconfig.h"

#define SYNC_ALIAS_MAX	256
#define SYNC_NAME_MAX	64	/* a job name is cut to this for an alias */

/* One job of the account, as the planner needs it. */
struct sync_job {
	const char	*id;		/* digits */
	const char	*name;		/* the job's name, or NULL */
	int		 skip;		/* its status text was refused: its
					   entries are left as they are */
	int		 has_endpoint;
	struct endpoint	 at;		/* when has_endpoint */
};

/* How a new entry's alias is made. */
struct sync_rules {
	const char	*alias_prefix;	/* "ucloud-job-" */
	int		 alias_by_name;	/* sync-alias = "name" */
	const char	*default_user;	/* for an endpoint that names none */
	int		 allow_remove;	/* 0: entries to remove are kept */
};

enum sync_action {
	SYNC_KEEP,		/* the entry matches its job */
	SYNC_ADD,		/* a job with an endpoint and no entry */
	SYNC_UPDATE,		/* the job's endpoint moved */
	SYNC_REMOVE,		/* the job ended, paused or is gone */
	SYNC_HELD		/* would be removed, but removal was declined */
};

struct sync_change {
	enum sync_action action;
	long		 entry;		/* index in doc->entries; -1: add */
	long		 job;		/* index in jobs; -1: not listed */
	char		 alias[SYNC_ALIAS_MAX];
};

struct sync_plan {
	struct sync_change *v;	/* entries with a job id in block order,
				   then the adds in the jobs' order */
	size_t		 n;
	size_t		 nadd;
	size_t		 nupdate;
	size_t		 nremove;
	size_t		 nheld;
};

/*
 * Compare the block's entries that carry a job id with jobs[0..n-1].
 * Every change is in plan (free it with sync_plan_free).
 */
void	sync_plan_make(const struct config_doc *doc,
	    const struct sync_job *jobs, size_t n,
	    const struct sync_rules *rules, struct sync_plan *plan);

void	sync_plan_free(struct sync_plan *plan);

/* Render a new entry for job with the alias, each line ending in eol. */
typedef void (*sync_render_fn)(const struct sync_job *job,
	    const char *alias, const char *eol, void *arg, struct buf *out);

/*
 * The new text into out: removals dropped (the block goes when it is
 * left empty), updates made in place (only the HostName, Port and User
 * values and the added= stamp change, so options and forwards stay),
 * adds rendered by render and appended to the block (or a new block).
 */
void	sync_plan_apply(const struct config_doc *doc,
	    const struct sync_plan *plan, const struct sync_job *jobs,
	    const struct sync_rules *rules, const char *now,
	    sync_render_fn render, void *arg, struct buf *out);

/*
 * A job's name made into an alias: every byte that is not a letter,
 * digit, '.', '_' or '-' becomes '-', runs of '-' become one, leading
 * '-' and '.' and trailing '-' go, at most SYNC_NAME_MAX bytes.  "" when
 * nothing is left or only digits are (a port's look-alike).
 */
void	sync_alias_from_name(const char *name, char *out, size_t outlen);

/*
 * A duration: "90" or "90s" (seconds), "5m", "1h".  Returns 0 and the
 * milliseconds, or -1 when s is not one (or is zero or over a week).
 */
int	sync_duration_parse(const char *s, long long *ms);

/* The next poll interval after cur (ms): half as long again, from min,
 * at most max. */
long	sync_backoff_next(long cur, long min, long max);

#endif
