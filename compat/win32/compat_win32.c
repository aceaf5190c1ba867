/*
 * compat_win32.c: the Windows side of compat_win32.h and win32/err.h:
 * UTF-8 <-> UTF-16 conversion, UTF-8 wrappers around the wide C library
 * functions, Windows error texts, libbsd's strlcpy/strlcat/reallocarray,
 * fmemopen for libconfuse, the err(3) family, and the few POSIX calls
 * that have no Windows name (getuid, getpwuid, gethostname, fsync).
 *
 * It owns no state but a cache of converted environment variables (the
 * environment is read, never changed, by ucjob).  It must never be part
 * of the POSIX build.
 */
#include <windows.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arpa/inet.h"
#include "err.h"
#include "paths.h"
#include "pwd.h"

/* ntdll's address parsers (ip2string.h, which mingw-w64 lacks). */
LONG NTAPI	RtlIpv4StringToAddressA(PCSTR s, BOOLEAN strict, PCSTR *end,
		    struct in_addr *addr);
LONG NTAPI	RtlIpv6StringToAddressA(PCSTR s, PCSTR *end,
		    struct in6_addr *addr);

const char *win32_progname = "ucjob";

size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

size_t
strlcat(char *dst, const char *src, size_t size)
{
	size_t d = strnlen(dst, size);

	if (d == size)
		return d + strlen(src);
	return d + strlcpy(dst + d, src, size - d);
}

void *
reallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(ptr, nmemb * size);
}

wchar_t *
utf8_to_wide(const char *s)
{
	wchar_t *w;
	int n;

	n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
	if (n <= 0) {
		errno = EILSEQ;
		return NULL;
	}
	if ((w = malloc((size_t)n * sizeof(*w))) == NULL)
		return NULL;
	if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w,
	    n) != n) {
		free(w);
		errno = EILSEQ;
		return NULL;
	}
	return w;
}

char *
wide_to_utf8(const wchar_t *w)
{
	char *s;
	int n;

	n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, NULL, 0,
	    NULL, NULL);
	if (n <= 0) {
		errno = EILSEQ;
		return NULL;
	}
	if ((s = malloc((size_t)n)) == NULL)
		return NULL;
	if (WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, s, n,
	    NULL, NULL) != n) {
		free(s);
		errno = EILSEQ;
		return NULL;
	}
	return s;
}

wchar_t *
path_to_wide(const char *path)
{
	wchar_t *w, *p;

	if ((w = utf8_to_wide(path)) == NULL)
		return NULL;
	for (p = w; *p != L'\0'; p++)
		if (*p == L'/')
			*p = L'\\';
	return w;
}

char *
path_from_wide(const wchar_t *w)
{
	char *s, *p;

	if ((s = wide_to_utf8(w)) == NULL)
		return NULL;
	for (p = s; *p != '\0'; p++)
		if (*p == '\\')
			*p = '/';
	return s;
}

const char *
win32_strerror(unsigned long code, char *buf, size_t len)
{
	wchar_t text[512];
	char *utf8;
	size_t n;
	DWORD got;

	got = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM |
	    FORMAT_MESSAGE_IGNORE_INSERTS, NULL, (DWORD)code,
	    MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), text,
	    sizeof(text) / sizeof(text[0]), NULL);
	if (got == 0 || (utf8 = wide_to_utf8(text)) == NULL) {
		snprintf(buf, len, "Windows error %lu", code);
		return buf;
	}
	snprintf(buf, len, "%s", utf8);
	free(utf8);
	n = strlen(buf);
	while (n > 0 && strchr("\r\n .", buf[n - 1]) != NULL)
		buf[--n] = '\0';
	return buf;
}

int
win32_errno(unsigned long code)
{
	switch (code) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_DRIVE:
	case ERROR_BAD_NETPATH:
	case ERROR_BAD_PATHNAME:
		return ENOENT;
	case ERROR_ACCESS_DENIED:
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
		return EACCES;
	case ERROR_FILE_EXISTS:
	case ERROR_ALREADY_EXISTS:
		return EEXIST;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return ENOMEM;
	case ERROR_DIRECTORY:
		return ENOTDIR;
	case ERROR_FILENAME_EXCED_RANGE:
		return ENAMETOOLONG;
	case ERROR_BAD_EXE_FORMAT:
	case ERROR_EXE_MACHINE_TYPE_MISMATCH:
		return ENOEXEC;
	case ERROR_NO_UNICODE_TRANSLATION:
		return EILSEQ;
	case ERROR_BROKEN_PIPE:
	case ERROR_NO_DATA:
		return EPIPE;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		return ENOSPC;
	}
	return EIO;
}

/*
 * The environment does not change while ucjob runs, so each variable is
 * converted once and kept: getenv()'s pointer stays valid, as in C.
 */
struct env_cache {
	struct env_cache	*next;
	char			*name;
	char			*value;	/* NULL: not set */
};
static struct env_cache *env_cache;

char *
win32_getenv(const char *name)
{
	struct env_cache *e;
	wchar_t *wname, *wvalue;

	for (e = env_cache; e != NULL; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e->value;
	if ((wname = utf8_to_wide(name)) == NULL)
		return NULL;
	wvalue = _wgetenv(wname);
	free(wname);
	if ((e = calloc(1, sizeof(*e))) == NULL ||
	    (e->name = strdup(name)) == NULL) {
		free(e);
		return NULL;
	}
	if (wvalue != NULL && (e->value = wide_to_utf8(wvalue)) == NULL) {
		free(e->name);
		free(e);
		return NULL;
	}
	e->next = env_cache;
	env_cache = e;
	return e->value;
}

FILE *
win32_fopen(const char *path, const char *mode)
{
	wchar_t *wpath, *wmode;
	FILE *fp = NULL;

	if ((wpath = path_to_wide(path)) == NULL)
		return NULL;
	if ((wmode = utf8_to_wide(mode)) != NULL)
		fp = _wfopen(wpath, wmode);
	free(wpath);
	free(wmode);
	return fp;
}

/*
 * The C runtime leaves st_ino 0, so every file of a drive would look like
 * the same file.  Take the volume serial number and the file index, the
 * identity Windows has; mingw-w64's st_ino has 16 bits, so the index is
 * folded into them (two files of a volume may collide, 1 in 65536).
 */
static void
file_identity(const char *path, struct stat *st)
{
	BY_HANDLE_FILE_INFORMATION info;
	unsigned long long index;
	wchar_t *w;
	HANDLE h;

	if ((w = path_to_wide(path)) == NULL)
		return;
	h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
	    NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return;
	if (GetFileInformationByHandle(h, &info)) {
		index = (unsigned long long)info.nFileIndexHigh << 32 |
		    info.nFileIndexLow;
		st->st_dev = (_dev_t)info.dwVolumeSerialNumber;
		st->st_ino = (_ino_t)((index ^ index >> 16 ^ index >> 32 ^
		    index >> 48) & 0xffff);
		st->st_nlink = (short)info.nNumberOfLinks;
	}
	CloseHandle(h);
}

int
win32_stat(const char *path, struct stat *st)
{
	struct _stat64 s;
	wchar_t *wpath;
	int rc;

	if ((wpath = path_to_wide(path)) == NULL)
		return -1;
	rc = _wstat64(wpath, &s);
	free(wpath);
	if (rc != 0)
		return rc;
	memset(st, 0, sizeof(*st));
	st->st_dev = s.st_dev;
	st->st_ino = s.st_ino;
	st->st_mode = s.st_mode;
	st->st_nlink = s.st_nlink;
	st->st_uid = s.st_uid;
	st->st_gid = s.st_gid;
	st->st_rdev = s.st_rdev;
	st->st_size = s.st_size > INT32_MAX ? INT32_MAX : (_off_t)s.st_size;
	st->st_atime = s.st_atime;
	st->st_mtime = s.st_mtime;
	st->st_ctime = s.st_ctime;
	file_identity(path, st);
	return 0;
}

int
win32_access(const char *path, int mode)
{
	wchar_t *wpath;
	int rc;

	if ((wpath = path_to_wide(path)) == NULL)
		return -1;
	/* Windows has no execute bit: X_OK would be an invalid mode. */
	rc = _waccess(wpath, mode & ~1);
	free(wpath);
	return rc;
}

char *
win32_getcwd(char *buf, size_t size)
{
	wchar_t *w;
	char *s;

	if ((w = _wgetcwd(NULL, 0)) == NULL)
		return NULL;
	s = path_from_wide(w);
	free(w);
	if (s == NULL)
		return NULL;
	if (strlen(s) >= size) {
		free(s);
		errno = ERANGE;
		return NULL;
	}
	memcpy(buf, s, strlen(s) + 1);
	free(s);
	return buf;
}

/*
 * libconfuse's cfg_parse_buf() reads its text through fmemopen(), which
 * Windows lacks; its own stand-in names the temporary file through the
 * ANSI API, which fails for a profile folder outside the code page.  This
 * one uses the wide API; the file is deleted when closed ("D").
 */
FILE *
fmemopen(void *buf, size_t size, const char *mode)
{
	wchar_t dir[MAX_PATH + 1], name[MAX_PATH + 1];
	FILE *fp;

	(void)mode;	/* libconfuse only reads */
	if (GetTempPathW(MAX_PATH + 1, dir) == 0 ||
	    GetTempFileNameW(dir, L"ucj", 0, name) == 0)
		return NULL;
	if ((fp = _wfopen(name, L"w+bTD")) == NULL) {
		(void)DeleteFileW(name);
		return NULL;
	}
	if ((size > 0 && fwrite(buf, 1, size, fp) != size) ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return NULL;
	}
	return fp;
}

int
win32_open(const char *path, int flags, ...)
{
	wchar_t *wpath;
	va_list ap;
	HANDLE h;
	int mode = 0, fd;

	if (flags & _O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	if (strcmp(path, "/dev/tty") == 0) {
		h = CreateFileW((flags & 3) == _O_WRONLY ? L"CONOUT$" :
		    L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ |
		    FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
		if (h == INVALID_HANDLE_VALUE) {
			errno = ENXIO;
			return -1;
		}
		if ((fd = _open_osfhandle((intptr_t)h, flags & 3)) == -1)
			CloseHandle(h);
		return fd;
	}
	if ((wpath = path_to_wide(path)) == NULL)
		return -1;
	fd = _wopen(wpath, flags | _O_BINARY, mode & 0600 ? _S_IREAD |
	    _S_IWRITE : _S_IREAD);
	free(wpath);
	return fd;
}

int
win32_mkdir(const char *path, int mode)
{
	wchar_t *wpath;
	int rc;

	(void)mode;
	if ((wpath = path_to_wide(path)) == NULL)
		return -1;
	rc = _wmkdir(wpath);
	free(wpath);
	return rc;
}

int
win32_chmod(const char *path, int mode)
{
	wchar_t *wpath;
	int rc;

	if ((wpath = path_to_wide(path)) == NULL)
		return -1;
	rc = _wchmod(wpath, mode & 0200 ? _S_IREAD | _S_IWRITE : _S_IREAD);
	free(wpath);
	return rc;
}

int
win32_unlink(const char *path)
{
	wchar_t *wpath;
	int rc;

	if ((wpath = path_to_wide(path)) == NULL)
		return -1;
	rc = _wunlink(wpath);
	free(wpath);
	return rc;
}

char *
win32_realpath(const char *path, char *resolved)
{
	wchar_t *wpath, final[PATH_MAX * 4];
	const wchar_t *start = final;
	HANDLE h;
	DWORD n;
	char *s;

	if ((wpath = path_to_wide(path)) == NULL)
		return NULL;
	h = CreateFileW(wpath, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
	    NULL);
	free(wpath);
	if (h == INVALID_HANDLE_VALUE) {
		errno = win32_errno(GetLastError());
		return NULL;
	}
	n = GetFinalPathNameByHandleW(h, final, PATH_MAX * 4,
	    FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
	CloseHandle(h);
	if (n == 0 || n >= PATH_MAX * 4) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if (wcsncmp(final, L"\\\\?\\UNC\\", 8) == 0) {
		final[6] = L'\\';
		start = final + 6;
	} else if (wcsncmp(final, L"\\\\?\\", 4) == 0)
		start = final + 4;
	if ((s = path_from_wide(start)) == NULL)
		return NULL;
	if (strlen(s) >= PATH_MAX) {
		free(s);
		errno = ENAMETOOLONG;
		return NULL;
	}
	memcpy(resolved, s, strlen(s) + 1);
	free(s);
	return resolved;
}

int
inet_pton(int af, const char *src, void *dst)
{
	const char *end = NULL;
	LONG status;

	if (af == AF_INET)
		status = RtlIpv4StringToAddressA(src, TRUE, &end, dst);
	else if (af == AF_INET6)
		status = RtlIpv6StringToAddressA(src, &end, dst);
	else {
		errno = EAFNOSUPPORT;
		return -1;
	}
	/* The whole string must be the address. */
	return status == 0 && end != NULL && *end == '\0' ? 1 : 0;
}

uid_t
getuid(void)
{
	return 0;
}

int
fchmod(int fd, int mode)
{
	(void)fd;
	(void)mode;
	return 0;
}

int
fsync(int fd)
{
	return _commit(fd);
}

int
gethostname(char *name, size_t len)
{
	wchar_t w[256];
	DWORD n = sizeof(w) / sizeof(w[0]);
	char *s;

	if (!GetComputerNameExW(ComputerNameDnsHostname, w, &n) ||
	    (s = wide_to_utf8(w)) == NULL) {
		errno = EIO;
		return -1;
	}
	if (strlen(s) >= len) {
		free(s);
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(name, s, strlen(s) + 1);
	free(s);
	return 0;
}

struct passwd *
getpwuid(uid_t uid)
{
	static struct passwd pw;
	static char *name;
	wchar_t w[257];
	DWORD n = sizeof(w) / sizeof(w[0]);

	(void)uid;
	if (name == NULL && GetUserNameW(w, &n))
		name = wide_to_utf8(w);
	if (name == NULL || passwd_home() == NULL)
		return NULL;
	pw.pw_name = name;
	pw.pw_dir = (char *)passwd_home();
	pw.pw_uid = 0;
	return &pw;
}

void
vwarnx(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", win32_progname);
	if (fmt != NULL)
		vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
vwarn(const char *fmt, va_list ap)
{
	int saved = errno;

	fprintf(stderr, "%s: ", win32_progname);
	if (fmt != NULL) {
		vfprintf(stderr, fmt, ap);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", strerror(saved));
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

void
err(int eval, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(eval);
}

void
errx(int eval, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	exit(eval);
}
