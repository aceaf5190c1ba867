/*
 * ucloud: UCloud's calls for the account link (see ucloud.h).  It owns
 * the paths and shapes of those calls and the strict reading of a job.
 * It never prints and never names a token in why.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "http.h"
#include "ucloud.h"
#include "xmalloc.h"

#define JWT_MAX		8192
#define JOB_ID_MAX	32
#define JOB_TEXT_MAX	4096
#define PER_PAGE	250

struct token_search {
	long long		 id;
	struct ucloud_identity	*out;
};

static const char *const job_states[] = {
	"IN_QUEUE", "RUNNING", "CANCELING", "SUSPENDED", "SUCCESS",
	"FAILURE", "EXPIRED", NULL
};

static int	find_token(json_t *, void *, char *, size_t);
static int	collect_job(json_t *, void *, char *, size_t);
static void	copy_clean(const char *, char *, size_t);
static char	*text_field(json_t *, const char *, int, int *);
static long	base64url_decode(const char *, size_t, unsigned char *,
		    size_t);

/* Copy s without control characters (each becomes '?'). */
static void
copy_clean(const char *s, char *out, size_t outlen)
{
	http_sanitize(s, strlen(s), out, outlen);
}

int
ucloud_refresh(const struct http_client *cl, char *jwt, size_t len,
    char *why, size_t whylen)
{
	json_t *answer = NULL;
	const char *token;
	size_t n;

	if (api_call(cl, HTTP_POST, "/auth/refresh", NULL, &answer, why,
	    whylen) != 0)
		return -1;
	token = api_string(answer, "accessToken");
	n = token != NULL ? strlen(token) : 0;
	if (n == 0 || n >= len || n >= JWT_MAX ||
	    strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_.") != n) {
		(void)snprintf(why, whylen, "/auth/refresh gave no usable "
		    "access token");
		json_decref(answer);
		return -1;
	}
	memcpy(jwt, token, n + 1);
	json_decref(answer);
	return 0;
}

int
ucloud_logout(const struct http_client *cl, char *why, size_t whylen)
{
	struct http_response res;
	int rc;

	rc = http_request(cl, HTTP_POST, "/auth/logout", NULL, &res, why,
	    whylen);
	if (rc != 0 && (res.status == 401 || res.status == 403))
		rc = 1;
	http_response_free(&res);
	return rc;
}

int
ucloud_check(const struct http_client *cl, char *why, size_t whylen)
{
	return api_call(cl, HTTP_GET, "/api/jobs/browse?itemsPerPage=10",
	    NULL, NULL, why, whylen);
}

static int
find_token(json_t *item, void *state, char *why, size_t whylen)
{
	struct token_search *ts = state;
	const char *id, *s;
	json_t *v;
	char *end;

	(void)why;
	(void)whylen;
	if ((id = api_string(item, "id")) == NULL ||
	    strtoll(id, &end, 10) != ts->id || *end != '\0' || *id == '\0')
		return 0;
	ts->out->identified = 1;
	if ((s = api_string(api_path(item, "owner"), "createdBy")) != NULL)
		copy_clean(s, ts->out->user, sizeof(ts->out->user));
	if ((s = api_string(api_path(item, "owner"), "project")) != NULL)
		copy_clean(s, ts->out->project, sizeof(ts->out->project));
	v = api_path(item, "specification.expiresAt");
	if (json_is_integer(v))
		ts->out->expires = json_integer_value(v);
	return 0;
}

int
ucloud_api_token_identity(const struct http_client *cl, const char *token,
    struct ucloud_identity *id, char *why, size_t whylen)
{
	struct token_search ts;
	char hex[20];
	size_t n;

	memset(id, 0, sizeof(*id));
	id->expires = -1;
	n = strcspn(token + 2, "-");
	if (strncmp(token, "uc", 2) != 0 || n == 0 || n >= sizeof(hex)) {
		(void)snprintf(why, whylen, "not an API token");
		return -1;
	}
	memcpy(hex, token + 2, n);
	hex[n] = '\0';
	ts.id = strtoll(hex, NULL, 16);
	ts.out = id;
	return api_browse(cl, "/api/tokens/browse", "", PER_PAGE, find_token,
	    &ts, why, whylen);
}

/*
 * Decode n characters of unpadded base64url (RFC 4648 section 5), as a
 * JWT's parts are written.  Returns the number of bytes, or -1.
 */
static long
base64url_decode(const char *in, size_t n, unsigned char *out,
    size_t outsize)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const char *at;
	unsigned long bits = 0;
	size_t i, len = 0;
	int nbits = 0;

	if (n % 4 == 1)
		return -1;
	for (i = 0; i < n; i++) {
		if (in[i] == '\0' || (at = strchr(alphabet, in[i])) == NULL)
			return -1;
		bits = (bits << 6 | (unsigned long)(at - alphabet)) & 0xffffff;
		if ((nbits += 6) >= 8) {
			nbits -= 8;
			if (len >= outsize)
				return -1;
			out[len++] = (unsigned char)(bits >> nbits);
		}
	}
	return (long)len;
}

int
ucloud_jwt_identity(const char *jwt, struct ucloud_identity *id)
{
	unsigned char decoded[JWT_MAX];
	const char *p, *end, *sub;
	json_t *payload, *exp;
	long got;

	memset(id, 0, sizeof(*id));
	id->expires = -1;
	if ((p = strchr(jwt, '.')) == NULL || (end = strchr(++p, '.')) == NULL)
		return -1;
	if ((got = base64url_decode(p, (size_t)(end - p), decoded,
	    sizeof(decoded))) < 0)
		return -1;
	if ((payload = json_loadb((const char *)decoded, (size_t)got, 0,
	    NULL)) == NULL)
		return -1;
	if ((sub = api_string(payload, "sub")) != NULL) {
		copy_clean(sub, id->user, sizeof(id->user));
		id->identified = 1;
	}
	exp = json_object_get(payload, "exp");
	/* Seconds that do not fit in milliseconds leave the expiry unknown. */
	if (json_is_integer(exp) && json_integer_value(exp) >= 0 &&
	    json_integer_value(exp) <= LLONG_MAX / 1000)
		id->expires = (long long)json_integer_value(exp) * 1000;
	json_decref(payload);
	return id->identified ? 0 : -1;
}

int
ucloud_project_title(const struct http_client *cl, const char *project,
    char *title, size_t len, char *why, size_t whylen)
{
	json_t *answer = NULL;
	const char *t;
	char path[512] = "/api/projects/v2/retrieve?id=";

	title[0] = '\0';
	if (http_query_encode(project, path, sizeof(path)) < 0) {
		(void)snprintf(why, whylen, "the project id is too long");
		return -1;
	}
	if (api_call(cl, HTTP_GET, path, NULL, &answer, why, whylen) != 0)
		return -1;
	if ((t = api_string(api_path(answer, "specification"), "title")) ==
	    NULL) {
		(void)snprintf(why, whylen, "the project has no title");
		json_decref(answer);
		return -1;
	}
	copy_clean(t, title, len);
	json_decref(answer);
	return 0;
}

/* A string member: NULL when absent or null (allowed when nullable),
 * *bad set when it has another type or is too long. */
static char *
text_field(json_t *obj, const char *dotted, int nullable, int *bad)
{
	json_t *v = api_path(obj, dotted);

	if (v == NULL || json_is_null(v)) {
		if (!nullable)
			*bad = 1;
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) > JOB_TEXT_MAX ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		*bad = 1;
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

int
ucloud_job_parse(json_t *item, struct ucloud_job *job, char *why,
    size_t whylen)
{
	json_t *v;
	size_t i, n;
	int bad = 0, known = 0;

	memset(job, 0, sizeof(*job));
	job->expires = -1;
	job->id = text_field(item, "id", 0, &bad);
	job->name = text_field(item, "specification.name", 1, &bad);
	job->application = text_field(item, "specification.application.name",
	    1, &bad);
	job->state = text_field(item, "status.state", 0, &bad);
	job->created_by = text_field(item, "owner.createdBy", 0, &bad);
	if (!bad) {
		n = strlen(job->id);
		bad = n == 0 || n > JOB_ID_MAX ||
		    strspn(job->id, "0123456789") != n;
	}
	for (i = 0; !bad && job_states[i] != NULL; i++)
		known |= strcmp(job->state, job_states[i]) == 0;
	v = api_path(item, "status.expiresAt");
	if (json_is_integer(v))
		job->expires = json_integer_value(v);
	else if (v != NULL && !json_is_null(v))
		bad = 1;
	v = json_object_get(item, "updates");
	if (v == NULL || json_is_array(v))
		job->updates = v != NULL ? json_incref(v) : json_array();
	else
		bad = 1;
	if (bad || !known) {
		(void)snprintf(why, whylen, "a job in the answer is not "
		    "well-formed (id, state, owner or updates)");
		ucloud_job_free(job);
		return -1;
	}
	return 0;
}

static int
collect_job(json_t *item, void *state, char *why, size_t whylen)
{
	struct ucloud_jobs *jobs = state;
	struct ucloud_job job;

	if (jobs->n >= UCLOUD_JOBS_MAX) {
		(void)snprintf(why, whylen, "more than %d queued and running "
		    "jobs: ucjob lists at most that many", UCLOUD_JOBS_MAX);
		return -1;
	}
	if (ucloud_job_parse(item, &job, why, whylen) != 0)
		return -1;
	jobs->v = xreallocarray(jobs->v, jobs->n + 1, sizeof(*jobs->v));
	jobs->v[jobs->n++] = job;
	return 0;
}

/* Order jobs by id (digits: the shorter is less), then as they came. */
static int
by_id(const void *a, const void *b)
{
	const struct ucloud_job *x = *(struct ucloud_job *const *)a;
	const struct ucloud_job *y = *(struct ucloud_job *const *)b;
	size_t nx = strlen(x->id), ny = strlen(y->id);
	int c;

	if (nx != ny)
		return nx < ny ? -1 : 1;
	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/*
 * A job that moved on between two browses is listed twice: keep the
 * first.  Sorting pointers to the jobs finds the repeats in n log n.
 */
static void
drop_repeats(struct ucloud_jobs *jobs)
{
	struct ucloud_job **p;
	size_t i, j;

	if (jobs->n < 2)
		return;
	p = xreallocarray(NULL, jobs->n, sizeof(*p));
	for (i = 0; i < jobs->n; i++)
		p[i] = &jobs->v[i];
	qsort(p, jobs->n, sizeof(*p), by_id);
	/* p[j] is the first of its id; a repeat is freed (id NULL). */
	for (i = 1, j = 0; i < jobs->n; i++) {
		if (strcmp(p[i]->id, p[j]->id) == 0)
			ucloud_job_free(p[i]);
		else
			j = i;
	}
	free(p);
	for (i = 0, j = 0; i < jobs->n; i++)
		if (jobs->v[i].id != NULL)
			jobs->v[j++] = jobs->v[i];
	jobs->n = j;
}

int
ucloud_jobs_active(const struct http_client *cl, const char *created_by,
    struct ucloud_jobs *jobs, char *why, size_t whylen)
{
	static const char *const states[] = { "IN_QUEUE", "RUNNING" };
	char query[512];
	size_t i;

	memset(jobs, 0, sizeof(*jobs));
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		(void)snprintf(query, sizeof(query),
		    "includeUpdates=true&filterState=%s%s", states[i],
		    created_by != NULL ? "&filterCreatedBy=" : "");
		if (created_by != NULL &&
		    http_query_encode(created_by, query, sizeof(query)) < 0) {
			(void)snprintf(why, whylen, "the user name is too "
			    "long");
			return -1;
		}
		if (api_browse(cl, "/api/jobs/browse", query, PER_PAGE,
		    collect_job, jobs, why, whylen) != 0) {
			ucloud_jobs_free(jobs);
			return -1;
		}
	}
	drop_repeats(jobs);
	return 0;
}

int
ucloud_job_retrieve(const struct http_client *cl, const char *id,
    struct ucloud_job *job, char *why, size_t whylen)
{
	json_t *answer = NULL;
	char path[128];
	int rc;

	memset(job, 0, sizeof(*job));
	if (strlen(id) == 0 || strlen(id) > JOB_ID_MAX ||
	    strspn(id, "0123456789") != strlen(id)) {
		(void)snprintf(why, whylen, "'%s' is not a job id", id);
		return -1;
	}
	(void)snprintf(path, sizeof(path),
	    "/api/jobs/retrieve?includeUpdates=true&id=%s", id);
	if (api_call(cl, HTTP_GET, path, NULL, &answer, why, whylen) != 0)
		return -1;
	rc = ucloud_job_parse(answer, job, why, whylen);
	json_decref(answer);
	return rc;
}

void
ucloud_job_free(struct ucloud_job *job)
{
	free(job->id);
	free(job->name);
	free(job->application);
	free(job->state);
	free(job->created_by);
	json_decref(job->updates);
	memset(job, 0, sizeof(*job));
}

void
ucloud_jobs_free(struct ucloud_jobs *jobs)
{
	size_t i;

	for (i = 0; i < jobs->n; i++)
		ucloud_job_free(&jobs->v[i]);
	free(jobs->v);
	memset(jobs, 0, sizeof(*jobs));
}
