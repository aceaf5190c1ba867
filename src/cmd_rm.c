/*
 * cmd_rm: `ucjob rm`: remove entries and forget their host keys, in
 * ucjob's known-hosts file and in those ssh uses for the entry (a
 * top-level UserKnownHostsFile may win).  Every name is resolved before
 * anything is written: one unknown name and nothing changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "knownhosts.h"
#include "msg.h"
#include "paths.h"
#include "ucjob.h"
#include "verify.h"
#include "xmalloc.h"

struct rm_state {
	char		**names;
	int		  nnames;
	int		  all;
	int		  yes;		/* --yes: --all without asking */
	const char	 *path;
	char		**removed;	/* aliases, for the host keys */
	char		**files;	/* ssh's known-hosts files for each */
	size_t		  nremoved;
	const char	 *ssh;
	const char	 *ssh_config;	/* -F for ssh, or NULL */
	int		  dry_run;
	const char	 *ssh_keygen;
	const char	 *known_hosts;	/* ~ expanded, or "" */
};

static const struct option rm_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "all",	no_argument,	NULL, OPT_ALL },
	{ "yes",	no_argument,	NULL, OPT_YES },
	{ NULL, 0, NULL, 0 }
};

static int
rm_option(struct ctx *c, int opt, const char *arg, void *state)
{
	struct rm_state *s = state;

	(void)arg;
	if (opt == OPT_ALL) {
		s->all = 1;
		return 0;
	}
	if (opt == OPT_YES) {
		s->yes = 1;
		return 0;
	}
	return usage_error(c->cmd, "unexpected option");
}

/* The known-hosts files ssh uses for alias, asked while the entry is
 * still there: "" when ssh does not reach it (then ucjob's own file is
 * all there is to clean). */
static char *
ssh_files(const struct rm_state *s, const char *alias)
{
	char list[SSH_VALUE_LEN], why[1024];

	if (s->dry_run || verify_known_hosts_files(s->ssh, s->ssh_config,
	    alias, list, sizeof(list), why, sizeof(why)) != 1) {
		debug("the known-hosts files of %s: only ucjob's", alias);
		list[0] = '\0';
	}
	return xstrdup(list);
}

static int
rm_edit(const struct config_doc *doc, void *state, struct buf *out)
{
	struct rm_state *s = state;
	char *remove, alias[256];
	size_t i;
	long k;
	int n;

	remove = xcalloc(doc->nentries + 1, 1);
	for (n = 0; n < s->nnames; n++) {
		if ((k = resolve_entry(doc, s->names[n], s->path)) < 0) {
			free(remove);
			return EXIT_USAGE;
		}
		remove[k] = 1;
	}
	if (s->all)
		memset(remove, 1, doc->nentries);
	s->removed = xcalloc(doc->nentries + 1, sizeof(char *));
	s->files = xcalloc(doc->nentries + 1, sizeof(char *));
	for (i = 0; i < doc->nentries; i++) {
		if (!remove[i])
			continue;
		span_copy(doc, doc->entries[i].alias, alias, sizeof(alias));
		s->files[s->nremoved] = ssh_files(s, alias);
		s->removed[s->nremoved++] = xstrdup(alias);
	}
	config_remove(doc, remove, out);
	free(remove);
	return 0;
}

/* Rule 11: forget the removed entries' host keys.  Under the config lock:
 * ssh-keygen -R rewrites the whole file, so two at once lose a removal. */
static void
rm_forget(void *state, int changed)
{
	struct rm_state *s = state;
	char why[1024];
	size_t i;

	(void)changed;
	for (i = 0; i < s->nremoved; i++)
		if (known_hosts_forget_all(s->ssh_keygen, s->known_hosts,
		    s->files[i], s->removed[i], why, sizeof(why)) != 0)
			warning("%s", why);
}

int
cmd_rm(struct ctx *c, int argc, char **argv)
{
	struct rm_state s;
	char path[PATH_LEN], kh[PATH_LEN];
	int rc, include, changed;
	size_t i;

	memset(&s, 0, sizeof(s));
	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, rm_longopts,
	    rm_option, &s, &s.names, &s.nnames, NULL);
	if (rc == 0 && s.nnames == 0 && !s.all)
		rc = usage_error(c->cmd, "name the jobs to remove (ALIAS or "
		    "PORT), or --all");
	if (rc == 0 && s.nnames > 0 && s.all)
		rc = usage_error(c->cmd, "--all takes no names");
	if (rc == 0 && s.yes && !s.all)
		rc = usage_error(c->cmd, "--yes goes with --all");
	if (rc != 0 || (rc = load_settings(c)) != 0 ||
	    (rc = config_path(c, path, sizeof(path), &include)) != 0)
		goto out;
	s.path = path;
	/* On a terminal, --all asks first; a script (no terminal) is not
	 * asked, as before --yes existed. */
	if (s.all && !s.yes && !c->dry_run && isatty(STDIN_FILENO) &&
	    isatty(STDERR_FILENO) && !confirm("remove every entry from %s?",
	    path)) {
		info("nothing removed");
		goto out;
	}
	s.ssh = c->set.ssh;
	s.ssh_config = c->ssh_config_opt != NULL ? path : NULL;
	s.dry_run = c->dry_run;
	s.ssh_keygen = c->set.ssh_keygen;
	s.known_hosts = "";
	if (path_expand(c->set.known_hosts, kh, sizeof(kh)) == 0)
		s.known_hosts = kh;
	if ((rc = edit_config(c, path, &(struct edit){ rm_edit, NULL,
	    rm_forget, &s }, &changed)) != 0)
		goto out;
	if (c->dry_run)
		goto out;
	if (s.nremoved == 0)
		info("no jobs registered in %s", path);
	for (i = 0; i < s.nremoved; i++)
		info("removed %s", s.removed[i]);
out:
	for (i = 0; i < s.nremoved; i++) {
		free(s.removed[i]);
		free(s.files[i]);
	}
	free(s.removed);
	free(s.files);
	free(s.names);
	return rc;
}
