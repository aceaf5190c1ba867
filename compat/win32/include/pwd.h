/*
 * pwd.h for the Windows build: getpwuid(3) for the one account ucjob
 * runs as (its name and profile folder).  Implemented in compat_win32.c.
 * Only on the Windows include path.
 */
#ifndef UCJOB_WIN32_PWD_H
#define UCJOB_WIN32_PWD_H

#include <sys/types.h>

struct passwd {
	char	*pw_name;	/* the Windows user name, UTF-8 */
	char	*pw_dir;	/* the profile folder, '/' separated */
	uid_t	 pw_uid;
};

/* The current user for any uid (there is only the one, uid 0). */
struct passwd	*getpwuid(uid_t uid);

#endif
