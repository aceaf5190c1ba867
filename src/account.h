/*
 * account: what the account commands (login, logout, jobs, key
 * --upload) share: the site's API settings turned into an http client,
 * and the token (UCJOB_TOKEN, else the credentials file) with a refresh
 * token exchanged for an access token.  Command side: it prints its
 * errors and returns exit statuses.
 */
#ifndef UCJOB_ACCOUNT_H
#define UCJOB_ACCOUNT_H

#include "credentials.h"
#include "http.h"
#include "ucjob.h"
#include "ucloud.h"

#define ACCOUNT_JWT_MAX	8192

#ifdef _WIN32
#define ACCOUNT_CURL	"curl.exe"
#else
#define ACCOUNT_CURL	"curl"
#endif

struct account {
	struct http_client	 http;
	char			 url[512];	/* api-url without a final / */
	char			 host[256];
	char			 cred_path[PATH_LEN];
	const char		*site;		/* credentials key */
	char			 token[CRED_TOKEN_MAX];	/* as stored */
	long long		 expires;	/* stored expiry, or -1 */
	enum token_kind		 kind;
	int			 from_env;	/* UCJOB_TOKEN */
	char			 bearer[ACCOUNT_JWT_MAX];	/* sent */
};

/* Settings, client (no token yet) and the credentials path.  Returns 0
 * or an exit status after printing why. */
int	account_setup(struct ctx *c, struct account *a);

/* account_setup, then the token; a refresh token is exchanged.  With no
 * token: says to run `ucjob login`, EXIT_FAIL. */
int	account_open(struct ctx *c, struct account *a);

/* Whom the open account's token covers (one call for an API token). */
int	account_identity(struct account *a, struct ucloud_identity *id);

/* `key --upload`: upload the public key line (len bytes) with title unless the
 * account has it; say which, and what running jobs see.  Exit status. */
int	account_key_upload(struct ctx *c, const char *line, size_t len,
	    const char *title);

/* A doctor check's result: fine, the user's own choice named, a risk, a
 * problem (doctor fails), or not checked. */
enum doctor_status {
	DOC_OK,
	DOC_NOTE,
	DOC_WARN,
	DOC_FAIL,
	DOC_SKIP
};

/* What doctor reports: a status, what was found, and a fix or NULL. */
typedef void (*account_report_fn)(void *state, enum doctor_status status,
	    const char *what, const char *fix);

/* doctor's checks of the account link, offline: curl (curl_path: where
 * it was found, or NULL), the stored token and its known expiry. */
void	account_doctor(struct ctx *c, const char *curl_path,
	    account_report_fn report, void *state);

/* Forget the token in memory. */
void	account_close(struct account *a);

/* "ucjob: HOST: ..." for a failed call, and EXIT_FAIL. */
int	account_fail(const char *why);

/* Unix milliseconds as "2026-12-02 20:15 UTC" into out. */
void	account_time(long long ms, char *out, size_t len);

#endif
