/*
 * check_sync: the plan of `ucjob sync` over a parsed block and a job
 * list: adds, in-place updates that keep the entry's other lines,
 * removals (and held removals), entries by hand untouched, aliases made
 * safe and unique, the block dropped when it empties; and the duration
 * and back-off of `wait`.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sync.h"

#define K(port)	"    HostName ssh.cloud.sdu.dk\n    Port " port "\n    User ucloud\n"

static const char cfg[] =
    "Host github.com\n    User git\n\n"
    "# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)\n"
    "Host hand\n" K("2000") "    # ucjob: added=2026-01-01T00:00:00Z\n"
    "Host nb\n" K("2465") "    LocalForward 8888 localhost:8888\n"
    "    # ucjob: job=4001 added=2026-01-01T00:00:00Z\n"
    "Host ucloud-job-4002\n" K("2470")
    "    # ucjob: job=4002 added=2026-01-01T00:00:00Z\n"
    "# END ucjob\n";

static struct sync_rules rules = { "ucloud-job-", 0, "ucloud", 1 };

static void
job(struct sync_job *j, const char *id, const char *name, int port)
{
	memset(j, 0, sizeof(*j));
	j->id = id;
	j->name = name;
	if (port > 0) {
		j->has_endpoint = 1;
		strcpy(j->at.host, "ssh.cloud.sdu.dk");
		strcpy(j->at.user, "ucloud");
		j->at.port = port;
	}
}

static void
render(const struct sync_job *j, const char *alias, const char *eol,
    void *arg, struct buf *out)
{
	(void)arg;
	buf_printf(out, "Host %s%s    Port %d%s    # ucjob: job=%s added=now%s",
	    alias, eol, j->at.port, eol, j->id, eol);
}

/* Plan and apply; the new text into out (NUL-terminated). */
static void
sync_text(const char *text, struct sync_job *jobs, size_t n,
    struct sync_plan *plan, struct buf *out)
{
	struct config_doc doc;
	char why[256];

	ck_assert_int_eq(config_parse(text, strlen(text), &doc, why,
	    sizeof(why)), CONFIG_OK);
	sync_plan_make(&doc, jobs, n, &rules, plan);
	sync_plan_apply(&doc, plan, jobs, &rules, "NOW", render, NULL, out);
	buf_add(out, "", 1);
	config_doc_free(&doc);
}

START_TEST(nothing_changes)
{
	struct sync_job j[2];
	struct sync_plan p;
	struct buf out = { 0 };

	job(&j[0], "4001", "nb", 2465);
	job(&j[1], "4002", NULL, 2470);
	sync_text(cfg, j, 2, &p, &out);
	ck_assert_uint_eq(p.nadd + p.nupdate + p.nremove, 0);
	ck_assert_str_eq(out.data, cfg);
	sync_plan_free(&p);
	buf_free(&out);
}
END_TEST

START_TEST(update_in_place)
{
	struct sync_job j[2];
	struct sync_plan p;
	struct buf out = { 0 };

	job(&j[0], "4001", "nb", 2531);
	job(&j[1], "4002", NULL, 2470);
	sync_text(cfg, j, 2, &p, &out);
	ck_assert_uint_eq(p.nupdate, 1);
	ck_assert_str_eq(p.v[0].alias, "nb");
	ck_assert_ptr_nonnull(strstr(out.data, "Host nb\n    HostName "
	    "ssh.cloud.sdu.dk\n    Port 2531\n    User ucloud\n    "
	    "LocalForward 8888 localhost:8888\n    # ucjob: job=4001 "
	    "added=NOW\n"));
	ck_assert_ptr_nonnull(strstr(out.data, "Host hand\n" K("2000")));
	sync_plan_free(&p);
	buf_free(&out);
}
END_TEST

START_TEST(remove_and_add)
{
	struct sync_job j[3];
	struct sync_plan p;
	struct buf out = { 0 };

	job(&j[0], "4002", NULL, 0);	/* listed, no endpoint (resumed) */
	job(&j[1], "4003", NULL, 2480);
	job(&j[2], "4004", NULL, 0);	/* queued, no line yet */
	sync_text(cfg, j, 3, &p, &out);
	ck_assert_uint_eq(p.nremove, 2);	/* 4001 gone, 4002 no endpoint */
	ck_assert_uint_eq(p.nadd, 1);
	ck_assert_ptr_null(strstr(out.data, "job=4001"));
	ck_assert_ptr_null(strstr(out.data, "job=4002"));
	ck_assert_ptr_nonnull(strstr(out.data, "Host hand\n"));
	ck_assert_ptr_nonnull(strstr(out.data, "Host ucloud-job-4003\n    "
	    "Port 2480\n    # ucjob: job=4003 added=now\n# END ucjob\n"));
	sync_plan_free(&p);
	buf_free(&out);
}
END_TEST

START_TEST(removal_declined)
{
	struct sync_job j[1];
	struct sync_plan p;
	struct buf out = { 0 };

	rules.allow_remove = 0;
	job(&j[0], "4001", "nb", 2465);
	sync_text(cfg, j, 1, &p, &out);
	rules.allow_remove = 1;
	ck_assert_uint_eq(p.nremove, 0);
	ck_assert_uint_eq(p.nheld, 1);
	ck_assert_str_eq(out.data, cfg);
	sync_plan_free(&p);
	buf_free(&out);
}
END_TEST

START_TEST(skipped_job_left_alone)
{
	struct sync_job j[2];
	struct sync_plan p;
	struct buf out = { 0 };

	job(&j[0], "4001", "nb", 0);
	j[0].skip = 1;
	job(&j[1], "4002", NULL, 2470);
	sync_text(cfg, j, 2, &p, &out);
	ck_assert_str_eq(out.data, cfg);
	sync_plan_free(&p);
	buf_free(&out);
}
END_TEST

START_TEST(block_goes_and_comes)
{
	static const char only[] = "Host a\n    User b\n"
	    "# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)\n"
	    "Host x\n" K("1") "    # ucjob: job=1 added=t\n# END ucjob\n";
	struct sync_job j[1];
	struct sync_plan p;
	struct buf out = { 0 };

	sync_text(only, j, 0, &p, &out);
	ck_assert_str_eq(out.data, "Host a\n    User b\n");
	sync_plan_free(&p);
	buf_free(&out);
	job(&j[0], "7", NULL, 2222);
	sync_text("Host a\n    User b\n", j, 1, &p, &out);
	ck_assert_ptr_nonnull(strstr(out.data, "# BEGIN ucjob"));
	ck_assert_ptr_nonnull(strstr(out.data, "Host ucloud-job-7\n"));
	sync_plan_free(&p);
	buf_free(&out);
}
END_TEST

START_TEST(alias_unique)
{
	struct sync_job j[3];
	struct sync_plan p;
	struct buf out = { 0 };

	rules.alias_by_name = 1;
	job(&j[0], "5001", "HAND", 2601);	/* "hand" is taken, any case */
	job(&j[1], "5002", "a b", 2602);
	job(&j[2], "5003", "a  b", 2603);
	sync_text(cfg, j, 3, &p, &out);
	rules.alias_by_name = 0;
	ck_assert_uint_eq(p.nadd, 3);
	ck_assert_str_eq(p.v[p.n - 3].alias, "HAND-5001");
	ck_assert_str_eq(p.v[p.n - 2].alias, "a-b");
	ck_assert_str_eq(p.v[p.n - 1].alias, "a-b-5003");
	sync_plan_free(&p);
	buf_free(&out);
}
END_TEST

START_TEST(alias_from_name)
{
	char a[SYNC_ALIAS_MAX];

	sync_alias_from_name("my notebook", a, sizeof(a));
	ck_assert_str_eq(a, "my-notebook");
	sync_alias_from_name("-o ProxyCommand=x", a, sizeof(a));
	ck_assert_str_eq(a, "o-ProxyCommand-x");
	sync_alias_from_name("..\x1b[31m!", a, sizeof(a));
	ck_assert_str_eq(a, "31m");
	sync_alias_from_name("2465", a, sizeof(a));
	ck_assert_str_eq(a, "");
	sync_alias_from_name("\xc3\xa6\xc3\xb8", a, sizeof(a));
	ck_assert_str_eq(a, "");
	sync_alias_from_name("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", a, sizeof(a));
	ck_assert_uint_eq(strlen(a), SYNC_NAME_MAX);
}
END_TEST

START_TEST(durations)
{
	long long ms;

	ck_assert_int_eq(sync_duration_parse("90", &ms), 0);
	ck_assert_int_eq(ms, 90000);
	ck_assert_int_eq(sync_duration_parse("90s", &ms), 0);
	ck_assert_int_eq(ms, 90000);
	ck_assert_int_eq(sync_duration_parse("5m", &ms), 0);
	ck_assert_int_eq(ms, 300000);
	ck_assert_int_eq(sync_duration_parse("1h", &ms), 0);
	ck_assert_int_eq(ms, 3600000);
	ck_assert_int_eq(sync_duration_parse("", &ms), -1);
	ck_assert_int_eq(sync_duration_parse("0", &ms), -1);
	ck_assert_int_eq(sync_duration_parse("5x", &ms), -1);
	ck_assert_int_eq(sync_duration_parse("5mm", &ms), -1);
	ck_assert_int_eq(sync_duration_parse("-5", &ms), -1);
	ck_assert_int_eq(sync_duration_parse("999999999999999999999", &ms),
	    -1);
	ck_assert_int_eq(sync_duration_parse("200h", &ms), -1);
}
END_TEST

START_TEST(backoff)
{
	long t = 0;

	t = sync_backoff_next(t, 2000, 10000);
	ck_assert_int_eq(t, 2000);
	t = sync_backoff_next(t, 2000, 10000);
	ck_assert_int_eq(t, 3000);
	while (t < 10000)
		t = sync_backoff_next(t, 2000, 10000);
	ck_assert_int_eq(t, 10000);
	ck_assert_int_eq(sync_backoff_next(t, 2000, 10000), 10000);
}
END_TEST

Suite *
sync_suite(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, nothing_changes);
	tcase_add_test(tc, update_in_place);
	tcase_add_test(tc, remove_and_add);
	tcase_add_test(tc, removal_declined);
	tcase_add_test(tc, skipped_job_left_alone);
	tcase_add_test(tc, block_goes_and_comes);
	tcase_add_test(tc, alias_unique);
	suite_add_tcase(s, tc);
	tc = tcase_create("wait");
	tcase_add_test(tc, alias_from_name);
	tcase_add_test(tc, durations);
	tcase_add_test(tc, backoff);
	suite_add_tcase(s, tc);
	return s;
}
