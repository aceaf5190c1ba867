/*
 * msg: result and detail messages, honouring --quiet and --verbose.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* --quiet silences notes, never a warning. */
	if (msg_quiet && strncmp(msg, "warning:", 8) != 0)
		return;
	fprintf(stderr, "ucjob: %s\n", msg);
}
