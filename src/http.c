/*
 * http: requests through the system curl (see http.h).  It owns curl's
 * argv and config text, the parsing of its captured output and the
 * mapping of every way a request fails to one message.  It never prints
 * and never lets the token into an argv or a message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "http.h"
#include "secret.h"
#include "spawn.h"
#include "validate.h"
#include "xmalloc.h"

/* Marks the status curl writes after the body (-w). */
#define STATUS_MARK	"\nucjob-http-status:"
/* Seconds curl may spend connecting, within the request's limit. */
#define CONNECT_MAX_S	10
/* How long past its own limit curl may take before it is killed. */
#define GRACE_MS	5000
/* The longest server "why" shown. */
#define WHY_MAX		200

static const char *method_names[] = { "GET", "POST", "DELETE" };

static void	server_why(const char *, size_t, char *, size_t);
static const char *curl_failure(int);
static void	curl_config(const struct http_client *, enum http_method,
		    const char *, const char *, struct buf *);
static int	split_status(const char *, size_t, struct http_response *,
		    size_t *);

void
http_config_quote(struct buf *out, const char *s)
{
	buf_add(out, "\"", 1);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case '"':
			buf_adds(out, "\\\"");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		default:
			/* Other control characters never belong in a
			 * header or a JSON body from us: drop them. */
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				buf_add(out, s, 1);
			break;
		}
	}
	buf_add(out, "\"", 1);
}

void
http_sanitize(const char *s, size_t n, char *out, size_t outlen)
{
	visible_copy(s, n, out, outlen);
}

void
http_url_host(const char *url, char *out, size_t outlen)
{
	const char *p;
	size_t n;

	if ((p = strstr(url, "://")) != NULL)
		url = p + 3;
	n = strcspn(url, "/?#");
	if ((p = memchr(url, '@', n)) != NULL) {
		n -= (size_t)(p + 1 - url);
		url = p + 1;
	}
	http_sanitize(url, n, out, outlen);
}

int
http_query_encode(const char *s, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t j = strlen(out);
	unsigned char ch;

	for (; *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if (j + 4 > outlen)
			return -1;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch) != NULL)
			out[j++] = (char)ch;
		else {
			out[j++] = '%';
			out[j++] = hex[ch >> 4];
			out[j++] = hex[ch & 15];
		}
	}
	out[j] = '\0';
	return 0;
}

/* The server's "why" from a JSON error body, without control
 * characters, into out; "" when there is none. */
static void
server_why(const char *body, size_t len, char *out, size_t outlen)
{
	json_t *root, *why;

	out[0] = '\0';
	if (body == NULL || len == 0 ||
	    (root = json_loadb(body, len, 0, NULL)) == NULL)
		return;
	why = json_is_object(root) ? json_object_get(root, "why") : NULL;
	if (json_is_string(why))
		http_sanitize(json_string_value(why), json_string_length(why),
		    out, outlen < WHY_MAX ? outlen : WHY_MAX);
	json_decref(root);
}

static const char *
curl_failure(int code)
{
	switch (code) {
	case 1:
		return "the URL is not https";
	case 3:
		return "the URL is malformed";
	case 5:
	case 6:
		return "the host name could not be resolved";
	case 7:
		return "the connection was refused or the host is unreachable";
	case 28:
		return "no answer within the time limit (api-timeout)";
	case 35:
		return "the TLS handshake failed";
	case 51:
	case 60:
		return "its certificate is not trusted (see api-ca-file)";
	case 52:
		return "the server closed the connection without an answer";
	case 55:
	case 56:
		return "the connection broke";
	case 58:
	case 77:
		return "the CA file (api-ca-file) could not be used";
	case 63:
		return "the server's answer is too large (over 16 MiB)";
	default:
		return NULL;
	}
}

int
http_failure(int curl_exit, int start_errno, int status, const char *body,
    size_t len, const char *host, char *why, size_t whylen)
{
	char text[WHY_MAX + 1];
	const char *what;

	if (curl_exit == -1) {
		if (start_errno == ENOENT)
			(void)snprintf(why, whylen, "cannot reach %s: curl "
			    "was not found (install curl)", host);
		else
			(void)snprintf(why, whylen, "cannot reach %s: curl "
			    "could not be started: %s", host,
			    strerror(start_errno));
		return -1;
	}
	if (curl_exit != 0) {
		if ((what = curl_failure(curl_exit)) != NULL)
			(void)snprintf(why, whylen, "cannot reach %s: %s",
			    host, what);
		else
			(void)snprintf(why, whylen, "cannot reach %s: curl "
			    "failed with status %d", host, curl_exit);
		return -1;
	}
	if (status >= 200 && status <= 299)
		return 0;
	server_why(body, len, text, sizeof(text));
	if (status == 401 || status == 403)
		(void)snprintf(why, whylen, "%s: the token is expired or "
		    "revoked: run `ucjob login`", host);
	else if (status >= 500 && status <= 599)
		(void)snprintf(why, whylen, "%s: the server failed (HTTP %d)"
		    "%s%s", host, status, text[0] != '\0' ? ": " : "", text);
	else if (status == 0)
		(void)snprintf(why, whylen, "%s: no HTTP answer", host);
	else
		(void)snprintf(why, whylen, "%s: the request was refused "
		    "(HTTP %d)%s%s", host, status, text[0] != '\0' ? ": " : "",
		    text);
	return -1;
}

/* The config curl reads on its stdin: URL, method, headers, body. */
static void
curl_config(const struct http_client *cl, enum http_method method,
    const char *path, const char *body, struct buf *cfg)
{
	char *line;

	buf_adds(cfg, "url = ");
	line = xasprintf("%s%s", cl->base_url, path);
	http_config_quote(cfg, line);
	free(line);
	buf_adds(cfg, "\nrequest = ");
	http_config_quote(cfg, method_names[method]);
	buf_adds(cfg, "\nheader = \"Accept: application/json\"\n");
	if (cl->token != NULL) {
		buf_adds(cfg, "header = ");
		line = xasprintf("Authorization: Bearer %s", cl->token);
		http_config_quote(cfg, line);
		secret_wipe(line, strlen(line));
		free(line);
		buf_adds(cfg, "\n");
	}
	if (cl->project != NULL) {
		buf_adds(cfg, "header = ");
		line = xasprintf("Project: %s", cl->project);
		http_config_quote(cfg, line);
		free(line);
		buf_adds(cfg, "\n");
	}
	if (body != NULL) {
		buf_adds(cfg, "header = \"Content-Type: application/json\"\n"
		    "data-binary = ");
		http_config_quote(cfg, body);
		buf_adds(cfg, "\n");
	}
}

/* Split curl's stdout into the body (its length in *bodylen) and the
 * status written after it. */
static int
split_status(const char *out, size_t len, struct http_response *res,
    size_t *bodylen)
{
	size_t mark = sizeof(STATUS_MARK) - 1, i;
	int status = 0;

	if (out == NULL || len < mark)
		return -1;
	for (i = len - mark + 1; i-- > 0;)
		if (memcmp(out + i, STATUS_MARK, mark) == 0)
			break;
	if (i == (size_t)-1)
		return -1;
	*bodylen = i;
	for (i += mark; i < len && out[i] >= '0' && out[i] <= '9' &&
	    status < 1000; i++)
		status = status * 10 + (out[i] - '0');
	res->status = status;
	return 0;
}

int
http_request(const struct http_client *cl, enum http_method method,
    const char *path, const char *body, struct http_response *res,
    char *why, size_t whylen)
{
	struct spawn_opts opts;
	struct spawn_result r;
	struct buf cfg = { NULL, 0, 0 };
	char timeout[32], connect[32], host[256], maxsize[32];
	const char *argv[20];
	size_t n = 0, bodylen = 0;
	int curl_exit, rc;

	memset(res, 0, sizeof(*res));
	http_url_host(cl->base_url, host, sizeof(host));
	(void)snprintf(timeout, sizeof(timeout), "%d", cl->timeout_s);
	(void)snprintf(maxsize, sizeof(maxsize), "%d", HTTP_BODY_MAX);
	(void)snprintf(connect, sizeof(connect), "%d",
	    cl->timeout_s < CONNECT_MAX_S ? cl->timeout_s : CONNECT_MAX_S);
	argv[n++] = cl->curl;
	argv[n++] = "-q";		/* no ~/.curlrc: must come first */
	argv[n++] = "-sS";
	argv[n++] = "--proto";
	argv[n++] = "=https";
	argv[n++] = "--max-time";
	argv[n++] = timeout;
	argv[n++] = "--connect-timeout";
	argv[n++] = connect;
	argv[n++] = "--max-filesize";	/* bounds what is held in memory */
	argv[n++] = maxsize;
	if (cl->ca_file != NULL && cl->ca_file[0] != '\0') {
		argv[n++] = "--cacert";
		argv[n++] = cl->ca_file;
	}
	argv[n++] = "-w";
	argv[n++] = "\\nucjob-http-status:%{http_code}";
	argv[n++] = "--config";
	argv[n++] = "-";
	argv[n] = NULL;

	curl_config(cl, method, path, body, &cfg);
	memset(&opts, 0, sizeof(opts));
	opts.input = cfg.data;
	opts.input_len = cfg.len;
	opts.stdout_mode = SPAWN_CAPTURE;
	opts.stderr_mode = SPAWN_CAPTURE;
	opts.timeout_ms = cl->timeout_s * 1000 + GRACE_MS;
	/* The body and the status line after it. */
	opts.capture_max = (size_t)HTTP_BODY_MAX + 64;
	memset(&r, 0, sizeof(r));
	(void)spawn_run(argv, &opts, &r);
	secret_wipe(cfg.data, cfg.len);
	buf_free(&cfg);

	if (!r.started)
		curl_exit = -1;
	else if (r.timed_out)
		curl_exit = 28;
	else if (r.signal != 0)
		curl_exit = 255;
	else
		curl_exit = r.exit_status;
	/* Past the capture the status line is lost: say what happened. */
	if (curl_exit == 0 && r.truncated) {
		(void)snprintf(why, whylen, "%s: the server's answer is too "
		    "large (over %d MiB)", host, HTTP_BODY_MAX >> 20);
		spawn_result_free(&r);
		return -1;
	}
	if (curl_exit == 0 &&
	    split_status(r.out, r.out_len, res, &bodylen) < 0) {
		(void)snprintf(why, whylen, "%s: curl gave no HTTP status",
		    host);
		spawn_result_free(&r);
		return -1;
	}
	if (curl_exit == 0) {
		if (bodylen > HTTP_BODY_MAX) {
			(void)snprintf(why, whylen, "%s: the server's answer "
			    "is too large (over %d MiB)", host,
			    HTTP_BODY_MAX >> 20);
			spawn_result_free(&r);
			return -1;
		}
		res->body = xmalloc(bodylen + 1);
		memcpy(res->body, r.out, bodylen);
		res->body[bodylen] = '\0';
		res->len = bodylen;
	}
	rc = http_failure(curl_exit, r.start_errno, res->status, res->body,
	    res->len, host, why, whylen);
	spawn_result_free(&r);
	return rc;
}

void
http_response_free(struct http_response *res)
{
	free(res->body);
	memset(res, 0, sizeof(*res));
}
