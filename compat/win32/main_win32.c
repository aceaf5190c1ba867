/*
 * main_win32.c: the Windows entry point.  It takes the command line as
 * UTF-16 (wmain, linked with -municode), hands main.c (compiled as
 * ucjob_main) its arguments in UTF-8, and sets up the standard streams:
 * binary mode, so that a CRLF config is printed byte for byte and "\n"
 * stays "\n", and a UTF-8 console output code page while ucjob runs.
 *
 * It must never be part of the POSIX build.
 */
#include <windows.h>

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	ucjob_main(int argc, char **argv);
int	wmain(int argc, wchar_t **wargv);

static UINT saved_output_cp;

static void
restore_console(void)
{
	if (saved_output_cp != 0)
		(void)SetConsoleOutputCP(saved_output_cp);
}

int
wmain(int argc, wchar_t **wargv)
{
	char **argv;
	int i;

	(void)_setmode(_fileno(stdin), _O_BINARY);
	(void)_setmode(_fileno(stdout), _O_BINARY);
	(void)_setmode(_fileno(stderr), _O_BINARY);
	if ((saved_output_cp = GetConsoleOutputCP()) != 0 &&
	    saved_output_cp != CP_UTF8) {
		if (SetConsoleOutputCP(CP_UTF8))
			(void)atexit(restore_console);
		else
			saved_output_cp = 0;
	}
	if ((argv = calloc((size_t)argc + 1, sizeof(*argv))) == NULL) {
		fputs("ucjob: out of memory\n", stderr);
		return 1;
	}
	for (i = 0; i < argc; i++) {
		if ((argv[i] = wide_to_utf8(wargv[i])) == NULL) {
			fputs("ucjob: an argument is not valid UTF-16\n",
			    stderr);
			return 2;
		}
	}
	return ucjob_main(argc, argv);
}
