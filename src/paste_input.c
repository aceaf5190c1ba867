/*
 * paste_input: read a pasted line from standard input or the clipboard
 * and parse it with pasted_parse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clipboard.h"
#include "paste_input.h"
#include "xmalloc.h"

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

enum paste_result
paste_from_stream(FILE *fp, struct target *t, char *why, size_t whylen)
{
	enum paste_result r = PASTE_BAD;
	char *line = xmalloc(PASTE_MAX);
	size_t n;

	n = fread(line, 1, PASTE_MAX - 1, fp);
	line[n] = '\0';
	if (ferror(fp))
		snprintf(why, whylen, "cannot read standard input: %s",
		    strerror(errno));
	else if (n == PASTE_MAX - 1 && !feof(fp))
		snprintf(why, whylen, "standard input is too long for an ssh "
		    "command");
	else if (memchr(line, '\0', n) != NULL)
		snprintf(why, whylen, "standard input holds a NUL byte");
	else {
		while (n > 0 && is_space(line[n - 1]))
			line[--n] = '\0';
		if (strchr(line, '\n') != NULL)
			snprintf(why, whylen, "standard input holds more than "
			    "one line");
		else
			r = parse_line(line, t, why, whylen);
	}
	free(line);
	return r;
}

enum paste_result
paste_from_clipboard(const char *setting, struct target *t, char *why,
    size_t whylen)
{
	struct clip_env env;
	enum clip_method used;
	enum paste_result r = PASTE_BAD;
	char reason[1024], *text, *line;
	size_t len;

	clip_env_read(&env);
	if (clipboard_paste(setting, &env, &text, &len, &used, reason,
	    sizeof(reason)) != 0) {
		snprintf(why, whylen, "cannot read the clipboard: %s (paste "
		    "the line instead: ucjob add 'ssh ...')", reason);
		return PASTE_FAIL;
	}
	line = text;
	while (len > 0 && is_space(line[len - 1]))
		line[--len] = '\0';
	while (len > 0 && is_space(line[0])) {
		line++;
		len--;
	}
	if (len == 0)
		snprintf(why, whylen, "the clipboard is empty");
	else if (memchr(line, '\0', len) != NULL || len >= PASTE_MAX)
		snprintf(why, whylen, "the clipboard holds no ssh command");
	else if (strchr(line, '\n') != NULL)
		snprintf(why, whylen, "the clipboard holds more than one line");
	else
		r = parse_line(line, t, why, whylen);
	free(text);
	return r;
}
