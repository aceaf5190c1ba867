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
"       ucjob add [options] ssh [-p PORT] [-l USER] [-i FILE] [USER@]HOST\n"
"       ucjob add [options] 'SSH: Connected! Available at: ssh USER@HOST -p PORT'\n"
"       ucjob add [options] -\n"
"       ucjob add [options] --from-clipboard\n"
"\n"
"Create or update the Host entry of a UCloud job in the managed block.\n"
"A pasted command may only hold ssh, [USER@]HOST, -p, -l and -i;\n"
"'-' reads the command or the job page's line from standard input.\n"
"\n"
"Options:\n"
"      --name ALIAS       alias of the entry (default: alias-prefix + PORT)\n"
"      --job ID           the UCloud job id, recorded and listed\n"
"      --host HOST        the SSH gateway (default: setting host)\n"
"      --user USER        the remote user (default: setting user)\n"
"  -i, --identity FILE    the private key to use\n"
"  -L, --forward LOCAL[:REMOTE]\n"
"                         forward a local port to the job's localhost\n"
"  -o, --option KEY=VALUE add an ssh_config option to the entry\n"
"      --print            write the entry to stdout, change no file\n"
"      --from-clipboard   read the ssh command from the clipboard\n"
"\n"
"Example:\n"
"  ucjob add 2465 --job 4398201 -L 8888   then: ssh ucloud-job-2465\n" },
	{ "rm",
"usage: ucjob rm [options] ALIAS|PORT...\n"
"       ucjob rm [options] --all\n"
"\n"
"Remove entries from the managed block and forget their host keys.\n"
"An unknown name is an error and nothing is changed.\n"
"\n"
"Options:\n"
"      --all              remove every entry (and the block)\n"
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
"Print the entry's Host block as it stands in the file.\n"
"\n"
"Example:\n"
"  ucjob show 2465\n" },
	{ "key",
"usage: ucjob key [options] [--copy] [--new] [--type TYPE] [--file FILE]\n"
"                 [--comment COMMENT] [--no-passphrase]\n"
"\n"
"Print your public key (to upload to UCloud: Resources > SSH keys) on\n"
"stdout, its fingerprint on stderr.  The key is FILE, else the setting\n"
"identity-file, else the first pair of ~/.ssh/id_ed25519, id_ecdsa, id_rsa.\n"
"A private key without .pub is completed with ssh-keygen -y; with no key,\n"
"ssh-keygen makes one and asks for its passphrase.\n"
"\n"
"Options:\n"
"      --copy             also put the key on the clipboard (setting clipboard)\n"
"      --new              make a new key; refused when its file exists\n"
"      --type TYPE        ed25519 (default), ecdsa, rsa, ed25519-sk, ecdsa-sk;\n"
"                         find or make ~/.ssh/id_TYPE\n"
"      --file FILE        the private key to find or make\n"
"      --comment COMMENT  a new key's comment (default: user@host)\n"
"      --no-passphrase    make a new key without a passphrase, for scripts\n"
"\n"
"Example:\n"
"  ucjob key --copy\n" },
};

void
help(const char *cmd)
{
	size_t i;

	for (i = 0; cmd != NULL && i < sizeof(commands) / sizeof(commands[0]);
	    i++)
		if (strcmp(cmd, commands[i].name) == 0) {
			fputs(commands[i].text, stdout);
			fputs("\n", stdout);
			fputs(global_help, stdout);
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
"  key [--copy]           print (or make) your public key for UCloud\n"
"  help COMMAND           show the help of a command\n"
"\n", stdout);
	fputs(global_help, stdout);
	fputs(
"\n"
"Example:\n"
"  ucjob add 2465 && ssh ucloud-job-2465\n", stdout);
}
