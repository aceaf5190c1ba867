/*
 * check_knownhosts: known_hosts_may_name, the test that decides whether
 * rm and re-add spawn ssh-keygen -R at all, and add ssh-keygen -F: plain
 * names, and hashed ones in a file ssh-keygen -H wrote.
 */
#include <check.h>
#include <stdio.h>
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
	/* ssh-keygen -F and -R match names in the clear in any case. */
	ck_assert_int_eq(may("MyJob,[SSH.Cloud.sdu.dk]:2465 " KEY "\n",
	    "myjob"), 1);
	ck_assert_int_eq(may("myjob " KEY "\n", "MYJOB"), 1);
	ck_assert_int_eq(may("x,[ssh.cloud.sdu.dk]:2465 " KEY "\n",
	    "[SSH.CLOUD.SDU.DK]:2465"), 1);
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

/* tests/recorded/known_hosts-hashed, made by ssh-keygen -H (README). */
static char *
recorded(size_t *len)
{
	static char text[4096];
	FILE *fp;

	fp = fopen("tests/recorded/known_hosts-hashed", "rb");
	ck_assert_ptr_nonnull(fp);
	*len = fread(text, 1, sizeof(text) - 1, fp);
	ck_assert(!ferror(fp) && feof(fp));
	fclose(fp);
	text[*len] = '\0';
	return text;
}

START_TEST(test_hashed_found)
{
	static const char *names[] = {
		"ucloud-job-2465", "[ssh.cloud.sdu.dk]:2466",
		"ssh.cloud.sdu.dk", "github.com", "140.82.121.4",
	};
	size_t len, i;
	char *t = recorded(&len);

	ck_assert_ptr_null(strstr(t, "ucloud"));	/* truly hashed */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(known_hosts_may_name(t, len, names[i]) == 1,
		    "%s is hashed in the file", names[i]);
}
END_TEST

START_TEST(test_hashed_absent)
{
	static const char *names[] = {
		"ucloud-job-2466", "ucloud-job-246", "ucloud-job-24650",
		"[ssh.cloud.sdu.dk]:2465", "[ssh.cloud.sdu.dk]:24660",
		"[ssh.cloud.sdu.dk]:22", "ssh.cloud.sdu.dk.",
		"UCLOUD-JOB-2465",	/* -F and -R hash the name as given */
		"github.co", "",
		"x.sdu.dk",	/* only the CA line's wildcard, which -R keeps */
	};
	size_t len, i;
	char *t = recorded(&len);

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(known_hosts_may_name(t, len, names[i]) == 0,
		    "%s is not in the file", names[i]);
}
END_TEST

START_TEST(test_hashed_with_marker)
{
	size_t len;
	char *t = recorded(&len), line[512];
	const char *eol = strchr(t, '\n');

	/* The first line (ucloud-job-2465's) behind @revoked. */
	ck_assert_ptr_nonnull(eol);
	snprintf(line, sizeof(line), "@revoked %.*s", (int)(eol - t), t);
	ck_assert_int_eq(may(line, "ucloud-job-2465"), 1);
	ck_assert_int_eq(may(line, "ucloud-job-2466"), 0);
}
END_TEST

START_TEST(test_unreadable_hash_means_maybe)
{
	/* A hashed field ucjob cannot read may hide any name: ssh-keygen
	 * must look. */
	static const char *fields[] = {
		"|2|1/i/VEmFQNAkCPybePJ0EN9B/gU=|wF3aveMPzigCfTYNcmJDNjaakMo=",
		"|1|1/i/VEmFQNAkCPybePJ0EN9B/gU=",
		"|1|1/i/VEmFQNAkCPybePJ0EN9B/g=|wF3aveMPzigCfTYNcmJDNjaakMo=",
		"|1|1/i/VEmFQNAkCPybePJ0EN9B/gU=|wF3aveMPzigCfTYNcmJDNjaakMo",
		"|1|1/i/VEmFQNAkCPybePJ0EN9B/gU=|wF3aveMPzigCfTYNcmJDNjaakMo=,x",
		"|1|", "|",
	};
	char line[256];
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		snprintf(line, sizeof(line), "%s " KEY "\n", fields[i]);
		ck_assert_msg(may(line, "ucloud-job-2466") == 1,
		    "%s should mean maybe", fields[i]);
	}
	/* The same field read correctly: not ucloud-job-2466. */
	ck_assert_int_eq(may("|1|1/i/VEmFQNAkCPybePJ0EN9B/gU=|wF3aveMPzigCfTY"
	    "NcmJDNjaakMo= " KEY "\n", "ucloud-job-2466"), 0);
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
	tcase_add_test(tc, test_hashed_found);
	tcase_add_test(tc, test_hashed_absent);
	tcase_add_test(tc, test_hashed_with_marker);
	tcase_add_test(tc, test_unreadable_hash_means_maybe);
	suite_add_tcase(s, tc);
	return s;
}
