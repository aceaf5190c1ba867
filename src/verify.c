/*
 * verify: ssh -G against an entry, and the search for the line that wins
 * (precedence.c does the scanning; this file reads the Include files).
 */
#include <sys/stat.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "atomicfile.h"
#include "msg.h"
#include "paths.h"
#include "spawn.h"
#include "sshconfig.h"
#include "verify.h"
#include "xmalloc.h"

#define SSH_G_TIMEOUT_MS	15000	/* Match exec runs even under -G */

struct scan_arg {
	const struct verify_request	*rq;
	struct stat			 entry_st;
	int				 have_entry_st;
};

/* s with every from replaced by to, into out. */
static void
replace_all(const char *s, const char *from, const char *to, char *out,
    size_t outlen)
{
	size_t n = 0, fl = from ? strlen(from) : 0, tl = to ? strlen(to) : 0;

	while (*s != '\0' && n + 1 < outlen) {
		if (fl > 0 && strncmp(s, from, fl) == 0) {
			if (n + tl >= outlen)
				break;
			memcpy(out + n, to, tl);
			n += tl;
			s += fl;
		} else
			out[n++] = *s++;
	}
	out[n] = '\0';
}

/* ssh -G -T [-F config] alias; 0 with res filled, else an error. */
static int
run_ssh_g(const char *ssh, const char *config, const char *alias,
    struct spawn_result *res)
{
	const char *argv[7];
	struct spawn_opts opts;
	int n = 0;

	argv[n++] = ssh;
	argv[n++] = "-G";
	argv[n++] = "-T";
	if (config != NULL) {
		argv[n++] = "-F";
		argv[n++] = config;
	}
	argv[n++] = alias;
	argv[n] = NULL;
	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_NULL;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = SSH_G_TIMEOUT_MS;
	debug("running %s -G -T%s%s %s", ssh, config ? " -F " : "",
	    config ? config : "", alias);
	return spawn_run(argv, &opts, res);
}

/* Why ssh -G gave no options: not found, killed, or a rejected config
 * (1).  Returns 1 for a rejection, 0 for other trouble. */
static int
describe_failure(const char *ssh, const struct spawn_result *res,
    char *err, size_t errlen)
{
	char how[128];

	if (!res->started) {
		snprintf(err, errlen, "%s %s; %s", ssh,
		    spawn_describe(res, how, sizeof(how)),
		    spawn_install_hint(ssh));
		return 0;
	}
	if (res->timed_out || res->signal != 0 || res->exit_status != 255) {
		snprintf(err, errlen, "%s -G %s", ssh,
		    spawn_describe(res, how, sizeof(how)));
		return 0;
	}
	ssh_error_line(res->err, err, errlen);
	if (err[0] == '\0')
		snprintf(err, errlen, "%s -G exited with status 255", ssh);
	return 1;
}

int
verify_config_rejected(const char *ssh, const char *config,
    const char *alias, char *err, size_t errlen)
{
	struct spawn_result res;
	int rc;

	err[0] = '\0';
	if (run_ssh_g(ssh, config, alias, &res) == 0)
		rc = 0;
	else
		rc = describe_failure(ssh, &res, err, errlen) ? 1 : -1;
	spawn_result_free(&res);
	return rc;
}

/* Include: expand the pattern as ssh does (~ from $HOME, relative to
 * ~/.ssh) and scan every file it names, in glob order. */
static enum precedence_result
scan_include(const char *pattern, const struct precedence_query *q,
    struct precedence_hit *hit)
{
	struct scan_arg *a = q->arg;
	struct precedence_query sub = *q;
	enum precedence_result r = PREC_NONE;
	char path[4096], why[512], *data;
	struct stat st;
	glob_t g;
	size_t i, len;
	int exists;

	if (pattern[0] == '~') {
		if (path_expand(pattern, path, sizeof(path)) != 0)
			return PREC_NONE;
	} else if (!path_is_absolute(pattern))
		snprintf(path, sizeof(path), "%s/.ssh/%s", home_dir(),
		    pattern);
	else
		snprintf(path, sizeof(path), "%s", pattern);
	if (glob(path, 0, NULL, &g) != 0)
		return PREC_NONE;
	sub.depth = q->depth + 1;
	for (i = 0; i < g.gl_pathc && r == PREC_NONE; i++) {
		if (a->have_entry_st && stat(g.gl_pathv[i], &st) == 0 &&
		    st.st_dev == a->entry_st.st_dev &&
		    st.st_ino == a->entry_st.st_ino) {
			r = PREC_STOP;
			break;
		}
		if (file_read(g.gl_pathv[i], &data, &len, &exists, why,
		    sizeof(why)) != 0)
			continue;
		r = precedence_scan(data, len, len, &sub, hit);
		if (r == PREC_HERE) {
			snprintf(hit->file, sizeof(hit->file), "%s",
			    g.gl_pathv[i]);
			r = PREC_INCLUDED;
		}
		free(data);
	}
	globfree(&g);
	return r;
}

/* Fill m->hit with the line that sets keyword first, when it is found. */
static void
place(const struct verify_request *rq, struct mismatch *m)
{
	struct precedence_query q;
	struct scan_arg a;

	memset(&a, 0, sizeof(a));
	a.rq = rq;
	if (rq->entry_file != NULL && stat(rq->entry_file, &a.entry_st) == 0)
		a.have_entry_st = 1;
	memset(&q, 0, sizeof(q));
	q.alias = rq->want.alias;
	q.hostname = rq->want.hostname;
	q.keyword = m->keyword;
	q.include = scan_include;
	q.arg = &a;
	memset(&m->hit, 0, sizeof(m->hit));
	switch (precedence_scan(rq->scan_text, rq->scan_len, rq->scan_stop,
	    &q, &m->hit)) {
	case PREC_HERE:
		snprintf(m->hit.file, sizeof(m->hit.file), "%s",
		    rq->scan_name);
		m->placed = 1;
		break;
	case PREC_INCLUDED:
		m->placed = 1;
		m->included = 1;
		break;
	default:
		m->placed = 0;
	}
}

static void
add_mismatch(struct verify_result *res, const char *keyword,
    const char *want, const char *got)
{
	struct mismatch *m = &res->mismatch[res->nmismatch++];

	m->keyword = keyword;
	snprintf(m->want, sizeof(m->want), "%s", want);
	snprintf(m->got, sizeof(m->got), "%s", got);
}

static void
compare(const struct expected *w, const struct ssh_options *o,
    struct verify_result *res)
{
	char want_port[16], got_port[16];
	size_t i;
	int found = 0;

	if (strcasecmp(w->hostname, o->hostname) != 0)
		add_mismatch(res, "hostname", w->hostname, o->hostname);
	if (w->port != o->port) {
		snprintf(want_port, sizeof(want_port), "%d", w->port);
		snprintf(got_port, sizeof(got_port), "%d", o->port);
		add_mismatch(res, "port", want_port, got_port);
	}
	if (strcmp(w->user, o->user) != 0)
		add_mismatch(res, "user", w->user, o->user);
	/* IdentityFile accumulates: ours must be among those tried. */
	for (i = 0; i < o->nidentity; i++)
		if (strcmp(o->identity[i], w->identity) == 0)
			found = 1;
	if (!found)
		add_mismatch(res, "identityfile", w->identity,
		    o->nidentity ? o->identity[0] : "");
	if (strcmp(w->alias, o->hostkeyalias) != 0)
		add_mismatch(res, "hostkeyalias", w->alias, o->hostkeyalias);
}

enum verify_status
verify_entry(const struct verify_request *rq, struct verify_result *res)
{
	struct spawn_result out;
	struct ssh_options *o;
	char err[1024];
	size_t i;

	memset(res, 0, sizeof(*res));
	if (run_ssh_g(rq->ssh, rq->ssh_config, rq->want.alias, &out) != 0) {
		res->status = describe_failure(rq->ssh, &out, err,
		    sizeof(err)) ? VERIFY_REJECTED : VERIFY_CANNOT_RUN;
		replace_all(err, rq->replace_from[0], rq->replace_to[0],
		    res->error, sizeof(res->error));
		replace_all(res->error, rq->replace_from[1], rq->replace_to[1],
		    err, sizeof(err));
		snprintf(res->error, sizeof(res->error), "%s", err);
		spawn_result_free(&out);
		return res->status;
	}
	o = xmalloc(sizeof(*o));
	if (ssh_g_parse(out.out ? out.out : "", out.out_len, o) != 0) {
		snprintf(res->error, sizeof(res->error), "%s -G printed no "
		    "hostname and port", rq->ssh);
		free(o);
		spawn_result_free(&out);
		return res->status = VERIFY_CANNOT_RUN;
	}
	spawn_result_free(&out);
	compare(&rq->want, o, res);
	/* No HostKeyAlias and the alias as the host name: ssh never reached
	 * the entry.  One line says so better than five mismatches. */
	if (res->nmismatch > 0 && o->hostkeyalias[0] == '\0' &&
	    strcasecmp(o->hostname, rq->want.alias) == 0) {
		memset(res->mismatch, 0, sizeof(res->mismatch));
		res->mismatch[0].kind = MISMATCH_UNREACHED;
		res->mismatch[0].keyword = "entry";
		snprintf(res->mismatch[0].want, sizeof(res->mismatch[0].want),
		    "%s", rq->want.alias);
		res->mismatch[0].other_home = rq->ssh_config == NULL &&
		    home_differs();
		res->nmismatch = 1;
		free(o);
		return res->status = VERIFY_MISMATCH;
	}
	free(o);
	for (i = 0; i < res->nmismatch; i++)
		place(rq, &res->mismatch[i]);
	return res->status = res->nmismatch ? VERIFY_MISMATCH : VERIFY_OK;
}

void
mismatch_describe(const struct mismatch *m, char *out, size_t outlen)
{
	if (m->kind == MISMATCH_UNREACHED && m->other_home)
		snprintf(out, outlen, "ssh does not see %s at all: it reads "
		    "%s/.ssh/config (the password database's home), not the "
		    "file under $HOME", m->want, passwd_home());
	else if (m->kind == MISMATCH_UNREACHED)
		snprintf(out, outlen, "ssh -G does not reach %s (is the file "
		    "Included, or is the entry edited by hand?)", m->want);
	else if (m->placed)
		snprintf(out, outlen, "%s is '%s', not '%s': %s line %lu (%s) "
		    "comes first", m->keyword, m->got, m->want, m->hit.file,
		    m->hit.line, m->hit.text);
	else
		snprintf(out, outlen, "%s is '%s', not '%s', set before the "
		    "entry by a line ucjob could not place", m->keyword,
		    m->got, m->want);
}

void
mismatch_hint(const struct mismatch *m, const struct block_place *p,
    char *out, size_t outlen)
{
	out[0] = '\0';
	if (m->kind == MISMATCH_UNREACHED || !m->placed)
		return;
	if (m->included)
		snprintf(out, outlen, "move the Include line that reads %s "
		    "below %s", m->hit.file, p->block);
	else if (p->section_line != 0 && m->hit.line >= p->section_line)
		snprintf(out, outlen, "move the lines from '# BEGIN ucjob' to "
		    "'# END ucjob' above line %lu", p->section_line);
	else
		snprintf(out, outlen, "move that line below %s or into a Host "
		    "section", p->block);
}

int
verify_new_text(const struct verify_new *vn, struct verify_result *res,
    struct block_place *bp, char *why, size_t whylen)
{
	struct verify_request rq;
	struct config_doc doc;
	char reason[1024];
	const char *before;

	memset(&rq, 0, sizeof(rq));
	rq.ssh = vn->ssh;
	rq.want = vn->want;
	bp->section_line = 0;
	if (vn->main_tmp != NULL) {
		rq.ssh_config = vn->main_tmp;
		rq.scan_text = vn->main_text;
		rq.scan_len = vn->main_len;
		rq.scan_stop = vn->main_stop;
		rq.scan_name = vn->main_path;
		rq.replace_from[0] = vn->main_tmp;
		rq.replace_to[0] = vn->main_path;
		rq.replace_from[1] = vn->tmp;
		rq.replace_to[1] = vn->path;
		before = vn->main_exists ? vn->main_path : NULL;
	} else {
		if (config_parse(vn->text, vn->len, &doc, reason,
		    sizeof(reason)) != CONFIG_OK) {
			config_doc_free(&doc);
			snprintf(why, whylen, "cannot check the new text of "
			    "%s: %s", vn->path, reason);
			return -1;
		}
		rq.ssh_config = vn->tmp;
		rq.scan_text = vn->text;
		rq.scan_len = vn->len;
		rq.scan_stop = doc.has_block ? doc.block_start : vn->len;
		rq.scan_name = vn->path;
		/* An existing block stays put, even after a Host section. */
		if (doc.has_block && doc.first_section < doc.block_start)
			bp->section_line = line_number(vn->text,
			    doc.first_section);
		rq.replace_from[0] = vn->tmp;
		rq.replace_to[0] = vn->path;
		config_doc_free(&doc);
		before = vn->existed ? vn->path : NULL;
	}
	/* Not the change's doing when the old file fails the same way. */
	if (verify_entry(&rq, res) == VERIFY_REJECTED && before != NULL &&
	    verify_config_rejected(vn->ssh, before, vn->want.alias,
	    res->already, sizeof(res->already)) == 1)
		res->already_rejected = 1;
	return 0;
}
