/*
 * help: the text of `ucjob --help` and `ucjob CMD --help`.  It lists the
 * same options as man/ucjob.1 (a test compares them) and fits 80 columns.
 */
#include <stdio.h>
#include <string.h>

#include "ucjob.h"

static const char global_help[] =
"Global options (before or after the command):\n"
"  -F, --ssh-config FILE  ssh config to edit (default ~/.ssh/config)\n"
"  -c, --config FILE      ucjob settings file\n"
"      --site NAME        use the settings of site NAME\n"
"  -n, --dry-run          print a unified diff of the change, write nothing\n"
"  -q, --quiet            print only errors\n"
"  -v, --verbose          tell what is done\n"
"  -h, --help             show help\n"
"  -V, --version          show the version\n";

static const struct {
	const char *name;
	const char *text;
} commands[] = {
	{ "add",
"usage: ucjob add [options] PORT\n"
"       ucjob add [options] ssh -p PORT [-l USER] [-i FILE] [USER@]HOST\n"
"       ucjob add [options] 'SSH: Connected! Available at: ssh USER@HOST -p PORT'\n"
"       ucjob add [options] -\n"
"       ucjob add [options] --from-clipboard\n"
"       ucjob add [options] --job ID [--wait]\n"
"\n"
"Create or update the Host entry of a UCloud job in the managed block.\n"
"A pasted command may only hold ssh, [USER@]HOST, -p, -l and -i;\n"
"unquoted, it takes every word after ssh: put options before it.\n"
"'-' reads it, or a bare port, from standard input (of several lines, the\n"
"one ssh line).\n"
"\n"
"Options:\n"
"      --name ALIAS       alias of the entry (default: alias-prefix + PORT)\n"
"      --job ID           the UCloud job id, recorded and listed; without a\n"
"                         PORT, the account says where the job is (ucjob login)\n"
"      --wait             then wait until the job answers SSH (see ucjob wait)\n"
"      --host HOST        the SSH gateway (default: setting host)\n"
"      --user USER        the remote user (default: setting user)\n"
"  -i, --identity FILE    the private key to use\n"
"  -L, --forward LOCAL[:REMOTE]\n"
"                         forward a local port to the job's localhost\n"
"  -o, --option KEY=VALUE add an ssh_config option to the entry (not one that\n"
"                         runs a program or weakens host keys, unless the\n"
"                         allow-options setting names it)\n"
"      --print            write the entry to stdout, change no file\n"
"      --from-clipboard   read the ssh command from the clipboard\n"
"      --force            write even when an earlier line wins over the entry;\n"
"                         with --name, add a second entry for a used port\n"
"      --no-verify        do not check the new file with ssh -G first\n"
"      --clean-known-hosts\n"
"                         also remove old [HOST]:PORT keys from known_hosts\n"
"\n"
"Adding a job again keeps what its entry says unless given again (-L and -o\n"
"given again replace the old ones) and tells what changed.  PORT alone, when\n"
"another entry has that port, updates that entry.\n"
"\n"
"Before the new file replaces the old one, ssh -G must see the entry's host,\n"
"port, user, identity file, host key alias and host-key options; a line that\n"
"wins over them is named with its file and line number.  A re-add that\n"
"changes nothing keeps the host key it pinned.\n"
"\n"
"Example:\n"
"  ucjob add 2465 --job 4398201 -L 8888   then: ssh ucloud-job-2465\n"
"  ucjob add --job 4398201 --wait         then: ssh ucloud-job-4398201\n" },
	{ "rm",
"usage: ucjob rm [options] ALIAS|PORT...\n"
"       ucjob rm [options] --all [--yes]\n"
"\n"
"Remove entries from the managed block and forget their host keys.\n"
"An unknown name is an error and nothing is changed.\n"
"\n"
"Options:\n"
"      --all              remove every entry (and the block); on a terminal,\n"
"                         ask first (without one, no question is asked)\n"
"      --yes              with --all: remove without asking\n"
"\n"
"Example:\n"
"  ucjob rm 2465\n" },
	{ "list",
"usage: ucjob list [options] [--json | --names]\n"
"\n"
"List the registered jobs: alias, user@host:port, job id, time added (UTC).\n"
"\n"
"Options:\n"
"      --json             print a JSON array of objects\n"
"      --names            print one alias per line\n"
"\n"
"Example:\n"
"  ucjob list --names\n" },
	{ "show",
"usage: ucjob show [options] ALIAS|PORT...\n"
"\n"
"Print each named entry's Host block as it stands in the file.\n"
"\n"
"Example:\n"
"  ucjob show 2465\n" },
	{ "check",
"usage: ucjob check [options] [--connect [--timeout SECONDS]] [--json]\n"
"                   [ALIAS|PORT...]\n"
"\n"
"Compare what ssh -G makes of each entry (or the named ones) with the entry:\n"
"one line per entry, ok or fail with the value that differs and the file\n"
"and line that win.  Notes (host-key checking off, a ProxyJump, a Host of\n"
"the same name outside the block) name their line without failing.  Exit 1\n"
"when any check fails.\n"
"\n"
"Options:\n"
"      --connect          also log in (BatchMode, no agent or X11\n"
"                         forwarding) and run 'true', 8 entries at a time:\n"
"                         reachable, authentication refused, key locked (a\n"
"                         passphrase key not in ssh-agent), host key\n"
"                         changed, connection refused or timed out\n"
"      --timeout SECONDS  ssh's ConnectTimeout for --connect (default 10)\n"
"      --json             print a JSON array of objects\n"
"\n"
"Example:\n"
"  ucjob check --connect 2465\n" },
	{ "prune",
"usage: ucjob prune [options] [--yes] [--timeout SECONDS]\n"
"\n"
"Probe every entry side by side and remove those whose job is gone\n"
"(connection refused, or no SSH banner within the timeout), after a yes/no\n"
"question.  An entry that answers with an SSH banner, however slowly, is\n"
"kept; one that answers otherwise is asked with ssh as check --connect does.\n"
"With a UCloud token, an entry added for a job (--job) is judged by the\n"
"account first: kept while the job is queued or running, removed once\n"
"UCloud shows it ended or suspended; another workspace's job is probed.\n"
"With --dry-run (-n) it lists them and prints the diff, writing nothing.\n"
"\n"
"Options:\n"
"      --yes              remove without asking\n"
"      --timeout SECONDS  how long to wait for a connection and for the\n"
"                         banner (default 10)\n"
"\n"
"Example:\n"
"  ucjob prune --dry-run\n" },
	{ "doctor",
"usage: ucjob doctor [options]\n"
"\n"
"Check the setup, one line each (ok, warn, fail, note or skip) with a fix for\n"
"each problem: ssh and ssh-keygen and the OpenSSH version, $HOME, the modes\n"
"of ~/.ssh and the config, the key pair, the managed block and Include\n"
"lines, every entry as check does, and the clipboard key would copy with.\n"
"Exit 1 when any check fails.\n"
"\n"
"Example:\n"
"  ucjob doctor\n" },
	{ "ssh",
"usage: ucjob ssh [options] ALIAS|PORT [COMMAND...]\n"
"\n"
"Run ssh to the entry (replacing ucjob), with -F when it was given.\n"
"-n (--dry-run) is refused: ssh changes no file.  -v prints the command.\n"
"\n"
"Example:\n"
"  ucjob ssh 2465 nvidia-smi\n" },
	{ "code",
"usage: ucjob code [options] ALIAS|PORT [DIR]\n"
"\n"
"Open the job in VS Code: code --remote ssh-remote+ALIAS DIR (default\n"
"/work, UCloud's working directory).  Needs VS Code's 'code' command and its\n"
"Remote - SSH extension.  -n (--dry-run) is refused: code changes no file.\n"
"\n"
"Example:\n"
"  ucjob code 2465\n" },
	{ "key",
"usage: ucjob key [options] [--copy] [--new] [--type TYPE] [--file FILE]\n"
"                 [--comment COMMENT] [--no-passphrase]\n"
"                 [--upload [--title TITLE]]\n"
"\n"
"Print your public key (to upload to UCloud: Resources > SSH keys) on\n"
"stdout, its fingerprint on stderr.  The key is FILE, else the setting\n"
"identity-file, else the first pair of ~/.ssh/id_ed25519, id_ecdsa, id_rsa.\n"
"A private key without .pub is completed with ssh-keygen -y; with no key,\n"
"ssh-keygen makes one and asks for its passphrase.  A FILE that does\n"
"not exist, or no default key while ~/.ssh holds pairs of other names,\n"
"is asked about first (refused off a terminal) unless --new is given.\n"
"\n"
"Options:\n"
"      --copy             also put the key on the clipboard (setting clipboard)\n"
"      --new              make a new key; refused when its file exists\n"
"      --type TYPE        ed25519 (default), ecdsa, rsa, ed25519-sk, ecdsa-sk;\n"
"                         find or make ~/.ssh/id_TYPE\n"
"      --file FILE        the private key to find or make\n"
"      --comment COMMENT  a new key's comment (default: user@host)\n"
"      --no-passphrase    make a new key without a passphrase, for scripts\n"
"      --upload           also upload it to your UCloud account (ucjob login),\n"
"                         unless the account has the same key already\n"
"      --title TITLE      the uploaded key's title (default: user@host)\n"
"\n"
"Running container jobs see only the keys present when they started.\n"
"\n"
"Example:\n"
"  ucjob key --copy\n" },
	{ "login",
"usage: ucjob login [options]\n"
"\n"
"Read a UCloud token from the terminal (not echoed) or from stdin, check it\n"
"with one call, store it (mode 0600) in ~/.config/ucjob/credentials, one\n"
"per --site, and say whom and which workspace it covers.  An API token\n"
"(uc...-..., UCloud: Resources > API tokens) is used as it is; a browser\n"
"refresh token (64 hex digits, the refreshToken cookie) is exchanged for\n"
"an access token at each use.  UCJOB_TOKEN overrides the stored token.\n"
"Settings: api-url, api-ca-file, api-timeout.\n"
"\n"
"Example:\n"
"  ucjob login < token.txt\n" },
	{ "logout",
"usage: ucjob logout [options]\n"
"\n"
"Forget the stored token (of --site).  A browser session is ended on the\n"
"server too; an API token works until it expires or is revoked in UCloud\n"
"(Resources > API tokens).\n"
"\n"
"Example:\n"
"  ucjob logout\n" },
	{ "jobs",
"usage: ucjob jobs [options] [--json] [--all]\n"
"\n"
"List your queued and running UCloud jobs: id, name, application, state,\n"
"the SSH endpoint from the job's status lines (or -), expiry (UTC) and the\n"
"alias of the block's entry for the job (or -).  Needs ucjob login.\n"
"\n"
"Options:\n"
"      --json             print a JSON array of objects\n"
"      --all              every member's jobs in a project workspace\n"
"\n"
"Example:\n"
"  ucjob jobs\n" },
	{ "sync",
"usage: ucjob sync [options] [-n] [--yes]\n"
"\n"
"Make the managed block match your UCloud account: an entry for every\n"
"queued or running job of yours with an SSH endpoint (alias: alias-prefix +\n"
"job id, or the job's name with sync-alias = \"name\"), updated when the\n"
"endpoint moved, removed when the job is over, paused or gone; the host key\n"
"of a changed entry is forgotten.  Entries without a job id are never\n"
"touched.  One locked, checked write; a server error writes nothing.\n"
"On a terminal it asks before removing; otherwise (scripts) it removes.\n"
"\n"
"Options:\n"
"  -n, --dry-run          print the change as a unified diff, write nothing\n"
"      --yes              remove without asking\n"
"\n"
"Example:\n"
"  ucjob sync && ssh ucloud-job-4398201\n" },
	{ "wait",
"usage: ucjob wait [options] JOB|ALIAS|PORT [--timeout DUR] [--login]\n"
"\n"
"Wait until a job answers SSH.  With a token and a job id (JOB, or the\n"
"entry's job=), poll the job until it runs with an SSH endpoint, stopping\n"
"at once when it ends; then connect until the port answers with an SSH\n"
"banner.  A progress line is shown on a terminal.  Exit 0 ready, 1 the job\n"
"ended or the time ran out, 2 bad usage.\n"
"\n"
"Options:\n"
"      --timeout DUR      give up after DUR: 90, 90s, 5m, 1h (default 15m)\n"
"      --login            also log in with ssh -o BatchMode=yes ALIAS true and\n"
"                         explain a refusal (a container job started before\n"
"                         your key was uploaded must be restarted)\n"
"\n"
"Example:\n"
"  ucjob wait 4398201 --login && ssh ucloud-job-4398201\n" },
};

void
help_to(FILE *fp, const char *cmd)
{
	size_t i;

	for (i = 0; cmd != NULL && i < sizeof(commands) / sizeof(commands[0]);
	    i++)
		if (strcmp(cmd, commands[i].name) == 0) {
			fputs(commands[i].text, fp);
			fputs("\n", fp);
			fputs(global_help, fp);
			return;
		}
	fputs(
"usage: ucjob [options] COMMAND [ARGS]\n"
"\n"
"SSH access to UCloud jobs: one Host entry per job in ~/.ssh/config.\n"
"\n"
"Commands:\n"
"  add PORT | add ssh ... register a job (ucloud-job-PORT)\n"
"  rm ALIAS|PORT...       remove jobs and forget their host keys\n"
"  list                   list the registered jobs\n"
"  show ALIAS|PORT        print a job's Host entry\n"
"  check [ALIAS|PORT...]  does ssh see the entries as written (--connect)\n"
"  prune                  remove the entries whose job is gone\n"
"  doctor                 check the setup, with a fix for each problem\n"
"  ssh ALIAS|PORT [CMD]   run ssh to a job\n"
"  code ALIAS|PORT [DIR]  open a job in VS Code\n"
"  key [--copy|--upload]  print (or make) your public key for UCloud\n"
"  login                  store your UCloud token (ucjob login < token.txt)\n"
"  logout                 forget your UCloud token\n"
"  jobs [--json]          list your queued and running UCloud jobs\n"
"  sync [-n] [--yes]      make the block match your UCloud jobs\n"
"  wait JOB|ALIAS|PORT    wait until a job answers SSH (--login)\n"
"  help COMMAND           show the help of a command\n"
"\n", fp);
	fputs(global_help, fp);
	fputs(
"\n"
"Example:\n"
"  ucjob add 2465 && ssh ucloud-job-2465\n", fp);
}

void
help(const char *cmd)
{
	help_to(stdout, cmd);
}
