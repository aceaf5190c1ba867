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
	if (strstr(err, "REMOTE HOST IDENTIFICATION HAS CHANGED") != NULL ||
	    strstr(err, "has changed and you have requested strict") != NULL)
		return CONNECT_HOST_KEY_CHANGED;
	if (strstr(err, "Host key verification failed") != NULL)
		return CONNECT_HOST_KEY_UNKNOWN;
	if (strstr(err, "Permission denied") != NULL ||
	    strstr(err, "Too many authentication failures") != NULL)
		return CONNECT_AUTH_REFUSED;
	if (strstr(err, "Connection refused") != NULL)
		return CONNECT_REFUSED;
	if (strstr(err, "timed out") != NULL)
		return CONNECT_TIMED_OUT;
	if (strstr(err, "Could not resolve hostname") != NULL)
		return CONNECT_NO_SUCH_HOST;
	if (strstr(err, "No route to host") != NULL ||
	    strstr(err, "Network is unreachable") != NULL)
		return CONNECT_UNREACHABLE;
	if (strstr(err, "Connection closed") != NULL ||
	    strstr(err, "Connection reset") != NULL ||
	    strstr(err, "kex_exchange_identification") != NULL)
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

void
ssh_error_line(const char *err, char *out, size_t outlen)
{
	const char *p = err ? err : "", *line, *first = NULL;
	size_t n, firstn = 0;

	out[0] = '\0';
	while ((p = next_line(p, &line, &n)) != NULL) {
		if (is_news(line, n))
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
