/*
 * credentials: the token file (see credentials.h).  It owns the file's
 * format, its strict reader, the owner and mode rule for it and its
 * atomic replacement.  It never prints and never names a token.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "credentials.h"
#include "interrupt.h"
#include "osfile.h"
#include "paths.h"
#include "secret.h"
#include "xmalloc.h"

#define REFRESH_LEN	64
#define EXPIRES_DIGITS	15
#define EXPIRES_LIMIT	1000000000000000LL	/* 10^EXPIRES_DIGITS */

static int	is_hex(const char *, size_t);
static size_t	next_field(const char *, size_t, size_t *);
static int	parse_line(const char *, size_t, const char **, size_t *,
		    const char **, size_t *, long long *);
static int	write_locked(const char *, const char *, const char *,
		    const char *,
		    long long, int *, char *, size_t);

static int
is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return n > 0;
}

enum token_kind
token_kind(const char *s)
{
	const char *dash;
	size_t n = strlen(s);

	if (n >= CRED_TOKEN_MAX)
		return TOKEN_BAD;
	if (n == REFRESH_LEN && is_hex(s, n))
		return TOKEN_REFRESH;
	/* uc<id in hex, at most 16 digits>-<secret in hex>. */
	if (n > 4 && s[0] == 'u' && s[1] == 'c' &&
	    (dash = strchr(s, '-')) != NULL && dash - s - 2 <= 16 &&
	    is_hex(s + 2, (size_t)(dash - s - 2)) &&
	    is_hex(dash + 1, strlen(dash + 1)))
		return TOKEN_API;
	return TOKEN_BAD;
}

int
credentials_site_valid(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-");

	return (n > 0 && n <= 255 && s[n] == '\0') ||
	    strcmp(s, CRED_DEFAULT_SITE) == 0;
}

/* The next field at or after *pos within n bytes: its start in *pos,
 * its length returned (0: none left on the line). */
static size_t
next_field(const char *line, size_t n, size_t *pos)
{
	size_t start;

	while (*pos < n && (line[*pos] == ' ' || line[*pos] == '\t'))
		(*pos)++;
	start = *pos;
	while (*pos < n && line[*pos] != ' ' && line[*pos] != '\t')
		(*pos)++;
	n = *pos - start;
	*pos = start;
	return n;
}

/*
 * One line (no newline): 1 with its site, token and expiry; 0 for a
 * comment or a blank line; -1 when it is malformed.
 */
static int
parse_line(const char *line, size_t n, const char **site, size_t *sitelen,
    const char **token, size_t *toklen, long long *expires)
{
	char tok[CRED_TOKEN_MAX], name[256];
	size_t pos = 0, len, i;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	for (i = 0; i < n; i++)
		if (((unsigned char)line[i] < 0x20 && line[i] != '\t') ||
		    line[i] == 0x7f)
			return -1;
	if ((len = next_field(line, n, &pos)) == 0 || line[pos] == '#')
		return 0;
	if (len >= sizeof(name))
		return -1;
	memcpy(name, line + pos, len);
	name[len] = '\0';
	if (!credentials_site_valid(name))
		return -1;
	*site = line + pos;
	*sitelen = len;
	pos += len;
	if ((len = next_field(line, n, &pos)) == 0 || len >= sizeof(tok))
		return -1;
	memcpy(tok, line + pos, len);
	tok[len] = '\0';
	i = token_kind(tok) == TOKEN_BAD;
	secret_wipe(tok, sizeof(tok));
	if (i)
		return -1;
	*token = line + pos;
	*toklen = len;
	pos += len;
	*expires = -1;
	if ((len = next_field(line, n, &pos)) != 0) {
		*expires = 0;
		for (i = pos; i < pos + len; i++) {
			if (line[i] < '0' || line[i] > '9')
				return -1;
			if (*expires < EXPIRES_LIMIT)
				*expires = *expires * 10 + (line[i] - '0');
		}
		/* An expiry too far off to hold (an older ucjob stored
		 * what the server said) is not known: the token stays. */
		if (len > EXPIRES_DIGITS)
			*expires = -1;
		pos += len;
	}
	return next_field(line, n, &pos) == 0 ? 1 : -1;
}

int
credentials_parse(const char *text, size_t len, const char *site,
    char *token, size_t toklen, long long *expires, char *why,
    size_t whylen)
{
	const char *line, *nl, *s, *t;
	size_t n, sl, tl;
	long long exp;
	int lineno = 0, rc, found = 0;

	token[0] = '\0';
	*expires = -1;
	for (line = text; line < text + len; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', (size_t)(text + len - line))) ==
		    NULL)
			nl = text + len;
		n = (size_t)(nl - line);
		if ((rc = parse_line(line, n, &s, &sl, &t, &tl, &exp)) < 0 ||
		    (memchr(line, '\0', n) != NULL)) {
			(void)snprintf(why, whylen, "line %d is not \"SITE "
			    "TOKEN [EXPIRES]\" with a valid token", lineno);
			secret_wipe(token, toklen);
			token[0] = '\0';
			return -1;
		}
		if (rc == 0 || found || sl != strlen(site) ||
		    memcmp(s, site, sl) != 0)
			continue;
		if (tl >= toklen) {
			(void)snprintf(why, whylen, "line %d: the token is "
			    "too long", lineno);
			return -1;
		}
		memcpy(token, t, tl);
		token[tl] = '\0';
		*expires = exp;
		found = 1;
	}
	return found;
}

int
credentials_path(char *out, size_t outlen)
{
	const char *dir;
	int n;

#ifdef _WIN32
	if ((dir = getenv("APPDATA")) == NULL || *dir == '\0')
		return -1;
	n = snprintf(out, outlen, "%s\\ucjob\\credentials", dir);
#else
	if ((dir = getenv("XDG_CONFIG_HOME")) != NULL && dir[0] == '/')
		n = snprintf(out, outlen, "%s/ucjob/credentials", dir);
	else if ((dir = getenv("HOME")) != NULL && *dir != '\0')
		n = snprintf(out, outlen, "%s/.config/ucjob/credentials", dir);
	else
		return -1;
#endif
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* Read the whole file; 1 when missing, 0 read, -1 with why. */
static int
read_checked(const char *path, char **data, size_t *len, char *why,
    size_t whylen)
{
	struct stat st;
	char buf[CRED_FILE_MAX + 1], reason[1024], fix[1024];
	ssize_t n;
	size_t got = 0;
	int fd;

	*data = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		(void)snprintf(why, whylen, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		(void)snprintf(why, whylen, "%s is not a regular file", path);
		(void)close(fd);
		return -1;
	}
	if (os_file_mode(fd) & 077) {
		(void)snprintf(why, whylen, "%s may be read or written by "
		    "others; fix it with: chmod 600 %s", path, path);
		(void)close(fd);
		return -1;
	}
	/* The rule the ssh config is read under: another owner, or
	 * (on Windows) an access list letting others write, is refused. */
	if (os_owner_mode(fd, path, reason, sizeof(reason), fix,
	    sizeof(fix)) == OWNER_MODE_REFUSE) {
		(void)snprintf(why, whylen, "%s; fix it with: %s", reason, fix);
		(void)close(fd);
		return -1;
	}
	/* And its directory, where another user could swap the file. */
	if (file_trusted(fd, path, reason, sizeof(reason), fix,
	    sizeof(fix)) != 0) {
		(void)snprintf(why, whylen, "%s", reason);
		(void)close(fd);
		return -1;
	}
	while (got < sizeof(buf) &&
	    (n = read(fd, buf + got, sizeof(buf) - got)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			(void)snprintf(why, whylen, "cannot read %s: %s", path,
			    strerror(errno));
			(void)close(fd);
			secret_wipe(buf, sizeof(buf));
			return -1;
		}
		got += (size_t)n;
	}
	(void)close(fd);
	if (got > CRED_FILE_MAX) {
		(void)snprintf(why, whylen, "%s is larger than %d bytes", path,
		    CRED_FILE_MAX);
		secret_wipe(buf, sizeof(buf));
		return -1;
	}
	*data = xmalloc(got + 1);
	memcpy(*data, buf, got);
	(*data)[got] = '\0';
	*len = got;
	secret_wipe(buf, sizeof(buf));
	return 0;
}

int
credentials_read(const char *path, const char *site, char *token,
    size_t toklen, long long *expires, char *why, size_t whylen)
{
	char *data, reason[256];
	size_t len;
	int rc;

	token[0] = '\0';
	*expires = -1;
	if ((rc = read_checked(path, &data, &len, why, whylen)) != 0)
		return rc > 0 ? 0 : -1;
	rc = credentials_parse(data, len, site, token, toklen, expires, reason,
	    sizeof(reason));
	if (rc < 0)
		(void)snprintf(why, whylen, "%s: %s", path, reason);
	secret_wipe(data, len);
	free(data);
	return rc;
}

/*
 * Under the lock: read the file again, set site's line and replace the
 * file through a temporary (removed should a signal end ucjob).
 */
static int
write_locked(const char *path, const char *prefix, const char *site,
    const char *token, long long expires, int *changed, char *why,
    size_t whylen)
{
	struct buf out = { NULL, 0, 0 };
	const char *line, *nl, *s, *t;
	char *data, old[CRED_TOKEN_MAX], reason[256], tmp[PATH_LEN];
	size_t len, n, sl, tl;
	long long exp;
	int rc;

	if ((rc = read_checked(path, &data, &len, why, whylen)) < 0)
		return -1;
	if (rc == 0 && credentials_parse(data, len, site, old, sizeof(old),
	    &exp, reason, sizeof(reason)) < 0) {
		(void)snprintf(why, whylen, "%s: %s", path, reason);
		secret_wipe(data, len);
		free(data);
		return -1;
	}
	secret_wipe(old, sizeof(old));
	if (rc != 0 || len == 0)
		buf_adds(&out, "# ucjob credentials: UCloud tokens, one per "
		    "site.  Keep this file secret.\n");
	for (line = data; data != NULL && line < data + len; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(data + len - line))) ==
		    NULL)
			nl = data + len;
		n = (size_t)(nl - line);
		if (parse_line(line, n, &s, &sl, &t, &tl, &exp) == 1 &&
		    sl == strlen(site) && memcmp(s, site, sl) == 0) {
			*changed = 1;
			continue;
		}
		buf_add(&out, line, n);
		buf_adds(&out, "\n");
	}
	if (data != NULL) {
		secret_wipe(data, len);
		free(data);
	}
	if (token != NULL) {
		buf_printf(&out, "%s %s", site, token);
		/* Never an expiry the reader could not hold. */
		if (expires >= 0 && expires < EXPIRES_LIMIT)
			buf_printf(&out, " %lld", expires);
		buf_adds(&out, "\n");
	}
	if (token == NULL && !*changed) {
		buf_free(&out);
		return 0;
	}
	rc = os_write_new(prefix, path, out.data, out.len, 0600, tmp,
	    sizeof(tmp), why, whylen);
	secret_wipe(out.data, out.cap);
	buf_free(&out);
	if (rc != 0)
		return -1;
	(void)interrupt_remember(tmp);
	if (os_replace(tmp, path, why, whylen) != 0) {
		os_remove(tmp);
		interrupt_forget(tmp);
		return -1;
	}
	interrupt_forget(tmp);
	return 0;
}

int
credentials_store(const char *path, const char *site, const char *token,
    long long expires, int *changed, char *why, size_t whylen)
{
	char dir[PATH_LEN], lock[PATH_LEN], prefix[PATH_LEN], tmpname[256];
	const char *base;
	int fd, rc, n;

	*changed = 0;
	os_split_path(path, dir, sizeof(dir), &base);
	/* Beside the file, named with a leading '.', as the ssh config's
	 * lock: every login and logout takes it, so none loses another's
	 * line. */
	n = snprintf(lock, sizeof(lock), "%.*s.%s.ucjob.lock",
	    (int)(base - path), path, base);
	if (n < 0 || (size_t)n >= sizeof(lock) ||
	    (size_t)snprintf(prefix, sizeof(prefix), "%.*s.%s.tmp",
	    (int)(base - path), path, base) >= sizeof(prefix)) {
		(void)snprintf(why, whylen, "path too long: %s", path);
		return -1;
	}
	if (os_make_dirs(dir, why, whylen) != 0 ||
	    os_lock(lock, &fd, why, whylen) != 0)
		return -1;
	/* Under the lock nobody else writes: a temporary is a killed
	 * run's. */
	(void)snprintf(tmpname, sizeof(tmpname), ".%s.tmp", base);
	os_remove_prefixed(dir, tmpname);
	rc = write_locked(path, prefix, site, token, expires, changed, why,
	    whylen);
	if (rc == 0 && os_sync_dir(dir, why, whylen) != 0)
		rc = -1;
	os_unlock(fd, lock);
	return rc;
}
