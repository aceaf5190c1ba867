/*
 * pasted: parse a pasted UCloud ssh command or job line, refusing
 * everything beyond ssh, [user@]host, -p, -l and -i.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "pasted.h"
#include "validate.h"

#define MAX_WORDS	64

/* Characters a shell or ssh_config would give a meaning to. */
static const char forbidden[] = "\"'`\\$;|&<>()#*?!{}[]=,%";

static int
is_sep(char c)
{
	return c == ' ' || c == '\t';
}

int
pasted_looks_like(int n, char *const w[])
{
	if (n < 1)
		return 0;
	if (strcmp(w[0], "ssh") == 0 || strncmp(w[0], "SSH:", 4) == 0)
		return 1;
	return strpbrk(w[0], " \t") != NULL;
}

static int __attribute__((format(printf, 3, 4)))
reason(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Check the command part byte by byte, so the error names the culprit. */
static int
check_chars(const char *s, char *why, size_t whylen)
{
	char c[2] = { 0, 0 };

	for (; *s != '\0'; s++) {
		unsigned char u = (unsigned char)*s;

		if ((u < 0x20 && u != '\t') || u >= 0x7f)
			return reason(why, whylen, "the pasted command holds a "
			    "control character or a non-ASCII byte%s", "");
		if (strchr(forbidden, *s) != NULL) {
			c[0] = *s;
			return reason(why, whylen, "the pasted command holds "
			    "'%s', which a UCloud ssh command never does", c);
		}
	}
	return 0;
}

/* Copy an option's argument, attached ("-p2465") or the next word. */
static int
take_arg(char **w, int n, int *i, const char *opt, const char **arg,
    char *why, size_t whylen)
{
	if (w[*i][2] != '\0') {
		*arg = w[*i] + 2;
		return 0;
	}
	if (*i + 1 >= n)
		return reason(why, whylen, "%s needs an argument", opt);
	*arg = w[++*i];
	return 0;
}

static int
set_once(char *dst, size_t len, const char *v, const char *what,
    char *why, size_t whylen)
{
	if (dst[0] != '\0')
		return reason(why, whylen, "the pasted command gives %s twice",
		    what);
	if (strlen(v) >= len)
		return reason(why, whylen, "%s in the pasted command is "
		    "too long", what);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int
parse_words(char **w, int n, struct target *t, char *why, size_t whylen)
{
	const char *arg = NULL, *at;
	int i, port;

	for (i = 1; i < n; i++) {
		if (strncmp(w[i], "-p", 2) == 0) {
			if (take_arg(w, n, &i, "-p", &arg, why, whylen) != 0)
				return -1;
			if (port_parse(arg, &port) != 0)
				return reason(why, whylen, "invalid port '%s' in "
				    "the pasted command (expected 1-65535)", arg);
			if (t->port != 0)
				return reason(why, whylen, "the pasted command "
				    "gives %s twice", "-p");
			t->port = port;
		} else if (strncmp(w[i], "-l", 2) == 0) {
			if (take_arg(w, n, &i, "-l", &arg, why, whylen) != 0 ||
			    set_once(t->user, sizeof(t->user), arg, "the user",
			    why, whylen) != 0)
				return -1;
		} else if (strncmp(w[i], "-i", 2) == 0) {
			if (take_arg(w, n, &i, "-i", &arg, why, whylen) != 0 ||
			    set_once(t->identity, sizeof(t->identity), arg,
			    "the identity file", why, whylen) != 0)
				return -1;
		} else if (w[i][0] == '-') {
			return reason(why, whylen, "option '%s' is not accepted "
			    "in a pasted command (only -p, -l and -i are)",
			    w[i]);
		} else if (t->host[0] != '\0') {
			return reason(why, whylen, "unexpected '%s' after the "
			    "host: a pasted command may not carry a remote "
			    "command", w[i]);
		} else {
			if ((at = strrchr(w[i], '@')) != NULL) {
				char user[256];
				size_t un = (size_t)(at - w[i]);

				if (un == 0 || un >= sizeof(user))
					return reason(why, whylen, "invalid "
					    "user in '%s'", w[i]);
				memcpy(user, w[i], un);
				user[un] = '\0';
				if (set_once(t->user, sizeof(t->user), user,
				    "the user", why, whylen) != 0)
					return -1;
				arg = at + 1;
			} else
				arg = w[i];
			if (set_once(t->host, sizeof(t->host), arg, "the host",
			    why, whylen) != 0)
				return -1;
		}
	}
	if (t->host[0] == '\0')
		return reason(why, whylen, "no host in the pasted command%s", "");
	if (!host_valid(t->host))
		return reason(why, whylen, "invalid host '%s' in the pasted "
		    "command", t->host);
	if (t->user[0] != '\0' && !user_valid(t->user))
		return reason(why, whylen, "invalid user '%s' in the pasted "
		    "command", t->user);
	if (t->identity[0] != '\0' && !value_valid(t->identity, 0))
		return reason(why, whylen, "invalid identity file '%s' in the "
		    "pasted command", t->identity);
	if (t->port == 0)
		return reason(why, whylen, "no port in the pasted command "
		    "(UCloud shows '-p PORT')%s", "");
	return 0;
}

int
pasted_parse(int nwords, char *const words[], struct target *t, char *why,
    size_t whylen)
{
	struct buf line = { 0 };
	char *w[MAX_WORDS], *p, *cmd;
	int i, n = 0, rc = -1;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < nwords; i++) {
		if (i > 0)
			buf_adds(&line, " ");
		buf_adds(&line, words[i]);
	}
	if (line.data == NULL || (p = line.data)[0] == '\0') {
		reason(why, whylen, "nothing pasted%s", "");
		goto out;
	}
	/* The job page's line: "SSH: Connected! Available at: ssh ...". */
	if (strncmp(p, "SSH:", 4) == 0) {
		for (cmd = p; (cmd = strstr(cmd, "ssh")) != NULL; cmd++)
			if (is_sep(cmd[-1]) && (is_sep(cmd[3]) || !cmd[3]))
				break;
		if (cmd == NULL) {
			reason(why, whylen, "no ssh command in the pasted "
			    "line%s", "");
			goto out;
		}
		p = cmd;
	}
	if (check_chars(p, why, whylen) != 0)
		goto out;
	for (;;) {
		while (is_sep(*p))
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n == MAX_WORDS) {
			reason(why, whylen, "too many words in the pasted "
			    "command%s", "");
			goto out;
		}
		w[n++] = p;
		while (*p != '\0' && !is_sep(*p))
			p++;
	}
	if (n == 0 || strcmp(w[0], "ssh") != 0) {
		reason(why, whylen, "a pasted command must start with 'ssh'%s",
		    "");
		goto out;
	}
	rc = parse_words(w, n, t, why, whylen);
out:
	buf_free(&line);
	return rc;
}
