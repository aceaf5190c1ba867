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

/* The first argument of the line, when it passes valid(), into out. */
static const char *
read_word(struct sshtok *c, char *out, size_t outlen,
    int (*valid)(const char *))
{
	if (sshtok_next(c, out, outlen, NULL) != SSHTOK_WORD ||
	    !valid(out))
		return NULL;
	return out;
}

/* "# ucjob: job=ID added=TIME": the words of ucjob's comment. */
static void
read_comment(const char *t, size_t p, size_t end, struct entry_read *r)
{
	size_t q;

	if (end - p < 8 || memcmp(t + p, "# ucjob:", 8) != 0)
		return;
	for (p += 8; p < end; p = q) {
		while (p < end && (t[p] == ' ' || t[p] == '\t'))
			p++;
		for (q = p; q < end && t[q] != ' ' && t[q] != '\t'; q++)
			;
		if (q - p > 4 && q - p - 4 < sizeof(r->job) &&
		    memcmp(t + p, "job=", 4) == 0) {
			memcpy(r->job, t + p + 4, q - p - 4);
			r->job[q - p - 4] = '\0';
			r->e.job = job_valid(r->job) ? r->job : NULL;
		} else if (q - p > 6 && q - p - 6 < sizeof(r->added) &&
		    memcmp(t + p, "added=", 6) == 0) {
			memcpy(r->added, t + p + 6, q - p - 6);
			r->added[q - p - 6] = '\0';
			r->e.added = value_valid(r->added, 0) ? r->added : NULL;
		}
	}
}

/* "LocalForward N localhost:M", as entry_render writes it. */
static void
read_forward(struct sshtok *c, struct entry_read *r)
{
	char word[64];
	struct forward f;

	if (r->e.nforwards == ENTRY_MAX_FORWARDS ||
	    sshtok_next(c, word, sizeof(word), NULL) != SSHTOK_WORD ||
	    port_parse(word, &f.local) != 0 ||
	    sshtok_next(c, word, sizeof(word), NULL) != SSHTOK_WORD ||
	    strncmp(word, "localhost:", 10) != 0 ||
	    port_parse(word + 10, &f.remote) != 0)
		return;
	r->e.forwards[r->e.nforwards++] = f;
}

/* Any other keyword line, as "Keyword value" when it is one -o takes. */
static void
read_option(const char *t, struct span kw, size_t end, struct entry_read *r)
{
	char line[1024], why[128];
	size_t n;

	while (end > kw.off && (t[end - 1] == ' ' || t[end - 1] == '\t' ||
	    t[end - 1] == '\r'))
		end--;
	n = end - kw.off;
	if (r->e.noptions == ENTRY_MAX_OPTIONS || n >= sizeof(line))
		return;
	memcpy(line, t + kw.off, n);
	line[n] = '\0';
	if (option_parse(line, r->options[r->e.noptions], sizeof(r->options[0]),
	    why, sizeof(why)) == 0) {
		r->e.options[r->e.noptions] = r->options[r->e.noptions];
		r->e.noptions++;
	}
}

static int
path_ok(const char *s)
{
	return s[0] != '\0' && path_valid(s);
}

static int
is_port(const char *s)
{
	int port;

	return port_parse(s, &port) == 0;
}

static int
accept_new(const char *s)
{
	return strcmp(s, "accept-new") == 0;
}

void
entry_parse(const char *t, size_t len, struct entry_read *r)
{
	struct sshtok c;
	struct span kw;
	char word[16];
	size_t pos, end, p;
	const char *nl;

	memset(r, 0, sizeof(*r));
	for (pos = 0; pos < len; pos = end + 1) {
		nl = memchr(t + pos, '\n', len - pos);
		end = nl ? (size_t)(nl - t) : len;
		for (p = pos; p < end && (t[p] == ' ' || t[p] == '\t'); p++)
			;
		if (p < end && t[p] == '#') {
			read_comment(t, p, end, r);
			continue;
		}
		if (!sshtok_line(&c, t, pos, end, &kw))
			continue;
		if (sshtok_is(t, kw, "host"))
			r->e.alias = read_word(&c, r->alias, sizeof(r->alias),
			    alias_valid);
		else if (sshtok_is(t, kw, "hostname"))
			r->e.hostname = read_word(&c, r->hostname,
			    sizeof(r->hostname), host_valid);
		else if (sshtok_is(t, kw, "port")) {
			if (read_word(&c, word, sizeof(word), is_port) != NULL)
				(void)port_parse(word, &r->e.port);
		} else if (sshtok_is(t, kw, "user"))
			r->e.user = read_word(&c, r->user, sizeof(r->user),
			    user_valid);
		else if (sshtok_is(t, kw, "identityfile"))
			r->e.identity = read_word(&c, r->identity,
			    sizeof(r->identity), path_ok);
		else if (sshtok_is(t, kw, "userknownhostsfile"))
			r->e.known_hosts = read_word(&c, r->known_hosts,
			    sizeof(r->known_hosts), path_ok);
		else if (sshtok_is(t, kw, "stricthostkeychecking"))
			r->e.accept_new = read_word(&c, word, sizeof(word),
			    accept_new) != NULL;
		else if (sshtok_is(t, kw, "localforward"))
			read_forward(&c, r);
		else
			read_option(t, kw, end, r);
	}
}

static int
same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

void
entry_merge(struct entry *e, const struct entry_given *g,
    const struct entry *old, size_t nbase)
{
	size_t i, k;

	if (!g->hostname && old->hostname != NULL)
		e->hostname = old->hostname;
	if (!g->user && old->user != NULL)
		e->user = old->user;
	if (!g->identity && old->identity != NULL)
		e->identity = old->identity;
	if (!g->job && old->job != NULL)
		e->job = old->job;
	if (!g->forwards) {
		memcpy(e->forwards, old->forwards, sizeof(old->forwards));
		e->nforwards = old->nforwards;
	}
	if (g->options)
		return;
	e->noptions = nbase;
	for (i = 0; i < old->noptions; i++) {
		for (k = 0; k < nbase; k++)
			if (strcmp(old->options[i], e->options[k]) == 0)
				break;
		if (k == nbase && e->noptions < ENTRY_MAX_OPTIONS)
			e->options[e->noptions++] = old->options[i];
	}
}

/* Append one part of a description, after "; " when not the first. */
static void
describe(char *out, size_t outlen, const char *part)
{
	size_t n = strlen(out);

	if (n < outlen)
		snprintf(out + n, outlen - n, "%s%s", n > 0 ? "; " : "", part);
}

/* "WHAT OLD -> NEW" for a field that changed ("none" for NULL). */
static void
describe_value(char *out, size_t outlen, const char *what, const char *a,
    const char *b)
{
	char part[2300];

	snprintf(part, sizeof(part), "%s %s -> %s", what, a ? a : "none",
	    b ? b : "none");
	describe(out, outlen, part);
}

static int
forwards_equal(const struct entry *a, const struct entry *b)
{
	size_t i;

	if (a->nforwards != b->nforwards)
		return 0;
	for (i = 0; i < a->nforwards; i++)
		if (a->forwards[i].local != b->forwards[i].local ||
		    a->forwards[i].remote != b->forwards[i].remote)
			return 0;
	return 1;
}

static int
options_equal(const struct entry *a, const struct entry *b)
{
	size_t i;

	if (a->noptions != b->noptions)
		return 0;
	for (i = 0; i < a->noptions; i++)
		if (strcmp(a->options[i], b->options[i]) != 0)
			return 0;
	return 1;
}

int
entry_changes(const struct entry *old, const struct entry *e, char *out,
    size_t outlen)
{
	char from[8], to[8];
	int endpoint = 0;

	out[0] = '\0';
	if (old->port != e->port) {
		snprintf(from, sizeof(from), "%d", old->port);
		snprintf(to, sizeof(to), "%d", e->port);
		describe_value(out, outlen, "port", from, to);
		endpoint = 1;
	}
	if (!same_string(old->hostname, e->hostname)) {
		describe_value(out, outlen, "host", old->hostname,
		    e->hostname);
		endpoint = 1;
	}
	if (!same_string(old->user, e->user))
		describe_value(out, outlen, "user", old->user, e->user);
	if (!same_string(old->identity, e->identity))
		describe_value(out, outlen, "identity file", old->identity,
		    e->identity);
	if (!same_string(old->job, e->job)) {
		describe_value(out, outlen, "job", old->job, e->job);
		endpoint |= e->job != NULL;	/* another job, another host */
	}
	if (!forwards_equal(old, e))
		describe(out, outlen, e->nforwards ? "forwards changed" :
		    "forwards dropped");
	if (!options_equal(old, e))
		describe(out, outlen, "options changed");
	return endpoint;
}
