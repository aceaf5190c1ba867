/*
 * osfile_posix: osfile.h on POSIX systems.  The lock is a fcntl lock; a
 * waiter that locked a lock file its holder had already removed tries
 * again.  Rule 5 is OpenSSH's: owner the user or root, not writable by
 * everyone (group write only warns: Debian's OpenSSH accepts it).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "osfile.h"
#include "paths.h"

#define MAX_LINKS	40

#ifdef __APPLE__
#define MTIME_NSEC(st)	((st)->st_mtimespec.tv_nsec)
#else
#define MTIME_NSEC(st)	((st)->st_mtim.tv_nsec)
#endif

static int
fail(char *why, size_t whylen, const char *what, const char *path)
{
	return file_reason(why, whylen, "%s %s: %s", what, path,
	    strerror(errno));
}

void
os_split_path(const char *path, char *dir, size_t dirlen, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		snprintf(dir, dirlen, ".");
		*base = path;
	} else if (slash == path) {
		snprintf(dir, dirlen, "/");
		*base = slash + 1;
	} else {
		snprintf(dir, dirlen, "%.*s", (int)(slash - path), path);
		*base = slash + 1;
	}
}

/* Follow symlinks by hand, so a dangling link still names its target. */
int
os_resolve(const char *path, char *real, size_t reallen, char *why,
    size_t whylen)
{
	char cur[PATH_LEN], link[PATH_LEN], dir[PATH_LEN];
	const char *base;
	struct stat st;
	ssize_t n;
	int hops;

	if (snprintf(cur, sizeof(cur), "%s", path) >= (int)sizeof(cur))
		return file_reason(why, whylen, "path too long: %s", path);
	for (hops = 0; hops < MAX_LINKS; hops++) {
		if (lstat(cur, &st) == -1 || !S_ISLNK(st.st_mode)) {
			if (snprintf(real, reallen, "%s", cur) >= (int)reallen)
				return file_reason(why, whylen,
				    "path too long: %s", cur);
			return 0;
		}
		if ((n = readlink(cur, link, sizeof(link) - 1)) == -1)
			return fail(why, whylen, "cannot read link", cur);
		link[n] = '\0';
		if (link[0] == '/')
			snprintf(cur, sizeof(cur), "%s", link);
		else {
			os_split_path(cur, dir, sizeof(dir), &base);
			if (snprintf(cur, sizeof(cur), "%s/%s", dir, link) >=
			    (int)sizeof(cur))
				return file_reason(why, whylen,
				    "path too long: %s", link);
		}
	}
	return file_reason(why, whylen, "cannot follow %s: too many levels of "
	    "symbolic links", path);
}

int
os_dir_missing(const char *dir)
{
	struct stat st;

	return stat(dir, &st) == -1 && errno == ENOENT;
}

int
os_make_dirs(const char *dir, char *why, size_t whylen)
{
	char p[PATH_LEN], c;
	struct stat st;
	size_t i;

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return file_reason(why, whylen, "path too long: %s", dir);
	for (i = 1; ; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		c = p[i];
		p[i] = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST &&
		    (stat(p, &st) == -1 || !S_ISDIR(st.st_mode)))
			return fail(why, whylen, "cannot create directory", p);
		p[i] = c;
		if (c == '\0')
			return 0;
	}
}

int
os_lock(const char *lock, int *fdp, char *why, size_t whylen)
{
	struct flock fl;
	struct stat a, b;
	int fd;

	for (;;) {
		if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
			return fail(why, whylen, "cannot create lock file",
			    lock);
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		while (fcntl(fd, F_SETLKW, &fl) == -1) {
			if (errno != EINTR) {
				fail(why, whylen, "cannot lock", lock);
				close(fd);
				return 1;
			}
		}
		/* The holder before us may have removed the file. */
		if (fstat(fd, &a) == 0 && stat(lock, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			break;
		close(fd);
	}
	*fdp = fd;
	return 0;
}

void
os_unlock(int fd, const char *lock)
{
	unlink(lock);
	close(fd);
}

int
os_open_regular(const char *path, int *fdp, int *exists, char *why,
    size_t whylen)
{
	struct stat st;
	int fd;

	*exists = 0;
	*fdp = -1;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		return fail(why, whylen, "cannot open", path);
	}
	if (fstat(fd, &st) == -1) {
		fail(why, whylen, "cannot stat", path);
		close(fd);
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return file_reason(why, whylen, "%s is %s, not a regular file",
		    path, S_ISDIR(st.st_mode) ? "a directory" :
		    "a special file");
	}
	*exists = 1;
	*fdp = fd;
	return 0;
}

static void
stat_id(const struct stat *st, struct file_id *id)
{
	id->dev = (unsigned long long)st->st_dev;
	id->ino = (unsigned long long)st->st_ino;
	id->size = (long long)st->st_size;
	id->sec = (long long)st->st_mtime;
	id->nsec = (long)MTIME_NSEC(st);
}

int
os_file_id(int fd, struct file_id *id)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return -1;
	stat_id(&st, id);
	return 0;
}

int
os_path_id(const char *path, struct file_id *id, int *exists)
{
	struct stat st;

	*exists = 0;
	if (stat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	*exists = 1;
	stat_id(&st, id);
	return 0;
}

unsigned int
os_file_mode(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return 0600;
	return st.st_mode & 07777;
}

enum owner_mode
os_owner_mode(int fd, const char *path, char *why, size_t whylen, char *fix,
    size_t fixlen)
{
	struct stat st;

	if (fd != -1 ? fstat(fd, &st) == -1 : stat(path, &st) == -1)
		return OWNER_MODE_OK;
	if (st.st_uid != getuid() && st.st_uid != 0) {
		snprintf(why, whylen, "%s is owned by another user (uid %lu); "
		    "OpenSSH would refuse it too", path,
		    (unsigned long)st.st_uid);
		snprintf(fix, fixlen, "chown %lu %s", (unsigned long)getuid(),
		    path);
		return OWNER_MODE_REFUSE;
	}
	if (st.st_mode & S_IWOTH) {
		snprintf(why, whylen, "%s is writable by everyone, which "
		    "OpenSSH refuses", path);
		snprintf(fix, fixlen, "chmod o-w %s", path);
		return OWNER_MODE_REFUSE;
	}
	if (st.st_mode & S_IWGRP) {
		snprintf(why, whylen, "%s is group-writable; upstream OpenSSH "
		    "refuses such a file", path);
		snprintf(fix, fixlen, "chmod g-w %s", path);
		return OWNER_MODE_WARN;
	}
	return OWNER_MODE_OK;
}

enum owner_mode
os_dir_owner_mode(const char *dir, char *why, size_t whylen, char *fix,
    size_t fixlen)
{
	struct stat st;

	snprintf(fix, fixlen, "chmod 700 %s", dir);
	if (stat(dir, &st) == -1) {
		snprintf(why, whylen, "cannot stat %s: %s", dir,
		    strerror(errno));
		return OWNER_MODE_WARN;
	}
	if (st.st_uid != getuid()) {
		snprintf(why, whylen, "%s belongs to another user (uid %lu)",
		    dir, (unsigned long)st.st_uid);
		snprintf(fix, fixlen, "chown %lu %s", (unsigned long)getuid(),
		    dir);
		return OWNER_MODE_REFUSE;
	}
	if ((st.st_mode & 077) != 0) {
		snprintf(why, whylen, "%s is mode %03o, not 700", dir,
		    (unsigned)(st.st_mode & 0777));
		return OWNER_MODE_WARN;
	}
	snprintf(why, whylen, "%s is mode 700", dir);
	return OWNER_MODE_OK;
}

const char *
os_mkdir_command(void)
{
	return "mkdir -m 700";
}

void
os_remove_prefixed(const char *dir, const char *prefix)
{
	char path[PATH_LEN];
	struct dirent *d;
	size_t n = strlen(prefix);
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL)
		if (strncmp(d->d_name, prefix, n) == 0 &&
		    snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) <
		    (int)sizeof(path))
			(void)unlink(path);
	closedir(dp);
}

static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t w;

	while (len > 0) {
		if ((w = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int
os_write_new(const char *prefix, const char *target, const char *data,
    size_t len, unsigned int mode, char *tmp, size_t tmplen, char *why,
    size_t whylen)
{
	int fd, saved;

	if (snprintf(tmp, tmplen, "%sXXXXXX", prefix) >= (int)tmplen)
		return file_reason(why, whylen, "path too long: %s", target);
	if ((fd = mkstemp(tmp)) == -1)
		return file_reason(why, whylen,
		    "cannot create a temporary file for "
		    "%s: %s", target, strerror(errno));
	if (write_all(fd, data, len) == -1 || fchmod(fd, mode) == -1 ||
	    fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return file_reason(why, whylen, "cannot write %s: %s (it is "
		    "unchanged)", target, strerror(saved));
	}
	if (close(fd) == -1) {
		saved = errno;
		unlink(tmp);
		return file_reason(why, whylen, "cannot write %s: %s (it is "
		    "unchanged)", target, strerror(saved));
	}
	return 0;
}

int
os_link(const char *from, const char *to)
{
	return link(from, to);
}

int
os_replace(const char *from, const char *to, char *why, size_t whylen)
{
	if (rename(from, to) == -1)
		return fail(why, whylen, "cannot replace", to);
	return 0;
}

void
os_remove(const char *path)
{
	(void)unlink(path);
}

int
os_sync_dir(const char *dir, char *why, size_t whylen)
{
	int fd, rc = 0;

	if ((fd = open(dir, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (fsync(fd) == -1 && errno != EINVAL)
		rc = fail(why, whylen, "cannot sync", dir);
	close(fd);
	return rc;
}
