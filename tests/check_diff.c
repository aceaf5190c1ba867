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

/* One line changed inside an entry shows as that line alone, not as the
 * whole entry removed and added again. */
START_TEST(one_changed_line_is_one_line)
{
	struct buf out = { 0 };

	ck_assert_str_eq(diff("Host a\n    Port 1\n    User u\nHost b\n"
	    "    Port 2\n    User u\n", "Host a\n    Port 1\n    User u\n"
	    "Host b\n    Port 3\n    User u\n", &out),
	    "--- a/h/.ssh/config\n+++ b/h/.ssh/config\n"
	    "@@ -2,5 +2,5 @@\n     Port 1\n     User u\n Host b\n"
	    "-    Port 2\n+    Port 3\n     User u\n");
	ck_assert_str_eq(diff("a\nb\nc\nd\n", "a\nx\nb\nd\n", &out),
	    "--- a/h/.ssh/config\n+++ b/h/.ssh/config\n"
	    "@@ -1,4 +1,4 @@\n a\n+x\n b\n-c\n d\n");
	buf_free(&out);
}
END_TEST

/* Changes far apart get hunks of their own; near ones share one. */
START_TEST(changes_far_apart_get_two_hunks)
{
	struct buf out = { 0 };

	ck_assert_str_eq(diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
	    "1x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12x\n", &out),
	    "--- a/h/.ssh/config\n+++ b/h/.ssh/config\n"
	    "@@ -1,4 +1,4 @@\n-1\n+1x\n 2\n 3\n 4\n"
	    "@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+12x\n");
	ck_assert_str_eq(diff("1\n2\n3\n4\n5\n6\n7\n8\n",
	    "1x\n2\n3\n4\n5\n6\n7\n8x\n", &out),
	    "--- a/h/.ssh/config\n+++ b/h/.ssh/config\n"
	    "@@ -1,8 +1,8 @@\n-1\n+1x\n 2\n 3\n 4\n 5\n 6\n 7\n"
	    "-8\n+8x\n");
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
	tcase_add_test(tc, one_changed_line_is_one_line);
	tcase_add_test(tc, changes_far_apart_get_two_hunks);
	suite_add_tcase(s, tc);
	return s;
}
