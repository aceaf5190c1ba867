/*
 * paste_input: read pasted text from standard input or the clipboard,
 * find the one ssh command in it and parse it with pasted_parse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clipboard.h"
#include "paste_input.h"
#include "xmalloc.h"

#define MAX_LINES	256	/* lines of pasted text looked at */

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static enum paste_result
parse_line(char *line, struct target *t, char *why, size_t whylen)
{
	char *words[1];

	words[0] = line;
	return pasted_parse(1, words, t, why, whylen) == 0 ? PASTE_OK :
	    PASTE_BAD;
}

/* Whether line, Unicode spaces taken as blanks, holds the word "ssh". */
static int
holds_ssh_word(const char *line)
{
	char *copy = xstrdup(line), *p;
	int found = 0;

	pasted_blank_spaces(copy);
	for (p = copy; !found && (p = strstr(p, "ssh")) != NULL; p++)
		found = (p == copy || is_space(p[-1])) &&
		    (p[3] == '\0' || is_space(p[3]));
	free(copy);
	return found;
}

/* Whether line holds nothing but blanks, Unicode spaces among them. */
static int
is_blank_line(const char *line)
{
	char *copy = xstrdup(line);
	size_t i;
	int blank = 1;

	pasted_blank_spaces(copy);
	for (i = 0; copy[i] != '\0'; i++)
		if (!is_space(copy[i]))
			blank = 0;
	free(copy);
	return blank;
}

/*
 * Parse text (from where, for errors) of one or more lines: a single line
 * as it is, several by the one ssh command among them.  Two lines giving
 * different commands are refused; the same command twice is one.
 */
static enum paste_result
parse_text(char *text, const char *where, struct target *t, char *why,
    size_t whylen)
{
	char *line[MAX_LINES], *p, *nl, sub[1024];
	struct target cand;
	int n = 0, i, nssh = 0, first = -1;

	memset(t, 0, sizeof(*t));
	for (p = text; p != NULL && n < MAX_LINES; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (!is_blank_line(p))
			line[n++] = p;
	}
	if (n == 0) {
		snprintf(why, whylen, "%s is empty", where);
		return PASTE_BAD;
	}
	if (n == 1 && pasted_port(line[0], &t->port) == 0)
		return PASTE_OK;
	if (n == 1)
		return parse_line(line[0], t, why, whylen);
	for (i = 0; i < n; i++) {
		if (!holds_ssh_word(line[i]))
			continue;
		if (parse_line(line[i], &cand, sub, sizeof(sub)) != PASTE_OK) {
			snprintf(why, whylen, "%s, line %d: %s", where, i + 1,
			    sub);
			return PASTE_BAD;
		}
		if (nssh++ == 0) {
			*t = cand;
			first = i;
		} else if (memcmp(&cand, t, sizeof(cand)) != 0) {
			snprintf(why, whylen, "%s holds two different ssh "
			    "commands (lines %d and %d): give only the job's",
			    where, first + 1, i + 1);
			return PASTE_BAD;
		}
	}
	if (nssh == 0) {
		snprintf(why, whylen, "%s holds %d lines and no ssh command "
		    "among them", where, n);
		return PASTE_BAD;
	}
	return PASTE_OK;
}

enum paste_result
paste_from_stream(FILE *fp, struct target *t, char *why, size_t whylen)
{
	enum paste_result r = PASTE_BAD;
	char *text = xmalloc(PASTE_MAX);
	size_t n;

	n = fread(text, 1, PASTE_MAX - 1, fp);
	text[n] = '\0';
	if (ferror(fp))
		snprintf(why, whylen, "cannot read standard input: %s",
		    strerror(errno));
	else if (n == PASTE_MAX - 1 && !feof(fp))
		snprintf(why, whylen, "standard input is too long for an ssh "
		    "command");
	else if (memchr(text, '\0', n) != NULL)
		snprintf(why, whylen, "standard input holds a NUL byte");
	else
		r = parse_text(text, "standard input", t, why, whylen);
	free(text);
	return r;
}

enum paste_result
paste_from_clipboard(const char *setting, struct target *t, char *why,
    size_t whylen)
{
	struct clip_env env;
	enum clip_method used;
	enum paste_result r = PASTE_BAD;
	char reason[1024], *text;
	size_t len;

	clip_env_read(&env);
	if (clipboard_paste(setting, &env, &text, &len, &used, reason,
	    sizeof(reason)) != 0) {
		snprintf(why, whylen, "cannot read the clipboard: %s (paste "
		    "the line instead: ucjob add 'ssh ...')", reason);
		return PASTE_FAIL;
	}
	if (memchr(text, '\0', len) != NULL || len >= PASTE_MAX)
		snprintf(why, whylen, "the clipboard holds no ssh command");
	else
		r = parse_text(text, "the clipboard", t, why, whylen);
	free(text);
	return r;
}
