/*
 * check_knownhosts: known_hosts_scan, the plain reading that decides
 * whether rm and re-add spawn ssh-keygen -R at all, and add ssh-keygen
 * -F; then known_hosts_has and known_hosts_forget with the real
 * ssh-keygen on hashed names in a file ssh-keygen -H wrote.
 */
#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "knownhosts.h"

#define KEY	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBtZ0HcI0uI0mQm1d6bx"

static int
may(const char *text, const char *name)
{
	return known_hosts_scan(text, strlen(text), name) == KNOWN_LISTED;
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

/* A copy of the recorded file in a new directory; path gets its name. */
static void
recorded_copy(char *path, size_t pathlen)
{
	char dir[] = "/tmp/ucjob-kh.XXXXXX";
	size_t len;
	char *t = recorded(&len);
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, pathlen, "%s/known_hosts", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(t, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
recorded_remove(const char *path)
{
	char dir[4096];

	(void)unlink(path);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	ck_assert_int_eq(rmdir(dir), 0);
}

START_TEST(test_hashed_needs_keygen)
{
	size_t len;
	char *t = recorded(&len);

	ck_assert_ptr_null(strstr(t, "ucloud"));	/* truly hashed */
	ck_assert_int_eq(known_hosts_scan(t, len, "ucloud-job-2465"),
	    KNOWN_HASHED);
	ck_assert_int_eq(known_hosts_scan(t, len, "nothing"), KNOWN_HASHED);
}
END_TEST

START_TEST(test_hashed_found_by_keygen)
{
	static const char *names[] = {
		"ucloud-job-2465", "[ssh.cloud.sdu.dk]:2466",
		"ssh.cloud.sdu.dk", "github.com", "140.82.121.4",
	};
	char path[4096], why[1024];
	size_t i;

	recorded_copy(path, sizeof(path));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(known_hosts_has("ssh-keygen", path, names[i],
		    why, sizeof(why)) == 1, "%s is hashed in the file",
		    names[i]);
	recorded_remove(path);
}
END_TEST

START_TEST(test_hashed_absent_for_keygen)
{
	static const char *names[] = {
		"ucloud-job-2466", "ucloud-job-246", "ucloud-job-24650",
		"[ssh.cloud.sdu.dk]:2465", "[ssh.cloud.sdu.dk]:24660",
		"ssh.cloud.sdu.dk.", "github.co",
	};
	char path[4096], why[1024];
	size_t i;

	recorded_copy(path, sizeof(path));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(known_hosts_has("ssh-keygen", path, names[i],
		    why, sizeof(why)) == 0, "%s is not in the file",
		    names[i]);
	recorded_remove(path);
}
END_TEST

START_TEST(test_forget_leaves_no_old)
{
	char path[4096], old[4200], why[1024];
	struct stat st;

	recorded_copy(path, sizeof(path));
	snprintf(old, sizeof(old), "%s.old", path);
	ck_assert_int_eq(known_hosts_forget("ssh-keygen", path,
	    "ucloud-job-2465", why, sizeof(why)), 0);
	ck_assert_int_eq(known_hosts_has("ssh-keygen", path,
	    "ucloud-job-2465", why, sizeof(why)), 0);
	ck_assert_int_eq(known_hosts_has("ssh-keygen", path, "github.com",
	    why, sizeof(why)), 1);
	ck_assert_int_ne(lstat(old, &st), 0);
	/* A missing program is a reason, not a print. */
	ck_assert_int_eq(known_hosts_forget("/nonexistent/ssh-keygen", path,
	    "github.com", why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "not found"));
	recorded_remove(path);
}
END_TEST

START_TEST(test_split_files)
{
	char *f[KNOWN_HOSTS_MAX_FILES];
	size_t n, i;

	/* ssh -G's value: the own file (with a blank) once, first; "none"
	 * and relative names dropped; duplicates once. */
	n = known_hosts_split("/u/kh /h/my known /u/kh none rel /v/kh2",
	    "/h/my known", f, KNOWN_HOSTS_MAX_FILES);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(f[0], "/h/my known");
	ck_assert_str_eq(f[1], "/u/kh");
	ck_assert_str_eq(f[2], "/v/kh2");
	for (i = 0; i < n; i++)
		free(f[i]);
	n = known_hosts_split("", "", f, KNOWN_HOSTS_MAX_FILES);
	ck_assert_uint_eq(n, 0);
	n = known_hosts_split("/a /b", "", f, 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0], "/a");
	free(f[0]);
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
	tcase_add_test(tc, test_hashed_needs_keygen);
	tcase_add_test(tc, test_hashed_found_by_keygen);
	tcase_add_test(tc, test_hashed_absent_for_keygen);
	tcase_add_test(tc, test_forget_leaves_no_old);
	tcase_add_test(tc, test_split_files);
	suite_add_tcase(s, tc);
	return s;
}
