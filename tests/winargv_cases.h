/*
 * winargv_cases.h: arguments that are hard to pass on a Windows command
 * line, shared by the Linux unit test of winargv.c (tests/check_winargv.c)
 * and its round trip through a real process under wine
 * (tests/windows/test_spawn.c).  Each must come back exactly.
 */
#ifndef UCJOB_WINARGV_CASES_H
#define UCJOB_WINARGV_CASES_H

static const char *const tricky_args[] = {
	"",			/* empty */
	" ",			/* one blank */
	"  two  blanks  ",
	"\t",
	"tab\tinside",
	"plain",
	"a b",
	"\"",			/* a lone quote */
	"\"\"",			/* two quotes */
	"\"quoted\"",
	"a\"b\"c",
	"\\",			/* a lone backslash */
	"\\\\",
	"a\\",			/* trailing backslash */
	"a\\\\",		/* two trailing backslashes */
	"a b\\",		/* trailing backslash that must be quoted */
	"a b\\\\",
	"\\\"",			/* backslash quote */
	"\\\\\"",		/* two backslashes, quote */
	"\\\\\\\"",		/* three backslashes, quote */
	"a\\\"b",
	"a\\\\\"b c",
	"\\\\server\\share\\dir",
	"C:\\Program Files\\OpenSSH\\",
	"C:\\Users\\Jane Doe\\.ssh\\id_ed25519",
	"C:/Users/Jane Doe/.ssh/config",
	"line\nbreak",
	"vertical\vtab",
	"'single quotes'",
	"%PATH%",
	"!bang!",
	"^&|<>()",
	"*?[]",
	"$HOME ~ `x`",
	"-o",
	"--",
	"ProxyCommand=nc %h %p",
	"=",
	"a=b c",
	"J\xc3\xb8rgen",		/* J, o with stroke, rgen */
	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",	/* three CJK characters */
	"\xf0\x9f\x94\x91 key",		/* U+1F511, outside the BMP */
	"ends with blank ",
	" starts with blank",
	"\"\\\"",		/* quote backslash quote */
	"x\\\\y\\\\\\z",		/* backslashes not before a quote */
};

#define TRICKY_ARGS	(sizeof(tricky_args) / sizeof(tricky_args[0]))

#endif
