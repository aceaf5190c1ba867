/*
 * check_pasted: the strict reader of pasted UCloud commands (rule 7).
 * Whatever it accepts must be safe to write; everything else is refused
 * with a reason.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "pasted.h"

/* Writable words, as main() gets them, from string constants. */
static char **
words(int n, const char *const *src)
{
	static char store[16][256];
	static char *w[16];
	int i;

	for (i = 0; i < n && i < 16; i++) {
		snprintf(store[i], sizeof(store[i]), "%s", src[i]);
		w[i] = store[i];
	}
	return w;
}

static int
parse1(const char *line, struct target *t, char *why, size_t whylen)
{
	char buf[1024];
	char *w[1] = { buf };

	strcpy(buf, line);
	return pasted_parse(1, w, t, why, whylen);
}

START_TEST(ucloud_command)
{
	struct target t;
	char why[256];

	ck_assert_int_eq(parse1("ssh ucloud@ssh.cloud.sdu.dk -p 2465", &t,
	    why, sizeof(why)), 0);
	ck_assert_str_eq(t.host, "ssh.cloud.sdu.dk");
	ck_assert_str_eq(t.user, "ucloud");
	ck_assert_int_eq(t.port, 2465);
	ck_assert_str_eq(t.identity, "");
}
END_TEST

START_TEST(job_page_line)
{
	struct target t;
	char why[256];

	ck_assert_int_eq(parse1("SSH: Connected! Available at: ssh "
	    "ucloud@ssh.cloud.sdu.dk -p 2465", &t, why, sizeof(why)), 0);
	ck_assert_str_eq(t.host, "ssh.cloud.sdu.dk");
	ck_assert_int_eq(t.port, 2465);
}
END_TEST

START_TEST(several_words_and_options)
{
	const char *w[] = { "ssh", "-p", "2022", "-l", "ann", "-i",
	    "~/.ssh/k", "gw.example" };
	const char *w2[] = { "ssh", "-p2022", "gw.example", "-lann" };
	struct target t;
	char why[256];

	ck_assert_int_eq(pasted_parse(8, words(8, w), &t, why, sizeof(why)), 0);
	ck_assert_str_eq(t.user, "ann");
	ck_assert_str_eq(t.identity, "~/.ssh/k");
	ck_assert_int_eq(t.port, 2022);
	ck_assert_int_eq(pasted_parse(4, words(4, w2), &t, why, sizeof(why)), 0);
	ck_assert_str_eq(t.user, "ann");
	ck_assert_int_eq(t.port, 2022);
}
END_TEST

START_TEST(looks_like)
{
	const char *a[] = { "ssh", "x" }, *b[] = { "SSH:", "x" },
	    *c[] = { "2465" }, *d[] = { "ssh u@h -p 1" },
	    *e[] = { "2465\xc2\xa0" };

	ck_assert(pasted_looks_like(2, words(2, a)));
	ck_assert(pasted_looks_like(2, words(2, b)));
	ck_assert(!pasted_looks_like(1, words(1, c)));
	ck_assert(pasted_looks_like(1, words(1, d)));
	ck_assert(pasted_looks_like(1, words(1, e)));
}
END_TEST

/* Everything here must be refused, with a reason. */
START_TEST(hostile)
{
	static const char *bad[] = {
		"ssh -o ProxyCommand=sh u@h -p 1",
		"ssh -J jump u@h -p 1",
		"ssh u@h -p 1; rm -rf ~",
		"ssh u@h -p 1 && id",
		"ssh u@h -p 1 | sh",
		"ssh u@h -p 1 extra",
		"ssh u@h -p 1 echo hi",
		"ssh u@h -p $(id)",
		"ssh u@h -p `id`",
		"ssh \"u@h\" -p 1",
		"ssh 'u@h' -p 1",
		"ssh u@h -p 1 #",
		"ssh u@h\n-p 1",
		"ssh u@h -p 0",
		"ssh u@h -p 65536",
		"ssh u@h -p 12a",
		"ssh u@h -p -1",
		"ssh u@h",
		"ssh -p 1",
		"ssh u@h -p",
		"ssh u@h -p 1 -p 2",
		"ssh a@b c@d -p 1",
		"ssh -A u@h -p 1",
		"ssh -L 1:h:2 u@h -p 1",
		"ssh -F /etc/passwd u@h -p 1",
		"ssh -v u@h -p 1",
		"ssh @h -p 1",
		"ssh u@ -p 1",
		"ssh u@-oProxyCommand=x -p 1",
		"ssh u@h* -p 1",
		"ssh u@h\\ -p 1",
		"ssh u@h -p 1 -i \"x y\"",
		"ssh u@h:22 -p 1",
		"ssh u@h -p 1 \xc3\xa9",
		"sh -c id",
		"",
		"SSH: Connected! nothing here",
		"scp u@h -p 1",
		"ssh -l a -l b h -p 1",
		"ssh -l a b@h -p 1",
		"ssh -i /a -i /b u@h -p 1",
		"ssh h1 -p 1 h2",
		"ssh -l -bad h -p 1",
		"ssh -l",
		"ssh -i",
		"ssh u@h -p 1 -p",
	};
	struct target t;
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		ck_assert_msg(parse1(bad[i], &t, why, sizeof(why)) != 0,
		    "accepted: %s", bad[i]);
		ck_assert_msg(why[0] != '\0' && strchr(why, '\n') == NULL,
		    "no one-line reason for: %s", bad[i]);
	}
}
END_TEST

START_TEST(too_many_or_too_long)
{
	char line[1024], long_user[400];
	struct target t;
	char why[256];
	int i;

	strcpy(line, "ssh");
	for (i = 0; i < 70; i++)
		strcat(line, " -p1");
	ck_assert_int_ne(parse1(line, &t, why, sizeof(why)), 0);
	ck_assert_ptr_nonnull(strstr(why, "too many"));
	memset(long_user, 'a', 300);
	long_user[300] = '\0';
	snprintf(line, sizeof(line), "ssh -l %s h -p 1", long_user);
	ck_assert_int_ne(parse1(line, &t, why, sizeof(why)), 0);
	ck_assert_ptr_nonnull(strstr(why, "too long"));
}
END_TEST

START_TEST(reason_names_the_problem)
{
	struct target t;
	char why[256];

	parse1("ssh -o ProxyCommand=x u@h -p 1", &t, why, sizeof(why));
	ck_assert_ptr_nonnull(strstr(why, "="));
	parse1("ssh -J j u@h -p 1", &t, why, sizeof(why));
	ck_assert_ptr_nonnull(strstr(why, "-J"));
	parse1("ssh u@h -p 1 extra", &t, why, sizeof(why));
	ck_assert_ptr_nonnull(strstr(why, "extra"));
	parse1("ssh u@h -p 99999", &t, why, sizeof(why));
	ck_assert_ptr_nonnull(strstr(why, "99999"));
}
END_TEST

/* Text as browsers copy it: Unicode spaces, blanks around it. */
START_TEST(browser_text)
{
	struct target t;
	char why[256];

	ck_assert_int_eq(parse1("ssh\xc2\xa0ucloud@ssh.cloud.sdu.dk\xc2\xa0-p"
	    "\xc2\xa0" "2465", &t, why, sizeof(why)), 0);
	ck_assert_str_eq(t.host, "ssh.cloud.sdu.dk");
	ck_assert_int_eq(t.port, 2465);
	ck_assert_int_eq(parse1("\xe2\x80\x83 ssh ucloud@h.example.org -p"
	    "\xe2\x80\xaf" "7\xe3\x80\x80", &t, why, sizeof(why)), 0);
	ck_assert_int_eq(t.port, 7);
	ck_assert_int_eq(parse1("\xef\xbb\xbfssh u@h.example.org -p 8", &t,
	    why, sizeof(why)), 0);
	ck_assert_int_eq(t.port, 8);
	ck_assert_int_eq(parse1("ssh u@h.example.org -p 2465\n", &t, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(parse1("\r\n ssh u@h.example.org -p 2465 \r\n", &t,
	    why, sizeof(why)), 0);
	ck_assert_int_eq(t.port, 2465);
	ck_assert_int_eq(parse1("SSH: Connected!\xc2\xa0" "Available at:"
	    "\xc2\xa0ssh ucloud@h.example.org -p 9", &t, why, sizeof(why)), 0);
	ck_assert_int_eq(t.port, 9);
	ck_assert_int_eq(parse1("Available at: ssh ucloud@h.example.org -p 9",
	    &t, why, sizeof(why)), 0);
	ck_assert_str_eq(t.host, "h.example.org");
}
END_TEST

START_TEST(bare_port)
{
	struct target t;
	char why[256];
	int port;

	ck_assert_int_eq(pasted_port("2465\n", &port), 0);
	ck_assert_int_eq(port, 2465);
	ck_assert_int_eq(pasted_port("\xc2\xa0 2466\xc2\xa0\r\n", &port), 0);
	ck_assert_int_eq(port, 2466);
	ck_assert_int_ne(pasted_port("24 65", &port), 0);
	ck_assert_int_ne(pasted_port("0", &port), 0);
	ck_assert_int_ne(pasted_port("65536", &port), 0);
	ck_assert_int_ne(pasted_port("", &port), 0);
	/* On the command line a port is a word of its own, not a paste. */
	ck_assert_int_ne(parse1("2465\n", &t, why, sizeof(why)), 0);
}
END_TEST

/* Other non-ASCII characters are named, with their column. */
START_TEST(names_the_character)
{
	static const struct {
		const char	*line;
		const char	*want;
	} cases[] = {
		{ "ssh u@h.example.org \xe2\x80\x93p 2465",
		    "U+2013 EN DASH at column 21: type '-' instead" },
		/* Columns count characters, not bytes. */
		{ "ssh\xc2\xa0u@h.example.org -p 1\xe2\x80\x94",
		    "U+2014 EM DASH at column 25" },
		{ "ssh u@h\xc3\xa9.example.org -p 1", "U+00E9 at column 8" },
		{ "ssh u@h.example.org -p 1\xff", "0xFF, which is not UTF-8, "
		    "at column 25" },
		{ "ssh u@h.example.org -p 1 \xe2\x80\x9cx",
		    "U+201C LEFT DOUBLE QUOTATION MARK at column 26" },
		{ "ssh u@h.example.org; -p 1", "';' at column 20" },
		{ "ssh u@h.example.org\n-p 1", "line at column 20" },
	};
	struct target t;
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_ne(parse1(cases[i].line, &t, why, sizeof(why)),
		    0);
		ck_assert_msg(strstr(why, cases[i].want) != NULL,
		    "%s: got '%s'", cases[i].want, why);
	}
}
END_TEST

START_TEST(public_key)
{
	struct target t;
	char why[256];

	ck_assert_int_ne(parse1("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG me@x\n",
	    &t, why, sizeof(why)), 0);
	ck_assert_msg(strstr(why, "that is your public key") != NULL, "%s",
	    why);
	ck_assert_int_ne(parse1("ecdsa-sha2-nistp256 AAAAE2 me@x", &t, why,
	    sizeof(why)), 0);
	ck_assert_msg(strstr(why, "that is your public key") != NULL, "%s",
	    why);
}
END_TEST

Suite *
pasted_suite(void)
{
	Suite *s = suite_create("pasted");
	TCase *ok = tcase_create("core"), *bad = tcase_create("errors");

	tcase_add_test(ok, ucloud_command);
	tcase_add_test(ok, job_page_line);
	tcase_add_test(ok, several_words_and_options);
	tcase_add_test(ok, looks_like);
	tcase_add_test(ok, browser_text);
	tcase_add_test(ok, bare_port);
	tcase_add_test(bad, names_the_character);
	tcase_add_test(bad, public_key);
	tcase_add_test(bad, hostile);
	tcase_add_test(bad, reason_names_the_problem);
	tcase_add_test(bad, too_many_or_too_long);
	suite_add_tcase(s, ok);
	suite_add_tcase(s, bad);
	return s;
}
