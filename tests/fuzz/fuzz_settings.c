/*
 * fuzz_settings: libFuzzer target for ucjob's settings loader
 * (settings.h), fed through a temporary file as `ucjob -c FILE` would be.
 * The first byte picks a --site (none, "aau" or "x"); the rest is the
 * file.  Whatever the bytes:
 *
 *   - settings_load returns 0 or -1, and on -1 a one-line, NUL-terminated
 *     message;
 *   - on 0 every value passes the checks of validate.h, so nothing the
 *     file says can inject into an ssh config or a command line; every
 *     extra option is "Keyword value" with a known, unmanaged keyword.
 *
 * abort() otherwise, which libFuzzer reports as a crash.  Never linked
 * into ucjob; built by tests/fuzz/run.sh (make fuzz).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "settings.h"
#include "validate.h"

static char path[256];
static int fd = -1;

static void
broken(const char *what, const char *value)
{
	fprintf(stderr, "fuzz_settings: invariant broken: %s: '%s'\n", what,
	    value ? value : "(null)");
	abort();
}

static void
remove_file(void)
{
	if (fd != -1)
		unlink(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *vars[] = { "UCJOB_CONFIG", "UCJOB_HOST",
	    "UCJOB_USER", "UCJOB_ALIAS_PREFIX", "UCJOB_IDENTITY_FILE",
	    "UCJOB_KNOWN_HOSTS", "UCJOB_SSH_CONFIG", "UCJOB_KEY_TYPE",
	    "UCJOB_CLIPBOARD", "UCJOB_HOST_KEY_CHECKING", "UCJOB_SSH",
	    "UCJOB_SSH_KEYGEN", NULL };
	const char *tmp = getenv("TMPDIR");
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; vars[i] != NULL; i++)
		unsetenv(vars[i]);
	snprintf(path, sizeof(path), "%s/ucjob-fuzz-settings.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if ((fd = mkstemp(path)) == -1) {
		perror("fuzz_settings: mkstemp");
		exit(1);
	}
	atexit(remove_file);
	return 0;
}

static void
check_value(const char *what, const char *v, int (*valid)(const char *))
{
	if (v == NULL)
		broken("a setting is NULL", what);
	if (valid != NULL && !valid(v))
		broken(what, v);
}

static int
path_or_empty(const char *v)
{
	return v[0] == '\0' || value_valid(v, 1);
}

static int
path_value(const char *v)
{
	return value_valid(v, 1);
}

static void
check_settings(const struct settings *s)
{
	char kw[64];
	size_t i, k;

	check_value("host", s->host, host_valid);
	check_value("user", s->user, user_valid);
	check_value("alias-prefix", s->alias_prefix, NULL);
	check_value("identity-file", s->identity_file, path_or_empty);
	check_value("known-hosts", s->known_hosts, path_value);
	check_value("ssh-config", s->ssh_config, path_value);
	check_value("key-type", s->key_type, NULL);
	check_value("clipboard", s->clipboard, NULL);
	check_value("host-key-checking", s->host_key_checking, NULL);
	check_value("ssh", s->ssh, path_value);
	check_value("ssh-keygen", s->ssh_keygen, path_value);
	if (strcmp(s->host_key_checking, "ask") != 0 &&
	    strcmp(s->host_key_checking, "accept-new") != 0)
		broken("host-key-checking", s->host_key_checking);
	if (s->alias_prefix[0] != '\0' && !alias_valid(s->alias_prefix))
		broken("alias-prefix", s->alias_prefix);
	for (i = 0; i < s->noptions; i++) {
		k = strcspn(s->options[i], " ");
		if (k == 0 || k >= sizeof(kw) || s->options[i][k] != ' ')
			broken("option is not 'Keyword value'", s->options[i]);
		memcpy(kw, s->options[i], k);
		kw[k] = '\0';
		if (!ssh_keyword_known(kw) || ssh_keyword_managed(kw))
			broken("option keyword", s->options[i]);
		if (!value_valid(s->options[i] + k + 1, 1))
			broken("option value", s->options[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *sites[] = { NULL, "aau", "x" };
	struct settings s;
	char err[1024];
	const char *site;
	int rc;

	if (size == 0)
		return 0;
	site = sites[data[0] % 3];
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, data + 1, size - 1, 0) != (ssize_t)(size - 1))
		abort();
	memset(err, 0x55, sizeof(err));
	rc = settings_load(&s, path, site, err, sizeof(err));
	if (rc == 0) {
		check_settings(&s);
		settings_free(&s);
	} else if (rc == -1) {
		if (memchr(err, '\0', sizeof(err)) == NULL)
			broken("message not terminated", "");
		if (err[0] == '\0')
			broken("failure without a message", "");
		if (strchr(err, '\n') != NULL)
			broken("message of more than one line", err);
	} else
		broken("settings_load returned neither 0 nor -1", "");
	return 0;
}
