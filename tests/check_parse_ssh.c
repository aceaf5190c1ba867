/*
 * check_parse_ssh: the parsers of ssh -G, ssh -V and a batch connection's
 * stderr, on output recorded from real runs (tests/recorded/README).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_ssh.h"

#define RECORDED	"tests/recorded/"

static char *
slurp(const char *name, size_t *len)
{
	char path[256];
	FILE *fp;
	char *p;
	long n;

	snprintf(path, sizeof(path), RECORDED "%s", name);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	p = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, fp), (size_t)n);
	p[n] = '\0';
	fclose(fp);
	if (len != NULL)
		*len = (size_t)n;
	return p;
}

START_TEST(test_g_top_level_user)
{
	struct ssh_options o;
	size_t len;
	char *t = slurp("ssh-G-top-level-user.out", &len);

	ck_assert_int_eq(ssh_g_parse(t, len, &o), 0);
	ck_assert_str_eq(o.hostname, "ssh.cloud.sdu.dk");
	ck_assert_int_eq(o.port, 2465);
	/* The top-level User won over the entry's. */
	ck_assert_str_eq(o.user, "other");
	ck_assert_str_eq(o.hostkeyalias, "ucloud-job-2465");
	ck_assert_uint_eq(o.nidentity, 1);
	/* ssh -G prints IdentityFile as written, ~ not expanded ... */
	ck_assert_str_eq(o.identity[0], "~/.ssh/id_ed25519");
	/* ... but UserKnownHostsFile expanded, from the password database. */
	ck_assert_str_eq(o.userknownhostsfile, "/root/.ssh/ucjob_known_hosts");
	ck_assert_str_eq(o.stricthostkeychecking, "accept-new");
	free(t);
}
END_TEST

START_TEST(test_g_no_config)
{
	struct ssh_options o;
	size_t len;
	char *t = slurp("ssh-G-no-config.out", &len);

	ck_assert_int_eq(ssh_g_parse(t, len, &o), 0);
	ck_assert_str_eq(o.hostname, "nohost");
	ck_assert_int_eq(o.port, 22);
	ck_assert_str_eq(o.hostkeyalias, "");	/* unset: no line */
	ck_assert_uint_eq(o.nidentity, 7);
	ck_assert_str_eq(o.identity[0], "~/.ssh/id_rsa");
	ck_assert_str_eq(o.identity[3], "~/.ssh/id_ed25519");
	ck_assert_str_eq(o.userknownhostsfile,
	    "/root/.ssh/known_hosts /root/.ssh/known_hosts2");
	free(t);
}
END_TEST

START_TEST(test_g_quoted_identity_and_case)
{
	struct ssh_options o;
	size_t len;
	char *t = slurp("ssh-G-quoted-identity.out", &len);

	ck_assert_int_eq(ssh_g_parse(t, len, &o), 0);
	/* ssh lowercases the host name. */
	ck_assert_str_eq(o.hostname, "foo.example.org");
	/* The value runs to the end of the line, quotes gone. */
	ck_assert_str_eq(o.identity[0], "/tmp/a b/key");
	free(t);
}
END_TEST

START_TEST(test_g_not_ssh_output)
{
	struct ssh_options o;
	size_t len;
	char *t = slurp("ssh-G-bad-config.err", &len);

	ck_assert_int_eq(ssh_g_parse(t, len, &o), -1);
	ck_assert_int_eq(ssh_g_parse("", 0, &o), -1);
	ck_assert_int_eq(ssh_g_parse("hostname x\r\nport 7\r\n", 20, &o), 0);
	ck_assert_str_eq(o.hostname, "x");
	ck_assert_int_eq(o.port, 7);
	free(t);
}
END_TEST

START_TEST(test_error_line)
{
	char line[256];
	char *t = slurp("ssh-G-bad-config.err", NULL);

	ssh_error_line(t, line, sizeof(line));
	ck_assert_str_eq(line, "bad: line 2: Bad configuration option: "
	    "frobnicate");
	ssh_error_line("x: terminating, 1 bad configuration options\r\n",
	    line, sizeof(line));
	ck_assert_str_eq(line, "x: terminating, 1 bad configuration options");
	/* accept-new's news line comes before the refusal. */
	free(t);
	t = slurp("ssh-connect-ok.err", NULL);
	t = realloc(t, strlen(t) + 64);
	strcat(t, "root@127.0.0.1: Permission denied (publickey).\r\n");
	ssh_error_line(t, line, sizeof(line));
	ck_assert_str_eq(line, "root@127.0.0.1: Permission denied "
	    "(publickey).");
	/* A Match exec command's shell error comes first: ssh's own line
	 * about the config is the one (both of ssh's forms). */
	ssh_error_line("/bin/bash: line 1: nope: command not found\n"
	    "/h/.ssh/config: line 3: Bad configuration option: usekeychain\n"
	    "/h/.ssh/config: terminating, 1 bad configuration options\n",
	    line, sizeof(line));
	ck_assert_str_eq(line, "/h/.ssh/config: line 3: Bad configuration "
	    "option: usekeychain");
	ssh_error_line("sh: line 1: x: not found\ncfg line 9: Missing "
	    "argument.\n", line, sizeof(line));
	ck_assert_str_eq(line, "cfg line 9: Missing argument.");
	ssh_error_line("debug1: /h/.ssh/config line 1: Applying options "
	    "for *\nu@h: Permission denied (publickey).\n", line,
	    sizeof(line));
	ck_assert_str_eq(line, "u@h: Permission denied (publickey).");
	ssh_error_line("/bin/bash: line 1: x: not found\n", line,
	    sizeof(line));
	ck_assert_str_eq(line, "/bin/bash: line 1: x: not found");
	ssh_error_line("\r\n\n", line, sizeof(line));
	ck_assert_str_eq(line, "");
	free(t);
}
END_TEST

START_TEST(test_version)
{
	struct ssh_version v;
	char *t = slurp("ssh-V.err", NULL);

	ck_assert_int_eq(ssh_version_parse(t, &v), 0);
	ck_assert_str_eq(v.text, "OpenSSH_9.2p1");
	ck_assert_int_eq(v.major, 9);
	ck_assert_int_eq(v.minor, 2);
	ck_assert(ssh_version_at_least(&v, 7, 6));
	ck_assert(ssh_version_at_least(&v, 9, 2));
	ck_assert(!ssh_version_at_least(&v, 9, 3));
	ck_assert(!ssh_version_at_least(&v, 10, 0));
	/* The form Windows' build prints (not recorded here). */
	ck_assert_int_eq(ssh_version_parse("OpenSSH_for_Windows_8.1p1, "
	    "LibreSSL 3.0.2\r\n", &v), 0);
	ck_assert_str_eq(v.text, "OpenSSH_for_Windows_8.1p1");
	ck_assert_int_eq(v.major, 8);
	ck_assert_int_eq(v.minor, 1);
	ck_assert_int_eq(ssh_version_parse("Sun_SSH_1.1\n", &v), -1);
	free(t);
}
END_TEST

static enum connect_result
classify_recorded(const char *name, int status)
{
	char *t = slurp(name, NULL);
	enum connect_result r = ssh_connect_classify(status, 0, t);

	free(t);
	return r;
}

START_TEST(test_connect_classify)
{
	ck_assert_int_eq(classify_recorded("ssh-connect-ok.err", 0),
	    CONNECT_REACHABLE);
	ck_assert_int_eq(classify_recorded("ssh-connect-auth-refused.err",
	    255), CONNECT_AUTH_REFUSED);
	ck_assert_int_eq(classify_recorded("ssh-connect-host-key-changed.err",
	    255), CONNECT_HOST_KEY_CHANGED);
	ck_assert_int_eq(classify_recorded("ssh-connect-unknown-key.err",
	    255), CONNECT_HOST_KEY_UNKNOWN);
	ck_assert_int_eq(classify_recorded("ssh-connect-refused.err", 255),
	    CONNECT_REFUSED);
	ck_assert_int_eq(classify_recorded("ssh-connect-timeout.err", 255),
	    CONNECT_TIMED_OUT);
	ck_assert_int_eq(classify_recorded("ssh-connect-no-such-host.err",
	    255), CONNECT_NO_SUCH_HOST);
	/* The remote command's own status: the job was reached. */
	ck_assert_int_eq(ssh_connect_classify(1, 0, ""), CONNECT_REACHABLE);
	ck_assert_int_eq(ssh_connect_classify(255, 1, ""), CONNECT_TIMED_OUT);
	ck_assert_int_eq(ssh_connect_classify(255, 0, "kex_exchange_"
	    "identification: Connection closed by remote host\r\n"),
	    CONNECT_CLOSED);
	ck_assert_int_eq(ssh_connect_classify(255, 0, "weird\r\n"),
	    CONNECT_FAILED);
	ck_assert(connect_result_gone(CONNECT_REFUSED));
	ck_assert(connect_result_gone(CONNECT_TIMED_OUT));
	ck_assert(!connect_result_gone(CONNECT_AUTH_REFUSED));
	ck_assert(!connect_result_gone(CONNECT_NO_SUCH_HOST));
	ck_assert(!connect_result_gone(CONNECT_CLOSED));
	ck_assert_str_eq(connect_result_name(CONNECT_HOST_KEY_CHANGED),
	    "host key changed");
}
END_TEST

/* ssh -v, recorded: a passphrase key the job takes, and a key it does
 * not know; both end in "Permission denied". */
START_TEST(test_connect_verbose)
{
	char *locked = slurp("ssh-connect-v-key-locked.err", NULL);
	char *refused = slurp("ssh-connect-v-auth-refused.err", NULL);
	char line[256], keys[256];

	ck_assert_int_eq(ssh_connect_classify(255, 0, locked),
	    CONNECT_KEY_LOCKED);
	ck_assert_int_eq(ssh_connect_classify(255, 0, refused),
	    CONNECT_AUTH_REFUSED);
	ck_assert(ssh_key_accepted(locked));
	ck_assert(!ssh_key_accepted(refused));
	/* The error line is ssh's, never a debug line. */
	ssh_error_line(locked, line, sizeof(line));
	ck_assert_str_eq(line, "root@127.0.0.1: Permission denied "
	    "(publickey).");
	ssh_offered_keys(locked, keys, sizeof(keys));
	ck_assert_str_eq(keys, "/tmp/ucjob-test.XXXXXX/home/.ssh/pass");
	ssh_offered_keys(refused, keys, sizeof(keys));
	ck_assert_str_eq(keys, "/tmp/ucjob-test.XXXXXX/home/.ssh/unknown");
	ssh_offered_keys("debug1: Offering public key: me@laptop ED25519 "
	    "SHA256:abc agent\ndebug1: Offering public key: /k/id_rsa RSA "
	    "SHA256:def explicit\n", keys, sizeof(keys));
	ck_assert_str_eq(keys, "me@laptop, /k/id_rsa");
	ssh_offered_keys("Permission denied\n", keys, sizeof(keys));
	ck_assert_str_eq(keys, "");
	/* A debug line that mentions a failure does not decide. */
	ck_assert_int_eq(ssh_connect_classify(255, 0, "debug1: Connection "
	    "refused by nobody\nweird\n"), CONNECT_FAILED);
	ck_assert_str_eq(connect_result_hint(CONNECT_KEY_LOCKED),
	    "the key needs its passphrase (run ssh-add, or check without "
	    "--connect)");
	ck_assert(!connect_result_gone(CONNECT_KEY_LOCKED));
	free(locked);
	free(refused);
}
END_TEST

Suite *
parse_ssh_suite(void)
{
	Suite *s = suite_create("parse_ssh");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_g_top_level_user);
	tcase_add_test(tc, test_g_no_config);
	tcase_add_test(tc, test_g_quoted_identity_and_case);
	tcase_add_test(tc, test_g_not_ssh_output);
	tcase_add_test(tc, test_error_line);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_connect_classify);
	tcase_add_test(tc, test_connect_verbose);
	suite_add_tcase(s, tc);
	return s;
}
