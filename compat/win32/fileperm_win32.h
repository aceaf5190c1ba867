/*
 * fileperm_win32: rule 5 of SPEC.md section 3 on Windows, where files
 * have owners and access control lists instead of modes.  The Windows
 * port of OpenSSH refuses a config whose owner is not the user, SYSTEM
 * or Administrators, or that grants write access to anyone else; ucjob
 * refuses to edit such a file too.  Reads permissions, never changes
 * them.
 */
#ifndef UCJOB_FILEPERM_WIN32_H
#define UCJOB_FILEPERM_WIN32_H

#include <stddef.h>

/*
 * Check the open file handle (a HANDLE, opened with READ_CONTROL) named
 * path.  Returns 0 when OpenSSH would accept it, or 1 with a one-line
 * reason in why and the command that fixes it in fix.
 */
int	fileperm_check(void *handle, const char *path, char *why,
	    size_t whylen, char *fix, size_t fixlen);

/* The same for a path: -1 when it does not exist (or cannot be opened),
 * else as fileperm_check. */
int	fileperm_check_path(const char *path, char *why, size_t whylen,
	    char *fix, size_t fixlen);

#endif
