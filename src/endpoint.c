/*
 * endpoint: find a UCloud job's SSH endpoint in its status lines, by the
 * rule of UCLOUD-API.md, through the strict paste parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"
#include "pasted.h"
#include "xmalloc.h"

#define AVAILABLE	"Available at:"
#define SSH_PREFIX	"SSH:"
#define AAU_PREFIX	"SSH Access: "

static int	is_blank(char);
static int	has_port_option(const char *);
static int	parse_command(const char *, struct endpoint *, char *, size_t);
static void	unpaste(char *);

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether the command holds a word starting with -p. */
static int
has_port_option(const char *s)
{
	for (;;) {
		while (is_blank(*s))
			s++;
		if (*s == '\0')
			return 0;
		if (s[0] == '-' && s[1] == 'p')
			return 1;
		while (*s != '\0' && !is_blank(*s))
			s++;
	}
}

/* The paste parser's reasons speak of "the pasted command": here it is
 * the command in a status line. */
static void
unpaste(char *why)
{
	char *p;

	while ((p = strstr(why, "pasted ")) != NULL)
		memmove(p, p + 7, strlen(p + 7) + 1);
}

/* Read the command after a prefix: ssh [user@]host [-p PORT] [-l USER]. */
static int
parse_command(const char *cmd, struct endpoint *ep, char *why, size_t whylen)
{
	struct target t;
	char *text, *words[1];
	int rc;

	if (strncmp(cmd, "ssh", 3) != 0 || !is_blank(cmd[3])) {
		snprintf(why, whylen, "the command in a status line must "
		    "start with 'ssh'");
		return -1;
	}
	/* Without -p the port is 22, as Slurm sites write it. */
	if (has_port_option(cmd))
		text = xstrdup(cmd);
	else
		text = xasprintf("%s -p 22", cmd);
	words[0] = text;
	rc = pasted_parse(1, words, &t, why, whylen);
	free(text);
	if (rc != 0) {
		unpaste(why);
		return -1;
	}
	if (t.identity[0] != '\0') {
		snprintf(why, whylen, "an identity file (-i) in a status line");
		return -1;
	}
	memset(ep, 0, sizeof(*ep));
	memcpy(ep->user, t.user, sizeof(ep->user));
	memcpy(ep->host, t.host, sizeof(ep->host));
	ep->port = t.port;
	return 1;
}

int
endpoint_from_line(const char *line, size_t len, struct endpoint *ep,
    char *why, size_t whylen)
{
	const char *cmd, *end;
	char *copy;
	int rc;

	memset(ep, 0, sizeof(*ep));
	if (len > 0 && line[len - 1] == '\r')
		len--;
	end = line + len;
	if (len >= strlen(AAU_PREFIX) &&
	    memcmp(line, AAU_PREFIX, strlen(AAU_PREFIX)) == 0)
		cmd = line + strlen(AAU_PREFIX);
	else if (len >= strlen(SSH_PREFIX) &&
	    memcmp(line, SSH_PREFIX, strlen(SSH_PREFIX)) == 0) {
		for (cmd = line; cmd + strlen(AVAILABLE) <= end; cmd++)
			if (memcmp(cmd, AVAILABLE, strlen(AVAILABLE)) == 0)
				break;
		if (cmd + strlen(AVAILABLE) > end)
			return 0;
		cmd += strlen(AVAILABLE);
	} else
		return 0;
	while (cmd < end && is_blank(*cmd))
		cmd++;
	while (end > cmd && is_blank(end[-1]))
		end--;
	if (memchr(cmd, '\0', (size_t)(end - cmd)) != NULL) {
		snprintf(why, whylen, "a NUL byte in a status line");
		return -1;
	}
	copy = xstrndup(cmd, (size_t)(end - cmd));
	rc = parse_command(copy, ep, why, whylen);
	free(copy);
	if (rc != 1)
		memset(ep, 0, sizeof(*ep));
	return rc;
}

int
endpoint_state_forgets(const char *state)
{
	return state != NULL && (strcmp(state, "SUSPENDED") == 0 ||
	    strcmp(state, "SUCCESS") == 0 || strcmp(state, "FAILURE") == 0 ||
	    strcmp(state, "EXPIRED") == 0);
}

int
endpoint_from_updates(const struct job_update *u, size_t n,
    struct endpoint *ep, char *why, size_t whylen)
{
	struct endpoint found;
	const char *line, *nl;
	char reason[512];
	size_t i;
	int have = 0, rc;

	memset(ep, 0, sizeof(*ep));
	reason[0] = '\0';
	for (i = 0; i < n; i++) {
		for (line = u[i].status; line != NULL; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			rc = endpoint_from_line(line,
			    nl ? (size_t)(nl - line) : strlen(line), &found,
			    reason, sizeof(reason));
			if (rc == 1) {
				*ep = found;
				have = 1;
			} else if (rc == -1)
				have = -1;
		}
		if (endpoint_state_forgets(u[i].state))
			have = 0;
	}
	if (have != 1)
		memset(ep, 0, sizeof(*ep));
	if (have == -1)
		snprintf(why, whylen, "%s", reason);
	return have;
}
