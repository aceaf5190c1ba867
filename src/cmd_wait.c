/*
 * cmd_wait: `ucjob wait JOB|ALIAS|PORT [--timeout DUR] [--login]`, and
 * the waiting of `add --job ID` and `add --wait`.  With a token and a
 * job id it polls the job (backing off from 2 s to 10 s) until it runs
 * with an SSH endpoint, and stops at once when the job ends; then it
 * probes the endpoint (sshprobe.h) until it answers with an SSH banner;
 * with --login it logs in once with ssh -o BatchMode=yes and explains a
 * refusal with check --connect's classifier (jobcheck.h).  A progress
 * line is kept up to date on a terminal; nothing is printed otherwise.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef _WIN32
#include <windows.h>
#endif

#include "account.h"
#include "atomicfile.h"
#include "jobcheck.h"
#include "msg.h"
#include "pasted.h"
#include "paths.h"
#include "sshprobe.h"
#include "sync.h"
#include "sync_job.h"
#include "ucjob.h"
#include "validate.h"
#include "xmalloc.h"

#define POLL_MIN_MS	2000
#define POLL_MAX_MS	10000
#define PROBE_EVERY_MS	250
#define CONNECT_MS	1000
#define BANNER_MS	2000
#define LOGIN_TIMEOUT_S	10
/* Hidden, for the tests only: "POLL_MIN,POLL_MAX,PROBE" in ms. */
#define TEST_INTERVALS	"UCJOB_TEST_WAIT_MS"

struct waiter {
	struct ctx	*c;
	struct account	 a;
	int		 have_account;
	char		 job[64];	/* "" when unknown */
	char		 alias[SYNC_ALIAS_MAX];	/* "" when no entry */
	char		 name[SYNC_ALIAS_MAX];	/* the job's name as an alias */
	char		 identity[PATH_LEN];	/* the entry's, or "" */
	struct endpoint	 at;
	int		 have_at;
	long long	 started;	/* the job's start (ms), or -1 */
	uint64_t	 start_ms, deadline_ms;
	long		 poll_min, poll_max, probe_every;
	int		 progress;	/* a terminal to draw on */
	size_t		 drawn;		/* width of the progress line */
};

static const struct option wait_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
	{ "login",	no_argument,		NULL, OPT_LOGIN },
	{ NULL, 0, NULL, 0 }
};

static int	wait_option(struct ctx *, int, const char *, void *);
static void	sleep_ms(long);
static void	progress(struct waiter *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	progress_clear(struct waiter *);
static int	waiter_init(struct ctx *, struct waiter *,
		    const struct wait_opts *);
static int	token_available(struct ctx *);
static int	poll_job(struct waiter *, int *);
static int	wait_endpoint(struct waiter *);
static int	wait_banner(struct waiter *);
static int	login(struct waiter *);
static void	entry_of(const struct config_doc *, size_t, struct waiter *);
static int	resolve(struct ctx *, const char *, struct waiter *);
static int	alias_held_by_other(struct ctx *, const char *, const char *);

static int
wait_option(struct ctx *c, int opt, const char *arg, void *state)
{
	struct wait_opts *o = state;

	switch (opt) {
	case OPT_TIMEOUT:
		if (sync_duration_parse(arg, &o->timeout_ms) != 0)
			return usage_error(c->cmd, "invalid duration '%s': "
			    "expected seconds (90, 90s), minutes (5m) or "
			    "hours (1h)", arg);
		return 0;
	case OPT_LOGIN:
		o->login = 1;
		return 0;
	}
	return usage_error(c->cmd, "unexpected option");
}

static void
sleep_ms(long ms)
{
#ifdef _WIN32
	Sleep((DWORD)ms);
#else
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	(void)nanosleep(&ts, NULL);
#endif
}

/* One line on the terminal, redrawn in place: what is awaited and for
 * how long. */
static void
progress(struct waiter *w, const char *fmt, ...)
{
	char line[512];
	unsigned long s;
	va_list ap;
	size_t n;
	int k;

	if (!w->progress)
		return;
	va_start(ap, fmt);
	k = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = k < 0 ? 0 : strlen(line);
	s = (unsigned long)((sshprobe_clock_ms() - w->start_ms) / 1000);
	(void)snprintf(line + n, sizeof(line) - n, ", %lu:%02lu", s / 60,
	    s % 60);
	fputc('\r', stderr);
	put_visible_n(line, strlen(line), stderr);
	for (; w->drawn > strlen(line); w->drawn--)
		fputc(' ', stderr);
	w->drawn = strlen(line);
	fflush(stderr);
}

static void
progress_clear(struct waiter *w)
{
	if (!w->progress || w->drawn == 0)
		return;
	fprintf(stderr, "\r%*s\r", (int)w->drawn, "");
	fflush(stderr);
	w->drawn = 0;
}

static int
waiter_init(struct ctx *c, struct waiter *w, const struct wait_opts *o)
{
	const char *env = getenv(TEST_INTERVALS);
	long long timeout = o->timeout_ms > 0 ? o->timeout_ms :
	    WAIT_TIMEOUT_DEFAULT_MS;

	memset(w, 0, sizeof(*w));
	w->c = c;
	w->started = -1;
	w->poll_min = POLL_MIN_MS;
	w->poll_max = POLL_MAX_MS;
	w->probe_every = PROBE_EVERY_MS;
	if (env != NULL && (sscanf(env, "%ld,%ld,%ld", &w->poll_min,
	    &w->poll_max, &w->probe_every) != 3 || w->poll_min <= 0 ||
	    w->poll_max < w->poll_min || w->probe_every <= 0))
		return usage_error(c->cmd, "%s: expected MIN,MAX,PROBE",
		    TEST_INTERVALS);
	w->start_ms = sshprobe_clock_ms();
	w->deadline_ms = w->start_ms + (uint64_t)timeout;
	w->progress = !msg_quiet && isatty(STDERR_FILENO);
	return 0;
}

/* Whether a token is there to use, asking nothing and printing
 * nothing: UCJOB_TOKEN or the credentials file. */
static int
token_available(struct ctx *c)
{
	struct account a;
	char token[CRED_TOKEN_MAX], why[512];
	const char *env = getenv("UCJOB_TOKEN");
	long long expires;
	int rc;

	if (env != NULL && *env != '\0')
		return 1;
	if (account_setup(c, &a) != 0)
		return 0;
	rc = credentials_read(a.cred_path, a.site, token, sizeof(token),
	    &expires, why, sizeof(why));
	memset(token, 0, sizeof(token));
	return rc == 1;
}

/*
 * Ask for the job once: *ready is set when it runs with an endpoint
 * (w->at then holds it).  EXIT_FAIL after saying why when it ended or
 * cannot be read.
 */
static int
poll_job(struct waiter *w, int *ready)
{
	struct ucloud_job job;
	struct endpoint at;
	char why[1024], state[32];
	int rc, has, transient;

	*ready = 0;
	if (sync_job_retrieve(&w->a.http, w->job, &job, &transient, why,
	    sizeof(why)) != 0) {
		if (transient) {
			/* A gateway hiccup should not end a long wait. */
			debug("%s; asking again", why);
			progress(w, "waiting for job %s (the server did not "
			    "answer)", w->job);
			return 0;
		}
		progress_clear(w);
		return account_fail(why);
	}
	(void)snprintf(state, sizeof(state), "%s", job.state);
	has = sync_job_endpoint(&job, &at, why, sizeof(why));
	w->started = sync_job_started(&job);
	if (job.name != NULL)
		sync_alias_from_name(job.name, w->name, sizeof(w->name));
	ucloud_job_free(&job);
	rc = 0;
	if (sync_job_final(state)) {
		progress_clear(w);
		error_line("job %s has ended (%s)", w->job, state);
		rc = EXIT_FAIL;
	} else if (has < 0) {
		progress_clear(w);
		error_line("job %s: status text rejected: %s", w->job, why);
		rc = EXIT_FAIL;
	} else if (has == 1 && strcmp(state, "RUNNING") == 0) {
		if (w->have_at && (w->at.port != at.port ||
		    strcmp(w->at.host, at.host) != 0))
			warning("%s points to %s port %d, but job %s is now at "
			    "%s port %d: run ucjob sync", w->alias, w->at.host,
			    w->at.port, w->job, at.host, at.port);
		w->at = at;
		w->have_at = 1;
		*ready = 1;
	} else
		progress(w, "waiting for job %s to run with SSH (%s)", w->job,
		    state);
	return rc;
}

/* Phase one: the job runs and names its endpoint. */
static int
wait_endpoint(struct waiter *w)
{
	long interval = 0;
	int rc, ready;

	for (;;) {
		if ((rc = poll_job(w, &ready)) != 0 || ready)
			return rc;
		interval = sync_backoff_next(interval, w->poll_min,
		    w->poll_max);
		if (sshprobe_clock_ms() + (uint64_t)interval >= w->deadline_ms) {
			progress_clear(w);
			error_line("timed out: job %s does not run with an SSH "
			    "endpoint yet", w->job);
			return EXIT_FAIL;
		}
		sleep_ms(interval);
	}
}

/* Phase two: the endpoint answers "SSH-2.0-".  The job is asked again
 * now and then, to stop at once when it ends. */
static int
wait_banner(struct waiter *w)
{
	struct sshprobe_result res;
	uint64_t next_poll, now;
	long interval = w->poll_min;
	int rc, ready;

	next_poll = sshprobe_clock_ms() + (uint64_t)interval;
	for (;;) {
		if (sshprobe_one(w->at.host, w->at.port, CONNECT_MS, BANNER_MS,
		    &res) == SSHPROBE_READY) {
			progress_clear(w);
			debug("%s port %d answered: %s", w->at.host, w->at.port,
			    res.banner);
			return 0;
		}
		progress(w, "waiting for %s port %d to answer SSH (%s)",
		    w->at.host, w->at.port, sshprobe_status_name(res.status));
		now = sshprobe_clock_ms();
		if (now + (uint64_t)w->probe_every >= w->deadline_ms) {
			progress_clear(w);
			error_line("timed out: %s port %d: %s", w->at.host,
			    w->at.port, res.reason);
			return EXIT_FAIL;
		}
		if (w->have_account && now >= next_poll) {
			if ((rc = poll_job(w, &ready)) != 0)
				return rc;
			interval = sync_backoff_next(interval, w->poll_min,
			    w->poll_max);
			next_poll = now + (uint64_t)interval;
		}
		sleep_ms(w->probe_every);
	}
}

/* Phase three (--login): log in once and explain a refusal. */
static int
login(struct waiter *w)
{
	struct jobcheck jc;
	enum connect_result r;
	char detail[1024], why[1024], pub[PATH_LEN + 8], *line = NULL;
	long long created = -1;
	size_t len;
	int rc, exists;

	if ((rc = jobcheck_open(w->c, &jc)) != 0)
		return rc;
	r = jobcheck_connect(&jc, w->alias, LOGIN_TIMEOUT_S, detail,
	    sizeof(detail));
	jobcheck_close(&jc);
	if (r == CONNECT_REACHABLE)
		return 0;
	/* A container job reads the keys once, when it starts. */
	if (r == CONNECT_AUTH_REFUSED && w->have_account && w->started >= 0 &&
	    w->identity[0] != '\0' &&
	    (size_t)snprintf(pub, sizeof(pub), "%s.pub", w->identity) <
	    sizeof(pub) &&
	    file_read(pub, &line, &len, &exists, why, sizeof(why)) == 0 &&
	    exists && sync_key_created(&w->a.http, line, &created, why,
	    sizeof(why)) == 0) {
		free(line);
		if (created < 0) {
			error_line("%s: authentication refused: your key %s is "
			    "not in your UCloud account: run ucjob key "
			    "--upload, then restart the job", w->alias, pub);
			return EXIT_FAIL;
		}
		if (created > w->started) {
			error_line("%s: authentication refused: this container "
			    "job started before your key was uploaded: restart "
			    "it", w->alias);
			return EXIT_FAIL;
		}
		line = NULL;
	}
	free(line);
	error_line("%s: %s%s%s%s%s", w->alias, connect_result_name(r),
	    detail[0] ? " (" : "", detail, detail[0] ? ")" : "",
	    connect_result_hint(r));
	return EXIT_FAIL;
}

/* The alias, endpoint, job and identity of entry i. */
static void
entry_of(const struct config_doc *doc, size_t i, struct waiter *w)
{
	const struct entry_view *e = &doc->entries[i];
	char port[16], id[PATH_LEN];

	span_copy(doc, e->alias, w->alias, sizeof(w->alias));
	span_copy(doc, e->hostname, w->at.host, sizeof(w->at.host));
	span_copy(doc, e->user, w->at.user, sizeof(w->at.user));
	span_copy(doc, e->port, port, sizeof(port));
	w->have_at = port_parse(port, &w->at.port) == 0 &&
	    host_valid(w->at.host);
	if (e->job.len > 0)
		span_copy(doc, e->job, w->job, sizeof(w->job));
	span_copy(doc, e->identity, id, sizeof(id));
	if (path_expand(id, w->identity, sizeof(w->identity)) != 0)
		w->identity[0] = '\0';
}

/* ALIAS, then PORT of an entry, then a job id (with or without an
 * entry carrying it). */
static int
resolve(struct ctx *c, const char *arg, struct waiter *w)
{
	struct config_doc doc;
	char path[PATH_LEN], port[16], *data = NULL;
	size_t len, i, n = strlen(arg);
	long found = -1;
	int rc, include, p;

	if ((rc = config_path(c, path, sizeof(path), &include)) != 0 ||
	    (rc = read_config(path, &data, &len, &doc)) != 0)
		return rc;
	if (config_find(&doc, arg, n) != NULL)
		found = (long)(config_find(&doc, arg, n) - doc.entries);
	for (i = 0; found < 0 && port_parse(arg, &p) == 0 &&
	    i < doc.nentries; i++) {
		span_copy(&doc, doc.entries[i].port, port, sizeof(port));
		if (strcmp(port, arg) == 0)
			found = (long)i;
	}
	for (i = 0; found < 0 && i < doc.nentries; i++)
		if (doc.entries[i].job.len == n &&
		    memcmp(doc.text + doc.entries[i].job.off, arg, n) == 0)
			found = (long)i;
	if (found >= 0)
		entry_of(&doc, (size_t)found, w);
	else if (n > 0 && n < sizeof(w->job) &&
	    strspn(arg, "0123456789") == n)
		(void)snprintf(w->job, sizeof(w->job), "%s", arg);
	else
		rc = usage_error(c->cmd, "no job, alias or port '%s' in %s "
		    "(see 'ucjob list' and 'ucjob jobs')", arg, path);
	config_doc_free(&doc);
	free(data);
	return rc;
}

/* The three phases for a resolved waiter. */
static int
wait_run(struct waiter *w, int want_login)
{
	int rc;

	if (w->job[0] != '\0' && (w->alias[0] == '\0' ||
	    token_available(w->c))) {
		if ((rc = account_open(w->c, &w->a)) != 0)
			return rc;
		w->have_account = 1;
		if ((rc = wait_endpoint(w)) != 0)
			goto out;
	}
	if (!w->have_at) {
		rc = usage_error(w->c->cmd, "%s has no usable endpoint",
		    w->alias);
		goto out;
	}
	if ((rc = wait_banner(w)) != 0)
		goto out;
	if (want_login)
		rc = login(w);
	/* Scripts get the exit status alone. */
	if (rc == 0 && w->progress)
		info("%s is ready%s", w->alias[0] ? w->alias : w->at.host,
		    want_login ? " (logged in)" : "");
out:
	progress_clear(w);
	if (w->have_account)
		account_close(&w->a);
	return rc;
}

int
wait_for_entry(struct ctx *c, const char *alias, const struct wait_opts *o)
{
	struct waiter w;
	int rc;

	if ((rc = waiter_init(c, &w, o)) != 0 ||
	    (rc = resolve(c, alias, &w)) != 0)
		return rc;
	if (o->login && w.alias[0] == '\0')
		return usage_error(c->cmd, "--login needs an entry for job "
		    "%s: run ucjob sync (or ucjob add --job %s) first", w.job,
		    w.job);
	return wait_run(&w, o->login);
}

/* Whether the block has an entry named alias for anything but job (a
 * job's name may be an alias the user gave another entry). */
static int
alias_held_by_other(struct ctx *c, const char *alias, const char *job)
{
	const struct entry_view *e;
	struct config_doc doc;
	char path[PATH_LEN], *data = NULL;
	size_t len;
	int include, held = 0;

	if (config_path(c, path, sizeof(path), &include) != 0 ||
	    read_config(path, &data, &len, &doc) != 0)
		return 1;
	e = config_find(&doc, alias, strlen(alias));
	held = e != NULL && (e->job.len != strlen(job) ||
	    memcmp(doc.text + e->job.off, job, e->job.len) != 0);
	config_doc_free(&doc);
	free(data);
	return held;
}

int
wait_job_target(struct ctx *c, const char *job, const struct wait_opts *o,
    struct target *t, char *alias, size_t aliaslen)
{
	struct waiter w;
	int rc, ready;

	if ((rc = waiter_init(c, &w, o)) != 0)
		return rc;
	(void)snprintf(w.job, sizeof(w.job), "%s", job);
	if ((rc = account_open(c, &w.a)) != 0)
		return rc;
	w.have_account = 1;
	if (o->wait)
		rc = wait_endpoint(&w);
	else if ((rc = poll_job(&w, &ready)) == 0 && !ready) {
		progress_clear(&w);
		error_line("job %s has no SSH endpoint yet: it is still "
		    "starting; wait for it with: ucjob wait %s", job, job);
		rc = EXIT_FAIL;
	}
	account_close(&w.a);
	if (rc != 0)
		return rc;
	memset(t, 0, sizeof(*t));
	(void)snprintf(t->host, sizeof(t->host), "%s", w.at.host);
	(void)snprintf(t->user, sizeof(t->user), "%s", w.at.user);
	t->port = w.at.port;
	if (strcmp(c->set.sync_alias, "name") == 0 && w.name[0] != '\0' &&
	    !alias_held_by_other(c, w.name, job))
		(void)snprintf(alias, aliaslen, "%s", w.name);
	else
		(void)snprintf(alias, aliaslen, "%s%s", c->set.alias_prefix,
		    job);
	return 0;
}

int
cmd_wait(struct ctx *c, int argc, char **argv)
{
	struct wait_opts o;
	char **pos;
	int npos, rc;

	memset(&o, 0, sizeof(o));
	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, wait_longopts,
	    wait_option, &o, &pos, &npos, NULL);
	if (rc == 0 && npos != 1)
		rc = usage_error(c->cmd, npos == 0 ? "name the job: JOB, "
		    "ALIAS or PORT" : "one job at a time");
	if (rc != 0 || (rc = load_settings(c)) != 0) {
		free(pos);
		return rc;
	}
	rc = wait_for_entry(c, pos[0], &o);
	free(pos);
	return rc;
}
