/*
 * precedence: scan ssh config text the way readconf.c applies it, to name
 * the line whose value wins.  No I/O: Include goes through a callback.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "precedence.h"
#include "sshtok.h"

#define WORD_LEN	1024

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

/* The next word of the line into out; 0 at its end. */
static int
next_word(struct sshtok *c, char *out, size_t outlen)
{
	return sshtok_next(c, out, outlen, NULL) == SSHTOK_WORD;
}

/* Host: some positive pattern matches and no negated one does. */
static int
host_applies(struct sshtok c, const char *alias)
{
	char w[WORD_LEN];
	int yes = 0;

	while (next_word(&c, w, sizeof(w))) {
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
match_may_apply(struct sshtok c, const struct precedence_query *q)
{
	char w[WORD_LEN], arg[WORD_LEN];
	const char *crit;
	int neg, r;

	while (next_word(&c, w, sizeof(w))) {
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
	char w[WORD_LEN];
	struct sshtok c;
	struct span kw;
	unsigned long lineno = 0;
	enum precedence_result r;
	int active = 1;

	for (; p < end; p = eol + 1) {
		lineno++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (!sshtok_line(&c, text, (size_t)(p - text),
		    (size_t)(eol - text), &kw))
			continue;
		if (sshtok_is(text, kw, "host")) {
			active = host_applies(c, q->alias);
			continue;
		}
		if (sshtok_is(text, kw, "match")) {
			active = match_may_apply(c, q);
			continue;
		}
		if (!active)
			continue;
		if (sshtok_is(text, kw, q->keyword)) {
			set_hit(hit, lineno, p, eol);
			return PREC_HERE;
		}
		if (!sshtok_is(text, kw, "include") || q->include == NULL ||
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
	struct sshtok c;
	struct span kw;
	unsigned long lineno = 0;
	int in_section = 0;

	for (; p < end; p = eol + 1) {
		lineno++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (!sshtok_line(&c, text, (size_t)(p - text),
		    (size_t)(eol - text), &kw))
			continue;
		if (sshtok_is(text, kw, "host") ||
		    sshtok_is(text, kw, "match"))
			in_section = 1;
		else if (in_section && sshtok_is(text, kw, "include")) {
			set_hit(hit, lineno, p, eol);
			return 1;
		}
	}
	return 0;
}

int
precedence_same_name(const char *text, size_t len, size_t skip_start,
    size_t skip_end, const char *alias, struct precedence_hit *hit)
{
	const char *p = text, *end = text + len, *eol;
	char w[WORD_LEN];
	struct sshtok c;
	struct span kw;
	unsigned long lineno = 0;

	for (; p < end; p = eol + 1) {
		lineno++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if ((size_t)(p - text) >= skip_start &&
		    (size_t)(p - text) < skip_end)
			continue;
		if (!sshtok_line(&c, text, (size_t)(p - text),
		    (size_t)(eol - text), &kw) || !sshtok_is(text, kw, "host"))
			continue;
		while (next_word(&c, w, sizeof(w)))
			if (strcmp(w, alias) == 0) {
				set_hit(hit, lineno, p, eol);
				return 1;
			}
	}
	return 0;
}
