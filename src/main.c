/*
 * ucjob: SSH access to UCloud jobs.  main() reads the global options
 * that come before the command and hands the rest to the command, which
 * accepts the global options too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "msg.h"
#include "spawn.h"
#include "suggest.h"
#include "ucjob.h"

static const struct {
	const char *name;
	int (*fn)(struct ctx *, int, char **);
} commands[] = {
	{ "add",	cmd_add },
	{ "rm",		cmd_rm },
	{ "list",	cmd_list },
	{ "show",	cmd_show },
	{ "check",	cmd_check },
	{ "prune",	cmd_prune },
	{ "doctor",	cmd_doctor },
	{ "ssh",	cmd_ssh },
	{ "code",	cmd_code },
	{ "key",	cmd_key },
	{ "login",	cmd_login },
	{ "logout",	cmd_logout },
	{ "jobs",	cmd_jobs },
};

static const struct option main_longopts[] = {
	GLOBAL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static int
always(const char *word)
{
	(void)word;
	return 1;
}

/* Whether word asks for help itself: "help --help" is the overview. */
static int
is_help(const char *word)
{
	return strcmp(word, "help") == 0 || strcmp(word, "--help") == 0 ||
	    strcmp(word, "-h") == 0;
}

/* The command nearest to an unknown word, for "did you mean". */
static const char *
suggest_command(const char *word)
{
	const char *names[sizeof(commands) / sizeof(commands[0]) + 1];
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		names[i] = commands[i].name;
	names[i++] = "help";
	return suggest_nearest(word, names, i);
}

/* What the library modules ran, shown with --verbose (spawn.h). */
static void
trace_line(const char *line)
{
	debug("%s", line);
}

static int
run(int argc, char **argv)
{
	struct ctx c;
	static char help_option[] = "--help";
	const char *suggestion;
	char **pos, *help_argv[3];
	int npos, rc, cmdind;
	size_t i;

	memset(&c, 0, sizeof(c));
	rc = parse_args(&c, argc, argv, "+" GLOBAL_SHORTOPTS, main_longopts,
	    NULL, NULL, &pos, &npos, always);
	free(pos);
	if (rc != 0)
		return rc == EXIT_HELP ? 0 : rc;
	if (npos == 0) {
		/* No command is a usage error: the overview goes to stderr. */
		help_to(stderr, NULL);
		return EXIT_USAGE;
	}
	/* Parsing stopped at the command word. */
	cmdind = argc - npos;
	if (strcmp(argv[cmdind], "help") == 0) {
		if (cmdind + 1 >= argc || is_help(argv[cmdind + 1])) {
			help(NULL);
			return 0;
		}
		help_argv[0] = argv[cmdind + 1];
		help_argv[1] = help_option;
		help_argv[2] = NULL;
		argc = 2;
		argv = help_argv;
		cmdind = 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[cmdind], commands[i].name) != 0)
			continue;
		c.cmd = commands[i].name;
		rc = commands[i].fn(&c, argc - cmdind, argv + cmdind);
		if (c.set_loaded)
			settings_free(&c.set);
		return rc == EXIT_HELP ? 0 : rc;
	}
	if ((suggestion = suggest_command(argv[cmdind])) != NULL)
		return usage_error(NULL, "unknown command '%s' (did you mean "
		    "'%s'?)", argv[cmdind], suggestion);
	return usage_error(NULL, "unknown command '%s'", argv[cmdind]);
}

int
main(int argc, char **argv)
{
	int rc;

	interrupt_install();
	spawn_trace_hook = trace_line;
	rc = run(argc, argv);

	if (fflush(stdout) != 0 && rc == 0) {
		perror("ucjob: cannot write to standard output");
		rc = EXIT_FAIL;
	}
	return rc;
}
