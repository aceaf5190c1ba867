/*
 * atomicfile: lock, read, and atomically replace one file, keeping its
 * symlink, its mode and one backup.  The lock is a fcntl lock on
 * REAL.ucjob.lock; the lock file is removed on release, and a waiter that
 * locked a file already removed simply tries again.  The locked file is
 * mapped, not copied: a big config then costs no copy and no fresh pages.
 * A program that is not ucjob and truncates the file in place meanwhile
 * makes ucjob die of SIGBUS before it writes anything, where a read would
 * have handed it a torn file to write back.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "msg.h"

#define TMP_TAG		".ucjob-tmp."
#define MAX_LINKS	40

/* Write a reason into why; returns 1, the failure status. */
static int
say(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return 1;
}

static int
fail(char *why, size_t whylen, const char *what, const char *path)
{
	return say(why, whylen, "%s %s: %s", what, path, strerror(errno));
}

/* Split path into its directory and last component. */
static void
split_path(const char *path, char *dir, size_t dirlen, const char **base)
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
static int
resolve(const char *path, char *real, size_t reallen, char *why,
    size_t whylen)
{
	char cur[ATOMIC_PATH_MAX], link[ATOMIC_PATH_MAX], dir[ATOMIC_PATH_MAX];
	const char *base;
	struct stat st;
	ssize_t n;
	int hops;

	if (snprintf(cur, sizeof(cur), "%s", path) >= (int)sizeof(cur)) {
		say(why, whylen, "path too long: %s", path);
		return 1;
	}
	for (hops = 0; hops < MAX_LINKS; hops++) {
		if (lstat(cur, &st) == -1 || !S_ISLNK(st.st_mode)) {
			snprintf(real, reallen, "%s", cur);
			return 0;
		}
		if ((n = readlink(cur, link, sizeof(link) - 1)) == -1)
			return fail(why, whylen, "cannot read link", cur);
		link[n] = '\0';
		if (link[0] == '/')
			snprintf(cur, sizeof(cur), "%s", link);
		else {
			split_path(cur, dir, sizeof(dir), &base);
			if (snprintf(cur, sizeof(cur), "%s/%s", dir, link) >=
			    (int)sizeof(cur)) {
				say(why, whylen, "path too long: %s", link);
				return 1;
			}
		}
	}
	say(why, whylen, "cannot follow %s: too many levels of symbolic "
	    "links", path);
	return 1;
}

/* mkdir -p, each new directory 0700. */
static int
make_dirs(const char *dir, char *why, size_t whylen)
{
	char p[ATOMIC_PATH_MAX];
	struct stat st;
	size_t i;

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return 1;
	for (i = 1; ; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];

		p[i] = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST &&
		    (stat(p, &st) == -1 || !S_ISDIR(st.st_mode)))
			return fail(why, whylen, "cannot create directory", p);
		p[i] = c;
		if (c == '\0')
			return 0;
	}
}

static int
read_fd(int fd, const char *path, char **data, size_t *len, char *why,
    size_t whylen)
{
	size_t cap = 0, n = 0;
	char *p = NULL, *np;
	struct stat st;
	ssize_t r;

	if (fstat(fd, &st) == 0 && st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	for (;;) {
		if (p == NULL || n + 1 >= cap) {
			cap = p == NULL && cap > 0 ? cap + 1 : cap ? cap * 2 :
			    4096;
			if ((np = realloc(p, cap)) == NULL) {
				free(p);
				return fail(why, whylen, "cannot read", path);
			}
			p = np;
		}
		if ((r = read(fd, p + n, cap - n - 1)) == -1) {
			if (errno == EINTR)
				continue;
			free(p);
			return fail(why, whylen, "cannot read", path);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

/* Open path for reading; refuse what is not a regular file. */
static int
open_regular(const char *path, int *fdp, int *exists, char *why,
    size_t whylen)
{
	struct stat st;
	int fd;

	*exists = 0;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		if (errno == ENOENT) {
			*fdp = -1;
			return 0;
		}
		return fail(why, whylen, "cannot open", path);
	}
	if (fstat(fd, &st) == -1) {
		close(fd);
		return fail(why, whylen, "cannot stat", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		say(why, whylen, "%s is %s, not a regular file", path,
		    S_ISDIR(st.st_mode) ? "a directory" : "a special file");
		return 1;
	}
	*exists = 1;
	*fdp = fd;
	return 0;
}

int
file_read(const char *path, char **data, size_t *len, int *exists,
    char *why, size_t whylen)
{
	int fd, rc;

	*data = NULL;
	*len = 0;
	if (open_regular(path, &fd, exists, why, whylen) != 0)
		return 1;
	if (fd == -1) {
		if ((*data = calloc(1, 1)) == NULL)
			return fail(why, whylen, "cannot read", path);
		return 0;
	}
	rc = read_fd(fd, path, data, len, why, whylen);
	close(fd);
	return rc;
}

/* Rule 5: OpenSSH refuses such files, so ucjob does too. */
int
check_owner_mode(const struct stat *st, const char *path, char *why,
    size_t whylen)
{
	if (st->st_uid != getuid() && st->st_uid != 0) {
		say(why, whylen, "%s is owned by another user (uid %lu); "
		    "OpenSSH would refuse it too", path,
		    (unsigned long)st->st_uid);
		return 1;
	}
	if (st->st_mode & S_IWOTH) {
		say(why, whylen, "%s is writable by everyone, which "
		    "OpenSSH refuses; fix it with: chmod o-w %s", path, path);
		return 1;
	}
	if (st->st_mode & S_IWGRP)
		warning("%s is group-writable; upstream OpenSSH "
		    "refuses such a file (fix: chmod g-w %s)", path, path);
	return 0;
}

static int
take_lock(struct atomic_file *af, char *why, size_t whylen)
{
	struct flock fl;
	struct stat a, b;
	int fd;

	for (;;) {
		if ((fd = open(af->lock, O_RDWR | O_CREAT | O_CLOEXEC,
		    0600)) == -1)
			return fail(why, whylen, "cannot create lock file",
			    af->lock);
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		while (fcntl(fd, F_SETLKW, &fl) == -1) {
			if (errno != EINTR) {
				close(fd);
				return fail(why, whylen, "cannot lock",
				    af->lock);
			}
		}
		/* The holder before us may have removed the file. */
		if (fstat(fd, &a) == 0 && stat(af->lock, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			break;
		close(fd);
	}
	af->lockfd = fd;
	return 0;
}

/* Under the lock nobody else writes: any temporary is a killed run's. */
static void
remove_stray_temporaries(const char *dir, const char *base)
{
	char prefix[NAME_MAX + 32], path[ATOMIC_PATH_MAX];
	struct dirent *d;
	DIR *dp;
	size_t n;

	n = (size_t)snprintf(prefix, sizeof(prefix), ".%s" TMP_TAG, base);
	if (n >= sizeof(prefix) || (dp = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strncmp(d->d_name, prefix, n) != 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) <
		    (int)sizeof(path) && unlink(path) == 0)
			debug("removed stale temporary %s", path);
	}
	closedir(dp);
}

/*
 * A program that truncates the mapped file in place (an editor writing
 * through a symlink does) makes reading the lost pages raise SIGBUS.
 * Nothing is written yet at that point, so say so and stop; the next run
 * removes the temporary and the lock file is free once we are gone.
 */
static char bus_message[ATOMIC_PATH_MAX + 128];
static size_t bus_message_len;

static void
on_sigbus(int sig)
{
	ssize_t r;

	(void)sig;
	r = write(STDERR_FILENO, bus_message, bus_message_len);
	(void)r;
	_exit(1);
}

static int
guard_mapping(const char *path)
{
	struct sigaction sa;
	int n;

	n = snprintf(bus_message, sizeof(bus_message), "ucjob: %s was cut "
	    "short by another program while ucjob read it; nothing written: "
	    "run the command again\n", path);
	if (n < 0 || (size_t)n >= sizeof(bus_message))
		return -1;
	bus_message_len = (size_t)n;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGBUS, &sa, NULL);
}

#ifdef __APPLE__
#define MTIME_NSEC(st)	((st)->st_mtimespec.tv_nsec)
#else
#define MTIME_NSEC(st)	((st)->st_mtim.tv_nsec)
#endif

static void
remember_identity(struct atomic_file *af, const struct stat *st)
{
	af->id_dev = (unsigned long long)st->st_dev;
	af->id_ino = (unsigned long long)st->st_ino;
	af->id_size = (long long)st->st_size;
	af->id_sec = (long long)st->st_mtime;
	af->id_nsec = (long)MTIME_NSEC(st);
}

/* Whether the file is still the one that was read (or still absent). */
static int
unchanged(const struct atomic_file *af)
{
	struct stat st;

	if (stat(af->real, &st) == -1)
		return errno == ENOENT && !af->exists;
	return af->exists && af->id_dev == (unsigned long long)st.st_dev &&
	    af->id_ino == (unsigned long long)st.st_ino &&
	    af->id_size == (long long)st.st_size &&
	    af->id_sec == (long long)st.st_mtime &&
	    af->id_nsec == (long)MTIME_NSEC(&st);
}

int
atomic_open(const char *path, struct atomic_file *af, char *why,
    size_t whylen)
{
	char dir[ATOMIC_PATH_MAX];
	const char *base;
	struct stat st;
	void *map;
	int fd;

	memset(af, 0, sizeof(*af));
	af->lockfd = -1;
	snprintf(af->path, sizeof(af->path), "%s", path);
	if (resolve(path, af->real, sizeof(af->real), why, whylen) != 0)
		return 1;
	split_path(af->real, dir, sizeof(dir), &base);
	snprintf(af->lock, sizeof(af->lock), "%s.ucjob.lock", af->real);
	/* Nothing is created before the edit is known to be good. */
	if (stat(dir, &st) == -1 && errno == ENOENT) {
		af->no_dir = 1;
		af->mode = 0600;
		if ((af->data = calloc(1, 1)) == NULL)
			return fail(why, whylen, "cannot read", af->real);
		return 0;
	}
	if (take_lock(af, why, whylen) != 0)
		return 1;
	remove_stray_temporaries(dir, base);
	if (open_regular(af->real, &fd, &af->exists, why, whylen) != 0)
		goto bad;
	if (!af->exists) {
		af->mode = 0600;
		if ((af->data = calloc(1, 1)) == NULL)
			goto bad;
		return 0;
	}
	if (fstat(fd, &st) == -1 ||
	    check_owner_mode(&st, af->real, why, whylen) != 0) {
		close(fd);
		goto bad;
	}
	if (st.st_size > 0 && (uintmax_t)st.st_size <= SIZE_MAX &&
	    guard_mapping(af->real) == 0 &&
	    (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
	    0)) != MAP_FAILED) {
		af->data = map;
		af->len = (size_t)st.st_size;
		af->mapped = 1;
	} else if (read_fd(fd, af->real, &af->data, &af->len, why,
	    whylen) != 0) {
		close(fd);
		goto bad;
	}
	af->mode = st.st_mode & 07777;
	remember_identity(af, &st);
	close(fd);
	return 0;
bad:
	atomic_close(af);
	return 1;
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

/* Write data to a new temporary in dir; its name goes to tmp. */
static int
write_temporary(const char *dir, const char *base, const char *data,
    size_t len, unsigned int mode, char *tmp, size_t tmplen, char *why,
    size_t whylen)
{
	int fd, saved;

	if (snprintf(tmp, tmplen, "%s/.%s" TMP_TAG "XXXXXX", dir, base) >=
	    (int)tmplen) {
		say(why, whylen, "path too long: %s", dir);
		return 1;
	}
	if ((fd = mkstemp(tmp)) == -1)
		return fail(why, whylen, "cannot create a temporary file in",
		    dir);
	if (write_all(fd, data, len) == -1 || fchmod(fd, mode) == -1 ||
	    fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return say(why, whylen, "cannot write %s/%s: %s (it is "
		    "unchanged)", dir, base, strerror(saved));
	}
	if (close(fd) == -1) {
		saved = errno;
		unlink(tmp);
		return say(why, whylen, "cannot write %s/%s: %s (it is "
		    "unchanged)", dir, base, strerror(saved));
	}
	return 0;
}

/* One rolling backup: a hard link to the old version, else a copy. */
static void
keep_backup(struct atomic_file *af, const char *dir, const char *base)
{
	char backup[ATOMIC_PATH_MAX + 8], tmp[ATOMIC_PATH_MAX], why[512];

	if (snprintf(backup, sizeof(backup), "%s.ucjob~", af->real) >=
	    (int)sizeof(backup))
		return;
	if (snprintf(tmp, sizeof(tmp), "%s/.%s" TMP_TAG "backup", dir,
	    base) >= (int)sizeof(tmp))
		return;
	unlink(tmp);
	if (link(af->real, tmp) == 0) {
		/* When the backup already is the target's inode (a run was
		 * killed between its backup and its rename), rename() does
		 * nothing and leaves tmp: remove it then. */
		if (rename(tmp, backup) == 0) {
			unlink(tmp);
			return;
		}
		unlink(tmp);
	}
	if (write_temporary(dir, base, af->data, af->len, 0600, tmp,
	    sizeof(tmp), why, sizeof(why)) != 0) {
		warning("no backup kept: %s", why);
		return;
	}
	if (rename(tmp, backup) == -1) {
		warning("no backup kept: cannot write %s: %s", backup,
		    strerror(errno));
		unlink(tmp);
	}
}

int
atomic_write_temp(struct atomic_file *af, const char *data, size_t len,
    char *why, size_t whylen)
{
	char dir[ATOMIC_PATH_MAX];
	const char *base;

	split_path(af->real, dir, sizeof(dir), &base);
	if (af->no_dir) {
		if (make_dirs(dir, why, whylen) != 0 ||
		    take_lock(af, why, whylen) != 0)
			return 1;
		af->no_dir = 0;
	}
	if (write_temporary(dir, base, data, len, af->mode, af->tmp,
	    sizeof(af->tmp), why, whylen) != 0) {
		af->tmp[0] = '\0';
		return 1;
	}
	return 0;
}

int
atomic_install(struct atomic_file *af, char *why, size_t whylen)
{
	char dir[ATOMIC_PATH_MAX];
	const char *base;
	int dfd;

	split_path(af->real, dir, sizeof(dir), &base);
	if (!unchanged(af)) {
		unlink(af->tmp);
		af->tmp[0] = '\0';
		return say(why, whylen, "%s was changed by another program "
		    "while ucjob was working; nothing written: run the "
		    "command again", af->real);
	}
	if (af->exists)
		keep_backup(af, dir, base);
	if (rename(af->tmp, af->real) == -1) {
		int saved = errno;

		unlink(af->tmp);
		af->tmp[0] = '\0';
		errno = saved;
		return fail(why, whylen, "cannot replace", af->real);
	}
	af->tmp[0] = '\0';
	if ((dfd = open(dir, O_RDONLY | O_CLOEXEC)) != -1) {
		if (fsync(dfd) == -1 && errno != EINVAL)
			warning("cannot sync %s: %s", dir,
			    strerror(errno));
		close(dfd);
	}
	return 0;
}

int
atomic_commit(struct atomic_file *af, const char *data, size_t len,
    char *why, size_t whylen)
{
	if (atomic_write_temp(af, data, len, why, whylen) != 0)
		return 1;
	return atomic_install(af, why, whylen);
}

void
atomic_close(struct atomic_file *af)
{
	if (af->tmp[0] != '\0') {
		unlink(af->tmp);
		af->tmp[0] = '\0';
	}
	if (af->lockfd != -1) {
		unlink(af->lock);
		close(af->lockfd);
		af->lockfd = -1;
	}
	if (af->mapped)
		munmap(af->data, af->len);
	else
		free(af->data);
	af->data = NULL;
	af->mapped = 0;
}
