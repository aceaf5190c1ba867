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

int msg_quiet;
int msg_verbose;

static void	say(const char *prefix, const char *fmt, va_list ap)
		    __attribute__((format(printf, 2, 0)));

void
put_visible_n(const char *s, size_t n, FILE *fp)
{
	const unsigned char *p, *end = (const unsigned char *)s + n;

	for (p = (const unsigned char *)s; p < end; p++) {
		if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
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
