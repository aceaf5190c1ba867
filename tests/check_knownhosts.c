/*
 * check_knownhosts: known_hosts_may_name, the test that decides whether
 * rm and re-add spawn ssh-keygen -R at all.
 */
#include <check.h>
#include <string.h>

#include "knownhosts.h"

#define KEY	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBtZ0HcI0uI0mQm1d6bx"

static int
may(const char *text, const char *name)
{
	return known_hosts_may_name(text, strlen(text), name);
}

START_TEST(test_plain_alias_found)
{
	ck_assert_int_eq(may("ucloud-job-2465 " KEY "\n", "ucloud-job-2465"),
	    1);
	ck_assert_int_eq(may("a " KEY "\nucloud-job-2465 " KEY "\n",
	    "ucloud-job-2465"), 1);
	/* No final newline, CRLF, leading blanks. */
	ck_assert_int_eq(may("ucloud-job-2465 " KEY, "ucloud-job-2465"), 1);
	ck_assert_int_eq(may("x " KEY "\r\n  ucloud-job-2465 " KEY "\r\n",
	    "ucloud-job-2465"), 1);
}
END_TEST

START_TEST(test_comma_list_and_markers)
{
	ck_assert_int_eq(may("other,ucloud-job-2465 " KEY "\n",
	    "ucloud-job-2465"), 1);
	ck_assert_int_eq(may("ucloud-job-2465,other " KEY "\n",
	    "ucloud-job-2465"), 1);
	ck_assert_int_eq(may("@revoked ucloud-job-2465 " KEY "\n",
	    "ucloud-job-2465"), 1);
	ck_assert_int_eq(may("[ssh.cloud.sdu.dk]:2465 " KEY "\n",
	    "[ssh.cloud.sdu.dk]:2465"), 1);
}
END_TEST

START_TEST(test_absent)
{
	ck_assert_int_eq(may("", "ucloud-job-2465"), 0);
	ck_assert_int_eq(may("# ucloud-job-2465 " KEY "\n\n",
	    "ucloud-job-2465"), 0);
	/* A prefix, a longer name, the name in the key or comment. */
	ck_assert_int_eq(may("ucloud-job-24650 " KEY "\n", "ucloud-job-2465"),
	    0);
	ck_assert_int_eq(may("ucloud-job-246 " KEY "\n", "ucloud-job-2465"),
	    0);
	ck_assert_int_eq(may("other " KEY " ucloud-job-2465\n",
	    "ucloud-job-2465"), 0);
	ck_assert_int_eq(may("[ssh.cloud.sdu.dk]:24650 " KEY "\n",
	    "[ssh.cloud.sdu.dk]:2465"), 0);
}
END_TEST

START_TEST(test_hashed_means_maybe)
{
	/* A hashed line can hide any name: ssh-keygen must look. */
	ck_assert_int_eq(may("|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7"
	    "suNrYQLITLCg= " KEY "\n", "ucloud-job-2465"), 1);
}
END_TEST

Suite *
knownhosts_suite(void)
{
	Suite *s = suite_create("knownhosts");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_plain_alias_found);
	tcase_add_test(tc, test_comma_list_and_markers);
	tcase_add_test(tc, test_absent);
	tcase_add_test(tc, test_hashed_means_maybe);
	suite_add_tcase(s, tc);
	return s;
}
