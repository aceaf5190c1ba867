/*
 * atomicfile_win32.c: atomicfile.h for Windows.  The same cycle as
 * atomicfile.c: lock, read, write a temporary beside the target, flush
 * it, keep one backup, replace the target in one step.
 *
 * The lock is LockFileEx on REAL.ucjob.lock, opened by everyone with
 * FILE_FLAG_DELETE_ON_CLOSE and FILE_SHARE_DELETE: the file disappears
 * when its last handle (holder or waiter) is closed, and whoever opens
 * it while anyone still holds it gets that same file, so no waiter can
 * end up locking a file already removed.  The replace is MoveFileExW
 * with MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH (it returns
 * once the rename is on disk, which stands for the directory fsync).
 * A symbolic link stays a link: its final target is replaced.  The lock
 * handle is kept as a C runtime descriptor in lockfd.
 *
 * Rule 5's owner and permission check is fileperm_win32.c's (access
 * control lists, not modes).  As on POSIX, nothing is created before the
 * edit is written (a missing folder is made then), and a file another
 * program changed meanwhile (its identity, size or write time) is not
 * replaced.  No mode is kept: the new file gets its
 * directory's inherited permissions, as any new file there would.  It
 * must never leave a temporary behind.
 */
#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "fileperm_win32.h"
#include "msg.h"

#define TMP_TAG		".ucjob-tmp."
#define REPLACE_TRIES	20	/* a virus scanner may hold the file */
#define REPLACE_WAIT_MS	50

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

/* "WHAT PATH: the Windows error text", from GetLastError(). */
static int
fail(char *why, size_t whylen, const char *what, const char *path)
{
	char text[256];
	DWORD code = GetLastError();

	errno = win32_errno(code);
	return say(why, whylen, "%s %s: %s", what, path,
	    win32_strerror(code, text, sizeof(text)));
}

static int
is_separator(char c)
{
	return c == '/' || c == '\\';
}

/* Split path into its directory and last component. */
static void
split_path(const char *path, char *dir, size_t dirlen, const char **base)
{
	const char *p, *last = NULL;

	for (p = path; *p != '\0'; p++)
		if (is_separator(*p))
			last = p;
	if (last == NULL) {
		snprintf(dir, dirlen, ".");
		*base = path;
	} else if (last == path || (last == path + 2 && path[1] == ':')) {
		snprintf(dir, dirlen, "%.*s", (int)(last - path + 1), path);
		*base = last + 1;
	} else {
		snprintf(dir, dirlen, "%.*s", (int)(last - path), path);
		*base = last + 1;
	}
}

/*
 * A symbolic link (a reparse point) is replaced by the path of its final
 * target; any other path is kept as given.
 */
static int
resolve(const char *path, char *real, size_t reallen, char *why,
    size_t whylen)
{
	wchar_t *wpath, final[ATOMIC_PATH_MAX];
	const wchar_t *start = final;
	char *s;
	HANDLE h;
	DWORD attr, n;

	if (snprintf(real, reallen, "%s", path) >= (int)reallen)
		return say(why, whylen, "path too long: %s", path);
	if ((wpath = path_to_wide(path)) == NULL)
		return say(why, whylen, "cannot use %s: %s", path,
		    strerror(errno));
	attr = GetFileAttributesW(wpath);
	if (attr == INVALID_FILE_ATTRIBUTES ||
	    (attr & FILE_ATTRIBUTE_REPARSE_POINT) == 0) {
		free(wpath);
		return 0;
	}
	h = CreateFileW(wpath, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
	    NULL);
	free(wpath);
	if (h == INVALID_HANDLE_VALUE)
		return 0;	/* dangling: replace the link itself */
	n = GetFinalPathNameByHandleW(h, final, ATOMIC_PATH_MAX,
	    FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
	CloseHandle(h);
	if (n == 0 || n >= ATOMIC_PATH_MAX)
		return fail(why, whylen, "cannot follow", path);
	if (wcsncmp(final, L"\\\\?\\UNC\\", 8) == 0) {
		final[6] = L'\\';
		start = final + 6;
	} else if (wcsncmp(final, L"\\\\?\\", 4) == 0)
		start = final + 4;
	if ((s = path_from_wide(start)) == NULL)
		return say(why, whylen, "cannot follow %s", path);
	if (snprintf(real, reallen, "%s", s) >= (int)reallen) {
		free(s);
		return say(why, whylen, "path too long: %s", path);
	}
	free(s);
	return 0;
}

/* mkdir -p.  The root ("C:/", "//server/share/") is taken as there. */
static int
make_dirs(const char *dir, char *why, size_t whylen)
{
	char p[ATOMIC_PATH_MAX];
	wchar_t *w;
	size_t i = 0;
	DWORD attr;
	int seps = 0, ok;

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return say(why, whylen, "path too long: %s", dir);
	if (is_separator(p[0]) && is_separator(p[1])) {
		for (i = 2; p[i] != '\0' && seps < 2; i++)
			if (is_separator(p[i]))
				seps++;
	} else if (p[0] != '\0' && p[1] == ':')
		i = 2;
	for (; ; i++) {
		char c = p[i];

		if (!is_separator(c) && c != '\0')
			continue;
		if (i == 0 || (i == 2 && p[1] == ':')) {
			if (c == '\0')
				return 0;
			continue;
		}
		p[i] = '\0';
		if ((w = path_to_wide(p)) == NULL)
			return say(why, whylen, "cannot use %s", p);
		ok = CreateDirectoryW(w, NULL) ||
		    ((attr = GetFileAttributesW(w)) != INVALID_FILE_ATTRIBUTES &&
		    (attr & FILE_ATTRIBUTE_DIRECTORY));
		free(w);
		if (!ok)
			return fail(why, whylen, "cannot create directory", p);
		p[i] = c;
		if (c == '\0')
			return 0;
	}
}

static int
read_handle(HANDLE h, const char *path, char **data, size_t *len, char *why,
    size_t whylen)
{
	LARGE_INTEGER size;
	size_t cap = 4096, n = 0;
	char *p, *np;
	DWORD got;

	if (GetFileSizeEx(h, &size) && size.QuadPart > 0 &&
	    (uint64_t)size.QuadPart < SIZE_MAX / 2)
		cap = (size_t)size.QuadPart + 1;
	if ((p = malloc(cap)) == NULL)
		return say(why, whylen, "cannot read %s: out of memory", path);
	for (;;) {
		if (n + 1 >= cap) {
			if ((np = realloc(p, cap * 2)) == NULL) {
				free(p);
				return say(why, whylen, "cannot read %s: out "
				    "of memory", path);
			}
			p = np;
			cap *= 2;
		}
		if (!ReadFile(h, p + n, (DWORD)(cap - n - 1 > 1 << 30 ?
		    1 << 30 : cap - n - 1), &got, NULL)) {
			free(p);
			return fail(why, whylen, "cannot read", path);
		}
		if (got == 0)
			break;
		n += got;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

/* Open path for reading; refuse what is not a regular file. */
static int
open_regular(const char *path, HANDLE *hp, int *exists, char *why,
    size_t whylen)
{
	wchar_t *w;
	HANDLE h;
	DWORD attr, code;

	*exists = 0;
	*hp = INVALID_HANDLE_VALUE;
	if ((w = path_to_wide(path)) == NULL)
		return say(why, whylen, "cannot open %s: %s", path,
		    strerror(errno));
	attr = GetFileAttributesW(w);
	if (attr != INVALID_FILE_ATTRIBUTES &&
	    (attr & FILE_ATTRIBUTE_DIRECTORY)) {
		free(w);
		return say(why, whylen, "%s is a directory, not a regular "
		    "file", path);
	}
	h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL,
	    NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE) {
		code = GetLastError();
		/* A missing folder, too, means a missing file (ENOENT). */
		if (code == ERROR_FILE_NOT_FOUND ||
		    code == ERROR_PATH_NOT_FOUND)
			return 0;
		SetLastError(code);
		return fail(why, whylen, "cannot open", path);
	}
	if (GetFileType(h) != FILE_TYPE_DISK) {
		CloseHandle(h);
		return say(why, whylen, "%s is a special file, not a regular "
		    "file", path);
	}
	*exists = 1;
	*hp = h;
	return 0;
}

int
file_read(const char *path, char **data, size_t *len, int *exists,
    char *why, size_t whylen)
{
	HANDLE h;
	int rc;

	*data = NULL;
	*len = 0;
	if (open_regular(path, &h, exists, why, whylen) != 0)
		return 1;
	if (h == INVALID_HANDLE_VALUE) {
		if ((*data = calloc(1, 1)) == NULL)
			return say(why, whylen, "cannot read %s: out of "
			    "memory", path);
		return 0;
	}
	rc = read_handle(h, path, data, len, why, whylen);
	CloseHandle(h);
	return rc;
}

/*
 * Rule 5 for a dry run, which has only a stat: on Windows the owner and
 * the access control list are read from the file itself.
 */
int
check_owner_mode(const struct stat *st, const char *path, char *why,
    size_t whylen)
{
	char reason[1024], fix[1024];

	(void)st;
	if (fileperm_check_path(path, reason, sizeof(reason), fix,
	    sizeof(fix)) != 1)
		return 0;
	return say(why, whylen, "%s; fix it with: %s", reason, fix);
}

/* Rule 5: what the Windows OpenSSH would refuse, ucjob refuses too. */
static int
refuse_permissions(HANDLE h, const char *path, char *why, size_t whylen)
{
	char reason[1024], fix[1024];

	if (fileperm_check(h, path, reason, sizeof(reason), fix,
	    sizeof(fix)) == 0)
		return 0;
	return say(why, whylen, "%s; fix it with: %s", reason, fix);
}

static int
take_lock(struct atomic_file *af, char *why, size_t whylen)
{
	OVERLAPPED ov;
	wchar_t *w;
	HANDLE h;
	int fd;

	if ((w = path_to_wide(af->lock)) == NULL)
		return say(why, whylen, "cannot use %s", af->lock);
	h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE | DELETE,
	    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
	    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE,
	    NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return fail(why, whylen, "cannot create lock file", af->lock);
	memset(&ov, 0, sizeof(ov));
	if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov)) {
		fail(why, whylen, "cannot lock", af->lock);
		CloseHandle(h);
		return 1;
	}
	if ((fd = _open_osfhandle((intptr_t)h, _O_RDWR)) == -1) {
		CloseHandle(h);
		return say(why, whylen, "cannot lock %s: out of descriptors",
		    af->lock);
	}
	af->lockfd = fd;
	return 0;
}

/* Under the lock nobody else writes: any temporary is a killed run's. */
static void
remove_stray_temporaries(const char *dir, const char *base)
{
	char pattern[ATOMIC_PATH_MAX], path[ATOMIC_PATH_MAX], *name;
	WIN32_FIND_DATAW fd;
	wchar_t *w, *wpath;
	HANDLE h;

	if (snprintf(pattern, sizeof(pattern), "%s/.%s" TMP_TAG "*", dir,
	    base) >= (int)sizeof(pattern) ||
	    (w = path_to_wide(pattern)) == NULL)
		return;
	h = FindFirstFileW(w, &fd);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return;
	do {
		if ((name = wide_to_utf8(fd.cFileName)) == NULL)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, name) <
		    (int)sizeof(path) && (wpath = path_to_wide(path)) != NULL) {
			if (DeleteFileW(wpath))
				debug("removed stale temporary %s", path);
			free(wpath);
		}
		free(name);
	} while (FindNextFileW(h, &fd));
	FindClose(h);
}

/* What the file was when read: volume, file index, size, write time. */
static int
identity(HANDLE h, unsigned long long *dev, unsigned long long *ino,
    long long *size, long long *sec, long *nsec)
{
	BY_HANDLE_FILE_INFORMATION info;
	unsigned long long t;

	if (!GetFileInformationByHandle(h, &info))
		return -1;
	t = (unsigned long long)info.ftLastWriteTime.dwHighDateTime << 32 |
	    info.ftLastWriteTime.dwLowDateTime;
	*dev = info.dwVolumeSerialNumber;
	*ino = (unsigned long long)info.nFileIndexHigh << 32 |
	    info.nFileIndexLow;
	*size = (long long)info.nFileSizeHigh << 32 | info.nFileSizeLow;
	*sec = (long long)(t / 10000000);
	*nsec = (long)(t % 10000000) * 100;
	return 0;
}

/* Whether the file is still the one that was read (or still absent):
 * editors do not take our lock. */
static int
unchanged(const struct atomic_file *af)
{
	unsigned long long dev, ino;
	long long size, sec;
	long nsec;
	HANDLE h;
	int exists, rc;
	char why[256];

	if (open_regular(af->real, &h, &exists, why, sizeof(why)) != 0)
		return 0;
	if (!exists)
		return !af->exists;
	rc = af->exists && identity(h, &dev, &ino, &size, &sec, &nsec) == 0 &&
	    dev == af->id_dev && ino == af->id_ino && size == af->id_size &&
	    sec == af->id_sec && nsec == af->id_nsec;
	CloseHandle(h);
	return rc;
}

int
atomic_open(const char *path, struct atomic_file *af, char *why,
    size_t whylen)
{
	char dir[ATOMIC_PATH_MAX];
	const char *base;
	wchar_t *w;
	DWORD attr;
	HANDLE h;

	memset(af, 0, sizeof(*af));
	af->lockfd = -1;
	snprintf(af->path, sizeof(af->path), "%s", path);
	if (resolve(path, af->real, sizeof(af->real), why, whylen) != 0)
		return 1;
	split_path(af->real, dir, sizeof(dir), &base);
	snprintf(af->lock, sizeof(af->lock), "%s.ucjob.lock", af->real);
	af->mode = 0600;
	/* Nothing is created before the edit is known to be good. */
	if ((w = path_to_wide(dir)) == NULL)
		return say(why, whylen, "cannot use %s", dir);
	attr = GetFileAttributesW(w);
	free(w);
	if (attr == INVALID_FILE_ATTRIBUTES &&
	    (GetLastError() == ERROR_FILE_NOT_FOUND ||
	    GetLastError() == ERROR_PATH_NOT_FOUND)) {
		af->no_dir = 1;
		if ((af->data = calloc(1, 1)) == NULL)
			return say(why, whylen, "cannot read %s: out of memory",
			    af->real);
		return 0;
	}
	if (take_lock(af, why, whylen) != 0)
		return 1;
	remove_stray_temporaries(dir, base);
	if (open_regular(af->real, &h, &af->exists, why, whylen) != 0)
		goto bad;
	if (!af->exists) {
		if ((af->data = calloc(1, 1)) == NULL)
			goto bad;
		return 0;
	}
	if (identity(h, &af->id_dev, &af->id_ino, &af->id_size, &af->id_sec,
	    &af->id_nsec) != 0) {
		fail(why, whylen, "cannot read", af->real);
		CloseHandle(h);
		goto bad;
	}
	if (refuse_permissions(h, af->real, why, whylen) != 0 ||
	    read_handle(h, af->real, &af->data, &af->len, why, whylen) != 0) {
		CloseHandle(h);
		goto bad;
	}
	CloseHandle(h);
	return 0;
bad:
	atomic_close(af);
	return 1;
}

static int
write_all(HANDLE h, const char *data, size_t len)
{
	DWORD put;

	while (len > 0) {
		if (!WriteFile(h, data, (DWORD)(len > 1 << 30 ? 1 << 30 : len),
		    &put, NULL))
			return -1;
		data += put;
		len -= put;
	}
	return 0;
}

static void
delete_path(const char *path)
{
	wchar_t *w;

	if ((w = path_to_wide(path)) != NULL) {
		(void)DeleteFileW(w);
		free(w);
	}
}

/* Write data to a new temporary in dir; its name goes to tmp. */
static int
write_temporary(const char *dir, const char *base, const char *data,
    size_t len, char *tmp, size_t tmplen, char *why, size_t whylen)
{
	static unsigned int counter;
	HANDLE h = INVALID_HANDLE_VALUE;
	DWORD code;
	wchar_t *w;
	int tries;

	for (tries = 0; tries < 100 && h == INVALID_HANDLE_VALUE; tries++) {
		if (snprintf(tmp, tmplen, "%s/.%s" TMP_TAG "%lx%04x", dir, base,
		    (unsigned long)GetCurrentProcessId(),
		    (unsigned int)((GetTickCount() + counter++) & 0xffff)) >=
		    (int)tmplen)
			return say(why, whylen, "path too long: %s", dir);
		if ((w = path_to_wide(tmp)) == NULL)
			return say(why, whylen, "cannot use %s", tmp);
		h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW,
		    FILE_ATTRIBUTE_NORMAL, NULL);
		code = GetLastError();
		free(w);
		if (h == INVALID_HANDLE_VALUE && code != ERROR_FILE_EXISTS &&
		    code != ERROR_ALREADY_EXISTS)
			return fail(why, whylen,
			    "cannot create a temporary file in", dir);
	}
	if (h == INVALID_HANDLE_VALUE)
		return fail(why, whylen, "cannot create a temporary file in",
		    dir);
	if (write_all(h, data, len) == -1 || !FlushFileBuffers(h)) {
		fail(why, whylen, "cannot write", tmp);
		CloseHandle(h);
		delete_path(tmp);
		return 1;
	}
	if (!CloseHandle(h)) {
		fail(why, whylen, "cannot write", tmp);
		delete_path(tmp);
		return 1;
	}
	return 0;
}

/*
 * MoveFileExW, tried again for a moment when the target is held open
 * without FILE_SHARE_DELETE (a virus scanner or an indexer, usually).
 */
static int
replace(const char *from, const char *to)
{
	wchar_t *wfrom, *wto;
	DWORD code = 0;
	int tries, ok = 0;

	wfrom = path_to_wide(from);
	wto = path_to_wide(to);
	if (wfrom == NULL || wto == NULL) {
		free(wfrom);
		free(wto);
		SetLastError(ERROR_NO_UNICODE_TRANSLATION);
		return -1;
	}
	for (tries = 0; tries < REPLACE_TRIES; tries++) {
		if ((ok = MoveFileExW(wfrom, wto, MOVEFILE_REPLACE_EXISTING |
		    MOVEFILE_WRITE_THROUGH)) != 0)
			break;
		code = GetLastError();
		if (code != ERROR_ACCESS_DENIED &&
		    code != ERROR_SHARING_VIOLATION)
			break;
		Sleep(REPLACE_WAIT_MS);
	}
	free(wfrom);
	free(wto);
	if (!ok)
		SetLastError(code);
	return ok ? 0 : -1;
}

/* One rolling backup: a hard link to the old version, else a copy. */
static void
keep_backup(struct atomic_file *af, const char *dir, const char *base)
{
	char backup[ATOMIC_PATH_MAX + 8], tmp[ATOMIC_PATH_MAX], why[512];
	wchar_t *wtmp, *wreal;
	char text[256];
	int linked = 0;

	if (snprintf(backup, sizeof(backup), "%s.ucjob~", af->real) >=
	    (int)sizeof(backup))
		return;
	if (snprintf(tmp, sizeof(tmp), "%s/.%s" TMP_TAG "backup", dir,
	    base) >= (int)sizeof(tmp))
		return;
	delete_path(tmp);
	wtmp = path_to_wide(tmp);
	wreal = path_to_wide(af->real);
	if (wtmp != NULL && wreal != NULL)
		linked = CreateHardLinkW(wtmp, wreal, NULL) != 0;
	free(wtmp);
	free(wreal);
	if (linked) {
		if (replace(tmp, backup) == 0)
			return;
		delete_path(tmp);
	}
	if (write_temporary(dir, base, af->data, af->len, tmp, sizeof(tmp),
	    why, sizeof(why)) != 0) {
		warning("no backup kept: %s", why);
		return;
	}
	if (replace(tmp, backup) == -1) {
		warning("no backup kept: cannot write %s: %s", backup,
		    win32_strerror(GetLastError(), text, sizeof(text)));
		delete_path(tmp);
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
	if (write_temporary(dir, base, data, len, af->tmp, sizeof(af->tmp),
	    why, whylen) != 0) {
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
	DWORD code;

	split_path(af->real, dir, sizeof(dir), &base);
	if (!unchanged(af)) {
		delete_path(af->tmp);
		af->tmp[0] = '\0';
		return say(why, whylen, "%s was changed by another program "
		    "while ucjob was working; nothing written: run the "
		    "command again", af->real);
	}
	if (af->exists)
		keep_backup(af, dir, base);
	if (replace(af->tmp, af->real) == -1) {
		code = GetLastError();
		delete_path(af->tmp);
		af->tmp[0] = '\0';
		SetLastError(code);
		return fail(why, whylen, "cannot replace", af->real);
	}
	af->tmp[0] = '\0';
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
		delete_path(af->tmp);
		af->tmp[0] = '\0';
	}
	if (af->lockfd != -1) {
		/* Closing the last handle deletes the lock file. */
		(void)_close(af->lockfd);
		af->lockfd = -1;
	}
	free(af->data);
	af->data = NULL;
}
