/*
 * cmd_common: the machinery every command shares: options anywhere on
 * the line, settings, which file to edit, and the locked read, edit,
 * write (or diff) cycle.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "diff.h"
#include "msg.h"
#include "paths.h"
#include "ucjob.h"
#include "validate.h"
#include "xmalloc.h"

/* Print config text (show, a dry run's diff) line by line: tabs and
 * line ends stay, any other control character is made visible. */
void
put_text_visible(const char *s, size_t n, FILE *fp)
{
	size_t i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n' && s[i] != '\t' &&
		    !(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			continue;
		put_visible_n(s + start, i - start, fp);
		if (i < n)
			fputc(s[i], fp);
		start = i + 1;
	}
}

int
usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "ucjob: %s%s", cmd ? cmd : "", cmd ? ": " : "");
	put_visible_n(msg, strlen(msg), stderr);
	fprintf(stderr, " (see 'ucjob %s%s--help')\n", cmd ? cmd : "",
	    cmd ? " " : "");
	return EXIT_USAGE;
}

int
global_option(struct ctx *c, int opt, const char *arg)
{
	switch (opt) {
	case 'F':
		c->ssh_config_opt = arg;
		return 1;
	case 'c':
		c->settings_opt = arg;
		return 1;
	case OPT_SITE:
		c->site = arg;
		return 1;
	case 'n':
		c->dry_run = 1;
		return 1;
	case 'q':
		msg_quiet = 1;
		return 1;
	case 'v':
		msg_verbose = 1;
		return 1;
	}
	return 0;
}

/*
 * Make getopt start over on a new argv.  The BSDs and macOS keep their
 * scanning state until optreset is set; glibc and musl restart when
 * optind is set back.
 */
static void
reset_getopt(void)
{
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
	optreset = 1;
#endif
	optind = 1;
}

int
parse_args(struct ctx *c, int argc, char **argv, const char *shortopts,
    const struct option *longopts, option_fn fn, void *state, char ***posp,
    int *npos, int (*stop)(const char *))
{
	char **pos, ordered[64];
	int opt, word, n = 0;

	pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	*posp = pos;
	/*
	 * Options stop at the first word that is not one ("+"), and the
	 * loop below collects the words in between itself. glibc kept "+"
	 * from main's call; musl and the BSDs read it from each call.
	 */
	if (shortopts[0] != '+') {
		(void)snprintf(ordered, sizeof(ordered), "+%s", shortopts);
		shortopts = ordered;
	}
	opterr = 0;
	reset_getopt();
	for (;;) {
		word = optind;
		opt = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (opt == -1) {
			if (optind >= argc)
				break;
			if (strcmp(argv[optind - 1], "--") == 0 &&
			    optind - 1 >= word) {
				while (optind < argc)
					pos[n++] = argv[optind++];
				break;
			}
			if (stop != NULL && stop(argv[optind])) {
				while (optind < argc)
					pos[n++] = argv[optind++];
				break;
			}
			pos[n++] = argv[optind++];
			continue;
		}
		if (opt == 'h') {
			help(c->cmd);
			return EXIT_HELP;
		}
		if (opt == 'V') {
			printf("ucjob %s\n", VERSION);
			return EXIT_HELP;
		}
		if (opt == '?' || opt == ':') {
			const char *w = word < argc ? argv[word] : "?";

			if (optopt != 0 && strchr(shortopts, optopt) != NULL)
				return usage_error(c->cmd, "option '-%c' needs "
				    "an argument", optopt);
			if (strncmp(w, "--", 2) == 0 && strchr(w, '=') == NULL) {
				const struct option *o;

				for (o = longopts; o->name != NULL; o++)
					if (strcmp(o->name, w + 2) == 0)
						return usage_error(c->cmd,
						    "option '%s' needs an "
						    "argument", w);
			}
			return usage_error(c->cmd, "unknown option '%s'", w);
		}
		if (global_option(c, opt, optarg))
			continue;
		if (fn == NULL || fn(c, opt, optarg, state) != 0)
			return EXIT_USAGE;
	}
	*npos = n;
	return 0;
}

int
load_settings(struct ctx *c)
{
	char why[1024];

	if (c->set_loaded)
		return 0;
	/* Paths under ~ go into ssh configs: a newline in $HOME would
	 * start a directive there (issue 14, point 6). */
	if (!path_valid(home_dir())) {
		error_line("$HOME (%s) holds a control character, '#', '%%', "
		    "'${', a quote or a backslash, which ucjob cannot write "
		    "into an ssh config: set HOME to your home directory",
		    home_dir());
		return EXIT_USAGE;
	}
	if (settings_load(&c->set, c->settings_opt, c->site, why,
	    sizeof(why)) != 0) {
		error_line("%s", why);
		return EXIT_USAGE;
	}
	if (c->set.warning != NULL)
		warning("%s", c->set.warning);
	c->set_loaded = 1;
	return 0;
}

int
config_path(struct ctx *c, char *out, size_t outlen, int *include_in_main)
{
	char main_config[PATH_LEN];
	const char *want = c->ssh_config_opt ? c->ssh_config_opt :
	    c->set.ssh_config;

	*include_in_main = 0;
	if (path_expand(want, out, outlen) != 0) {
		error_line("cannot use ssh config path '%s': only "
		    "~/ is expanded", want);
		return EXIT_USAGE;
	}
	if (c->ssh_config_opt == NULL && c->set.ssh_config_set &&
	    path_expand("~/.ssh/config", main_config,
	    sizeof(main_config)) == 0 && strcmp(out, main_config) != 0)
		*include_in_main = 1;
	if (c->ssh_config_opt == NULL && home_differs() && !c->home_warned++)
		warning("$HOME (%s) is not your home directory in the "
		    "password database (%s): ssh reads the config there, not "
		    "%s; pass -F to both ucjob and ssh", home_dir(),
		    passwd_home(), out);
	return 0;
}

/* "; BACKUP holds ..." when the backup of path (backup_path) exists. */
static void
backup_hint(const char *path, char *out, size_t outlen)
{
	char real[PATH_LEN], backup[PATH_LEN + 8], why[256];
	struct file_id id;
	int exists = 0;

	out[0] = '\0';
	if (os_resolve(path, real, sizeof(real), why, sizeof(why)) != 0 ||
	    backup_path(real, backup, sizeof(backup)) != 0 ||
	    os_path_id(backup, &id, &exists) != 0 || !exists)
		return;
	snprintf(out, outlen, "; %s holds the file as it was before ucjob's "
	    "last change", backup);
}

static int
parse_or_complain(const char *path, const char *data, size_t len,
    struct config_doc *doc)
{
	char why[512], hint[PATH_LEN + 64];
	enum config_status st;

	if ((st = config_parse(data, len, doc, why, sizeof(why))) ==
	    CONFIG_OK)
		st = config_check_entries(doc, why, sizeof(why));
	if (st != CONFIG_OK) {
		hint[0] = '\0';
		if (st == CONFIG_MARKERS)
			backup_hint(path, hint, sizeof(hint));
		error_line("cannot use %s: %s%s", path, why, hint);
		config_doc_free(doc);
		return EXIT_FAIL;
	}
	return 0;
}

int
read_config(const char *path, char **data, size_t *len,
    struct config_doc *doc)
{
	char why[1024];
	int exists;

	if (file_read(path, data, len, &exists, why, sizeof(why)) != 0) {
		error_line("%s", why);
		return EXIT_FAIL;
	}
	if (parse_or_complain(path, *data, *len, doc) != 0) {
		free(*data);
		*data = NULL;
		return EXIT_FAIL;
	}
	return 0;
}

/* Write out through a temporary, letting verify look at it first. */
static int
commit_verified(struct atomic_file *af, const struct buf *out,
    const struct edit *e)
{
	struct verify_input in;
	char why[1024];
	int rc;

	if (atomic_write_temp(af, out->data, out->len, why, sizeof(why)) != 0) {
		error_line("%s", why);
		return EXIT_FAIL;
	}
	if (e->verify != NULL) {
		in.tmp = af->tmp;
		in.path = af->path;
		in.existed = af->exists;
		in.old_text = af->data;
		in.old_len = af->len;
		in.new_text = out->data;
		in.new_len = out->len;
		if ((rc = e->verify(&in, e->state)) != 0)
			return rc;	/* atomic_close removes the temporary */
	}
	if (atomic_install(af, why, sizeof(why)) != 0) {
		error_line("%s", why);
		return EXIT_FAIL;
	}
	debug("wrote %s", af->real);
	return 0;
}

/* Print and forget what the writer had to say without failing. */
static void
flush_warnings(struct atomic_file *af)
{
	if (af->warn[0] != '\0')
		warning("%s", af->warn);
	af->warn[0] = '\0';
}

/* Root writes only into what is an ssh config already (issue 14):
 * 0, or EXIT_FAIL after saying why. */
static int
refuse_foreign(const struct atomic_file *af, const struct config_doc *doc)
{
#ifndef _WIN32
	unsigned long line;

	if (geteuid() == 0 && (line = config_foreign_line(doc)) != 0) {
		error_line("%s line %lu does not start with an ssh_config "
		    "keyword; as root, ucjob writes only into an ssh config: "
		    "nothing written", af->real, line);
		return EXIT_FAIL;
	}
#else
	(void)af;
	(void)doc;
#endif
	return 0;
}

int
edit_config(struct ctx *c, const char *path, const struct edit *e,
    int *changed)
{
	struct atomic_file af;
	struct config_doc doc;
	struct buf out = { 0 }, diff = { 0 };
	char why[1024];
	int rc;

	*changed = 0;
	if (c->dry_run) {
		memset(&af, 0, sizeof(af));
		af.lockfd = -1;
		/* Rule 5 as atomic_open applies it: a dry run shows no diff
		 * for a file the real run would refuse. */
		if (file_owner_mode(path, why, sizeof(why), af.warn,
		    sizeof(af.warn)) != 0) {
			error_line("%s", why);
			return EXIT_FAIL;
		}
		flush_warnings(&af);
		if ((rc = read_config(path, &af.data, &af.len, &doc)) != 0)
			return rc;
	} else {
		if (atomic_open(path, &af, why, sizeof(why)) != 0) {
			error_line("%s", why);
			return EXIT_FAIL;
		}
		flush_warnings(&af);
		if ((rc = parse_or_complain(path, af.data, af.len, &doc)) != 0)
			goto done_nodoc;
		if ((rc = refuse_foreign(&af, &doc)) != 0)
			goto done;
	}
	if ((rc = e->fn(&doc, e->state, &out)) != 0)
		goto done;
	*changed = out.len != af.len || (out.len > 0 &&
	    memcmp(out.data, af.data, out.len) != 0);
	if (*changed && c->dry_run) {
		diff_unified(af.data, af.len, out.data, out.len, path, &diff);
		put_text_visible(diff.data, diff.len, stdout);
	} else if (*changed) {
		rc = commit_verified(&af, &out, e);
		flush_warnings(&af);
	}
	/* Still under the lock (atomic_close releases it). */
	if (rc == 0 && !c->dry_run && e->after != NULL)
		e->after(e->state, *changed);
done:
	config_doc_free(&doc);
done_nodoc:
	atomic_close(&af);
	buf_free(&out);
	buf_free(&diff);
	return rc;
}

long
resolve_entry(const struct config_doc *doc, const char *arg,
    const char *path)
{
	char port[8];
	long found = -1;
	size_t i;
	int p;

	if (config_find(doc, arg, strlen(arg)) != NULL) {
		found = (long)(config_find(doc, arg, strlen(arg)) -
		    doc->entries);
		/* An alias of digits could also be meant as a port. */
		for (i = 0; port_parse(arg, &p) == 0 && i < doc->nentries;
		    i++) {
			span_copy(doc, doc->entries[i].port, port,
			    sizeof(port));
			if ((long)i != found && strcmp(port, arg) == 0) {
				error_line("'%s' is both an alias and the port "
				    "of another entry in %s; name the alias "
				    "of the one you mean (see 'ucjob list')",
				    arg, path);
				return -1;
			}
		}
		return found;
	}
	if (port_parse(arg, &p) == 0) {
		for (i = 0; i < doc->nentries; i++) {
			span_copy(doc, doc->entries[i].port, port,
			    sizeof(port));
			if (strcmp(port, arg) != 0)
				continue;
			if (found != -1) {
				error_line("port %s is used by "
				    "several entries in %s; name the alias "
				    "(see 'ucjob list')", arg, path);
				return -1;
			}
			found = (long)i;
		}
		if (found != -1)
			return found;
	}
	error_line("no job '%s' in %s (see 'ucjob list')", arg,
	    path);
	return -1;
}

int
confirm(const char *fmt, ...)
{
	char question[PATH_LEN + 256], answer[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(question, sizeof(question), fmt, ap);
	va_end(ap);
	fputs("ucjob: ", stderr);
	put_visible_n(question, strlen(question), stderr);
	fputs(" [y/N] ", stderr);
	fflush(stderr);
	if (fgets(answer, sizeof(answer), stdin) == NULL)
		return 0;
	answer[strcspn(answer, " \t\r\n")] = '\0';
	return strcmp(answer, "y") == 0 || strcmp(answer, "Y") == 0 ||
	    strcmp(answer, "yes") == 0;
}
