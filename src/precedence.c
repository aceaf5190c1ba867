/*
 * precedence: scan ssh config text the way readconf.c applies it, to name
 * the line whose value wins.  No I/O: Include goes through a callback.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "precedence.h"

#define WORD_LEN	1024

struct cursor {
	const char	*p;
	const char	*end;
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int
precedence_match(const char *pat, size_t plen, const char *s, int fold)
{
	const char *pe = pat + plen;

	for (;;) {
		if (pat == pe)
			return *s == '\0';
		if (*pat == '*') {
			pat++;
			if (pat == pe)
				return 1;
			for (; *s != '\0'; s++)
				if (precedence_match(pat, (size_t)(pe - pat), s,
				    fold))
					return 1;
			return 0;
		}
		if (*s == '\0')
			return 0;
		if (*pat != '?' && (fold ? tolower((unsigned char)*pat) !=
		    tolower((unsigned char)*s) : *pat != *s))
			return 0;
		pat++;
		s++;
	}
}

/* The next word of [c->p, c->end): blank-separated, double quotes
 * grouping (and removed).  Returns 0 at the end of the line. */
static int
next_word(struct cursor *c, char *out, size_t outlen)
{
	size_t n = 0;
	int quoted = 0;

	while (c->p < c->end && is_blank(*c->p))
		c->p++;
	if (c->p >= c->end)
		return 0;
	for (; c->p < c->end; c->p++) {
		if (*c->p == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && is_blank(*c->p))
			break;
		if (n + 1 < outlen)
			out[n++] = *c->p;
	}
	out[n] = '\0';
	return 1;
}

/* Keyword of a line ("Key value", "Key=value"); c is left on the value.
 * Returns 0 for blank and comment lines. */
static int
line_keyword(struct cursor *c, char *kw, size_t kwlen)
{
	size_t n = 0;

	while (c->p < c->end && is_blank(*c->p))
		c->p++;
	if (c->p >= c->end || *c->p == '#')
		return 0;
	while (c->p < c->end && !is_blank(*c->p) && *c->p != '=') {
		if (n + 1 < kwlen)
			kw[n++] = *c->p;
		c->p++;
	}
	kw[n] = '\0';
	while (c->p < c->end && is_blank(*c->p))
		c->p++;
	if (c->p < c->end && *c->p == '=')
		c->p++;
	return 1;
}

/* Host: some positive pattern matches and no negated one does. */
static int
host_applies(struct cursor c, const char *alias)
{
	char w[WORD_LEN];
	int yes = 0;

	while (next_word(&c, w, sizeof(w))) {
		if (w[0] == '#')
			break;
		if (w[0] == '!') {
			if (precedence_match(w + 1, strlen(w + 1), alias, 0))
				return 0;
		} else if (precedence_match(w, strlen(w), alias, 0))
			yes = 1;
	}
	return yes;
}

/* A comma-separated pattern list, negation allowed, case-insensitive. */
static int
list_matches(const char *list, const char *s)
{
	const char *p = list, *comma;
	size_t n;
	int yes = 0, neg;

	if (s == NULL)
		return 0;
	while (*p != '\0') {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		neg = n > 0 && *p == '!';
		if (neg && precedence_match(p + 1, n - 1, s, 1))
			return 0;
		if (!neg && precedence_match(p, n, s, 1))
			yes = 1;
		p += n + (comma != NULL);
	}
	return yes;
}

/* Match: 0 only when some criterion surely fails for this host. */
static int
match_may_apply(struct cursor c, const struct precedence_query *q)
{
	char w[WORD_LEN], arg[WORD_LEN];
	const char *crit;
	int neg, r;

	while (next_word(&c, w, sizeof(w))) {
		if (w[0] == '#')
			break;
		neg = w[0] == '!';
		crit = w + neg;
		if (strcasecmp(crit, "all") == 0 ||
		    strcasecmp(crit, "canonical") == 0 ||
		    strcasecmp(crit, "final") == 0)
			continue;
		if (!next_word(&c, arg, sizeof(arg)))
			break;
		if (strcasecmp(crit, "host") == 0)
			r = list_matches(arg, q->hostname) ||
			    list_matches(arg, q->alias);
		else if (strcasecmp(crit, "originalhost") == 0)
			r = list_matches(arg, q->alias);
		else
			continue;	/* exec, user, ...: cannot tell */
		if (r == neg)
			return 0;
	}
	return 1;
}

static void
set_hit(struct precedence_hit *hit, unsigned long lineno, const char *s,
    const char *e)
{
	size_t n;

	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	n = (size_t)(e - s);
	if (n >= sizeof(hit->text))
		n = sizeof(hit->text) - 1;
	memcpy(hit->text, s, n);
	hit->text[n] = '\0';
	hit->line = lineno;
}

enum precedence_result
precedence_scan(const char *text, size_t len, size_t stop,
    const struct precedence_query *q, struct precedence_hit *hit)
{
	const char *p = text, *end = text + (stop < len ? stop : len), *eol;
	char kw[64], w[WORD_LEN];
	struct cursor c;
	unsigned long lineno = 0;
	enum precedence_result r;
	int active = 1;

	for (; p < end; p = eol + 1) {
		lineno++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		c.p = p;
		c.end = eol;
		if (!line_keyword(&c, kw, sizeof(kw)))
			continue;
		if (strcasecmp(kw, "host") == 0) {
			active = host_applies(c, q->alias);
			continue;
		}
		if (strcasecmp(kw, "match") == 0) {
			active = match_may_apply(c, q);
			continue;
		}
		if (!active)
			continue;
		if (strcasecmp(kw, q->keyword) == 0) {
			set_hit(hit, lineno, p, eol);
			return PREC_HERE;
		}
		if (strcasecmp(kw, "include") != 0 || q->include == NULL ||
		    q->depth >= PRECEDENCE_MAX_DEPTH)
			continue;
		while (next_word(&c, w, sizeof(w))) {
			if ((r = q->include(w, q, hit)) != PREC_NONE)
				return r;
		}
	}
	return PREC_NONE;
}

int
precedence_nested_include(const char *text, size_t len,
    struct precedence_hit *hit)
{
	const char *p = text, *end = text + len, *eol;
	char kw[64];
	struct cursor c;
	unsigned long lineno = 0;
	int in_section = 0;

	for (; p < end; p = eol + 1) {
		lineno++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		c.p = p;
		c.end = eol;
		if (!line_keyword(&c, kw, sizeof(kw)))
			continue;
		if (strcasecmp(kw, "host") == 0 ||
		    strcasecmp(kw, "match") == 0)
			in_section = 1;
		else if (in_section && strcasecmp(kw, "include") == 0) {
			set_hit(hit, lineno, p, eol);
			return 1;
		}
	}
	return 0;
}
