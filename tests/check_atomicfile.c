/*
 * check_atomicfile: the writer of SPEC.md section 3, rules 4 and 6 (lock,
 * temporary, backup, rename), through the calls the commands make:
 * atomic_open, atomic_write_temp, atomic_install, atomic_close.  The
 * kill, race and fault scenarios are tests/t04*.sh; this suite keeps
 * what they found.
 */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"

static char dir[64];

static void
make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ucjob-check-atomic.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
remove_dir(void)
{
	char path[512];
	struct dirent *d;
	DIR *dp;

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
 * .config.ucjob~ a hard link to the config.  The next backup's rename of
 * a second link onto it then does nothing, and its temporary stayed.
 */
START_TEST(backup_onto_same_inode_leaves_no_temporary)
{
	struct atomic_file af;
	char cfg[128], backup[160], why[512], *data;
	size_t len;
	int exists;
	FILE *fp;

	snprintf(cfg, sizeof(cfg), "%s/config", dir);
	snprintf(backup, sizeof(backup), "%s/.config.ucjob~", dir);
	ck_assert_ptr_nonnull(fp = fopen(cfg, "w"));
	ck_assert_int_eq(fputs("Host a\n", fp) >= 0 && fclose(fp) == 0, 1);
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

Suite *
atomicfile_suite(void)
{
	Suite *s = suite_create("atomicfile");
	TCase *tc = tcase_create("regressions");

	tcase_add_checked_fixture(tc, make_dir, remove_dir);
	tcase_add_test(tc, backup_onto_same_inode_leaves_no_temporary);
	suite_add_tcase(s, tc);
	return s;
}
