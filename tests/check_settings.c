/*
 * Tests for settings.c: ucjob's own settings (SPEC.md section 4).  Each
 * test runs with HOME pointing at a fresh temporary directory and every
 * variable the loader reads unset, and puts the environment back after.
 * Run from the top of the repository (the example file is read from
 * share/ucjob/config.example).
 */
#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "settings.h"

static const char *const env_names[] = {
	"HOME", "XDG_CONFIG_HOME", "UCJOB_CONFIG", "UCJOB_HOST", "UCJOB_USER",
	"UCJOB_ALIAS_PREFIX", "UCJOB_IDENTITY_FILE", "UCJOB_KNOWN_HOSTS",
	"UCJOB_SSH_CONFIG", "UCJOB_KEY_TYPE", "UCJOB_CLIPBOARD",
	"UCJOB_HOST_KEY_CHECKING", "UCJOB_SSH", "UCJOB_SSH_KEYGEN",
};
#define NENV	(sizeof(env_names) / sizeof(env_names[0]))

static char	*env_saved[NENV];
static int	 env_was_set[NENV];
static char	 tmpdir[256];
static char	 paths[8][512];
static int	 npath;
static struct settings st;
static char	 errbuf[512];

#define ck_assert_err_has(needle) \
	ck_assert_msg(strstr(errbuf, (needle)) != NULL, \
	    "error \"%s\" lacks \"%s\"", errbuf, (needle))

static void
setup(void)
{
	const char *base;
	size_t i;

	for (i = 0; i < NENV; i++) {
		const char *v = getenv(env_names[i]);

		env_was_set[i] = v != NULL;
		env_saved[i] = v != NULL ? strdup(v) : NULL;
		unsetenv(env_names[i]);
	}
	if ((base = getenv("TMPDIR")) == NULL || *base == '\0')
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/ucjob-settings.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	setenv("HOME", tmpdir, 1);
	memset(&st, 0, sizeof(st));
	errbuf[0] = '\0';
	npath = 0;
}

static int
remove_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
teardown(void)
{
	size_t i;

	settings_free(&st);
	chmod(tmpdir, 0700);
	nftw(tmpdir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	for (i = 0; i < NENV; i++) {
		if (env_was_set[i])
			setenv(env_names[i], env_saved[i], 1);
		else
			unsetenv(env_names[i]);
		free(env_saved[i]);
		env_saved[i] = NULL;
	}
}

/* A path inside the temporary directory (kept until the test ends). */
static const char *
tmp_path(const char *rel)
{
	char *p = paths[npath++ % 8];

	snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, rel);
	return p;
}

/* Write text to rel under the temporary directory, making directories. */
static const char *
tmp_write(const char *rel, const char *text)
{
	const char *path = tmp_path(rel);
	char dir[512], *slash;
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = dir + strlen(tmpdir) + 1; (slash = strchr(slash, '/'));
	    slash++) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

static int
load(const char *path, const char *site)
{
	settings_free(&st);
	return settings_load(&st, path, site, errbuf, sizeof(errbuf));
}

/* Expect a failure naming path and line. */
static void
expect_error_at(const char *path, int line)
{
	char where[600];

	snprintf(where, sizeof(where), "%s:%d:", path, line);
	ck_assert_err_has(where);
	ck_assert_ptr_null(strchr(errbuf, '\n'));
}

static void
assert_defaults(const struct settings *s)
{
	ck_assert_str_eq(s->host, "ssh.cloud.sdu.dk");
	ck_assert_str_eq(s->user, "ucloud");
	ck_assert_str_eq(s->alias_prefix, "ucloud-job-");
	ck_assert_str_eq(s->identity_file, "");
	ck_assert_str_eq(s->known_hosts, "~/.ssh/ucjob_known_hosts");
	ck_assert_str_eq(s->ssh_config, "~/.ssh/config");
	ck_assert_str_eq(s->key_type, "ed25519");
	ck_assert_str_eq(s->clipboard, "auto");
	ck_assert_str_eq(s->host_key_checking, "ask");
	ck_assert_str_eq(s->ssh, "ssh");
	ck_assert_str_eq(s->ssh_keygen, "ssh-keygen");
	ck_assert_uint_eq(s->noptions, 0);
}

static const char every_key[] =
    "host = \"gw.example.org\"\n"
    "user = \"alice\"\n"
    "alias-prefix = \"job-\"\n"
    "identity-file = \"/keys/id_test\"\n"
    "known-hosts = \"/kh/known hosts\"\n"
    "ssh-config = \"~/.ssh/ucjob.conf\"\n"
    "key-type = \"ecdsa-sk\"\n"
    "clipboard = \"osc52\"\n"
    "host-key-checking = \"accept-new\"\n"
    "ssh = \"/opt/ssh/bin/ssh\"\n"
    "ssh-keygen = \"/opt/ssh/bin/ssh-keygen\"\n";

static const char with_sites[] =
    "host = \"top.example.org\"\n"
    "user = \"topuser\"\n"
    "options = {\"ServerAliveInterval 60\"}\n"
    "site \"aau\" {\n"
    "\thost = \"aau.example.org\"\n"
    "}\n"
    "site \"full\" {\n"
    "\thost = \"full.example.org\"\n"
    "\tuser = \"fulluser\"\n"
    "\tclipboard = \"none\"\n"
    "\tssh-config = \"/etc/ucjob/ssh_config\"\n"
    "\toptions = {\"Compression yes\", \"ForwardAgent no\"}\n"
    "}\n"
    "site \"empty\" {\n"
    "\toptions = {}\n"
    "}\n";

START_TEST(test_defaults_without_file)
{
	ck_assert_int_eq(load(NULL, NULL), 0);
	assert_defaults(&st);
	ck_assert_ptr_null(st.path);
	ck_assert_uint_eq(st.nsites, 0);
	ck_assert_int_eq(st.ssh_config_set, 0);
	ck_assert_str_eq(errbuf, "");
}
END_TEST

START_TEST(test_every_key_from_file)
{
	const char *path = tmp_write("every.conf", every_key);

	ck_assert_int_eq(load(path, NULL), 0);
	ck_assert_str_eq(st.host, "gw.example.org");
	ck_assert_str_eq(st.user, "alice");
	ck_assert_str_eq(st.alias_prefix, "job-");
	ck_assert_str_eq(st.identity_file, "/keys/id_test");
	ck_assert_str_eq(st.known_hosts, "/kh/known hosts");
	ck_assert_str_eq(st.ssh_config, "~/.ssh/ucjob.conf");
	ck_assert_str_eq(st.key_type, "ecdsa-sk");
	ck_assert_str_eq(st.clipboard, "osc52");
	ck_assert_str_eq(st.host_key_checking, "accept-new");
	ck_assert_str_eq(st.ssh, "/opt/ssh/bin/ssh");
	ck_assert_str_eq(st.ssh_keygen, "/opt/ssh/bin/ssh-keygen");
	ck_assert_str_eq(st.path, path);
	ck_assert_int_eq(st.ssh_config_set, 1);
}
END_TEST

START_TEST(test_file_without_ssh_config_leaves_flag_clear)
{
	ck_assert_int_eq(load(tmp_write("c", "host = \"a.example\"\n"),
	    NULL), 0);
	ck_assert_str_eq(st.host, "a.example");
	ck_assert_str_eq(st.user, "ucloud");
	ck_assert_int_eq(st.ssh_config_set, 0);
}
END_TEST

START_TEST(test_options_list)
{
	const char *path = tmp_write("c",
	    "options = {\"ServerAliveInterval 60\",\n"
	    "    \"Compression   yes\",\n"
	    "    \"ProxyJump bastion.example.org\"}\n");

	ck_assert_int_eq(load(path, NULL), 0);
	ck_assert_uint_eq(st.noptions, 3);
	ck_assert_str_eq(st.options[0], "ServerAliveInterval 60");
	ck_assert_str_eq(st.options[1], "Compression yes");
	ck_assert_str_eq(st.options[2], "ProxyJump bastion.example.org");
}
END_TEST

START_TEST(test_site_names_listed)
{
	ck_assert_int_eq(load(tmp_write("c", with_sites), NULL), 0);
	ck_assert_uint_eq(st.nsites, 3);
	ck_assert_str_eq(st.sites[0], "aau");
	ck_assert_str_eq(st.sites[1], "full");
	ck_assert_str_eq(st.sites[2], "empty");
	ck_assert_str_eq(st.host, "top.example.org");
}
END_TEST

START_TEST(test_site_selection)
{
	ck_assert_int_eq(load(tmp_write("c", with_sites), "full"), 0);
	ck_assert_str_eq(st.host, "full.example.org");
	ck_assert_str_eq(st.user, "fulluser");
	ck_assert_str_eq(st.clipboard, "none");
	ck_assert_str_eq(st.ssh_config, "/etc/ucjob/ssh_config");
	ck_assert_int_eq(st.ssh_config_set, 1);
	ck_assert_uint_eq(st.noptions, 2);
	ck_assert_str_eq(st.options[0], "Compression yes");
	ck_assert_str_eq(st.options[1], "ForwardAgent no");
}
END_TEST

START_TEST(test_site_inherits_what_it_omits)
{
	ck_assert_int_eq(load(tmp_write("c", with_sites), "aau"), 0);
	ck_assert_str_eq(st.host, "aau.example.org");
	ck_assert_str_eq(st.user, "topuser");
	ck_assert_str_eq(st.key_type, "ed25519");
	ck_assert_int_eq(st.ssh_config_set, 0);
	ck_assert_uint_eq(st.noptions, 1);
	ck_assert_str_eq(st.options[0], "ServerAliveInterval 60");
}
END_TEST

START_TEST(test_site_can_empty_options)
{
	ck_assert_int_eq(load(tmp_write("c", with_sites), "empty"), 0);
	ck_assert_str_eq(st.host, "top.example.org");
	ck_assert_uint_eq(st.noptions, 0);
}
END_TEST

START_TEST(test_unknown_site_lists_sites)
{
	const char *path = tmp_write("c", with_sites);
	char want[600];

	ck_assert_int_eq(load(path, "nope"), -1);
	snprintf(want, sizeof(want),
	    "unknown site 'nope' (sites in %s: aau, full, empty)", path);
	ck_assert_str_eq(errbuf, want);
	ck_assert_ptr_null(st.host);
}
END_TEST

START_TEST(test_unknown_site_without_sites)
{
	ck_assert_int_eq(load(NULL, "aau"), -1);
	ck_assert_str_eq(errbuf, "unknown site 'aau' (no sites defined)");
	ck_assert_int_eq(load(tmp_write("c", every_key), "aau"), -1);
	ck_assert_str_eq(errbuf, "unknown site 'aau' (no sites defined)");
}
END_TEST

START_TEST(test_duplicate_site)
{
	const char *path = tmp_write("c",
	    "site \"a\" {\n}\nsite \"a\" {\n}\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 3);
	ck_assert_err_has("'a'");
}
END_TEST

START_TEST(test_env_overrides_default)
{
	setenv("UCJOB_USER", "bob", 1);
	setenv("UCJOB_CLIPBOARD", "xsel", 1);
	ck_assert_int_eq(load(NULL, NULL), 0);
	ck_assert_str_eq(st.user, "bob");
	ck_assert_str_eq(st.clipboard, "xsel");
	ck_assert_str_eq(st.host, "ssh.cloud.sdu.dk");
}
END_TEST

START_TEST(test_env_overrides_file)
{
	setenv("UCJOB_HOST", "env.example.org", 1);
	setenv("UCJOB_KEY_TYPE", "rsa", 1);
	ck_assert_int_eq(load(tmp_write("c", every_key), NULL), 0);
	ck_assert_str_eq(st.host, "env.example.org");
	ck_assert_str_eq(st.key_type, "rsa");
	ck_assert_str_eq(st.user, "alice");
}
END_TEST

START_TEST(test_site_overrides_env)
{
	setenv("UCJOB_HOST", "env.example.org", 1);
	setenv("UCJOB_USER", "envuser", 1);
	ck_assert_int_eq(load(tmp_write("c", with_sites), "aau"), 0);
	ck_assert_str_eq(st.host, "aau.example.org");
	ck_assert_str_eq(st.user, "envuser");
}
END_TEST

START_TEST(test_every_env_variable)
{
	static const char *const vars[][2] = {
		{ "UCJOB_HOST", "h.example" }, { "UCJOB_USER", "u" },
		{ "UCJOB_ALIAS_PREFIX", "p-" },
		{ "UCJOB_IDENTITY_FILE", "/k/id" },
		{ "UCJOB_KNOWN_HOSTS", "/k/kh" },
		{ "UCJOB_SSH_CONFIG", "/k/config" },
		{ "UCJOB_KEY_TYPE", "ecdsa" }, { "UCJOB_CLIPBOARD", "clip" },
		{ "UCJOB_HOST_KEY_CHECKING", "accept-new" },
		{ "UCJOB_SSH", "/bin/ssh" }, { "UCJOB_SSH_KEYGEN", "/bin/kg" },
	};
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		setenv(vars[i][0], vars[i][1], 1);
	ck_assert_int_eq(load(NULL, NULL), 0);
	ck_assert_str_eq(st.host, "h.example");
	ck_assert_str_eq(st.user, "u");
	ck_assert_str_eq(st.alias_prefix, "p-");
	ck_assert_str_eq(st.identity_file, "/k/id");
	ck_assert_str_eq(st.known_hosts, "/k/kh");
	ck_assert_str_eq(st.ssh_config, "/k/config");
	ck_assert_str_eq(st.key_type, "ecdsa");
	ck_assert_str_eq(st.clipboard, "clip");
	ck_assert_str_eq(st.host_key_checking, "accept-new");
	ck_assert_str_eq(st.ssh, "/bin/ssh");
	ck_assert_str_eq(st.ssh_keygen, "/bin/kg");
	ck_assert_int_eq(st.ssh_config_set, 1);
}
END_TEST

START_TEST(test_empty_env_variable_is_unset)
{
	setenv("UCJOB_HOST", "", 1);
	setenv("UCJOB_CONFIG", "", 1);
	ck_assert_int_eq(load(NULL, NULL), 0);
	ck_assert_str_eq(st.host, "ssh.cloud.sdu.dk");
	ck_assert_ptr_null(st.path);
}
END_TEST

START_TEST(test_env_invalid_value)
{
	setenv("UCJOB_CLIPBOARD", "pbpaste", 1);
	ck_assert_int_eq(load(NULL, NULL), -1);
	ck_assert_err_has("UCJOB_CLIPBOARD");
	ck_assert_err_has("'pbpaste'");
	setenv("UCJOB_CLIPBOARD", "none", 1);
	setenv("UCJOB_HOST", "evil.example\nProxyCommand x", 1);
	ck_assert_int_eq(load(NULL, NULL), -1);
	ck_assert_err_has("UCJOB_HOST");
	ck_assert_ptr_null(strchr(errbuf, '\n'));
}
END_TEST

START_TEST(test_missing_c_file)
{
	const char *path = tmp_path("does-not-exist");

	ck_assert_int_eq(load(path, NULL), -1);
	ck_assert_err_has(path);
	ck_assert_err_has("No such file");
}
END_TEST

START_TEST(test_ucjob_config_variable)
{
	const char *path = tmp_write("elsewhere/settings", every_key);

	tmp_write(".config/ucjob/config", "user = \"fromxdg\"\n");
	setenv("UCJOB_CONFIG", path, 1);
	ck_assert_int_eq(load(NULL, NULL), 0);
	ck_assert_str_eq(st.user, "alice");
	ck_assert_str_eq(st.path, path);
}
END_TEST

START_TEST(test_ucjob_config_missing)
{
	const char *path = tmp_path("nowhere");

	setenv("UCJOB_CONFIG", path, 1);
	ck_assert_int_eq(load(NULL, NULL), -1);
	ck_assert_err_has(path);
}
END_TEST

START_TEST(test_c_beats_ucjob_config)
{
	const char *c = tmp_write("c", "user = \"fromc\"\n");

	setenv("UCJOB_CONFIG", tmp_path("nowhere"), 1);
	ck_assert_int_eq(load(c, NULL), 0);
	ck_assert_str_eq(st.user, "fromc");
}
END_TEST

START_TEST(test_home_config_path)
{
	const char *path = tmp_write(".config/ucjob/config",
	    "user = \"fromhome\"\n");

	ck_assert_int_eq(load(NULL, NULL), 0);
	ck_assert_str_eq(st.user, "fromhome");
	ck_assert_str_eq(st.path, path);
}
END_TEST

START_TEST(test_xdg_config_path)
{
	const char *path = tmp_write("xdg/ucjob/config",
	    "user = \"fromxdg\"\n");

	tmp_write(".config/ucjob/config", "user = \"fromhome\"\n");
	setenv("XDG_CONFIG_HOME", tmp_path("xdg"), 1);
	ck_assert_int_eq(load(NULL, NULL), 0);
	ck_assert_str_eq(st.user, "fromxdg");
	ck_assert_str_eq(st.path, path);
}
END_TEST

START_TEST(test_xdg_without_file_is_fine)
{
	tmp_write(".config/ucjob/config", "user = \"fromhome\"\n");
	setenv("XDG_CONFIG_HOME", tmp_path("xdg"), 1);
	ck_assert_int_eq(load(NULL, NULL), 0);
	ck_assert_str_eq(st.user, "ucloud");
	ck_assert_ptr_null(st.path);
}
END_TEST

START_TEST(test_relative_xdg_ignored)
{
	tmp_write(".config/ucjob/config", "user = \"fromhome\"\n");
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	ck_assert_int_eq(load(NULL, NULL), 0);
	ck_assert_str_eq(st.user, "fromhome");
}
END_TEST

START_TEST(test_directory_is_unreadable)
{
	const char *dir = tmp_path(".config/ucjob/config");

	mkdir(tmp_path(".config"), 0700);
	mkdir(tmp_path(".config/ucjob"), 0700);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(load(NULL, NULL), -1);
	ck_assert_err_has(dir);
	ck_assert_int_eq(load(dir, NULL), -1);
	ck_assert_err_has(dir);
}
END_TEST

START_TEST(test_permission_denied)
{
	const char *path = tmp_write(".config/ucjob/config", every_key);

	/* root reads anything; the directory test covers that case. */
	if (geteuid() == 0)
		return;
	ck_assert_int_eq(chmod(path, 0), 0);
	ck_assert_int_eq(load(NULL, NULL), -1);
	ck_assert_err_has(path);
	ck_assert_err_has("Permission denied");
}
END_TEST

/* Each line goes on line 3 of a file and must be refused there. */
static const struct {
	const char	*line;
	const char	*key;
} bad_values[] = {
	{ "host = \"bad host\"", "'host'" },
	{ "host = \"-x.example\"", "'host'" },
	{ "host = \"\"", "'host'" },
	{ "user = \"a b\"", "'user'" },
	{ "user = \"\"", "'user'" },
	{ "alias-prefix = \"-job-\"", "'alias-prefix'" },
	{ "alias-prefix = \"\"", "'alias-prefix'" },
	{ "alias-prefix = \"a/b\"", "'alias-prefix'" },
	{ "identity-file = \"~/.ssh/id#1\"", "'identity-file'" },
	{ "identity-file = \"~/.ssh/id%u\"", "'identity-file'" },
	{ "known-hosts = \"/k/50%/kh\"", "'known-hosts'" },
	{ "known-hosts = \"\"", "'known-hosts'" },
	{ "known-hosts = \"a'b\"", "'known-hosts'" },
	{ "ssh-config = \" ~/.ssh/config\"", "'ssh-config'" },
	{ "ssh-config = \"a\\tb\"", "'ssh-config'" },
	{ "key-type = \"dsa\"", "'key-type'" },
	{ "clipboard = \"foo\"", "'clipboard'" },
	{ "host-key-checking = \"yes\"", "'host-key-checking'" },
	{ "ssh = \"ssh\\\\x\"", "'ssh'" },
	{ "ssh-keygen = \"\"", "'ssh-keygen'" },
	{ "options = {\"Port 22\"}", "'options'" },
	{ "options = {\"Frobnicate yes\"}", "'options'" },
	{ "options = {\"Compression\"}", "'options'" },
	{ "options = {\" Compression yes\"}", "'options'" },
	{ "options = {\"LocalCommand a#b\"}", "'options'" },
};

START_TEST(test_invalid_value_names_file_and_line)
{
	char text[256];
	const char *path;

	snprintf(text, sizeof(text), "# a comment\n\n%s\nuser = \"x\"\n",
	    bad_values[_i].line);
	path = tmp_write("bad.conf", text);
	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 3);
	ck_assert_err_has(bad_values[_i].key);
	ck_assert_ptr_null(st.host);
}
END_TEST

START_TEST(test_invalid_value_in_site)
{
	const char *path = tmp_write("c",
	    "site \"aau\" {\n\thost = \"ok.example\"\n"
	    "\tclipboard = \"paste\"\n}\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 3);
	ck_assert_err_has("'clipboard' in site 'aau'");
	ck_assert_err_has("'paste'");
	ck_assert_err_has("auto");
}
END_TEST

START_TEST(test_message_format)
{
	const char *path = tmp_write("c", "\nclipboard = \"foo\"\n");
	char want[600];

	ck_assert_int_eq(load(path, NULL), -1);
	snprintf(want, sizeof(want), "%s:2: invalid value for option "
	    "'clipboard': 'foo' (expected auto, pbcopy, clip, wl-copy, xclip, "
	    "xsel, osc52 or none)", path);
	ck_assert_str_eq(errbuf, want);
}
END_TEST

START_TEST(test_option_unknown_keyword)
{
	const char *path = tmp_write("c",
	    "options = {\n\t\"ServerAliveInterval 60\",\n"
	    "\t\"Frobnicate yes\"\n}\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 3);
	ck_assert_err_has("'Frobnicate'");
}
END_TEST

START_TEST(test_option_managed_keyword)
{
	const char *path = tmp_write("c",
	    "site \"x\" {\n\toptions = {\"Port 22\"}\n}\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 2);
	ck_assert_err_has("'Port'");
	ck_assert_err_has("site 'x'");
}
END_TEST

/* Each list is checked from its first item, even when libconfuse puts
 * it where the last file's list was (the check is incremental). */
START_TEST(test_option_checked_in_every_load)
{
	const char *good = tmp_write("g", "options = {\"Compression yes\"}\n");
	const char *bad = tmp_write("b", "options = {\"Frobnicate yes\"}\n");

	ck_assert_int_eq(load(good, NULL), 0);
	settings_free(&st);
	ck_assert_int_eq(load(bad, NULL), -1);
	ck_assert_err_has("'Frobnicate'");
}
END_TEST

/* A program-running keyword needs allow-options, wherever it stands. */
START_TEST(test_option_unsafe_needs_allow)
{
	const char *no = tmp_write("n", "options = {\"ProxyCommand nc %h %p\"}\n");
	const char *yes = tmp_write("y", "options = {\"ProxyCommand nc %h %p\"}\n"
	    "allow-options = {\"ProxyCommand\"}\n");

	ck_assert_int_eq(load(no, NULL), -1);
	ck_assert_err_has("allow-options");
	ck_assert_int_eq(load(yes, NULL), 0);
	ck_assert_uint_eq(st.nallow_options, 1);
}
END_TEST

START_TEST(test_unknown_key)
{
	const char *path = tmp_write("c",
	    "host = \"a.example\"\nhots = \"b\"\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 2);
	ck_assert_err_has("'hots'");
}
END_TEST

START_TEST(test_unknown_key_in_site)
{
	const char *path = tmp_write("c",
	    "site \"a\" {\n\n\tport = \"22\"\n}\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 3);
	ck_assert_err_has("'port'");
}
END_TEST

START_TEST(test_unterminated_string)
{
	const char *path = tmp_write("c",
	    "user = \"u\"\nhost = \"a.example\n\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 2);
	ck_assert_err_has("unterminated string");
}
END_TEST

START_TEST(test_unterminated_string_after_value)
{
	/* libconfuse alone takes this for a complete file. */
	const char *path = tmp_write("c", "user = \"u\"\n'junk\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 2);
}
END_TEST

START_TEST(test_missing_brace)
{
	/* libconfuse alone takes this for a complete file. */
	const char *path = tmp_write("c",
	    "user = \"u\"\nsite \"a\" {\n\thost = \"a.example\"\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 2);
	ck_assert_err_has("'}'");
}
END_TEST

START_TEST(test_missing_list_brace)
{
	const char *path = tmp_write("c",
	    "options = {\"Compression yes\",\n\"ForwardAgent no\"\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 1);
}
END_TEST

START_TEST(test_extra_brace)
{
	const char *path = tmp_write("c", "user = \"u\"\n}\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 2);
}
END_TEST

START_TEST(test_unterminated_comment)
{
	const char *path = tmp_write("c", "user = \"u\"\n\n/* note\n\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 3);
}
END_TEST

START_TEST(test_braces_in_strings_and_comments)
{
	const char *path = tmp_write("c",
	    "# a { in a comment\n"
	    "/* and } here */\n"
	    "known-hosts = \"/k/{x}\" // {\n"
	    "site 'a{' {\n"
	    "\tuser = \"b\"\n"
	    "}\n");

	ck_assert_int_eq(load(path, "a{"), 0);
	ck_assert_str_eq(st.known_hosts, "/k/{x}");
	ck_assert_str_eq(st.user, "b");
}
END_TEST

START_TEST(test_comments_inside_lists)
{
	const char *path = tmp_write("c",
	    "options = {\n"
	    "\t# the first\n"
	    "\t\"ServerAliveInterval 60\", // keep-alive\n"
	    "\t/* \"Compression yes\", */ \"ForwardAgent no\"\n"
	    "} # done\n");

	ck_assert_int_eq(load(path, NULL), 0);
	ck_assert_uint_eq(st.noptions, 2);
	ck_assert_str_eq(st.options[0], "ServerAliveInterval 60");
	ck_assert_str_eq(st.options[1], "ForwardAgent no");
}
END_TEST

START_TEST(test_line_numbers_after_comments)
{
	const char *path = tmp_write("c",
	    "# one\n"
	    "// two\n"
	    "/* three\n"
	    "   four */ user = \"u\" # five\n"
	    "host = \"a.example\" /* six */\n"
	    "\n"
	    "key-type = \"dsa\"\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 7);
}
END_TEST

START_TEST(test_empty_file)
{
	const char *path = tmp_write("c", "");

	ck_assert_int_eq(load(path, NULL), 0);
	assert_defaults(&st);
	ck_assert_str_eq(st.path, path);
}
END_TEST

START_TEST(test_bom_and_crlf)
{
	const char *path = tmp_write("c",
	    "\xef\xbb\xbfhost = \"a.example\"\r\n# note\r\n"
	    "options = {\"Compression yes\"}\r\nuser = \"-u\"\r\n");

	ck_assert_int_eq(load(path, NULL), -1);
	expect_error_at(path, 4);
	ck_assert_err_has("'user'");
	path = tmp_write("d", "\xef\xbb\xbfhost = \"a.example\"\r\n");
	ck_assert_int_eq(load(path, NULL), 0);
	ck_assert_str_eq(st.host, "a.example");
}
END_TEST

START_TEST(test_identity_file_may_be_empty)
{
	ck_assert_int_eq(load(tmp_write("c",
	    "identity-file = \"/k/id\"\nsite \"s\" { identity-file = \"\" }\n"),
	    "s"), 0);
	ck_assert_str_eq(st.identity_file, "");
}
END_TEST

START_TEST(test_failure_leaves_nothing)
{
	ck_assert_int_eq(load(tmp_write("c", "clipboard = \"x\"\n"), NULL), -1);
	ck_assert_ptr_null(st.host);
	ck_assert_ptr_null(st.path);
	ck_assert_ptr_null(st.options);
	settings_free(&st);
	settings_free(&st);
}
END_TEST

START_TEST(test_small_error_buffer)
{
	char small[8];

	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(settings_load(&st, tmp_path("none"), NULL, small,
	    sizeof(small)), -1);
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert_int_eq(settings_load(&st, tmp_path("none"), NULL, NULL, 0),
	    -1);
}
END_TEST

START_TEST(test_settings_set_copies)
{
	char value[] = "cli.example";

	ck_assert_int_eq(load(NULL, NULL), 0);
	settings_set(&st.host, value);
	value[0] = 'X';
	ck_assert_str_eq(st.host, "cli.example");
}
END_TEST

START_TEST(test_repeated_loads)
{
	const char *good = tmp_write("good", with_sites);
	const char *bad = tmp_write("bad", "site \"a\" {\n\tuser = \"\"\n}\n");
	int i;

	for (i = 0; i < 50; i++) {
		ck_assert_int_eq(load(good, i % 2 ? "full" : NULL), 0);
		ck_assert_str_eq(st.host, i % 2 ? "full.example.org" :
		    "top.example.org");
		ck_assert_uint_eq(st.nsites, 3);
		ck_assert_int_eq(load(bad, NULL), -1);
		expect_error_at(bad, 2);
		ck_assert_int_eq(load(good, "nope"), -1);
	}
}
END_TEST

START_TEST(test_example_file_gives_defaults)
{
	ck_assert_int_eq(load("share/ucjob/config.example", NULL), 0);
	assert_defaults(&st);
	ck_assert_uint_eq(st.nsites, 0);
	ck_assert_str_eq(st.path, "share/ucjob/config.example");
}
END_TEST

START_TEST(test_example_site_parses_uncommented)
{
	FILE *in, *out;
	char line[256];
	const char *path = tmp_path("uncommented");
	int in_site = 0;

	ck_assert_ptr_nonnull(in = fopen("share/ucjob/config.example", "r"));
	ck_assert_ptr_nonnull(out = fopen(path, "w"));
	while (fgets(line, sizeof(line), in) != NULL) {
		if (strncmp(line, "#site ", 6) == 0)
			in_site = 1;
		fputs(in_site ? line + 1 : line, out);
		if (strncmp(line, "#}", 2) == 0)
			in_site = 0;
	}
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
	ck_assert_int_eq(load(path, "example"), 0);
	ck_assert_uint_eq(st.nsites, 1);
	ck_assert_str_ne(st.host, "ssh.cloud.sdu.dk");
}
END_TEST

/*
 * t0430-hostile.sh: a settings file that is a FIFO nobody writes to made
 * ucjob hang in open(2).  It must read as an empty file (the defaults);
 * Check's timeout fails this test if it blocks.
 */
START_TEST(test_fifo_does_not_hang)
{
	const char *fifo = tmp_path("fifo");

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(load(fifo, NULL), 0);
	ck_assert_str_eq(st.host, "ssh.cloud.sdu.dk");
}
END_TEST

Suite *
settings_suite(void)
{
	Suite *s = suite_create("settings");
	TCase *core = tcase_create("core");
	TCase *lookup = tcase_create("lookup");
	TCase *errors = tcase_create("errors");

	tcase_add_checked_fixture(core, setup, teardown);
	tcase_add_test(core, test_defaults_without_file);
	tcase_add_test(core, test_every_key_from_file);
	tcase_add_test(core, test_file_without_ssh_config_leaves_flag_clear);
	tcase_add_test(core, test_options_list);
	tcase_add_test(core, test_site_names_listed);
	tcase_add_test(core, test_site_selection);
	tcase_add_test(core, test_site_inherits_what_it_omits);
	tcase_add_test(core, test_site_can_empty_options);
	tcase_add_test(core, test_env_overrides_default);
	tcase_add_test(core, test_env_overrides_file);
	tcase_add_test(core, test_site_overrides_env);
	tcase_add_test(core, test_every_env_variable);
	tcase_add_test(core, test_empty_env_variable_is_unset);
	tcase_add_test(core, test_braces_in_strings_and_comments);
	tcase_add_test(core, test_comments_inside_lists);
	tcase_add_test(core, test_empty_file);
	tcase_add_test(core, test_bom_and_crlf);
	tcase_add_test(core, test_identity_file_may_be_empty);
	tcase_add_test(core, test_settings_set_copies);
	tcase_add_test(core, test_repeated_loads);
	tcase_add_test(core, test_example_file_gives_defaults);
	tcase_add_test(core, test_example_site_parses_uncommented);
	suite_add_tcase(s, core);

	tcase_add_checked_fixture(lookup, setup, teardown);
	tcase_add_test(lookup, test_missing_c_file);
	tcase_add_test(lookup, test_ucjob_config_variable);
	tcase_add_test(lookup, test_ucjob_config_missing);
	tcase_add_test(lookup, test_c_beats_ucjob_config);
	tcase_add_test(lookup, test_home_config_path);
	tcase_add_test(lookup, test_xdg_config_path);
	tcase_add_test(lookup, test_xdg_without_file_is_fine);
	tcase_add_test(lookup, test_relative_xdg_ignored);
	tcase_add_test(lookup, test_directory_is_unreadable);
	tcase_add_test(lookup, test_permission_denied);
	tcase_add_test(lookup, test_fifo_does_not_hang);
	suite_add_tcase(s, lookup);

	tcase_add_checked_fixture(errors, setup, teardown);
	tcase_add_loop_test(errors, test_invalid_value_names_file_and_line, 0,
	    (int)(sizeof(bad_values) / sizeof(bad_values[0])));
	tcase_add_test(errors, test_invalid_value_in_site);
	tcase_add_test(errors, test_message_format);
	tcase_add_test(errors, test_env_invalid_value);
	tcase_add_test(errors, test_unknown_site_lists_sites);
	tcase_add_test(errors, test_unknown_site_without_sites);
	tcase_add_test(errors, test_duplicate_site);
	tcase_add_test(errors, test_option_unknown_keyword);
	tcase_add_test(errors, test_option_managed_keyword);
	tcase_add_test(errors, test_option_checked_in_every_load);
	tcase_add_test(errors, test_option_unsafe_needs_allow);
	tcase_add_test(errors, test_unknown_key);
	tcase_add_test(errors, test_unknown_key_in_site);
	tcase_add_test(errors, test_unterminated_string);
	tcase_add_test(errors, test_unterminated_string_after_value);
	tcase_add_test(errors, test_missing_brace);
	tcase_add_test(errors, test_missing_list_brace);
	tcase_add_test(errors, test_extra_brace);
	tcase_add_test(errors, test_unterminated_comment);
	tcase_add_test(errors, test_line_numbers_after_comments);
	tcase_add_test(errors, test_failure_leaves_nothing);
	tcase_add_test(errors, test_small_error_buffer);
	suite_add_tcase(s, errors);
	return s;
}
