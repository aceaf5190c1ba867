/*
 * atomicfile: lock, read, and atomically replace one file, keeping its
 * symlink, its mode, owner and group, and one backup.  The cycle is
 * written here once; osfile.h gives the system calls it stands on.  The
 * lock is DIR/.BASE.ucjob.lock, removed on release, and the backup
 * DIR/.BASE.ucjob~: names starting with '.', which an Include glob of
 * the directory does not match (SPEC.md rule 10).  The file is read, not mapped: a
 * program that is not ucjob and rewrites it meanwhile is caught by
 * unchanged() before anything is replaced.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "xmalloc.h"

#define TMP_TAG		".ucjob-tmp."

static void	add_warning(struct atomic_file *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Write a reason into why; returns 1, the failure status. */
int
file_reason(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return 1;
}

/* Append one warning to af->warn, "; " between two. */
static void
add_warning(struct atomic_file *af, const char *fmt, ...)
{
	size_t n = strlen(af->warn);
	va_list ap;

	if (n > 0 && n + 2 < sizeof(af->warn)) {
		memcpy(af->warn + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(af->warn + n, sizeof(af->warn) - n, fmt, ap);
	va_end(ap);
}

static int
read_fd(int fd, const char *path, char **data, size_t *len, char *why,
    size_t whylen)
{
	size_t cap = 4096, n = 0;
	struct stat st;
	ssize_t r;
	char *p;

	if (fstat(fd, &st) == 0 && st.st_size > 0 &&
	    (unsigned long long)st.st_size < (size_t)-1 / 2)
		cap = (size_t)st.st_size + 1;
	p = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			p = xreallocarray(p, cap, 2);
			cap *= 2;
		}
		if ((r = read(fd, p + n, cap - n - 1)) == -1) {
			if (errno == EINTR)
				continue;
			/* Taken before free(), which may change errno. */
			file_reason(why, whylen, "cannot read %s: %s", path,
			    strerror(errno));
			free(p);
			return 1;
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

int
file_read(const char *path, char **data, size_t *len, int *exists,
    char *why, size_t whylen)
{
	int fd, rc;

	*data = NULL;
	*len = 0;
	if (os_open_regular(path, &fd, exists, why, whylen) != 0)
		return 1;
	if (fd == -1) {
		*data = xcalloc(1, 1);
		return 0;
	}
	rc = read_fd(fd, path, data, len, why, whylen);
	close(fd);
	return rc;
}

/* Rule 5, on the open file or on path (fd -1). */
static int
refuse_owner_mode(int fd, const char *path, char *why, size_t whylen,
    char *warn, size_t warnlen)
{
	char reason[1024], fix[1024];

	fix[0] = '\0';
	warn[0] = '\0';
	switch (os_owner_mode(fd, path, reason, sizeof(reason), fix,
	    sizeof(fix))) {
	case OWNER_MODE_OK:
		return 0;
	case OWNER_MODE_WARN:
		snprintf(warn, warnlen, "%s (fix: %s)", reason, fix);
		return 0;
	default:
		if (fix[0] == '\0')
			return file_reason(why, whylen, "%s", reason);
		return file_reason(why, whylen, "%s; fix it with: %s", reason,
		    fix);
	}
}

int
file_trusted(int fd, const char *path, char *why, size_t whylen, char *warn,
    size_t warnlen)
{
	char dir[PATH_LEN], reason[1024];
	const char *base;

	if (refuse_owner_mode(fd, path, why, whylen, warn, warnlen) != 0)
		return 1;
	os_split_path(path, dir, sizeof(dir), &base);
	switch (os_dir_trust(dir, reason, sizeof(reason))) {
	case OWNER_MODE_REFUSE:
		return file_reason(why, whylen, "%s: %s", path, reason);
	case OWNER_MODE_WARN:
		if (warn[0] == '\0')
			snprintf(warn, warnlen, "%s", reason);
		return 0;
	default:
		return 0;
	}
}

int
file_owner_mode(const char *path, char *why, size_t whylen, char *warn,
    size_t warnlen)
{
	return refuse_owner_mode(-1, path, why, whylen, warn, warnlen);
}

/* Whether the file is still the one that was read (or still absent). */
static int
unchanged(const struct atomic_file *af)
{
	struct file_id id;
	int exists;

	if (os_path_id(af->real, &id, &exists) == -1)
		return 0;
	if (!exists)
		return !af->exists;
	return af->exists && id.dev == af->id.dev && id.ino == af->id.ino &&
	    id.size == af->id.size && id.sec == af->id.sec &&
	    id.nsec == af->id.nsec;
}

/* The file's directory and name, and the prefix of its temporaries. */
static void
temp_prefix(const struct atomic_file *af, char *dir, size_t dirlen,
    char *prefix, size_t prefixlen)
{
	const char *base;

	os_split_path(af->real, dir, dirlen, &base);
	snprintf(prefix, prefixlen, "%s/.%s" TMP_TAG, dir, base);
}

int
atomic_open(const char *path, struct atomic_file *af, char *why,
    size_t whylen)
{
	char dir[PATH_LEN], prefix[PATH_LEN + 32];
	const char *base;
	int fd;

	memset(af, 0, sizeof(*af));
	af->lockfd = -1;
	af->mode = 0600;
	if (snprintf(af->path, sizeof(af->path), "%s", path) >=
	    (int)sizeof(af->path))
		return file_reason(why, whylen, "path too long: %s", path);
	if (os_resolve(path, af->real, sizeof(af->real), why, whylen) != 0)
		return 1;
	if (os_check_target_owner(path, af->real, why, whylen) != 0)
		return 1;
	os_split_path(af->real, dir, sizeof(dir), &base);
	/* A name starting with '.', which no Include glob matches
	 * (rule 10), as for the backup and the temporaries. */
	snprintf(af->lock, sizeof(af->lock), "%s/.%s.ucjob.lock", dir, base);
	/* Nothing is created before the edit is known to be good. */
	if (os_dir_missing(dir)) {
		af->no_dir = 1;
		af->data = xcalloc(1, 1);
		return 0;
	}
	/* A target that is no regular file is refused before a lock file
	 * is made beside it; under the lock it is opened again. */
	if (os_open_regular(af->real, &fd, &af->exists, why, whylen) != 0)
		return 1;
	if (af->exists)
		close(fd);
	/* So is one that fails rule 5; both are checked again on the
	 * file opened under the lock. */
	if (refuse_owner_mode(-1, af->real, why, whylen, af->warn,
	    sizeof(af->warn)) != 0)
		return 1;
	af->warn[0] = '\0';
	if (os_lock(af->lock, &af->lockfd, why, whylen) != 0)
		return 1;
	/* Under the lock nobody else writes: any temporary is a killed
	 * run's. */
	snprintf(prefix, sizeof(prefix), ".%s" TMP_TAG, base);
	os_remove_prefixed(dir, prefix);
	if (os_open_regular(af->real, &fd, &af->exists, why, whylen) != 0)
		goto bad;
	if (!af->exists) {
		af->data = xcalloc(1, 1);
		return 0;
	}
	if (os_file_id(fd, &af->id) == -1) {
		file_reason(why, whylen, "cannot read %s: %s", af->real,
		    strerror(errno));
		close(fd);
		goto bad;
	}
	if (refuse_owner_mode(fd, af->real, why, whylen, af->warn,
	    sizeof(af->warn)) != 0 ||
	    read_fd(fd, af->real, &af->data, &af->len, why, whylen) != 0) {
		close(fd);
		goto bad;
	}
	af->mode = os_file_mode(fd);
	close(fd);
	return 0;
bad:
	atomic_close(af);
	return 1;
}

int
backup_path(const char *real, char *out, size_t outlen)
{
	char dir[PATH_LEN];
	const char *base;

	os_split_path(real, dir, sizeof(dir), &base);
	if (strlen(dir) + strlen(base) + 10 >= outlen)
		return 1;
	(void)snprintf(out, outlen, "%s/.%s.ucjob~", dir, base);
	return 0;
}

/* One rolling backup: a hard link to the old version, else a copy. */
static void
keep_backup(struct atomic_file *af)
{
	char backup[PATH_LEN + 16], dir[PATH_LEN], prefix[PATH_LEN + 32];
	char tmp[PATH_LEN + 48], why[1024];

	temp_prefix(af, dir, sizeof(dir), prefix, sizeof(prefix));
	if (backup_path(af->real, backup, sizeof(backup)) != 0 ||
	    snprintf(tmp, sizeof(tmp), "%sbackup", prefix) >= (int)sizeof(tmp))
		return;
	os_remove(tmp);
	if (os_link(af->real, tmp) == 0) {
		/* When the backup already is the target's inode (a run was
		 * killed between its backup and its rename), rename() does
		 * nothing and leaves tmp: remove it then. */
		if (os_replace(tmp, backup, why, sizeof(why)) == 0) {
			os_remove(tmp);
			return;
		}
		os_remove(tmp);
	}
	if (os_write_new(prefix, backup, af->data, af->len, 0600, tmp,
	    sizeof(tmp), why, sizeof(why)) != 0) {
		add_warning(af, "no backup kept: %s", why);
		return;
	}
	if (os_replace(tmp, backup, why, sizeof(why)) != 0) {
		add_warning(af, "no backup kept: %s", why);
		os_remove(tmp);
	}
}

int
atomic_write_temp(struct atomic_file *af, const char *data, size_t len,
    char *why, size_t whylen)
{
	char dir[PATH_LEN], prefix[PATH_LEN + 32];

	temp_prefix(af, dir, sizeof(dir), prefix, sizeof(prefix));
	if (af->no_dir) {
		if (os_make_dirs(dir, why, whylen) != 0 ||
		    os_lock(af->lock, &af->lockfd, why, whylen) != 0)
			return 1;
		af->no_dir = 0;
	}
	if (os_write_new(prefix, af->real, data, len, af->mode, af->tmp,
	    sizeof(af->tmp), why, whylen) != 0) {
		af->tmp[0] = '\0';
		return 1;
	}
	return 0;
}

int
atomic_install(struct atomic_file *af, char *why, size_t whylen)
{
	char dir[PATH_LEN], prefix[PATH_LEN + 32], sync_why[1024];
	char owner_why[1024];
	int rc = 0;

	temp_prefix(af, dir, sizeof(dir), prefix, sizeof(prefix));
	if (!unchanged(af)) {
		os_remove(af->tmp);
		af->tmp[0] = '\0';
		return file_reason(why, whylen,
		    "%s was changed by another program "
		    "while ucjob was working; nothing written: run the "
		    "command again", af->real);
	}
	if (af->exists && (rc = os_copy_owner(af->real, af->tmp, owner_why,
	    sizeof(owner_why))) == 1) {
		os_remove(af->tmp);
		af->tmp[0] = '\0';
		return file_reason(why, whylen, "%s; nothing written",
		    owner_why);
	}
	if (af->exists && rc == 2)
		add_warning(af, "%s", owner_why);
	if (af->exists)
		keep_backup(af);
	if (os_replace(af->tmp, af->real, why, whylen) != 0) {
		os_remove(af->tmp);
		af->tmp[0] = '\0';
		return 1;
	}
	af->tmp[0] = '\0';
	if (os_sync_dir(dir, sync_why, sizeof(sync_why)) != 0)
		add_warning(af, "%s", sync_why);
	return 0;
}

void
atomic_close(struct atomic_file *af)
{
	if (af->tmp[0] != '\0') {
		os_remove(af->tmp);
		af->tmp[0] = '\0';
	}
	if (af->lockfd != -1) {
		os_unlock(af->lockfd, af->lock);
		af->lockfd = -1;
	}
	free(af->data);
	af->data = NULL;
}
