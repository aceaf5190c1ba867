/*
 * winargv: quoting of a command line for the Microsoft C runtime.  An
 * argument that is non-empty and holds no blank, quote or line break goes
 * as it is (its backslashes are literal, as no quote follows them);
 * anything else goes inside quotes, with the backslashes in front of a
 * quote or of the closing quote doubled and each quote escaped.  For a
 * batch file, cmd.exe's command line, which takes plain arguments only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "winargv.h"

/* Characters that force quotes: the runtime splits at space and tab;
 * the others are quoted so that nothing in between can misread them. */
#define NEEDS_QUOTES	" \t\n\v\""

/* Append one quoted argument at out (when out is not NULL); returns the
 * number of bytes it takes. */
static size_t
put_argument(const char *arg, char *out)
{
	size_t n = 0, slashes, i;
	const char *p;

	if (arg[0] != '\0' && strpbrk(arg, NEEDS_QUOTES) == NULL) {
		n = strlen(arg);
		if (out != NULL)
			memcpy(out, arg, n);
		return n;
	}
	if (out != NULL)
		out[n] = '"';
	n++;
	for (p = arg; ; p++) {
		for (slashes = 0; *p == '\\'; p++)
			slashes++;
		if (*p == '\0' || *p == '"') {
			/* Doubled: they stand before a quote. */
			for (i = 0; i < slashes * 2; i++, n++)
				if (out != NULL)
					out[n] = '\\';
			if (*p == '\0')
				break;
			if (out != NULL) {
				out[n] = '\\';
				out[n + 1] = '"';
			}
			n += 2;
			continue;
		}
		for (i = 0; i < slashes; i++, n++)
			if (out != NULL)
				out[n] = '\\';
		if (out != NULL)
			out[n] = *p;
		n++;
	}
	if (out != NULL)
		out[n] = '"';
	return n + 1;
}

/* The program name: the runtime takes it up to the next quote (when it
 * starts with one) or blank, without escapes. */
static size_t
put_program(const char *prog, char *out)
{
	size_t n = strlen(prog);

	if (strpbrk(prog, " \t") == NULL) {
		if (out != NULL)
			memcpy(out, prog, n);
		return n;
	}
	if (out != NULL) {
		out[0] = '"';
		memcpy(out + 1, prog, n);
		out[n + 1] = '"';
	}
	return n + 2;
}

char *
winargv_quote(const char *const argv[])
{
	size_t len, i;
	char *line, *p;

	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0' ||
	    strpbrk(argv[0], "\"\n\v") != NULL) {
		errno = EINVAL;
		return NULL;
	}
	len = put_program(argv[0], NULL);
	for (i = 1; argv[i] != NULL; i++)
		len += 1 + put_argument(argv[i], NULL);
	if ((line = malloc(len + 1)) == NULL)
		return NULL;
	p = line + put_program(argv[0], line);
	for (i = 1; argv[i] != NULL; i++) {
		*p++ = ' ';
		p += put_argument(argv[i], p);
	}
	*p = '\0';
	return line;
}

/* Characters cmd.exe passes on as they are. */
static int
batch_plain(const char *arg)
{
	const char *p;
	int blank = strchr(arg, ' ') != NULL;

	for (p = arg; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(" -._+/:=@,~", *p) !=
		    NULL)
			continue;
		if (*p == '\\' && !blank)
			continue;
		return 0;
	}
	return 1;
}

char *
winargv_batch(const char *const argv[])
{
	static const char head[] = "cmd.exe /d /s /c \"\"";
	size_t len, i;
	char *line, *p;

	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0' ||
	    strpbrk(argv[0], "%!\"\n\r") != NULL) {
		errno = EINVAL;
		return NULL;
	}
	len = sizeof(head) - 1 + strlen(argv[0]) + 2;
	for (i = 1; argv[i] != NULL; i++) {
		if (!batch_plain(argv[i])) {
			errno = EINVAL;
			return NULL;
		}
		len += 1 + strlen(argv[i]) + 2;
	}
	if ((line = malloc(len + 1)) == NULL)
		return NULL;
	p = line;
	memcpy(p, head, sizeof(head) - 1);
	p += sizeof(head) - 1;
	memcpy(p, argv[0], strlen(argv[0]));
	p += strlen(argv[0]);
	*p++ = '"';
	for (i = 1; argv[i] != NULL; i++) {
		int quote = argv[i][0] == '\0' || strchr(argv[i], ' ') != NULL;

		*p++ = ' ';
		if (quote)
			*p++ = '"';
		memcpy(p, argv[i], strlen(argv[i]));
		p += strlen(argv[i]);
		if (quote)
			*p++ = '"';
	}
	*p++ = '"';
	*p = '\0';
	return line;
}
