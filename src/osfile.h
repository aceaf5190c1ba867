/*
 * osfile: the few file-system operations atomicfile.c is written over,
 * one implementation per system (osfile_posix.c, compat/win32/
 * osfile_win32.c).  Each does one system thing and holds no policy: the
 * lock, check, write, backup and replace cycle lives in atomicfile.c
 * alone.  Functions that can fail return 0, or 1 with a reason in why;
 * none prints.
 */
#ifndef UCJOB_OSFILE_H
#define UCJOB_OSFILE_H

#include <stddef.h>

/* What a file was when read, to tell whether it was replaced since. */
struct file_id {
	unsigned long long	dev, ino;
	long long		size, sec;
	long			nsec;
};

/* Owner and mode (or access control list) as OpenSSH judges them. */
enum owner_mode {
	OWNER_MODE_OK,
	OWNER_MODE_WARN,	/* accepted, but upstream OpenSSH refuses */
	OWNER_MODE_REFUSE
};

/* Write a reason into why; returns 1, the failure status.  Shared by
 * atomicfile.c (which defines it) and the osfile_*.c. */
int	file_reason(char *why, size_t whylen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* The final target of path's symbolic links (a dangling link names the
 * file it would create), or path itself. */
int	os_resolve(const char *path, char *real, size_t reallen, char *why,
	    size_t whylen);

/* Split path into its directory and last component (into path). */
void	os_split_path(const char *path, char *dir, size_t dirlen,
	    const char **base);

/* Whether dir does not exist. */
int	os_dir_missing(const char *dir);

/* mkdir -p; each new directory private to the user. */
int	os_make_dirs(const char *dir, char *why, size_t whylen);

/* Hold an exclusive lock on the file lock, made if missing; *fdp is the
 * handle.  os_unlock releases it and removes the file. */
int	os_lock(const char *lock, int *fdp, char *why, size_t whylen);
void	os_unlock(int fd, const char *lock);

/* Open path for reading into *fdp, refusing what is not a regular file;
 * a missing file is *exists = 0 and *fdp = -1. */
int	os_open_regular(const char *path, int *fdp, int *exists, char *why,
	    size_t whylen);

/* The identity of an open file, or of path (-1 on failure; a missing
 * file is *exists = 0). */
int	os_file_id(int fd, struct file_id *id);
int	os_path_id(const char *path, struct file_id *id, int *exists);

/* The permission bits a replacement keeps (0600 where there are none). */
unsigned int os_file_mode(int fd);

/*
 * SPEC.md section 3 rule 5 on the open file fd, or on path when fd is
 * -1 (a missing path is OWNER_MODE_OK).  Unless OK, why says what is
 * wrong and fix the command that mends it.
 */
enum owner_mode os_owner_mode(int fd, const char *path, char *why,
	    size_t whylen, char *fix, size_t fixlen);

/*
 * The rule for the directory dir (~/.ssh): what ssh-keygen and sshd
 * expect of it.  why says how it is (also when OK), fix the command
 * that mends it.  os_mkdir_command is the command that makes it so
 * ("mkdir -m 700"), for a fix.
 */
enum owner_mode os_dir_owner_mode(const char *dir, char *why,
	    size_t whylen, char *fix, size_t fixlen);
const char *os_mkdir_command(void);

/*
 * The directory a trusted file (the settings, the credentials) sits in:
 * refused when another user (not root) owns it or everyone may write it
 * without the sticky bit, as anyone could then swap the file; group
 * write warns.  why says what is wrong unless OK.
 */
enum owner_mode os_dir_trust(const char *dir, char *why, size_t whylen);

/* Remove the files in dir whose names start with prefix. */
void	os_remove_prefixed(const char *dir, const char *prefix);

/* Create a new file named prefix plus a unique suffix (into tmp),
 * exclusively and private, write data, set mode, sync and close it.  The
 * reason names target, the file the temporary is for. */
int	os_write_new(const char *prefix, const char *target, const char *data,
	    size_t len, unsigned int mode, char *tmp, size_t tmplen, char *why,
	    size_t whylen);

/* Running as root, refuse a final target real that the owner of path
 * (or of its directory) does not own; anyone else: 0. */
int	os_check_target_owner(const char *path, const char *real, char *why,
	    size_t whylen);

/* Give tmp the owner and group of from (when from exists): 0, 1 when
 * the owner cannot be kept, 2 when only the group cannot (a user not in
 * it); why says which. */
int	os_copy_owner(const char *from, const char *tmp, char *why,
	    size_t whylen);

/* A hard link to from, named to: 0 or -1. */
int	os_link(const char *from, const char *to);

/* Rename from over to in one step. */
int	os_replace(const char *from, const char *to, char *why, size_t whylen);

/* Remove path, quietly. */
void	os_remove(const char *path);

/* Make a rename in dir durable. */
int	os_sync_dir(const char *dir, char *why, size_t whylen);

/* Keep a token in memory out of core dumps (and, on Linux, from other
 * processes of the user); best effort. */
void	os_no_core_dump(void);

/* Take name out of the environment so that children do not inherit it. */
void	os_unsetenv(const char *name);

#endif
