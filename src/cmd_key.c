/*
 * cmd_key: `ucjob key`: find the user's key pair, or make one with
 * ssh-keygen on the user's terminal, then print the public key on stdout
 * (nothing else goes there, so `ucjob key > file` works), its fingerprint
 * and the next step on stderr, and with --copy put it on the clipboard.
 *
 * It never overwrites a key file, never runs a shell, and writes nothing
 * but ~/.ssh (0700) when it is missing, the key ssh-keygen makes, and a
 * missing .pub that the user agreed to have completed.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "clipboard.h"
#include "identity.h"
#include "keys.h"
#include "msg.h"
#include "parse_keygen.h"
#include "paths.h"
#include "spawn.h"
#include "sshkeys_api.h"
#include "suggest.h"
#include "ucjob.h"
#include "xmalloc.h"

#define PUB_MAX		65536	/* bytes of a .pub file we read */
#define COMMENT_MAX	1024
#define LIST_TIMEOUT_MS	30000
#define NEXT_STEP	"paste it into UCloud: Resources \342\206\222 SSH keys"

struct key_opts {
	int		 copy;
	int		 new_key;
	int		 no_passphrase;
	int		 upload;
	const char	*title;		/* --upload's title, or NULL */
	const char	*type;
	const char	*comment;
	const char	*file;
};

/* The public key to show: its line (no newline) and where it came from. */
struct pubkey {
	char		 priv[PATH_LEN];
	char		 pub[PATH_LEN + 4];
	char		*line;
	size_t		 len;
	int		 from_file;	/* read from pub, not derived */
};

static const struct option key_longopts[] = {
	GLOBAL_LONGOPTS,
	{ "copy",		no_argument,		NULL, OPT_KEY_COPY },
	{ "type",		required_argument,	NULL, OPT_KEY_TYPE },
	{ "comment",		required_argument,	NULL, OPT_KEY_COMMENT },
	{ "file",		required_argument,	NULL, OPT_KEY_FILE },
	{ "new",		no_argument,		NULL, OPT_KEY_NEW },
	{ "no-passphrase",	no_argument,		NULL,
	    OPT_KEY_NO_PASSPHRASE },
	{ "upload",		no_argument,		NULL, OPT_KEY_UPLOAD },
	{ "title",		required_argument,	NULL, OPT_KEY_TITLE },
	{ NULL, 0, NULL, 0 }
};

static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return 1;
	return 0;
}

static int
key_option(struct ctx *c, int opt, const char *arg, void *state)
{
	struct key_opts *o = state;
	char path[PATH_LEN];
	size_t n;

	switch (opt) {
	case OPT_KEY_COPY:
		o->copy = 1;
		return 0;
	case OPT_KEY_NEW:
		o->new_key = 1;
		return 0;
	case OPT_KEY_NO_PASSPHRASE:
		o->no_passphrase = 1;
		return 0;
	case OPT_KEY_UPLOAD:
		o->upload = 1;
		return 0;
	case OPT_KEY_TITLE:
		if (!sshkey_title_valid(arg))
			return usage_error(c->cmd, "invalid title: it must be "
			    "one non-blank line of under %d bytes",
			    SSHKEY_TITLE_MAX);
		o->title = arg;
		return 0;
	case OPT_KEY_TYPE:
		if (key_default_path(arg, path, sizeof(path)) != 0)
			return usage_error(c->cmd, "invalid key type '%s': "
			    "expected ed25519, ecdsa, rsa, ed25519-sk or "
			    "ecdsa-sk", arg);
		o->type = arg;
		return 0;
	case OPT_KEY_COMMENT:
		if (has_control(arg) || strlen(arg) >= COMMENT_MAX)
			return usage_error(c->cmd, "invalid comment '%s': it "
			    "must be one line of under %d bytes", arg,
			    COMMENT_MAX);
		o->comment = arg;
		return 0;
	case OPT_KEY_FILE:
		n = strlen(arg);
		if (n == 0 || has_control(arg) ||
		    path_expand(arg, path, sizeof(path)) != 0)
			return usage_error(c->cmd, "invalid key file '%s'",
			    arg);
		if (n > 4 && strcmp(arg + n - 4, ".pub") == 0)
			return usage_error(c->cmd, "--file names the private "
			    "key, not its .pub: '%.*s'", (int)(n - 4), arg);
		o->file = arg;
		return 0;
	}
	return usage_error(c->cmd, "unexpected option");
}

/* Whether a question can be asked and answered on the terminal. */
static int
can_ask(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

/* Whether ssh-keygen will find a terminal to ask for a passphrase. */
static int
have_terminal(void)
{
	int fd;

	if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		return 0;
	(void)close(fd);
	return 1;
}

/* A yes/no question on stderr, the answer from stdin; an empty answer
 * is dflt. */
static int
ask(const char *question, int dflt)
{
	char answer[64];

	fprintf(stderr, "ucjob: %s %s ", question, dflt ? "[Y/n]" : "[y/N]");
	fflush(stderr);
	if (fgets(answer, sizeof(answer), stdin) == NULL)
		return 0;
	answer[strcspn(answer, " \t\r\n")] = '\0';
	if (answer[0] == '\0')
		return dflt;
	return strcmp(answer, "y") == 0 || strcmp(answer, "Y") == 0 ||
	    strcmp(answer, "yes") == 0;
}

static int
ask_yes(const char *question)
{
	return ask(question, 1);
}

static void
default_comment(char *out, size_t len)
{
	struct passwd *pw = getpwuid(getuid());
	const char *user = pw != NULL ? pw->pw_name : getenv("USER");
	char host[256];

	if (user == NULL || user[0] == '\0')
		user = "user";
	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	if (host[0] != '\0')
		(void)snprintf(out, len, "%s@%s", user, host);
	else
		(void)snprintf(out, len, "%s", user);
}

/* ssh-keygen did not run or failed: say so (its own words went to the
 * terminal already).  Returns EXIT_FAIL. */
static int
keygen_failed(const char *program, const char *what,
    const struct spawn_result *res)
{
	char how[64];

	if (!res->started && res->start_errno == ENOENT)
		error_line("%s not found: %s", program,
		    spawn_install_hint(program));
	else
		error_line("%s: %s %s", what, program,
		    spawn_describe(res, how, sizeof(how)));
	return EXIT_FAIL;
}

/* Make the key's directory (0700) when it is missing; one level only. */
static int
make_key_dir(const char *priv)
{
	char dir[PATH_LEN];
	char *slash;
	struct stat st;

	(void)snprintf(dir, sizeof(dir), "%s", priv);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (stat(dir, &st) == 0)
		return 0;
	if (mkdir(dir, 0700) != 0 || chmod(dir, 0700) != 0) {
		error_line("cannot create %s: %s", dir, strerror(errno));
		return EXIT_FAIL;
	}
	notice("created %s (mode 0700)", dir);
	return 0;
}

/* Run ssh-keygen to make the pair at priv, on the user's terminal. */
static int
generate(struct ctx *c, const struct key_opts *o, const char *priv)
{
	const char *argv[12];
	struct spawn_opts so;
	struct spawn_result res;
	char comment[COMMENT_MAX];
	const char *type = o->type ? o->type : c->set.key_type;
	int n = 0, rc;

	if (o->comment != NULL)
		(void)snprintf(comment, sizeof(comment), "%s", o->comment);
	else
		default_comment(comment, sizeof(comment));
	if (c->dry_run) {
		notice("would create %s with: %s -t %s -C '%s' -f %s%s", priv,
		    c->set.ssh_keygen, type, comment, priv,
		    o->no_passphrase ? " -N ''" : "");
		return EXIT_HELP;	/* nothing more to do */
	}
	if (!o->no_passphrase && !have_terminal()) {
		error_line("no terminal to ask for the new key's passphrase: "
		    "run 'ucjob key' in a terminal, or pass --no-passphrase "
		    "for a key without one");
		return EXIT_USAGE;
	}
	if ((rc = make_key_dir(priv)) != 0)
		return rc;
	notice("creating %s (%s, comment '%s') with %s%s", priv, type,
	    comment, c->set.ssh_keygen, o->no_passphrase ? ", no passphrase" :
	    "; it asks for a passphrase to protect the key");
	argv[n++] = c->set.ssh_keygen;
	argv[n++] = "-q";
	argv[n++] = "-t";
	argv[n++] = type;
	argv[n++] = "-C";
	argv[n++] = comment;
	argv[n++] = "-f";
	argv[n++] = priv;
	if (o->no_passphrase) {
		argv[n++] = "-N";
		argv[n++] = "";
	}
	argv[n] = NULL;
	/* The passphrase prompts reach the user; ssh-keygen's messages
	 * (such as "Passphrases do not match") go to stderr, not among
	 * the results on stdout. */
	memset(&so, 0, sizeof(so));
	so.stdin_mode = SPAWN_INHERIT;
	so.stdout_mode = SPAWN_STDERR;
	so.stderr_mode = SPAWN_INHERIT;
	debug("running %s -q -t %s -C '%s' -f %s%s", c->set.ssh_keygen, type,
	    comment, priv, o->no_passphrase ? " -N ''" : "");
	if (spawn_run(argv, &so, &res) != 0) {
		rc = keygen_failed(c->set.ssh_keygen, "cannot create the key",
		    &res);
		spawn_result_free(&res);
		return rc;
	}
	spawn_result_free(&res);
	if (key_state(priv) != KEY_PAIR) {
		error_line("%s did not leave %s and %s.pub", c->set.ssh_keygen,
		    priv, priv);
		return EXIT_FAIL;
	}
	notice("created %s (private, keep it secret) and %s.pub", priv, priv);
	return 0;
}

/* Write pk->line to the missing pk->pub, 0644, never over a file. */
static int
write_pub(struct pubkey *pk)
{
	int fd, saved;
	ssize_t n = -1;

	fd = open(pk->pub, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1) {
		saved = errno;
		goto bad;
	}
	if (fchmod(fd, 0644) == 0 &&
	    (n = write(fd, pk->line, pk->len + 1)) == (ssize_t)(pk->len + 1) &&
	    fsync(fd) == 0) {
		if (close(fd) == 0)
			return 0;
		saved = errno;	/* closed all the same */
	} else {
		saved = errno;
		(void)close(fd);
	}
	(void)unlink(pk->pub);
bad:
	error_line("cannot write %s: %s", pk->pub, n >= 0 && saved == 0 ?
	    "short write" : strerror(saved));
	return EXIT_FAIL;
}

/*
 * The private key has no .pub: get the public key from it with
 * ssh-keygen -y (which asks for the passphrase if there is one) and, if
 * the user agrees on the terminal, write the .pub.
 */
static int
complete_pub(struct ctx *c, struct pubkey *pk)
{
	const char *argv[] = { c->set.ssh_keygen, "-y", "-f", pk->priv, NULL };
	struct spawn_opts so;
	struct spawn_result res;
	char question[PATH_LEN * 2 + 64], why[256];
	size_t linelen;
	int asked = 0, keep = 0, rc;

	if (!c->dry_run && can_ask()) {
		(void)snprintf(question, sizeof(question), "%s has no public "
		    "key file; write %s from it (ssh-keygen -y)?", pk->priv,
		    pk->pub);
		asked = 1;
		keep = ask_yes(question);
	}
	memset(&so, 0, sizeof(so));
	so.stdin_mode = SPAWN_INHERIT;
	so.stdout_mode = SPAWN_CAPTURE;
	so.stderr_mode = SPAWN_INHERIT;
	debug("running %s -y -f %s", c->set.ssh_keygen, pk->priv);
	if (spawn_run(argv, &so, &res) != 0) {
		rc = keygen_failed(c->set.ssh_keygen, "cannot read the public "
		    "key from the private key", &res);
		spawn_result_free(&res);
		return rc;
	}
	if (pubkey_line_parse(res.out, res.out_len, &linelen, why,
	    sizeof(why)) != 0) {
		error_line("%s -y -f %s: %s", c->set.ssh_keygen, pk->priv, why);
		spawn_result_free(&res);
		return EXIT_FAIL;
	}
	pk->line = res.out;	/* ours now */
	res.out = NULL;
	spawn_result_free(&res);
	pk->len = linelen;
	pk->line[pk->len] = '\n';	/* one line, one newline */
	if (keep) {
		if ((rc = write_pub(pk)) != 0)
			return rc;
		pk->from_file = 1;
		notice("wrote %s", pk->pub);
	} else if (!asked)
		notice("%s has no public key file; printing the key derived "
		    "from it (keep it with: %s -y -f %s > %s)", pk->priv,
		    c->set.ssh_keygen, pk->priv, pk->pub);
	return 0;
}

static int
read_pub(struct pubkey *pk)
{
	char why[256];
	size_t linelen;
	ssize_t n;
	int fd;

	pk->line = xmalloc(PUB_MAX + 1);
	if ((fd = open(pk->pub, O_RDONLY | O_CLOEXEC)) == -1 ||
	    (n = read(fd, pk->line, PUB_MAX + 1)) == -1) {
		error_line("cannot read %s: %s", pk->pub, strerror(errno));
		if (fd != -1)
			(void)close(fd);
		return EXIT_FAIL;
	}
	(void)close(fd);
	if (n > PUB_MAX) {
		error_line("cannot use %s: larger than %d bytes", pk->pub,
		    PUB_MAX);
		return EXIT_FAIL;
	}
	if (pubkey_line_parse(pk->line, (size_t)n, &linelen, why,
	    sizeof(why)) != 0) {
		error_line("cannot use %s: %s", pk->pub, why);
		return EXIT_FAIL;
	}
	pk->len = linelen;
	pk->line[pk->len] = '\n';
	pk->from_file = 1;
	return 0;
}

/*
 * Describe the key for stderr: where it is and its fingerprint, from
 * ssh-keygen -l on exactly the line shown, into desc.  Returns 0 (a
 * missing ssh-keygen only loses the fingerprint), or EXIT_FAIL when
 * ssh-keygen says the line is no key.
 */
static int
describe_key(struct ctx *c, const struct pubkey *pk, char *desc,
    size_t desclen)
{
	const char *argv[] = { c->set.ssh_keygen, "-l", "-f", "-", NULL };
	struct spawn_opts so;
	struct spawn_result res;
	struct key_fingerprint fp;
	char where[PATH_LEN + 64], why[256], how[64];
	int rc = 0;

	if (pk->from_file)
		(void)snprintf(where, sizeof(where), "public key %s", pk->pub);
	else
		(void)snprintf(where, sizeof(where), "public key of %s",
		    pk->priv);
	memset(&so, 0, sizeof(so));
	so.input = pk->line;
	so.input_len = pk->len + 1;
	so.stdout_mode = SPAWN_CAPTURE;
	so.stderr_mode = SPAWN_CAPTURE;
	so.timeout_ms = LIST_TIMEOUT_MS;
	if (spawn_run(argv, &so, &res) != 0) {
		if (!res.started)
			(void)snprintf(desc, desclen, "%s (no fingerprint: %s "
			    "%s: %s)", where, c->set.ssh_keygen,
			    spawn_describe(&res, how, sizeof(how)),
			    spawn_install_hint(c->set.ssh_keygen));
		else {
			error_line("%s does not hold a valid public key: %s "
			    "-l %s: %.*s", pk->from_file ? pk->pub : pk->priv,
			    c->set.ssh_keygen, spawn_describe(&res, how,
			    sizeof(how)), res.err ? (int)strcspn(res.err,
			    "\n") : 0, res.err ? res.err : "");
			rc = EXIT_FAIL;
		}
	} else if (keygen_fingerprint_parse(res.out, res.out_len, &fp, why,
	    sizeof(why)) != 0)
		(void)snprintf(desc, desclen, "%s (no fingerprint: %s)",
		    where, why);
	else
		(void)snprintf(desc, desclen, "%s, fingerprint %s (%s, %d "
		    "bits) %.*s", where, fp.fingerprint, fp.type, fp.bits,
		    (int)fp.comment_len, fp.comment ? fp.comment : "");
	spawn_result_free(&res);
	return rc;
}

/* --copy: the key on the clipboard; the key is printed either way. */
static int
copy_key(struct ctx *c, const struct pubkey *pk)
{
	struct clip_env env;
	enum clip_method used;
	char why[1024];

	clip_env_read(&env);
	if (clipboard_copy(c->set.clipboard, &env, pk->line, pk->len + 1,
	    &used, why, sizeof(why)) != 0) {
		error_line("cannot put the key on the clipboard (copy the "
		    "line printed above instead): %s", why);
		return EXIT_FAIL;
	}
	if (used != CLIP_OSC52) {
		notice("copied to the clipboard with %s; next: %s",
		    clip_method_name(used), NEXT_STEP);
		return 0;
	}
	if (strcmp(c->set.clipboard, "auto") == 0 &&
	    clip_local_desktop(&env)) {
		error_line("sent the key to the terminal with OSC 52, but no "
		    "clipboard program was found, and on a local desktop many "
		    "terminals (GNOME Terminal and other VTE ones) ignore OSC "
		    "52: copy the line printed above by hand, and for next "
		    "time install %s (%s)", env.wayland ? "wl-clipboard" :
		    "xclip or xsel", spawn_install_hint(clip_method_name(
		    clip_desktop_method(&env))));
		return EXIT_FAIL;
	}
	notice("sent to the terminal's clipboard with OSC 52 (your terminal "
	    "must allow it); next: %s", NEXT_STEP);
	if (env.tmux)
		notice("inside tmux, OSC 52 needs 'set -g set-clipboard on' "
		    "(or 'set -g allow-passthrough on') in ~/.tmux.conf");
	return 0;
}

/*
 * Which key: --file, else the identity-file setting, else ~/.ssh/id_TYPE
 * with --type or --new, else the first of the default names.  Fills priv
 * and *state.
 */
static int
choose_key(struct ctx *c, const struct key_opts *o, char *priv,
    enum key_state *state)
{
	struct key_search ks;
	const char *given = o->file ? o->file : c->set.identity_file[0] ?
	    c->set.identity_file : NULL;
	const char *type = o->type ? o->type : c->set.key_type;

	if (given != NULL) {
		if (path_expand(given, priv, PATH_LEN) != 0)
			return usage_error(c->cmd, "cannot use key file '%s'",
			    given);
	} else if (o->type != NULL || o->new_key) {
		if (key_default_path(type, priv, PATH_LEN) != 0)
			return usage_error(c->cmd, "invalid key type '%s'",
			    type);
	} else {
		key_search(&ks);
		if (ks.orphan[0] != '\0')
			notice("ignoring %s.pub: its private key %s is gone",
			    ks.orphan, ks.orphan);
		if (ks.state != KEY_NONE) {
			memcpy(priv, ks.path, PATH_LEN);
			*state = ks.state;
			return 0;
		}
		if (key_default_path(type, priv, PATH_LEN) != 0)
			return usage_error(c->cmd, "invalid key type '%s'",
			    type);
	}
	*state = key_state(priv);
	return 0;
}

/* Ask question (no by default): 0 for yes, else EXIT_USAGE. */
static int
declined(const char *question)
{
	if (ask(question, 0))
		return 0;
	notice("no key created");
	return EXIT_USAGE;
}

/*
 * The key pair in ~/.ssh whose name is nearest to the missing priv (as
 * given), written the way given is, into out; "" when there is none.
 */
static void
nearest_key(const char *given, const char *priv, char *out, size_t outlen)
{
	struct key_pairs kp;
	const char *names[64], *best, *slash, *gslash;
	size_t i, n = 0, dirlen;

	out[0] = '\0';
	if ((slash = strrchr(priv, '/')) == NULL)
		return;
	dirlen = (size_t)(slash - priv) + 1;
	key_pairs_find(&kp);
	for (i = 0; i < kp.n && n < sizeof(names) / sizeof(names[0]); i++)
		if (strncmp(kp.path[i], priv, dirlen) == 0 &&
		    strchr(kp.path[i] + dirlen, '/') == NULL)
			names[n++] = kp.path[i] + dirlen;
	if ((best = suggest_nearest(slash + 1, names, n)) != NULL) {
		gslash = strrchr(given, '/');
		(void)snprintf(out, outlen, "%.*s%s", gslash ? (int)(gslash -
		    given + 1) : 0, given, best);
	}
	key_pairs_free(&kp);
}

/*
 * Before a new key is made where none was asked for (--new): a --file
 * naming nothing may be a typo, and with no key of a default name the
 * user may mean a pair of another name.  Asks on a terminal (no by
 * default); otherwise refuses.  0 to go on, or an exit status.
 */
static int
confirm_new(struct ctx *c, const struct key_opts *o, const char *priv)
{
	struct key_pairs kp;
	char others[PATH_LEN], question[PATH_LEN * 3], near[PATH_LEN];
	size_t n;

	if (o->new_key || c->dry_run)
		return 0;
	if (o->file != NULL) {
		(void)snprintf(question, sizeof(question), "%s does not exist; "
		    "create a new key there?", o->file);
		nearest_key(o->file, priv, near, sizeof(near));
		if (near[0] != '\0')
			(void)snprintf(question, sizeof(question), "%s does not "
			    "exist (did you mean %s?); create a new key there?",
			    o->file, near);
		if (can_ask())
			return declined(question);
		if (near[0] != '\0')
			return usage_error(c->cmd, "no key at %s: did you mean "
			    "%s? (to create a new key there, add --new)",
			    o->file, near);
		return usage_error(c->cmd, "no key at %s (a typo?): name an "
		    "existing private key, or add --new to create one there",
		    o->file);
	}
	if (c->set.identity_file[0] != '\0' || o->type != NULL)
		return 0;
	key_pairs_find(&kp);
	n = key_pairs_others(&kp, NULL, others, sizeof(others));
	key_pairs_free(&kp);
	if (n == 0)
		return 0;
	(void)snprintf(question, sizeof(question), "no key pair with a "
	    "default name; ~/.ssh holds %s.  Create %s anyway?", others, priv);
	if (can_ask())
		return declined(question);
	return usage_error(c->cmd, "no key pair with a default name "
	    "(id_ed25519, id_ecdsa, id_rsa), but ~/.ssh holds %s: print one "
	    "with 'ucjob key --file FILE' (and set identity-file to use it for "
	    "new entries), or create %s with 'ucjob key --new'", others, priv);
}

/* With several key pairs in ~/.ssh, say which one is used. */
static void
say_others(const char *priv)
{
	struct key_pairs kp;
	char others[PATH_LEN];

	key_pairs_find(&kp);
	if (key_pairs_others(&kp, priv, others, sizeof(others)) > 0)
		notice("using %s; ~/.ssh also holds %s ('ucjob key --file "
		    "FILE' prints another)", priv, others);
	key_pairs_free(&kp);
}

int
cmd_key(struct ctx *c, int argc, char **argv)
{
	struct key_opts o;
	struct pubkey pk;
	enum key_state state = KEY_NONE;
	char **pos, desc[PATH_LEN + 2048], title[SSHKEY_TITLE_MAX];
	const char *extra;
	int npos, rc;

	memset(&o, 0, sizeof(o));
	memset(&pk, 0, sizeof(pk));
	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, key_longopts,
	    key_option, &o, &pos, &npos, NULL);
	extra = rc == 0 && npos > 0 ? pos[0] : NULL;
	free(pos);
	if (rc != 0)
		return rc;
	if (extra != NULL)
		return usage_error(c->cmd, "unexpected argument '%s'", extra);
	if (o.title != NULL && !o.upload)
		return usage_error(c->cmd, "--title goes with --upload");
	if (o.upload && c->dry_run)
		return usage_error(c->cmd, "--upload has no --dry-run (-n); "
		    "nothing was made or sent");
	if ((rc = load_settings(c)) != 0 ||
	    (rc = choose_key(c, &o, pk.priv, &state)) != 0)
		return rc;
	(void)snprintf(pk.pub, sizeof(pk.pub), "%s.pub", pk.priv);

	if (o.new_key && state != KEY_NONE) {
		error_line("%s exists already; not overwriting it (choose "
		    "another name with --file)", state == KEY_PUBLIC_ONLY ?
		    pk.pub : pk.priv);
		return EXIT_USAGE;
	}
	switch (state) {
	case KEY_PUBLIC_ONLY:
		error_line("%s has no private key %s (deleted?), and a public "
		    "key alone cannot log in; move it away and run 'ucjob "
		    "key' again, or make another key with --file", pk.pub,
		    pk.priv);
		return EXIT_FAIL;
	case KEY_NONE:
		if ((rc = confirm_new(c, &o, pk.priv)) != 0 ||
		    (rc = generate(c, &o, pk.priv)) != 0)
			return rc == EXIT_HELP ? 0 : rc;
		rc = read_pub(&pk);
		break;
	case KEY_PRIVATE_ONLY:
		rc = complete_pub(c, &pk);
		break;
	case KEY_PAIR:
		if (o.comment != NULL || o.no_passphrase)
			notice("using the existing key %s; --comment and "
			    "--no-passphrase apply to a new key (--new)",
			    pk.priv);
		if (o.file == NULL)
			say_others(pk.priv);
		rc = read_pub(&pk);
		break;
	}
	if (rc == 0)
		rc = describe_key(c, &pk, desc, sizeof(desc));
	if (rc == 0) {
		fwrite(pk.line, 1, pk.len + 1, stdout);
		fflush(stdout);
		notice("%s", desc);
		if (o.copy)
			rc = copy_key(c, &pk);
		else if (!o.upload)
			notice("next: %s (or run 'ucjob key --copy' to put it "
			    "on the clipboard)", NEXT_STEP);
	}
	if (rc == 0 && o.upload) {
		if (o.title == NULL)
			default_comment(title, sizeof(title));
		rc = account_key_upload(c, pk.line, pk.len,
		    o.title ? o.title : title);
	}
	free(pk.line);
	return rc;
}
