/*
 * settings: ucjob's own configuration (SPEC.md section 4), read with
 * libconfuse.  Precedence, lowest first: built-in default, the file's
 * top-level values, the environment (UCJOB_HOST, ...), the values of the
 * site chosen with --site, and last the command-line options (applied by
 * the caller).  It never writes any file.
 */
#ifndef UCJOB_SETTINGS_H
#define UCJOB_SETTINGS_H

#include <stddef.h>

struct settings {
	char	 *host;			/* "ssh.cloud.sdu.dk" */
	char	 *user;			/* "ucloud" */
	char	 *alias_prefix;		/* "ucloud-job-" */
	char	 *identity_file;	/* "" = discover */
	char	 *known_hosts;		/* "~/.ssh/ucjob_known_hosts" */
	char	 *ssh_config;		/* "~/.ssh/config" */
	char	 *key_type;		/* "ed25519" */
	char	 *clipboard;		/* "auto" */
	char	 *host_key_checking;	/* "ask" or "accept-new" */
	char	 *ssh;			/* "ssh" */
	char	 *ssh_keygen;		/* "ssh-keygen" */
	char	 *api_url;		/* "https://cloud.sdu.dk" */
	char	 *api_ca_file;		/* "" = the system's CAs */
	char	 *api_timeout;		/* seconds per request: "20" */
	char	 *sync_alias;		/* "job-id" or "name" */
	char	**options;		/* extra "Keyword value" lines */
	size_t	  noptions;
	char	**allow_options;	/* unsafe keywords allowed in
					   options and -o */
	size_t	  nallow_options;
	char	 *warning;		/* about the file (group write), or
					   NULL */
	char	**sites;		/* names of the site sections */
	size_t	  nsites;
	char	 *path;			/* file that was read, or NULL */
	int	  ssh_config_set;	/* ssh-config came from file or env */
};

/*
 * Fill *s.  path: the -c option or NULL (then $UCJOB_CONFIG, then
 * $XDG_CONFIG_HOME/ucjob/config, then $HOME/.config/ucjob/config).
 * A missing default file is fine; a missing -c or $UCJOB_CONFIG file is
 * an error.  site: the --site option or NULL.
 * Returns 0, or -1 (bad file or value, unknown site) with a one-line
 * reason in why such as "/home/a/.config/ucjob/config:3: ...".
 */
int	settings_load(struct settings *s, const char *path, const char *site,
	    char *why, size_t whylen);

/* Replace one string setting by a command-line value (copied). */
void	settings_set(char **field, const char *value);

void	settings_free(struct settings *s);

#endif
