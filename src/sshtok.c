/*
 * sshtok: split ssh_config lines into a keyword and words exactly as
 * OpenSSH does (readconf.c strdelim for the keyword, misc.c argv_split
 * for the arguments), and write words back so that it reads them again.
 */
#include <string.h>
#include <strings.h>

#include "sshtok.h"

/* Between words: argv_split separates at spaces and tabs only. */
static int
is_sep(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Around the keyword and at the end of a line, readconf.c also strips
 * '\r' and '\f'. */
static int
is_space(char ch)
{
	return is_sep(ch) || ch == '\r' || ch == '\f';
}

int
sshtok_line(struct sshtok *c, const char *t, size_t start, size_t end,
    struct span *kw)
{
	size_t p = start;

	while (end > p && is_space(t[end - 1]))
		end--;
	while (p < end && is_space(t[p]))
		p++;
	c->text = t;
	c->end = end;
	kw->off = p;
	while (p < end && !is_space(t[p]) && t[p] != '=' && t[p] != '"' &&
	    t[p] != '\'')
		p++;
	kw->len = p - kw->off;
	c->pos = p;
	if (kw->len == 0 || t[kw->off] == '#')
		return 0;
	while (c->pos < end && is_space(t[c->pos]))
		c->pos++;
	if (c->pos < end && t[c->pos] == '=') {
		c->pos++;
		while (c->pos < end && is_space(t[c->pos]))
			c->pos++;
	}
	return 1;
}

enum sshtok_word
sshtok_next(struct sshtok *c, char *out, size_t outlen, struct span *val)
{
	const char *t = c->text;
	size_t p = c->pos, raw = 0, first = 0, last = 0, n = 0;
	char quote = 0, ch;
	int verbatim = 1;

	while (p < c->end && is_sep(t[p]))
		p++;
	if (p >= c->end || t[p] == '#') {
		c->pos = c->end;
		return SSHTOK_END;
	}
	raw = p;
	for (; p < c->end; p++) {
		ch = t[p];
		if (ch == '\\' && p + 1 < c->end && (t[p + 1] == '\'' ||
		    t[p + 1] == '"' || t[p + 1] == '\\' ||
		    (quote == 0 && t[p + 1] == ' '))) {
			verbatim = 0;
			ch = t[++p];
		} else if (quote == 0 && is_sep(ch))
			break;
		else if (quote == 0 && (ch == '"' || ch == '\'')) {
			quote = ch;
			continue;
		} else if (quote != 0 && ch == quote) {
			quote = 0;
			continue;
		}
		/* A kept byte: the word is verbatim while they follow on. */
		if (n > 0 && p != last + 1)
			verbatim = 0;
		if (n == 0)
			first = p;
		last = p;
		if (out != NULL && n + 1 < outlen)
			out[n] = ch;
		n++;
	}
	if (out != NULL && outlen > 0)
		out[n + 1 < outlen ? n : outlen - 1] = '\0';
	c->pos = p;
	if (val != NULL) {
		val->off = verbatim && n > 0 ? first : raw;
		val->len = verbatim ? n : p - raw;
	}
	return quote != 0 ? SSHTOK_BADQUOTE : SSHTOK_WORD;
}

int
sshtok_is(const char *t, struct span kw, const char *word)
{
	return kw.len == strlen(word) && strncasecmp(t + kw.off, word,
	    kw.len) == 0;
}

void
sshtok_put(struct buf *out, const char *word)
{
	const char *s;

	if (*word != '\0' && *word != '#' &&
	    strpbrk(word, " \t\r\f\"'\\=") == NULL) {
		buf_adds(out, word);
		return;
	}
	buf_adds(out, "\"");
	for (s = word; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_adds(out, "\\");
		buf_add(out, s, 1);
	}
	buf_adds(out, "\"");
}

unsigned long
line_number(const char *t, size_t off)
{
	unsigned long n = 1;
	const char *nl;
	size_t pos = 0;

	while (pos < off && (nl = memchr(t + pos, '\n', off - pos)) != NULL) {
		n++;
		pos = (size_t)(nl - t) + 1;
	}
	return n;
}
