/*
 * check_precedence: naming the line that wins, on config texts, with a
 * fake Include callback standing in for the files.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "precedence.h"

static const char *included_text;	/* what every Include "reads" */
static int includes_seen;

static enum precedence_result
fake_include(const char *pattern, const struct precedence_query *q,
    struct precedence_hit *hit)
{
	struct precedence_query sub = *q;
	enum precedence_result r;

	includes_seen++;
	if (strcmp(pattern, "ucjob.conf") == 0)
		return PREC_STOP;
	sub.depth = q->depth + 1;
	r = precedence_scan(included_text, strlen(included_text),
	    strlen(included_text), &sub, hit);
	if (r == PREC_HERE) {
		snprintf(hit->file, sizeof(hit->file), "/inc/%s", pattern);
		return PREC_INCLUDED;
	}
	return r;
}

static enum precedence_result
scan(const char *text, const char *keyword, struct precedence_hit *hit)
{
	struct precedence_query q;
	const char *block = strstr(text, "# BEGIN ucjob");

	memset(&q, 0, sizeof(q));
	memset(hit, 0, sizeof(*hit));
	q.alias = "ucloud-job-2465";
	q.hostname = "ssh.cloud.sdu.dk";
	q.keyword = keyword;
	q.include = fake_include;
	return precedence_scan(text, strlen(text),
	    block ? (size_t)(block - text) : strlen(text), &q, hit);
}

START_TEST(test_top_level_wins)
{
	struct precedence_hit h;
	const char *t = "# mine\nServerAliveInterval 30\nUser other\n"
	    "# BEGIN ucjob\nHost ucloud-job-2465\n    User ucloud\n";

	ck_assert_int_eq(scan(t, "user", &h), PREC_HERE);
	ck_assert_uint_eq(h.line, 3);
	ck_assert_str_eq(h.text, "User other");
	/* Keywords are case-insensitive, Key=value works. */
	ck_assert_int_eq(scan("  PORT=22\r\n# BEGIN ucjob\n", "port", &h),
	    PREC_HERE);
	ck_assert_uint_eq(h.line, 1);
	ck_assert_str_eq(h.text, "PORT=22");
	/* Nothing before the block: nothing wins. */
	ck_assert_int_eq(scan("# BEGIN ucjob\nUser x\n", "user", &h),
	    PREC_NONE);
	/* A comment is not a setting. */
	ck_assert_int_eq(scan("# User other\n# BEGIN ucjob\n", "user", &h),
	    PREC_NONE);
}
END_TEST

START_TEST(test_host_sections)
{
	struct precedence_hit h;

	ck_assert_int_eq(scan("Host github.com\n  User git\n"
	    "Host ucloud-*\n  User wild\n# BEGIN ucjob\n", "user", &h),
	    PREC_HERE);
	ck_assert_uint_eq(h.line, 4);
	ck_assert_int_eq(scan("Host *\n  Port 22\n# BEGIN ucjob\n", "port",
	    &h), PREC_HERE);
	ck_assert_uint_eq(h.line, 2);
	/* Negation, and case-sensitive Host patterns. */
	ck_assert_int_eq(scan("Host * !ucloud-job-2465\n  User x\n"
	    "Host UCLOUD-JOB-2465\n  User y\n# BEGIN ucjob\n", "user", &h),
	    PREC_NONE);
	ck_assert_int_eq(scan("Host ucloud-job-246?\n  User z\n"
	    "# BEGIN ucjob\n", "user", &h), PREC_HERE);
	ck_assert_uint_eq(h.line, 2);
	/* Patterns read as ssh reads them: both quote kinds, escapes, a
	 * '#' word ending the line, '#' inside a word kept. */
	ck_assert_int_eq(scan("Host 'ucloud-job-*'\n  User q\n"
	    "# BEGIN ucjob\n", "user", &h), PREC_HERE);
	ck_assert_uint_eq(h.line, 2);
	ck_assert_int_eq(scan("Host x \"ucloud-job-*\"\n  User q\n"
	    "# BEGIN ucjob\n", "user", &h), PREC_HERE);
	ck_assert_int_eq(scan("Host x #ucloud-job-*\n  User q\n"
	    "# BEGIN ucjob\n", "user", &h), PREC_NONE);
	ck_assert_int_eq(scan("Host x u#cloud-job-* \\\"y\n  User q\n"
	    "# BEGIN ucjob\n", "user", &h), PREC_NONE);
	ck_assert_int_eq(scan("Host=ucloud\\\\-job-2465 'ucloud-job-2465'\n"
	    "  User q\n# BEGIN ucjob\n", "user", &h), PREC_HERE);
}
END_TEST

START_TEST(test_match_sections)
{
	struct precedence_hit h;

	ck_assert_int_eq(scan("Match host *.example.org\n  User a\n"
	    "Match host *.sdu.dk\n  User b\n# BEGIN ucjob\n", "user", &h),
	    PREC_HERE);
	ck_assert_uint_eq(h.line, 4);
	ck_assert_int_eq(scan("Match all\n  User a\n# BEGIN ucjob\n", "user",
	    &h), PREC_HERE);
	ck_assert_int_eq(scan("Match !host ssh.cloud.sdu.dk\n  User a\n"
	    "# BEGIN ucjob\n", "user", &h), PREC_NONE);
	/* exec cannot be judged: the section may apply. */
	ck_assert_int_eq(scan("Match exec \"test -f /x\"\n  User a\n"
	    "# BEGIN ucjob\n", "user", &h), PREC_HERE);
	ck_assert_int_eq(scan("Match originalhost github.com\n  User a\n"
	    "# BEGIN ucjob\n", "user", &h), PREC_NONE);
}
END_TEST

START_TEST(test_include)
{
	struct precedence_hit h;

	included_text = "Host other\n  User no\nHost *\n  User from-include\n";
	includes_seen = 0;
	ck_assert_int_eq(scan("Include config.d/*\n# BEGIN ucjob\n", "user",
	    &h), PREC_INCLUDED);
	ck_assert_str_eq(h.file, "/inc/config.d/*");
	ck_assert_uint_eq(h.line, 4);
	ck_assert_str_eq(h.text, "User from-include");
	/* Several patterns, quoted ones too. */
	included_text = "";
	includes_seen = 0;
	ck_assert_int_eq(scan("Include a \"b c\" d\n# BEGIN ucjob\n", "user",
	    &h), PREC_NONE);
	ck_assert_int_eq(includes_seen, 3);
	/* An Include in a section for another host is not read. */
	includes_seen = 0;
	ck_assert_int_eq(scan("Host github.com\n  Include x\n# BEGIN ucjob\n",
	    "user", &h), PREC_NONE);
	ck_assert_int_eq(includes_seen, 0);
	/* Reaching the file that holds the entry stops the scan. */
	included_text = "User late\n";
	ck_assert_int_eq(scan("Include ucjob.conf\nInclude z\n", "user", &h),
	    PREC_STOP);
}
END_TEST

START_TEST(test_nested_include)
{
	struct precedence_hit h;
	const char *top = "Include a\nHost x\n  User y\n";
	const char *nested = "Host x\n  User y\nInclude ~/.ssh/ucjob.conf\n";

	ck_assert_int_eq(precedence_nested_include(top, strlen(top), &h), 0);
	ck_assert_int_eq(precedence_nested_include(nested, strlen(nested),
	    &h), 1);
	ck_assert_uint_eq(h.line, 3);
	ck_assert_str_eq(h.text, "Include ~/.ssh/ucjob.conf");
}
END_TEST

START_TEST(test_match_patterns)
{
	ck_assert(precedence_match("*", 1, "", 0));
	ck_assert(precedence_match("a*c", 3, "abbbc", 0));
	ck_assert(!precedence_match("a*c", 3, "abbbd", 0));
	ck_assert(precedence_match("a?c", 3, "abc", 0));
	ck_assert(!precedence_match("a?c", 3, "ac", 0));
	ck_assert(!precedence_match("ABC", 3, "abc", 0));
	ck_assert(precedence_match("ABC", 3, "abc", 1));
}
END_TEST

START_TEST(test_same_name)
{
	static const char t[] =
	    "Host ucloud-job-*\n"		/* 1: a pattern, not the name */
	    "# BEGIN ucjob\n"
	    "Host job\n"			/* 3: the block's own */
	    "# END ucjob\n"
	    "Host a \"job\" b\n"		/* 5: the same name, quoted */
	    "  LocalForward 1 localhost:1\n";
	struct precedence_hit h;
	size_t bs = strlen("Host ucloud-job-*\n");
	size_t be = bs + strlen("# BEGIN ucjob\nHost job\n# END ucjob\n");

	ck_assert_int_eq(precedence_same_name(t, strlen(t), bs, be, "job",
	    &h), 1);
	ck_assert_uint_eq(h.line, 5);
	ck_assert_str_eq(h.text, "Host a \"job\" b");
	ck_assert_int_eq(precedence_same_name(t, strlen(t), bs, be,
	    "ucloud-job-1", &h), 0);
	ck_assert_int_eq(precedence_same_name(t, be, bs, be, "job", &h), 0);
}
END_TEST

Suite *
precedence_suite(void)
{
	Suite *s = suite_create("precedence");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_top_level_wins);
	tcase_add_test(tc, test_host_sections);
	tcase_add_test(tc, test_match_sections);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_nested_include);
	tcase_add_test(tc, test_match_patterns);
	tcase_add_test(tc, test_same_name);
	suite_add_tcase(s, tc);
	return s;
}
