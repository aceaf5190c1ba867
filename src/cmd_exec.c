/*
 * cmd_exec: `ucjob ssh` (replace ucjob by ssh to the entry) and `ucjob
 * code` (open the job in VS Code).  Both only read the config, to turn a
 * port into its alias; the alias is then all that reaches the program.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "spawn.h"
#include "sshtok.h"
#include "ucjob.h"

#define CODE		"code"
#define CODE_DIR	"/work"		/* UCloud's working directory */
#define MAX_WORDS	1024

static const struct option exec_longopts[] = {
	GLOBAL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* A dry run of a command that writes nothing would look like a
 * rehearsal while doing the real thing: refuse it. */
static int
refuse_dry_run(const struct ctx *c)
{
	if (!c->dry_run)
		return 0;
	return usage_error(c->cmd, "-n (--dry-run) does not apply: %s "
	    "changes no file, it runs %s", c->cmd, strcmp(c->cmd, "code") ==
	    0 ? "VS Code" : "ssh");
}

/* With -v: the whole command line about to run, each word as it is. */
static void
debug_argv(const char *const *args)
{
	struct buf line = { 0 };
	size_t i;

	for (i = 0; args[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&line, " ");
		sshtok_put(&line, args[i]);
	}
	buf_add(&line, "", 1);
	debug("running %s", line.data);
	buf_free(&line);
}

/* The first word ends option parsing: the rest is the remote command. */
static int
first_word(const char *word)
{
	(void)word;
	return 1;
}

/* The alias that arg (ALIAS or PORT) names in the config, into alias;
 * path gets the config's path.  0 or an exit status. */
static int
find_alias(struct ctx *c, const char *arg, char *alias, size_t aliaslen,
    char *path, size_t pathlen)
{
	struct config_doc doc;
	char *data;
	size_t len;
	long k;
	int rc, include;

	if ((rc = load_settings(c)) != 0 ||
	    (rc = config_path(c, path, pathlen, &include)) != 0 ||
	    (rc = read_config(path, &data, &len, &doc)) != 0)
		return rc;
	if ((k = resolve_entry(&doc, arg, path)) < 0)
		rc = EXIT_USAGE;
	else
		span_copy(&doc, doc.entries[k].alias, alias, aliaslen);
	config_doc_free(&doc);
	free(data);
	return rc;
}

int
cmd_ssh(struct ctx *c, int argc, char **argv)
{
	const char *args[MAX_WORDS + 8];
	char alias[256], path[PATH_LEN], **pos;
	int npos, rc, i, n = 0;

	rc = parse_args(c, argc, argv, "+" GLOBAL_SHORTOPTS, exec_longopts,
	    NULL, NULL, &pos, &npos, first_word);
	if (rc == 0)
		rc = refuse_dry_run(c);
	if (rc == 0 && npos == 0)
		rc = usage_error(c->cmd, "name the job (ALIAS or PORT)");
	if (rc == 0 && npos > MAX_WORDS)
		rc = usage_error(c->cmd, "too many words in the command");
	if (rc != 0 || (rc = find_alias(c, pos[0], alias, sizeof(alias), path,
	    sizeof(path))) != 0) {
		free(pos);
		return rc;
	}
	args[n++] = c->set.ssh;
	if (c->ssh_config_opt != NULL) {
		args[n++] = "-F";
		args[n++] = path;
	}
	/* "--" before the alias: neither the alias nor the command after
	 * it is then read as ssh's options (ssh stops parsing there). */
	args[n++] = "--";
	args[n++] = alias;
	i = 1;
	if (npos > 1 && strcmp(pos[1], "--") == 0)
		i++;
	for (; i < npos; i++)
		args[n++] = pos[i];
	args[n] = NULL;
	debug_argv(args);
	spawn_exec(args);
	error_line("cannot run %s: %s%s%s", c->set.ssh, strerror(errno),
	    errno == ENOENT ? "; " : "",
	    errno == ENOENT ? spawn_install_hint(c->set.ssh) : "");
	free(pos);
	return EXIT_FAIL;
}

int
cmd_code(struct ctx *c, int argc, char **argv)
{
	const char *args[5];
	struct spawn_opts opts;
	struct spawn_result res;
	char alias[256], path[PATH_LEN], remote[300], how[128], **pos;
	int npos, rc;

	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, exec_longopts, NULL,
	    NULL, &pos, &npos, NULL);
	if (rc == 0)
		rc = refuse_dry_run(c);
	if (rc == 0 && npos == 0)
		rc = usage_error(c->cmd, "name the job (ALIAS or PORT)");
	if (rc == 0 && npos > 2)
		rc = usage_error(c->cmd, "unexpected '%s' after the directory",
		    pos[2]);
	if (rc == 0 && npos == 2 && pos[1][0] != '/')
		rc = usage_error(c->cmd, "the directory on the job must be "
		    "absolute, not '%s'", pos[1]);
	if (rc != 0 || (rc = find_alias(c, pos[0], alias, sizeof(alias), path,
	    sizeof(path))) != 0) {
		free(pos);
		return rc;
	}
	snprintf(remote, sizeof(remote), "ssh-remote+%s", alias);
	args[0] = CODE;
	args[1] = "--remote";
	args[2] = remote;
	args[3] = npos == 2 ? pos[1] : CODE_DIR;
	args[4] = NULL;
	if (c->ssh_config_opt != NULL)
		notice("note: VS Code reads ~/.ssh/config unless its "
		    "remote.SSH.configFile setting names %s", path);
	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_INHERIT;
	opts.stdout_mode = SPAWN_INHERIT;
	opts.stderr_mode = SPAWN_INHERIT;
	debug_argv(args);
	if (spawn_run(args, &opts, &res) != 0) {
		if (!res.started && res.start_errno == ENOENT)
			error_line("cannot open VS Code: the '%s' command is "
			    "not on PATH; %s", CODE,
			    spawn_install_hint(CODE));
		else
			error_line("cannot open VS Code: %s %s", CODE,
			    spawn_describe(&res, how, sizeof(how)));
		rc = EXIT_FAIL;
	}
	spawn_result_free(&res);
	free(pos);
	return rc;
}
