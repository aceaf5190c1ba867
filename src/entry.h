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

/* Append the entry's lines, each ending in eol. */
void	entry_render(const struct entry *e, const char *eol, struct buf *out);

/* "LOCAL[:REMOTE]" into f; 0 or -1. */
int	forward_parse(const char *s, struct forward *f);

/* "Keyword=value" or "Keyword value" into "Keyword value" (canonical
 * spacing) in out; 0, or -1 with a reason in why. */
int	option_parse(const char *s, char *out, size_t outlen, char *why,
	    size_t whylen);

/* Why an option in option_parse's form may not go into an entry (see
 * ssh_keyword_refusal), or NULL. */
const char *option_refusal(const char *option, const char *const *allow,
	    size_t nallow);

#endif
