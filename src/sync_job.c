/*
 * sync_job: jobs and keys as sync, wait and `add --job` read them (see
 * sync_job.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "sshkeys_api.h"
#include "sync_job.h"
#include "xmalloc.h"

#define KEYS_PER_PAGE	250

struct key_search {
	const char	*line;
	long long	 created;
};

static int	key_match(json_t *, void *, char *, size_t);

int
sync_job_endpoint(const struct ucloud_job *job, struct endpoint *ep,
    char *why, size_t whylen)
{
	struct job_update *u;
	json_t *item, *v;
	size_t i, n;
	int rc;

	n = json_array_size(job->updates);
	u = xcalloc(n + 1, sizeof(*u));
	for (i = 0; i < n; i++) {
		item = json_array_get(job->updates, i);
		v = json_object_get(item, "state");
		u[i].state = json_is_string(v) ? json_string_value(v) : NULL;
		v = json_object_get(item, "status");
		u[i].status = json_is_string(v) ? json_string_value(v) : NULL;
	}
	rc = endpoint_from_updates(u, n, ep, why, whylen);
	free(u);
	return rc;
}

int
sync_job_retrieve(const struct http_client *cl, const char *id,
    struct ucloud_job *job, int *transient, char *why, size_t whylen)
{
	char path[256] = "/api/jobs/retrieve?includeUpdates=true&id=";
	struct http_response res;
	json_t *answer;
	int rc;

	memset(job, 0, sizeof(*job));
	*transient = 0;
	if (http_query_encode(id, path, sizeof(path)) < 0) {
		(void)snprintf(why, whylen, "the job id is too long");
		return -1;
	}
	if (http_request(cl, HTTP_GET, path, NULL, &res, why, whylen) != 0) {
		/* No answer, or the server's own failure: it may pass. */
		*transient = res.status == 0 || res.status >= 500;
		if (res.status == 404)
			(void)snprintf(why, whylen, "there is no job %s in "
			    "the token's workspace", id);
		http_response_free(&res);
		return -1;
	}
	answer = json_loadb(res.body != NULL ? res.body : "", res.len, 0,
	    NULL);
	http_response_free(&res);
	if (answer == NULL) {
		(void)snprintf(why, whylen, "the answer about job %s is not "
		    "JSON", id);
		return -1;
	}
	rc = ucloud_job_parse(answer, job, why, whylen);
	json_decref(answer);
	if (rc == 0 && strcmp(job->id, id) != 0) {
		(void)snprintf(why, whylen, "asked for job %s, the server "
		    "answered with another", id);
		ucloud_job_free(job);
		return -1;
	}
	return rc;
}

int
sync_job_final(const char *state)
{
	return strcmp(state, "SUCCESS") == 0 ||
	    strcmp(state, "FAILURE") == 0 || strcmp(state, "EXPIRED") == 0;
}

long long
sync_job_started(const struct ucloud_job *job)
{
	long long started = -1;
	json_t *item, *state, *t;
	size_t i;

	json_array_foreach(job->updates, i, item) {
		state = json_object_get(item, "state");
		t = json_object_get(item, "timestamp");
		if (json_is_string(state) && json_is_integer(t) &&
		    strcmp(json_string_value(state), "RUNNING") == 0)
			started = json_integer_value(t);
	}
	return started;
}

static int
key_match(json_t *item, void *state, char *why, size_t whylen)
{
	struct key_search *ks = state;
	const char *key;
	json_t *t;

	(void)why;
	(void)whylen;
	key = api_string(api_path(item, "specification"), "key");
	t = json_object_get(item, "createdAt");
	if (key != NULL && json_is_integer(t) && sshkey_same(key, ks->line) &&
	    json_integer_value(t) > ks->created)
		ks->created = json_integer_value(t);
	return 0;
}

int
sync_key_created(const struct http_client *cl, const char *line,
    long long *created, char *why, size_t whylen)
{
	struct key_search ks;

	ks.line = line;
	ks.created = -1;
	if (api_browse(cl, "/api/ssh/browse", "", KEYS_PER_PAGE, key_match,
	    &ks, why, whylen) != 0)
		return -1;
	*created = ks.created;
	return 0;
}
