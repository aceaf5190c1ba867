/*
 * atomicfile: read and replace a config file safely (SPEC.md section 3,
 * rules 4-6).  Lock, read, write a temporary beside the target
 * (exclusive, private), sync it, keep one backup, replace the target in
 * one step, sync the directory.  A crash at any instant leaves the old or
 * the new file.  A symlink stays a symlink: its final target is what gets
 * replaced.  Written once over the primitives of osfile.h; never prints.
 */
#ifndef UCJOB_ATOMICFILE_H
#define UCJOB_ATOMICFILE_H

#include <stddef.h>

#include "osfile.h"
#include "paths.h"

struct atomic_file {
	char	 path[PATH_LEN];	/* as named by the user */
	char	 real[PATH_LEN];	/* after following symlinks */
	char	 lock[PATH_LEN + 16];
	int	 lockfd;
	int	 exists;
	unsigned int mode;		/* permission bits to keep */
	char	*data;			/* the current contents, NUL-terminated */
	size_t	 len;
	char	 tmp[PATH_LEN];		/* the written temporary, or "" */
	int	 no_dir;		/* the directory did not exist: it is
					   made (and locked) only on write */
	struct file_id id;		/* what was read, to tell whether
					   another program replaced or
					   rewrote the file meanwhile */
	char	 warn[1024];		/* warnings for the caller, or "" */
};

/*
 * Resolve path, take the lock (when its directory exists; otherwise
 * nothing is created until atomic_write_temp), check ownership and mode
 * (rule 5: refuse a file owned by another user or writable by everyone;
 * group write goes to af->warn), and read the current contents.  Stray
 * temporaries of an earlier killed run are removed.  Returns 0, or 1
 * with a reason in why (nothing is held then).
 */
int	atomic_open(const char *path, struct atomic_file *af, char *why,
	    size_t whylen);

/*
 * Write and sync data to a new temporary beside the target, named in
 * af->tmp, so that it can be checked (ssh -G -F af->tmp) before
 * atomic_install keeps the backup (DIR/.BASE.ucjob~) and replaces the target
 * with it.  A missing directory is created private.  A temporary never
 * installed is removed by atomic_close.  Both return 0, or 1 with a
 * reason in why (the old file is then untouched); what went wrong
 * without failing (no backup kept) goes to af->warn.
 */
int	atomic_write_temp(struct atomic_file *af, const char *data, size_t len,
	    char *why, size_t whylen);
int	atomic_install(struct atomic_file *af, char *why, size_t whylen);

/* Remove a temporary not installed, release the lock (and remove the
 * lock file); free the contents. */
void	atomic_close(struct atomic_file *af);

/*
 * Rule 5 on path, as atomic_open applies it, for a dry run: 0 (group
 * write: a warning in warn, else warn is ""), or 1 with a reason in why.
 */
int	file_owner_mode(const char *path, char *why, size_t whylen,
	    char *warn, size_t warnlen);

/*
 * Rule 5 for a file ucjob trusts to name programs or hold a token (the
 * settings, the credentials), open as fd (-1: judged by path), and for
 * the directory it sits in (os_dir_trust): 0 (group write: a warning in
 * warn), or 1 with a reason in why.
 */
int	file_trusted(int fd, const char *path, char *why, size_t whylen,
	    char *warn, size_t warnlen);

/* The backup of the file real, DIR/.BASE.ucjob~, into out: 0, or 1 when
 * it does not fit. */
int	backup_path(const char *real, char *out, size_t outlen);

/*
 * Read a file without locking (readers see the old or the new version,
 * as every write is a rename).  A missing file reads as empty with
 * *exists = 0.  Returns 0, or 1 with a reason.
 */
int	file_read(const char *path, char **data, size_t *len, int *exists,
	    char *why, size_t whylen);

#endif
