/*
 * mainconfig: the main ~/.ssh/config of rule 10: its Include of the
 * block's file, added through edit_config or left to the user when the
 * file is read-only, and a temporary copy including a new block file,
 * for ssh -G.  It is part of add's command layer (it edits through
 * edit_config with the command's struct ctx), so it reports its errors
 * itself (msg.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "interrupt.h"
#include "mainconfig.h"
#include "msg.h"
#include "paths.h"
#include "sshconfig.h"
#include "validate.h"
#include "verify.h"

/*
 * One component of a glob as OpenSSH's Include reads it (glob(3)): '*',
 * '?', "[set]", "[!set]" and ranges.
 */
static int
component_matches(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t i, k;
	int negate, found;

	for (i = 0, k = 0; i < pn; i++, k++) {
		if (p[i] == '*') {
			while (i + 1 < pn && p[i + 1] == '*')
				i++;
			for (; k <= sn; k++)
				if (component_matches(p + i + 1, pn - i - 1,
				    s + k, sn - k))
					return 1;
			return 0;
		}
		if (k == sn)
			return 0;
		if (p[i] == '?')
			continue;
		if (p[i] == '[') {
			negate = i + 1 < pn && p[i + 1] == '!';
			found = 0;
			for (i += 1 + negate; i < pn && p[i] != ']'; i++) {
				if (i + 2 < pn && p[i + 1] == '-' &&
				    p[i + 2] != ']') {
					found |= s[k] >= p[i] && s[k] <= p[i + 2];
					i += 2;
				} else
					found |= s[k] == p[i];
			}
			if (found == negate)
				return 0;
			continue;
		}
		if (p[i] != s[k])
			return 0;
	}
	return k == sn;
}

/* Whether the glob pattern (absolute) matches path, '/' by '/'; a
 * leading '.' only matches a '.' written out, so "*" never matches
 * ".config.ucjob~". */
static int
glob_covers(const char *pattern, const char *path)
{
	size_t pn, sn;

	for (;;) {
		pn = strcspn(pattern, "/");
		sn = strcspn(path, "/");
		if ((path[0] == '.' && pattern[0] != '.') ||
		    !component_matches(pattern, pn, path, sn))
			return 0;
		if (pattern[pn] == '\0' || path[sn] == '\0')
			return pattern[pn] == path[sn];
		pattern += pn + 1;
		path += sn + 1;
	}
}

/*
 * Whether one word of an Include line names the block's file (arg): as
 * ssh expands it, "~/" from $HOME, a relative word under ~/.ssh, a glob
 * matched as glob(3) would.
 */
static int
include_covers(const char *word, void *arg)
{
	const char *block_file = arg;
	char full[PATH_LEN];
	int n;

	if (strncmp(word, "~/", 2) == 0)
		n = snprintf(full, sizeof(full), "%s/%s", home_dir(), word + 2);
	else if (word[0] != '/')
		n = snprintf(full, sizeof(full), "%s/.ssh/%s", home_dir(),
		    word);
	else
		n = snprintf(full, sizeof(full), "%s", word);
	return n > 0 && (size_t)n < sizeof(full) &&
	    glob_covers(full, block_file);
}

int
main_config_covers(const struct config_doc *doc, const char *block_file)
{
	return config_include_find(doc, include_covers, (void *)block_file);
}

int
main_config_path(char *out, size_t outlen)
{
	if (path_expand("~/.ssh/config", out, outlen) != 0) {
		error_line("cannot find ~/.ssh/config: the path is too long");
		return EXIT_FAIL;
	}
	return 0;
}

int
main_config_readable(void)
{
	struct config_doc doc;
	char main_config[PATH_LEN], *data;
	size_t len;
	int rc;

	if ((rc = main_config_path(main_config, sizeof(main_config))) != 0 ||
	    (rc = read_config(main_config, &data, &len, &doc)) != 0)
		return rc;
	config_doc_free(&doc);
	free(data);
	return 0;
}

static int
errno_read_only(int e)
{
	return e == EACCES || e == EROFS || e == EPERM;
}

/*
 * Whether the main config is read-only (a Nix store link, chattr +i,
 * mode 0444, a read-only directory): 1 with the reason in why.  Any
 * other trouble is for edit_config to find and report: 0.
 */
static int
read_only(const char *path, char *why, size_t whylen)
{
	char real[PATH_MAX], dir[PATH_MAX], *slash;

	if (realpath(path, real) != NULL) {
		if (access(real, W_OK) == -1 && errno_read_only(errno)) {
			snprintf(why, whylen, "%s: %s", real, strerror(errno));
			return 1;
		}
	} else if (errno != ENOENT ||
	    (size_t)snprintf(real, sizeof(real), "%s", path) >= sizeof(real))
		return 0;
	snprintf(dir, sizeof(dir), "%s", real);
	if ((slash = strrchr(dir, '/')) == NULL)
		return 0;
	if (slash == dir)
		slash++;
	*slash = '\0';
	if (access(dir, W_OK | X_OK) == -1 && errno_read_only(errno)) {
		snprintf(why, whylen, "%s: %s", dir, strerror(errno));
		return 1;
	}
	return 0;
}

/* What include_edit needs: the block's file and how to write it. */
struct include_want {
	const char	*block_file;
	char		 written[PATH_LEN];	/* ~/... or absolute */
};

static int
include_edit(const struct config_doc *doc, void *state, struct buf *out)
{
	struct include_want *w = state;

	if (main_config_covers(doc, w->block_file))
		buf_add(out, doc->text, doc->len);
	else
		config_add_include(doc, w->written, out);
	return 0;
}

int
main_config_include(struct ctx *c, const char *block_file, int *by_hand)
{
	struct include_want sp;
	struct config_doc doc;
	char main_config[PATH_LEN], why[PATH_MAX + 256], *data;
	size_t len;
	int changed, rc, present;

	*by_hand = 0;
	if ((rc = main_config_path(main_config, sizeof(main_config))) != 0)
		return rc;
	sp.block_file = block_file;
	if (path_for_config(block_file, sp.written, sizeof(sp.written)) != 0) {
		error_line("cannot include %s: the path is too long",
		    block_file);
		return EXIT_FAIL;
	}
	/* $HOME comes from the environment: a newline in it must not
	 * start a directive (rule 7, for paths). */
	if (!path_valid(sp.written)) {
		error_line("invalid path for an Include line: it holds a "
		    "control character, '#', '%%', '${', a quote or a "
		    "backslash (check $HOME and the ssh-config setting)");
		return EXIT_USAGE;
	}
	if (!read_only(main_config, why, sizeof(why))) {
		if ((rc = edit_config(c, main_config,
		    &(struct edit){ include_edit, NULL, NULL, &sp }, &changed)) != 0)
			return rc;
		if (changed && !c->dry_run)
			info("added 'Include %s' to %s", sp.written,
			    main_config);
		return 0;
	}
	if ((rc = read_config(main_config, &data, &len, &doc)) != 0)
		return rc;
	present = main_config_covers(&doc, block_file);
	config_doc_free(&doc);
	free(data);
	if (present)
		return 0;
	warning("cannot write %s (%s): add this line to %s yourself, "
	    "as its first line, or ssh does not see the entry:",
	    main_config, why, main_config);
	printf(strchr(sp.written, ' ') ? "Include \"%s\"\n" : "Include %s\n",
	    sp.written);
	*by_hand = 1;
	return 0;
}

/*
 * Where the Include that main_config_covers finds starts: the smallest
 * end of its search (it reads the lines that start before
 * doc->first_section) at which it still finds the line, minus one.
 */
static size_t
include_offset(const struct config_doc *doc, const char *block_file)
{
	struct config_doc d = *doc;
	size_t lo = doc->bom, hi = doc->first_section;

	while (hi - lo > 1) {
		d.first_section = lo + (hi - lo) / 2;
		if (main_config_covers(&d, block_file))
			hi = d.first_section;
		else
			lo = d.first_section;
	}
	return hi - 1;
}

/* The copy's text: the main config with "Include new_block" at the
 * place of the block's Include.  0, or -1 with why. */
static int
copy_text(const char *block_file, const char *new_block,
    struct main_copy *mc, char *why, size_t whylen)
{
	struct config_doc doc;
	char reason[512], *data;
	size_t len, at;

	if (!path_valid(new_block)) {
		snprintf(why, whylen, "invalid path for an Include line: it "
		    "holds a control character, '#', '%%', '${', a quote or a "
		    "backslash (check $HOME and the ssh-config setting)");
		return -1;
	}
	if (file_read(mc->main, &data, &len, &mc->main_exists, why,
	    whylen) != 0)
		return -1;
	if (config_parse(data, len, &doc, reason, sizeof(reason)) !=
	    CONFIG_OK) {
		snprintf(why, whylen, "%s: %s", mc->main, reason);
		free(data);
		return -1;
	}
	if (main_config_covers(&doc, block_file))
		at = include_offset(&doc, block_file);
	else
		at = doc.bom;	/* as config_add_include places it */
	buf_add(&mc->text, data, at);
	if (at == len && len > doc.bom && data[len - 1] != '\n')
		buf_adds(&mc->text, doc.eol);
	mc->stop = mc->text.len;
	buf_printf(&mc->text, strchr(new_block, ' ') ? "Include \"%s\"%s" :
	    "Include %s%s", new_block, doc.eol);
	buf_add(&mc->text, data + at, len - at);
	config_doc_free(&doc);
	free(data);
	return 0;
}

/* dir of path into out (path has a '/'). */
static void
dir_of(const char *path, char *out, size_t outlen)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(out, outlen, ".");
	else
		snprintf(out, outlen, "%.*s", slash == path ? 1 :
		    (int)(slash - path), path);
}

int
main_copy_make(const char *block_file, const char *new_block,
    struct main_copy *mc, char *why, size_t whylen)
{
	char dir[PATH_LEN];
	struct stat st;
	size_t off = 0;
	ssize_t w;
	int fd = -1, saved;

	memset(mc, 0, sizeof(*mc));
	if (path_expand("~/.ssh/config", mc->main, sizeof(mc->main)) != 0) {
		snprintf(why, whylen, "~/.ssh/config: the path is too long");
		return -1;
	}
	if (copy_text(block_file, new_block, mc, why, whylen) != 0) {
		buf_free(&mc->text);
		return -1;
	}
	/* Beside the main config; beside the new block when ~/.ssh is
	 * yet to be made. */
	dir_of(mc->main, dir, sizeof(dir));
	if (stat(dir, &st) == -1)
		dir_of(new_block, dir, sizeof(dir));
	if ((size_t)snprintf(mc->tmp, sizeof(mc->tmp),
	    "%s/.config.ucjob-verify.XXXXXX", dir) >= sizeof(mc->tmp))
		errno = ENAMETOOLONG;	/* not a stale errno in the message */
	else
		fd = mkstemp(mc->tmp);
	if (fd == -1) {
		snprintf(why, whylen, "cannot create a temporary file in %s: "
		    "%s", dir, strerror(errno));
		mc->tmp[0] = '\0';
		buf_free(&mc->text);
		return -1;
	}
	(void)interrupt_remember(mc->tmp);
	while (off < mc->text.len) {
		if ((w = write(fd, mc->text.data + off, mc->text.len - off)) ==
		    -1 && errno != EINTR)
			break;
		if (w > 0)
			off += (size_t)w;
	}
	/* The write's errno, else close's. */
	saved = off < mc->text.len ? errno : 0;
	if (close(fd) == -1 && saved == 0)
		saved = errno;
	if (saved != 0) {
		snprintf(why, whylen, "cannot write %s: %s", mc->tmp,
		    strerror(saved));
		main_copy_remove(mc);
		return -1;
	}
	debug("wrote %s to check the entry through %s", mc->tmp, mc->main);
	return 0;
}

void
main_copy_remove(struct main_copy *mc)
{
	if (mc->tmp[0] != '\0') {
		unlink(mc->tmp);
		interrupt_forget(mc->tmp);
	}
	mc->tmp[0] = '\0';
	buf_free(&mc->text);
}

int
verify_new_files(const char *ssh, const struct verify_input *in, int include,
    struct verify_new *vn, struct main_copy *mc, char *why, size_t whylen)
{
	memset(vn, 0, sizeof(*vn));
	memset(mc, 0, sizeof(*mc));
	vn->ssh = ssh;
	vn->path = in->path;
	vn->tmp = in->tmp;
	vn->text = in->new_text;
	vn->len = in->new_len;
	vn->existed = in->existed;
	if (!include)
		return 0;
	if (main_copy_make(in->path, in->tmp, mc, why, whylen) != 0)
		return -1;
	vn->main_path = mc->main;
	vn->main_exists = mc->main_exists;
	vn->main_tmp = mc->tmp;
	vn->main_text = mc->text.data;
	vn->main_len = mc->text.len;
	vn->main_stop = mc->stop;
	return 0;
}
