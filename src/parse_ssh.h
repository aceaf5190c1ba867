/*
 * parse_ssh: read what OpenSSH prints, as pure functions over strings:
 * the evaluated options of `ssh -G`, the version line of `ssh -V`, and
 * the outcome of a batch connection (exit status and stderr).  Nothing
 * here runs a program or touches a file; unit tests feed it output
 * recorded from real runs (tests/recorded/).
 */
#ifndef UCJOB_PARSE_SSH_H
#define UCJOB_PARSE_SSH_H

#include <stddef.h>

#define SSH_VALUE_LEN		1024
#define SSH_MAX_IDENTITIES	16

/* The options ucjob compares, as `ssh -G` prints them. */
struct ssh_options {
	char	hostname[SSH_VALUE_LEN];
	int	port;
	char	user[SSH_VALUE_LEN];
	char	hostkeyalias[SSH_VALUE_LEN];	/* "" when unset */
	char	identity[SSH_MAX_IDENTITIES][SSH_VALUE_LEN];
	size_t	nidentity;			/* in order of use */
	char	userknownhostsfile[SSH_VALUE_LEN];	/* all names, as printed */
	char	stricthostkeychecking[32];	/* "false", "accept-new", ... */
	char	checkhostip[8];			/* "yes" or "no" */
	char	identitiesonly[8];
	char	proxyjump[SSH_VALUE_LEN];	/* "" when unset */
	char	proxycommand[SSH_VALUE_LEN];
};

/*
 * Parse `ssh -G` output: lowercase "keyword value" lines, the value
 * unquoted and running to the end of the line, identityfile repeated.
 * Returns 0, or -1 when the text has no hostname or port line (not ssh -G
 * output).
 */
int	ssh_g_parse(const char *text, size_t len, struct ssh_options *o);

struct ssh_version {
	char	text[64];	/* "OpenSSH_9.2p1" */
	int	major;
	int	minor;
};

/* Parse `ssh -V` (it prints on stderr), e.g. "OpenSSH_9.2p1 Debian-2,
 * OpenSSL 3.0.11 ...".  Returns 0, or -1 when it is not OpenSSH. */
int	ssh_version_parse(const char *text, struct ssh_version *v);

/* Whether v is at least major.minor. */
int	ssh_version_at_least(const struct ssh_version *v, int major,
	    int minor);

enum connect_result {
	CONNECT_REACHABLE,	/* logged in and ran the command */
	CONNECT_AUTH_REFUSED,	/* the server refused our key */
	CONNECT_KEY_LOCKED,	/* it would take a key that BatchMode could
				 * not unlock (a passphrase, no agent) */
	CONNECT_HOST_KEY_CHANGED, /* the stored key differs */
	CONNECT_HOST_KEY_UNKNOWN, /* no stored key and BatchMode: not asked */
	CONNECT_REFUSED,	/* nothing listens on the port */
	CONNECT_TIMED_OUT,	/* no answer in time */
	CONNECT_NO_SUCH_HOST,	/* the name does not resolve */
	CONNECT_UNREACHABLE,	/* no route, network down */
	CONNECT_CLOSED,		/* the server hung up before login */
	CONNECT_FAILED		/* something else; see stderr */
};

/*
 * Classify `ssh -o BatchMode=yes ALIAS true` from its exit status and
 * stderr, with or without -v (its debug lines are read only to tell a
 * locked key: "Server accepts key" and still no login).  timed_out: ucjob had to kill it.  Exit 255 is ssh's own
 * failure; any other status comes from the remote command, so the job
 * was reached.
 */
enum connect_result ssh_connect_classify(int exit_status, int timed_out,
	    const char *err);

/* "reachable", "authentication refused", ... */
const char *connect_result_name(enum connect_result r);

/* A short hint for the user, or "" (e.g. for CONNECT_AUTH_REFUSED: add
 * the public key to UCloud). */
const char *connect_result_hint(enum connect_result r);

/* Whether the job is gone: connection refused or timed out. */
int	connect_result_gone(enum connect_result r);

/*
 * The line of ssh's stderr that says what went wrong, without its line
 * ending, into out: ssh's own "FILE line N: ..." about the config when
 * there is one (a Match exec command may have printed before it), else
 * the first line.  Lines that only repeat the count ("terminating, N bad
 * configuration options") are skipped when another line exists, and
 * "Warning: Permanently added ..." always.
 */
void	ssh_error_line(const char *err, char *out, size_t outlen);

/* From the stderr of ssh -v: whether the server accepted a key that was
 * offered ("debug1: Server accepts key: ..."). */
int	ssh_key_accepted(const char *err);

/* From the stderr of ssh -v: the keys offered, by file (or agent
 * comment), joined with ", " into out ("" when none). */
void	ssh_offered_keys(const char *err, char *out, size_t outlen);

#endif
