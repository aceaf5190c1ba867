/*
 * ucloud: the UCloud calls ucjob makes, over api.h: the refresh
 * exchange and logout of a browser session, who a token belongs to, a
 * project's title, and the user's jobs.  What the server sends is
 * untrusted: a job is taken only when its fields have the expected
 * types and forms.  It never prints.
 */
#ifndef UCJOB_UCLOUD_H
#define UCJOB_UCLOUD_H

#include <stddef.h>

#include <jansson.h>

#include "http.h"

#define UCLOUD_NAME_MAX	256
/* The most queued and running jobs ucjob lists; past it, jobs fails. */
#define UCLOUD_JOBS_MAX	20000

/* Whom a token covers; "" and -1 where unknown. */
struct ucloud_identity {
	char		user[UCLOUD_NAME_MAX];
	char		project[UCLOUD_NAME_MAX];	/* "": personal */
	long long	expires;			/* Unix ms */
	int		identified;	/* the token was found and read */
};

/* One job, as far as ucjob uses it.  Strings are the server's (checked
 * for type, not stripped of control characters). */
struct ucloud_job {
	char		*id;		/* digits */
	char		*name;		/* NULL: none */
	char		*application;	/* NULL: unknown */
	char		*state;		/* IN_QUEUE, RUNNING, ... */
	char		*created_by;
	long long	 expires;	/* Unix ms, or -1 */
	json_t		*updates;	/* the updates array (a reference) */
};

struct ucloud_jobs {
	struct ucloud_job	*v;
	size_t			 n;
};

/* POST /auth/refresh with cl's token (a refresh token): the access
 * token into jwt.  0, or -1 with why. */
int	ucloud_refresh(const struct http_client *cl, char *jwt, size_t len,
	    char *why, size_t whylen);

/* POST /auth/logout with cl's token (a refresh token): 0 when the
 * session ended, 1 when the server refused the token (401 or 403: the
 * session was over already), -1 with why on another failure. */
int	ucloud_logout(const struct http_client *cl, char *why, size_t whylen);

/* Any end-user call, to tell whether cl's token works. */
int	ucloud_check(const struct http_client *cl, char *why, size_t whylen);

/* Find the API token (cl's) among /api/tokens/browse by its hex id. */
int	ucloud_api_token_identity(const struct http_client *cl,
	    const char *token, struct ucloud_identity *id, char *why,
	    size_t whylen);

/* The user ("sub") and expiry ("exp") a JWT's payload names.  Pure:
 * nothing is verified, it only says what the server told.  0 or -1. */
int	ucloud_jwt_identity(const char *jwt, struct ucloud_identity *id);

/* GET /api/projects/v2/retrieve: the project's title (control
 * characters replaced). */
int	ucloud_project_title(const struct http_client *cl, const char *project,
	    char *title, size_t len, char *why, size_t whylen);

/* The queued and running jobs (each state browsed with its updates),
 * of created_by only unless it is NULL; each job once, in the order
 * first seen.  More than UCLOUD_JOBS_MAX fail. */
int	ucloud_jobs_active(const struct http_client *cl, const char *created_by,
	    struct ucloud_jobs *jobs, char *why, size_t whylen);

/* GET /api/jobs/retrieve: job id (digits) with its updates, as the
 * token's workspace sees it.  0, or -1 with why (also when the job is
 * not found: UCloud says so for another workspace's job too). */
int	ucloud_job_retrieve(const struct http_client *cl, const char *id,
	    struct ucloud_job *job, char *why, size_t whylen);

/* Read one job object; 0, or -1 with why.  Pure. */
int	ucloud_job_parse(json_t *item, struct ucloud_job *job, char *why,
	    size_t whylen);

void	ucloud_job_free(struct ucloud_job *job);
void	ucloud_jobs_free(struct ucloud_jobs *jobs);

#endif
