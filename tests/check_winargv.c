/*
 * Tests for winargv.c, the Windows command-line quoting, on any platform.
 * A reference splitter written from Microsoft's description of how the C
 * runtime parses a command line ("Parsing C command-line arguments")
 * reads the quoted line back; every tricky argument must survive, alone
 * and all together.  The same arguments go through a real process under
 * wine in tests/windows/test_spawn.c.  The batch-file line for cmd.exe
 * passes plain arguments only.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../compat/win32/winargv.h"
#include "winargv_cases.h"

#define MAX_ARGS	128

/*
 * The runtime's rules: argv[0] runs to the next quote when it starts
 * with one, else to the first blank, with no escapes.  After it, blanks
 * (space, tab) outside quotes separate; a quote toggles quoting; 2n
 * backslashes before a quote give n backslashes and the quote acts, 2n+1
 * give n and a literal quote; backslashes before anything else are
 * literal.  Inside quotes, "" gives a literal quote (the later runtimes).
 * Returns the number of arguments; each is malloc'ed.
 */
static int
crt_split(const char *line, char *argv[], int max)
{
	const char *p = line;
	char *arg;
	size_t n, slashes, i;
	int argc = 0, quoted;

	arg = malloc(strlen(line) + 1);
	n = 0;
	if (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++)
			arg[n++] = *p;
		if (*p == '"')
			p++;
	} else
		for (; *p != '\0' && *p != ' ' && *p != '\t'; p++)
			arg[n++] = *p;
	arg[n] = '\0';
	argv[argc++] = arg;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || argc == max)
			break;
		arg = malloc(strlen(p) + 1);
		n = 0;
		quoted = 0;
		while (*p != '\0' && (quoted || (*p != ' ' && *p != '\t'))) {
			for (slashes = 0; *p == '\\'; p++)
				slashes++;
			if (*p == '"') {
				for (i = 0; i < slashes / 2; i++)
					arg[n++] = '\\';
				if (slashes % 2 == 1) {
					arg[n++] = '"';
					p++;
				} else if (quoted && p[1] == '"') {
					arg[n++] = '"';
					p += 2;
				} else {
					quoted = !quoted;
					p++;
				}
				continue;
			}
			for (i = 0; i < slashes; i++)
				arg[n++] = '\\';
			if (*p != '\0' && (quoted || (*p != ' ' && *p != '\t')))
				arg[n++] = *p++;
		}
		arg[n] = '\0';
		argv[argc++] = arg;
	}
	return argc;
}

static void
free_args(char *argv[], int argc)
{
	while (argc-- > 0)
		free(argv[argc]);
}

/* Quote {prog, arg}, split it back, compare. */
static void
round_trip_one(const char *arg)
{
	const char *in[] = { "C:/ucjob/helper.exe", arg, NULL };
	char *line, *out[MAX_ARGS];
	int argc;

	line = winargv_quote(in);
	ck_assert_ptr_nonnull(line);
	argc = crt_split(line, out, MAX_ARGS);
	ck_assert_msg(argc == 2, "argument [%s] as [%s] split into %d", arg,
	    line, argc);
	ck_assert_str_eq(out[0], in[0]);
	ck_assert_msg(strcmp(out[1], arg) == 0, "argument [%s] as [%s] came "
	    "back as [%s]", arg, line, out[1]);
	free_args(out, argc);
	free(line);
}

START_TEST(each_tricky_argument_comes_back_exactly)
{
	round_trip_one(tricky_args[_i]);
}
END_TEST

START_TEST(all_tricky_arguments_together_come_back_in_order)
{
	const char *in[TRICKY_ARGS + 2];
	char *line, *out[MAX_ARGS];
	size_t i;
	int argc;

	in[0] = "C:\\Program Files\\ucjob\\helper.exe";
	for (i = 0; i < TRICKY_ARGS; i++)
		in[i + 1] = tricky_args[i];
	in[TRICKY_ARGS + 1] = NULL;
	line = winargv_quote(in);
	ck_assert_ptr_nonnull(line);
	argc = crt_split(line, out, MAX_ARGS);
	ck_assert_int_eq(argc, (int)TRICKY_ARGS + 1);
	for (i = 0; i <= TRICKY_ARGS; i++)
		ck_assert_str_eq(out[i], in[i]);
	free_args(out, argc);
	free(line);
}
END_TEST

/* The exact text for the cases Microsoft's documentation tabulates. */
START_TEST(quoting_matches_the_documented_forms)
{
	static const struct {
		const char *arg, *line;
	} cases[] = {
		{ "plain", "p plain" },
		{ "a b", "p \"a b\"" },
		{ "", "p \"\"" },
		{ "a\\b", "p a\\b" },
		{ "a\\\\b", "p a\\\\b" },
		{ "a\"b", "p \"a\\\"b\"" },
		{ "a\\\"b", "p \"a\\\\\\\"b\"" },
		{ "a b\\", "p \"a b\\\\\"" },
		{ "a\\", "p a\\" },
	};
	const char *in[3] = { "p", NULL, NULL };
	char *line;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		in[1] = cases[i].arg;
		line = winargv_quote(in);
		ck_assert_ptr_nonnull(line);
		ck_assert_str_eq(line, cases[i].line);
		free(line);
	}
}
END_TEST

START_TEST(program_with_blank_is_quoted_without_escapes)
{
	const char *in[] = { "C:\\Program Files\\x\\ssh.exe", "-V", NULL };
	char *line = winargv_quote(in);

	ck_assert_str_eq(line, "\"C:\\Program Files\\x\\ssh.exe\" -V");
	free(line);
}
END_TEST

START_TEST(program_that_cannot_be_quoted_is_refused)
{
	const char *quote[] = { "a\"b.exe", NULL };
	const char *empty[] = { "", NULL };
	const char *none[] = { NULL };

	errno = 0;
	ck_assert_ptr_null(winargv_quote(quote));
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_ptr_null(winargv_quote(empty));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(winargv_quote(none));
	ck_assert_ptr_null(winargv_quote(NULL));
}
END_TEST

/* The reference splitter itself must be able to fail: a naive join
 * (no quoting) does not survive it. */
START_TEST(reference_splitter_catches_naive_joining)
{
	char *out[MAX_ARGS];
	int argc;

	argc = crt_split("p a b \"c\\\"d\" e\\\\\"f g\"", out, MAX_ARGS);
	ck_assert_int_eq(argc, 5);
	ck_assert_str_eq(out[1], "a");
	ck_assert_str_eq(out[2], "b");
	ck_assert_str_eq(out[3], "c\"d");
	ck_assert_str_eq(out[4], "e\\f g");
	free_args(out, argc);
}
END_TEST

START_TEST(batch_line_quotes_plain_arguments_for_cmd)
{
	const char *in[] = { "C:\\Program Files\\VS Code\\bin\\code.cmd",
	    "--remote", "ssh-remote+ucloud-job-2465", "/work/my dir", "",
	    "C:\\x\\y", NULL };
	char *line = winargv_batch(in);

	ck_assert_ptr_nonnull(line);
	ck_assert_str_eq(line, "cmd.exe /d /s /c \"\"C:\\Program Files\\VS "
	    "Code\\bin\\code.cmd\" --remote ssh-remote+ucloud-job-2465 "
	    "\"/work/my dir\" \"\" C:\\x\\y\"");
	free(line);
}
END_TEST

/* Every character cmd.exe might read as syntax keeps the batch from
 * running at all. */
START_TEST(batch_line_refuses_what_cmd_would_interpret)
{
	static const char *const bad[] = { "a&b", "a|b", "a<b", "a>b",
	    "a^b", "%PATH%", "!x!", "(x)", "a\"b", "a;b", "tab\there",
	    "line\nbreak", "back\\slash blank", "J\xc3\xb8rgen", "*", "?",
	    "'q'", "`x`", "$x", NULL };
	const char *in[] = { "code.cmd", "--remote", NULL, NULL };
	const char *prog[] = { "C:\\100%\\code.cmd", NULL };
	size_t i;

	for (i = 0; bad[i] != NULL; i++) {
		in[2] = bad[i];
		errno = 0;
		ck_assert_msg(winargv_batch(in) == NULL && errno == EINVAL,
		    "argument [%s] was let through", bad[i]);
	}
	errno = 0;
	ck_assert_ptr_null(winargv_batch(prog));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

Suite *
winargv_suite(void)
{
	Suite *s = suite_create("winargv");
	TCase *tc = tcase_create("core");
	TCase *errors = tcase_create("errors");

	tcase_add_loop_test(tc, each_tricky_argument_comes_back_exactly, 0,
	    (int)TRICKY_ARGS);
	tcase_add_test(tc, all_tricky_arguments_together_come_back_in_order);
	tcase_add_test(tc, quoting_matches_the_documented_forms);
	tcase_add_test(tc, program_with_blank_is_quoted_without_escapes);
	tcase_add_test(tc, reference_splitter_catches_naive_joining);
	tcase_add_test(tc, batch_line_quotes_plain_arguments_for_cmd);
	tcase_add_test(errors, program_that_cannot_be_quoted_is_refused);
	tcase_add_test(errors, batch_line_refuses_what_cmd_would_interpret);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, errors);
	return s;
}
