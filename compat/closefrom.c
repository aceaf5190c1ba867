/*
 * closefrom: close every file descriptor from lowfd up, for C libraries
 * without one (musl). It is called in a forked child just before exec.
 * Linux 5.9 and later do it in one close_range(2) call; older kernels
 * (long-lived HPC login nodes) list /proc/self/fd, and without /proc
 * every descriptor below the open-files limit (or 65536) is closed.
 */
#include <sys/syscall.h>

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "bsd-compat.h"

static int	close_listed(int);

void
closefrom(int lowfd)
{
	long	 max, fd;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned int)lowfd, ~0U, 0U) == 0)
		return;
#endif
	if (close_listed(lowfd) == 0)
		return;
	if ((max = sysconf(_SC_OPEN_MAX)) == -1 || max > INT_MAX)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		(void)close((int)fd);
}

/* Close the descriptors /proc/self/fd lists from lowfd up; -1 without it. */
static int
close_listed(int lowfd)
{
	DIR		*dir;
	struct dirent	*entry;
	char		*end;
	long		 fd;

	if ((dir = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((entry = readdir(dir)) != NULL) {
		fd = strtol(entry->d_name, &end, 10);
		if (end == entry->d_name || *end != '\0' || fd < lowfd ||
		    fd > INT_MAX || fd == dirfd(dir))
			continue;
		(void)close((int)fd);
	}
	(void)closedir(dir);
	return 0;
}
