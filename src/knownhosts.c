/*
 * knownhosts: forget a job's host key when its entry is removed or its
 * port is registered again (a new job is a new host), and find keys of
 * [host]:port names left in ~/.ssh/known_hosts.  Hashed names are
 * ssh-keygen's business (-F, -R); ucjob only reads names in the clear.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "knownhosts.h"
#include "spawn.h"
#include "xmalloc.h"

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

enum known_scan
known_hosts_scan(const char *t, size_t len, const char *name)
{
	const char *p = t, *end = t + len, *eol, *f;
	enum known_scan r = KNOWN_ABSENT;

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
		if (p < f && *p == '|')
			r = KNOWN_HASHED;
		else if (field_lists(p, f, name))
			return KNOWN_LISTED;
	}
	return r;
}

/* Scan file for name; 0 (KNOWN_ABSENT when missing) or -1 with why. */
static int
scan_file(const char *file, const char *name, enum known_scan *r,
    char *why, size_t whylen)
{
	char reason[1024];
	char *data;
	size_t len;
	int exists;

	if (file_read(file, &data, &len, &exists, reason,
	    sizeof(reason)) != 0) {
		snprintf(why, whylen, "cannot read %s", reason);
		return -1;
	}
	*r = exists ? known_hosts_scan(data, len, name) : KNOWN_ABSENT;
	free(data);
	return 0;
}

static void
keygen_failed(const char *ssh_keygen, const char *what,
    const struct spawn_result *res, char *why, size_t whylen)
{
	char how[128];

	/* Only a missing program gets the install hint, as in cmd_key.c
	 * and clipboard.c; one that exists but cannot run says why. */
	if (!res->started && res->start_errno == ENOENT)
		snprintf(why, whylen, "cannot %s: %s not found; %s", what,
		    ssh_keygen, spawn_install_hint(ssh_keygen));
	else if (!res->started)
		snprintf(why, whylen, "cannot %s: %s %s", what, ssh_keygen,
		    spawn_describe(res, how, sizeof(how)));
	else
		snprintf(why, whylen, "cannot %s: %s %s: %.200s", what,
		    ssh_keygen, spawn_describe(res, how, sizeof(how)),
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
    const char *name, char *why, size_t whylen)
{
	const char *argv[] = { ssh_keygen, "-R", name, "-f", file, NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	struct stat before, after;
	enum known_scan r;
	char *old, what[300];
	int rc = 0, had_old;

	if (scan_file(file, name, &r, why, whylen) != 0)
		return -1;
	if (r == KNOWN_ABSENT) {
		spawn_trace("%s holds no key for %s", file, name);
		return 0;
	}
	old = xasprintf("%s.old", file);
	had_old = stat(old, &before) == 0;
	batch_opts(&opts);
	spawn_trace("running %s -R %s -f %s", ssh_keygen, name, file);
	if (spawn_run(argv, &opts, &res) != 0) {
		snprintf(what, sizeof(what), "forget the host key of %s",
		    name);
		keygen_failed(ssh_keygen, what, &res, why, whylen);
		rc = -1;
	}
	/* The backup ssh-keygen made (a new one, not the user's own). */
	if (stat(old, &after) == 0 && S_ISREG(after.st_mode) &&
	    (!had_old || after.st_ino != before.st_ino ||
	    after.st_size != before.st_size ||
	    after.st_mtime != before.st_mtime))
		(void)unlink(old);
	free(old);
	spawn_result_free(&res);
	return rc;
}

int
known_hosts_has(const char *ssh_keygen, const char *file, const char *name,
    char *why, size_t whylen)
{
	const char *argv[] = { ssh_keygen, "-F", name, "-f", file, NULL };
	struct spawn_opts opts;
	struct spawn_result res;
	enum known_scan r;
	char what[300];
	int rc;

	if (scan_file(file, name, &r, why, whylen) != 0)
		return -1;
	if (r != KNOWN_HASHED)
		return r == KNOWN_LISTED;
	batch_opts(&opts);
	spawn_trace("running %s -F %s -f %s", ssh_keygen, name, file);
	(void)spawn_run(argv, &opts, &res);
	/* -F: exit 0 and a "# Host NAME found" line, or exit 1 and silent. */
	if (res.started && !res.timed_out && res.signal == 0 &&
	    (res.exit_status == 0 || res.exit_status == 1))
		rc = res.exit_status == 0;
	else {
		snprintf(what, sizeof(what), "look for %s in %s", name, file);
		keygen_failed(ssh_keygen, what, &res, why, whylen);
		rc = -1;
	}
	spawn_result_free(&res);
	return rc;
}

/* Whether files[0, n) holds f already. */
static int
listed(char **files, size_t n, const char *f)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(files[i], f) == 0)
			return 1;
	return 0;
}

size_t
known_hosts_split(const char *list, const char *own, char **files,
    size_t max)
{
	size_t n = 0, ol = own != NULL ? strlen(own) : 0, wl;
	const char *p = list, *w;

	if (ol > 0 && max > 0)
		files[n++] = xstrdup(own);
	while (*p != '\0' && n < max) {
		while (*p == ' ')
			p++;
		/* ucjob's own file as a whole, blanks and all. */
		if (ol > 0 && strncmp(p, own, ol) == 0 &&
		    (p[ol] == ' ' || p[ol] == '\0')) {
			p += ol;
			continue;
		}
		for (w = p; *p != '\0' && *p != ' '; p++)
			;
		wl = (size_t)(p - w);
		if (wl == 0 || *w != '/')
			continue;
		files[n] = xstrndup(w, wl);
		if (listed(files, n, files[n]))
			free(files[n]);
		else
			n++;
	}
	return n;
}

int
known_hosts_forget_all(const char *ssh_keygen, const char *own,
    const char *list, const char *name, char *why, size_t whylen)
{
	char *files[KNOWN_HOSTS_MAX_FILES], reason[1024];
	size_t i, n;
	int rc = 0;

	n = known_hosts_split(list, own, files, KNOWN_HOSTS_MAX_FILES);
	for (i = 0; i < n; i++) {
		if (known_hosts_forget(ssh_keygen, files[i], name, reason,
		    sizeof(reason)) != 0 && rc == 0) {
			snprintf(why, whylen, "%s", reason);
			rc = -1;
		}
		free(files[i]);
	}
	return rc;
}
