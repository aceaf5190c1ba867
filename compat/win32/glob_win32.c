/*
 * glob_win32: glob(3) for Windows, enough for ssh_config's Include:
 * '*', '?' and '[...]' in the last component of a path ('/' or '\'
 * separated), matched without regard to ASCII case, as Windows names
 * are; a leading '.' must be matched explicitly; results sorted.  A
 * wildcard in a directory component matches nothing (flags and errfunc
 * are ignored).  It only reads directories.
 */
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "glob.h"

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* fnmatch(3) on one component: *, ?, [set], [!set], [a-z]. */
static int
match(const char *p, const char *s)
{
	const char *set;
	int negate, found;

	for (; *p != '\0'; p++, s++) {
		if (*p == '*') {
			while (p[1] == '*')
				p++;
			for (;; s++) {
				if (match(p + 1, s))
					return 1;
				if (*s == '\0')
					return 0;
			}
		}
		if (*s == '\0')
			return 0;
		if (*p == '?')
			continue;
		if (*p == '[' && (set = strchr(p + 2, ']')) != NULL) {
			negate = p[1] == '!' || p[1] == '^';
			found = 0;
			for (p += 1 + negate; p < set; p++) {
				if (p[1] == '-' && p + 2 < set) {
					if (lower((unsigned char)*s) >=
					    lower((unsigned char)p[0]) &&
					    lower((unsigned char)*s) <=
					    lower((unsigned char)p[2]))
						found = 1;
					p += 2;
				} else if (lower((unsigned char)*p) ==
				    lower((unsigned char)*s))
					found = 1;
			}
			if (found == negate)
				return 0;
			continue;	/* p is at ']' */
		}
		if (lower((unsigned char)*p) != lower((unsigned char)*s))
			return 0;
	}
	return *s == '\0';
}

static int
add(glob_t *g, const char *dir, size_t dirlen, const char *name)
{
	char **v, *path;
	size_t n = strlen(name);

	if ((v = realloc(g->gl_pathv, (g->gl_pathc + 2) * sizeof(*v))) ==
	    NULL)
		return -1;
	g->gl_pathv = v;
	if ((path = malloc(dirlen + n + 1)) == NULL)
		return -1;
	memcpy(path, dir, dirlen);
	memcpy(path + dirlen, name, n + 1);
	v[g->gl_pathc++] = path;
	v[g->gl_pathc] = NULL;
	return 0;
}

static int
compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
glob(const char *pattern, int flags, int (*errfunc)(const char *, int),
    glob_t *g)
{
	const char *base = pattern, *p;
	WIN32_FIND_DATAW fd;
	wchar_t *w;
	char *dir, *name;
	size_t dirlen;
	HANDLE h;
	int rc = 0;

	(void)flags;
	(void)errfunc;
	memset(g, 0, sizeof(*g));
	for (p = pattern; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	dirlen = (size_t)(base - pattern);
	if (strpbrk(base, "*?[") == NULL) {
		if ((w = path_to_wide(pattern)) == NULL)
			return GLOB_NOMATCH;
		rc = GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES ?
		    add(g, pattern, strlen(pattern), "") : 1;
		free(w);
		return rc == 0 ? 0 : rc == -1 ? GLOB_NOSPACE : GLOB_NOMATCH;
	}
	if ((dir = malloc(dirlen + 2)) == NULL)
		return GLOB_NOSPACE;
	memcpy(dir, pattern, dirlen);
	memcpy(dir + dirlen, "*", 2);
	if (strpbrk(dir, "?[") != NULL ||
	    (dirlen > 0 && memchr(pattern, '*', dirlen) != NULL) ||
	    (w = path_to_wide(dir)) == NULL) {
		free(dir);
		return GLOB_NOMATCH;
	}
	h = FindFirstFileW(w, &fd);
	free(w);
	if (h == INVALID_HANDLE_VALUE) {
		free(dir);
		return GLOB_NOMATCH;
	}
	do {
		if ((name = wide_to_utf8(fd.cFileName)) == NULL)
			continue;
		if ((name[0] != '.' || base[0] == '.') && match(base, name) &&
		    add(g, pattern, dirlen, name) == -1)
			rc = GLOB_NOSPACE;
		free(name);
	} while (rc == 0 && FindNextFileW(h, &fd));
	FindClose(h);
	free(dir);
	if (rc == 0 && g->gl_pathc == 0)
		rc = GLOB_NOMATCH;
	if (rc != 0) {
		globfree(g);
		return rc;
	}
	qsort(g->gl_pathv, g->gl_pathc, sizeof(*g->gl_pathv), compare);
	return 0;
}

void
globfree(glob_t *g)
{
	size_t i;

	for (i = 0; i < g->gl_pathc; i++)
		free(g->gl_pathv[i]);
	free(g->gl_pathv);
	memset(g, 0, sizeof(*g));
}
