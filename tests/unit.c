/*
 * unit: the Check runner for every module's suite.  CK_RUN_SUITE and
 * CK_RUN_CASE pick tests; CK_FORK=no helps under a debugger or valgrind.
 */
#include <check.h>
#include <stdlib.h>

Suite	*atomicfile_suite(void);
Suite	*clip_exe_suite(void);
Suite	*clipboard_suite(void);
Suite	*diff_suite(void);
Suite	*endpoint_suite(void);
Suite	*http_suite(void);
Suite	*jwt_suite(void);
Suite	*knownhosts_suite(void);
Suite	*parse_ssh_suite(void);
Suite	*precedence_suite(void);
Suite	*parse_keygen_suite(void);
Suite	*pasted_suite(void);
Suite	*settings_suite(void);
Suite	*spawn_suite(void);
Suite	*sshconfig_suite(void);
Suite	*sshprobe_suite(void);
Suite	*sync_suite(void);
Suite	*suggest_suite(void);
Suite	*validate_suite(void);
Suite	*winargv_suite(void);

int
main(void)
{
	SRunner *sr = srunner_create(sshconfig_suite());
	int failed;

	srunner_add_suite(sr, validate_suite());
	srunner_add_suite(sr, pasted_suite());
	srunner_add_suite(sr, diff_suite());
	srunner_add_suite(sr, settings_suite());
	srunner_add_suite(sr, spawn_suite());
	srunner_add_suite(sr, knownhosts_suite());
	srunner_add_suite(sr, parse_ssh_suite());
	srunner_add_suite(sr, precedence_suite());
	srunner_add_suite(sr, winargv_suite());
	srunner_add_suite(sr, clip_exe_suite());
	srunner_add_suite(sr, parse_keygen_suite());
	srunner_add_suite(sr, clipboard_suite());
	srunner_add_suite(sr, endpoint_suite());
	srunner_add_suite(sr, sshprobe_suite());
	srunner_add_suite(sr, atomicfile_suite());
	srunner_add_suite(sr, http_suite());
	srunner_add_suite(sr, sync_suite());
	srunner_add_suite(sr, jwt_suite());
	srunner_add_suite(sr, suggest_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
