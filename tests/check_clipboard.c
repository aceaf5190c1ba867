/*
 * check_clipboard: the pure parts of clipboard.c: which methods "auto"
 * and each setting try, in which order (SPEC.md section 5), and the
 * OSC 52 bytes.  The programs themselves are exercised by
 * tests/t0310-key-clipboard.sh with stand-ins.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "clipboard.h"

#define ENV(macos, windows, wsl, wayland, x11, tty) \
	{ macos, windows, wsl, wayland, x11, tty, 0, 0 }

static const struct {
	const char		*setting;
	struct clip_env		 env;
	int			 paste;
	const char		*want;	/* names, space-separated */
} cases[] = {
	/* auto, copying */
	{ "auto", ENV(0, 0, 0, 0, 0, 0), 0, "" },
	{ "auto", ENV(0, 0, 0, 0, 0, 1), 0, "OSC 52" },
	{ "auto", ENV(1, 0, 0, 0, 0, 1), 0, "pbcopy OSC 52" },
	{ "auto", ENV(0, 1, 0, 0, 0, 0), 0, "clip" },
	{ "auto", ENV(0, 0, 1, 0, 0, 0), 0, "clip" },
	/* WSLg sets both displays: clip.exe still comes first. */
	{ "auto", ENV(0, 0, 1, 1, 1, 1), 0, "clip wl-copy xclip xsel OSC 52" },
	{ "auto", ENV(0, 0, 0, 1, 0, 0), 0, "wl-copy" },
	{ "auto", ENV(0, 0, 0, 1, 1, 0), 0, "wl-copy xclip xsel" },
	{ "auto", ENV(0, 0, 0, 0, 1, 0), 0, "xclip xsel" },
	{ "auto", ENV(0, 0, 0, 0, 1, 1), 0, "xclip xsel OSC 52" },
	/* auto, pasting: never OSC 52 */
	{ "auto", ENV(0, 0, 0, 0, 0, 1), 1, "" },
	{ "auto", ENV(0, 0, 1, 1, 1, 1), 1, "clip wl-copy xclip xsel" },
	{ "auto", ENV(1, 0, 0, 0, 0, 1), 1, "pbcopy" },
	/* a setting names one method, whatever the environment */
	{ "xsel", ENV(0, 0, 1, 1, 1, 1), 0, "xsel" },
	{ "pbcopy", ENV(0, 0, 0, 0, 0, 0), 0, "pbcopy" },
	{ "clip", ENV(0, 0, 0, 0, 0, 0), 0, "clip" },
	{ "wl-copy", ENV(0, 0, 0, 0, 1, 0), 0, "wl-copy" },
	{ "xclip", ENV(0, 0, 0, 0, 0, 0), 1, "xclip" },
	{ "osc52", ENV(0, 0, 0, 0, 0, 0), 0, "OSC 52" },
	{ "osc52", ENV(0, 0, 0, 0, 0, 1), 1, "" },
	{ "none", ENV(1, 1, 1, 1, 1, 1), 0, "" },
	{ "none", ENV(1, 1, 1, 1, 1, 1), 1, "" },
	{ "bogus", ENV(0, 0, 0, 0, 1, 1), 0, "" },
};

START_TEST(methods_in_order)
{
	enum clip_method m[CLIP_MAX_METHODS];
	char got[256] = "";
	size_t i, n;

	n = clip_methods(cases[_i].setting, &cases[_i].env, cases[_i].paste,
	    m);
	ck_assert_uint_le(n, CLIP_MAX_METHODS);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(got, " ");
		/* "clip.exe" on POSIX builds, "clip" on Windows. */
		strncat(got, clip_method_name(m[i]),
		    strcspn(clip_method_name(m[i]), "."));
	}
	ck_assert_msg(strcmp(got, cases[_i].want) == 0,
	    "case %d (%s%s): got \"%s\", want \"%s\"", _i, cases[_i].setting,
	    cases[_i].paste ? ", paste" : "", got, cases[_i].want);
}
END_TEST

/* RFC 4648's test vectors, inside the sequence. */
/* OSC 52 alone is no success on a local desktop, and only there. */
START_TEST(local_desktop)
{
	struct clip_env env;

	memset(&env, 0, sizeof(env));
	ck_assert(!clip_local_desktop(&env));
	env.x11 = 1;
	ck_assert(clip_local_desktop(&env));
	ck_assert_int_eq(clip_desktop_method(&env), CLIP_XCLIP);
	env.wayland = 1;
	ck_assert_int_eq(clip_desktop_method(&env), CLIP_WL_COPY);
	env.ssh = 1;
	ck_assert(!clip_local_desktop(&env));
	env.ssh = 0;
	env.wsl = 1;
	ck_assert(!clip_local_desktop(&env));
	env.wsl = 0;
	env.macos = 1;
	ck_assert(!clip_local_desktop(&env));
}
END_TEST

START_TEST(osc52_base64)
{
	static const char *const vectors[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	struct buf b = { 0 };
	char want[64];
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		b.len = 0;
		ck_assert_int_eq(osc52_build(vectors[i][0],
		    strlen(vectors[i][0]), 0, &b), 0);
		snprintf(want, sizeof(want), "\033]52;c;%s\a", vectors[i][1]);
		ck_assert_uint_eq(b.len, strlen(want));
		ck_assert_int_eq(memcmp(b.data, want, b.len), 0);
	}
	/* Every byte value survives: 0x00, 0xff and the rest. */
	{
		unsigned char all[3] = { 0x00, 0xff, 0xfe };

		b.len = 0;
		ck_assert_int_eq(osc52_build((char *)all, 3, 0, &b), 0);
		ck_assert_uint_eq(b.len, 7 + 4 + 1);
		ck_assert_int_eq(memcmp(b.data + 7, "AP/+", 4), 0);
	}
	buf_free(&b);
}
END_TEST

START_TEST(osc52_tmux_passthrough)
{
	static const char want[] =
	    "\033Ptmux;\033\033]52;c;aGVsbG8K\a\033\\"
	    "\033]52;c;aGVsbG8K\a";
	struct buf b = { 0 };

	ck_assert_int_eq(osc52_build("hello\n", 6, 1, &b), 0);
	ck_assert_uint_eq(b.len, sizeof(want) - 1);
	ck_assert_int_eq(memcmp(b.data, want, b.len), 0);
	buf_free(&b);
}
END_TEST

START_TEST(osc52_size_cap)
{
	struct buf b = { 0 };
	char *big = calloc(1, OSC52_MAX_BYTES + 1);

	ck_assert_ptr_nonnull(big);
	memset(big, 'a', OSC52_MAX_BYTES + 1);
	ck_assert_int_eq(osc52_build(big, OSC52_MAX_BYTES, 0, &b), 0);
	/* 74994 bytes are 99992 base64 characters: 100000 with the frame. */
	ck_assert_uint_eq(b.len, 99992 + 8);
	b.len = 0;
	ck_assert_int_eq(osc52_build(big, OSC52_MAX_BYTES + 1, 0, &b), -1);
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
	free(big);
}
END_TEST

Suite *
clipboard_suite(void)
{
	Suite *s = suite_create("clipboard");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, methods_in_order, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, local_desktop);
	tcase_add_test(tc, osc52_base64);
	tcase_add_test(tc, osc52_tmux_passthrough);
	tcase_add_test(tc, osc52_size_cap);
	suite_add_tcase(s, tc);
	return s;
}
