/*
 * check_reliability: regression tests for what the crash, fault, hostile
 * input and fuzz tests found (tests/t04*.sh, tests/fuzz/).  Each test
 * names what it guards against; each failed before its fix.
 */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "settings.h"
#include "spawn.h"
#include "sshconfig.h"

static char dir[64];
static char *saved_path;	/* PATH, restored after each test (CK_FORK=no) */

static void
make_dir(void)
{
	const char *path = getenv("PATH");

	snprintf(dir, sizeof(dir), "/tmp/ucjob-check-rel.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	saved_path = path != NULL ? strdup(path) : NULL;
}

static void
remove_dir(void)
{
	char path[512];
	struct dirent *d;
	DIR *dp;

	if (saved_path != NULL) {
		setenv("PATH", saved_path, 1);
		free(saved_path);
		saved_path = NULL;
	}
	if ((dp = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		unlink(path);
	}
	closedir(dp);
	rmdir(dir);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Names in dir that start with prefix. */
static int
count_prefixed(const char *prefix)
{
	struct dirent *d;
	DIR *dp;
	int n = 0;

	ck_assert_ptr_nonnull(dp = opendir(dir));
	while ((d = readdir(dp)) != NULL)
		if (strncmp(d->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(dp);
	return n;
}

/*
 * t0400-crash.sh: a run killed between its backup and its rename leaves
 * config.ucjob~ a hard link to the config.  The next backup's rename of
 * a second link onto it then does nothing, and its temporary stayed.
 */
START_TEST(backup_onto_same_inode_leaves_no_temporary)
{
	struct atomic_file af;
	char cfg[128], backup[160], why[512], *data;
	size_t len;
	int exists;

	snprintf(cfg, sizeof(cfg), "%s/config", dir);
	snprintf(backup, sizeof(backup), "%s/config.ucjob~", dir);
	write_file(cfg, "Host a\n");
	ck_assert_int_eq(link(cfg, backup), 0);
	ck_assert_int_eq(atomic_open(cfg, &af, why, sizeof(why)), 0);
	ck_assert_int_eq(atomic_write_temp(&af, "Host b\n", 7, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(atomic_install(&af, why, sizeof(why)), 0);
	atomic_close(&af);
	ck_assert_int_eq(count_prefixed(".config.ucjob-tmp."), 0);
	ck_assert_int_eq(file_read(backup, &data, &len, &exists, why,
	    sizeof(why)), 0);
	ck_assert_str_eq(data, "Host a\n");
	free(data);
}
END_TEST

/*
 * t0130-hostile.sh: a settings file that is a FIFO nobody writes to made
 * ucjob hang in open(2).  It must read as an empty file (the defaults);
 * Check's timeout fails this test if it blocks.
 */
START_TEST(settings_fifo_does_not_hang)
{
	struct settings s;
	char fifo[128], err[512];

	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(settings_load(&s, fifo, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(s.host, "ssh.cloud.sdu.dk");
	settings_free(&s);
}
END_TEST

/*
 * t0440-exec.sh: execvp(3) hands a file that is neither a binary nor a
 * #! script to /bin/sh, so a configured ssh-keygen without a #! line ran
 * through a shell.  spawn must refuse it (ENOEXEC), by path and on PATH,
 * and the script must not run.
 */
START_TEST(spawn_never_falls_back_to_a_shell)
{
	const char *by_path[2], *on_path[] = { "noshebang", NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	char script[128], marker[128], text[300];

	snprintf(script, sizeof(script), "%s/noshebang", dir);
	snprintf(marker, sizeof(marker), "%s/marker", dir);
	snprintf(text, sizeof(text), "touch %s\n", marker);
	write_file(script, text);
	ck_assert_int_eq(chmod(script, 0755), 0);
	memset(&opts, 0, sizeof(opts));
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = 10000;

	by_path[0] = script;
	by_path[1] = NULL;
	ck_assert_int_eq(spawn_run(by_path, &opts, &res), -1);
	ck_assert_int_eq(res.started, 0);
	ck_assert_int_eq(res.start_errno, ENOEXEC);
	spawn_result_free(&res);

	ck_assert_int_eq(setenv("PATH", dir, 1), 0);
	ck_assert_int_eq(spawn_run(on_path, &opts, &res), -1);
	ck_assert_int_eq(res.started, 0);
	ck_assert_int_eq(res.start_errno, ENOEXEC);
	spawn_result_free(&res);

	ck_assert_int_eq(access(marker, F_OK), -1);
}
END_TEST

/* The PATH search that replaced execvp's: found, not found, empty
 * elements (the current directory). */
START_TEST(spawn_searches_path_like_execvp)
{
	const char *true_argv[] = { "true", NULL };
	const char *none_argv[] = { "ucjob-no-such-program", NULL };
	const char *here_argv[] = { "here", NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	char here[128], cwd[512];

	memset(&opts, 0, sizeof(opts));
	opts.timeout_ms = 10000;
	ck_assert_int_eq(setenv("PATH", "/nonexistent:/usr/bin:/bin", 1), 0);
	ck_assert_int_eq(spawn_run(true_argv, &opts, &res), 0);
	spawn_result_free(&res);
	ck_assert_int_eq(spawn_run(none_argv, &opts, &res), -1);
	ck_assert_int_eq(res.started, 0);
	ck_assert_int_eq(res.start_errno, ENOENT);
	spawn_result_free(&res);

	snprintf(here, sizeof(here), "%s/here", dir);
	write_file(here, "#!/bin/sh\nexit 0\n");
	ck_assert_int_eq(chmod(here, 0755), 0);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(setenv("PATH", "/nonexistent:", 1), 0);
	ck_assert_int_eq(spawn_run(here_argv, &opts, &res), 0);
	spawn_result_free(&res);
	ck_assert_int_eq(chdir(cwd), 0);
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

Suite *
reliability_suite(void)
{
	Suite *s = suite_create("reliability");
	TCase *tc = tcase_create("regressions");

	tcase_add_checked_fixture(tc, make_dir, remove_dir);
	tcase_add_test(tc, backup_onto_same_inode_leaves_no_temporary);
	tcase_add_test(tc, settings_fifo_does_not_hang);
	tcase_add_test(tc, spawn_never_falls_back_to_a_shell);
	tcase_add_test(tc, spawn_searches_path_like_execvp);
	tcase_add_test(tc, add_rm_keeps_a_trailing_carriage_return);
	tcase_add_test(tc, begin_marker_before_a_lone_carriage_return);
	tcase_add_test(tc, unclosed_quote_in_host_line);
	suite_add_tcase(s, tc);
	return s;
}
