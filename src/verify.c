/*
 * verify: ssh -G against an entry, and the search for the line that wins
 * (precedence.c does the scanning; this file reads the Include files).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "atomicfile.h"
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
	const char *argv[8];
	struct spawn_opts opts;
	int n = 0;

	argv[n++] = ssh;
	argv[n++] = "-G";
	argv[n++] = "-T";
	if (config != NULL) {
		argv[n++] = "-F";
		argv[n++] = config;
	}
	argv[n++] = "--";	/* an alias is never an option */
	argv[n++] = alias;
	argv[n] = NULL;
	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_NULL;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = SSH_G_TIMEOUT_MS;
	spawn_trace("running %s -G -T%s%s %s", ssh, config ? " -F " : "",
	    config ? config : "", alias);
	return spawn_run(argv, &opts, res);
}

/* UseKeychain is Apple's own: a config shared with a Mac keeps it when
 * IgnoreUnknown names it first. */
static void
keychain_hint(char *err, size_t errlen)
{
	size_t n = strlen(err);

	if (strstr(err, "Bad configuration option: usekeychain") != NULL)
		snprintf(err + n, errlen - n, "; only Apple's ssh knows "
		    "UseKeychain: put 'IgnoreUnknown UseKeychain' above that "
		    "line");
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
	keychain_hint(err, errlen);
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

/*
 * Fill m->hit with the line that sets keyword first, when it is found:
 * before the entry, or with whole set anywhere ssh reads for the host
 * (a note's value may come from a Host * after the block).
 */
static enum precedence_result
scan_for(const struct verify_request *rq, const char *keyword, int whole,
    struct precedence_hit *hit)
{
	struct precedence_query q;
	struct scan_arg a;

	memset(&a, 0, sizeof(a));
	a.rq = rq;
	if (!whole && rq->entry_file != NULL &&
	    stat(rq->entry_file, &a.entry_st) == 0)
		a.have_entry_st = 1;
	memset(&q, 0, sizeof(q));
	q.alias = rq->want.alias;
	q.hostname = rq->want.hostname;
	q.keyword = keyword;
	q.include = scan_include;
	q.arg = &a;
	memset(hit, 0, sizeof(*hit));
	return precedence_scan(rq->scan_text, rq->scan_len, whole ?
	    rq->scan_len : rq->scan_stop, &q, hit);
}

/* Whether a hit of the whole scan is a line of the entry's own block,
 * which the note is not about. */
static int
in_block(const struct verify_request *rq, enum precedence_result r,
    const struct precedence_hit *hit)
{
	struct stat a, b;

	if (r == PREC_INCLUDED)
		return rq->entry_file != NULL && stat(rq->entry_file, &a) == 0 &&
		    stat(hit->file, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino;
	return rq->block_text != NULL && rq->block_text == rq->scan_text &&
	    hit->line >= line_number(rq->block_text, rq->block_start) &&
	    hit->line < line_number(rq->block_text, rq->block_end);
}

static void
place(const struct verify_request *rq, struct mismatch *m)
{
	enum precedence_result r;

	r = scan_for(rq, m->keyword, 0, &m->hit);
	if (r != PREC_HERE && r != PREC_INCLUDED &&
	    m->kind == MISMATCH_NOTE) {
		r = scan_for(rq, m->keyword, 1, &m->hit);
		if (in_block(rq, r, &m->hit))
			r = PREC_NONE;
	}
	switch (r) {
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
add_kind(struct verify_result *res, enum mismatch_kind kind,
    const char *keyword, const char *want, const char *got)
{
	struct mismatch *m;

	if (res->nmismatch == VERIFY_MAX)
		return;
	m = &res->mismatch[res->nmismatch++];
	m->kind = kind;
	m->keyword = keyword;
	snprintf(m->want, sizeof(m->want), "%s", want);
	snprintf(m->got, sizeof(m->got), "%s", got);
}

static void
add_mismatch(struct verify_result *res, const char *keyword,
    const char *want, const char *got)
{
	add_kind(res, MISMATCH_VALUE, keyword, want, got);
}

/* A value as ssh -G prints it: flags yes/no, StrictHostKeyChecking
 * true/false, "~/" from the password database's home (as ssh expands
 * it in UserKnownHostsFile). */
static void
normalize(const char *keyword, const char *v, char *out, size_t outlen)
{
	char low[32];
	size_t i;

	for (i = 0; i + 1 < sizeof(low) && v[i] != '\0'; i++)
		low[i] = (char)tolower((unsigned char)v[i]);
	low[i] = '\0';
	if (strcmp(keyword, "userknownhostsfile") == 0) {
		if (strncmp(v, "~/", 2) == 0)
			snprintf(out, outlen, "%s/%s", passwd_home(), v + 2);
		else
			snprintf(out, outlen, "%s", v);
	} else if (strcmp(keyword, "stricthostkeychecking") == 0)
		snprintf(out, outlen, "%s", strcmp(low, "yes") == 0 ? "true" :
		    strcmp(low, "no") == 0 || strcmp(low, "off") == 0 ?
		    "false" : low);
	else
		snprintf(out, outlen, "%s", strcmp(low, "true") == 0 ? "yes" :
		    strcmp(low, "false") == 0 ? "no" : low);
}

/* The value the entry's own first line for keyword gives, as ssh -G
 * prints it (its words joined by blanks), into out; 0 when unset. */
static int
entry_value(const struct verify_request *rq, const char *keyword,
    char *out, size_t outlen)
{
	const char *t = rq->entry_text, *p = t, *end, *eol;
	char w[SSH_VALUE_LEN], v[SSH_VALUE_LEN];
	struct sshtok c;
	struct span kw;
	size_t n;

	if (t == NULL)
		return 0;
	for (end = t + rq->entry_len; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (!sshtok_line(&c, t, (size_t)(p - t), (size_t)(eol - t),
		    &kw) || !sshtok_is(t, kw, keyword))
			continue;
		out[0] = '\0';
		while (sshtok_next(&c, w, sizeof(w), NULL) == SSHTOK_WORD) {
			normalize(keyword, w, v, sizeof(v));
			n = strlen(out);
			snprintf(out + n, outlen - n, "%s%s", n ? " " : "", v);
		}
		return 1;
	}
	return 0;
}

/*
 * What the entry sets for its host keys must hold too.  Host-key checking
 * turned off and a ProxyJump or ProxyCommand are the user's own choice:
 * notes (a proxy only when a line outside the entry sets it, see
 * keep_placed_notes).
 */
static void
compare_host_key_options(const struct verify_request *rq,
    const struct ssh_options *o, struct verify_result *res)
{
	static const char *const flags[] = { "userknownhostsfile",
	    "checkhostip", "identitiesonly" };
	const char *got[3];
	char want[SSH_VALUE_LEN];
	size_t i;

	got[0] = o->userknownhostsfile;
	got[1] = o->checkhostip;
	got[2] = o->identitiesonly;
	/* A value ssh -G does not print is one this ssh does not report:
	 * nothing to compare. */
	for (i = 0; i < 3; i++)
		if (got[i][0] != '\0' && entry_value(rq, flags[i], want,
		    sizeof(want)) && strcmp(want, got[i]) != 0)
			add_mismatch(res, flags[i], want, got[i]);
	if (strcmp(o->stricthostkeychecking, "false") == 0)
		add_kind(res, MISMATCH_NOTE, "stricthostkeychecking", "",
		    "no");
	else if (o->stricthostkeychecking[0] != '\0' && entry_value(rq,
	    "stricthostkeychecking", want, sizeof(want)) &&
	    strcmp(want, o->stricthostkeychecking) != 0)
		add_mismatch(res, "stricthostkeychecking", want,
		    o->stricthostkeychecking);
	if (o->proxyjump[0] != '\0' && strcmp(o->proxyjump, "none") != 0)
		add_kind(res, MISMATCH_NOTE, "proxyjump", "", o->proxyjump);
	if (o->proxycommand[0] != '\0' && strcmp(o->proxycommand,
	    "none") != 0)
		add_kind(res, MISMATCH_NOTE, "proxycommand", "",
		    o->proxycommand);
}

/* A Host of the same name outside the block: in the block's file, or
 * in the main config that includes it. */
static void
find_same_name(const struct verify_request *rq, struct verify_result *res)
{
	struct mismatch *m;
	struct precedence_hit hit;
	const char *file = NULL;

	if (rq->block_text != NULL && precedence_same_name(rq->block_text,
	    rq->block_len, rq->block_start, rq->block_end, rq->want.alias,
	    &hit))
		file = rq->block_name;
	else if (rq->scan_text != NULL && rq->scan_text != rq->block_text &&
	    precedence_same_name(rq->scan_text, rq->scan_len, 0, 0,
	    rq->want.alias, &hit))
		file = rq->scan_name;
	if (file == NULL || res->nmismatch == VERIFY_MAX)
		return;
	add_kind(res, MISMATCH_SAME_NAME, "host", rq->want.alias, "");
	m = &res->mismatch[res->nmismatch - 1];
	m->hit = hit;
	snprintf(m->hit.file, sizeof(m->hit.file), "%s", file);
	m->placed = 1;
}

/* A proxy note only for a line outside the entry: the entry's own
 * options are what the user asked for. */
static void
keep_placed_notes(struct verify_result *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->nmismatch; i++) {
		if (res->mismatch[i].kind == MISMATCH_NOTE &&
		    !res->mismatch[i].placed &&
		    strncmp(res->mismatch[i].keyword, "proxy", 5) == 0)
			continue;
		if (n != i)
			res->mismatch[n] = res->mismatch[i];
		n++;
	}
	res->nmismatch = n;
}

int
mismatch_is_note(const struct mismatch *m)
{
	return m->kind == MISMATCH_NOTE || m->kind == MISMATCH_SAME_NAME;
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
	compare_host_key_options(rq, o, res);
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
	keep_placed_notes(res);
	find_same_name(rq, res);
	res->status = VERIFY_OK;
	for (i = 0; i < res->nmismatch; i++)
		if (!mismatch_is_note(&res->mismatch[i]))
			res->status = VERIFY_MISMATCH;
	return res->status;
}

void
verify_request_block(struct verify_request *rq, const struct config_doc *doc,
    size_t i, const char *name)
{
	const struct entry_view *e = &doc->entries[i];

	rq->entry_text = doc->text + e->start;
	rq->entry_len = e->end - e->start;
	rq->block_text = doc->text;
	rq->block_len = doc->len;
	rq->block_start = doc->block_start;
	rq->block_end = doc->block_end;
	rq->block_name = name;
}

int
verify_known_hosts_files(const char *ssh, const char *config,
    const char *alias, char *out, size_t outlen, char *why, size_t whylen)
{
	struct spawn_result res;
	struct ssh_options *o;
	int rc = 0;

	out[0] = '\0';
	/* ssh would read the password database's home, not the config
	 * ucjob edits under $HOME: its files are not the entry's. */
	if (config == NULL && home_differs())
		return 0;
	if (run_ssh_g(ssh, config, alias, &res) != 0) {
		(void)describe_failure(ssh, &res, why, whylen);
		spawn_result_free(&res);
		return -1;
	}
	o = xmalloc(sizeof(*o));
	if (ssh_g_parse(res.out ? res.out : "", res.out_len, o) == 0 &&
	    strcmp(o->hostkeyalias, alias) == 0) {
		snprintf(out, outlen, "%s", o->userknownhostsfile);
		rc = 1;
	}
	free(o);
	spawn_result_free(&res);
	return rc;
}

void
note_describe(const struct mismatch *m, char *out, size_t outlen)
{
	if (m->kind == MISMATCH_SAME_NAME)
		snprintf(out, outlen, "%s line %lu (%s) is another entry "
		    "of the same name, outside the block: what it sets and the "
		    "block does not (a LocalForward, ...) applies too",
		    m->hit.file, m->hit.line, m->hit.text);
	else if (m->kind == MISMATCH_NOTE && strcmp(m->keyword,
	    "stricthostkeychecking") == 0 && m->placed)
		snprintf(out, outlen, "host-key checking is off (%s line "
		    "%lu: %s), so ssh accepts any host key for this job",
		    m->hit.file, m->hit.line, m->hit.text);
	else if (m->kind == MISMATCH_NOTE && strcmp(m->keyword,
	    "stricthostkeychecking") == 0)
		snprintf(out, outlen, "host-key checking is off "
		    "(StrictHostKeyChecking no, from a line ucjob could not "
		    "place), so ssh accepts any host key for this job");
	else if (m->kind == MISMATCH_NOTE)
		snprintf(out, outlen, "the connection goes through "
		    "%s %s, set by %s line %lu (%s)", strcmp(m->keyword,
		    "proxyjump") == 0 ? "ProxyJump" : "ProxyCommand", m->got,
		    m->hit.file, m->hit.line, m->hit.text);
}

void
mismatch_describe(const struct mismatch *m, char *out, size_t outlen)
{
	char note[SSH_VALUE_LEN + 1024];

	if (mismatch_is_note(m)) {
		note_describe(m, note, sizeof(note));
		snprintf(out, outlen, "note: %s", note);
	} else if (m->kind == MISMATCH_UNREACHED && m->other_home)
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
	if (m->kind != MISMATCH_VALUE || !m->placed)
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
	const struct entry_view *e;
	char reason[1024];
	const char *before;

	memset(&rq, 0, sizeof(rq));
	rq.ssh = vn->ssh;
	rq.want = vn->want;
	bp->section_line = 0;
	if (config_parse(vn->text, vn->len, &doc, reason,
	    sizeof(reason)) != CONFIG_OK) {
		config_doc_free(&doc);
		snprintf(why, whylen, "cannot check the new text of %s: %s",
		    vn->path, reason);
		return -1;
	}
	if ((e = config_find(&doc, vn->want.alias,
	    strlen(vn->want.alias))) != NULL)
		verify_request_block(&rq, &doc, (size_t)(e - doc.entries),
		    vn->path);
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
		before = vn->existed ? vn->path : NULL;
	}
	/* Not the change's doing when the old file fails the same way. */
	if (verify_entry(&rq, res) == VERIFY_REJECTED && before != NULL &&
	    verify_config_rejected(vn->ssh, before, vn->want.alias,
	    res->already, sizeof(res->already)) == 1)
		res->already_rejected = 1;
	config_doc_free(&doc);
	return 0;
}
