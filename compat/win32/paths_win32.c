/*
 * paths_win32.c: paths.h for Windows.  ~ is %USERPROFILE% (as $HOME is
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

#define HOME_LEN	4096

static void
forward_slashes(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\\')
			*s = '/';
}

const char *
passwd_home(void)
{
	static char home[HOME_LEN];
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
home_dir(void)
{
	static char home[HOME_LEN];
	const char *h;

	if ((h = getenv("USERPROFILE")) != NULL && h[0] != '\0' &&
	    strlen(h) < sizeof(home)) {
		memcpy(home, h, strlen(h) + 1);
		forward_slashes(home);
		return home;
	}
	if ((h = passwd_home()) != NULL)
		return h;
	return "C:/";
}

int
path_expand(const char *path, char *out, size_t outlen)
{
	const char *home;
	size_t n;

	if (path[0] != '~') {
		n = strlen(path);
		if (n >= outlen)
			return -1;
		memcpy(out, path, n + 1);
		forward_slashes(out);
		return 0;
	}
	if (path[1] != '\0' && path[1] != '/' && path[1] != '\\')
		return -1;
	home = home_dir();
	n = strlen(home);
	while (n > 3 && home[n - 1] == '/')
		n--;
	if (n + strlen(path + 1) >= outlen)
		return -1;
	memcpy(out, home, n);
	memcpy(out + n, path + 1, strlen(path + 1) + 1);
	forward_slashes(out);
	return 0;
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
static int
same_name(const char *a, const char *b, size_t n)
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

static size_t
dir_length(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && (dir[n - 1] == '/' || dir[n - 1] == '\\'))
		n--;
	return n;
}

int
path_for_config(const char *abs, char *out, size_t outlen)
{
	const char *pwhome = passwd_home();
	size_t n;

	if (pwhome != NULL && (n = dir_length(pwhome)) > 3 &&
	    strlen(abs) > n && same_name(abs, pwhome, n) &&
	    (abs[n] == '/' || abs[n] == '\\')) {
		if (1 + strlen(abs + n) >= outlen)
			return -1;
		out[0] = '~';
		memcpy(out + 1, abs + n, strlen(abs + n) + 1);
		forward_slashes(out);
		return 0;
	}
	if (strlen(abs) >= outlen)
		return -1;
	memcpy(out, abs, strlen(abs) + 1);
	forward_slashes(out);
	return 0;
}

int
home_differs(void)
{
	const char *h = getenv("USERPROFILE"), *pw = passwd_home();
	size_t nh, npw;

	if (h == NULL || h[0] == '\0' || pw == NULL)
		return 0;
	nh = dir_length(h);
	npw = dir_length(pw);
	return nh != npw || !same_name(h, pw, nh);
}
