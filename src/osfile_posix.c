/*
 * osfile_posix: osfile.h on POSIX systems.  The lock is a fcntl lock; a
 * waiter that locked a lock file its holder had already removed tries
 * again.  Rule 5 is OpenSSH's: owner the user or root, not writable by
 * everyone (group write only warns: Debian's OpenSSH accepts it).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

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
		/* As fs.protected_symlinks: another user's link could
		 * point a write (as root: any write) at any file. */
		if (st.st_uid != geteuid() && st.st_uid != 0)
			return file_reason(why, whylen, "%s is a symbolic link "
			    "owned by another user (uid %lu); ucjob does not "
			    "follow it", cur, (unsigned long)st.st_uid);
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

/*
 * A directory where another user could plant the lock: owned by someone
 * else than the user or root (root may lock in a user's directory: the
 * lock is opened without following links and must be root's), or
 * writable by everyone without the sticky bit.
 */
static int
lock_dir_unsafe(const char *lock, char *why, size_t whylen)
{
	char dir[PATH_LEN];
	const char *base;
	struct stat st;

	os_split_path(lock, dir, sizeof(dir), &base);
	if (stat(dir, &st) == -1)
		return fail(why, whylen, "cannot lock in", dir);
	if (st.st_uid != geteuid() && st.st_uid != 0 && geteuid() != 0)
		return file_reason(why, whylen, "cannot lock in %s: it belongs "
		    "to another user (uid %lu)", dir, (unsigned long)st.st_uid);
	if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
		return file_reason(why, whylen, "cannot lock in %s: anyone "
		    "can write there; fix it with: chmod o-w %s", dir, dir);
	return 0;
}

/*
 * The lock file is shared by every waiter, so it is opened, not created
 * exclusively; O_NOFOLLOW keeps another user's symlink from making it
 * elsewhere, and a lock file that is not the user's regular file is
 * refused.
 */
int
os_lock(const char *lock, int *fdp, char *why, size_t whylen)
{
	struct flock fl;
	struct stat a, b;
	int fd;

	if (lock_dir_unsafe(lock, why, whylen) != 0)
		return 1;
	for (;;) {
		if ((fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC, 0600)) == -1)
			return fail(why, whylen, "cannot create lock file",
			    lock);
		if (fstat(fd, &a) == -1 || !S_ISREG(a.st_mode) ||
		    (a.st_uid != geteuid() && a.st_uid != 0)) {
			close(fd);
			return file_reason(why, whylen, "cannot lock %s: it "
			    "is not a regular file of yours; remove it if no "
			    "ucjob is running", lock);
		}
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
		if (fstat(fd, &a) == 0 && lstat(lock, &b) == 0 &&
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

enum owner_mode
os_dir_trust(const char *dir, char *why, size_t whylen)
{
	struct stat st;

	if (stat(dir, &st) == -1)
		return OWNER_MODE_OK;	/* the file's open said the rest */
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		snprintf(why, whylen, "%s belongs to another user (uid %lu), "
		    "who could replace the files in it", dir,
		    (unsigned long)st.st_uid);
		return OWNER_MODE_REFUSE;
	}
	if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
		snprintf(why, whylen, "%s is writable by everyone, who could "
		    "replace the files in it; fix it with: chmod o-w %s", dir,
		    dir);
		return OWNER_MODE_REFUSE;
	}
	if (st.st_mode & S_IWGRP) {
		snprintf(why, whylen, "%s is group-writable (fix: chmod g-w "
		    "%s)", dir, dir);
		return OWNER_MODE_WARN;
	}
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

/*
 * Running as root on another user's file (the file path names, or its
 * directory when it is missing, decides whose): the final target must
 * be that user's too, or the user could make root write where they
 * cannot.  Anyone else can only write where they could anyway.
 */
int
os_check_target_owner(const char *path, const char *real, char *why,
    size_t whylen)
{
	char dir[PATH_LEN];
	const char *base;
	struct stat st;
	uid_t owner;

	if (geteuid() != 0)
		return 0;
	if (lstat(path, &st) == -1) {
		os_split_path(path, dir, sizeof(dir), &base);
		if (stat(dir, &st) == -1)
			return 0;
	}
	if ((owner = st.st_uid) == 0)
		return 0;
	if (stat(real, &st) == -1) {
		os_split_path(real, dir, sizeof(dir), &base);
		if (stat(dir, &st) == -1)
			return 0;
		real = dir;
	}
	if (st.st_uid != owner)
		return file_reason(why, whylen, "%s belongs to uid %lu, who "
		    "could not write %s (owned by uid %lu); as root, ucjob "
		    "writes only what the config's owner could", path,
		    (unsigned long)owner, real, (unsigned long)st.st_uid);
	return 0;
}

/*
 * Give the temporary tmp the owner and group of the file it replaces,
 * so that replacing a file keeps them; refuse when that is not allowed.
 */
int
os_copy_owner(const char *from, const char *tmp, char *why, size_t whylen)
{
	struct stat a, b;
	int fd, rc = 0;

	if (stat(from, &a) == -1)
		return 0;
	if ((fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return fail(why, whylen, "cannot open", tmp);
	if (fstat(fd, &b) == -1)
		rc = fail(why, whylen, "cannot stat", tmp);
	else if ((a.st_uid != b.st_uid || a.st_gid != b.st_gid) &&
	    fchown(fd, a.st_uid, a.st_gid) == -1) {
		/* A user who is not in the file's group cannot give it
		 * back: that costs the group, not the owner, so go on. */
		rc = a.st_uid == b.st_uid && geteuid() != 0 ? 2 : 1;
		file_reason(why, whylen, "cannot keep the %s (%lu:%lu) of %s: "
		    "%s", rc == 2 ? "group" : "owner and group",
		    (unsigned long)a.st_uid, (unsigned long)a.st_gid, from,
		    strerror(errno));
	}
	/* chown clears set-id bits: put the mode back. */
	else if (a.st_uid != b.st_uid || a.st_gid != b.st_gid)
		(void)fchmod(fd, b.st_mode & 07777);
	close(fd);
	return rc;
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

void
os_no_core_dump(void)
{
	struct rlimit rl = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &rl);
#ifdef __linux__
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

void
os_unsetenv(const char *name)
{
	(void)unsetenv(name);
}
