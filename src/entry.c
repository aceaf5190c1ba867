/*
 * entry: render a job's Host entry in the layout of SPEC.md section 3,
 * and parse the small option syntaxes that feed it (-L, -o).
 */
#include <stdio.h>
#include <string.h>

#include "entry.h"
#include "sshtok.h"
#include "validate.h"

/* A path with a blank is written in quotes (sshtok_put). */
static void
put_path(struct buf *b, const char *key, const char *path, const char *eol)
{
	buf_printf(b, "    %s ", key);
	sshtok_put(b, path);
	buf_adds(b, eol);
}

void
entry_render(const struct entry *e, const char *eol, struct buf *b)
{
	size_t i;

	buf_printf(b, "Host %s%s", e->alias, eol);
	buf_printf(b, "    HostName %s%s", e->hostname, eol);
	buf_printf(b, "    Port %d%s", e->port, eol);
	buf_printf(b, "    User %s%s", e->user, eol);
	put_path(b, "IdentityFile", e->identity, eol);
	buf_printf(b, "    IdentitiesOnly yes%s", eol);
	buf_printf(b, "    HostKeyAlias %s%s", e->alias, eol);
	put_path(b, "UserKnownHostsFile", e->known_hosts, eol);
	buf_printf(b, "    CheckHostIP no%s", eol);
	/* Plain names, so that rm can see whether ssh-keygen -R has
	 * anything to remove; the alias is in the config anyway. */
	buf_printf(b, "    HashKnownHosts no%s", eol);
	if (e->accept_new)
		buf_printf(b, "    StrictHostKeyChecking accept-new%s", eol);
	for (i = 0; i < e->nforwards; i++)
		buf_printf(b, "    LocalForward %d localhost:%d%s",
		    e->forwards[i].local, e->forwards[i].remote, eol);
	for (i = 0; i < e->noptions; i++)
		buf_printf(b, "    %s%s", e->options[i], eol);
	if (e->job != NULL)
		buf_printf(b, "    # ucjob: job=%s added=%s%s", e->job,
		    e->added, eol);
	else
		buf_printf(b, "    # ucjob: added=%s%s", e->added, eol);
}

int
forward_parse(const char *s, struct forward *f)
{
	char local[8];
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (n == 0 || n >= sizeof(local))
		return -1;
	memcpy(local, s, n);
	local[n] = '\0';
	if (port_parse(local, &f->local) != 0)
		return -1;
	if (colon == NULL) {
		f->remote = f->local;
		return 0;
	}
	return port_parse(colon + 1, &f->remote);
}

const char *
option_refusal(const char *option, const char *const *allow, size_t nallow)
{
	char kw[64];
	size_t n = strcspn(option, " ");

	if (n >= sizeof(kw))
		n = sizeof(kw) - 1;
	memcpy(kw, option, n);
	kw[n] = '\0';
	return ssh_keyword_refusal(kw, allow, nallow);
}

int
option_parse(const char *s, char *out, size_t outlen, char *why,
    size_t whylen)
{
	char kw[64];
	const char *v;
	size_t n = strcspn(s, "= \t");

	if (n == 0 || n >= sizeof(kw)) {
		snprintf(why, whylen, "expected KEYWORD=VALUE");
		return -1;
	}
	memcpy(kw, s, n);
	kw[n] = '\0';
	v = s + n;
	while (*v == ' ' || *v == '\t')
		v++;
	if (*v == '=')
		v++;
	while (*v == ' ' || *v == '\t')
		v++;
	if (!ssh_keyword_known(kw)) {
		snprintf(why, whylen, "'%s' is not an ssh_config keyword", kw);
		return -1;
	}
	if (ssh_keyword_managed(kw)) {
		snprintf(why, whylen, "%s %s", kw,
		    ssh_keyword_refusal(kw, NULL, 0));
		return -1;
	}
	if (!value_valid(v, 1)) {
		snprintf(why, whylen, "the value of %s is empty or holds a "
		    "control character, '#', a quote or a backslash", kw);
		return -1;
	}
	if ((size_t)snprintf(out, outlen, "%s %s", kw, v) >= outlen) {
		snprintf(why, whylen, "the value of %s is too long", kw);
		return -1;
	}
	return 0;
}
