/*
 * program_win32: where a program is, as spawn_win32.c starts it: a path
 * as given, or a name looked up in PATH (never the current directory),
 * with the extensions Windows would try.  It only looks at files.
 */
#include <windows.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "spawn.h"
#include "spawn_win32.h"

static int
has_suffix(const wchar_t *name, const wchar_t *suffix)
{
	size_t n = wcslen(name), m = wcslen(suffix);

	return n >= m && _wcsicmp(name + n - m, suffix) == 0;
}

static int
is_file(const wchar_t *path)
{
	DWORD attr = GetFileAttributesW(path);

	return attr != INVALID_FILE_ATTRIBUTES &&
	    (attr & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

/*
 * name in dir (NULL: name as given).  A name without an extension gets
 * the ones Windows would try: .exe, .com, and .bat and .cmd (found only
 * to be refused).  Fills out and returns 1 when found.
 */
static int
try_program(const wchar_t *dir, size_t dirlen, const wchar_t *name,
    wchar_t *out, size_t outlen)
{
	static const wchar_t *const exts[] = { L".exe", L".com", L".bat",
	    L".cmd" };
	static const wchar_t *const as_is[] = { L"" };
	const wchar_t *const *ext = exts;
	const wchar_t *base, *p;
	size_t i, n, next = sizeof(exts) / sizeof(exts[0]);

	for (base = p = name; *p != L'\0'; p++)
		if (*p == L'\\' || *p == L'/' || *p == L':')
			base = p + 1;
	if (wcschr(base, L'.') != NULL) {
		ext = as_is;
		next = 1;
	}
	for (i = 0; i < next; i++) {
		n = dir != NULL ? dirlen + 1 : 0;
		if (n + wcslen(name) + wcslen(ext[i]) + 1 > outlen)
			continue;
		if (dir != NULL) {
			wmemcpy(out, dir, dirlen);
			out[dirlen] = L'\\';
		}
		wcscpy(out + n, name);
		wcscat(out, ext[i]);
		if (is_file(out))
			return 1;
	}
	return 0;
}

/*
 * The program to start: a name with a separator or a drive is taken as a
 * path, any other is looked up in PATH.  *batch tells whether it is a
 * .bat or .cmd file.  Returns 0, or -1 with errno ENOENT (not found).
 */
int
program_find(const char *prog, wchar_t *out, size_t outlen, int *batch)
{
	wchar_t *name, *path, *dir, *end;
	size_t n;
	int found = 0;

	if ((name = path_to_wide(prog)) == NULL)
		return -1;
	if (wcspbrk(name, L"\\:") != NULL)
		found = try_program(NULL, 0, name, out, outlen);
	else if ((path = _wgetenv(L"PATH")) != NULL) {
		for (dir = path; !found && *dir != L'\0'; dir = end) {
			if ((end = wcschr(dir, L';')) == NULL)
				end = dir + wcslen(dir);
			n = (size_t)(end - dir);
			if (n >= 2 && dir[0] == L'"' && dir[n - 1] == L'"')
				found = try_program(dir + 1, n - 2, name, out,
				    outlen);
			else if (n > 0)
				found = try_program(dir, n, name, out, outlen);
			if (*end == L';')
				end++;
		}
	}
	free(name);
	if (!found) {
		errno = ENOENT;
		return -1;
	}
	*batch = has_suffix(out, L".bat") || has_suffix(out, L".cmd");
	return 0;
}

int
spawn_find(const char *program, char *out, size_t outlen)
{
	wchar_t found[MAX_PATH * 4];
	char *s;
	int rc = -1, batch;

	if (program_find(program, found, sizeof(found) / sizeof(found[0]),
	    &batch) == -1 || (s = path_from_wide(found)) == NULL)
		return -1;
	if (strlen(s) < outlen) {
		memcpy(out, s, strlen(s) + 1);
		rc = 0;
	}
	free(s);
	return rc;
}
