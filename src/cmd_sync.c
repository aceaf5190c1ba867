/*
 * cmd_sync: `ucjob sync [-n] [--yes]`: make the managed block match the
 * account: an entry for every queued or running job of the user with an
 * SSH endpoint, updated when the endpoint moved, removed when the job is
 * over, paused or gone; entries without a job id are never touched.  The
 * jobs are fetched first, so a server error writes nothing; the block is
 * then changed in one locked, verified, atomic write (edit_config), and
 * the host keys of changed entries are forgotten under the same lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "entry.h"
#include "keys.h"
#include "knownhosts.h"
#include "mainconfig.h"
#include "msg.h"
#include "paths.h"
#include "sync.h"
#include "sync_job.h"
#include "ucjob.h"
#include "validate.h"
#include "verify.h"
#include "xmalloc.h"

struct sync_state {
	struct ctx	*c;
	int		 yes;
	int		 include;	/* the block is in another file */
	struct sync_job	*jobs;
	size_t		 njobs;
	struct sync_rules rules;
	struct entry	 proto;		/* what every new entry shares */
	char		 identity[PATH_LEN];
	char		 known_hosts[PATH_LEN];	/* as written */
	char		 known_hosts_abs[PATH_LEN];	/* or "" */
	char		 now[32];
	struct sync_plan plan;		/* of the locked write */
	struct endpoint	*verify_at;	/* the first entry added or moved */
	char		 verify_alias[SYNC_ALIAS_MAX];
};

static const struct option sync_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "yes",	no_argument,	NULL, OPT_YES },
	{ NULL, 0, NULL, 0 }
};

static int	sync_option(struct ctx *, int, const char *, void *);
static int	jobs_fetch(struct ctx *, struct sync_state *,
		    struct ucloud_jobs *);
static int	entry_proto(struct ctx *, struct sync_state *);
static void	render_new(const struct sync_job *, const char *,
		    const char *, void *, struct buf *);
static int	sync_edit(const struct config_doc *, void *, struct buf *);
static int	sync_verify(const struct verify_input *, void *);
static void	sync_forget(void *, int);
static int	ask_remove(const struct sync_plan *);
static void	report(const struct sync_state *, const char *);

static int
sync_option(struct ctx *c, int opt, const char *arg, void *state)
{
	struct sync_state *s = state;

	(void)arg;
	if (opt != OPT_YES)
		return usage_error(c->cmd, "unexpected option");
	s->yes = 1;
	return 0;
}

/*
 * The user's own queued and running jobs, with their endpoints.  A job
 * whose status text is refused is kept with skip set: its entry is left
 * as it is.  Another user's job is dropped even if the server sent it.
 */
static int
jobs_fetch(struct ctx *c, struct sync_state *s, struct ucloud_jobs *jobs)
{
	struct account a;
	struct ucloud_identity id;
	struct sync_job *j;
	char why[1024];
	size_t i;
	int rc;

	if ((rc = account_open(c, &a)) != 0)
		return rc;
	memset(&id, 0, sizeof(id));
	if ((rc = account_identity(&a, &id)) != 0)
		goto out;
	if (!id.identified || id.user[0] == '\0') {
		error_line("%s: the token is not among the account's API "
		    "tokens, so whose jobs are yours is unknown; sync "
		    "registers only your own: make a new token and run "
		    "'ucjob login'", a.host);
		rc = EXIT_FAIL;
		goto out;
	}
	if (ucloud_jobs_active(&a.http, id.user, jobs, why,
	    sizeof(why)) != 0) {
		rc = account_fail(why);
		goto out;
	}
	s->jobs = xcalloc(jobs->n + 1, sizeof(*s->jobs));
	for (i = 0; i < jobs->n; i++) {
		if (strcmp(jobs->v[i].created_by, id.user) != 0)
			continue;
		j = &s->jobs[s->njobs++];
		j->id = jobs->v[i].id;
		j->name = jobs->v[i].name;
		switch (sync_job_endpoint(&jobs->v[i], &j->at, why,
		    sizeof(why))) {
		case 1:
			j->has_endpoint = strcmp(jobs->v[i].state,
			    "SUSPENDED") != 0;
			break;
		case -1:
			j->skip = 1;
			warning("job %s: status text rejected: %s; its entry "
			    "is left as it is", j->id, why);
			break;
		}
	}
out:
	account_close(&a);
	return rc;
}

/* Everything a new entry takes from the settings (as `add` does). */
static int
entry_proto(struct ctx *c, struct sync_state *s)
{
	char found[PATH_LEN], exp[PATH_LEN];
	const char *id;
	size_t i;

	id = c->set.identity_file[0] ? c->set.identity_file : NULL;
	if (id == NULL && key_find(c->set.key_type, found,
	    sizeof(found)) != 0)
		warning("no key pair found; create %s with: ssh-keygen "
		    "-t %s -f %s", found, c->set.key_type, found);
	if (path_expand(id ? id : found, exp, sizeof(exp)) != 0 ||
	    !path_is_absolute(exp) || !path_valid(exp) ||
	    path_for_config(exp, s->identity, sizeof(s->identity)) != 0)
		return usage_error(c->cmd, "cannot use the identity file "
		    "'%s'", id ? id : found);
	if (path_expand(c->set.known_hosts, s->known_hosts_abs,
	    sizeof(s->known_hosts_abs)) != 0 ||
	    !path_is_absolute(s->known_hosts_abs) ||
	    !path_valid(s->known_hosts_abs) ||
	    path_for_config(s->known_hosts_abs, s->known_hosts,
	    sizeof(s->known_hosts)) != 0)
		return usage_error(c->cmd, "cannot use the known-hosts file "
		    "'%s'", c->set.known_hosts);
	if (!host_valid(c->set.host) || !user_valid(c->set.user))
		return usage_error(c->cmd, "invalid host or user in the "
		    "settings");
	s->proto.identity = s->identity;
	s->proto.known_hosts = s->known_hosts;
	s->proto.accept_new = strcmp(c->set.host_key_checking,
	    "accept-new") == 0;
	for (i = 0; i < c->set.noptions && i < ENTRY_MAX_OPTIONS; i++)
		s->proto.options[s->proto.noptions++] = c->set.options[i];
	s->rules.alias_prefix = c->set.alias_prefix;
	s->rules.alias_by_name = strcmp(c->set.sync_alias, "name") == 0;
	s->rules.default_user = c->set.user;
	return 0;
}

static void
render_new(const struct sync_job *job, const char *alias, const char *eol,
    void *arg, struct buf *out)
{
	struct sync_state *s = arg;
	struct entry e = s->proto;

	e.alias = alias;
	e.hostname = job->at.host;
	e.port = job->at.port;
	e.user = job->at.user[0] != '\0' ? job->at.user : s->rules.default_user;
	e.job = job->id;
	e.added = s->now;
	entry_render(&e, eol, out);
}

static int
sync_edit(const struct config_doc *doc, void *state, struct buf *out)
{
	struct sync_state *s = state;
	size_t i;

	sync_plan_free(&s->plan);
	sync_plan_make(doc, s->jobs, s->njobs, &s->rules, &s->plan);
	s->verify_at = NULL;
	for (i = 0; i < s->plan.n && s->verify_at == NULL; i++)
		if (s->plan.v[i].action == SYNC_ADD ||
		    s->plan.v[i].action == SYNC_UPDATE) {
			s->verify_at = &s->jobs[s->plan.v[i].job].at;
			snprintf(s->verify_alias, sizeof(s->verify_alias),
			    "%s", s->plan.v[i].alias);
		}
	sync_plan_apply(doc, &s->plan, s->jobs, &s->rules, s->now,
	    render_new, s, out);
	return 0;
}

/*
 * Rule 8 for the new text, in its temporary: ssh -G for the first entry
 * added or moved.  OpenSSH reads the whole file, so a file it rejects is
 * never installed, and a line before the block that wins over the
 * entries' shared values (a top-level User, Host *) is found.  One run,
 * not one per entry: a thousand runs of ssh -G would take seconds.
 */
static int
sync_verify(const struct verify_input *in, void *state)
{
	struct sync_state *s = state;
	struct verify_new vn;
	struct verify_result *res;
	struct main_copy mc;
	struct block_place bp;
	char why[PATH_LEN + 512], line[2048], hint[PATH_LEN + 128];
	size_t i;
	int rc = 0;

	if (s->verify_at == NULL)
		return 0;	/* only removals */
	memset(&bp, 0, sizeof(bp));
	if (verify_new_files(s->c->set.ssh, in, s->include, &vn, &mc, why,
	    sizeof(why)) != 0) {
		error_line("cannot check the new block through ~/.ssh/config: "
		    "%s; nothing written", why);
		return EXIT_FAIL;
	}
	vn.want.alias = s->verify_alias;
	vn.want.hostname = s->verify_at->host;
	vn.want.port = s->verify_at->port;
	vn.want.user = s->verify_at->user[0] != '\0' ? s->verify_at->user :
	    s->rules.default_user;
	vn.want.identity = s->identity;
	bp.block = "the block";
	res = xmalloc(sizeof(*res));
	if (verify_new_text(&vn, res, &bp, why, sizeof(why)) != 0) {
		error_line("%s", why);
		rc = EXIT_FAIL;
	} else if (res->status == VERIFY_REJECTED && res->already_rejected)
		warning("OpenSSH already rejects %s, before this change (%s): "
		    "the block is written but unchecked; fix that line",
		    s->include ? mc.main : in->path, res->already);
	else if (res->status == VERIFY_REJECTED ||
	    res->status == VERIFY_CANNOT_RUN) {
		error_line("cannot check the new block with ssh -G: %s; "
		    "nothing written", res->error);
		rc = EXIT_FAIL;
	} else if (res->status == VERIFY_MISMATCH) {
		for (i = 0; i < res->nmismatch; i++) {
			mismatch_describe(&res->mismatch[i], line,
			    sizeof(line));
			mismatch_hint(&res->mismatch[i], &bp, hint,
			    sizeof(hint));
			error_line("for %s, %s%s%s%s", s->verify_alias,
			    res->mismatch[i].kind == MISMATCH_VALUE ?
			    "ssh's " : "", line, hint[0] ? "; " : "", hint);
		}
		error_line("nothing written: fix the line named above, then "
		    "run ucjob sync again");
		rc = EXIT_FAIL;
	}
	free(res);
	main_copy_remove(&mc);
	return rc;
}

/* Rule 11 under the lock: an entry that is new, moved or gone stands for
 * another host now, so no stored key may be trusted for its alias. */
static void
sync_forget(void *state, int changed)
{
	struct sync_state *s = state;
	char why[1024];
	size_t i;

	if (!changed || s->known_hosts_abs[0] == '\0')
		return;
	for (i = 0; i < s->plan.n; i++)
		if (s->plan.v[i].action != SYNC_KEEP &&
		    s->plan.v[i].action != SYNC_HELD &&
		    known_hosts_forget(s->c->set.ssh_keygen,
		    s->known_hosts_abs, s->plan.v[i].alias, why,
		    sizeof(why)) != 0)
			warning("%s", why);
}

/* On a terminal: may the entries of jobs that are over go?  1 yes. */
static int
ask_remove(const struct sync_plan *plan)
{
	char answer[32];
	size_t i;

	for (i = 0; i < plan->n; i++)
		if (plan->v[i].action == SYNC_REMOVE)
			fprintf(stderr, "  %s\n", plan->v[i].alias);
	fprintf(stderr, "Remove %zu entr%s whose job is over, paused or gone? "
	    "[y/N] ", plan->nremove, plan->nremove == 1 ? "y" : "ies");
	fflush(stderr);
	if (fgets(answer, sizeof(answer), stdin) == NULL)
		return 0;
	return answer[0] == 'y' || answer[0] == 'Y';
}

static void
report(const struct sync_state *s, const char *path)
{
	const struct sync_change *ch;
	const struct endpoint *at;
	size_t i;

	for (i = 0; i < s->plan.n; i++) {
		ch = &s->plan.v[i];
		at = ch->job >= 0 ? &s->jobs[ch->job].at : NULL;
		switch (ch->action) {
		case SYNC_ADD:
		case SYNC_UPDATE:
			info("%s %s (job %s, %s port %d)", ch->action ==
			    SYNC_ADD ? "added" : "updated", ch->alias,
			    s->jobs[ch->job].id, at->host, at->port);
			break;
		case SYNC_REMOVE:
			info("removed %s", ch->alias);
			break;
		case SYNC_HELD:
			info("kept %s (its job is over; not removed)",
			    ch->alias);
			break;
		case SYNC_KEEP:
			break;
		}
	}
	if (s->plan.nadd + s->plan.nupdate + s->plan.nremove == 0)
		info("%s is up to date with your jobs", path);
}

int
cmd_sync(struct ctx *c, int argc, char **argv)
{
	static struct sync_state s;
	struct ucloud_jobs jobs;
	struct config_doc doc;
	char path[PATH_LEN], **pos, *data = NULL;
	size_t len;
	int npos, rc, include, changed, by_hand = 0;
	time_t now = time(NULL);

	memset(&s, 0, sizeof(s));
	memset(&jobs, 0, sizeof(jobs));
	s.c = c;
	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, sync_longopts,
	    sync_option, &s, &pos, &npos, NULL);
	if (rc == 0 && npos > 0)
		rc = usage_error(c->cmd, "unexpected '%s': sync takes every "
		    "job of the account", pos[0]);
	free(pos);
	if (rc != 0 || (rc = load_settings(c)) != 0 ||
	    (rc = entry_proto(c, &s)) != 0 ||
	    (rc = config_path(c, path, sizeof(path), &include)) != 0 ||
	    (include && (rc = main_config_readable()) != 0))
		return rc;
	s.include = include;
	(void)strftime(s.now, sizeof(s.now), "%Y-%m-%dT%H:%M:%SZ",
	    gmtime(&now));
	/* The config must be usable before the server is asked. */
	if ((rc = read_config(path, &data, &len, &doc)) != 0)
		return rc;
	if ((rc = jobs_fetch(c, &s, &jobs)) != 0)
		goto out;
	/* Ask before removing, outside the lock; the locked edit plans
	 * again on what it reads. */
	s.rules.allow_remove = 1;
	sync_plan_make(&doc, s.jobs, s.njobs, &s.rules, &s.plan);
	if (s.plan.nremove > 0 && !s.yes && !c->dry_run &&
	    isatty(STDIN_FILENO) && isatty(STDERR_FILENO))
		s.rules.allow_remove = ask_remove(&s.plan);
	rc = edit_config(c, path, &(struct edit){ sync_edit, sync_verify,
	    sync_forget, &s }, &changed);
	if (rc != 0 || c->dry_run)
		goto out;
	report(&s, path);
	if (include && changed)
		rc = main_config_include(c, path, &by_hand);
out:
	config_doc_free(&doc);
	free(data);
	sync_plan_free(&s.plan);
	free(s.jobs);
	ucloud_jobs_free(&jobs);
	return rc;
}
