/*
 * check_parse_keygen: the readers of ssh-keygen output, on output
 * recorded from OpenSSH 9.2 (tests/keygen, see its README) and on
 * broken lines.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_keygen.h"

#define FIXTURES	"tests/keygen"

static const struct {
	const char	*name;
	int		 bits;
	const char	*type;
} recorded[] = {
	{ "ed25519",		256,	"ED25519" },
	{ "ed25519-spaces",	256,	"ED25519" },
	{ "ed25519-nocomment",	256,	"ED25519" },
	{ "ecdsa",		256,	"ECDSA" },
	{ "ecdsa-384",		384,	"ECDSA" },
	{ "ecdsa-521",		521,	"ECDSA" },
	{ "rsa",		3072,	"RSA" },
	{ "rsa-4096",		4096,	"RSA" },
};

/* A fixture's bytes, NUL-terminated; the caller frees. */
static char *
slurp(const char *name, const char *suffix, size_t *len)
{
	char path[256], *data;
	FILE *fp;
	long n;

	snprintf(path, sizeof(path), "%s/%s%s", FIXTURES, name, suffix);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	ck_assert_int_ge(n, 0);
	rewind(fp);
	data = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(fread(data, 1, (size_t)n, fp), (size_t)n);
	data[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return data;
}

/* The comment of a .pub line: everything after the second field. */
static void
pub_comment(const char *pub, char *out, size_t outlen)
{
	const char *p = strchr(pub, ' ');
	size_t n;

	ck_assert_ptr_nonnull(p);
	p = strchr(p + 1, ' ');
	if (p == NULL) {
		snprintf(out, outlen, "no comment");
		return;
	}
	n = strcspn(p + 1, "\n");
	ck_assert_uint_lt(n, outlen);
	memcpy(out, p + 1, n);
	out[n] = '\0';
	if (n == 0)
		snprintf(out, outlen, "no comment");
}

/* Every recorded line, SHA256 and MD5, against its .pub file. */
START_TEST(recorded_output)
{
	const char *suffixes[] = { ".l", ".md5.l" };
	const char *hashes[] = { "SHA256", "MD5" };
	struct key_fingerprint fp;
	char *pub, *out, *second, why[256], comment[256], got[256];
	size_t publen, outlen, linelen, s;

	pub = slurp(recorded[_i].name, ".pub", &publen);
	ck_assert_int_eq(pubkey_line_parse(pub, publen, &linelen, why,
	    sizeof(why)), 0);
	ck_assert_uint_eq(linelen, publen - 1);
	pub_comment(pub, comment, sizeof(comment));
	for (s = 0; s < 2; s++) {
		out = slurp(recorded[_i].name, suffixes[s], &outlen);
		ck_assert_msg(keygen_fingerprint_parse(out, outlen, &fp, why,
		    sizeof(why)) == 0, "%s%s: %s", recorded[_i].name,
		    suffixes[s], why);
		ck_assert_int_eq(fp.bits, recorded[_i].bits);
		ck_assert_str_eq(fp.type, recorded[_i].type);
		ck_assert_str_eq(fp.hash, hashes[s]);
		ck_assert_uint_eq(strncmp(fp.fingerprint, hashes[s],
		    strlen(hashes[s])), 0);
		/* The fingerprint is the second field, exactly. */
		second = strchr(out, ' ') + 1;
		ck_assert_uint_eq(strcspn(second, " "),
		    strlen(fp.fingerprint));
		ck_assert_int_eq(strncmp(second, fp.fingerprint,
		    strlen(fp.fingerprint)), 0);
		ck_assert_uint_lt(fp.comment_len, sizeof(got));
		memcpy(got, fp.comment, fp.comment_len);
		got[fp.comment_len] = '\0';
		ck_assert_str_eq(got, comment);
		free(out);
	}
	free(pub);
}
END_TEST

/* Known values, so the test does not only agree with itself. */
START_TEST(recorded_values)
{
	struct key_fingerprint fp;
	char *out, why[256];
	size_t len;

	out = slurp("ed25519", ".l", &len);
	ck_assert_int_eq(keygen_fingerprint_parse(out, len, &fp, why,
	    sizeof(why)), 0);
	ck_assert_str_eq(fp.fingerprint,
	    "SHA256:ynVpkRWEgWUMnJWwA7L82Tn9t5DJcKKQSvAG+zzDSUU");
	ck_assert_uint_eq(fp.comment_len, strlen("ann@laptop"));
	ck_assert_int_eq(memcmp(fp.comment, "ann@laptop", 10), 0);
	free(out);

	out = slurp("rsa", ".md5.l", &len);
	ck_assert_int_eq(keygen_fingerprint_parse(out, len, &fp, why,
	    sizeof(why)), 0);
	ck_assert_str_eq(fp.fingerprint,
	    "MD5:e3:b4:86:4c:04:59:bf:77:7a:fc:93:bc:3a:4c:91:70");
	ck_assert_int_eq(fp.bits, 3072);
	free(out);

	out = slurp("ed25519-spaces", ".l", &len);
	ck_assert_int_eq(keygen_fingerprint_parse(out, len, &fp, why,
	    sizeof(why)), 0);
	ck_assert_uint_eq(fp.comment_len,
	    strlen("Ann Smith (work laptop) 2026"));
	ck_assert_int_eq(memcmp(fp.comment, "Ann Smith (work laptop) 2026",
	    fp.comment_len), 0);
	ck_assert_str_eq(fp.type, "ED25519");
	free(out);
}
END_TEST

START_TEST(line_variants)
{
	struct key_fingerprint fp;
	char why[256];
	const char *s;

	/* No final newline, and CRLF. */
	s = "256 SHA256:abcdefABCDEF0123+/ me@host (ED25519)";
	ck_assert_int_eq(keygen_fingerprint_parse(s, strlen(s), &fp, why,
	    sizeof(why)), 0);
	ck_assert_str_eq(fp.fingerprint, "SHA256:abcdefABCDEF0123+/");
	s = "256 SHA256:abcdefABCDEF0123+/ me@host (ED25519)\r\n";
	ck_assert_int_eq(keygen_fingerprint_parse(s, strlen(s), &fp, why,
	    sizeof(why)), 0);
	ck_assert_str_eq(fp.type, "ED25519");
	/* No comment at all. */
	s = "256 SHA256:abcdefABCDEF0123 (ED25519)\n";
	ck_assert_int_eq(keygen_fingerprint_parse(s, strlen(s), &fp, why,
	    sizeof(why)), 0);
	ck_assert_uint_eq(fp.comment_len, 0);
	ck_assert_ptr_null(fp.comment);
	/* A security key type. */
	s = "256 SHA256:abcdefABCDEF0123 yubi (ED25519-SK)\n";
	ck_assert_int_eq(keygen_fingerprint_parse(s, strlen(s), &fp, why,
	    sizeof(why)), 0);
	ck_assert_str_eq(fp.type, "ED25519-SK");
	/* A comment ending in a parenthesis of its own. */
	s = "256 SHA256:abc me (x) (ECDSA)\n";
	ck_assert_int_eq(keygen_fingerprint_parse(s, strlen(s), &fp, why,
	    sizeof(why)), 0);
	ck_assert_uint_eq(fp.comment_len, 6);
	ck_assert_int_eq(memcmp(fp.comment, "me (x)", 6), 0);
}
END_TEST

START_TEST(broken_lines)
{
	static const char *const bad[] = {
		"",
		"\n",
		"256\n",
		"256 \n",
		"x256 SHA256:abc c (ED25519)\n",
		"256 SHA256:abc c (ED25519)\n256 SHA256:def c (RSA)\n",
		"256 SHA256abc c (ED25519)\n",
		"256 :abc c (ED25519)\n",
		"256 SHA256: c (ED25519)\n",
		"256 sha256:abc c (ED25519)\n",
		"256 SHA256:ab$c c (ED25519)\n",
		"256 SHA256:abc c ED25519\n",
		"256 SHA256:abc c (ED25519\n",
		"256 SHA256:abc c ()\n",
		"256 SHA256:abc c(ED25519)\n",
		"256 SHA256:abc c (ED 25519)\n",
		"256 SHA256:abc c (ed25519)\n",
		"256 SHA256:abc\n",
		"256 SHA256:abc c\x1b[31m (ED25519)\n",
		"999999999999 SHA256:abc c (ED25519)\n",
		"ssh-keygen: /x: No such file or directory\n",
		"(stdin) is not a public key file.\n",
	};
	struct key_fingerprint fp;
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		ck_assert_msg(keygen_fingerprint_parse(bad[i], strlen(bad[i]),
		    &fp, why, sizeof(why)) == -1, "accepted: %s", bad[i]);
		ck_assert_msg(why[0] != '\0', "no reason for: %s", bad[i]);
		ck_assert_ptr_null(strchr(why, '\n'));
	}
}
END_TEST

START_TEST(pubkey_lines)
{
	static const char *const good[] = {
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJF1ATgMvRhk\n",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJF1ATgMvRhk a b c\n",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJF1ATgMvRhk\r\n",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJF1ATgMvRhk",
		"sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5 k\n",
		"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= x\n",
	};
	static const char *const bad[] = {
		"",
		"\n",
		"ssh-ed25519\n",
		"ssh-ed25519 \n",
		"ssh-ed25519 AAAA\n",
		"ssh-ed25519 AAAAC3NzaC1lZ$DI1NTE5AAAAIJF1ATgMvRhk\n",
		"SSH-ED25519 AAAAC3NzaC1lZDI1NTE5AAAAIJF1ATgMvRhk\n",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJF1ATgMvRhk\nssh-rsa "
		    "AAAAB3NzaC1yc2EAAAADAQABAAABgQ\n",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJF1ATgMvRhk a\x1b b\n",
		"-----BEGIN OPENSSH PRIVATE KEY-----\n",
	};
	char why[256];
	size_t i, n;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(pubkey_line_parse(good[i], strlen(good[i]), &n,
		    why, sizeof(why)) == 0, "refused %s: %s", good[i], why);
		ck_assert_uint_eq(n, strcspn(good[i], "\r\n"));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		ck_assert_msg(pubkey_line_parse(bad[i], strlen(bad[i]), &n,
		    why, sizeof(why)) == -1, "accepted: %s", bad[i]);
		ck_assert(why[0] != '\0');
	}
	/* A NUL byte inside. */
	ck_assert_int_eq(pubkey_line_parse("ssh-ed25519 AAAAC3NzaC1lZDI1\0x",
	    30, &n, why, sizeof(why)), -1);
}
END_TEST

Suite *
parse_keygen_suite(void)
{
	Suite *s = suite_create("parse_keygen");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, recorded_output, 0,
	    sizeof(recorded) / sizeof(recorded[0]));
	tcase_add_test(tc, recorded_values);
	tcase_add_test(tc, line_variants);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, broken_lines);
	tcase_add_test(tc, pubkey_lines);
	suite_add_tcase(s, tc);
	return s;
}
