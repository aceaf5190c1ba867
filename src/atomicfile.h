/*
 * atomicfile: read and replace a config file safely (SPEC.md section 3,
 * rules 4-6).  Lock, read, write a temporary beside the target (O_EXCL,
 * 0600), fsync, keep one backup, rename over the target, fsync the
 * directory.  A crash at any instant leaves the old or the new file.  A
 * symlink stays a symlink: its final target is what gets replaced.
 */
#ifndef UCJOB_ATOMICFILE_H
#define UCJOB_ATOMICFILE_H

#include <stddef.h>

#define ATOMIC_PATH_MAX	4096

struct atomic_file {
	char	 path[ATOMIC_PATH_MAX];	/* as named by the user */
	char	 real[ATOMIC_PATH_MAX];	/* after following symlinks */
	char	 lock[ATOMIC_PATH_MAX + 16];
	int	 lockfd;
	int	 exists;
	unsigned int mode;		/* permission bits to keep */
	char	*data;			/* the current contents: read only,
					   and not NUL-terminated when mapped */
	size_t	 len;
	int	 mapped;		/* data is a mapping of the file */
	char	 tmp[ATOMIC_PATH_MAX];	/* the written temporary, or "" */
	int	 no_dir;		/* the directory did not exist: it is
					   made (and locked) only on write */
	/* What was read, to tell whether another program replaced or
	 * rewrote the file meanwhile (editors do not take our lock). */
	unsigned long long id_dev, id_ino;
	long long id_size, id_sec;
	long	 id_nsec;
};

/*
 * Resolve path, take the lock (when its directory exists; otherwise
 * nothing is created until atomic_write_temp), check ownership and mode (rule 5: refuse a
 * file owned by another user or writable by everyone; warn about group
 * write), and read the current contents.  Stray temporaries of an earlier
 * killed run are removed.  Returns 0, or 1 with a reason in why (nothing
 * is held then).  The contents are mapped rather than copied when the
 * system allows it: under the lock no ucjob changes the file, and every
 * write replaces it by rename, so the mapped bytes stay as they were.
 */
int	atomic_open(const char *path, struct atomic_file *af, char *why,
	    size_t whylen);

/*
 * Replace the file with data: backup of the old version as
 * REAL.ucjob~, temporary, fsync, rename, directory fsync.  A missing
 * directory is created 0700.  Returns 0, or 1 with a reason in why (the
 * old file is then untouched and no temporary is left).  It is
 * atomic_write_temp followed by atomic_install.
 */
int	atomic_commit(struct atomic_file *af, const char *data, size_t len,
	    char *why, size_t whylen);

/*
 * The two halves of atomic_commit, so that the new text can be checked
 * (ssh -G -F af->tmp) before it replaces the file.  atomic_write_temp
 * writes and syncs data to a new temporary beside the target, named in
 * af->tmp; atomic_install keeps the backup and renames the temporary
 * over the target.  A temporary never installed is removed by
 * atomic_close.  Both return 0, or 1 with a reason in why.
 */
int	atomic_write_temp(struct atomic_file *af, const char *data, size_t len,
	    char *why, size_t whylen);
int	atomic_install(struct atomic_file *af, char *why, size_t whylen);

/* Remove a temporary not installed, release the lock (and remove the
 * lock file); free the contents. */
void	atomic_close(struct atomic_file *af);

/* Rule 5 on a stat of path: 0, or 1 with a reason (group write: warns). */
struct stat;
int	check_owner_mode(const struct stat *st, const char *path, char *why,
	    size_t whylen);

/*
 * Read a file without locking (readers see the old or the new version,
 * as every write is a rename).  A missing file reads as empty with
 * *exists = 0.  Returns 0, or 1 with a reason.
 */
int	file_read(const char *path, char **data, size_t *len, int *exists,
	    char *why, size_t whylen);

#endif
