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

/*
 * The command line that has cmd.exe run the batch file argv[0] (a .bat
 * or .cmd, such as VS Code's code.cmd) with argv[1...]:
 *   cmd.exe /d /s /c ""PROGRAM" ARG ..."
 * cmd.exe gives %, !, ^, &, |, <, >, ( and ) meanings of their own, even
 * between quotes, and no quoting makes every argument safe; so only plain
 * arguments are passed: ASCII letters, digits, blanks and -._+/:=@,~
 * (and \ in an argument without blanks); one with a blank, or empty, goes
 * in quotes.  The program's path must hold no %, ! or quote.  Returns a
 * malloc'ed string, or NULL with errno EINVAL (something not plain) or
 * ENOMEM.
 */
char	*winargv_batch(const char *const argv[]);

#endif
