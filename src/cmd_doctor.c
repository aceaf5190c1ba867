/*
 * cmd_doctor: `ucjob doctor`, the checklist of SPEC.md section 2: one
 * line per check, ok, warn, fail, note (the user's own choice, named) or
 * skip (not checked), each
 * problem with a concrete fix.  It reads files and runs ssh -V and
 * ssh -G; it never writes or connects.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "clipboard.h"
#include "identity.h"
#include "jobcheck.h"
#include "keys.h"
#include "mainconfig.h"
#include "msg.h"
#include "osfile.h"
#include "paths.h"
#include "precedence.h"
#include "spawn.h"
#include "sshconfig.h"
#include "ucjob.h"
#include "xmalloc.h"

#define LINE_LEN	16384	/* room for three paths */

struct doctor {
	int	fails;
	int	warns;
};

static const struct option doctor_longopts[] = {
	GLOBAL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* A status as doctor prints it. */
static const char *
doctor_status_name(enum doctor_status status)
{
	switch (status) {
	case DOC_OK:
		return "ok";
	case DOC_NOTE:
		return "note";
	case DOC_WARN:
		return "warn";
	case DOC_FAIL:
		return "fail";
	case DOC_SKIP:
		return "skip";
	}
	return "?";
}

/* "ok   what", "warn what; fix: ...", "fail what; fix: ...",
 * "note what". */
static void
report(struct doctor *d, enum doctor_status status, const char *what,
    const char *fix)
{
	if (status == DOC_FAIL)
		d->fails++;
	else if (status == DOC_WARN)
		d->warns++;
	printf("%-4s %s", doctor_status_name(status), what);
	if (fix != NULL && fix[0] != '\0')
		printf("; fix: %s", fix);
	putchar('\n');
}


static void
check_ssh(struct doctor *d, struct ctx *c, int separate)
{
	const char *argv[] = { c->set.ssh, "-V", NULL };
	char where[PATH_LEN], what[LINE_LEN], fix[LINE_LEN];
	struct spawn_opts opts;
	struct spawn_result res;
	struct ssh_version v;
	int accept_new = strcmp(c->set.host_key_checking, "accept-new") == 0;

	if (spawn_find(c->set.ssh, where, sizeof(where)) != 0) {
		snprintf(what, sizeof(what), "ssh: %s not found", c->set.ssh);
		report(d, DOC_FAIL, what, spawn_install_hint(c->set.ssh));
		return;
	}
	memset(&opts, 0, sizeof(opts));
	opts.stdin_mode = SPAWN_NULL;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = 10000;
	(void)spawn_run(argv, &opts, &res);
	if (ssh_version_parse(res.err ? res.err : "", &v) != 0 &&
	    ssh_version_parse(res.out ? res.out : "", &v) != 0) {
		snprintf(what, sizeof(what), "ssh: %s -V does not say "
		    "OpenSSH", where);
		report(d, DOC_WARN, what, "use the OpenSSH client (set ssh = "
		    "\"...\" in ucjob's settings)");
		spawn_result_free(&res);
		return;
	}
	spawn_result_free(&res);
	snprintf(what, sizeof(what), "ssh: %s (%s)", v.text, where);
	snprintf(fix, sizeof(fix), "upgrade OpenSSH to 7.6 or later");
	if (separate && !ssh_version_at_least(&v, 7, 3)) {
		strlcat(what, ": the block's own file needs Include, OpenSSH "
		    "7.3", sizeof(what));
		report(d, DOC_FAIL, what, fix);
	} else if (!ssh_version_at_least(&v, 7, 6)) {
		strlcat(what, ": StrictHostKeyChecking accept-new needs "
		    "OpenSSH 7.6", sizeof(what));
		report(d, accept_new ? DOC_FAIL : DOC_WARN, what, fix);
	} else
		report(d, DOC_OK, what, NULL);
}

static void
check_keygen(struct doctor *d, struct ctx *c)
{
	char where[PATH_LEN], what[LINE_LEN];

	if (spawn_find(c->set.ssh_keygen, where, sizeof(where)) != 0) {
		snprintf(what, sizeof(what), "ssh-keygen: %s not found",
		    c->set.ssh_keygen);
		report(d, DOC_FAIL, what, spawn_install_hint(c->set.ssh_keygen));
		return;
	}
	snprintf(what, sizeof(what), "ssh-keygen: %s (part of OpenSSH, "
	    "which has no version option for it)", where);
	report(d, DOC_OK, what, NULL);
}

static void
check_home(struct doctor *d, const struct ctx *c)
{
	char what[LINE_LEN], fix[LINE_LEN];

	if (c->ssh_config_opt != NULL && home_differs()) {
		report(d, DOC_OK, "home: $HOME is not the password database's "
		    "home, but -F names the config for ucjob and ssh alike",
		    NULL);
		return;
	}
	if (!home_differs()) {
		report(d, DOC_OK, "home: $HOME is the home directory of the "
		    "password database, which ssh reads", NULL);
		return;
	}
	snprintf(what, sizeof(what), "home: $HOME (%s) is not your home in "
	    "the password database (%s), where ssh reads .ssh/config and "
	    "expands ~", home_dir(), passwd_home());
	snprintf(fix, sizeof(fix), "pass -F FILE to both ucjob and ssh, or "
	    "run ucjob with HOME=%s", passwd_home());
	report(d, DOC_WARN, what, fix);
}

/* Report what an owner and mode rule of osfile.h answered. */
static void
report_owner_mode(struct doctor *d, enum owner_mode m, const char *what,
    const char *fix)
{
	if (m == OWNER_MODE_OK)
		report(d, DOC_OK, what, NULL);
	else
		report(d, m == OWNER_MODE_WARN ? DOC_WARN : DOC_FAIL, what, fix);
}

/* The directory rule ssh-keygen and sshd apply to ~/.ssh (osfile.h). */
static void
check_ssh_dir(struct doctor *d)
{
	char dir[PATH_LEN], what[LINE_LEN], fix[LINE_LEN];

	snprintf(dir, sizeof(dir), "%s/.ssh", home_dir());
	if (os_dir_missing(dir)) {
		snprintf(what, sizeof(what), "%s does not exist", dir);
		snprintf(fix, sizeof(fix), "%s %s (ucjob add does it too)",
		    os_mkdir_command(), dir);
		report(d, DOC_WARN, what, fix);
		return;
	}
	report_owner_mode(d, os_dir_owner_mode(dir, what, sizeof(what), fix,
	    sizeof(fix)), what, fix);
}

/* Rule 5, asked as the writer asks it (osfile.h). */
static void
check_file_mode(struct doctor *d, const char *path)
{
	char what[LINE_LEN], fix[LINE_LEN];
	enum owner_mode m;
	struct stat st;

	if (stat(path, &st) == -1) {
		snprintf(what, sizeof(what), "%s does not exist yet (ucjob "
		    "add creates it)", path);
		report(d, DOC_OK, what, NULL);
		return;
	}
	if ((m = os_owner_mode(-1, path, what, sizeof(what), fix,
	    sizeof(fix))) == OWNER_MODE_OK)
		snprintf(what, sizeof(what), "%s: owner and permissions are "
		    "fine", path);
	report_owner_mode(d, m, what, fix);
}

/* What `ucjob key --copy` would use, without touching the clipboard. */
static void
check_clipboard(struct doctor *d, struct ctx *c)
{
	enum clip_method m[CLIP_MAX_METHODS];
	struct clip_env env;
	char where[PATH_LEN], what[LINE_LEN], fix[LINE_LEN];
	size_t i, n;

	clip_env_read(&env);
	n = clip_methods(c->set.clipboard, &env, 0, m);
	for (i = 0; i < n; i++) {
		if (m[i] == CLIP_OSC52 && strcmp(c->set.clipboard,
		    "auto") == 0 && clip_local_desktop(&env)) {
			snprintf(what, sizeof(what), "clipboard: only OSC 52, "
			    "which GNOME Terminal and other VTE terminals "
			    "ignore on a local desktop (no %s on PATH)",
			    clip_method_name(clip_desktop_method(&env)));
			snprintf(fix, sizeof(fix), "install %s (%s)",
			    env.wayland ? "wl-clipboard" : "xclip or xsel",
			    spawn_install_hint(clip_method_name(
			    clip_desktop_method(&env))));
			report(d, DOC_WARN, what, fix);
			return;
		}
		if (m[i] == CLIP_OSC52) {
			snprintf(what, sizeof(what), "clipboard: OSC 52 through "
			    "the terminal, if it allows it%s", env.tmux ?
			    " (in tmux: set -g set-clipboard on)" : "");
			report(d, DOC_OK, what, NULL);
			return;
		}
		if (spawn_find(clip_method_name(m[i]), where,
		    sizeof(where)) == 0) {
			snprintf(what, sizeof(what), "clipboard: %s", where);
			report(d, DOC_OK, what, NULL);
			return;
		}
	}
	if (strcmp(c->set.clipboard, "none") == 0) {
		report(d, DOC_SKIP, "clipboard: the clipboard setting is \"none\"",
		    NULL);
		return;
	}
	snprintf(what, sizeof(what), "clipboard: nothing for 'ucjob key "
	    "--copy' here (%s)", n > 0 ? "its program is not on PATH" :
	    "no WAYLAND_DISPLAY or DISPLAY, and standard output is no "
	    "terminal for OSC 52");
	report(d, DOC_WARN, what, n > 0 ? spawn_install_hint(clip_method_name(
	    m[0])) : "copy the line that 'ucjob key' prints by hand");
}

/* The key pairs in ~/.ssh besides used, as " (also in ~/.ssh: ...)". */
static void
other_pairs(const char *used, char *out, size_t outlen)
{
	struct key_pairs kp;
	char list[LINE_LEN / 4];

	out[0] = '\0';
	key_pairs_find(&kp);
	if (key_pairs_others(&kp, used, list, sizeof(list)) > 0)
		snprintf(out, outlen, " (also in ~/.ssh: %s; choose one with "
		    "the identity-file setting or add -i FILE)", list);
	key_pairs_free(&kp);
}

static void
check_key(struct doctor *d, struct ctx *c)
{
	char path[PATH_LEN], pub[PATH_LEN + 8], what[LINE_LEN], fix[LINE_LEN];
	char hint[PATH_LEN], others[LINE_LEN / 2];
	struct key_pairs kp;

	if (c->set.identity_file[0] != '\0') {
		if (path_expand(c->set.identity_file, path, sizeof(path)) != 0)
			snprintf(path, sizeof(path), "%s",
			    c->set.identity_file);
		if (identity_judge(c->set.identity_file, path, hint,
		    sizeof(hint)) == IDENTITY_PUBLIC) {
			snprintf(what, sizeof(what), "key pair: the "
			    "identity-file setting names the public key %s; "
			    "ssh needs the private one", c->set.identity_file);
			snprintf(fix, sizeof(fix), "identity-file = \"%s\"",
			    hint);
			report(d, DOC_FAIL, what, fix);
			return;
		}
		snprintf(pub, sizeof(pub), "%s.pub", path);
		if (access(path, F_OK) == 0 && access(pub, F_OK) == 0) {
			other_pairs(path, others, sizeof(others));
			snprintf(what, sizeof(what), "key pair: %s (setting "
			    "identity-file)%s", path, others);
			report(d, DOC_OK, what, NULL);
			return;
		}
	} else if (key_find(c->set.key_type, path, sizeof(path)) == 0) {
		other_pairs(path, others, sizeof(others));
		snprintf(what, sizeof(what), "key pair: %s and %s.pub, used "
		    "by new entries%s", path, path, others);
		report(d, DOC_OK, what, NULL);
		return;
	} else {
		key_pairs_find(&kp);
		if (key_pairs_others(&kp, NULL, others, sizeof(others)) > 0) {
			snprintf(what, sizeof(what), "key pair: none with a "
			    "default name (id_ed25519, id_ecdsa, id_rsa), but "
			    "~/.ssh holds %s", others);
			(void)path_for_config(kp.path[0], hint, sizeof(hint));
			snprintf(fix, sizeof(fix), "to use it, set "
			    "identity-file = \"%s\" in the settings file or "
			    "run ucjob add -i %s PORT", hint, hint);
			key_pairs_free(&kp);
			report(d, DOC_WARN, what, fix);
			return;
		}
		key_pairs_free(&kp);
	}
	snprintf(what, sizeof(what), "key pair: none (%s and its .pub)", path);
	snprintf(fix, sizeof(fix), "ucjob key --copy (it runs ssh-keygen -t "
	    "%s -f %s), then paste it into UCloud (Resources, SSH keys)",
	    c->set.key_type, path);
	report(d, DOC_FAIL, what, fix);
}

/* Each entry's IdentityFile: a private key that exists. */
static void
check_identities(struct doctor *d, const struct jobcheck *jc)
{
	static const char *const problem[] = {
		[IDENTITY_PUBLIC] = "is a public key; ssh needs the private one",
		[IDENTITY_MISSING] = "does not exist",
		[IDENTITY_NOT_FILE] = "is not a file",
	};
	char alias[256], given[PATH_LEN], path[PATH_LEN], hint[PATH_LEN];
	char what[LINE_LEN], fix[LINE_LEN];
	enum identity_verdict v;
	size_t i, nok = 0, nset = 0;

	for (i = 0; i < jc->doc.nentries; i++) {
		if (jc->doc.entries[i].identity.len == 0)
			continue;
		nset++;
		jobcheck_alias(jc, i, alias, sizeof(alias));
		span_copy(&jc->doc, jc->doc.entries[i].identity, given,
		    sizeof(given));
		if (path_expand(given, path, sizeof(path)) != 0)
			snprintf(path, sizeof(path), "%s", given);
		if ((v = identity_judge(given, path, hint, sizeof(hint))) ==
		    IDENTITY_OK) {
			nok++;
			continue;
		}
		snprintf(what, sizeof(what), "entry %s: IdentityFile %s %s",
		    alias, given, problem[v]);
		if (v == IDENTITY_PUBLIC)
			snprintf(fix, sizeof(fix), "add the entry again with "
			    "-i %s", hint);
		else
			snprintf(fix, sizeof(fix), "add the entry again with -i "
			    "and a key you have%s%s%s", v == IDENTITY_MISSING ?
			    ", or make it: ucjob key --file " : "",
			    v == IDENTITY_MISSING ? given : "",
			    v == IDENTITY_MISSING ? " --new" : "");
		report(d, DOC_FAIL, what, fix);
	}
	if (nset > 0 && nok == nset) {
		snprintf(what, sizeof(what), "identity files: the entr%s "
		    "key%s exist%s", nset == 1 ? "y's" : "ies'", nset == 1 ?
		    "" : "s", nset == 1 ? "s" : "");
		report(d, DOC_OK, what, NULL);
	}
}

/* The block parses, sits before the first Host/Match, no BOM. */
static void
check_block(struct doctor *d, const struct jobcheck *jc)
{
	char what[LINE_LEN], fix[LINE_LEN];
	const struct config_doc *doc = &jc->doc;
	unsigned long b, f;

	if (doc->bom) {
		snprintf(what, sizeof(what), "%s starts with a UTF-8 byte "
		    "order mark, which OpenSSH rejects", jc->path);
		snprintf(fix, sizeof(fix), "sed -i '1s/^\\xEF\\xBB\\xBF//' %s",
		    jc->path);
		report(d, DOC_FAIL, what, fix);
	}
	if (!doc->has_block) {
		snprintf(what, sizeof(what), "managed block: none in %s yet",
		    jc->path);
		report(d, DOC_OK, what, NULL);
		return;
	}
	b = line_number(doc->text, doc->block_start);
	if (doc->first_section < doc->block_start) {
		f = line_number(doc->text, doc->first_section);
		snprintf(what, sizeof(what), "managed block: %s line %lu "
		    "comes after the first Host/Match line (line %lu), whose "
		    "values may win", jc->path, b, f);
		snprintf(fix, sizeof(fix), "move the lines from '# BEGIN "
		    "ucjob' to '# END ucjob' above line %lu", f);
		report(d, DOC_FAIL, what, fix);
		return;
	}
	snprintf(what, sizeof(what), "managed block: %s line %lu, %zu "
	    "entr%s, before any Host/Match line", jc->path, b, doc->nentries,
	    doc->nentries == 1 ? "y" : "ies");
	report(d, DOC_OK, what, NULL);
}

/* Rule 10, and Include lines that only apply to one Host section. */
static void
check_includes(struct doctor *d, const struct jobcheck *jc)
{
	struct precedence_hit hit;
	struct config_doc doc;
	char what[LINE_LEN], fix[LINE_LEN], why[256];

	if (precedence_nested_include(jc->scan_data, jc->scan_len, &hit)) {
		snprintf(what, sizeof(what), "%s line %lu (%s) stands inside a "
		    "Host or Match section, so it applies to that section "
		    "only", jc->scan_path, hit.line, hit.text);
		snprintf(fix, sizeof(fix), "move it above the first Host line "
		    "unless that is what you mean");
		report(d, DOC_WARN, what, fix);
	} else {
		snprintf(what, sizeof(what), "%s: no Include inside a Host or "
		    "Match section", jc->scan_path);
		report(d, DOC_OK, what, NULL);
	}
	if (!jc->separate)
		return;
	if (config_parse(jc->scan_data, jc->scan_len, &doc, why,
	    sizeof(why)) == CONFIG_OK && main_config_covers(&doc, jc->path)) {
		snprintf(what, sizeof(what), "%s includes %s before its first "
		    "Host", jc->scan_path, jc->path);
		report(d, DOC_OK, what, NULL);
	} else {
		snprintf(what, sizeof(what), "%s does not include %s (the "
		    "ssh-config setting) before its first Host", jc->scan_path,
		    jc->path);
		snprintf(fix, sizeof(fix), "add 'Include %s' as its first "
		    "line, or run ucjob add again", jc->path);
		report(d, DOC_FAIL, what, fix);
	}
	config_doc_free(&doc);
}

/* A note on an entry: host-key checking off and a proxy are the user's
 * choice (note); a Host of the same name outside the block is rarely
 * meant (warn). */
static void
report_note(struct doctor *d, const char *alias, const struct mismatch *m)
{
	char what[LINE_LEN], line[LINE_LEN / 2];

	note_describe(m, line, sizeof(line));
	snprintf(what, sizeof(what), "entry %s: %s", alias, line);
	if (m->kind == MISMATCH_SAME_NAME)
		report(d, DOC_WARN, what, "merge it into the block with ucjob "
		    "add (-L, -o), or rename it");
	else
		report(d, DOC_NOTE, what, NULL);
}

static void
check_entries(struct doctor *d, const struct jobcheck *jc)
{
	struct verify_result *res;
	struct block_place bp;
	const struct mismatch *m;
	char alias[256], what[LINE_LEN], line[LINE_LEN / 2];
	char hint[LINE_LEN / 2], include[PATH_LEN + 32];
	size_t i, k;

	res = xmalloc(sizeof(*res));
	/* Where the block stands, so each hint names the right move. */
	memset(&bp, 0, sizeof(bp));
	bp.block = "the block";
	if (strcmp(jc->scan_path, jc->path) != 0) {
		snprintf(include, sizeof(include), "the Include of %s",
		    jc->path);
		bp.block = include;
	} else if (jc->doc.has_block &&
	    jc->doc.first_section < jc->doc.block_start)
		bp.section_line = line_number(jc->data,
		    jc->doc.first_section);
	for (i = 0; i < jc->doc.nentries; i++) {
		jobcheck_alias(jc, i, alias, sizeof(alias));
		switch (jobcheck_verify(jc, i, res)) {
		case VERIFY_OK:
			snprintf(what, sizeof(what), "entry %s: ssh -G sees it "
			    "as written", alias);
			report(d, DOC_OK, what, NULL);
			/* FALLTHROUGH */
		case VERIFY_MISMATCH:
			for (k = 0; k < res->nmismatch; k++) {
				m = &res->mismatch[k];
				if (mismatch_is_note(m)) {
					report_note(d, alias, m);
					continue;
				}
				mismatch_describe(m, line, sizeof(line));
				snprintf(what, sizeof(what), "entry %s: %s",
				    alias, line);
				mismatch_hint(m, &bp, hint, sizeof(hint));
				report(d, DOC_FAIL, what, hint[0] != '\0' ? hint :
				    m->kind == MISMATCH_UNREACHED ? "run ucjob "
				    "and ssh with the same -F FILE, or Include "
				    "the file" : "move the line that wins below "
				    "the block");
			}
			break;
		case VERIFY_REJECTED:
			snprintf(what, sizeof(what), "entry %s: OpenSSH "
			    "rejects the config: %s", alias, res->error);
			report(d, DOC_FAIL, what, "correct the line named");
			break;
		case VERIFY_CANNOT_RUN:
			snprintf(what, sizeof(what), "entry %s: cannot run "
			    "ssh -G: %s", alias, res->error);
			report(d, DOC_FAIL, what, "install the OpenSSH client");
			break;
		}
	}
	free(res);
}

static void
account_report(void *d, enum doctor_status status, const char *what,
    const char *fix)
{
	report(d, status, what, fix);
}

/* The UCloud account link: curl and the stored token (account.c). */
static void
check_account(struct doctor *d, struct ctx *c)
{
	char where[PATH_LEN];

	account_doctor(c, spawn_find(ACCOUNT_CURL, where, sizeof(where)) ==
	    0 ? where : NULL, account_report, d);
}

int
cmd_doctor(struct ctx *c, int argc, char **argv)
{
	struct doctor d;
	struct jobcheck jc;
	char **pos;
	int npos, rc;

	memset(&d, 0, sizeof(d));
	rc = parse_args(c, argc, argv, GLOBAL_SHORTOPTS, doctor_longopts,
	    NULL, NULL, &pos, &npos, NULL);
	if (rc == 0 && npos > 0)
		rc = usage_error(c->cmd, "unexpected '%s'", pos[0]);
	free(pos);
	if (rc != 0 || (rc = load_settings(c)) != 0)
		return rc;
	check_ssh(&d, c, c->ssh_config_opt == NULL && c->set.ssh_config_set);
	check_keygen(&d, c);
	check_home(&d, c);
	check_ssh_dir(&d);
	check_key(&d, c);
	if (jobcheck_open(c, &jc) != 0) {
		report(&d, DOC_FAIL, "the ssh config cannot be used (see the "
		    "error above)", "correct what the error names");
	} else {
		check_file_mode(&d, jc.path);
		if (jc.separate)
			check_file_mode(&d, jc.scan_path);
		check_block(&d, &jc);
		check_includes(&d, &jc);
		check_entries(&d, &jc);
		check_identities(&d, &jc);
		jobcheck_close(&jc);
	}
	check_clipboard(&d, c);
	check_account(&d, c);
	return d.fails ? EXIT_FAIL : 0;
}
