# tests/bench/genconfig.awk - write an ssh config of real shapes for the
# bench: a commented header with top-level options, a ucjob block of
# BLOCK entries in the layout ucjob writes (where ucjob would put it,
# before the first Host), then HOSTS sections in the shapes people keep:
# plain servers, forges with their own keys, hosts behind a ProxyJump,
# Key=Value lines with tabs, wildcard groups, Match blocks, comments and
# blank lines, and a closing `Host *` with defaults (which counts as one
# of the HOSTS). Deterministic: the same arguments give the same bytes.
#
#   awk -v HOSTS=10000 -v BLOCK=10 -f tests/bench/genconfig.awk > FILE
#
# Block entries are ucloud-job-PORT for PORT = 20001, 20002, ...; the
# last plain server is srv-LAST with LAST = HOSTS - 1 (the bench queries
# it with ssh -G).

function shape(i, k) {
	k = i % 8
	if (k == 0 || k == 1) {
		printf "Host srv-%d\n", i
		printf "    HostName 10.%d.%d.%d\n", int(i / 65536) % 256,
		    int(i / 256) % 256, i % 256
		printf "    User deploy\n"
		printf "    Port %d\n", 2200 + i % 100
		printf "    IdentityFile ~/.ssh/id_ed25519_work\n"
	} else if (k == 2) {
		printf "# forge account %d\n", i
		printf "Host forge-%d\n", i
		printf "    HostName git%d.example.org\n", i % 17
		printf "    User git\n"
		printf "    IdentityFile ~/.ssh/id_forge_%d\n", i
		printf "    IdentitiesOnly yes\n"
	} else if (k == 3) {
		printf "Host db-%d db-%d.internal\n", i, i
		printf "\tHostName db-%d.internal.example.com\n", i
		printf "\tProxyJump bastion-%d.example.com\n", i % 5
		printf "\tUser postgres\n"
		printf "\tServerAliveInterval 30\n"
		printf "\tLocalForward 5%04d localhost:5432\n", i % 10000
	} else if (k == 4) {
		printf "# staging box for project %d, ask the team before use\n", i
		printf "Host=stage-%d\n", i
		printf "  Hostname=stage-%d.example.net\n", i
		printf "  User=ci\n"
		printf "  ForwardAgent=no\n"
	} else if (k == 5) {
		printf "Host *.lab-%d.example.net !gw.lab-%d.example.net\n", i, i
		printf "    User lab\n"
		printf "    StrictHostKeyChecking accept-new\n"
		printf "    UserKnownHostsFile ~/.ssh/known_hosts.lab\n"
	} else if (k == 6) {
		printf "Match host *.corp-%d.example.com user admin\n", i
		printf "    IdentityFile \"~/.ssh/corp keys/admin_%d\"\n", i
		printf "    ControlMaster auto\n"
		printf "    ControlPath ~/.ssh/cm-%%r@%%h:%%p\n"
	} else {
		printf "Host hpc-%d\n", i
		printf "    HostName login%d.hpc.example.edu\n", i % 4
		printf "    User u%06d\n", i
		printf "    Compression yes\n"
		printf "    ServerAliveInterval 60\n"
		printf "    ServerAliveCountMax 3\n"
	}
	printf "\n"
}

BEGIN {
	if (HOSTS < 2) HOSTS = 2
	printf "# ~/.ssh/config\n"
	printf "# Generated hosts come from the inventory; keep edits below.\n\n"
	printf "AddKeysToAgent yes\n"
	printf "HashKnownHosts yes\n"
	printf "ServerAliveInterval 120\n\n"
	if (BLOCK > 0) {
		printf "# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)\n"
		for (j = 0; j < BLOCK; j++) {
			port = 20001 + j
			printf "Host ucloud-job-%d\n", port
			printf "    HostName ssh.cloud.sdu.dk\n"
			printf "    Port %d\n", port
			printf "    User ucloud\n"
			printf "    IdentityFile ~/.ssh/id_ed25519\n"
			printf "    IdentitiesOnly yes\n"
			printf "    HostKeyAlias ucloud-job-%d\n", port
			printf "    UserKnownHostsFile ~/.ssh/ucjob_known_hosts\n"
			printf "    CheckHostIP no\n"
			printf "    HashKnownHosts no\n"
			printf "    # ucjob: job=%d added=2025-11-%02dT12:00:00Z\n",
			    4398201 + j, 1 + j % 28
		}
		printf "# END ucjob\n"
	}
	last = HOSTS - 1
	while (last % 8 != 0 && last % 8 != 1)
		last--
	for (i = 0; i < HOSTS - 1; i++)
		if (i != last)
			shape(i)
	shape(last)
	printf "Host *\n"
	printf "    IdentitiesOnly no\n"
	printf "    ServerAliveCountMax 4\n"
}
