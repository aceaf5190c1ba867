/*
 * paths: home directories, ~ expansion for ucjob, and ~ contraction for
 * what OpenSSH will read.
 */
#include <sys/types.h>

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"

const char *
passwd_home(void)
{
	struct passwd *pw;

	if ((pw = getpwuid(getuid())) == NULL || pw->pw_dir == NULL ||
	    pw->pw_dir[0] == '\0')
		return NULL;
	return pw->pw_dir;
}

const char *
home_dir(void)
{
	const char *h;

	if ((h = getenv("HOME")) != NULL && h[0] != '\0')
		return h;
	if ((h = passwd_home()) != NULL)
		return h;
	return "/";
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
		return 0;
	}
	if (path[1] != '\0' && path[1] != '/')
		return -1;
	home = home_dir();
	n = strlen(home);
	while (n > 1 && home[n - 1] == '/')
		n--;
	if (n + strlen(path + 1) >= outlen)
		return -1;
	memcpy(out, home, n);
	memcpy(out + n, path + 1, strlen(path + 1) + 1);
	return 0;
}

int
path_is_absolute(const char *path)
{
	return path[0] == '/';
}

/* Whether path lies strictly below dir (dir itself does not count). */
static int
is_below(const char *path, const char *dir, size_t *rest)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n <= 1 || strncmp(path, dir, n) != 0 || path[n] != '/')
		return 0;
	*rest = n;
	return 1;
}

int
path_for_config(const char *abs, char *out, size_t outlen)
{
	const char *pwhome = passwd_home();
	size_t rest;

	if (pwhome != NULL && is_below(abs, pwhome, &rest)) {
		if (1 + strlen(abs + rest) >= outlen)
			return -1;
		out[0] = '~';
		memcpy(out + 1, abs + rest, strlen(abs + rest) + 1);
		return 0;
	}
	if (strlen(abs) >= outlen)
		return -1;
	memcpy(out, abs, strlen(abs) + 1);
	return 0;
}

/* Compare two directory names, ignoring trailing slashes. */
static int
same_dir(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na > 1 && a[na - 1] == '/')
		na--;
	while (nb > 1 && b[nb - 1] == '/')
		nb--;
	return na == nb && strncmp(a, b, na) == 0;
}

int
home_differs(void)
{
	const char *h = getenv("HOME"), *pw = passwd_home();

	if (h == NULL || h[0] == '\0' || pw == NULL)
		return 0;
	return !same_dir(h, pw);
}
