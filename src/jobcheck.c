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
	return verify_entry(&rq, res);
}

enum connect_result
jobcheck_connect(const struct jobcheck *jc, const char *alias,
    int timeout_s, char *detail, size_t detaillen)
{
	const char *argv[16];
	char timeout[40], how[128];
	struct spawn_opts opts;
	struct spawn_result res;
	enum connect_result r;
	int n = 0;

	snprintf(timeout, sizeof(timeout), "ConnectTimeout=%d", timeout_s);
	argv[n++] = jc->c->set.ssh;
	if (jc->ssh_config != NULL) {
		argv[n++] = "-F";
		argv[n++] = jc->ssh_config;
	}
	argv[n++] = "-o";
	argv[n++] = "BatchMode=yes";
	argv[n++] = "-o";
	argv[n++] = timeout;
	argv[n++] = "-o";
	argv[n++] = "ClearAllForwardings=yes";
	argv[n++] = "-o";
	argv[n++] = "ControlPath=none";
	argv[n++] = alias;
	argv[n++] = "true";
	argv[n] = NULL;
	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_NULL;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	/* ConnectTimeout covers the TCP connect and the banner; leave
	 * room for the key exchange and the login. */
	opts.timeout_ms = (timeout_s * 2 + 5) * 1000;
	debug("running %s -o BatchMode=yes -o %s %s true", jc->c->set.ssh,
	    timeout, alias);
	detail[0] = '\0';
	(void)spawn_run(argv, &opts, &res);
	if (!res.started) {
		snprintf(detail, detaillen, "%s %s; %s", jc->c->set.ssh,
		    spawn_describe(&res, how, sizeof(how)),
		    spawn_install_hint(jc->c->set.ssh));
		spawn_result_free(&res);
		return CONNECT_FAILED;
	}
	r = ssh_connect_classify(res.signal ? 255 : res.exit_status,
	    res.timed_out, res.err);
	if (r != CONNECT_REACHABLE)
		ssh_error_line(res.err, detail, detaillen);
	if (r == CONNECT_HOST_KEY_CHANGED)
		snprintf(detail, detaillen, "the key differs from the one "
		    "stored for %s", alias);
	spawn_result_free(&res);
	return r;
}
