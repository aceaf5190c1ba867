/*
 * glob.h for the Windows build: the part of POSIX glob(3) that ucjob
 * uses (expanding an ssh_config Include pattern), which mingw-w64 lacks.
 * Implemented in glob_win32.c.  Only on the Windows include path.
 */
#ifndef UCJOB_WIN32_GLOB_H
#define UCJOB_WIN32_GLOB_H

#include <stddef.h>

#define GLOB_NOSPACE	1
#define GLOB_ABORTED	2
#define GLOB_NOMATCH	3

typedef struct {
	size_t	  gl_pathc;
	char	**gl_pathv;
	size_t	  gl_offs;
} glob_t;

int	glob(const char *pattern, int flags,
	    int (*errfunc)(const char *epath, int eerrno), glob_t *pglob);
void	globfree(glob_t *pglob);

#endif
