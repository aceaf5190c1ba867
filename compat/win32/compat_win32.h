/*
 * compat_win32.h: what libbsd, <err.h> and a UTF-8 C library give the
 * POSIX build, for the Windows build (mingw-w64).  `make windows`
 * includes it first in every file (-include), so the shared sources stay
 * free of #ifdefs: after the system headers it maps getenv, fopen, stat,
 * access and getcwd to wrappers that take and return UTF-8 and call the
 * UTF-16 ("wide") functions underneath, and it declares the conversion
 * helpers used by the *_win32.c files.  Paths come back with '/' as the
 * separator, as the shared code expects.
 *
 * It must never be included by the POSIX build.
 */
#ifndef UCJOB_COMPAT_WIN32_H
#define UCJOB_COMPAT_WIN32_H

#include <sys/types.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

/* POSIX names mingw-w64 lacks.  Windows has no user ids: ucjob's own
 * user is uid 0 (getpwuid() in win32/pwd.h answers for it). */
typedef int	uid_t;
#define O_NOCTTY	0
#define O_CLOEXEC	_O_NOINHERIT
uid_t	getuid(void);
int	gethostname(char *name, size_t len);
int	fchmod(int fd, int mode);
int	fsync(int fd);

/* libbsd's string and memory functions. */
size_t	strlcpy(char *dst, const char *src, size_t size);
size_t	strlcat(char *dst, const char *src, size_t size);
void	*reallocarray(void *ptr, size_t nmemb, size_t size);
/* For libconfuse (built without its own): a read-only memory stream. */
FILE	*fmemopen(void *buf, size_t size, const char *mode);

/* The program name err(3) and friends print ("ucjob"). */
extern const char *win32_progname;

/*
 * UTF-8 <-> UTF-16 at the API boundary.  Both return a malloc'ed string,
 * or NULL with errno EILSEQ (not valid UTF-8 / UTF-16) or ENOMEM.
 * path_to_wide() also turns '/' into '\'; path_from_wide() turns '\'
 * into '/'.
 */
wchar_t	*utf8_to_wide(const char *s);
char	*wide_to_utf8(const wchar_t *w);
wchar_t	*path_to_wide(const char *path);
char	*path_from_wide(const wchar_t *w);

/* The text of a Windows error code (GetLastError()), in UTF-8, without
 * the trailing period and line break, into buf. */
const char *win32_strerror(unsigned long code, char *buf, size_t len);
/* The closest errno value for a Windows error code. */
int	win32_errno(unsigned long code);

/*
 * UTF-8 replacements for the narrow C library functions.  open() is
 * always binary, and takes "/dev/tty" for the console (CONIN$ to read or
 * read and write, CONOUT$ to write only); mkdir() takes and ignores a
 * mode, as chmod() ignores all but the write bit.
 */
char	*win32_getenv(const char *name);
FILE	*win32_fopen(const char *path, const char *mode);
int	 win32_stat(const char *path, struct stat *st);
int	 win32_access(const char *path, int mode);
char	*win32_getcwd(char *buf, size_t size);
int	 win32_open(const char *path, int flags, ...);
int	 win32_mkdir(const char *path, int mode);
int	 win32_chmod(const char *path, int mode);
int	 win32_unlink(const char *path);
/* realpath(3): the full path, '/' separated, of an existing file (a
 * symbolic link's target); resolved holds PATH_MAX bytes. */
char	*win32_realpath(const char *path, char *resolved);

/*
 * On mingw-w64, GCC reads the "printf" format archetype as Microsoft's
 * printf, which knows no %zu; the C runtime ucjob is built with
 * (__USE_MINGW_ANSI_STDIO) is C99's.  So the shared headers'
 * __attribute__((format(printf, ...))) is checked as gnu_printf.
 */
#define format(archetype, fmt, args)	format(gnu_printf, fmt, args)

#define getenv(name)		win32_getenv(name)
#define fopen(path, mode)	win32_fopen(path, mode)
#define stat(path, st)		win32_stat(path, st)
#define access(path, mode)	win32_access(path, mode)
#define getcwd(buf, size)	win32_getcwd(buf, size)
#define open(...)		win32_open(__VA_ARGS__)
#define mkdir(path, mode)	win32_mkdir(path, mode)
#define chmod(path, mode)	win32_chmod(path, mode)
#define unlink(path)		win32_unlink(path)
#define realpath(path, resolved)	win32_realpath(path, resolved)

#endif
