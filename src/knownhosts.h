/*
 * knownhosts: ucjob's own known-hosts file, where every entry's host key
 * is stored under its HostKeyAlias (SPEC.md section 3, rule 11), and the
 * user's ~/.ssh/known_hosts, which may hold keys of jobs reached by hand.
 * Keys are looked up with ssh-keygen -F and removed with ssh-keygen -R:
 * ucjob never edits a known-hosts file itself.  It reads one only to
 * avoid spawning ssh-keygen when there is plainly nothing there.
 */
#ifndef UCJOB_KNOWNHOSTS_H
#define UCJOB_KNOWNHOSTS_H

#include <stddef.h>

/* What a plain reading of a known-hosts text says about a name. */
enum known_scan {
	KNOWN_ABSENT,	/* no line can be name's */
	KNOWN_LISTED,	/* a line lists name in the clear */
	KNOWN_HASHED	/* hashed lines: only ssh-keygen can tell */
};

/*
 * Read the known-hosts text: KNOWN_LISTED when a line lists name in its
 * host field (comma-separated, ASCII case ignored, a leading
 * @cert-authority or @revoked marker skipped), else KNOWN_HASHED when a
 * line's host field is hashed ("|..."), else KNOWN_ABSENT.  Pure.
 */
enum known_scan known_hosts_scan(const char *text, size_t len,
	    const char *name);

/*
 * Remove name's key from file (already ~-expanded) with
 * "ssh-keygen -R NAME -f FILE", run only when the file may hold it, and
 * remove the FILE.old that run leaves.  A missing file is nothing to do.
 * Returns 0, or -1 with a reason in why.
 */
int	known_hosts_forget(const char *ssh_keygen, const char *file,
	    const char *name, char *why, size_t whylen);

/*
 * Whether file holds a key for name ("[host]:port", or host for port
 * 22): 1 yes, 0 no (or no file), -1 could not tell (a reason in why).
 * A line in the clear answers; ssh-keygen -F is asked only when the
 * file has hashed lines.
 */
int	known_hosts_has(const char *ssh_keygen, const char *file,
	    const char *name, char *why, size_t whylen);

#endif
