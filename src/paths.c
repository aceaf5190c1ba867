/*
 * paths: home directories, ~ expansion for ucjob, and ~ contraction for
 * what OpenSSH will read.  Written once; what differs between systems
 * (where home is, separators, how names compare) is paths_posix.c's or
 * compat/win32/paths_win32.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "paths.h"

const char *
home_dir(void)
{
	static char home[PATH_LEN];
	const char *h;

	if ((h = path_home_env()) != NULL && h[0] != '\0' &&
	    strlen(h) < sizeof(home)) {
		memcpy(home, h, strlen(h) + 1);
		path_normalize(home);
		return home;
	}
	if ((h = passwd_home()) != NULL)
		return h;
	return path_root_len() == 1 ? "/" : "C:/";
}

/* The length of dir without its trailing separators. */
static size_t
dir_length(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && path_is_separator((unsigned char)dir[n - 1]))
		n--;
	return n;
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
		path_normalize(out);
		return 0;
	}
	if (path[1] != '\0' && !path_is_separator((unsigned char)path[1]))
		return -1;
	home = home_dir();
	n = strlen(home);
	while (n > path_root_len() && home[n - 1] == '/')
		n--;
	if (n + strlen(path + 1) >= outlen)
		return -1;
	memcpy(out, home, n);
	memcpy(out + n, path + 1, strlen(path + 1) + 1);
	path_normalize(out);
	return 0;
}

int
path_for_config(const char *abs, char *out, size_t outlen)
{
	const char *pwhome = passwd_home();
	size_t n;

	if (pwhome != NULL && (n = dir_length(pwhome)) > path_root_len() &&
	    strlen(abs) > n && path_same_name(abs, pwhome, n) &&
	    path_is_separator((unsigned char)abs[n])) {
		if (1 + strlen(abs + n) >= outlen)
			return -1;
		out[0] = '~';
		memcpy(out + 1, abs + n, strlen(abs + n) + 1);
		path_normalize(out);
		return 0;
	}
	if (strlen(abs) >= outlen)
		return -1;
	memcpy(out, abs, strlen(abs) + 1);
	path_normalize(out);
	return 0;
}

int
home_differs(void)
{
	const char *h = path_home_env(), *pw = passwd_home();
	size_t nh, npw;

	if (h == NULL || h[0] == '\0' || pw == NULL)
		return 0;
	nh = dir_length(h);
	npw = dir_length(pw);
	return nh != npw || !path_same_name(h, pw, nh);
}
