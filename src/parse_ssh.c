/*
 * parse_ssh: pure parsers for ssh -G, ssh -V and a batch connection's
 * stderr.  Never does I/O; callers run the programs (verify.c,
 * cmd_check.c, cmd_doctor.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_ssh.h"

static void
copy_value(char *dst, size_t dstlen, const char *v, size_t n)
{
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static const char *next_line(const char *, const char **, size_t *);
static int	 is_verbose(const char *, size_t);
static int	 line_has(const char *, size_t, const char *);
static int	 plain_has(const char *, const char *);

static int
keyword_is(const char *p, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(p, word, n) == 0;
}

int
ssh_g_parse(const char *text, size_t len, struct ssh_options *o)
{
	const char *p = text, *end = text + len, *eol, *sp, *v;
	size_t kn, vn;
	int have_host = 0, have_port = 0;

	memset(o, 0, sizeof(*o));
	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		vn = (size_t)(eol - p);
		if (vn > 0 && p[vn - 1] == '\r')
			vn--;
		if ((sp = memchr(p, ' ', vn)) == NULL)
			continue;
		kn = (size_t)(sp - p);
		v = sp + 1;
		vn -= kn + 1;
		if (keyword_is(p, kn, "hostname")) {
			copy_value(o->hostname, sizeof(o->hostname), v, vn);
			have_host = 1;
		} else if (keyword_is(p, kn, "port")) {
			char num[8];

			copy_value(num, sizeof(num), v, vn);
			o->port = atoi(num);
			have_port = 1;
		} else if (keyword_is(p, kn, "user"))
			copy_value(o->user, sizeof(o->user), v, vn);
		else if (keyword_is(p, kn, "hostkeyalias"))
			copy_value(o->hostkeyalias, sizeof(o->hostkeyalias), v,
			    vn);
		else if (keyword_is(p, kn, "identityfile")) {
			if (o->nidentity < SSH_MAX_IDENTITIES)
				copy_value(o->identity[o->nidentity++],
				    SSH_VALUE_LEN, v, vn);
		} else if (keyword_is(p, kn, "userknownhostsfile"))
			copy_value(o->userknownhostsfile,
			    sizeof(o->userknownhostsfile), v, vn);
		else if (keyword_is(p, kn, "stricthostkeychecking"))
			copy_value(o->stricthostkeychecking,
			    sizeof(o->stricthostkeychecking), v, vn);
		else if (keyword_is(p, kn, "checkhostip"))
			copy_value(o->checkhostip, sizeof(o->checkhostip), v,
			    vn);
		else if (keyword_is(p, kn, "identitiesonly"))
			copy_value(o->identitiesonly,
			    sizeof(o->identitiesonly), v, vn);
		else if (keyword_is(p, kn, "proxyjump"))
			copy_value(o->proxyjump, sizeof(o->proxyjump), v, vn);
		else if (keyword_is(p, kn, "proxycommand"))
			copy_value(o->proxycommand, sizeof(o->proxycommand),
			    v, vn);
	}
	return have_host && have_port ? 0 : -1;
}

int
ssh_version_parse(const char *text, struct ssh_version *v)
{
	const char *p, *q;
	char *end;
	size_t n;

	memset(v, 0, sizeof(*v));
	if ((p = strstr(text, "OpenSSH_")) == NULL)
		return -1;
	for (q = p; *q != '\0' && *q != ' ' && *q != ',' && *q != '\r' &&
	    *q != '\n'; q++)
		;
	n = (size_t)(q - p);
	copy_value(v->text, sizeof(v->text), p, n);
	/* "OpenSSH_9.2p1", or "OpenSSH_for_Windows_8.1p1": the number
	 * follows the last underscore. */
	for (q = p + n; q > p && q[-1] != '_'; q--)
		;
	v->major = (int)strtol(q, &end, 10);
	if (end == q || *end != '.')
		return -1;
	q = end + 1;
	v->minor = (int)strtol(q, &end, 10);
	if (end == q)
		return -1;
	return 0;
}

int
ssh_version_at_least(const struct ssh_version *v, int major, int minor)
{
	return v->major > major || (v->major == major && v->minor >= minor);
}

enum connect_result
ssh_connect_classify(int exit_status, int timed_out, const char *err)
{
	if (err == NULL)
		err = "";
	if (timed_out)
		return CONNECT_TIMED_OUT;
	if (exit_status != 255)
		return CONNECT_REACHABLE;
	if (plain_has(err, "REMOTE HOST IDENTIFICATION HAS CHANGED") ||
	    plain_has(err, "has changed and you have requested strict"))
		return CONNECT_HOST_KEY_CHANGED;
	if (plain_has(err, "Host key verification failed"))
		return CONNECT_HOST_KEY_UNKNOWN;
	if (plain_has(err, "Permission denied") ||
	    plain_has(err, "Too many authentication failures"))
		return ssh_key_accepted(err) ? CONNECT_KEY_LOCKED :
		    CONNECT_AUTH_REFUSED;
	if (plain_has(err, "Connection refused"))
		return CONNECT_REFUSED;
	if (plain_has(err, "timed out"))
		return CONNECT_TIMED_OUT;
	if (plain_has(err, "Could not resolve hostname"))
		return CONNECT_NO_SUCH_HOST;
	if (plain_has(err, "No route to host") ||
	    plain_has(err, "Network is unreachable"))
		return CONNECT_UNREACHABLE;
	if (plain_has(err, "Connection closed") ||
	    plain_has(err, "Connection reset") ||
	    plain_has(err, "kex_exchange_identification"))
		return CONNECT_CLOSED;
	return CONNECT_FAILED;
}

const char *
connect_result_name(enum connect_result r)
{
	switch (r) {
	case CONNECT_REACHABLE:
		return "reachable";
	case CONNECT_AUTH_REFUSED:
		return "authentication refused";
	case CONNECT_KEY_LOCKED:
		return "key locked";
	case CONNECT_HOST_KEY_CHANGED:
		return "host key changed";
	case CONNECT_HOST_KEY_UNKNOWN:
		return "host key not known yet";
	case CONNECT_REFUSED:
		return "connection refused";
	case CONNECT_TIMED_OUT:
		return "timed out";
	case CONNECT_NO_SUCH_HOST:
		return "host not found";
	case CONNECT_UNREACHABLE:
		return "network unreachable";
	case CONNECT_CLOSED:
		return "connection closed";
	case CONNECT_FAILED:
		break;
	}
	return "failed";
}

const char *
connect_result_hint(enum connect_result r)
{
	switch (r) {
	case CONNECT_AUTH_REFUSED:
		return "the job does not accept the key: upload the public "
		    "key to UCloud (Resources, SSH keys) before starting "
		    "the job";
	case CONNECT_KEY_LOCKED:
		return "the key needs its passphrase (run ssh-add, or check "
		    "without --connect)";
	case CONNECT_HOST_KEY_CHANGED:
		return "another host answers under this alias: if a new job "
		    "took the port, add it again: ucjob add PORT --name ALIAS";
	case CONNECT_HOST_KEY_UNKNOWN:
		return "connect once with ssh to confirm the key, or set "
		    "host-key-checking = \"accept-new\"";
	case CONNECT_REFUSED:
	case CONNECT_TIMED_OUT:
		return "the job is gone (or not started yet); 'ucjob prune' "
		    "removes such entries";
	default:
		return "";
	}
}

int
connect_result_gone(enum connect_result r)
{
	return r == CONNECT_REFUSED || r == CONNECT_TIMED_OUT;
}

/* The next non-empty line of p: its start and length (line end and
 * trailing blanks dropped); returns where the search goes on, or NULL. */
static const char *
next_line(const char *p, const char **line, size_t *n)
{
	const char *eol;

	while (*p != '\0') {
		eol = p + strcspn(p, "\n");
		*line = p;
		*n = (size_t)(eol - p);
		while (*n > 0 && (p[*n - 1] == '\r' || p[*n - 1] == ' '))
			(*n)--;
		p = *eol != '\0' ? eol + 1 : eol;
		if (*n > 0)
			return p;
	}
	return NULL;
}

/* "Warning: Permanently added 'x' (ED25519) to the list of known
 * hosts.": news, not the error. */
static int
is_news(const char *line, size_t n)
{
	static const char added[] = "Warning: Permanently added ";

	return n >= sizeof(added) - 1 &&
	    memcmp(line, added, sizeof(added) - 1) == 0;
}

/* What ssh -v adds: "debug1: ..." and the version and summary lines. */
static int
is_verbose(const char *line, size_t n)
{
	static const char *const heads[] = { "debug1: ", "debug2: ",
	    "debug3: ", "OpenSSH_", "Authenticated to ", "Transferred: ",
	    "Bytes per second: " };
	size_t i, h;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		h = strlen(heads[i]);
		if (n >= h && memcmp(line, heads[i], h) == 0)
			return 1;
	}
	return 0;
}

static int
line_has(const char *line, size_t n, const char *needle)
{
	size_t i, t = strlen(needle);

	for (i = 0; i + t <= n; i++)
		if (memcmp(line + i, needle, t) == 0)
			return 1;
	return 0;
}

/* Whether a line that ssh prints without -v holds needle. */
static int
plain_has(const char *err, const char *needle)
{
	const char *p = err, *line;
	size_t n;

	while ((p = next_line(p, &line, &n)) != NULL)
		if (!is_verbose(line, n) && line_has(line, n, needle))
			return 1;
	return 0;
}

static int
is_tally(const char *line, size_t n)
{
	static const char tally[] = "terminating, ";
	size_t i, t = sizeof(tally) - 1;

	for (i = 0; i + t <= n; i++)
		if (memcmp(line + i, tally, t) == 0)
			return 1;
	return 0;
}

/* Whether the n bytes at p name a shell, as in "/bin/bash: line 1: x:
 * command not found" from a Match exec command. */
static int
is_shell(const char *p, size_t n)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ksh",
	    "mksh", "zsh", "busybox" };
	const char *base = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '/')
			base = p + i + 1;
	n -= (size_t)(base - p);
	for (i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		if (strlen(shells[i]) == n && memcmp(base, shells[i], n) == 0)
			return 1;
	return 0;
}

/* Whether the line is ssh's own about a config file: "FILE line N: ..."
 * or "FILE: line N: ...", FILE not a shell. */
static int
names_config_line(const char *line, size_t n)
{
	static const char tag[] = " line ";
	size_t i, j, f, t = sizeof(tag) - 1;

	for (i = 1; i + t < n; i++) {
		if (memcmp(line + i, tag, t) != 0)
			continue;
		for (j = i + t; j < n && line[j] >= '0' && line[j] <= '9'; j++)
			;
		if (j == i + t || j + 1 >= n || line[j] != ':' ||
		    line[j + 1] != ' ')
			continue;
		f = line[i - 1] == ':' ? i - 1 : i;
		if (f > 0 && !is_shell(line, f))
			return 1;
	}
	return 0;
}

void
ssh_error_line(const char *err, char *out, size_t outlen)
{
	const char *p = err ? err : "", *line, *first = NULL;
	size_t n, firstn = 0;

	out[0] = '\0';
	while ((p = next_line(p, &line, &n)) != NULL) {
		/* ssh -v's "debug1: FILE line N: Applying options" too. */
		if (!is_verbose(line, n) && names_config_line(line, n)) {
			copy_value(out, outlen, line, n);
			return;
		}
	}
	p = err ? err : "";
	while ((p = next_line(p, &line, &n)) != NULL) {
		if (is_news(line, n) || is_verbose(line, n))
			continue;
		if (!is_tally(line, n)) {
			copy_value(out, outlen, line, n);
			return;
		}
		if (first == NULL) {
			first = line;
			firstn = n;
		}
	}
	if (first != NULL)
		copy_value(out, outlen, first, firstn);
}

int
ssh_key_accepted(const char *err)
{
	static const char head[] = "debug1: Server accepts key: ";
	const char *p = err ? err : "", *line;
	size_t n;

	while ((p = next_line(p, &line, &n)) != NULL)
		if (n >= sizeof(head) - 1 &&
		    memcmp(line, head, sizeof(head) - 1) == 0)
			return 1;
	return 0;
}

void
ssh_offered_keys(const char *err, char *out, size_t outlen)
{
	static const char head[] = "debug1: Offering public key: ";
	const char *p = err ? err : "", *line, *key, *end;
	size_t n, used = 0, k;

	if (outlen == 0)
		return;
	out[0] = '\0';
	while ((p = next_line(p, &line, &n)) != NULL) {
		if (n < sizeof(head) - 1 ||
		    memcmp(line, head, sizeof(head) - 1) != 0)
			continue;
		/* "FILE-OR-COMMENT TYPE SHA256:... how": up to the type. */
		key = line + sizeof(head) - 1;
		for (end = key; end < line + n; end++)
			if ((size_t)(line + n - end) >= 8 &&
			    memcmp(end, " SHA256:", 8) == 0)
				break;
		while (end > key && *--end != ' ')
			continue;
		if (end <= key)
			continue;
		k = (size_t)(end - key);
		if (used + k + 3 >= outlen)
			break;
		if (used > 0) {
			memcpy(out + used, ", ", 2);
			used += 2;
		}
		memcpy(out + used, key, k);
		used += k;
		out[used] = '\0';
	}
}
