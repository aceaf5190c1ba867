/*
 * check_diff: the unified diff printed by --dry-run.
 */
#include <check.h>
#include <string.h>

#include "diff.h"

static const char *
diff(const char *a, const char *b, struct buf *out)
{
	out->len = 0;
	diff_unified(a, strlen(a), b, strlen(b), "/h/.ssh/config", out);
	return out->data ? out->data : "";
}

START_TEST(equal_texts_give_nothing)
{
	struct buf out = { 0 };

	ck_assert_int_eq(diff_unified("a\n", 2, "a\n", 2, "f", &out), 0);
	ck_assert_uint_eq(out.len, 0);
}
END_TEST

START_TEST(insertion_with_context)
{
	struct buf out = { 0 };

	ck_assert_str_eq(diff("1\n2\n3\n4\n5\n", "1\n2\n3\nnew\n4\n5\n", &out),
	    "--- a/h/.ssh/config\n+++ b/h/.ssh/config\n"
	    "@@ -1,5 +1,6 @@\n 1\n 2\n 3\n+new\n 4\n 5\n");
	buf_free(&out);
}
END_TEST

START_TEST(context_is_three_lines)
{
	struct buf out = { 0 };

	ck_assert_str_eq(diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n",
	    "1\n2\n3\n4\n5x\n6\n7\n8\n9\n", &out),
	    "--- a/h/.ssh/config\n+++ b/h/.ssh/config\n"
	    "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+5x\n 6\n 7\n 8\n");
	buf_free(&out);
}
END_TEST

START_TEST(from_empty_file)
{
	struct buf out = { 0 };

	ck_assert_str_eq(diff("", "a\nb\n", &out),
	    "--- a/h/.ssh/config\n+++ b/h/.ssh/config\n"
	    "@@ -0,0 +1,2 @@\n+a\n+b\n");
	buf_free(&out);
}
END_TEST

START_TEST(no_final_newline_marked)
{
	struct buf out = { 0 };

	ck_assert_str_eq(diff("a", "a\nb", &out),
	    "--- a/h/.ssh/config\n+++ b/h/.ssh/config\n"
	    "@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n"
	    "\\ No newline at end of file\n");
	buf_free(&out);
}
END_TEST

Suite *
diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, equal_texts_give_nothing);
	tcase_add_test(tc, insertion_with_context);
	tcase_add_test(tc, context_is_three_lines);
	tcase_add_test(tc, from_empty_file);
	tcase_add_test(tc, no_final_newline_marked);
	suite_add_tcase(s, tc);
	return s;
}
