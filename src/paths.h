/*
 * paths: the two home directories and the paths ucjob writes.
 *
 * ucjob takes ~ to be $HOME (else the password database's home).  OpenSSH
 * expands ~ in IdentityFile and UserKnownHostsFile from the password
 * database only, so a path is written into a config as ~/... only when it
 * lies under that home; otherwise it is written absolute (SPEC.md section
 * 3, "Home directory").  No I/O besides getenv and getpwuid.
 */
#ifndef UCJOB_PATHS_H
#define UCJOB_PATHS_H

#include <stddef.h>

/* The one bound on a path ucjob handles, terminator included. */
#define PATH_LEN	4096

/* $HOME, else the password database's home, else the root. */
const char *home_dir(void);

/* The password database's home of the current user, or NULL. */
const char *passwd_home(void);

/* Expand a leading "~/" (or a lone "~") with home_dir() into out.
 * Returns 0, or -1 when the result does not fit or uses ~user. */
int	path_expand(const char *path, char *out, size_t outlen);

/* Write abs as "~/rest" when it lies under passwd_home(), else as is.
 * Returns 0, or -1 when the result does not fit. */
int	path_for_config(const char *abs, char *out, size_t outlen);

/* Whether path is absolute ("/..."; on Windows also "C:/..."). */
int	path_is_absolute(const char *path);

/* Whether $HOME is set and names another directory than passwd_home(). */
int	home_differs(void);

/*
 * The platform's part (paths_posix.c, compat/win32/paths_win32.c); the
 * rules above are written once in paths.c over these.  path_home_env is
 * $HOME (%USERPROFILE% on Windows) or NULL; path_root_len the length of
 * the shortest root ("/" or "C:/"), which trailing separators are never
 * trimmed below; path_is_separator a '/' (or '\\'); path_same_name
 * compares n bytes as the system compares file names; path_normalize
 * turns the system's separators into '/' in place.
 */
const char *path_home_env(void);
size_t	path_root_len(void);
int	path_is_separator(int c);
int	path_same_name(const char *a, const char *b, size_t n);
void	path_normalize(char *path);

#endif
