/*
 * api: UCloud's JSON conventions over http.h: one call, a browse that
 * pages with "next", and strict reading of a page.  No printing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "http.h"
#include "xmalloc.h"

#define URL_MAX		4096

int
api_call(const struct http_client *cl, enum http_method method,
    const char *path, json_t *body, json_t **out, char *why, size_t whylen)
{
	struct http_response res;
	json_error_t jerr;
	char *text = NULL, host[256];
	int rc;

	if (out != NULL)
		*out = NULL;
	if (body != NULL)
		text = json_dumps(body, JSON_COMPACT);
	rc = http_request(cl, method, path, text, &res, why, whylen);
	free(text);
	if (rc == 0 && out != NULL && res.len > 0 &&
	    (*out = json_loadb(res.body, res.len, 0, &jerr)) == NULL) {
		http_url_host(cl->base_url, host, sizeof(host));
		(void)snprintf(why, whylen, "%s: the answer to %s is not "
		    "JSON", host, path);
		rc = -1;
	}
	http_response_free(&res);
	return rc;
}

int
api_page_parse(const char *text, size_t len, json_t **items, char *next,
    size_t nextlen, char *why, size_t whylen)
{
	json_t *root, *n;

	*items = NULL;
	next[0] = '\0';
	if ((root = json_loadb(text, len, 0, NULL)) == NULL ||
	    !json_is_object(root)) {
		(void)snprintf(why, whylen, "the answer is not a page (not a "
		    "JSON object)");
		json_decref(root);
		return -1;
	}
	*items = json_object_get(root, "items");
	if (!json_is_array(*items)) {
		(void)snprintf(why, whylen, "the answer is not a page (no "
		    "items)");
		*items = NULL;
		json_decref(root);
		return -1;
	}
	n = json_object_get(root, "next");
	if (json_is_string(n)) {
		if (json_string_length(n) == 0 ||
		    json_string_length(n) >= nextlen ||
		    strlen(json_string_value(n)) != json_string_length(n)) {
			(void)snprintf(why, whylen, "the page's next cursor "
			    "is not usable");
			*items = NULL;
			json_decref(root);
			return -1;
		}
		memcpy(next, json_string_value(n), json_string_length(n) + 1);
	} else if (n != NULL && !json_is_null(n)) {
		(void)snprintf(why, whylen, "the page's next cursor is not a "
		    "string");
		*items = NULL;
		json_decref(root);
		return -1;
	}
	json_incref(*items);
	json_decref(root);
	return 0;
}

/* Whether cursor is among the n seen; if not, it is added. */
static int
cursor_seen(char ***seen, size_t *n, const char *cursor)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*seen)[i], cursor) == 0)
			return 1;
	*seen = xreallocarray(*seen, *n + 1, sizeof(**seen));
	(*seen)[(*n)++] = xstrdup(cursor);
	return 0;
}

static void
cursors_free(char **seen, size_t n)
{
	while (n > 0)
		free(seen[--n]);
	free(seen);
}

int
api_browse(const struct http_client *cl, const char *path, const char *query,
    int per_page, api_item_fn fn, void *state, char *why, size_t whylen)
{
	struct http_response res;
	json_t *items;
	char url[URL_MAX], next[API_CURSOR_MAX];
	char host[256], reason[256], **seen = NULL;
	size_t i, nseen = 0, total = 0;
	int page, rc = -1;

	next[0] = '\0';
	http_url_host(cl->base_url, host, sizeof(host));
	for (page = 0; page < API_PAGES_MAX; page++) {
		(void)snprintf(url, sizeof(url), "%s?itemsPerPage=%d%s%s%s",
		    path, per_page, query[0] != '\0' ? "&" : "", query,
		    next[0] != '\0' ? "&next=" : "");
		if (next[0] != '\0' &&
		    http_query_encode(next, url, sizeof(url)) < 0) {
			(void)snprintf(why, whylen, "%s: the page cursor is "
			    "too long", host);
			goto out;
		}
		if (http_request(cl, HTTP_GET, url, NULL, &res, why,
		    whylen) != 0) {
			http_response_free(&res);
			goto out;
		}
		total += res.len;
		rc = api_page_parse(res.body, res.len, &items, next,
		    sizeof(next), reason, sizeof(reason));
		http_response_free(&res);
		if (rc != 0) {
			(void)snprintf(why, whylen, "%s: %s: %s", host, path,
			    reason);
			rc = -1;
			goto out;
		}
		for (i = 0; i < json_array_size(items); i++)
			if ((rc = fn(json_array_get(items, i), state, why,
			    whylen)) != 0) {
				json_decref(items);
				goto out;
			}
		json_decref(items);
		if (next[0] == '\0')
			goto out;	/* rc is 0 */
		if (total > API_BROWSE_BYTES_MAX) {
			(void)snprintf(why, whylen, "%s: %s: the pages pass "
			    "%d MiB in all", host, path,
			    (int)(API_BROWSE_BYTES_MAX >> 20));
			rc = -1;
			goto out;
		}
		/* Pages that cycle come back to a cursor already used. */
		if (cursor_seen(&seen, &nseen, next))
			break;
	}
	(void)snprintf(why, whylen, "%s: %s: the pages do not end", host, path);
	rc = -1;
out:
	cursors_free(seen, nseen);
	return rc;
}

const char *
api_string(json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *
api_path(json_t *obj, const char *dotted)
{
	char name[64];
	size_t n;

	while (obj != NULL && *dotted != '\0') {
		n = strcspn(dotted, ".");
		if (n >= sizeof(name) || !json_is_object(obj))
			return NULL;
		memcpy(name, dotted, n);
		name[n] = '\0';
		obj = json_object_get(obj, name);
		dotted += n;
		if (*dotted == '.')
			dotted++;
	}
	return obj;
}
