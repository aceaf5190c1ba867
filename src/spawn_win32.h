/*
 * spawn_win32.h: what spawn_win32.c offers beyond spawn.h, for the
 * Windows build only.
 */
#ifndef UCJOB_SPAWN_WIN32_H
#define UCJOB_SPAWN_WIN32_H

#include <stddef.h>

/*
 * Where spawn_run would find program (a path, or a name looked up in
 * PATH with .exe, .com, .bat and .cmd), into out with '/' as the
 * separator.  Returns 0, or -1 when it would not find it.
 */
int	spawn_win32_find(const char *program, char *out, size_t outlen);

#endif
