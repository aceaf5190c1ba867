/*
 * check_http: the pure parts of the account link: the kind of a token by
 * its form, the credentials file reader, curl's and the server's
 * failures turned into one message, curl's config quoting, query
 * encoding, page parsing, a job read strictly, a JWT's payload, the
 * API settings, and the checks of a key before it is uploaded.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "buf.h"
#include "credentials.h"
#include "http.h"
#include "settings.h"
#include "sshkeys_api.h"
#include "ucloud.h"

#define API_TOKEN \
	"uc1a2b-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff"
#define REFRESH_TOKEN \
	"a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

START_TEST(test_token_kind)
{
	ck_assert_int_eq(token_kind(API_TOKEN), TOKEN_API);
	ck_assert_int_eq(token_kind(REFRESH_TOKEN), TOKEN_REFRESH);
	ck_assert_int_eq(token_kind("ucABC-DEF0"), TOKEN_API);
	ck_assert_int_eq(token_kind(""), TOKEN_BAD);
	ck_assert_int_eq(token_kind("uc-abc"), TOKEN_BAD);
	ck_assert_int_eq(token_kind("uc12-"), TOKEN_BAD);
	ck_assert_int_eq(token_kind("uc12-xyz"), TOKEN_BAD);
	ck_assert_int_eq(token_kind("uc12-ab-cd"), TOKEN_BAD);
	ck_assert_int_eq(token_kind("uc12 -abcd"), TOKEN_BAD);
	ck_assert_int_eq(token_kind("uc12345678901234567-ab"), TOKEN_BAD);
	/* 63 and 65 hex digits, and a non-hex one among 64. */
	ck_assert_int_eq(token_kind(REFRESH_TOKEN + 1), TOKEN_BAD);
	ck_assert_int_eq(token_kind(REFRESH_TOKEN "0"), TOKEN_BAD);
	ck_assert_int_eq(token_kind("g1b2c3d4e5f60718293a4b5c6d7e8f90"
	    "a1b2c3d4e5f60718293a4b5c6d7e8f90"), TOKEN_BAD);
	ck_assert_int_eq(token_kind("eyJhbGciOiJSUzI1NiJ9.e30.sig"), TOKEN_BAD);
	ck_assert_int_eq(token_kind(API_TOKEN "\n"), TOKEN_BAD);
}
END_TEST

START_TEST(test_credentials_parse)
{
	const char *text = "# comment\n\n* " API_TOKEN " 1794536000000\n"
	    "aau " REFRESH_TOKEN "\r\n";
	char tok[CRED_TOKEN_MAX], why[256];
	long long exp;

	ck_assert_int_eq(credentials_parse(text, strlen(text), "*", tok,
	    sizeof(tok), &exp, why, sizeof(why)), 1);
	ck_assert_str_eq(tok, API_TOKEN);
	ck_assert(exp == 1794536000000LL);
	ck_assert_int_eq(credentials_parse(text, strlen(text), "aau", tok,
	    sizeof(tok), &exp, why, sizeof(why)), 1);
	ck_assert_str_eq(tok, REFRESH_TOKEN);
	ck_assert(exp == -1);
	ck_assert_int_eq(credentials_parse(text, strlen(text), "other", tok,
	    sizeof(tok), &exp, why, sizeof(why)), 0);
	ck_assert_str_eq(tok, "");
	ck_assert_int_eq(credentials_parse("", 0, "*", tok, sizeof(tok), &exp,
	    why, sizeof(why)), 0);
}
END_TEST

START_TEST(test_credentials_refused)
{
	static const char *bad[] = {
		"* notatoken\n",
		"*\n",
		"* " API_TOKEN " 12x\n",
		"* " API_TOKEN " 1 2\n",
		"bad/site " API_TOKEN "\n",
		"* " API_TOKEN "\x1b[2J\n",
		"ok " API_TOKEN "\n* " API_TOKEN "\x01\n",
	};
	char tok[CRED_TOKEN_MAX], why[256];
	long long exp;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(credentials_parse(bad[i], strlen(bad[i]), "*",
		    tok, sizeof(tok), &exp, why, sizeof(why)) == -1,
		    "accepted case %zu", i);
		ck_assert_str_eq(tok, "");
		/* The reason names the line, never the token. */
		ck_assert_ptr_null(strstr(why, "0f1e2d3c"));
		ck_assert_ptr_nonnull(strstr(why, "line"));
	}
	/* An expiry past 15 digits (an older ucjob stored what the server
	 * said) is not known, and the token is still read. */
	ck_assert_int_eq(credentials_parse("* " API_TOKEN
	    " 99999999999999999999999\n", strlen(API_TOKEN) + 27, "*", tok,
	    sizeof(tok), &exp, why, sizeof(why)), 1);
	ck_assert_int_eq(exp, -1);
	ck_assert_str_eq(tok, API_TOKEN);
	/* A NUL byte inside the text. */
	ck_assert_int_eq(credentials_parse("* " API_TOKEN "\0x\n",
	    strlen(API_TOKEN) + 5, "*", tok, sizeof(tok), &exp, why,
	    sizeof(why)), -1);
}
END_TEST

static const char *
failure(int curl, int err, int status, const char *body)
{
	static char why[512];

	if (http_failure(curl, err, status, body, body ? strlen(body) : 0,
	    "cloud.example", why, sizeof(why)) == 0)
		return NULL;
	return why;
}

START_TEST(test_failure_mapping)
{
	ck_assert_ptr_null(failure(0, 0, 200, "{}"));
	ck_assert_ptr_null(failure(0, 0, 204, ""));
	ck_assert_str_eq(failure(0, 0, 401, "{\"why\":\"Unauthorized\"}"),
	    "cloud.example: the token is expired or revoked: run "
	    "`ucjob login`");
	ck_assert_str_eq(failure(0, 0, 403, "{\"why\":\"forbidden\"}"),
	    "cloud.example: the token is expired or revoked: run "
	    "`ucjob login`");
	ck_assert_str_eq(failure(0, 0, 500, "{\"statusCode\":500,\"why\":"
	    "\"db down\\u001b[31m\"}"),
	    "cloud.example: the server failed (HTTP 500): db down?[31m");
	ck_assert_str_eq(failure(0, 0, 502, "<html>bad gateway</html>"),
	    "cloud.example: the server failed (HTTP 502)");
	ck_assert_str_eq(failure(0, 0, 400, "{\"why\":\"Not a valid ssh key\"}"),
	    "cloud.example: the request was refused (HTTP 400): Not a valid "
	    "ssh key");
	ck_assert_str_eq(failure(6, 0, 0, NULL),
	    "cannot reach cloud.example: the host name could not be resolved");
	ck_assert_str_eq(failure(7, 0, 0, NULL),
	    "cannot reach cloud.example: the connection was refused or the "
	    "host is unreachable");
	ck_assert_str_eq(failure(28, 0, 0, NULL),
	    "cannot reach cloud.example: no answer within the time limit "
	    "(api-timeout)");
	ck_assert_str_eq(failure(35, 0, 0, NULL),
	    "cannot reach cloud.example: the TLS handshake failed");
	ck_assert_str_eq(failure(60, 0, 0, NULL),
	    "cannot reach cloud.example: its certificate is not trusted (see "
	    "api-ca-file)");
	ck_assert_str_eq(failure(99, 0, 0, NULL),
	    "cannot reach cloud.example: curl failed with status 99");
	ck_assert_str_eq(failure(-1, ENOENT, 0, NULL),
	    "cannot reach cloud.example: curl was not found (install curl)");
}
END_TEST

START_TEST(test_config_quote)
{
	struct buf b = { NULL, 0, 0 };

	http_config_quote(&b, "a\"b\\c\nd\te\x01" "f");
	ck_assert_str_eq(b.data, "\"a\\\"b\\\\c\\nd\\te" "f\"");
	buf_free(&b);
}
END_TEST

START_TEST(test_query_and_host)
{
	char q[64] = "next=", host[64];

	ck_assert_int_eq(http_query_encode("a b&c=d/é~", q, sizeof(q)), 0);
	ck_assert_str_eq(q, "next=a%20b%26c%3Dd%2F%C3%A9~");
	q[0] = '\0';
	ck_assert_int_eq(http_query_encode("0123456789", q, 12), -1);
	http_url_host("https://cloud.sdu.dk/api", host, sizeof(host));
	ck_assert_str_eq(host, "cloud.sdu.dk");
	http_url_host("https://127.0.0.1:8443", host, sizeof(host));
	ck_assert_str_eq(host, "127.0.0.1:8443");
}
END_TEST

START_TEST(test_page_parse)
{
	const char *p1 = "{\"items\":[{\"id\":\"1\"},{\"id\":\"2\"}],"
	    "\"next\":\"c-2\",\"itemsPerPage\":2}";
	const char *p2 = "{\"items\":[],\"next\":null,\"itemsPerPage\":2}";
	const char *p3 = "{\"items\":[]}";
	static const char *bad[] = {
		"", "[]", "{\"items\":{}}", "{\"next\":null}",
		"{\"items\":[],\"next\":7}", "{\"items\":[],\"next\":\"\"}",
		"{\"items\":[],\"next\":\"a\\u0000b\"}", "{\"items\":[]",
	};
	json_t *items;
	char next[64], why[256];
	size_t i;

	ck_assert_int_eq(api_page_parse(p1, strlen(p1), &items, next,
	    sizeof(next), why, sizeof(why)), 0);
	ck_assert_uint_eq(json_array_size(items), 2);
	ck_assert_str_eq(next, "c-2");
	json_decref(items);
	ck_assert_int_eq(api_page_parse(p2, strlen(p2), &items, next,
	    sizeof(next), why, sizeof(why)), 0);
	ck_assert_str_eq(next, "");
	json_decref(items);
	ck_assert_int_eq(api_page_parse(p3, strlen(p3), &items, next,
	    sizeof(next), why, sizeof(why)), 0);
	json_decref(items);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(api_page_parse(bad[i], strlen(bad[i]), &items,
		    next, sizeof(next), why, sizeof(why)) == -1,
		    "accepted %s", bad[i]);
		ck_assert_ptr_null(items);
	}
}
END_TEST

static int
job_from(const char *text, struct ucloud_job *job)
{
	char why[256];
	json_t *j = json_loads(text, 0, NULL);
	int rc;

	ck_assert_ptr_nonnull(j);
	rc = ucloud_job_parse(j, job, why, sizeof(why));
	json_decref(j);
	return rc;
}

START_TEST(test_job_parse)
{
	struct ucloud_job job;

	ck_assert_int_eq(job_from("{\"id\":\"4001\",\"owner\":{\"createdBy\":"
	    "\"alice\"},\"specification\":{\"name\":null,\"application\":"
	    "{\"name\":\"jupyter\"}},\"status\":{\"state\":\"RUNNING\","
	    "\"expiresAt\":1764003600000},\"updates\":[{\"status\":\"x\"}]}",
	    &job), 0);
	ck_assert_str_eq(job.id, "4001");
	ck_assert_ptr_null(job.name);
	ck_assert_str_eq(job.application, "jupyter");
	ck_assert(job.expires == 1764003600000LL);
	ck_assert_uint_eq(json_array_size(job.updates), 1);
	ucloud_job_free(&job);
	/* An id that is not digits, an unknown state, a number for a name. */
	ck_assert_int_eq(job_from("{\"id\":\"-oProxyCommand\",\"owner\":"
	    "{\"createdBy\":\"a\"},\"status\":{\"state\":\"RUNNING\"}}", &job),
	    -1);
	ck_assert_int_eq(job_from("{\"id\":\"1\",\"owner\":{\"createdBy\":"
	    "\"a\"},\"status\":{\"state\":\"PWNED\"}}", &job), -1);
	ck_assert_int_eq(job_from("{\"id\":\"1\",\"owner\":{\"createdBy\":"
	    "\"a\"},\"specification\":{\"name\":7},\"status\":{\"state\":"
	    "\"RUNNING\"}}", &job), -1);
	ck_assert_int_eq(job_from("{\"id\":\"1\",\"owner\":{\"createdBy\":"
	    "\"a\"},\"status\":{\"state\":\"RUNNING\"},\"updates\":{}}", &job),
	    -1);
}
END_TEST

START_TEST(test_jwt_identity)
{
	struct ucloud_identity id;

	/* {"sub":"alice","exp":1796242866} */
	ck_assert_int_eq(ucloud_jwt_identity("eyJhbGciOiJSUzI1NiJ9."
	    "eyJzdWIiOiJhbGljZSIsImV4cCI6MTc5NjI0Mjg2Nn0.sig", &id), 0);
	ck_assert_str_eq(id.user, "alice");
	ck_assert(id.expires == 1796242866000LL);
	ck_assert_int_eq(ucloud_jwt_identity("nodots", &id), -1);
	ck_assert_int_eq(ucloud_jwt_identity("a.!!!.c", &id), -1);
	/* {} */
	ck_assert_int_eq(ucloud_jwt_identity("a.e30.c", &id), -1);
}
END_TEST

START_TEST(test_sshkey_checks)
{
	const char *k = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6"
	    "UOoqKLsabgH5C9okWi0dh2l9GKJl";
	char line[256], why[256];

	ck_assert_int_eq(sshkey_line_check(k, why, sizeof(why)), 0);
	(void)snprintf(line, sizeof(line), "%s me@laptop", k);
	ck_assert_int_eq(sshkey_line_check(line, why, sizeof(why)), 0);
	ck_assert_int_eq(sshkey_line_check("ssh-dss AAAAB3 x", why,
	    sizeof(why)), -1);
	ck_assert_int_eq(sshkey_line_check("ssh-ed25519", why, sizeof(why)),
	    -1);
	ck_assert_int_eq(sshkey_line_check("ssh-ed25519 AAAA\nssh-rsa AAAA",
	    why, sizeof(why)), -1);
	ck_assert_int_eq(sshkey_line_check("ssh-ed25519 !!!", why,
	    sizeof(why)), -1);
	ck_assert_int_eq(sshkey_line_check("", why, sizeof(why)), -1);
	/* Same key: comments and the blank between do not count. */
	(void)snprintf(line, sizeof(line), "%s other comment", k);
	ck_assert(sshkey_same(k, line));
	(void)snprintf(line, sizeof(line), "ssh-ed25519\t%s", k + 12);
	ck_assert(sshkey_same(k, line));
	ck_assert(!sshkey_same(k, "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkV"
	    "zrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"));
	ck_assert(!sshkey_same(k, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMq"));
	ck_assert(!sshkey_same("", ""));
	ck_assert(sshkey_title_valid("laptop"));
	ck_assert(!sshkey_title_valid(""));
	ck_assert(!sshkey_title_valid("   "));
	ck_assert(!sshkey_title_valid("a\nb"));
}
END_TEST

START_TEST(test_api_settings)
{
	struct settings set;
	char err[512];

	unsetenv("UCJOB_API_URL");
	unsetenv("UCJOB_API_TIMEOUT");
	ck_assert_int_eq(settings_load(&set, "/dev/null", NULL, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(set.api_url, "https://cloud.sdu.dk");
	ck_assert_str_eq(set.api_ca_file, "");
	ck_assert_str_eq(set.api_timeout, "20");
	ck_assert_str_eq(set.sync_alias, "job-id");
	settings_free(&set);
	setenv("UCJOB_API_URL", "https://127.0.0.1:8443/", 1);
	setenv("UCJOB_API_TIMEOUT", "600", 1);
	ck_assert_int_eq(settings_load(&set, "/dev/null", NULL, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(set.api_url, "https://127.0.0.1:8443/");
	settings_free(&set);
	setenv("UCJOB_API_TIMEOUT", "601", 1);
	ck_assert_int_eq(settings_load(&set, "/dev/null", NULL, err,
	    sizeof(err)), -1);
	setenv("UCJOB_API_TIMEOUT", "20", 1);
	setenv("UCJOB_API_URL", "http://cloud.sdu.dk", 1);
	ck_assert_int_eq(settings_load(&set, "/dev/null", NULL, err,
	    sizeof(err)), -1);
	setenv("UCJOB_API_URL", "https://cloud.sdu.dk/api", 1);
	ck_assert_int_eq(settings_load(&set, "/dev/null", NULL, err,
	    sizeof(err)), -1);
	setenv("UCJOB_API_URL", "https://-oProxyCommand=x", 1);
	ck_assert_int_eq(settings_load(&set, "/dev/null", NULL, err,
	    sizeof(err)), -1);
	unsetenv("UCJOB_API_URL");
	unsetenv("UCJOB_API_TIMEOUT");
}
END_TEST

Suite *
http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_token_kind);
	tcase_add_test(tc, test_credentials_parse);
	tcase_add_test(tc, test_credentials_refused);
	tcase_add_test(tc, test_failure_mapping);
	tcase_add_test(tc, test_config_quote);
	tcase_add_test(tc, test_query_and_host);
	tcase_add_test(tc, test_page_parse);
	tcase_add_test(tc, test_job_parse);
	tcase_add_test(tc, test_jwt_identity);
	tcase_add_test(tc, test_api_settings);
	tcase_add_test(tc, test_sshkey_checks);
	suite_add_tcase(s, tc);
	return s;
}
