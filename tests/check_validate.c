/*
 * check_validate: rule 7 of SPEC.md section 3, value by value.
 */
#include <check.h>
#include <string.h>

#include "entry.h"
#include "validate.h"

START_TEST(ports)
{
	static const char *bad[] = { "0", "65536", "12a", "-1", "", " 22",
	    "22 ", "+22", "0x10", "999999", "2465\n" };
	size_t i;
	int p = 0;

	ck_assert_int_eq(port_parse("1", &p), 0);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(port_parse("65535", &p), 0);
	ck_assert_int_eq(p, 65535);
	ck_assert_int_eq(port_parse("02465", &p), 0);
	ck_assert_int_eq(p, 2465);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(port_parse(bad[i], &p) != 0, "'%s' taken", bad[i]);
}
END_TEST

START_TEST(aliases)
{
	static const char *bad[] = { "", "-x", "a b", "a*", "a!", "a\nb",
	    "a#", "a\"", "a'", "a?", "a/b", "a\tb", "é" };
	size_t i;

	ck_assert(alias_valid("ucloud-job-2465"));
	ck_assert(alias_valid("My_job.1"));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!alias_valid(bad[i]), "'%s' taken", bad[i]);
}
END_TEST

START_TEST(hosts)
{
	static const char *good[] = { "ssh.cloud.sdu.dk", "127.0.0.1", "::1",
	    "fe80::1", "2001:db8::42", "::ffff:10.0.0.1", "my_host" };
	static const char *bad[] = { "", "a b", "a\nb", "-oProxyCommand=x",
	    "a;b", "$(id)", "`id`", "a#b", "[::1", "[::1]", "::::", "1:2:3",
	    "h:x", ".x" };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(host_valid(good[i]), "'%s' refused", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!host_valid(bad[i]), "'%s' taken", bad[i]);
}
END_TEST

START_TEST(users_and_jobs)
{
	ck_assert(user_valid("ucloud"));
	ck_assert(user_valid("machine$"));
	ck_assert(!user_valid("a b"));
	ck_assert(!user_valid("-l"));
	ck_assert(!user_valid("$"));
	ck_assert(job_valid("4398201"));
	ck_assert(!job_valid("1 2"));
	ck_assert(!job_valid(""));
}
END_TEST

START_TEST(values)
{
	ck_assert(value_valid("/home/a/.ssh/id_ed25519", 0));
	ck_assert(!value_valid("/x y", 0));
	ck_assert(value_valid("/x y", 1));
	ck_assert(!value_valid(" /x", 1));
	ck_assert(!value_valid("/x ", 1));
	ck_assert(!value_valid("/x#y", 1));
	ck_assert(!value_valid("/x\"y", 1));
	ck_assert(!value_valid("/x'y", 1));
	ck_assert(!value_valid("C:\\x", 1));
	ck_assert(!value_valid("/x\ny", 1));
	ck_assert(!value_valid("/x\ry", 1));
	ck_assert(!value_valid("/x\ty", 1));
	ck_assert(!value_valid("", 1));
}
END_TEST

START_TEST(paths)
{
	ck_assert(path_valid("/home/a/.ssh/id_ed25519"));
	ck_assert(path_valid("/x y/id"));
	ck_assert(path_valid("/a/$b"));
	ck_assert(!path_valid("/tmp/50%off/id"));
	ck_assert(!path_valid("/tmp/${HOME}/k"));
	ck_assert(!path_valid("~/.ssh/id%u"));
	ck_assert(!path_valid("/x#y"));
}
END_TEST

START_TEST(keywords)
{
	ck_assert(ssh_keyword_known("ServerAliveInterval"));
	ck_assert(ssh_keyword_known("serveraliveinterval"));
	ck_assert(!ssh_keyword_known("Host"));
	ck_assert(!ssh_keyword_known("Match"));
	ck_assert(!ssh_keyword_known("Include"));
	ck_assert(!ssh_keyword_known("Bogus"));
	ck_assert(ssh_keyword_managed("hostname"));
	ck_assert(ssh_keyword_managed("Port"));
	ck_assert(!ssh_keyword_managed("ServerAliveInterval"));
}
END_TEST

START_TEST(forwards)
{
	struct forward f;

	ck_assert_int_eq(forward_parse("8888", &f), 0);
	ck_assert_int_eq(f.local, 8888);
	ck_assert_int_eq(f.remote, 8888);
	ck_assert_int_eq(forward_parse("9000:8787", &f), 0);
	ck_assert_int_eq(f.local, 9000);
	ck_assert_int_eq(f.remote, 8787);
	ck_assert_int_ne(forward_parse("", &f), 0);
	ck_assert_int_ne(forward_parse(":1", &f), 0);
	ck_assert_int_ne(forward_parse("1:", &f), 0);
	ck_assert_int_ne(forward_parse("0", &f), 0);
	ck_assert_int_ne(forward_parse("1:2:3", &f), 0);
	ck_assert_int_ne(forward_parse("host:1", &f), 0);
}
END_TEST

START_TEST(options)
{
	char out[256], why[256];

	ck_assert_int_eq(option_parse("ServerAliveInterval=60", out,
	    sizeof(out), why, sizeof(why)), 0);
	ck_assert_str_eq(out, "ServerAliveInterval 60");
	ck_assert_int_eq(option_parse("Compression yes", out, sizeof(out),
	    why, sizeof(why)), 0);
	ck_assert_str_eq(out, "Compression yes");
	ck_assert_int_ne(option_parse("Bogus=1", out, sizeof(out), why,
	    sizeof(why)), 0);
	ck_assert_ptr_nonnull(strstr(why, "Bogus"));
	ck_assert_int_ne(option_parse("Port=22", out, sizeof(out), why,
	    sizeof(why)), 0);
	ck_assert_int_ne(option_parse("ProxyCommand=sh -c 'x'", out,
	    sizeof(out), why, sizeof(why)), 0);
	ck_assert_int_ne(option_parse("LogLevel=x\nHost *", out, sizeof(out),
	    why, sizeof(why)), 0);
	ck_assert_int_ne(option_parse("LogLevel=", out, sizeof(out), why,
	    sizeof(why)), 0);
	ck_assert_int_ne(option_parse("=x", out, sizeof(out), why,
	    sizeof(why)), 0);
}
END_TEST

/* The one rule for text reaching a terminal: C0, DEL and C1 (as UTF-8
 * and as raw bytes) and broken UTF-8 become '?', other UTF-8 stays. */
START_TEST(visible)
{
	char out[64], in[64];

	visible_copy("a\xc2\x9b" "2Jb\x1b[31m", 11, out, sizeof(out));
	ck_assert_str_eq(out, "a??2Jb?[31m");
	visible_copy("x\x9by\x85z\x7f", 6, out, sizeof(out));
	ck_assert_str_eq(out, "x?y?z?");
	/* U+00E9, U+20AC (whose bytes hold 0x82) and U+00A0 are shown. */
	visible_copy("\xc3\xa9\xe2\x82\xac\xc2\xa0", 7, out, sizeof(out));
	ck_assert_str_eq(out, "\xc3\xa9\xe2\x82\xac\xc2\xa0");
	/* An overlong ESC, a cut sequence, a surrogate. */
	visible_copy("\xc0\x9b|\xe2\x82|\xed\xa0\x80", 9, out, sizeof(out));
	ck_assert_str_eq(out, "??|??|???");
	/* A character is never cut in two at the end of out. */
	visible_copy("ab\xe2\x82\xac", 5, out, 5);
	ck_assert_str_eq(out, "ab");
	/* In place, as jobcheck uses it. */
	strcpy(in, "ok\xc2\x9b\x01");
	visible_copy(in, strlen(in), in, sizeof(in));
	ck_assert_str_eq(in, "ok???");
}
END_TEST

Suite *
validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("rule7");

	tcase_add_test(tc, ports);
	tcase_add_test(tc, aliases);
	tcase_add_test(tc, hosts);
	tcase_add_test(tc, users_and_jobs);
	tcase_add_test(tc, values);
	tcase_add_test(tc, paths);
	tcase_add_test(tc, keywords);
	tcase_add_test(tc, forwards);
	tcase_add_test(tc, options);
	tcase_add_test(tc, visible);
	suite_add_tcase(s, tc);
	return s;
}
