/*
 * api: JSON calls to UCloud over http.h, read with jansson: one call,
 * and a browse that follows the pages' "next" cursor until it is null.
 * It never prints; failures come back as one line in why.
 */
#ifndef UCJOB_API_H
#define UCJOB_API_H

#include <stddef.h>

#include <jansson.h>

#include "http.h"

/* Pages followed at most before a browse gives up, and the bytes of
 * all its pages together (each page is at most HTTP_BODY_MAX). */
#define API_PAGES_MAX	1000
#define API_CURSOR_MAX	1024
#define API_BROWSE_BYTES_MAX	((size_t)256 << 20)

/*
 * Send method to path with body (NULL: none; not consumed) and parse the
 * answer as JSON into *out (NULL when out is NULL or the answer is
 * empty).  Returns 0, or -1 with why.
 */
int	api_call(const struct http_client *cl, enum http_method method,
	    const char *path, json_t *body, json_t **out, char *why,
	    size_t whylen);

/* Called for every item of every page; nonzero stops the browse and is
 * returned (with why filled by fn). */
typedef int (*api_item_fn)(json_t *item, void *state, char *why,
	    size_t whylen);

/*
 * GET path ("/api/jobs/browse") with query ("includeUpdates=true", or
 * "" for none) and itemsPerPage, page after page until next is null,
 * calling fn on each item.  A cursor seen before (pages that cycle), more
 * than API_PAGES_MAX pages or API_BROWSE_BYTES_MAX bytes in all fail.
 * Returns 0, -1 with why, or what fn returned.
 */
int	api_browse(const struct http_client *cl, const char *path,
	    const char *query, int per_page, api_item_fn fn, void *state,
	    char *why, size_t whylen);

/*
 * Parse one page: {"items":[...],"next":"cursor"|null,...}.  *items is
 * a new reference to the items array (the caller json_decref()s it);
 * next gets the cursor or "" when it is null.  Returns 0, or -1 with why
 * when the text is not such a page.  Pure.
 */
int	api_page_parse(const char *text, size_t len, json_t **items,
	    char *next, size_t nextlen, char *why, size_t whylen);

/* A string member of obj (NULL when absent, null or not a string). */
const char *api_string(json_t *obj, const char *key);

/* A member found by a dotted path ("status.state"), or NULL. */
json_t	*api_path(json_t *obj, const char *dotted);

#endif
