/*
 * spawn_win32.h: what spawn_win32.c and program_win32.c offer beyond
 * spawn.h, for the Windows build only.
 */
#ifndef UCJOB_SPAWN_WIN32_H
#define UCJOB_SPAWN_WIN32_H

#include <stddef.h>
#include <wchar.h>

/*
 * The same as a wide path for CreateProcessW, into out (outlen wide
 * characters); *batch tells whether it is a .bat or .cmd file.  Returns
 * 0, or -1 with errno ENOENT.
 */
int	program_find(const char *program, wchar_t *out, size_t outlen,
	    int *batch);

#endif
