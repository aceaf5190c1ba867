/*
 * paths_win32.c: the platform's part of paths.h for Windows.  ~ is %USERPROFILE% (as $HOME is
 * on POSIX), and the "password database" home is the account's profile
 * folder (FOLDERID_Profile), which is where the Windows port of OpenSSH
 * looks for .ssh\config and what it puts for ~.  Paths are kept with '/'
 * as the separator, which Windows and OpenSSH both accept and which
 * needs no quoting in an ssh config; a backslash given by the user is
 * turned into '/'.  File names compare without regard to ASCII case.
 *
 * No I/O besides reading the environment and asking the shell for the
 * profile folder.
 */
#include <windows.h>
#include <shlobj.h>

#include <stdlib.h>
#include <string.h>

#include "paths.h"

const char *
passwd_home(void)
{
	static char home[PATH_LEN];
	static int done;
	wchar_t *w = NULL;
	char *s;

	if (done)
		return home[0] != '\0' ? home : NULL;
	done = 1;
	if (SHGetKnownFolderPath(&FOLDERID_Profile, 0, NULL, &w) != S_OK) {
		CoTaskMemFree(w);
		return NULL;
	}
	s = path_from_wide(w);
	CoTaskMemFree(w);
	if (s == NULL)
		return NULL;
	if (strlen(s) < sizeof(home))
		memcpy(home, s, strlen(s) + 1);
	free(s);
	return home[0] != '\0' ? home : NULL;
}

const char *
path_home_env(void)
{
	return getenv("USERPROFILE");
}

size_t
path_root_len(void)
{
	return 3;	/* "C:/" */
}

int
path_is_separator(int c)
{
	return c == '/' || c == '\\';
}

void
path_normalize(char *path)
{
	for (; *path != '\0'; path++)
		if (*path == '\\')
			*path = '/';
}

int
path_is_absolute(const char *path)
{
	if (path[0] == '/' || path[0] == '\\')
		return 1;
	return ((path[0] >= 'A' && path[0] <= 'Z') ||
	    (path[0] >= 'a' && path[0] <= 'z')) && path[1] == ':' &&
	    (path[2] == '/' || path[2] == '\\');
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Compare n bytes as file names: ASCII case and '\' vs '/' ignored. */
int
path_same_name(const char *a, const char *b, size_t n)
{
	size_t i;
	int ca, cb;

	for (i = 0; i < n; i++) {
		ca = a[i] == '\\' ? '/' : lower((unsigned char)a[i]);
		cb = b[i] == '\\' ? '/' : lower((unsigned char)b[i]);
		if (ca != cb)
			return 0;
	}
	return 1;
}
