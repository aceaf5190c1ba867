/*
 * winargv: turn an argv array into one Windows command line that the
 * Microsoft C runtime splits back into exactly that argv (the rules of
 * "Parsing C command-line arguments": whitespace separates, "..." groups,
 * backslashes are literal except before a '"', where 2n backslashes give
 * n and a delimiter, 2n+1 give n and a literal '"').  A pure function on
 * UTF-8 text: it is compiled and unit-tested on every platform, and used
 * by spawn_win32.c.  It never touches anything but its own allocation.
 */
#ifndef UCJOB_WINARGV_H
#define UCJOB_WINARGV_H

/*
 * The command line for argv (NULL-terminated) as a malloc'ed string.
 * argv[0], the program, is quoted the way the runtime reads it (quotes
 * only, no escapes), so it must be non-empty and free of '"'.  Returns
 * NULL with errno EINVAL (bad argv[0]) or ENOMEM.
 */
char	*winargv_quote(const char *const argv[]);

#endif
