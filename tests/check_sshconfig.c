/*
 * check_sshconfig: the block editor against SPEC.md section 3, one test
 * (or more) per rule, plus the round trip over every config in
 * tests/configs: add an entry, remove it, get the original bytes back.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "sshconfig.h"

#define CORPUS	"tests/configs"

/* Line (1-based) where a new block lands for each corpus file, 0 at the
 * end; a block goes above a comment that sits directly on the first
 * Host, so the comment stays with its Host. */
static const struct {
	const char	*file;
	int		 line;
} placement[] = {
	{ "01-empty.conf", 1 },
	{ "02-blank-lines-only.conf", 0 },
	{ "04-comments-only.conf", 0 },
	{ "05-comments-only-no-final-newline.conf", 0 },
	{ "06-top-level-only.conf", 0 },
	{ "07-top-level-only-no-final-newline.conf", 0 },
	{ "08-host-star-first.conf", 1 },
	{ "09-crlf.conf", 4 },
	{ "10-crlf-no-final-newline.conf", 1 },
	{ "11-mixed-crlf-lf.conf", 5 },
	{ "12-utf8-bom.conf", 4 },
	{ "13-utf8-bom-host-first.conf", 1 },
	{ "14-tabs.conf", 4 },
	{ "15-key-equals-value.conf", 7 },
	{ "16-quoted-values.conf", 4 },
	{ "17-match-blocks.conf", 4 },
	{ "18-match-first.conf", 4 },
	{ "19-include-top-and-in-host.conf", 6 },
	{ "20-long-comment.conf", 4 },
	{ "21-long-value.conf", 4 },
	{ "22-comments-everywhere.conf", 8 },
	{ "23-comment-above-first-host.conf", 4 },
	{ "24-no-final-newline.conf", 3 },
	{ "30-lowercase-keywords.conf", 4 },
	{ "31-uppercase-keywords.conf", 4 },
	{ "32-host-patterns-negation.conf", 3 },
	{ "33-non-ascii-comments.conf", 5 },
	{ "34-trailing-whitespace.conf", 4 },
	{ "35-thousand-hosts.conf", 4 },
	{ "36-realistic-forges-bastion.conf", 9 },
	{ "37-indented-first-host.conf", 3 },
	{ "38-host-prefixed-top-level-keys.conf", 8 },
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *p;
	long n;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	p = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, fp), (size_t)n);
	p[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return p;
}

static void
render(const char *alias, int port, const char *eol, struct buf *out)
{
	struct entry e;

	memset(&e, 0, sizeof(e));
	e.alias = alias;
	e.hostname = "ssh.cloud.sdu.dk";
	e.port = port;
	e.user = "ucloud";
	e.identity = "~/.ssh/id_ed25519";
	e.known_hosts = "~/.ssh/ucjob_known_hosts";
	e.job = "4398201";
	e.added = "2026-11-24T12:00:00Z";
	entry_render(&e, eol, out);
}

/* Parse, failing the test on error. */
static void
parse_ok(const char *t, size_t n, struct config_doc *doc)
{
	char why[256] = "";

	ck_assert_msg(config_parse(t, n, doc, why, sizeof(why)) == CONFIG_OK,
	    "parse failed: %s", why);
}

/* Add alias to text; returns the new text in out. */
static void
add(const char *t, size_t n, const char *alias, int port, struct buf *out)
{
	struct config_doc doc;
	struct buf e = { 0 };

	parse_ok(t, n, &doc);
	render(alias, port, doc.eol, &e);
	config_upsert(&doc, alias, e.data, e.len, out);
	buf_free(&e);
	config_doc_free(&doc);
}

/* Remove alias from text. */
static void
rm(const char *t, size_t n, const char *alias, struct buf *out)
{
	struct config_doc doc;
	char *flags;
	size_t i;
	int found = 0;

	parse_ok(t, n, &doc);
	flags = calloc(doc.nentries + 1, 1);
	for (i = 0; i < doc.nentries; i++)
		if (doc.entries[i].alias.len == strlen(alias) &&
		    memcmp(t + doc.entries[i].alias.off, alias,
		    strlen(alias)) == 0) {
			flags[i] = 1;
			found = 1;
		}
	ck_assert_msg(found, "no entry %s to remove", alias);
	config_remove(&doc, flags, out);
	free(flags);
	config_doc_free(&doc);
}

static int
line_of(const char *t, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (t[i] == '\n')
			line++;
	return line;
}

static int
is_conf(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".conf") == 0;
}

/* Rule 1: add then rm gives the original bytes, for every corpus file;
 * and the bytes outside the block never change. */
START_TEST(rule1_round_trip_corpus)
{
	DIR *dp = opendir(CORPUS);
	struct dirent *d;
	char path[512];
	int files = 0;

	ck_assert_ptr_nonnull(dp);
	while ((d = readdir(dp)) != NULL) {
		struct buf added = { 0 }, back = { 0 };
		struct config_doc doc;
		char *t;
		size_t n;

		if (!is_conf(d->d_name))
			continue;
		snprintf(path, sizeof(path), CORPUS "/%s", d->d_name);
		t = slurp(path, &n);
		add(t, n, "ucloud-job-2465", 2465, &added);
		parse_ok(added.data, added.len, &doc);
		ck_assert_msg(doc.has_block, "%s: no block after add", path);
		ck_assert_msg(config_find(&doc, "ucloud-job-2465", 15) != NULL,
		    "%s: entry not found after add", path);
		config_doc_free(&doc);
		rm(added.data, added.len, "ucloud-job-2465", &back);
		ck_assert_msg(back.len == n && memcmp(back.data, t, n) == 0,
		    "%s: add then rm changed the bytes", path);
		buf_free(&added);
		buf_free(&back);
		free(t);
		files++;
	}
	closedir(dp);
	ck_assert_int_ge(files, 25);
}
END_TEST

/* Rule 2: a new block goes just before the first Host/Match line (above
 * a comment attached to it), or at the end when there is none. */
START_TEST(rule2_placement_corpus)
{
	size_t i;

	for (i = 0; i < sizeof(placement) / sizeof(placement[0]); i++) {
		struct buf added = { 0 };
		struct config_doc doc;
		char path[512], *t;
		size_t n;
		int want;

		snprintf(path, sizeof(path), CORPUS "/%s", placement[i].file);
		t = slurp(path, &n);
		add(t, n, "ucloud-job-2465", 2465, &added);
		parse_ok(added.data, added.len, &doc);
		want = placement[i].line ? placement[i].line :
		    line_of(t, n) + (n > 0 && t[n - 1] != '\n');
		ck_assert_msg(line_of(added.data, doc.block_start) == want,
		    "%s: block at line %d, want %d", path,
		    line_of(added.data, doc.block_start), want);
		/* Everything before the block is the file's own start. */
		ck_assert_msg(memcmp(added.data, t, doc.block_start -
		    (placement[i].line ? 0 : (t[n - 1] != '\n'))) == 0,
		    "%s: bytes before the block changed", path);
		config_doc_free(&doc);
		buf_free(&added);
		free(t);
	}
}
END_TEST

/* Rule 2: an existing block stays where it is; new entries join it. */
START_TEST(rule2_existing_block_stays)
{
	static const char *files[] = { "25-existing-block-middle.conf",
	    "26-existing-block-top.conf", "27-existing-block-after-hosts.conf",
	    "28-existing-block-no-final-newline.conf",
	    "29-existing-block-crlf.conf" };
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct buf added = { 0 };
		struct config_doc before, after;
		char path[512], *t;
		size_t n;

		snprintf(path, sizeof(path), CORPUS "/%s", files[i]);
		t = slurp(path, &n);
		parse_ok(t, n, &before);
		ck_assert(before.has_block);
		add(t, n, "ucloud-job-2465", 2465, &added);
		parse_ok(added.data, added.len, &after);
		ck_assert_uint_eq(after.block_start, before.block_start);
		ck_assert_uint_eq(after.nentries, before.nentries + 1);
		/* Same bytes up to the old END line. */
		ck_assert(memcmp(added.data, t, before.body_end) == 0);
		config_doc_free(&before);
		config_doc_free(&after);
		buf_free(&added);
		free(t);
	}
}
END_TEST

START_TEST(rule2_after_top_level_and_include)
{
	const char *t = "User me\nInclude ~/.ssh/other\n\nHost *\n  User x\n";
	struct buf out = { 0 };

	add(t, strlen(t), "a", 1, &out);
	ck_assert(strncmp(out.data, "User me\nInclude ~/.ssh/other\n\n"
	    BLOCK_BEGIN "\nHost a\n", strlen("User me\nInclude ~/.ssh/other"
	    "\n\n" BLOCK_BEGIN "\nHost a\n")) == 0);
	ck_assert_ptr_nonnull(strstr(out.data, BLOCK_END "\nHost *\n"));
	buf_free(&out);
}
END_TEST

START_TEST(rule2_never_after_host_star)
{
	const char *t = "Host *\n    User other\n";
	struct buf out = { 0 };

	add(t, strlen(t), "a", 1, &out);
	ck_assert(strncmp(out.data, BLOCK_BEGIN, strlen(BLOCK_BEGIN)) == 0);
	buf_free(&out);
}
END_TEST

START_TEST(rule2_match_counts_as_section)
{
	const char *t = "Compression yes\nMatch all\n  User x\n";
	struct config_doc doc;

	parse_ok(t, strlen(t), &doc);
	ck_assert_uint_eq(doc.insert_at, strlen("Compression yes\n"));
	config_doc_free(&doc);
}
END_TEST

START_TEST(rule2_new_lines_use_file_eol)
{
	const char *t = "User me\r\nHost x\r\n  Port 2\r\n";
	struct buf out = { 0 };
	size_t i;

	add(t, strlen(t), "a", 1, &out);
	for (i = 0; i < out.len; i++)
		if (out.data[i] == '\n')
			ck_assert_msg(i > 0 && out.data[i - 1] == '\r',
			    "bare LF at %zu", i);
	buf_free(&out);
}
END_TEST

START_TEST(rule1_no_final_newline_kept)
{
	const char *t = "User me";
	struct buf out = { 0 }, back = { 0 };

	add(t, strlen(t), "a", 1, &out);
	ck_assert(out.data[out.len - 1] != '\n');
	ck_assert(strncmp(out.data, "User me\n" BLOCK_BEGIN "\n",
	    strlen("User me\n" BLOCK_BEGIN "\n")) == 0);
	rm(out.data, out.len, "a", &back);
	ck_assert_str_eq(back.data, t);
	buf_free(&out);
	buf_free(&back);
}
END_TEST

/* A last line ending in a bare CR keeps it (review finding). */
START_TEST(rule1_bare_cr_at_end_kept)
{
	static const char *texts[] = { "User a\n# trailing\r", "\r",
	    "User a\r\nX\r", "User a\r\nX" };
	struct buf out = { 0 }, back = { 0 };
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		out.len = back.len = 0;
		add(texts[i], strlen(texts[i]), "a", 1, &out);
		rm(out.data, out.len, "a", &back);
		ck_assert_msg(back.len == strlen(texts[i]) &&
		    memcmp(back.data, texts[i], back.len) == 0,
		    "round trip of text %zu changed it", i);
	}
	buf_free(&out);
	buf_free(&back);
}
END_TEST

START_TEST(rule1_bom_kept_block_after_it)
{
	const char t[] = "\xef\xbb\xbfHost x\n  Port 2\n";
	struct buf out = { 0 };

	add(t, strlen(t), "a", 1, &out);
	ck_assert(memcmp(out.data, "\xef\xbb\xbf" BLOCK_BEGIN,
	    3 + strlen(BLOCK_BEGIN)) == 0);
	buf_free(&out);
}
END_TEST

START_TEST(rule1_empty_file)
{
	struct buf out = { 0 }, back = { 0 };
	struct buf e = { 0 };

	add("", 0, "a", 1, &out);
	render("a", 1, "\n", &e);
	ck_assert_uint_eq(out.len, strlen(BLOCK_BEGIN "\n" BLOCK_END "\n") +
	    e.len);
	rm(out.data, out.len, "a", &back);
	ck_assert_uint_eq(back.len, 0);
	buf_free(&out);
	buf_free(&back);
	buf_free(&e);
}
END_TEST

/* Rule 3: broken markers are refused, naming the line. */
START_TEST(rule3_bad_corpus_refused)
{
	static const char *files[] = { "01-two-begin.conf",
	    "02-end-without-begin.conf", "03-begin-without-end.conf",
	    "04-end-before-begin.conf", "05-begin-inside-block.conf" };
	struct config_doc doc;
	char path[512], why[256], *t;
	size_t i, n;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), CORPUS "/bad/%s", files[i]);
		t = slurp(path, &n);
		why[0] = '\0';
		ck_assert_msg(config_parse(t, n, &doc, why, sizeof(why)) ==
		    CONFIG_MARKERS, "%s accepted", path);
		ck_assert_msg(strstr(why, "line ") != NULL, "%s: %s", path,
		    why);
		config_doc_free(&doc);
		free(t);
	}
}
END_TEST

START_TEST(rule3_messages)
{
	struct config_doc doc;
	char why[256];
	const char *two = BLOCK_BEGIN "\n" BLOCK_END "\n" BLOCK_BEGIN "\n"
	    BLOCK_END "\n";
	const char *end_only = "User x\n" BLOCK_END "\n";
	const char *begin_only = "User x\n" BLOCK_BEGIN "\nHost a\n";

	ck_assert_int_eq(config_parse(two, strlen(two), &doc, why,
	    sizeof(why)), CONFIG_MARKERS);
	ck_assert_ptr_nonnull(strstr(why, "second BEGIN"));
	ck_assert_ptr_nonnull(strstr(why, "line 3"));
	config_doc_free(&doc);
	ck_assert_int_eq(config_parse(end_only, strlen(end_only), &doc, why,
	    sizeof(why)), CONFIG_MARKERS);
	ck_assert_ptr_nonnull(strstr(why, "line 2"));
	config_doc_free(&doc);
	ck_assert_int_eq(config_parse(begin_only, strlen(begin_only), &doc,
	    why, sizeof(why)), CONFIG_MARKERS);
	ck_assert_ptr_nonnull(strstr(why, "no END"));
	config_doc_free(&doc);
}
END_TEST

/* Rule 9: UTF-16 is refused. */
START_TEST(rule9_utf16_refused)
{
	static const char *files[] = { "06-utf16le-bom.conf",
	    "07-utf16be-bom.conf" };
	struct config_doc doc;
	char path[512], why[256], *t;
	size_t i, n;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), CORPUS "/bad/%s", files[i]);
		t = slurp(path, &n);
		ck_assert_int_eq(config_parse(t, n, &doc, why, sizeof(why)),
		    CONFIG_UTF16);
		ck_assert_ptr_nonnull(strstr(why, "UTF-16"));
		config_doc_free(&doc);
		free(t);
	}
}
END_TEST

START_TEST(upsert_replaces_in_place)
{
	struct buf one = { 0 }, two = { 0 }, three = { 0 };
	struct config_doc doc;
	const char *t = "Host x\n";

	add(t, strlen(t), "a", 1, &one);
	add(one.data, one.len, "b", 2, &two);
	add(two.data, two.len, "a", 3, &three);
	parse_ok(three.data, three.len, &doc);
	ck_assert_uint_eq(doc.nentries, 2);
	ck_assert(three.data[doc.entries[0].alias.off] == 'a');
	ck_assert_ptr_nonnull(strstr(three.data, "Port 3\n"));
	ck_assert_ptr_null(strstr(three.data, "Port 1\n"));
	config_doc_free(&doc);
	buf_free(&one);
	buf_free(&two);
	buf_free(&three);
}
END_TEST

START_TEST(upsert_same_entry_is_idempotent)
{
	struct buf one = { 0 }, two = { 0 };
	const char *t = "User me\nHost x\n";

	add(t, strlen(t), "a", 1, &one);
	add(one.data, one.len, "a", 1, &two);
	ck_assert_uint_eq(one.len, two.len);
	ck_assert(memcmp(one.data, two.data, one.len) == 0);
	buf_free(&one);
	buf_free(&two);
}
END_TEST

START_TEST(remove_keeps_other_entries)
{
	struct buf one = { 0 }, two = { 0 }, three = { 0 }, back = { 0 };
	struct config_doc doc;

	add("", 0, "a", 1, &one);
	add(one.data, one.len, "b", 2, &two);
	add(two.data, two.len, "c", 3, &three);
	rm(three.data, three.len, "b", &back);
	parse_ok(back.data, back.len, &doc);
	ck_assert_uint_eq(doc.nentries, 2);
	ck_assert_ptr_nonnull(config_find(&doc, "a", 1));
	ck_assert_ptr_nonnull(config_find(&doc, "c", 1));
	ck_assert_ptr_null(config_find(&doc, "b", 1));
	config_doc_free(&doc);
	buf_free(&one);
	buf_free(&two);
	buf_free(&three);
	buf_free(&back);
}
END_TEST

START_TEST(remove_last_drops_block)
{
	const char *t = "User me\nHost x\n  Port 2\n";
	struct buf one = { 0 }, two = { 0 }, a = { 0 }, b = { 0 };

	add(t, strlen(t), "a", 1, &one);
	add(one.data, one.len, "b", 2, &two);
	rm(two.data, two.len, "a", &a);
	rm(a.data, a.len, "b", &b);
	ck_assert_str_eq(b.data, t);
	buf_free(&one);
	buf_free(&two);
	buf_free(&a);
	buf_free(&b);
}
END_TEST

START_TEST(entry_fields_parsed)
{
	const char *t = BLOCK_BEGIN "\nHost j1\n  HostName=gw.example\n"
	    "  port 2222\n  USER ann\n  IdentityFile \"/x y/id\"\n"
	    "  # ucjob: job=77 added=2026-01-02T03:04:05Z\n" BLOCK_END "\n";
	struct config_doc doc;
	char v[64];

	parse_ok(t, strlen(t), &doc);
	ck_assert_uint_eq(doc.nentries, 1);
	span_copy(&doc, doc.entries[0].hostname, v, sizeof(v));
	ck_assert_str_eq(v, "gw.example");
	span_copy(&doc, doc.entries[0].port, v, sizeof(v));
	ck_assert_str_eq(v, "2222");
	span_copy(&doc, doc.entries[0].user, v, sizeof(v));
	ck_assert_str_eq(v, "ann");
	span_copy(&doc, doc.entries[0].identity, v, sizeof(v));
	ck_assert_str_eq(v, "/x y/id");
	span_copy(&doc, doc.entries[0].job, v, sizeof(v));
	ck_assert_str_eq(v, "77");
	span_copy(&doc, doc.entries[0].added, v, sizeof(v));
	ck_assert_str_eq(v, "2026-01-02T03:04:05Z");
	config_doc_free(&doc);
}
END_TEST

/* The block holds only ucjob's own entries: one alias each, no Match,
 * no alias twice (review findings). */
START_TEST(block_refuses_foreign_sections)
{
	static const char *bad[] = {
		BLOCK_BEGIN "\nHost a\n  Port 1\nMatch host x\n  User y\n"
		    BLOCK_END "\n",
		BLOCK_BEGIN "\nHost a b\n  Port 1\n" BLOCK_END "\n",
		BLOCK_BEGIN "\nHost\n  Port 1\n" BLOCK_END "\n",
		BLOCK_BEGIN "\nHost a\n  Port 1\nHost b\nHost a\n  Port 2\n"
		    BLOCK_END "\n",
	};
	const char *ok_text = BLOCK_BEGIN "\nHost a # mine\n  Port 1\n"
	    "Host \"b\"\n" BLOCK_END "\n";
	struct config_doc doc;
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		ck_assert_msg(config_parse(bad[i], strlen(bad[i]), &doc, why,
		    sizeof(why)) != CONFIG_OK, "text %zu accepted", i);
		ck_assert_ptr_nonnull(strstr(why, "line "));
		config_doc_free(&doc);
	}
	ck_assert_ptr_nonnull(strstr(why, "line 5"));
	parse_ok(ok_text, strlen(ok_text), &doc);
	ck_assert_uint_eq(doc.nentries, 2);
	config_doc_free(&doc);
}
END_TEST

/* Issue 13, point 11: a missing END before a Match section is named as
 * the missing END, at BEGIN's line; a Host of the user's own in the
 * block is named with its line. */
START_TEST(broken_block_diagnosis)
{
	const char *noend = "Host top\n" BLOCK_BEGIN "\nHost a\n  Port 1\n"
	    "Match host x\n  User y\n";
	const char *foreign = BLOCK_BEGIN "\nHost a\n  Port 1\nHost mybox\n"
	    "  HostName mybox.example\n" BLOCK_END "\n";
	const char *good = BLOCK_BEGIN "\nHost a\n  Port 1\n" BLOCK_END "\n";
	struct config_doc doc;
	char why[256];

	ck_assert_int_eq(config_parse(noend, strlen(noend), &doc, why,
	    sizeof(why)), CONFIG_MARKERS);
	ck_assert_msg(strstr(why, "BEGIN ucjob marker at line 2 has no END")
	    != NULL, "%s", why);
	config_doc_free(&doc);
	parse_ok(foreign, strlen(foreign), &doc);
	ck_assert_int_eq(config_check_entries(&doc, why, sizeof(why)),
	    CONFIG_MARKERS);
	ck_assert_msg(strstr(why, "line 4: a Host ucjob did not write") !=
	    NULL, "%s", why);
	config_doc_free(&doc);
	parse_ok(good, strlen(good), &doc);
	ck_assert_int_eq(config_check_entries(&doc, why, sizeof(why)),
	    CONFIG_OK);
	config_doc_free(&doc);
}
END_TEST

/* Five thousand entries: each read back with its own alias and port, in
 * order, found by name; the same alias twice among them is refused. */
START_TEST(block_of_thousands_without_duplicates)
{
	struct buf t = { 0 }, dup = { 0 };
	struct config_doc doc;
	const struct entry_view *e;
	char v[64], want[64], why[256];
	int i;

	buf_adds(&t, BLOCK_BEGIN "\n");
	for (i = 0; i < 5000; i++)
		buf_printf(&t, "Host job-%d\n  Port %d\n", i, i + 1);
	buf_add(&dup, t.data, t.len);
	buf_adds(&t, BLOCK_END "\n");
	parse_ok(t.data, t.len, &doc);
	ck_assert_uint_eq(doc.nentries, 5000);
	for (i = 0; i < 5000; i++) {
		span_copy(&doc, doc.entries[i].alias, v, sizeof(v));
		snprintf(want, sizeof(want), "job-%d", i);
		ck_assert_str_eq(v, want);
		span_copy(&doc, doc.entries[i].port, v, sizeof(v));
		snprintf(want, sizeof(want), "%d", i + 1);
		ck_assert_str_eq(v, want);
	}
	ck_assert_ptr_nonnull(e = config_find(&doc, "job-2500", 8));
	ck_assert_ptr_eq(e, &doc.entries[2500]);
	ck_assert_ptr_null(config_find(&doc, "job-5000", 8));
	config_doc_free(&doc);

	buf_adds(&dup, "Host job-2500\n  Port 9\n" BLOCK_END "\n");
	ck_assert_int_ne(config_parse(dup.data, dup.len, &doc, why,
	    sizeof(why)), CONFIG_OK);
	config_doc_free(&doc);
	buf_free(&dup);
	buf_free(&t);
}
END_TEST

START_TEST(markers_need_exact_words)
{
	const char *t = "# BEGIN ucjobs are great\n# END ucjob extra\nHost x\n";
	struct config_doc doc;

	parse_ok(t, strlen(t), &doc);
	ck_assert(!doc.has_block);
	config_doc_free(&doc);
}
END_TEST

/* Inside the block: the first value wins, words that only look like the
 * keywords are not taken, a Match entry has no alias; tabs and CRLF. */
START_TEST(entry_fields_first_value_and_near_misses)
{
	const char *t = "Host top\r\n" BLOCK_BEGIN "\r\nHost j1 # x y\r\n"
	    "\tPorts 1\r\n\tUsers x\r\n\tHostNames y\r\n\tport = 7\r\n"
	    "\tPort 8\r\n\tIDENTITYFILE k\r\nHost j2\r\n\tUser m\r\n"
	    BLOCK_END "\r\n";
	struct config_doc doc;
	char v[64];

	parse_ok(t, strlen(t), &doc);
	ck_assert_uint_eq(doc.nentries, 2);
	span_copy(&doc, doc.entries[0].alias, v, sizeof(v));
	ck_assert_str_eq(v, "j1");
	span_copy(&doc, doc.entries[0].port, v, sizeof(v));
	ck_assert_str_eq(v, "7");
	ck_assert_uint_eq(doc.entries[0].user.len, 0);
	ck_assert_uint_eq(doc.entries[0].hostname.len, 0);
	span_copy(&doc, doc.entries[0].identity, v, sizeof(v));
	ck_assert_str_eq(v, "k");
	ck_assert_uint_eq(doc.entries[1].alias.len, 2);
	span_copy(&doc, doc.entries[1].user, v, sizeof(v));
	ck_assert_str_eq(v, "m");
	ck_assert_uint_eq(doc.first_section, 0);
	config_doc_free(&doc);
}
END_TEST

/*
 * Past the first Host the parser jumps from '#' to '#': a block, and a
 * broken marker with its line number, are still found far below it.
 */
START_TEST(markers_found_after_hosts)
{
	const char *t = "Host a\n  User x # not a marker\n# comment\n"
	    "Host b\n\n  \t" BLOCK_BEGIN "\r\nHost ucloud-job-7\n"
	    "    Port 7\n  # END ucjob  \nHost c\n";
	const char *two = "Host a\n# c\n" BLOCK_BEGIN "\n" BLOCK_END
	    "\nHost b\n# c\n\t# BEGIN ucjob\n";
	const char *open = "Host a\n# c\n\n" BLOCK_BEGIN "\nHost b\n";
	struct config_doc doc;
	char port[8], why[256];

	parse_ok(t, strlen(t), &doc);
	ck_assert(doc.has_block);
	ck_assert_uint_eq(doc.first_section, 0);
	ck_assert_int_eq(line_of(t, doc.block_start), 6);
	ck_assert_int_eq(line_of(t, doc.block_end), 10);
	ck_assert_uint_eq(doc.nentries, 1);
	span_copy(&doc, doc.entries[0].port, port, sizeof(port));
	ck_assert_str_eq(port, "7");
	config_doc_free(&doc);
	ck_assert_int_eq(config_parse(two, strlen(two), &doc, why,
	    sizeof(why)), CONFIG_MARKERS);
	ck_assert_msg(strstr(why, "line 7") != NULL, "%s", why);
	config_doc_free(&doc);
	ck_assert_int_eq(config_parse(open, strlen(open), &doc, why,
	    sizeof(why)), CONFIG_MARKERS);
	ck_assert_msg(strstr(why, "line 4") != NULL, "%s", why);
	config_doc_free(&doc);
}
END_TEST

/*
 * The markers, checked against a model that reads every line: random
 * sequences of marker-like lines, host lines and comments, with LF or
 * CRLF, with or without a BOM and a final newline, must give the same
 * block, entries, first section, status and line number.
 */
static const struct {
	const char	*text;
	int		 kind;		/* 1 BEGIN, 2 END, 3 section, 0 other */
} model_lines[] = {
	{ "Host a", 3 },
	{ "  User x", 0 },
	{ BLOCK_BEGIN, 1 },
	{ "# END ucjob", 2 },
	{ "\t # BEGIN ucjob", 1 },
	{ "  # END ucjob  ", 2 },
	{ "x # BEGIN ucjob", 0 },
	{ "# BEGIN ucjobs", 0 },
	{ "# END ucjob x", 0 },
	{ "# comment", 0 },
	{ "", 0 },
	{ "Host b # BEGIN ucjob", 3 },
	{ "#BEGIN ucjob", 0 },
	{ "Match all", 4 },
	{ "  # END", 0 },
	{ "#", 0 },
};

START_TEST(markers_match_line_model)
{
	unsigned long seed = 12345, want_line, got_line;
	size_t nkinds = sizeof(model_lines) / sizeof(model_lines[0]);
	int round;

	for (round = 0; round < 20000; round++) {
		struct buf t = { 0 };
		struct config_doc doc;
		enum config_status st, want = CONFIG_OK;
		size_t k, nlines, start, block_start = 0, block_end = 0;
		size_t first = (size_t)-1, entries = 0;
		const char *eol, *at;
		char why[256] = "";
		int inside = 0, has = 0, crlf, lineno, dup_line = 0;
		int seen_a = 0, seen_b = 0, begin_line = 0, match_line = 0;
		int end_after_match = 0;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		crlf = (seed >> 33) & 1;
		eol = crlf ? "\r\n" : "\n";
		nlines = 1 + (seed >> 40) % 9;
		if ((seed >> 50) % 8 == 0)
			buf_add(&t, "\xef\xbb\xbf", 3);
		want_line = 0;
		for (lineno = 1; (size_t)lineno <= nlines; lineno++) {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			k = (seed >> 33) % nkinds;
			start = t.len;
			buf_adds(&t, model_lines[k].text);
			if ((size_t)lineno < nlines || (seed >> 60) % 2)
				buf_adds(&t, eol);
			if (want != CONFIG_OK) {
				end_after_match |= match_line != 0 &&
				    model_lines[k].kind == 2;
				continue;
			}
			switch (model_lines[k].kind) {
			case 1:
				if (inside || has) {
					want = CONFIG_MARKERS;
					want_line = (unsigned long)lineno;
					break;
				}
				inside = 1;
				want_line = (unsigned long)lineno;
				begin_line = lineno;
				block_start = start;
				break;
			case 2:
				if (!inside) {
					want = CONFIG_MARKERS;
					want_line = (unsigned long)lineno;
					break;
				}
				inside = 0;
				has = 1;
				block_end = t.len;
				break;
			case 3:
				if (inside) {
					/* "Host a" or "Host b # ...": a second
					 * entry for an alias is refused once the
					 * whole text is read. */
					int *seen = model_lines[k].text[5] == 'a' ?
					    &seen_a : &seen_b;

					if (*seen && dup_line == 0)
						dup_line = lineno;
					*seen = 1;
					entries++;
				} else if (first == (size_t)-1)
					first = start;
				break;
			case 4:
				/* Match: refused inside the block. */
				if (inside) {
					want = CONFIG_MARKERS;
					want_line = (unsigned long)lineno;
					match_line = lineno;
				} else if (first == (size_t)-1)
					first = start;
				break;
			}
		}
		/* A Match after a BEGIN with no END anywhere below: the
		 * missing END is what is named, at the BEGIN line. */
		if (match_line != 0 && !end_after_match)
			want_line = (unsigned long)begin_line;
		if (want == CONFIG_OK && inside)
			want = CONFIG_MARKERS;
		else if (want == CONFIG_OK && dup_line != 0) {
			want = CONFIG_MARKERS;
			want_line = (unsigned long)dup_line;
		}
		st = config_parse(t.data, t.len, &doc, why, sizeof(why));
		ck_assert_msg(st == want, "round %d: status %d, want %d: %s",
		    round, st, want, why);
		if (st == CONFIG_MARKERS) {
			at = strstr(why, "line ");
			ck_assert_msg(at != NULL && sscanf(at, "line %lu",
			    &got_line) == 1 && got_line == want_line,
			    "round %d: %s; want line %lu", round, why,
			    want_line);
		} else {
			ck_assert_int_eq(doc.has_block, has);
			if (has) {
				ck_assert_uint_eq(doc.block_start, block_start);
				ck_assert_uint_eq(doc.block_end, block_end);
			}
			ck_assert_uint_eq(doc.nentries, entries);
			ck_assert_uint_eq(doc.first_section,
			    first == (size_t)-1 ? t.len : first);
		}
		config_doc_free(&doc);
		buf_free(&t);
	}
}
END_TEST

/* rm --all of a block that ends the file without a final newline takes
 * back only an EOL that ucjob added: not the user's blank line before
 * it, nor a first line that is empty. */
START_TEST(rm_keeps_the_users_newline_before_a_last_block)
{
	static const char *const texts[] = {
	    "A\n\n" BLOCK_BEGIN "\nHost a\n" BLOCK_END,
	    "\n" BLOCK_BEGIN "\nHost a\n" BLOCK_END,
	    "A\r\n\r\n" BLOCK_BEGIN "\r\nHost a\r\n" BLOCK_END,
	    "A\n" BLOCK_BEGIN "\nHost a\n" BLOCK_END };
	static const char *const want[] = { "A\n\n", "\n", "A\r\n\r\n", "A" };
	struct config_doc doc;
	struct buf out = { 0 };
	char why[256], all = 1;
	size_t i;

	for (i = 0; i < 4; i++) {
		out.len = 0;
		ck_assert_int_eq(config_parse(texts[i], strlen(texts[i]), &doc,
		    why, sizeof(why)), CONFIG_OK);
		config_remove(&doc, &all, &out);
		ck_assert_uint_eq(out.len, strlen(want[i]));
		ck_assert(memcmp(out.data, want[i], out.len) == 0);
		config_doc_free(&doc);
	}
	buf_free(&out);
}
END_TEST

/* Rule 10: the Include line, once, on line 1 (it then wins over the
 * top-level User). */
START_TEST(rule10_include_added_once)
{
	const char *t = "User me\n# hosts\nHost x\n";
	const char *names[] = { "~/.ssh/ucjob.conf", "/h/.ssh/ucjob.conf" };
	struct config_doc doc, doc2;
	struct buf out = { 0 };

	parse_ok(t, strlen(t), &doc);
	ck_assert(!config_has_include(&doc, names, 2));
	config_add_include(&doc, names[0], &out);
	ck_assert_str_eq(out.data, "Include ~/.ssh/ucjob.conf\nUser me\n"
	    "# hosts\nHost x\n");
	parse_ok(out.data, out.len, &doc2);
	ck_assert(config_has_include(&doc2, names, 2));
	config_doc_free(&doc);
	config_doc_free(&doc2);
	buf_free(&out);
}
END_TEST

START_TEST(rule10_include_inside_host_does_not_count)
{
	const char *t = "Host x\n  Include /h/.ssh/ucjob.conf\n";
	const char *names[] = { "/h/.ssh/ucjob.conf" };
	struct config_doc doc;

	parse_ok(t, strlen(t), &doc);
	ck_assert(!config_has_include(&doc, names, 1));
	config_doc_free(&doc);
}
END_TEST

START_TEST(rule10_include_among_several_and_quoted)
{
	const char *t = "Include a \"/h/x y.conf\" b\nHost x\n";
	const char *yes[] = { "/h/x y.conf" }, *no[] = { "c" };
	struct config_doc doc;

	parse_ok(t, strlen(t), &doc);
	ck_assert(config_has_include(&doc, yes, 1));
	ck_assert(!config_has_include(&doc, no, 1));
	config_doc_free(&doc);
}
END_TEST


START_TEST(rule10_include_ignores_block_and_bad_quotes)
{
	const char *t = BLOCK_BEGIN "\nHost a\n  Include /h/x\n" BLOCK_END
	    "\nInclude \"/h/unterminated\nHost x\n";
	const char *names[] = { "/h/x" };
	struct config_doc doc;
	struct buf out = { 0 };

	parse_ok(t, strlen(t), &doc);
	ck_assert(!config_has_include(&doc, names, 1));
	/* The block sits before the first Host: the Include goes above it. */
	config_add_include(&doc, "/h/with space.conf", &out);
	ck_assert(strncmp(out.data, "Include \"/h/with space.conf\"\n"
	    BLOCK_BEGIN, strlen("Include \"/h/with space.conf\"\n"
	    BLOCK_BEGIN)) == 0);
	config_doc_free(&doc);
	buf_free(&out);
}
END_TEST

START_TEST(entry_render_every_part)
{
	struct entry e;
	struct buf b = { 0 };

	memset(&e, 0, sizeof(e));
	e.alias = "j";
	e.hostname = "h";
	e.port = 22;
	e.user = "u";
	e.identity = "/x y/id";
	e.known_hosts = "/kh";
	e.accept_new = 1;
	e.forwards[0].local = 8888;
	e.forwards[0].remote = 8888;
	e.forwards[1].local = 9000;
	e.forwards[1].remote = 8787;
	e.nforwards = 2;
	e.options[0] = "ServerAliveInterval 60";
	e.noptions = 1;
	e.added = "T";
	entry_render(&e, "\r\n", &b);
	ck_assert_str_eq(b.data, "Host j\r\n    HostName h\r\n    Port 22\r\n"
	    "    User u\r\n    IdentityFile \"/x y/id\"\r\n"
	    "    IdentitiesOnly yes\r\n    HostKeyAlias j\r\n"
	    "    UserKnownHostsFile /kh\r\n    CheckHostIP no\r\n"
	    "    HashKnownHosts no\r\n"
	    "    StrictHostKeyChecking accept-new\r\n"
	    "    LocalForward 8888 localhost:8888\r\n"
	    "    LocalForward 9000 localhost:8787\r\n"
	    "    ServerAliveInterval 60\r\n    # ucjob: added=T\r\n");
	buf_free(&b);
}
END_TEST

/*
 * fuzz_sshconfig: a file with no newline at all that ends in '\r' gets
 * the block after a "\n"; the new text's first newline then looks like
 * CRLF, and rm took the user's '\r' away with it.  Add then rm must give
 * back every byte, whatever the line ends.
 */
START_TEST(add_rm_keeps_a_trailing_carriage_return)
{
	static const char *const texts[] = { "\0\0\0 U\x02\0\r", "B\r",
	    "A\nB\r", "A\r\nB\r", "A\r\nB", "\xef\xbb\xbf\r", "\r" };
	static const size_t lens[] = { 8, 2, 4, 5, 4, 4, 1 };
	static const char entry[] = "Host ucloud-job-1\n    Port 1\n";
	struct config_doc doc, added;
	struct buf out = { 0 }, back = { 0 };
	char why[256], flag = 1;
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		out.len = back.len = 0;
		ck_assert_int_eq(config_parse(texts[i], lens[i], &doc, why,
		    sizeof(why)), CONFIG_OK);
		config_upsert(&doc, "ucloud-job-1", entry, sizeof(entry) - 1,
		    &out);
		ck_assert_int_eq(config_parse(out.data, out.len, &added, why,
		    sizeof(why)), CONFIG_OK);
		ck_assert_uint_eq(added.nentries, 1);
		config_remove(&added, &flag, &back);
		ck_assert_msg(back.len == lens[i] &&
		    memcmp(back.data, texts[i], lens[i]) == 0,
		    "text %zu: add then rm gave %zu bytes, not %zu", i,
		    back.len, lens[i]);
		config_doc_free(&added);
		config_doc_free(&doc);
	}
	buf_free(&out);
	buf_free(&back);
}
END_TEST

/*
 * fuzz_sshconfig: "# BEGIN ucjob\r" as the last line, without a newline,
 * was not a marker (its '\r' is not stripped there, and only BEGIN did
 * not count it as a blank), so ucjob wrote after it a newline that made
 * it one: a BEGIN without END that the next run refused.  It is a marker
 * from the start now: refused before anything is written.
 */
START_TEST(begin_marker_before_a_lone_carriage_return)
{
	static const char text[] = "# BEGIN ucjob\r";
	static const char crlf[] = "# BEGIN ucjob\r\n";
	struct config_doc doc;
	char why[256];

	ck_assert_int_eq(config_parse(text, sizeof(text) - 1, &doc, why,
	    sizeof(why)), CONFIG_MARKERS);
	config_doc_free(&doc);
	ck_assert_int_eq(config_parse(crlf, sizeof(crlf) - 1, &doc, why,
	    sizeof(why)), CONFIG_MARKERS);
	config_doc_free(&doc);
}
END_TEST

/*
 * fuzz_sshconfig: a Host line in the block whose quote is not closed was
 * judged by the byte after the line ('#' of the END marker: one alias;
 * anything else: several), so adding an entry after it turned a file
 * ucjob accepted into one it refused, and a last line read past the end
 * of the text.  ssh refuses an unclosed quote: so does ucjob, always.
 */
START_TEST(unclosed_quote_in_host_line)
{
	static const char *const texts[] = {
		"# BEGIN ucjob\nHost \"a b\n# END ucjob\n",
		"# BEGIN ucjob\nHost \"a b\nHost c\n# END ucjob\n",
		"# BEGIN ucjob\nHost \"ab",
		"# BEGIN ucjob\nHost \"",
	};
	struct config_doc doc;
	char why[256], *exact;
	size_t i, n;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		/* Exactly the bytes, no NUL after them: ASan sees a read
		 * past the end (make check SANITIZE=1). */
		n = strlen(texts[i]);
		ck_assert_ptr_nonnull(exact = malloc(n));
		memcpy(exact, texts[i], n);
		ck_assert_int_ne(config_parse(exact, n, &doc, why,
		    sizeof(why)), CONFIG_OK);
		config_doc_free(&doc);
		free(exact);
	}
	/* A closed quote is one alias, as before. */
	ck_assert_int_eq(config_parse("# BEGIN ucjob\nHost \"ab\"\n# END ucjob\n",
	    36, &doc, why, sizeof(why)), CONFIG_OK);
	ck_assert_uint_eq(doc.nentries, 1);
	config_doc_free(&doc);
}
END_TEST

/* Split one line into keyword and decoded words joined by '|'. */
static const char *
tokens(const char *line)
{
	static char out[512];
	char w[128];
	struct sshtok c;
	struct span kw;
	enum sshtok_word r;
	size_t n;

	if (!sshtok_line(&c, line, 0, strlen(line), &kw))
		return "-";
	n = (size_t)snprintf(out, sizeof(out), "%.*s", (int)kw.len,
	    line + kw.off);
	while ((r = sshtok_next(&c, w, sizeof(w), NULL)) != SSHTOK_END) {
		n += (size_t)snprintf(out + n, sizeof(out) - n, "|%s%s", w,
		    r == SSHTOK_BADQUOTE ? "(bad)" : "");
		if (r == SSHTOK_BADQUOTE)
			break;
	}
	return out;
}

START_TEST(tokenizer_reads_like_openssh)
{
	struct sshtok c;
	struct span kw, v;
	struct buf b = { 0 };
	const char *t;

	ck_assert_str_eq(tokens("  # comment"), "-");
	ck_assert_str_eq(tokens(" \t\r"), "-");
	ck_assert_str_eq(tokens("Host a b\r"), "Host|a|b");
	ck_assert_str_eq(tokens("Port=22"), "Port|22");
	ck_assert_str_eq(tokens("Port = 22"), "Port|22");
	ck_assert_str_eq(tokens("Host 'a b' \"c d\""), "Host|a b|c d");
	ck_assert_str_eq(tokens("Host a\\ b \\\"q \\\\ \\x"),
	    "Host|a b|\"q|\\|\\x");
	ck_assert_str_eq(tokens("Host \"it's\" 'say \"hi\"'"),
	    "Host|it's|say \"hi\"");
	ck_assert_str_eq(tokens("Host a#b #c d"), "Host|a#b");
	ck_assert_str_eq(tokens("Host \"#x\""), "Host|#x");
	ck_assert_str_eq(tokens("Host a\"b c\"d e"), "Host|ab cd|e");
	ck_assert_str_eq(tokens("Host 'open"), "Host|open(bad)");
	/* Where a word stands in the text, inside its quotes. */
	t = "Host \"x y\" a\\ b";
	ck_assert(sshtok_line(&c, t, 0, strlen(t), &kw));
	ck_assert_int_eq(sshtok_next(&c, NULL, 0, &v), SSHTOK_WORD);
	ck_assert_uint_eq(v.off, 6);
	ck_assert_uint_eq(v.len, 3);
	ck_assert_int_eq(sshtok_next(&c, NULL, 0, &v), SSHTOK_WORD);
	ck_assert_uint_eq(v.off, 11);
	ck_assert_uint_eq(v.len, 4);
	/* The writer quotes only what needs it, and reads back. */
	sshtok_put(&b, "plain");
	buf_adds(&b, " ");
	sshtok_put(&b, "a \"b\" \\c");
	buf_adds(&b, " ");
	sshtok_put(&b, "#x");
	ck_assert_str_eq(b.data, "plain \"a \\\"b\\\" \\\\c\" \"#x\"");
	buf_free(&b);
	buf_adds(&b, "K ");
	sshtok_put(&b, "a \"b\" \\c");
	ck_assert_str_eq(tokens(b.data), "K|a \"b\" \\c");
	buf_free(&b);
	ck_assert_uint_eq(line_number("a\nb\n\nc", 0), 1);
	ck_assert_uint_eq(line_number("a\nb\n\nc", 5), 4);
}
END_TEST

Suite *
sshconfig_suite(void)
{
	Suite *s = suite_create("sshconfig");
	TCase *rules = tcase_create("rules"), *edit = tcase_create("edit");

	tcase_add_test(rules, rule1_round_trip_corpus);
	tcase_add_test(rules, rule1_no_final_newline_kept);
	tcase_add_test(rules, rule1_bom_kept_block_after_it);
	tcase_add_test(rules, rule1_bare_cr_at_end_kept);
	tcase_add_test(rules, rule1_empty_file);
	tcase_add_test(rules, add_rm_keeps_a_trailing_carriage_return);
	tcase_add_test(rules, rule2_placement_corpus);
	tcase_add_test(rules, rule2_existing_block_stays);
	tcase_add_test(rules, rule2_after_top_level_and_include);
	tcase_add_test(rules, rule2_never_after_host_star);
	tcase_add_test(rules, rule2_match_counts_as_section);
	tcase_add_test(rules, rule2_new_lines_use_file_eol);
	tcase_add_test(rules, rule3_bad_corpus_refused);
	tcase_add_test(rules, rule3_messages);
	tcase_add_test(rules, begin_marker_before_a_lone_carriage_return);
	tcase_add_test(rules, unclosed_quote_in_host_line);
	tcase_add_test(rules, rule9_utf16_refused);
	tcase_add_test(rules, rule10_include_added_once);
	tcase_add_test(rules, rm_keeps_the_users_newline_before_a_last_block);
	tcase_add_test(rules, rule10_include_inside_host_does_not_count);
	tcase_add_test(rules, rule10_include_among_several_and_quoted);
	tcase_add_test(rules, rule10_include_ignores_block_and_bad_quotes);
	tcase_add_test(rules, tokenizer_reads_like_openssh);
	tcase_add_test(edit, entry_render_every_part);
	tcase_add_test(edit, upsert_replaces_in_place);
	tcase_add_test(edit, upsert_same_entry_is_idempotent);
	tcase_add_test(edit, remove_keeps_other_entries);
	tcase_add_test(edit, remove_last_drops_block);
	tcase_add_test(edit, entry_fields_parsed);
	tcase_add_test(edit, markers_need_exact_words);
	tcase_add_test(edit, block_refuses_foreign_sections);
	tcase_add_test(edit, block_of_thousands_without_duplicates);
	tcase_add_test(edit, markers_found_after_hosts);
	tcase_add_test(edit, entry_fields_first_value_and_near_misses);
	tcase_add_test(edit, markers_match_line_model);
	tcase_add_test(edit, broken_block_diagnosis);
	suite_add_tcase(s, rules);
	suite_add_tcase(s, edit);
	return s;
}
