/*
 * knownhosts: ucjob's own known-hosts file, where every entry's host key
 * is stored under its HostKeyAlias (SPEC.md section 3, rule 11), and the
 * user's ~/.ssh/known_hosts, which may hold keys of jobs reached by hand.
 * Keys are only ever removed, and only through ssh-keygen -R: ucjob
 * never edits a known-hosts file itself.  It reads one only to avoid
 * spawning ssh-keygen when there is plainly nothing to remove.
 */
#ifndef UCJOB_KNOWNHOSTS_H
#define UCJOB_KNOWNHOSTS_H

#include <stddef.h>

/*
 * Whether the known-hosts text may hold a key for name: 1 when a line
 * lists name in its host field (the field is comma-separated and read
 * ignoring ASCII case; a leading @cert-authority or @revoked marker is
 * skipped), or when a hashed
 * field (|1|SALT|HASH) is HMAC-SHA1(SALT, name), or is one ucjob cannot
 * read (ssh-keygen then decides); 0 otherwise.  Pure: no I/O.
 */
int	known_hosts_may_name(const char *text, size_t len, const char *name);

/*
 * Remove alias's key from file (already ~-expanded) with
 * "ssh-keygen -R ALIAS -f FILE", which runs only when the file may name
 * the alias.  A missing file is nothing to do.
 * Returns 0, or -1 after a warning naming what failed.
 */
int	known_hosts_forget(const char *ssh_keygen, const char *file,
	    const char *alias);

/*
 * Whether file holds a key for name ("[host]:port", or host for port
 * 22): 1 yes, 0 no (or no file), -1 could not tell (after a warning).
 * ssh-keygen -F is asked only when a hashed line may be name's.
 */
int	known_hosts_has(const char *ssh_keygen, const char *file,
	    const char *name);

#endif
