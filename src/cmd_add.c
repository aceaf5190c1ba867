/*
 * cmd_add: `ucjob add`: register a job as a Host entry, from a port, a
 * pasted ssh command or the job page's line.  Every value is validated
 * before anything is opened for writing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "entry.h"
#include "identity.h"
#include "keys.h"
#include "knownhosts.h"
#include "mainconfig.h"
#include "msg.h"
#include "paste_input.h"
#include "paths.h"
#include "ucjob.h"
#include "validate.h"
#include "verify.h"
#include "xmalloc.h"

#define OPTION_LEN	1024


struct add_state {
	const char	*name;
	const char	*job;
	const char	*host;
	const char	*user;
	const char	*identity;
	int		 print;
	int		 from_clipboard;
	int		 force;		/* write even when shadowed */
	int		 no_verify;	/* skip ssh -G */
	int		 clean_known_hosts;
	int		 wait;		/* --wait: until it answers SSH */
	char		 job_alias[256];	/* --job without a port */
	int		 include;	/* the block is in another file */
	char		 include_line[PATH_LEN + 32];	/* for hints */
	const char	*ssh;		/* the ssh program */
	const char	*ssh_config;	/* -F for ssh, or NULL */
	const char	*ssh_keygen;
	char		 known_hosts_abs[PATH_LEN];	/* or "" */
	struct forward	 forwards[ENTRY_MAX_FORWARDS];
	size_t		 nforwards;
	char		 options[ENTRY_MAX_OPTIONS][OPTION_LEN];
	size_t		 noptions;
	/* for the edit */
	struct entry	 entry;
	char		 alias[256];
	char		 now[32];
	int		 existed;
	char		 was_host[256];	/* the updated entry's old target */
	char		 was_port[8];
	int		 bom;
	/* for a re-add */
	struct entry_given given;	/* what the command line set */
	size_t		 nbase;		/* the settings' options in entry */
	struct entry_read old;		/* the entry as it was */
	char		 changes[2048];	/* what the re-add changed, or "" */
	int		 endpoint_changed;
	int		 other_port;	/* the alias is another entry's, found
					   by its port */
	int		 key_forgotten;
};

static const struct option add_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "name",	required_argument,	NULL, OPT_NAME },
	{ "job",	required_argument,	NULL, OPT_JOB },
	{ "host",	required_argument,	NULL, OPT_HOST },
	{ "user",	required_argument,	NULL, OPT_USER },
	{ "identity",	required_argument,	NULL, 'i' },
	{ "forward",	required_argument,	NULL, 'L' },
	{ "option",	required_argument,	NULL, 'o' },
	{ "print",	no_argument,		NULL, OPT_PRINT },
	{ "from-clipboard", no_argument,	NULL, OPT_FROM_CLIPBOARD },
	{ "force",	no_argument,		NULL, OPT_FORCE },
	{ "no-verify",	no_argument,		NULL, OPT_NO_VERIFY },
	{ "clean-known-hosts", no_argument,	NULL, OPT_CLEAN_KNOWN_HOSTS },
	{ "wait",	no_argument,		NULL, OPT_WAIT },
	{ NULL, 0, NULL, 0 }
};

static int
add_option(struct ctx *c, int opt, const char *arg, void *state)
{
	struct add_state *s = state;
	char why[256];

	switch (opt) {
	case OPT_NAME:
		if (!alias_valid(arg))
			return usage_error(c->cmd, "invalid alias '%s': use "
			    "letters, digits, '.', '_' and '-', not starting "
			    "with '-'", arg);
		s->name = arg;
		return 0;
	case OPT_JOB:
		if (!job_valid(arg))
			return usage_error(c->cmd, "invalid job id '%s': use "
			    "letters, digits, '.', '_' and '-'", arg);
		s->job = arg;
		return 0;
	case OPT_HOST:
		if (!host_valid(arg))
			return usage_error(c->cmd, "invalid host '%s': expected "
			    "a host name or an IP address", arg);
		s->host = arg;
		return 0;
	case OPT_USER:
		if (!user_valid(arg))
			return usage_error(c->cmd, "invalid user '%s'", arg);
		s->user = arg;
		return 0;
	case 'i':
		s->identity = arg;
		return 0;
	case 'L':
		if (s->nforwards == ENTRY_MAX_FORWARDS)
			return usage_error(c->cmd, "too many -L forwards");
		if (forward_parse(arg, &s->forwards[s->nforwards]) != 0)
			return usage_error(c->cmd, "invalid forward '%s': "
			    "expected LOCAL[:REMOTE] ports, e.g. 8888 or "
			    "8888:8888", arg);
		s->nforwards++;
		return 0;
	case 'o':
		if (s->noptions == ENTRY_MAX_OPTIONS)
			return usage_error(c->cmd, "too many -o options");
		if (option_parse(arg, s->options[s->noptions], OPTION_LEN,
		    why, sizeof(why)) != 0)
			return usage_error(c->cmd, "invalid option '%s': %s",
			    arg, why);
		s->noptions++;
		return 0;
	case OPT_PRINT:
		s->print = 1;
		return 0;
	case OPT_FROM_CLIPBOARD:
		s->from_clipboard = 1;
		return 0;
	case OPT_FORCE:
		s->force = 1;
		return 0;
	case OPT_NO_VERIFY:
		s->no_verify = 1;
		return 0;
	case OPT_CLEAN_KNOWN_HOSTS:
		s->clean_known_hosts = 1;
		return 0;
	case OPT_WAIT:
		s->wait = 1;
		return 0;
	}
	return usage_error(c->cmd, "unexpected option");
}

/* An unquoted paste ends option parsing: its -p, -l and -i are ssh's.
 * A quoted one is one word with blanks, an ordinary positional. */
static int
stop_at_paste(const char *word)
{
	return strcmp(word, "ssh") == 0 || strcmp(word, "SSH:") == 0;
}

/* One of add's long options (--name, --job=42, ...) among the words of
 * an unquoted paste: it was meant for ucjob, so say where it goes. */
static int
option_in_paste(struct ctx *c, int npos, char **pos)
{
	const struct option *o;
	size_t n;
	int i;

	for (i = 1; i < npos; i++) {
		if (strncmp(pos[i], "--", 2) != 0)
			continue;
		n = strcspn(pos[i] + 2, "=");
		for (o = add_longopts; o->name != NULL; o++)
			if (strlen(o->name) == n &&
			    strncmp(o->name, pos[i] + 2, n) == 0)
				return usage_error(c->cmd, "'%s' after the "
				    "pasted ssh command is taken as part of "
				    "it: put ucjob's options before the pasted "
				    "command, or quote the paste", pos[i]);
	}
	return 0;
}

/* A paste from standard input or the clipboard: 0 or an exit status
 * after saying why. */
static int
paste_status(struct ctx *c, enum paste_result r, const char *why)
{
	if (r == PASTE_FAIL) {
		error_line("%s", why);
		return EXIT_FAIL;
	}
	return r == PASTE_OK ? 0 : usage_error(c->cmd, "%s", why);
}

/* What the positional words say: a port or a paste. */
static int
read_target(struct ctx *c, char **pos, int npos, struct target *t)
{
	char why[1024];
	int rc;

	memset(t, 0, sizeof(*t));
	if (npos == 0)
		return usage_error(c->cmd, "missing PORT or pasted ssh command");
	if (npos == 1 && strcmp(pos[0], "-") == 0)
		return paste_status(c, paste_from_stream(stdin, t, why,
		    sizeof(why)), why);
	if (pasted_looks_like(npos, pos)) {
		if (stop_at_paste(pos[0]) &&
		    (rc = option_in_paste(c, npos, pos)) != 0)
			return rc;
		if (pasted_parse(npos, pos, t, why, sizeof(why)) != 0)
			return usage_error(c->cmd, "%s", why);
		return 0;
	}
	if (npos > 1)
		return usage_error(c->cmd, "unexpected '%s' after the port",
		    pos[1]);
	if (port_parse(pos[0], &t->port) != 0)
		return usage_error(c->cmd, "invalid port '%s': expected a "
		    "number from 1 to 65535", pos[0]);
	return 0;
}

/* Absolute, then ~/ when under the password database's home. */
static int
config_file_path(const char *given, char *out, size_t outlen,
    const char *what)
{
	char exp[PATH_LEN], abs[PATH_LEN], cwd[PATH_LEN];

	if (path_expand(given, exp, sizeof(exp)) != 0)
		return usage_error("add", "cannot use %s '%s'", what, given);
	if (!path_is_absolute(exp)) {
		if (getcwd(cwd, sizeof(cwd)) == NULL ||
		    (size_t)snprintf(abs, sizeof(abs), "%s/%s", cwd, exp) >=
		    sizeof(abs))
			return usage_error("add", "cannot use %s '%s'", what,
			    given);
	} else
		snprintf(abs, sizeof(abs), "%s", exp);
	if (!path_valid(abs))
		return usage_error("add", "invalid %s '%s': it holds a control "
		    "character, '#', '%%', '${', a quote or a backslash, which "
		    "ssh would read otherwise", what, abs);
	if (path_for_config(abs, out, outlen) != 0)
		return usage_error("add", "%s path too long", what);
	return 0;
}

/* The added= time: now, in UTC (never an environment variable's). */
static void
format_now(char *out, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, len, "1970-01-01T00:00:00Z");
}

/*
 * An add for a port that another entry already has updates that entry
 * (when no --name was given), rather than making a second entry that
 * leaves rm, show and ssh PORT ambiguous.  A --name for it is refused
 * unless --force asks for that second entry.
 * The alias becomes the other entry's; 0 or an exit status.
 */
static int
readd_pick(const struct config_doc *doc, struct add_state *s)
{
	const struct entry_view *self;
	char other[256], port[8];
	size_t idx[2], n;

	/* An entry made from the account (add --job with no port) is named
	 * after its job: the job, not the port, is its identity (ports are
	 * reused; the other entry's job has ended or will be synced). */
	if (s->name != NULL && s->name == s->job_alias)
		return 0;
	n = config_find_port(doc, s->entry.port, s->given.hostname ?
	    s->entry.hostname : NULL, s->alias, idx, 2);
	self = config_find(doc, s->alias, strlen(s->alias));
	snprintf(port, sizeof(port), "%d", s->entry.port);
	/* The named entry has the port already: sharing it is not new. */
	if (n == 0 || (s->name == NULL && self != NULL) ||
	    (s->name != NULL && s->force) || (self != NULL &&
	    self->port.len == strlen(port) && memcmp(doc->text +
	    self->port.off, port, self->port.len) == 0))
		return 0;
	span_copy(doc, doc->entries[idx[0]].alias, other, sizeof(other));
	if (n > 1 || !alias_valid(other)) {
		error_line("port %d is already used by several entries (see "
		    "'ucjob list'); name the one to update: ucjob add %d "
		    "--name ALIAS", s->entry.port, s->entry.port);
		return EXIT_USAGE;
	}
	if (s->name != NULL && self != NULL) {
		error_line("port %d is already used by %s; remove that entry "
		    "first (ucjob rm %s), then add %s again, or pass --force "
		    "to keep both", s->entry.port, other, other, s->alias);
		return EXIT_USAGE;
	}
	if (s->name != NULL) {
		error_line("port %d is already used by %s; to update that "
		    "entry: ucjob add %d --name %s; to give it the name %s "
		    "instead: ucjob rm %s first; --force adds a second entry",
		    s->entry.port, other, s->entry.port, other, s->alias,
		    other);
		return EXIT_USAGE;
	}
	snprintf(s->alias, sizeof(s->alias), "%s", other);
	s->other_port = 1;
	return 0;
}

/* A re-add keeps what the old entry says unless given again, and notes
 * what changes. */
static void
readd_merge(const struct config_doc *doc, const struct entry_view *old,
    struct add_state *s)
{
	entry_parse(doc->text + old->start, old->end - old->start, &s->old);
	entry_merge(&s->entry, &s->given, &s->old.e, s->nbase);
	s->endpoint_changed = entry_changes(&s->old.e, &s->entry, s->changes,
	    sizeof(s->changes));
}

static int
add_edit(const struct config_doc *doc, void *state, struct buf *out)
{
	struct add_state *s = state;
	const struct entry_view *old;
	struct buf text = { 0 };
	char added[32];
	int rc;

	if ((rc = readd_pick(doc, s)) != 0)
		return rc;
	old = config_find(doc, s->alias, strlen(s->alias));
	s->existed = old != NULL;
	if (old != NULL) {
		readd_merge(doc, old, s);
		span_copy(doc, old->hostname, s->was_host,
		    sizeof(s->was_host));
		span_copy(doc, old->port, s->was_port, sizeof(s->was_port));
	}
	s->bom = doc->bom > 0;
	/* Re-adding what is already there changes nothing, not even the
	 * time: only a real change gets a new added= stamp. */
	if (old != NULL && old->added.len > 0 && old->added.len < 32) {
		span_copy(doc, old->added, added, sizeof(added));
		s->entry.added = added;
		entry_render(&s->entry, doc->eol, &text);
		if (text.len == old->end - old->start &&
		    memcmp(text.data, doc->text + old->start, text.len) == 0) {
			buf_add(out, doc->text, doc->len);
			buf_free(&text);
			return 0;
		}
		text.len = 0;
	}
	s->entry.added = s->now;
	entry_render(&s->entry, doc->eol, &text);
	config_upsert(doc, s->alias, text.data, text.len, out);
	buf_free(&text);
	return 0;
}

/* Notes are the user's choice: host-key checking off and a Host of the
 * same name outside the block get a warning, a proxy a notice. */
static void
add_notes(const struct add_state *s, const struct verify_result *res)
{
	const struct mismatch *m;
	char line[2048];
	size_t i;

	for (i = 0; i < res->nmismatch; i++) {
		m = &res->mismatch[i];
		if (!mismatch_is_note(m))
			continue;
		note_describe(m, line, sizeof(line));
		if (m->kind == MISMATCH_NOTE && strncmp(m->keyword, "proxy",
		    5) == 0)
			notice("for %s, %s", s->entry.alias, line);
		else
			warning("for %s, %s", s->entry.alias, line);
	}
}

/* What the check of the new text means for the write: 0 or an exit
 * status after saying why.  file is the config ssh reads. */
static int
add_verdict(const struct add_state *s, const struct verify_result *res,
    const struct block_place *bp, const char *file)
{
	char line[2048], hint[PATH_LEN + 128];
	size_t i;
	int rc = 0;

	switch (res->status) {
	case VERIFY_OK:
		break;
	case VERIFY_CANNOT_RUN:
		error_line("cannot check the new entry with ssh -G: %s; pass "
		    "--no-verify to write it unchecked", res->error);
		rc = EXIT_FAIL;
		break;
	case VERIFY_REJECTED:
		if (res->already_rejected) {
			warning("OpenSSH already rejects %s, before "
			    "this change (%s): the entry is written but "
			    "unchecked; fix that line", file, res->already);
			break;
		}
		error_line("OpenSSH would reject %s with the new entry (%s); "
		    "nothing written", file, res->error);
		rc = EXIT_FAIL;
		break;
	case VERIFY_MISMATCH:
		for (i = 0; i < res->nmismatch; i++) {
			if (mismatch_is_note(&res->mismatch[i]))
				continue;
			mismatch_describe(&res->mismatch[i], line,
			    sizeof(line));
			mismatch_hint(&res->mismatch[i], bp, hint,
			    sizeof(hint));
			if (s->force)
				warning("for %s, %s%s (--force: "
				    "written anyway)", s->entry.alias,
				    res->mismatch[i].kind == MISMATCH_VALUE ?
				    "ssh's " : "", line);
			else
				error_line("for %s, %s%s; %s%sor pass --force",
				    s->entry.alias,
				    res->mismatch[i].kind == MISMATCH_VALUE ?
				    "ssh's " : "", line, hint,
				    hint[0] ? ", " : "");
		}
		if (!s->force)
			rc = EXIT_FAIL;
		break;
	}
	return rc;
}

/* Rule 8: the new text, in the temporary, must give ssh the entry's
 * values; a line that wins over them needs --force.  With the block in
 * another file (rule 10), ssh reads a copy of the main config that
 * includes the temporary where it includes the block's file. */
static int
add_verify(const struct verify_input *in, void *state)
{
	struct add_state *s = state;
	struct verify_new vn;
	struct verify_result *res;
	struct main_copy mc;
	struct block_place bp;
	char why[PATH_LEN + 512];
	int rc = 0;

	if (s->no_verify)
		return 0;
	if (verify_new_files(s->ssh, in, s->include, &vn, &mc, why,
	    sizeof(why)) != 0) {
		error_line("cannot check the new entry through ~/.ssh/config: "
		    "%s; pass --no-verify to write it unchecked", why);
		return EXIT_FAIL;
	}
	vn.want.alias = s->entry.alias;
	vn.want.hostname = s->entry.hostname;
	vn.want.port = s->entry.port;
	vn.want.user = s->entry.user;
	vn.want.identity = s->entry.identity;
	bp.block = "the block";
	if (s->include) {
		snprintf(s->include_line, sizeof(s->include_line),
		    "the Include of %s", in->path);
		bp.block = s->include_line;
	}
	res = xmalloc(sizeof(*res));
	if (verify_new_text(&vn, res, &bp, why, sizeof(why)) != 0) {
		error_line("%s", why);
		rc = EXIT_FAIL;
	} else {
		add_notes(s, res);
		rc = add_verdict(s, res, &bp, s->include ? mc.main : in->path);
	}
	free(res);
	main_copy_remove(&mc);
	return rc;
}

/* Keys of [HOST]:PORT in ~/.ssh/known_hosts, from using the job by hand
 * before: the entry never uses them.  Say so, or remove them. */
static void
old_known_hosts(const struct add_state *s)
{
	char file[PATH_LEN], name[300], why[1024];
	int has;

	if (path_expand("~/.ssh/known_hosts", file, sizeof(file)) != 0)
		return;
	if (s->entry.port == 22)
		snprintf(name, sizeof(name), "%s", s->entry.hostname);
	else
		snprintf(name, sizeof(name), "[%s]:%d", s->entry.hostname,
		    s->entry.port);
	if ((has = known_hosts_has(s->ssh_keygen, file, name, why,
	    sizeof(why))) < 0)
		warning("%s", why);
	if (has != 1)
		return;
	if (!s->clean_known_hosts) {
		notice("%s holds a key for %s from an earlier job reached by "
		    "hand; %s does not use it: remove it with 'ucjob add "
		    "--clean-known-hosts %d --name %s'", file, name,
		    s->entry.alias, s->entry.port, s->entry.alias);
		return;
	}
	if (known_hosts_forget(s->ssh_keygen, file, name, why,
	    sizeof(why)) == 0)
		info("removed the old key of %s from %s", name, file);
	else
		warning("%s", why);
}

/*
 * Rule 11: a port added again is a new job, a new host: forget the key
 * stored under the alias, in ucjob's file and in every file ssh uses for
 * the entry (a top-level UserKnownHostsFile may win).  A re-add that
 * changes nothing is the documented fix when a new job took the port, so
 * it forgets the key too, and says so.  Run under the config lock, as
 * ssh-keygen -R rewrites the whole file and two at once lose a removal.
 */
static void
add_forget(void *state, int changed)
{
	struct add_state *s = state;
	char why[1024], list[SSH_VALUE_LEN];
	int pinned;

	pinned = s->existed && s->known_hosts_abs[0] != '\0' &&
	    known_hosts_has(s->ssh_keygen, s->known_hosts_abs, s->alias, why,
	    sizeof(why)) == 1;
	if (verify_known_hosts_files(s->ssh, s->ssh_config, s->alias, list,
	    sizeof(list), why, sizeof(why)) != 1)
		list[0] = '\0';
	if (known_hosts_forget_all(s->ssh_keygen, s->known_hosts_abs, list,
	    s->alias, why, sizeof(why)) != 0)
		warning("%s", why);
	else if (!changed && pinned)
		notice("forgot the host key pinned for %s: a re-add means a new "
		    "job on port %d; ssh asks to confirm the new one",
		    s->alias, s->entry.port);
	else
		s->key_forgotten = pinned;	/* for added_message */
	old_known_hosts(s);
}

/* What the add did, in one line: for a re-add, what changed. */
static void
added_message(const struct add_state *s, int changed, const char *path)
{
	if (s->other_port)
		info("port %d is %s's: updating that entry", s->entry.port,
		    s->alias);
	if (!changed)
		info("%s is already up to date in %s", s->alias, path);
	else if (s->existed && s->changes[0] != '\0')
		info("updated %s in %s: %s%s", s->alias, path, s->changes,
		    s->key_forgotten ? "; host key forgotten" : "");
	else
		info("%s %s (%s@%s port %d) in %s", s->existed ? "updated" :
		    "added", s->alias, s->entry.user, s->entry.hostname,
		    s->entry.port, path);
}

static int
build_entry(struct ctx *c, struct add_state *s, const struct target *t,
    char *identity, char *known_hosts)
{
	char found[PATH_LEN], why[PATH_LEN * 3];
	enum identity_verdict v;
	const char *id, *refusal;
	size_t i;
	int have;

	s->entry.hostname = s->host ? s->host : t->host[0] ? t->host :
	    c->set.host;
	s->entry.user = s->user ? s->user : t->user[0] ? t->user :
	    c->set.user;
	s->given.hostname = s->host != NULL || t->host[0] != '\0';
	s->given.user = s->user != NULL || t->user[0] != '\0';
	s->given.identity = s->identity != NULL || t->identity[0] != '\0';
	s->given.job = s->job != NULL;
	s->given.forwards = s->nforwards > 0;
	s->given.options = s->noptions > 0;
	s->entry.port = t->port;
	if (s->name != NULL)
		snprintf(s->alias, sizeof(s->alias), "%s", s->name);
	else if ((size_t)snprintf(s->alias, sizeof(s->alias), "%s%d",
	    c->set.alias_prefix, t->port) >= sizeof(s->alias) ||
	    !alias_valid(s->alias))
		return usage_error(c->cmd, "invalid alias '%s%d' from the "
		    "alias-prefix setting", c->set.alias_prefix, t->port);
	s->entry.alias = s->alias;
	if (!host_valid(s->entry.hostname) || !user_valid(s->entry.user))
		return usage_error(c->cmd, "invalid host or user in the "
		    "settings");
	id = s->identity ? s->identity : t->identity[0] ? t->identity :
	    c->set.identity_file[0] ? c->set.identity_file : NULL;
	if (id == NULL) {
		have = key_find(c->set.key_type, found, sizeof(found)) == 0;
		if (key_pairs_advice(have ? found : NULL, found,
		    c->set.key_type, why, sizeof(why)) == 0) {
			if (have)
				notice("%s", why);
			else
				warning("%s", why);
		}
	}
	if (config_file_path(id ? id : found, identity, PATH_LEN,
	    "identity file") != 0 ||
	    config_file_path(c->set.known_hosts, known_hosts, PATH_LEN,
	    "known-hosts file") != 0)
		return EXIT_USAGE;
	if (id != NULL && (v = identity_problem(id, why, sizeof(why))) ==
	    IDENTITY_PUBLIC)
		return usage_error(c->cmd, "%s", why);
	else if (id != NULL && v != IDENTITY_OK)
		warning("%s", why);
	s->entry.identity = identity;
	s->entry.known_hosts = known_hosts;
	s->entry.accept_new = strcmp(c->set.host_key_checking,
	    "accept-new") == 0;
	memcpy(s->entry.forwards, s->forwards, sizeof(s->forwards));
	s->entry.nforwards = s->nforwards;
	if (c->set.noptions + s->noptions > ENTRY_MAX_OPTIONS)
		return usage_error(c->cmd, "too many options: the options "
		    "setting and -o give %zu, at most %d", c->set.noptions +
		    s->noptions, ENTRY_MAX_OPTIONS);
	for (i = 0; i < c->set.noptions; i++)
		s->entry.options[s->entry.noptions++] = c->set.options[i];
	s->nbase = s->entry.noptions;
	for (i = 0; i < s->noptions; i++) {
		if ((refusal = option_refusal(s->options[i],
		    (const char *const *)c->set.allow_options,
		    c->set.nallow_options)) != NULL)
			return usage_error(c->cmd, "invalid option -o '%s': "
			    "%.*s %s", s->options[i],
			    (int)strcspn(s->options[i], " "), s->options[i],
			    refusal);
		if (s->entry.noptions == ENTRY_MAX_OPTIONS)
			return usage_error(c->cmd, "too many options");
		s->entry.options[s->entry.noptions++] = s->options[i];
	}
	s->entry.job = s->job;
	format_now(s->now, sizeof(s->now));
	s->entry.added = s->now;
	return 0;
}

int
cmd_add(struct ctx *c, int argc, char **argv)
{
	static struct add_state s;
	struct wait_opts wo = { 0, 0, 0 };
	struct target t;
	struct buf text = { 0 };
	char path[PATH_LEN], identity[PATH_LEN], known_hosts[PATH_LEN];
	char why[1024];
	char **pos;
	int npos, rc, include, changed, by_hand = 0;

	memset(&s, 0, sizeof(s));
	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS "i:L:o:",
	    add_longopts, add_option, &s, &pos, &npos, stop_at_paste);
	if (rc == 0 && s.from_clipboard && npos > 0)
		rc = usage_error(c->cmd, "--from-clipboard takes no '%s'",
		    pos[0]);
	else if (rc == 0 && s.from_clipboard) {
		memset(&t, 0, sizeof(t));
		if ((rc = load_settings(c)) == 0)
			rc = paste_status(c, paste_from_clipboard(
			    c->set.clipboard, &t, why, sizeof(why)), why);
	} else if (rc == 0 && npos == 0 && s.job != NULL) {
		/* --job ID alone: the account says where the job is. */
		wo.wait = s.wait;
		if ((rc = load_settings(c)) == 0 &&
		    (rc = wait_job_target(c, s.job, &wo, &t, s.job_alias,
		    sizeof(s.job_alias))) == 0 && s.name == NULL)
			s.name = s.job_alias;
	} else if (rc == 0)
		rc = read_target(c, pos, npos, &t);
	free(pos);
	if (rc != 0 || (rc = load_settings(c)) != 0 ||
	    (rc = build_entry(c, &s, &t, identity, known_hosts)) != 0)
		return rc;
	if (s.print) {
		entry_render(&s.entry, "\n", &text);
		fwrite(text.data, 1, text.len, stdout);
		buf_free(&text);
		return 0;
	}
	s.ssh = c->set.ssh;
	s.ssh_keygen = c->set.ssh_keygen;
	if (path_expand(c->set.known_hosts, s.known_hosts_abs,
	    sizeof(s.known_hosts_abs)) != 0)
		s.known_hosts_abs[0] = '\0';
	if ((rc = config_path(c, path, sizeof(path), &include)) != 0 ||
	    (include && (rc = main_config_readable()) != 0))
		return rc;
	s.include = include;
	s.ssh_config = c->ssh_config_opt != NULL ? path : NULL;
	if ((rc = edit_config(c, path, &(struct edit){ add_edit,
	    add_verify, add_forget, &s }, &changed)) != 0)
		return rc;
	if (s.bom)
		warning("%s starts with a UTF-8 byte order mark, which "
		    "OpenSSH 9.2 rejects ('line 1: Bad configuration option'); "
		    "save it without one: sed -i '1s/^\\xEF\\xBB\\xBF//' %s",
		    path, path);
	if (c->dry_run)
		return include ? main_config_include(c, path, &by_hand) : 0;
	added_message(&s, changed, path);
	/* A pasted line must not move an entry to another host unseen. */
	if (changed && s.existed && s.was_host[0] != '\0' &&
	    strcmp(s.was_host, s.entry.hostname) != 0)
		warning("%s pointed at %s port %s; it now points at %s port "
		    "%d", s.alias, s.was_host, s.was_port, s.entry.hostname,
		    s.entry.port);
	if (include && (rc = main_config_include(c, path, &by_hand)) != 0)
		return rc;
	if (by_hand)
		return 0;	/* ssh does not see it yet */
	if (s.wait && (rc = wait_for_entry(c, s.alias, &wo)) != 0)
		return rc;
	if (c->ssh_config_opt != NULL)
		info("connect with: ssh -F %s %s", path, s.alias);
	else
		info("connect with: ssh %s", s.alias);
	return 0;
}
