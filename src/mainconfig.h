/*
 * mainconfig: ~/.ssh/config when the managed block lives in another file
 * (SPEC.md section 3, rule 10): that it can be read, that it Includes
 * the block's file (or, when it is read-only, the line printed for the
 * user), and the temporary copy through which add checks a new block the
 * way ssh will read it (rule 8).  It never edits the main config except
 * to add that one Include line, through edit_config.
 */
#ifndef UCJOB_MAINCONFIG_H
#define UCJOB_MAINCONFIG_H

#include <stddef.h>

#include "buf.h"
#include "ucjob.h"

/*
 * Whether the main config doc includes block_file at the top level,
 * under any spelling ssh reads the same way ("~/", absolute, relative
 * to ~/.ssh, a glob).  add and doctor both ask this.
 */
int	main_config_covers(const struct config_doc *doc,
	    const char *block_file);

/* ~/.ssh/config into out: 0, or EXIT_FAIL after saying why. */
int	main_config_path(char *out, size_t outlen);

/* Read and parse the main config (broken markers, UTF-16 and read
 * errors are refused): 0, or an exit status after saying why. */
int	main_config_readable(void);

/*
 * Make the main config Include block_file, on its first line.  When
 * the main config is read-only (EACCES, EROFS, EPERM on it
 * or its directory) and lacks the line, print the line on stdout for
 * the user, warn, and set *by_hand.  Returns 0 or an exit status.
 */
int	main_config_include(struct ctx *c, const char *block_file,
	    int *by_hand);

/* The main config as ssh would read it with a new version of the
 * block's file. */
struct main_copy {
	char		main[PATH_LEN];	/* ~/.ssh/config, expanded */
	int		main_exists;
	char		tmp[PATH_LEN];	/* the copy, or "" */
	struct buf	text;		/* the copy's text */
	size_t		stop;		/* where its Include of the new
					   block file starts */
};

/*
 * Write a temporary copy of the main config (beside it, O_EXCL, 0600)
 * with "Include new_block" where the Include of block_file stands, or
 * where main_config_include would put it.  Returns 0, or -1 with a
 * reason in why (nothing is left then).  main_copy_remove removes the
 * copy and frees the text.
 */
int	main_copy_make(const char *block_file, const char *new_block,
	    struct main_copy *mc, char *why, size_t whylen);
void	main_copy_remove(struct main_copy *mc);

struct verify_new;

/*
 * The file half of checking a new text with ssh -G, for add and sync:
 * vn (cleared) gets ssh, the files and the text of in; when the block
 * lives in another file (include), mc gets the main config's copy that
 * includes it, and vn its fields.  Returns 0, or -1 with a reason in why.
 */
int	verify_new_files(const char *ssh, const struct verify_input *in,
	    int include, struct verify_new *vn, struct main_copy *mc,
	    char *why, size_t whylen);

#endif
