/*
 * knownhosts: forget a job's host key when its entry is removed or its
 * port is registered again (a new job is a new host).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "knownhosts.h"
#include "msg.h"
#include "spawn.h"

int
known_hosts_forget(const char *ssh_keygen, const char *file,
    const char *alias)
{
	const char *argv[] = { ssh_keygen, "-R", alias, "-f", file, NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	struct stat st;
	char how[128];
	int rc = 0;

	if (stat(file, &st) == -1 && errno == ENOENT)
		return 0;
	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_NULL;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = 30000;
	debug("running %s -R %s -f %s", ssh_keygen, alias, file);
	if (spawn_run(argv, &opts, &res) != 0) {
		if (!res.started)
			notice("warning: cannot forget the host key of %s: "
			    "%s not found; %s", alias, ssh_keygen,
			    spawn_install_hint(ssh_keygen));
		else
			notice("warning: cannot forget the host key of %s: "
			    "%s %s: %.200s", alias, ssh_keygen,
			    spawn_describe(&res, how, sizeof(how)),
			    res.err ? res.err : "");
		rc = -1;
	}
	spawn_result_free(&res);
	return rc;
}
