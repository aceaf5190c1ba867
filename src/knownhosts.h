/*
 * knownhosts: ucjob's own known-hosts file, where every entry's host key
 * is stored under its HostKeyAlias (SPEC.md section 3, rule 11), and the
 * user's ~/.ssh/known_hosts, which may hold keys of jobs reached by hand,
 * and any other file ssh stores an entry's key in (a top-level
 * UserKnownHostsFile that wins over the entry's).  Keys are looked up with ssh-keygen -F and removed with ssh-keygen -R:
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

#define KNOWN_HOSTS_MAX_FILES	16

/*
 * Split ssh -G's userknownhostsfile value (absolute paths separated by
 * blanks) into files, own first (ucjob's file, which may hold blanks;
 * "" when unused): each file once, "none" and relative names dropped.
 * Returns how many; at most max.  Pure; the caller frees each file.
 */
size_t	known_hosts_split(const char *list, const char *own, char **files,
	    size_t max);

/*
 * known_hosts_forget for name in own and in every file of list (as
 * known_hosts_split reads them), so that the key is gone wherever ssh
 * stored it.  Returns 0, or -1 with the first reason in why (the other
 * files are still tried).
 */
int	known_hosts_forget_all(const char *ssh_keygen, const char *own,
	    const char *list, const char *name, char *why, size_t whylen);

/*
 * Whether file holds a key for name ("[host]:port", or host for port
 * 22): 1 yes, 0 no (or no file), -1 could not tell (a reason in why).
 * A line in the clear answers; ssh-keygen -F is asked only when the
 * file has hashed lines.
 */
int	known_hosts_has(const char *ssh_keygen, const char *file,
	    const char *name, char *why, size_t whylen);

#endif
