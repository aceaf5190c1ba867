/*
 * msg: result, detail, warning and error messages, honouring --quiet
 * and --verbose; every line on stderr goes out with control characters
 * made visible.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "validate.h"

int msg_quiet;
int msg_verbose;

static void	say(const char *prefix, const char *fmt, va_list ap)
		    __attribute__((format(printf, 2, 0)));

void
put_visible_n(const char *s, size_t n, FILE *fp)
{
	size_t i, step;
	int bad;

	for (i = 0; i < n; i += step) {
		step = visible_step(s + i, n - i, &bad);
		if (!bad) {
			fwrite(s + i, 1, step, fp);
			continue;
		}
		step = 1;
		if (s[i] == '\n')
			fputs("\\n", fp);
		else if (s[i] == '\t')
			fputs("\\t", fp);
		else if (s[i] == '\r')
			fputs("\\r", fp);
		else
			fprintf(fp, "\\x%02x", (unsigned char)s[i]);
	}
}

/* "ucjob: PREFIXmessage" and a newline on stderr, as one line. */
static void
say(const char *prefix, const char *fmt, va_list ap)
{
	char msg[2048];

	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	fputs("ucjob: ", stderr);
	fputs(prefix, stderr);
	put_visible_n(msg, strlen(msg), stderr);
	fputc('\n', stderr);
}

void
info(const char *fmt, ...)
{
	va_list ap;

	if (msg_quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void
debug(const char *fmt, ...)
{
	va_list ap;

	if (!msg_verbose)
		return;
	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

void
notice(const char *fmt, ...)
{
	va_list ap;

	if (msg_quiet)
		return;
	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("warning: ", fmt, ap);
	va_end(ap);
}

void
error_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}
