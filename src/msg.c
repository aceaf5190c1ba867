/*
 * msg: result and detail messages, honouring --quiet and --verbose.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "msg.h"

int msg_quiet;
int msg_verbose;

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
	fputs("ucjob: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
notice(const char *fmt, ...)
{
	va_list ap;

	if (msg_quiet)
		return;
	fputs("ucjob: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	fputs("ucjob: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
