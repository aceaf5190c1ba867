/*
 * osfile_win32.c: osfile.h for Windows; atomicfile.c runs the same cycle
 * over it as over osfile_posix.c.
 *
 * The lock is LockFileEx on the lock file, opened by everyone with
 * FILE_FLAG_DELETE_ON_CLOSE and FILE_SHARE_DELETE: the file disappears
 * when its last handle (holder or waiter) is closed, and whoever opens
 * it while anyone still holds it gets that same file, so no waiter can
 * end up locking a file already removed.  The replace is MoveFileExW
 * with MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH (it returns
 * once the rename is on disk, which stands for the directory sync).  A
 * symbolic link (a reparse point) is followed to its final target.
 * Handles are passed on as C runtime descriptors.
 *
 * Rule 5 is fileperm_win32.c's (owner and access control list, not
 * modes).  No mode is kept: a new file gets its directory's inherited
 * permissions, as any new file there would.
 */
#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileperm_win32.h"
#include "osfile.h"
#include "paths.h"

#define REPLACE_TRIES	20	/* a virus scanner may hold the file */
#define REPLACE_WAIT_MS	50

/* "WHAT PATH: the Windows error text", from GetLastError(). */
static int
fail(char *why, size_t whylen, const char *what, const char *path)
{
	char text[256];
	DWORD code = GetLastError();

	errno = win32_errno(code);
	return file_reason(why, whylen, "%s %s: %s", what, path,
	    win32_strerror(code, text, sizeof(text)));
}

static int
is_separator(char c)
{
	return c == '/' || c == '\\';
}

/* Split path into its directory and last component. */
void
os_split_path(const char *path, char *dir, size_t dirlen, const char **base)
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
int
os_resolve(const char *path, char *real, size_t reallen, char *why,
    size_t whylen)
{
	wchar_t *wpath, final[PATH_LEN];
	const wchar_t *start = final;
	char *s;
	HANDLE h;
	DWORD attr, n;

	if (snprintf(real, reallen, "%s", path) >= (int)reallen)
		return file_reason(why, whylen, "path too long: %s", path);
	if ((wpath = path_to_wide(path)) == NULL)
		return file_reason(why, whylen, "cannot use %s: %s", path,
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
	n = GetFinalPathNameByHandleW(h, final, PATH_LEN,
	    FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
	CloseHandle(h);
	if (n == 0 || n >= PATH_LEN)
		return fail(why, whylen, "cannot follow", path);
	if (wcsncmp(final, L"\\\\?\\UNC\\", 8) == 0) {
		final[6] = L'\\';
		start = final + 6;
	} else if (wcsncmp(final, L"\\\\?\\", 4) == 0)
		start = final + 4;
	if ((s = path_from_wide(start)) == NULL)
		return file_reason(why, whylen, "cannot follow %s", path);
	if (snprintf(real, reallen, "%s", s) >= (int)reallen) {
		free(s);
		return file_reason(why, whylen, "path too long: %s", path);
	}
	free(s);
	return 0;
}

/* mkdir -p.  The root ("C:/", "//server/share/") is taken as there. */
int
os_make_dirs(const char *dir, char *why, size_t whylen)
{
	char p[PATH_LEN];
	wchar_t *w;
	size_t i = 0;
	DWORD attr;
	int seps = 0, ok;

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return file_reason(why, whylen, "path too long: %s", dir);
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
			return file_reason(why, whylen, "cannot use %s", p);
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

/* What the file is: volume, file index, size, write time. */
static int
identity(HANDLE h, struct file_id *id)
{
	BY_HANDLE_FILE_INFORMATION info;
	unsigned long long t;

	if (h == INVALID_HANDLE_VALUE || !GetFileInformationByHandle(h, &info))
		return -1;
	t = (unsigned long long)info.ftLastWriteTime.dwHighDateTime << 32 |
	    info.ftLastWriteTime.dwLowDateTime;
	id->dev = info.dwVolumeSerialNumber;
	id->ino = (unsigned long long)info.nFileIndexHigh << 32 |
	    info.nFileIndexLow;
	id->size = (long long)info.nFileSizeHigh << 32 | info.nFileSizeLow;
	id->sec = (long long)(t / 10000000);
	id->nsec = (long)(t % 10000000) * 100;
	return 0;
}

int
os_dir_missing(const char *dir)
{
	wchar_t *w;
	DWORD attr, code;

	if ((w = path_to_wide(dir)) == NULL)
		return 0;
	attr = GetFileAttributesW(w);
	code = GetLastError();
	free(w);
	return attr == INVALID_FILE_ATTRIBUTES &&
	    (code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND);
}

int
os_lock(const char *lock, int *fdp, char *why, size_t whylen)
{
	OVERLAPPED ov;
	wchar_t *w;
	HANDLE h;
	int fd;

	if ((w = path_to_wide(lock)) == NULL)
		return file_reason(why, whylen, "cannot use %s", lock);
	h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE | DELETE,
	    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
	    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE,
	    NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return fail(why, whylen, "cannot create lock file", lock);
	memset(&ov, 0, sizeof(ov));
	if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov)) {
		fail(why, whylen, "cannot lock", lock);
		CloseHandle(h);
		return 1;
	}
	if ((fd = _open_osfhandle((intptr_t)h, _O_RDWR)) == -1) {
		CloseHandle(h);
		return file_reason(why, whylen,
		    "cannot lock %s: out of descriptors", lock);
	}
	*fdp = fd;
	return 0;
}

void
os_unlock(int fd, const char *lock)
{
	(void)lock;	/* closing the last handle deletes it */
	(void)_close(fd);
}

/* Open path for reading (a handle); refuse what is not a regular file. */
static int
open_handle(const char *path, HANDLE *hp, int *exists, char *why,
    size_t whylen)
{
	wchar_t *w;
	HANDLE h;
	DWORD attr, code;

	*exists = 0;
	*hp = INVALID_HANDLE_VALUE;
	if ((w = path_to_wide(path)) == NULL)
		return file_reason(why, whylen, "cannot open %s: %s", path,
		    strerror(errno));
	attr = GetFileAttributesW(w);
	if (attr != INVALID_FILE_ATTRIBUTES &&
	    (attr & FILE_ATTRIBUTE_DIRECTORY)) {
		free(w);
		return file_reason(why, whylen,
		    "%s is a directory, not a regular "
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
		return file_reason(why, whylen,
		    "%s is a special file, not a regular "
		    "file", path);
	}
	*exists = 1;
	*hp = h;
	return 0;
}

int
os_open_regular(const char *path, int *fdp, int *exists, char *why,
    size_t whylen)
{
	HANDLE h;

	*fdp = -1;
	if (open_handle(path, &h, exists, why, whylen) != 0)
		return 1;
	if (!*exists)
		return 0;
	if ((*fdp = _open_osfhandle((intptr_t)h, _O_RDONLY | _O_BINARY)) ==
	    -1) {
		CloseHandle(h);
		*exists = 0;
		return file_reason(why, whylen,
		    "cannot open %s: out of descriptors", path);
	}
	return 0;
}

int
os_file_id(int fd, struct file_id *id)
{
	return identity((HANDLE)_get_osfhandle(fd), id);
}

int
os_path_id(const char *path, struct file_id *id, int *exists)
{
	char why[256];
	HANDLE h;
	int rc;

	if (open_handle(path, &h, exists, why, sizeof(why)) != 0)
		return -1;
	if (!*exists)
		return 0;
	rc = identity(h, id);
	CloseHandle(h);
	return rc;
}

unsigned int
os_file_mode(int fd)
{
	(void)fd;
	return 0600;
}

enum owner_mode
os_owner_mode(int fd, const char *path, char *why, size_t whylen, char *fix,
    size_t fixlen)
{
	int rc;

	if (fd != -1)
		rc = fileperm_check((void *)_get_osfhandle(fd), path, why,
		    whylen, fix, fixlen);
	else
		rc = fileperm_check_path(path, why, whylen, fix, fixlen);
	return rc == 1 ? OWNER_MODE_REFUSE : OWNER_MODE_OK;
}

/* No modes: the Windows OpenSSH checks the access control list of the
 * config (os_owner_mode), not of .ssh itself. */
enum owner_mode
os_dir_owner_mode(const char *dir, char *why, size_t whylen, char *fix,
    size_t fixlen)
{
	snprintf(why, whylen, "%s exists", dir);
	if (fixlen > 0)
		fix[0] = '\0';
	return OWNER_MODE_OK;
}

/* The directory's ACL is judged with the file's (os_owner_mode). */
enum owner_mode
os_dir_trust(const char *dir, char *why, size_t whylen)
{
	(void)dir;
	if (whylen > 0)
		why[0] = '\0';
	return OWNER_MODE_OK;
}

const char *
os_mkdir_command(void)
{
	return "mkdir";
}

void
os_remove_prefixed(const char *dir, const char *prefix)
{
	char pattern[PATH_LEN], path[PATH_LEN], *name;
	WIN32_FIND_DATAW fd;
	wchar_t *w, *wpath;
	HANDLE h;

	if (snprintf(pattern, sizeof(pattern), "%s/%s*", dir, prefix) >=
	    (int)sizeof(pattern) || (w = path_to_wide(pattern)) == NULL)
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
			(void)DeleteFileW(wpath);
			free(wpath);
		}
		free(name);
	} while (FindNextFileW(h, &fd));
	FindClose(h);
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

/*
 * MoveFileExW, tried again for a moment when the target is held open
 * without FILE_SHARE_DELETE (a virus scanner or an indexer, usually).
 */
static int
move_over(const char *from, const char *to)
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

int
os_write_new(const char *prefix, const char *target, const char *data,
    size_t len, unsigned int mode, char *tmp, size_t tmplen, char *why,
    size_t whylen)
{
	static unsigned int counter;
	HANDLE h = INVALID_HANDLE_VALUE;
	DWORD code = 0;
	wchar_t *w;
	int tries;

	(void)mode;
	for (tries = 0; tries < 100 && h == INVALID_HANDLE_VALUE; tries++) {
		if (snprintf(tmp, tmplen, "%s%lx%04x", prefix,
		    (unsigned long)GetCurrentProcessId(),
		    (unsigned int)((GetTickCount() + counter++) & 0xffff)) >=
		    (int)tmplen)
			return file_reason(why, whylen, "path too long: %s",
			    target);
		if ((w = path_to_wide(tmp)) == NULL)
			return file_reason(why, whylen, "cannot use %s", tmp);
		h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW,
		    FILE_ATTRIBUTE_NORMAL, NULL);
		code = GetLastError();
		free(w);
		if (h == INVALID_HANDLE_VALUE && code != ERROR_FILE_EXISTS &&
		    code != ERROR_ALREADY_EXISTS)
			break;
	}
	if (h == INVALID_HANDLE_VALUE) {
		SetLastError(code);
		return fail(why, whylen, "cannot create a temporary file for",
		    target);
	}
	if (write_all(h, data, len) == -1 || !FlushFileBuffers(h)) {
		fail(why, whylen, "cannot write", target);
		CloseHandle(h);
		delete_path(tmp);
		return 1;
	}
	if (!CloseHandle(h)) {
		fail(why, whylen, "cannot write", target);
		delete_path(tmp);
		return 1;
	}
	return 0;
}

/* Windows: ownership is the ACL's business (fileperm_win32.c). */
int
os_check_target_owner(const char *path, const char *real, char *why,
    size_t whylen)
{
	(void)path;
	(void)real;
	(void)why;
	(void)whylen;
	return 0;
}

/* A replacement inherits the directory's ACL, as the old file did. */
int
os_copy_owner(const char *from, const char *tmp, char *why, size_t whylen)
{
	(void)from;
	(void)tmp;
	(void)why;
	(void)whylen;
	return 0;
}

int
os_link(const char *from, const char *to)
{
	wchar_t *wfrom = path_to_wide(from), *wto = path_to_wide(to);
	int ok = 0;

	if (wfrom != NULL && wto != NULL)
		ok = CreateHardLinkW(wto, wfrom, NULL) != 0;
	free(wfrom);
	free(wto);
	return ok ? 0 : -1;
}

int
os_replace(const char *from, const char *to, char *why, size_t whylen)
{
	if (move_over(from, to) == -1)
		return fail(why, whylen, "cannot replace", to);
	return 0;
}

void
os_remove(const char *path)
{
	delete_path(path);
}

int
os_sync_dir(const char *dir, char *why, size_t whylen)
{
	(void)dir;
	(void)why;
	(void)whylen;
	return 0;	/* MOVEFILE_WRITE_THROUGH did it */
}

void
os_no_core_dump(void)
{
	/* Windows writes no core file of its own accord. */
}

void
os_unsetenv(const char *name)
{
	(void)_putenv_s(name, "");
	(void)SetEnvironmentVariableA(name, NULL);
}
