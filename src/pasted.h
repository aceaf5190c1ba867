/*
 * pasted: the strict reader of what a user pastes from UCloud: the ssh
 * command ("ssh ucloud@ssh.cloud.sdu.dk -p 2465") or the job page's line
 * ("SSH: Connected! Available at: ssh ucloud@HOST -p PORT").  Only ssh,
 * [user@]host, -p, -l and -i are accepted (SPEC.md section 3, rule 7):
 * nothing pasted can smuggle an option into the config.  Text as browsers
 * copy it is read kindly: Unicode spaces (U+00A0 and the like) and blanks
 * around the text are blanks; any other non-ASCII
 * character is refused by name and column.  Pure functions.
 */
#ifndef UCJOB_PASTED_H
#define UCJOB_PASTED_H

#include <stddef.h>

struct target {
	char	host[256];	/* "" when not given */
	char	user[256];
	char	identity[1024];
	int	port;		/* 0 when not given */
};

/* Whether words look like a paste: the first is "ssh" or "SSH:", or the
 * first holds a blank or a non-ASCII byte (one quoted string). */
int	pasted_looks_like(int nwords, char *const words[]);

/* Turn each Unicode space in s into as many ASCII blanks as it has bytes,
 * so offsets into s stay offsets into the text as given. */
void	pasted_blank_spaces(char *s);

/* Whether text, blanks and Unicode spaces around it dropped, is a bare
 * port (as `echo 2465 | ucjob add -` gives); 0 and *port if so. */
int	pasted_port(const char *text, int *port);

/*
 * Parse the words (each may itself hold several blank-separated words,
 * as when the whole command is passed as one quoted argument).  Returns 0
 * and fills *t, or -1 with a one-line reason in why.
 */
int	pasted_parse(int nwords, char *const words[], struct target *t,
	    char *why, size_t whylen);

#endif
