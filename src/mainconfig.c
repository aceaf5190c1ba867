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

/* The ways an Include line may name the block's file. */
struct spellings {
	char		 written[PATH_LEN];	/* ~/... or absolute */
	char		 relative[PATH_LEN];	/* under ~/.ssh, or "" */
	const char	*names[3];
	size_t		 n;
};

static int
spellings_of(const char *block_file, struct spellings *sp)
{
	char ssh_dir[PATH_LEN];
	size_t n;

	memset(sp, 0, sizeof(*sp));
	if (path_for_config(block_file, sp->written, sizeof(sp->written)) != 0)
		return -1;
	sp->names[sp->n++] = sp->written;
	sp->names[sp->n++] = block_file;
	/* A relative Include is read under ~/.ssh ($HOME's, as Include
	 * expands ~ from $HOME). */
	n = (size_t)snprintf(ssh_dir, sizeof(ssh_dir), "%s/.ssh/", home_dir());
	if (n < sizeof(ssh_dir) && strncmp(block_file, ssh_dir, n) == 0 &&
	    block_file[n] != '\0') {
		snprintf(sp->relative, sizeof(sp->relative), "%s",
		    block_file + n);
		sp->names[sp->n++] = sp->relative;
	}
	return 0;
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

static int
include_edit(const struct config_doc *doc, void *state, struct buf *out)
{
	struct spellings *sp = state;

	if (config_has_include(doc, sp->names, sp->n))
		buf_add(out, doc->text, doc->len);
	else
		config_add_include(doc, sp->written, out);
	return 0;
}

int
main_config_include(struct ctx *c, const char *block_file, int *by_hand)
{
	struct spellings sp;
	struct config_doc doc;
	char main_config[PATH_LEN], why[PATH_MAX + 256], *data;
	size_t len;
	int changed, rc, present;

	*by_hand = 0;
	if ((rc = main_config_path(main_config, sizeof(main_config))) != 0)
		return rc;
	if (spellings_of(block_file, &sp) != 0) {
		error_line("cannot include %s: the path is too long",
		    block_file);
		return EXIT_FAIL;
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
	present = config_has_include(&doc, sp.names, sp.n);
	config_doc_free(&doc);
	free(data);
	if (present)
		return 0;
	warning("cannot write %s (%s): add this line to %s "
	    "yourself, before its first Host or Match line, or ssh does not "
	    "see the entry:", main_config, why, main_config);
	printf(strchr(sp.written, ' ') ? "Include \"%s\"\n" : "Include %s\n",
	    sp.written);
	*by_hand = 1;
	return 0;
}

/*
 * Where the Include that config_has_include finds starts: the smallest
 * end of its search (it reads the lines that start before
 * doc->first_section) at which it still finds the line, minus one.
 */
static size_t
include_offset(const struct config_doc *doc, const char *const *names,
    size_t n)
{
	struct config_doc d = *doc;
	size_t lo = doc->bom, hi = doc->first_section;

	while (hi - lo > 1) {
		d.first_section = lo + (hi - lo) / 2;
		if (config_has_include(&d, names, n))
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
	struct spellings sp;
	struct config_doc doc;
	char reason[512], *data;
	size_t len, at;

	if (file_read(mc->main, &data, &len, &mc->main_exists, why,
	    whylen) != 0)
		return -1;
	if (config_parse(data, len, &doc, reason, sizeof(reason)) !=
	    CONFIG_OK) {
		snprintf(why, whylen, "%s: %s", mc->main, reason);
		free(data);
		return -1;
	}
	if (spellings_of(block_file, &sp) == 0 &&
	    config_has_include(&doc, sp.names, sp.n))
		at = include_offset(&doc, sp.names, sp.n);
	else {
		/* As config_add_include places it. */
		at = doc.insert_at;
		if (doc.has_block && doc.block_start < at)
			at = doc.block_start;
	}
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
	int fd;

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
	    "%s/.config.ucjob-verify.XXXXXX", dir) >= sizeof(mc->tmp) ||
	    (fd = mkstemp(mc->tmp)) == -1) {
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
	if (close(fd) == -1 || off < mc->text.len) {
		snprintf(why, whylen, "cannot write %s: %s", mc->tmp,
		    strerror(errno));
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
