/*
 * knownhosts: forget a job's host key when its entry is removed or its
 * port is registered again (a new job is a new host), and find keys of
 * [host]:port names left in ~/.ssh/known_hosts.  ssh-keygen is spawned
 * only when the file may hold the name: removing is its job alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "base64.h"
#include "knownhosts.h"
#include "msg.h"
#include "sha1.h"
#include "spawn.h"

#define HASH_MAGIC	"|1|"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Whether a and b (n bytes each) are equal but for ASCII case. */
static int
same_ignoring_case(const char *a, const char *b, size_t n)
{
	unsigned char x, y;

	for (; n > 0; n--, a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

/* Whether the host field [p, end) lists name (comma-separated), in any
 * case, as ssh-keygen compares names in the clear. */
static int
field_lists(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);
	const char *comma;

	while (p < end) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		if ((size_t)(comma - p) == n && same_ignoring_case(p, name, n))
			return 1;
		p = comma + 1;
	}
	return 0;
}

/*
 * Whether the hashed host field [p, end), "|1|SALT|HASH" with SALT and
 * HASH base64 of 20 bytes, is HMAC-SHA1(SALT, name): 1 yes, 0 no.  A
 * field ucjob cannot read (another magic, other lengths, bad base64)
 * is 1 too: ssh-keygen decides what it means.  The name is hashed as
 * given, as ssh-keygen -F and -R do (ssh hashes it in lower case).
 */
static int
hashed_names(const char *p, const char *end, const char *name)
{
	unsigned char salt[SHA1_DIGEST_LEN + 3], hash[SHA1_DIGEST_LEN + 3];
	unsigned char mac[SHA1_DIGEST_LEN];
	const char *bar;
	size_t magic = sizeof(HASH_MAGIC) - 1;

	if ((size_t)(end - p) < magic || memcmp(p, HASH_MAGIC, magic) != 0)
		return 1;
	p += magic;
	if ((bar = memchr(p, '|', (size_t)(end - p))) == NULL)
		return 1;
	if (base64_decode(p, (size_t)(bar - p), salt, sizeof(salt)) !=
	    SHA1_DIGEST_LEN ||
	    base64_decode(bar + 1, (size_t)(end - bar - 1), hash,
	    sizeof(hash)) != SHA1_DIGEST_LEN)
		return 1;
	hmac_sha1(salt, SHA1_DIGEST_LEN, name, strlen(name), mac);
	return memcmp(mac, hash, SHA1_DIGEST_LEN) == 0;
}

int
known_hosts_may_name(const char *t, size_t len, const char *name)
{
	const char *p = t, *end = t + len, *eol, *f;

	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		while (p < eol && is_blank(*p))
			p++;
		if (p == eol || *p == '#')
			continue;
		if (*p == '@') {	/* @cert-authority, @revoked */
			while (p < eol && !is_blank(*p))
				p++;
			while (p < eol && is_blank(*p))
				p++;
		}
		for (f = p; f < eol && !is_blank(*f); f++)
			;
		if (p < f && *p == '|') {
			if (hashed_names(p, f, name))
				return 1;
		} else if (field_lists(p, f, name))
			return 1;
	}
	return 0;
}

/* Read file; 0 with *data (NULL when missing), -1 after a warning. */
static int
read_known(const char *file, char **data, size_t *len)
{
	char why[1024];
	int exists;

	if (file_read(file, data, len, &exists, why, sizeof(why)) != 0) {
		warning("cannot read %s", why);
		return -1;
	}
	if (!exists) {
		free(*data);
		*data = NULL;
	}
	return 0;
}

static void
keygen_failed(const char *ssh_keygen, const char *what,
    const struct spawn_result *res)
{
	char how[128];

	/* Only a missing program gets the install hint, as in cmd_key.c
	 * and clipboard.c; one that exists but cannot run says why. */
	if (!res->started && res->start_errno == ENOENT)
		warning("cannot %s: %s not found; %s", what,
		    ssh_keygen, spawn_install_hint(ssh_keygen));
	else if (!res->started)
		warning("cannot %s: %s %s", what, ssh_keygen,
		    spawn_describe(res, how, sizeof(how)));
	else
		warning("cannot %s: %s %s: %.200s", what, ssh_keygen,
		    spawn_describe(res, how, sizeof(how)),
		    res->err ? res->err : "");
}

static void
batch_opts(struct spawn_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->stdin_mode = SPAWN_NULL;
	opts->stdout_mode = SPAWN_CAPTURE;
	opts->stderr_mode = SPAWN_CAPTURE;
	opts->timeout_ms = 30000;
}

int
known_hosts_forget(const char *ssh_keygen, const char *file,
    const char *alias)
{
	const char *argv[] = { ssh_keygen, "-R", alias, "-f", file, NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	char *data, what[300];
	size_t len;
	int rc = 0, may;

	if (read_known(file, &data, &len) != 0)
		return -1;
	may = data != NULL && known_hosts_may_name(data, len, alias);
	free(data);
	if (!may) {
		debug("%s holds no key for %s", file, alias);
		return 0;
	}
	batch_opts(&opts);
	debug("running %s -R %s -f %s", ssh_keygen, alias, file);
	if (spawn_run(argv, &opts, &res) != 0) {
		snprintf(what, sizeof(what), "forget the host key of %s",
		    alias);
		keygen_failed(ssh_keygen, what, &res);
		rc = -1;
	}
	spawn_result_free(&res);
	return rc;
}

int
known_hosts_has(const char *ssh_keygen, const char *file, const char *name)
{
	const char *argv[] = { ssh_keygen, "-F", name, "-f", file, NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	char *data, what[300];
	size_t len;
	int rc;

	if (read_known(file, &data, &len) != 0)
		return -1;
	if (data == NULL || !known_hosts_may_name(data, len, name)) {
		free(data);
		return 0;
	}
	free(data);
	batch_opts(&opts);
	debug("running %s -F %s -f %s", ssh_keygen, name, file);
	(void)spawn_run(argv, &opts, &res);
	/* -F: exit 0 and a "# Host NAME found" line, or exit 1 and silent. */
	if (res.started && !res.timed_out && res.signal == 0 &&
	    (res.exit_status == 0 || res.exit_status == 1))
		rc = res.exit_status == 0;
	else {
		snprintf(what, sizeof(what), "look for %s in %s", name, file);
		keygen_failed(ssh_keygen, what, &res);
		rc = -1;
	}
	spawn_result_free(&res);
	return rc;
}
