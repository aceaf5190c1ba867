/*
 * account: the settings and token behind every account command (see
 * account.h).  It prints errors (it is command side) but never a token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "credentials.h"
#include "http.h"
#include "msg.h"
#include "secret.h"
#include "spawn.h"
#include "sshkeys_api.h"
#include "ucloud.h"
#include "xmalloc.h"


int
account_fail(const char *why)
{
	error_line("%s", why);
	return EXIT_FAIL;
}

void
account_time(long long ms, char *out, size_t len)
{
	struct tm tm;
	time_t t = (time_t)(ms / 1000);

	if (ms < 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		(void)snprintf(out, len, "-");
}

int
account_setup(struct ctx *c, struct account *a)
{
	size_t n;
	int rc;

	memset(a, 0, sizeof(*a));
	a->expires = -1;
	if ((rc = load_settings(c)) != 0)
		return rc;
	a->site = c->site != NULL ? c->site : CRED_DEFAULT_SITE;
	if (!credentials_site_valid(a->site))
		return usage_error(c->cmd, "site name '%s' cannot hold a "
		    "token (letters, digits, '.', '_' and '-')", a->site);
	(void)snprintf(a->url, sizeof(a->url), "%s", c->set.api_url);
	if ((n = strlen(a->url)) > 0 && a->url[n - 1] == '/')
		a->url[n - 1] = '\0';
	http_url_host(a->url, a->host, sizeof(a->host));
	if (credentials_path(a->cred_path, sizeof(a->cred_path)) != 0) {
		error_line("no home directory for the credentials file");
		return EXIT_FAIL;
	}
	a->http.curl = ACCOUNT_CURL;
	a->http.base_url = a->url;
	a->http.ca_file = c->set.api_ca_file[0] != '\0' ?
	    c->set.api_ca_file : NULL;
	a->http.timeout_s = atoi(c->set.api_timeout);
	debug("UCloud at %s (api-timeout %d s%s%s)", a->url,
	    a->http.timeout_s, a->http.ca_file ? ", CA file " : "",
	    a->http.ca_file ? a->http.ca_file : "");
	return 0;
}

int
account_open(struct ctx *c, struct account *a)
{
	char why[1024];
	const char *env;
	int rc;

	if ((rc = account_setup(c, a)) != 0)
		return rc;
	if ((env = getenv("UCJOB_TOKEN")) != NULL && *env != '\0') {
		if (strlen(env) >= sizeof(a->token) ||
		    token_kind(env) == TOKEN_BAD) {
			error_line("UCJOB_TOKEN is neither an API token "
			    "(uc...-...) nor a refresh token (64 hex digits)");
			return EXIT_USAGE;
		}
		(void)snprintf(a->token, sizeof(a->token), "%s", env);
		a->from_env = 1;
		debug("using the token in UCJOB_TOKEN");
	} else {
		rc = credentials_read(a->cred_path, a->site, a->token,
		    sizeof(a->token), &a->expires, why, sizeof(why));
		if (rc < 0)
			return account_fail(why);
		if (rc == 0) {
			error_line("no UCloud token%s%s: run `ucjob login%s%s`",
			    c->site ? " for site " : "", c->site ? c->site : "",
			    c->site ? " --site " : "", c->site ? c->site : "");
			return EXIT_FAIL;
		}
		debug("using the token stored in %s", a->cred_path);
	}
	a->kind = token_kind(a->token);
	a->http.token = a->token;
	if (a->kind == TOKEN_REFRESH) {
		if (ucloud_refresh(&a->http, a->bearer, sizeof(a->bearer), why,
		    sizeof(why)) != 0) {
			account_close(a);
			return account_fail(why);
		}
		debug("exchanged the refresh token for an access token");
	} else
		(void)snprintf(a->bearer, sizeof(a->bearer), "%s", a->token);
	a->http.token = a->bearer;
	return 0;
}

int
account_identity(struct account *a, struct ucloud_identity *id)
{
	char why[1024];

	if (a->kind == TOKEN_REFRESH) {
		if (ucloud_jwt_identity(a->bearer, id) != 0) {
			error_line("%s: the access token names no user",
			    a->host);
			return EXIT_FAIL;
		}
		return 0;
	}
	if (ucloud_api_token_identity(&a->http, a->token, id, why,
	    sizeof(why)) != 0)
		return account_fail(why);
	return 0;
}

void
account_close(struct account *a)
{
	secret_wipe(a->token, sizeof(a->token));
	secret_wipe(a->bearer, sizeof(a->bearer));
	a->http.token = NULL;
}

int
account_key_upload(struct ctx *c, const char *line, size_t len,
    const char *title)
{
	struct account a;
	char why[1024], id[64], *key;
	int rc, uploaded;

	key = xstrndup(line, len);
	if (sshkey_line_check(key, why, sizeof(why)) != 0) {
		free(key);
		error_line("cannot upload the key: %s", why);
		return EXIT_USAGE;
	}
	if ((rc = account_open(c, &a)) != 0) {
		free(key);
		return rc;
	}
	rc = sshkey_upload(&a.http, key, title, &uploaded, id, sizeof(id),
	    why, sizeof(why));
	free(key);
	account_close(&a);
	if (rc != 0)
		return account_fail(why);
	if (!uploaded) {
		notice("the key is on your UCloud account already (%s)",
		    a.host);
		return 0;
	}
	notice("uploaded the key to your UCloud account (%s)%s%s", a.host,
	    id[0] != '\0' ? " as key " : "", id);
	notice("jobs started from now on accept it; running container jobs "
	    "saw only the keys present when they started (a VM picks it up)");
	return 0;
}

void
account_doctor(struct ctx *c, const char *curl_path, account_report_fn report,
    void *state)
{
	char path[PATH_LEN], token[CRED_TOKEN_MAX], why[1024];
	char what[PATH_LEN + 256];
	char when[64];
	const char *site = c->site != NULL ? c->site : CRED_DEFAULT_SITE;
	const char *env = getenv("UCJOB_TOKEN");
	long long expires;
	int rc;

	if (curl_path != NULL) {
		(void)snprintf(what, sizeof(what), "curl: %s (for login, jobs "
		    "and key --upload)", curl_path);
		report(state, DOC_OK, what, NULL);
	} else
		report(state, DOC_WARN, "curl: " ACCOUNT_CURL " not found; login, "
		    "jobs and key --upload need it", spawn_install_hint("curl"));
	if (env != NULL && *env != '\0') {
		report(state, token_kind(env) == TOKEN_BAD ? DOC_FAIL : DOC_OK,
		    token_kind(env) == TOKEN_BAD ? "token: UCJOB_TOKEN is "
		    "not a UCloud token" : "token: UCJOB_TOKEN is set and "
		    "overrides the stored one", NULL);
		return;
	}
	if (!credentials_site_valid(site) ||
	    credentials_path(path, sizeof(path)) != 0) {
		report(state, DOC_SKIP, "token: no credentials file for this "
		    "site", NULL);
		return;
	}
	rc = credentials_read(path, site, token, sizeof(token), &expires, why,
	    sizeof(why));
	if (rc < 0) {
		report(state, DOC_FAIL, why, "correct or remove the file, then "
		    "run ucjob login");
		return;
	}
	if (rc == 0) {
		report(state, DOC_SKIP, "token: none stored (run ucjob login to "
		    "use your UCloud account)", NULL);
		return;
	}
	account_time(expires, when, sizeof(when));
	if (token_kind(token) == TOKEN_REFRESH)
		(void)snprintf(what, sizeof(what), "token: a browser refresh "
		    "token in %s (it ends 14 days after its login)", path);
	else if (expires >= 0 && expires < (long long)time(NULL) * 1000) {
		(void)snprintf(what, sizeof(what), "token: the API token in %s "
		    "expired %s", path, when);
		report(state, DOC_FAIL, what, "make a new one in UCloud: "
		    "Resources \342\206\222 API tokens, then run ucjob login");
		secret_wipe(token, sizeof(token));
		return;
	} else
		(void)snprintf(what, sizeof(what), "token: an API token in %s%s%s",
		    path, expires >= 0 ? ", expires " : "",
		    expires >= 0 ? when : "");
	secret_wipe(token, sizeof(token));
	report(state, DOC_OK, what, NULL);
}
