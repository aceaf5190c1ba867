/*
 * Tests for clip_exe.c: what clip.exe is fed.  UTF-16LE, no byte order
 * mark, surrogate pairs beyond the BMP, and nothing but strict UTF-8
 * accepted.  Under wine, tests/windows/test_spawn.c compares the result
 * with Windows' own MultiByteToWideChar.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clip_exe.h"

static void
expect(const char *in, size_t inlen, const char *want, size_t wantlen)
{
	size_t n;
	char *out = clip_exe_encode(in, inlen, &n);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(n, wantlen);
	ck_assert_msg(memcmp(out, want, n) == 0, "wrong bytes for [%s]", in);
	free(out);
}

START_TEST(ascii_key_becomes_utf16le_without_bom)
{
	static const char key[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 a@b";
	char want[2 * sizeof(key)];
	size_t i;

	for (i = 0; i + 1 < sizeof(key); i++) {
		want[2 * i] = key[i];
		want[2 * i + 1] = '\0';
	}
	expect(key, sizeof(key) - 1, want, 2 * (sizeof(key) - 1));
}
END_TEST

START_TEST(two_three_and_four_byte_forms)
{
	expect("\xc3\xb8", 2, "\xf8\0", 2);			/* U+00F8 */
	expect("\xe6\x97\xa5", 3, "\xe5\x65", 2);		/* U+65E5 */
	expect("\xef\xbf\xbf", 3, "\xff\xff", 2);		/* U+FFFF */
	expect("\xf0\x9f\x94\x91", 4, "\x3d\xd8\x11\xdd", 4);	/* U+1F511 */
	expect("\xf4\x8f\xbf\xbf", 4, "\xff\xdb\xff\xdf", 4);	/* U+10FFFF */
	expect("J\xc3\xb8rgen\n", 8, "J\0\xf8\0r\0g\0e\0n\0\n\0", 14);
}
END_TEST

START_TEST(empty_text_is_empty)
{
	size_t n = 99;
	char *out = clip_exe_encode("", 0, &n);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(n, 0);
	free(out);
}
END_TEST

START_TEST(what_is_not_strict_utf8_is_refused)
{
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
		{ "\x80", 1 },			/* lone continuation */
		{ "a\xc3", 2 },			/* cut short */
		{ "\xe6\x97", 2 },
		{ "\xc3\x28", 2 },		/* bad continuation */
		{ "\xc0\x80", 2 },		/* overlong NUL */
		{ "\xc1\xbf", 2 },		/* overlong */
		{ "\xe0\x80\x80", 3 },
		{ "\xf0\x80\x80\x80", 4 },
		{ "\xed\xa0\x80", 3 },		/* surrogate U+D800 */
		{ "\xed\xbf\xbf", 3 },		/* surrogate U+DFFF */
		{ "\xf4\x90\x80\x80", 4 },	/* U+110000 */
		{ "\xf5\x80\x80\x80", 4 },
		{ "\xff", 1 },
		{ "a\0b", 3 },			/* NUL */
	};
	size_t i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_msg(clip_exe_encode(bad[i].s, bad[i].len, &n) ==
		    NULL && errno == EILSEQ, "case %u was let through",
		    (unsigned)i);
	}
}
END_TEST

START_TEST(paste_command_forces_utf8_and_raw_text)
{
	ck_assert_ptr_nonnull(strstr(CLIP_EXE_PASTE_COMMAND,
	    "[Console]::OutputEncoding"));
	ck_assert_ptr_nonnull(strstr(CLIP_EXE_PASTE_COMMAND,
	    "UTF8Encoding $false"));
	ck_assert_ptr_nonnull(strstr(CLIP_EXE_PASTE_COMMAND,
	    "Get-Clipboard -Raw"));
}
END_TEST

Suite *
clip_exe_suite(void)
{
	Suite *s = suite_create("clip_exe");
	TCase *tc = tcase_create("core");
	TCase *errors = tcase_create("errors");

	tcase_add_test(tc, ascii_key_becomes_utf16le_without_bom);
	tcase_add_test(tc, two_three_and_four_byte_forms);
	tcase_add_test(tc, empty_text_is_empty);
	tcase_add_test(tc, paste_command_forces_utf8_and_raw_text);
	tcase_add_test(errors, what_is_not_strict_utf8_is_refused);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, errors);
	return s;
}
