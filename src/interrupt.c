/*
 * interrupt.c: the signal handler of interrupt.h, in plain C99 signal()
 * so that the Windows build shares it.  The handler only reads what
 * interrupt_remember finished writing (the slot's flag is set last) and
 * calls the restore function, kill(2) and remove(3) before re-raising
 * the signal.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "interrupt.h"
#include "paths.h"
#include "spawn.h"

#define TEMP_MAX	8

static char			temp_path[TEMP_MAX][PATH_LEN];
static volatile sig_atomic_t	temp_used[TEMP_MAX];
static void (*volatile		restore_fn)(void);

static void
on_signal(int sig)
{
	void (*restore)(void) = restore_fn;
	int i;

	if (restore != NULL)
		restore();
	spawn_kill_live();
	for (i = 0; i < TEMP_MAX; i++)
		if (temp_used[i])
			(void)remove(temp_path[i]);
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

void
interrupt_install(void)
{
	(void)signal(SIGINT, on_signal);
	(void)signal(SIGTERM, on_signal);
#ifdef SIGHUP
	(void)signal(SIGHUP, on_signal);
#endif
}

int
interrupt_remember(const char *path)
{
	int i;

	if (strlen(path) >= PATH_LEN)
		return -1;
	for (i = 0; i < TEMP_MAX; i++)
		if (!temp_used[i]) {
			memcpy(temp_path[i], path, strlen(path) + 1);
			temp_used[i] = 1;
			return 0;
		}
	return -1;
}

void
interrupt_forget(const char *path)
{
	int i;

	for (i = 0; i < TEMP_MAX; i++)
		if (temp_used[i] && strcmp(temp_path[i], path) == 0)
			temp_used[i] = 0;
}

void
interrupt_restore(void (*restore)(void))
{
	restore_fn = restore;
}
