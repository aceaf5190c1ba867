/*
 * cmd_jobs: `ucjob jobs [--json] [--all]`: the user's queued and running
 * jobs from the account, each with its SSH endpoint (read from the job's
 * status lines by endpoint.h) and whether the managed block has an entry
 * for it.  Read only.  Job names and status text come from the server:
 * they reach the terminal only without control characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "account.h"
#include "endpoint.h"
#include "http.h"
#include "msg.h"
#include "ucjob.h"
#include "sync_job.h"
#include "ucloud.h"
#include "xmalloc.h"

#define CELL_MAX	64

struct jobs_opts {
	int	json;
	int	all;
};

/* Where a job answers ssh, when its status lines say. */
struct job_endpoint {
	int		known;
	struct endpoint	at;
};

static const struct option jobs_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "json",	no_argument,	NULL, OPT_JSON },
	{ "all",	no_argument,	NULL, OPT_ALL },
	{ NULL, 0, NULL, 0 }
};

static int	jobs_option(struct ctx *, int, const char *, void *);
static void	job_endpoint_find(const struct ucloud_job *,
		    struct job_endpoint *);
static const char *entry_for(const struct config_doc *, const char *,
		    char *, size_t);
static void	cell(const char *, char *, size_t);

static int
jobs_option(struct ctx *c, int opt, const char *arg, void *state)
{
	struct jobs_opts *o = state;

	(void)arg;
	if (opt == OPT_JSON)
		o->json = 1;
	else if (opt == OPT_ALL)
		o->all = 1;
	else
		return usage_error(c->cmd, "unexpected option");
	return 0;
}

/*
 * The job's SSH endpoint from its updates (endpoint.h).  A status line
 * that would name one but is refused is said on stderr, once per job.
 */
static void
job_endpoint_find(const struct ucloud_job *job, struct job_endpoint *ep)
{
	char why[512];

	memset(ep, 0, sizeof(*ep));
	switch (sync_job_endpoint(job, &ep->at, why, sizeof(why))) {
	case 1:
		ep->known = 1;
		break;
	case -1:
		warning("job %s: status text rejected: %s", job->id, why);
		break;
	default:
		break;
	}
}

/* The alias of the block's entry for job id (into out), or NULL. */
static const char *
entry_for(const struct config_doc *doc, const char *id, char *out,
    size_t len)
{
	const struct entry_view *e;
	size_t i;

	for (i = 0; doc != NULL && i < doc->nentries; i++) {
		e = &doc->entries[i];
		if (e->job.len == strlen(id) &&
		    memcmp(doc->text + e->job.off, id, e->job.len) == 0) {
			span_copy(doc, e->alias, out, len);
			return out;
		}
	}
	return NULL;
}

/* A table cell: no control characters, no blanks, at most CELL_MAX. */
static void
cell(const char *s, char *out, size_t len)
{
	size_t i;

	if (s == NULL || *s == '\0') {
		(void)snprintf(out, len, "-");
		return;
	}
	http_sanitize(s, strlen(s), out, len < CELL_MAX ? len : CELL_MAX);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == ' ')
			out[i] = '_';
}

static void
print_table(const struct ucloud_jobs *jobs, const struct job_endpoint *eps,
    const struct config_doc *doc)
{
	char id[CELL_MAX], name[CELL_MAX], app[CELL_MAX], ep[CELL_MAX * 4];
	char when[64], alias[256];
	size_t i;

	printf("%-10s %-20s %-20s %-9s %-32s %-20s %s\n", "ID", "NAME",
	    "APPLICATION", "STATE", "SSH", "EXPIRES", "ENTRY");
	for (i = 0; i < jobs->n; i++) {
		cell(jobs->v[i].id, id, sizeof(id));
		cell(jobs->v[i].name, name, sizeof(name));
		cell(jobs->v[i].application, app, sizeof(app));
		if (eps[i].known)
			(void)snprintf(ep, sizeof(ep), "%s%s%s:%d",
			    eps[i].at.user, eps[i].at.user[0] ? "@" : "",
			    eps[i].at.host, eps[i].at.port);
		else
			(void)snprintf(ep, sizeof(ep), "-");
		account_time(jobs->v[i].expires, when, sizeof(when));
		printf("%-10s %-20s %-20s %-9s %-32s %-20s %s\n", id, name, app,
		    jobs->v[i].state, ep, when, entry_for(doc, jobs->v[i].id,
		    alias, sizeof(alias)) ? alias : "-");
	}
}

static int
print_json(const struct ucloud_jobs *jobs, const struct job_endpoint *eps,
    const struct config_doc *doc)
{
	json_t *arr = json_array(), *o, *ep;
	char alias[256];
	const char *a;
	size_t i;
	int rc;

	for (i = 0; i < jobs->n; i++) {
		ep = json_null();
		if (eps[i].known)
			ep = json_pack("{s:s?, s:s, s:i}", "user",
			    eps[i].at.user[0] ? eps[i].at.user : NULL,
			    "host", eps[i].at.host, "port", eps[i].at.port);
		a = entry_for(doc, jobs->v[i].id, alias, sizeof(alias));
		o = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:o, s:o, s:s?}",
		    "id", jobs->v[i].id, "name", jobs->v[i].name,
		    "application", jobs->v[i].application,
		    "state", jobs->v[i].state,
		    "created_by", jobs->v[i].created_by,
		    "ssh", ep,
		    "expires", jobs->v[i].expires >= 0 ?
		    json_integer(jobs->v[i].expires) : json_null(),
		    "entry", a);
		if (o == NULL) {
			json_decref(arr);
			return -1;
		}
		json_array_append_new(arr, o);
	}
	rc = json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	putchar('\n');
	json_decref(arr);
	return rc;
}

int
cmd_jobs(struct ctx *c, int argc, char **argv)
{
	struct jobs_opts o = { 0, 0 };
	struct account a;
	struct ucloud_identity id;
	struct ucloud_jobs jobs;
	struct job_endpoint *eps;
	struct config_doc doc, *docp = NULL;
	char why[1024], path[PATH_LEN], **pos, *data = NULL;
	size_t len, i;
	int npos, rc, include;

	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, jobs_longopts,
	    jobs_option, &o, &pos, &npos, NULL);
	if (rc == 0 && npos > 0)
		rc = usage_error(c->cmd, "unexpected '%s'", pos[0]);
	free(pos);
	if (rc != 0 || (rc = load_settings(c)) != 0 ||
	    (rc = config_path(c, path, sizeof(path), &include)) != 0)
		return rc;
	if ((rc = read_config(path, &data, &len, &doc)) != 0)
		return rc;
	docp = &doc;
	if ((rc = account_open(c, &a)) != 0)
		goto out;
	memset(&id, 0, sizeof(id));
	if (!o.all && (rc = account_identity(&a, &id)) != 0)
		goto close;
	if (!o.all && !id.identified) {
		notice("the token is not among the account's API tokens, so "
		    "its owner is unknown: listing every job of its workspace");
		o.all = 1;
	}
	if (ucloud_jobs_active(&a.http, o.all ? NULL : id.user, &jobs, why,
	    sizeof(why)) != 0) {
		rc = account_fail(why);
		goto close;
	}
	eps = xcalloc(jobs.n + 1, sizeof(*eps));
	for (i = 0; i < jobs.n; i++)
		job_endpoint_find(&jobs.v[i], &eps[i]);
	if (o.json) {
		if (print_json(&jobs, eps, docp) != 0)
			rc = account_fail("cannot print the jobs as JSON");
	} else if (jobs.n == 0)
		notice("no queued or running jobs%s", o.all ? "" :
		    " of yours (--all: every job of the workspace)");
	else
		print_table(&jobs, eps, docp);
	free(eps);
	ucloud_jobs_free(&jobs);
close:
	account_close(&a);
out:
	config_doc_free(&doc);
	free(data);
	if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
		error_line("cannot write the jobs");
		rc = EXIT_FAIL;
	}
	return rc;
}
