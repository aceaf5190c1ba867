/*
 * credentials: the file that keeps the UCloud tokens, one per site
 * ($XDG_CONFIG_HOME/ucjob/credentials, %APPDATA%\ucjob\credentials).
 * Mode 0600; refused when another user owns it or anyone else may read
 * or write it; replaced under the lock beside it (osfile.h os_lock, as
 * the ssh config) through a temporary, synced with its directory, with
 * no backup left behind.  It never prints, and never puts a token in why.
 *
 * The file holds lines "SITE TOKEN [EXPIRES]": SITE is the --site name
 * or "*" without one, TOKEN an API token or a refresh token (by form,
 * see token_kind), EXPIRES the token's expiry in Unix milliseconds when
 * known: at most 15 digits are written; more are read as not known.  '#' lines and blank lines are comments.
 */
#ifndef UCJOB_CREDENTIALS_H
#define UCJOB_CREDENTIALS_H

#include <stddef.h>

#define CRED_DEFAULT_SITE	"*"
#define CRED_TOKEN_MAX		512
#define CRED_FILE_MAX		65536

enum token_kind {
	TOKEN_BAD,	/* neither form */
	TOKEN_API,	/* uc<hex>-<hex>: sent as is */
	TOKEN_REFRESH	/* 64 hex: exchanged at /auth/refresh */
};

/* The kind of token s is, by its form alone.  Pure. */
enum token_kind token_kind(const char *s);

/* Whether s is a site name the file can hold ([A-Za-z0-9._-]+). */
int	credentials_site_valid(const char *s);

/*
 * Find site's token in text (len bytes, need not be NUL-terminated).
 * Returns 1 with the token in token and its expiry (or -1) in *expires,
 * 0 when site has none, -1 with why when the text is malformed (why
 * names the line, never its token).  Pure.
 */
int	credentials_parse(const char *text, size_t len, const char *site,
	    char *token, size_t toklen, long long *expires, char *why,
	    size_t whylen);

/* The file's path into out; 0, or -1 when no home is known. */
int	credentials_path(char *out, size_t outlen);

/* Read path and find site's token, as credentials_parse; a missing file
 * has no token.  The owner and mode are checked first. */
int	credentials_read(const char *path, const char *site, char *token,
	    size_t toklen, long long *expires, char *why, size_t whylen);

/*
 * Set site's token (token NULL: remove it), keeping the other sites'
 * lines, and replace the file atomically (mode 0600; the directory is
 * made 0700 when missing).  *changed tells whether anything was there to
 * remove.  Returns 0, or -1 with why.
 */
int	credentials_store(const char *path, const char *site,
	    const char *token, long long expires, int *changed, char *why,
	    size_t whylen);

#endif
