/*
 * jobcheck: read the config once and check entries against what ssh
 * makes of them, with ssh -G and, when asked, a real connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "jobcheck.h"
#include "msg.h"
#include "paths.h"
#include "spawn.h"
#include "validate.h"
#include "xmalloc.h"

int
jobcheck_open(struct ctx *c, struct jobcheck *jc)
{
	char why[1024];
	int rc, include, exists;

	memset(jc, 0, sizeof(*jc));
	jc->c = c;
	if ((rc = load_settings(c)) != 0 ||
	    (rc = config_path(c, jc->path, sizeof(jc->path), &include)) != 0 ||
	    (rc = read_config(jc->path, &jc->data, &jc->len, &jc->doc)) != 0)
		return rc;
	if (c->ssh_config_opt != NULL) {
		snprintf(jc->ssh_config_buf, sizeof(jc->ssh_config_buf), "%s",
		    jc->path);
		jc->ssh_config = jc->ssh_config_buf;
	}
	if (!include) {
		snprintf(jc->scan_path, sizeof(jc->scan_path), "%s", jc->path);
		jc->scan_data = jc->data;
		jc->scan_len = jc->len;
		jc->scan_stop = jc->doc.has_block ? jc->doc.block_start :
		    jc->len;
		return 0;
	}
	jc->separate = 1;
	if (path_expand("~/.ssh/config", jc->scan_path,
	    sizeof(jc->scan_path)) != 0 ||
	    file_read(jc->scan_path, &jc->scan_data, &jc->scan_len, &exists,
	    why, sizeof(why)) != 0) {
		error_line("cannot read ~/.ssh/config: %s", why);
		jobcheck_close(jc);
		return EXIT_FAIL;
	}
	jc->scan_stop = jc->scan_len;
	return 0;
}

void
jobcheck_close(struct jobcheck *jc)
{
	if (jc->separate)
		free(jc->scan_data);
	jc->scan_data = NULL;
	config_doc_free(&jc->doc);
	free(jc->data);
	jc->data = NULL;
}

void
jobcheck_alias(const struct jobcheck *jc, size_t i, char *out,
    size_t outlen)
{
	span_copy(&jc->doc, jc->doc.entries[i].alias, out, outlen);
}

enum verify_status
jobcheck_verify(const struct jobcheck *jc, size_t i,
    struct verify_result *res)
{
	const struct entry_view *e = &jc->doc.entries[i];
	struct verify_request rq;
	char alias[256], host[256], port[16], user[256], identity[PATH_LEN];

	span_copy(&jc->doc, e->alias, alias, sizeof(alias));
	span_copy(&jc->doc, e->hostname, host, sizeof(host));
	span_copy(&jc->doc, e->port, port, sizeof(port));
	span_copy(&jc->doc, e->user, user, sizeof(user));
	span_copy(&jc->doc, e->identity, identity, sizeof(identity));
	memset(&rq, 0, sizeof(rq));
	rq.ssh = jc->c->set.ssh;
	rq.ssh_config = jc->ssh_config;
	rq.scan_text = jc->scan_data;
	rq.scan_len = jc->scan_len;
	rq.scan_stop = jc->scan_stop;
	rq.scan_name = jc->scan_path;
	rq.entry_file = jc->separate ? jc->path : NULL;
	rq.want.alias = alias;
	rq.want.hostname = host;
	rq.want.port = atoi(port);
	rq.want.user = user;
	rq.want.identity = identity;
	verify_request_block(&rq, &jc->doc, i, jc->path);
	return verify_entry(&rq, res);
}

/* Make what a job or ssh wrote safe for a terminal, in place. */
static void
strip_controls(char *s)
{
	size_t n = strlen(s);

	visible_copy(s, n, s, n + 1);
}

/* What a finished probe says, into conn. */
static void
connect_outcome(const struct jobcheck *jc, struct spawn_result *res,
    struct jobcheck_conn *conn)
{
	char how[128];

	conn->detail[0] = conn->offered[0] = '\0';
	if (!res->started) {
		snprintf(conn->detail, sizeof(conn->detail), "%s %s; %s",
		    jc->c->set.ssh, spawn_describe(res, how, sizeof(how)),
		    spawn_install_hint(jc->c->set.ssh));
		conn->result = CONNECT_FAILED;
		return;
	}
	conn->result = ssh_connect_classify(res->signal ? 255 :
	    res->exit_status, res->timed_out, res->err);
	if (conn->result != CONNECT_REACHABLE)
		ssh_error_line(res->err, conn->detail, sizeof(conn->detail));
	if (conn->result == CONNECT_HOST_KEY_CHANGED)
		snprintf(conn->detail, sizeof(conn->detail), "the key differs "
		    "from the one stored for %s", conn->alias);
	ssh_offered_keys(res->err, conn->offered, sizeof(conn->offered));
	strip_controls(conn->detail);
	strip_controls(conn->offered);
}

struct connect_run {
	const struct jobcheck	*jc;
	struct jobcheck_conn	*conns;
	struct spawn_job	*jobs;
	void			(*done)(size_t, void *);
	void			*arg;
};

static void
connect_done(size_t i, void *arg)
{
	struct connect_run *cr = arg;

	connect_outcome(cr->jc, &cr->jobs[i].res, &cr->conns[i]);
	spawn_result_free(&cr->jobs[i].res);
	if (cr->done != NULL)
		cr->done(i, cr->arg);
}

#define CONNECT_ARGC	19

void
jobcheck_connect_many(const struct jobcheck *jc, struct jobcheck_conn *conns,
    size_t n, int timeout_s, void (*done)(size_t, void *), void *arg)
{
	static const char *const fixed[] = { "-v", "-a", "-x",
	    "-o", "BatchMode=yes", "-o", "ClearAllForwardings=yes",
	    "-o", "ControlPath=none" };
	struct connect_run cr;
	struct spawn_opts opts;
	const char **argv;
	char timeout[40];
	size_t i, k, a;

	if (n == 0)
		return;
	snprintf(timeout, sizeof(timeout), "ConnectTimeout=%d", timeout_s);
	argv = xreallocarray(NULL, n, CONNECT_ARGC * sizeof(*argv));
	cr.jobs = xcalloc(n, sizeof(*cr.jobs));
	for (i = 0; i < n; i++) {
		a = 0;
		argv[i * CONNECT_ARGC + a++] = jc->c->set.ssh;
		if (jc->ssh_config != NULL) {
			argv[i * CONNECT_ARGC + a++] = "-F";
			argv[i * CONNECT_ARGC + a++] = jc->ssh_config;
		}
		for (k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
			argv[i * CONNECT_ARGC + a++] = fixed[k];
		argv[i * CONNECT_ARGC + a++] = "-o";
		argv[i * CONNECT_ARGC + a++] = timeout;
		argv[i * CONNECT_ARGC + a++] = "--";
		argv[i * CONNECT_ARGC + a++] = conns[i].alias;
		argv[i * CONNECT_ARGC + a++] = "true";
		argv[i * CONNECT_ARGC + a] = NULL;
		cr.jobs[i].argv = &argv[i * CONNECT_ARGC];
		debug("running %s -v -a -x -o BatchMode=yes -o %s %s true",
		    jc->c->set.ssh, timeout, conns[i].alias);
	}
	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_NULL;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.capture_max = CONNECT_OUTPUT_MAX;
	/* ConnectTimeout covers the TCP connect and the banner; leave
	 * room for the key exchange and the login. */
	opts.timeout_ms = (timeout_s * 2 + 5) * 1000;
	cr.jc = jc;
	cr.conns = conns;
	cr.done = done;
	cr.arg = arg;
	(void)spawn_run_many(cr.jobs, n, &opts, CONNECT_PARALLEL,
	    connect_done, &cr);
	free(cr.jobs);
	free(argv);
}

enum connect_result
jobcheck_connect(const struct jobcheck *jc, const char *alias,
    int timeout_s, char *detail, size_t detaillen)
{
	struct jobcheck_conn conn;

	memset(&conn, 0, sizeof(conn));
	snprintf(conn.alias, sizeof(conn.alias), "%s", alias);
	jobcheck_connect_many(jc, &conn, 1, timeout_s, NULL, NULL);
	if ((conn.result == CONNECT_AUTH_REFUSED ||
	    conn.result == CONNECT_KEY_LOCKED) && conn.offered[0] != '\0')
		snprintf(detail, detaillen, "%s; offered: %s", conn.detail,
		    conn.offered);
	else
		snprintf(detail, detaillen, "%s", conn.detail);
	return conn.result;
}
