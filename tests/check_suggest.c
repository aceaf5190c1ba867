/*
 * check_suggest: "did you mean" picks the one near name, and nothing
 * when no name is near, two are equally near, or the word is too short
 * for a guess.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

static const char *const commands[] = { "add", "rm", "list", "show", "check",
    "prune", "doctor", "ssh", "code", "key", "login", "logout", "jobs",
    "help" };
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

START_TEST(near_names)
{
	static const struct {
		const char	*word;
		const char	*want;
	} cases[] = {
		{ "ad", "add" },	/* one missing */
		{ "addd", "add" },	/* one too many */
		{ "dcotor", "doctor" },	/* two swapped: one edit */
		{ "chek", "check" },
		{ "lsit", "list" },
		{ "sh", "ssh" },
		{ "lgout", "logout" },
		{ "jbos", "jobs" },
	};
	size_t i;
	const char *got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = suggest_nearest(cases[i].word, commands, NCOMMANDS);
		ck_assert_msg(got != NULL && strcmp(got, cases[i].want) == 0,
		    "%s: got %s, want %s", cases[i].word, got ? got : "NULL",
		    cases[i].want);
	}
}
END_TEST

START_TEST(no_guess)
{
	static const char *const far[] = {
		"frobnicate",	/* far from everything */
		"l",		/* a single letter is no basis */
		"xy",		/* two edits from "rm", but only two long */
		"add",		/* a name itself is no typo */
		"",
	};
	static const char *const twins[] = { "id_rsa", "id_dsa" };
	char longword[SUGGEST_MAX + 8];
	size_t i;

	for (i = 0; i < sizeof(far) / sizeof(far[0]); i++)
		ck_assert_msg(suggest_nearest(far[i], commands, NCOMMANDS) ==
		    NULL, "a guess for '%s'", far[i]);
	/* Equally near: no guess. */
	ck_assert_ptr_null(suggest_nearest("id_xsa", twins, 2));
	ck_assert_str_eq(suggest_nearest("id_rsaa", twins, 2), "id_rsa");
	memset(longword, 'a', sizeof(longword) - 1);
	longword[sizeof(longword) - 1] = '\0';
	ck_assert_ptr_null(suggest_nearest(longword, commands, NCOMMANDS));
}
END_TEST

Suite *
suggest_suite(void)
{
	Suite *s = suite_create("suggest");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, near_names);
	tcase_add_test(tc, no_guess);
	suite_add_tcase(s, tc);
	return s;
}
