/*
 * paths_posix: the platform's part of paths.h: $HOME, the password
 * database, '/' and byte-exact names.
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
path_home_env(void)
{
	return getenv("HOME");
}

size_t
path_root_len(void)
{
	return 1;
}

int
path_is_separator(int c)
{
	return c == '/';
}

int
path_is_absolute(const char *path)
{
	return path[0] == '/';
}

int
path_same_name(const char *a, const char *b, size_t n)
{
	return strncmp(a, b, n) == 0;
}

void
path_normalize(char *path)
{
	(void)path;
}
