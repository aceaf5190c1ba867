/*
 * knownhosts: ucjob's own known-hosts file, where every entry's host key
 * is stored under its HostKeyAlias (SPEC.md section 3, rule 11).  Keys are
 * only ever removed, and only through ssh-keygen -R: the file may be
 * hashed, so ucjob never edits it itself.
 */
#ifndef UCJOB_KNOWNHOSTS_H
#define UCJOB_KNOWNHOSTS_H

/*
 * Remove alias's key from file (already ~-expanded) with
 * "ssh-keygen -R ALIAS -f FILE".  A missing file is nothing to do.
 * Returns 0, or -1 after a warning naming what failed.
 */
int	known_hosts_forget(const char *ssh_keygen, const char *file,
	    const char *alias);

#endif
