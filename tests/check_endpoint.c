/*
 * check_endpoint: the SSH endpoint read from a job's status lines: the
 * line forms of the k8s, Slurm and AAU providers, the order rule (last
 * endpoint wins, suspended and final states forget it), noise, and
 * hostile text refused with a reason.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"

#define K8S(port) "SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p " port

static int
from(const struct job_update *u, size_t n, struct endpoint *ep, char *why)
{
	return endpoint_from_updates(u, n, ep, why, 256);
}

/* Whether why is one line of printable ASCII. */
static int
printable(const char *why)
{
	const unsigned char *p;

	for (p = (const unsigned char *)why; *p != '\0'; p++)
		if (*p < 0x20 || *p >= 0x7f)
			return 0;
	return why[0] != '\0';
}

START_TEST(k8s_line)
{
	struct job_update u[] = { { "RUNNING", K8S("2465") } };
	struct endpoint ep;
	char why[256];

	ck_assert_int_eq(from(u, 1, &ep, why), 1);
	ck_assert_str_eq(ep.user, "ucloud");
	ck_assert_str_eq(ep.host, "ssh.cloud.sdu.dk");
	ck_assert_int_eq(ep.port, 2465);
}
END_TEST

START_TEST(slurm_line_without_port)
{
	struct job_update u[] = { { "RUNNING", "SSH: Connected! Available "
	    "at: ssh alice_andersen@hippo-fe.example.org" } };
	struct endpoint ep;
	char why[256];

	ck_assert_int_eq(from(u, 1, &ep, why), 1);
	ck_assert_str_eq(ep.user, "alice_andersen");
	ck_assert_str_eq(ep.host, "hippo-fe.example.org");
	ck_assert_int_eq(ep.port, 22);
}
END_TEST

START_TEST(aau_line_and_l_option)
{
	struct job_update u[] = {
		{ "IN_QUEUE", "Waiting" },
		{ "RUNNING", "SSH Access: ssh ucloud@130.225.164.12 -p 31022" },
	};
	struct job_update l[] = { { NULL, "SSH Access: ssh -p2022 -l ann "
	    "gw.example.org" } };
	struct endpoint ep;
	char why[256];

	ck_assert_int_eq(from(u, 2, &ep, why), 1);
	ck_assert_str_eq(ep.host, "130.225.164.12");
	ck_assert_int_eq(ep.port, 31022);
	ck_assert_int_eq(from(l, 1, &ep, why), 1);
	ck_assert_str_eq(ep.user, "ann");
	ck_assert_int_eq(ep.port, 2022);
}
END_TEST

START_TEST(none)
{
	struct job_update u[] = {
		{ "IN_QUEUE", "Your job is now in the queue" },
		{ NULL, NULL },
		{ "RUNNING", "" },
		{ NULL, "SSH: Failure! Could not open a port" },
	};
	struct endpoint ep;
	char why[256];

	ck_assert_int_eq(from(u, 4, &ep, why), 0);
	ck_assert_str_eq(ep.host, "");
	ck_assert_int_eq(ep.port, 0);
	ck_assert_int_eq(from(NULL, 0, &ep, why), 0);
}
END_TEST

START_TEST(last_endpoint_wins)
{
	struct job_update u[] = {
		{ "RUNNING", K8S("2480") "\n" K8S("2481") "\nTarget: {\"port\": 9}" },
	};
	struct job_update v[] = {
		{ NULL, K8S("2470") },
		{ NULL, "Your job is running\r\n" K8S("2471") "\r\n" },
	};
	struct endpoint ep;
	char why[256];

	ck_assert_int_eq(from(u, 1, &ep, why), 1);
	ck_assert_int_eq(ep.port, 2481);
	ck_assert_int_eq(from(v, 2, &ep, why), 1);
	ck_assert_int_eq(ep.port, 2471);
}
END_TEST

START_TEST(suspended_and_final_forget)
{
	struct job_update s[] = {
		{ "RUNNING", K8S("2470") },
		{ "SUSPENDED", "Your job has been suspended" },
	};
	struct job_update r[] = {
		{ "RUNNING", K8S("2470") },
		{ "SUSPENDED", NULL },
		{ "RUNNING", "Your job is running again" },
		{ NULL, K8S("2531") },
	};
	const char *finals[] = { "SUCCESS", "FAILURE", "EXPIRED" };
	struct endpoint ep;
	char why[256];
	size_t i;

	ck_assert_int_eq(from(s, 2, &ep, why), 0);
	ck_assert_int_eq(ep.port, 0);
	ck_assert_int_eq(from(r, 3, &ep, why), 0);
	ck_assert_int_eq(from(r, 4, &ep, why), 1);
	ck_assert_int_eq(ep.port, 2531);
	for (i = 0; i < 3; i++) {
		struct job_update f[] = { { "RUNNING", K8S("2") },
		    { finals[i], K8S("3") } };

		ck_assert_int_eq(from(f, 2, &ep, why), 0);
	}
	ck_assert(!endpoint_state_forgets("RUNNING"));
	ck_assert(!endpoint_state_forgets("IN_QUEUE"));
	ck_assert(!endpoint_state_forgets(NULL));
}
END_TEST

START_TEST(noise_is_not_an_endpoint)
{
	struct job_update u[] = {
		{ NULL, "ssh ucloud@evil.example.org -p 1" },
		{ NULL, "Note: SSH: Connected! Available at: ssh u@evil.example.org -p 2" },
		{ NULL, " SSH Access: ssh u@evil.example.org -p 3" },
		{ NULL, "SSH Access:ssh u@evil.example.org -p 4" },
		{ NULL, "Target: {\"rank\":0,\"port\":22}" },
		{ NULL, "SSH: Available soon" },
		{ NULL, "ssh: Connected! Available at: ssh u@evil.example.org -p 5" },
	};
	struct endpoint ep;
	char why[256];

	ck_assert_int_eq(from(u, 7, &ep, why), 0);
}
END_TEST

START_TEST(hostile_is_refused)
{
	const char *lines[] = {
		K8S("2500") " -o ProxyCommand=x",
		"SSH: Connected! Available at: ssh -o ProxyCommand=x u@h.example.org -p 1",
		"SSH: Connected! Available at: ssh -oProxyCommand=x u@h.example.org",
		"SSH: Connected! Available at: ssh -J jump u@h.example.org -p 1",
		"SSH: Connected! Available at: ssh -i /tmp/k u@h.example.org -p 1",
		"SSH: Connected! Available at: ssh u@h.example.org -p 1 id",
		"SSH: Connected! Available at: ssh u@h.example.org\x1b[2J -p 1",
		"SSH Access: ssh ucloud@host.example.org\rProxyCommand x -p 2503",
		"SSH: Connected! Available at: ssh u@h.example.org -p 99999",
		"SSH: Connected! Available at: ssh u@h.example.org -p 0",
		"SSH: Connected! Available at: ssh u@-oProxyCommand=x -p 1",
		"SSH: Connected! Available at: ssh 'u'@h.example.org -p 1",
		"SSH: Connected! Available at: ssh u@h.example.org;id -p 1",
		"SSH: Connected! Available at: ssh u@h.example.org -p 1 -p 2",
		"SSH: Connected! Available at: ssh u@h\xc3\xa9.example.org -p 1",
		"SSH: Connected! Available at: sshx u@h.example.org -p 1",
		"SSH: Connected! Available at: SSH: Connected! Available at: ssh u@h.example.org -p 1",
		"SSH: Connected! Available at: ",
		"SSH Access: ",
	};
	struct endpoint ep;
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct job_update u[] = { { "RUNNING", lines[i] } };

		why[0] = '\0';
		ck_assert_msg(from(u, 1, &ep, why) == -1, "accepted: %s",
		    lines[i]);
		ck_assert_msg(printable(why), "reason for %s", lines[i]);
		ck_assert_str_eq(ep.host, "");
	}
}
END_TEST

START_TEST(refusal_then_later_endpoint)
{
	struct job_update bad_last[] = {
		{ "RUNNING", K8S("2465") },
		{ NULL, K8S("2466 -o ProxyCommand=x") },
	};
	struct job_update good_last[] = {
		{ "RUNNING", K8S("2466 -o ProxyCommand=x") },
		{ NULL, K8S("2467") },
	};
	struct job_update forgotten[] = {
		{ "RUNNING", K8S("2466 -o ProxyCommand=x") },
		{ "SUCCESS", NULL },
	};
	struct endpoint ep;
	char why[256];

	/* A refused line after a good one is reported, not skipped over. */
	ck_assert_int_eq(from(bad_last, 2, &ep, why), -1);
	ck_assert_ptr_nonnull(strstr(why, "'='"));
	ck_assert_ptr_null(strstr(why, "pasted"));
	ck_assert_int_eq(ep.port, 0);
	ck_assert_int_eq(from(good_last, 2, &ep, why), 1);
	ck_assert_int_eq(ep.port, 2467);
	ck_assert_int_eq(from(forgotten, 2, &ep, why), 0);
}
END_TEST

START_TEST(huge_status)
{
	size_t len = 100 * 1024;
	char *big = malloc(len + 1), *lines = malloc(len + 200);
	struct endpoint ep;
	char why[256];
	struct job_update u[2];

	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_nonnull(lines);
	memset(big, 'A', len);
	big[len] = '\0';
	strcpy(lines, K8S("2502"));
	strcat(lines, "\n");
	strcat(lines, big + 200);
	u[0].state = "RUNNING";
	u[0].status = lines;
	u[1].state = NULL;
	u[1].status = big;
	ck_assert_int_eq(from(u, 2, &ep, why), 1);
	ck_assert_int_eq(ep.port, 2502);
	/* One endpoint line of 100 kB: refused, with a short reason. */
	memcpy(big, "SSH Access: ssh u@", 18);
	u[1].status = big;
	ck_assert_int_eq(from(u, 2, &ep, why), -1);
	ck_assert(printable(why));
	free(big);
	free(lines);
}
END_TEST

START_TEST(one_line)
{
	struct endpoint ep;
	char why[256];
	const char *l = K8S("2465") "\nrest";

	ck_assert_int_eq(endpoint_from_line(l, strlen(K8S("2465")), &ep, why,
	    sizeof(why)), 1);
	ck_assert_int_eq(ep.port, 2465);
	/* Found by fuzz_endpoint: *ep was left as it was. */
	ck_assert_int_eq(endpoint_from_line(l, 10, &ep, why, sizeof(why)), 0);
	ck_assert_int_eq(ep.port, 0);
	ck_assert_str_eq(ep.host, "");
	ck_assert_int_eq(endpoint_from_line("SSH Access: ssh h\0 -p 1", 24,
	    &ep, why, sizeof(why)), -1);
}
END_TEST

Suite *
endpoint_suite(void)
{
	Suite *s = suite_create("endpoint");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, k8s_line);
	tcase_add_test(tc, slurm_line_without_port);
	tcase_add_test(tc, aau_line_and_l_option);
	tcase_add_test(tc, none);
	tcase_add_test(tc, last_endpoint_wins);
	tcase_add_test(tc, suspended_and_final_forget);
	tcase_add_test(tc, noise_is_not_an_endpoint);
	tcase_add_test(tc, hostile_is_refused);
	tcase_add_test(tc, refusal_then_later_endpoint);
	tcase_add_test(tc, huge_status);
	tcase_add_test(tc, one_line);
	suite_add_tcase(s, tc);
	return s;
}
