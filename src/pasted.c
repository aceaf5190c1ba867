/*
 * pasted: parse a pasted UCloud ssh command, job line or bare port,
 * refusing everything beyond ssh, [user@]host, -p, -l and -i, and naming
 * the character and column of what it refuses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pasted.h"
#include "validate.h"
#include "xmalloc.h"

#define MAX_WORDS	64

/* Characters a shell or ssh_config would give a meaning to. */
static const char forbidden[] = "\"'`\\$;|&<>()#*?!{}[]=,%";

/* Characters browsers put into copied text, named in errors. */
static const struct {
	unsigned long	 code;
	const char	*name;
	int		 dash;	/* looks like '-' */
} named[] = {
	{ 0x00ad, "SOFT HYPHEN", 1 },
	{ 0x200d, "ZERO WIDTH JOINER", 0 },
	{ 0x2010, "HYPHEN", 1 },
	{ 0x2011, "NON-BREAKING HYPHEN", 1 },
	{ 0x2012, "FIGURE DASH", 1 },
	{ 0x2013, "EN DASH", 1 },
	{ 0x2014, "EM DASH", 1 },
	{ 0x2015, "HORIZONTAL BAR", 1 },
	{ 0x2018, "LEFT SINGLE QUOTATION MARK", 0 },
	{ 0x2019, "RIGHT SINGLE QUOTATION MARK", 0 },
	{ 0x201c, "LEFT DOUBLE QUOTATION MARK", 0 },
	{ 0x201d, "RIGHT DOUBLE QUOTATION MARK", 0 },
	{ 0x2026, "HORIZONTAL ELLIPSIS", 0 },
	{ 0x2060, "WORD JOINER", 0 },
	{ 0x2212, "MINUS SIGN", 1 },
	{ 0xfe63, "SMALL HYPHEN-MINUS", 1 },
	{ 0xff0d, "FULLWIDTH HYPHEN-MINUS", 1 },
	{ 0xff20, "FULLWIDTH COMMERCIAL AT", 0 },
};

/* Key types that start a public key line (ssh-keygen -l lists them). */
static const char *const key_types[] = {
	"ssh-ed25519 ", "ssh-rsa ", "ssh-dss ", "ecdsa-sha2-", "sk-ssh-",
	"sk-ecdsa-", "ssh-ed448 ",
};

static int
is_sep(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_blank(char c)
{
	return is_sep(c) || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/*
 * Decode the UTF-8 character at s into *code; its length, or 0 when the
 * bytes are no well-formed UTF-8.
 */
static size_t
utf8_decode(const unsigned char *s, unsigned long *code)
{
	size_t len, i;
	unsigned long c;

	if (s[0] < 0x80) {
		*code = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*code = c;
	return len;
}

/* Unicode spaces, and the zero-width ones copied text carries. */
static int
is_unicode_space(unsigned long c)
{
	return c == 0x00a0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200b) ||
	    c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

void
pasted_blank_spaces(char *s)
{
	unsigned long code;
	size_t len;

	while (*s != '\0') {
		len = utf8_decode((const unsigned char *)s, &code);
		if (len == 0)
			len = 1;
		else if (len > 1 && is_unicode_space(code))
			memset(s, ' ', len);
		s += len;
	}
}

int
pasted_looks_like(int n, char *const w[])
{
	const char *s;

	if (n < 1)
		return 0;
	if (strcmp(w[0], "ssh") == 0 || strncmp(w[0], "SSH:", 4) == 0)
		return 1;
	for (s = w[0]; *s != '\0'; s++)
		if (is_blank(*s) || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
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

/* The column (counted in characters from 1) of byte off in text. */
static size_t
column_of(const char *text, size_t off)
{
	size_t i, col = 1;

	for (i = 0; i < off; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* Name the non-ASCII character at raw + off and where it is. */
static int
non_ascii(const char *raw, size_t off, char *why, size_t whylen)
{
	unsigned long code;
	size_t i, col;

	col = column_of(raw, off);
	if (utf8_decode((const unsigned char *)raw + off, &code) == 0)
		return reason(why, whylen, "the pasted command holds the byte "
		    "0x%02X, which is not UTF-8, at column %zu",
		    (unsigned char)raw[off], col);
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i].code == code)
			return reason(why, whylen, "the pasted command holds "
			    "U+%04lX %s at column %zu%s", code, named[i].name,
			    col, named[i].dash ? ": type '-' instead" :
			    ", which a UCloud ssh command never does");
	return reason(why, whylen, "the pasted command holds U+%04lX at "
	    "column %zu, which a UCloud ssh command never does", code, col);
}

/*
 * Check the command part (s, from byte off of the text as pasted, raw)
 * character by character, so the error names the culprit and its column.
 */
static int
check_chars(const char *s, const char *raw, size_t off, char *why,
    size_t whylen)
{
	size_t i;

	for (i = off; s[i] != '\0'; i++) {
		unsigned char u = (unsigned char)s[i];

		if (u >= 0x80)
			return non_ascii(raw, i, why, whylen);
		if (u == '\n' || u == '\r')
			return reason(why, whylen, "the pasted command breaks "
			    "the line at column %zu: paste the one line",
			    column_of(raw, i));
		if ((u < 0x20 && u != '\t') || u == 0x7f)
			return reason(why, whylen, "the pasted command holds "
			    "the control character 0x%02X at column %zu", u,
			    column_of(raw, i));
		if (strchr(forbidden, s[i]) != NULL)
			return reason(why, whylen, "the pasted command holds "
			    "'%c' at column %zu, which a UCloud ssh command "
			    "never does", s[i], column_of(raw, i));
	}
	return 0;
}

/* Whether s is a public key line ("ssh-ed25519 AAAA... comment"). */
static int
is_public_key(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(key_types) / sizeof(key_types[0]); i++)
		if (strncmp(s, key_types[i], strlen(key_types[i])) == 0)
			return 1;
	return 0;
}

/*
 * Where the ssh command starts in s: s itself, or the word "ssh" after a
 * word ending in ':' (the job page's "... Available at: ssh ...").
 */
static char *
command_start(char *s)
{
	char *cmd, *q;

	for (cmd = s; (cmd = strstr(cmd, "ssh")) != NULL; cmd++) {
		if (cmd != s && !is_sep(cmd[-1]))
			continue;
		if (!is_sep(cmd[3]) && cmd[3] != '\0')
			continue;
		if (cmd == s)
			return cmd;
		for (q = cmd - 1; q > s && is_sep(*q); q--)
			;
		if (*q == ':')
			return cmd;
	}
	return NULL;
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
		return reason(why, whylen, "no host in the pasted command");
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
		    "(UCloud shows '-p PORT')");
	return 0;
}

/* s without the blanks around it (cut off in place). */
static char *
trim(char *s)
{
	char *end;

	while (is_blank(*s))
		s++;
	for (end = s + strlen(s); end > s && is_blank(end[-1]); end--)
		;
	*end = '\0';
	return s;
}

int
pasted_port(const char *text, int *port)
{
	char *copy = xstrdup(text);
	int rc;

	pasted_blank_spaces(copy);
	rc = port_parse(trim(copy), port);
	free(copy);
	return rc;
}

int
pasted_parse(int nwords, char *const words[], struct target *t, char *why,
    size_t whylen)
{
	struct buf line = { 0 };
	char *w[MAX_WORDS], *copy = NULL, *p, *cmd;
	int i, n = 0, rc = -1;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < nwords; i++) {
		if (i > 0)
			buf_adds(&line, " ");
		buf_adds(&line, words[i]);
	}
	if (line.data == NULL) {
		reason(why, whylen, "nothing pasted");
		goto out;
	}
	/* Unicode spaces become blanks byte for byte: offsets stay true. */
	copy = xstrdup(line.data);
	pasted_blank_spaces(copy);
	p = trim(copy);
	if (*p == '\0') {
		reason(why, whylen, "nothing pasted");
		goto out;
	}
	if (is_public_key(p)) {
		reason(why, whylen, "that is your public key, not the job's ssh "
		    "command: copy the job's ssh line (ssh ucloud@HOST -p PORT)");
		goto out;
	}
	if ((cmd = command_start(p)) == NULL) {
		reason(why, whylen, strncmp(p, "SSH:", 4) == 0 ?
		    "no ssh command in the pasted line" :
		    "a pasted command must start with 'ssh'");
		goto out;
	}
	p = cmd;
	if (check_chars(copy, line.data, (size_t)(p - copy), why, whylen) != 0)
		goto out;
	for (;;) {
		while (is_sep(*p))
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n == MAX_WORDS) {
			reason(why, whylen, "too many words in the pasted "
			    "command");
			goto out;
		}
		w[n++] = p;
		while (*p != '\0' && !is_sep(*p))
			p++;
	}
	rc = parse_words(w, n, t, why, whylen);
out:
	free(copy);
	buf_free(&line);
	return rc;
}
