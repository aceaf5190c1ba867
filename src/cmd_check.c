/*
 * cmd_check: `ucjob check` (does ssh see each entry as written; with
 * --connect, can it log in) and `ucjob prune` (remove the entries whose
 * job is gone).  check never writes; prune writes only after a yes on the
 * terminal or --yes, and never with --dry-run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobcheck.h"
#include "json.h"
#include "knownhosts.h"
#include "msg.h"
#include "paths.h"
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
	enum connect_result	conn;
	char			detail[1024];
	int			ok;
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
json_string(const char *s)
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
	json_string(o->alias);
	printf(", \"ok\": %s, \"config\": \"%s\", \"problems\": [",
	    o->ok ? "true" : "false", config_word(o->v.status));
	for (i = 0; i < o->v.nmismatch; i++) {
		m = &o->v.mismatch[i];
		printf("%s{\"option\": \"%s\", \"expected\": ", i ? ", " : "",
		    m->keyword);
		json_string(m->want);
		fputs(", \"actual\": ", stdout);
		json_string(m->got);
		fputs(", \"file\": ", stdout);
		json_string(m->placed ? m->hit.file : NULL);
		if (m->placed)
			printf(", \"line\": %lu, \"text\": ", m->hit.line);
		else
			fputs(", \"line\": null, \"text\": ", stdout);
		json_string(m->placed ? m->hit.text : NULL);
		putchar('}');
	}
	fputs("], \"error\": ", stdout);
	json_string(o->v.status == VERIFY_REJECTED ||
	    o->v.status == VERIFY_CANNOT_RUN ? o->v.error : NULL);
	fputs(", \"connect\": ", stdout);
	json_string(o->connected ? connect_result_name(o->conn) : NULL);
	fputs(", \"connect_error\": ", stdout);
	json_string(o->connected && o->detail[0] ? o->detail : NULL);
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
		printf("%s%s", sep, connect_result_name(o->conn));
		if (o->detail[0] != '\0')
			printf(" (%s)", o->detail);
		hint = connect_result_hint(o->conn);
		if (hint[0] != '\0')
			printf(": %s", hint);
	}
	putchar('\n');
}

static void
run_one(const struct jobcheck *jc, size_t i, const struct check_state *s,
    int verify, struct outcome *o)
{
	memset(o, 0, sizeof(*o));
	jobcheck_alias(jc, i, o->alias, sizeof(o->alias));
	if (verify)
		(void)jobcheck_verify(jc, i, &o->v);
	if (s->connect && o->v.status != VERIFY_REJECTED &&
	    o->v.status != VERIFY_CANNOT_RUN) {
		o->connected = 1;
		o->conn = jobcheck_connect(jc, o->alias, s->timeout,
		    o->detail, sizeof(o->detail));
	}
	o->ok = o->v.status == VERIFY_OK &&
	    (!o->connected || o->conn == CONNECT_REACHABLE);
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
	o = xmalloc(sizeof(*o));
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
	if (s.json)
		putchar('[');
	for (i = 0; i < jc.doc.nentries; i++) {
		if (!pick[i])
			continue;
		run_one(&jc, i, &s, 1, o);
		failed |= !o->ok;
		if (s.json)
			print_json(o, n == 0);
		else
			print_line(o);
		n++;
		fflush(stdout);
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
	for (i = 0; i < p->nremoved; i++)
		info("removed %s", p->removed[i]);
	return 0;
}

int
cmd_prune(struct ctx *c, int argc, char **argv)
{
	struct check_state s;
	struct prune_state p;
	struct jobcheck jc;
	struct outcome *o;
	char **pos;
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
	o = xmalloc(sizeof(*o));
	p.aliases = xcalloc(jc.doc.nentries + 1, sizeof(char *));
	for (i = 0; i < jc.doc.nentries; i++) {
		run_one(&jc, i, &s, 0, o);
		if (!connect_result_gone(o->conn)) {
			debug("%s: %s", o->alias, connect_result_name(o->conn));
			continue;
		}
		info("%s: %s%s%s%s", o->alias, connect_result_name(o->conn),
		    o->detail[0] ? " (" : "", o->detail,
		    o->detail[0] ? ")" : "");
		p.aliases[p.n++] = xstrdup(o->alias);
	}
	if (p.n == 0)
		info("no entry to prune in %s", jc.path);
	else if (c->dry_run)
		info("%zu entr%s would be removed (--dry-run)", p.n,
		    p.n == 1 ? "y" : "ies");
	else if (!s.yes && !ask_yes(p.n))
		info("nothing removed");
	else
		rc = prune_remove(c, &jc, &p);
	for (i = 0; i < p.n; i++)
		free(p.aliases[i]);
	free(p.aliases);
	free(p.removed);
	free(o);
	jobcheck_close(&jc);
	return rc;
}
