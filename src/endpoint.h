/*
 * endpoint: the SSH endpoint of a UCloud job, read from its status text
 * (UCLOUD-API.md, "The SSH endpoint is text, not a field").  Pure
 * functions: no I/O.  The text comes from the server and is untrusted: a
 * line is taken only when the strict paste parser (pasted.h) accepts it,
 * and refused with a reason otherwise.
 */
#ifndef UCJOB_ENDPOINT_H
#define UCJOB_ENDPOINT_H

#include <stddef.h>

/* One entry of a job's "updates" list. */
struct job_update {
	const char	*state;		/* "RUNNING", ...; NULL when none */
	const char	*status;	/* free text; NULL when none */
};

struct endpoint {
	char	user[256];	/* "" when the line names none */
	char	host[256];
	int	port;		/* 1-65535; 22 when the line gives no -p */
};

/*
 * Walk the updates oldest (u[0]) to newest.  A status line that starts
 * with "SSH:" and holds "Available at:", or starts with "SSH Access: ",
 * names an endpoint: the text after that prefix, read as an ssh command
 * with only ssh, [user@]host, -p and -l.  An update whose state is
 * SUSPENDED, SUCCESS, FAILURE or EXPIRED forgets the endpoint (after its
 * own status lines).  The last endpoint named wins.
 *
 * Returns 1 and fills *ep when there is an endpoint; 0 when there is none
 * (*ep zeroed); -1 when the line that would give the endpoint was
 * refused: why then holds one line without control characters, for
 * "job N: status text rejected: WHY".
 */
int	endpoint_from_updates(const struct job_update *u, size_t n,
	    struct endpoint *ep, char *why, size_t whylen);

/*
 * Read one status line of len bytes (without its newline; no NUL needed
 * after it).  Returns 1 and fills *ep when the line names an endpoint; 0
 * when it names none, -1 with a reason when it would name one but is
 * refused (*ep zeroed in both).
 */
int	endpoint_from_line(const char *line, size_t len, struct endpoint *ep,
	    char *why, size_t whylen);

/* Whether state forgets the endpoint (SUSPENDED or final). */
int	endpoint_state_forgets(const char *state);

#endif
