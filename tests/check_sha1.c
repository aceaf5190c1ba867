/*
 * check_sha1: SHA-1 against the FIPS 180 examples, HMAC-SHA1 against
 * RFC 2202, and the strict base64 decoder (RFC 4648 examples and the
 * texts it must refuse): the pieces that read hashed known_hosts lines.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "sha1.h"

/* The lowercase hex of a digest, for readable failures. */
static const char *
hex(const unsigned char d[SHA1_DIGEST_LEN])
{
	static char s[2 * SHA1_DIGEST_LEN + 1];
	int i;

	for (i = 0; i < SHA1_DIGEST_LEN; i++)
		snprintf(s + 2 * i, 3, "%02x", d[i]);
	return s;
}

static const char *
sha1_hex(const void *data, size_t len)
{
	unsigned char d[SHA1_DIGEST_LEN];

	sha1(data, len, d);
	return hex(d);
}

START_TEST(test_sha1_fips)
{
	const char *m448 =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	ck_assert_str_eq(sha1_hex("abc", 3),
	    "a9993e364706816aba3e25717850c26c9cd0d89d");
	ck_assert_int_eq(strlen(m448) * 8, 448);
	ck_assert_str_eq(sha1_hex(m448, strlen(m448)),
	    "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	ck_assert_str_eq(sha1_hex("", 0),
	    "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}
END_TEST

START_TEST(test_sha1_million_a)
{
	unsigned char chunk[1000], d[SHA1_DIGEST_LEN];
	struct sha1_ctx ctx;
	char *all;
	int i;

	/* One million 'a', in 1000-byte updates and in one call. */
	memset(chunk, 'a', sizeof(chunk));
	sha1_init(&ctx);
	for (i = 0; i < 1000; i++)
		sha1_update(&ctx, chunk, sizeof(chunk));
	sha1_final(&ctx, d);
	ck_assert_str_eq(hex(d), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	ck_assert_ptr_nonnull(all = malloc(1000000));
	memset(all, 'a', 1000000);
	ck_assert_str_eq(sha1_hex(all, 1000000),
	    "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(all);
}
END_TEST

START_TEST(test_sha1_padding_edges)
{
	/* Lengths around the 56-byte padding limit and the block (digests
	 * from Python's hashlib). */
	static const struct {
		size_t		 n;
		const char	*digest;
	} t[] = {
		{ 55, "c1c8bbdc22796e28c0e15163d20899b65621d65a" },
		{ 56, "c2db330f6083854c99d4b5bfb6e8f29f201be699" },
		{ 63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5" },
		{ 64, "0098ba824b5c16427bd7a1122a5a442a25ec644d" },
		{ 65, "11655326c708d70319be2610e8a57d9a5b959d3b" },
		{ 119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56" },
		{ 120, "f34c1488385346a55709ba056ddd08280dd4c6d6" },
	};
	char a[128];
	size_t i;

	memset(a, 'a', sizeof(a));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_str_eq(sha1_hex(a, t[i].n), t[i].digest);
}
END_TEST

START_TEST(test_sha1_split_updates)
{
	unsigned char m[200], whole[SHA1_DIGEST_LEN], part[SHA1_DIGEST_LEN];
	struct sha1_ctx ctx;
	size_t n, cut, i;

	for (i = 0; i < sizeof(m); i++)
		m[i] = (unsigned char)(i * 7 + 3);
	/* Any split of any length gives the digest of the whole. */
	for (n = 0; n <= sizeof(m); n += 13)
		for (cut = 0; cut <= n; cut++) {
			sha1(m, n, whole);
			sha1_init(&ctx);
			sha1_update(&ctx, m, cut);
			sha1_update(&ctx, NULL, 0);
			sha1_update(&ctx, m + cut, n - cut);
			sha1_final(&ctx, part);
			ck_assert_mem_eq(whole, part, SHA1_DIGEST_LEN);
		}
}
END_TEST

START_TEST(test_hmac_rfc2202)
{
	unsigned char k20[20], k25[25], k80[80], d50[50];
	unsigned char mac[SHA1_DIGEST_LEN];
	const char *m;
	int i;

	memset(k20, 0x0b, sizeof(k20));
	hmac_sha1(k20, 20, "Hi There", 8, mac);
	ck_assert_str_eq(hex(mac), "b617318655057264e28bc0b6fb378c8ef146be00");

	m = "what do ya want for nothing?";
	hmac_sha1("Jefe", 4, m, strlen(m), mac);
	ck_assert_str_eq(hex(mac), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");

	memset(k20, 0xaa, sizeof(k20));
	memset(d50, 0xdd, sizeof(d50));
	hmac_sha1(k20, 20, d50, 50, mac);
	ck_assert_str_eq(hex(mac), "125d7342b9ac11cd91a39af48aa17b4f63f175d3");

	for (i = 0; i < 25; i++)
		k25[i] = (unsigned char)(i + 1);
	memset(d50, 0xcd, sizeof(d50));
	hmac_sha1(k25, 25, d50, 50, mac);
	ck_assert_str_eq(hex(mac), "4c9007f4026250c6bc8414f9bf50c86c2d7235da");

	memset(k20, 0x0c, sizeof(k20));
	m = "Test With Truncation";
	hmac_sha1(k20, 20, m, strlen(m), mac);
	ck_assert_str_eq(hex(mac), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");

	/* Keys longer than a block are hashed first. */
	memset(k80, 0xaa, sizeof(k80));
	m = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_sha1(k80, 80, m, strlen(m), mac);
	ck_assert_str_eq(hex(mac), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
	m = "Test Using Larger Than Block-Size Key and Larger Than One "
	    "Block-Size Data";
	hmac_sha1(k80, 80, m, strlen(m), mac);
	ck_assert_str_eq(hex(mac), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}
END_TEST

/* Decode s; the bytes as a string in *out (NUL-terminated), or -1. */
static long
dec(const char *s, char *out, size_t outsize)
{
	long n = base64_decode(s, strlen(s), (unsigned char *)out,
	    outsize - 1);

	out[n < 0 ? 0 : n] = '\0';
	return n;
}

START_TEST(test_base64_rfc4648)
{
	static const char *t[][2] = {
		{ "", "" }, { "Zg==", "f" }, { "Zm8=", "fo" },
		{ "Zm9v", "foo" }, { "Zm9vYg==", "foob" },
		{ "Zm9vYmE=", "fooba" }, { "Zm9vYmFy", "foobar" },
	};
	unsigned char b[3];
	char out[16];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(dec(t[i][0], out, sizeof(out)),
		    (long)strlen(t[i][1]));
		ck_assert_str_eq(out, t[i][1]);
	}
	/* The last two letters of the alphabet. */
	ck_assert_int_eq(base64_decode("+/+/", 4, b, sizeof(b)), 3);
	ck_assert_int_eq(b[0], 0xfb);
	ck_assert_int_eq(b[1], 0xff);
	ck_assert_int_eq(b[2], 0xbf);
	/* Exactly the room needed is enough. */
	ck_assert_int_eq(base64_decode("Zm9vYg==", 8, b, 3), -1);
	ck_assert_int_eq(base64_decode("Zm9v", 4, b, 3), 3);
	ck_assert_int_eq(BASE64_DECODED_MAX(28), 21);
}
END_TEST

START_TEST(test_base64_refused)
{
	static const char *bad[] = {
		"Zg",		/* no padding */
		"Zg=",		/* not a multiple of four */
		"Zm9vY",
		"Z===",		/* three pads */
		"====",
		"Zg==Zm9v",	/* padding before the end */
		"Zg=a",		/* a letter after a pad */
		"Zh==",		/* non-zero bits below the byte */
		"Zm9=",
		"Zm-_",		/* the URL-safe alphabet */
		"Zm 9",		/* blanks */
		"Zm9v\n",
	};
	char out[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(dec(bad[i], out, sizeof(out)) == -1,
		    "\"%s\" should be refused", bad[i]);
	/* A NUL inside the length is not the end. */
	ck_assert_int_eq(base64_decode("Zm\0v", 4, (unsigned char *)out, 3),
	    -1);
	/* len bounds the text: the rest is never read. */
	ck_assert_int_eq(base64_decode("Zm9vYmFy", 4, (unsigned char *)out,
	    3), 3);
}
END_TEST

Suite *
sha1_suite(void)
{
	Suite *s = suite_create("sha1");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sha1_fips);
	tcase_add_test(tc, test_sha1_million_a);
	tcase_add_test(tc, test_sha1_padding_edges);
	tcase_add_test(tc, test_sha1_split_updates);
	tcase_add_test(tc, test_hmac_rfc2202);
	tcase_add_test(tc, test_base64_rfc4648);
	tcase_add_test(tc, test_base64_refused);
	suite_add_tcase(s, tc);
	return s;
}
