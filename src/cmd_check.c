/*
 * cmd_check: `ucjob check` (does ssh see each entry as written; with
 * --connect, can it log in) and `ucjob prune` (remove the entries whose
 * job is gone).  check never writes; prune writes only after a yes on the
 * terminal or --yes, and never with --dry-run.
 *
 * Both probe every entry side by side (sshprobe's banner probes, and a
 * bounded number of ssh runs at a time, jobcheck.h), show progress on a
 * terminal and report in the entries' order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "jobcheck.h"
#include "json.h"
#include "knownhosts.h"
#include "msg.h"
#include "paths.h"
#include "secret.h"
#include "sshprobe.h"
#include "ucjob.h"
#include "validate.h"
#include "xmalloc.h"

#define TIMEOUT_MAX	600

struct check_state {
	int	connect;
	int	json;
	int	timeout;
	int	yes;
};

/* One entry's outcome. */
struct outcome {
	char			alias[256];
	struct verify_result	v;
	int			connected;	/* a connection was tried */
	struct jobcheck_conn	c;
	int			ok;
};

/* "n of N done" on a terminal, rewritten in place. */
struct progress {
	const char	*what;
	size_t		 done;
	size_t		 total;
	int		 shown;
};

static const struct option check_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "connect",	no_argument,		NULL, OPT_CONNECT },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 }
};

static const struct option prune_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "yes",	no_argument,		NULL, OPT_YES },
	{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 }
};

static int
check_option(struct ctx *c, int opt, const char *arg, void *state)
{
	struct check_state *s = state;
	char *end;
	long v;

	switch (opt) {
	case OPT_CONNECT:
		s->connect = 1;
		return 0;
	case OPT_JSON:
		s->json = 1;
		return 0;
	case OPT_YES:
		s->yes = 1;
		return 0;
	case OPT_TIMEOUT:
		v = strtol(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || *end != '\0' || v < 1 ||
		    v > TIMEOUT_MAX)
			return usage_error(c->cmd, "invalid timeout '%s': "
			    "expected seconds from 1 to %d", arg, TIMEOUT_MAX);
		s->timeout = (int)v;
		return 0;
	}
	return usage_error(c->cmd, "unexpected option");
}

static void
print_jstring(const char *s)
{
	struct buf b = { 0 };

	json_quote(&b, s, s != NULL ? strlen(s) : 0);
	fputs(b.data, stdout);
	buf_free(&b);
}

static const char *
config_word(enum verify_status st)
{
	switch (st) {
	case VERIFY_OK:
		return "ok";
	case VERIFY_MISMATCH:
		return "shadowed";
	case VERIFY_REJECTED:
		return "rejected";
	case VERIFY_CANNOT_RUN:
		break;
	}
	return "error";
}

static void
print_json(const struct outcome *o, int first)
{
	const struct mismatch *m;
	size_t i;

	printf("%s\n  {\"alias\": ", first ? "" : ",");
	print_jstring(o->alias);
	printf(", \"ok\": %s, \"config\": \"%s\", \"problems\": [",
	    o->ok ? "true" : "false", config_word(o->v.status));
	for (i = 0; i < o->v.nmismatch; i++) {
		m = &o->v.mismatch[i];
		printf("%s{\"option\": \"%s\", \"note\": %s, \"expected\": ",
		    i ? ", " : "", m->keyword, mismatch_is_note(m) ? "true" :
		    "false");
		print_jstring(m->want);
		fputs(", \"actual\": ", stdout);
		print_jstring(m->got);
		fputs(", \"file\": ", stdout);
		print_jstring(m->placed ? m->hit.file : NULL);
		if (m->placed)
			printf(", \"line\": %lu, \"text\": ", m->hit.line);
		else
			fputs(", \"line\": null, \"text\": ", stdout);
		print_jstring(m->placed ? m->hit.text : NULL);
		putchar('}');
	}
	fputs("], \"error\": ", stdout);
	print_jstring(o->v.status == VERIFY_REJECTED ||
	    o->v.status == VERIFY_CANNOT_RUN ? o->v.error : NULL);
	fputs(", \"connect\": ", stdout);
	print_jstring(o->connected ? connect_result_name(o->c.result) : NULL);
	fputs(", \"connect_error\": ", stdout);
	print_jstring(o->connected && o->c.detail[0] ? o->c.detail : NULL);
	putchar('}');
}

/* One line: "ok   ALIAS[: reachable]" or "fail ALIAS: what; what". */
static void
print_line(const struct outcome *o)
{
	char what[2048];
	const char *sep = ": ", *hint;
	size_t i;

	printf("%-4s %s", o->ok ? "ok" : "fail", o->alias);
	for (i = 0; i < o->v.nmismatch; i++) {
		mismatch_describe(&o->v.mismatch[i], what, sizeof(what));
		printf("%s%s", sep, what);
		sep = "; ";
	}
	if (o->v.status == VERIFY_REJECTED) {
		printf("%sOpenSSH rejects the config: %s", sep, o->v.error);
		sep = "; ";
	} else if (o->v.status == VERIFY_CANNOT_RUN) {
		printf("%scannot run ssh -G: %s", sep, o->v.error);
		sep = "; ";
	}
	if (o->connected) {
		printf("%s%s", sep, connect_result_name(o->c.result));
		if (o->c.detail[0] != '\0')
			printf(" (%s)", o->c.detail);
		hint = connect_result_hint(o->c.result);
		if (hint[0] != '\0')
			printf(": %s", hint);
		if ((o->c.result == CONNECT_AUTH_REFUSED ||
		    o->c.result == CONNECT_KEY_LOCKED) &&
		    o->c.offered[0] != '\0')
			printf(" (ssh offered: %s)", o->c.offered);
		else if (o->c.result == CONNECT_AUTH_REFUSED ||
		    o->c.result == CONNECT_KEY_LOCKED)
			fputs(" (ssh offered no key)", stdout);
	}
	putchar('\n');
}

static void
progress_step(struct progress *pr)
{
	pr->done++;
	if (msg_quiet || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\rucjob: %s: %zu of %zu done", pr->what, pr->done,
	    pr->total);
	fflush(stderr);
	pr->shown = 1;
}

static void
progress_end(struct progress *pr)
{
	if (pr->shown)
		fputs("\r\033[K", stderr);
	pr->shown = 0;
}

static void
progress_conn(size_t i, void *arg)
{
	(void)i;
	progress_step(arg);
}

static void
progress_probe(size_t i, const struct sshprobe_result *r, void *arg)
{
	(void)i;
	(void)r;
	progress_step(arg);
}

/* Connect to the entries of o[0..n-1] marked connected. */
static void
connect_all(const struct jobcheck *jc, struct outcome *o, size_t n,
    int timeout)
{
	struct jobcheck_conn *conns;
	struct progress pr = { "connecting", 0, 0, 0 };
	size_t *at, i, k = 0;

	conns = xcalloc(n + 1, sizeof(*conns));
	at = xcalloc(n + 1, sizeof(*at));
	for (i = 0; i < n; i++) {
		if (!o[i].connected)
			continue;
		snprintf(conns[k].alias, sizeof(conns[k].alias), "%s",
		    o[i].alias);
		at[k++] = i;
	}
	pr.total = k;
	jobcheck_connect_many(jc, conns, k, timeout, progress_conn, &pr);
	progress_end(&pr);
	for (i = 0; i < k; i++)
		o[at[i]].c = conns[i];
	free(at);
	free(conns);
}

int
cmd_check(struct ctx *c, int argc, char **argv)
{
	struct check_state s;
	struct jobcheck jc;
	struct outcome *o;
	char **pos, *pick;
	size_t i, n = 0;
	long k;
	int npos, rc, failed = 0;

	memset(&s, 0, sizeof(s));
	s.timeout = CONNECT_TIMEOUT_DEFAULT;
	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, check_longopts,
	    check_option, &s, &pos, &npos, NULL);
	if (rc != 0 || (rc = jobcheck_open(c, &jc)) != 0) {
		free(pos);
		return rc;
	}
	pick = xcalloc(jc.doc.nentries + 1, 1);
	o = xcalloc(jc.doc.nentries + 1, sizeof(*o));
	for (i = 0; i < (size_t)npos; i++) {
		if ((k = resolve_entry(&jc.doc, pos[i], jc.path)) < 0) {
			rc = EXIT_USAGE;
			goto out;
		}
		pick[k] = 1;
	}
	if (npos == 0)
		memset(pick, 1, jc.doc.nentries);
	if (jc.doc.nentries == 0 && !s.json)
		notice("no jobs registered in %s", jc.path);
	for (i = 0; i < jc.doc.nentries; i++) {
		if (!pick[i])
			continue;
		jobcheck_alias(&jc, i, o[n].alias, sizeof(o[n].alias));
		(void)jobcheck_verify(&jc, i, &o[n].v);
		o[n].connected = s.connect &&
		    o[n].v.status != VERIFY_REJECTED &&
		    o[n].v.status != VERIFY_CANNOT_RUN;
		n++;
	}
	if (s.connect)
		connect_all(&jc, o, n, s.timeout);
	if (s.json)
		putchar('[');
	for (i = 0; i < n; i++) {
		o[i].ok = o[i].v.status == VERIFY_OK && (!o[i].connected ||
		    o[i].c.result == CONNECT_REACHABLE);
		failed |= !o[i].ok;
		if (s.json)
			print_json(&o[i], i == 0);
		else
			print_line(&o[i]);
	}
	if (s.json)
		fputs(n ? "\n]\n" : "]\n", stdout);
	rc = failed ? EXIT_FAIL : 0;
out:
	free(o);
	free(pick);
	free(pos);
	jobcheck_close(&jc);
	return rc;
}

struct prune_state {
	char		**aliases;	/* the entries to remove */
	size_t		  n;
	char		**removed;
	size_t		  nremoved;
	const char	 *ssh_keygen;
	const char	 *known_hosts;	/* ~ expanded, or NULL */
};

/* Remove the gone entries that are still there under the lock. */
static int
prune_edit(const struct config_doc *doc, void *state, struct buf *out)
{
	struct prune_state *p = state;
	const struct entry_view *e;
	char *remove;
	size_t i;

	remove = xcalloc(doc->nentries + 1, 1);
	p->nremoved = 0;
	for (i = 0; i < p->n; i++) {
		if ((e = config_find(doc, p->aliases[i],
		    strlen(p->aliases[i]))) == NULL)
			continue;
		remove[e - doc->entries] = 1;
		p->removed[p->nremoved++] = p->aliases[i];
	}
	config_remove(doc, remove, out);
	free(remove);
	return 0;
}

/* Rule 11, under the config lock as in rm: forget the removed keys. */
static void
prune_forget(void *state, int changed)
{
	struct prune_state *p = state;
	char why[1024];
	size_t i;

	(void)changed;
	for (i = 0; i < p->nremoved; i++)
		if (known_hosts_forget(p->ssh_keygen, p->known_hosts,
		    p->removed[i], why, sizeof(why)) != 0)
			warning("%s", why);
}

/* Ask on the terminal; 1 for yes. */
static int
ask_yes(size_t n)
{
	char answer[32];

	fprintf(stderr, "Remove %zu entr%s whose job is gone? [y/N] ", n,
	    n == 1 ? "y" : "ies");
	fflush(stderr);
	if (fgets(answer, sizeof(answer), stdin) == NULL)
		return 0;
	return answer[0] == 'y' || answer[0] == 'Y';
}

static int
prune_remove(struct ctx *c, const struct jobcheck *jc, struct prune_state *p)
{
	char kh[PATH_LEN];
	size_t i;
	int rc, changed;

	p->removed = xcalloc(p->n + 1, sizeof(char *));
	p->ssh_keygen = c->set.ssh_keygen;
	if (path_expand(c->set.known_hosts, kh, sizeof(kh)) == 0)
		p->known_hosts = kh;
	if ((rc = edit_config(c, jc->path, &(struct edit){ prune_edit,
	    NULL, p->known_hosts ? prune_forget : NULL, p }, &changed)) != 0)
		return rc;
	for (i = 0; i < p->nremoved && !c->dry_run; i++)
		info("removed %s", p->removed[i]);
	return 0;
}

/* Whether a banner probe alone tells the job gone (1), alive (0) or
 * leaves it to ssh (-1): a proxy or an odd answer needs ssh's view. */
static int
probe_says_gone(enum sshprobe_status st)
{
	switch (st) {
	case SSHPROBE_READY:
		return 0;
	case SSHPROBE_REFUSED:
	case SSHPROBE_TIMEOUT:
	case SSHPROBE_SILENT:
		return 1;
	default:
		return -1;
	}
}

/* Whether a state UCloud gives a job means its SSH endpoint is over. */
static int
state_is_over(const char *state)
{
	return strcmp(state, "IN_QUEUE") != 0 &&
	    strcmp(state, "RUNNING") != 0 && strcmp(state, "CANCELING") != 0;
}

/*
 * The verdict on a job the workspace does not list as queued or running:
 * 1 when retrieving it shows it ended or suspended, -1 (the probes
 * decide) when it cannot be retrieved: UCloud answers "not found" for
 * another workspace's job as for a job that never was.
 */
static int
prune_retrieve(struct account *a, const char *id, char *detail, size_t len)
{
	struct ucloud_job job;
	char why[1024];
	int v;

	if (ucloud_job_retrieve(&a->http, id, &job, why, sizeof(why)) != 0 ||
	    strcmp(job.id, id) != 0) {
		if (job.id != NULL) {
			(void)snprintf(why, sizeof(why), "UCloud answered "
			    "with another job");
			ucloud_job_free(&job);
		}
		debug("job %s: %s; the probes decide", id, why);
		return -1;
	}
	v = state_is_over(job.state) ? 1 : 0;
	(void)snprintf(detail, len, "UCloud shows job %s as %s", id,
	    job.state);
	ucloud_job_free(&job);
	return v;
}

/*
 * With a token, ask the account about the entries that name a job:
 * verdict[i] becomes 0 for a job that is queued or running (never
 * pruned, not even probed) and 1 for one UCloud shows ended or suspended
 * (pruned without a connection).  A job the account cannot retrieve
 * (another workspace's, or an unknown one), every job without a token,
 * and all of them when the call fails (a warning then) stay -1: the
 * probes decide.
 */
static void
prune_account(struct ctx *c, const struct jobcheck *jc, signed char *verdict,
    struct outcome *o)
{
	struct account a;
	struct ucloud_jobs jobs;
	const struct entry_view *e;
	char why[1024], id[64], token[CRED_TOKEN_MAX];
	const char *env = getenv("UCJOB_TOKEN");
	long long expires;
	size_t i, k;
	int any = 0;

	for (i = 0; i < jc->doc.nentries; i++)
		any |= jc->doc.entries[i].job.len > 0;
	if (!any)
		return;
	if (env == NULL || *env == '\0') {
		if (account_setup(c, &a) != 0 || credentials_read(a.cred_path,
		    a.site, token, sizeof(token), &expires, why,
		    sizeof(why)) != 1) {
			secret_wipe(token, sizeof(token));
			account_close(&a);
			debug("no UCloud token: the probes decide");
			return;
		}
		secret_wipe(token, sizeof(token));
		account_close(&a);
	}
	if (account_open(c, &a) != 0) {
		warning("cannot ask UCloud about the jobs; the probes decide");
		return;
	}
	if (ucloud_jobs_active(&a.http, NULL, &jobs, why, sizeof(why)) != 0) {
		warning("%s; the probes decide", why);
		account_close(&a);
		return;
	}
	for (i = 0; i < jc->doc.nentries; i++) {
		e = &jc->doc.entries[i];
		if (e->job.len == 0)
			continue;
		span_copy(&jc->doc, e->job, id, sizeof(id));
		for (k = 0; k < jobs.n; k++)
			if (strcmp(jobs.v[k].id, id) == 0)
				verdict[i] = 0;
		if (verdict[i] == 0)
			snprintf(o[i].c.detail, sizeof(o[i].c.detail),
			    "UCloud lists job %s as queued or running", id);
		else
			verdict[i] = (signed char)prune_retrieve(&a, id,
			    o[i].c.detail, sizeof(o[i].c.detail));
	}
	ucloud_jobs_free(&jobs);
	account_close(&a);
}

/*
 * Decide for every entry whether its job is gone, into gone[] (with why
 * in o[].c): banner probes for all side by side first, then ssh for the
 * entries the probe cannot judge.
 */
static void
prune_probe(const struct jobcheck *jc, int timeout, struct outcome *o,
    const signed char *verdict, char *gone)
{
	const struct entry_view *e;
	struct sshprobe_target *t;
	struct sshprobe_result *r;
	struct sshprobe_options po;
	struct progress pr = { "probing", 0, 0, 0 };
	char (*host)[256], port[16];
	size_t i, k, m = 0, n = jc->doc.nentries, *at;
	int v;

	t = xcalloc(n + 1, sizeof(*t));
	r = xcalloc(n + 1, sizeof(*r));
	host = xcalloc(n + 1, sizeof(*host));
	at = xcalloc(n + 1, sizeof(*at));
	for (i = 0; i < n; i++) {
		if (verdict[i] != -1) {
			gone[i] = verdict[i];
			continue;
		}
		e = &jc->doc.entries[i];
		span_copy(&jc->doc, e->hostname, host[m], sizeof(host[m]));
		span_copy(&jc->doc, e->port, port, sizeof(port));
		t[m].host = host[m];
		t[m].port = atoi(port);
		at[m++] = i;
	}
	memset(&po, 0, sizeof(po));
	po.connect_timeout_ms = timeout * 1000;
	po.read_timeout_ms = timeout * 1000;
	po.done = progress_probe;
	po.arg = &pr;
	pr.total = m;
	(void)sshprobe_many(t, m, &po, r);
	progress_end(&pr);
	for (k = 0; k < m; k++) {
		i = at[k];
		v = probe_says_gone(r[k].status);
		debug("%s: %s:%d: %s", o[i].alias, t[k].host, t[k].port,
		    r[k].reason);
		o[i].connected = v == -1;
		gone[i] = v == 1;
		o[i].c.result = r[k].status == SSHPROBE_REFUSED ?
		    CONNECT_REFUSED : v == 1 ? CONNECT_TIMED_OUT :
		    CONNECT_REACHABLE;
		snprintf(o[i].c.detail, sizeof(o[i].c.detail), "%s:%d: %s",
		    t[k].host, t[k].port, r[k].reason);
	}
	connect_all(jc, o, n, timeout);
	for (i = 0; i < n; i++)
		if (o[i].connected)
			gone[i] = connect_result_gone(o[i].c.result);
	free(at);
	free(host);
	free(r);
	free(t);
}

int
cmd_prune(struct ctx *c, int argc, char **argv)
{
	struct check_state s;
	struct prune_state p;
	struct jobcheck jc;
	struct outcome *o;
	char **pos, *gone;
	signed char *verdict;
	size_t i;
	int npos, rc;

	memset(&s, 0, sizeof(s));
	memset(&p, 0, sizeof(p));
	s.timeout = CONNECT_TIMEOUT_DEFAULT;
	s.connect = 1;
	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, prune_longopts,
	    check_option, &s, &pos, &npos, NULL);
	if (rc == 0 && npos > 0)
		rc = usage_error(c->cmd, "unexpected '%s': prune checks every "
		    "entry", pos[0]);
	free(pos);
	if (rc == 0 && !s.yes && !c->dry_run && !isatty(STDIN_FILENO))
		rc = usage_error(c->cmd, "standard input is not a terminal "
		    "to ask on; pass --yes to remove without asking, or "
		    "--dry-run to list");
	if (rc != 0 || (rc = jobcheck_open(c, &jc)) != 0)
		return rc;
	o = xcalloc(jc.doc.nentries + 1, sizeof(*o));
	gone = xcalloc(jc.doc.nentries + 1, 1);
	verdict = xcalloc(jc.doc.nentries + 1, 1);
	p.aliases = xcalloc(jc.doc.nentries + 1, sizeof(char *));
	for (i = 0; i < jc.doc.nentries; i++) {
		jobcheck_alias(&jc, i, o[i].alias, sizeof(o[i].alias));
		verdict[i] = -1;
	}
	prune_account(c, &jc, verdict, o);
	prune_probe(&jc, s.timeout, o, verdict, gone);
	for (i = 0; i < jc.doc.nentries; i++) {
		if (!gone[i]) {
			debug("%s: kept: %s", o[i].alias, verdict[i] == 0 ?
			    o[i].c.detail : connect_result_name(o[i].c.result));
			continue;
		}
		info("%s: %s%s%s%s", o[i].alias, verdict[i] == 1 ?
		    "job gone" : connect_result_name(o[i].c.result),
		    o[i].c.detail[0] ? " (" : "", o[i].c.detail,
		    o[i].c.detail[0] ? ")" : "");
		p.aliases[p.n++] = xstrdup(o[i].alias);
	}
	if (p.n == 0)
		info("no entry to prune in %s", jc.path);
	else if (c->dry_run) {
		info("%zu entr%s would be removed (--dry-run)", p.n,
		    p.n == 1 ? "y" : "ies");
		rc = prune_remove(c, &jc, &p);
	} else if (!s.yes && !ask_yes(p.n))
		info("nothing removed");
	else
		rc = prune_remove(c, &jc, &p);
	for (i = 0; i < p.n; i++)
		free(p.aliases[i]);
	free(p.aliases);
	free(p.removed);
	free(verdict);
	free(gone);
	free(o);
	jobcheck_close(&jc);
	return rc;
}
