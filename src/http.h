/*
 * http: HTTPS requests through the system curl program, run from an argv
 * array (spawn.h).  The token and every header reach curl on its stdin
 * as a config file (--config -), never in its argv.  Every request is
 * limited to https (--proto =https) and to a time limit.  The answer's
 * status and body are captured in memory, bounded.
 *
 * It never prints: failures come back as one line in why, made from
 * curl's exit status, the HTTP status and the server's "why", and never
 * holding the token.
 */
#ifndef UCJOB_HTTP_H
#define UCJOB_HTTP_H

#include <stddef.h>

/* The most of an answer kept; a longer body is an error. */
#define HTTP_BODY_MAX	(16 * 1024 * 1024)

enum http_method { HTTP_GET, HTTP_POST, HTTP_DELETE };

struct http_client {
	const char	*curl;		/* the program: "curl" ("curl.exe") */
	const char	*base_url;	/* "https://cloud.sdu.dk" */
	const char	*ca_file;	/* PEM file to trust, or NULL */
	int		 timeout_s;	/* per request, > 0 */
	const char	*token;		/* Bearer token, or NULL */
	const char	*project;	/* Project header, or NULL */
};

struct http_response {
	int	 status;	/* HTTP status, 0 when there was none */
	char	*body;		/* NUL-terminated, or NULL */
	size_t	 len;
};

/*
 * Send method to base_url + path (path starts with '/' and holds the
 * query string, already encoded), with body (JSON, or NULL) as
 * application/json.  Returns 0 on a 2xx answer; -1 otherwise with one
 * line in why (see http_failure) and *res still filled when there was an
 * answer.  The caller frees res with http_response_free.
 */
int	http_request(const struct http_client *cl, enum http_method method,
	    const char *path, const char *body, struct http_response *res,
	    char *why, size_t whylen);

void	http_response_free(struct http_response *res);

/*
 * One message for a failed exchange: curl's exit status (-1: curl could
 * not be started, start_errno says why), the HTTP status and the body's
 * "why".  host names what could not be reached.  Returns 0 when nothing
 * failed (curl 0 and a 2xx status), -1 with the message in why.  Pure.
 */
int	http_failure(int curl_exit, int start_errno, int status,
	    const char *body, size_t len, const char *host, char *why,
	    size_t whylen);

/* The host part of an https URL into out ("cloud.sdu.dk"). */
void	http_url_host(const char *url, char *out, size_t outlen);

/* Percent-encode s for a query string value, appended to out (NUL-
 * terminated, truncated to outlen).  Returns 0, or -1 when it did not
 * fit. */
int	http_query_encode(const char *s, char *out, size_t outlen);

/*
 * A value as curl's config file syntax takes it: in double quotes, with
 * '\\', '"' and control characters escaped.  Appended to out.  Pure.
 */
struct buf;
void	http_config_quote(struct buf *out, const char *s);

/* Copy s into out without control characters (each becomes '?'). */
void	http_sanitize(const char *s, size_t n, char *out, size_t outlen);

#endif
