/*
 * entry: what one job's Host entry says, and how it is written.  The
 * caller validates every field first (validate.h); rendering is pure.
 */
#ifndef UCJOB_ENTRY_H
#define UCJOB_ENTRY_H

#include <stddef.h>

#include "buf.h"

#define ENTRY_MAX_FORWARDS	32
#define ENTRY_MAX_OPTIONS	64

struct forward {
	int	local;
	int	remote;
};

struct entry {
	const char	*alias;
	const char	*hostname;
	int		 port;
	const char	*user;
	const char	*identity;	/* as written: ~/... or absolute */
	const char	*known_hosts;	/* as written */
	int		 accept_new;	/* StrictHostKeyChecking accept-new */
	struct forward	 forwards[ENTRY_MAX_FORWARDS];
	size_t		 nforwards;
	const char	*options[ENTRY_MAX_OPTIONS];	/* "Keyword value" */
	size_t		 noptions;
	const char	*job;		/* NULL: none */
	const char	*added;		/* "2026-11-24T12:00:00Z" */
};

/* An entry read back from a file, with room for its strings. */
struct entry_read {
	struct entry	e;
	char		alias[256];
	char		hostname[256];
	char		user[256];
	char		identity[1024];
	char		known_hosts[1024];
	char		job[128];
	char		added[32];
	char		options[ENTRY_MAX_OPTIONS][1024];
};

/* Append the entry's lines, each ending in eol. */
void	entry_render(const struct entry *e, const char *eol, struct buf *out);

/* "LOCAL[:REMOTE]" into f; 0 or -1. */
int	forward_parse(const char *s, struct forward *f);

/* "Keyword=value" or "Keyword value" into "Keyword value" (canonical
 * spacing) in out; 0, or -1 with a reason in why. */
int	option_parse(const char *s, char *out, size_t outlen, char *why,
	    size_t whylen);

/*
 * Read the Host entry text[0, len) back into r (the inverse of
 * entry_render): the fields ucjob writes, its LocalForward lines, the
 * other option lines as "Keyword value" and the job= and added= of its
 * "# ucjob:" comment.  The text is untrusted: a value that fails its
 * validate.h check is left out (NULL, or not counted).  A field the text
 * lacks is NULL (port 0).
 */
void	entry_parse(const char *text, size_t len, struct entry_read *r);

/* What a re-add was given on its command line (or in its paste). */
struct entry_given {
	int	hostname;
	int	user;
	int	identity;
	int	job;
	int	forwards;
	int	options;
};

/*
 * A re-add keeps what the old entry says unless given again: fill e's
 * host name, user, identity file, job id and forwards from old where g
 * says they were not given.  Without -o, old's option lines other than
 * the settings' (e's first nbase options) follow those.  e then points
 * into old's strings.
 */
void	entry_merge(struct entry *e, const struct entry_given *g,
	    const struct entry *old, size_t nbase);

/*
 * What changes from old to e, as "port 47212 -> 41465; forwards dropped"
 * into out ("" when nothing does).  Returns whether the endpoint changed
 * (host name, port, or job id given anew): a new host, whose stored key
 * must go.
 */
int	entry_changes(const struct entry *old, const struct entry *e,
	    char *out, size_t outlen);

/* Why an option in option_parse's form may not go into an entry (see
 * ssh_keyword_refusal), or NULL. */
const char *option_refusal(const char *option, const char *const *allow,
	    size_t nallow);

#endif
