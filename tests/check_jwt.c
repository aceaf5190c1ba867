/*
 * check_jwt: what ucloud_jwt_identity reads from a JWT's payload, with
 * an "exp" at the edges of the range: one that does not fit in
 * milliseconds leaves the expiry unknown instead of overflowing.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "ucloud.h"

/* "h." + base64url(payload) + ".s" into out. */
static void
make_jwt(const char *payload, char *out, size_t outlen)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned long bits = 0;
	size_t i, n = 0;
	int nbits = 0;

	out[n++] = 'h';
	out[n++] = '.';
	for (i = 0; payload[i] != '\0'; i++) {
		bits = (bits << 8 | (unsigned char)payload[i]) & 0xffffff;
		nbits += 8;
		while (nbits >= 6 && n + 1 < outlen) {
			nbits -= 6;
			out[n++] = alphabet[(bits >> nbits) & 63];
		}
	}
	if (nbits > 0 && n + 1 < outlen)
		out[n++] = alphabet[(bits << (6 - nbits)) & 63];
	(void)snprintf(out + n, outlen - n, ".s");
}

static long long
expires_of(const char *payload)
{
	struct ucloud_identity id;
	char jwt[512];

	make_jwt(payload, jwt, sizeof(jwt));
	ck_assert_int_eq(ucloud_jwt_identity(jwt, &id), 0);
	ck_assert_str_eq(id.user, "alice");
	return id.expires;
}

START_TEST(test_jwt_exp_range)
{
	char payload[128];

	ck_assert(expires_of("{\"sub\":\"alice\",\"exp\":1800000000}") ==
	    1800000000000LL);
	ck_assert(expires_of("{\"sub\":\"alice\"}") == -1);
	ck_assert(expires_of("{\"sub\":\"alice\",\"exp\":-5}") == -1);
	ck_assert(expires_of("{\"sub\":\"alice\","
	    "\"exp\":9223372036854775807}") == -1);
	(void)snprintf(payload, sizeof(payload),
	    "{\"sub\":\"alice\",\"exp\":%lld}", LLONG_MAX / 1000);
	ck_assert(expires_of(payload) == LLONG_MAX / 1000 * 1000);
	(void)snprintf(payload, sizeof(payload),
	    "{\"sub\":\"alice\",\"exp\":%lld}", LLONG_MAX / 1000 + 1);
	ck_assert(expires_of(payload) == -1);
}
END_TEST

Suite *
jwt_suite(void)
{
	Suite *s = suite_create("jwt");
	TCase *tc = tcase_create("exp");

	tcase_add_test(tc, test_jwt_exp_range);
	suite_add_tcase(s, tc);
	return s;
}
